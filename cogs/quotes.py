"""`/quote`: find a half-remembered quote, page through the hits, see its context."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import search, summaries
from bot.discord_app import render
from bot.discord_app.client import PodquoteBot
from bot.results import QuoteAnswer
from cogs.checks import member_rate_limit
from cogs.replies import reply, within_deadline
from cogs.views import DidYouMeanView, QuotePager

log = logging.getLogger(__name__)

RESULTS = 5
MAX_QUERY = 300


class Quotes(commands.Cog):
    """Quote search."""

    def __init__(self, bot: PodquoteBot) -> None:
        self.bot = bot

    @app_commands.command(name="quote", description="Find a quote you half remember from a podcast episode")
    @app_commands.describe(
        text="What you remember of it, in your own words",
        speaker="Only quotes by this person",
        episode="Only quotes from this episode",
        show="Only quotes from this show's episodes",
    )
    @member_rate_limit()
    async def quote(
        self,
        interaction: discord.Interaction[PodquoteBot],
        text: app_commands.Range[str, 1, MAX_QUERY],
        speaker: app_commands.Range[str, 1, 100] | None = None,
        episode: app_commands.Range[str, 1, 100] | None = None,
        show: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        work = search.search_quotes(self.bot.store, text, limit=RESULTS, speaker=speaker, episode=episode, show=show)
        answer = await within_deadline(interaction, work)
        await self.send_answer(interaction, answer)

    async def send_answer(self, interaction: discord.Interaction[PodquoteBot], answer: QuoteAnswer) -> None:
        owner = interaction.user.id
        if answer.hits:
            pager = QuotePager(self.bot, owner, answer.hits, took_ms=answer.took_ms)
            pager.last_interaction = interaction
            await reply(interaction, embed=pager.page(), view=pager)
        elif answer.did_you_mean and not answer.error:
            view = DidYouMeanView(self.bot, owner, answer.did_you_mean, took_ms=answer.took_ms)
            view.last_interaction = interaction
            await reply(interaction, content=render.render_no_match(answer), view=view)
        else:
            await reply(interaction, content=render.render_no_match(answer), ephemeral=True)

    @quote.autocomplete("speaker")
    async def speaker_choices(
        self, interaction: discord.Interaction[PodquoteBot], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            names = await self.bot.store.speaker_names(current[:100], limit=25)
        except Exception:  # autocomplete must answer, never raise
            log.exception("speaker autocomplete failed for %r", current)
            return []
        return [app_commands.Choice(name=render.clamp_option(n), value=n) for n in names if len(n) <= 100]

    @quote.autocomplete("show")
    async def show_choices(
        self, interaction: discord.Interaction[PodquoteBot], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            names = await self.bot.store.show_names(current[:100], limit=25)
        except Exception:  # autocomplete must answer, never raise
            log.exception("show autocomplete failed for %r", current)
            return []
        return [app_commands.Choice(name=render.clamp_option(n), value=n) for n in names if len(n) <= 100]

    @quote.autocomplete("episode")
    async def episode_choices(
        self, interaction: discord.Interaction[PodquoteBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await episode_autocomplete(self.bot, current)


async def episode_autocomplete(bot: PodquoteBot, current: str) -> list[app_commands.Choice[str]]:
    """Up to 25 episodes matching what the member typed; never raises."""
    try:
        episodes = await summaries.episode_choices(bot.store, current[:100], limit=25)
    except Exception:  # autocomplete must answer, never raise
        log.exception("episode autocomplete failed for %r", current)
        return []
    return [app_commands.Choice(name=render.episode_choice_label(e), value=e.id) for e in episodes if len(e.id) <= 100][
        :25
    ]


async def setup(bot: PodquoteBot) -> None:
    await bot.add_cog(Quotes(bot))

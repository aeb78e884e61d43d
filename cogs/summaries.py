"""`/summary`: an episode's summary (asking in your own words goes through the questions cog)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import summaries
from bot.discord_app import render
from bot.discord_app.client import PodquoteBot
from bot.results import SummaryAnswer
from cogs.checks import member_rate_limit
from cogs.quotes import episode_autocomplete
from cogs.replies import reply, within_deadline
from cogs.views import EpisodePicker, summary_message

log = logging.getLogger(__name__)


class Summaries(commands.Cog):
    """Summaries on request."""

    def __init__(self, bot: PodquoteBot) -> None:
        self.bot = bot

    @app_commands.command(name="summary", description="Summarise a podcast episode")
    @app_commands.describe(episode="The episode: start typing its title or show")
    @member_rate_limit()
    async def summary(
        self, interaction: discord.Interaction[PodquoteBot], episode: app_commands.Range[str, 1, 100]
    ) -> None:
        answer = await within_deadline(interaction, self._summary(episode))
        if answer.candidates and answer.summary is None:
            picker = EpisodePicker(self.bot, interaction.user.id, answer.candidates)
            picker.last_interaction = interaction
            await reply(interaction, content=render.render_candidates(answer), view=picker)
            return
        await reply(interaction, **summary_message(answer), ephemeral=answer.summary is None)

    @summary.autocomplete("episode")
    async def episode_choices(
        self, interaction: discord.Interaction[PodquoteBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await episode_autocomplete(self.bot, current)

    async def _summary(self, episode: str) -> SummaryAnswer:
        answer = await summaries.summary_for_episode(self.bot.store, episode)
        if answer.episode is None and not answer.candidates:  # typed text rather than a picked episode
            answer = await summaries.answer_summary_request(self.bot.store, episode)
        return answer


async def setup(bot: PodquoteBot) -> None:
    await bot.add_cog(Summaries(bot))

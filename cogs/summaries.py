"""Episode summaries: mention the bot (or reply to it) asking in your own words, or use `/summary`."""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot import summaries
from bot.discord_app import render
from bot.discord_app.client import APOLOGY, PodquoteBot
from bot.results import SummaryAnswer
from cogs.checks import MemberCooldown, search_cooldown
from cogs.quotes import episode_autocomplete
from cogs.replies import reply, within_deadline
from cogs.views import EpisodePicker, summary_message

log = logging.getLogger(__name__)

USAGE = (
    "Ask me for a summary in your own words, for example: "
    "“@podquote summarise the episode about Postgres and AI”. You can also use /summary."
)


class Summaries(commands.Cog):
    """Summaries on request."""

    def __init__(self, bot: PodquoteBot) -> None:
        self.bot = bot
        self.cooldown = MemberCooldown()

    @app_commands.command(name="summary", description="Summarise a podcast episode")
    @app_commands.describe(episode="The episode: start typing its title or show")
    @search_cooldown()
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

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if not self.is_addressed(message):
            return
        try:
            await self.answer(message)
        except Exception:
            log.exception("answering message %s failed", message.id)
            await self.send(message, content=APOLOGY)

    def is_addressed(self, message: discord.Message) -> bool:
        """A member's message that mentions the bot, replies to it, or is a direct message to it."""
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id:
            return False
        if message.guild is None or any(user.id == me.id for user in message.mentions):
            return True
        resolved = message.reference.resolved if message.reference else None
        if isinstance(resolved, discord.Message) and resolved.author.id == me.id:
            return True
        role = message.guild.self_role
        return role is not None and role in message.role_mentions

    async def answer(self, message: discord.Message) -> None:
        request = self.request_text(message)
        if not request:
            await self.send(message, content=USAGE)
            return
        retry = self.cooldown.retry_after(message.author.id)
        if retry is not None:
            await self.send(message, content=f"You're going fast: try again in {max(retry, 1):.0f} s.")
            return
        answer = await summaries.answer_summary_request(self.bot.store, request)
        if answer.candidates and answer.summary is None:
            picker = EpisodePicker(self.bot, message.author.id, answer.candidates)
            picker.message = await self.send(message, content=render.render_candidates(answer), view=picker)
            return
        await self.send(message, **summary_message(answer))

    def request_text(self, message: discord.Message) -> str:
        """The message without the mentions that addressed the bot."""
        assert self.bot.user is not None
        tokens = [rf"<@!?{self.bot.user.id}>"]
        if message.guild is not None and message.guild.self_role is not None:
            tokens.append(rf"<@&{message.guild.self_role.id}>")
        return " ".join(re.sub("|".join(tokens), " ", message.content).split())

    async def send(
        self,
        message: discord.Message,
        *,
        content: str | None = None,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
    ) -> discord.Message:
        """Reply in the channel without pinging anyone, even the member replied to."""
        kwargs = {"view": view} if view is not None else {}
        return await message.channel.send(
            content=render.clamp_content(content) if content else None,
            embed=embed,
            reference=message.to_reference(fail_if_not_exists=False),
            mention_author=False,
            allowed_mentions=discord.AllowedMentions.none(),
            **kwargs,
        )


async def setup(bot: PodquoteBot) -> None:
    await bot.add_cog(Summaries(bot))

"""Questions about the episodes: `/ask`, and messages that mention the bot, reply to it or are sent to it directly.

Everything goes through `bot.questions`; this cog only reads the question, applies the member rate limit, and
posts the answer (paged, with its buttons) without pinging anyone.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import questions
from bot.discord_app import render
from bot.discord_app.client import APOLOGY, PodquoteBot
from bot.questions.followup import HINT, AnswerContext, FollowUp, read_follow_up
from cogs.checks import is_admin_member, member_rate_limit, rate_limit_message
from cogs.replies import reply, within_deadline
from cogs.views import AnswerView

log = logging.getLogger(__name__)

MAX_QUESTION = 500
REMEMBERED_ANSWERS = 4096  # answers whose replies are read in their context (older ones: as plain questions)


class Questions(commands.Cog):
    """Answers to members' questions, in the channel."""

    def __init__(self, bot: PodquoteBot) -> None:
        self.bot = bot
        self.contexts: OrderedDict[int, AnswerContext] = OrderedDict()  # bot message id -> what it answered

    def remember(self, message_id: int | None, context: AnswerContext | None, page: int = 0) -> None:
        """Keep what an answer was about, so a reply to it is read in that context."""
        if message_id is None or context is None:
            return
        self.contexts[message_id] = replace(context, page=page)
        self.contexts.move_to_end(message_id)
        while len(self.contexts) > REMEMBERED_ANSWERS:
            self.contexts.popitem(last=False)

    def context_replied_to(self, message: discord.Message) -> AnswerContext | None:
        """The context of the bot's answer `message` replies to, when it is one this bot remembers."""
        reference = message.reference
        return self.contexts.get(reference.message_id) if reference and reference.message_id else None

    @app_commands.command(name="ask", description="Ask about the podcast episodes in your own words")
    @app_commands.describe(question="e.g. “which episodes talk about Postgres?” or “who was on the Bob Wise one?”")
    @member_rate_limit()
    async def ask(
        self, interaction: discord.Interaction[PodquoteBot], question: app_commands.Range[str, 1, MAX_QUESTION]
    ) -> None:
        answer = await within_deadline(interaction, questions.answer_question(self.bot.store, question))
        view = AnswerView(self.bot, interaction.user.id, answer)
        view.last_interaction = interaction
        private = answer.intent == questions.Intent.HELP and not answer.episodes
        sent = await reply(interaction, embed=view.page(), view=_shown(view), ephemeral=private)
        if not private:
            self.remember(sent, answer.context)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if not self.is_addressed(message):
            return
        try:
            await self.answer(message)
        except discord.Forbidden as exc:  # no Send Messages (or Embed Links) here: nobody to tell
            log.info("cannot answer message %s in channel %s: %s", message.id, message.channel.id, exc)
        except Exception:
            log.exception("answering message %s failed", message.id)
            await self.apologise(message)

    async def apologise(self, message: discord.Message) -> None:
        """Say sorry in the channel; a listener must not raise, so a failure to send is only logged."""
        try:
            await self.send(message, content=APOLOGY)
        except discord.HTTPException as exc:
            log.warning("could not apologise for message %s: %s", message.id, exc)

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
        question = self.question_text(message)[: MAX_QUESTION * 4]
        if not is_admin_member(self.bot.settings, message.author):
            retry = self.bot.rate_limit.retry_after(message.author.id)
            if retry is not None:
                await self.tell_privately(message, rate_limit_message(retry))
                return
        replied_to_bot = self.replies_to_bot(message)
        follow_up = FollowUp(question)
        if replied_to_bot and (context := self.context_replied_to(message)) is not None:
            follow_up = read_follow_up(question, context) or FollowUp("")
        answer = await questions.answer_question(self.bot.store, follow_up.question, episode_id=follow_up.episode_id)
        if replied_to_bot and answer.intent == questions.Intent.HELP and not answer.episodes:
            await self.tell_privately(message, HINT)  # a reply that asks nothing: no help text in the channel
            return
        view = AnswerView(self.bot, message.author.id, answer, index=follow_up.page)
        view.message = await self.send(message, embed=view.page(), view=_shown(view))
        self.remember(view.message.id, answer.context, view.index)

    def replies_to_bot(self, message: discord.Message) -> bool:
        resolved = message.reference.resolved if message.reference else None
        me = self.bot.user
        return isinstance(resolved, discord.Message) and me is not None and resolved.author.id == me.id

    def question_text(self, message: discord.Message) -> str:
        """The message without the mentions that addressed the bot."""
        assert self.bot.user is not None
        tokens = [rf"<@!?{self.bot.user.id}>"]
        if message.guild is not None and message.guild.self_role is not None:
            tokens.append(rf"<@&{message.guild.self_role.id}>")
        return " ".join(re.sub("|".join(tokens), " ", message.content).split())

    async def tell_privately(self, message: discord.Message, text: str) -> None:
        """A direct message to the member (the channel is not told); nothing when their DMs are closed."""
        try:
            await message.author.send(render.clamp_content(text), allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as exc:
            log.info("could not tell member %s privately: %s", message.author.id, exc)

    async def send(
        self,
        message: discord.Message,
        *,
        content: str | None = None,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
    ) -> discord.Message:
        """Reply in the channel without pinging anyone, even the member replied to."""
        kwargs: dict[str, Any] = {"view": view} if view is not None else {}
        return await message.channel.send(
            content=render.clamp_content(content) if content else None,
            embed=embed,
            reference=message.to_reference(fail_if_not_exists=False) if can_reply(message) else None,
            mention_author=False,
            allowed_mentions=discord.AllowedMentions.none(),
            **kwargs,
        )


def can_reply(message: discord.Message) -> bool:
    """Whether the bot may reply to `message`: Discord refuses a reply (403) without Read Message History."""
    channel, me = message.channel, message.guild.me if message.guild is not None else None
    if me is None or not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
        return True  # a direct message, or a channel whose permissions are not known
    return channel.permissions_for(me).read_message_history


def _shown(view: AnswerView) -> AnswerView | None:
    """The view when it has something to press (a view without components is not sent)."""
    if view.is_empty:
        view.stop()
        return None
    return view


async def setup(bot: PodquoteBot) -> None:
    await bot.add_cog(Questions(bot))

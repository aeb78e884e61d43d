"""Buttons and pick-lists: usable only by the member who asked, disabled on timeout."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord

from bot import questions, summaries
from bot.discord_app import render
from bot.discord_app.client import APOLOGY, PodquoteBot, send_ephemeral
from bot.models import EpisodeRef
from bot.questions import QuestionAnswer
from bot.results import QuoteHit, SummaryAnswer
from cogs.cards import CardButton
from cogs.replies import embed, update, within_deadline

log = logging.getLogger(__name__)

NOT_YOURS = "Only the member who asked can use these. Run the command yourself to get your own."


class OwnedView(discord.ui.View):
    """A view that answers only its owner and disables its components when it times out."""

    def __init__(self, bot: PodquoteBot, owner_id: int) -> None:
        super().__init__(timeout=bot.view_timeout)
        self.bot = bot
        self.owner_id = owner_id
        self.last_interaction: discord.Interaction[Any] | None = None
        self.message: discord.Message | None = None

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(NOT_YOURS, ephemeral=True)
            return False
        self.last_interaction = interaction
        return True

    async def on_timeout(self) -> None:
        if self.bot.is_closed():
            return
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        try:
            if self.last_interaction is not None:
                await self.last_interaction.edit_original_response(view=self)
            elif self.message is not None:
                await self.message.edit(view=self)
        except discord.HTTPException as exc:
            log.info("could not disable a timed-out view: %s", exc)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        log.error("%s: %r failed", type(self).__name__, item, exc_info=error)
        await send_ephemeral(interaction, APOLOGY)


class QuotePager(OwnedView):
    """One hit per page: previous, next, the context around the hit, and the hit as a shareable card."""

    def __init__(
        self, bot: PodquoteBot, owner_id: int, hits: Sequence[QuoteHit], *, took_ms: float, index: int = 0
    ) -> None:
        super().__init__(bot, owner_id)
        self.hits = list(hits)
        self.took_ms = took_ms
        self.index = index
        self.showing_context = False
        if len(self.hits) < 2:
            self.remove_item(self.previous)
            self.remove_item(self.next)
        self.add_item(CardButton(self.current_hit))
        self._refresh()

    def current_hit(self) -> QuoteHit:
        return self.hits[self.index]

    def page(self) -> discord.Embed:
        hit = self.hits[self.index]
        return embed(render.render_quote_hit(hit, position=self.index + 1, total=len(self.hits), took_ms=self.took_ms))

    def _refresh(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.hits) - 1
        self.context.label = "Back to quote" if self.showing_context else "Context"

    async def _show(self, interaction: discord.Interaction[Any], index: int) -> None:
        self.index = min(max(index, 0), len(self.hits) - 1)
        self.showing_context = False
        self._refresh()
        await update(interaction, embed=self.page(), view=self)

    @discord.ui.button(label="Previous", emoji="\N{BLACK LEFT-POINTING TRIANGLE}", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction[Any], button: discord.ui.Button[QuotePager]) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label="Next", emoji="\N{BLACK RIGHT-POINTING TRIANGLE}", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction[Any], button: discord.ui.Button[QuotePager]) -> None:
        await self._show(interaction, self.index + 1)

    @discord.ui.button(label="Context", style=discord.ButtonStyle.primary)
    async def context(self, interaction: discord.Interaction[Any], button: discord.ui.Button[QuotePager]) -> None:
        if self.showing_context:
            await self._show(interaction, self.index)
            return
        hit = self.hits[self.index]
        rows = await within_deadline(interaction, self.bot.store.context(hit.segment_id), update=True)
        self.showing_context = True
        self._refresh()
        await update(interaction, embed=embed(render.render_context(hit, rows)), view=self)


class DidYouMeanView(OwnedView):
    """The closest candidates when nothing matched with confidence; picking one shows it with a pager."""

    def __init__(self, bot: PodquoteBot, owner_id: int, hits: Sequence[QuoteHit], *, took_ms: float) -> None:
        super().__init__(bot, owner_id)
        self.hits = list(hits)
        self.took_ms = took_ms
        options = [
            discord.SelectOption(label=o.label, value=o.value, description=o.description)
            for o in render.hit_options(self.hits)
        ]
        self.pick.options = options

    @discord.ui.select(placeholder="Did you mean…", min_values=1, max_values=1)
    async def pick(self, interaction: discord.Interaction[Any], select: discord.ui.Select[DidYouMeanView]) -> None:
        pager = QuotePager(self.bot, self.owner_id, self.hits, took_ms=self.took_ms, index=int(select.values[0]))
        pager.last_interaction = interaction
        self.stop()
        await update(interaction, embed=pager.page(), view=pager)


class EpisodePicker(OwnedView):
    """A pick-list of the episodes an ambiguous summary request could mean."""

    def __init__(self, bot: PodquoteBot, owner_id: int, candidates: Sequence[EpisodeRef]) -> None:
        super().__init__(bot, owner_id)
        self.candidates = list(candidates)
        self.pick.options = [
            discord.SelectOption(label=o.label, value=o.value, description=o.description)
            for o in render.candidate_options(self.candidates)
        ]

    @discord.ui.select(placeholder="Pick an episode…", min_values=1, max_values=1)
    async def pick(self, interaction: discord.Interaction[Any], select: discord.ui.Select[EpisodePicker]) -> None:
        episode = self.candidates[int(select.values[0])]
        answer = await within_deadline(
            interaction, summaries.summary_for_episode(self.bot.store, episode.id), update=True
        )
        self.stop()
        await update(interaction, **summary_message(answer))


def summary_message(answer: SummaryAnswer) -> dict[str, Any]:
    """Content and embed for a resolved summary answer (or its helpful sentence)."""
    if answer.summary is not None and answer.episode is not None:
        return {"content": None, "embed": embed(render.render_summary(answer))}
    return {"content": render.clamp_content(answer.text or "I couldn't find that episode."), "embed": None}


class AnswerView(OwnedView):
    """An answer to a question: pages (previous/next), a card of its best quote, and a pick-list of episodes when
    the question fits several; picking one answers the same question about that episode."""

    def __init__(self, bot: PodquoteBot, owner_id: int, answer: QuestionAnswer, *, index: int = 0) -> None:
        super().__init__(bot, owner_id)
        self.answer = answer
        self.index = min(max(index, 0), max(len(answer.pages) - 1, 0))
        if len(answer.pages) < 2:
            self.remove_item(self.previous)
            self.remove_item(self.next)
        if answer.candidates:
            self.pick.options = [
                discord.SelectOption(label=o.label, value=o.value, description=o.description)
                for o in render.answer_candidate_options(answer)
            ]
        else:
            self.remove_item(self.pick)
        if answer.quotes:
            self.add_item(CardButton(lambda: self.answer.quotes[0] if self.answer.quotes else None))
        self._refresh()

    @property
    def is_empty(self) -> bool:
        return not self.children

    def page(self) -> discord.Embed:
        summary = self.answer.summary
        if summary is not None and summary.summary is not None and summary.episode is not None:
            return embed(render.render_summary(summary))
        return embed(render.render_answer_page(self.answer, self.index))

    def _refresh(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.answer.pages) - 1

    @discord.ui.button(label="Previous", emoji="\N{BLACK LEFT-POINTING TRIANGLE}", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction[Any], button: discord.ui.Button[AnswerView]) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label="Next", emoji="\N{BLACK RIGHT-POINTING TRIANGLE}", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction[Any], button: discord.ui.Button[AnswerView]) -> None:
        await self._show(interaction, self.index + 1)

    async def _show(self, interaction: discord.Interaction[Any], index: int) -> None:
        self.index = min(max(index, 0), len(self.answer.pages) - 1)
        self._refresh()
        await update(interaction, embed=self.page(), view=self)

    @discord.ui.select(placeholder="Which episode?", min_values=1, max_values=1)
    async def pick(self, interaction: discord.Interaction[Any], select: discord.ui.Select[AnswerView]) -> None:
        episode = self.answer.candidates[int(select.values[0])]
        work = questions.answer_question(self.bot.store, self.answer.question, episode_id=episode.ref.id)
        answer = await within_deadline(interaction, work, update=True)
        view = AnswerView(self.bot, self.owner_id, answer)
        view.last_interaction = interaction
        self.stop()
        await update(interaction, embed=view.page(), view=view if not view.is_empty else None)

"""Keeping a store embedded while it serves: a round of embedding at start and after every reload, in the
background, with the latest progress at hand for `/reload` and `stats`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from bot.meaning.embedder import EmbedReport, embed_pending, embedding_id
from bot.meaning.encoder import Encoder, ModelMissingError, shared_encoder
from bot.meaning.index import index_of
from bot.store import Store

log = logging.getLogger(__name__)

RETRY_SECONDS = 30.0  # after a round a reload interrupted, or one that failed


class EmbeddingWorker:
    """One background task embedding what is new; `wake` it after a reload."""

    def __init__(self, store: Store, *, retry_seconds: float = RETRY_SECONDS) -> None:
        self.store = store
        self.retry_seconds = retry_seconds
        self.last: EmbedReport | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._wake.set()
            self._task = asyncio.create_task(self._run(), name="podquote-embedding")

    def wake(self) -> None:
        """Embed what a reload added (now, or as soon as the running round ends)."""
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        try:
            encoder = await asyncio.to_thread(shared_encoder)
        except ModelMissingError as exc:
            log.warning("meaning search is off: %s", exc)
            return
        while True:
            self._wake.clear()  # a wake during the round below starts another one right after it
            finished = await self._round(encoder)
            with contextlib.suppress(TimeoutError):  # an unfinished round is tried again after a while
                await asyncio.wait_for(self._wake.wait(), None if finished else self.retry_seconds)

    async def _round(self, encoder: Encoder) -> bool:
        """One round; True when everything is embedded. The index is read before and after, so that members'
        searches find it up to date rather than read a million codes themselves."""
        model = embedding_id(encoder)
        try:
            await index_of(self.store, model)
            self.last = await embed_pending(self.store, encoder, progress=self._progress)
            await index_of(self.store, model)
        except Exception:  # a bug or a closed store must not end the bot: logged, retried later
            log.exception("embedding failed")
            return False
        return not self.last.interrupted

    async def _progress(self, report: EmbedReport) -> None:
        self.last = report


@dataclass(frozen=True, slots=True)
class MeaningStatus:
    """How far embedding has got: segments embedded by the model, out of all segments."""

    model: str
    embedded: int
    total: int

    @property
    def ready(self) -> bool:
        return self.embedded >= self.total

    def sentence(self) -> str:
        if self.total == 0:
            return "Meaning search: nothing to embed yet."
        share = self.embedded / self.total
        rest = "" if self.ready else "; the rest are being embedded in the background (the words answer meanwhile)"
        return f"Meaning search: {self.embedded:,} of {self.total:,} passages embedded ({share:.0%}){rest}."

    def as_dict(self) -> dict[str, object]:
        return {"model": self.model, "embedded_segments": self.embedded, "segments": self.total}


async def meaning_status(store: Store) -> MeaningStatus | None:
    """The store's embedding progress for the shipped model (None when the model is not installed)."""
    try:
        model = embedding_id(await asyncio.to_thread(shared_encoder))
    except ModelMissingError:
        return None
    embedded, total = await store.embedding_progress(model)
    return MeaningStatus(model, embedded, total)

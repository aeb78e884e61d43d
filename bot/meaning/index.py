"""The sign-bit codes of every embedded segment, held in memory and kept in step with the store.

Only what is fully embedded is searched: an episode joins the index once all of its segments have vectors (its
vectors are written in one transaction), so nothing half-built is ever served, and until then search answers from
the words alone. A reload that changes the corpus rebuilds the index from the store; new episodes embedded in
the background are added to it without reading the others again.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.meaning.codes import as_words, nearest_codes
from bot.store import Store

VERSION_CHECK_SECONDS = 1.0
EPISODES_PER_READ = 20


@dataclass(slots=True)
class MeaningIndex:
    """Segment ids (sorted) and their codes as uint64 words, for one model."""

    model: str
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    words: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.uint64))
    episodes: set[int] = field(default_factory=set)
    corpus_version: str | None = None
    version: str | None = None
    checked_at: float = 0.0
    generation: int = -1

    def __len__(self) -> int:
        return len(self.ids)

    def nearest(self, query: np.ndarray, count: int, within: Sequence[tuple[int, int]] | None = None) -> list[int]:
        """Ids of the `count` segments whose codes are nearest the query's, only those with ids `within` the given
        (first, last) ranges when given."""
        if not len(self.ids):
            return []
        rows = self._rows_within(within) if within is not None else None
        words = self.words if rows is None else self.words[rows]
        found = nearest_codes(words, query, count)
        return [int(i) for i in (self.ids[found] if rows is None else self.ids[rows[found]])]

    def _rows_within(self, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
        parts = [
            np.arange(np.searchsorted(self.ids, first), np.searchsorted(self.ids, last, side="right"))
            for first, last in ranges
        ]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def add(self, parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        """Add (ids, words) arrays, keeping the ids sorted."""
        parts = [part for part in parts if len(part[0])]
        if not parts:
            return
        if len(self.ids):
            parts = [(self.ids, self.words), *parts]
        ids = np.concatenate([ids for ids, _words in parts])
        words = np.concatenate([words for _ids, words in parts])
        order = np.argsort(ids, kind="stable")
        self.ids, self.words = ids[order], words[order]

    def clear(self) -> None:
        empty = MeaningIndex(self.model)
        self.ids, self.words, self.episodes = empty.ids, empty.words, set()


def as_arrays(pairs: Sequence[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray]:
    """(segment id, code) rows as an id array and a uint64 word array."""
    ids = np.fromiter((segment for segment, _code in pairs), dtype=np.int64, count=len(pairs))
    codes = np.frombuffer(b"".join(code for _segment, code in pairs), dtype=np.uint8).reshape(len(pairs), -1)
    return ids, as_words(codes)


_indexes: weakref.WeakKeyDictionary[Store, MeaningIndex] = weakref.WeakKeyDictionary()
_locks: weakref.WeakKeyDictionary[Store, asyncio.Lock] = weakref.WeakKeyDictionary()


async def index_of(store: Store, model: str) -> MeaningIndex:
    """The store's index for `model`, brought up to date (asked of the store at most every second, at once after
    a reload in this process)."""
    index = _indexes.get(store)
    now = time.monotonic()
    fresh = index is not None and index.model == model and index.generation == store.corpus_generation
    if fresh and index is not None and now - index.checked_at < VERSION_CHECK_SECONDS:
        return index
    async with _locks.setdefault(store, asyncio.Lock()):
        index = _indexes.get(store)
        if index is None or index.model != model:
            index = _indexes[store] = MeaningIndex(model)
        await _refresh(store, index)
        index.checked_at, index.generation = time.monotonic(), store.corpus_generation
    return index


async def _refresh(store: Store, index: MeaningIndex) -> None:
    version = await store.vectors_version()
    if version == index.version:
        return
    corpus = await store.corpus_version()
    if corpus != index.corpus_version:  # a reload removed or replaced episodes: start again
        index.clear()
        index.corpus_version = corpus
    new = sorted(await store.embedded_episodes(index.model) - index.episodes)
    parts = []
    for start in range(0, len(new), EPISODES_PER_READ):
        pairs = await store.vector_codes(new[start : start + EPISODES_PER_READ])
        if pairs:
            parts.append(as_arrays(pairs))  # as arrays at once: a million codes as Python objects would be 250 MB
    await asyncio.to_thread(index.add, parts)
    index.episodes |= set(new)
    index.version = version

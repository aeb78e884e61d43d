"""What meaning search holds in memory, kept in step with the store: the sign-bit codes of every embedded segment
(re-ranked from the store's int8 vectors), and the int8 vectors of every description chunk (few enough to keep).

Only what is fully embedded is searched: an episode joins the index once all of its passages have vectors (its
vectors are written in one transaction), so nothing half-built is ever served, and until then search answers from
the words alone. A reload that changes the corpus rebuilds the index from the store; episodes embedded in the
background since are added to it without reading the others again.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.meaning.codes import as_words, cosines, nearest_codes
from bot.store import Store

VERSION_CHECK_SECONDS = 1.0
EPISODES_PER_READ = 20


def _ids(values: Sequence[int] = ()) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64, count=len(values))


@dataclass(slots=True)
class Rows:
    """Ids (sorted) and one row of data per id."""

    ids: np.ndarray
    data: np.ndarray

    @classmethod
    def empty(cls, width: int, dtype: type) -> Rows:
        return cls(_ids(), np.zeros((0, width), dtype=dtype))

    def __len__(self) -> int:
        return len(self.ids)

    def with_added(self, parts: Sequence[Rows]) -> Rows:
        """These rows and the parts' rows, by id."""
        parts = [part for part in (self, *parts) if len(part)]
        if not parts:
            return self
        ids = np.concatenate([part.ids for part in parts])
        data = np.concatenate([part.data for part in parts])
        order = np.argsort(ids, kind="stable")
        return Rows(ids[order], data[order])

    def within(self, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
        """Row numbers of the ids inside these (first, last) ranges."""
        parts = [
            np.arange(np.searchsorted(self.ids, first), np.searchsorted(self.ids, last, side="right"))
            for first, last in ranges
        ]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def code_rows(pairs: Sequence[tuple[int, bytes]]) -> Rows:
    """(id, sign-bit code) pairs as rows of uint64 words."""
    codes = np.frombuffer(b"".join(code for _id, code in pairs), dtype=np.uint8).reshape(len(pairs), -1)
    return Rows(_ids([ident for ident, _code in pairs]), as_words(codes))


def vector_rows(pairs: Sequence[tuple[int, bytes]]) -> Rows:
    """(id, int8 vector) pairs as rows of int8."""
    vectors = np.frombuffer(b"".join(vector for _id, vector in pairs), dtype=np.int8).reshape(len(pairs), -1)
    return Rows(_ids([ident for ident, _vector in pairs]), vectors)


@dataclass(slots=True)
class MeaningIndex:
    """Segment codes and description-chunk vectors of the episodes embedded as `model` names."""

    model: str
    segments: Rows = field(default_factory=lambda: Rows.empty(0, np.uint64))
    descriptions: Rows = field(default_factory=lambda: Rows.empty(0, np.int8))
    episodes: set[int] = field(default_factory=set)
    corpus_version: str | None = None
    version: str | None = None
    checked_at: float = 0.0
    generation: int = -1

    def __len__(self) -> int:
        return len(self.segments) + len(self.descriptions)

    def nearest_segments(
        self, query: np.ndarray, count: int, within: Sequence[tuple[int, int]] | None = None
    ) -> list[int]:
        """Ids of the `count` segments whose codes are nearest the query's, only those with ids `within` the given
        (first, last) ranges when given."""
        rows = self.segments
        if not len(rows):
            return []
        subset = rows.within(within) if within is not None else None
        words = rows.data if subset is None else rows.data[subset]
        found = nearest_codes(words, query, count)
        return [int(i) for i in (rows.ids[found] if subset is None else rows.ids[subset[found]])]

    def nearest_descriptions(self, query: np.ndarray, count: int) -> list[tuple[int, float]]:
        """(chunk id, cosine) of the `count` description chunks nearest the float query, best first."""
        rows = self.descriptions
        if not len(rows):
            return []
        scores = cosines(rows.data, query)
        best = np.argsort(-scores, kind="stable")[:count]
        return [(int(rows.ids[i]), float(scores[i])) for i in best]

    def clear(self) -> None:
        self.segments, self.descriptions = MeaningIndex(self.model).segments, MeaningIndex(self.model).descriptions
        self.episodes = set()


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
    segments: list[Rows] = []
    descriptions: list[Rows] = []
    for start in range(0, len(new), EPISODES_PER_READ):
        batch = new[start : start + EPISODES_PER_READ]
        # As arrays at once: a million codes as Python objects would take 250 MB.
        if codes := await store.vector_codes(batch):
            segments.append(code_rows(codes))
        if vectors := await store.description_vectors(batch):
            descriptions.append(vector_rows(vectors))
    index.segments = await asyncio.to_thread(index.segments.with_added, segments)
    index.descriptions = await asyncio.to_thread(index.descriptions.with_added, descriptions)
    index.episodes |= set(new)
    index.version = version

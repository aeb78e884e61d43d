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

from bot.meaning.codes import as_columns, cosines, nearest_codes
from bot.store import Store

VERSION_CHECK_SECONDS = 1.0
EPISODES_PER_READ = 20
BLOCK_CODES = 65_536  # codes per block: merging a small last block copies at most this many


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


def vector_rows(pairs: Sequence[tuple[int, bytes]]) -> Rows:
    """(id, int8 vector) pairs as rows of int8."""
    vectors = np.frombuffer(b"".join(vector for _id, vector in pairs), dtype=np.int8).reshape(len(pairs), -1)
    return Rows(_ids([ident for ident, _vector in pairs]), vectors)


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """Segment ids (sorted) and their sign-bit codes, a column per id (see `codes.as_columns`)."""

    ids: np.ndarray
    columns: np.ndarray

    @classmethod
    def of(cls, pairs: Sequence[tuple[int, bytes]]) -> CodeBlock:
        """(id, code) pairs as a block."""
        codes = np.frombuffer(b"".join(code for _id, code in pairs), dtype=np.uint8).reshape(len(pairs), -1)
        return cls(_ids([ident for ident, _code in pairs]), as_columns(codes)).sorted()

    def __len__(self) -> int:
        return len(self.ids)

    def sorted(self) -> CodeBlock:
        if not np.any(self.ids[1:] < self.ids[:-1]):
            return self
        order = np.argsort(self.ids, kind="stable")
        return CodeBlock(self.ids[order], self.columns[:, order])

    def joined(self, other: CodeBlock) -> CodeBlock:
        ids = np.concatenate([self.ids, other.ids])
        return CodeBlock(ids, np.concatenate([self.columns, other.columns], axis=1)).sorted()

    def mask(self, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
        """Which of the block's ids fall inside these (first, last) ranges."""
        firsts, lasts = np.array(ranges, dtype=np.int64).reshape(-1, 2).T
        edges = np.zeros(len(self.ids) + 1, dtype=np.int32)
        np.add.at(edges, np.searchsorted(self.ids, firsts), 1)
        np.add.at(edges, np.searchsorted(self.ids, lasts, side="right"), -1)
        return np.cumsum(edges[:-1]) > 0


@dataclass(frozen=True, slots=True)
class SegmentCodes:
    """Every embedded segment's code, in blocks of about BLOCK_CODES: adding episodes appends (or merges a small
    last block), so the codes already held are never copied, and memory never holds them twice."""

    blocks: tuple[CodeBlock, ...] = ()

    def __len__(self) -> int:
        return sum(len(block) for block in self.blocks)

    def with_added(self, part: CodeBlock) -> SegmentCodes:
        if not len(part):
            return self
        if self.blocks and len(self.blocks[-1]) < BLOCK_CODES:
            return SegmentCodes((*self.blocks[:-1], self.blocks[-1].joined(part)))
        return SegmentCodes((*self.blocks, part))

    def nearest(self, query: np.ndarray, count: int, within: Sequence[tuple[int, int]] | None = None) -> list[int]:
        """Ids of the `count` segments whose codes are nearest the query's, only those with ids `within` the given
        (first, last) ranges when given."""
        blocks = self.blocks
        allowed = np.concatenate([block.mask(within) for block in blocks]) if within is not None and blocks else None
        found = nearest_codes([block.columns for block in blocks], query, count, allowed)
        offsets = np.cumsum([0, *(len(block) for block in blocks)])
        owners = np.searchsorted(offsets, found, side="right") - 1
        return [int(blocks[b].ids[p - offsets[b]]) for b, p in zip(owners, found, strict=True)]


@dataclass(slots=True)
class MeaningIndex:
    """Segment codes and description-chunk vectors of the episodes embedded as `model` names."""

    model: str
    segments: SegmentCodes = field(default_factory=SegmentCodes)
    descriptions: Rows = field(default_factory=lambda: Rows.empty(0, np.int8))
    episodes: set[int] = field(default_factory=set)
    corpus_version: str | None = None
    version: str | None = None
    checked_at: float = 0.0
    generation: int = -1  # the store's corpus_generation when last brought up to date
    vectors_generation: int = -1  # and its vectors_generation
    reading_many: bool = False  # more than one read's worth of episodes is being added

    def __len__(self) -> int:
        return len(self.segments) + len(self.descriptions)

    def nearest_segments(
        self, query: np.ndarray, count: int, within: Sequence[tuple[int, int]] | None = None
    ) -> list[int]:
        """Ids of the `count` segments nearest the query's code (see `SegmentCodes.nearest`)."""
        return self.segments.nearest(query, count, within)

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
_switched_off: weakref.WeakSet[Store] = weakref.WeakSet()


def switch_off(store: Store) -> None:
    """No meaning search on this store in this process (PODQUOTE_MEANING=0): searches answer from the words alone,
    and neither the model nor the vectors are loaded."""
    _switched_off.add(store)


def switched_off(store: Store) -> bool:
    return store in _switched_off


_locks: weakref.WeakKeyDictionary[Store, asyncio.Lock] = weakref.WeakKeyDictionary()


async def index_of(store: Store, model: str) -> MeaningIndex:
    """The store's index for `model`, brought up to date (asked of the store at most every second, at once after
    a reload in this process). While another task reads many episodes into it (a million codes take seconds)
    the index is returned as it stands, or empty if a reload has made it stale: a member's search is then answered
    from the words rather than kept waiting."""
    index = _indexes.get(store)
    usable = index is not None and index.model == model and index.generation == store.corpus_generation
    current = usable and index is not None and index.vectors_generation == store.vectors_generation
    if current and index is not None and time.monotonic() - index.checked_at < VERSION_CHECK_SECONDS:
        return index
    lock = _locks.setdefault(store, asyncio.Lock())
    if lock.locked() and index is not None and index.reading_many:
        return index if usable else MeaningIndex(model)
    async with lock:
        index = _indexes.get(store)
        if index is None or index.model != model:
            index = _indexes[store] = MeaningIndex(model)
        generations = store.corpus_generation, store.vectors_generation  # before reading: a write meanwhile shows
        await _refresh(store, index)
        index.checked_at, (index.generation, index.vectors_generation) = time.monotonic(), generations
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
    index.reading_many = len(new) > EPISODES_PER_READ
    try:
        await _add_episodes(store, index, new)
    finally:
        index.reading_many = False
    index.version = version


async def _add_episodes(store: Store, index: MeaningIndex, new: list[int]) -> None:
    segments = index.segments
    descriptions: list[Rows] = []
    for start in range(0, len(new), EPISODES_PER_READ):
        batch = new[start : start + EPISODES_PER_READ]
        # As arrays at once, block by block: a million codes as Python objects would take 250 MB.
        if codes := await store.vector_codes(batch):
            segments = segments.with_added(CodeBlock.of(codes))
        if vectors := await store.description_vectors(batch):
            descriptions.append(vector_rows(vectors))
    index.segments = segments
    index.descriptions = await asyncio.to_thread(index.descriptions.with_added, descriptions)
    index.episodes |= set(new)

"""What search keeps in memory per corpus version: the index vocabulary (document frequencies for idf, typo
correction by first-letter bucket) and every episode's reference."""

from __future__ import annotations

import time
import weakref
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.models import EpisodeRef
from bot.store import Store

# Typos are looked for among words sharing the first letter: members rarely get that one wrong.
_PREFIX_CHARS = 1
VERSION_CHECK_SECONDS = 1.0


@dataclass(slots=True)
class Vocabulary:
    version: str | None
    df: dict[str, int]
    total_segments: int
    episodes: dict[int, EpisodeRef]  # by episode rowid
    checked_at: float = 0.0
    generation: int = 0  # the store's corpus_generation when this was checked
    _buckets: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        buckets: dict[str, list[str]] = defaultdict(list)
        for term in self.df:
            if len(term) >= _PREFIX_CHARS:
                buckets[term[:_PREFIX_CHARS]].append(term)
        self._buckets = dict(buckets)

    def correct(self, word: str) -> tuple[str, int] | None:
        """The indexed term a typo most likely meant: fewest edits, a swap of neighbours counting as one
        (1 for short words, 2 for long), then most
        common. The answer may be a stop word ("toen" for "then"): the caller decides what that means."""
        allowed = 1 if len(word) <= 5 else 2
        bucket = self._buckets.get(word[:_PREFIX_CHARS], [])
        close = process.extract(word, bucket, scorer=OSA.distance, score_cutoff=allowed, limit=None)
        if not close:
            return None
        term, _distance, _index = min(close, key=lambda hit: (hit[1], -self.df[hit[0]]))
        return term, self.df[term]


_cache: weakref.WeakKeyDictionary[Store, Vocabulary] = weakref.WeakKeyDictionary()


async def vocabulary_of(store: Store) -> Vocabulary:
    """The store's vocabulary and episodes, reloaded only when an ingest has changed the corpus.

    Whether another process changed it is asked at most every VERSION_CHECK_SECONDS (a query costs a few
    milliseconds, and a vocabulary a moment old only weighs words slightly differently); a reload in this process
    is known at once, since a reload may give a deleted episode's rowid to a new one.
    """
    cached = _cache.get(store)
    now = time.monotonic()
    generation = store.corpus_generation
    if cached is not None and cached.generation == generation and now - cached.checked_at < VERSION_CHECK_SECONDS:
        return cached
    version = await store.get_meta("corpus_version")
    if cached is not None and cached.version == version:
        cached.checked_at, cached.generation = now, generation
        return cached
    fresh = Vocabulary(version, await store.vocabulary(), await store.segment_count(), await store.episode_refs())
    fresh.checked_at, fresh.generation = now, generation
    _cache[store] = fresh
    return fresh

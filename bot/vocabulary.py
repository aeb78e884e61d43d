"""The index vocabulary held in memory: document frequencies for idf, and typo correction by prefix bucket."""

from __future__ import annotations

import weakref
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.store import Store

# Typos are looked for among words sharing the first letter: members rarely get that one wrong.
_PREFIX_CHARS = 1


@dataclass(slots=True)
class Vocabulary:
    version: str | None
    df: dict[str, int]
    total_segments: int
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
    """The store's vocabulary, reloaded only when an ingest has changed the corpus."""
    version = await store.get_meta("corpus_version")
    cached = _cache.get(store)
    if cached is not None and cached.version == version:
        return cached
    fresh = Vocabulary(version, await store.vocabulary(), await store.segment_count())
    _cache[store] = fresh
    return fresh

"""What a question means, as evidence beside its words: passages close in meaning, and rankings that fuse the two.

Meaning never decides whether a question is about the library (chat such as "lol" is as close in meaning to
some passage as a real question is); the reader does that from the words. Once a question is about something,
the passages nearest its gist add episodes and quotes the words alone miss ("anything on people being on call
too much" finds "the pager went off every night"), each shown as "close in meaning".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable, Sequence
from dataclasses import replace
from typing import TypeVar

from bot.meaning import (
    MeaningMatch,
    description_chunks,
    descriptions_by_meaning,
    gist,
    passages_by_meaning,
    similarities,
)
from bot.questions.catalog import Catalog
from bot.questions.parse import Question
from bot.results import QuoteHit
from bot.search.engine import hit_from_row
from bot.store import SegmentRow, Store

K = TypeVar("K", bound=Hashable)

# A passage below this similarity to the question's gist is no evidence of anything (chat reaches ~0.5 too, so
# this only trims the tail; which questions are about the library is decided from their words).
MIN_SIMILARITY = 0.35
PASSAGES = 30  # nearest passages read for a question
RANK_DAMPING = 3  # in fusing rankings: how much the first places count over the later ones
MEANING_WEIGHT = 0.8  # a ranking by meaning counts this much against one by the words
_ASKING = re.compile(
    r"^\s*(?:(?:is there|are there|was there|were there|do you have|got|any(?:thing)?|which|what|some|the|an?)\s+)*"
    r"(?:(?:episodes?|eps?|ones?|shows?|podcasts?)\s+)?(?:(?:that|which|where\s+\w+)\s+)?"
    r"(?:(?:talks?|talked|talking|covers?|covered|discuss(?:es|ed)?|mentions?|mentioned|gets? into|goes? into|on|about"
    r"|regarding|did (?:anyone|anybody|someone|they) (?:\w+\s+)?(?:about|on)?)\s+)*",
    re.IGNORECASE,
)


def meaning_query(question: Question) -> str:
    """The gist of a question, without its asking ("which episodes talk about", "anything on")."""
    text = _ASKING.sub("", question.clean.rstrip(" ?!.")) or question.clean
    return gist(text)


async def passages_meant(
    store: Store, catalog: Catalog, question: Question, *, within: Sequence[tuple[int, int]] | None = None
) -> list[tuple[MeaningMatch, SegmentRow]]:
    """The passages nearest the question's gist (within these id ranges), with their rows, best first."""
    matches = await passages_by_meaning(store, meaning_query(question), limit=PASSAGES, within=within)
    matches = [m for m in matches if m.similarity >= MIN_SIMILARITY]
    rows = {row.id: row for row in await store.segments_by_id([m.segment_id for m in matches])}
    return [(m, rows[m.segment_id]) for m in matches if m.segment_id in rows and row_known(catalog, rows[m.segment_id])]


async def closeness(store: Store, question: Question, rows: Sequence[SegmentRow]) -> dict[int, float]:
    """How close in meaning to the question's gist each row is (by segment id; empty when meaning is off)."""
    return await similarities(store, meaning_query(question), [row.id for row in rows])


async def descriptions_meant(
    catalog: Catalog, store: Store, question: Question, *, floor: float = MIN_SIMILARITY
) -> dict[int, tuple[float, str]]:
    """Episode rowid -> (similarity, the chunk of its title and description) nearest the question's gist."""
    found: dict[int, tuple[float, str]] = {}
    for match in await descriptions_by_meaning(store, meaning_query(question), limit=PASSAGES):
        episode = catalog.by_rowid.get(match.episode_rowid)
        if episode is None or match.similarity < floor or match.episode_rowid in found:
            continue
        chunks = _chunks(episode.ref.title, episode.description)
        if match.chunk < len(chunks):
            found[match.episode_rowid] = (match.similarity, chunks[match.chunk])
    return found


@functools.lru_cache(maxsize=1024)
def _chunks(title: str, description: str) -> tuple[str, ...]:
    """An episode's description chunks, split once for every question whose nearest chunks are its own."""
    return tuple(description_chunks(title, description))


def row_known(catalog: Catalog, row: SegmentRow) -> bool:
    return row.episode_rowid in catalog.by_rowid


def meaning_hit(catalog: Catalog, match: MeaningMatch, row: SegmentRow) -> QuoteHit:
    hit = hit_from_row(row, catalog.by_rowid[row.episode_rowid].ref, match.similarity * 100)
    return replace(hit, match="meaning")


def fuse(by_words: Sequence[K], by_meaning: Sequence[K]) -> list[K]:
    """One ranking from two (reciprocal rank fusion): the words' ranking first among equals."""
    scores: dict[K, float] = {}
    for rank, key in enumerate(by_words):
        scores[key] = scores.get(key, 0.0) + 1.0 / (RANK_DAMPING + rank + 1)
    for rank, key in enumerate(by_meaning):
        scores[key] = scores.get(key, 0.0) + MEANING_WEIGHT / (RANK_DAMPING + rank + 1)
    order = {key: i for i, key in enumerate([*by_words, *by_meaning])}
    return sorted(scores, key=lambda key: (-scores[key], order[key]))

"""Passages close in meaning to what a member wrote: the question's gist embedded, the nearest codes found,
their int8 vectors re-ranked by cosine. Only embedded episodes are searched; an empty list means meaning search
has nothing (yet) and the words alone answer."""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.meaning.codes import cosines, query_words
from bot.meaning.embedder import embedding_id
from bot.meaning.encoder import ModelMissingError, shared_encoder
from bot.meaning.index import MeaningIndex, index_of, switched_off
from bot.store import Store
from bot.store.database import DESCRIPTION_CHUNKS

log = logging.getLogger(__name__)

SHORTLIST = 200  # codes re-ranked by their int8 vectors
# How members frame a remembered moment, which says nothing of its meaning: "the bit where he says ...".
_FRAMING = re.compile(
    r"^\s*(?:(?:the|that|this|a) (?:bit|part|moment|time|segment|section|clip|quote|line|thing|story|rant)s?"
    r" (?:where|when|about|in which|that)\b|(?:when|where) (?:someone|somebody|he|she|they|the guest|the host"
    r"|one of them)\b|(?:someone|somebody|some guy|a guy|the guy|he|she|they) (?:said|says|saying|talks? about"
    r"|talking about|was saying|mentions?|mentioned)\b|(?:something|smth) (?:about|like)\b)[\s:,]*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class MeaningMatch:
    segment_id: int
    similarity: float  # cosine of the passage and the gist, -1..1


@dataclass(frozen=True, slots=True)
class DescriptionMatch:
    """A chunk of an episode's title and description (see `passages.description_chunks`) close in meaning."""

    episode_rowid: int
    chunk: int
    similarity: float


def gist(text: str) -> str:
    """What a member wrote without the framing of a remembered moment ("the bit where he says ...")."""
    stripped = _FRAMING.sub("", text).strip()
    return stripped if len(stripped.split()) >= 2 else text.strip()


async def passages_by_meaning(
    store: Store, text: str, *, limit: int = 10, within: Sequence[tuple[int, int]] | None = None
) -> list[MeaningMatch]:
    """The passages nearest `text` in meaning, best first (only ids `within` these ranges when given)."""
    found = await _query(store, text)
    if found is None:
        return []
    index, query = found
    ids = await asyncio.to_thread(index.nearest_segments, query_words(query), SHORTLIST, within)
    vectors = await store.vectors_of(ids)
    found = [segment for segment in ids if segment in vectors]
    if not found:
        return []
    matrix = np.frombuffer(b"".join(vectors[s] for s in found), dtype=np.int8).reshape(len(found), -1)
    scores = cosines(matrix, query)
    order = np.argsort(-scores, kind="stable")[:limit]
    return [MeaningMatch(found[i], float(scores[i])) for i in order]


async def similarities(store: Store, text: str, segment_ids: Sequence[int]) -> dict[int, float]:
    """How close in meaning to `text` each of these segments is (those embedded; none when meaning is off)."""
    found = await _query(store, text) if segment_ids else None
    if found is None:
        return {}
    vectors = await store.vectors_of(list(segment_ids))
    ids = list(vectors)
    if not ids:
        return {}
    matrix = np.frombuffer(b"".join(vectors[i] for i in ids), dtype=np.int8).reshape(len(ids), -1)
    return dict(zip(ids, cosines(matrix, found[1]).tolist(), strict=True))


async def descriptions_by_meaning(store: Store, text: str, *, limit: int = 10) -> list[DescriptionMatch]:
    """The episodes' title-and-description chunks nearest `text` in meaning, best first."""
    found = await _query(store, text)
    if found is None:
        return []
    index, query = found
    best = index.nearest_descriptions(query, limit)
    return [DescriptionMatch(i // DESCRIPTION_CHUNKS, i % DESCRIPTION_CHUNKS, score) for i, score in best]


async def _query(store: Store, text: str) -> tuple[MeaningIndex, np.ndarray] | None:
    """The store's index and the gist of `text` embedded; None when there is nothing to search or no model."""
    if not text.strip() or switched_off(store):
        return None
    try:
        encoder = await asyncio.to_thread(shared_encoder)
    except ModelMissingError as exc:
        log.warning("meaning search is off: %s", exc)
        return None
    index = await index_of(store, embedding_id(encoder))
    if not len(index):
        return None
    return index, await asyncio.to_thread(_embedded_gist, gist(text))


@functools.lru_cache(maxsize=256)
def _embedded_gist(text: str) -> np.ndarray:
    """A question's gist embedded once, however many searches (passages, descriptions) answering it ask."""
    vector = shared_encoder().encode([text])[0]
    vector.setflags(write=False)
    return vector

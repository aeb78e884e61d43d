"""Passages close in meaning to what a member wrote: the question's gist embedded, the nearest codes found,
their int8 vectors re-ranked by cosine. Only embedded episodes are searched; an empty list means meaning search
has nothing (yet) and the words alone answer."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.meaning.codes import cosines, query_words
from bot.meaning.encoder import ModelMissingError, shared_encoder
from bot.meaning.index import index_of
from bot.store import Store

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


def gist(text: str) -> str:
    """What a member wrote without the framing of a remembered moment ("the bit where he says ...")."""
    stripped = _FRAMING.sub("", text).strip()
    return stripped if len(stripped.split()) >= 2 else text.strip()


async def passages_by_meaning(
    store: Store, text: str, *, limit: int = 10, within: Sequence[tuple[int, int]] | None = None
) -> list[MeaningMatch]:
    """The passages nearest `text` in meaning, best first (only ids `within` these ranges when given)."""
    if not text.strip():
        return []
    try:
        encoder = await asyncio.to_thread(shared_encoder)
    except ModelMissingError as exc:
        log.warning("meaning search is off: %s", exc)
        return []
    index = await index_of(store, encoder.info.id)
    if not len(index):
        return []
    query = (await asyncio.to_thread(encoder.encode, [gist(text)]))[0]
    ids = await asyncio.to_thread(index.nearest, query_words(query), SHORTLIST, within)
    vectors = await store.vectors_of(ids)
    found = [segment for segment in ids if segment in vectors]
    if not found:
        return []
    matrix = np.frombuffer(b"".join(vectors[s] for s in found), dtype=np.int8).reshape(len(found), -1)
    scores = cosines(matrix, query)
    order = np.argsort(-scores, kind="stable")[:limit]
    return [MeaningMatch(found[i], float(scores[i])) for i in order]

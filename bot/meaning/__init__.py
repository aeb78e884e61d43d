"""Meaning search: passages found by what they mean, not only by their words, with a model shipped in the install.

`encoder` runs the model (ONNX Runtime, no torch, no network), `codes` stores and compares vectors, `index` keeps
the embedded segments' codes in memory in step with the store, `embedder` embeds what is new in the background,
and `search` finds the passages closest in meaning to what a member wrote.
"""

from bot.meaning.embedder import EmbedReport, embed_pending
from bot.meaning.encoder import Encoder, ModelMissingError, shared_encoder
from bot.meaning.index import switch_off
from bot.meaning.passages import description_chunks
from bot.meaning.search import (
    DescriptionMatch,
    MeaningMatch,
    descriptions_by_meaning,
    gist,
    passages_by_meaning,
    similarities,
)
from bot.meaning.worker import EmbeddingWorker, MeaningStatus, meaning_status

__all__ = [
    "DescriptionMatch",
    "EmbedReport",
    "EmbeddingWorker",
    "Encoder",
    "MeaningMatch",
    "MeaningStatus",
    "ModelMissingError",
    "description_chunks",
    "descriptions_by_meaning",
    "embed_pending",
    "gist",
    "meaning_status",
    "passages_by_meaning",
    "shared_encoder",
    "similarities",
    "switch_off",
]

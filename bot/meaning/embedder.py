"""Embedding what is not embedded yet: off the event loop, one episode per transaction, in the background.

Each episode's segments are read, their texts embedded (a text the store already has a vector for, say after a
reload re-read an unchanged file, is not embedded again), and the episode's vectors written in one transaction
together with the mark that it is embedded. A reload that starts meanwhile wins: the write is refused when a
reload is writing or has changed the corpus since the segments were read, and the episode is embedded again on
the next round. A kill mid-way loses at most the episode being embedded.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.meaning.codes import quantise, text_key
from bot.meaning.encoder import Encoder
from bot.meaning.passages import description_chunks
from bot.store import Store, VectorBatch, Writer

log = logging.getLogger(__name__)

Progress = Callable[["EmbedReport"], Awaitable[None]]
PASSAGES = "segments+descriptions"  # how episodes are cut into passages (see `embedding_id`)
TEXTS_PER_RUN = 128  # texts embedded per hand-off to the worker thread
# Shorter passages ("Yeah.", "Right, thanks.") carry no meaning of their own but would match chat: not embedded.
MIN_WORDS = 4


@dataclass(slots=True)
class EmbedReport:
    """How far a round of embedding got."""

    episodes: int = 0  # embedded in this round
    segments: int = 0
    texts_embedded: int = 0  # texts the model ran on (the others had vectors already)
    seconds: float = 0.0
    interrupted: bool = False  # a reload came in between; the rest waits for the next round
    embedded_segments: int = 0  # in the whole store, after the round
    total_segments: int = 0

    @property
    def per_second(self) -> float:
        return self.texts_embedded / self.seconds if self.seconds else 0.0


async def embed_pending(
    store: Store,
    encoder: Encoder,
    *,
    progress: Progress | None = None,
    limit: int | None = None,
) -> EmbedReport:
    """Embed every episode not embedded by this encoder's model yet (at most `limit` episodes)."""
    report = EmbedReport()
    started = time.perf_counter()
    pending = await store.episodes_to_embed(embedding_id(encoder))
    for rowid, first, count in pending[:limit]:
        span = (first, first + count - 1) if count else None
        batch, ran = await episode_vectors(store, encoder, rowid, span)
        if not await store.write(lambda writer, batch=batch: writer.write_vectors(batch)):
            report.interrupted = True
            break
        report.episodes += 1
        report.segments += count
        report.texts_embedded += ran
        report.seconds = time.perf_counter() - started
        if progress is not None:
            await progress(report)
    if report.episodes:
        pruned = await store.write(Writer.prune_vectors)
        log.info(
            "embedded %d episodes (%d texts) in %.1f s; %d old vectors pruned",
            report.episodes,
            report.texts_embedded,
            time.perf_counter() - started,
            pruned,
        )
    report.seconds = time.perf_counter() - started
    report.embedded_segments, report.total_segments = await store.embedding_progress(embedding_id(encoder))
    return report


async def episode_vectors(
    store: Store, encoder: Encoder, episode: int, span: tuple[int, int] | None
) -> tuple[VectorBatch, int]:
    """The episode's vectors ready to write (its segments in `span`, its title and description), and how many
    texts the model had to run on."""
    model = encoder.info.id
    version = await store.get_meta("corpus_version")
    said = await store.texts_between(*span) if span is not None else []
    segments = [(i, text) for i, text in said if len(text.split()) >= MIN_WORDS]
    chunks = [(i, text) for i, text in enumerate(description_chunks(*await store.episode_texts(episode)))]
    chunks = [(i, text) for i, text in chunks if len(text.split()) >= MIN_WORDS]
    keys = [text_key(model, text) for _id, text in segments]
    chunk_keys = [text_key(model, text) for _i, text in chunks]
    stored = await store.stored_vector_keys(list(dict.fromkeys(keys + chunk_keys)))
    texts = {key: text for key, (_id, text) in zip(keys + chunk_keys, segments + chunks, strict=True)}
    missing = [(key, text) for key, text in texts.items() if key not in stored]
    new_vectors = await _embedded(encoder, missing)
    segment_keys = [(segment_id, key) for (segment_id, _text), key in zip(segments, keys, strict=True)]
    description_keys = [(chunk, key) for (chunk, _text), key in zip(chunks, chunk_keys, strict=True)]
    marker = embedding_id(encoder)
    return VectorBatch(episode, marker, version, new_vectors, segment_keys, description_keys), len(missing)


async def _embedded(encoder: Encoder, texts: list[tuple[bytes, str]]) -> list[tuple[bytes, bytes, bytes]]:
    """(key, binary code, int8 vector) of each text, TEXTS_PER_RUN at a time off the event loop."""
    embedded: list[tuple[bytes, bytes, bytes]] = []
    for start in range(0, len(texts), TEXTS_PER_RUN):
        run = texts[start : start + TEXTS_PER_RUN]
        codes, int8 = quantise(await asyncio.to_thread(encoder.encode, [text for _key, text in run]))
        embedded += [(key, codes[i].tobytes(), int8[i].tobytes()) for i, (key, _text) in enumerate(run)]
    return embedded


def embedding_id(encoder: Encoder) -> str:
    """What an episode's `embedded` mark names: the model and how episodes are cut into passages, so a change of
    either embeds every episode again (texts already embedded by the model are not run again)."""
    return f"{encoder.info.id}:{PASSAGES}"

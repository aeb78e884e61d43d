"""Vectors as stored and searched: pure numpy, no store.

A unit vector is kept twice: as int8 (768 bytes, cosine within ~0.001 of the float vector) to re-rank the best
few, and as its sign bits (96 bytes) to find those few among millions: the share of sign bits two vectors agree
on tracks the angle between them. Searching is two-staged so that a million codes cost a few milliseconds: the
first 128 bits of every code pick a shortlist, all 768 bits order it, int8 cosines decide.
"""

from __future__ import annotations

import hashlib

import numpy as np

WORD_BITS = 64
COARSE_WORDS = 2  # 128 sign bits choose the shortlist
SHORTLIST_SHARE = 0.02  # of all codes, at least SHORTLIST_MIN
SHORTLIST_MIN = 4096
CHUNK = 131_072  # codes compared at a time, so temporaries stay in cache


def text_key(model: str, text: str) -> bytes:
    """The key of a text's vector: the same text embedded by the same model is embedded once."""
    return hashlib.blake2b(f"{model}\x00{text}".encode(), digest_size=16).digest()


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sign-bit codes as uint8 rows, int8 vectors) of float unit vectors."""
    codes = np.packbits(vectors > 0, axis=1)
    peaks = np.maximum(np.abs(vectors).max(axis=1, keepdims=True), 1e-12)
    return codes, np.round(vectors / peaks * 127).astype(np.int8)


def as_words(codes: np.ndarray) -> np.ndarray:
    """uint8 code rows as uint64 words (what the hamming distance runs on)."""
    return np.ascontiguousarray(codes).view(np.uint64)


def query_words(vector: np.ndarray) -> np.ndarray:
    return as_words(np.packbits(vector > 0)[None, :])[0]


def nearest_codes(words: np.ndarray, query: np.ndarray, count: int) -> np.ndarray:
    """Row numbers of the `count` codes nearest the query's (hamming distance), nearest first."""
    total = len(words)
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    count = min(count, total)
    shortlist = min(total, max(SHORTLIST_MIN, int(total * SHORTLIST_SHARE), count))
    candidates = _coarse_shortlist(words, query, shortlist) if shortlist < total else np.arange(total)
    distances = np.bitwise_count(words[candidates] ^ query).sum(axis=1, dtype=np.uint16)
    best = np.argpartition(distances, count - 1)[:count] if count < len(candidates) else np.arange(len(candidates))
    return candidates[best[np.argsort(distances[best], kind="stable")]]


def _coarse_shortlist(words: np.ndarray, query: np.ndarray, size: int) -> np.ndarray:
    """The `size` rows nearest the query on their first COARSE_WORDS words, chunk by chunk."""
    coarse = query[:COARSE_WORDS]
    kept_rows: list[np.ndarray] = []
    kept_distances: list[np.ndarray] = []
    for start in range(0, len(words), CHUNK):
        part = words[start : start + CHUNK, :COARSE_WORDS]
        distances = np.bitwise_count(part ^ coarse).sum(axis=1, dtype=np.uint16)
        take = min(size, len(part))
        best = np.argpartition(distances, take - 1)[:take] if take < len(part) else np.arange(len(part))
        kept_rows.append(best + start)
        kept_distances.append(distances[best])
    rows = np.concatenate(kept_rows)
    distances = np.concatenate(kept_distances)
    if len(rows) <= size:
        return rows
    return rows[np.argpartition(distances, size - 1)[:size]]


def cosines(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Cosine of each int8 row with the float unit query."""
    floats = vectors.astype(np.float32)
    norms = np.maximum(np.linalg.norm(floats, axis=1), 1e-12)
    return (floats @ query) / norms

"""Vectors as stored and searched: pure numpy, no store.

A unit vector is kept twice: as int8 (768 bytes, cosine within ~0.001 of the float vector) to re-rank the best
few, and as its sign bits (96 bytes) to find those few among millions: the share of sign bits two vectors agree
on tracks the angle between them. Searching is two-staged so that a million codes cost a few milliseconds: the
first 128 bits of every code pick a shortlist, all 768 bits order it, int8 cosines decide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

WORD_BITS = 64
COARSE_WORDS = 4  # 256 sign bits choose the shortlist (128 lost a quarter of the right passages at 100k)
SHORTLIST_SHARE = 0.01  # of all codes, at least SHORTLIST_MIN (2% finds no more of the exact nearest)
SHORTLIST_MIN = 4096
_FARTHER_THAN_ANY = np.iinfo(np.uint16).max  # what a code left out counts as in the first stage
SAMPLE_STEP = 16  # the shortlist's distance is first judged on every 16th code,
SAMPLE_MARGIN = 1.5  # aiming this much wider than the shortlist


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


def as_columns(codes: np.ndarray) -> np.ndarray:
    """uint8 code rows as one row per 64-bit word, one column per code: how the index holds them."""
    return np.ascontiguousarray(as_words(codes).T)


def query_words(vector: np.ndarray) -> np.ndarray:
    return as_words(np.packbits(vector > 0)[None, :])[0]


def nearest_codes(
    blocks: Sequence[np.ndarray], query: np.ndarray, count: int, allowed: np.ndarray | None = None
) -> np.ndarray:
    """Positions (counted across the blocks in order) of the `count` codes nearest the query's, nearest first,
    among those `allowed` (a mask over all positions) when given; each block holds its codes as `as_columns`
    does."""
    total = sum(block.shape[1] for block in blocks)
    available = total if allowed is None else int(np.count_nonzero(allowed))
    if available == 0:
        return np.zeros(0, dtype=np.int64)
    count = min(count, available)
    shortlist = min(available, max(SHORTLIST_MIN, int(available * SHORTLIST_SHARE), count))
    if shortlist < available:
        candidates = _coarse_shortlist(blocks, query, shortlist, allowed)
    else:
        candidates = np.arange(total) if allowed is None else np.flatnonzero(allowed)
    distances = _distances(blocks, np.cumsum([0, *(block.shape[1] for block in blocks)]), candidates, query)
    best = np.argpartition(distances, count - 1)[:count] if count < len(candidates) else np.arange(len(candidates))
    return candidates[best[np.argsort(distances[best], kind="stable")]]


def _coarse_shortlist(
    blocks: Sequence[np.ndarray], query: np.ndarray, size: int, allowed: np.ndarray | None = None
) -> np.ndarray:
    """Positions of the `size` codes (of those `allowed`, at least `size` of them) nearest the query on their
    first COARSE_WORDS words (ties by position), ascending."""
    sizes = [block.shape[1] for block in blocks]
    distances = np.zeros(sum(sizes), dtype=np.uint16)
    # Scratch arrays reused block after block: a million-code search allocates nothing per block.
    xored, counted = np.empty(max(sizes), dtype=np.uint64), np.empty(max(sizes), dtype=np.uint8)
    start = 0
    for block, size_of_block in zip(blocks, sizes, strict=True):
        total = distances[start : start + size_of_block]
        for word in range(min(COARSE_WORDS, len(query))):
            np.bitwise_xor(block[word], query[word], out=xored[:size_of_block])
            np.bitwise_count(xored[:size_of_block], out=counted[:size_of_block])
            np.add(total, counted[:size_of_block], out=total)
        start += size_of_block
    if allowed is not None:
        distances[~allowed] = _FARTHER_THAN_ANY
    return _nearest_positions(distances, size)


def _nearest_positions(distances: np.ndarray, size: int) -> np.ndarray:
    """Positions of the `size` smallest distances (ties by position), ascending. The distance at which the
    shortlist is full comes from a histogram (cheaper than a partial sort of a million), of the few positions a
    sample of every SAMPLE_STEP-th distance says lie within it, or of all of them when the sample misjudged."""
    candidates = np.flatnonzero(distances <= _likely_cut(distances, size))
    if len(candidates) < size:
        candidates = np.arange(len(distances))
    near = distances[candidates]
    cut = int(np.searchsorted(np.cumsum(np.bincount(near)), size))
    closer = candidates[near < cut]
    ties = candidates[near == cut][: size - len(closer)]
    return np.sort(np.concatenate([closer, ties]))


def _likely_cut(distances: np.ndarray, size: int) -> int:
    """A distance within which a sample says comfortably more than `size` of them lie."""
    sample = distances[::SAMPLE_STEP]
    wanted = min(len(sample), int(size / SAMPLE_STEP * SAMPLE_MARGIN) + 1)
    return int(np.searchsorted(np.cumsum(np.bincount(sample)), wanted))


def _distances(
    blocks: Sequence[np.ndarray], offsets: np.ndarray, positions: np.ndarray, query: np.ndarray
) -> np.ndarray:
    """Hamming distance to the query of the codes at these ascending positions."""
    bounds = np.searchsorted(positions, offsets)
    parts = [
        np.bitwise_count(block[:, positions[start:end] - offset] ^ query[:, None]).sum(axis=0, dtype=np.uint16)
        for block, offset, start, end in zip(blocks, offsets[:-1], bounds[:-1], bounds[1:], strict=True)
        if end > start
    ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint16)


def cosines(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Cosine of each int8 row with the float unit query."""
    floats = vectors.astype(np.float32)
    norms = np.maximum(np.linalg.norm(floats, axis=1), 1e-12)
    return (floats @ query) / norms

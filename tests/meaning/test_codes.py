"""Stored and searched vectors: int8 keeps the cosine, the two-stage sign-bit search finds the nearest."""

from __future__ import annotations

import numpy as np

from bot.meaning import codes
from bot.meaning.codes import as_columns, as_words, cosines, nearest_codes, quantise, query_words, text_key


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_int8_vectors_keep_the_cosine_and_keys_tell_model_and_text_apart() -> None:
    rng = np.random.default_rng(1)
    vectors = unit(rng.standard_normal((50, 768)))
    query = vectors[0]
    packed, int8 = quantise(vectors)
    assert packed.shape == (50, 96) and int8.dtype == np.int8
    assert np.allclose(cosines(int8, query), vectors @ query, atol=0.01)
    assert text_key("m", "hello") == text_key("m", "hello") != text_key("n", "hello") != text_key("m", "hello!")
    assert len(text_key("m", "hello")) == 16


def test_the_nearest_codes_are_found_in_both_stages(monkeypatch) -> None:
    rng = np.random.default_rng(2)
    base = unit(rng.standard_normal((6000, 768)))
    query = unit(rng.standard_normal((1, 768)))[0]
    planted = [17, 4242, 5999]  # near the query, among thousands that are not
    for i, row in enumerate(planted):  # cosines with the query of about 0.95, 0.85 and 0.75
        noise = unit(rng.standard_normal((1, 768)))[0]
        base[row] = unit((query + (0.3 + 0.25 * i) * noise)[None, :])[0]
    packed = quantise(base)[0]
    exact = list(np.argsort(np.bitwise_count(as_words(packed) ^ query_words(query)).sum(axis=1), kind="stable")[:3])
    assert sorted(exact) == planted
    columns = as_columns(packed)
    blocks = [columns[:, :17], columns[:, 17:4000], columns[:, 4000:]]
    assert list(nearest_codes([columns], query_words(query), 3)) == exact  # everything in one stage
    assert list(nearest_codes(blocks, query_words(query), 3)) == exact  # positions count across blocks
    monkeypatch.setattr(codes, "SHORTLIST_MIN", 64)
    monkeypatch.setattr(codes, "SHORTLIST_SHARE", 0.01)
    assert list(nearest_codes([columns], query_words(query), 3)) == exact  # a coarse shortlist of 64 first
    assert list(nearest_codes(blocks, query_words(query), 3)) == exact
    assert len(codes._coarse_shortlist(blocks, query_words(query), 64)) == 64
    assert len(nearest_codes([columns[:, :0]], query_words(query), 3)) == 0
    allowed = np.ones(6000, dtype=bool)
    allowed[exact[0]] = False  # the nearest left out: the next two and the next nearest after them
    assert list(nearest_codes(blocks, query_words(query), 2, allowed)) == exact[1:]
    few = np.zeros(6000, dtype=bool)
    few[[5, exact[2], 70]] = True  # fewer allowed than the shortlist holds: those alone
    assert nearest_codes(blocks, query_words(query), 5, few)[0] == exact[2]
    assert sorted(nearest_codes(blocks, query_words(query), 5, few)) == sorted([5, exact[2], 70])


def test_the_shortlist_is_the_smallest_distances_ties_by_position_whatever_the_sample_judged() -> None:
    rng = np.random.default_rng(3)
    spread = rng.integers(40, 200, 50_000).astype(np.uint16)
    misjudged = np.full(50_000, 100, dtype=np.uint16)
    misjudged[:: codes.SAMPLE_STEP] = 0  # the sample sees only the zeros, too few for the shortlist
    for distances in (spread, misjudged):
        for size in (1, 200, 4096, 49_999):
            expected = np.sort(np.argsort(distances, kind="stable")[:size])
            assert np.array_equal(codes._nearest_positions(distances, size), expected), size

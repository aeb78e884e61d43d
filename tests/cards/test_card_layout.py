"""Card text layout, pure: wrapping to a width, trimming between words with an ellipsis, stepping type down."""

from __future__ import annotations

from itertools import pairwise

import pytest

from bot.cards.layout import (
    ELLIPSIS,
    break_word,
    fit_block,
    fit_line,
    fit_lines,
    split_words,
    with_ellipsis,
    wrap_words,
)


def mono(text: str) -> float:
    """A monospaced font: 10 px per character."""
    return 10.0 * len(text)


def mono_at(size: int):
    return lambda text: size / 2 * len(text)


WORDS = split_words("the quick brown fox jumps over the lazy dog and keeps running far beyond the river bank")


def test_wrap_keeps_every_word_in_order_and_within_the_width() -> None:
    lines = wrap_words(WORDS, 100, mono)
    assert all(mono(line) <= 100 for line in lines)
    assert " ".join(lines).split() == WORDS
    assert len(lines) > 1
    assert all(mono(a + " " + b.split()[0]) > 100 for a, b in pairwise(lines))  # greedy


def test_a_word_wider_than_the_line_is_split_across_lines() -> None:
    assert break_word("abcdefghij", 40, mono) == ["abcd", "efgh", "ij"]
    lines = wrap_words(["hi", "abcdefghij", "yo"], 40, mono)
    assert lines == ["hi", "abcd", "efgh", "ij", "yo"]


def test_whitespace_and_newlines_collapse() -> None:
    assert split_words("  one\ntwo\t\tthree  ") == ["one", "two", "three"]


def test_trimming_happens_between_words_with_an_ellipsis() -> None:
    lines, trimmed = fit_lines(WORDS, 100, 2, mono)
    assert trimmed and len(lines) == 2
    assert lines[-1].endswith(ELLIPSIS)
    shown = " ".join(lines).removesuffix(ELLIPSIS).split()
    assert shown == WORDS[: len(shown)], "only whole words, in order, are kept"
    assert all(mono(line) <= 100 for line in lines)


def test_trimming_keeps_as_many_words_as_fit() -> None:
    lines, _ = fit_lines(WORDS, 100, 2, mono)
    kept = len(" ".join(lines).removesuffix(ELLIPSIS).split())
    assert len(wrap_words(with_ellipsis(WORDS[: kept + 1]), 100, mono)) > 2, "one more word would not fit"


def test_text_that_fits_is_not_trimmed() -> None:
    assert fit_lines(["a", "b"], 100, 1, mono) == (["a b"], False)


def test_the_ellipsis_replaces_trailing_punctuation() -> None:
    assert with_ellipsis(["well,", "you", "know,"]) == ["well,", "you", "know…"]
    assert with_ellipsis(["so", "—"]) == ["so…"]
    assert with_ellipsis([]) == [ELLIPSIS]


def test_one_line_titles_are_trimmed_at_a_word() -> None:
    title = "Inference is the new 401k matching and what we are learning"
    line = fit_line(title, 300, mono)
    assert line == "Inference is the new 401k…"
    assert fit_line("short", 300, mono) == "short"
    assert fit_line("", 300, mono) == ""


def test_a_single_word_longer_than_the_line_is_cut_to_fit() -> None:
    line = fit_line("Supercalifragilisticexpialidocious", 100, mono)
    assert line.endswith(ELLIPSIS) and mono(line) <= 100


SIZES = (80, 60, 40)


@pytest.mark.parametrize(
    ("words", "size"),
    [(3, 80), (30, 60), (60, 40)],
)
def test_type_steps_down_as_the_quote_grows(words: int, size: int) -> None:
    text = " ".join(["word"] * words)
    block = fit_block(text, 1000, sizes=SIZES, max_height=400, grow_to=800, measure_at=mono_at, leading=1.25)
    assert block.size == size
    assert not block.trimmed
    assert block.height <= 400


def test_below_the_floor_the_block_grows_then_trims() -> None:
    text = " ".join(f"w{i}" for i in range(2000))
    block = fit_block(text, 1000, sizes=SIZES, max_height=400, grow_to=800, measure_at=mono_at, leading=1.25)
    assert block.size == 40 and block.trimmed
    assert 400 < block.height <= 800
    assert block.lines[-1].endswith(ELLIPSIS)
    shown = " ".join(block.lines).removesuffix(ELLIPSIS).split()
    assert shown == text.split()[: len(shown)]


def test_sizes_never_go_below_the_floor_even_for_huge_input() -> None:
    block = fit_block("x" * 10_000, 1000, sizes=SIZES, max_height=400, grow_to=800, measure_at=mono_at)
    assert block.size == 40 and block.trimmed and block.height <= 800

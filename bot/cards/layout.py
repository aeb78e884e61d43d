"""Pure text layout for cards: wrap words to a width, trim at word boundaries, step the type size down.

Every function takes a `Measure` (text -> advance width in pixels) so it can be tested without fonts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Measure = Callable[[str], float]
MeasureAt = Callable[[int], Measure]

ELLIPSIS = "…"
_TRAILING = " ,;:—–-"


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Lines of one type size; `trimmed` when words were left out (the last line ends with an ellipsis)."""

    size: int
    lines: tuple[str, ...]
    line_height: int
    trimmed: bool = False

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


def split_words(text: str) -> list[str]:
    """The words of `text`, with runs of whitespace (newlines included) collapsed."""
    return text.split()


def wrap_words(words: Sequence[str], width: float, measure: Measure) -> list[str]:
    """Greedy wrap into lines no wider than `width`; a word wider than a line is split across lines.

    A line's width is taken as the sum of its words and spaces, so each distinct word is measured once.
    """
    space = measure(" ")
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in words:
        size = measure(word)
        if current and used + space + size <= width:
            current.append(word)
            used += space + size
            continue
        if current:
            lines.append(" ".join(current))
        pieces = break_word(word, width, measure) if size > width else [word]
        lines.extend(pieces[:-1])
        current, used = [pieces[-1]], measure(pieces[-1])
    if current:
        lines.append(" ".join(current))
    return lines


def break_word(word: str, width: float, measure: Measure) -> list[str]:
    """`word` in pieces that each fit `width` (at least one character per piece)."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and measure(current + char) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current]


def with_ellipsis(words: Sequence[str]) -> list[str]:
    """`words` ending in an ellipsis, trailing punctuation dropped (`word,` -> `word…`)."""
    kept = list(words)
    while kept:
        last = kept[-1].rstrip(_TRAILING)
        if last:
            return [*kept[:-1], last + ELLIPSIS]
        kept.pop()
    return [ELLIPSIS]


def fit_lines(words: Sequence[str], width: float, max_lines: int, measure: Measure) -> tuple[list[str], bool]:
    """At most `max_lines` wrapped lines; when the words do not fit, the longest prefix that does plus `…`.

    Trimming happens only between words, never inside one. Returns (lines, trimmed).
    """
    lines = wrap_words(words, width, measure)
    if len(lines) <= max_lines:
        return lines, False
    low, high = 0, len(words) - 1  # the largest `low` words (plus ellipsis) that fit
    while low < high:
        middle = (low + high + 1) // 2
        if len(wrap_words(with_ellipsis(words[:middle]), width, measure)) <= max_lines:
            low = middle
        else:
            high = middle - 1
    if low == 0:  # not even the first word fits: it is longer than the whole block, so it has to be cut
        return _cut_with_ellipsis(lines[:max_lines], width, measure), True
    return wrap_words(with_ellipsis(words[:low]), width, measure)[:max_lines], True


def _cut_with_ellipsis(lines: list[str], width: float, measure: Measure) -> list[str]:
    last = lines[-1]
    while last and measure(last + ELLIPSIS) > width:
        last = last[:-1]
    return [*lines[:-1], last + ELLIPSIS]


def fit_line(text: str, width: float, measure: Measure) -> str:
    """`text` on one line: whole if it fits, else trimmed at a word boundary with `…`."""
    lines, _ = fit_lines(split_words(text), width, 1, measure)
    return lines[0] if lines else ""


def fit_block(
    text: str,
    width: float,
    *,
    sizes: Sequence[int],
    max_height: int,
    grow_to: int,
    measure_at: MeasureAt,
    leading: float = 1.3,
) -> TextBlock:
    """The largest type size (of `sizes`, largest first) at which `text` fits `max_height`.

    When even the smallest size (the floor) does not fit, the block may grow to `grow_to` pixels high, and
    what still does not fit is trimmed at a word boundary.
    """
    words = split_words(text)
    for size in sizes:
        line_height = round(size * leading)
        lines = wrap_words(words, width, measure_at(size))
        if len(lines) * line_height <= max_height:
            return TextBlock(size, tuple(lines), line_height)
    floor = sizes[-1]
    line_height = round(floor * leading)
    lines, trimmed = fit_lines(words, width, max(1, grow_to // line_height), measure_at(floor))
    return TextBlock(floor, tuple(lines), line_height, trimmed)

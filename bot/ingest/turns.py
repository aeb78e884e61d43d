"""Speaker turns, and how they become quotable segments with start times.

Every parser reduces its document to a list of `Turn`s; `segments_from_turns` is the one place that decides how
long a segment is and what start time it carries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.models import Segment
from bot.text import parse_clock, squash_spaces

# A segment is at most this many words: long enough to hold a remembered line, short enough to quote.
MAX_SEGMENT_WORDS = 60
MIN_SEGMENT_WORDS = 12
# Used to estimate times where the source gives none and states no duration: ~150 words a minute.
WORDS_PER_SECOND = 2.5

INLINE_MARKER = re.compile(r"\s*\[(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\]\s*")
_ALPHANUMERIC = re.compile(r"[^\W_]")
_STAGE_DIRECTION = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=\S)")


@dataclass(slots=True)
class Turn:
    """One speaker's uninterrupted talk, its white space already collapsed by the parser.

    `marks` are (character offset in text, seconds) of the inline time markers the text held.
    """

    speaker: str | None
    text: str
    start: float | None = None
    marks: list[tuple[int, float]] = field(default_factory=list)


def strip_inline_markers(raw: str) -> tuple[str, list[tuple[int, float]]]:
    """Remove stray `[hh:mm:ss]` markers from turn text, remembering where each stood."""
    pieces: list[str] = []
    marks: list[tuple[int, float]] = []
    length = 0
    last = 0
    for match in INLINE_MARKER.finditer(raw):
        chunk = raw[last : match.start()]
        pieces.append(chunk)
        length += len(chunk)
        if length and not pieces[-1].endswith(" "):
            pieces.append(" ")
            length += 1
        marks.append((length, parse_clock(match.group(1))))
        last = match.end()
    pieces.append(raw[last:])
    text = "".join(pieces)
    stripped = text.lstrip()
    shift = len(text) - len(stripped)
    return stripped.rstrip(), [(max(0, off - shift), secs) for off, secs in marks]


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _pieces(text: str) -> list[tuple[int, str]]:
    """Cut a turn into pieces of at most MAX_SEGMENT_WORDS words at sentence ends; (offset, piece)."""
    pieces: list[tuple[int, str]] = []
    current: list[str] = []
    current_words = 0
    start = 0
    offset = 0
    for sentence in _sentences_with_long_ones_split(text):
        words = len(sentence.split())
        if current and current_words + words > MAX_SEGMENT_WORDS and current_words >= MIN_SEGMENT_WORDS:
            pieces.append((start, " ".join(current)))
            current, current_words, start = [], 0, offset
        current.append(sentence)
        current_words += words
        offset += len(sentence) + 1
    if current:
        tail = " ".join(current)
        if pieces and current_words < MIN_SEGMENT_WORDS // 2:
            first_offset, previous = pieces.pop()
            pieces.append((first_offset, previous + " " + tail))
        else:
            pieces.append((start, tail))
    return pieces


def _sentences_with_long_ones_split(text: str) -> list[str]:
    out: list[str] = []
    for sentence in split_sentences(squash_spaces(text)):
        words = sentence.split()
        while len(words) > MAX_SEGMENT_WORDS:
            out.append(" ".join(words[:MAX_SEGMENT_WORDS]))
            words = words[MAX_SEGMENT_WORDS:]
        if words:
            out.append(" ".join(words))
    return out


def _has_words(piece: str) -> bool:
    """False for pieces that hold only a stage direction such as `[laughs]`."""
    if "[" in piece or "(" in piece:
        piece = _STAGE_DIRECTION.sub("", piece)
    return _ALPHANUMERIC.search(piece) is not None


def _plainly_has_words(text: str) -> bool:
    """True when `text` opens with a letter or digit and holds no bracket that could make it a stage direction."""
    return text[:1].isalnum() and "[" not in text and "(" not in text


def _start_of_piece(turn: Turn, offset: int) -> float | None:
    if not turn.marks:
        return turn.start
    before = [secs for off, secs in turn.marks if off <= offset + 15]
    return before[-1] if before else turn.start


def _marks_within(turn: Turn, offset: int, length: int) -> tuple[tuple[int, float], ...]:
    """The turn's cue starts inside the piece at `offset`, as offsets into the piece (a quote's time is its cue's)."""
    return tuple((at - offset, seconds) for at, seconds in turn.marks if offset < at < offset + length)


def segments_from_turns(turns: Sequence[Turn], duration: float | None = None) -> list[Segment]:
    """Split turns into segments. Untimed turns get times estimated from word position, flagged approximate."""
    timed = any(t.start is not None for t in turns)
    segments: list[Segment] = []
    positions: list[int] = []
    words_before = 0
    for turn in turns:
        text = turn.text
        if timed and text.count(" ") < MAX_SEGMENT_WORDS and _plainly_has_words(text):
            # The common case, kept cheap: ingest runs this loop once per line of every transcript.
            segments.append(Segment(text, turn.speaker, turn.start, marks=tuple(turn.marks)))
            continue
        pieces = [(0, text)] if text.count(" ") < MAX_SEGMENT_WORDS else _pieces(text)
        for index, (offset, piece) in enumerate(pieces):
            if not _has_words(piece):
                continue
            if timed:
                start = turn.start if index == 0 else _start_of_piece(turn, offset)
                segments.append(Segment(piece, turn.speaker, start, marks=_marks_within(turn, offset, len(piece))))
            else:
                segments.append(Segment(piece, turn.speaker, None))
                positions.append(words_before)
                words_before += piece.count(" ") + 1
    if not timed:
        _estimate_times(segments, positions, words_before, duration)
    return segments


def _estimate_times(segments: list[Segment], positions: list[int], total_words: int, duration: float | None) -> None:
    rate = total_words / duration if duration and total_words else WORDS_PER_SECOND
    for segment, words_before in zip(segments, positions, strict=True):
        segment.start_seconds = round(words_before / rate, 1)
        segment.approximate = True

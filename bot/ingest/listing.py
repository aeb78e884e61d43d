"""Podcast-directory listings: one episode description per line, no titles, repeated lines, stray headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.chapters import find_chapters
from bot.ingest.describe import find_show
from bot.ingest.inline import InlineTranscript, find_transcript
from bot.text import squash_spaces

_MIN_EPISODE_WORDS = 12
_LONG_LINE_WORDS = 40
_SENTENCE = re.compile(r"[.!?](?:\s|$)|[.!?](?=[A-Z])")


@dataclass(slots=True)
class ListingRecord:
    """One distinct episode line of a listing, before it becomes an Episode."""

    line: int
    description: str
    show: str | None
    transcript: InlineTranscript | None
    repeats: int = 1


def looks_like_listing(lines: list[str]) -> bool:
    """Several long single-line descriptions and no page-style transcript heading."""
    long_lines = sum(1 for line in lines if len(line.split()) >= 40)
    return long_lines >= 3 and long_lines >= 0.3 * sum(1 for line in lines if line.strip())


def is_episode_line(line: str) -> bool:
    """A category word, a podcast's name or a bare list of link labels is not an episode description."""
    words = line.split()
    return len(words) >= _LONG_LINE_WORDS or (len(words) >= _MIN_EPISODE_WORDS and bool(_SENTENCE.search(line)))


def parse_listing(lines: list[str]) -> tuple[list[ListingRecord], list[str]]:
    """Distinct episode records in file order, and notes about lines that were skipped or merged."""
    records: dict[str, ListingRecord] = {}
    notes: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = squash_spaces(raw)
        if not line:
            continue
        if not is_episode_line(line):
            notes.append(f"line {number}: not an episode ({line[:40]!r})")
            continue
        if line in records:
            records[line].repeats += 1
            notes.append(f"line {number}: repeats line {records[line].line}")
            continue
        records[line] = _record(number, line)
    return list(records.values()), notes


def _record(number: int, line: str) -> ListingRecord:
    found = find_transcript(line)
    description = line if found is None else line[: found[0]]
    return ListingRecord(
        line=number,
        description=description.strip(),
        show=find_show(description) or (find_show(line[found[0] :]) if found else None),
        transcript=None if found is None else found[1],
    )


def listing_chapters(record: ListingRecord) -> list:
    """Chapters from the description's chapter list, else the headings found inside the transcript."""
    chapters = find_chapters(record.description)
    if not chapters and record.transcript is not None:
        chapters = record.transcript.chapters
    return chapters

"""Episode web pages: a header (breadcrumbs, title, description, duration) then a transcript.

Two transcript styles occur: one `[hh:mm:ss] Speaker: text` turn per line, and `Speaker: text` paragraphs with
no times, where a paragraph without a label continues the previous speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bot.ingest.speakers import is_non_speaker
from bot.ingest.turns import Turn, strip_inline_markers
from bot.text import parse_clock, squash_spaces

TIMED_LINE = re.compile(r"^\[(\d{1,2}:\d{2}:\d{2})\]\s*([^:\[\]]{1,60}?):\s?(.*)$")
LABEL_LINE = re.compile(r"^([A-Za-zÀ-ÖØ-öø-ÿ][\w.'’-]*(?: [A-ZÀ-ÖØ-Þ][\w.'’-]*){0,3}):\s+(\S.*)$")
_CRUMB = re.compile(r"^\s*\d{1,2}\.\s+(\S.*)$")
_DURATION = re.compile(r"^(?:(\d+)\s*(?:h|hr|hrs|hours?)\s*)?(\d+)\s*(?:min|mins|minutes)\.?$", re.IGNORECASE)
_GENERIC_LINES = frozenset({"podcast", "podcasts", "library", "home", "episodes", "/", "|", "light mode", "dark mode"})
_DESCRIPTION_MIN_WORDS = 20


@dataclass(slots=True)
class PageHeader:
    title: str | None = None
    show: str | None = None
    description: str = ""
    duration_seconds: float | None = None
    hosts: list[str] = field(default_factory=list)


def looks_like_timed_page(lines: list[str]) -> bool:
    return sum(1 for line in lines if TIMED_LINE.match(line.strip())) >= 3


def looks_like_untimed_page(lines: list[str]) -> bool:
    if _transcript_heading(lines) is None:
        return False
    labels = Counter(m.group(1) for line in lines if (m := LABEL_LINE.match(line.strip())))
    return sum(1 for count in labels.values() if count >= 2) >= 2


def split_page(lines: list[str]) -> tuple[list[str], list[str]]:
    """Header lines and transcript lines, split at the `transcript` heading or the first timed turn."""
    heading = _transcript_heading(lines)
    if heading is not None:
        return lines[:heading], lines[heading + 1 :]
    for index, line in enumerate(lines):
        if TIMED_LINE.match(line.strip()):
            return lines[:index], lines[index:]
    return lines, []


def _transcript_heading(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if line.strip().casefold() == "transcript":
            return index
    return None


def parse_header(lines: list[str]) -> PageHeader:
    """Title, show, description and duration from the lines above the transcript."""
    header = PageHeader()
    stripped = [squash_spaces(line) for line in lines if line.strip()]
    crumbs = [m.group(1) for line in stripped if (m := _CRUMB.match(line))]
    if len(crumbs) >= 2:
        header.title = crumbs[-1]
        if crumbs[-2].casefold() not in _GENERIC_LINES:
            header.show = crumbs[-2]
    header.title = header.title or _title_line(stripped)
    header.duration_seconds = _duration(stripped)
    header.description = "\n\n".join(_description_paragraphs(stripped, header.title))
    header.hosts = [line[3:].strip() for line in stripped if line.startswith("By ") and len(line.split()) <= 5]
    return header


def _title_line(lines: list[str]) -> str | None:
    counts = Counter(lines)
    for line in lines:
        if counts[line] >= 2 and len(line.split()) >= 3:
            return line
    for line in lines:
        if len(line.split()) >= 3 and line.casefold() not in _GENERIC_LINES:
            return line
    return None


def _duration(lines: list[str]) -> float | None:
    for line in lines:
        if match := _DURATION.match(line):
            hours, minutes = match.groups()
            return (int(hours or 0) * 60 + int(minutes)) * 60.0
    return None


def _description_paragraphs(lines: list[str], title: str | None) -> list[str]:
    return [
        line
        for line in lines
        if len(line.split()) >= _DESCRIPTION_MIN_WORDS and line != title and not line.startswith("(")
    ]


def parse_timed_transcript(lines: list[str]) -> list[Turn]:
    """`[hh:mm:ss] Speaker: text` turns; unmarked lines between turns continue the previous one.

    Lines after the last timed turn are page furniture ("Your next listen") and are dropped.
    """
    turns: list[Turn] = []
    pending: list[str] = []
    for line in (squash_spaces(raw) for raw in lines):
        if not line:
            continue
        match = TIMED_LINE.match(line)
        if match is None:
            pending.append(line)
            continue
        if turns and pending:
            _extend_turn(turns[-1], " ".join(pending))
        pending = []
        clock, label, raw_text = match.groups()
        text, marks = strip_inline_markers(raw_text)
        turns.append(Turn(speaker=label.strip(), text=text, start=parse_clock(clock), marks=marks))
    return [t for t in turns if t.text and not is_non_speaker(t.speaker or "")]


def _extend_turn(turn: Turn, more: str) -> None:
    text, marks = strip_inline_markers(more)
    offset = len(turn.text) + 1
    turn.marks.extend((offset + off, secs) for off, secs in marks)
    turn.text = f"{turn.text} {text}"


def parse_untimed_transcript(lines: list[str]) -> list[Turn]:
    """`Speaker: text` paragraphs; a paragraph without a known label continues the previous speaker.

    A label counts as a speaker when it starts two or more paragraphs, or when its first word is such a label
    (`CL Kao` beside `CL`): a one-off `Definition: ...` stays part of the text.
    """
    paragraphs = [squash_spaces(line) for line in lines if line.strip()]
    labels = Counter(m.group(1) for p in paragraphs if (m := LABEL_LINE.match(p)))
    known = {label for label, count in labels.items() if count >= 2}
    known |= {label for label in labels if label.split()[0] in known}
    turns: list[Turn] = []
    for paragraph in paragraphs:
        match = LABEL_LINE.match(paragraph)
        if match and match.group(1) in known:
            turns.append(Turn(speaker=match.group(1), text=match.group(2)))
        elif turns:
            turns[-1].text += " " + paragraph
        else:
            turns.append(Turn(speaker=None, text=paragraph))
    return [t for t in turns if not is_non_speaker(t.speaker or "")]

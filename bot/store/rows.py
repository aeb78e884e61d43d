"""Rows the store hands out, its error type, and small SQL helpers shared by its reader and writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.models import EpisodeRef, Marks, Person, time_at
from bot.results import EpisodeSummary


@dataclass(frozen=True, slots=True)
class EpisodeRow:
    """An episode as the store lists it (without its segments)."""

    rowid: int
    ref: EpisodeRef
    description: str
    duration_seconds: float | None
    chapters: list[dict[str, Any]]
    speakers: list[str]
    timed: bool
    segment_count: int
    image_url: str | None = None
    people: list[Person] = field(default_factory=list)  # as the feed names them, with roles (host, guest)


@dataclass(frozen=True, slots=True)
class TranscriptProfile:
    """What the episode finder needs of a transcript: its opening, and counts of its most frequent words."""

    lead: str
    terms: dict[str, int]


@dataclass(frozen=True, slots=True)
class SegmentRow:
    id: int
    episode_rowid: int
    seq: int
    speaker: str | None
    start_seconds: float | None
    approximate: bool
    text: str
    span: int = 1  # how many consecutive segments the text covers (search joins a turn's pieces)
    marks: Marks = ()  # where later cues begin in `text`: (offset, seconds)

    def start_at(self, offset: int) -> float | None:
        """When the words at `offset` of the text were said: the start of the cue holding them."""
        return time_at(self.start_seconds, self.marks, offset)


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    name: str
    aliases: list[str]
    words: int


class StoreError(RuntimeError):
    """The store could not answer; the message is safe to show a user."""


def marks(n: int) -> str:
    return ", ".join("?" * n)


def quote_term(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def summary_to_json(summary: EpisodeSummary) -> dict[str, Any]:
    return {
        "overview": summary.overview,
        "key_points": [
            {
                "text": p.text,
                "speaker": p.speaker,
                "start_seconds": p.start_seconds,
                "timestamp": p.timestamp,
                "approximate": p.approximate,
            }
            for p in summary.key_points
        ],
        "speakers": [{"name": s.name, "share": s.share, "role": s.role} for s in summary.speakers],
        "chapters": summary.chapters,
        "duration": summary.duration,
    }

"""Plain data passed between ingest, the store, search, summaries and rendering."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Source:
    """Where an episode's record starts: file name and 1-based line (1 for a file holding one episode)."""

    file: str
    line: int

    def as_dict(self) -> dict[str, str | int]:
        return {"file": self.file, "line": self.line}


@dataclass(frozen=True, slots=True)
class Chapter:
    title: str
    start_seconds: float | None = None


# Where cues begin inside a passage: (character offset in its text, seconds), in order.
Marks = tuple[tuple[int, float], ...]


@dataclass(slots=True)
class Segment:
    """A quotable piece of one speaker's turn. `marks`: where the cues it joins begin, after the first."""

    text: str
    speaker: str | None
    start_seconds: float | None
    approximate: bool = False
    end_seconds: float | None = None
    marks: Marks = ()

    def __reduce__(self) -> tuple[type[Segment], tuple[str, str | None, float | None, bool, float | None, Marks]]:
        # Ingest ships parsed segments between processes by the million; this is ~5x faster than the default.
        return (Segment, (self.text, self.speaker, self.start_seconds, self.approximate, self.end_seconds, self.marks))


def time_at(start: float | None, marks: Marks, offset: int) -> float | None:
    """The start of the cue that holds the character at `offset` of a passage starting at `start`."""
    time = start
    for position, seconds in marks:
        if position > offset:
            break
        time = seconds
    return time


@dataclass(slots=True)
class Speaker:
    """One person: the fullest name they appear under, and every label used for them."""

    name: str
    aliases: set[str] = field(default_factory=set)
    words: int = 0


@dataclass(frozen=True, slots=True)
class Person:
    """Someone a feed names for an episode (`podcast:person`), with their role as the feed gives it."""

    name: str
    role: str | None = None  # "host", "guest", ... (lowercase), None when the source does not say

    def as_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "role": self.role}


@dataclass(slots=True)
class Episode:
    id: str
    title: str
    source: Source
    show: str | None = None
    description: str = ""
    chapters: list[Chapter] = field(default_factory=list)
    duration_seconds: float | None = None
    speakers: list[Speaker] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    url: str | None = None  # the episode's page (or a video of it)
    published: str | None = None  # ISO 8601, when the source dates the episode
    enclosure_url: str | None = None  # the audio (or video) file
    image_url: str | None = None
    people: list[Person] = field(default_factory=list)

    @property
    def timed(self) -> bool:
        """True when the segment times come from the source rather than an estimate."""
        return bool(self.segments) and not any(s.approximate for s in self.segments)


@dataclass(frozen=True, slots=True)
class EpisodeRef:
    """What a search hit or summary says about its episode."""

    id: str
    title: str
    show: str | None
    source: Source
    url: str | None = None
    published: str | None = None
    enclosure_url: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"id": self.id, "title": self.title, "show": self.show}

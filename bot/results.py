"""What the core answers with: quote hits, summaries and ingest reports, ready for rendering or JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.models import EpisodeRef


@dataclass(frozen=True, slots=True)
class QuoteHit:
    segment_id: int
    text: str
    speaker: str | None
    start_seconds: float | None
    timestamp: str | None
    approximate: bool
    score: float
    episode: EpisodeRef
    link: str | None = None  # where the moment can be heard, when the episode has a URL
    span: int = 1  # consecutive segments the passage covers, from segment_id on
    match: str = "words"  # "meaning": found by what it means, not by the words asked for

    @property
    def by_meaning(self) -> bool:
        return self.match == "meaning"

    @property
    def segment_ids(self) -> range:
        return range(self.segment_id, self.segment_id + self.span)

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "start_seconds": self.start_seconds,
            "timestamp": self.timestamp,
            "approximate": self.approximate,
            "score": round(self.score, 2),
            "episode": self.episode.as_dict(),
            "source": self.episode.source.as_dict(),
            "link": self.link,
            "match": self.match,
        }


@dataclass(frozen=True, slots=True)
class QuoteAnswer:
    """Confident hits, best first; or no hits and the closest candidates as `did_you_mean`."""

    query: str
    took_ms: float
    hits: list[QuoteHit]
    did_you_mean: list[QuoteHit] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "query": self.query,
            "took_ms": round(self.took_ms, 3),
            "hits": [hit.as_dict() for hit in self.hits],
            "did_you_mean": [hit.as_dict() for hit in self.did_you_mean],
        }
        if self.error:
            data["error"] = self.error
        return data


@dataclass(frozen=True, slots=True)
class KeyPoint:
    text: str
    speaker: str | None
    start_seconds: float | None
    timestamp: str | None
    approximate: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "timestamp": self.timestamp,
            "start_seconds": self.start_seconds,
        }


@dataclass(frozen=True, slots=True)
class SpeakerShare:
    name: str
    share: float | None  # fraction of the transcript's words, when there is a transcript
    role: str | None = None  # "host", "guest"... when a feed names the person

    def as_dict(self) -> dict[str, Any]:
        share = None if self.share is None else round(self.share, 3)
        return {"name": self.name, "share": share, "role": self.role}


@dataclass(frozen=True, slots=True)
class EpisodeSummary:
    """Computed at ingest and stored: the parts of a summary, before rendering."""

    overview: str
    key_points: list[KeyPoint]
    speakers: list[SpeakerShare]
    chapters: list[str]
    duration: str | None


@dataclass(frozen=True, slots=True)
class SummaryAnswer:
    """The episode a request meant and its summary; or candidates when ambiguous; or neither when unknown."""

    request: str
    took_ms: float
    episode: EpisodeRef | None
    summary: EpisodeSummary | None
    text: str  # the summary as it would be posted (<= 4096 characters), or a helpful sentence
    candidates: list[EpisodeRef] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        episode = None
        if self.episode is not None:
            episode = {**self.episode.as_dict(), "source": self.episode.source.as_dict()}
        return {
            "request": self.request,
            "took_ms": round(self.took_ms, 3),
            "episode": episode,
            "summary": self.text,
            "key_points": [p.as_dict() for p in self.summary.key_points] if self.summary else [],
            "speakers": [s.as_dict() for s in self.summary.speakers] if self.summary else [],
            "candidates": [{**c.as_dict(), "source": c.source.as_dict()} for c in self.candidates],
        }


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """What a reload did with one feed (a feed file or a feed URL).

    `status`: "added", "updated", "unchanged", "renamed" (its URL or file name changed; its episodes moved with
    it), "kept" (it failed and the episodes it had were kept), "failed" (it failed and had none) or "removed".
    """

    source: str
    status: str
    detail: str = ""
    episodes: int | None = None  # how many episodes the store holds from it after the reload

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "status": self.status, "detail": self.detail, "episodes": self.episodes}

    def line(self) -> str:
        """`https://host/feed.xml: kept 12 episodes (HTTP 500)` for a report."""
        count = "" if self.episodes is None else f" ({self.episodes} episodes)"
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.source}: {self.status}{count}{detail}"


@dataclass(slots=True)
class IngestReport:
    files_seen: int = 0
    files_added: list[str] = field(default_factory=list)
    files_changed: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    files_unchanged: list[str] = field(default_factory=list)
    files_skipped: dict[str, str] = field(default_factory=dict)  # file name -> reason
    episodes_added: int = 0
    episodes_changed: int = 0
    episodes_removed: int = 0
    segments_added: int = 0
    segments_removed: int = 0
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    sources: list[SourceStatus] = field(default_factory=list)  # one per feed, file or URL

    def as_dict(self) -> dict[str, Any]:
        return {
            "files_seen": self.files_seen,
            "files_added": self.files_added,
            "files_changed": self.files_changed,
            "files_removed": self.files_removed,
            "files_unchanged": len(self.files_unchanged),
            "files_skipped": [{"file": f, "reason": r} for f, r in sorted(self.files_skipped.items())],
            "episodes": {
                "added": self.episodes_added,
                "changed": self.episodes_changed,
                "removed": self.episodes_removed,
            },
            "segments": {"added": self.segments_added, "removed": self.segments_removed},
            "notes": self.notes,
            "sources": [source.as_dict() for source in self.sources],
            "seconds": round(self.seconds, 3),
        }

"""Episodes in the form the writer stores them.

Ingest builds records where it parses (in worker processes for a large load), so the single writer only binds
values: no JSON encoding or attribute access on its critical path, and plain tuples cross the process boundary
several times faster than segment objects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.models import Episode
from bot.results import EpisodeSummary
from bot.store.rows import TranscriptProfile, summary_to_json

# (seq, speaker, start seconds, approximate, text, cue marks as JSON or None)
SegmentValues = tuple[int, str | None, float | None, bool, str, str | None]
# (name, aliases as JSON, words spoken)
SpeakerValues = tuple[str, str, int]


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    id: str
    file: str
    line: int
    title: str
    show: str | None
    description: str
    url: str | None
    duration_seconds: float | None
    chapters_json: str
    speakers_text: str
    timed: bool
    summary_json: str | None
    profile_json: str | None
    speakers: list[SpeakerValues]
    segments: list[SegmentValues]
    published: str | None = None
    enclosure_url: str | None = None
    image_url: str | None = None
    people_json: str = "[]"

    def episode_values(self) -> tuple[object, ...]:
        """The `episodes` row, in the writer's column order."""
        return (
            self.id,
            self.file,
            self.line,
            self.title,
            self.show,
            self.description,
            self.url,
            self.duration_seconds,
            self.chapters_json,
            self.speakers_text,
            int(self.timed),
            len(self.segments),
            self.summary_json,
            self.profile_json,
        )

    def feed_values(self) -> tuple[object, ...]:
        """The columns feeds added (migration 0007), in the writer's column order."""
        return (self.published, self.enclosure_url, self.image_url, self.people_json)


def episode_record(
    episode: Episode, summary: EpisodeSummary | None = None, profile: TranscriptProfile | None = None
) -> EpisodeRecord:
    return EpisodeRecord(
        id=episode.id,
        file=episode.source.file,
        line=episode.source.line,
        title=episode.title,
        show=episode.show,
        description=episode.description,
        url=episode.url,
        duration_seconds=episode.duration_seconds,
        chapters_json=json.dumps([{"title": c.title, "start_seconds": c.start_seconds} for c in episode.chapters]),
        speakers_text=" ".join(sorted(_names(episode))),
        timed=episode.timed,
        summary_json=None if summary is None else json.dumps(summary_to_json(summary)),
        profile_json=None if profile is None else json.dumps({"lead": profile.lead, "terms": profile.terms}),
        speakers=[(sp.name, json.dumps(sorted(sp.aliases)), sp.words) for sp in episode.speakers],
        segments=[
            (seq, s.speaker, s.start_seconds, s.approximate, s.text, json.dumps(s.marks) if s.marks else None)
            for seq, s in enumerate(episode.segments)
        ],
        published=episode.published,
        enclosure_url=episode.enclosure_url,
        image_url=episode.image_url,
        people_json=json.dumps([person.as_dict() for person in episode.people]),
    )


def _names(episode: Episode) -> set[str]:
    """Everyone the episode's index should find it by: its speakers (every label) and the people a feed names."""
    names = {name for sp in episode.speakers for name in (sp.name, *sp.aliases)}
    names.update(person.name for person in episode.people)
    return names


@dataclass(frozen=True, slots=True)
class VectorBatch:
    """One episode's meaning vectors, ready to be written: the texts not stored yet (key, code, int8 vector), every
    segment's key and every description chunk's, computed from the corpus version `corpus_version`; `model` names
    the model and the way the episode was cut into passages."""

    episode: int
    model: str
    corpus_version: str | None
    new_vectors: list[tuple[bytes, bytes, bytes]]
    segment_keys: list[tuple[int, bytes]]
    description_keys: list[tuple[int, bytes]]  # (chunk number, key) of the title and description's chunks

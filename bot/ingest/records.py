"""Episodes as the store keeps them, and what writing them changed, for the reload report."""

from __future__ import annotations

from collections.abc import Callable

from bot.models import Episode
from bot.results import EpisodeSummary, IngestReport
from bot.store import FileChange, TranscriptProfile
from bot.summaries.finder import transcript_profile
from bot.summaries.summarize import evenly_spaced

Summarizer = Callable[[Episode], EpisodeSummary]
# Parsing and summarising in worker processes uses at most this many (and no more than the cores).
MAX_WORKERS = 3
# The finder learns what a transcript is about from at most this many segments, spread over the episode.
_PROFILE_SEGMENTS = 300


def profile_of(episode: Episode) -> TranscriptProfile:
    """What the episode finder keeps of a transcript: its opening and its most frequent words."""
    segments = episode.segments
    sample = [segments[i].text for i in evenly_spaced(len(segments), _PROFILE_SEGMENTS)]
    lead, terms = transcript_profile(sample)
    return TranscriptProfile(lead, terms)


def count_change(report: IngestReport, change: FileChange) -> None:
    """Add what writing or removing one source did to the report's counts."""
    report.segments_added += change.segments_added
    report.segments_removed += change.segments_removed
    report.episodes_added += len(change.new_ids - change.old_ids)
    report.episodes_changed += len(change.new_ids & change.old_ids)
    report.episodes_removed += len(change.old_ids - change.new_ids)

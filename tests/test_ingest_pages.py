"""Episode pages: the timed `[hh:mm:ss] Speaker:` page and the untimed `Speaker:` paragraphs page."""

from __future__ import annotations

import itertools

from bot.models import Episode
from tests.conftest import PAGE_TIMED, PAGE_UNTIMED


def _only(episodes: dict[str, list[Episode]], file: str) -> Episode:
    assert len(episodes[file]) == 1
    return episodes[file][0]


def test_timed_page_speakers_are_exactly_the_two_hosts(seed_episodes):
    episode = _only(seed_episodes, PAGE_TIMED)
    assert {s.name for s in episode.speakers} == {"Andrew Zigler", "Ben Lloyd Pearson"}
    assert {s.speaker for s in episode.segments} == {"Andrew Zigler", "Ben Lloyd Pearson"}


def test_timed_page_metadata(seed_episodes):
    episode = _only(seed_episodes, PAGE_TIMED)
    assert episode.title == "Inference is the new 401k matching and what we’re learning from AI-related outages"
    assert episode.source.file == PAGE_TIMED and episode.source.line == 1
    assert "Meta's acquisition of Moltbook" in episode.description
    assert episode.timed


def test_timed_page_keeps_exact_start_times(seed_episodes):
    segments = _only(seed_episodes, PAGE_TIMED).segments
    assert segments[0].text == "So Ben, did you hear that Meta acquired Moltbook?"
    assert segments[0].start_seconds == 0.0 and not segments[0].approximate
    by_text = {s.text[:40]: s for s in segments}
    assert by_text["I don't know. What do you think?"].start_seconds == 22.0
    assert all(not s.approximate for s in segments)
    starts = [s.start_seconds for s in segments]
    assert starts == sorted(starts)


def test_timed_page_strips_stray_markers_and_keeps_the_turn_time(seed_episodes):
    segments = _only(seed_episodes, PAGE_TIMED).segments
    assert not any("[00:" in s.text for s in segments)
    ad = next(s for s in segments if s.text.startswith("in their ad marketplace"))
    assert ad.start_seconds == 59.0 and ad.speaker == "Andrew Zigler"


def test_timed_page_drops_page_furniture_after_the_transcript(seed_episodes):
    assert not any("Your next listen" in s.text for s in _only(seed_episodes, PAGE_TIMED).segments)


def test_untimed_page_merges_labels_of_one_person(seed_episodes):
    episode = _only(seed_episodes, PAGE_UNTIMED)
    names = {s.name: s.aliases for s in episode.speakers}
    assert set(names) == {"CL Kao", "Josh Wills"}
    assert "CL" in names["CL Kao"] and "Josh" in names["Josh Wills"]
    assert {s.speaker for s in episode.segments} == {"CL Kao", "Josh Wills"}


def test_untimed_page_metadata(seed_episodes):
    episode = _only(seed_episodes, PAGE_UNTIMED)
    assert episode.show == "Data Renegades"
    assert episode.title == "Ep. #13, Building Trillion-Scale Data Pipelines with Josh Wills"
    assert episode.duration_seconds == 70 * 60
    assert episode.description.startswith("On episode 13 of Data Renegades")


def test_untimed_page_estimates_increasing_approximate_times(seed_episodes):
    episode = _only(seed_episodes, PAGE_UNTIMED)
    starts = [s.start_seconds for s in episode.segments]
    assert all(s.approximate for s in episode.segments)
    assert starts[0] == 0.0
    assert all(a < b for a, b in itertools.pairwise(starts))
    assert starts[-1] < episode.duration_seconds


def test_untimed_page_keeps_one_off_colons_inside_the_text(seed_episodes):
    segments = _only(seed_episodes, PAGE_UNTIMED).segments
    quote = next(s for s in segments if "Definition of data scientist:" in s.text)
    assert quote.speaker == "CL Kao"


def test_unlabeled_paragraphs_continue_the_previous_speaker(seed_episodes):
    segments = _only(seed_episodes, PAGE_UNTIMED).segments
    continued = next(s for s in segments if "I started my career like 25 years ago" in s.text)
    assert continued.speaker == "Josh Wills"

"""Directory listings: one description per line, duplicates, non-episode lines, inline transcripts."""

from __future__ import annotations

import itertools

import pytest

from tests.conftest import LISTING_A, LISTING_B, episode_at

# Real speakers of every transcript-bearing listing episode, read off the source by hand.
SPEAKERS = {
    (LISTING_A, 29): {"Marc Gauthier", "Sami Birnbaum", "Rémy Hannequin"},
    (LISTING_A, 34): {"swyx", "James Brady", "Adam Wiggins"},
    (LISTING_A, 37): {"Victoria Guido", "Francis Lacoste"},
    (LISTING_A, 43): {"Stephanie Minn", "Joël Quenneville"},
    (LISTING_A, 46): {"Ben Firshman", "Swyx", "Alessio"},
    (LISTING_A, 48): {"Erik Bernhardsson", "Swyx", "Alessio"},
    (LISTING_A, 52): {"Stephanie Minn", "Joël Quenneville"},
    (LISTING_A, 53): {"Stephanie Minn", "Joël Quenneville"},
    (LISTING_B, 8): {"Kyle Daigle", "Swyx"},
    (LISTING_B, 10): {"Walden Yan", "Cole Murray", "Swyx"},
    (LISTING_B, 12): {"Jake Cooper", "Swyx", "Alessio"},
    (LISTING_B, 29): {"swyx", "Jacob Effron"},
    (LISTING_B, 32): {"Sarah Sachs", "Simon Last", "swyx", "Alessio"},
    (LISTING_B, 35): {"Marc Andreessen", "swyx", "Alessio"},
    (LISTING_B, 43): {"Simon Hørup Eskildsen", "swyx", "Alessio"},
}


@pytest.mark.parametrize(("file", "line"), sorted(SPEAKERS))
def test_inline_transcript_speakers_are_exactly_the_real_ones(seed_episodes, file, line):
    episode = episode_at(seed_episodes, file, line)
    assert {s.name for s in episode.speakers} == SPEAKERS[(file, line)]
    assert {s.speaker for s in episode.segments} == SPEAKERS[(file, line)]


def test_only_the_inline_transcripts_produce_segments(seed_episodes):
    with_segments = {(f, e.source.line) for f in (LISTING_A, LISTING_B) for e in seed_episodes[f] if e.segments}
    assert with_segments == set(SPEAKERS)


def test_repeated_lines_collapse_into_one_episode(seed_episodes):
    lines_a = [e.source.line for e in seed_episodes[LISTING_A]]
    lines_b = [e.source.line for e in seed_episodes[LISTING_B]]
    assert 3 in lines_a and 5 not in lines_a  # line 5 repeats line 3
    assert 11 in lines_a and 12 not in lines_a
    assert 23 in lines_b and 24 not in lines_b and 25 not in lines_b  # three copies, one episode
    assert len({e.id for f in (LISTING_A, LISTING_B) for e in seed_episodes[f]}) == len(lines_a) + len(lines_b)


def test_non_episode_lines_are_skipped(seed_episodes):
    lines_a = {e.source.line for e in seed_episodes[LISTING_A]}
    lines_b = {e.source.line for e in seed_episodes[LISTING_B]}
    assert not lines_a & {1, 2, 39, 49}  # POPULARITY, Categories, two podcast names
    assert not lines_b & {1, 2}


def test_descriptions_are_metadata_not_quotes(seed_episodes):
    episode = episode_at(seed_episodes, LISTING_B, 49)
    assert "pg_ash" in episode.description and episode.segments == []


def test_listing_titles_are_short_and_not_the_first_sentence(seed_episodes):
    for file in (LISTING_A, LISTING_B):
        for episode in seed_episodes[file]:
            assert 0 < len(episode.title) <= 80 and len(episode.title.split()) <= 12
            first_sentence = episode.description.split(". ")[0].rstrip(".")
            assert episode.title.rstrip("…") != first_sentence or len(first_sentence.split()) <= 12


@pytest.mark.parametrize(
    ("file", "line", "title"),
    [
        # `... The post Flightcontrol and Going Beyond Heroku with Brandon Bayer appeared f` (a blog feed's excerpt)
        (LISTING_A, 54, "Flightcontrol and Going Beyond Heroku with Brandon Bayer"),
        # `Highlights from this week's conversation include:Peter's background and journey in data (0:26)...`
        (LISTING_A, 47, "Peter's background and journey in data"),
        # `Topics covered in this episode: chardet ,AI, and licensing refined-github pgdog: PostgreSQL ...`
        (LISTING_B, 40, "chardet, AI, and licensing refined-github pgdog"),
        # `... I also dive into what is defensible today, from ...`
        (LISTING_B, 28, "What is defensible today"),
    ],
)
def test_listing_titles_come_from_what_the_line_offers(seed_episodes, file, line, title):
    assert episode_at(seed_episodes, file, line).title == title


def test_time_after_name_style_keeps_exact_times_and_drops_glued_headings(seed_episodes):
    segments = episode_at(seed_episodes, LISTING_B, 10).segments
    cole = next(s for s in segments if s.text.startswith("So I think the engineering world is waking up"))
    assert cole.speaker == "Cole Murray" and cole.start_seconds == 51.0 and not cole.approximate
    assert not any(s.text.endswith("Autonomous PRs") for s in segments)
    kyle = episode_at(seed_episodes, LISTING_B, 8).segments[1]
    assert (kyle.speaker, kyle.text, kyle.start_seconds) == ("Kyle Daigle", "Hey, thanks for having me.", 7.0)


def test_chapter_lists_are_read_with_their_times(seed_episodes):
    chapters = {c.title: c.start_seconds for c in episode_at(seed_episodes, LISTING_B, 10).chapters}
    assert chapters["Windsurf 2.0 and the Local-to-Cloud Agent Handoff"] == 58 * 60 + 30
    assert chapters["Outro"] == 67 * 60 + 45


def test_time_first_style_lowercase_speaker(seed_episodes):
    segments = episode_at(seed_episodes, LISTING_B, 29).segments
    assert segments[0].speaker == "swyx" and segments[0].start_seconds == 0.0
    assert segments[0].text.startswith("Isn't that crazy?")
    assert segments[1].speaker == "Jacob Effron" and segments[1].start_seconds == 3.0


def test_untimed_inline_styles_are_approximate_and_increasing(seed_episodes):
    for line in (43, 52):
        segments = episode_at(seed_episodes, LISTING_A, line).segments
        starts = [s.start_seconds for s in segments]
        assert all(s.approximate for s in segments)
        assert all(a < b for a, b in itertools.pairwise(starts))


def test_ad_reads_are_not_quotes(seed_episodes):
    segments = episode_at(seed_episodes, LISTING_A, 43).segments
    assert not any("referral program" in s.text for s in segments)


def test_misspelled_label_merges_into_the_real_name(seed_episodes):
    episode = episode_at(seed_episodes, LISTING_B, 32)
    alessio = next(s for s in episode.speakers if s.name == "Alessio")
    assert "Alsesio" in alessio.aliases


def test_show_names_found_in_descriptions(seed_episodes):
    assert episode_at(seed_episodes, LISTING_A, 38).show == "Cloud Pod"
    assert episode_at(seed_episodes, LISTING_A, 43).show == "The Bike Shed"
    assert episode_at(seed_episodes, LISTING_B, 12).show == "Latent Space"
    assert episode_at(seed_episodes, LISTING_B, 18).show == "Talking Postgres"

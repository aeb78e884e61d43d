"""Chapter lists in show notes, in every style the seed listings use, read from the real lines."""

from __future__ import annotations

import pytest

from bot.chapters import chapter_list_start, find_chapters, listed_times, tidy_title
from tests.conftest import LISTING_A, LISTING_B, episode_at


def chapters_of(seed_episodes, file: str, line: int) -> list[tuple[float | None, str]]:
    return [(c.start_seconds, c.title) for c in episode_at(seed_episodes, file, line).chapters]


def test_clock_first_in_parentheses_glued_to_the_previous_title(seed_episodes):
    # `Show Highlights(0:00) Intro(1:01) Heroku sponsor read(1:39) ... Heroku's target customer(s)(13:51) ...`
    chapters = chapters_of(seed_episodes, LISTING_A, 15)
    assert chapters[:3] == [(0, "Intro"), (61, "Heroku sponsor read"), (99, "How Heroku became resurgent")]
    assert (655, "Heroku's target customer(s)") in chapters
    assert chapters[-1] == (1667, "Where people can learn more about Heroku")


def test_times_after_titles(seed_episodes):
    # `Peter's background and journey in data (0:26)Introduction to PLG (4:18)Starting in data at Heroku (6:05)`
    chapters = chapters_of(seed_episodes, LISTING_A, 47)
    assert chapters[:3] == [
        (26, "Peter's background and journey in data"),
        (258, "Introduction to PLG"),
        (365, "Starting in data at Heroku"),
    ]


def test_titles_keep_their_own_parentheses_and_abbreviations(seed_episodes):
    assert (751, "Live Demo: Cold Email Campaign Automation (Raphonic + Instantly)") in chapters_of(
        seed_episodes, LISTING_B, 47
    )
    assert (384, "Vision Language Models (VLMs) vs. Traditional OCR") in chapters_of(seed_episodes, LISTING_B, 37)


def test_list_glued_to_a_heading_keeps_its_first_entry(seed_episodes):
    # `Timestamps:0:00 - Intro3:03 - Heroku and the Twelve-Factor App7:39 - ...`
    chapters = chapters_of(seed_episodes, LISTING_A, 23)
    assert chapters[:2] == [(0, "Intro"), (183, "Heroku and the Twelve-Factor App")]
    # Three of its ten entries are long questions (20-30 words), not titles: dropped, their neighbours kept.
    assert len(chapters) == 7
    assert chapters[-1] == (40 * 60 + 33, "What is the relationship between frameworks and infra?")


def test_headings_glued_to_a_sentence_of_notes_keep_the_heading(seed_episodes):
    chapters = {title: start for start, title in chapters_of(seed_episodes, LISTING_B, 34)}
    assert chapters["Guest Introduction"] == 58
    assert chapters["Technical Setup for Centralized Data"] == 561
    assert chapters["Book Recommendations"] == 2887


def test_the_last_title_ends_where_the_show_notes_go_on(seed_episodes):
    assert chapters_of(seed_episodes, LISTING_B, 7)[-1] == (751, "Wrap up")
    assert chapters_of(seed_episodes, LISTING_B, 21)[-1] == (4225, "When Open Data Is Not Fit")
    assert chapters_of(seed_episodes, LISTING_B, 29)[-1] == (3261, "Outro")


def test_a_last_title_that_names_a_notes_heading_is_kept_whole():
    text = "00:00 Intro 05:00 Scaling Teams 09:30 Managing Cloud Resources Links: https://example.com"
    assert [c.title for c in find_chapters(text)] == ["Intro", "Scaling Teams", "Managing Cloud Resources"]
    text = "00:00 Intro 05:00 Scaling Teams 09:30 Why You Should Follow Your Users"
    assert find_chapters(text)[-1].title == "Why You Should Follow Your Users"


def test_times_in_long_show_notes_are_not_a_chapter_list(seed_episodes):
    # Each time introduces a paragraph of notes (`00:00 Stewart introduces Tyler Cloutier, founder of ...`).
    assert chapters_of(seed_episodes, LISTING_B, 16) == []


@pytest.mark.parametrize(
    "text",
    [
        "We met at 10:30 am and again at 11:45 pm, then at 1:15 pm.",
        "Ratios of 1:2, 3:4 and 5:6 in the mix.",
        "Version 2.10:30 and 3.11:45 and 4.12:00 were out.",
        "00:10 Late 00:05 Early 00:01 Earlier",
    ],
)
def test_stray_times_are_not_chapters(text):
    assert find_chapters(text) == []


def test_chapter_list_start_points_at_the_list_in_either_order():
    clock_first = "Intro text here about the show. 00:00 Intro 04:18 Introduction to PLG 06:05 Data at Heroku"
    clock_last = "Highlights include:Background (0:26)Introduction to PLG (4:18)Heroku (6:05)"
    assert clock_first[chapter_list_start(clock_first) :].startswith("00:00 Intro")
    assert clock_last[chapter_list_start(clock_last) :].startswith("Background (0:26)")
    assert chapter_list_start("No chapters at all.") is None


def test_tidy_title_drops_links_sponsor_tails_and_list_punctuation():
    assert tidy_title("* Intro https://example.com/x — brought to you by Acme *") == "Intro"
    assert tidy_title(" - Show Highlights: ") == ""
    assert tidy_title("Live Demo: LinkedIn Engagement Scraper to Cold Email Pipeline") == (
        "Live Demo: LinkedIn Engagement Scraper to Cold Email Pipeline"
    )


def test_timed_notes_too_long_for_chapter_titles_still_give_their_times() -> None:
    note = (
        "Tyler explains how the database runs code in a sandbox with full atomic properties, so no separate web"
        " server is needed"
    )
    text = f"00:00 {note}05:00 {note}10:00 {note}55:00 Closing discussion."
    assert find_chapters(text) == []  # show notes, not chapters
    assert listed_times(text) == [0.0, 300.0, 600.0, 3300.0]

"""Extractive summaries: faithful, short, with speakers and timestamps, within Discord's limits."""

from __future__ import annotations

import re
import time

import pytest

from bot.chapters import find_chapters
from bot.models import Chapter, Episode, EpisodeRef, Segment, Source, Speaker
from bot.summaries import render_summary_text
from bot.summaries.summarize import clean_description, split_sentences, summarize_episode
from tests.conftest import LISTING_A, LISTING_B, PAGE_TIMED, PAGE_UNTIMED, episode_at

TOPIC_LINES = [
    "Postgres autovacuum removes dead tuples so that tables do not bloat over time in busy databases.",
    "The autovacuum scale factor decides how many dead tuples a table collects before a vacuum starts.",
    "Raising maintenance work memory lets vacuum process indexes in far fewer passes on large tables.",
    "Wraparound protection forces an aggressive vacuum once transaction ids age past the freeze limit.",
    "Monitoring pg_stat_user_tables shows when each table was last vacuumed and how many dead tuples remain.",
    "Cost based vacuum delay throttles the work so that autovacuum does not starve the application of I/O.",
    "Partitioning very large tables keeps each vacuum short and lets old partitions be dropped instead.",
    "Long running transactions hold back the xmin horizon so vacuum cannot remove the newest dead tuples.",
]
CHATTER = [
    "Yeah.",
    "So what do you think?",
    "This episode is sponsored by Acme, use promo code PODCAST for ten percent off your first order.",
    "Um, yeah, I mean, like, you know, it's like, kind of, yeah.",
    "Thanks so much for having me on the show today, it's really great to be here.",
]


def timed_episode(approximate: bool = False) -> Episode:
    segments: list[Segment] = []
    clock = 0.0
    for i in range(40):
        speaker = "Nikolay Samokhvalov" if i % 2 else "Michael Christofides"
        text = TOPIC_LINES[i % len(TOPIC_LINES)] if i % 3 else CHATTER[i % len(CHATTER)]
        segments.append(Segment(text, speaker, clock, approximate))
        clock += 45
    return Episode(
        id="autovacuum",
        title="Autovacuum",
        source=Source("page.txt", 1),
        show="Postgres FM",
        description="Nik and Michael discuss autovacuum, including what it does and how to tune it. "
        "They cover scale factors, cost limits and wraparound.",
        speakers=[
            Speaker("Michael Christofides", {"Michael"}, 600),
            Speaker("Nikolay Samokhvalov", {"Nik"}, 400),
        ],
        segments=segments,
    )


def listing_episode(description: str, chapters: list[Chapter] | None = None) -> Episode:
    """An episode as ingest builds it from a listing line: chapters read from the description."""
    return Episode(
        id="listing",
        title="A listing",
        source=Source("listing.txt", 7),
        description=description,
        chapters=find_chapters(description) if chapters is None else chapters,
    )


def sentence_count(text: str) -> int:
    return len(split_sentences(text))


# ------------------------------------------------------------------------------------ transcripts


def test_key_points_come_from_the_transcript_with_speakers_and_timestamps() -> None:
    summary = summarize_episode(timed_episode())
    assert 4 <= len(summary.key_points) <= 8
    for point in summary.key_points:
        assert point.speaker in {"Michael Christofides", "Nikolay Samokhvalov"}
        assert point.timestamp is not None and re.fullmatch(r"\d+:\d\d", point.timestamp)
        assert point.start_seconds is not None
        assert not point.approximate
        assert point.text in TOPIC_LINES  # extractive: the speaker's own words


def test_key_points_are_in_time_order_and_spread_over_the_episode() -> None:
    points = summarize_episode(timed_episode()).key_points
    starts = [p.start_seconds or 0 for p in points]
    assert starts == sorted(starts)
    assert starts[-1] - starts[0] > 0.5 * 40 * 45


def test_filler_questions_and_sponsor_reads_are_never_key_points() -> None:
    texts = " ".join(p.text for p in summarize_episode(timed_episode()).key_points)
    assert "promo code" not in texts
    assert "?" not in texts
    assert "having me" not in texts


def test_estimated_times_are_marked_approximate() -> None:
    points = summarize_episode(timed_episode(approximate=True)).key_points
    assert points
    assert all(p.approximate and p.timestamp and p.timestamp.startswith("~") for p in points)


def test_speakers_get_their_share_of_the_words() -> None:
    speakers = summarize_episode(timed_episode()).speakers
    assert [(s.name, s.share) for s in speakers] == [("Michael Christofides", 0.6), ("Nikolay Samokhvalov", 0.4)]


def test_duration_is_estimated_from_a_timed_transcript() -> None:
    assert summarize_episode(timed_episode()).duration == "~29 min"


def test_summaries_are_deterministic() -> None:
    assert summarize_episode(timed_episode()) == summarize_episode(timed_episode())


# ------------------------------------------------------------------------------------ descriptions


NOISY_DESCRIPTION = (
    "Will Madden joins the podcast to talk about Prisma Next and the evolution from Prisma 7. "
    "The conversation dives into how agentic coding changes the role of an ORM. "
    "We discuss feedback loops, guardrails, and the TypeScript type system. "
    "This episode is sponsored by LogRocket, try it free at https://logrocket.com today. "
    "Follow Will Madden on LinkedIn (https://www.linkedin.com/in/will/) and X (https://x.com/will). "
    "Resources The Next Evolution of Prisma ORM: https://www.prisma.io/blog/the-next-evolution "
    "Chapters 00:00 Introduction 01:00 Prisma Seven and the Move Away from Rust "
    "02:20 Missing Features and Mongo Support 05:20 Rethinking ORMs in the Agentic Era "
    "07:30 Feedback Loops and Guardrails for SQL 35:30 Final Thoughts"
)


def test_overview_is_the_clean_lead_of_the_description() -> None:
    summary = summarize_episode(listing_episode(NOISY_DESCRIPTION))
    assert summary.overview.startswith("Will Madden joins the podcast to talk about Prisma Next")
    assert 2 <= sentence_count(summary.overview) <= 4
    for junk in ("http", "LinkedIn", "sponsored", "LogRocket", "00:00", "Resources"):
        assert junk not in summary.overview


def test_chapters_listed_in_the_description_become_timestamped_key_points() -> None:
    summary = summarize_episode(listing_episode(NOISY_DESCRIPTION))
    assert summary.chapters[0] == "0:00 Introduction"
    assert len(summary.chapters) == 6
    assert 4 <= len(summary.key_points) <= 8
    assert all(p.timestamp and p.speaker is None for p in summary.key_points)
    assert "Introduction" not in [p.text for p in summary.key_points]


def test_description_without_chapters_gives_key_points_from_its_other_sentences() -> None:
    description = (
        "Heroku has open-sourced its Twelve-Factor App methodology, created in 2011. "
        "Heroku CTO Gail Frederick announced this shift at KubeCon. "
        "Certain factors are now outdated, such as the focus on logs as event streams. "
        "The updated methodology will expand to accommodate modern cloud-native realities. "
        "Planned enhancements include supporting documents, reference architectures, and code examples. "
        "Success will be measured by its applicability to edge computing, IoT and serverless. "
        "Heroku views this effort as an opportunity to redefine best practices."
    )
    summary = summarize_episode(listing_episode(description))
    overview_sentences = set(split_sentences(summary.overview))
    assert 2 <= len(overview_sentences) <= 4
    assert summary.key_points
    assert all(p.text not in overview_sentences for p in summary.key_points)
    assert all(p.speaker is None and p.timestamp is None for p in summary.key_points)


def test_clean_description_drops_links_handles_and_hashtags() -> None:
    text = clean_description("A chat with Bruno (@brunoborges) about Java. #Java #JVM See https://example.com/x")
    assert "@" not in text and "#" not in text and "http" not in text


def test_a_listing_cut_off_mid_sentence_is_marked_as_cut() -> None:
    description = "A complete opening sentence about Postgres tuning. Then the listing was cut in the middle of a"
    summary = summarize_episode(listing_episode(description))
    assert summary.overview.endswith("…")


def test_an_episode_with_nothing_still_gets_a_sentence() -> None:
    summary = summarize_episode(listing_episode(""))
    assert summary.overview
    assert summary.key_points == []


# ------------------------------------------------------------------------------------ the seed corpus


def all_seed_episodes(seed_episodes: dict[str, list[Episode]]) -> list[Episode]:
    return [e for episodes in seed_episodes.values() for e in episodes]


def test_every_seed_episode_has_a_summary_within_the_limits(seed_episodes: dict[str, list[Episode]]) -> None:
    for episode in all_seed_episodes(seed_episodes):
        summary = summarize_episode(episode)
        where = f"{episode.source.file}:{episode.source.line}"
        assert summary.overview.strip(), where
        assert len(summary.overview) <= 1024, where
        assert "http" not in summary.overview and "www." not in summary.overview, where
        assert len(summary.key_points) <= 8, where
        assert all(len(p.text) <= 300 and "http" not in p.text for p in summary.key_points), where
        ref = EpisodeRef(episode.id, episode.title, episode.show, episode.source)
        assert len(render_summary_text(ref, summary)) <= 4096, where


def test_every_seed_transcript_gives_key_points_with_speakers_and_times(
    seed_episodes: dict[str, list[Episode]],
) -> None:
    with_transcripts = [e for e in all_seed_episodes(seed_episodes) if len(e.segments) >= 50]
    assert len(with_transcripts) >= 10
    for episode in with_transcripts:
        summary = summarize_episode(episode)
        where = f"{episode.source.file}:{episode.source.line}"
        assert 4 <= len(summary.key_points) <= 8, where
        assert all(p.speaker for p in summary.key_points), where
        timed = [p for p in summary.key_points if p.start_seconds is not None]
        assert all(p.timestamp for p in timed), where
        shares = [s.share for s in summary.speakers]
        assert all(s is not None for s in shares) and abs(sum(shares) - 1) < 0.01, where  # type: ignore[arg-type]


def test_the_timed_seed_page_has_exact_times_and_the_untimed_one_approximate(
    seed_episodes: dict[str, list[Episode]],
) -> None:
    timed = summarize_episode(episode_at(seed_episodes, PAGE_TIMED, 1))
    untimed = summarize_episode(episode_at(seed_episodes, PAGE_UNTIMED, 1))
    assert timed.key_points and all(not p.approximate for p in timed.key_points)
    assert "Moltbook" in timed.overview
    assert [s.name for s in timed.speakers] == ["Ben Lloyd Pearson", "Andrew Zigler"]
    assert untimed.key_points and all(p.approximate and p.timestamp.startswith("~") for p in untimed.key_points)
    assert untimed.duration == "1 h 10 min"


@pytest.mark.parametrize(
    ("file", "line", "expected", "absent"),
    [
        (LISTING_B, 49, "pg_ash", ["http", "~~~", "produced by"]),
        (LISTING_B, 46, "Prisma Next", ["LogRocket", "stickers", "http"]),
        (LISTING_A, 38, "Llama 3", ["sponsor", "Titles we almost", "Sonrai"]),
        (LISTING_A, 29, "Marc", ["Follow", "LinkedIn", "(https"]),
        (LISTING_A, 15, "Kubernetes replatforming, .NET support", ["Show Highlights", "(0:00)"]),
    ],
)
def test_seed_overviews_read_cleanly(
    seed_episodes: dict[str, list[Episode]], file: str, line: int, expected: str, absent: list[str]
) -> None:
    overview = summarize_episode(episode_at(seed_episodes, file, line)).overview
    assert expected in overview
    assert 2 <= sentence_count(overview) <= 4
    for junk in absent:
        assert junk not in overview


def test_the_cloud_pod_show_notes_give_timestamped_key_points(seed_episodes: dict[str, list[Episode]]) -> None:
    points = summarize_episode(episode_at(seed_episodes, LISTING_A, 38)).key_points
    assert any("Llama 3" in p.text and p.timestamp == "3:26" for p in points)


def test_the_whole_seed_corpus_is_summarised_quickly(seed_episodes: dict[str, list[Episode]]) -> None:
    episodes = all_seed_episodes(seed_episodes)
    start = time.perf_counter()
    for episode in episodes:
        summarize_episode(episode)
    assert time.perf_counter() - start < 2.0

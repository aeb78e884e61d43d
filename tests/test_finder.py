"""Which episode does a member mean? Requests phrased the way members talk, on hand-built and seed episodes."""

from __future__ import annotations

import time

import pytest

from bot.models import Episode, EpisodeRef, Source
from bot.summaries.finder import (
    Decision,
    EpisodeIndex,
    EpisodeRecord,
    Postings,
    build_index,
    record_from_episode,
    request_numbers,
    request_words,
)
from tests.conftest import LISTING_A, LISTING_B, PAGE_TIMED, PAGE_UNTIMED


def record(line: int, title: str, description: str = "", show: str | None = None, **extra: object) -> EpisodeRecord:
    ref = EpisodeRef(id=f"ep-{line}", title=title, show=show, source=Source("listing.txt", line))
    return EpisodeRecord(ref=ref, rowid=line, description=description, **extra)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def small_index() -> EpisodeIndex:
    return build_index(
        [
            record(1, "pg_ash", "Nik and Michael discuss pg_ash — a new tool from Nik that samples wait events."),
            record(2, "Bob Wise on generative AI", "Bob Wise, CEO of Heroku, discussed GenAI coding tools."),
            record(
                3,
                "Llama 3 week",
                "Welcome to episode 257 of the Cloud Pod podcast. Meta's release of Llama 3.",
                show="Cloud Pod",
            ),
            record(4, "Replicate story", "Ben Firshman on Replicate.", show="Latent Space"),
            record(5, "Modal and vector databases", "Erik Bernhardsson on Modal.", show="Latent Space"),
            record(
                6,
                "Trillion-scale pipelines",
                "On episode 13 of Data Renegades, CL Kao sits down with Josh.",
                show="Data Renegades",
                speakers=("Josh Wills", "CL Kao"),
            ),
            record(
                7,
                "Origins of relational databases",
                "On episode 11 of Data Renegades, Michael Stonebraker.",
                show="Data Renegades",
            ),
            record(
                8,
                "Prisma Next",
                "Will Madden joins to talk about Prisma Next and the move away from Rust.",
                chapters=("Prisma Seven and the Move Away from Rust", "Native Mongo Support"),
            ),
            record(
                9,
                "Retiring an app",
                "Joël and Stephanie retire a link shortener.",
                transcript_lead="Hello and welcome to another episode of The Bike Shed.",
                transcript_terms={"shortener": 12, "redirects": 5},
            ),
        ]
    )


def line_of(index: EpisodeIndex, request: str) -> int | None:
    result = index.find(request)
    return result.best.record.ref.source.line if result.decision is Decision.ONE and result.best else None


# ------------------------------------------------------------------------------------ request parsing


def test_filler_words_of_a_request_are_ignored() -> None:
    assert request_words("Summarize the pg_ash episode please") == ["pg", "ash"]
    assert request_words("tl;dr of the Bob Wise one?") == ["bob", "wise"]
    assert request_words("what was the Cloud Pod episode about, the one on Llama 3?") == ["cloud", "pod", "llama", "3"]
    assert request_words("recap the Prisma Next ep") == ["prisma", "next"]


def test_misspelt_filler_is_still_filler() -> None:
    assert request_words("sumarize the pgash epsiode") == ["pgash"]
    assert request_words("summery of the bob wise podcats") == ["bob", "wise"]


def test_mentions_are_not_words_of_the_request() -> None:
    assert request_words("<@123456789> @podquote summarize the Bob Wise one") == ["bob", "wise"]


def test_episode_numbers_are_read_from_the_request() -> None:
    assert request_numbers("summarize episode 257") == ["257"]
    assert request_numbers("Data Renegades ep. #13") == ["13"]
    assert request_numbers("The Agents #005") == ["5"]
    assert request_numbers("llama 3") == []


def test_transcript_words_are_found_through_the_index_not_kept_on_each_record(small_index: EpisodeIndex) -> None:
    found = small_index.find("shortener redirects").best
    assert found is not None and found.record.ref.source.line == 9
    assert found.coverage == 1.0  # "redirects" too, a word only the transcript's counts hold
    assert all(not record.transcript_terms for record in small_index.records)  # held once, in the postings


def test_postings_give_each_terms_episodes_in_order_with_their_weights() -> None:
    postings = Postings([{"postgres": 2.0, "vacuum": 1.5}, {"redis": 1.0}, {"postgres": 0.5}])
    assert list(postings.of("postgres")) == [(0, 2.0), (2, 0.5)] and postings.count("postgres") == 2
    assert list(postings.of("redis")) == [(1, 1.0)] and "vacuum" in postings and "kafka" not in postings
    assert sorted(postings) == ["postgres", "redis", "vacuum"] and len(Postings([])) == 0


# ------------------------------------------------------------------------------------ ranking


@pytest.mark.parametrize(
    ("request_text", "line"),
    [
        ("summarize the pg_ash episode", 1),
        ("sumarize the pgash epsiode", 1),
        ("tl;dr of the Bob Wise one?", 2),
        ("tldr bob wyse", 2),
        ("what was the Cloud Pod episode about, the one on Llama 3?", 3),
        ("recap the cloudpod llama3 one", 3),
        ("summarize episode 257", 3),
        ("recap the Prisma Next episode", 8),
        ("the data renegades one with Josh Wills", 6),
        ("Data Renegades ep 11", 7),
        ("summarise the Stonebrakre episode", 7),
        ("the bike shed one about the link shortener", 9),
        ("summarize the Replicate episode", 4),
    ],
)
def test_requests_pick_the_right_episode(small_index: EpisodeIndex, request_text: str, line: int) -> None:
    assert line_of(small_index, request_text) == line


@pytest.mark.parametrize("request_text", ["summarize the Latent Space episode", "tldr data renegades"])
def test_a_show_with_several_episodes_is_ambiguous(small_index: EpisodeIndex, request_text: str) -> None:
    result = small_index.find(request_text)
    assert result.decision is Decision.AMBIGUOUS
    assert len(result.candidates) >= 2
    assert {c.record.ref.show for c in result.candidates} == {result.candidates[0].record.ref.show}


@pytest.mark.parametrize(
    "request_text",
    ["summarize the episode about knitting", "recap the sourdough one", "summarize the podcast", "", "   "],
)
def test_no_episode_fits(small_index: EpisodeIndex, request_text: str) -> None:
    result = small_index.find(request_text)
    assert result.decision is Decision.NONE
    assert result.candidates == []


@pytest.mark.parametrize(
    "request_text",
    ['"', "*", "NEAR(a b)", "-", "NOT", "pg_ash AND OR", "🎙️🔥", "x" * 10_000, "Ω≈ç√ summarize", "\x00\n\t"],
)
def test_hostile_requests_never_raise(small_index: EpisodeIndex, request_text: str) -> None:
    result = small_index.find(request_text)
    assert result.decision in set(Decision)


def test_autocomplete_ranking_takes_the_last_word_as_a_prefix(small_index: EpisodeIndex) -> None:
    ranked = small_index.rank("pris", limit=25, prefix=True)
    assert ranked
    assert ranked[0].record.ref.source.line == 8


def test_repeated_records_are_kept_once() -> None:
    twin = "Heroku is a cloud platform-as-a-service founded in 2007."
    index = build_index([record(11, "Heroku", twin), record(12, "Heroku", twin), record(13, "Other", "Fly.io")])
    assert len(index) == 2
    assert line_of(index, "summarize the heroku platform-as-a-service episode") == 11


# ------------------------------------------------------------------------------------ the seed corpus


@pytest.fixture(scope="module")
def seed_index(seed_episodes: dict[str, list[Episode]]) -> EpisodeIndex:
    return build_index([record_from_episode(e) for episodes in seed_episodes.values() for e in episodes])


SEED_REQUESTS = [
    ("summarize the pg_ash episode", LISTING_B, 49),
    ("sumarize the pgash epsiode", LISTING_B, 49),
    ("tl;dr of the Bob Wise one?", LISTING_A, 27),
    ("what was the Cloud Pod episode about, the one on Llama 3?", LISTING_A, 38),
    ("recap the Prisma Next episode", LISTING_B, 46),
    ("summary of the Josh Wills episode", PAGE_UNTIMED, 1),
    ("Data Renegades ep. #13", PAGE_UNTIMED, 1),
    ("tldr the one where Meta bought Moltbook", PAGE_TIMED, 1),
    ("what was the inference is the new 401k episode about", PAGE_TIMED, 1),
    ("summarize the Bike Shed episode about query plans", LISTING_A, 43),
    ("the Data Renegades one with Michael Stonebraker", LISTING_B, 26),
    ("tl;dr Talking Postgres episode 39", LISTING_B, 18),
    ("recap the giant robots episode with Marc Gauthier", LISTING_A, 29),
    ("what was the Replicate episode about, with Ben Firshman?", LISTING_A, 46),
    ("summarize the Modal one with Erik Bernhardson", LISTING_A, 48),
    ("@podquote summarize the autovacuum episode", LISTING_B, 9),
    ("summarize the turbopuffer episode", LISTING_B, 43),
    ("what was SaaStr 732 about", LISTING_A, 45),
]


@pytest.mark.parametrize(("request_text", "file", "line"), SEED_REQUESTS)
def test_member_requests_pick_the_right_seed_episode(
    seed_index: EpisodeIndex, request_text: str, file: str, line: int
) -> None:
    result = seed_index.find(request_text)
    assert result.decision is Decision.ONE, [c.record.ref.title for c in result.candidates]
    assert result.best is not None
    assert (result.best.record.ref.source.file, result.best.record.ref.source.line) == (file, line)


@pytest.mark.parametrize(
    "request_text",
    [
        "summarize the Latent Space episode",
        "summarize the Data Renegades episode",
        "tldr the Talking Postgres one",
        "summarize the heroku episode",
        "the bike shed episode",
    ],
)
def test_seed_shows_with_several_episodes_are_ambiguous(seed_index: EpisodeIndex, request_text: str) -> None:
    result = seed_index.find(request_text)
    assert result.decision is Decision.AMBIGUOUS
    assert 2 <= len(result.candidates) <= 8


@pytest.mark.parametrize(
    "request_text", ["summarize the episode about knitting", "recap the episode about sourdough baking"]
)
def test_unknown_topics_find_nothing_in_the_seeds(seed_index: EpisodeIndex, request_text: str) -> None:
    assert seed_index.find(request_text).decision is Decision.NONE


def test_a_request_takes_milliseconds(seed_index: EpisodeIndex) -> None:
    requests = [r for r, _, _ in SEED_REQUESTS] + ["sumarize teh pgash epsiode about wiat evnets"]
    seed_index.find("warm up")
    start = time.perf_counter()
    for request_text in requests:
        seed_index.find(request_text)
    per_request_ms = (time.perf_counter() - start) * 1000 / len(requests)
    assert per_request_ms < 20

"""Summaries on request through the store, as the cogs and the command line use them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot import cli
from bot.models import EpisodeRef, Source
from bot.results import EpisodeSummary, KeyPoint, SpeakerShare
from bot.store import Store
from bot.summaries import (
    answer_summary_request,
    episode_choices,
    finder_index,
    render_summary_text,
    summary_for_episode,
)
from tests.conftest import LISTING_A, LISTING_B, PAGE_TIMED, PAGE_UNTIMED

ISSUE_REQUESTS = [
    ("summarize the pg_ash episode", LISTING_B, 49),
    ("tl;dr of the Bob Wise one?", LISTING_A, 27),
    ("what was the Cloud Pod episode about, the one on Llama 3?", LISTING_A, 38),
    ("recap the Prisma Next episode", LISTING_B, 46),
    ("sumarize the pgash epsiode", LISTING_B, 49),
    ("<@1234> tldr of the Josh Wills one pls", PAGE_UNTIMED, 1),
    ("what was the Dev Interrupted one about Moltbook and AI outages", PAGE_TIMED, 1),
]
JSON_KEYS = {"request", "took_ms", "episode", "summary", "key_points", "speakers", "candidates"}


@pytest.mark.parametrize(("request_text", "file", "line"), ISSUE_REQUESTS)
async def test_requests_in_plain_words_get_the_right_summary(
    seed_store: Store, request_text: str, file: str, line: int
) -> None:
    answer = await answer_summary_request(seed_store, request_text)
    assert answer.episode is not None, answer.text
    assert (answer.episode.source.file, answer.episode.source.line) == (file, line)
    assert answer.summary is not None
    assert answer.candidates == []
    assert len(answer.text) <= 4096
    assert answer.text.startswith("**")


async def test_an_ambiguous_request_returns_the_candidates(seed_store: Store) -> None:
    answer = await answer_summary_request(seed_store, "summarize the Latent Space episode")
    assert answer.episode is None and answer.summary is None
    assert len(answer.candidates) >= 2
    assert all(c.show == "Latent Space" for c in answer.candidates[:3])
    assert "Which one?" in answer.text
    assert answer.candidates[0].title.split()[0] in answer.text


async def test_an_unknown_request_says_so_helpfully(seed_store: Store) -> None:
    answer = await answer_summary_request(seed_store, "summarize the episode about knitting")
    assert answer.episode is None and answer.candidates == []
    assert "knitting" in answer.text
    assert "guest" in answer.text


async def test_a_request_without_content_asks_which_episode(seed_store: Store) -> None:
    answer = await answer_summary_request(seed_store, "@podquote summarize")
    assert answer.episode is None
    assert answer.text.startswith("Which episode?")


async def test_the_json_shape_is_the_documented_one(seed_store: Store) -> None:
    answer = await answer_summary_request(seed_store, "summarize the Josh Wills episode")
    data = json.loads(json.dumps(answer.as_dict(), ensure_ascii=False))
    assert set(data) == JSON_KEYS
    assert set(data["episode"]) == {"id", "title", "show", "source"}
    assert data["episode"]["source"] == {"file": PAGE_UNTIMED, "line": 1}
    assert data["summary"] == answer.text
    assert 4 <= len(data["key_points"]) <= 8
    for point in data["key_points"]:
        assert set(point) == {"text", "speaker", "timestamp", "start_seconds"}
        assert point["speaker"] and point["timestamp"].startswith("~")
    assert {s["name"] for s in data["speakers"]} == {"Josh Wills", "CL Kao"}


async def test_summary_by_episode_id(seed_store: Store) -> None:
    first = await answer_summary_request(seed_store, "recap the Prisma Next episode")
    assert first.episode is not None
    again = await summary_for_episode(seed_store, first.episode.id)
    assert again.episode == first.episode
    assert again.text == first.text
    unknown = await summary_for_episode(seed_store, "no-such-episode")
    assert unknown.episode is None and "no-such-episode" in unknown.text


async def test_every_seed_episode_renders_within_discords_limits(seed_store: Store) -> None:
    index = await finder_index(seed_store)
    for record in index.records:
        answer = await summary_for_episode(seed_store, record.ref.id)
        assert answer.summary is not None
        assert 0 < len(answer.text) <= 4096, record.ref.id
        assert len(answer.summary.overview) <= 1024


@pytest.mark.parametrize("text", ["", "pris", "bike shed", "NEAR(", '"', "🎙️", "x" * 10_000])
async def test_autocomplete_answers_at_most_25_and_never_raises(seed_store: Store, text: str) -> None:
    choices = await episode_choices(seed_store, text)
    assert len(choices) <= 25
    assert all(isinstance(c, EpisodeRef) for c in choices)


async def test_autocomplete_finds_an_episode_from_a_prefix(seed_store: Store) -> None:
    choices = await episode_choices(seed_store, "prisma ne")
    assert choices and choices[0].source == Source(LISTING_B, 46)


async def test_autocomplete_on_a_closed_store_returns_nothing(seed_db: Path) -> None:
    store = await Store.open(seed_db)
    await store.close()
    assert await episode_choices(store, "pg_ash") == []


@pytest.fixture
def seed_db_copy(seed_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "copy.db"
    db.write_bytes(seed_db.read_bytes())
    return db


async def test_the_index_is_rebuilt_when_the_corpus_changes(seed_db_copy: Path) -> None:
    async with await Store.open(seed_db_copy) as store:
        first = await finder_index(store)
        assert await finder_index(store) is first
        await store.set_meta("corpus_version", "something-else")
        assert await finder_index(store) is not first


def test_rendered_text_fits_even_for_an_oversized_summary() -> None:
    ref = EpisodeRef("big", "A very long episode " * 10, "Show", Source("x.txt", 1))
    summary = EpisodeSummary(
        overview="An overview sentence that goes on. " * 60,
        key_points=[KeyPoint("A point with *stars* and _underscores_ @everyone. " * 8, "Speaker", 75, "1:15")] * 8,
        speakers=[SpeakerShare(f"Speaker {i}", 0.05) for i in range(20)],
        chapters=[f"{i}:00 Chapter number {i} with a long title" for i in range(40)],
        duration="2 h 5 min",
    )
    text = render_summary_text(ref, summary)
    assert len(text) <= 4096
    assert "`1:15` **Speaker**:" in text
    assert "@everyone" not in text
    assert r"\*stars\*" in text


# ------------------------------------------------------------------------------------ command line


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(argv)
    return code, capsys.readouterr().out


def test_cli_answers_one_request_as_json(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_cli(["summary", "--json", "--db", str(seed_db), "tl;dr of the Bob Wise one?"], capsys)
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) == JSON_KEYS
    assert data["episode"]["source"] == {"file": LISTING_A, "line": 27}


def test_cli_reads_requests_from_stdin_in_order(
    seed_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    requests = ["summarize the pg_ash episode", "summarize the Latent Space episode", "knitting episode recap"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(requests) + "\n"))
    code, out = run_cli(["summary", "--json", "--db", str(seed_db), "-"], capsys)
    assert code == 0
    answers = [json.loads(line) for line in out.strip().splitlines()]
    assert [a["request"] for a in answers] == requests
    assert answers[0]["episode"]["source"]["line"] == 49
    assert answers[1]["episode"] is None and len(answers[1]["candidates"]) >= 2
    assert answers[2]["episode"] is None and answers[2]["candidates"] == []


def test_cli_prints_the_text_as_posted(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_cli(["summary", "--db", str(seed_db), "recap the Prisma Next episode"], capsys)
    assert code == 0
    assert "Prisma Next" in out
    assert "**Key points**" in out

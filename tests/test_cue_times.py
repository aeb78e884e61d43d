"""A quote's time is the time of the cue where the quoted words begin (issue 16, point 8).

Cue-timed transcripts (Podcasting 2.0 JSON, WebVTT, SRT) join one speaker's consecutive cues into one passage;
the passage keeps every cue's start, and a hit is timed (and linked) at the cue its words start in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.discord_app.render import render_quote_hit
from bot.ingest import ingest_folder
from bot.ingest.turns import Turn, segments_from_turns
from bot.search import search_quotes
from bot.store import Store

CUES = [
    (10.0, "Welcome to the show, today we talk about compilers and the people who write them."),
    (22.5, "My guest has spent twenty years making optimisers that nobody ever thanks."),
    (35.0, "The strangest bug she found was a register allocator that hated prime numbers."),
    (47.25, "It only failed on Tuesdays because the nightly build ran with a different seed."),
]
THIRD = "a register allocator that hated prime numbers"
ACROSS = "nobody ever thanks. The strangest bug she found"  # begins in the second cue, ends in the third


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"00:{whole // 60:02d}:{whole % 60:02d}.{round((seconds - whole) * 1000):03d}"


def _webvtt() -> str:
    blocks = [f"{_clock(start)} --> {_clock(start + 12)}\n<v Ada Byron>{text}" for start, text in CUES]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def _srt() -> str:
    blocks = [
        f"{n}\n{_clock(start).replace('.', ',')} --> {_clock(start + 12).replace('.', ',')}\nAda Byron: {text}"
        for n, (start, text) in enumerate(CUES, 1)
    ]
    return "\n\n".join(blocks) + "\n"


def _podcasting20() -> str:
    segments = [{"speaker": "Ada Byron", "startTime": at, "endTime": at + 12, "body": text} for at, text in CUES]
    return json.dumps({"version": "1.0.0", "segments": segments})


@pytest.mark.parametrize(
    ("name", "write"),
    [("talk.vtt", _webvtt), ("talk.srt", _srt), ("talk.json", _podcasting20)],
    ids=["webvtt", "srt", "podcasting2.0"],
)
async def test_a_quote_from_the_third_cue_of_a_turn_is_timed_at_that_cue(tmp_path: Path, name: str, write) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / name).write_text(write(), encoding="utf-8")
    async with await Store.open(tmp_path / "store.db") as store:
        await ingest_folder(store, folder)
        (episode,) = await store.episodes()
        assert episode.segment_count == 1  # the four cues are one passage of one turn
        third = (await search_quotes(store, THIRD)).hits[0]
        across = (await search_quotes(store, ACROSS)).hits[0]
        first = (await search_quotes(store, "today we talk about compilers")).hits[0]
    assert (third.start_seconds, third.timestamp, third.approximate) == (35.0, "0:35", False)
    assert third.text.startswith("Welcome to the show")  # the whole passage is still quoted
    assert across.start_seconds == 22.5 and first.start_seconds == 10.0
    assert "**Ada Byron** at `0:35`" in render_quote_hit(third)["description"]  # what members see


async def test_the_link_to_the_moment_plays_the_quoted_words(tmp_path: Path) -> None:
    from tests.feeds.helpers import feeds_folder

    folder = feeds_folder(tmp_path / "seeds")
    async with await Store.open(tmp_path / "store.db") as store:
        await ingest_folder(store, folder)
        hit = (await search_quotes(store, "just use a batch job and sleep at night")).hits[0]
    # Josh's turn starts at 760.5 s (the watermark answer); the batch job line is a cue of the same turn at 2401 s
    assert hit.start_seconds == 2401.0
    assert hit.link == "https://cdn.pipelineweekly.example.com/audio/pw-042.mp3#t=2401"


def test_segments_keep_the_start_of_every_cue_they_hold() -> None:
    turn = Turn("Ada", "One two three. Four five six.", 5.0, marks=[(15, 9.5)])
    (segment,) = segments_from_turns([turn])
    assert (segment.start_seconds, segment.marks) == (5.0, ((15, 9.5),))
    words = " ".join(f"w{i}" for i in range(50))
    long = Turn("Ada", f"{words}. {words}.", 1.0, marks=[(len(words) + 2, 30.0), (len(words) + 22, 33.0)])
    first, second = segments_from_turns([long])
    assert (first.start_seconds, first.marks) == (1.0, ())
    assert (second.start_seconds, second.marks) == (30.0, ((20, 33.0),))  # offsets within the segment's text


def test_a_key_point_is_timed_at_the_cue_its_sentence_begins_in() -> None:
    from bot.ingest.parsers import parse_document
    from bot.summaries.summarize import transcript_sentences

    (episode,), _ = parse_document("talk.vtt", _webvtt())
    starts = {unit.text[:20]: unit.start_seconds for unit in transcript_sentences(episode)}
    assert starts == {text[:20]: start for start, text in CUES}

"""Standalone transcript formats: Whisper, whisper.cpp and HTML transcripts, alone and through parse_document."""

from __future__ import annotations

import json

import pytest

from bot.ingest.errors import ParseError
from bot.ingest.html_transcript import looks_like_html_transcript, parse_html_transcript
from bot.ingest.parsers import parse_document
from bot.ingest.transcripts import parse_transcript
from bot.ingest.whisper import parse_whisper_json, whisper_kind
from tests.feeds.helpers import fixture_bytes


def _text(name: str) -> str:
    return fixture_bytes(f"transcripts/{name}").decode("utf-8")


def test_whisper_segments_keep_their_start_times() -> None:
    turns = parse_whisper_json(_text("im-101.json"))
    assert (turns[0].start, turns[0].text) == (0.0, "Welcome to Indie Makers Radio.")
    assert turns[2].start == 612.0 and turns[2].speaker is None
    assert len(turns) == 3


def test_whisper_cpp_offsets_are_milliseconds_and_timestamps_a_fallback() -> None:
    turns = parse_whisper_json(_text("im-102.json"))
    assert [t.start for t in turns] == [0.0, 4.2, 902.5]  # offsets in ms; the third only has timestamps
    assert all("BLANK_AUDIO" not in t.text for t in turns)


def test_whisper_times_that_overflow_are_unknown_not_infinite() -> None:
    # Python's JSON reads `Infinity` and `1e400` as infinity, which no clock or `#t=` link can show.
    text = '{"segments": [{"start": 1e400, "end": 2, "text": "Far out."}, {"start": Infinity, "text": "Beyond."}]}'
    assert [t.start for t in parse_whisper_json(text)] == [None, None]
    cpp = '{"transcription": [{"offsets": {"from": 1e400}, "timestamps": {"from": "inf"}, "text": "Later."}]}'
    assert parse_whisper_json(cpp)[0].start is None
    podcasting20 = (
        '{"segments": [{"speaker": "Ann", "startTime": 1e400, "body": "Hi."}, {"startTime": "nan", "body": "Yo."}]}'
    )
    assert [t.start for t in parse_transcript(podcasting20, "application/json")] == [None, None]


def test_whisper_kind_tells_whisper_from_podcasting20() -> None:
    assert whisper_kind(json.loads(_text("im-101.json"))) == "whisper"
    assert whisper_kind(json.loads(_text("im-102.json"))) == "whisper.cpp"
    assert whisper_kind(json.loads(_text("pw-042.json"))) is None
    with pytest.raises(ParseError):
        parse_whisper_json(_text("pw-042.json"))


def test_a_whisper_json_file_is_not_taken_for_podcasting20() -> None:
    episodes, _ = parse_document("pricing.json", _text("im-101.json"))
    assert episodes[0].segments[-1].text.startswith("Nobody ever churned")
    assert episodes[0].segments[-1].start_seconds == 612.0
    # and a Podcasting 2.0 file still reads as one, with its speakers
    episodes, _ = parse_document("joins.json", _text("pw-042.json"))
    assert {s.name for s in episodes[0].speakers} == {"Maya Chen", "Josh Wills"}


def test_html_transcript_speakers_times_and_paragraphs() -> None:
    turns = parse_html_transcript(_text("pw-039.html"))
    assert [(t.speaker, t.start) for t in turns] == [("Maya Chen", 3.0), ("Lena Fischer", 9.0), ("Maya Chen", 1300.0)]
    assert turns[1].text.endswith("only if both teams actually read them.")  # two paragraphs, one turn
    assert "—" in turns[1].text and "&" in turns[2].text  # entities decoded
    assert "Schema drift is a people problem" not in " ".join(t.text for t in turns)  # the <h1> is no speech


def test_html_transcript_with_cite_and_time_inside_paragraphs() -> None:
    turns = parse_html_transcript(_text("im-103.html"))
    assert [(t.speaker, t.start) for t in turns][2] == ("Sam Okafor", 754.0)
    assert turns[3].text == "Sundays are for not opening the laptop. That's the whole trick, honestly."


def test_an_html_transcript_file_through_parse_document() -> None:
    html = _text("pw-039.html")
    assert looks_like_html_transcript(html)
    episodes, _ = parse_document("schema-drift.html", html)
    assert {s.name for s in episodes[0].speakers} == {"Maya Chen", "Lena Fischer"}
    assert episodes[0].timed


def test_html_without_speech_is_an_error() -> None:
    with pytest.raises(ParseError):
        parse_html_transcript("<html><head><title>x</title></head><body></body></html>")


@pytest.mark.parametrize(
    ("name", "kind", "speaker"),
    [
        ("pw-042.json", "application/json", "Maya Chen"),
        ("pw-041.vtt", "text/vtt", "Maya Chen"),
        ("pw-040.srt", "application/srt", "Maya"),
        ("pw-039.html", "text/html", "Maya Chen"),
        ("pw-lq3.txt", "text/plain", "Maya"),
        ("pw-041.vtt", "text/plain", "Maya Chen"),  # mislabelled: the WEBVTT header wins
    ],
)
def test_parse_transcript_by_type(name: str, kind: str, speaker: str) -> None:
    turns = parse_transcript(_text(name), kind)
    assert turns and turns[0].speaker == speaker


def test_parse_transcript_rejects_empty_text() -> None:
    with pytest.raises(ParseError):
        parse_transcript("  \n", "text/plain")

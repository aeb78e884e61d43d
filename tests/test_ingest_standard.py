"""Standard transcript files: Podcasting 2.0 JSON, WebVTT, SRT."""

from __future__ import annotations

import json

import pytest

from bot.ingest import ParseError, parse_document

PC20 = {
    "version": "1.0.0",
    "segments": [
        {"speaker": "Ana Park", "startTime": 0.5, "endTime": 3.0, "body": "Welcome back to the show."},
        {"speaker": "Ana Park", "startTime": 3.0, "endTime": 6.0, "body": "Today we talk about queues."},
        {"speaker": "Ben", "startTime": 6.2, "endTime": 9.0, "body": "Postgres is a fine queue, honestly."},
    ],
}
VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Dana Scully>The truth is out there, Mulder.</v>

00:00:04.500 --> 00:00:07.000
<v Fox Mulder>I want to believe.

00:00:07.500 --> 00:00:09.000
And so should you.
"""
SRT = """1
00:00:01,000 --> 00:00:03,000
Alice: Hello and welcome.

2
00:01:02,500 --> 00:01:05,000
Bob: Thanks for having me on the show.

3
00:01:05,500 --> 00:01:08,000
It's great to be here.
"""


def test_podcasting20_json_merges_consecutive_lines_of_one_speaker():
    [episode], notes = parse_document("queues-in-postgres.json", json.dumps(PC20))
    assert notes == []
    assert episode.title == "Queues in postgres"
    assert [(s.speaker, s.start_seconds) for s in episode.segments] == [("Ana Park", 0.5), ("Ben", 6.2)]
    assert episode.segments[0].text == "Welcome back to the show. Today we talk about queues."
    assert episode.timed and {s.name for s in episode.speakers} == {"Ana Park", "Ben"}


def test_webvtt_voices_and_carried_over_speaker():
    [episode], _ = parse_document("x-files.vtt", VTT)
    assert [(s.speaker, s.start_seconds) for s in episode.segments] == [
        ("Dana Scully", 1.0),
        ("Fox Mulder", 4.5),
    ]
    assert episode.segments[1].text == "I want to believe. And so should you."


def test_empty_cues_and_lines_add_nothing():
    vtt = VTT.replace("And so should you.", "<v Fox Mulder></v>\n\n00:00:09.500 --> 00:00:10.000\nAnd so should you.")
    [episode], _ = parse_document("x-files.vtt", vtt)
    assert episode.segments[1].text == "I want to believe. And so should you."
    pc20 = {"segments": [*PC20["segments"][:2], {"speaker": "Ana Park", "startTime": 3.5, "body": "  "}]}
    [episode], _ = parse_document("queues.json", json.dumps(pc20))
    assert [s.text for s in episode.segments] == ["Welcome back to the show. Today we talk about queues."]


def test_srt_labels():
    [episode], _ = parse_document("interview.srt", SRT)
    assert [(s.speaker, s.start_seconds) for s in episode.segments] == [("Alice", 1.0), ("Bob", 62.5)]
    assert episode.segments[1].text.endswith("It's great to be here.")


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("empty.json", "   \n", "empty"),
        ("broken.json", '{"version": "1.0.0", "segments": [', "invalid JSON"),
        ("other.json", '{"hello": "world"}', "segments"),
        ("garbage.txt", "asdf qwer\nzxcv", "no episode"),
        ("nocues.srt", "just some words", "no subtitle cues"),
        ("novtt.vtt", "not a vtt", "WEBVTT"),
    ],
)
def test_unparseable_documents_raise_with_a_reason(name, text, reason):
    with pytest.raises(ParseError, match=reason):
        parse_document(name, text)

"""Rendering results into Discord-sized messages: content, links, and Discord's limits however big the input."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from bot.discord_app import render
from bot.links import moment_url
from bot.markdown import safe
from bot.models import EpisodeRef, Source
from bot.results import EpisodeSummary, IngestReport, KeyPoint, QuoteAnswer, QuoteHit, SpeakerShare, SummaryAnswer
from bot.store import SegmentRow
from tests.fake_discord.rules import embed_errors

EPISODE = EpisodeRef("ep-1", "Scaling Postgres", "Talking Postgres", Source("001.txt", 3), "https://pod.example/ep1")


def hit(text: str = "We sharded everything.", **changes: Any) -> QuoteHit:
    values: dict[str, Any] = {
        "segment_id": 7,
        "text": text,
        "speaker": "Ada Lovelace",
        "start_seconds": 754.0,
        "timestamp": "12:34",
        "approximate": False,
        "score": 91.0,
        "episode": EPISODE,
        **changes,
    }
    return QuoteHit(**values)


def assert_fits(embed: dict[str, Any]) -> None:
    assert embed_errors(embed) == []
    assert render.embed_length(embed) <= render.MAX_EMBED_TOTAL


# ---------------------------------------------------------------- quotes


def test_quote_embed_shows_quote_speaker_timestamp_episode_and_link() -> None:
    embed = render.render_quote_hit(hit(), position=2, total=5, took_ms=12.3)
    assert embed["title"] == "Scaling Postgres"
    assert embed["description"] == (
        "> We sharded everything.\n\n— **Ada Lovelace** at `12:34` · [▶ 12:34](https://pod.example/ep1#t=754)"
    )
    assert embed["url"] == "https://pod.example/ep1#t=754"
    assert {"name": "Show", "value": "Talking Postgres", "inline": True} in embed["fields"]
    assert embed["footer"]["text"] == "Result 2 of 5 · found in 12 ms · 001.txt:3"
    assert_fits(embed)


def test_approximate_timestamps_are_marked_and_not_linked_to() -> None:
    embed = render.render_quote_hit(hit(timestamp="12:34", approximate=True))
    assert "`~12:34` (approximate)" in embed["description"]
    assert embed["url"] == "https://pod.example/ep1"


def test_a_hit_without_time_speaker_or_url() -> None:
    bare = EpisodeRef("ep-2", "Untimed", None, Source("x.txt", 1))
    embed = render.render_quote_hit(hit(speaker=None, start_seconds=None, timestamp=None, episode=bare))
    assert embed["description"].endswith("— *unknown speaker*")
    assert "url" not in embed
    assert [f["name"] for f in embed["fields"]] == ["Episode"]


def test_quote_text_is_shown_literally() -> None:
    embed = render.render_quote_hit(hit("a *bold* _claim_ with `code` ~~gone~~ || spoiler"))
    assert "\\*bold\\* \\_claim\\_ with \\`code\\` \\~\\~gone\\~\\~ \\|\\| spoiler" in embed["description"]


# Discord makes a link of `http(s)://...` (bare, in <...>, or masked as [text](url)); none may survive.
_DISCORD_LINK = re.compile(r"https?://|(?<!\\)\]\(", re.IGNORECASE)  # a URL, or a masked link's unescaped `](`


@pytest.mark.parametrize(
    "text",
    [
        "As I said, [click here](https://evil.example/login) for the show notes.",
        "The notes are at https://evil.example/a?b=c, go read them",
        "Or <https://evil.example> in angle brackets, or [text](<https://evil.example>)",
        "[**bold** link](http://evil.example/x) and HTTPS://EVIL.EXAMPLE",
    ],
)
def test_links_in_a_transcript_are_shown_as_text(text: str) -> None:
    quote = render.render_quote_hit(hit(text), position=1, total=1)
    shown = quote["description"].split("\n\n— ")[0]  # the quote, before the attribution and its ▶ link
    assert not _DISCORD_LINK.search(shown)
    assert shown.replace("\u200b", "").replace("\\", "").lower().startswith("> " + text[:12].lower())
    context = render.render_context(hit(text), [SegmentRow(7, 1, 6, "Ada", 754.0, False, text)])
    assert not _DISCORD_LINK.search(context["description"])
    assert not _DISCORD_LINK.search(safe(text))  # what answers to questions show


def test_a_huge_quote_is_cut_to_fit() -> None:
    embed = render.render_quote_hit(hit("word " * 5000, speaker="S" * 500), took_ms=1.0)
    assert embed["description"].startswith("> word")
    assert "…" in embed["description"]
    assert_fits(embed)


@pytest.mark.parametrize(
    ("url", "seconds", "expected"),
    [
        ("https://pod.example/ep", 61.9, "https://pod.example/ep#t=61"),
        ("https://pod.example/ep#old", 5, "https://pod.example/ep#t=5"),
        ("https://www.youtube.com/watch?v=abc", 90, "https://www.youtube.com/watch?v=abc&t=90s"),
        ("https://youtu.be/abc?t=3", 90, "https://youtu.be/abc?t=90s"),
        ("https://pod.example/ep", None, "https://pod.example/ep"),
        ("ftp://pod.example/ep", 5, None),
        ("javascript:alert(1)", 5, None),
        (None, 5, None),
    ],
)
def test_moment_url(url: str | None, seconds: float | None, expected: str | None) -> None:
    assert moment_url(url, seconds) == expected


def test_quote_page_is_clamped_to_the_hits() -> None:
    answer = QuoteAnswer("q", 3.0, [hit("one"), hit("two")])
    assert render.render_quote_page(answer, 9)["description"].startswith("> two")
    assert render.render_quote_page(answer, -1)["description"].startswith("> one")


def test_context_marks_the_hit_among_its_neighbours() -> None:
    rows = [
        SegmentRow(6, 1, 5, "Grace", 740.0, False, "Before *that*."),
        SegmentRow(7, 1, 6, "Ada Lovelace", 754.0, False, "We sharded everything."),
        SegmentRow(8, 1, 7, "Grace", 760.0, True, "After."),
    ]
    embed = render.render_context(hit(), rows)
    lines = embed["description"].split("\n\n")
    assert lines == [
        "`12:20` **Grace:** Before \\*that\\*.",
        "`12:34` **Ada Lovelace:** __We sharded everything.__",
        "`~12:40` **Grace:** After.",
    ]
    assert embed["title"] == "Context · Scaling Postgres"


def test_context_of_many_long_segments_fits() -> None:
    rows = [SegmentRow(i, 1, i, "S", float(i), False, "blah " * 2000) for i in range(5)]
    assert_fits(render.render_context(hit(segment_id=2), rows))


def test_did_you_mean_options_fit_a_select() -> None:
    hits = [hit("x" * 300, speaker="y" * 300) for _ in range(40)]
    options = render.hit_options(hits)
    assert len(options) == 25
    assert [o.value for o in options[:3]] == ["0", "1", "2"]
    assert all(len(o.label) <= 100 and o.description and len(o.description) <= 100 for o in options)


def test_no_match_messages() -> None:
    nothing = QuoteAnswer("zzz", 1.0, [])
    assert render.render_no_match(nothing).startswith("Nothing matched “zzz”")
    close = QuoteAnswer("zzz", 1.0, [], [hit()])
    assert "Did you mean" in render.render_no_match(close)
    broken = QuoteAnswer("zzz", 1.0, [], error="the index is busy")
    assert render.render_no_match(broken) == "I couldn't search for “zzz”: the index is busy"
    huge = QuoteAnswer("@everyone " * 1000, 1.0, [])
    text = render.render_no_match(huge)
    assert len(text) <= render.MAX_CONTENT and "@everyone" not in text


# ---------------------------------------------------------------- mentions and content


@pytest.mark.parametrize("token", ["@everyone", "@here", "@EVERYONE", "<@123>", "<@!123>", "<@&456>", "<#789>"])
def test_mentions_are_neutralised(token: str) -> None:
    text = render.neutralise_mentions(f"hey {token} there")
    assert token not in text
    assert text.replace("\u200b", "") == f"hey {token} there"


def test_content_is_clamped_to_2000_characters() -> None:
    assert len(render.clamp_content("x" * 5000)) == render.MAX_CONTENT


# ---------------------------------------------------------------- summaries


def summary_answer(points: int = 3, chapters: int = 2, text_size: int = 1) -> SummaryAnswer:
    summary = EpisodeSummary(
        overview="An episode about sharding. " * text_size,
        key_points=[
            KeyPoint(f"Point {i} " + "detail " * text_size, "Ada" if i % 2 else None, i * 60.0, None, i % 3 == 0)
            for i in range(points)
        ],
        speakers=[SpeakerShare("Ada Lovelace", 0.62), SpeakerShare("Grace Hopper", 0.38), SpeakerShare("Guest", None)],
        chapters=[f"{i}:00 Chapter {i}" for i in range(chapters)],
        duration="1:02:03",
    )
    return SummaryAnswer("summarise scaling postgres", 4.0, EPISODE, summary, "text as posted")


def test_summary_embed_has_every_part() -> None:
    embed = render.render_summary(summary_answer())
    assert embed["title"] == "Scaling Postgres"
    assert embed["url"] == "https://pod.example/ep1"
    assert embed["description"].startswith("An episode about sharding.")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Key points"].splitlines() == [
        "`~0:00` Point 0 detail",
        "[▶ 1:00](https://pod.example/ep1#t=60) **Ada:** Point 1 detail",
        "[▶ 2:00](https://pod.example/ep1#t=120) Point 2 detail",
    ]
    assert fields["Speakers"] == "Ada Lovelace — 62%\nGrace Hopper — 38%\nGuest"
    assert fields["Chapters"] == "1. 0:00 Chapter 0\n2. 1:00 Chapter 1"
    assert fields["Duration"] == "1:02:03"
    assert embed["footer"]["text"] == "Talking Postgres · 001.txt:3"
    assert_fits(embed)


def test_a_huge_summary_fits_discords_limits() -> None:
    embed = render.render_summary(summary_answer(points=60, chapters=300, text_size=800))
    assert_fits(embed)
    assert embed["fields"][0]["name"] == "Key points"
    names = [f["name"] for f in embed["fields"]]
    assert names == ["Key points", "Key points (cont.)", "Speakers", "Chapters", "Duration"]
    assert embed["fields"][3]["value"].endswith("more")


def test_a_summary_answer_without_a_summary_shows_its_text() -> None:
    answer = SummaryAnswer("what?", 1.0, None, None, "Which episode? Name the show.")
    assert render.render_summary(answer)["description"] == "Which episode? Name the show."


def test_candidates() -> None:
    refs = [EpisodeRef(f"id-{i}", "T" * 200, "Show" if i % 2 else None, Source("a", i)) for i in range(30)]
    options = render.candidate_options(refs)
    assert len(options) == 25 and options[1].description == "Show" and options[0].description is None
    assert all(len(o.label) <= 100 for o in options)
    answer = SummaryAnswer("@everyone latent space", 1.0, None, None, "", refs)
    content = render.render_candidates(answer)
    assert content.startswith("Several episodes could match") and "@everyone" not in content
    assert render.episode_choice_label(refs[1]).endswith("…") and len(render.episode_choice_label(refs[1])) <= 100


# ---------------------------------------------------------------- admin


def test_ingest_report_lists_changes_and_skips_within_limits() -> None:
    report = IngestReport(
        files_seen=900,
        files_added=[f"file_{i:04d}_with_a_rather_long_name.txt" for i in range(500)],
        files_changed=["b.txt"],
        files_removed=["c.txt"],
        files_unchanged=["d.txt"] * 3,
        files_skipped={f"bad_{i}.json": "invalid JSON (Expecting ',' delimiter at line 1)" for i in range(300)},
        episodes_added=480,
        episodes_changed=1,
        episodes_removed=2,
        segments_added=123456,
        segments_removed=789,
        notes=["one note"],
        seconds=12.5,
    )
    embed = render.render_ingest_report(report)
    assert_fits(embed)
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Episodes"] == "added 480\nchanged 1\nremoved 2"
    assert fields["Segments"] == "+123456 / −789"
    assert fields["Added files"].endswith("more") and "`file_0000_with_a_rather_long_name.txt`" in fields["Added files"]
    assert fields["Changed files"] == "`b.txt`"
    assert "`bad_0.json`: invalid JSON" in fields["Skipped files"]
    assert embed["description"] == "Read 900 files in 12.5 s."


def test_an_empty_reload_says_nothing_changed() -> None:
    embed = render.render_ingest_report(IngestReport(files_seen=4, files_unchanged=["a"] * 4))
    assert embed["description"] == "Read 4 files in 0.0 s. Nothing changed."


def test_reload_messages() -> None:
    assert render.render_reload_progress("seeds", "read 3/9 files", 4.2) == "Reloading `seeds`… (4 s)\nread 3/9 files"
    failed = render.render_reload_failed("OSError: " + "x" * 5000)
    assert failed.startswith("Reload failed: OSError") and "previous corpus" in failed
    assert len(failed) <= render.MAX_CONTENT


def test_stats() -> None:
    counts = {"files": 4, "episodes": 94, "segments": 4341, "speakers": 40, "timed_episodes": 10}
    last = json.dumps({"at": "2026-01-02T03:04:05+00:00", "episodes": {"added": 94, "changed": 0, "removed": 1}})
    embed = render.render_stats(counts, 3 * 1024 * 1024, last)
    names = [f["name"] for f in embed["fields"]]
    assert names == ["Episodes", "Segments", "Speakers", "Files", "Timed episodes", "Store size", "Last reload"]
    values = {f["name"]: f["value"] for f in embed["fields"]}
    assert values["Segments"] == "4,341"
    assert values["Store size"] == "3.0 MB"
    assert values["Last reload"] == "<t:1767323045:f> (<t:1767323045:R>)\nepisodes +94 ~0 −1"
    assert render.render_stats(counts, 10, None)["fields"][-1]["value"] == "never"
    assert render.describe_last_reload("2026-01-02T03:04:05") == "<t:1767323045:f> (<t:1767323045:R>)"
    assert render.describe_last_reload("yesterday") == "yesterday"


# ---------------------------------------------------------------- the limits themselves


def test_fit_embed_enforces_every_limit() -> None:
    embed = render.fit_embed(
        {
            "title": "t" * 1000,
            "description": "d" * 3000,
            "footer": {"text": "f" * 100},
            "author": {"name": "a" * 1000},
            "fields": [{"name": "" if i == 0 else "n" * 500, "value": "v" * 5000} for i in range(40)],
        }
    )
    assert_fits(embed)
    assert embed["fields"][0]["name"] == render.EMPTY
    assert len(embed["title"]) == render.MAX_TITLE
    assert len(embed["author"]["name"]) == render.MAX_AUTHOR
    assert len(embed["fields"]) == 2  # the rest would pass 6,000 in total
    crowded = render.fit_embed({"description": "d" * 10_000, "footer": {"text": "f" * 5000}, "fields": []})
    assert_fits(crowded)
    assert len(crowded["description"]) < render.MAX_DESCRIPTION


def test_bullet_list_counts_what_does_not_fit() -> None:
    text = render.bullet_list([f"item {i:03d} " + "x" * 50 for i in range(100)], limit=300)
    assert len(text) <= 300
    shown = text.count("item ")
    assert text.endswith(f"… and {100 - shown} more")
    assert render.bullet_list([]) == render.EMPTY

"""Sources that misbehave (issue 16): a feed cut off or sloppy, a guid reused, a URL edited, credentials in a URL,
a slow or failing transcript host. No episode is lost, no secret shown, no reload stalled.

Feeds are served on loopback; the reload is the one `/reload` and `python -m bot ingest` run.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli.corpus import render_report
from bot.config import ConfigError, Settings
from bot.feeds.cache import FeedCache, cache_dir_of
from bot.feeds.fetch import FetchLimits
from bot.feeds.sources import MAX_FEED_BYTES
from bot.ingest import ingest_folder
from bot.reload import reload_sources
from bot.store import Store
from tests.feeds.helpers import FeedServer, feeds_folder, fixture_bytes, serve_fixtures

LIMITS = FetchLimits(timeout_seconds=2, max_feed_bytes=200_000, max_file_bytes=100_000, allow_private=True)
WEEKLY = "pipeline-weekly.xml"


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with serve_fixtures() as feeds:
        yield feeds


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    return Settings(db_path=tmp_path / "data" / "podquote.db", seeds_dir=seeds)


def _list(settings: Settings, *urls: str) -> None:
    (settings.seeds_dir / "feeds.txt").write_text("\n".join(urls) + "\n")


async def _reload(settings: Settings, limits: FetchLimits = LIMITS):
    async with await Store.open(settings.db_path) as store:
        report = await reload_sources(store, settings, limits=limits)
        rows = await store.episodes()
    return report, {source.source: source for source in report.sources}, rows


def _segments(rows) -> dict[str, int]:
    return {row.ref.id: row.segment_count for row in rows}


# ---------------------------------------------------------------- 2. a feed that is not a complete document


async def test_a_feed_cut_off_is_a_failed_fetch_and_never_the_last_good_copy(
    server: FeedServer, settings: Settings
) -> None:
    url = server.base + WEEKLY
    _list(settings, url)
    _, _, before = await _reload(settings)
    whole = fixture_bytes(WEEKLY)
    server.bodies[WEEKLY] = whole[: len(whole) * 2 // 3]  # a dropped connection: three items and a half
    report, sources, after = await _reload(settings)
    assert sources[url].status == "kept" and "not a complete XML document" in sources[url].detail
    assert sources[url].episodes == 6 and _segments(after) == _segments(before)
    assert report.episodes_removed == 0
    assert FeedCache(cache_dir_of(settings)).body(url) == whole  # the cut copy did not become the last good one
    server.modes[WEEKLY] = "500"  # a later fault falls back to the whole feed
    _, sources, after = await _reload(settings)
    assert sources[url].status == "kept" and _segments(after) == _segments(before)


async def test_a_feed_file_cut_off_keeps_every_episode(tmp_path: Path) -> None:
    folder = feeds_folder(tmp_path / "seeds")
    async with await Store.open(tmp_path / "store.db") as store:
        await ingest_folder(store, folder)
        before = await store.episodes()
        whole = (folder / WEEKLY).read_bytes()
        (folder / WEEKLY).write_bytes(whole[: len(whole) // 2])
        report = await ingest_folder(store, folder)
        after = await store.episodes()
    status = next(s for s in report.sources if s.source == WEEKLY)
    assert status.status == "kept" and "not a complete XML document" in status.detail
    assert _segments(after) == _segments(before)


async def test_a_bare_ampersand_in_the_channel_keeps_transcripts_and_people(
    server: FeedServer, settings: Settings
) -> None:
    url = server.base + WEEKLY
    _list(settings, url)
    _, _, before = await _reload(settings)
    server.bodies[WEEKLY] = fixture_bytes(WEEKLY).replace(
        b"<link>https://pipelineweekly.example.com</link>",
        b"<link>https://pipelineweekly.example.com/?utm_source=rss&utm_medium=feed</link>",
        1,
    )
    _, sources, after = await _reload(settings)
    assert sources[url].status in {"updated", "unchanged"} and sources[url].episodes == 6
    assert _segments(after) == _segments(before) and sum(_segments(after).values()) > 0
    assert [row.people for row in after] == [row.people for row in before]


# ---------------------------------------------------------------- 3. a new item reusing an old item's guid

NEW_ITEM_REUSING_A_GUID = b"""<item>
      <title>Data contracts, two years on</title>
      <guid isPermaLink="false">pw-039</guid>
      <pubDate>Tue, 11 Mar 2025 10:00:00 GMT</pubDate>
      <enclosure url="https://cdn.pipelineweekly.example.com/audio/pw-043.mp3" type="audio/mpeg" length="1000"/>
      <description>A host's template copied the guid of an old episode.</description>
    </item>

    <item>
      <title>Streaming joins"""


async def test_a_new_item_reusing_a_guid_keeps_the_old_episode(server: FeedServer, settings: Settings) -> None:
    url = server.base + WEEKLY
    _list(settings, url)
    _, _, before = await _reload(settings)
    old = next(row for row in before if row.ref.title == "Schema drift is a people problem")
    top = b"<item>\n      <title>Streaming joins"
    server.bodies[WEEKLY] = fixture_bytes(WEEKLY).replace(top, NEW_ITEM_REUSING_A_GUID, 1)
    report, sources, after = await _reload(settings)
    kept = next(row for row in after if row.ref.title == "Schema drift is a people problem")
    assert (kept.ref.id, kept.segment_count) == (old.ref.id, old.segment_count)
    assert "Data contracts, two years on" in {row.ref.title for row in after}
    assert sources[url].episodes == 7 and report.episodes_removed == 0
    assert any("pw-039" in note and "both kept" in note for note in report.notes)


# ---------------------------------------------------------------- 1. editing a feed's URL keeps its episodes


@pytest.mark.parametrize(
    "edit",
    [
        lambda url: url + "?v=2",
        lambda url: url + "#latest",
        lambda url: url.replace("http://", "http://maya:hunter2@"),
    ],
    ids=["query", "fragment", "credentials"],
)
async def test_editing_a_feed_url_renames_the_source_and_keeps_its_episodes(
    server: FeedServer, settings: Settings, edit
) -> None:
    old = server.base + WEEKLY
    _list(settings, old)
    _, _, before = await _reload(settings)
    new = edit(old)
    _list(settings, new)
    report, _, after = await _reload(settings)
    (renamed,) = report.sources
    assert renamed.status == "renamed" and renamed.episodes == 6 and old in renamed.detail
    assert report.episodes_removed == 0 and not report.files_removed
    assert _segments(after) == _segments(before)
    assert {row.ref.source.file for row in after} == {renamed.source}
    report, _, again = await _reload(settings)
    assert [(s.status, s.episodes) for s in report.sources] == [("unchanged", 6)]
    assert _segments(again) == _segments(before)


async def test_a_move_to_https_that_cannot_be_fetched_yet_keeps_the_episodes(
    server: FeedServer, settings: Settings
) -> None:
    old = server.base + WEEKLY
    _list(settings, old)
    _, _, before = await _reload(settings)
    new = old.replace("http://", "https://")  # no TLS on the loopback server: the fetch fails
    _list(settings, new)
    report, sources, after = await _reload(settings)
    assert sources[new].status == "kept" and sources[new].episodes == 6 and old in sources[new].detail
    assert report.episodes_removed == 0 and _segments(after) == _segments(before)


async def test_a_renamed_feed_file_keeps_its_episodes(tmp_path: Path) -> None:
    folder = feeds_folder(tmp_path / "seeds")
    async with await Store.open(tmp_path / "store.db") as store:
        await ingest_folder(store, folder)
        before = await store.episodes()
        (folder / WEEKLY).rename(folder / "weekly.rss")
        report = await ingest_folder(store, folder)
        after = await store.episodes()
    status = next(s for s in report.sources if s.source == "weekly.rss")
    assert status.status == "renamed" and WEEKLY in status.detail
    assert report.episodes_removed == 0 and _segments(after) == _segments(before)


async def test_a_show_keeps_its_episodes_across_a_new_title_when_it_has_a_podcast_guid(tmp_path: Path) -> None:
    folder = feeds_folder(tmp_path / "seeds")
    feed = (folder / WEEKLY).read_bytes()
    guid = b"<podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>\n    <title>Pipeline Weekly</title>"
    (folder / WEEKLY).write_bytes(feed.replace(b"<title>Pipeline Weekly</title>", guid, 1))
    async with await Store.open(tmp_path / "store.db") as store:
        await ingest_folder(store, folder)
        before = await store.episodes()
        renamed = (folder / WEEKLY).read_bytes().replace(b"<title>Pipeline Weekly</title>", b"<title>PW</title>", 1)
        (folder / WEEKLY).write_bytes(renamed)
        report = await ingest_folder(store, folder)
        after = await store.episodes()
    assert report.episodes_added == report.episodes_removed == 0
    assert sorted(row.ref.id for row in after) == sorted(row.ref.id for row in before)
    assert {row.ref.show for row in after if row.ref.source.file == WEEKLY} == {"PW"}


# ---------------------------------------------------------------- 4. credentials and tokens are never shown

PASSWORD = "hunter2pw"
TOKEN = "tk4f9a8b7c6d5e4f3a2b1"


async def test_credentials_and_tokens_in_urls_are_never_shown(
    server: FeedServer, settings: Settings, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main as cli
    from bot.discord_app.render import render_ingest_report, render_quote_hit
    from bot.questions import answer_question
    from bot.search import search_quotes

    caplog.set_level("DEBUG")
    url = server.base.replace("http://", f"http://maya:{PASSWORD}@") + f"{WEEKLY}?token={TOKEN}"
    server.bodies[WEEKLY] = (
        fixture_bytes(WEEKLY)
        .replace(b"audio/pw-042.mp3", f"audio/pw-042.mp3?sig={TOKEN}".encode())
        .replace(b'url="transcripts/pw-040.srt"', f'url="transcripts/gone.srt?token={TOKEN}"'.encode())
    )
    _list(settings, url, server.base.replace("http://", f"http://maya:{PASSWORD}@") + "gone.xml")
    async with await Store.open(settings.db_path) as store:
        report = await reload_sources(store, settings, limits=LIMITS)
        hit = (await search_quotes(store, "a join in a stream is a bet about time")).hits[0]
        facts = await answer_question(store, "how long is the streaming joins episode")
        last_reload = await store.get_meta("last_reload")
    assert await asyncio.to_thread(cli, ["episodes", "--json", "--db", str(settings.db_path)]) == 0
    assert report.episodes_added == 6 and "gone.srt" in " ".join(report.notes)
    assert "Source:" in facts.text and "pipeline-weekly.xml?token=" in facts.text
    assert hit.link == "https://pipelineweekly.example.com/episodes/42-streaming-joins#t=8"  # not the signed audio
    shown = [
        str(report.as_dict()),
        render_report(report),
        str(render_ingest_report(report)),
        str(render_quote_hit(hit)),
        str(hit.as_dict()),
        str(facts.as_dict()),
        str(last_reload),
        capsys.readouterr().out,
        "\n".join(f"{r.name}: {r.getMessage()}" for r in caplog.records if r.name.startswith(("bot", "cogs"))),
    ]
    for text in shown:
        assert PASSWORD not in text and TOKEN not in text
    assert "***" in render_report(report)


async def test_a_store_from_before_keeps_its_episodes_and_loses_the_secret_in_its_names(
    server: FeedServer, settings: Settings
) -> None:
    url = server.base.replace("http://", f"http://maya:{PASSWORD}@") + WEEKLY
    _list(settings, url)
    _, _, before = await _reload(settings)

    async def name_it_as_before() -> None:  # an earlier version named the source by its whole URL
        async with await Store.open(settings.db_path) as store:
            await store.write(lambda w: w.rename_file(before[0].ref.source.file, url))

    await name_it_as_before()
    report, _, after = await _reload(settings)
    assert [s.status for s in report.sources] == ["renamed"] and _segments(after) == _segments(before)
    await name_it_as_before()
    _list(settings)
    report, _, after = await _reload(settings)
    assert [s.status for s in report.sources] == ["removed"] and after == []
    for shown in (str(report.as_dict()), render_report(report)):
        assert PASSWORD not in shown


# ---------------------------------------------------------------- 5. files too large to read


async def test_a_feed_file_over_the_feed_cap_is_not_read(tmp_path: Path) -> None:
    folder = feeds_folder(tmp_path / "seeds")
    with (folder / "huge.xml").open("wb") as sparse:  # costs no disk: only its size is asked
        sparse.truncate(MAX_FEED_BYTES + 1)
    async with await Store.open(tmp_path / "store.db") as store:
        report = await ingest_folder(store, folder)
    status = next(s for s in report.sources if s.source == "huge.xml")
    assert status.status == "failed" and "larger than 25 MB" in status.detail


# ---------------------------------------------------------------- 6. a slow transcript host and the reload's budget

TRANSCRIPTS = [
    "transcripts/pw-042.json",
    "transcripts/pw-041.vtt",
    "transcripts/pw-040.srt",
    "transcripts/pw-039.html",
    "transcripts/pw-lq3.txt",
    "chapters/pw-042.json",
]


async def test_slow_transcripts_cannot_stall_a_reload_and_arrive_the_next_time(
    server: FeedServer, settings: Settings
) -> None:
    url = server.base + WEEKLY
    _list(settings, url)
    for path in TRANSCRIPTS:
        server.modes[path] = "stall"  # each would answer after 30 s; the reload has 1 s for fetching
    budget = replace(LIMITS, timeout_seconds=30, concurrency=2, budget_seconds=1)
    report, sources, rows = await _reload(settings, budget)
    assert sources[url].status == "added" and sources[url].episodes == 6  # the feed came first
    assert sum(_segments(rows).values()) == 0
    assert any("not fetched before the reload's 1 s for fetching ran out" in note for note in report.notes)
    server.modes.clear()
    report, sources, rows = await _reload(settings, budget)  # no backoff: they were never refused
    assert sources[url].status == "updated" and all(server.hits[path] >= 1 for path in TRANSCRIPTS)
    assert sum(1 for count in _segments(rows).values() if count) == 5


# ---------------------------------------------------------------- 7. failed transcripts are asked for again


async def test_a_failed_transcript_is_retried_with_backoff_while_the_feed_answers_304(
    server: FeedServer, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(FeedCache, "clock", staticmethod(lambda: now[0]), raising=False)
    url = server.base + WEEKLY
    _list(settings, url)
    server.modes["transcripts/pw-040.srt"] = "500"
    _, _, rows = await _reload(settings)
    backfills = next(row for row in rows if row.ref.title == "Backfills at scale")
    assert backfills.segment_count == 0 and server.hits["transcripts/pw-040.srt"] == 1
    server.modes.clear()
    now[0] += 5  # too soon: the host gets a rest
    _, sources, rows = await _reload(settings)
    assert sources[url].status == "unchanged" and server.hits["transcripts/pw-040.srt"] == 1
    now[0] += 3600  # later: asked again though the feed answers 304
    _, sources, rows = await _reload(settings)
    assert server.not_modified[WEEKLY] == 2 and server.hits["transcripts/pw-040.srt"] == 2
    assert sources[url].status == "updated"
    assert next(row for row in rows if row.ref.title == "Backfills at scale").segment_count > 0


async def test_the_budget_comes_from_the_settings(server: FeedServer, settings: Settings) -> None:
    assert Settings.from_mapping({}).fetch_budget_seconds == 120
    assert Settings.from_mapping({"PODQUOTE_FETCH_BUDGET_SECONDS": "30"}).fetch_budget_seconds == 30
    with pytest.raises(ConfigError, match="PODQUOTE_FETCH_BUDGET_SECONDS"):
        Settings.from_mapping({"PODQUOTE_FETCH_BUDGET_SECONDS": "0"})
    _list(settings, server.base + WEEKLY)
    server.modes["transcripts/pw-042.json"] = "stall"
    quick = replace(settings, fetch_budget_seconds=1, feeds_allow_private=True)
    async with await Store.open(settings.db_path) as store:
        report = await reload_sources(store, quick)  # the limits the settings give
    assert any("1 s for fetching ran out" in note for note in report.notes)


async def test_a_stray_nul_in_a_feed_file_is_mended_not_a_reason_to_refuse_it(tmp_path: Path) -> None:
    folder = feeds_folder(tmp_path / "seeds")
    path = folder / WEEKLY
    path.write_bytes(path.read_bytes().replace(b"Backfills at scale", b"Backfills\x00 at scale", 1))  # first 8 KB
    async with await Store.open(tmp_path / "store.db") as store:
        report = await ingest_folder(store, folder)
        titles = {row.ref.title for row in await store.episodes()}
    assert next(s for s in report.sources if s.source == WEEKLY).status == "added"
    assert "Backfills at scale" in titles

"""Sources that misbehave (issue 16): a feed cut off or sloppy, a guid reused, a URL edited, credentials in a URL,
a slow or failing transcript host. No episode is lost, no secret shown, no reload stalled.

Feeds are served on loopback; the reload is the one `/reload` and `python -m bot ingest` run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.feeds.cache import FeedCache, cache_dir_of
from bot.feeds.fetch import FetchLimits
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

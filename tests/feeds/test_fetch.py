"""Fetching feeds from a loopback server: conditional GETs, the download cache, and every way a fetch fails.

Nothing already ingested is lost: after a 500, a timeout, an oversized or invalid response, or the server gone,
the store holds the same episodes and the report says, per source, what happened.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.feeds.cache import FeedCache
from bot.feeds.fetch import USER_AGENT, Fetcher, FetchLimits, fetch_feeds
from bot.feeds.reload import cache_dir_of, reload_sources
from bot.store import Store
from tests.feeds.helpers import FIXTURES, FeedServer, serve_fixtures

LIMITS = FetchLimits(timeout_seconds=0.5, max_feed_bytes=200_000, max_file_bytes=100_000, concurrency=3)


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
    (settings.seeds_dir / "feeds.txt").write_text("# our shows\n" + "\n".join(urls) + "\n")


async def _reload(settings: Settings):
    async with await Store.open(settings.db_path) as store:
        report = await reload_sources(store, settings, limits=LIMITS)
        rows = await store.episodes()
    return report, {source.source: source for source in report.sources}, rows


async def test_fetch_cache_304_and_every_failure_keep_the_episodes(server: FeedServer, settings: Settings) -> None:
    weekly, indie = server.base + "pipeline-weekly.xml", server.base + "indie-makers.rss"
    _list(settings, weekly, indie)

    report, sources, first = await _reload(settings)
    assert (sources[weekly].status, sources[indie].status) == ("added", "added")
    assert len(first) == 11 and report.episodes_added == 11
    joins = next(row for row in first if row.ref.title.startswith("Streaming joins"))
    assert joins.segment_count == 4 and len(joins.chapters) == 4  # transcript and chapters fetched, relative URLs
    assert server.hits["transcripts/pw-042.json"] == 1 and server.hits["transcripts/pw-042.txt"] == 0  # richest only
    assert server.hits["transcripts/missing-im-104.vtt"] == 1  # a transcript that 404s ...
    hiring = next(row for row in first if row.ref.title == "Hiring your first contractor")
    assert hiring.segment_count == 0  # ... leaves its episode without one, listed all the same
    assert any("missing-im-104.vtt unavailable" in note for note in report.notes)
    assert server.agents == {USER_AGENT}
    cache = settings.db_path.parent / "feed-cache"
    assert len(list(cache.glob("*.body"))) >= 9

    report, sources, rows = await _reload(settings)  # nothing changed: one 304 per feed, no transcript requests
    assert (sources[weekly].status, sources[indie].status) == ("unchanged", "unchanged")
    assert server.not_modified[("pipeline-weekly.xml")] == 1 and server.not_modified["indie-makers.rss"] == 1
    assert server.hits["transcripts/pw-042.json"] == 1
    ids = sorted(row.ref.id for row in first)
    assert sorted(row.ref.id for row in rows) == ids

    for mode, expected in [("500", "HTTP 500"), ("slow", "timed out"), ("huge", "larger than"), ("invalid", "")]:
        server.modes["pipeline-weekly.xml"] = mode
        report, sources, rows = await _reload(settings)
        assert sources[weekly].status == "kept", mode
        assert expected in sources[weekly].detail and sources[weekly].episodes == 6
        assert sorted(row.ref.id for row in rows) == ids, mode
        assert sources[indie].status == "unchanged"
    assert "lists no episodes" in sources[weekly].detail  # the invalid feed

    server.modes.clear()
    report, sources, rows = await _reload(settings)  # back to normal: the cached ETag still matches
    assert sources[weekly].status == "unchanged" and sorted(r.ref.id for r in rows) == ids


async def test_network_down_reads_the_last_good_copy(server: FeedServer, settings: Settings) -> None:
    indie = server.base + "indie-makers.rss"
    _list(settings, indie)
    _, _, first = await _reload(settings)
    unreachable = "http://127.0.0.1:9/indie-makers.rss"  # nothing listens on the discard port
    # the same feed, moved to a URL that cannot be reached, has a cache entry only under its old URL:
    _list(settings, indie, unreachable)
    server.modes["indie-makers.rss"] = "500"
    _, sources, rows = await _reload(settings)
    assert sources[indie].status == "kept" and "HTTP 500" in sources[indie].detail
    assert sources[unreachable].status == "failed" and "network error" in sources[unreachable].detail
    assert sorted(r.ref.id for r in rows) == sorted(r.ref.id for r in first)


async def test_a_removed_url_removes_its_episodes(server: FeedServer, settings: Settings) -> None:
    weekly, indie = server.base + "pipeline-weekly.xml", server.base + "indie-makers.rss"
    _list(settings, weekly, indie)
    await _reload(settings)
    _list(settings, indie)
    _, sources, rows = await _reload(settings)
    assert sources[weekly].status == "removed"
    assert {row.ref.show for row in rows} == {"Indie Makers Radio"}


async def test_only_http_urls_are_fetched(settings: Settings) -> None:
    _list(settings, "file:///etc/passwd")
    _, sources, rows = await _reload(settings)
    assert sources["file:///etc/passwd"].status == "failed" and "http" in sources["file:///etc/passwd"].detail
    assert rows == []


async def test_redirects_are_bounded(server: FeedServer, settings: Settings) -> None:
    url = server.base + "rust-corner.atom"
    _list(settings, url)
    server.modes["rust-corner.atom"] = "redirect-loop"
    _, sources, rows = await _reload(settings)
    assert sources[url].status == "failed" and "more than 5 redirects" in sources[url].detail
    assert rows == [] and server.hits["rust-corner.atom"] <= 7


async def test_a_feed_cached_but_never_ingested_is_ingested_after_a_304(server: FeedServer, settings: Settings) -> None:
    # A reload that fetched (and cached) a changed feed but then failed must not make the next reload, which gets
    # a 304 for those same bytes, take the old episodes for current.
    url = server.base + "rust-corner.atom"
    _list(settings, url)
    await _reload(settings)
    original = (FIXTURES / "rust-corner.atom").read_bytes()
    server.bodies["rust-corner.atom"] = original.replace(b"Lifetimes without fear", b"Lifetimes, fearlessly")
    async with Fetcher(FeedCache(cache_dir_of(settings)), LIMITS) as fetcher:
        await fetch_feeds([url], fetcher)  # fetched and cached; the ingest that should follow never happens
    _, sources, rows = await _reload(settings)
    assert server.not_modified["rust-corner.atom"] == 1
    assert sources[url].status == "updated"
    assert "Lifetimes, fearlessly" in {row.ref.title for row in rows}


async def test_the_cache_survives_the_same_url_stored_from_many_threads_at_once(tmp_path: Path) -> None:
    # Bodies are stored off the event loop, so two feeds sharing a transcript URL may store it at the same moment.
    cache = FeedCache(tmp_path / "cache")
    url = "https://host.example/t/shared.vtt"
    bodies = [f"WEBVTT {n}".encode() * 2000 for n in range(8)]

    def store_many(body: bytes) -> None:
        for _ in range(25):
            cache.store(url, body, etag='"x"')

    await asyncio.gather(*(asyncio.to_thread(store_many, body) for body in bodies))
    assert cache.body(url) in bodies and cache.entry(url) is not None
    assert not list((tmp_path / "cache").glob(".*.tmp"))

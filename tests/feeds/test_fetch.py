"""Fetching feeds from a loopback server: conditional GETs, the download cache, and every way a fetch fails.

Nothing already ingested is lost: after a 500, a timeout, an oversized or invalid response, or the server gone,
the store holds the same episodes and the report says, per source, what happened.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiohttp.abc import ResolveResult
from aiohttp.resolver import ThreadedResolver

from bot.config import ConfigError, Settings
from bot.feeds.cache import FeedCache, cache_dir_of
from bot.feeds.fetch import USER_AGENT, Fetcher, FetchLimits, PublicResolver, fetch_feeds, private_literal
from bot.reload import reload_sources
from bot.store import Store
from tests.feeds.helpers import FIXTURES, FeedServer, fixture_bytes, serve_fixtures

LIMITS = FetchLimits(
    timeout_seconds=0.5, max_feed_bytes=200_000, max_file_bytes=100_000, concurrency=3, allow_private=True
)
GUARDED = replace(LIMITS, allow_private=False)  # the default: nothing on a private address is fetched
PUBLIC_HOST = "podcast.example"  # taken for a public host; `public_base` resolves it to the loopback server


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


async def _reload(settings: Settings, limits: FetchLimits | None = LIMITS):
    async with await Store.open(settings.db_path) as store:
        report = await reload_sources(store, settings, limits=limits)
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
    assert "not a complete XML document" in sources[weekly].detail  # the feed cut off

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


@pytest.fixture
def public_base(server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """The loopback server's base URL under PUBLIC_HOST: the resolver answers for that name as DNS would for a
    public host (other names still go through the real, filtering resolver)."""
    resolve = PublicResolver.resolve

    async def public_host_on_loopback(
        self: PublicResolver, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host != PUBLIC_HOST:
            return await resolve(self, host, port, family)
        return [ResolveResult(hostname=host, host="127.0.0.1", port=port, family=socket.AF_INET, proto=0, flags=0)]

    monkeypatch.setattr(PublicResolver, "resolve", public_host_on_loopback)
    return f"http://{PUBLIC_HOST}:{urlsplit(server.base).port}/"


async def test_a_feed_on_a_private_address_is_refused_unless_allowed(server: FeedServer, settings: Settings) -> None:
    url = server.base + "rust-corner.atom"
    _list(settings, url)
    _, sources, rows = await _reload(settings, limits=None)  # the limits of the settings: private not allowed
    assert sources[url].status == "failed" and "refused: 127.0.0.1 is a private address" in sources[url].detail
    assert rows == [] and not server.hits  # not even a request
    _, sources, rows = await _reload(replace(settings, feeds_allow_private=True), limits=None)
    assert sources[url].status == "added" and len(rows) == 2 and server.hits["rust-corner.atom"] == 1


async def test_a_name_resolving_to_a_private_address_is_refused(server: FeedServer, settings: Settings) -> None:
    url = server.base.replace("127.0.0.1", "localhost") + "rust-corner.atom"  # resolved from the hosts file
    _list(settings, url)
    _, sources, rows = await _reload(settings, GUARDED)
    assert sources[url].status == "failed" and "refused: localhost resolves to a private address" in sources[url].detail
    assert rows == [] and not server.hits


async def test_a_private_transcript_url_in_a_public_feed_is_refused(
    server: FeedServer, settings: Settings, public_base: str
) -> None:
    # The host of a feed points its newest episode's transcripts and chapters at 127.0.0.1; the rest stay relative.
    private = f'url="{server.base}'.encode()
    feed = fixture_bytes("pipeline-weekly.xml")
    for prefix in (b"transcripts/pw-042", b"chapters/pw-042"):
        feed = feed.replace(b'url="' + prefix, private + prefix)
    server.bodies["pipeline-weekly.xml"] = feed
    url = public_base + "pipeline-weekly.xml"
    _list(settings, url)
    report, sources, rows = await _reload(settings, GUARDED)
    assert sources[url].status == "added" and sources[url].episodes == 6
    assert not [path for path in server.hits if "pw-042" in path]  # nothing fetched from the private address
    joins = next(row for row in rows if row.ref.title.startswith("Streaming joins"))
    assert joins.segment_count == 0 and joins.chapters == []
    assert any("pw-042" in note and "unavailable" in note for note in report.notes)
    fetched = [row for row in rows if row.segment_count > 0]  # the relative links, on the public host, were fetched
    assert fetched and server.hits["transcripts/pw-041.vtt"] == 1


async def test_redirects_are_followed_and_checked_at_every_hop(
    server: FeedServer, settings: Settings, public_base: str
) -> None:
    server.redirects["moved.atom"] = "/rust-corner.atom"  # relative, on the same public host: followed
    server.redirects["to-private.atom"] = server.base + "rust-corner.atom"  # to a private literal IP: refused
    server.redirects["to-file.atom"] = "file:///etc/passwd"
    moved, private, to_file = (public_base + name for name in ("moved.atom", "to-private.atom", "to-file.atom"))
    _list(settings, moved, private, to_file)
    _, sources, rows = await _reload(settings, GUARDED)
    assert sources[moved].status == "added" and len(rows) == 2
    assert sources[private].status == "failed" and "refused: 127.0.0.1 is a private address" in sources[private].detail
    assert sources[to_file].status == "failed" and "redirected away from http(s)" in sources[to_file].detail
    assert server.hits["to-private.atom"] == 1 and server.hits["rust-corner.atom"] == 1  # only through `moved`


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://127.0.0.1:8080/feed", "127.0.0.1"),
        ("http://10.1.2.3/feed", "10.1.2.3"),
        ("https://192.168.0.10/feed", "192.168.0.10"),
        ("http://100.64.0.1/feed", "100.64.0.1"),
        ("http://0.0.0.0/feed", "0.0.0.0"),
        ("http://[::1]/feed", "::1"),
        ("http://[fd00::5]/feed", "fd00::5"),
        ("http://[fe80::1%25eth0]/feed", "fe80::1"),
        ("http://[::ffff:10.0.0.1]/feed", "::ffff:10.0.0.1"),
        ("http://[::ffff:169.254.169.254]/feed", "::ffff:169.254.169.254"),
        ("http://127.1/feed", "127.1"),  # the forms inet_aton (and so many resolvers) read as 127.0.0.1
        ("http://2130706433/feed", "2130706433"),
        ("http://0x7f000001/feed", "0x7f000001"),
        ("http://0177.0.0.1/feed", "0177.0.0.1"),
        ("http://127.0.0.1./feed", "127.0.0.1."),
        ("http://10.1/feed", "10.1"),
        ("http://0/feed", "0"),
        ("http://93.184.216.34/feed", None),
        ("http://1.1/feed", None),  # 1.0.0.1, a public address
        ("http://[2606:4700::1111]/feed", None),
        ("https://podcast.example/feed", None),
    ],
)
def test_private_ip_literals_are_recognised(url: str, refused: str | None) -> None:
    assert private_literal(url) == refused


async def test_the_resolver_drops_private_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {
        "mixed.example": ["10.0.0.7", "93.184.216.34", "::ffff:127.0.0.1", "2606:4700::1111", "fe80::1%eth0"],
        "metadata.example": ["169.254.169.254", "127.0.0.1", "fd00::1", "::ffff:192.168.1.1"],
    }

    async def system_answer(
        self: ThreadedResolver, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            ResolveResult(hostname=host, host=address, port=port, family=family, proto=0, flags=0)
            for address in answers[host]
        ]

    monkeypatch.setattr(ThreadedResolver, "resolve", system_answer)
    resolver = PublicResolver()
    kept = await resolver.resolve("mixed.example", 443)
    assert [entry["host"] for entry in kept] == ["93.184.216.34", "2606:4700::1111"]
    with pytest.raises(OSError, match=r"metadata\.example resolves to a private address"):
        await resolver.resolve("metadata.example", 80)


def test_the_allow_private_setting() -> None:
    assert Settings.from_mapping({}).feeds_allow_private is False
    for value in ("1", "true", "Yes", "ON"):
        assert Settings.from_mapping({"PODQUOTE_FEEDS_ALLOW_PRIVATE": value}).feeds_allow_private is True
    assert Settings.from_mapping({"PODQUOTE_FEEDS_ALLOW_PRIVATE": "off"}).feeds_allow_private is False
    with pytest.raises(ConfigError, match="PODQUOTE_FEEDS_ALLOW_PRIVATE"):
        Settings.from_mapping({"PODQUOTE_FEEDS_ALLOW_PRIVATE": "maybe"})


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f.0.0.1"])
async def test_short_and_numeric_forms_of_loopback_are_refused_before_any_request(
    server: FeedServer, settings: Settings, host: str
) -> None:
    url = server.base.replace("127.0.0.1", host) + "rust-corner.atom"
    _list(settings, url)
    _, sources, rows = await _reload(settings, GUARDED)
    assert sources[url].status == "failed" and f"refused: {host} is a private address" in sources[url].detail
    assert rows == [] and not server.hits

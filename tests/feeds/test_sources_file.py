"""The sources file, the feed settings, and the background refresh."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.config import ConfigError, Settings
from bot.feeds.sources_file import add_feed_url, check_feed_url, feeds_file_of, read_feed_urls, remove_feed_url
from bot.store import Store
from cogs.sources import refresh_once
from tests.feeds.helpers import serve_fixtures


def test_sources_file_lines(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    assert read_feed_urls(path) == []  # no file: no feeds
    path.write_text(
        "# our shows\n\nhttps://a.example/feed.xml\n  https://b.example/rss  # the B show\n"
        "https://a.example/feed.xml\n#https://c.example/commented-out\n"
    )
    assert read_feed_urls(path) == ["https://a.example/feed.xml", "https://b.example/rss"]


def test_add_and_remove_keep_comments(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "feeds.txt"
    assert add_feed_url(path, "https://a.example/feed.xml")
    assert not add_feed_url(path, "https://a.example/feed.xml")
    assert add_feed_url(path, "https://b.example/rss")
    assert remove_feed_url(path, "https://a.example/feed.xml")
    assert not remove_feed_url(path, "https://a.example/feed.xml")
    assert read_feed_urls(path) == ["https://b.example/rss"]
    assert path.read_text().startswith("# podcast feed URLs")


def test_remove_the_first_url_of_a_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("\ufeffhttps://a.example/feed.xml\nhttps://b.example/rss\n", encoding="utf-8")
    assert remove_feed_url(path, "https://a.example/feed.xml")
    assert read_feed_urls(path) == ["https://b.example/rss"]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://a.example/f.xml", True),
        ("http://a.example/f", True),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("https://a.example/ f", False),
    ],
)
def test_check_feed_url(url: str, ok: bool) -> None:
    assert (check_feed_url(url) is None) is ok


def test_feed_settings(tmp_path: Path) -> None:
    default = Settings.from_mapping({})
    assert default.feeds_file is None and default.refresh_minutes is None
    assert feeds_file_of(default) == Path("seeds/feeds.txt")
    assert feeds_file_of(default, tmp_path) == tmp_path / "feeds.txt"
    custom = Settings.from_mapping({"PODQUOTE_FEEDS_FILE": "conf/feeds.txt", "PODQUOTE_REFRESH_MINUTES": "30"})
    assert custom.feeds_file == Path("conf/feeds.txt") and custom.refresh_minutes == 30.0
    assert feeds_file_of(custom, tmp_path) == Path("conf/feeds.txt")
    assert Settings.from_mapping({"PODQUOTE_REFRESH_MINUTES": "off"}).refresh_minutes is None
    for bad in ("soon", "0.5", "-3"):
        with pytest.raises(ConfigError, match="PODQUOTE_REFRESH_MINUTES"):
            Settings.from_mapping({"PODQUOTE_REFRESH_MINUTES": bad})


async def test_background_refresh_reads_the_feeds_and_logs_its_report(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    settings = Settings(
        db_path=tmp_path / "data" / "db.sqlite", seeds_dir=seeds, refresh_minutes=5, feeds_allow_private=True
    )
    warmed: list[bool] = []

    async def warm_up() -> None:
        warmed.append(True)

    async with serve_fixtures() as server, await Store.open(settings.db_path) as store:
        (seeds / "feeds.txt").write_text(server.base + "rust-corner.atom\n")
        bot = SimpleNamespace(settings=settings, store=store, reload_lock=asyncio.Lock(), corpus_changed=warm_up)
        with caplog.at_level(logging.INFO, logger="cogs.sources"):
            await refresh_once(bot)  # type: ignore[arg-type]
            assert "rust-corner.atom: added (2 episodes)" in caplog.text
            assert warmed == [True]
            async with bot.reload_lock:  # a reload is running: the refresh waits for the next turn
                await refresh_once(bot)  # type: ignore[arg-type]
            assert "skipped: a reload is running" in caplog.text
            await refresh_once(bot)  # type: ignore[arg-type]
            assert "rust-corner.atom: unchanged (2 episodes)" in caplog.text
        assert len(await store.episodes()) == 2 and warmed == [True]

"""One reload of every source: the seeds folder (documents and feed files) and the feed URLs of the sources file.

Sources produce documents (bot.feeds fetches the listed feeds, keeping the last good copy of each); ingest turns
them into episodes and writes them to the store in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bot import ingest
from bot.config import Settings
from bot.feeds.cache import FeedCache, cache_dir_of
from bot.feeds.fetch import Fetcher, FetchLimits, fetch_feeds
from bot.feeds.sources_file import feeds_file_of, read_feed_urls
from bot.results import IngestReport
from bot.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[str], Awaitable[None]]


async def reload_sources(
    store: Store,
    settings: Settings,
    *,
    seeds_dir: Path | None = None,
    progress: Progress | None = None,
    limits: FetchLimits | None = None,
) -> IngestReport:
    """Fetch the listed feeds (conditionally; failures fall back to the last good copy), then ingest the seeds
    folder and those feeds in one transaction."""
    folder = seeds_dir or settings.seeds_dir
    feeds_file = feeds_file_of(settings, folder)
    urls = read_feed_urls(feeds_file)
    extra: dict[str, Any] = {}
    if urls:
        if progress:
            await progress(f"fetching {len(urls)} feed(s)")
        limits = limits or FetchLimits(
            allow_private=settings.feeds_allow_private, budget_seconds=settings.fetch_budget_seconds
        )
        async with Fetcher(FeedCache(cache_dir_of(settings)), limits) as fetcher:
            extra["remote_feeds"] = await fetch_feeds(urls, fetcher)
    if _inside(feeds_file, folder):
        extra["exclude"] = {feeds_file.name}
    # Looked up at call time, so tests can wrap ingest_folder.
    return await ingest.ingest_folder(store, folder, progress=progress, **extra)


def _inside(feeds_file: Path, folder: Path) -> bool:
    """True when the sources file exists directly in the seeds folder (and so is no document)."""
    return feeds_file.is_file() and feeds_file.resolve().parent == folder.resolve()

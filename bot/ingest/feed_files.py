"""Feeds in a reload: a feed file in the seeds folder, or a feed fetched from a URL, read into episodes.

Each feed is one "file" of the store (named by its file name or URL). Its digest covers the feed and everything
its episodes were built from, so an unchanged feed is recognised by hashing, without parsing. A feed that cannot
be read, or that suddenly lists nothing, is an error: the pipeline then keeps the episodes it had.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.feeds.fetch import RemoteFeed
from bot.feeds.matching import item_keys
from bot.feeds.parse import Feed, FeedError, parse_feed
from bot.feeds.sources import (
    MAX_FEED_BYTES,
    CacheResolver,
    FolderResolver,
    claimed_files,
    combined_digest,
    folder_feed_digest,
    sha256,
)
from bot.ingest.feed_episodes import FeedEpisodes, feed_episodes
from bot.models import Episode
from bot.redact import redact_url
from bot.seeds import SeedFile

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BuiltFeed:
    """A feed read into episodes, with the digest and dependencies the store keeps for it."""

    feed: Feed
    result: FeedEpisodes
    digest: str
    depends: dict[str, str] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)  # the names a standalone transcript may carry to attach

    def depends_json(self, feed_sha: str) -> str:
        return json.dumps({"feed": feed_sha, "depends": self.depends, "keys": self.keys}, sort_keys=True)


@dataclass(slots=True)
class FeedRead:
    """One feed read for a reload."""

    name: str
    digest: str = ""
    size: int = 0
    episodes: list[Episode] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    depends_json: str | None = None
    claimed: set[str] = field(default_factory=set)
    error: str | None = None  # the feed could not be used: the episodes it had are kept
    fetch_error: str | None = None  # fetching failed and the last good copy was read instead
    unchanged: bool = False


def read_folder_feed(
    seed: SeedFile, folder: Path, standalone: dict[str, str], depends_json: str | None, current_digest: str | None
) -> FeedRead:
    """Read the feed file `seed` of the folder; `depends_json`/`current_digest` are what the store holds for it."""
    path = seed.path
    too_large = f"larger than {_megabytes(MAX_FEED_BYTES)}, not read" if seed.size > MAX_FEED_BYTES else None
    problem = too_large or seed.problem
    if problem is not None:
        return FeedRead(path.name, error=problem, claimed=claimed_files(depends_json))
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FeedRead(path.name, error=f"cannot be read ({exc.strerror or exc})", claimed=claimed_files(depends_json))
    read = FeedRead(path.name, size=len(data))
    if current_digest is not None and folder_feed_digest(folder, data, depends_json, standalone) == current_digest:
        read.digest, read.unchanged, read.claimed = current_digest, True, claimed_files(depends_json)
        return read
    try:
        built = build_folder_feed(path, folder, data, standalone)
    except FeedError as exc:
        read.error, read.claimed = str(exc), claimed_files(depends_json)
        return read
    return _finish(read, built, sha256(data))


def read_remote_feed(remote: RemoteFeed, depends_json: str | None, current_digest: str | None) -> FeedRead:
    """Read a fetched feed. Not fresh (304, or the last good copy after a failure) and the very bytes the store
    was built from: unchanged, without parsing or hashing its transcripts."""
    read = FeedRead(remote.name, size=len(remote.data or b""), fetch_error=remote.error)
    if remote.data is None:
        read.error = remote.error or "no copy of the feed"
        return read
    if (
        current_digest is not None
        and not (remote.fresh or remote.refreshed)
        and _stored_feed_sha(depends_json) == sha256(remote.data)
    ):
        read.digest, read.unchanged = current_digest, True
        return read
    if current_digest is not None and _remote_digest(remote, depends_json) == current_digest:
        read.digest, read.unchanged = current_digest, True
        return read
    try:
        built = build_remote_feed(remote)
    except FeedError as exc:
        read.error = str(exc)
        return read
    return _finish(read, built, sha256(remote.data))


def build_folder_feed(path: Path, folder: Path, data: bytes, standalone: Mapping[str, str]) -> BuiltFeed:
    """Episodes of the feed file at `path` (its bytes `data`). Raises FeedError for what is not a feed."""
    feed = parse_feed(data)
    resolver = FolderResolver(path, folder)
    result = feed_episodes(path.name, feed, resolver, standalone)
    keys = sorted({key for item in feed.items for key in item_keys(item)})
    return BuiltFeed(feed, result, combined_digest(sha256(data), resolver.depends), dict(resolver.depends), keys)


def build_remote_feed(remote: RemoteFeed) -> BuiltFeed:
    """Episodes of a fetched feed (parsed already by the fetcher, when it was), its references read from the
    download cache by absolute URL."""
    assert remote.data is not None
    feed = remote.feed or parse_feed(remote.data)
    resolver = CacheResolver(remote.url, remote.cached)
    result = feed_episodes(remote.name, feed, resolver)
    return BuiltFeed(feed, result, combined_digest(sha256(remote.data), resolver.depends), resolver.depends)


def _stored_feed_sha(depends_json: str | None) -> str | None:
    """The SHA-256 of the feed bytes the store's episodes were built from."""
    try:
        stored = json.loads(depends_json or "")
    except json.JSONDecodeError:
        return None
    return stored.get("feed") if isinstance(stored, dict) else None


def _remote_digest(remote: RemoteFeed, depends_json: str | None) -> str | None:
    try:
        stored = json.loads(depends_json or "")
    except json.JSONDecodeError:
        return None
    depends = stored.get("depends") if isinstance(stored, dict) else None
    if not isinstance(depends, dict) or remote.data is None:
        return None
    current = {url: "" if (body := remote.cached(url)) is None else sha256(body) for url in depends}
    return combined_digest(sha256(remote.data), current)


def _finish(read: FeedRead, built: BuiltFeed, feed_sha: str) -> FeedRead:
    if not built.feed.items:
        read.error = "the feed lists no episodes"
        return read
    read.digest = built.digest
    read.episodes = built.result.episodes
    read.notes = built.result.notes
    if built.feed.duplicates:
        read.notes.append(f"{built.feed.duplicates} duplicated item(s) skipped")
    read.notes.extend(_clash_note(built.feed, item_id) for item_id in built.feed.clashes)
    read.depends_json = built.depends_json(feed_sha)
    read.claimed = {key for key in built.depends if "/" not in key}
    return read


def _clash_note(feed: Feed, item_id: str) -> str:
    count = sum(1 for item in feed.items if item.id == item_id)
    guid = redact_url(item_id)  # a guid may be a URL, and a private feed's may carry a token
    return f"{count} different episodes use the guid {guid!r}: {'both' if count == 2 else 'all'} kept"


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):g} MB"

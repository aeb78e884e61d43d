"""The last good copy of every fetched feed and transcript, kept under the data folder beside the store.

One body file and one small JSON file (URL, ETag, Last-Modified, when) per URL, named by a hash of the URL and
written atomically, so a crash never leaves half a copy. A reload with the network down reads from here.

Beside them: per feed, the transcripts and chapters its items reference (so they can be asked for again while the
feed answers 304, without parsing it), and per URL that failed, how often and when (so a failing host is asked
again after a growing pause rather than at every reload).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Settings

log = logging.getLogger(__name__)


def cache_dir_of(settings: Settings) -> Path:
    """Where the last good copies of fetched feeds and transcripts live: beside the store."""
    return settings.db_path.parent / "feed-cache"


@dataclass(frozen=True, slots=True)
class CacheEntry:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: float = 0.0


# A URL that failed is asked for again after 5 minutes, then 10, 20, ... at most a day.
RETRY_AFTER_SECONDS = 300.0
MAX_RETRY_AFTER_SECONDS = 86_400.0


class FeedCache:
    """Bodies by URL in `folder` (created on first write)."""

    clock: Callable[[], float] = staticmethod(time.time)  # when failures happen; tests move it

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _stem(self, url: str) -> Path:
        return self.folder / hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]

    def body(self, url: str) -> bytes | None:
        """The cached copy of `url`, or None."""
        try:
            return self._stem(url).with_suffix(".body").read_bytes()
        except OSError:
            return None

    def has(self, url: str) -> bool:
        return self._stem(url).with_suffix(".body").is_file()

    def entry(self, url: str) -> CacheEntry | None:
        """What was recorded with the cached copy (validators for a conditional GET), or None."""
        try:
            data = json.loads(self._stem(url).with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("url") != url:
            return None
        return CacheEntry(url, data.get("etag"), data.get("last_modified"), float(data.get("fetched_at", 0.0)))

    def store(self, url: str, body: bytes, *, etag: str | None = None, last_modified: str | None = None) -> None:
        """Keep `body` as the last good copy of `url` (and forget that it ever failed)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = self._stem(url)
        meta = {"url": url, "etag": etag, "last_modified": last_modified, "fetched_at": time.time()}
        _write_atomically(stem.with_suffix(".body"), body)
        _write_atomically(stem.with_suffix(".json"), json.dumps(meta).encode("utf-8"))
        stem.with_suffix(".failed").unlink(missing_ok=True)

    def store_references(self, feed_url: str, groups: list[list[str]]) -> None:
        """What the items of the feed at `feed_url` reference: per item, its transcripts richest first (any one
        will do), and its chapters, as absolute URLs."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"url": feed_url, "groups": groups}
        _write_atomically(self._stem(feed_url).with_suffix(".refs"), json.dumps(data).encode("utf-8"))

    def references(self, feed_url: str) -> list[list[str]] | None:
        """What `store_references` kept for the feed, or None."""
        data = self._read_json(feed_url, ".refs")
        groups = data.get("groups") if data else None
        return groups if isinstance(groups, list) else None

    def record_failure(self, url: str) -> None:
        """`url` could not be fetched: it waits before it is asked for again, longer each time."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = self._read_json(url, ".failed") or {}
        failures = int(data.get("failures", 0)) + 1
        record = {"url": url, "failures": failures, "at": self.clock()}
        _write_atomically(self._stem(url).with_suffix(".failed"), json.dumps(record).encode("utf-8"))

    def may_retry(self, url: str) -> bool:
        """True unless `url` failed and its pause is not over."""
        data = self._read_json(url, ".failed")
        if not data:
            return True
        failures = max(int(data.get("failures", 1)), 1)
        pause = min(RETRY_AFTER_SECONDS * 2 ** (failures - 1), MAX_RETRY_AFTER_SECONDS)
        return self.clock() - float(data.get("at", 0.0)) >= pause

    def _read_json(self, url: str, suffix: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self._stem(url).with_suffix(suffix).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("url") == url else None


def _write_atomically(path: Path, data: bytes) -> None:
    # Unique per write: two threads may store the same URL (a transcript two feeds share) at once.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half-written copy behind
        raise

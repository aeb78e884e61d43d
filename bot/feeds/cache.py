"""The last good copy of every fetched feed and transcript, kept under the data folder beside the store.

One body file and one small JSON file (URL, ETag, Last-Modified, when) per URL, named by a hash of the URL and
written atomically, so a crash never leaves half a copy. A reload with the network down reads from here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

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


class FeedCache:
    """Bodies by URL in `folder` (created on first write)."""

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
        """Keep `body` as the last good copy of `url`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = self._stem(url)
        meta = {"url": url, "etag": etag, "last_modified": last_modified, "fetched_at": time.time()}
        _write_atomically(stem.with_suffix(".body"), body)
        _write_atomically(stem.with_suffix(".json"), json.dumps(meta).encode("utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    # Unique per write: two threads may store the same URL (a transcript two feeds share) at once.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half-written copy behind
        raise

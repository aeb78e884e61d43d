"""A feed as an ingest source: its bytes plus everything its episodes were built from, under one digest.

A feed's episodes depend on more than the feed: the transcripts and chapters it references (beside a feed file,
or downloaded for a fetched feed) and standalone transcript files that attach to its items. Each of those is a
dependency recorded with its SHA-256 (empty when it could not be had), so a later reload can tell that nothing
changed by hashing them again, without parsing the feed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from bot.feeds.episodes import TRANSCRIPT_SUFFIXES, FeedEpisodes, feed_episodes, item_keys, match_key
from bot.feeds.parse import Feed, parse_feed

log = logging.getLogger(__name__)

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
# The most a referenced transcript or chapters file next to a feed may weigh.
MAX_LOCAL_FILE_BYTES = 50 * 1024 * 1024


def is_feed_file(path: Path) -> bool:
    """A feed by its suffix: `.xml`, `.rss`, `.atom`."""
    return path.suffix.lower() in FEED_SUFFIXES


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def combined_digest(feed_sha: str, depends: Mapping[str, str]) -> str:
    """One digest for a feed and what its episodes depend on."""
    text = feed_sha + "\n" + "\n".join(f"{key}\t{value}" for key, value in sorted(depends.items()))
    return sha256(text.encode("utf-8"))


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


class FolderResolver:
    """References of a feed file in the seeds folder: relative paths below the folder, and for a URL the file
    of the same name next to the feed. Records what it read as dependencies (keys relative to the folder)."""

    def __init__(self, feed_path: Path, folder: Path) -> None:
        self.folder = folder.resolve()
        self.base = feed_path.resolve().parent
        self.depends: dict[str, str] = {}

    def __call__(self, reference: str) -> bytes | None:
        path = self._path(reference)
        if path is None:
            return None
        key = path.relative_to(self.folder).as_posix()
        try:
            if path.stat().st_size > MAX_LOCAL_FILE_BYTES:
                self.depends[key] = ""
                return None
            data = path.read_bytes()
        except OSError:
            self.depends[key] = ""
            return None
        self.depends[key] = sha256(data)
        return data

    def _path(self, reference: str) -> Path | None:
        parts = urlsplit(reference)
        if parts.scheme in {"http", "https"}:
            name = PurePosixPath(parts.path).name
            candidate = self.base / name if name else None
        elif parts.scheme in {"", "file"}:
            candidate = self.base / parts.path
        else:
            return None
        if candidate is None:
            return None
        candidate = candidate.resolve()
        return candidate if candidate.is_relative_to(self.folder) else None


def standalone_transcripts(paths: list[Path]) -> dict[str, str]:
    """Transcript-like files of the folder by `match_key` of their stem -> their name (a feed reference)."""
    found: dict[str, str] = {}
    for path in paths:
        if path.suffix.lower() in TRANSCRIPT_SUFFIXES:
            found.setdefault(match_key(path.stem), path.name)
    return found


def build_folder_feed(path: Path, folder: Path, data: bytes, standalone: Mapping[str, str]) -> BuiltFeed:
    """Episodes of the feed file at `path` (its bytes `data`). Raises FeedError for what is not a feed."""
    feed = parse_feed(data)
    resolver = FolderResolver(path, folder)
    result = feed_episodes(path.name, feed, resolver, standalone)
    keys = sorted({key for item in feed.items for key in item_keys(item)})
    return BuiltFeed(feed, result, combined_digest(sha256(data), resolver.depends), dict(resolver.depends), keys)


def folder_feed_digest(
    folder: Path, data: bytes, depends_json: str | None, standalone: Mapping[str, str] | None = None
) -> str | None:
    """The digest the feed would have now, from its stored dependencies; None when they were never stored, or
    when a file of `standalone` (see `standalone_transcripts`) that one of its items would claim is new."""
    stored = _stored_depends(depends_json)
    if stored is None or _new_claimable(depends_json, stored, standalone or {}):
        return None
    root = folder.resolve()
    current: dict[str, str] = {}
    for key in stored:
        try:
            current[key] = sha256((root / key).read_bytes())
        except OSError:
            current[key] = ""
    return combined_digest(sha256(data), current)


def _stored_depends(depends_json: str | None) -> dict[str, str] | None:
    if not depends_json:
        return None
    try:
        stored = json.loads(depends_json)
    except json.JSONDecodeError:
        return None
    depends = stored.get("depends") if isinstance(stored, dict) else None
    return depends if isinstance(depends, dict) else None


def _new_claimable(depends_json: str | None, stored: Mapping[str, str], standalone: Mapping[str, str]) -> bool:
    """True when a standalone file matches one of the feed's item keys but is not among its dependencies (it was
    added since the feed was read), or when the keys were never stored."""
    keys = json.loads(depends_json or "{}").get("keys")
    if not isinstance(keys, list):
        return True
    return any(standalone[key] not in stored for key in keys if key in standalone)


def claimed_files(depends_json: str | None) -> set[str]:
    """Files directly in the folder that a feed's stored dependencies name (its attached transcripts)."""
    return {key for key in _stored_depends(depends_json) or {} if "/" not in key}


def build_remote_feed(
    url: str, data: bytes, cached: Callable[[str], bytes | None], feed: Feed | None = None
) -> BuiltFeed:
    """Episodes of the feed fetched from `url` (`feed`: its bytes already parsed), its references read from the
    download cache by absolute URL."""
    feed = feed or parse_feed(data)
    depends: dict[str, str] = {}

    def resolve(reference: str) -> bytes | None:
        absolute = urljoin(url, reference)
        body = cached(absolute)
        depends[absolute] = "" if body is None else sha256(body)
        return body

    result = feed_episodes(url, feed, resolve)
    return BuiltFeed(feed, result, combined_digest(sha256(data), depends), depends)

"""Feed files in the seeds folder as sources: what a feed references beside it, and digests of it all.

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
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from bot.feeds.matching import TRANSCRIPT_SUFFIXES, match_key

log = logging.getLogger(__name__)

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
_MEGABYTE = 1024 * 1024
# The most a feed may weigh, fetched or in the seeds folder (parsing costs several times its size in memory).
MAX_FEED_BYTES = 25 * _MEGABYTE
# The most a referenced transcript or chapters file next to a feed may weigh.
MAX_LOCAL_FILE_BYTES = 50 * _MEGABYTE
# A reference as the feed wrote it -> its bytes, or None when it cannot be had.
Resolver = Callable[[str], bytes | None]


def is_feed_file(path: Path) -> bool:
    """A feed by its suffix: `.xml`, `.rss`, `.atom`."""
    return path.suffix.lower() in FEED_SUFFIXES


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def combined_digest(feed_sha: str, depends: Mapping[str, str]) -> str:
    """One digest for a feed and what its episodes depend on."""
    text = feed_sha + "\n" + "\n".join(f"{key}\t{value}" for key, value in sorted(depends.items()))
    return sha256(text.encode("utf-8"))


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


class CacheResolver:
    """References of a feed fetched from `feed_url`: absolute URLs read from the download cache (`cached`).
    Records what it read as dependencies (keys are absolute URLs)."""

    def __init__(self, feed_url: str, cached: Callable[[str], bytes | None]) -> None:
        self.feed_url = feed_url
        self.cached = cached
        self.depends: dict[str, str] = {}

    def __call__(self, reference: str) -> bytes | None:
        absolute = urljoin(self.feed_url, reference)
        body = self.cached(absolute)
        self.depends[absolute] = "" if body is None else sha256(body)
        return body


def standalone_transcripts(paths: list[Path]) -> dict[str, str]:
    """Transcript-like files of the folder by `match_key` of their stem -> their name (a feed reference)."""
    found: dict[str, str] = {}
    for path in paths:
        if path.suffix.lower() in TRANSCRIPT_SUFFIXES:
            found.setdefault(match_key(path.stem), path.name)
    return found


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
            with (root / key).open("rb") as file:  # hashed as a stream: a dependency is read only when it changed
                current[key] = hashlib.file_digest(file, "sha256").hexdigest()
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


def same_feed_location(first: str, second: str) -> bool:
    """True when two feed URLs name the same place but for the scheme, a login, the query or the fragment
    (`http://host/feed.xml` and `https://user@host/feed.xml?v=2`); False for anything that is not a URL."""
    return _location(first) is not None and _location(first) == _location(second)


def _location(url: str) -> tuple[str, int | None, str] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    return parts.hostname.rstrip("."), None if port in {80, 443} else port, parts.path.rstrip("/")

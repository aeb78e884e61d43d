"""The sources file: one feed URL a line; `#` starts a comment.

It lives in the seeds folder by default and is then not read as a document. Admins edit it from Discord with
`/sources add|remove`.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from bot.config import Settings
from bot.feeds.fetch import is_fetchable

log = logging.getLogger(__name__)

FEEDS_FILE_NAME = "feeds.txt"
MAX_URL_LENGTH = 2000
_file_lock = threading.Lock()


def feeds_file_of(settings: Settings, seeds_dir: Path | None = None) -> Path:
    """The sources file: PODQUOTE_FEEDS_FILE, else `feeds.txt` in the seeds folder."""
    return settings.feeds_file or (seeds_dir or settings.seeds_dir) / FEEDS_FILE_NAME


def read_feed_urls(path: Path) -> list[str]:
    """The feed URLs of the sources file, in order, each once; none when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return []
    urls: list[str] = []
    for line in text.splitlines():
        url = _url_of_line(line)
        if url and url not in urls:
            urls.append(url)
    return urls


def _url_of_line(line: str) -> str:
    """A line's URL: empty for a blank or `#` comment line; a trailing ` # comment` is dropped."""
    stripped = line.lstrip("\ufeff").strip()  # a byte order mark opens the first line of some files
    if stripped.startswith("#"):
        return ""
    return stripped.split(" #", 1)[0].strip()


def check_feed_url(url: str) -> str | None:
    """Why `url` cannot be a feed source, or None when it can."""
    if len(url) > MAX_URL_LENGTH or any(ch.isspace() for ch in url):
        return "that is not a URL"
    if not is_fetchable(url):
        return "only http:// and https:// feed URLs can be added"
    return None


def add_feed_url(path: Path, url: str) -> bool:
    """Append `url` to the sources file (created if needed). False when it was already listed."""
    with _file_lock:
        if url in read_feed_urls(path):
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        existing = path.read_text(encoding="utf-8") if path.exists() else "# podcast feed URLs, one a line\n"
        separator = "" if not existing or existing.endswith("\n") else "\n"
        path.write_text(f"{existing}{separator}{url}\n", encoding="utf-8")
        return True


def remove_feed_url(path: Path, url: str) -> bool:
    """Remove the lines listing `url` from the sources file (comments stay). False when it was not listed."""
    with _file_lock:
        if url not in read_feed_urls(path):
            return False
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if _url_of_line(line) != url]
        path.write_text("".join(kept), encoding="utf-8")
        return True

"""The Podcasting 2.0 JSON chapters format: `{"version", "chapters": [{"startTime", "title", ...}]}`."""

from __future__ import annotations

import json
import math
from typing import Any

from bot.models import Chapter
from bot.text import squash_spaces


class ChaptersError(ValueError):
    """Not a JSON chapters document."""


def parse_json_chapters(text: str | bytes) -> list[Chapter]:
    """Titled chapters in start order. Entries hidden from the table of contents (`"toc": false`) or
    without a title are left out. Raises ChaptersError when the document is not JSON chapters."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ChaptersError(f"invalid JSON ({exc})") from None
    entries = data.get("chapters") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ChaptersError("JSON without a 'chapters' list")
    chapters = [chapter for entry in entries if (chapter := _chapter(entry)) is not None]
    return sorted(chapters, key=lambda c: c.start_seconds if c.start_seconds is not None else float("inf"))


def _chapter(entry: Any) -> Chapter | None:
    if not isinstance(entry, dict) or entry.get("toc") is False:
        return None
    title = entry.get("title")
    if not isinstance(title, str) or not (title := squash_spaces(title)):
        return None
    start = entry.get("startTime")
    if isinstance(start, bool) or not isinstance(start, int | float) or not 0 <= start < math.inf:
        start = None
    return Chapter(title=title, start_seconds=None if start is None else float(start))

"""Which transcript file belongs to which feed item: names compared the same way on both sides."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from bot.feeds.parse import FeedItem
from bot.text import slugify

TRANSCRIPT_SUFFIXES = frozenset({".json", ".vtt", ".srt", ".html", ".htm", ".txt"})
_SLUG_LENGTH = 200


def match_key(text: str) -> str:
    """How an item and a transcript file name are compared: `pw-042`, `PW_042.vtt`'s stem, a title's slug."""
    return slugify(text, _SLUG_LENGTH)


def item_keys(item: FeedItem) -> set[str]:
    """The names a standalone transcript file may carry to attach to `item`: its guid, title or transcript's."""
    keys = {match_key(item.id), match_key(item.title)}
    keys.update(match_key(reference_stem(link.url)) for link in item.transcripts)
    keys.discard("episode")  # slugify's answer for text without words
    return keys


def reference_stem(reference: str) -> str:
    """`https://host/t/pw-042.vtt?x=1` -> `pw-042`."""
    return PurePosixPath(urlsplit(reference).path).stem

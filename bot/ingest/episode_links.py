"""The episode's own URL in a listing's description: its recording or show-notes page, told apart from the
many links a description mentions by the words just before it ("Watch the YouTube recording of Episode (...)",
"Show Notes online - ...")."""

from __future__ import annotations

import re

_CUE = re.compile(
    r"(?:\bwatch\s+(?:the\s+|this\s+|it\s+)?(?:full\s+|youtube\s+|live\s+|video\s+)*(?:recording|video|episode)"
    r"|\bwatch\s+(?:it\s+|this\s+episode\s+)?on\s+youtube|\bshow\s*notes\s+online|\bfull\s+show\s*notes"
    r"|\blisten\s+to\s+(?:the\s+)?(?:full\s+)?episode|\bepisode\s+page)"
    r"[^h]{0,40}?(https?://[^\s)\]>\"'<]+)",
    re.IGNORECASE,
)
# A YouTube video id is 11 characters; descriptions glue the next word onto the URL ("...v=PFn9qRGzTMcThe").
_YOUTUBE = re.compile(r"^(https?://(?:www\.|m\.)?(?:youtube\.com/watch\?(?:[^#\s]*&)?v=|youtu\.be/)[\w-]{11})")
_TRAILING = ".,;:!?*•"


def find_episode_url(description: str) -> str | None:
    """The URL a description gives for the episode itself, or None."""
    match = _CUE.search(description)
    if match is None:
        return None
    url = match.group(1)
    youtube = _YOUTUBE.match(url)
    return youtube.group(1) if youtube else url.rstrip(_TRAILING) or None

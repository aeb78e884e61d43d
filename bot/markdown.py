"""Source text made safe to show in Discord markdown: literal formatting characters, mentions that never ping.

Core answers (summaries, questions) are markdown a member reads, in Discord or from the command line, so these
live in the core rather than in the Discord layer.
"""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\*_~`|])")
_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
_MENTION_TOKEN = re.compile(r"<(@[!&]?|#)(\d+)>")


def escape_markdown(text: str) -> str:
    """Backslash-escape the characters Discord would read as formatting, so a quote shows as spoken."""
    return _MARKDOWN.sub(r"\\\1", text)


def neutralise_mentions(text: str) -> str:
    """Break `@everyone`, `@here` and `<@id>`-style tokens so they read as text and can never ping.

    `allowed_mentions` is the real defence; this keeps message content honest-looking as well.
    """
    text = _MASS_MENTION.sub("@\u200b\\1", text)
    return _MENTION_TOKEN.sub(lambda m: f"<{m.group(1)}\u200b{m.group(2)}>", text)


def safe(text: str | None) -> str:
    """Source text as Discord shows it literally: no accidental markdown, no pings."""
    return neutralise_mentions(escape_markdown(text or ""))

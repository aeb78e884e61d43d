"""Source text made safe to show in Discord markdown: literal formatting characters, mentions that never ping.

Core answers (summaries, questions) are markdown a member reads, in Discord or from the command line, so these
live in the core rather than in the Discord layer.
"""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\*_~`|\[\]])")
_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
_MENTION_TOKEN = re.compile(r"<(@[!&]?|#)(\d+)>")
# `scheme://`: what makes Discord turn text into a link (bare, in <...> or masked) and preview it.
_LINK_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*:)//")
_ZERO_WIDTH_SPACE = "\u200b"


def escape_markdown(text: str) -> str:
    """Backslash-escape the characters Discord would read as formatting, so a quote shows as spoken; links in it
    (`[text](url)`, `<url>`, a bare `https://...`) show as text that neither links nor previews."""
    return neutralise_links(_MARKDOWN.sub(r"\\\1", text))


def neutralise_links(text: str) -> str:
    """Break every `scheme://` with a zero-width space: Discord then shows a URL as the words it is, and a masked
    link (its brackets escaped by `escape_markdown`) as `[text](url)`, never as a disguised link."""
    if "//" not in text:
        return text
    return _LINK_SCHEME.sub(rf"\1{_ZERO_WIDTH_SPACE}//", text)


def neutralise_mentions(text: str) -> str:
    """Break `@everyone`, `@here` and `<@id>`-style tokens so they read as text and can never ping.

    `allowed_mentions` is the real defence; this keeps message content honest-looking as well.
    """
    text = _MASS_MENTION.sub("@\u200b\\1", text)
    return _MENTION_TOKEN.sub(lambda m: f"<{m.group(1)}\u200b{m.group(2)}>", text)


def safe(text: str | None) -> str:
    """Source text as Discord shows it literally: no accidental markdown, no pings."""
    return neutralise_mentions(escape_markdown(text or ""))

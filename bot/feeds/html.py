"""Show notes as clean text: HTML tags stripped, entities decoded, paragraphs and line breaks kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags that end a paragraph (a blank line) or a line (a newline) in the text.
_PARAGRAPH_TAGS = frozenset({"p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "table", "pre"})
_LINE_TAGS = frozenset({"br", "li", "tr", "dt", "dd", "hr"})
_SKIPPED_TAGS = frozenset({"script", "style", "head", "title"})
_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!]|&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._break(tag)
        if tag in _SKIPPED_TAGS:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        if tag in _PARAGRAPH_TAGS:
            self._break(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def _break(self, tag: str) -> None:
        if tag in _PARAGRAPH_TAGS:
            self.parts.append("\n\n")
        elif tag in _LINE_TAGS:
            self.parts.append("\n")


def html_to_text(markup: str) -> str:
    """Text of an HTML fragment: tags gone, entities decoded, `<p>` as blank lines, `<br>`/`<li>` as new lines.

    Plain text passes through with its own line structure tidied the same way.
    """
    if not markup:
        return ""
    if _LOOKS_LIKE_HTML.search(markup):
        collector = _TextCollector()
        collector.feed(markup)
        collector.close()
        markup = "".join(collector.parts)
    return tidy_lines(markup)


def tidy_lines(text: str) -> str:
    """Spaces squashed inside lines, at most one blank line between paragraphs, ends trimmed."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\xa0", " ").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()

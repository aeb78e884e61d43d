"""HTML transcripts as hosts publish them: `<cite>Name:</cite>`, `<time>00:01:02</time>`, then `<p>` text.

Read with the standard library's HTML parser: a `cite` names the speaker of the text that follows, a `time`
sets its start, and each paragraph after them is that speaker's talk until the next `cite`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.ingest.errors import ParseError
from bot.ingest.turns import Turn
from bot.text import parse_clock, squash_spaces

_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?$")
_SKIPPED = frozenset({"script", "style", "head", "title", "h1", "h2", "h3", "nav", "header", "footer"})
_TEXT_BLOCKS = frozenset({"p", "div", "span", "li", "blockquote"})


def looks_like_html_transcript(text: str) -> bool:
    """True for HTML that holds `<cite>` speaker labels (two or more) or timed `<time>` marks."""
    lower = text[:200_000].lower()
    return lower.count("<cite") >= 2 or lower.count("<time") >= 2


class _TranscriptReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.turns: list[Turn] = []
        self.speaker: str | None = None
        self.start: float | None = None
        self.open_turn = False
        self.field: str | None = None  # "cite" or "time" while inside one
        self.buffer: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in {"cite", "time"}:
            self._flush_text()
            self.field = tag
            self.buffer = []
            if tag == "time" and (stamp := dict(attrs).get("datetime")):
                self._set_time(stamp)
        elif tag in _TEXT_BLOCKS or tag == "br":
            self.buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == self.field:
            value = squash_spaces("".join(self.buffer))
            self.buffer = []
            if tag == "cite":
                self.speaker = value.rstrip(":：").strip() or None
                self.open_turn = False
            else:
                self._set_time(value)
            self.field = None
        elif tag in _TEXT_BLOCKS:
            self.buffer.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush_text()

    def _set_time(self, value: str) -> None:
        value = value.strip()
        if _CLOCK.match(value):
            self.start = parse_clock(value)
            self.open_turn = False

    def _flush_text(self) -> None:
        text = squash_spaces("".join(self.buffer))
        self.buffer = []
        if not text:
            return
        if self.open_turn and self.turns:
            self.turns[-1].text += " " + text
            return
        self.turns.append(Turn(speaker=self.speaker, text=text, start=self.start))
        self.open_turn = True


def parse_html_transcript(text: str) -> list[Turn]:
    """Turns of an HTML transcript. Raises ParseError when it holds no text."""
    reader = _TranscriptReader()
    reader.feed(text)
    reader.close()
    turns = [t for t in reader.turns if t.text]
    if not turns:
        raise ParseError("HTML transcript has no text")
    return turns

"""A transcript file of any kind podquote reads, to speaker turns: chosen by MIME type or file suffix, then by
what the text itself looks like."""

from __future__ import annotations

from bot.feeds.html import html_to_text
from bot.ingest import pages, standard
from bot.ingest.errors import ParseError
from bot.ingest.html_transcript import looks_like_html_transcript, parse_html_transcript
from bot.ingest.turns import Turn
from bot.ingest.whisper import parse_json_transcript

_KINDS = {
    "application/json": "json",
    "text/vtt": "vtt",
    "application/x-subrip": "srt",
    "application/srt": "srt",
    "text/srt": "srt",
    "text/html": "html",
    "text/plain": "text",
    ".json": "json",
    ".vtt": "vtt",
    ".srt": "srt",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


def transcript_kind(mime_or_suffix: str) -> str | None:
    """'json', 'vtt', 'srt', 'html' or 'text' for a MIME type or a file suffix; None when unknown."""
    return _KINDS.get(mime_or_suffix.split(";", maxsplit=1)[0].strip().lower())


def parse_transcript(text: str, mime_or_suffix: str) -> list[Turn]:
    """Turns of a transcript. The text's own signature wins over a wrong label (a `.txt` that is WebVTT).
    Raises ParseError when it holds no transcript."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise ParseError("empty transcript")
    kind = transcript_kind(mime_or_suffix)
    if stripped.startswith("WEBVTT"):
        kind = "vtt"
    elif stripped.startswith(("{", "[")):
        kind = "json"
    elif kind == "text" and stripped.startswith("<"):
        kind = "html"
    turns = _parse(stripped, kind)
    if not turns:
        raise ParseError("transcript has no text")
    return turns


def _parse(text: str, kind: str | None) -> list[Turn]:
    if kind == "json":
        return parse_json_transcript(text)
    if kind == "vtt":
        return standard.parse_webvtt(text)
    if kind == "srt":
        return standard.parse_srt(text)
    if kind == "html":
        if looks_like_html_transcript(text):
            return parse_html_transcript(text)
        return plain_text_turns(html_to_text(text))
    return plain_text_turns(text)


def plain_text_turns(text: str) -> list[Turn]:
    """`Speaker: text` paragraphs, or untimed text without speakers; times are estimated later."""
    lines = text.splitlines()
    if pages.looks_like_timed_page(lines):
        return pages.parse_timed_transcript(lines)
    return pages.parse_untimed_transcript(lines)

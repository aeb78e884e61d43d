"""From one document's text to its episodes. Pure: no I/O, no database.

`parse_document` recognises the format (Podcasting 2.0 JSON, Whisper and whisper.cpp JSON, WebVTT, SRT, an HTML
transcript with `<cite>`/`<time>`, an episode page with a timed or untimed transcript, a directory listing) and
returns complete `Episode`s with speakers and segments.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from bot.chapters import find_chapters
from bot.ingest import pages, standard
from bot.ingest.describe import derive_title, find_show
from bot.ingest.episode_links import find_episode_url
from bot.ingest.errors import ParseError
from bot.ingest.html_transcript import looks_like_html_transcript, parse_html_transcript
from bot.ingest.listing import ListingRecord, listing_chapters, looks_like_listing, parse_listing
from bot.ingest.speakers import resolve_speakers
from bot.ingest.turns import Turn, segments_from_turns
from bot.ingest.whisper import parse_json_transcript
from bot.models import Chapter, Episode, Source
from bot.text import slugify, squash_spaces, truncate

_CONTEXT_CHARS = 4000


def parse_document(name: str, text: str) -> tuple[list[Episode], list[str]]:
    """Episodes in the document `name` (a file name) and notes on anything skipped. Raises ParseError."""
    if not text.strip():
        raise ParseError("empty file")
    suffix = PurePath(name).suffix.lower()
    stripped = text.lstrip("\ufeff \t\r\n")
    if suffix == ".json" or stripped.startswith("{"):
        return [_episode_from_file_turns(name, parse_json_transcript(text))], []
    if suffix == ".vtt" or stripped.startswith("WEBVTT"):
        return [_episode_from_file_turns(name, standard.parse_webvtt(stripped))], []
    if suffix == ".srt":
        return [_episode_from_file_turns(name, standard.parse_srt(text))], []
    if suffix in {".html", ".htm"} and looks_like_html_transcript(text):
        return [_episode_from_file_turns(name, parse_html_transcript(text))], []
    lines = text.splitlines()
    if pages.looks_like_timed_page(lines) or pages.looks_like_untimed_page(lines):
        return [_episode_from_page(name, lines)], []
    if looks_like_listing(lines):
        records, notes = parse_listing(lines)
        if records:
            return [_episode_from_listing(name, record) for record in records], notes
    raise ParseError("no episode description or transcript recognised")


def title_from_file_name(name: str) -> str:
    stem = PurePath(name).stem.replace("_", " ").replace("-", " ")
    words = squash_spaces(stem)
    return words[:1].upper() + words[1:] if words else "Untitled episode"


def episode_id(title: str, identity: str) -> str:
    """Stable and readable: a slug of the title plus a hash of what identifies the episode's content."""
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:8]
    return f"{slugify(title, 40)}-{digest}"


def build_episode(
    *,
    source: Source,
    title: str,
    turns: list[Turn],
    identity: str,
    show: str | None = None,
    description: str = "",
    chapters: list[Chapter] | None = None,
    duration: float | None = None,
) -> Episode:
    """Resolve speakers, cut segments and assemble the Episode."""
    context = description + " " + " ".join(t.text for t in turns[:12])[:_CONTEXT_CHARS]
    speakers = resolve_speakers(turns, context)
    return Episode(
        id=episode_id(title, identity),
        title=title,
        source=source,
        show=show,
        description=description,
        chapters=chapters or [],
        duration_seconds=duration,
        speakers=speakers,
        segments=segments_from_turns(turns, duration),
    )


def _episode_from_file_turns(name: str, turns: list[Turn]) -> Episode:
    if not turns:
        raise ParseError("transcript has no text")
    title = title_from_file_name(name)
    last = max((t.start for t in turns if t.start is not None), default=None)
    identity = f"{name}\n{turns[0].text[:200]}"
    return build_episode(source=Source(name, 1), title=title, turns=turns, identity=identity, duration=last)


def _episode_from_page(name: str, lines: list[str]) -> Episode:
    header_lines, transcript_lines = pages.split_page(lines)
    header = pages.parse_header(header_lines)
    if pages.looks_like_timed_page(transcript_lines):
        turns = pages.parse_timed_transcript(transcript_lines)
    else:
        turns = pages.parse_untimed_transcript(transcript_lines)
    title = header.title or title_from_file_name(name)
    description = header.description
    return build_episode(
        source=Source(name, 1),
        title=truncate(title, 120),
        turns=turns,
        identity=f"{title}\n{description[:500]}",
        show=header.show or find_show(description),
        description=description,
        chapters=find_chapters(description),
        duration=header.duration_seconds,
    )


def _episode_from_listing(name: str, record: ListingRecord) -> Episode:
    turns = record.transcript.turns if record.transcript else []
    identity = record.description[:2000]
    episode = build_episode(
        source=Source(name, record.line),
        title="",
        turns=turns,
        identity=identity,
        show=record.show,
        description=record.description,
        chapters=listing_chapters(record),
    )
    guest = episode.speakers[0].name if len(episode.speakers) >= 2 else None
    episode.title = derive_title(record.description, record.show, guest)
    episode.id = episode_id(episode.title, identity)
    episode.url = find_episode_url(record.description)
    return episode

"""Markdown for answers, cut into Discord-sized pages, with source text shown literally."""

from __future__ import annotations

from collections.abc import Sequence

from bot.links import moment_link, play_link
from bot.markdown import safe
from bot.questions.catalog import EpisodeInfo
from bot.results import QuoteHit
from bot.text import format_timestamp, truncate

PAGE_CHARS = 3800  # an embed description holds 4096; room for a "page i/n" line and safety
SNIPPET_CHARS = 220


def paginate(header: str, blocks: Sequence[str], limit: int = PAGE_CHARS) -> list[str]:
    """The header, then blocks, packed into pages of at most `limit` characters (a block never split unless it
    alone is too long). Every page starts with the header so it reads on its own."""
    pages: list[str] = []
    current = header
    for whole in blocks:
        block = truncate(whole, limit - len(header) - 2)
        candidate = f"{current}\n{block}" if current else block
        if len(candidate) > limit and current != header:
            pages.append(current)
            current = f"{header}\n{block}" if header else block
        else:
            current = candidate
    pages.append(current)
    return [p.strip() for p in pages if p.strip()]


def episode_label(episode: EpisodeInfo) -> str:
    """`**Title** · Show · 2025-03-01`, escaped."""
    parts = [f"**{safe(truncate(episode.ref.title, 150))}**"]
    if episode.ref.show:
        parts.append(safe(episode.ref.show))
    if episode.ref.published:
        parts.append(episode.ref.published[:10])
    return " · ".join(parts)


def stamp_link(hit: QuoteHit) -> str:
    """`[▶ 12:34](link)` to the moment when a link is known, else the plain timestamp (or nothing)."""
    linked = play_link(hit.link, hit.timestamp)
    if linked:
        return linked
    return f"`{hit.timestamp}`" if hit.timestamp else ""


def quote_line(
    hit: QuoteHit, *, limit: int = SNIPPET_CHARS, show_episode: bool = False, around: int | None = None
) -> str:
    """`▶ 12:34 **Speaker**: “quote”` (— episode), the quote verbatim, cut with ellipses when long: around the
    character position `around` (where the match is) when given, else from its start."""
    who = f"**{safe(hit.speaker)}**: " if hit.speaker else ""
    shown = truncate(hit.text, limit) if around is None else snippet_around(hit.text, around, limit)
    line = f"{stamp_link(hit)} {who}“{safe(shown)}”".strip() + (" _(close in meaning)_" if hit.by_meaning else "")
    if show_episode:
        line += f" — {safe(truncate(hit.episode.title, 80))}"
    return line


def snippet_around(text: str, word_start: int, limit: int = SNIPPET_CHARS) -> str:
    """The passage cut to about `limit` characters around a character position, with ellipses where cut."""
    if len(text) <= limit:
        return text
    start = max(0, min(word_start - limit // 3, len(text) - limit))
    end = start + limit
    piece = text[start:end]
    if start > 0:
        piece = "…" + piece[piece.find(" ") + 1 :]
    if end < len(text):
        piece = piece[: piece.rfind(" ")] + "…"
    return piece


def duration_text(seconds: float | None) -> str | None:
    """`1:02:03 (about 62 min)`."""
    if seconds is None:
        return None
    clock = format_timestamp(seconds)
    minutes = round(seconds / 60)
    return f"{clock} (about {minutes} min)" if minutes else clock


def listen_link(episode: EpisodeInfo) -> str | None:
    url = moment_link(episode.ref, None)
    return f"[link]({url})" if url else None

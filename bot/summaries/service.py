"""Episode summaries on request: work out which episode a member means and answer with its summary.

The summaries themselves are computed at ingest (`bot.summaries.summarize`) and stored; this module finds the episode
(`bot.summaries.finder`, over an in-memory index rebuilt whenever the store's `corpus_version` changes), loads its
summary and renders the text as it would be posted. Used by the summaries cog and the command line.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from bot.links import moment_link, play_link
from bot.markdown import escape_markdown, neutralise_mentions
from bot.models import Chapter, Episode, EpisodeRef, Segment, Speaker
from bot.results import EpisodeSummary, KeyPoint, SpeakerShare, SummaryAnswer
from bot.store import EpisodeRow, SpeakerRow, Store, StoreError, TranscriptProfile
from bot.summaries.finder import Decision, EpisodeIndex, EpisodeRecord, FinderResult, build_index, transcript_profile
from bot.summaries.summarize import summarize_episode
from bot.text import truncate

log = logging.getLogger(__name__)

MAX_TEXT = 4096  # an embed description
MAX_CONTENT = 2000  # a plain message
MAX_CHOICES = 25
CHAPTER_LINES = 12
EXAMPLE = "summarize the pg_ash episode"


@dataclass(frozen=True, slots=True)
class _CachedIndex:
    version: str
    index: EpisodeIndex


_INDEXES: weakref.WeakKeyDictionary[Store, _CachedIndex] = weakref.WeakKeyDictionary()
_LOCKS: weakref.WeakKeyDictionary[Store, asyncio.Lock] = weakref.WeakKeyDictionary()


# ---------------------------------------------------------------------------------------------- API


async def answer_summary_request(store: Store, request: str) -> SummaryAnswer:
    """Answer "summarize the pg_ash episode": the episode and its summary, candidates, or a helpful no."""
    start = time.perf_counter()
    try:
        index = await finder_index(store)
        result = index.find(request)
        episode, summary, text, candidates = await _answer_parts(store, request, result)
    except StoreError as exc:
        episode, summary, text, candidates = None, None, str(exc), []
    took = (time.perf_counter() - start) * 1000
    log.debug("summary request %r -> %s in %.1f ms", request[:80], episode.id if episode else None, took)
    return SummaryAnswer(request, took, episode, summary, text, candidates)


async def summary_for_episode(store: Store, episode_id: str) -> SummaryAnswer:
    """The summary of one episode by id (an autocomplete choice or a pick among candidates)."""
    start = time.perf_counter()
    try:
        rowid = await store.episode_rowid(episode_id)
        refs = await store.episode_refs([rowid]) if rowid is not None else {}
        if rowid is None or rowid not in refs:
            text = f"I don't know an episode with the id `{escape_markdown(episode_id[:100])}`."
            return SummaryAnswer(episode_id, _ms(start), None, None, text)
        summary = await load_summary(store, rowid)
        text = render_summary_text(refs[rowid], summary)
        return SummaryAnswer(episode_id, _ms(start), refs[rowid], summary, text)
    except StoreError as exc:
        return SummaryAnswer(episode_id, _ms(start), None, None, str(exc))


async def episode_choices(store: Store, text: str, limit: int = MAX_CHOICES) -> list[EpisodeRef]:
    """Episodes for autocomplete as a member types: best matches first, at most 25. Never raises."""
    limit = max(0, min(limit, MAX_CHOICES))
    try:
        index = await finder_index(store)
        if not text.strip():
            return [record.ref for record in index.records[:limit]]
        return [c.record.ref for c in index.rank(text, limit, prefix=True)]
    except Exception:  # autocomplete must answer something; the cause is logged
        log.exception("episode choices failed for %r", text[:80])
        return []


async def finder_index(store: Store) -> EpisodeIndex:
    """The finder's index of the store's episodes, rebuilt only when the corpus version changes."""
    version = await store.corpus_version()
    cached = _INDEXES.get(store)
    if cached is not None and cached.version == version:
        return cached.index
    lock = _LOCKS.setdefault(store, asyncio.Lock())
    async with lock:
        cached = _INDEXES.get(store)
        if cached is None or cached.version != version:
            start = time.perf_counter()
            records = await load_records(store)
            # Seconds of pure Python for a large library: off the event loop, so the bot keeps answering.
            cached = _CachedIndex(version, await asyncio.to_thread(build_index, records))
            _INDEXES[store] = cached
            log.info("episode finder index: %d episodes in %.0f ms", len(cached.index), _ms(start))
    return cached.index


async def load_records(store: Store) -> list[EpisodeRecord]:
    """Finder records for every episode: metadata, speakers with aliases, and transcript words."""
    profiles = await store.transcript_profiles()
    speakers = await store.speakers_by_episode()
    return [
        await _record(store, row, speakers.get(row.rowid, []), profiles.get(row.rowid))
        for row in await store.episodes()
    ]


async def load_summary(store: Store, rowid: int) -> EpisodeSummary:
    """The stored summary; computed on the spot for episodes ingested without one."""
    summary = await store.summary(rowid)
    if summary is not None:
        return summary
    episode = await load_episode(store, rowid)
    if episode is None:
        raise StoreError("that episode is no longer in the library")
    return summarize_episode(episode)


async def load_episode(store: Store, rowid: int) -> Episode | None:
    """Rebuild a full `Episode` (segments and speakers included) from the store."""
    row = await store.episode_by_rowid(rowid)
    if row is None:
        return None
    segments = await store.segments_of_episode(rowid)
    speakers = await store.speakers_of(rowid)
    ref = row.ref
    return Episode(
        id=ref.id,
        title=ref.title,
        source=ref.source,
        show=ref.show,
        description=row.description,
        chapters=[Chapter(c.get("title", ""), c.get("start_seconds")) for c in row.chapters],
        duration_seconds=row.duration_seconds,
        speakers=[Speaker(s.name, set(s.aliases), s.words) for s in speakers],
        segments=[Segment(s.text, s.speaker, s.start_seconds, s.approximate) for s in segments],
        url=ref.url,
    )


# ---------------------------------------------------------------------------------------------- rendering


def render_summary_text(ref: EpisodeRef, summary: EpisodeSummary) -> str:
    """The summary as posted (Discord markdown, at most 4,096 characters): title, overview, key points,
    speakers with their share of the talk, chapters and duration."""
    sections = [_title_line(ref), _safe(summary.overview)]
    if summary.key_points:
        sections.append("**Key points**\n" + "\n".join(_key_point_line(p, ref) for p in summary.key_points))
    sections.extend(_details(summary, CHAPTER_LINES))
    text = "\n\n".join(s for s in sections if s)
    if len(text) > MAX_TEXT:
        text = _shorter(ref, summary)
    return text


def render_candidates_text(request: str, candidates: Sequence[EpisodeRef]) -> str:
    """What to post when several episodes fit: a short numbered list and how to narrow it down."""
    lines = [f"Several episodes could match “{_safe(truncate(' '.join(request.split()), 120))}”. Which one?"]
    lines.extend(f"{i}. {_episode_label(ref)}" for i, ref in enumerate(candidates, 1))
    lines.append("Pick one, or ask again with the show, a guest or a topic.")
    return truncate("\n".join(lines), MAX_CONTENT)


def render_no_match_text(result: FinderResult) -> str:
    """What to post when no episode fits, with the nearest one when there is something close."""
    if not result.terms:
        return f"Which episode? Name the show, a guest or a topic, for example “{EXAMPLE}”."
    asked = _safe(truncate(" ".join(result.terms), 100))
    text = f"I couldn't find an episode about “{asked}”. Try the show's name, a guest or a distinctive topic."
    if result.nearest:
        text += f"\nThe closest I have is {_episode_label(result.nearest[0].record.ref)}."
    return truncate(text, MAX_CONTENT)


def _title_line(ref: EpisodeRef) -> str:
    return truncate(_episode_label(ref), 300)


def _episode_label(ref: EpisodeRef) -> str:
    title = f"**{_safe(ref.title)}**"
    return f"{title} · {_safe(ref.show)}" if ref.show else title


def _key_point_line(point: KeyPoint, ref: EpisodeRef, limit: int = 300) -> str:
    link = ""
    if point.timestamp and not point.approximate:
        link = play_link(moment_link(ref, point.start_seconds), point.timestamp)
    stamp = f"{link} " if link else f"`{point.timestamp}` " if point.timestamp else "• "
    who = f"**{_safe(point.speaker)}**: " if point.speaker else ""
    return stamp + who + _safe(truncate(point.text, limit))


def _details(summary: EpisodeSummary, chapter_lines: int) -> list[str]:
    details: list[str] = []
    if summary.speakers:
        details.append("**Speakers:** " + ", ".join(_speaker_text(s) for s in summary.speakers[:10]))
    if summary.chapters and chapter_lines > 0:
        shown = [_chapter_text(c) for c in summary.chapters[:chapter_lines]]
        more = len(summary.chapters) - len(shown)
        details.append("**Chapters:** " + " · ".join(shown) + (f" · and {more} more" if more > 0 else ""))
    if summary.duration:
        details.append(f"**Duration:** {summary.duration}")
    return ["\n".join(details)] if details else []


def _speaker_text(share: SpeakerShare) -> str:
    about = [part for part in (share.role, None if share.share is None else f"{share.share:.0%}") if part]
    name = _safe(share.name)
    return f"{name} ({', '.join(about)})" if about else name


def _chapter_text(chapter: str) -> str:
    stamp, _, title = chapter.partition(" ")
    if stamp[:1].isdigit() and ":" in stamp:
        return f"`{stamp}` {_safe(title)}"
    return _safe(chapter)


def _shorter(ref: EpisodeRef, summary: EpisodeSummary) -> str:
    """The same summary squeezed under the limit: fewer chapters, shorter points, then a shorter overview."""
    for chapter_lines, point_limit, overview_limit in ((6, 240, 900), (0, 180, 700), (0, 140, 500)):
        sections = [_title_line(ref), _safe(truncate(summary.overview, overview_limit))]
        if summary.key_points:
            lines = [_key_point_line(p, ref, point_limit) for p in summary.key_points]
            sections.append("**Key points**\n" + "\n".join(lines))
        sections.extend(_details(summary, chapter_lines))
        text = "\n\n".join(s for s in sections if s)
        if len(text) <= MAX_TEXT:
            return text
    return truncate(text, MAX_TEXT)


def _safe(text: str | None) -> str:
    """Source text as Discord shows it literally: no accidental markdown, no pings."""
    return neutralise_mentions(escape_markdown(text or ""))


# ---------------------------------------------------------------------------------------------- helpers


async def _answer_parts(
    store: Store, request: str, result: FinderResult
) -> tuple[EpisodeRef | None, EpisodeSummary | None, str, list[EpisodeRef]]:
    if result.decision is Decision.ONE and result.best is not None:
        record = result.best.record
        summary = await _summary_of(store, record)
        return record.ref, summary, render_summary_text(record.ref, summary), []
    if result.decision is Decision.AMBIGUOUS:
        refs = [c.record.ref for c in result.candidates]
        return None, None, render_candidates_text(request, refs), refs
    return None, None, render_no_match_text(result), []


async def _summary_of(store: Store, record: EpisodeRecord) -> EpisodeSummary:
    rowid = record.rowid if record.rowid is not None else await store.episode_rowid(record.ref.id)
    if rowid is None:
        raise StoreError("that episode is no longer in the library")
    return await load_summary(store, rowid)


async def _record(
    store: Store, row: EpisodeRow, speakers: list[SpeakerRow], profile: TranscriptProfile | None
) -> EpisodeRecord:
    names = [name for s in speakers for name in (s.name, *s.aliases)] or row.speakers
    names = [*names, *(person.name for person in row.people)]  # a feed's host and guests, transcript or not
    lead, terms = "", {}
    if profile is not None:
        lead, terms = profile.lead, profile.terms
    elif row.segment_count:  # ingested before profiles were stored
        lead, terms = transcript_profile(s.text for s in await store.segments_of_episode(row.rowid))
    return EpisodeRecord(
        ref=row.ref,
        rowid=row.rowid,
        description=row.description,
        speakers=tuple(dict.fromkeys(names)),
        chapters=tuple(str(c.get("title", "")) for c in row.chapters),
        transcript_lead=lead,
        transcript_terms=terms,
    )


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000

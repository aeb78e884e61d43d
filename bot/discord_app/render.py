"""Results rendered into Discord-sized messages.

Pure functions: they return plain dicts ready for `discord.Embed.from_dict` (or small dataclasses for
select options) and know nothing of discord.py. Every builder ends in `fit_embed`, which enforces Discord's
limits, so nothing rendered here can be refused by Discord for its size.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.links import moment_link, moment_url, play_link
from bot.markdown import escape_markdown, neutralise_mentions
from bot.meaning import MeaningStatus
from bot.models import EpisodeRef
from bot.questions import QuestionAnswer
from bot.redact import redact_url
from bot.results import IngestReport, KeyPoint, QuoteAnswer, QuoteHit, SourceStatus, SummaryAnswer
from bot.text import format_timestamp, truncate

if TYPE_CHECKING:
    from bot.store import SegmentRow

Embed = dict[str, Any]

# Discord's documented limits.
MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR = 256
MAX_EMBED_TOTAL = 6000
MAX_URL = 2048
MAX_OPTION_TEXT = 100  # select option label/value/description, autocomplete choice name/value
MAX_OPTIONS = 25

COLOUR = 0x5865F2
ERROR_COLOUR = 0xED4245
QUOTE_BUDGET = 3000
OVERVIEW_BUDGET = 1500  # so key points, speakers and chapters still fit in 6,000
KEY_POINT_BUDGET = 300
KEY_POINT_FIELDS = 2
EMPTY = "\u200b"
STATS_ORDER = ("episodes", "segments", "speakers", "files", "timed_episodes")


@dataclass(frozen=True, slots=True)
class Option:
    """One entry of a select menu or pick-list, already within Discord's limits."""

    label: str
    value: str
    description: str | None = None


# ---------------------------------------------------------------- text helpers


def clamp_content(text: str) -> str:
    """Message content cut to Discord's 2,000 characters, mentions neutralised."""
    return truncate(neutralise_mentions(text), MAX_CONTENT)


def clamp_option(text: str) -> str:
    """Text for a select option or autocomplete choice (1-100 characters)."""
    return truncate(" ".join(text.split()), MAX_OPTION_TEXT) or EMPTY


def stamp(seconds: float | None, timestamp: str | None, approximate: bool) -> str | None:
    """A display timestamp such as `12:34`, with a leading `~` when it is an estimate."""
    text = timestamp or format_timestamp(seconds)
    if text and approximate and not text.startswith("~"):
        text = "~" + text
    return text


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def bullet_list(items: Sequence[str], limit: int = MAX_FIELD_VALUE) -> str:
    """Lines joined within `limit` characters, ending with `… and N more` when some do not fit."""
    lines: list[str] = []
    for index, item in enumerate(items):
        line = truncate(item, limit - 24)
        left = len(items) - index - 1
        reserve = len(f"\n… and {left} more") if left else 0
        if len("\n".join([*lines, line])) + reserve > limit:
            lines.append(f"… and {left + 1} more")
            break
        lines.append(line)
    return "\n".join(lines) or EMPTY


# ---------------------------------------------------------------- limits


def fit_embed(embed: Embed) -> Embed:
    """Clamp every part of an embed to Discord's limits, dropping trailing fields to stay within 6,000."""
    out = dict(embed)
    if "title" in out:
        out["title"] = truncate(out["title"], MAX_TITLE) or EMPTY
    if "description" in out:
        out["description"] = truncate(out["description"], MAX_DESCRIPTION) or EMPTY
    if out.get("url") and len(out["url"]) > MAX_URL:
        del out["url"]
    if "footer" in out:
        out["footer"] = {**out["footer"], "text": truncate(out["footer"]["text"], MAX_FOOTER)}
    if "author" in out:
        out["author"] = {**out["author"], "name": truncate(out["author"]["name"], MAX_AUTHOR)}
    out["fields"] = [_fit_field(f) for f in out.get("fields", [])[:MAX_FIELDS]]
    _fit_total(out)
    if not out["fields"]:
        del out["fields"]
    return out


def embed_length(embed: Mapping[str, Any]) -> int:
    """The characters Discord counts towards an embed's 6,000 limit."""
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += len(embed.get("footer", {}).get("text", "")) + len(embed.get("author", {}).get("name", ""))
    return total + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))


def _fit_field(field: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": truncate(str(field.get("name") or ""), MAX_FIELD_NAME) or EMPTY,
        "value": truncate(str(field.get("value") or ""), MAX_FIELD_VALUE) or EMPTY,
        "inline": bool(field.get("inline", False)),
    }


def _fit_total(embed: Embed) -> None:
    while embed_length(embed) > MAX_EMBED_TOTAL and embed["fields"]:
        embed["fields"].pop()
    excess = embed_length(embed) - MAX_EMBED_TOTAL
    if excess > 0 and "description" in embed:
        embed["description"] = truncate(embed["description"], max(len(embed["description"]) - excess, 1))


def field(name: str, value: str, *, inline: bool = False) -> dict[str, Any]:
    return {"name": name, "value": value, "inline": inline}


# ---------------------------------------------------------------- quotes


def render_quote_hit(hit: QuoteHit, *, position: int = 1, total: int = 1, took_ms: float | None = None) -> Embed:
    """One search hit as an embed: the quote, who said it and when, and the episode it comes from."""
    when = stamp(hit.start_seconds, hit.timestamp, hit.approximate)
    timed_url = None if hit.approximate else hit.start_seconds
    # The moment's link as search made it; an estimated time is not linked to, the episode is.
    link = moment_link(hit.episode, None) if hit.approximate else hit.link or moment_link(hit.episode, timed_url)
    attribution = _attribution(hit.speaker, when, hit.approximate) + _play_link(link, timed_url)
    if hit.by_meaning:
        attribution += f"\n{MEANING_NOTE}"
    embed: Embed = {
        "title": hit.episode.title,
        "description": _blockquote(hit.text) + "\n\n" + attribution,
        "color": COLOUR,
        "fields": _episode_fields(hit.episode, when, hit.approximate),
        "footer": {"text": _quote_footer(position, total, took_ms, hit.episode)},
    }
    url = link or moment_url(hit.episode.url, timed_url)
    if url:
        embed["url"] = url
    return fit_embed(embed)


MEANING_NOTE = "_Close in meaning: these are not the words you asked for._"


def _play_link(url: str | None, seconds: float | None) -> str:
    link = play_link(url, format_timestamp(seconds))
    return f" · {link}" if link else ""


def render_quote_page(answer: QuoteAnswer, index: int) -> Embed:
    """Page `index` (0-based) of a search answer's hits."""
    index = min(max(index, 0), len(answer.hits) - 1)
    return render_quote_hit(answer.hits[index], position=index + 1, total=len(answer.hits), took_ms=answer.took_ms)


def render_context(hit: QuoteHit, rows: Sequence[SegmentRow]) -> Embed:
    """The segments around a hit, the hit itself in bold."""
    lines = [_context_line(row, row.id == hit.segment_id) for row in rows] or [_blockquote(hit.text)]
    budget = MAX_DESCRIPTION // max(len(lines), 1) - 8
    description = "\n\n".join(truncate(line, budget) for line in lines)
    embed: Embed = {
        "title": f"Context · {hit.episode.title}",
        "description": description,
        "footer": {"text": _episode_label(hit.episode)},
        "color": COLOUR,
    }
    url = moment_link(hit.episode, None if hit.approximate else hit.start_seconds)
    if url:
        embed["url"] = url
    return fit_embed(embed)


def render_no_match(answer: QuoteAnswer) -> str:
    """What to say when nothing matched with confidence (the content above any did-you-mean list)."""
    query = truncate(" ".join(answer.query.split()), 200)
    if answer.error:
        return clamp_content(f"I couldn't search for “{query}”: {answer.error}")
    if answer.did_you_mean:
        return clamp_content(f"I couldn't find “{query}” with confidence. Did you mean one of these?")
    return clamp_content(
        f"Nothing matched “{query}”. Try a few distinctive words you remember, or drop the speaker/episode filters."
    )


def hit_options(hits: Sequence[QuoteHit]) -> list[Option]:
    """Select options for candidate hits (e.g. did-you-mean); each value is the hit's index."""
    return [_hit_option(i, hit) for i, hit in enumerate(hits[:MAX_OPTIONS])]


def _hit_option(index: int, hit: QuoteHit) -> Option:
    when = stamp(hit.start_seconds, hit.timestamp, hit.approximate)
    about = " · ".join(part for part in (hit.speaker, hit.episode.title, when) if part)
    return Option(label=clamp_option(f"“{hit.text}”"), value=str(index), description=clamp_option(about))


def _blockquote(text: str) -> str:
    body = escape_markdown(truncate(" ".join(text.split()), QUOTE_BUDGET))
    return "> " + body


def _attribution(speaker: str | None, when: str | None, approximate: bool) -> str:
    who = f"**{escape_markdown(speaker)}**" if speaker else "*unknown speaker*"
    if not when:
        return f"— {who}"
    note = " (approximate)" if approximate else ""
    return f"— {who} at `{when}`{note}"


def _episode_fields(episode: EpisodeRef, when: str | None, approximate: bool) -> list[dict[str, Any]]:
    fields = [field("Episode", escape_markdown(episode.title), inline=True)]
    if episode.show:
        fields.append(field("Show", escape_markdown(episode.show), inline=True))
    if when:
        fields.append(field("Timestamp", f"`{when}`" + (" (approx.)" if approximate else ""), inline=True))
    return fields


def _quote_footer(position: int, total: int, took_ms: float | None, episode: EpisodeRef) -> str:
    parts = [f"Result {position} of {total}"] if total > 1 else []
    if took_ms is not None:
        parts.append(f"found in {took_ms:.0f} ms")
    parts.append(f"{redact_url(episode.source.file)}:{episode.source.line}")
    return " · ".join(parts)


def _context_line(row: SegmentRow, is_hit: bool) -> str:
    when = stamp(row.start_seconds, None, row.approximate)
    prefix = f"`{when}` " if when else ""
    who = f"**{escape_markdown(row.speaker)}:** " if row.speaker else ""
    text = escape_markdown(" ".join(row.text.split()))
    return f"{prefix}{who}" + (f"__{text}__" if is_hit else text)


def _episode_label(episode: EpisodeRef) -> str:
    return f"{episode.title} — {episode.show}" if episode.show else episode.title


# ---------------------------------------------------------------- summaries


def render_summary(answer: SummaryAnswer) -> Embed:
    """An episode summary: overview, timestamped key points, speakers with their share, chapters, duration."""
    if answer.episode is None or answer.summary is None:
        return fit_embed({"description": answer.text or "No summary available.", "color": COLOUR})
    summary, episode = answer.summary, answer.episode
    fields = _key_point_fields(summary.key_points, episode)
    if summary.speakers:
        fields.append(
            field("Speakers", bullet_list([_speaker_line(s.name, s.share, s.role) for s in summary.speakers]))
        )
    if summary.chapters:
        chapters = [f"{i}. {escape_markdown(c)}" for i, c in enumerate(summary.chapters, 1)]
        fields.append(field("Chapters", bullet_list(chapters)))
    if summary.duration:
        fields.append(field("Duration", summary.duration, inline=True))
    embed: Embed = {
        "title": episode.title,
        "description": truncate(summary.overview or answer.text, OVERVIEW_BUDGET),
        "fields": fields,
        "footer": {"text": _summary_footer(episode)},
        "color": COLOUR,
    }
    if url := moment_url(episode.url or episode.enclosure_url, None):
        embed["url"] = url
    return fit_embed(embed)


def _key_point_fields(points: Sequence[KeyPoint], episode: EpisodeRef | None = None) -> list[dict[str, Any]]:
    lines = [_key_point_line(p, episode) for p in points]
    fields: list[dict[str, Any]] = []
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > MAX_FIELD_VALUE:
            fields.append(field("Key points" if not fields else "Key points (cont.)", "\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        fields.append(field("Key points" if not fields else "Key points (cont.)", "\n".join(chunk)))
    return fields[:KEY_POINT_FIELDS]


def _key_point_line(point: KeyPoint, episode: EpisodeRef | None = None) -> str:
    when = stamp(point.start_seconds, point.timestamp, point.approximate)
    link = None
    if episode is not None and when and not point.approximate:
        link = play_link(moment_link(episode, point.start_seconds), when)
    prefix = f"{link} " if link else (f"`{when}` " if when else "• ")
    who = f"**{escape_markdown(point.speaker)}:** " if point.speaker else ""
    return prefix + who + truncate(escape_markdown(" ".join(point.text.split())), KEY_POINT_BUDGET)


def _speaker_line(name: str, share: float | None, role: str | None = None) -> str:
    label = escape_markdown(name) + (f" ({escape_markdown(role)})" if role else "")
    return label + ("" if share is None else f" — {share:.0%}")


def _summary_footer(episode: EpisodeRef) -> str:
    show = f"{episode.show} · " if episode.show else ""
    return f"{show}{redact_url(episode.source.file)}:{episode.source.line}"


def render_candidates(answer: SummaryAnswer) -> str:
    """The content above an ambiguous request's pick-list."""
    request = truncate(" ".join(answer.request.split()), 200)
    return clamp_content(f"Several episodes could match “{request}”. Which one did you mean?")


def candidate_options(candidates: Sequence[EpisodeRef]) -> list[Option]:
    """Select options for candidate episodes; each value is the candidate's index."""
    return [
        Option(label=clamp_option(c.title), value=str(i), description=clamp_option(c.show) if c.show else None)
        for i, c in enumerate(candidates[:MAX_OPTIONS])
    ]


def episode_choice_label(episode: EpisodeRef) -> str:
    """An autocomplete choice name for an episode: `Title — Show`, within 100 characters."""
    return clamp_option(_episode_label(episode))


# ---------------------------------------------------------------- admin


def render_reload_started(folder: str) -> str:
    return clamp_content(f"Reloading `{folder}`… members keep getting answers from the current corpus meanwhile.")


def render_reload_progress(folder: str, message: str, elapsed: float) -> str:
    return clamp_content(f"Reloading `{folder}`… ({elapsed:.0f} s)\n{message}")


def render_reload_failed(reason: str) -> str:
    return clamp_content(
        f"Reload failed: {truncate(reason, 500)}\nNothing changed: members are still served the previous corpus."
    )


def render_ingest_report(report: IngestReport, meaning: MeaningStatus | None = None) -> Embed:
    """The end-of-reload report: counts, then the files added, changed, removed and skipped (with reasons), and how
    far embedding for meaning search has got."""
    fields = [
        field("Files", _file_counts(report), inline=True),
        field("Episodes", _change_counts(report), inline=True),
        field("Segments", f"+{report.segments_added} / −{report.segments_removed}", inline=True),
    ]
    for title, names in (
        ("Added files", report.files_added),
        ("Changed files", report.files_changed),
        ("Removed files", report.files_removed),
    ):
        if names:
            fields.append(field(title, bullet_list([f"`{n}`" for n in names])))
    if report.files_skipped:
        skipped = [f"`{name}`: {reason}" for name, reason in sorted(report.files_skipped.items())]
        fields.append(field("Skipped files", bullet_list(skipped)))
    if report.sources:
        fields.append(field("Feeds", bullet_list([_source_line(source) for source in report.sources])))
    if report.notes:
        fields.append(field("Notes", bullet_list(report.notes)))
    if meaning is not None:
        fields.append(field("Meaning search", meaning.sentence().removeprefix("Meaning search: ")))
    nothing = not (report.files_added or report.files_changed or report.files_removed)
    description = f"Read {report.files_seen} files in {report.seconds:.1f} s." + (
        " Nothing changed." if nothing else ""
    )
    return fit_embed({"title": "Reload finished", "description": description, "fields": fields, "color": COLOUR})


def render_sources(urls: Sequence[str], files: Sequence[str], last: Mapping[str, str], sources_file: str) -> Embed:
    """`/sources list`: the listed feed URLs and the feed files of the seeds folder, each with its last status."""

    def line(source: str) -> str:
        status = last.get(source)
        return f"`{truncate(source, 150)}`" + (f" — {escape_markdown(truncate(status, 160))}" if status else "")

    fields = []
    if urls:
        fields.append(field(f"Feed URLs ({len(urls)})", bullet_list([line(u) for u in urls])))
    if files:
        fields.append(field(f"Feed files in the seeds folder ({len(files)})", bullet_list([line(f) for f in files])))
    description = (
        f"Listed in `{truncate(sources_file, 200)}`. Add one with `/sources add`; `/reload` reads them."
        if urls or files
        else "No feeds yet. Add a podcast's RSS feed with `/sources add`, then `/reload`."
    )
    return fit_embed({"title": "Podcast feeds", "description": description, "fields": fields, "color": COLOUR})


def render_source_added(url: str, added: bool) -> str:
    if not added:
        return clamp_content(f"`{truncate(url, 300)}` is already listed.")
    return clamp_content(f"Added `{truncate(url, 300)}`. Run `/reload` to read its episodes now.")


def render_source_removed(url: str, removed: bool) -> str:
    if not removed:
        return clamp_content(f"`{truncate(url, 300)}` is not listed; `/sources list` shows what is.")
    return clamp_content(f"Removed `{truncate(url, 300)}`. Its episodes leave the corpus at the next `/reload`.")


def _source_line(source: SourceStatus) -> str:
    """`https://host/feed.xml`: **kept** 12 episodes: HTTP 500; read the last good copy"""
    count = "" if source.episodes is None else f" {source.episodes} episodes"
    detail = f": {escape_markdown(truncate(source.detail, 200))}" if source.detail else ""
    return f"`{truncate(source.source, 120)}`: **{source.status}**{count}{detail}"


def _file_counts(report: IngestReport) -> str:
    return (
        f"added {len(report.files_added)}\nchanged {len(report.files_changed)}\n"
        f"removed {len(report.files_removed)}\nunchanged {len(report.files_unchanged)}\n"
        f"skipped {len(report.files_skipped)}"
    )


def _change_counts(report: IngestReport) -> str:
    return f"added {report.episodes_added}\nchanged {report.episodes_changed}\nremoved {report.episodes_removed}"


def render_stats(
    counts: Mapping[str, int], size_bytes: int, last_reload: str | None, meaning: MeaningStatus | None = None
) -> Embed:
    """The corpus at a glance: episodes, segments, speakers, files, store size, the last reload and meaning
    search's progress."""
    names = [n for n in STATS_ORDER if n in counts] + [n for n in counts if n not in STATS_ORDER]
    fields = [field(n.replace("_", " ").capitalize(), f"{counts[n]:,}", inline=True) for n in names]
    fields.append(field("Store size", human_bytes(size_bytes), inline=True))
    fields.append(field("Last reload", describe_last_reload(last_reload), inline=True))
    if meaning is not None:
        fields.append(field("Meaning search", meaning.sentence().removeprefix("Meaning search: ")))
    return fit_embed({"title": "podquote stats", "fields": fields, "color": COLOUR})


def describe_last_reload(value: str | None) -> str:
    """The `last_reload` meta value (JSON with `at` and the report, or a bare ISO time) in a few words."""
    if not value:
        return "never"
    try:
        data = json.loads(value)
    except ValueError:
        return describe_moment(value)
    if not isinstance(data, dict):
        return truncate(value, 200)
    episodes = data.get("episodes") or {}
    changes = "episodes +{} ~{} −{}".format(
        episodes.get("added", 0), episodes.get("changed", 0), episodes.get("removed", 0)
    )
    return f"{describe_moment(str(data.get('at') or ''))}\n{changes}"


def describe_moment(value: str | None) -> str:
    """An ISO timestamp as a Discord timestamp tag (shown in each reader's time zone); anything else as is."""
    if not value:
        return "unknown"
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return truncate(value, 200)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    unix = int(moment.timestamp())
    return f"<t:{unix}:f> (<t:{unix}:R>)"


def render_error(message: str) -> Embed:
    return fit_embed({"description": message, "color": ERROR_COLOUR})


# ---------------------------------------------------------------- answers to questions


def render_answer_page(answer: QuestionAnswer, index: int) -> Embed:
    """One page of an answer to a question: its markdown as the description, the page and time in the footer."""
    pages = answer.pages or [""]
    index = min(max(index, 0), len(pages) - 1)
    footer = f"{answer.took_ms:.0f} ms"
    if len(pages) > 1:
        footer = f"page {index + 1}/{len(pages)} · {footer}"
    return fit_embed({"description": pages[index] or EMPTY, "footer": {"text": footer}, "color": COLOUR})


def answer_candidate_options(answer: QuestionAnswer) -> list[Option]:
    """Pick-list entries for the episodes a question could mean."""
    return candidate_options([episode.ref for episode in answer.candidates])

"""Extractive, deterministic episode summaries, computed at ingest.

`summarize_episode` turns an `Episode` into an `EpisodeSummary`:

- the overview is the lead of the cleaned description (links, sponsor reads, "follow us" lines, promos,
  chapter lists and show-note tails removed), topped up when the lead is thin from the transcript's most
  central sentences, the record's metadata, the show notes' links or the chapters;
- key points are salient, self-contained transcript sentences scored by TF-IDF centrality against the
  episode's own vocabulary (boosted by the title's and description's words), one per stretch of the
  episode so they spread over its length, each with its speaker and timestamp; without a transcript they
  come from the chapters, timestamped show notes and the description's remaining sentences;
- speakers with their share of the words, chapters, and the duration where known.

Pure Python and fast: the whole seed corpus is summarised in a fraction of a second.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from bot.chapters import chapter_list_start
from bot.models import Chapter, Episode, Segment, time_at
from bot.results import EpisodeSummary, KeyPoint, SpeakerShare
from bot.text import STOPWORDS, format_timestamp, parse_clock, squash_spaces, tokens, truncate

log = logging.getLogger(__name__)

OVERVIEW_MAX_SENTENCES = 4
OVERVIEW_MAX_CHARS = 700
KEY_POINT_MAX_CHARS = 280
MIN_KEY_POINTS = 4
MAX_KEY_POINTS = 8
DESCRIPTION_POINTS = 6
MAX_CHAPTERS = 40
# Sentences are read from at most this many segments, evenly spread over the episode.
MAX_SUMMARY_SEGMENTS = 120
MAX_LINKS = 8

# Words that carry no topic in speech, on top of the shared stop words.
SPEECH_FILLER = frozenset(
    """gonna wanna gotta kinda sorta really actually basically literally thing things stuff lot lots
    okay ok yes yep right sure got get gets getting go goes going went want wants say says said saying
    maybe pretty way ways something anything everything someone somebody guess mean means think thought
    thinking kind sort even also well much many one two little bit like just still lot totally definitely
    probably super cool awesome great good feel felt look looking make makes made see seen come coming
    talk talking talked back know knew let us yeah hey hmm mhm haha hah""".split()
)
_HEDGES = re.compile(r"\b(?:like|kind of|sort of|you know|i mean|i guess|stuff|whatever)\b")

_LINK = "\x00"  # stands in for a removed URL while sentences are split
_URL = re.compile(
    r"(?:https?://|www\.)[^\s)\]>]+?(?=(?-i:[A-Z][a-z]{2,}\s)|[\s)\]>]|$)"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|io|fm|ai|org|net|dev|co|app)/[^\s)\]>]*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"\(\s*@\w+\s*\)|(?<![\w@])@\w+")
_HASHTAG = re.compile(r"(?<!\w)#[A-Za-z]\w*")
_INLINE_CLOCK = re.compile(r"\[\d{1,2}:\d{2}(?::\d{2})?\]")
_GLUED_SENTENCE = re.compile(r"(?<=[a-z0-9%)”\"][.!?])(?=[A-Z“])|(?<=[.!?][”\"’])(?=[A-Z])")
_GLUED_HEADING = re.compile(r"(?<=[a-z]\))(?=[A-Z][a-z])")
_GLUED_COLON = re.compile(r"(?<=[a-z]{4}):(?=[A-Z])")
# `...culture of incidentsLawrence's article`: listings often lose their line breaks between items.
_GLUED_WORDS = re.compile(r"\b([a-z]{3,})([A-Z][a-z]{2,}(?:['’]s)?\s)")
_GLUE_MARK = re.compile(r"[a-z]{2}[A-Z][a-z]{2}")
_BULLET = re.compile(r"\s*(?:(?:^|(?<=[\s:.!?]))[*•▪◦]\s*(?=\S)|[*•▪◦]\s+(?=[A-Z]))")
_SEPARATOR = re.compile(r"~{3,}|-{3,}|={3,}|_{3,}")
_POST_TEASER = re.compile(r"\s*The post .{3,200}? appeared first on [^.]*\.?", re.IGNORECASE)
_SPONSOR_NAME = re.compile(
    r"(?:brought to you by|sponsored by|thanks to (?:our|this week's) sponsors?,?|today's sponsor(?: is)?)"
    r"[:\s]+(?:the (?:folks|team) at )?([A-Z][\w&-]*(?:\.[\w&-]+)*)"
)

# Where a description turns from prose into show notes: everything from here on is links and credits.
_TAIL_MARKERS = re.compile(
    r"\b(?:here are (?:some )?(?:the )?links|links (?:mentioned|from|to)|links:|resources:|show notes:?"
    r"|transcript:|chapters:|time ?stamps:?(?=\s*\(?\d{1,2}:\d\d)|time ?stamps:|titles we almost went with"
    r"|runner-up titles"
    r"|sponsored by|watch the youtube|watch on youtube"
    r"|about the show|watch on youtube|we want to hear from you|mentioned in this episode|episode links"
    r"|connect with|find us on|full video pod|(?:is|are) produced by)",
    re.IGNORECASE,
)
_TAIL_WORD = re.compile(
    r"(?<=[.!?)]\s)(?:Links|Resources|Chapters|Timestamps|Credits|Notes|NOTES|LINKS|SHOW NOTES)\b(?!\s+[a-z])"
)

# Both matched against lowercased text (much faster than IGNORECASE).
_NOISE = re.compile(
    r"\b(?:sponsor\w*|brought to you by|promo code|discount code|use code|free trial|referral program"
    r"|patreon|follow (?:us|him|her|them|\w+(?: \w+)? on)|on (?:linkedin|twitter|instagram|facebook"
    r"|bluesky|mastodon|threads)|subscribe|newsletter|rate (?:and|&) review|leave (?:us )?a review"
    r"|listener survey|stickers|join (?:our|the) (?:community|discord|slack)|join us|send us|give us"
    r"|check out (?:our|the) (?:newsletter|website|blog)|check this|don'?t miss|listen in|tune in"
    r"|stay tuned|email (?:us|me)|privacy|youtube live|tickets|rsvp|sign up|learn more (?:at|from)"
    r"|visit (?:us|our|his|her)|thanks for listening|thank you for listening|appeared first on"
    r"|all rights reserved|call to action|credits? (?:and|&)|produced (?:and edited )?by|music by"
    r"|artwork|survey|5 star|five star|this friday|conference of the year|early bird|head over|irl:"
    r"|discord clubs|weeks? away|join [0-9]|for more information|buzzsprout|playlist|let us know"
    r"|youtube comment|social media)\b"
)
_PROMO_START = re.compile(
    r"^(?:unlock|visit|try|grab|download|sign|book|claim|save|buy|order|shop|register|rate|review|subscribe"
    r"|follow|share|send|email|tune|support|donate|apply|get (?:your|started|in touch))\b"
)
_CHIT_CHAT = re.compile(
    r"\b(?:welcome (?:back )?to (?:the|another|our)|i'?m your (?:co-?)?host"
    r"|thanks? (?:so much )?for having me|thank you (?:so much )?for (?:having|joining|coming)"
    r"|great to (?:have|be|see) you|good to (?:have|be)|nice to (?:meet|see)|see you next"
    r"|have a great (?:weekend|week|day)|my pleasure|where can (?:people|folks)"
    r"|how can (?:people|folks|listeners)|before we (?:go|wrap|start)|let'?s (?:get|dive) (?:started|in))"
)
_LEADING_FILLER = re.compile(
    r"^(?:(?:yeah|yes|so|and|but|um+|uh+|well|oh|okay|ok|right|like|i mean|you know|anyway|now|no)"
    r"\b[,.]?\s+)+",
    re.IGNORECASE,
)
_INLINE_FILLER = re.compile(r"\b(?:um+|uh+|erm|you know),?\s+", re.IGNORECASE)
_ANAPHORA = re.compile(r"^(?:that|this|it|they|those|these|which|he|she|them|there)\b", re.IGNORECASE)
_LIST_INTRO = re.compile(
    r"^(?:(?:this week|today|in this episode),? )?(?:we|they|\w+ and \w+) "
    r"(?:cover|discuss|talk about|explore)[:\s]+(.+)$|\b(?:topics(?: covered)?|includes?|about):\s*(.+)$",
    re.IGNORECASE,
)
_LIST_JOINER = re.compile(r"(?:including|such as|like|as well as|which|that|who)\b", re.IGNORECASE)
_CLOCK_CHAPTER = re.compile(r"(?:^|\s|(?<=[A-Za-z]))\(?(\d{1,2}:\d{2}(?::\d{2})?)\)?\s*[-–—:]?\s+(?=[A-Z\"“'])")
_INTRO_CHAPTERS = frozenset(
    {
        "intro",
        "introduction",
        "outro",
        "wrap up",
        "wrap-up",
        "closing",
        "ad",
        "ads",
        "show highlights",
        "highlights",
        "timestamps",
        "chapters",
        "final thoughts",
        "conclusion",
    }
)
_SMALL = frozenset("a an the of to in on for and or with at by vs from as is are".split())
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st vs etc inc jr sr approx ep no vol fig dept corp ltd co prof gen sen rep est".split()
)


@dataclass(slots=True)
class _Unit:
    """A candidate sentence for the overview or a key point."""

    text: str
    speaker: str | None = None
    start_seconds: float | None = None
    approximate: bool = False
    position: float = 0.0  # 0..1 through the episode
    segment: int = -1  # index of the transcript segment it came from
    linked: bool = False  # a link was removed from it: the prose has turned into show notes
    item: bool = False  # an item of a list the description introduced with a colon
    continues: bool = False  # the previous segment stopped mid-sentence: this one is not a sentence start


@dataclass(slots=True)
class _Notes:
    """What a description offers a summary."""

    units: list[_Unit] = field(default_factory=list)  # prose sentences and bullet items, in order
    links: list[str] = field(default_factory=list)  # labels of the links in the show notes
    timed: list[Chapter] = field(default_factory=list)  # `mm:ss` show notes, as a sentence each


def summarize_episode(episode: Episode) -> EpisodeSummary:
    """Summarise one episode from its own text, deterministically and without any model."""
    notes = read_description(episode.description)
    chapters = episode.chapters
    transcript = transcript_sentences(episode)
    lead = pick_overview(notes.units)
    overview, used_links = _overview_text(lead, notes, transcript, chapters, episode)
    if transcript:
        key_points = pick_transcript_points(transcript, topic_text=f"{episode.title} {episode.description}")
    else:
        rest = [u for u in notes.units if u not in lead]
        links = [] if used_links else notes.links
        key_points = points_without_transcript(rest, chapters, notes.timed, links, lead)
    return EpisodeSummary(
        overview=overview,
        key_points=key_points,
        speakers=speaker_shares(episode),
        chapters=[format_chapter(c) for c in chapters[:MAX_CHAPTERS]],
        duration=format_duration(episode),
    )


# ---------------------------------------------------------------------------------------------- description


def read_description(raw: str) -> _Notes:
    """Split a description into usable prose sentences, link labels and timestamped notes."""
    text = _POST_TEASER.sub(" ", raw)
    notes = _Notes(links=link_labels(text), timed=timed_notes(text))
    sponsors = set(_SPONSOR_NAME.findall(text))
    seen_sponsor = in_list = False
    for raw_sentence, links in _prose_sentences(clean_description(text)):
        lowered = raw_sentence.lower()
        seen_sponsor = seen_sponsor or "sponsor" in lowered or "brought to you by" in lowered
        in_list = in_list or raw_sentence.endswith(":")
        sentence = _cut_long_at_noise(raw_sentence)
        if links >= 2 or not _usable_description_sentence(sentence):
            continue
        if seen_sponsor and any(name in sentence for name in sponsors):
            continue  # the rest of a sponsor read
        notes.units.append(_Unit(text=sentence, linked=links > 0, item=in_list))
    return notes


def clean_description(text: str) -> str:
    """The prose of a description, with each removed URL left as a marker and no show-note tail."""
    text = split_show_notes(text)[0]
    text = _URL.sub(f" {_LINK} ", text)
    text = _EMAIL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _HASHTAG.sub(" ", text)
    text = _SEPARATOR.sub("\n", text)
    text = _GLUED_SENTENCE.sub(" ", text)
    text = _GLUED_COLON.sub(":\n", text)
    text = _GLUED_HEADING.sub("\n", text)
    text = _BULLET.sub("\n", text)
    text = re.sub(r"\(\s*\x00?\s*\)", f" {_LINK} ", text)
    lines = [squash_spaces(line) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _prose_sentences(description: str) -> Iterable[tuple[str, int]]:
    """Sentences without their link markers, with how many links each held."""
    for line in _GLUED_WORDS.sub(r"\1.\n\2", description).splitlines():
        for sentence in split_sentences(line):
            links = sentence.count(_LINK)
            text = squash_spaces(sentence.replace(_LINK, " "))
            text = re.sub(r"\s+([,.;:!?])(?=\s|$)", r"\1", text)  # the gap a link left; not `.NET`
            text = re.sub(r"([.!?])[,;:]+$", r"\1", text)
            if text:
                yield text, links


def _cut_long_at_noise(sentence: str) -> str:
    """A run-on listing sentence that ends in `... on Twitter: ...` keeps its start, cut at a comma."""
    if len(sentence) < 400:
        return sentence
    match = _NOISE.search(sentence.lower())
    if not match or match.start() < 200:
        return sentence
    return sentence[: match.start()].rsplit(",", 1)[0]


def split_show_notes(description: str) -> tuple[str, str]:
    """(prose, show notes): the notes start at the first links/credits marker or chapter list."""
    end = _tail_start(description)
    end = _chapter_run_start(description[:end])
    return description[:end], description[end:]


def _tail_start(text: str) -> int:
    """Where the first show-notes marker is, unless that would leave almost no prose."""
    end = len(text)
    for pattern in (_TAIL_MARKERS, _TAIL_WORD):
        match = pattern.search(text, 0, end)
        if match and match.start() >= 80:
            end = match.start()
    return end


def _chapter_run_start(text: str) -> int:
    """Where the chapter list starts, unless that would leave almost no prose before it."""
    start = chapter_list_start(text)
    return start if start is not None and start >= 40 else len(text)


def _usable_description_sentence(sentence: str) -> bool:
    words = sentence.split()
    if len(words) < 4 or sentence.endswith(":"):
        return False
    glued = len(_GLUE_MARK.findall(sentence))
    if glued >= 2 and len(words) < 12 * glued:
        return False  # `SaaS Pegasusplacecard.meWhat boilerplate projects areDjango`
    if sentence.endswith("!") and len(words) < 8:
        return False  # "Check this one out!", "And that's not all!"
    if len(_content_terms(sentence)) < 3:
        return False  # "That's every announcement this week."
    lowered = sentence.lower()
    if _NOISE.search(lowered) or _PROMO_START.match(lowered):
        return False
    letters = sum(ch.isalpha() for ch in sentence)
    return letters >= 0.6 * len(sentence)


def link_labels(text: str) -> list[str]:
    """What the show notes link to: the few words before each URL (`pg_cron https://...` -> `pg_cron`)."""
    labels: list[str] = []
    previous_end = 0
    for match in _URL.finditer(text):
        before = text[max(previous_end, match.start() - 80) : match.start()]
        previous_end = match.end()
        label = _link_label(before)
        if label and label.casefold() not in {x.casefold() for x in labels}:
            labels.append(label)
    return labels[:MAX_LINKS]


def _link_label(before: str) -> str:
    piece = re.split(r"[.!?]\s|:|~~~|\)|\n|—|–|\s-\s", before)[-1]
    piece = squash_spaces(piece.replace("(", " ")).strip(" ,;-")
    words = piece.split()
    if not 1 <= len(words) <= 6 or _NOISE.search(piece.lower()):
        return ""
    if piece.casefold() in {"here", "at", "on", "website", "link", "this", "site", "and", "or"}:
        return ""
    if "@" in piece or re.search(r"\w\.(?:com|io|fm|me|ai|org|net|dev|social)\b", piece):
        return ""  # an address, not a name
    first, _, rest = piece.partition(" ")
    if not rest and first.islower() and not re.search(r"[_\d-]", first):
        return ""  # `discussion`, `episode`: a fragment, not a name
    return f"{first.lower()} {rest}" if rest and first in {"Our", "Their", "His", "Her", "My", "The"} else piece


def timed_notes(text: str) -> list[Chapter]:
    """Show notes that give a time for each item (`01:27 Valkey has continued to rack up support ...`)."""
    matches = list(_CLOCK_CHAPTER.finditer(text))
    notes: list[Chapter] = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        piece = squash_spaces(_URL.sub(" ", text[match.end() : end]))
        if len(piece.split()) <= 12:
            continue  # a chapter title, not a note
        first = _first_sentence(_colon_after_heading(piece))
        if first:
            notes.append(Chapter(truncate(first, KEY_POINT_MAX_CHARS), parse_clock(match.group(1))))
    return _monotonic(notes)


def _colon_after_heading(piece: str) -> str:
    """`Valkey is Rapidly Overtaking Redis Valkey has continued ...` -> `... Redis: Valkey has continued ...`."""
    words = piece.split()
    run = 0
    while run < len(words) and (words[run][:1].isupper() or words[run][:1].isdigit() or words[run] in _SMALL):
        run += 1
    if run < 4 or run >= len(words) or not words[run][:1].islower():
        return piece
    heading = " ".join(words[: run - 1]).rstrip(":")
    return f"{heading}: {' '.join(words[run - 1 :])}"


def _first_sentence(piece: str) -> str:
    for sentence in split_sentences(piece):
        if len(sentence.split()) >= 6 and not _NOISE.search(sentence.lower()):
            return _finish(sentence)
    return ""


# ---------------------------------------------------------------------------------------------- overview


def pick_overview(units: Sequence[_Unit]) -> list[_Unit]:
    """The lead of the description: 2 to 4 complete statements, stopping where the show notes begin."""
    statements = [u for u in units if _complete(u.text) and not u.text.endswith("?") and not u.item]
    if len(statements) < 2:  # a thin or cut-off listing: its questions and unfinished sentence count too
        statements = [u for u in units if not u.item and (_complete(u.text) or len(u.text.split()) >= 4)]
        statements = statements or list(units[:1])
    chosen: list[_Unit] = []
    length = 0
    for unit in statements:
        full = len(chosen) >= OVERVIEW_MAX_SENTENCES or length + len(unit.text) > OVERVIEW_MAX_CHARS
        if chosen and (full or (unit.linked and len(chosen) >= 2)):
            break
        chosen.append(unit)
        length += len(unit.text) + 1
    return chosen


def _overview_text(
    lead: list[_Unit],
    notes: _Notes,
    transcript: Sequence[_Unit],
    chapters: Sequence[Chapter],
    episode: Episode,
) -> tuple[str, bool]:
    """The overview, topped up when the lead is thin; and whether it used the show notes' links."""
    parts = [_finish(u.text) for u in lead]
    if len(parts) < 2 and transcript:
        extra = central_sentences(transcript, 2 - len(parts), topic_text=f"{episode.title} {' '.join(parts)}")
        parts.extend(_finish(u.text) for u in extra)
    if len(parts) < 2 and (meta := _metadata_sentence(episode)):
        parts.append(meta)
    used_links = False
    if len(parts) < 2 and notes.links:
        parts.append(f"The show notes link to {_and_list(notes.links[:6])}.")
        used_links = True
    if len(parts) < 2 and (topics := _chapter_sentence(chapters)):
        parts.append(topics)
    if not parts:
        parts.append("The source gives no description for this episode.")
    return truncate(" ".join(parts), OVERVIEW_MAX_CHARS + 200), used_links


def _metadata_sentence(episode: Episode) -> str:
    """A faithful sentence from what the record says: show, speakers and duration."""
    bits: list[str] = []
    if episode.show:
        bits.append(f"An episode of {episode.show}")
    names = [s.name for s in episode.speakers][:4]
    if names:
        bits.append(("with " if bits else "With ") + _and_list(names))
    if not bits:
        return ""
    if duration := format_duration(episode):
        bits.append(f"({duration})")
    return " ".join(bits) + "."


def _chapter_sentence(chapters: Sequence[Chapter]) -> str:
    titles = [c.title for c in _useful_chapters(chapters)][:5]
    return f"Its chapters cover {_and_list(titles)}." if titles else ""


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------------------------------------- no transcript


def points_without_transcript(
    rest: Sequence[_Unit],
    chapters: Sequence[Chapter],
    timed: Sequence[Chapter],
    links: Sequence[str],
    lead: Sequence[_Unit],
) -> list[KeyPoint]:
    """Chapters spread over the episode; else timed notes, the description's other sentences, its lists."""
    useful = _useful_chapters(chapters)
    if len(useful) >= MIN_KEY_POINTS:
        return [_chapter_point(c) for c in _spread(useful, min(len(useful), DESCRIPTION_POINTS))]
    points = sorted((_chapter_point(c) for c in [*useful, *timed]), key=lambda p: p.start_seconds or 0)
    for unit in rest:
        if len(points) >= DESCRIPTION_POINTS:
            break
        if _describes(unit.text):
            points.append(_text_point(unit.text))
    if len(points) < MIN_KEY_POINTS:
        items = _list_items([*lead, *rest])[: MIN_KEY_POINTS - len(points)]
        points.extend(KeyPoint(truncate(item, KEY_POINT_MAX_CHARS), None, None, None) for item in items)
    if len(points) < MIN_KEY_POINTS and links:
        points.append(_text_point(f"The show notes link to {_and_list(list(links))}."))
    return points[:MAX_KEY_POINTS]


def _describes(sentence: str) -> bool:
    """A sentence that says something about the episode, not a rhetorical hook."""
    words = len(sentence.split())
    if sentence.endswith("?"):
        return words >= 8
    return words >= 6 and _complete(sentence)


def _list_items(units: Sequence[_Unit]) -> list[str]:
    """`We cover A, B, C, and D.` -> [A, B, C, D]: a listing's topics, when it has nothing else."""
    for unit in units:
        match = _LIST_INTRO.search(unit.text.rstrip(".!"))
        if not match:
            continue
        listed = match.group(1) or match.group(2)
        items = [i.strip() for i in re.split(r",\s*(?:and\s+|or\s+)?", listed) if i.strip()]
        if any(_LIST_JOINER.match(i) or len(i.split()) > 12 for i in items):
            continue  # a sentence with commas, not a list
        items = [i for i in items if len(_content_terms(i)) >= 2]  # "some causes", "mitigations" say little
        if len(items) >= 4:
            return [i[:1].upper() + i[1:] for i in items]
    return []


def _text_point(text: str) -> KeyPoint:
    return KeyPoint(truncate(_finish(text), KEY_POINT_MAX_CHARS), None, None, None)


def _chapter_point(chapter: Chapter) -> KeyPoint:
    return KeyPoint(
        text=truncate(chapter.title, KEY_POINT_MAX_CHARS),
        speaker=None,
        start_seconds=chapter.start_seconds,
        timestamp=format_timestamp(chapter.start_seconds),
    )


def _spread(items: Sequence[Chapter], count: int) -> list[Chapter]:
    """`count` items evenly spaced through `items`, first and last included."""
    if count >= len(items):
        return list(items)
    if count <= 1:
        return [items[0]]
    step = (len(items) - 1) / (count - 1)
    return [items[round(i * step)] for i in range(count)]


# ---------------------------------------------------------------------------------------------- chapters


def _useful_chapters(chapters: Sequence[Chapter]) -> list[Chapter]:
    return [
        c
        for c in chapters
        if c.title.casefold().strip(" .!") not in _INTRO_CHAPTERS and not _NOISE.search(c.title.lower())
    ]


def _monotonic(chapters: list[Chapter]) -> list[Chapter]:
    """Keep the longest prefix whose start times never go backwards (a chapter list, not stray clocks)."""
    kept: list[Chapter] = []
    for chapter in chapters:
        if kept and (chapter.start_seconds or 0) < (kept[-1].start_seconds or 0):
            break
        kept.append(chapter)
    return kept


# ---------------------------------------------------------------------------------------------- sentences


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences at `.`, `!`, `?` and `…` followed by a capital, skipping abbreviations."""
    sentences: list[str] = []
    start = 0
    for match in re.finditer(r"[.!?…]+[\"”’)\]]*\s+(?=[\"“‘(\[\x00]?[A-Z0-9])", text):
        if _is_abbreviation(text, match.start()):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    start = max(text.rfind(" ", 0, dot), text.rfind("\n", 0, dot)) + 1
    token = text[start:dot].lower().lstrip('("“')
    if not token:
        return False
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return True
    return "." in token and all(len(part) <= 2 for part in token.split("."))  # e.g., U.S.


def _complete(sentence: str) -> bool:
    return sentence.rstrip('"”’)]').endswith((".", "!", "?", "…"))


def _finish(sentence: str) -> str:
    """End a sentence cleanly; one cut off mid-way by the source gets an ellipsis."""
    sentence = sentence.strip().rstrip(",;:-–— ")
    return sentence if _complete(sentence) else sentence + "…"


# ---------------------------------------------------------------------------------------------- transcript


def transcript_sentences(episode: Episode) -> list[_Unit]:
    """Every sentence of the transcript with its speaker, timestamp, segment and relative position."""
    segments = [s for s in episode.segments if s.text.strip()]
    names = _speaker_names(episode)
    units: list[_Unit] = []
    for index in evenly_spaced(len(segments), MAX_SUMMARY_SEGMENTS):
        segment = segments[index]
        previous = segments[index - 1].text.strip() if index else ""
        speaker = names.get((segment.speaker or "").casefold(), segment.speaker)
        for number, sentence in enumerate(split_sentences(_clean_speech(segment.text))):
            units.append(
                _Unit(
                    text=sentence,
                    speaker=speaker,
                    start_seconds=_sentence_start(segment, sentence),
                    approximate=segment.approximate,
                    position=index / len(segments),
                    segment=index,
                    continues=number == 0 and bool(previous) and not _complete(previous),
                )
            )
    return units


def _sentence_start(segment: Segment, sentence: str) -> float | None:
    """When a sentence of the segment was said: the start of the cue it begins in (cleaning may have changed
    the sentence a little; one not found verbatim keeps the segment's start)."""
    if not segment.marks:
        return segment.start_seconds
    return time_at(segment.start_seconds, segment.marks, max(segment.text.find(sentence[:40]), 0))


def evenly_spaced(total: int, limit: int) -> range | list[int]:
    """Indices of at most `limit` items spread evenly over `total`: a long transcript is read in a sample,
    so summarising costs the same for a two-hour episode as for a short one."""
    if total <= limit:
        return range(total)
    return [i * total // limit for i in range(limit)]


def _speaker_names(episode: Episode) -> dict[str, str]:
    names: dict[str, str] = {}
    for speaker in episode.speakers:
        for label in (speaker.name, *speaker.aliases):
            names[label.casefold()] = speaker.name
    return names


def _clean_speech(text: str) -> str:
    text = _GLUED_SENTENCE.sub(" ", text)
    if "[" in text:
        text = _INLINE_CLOCK.sub(" ", text)
    if "/" in text or "www" in text:
        text = _URL.sub(" ", text)
    lowered = text.lower()
    if "um" in lowered or "uh" in lowered or "erm" in lowered or "you know" in lowered:
        text = _INLINE_FILLER.sub("", text)
    return text


def _drop_stutter(text: str) -> str:
    """`I, I, I heard it` -> `I heard it`: repeated words are the transcriber's, not the speaker's point."""
    text = _drop_single_stutter(text)
    return _drop_phrase_stutter(text) if ", " in text else text


def _drop_phrase_stutter(text: str) -> str:
    """`I think, I think if you, if you focus` -> `I think if you focus`."""
    words = text.split()
    keys = [w.rstrip(",").casefold() for w in words]
    dropped: set[int] = set()
    for end, word in enumerate(words):
        if not word.endswith(","):
            continue
        for n in (3, 2):
            start = end - n + 1
            if start >= 0 and keys[start : end + 1] == keys[end + 1 : end + 1 + n]:
                dropped.update(range(start, end + 1))
                break
    return " ".join(w for i, w in enumerate(words) if i not in dropped)


def _drop_single_stutter(text: str) -> str:
    kept: list[str] = []
    previous = ""
    for word in text.split():
        bare = word.rstrip(",").casefold()
        if bare == previous and word.endswith(",") == kept[-1].endswith(","):
            continue
        if bare == previous and kept[-1].endswith(","):
            kept[-1] = word
            continue
        kept.append(word)
        previous = bare
    return " ".join(kept)


def _tidy_point(sentence: str) -> str:
    """Drop stutters and a leading `Yeah, so, and`, and capitalise; the words are the speaker's."""
    text = _LEADING_FILLER.sub("", _drop_stutter(sentence)).strip()
    return text[:1].upper() + text[1:] if text else text


def _candidate(unit: _Unit) -> bool:
    """A sentence that can stand alone as a key point."""
    text = unit.text
    words = text.split()
    if unit.continues or not 9 <= len(words) <= 60 or not _complete(text) or text.endswith("?"):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“'"):
        return False  # a fragment continuing the previous segment
    lowered = text.lower()
    if _NOISE.search(lowered) or _CHIT_CHAT.search(lowered):
        return False
    return 0.03 < unit.position < 0.97


def _term_weights(units: Sequence[_Unit], topic_text: str) -> tuple[list[list[str]], dict[str, float]]:
    """Per-sentence content terms and each term's weight: log tf times idf over the episode's sentences."""
    bags = [_content_terms(u.text) for u in units]
    df: Counter[str] = Counter()
    tf: Counter[str] = Counter()
    for bag in bags:
        tf.update(bag)
        df.update(set(bag))
    n = len(bags) or 1
    topic = set(_content_terms(topic_text[:5000]))
    weights = {
        term: (1 + math.log(count)) * math.log(1 + n / df[term]) * (1.6 if term in topic else 1.0)
        for term, count in tf.items()
    }
    return bags, weights


def _content_terms(text: str) -> list[str]:
    return [t for t in tokens(text) if len(t) > 1 and t not in STOPWORDS and t not in SPEECH_FILLER]


def _score(bag: Sequence[str], weights: dict[str, float], text: str) -> float:
    """Topic weight per (square root of) word; hedging, filler-heavy and anaphoric sentences count less."""
    unique = set(bag)
    if len(unique) < 4:
        return 0.0
    words = len(text.split())
    score = sum(weights.get(t, 0.0) for t in unique) / math.sqrt(words)
    hedges = len(_HEDGES.findall(text.lower())) / words
    score *= max(0.3, 1.0 - 5.0 * hedges)
    if _ANAPHORA.match(_LEADING_FILLER.sub("", text)):
        score *= 0.75
    return score


def central_sentences(units: Sequence[_Unit], count: int, topic_text: str = "") -> list[_Unit]:
    """The `count` best-scoring candidate sentences, in episode order."""
    candidates = [u for u in units if _candidate(u)]
    bags, weights = _term_weights(candidates, topic_text)
    order = sorted(range(len(candidates)), key=lambda i: (-_score(bags[i], weights, candidates[i].text), i))
    return [replace(candidates[i], text=_tidy_point(candidates[i].text)) for i in sorted(order[:count])]


def pick_transcript_points(units: Sequence[_Unit], topic_text: str = "") -> list[KeyPoint]:
    """4-8 salient sentences spread over the episode (one per stretch, no near-duplicates), in time order."""
    candidates = [u for u in units if _candidate(u)]
    if not candidates:
        return []
    bags, weights = _term_weights(candidates, topic_text)
    scores = [_score(bag, weights, u.text) for bag, u in zip(bags, candidates, strict=True)]
    chosen: list[int] = []
    for stretch in _stretches(len(candidates), _point_count(len(candidates))):
        best = _best_in(stretch, scores, bags, candidates, chosen)
        if best is not None:
            chosen.append(best)
    return [_transcript_point(candidates[i]) for i in sorted(chosen)]


def _point_count(candidates: int) -> int:
    if candidates < 12:
        return min(candidates, MIN_KEY_POINTS)
    if candidates < 150:
        return 5
    return 6 if candidates < 600 else 7


def _stretches(total: int, count: int) -> list[range]:
    bounds = [round(i * total / count) for i in range(count + 1)]
    return [range(bounds[i], bounds[i + 1]) for i in range(count) if bounds[i] < bounds[i + 1]]


def _best_in(
    stretch: Iterable[int],
    scores: Sequence[float],
    bags: Sequence[list[str]],
    candidates: Sequence[_Unit],
    chosen: Sequence[int],
) -> int | None:
    """The best sentence of a stretch that neither shares a segment with nor repeats a chosen one."""
    used_segments = {candidates[i].segment for i in chosen}
    best: int | None = None
    for i in stretch:
        if scores[i] <= 0 or candidates[i].segment in used_segments:
            continue
        if any(_overlap(bags[i], bags[j]) > 0.5 for j in chosen):
            continue
        if best is None or scores[i] > scores[best]:
            best = i
    return best


def _overlap(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / (min(len(sa), len(sb)) or 1)


def _transcript_point(unit: _Unit) -> KeyPoint:
    return KeyPoint(
        text=truncate(_tidy_point(unit.text), KEY_POINT_MAX_CHARS),
        speaker=unit.speaker,
        start_seconds=unit.start_seconds,
        timestamp=format_timestamp(unit.start_seconds, approximate=unit.approximate),
        approximate=unit.approximate,
    )


# ---------------------------------------------------------------------------------------------- metadata


def speaker_shares(episode: Episode) -> list[SpeakerShare]:
    """Speakers, most talkative first, with their share of the transcript's words where it is known."""
    total = sum(s.words for s in episode.speakers)
    ordered = sorted(episode.speakers, key=lambda s: -s.words)
    return [SpeakerShare(s.name, s.words / total if total else None) for s in ordered]


def format_chapter(chapter: Chapter) -> str:
    """`12:30 Title`, or just the title when the source gives no start."""
    stamp = format_timestamp(chapter.start_seconds)
    return f"{stamp} {chapter.title}" if stamp else chapter.title


def format_duration(episode: Episode) -> str | None:
    """`1 h 10 min` from the source's duration, else `~42 min` from the last timed segment."""
    seconds = episode.duration_seconds
    approximate = False
    if not seconds and episode.timed:
        last = episode.segments[-1]
        seconds = last.end_seconds or last.start_seconds
        approximate = True
    if not seconds:
        return None
    minutes = round(seconds / 60)
    text = f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{max(minutes, 1)} min"
    return f"~{text}" if approximate else text

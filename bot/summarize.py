"""Extractive, deterministic episode summaries, computed at ingest.

`summarize_episode` turns an `Episode` into an `EpisodeSummary`:

- the overview is the lead of the cleaned description (links, sponsor reads, "follow us" lines, chapter lists
  and show-note tails removed), or, without a usable description, the most central transcript sentences;
- key points are salient, self-contained transcript sentences scored by TF-IDF centrality against the
  episode's own vocabulary (boosted by the description's words), picked one per stretch of the episode so
  they spread over its length, each with its speaker and timestamp; without a transcript they come from the
  chapters and the description's remaining sentences and bullet items;
- speakers with their share of the words, chapters, and the duration where known.

Everything is pure Python and fast: the whole seed corpus is summarised in well under a second.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.models import Chapter, Episode, Segment
from bot.results import EpisodeSummary, KeyPoint, SpeakerShare
from bot.text import STOPWORDS, format_timestamp, squash_spaces, tokens, truncate

log = logging.getLogger(__name__)

OVERVIEW_MAX_SENTENCES = 4
OVERVIEW_MAX_CHARS = 700
KEY_POINT_MAX_CHARS = 280
MIN_KEY_POINTS = 4
MAX_KEY_POINTS = 8
MAX_CHAPTERS = 40

# Words that carry no topic in speech, on top of the shared stop words.
SPEECH_FILLER = frozenset(
    """gonna wanna gotta kinda sorta really actually basically literally thing things stuff lot lots
    okay ok yes yep right sure got get gets getting go goes going went want wants say says said saying
    maybe pretty way ways something anything everything someone somebody guess mean means think thought
    thinking kind sort even also well much many one two little bit like just still lot totally definitely
    probably super cool awesome great good feel felt look looking make makes made see seen come coming
    talk talking talked back know knew let us yeah hey hmm mhm haha hah""".split()
)

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|io|fm|ai|org|net|dev|co|app)/\S*", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"\(\s*@\w+\s*\)|(?<![\w@])@\w+")
_HASHTAG = re.compile(r"(?<!\w)#[A-Za-z]\w*")
_INLINE_CLOCK = re.compile(r"\[\d{1,2}:\d{2}(?::\d{2})?\]")
_GLUED_SENTENCE = re.compile(r"(?<=[a-z0-9%)”\"][.!?])(?=[A-Z“\"])")
_GLUED_WORDS = re.compile(r"\b([a-z]{4,})([A-Z][a-z]{2,})")
_BULLET = re.compile(r"\s*(?:^|(?<=[\s:.!?]))[*•▪◦]\s*(?=\S)")
_SEPARATOR = re.compile(r"~{3,}|-{3,}|={3,}|_{3,}")
_POST_TEASER = re.compile(r"\s*The post .{3,200}? appeared first on [^.]*\.?", re.IGNORECASE)

# Where a description turns from prose into show notes: everything from here on is links and credits.
_TAIL_MARKERS = re.compile(
    r"\b(?:here are (?:some )?(?:the )?links|links (?:mentioned|from|to)|links:|resources:|show notes:?"
    r"|transcript:|chapters:|timestamps:|time ?stamps:|titles we almost went with|sponsored by"
    r"|about the show|watch on youtube|we want to hear from you|mentioned in this episode|episode links"
    r"|connect with|find us on|full video pod|(?:is|are) produced by)",
    re.IGNORECASE,
)
_TAIL_WORD = re.compile(r"(?<=[.!?)]\s)(?:Links|Resources|Chapters|Timestamps|Credits|Notes)\b(?!\s+[a-z])")

_NOISE = re.compile(
    r"\b(?:sponsor(?:s|ed)?|brought to you by|promo code|discount code|use code|free trial|referral program"
    r"|patreon|follow (?:us|him|her|them|\w+(?: \w+)? on)|on (?:linkedin|twitter|instagram|facebook"
    r"|bluesky|mastodon|threads)|subscribe|newsletter|rate (?:and|&) review|leave (?:us )?a review"
    r"|listener survey|stickers|join (?:our|the) (?:community|discord|slack)"
    r"|check out (?:our|the) (?:newsletter|website|blog)"
    r"|youtube live|tickets|rsvp|sign up|learn more (?:at|from)|visit (?:us|our|his|her)|email us"
    r"|thanks for listening|thank you for listening|appeared first on|all rights reserved|call to action"
    r"|credits? (?:and|&)|produced (?:and edited )?by|music by|artwork|survey)\b",
    re.IGNORECASE,
)
_CHIT_CHAT = re.compile(
    r"\b(?:welcome (?:back )?to (?:the|another|our)|i'?m your (?:co-?)?host"
    r"|thanks? (?:so much )?for having me|thank you (?:so much )?for (?:having|joining|coming)"
    r"|great to (?:have|be|see) you|good to (?:have|be)|nice to (?:meet|see)|see you next"
    r"|have a great (?:weekend|week|day)|my pleasure|where can (?:people|folks)"
    r"|how can (?:people|folks|listeners)|before we (?:go|wrap|start)|let'?s (?:get|dive) (?:started|in))",
    re.IGNORECASE,
)
_LEADING_FILLER = re.compile(
    r"^(?:(?:yeah|yes|so|and|but|um+|uh+|well|oh|okay|ok|right|like|i mean|you know|anyway|now|no)"
    r"\b[,.]?\s+)+",
    re.IGNORECASE,
)
_INLINE_FILLER = re.compile(r"\b(?:um+|uh+|erm|you know),?\s+", re.IGNORECASE)
_STUTTER = re.compile(r"\b(\w+(?:'\w+)?)(?:,?\s+\1\b)+", re.IGNORECASE)
_ANAPHORA = re.compile(r"^(?:that|this|it|they|those|these|which|he|she|them|there)\b", re.IGNORECASE)
_CLOCK_CHAPTER = re.compile(r"(?:^|\s)\(?(\d{1,2}:\d{2}(?::\d{2})?)\)?\s*[-–—:]?\s+(?=[A-Z\"“'])")
_PAREN_CLOCK_CHAPTER = re.compile(r"([^()]{3,90}?)\s*\((\d{1,2}:\d{2}(?::\d{2})?)\)")
_INTRO_CHAPTERS = frozenset({"intro", "introduction", "outro", "wrap up", "wrap-up", "closing", "ad", "ads"})
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
    bullet: bool = False


def summarize_episode(episode: Episode) -> EpisodeSummary:
    """Summarise one episode from its own text, deterministically and without any model."""
    description = clean_description(episode.description)
    chapters = episode.chapters or chapters_from_text(episode.description)
    desc_units = description_units(description)
    transcript_units = transcript_sentences(episode)
    overview_units = pick_overview(desc_units)
    overview = _join_overview(overview_units, transcript_units, episode)
    if transcript_units:
        key_points = pick_transcript_points(transcript_units, topic_text=f"{episode.title} {description}")
    else:
        remaining = [u for u in desc_units if u not in overview_units]
        key_points = points_from_description(remaining, chapters)
    return EpisodeSummary(
        overview=overview,
        key_points=key_points,
        speakers=speaker_shares(episode),
        chapters=[format_chapter(c) for c in chapters[:MAX_CHAPTERS]],
        duration=format_duration(episode),
    )


# ---------------------------------------------------------------------------------------------- description


def clean_description(text: str) -> str:
    """The prose of a description: no URLs, e-mails, handles, hashtags, chapter lists or show-note tails."""
    text = _POST_TEASER.sub(" ", text)
    text = _cut_tail(text)
    text = _cut_chapter_run(text)
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _HASHTAG.sub(" ", text)
    text = _SEPARATOR.sub("\n", text)
    text = _GLUED_SENTENCE.sub(" ", text)
    text = _BULLET.sub("\n• ", text)
    text = re.sub(r"\(\s*\)", " ", text)
    lines = [squash_spaces(line) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _cut_tail(text: str) -> str:
    """Drop everything from the first show-notes marker on, unless that would leave almost nothing."""
    for pattern in (_TAIL_MARKERS, _TAIL_WORD):
        match = pattern.search(text)
        if match and match.start() >= 80:
            text = text[: match.start()]
    return text


def _cut_chapter_run(text: str) -> str:
    """Drop a run of three or more `mm:ss Title` (or `Title (mm:ss)`) chapters and what follows it."""
    for pattern in (_CLOCK_CHAPTER, _PAREN_CLOCK_CHAPTER):
        starts = [m.start() for m in pattern.finditer(text)]
        if len(starts) >= 3 and starts[0] >= 40:
            text = text[: starts[0]]
    return text


def description_units(description: str) -> list[_Unit]:
    """The description's sentences and bullet items, in order, cleaned and filtered of noise."""
    units: list[_Unit] = []
    for line in description.splitlines():
        bullet = line.startswith("• ")
        body = line.removeprefix("• ")
        for sentence in split_sentences(_split_glued_words(body)):
            if _usable_description_sentence(sentence, bullet):
                units.append(_Unit(text=sentence, bullet=bullet))
    return units


def _split_glued_words(line: str) -> str:
    """`...culture of incidentsLawrence's article` -> two sentences: listings often lose their line breaks."""
    if ":" not in line and "?" not in line:
        return line
    return _GLUED_WORDS.sub(lambda m: f"{m.group(1)}.\n{m.group(2)}", line)


def _usable_description_sentence(sentence: str, bullet: bool) -> bool:
    words = sentence.split()
    if len(words) < (2 if bullet else 4) or sentence.endswith(":"):
        return False
    if _NOISE.search(sentence):
        return False
    letters = sum(ch.isalpha() for ch in sentence)
    return letters >= 0.6 * len(sentence)


def pick_overview(units: Sequence[_Unit]) -> list[_Unit]:
    """The lead of the description: 2 to 4 complete, non-bullet sentences within the overview budget."""
    prose = [u for u in units if not u.bullet and _complete(u.text)]
    if len(prose) < 2:
        prose = [u for u in units if not u.bullet]
    chosen: list[_Unit] = []
    length = 0
    for unit in prose:
        if len(chosen) >= OVERVIEW_MAX_SENTENCES or (chosen and length + len(unit.text) > OVERVIEW_MAX_CHARS):
            break
        chosen.append(unit)
        length += len(unit.text) + 1
    return chosen


def _join_overview(chosen: list[_Unit], transcript: Sequence[_Unit], episode: Episode) -> str:
    """The overview text; topped up from the transcript, then from the metadata, when the lead is thin."""
    parts = [_finish(u.text) for u in chosen]
    if len(parts) < 2 and transcript:
        extra = central_sentences(transcript, 2 - len(parts), topic_text=" ".join(parts))
        parts.extend(_finish(u.text) for u in extra)
    if len(parts) < 2:
        parts.append(_metadata_sentence(episode))
    text = " ".join(p for p in parts if p)
    return truncate(text, OVERVIEW_MAX_CHARS + 200)


def _metadata_sentence(episode: Episode) -> str:
    """A faithful sentence from what the record says: show, speakers, chapters, duration."""
    bits: list[str] = []
    if episode.show:
        bits.append(f"An episode of {episode.show}")
    names = [s.name for s in episode.speakers][:4]
    if names:
        bits.append(("with " if bits else "With ") + _and_list(names))
    duration = format_duration(episode)
    if duration:
        bits.append(f"({duration})")
    if not bits:
        return "" if episode.description.strip() else "The source gives no description for this episode."
    return " ".join(bits) + "."


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def points_from_description(units: Sequence[_Unit], chapters: Sequence[Chapter]) -> list[KeyPoint]:
    """Key points for an episode without a transcript: chapters spread over the episode, else sentences."""
    useful = [c for c in chapters if c.title.casefold().strip(" .") not in _INTRO_CHAPTERS]
    if len(useful) >= MIN_KEY_POINTS:
        picked = _spread(useful, min(len(useful), 6))
        return [_chapter_point(c) for c in picked]
    points = [_chapter_point(c) for c in useful]
    for unit in units:
        if len(points) >= MAX_KEY_POINTS - 2:
            break
        if unit.bullet or _complete(unit.text):
            points.append(KeyPoint(truncate(_finish(unit.text), KEY_POINT_MAX_CHARS), None, None, None))
    return points


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


def chapters_from_text(text: str) -> list[Chapter]:
    """Chapters listed in a description as `00:00 Title 01:00 Title` or `Title (0:26)Title (4:18)`."""
    chapters = _clock_first_chapters(text)
    if len(chapters) < 3:
        chapters = _clock_last_chapters(text)
    return chapters if len(chapters) >= 3 else []


def _clock_first_chapters(text: str) -> list[Chapter]:
    matches = list(_CLOCK_CHAPTER.finditer(text))
    chapters: list[Chapter] = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        title = _chapter_title(text[match.end() : end])
        if title:
            chapters.append(Chapter(title, _clock(match.group(1))))
    return _monotonic(chapters)


def _clock_last_chapters(text: str) -> list[Chapter]:
    chapters: list[Chapter] = []
    for match in _PAREN_CLOCK_CHAPTER.finditer(text):
        title = match.group(1).split(":")[-1]
        title = _chapter_title(re.split(r"(?<=[.!?])\s", title)[-1])
        if title:
            chapters.append(Chapter(title, _clock(match.group(2))))
    return _monotonic(chapters)


def _chapter_title(raw: str) -> str:
    title = _URL.sub(" ", raw)
    title = squash_spaces(re.split(r"(?<=[a-z])\.\s|\n", title)[0]).strip(" -–—:|")
    return title if 2 <= len(title) <= 120 else ""


def _monotonic(chapters: list[Chapter]) -> list[Chapter]:
    """Keep the longest prefix whose start times never go backwards (a chapter list, not stray clocks)."""
    kept: list[Chapter] = []
    for chapter in chapters:
        if kept and (chapter.start_seconds or 0) < (kept[-1].start_seconds or 0):
            break
        kept.append(chapter)
    return kept


def _clock(value: str) -> float:
    seconds = 0.0
    for part in value.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


# ---------------------------------------------------------------------------------------------- sentences


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences at `.`, `!`, `?` and `…` followed by a capital, skipping abbreviations."""
    sentences: list[str] = []
    start = 0
    for match in re.finditer(r"[.!?…]+[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])", text):
        if _is_abbreviation(text, match.start()):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"(\S+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower().lstrip("(\"“")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or "." in token


def _complete(sentence: str) -> bool:
    return sentence.rstrip("\"”’)]").endswith((".", "!", "?", "…"))


def _finish(sentence: str) -> str:
    """End a sentence cleanly; one cut off mid-way by the source gets an ellipsis."""
    sentence = sentence.strip().rstrip(",;:-–— ")
    return sentence if _complete(sentence) else sentence + "…"


# ---------------------------------------------------------------------------------------------- transcript


def transcript_sentences(episode: Episode) -> list[_Unit]:
    """Every sentence of the transcript with its speaker, timestamp and relative position."""
    segments = [s for s in episode.segments if s.text.strip()]
    if not segments:
        return []
    names = _speaker_names(episode)
    total = len(segments)
    units: list[_Unit] = []
    for index, segment in enumerate(segments):
        speaker = names.get((segment.speaker or "").casefold(), segment.speaker)
        for sentence in split_sentences(_clean_speech(segment.text)):
            units.append(_segment_unit(sentence, segment, speaker, index / total))
    return units


def _segment_unit(sentence: str, segment: Segment, speaker: str | None, position: float) -> _Unit:
    return _Unit(
        text=sentence,
        speaker=speaker,
        start_seconds=segment.start_seconds,
        approximate=segment.approximate,
        position=position,
    )


def _speaker_names(episode: Episode) -> dict[str, str]:
    names: dict[str, str] = {}
    for speaker in episode.speakers:
        for label in (speaker.name, *speaker.aliases):
            names[label.casefold()] = speaker.name
    return names


def _clean_speech(text: str) -> str:
    text = _INLINE_CLOCK.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _INLINE_FILLER.sub("", text)
    text = _STUTTER.sub(r"\1", text)
    return squash_spaces(text)


def _tidy_point(sentence: str) -> str:
    """Drop a leading `Yeah, so, and` and capitalise; the words are the speaker's."""
    text = _LEADING_FILLER.sub("", sentence).strip()
    return text[:1].upper() + text[1:] if text else text


def _candidate(unit: _Unit) -> bool:
    """A sentence that can stand alone as a key point."""
    text = unit.text
    words = text.split()
    if not 9 <= len(words) <= 60 or not _complete(text) or text.endswith("?"):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“'"):
        return False  # a fragment continuing the previous segment
    if _NOISE.search(text) or _CHIT_CHAT.search(text):
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
    topic = set(_content_terms(topic_text))
    weights = {
        term: (1 + math.log(count)) * math.log(1 + n / df[term]) * (1.6 if term in topic else 1.0)
        for term, count in tf.items()
    }
    return bags, weights


def _content_terms(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS and t not in SPEECH_FILLER and len(t) > 1]


def _score(bag: Sequence[str], weights: dict[str, float], text: str) -> float:
    unique = set(bag)
    if len(unique) < 4:
        return 0.0
    score = sum(weights.get(t, 0.0) for t in unique) / math.sqrt(len(text.split()))
    if _ANAPHORA.match(_tidy_point(text)):
        score *= 0.75
    return score


def central_sentences(units: Sequence[_Unit], count: int, topic_text: str = "") -> list[_Unit]:
    """The `count` best-scoring candidate sentences, in episode order."""
    candidates = [u for u in units if _candidate(u)]
    bags, weights = _term_weights(candidates, topic_text)
    scored = sorted(
        range(len(candidates)), key=lambda i: (-_score(bags[i], weights, candidates[i].text), i)
    )
    chosen = sorted(scored[:count])
    return [_Unit(**{**_unit_fields(candidates[i]), "text": _tidy_point(candidates[i].text)}) for i in chosen]


def _unit_fields(unit: _Unit) -> dict[str, object]:
    return {f: getattr(unit, f) for f in _Unit.__slots__}


def pick_transcript_points(units: Sequence[_Unit], topic_text: str = "") -> list[KeyPoint]:
    """4-8 salient sentences spread over the episode (one per stretch, no near-duplicates), in time order."""
    candidates = [u for u in units if _candidate(u)]
    if not candidates:
        return []
    bags, weights = _term_weights(candidates, topic_text)
    scores = [_score(bag, weights, u.text) for bag, u in zip(bags, candidates, strict=True)]
    count = _point_count(len(candidates))
    chosen: list[int] = []
    for stretch in _stretches(len(candidates), count):
        best = _best_in(stretch, scores, bags, chosen)
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
    stretch: Iterable[int], scores: Sequence[float], bags: Sequence[list[str]], chosen: list[int]
) -> int | None:
    best: int | None = None
    for i in stretch:
        if scores[i] <= 0 or any(_overlap(bags[i], bags[j]) > 0.5 for j in chosen):
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

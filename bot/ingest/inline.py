"""Whole transcripts glued into one listing line, in three styles:

- A: `[00:00:00] swyx: ...[00:00:22] James Brady: ...` (time before the name)
- B: `Alessio [00:00:00]: ...Swyx [00:00:10]: ...` (time after the name)
- C: `STEPHANIE: ... JOËL: ...` or `Marc: ...swyx: ...` (no times)

Section headings sit glued to the next speaker's name (`...Making the Business WorkSwyx [00:06:13]:`) and
names glue to the last word of the previous turn (`...and soswyx:`). So speakers are first learned from labels
that stand cleanly after a sentence end, then every label is matched against those names as a suffix.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.ingest.speakers import is_non_speaker
from bot.ingest.turns import INLINE_MARKER, Turn, split_sentences, strip_inline_markers
from bot.models import Chapter
from bot.text import STOPWORDS, fold, parse_clock

_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?"
_WORD = r"[^\W\d_][\w'’-]*"
_LABEL_WORDS = rf"{_WORD}(?: {_WORD}){{0,2}}"
STYLE_A = re.compile(rf"\[({_CLOCK})\]\s*({_LABEL_WORDS}):\s")
# Styles B and C are found from their cheap suffix (` [12:34]:`, `: `) and the label read backwards from it:
# scanning for the label pattern at every position of a 60 kB line is far slower.
STYLE_B = re.compile(rf" \[({_CLOCK})\]:\s?")
STYLE_C = re.compile(r":\s")
_LABEL_BEFORE = re.compile(rf"({_LABEL_WORDS})$")
_LOOKBACK = 80
_ANCHOR = re.compile(r"(?:^|[.!?…\"”’)\]*]\s?)$")
_MIN_STYLE_TURNS = 4
_MIN_LABEL_USES = 2


@dataclass(slots=True)
class InlineTranscript:
    turns: list[Turn]
    chapters: list[Chapter]
    timed: bool


def find_transcript(line: str) -> tuple[int, InlineTranscript] | None:
    """Locate an inline transcript after a `Transcript` marker; (offset of the marker, parsed transcript)."""
    for marker in re.finditer(r"Transcript:?\s*", line):
        parsed = parse_inline_transcript(line[marker.end() :])
        speakers = {t.speaker for t in parsed.turns if t.speaker}
        if len(parsed.turns) >= _MIN_STYLE_TURNS and len(speakers) >= 2:
            return marker.start(), parsed
    return None


def parse_inline_transcript(text: str) -> InlineTranscript:
    if len(STYLE_A.findall(text)) >= _MIN_STYLE_TURNS:
        return _parse_time_first(text)
    if len(STYLE_B.findall(text)) >= _MIN_STYLE_TURNS:
        return _parse_labelled(text, STYLE_B, timed=True)
    return _parse_labelled(text, STYLE_C, timed=False)


def _is_name_like(label: str) -> bool:
    words = label.split()
    if fold(words[0]) in STOPWORDS or any(ch.isdigit() for ch in label):
        return False
    # Multi-word labels must be capitalised names ("Jacob Effron"); a lone lowercase handle ("swyx") is fine.
    return len(words) == 1 or all(w[0].isupper() for w in words)


@dataclass(frozen=True, slots=True)
class _Label:
    words: str  # up to three words before the suffix, possibly with glued text in front
    end: int  # where the label ends (start of the suffix)
    body: int  # where the turn's text starts
    clock: str | None


def _labels(text: str, suffix: re.Pattern[str]) -> list[_Label]:
    found: list[_Label] = []
    for match in suffix.finditer(text):
        before = _LABEL_BEFORE.search(text, max(0, match.start() - _LOOKBACK), match.start())
        if before:
            clock = match.group(1) if match.groups() else None
            found.append(_Label(before.group(1), match.start(), match.end(), clock))
    return found


def _anchored_speakers(text: str, labels: list[_Label]) -> set[str]:
    """Labels seen at least twice standing cleanly after a sentence end (or at the start)."""
    counts: Counter[str] = Counter()
    for label in labels:
        words = label.words.split()
        # Try the longest clean suffix of the captured words: "Thanks Simon Hørup Eskildsen" -> "Simon ...".
        for k in range(len(words), 0, -1):
            candidate = " ".join(words[-k:])
            start = label.end - len(candidate)
            if _ANCHOR.search(text[max(0, start - 3) : start]) and _is_name_like(candidate):
                counts[candidate] += 1
                break
    return {label for label, n in counts.items() if n >= _MIN_LABEL_USES or is_non_speaker(label)}


def _speaker_at(text: str, end: int, speakers: list[str]) -> str | None:
    """The known speaker whose name ends at `end` (glued or not), longest name first."""
    for name in speakers:
        if text.endswith(name, 0, end):
            return name
    preceding = text[max(0, end - 20) : end]
    ad = re.search(r"(?:MID-ROLL |Mid-Roll )?(?:AD|Ad)$", preceding)
    return ad.group(0) if ad else None


def _parse_labelled(text: str, suffix: re.Pattern[str], *, timed: bool) -> InlineTranscript:
    labels = _labels(text, suffix)
    speakers = sorted(_anchored_speakers(text, labels), key=len, reverse=True)
    boundaries: list[tuple[int, int, str, float | None]] = []  # (label start, text start, speaker, time)
    for label in labels:
        speaker = _speaker_at(text, label.end, speakers)
        if speaker is None:
            continue
        clock = parse_clock(label.clock) if timed and label.clock else None
        boundaries.append((label.end - len(speaker), label.body, speaker, clock))
    return _turns_between(text, boundaries, timed=timed)


def _parse_time_first(text: str) -> InlineTranscript:
    labels = Counter(m.group(2) for m in STYLE_A.finditer(text))
    speakers = {label for label, n in labels.items() if n >= _MIN_LABEL_USES and _is_name_like(label)}
    boundaries = [
        (m.start(), m.end(), m.group(2), parse_clock(m.group(1)))
        for m in STYLE_A.finditer(text)
        if m.group(2) in speakers
    ]
    return _turns_between(text, boundaries, timed=True)


def _turns_between(text: str, boundaries: list[tuple[int, int, str, float | None]], *, timed: bool) -> InlineTranscript:
    turns: list[Turn] = []
    chapters: list[Chapter] = []
    heading = text[: boundaries[0][0]].strip() if boundaries else ""
    for index, (_label_start, text_start, speaker, clock) in enumerate(boundaries):
        end = boundaries[index + 1][0] if index + 1 < len(boundaries) else len(text)
        body, next_heading = split_trailing_heading(text[text_start:end])
        if heading and _is_heading(heading):
            chapters.append(Chapter(title=heading, start_seconds=clock))
        heading = next_heading
        cleaned, marks = strip_inline_markers(body) if timed else (INLINE_MARKER.sub(" ", body).strip(), [])
        if cleaned and not is_non_speaker(speaker.split()[-1]):
            turns.append(Turn(speaker=speaker, text=cleaned, start=clock, marks=marks))
    return InlineTranscript(turns=turns, chapters=chapters, timed=timed)


def split_trailing_heading(body: str) -> tuple[str, str]:
    """Split a section heading glued to the end of a turn: `...on?The December Shift: From X to Y`."""
    sentences = split_sentences(body)
    if len(sentences) < 2:
        glued = re.search(r"(?<=[.!?”\"])(?=[A-Z][^.!?]{3,120}$)", body)
        if not glued:
            return body, ""
        head, tail = body[: glued.start()], body[glued.start() :]
    else:
        head, tail = body[: body.rfind(sentences[-1])], sentences[-1]
        glued = re.search(r"(?<=[.!?”\"])(?=[A-Z])", tail)
        if glued:
            head, tail = head + tail[: glued.start()], tail[glued.start() :]
    if _is_heading(tail):
        return head.rstrip(), tail.strip()
    return body, ""


def _is_heading(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 14 or text.rstrip()[-1:] in ".!?,;":
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    small = sum(1 for w in words if fold(w) in STOPWORDS)
    return capitalised >= 0.6 * (len(words) - small) and capitalised >= 2

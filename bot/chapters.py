"""Chapter lists in show notes, read once at ingest so that everything downstream gets clean chapters.

The sources write them every way: `00:03:36 Title`, `* [00:00:24] Title`, `00:00 - Title`, `(1:01) Title`, and
`Title (4:18)`; often glued to the text around them (`Show Highlights(0:00) Intro(1:01) Heroku sponsor read`,
`...Making the Business Work00:06:13 Next Title`), with titles that hold parentheses of their own
(`Live Demo: Cold Email (Raphonic + Instantly)`), headings glued to a sentence of notes, and sponsor reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from bot.models import Chapter
from bot.text import parse_clock, squash_spaces

# A time such as `04:18`, `1:02:03`, `(0:26)` or `[00:00:24]`; not part of a longer number, not `10:30 am`.
_MARKER = re.compile(
    r"(?<!\d)(?<!\d[:.])(?P<open>[\[(])?(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)(?(open)[\])])"
    r"(?![\d:]|\.\d|\s?[ap]\.?m\b)",
    re.IGNORECASE,
)
MIN_CHAPTERS = 3
# Further apart than this, two times are not in one list. (Some lists hold a long question among short titles;
# such an entry is dropped, its neighbours kept.)
_MAX_GAP_CHARS = 300
_MAX_TITLE_CHARS = 150
_MAX_TITLE_WORDS = 18
_URL = re.compile(r"\s*(?:https?://|www\.)\S+")
# What ends the last title of a clock-first list, which no next time bounds.
_LIST_END = re.compile(
    r"\n|\s*[►▶→]|\s(?=Transcript\b)|(?<=[a-z0-9%)][.!?])\s+(?=[A-Z])|(?<=[a-z]{4})(?=[A-Z][a-z]{2})"
    r"|(?<=[a-z])(?=(?:Important links|Links|Resources|References|Sponsors?|Show Notes|Follow|Subscribe)\b)"
    r"|\s(?=(?:Important links|Links|Resources|References|Sponsors?|Show Notes)\s*:)"
    r"|\s(?=About [A-Z]\w+ [A-Z][a-z]+[A-Z][a-z])"
)
# `Guest IntroductionEllis Whitehead's background ...`: a heading glued to a sentence of notes. (Brand names
# glue words too, `LinkedIn`, `SingleStore`: the part after must read as a sentence, or the title be too long.)
_GLUED_HEADING = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2,}[\s'’])")
_LONG_TITLE_WORDS = 14
_SPONSOR_TAIL = re.compile(r"\s[—–|]\s(?=.*(?:brought to you|sponsor|find this|you can also))", re.I)
_EDGES = " \t*•·-–—:|,;"
_NOT_TITLES = frozenset({"show highlights", "highlights", "timestamps", "chapters"})


@dataclass(frozen=True, slots=True)
class _Marker:
    clock: str
    start: int
    end: int
    bracketed: bool

    @property
    def seconds(self) -> float:
        return parse_clock(self.clock)


def find_chapters(text: str) -> list[Chapter]:
    """The description's chapter list, titles cleaned; empty when it holds none (fewer than three entries)."""
    run = _longest_run(text)
    if len(run) < MIN_CHAPTERS:
        return []
    titles = _titles_after(text, run) if not _times_follow_titles(text, run) else _titles_before(text, run)
    chapters = [Chapter(title, m.seconds) for m, raw in zip(run, titles, strict=True) if (title := tidy_title(raw))]
    # Mostly entries too long to be titles: show notes with times in them (the summary reads those), not chapters.
    return chapters if len(chapters) >= max(MIN_CHAPTERS, len(run) / 2) else []


def listed_times(text: str) -> list[float]:
    """The times of the description's longest list of times (chapters, or timed notes too long to be chapter
    titles: "50:00 Conversation shifts to bots in games ..."), in seconds; empty under three."""
    run = _longest_run(text)
    return [m.seconds for m in run] if len(run) >= MIN_CHAPTERS else []


def chapter_list_start(text: str) -> int | None:
    """Where the chapter list begins in `text` (its first time, or the first title when times follow titles)."""
    run = _longest_run(text)
    if len(run) < MIN_CHAPTERS:
        return None
    if not _times_follow_titles(text, run):
        return run[0].start
    return run[0].start - len(_titles_before(text, run)[0])


def tidy_title(raw: str) -> str:
    """A chapter title without links, list punctuation, a glued sentence of notes or a trailing sponsor read."""
    title = squash_spaces(_URL.sub(" ", raw))
    title = _SPONSOR_TAIL.split(title)[0]
    heading, *notes = _GLUED_HEADING.split(title, maxsplit=1)
    if notes and _reads_as_notes(notes[0], len(title.split())) and len(heading.split()) <= 6:
        title = heading
    title = title.strip(_EDGES)
    if not title or len(title.split()) > _MAX_TITLE_WORDS or title.casefold().strip(" .") in _NOT_TITLES:
        return ""
    return title


def _reads_as_notes(text: str, title_words: int) -> bool:
    ends_sentence = text.rstrip().rstrip('"”’)').endswith((".", "!", "?"))
    return len(text.split()) >= 5 and (ends_sentence or title_words > _LONG_TITLE_WORDS)


def _markers(text: str) -> list[_Marker]:
    return [_Marker(m["clock"], m.start(), m.end(), m["open"] is not None) for m in _MARKER.finditer(text)]


def _longest_run(text: str) -> list[_Marker]:
    """The longest sequence of times close enough together to be a list, each no earlier than the one before."""
    markers = _markers(text)
    best = (0, 0)
    start = 0
    for i in range(1, len(markers) + 1):
        if i < len(markers):
            before, marker = markers[i - 1], markers[i]
            if marker.start - before.end <= _MAX_GAP_CHARS and marker.seconds >= before.seconds:
                continue
        if i - start > best[1] - best[0]:
            best = (start, i)
        start = i
    return markers[best[0] : best[1]]


def _times_follow_titles(text: str, run: list[_Marker]) -> bool:
    """`Title (0:26)Title (4:18)` rather than `(0:00) Title(1:01) Title`: the side with no space is the side the
    time belongs to."""
    bracketed = [m for m in run if m.bracketed]
    if len(bracketed) < len(run):
        return False
    backward = forward = 0
    for m in bracketed:
        space_before = m.start == 0 or text[m.start - 1].isspace()
        space_after = m.end == len(text) or text[m.end].isspace()
        backward += space_before and not space_after
        forward += space_after and not space_before
    return backward > forward


def _titles_after(text: str, run: list[_Marker]) -> list[str]:
    titles = [text[m.end : after.start] for m, after in pairwise(run)]
    tail = text[run[-1].end : run[-1].end + _MAX_TITLE_CHARS]
    end = _LIST_END.search(tail.lstrip(_EDGES))
    last = tail.lstrip(_EDGES)[: end.start()] if end else tail
    return [*titles, last if end or len(tail) < _MAX_TITLE_CHARS else ""]


def _titles_before(text: str, run: list[_Marker]) -> list[str]:
    first_window = text[max(0, run[0].start - _MAX_TITLE_CHARS) : run[0].start]
    first = re.split(r"[.!?:]\s*|\n|(?<=[a-z]{4})(?=[A-Z][a-z])", first_window)[-1]
    return [first, *(text[before.end : m.start] for before, m in pairwise(run))]

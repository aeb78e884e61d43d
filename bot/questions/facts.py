"""Facts of one episode, stated by its source or read from what the source does say: pure, no store.

A feed states duration and date; a directory line often does not, but says "Recorded May 7, 2026", "episode 257
of the Cloud Pod", or lists chapters whose last one starts at 12:31. Where the source states no duration, the
last chapter's start or the last timed line of the transcript bounds it from below, and the answer says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.text import format_timestamp, squash_spaces, truncate

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[-./](?P<month>\d{1,2})[-./](?P<day>\d{1,2})\b"),
)
_DATE_CUE = re.compile(r"\b(recorded|released|published|aired|posted|live|streamed|premiered|uploaded)\b", re.I)
_NUMBER_PATTERNS = (
    re.compile(r"\b(?:episode|ep\.?)\s*(?:no\.?|number|#)?\s*(\d{1,4})\b", re.I),
    re.compile(r"#\s?(\d{1,4})\b"),
    re.compile(r"^\s*[A-Z][\w.]*(?: [A-Z][\w.]*){0,3} (\d{1,4}):"),  # "SaaStr 732: What It's Like ..."
)
# A link ending in a number ("thinkingelixir.com/237"), or "/episodes/412-the-slug"; not "/5-tips-for-x".
_LINK_NUMBER = re.compile(
    r"^https?://[^/?#]+/(?:[^?#]*/)?(?:(\d{1,4})|(?:episodes?|eps?)/(\d{1,4})-[\w-]*)/?(?:[?#].*)?$", re.I
)
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_LINKS = re.compile(r"\(?https?://\S+\)?\s*")  # "Episode (https://youtu.be/...) 494": the link is no part of it
_SHOW_SPOKEN = re.compile(
    r"\b(?:here on|welcome (?:back )?to|you'?re listening to|this is|on this episode of)\s+(?:the\s+)?"
    r"(?P<show>[A-Z][\w'’&+-]*(?:\s+[A-Z][\w'’&+-]*){0,4})"
)
_NOT_SHOWS = frozenset("i it we you the this that my our a an episode show podcast today".split())


@dataclass(frozen=True, slots=True)
class Stated:
    """A fact and the source's words it rests on."""

    value: str
    evidence: str  # the words of the source, verbatim (cut around the fact)


def estimated_duration(
    chapter_starts: list[float], last_timed: float | None, note_times: Sequence[float] = ()
) -> Stated | None:
    """A lower bound for an episode's length when the source states none: the latest of the last chapter's start,
    the last timed line of the transcript and the last of the description's timed notes."""
    last_chapter = max(chapter_starts, default=None)
    last_note = max(note_times, default=None)
    candidates = [
        (seconds, f"the last chapter starts at {format_timestamp(seconds)}") for seconds in [last_chapter] if seconds
    ]
    if last_note:
        candidates.append((last_note, f"the description's last timed note is at {format_timestamp(last_note)}"))
    if last_timed:
        candidates.append((last_timed, f"the last line of the transcript is at {format_timestamp(last_timed)}"))
    if not candidates:
        return None
    seconds, why = max(candidates)
    return Stated(minutes_text(seconds), why)


def minutes_text(seconds: float) -> str:
    """`84 min` -> "1 h 24 min"; under an hour "21 min"."""
    minutes = round(seconds / 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours else f"{minutes} min"


def stated_date(text: str) -> Stated | None:
    """A date the text states, preferring one it says the episode was recorded or released on."""
    found: list[tuple[int, int, Stated]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso is None:
                continue
            before = text[max(0, match.start() - 60) : match.start()]
            cued = 0 if _DATE_CUE.search(before) else 1
            found.append((cued, match.start(), Stated(iso, _around(text, match.start(), match.end()))))
    return min(found, key=lambda item: item[:2])[2] if found else None


def _iso(match: re.Match[str]) -> str | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else _MONTHS.get(month.casefold().rstrip("."))
    try:
        return date(int(match.group("year")), number or 0, int(match.group("day"))).isoformat()
    except ValueError:
        return None


def stated_number(title: str, description: str, url: str | None = None) -> Stated | None:
    """The episode's number as its title or description states it ("episode 257", "Ep. #13", "SaaStr 732:"), or
    else as its own link ends ("podcast.thinkingelixir.com/237", ".../episodes/412-the-slug")."""
    for text in (title, _LINKS.sub("", description[:3000])):
        for pattern in _NUMBER_PATTERNS:
            match = pattern.search(text)
            if match:
                return Stated(str(int(match.group(1))), _around(text, match.start(), match.end()))
    linked = _LINK_NUMBER.search(url or "")
    number = linked and (linked.group(1) or linked.group(2))
    if number and not _YEAR_LIKE.fullmatch(number):
        return Stated(str(int(number)), url or "")
    return None


def spoken_show(texts: list[str]) -> Stated | None:
    """The show a transcript names itself ("here on Dev Interrupted"), with the words it says it in: the name it
    uses most often, where it first says it."""
    first: dict[str, Stated] = {}
    for text in texts:
        for match in _SHOW_SPOKEN.finditer(text):
            show = match.group("show").strip(" .,'’")
            if show.split()[0].casefold() not in _NOT_SHOWS and len(show) >= 4:
                first.setdefault(show, Stated(show, _around(text, match.start(), match.end())))
    if not first:
        return None
    said = {show: sum(text.count(show) for text in texts) for show in first}
    return first[max(first, key=lambda show: (said[show], -list(first).index(show)))]


def _around(text: str, start: int, end: int, room: int = 70) -> str:
    left = max(0, start - room)
    right = min(len(text), end + room)
    piece = squash_spaces(text[left:right])
    if left > 0:
        piece = "…" + piece.split(" ", 1)[-1]
    if right < len(text):
        piece = piece.rsplit(" ", 1)[0] + "…"
    return truncate(piece, 240)


_URL_IN_TEXT = re.compile(r"https?://(?:(?!~~~)[^\s<>()\[\]\"'“”])+")  # "~~~" separates a listing's parts
# Listings glue the next words to an address: "…/pgqueHN discussion", "…/queues-in-postgresPgQue https://…".
_GLUED_WORD = re.compile(r"(?<=[a-z0-9])[A-Z][A-Za-z]+$")
_GLUED_LABEL = re.compile(r"(?<=[a-z0-9/])(?:[A-Z][a-z]+)+$")  # "…/adamzimman/Personal" of "…/Personal site: http…"
_NEXT_LABEL = re.compile(r"^(?:'s)?[\w ']{0,30}:\s*$")  # what follows it up to the next address: " site: "
_LABEL_CHARS = 40
# Words of a link request that name no link: "link to nik's pgque repo" is about pgque.
_LINK_WORDS = frozenset("link links url repo repos website site page homepage github app".split())
_PLAIN_LINK = frozenset({"link", "links", "url"})
MAX_LINKS = 3
_ENDING = re.compile(r"(?:ing|ed|es|s)$")


def _folded(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def labelled_links(text: str) -> list[tuple[str, str]]:
    """Each web address in `text` with the words before it that label it ("Personal site: https://…"). Listings
    glue a label's first word to the address before it ("…/in/adamzimman/Personal site: https://…"): the word goes
    back to its label."""
    matches = list(_URL_IN_TEXT.finditer(text))
    links: list[tuple[str, str]] = []
    carried, since = "", 0
    for i, match in enumerate(matches):
        url = match.group().rstrip(".,;:!?")
        label = carried + text[max(since, match.start() - _LABEL_CHARS) : match.start()]
        since = match.start() + len(url)
        until = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        glued = _GLUED_LABEL.search(url)
        carried = ""
        if glued and _NEXT_LABEL.match(text[since:until]):
            carried, url = glued.group(), url[: glued.start()]
        links.append((_GLUED_WORD.sub("", url), label))
    return links


def links_naming(text: str, words: Sequence[str]) -> list[str]:
    """The web addresses in `text` that hold one of these words, or a run of them written as one ("shadow boxing
    app" in shadowboxingapp.com), or whose label does ("Personal site: https://…"), those holding the longest
    first; at most MAX_LINKS."""
    wanted = {
        "".join(run)
        for size in (3, 2, 1)
        for run in (words[i : i + size] for i in range(len(words) - size + 1))
        if len("".join(run)) >= 4 and not (size == 1 and run[0] in _LINK_WORDS)
    }
    wanted |= {stem for w in wanted if len(stem := _ENDING.sub("", w)) >= 5}  # "coaching" in thevpe.coach
    labels = wanted | {w for w in words if w in _LINK_WORDS and w not in _PLAIN_LINK}  # "his website: …"
    scored: dict[str, int] = {}
    for url, label in labelled_links(text):
        folded_url, folded_label = _folded(url), _folded(label)
        in_url = [len(w) for w in wanted if w in folded_url]
        in_label = [len(w) for w in labels if w in folded_label]
        best = max([*in_url, *in_label], default=0)
        if best and url not in scored:
            scored[url] = best
    return sorted(scored, key=lambda url: -scored[url])[:MAX_LINKS]

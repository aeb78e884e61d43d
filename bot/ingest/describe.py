"""Metadata derived from an episode description: show name, episode number and a short title."""

from __future__ import annotations

import re
from collections import Counter

from bot.chapters import chapter_list_start, find_chapters
from bot.text import squash_spaces, truncate

_NAME = r"[A-ZÀ-Þ][\w'’.-]+(?:\s(?:[A-Z]\.\s)?[A-ZÀ-Þ][\w'’-]+){1,2}"
_SHOW_WORD = r"[A-Z0-9][\w'’&+-]*(?:\.[a-z]+)?"
_SHOW_NAME = rf"[\"“]?(?P<show>{_SHOW_WORD}(?:\s+(?:{_SHOW_WORD}|of|the|in|on|and|to|into)){{0,7}})[\"”]?"
_SHOW_PATTERNS = [
    re.compile(rf"\b(?i:episode|edition)\s+(?:#?\d+\s+)?of\s+(?:the\s+)?{_SHOW_NAME}"),
    re.compile(rf"\b(?i:welcome|welcomes\s+\S+(?:\s\S+)?\s+back)\s+to\s+(?:the\s+)?{_SHOW_NAME}\s+(?i:podcast)"),
    re.compile(rf"\bThis is (?:the\s+)?{_SHOW_NAME}\s+podcast"),
    re.compile(rf"\bTo{1}day on (?:the\s+)?{_SHOW_NAME}"),
    re.compile(rf"\b(?:welcomes\s+{_NAME}\s+back\s+to|episode of)\s+{_SHOW_NAME}"),
    re.compile(r"^(?P<show>The [A-Z][\w]+ Podcast)\b"),
    re.compile(r"^(?P<show>SaaStr)\s+\d+:"),
    re.compile(r"\bAn (?P<show>[a-z][\w]*\.fm) conversation"),
]
# Anywhere in a description: a show's credits ("Postgres FM is produced by:", a blog feed's "appeared first on
# Software Engineering Daily") and its web address.
_SHOW_CREDITS = (
    re.compile(rf"(?:^|[^\w\s]\s*){_SHOW_NAME} is (?:produced|hosted|presented|brought to you) by\b"),
    re.compile(rf"\bappeared first on {_SHOW_NAME}"),
)
_FM_ADDRESS = re.compile(r"(?<![\w.@/-])(?:https?://)?(?:www\.)?(?P<name>[a-z][a-z0-9-]{2,30})\.fm\b")
_SHOW_TRAILERS = re.compile(r"\s+(?:podcast|show|series|by\s.*)$", re.IGNORECASE)
_EPISODE_NUMBER = re.compile(r"\b(?:episode|ep\.?)\s*#?(\d{1,4})\b", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")
_DISCUSS = re.compile(
    r"\b(?:discuss(?:es|ed)?|talk(?:s|ed)? about|explore[sd]?|dive[sd]? into|delve[sd]? into|break(?:s)? down"
    r"|cover(?:s|ed)?|chat(?:s|ted)? about|(?:is|are) all about)\s+(?P<topic>[^.!?;:—–(]{4,160})"
)
_GUEST = re.compile(
    rf"\b(?:joined by|sits? down with|sat down with|welcomes?|chat(?:s)? with|speak(?:s)? with|talk(?:s)? with"
    rf"|interview(?:s)?|conversation with|with guest|connects? with)\s+(?P<guest>{_NAME})"
)
_TOPIC_CUT = re.compile(
    r",|\s(?:including|and how|and why|as well as|and what|along with|to help|which|where|while|in a recent|in this"
    r"|on the|from the|at the)\s"
)
_FIRST_PERSON_NAME = re.compile(rf"^(?P<who>{_NAME})(?:,[^,]{{3,60}},)?\s+(?:discuss|talk|explain|share|join|is)")
_TITLE_MAX = 80
_TITLE_WORDS = 11
_CLAUSE_BREAK = re.compile(r"\s[—–-]\s|[,:;|(](?=\s)|[(|]")
_LEAD_IN = re.compile(r"^(?:while|as|after|when|if|since|although|though|because|before|once|today|this week)\b", re.I)
_TOPICS_COVERED = re.compile(r"^Topics covered in this episode:\s*", re.I)
_FEED_TITLE = re.compile(r"\bThe post (?P<title>\S.{3,150}?) appeared\b")
_PREAMBLE_CHARS = 80
_TOPIC_WORDS = 8
_VAGUE_OPENERS = frozenset("this that these those it them some our your my a lot in".split())
_WHO_OF = re.compile(
    rf"^(?P<who>{_NAME}(?: and {_NAME})?),? (?:is|are) (?:the |a |an )?[^.]{{0,60}}?\b(?:of|at) (?P<org>[A-Z][\w.-]+)"
)
_JOINS = re.compile(rf"(?P<guest>{_NAME})\s?(?:—|–|,|-)[^.]{{0,140}}?\bjoins\b")
_IN_THIS_EPISODE = re.compile(r"^(?:In|On) (?:this|today's|the latest) episode(?: from [^,]{1,40})?,\s+", re.I)
_COMMON_OPENERS = frozenset("impact importance future role rise state origins evolution his her their its".split())
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with vs is are".split())


def find_show(text: str) -> str | None:
    """The podcast's name where a description names it ("episode 257 of the Cloud Pod podcast", "Postgres FM is
    produced by"), else its `.fm` web address when the description links to one ("pythonbytes.fm")."""
    head = text[:1500]
    for pattern in _SHOW_PATTERNS:
        match = pattern.search(head)
        if match and (show := _show_name(match.group("show"))):
            return show
    for pattern in _SHOW_CREDITS:
        credits = pattern.search(text)
        if credits and (show := _show_name(credits.group("show"))):
            return show
    addresses = Counter(match.group("name") for match in _FM_ADDRESS.finditer(text))
    return f"{addresses.most_common(1)[0][0]}.fm" if addresses else None


def _show_name(found: str) -> str | None:
    show = _SHOW_TRAILERS.sub("", squash_spaces(found)).strip(' .,:;"“”')
    if (1 <= len(show.split()) <= 8 and show[:1].isupper()) or show.endswith(".fm"):
        return show
    return None


def find_episode_number(text: str) -> int | None:
    match = _EPISODE_NUMBER.search(text[:600])
    return int(match.group(1)) if match else None


def derive_title(description: str, show: str | None = None, guest: str | None = None) -> str:
    """A short readable title for an episode whose source gives none.

    Uses a title the line carries (a blog feed's "The post <title> appeared", a "Topics covered" list, the first
    chapter of a line that is only a chapter list, an opening "SaaStr 732: ..."), else "<topic> with <guest>" or
    "<person> on <topic>" read from its wording, else "<show> with <guest>" when a transcript names the main
    guest; falls back to the opening words of the first statement (never a whole sentence or a question hook).
    """
    text = _URL.sub("", squash_spaces(description))
    title = (
        _feed_title(text)
        or _topics_list_title(text)
        or _first_chapter_title(text)
        or _who_of(text)
        or _title_case_opening(text)
        or _topic_title(text)
    )
    if title is None and guest:
        title = f"{show or 'Conversation'} with {guest}"
    number = find_episode_number(text)
    if title is None and show and number:
        guests = [m.group("guest") for m in _JOINS.finditer(text[:800]) if show not in m.group("guest")]
        title = f"{show} episode {number}" + (f" with {guests[0]}" if guests else "")
    return truncate(title or _opening_words(text, show), _TITLE_MAX)


def _feed_title(text: str) -> str | None:
    """Blog feeds end an excerpt with `The post <title> appeared first on <site>`."""
    match = _FEED_TITLE.search(text)
    return match["title"].strip() if match else None


def _topics_list_title(text: str) -> str | None:
    """`Topics covered in this episode: chardet ,AI, and licensing refined-github pgdog: ...` -> its first topics."""
    match = _TOPICS_COVERED.match(text)
    if not match:
        return None
    topics = re.split(r"[?:]|\s(?=Extras\b|About the show\b)", text[match.end() :], maxsplit=1)[0]
    words = re.sub(r"\s+,\s*", ", ", topics).split()
    if not words:
        return None
    # Nothing separates the topics, so a short cut reads better than a long run-on.
    return " ".join(words[:_TOPIC_WORDS]) + ("…" if len(words) > _TOPIC_WORDS else "")


def _first_chapter_title(text: str) -> str | None:
    """A description that is only `Highlights include:` and a chapter list is titled by its first chapter."""
    start = chapter_list_start(text)
    if start is None or start > _PREAMBLE_CHARS or not text[:start].rstrip().endswith(":"):
        return None
    chapters = find_chapters(text)
    return chapters[0].title if chapters else None


def _who_of(text: str) -> str | None:
    """ "Pete Hamilton and Chris Evans are cofounders of Incident.io. ..." -> "Pete Hamilton and Chris Evans of
    Incident.io": who the episode is with, and where from."""
    match = _WHO_OF.match(text)
    return f"{match['who']} of {match['org'].rstrip('.')}" if match else None


def _title_case_opening(text: str) -> str | None:
    clause = re.split(r"(?<=[.!?])\s|\s[|]\s", text, maxsplit=1)[0].strip()
    words = clause.split()
    if not 4 <= len(words) <= 16:
        return None
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for w in significant if w[:1].isupper() or w[:1].isdigit() or w[:1] in "#$")
    return clause.rstrip(".") if significant and capitalised >= 0.9 * len(significant) else None


def _topic_title(text: str) -> str | None:
    topic = _topic(text)
    if topic is None:
        return None
    guest = _GUEST.search(text[:600])
    who = _FIRST_PERSON_NAME.search(text)
    if guest and guest.group("guest") not in topic:
        return f"{topic} with {guest.group('guest')}"
    if who and " and " not in who.group("who"):
        return f"{who.group('who')} on {_lower_first_if_common(topic)}"
    return topic


def _topic(text: str) -> str | None:
    match = _DISCUSS.search(text[:800])
    if not match:
        return None
    topic = _TOPIC_CUT.split(match.group("topic"), maxsplit=1)[0].strip(" -")
    topic = re.sub(r"^(?:the|a|an)\s+", "", topic, flags=re.IGNORECASE)
    if len(topic) < 3:
        return None
    first = topic.split()[0]
    if first.lower() in _VAGUE_OPENERS:
        return None  # "covered this on ..." names no topic
    return topic[0].upper() + topic[1:] if first[0].islower() and "_" not in first else topic


def _lower_first_if_common(topic: str) -> str:
    first = topic.split(maxsplit=1)[0]
    return topic[0].lower() + topic[1:] if first.lower() in _COMMON_OPENERS else topic


def _opening_words(text: str, show: str | None) -> str:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    statements = [s for s in sentences if not s.rstrip().endswith("?") and not _is_preamble(s)]
    chosen = _IN_THIS_EPISODE.sub("", (statements or sentences or [show or "Untitled episode"])[0])
    if show:
        chosen = re.sub(rf"^(?:In|On) this episode of (?:the )?{re.escape(show)}(?: podcast)?,?\s+", "", chosen)
    chosen = _TOPICS_COVERED.sub("", chosen)
    words = _main_clause(chosen[:1].upper() + chosen[1:]).split()
    return " ".join(words[:_TITLE_WORDS]) + ("…" if len(words) > _TITLE_WORDS else "")


def _main_clause(sentence: str) -> str:
    """A title names the subject, it does not retell the sentence: the first clause of four words or more that
    is not a lead-in ("While at NDC Toronto, ..."), else the sentence up to its first colon or dash."""
    for part in _CLAUSE_BREAK.split(sentence):
        clause = part.strip(' .,"“”')
        if len(clause.split()) >= 4 and not _LEAD_IN.match(clause):
            return clause[:1].upper() + clause[1:]
    return re.split(r"\s[—–-]\s|[:;|(]", sentence, maxsplit=1)[0].strip(" .,")


_PREAMBLE = re.compile(
    r"^(?:welcome|editor's note|this friday|take the|the new \w+ website|rsvp|join us|we're writing|i'm excited"
    r"|in this episode$|hi,|hey)",
    re.IGNORECASE,
)


def _is_preamble(sentence: str) -> bool:
    return bool(_PREAMBLE.match(sentence.strip())) or len(sentence.split()) < 4

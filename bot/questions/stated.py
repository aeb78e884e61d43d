"""Facts the episodes state in passing ("how many people work at railway", "when did salesforce buy heroku"): the
sentences of descriptions and passages that hold most of the question's words and a number (or a year), verbatim.
A question about an episode itself (its length, date, speakers) is no such fact and is left to the facts answer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.markdown import safe
from bot.questions.answer import QuestionAnswer
from bot.questions.catalog import Catalog, EpisodeInfo
from bot.questions.pages import episode_label, paginate, quote_line, snippet_around
from bot.questions.parse import Intent, Question, normalise
from bot.questions.topics import Concept, Topic, all_match
from bot.results import QuoteHit
from bot.search.engine import hit_from_row
from bot.store import SegmentRow, Store
from bot.summaries.summarize import split_sentences
from bot.text import tokens

SENTENCES_SHOWN = 3
HELD_SHARE = 0.5  # a sentence holding at least this share of the question's weight states its fact
PASSAGES_READ = 100
SENTENCE_CHARS = 280
AROUND_CHARS = 80  # the question's words this near a number make it the one shown
NUMBER_BESIDE_BONUS = 1.0  # a sentence with the number beside the thing counted ("35 people") states it outright


class Wanted(StrEnum):
    AMOUNT = "amount"
    YEAR = "year"


_AMOUNT = re.compile(
    r"^(?:\w+ ){0,3}?(?:(?:how|hw) (?:many|much)|what (?:percent|percentage|share|fraction))\b"
    r"(?! (?:times?|episodes?|eps?|shows?|podcasts?|pods?|minutes?|mins?|hours?|hrs?|seconds?|secs?|of (?:it|that)"
    r"|talk|talking|did \w+ (?:talk|say|mention)))"
)
_YEAR = re.compile(r"^(?:\w+ ){0,3}?(?:when did|when was|what year|which year|in what year|since when)\b")
# Words of talk or of an episode's own dates: "when did josh mention slack", "when did the ep come out".
_NOT_A_STATED_FACT = re.compile(
    r"\b(?:say|said|says|mention\w*|talk\w*|discuss\w*|bring|brought|come up|came up|comes up|speak|spoke|quote\w*"
    r"|tell|told|come out|came out|release\w*|publish\w*|air|aired|record\w*|drop|dropped|upload\w*|post|posted"
    r"|episode|ep|eps|pod|podcast)\b|\b(?:the|that|this) (?:\w+ ){0,6}?one\b"  # "the notion custom agents one"
)
# Where the fact was stated, a person's episode among them: "..., per that charles feddersen curtain raiser".
_BY_SOURCE = re.compile(r"\b(?:per|according to|acc to|(?:in|on|from) (?:that|the|this)) ")
# Who stated an amount: "how many speakers did they say posette will have", "... than postgres did tyler claim".
_STATED_BY = re.compile(r"\b(?:did|do|does) (?:\w+ ){1,3}?(?:say|claim|claimed|mention|quote|state|estimate)\b")
_CLAUSE = re.compile(r"\s*[,;?!]\s*|\s+-+\s+|\s*[—–]\s*")
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LINK = re.compile(r"\(?(?:https?://|www\.)\S+")
_COUNTED = re.compile(r"\bhow many (\w+)")
_PRONOUN_START = re.compile(r"^\W*(?:it|they|he|she|this|that)\b", re.IGNORECASE)


def wanted(question: Question) -> Wanted | None:
    """Whether the question asks for an amount or a year the episodes may state, rather than about an episode."""
    plain = normalise(question.clean)
    if not question.topic:
        return None
    if _asks_an_amount(question, plain):
        return Wanted.AMOUNT
    asking = next((c for c in map(normalise, _CLAUSE.split(question.clean)) if _YEAR.search(c)), None)
    if not question.speakers and asking is not None and not _NOT_A_STATED_FACT.search(asking):
        return Wanted.YEAR  # "what year was heroku founded, one of the eps says it": the clause asking
    return None


def _asks_an_amount(question: Question, plain: str) -> bool:
    """An amount asked in a sentence of its own ("how much has railway raised? it came up in the jake cooper ep"),
    not of a person named in it, nor of talk ("how many times", "how much did josh talk")."""
    for sentence in (normalise(s) for s in re.split(r"(?<=[?!])\s", question.clean)):
        if asked := _AMOUNT.search(sentence):
            break
    else:
        return False
    if question.speakers and _the_subject(question.speakers, sentence, plain):
        return False
    return not _NOT_A_STATED_FACT.search(_STATED_BY.sub(" ", sentence[asked.end() :]))  # "did tyler claim": who


def _the_subject(speakers: Sequence[str], asking: str, plain: str) -> bool:
    """Whether the people named are what the amount is asked of ("how many kids does josh have"), not where it was
    stated: named in the asking sentence, neither as the ones who stated it nor in a clause naming the source."""
    words = set(asking.split())
    in_asking = any(words & set(tokens(name)) for name in speakers)
    return in_asking and not _STATED_BY.search(asking) and not _BY_SOURCE.search(plain)


def without_source(plain: str) -> str:
    """The question without the clause naming where the fact was stated, the person in it ("how many sessions is
    posette supposed to have per that charles feddersen curtain raiser"): what is asked, not where to look."""
    return _BY_SOURCE.split(plain, maxsplit=1)[0]


@dataclass(frozen=True, slots=True)
class Stated:
    """A sentence stating the fact: of an episode's description, or of a passage (with its hit)."""

    share: float  # of the question's weight the sentence holds
    episode: EpisodeInfo
    sentence: str
    hit: QuoteHit | None = None


async def answer_stated(
    store: Store, catalog: Catalog, question: Question, about: Topic, kind: Wanted, *, unknown_weight: float = 0.0
) -> QuestionAnswer | None:
    """The sentences stating what was asked, best first; None when none holds enough of the question (its words the
    library does not know weigh `unknown_weight`) and a number."""
    if not about.concepts:
        return None
    if kind is Wanted.YEAR:
        about = Topic(*_without_year_words(about))
        if not about.concepts:
            return None
    numbers = set(re.findall(r"\d+", question.clean))
    reading = _Reading(about, kind, numbers, _counted(question), sum(about.weights) + unknown_weight)
    found = [
        *_in_descriptions(catalog, reading),
        *_in_passages(catalog, await _passages(store, about), reading),
    ]
    best = _best(found)
    if not best:
        return None
    topic = " ".join(c.typed for c in about.concepts)
    header = f"What the episodes I have state about **{safe(topic)}**:"
    blocks = [_block(i, stated, reading) for i, stated in enumerate(best, 1)]
    episodes = list({stated.episode.rowid: stated.episode for stated in best}.values())
    hits = [stated.hit for stated in best if stated.hit is not None]
    return QuestionAnswer(question.text, Intent.FACTS.value, paginate(header, blocks), episodes, hits)


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a sentence must hold to state the fact asked."""

    about: Topic
    kind: Wanted
    asked_numbers: set[str]  # numbers the question itself holds ("posette 2026") state nothing
    counted: tuple[str, ...]  # forms of the thing counted ("people", "person"), empty unless "how many"
    weight: float  # of the whole question, its words the library does not know included


def _counted(question: Question) -> tuple[str, ...]:
    match = _COUNTED.search(normalise(question.clean))
    if match is None:
        return ()
    noun = match.group(1)
    forms = {noun, noun.removesuffix("s"), f"{noun}s"}
    return tuple(sorted(forms | ({"person", "employees", "folks"} if noun == "people" else set())))


def _without_year_words(about: Topic) -> tuple[list[Concept], list[float]]:
    """ "what year was heroku founded": "year" is how the question asks, not what it is about."""
    kept = [(c, w) for c, w in zip(about.concepts, about.weights, strict=True) if c.typed not in _YEAR_WORDS]
    return [c for c, _w in kept], [w for _c, w in kept]


_YEAR_WORDS = frozenset({"year", "years", "yr", "when", "date"})


def _in_descriptions(catalog: Catalog, reading: _Reading) -> list[Stated]:
    about = reading.about
    naming = {rowid for c in about.concepts for form in c.words for rowid in catalog.fields_naming(form)}
    found = []
    for rowid in sorted(naming):
        episode = catalog.by_rowid[rowid]
        for sentence in _with_antecedents(split_sentences(episode.description[:6000])):
            if (share := _share_stated(sentence, reading)) >= HELD_SHARE:
                found.append(Stated(share, episode, sentence))
    return found


def _in_passages(catalog: Catalog, rows: Sequence[SegmentRow], reading: _Reading) -> list[Stated]:
    found = []
    for row in rows:
        episode = catalog.by_rowid.get(row.episode_rowid)
        if episode is None:
            continue
        for sentence in _with_antecedents(split_sentences(row.text)):
            if (share := _share_stated(sentence, reading)) >= HELD_SHARE:
                hit = hit_from_row(row, episode.ref, at=max(row.text.find(sentence), 0))
                found.append(Stated(share, episode, sentence, hit))
    return found


def _with_antecedents(sentences: Sequence[str]) -> list[str]:
    """The sentences, one starting "It ..." or "They ..." read with the one before it, which says who "it" is
    ("Heroku is a cloud platform..." "It was founded in 2007 and acquired by Salesforce in 2010.")."""
    return [
        f"{sentences[i - 1]} {sentence}" if i and _PRONOUN_START.match(sentence) else sentence
        for i, sentence in enumerate(sentences)
    ]


async def _passages(store: Store, about: Topic) -> list[SegmentRow]:
    """The passages holding the weightiest concepts (the two weightiest together, else the weightiest alone)."""
    ranked = [c for _w, c in sorted(zip(about.weights, about.concepts, strict=True), key=lambda p: -p[0])]
    for concepts in (ranked[:2], ranked[:1]):
        if rows := await store.matching_segments(all_match(concepts), limit=PASSAGES_READ):
            return rows
    return []


def _share_stated(sentence: str, reading: _Reading) -> float:
    """The share of the question's weight a sentence holds (and a bonus when a number stands beside the thing
    counted), or 0 when it states no number (or year) of its own."""
    sentence = _LINK.sub(" ", sentence)  # "siliconangle.com/2024/11/15/..." states no year
    year = reading.kind is Wanted.YEAR
    numbers = set(_A_YEAR.findall(sentence)) if year else set(re.findall(r"\d+", sentence))
    if not numbers - reading.asked_numbers:
        return 0.0
    words = tokens(sentence)
    about = reading.about
    held = sum(w for c, w in zip(about.concepts, about.weights, strict=True) if c.occurrences(words))
    share = held / (reading.weight or 1.0)
    beside = any(
        word.isdigit() and any(later in reading.counted for later in words[i + 1 : i + 3])
        for i, word in enumerate(words)
    )
    return share + (NUMBER_BESIDE_BONUS if beside and share >= HELD_SHARE else 0.0)


def _best(found: Sequence[Stated]) -> list[Stated]:
    """The sentences holding most of the question, each said once (listings repeat descriptions)."""
    seen: set[str] = set()
    best = []
    for stated in sorted(found, key=lambda s: -s.share):
        key = " ".join(tokens(stated.sentence))
        if key not in seen:
            seen.add(key)
            best.append(stated)
    return best[:SENTENCES_SHOWN]


def _block(number: int, stated: Stated, reading: _Reading) -> str:
    """The sentence cut around the number it states (the fact), with its episode."""
    label = episode_label(stated.episode)
    at = _number_at(stated.sentence, reading)
    if stated.hit is None:
        shown = snippet_around(stated.sentence, at, SENTENCE_CHARS)
        return f"{number}. {label}\n   _from the description:_ “{safe(shown)}”"
    around = max(stated.hit.text.find(stated.sentence), 0) + at
    return f"{number}. {quote_line(stated.hit, limit=SENTENCE_CHARS, around=around)}\n   — {label}"


def _number_at(sentence: str, reading: _Reading) -> int:
    """Where the number stating the fact starts (0 when none): of those beside the thing counted ("44 sessions"),
    else of all the question does not hold itself, the one with most of the question's words around it (a long
    run of show notes holds many numbers: "43% fewer tokens" among the timestamps)."""
    numbers = [m for m in re.finditer(r"\d+", sentence) if m.group() not in reading.asked_numbers]
    beside = [m for m in numbers if any(word in reading.counted for word in tokens(sentence[m.end() :])[:2])]
    about = reading.about

    def held_around(number: re.Match[str]) -> float:
        words = tokens(sentence[max(number.start() - AROUND_CHARS, 0) : number.end() + AROUND_CHARS])
        return sum(w for c, w in zip(about.concepts, about.weights, strict=True) if c.occurrences(words))

    best = max(beside or numbers, key=lambda m: (held_around(m), -m.start()), default=None)
    return best.start() if best else 0

"""Which episode does a request mean? A pure, in-memory ranking over the corpus's episode records.

A request such as "tl;dr of the Bob Wise one?" loses its filler ("tl;dr", "one", "episode", "summarize", ...),
and each remaining word is looked up in the episodes' vocabulary: exactly, or, when it is not there, as a
likely typo (rapidfuzz ratio against words of about the same length that start with the same letter).
Adjacent words are also looked up joined ("pg ash" -> "pgash", "llama 3" -> "llama3", "bike shed" ->
"bikeshed"), which both forgives spacing and rewards phrases. A word counts by its rarity across episodes
(idf) times the weight of the field it was found in: title, show, speakers, the lead of the description and
transcript (where shows and guests are introduced), chapters, the rest of the description, the transcript.
"Episode 257" / "ep #13" also match the episode numbers the records state.

The decision: none when the best episode explains too little of the request; ambiguous when several episodes
explain it about as well (candidates are returned so the bot can ask); otherwise one episode.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from bot.models import Episode, EpisodeRef
from bot.summaries.summarize import split_show_notes
from bot.text import STOPWORDS, fold, tokens

log = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 500
DESCRIPTION_INDEX_CHARS = 12_000
LEAD_CHARS = 400
# Words of a transcript the finder keeps (most frequent first): enough to know what it is about.
PROFILE_TERMS = 600

# How much a word found in each field counts, before its rarity.
FIELD_WEIGHTS: Mapping[str, float] = {
    "title": 4.0,
    "show": 4.0,
    "speakers": 4.0,
    "number": 4.0,
    "lead": 2.5,
    "chapters": 2.0,
    "description": 1.0,
    "transcript": 0.7,
    "notes": 0.5,
}
TOPICALITY = 0.12  # extra weight per log of how often an episode mentions a word
MIN_SCORE = 3.0  # below this the best episode matched nothing distinctive
MIN_COVERAGE = 0.45  # share of the request's evidence the best episode must explain
AMBIGUITY_RATIO = 1.35  # contenders within this factor of the best score (and as well covered) are ambiguous
COVERAGE_SLACK = 0.12
MAX_CANDIDATES = 8

# Words of a request that say "summarise an episode" rather than which one.
REQUEST_FILLER = frozenset(
    """summarize summarise summarized summarised summary summaries summarizing sum tldr tl dr tldw recap
    recaps overview gist rundown breakdown synopsis outline digest brief briefly quick quickly short shortly
    episode episodes ep eps epi podcast podcasts show shows episodio
    please pls plz thanks thank thx can could would will you give me tell show us explain hey hi hello
    one ones that which about again latest recent last newest listen listened listening heard hear remember
    called named titled where guy guys folks person people bot podquote thing stuff said say says mentioned
    talk talks talked discuss discussed discussion discussing chat chatted conversation interview
    something anything do did get got need want wanted sorry key points main takeaway takeaways highlights
    details whole entire full really guest guests host hosts featuring feat ft covered cover covers
    went go over happened happen going u ur yo lol whats what's wanna gimme""".split()
)
_FILLER_LIST = sorted(REQUEST_FILLER)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"<[@#][!&]?\d+>|@podquote\b|@\w+", re.IGNORECASE)
_REQUEST_NUMBER = re.compile(
    r"(?:\b(?:episode|epsiode|episdoe|ep|eps|no|number)\.?\s*#?\s*|#\s*)0*(\d{1,4})\b", re.IGNORECASE
)
_RECORD_NUMBER = re.compile(r"(?:\b(?:episode|ep)\.?\s*#?\s*|#)0*(\d{1,4})\b", re.IGNORECASE)


class Decision(StrEnum):
    ONE = "one"
    AMBIGUOUS = "ambiguous"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    """What the finder knows of an episode; built from the store's rows (see `bot.summaries`)."""

    ref: EpisodeRef
    rowid: int | None = None
    description: str = ""
    speakers: tuple[str, ...] = ()
    chapters: tuple[str, ...] = ()
    transcript_lead: str = ""  # the first turns, where the show, hosts and guests are introduced
    transcript_terms: Mapping[str, int] = field(default_factory=dict)  # folded term -> count


@dataclass(frozen=True, slots=True)
class Candidate:
    record: EpisodeRecord
    score: float
    coverage: float  # share of the request's evidence this episode contains, 0..1


@dataclass(frozen=True, slots=True)
class FinderResult:
    """The decision and the ranked candidates (one for `one`, several for `ambiguous`, none for `none`)."""

    decision: Decision
    candidates: list[Candidate]
    terms: list[str]  # the request's words after filler was removed
    nearest: list[Candidate] = field(default_factory=list)  # the best few, whatever the decision

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True, slots=True)
class _Item:
    """One piece of evidence in a request: a word, a joined pair of words or an episode number."""

    label: str
    expansions: tuple[tuple[str, float], ...]  # (vocabulary term, similarity 0..1)


class Postings:
    """Each term's episodes (positions, ascending) and weights, packed in arrays as they are built: a million-segment
    library's ~800,000 postings took ~60 MB as a dict of floats per term, ~15 MB so."""

    def __init__(self, weighted_terms: Iterable[Mapping[str, float]]) -> None:
        """The postings of each record's weighted terms, records at positions 0, 1, 2..."""
        self._slots: dict[str, int] = {}
        slots, positions, weights = array("i"), array("i"), array("d")
        for position, terms in enumerate(weighted_terms):
            for term, weight in terms.items():
                slots.append(self._slots.setdefault(term, len(self._slots)))
                positions.append(position)
                weights.append(weight)
        by_slot = np.argsort(np.frombuffer(slots, dtype=np.int32), kind="stable")  # positions stay ascending
        self._positions = np.frombuffer(positions, dtype=np.int32)[by_slot]
        self._weights = np.frombuffer(weights, dtype=np.float64)[by_slot]
        counts = np.bincount(np.frombuffer(slots, dtype=np.int32), minlength=len(self._slots))
        self._starts = np.concatenate([[0], np.cumsum(counts)]).tolist()

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, term: object) -> bool:
        return term in self._slots

    def __iter__(self) -> Iterator[str]:
        return iter(self._slots)

    def count(self, term: str) -> int:
        """How many episodes hold the term."""
        slot = self._slots[term]
        return self._starts[slot + 1] - self._starts[slot]

    def of(self, term: str) -> Iterator[tuple[int, float]]:
        """(position, weight) of each episode holding the term, in position order."""
        slot = self._slots[term]
        start, end = self._starts[slot], self._starts[slot + 1]
        return zip(self._positions[start:end].tolist(), self._weights[start:end].tolist(), strict=True)


class EpisodeIndex:
    """An inverted index from folded terms to the episodes (and best field weight) that contain them."""

    def __init__(self, records: Sequence[EpisodeRecord]) -> None:
        self.records = _unique(records)
        self._postings = Postings(self._terms_of_records())
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for term in self._postings:
            if term.isalpha() and len(term) >= 4:
                self._by_initial[term[0]].append(term)
        self._fuzzy = lru_cache(maxsize=4096)(self._fuzzy_uncached)
        log.debug("episode index: %d episodes, %d terms", len(self.records), len(self._postings))

    def __len__(self) -> int:
        return len(self.records)

    def _terms_of_records(self) -> Iterator[dict[str, float]]:
        for position, record in enumerate(self.records):
            yield _record_terms(record)
            # The word counts live on in the postings: kept twice they cost ~40 MB of a million-segment library.
            self.records[position] = replace(record, transcript_terms={})

    def find(self, request: str) -> FinderResult:
        """Rank the episodes for a request and decide: one episode, ambiguous, or none."""
        words = request_words(request)
        items = self._items(words, request_numbers(request))
        ranked = self._rank(items)
        decision = _decide(ranked)
        return FinderResult(decision, _kept(ranked, decision), words, ranked[:3])

    def rank(self, text: str, limit: int = 25, *, prefix: bool = False) -> list[Candidate]:
        """Episodes for partial text (autocomplete): no decision, the last word may be a prefix."""
        words = request_words(text)
        items = self._items(words, request_numbers(text), prefix=prefix)
        return self._rank(items)[:limit]

    # -------------------------------------------------------------------------------- request -> items

    def _items(self, words: Sequence[str], numbers: Iterable[str], *, prefix: bool = False) -> list[_Item]:
        items = [self._word_item(w, prefix=prefix and i == len(words) - 1) for i, w in enumerate(words)]
        for left, right in itertools.pairwise(words):
            joined = left + right
            if joined in self._postings:
                items.append(_Item(f"{left} {right}", ((joined, 1.0),)))
        items.extend(_Item(f"#{n}", ((f"#{n}", 1.0),)) for n in numbers if f"#{n}" in self._postings)
        return items

    def _word_item(self, word: str, *, prefix: bool = False) -> _Item:
        if word in self._postings:
            expansions: tuple[tuple[str, float], ...] = ((word, 1.0),)
        else:
            expansions = self._fuzzy(word)
        if prefix and len(word) >= 2:
            expansions = expansions + self._prefixed(word)
        return _Item(word, expansions)

    def _fuzzy_uncached(self, word: str) -> tuple[tuple[str, float], ...]:
        if not word.isalpha() or len(word) < 4:
            return ()
        cutoff = 75.0 if len(word) <= 5 else 80.0
        pool = [t for t in self._by_initial.get(word[0], ()) if abs(len(t) - len(word)) <= 2]
        matches = process.extract(word, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
        return tuple((term, (score / 100) ** 2) for term, score, _ in matches)

    def _prefixed(self, word: str) -> tuple[tuple[str, float], ...]:
        terms = [t for t in self._by_initial.get(word[0], ()) if t.startswith(word) and t != word]
        terms.sort(key=lambda t: -self._postings.count(t))
        return tuple((t, 0.9) for t in terms[:20])

    # -------------------------------------------------------------------------------- scoring

    def _rank(self, items: Sequence[_Item]) -> list[Candidate]:
        possible = sum(self._item_evidence(item) for item in items)
        if possible <= 0:
            return []
        scores: dict[int, float] = defaultdict(float)
        evidence: dict[int, float] = defaultdict(float)
        for item in items:
            for position, (score, weightless) in self._item_scores(item).items():
                scores[position] += score
                evidence[position] += weightless
        return [
            Candidate(self.records[p], scores[p], evidence[p] / possible)
            for p in sorted(scores, key=lambda p: (-scores[p], p))
        ]

    def _idf(self, term: str) -> float:
        return math.log(1 + (len(self.records) or 1) / self._postings.count(term))

    def _item_evidence(self, item: _Item) -> float:
        """What an item is worth when matched: its rarest expansion's idf, or a rare word's if unmatched."""
        if not item.expansions:
            return 0.0 if _is_number(item.label) else math.log(1 + len(self.records)) * 0.6
        return max(self._idf(term) * sim for term, sim in item.expansions)

    def _item_scores(self, item: _Item) -> dict[int, tuple[float, float]]:
        """Per episode: (score with field weight, evidence without it), best expansion only."""
        best: dict[int, tuple[float, float]] = {}
        for term, sim in item.expansions:
            idf = self._idf(term)
            for position, weight in self._postings.of(term):
                candidate = (idf * sim * weight, idf * sim)
                if candidate > best.get(position, (0.0, 0.0)):
                    best[position] = candidate
        return best


def record_from_episode(episode: Episode, rowid: int | None = None) -> EpisodeRecord:
    """A finder record for a parsed episode (tests, benchmarks and ingest-time checks)."""
    lead, terms = transcript_profile(s.text for s in episode.segments)
    ref = EpisodeRef(episode.id, episode.title, episode.show, episode.source, episode.url)
    return EpisodeRecord(
        ref=ref,
        rowid=rowid,
        description=episode.description,
        speakers=tuple(name for s in episode.speakers for name in (s.name, *sorted(s.aliases))),
        chapters=tuple(c.title for c in episode.chapters),
        transcript_lead=lead,
        transcript_terms=terms,
    )


def transcript_profile(
    texts: Iterable[str], lead_segments: int = 12, top_terms: int = PROFILE_TERMS
) -> tuple[str, dict[str, int]]:
    """The opening of a transcript (where the show and guests are introduced) and its most frequent words."""
    texts = list(texts)
    counts = Counter(tokens(" ".join(texts)))
    for word in [w for w in counts if w in STOPWORDS or len(w) < 2]:
        del counts[word]
    return " ".join(texts[:lead_segments])[: LEAD_CHARS * 4], dict(counts.most_common(top_terms))


def build_index(records: Sequence[EpisodeRecord]) -> EpisodeIndex:
    """Index the records once; `EpisodeIndex.find` then answers each request in milliseconds."""
    return EpisodeIndex(records)


# ------------------------------------------------------------------------------------ request parsing


def request_words(request: str) -> list[str]:
    """The words of a request that can identify an episode: folded, without mentions, filler or stop words."""
    text = _MENTION.sub(" ", request[:MAX_REQUEST_CHARS])
    text = re.sub(r"\btl;?\s*dr\b", " ", text, flags=re.IGNORECASE)
    return [w for w in tokens(text) if _keeps(w)]


def _keeps(word: str) -> bool:
    if word in STOPWORDS or word in REQUEST_FILLER:
        return False
    if len(word) == 1 and not word.isdigit():
        return False
    return not _is_filler_typo(word)


@lru_cache(maxsize=4096)
def _is_filler_typo(word: str) -> bool:
    """`sumarize`, `epsiode`, `summery`: misspelt filler is still filler."""
    if len(word) < 5 or not word.isalpha():
        return False
    match = process.extractOne(word, _FILLER_LIST, scorer=fuzz.ratio, score_cutoff=84.0)
    return match is not None and match[0][0] == word[0]


def request_numbers(request: str) -> list[str]:
    """Episode numbers a request names: `episode 257`, `ep. #13`, `#5`."""
    return [str(int(n)) for n in _REQUEST_NUMBER.findall(request[:MAX_REQUEST_CHARS])]


def _is_number(label: str) -> bool:
    return label.lstrip("#").isdigit()


# ------------------------------------------------------------------------------------ record terms


def _record_terms(record: EpisodeRecord) -> dict[str, float]:
    """Every term of a record (words and joined pairs) weighted by the best field it appears in, and a little
    more the more often the episode mentions it: its topic, rather than a name in passing."""
    weights: dict[str, float] = {}
    mentions: Counter[str] = Counter()
    for name, counts in _field_counts(record):
        weight = FIELD_WEIGHTS[name]
        factor = _saturating if name == "transcript" else _repetition
        for term, count in counts.items():
            weights[term] = max(weights.get(term, 0.0), weight * factor(count))
        if name in {"notes", "transcript", "description", "chapters"}:
            mentions.update(counts)
    for term, count in mentions.items():
        weights[term] *= 1.0 + TOPICALITY * math.log1p(count)
    for number in _record_numbers(record):
        weights[f"#{number}"] = FIELD_WEIGHTS["number"]
    return weights


def _field_counts(record: EpisodeRecord) -> list[tuple[str, Mapping[str, int]]]:
    prose, notes = split_show_notes(record.description[:DESCRIPTION_INDEX_CHARS])
    prose, notes = _URL.sub(" ", prose), _URL.sub(" ", notes)
    transcript = {(t if t.isascii() else fold(t)): n for t, n in record.transcript_terms.items()}
    return [
        ("notes", _counts_with_pairs(notes)),
        ("transcript", transcript),
        ("description", _counts_with_pairs(prose)),
        ("chapters", _counts_with_pairs("\n".join(record.chapters))),
        ("lead", _counts_with_pairs(f"{prose[:LEAD_CHARS]}\n{record.transcript_lead}")),
        ("speakers", _counts_with_pairs("\n".join(record.speakers))),
        ("show", _counts_with_pairs(record.ref.show or "")),
        ("title", _counts_with_pairs(record.ref.title)),
    ]


def _counts_with_pairs(text: str) -> dict[str, int]:
    """How often each word of a text occurs; joined neighbours (`pg ash` -> `pgash`) count as words too."""
    counts: dict[str, int] = defaultdict(int)
    for line in text.split("\n"):
        words = tokens(line)
        for word in words:
            counts[word] += 1
        for left, right in itertools.pairwise(words):
            counts[left + right] += 1
    return counts


def _saturating(count: int) -> float:
    """Transcript words count fully only once said a few times: one passing mention is not a topic."""
    return min(1.0, math.log(1 + count) / math.log(6))


def _repetition(count: int) -> float:
    return _REPETITION[count] if count < len(_REPETITION) else 1.3


_REPETITION = [1.0] + [min(1.3, 1.0 + 0.1 * math.log(n)) for n in range(1, 64)]


def _record_numbers(record: EpisodeRecord) -> set[str]:
    text = f"{record.ref.title} {record.description[:LEAD_CHARS]} {record.transcript_lead[:LEAD_CHARS]}"
    return {str(int(n)) for n in _RECORD_NUMBER.findall(text)}


def _unique(records: Sequence[EpisodeRecord]) -> list[EpisodeRecord]:
    """Drop records that repeat an earlier one word for word (listings repeat episodes)."""
    seen: set[tuple[str, str]] = set()
    unique: list[EpisodeRecord] = []
    for record in records:
        key = (record.ref.title.casefold(), record.description[:2000].casefold())
        if key in seen and record.description:
            continue
        seen.add(key)
        unique.append(record)
    return unique


# ------------------------------------------------------------------------------------ decision


def _decide(ranked: Sequence[Candidate]) -> Decision:
    if not ranked:
        return Decision.NONE
    best = ranked[0]
    if best.score < MIN_SCORE or best.coverage < MIN_COVERAGE:
        return Decision.NONE
    return Decision.AMBIGUOUS if len(_contenders(ranked)) > 1 else Decision.ONE


def _contenders(ranked: Sequence[Candidate]) -> list[Candidate]:
    best = ranked[0]
    return [
        c
        for c in ranked[:MAX_CANDIDATES]
        if c.score * AMBIGUITY_RATIO >= best.score and c.coverage >= best.coverage - COVERAGE_SLACK
    ]


def _kept(ranked: Sequence[Candidate], decision: Decision) -> list[Candidate]:
    if decision is Decision.ONE:
        return [ranked[0]]
    if decision is Decision.AMBIGUOUS:
        return _contenders(ranked)
    return []

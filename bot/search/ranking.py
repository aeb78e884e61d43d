"""Pure scoring for quote search: which index terms to use, and how well a passage matches a query."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from bot.text import STOPWORDS, tokens

# How many of the query's rarest terms are combined to find candidates, and how many of those also in pairs.
RAREST_TERMS = 6
PAIRED_TERMS = 4
# Rows each term group may contribute.
MATCHES_PER_GROUP = 150
# Best-voted candidates whose folded text gets a quick partial_ratio (in C).
SCREEN_POOL = 200
# Of those, how many (best screened, and best voted) get the full score.
RERANK_POOL = 60
# Below this score a hit is a guess: say so and offer it as "did you mean".
CONFIDENT_SCORE = 62.0
MAX_QUERY_TOKENS = 48
MIN_CONTENT_WORDS = 3
MAX_FUZZY_QUERY_CHARS = 400
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """A query word as the index knows it (`term`), what the member typed, and how rare it is."""

    typed: str
    term: str
    df: int  # 0: the index has no such word, nor one close enough to be a typo of it
    idf: float
    corrected: bool = False


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    text: str  # folded query tokens joined by spaces, for fuzzy matching
    words: list[str]  # content words as typed (folded), stop words removed
    all_words: list[str]
    function_words: list[str]  # the stop words, used only when too few content words are left


def prepare_query(query: str) -> PreparedQuery:
    words = tokens(query)[: MAX_QUERY_TOKENS * 4]
    content = list(dict.fromkeys(w for w in words if w not in STOPWORDS))
    function = list(dict.fromkeys(w for w in words if w in STOPWORDS and len(w) > 1))
    return PreparedQuery(
        text=" ".join(words)[:MAX_FUZZY_QUERY_CHARS],
        words=content[:MAX_QUERY_TOKENS],
        all_words=words,
        function_words=function[:MAX_QUERY_TOKENS],
    )


def idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def candidate_groups(terms: Sequence[QueryTerm], rarest: int = RAREST_TERMS) -> list[tuple[QueryTerm, ...]]:
    """Which term conjunctions to ask the index for.

    All of the rarest indexed terms together finds the line when the member got its words right; every way of
    leaving one out survives one typo the index misread or one word misremembered; pairs of the very rarest
    survive more. Rare terms also stand alone when all their segments fit in one group's rows.
    """
    indexed = sorted({t.term: t for t in terms if t.df}.values(), key=lambda t: t.df)[:rarest]
    groups: list[tuple[QueryTerm, ...]] = []
    if len(indexed) >= 2:
        groups.append(tuple(indexed))
    if len(indexed) >= 4:
        groups.extend(combinations(indexed, len(indexed) - 1))
    groups.extend(combinations(indexed[:PAIRED_TERMS], 2))
    groups.extend((t,) for t in indexed if t.df <= MATCHES_PER_GROUP or len(indexed) == 1)
    return list(dict.fromkeys(groups))


def vote(matches: Iterable[tuple[int, int]], groups: Sequence[tuple[QueryTerm, ...]]) -> Counter[int]:
    """Each segment's summed idf over the term groups it matched."""
    weights = [sum(t.idf for t in group) for group in groups]
    votes: Counter[int] = Counter()
    for segment_id, index in matches:
        votes[segment_id] += weights[index]
    return votes


def screen(query: PreparedQuery, folded: Sequence[str], keep: int = RERANK_POOL) -> list[int]:
    """Indices of the (folded) passages worth a full score: the `keep` that best contain the query (partial_ratio,
    computed in C) and the `keep` first ones, which the caller orders by how many query terms they hold."""
    if len(folded) <= 2 * keep:
        return list(range(len(folded)))
    best = process.extract(query.text, folded, scorer=fuzz.partial_ratio, processor=None, limit=keep)
    return sorted(set(range(keep)) | {index for _text, _score, index in best})


def tie_break(query: PreparedQuery, folded: str) -> float:
    """Between passages that score alike: whole-passage similarity, then the order of the query's words."""
    return fuzz.ratio(query.text, folded) + fuzz.token_sort_ratio(query.text, folded)


def fold_passage(text: str) -> str:
    """A passage as search compares it: folded tokens joined by single spaces."""
    return " ".join(tokens(text))


def quote_offset(query: PreparedQuery, text: str) -> int:
    """Where in `text` the remembered words begin: the offset of the word opening the stretch of the passage that
    best matches the query (a cue-timed passage is timed at the cue holding that word)."""
    starts: list[int] = []  # where each word starts in the folded passage
    offsets: list[int] = []  # ... and in `text`
    folded: list[str] = []
    length = 0
    for word in _WORD.finditer(text):
        if folded_word := " ".join(tokens(word.group(0))):
            starts.append(length)
            offsets.append(word.start())
            folded.append(folded_word)
            length += len(folded_word) + 1
    if not folded or not query.text:
        return 0
    begin = fuzz.partial_ratio_alignment(query.text, " ".join(folded)).dest_start
    index = max(bisect_right(starts, begin) - 1, 0)
    if begin >= starts[index] + len(folded[index]) and index + 1 < len(offsets):
        index += 1  # the stretch begins at the space before a word
    return offsets[index]


def score_passage(query: PreparedQuery, terms: Sequence[QueryTerm], folded: str) -> float:
    """0-100: how well a (folded) passage matches what the member remembers.

    `partial_ratio` finds the query as a near-substring (typos, dropped words, a fragment from the middle);
    the idf-weighted share of query words present rescues queries whose words come in another order; the share
    found in the member's order tells the line from talk that merely uses the same words.
    """
    aligned = fuzz.partial_ratio(query.text, folded) if query.text else 0.0
    if len(folded) < len(query.text):
        # partial_ratio slides the shorter string: "exactly" would score 100 inside any long query.
        aligned *= math.sqrt(len(folded) / len(query.text))
    words = folded.split()
    coverage = _weighted_coverage(terms, set(words))
    ordered = _ordered_share(query, terms, words)
    return max(aligned, 0.55 * aligned + 0.45 * coverage * 100, coverage * 92, ordered * coverage * 97)


def _ordered_share(query: PreparedQuery, terms: Sequence[QueryTerm], words: list[str]) -> float:
    """Share of the query's words (typos corrected) found in the passage in the member's order: words the member
    forgot leave the rest in order, which tells the line apart from talk that merely uses the same words."""
    corrected = {t.typed: t.term for t in terms if t.corrected}
    wanted = [corrected.get(w, w) for w in query.all_words[:MAX_QUERY_TOKENS]]
    if not wanted:
        return 0.0
    return LCSseq.similarity(wanted, words) / len(wanted)


def _weighted_coverage(terms: Sequence[QueryTerm], words: set[str]) -> float:
    total = sum(t.idf for t in terms)
    if not total:
        return 0.0
    found = 0.0
    for term in terms:
        if term.typed in words:
            found += term.idf
        elif term.term in words:
            # A guessed correction is weaker evidence than the word itself.
            found += term.idf * (0.6 if term.corrected else 1.0)
    return found / total

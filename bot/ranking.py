"""Pure scoring for quote search: which index terms to use, and how well a passage matches a query."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from bot.text import STOPWORDS, tokens

# How many of the query's rarest terms are combined in pairs to find candidates.
RAREST_TERMS = 5
# Rows each term pair may contribute.
MATCHES_PER_GROUP = 150
# How many best-voted segments get the (costly) fuzzy re-rank.
RERANK_POOL = 120
# Below this score a hit is a guess: say so and offer it as "did you mean".
CONFIDENT_SCORE = 62.0
MAX_QUERY_TOKENS = 48
MIN_CONTENT_WORDS = 3
MAX_FUZZY_QUERY_CHARS = 400


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


def prepare_query(query: str) -> PreparedQuery:
    words = tokens(query)[: MAX_QUERY_TOKENS * 4]
    content = list(dict.fromkeys(w for w in words if w not in STOPWORDS))
    if len(content) < MIN_CONTENT_WORDS and content:
        # "code. And now it's more like the code": too few distinctive words; the others must help find it.
        content += [w for w in dict.fromkeys(words) if w not in content and len(w) > 1]
    return PreparedQuery(
        text=" ".join(words)[:MAX_FUZZY_QUERY_CHARS],
        words=content[:MAX_QUERY_TOKENS],
        all_words=words,
    )


def idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def candidate_groups(terms: Sequence[QueryTerm], rarest: int = RAREST_TERMS) -> list[tuple[QueryTerm, ...]]:
    """Which term combinations to ask the index for: every pair of the rarest indexed terms, so that one typo
    the index misreads or one word the member forgot still leaves pairs that find the line; and rare terms alone."""
    indexed = sorted({t.term: t for t in terms if t.df}.values(), key=lambda t: t.df)[:rarest]
    # A term rare enough that all its segments fit in one group's rows stands on its own too.
    singles = [(t,) for t in indexed if t.df <= MATCHES_PER_GROUP or len(indexed) == 1]
    return [*combinations(indexed, 2), *singles]


def vote(matches: Iterable[tuple[int, int]], groups: Sequence[tuple[QueryTerm, ...]]) -> Counter[int]:
    """Each segment's summed idf over the term groups it matched."""
    weights = [sum(t.idf for t in group) for group in groups]
    votes: Counter[int] = Counter()
    for segment_id, index in matches:
        votes[segment_id] += weights[index]
    return votes


def score_passage(query: PreparedQuery, terms: Sequence[QueryTerm], passage: str) -> tuple[float, float]:
    """How well a passage matches what the member remembers: (score 0-100, tie-breaker).

    `partial_ratio` finds the query as a near-substring (typos, dropped words, a fragment from the middle);
    the idf-weighted share of query words present rescues queries whose words come in another order.
    Ties break on whole-passage similarity, then on the order of the query's words.
    """
    folded = " ".join(tokens(passage))
    score = _match_score(query, terms, folded)
    return score, fuzz.ratio(query.text, folded) + fuzz.token_sort_ratio(query.text, folded)


def _match_score(query: PreparedQuery, terms: Sequence[QueryTerm], folded: str) -> float:
    aligned = fuzz.partial_ratio(query.text, folded) if query.text else 0.0
    if len(folded) < len(query.text):
        # partial_ratio slides the shorter string: "exactly" would score 100 inside any long query.
        aligned *= math.sqrt(len(folded) / len(query.text))
    coverage = _weighted_coverage(terms, set(folded.split()))
    return max(aligned, 0.55 * aligned + 0.45 * coverage * 100, coverage * 92)


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

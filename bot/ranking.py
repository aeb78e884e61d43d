"""Pure scoring for quote search: which index terms to use, and how well a passage matches a query."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from bot.text import STOPWORDS, tokens

# Postings read per query at most (sum of the chosen terms' document frequencies).
POSTINGS_BUDGET = 40_000
# How many best-voted segments get the (costly) fuzzy re-rank.
RERANK_POOL = 120
# Below this score a hit is a guess: say so and offer it as "did you mean".
CONFIDENT_SCORE = 62.0
MAX_QUERY_TOKENS = 48
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
    content = [w for w in words if w not in STOPWORDS]
    return PreparedQuery(
        text=" ".join(words)[:MAX_FUZZY_QUERY_CHARS],
        words=list(dict.fromkeys(content))[:MAX_QUERY_TOKENS],
        all_words=words,
    )


def idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def best_correction(word: str, vocabulary: Iterable[tuple[str, int]]) -> tuple[str, int] | None:
    """The indexed term a typo most likely meant: fewest edits (1 for short words, 2 for long), then most common."""
    allowed = 1 if len(word) <= 5 else 2
    best: tuple[int, int, str] | None = None
    for term, df in vocabulary:
        if abs(len(term) - len(word)) > allowed:
            continue
        distance = Levenshtein.distance(word, term, score_cutoff=allowed)
        if distance <= allowed and (best is None or (distance, -df) < (best[0], -best[1])):
            best = (distance, df, term)
    return None if best is None else (best[2], best[1])


def choose_posting_terms(terms: Sequence[QueryTerm], budget: int = POSTINGS_BUDGET) -> list[QueryTerm]:
    """The rarest terms whose postings fit the budget; at least the two rarest whatever they cost."""
    chosen: list[QueryTerm] = []
    spent = 0
    for term in sorted((t for t in terms if t.df), key=lambda t: t.df):
        if len(chosen) >= 2 and spent + term.df > budget:
            break
        chosen.append(term)
        spent += term.df
    return chosen


def vote(postings: Iterable[tuple[int, int]], terms: Sequence[QueryTerm]) -> Counter[int]:
    """Each segment's summed idf over the chosen terms it contains."""
    votes: Counter[int] = Counter()
    for segment_id, index in postings:
        votes[segment_id] += terms[index].idf
    return votes


def score_passage(query: PreparedQuery, terms: Sequence[QueryTerm], passage: str) -> float:
    """0-100: how well a passage matches what the member remembers.

    `partial_ratio` finds the query as a near-substring (typos, dropped words, a fragment from the middle);
    the idf-weighted share of query words present rescues queries whose words come in another order.
    """
    folded = " ".join(tokens(passage))
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

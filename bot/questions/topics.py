"""A question's topic as the index knows it: each word with the variants members and speakers use for it.

"postgres" is also "postgresql" and "pg"; "k8s" is "kubernetes"; "llms" are "language models"; "agents" is
also "agent". Each topic word becomes a concept: a set of index terms or short phrases, any of which counts.
Words the index does not hold are read as typos of the nearest indexed word ("kubernets"), and remembered so the
answer can say "did you mean".
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

from bot.search.vocabulary import Vocabulary
from bot.store.rows import quote_term
from bot.text import STOPWORDS, tokens

# Variants of the field's common terms, as groups: a word in a group stands for every member of it.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("postgres", "postgresql", "pg", "postgre", "psql"),
    ("k8s", "kubernetes", "kube"),
    ("llm", "llms", "large language model", "large language models", "language model", "language models"),
    ("ai", "artificial intelligence"),
    ("genai", "gen ai", "generative ai"),
    ("ml", "machine learning"),
    ("js", "javascript"),
    ("ts", "typescript"),
    ("db", "database"),
    ("dbs", "databases"),
    ("oss", "open source", "opensource", "open sourced"),
    ("rag", "retrieval augmented generation", "retrieval augmented"),
    ("aws", "amazon web services"),
    ("gcp", "google cloud"),
    ("vc", "vcs", "venture capital", "venture capitalists"),
    ("devx", "dx", "developer experience"),
    ("ux", "user experience"),
    ("ci", "continuous integration"),
    ("cd", "continuous delivery", "continuous deployment"),
    ("gpu", "gpus"),
    ("api", "apis"),
    ("sql", "structured query language"),
    ("nosql", "no sql"),
    ("gpt", "chatgpt", "chat gpt"),
    ("agent", "agents", "agentic"),
    ("layoff", "layoffs", "laid off"),
    ("hire", "hiring", "hired", "hires"),
    ("eval", "evals", "evaluation", "evaluations"),
    ("pgvector", "pg vector"),
    ("dev", "devs", "developer", "developers"),
    ("eng", "engineering"),
    ("fav", "fave", "favs", "faves", "favorite", "favourite", "favorites", "favourites"),
    ("gh", "github"),
    ("infra", "infrastructure"),
    ("o11y", "observability"),
    ("wasm", "webassembly", "web assembly"),
    ("prod", "production"),
    ("repo", "repos", "repository", "repositories"),
    ("perf", "performance"),
    ("pr", "prs", "pull request", "pull requests"),
)
# Numbers members spell out that speakers' transcripts write in digits, and the other way round.
NUMBER_WORDS = {
    word: str(number)
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
        " seventeen eighteen nineteen twenty".split()
    )
} | {
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "thousand": "1000",
    "million": "1000000",
    "billion": "1000000000",
}
_GROUP_OF: dict[str, tuple[str, ...]] = {" ".join(tokens(form)): group for group in SYNONYM_GROUPS for form in group}
# Words so common in talk that they say nothing about a topic on their own.
_WEAK_TERMS = frozenset("people thing things way lot stuff kind going really right think story part bit".split())


@dataclass(frozen=True, slots=True)
class Concept:
    """One topic word of a question: what the member typed and every form that counts as it."""

    typed: str
    forms: tuple[str, ...]  # index terms or phrases (space-separated terms), most specific first
    corrected_from: str | None = None  # the typo when the word was read as another
    said: bool = True  # some transcript says one of its forms (not only the episodes' fields)

    @property
    def label(self) -> str:
        return self.typed

    def match(self) -> str:
        """The FTS5 expression for "any of the forms" (phrases as AND of their words: the index keeps no
        positions, so callers check adjacency on the text with `occurrences`)."""
        return any_form(self.forms)

    @property
    def words(self) -> tuple[str, ...]:
        """The one-word forms."""
        return tuple(f for f in self.forms if " " not in f)

    @property
    def phrases(self) -> tuple[str, ...]:
        """The forms of several words."""
        return tuple(f for f in self.forms if " " in f)

    def says_phrase(self, text: str) -> bool:
        """Whether raw text holds one of the phrases word for word (a regex, so no tokenizing)."""
        return any(_phrase_pattern(p).search(text) for p in self.phrases)

    def found_in(self, words: Sequence[str], word_set: Set[str]) -> bool:
        """Whether a text (its folded words, and the same as a set) holds any form: sets first, cheaply."""
        if any(form in word_set for form in self.words):
            return True
        return any(p.split()[0] in word_set and self.occurrences(words) for p in self.phrases)

    def occurrences(self, folded_words: Sequence[str]) -> int:
        """How many times any form occurs in a passage's folded words."""
        words = list(folded_words)
        count = sum(words.count(form) for form in self.words)
        for phrase in self.phrases:
            first, *rest = phrase.split()
            size = len(rest)
            count += sum(1 for i, word in enumerate(words) if word == first and words[i + 1 : i + 1 + size] == rest)
        return count


@functools.lru_cache(maxsize=2048)
def word_pattern(word: str) -> re.Pattern[str]:
    """The word as a whole word, in any case (and with its accents, as `fold` leaves them)."""
    return re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", re.IGNORECASE)


@functools.lru_cache(maxsize=512)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"\b" + r"[\W_]+".join(map(re.escape, phrase.split())) + r"\b", re.IGNORECASE)


def any_form(forms: Sequence[str]) -> str:
    """The FTS5 expression matching segments that hold any of these forms (phrases as AND of their words)."""
    parts = []
    for form in forms:
        words = form.split()
        parts.append(quote_term(words[0]) if len(words) == 1 else "(" + " AND ".join(map(quote_term, words)) + ")")
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


@dataclass(frozen=True, slots=True)
class Topic:
    """What a question is about: its concepts, each with how distinctive it is."""

    concepts: list[Concept]
    weights: list[float]

    @property
    def label(self) -> str:
        return " ".join(c.typed for c in self.concepts)


# What transcripts leave of a contraction as a word of its own ("it's 3" holds "s 3"): no part of a name like "p99".
_CONTRACTION_ENDS = frozenset({"s", "t", "d", "m", "ll", "re", "ve"})
# A word this common in English (zipf; "attack" 5.1, "aliens" 4.0) is no typo; misspellings reach ~3 ("teh").
NO_TYPO_ZIPF = 3.3


class Known:
    """Which words the library holds: in what was said (with segment counts), or in the episodes' fields; and the
    acronyms its own texts spell out ("Cloud Native Computing Foundation (CNCF)")."""

    def __init__(
        self, vocabulary: Vocabulary, field_terms: Set[str], acronyms: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        self.vocabulary = vocabulary
        self.field_terms = field_terms
        self.acronyms = acronyms or {}

    def __call__(self, word: str) -> bool:
        return bool(self.vocabulary.df.get(word)) or word in self.field_terms

    def correct(self, word: str) -> str | None:
        """The indexed word a typo most likely meant: one edit (two in long words), never a stop word; a word
        English uses every day is no typo ("attack" is not "attach", however close)."""
        if len(word) < 5 or not word.isalpha() or zipf_frequency(word, "en") >= NO_TYPO_ZIPF:
            return None
        allowed = 1 if len(word) < 8 else 2
        found = self.vocabulary.correct(word)
        if found is not None and found[0] not in STOPWORDS and Levenshtein.distance(word, found[0]) <= allowed:
            return found[0]
        # Words only the episodes' fields hold (a name in a description) have typos too.
        pool = [t for t in self.field_terms if t[:1] == word[:1] and abs(len(t) - len(word)) <= allowed]
        best = process.extractOne(word, pool, scorer=Levenshtein.distance, score_cutoff=allowed)
        return best[0] if best is not None and best[0] not in STOPWORDS else None

    def split(self, word: str) -> str | None:
        """A run-together word as two known words: "turbopuffer" -> "turbo puffer", "p99" -> "p 99"."""
        numbered = re.fullmatch(r"([a-z]+)(\d+)", word)
        if numbered and numbered[1] not in _CONTRACTION_ENDS and all(map(self.vocabulary.df.get, numbered.groups())):
            return " ".join(numbered.groups())
        if len(word) < 7 or not word.isalpha():
            return None
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if self.vocabulary.df.get(left) and self.vocabulary.df.get(right) and left not in STOPWORDS:
                return f"{left} {right}"
        return None


def concepts_for(words: Sequence[str], known: Known) -> tuple[list[Concept], list[str]]:
    """The concepts of a question's topic words, and the words the library knows in no form at all."""
    concepts, unknown = _concepts_for(words, known)
    said = known.vocabulary.df
    return [replace(c, said=any(said.get(f.split()[0]) for f in c.forms)) for c in concepts], unknown


def _concepts_for(words: Sequence[str], known: Known) -> tuple[list[Concept], list[str]]:
    concepts: list[Concept] = []
    unknown: list[str] = []
    used: set[int] = set()
    for size in (6, 5, 4, 3, 2):  # multi-word variants first: "machine learning", "open source"
        for start in range(len(words) - size + 1):
            span = range(start, start + size)
            phrase = " ".join(words[i] for i in span)
            group = _GROUP_OF.get(phrase) or known.acronyms.get(phrase) or _said_together(phrase, known)
            if used.intersection(span) or group is None:
                continue
            concepts.append(_concept(phrase, group, known))
            used.update(span)
    for index, word in enumerate(words):
        if index in used:
            continue
        concept = _word_concept(word, known)
        if concept is None:
            unknown.append(word)
        else:
            concepts.append(concept)
    order = {w: i for i, w in enumerate(words)}
    concepts.sort(key=lambda c: order.get(c.typed.split()[0], 0))
    return [c for c in concepts if c.forms], unknown


def _said_together(phrase: str, known: Known) -> tuple[str, ...] | None:
    """Two words the library writes as one ("viz tracer" is VizTracer): the word, and the two as typed."""
    parts = phrase.split()
    joined = "".join(parts)
    if len(parts) != 2 or not joined.isalnum() or not known.vocabulary.df.get(joined):
        return None
    return (joined, phrase)


def _word_concept(word: str, known: Known) -> Concept | None:
    group = _GROUP_OF.get(word) or known.acronyms.get(word) or known.acronyms.get(word.removesuffix("s"))
    if group is not None:
        return _concept(word, group, known)
    spelt = NUMBER_WORDS.get(word) or next((w for w, digits in NUMBER_WORDS.items() if digits == word), None)
    if spelt is not None:
        forms = [w for w in (word, spelt) if known(w)]
        return Concept(word, tuple(forms)) if forms else None
    forms = [w for w in inflections(word) if known(w)]
    if forms:
        if split := known.split(word):  # "openclaw" is also said "open claw"
            forms.append(split)
        return Concept(word, tuple(dict.fromkeys(forms)))
    split = known.split(word)
    if split is not None:
        return Concept(word, (split,))
    corrected = known.correct(word)
    if corrected is None:
        return None
    forms = [w for w in inflections(corrected) if known(w)]
    return Concept(word, tuple(dict.fromkeys(forms)), corrected_from=word)


def _concept(typed: str, group: Sequence[str], known: Known) -> Concept:
    forms: list[str] = []
    for form in group:
        words = tokens(form)
        if all(known(w) for w in words):
            forms.append(" ".join(words))
    # Every one-word form in all its inflections: "dbs" stands for "databases", and so for "database".
    for word in [typed, *group]:
        if " " not in word:
            forms.extend(w for w in inflections(word) if known(w))
    return Concept(typed, tuple(dict.fromkeys(forms)))


def inflections(word: str) -> list[str]:
    """The word with its plural or singular: "agents" -> agents, agent; "query" -> query, queries. (Not verb
    forms: "handing" is not "hand", nor "catching" "catch up".)"""
    forms = [word]
    if not word.isalpha() or len(word) < 3:
        return forms
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    elif word.endswith("es") and re.search(r"(s|x|z|ch|sh)es$", word):
        forms += [word[:-2], word[:-1]]  # boxes -> box, databases -> database
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    elif word.endswith("y") and not re.search(r"[aeiou]y$", word):
        forms.append(word[:-1] + "ies")
    elif re.search(r"(s|x|z|ch|sh)$", word):
        forms.append(word + "es")
    else:
        forms.append(word + "s")
    return forms


_SPELT_OUT = re.compile(r"((?:[^\W\d_][\w'’]*[\s-]+){1,7})\(([A-Z][A-Za-z0-9]{1,8})\)")
_SMALL = frozenset("a an as of the and for to in on at by with".split())


def acronyms_in(text: str) -> dict[str, tuple[str, ...]]:
    """The acronyms a text spells out, "Platform as a Service (PaaS)", "Vision Language Models (VLMs)": each way of
    writing one (the acronym, singular or plural, and the words) -> all of them, folded."""
    found: dict[str, tuple[str, ...]] = {}
    for match in _SPELT_OUT.finditer(text):
        acronym = match.group(2)
        words = [w for w in re.split(r"[\s-]+", match.group(1).strip()) if w]
        long = _words_behind(words, acronym.casefold())
        if long is None and acronym.endswith("s"):
            long = _words_behind(words, acronym[:-1].casefold())
        if long is None:
            continue
        short = " ".join(tokens(acronym))
        singular = [short[:-1]] if acronym.endswith("s") and len(short) > 2 else []
        group = tuple(dict.fromkeys([short, *singular, " ".join(tokens(long))]))
        for form in group:
            found[form] = group
    return found


def _words_behind(words: list[str], letters: str) -> str | None:
    """The words at the end of `words` whose initials spell `letters` (small words such as "as a" counting or
    not), or None."""
    if 2 <= len(letters) <= len(words) and "".join(w[0] for w in words[-len(letters) :]).casefold() == letters:
        return " ".join(words[-len(letters) :])
    significant: list[int] = [i for i, w in enumerate(words) if w.casefold() not in _SMALL]
    if len(letters) < 2 or len(significant) < len(letters):
        return None
    start = significant[-len(letters)]
    if "".join(words[i][0] for i in significant[-len(letters) :]).casefold() == letters:
        return " ".join(words[start:])
    return None


def all_match(concepts: Sequence[Concept]) -> str:
    """Segments holding every concept."""
    return " AND ".join(c.match() for c in concepts)


def any_match(concepts: Sequence[Concept]) -> str:
    """Segments holding at least one concept."""
    return " OR ".join(c.match() for c in concepts)


def concept_weights(concepts: Sequence[Concept], df: Mapping[str, int], total: int) -> list[float]:
    """How distinctive each concept is: rare in the library (idf) and rare in everyday English ("heroku" carries
    a question, "moving" and "keeps" do not); words like "people" count little."""
    weights = []
    for concept in concepts:
        freq = sum(df.get(form.split()[0], 0) for form in concept.forms)
        weight = math.log(1 + (total + 1) / (freq + 1)) * specificity(concept.typed)
        if concept.typed in _WEAK_TERMS:
            weight *= 0.3
        weights.append(weight)
    return weights


def unknown_weight(word: str, total: int) -> float:
    """The weight of a word the library does not hold, as if it were a concept said nowhere."""
    return math.log(1 + (total + 1)) * specificity(word)


@functools.lru_cache(maxsize=20_000)
def specificity(text: str) -> float:
    """0.2-1.5: how far a word (or the rarest word of a phrase) is from everyday English, by its Zipf frequency
    (7 for "the", 5 for "moving", 2 for "kubernetes", 0 for words English does not know, such as "pgque")."""
    zipf = min((zipf_frequency(word, "en") for word in text.split()), default=0.0)
    return min(1.5, max(0.2, (7.0 - zipf) / 4.0))

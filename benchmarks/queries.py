"""Half-remembered quotes built from real segments, in every style members type them.

Deterministic for a given seed, so the benchmark and the tests see the same queries.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from bot.text import STOPWORDS

STYLES = ("exact", "plain", "missing", "typos", "fragment", "bag", "mix")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Query:
    style: str
    text: str
    segment_id: int


def _window(words: list[str], rng: random.Random, low: int, high: int) -> list[str]:
    size = min(len(words), rng.randint(low, high))
    start = rng.randint(0, len(words) - size)
    return words[start : start + size]


def _plain(words: Sequence[str]) -> list[str]:
    stripped = (w.strip(string.punctuation + "“”‘’…").lower() for w in words)
    return [w for w in stripped if w]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(("swap", "drop", "replace", "double"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstnl") + word[i + 1 :]


def _with_typos(words: list[str], rng: random.Random, count: int) -> list[str]:
    out = list(words)
    candidates = [i for i, w in enumerate(out) if len(w) >= 4]
    for i in rng.sample(candidates, min(count, len(candidates))):
        out[i] = _typo(out[i], rng)
    return out


def _drop(words: list[str], rng: random.Random, count: int) -> list[str]:
    out = list(words)
    for _ in range(min(count, len(out) - 4)):
        out.pop(rng.randint(1, len(out) - 2))
    return out


def make_query(style: str, text: str, rng: random.Random) -> str:
    words = _WORD.findall(text)
    if style == "exact":
        return " ".join(_window(words, rng, 8, 16))
    if style == "plain":
        return " ".join(_plain(_window(words, rng, 8, 16)))
    if style == "missing":
        return " ".join(_drop(_window(words, rng, 9, 16), rng, 2))
    if style == "typos":
        return " ".join(_with_typos(_window(words, rng, 8, 14), rng, 2))
    if style == "fragment":
        middle = words[len(words) // 4 : len(words) - len(words) // 4] if len(words) > 12 else words
        return " ".join(_window(middle, rng, 5, 8))
    if style == "bag":
        content = [w for w in _plain(words) if w not in STOPWORDS]
        picked = rng.sample(content, min(len(content), rng.randint(4, 6)))
        return " ".join(picked)
    window = _plain(_window(words, rng, 9, 16))
    mixed = _with_typos(_drop(window, rng, 2), rng, 2)
    i = rng.randint(0, len(mixed) - 2)
    mixed[i], mixed[i + 1] = mixed[i + 1], mixed[i]
    return " ".join(mixed)


def build_queries(segments: Sequence[tuple[int, str]], per_style: int, seed: int = 7) -> list[Query]:
    """`per_style` queries of each style from distinct segments with at least 10 words and 4 content words."""
    rng = random.Random(seed)
    usable = [(sid, text) for sid, text in segments if _usable(text)]
    queries: list[Query] = []
    for style in STYLES:
        for sid, text in rng.sample(usable, min(per_style, len(usable))):
            queries.append(Query(style, make_query(style, text, rng), sid))
    return queries


def _usable(text: str) -> bool:
    words = _plain(_WORD.findall(text))
    return len(words) >= 10 and len({w for w in words if w not in STOPWORDS}) >= 5

"""Distractor corpus: Podcasting 2.0 JSON transcripts written by a word model trained on the seed transcripts.

The text reads like the seeds' talk (same words, same word pairs and triples) so it competes with the real lines
for every query term. It must not copy them: an order-2 model trained on a small corpus reproduces long runs of
it verbatim, and a distractor holding a member's exact quote would make "the right line" ambiguous. So no run of
`COPY_LIMIT` words from the seeds is ever written. `python -m benchmarks.make_corpus OUT_DIR [SEGMENTS]`.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from bot.ingest.parsers import parse_document

SEGMENTS_PER_FILE = 1000
COPY_LIMIT = 5
_START = ("<s>", "<s>")
_NAMES = [
    f"{first} {last}"
    for first in ("Ana", "Ben", "Chloe", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jo")
    for last in ("Park", "Quinn", "Reyes", "Stone", "Tran", "Ueda", "Voss", "Wolfe")
]


def seed_sentences(seeds: Path) -> list[list[str]]:
    sentences = []
    for path in sorted(seeds.iterdir()):
        episodes, _ = parse_document(path.name, path.read_text(encoding="utf-8"))
        sentences.extend(segment.text.split() for e in episodes for segment in e.segments)
    return sentences


def train(sentences: list[list[str]]) -> dict[tuple[str, str], list[str]]:
    """Order-2 word model: for each pair of words, the words that followed it in a seed segment."""
    model: dict[tuple[str, str], list[str]] = defaultdict(list)
    for words in sentences:
        padded = [*_START, *words, "</s>"]
        for a, b, c in zip(padded, padded[1:], padded[2:], strict=False):
            model[(a, b)].append(c)
    return dict(model)


def seed_runs(sentences: list[list[str]]) -> set[tuple[str, ...]]:
    """Every run of COPY_LIMIT consecutive words in the seeds."""
    return {tuple(w[i : i + COPY_LIMIT]) for w in sentences for i in range(len(w) - COPY_LIMIT + 1)}


def sentence(
    model: dict[tuple[str, str], list[str]], copies: set[tuple[str, ...]], rng: random.Random, max_words: int
) -> list[str]:
    """A sentence from the model that never repeats COPY_LIMIT words of the seeds in a row."""
    a, b = _START
    out: list[str] = []
    while len(out) < max_words:
        tail = tuple(out[-(COPY_LIMIT - 1) :])
        options = model[(a, b)]
        c = rng.choice(options)
        if len(tail) == COPY_LIMIT - 1 and (*tail, c) in copies:
            fresh = [o for o in set(options) if (*tail, o) not in copies]
            if not fresh:
                break
            c = rng.choice(fresh)
        if c == "</s>":
            break
        out.append(c)
        a, b = b, c
    return out


def write_corpus(out: Path, total: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    sentences = seed_sentences(Path("seeds"))
    model, copies = train(sentences), seed_runs(sentences)
    out.mkdir(parents=True, exist_ok=True)
    for number in range(0, total, SEGMENTS_PER_FILE):
        count = min(SEGMENTS_PER_FILE, total - number)
        hosts = rng.sample(_NAMES, 3)
        segments, clock = [], 0.0
        for index in range(count):
            words = sentence(model, copies, rng, rng.randint(8, 45))
            while len(words) < 5:
                words += sentence(model, copies, rng, 20)
            duration = len(words) / 2.5
            segments.append(
                {
                    "speaker": hosts[index % len(hosts)],
                    "startTime": round(clock, 2),
                    "endTime": round(clock + duration, 2),
                    "body": " ".join(words),
                }
            )
            clock += duration
        doc = {"version": "1.0.0", "segments": segments}
        (out / f"distractor_{number // SEGMENTS_PER_FILE:05d}.json").write_text(json.dumps(doc), encoding="utf-8")


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)

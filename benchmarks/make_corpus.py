"""Distractor corpus: Podcasting 2.0 JSON transcripts written by a word model trained on the seed transcripts.

The text reads like the seeds' talk (same words, same word pairs) without copying it, so it competes with the
real lines for every query term. `python -m benchmarks.make_corpus OUT_DIR [SEGMENTS]` (default 1,000,000).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from bot.ingest.parsers import parse_document

SEGMENTS_PER_FILE = 1000
_START = ("<s>", "<s>")
_NAMES = [
    f"{first} {last}"
    for first in ("Ana", "Ben", "Chloe", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jo")
    for last in ("Park", "Quinn", "Reyes", "Stone", "Tran", "Ueda", "Voss", "Wolfe")
]


def train(seeds: Path) -> dict[tuple[str, str], list[str]]:
    """Order-2 word model: for each pair of words, the words that followed it in a seed segment."""
    model: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(seeds.iterdir()):
        episodes, _ = parse_document(path.name, path.read_text(encoding="utf-8"))
        for segment in (s for e in episodes for s in e.segments):
            words = [*_START, *segment.text.split(), "</s>"]
            for a, b, c in zip(words, words[1:], words[2:], strict=False):
                model[(a, b)].append(c)
    return dict(model)


def sentence(model: dict[tuple[str, str], list[str]], rng: random.Random, max_words: int) -> list[str]:
    a, b = _START
    out: list[str] = []
    choice = rng.choice
    while len(out) < max_words:
        c = choice(model[(a, b)])
        if c == "</s>":
            break
        out.append(c)
        a, b = b, c
    return out


def write_corpus(out: Path, total: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    model = train(Path("seeds"))
    out.mkdir(parents=True, exist_ok=True)
    for number in range(0, total, SEGMENTS_PER_FILE):
        count = min(SEGMENTS_PER_FILE, total - number)
        hosts = rng.sample(_NAMES, 3)
        segments, clock = [], 0.0
        for index in range(count):
            words = sentence(model, rng, rng.randint(8, 45))
            while len(words) < 5:
                words += sentence(model, rng, 20)
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

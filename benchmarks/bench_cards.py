"""Quote card rendering: time per card (p50/p95/max) and peak memory, over cards made from the seed transcripts.

Builds 200 cards (by default) from real segments of the seed documents, mixing lengths: a single segment, or
a run of 2, 4 or 8 consecutive segments of one episode (the longest are trimmed), both themes, and show
artwork (a 1400 px JPEG on disk) on every fourth card. The first card, which loads the fonts, is reported on
its own. The target is p95 <= 100 ms per card on the 2-core machine.

    .venv/bin/python benchmarks/bench_cards.py [--cards 200]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

from bot.cards import CardData, render_card  # noqa: E402
from bot.cards.render import MAX_HEIGHT  # noqa: E402
from bot.ingest.parsers import parse_document  # noqa: E402
from bot.models import Episode  # noqa: E402
from bot.text import format_timestamp  # noqa: E402

SEEDS = ROOT / "seeds"
TARGET_P95_MS = 100.0
RUNS = (1, 1, 2, 4, 8)  # consecutive segments per card, cycled


def seed_episodes() -> list[Episode]:
    episodes: list[Episode] = []
    for path in sorted(SEEDS.iterdir()):
        episodes.extend(e for e in parse_document(path.name, path.read_text(encoding="utf-8"))[0] if e.segments)
    return episodes


def build_cards(episodes: list[Episode], count: int) -> list[CardData]:
    """`count` cards spread over the episodes, of mixed lengths."""
    cards: list[CardData] = []
    runs = cycle(RUNS)
    for index in range(count):
        episode = episodes[index % len(episodes)]
        run = next(runs)
        start = (index * 7919) % max(1, len(episode.segments) - run)
        segments = episode.segments[start : start + run]
        first = segments[0]
        cards.append(
            CardData(
                quote=" ".join(s.text for s in segments),
                speaker=first.speaker,
                timestamp=format_timestamp(first.start_seconds),
                approximate=first.approximate,
                episode_title=episode.title,
                show=episode.show,
            )
        )
    return cards


def write_artwork(folder: Path) -> Path:
    path = folder / "artwork.jpg"
    image = Image.new("RGB", (1400, 1400), (32, 80, 150))
    ImageDraw.Draw(image).ellipse((200, 200, 1200, 1200), fill=(240, 190, 60))
    image.save(path, quality=90)
    return path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=200)
    args = parser.parse_args()
    cards = build_cards(seed_episodes(), args.cards)
    with tempfile.TemporaryDirectory() as folder:
        artwork = write_artwork(Path(folder))
        started = time.perf_counter()
        render_card(cards[0], "light")
        first_ms = (time.perf_counter() - started) * 1000
        millis: list[float] = []
        sizes: list[int] = []
        for index, card in enumerate(cards):
            theme = "dark" if index % 2 else "light"
            started = time.perf_counter()
            png = render_card(card, theme, artwork if index % 4 == 3 else None)
            millis.append((time.perf_counter() - started) * 1000)
            sizes.append(len(png))
    words = [len(c.quote.split()) for c in cards]
    tall = sum(1 for c in cards if len(c.quote) > 400)
    print(f"{len(cards)} cards, {min(words)}-{max(words)} words (median {statistics.median(words):.0f}); {tall} long")
    print(f"first card (loads fonts): {first_ms:.1f} ms")
    p95 = percentile(millis, 0.95)
    print(
        f"render + PNG: p50 {statistics.median(millis):.1f} ms   p95 {p95:.1f} ms   max {max(millis):.1f} ms"
        f"   (target p95 <= {TARGET_P95_MS:.0f} ms: {'met' if p95 <= TARGET_P95_MS else 'MISSED'})"
    )
    print(f"PNG size: median {statistics.median(sizes) / 1024:.0f} KiB, max {max(sizes) / 1024:.0f} KiB")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (cards <= 1200x{MAX_HEIGHT})")


if __name__ == "__main__":
    main()

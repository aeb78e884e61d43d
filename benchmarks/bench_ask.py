"""The bot answering `/ask` at scale: the real bot, the fake Discord on loopback, a store of 1M segments.

Starts the unmodified bot on the store `benchmarks.bench_search` builds (seeds + N distractor segments, cached
under bench-data/), sends every question of the evaluation sets as `/ask` interactions one at a time (each from
a different member, so the rate limit never applies), and prints INTERACTION_CREATE -> first callback latency
and the peak RSS of the process (the bot, its store and the fake Discord together: an upper bound for the bot).

    .venv/bin/python benchmarks/bench_ask.py [--segments 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_interaction import percentile  # noqa: E402
from benchmarks.bench_search import build_store  # noqa: E402
from benchmarks.eval_questions import load_questions  # noqa: E402
from tests.e2e.harness import running_bot  # noqa: E402
from tests.fake_discord import FakeDiscord  # noqa: E402

SETS = sorted((ROOT / "benchmarks").glob("questions*.jsonl"))


async def ask(fake: FakeDiscord, index: int, question: str) -> float:
    member = fake.add_member(f"asker{index}")
    sent = await fake.slash(member, "ask", question=question[:500] or "?")
    call = await sent.response(wait=20)
    return (call.at - sent.created_at) * 1000


async def main(segments: int) -> None:
    logging.basicConfig(level=logging.WARNING)
    for name in ("bot", "cogs", "discord"):
        logging.getLogger(name).setLevel(logging.WARNING)
    db = await build_store(segments)
    questions = [q["q"] for path in SETS for q in load_questions(path)]
    workdir = Path(tempfile.mkdtemp(prefix="podquote-ask-"))
    try:
        async with running_bot(workdir, db=db) as env:
            times = [await ask(env.fake, i, q) for i, q in enumerate(questions)]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"/ask, {len(times)} questions, {segments:,} distractor segments + seeds: INTERACTION_CREATE -> first reply")
    print(
        f"  p50 {statistics.median(times):.1f} ms   p95 {percentile(times, 0.95):.1f} ms"
        f"   p99 {percentile(times, 0.99):.1f} ms   max {max(times):.1f} ms"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS (bot + store + fake Discord): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1_000_000)
    args = parser.parse_args()
    asyncio.run(main(args.segments))

"""Questions at scale: `python -m benchmarks.bench_questions [--segments N] [--rounds R] [--no-meaning]`.

Asks every question of the evaluation sets (benchmarks/questions*.jsonl) of a store holding the seeds plus N
distractor segments (the same store `benchmarks.bench_search` builds and caches under bench-data/), after the
warm-up that builds the in-memory indexes as the bot does at start (and the meaning index, when the
store is embedded: `benchmarks.bench_meaning embed` or `stand-in`). Prints latency p50/p95/max overall
and per intent, the warm-up (index load) time, and the process's peak RSS. Accuracy at seed scale is
`benchmarks.eval_questions`; here the distractors change what the right answer is, so only speed is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.bench_search import build_store
from benchmarks.eval_questions import load_questions
from bot.meaning import shared_encoder, switch_off
from bot.meaning.embedder import embedding_id
from bot.meaning.index import index_of
from bot.questions import answer_question
from bot.store import Store
from bot.warm import warm_up

SETS = sorted(Path(__file__).parent.glob("questions*.jsonl"))


def describe(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    p50 = statistics.median(ordered)
    return f"{name:<14} n={len(ordered):4d}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {ordered[-1]:6.1f} ms"


async def main(segments: int, rounds: int, meaning: bool) -> None:
    db = await build_store(segments)
    questions = [q["q"] for path in SETS for q in load_questions(path)]
    store = await Store.open(db)
    if not meaning:
        switch_off(store)
    started = time.perf_counter()
    await warm_up(store)  # as the bot does before members ask
    warm = (time.perf_counter() - started) * 1000
    print(f"store: {(await store.counts())['segments']:,} segments; {len(questions)} questions x {rounds} rounds")
    print(f"warm-up (catalog, vocabulary, episode finder): {warm:.0f} ms")
    model = embedding_id(shared_encoder()) if meaning else "(meaning search off)"
    embedded, total = await store.embedding_progress(model)
    started = time.perf_counter()
    passages = len(await index_of(store, model))  # as the bot's embedding worker does before members ask
    print(
        f"meaning: {embedded:,} of {total:,} segments embedded, index of {passages:,} passages read in"
        f" {time.perf_counter() - started:.1f} s"
    )
    by_intent: dict[str, list[float]] = defaultdict(list)
    everything: list[float] = []
    for _ in range(rounds):
        for question in questions:
            answer = await answer_question(store, question)
            by_intent[answer.intent].append(answer.took_ms)
            everything.append(answer.took_ms)
    print(describe("all", everything))
    for intent, times in sorted(by_intent.items()):
        print(describe(intent, times))
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    await store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-meaning", action="store_true", help="words alone, as with PODQUOTE_MEANING=0")
    args = parser.parse_args()
    asyncio.run(main(args.segments, args.rounds, meaning=not args.no_meaning))

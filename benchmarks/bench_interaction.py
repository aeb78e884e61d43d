"""How fast members get an answer: INTERACTION_CREATE to the bot's first callback POST for `/quote`.

Runs the real bot against the fake Discord on loopback with the seed corpus and sends `/quote` interactions
built from real segments in every style members type them (exact, typos, missing words, fragments...), each
from a different member so the per-member cooldown never applies. Prints p50/p95/p99/max; the target is
p95 <= 100 ms. The fake and the bot share one event loop, as the bot and its HTTP client do in production.

    .venv/bin/python benchmarks/bench_interaction.py [--interactions 200] [--concurrency 1]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

from benchmarks.queries import build_queries  # noqa: E402
from bot.ingest import ingest_folder  # noqa: E402
from bot.store import Store  # noqa: E402
from tests.e2e.harness import running_bot  # noqa: E402
from tests.fake_discord import Call, FakeDiscord  # noqa: E402

TARGET_P95_MS = 100.0
WARM_UP = 20


async def build_seed_store(workdir: Path) -> tuple[Path, list[str]]:
    """A store of the seeds, and half-remembered quotes made from its segments."""
    db = workdir / "seed.db"
    store = await Store.open(db)
    try:
        started = time.perf_counter()
        report = await ingest_folder(store, ROOT / "seeds")
        print(f"seed corpus: {report.segments_added:,} segments ingested in {time.perf_counter() - started:.1f} s")
        rows = await store.segments_by_id(range(1, await store.segment_count() + 1))
    finally:
        await store.close()
    queries = build_queries([(row.id, row.text) for row in rows], per_style=200)
    return db, [q.text for q in queries]


async def one_quote(fake: FakeDiscord, index: int, text: str) -> tuple[float, Call]:
    member = fake.add_member(f"bench{index}")
    sent = await fake.slash(member, "quote", text=text[:300])
    call = await sent.response(wait=10)
    return (call.at - sent.created_at) * 1000, call


async def measure(fake: FakeDiscord, queries: list[str], count: int, concurrency: int) -> list[tuple[float, Call]]:
    results: list[tuple[float, Call]] = []
    for start in range(0, count, concurrency):
        batch = range(start, min(start + concurrency, count))
        results += await asyncio.gather(*(one_quote(fake, i, queries[i % len(queries)]) for i in batch))
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def search_ms(call: Call) -> float | None:
    """The search time the bot printed in the embed footer ("found in 12 ms")."""
    for embed in call.body.get("embeds") or []:
        match = re.search(r"found in (\d+) ms", embed.get("footer", {}).get("text", ""))
        if match:
            return float(match.group(1))
    return None


def report(results: list[tuple[float, Call]], concurrency: int) -> bool:
    latencies = [ms for ms, _ in results]
    kinds: dict[str, int] = {}
    for _, call in results:
        body = call.body
        kind = "hit" if body.get("embeds") else "did-you-mean" if body.get("components") else "no match"
        kinds[kind] = kinds.get(kind, 0) + 1
    failed = [call for _, call in results if call.status != 200]
    p95 = percentile(latencies, 0.95)
    print(f"/quote, {len(results)} interactions, concurrency {concurrency}: INTERACTION_CREATE -> first callback POST")
    print(
        f"  p50 {statistics.median(latencies):.1f} ms   p95 {p95:.1f} ms   p99 {percentile(latencies, 0.99):.1f} ms"
        f"   max {max(latencies):.1f} ms   mean {statistics.fmean(latencies):.1f} ms"
    )
    searches = [search_ms(call) for _, call in results]
    timed = [ms for ms in searches if ms is not None]
    if timed:
        p50, p95_search = statistics.median(timed), percentile(timed, 0.95)
        print(f"  of which search (embed footer): p50 {p50:.0f} ms, p95 {p95_search:.0f} ms")
    print(f"  answers: {kinds}; refused by Discord: {len(failed)}")
    ok = p95 <= TARGET_P95_MS and not failed
    print(f"  target p95 <= {TARGET_P95_MS:.0f} ms: {'met' if ok else 'MISSED'}")
    return ok


async def main(count: int, concurrency: int) -> int:
    logging.basicConfig(level=logging.WARNING)
    for name in ("bot", "cogs", "discord"):
        logging.getLogger(name).setLevel(logging.WARNING)
    workdir = Path(tempfile.mkdtemp(prefix="podquote-bench-"))
    try:
        db, queries = await build_seed_store(workdir)
        async with running_bot(workdir / "bot", db=db) as env:
            await measure(env.fake, queries[-WARM_UP:], WARM_UP, 1)
            results = await measure(env.fake, queries, count, concurrency)
        return 0 if report(results, concurrency) else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=1, help="interactions in flight at once")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.interactions, args.concurrency)))

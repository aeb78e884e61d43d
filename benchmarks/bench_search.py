"""Quote search at scale: `python -m benchmarks.bench_search [--segments N] [--per-style K]`.

Builds (once, cached under bench-data/) a store of the seeds plus N distractor segments of Podcasting 2.0 JSON
from `benchmarks.make_corpus`, then runs every query style against podquote's engine and against the naive
approach (FTS5 with the query's words OR-ed, ordered by bm25), printing accuracy, latency and peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import statistics
import time
from pathlib import Path

from benchmarks.eval_quotes import evaluate, print_table
from benchmarks.make_corpus import write_corpus
from benchmarks.queries import Query, build_queries
from bot.ingest import ingest_folder
from bot.search import search_quotes
from bot.store import Store
from bot.text import tokens

DATA = Path("bench-data")


async def build_store(segments: int) -> Path:
    db = DATA / f"search-{segments}.db"
    if db.exists():
        return db
    corpus = DATA / f"corpus-{segments}"
    if not corpus.exists():
        print(f"writing {segments:,} distractor segments to {corpus} ...")
        write_corpus(corpus, segments)
    folder = DATA / f"folder-{segments}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    # Seeds are named to sort among the distractors, so their segment ids are neither first nor last.
    middle = f"distractor_{segments // 2000:05d}"
    # Hard links (the seeds folder refuses symbolic links out of it), copies across file systems.
    for path in Path("seeds").iterdir():
        place(path, folder / f"{middle}_seed_{path.name}")
    for path in corpus.iterdir():
        place(path, folder / path.name)
    store = await Store.open(db)
    started = time.perf_counter()
    report = await ingest_folder(store, folder)
    print(f"ingested {report.segments_added:,} segments in {time.perf_counter() - started:.1f} s")
    await store.close()
    return db


def place(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


async def latencies(store: Store, queries: list[Query], naive: bool) -> list[float]:
    times: list[float] = []
    for query in queries:
        started = time.perf_counter()
        if naive:
            await naive_search(store, query.text)
        else:
            await search_quotes(store, query.text, limit=3)
        times.append((time.perf_counter() - started) * 1000)
    return times


async def naive_search(store: Store, text: str) -> list[int]:
    words = list(dict.fromkeys(tokens(text)))
    if not words:
        return []
    return await store.naive_bm25_search(" OR ".join(f'"{w}"' for w in words), 3)


async def naive_accuracy(store: Store, queries: list[Query]) -> tuple[float, float]:
    top1 = top3 = 0
    for query in queries:
        ids = await naive_search(store, query.text)
        top1 += ids[:1] == [query.segment_id]
        top3 += query.segment_id in ids[:3]
    return top1 / len(queries), top3 / len(queries)


def describe(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"{name}: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


async def main(segments: int, per_style: int, naive_sample: int) -> None:
    db = await build_store(segments)
    store = await Store.open(db)
    try:
        await run(store, per_style, naive_sample)
    finally:
        await store.close()


async def run(store: Store, per_style: int, naive_sample: int) -> None:
    seed_rows = await all_segments_of_seeds(store)
    queries = build_queries(seed_rows, per_style=per_style)
    await latencies(store, queries[:50], naive=False)  # warm the page cache
    print(f"store: {(await store.counts())['segments']:,} segments; {len(queries)} queries")
    print(describe("podquote", await latencies(store, queries, naive=False)))
    print_table(await evaluate(store, queries))
    if naive_sample > 0:
        sample = queries[:: max(1, len(queries) // naive_sample)]
        print(describe(f"naive FTS5 OR + bm25 ({len(sample)} queries)", await latencies(store, sample, naive=True)))
        n1, n3 = await naive_accuracy(store, sample)
        print(f"  naive top1={n1:.1%} top3={n3:.1%}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


async def all_segments_of_seeds(store: Store) -> list[tuple[int, str]]:
    rows = await store._fetchall(
        "SELECT s.id, s.text FROM episodes e"
        " JOIN segments s ON s.id BETWEEN e.first_segment AND e.first_segment + e.segment_count - 1"
        " WHERE e.file LIKE '%_seed_%'"
    )
    return [(row[0], row[1]) for row in rows]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--per-style", type=int, default=60)
    parser.add_argument("--naive-sample", type=int, default=60)
    args = parser.parse_args()
    asyncio.run(main(args.segments, args.per_style, args.naive_sample))

"""Accuracy of quote search on the seed corpus, per query style.

`python -m benchmarks.eval_quotes [PER_STYLE] [-v] [--meaning]`
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections import defaultdict
from pathlib import Path

from benchmarks.queries import STYLES, Query, build_queries
from bot.ingest import ingest_folder
from bot.meaning import embed_pending, shared_encoder
from bot.search import search_quotes
from bot.store import Store


async def seed_store(folder: Path, db: Path) -> Store:
    store = await Store.open(db)
    await ingest_folder(store, folder)
    return store


async def all_segments(store: Store) -> list[tuple[int, str]]:
    rows = await store._fetchall("SELECT id, text FROM segments")
    return [(row[0], row[1]) for row in rows]


async def evaluate(store: Store, queries: list[Query], *, show_misses: bool = False) -> dict[str, tuple[int, int, int]]:
    results: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for query in queries:
        answer = await search_quotes(store, query.text, limit=3)
        # A hit is right when its passage holds the segment (search may join it with its neighbour).
        ids = [query.segment_id if query.segment_id in hit.segment_ids else hit.segment_id for hit in answer.hits]
        stats = results[query.style]
        stats[0] += 1
        stats[1] += bool(ids[:1] == [query.segment_id])
        stats[2] += query.segment_id in ids[:3]
        if show_misses and query.segment_id not in ids[:1]:
            got = answer.hits[0].text[:70] if answer.hits else f"(none; dym={len(answer.did_you_mean)})"
            print(f"MISS [{query.style}] {query.text!r} -> {got!r}")
    return {style: tuple(v) for style, v in results.items()}  # type: ignore[misc]


def print_table(results: dict[str, tuple[int, int, int]]) -> None:
    total = [0, 0, 0]
    for style in STYLES:
        n, top1, top3 = results.get(style, (0, 0, 0))
        total = [total[0] + n, total[1] + top1, total[2] + top3]
        if n:
            print(f"  {style:9s} n={n:4d}  top1={top1 / n:6.1%}  top3={top3 / n:6.1%}")
    n, top1, top3 = total
    print(f"  {'all':9s} n={n:4d}  top1={top1 / n:6.1%}  top3={top3 / n:6.1%}")


async def main(per_style: int, show_misses: bool, meaning: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with await seed_store(Path("seeds"), Path(tmp) / "seeds.db") as store:
            if meaning:  # the words first, meaning when they find nothing with confidence, as the bot searches
                report = await embed_pending(store, shared_encoder())
                print(f"embedded {report.texts_embedded:,} passages in {report.seconds:.0f} s")
            queries = build_queries(await all_segments(store), per_style=per_style)
            results = await evaluate(store, queries, show_misses=show_misses)
        print(f"seed corpus (meaning search {'on' if meaning else 'off'}):")
        print_table(results)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("per_style", nargs="?", type=int, default=100, help="queries per style")
    parser.add_argument("-v", action="store_true", help="print the misses")
    parser.add_argument("--meaning", action="store_true", help="embed the seeds first (a few minutes)")
    args = parser.parse_args()
    asyncio.run(main(args.per_style, args.v, args.meaning))

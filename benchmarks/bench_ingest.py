"""Ingest throughput: `python -m benchmarks.bench_ingest CORPUS_DIR [DB]`.

Ingests a folder (e.g. the 1,000,000-segment Podcasting 2.0 corpus from `benchmarks.make_corpus`) into a fresh
store and prints segments per second and the process's peak memory.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

from bot.ingest import ingest_folder
from bot.store import Store


async def run(corpus: Path, db: Path) -> None:
    store = await Store.open(db)
    started = time.perf_counter()
    report = await ingest_folder(store, corpus)
    seconds = time.perf_counter() - started
    counts = await store.counts()
    await store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"files: {report.files_seen}, episodes: {counts['episodes']}, segments: {counts['segments']}")
    print(f"ingest: {seconds:.1f} s, {report.segments_added / seconds:,.0f} segments/s (target >= 50,000)")
    print(f"peak RSS: {peak_mb:,.0f} MB (largest parser worker: {worker_mb:,.0f} MB);")
    print(f"store: {db.stat().st_size / 2**20:,.0f} MB")


def main() -> None:
    corpus = Path(sys.argv[1])
    if len(sys.argv) > 2:
        asyncio.run(run(corpus, Path(sys.argv[2])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(corpus, Path(tmp) / "bench.db"))


if __name__ == "__main__":
    main()

"""Meaning search at scale: embedding throughput, and search with meaning on at 1,000,000 segments.

Usage:
  python -m benchmarks.bench_meaning embed [--segments N] [--limit EPISODES]   # embed the bench store (resumable)
  python -m benchmarks.bench_meaning stand-in [--segments N] [--seeds-only]    # the rest get stand-in vectors
  python -m benchmarks.bench_meaning throughput [--texts N]                    # passages/s on this machine
  python -m benchmarks.bench_meaning search [--segments N] [--per-style N]     # quotes and paraphrases at scale

`embed` builds (once) the store `benchmarks.bench_search` uses, the seeds among N distractor segments written by
an order-2 word model of the seed transcripts, and embeds every episode of it, printing progress; run it again to
continue where it stopped. Embedding 1M segments takes hours on 2 cores: `throughput` measures the rate on a
sample instead, and the time for N follows from it. `stand-in` is the shortcut for measuring search at scale
without those hours: it embeds the seeds for real, then gives every distractor segment not embedded yet the
vectors of an embedded distractor segment drawn at random (search costs depend on how many vectors there are,
not on what they say; run `embed --limit` first so there is a real pool to draw from). `search` measures /quote
(the words first, meaning when they find nothing with confidence) on the half-remembered quote styles and on the
paraphrase set, with latency percentiles and the process's peak RSS. A benchmark: the exit code is always 0.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store import Store

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def embed(segments: int, limit: int | None) -> None:
    from benchmarks.bench_search import build_store
    from bot.meaning import EmbedReport, embed_pending, shared_encoder
    from bot.meaning.embedder import embedding_id
    from bot.store import Store

    db = await build_store(segments)
    encoder = shared_encoder()
    async with await Store.open(db) as store:
        done, total = await store.embedding_progress(embedding_id(encoder))
        print(f"{db}: {done:,} of {total:,} segments embedded", flush=True)
        last = time.perf_counter()

        async def progress(report: EmbedReport) -> None:
            nonlocal last
            if time.perf_counter() - last >= 60:
                last = time.perf_counter()
                print(
                    f"  {report.episodes} episodes, {report.texts_embedded:,} texts in {report.seconds:,.0f} s"
                    f" ({report.per_second:.0f}/s); peak RSS {peak_rss_mb():.0f} MB",
                    flush=True,
                )

        report = await embed_pending(store, encoder, progress=progress, limit=limit)
    print(
        f"embedded {report.texts_embedded:,} texts of {report.segments:,} segments in {report.seconds:,.0f} s"
        f" ({report.per_second:.1f}/s); {report.embedded_segments:,} of {report.total_segments:,} embedded;"
        f" peak RSS {peak_rss_mb():.0f} MB"
    )


async def stand_in(segments: int, fill: bool) -> None:
    from benchmarks.bench_search import build_store
    from bot.meaning import shared_encoder
    from bot.meaning.codes import text_key
    from bot.meaning.embedder import MIN_WORDS, embedding_id, episode_vectors
    from bot.store import Store

    db = await build_store(segments)
    encoder = shared_encoder()
    marker = embedding_id(encoder)
    async with await Store.open(db) as store:
        seeds = {row.rowid for row in await store.episodes() if "_seed_" in row.ref.source.file}
        pending = await store.episodes_to_embed(marker)
        embedded = await store.embedded_episodes(marker)
        pool = [
            text_key(encoder.info.id, text)
            for rowid, first, count in await _spans(store, embedded - seeds)
            for _id, text in await store.texts_between(first, first + count - 1)
            if len(text.split()) >= MIN_WORDS
        ]
        if not pool:
            sys.exit("embed some distractor episodes first: python -m benchmarks.bench_meaning embed --limit 50")
        started = time.perf_counter()
        draw = random.Random(15)
        stood_in = 0
        for rowid, first, count in pending:
            real = rowid in seeds
            if not real and not fill:
                continue
            batch, _ran = await episode_vectors(store, encoder, rowid, (first, first + count - 1) if real else None)
            if not real and count:
                said = await store.texts_between(first, first + count - 1)
                keys = [(i, draw.choice(pool)) for i, text in said if len(text.split()) >= MIN_WORDS]
                batch = dataclasses.replace(batch, segment_keys=keys)
                stood_in += len(keys)
            await store.write(lambda writer, batch=batch: writer.write_vectors(batch))
        done, total = await store.embedding_progress(marker)
    print(
        f"{len(pending):,} episodes in {time.perf_counter() - started:,.0f} s: seeds embedded, {stood_in:,} segments"
        f" given one of {len(pool):,} embedded distractor vectors; {done:,} of {total:,} segments have vectors"
    )


async def _spans(store: Store, episodes: set[int]) -> list[tuple[int, int, int]]:
    """(rowid, first segment id, segment count) of these episodes."""
    return [(rowid, first, count) for first, count, rowid in await store.segment_ranges() if rowid in episodes]


def throughput(texts: int) -> None:
    from benchmarks.make_corpus import seed_sentences
    from bot.meaning import shared_encoder

    sample = [" ".join(words) for words in seed_sentences(ROOT / "seeds") if len(words) >= 4][:texts]
    encoder = shared_encoder()
    encoder.encode(sample[:32])
    started = time.perf_counter()
    encoder.encode(sample)
    seconds = time.perf_counter() - started
    words = statistics.mean(len(text.split()) for text in sample)
    rate = len(sample) / seconds
    print(f"{len(sample)} seed passages ({words:.0f} words on average) in {seconds:.1f} s: {rate:.1f} passages/s")
    hours = 1_000_000 / rate / 3600
    print(f"at that rate 1,000,000 segments take {hours:.1f} h, 10,000,000 {hours * 10:.0f} h")
    queries = ["the bit where he says being on call wrecked his sleep"] * 50
    started = time.perf_counter()
    for query in queries:
        encoder.encode([query])
    print(f"one question embedded in {(time.perf_counter() - started) / len(queries) * 1000:.1f} ms")


async def search(segments: int, per_style: int) -> None:
    from benchmarks.bench_search import all_segments_of_seeds, build_store, describe, evaluate, latencies, print_table
    from benchmarks.eval_meaning import PARAPHRASES, is_right, load
    from benchmarks.queries import build_queries
    from bot.meaning import shared_encoder
    from bot.meaning.embedder import embedding_id
    from bot.meaning.index import index_of
    from bot.search import search_quotes
    from bot.store import Store

    db = await build_store(segments)
    async with await Store.open(db) as store:
        model = embedding_id(shared_encoder())
        done, total = await store.embedding_progress(model)
        print(f"store: {total:,} segments, {done:,} embedded")
        started = time.perf_counter()
        index = await index_of(store, model)  # what the bot's embedding worker does before members search
        print(f"index of {len(index):,} passages read in {time.perf_counter() - started:.1f} s")
        queries = build_queries(await all_segments_of_seeds(store), per_style=per_style)
        await latencies(store, queries[:50], naive=False)
        print(describe("quotes, meaning on", await latencies(store, queries, naive=False)))
        print_table(await evaluate(store, queries))
        items = load(PARAPHRASES)
        times: list[float] = []
        found = {1: 0, 3: 0, 10: 0}
        for item in items:
            started = time.perf_counter()
            answer = await search_quotes(store, item["q"], limit=10)
            times.append((time.perf_counter() - started) * 1000)
            rank = next((i for i, hit in enumerate(answer.hits) if is_right(hit, item)), None)
            for k in found:
                found[k] += rank is not None and rank < k
        print(describe(f"paraphrases ({len(items)})", times))
        print("  " + " ".join(f"recall@{k} {v / len(items):.2f}" for k, v in found.items()))
    print(f"peak RSS: {peak_rss_mb():,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    embed_cmd = commands.add_parser("embed")
    embed_cmd.add_argument("--segments", type=int, default=1_000_000)
    embed_cmd.add_argument("--limit", type=int, default=None, help="embed at most this many episodes")
    stand_in_cmd = commands.add_parser("stand-in")
    stand_in_cmd.add_argument("--segments", type=int, default=1_000_000)
    stand_in_cmd.add_argument("--seeds-only", action="store_true", help="embed the seeds, give no stand-ins yet")
    rate_cmd = commands.add_parser("throughput")
    rate_cmd.add_argument("--texts", type=int, default=2000)
    search_cmd = commands.add_parser("search")
    search_cmd.add_argument("--segments", type=int, default=1_000_000)
    search_cmd.add_argument("--per-style", type=int, default=60)
    args = parser.parse_args()
    if args.command == "embed":
        asyncio.run(embed(args.segments, args.limit))
    elif args.command == "stand-in":
        asyncio.run(stand_in(args.segments, fill=not args.seeds_only))
    elif args.command == "throughput":
        throughput(args.texts)
    else:
        asyncio.run(search(args.segments, args.per_style))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()

"""Does `/quote` find a passage a member describes in other words? Recall on the paraphrase set, by meaning.

Usage: python -m benchmarks.eval_meaning [--db PATH] [--seeds seeds] [--paraphrases FILE] [--limit 10] [--verbose]

`benchmarks/paraphrases.jsonl` was written by someone who saw only the seeds (never the code): each line is a
member's description of a passage, {"q", "episode", "speaker", "anchor", "shares_words"}, the anchor being words
copied verbatim from the passage. A hit is right when it is in that episode and holds a run of four of the
anchor's words. Without --db, the seeds are ingested and embedded into a temporary store first (~90 s on 2 cores).

Prints recall@1/@3/@10 of `search_quotes` (what `/quote` answers: the words first, meaning when the words find
nothing with confidence), how many right hits came by meaning, the similarity of right and wrong first hits,
and latency. Also asks `--offtopic` questions (default: the question sets' off-topic lines) to count how often
meaning offers a passage for chat that is about nothing in the library. A benchmark: the exit code is always 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PARAPHRASES = Path(__file__).with_name("paraphrases.jsonl")
QUESTION_SETS = ("questions.jsonl", "questions_holdout.jsonl", "questions_fresh.jsonl", "questions_members1.jsonl")
KS = (1, 3, 10)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold().replace("’", "").replace("'", ""))


def runs_of_four(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + 4]) for i in range(len(found) - 3)}


def is_right(hit: Any, item: dict[str, Any]) -> bool:
    return hit.episode.id == item["episode"] and bool(runs_of_four(hit.text) & runs_of_four(item["anchor"]))


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def offtopic_questions() -> list[str]:
    questions = []
    for name in QUESTION_SETS:
        path = Path(__file__).with_name(name)
        if path.exists():
            questions += [q["q"] for q in load(path) if q["kind"] == "offtopic" and q["q"].strip()]
    return list(dict.fromkeys(questions))


async def evaluate(store: Any, items: list[dict[str, Any]], limit: int, verbose: bool) -> None:
    from bot.search import search_quotes

    await search_quotes(store, "warm up the model and the index")
    found = dict.fromkeys(KS, 0)
    by_meaning = 0
    right_scores: list[float] = []
    wrong_scores: list[float] = []
    millis: list[float] = []
    for item in items:
        started = time.perf_counter()
        answer = await search_quotes(store, item["q"], limit=limit)
        millis.append((time.perf_counter() - started) * 1000)
        rank = next((i for i, hit in enumerate(answer.hits) if is_right(hit, item)), None)
        for k in KS:
            found[k] += rank is not None and rank < k
        if rank is not None and answer.hits[rank].by_meaning:
            by_meaning += 1
        if answer.hits and answer.hits[0].by_meaning:
            (right_scores if rank == 0 else wrong_scores).append(answer.hits[0].score)
        if verbose and (rank is None or rank >= 3):
            first = answer.hits[0] if answer.hits else None
            print(f"MISS {item['q']!r}\n     want {item['anchor'][:70]!r}")
            print(f"     got {first.text[:70] if first else None!r} ({first.score if first else 0:.0f})")
    total = len(items)
    print(" ".join(f"recall@{k} {found[k] / total:.2f} ({found[k]}/{total})" for k in KS))
    print(f"right hits found by meaning: {by_meaning}")
    for label, scores in (("right", right_scores), ("wrong", wrong_scores)):
        if scores:
            print(f"first hit by meaning, {label}: n={len(scores)} median similarity {statistics.median(scores):.0f}")
    millis.sort()
    p95 = millis[min(len(millis) - 1, round(0.95 * (len(millis) - 1)))]
    print(f"latency ms: p50 {statistics.median(millis):.1f}  p95 {p95:.1f}  max {millis[-1]:.1f}")


async def offtopic(store: Any, questions: list[str]) -> None:
    from bot.search import search_quotes

    offered = [q for q in questions if any(h.by_meaning for h in (await search_quotes(store, q, limit=3)).hits)]
    print(f"off-topic chat answered with a passage by meaning: {len(offered)}/{len(questions)}")
    for question in offered:
        print(f"  {question!r}")


async def run(store: Any, args: argparse.Namespace) -> None:
    items = load(args.paraphrases)
    print(f"paraphrases: {len(items)} from {args.paraphrases.name}")
    await evaluate(store, items, args.limit, args.verbose)
    await offtopic(store, offtopic_questions())


async def main(args: argparse.Namespace) -> int:
    from bot.store import Store

    if args.db:
        async with await Store.open(args.db) as store:
            await run(store, args)
        return 0
    from bot.ingest import ingest_folder
    from bot.meaning import embed_pending, shared_encoder

    with tempfile.TemporaryDirectory() as tmp:
        async with await Store.open(Path(tmp) / "eval.db") as store:
            await ingest_folder(store, args.seeds)
            report = await embed_pending(store, shared_encoder())
            print(f"embedded {report.texts_embedded} texts in {report.seconds:.0f} s ({report.per_second:.0f}/s)")
            await run(store, args)
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing, embedded podquote database")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--paraphrases", type=Path, default=PARAPHRASES)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(asyncio.run(main(parse_args())))

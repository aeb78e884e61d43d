"""How often does a member's request pick the right seed episode, and how fast is the answer?

Usage: python benchmarks/eval_summary_requests.py [--seeds seeds] [--db PATH] [--verbose]

Ingests the seed folder into a temporary database (or uses --db), then asks `answer_summary_request` each
request below and compares the episode it picked (or its decision: ambiguous / none) with the expected one,
identified by source file and line. Prints accuracy and latency (p50 / p95 / max).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.results import SummaryAnswer
from bot.store import Store
from bot.summaries import answer_summary_request

P0 = "000_361322009773b1d4.txt"
P1 = "001_a932c1861f712ff7.txt"
P2 = "002_9d24202daeb5a57a.txt"
P3 = "003_70abd20a65a5d59f.txt"
AMBIGUOUS = "ambiguous"
NONE = "none"

Expected = tuple[str, int] | str

REQUESTS: list[tuple[str, Expected]] = [
    ("summarize the pg_ash episode", (P2, 49)),
    ("tl;dr of the Bob Wise one?", (P1, 27)),
    ("what was the Cloud Pod episode about, the one on Llama 3?", (P1, 38)),
    ("recap the Prisma Next episode", (P2, 46)),
    ("sumarize the pgash epsiode", (P2, 49)),
    ("summary of the Josh Wills episode pls", (P3, 1)),
    ("what did they say in the Data Renegades one with Michael Stonebraker", (P2, 26)),
    ("tldr the episode where Meta bought Moltbook", (P0, 1)),
    ("recap: inference is the new 401k matching", (P0, 1)),
    ("@podquote summarize the autovacuum episode", (P2, 9)),
    ("what was the PgQue episode about", (P2, 17)),
    ("summary of the Talking Postgres episode with Gwen Shapira", (P2, 33)),
    ("tl;dr Talking Postgres episode 39", (P2, 18)),
    ("recap the Tomas Vondra one", (P2, 50)),
    ("summarize the episode with Bruce Momjian", (P2, 36)),
    ("what was the PostGIS episode about", (P2, 42)),
    ("summarize the one with Kyle Daigle about github", (P2, 8)),
    ("recap the marc andreessen episode", (P2, 35)),
    ("summarize the turbopuffer episode", (P2, 43)),
    ("tldr of the Notion custom agents episode", (P2, 32)),
    ("what was the Replicate episode about, with Ben Firshman?", (P1, 46)),
    ("summarize the Modal one with Erik Bernhardson", (P1, 48)),
    ("the Elicit one about hiring AI engineers", (P1, 34)),
    ("summarize the Bike Shed episode about query plans", (P1, 43)),
    ("recap the giant robots episode with Marc Gauthier", (P1, 29)),
    ("summarize the Adam Gross PLG episode", (P1, 40)),
    ("what was SaaStr 732 about", (P1, 45)),
    ("summarize the Jason Warner poolside episode", (P1, 31)),
    ("recap the episode with Wes Beary on Convergence", (P1, 26)),
    ("summarize Paul Orlando's Why Now book episode", (P1, 35)),
    ("tl;dr the Rails World one with Jason Charns", (P1, 25)),
    ("summarize the JudoScale episode", (P1, 18)),
    ("what was the incident.io episode about", (P1, 6)),
    ("summarize the airhacks episode with Bruno Borges", (P2, 6)),
    ("recap the Data API Builder episode with Jerry Nixon", (P2, 5)),
    ("summarize the SpaceTimeDB episode", (P2, 16)),
    ("the cognition one with walden yan", (P2, 10)),
    ("recap the Railway episode with Jake Cooper", (P2, 12)),
    ("summarise the Elixir Wizards reporting episode", (P1, 42)),
    ("summarize the episode on long-running transactions", (P2, 38)),
    ("tl;dr the query plan flips episode (the clerk outage)", (P2, 45)),
    ("summarize the pg_wait_tracer episode", (P2, 27)),
    ("what's the episode with Cody Schneider about GTM engineering", (P2, 47)),
    ("summary of the Ecomm Breakthrough episode with Ellis Whitehead", (P2, 34)),
    ("recap the Dev Interrupted episode about AI outages", (P0, 1)),
    ("summarize the Latent Space episode", AMBIGUOUS),
    ("summarize the Data Renegades episode", AMBIGUOUS),
    ("tldr the Talking Postgres one", AMBIGUOUS),
    ("summarize the heroku episode", AMBIGUOUS),
    ("summarize the episode about knitting", NONE),
    ("recap the episode about sourdough baking", NONE),
    ("summarize the podcast", NONE),
]


# Written after the set above and run once before any further tuning (one threshold moved afterwards, see
# AMBIGUITY_RATIO in bot/finder.py): terser, keyword-style requests, as members type them in a hurry.
MORE_REQUESTS: list[tuple[str, Expected]] = [
    ("can you summarize the postgres fm episode on schema design", (P2, 31)),
    ("tldr postgres.fm query level comments", (P2, 51)),
    ("recap the one where Nik and Michael talk about pg_flight_recorder with David Ventimiglia", (P2, 14)),
    ("what was the episode with Regina Obe and Paul Ramsey", (P2, 42)),
    ("summary: Dmitry Fomin wait tracer", (P2, 27)),
    ("sum up the Skype PgQ descendant episode", (P2, 17)),
    ("summarize the airhacks jaz launcher episode", (P2, 6)),
    ("tl;dr the Talking Postgres ep with Adam Prout", (P2, 18)),
    ("Talking Postgres episode 37 summary", (P2, 39)),
    ("summarize the POSETTE 2026 episode", (P2, 3)),
    ("recap the Ravit show with Charles Feddersen about POSETTE", (P2, 3)),
    ("tldr of the polish episode with Piotr Karwatka", (P2, 4)),
    ("summarize the .NET Rocks data api builder show", (P2, 5)),
    ("what was the SaaStr Agents #005 episode about", (P2, 13)),
    ("summarize the industrial AI PLC data episode", (P2, 15)),
    ("summarize the crazy wisdom episode with tyler cloutier", (P2, 16)),
    ("recap the Amazon dashboard voice cloning Claude sessions one", (P2, 20)),
    ("summarize the episode with Almog Gavra about database replication costs", (P2, 21)),
    ("bsd now episode about porting macos to the wii", (P2, 22)),
    ("summarize the bitwarden checkmarx supply chain episode", (P2, 23)),
    ("tldr Data Renegades ep 11", (P2, 26)),
    ("what's the moat episode from freestyle friday", (P2, 28)),
    ("summarize the unsupervised learning crossover", (P2, 29)),
    ("recap the Sentry AI agent pull request one", (P2, 30)),
    ("summarize the Nile Gwen Shapira ep", (P2, 33)),
    ("sumary of the ocr rag mongodb episode", (P2, 37)),
    ("tl;dr Denis Magda Just Use Postgres", (P2, 44)),
    ("summarize the PHP podcast episode", (P2, 48)),
    ("what did Armin Ronacher say about agent psychosis", (P2, 52)),
    ("summarize the Vish Abrams vibe coding at heroku episode", (P1, 3)),
    ("recap the heroku Fir replatforming episode with Betty Junod", (P1, 4)),
    ("summarize the fly.io side project episode with fountain pen companion", (P1, 8)),
    ("the adam wiggins browser company episode", (P1, 9)),
    ("elixir news ex_doc phoenix analytics episode", (P1, 10)),
    ("summarize screaming in the cloud with Adam Zimman", (P1, 15)),
    ("Gail Frederick twelve-factor kubecon", (P1, 16)),
    ("devx compilation episode", (P1, 17)),
    ("DevOps Diaries 2024 highlights", (P1, 19)),
    ("software defined talk netflix boxing chrome sale", (P1, 20)),
    ("spring boot 3.4 buildpacks with Terence Lee", (P1, 21)),
    ("Wesley Beary Laura and Kevin", (P1, 22)),
    ("next.js frameworks and infrastructure Sam and Ryan", (P1, 23)),
    ("Julián Duque community heroku", (P1, 28)),
    ("Danielle Larregui data cloud summer 24", (P1, 30)),
    ("Dave Norris salesforce acquisitions", (P1, 33)),
    ("the Cory Zue django saas episode", (P1, 41)),
    ("Francis Lacoste VPs of engineering coach", AMBIGUOUS),
    ("Jae Taylor job offers without applying", (P1, 50)),
    ("python bytes dokku episode", (P1, 51)),
    ("bike shed retiring a link shortener", (P1, 52)),
    ("Bike Shed Blue Eye Samurai donabe", (P1, 53)),
    ("summarize the Peter PLG data stack at heroku episode", (P1, 47)),
    ("Llama 3 cloudpod", (P1, 38)),
    ("ep 257", (P1, 38)),
    ("Giant Robots", AMBIGUOUS),
    ("the bike shed episode", AMBIGUOUS),
    ("summarize the episode about quantum gravity", NONE),
    ("recap the one about the knitting machine", NONE),
]


def outcome(answer: SummaryAnswer) -> Expected:
    """What the answer decided, in the same terms as the expectations."""
    if answer.episode is not None:
        return (answer.episode.source.file, answer.episode.source.line)
    return AMBIGUOUS if answer.candidates else NONE


async def evaluate(store: Store, verbose: bool) -> int:
    await answer_summary_request(store, "warm up the index")
    latencies: list[float] = []
    correct = 0
    for request, expected in REQUESTS + MORE_REQUESTS:
        start = time.perf_counter()
        answer = await answer_summary_request(store, request)
        latencies.append((time.perf_counter() - start) * 1000)
        got = outcome(answer)
        correct += got == expected
        if verbose or got != expected:
            mark = "ok  " if got == expected else "MISS"
            title = answer.episode.title if answer.episode else [c.title[:30] for c in answer.candidates[:4]]
            print(f"{mark} {request!r}: expected {expected}, got {got} {title}")
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)))]
    total = len(REQUESTS) + len(MORE_REQUESTS)
    print(f"accuracy: {correct}/{total} = {correct / total:.1%}")
    print(f"latency ms: p50 {statistics.median(latencies):.2f}  p95 {p95:.2f}  max {latencies[-1]:.2f}")
    return 0 if correct / total >= 0.9 else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[1] / "seeds")
    parser.add_argument("--db", type=Path, help="an existing podquote database instead of a fresh ingest")
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args()


async def main(args: argparse.Namespace) -> int:
    if args.db:
        async with await Store.open(args.db) as store:
            return await evaluate(store, args.verbose)
    from bot.ingest import ingest_folder

    with tempfile.TemporaryDirectory() as tmp:
        async with await Store.open(Path(tmp) / "eval.db") as store:
            start = time.perf_counter()
            await ingest_folder(store, args.seeds)
            print(f"ingest: {time.perf_counter() - start:.2f} s")
            return await evaluate(store, args.verbose)


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse_args())))

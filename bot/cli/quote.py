"""`python -m bot quote [--json] [--limit N] [--speaker NAME] [--episode EP] [--show SHOW] QUERY`: find
half-remembered lines."""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import Subparsers, add_common, each_input, open_store, print_json
from bot.config import Settings
from bot.results import QuoteAnswer
from bot.search import search_quotes


def register(subparsers: Subparsers) -> None:
    quote = subparsers.add_parser("quote", help="find a half-remembered line; QUERY '-' reads one query per line")
    quote.add_argument("query", metavar="QUERY")
    quote.add_argument("--limit", type=int, default=5, help="how many hits to return (default 5)")
    quote.add_argument("--speaker", help="only lines by this person (any name they go by)")
    quote.add_argument("--episode", help="only this episode (id, or words of its title or show)")
    quote.add_argument("--show", help="only this show's episodes (its name; typos tolerated)")
    add_common(quote)
    quote.set_defaults(handler=cmd_quote)


async def cmd_quote(args: argparse.Namespace, settings: Settings) -> int:
    limit = max(1, min(args.limit, 50))
    async with await open_store(args, settings) as store:
        for query in each_input(args.query, sys.stdin):
            answer = await search_quotes(
                store, query, limit=limit, speaker=args.speaker, episode=args.episode, show=args.show
            )
            if args.json:
                print_json(answer.as_dict())
            else:
                print(render_answer_text(answer), flush=True)
    return 0


def render_answer_text(answer: QuoteAnswer) -> str:
    lines = [f"query: {answer.query!r} ({answer.took_ms:.1f} ms)"]
    if answer.error:
        lines.append(f"  {answer.error}")
    if not answer.hits:
        lines.append("  no confident match.")
        if answer.did_you_mean:
            lines.append("  did you mean:")
    for number, hit in enumerate(answer.hits or answer.did_you_mean, start=1):
        who = hit.speaker or "unknown speaker"
        when = hit.timestamp or "no time"
        show = f"{hit.episode.show} — " if hit.episode.show else ""
        lines.append(f"  {number}. “{hit.text}”")
        how = "close in meaning, " if hit.by_meaning else ""
        lines.append(f"     — {who}, {when}, {show}{hit.episode.title} [{hit.episode.id}] ({how}score {hit.score:.0f})")
        if hit.link:
            lines.append(f"     ▶ {hit.link}")
    return "\n".join(lines)

"""`python -m bot summary [--json] REQUEST`: episode summaries from the command line.

REQUEST is what a member would write ("tl;dr of the Bob Wise one?"); `-` reads one request per line from
standard input and answers each in order. With `--json`, one line of JSON per request (see
`SummaryAnswer.as_dict`); without it, the text as it would be posted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.common import Subparsers, each_input, json_line, open_store
from bot.config import Settings
from bot.results import SummaryAnswer
from bot.summaries import answer_summary_request


def register(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Register the `summary` command on the CLI's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "summary",
        help="summarise the episode a request means; REQUEST '-' reads one request per line",
        description="Find the episode a request means and print its summary, as the bot would post it.",
    )
    parser.add_argument("request", metavar="REQUEST", help="e.g. 'summarize the pg_ash episode', or '-'")
    parser.add_argument("--json", action="store_true", help="one line of JSON per request")
    parser.add_argument("--db", type=Path, help="SQLite store (default: PODQUOTE_DB or data/podquote.db)")
    parser.set_defaults(handler=cmd_summary)
    return parser


async def cmd_summary(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """Answer each request in order; exit 0 (an unknown episode is an answer, not an error)."""
    async with await open_store(args, settings or Settings.load(), existing=True) as store:
        for request in each_input(args.request, sys.stdin):
            answer = await answer_summary_request(store, request)
            print(render_cli(answer, as_json=args.json), flush=True)
    return 0


def render_cli(answer: SummaryAnswer, *, as_json: bool) -> str:
    """One JSON line, or a readable block: the request, what was decided, and the text as posted."""
    if as_json:
        return json_line(answer.as_dict())
    if answer.episode is not None:
        source = answer.episode.source
        head = f"episode: {answer.episode.id} ({source.file}:{source.line})"
    elif answer.candidates:
        head = f"ambiguous: {len(answer.candidates)} candidates"
    else:
        head = "no matching episode"
    return f"request: {answer.request!r} ({answer.took_ms:.1f} ms) -> {head}\n{answer.text}\n"

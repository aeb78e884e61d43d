"""`python -m bot ask [--json] QUESTION`: ask about the episodes as a member would in the channel.

QUESTION `-` reads one question per line from standard input and answers each in order; with `--json`, one JSON
object per line (see `QuestionAnswer.as_dict`). Any input is answered, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import Subparsers, add_common, each_input, open_store, print_json
from bot.config import Settings
from bot.questions import QuestionAnswer, answer_question


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "ask", help="answer a question about the episodes; QUESTION '-' reads one question per line"
    )
    parser.add_argument("question", metavar="QUESTION", help="e.g. 'which episode talks about duckdb?', or '-'")
    add_common(parser)
    parser.set_defaults(handler=cmd_ask)


async def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    async with await open_store(args, settings, existing=True) as store:
        for question in each_input(args.question, sys.stdin):
            answer = await answer_question(store, question)
            if args.json:
                print_json(answer.as_dict())
            else:
                print(render_answer(answer), flush=True)
    return 0


def render_answer(answer: QuestionAnswer) -> str:
    head = f"question: {answer.question!r} ({answer.took_ms:.1f} ms) -> {answer.intent}"
    pages = "\n\n— next page —\n\n".join(answer.pages)
    return f"{head}\n{pages}\n"

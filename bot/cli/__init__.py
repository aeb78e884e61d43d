"""`python -m bot ...`: ingest, inspect, search and run podquote from the command line.

Each command lives in its own module with a `register(subparsers)`; COMMANDS lists them in help order.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.cli import ask, card, corpus, quote, summary
from bot.cli.common import Handler
from bot.config import ConfigError, Settings

COMMANDS = (corpus, quote, summary, ask, card)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.load()
    except ConfigError as exc:
        print(f"podquote: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=getattr(logging, settings.log_level, logging.INFO),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.command in {"run", "sync"}:
        from bot.discord_app.client import run_bot, sync_commands

        return (run_bot if args.command == "run" else sync_commands)(settings)
    handler: Handler = args.handler
    try:
        return asyncio.run(handler(args, settings))
    except FileNotFoundError as exc:
        print(f"podquote: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="podquote: quotes and summaries of podcasts")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    sub.add_parser("sync", help="sync slash commands globally (owner action)")
    return parser

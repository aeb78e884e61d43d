"""What every command-line command shares: reading inputs, printing JSON, the store options."""

from __future__ import annotations

import argparse
import json
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from bot.config import Settings
from bot.store import Store

Handler = Callable[[argparse.Namespace, Settings], Awaitable[int]]
# The `add_subparsers()` action; argparse does not export its type.
Subparsers = Any


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="SQLite store (default: PODQUOTE_DB or data/podquote.db)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


async def open_store(args: argparse.Namespace, settings: Settings) -> Store:
    return await Store.open(args.db or settings.db_path)


def existing_store_path(args: argparse.Namespace, settings: Settings) -> Path:
    """The store to read: `--db`, else the configured one; it must exist (run `ingest` first)."""
    db = Path(args.db or settings.db_path)
    if not db.exists():
        raise FileNotFoundError(f"no store at {db}: run `python -m bot ingest` first")
    return db


def each_input(argument: str, stdin: TextIO) -> Iterator[str]:
    """The argument itself, or with `-` each line of standard input in order (blank lines included)."""
    if argument != "-":
        yield argument
        return
    for line in stdin:
        yield line.rstrip("\r\n")


def print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False), flush=True)

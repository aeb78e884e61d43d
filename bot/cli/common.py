"""What every command-line command shares: reading inputs, printing JSON, the store options."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from bot.config import Settings
from bot.meaning import switch_off
from bot.store import Store

Handler = Callable[[argparse.Namespace, Settings], Awaitable[int]]
# The `add_subparsers()` action; argparse does not export its type.
Subparsers = Any


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="SQLite store (default: PODQUOTE_DB or data/podquote.db)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


async def open_store(args: argparse.Namespace, settings: Settings, *, existing: bool = False) -> Store:
    """The store `--db` names, else the configured one (which must exist when `existing`), meaning search on or
    off as configured."""
    store = await Store.open(existing_store_path(args, settings) if existing else (args.db or settings.db_path))
    if not settings.meaning:
        switch_off(store)
    return store


def existing_store_path(args: argparse.Namespace, settings: Settings) -> Path:
    """The store to read: `--db`, else the configured one; it must exist (run `ingest` first)."""
    db = Path(args.db or settings.db_path)
    if not db.exists():
        raise FileNotFoundError(f"no store at {db}: run `python -m bot ingest` first")
    return db


# Characters that end a line for some readers (JavaScript, Python's splitlines) though JSON allows them raw.
_LINE_BREAKING = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def each_input(argument: str, stdin: TextIO) -> Iterator[str]:
    """The argument itself, or with `-` each line of standard input in order (blank lines included). Bytes that
    are not UTF-8 read as U+FFFD, never as an error."""
    if argument != "-":
        yield argument
        return
    if isinstance(stdin, io.TextIOWrapper):
        stdin.reconfigure(encoding="utf-8", errors="replace")
    for line in stdin:
        yield line.rstrip("\r\n")


def json_line(data: object) -> str:
    """`data` as one line of JSON, whatever splits lines for its reader: U+2028, U+2029 and U+0085 escaped."""
    # Those characters can only stand inside JSON strings, where their escapes mean the same.
    return json.dumps(data, ensure_ascii=False).translate(_LINE_BREAKING)


def print_json(data: object) -> None:
    print(json_line(data), flush=True)

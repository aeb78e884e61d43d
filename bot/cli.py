"""`python -m bot ...`: ingest, inspect, search and run podquote from the command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from bot.config import ConfigError, Settings
from bot.ingest import ingest_folder
from bot.results import IngestReport, QuoteAnswer
from bot.search import search_quotes
from bot.store import Store

Handler = Callable[[argparse.Namespace, Settings], Awaitable[int]]


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
        from bot.client import run_bot, sync_commands

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

    ingest = sub.add_parser("ingest", help="read the seeds folder into the store and report what changed")
    ingest.add_argument("--seeds", type=Path, help="folder of documents (default: PODQUOTE_SEEDS or seeds/)")
    _add_common(ingest)
    ingest.set_defaults(handler=cmd_ingest)

    episodes = sub.add_parser("episodes", help="list the episodes in the store")
    _add_common(episodes)
    episodes.set_defaults(handler=cmd_episodes)

    stats = sub.add_parser("stats", help="counts and sizes of the store")
    _add_common(stats)
    stats.set_defaults(handler=cmd_stats)

    quote = sub.add_parser("quote", help="find a half-remembered line; QUERY '-' reads one query per line")
    quote.add_argument("query", metavar="QUERY")
    quote.add_argument("--limit", type=int, default=5, help="how many hits to return (default 5)")
    quote.add_argument("--speaker", help="only lines by this person (any name they go by)")
    quote.add_argument("--episode", help="only this episode (id, or words of its title or show)")
    _add_common(quote)
    quote.set_defaults(handler=cmd_quote)

    try:
        from bot.cli_summary import add_summary_parser
    except ImportError:
        pass
    else:
        add_summary_parser(sub)

    sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    sub.add_parser("sync", help="sync slash commands globally (owner action)")
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="SQLite store (default: PODQUOTE_DB or data/podquote.db)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


async def open_store(args: argparse.Namespace, settings: Settings) -> Store:
    return await Store.open(args.db or settings.db_path)


async def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    async with await open_store(args, settings) as store:
        report = await ingest_folder(store, args.seeds or settings.seeds_dir)
    if args.json:
        _print_json(report.as_dict())
    else:
        print(render_report(report))
    return 0


def render_report(report: IngestReport) -> str:
    lines = [
        f"files: {report.files_seen} seen, {len(report.files_added)} added, {len(report.files_changed)} changed,"
        f" {len(report.files_removed)} removed, {len(report.files_unchanged)} unchanged,"
        f" {len(report.files_skipped)} skipped",
        f"episodes: {report.episodes_added} added, {report.episodes_changed} changed,"
        f" {report.episodes_removed} removed",
        f"segments: {report.segments_added} added, {report.segments_removed} removed",
    ]
    lines += [f"skipped {name}: {reason}" for name, reason in sorted(report.files_skipped.items())]
    lines += [f"note: {note}" for note in report.notes]
    lines.append(f"took {report.seconds:.2f} s")
    return "\n".join(lines)


async def cmd_episodes(args: argparse.Namespace, settings: Settings) -> int:
    async with await open_store(args, settings) as store:
        rows = await store.episodes()
    for row in rows:
        record = {
            "id": row.ref.id,
            "show": row.ref.show,
            "title": row.ref.title,
            "speakers": row.speakers,
            "segments": row.segment_count,
            "times": "timed" if row.timed else ("approximate" if row.segment_count else "none"),
            "source": row.ref.source.as_dict(),
        }
        if args.json:
            _print_json(record)
        else:
            speakers = ", ".join(row.speakers) or "-"
            print(
                f"{row.ref.id}  [{row.ref.show or '-'}] {row.ref.title} | speakers: {speakers} |"
                f" {row.segment_count} segments ({record['times']}) | {row.ref.source.file}:{row.ref.source.line}"
            )
    return 0


async def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    async with await open_store(args, settings) as store:
        data: dict[str, Any] = await store.counts()
        data["store_bytes"] = store.size_bytes()
        last = await store.get_meta("last_reload")
        data["last_reload"] = json.loads(last) if last else None
    if args.json:
        _print_json(data)
    else:
        for key, value in data.items():
            if key != "last_reload":
                print(f"{key}: {value}")
        print(f"last reload: {data['last_reload']['at'] if data['last_reload'] else 'never'}")
    return 0


async def cmd_quote(args: argparse.Namespace, settings: Settings) -> int:
    limit = max(1, min(args.limit, 50))
    async with await open_store(args, settings) as store:
        for query in each_input(args.query, sys.stdin):
            answer = await search_quotes(store, query, limit=limit, speaker=args.speaker, episode=args.episode)
            if args.json:
                _print_json(answer.as_dict())
            else:
                print(render_answer_text(answer))
            sys.stdout.flush()
    return 0


def each_input(argument: str, stdin: TextIO) -> Iterator[str]:
    """The argument itself, or with `-` each line of standard input in order (blank lines included)."""
    if argument != "-":
        yield argument
        return
    for line in stdin:
        yield line.rstrip("\r\n")


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
        lines.append(f"     — {who}, {when}, {show}{hit.episode.title} [{hit.episode.id}] (score {hit.score:.0f})")
    return "\n".join(lines)


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False))

"""Commands that build and inspect the store: `ingest`, `episodes`, `stats`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bot.cli.common import Subparsers, add_common, open_store, print_json
from bot.config import Settings
from bot.meaning import EmbedReport, MeaningStatus, ModelMissingError, embed_pending, meaning_status, shared_encoder
from bot.redact import redact_url
from bot.reload import reload_sources
from bot.results import IngestReport
from bot.store import Store

PROGRESS_SECONDS = 10


def register(subparsers: Subparsers) -> None:
    ingest = subparsers.add_parser(
        "ingest", help="read the seeds folder and the listed feeds into the store and report what changed"
    )
    ingest.add_argument("--seeds", type=Path, help="folder of documents (default: PODQUOTE_SEEDS or seeds/)")
    ingest.add_argument(
        "--no-meaning", action="store_true", help="do not embed the passages for meaning search (the bot does it later)"
    )
    add_common(ingest)
    ingest.set_defaults(handler=cmd_ingest)

    episodes = subparsers.add_parser("episodes", help="list the episodes in the store")
    add_common(episodes)
    episodes.set_defaults(handler=cmd_episodes)

    stats = subparsers.add_parser("stats", help="counts and sizes of the store")
    add_common(stats)
    stats.set_defaults(handler=cmd_stats)


async def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    async with await open_store(args, settings) as store:
        report = await reload_sources(store, settings, seeds_dir=args.seeds)
        if not args.json:
            print(render_report(report), flush=True)
        meaning = None if args.no_meaning or not settings.meaning else await _embed(store, quiet=args.json)
    if args.json:
        print_json({**report.as_dict(), "meaning": meaning.as_dict() if meaning else None})
    return 0


async def _embed(store: Store, *, quiet: bool) -> MeaningStatus | None:
    """Embed what is new for meaning search, saying how far it got every few seconds."""
    try:
        encoder = shared_encoder()
    except ModelMissingError as exc:
        print(f"meaning search is off: {exc}", file=sys.stderr)
        return None
    last = time.monotonic()

    async def progress(report: EmbedReport) -> None:
        nonlocal last
        if not quiet and time.monotonic() - last >= PROGRESS_SECONDS:
            last = time.monotonic()
            print(f"meaning: embedded {report.segments:,} passages ({report.per_second:.0f}/s)...", flush=True)

    report = await embed_pending(store, encoder, progress=progress)
    status = await meaning_status(store)
    if not quiet and status is not None:
        print(f"{status.sentence()} ({report.texts_embedded:,} embedded now in {report.seconds:.1f} s)")
    return status


def render_report(report: IngestReport) -> str:
    lines = [
        f"files: {report.files_seen} seen, {len(report.files_added)} added, {len(report.files_changed)} changed,"
        f" {len(report.files_removed)} removed, {len(report.files_unchanged)} unchanged,"
        f" {len(report.files_skipped)} skipped",
        f"episodes: {report.episodes_added} added, {report.episodes_changed} changed,"
        f" {report.episodes_removed} removed",
        f"segments: {report.segments_added} added, {report.segments_removed} removed",
    ]
    lines += [f"source {source.line()}" for source in report.sources]
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
            "published": row.ref.published,
            "link": redact_url(link) if (link := row.ref.url or row.ref.enclosure_url) else None,
            "duration_seconds": row.duration_seconds,
            "people": [person.as_dict() for person in row.people],
            "speakers": row.speakers,
            "segments": row.segment_count,
            "times": "timed" if row.timed else ("approximate" if row.segment_count else "none"),
            "source": row.ref.source.as_dict(),
        }
        if args.json:
            print_json(record)
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
        meaning = await meaning_status(store)
        data["meaning"] = meaning.as_dict() if meaning else None
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            if key not in {"last_reload", "meaning"}:
                print(f"{key}: {value}")
        if meaning is not None:
            print(meaning.sentence())
        print(f"last reload: {data['last_reload']['at'] if data['last_reload'] else 'never'}")
    return 0

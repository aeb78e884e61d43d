"""Ingest a folder of documents into the store: incremental, idempotent, and atomic.

Files are compared with what the store holds by SHA-256: unchanged files are left alone, new and changed files
are parsed and replace their episodes, files that disappeared lose theirs. A file that cannot be read or parsed
is reported and skipped, and whatever the store already held from it stays. The whole run is one write
transaction, so readers see the old corpus until the commit and the new one right after.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from bot.feeds.fetch import RemoteFeed
from bot.feeds.sources import is_feed_file
from bot.ingest.errors import ParseError
from bot.ingest.feed_reload import FeedWriter
from bot.ingest.parsers import parse_document
from bot.ingest.records import MAX_WORKERS, Summarizer, count_change, profile_of
from bot.models import Episode
from bot.redact import redact_url
from bot.results import IngestReport, SourceStatus
from bot.seeds import SeedFile, file_sha256, scan_folder
from bot.store import EpisodeRecord, FileChange, Store, Writer, episode_record
from bot.summaries.summarize import summarize_episode

log = logging.getLogger(__name__)

Progress = Callable[[str], Awaitable[None]]
# A load this large leaves the full-text index fragmented; merging it (before the commit, so members never
# query the fragments) keeps queries fast.
_OPTIMIZE_AFTER_SEGMENTS = 50_000
# Loads of at least this many new files are parsed in worker processes.
_PROCESS_POOL_MIN_FILES = 16
_PROCESS_PREFETCH = 4
# Bump when the parsers store something different for the same file: the next reload then re-reads every file.
# 6: shows named by their credits, a blog feed's "appeared first on", or .fm web address (4: passages keep the
# start of every cue they join; feed episodes are keyed by the show's podcast:guid).
PARSER_VERSION = "6"


@dataclass(frozen=True, slots=True)
class SourceFile:
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def decode_document(data: bytes) -> str:
    """The document's text, or ParseError saying why it is not a text document."""
    if not data.strip():
        raise ParseError("empty file")
    if b"\x00" in data[:8192]:
        raise ParseError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not valid UTF-8 text (byte {exc.start})") from None


def parse_file(source: SourceFile) -> tuple[list[Episode], list[str]]:
    """Decode and parse one file. Raises ParseError with a reason fit for the report."""
    try:
        return parse_document(source.name, decode_document(source.data))
    except ParseError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        log.exception("parser failed on %s", source.name)
        raise ParseError(f"could not be parsed ({type(exc).__name__})") from exc


@dataclass(slots=True)
class ParsedFile:
    """One file after reading and parsing (done off the event loop), ready to be written."""

    source: SourceFile
    digest: str
    records: list[EpisodeRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    unchanged: bool = False


async def ingest_folder(
    store: Store,
    folder: Path,
    *,
    progress: Progress | None = None,
    summarizer: Summarizer | None = None,
    remote_feeds: Sequence[RemoteFeed] = (),
    exclude: Collection[str] = (),
) -> IngestReport:
    """Bring the store in line with the documents in `folder` (but the names in `exclude`) and the fetched
    `remote_feeds`, and report what changed."""
    started = time.perf_counter()
    report = IngestReport()
    summarize = summarizer or summarize_episode
    seeds = [seed for seed in await asyncio.to_thread(scan_folder, folder) if seed.name not in exclude]
    paths = [seed.path for seed in seeds]
    report.files_seen = len(paths) + len(remote_feeds)
    known = await store.write(Writer.file_hashes)
    # Files whose stored parse is still current, so an unchanged hash means nothing to do.
    current = known if await store.get_meta("parser_version") == PARSER_VERSION else {}
    depends = await store.write(Writer.file_depends)
    counts = await store.episode_counts_by_file()
    feeds = FeedWriter(store, report, known, current, depends, summarize, progress, counts)
    await store.write(lambda w: w.begin(bulk=len(paths) >= _PROCESS_POOL_MIN_FILES))
    try:
        claimed = await feeds.ingest(folder, seeds, remote_feeds)
        documents = [seed for seed in seeds if not is_feed_file(seed.path) and seed.name not in claimed]
        # Files the store holds that this reload does not list: a new file holding their episodes renamed one.
        gone = set(known) - {seed.name for seed in seeds} - {remote.name for remote in remote_feeds}
        index = 0
        async for parsed in _parsed_files(documents, current, summarize):
            await _apply(store, parsed, known, report, gone)
            index += 1
            if progress and (index % 25 == 0 or index == len(documents)):
                await progress(f"read {index}/{len(documents)} files")
        present = (
            {seed.name for seed in documents}
            | {p.name for p in paths if is_feed_file(p)}
            | {f.name for f in remote_feeds}
        )
        for name in sorted(set(known) - present):
            await _remove(store, name, report)
            if name in depends:  # a store written before sources were named without secrets may hold one
                report.sources.append(SourceStatus(redact_url(name), "removed", episodes=0))
        if report.segments_added >= _OPTIMIZE_AFTER_SEGMENTS:
            if progress:
                await progress("optimizing the search index")
            await store.write(Writer.optimize)
        await store.write(lambda w: _finish(w, report, started))
    except BaseException:
        await store.write(Writer.rollback)
        raise
    report.seconds = time.perf_counter() - started
    log.info(
        "ingest: %d files, +%d/~%d/-%d episodes, +%d/-%d segments, %d skipped in %.2f s",
        report.files_seen,
        report.episodes_added,
        report.episodes_changed,
        report.episodes_removed,
        report.segments_added,
        report.segments_removed,
        len(report.files_skipped),
        report.seconds,
    )
    return report


async def _parsed_files(
    seeds: list[SeedFile], current: dict[str, str], summarize: Summarizer
) -> AsyncIterator[ParsedFile]:
    """Files read and parsed ahead of the writer, in order.

    Parsing is pure Python: in a thread it would fight the writer for the GIL, so a large load is parsed in
    worker processes while this process writes; a small one (or an unpicklable summarizer) uses a thread.
    """
    loop = asyncio.get_running_loop()
    executor = _process_pool(seeds, current, summarize)
    ahead = _PROCESS_PREFETCH if executor else 1
    remaining = iter(seeds)
    window: deque[asyncio.Future[ParsedFile]] = deque()

    def submit(seed: SeedFile) -> None:
        window.append(loop.run_in_executor(executor, read_and_parse, seed, current, summarize))

    try:
        for seed in islice(remaining, ahead):
            submit(seed)
        while window:
            parsed = await window.popleft()
            if (seed := next(remaining, None)) is not None:
                submit(seed)
            yield parsed
    finally:
        for future in window:
            future.cancel()
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def _process_pool(seeds: list[SeedFile], current: dict[str, str], summarize: Summarizer) -> ProcessPoolExecutor | None:
    new = sum(1 for seed in seeds if seed.name not in current)
    # As many workers as cores: the writer spends most of its time inside SQLite, which needs little Python.
    workers = min(MAX_WORKERS, os.cpu_count() or 1)
    if new < _PROCESS_POOL_MIN_FILES or workers < 2:
        return None
    try:
        pickle.dumps(summarize)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def read_and_parse(seed: SeedFile, current: dict[str, str], summarize: Summarizer) -> ParsedFile:
    """Hash, read, parse and summarise one file: an unchanged file is only hashed (as a stream), a file the seeds
    folder refuses is not even opened. Never raises for a bad file: `error` says why."""
    if (problem := seed.document_problem) is not None:
        return ParsedFile(SourceFile(seed.name, b""), "", error=problem)
    try:
        if (known := current.get(seed.name)) is not None and file_sha256(seed.path) == known:
            return ParsedFile(SourceFile(seed.name, b""), known, unchanged=True)
        source = SourceFile(seed.name, seed.path.read_bytes())
    except OSError as exc:
        return ParsedFile(SourceFile(seed.name, b""), "", error=f"cannot be read ({exc.strerror or exc})")
    parsed = ParsedFile(source, source.sha256)
    if current.get(source.name) == parsed.digest:
        parsed.unchanged = True
        return parsed
    try:
        episodes, parsed.notes = parse_file(source)
    except ParseError as exc:
        parsed.error = str(exc)
        return parsed
    parsed.records = [episode_record(e, summarize(e), profile_of(e) if e.segments else None) for e in episodes]
    return parsed


async def _apply(
    store: Store, parsed: ParsedFile | None, known: dict[str, str], report: IngestReport, gone: set[str]
) -> None:
    if parsed is None:
        return
    name = parsed.source.name
    if parsed.unchanged:
        report.files_unchanged.append(name)
    elif parsed.error is not None:
        report.files_skipped[name] = parsed.error
        log.warning("skipped %s: %s", name, parsed.error)
    else:
        report.notes.extend(f"{name} {note}" for note in parsed.notes)
        if name not in known and gone and (old := await _renamed_from(store, parsed, gone)) is not None:
            await store.write(lambda w: w.rename_file(old, name))
            known[name] = known.pop(old)
            gone.discard(old)
            log.info("%s renamed to %s: its episodes keep their place", old, name)
        await _replace(store, parsed, report, was_known=name in known)


async def _renamed_from(store: Store, parsed: ParsedFile, gone: set[str]) -> str | None:
    """The file gone from the folder that holds most of this new file's episodes: it was renamed."""
    ids = [record.id for record in parsed.records]
    held = await store.write(lambda w: w.files_holding(ids)) if ids else {}
    holders = sorted((count, name) for name, count in held.items() if name in gone)
    return holders[-1][1] if holders else None


async def _replace(store: Store, parsed: ParsedFile, report: IngestReport, *, was_known: bool) -> None:
    name = parsed.source.name

    def write(writer: Writer) -> FileChange:
        return writer.replace_file(name, parsed.digest, len(parsed.source.data), parsed.records)

    change = await store.write(write)
    report.notes.extend(f"{name} line {line}: same episode as in {other}" for line, other in change.held_elsewhere)
    count_change(report, change)
    (report.files_changed if was_known else report.files_added).append(name)


def _finish(writer: Writer, report: IngestReport, started: float) -> None:
    """Last writes of a reload, then the commit that makes it visible in one step."""
    if report.files_added or report.files_changed or report.files_removed:
        writer.refresh_terms()
        writer.set_meta("corpus_version", uuid.uuid4().hex)
    report.seconds = time.perf_counter() - started
    writer.set_meta("parser_version", PARSER_VERSION)
    writer.set_meta("last_reload", json.dumps({"at": datetime.now(UTC).isoformat(), **report.as_dict()}))
    writer.commit()


async def _remove(store: Store, name: str, report: IngestReport) -> None:
    count_change(report, await store.write(lambda w: w.remove_file(name)))
    report.files_removed.append(redact_url(name))

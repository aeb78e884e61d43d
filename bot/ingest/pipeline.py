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
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from bot.finder import transcript_profile
from bot.ingest.errors import ParseError
from bot.ingest.parsers import parse_document
from bot.models import Episode
from bot.results import EpisodeSummary, IngestReport
from bot.store import Store, TranscriptProfile

log = logging.getLogger(__name__)

Progress = Callable[[str], Awaitable[None]]
Summarizer = Callable[[Episode], EpisodeSummary]
# A load this large leaves the full-text index fragmented; merging it keeps queries fast.
_OPTIMIZE_AFTER_SEGMENTS = 50_000
# Loads of at least this many new files are parsed in worker processes.
_PROCESS_POOL_MIN_FILES = 16
_PROCESS_PREFETCH = 4
_MAX_WORKERS = 3


@dataclass(frozen=True, slots=True)
class SourceFile:
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def list_documents(folder: Path) -> list[Path]:
    """Regular, non-hidden files directly in `folder`, by name."""
    if not folder.is_dir():
        raise FileNotFoundError(f"seeds folder not found: {folder}")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


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


def default_summarizer() -> Summarizer | None:
    try:
        from bot.summarize import summarize_episode
    except ImportError:
        return None
    return summarize_episode


@dataclass(slots=True)
class ParsedFile:
    """One file after reading and parsing (done off the event loop), ready to be written."""

    source: SourceFile
    digest: str
    episodes: list[Episode] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summaries: dict[str, EpisodeSummary] | None = None
    profiles: dict[str, TranscriptProfile] = field(default_factory=dict)
    error: str | None = None
    unchanged: bool = False


async def ingest_folder(
    store: Store,
    folder: Path,
    *,
    progress: Progress | None = None,
    summarizer: Summarizer | None = None,
) -> IngestReport:
    """Bring the store in line with the documents in `folder` and report what changed."""
    started = time.perf_counter()
    report = IngestReport()
    summarize = summarizer or default_summarizer()
    paths = list_documents(folder)
    report.files_seen = len(paths)
    known = await store.file_hashes()
    await store.begin()
    try:
        index = 0
        async for parsed in _parsed_files(paths, known, summarize):
            await _apply(store, parsed, known, report)
            index += 1
            if progress and (index % 25 == 0 or index == len(paths)):
                await progress(f"read {index}/{len(paths)} files")
        for name in sorted(set(known) - {p.name for p in paths}):
            await _remove(store, name, report)
        if _changed(report):
            await store.refresh_terms()
            await store.set_meta("corpus_version", uuid.uuid4().hex)
        report.seconds = time.perf_counter() - started
        await store.set_meta("last_reload", json.dumps({"at": datetime.now(UTC).isoformat(), **report.as_dict()}))
        await store.commit()
    except BaseException:
        await store.rollback()
        raise
    if report.segments_added >= _OPTIMIZE_AFTER_SEGMENTS:
        if progress:
            await progress("optimizing the search index")
        await store.optimize()
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


def _changed(report: IngestReport) -> bool:
    return bool(report.files_added or report.files_changed or report.files_removed)


async def _parsed_files(
    paths: list[Path], known: dict[str, str], summarize: Summarizer | None
) -> AsyncIterator[ParsedFile]:
    """Files read and parsed ahead of the writer, in order.

    Parsing is pure Python: in a thread it would fight the writer for the GIL, so a large load is parsed in
    worker processes while this process writes; a small one (or an unpicklable summarizer) uses a thread.
    """
    loop = asyncio.get_running_loop()
    executor = _process_pool(paths, known, summarize)
    ahead = _PROCESS_PREFETCH if executor else 1
    remaining = iter(paths)
    window: deque[asyncio.Future[ParsedFile]] = deque()

    def submit(path: Path) -> None:
        window.append(loop.run_in_executor(executor, read_and_parse, path, known, summarize))

    try:
        for path in islice(remaining, ahead):
            submit(path)
        while window:
            parsed = await window.popleft()
            if (path := next(remaining, None)) is not None:
                submit(path)
            yield parsed
    finally:
        for future in window:
            future.cancel()
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def _process_pool(
    paths: list[Path], known: dict[str, str], summarize: Summarizer | None
) -> ProcessPoolExecutor | None:
    new = sum(1 for p in paths if p.name not in known)
    workers = min(_MAX_WORKERS, (os.cpu_count() or 1) - 1)
    if new < _PROCESS_POOL_MIN_FILES or workers < 1:
        return None
    try:
        pickle.dumps(summarize)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def read_and_parse(path: Path, known: dict[str, str], summarize: Summarizer | None) -> ParsedFile:
    """Read, hash, parse and summarise one file. Never raises for a bad file: `error` says why."""
    try:
        source = SourceFile(path.name, path.read_bytes())
    except OSError as exc:
        return ParsedFile(SourceFile(path.name, b""), "", error=f"cannot be read ({exc.strerror or exc})")
    parsed = ParsedFile(source, source.sha256)
    if known.get(source.name) == parsed.digest:
        parsed.unchanged = True
        return parsed
    try:
        parsed.episodes, parsed.notes = parse_file(source)
    except ParseError as exc:
        parsed.error = str(exc)
        return parsed
    if summarize is not None:
        parsed.summaries = {e.id: summarize(e) for e in parsed.episodes}
    parsed.profiles = {e.id: _profile(e) for e in parsed.episodes if e.segments}
    return parsed


def _profile(episode: Episode) -> TranscriptProfile:
    lead, terms = transcript_profile(s.text for s in episode.segments)
    return TranscriptProfile(lead, terms)


async def _apply(store: Store, parsed: ParsedFile | None, known: dict[str, str], report: IngestReport) -> None:
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
        await _replace(store, parsed, report, was_known=name in known)


async def _replace(store: Store, parsed: ParsedFile, report: IngestReport, *, was_known: bool) -> None:
    name = parsed.source.name
    old_ids = await store.episode_ids_of_file(name) if was_known else set()
    if was_known:
        report.segments_removed += await store.remove_file(name)
    fresh = await _without_episodes_held_elsewhere(store, name, parsed.episodes, report)
    last_id = await store.max_segment_id()
    added = await store.add_file(
        name, parsed.digest, len(parsed.source.data), fresh, summaries=parsed.summaries, profiles=parsed.profiles
    )
    if added:
        # Indexed file by file, so that the next file is parsed meanwhile.
        await store.index_new_segments(last_id)
    report.segments_added += added
    new_ids = {e.id for e in fresh}
    report.episodes_added += len(new_ids - old_ids)
    report.episodes_changed += len(new_ids & old_ids)
    report.episodes_removed += len(old_ids - new_ids)
    (report.files_changed if was_known else report.files_added).append(name)


async def _without_episodes_held_elsewhere(
    store: Store, file: str, episodes: list[Episode], report: IngestReport
) -> list[Episode]:
    """The same episode listed in two files is kept once, under the file that had it first."""
    held = await store.files_holding([e.id for e in episodes])
    kept: list[Episode] = []
    for episode in episodes:
        other = held.get(episode.id)
        if other is not None and other != file:
            report.notes.append(f"{file} line {episode.source.line}: same episode as in {other}")
            continue
        kept.append(episode)
    return kept


async def _remove(store: Store, name: str, report: IngestReport) -> None:
    report.episodes_removed += len(await store.episode_ids_of_file(name))
    report.segments_removed += await store.remove_file(name)
    report.files_removed.append(name)

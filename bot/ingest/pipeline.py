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
from bot.feeds.sources import is_feed_file, standalone_transcripts
from bot.ingest.errors import ParseError
from bot.ingest.feed_episodes import with_roles
from bot.ingest.feed_files import FeedRead, read_folder_feed, read_remote_feed
from bot.ingest.parsers import parse_document
from bot.models import Episode
from bot.results import EpisodeSummary, IngestReport, SourceStatus
from bot.seeds import list_documents
from bot.store import EpisodeRecord, FileChange, Store, TranscriptProfile, Writer, episode_record
from bot.summaries.finder import transcript_profile
from bot.summaries.summarize import evenly_spaced, summarize_episode

log = logging.getLogger(__name__)

Progress = Callable[[str], Awaitable[None]]
Summarizer = Callable[[Episode], EpisodeSummary]
# A load this large leaves the full-text index fragmented; merging it (before the commit, so members never
# query the fragments) keeps queries fast.
_OPTIMIZE_AFTER_SEGMENTS = 50_000
# Loads of at least this many new files are parsed in worker processes.
_PROCESS_POOL_MIN_FILES = 16
_PROCESS_PREFETCH = 4
_MAX_WORKERS = 3
# A feed's episodes are summarised in worker processes this many at a time, when there are at least two chunks.
_FEED_CHUNK = 50
# Bump when the parsers store something different for the same file: the next reload then re-reads every file.
PARSER_VERSION = "3"  # 3: listing episodes keep their own URL (a recording or show-notes page)
# The finder learns what a transcript is about from at most this many segments, spread over the episode.
_PROFILE_SEGMENTS = 300


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
    paths = [p for p in list_documents(folder) if p.name not in exclude]
    report.files_seen = len(paths) + len(remote_feeds)
    known = await store.write(Writer.file_hashes)
    # Files whose stored parse is still current, so an unchanged hash means nothing to do.
    current = known if await store.get_meta("parser_version") == PARSER_VERSION else {}
    feeds = _Feeds(store, report, known, current, await store.write(Writer.file_depends), summarize, progress)
    counts = await store.episode_counts_by_file()
    await store.write(lambda w: w.begin(bulk=len(paths) >= _PROCESS_POOL_MIN_FILES))
    try:
        claimed = await feeds.ingest(folder, paths, remote_feeds, counts)
        documents = [p for p in paths if not is_feed_file(p) and p.name not in claimed]
        index = 0
        async for parsed in _parsed_files(documents, current, summarize):
            await _apply(store, parsed, known, report)
            index += 1
            if progress and (index % 25 == 0 or index == len(documents)):
                await progress(f"read {index}/{len(documents)} files")
        present = (
            {p.name for p in documents} | {p.name for p in paths if is_feed_file(p)} | {f.url for f in remote_feeds}
        )
        for name in sorted(set(known) - present):
            await _remove(store, name, report)
            if name in feeds.depends:
                report.sources.append(SourceStatus(name, "removed", episodes=0))
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


@dataclass(slots=True)
class _Feeds:
    """Feeds in one reload: feed files of the folder, then fetched feeds; written inside the reload."""

    store: Store
    report: IngestReport
    known: dict[str, str]
    current: dict[str, str]
    depends: dict[str, str]
    summarize: Summarizer
    progress: Progress | None = None

    async def ingest(
        self, folder: Path, paths: list[Path], remote_feeds: Sequence[RemoteFeed], counts: dict[str, int]
    ) -> set[str]:
        """Read and write every feed; the standalone files of the folder that feed items claimed."""
        standalone = standalone_transcripts([p for p in paths if not is_feed_file(p)])
        claimed: set[str] = set()
        for path in (p for p in paths if is_feed_file(p)):
            name = path.name
            await self.say(f"reading the feed {name}")
            args = (path, folder, standalone, self.depends.get(name), self.current.get(name))
            read = await asyncio.to_thread(read_folder_feed, *args)
            await self.apply(read, counts.get(name, 0))
            claimed |= read.claimed
        for remote in remote_feeds:
            await self.say(f"reading the feed {remote.url}")
            args = (remote, self.depends.get(remote.url), self.current.get(remote.url))
            await self.apply(await asyncio.to_thread(read_remote_feed, *args), counts.get(remote.url, 0))
        return claimed

    async def say(self, message: str) -> None:
        if self.progress is not None:
            await self.progress(message)

    async def apply(self, read: FeedRead, had: int) -> None:
        name, report = read.name, self.report
        if read.unchanged:
            report.files_unchanged.append(name)
            status = SourceStatus(name, "kept" if read.fetch_error else "unchanged", _fetch_note(read), had)
        elif read.error is not None:
            report.files_skipped[name] = read.error
            log.warning("feed %s not read: %s", name, read.error)
            detail = "; ".join(filter(None, [read.fetch_error, read.error]))
            status = SourceStatus(name, "kept" if name in self.known else "failed", detail, had)
        else:
            records = await _feed_records(read.episodes, self.summarize)
            change = await self.store.write(lambda w: _write_feed(w, read, records))
            report.notes.extend(f"{name}: {note}" for note in read.notes)
            _count(report, change)
            was_known = name in self.known
            (report.files_changed if was_known else report.files_added).append(name)
            fresh = "updated" if was_known else "added"
            status = SourceStatus(name, fresh, _fetch_note(read), len(change.new_ids))
        report.sources.append(status)


def _fetch_note(read: FeedRead) -> str:
    return f"{read.fetch_error}; read the last good copy" if read.fetch_error else ""


def _records(episodes: list[Episode], summarize: Summarizer) -> list[EpisodeRecord]:
    """Records of feed episodes; their summaries name the feed's people with their roles."""
    return [
        episode_record(e, with_roles(summarize(e), e.people), _profile(e) if e.segments else None) for e in episodes
    ]


async def _feed_records(episodes: list[Episode], summarize: Summarizer) -> list[EpisodeRecord]:
    """Records of a feed's episodes; a large feed is summarised in worker processes, in chunks."""
    workers = min(_MAX_WORKERS, os.cpu_count() or 1)
    if len(episodes) < 2 * _FEED_CHUNK or workers < 2 or not _picklable(summarize):
        return await asyncio.to_thread(_records, episodes, summarize)
    loop = asyncio.get_running_loop()
    chunks = [episodes[i : i + _FEED_CHUNK] for i in range(0, len(episodes), _FEED_CHUNK)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = await asyncio.gather(*(loop.run_in_executor(pool, _records, chunk, summarize) for chunk in chunks))
    return [record for part in parts for record in part]


def _picklable(summarize: Summarizer) -> bool:
    try:
        pickle.dumps(summarize)
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return True


def _write_feed(writer: Writer, read: FeedRead, records: list[EpisodeRecord]) -> FileChange:
    change = writer.replace_file(read.name, read.digest, read.size, records)
    writer.set_file_depends(read.name, read.depends_json or "{}")
    return change


async def _parsed_files(paths: list[Path], current: dict[str, str], summarize: Summarizer) -> AsyncIterator[ParsedFile]:
    """Files read and parsed ahead of the writer, in order.

    Parsing is pure Python: in a thread it would fight the writer for the GIL, so a large load is parsed in
    worker processes while this process writes; a small one (or an unpicklable summarizer) uses a thread.
    """
    loop = asyncio.get_running_loop()
    executor = _process_pool(paths, current, summarize)
    ahead = _PROCESS_PREFETCH if executor else 1
    remaining = iter(paths)
    window: deque[asyncio.Future[ParsedFile]] = deque()

    def submit(path: Path) -> None:
        window.append(loop.run_in_executor(executor, read_and_parse, path, current, summarize))

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


def _process_pool(paths: list[Path], current: dict[str, str], summarize: Summarizer) -> ProcessPoolExecutor | None:
    new = sum(1 for p in paths if p.name not in current)
    # As many workers as cores: the writer spends most of its time inside SQLite, which needs little Python.
    workers = min(_MAX_WORKERS, os.cpu_count() or 1)
    if new < _PROCESS_POOL_MIN_FILES or workers < 2:
        return None
    try:
        pickle.dumps(summarize)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def read_and_parse(path: Path, current: dict[str, str], summarize: Summarizer) -> ParsedFile:
    """Read, hash, parse and summarise one file. Never raises for a bad file: `error` says why."""
    try:
        source = SourceFile(path.name, path.read_bytes())
    except OSError as exc:
        return ParsedFile(SourceFile(path.name, b""), "", error=f"cannot be read ({exc.strerror or exc})")
    parsed = ParsedFile(source, source.sha256)
    if current.get(source.name) == parsed.digest:
        parsed.unchanged = True
        return parsed
    try:
        episodes, parsed.notes = parse_file(source)
    except ParseError as exc:
        parsed.error = str(exc)
        return parsed
    parsed.records = [episode_record(e, summarize(e), _profile(e) if e.segments else None) for e in episodes]
    return parsed


def _profile(episode: Episode) -> TranscriptProfile:
    segments = episode.segments
    sample = [segments[i].text for i in evenly_spaced(len(segments), _PROFILE_SEGMENTS)]
    lead, terms = transcript_profile(sample)
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

    def write(writer: Writer) -> FileChange:
        return writer.replace_file(name, parsed.digest, len(parsed.source.data), parsed.records)

    change = await store.write(write)
    report.notes.extend(f"{name} line {line}: same episode as in {other}" for line, other in change.held_elsewhere)
    _count(report, change)
    (report.files_changed if was_known else report.files_added).append(name)


def _count(report: IngestReport, change: FileChange) -> None:
    report.segments_added += change.segments_added
    report.segments_removed += change.segments_removed
    report.episodes_added += len(change.new_ids - change.old_ids)
    report.episodes_changed += len(change.new_ids & change.old_ids)
    report.episodes_removed += len(change.old_ids - change.new_ids)


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
    _count(report, await store.write(lambda w: w.remove_file(name)))
    report.files_removed.append(name)

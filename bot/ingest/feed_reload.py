"""Feeds in one reload: feed files of the seeds folder, then feeds fetched from their URLs, read into episodes and
written inside the reload's transaction.

A feed that is new under its name, while a feed gone from this reload holds its episodes (or, when it cannot be
read, sat at the same address), was renamed: an admin edited its URL (`?v=2`, a fragment, credentials, http ->
https) or renamed its file. Its episodes move to the new name, so they are never deleted and added again.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.feeds.fetch import RemoteFeed
from bot.feeds.sources import is_feed_file, same_feed_location, standalone_transcripts
from bot.ingest.feed_episodes import with_roles
from bot.ingest.feed_files import FeedRead, read_folder_feed, read_remote_feed
from bot.ingest.records import MAX_WORKERS, Summarizer, count_change, profile_of
from bot.models import Episode
from bot.redact import redact_url
from bot.results import IngestReport, SourceStatus
from bot.seeds import SeedFile
from bot.store import EpisodeRecord, FileChange, Store, Writer, episode_record

log = logging.getLogger(__name__)

Progress = Callable[[str], Awaitable[None]]
# A feed's episodes are summarised in worker processes this many at a time, when there are at least two chunks.
_FEED_CHUNK = 50


@dataclass(slots=True)
class FeedWriter:
    """Reads and writes the feeds of one reload. `known`, `current`, `depends` are what the store holds per source
    name (kept up to date as sources are renamed); `counts` its episodes per source."""

    store: Store
    report: IngestReport
    known: dict[str, str]
    current: dict[str, str]
    depends: dict[str, str]
    summarize: Summarizer
    progress: Progress | None = None
    counts: dict[str, int] = field(default_factory=dict)
    vanished: set[str] = field(default_factory=set)  # feeds the store holds that this reload does not list

    async def ingest(self, folder: Path, seeds: list[SeedFile], remote_feeds: Sequence[RemoteFeed]) -> set[str]:
        """Read and write every feed; the standalone files of the folder that feed items claimed."""
        feed_files = [seed for seed in seeds if is_feed_file(seed.path)]
        listed = {seed.name for seed in feed_files} | {remote.name for remote in remote_feeds}
        self.vanished = set(self.depends) - listed
        standalone = standalone_transcripts([seed.path for seed in seeds if not is_feed_file(seed.path)])
        claimed: set[str] = set()
        for seed in feed_files:
            await self.say(f"reading the feed {seed.name}")
            args = (seed, folder, standalone, self.depends.get(seed.name), self.current.get(seed.name))
            read = await asyncio.to_thread(read_folder_feed, *args)
            await self.apply(read)
            claimed |= read.claimed
        seen: set[str] = set()
        for remote in remote_feeds:
            if remote.name in seen:  # two lines that differ only in a password or a token
                self.report.sources.append(SourceStatus(remote.name, "failed", "listed twice", None))
                continue
            seen.add(remote.name)
            await self.say(f"reading the feed {remote.name}")
            self.report.notes.extend(f"{remote.name}: {note}" for note in remote.notes)
            args = (remote, self.depends.get(remote.name), self.current.get(remote.name))
            await self.apply(await asyncio.to_thread(read_remote_feed, *args))
        return claimed

    async def say(self, message: str) -> None:
        if self.progress is not None:
            await self.progress(message)

    async def apply(self, read: FeedRead) -> None:
        old_name = await self._renamed_from(read) if read.name not in self.known and self.vanished else None
        if old_name is not None:
            await self._rename(old_name, read.name)
            # Read under its new name, it may be the very feed the store holds.
            read.unchanged = read.error is None and read.digest == self.current.get(read.name)
        status = await self._status(read)
        if old_name is not None:
            status = _renamed(status, old_name)
            if read.name not in self.report.files_changed:
                self.report.files_changed.append(read.name)  # the episodes' source changed: caches refresh
        self.report.sources.append(status)

    async def _status(self, read: FeedRead) -> SourceStatus:
        name, report, had = read.name, self.report, self.counts.get(read.name, 0)
        if read.unchanged:
            report.files_unchanged.append(name)
            return SourceStatus(name, "kept" if read.fetch_error else "unchanged", _fetch_note(read), had)
        if read.error is not None:
            report.files_skipped[name] = read.error
            log.warning("feed %s not read: %s", name, read.error)
            detail = "; ".join(dict.fromkeys(filter(None, [read.fetch_error, read.error])))
            return SourceStatus(name, "kept" if name in self.known else "failed", detail, had)
        records = await _feed_records(read.episodes, self.summarize)
        change = await self.store.write(lambda w: _write_feed(w, read, records))
        report.notes.extend(f"{name}: {note}" for note in read.notes)
        count_change(report, change)
        was_known = name in self.known
        (report.files_changed if was_known else report.files_added).append(name)
        return SourceStatus(name, "updated" if was_known else "added", _fetch_note(read), len(change.new_ids))

    async def _renamed_from(self, read: FeedRead) -> str | None:
        """The vanished feed `read` is a rename of: the one holding most of its episodes, else the only one at the
        same address."""
        ids = [episode.id for episode in read.episodes]
        held = await self.store.write(lambda w: w.files_holding(ids)) if ids else {}
        holders = sorted((count, name) for name, count in held.items() if name in self.vanished)
        if holders:
            return holders[-1][1]
        same_place = [name for name in sorted(self.vanished) if same_feed_location(name, read.name)]
        return same_place[0] if len(same_place) == 1 else None

    async def _rename(self, old: str, new: str) -> None:
        await self.store.write(lambda w: w.rename_file(old, new))
        for mapping in (self.known, self.current, self.depends, self.counts):
            if old in mapping:  # `current` may be `known` itself
                mapping[new] = mapping.pop(old)
        self.vanished.discard(old)
        log.info("feed %s renamed to %s: its episodes keep their place", redact_url(old), new)


def _renamed(status: SourceStatus, old_name: str) -> SourceStatus:
    """A renamed source's status: `renamed` when it was read (changed or not), `kept` when it failed."""
    detail = "; ".join(filter(None, [f"was {redact_url(old_name)}", status.detail]))
    return replace(status, status="kept" if status.status in {"kept", "failed"} else "renamed", detail=detail)


def _fetch_note(read: FeedRead) -> str:
    return f"{read.fetch_error}; read the last good copy" if read.fetch_error else ""


def _records(episodes: list[Episode], summarize: Summarizer) -> list[EpisodeRecord]:
    """Records of feed episodes; their summaries name the feed's people with their roles."""
    return [
        episode_record(e, with_roles(summarize(e), e.people), profile_of(e) if e.segments else None) for e in episodes
    ]


async def _feed_records(episodes: list[Episode], summarize: Summarizer) -> list[EpisodeRecord]:
    """Records of a feed's episodes; a large feed is summarised in worker processes, in chunks."""
    workers = min(MAX_WORKERS, os.cpu_count() or 1)
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

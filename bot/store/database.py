"""The SQLite store of episodes and segments. All of podquote's SQL lives in this package.

Two connections: one for readers (search, summaries, autocomplete) and one writer for ingest. The store runs
in WAL mode, so readers keep answering from the last committed state while a reload writes, and the whole
reload is one transaction: members see the old corpus until the commit, then the new one.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.models import EpisodeRef, Person, Source
from bot.results import EpisodeSummary, KeyPoint, SpeakerShare
from bot.store.rows import (
    EpisodeRow,
    SegmentRow,
    SpeakerRow,
    StoreError,
    TranscriptProfile,
    marks,
    quote_term,
)
from bot.store.schema import PRAGMAS, connect_writer, migrate
from bot.store.writer import Writer

T = TypeVar("T")

log = logging.getLogger(__name__)

# Description chunks of an episode, at most (an episode's chunk ids are rowid x this + chunk number).
DESCRIPTION_CHUNKS = 64
# Ids bound in one `IN (...)` list (SQLite allows 32,766 variables; small lists plan better).
_IN_CHUNK = 500
BULK_CACHE_KIB = 2048  # page cache of the connection bulk reads use
# Page cache of the readers' connection: at 1M segments 8 MB answers as fast as 32 or 64 MB (the OS caches the
# file too) and keeps the process within 500 MB with meaning on.
READER_CACHE_KIB = 8_192
# bm25 weights for episodes_fts columns, in order: title, show, description, speakers, chapters.
EPISODE_FTS_WEIGHTS = (8.0, 6.0, 1.0, 5.0, 2.0)

_EPISODE_COLUMNS = "rowid, id, title, show, file, line, url, published, enclosure_url"
_SEGMENT_COLUMNS = "id, episode, seq, speaker, start, approximate, text, marks"
# What an EpisodeRow adds to the reference, after _EPISODE_COLUMNS.
_ROW_COLUMNS = (
    "description, duration_seconds, chapters_json, timed, segment_count,"
    " (SELECT group_concat(name, char(31)) FROM speakers WHERE episode = episodes.rowid), image_url, people_json"
)


class Store:
    """Async access to the podquote database. Create with `await Store.open(path)`."""

    def __init__(self, path: Path, reader: aiosqlite.Connection, writer: Writer) -> None:
        self.path = path
        self._reader: aiosqlite.Connection | None = reader
        self._bulk: aiosqlite.Connection | None = None  # opened on the first bulk read (see `_fetch_bulk`)
        self._bulk_opening = asyncio.Lock()
        self._writer: Writer | None = writer
        self._write_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="podquote-writer")

    @classmethod
    async def open(cls, path: str | Path) -> Store:
        """Open (creating and migrating as needed) the database at `path`; `:memory:` is not supported."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = await asyncio.to_thread(_open_writer, path)
        return cls(path, await _connect(path, cache_kib=READER_CACHE_KIB), writer)

    async def close(self) -> None:
        """Close both connections. Safe to call more than once, including concurrently."""
        reader, writer, self._reader, self._writer = self._reader, self._writer, None, None
        bulk, self._bulk = self._bulk, None
        if writer is not None:
            await asyncio.get_running_loop().run_in_executor(self._write_thread, writer.close)
            self._write_thread.shutdown(wait=False)
        for connection in (reader, bulk):
            if connection is not None:
                await connection.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ writing (ingest)

    async def write(self, work: Callable[[Writer], T]) -> T:
        """Run `work` with the writer on the store's writer thread (one thread: one writer, in order)."""
        if self._writer is None:
            raise StoreError("the store is closed")
        writer = self._writer
        return await asyncio.get_running_loop().run_in_executor(self._write_thread, work, writer)

    @property
    def corpus_generation(self) -> int:
        """How many new corpus versions this process has committed: caches compare it to know, without a query,
        that a reload here changed the corpus."""
        return self._writer.corpus_generation if self._writer is not None else -1

    @property
    def vectors_generation(self) -> int:
        """How many episodes this process has embedded (see `corpus_generation`)."""
        return self._writer.vectors_generation if self._writer is not None else -1

    async def set_meta(self, key: str, value: str) -> None:
        await self.write(lambda w: w.set_meta(key, value))

    # ------------------------------------------------------------------ reading

    async def _fetchall(self, sql: str, params: Iterable[Any] = (), *, bulk: bool = False) -> list[aiosqlite.Row]:
        """Rows of a read. A `bulk` read (every vector of a million segments: a hundred MB and more) runs on a
        connection of its own with a small page cache, which it would otherwise fill with pages no search needs
        again, evicting those searches do."""
        if self._reader is None:
            raise StoreError("the store is closed")
        connection = self._reader if not bulk else await self._bulk_connection()
        try:
            # One hop to the connection's thread and back (a cursor's execute, fetch and close are three: ~0.2 ms
            # more a query, and a question asks dozens).
            return list(await connection.execute_fetchall(sql, tuple(params)))
        except aiosqlite.OperationalError as exc:
            log.warning("store query failed: %s", exc)
            raise StoreError("the search index could not answer that; try different words") from exc

    async def _fetchall_in(self, sql: str, values: Sequence[Any], *, bulk: bool = False) -> list[aiosqlite.Row]:
        """Rows of a read whose `{marks}` is an IN list of `values`, asked _IN_CHUNK values at a time (SQLite bounds
        how many parameters one statement takes)."""
        rows: list[aiosqlite.Row] = []
        for start in range(0, len(values), _IN_CHUNK):
            chunk = values[start : start + _IN_CHUNK]
            rows += await self._fetchall(sql.format(marks=marks(len(chunk))), chunk, bulk=bulk)
        return rows

    async def _bulk_connection(self) -> aiosqlite.Connection:
        async with self._bulk_opening:
            if self._bulk is None:
                self._bulk = await _connect(self.path, cache_kib=BULK_CACHE_KIB)
            return self._bulk

    async def get_meta(self, key: str) -> str | None:
        rows = await self._fetchall("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    async def corpus_version(self) -> str:
        """What changes whenever a reload changes the corpus: the stamp ingest writes, or for a store written
        before there was one, its counts."""
        version = await self.get_meta("corpus_version")
        if version is not None:
            return version
        counts = await self.counts()
        return f"episodes={counts['episodes']};segments={counts['segments']}"

    async def counts(self) -> dict[str, int]:
        rows = await self._fetchall(
            "SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM episodes),"
            " (SELECT coalesce(sum(segment_count), 0) FROM episodes),"
            " (SELECT count(DISTINCT name COLLATE NOCASE) FROM speakers),"
            " (SELECT count(*) FROM episodes WHERE timed)"
        )
        files, episodes, segments, speakers, timed = rows[0]
        return {
            "files": files,
            "episodes": episodes,
            "segments": segments,
            "speakers": speakers,
            "timed_episodes": timed,
        }

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())

    async def episodes(self) -> list[EpisodeRow]:
        rows = await self._fetchall(
            # Newest first where the source dates its episodes; undated ones after, in file order.
            f"SELECT {_EPISODE_COLUMNS}, {_ROW_COLUMNS}"
            " FROM episodes ORDER BY published IS NULL, published DESC, file, line"
        )
        return [_episode_row(row) for row in rows]

    async def show_names(self, fragment: str = "", limit: int = 25) -> list[str]:
        """Shows whose name holds `fragment` (any case), those with the most episodes first; at most `limit`."""
        pattern = "%" + _escape_like(fragment.strip()) + "%"
        rows = await self._fetchall(
            "SELECT min(show), count(*) AS n FROM episodes WHERE show IS NOT NULL AND show LIKE ? ESCAPE '\\'"
            " GROUP BY show COLLATE NOCASE ORDER BY n DESC, min(show) LIMIT ?",
            (pattern, limit),
        )
        return [row[0] for row in rows]

    async def episodes_of_show(self, show: str) -> list[int]:
        """Rowids of the episodes of the show named `show` (any case), newest first."""
        rows = await self._fetchall(
            "SELECT rowid FROM episodes WHERE show = ? COLLATE NOCASE ORDER BY published IS NULL, published DESC",
            (show,),
        )
        return [row[0] for row in rows]

    async def episode_counts_by_file(self) -> dict[str, int]:
        """How many episodes each file (or feed URL) holds."""
        return dict(await self._fetchall("SELECT file, count(*) FROM episodes GROUP BY file"))

    async def episode_by_rowid(self, rowid: int) -> EpisodeRow | None:
        rows = await self._fetchall(
            f"SELECT {_EPISODE_COLUMNS}, {_ROW_COLUMNS} FROM episodes WHERE rowid = ?",
            (rowid,),
        )
        return _episode_row(rows[0]) if rows else None

    async def episode_rowid(self, episode_id: str) -> int | None:
        rows = await self._fetchall("SELECT rowid FROM episodes WHERE id = ?", (episode_id,))
        return rows[0][0] if rows else None

    async def episode_refs(self, rowids: Iterable[int] | None = None) -> dict[int, EpisodeRef]:
        """References of these episodes (all of them when `rowids` is None), by rowid."""
        if rowids is None:
            return {
                row[0]: _episode_ref(row) for row in await self._fetchall(f"SELECT {_EPISODE_COLUMNS} FROM episodes")
            }
        ids = sorted(set(rowids))
        if not ids:
            return {}
        rows = await self._fetchall(f"SELECT {_EPISODE_COLUMNS} FROM episodes WHERE rowid IN ({marks(len(ids))})", ids)
        return {row[0]: _episode_ref(row) for row in rows}

    async def transcript_profiles(self) -> dict[int, TranscriptProfile]:
        """Each episode's transcript opening and word counts, as ingest stored them."""
        rows = await self._fetchall("SELECT rowid, profile_json FROM episodes WHERE profile_json IS NOT NULL")
        return {rowid: TranscriptProfile(**json.loads(data)) for rowid, data in rows}

    async def segment_counts(self, rowids: Iterable[int]) -> dict[int, int]:
        """How many segments (quotable lines) each of these episodes has."""
        ids = sorted(set(rowids))
        if not ids:
            return {}
        rows = await self._fetchall(
            f"SELECT rowid, segment_count FROM episodes WHERE rowid IN ({marks(len(ids))})", ids
        )
        return dict(rows)

    async def summary(self, rowid: int) -> EpisodeSummary | None:
        rows = await self._fetchall("SELECT summary_json FROM episodes WHERE rowid = ?", (rowid,))
        if not rows or rows[0][0] is None:
            return None
        return _summary_from_json(json.loads(rows[0][0]))

    async def speakers_of(self, rowid: int) -> list[SpeakerRow]:
        rows = await self._fetchall(
            "SELECT name, aliases_json, words FROM speakers WHERE episode = ? ORDER BY words DESC", (rowid,)
        )
        return [SpeakerRow(name, json.loads(aliases), words) for name, aliases, words in rows]

    async def speakers_by_episode(self) -> dict[int, list[SpeakerRow]]:
        """Every episode's speakers in one query (episode rowid -> speakers, most talkative first)."""
        rows = await self._fetchall(
            "SELECT episode, name, aliases_json, words FROM speakers ORDER BY episode, words DESC"
        )
        by_episode: dict[int, list[SpeakerRow]] = {}
        for episode, name, aliases, words in rows:
            by_episode.setdefault(episode, []).append(SpeakerRow(name, json.loads(aliases), words))
        return by_episode

    async def all_speakers(self) -> list[SpeakerRow]:
        """Every distinct speaker name with its aliases merged across episodes, most talkative first."""
        rows = await self._fetchall("SELECT name, aliases_json, words FROM speakers")
        merged: dict[str, SpeakerRow] = {}
        for name, aliases, words in rows:
            key = name.casefold()
            old = merged.get(key)
            names = sorted(set(json.loads(aliases)) | set(old.aliases if old else []))
            merged[key] = SpeakerRow(old.name if old else name, names, words + (old.words if old else 0))
        return sorted(merged.values(), key=lambda s: -s.words)

    async def speaker_variants(self, names: Sequence[str]) -> list[str]:
        """Every spelling of these display names stored (case differs across episodes: `swyx`, `Swyx`)."""
        rows = await self._fetchall(
            f"SELECT DISTINCT name FROM speakers WHERE name COLLATE NOCASE IN ({marks(len(names))})", names
        )
        return [row[0] for row in rows]

    async def search_episodes_fts(self, match: str, limit: int = 20) -> list[tuple[int, float]]:
        """Episode rowids matching an FTS5 expression, best bm25 first (lower score is better)."""
        weights = ", ".join(str(w) for w in EPISODE_FTS_WEIGHTS)
        return [
            (row[0], row[1])
            for row in await self._fetchall(
                f"SELECT rowid, bm25(episodes_fts, {weights}) AS rank FROM episodes_fts"
                " WHERE episodes_fts MATCH ? ORDER BY rank LIMIT ?",
                (match, limit),
            )
        ]

    async def vocabulary(self) -> dict[str, int]:
        """Every indexed term with the number of segments containing it."""
        return dict(await self._fetchall("SELECT term, df FROM terms"))

    async def segment_count(self) -> int:
        rows = await self._fetchall("SELECT coalesce(max(id), 0) FROM segments")
        return int(rows[0][0])

    async def matches_of_all(self, groups: Sequence[Sequence[str]], limit_each: int) -> list[tuple[int, int]]:
        """(segment id, group index) for segments containing every term of a group, for each group.

        One statement: FTS5 intersects the doclists in C, so only the few matching rows reach Python.
        """
        if not groups:
            return []
        parts = " UNION ALL ".join(
            f"SELECT * FROM (SELECT rowid, {i} FROM segments_fts WHERE segments_fts MATCH ? LIMIT {int(limit_each)})"
            for i in range(len(groups))
        )
        matches = [" AND ".join(quote_term(t) for t in group) for group in groups]
        rows = await self._fetchall(parts, matches)
        return [(row[0], row[1]) for row in rows]

    async def naive_bm25_search(self, match: str, limit: int) -> list[int]:
        """The baseline the benchmark compares against: every match scored by bm25."""
        rows = await self._fetchall(
            "SELECT rowid FROM segments_fts WHERE segments_fts MATCH ? ORDER BY bm25(segments_fts) LIMIT ?",
            (match, limit),
        )
        return [row[0] for row in rows]

    async def segments_by_id(self, ids: Iterable[int]) -> list[SegmentRow]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return []
        rows = await self._fetchall(
            f"SELECT {_SEGMENT_COLUMNS} FROM segments WHERE id IN ({marks(len(ids))})",
            ids,
        )
        return [_segment_row(row) for row in rows]

    async def segments_of_episode(self, rowid: int, speakers: Sequence[str] | None = None) -> list[SegmentRow]:
        sql = (
            "SELECT s.id, s.episode, s.seq, s.speaker, s.start, s.approximate, s.text, s.marks FROM episodes e"
            " JOIN segments s ON s.id BETWEEN e.first_segment AND e.first_segment + e.segment_count - 1"
            " WHERE e.rowid = ?"
        )
        params: list[Any] = [rowid]
        if speakers:
            sql += f" AND s.speaker IN ({marks(len(speakers))})"
            params.extend(speakers)
        rows = await self._fetchall(sql + " ORDER BY s.id", params)
        return [_segment_row(row) for row in rows]

    async def context(self, segment_id: int, before: int = 2, after: int = 2) -> list[SegmentRow]:
        """The segment with its neighbours in the same episode, in order."""
        rows = await self._fetchall(
            "SELECT s.id, s.episode, s.seq, s.speaker, s.start, s.approximate, s.text, s.marks FROM segments s"
            " JOIN segments t ON t.id = ? AND s.episode = t.episode"
            " WHERE s.id BETWEEN t.id - ? AND t.id + ? ORDER BY s.id",
            (segment_id, before, after),
        )
        return [_segment_row(row) for row in rows]

    async def speaker_names(self, prefix: str = "", limit: int = 25) -> list[str]:
        """Speaker display names starting with (or containing) `prefix`, for autocomplete."""
        like = f"%{_escape_like(prefix.strip())}%"
        rows = await self._fetchall(
            "SELECT name, sum(words) AS w FROM speakers WHERE name LIKE ? ESCAPE '\\' OR aliases_json LIKE ?"
            " ESCAPE '\\' GROUP BY name COLLATE NOCASE ORDER BY w DESC LIMIT ?",
            (like, like, limit),
        )
        return [row[0] for row in rows]

    # ------------------------------------------------------------------ questions

    async def segment_ranges(self) -> list[tuple[int, int, int]]:
        """(first segment id, segment count, episode rowid) of every episode with segments, by first id."""
        rows = await self._fetchall(
            "SELECT first_segment, segment_count, rowid FROM episodes WHERE segment_count > 0 ORDER BY first_segment"
        )
        return [(first, count, rowid) for first, count, rowid in rows]

    async def last_timed_start(self, within: tuple[int, int]) -> float | None:
        """The latest start time the source gives (not an estimate) among the segments `within` (first, last)."""
        rows = await self._fetchall(
            "SELECT max(start) FROM segments WHERE id BETWEEN ? AND ? AND approximate = 0", within
        )
        return rows[0][0] if rows else None

    async def segment_texts(self, within: tuple[int, int], limit: int) -> list[str]:
        """The text of the first `limit` segments `within` (first, last), in order."""
        rows = await self._fetchall(
            "SELECT text FROM segments WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?", (*within, limit)
        )
        return [row[0] for row in rows]

    async def matching_segment_ids(self, match: str, limit: int) -> list[int]:
        """Ids of the segments matching an FTS5 expression, in id order (episode by episode), at most `limit`."""
        rows = await self._fetchall(
            "SELECT rowid FROM segments_fts WHERE segments_fts MATCH ? ORDER BY rowid LIMIT ?", (match, limit)
        )
        return [row[0] for row in rows]

    async def matching_segments(
        self,
        match: str,
        *,
        speakers: Sequence[str] | None = None,
        within: tuple[int, int] | None = None,
        limit: int = 1000,
    ) -> list[SegmentRow]:
        """Segments matching an FTS5 expression, in id order, at most `limit`: only these speakers' when given,
        only ids `within` (first, last) when given (an episode's segments are such a range)."""
        fts = "SELECT rowid FROM segments_fts WHERE segments_fts MATCH ?"
        params: list[Any] = [match]
        if within is not None:
            fts += " AND rowid BETWEEN ? AND ?"
            params.extend(within)
        sql = f"SELECT {_SEGMENT_COLUMNS} FROM segments WHERE id IN ({fts})"
        if speakers:
            sql += f" AND speaker IN ({marks(len(speakers))})"
            params.extend(speakers)
        rows = await self._fetchall(sql + " ORDER BY id LIMIT ?", [*params, limit])
        return [_segment_row(row) for row in rows]

    # ------------------------------------------------------------------ meaning vectors

    async def episodes_to_embed(self, model: str) -> list[tuple[int, int, int]]:
        """(rowid, first segment id, segment count) of the episodes `model` has not embedded yet, by rowid."""
        rows = await self._fetchall(
            "SELECT e.rowid, coalesce(e.first_segment, 0), e.segment_count FROM episodes e"
            " LEFT JOIN embedded_episodes m ON m.episode = e.rowid AND m.model = ?"
            " WHERE m.episode IS NULL ORDER BY e.rowid",
            (model,),
        )
        return [(rowid, first, count) for rowid, first, count in rows]

    async def episode_texts(self, rowid: int) -> tuple[str, str]:
        """An episode's title and description."""
        rows = await self._fetchall("SELECT title, description FROM episodes WHERE rowid = ?", (rowid,))
        return (rows[0][0], rows[0][1]) if rows else ("", "")

    async def texts_between(self, first: int, last: int) -> list[tuple[int, str]]:
        """(id, text) of the segments with ids `first`..`last`, in order."""
        rows = await self._fetchall("SELECT id, text FROM segments WHERE id BETWEEN ? AND ? ORDER BY id", (first, last))
        return [(segment_id, text) for segment_id, text in rows]

    async def stored_vector_keys(self, keys: Sequence[bytes]) -> set[bytes]:
        """Which of these text keys already have a vector."""
        rows = await self._fetchall_in("SELECT key FROM text_vectors WHERE key IN ({marks})", keys)
        return {row[0] for row in rows}

    async def embedded_episodes(self, model: str) -> set[int]:
        """Rowids of the episodes `model` has embedded."""
        rows = await self._fetchall("SELECT episode FROM embedded_episodes WHERE model = ?", (model,))
        return {row[0] for row in rows}

    async def vector_codes(self, episodes: Sequence[int]) -> list[tuple[int, bytes]]:
        """(segment id, sign-bit code) of every segment of these episodes that has a vector."""
        rows = await self._fetchall_in(
            "SELECT s.segment, v.code FROM segment_vectors s JOIN text_vectors v ON v.key = s.key"
            " WHERE s.episode IN ({marks})",
            episodes,
            bulk=True,
        )
        return [(segment, code) for segment, code in rows]

    async def description_vectors(self, episodes: Sequence[int]) -> list[tuple[int, bytes]]:
        """(episode rowid x DESCRIPTION_CHUNKS + chunk, int8 vector) of these episodes' description chunks."""
        rows = await self._fetchall_in(
            f"SELECT d.episode * {DESCRIPTION_CHUNKS} + d.chunk, v.vector FROM description_vectors d"
            " JOIN text_vectors v ON v.key = d.key WHERE d.episode IN ({marks})",
            episodes,
            bulk=True,
        )
        return [(ident, vector) for ident, vector in rows]

    async def vectors_of(self, segment_ids: Sequence[int]) -> dict[int, bytes]:
        """The int8 vectors of these segments (those that have one)."""
        rows = await self._fetchall_in(
            "SELECT s.segment, v.vector FROM segment_vectors s JOIN text_vectors v ON v.key = s.key"
            " WHERE s.segment IN ({marks})",
            segment_ids,
        )
        return {row[0]: row[1] for row in rows}

    async def embedding_progress(self, model: str) -> tuple[int, int]:
        """(segments embedded by `model`, segments in all) in the episodes of the store."""
        rows = await self._fetchall(
            "SELECT coalesce(sum(CASE WHEN m.episode IS NULL THEN 0 ELSE e.segment_count END), 0),"
            " coalesce(sum(e.segment_count), 0) FROM episodes e"
            " LEFT JOIN embedded_episodes m ON m.episode = e.rowid AND m.model = ?",
            (model,),
        )
        return rows[0][0], rows[0][1]

    async def vectors_version(self) -> str:
        """What changes whenever episodes' vectors are written or the corpus changes."""
        rows = await self._fetchall(
            "SELECT (SELECT value FROM meta WHERE key = 'corpus_version'),"
            " (SELECT count(*) FROM embedded_episodes), (SELECT max(rowid) FROM embedded_episodes)"
        )
        return "/".join(str(value) for value in rows[0])


async def _connect(path: Path, *, cache_kib: int | None = None) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    if cache_kib is not None:
        await conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
    return conn


def _open_writer(path: Path) -> Writer:
    conn = connect_writer(path)
    migrate(conn)
    return Writer(conn)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _episode_ref(row: Sequence[Any]) -> EpisodeRef:
    _rowid, episode_id, title, show, file, line, url, published, enclosure_url = row[:9]
    return EpisodeRef(
        id=episode_id,
        title=title,
        show=show,
        source=Source(file, line),
        url=url,
        published=published,
        enclosure_url=enclosure_url,
    )


def _episode_row(row: Sequence[Any]) -> EpisodeRow:
    description, duration, chapters, timed, count, speakers, image_url, people = row[9:17]
    return EpisodeRow(
        rowid=row[0],
        ref=_episode_ref(row),
        description=description,
        duration_seconds=duration,
        chapters=json.loads(chapters),
        speakers=speakers.split("\x1f") if speakers else [],
        timed=bool(timed),
        segment_count=count,
        image_url=image_url,
        people=[Person(p["name"], p.get("role")) for p in json.loads(people or "[]")],
    )


def _segment_row(row: Sequence[Any]) -> SegmentRow:
    seg_id, episode, seq, speaker, start, approximate, text, cue_marks = row
    found = tuple((int(at), float(seconds)) for at, seconds in json.loads(cue_marks)) if cue_marks else ()
    return SegmentRow(seg_id, episode, seq, speaker, start, bool(approximate), text, marks=found)


def _summary_from_json(data: dict[str, Any]) -> EpisodeSummary:
    return EpisodeSummary(
        overview=data["overview"],
        key_points=[KeyPoint(**p) for p in data["key_points"]],
        speakers=[SpeakerShare(**s) for s in data["speakers"]],
        chapters=data["chapters"],
        duration=data["duration"],
    )

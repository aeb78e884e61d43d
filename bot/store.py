"""The SQLite store of episodes and segments. All of podquote's SQL lives in this module.

Two connections: one for readers (search, summaries, autocomplete) and one writer for ingest. The store runs
in WAL mode, so readers keep answering from the last committed state while a reload writes, and the whole
reload is one transaction: members see the old corpus until the commit, then the new one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from bot.models import Episode, EpisodeRef, Source
from bot.results import EpisodeSummary, KeyPoint, SpeakerShare

log = logging.getLogger(__name__)

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_core_tables",
        """
        CREATE TABLE files (
            name TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
        );
        CREATE TABLE episodes (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            file TEXT NOT NULL REFERENCES files(name) ON DELETE CASCADE,
            line INTEGER NOT NULL,
            title TEXT NOT NULL,
            show TEXT,
            description TEXT NOT NULL DEFAULT '',
            url TEXT,
            duration_seconds REAL,
            chapters_json TEXT NOT NULL DEFAULT '[]',
            speakers_text TEXT NOT NULL DEFAULT '',
            timed INTEGER NOT NULL DEFAULT 0,
            segment_count INTEGER NOT NULL DEFAULT 0,
            summary_json TEXT
        );
        CREATE INDEX episodes_file ON episodes(file);
        CREATE TABLE speakers (
            id INTEGER PRIMARY KEY,
            episode INTEGER NOT NULL REFERENCES episodes(rowid) ON DELETE CASCADE,
            name TEXT NOT NULL,
            aliases_json TEXT NOT NULL DEFAULT '[]',
            words INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX speakers_episode ON speakers(episode);
        CREATE INDEX speakers_name ON speakers(name COLLATE NOCASE);
        CREATE TABLE segments (
            id INTEGER PRIMARY KEY,
            episode INTEGER NOT NULL REFERENCES episodes(rowid) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            speaker TEXT,
            start REAL,
            approximate INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL
        );
        CREATE INDEX segments_episode ON segments(episode, seq);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    ),
    (
        "0002_full_text_indexes",
        """
        CREATE VIRTUAL TABLE segments_fts USING fts5(
            text, content='segments', content_rowid='id', tokenize='unicode61 remove_diacritics 2',
            detail='column'
        );
        CREATE VIRTUAL TABLE segments_vocab USING fts5vocab(segments_fts, 'row');
        CREATE VIRTUAL TABLE episodes_fts USING fts5(
            title, show, description, speakers, chapters,
            content='', tokenize='unicode61 remove_diacritics 2'
        );
        """,
    ),
    (
        "0003_term_frequencies",
        """
        CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
        """,
    ),
    (
        "0004_episode_transcript_profile",
        """
        ALTER TABLE episodes ADD COLUMN profile_json TEXT;
        """,
    ),
]

# bm25 weights for episodes_fts columns, in order: title, show, description, speakers, chapters.
EPISODE_FTS_WEIGHTS = (8.0, 6.0, 1.0, 5.0, 2.0)

_EPISODE_COLUMNS = "rowid, id, title, show, file, line, url"


@dataclass(frozen=True, slots=True)
class EpisodeRow:
    """An episode as the store lists it (without its segments)."""

    rowid: int
    ref: EpisodeRef
    description: str
    duration_seconds: float | None
    chapters: list[dict[str, Any]]
    speakers: list[str]
    timed: bool
    segment_count: int


@dataclass(frozen=True, slots=True)
class TranscriptProfile:
    """What the episode finder needs of a transcript: its opening, and counts of its most frequent words."""

    lead: str
    terms: dict[str, int]


@dataclass(frozen=True, slots=True)
class SegmentRow:
    id: int
    episode_rowid: int
    seq: int
    speaker: str | None
    start_seconds: float | None
    approximate: bool
    text: str


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    name: str
    aliases: list[str]
    words: int


class StoreError(RuntimeError):
    """The store could not answer; the message is safe to show a user."""


class Store:
    """Async access to the podquote database. Create with `await Store.open(path)`."""

    def __init__(self, path: Path, reader: aiosqlite.Connection) -> None:
        self.path = path
        self._reader: aiosqlite.Connection | None = reader
        self._writer: aiosqlite.Connection | None = None

    @classmethod
    async def open(cls, path: str | Path) -> Store:
        """Open (creating and migrating as needed) the database at `path`; `:memory:` is not supported."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = await _connect(path)
        await _migrate(writer)
        store = cls(path, await _connect(path))
        store._writer = writer
        return store

    async def close(self) -> None:
        """Close both connections. Safe to call more than once, including concurrently."""
        connections, self._reader, self._writer = (self._reader, self._writer), None, None
        for conn in connections:
            if conn is not None:
                await conn.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ writing (ingest)

    @property
    def writer(self) -> aiosqlite.Connection:
        if self._writer is None:
            raise StoreError("the store is closed")
        return self._writer

    async def file_hashes(self) -> dict[str, str]:
        async with self.writer.execute("SELECT name, sha256 FROM files") as cur:
            return dict(await cur.fetchall())

    async def begin(self) -> None:
        await self.writer.execute("BEGIN IMMEDIATE")

    async def commit(self) -> None:
        await self.writer.commit()

    async def rollback(self) -> None:
        await self.writer.rollback()

    async def episode_ids_of_file(self, file: str) -> set[str]:
        async with self.writer.execute("SELECT id FROM episodes WHERE file = ?", (file,)) as cur:
            return {row[0] for row in await cur.fetchall()}

    async def files_holding(self, episode_ids: Sequence[str]) -> dict[str, str]:
        """Which file already holds each of these episode ids (only ids that exist)."""
        if not episode_ids:
            return {}
        async with self.writer.execute(
            f"SELECT id, file FROM episodes WHERE id IN ({_marks(len(episode_ids))})", tuple(episode_ids)
        ) as cur:
            return {row[0]: row[1] for row in await cur.fetchall()}

    async def remove_file(self, file: str) -> int:
        """Delete a file's episodes, segments and index entries (inside the caller's transaction).

        Returns the number of segments removed.
        """
        db = self.writer
        async with db.execute("SELECT rowid FROM episodes WHERE file = ?", (file,)) as cur:
            rowids = [row[0] for row in await cur.fetchall()]
        removed = 0
        for rowid in rowids:
            await db.execute(
                "INSERT INTO segments_fts(segments_fts, rowid, text) "
                "SELECT 'delete', id, text FROM segments WHERE episode = ?",
                (rowid,),
            )
            await db.execute(
                "INSERT INTO episodes_fts(episodes_fts, rowid, title, show, description, speakers, chapters) "
                "SELECT 'delete', rowid, title, coalesce(show, ''), description, speakers_text, chapters_json "
                "FROM episodes WHERE rowid = ?",
                (rowid,),
            )
            cur = await db.execute("DELETE FROM segments WHERE episode = ?", (rowid,))
            removed += cur.rowcount
        await db.execute("DELETE FROM files WHERE name = ?", (file,))
        return removed

    async def add_file(
        self,
        file: str,
        sha256: str,
        size: int,
        episodes: Sequence[Episode],
        *,
        summaries: dict[str, EpisodeSummary] | None = None,
        profiles: dict[str, TranscriptProfile] | None = None,
    ) -> int:
        """Insert a file and its episodes and segments (inside the caller's transaction).

        Returns the number of segments added. Index entries for the segments are added by `index_new_segments`.
        """
        db = self.writer
        await db.execute("INSERT INTO files(name, sha256, size) VALUES (?, ?, ?)", (file, sha256, size))
        added = 0
        for episode in episodes:
            summary = (summaries or {}).get(episode.id)
            rowid = await self._insert_episode(episode, summary, (profiles or {}).get(episode.id))
            await db.executemany(
                "INSERT INTO segments(episode, seq, speaker, start, approximate, text) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (rowid, seq, s.speaker, s.start_seconds, int(s.approximate), s.text)
                    for seq, s in enumerate(episode.segments)
                ),
            )
            added += len(episode.segments)
        return added

    async def _insert_episode(
        self, episode: Episode, summary: EpisodeSummary | None, profile: TranscriptProfile | None
    ) -> int:
        db = self.writer
        chapters = json.dumps([{"title": c.title, "start_seconds": c.start_seconds} for c in episode.chapters])
        speakers_text = " ".join(sorted({name for sp in episode.speakers for name in (sp.name, *sp.aliases)}))
        cur = await db.execute(
            "INSERT INTO episodes(id, file, line, title, show, description, url, duration_seconds,"
            " chapters_json, speakers_text, timed, segment_count, summary_json, profile_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                episode.id,
                episode.source.file,
                episode.source.line,
                episode.title,
                episode.show,
                episode.description,
                episode.url,
                episode.duration_seconds,
                chapters,
                speakers_text,
                int(episode.timed),
                len(episode.segments),
                None if summary is None else json.dumps(_summary_to_json(summary)),
                None if profile is None else json.dumps({"lead": profile.lead, "terms": profile.terms}),
            ),
        )
        rowid = cur.lastrowid
        assert rowid is not None
        await db.execute(
            "INSERT INTO episodes_fts(rowid, title, show, description, speakers, chapters) VALUES (?, ?, ?, ?, ?, ?)",
            (rowid, episode.title, episode.show or "", episode.description, speakers_text, chapters),
        )
        await db.executemany(
            "INSERT INTO speakers(episode, name, aliases_json, words) VALUES (?, ?, ?, ?)",
            ((rowid, sp.name, json.dumps(sorted(sp.aliases)), sp.words) for sp in episode.speakers),
        )
        return rowid

    async def max_segment_id(self) -> int:
        async with self.writer.execute("SELECT coalesce(max(id), 0) FROM segments") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def index_new_segments(self, after_id: int) -> None:
        """Add full-text entries for every segment with id > `after_id` in one bulk statement."""
        await self.writer.execute(
            "INSERT INTO segments_fts(rowid, text) SELECT id, text FROM segments WHERE id > ?", (after_id,)
        )

    async def refresh_terms(self) -> None:
        """Copy every indexed term's document frequency into `terms`, which search reads in one go."""
        await self.writer.execute("DELETE FROM terms")
        await self.writer.execute("INSERT INTO terms(term, df) SELECT term, doc FROM segments_vocab")

    async def set_meta(self, key: str, value: str) -> None:
        await self.writer.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    async def optimize(self) -> None:
        """Merge FTS b-trees after a large load so queries read fewer pages."""
        await self.writer.execute("INSERT INTO segments_fts(segments_fts) VALUES ('optimize')")
        await self.writer.commit()

    # ------------------------------------------------------------------ reading

    async def _fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        if self._reader is None:
            raise StoreError("the store is closed")
        try:
            async with self._reader.execute(sql, tuple(params)) as cur:
                return list(await cur.fetchall())
        except aiosqlite.OperationalError as exc:
            log.warning("store query failed: %s", exc)
            raise StoreError("the search index could not answer that; try different words") from exc

    async def get_meta(self, key: str) -> str | None:
        rows = await self._fetchall("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    async def counts(self) -> dict[str, int]:
        rows = await self._fetchall(
            "SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM episodes),"
            " (SELECT count(*) FROM segments), (SELECT count(DISTINCT name COLLATE NOCASE) FROM speakers),"
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
            f"SELECT {_EPISODE_COLUMNS}, description, duration_seconds, chapters_json, timed, segment_count,"
            " (SELECT group_concat(name, char(31)) FROM speakers WHERE episode = episodes.rowid)"
            " FROM episodes ORDER BY file, line"
        )
        return [_episode_row(row) for row in rows]

    async def episode_by_rowid(self, rowid: int) -> EpisodeRow | None:
        rows = await self._fetchall(
            f"SELECT {_EPISODE_COLUMNS}, description, duration_seconds, chapters_json, timed, segment_count,"
            " (SELECT group_concat(name, char(31)) FROM speakers WHERE episode = episodes.rowid)"
            " FROM episodes WHERE rowid = ?",
            (rowid,),
        )
        return _episode_row(rows[0]) if rows else None

    async def episode_rowid(self, episode_id: str) -> int | None:
        rows = await self._fetchall("SELECT rowid FROM episodes WHERE id = ?", (episode_id,))
        return rows[0][0] if rows else None

    async def episode_refs(self, rowids: Iterable[int]) -> dict[int, EpisodeRef]:
        ids = sorted(set(rowids))
        if not ids:
            return {}
        rows = await self._fetchall(f"SELECT {_EPISODE_COLUMNS} FROM episodes WHERE rowid IN ({_marks(len(ids))})", ids)
        return {row[0]: _episode_ref(row) for row in rows}

    async def transcript_profiles(self) -> dict[int, TranscriptProfile]:
        """Each episode's transcript opening and word counts, as ingest stored them."""
        rows = await self._fetchall("SELECT rowid, profile_json FROM episodes WHERE profile_json IS NOT NULL")
        return {rowid: TranscriptProfile(**json.loads(data)) for rowid, data in rows}

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
            f"SELECT DISTINCT name FROM speakers WHERE name COLLATE NOCASE IN ({_marks(len(names))})", names
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
        matches = [" AND ".join(_quote_term(t) for t in group) for group in groups]
        rows = await self._fetchall(parts, matches)
        return [(row[0], row[1]) for row in rows]

    async def match_segment_ids(self, match: str, limit: int) -> list[int]:
        """Segment ids matching an FTS5 expression built by the caller from quoted terms."""
        rows = await self._fetchall("SELECT rowid FROM segments_fts WHERE segments_fts MATCH ? LIMIT ?", (match, limit))
        return [row[0] for row in rows]

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
            "SELECT id, episode, seq, speaker, start, approximate, text FROM segments"
            f" WHERE id IN ({_marks(len(ids))})",
            ids,
        )
        return [_segment_row(row) for row in rows]

    async def segments_of_episode(self, rowid: int, speakers: Sequence[str] | None = None) -> list[SegmentRow]:
        sql = "SELECT id, episode, seq, speaker, start, approximate, text FROM segments WHERE episode = ?"
        params: list[Any] = [rowid]
        if speakers:
            sql += f" AND speaker IN ({_marks(len(speakers))})"
            params.extend(speakers)
        rows = await self._fetchall(sql + " ORDER BY seq", params)
        return [_segment_row(row) for row in rows]

    async def segments_of_speakers(self, speakers: Sequence[str], limit: int) -> list[SegmentRow]:
        rows = await self._fetchall(
            "SELECT id, episode, seq, speaker, start, approximate, text FROM segments"
            f" WHERE speaker IN ({_marks(len(speakers))}) LIMIT ?",
            [*speakers, limit],
        )
        return [_segment_row(row) for row in rows]

    async def context(self, segment_id: int, before: int = 2, after: int = 2) -> list[SegmentRow]:
        """The segment with its neighbours in the same episode, in order."""
        rows = await self._fetchall(
            "SELECT s.id, s.episode, s.seq, s.speaker, s.start, s.approximate, s.text FROM segments s"
            " JOIN segments t ON t.id = ? AND s.episode = t.episode"
            " WHERE s.seq BETWEEN t.seq - ? AND t.seq + ? ORDER BY s.seq",
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


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA synchronous = NORMAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute("PRAGMA busy_timeout = 10000")
    await conn.execute("PRAGMA cache_size = -65536")
    return conn


async def _migrate(conn: aiosqlite.Connection) -> None:
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT"
        " (datetime('now')))"
    )
    async with conn.execute("SELECT name FROM migrations") as cur:
        applied = {row[0] for row in await cur.fetchall()}
    for name, script in MIGRATIONS:
        if name in applied:
            continue
        log.info("applying migration %s", name)
        await conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                await conn.execute(statement)
            await conn.execute("INSERT INTO migrations(name) VALUES (?)", (name,))
            await conn.commit()
        except Exception:
            await conn.rollback()
            raise


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _quote_term(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _episode_ref(row: Sequence[Any]) -> EpisodeRef:
    _rowid, episode_id, title, show, file, line, url = row[:7]
    return EpisodeRef(id=episode_id, title=title, show=show, source=Source(file, line), url=url)


def _episode_row(row: Sequence[Any]) -> EpisodeRow:
    description, duration, chapters, timed, count, speakers = row[7:13]
    return EpisodeRow(
        rowid=row[0],
        ref=_episode_ref(row),
        description=description,
        duration_seconds=duration,
        chapters=json.loads(chapters),
        speakers=speakers.split("\x1f") if speakers else [],
        timed=bool(timed),
        segment_count=count,
    )


def _segment_row(row: Sequence[Any]) -> SegmentRow:
    seg_id, episode, seq, speaker, start, approximate, text = row
    return SegmentRow(seg_id, episode, seq, speaker, start, bool(approximate), text)


def _summary_to_json(summary: EpisodeSummary) -> dict[str, Any]:
    return {
        "overview": summary.overview,
        "key_points": [
            {
                "text": p.text,
                "speaker": p.speaker,
                "start_seconds": p.start_seconds,
                "timestamp": p.timestamp,
                "approximate": p.approximate,
            }
            for p in summary.key_points
        ],
        "speakers": [{"name": s.name, "share": s.share} for s in summary.speakers],
        "chapters": summary.chapters,
        "duration": summary.duration,
    }


def _summary_from_json(data: dict[str, Any]) -> EpisodeSummary:
    return EpisodeSummary(
        overview=data["overview"],
        key_points=[KeyPoint(**p) for p in data["key_points"]],
        speakers=[SpeakerShare(**s) for s in data["speakers"]],
        chapters=data["chapters"],
        duration=data["duration"],
    )

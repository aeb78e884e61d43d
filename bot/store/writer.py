"""The store's single writer: synchronous, used only on the store's writer thread through `Store.write`.

Ingest runs a whole reload through it as one transaction; each file is one call, so a load of a thousand files
costs a thousand thread hand-offs rather than tens of thousands.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.models import Episode
from bot.results import EpisodeSummary
from bot.store.rows import TranscriptProfile, marks, summary_to_json

# FTS5 merges index segments as it goes; a bulk load defers that to one 'optimize' at the end.
_DEFAULT_AUTOMERGE = 4


@dataclass(slots=True)
class FileChange:
    """What writing or removing one file did."""

    old_ids: set[str] = field(default_factory=set)
    new_ids: set[str] = field(default_factory=set)
    segments_removed: int = 0
    segments_added: int = 0
    held_elsewhere: list[tuple[int, str]] = field(default_factory=list)  # (line, file already holding it)


class Writer:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._db = conn

    def close(self) -> None:
        self._db.close()

    def file_hashes(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT name, sha256 FROM files"))

    def begin(self, *, bulk: bool = False) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        if bulk:
            self._set_automerge(0)

    def commit(self) -> None:
        self._set_automerge(_DEFAULT_AUTOMERGE)
        self._db.execute("COMMIT")

    def rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def _set_automerge(self, value: int) -> None:
        self._db.execute("INSERT INTO segments_fts(segments_fts, rank) VALUES ('automerge', ?)", (value,))

    def replace_file(
        self,
        file: str,
        sha256: str,
        size: int,
        episodes: Sequence[Episode],
        *,
        summaries: dict[str, EpisodeSummary] | None = None,
        profiles: dict[str, TranscriptProfile] | None = None,
    ) -> FileChange:
        """Put a file's episodes in place of what the store held from it (inside the caller's transaction).

        An episode another file already holds (the same listing line in two listings) is kept there only.
        """
        change = self.remove_file(file)
        held = self._files_holding([e.id for e in episodes])
        fresh = [e for e in episodes if held.get(e.id, file) == file]
        change.held_elsewhere = [(e.source.line, held[e.id]) for e in episodes if held.get(e.id, file) != file]
        last_id = self._max_segment_id()
        self._db.execute("INSERT INTO files(name, sha256, size) VALUES (?, ?, ?)", (file, sha256, size))
        for episode in fresh:
            rowid = self._insert_episode(episode, (summaries or {}).get(episode.id), (profiles or {}).get(episode.id))
            self._db.executemany(
                "INSERT INTO segments(episode, seq, speaker, start, approximate, text) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (rowid, seq, s.speaker, s.start_seconds, s.approximate, s.text)
                    for seq, s in enumerate(episode.segments)
                ],
            )
            change.segments_added += len(episode.segments)
        if change.segments_added:
            self._db.execute(
                "INSERT INTO segments_fts(rowid, text) SELECT id, text FROM segments WHERE id > ?", (last_id,)
            )
        change.new_ids = {e.id for e in fresh}
        return change

    def remove_file(self, file: str) -> FileChange:
        """Delete a file's episodes, segments and index entries (inside the caller's transaction)."""
        change = FileChange()
        for rowid, episode_id in self._db.execute("SELECT rowid, id FROM episodes WHERE file = ?", (file,)).fetchall():
            change.old_ids.add(episode_id)
            self._db.execute(
                "INSERT INTO segments_fts(segments_fts, rowid, text) "
                "SELECT 'delete', id, text FROM segments WHERE episode = ?",
                (rowid,),
            )
            self._db.execute(
                "INSERT INTO episodes_fts(episodes_fts, rowid, title, show, description, speakers, chapters) "
                "SELECT 'delete', rowid, title, coalesce(show, ''), description, speakers_text, chapters_json "
                "FROM episodes WHERE rowid = ?",
                (rowid,),
            )
            change.segments_removed += self._db.execute("DELETE FROM segments WHERE episode = ?", (rowid,)).rowcount
        self._db.execute("DELETE FROM files WHERE name = ?", (file,))
        return change

    def _files_holding(self, episode_ids: Sequence[str]) -> dict[str, str]:
        if not episode_ids:
            return {}
        sql = f"SELECT id, file FROM episodes WHERE id IN ({marks(len(episode_ids))})"
        return dict(self._db.execute(sql, tuple(episode_ids)))

    def _max_segment_id(self) -> int:
        return int(self._db.execute("SELECT coalesce(max(id), 0) FROM segments").fetchone()[0])

    def _insert_episode(
        self, episode: Episode, summary: EpisodeSummary | None, profile: TranscriptProfile | None
    ) -> int:
        chapters = json.dumps([{"title": c.title, "start_seconds": c.start_seconds} for c in episode.chapters])
        speakers_text = " ".join(sorted({name for sp in episode.speakers for name in (sp.name, *sp.aliases)}))
        cur = self._db.execute(
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
                None if summary is None else json.dumps(summary_to_json(summary)),
                None if profile is None else json.dumps({"lead": profile.lead, "terms": profile.terms}),
            ),
        )
        rowid = cur.lastrowid
        assert rowid is not None
        self._db.execute(
            "INSERT INTO episodes_fts(rowid, title, show, description, speakers, chapters) VALUES (?, ?, ?, ?, ?, ?)",
            (rowid, episode.title, episode.show or "", episode.description, speakers_text, chapters),
        )
        self._db.executemany(
            "INSERT INTO speakers(episode, name, aliases_json, words) VALUES (?, ?, ?, ?)",
            [(rowid, sp.name, json.dumps(sorted(sp.aliases)), sp.words) for sp in episode.speakers],
        )
        return rowid

    def refresh_terms(self) -> None:
        """Copy every indexed term's document frequency into `terms`, which search reads in one go."""
        self._db.execute("DELETE FROM terms")
        self._db.execute("INSERT INTO terms(term, df) SELECT term, doc FROM segments_vocab")

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def optimize(self) -> None:
        """Merge the full-text index's b-trees after a large load so queries read fewer pages."""
        self._db.execute("INSERT INTO segments_fts(segments_fts) VALUES ('optimize')")

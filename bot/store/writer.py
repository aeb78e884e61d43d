"""The store's single writer: synchronous, used only on the store's writer thread through `Store.write`.

Ingest runs a whole reload through it as one transaction; each file is one call, so a load of a thousand files
costs a thousand thread hand-offs rather than tens of thousands.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.store.records import EpisodeRecord, VectorBatch
from bot.store.rows import marks

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
        # Bumped when this process commits a new corpus version, so its own caches never outlive a reload.
        self.corpus_generation = 0
        self.vectors_generation = 0  # episodes embedded by this process
        self._new_corpus = False

    def close(self) -> None:
        self._db.close()

    def file_hashes(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT name, sha256 FROM files"))

    def file_depends(self) -> dict[str, str]:
        """Per feed file, the JSON of what its episodes also depend on (see `set_file_depends`)."""
        return dict(self._db.execute("SELECT name, depends_json FROM file_depends"))

    def set_file_depends(self, file: str, depends_json: str) -> None:
        """Record what a file's episodes depend on beside the file itself (after `replace_file`)."""
        self._db.execute(
            "INSERT INTO file_depends(name, depends_json) VALUES (?, ?)"
            " ON CONFLICT(name) DO UPDATE SET depends_json = excluded.depends_json",
            (file, depends_json),
        )

    def begin(self, *, bulk: bool = False) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        if bulk:
            self._set_automerge(0)

    def commit(self) -> None:
        self._set_automerge(_DEFAULT_AUTOMERGE)
        self._db.execute("COMMIT")
        if self._new_corpus:
            self.corpus_generation += 1
            self._new_corpus = False

    def rollback(self) -> None:
        self._new_corpus = False
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def _set_automerge(self, value: int) -> None:
        self._db.execute("INSERT INTO segments_fts(segments_fts, rank) VALUES ('automerge', ?)", (value,))

    def replace_file(self, file: str, sha256: str, size: int, records: Sequence[EpisodeRecord]) -> FileChange:
        """Put a file's episodes in place of what the store held from it (inside the caller's transaction).

        An episode another file already holds (the same listing line in two listings) is kept there only.
        """
        change = self.remove_file(file)
        held = self._files_holding([r.id for r in records])
        fresh = [r for r in records if held.get(r.id, file) == file]
        change.held_elsewhere = [(r.line, held[r.id]) for r in records if held.get(r.id, file) != file]
        last_id = next_id = self._max_segment_id()
        self._db.execute("INSERT INTO files(name, sha256, size) VALUES (?, ?, ?)", (file, sha256, size))
        for record in fresh:
            # An episode's segments take consecutive ids, first + seq: reads find them by id range.
            first = next_id + 1
            rowid = self._insert_episode(record, first)
            self._db.executemany(
                "INSERT INTO segments(id, episode, seq, speaker, start, approximate, text, marks)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(first + values[0], rowid, *values) for values in record.segments],
            )
            next_id += len(record.segments)
        change.segments_added = next_id - last_id
        if change.segments_added:
            self._db.execute(
                "INSERT INTO segments_fts(rowid, text) SELECT id, text FROM segments WHERE id > ?", (last_id,)
            )
        change.new_ids = {r.id for r in fresh}
        return change

    def remove_file(self, file: str) -> FileChange:
        """Delete a file's episodes, segments and index entries (inside the caller's transaction)."""
        change = FileChange()
        episodes = self._db.execute(
            "SELECT rowid, id, first_segment, first_segment + segment_count - 1 FROM episodes WHERE file = ?", (file,)
        ).fetchall()
        for rowid, episode_id, first, last in episodes:
            change.old_ids.add(episode_id)
            self._db.execute(
                "INSERT INTO segments_fts(segments_fts, rowid, text) "
                "SELECT 'delete', id, text FROM segments WHERE id BETWEEN ? AND ?",
                (first, last),
            )
            self._db.execute(
                "INSERT INTO episodes_fts(episodes_fts, rowid, title, show, description, speakers, chapters) "
                "SELECT 'delete', rowid, title, coalesce(show, ''), description, speakers_text, chapters_json "
                "FROM episodes WHERE rowid = ?",
                (rowid,),
            )
            deleted = self._db.execute("DELETE FROM segments WHERE id BETWEEN ? AND ?", (first, last))
            change.segments_removed += deleted.rowcount
        self._db.execute("DELETE FROM files WHERE name = ?", (file,))
        return change

    def rename_file(self, old: str, new: str) -> None:
        """Give a file's episodes, and what they depend on, to a new name (inside the caller's transaction): its
        source moved (a feed URL edited, a feed file renamed), its episodes stay the same episodes."""
        self._db.execute(
            "INSERT INTO files(name, sha256, size, ingested_at) SELECT ?, sha256, size, ingested_at FROM files"
            " WHERE name = ?",
            (new, old),
        )
        self._db.execute("UPDATE episodes SET file = ? WHERE file = ?", (new, old))
        self._db.execute("UPDATE file_depends SET name = ? WHERE name = ?", (new, old))
        self._db.execute("DELETE FROM files WHERE name = ?", (old,))

    def files_holding(self, episode_ids: Sequence[str]) -> dict[str, int]:
        """How many of these episodes each file holds (as this transaction sees the store)."""
        held: dict[str, int] = {}
        for file in self._files_holding(episode_ids).values():
            held[file] = held.get(file, 0) + 1
        return held

    def _files_holding(self, episode_ids: Sequence[str]) -> dict[str, str]:
        if not episode_ids:
            return {}
        sql = f"SELECT id, file FROM episodes WHERE id IN ({marks(len(episode_ids))})"
        return dict(self._db.execute(sql, tuple(episode_ids)))

    def _max_segment_id(self) -> int:
        return int(self._db.execute("SELECT coalesce(max(id), 0) FROM segments").fetchone()[0])

    def _insert_episode(self, record: EpisodeRecord, first_segment: int) -> int:
        cur = self._db.execute(
            "INSERT INTO episodes(id, file, line, title, show, description, url, duration_seconds,"
            " chapters_json, speakers_text, timed, segment_count, summary_json, profile_json, first_segment,"
            " published, enclosure_url, image_url, people_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*record.episode_values(), first_segment, *record.feed_values()),
        )
        rowid = cur.lastrowid
        assert rowid is not None
        self._db.execute(
            "INSERT INTO episodes_fts(rowid, title, show, description, speakers, chapters) VALUES (?, ?, ?, ?, ?, ?)",
            (rowid, record.title, record.show or "", record.description, record.speakers_text, record.chapters_json),
        )
        self._db.executemany(
            "INSERT INTO speakers(episode, name, aliases_json, words) VALUES (?, ?, ?, ?)",
            [(rowid, *values) for values in record.speakers],
        )
        return rowid

    def refresh_terms(self) -> None:
        """Copy every indexed term's document frequency into `terms`, which search reads in one go."""
        self._db.execute("DELETE FROM terms")
        self._db.execute("INSERT INTO terms(term, df) SELECT term, doc FROM segments_vocab")

    def write_vectors(self, batch: VectorBatch) -> bool:
        """Record an episode's vectors in one transaction of their own, unless a reload is writing or has changed
        the corpus since the segments were read (nothing is written then, and False says try again later)."""
        if self._db.in_transaction:
            return False
        self._db.execute("BEGIN IMMEDIATE")
        try:
            version = self._db.execute("SELECT value FROM meta WHERE key = 'corpus_version'").fetchone()
            alive = self._db.execute("SELECT 1 FROM episodes WHERE rowid = ?", (batch.episode,)).fetchone()
            if (version[0] if version else None) != batch.corpus_version or alive is None:
                self._db.execute("ROLLBACK")
                return False
            self._db.executemany(
                "INSERT OR IGNORE INTO text_vectors(key, code, vector) VALUES (?, ?, ?)", batch.new_vectors
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO segment_vectors(segment, episode, key) VALUES (?, ?, ?)",
                [(segment, batch.episode, key) for segment, key in batch.segment_keys],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO description_vectors(episode, chunk, key) VALUES (?, ?, ?)",
                [(batch.episode, chunk, key) for chunk, key in batch.description_keys],
            )
            self._db.execute(
                "INSERT OR REPLACE INTO embedded_episodes(episode, model) VALUES (?, ?)", (batch.episode, batch.model)
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self.vectors_generation += 1
        return True

    def prune_vectors(self) -> int:
        """Forget the vectors of texts no segment has any more (after reloads changed them); how many."""
        if self._db.in_transaction:
            return 0
        cursor = self._db.execute(
            "DELETE FROM text_vectors WHERE key NOT IN (SELECT key FROM segment_vectors)"
            " AND key NOT IN (SELECT key FROM description_vectors)"
        )
        return cursor.rowcount

    def set_meta(self, key: str, value: str) -> None:
        self._new_corpus = self._new_corpus or key == "corpus_version"
        self._db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def optimize(self) -> None:
        """Merge the full-text index's b-trees after a large load so queries read fewer pages."""
        self._db.execute("INSERT INTO segments_fts(segments_fts) VALUES ('optimize')")

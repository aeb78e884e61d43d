"""The database schema, as ordered migrations recorded in a table, and the connection settings."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 10000",
    "PRAGMA cache_size = -32768",
)

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
        INSERT INTO terms(term, df) SELECT term, doc FROM segments_vocab;
        """,
    ),
    (
        "0004_episode_transcript_profile",
        """
        ALTER TABLE episodes ADD COLUMN profile_json TEXT;
        """,
    ),
    (
        # Search only asks the segment index which rows hold which terms, so the per-row lengths kept for bm25
        # are dead weight: dropping them makes indexing about a third cheaper. (bm25 still works, deriving
        # lengths from the content table; only the benchmark's naive baseline calls it.)
        "0005_segment_index_without_row_lengths",
        """
        DROP TABLE segments_vocab;
        DROP TABLE segments_fts;
        CREATE VIRTUAL TABLE segments_fts USING fts5(
            text, content='segments', content_rowid='id', tokenize='unicode61 remove_diacritics 2',
            detail='column', columnsize=0
        );
        CREATE VIRTUAL TABLE segments_vocab USING fts5vocab(segments_fts, 'row');
        INSERT INTO segments_fts(segments_fts) VALUES ('rebuild');
        """,
    ),
    (
        # An episode's segments have consecutive ids (the writer assigns them), so its segments are the id
        # range first_segment .. first_segment + segment_count - 1 and need no (episode, seq) index: one less
        # b-tree to update per segment. The foreign key goes with the index, since without one every deleted
        # episode would scan the whole table for children.
        "0006_segments_by_id_range",
        """
        ALTER TABLE episodes ADD COLUMN first_segment INTEGER;
        UPDATE episodes SET first_segment = (SELECT min(id) FROM segments WHERE segments.episode = episodes.rowid);
        CREATE TABLE segments_by_range (
            id INTEGER PRIMARY KEY,
            episode INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            speaker TEXT,
            start REAL,
            approximate INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL
        );
        INSERT INTO segments_by_range(id, episode, seq, speaker, start, approximate, text)
            SELECT id, episode, seq, speaker, start, approximate, text FROM segments ORDER BY id;
        DROP TABLE segments;
        ALTER TABLE segments_by_range RENAME TO segments;
        """,
    ),
    (
        # Feeds date their episodes, name their audio, artwork and people (host, guest). A feed is one file whose
        # episodes also depend on transcripts and chapters beside it or fetched for it: `file_depends` keeps
        # their hashes so an unchanged feed is recognised without parsing it again.
        "0007_feed_fields",
        """
        ALTER TABLE episodes ADD COLUMN published TEXT;
        ALTER TABLE episodes ADD COLUMN enclosure_url TEXT;
        ALTER TABLE episodes ADD COLUMN image_url TEXT;
        ALTER TABLE episodes ADD COLUMN people_json TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX episodes_show ON episodes(show COLLATE NOCASE);
        CREATE INDEX episodes_published ON episodes(published);
        CREATE TABLE file_depends (
            name TEXT PRIMARY KEY REFERENCES files(name) ON DELETE CASCADE,
            depends_json TEXT NOT NULL
        );
        """,
    ),
    (
        # A passage joins one speaker's consecutive cues; `marks` keeps where each later cue begins (JSON
        # [[offset, seconds], ...], NULL for a passage of one cue), so a quote is timed at the cue its words start in.
        "0009_segment_cue_marks",
        """
        ALTER TABLE segments ADD COLUMN marks TEXT;
        """,
    ),
    (
        # Meaning search: every distinct text's vector once (`text_vectors`, keyed by a hash of the model and the
        # text, so a reload that re-reads unchanged text embeds nothing again), which segment has which
        # (`segment_vectors`, gone with its episode), and which episodes are fully embedded by which model.
        # `code` is the vector's sign bits, all that is held in memory; `vector` (int8) re-ranks the best few.
        "0010_meaning_vectors",
        """
        CREATE TABLE text_vectors (
            key BLOB PRIMARY KEY,
            code BLOB NOT NULL,
            vector BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE segment_vectors (
            segment INTEGER PRIMARY KEY,
            episode INTEGER NOT NULL REFERENCES episodes(rowid) ON DELETE CASCADE,
            key BLOB NOT NULL
        );
        CREATE INDEX segment_vectors_episode ON segment_vectors(episode);
        CREATE INDEX segment_vectors_key ON segment_vectors(key);
        CREATE TABLE embedded_episodes (
            episode INTEGER PRIMARY KEY REFERENCES episodes(rowid) ON DELETE CASCADE,
            model TEXT NOT NULL
        );
        """,
    ),
    (
        # Episodes known only by their description (most of a directory listing's) are found by meaning too: the
        # title and description in chunks of a few sentences, each with its vector in `text_vectors`.
        "0011_description_vectors",
        """
        CREATE TABLE description_vectors (
            episode INTEGER NOT NULL REFERENCES episodes(rowid) ON DELETE CASCADE,
            chunk INTEGER NOT NULL,
            key BLOB NOT NULL,
            PRIMARY KEY (episode, chunk)
        ) WITHOUT ROWID;
        CREATE INDEX description_vectors_key ON description_vectors(key);
        """,
    ),
]


def connect_writer(path: Path) -> sqlite3.Connection:
    """The single writer's connection: autocommit mode, transactions opened explicitly."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def migrate(conn: sqlite3.Connection, migrations: Sequence[tuple[str, str]] = MIGRATIONS) -> None:
    """Apply the migrations not yet recorded, each in its own transaction."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT"
        " (datetime('now')))"
    )
    applied = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    for name, script in migrations:
        if name in applied:
            continue
        log.info("applying migration %s", name)
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in (s.strip() for s in script.split(";")):
                if statement:
                    conn.execute(statement)
            conn.execute("INSERT INTO migrations(name) VALUES (?)", (name,))
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise

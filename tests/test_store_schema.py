"""Schema migrations: a store written by the first release opens, upgrades in place, and still answers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.ingest import ingest_folder
from bot.ingest.parsers import parse_document
from bot.search import search_quotes
from bot.store import Store, database, episode_record, schema
from tests.conftest import PAGE_TIMED

FIRST_RELEASE = 4  # migrations 0001-0004


def _write_like_the_first_release(db: Path, seeds: Path) -> None:
    """The seeds, stored with the first release's schema and the SQL its writer ran."""
    conn = schema.connect_writer(db)
    schema.migrate(conn, schema.MIGRATIONS[:FIRST_RELEASE])
    conn.execute("BEGIN")
    for path in sorted(seeds.iterdir()):
        conn.execute("INSERT INTO files(name, sha256, size) VALUES (?, 'old', 0)", (path.name,))
        for episode in parse_document(path.name, path.read_text(encoding="utf-8"))[0]:
            record = episode_record(episode)
            rowid = conn.execute(
                "INSERT INTO episodes(id, file, line, title, show, description, url, duration_seconds,"
                " chapters_json, speakers_text, timed, segment_count, summary_json, profile_json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                record.episode_values(),
            ).lastrowid
            conn.execute(
                "INSERT INTO episodes_fts(rowid, title, show, description, speakers, chapters)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    rowid,
                    record.title,
                    record.show or "",
                    record.description,
                    record.speakers_text,
                    record.chapters_json,
                ),
            )
            conn.executemany(
                "INSERT INTO segments(episode, seq, speaker, start, approximate, text) VALUES (?, ?, ?, ?, ?, ?)",
                [(rowid, *values[:5]) for values in record.segments],  # the first release kept no cue marks
            )
    conn.execute("INSERT INTO segments_fts(rowid, text) SELECT id, text FROM segments")
    conn.execute("INSERT INTO terms(term, df) SELECT term, doc FROM segments_vocab")
    conn.execute("COMMIT")
    conn.close()


def _segments_by_episode(db: Path) -> dict[int, list[tuple]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT episode, id, seq, speaker, start, text FROM segments ORDER BY episode, seq")
        grouped: dict[int, list[tuple]] = {}
        for episode, *row in rows:
            grouped.setdefault(episode, []).append(tuple(row))
    return grouped


async def test_first_release_store_is_upgraded_in_place_and_reads_the_same(tmp_path, seeds_copy):
    db = tmp_path / "old.db"
    _write_like_the_first_release(db, seeds_copy)
    before = _segments_by_episode(db)

    async with await Store.open(db) as store:
        for rowid, segments in before.items():
            got = await store.segments_of_episode(rowid)
            assert [(s.id, s.seq, s.speaker, s.start_seconds, s.text) for s in got] == segments
        answer = await search_quotes(store, "willy wonka factory of AI", limit=3)
        context = await store.context(answer.hits[0].segment_id)
    assert answer.hits[0].speaker == "Andrew Zigler", "the rebuilt segment index still finds quotes"
    assert len(context) == 5 and len({s.episode_rowid for s in context}) == 1
    assert _segments_by_episode(db) == before
    with sqlite3.connect(db) as conn:
        applied = [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY rowid")]
        assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'segments_fts_docsize'").fetchone() is None
    assert applied == [name for name, _ in schema.MIGRATIONS]


async def test_upgraded_store_replaces_and_removes_files_without_leftovers(tmp_path, seeds_copy):
    db = tmp_path / "old.db"
    _write_like_the_first_release(db, seeds_copy)
    (seeds_copy / PAGE_TIMED).unlink()
    async with await Store.open(db) as store:
        report = await ingest_folder(store, seeds_copy)
        counts = await store.counts()
        stale = await search_quotes(store, "willy wonka factory of AI", limit=3)
    assert report.files_removed == [PAGE_TIMED] and len(report.files_changed) == 3
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM segments").fetchone()[0]
        orphans = conn.execute("SELECT count(*) FROM segments WHERE episode NOT IN (SELECT rowid FROM episodes)")
        assert orphans.fetchone()[0] == 0
    assert stored == counts["segments"] > 0
    assert all(hit.episode.source.file != PAGE_TIMED for hit in stale.hits)


async def test_the_readers_page_cache_is_kept_small(tmp_path: Path) -> None:
    # with meaning search on, a million segments fit in 500 MB only with a small readers' cache (8 MB)
    async with await Store.open(tmp_path / "store.db") as store:
        assert await store._fetchall("PRAGMA cache_size") == [(-database.READER_CACHE_KIB,)]

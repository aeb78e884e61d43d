"""Schema migrations: a store built by an older release opens, upgrades in place, and still answers."""

from __future__ import annotations

import sqlite3

from bot.ingest import ingest_folder
from bot.search import search_quotes
from bot.store import Store, schema


async def test_store_built_before_migration_5_is_upgraded_and_keeps_its_segments(tmp_path, seeds_copy, monkeypatch):
    db = tmp_path / "old.db"
    with monkeypatch.context() as old_release:
        old_release.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:4])
        async with await Store.open(db) as store:
            await ingest_folder(store, seeds_copy)
            before = await store.counts()
    assert _has_table(db, "segments_fts_docsize")

    async with await Store.open(db) as store:
        assert await store.counts() == before
        answer = await search_quotes(store, "willy wonka factory of AI", limit=3)
        report = await ingest_folder(store, seeds_copy)
    assert answer.hits and answer.hits[0].speaker == "Andrew Zigler", "the rebuilt index still finds quotes"
    assert report.files_unchanged and not report.files_changed
    assert not _has_table(db, "segments_fts_docsize")
    assert _applied(db)[-1] == schema.MIGRATIONS[-1][0]


def _has_table(db, name: str) -> bool:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _applied(db) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY rowid")]

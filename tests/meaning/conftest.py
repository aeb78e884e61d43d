"""A small store embedded with the shipped model: one fixture episode, built once per test session."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.ingest import ingest_folder
from bot.meaning import embed_pending, shared_encoder
from bot.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "meaning"


@pytest.fixture(scope="session")
def meaning_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("meaning-seeds")
    for path in FIXTURES.iterdir():
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def meaning_db(tmp_path_factory: pytest.TempPathFactory, meaning_folder: Path) -> Path:
    db = tmp_path_factory.mktemp("meaning-db") / "meaning.db"

    async def build() -> None:
        async with await Store.open(db) as store:
            await ingest_folder(store, meaning_folder)
            await embed_pending(store, shared_encoder())

    asyncio.run(build())
    return db


@pytest.fixture
async def meaning_store(meaning_db: Path, tmp_path: Path) -> AsyncIterator[Store]:
    copy = tmp_path / "meaning.db"
    shutil.copy(meaning_db, copy)
    store = await Store.open(copy)
    try:
        yield store
    finally:
        await store.close()

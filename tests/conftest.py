"""Shared fixtures: the real seed documents, parsed once, and a store built from them once per session."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.ingest import ingest_folder
from bot.ingest.parsers import parse_document
from bot.meaning import embed_pending, shared_encoder
from bot.models import Episode
from bot.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PAGE_TIMED = "000_361322009773b1d4.txt"
LISTING_A = "001_a932c1861f712ff7.txt"
LISTING_B = "002_9d24202daeb5a57a.txt"
PAGE_UNTIMED = "003_70abd20a65a5d59f.txt"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_episodes() -> dict[str, list[Episode]]:
    """Every seed file parsed: file name -> episodes."""
    return {p.name: parse_document(p.name, p.read_text(encoding="utf-8"))[0] for p in sorted(SEEDS.iterdir())}


def episode_at(episodes: dict[str, list[Episode]], file: str, line: int) -> Episode:
    return next(e for e in episodes[file] if e.source.line == line)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file holding the seed corpus, built once; tests open it read-only through `seed_store`."""
    folder = tmp_path_factory.mktemp("seed-db")
    db = folder / "seeds.db"

    async def build() -> None:
        async with await Store.open(db) as store:
            await ingest_folder(store, SEEDS)

    asyncio.run(build())
    return db


@pytest.fixture
async def seed_store(seed_db: Path) -> AsyncIterator[Store]:
    store = await Store.open(seed_db)
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seeds folder, for tests that change documents."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


# A small store embedded with the shipped model: one fixture episode, built once per test session.
MEANING_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "meaning"


@pytest.fixture(scope="session")
def meaning_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("meaning-seeds")
    for path in MEANING_FIXTURES.iterdir():
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

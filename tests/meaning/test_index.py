"""The index in memory: up to date as soon as this process embeds, never keeping a member waiting on a big read."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np

from bot.ingest import ingest_folder
from bot.meaning import embed_pending, passages_by_meaning, shared_encoder, similarities, switch_off
from bot.meaning import index as index_module
from bot.meaning.codes import as_words
from bot.meaning.embedder import embedding_id
from bot.meaning.index import CodeBlock, SegmentCodes, index_of
from bot.store import Store
from tests.meaning.test_embedder import transcript


async def three_episodes(tmp_path: Path) -> Store:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in ("pager", "garden", "ledger"):
        lines = [f"This is the {name} episode, and we talk about it at length.", f"More about the {name} today."]
        (folder / f"{name}.json").write_text(transcript(*lines))
    store = await Store.open(tmp_path / "store.db")
    await ingest_folder(store, folder)
    return store


async def test_episodes_embedded_here_are_searchable_at_once(tmp_path: Path) -> None:
    encoder = shared_encoder()
    model = embedding_id(encoder)
    async with await three_episodes(tmp_path) as store:
        await embed_pending(store, encoder, limit=1)
        assert len((await index_of(store, model)).episodes) == 1
        await embed_pending(store, encoder)
        everything = await store.embedded_episodes(model)
        assert len(everything) > 1
        assert (await index_of(store, model)).episodes == everything  # no waiting out the once-a-second check


async def test_a_search_during_a_long_read_is_answered_from_what_is_there(tmp_path: Path, monkeypatch) -> None:
    encoder = shared_encoder()
    model = embedding_id(encoder)
    store = await three_episodes(tmp_path)
    await embed_pending(store, encoder)
    monkeypatch.setattr(index_module, "EPISODES_PER_READ", 1)  # every episode past the first makes it a long read
    reading = asyncio.Event()
    release = asyncio.Event()
    read_codes = store.vector_codes

    async def slow_codes(episodes: list[int]) -> list[tuple[int, bytes]]:
        reading.set()
        await release.wait()
        return await read_codes(episodes)

    monkeypatch.setattr(store, "vector_codes", slow_codes)
    loading = asyncio.create_task(index_of(store, model))
    await reading.wait()
    meanwhile = await asyncio.wait_for(index_of(store, model), timeout=1)
    assert len(meanwhile) == 0  # nothing searchable yet: the words answer
    release.set()
    loaded = await loading
    assert len(loaded.episodes) == 3 and (await index_of(store, model)) is loaded
    await store.close()


def test_codes_added_in_blocks_are_found_by_id_and_the_last_small_block_absorbs_new_ones(monkeypatch) -> None:
    monkeypatch.setattr(index_module, "BLOCK_CODES", 4)
    rng = np.random.default_rng(3)
    codes = {segment: rng.integers(0, 256, size=96, dtype=np.uint8).tobytes() for segment in range(100, 110)}
    held = SegmentCodes()
    for first in (100, 103, 106, 109):  # the second joins the first (3 < 4), the third starts anew, the last joins it
        held = held.with_added(CodeBlock.of([(i, codes[i]) for i in range(first, min(first + 3, 110))][::-1]))
    assert [len(block) for block in held.blocks] == [6, 4]
    assert all(list(block.ids) == sorted(block.ids) for block in held.blocks)
    query = as_words(np.frombuffer(codes[107], dtype=np.uint8)[None, :])[0]
    assert held.nearest(query, 1) == [107]
    assert held.nearest(query, 1, within=[(100, 104)]) != [107]
    assert sorted(held.nearest(query, 10, within=[(101, 102), (108, 200)])) == [101, 102, 108, 109]


async def test_switched_off_a_store_is_searched_by_its_words_alone(meaning_store: Store) -> None:
    question = "being woken up by alerts all night"
    assert await passages_by_meaning(meaning_store, question)
    switch_off(meaning_store)
    assert await passages_by_meaning(meaning_store, question) == []


async def test_segments_are_scored_by_how_close_in_meaning_they_are(meaning_store: Store) -> None:
    texts = dict(await meaning_store.texts_between(1, 10_000))
    scores = await similarities(meaning_store, "being woken up by alerts all night", list(texts))
    closest = max(scores, key=scores.__getitem__)
    assert "pager went off" in texts[closest]
    switch_off(meaning_store)
    assert await similarities(meaning_store, "being woken up by alerts all night", list(texts)) == {}

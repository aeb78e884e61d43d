"""Embedding in the background: everything gets its vectors once, atomically per episode, never over a reload."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bot.ingest import ingest_folder
from bot.meaning import description_chunks, embed_pending, shared_encoder
from bot.meaning.embedder import MIN_WORDS, embedding_id, episode_vectors
from bot.store import Store, Writer
from tests.conftest import MEANING_FIXTURES as FIXTURES

EPISODE = "night-shift-with-sam-okafor.json"


def transcript(*lines: str) -> str:
    """Each line a turn of its own (the speakers take turns)."""
    speakers = ("Ann", "Bo")
    segments = [{"speaker": speakers[i % 2], "startTime": float(i), "body": line} for i, line in enumerate(lines)]
    return json.dumps({"version": "1.0.0", "segments": segments})


async def vector_rows(store: Store) -> tuple[int, int, int]:
    rows = await store._fetchall(
        "SELECT (SELECT count(*) FROM text_vectors), (SELECT count(*) FROM segment_vectors),"
        " (SELECT count(*) FROM embedded_episodes)"
    )
    return tuple(rows[0])  # type: ignore[return-value]


async def test_every_passage_worth_embedding_is_embedded_once(meaning_store: Store) -> None:
    model = embedding_id(shared_encoder())
    assert await meaning_store.episodes_to_embed(model) == []
    total = (await meaning_store.counts())["segments"]
    assert await meaning_store.embedding_progress(model) == (total, total)
    texts = await meaning_store._fetchall("SELECT text FROM segments")
    worth = [row[0] for row in texts if len(row[0].split()) >= MIN_WORDS]
    assert len(worth) == total - 1  # "Yeah." says nothing: no vector
    (episode,) = await meaning_store.episodes()
    chunks = description_chunks(episode.ref.title, episode.description)
    assert chunks == [f"{episode.ref.title}."]  # the title: an episode with no description has one chunk
    assert await vector_rows(meaning_store) == (total - 1 + len(chunks), total - 1, 1)
    again = await embed_pending(meaning_store, shared_encoder())
    assert again.episodes == 0 and again.texts_embedded == 0


async def test_a_reload_that_keeps_the_words_embeds_only_what_changed(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "talk.json").write_text(transcript("we moved the database to postgres last spring", "the cat sat down"))
    async with await Store.open(tmp_path / "store.db") as store:
        await ingest_folder(store, folder)
        first = await embed_pending(store, shared_encoder())
        assert first.texts_embedded == 2
        (folder / "talk.json").write_text(
            transcript("we moved the database to postgres last spring", "the dog stood up and barked")
        )
        await ingest_folder(store, folder)  # the episode is replaced: new segment ids, one new text
        second = await embed_pending(store, shared_encoder())
        assert (second.episodes, second.texts_embedded) == (1, 1)
        assert await vector_rows(store) == (2, 2, 1)  # the old text's vector was pruned with nothing using it


async def test_vectors_computed_before_a_reload_are_not_written_after_it(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(FIXTURES, folder)
    async with await Store.open(tmp_path / "store.db") as store:
        await ingest_folder(store, folder)
        ((episode, first, count),) = await store.episodes_to_embed(embedding_id(shared_encoder()))
        batch, _ran = await episode_vectors(store, shared_encoder(), episode, (first, first + count - 1))
        (folder / "extra.json").write_text(transcript("a brand new episode arrives meanwhile"))
        await ingest_folder(store, folder)  # a reload changes the corpus in between
        assert await store.write(lambda writer: writer.write_vectors(batch)) is False
        await store.write(lambda writer: writer.begin())  # a reload's transaction is open
        try:
            fresh, _ran = await episode_vectors(store, shared_encoder(), episode, (first, first + count - 1))
            assert await store.write(lambda writer: writer.write_vectors(fresh)) is False
        finally:
            await store.write(Writer.rollback)
        assert await vector_rows(store) == (0, 0, 0)
        report = await embed_pending(store, shared_encoder())
        assert report.episodes == 2 and not report.interrupted


async def test_a_removed_episode_takes_its_vectors_with_it(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(FIXTURES, folder)
    async with await Store.open(tmp_path / "store.db") as store:
        await ingest_folder(store, folder)
        await embed_pending(store, shared_encoder())
        (folder / EPISODE).unlink()
        await ingest_folder(store, folder)
        _texts, segments, episodes = await vector_rows(store)
        assert (segments, episodes) == (0, 0)
        await store.write(Writer.prune_vectors)
        assert await vector_rows(store) == (0, 0, 0)

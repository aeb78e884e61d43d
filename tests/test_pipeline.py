"""Ingest into the store: idempotent, incremental, atomic, and tolerant of bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.ingest import ingest_folder, pipeline
from bot.seeds import MAX_DOCUMENT_BYTES
from bot.store import Store, Writer
from tests.conftest import PAGE_TIMED

DOC = {
    "version": "1.0.0",
    "segments": [{"speaker": "Ana", "startTime": 1, "endTime": 2, "body": "One line here."}],
}


async def _ingest(db: Path, folder: Path):
    async with await Store.open(db) as store:
        report = await ingest_folder(store, folder)
        return report, await store.counts()


async def test_ingest_twice_changes_nothing(tmp_path, seeds_copy):
    first, counts = await _ingest(tmp_path / "s.db", seeds_copy)
    assert len(first.files_added) == 4 and first.episodes_added == counts["episodes"] > 90
    second, again = await _ingest(tmp_path / "s.db", seeds_copy)
    assert second.files_unchanged == sorted(p.name for p in seeds_copy.iterdir())
    assert (second.episodes_added, second.episodes_changed, second.episodes_removed) == (0, 0, 0)
    assert again == counts


async def test_changed_file_replaces_and_removed_file_removes(tmp_path, seeds_copy):
    db = tmp_path / "s.db"
    _, before = await _ingest(db, seeds_copy)
    page = seeds_copy / PAGE_TIMED
    page.write_text(page.read_text(encoding="utf-8").replace("Moltbook", "Moltbook2"), encoding="utf-8")
    report, after = await _ingest(db, seeds_copy)
    assert report.files_changed == [PAGE_TIMED] and report.episodes_changed + report.episodes_added == 1
    assert after["segments"] == before["segments"]
    async with await Store.open(db) as store:
        assert (await store.vocabulary()).get("moltbook2")
    page.unlink()
    report, gone = await _ingest(db, seeds_copy)
    assert report.files_removed == [PAGE_TIMED] and report.episodes_removed == 1
    assert gone["episodes"] == before["episodes"] - 1
    async with await Store.open(db) as store:
        assert "moltbook2" not in await store.vocabulary()


async def test_bad_files_are_skipped_with_reasons_and_the_rest_ingests(tmp_path, seeds_copy):
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "binary.bin").write_bytes(b"\x00\x01\x02PNG\x00")
    (seeds_copy / "latin1.txt").write_bytes("caf\xe9 ol\xe9".encode("latin-1"))
    (seeds_copy / "garbage.json").write_text("{not json", encoding="utf-8")
    (seeds_copy / "good.json").write_text(json.dumps(DOC), encoding="utf-8")
    report, counts = await _ingest(tmp_path / "s.db", seeds_copy)
    assert set(report.files_skipped) == {"empty.txt", "binary.bin", "latin1.txt", "garbage.json"}
    assert "empty" in report.files_skipped["empty.txt"]
    assert "binary" in report.files_skipped["binary.bin"]
    assert "UTF-8" in report.files_skipped["latin1.txt"]
    assert "JSON" in report.files_skipped["garbage.json"]
    assert "good.json" in report.files_added and counts["files"] == 5


async def test_a_file_that_turns_bad_keeps_what_was_ingested(tmp_path, seeds_copy):
    db = tmp_path / "s.db"
    good = seeds_copy / "good.json"
    good.write_text(json.dumps(DOC), encoding="utf-8")
    _, before = await _ingest(db, seeds_copy)
    good.write_bytes(b"\xff\xfe broken")
    report, after = await _ingest(db, seeds_copy)
    assert "good.json" in report.files_skipped and after == before


async def test_readers_see_the_old_state_until_the_reload_commits(tmp_path, seeds_copy):
    db = tmp_path / "s.db"
    _, before = await _ingest(db, seeds_copy)
    (seeds_copy / "good.json").write_text(json.dumps(DOC), encoding="utf-8")
    seen_during: list[int] = []

    async with await Store.open(db) as store:

        async def progress(_message: str) -> None:
            seen_during.append((await store.counts())["episodes"])

        await ingest_folder(store, seeds_copy, progress=progress)
        assert seen_during and set(seen_during) == {before["episodes"]}
        assert (await store.counts())["episodes"] == before["episodes"] + 1


async def test_failed_reload_leaves_the_old_state(tmp_path, seeds_copy, monkeypatch):
    db = tmp_path / "s.db"
    _, before = await _ingest(db, seeds_copy)
    (seeds_copy / "good.json").write_text(json.dumps(DOC), encoding="utf-8")

    def explode(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Writer, "refresh_terms", explode)
    async with await Store.open(db) as store:
        with pytest.raises(RuntimeError, match="disk on fire"):
            await ingest_folder(store, seeds_copy)
        assert await store.counts() == before


async def test_a_new_parser_version_rereads_every_file_once(tmp_path, seeds_copy, monkeypatch):
    db = tmp_path / "s.db"
    _, before = await _ingest(db, seeds_copy)
    monkeypatch.setattr(pipeline, "PARSER_VERSION", "next")
    reread, after = await _ingest(db, seeds_copy)
    again, _ = await _ingest(db, seeds_copy)
    assert reread.files_changed == sorted(p.name for p in seeds_copy.iterdir()) and not reread.files_unchanged
    assert (reread.episodes_added, reread.episodes_removed) == (0, 0) and after == before
    assert not again.files_changed and len(again.files_unchanged) == len(reread.files_changed)


async def test_a_huge_file_is_skipped_unread_and_a_binary_one_by_its_first_bytes(tmp_path, seeds_copy):
    huge = seeds_copy / "huge.txt"
    with huge.open("wb") as sparse:  # 1 MB over the cap and costs no disk: never read, only its size is asked
        sparse.truncate(MAX_DOCUMENT_BYTES + 1024 * 1024)
    with (seeds_copy / "episode.mp3").open("wb") as audio:
        audio.write(b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb" * 100_000)
    report, counts = await _ingest(tmp_path / "s.db", seeds_copy)
    assert "larger than 64 MB" in report.files_skipped["huge.txt"]
    assert "binary" in report.files_skipped["episode.mp3"] and counts["files"] == 4


async def test_a_link_out_of_the_seeds_folder_is_refused(tmp_path, seeds_copy):
    outside = tmp_path / "private" / "notes.json"
    outside.parent.mkdir()
    outside.write_text(json.dumps(DOC), encoding="utf-8")
    (seeds_copy / "notes.json").symlink_to(outside)
    (seeds_copy / "again.txt").symlink_to(seeds_copy / PAGE_TIMED)  # a link that stays inside is read
    report, _ = await _ingest(tmp_path / "s.db", seeds_copy)
    assert "outside the seeds folder" in report.files_skipped["notes.json"]
    assert "again.txt" not in report.files_skipped


async def test_a_renamed_document_keeps_its_episodes(tmp_path, seeds_copy):
    db = tmp_path / "s.db"
    _, before = await _ingest(db, seeds_copy)
    (seeds_copy / PAGE_TIMED).rename(seeds_copy / "renamed-page.txt")
    report, after = await _ingest(db, seeds_copy)
    assert after == before and report.episodes_removed == 0 and not report.files_removed
    assert not [note for note in report.notes if "same episode" in note]
    again, _ = await _ingest(db, seeds_copy)
    assert "renamed-page.txt" in again.files_unchanged
    async with await Store.open(db) as store:
        files = {row.ref.source.file for row in await store.episodes()}
    assert "renamed-page.txt" in files and PAGE_TIMED not in files

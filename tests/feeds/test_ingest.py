"""Feed files in the seeds folder become episodes; reloads are incremental and never lose what a feed had."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.feeds.sources import FolderResolver
from bot.ingest import ingest_folder
from bot.models import Person
from bot.store import Store
from tests.conftest import SEEDS
from tests.feeds.helpers import FIXTURES, feeds_folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return feeds_folder(tmp_path / "seeds")


async def _ingest(db: Path, folder: Path):
    async with await Store.open(db) as store:
        report = await ingest_folder(store, folder)
        rows = await store.episodes()
    return report, rows


def _status(report) -> dict[str, str]:
    return {source.source: source.status for source in report.sources}


async def test_feed_items_become_episodes_with_their_metadata(folder: Path, tmp_path: Path) -> None:
    report, rows = await _ingest(tmp_path / "db" / "store.db", folder)
    assert _status(report) == {"pipeline-weekly.xml": "added", "indie-makers.rss": "added", "rust-corner.atom": "added"}
    assert len(rows) == 13  # 6 + 5 + 2: the duplicated item once, the standalone transcript no episode of its own
    by_title = {row.ref.title: row for row in rows}
    joins = by_title["Streaming joins without tears, with Josh Wills"]
    assert joins.ref.show == "Pipeline Weekly"
    assert joins.ref.published == "2025-03-04T14:30:00Z"
    assert joins.ref.url == "https://pipelineweekly.example.com/episodes/42-streaming-joins"
    assert joins.ref.enclosure_url == "https://cdn.pipelineweekly.example.com/audio/pw-042.mp3"
    assert joins.image_url == "https://pipelineweekly.example.com/artwork-3000.jpg"
    assert joins.people == [Person("Maya Chen", "host"), Person("Josh Wills", "guest")]
    assert joins.duration_seconds == 3723.0 and joins.timed
    assert [c["title"] for c in joins.chapters][:2] == ["Welcome", "Why joins in a stream are hard"]  # JSON chapters
    assert set(joins.speakers) == {"Maya Chen", "Josh Wills"}  # from the JSON transcript, the richest offered
    # a show's host is named on every item; "Maya:" in an SRT resolves to her full name
    backfills = by_title["Backfills at scale"]
    assert backfills.people == [Person("Maya Chen", "host")] and backfills.speakers == ["Maya Chen"]
    assert any("duplicated item" in note for note in report.notes)


async def test_listings_sort_newest_first(folder: Path, tmp_path: Path) -> None:
    _, rows = await _ingest(tmp_path / "store.db", folder)
    dates = [row.ref.published for row in rows]
    assert dates == sorted(dates, reverse=True)
    assert rows[0].ref.title == "Lifetimes without fear"


async def test_a_standalone_transcript_attaches_to_its_item(folder: Path, tmp_path: Path) -> None:
    report, rows = await _ingest(tmp_path / "store.db", folder)
    hiring = next(row for row in rows if row.ref.title == "Hiring your first contractor")
    assert hiring.segment_count == 1 and hiring.speakers == ["Sam Okafor"]
    assert all(row.ref.source.file != "im-104.vtt" for row in rows)
    assert "im-104.vtt" not in report.files_added


async def test_a_file_first_ingested_alone_moves_to_the_feed_that_claims_it(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(FIXTURES / "standalone" / "im-104.vtt", folder / "im-104.vtt")
    db = tmp_path / "store.db"
    _, rows = await _ingest(db, folder)
    assert [row.ref.source.file for row in rows] == ["im-104.vtt"]
    shutil.copy(FIXTURES / "indie-makers.rss", folder / "indie-makers.rss")
    report, rows = await _ingest(db, folder)
    assert "im-104.vtt" in report.files_removed
    assert {row.ref.source.file for row in rows} == {"indie-makers.rss"}
    assert next(r for r in rows if r.ref.title == "Hiring your first contractor").segment_count == 1


async def test_a_transcript_added_beside_an_ingested_feed_attaches_to_its_item(tmp_path: Path) -> None:
    folder = feeds_folder(tmp_path / "seeds", standalone=False)
    db = tmp_path / "store.db"
    await _ingest(db, folder)
    shutil.copy(FIXTURES / "standalone" / "im-104.vtt", folder / "im-104.vtt")
    report, rows = await _ingest(db, folder)
    assert len(rows) == 13 and all(row.ref.source.file != "im-104.vtt" for row in rows)
    assert _status(report)["indie-makers.rss"] == "updated" and _status(report)["rust-corner.atom"] == "unchanged"
    assert next(r for r in rows if r.ref.title == "Hiring your first contractor").segment_count == 1


async def test_an_unchanged_reload_is_a_hash_check(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    await _ingest(db, folder)
    report, rows = await _ingest(db, folder)
    assert set(_status(report).values()) == {"unchanged"}
    assert report.episodes_added == report.episodes_changed == report.episodes_removed == 0
    assert len(rows) == 13


async def test_a_changed_transcript_beside_the_feed_rereads_the_feed(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    await _ingest(db, folder)
    srt = folder / "transcripts" / "pw-040.srt"
    srt.write_text(srt.read_text() + "\n4\n00:20:00,000 --> 00:20:05,000\nMaya: A brand new closing line.\n")
    report, _ = await _ingest(db, folder)
    assert _status(report)["pipeline-weekly.xml"] == "updated"
    assert _status(report)["indie-makers.rss"] == "unchanged"


@pytest.mark.parametrize("replacement", ["broken.xml", "empty.xml", "bomb.xml"])
async def test_a_feed_turned_bad_keeps_every_episode_it_had(folder: Path, tmp_path: Path, replacement: str) -> None:
    db = tmp_path / "store.db"
    _, before = await _ingest(db, folder)
    shutil.copy(FIXTURES / replacement, folder / "pipeline-weekly.xml")
    report, after = await _ingest(db, folder)
    assert _status(report)["pipeline-weekly.xml"] == "kept"
    assert "pipeline-weekly.xml" in report.files_skipped
    assert [row.ref.id for row in after] == [row.ref.id for row in before]
    kept = next(s for s in report.sources if s.source == "pipeline-weekly.xml")
    assert kept.episodes == 6


async def test_a_removed_feed_file_removes_its_episodes(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    await _ingest(db, folder)
    (folder / "rust-corner.atom").unlink()
    report, rows = await _ingest(db, folder)
    assert _status(report)["rust-corner.atom"] == "removed"
    assert all(row.ref.show != "Rust Corner" for row in rows)


def test_a_fresh_cli_ingest_reads_a_feed_without_network(folder: Path, tmp_path: Path) -> None:
    shutil.copy(SEEDS / "003_70abd20a65a5d59f.txt", folder / "page.txt")  # documents and feeds side by side
    (folder / "feeds.txt").write_text("# no URLs: this file is the sources list, not a document\n")
    env = {**os.environ, "PODQUOTE_DB": str(tmp_path / "cli.db"), "PODQUOTE_LOG_LEVEL": "WARNING"}
    env.pop("PODQUOTE_FEEDS_FILE", None)
    env["PODQUOTE_MEANING"] = "0"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "bot", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=tmp_path)

    ingest = run("ingest", "--seeds", str(folder), "--json")
    assert ingest.returncode == 0, ingest.stderr
    report = json.loads(ingest.stdout)
    assert "feeds.txt" not in json.dumps(report["files_skipped"]) and "page.txt" in report["files_added"]
    assert {"source": "indie-makers.rss", "status": "added", "detail": "", "episodes": 5} in report["sources"]
    listed = run("episodes", "--json")
    episodes = [json.loads(line) for line in listed.stdout.splitlines()]
    joins = next(e for e in episodes if e["title"].startswith("Streaming joins"))
    assert joins["show"] == "Pipeline Weekly" and joins["published"] == "2025-03-04T14:30:00Z"
    assert joins["link"] == "https://pipelineweekly.example.com/episodes/42-streaming-joins"
    assert joins["duration_seconds"] == 3723.0
    assert joins["people"] == [{"name": "Maya Chen", "role": "host"}, {"name": "Josh Wills", "role": "guest"}]
    assert set(joins["speakers"]) == {"Maya Chen", "Josh Wills"}
    page = next(e for e in episodes if e["source"]["file"] == "page.txt")
    assert page["published"] is None and page["people"] == []
    assert episodes[-1] == page  # undated after dated


async def test_summaries_name_hosts_and_guests(folder: Path, tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "store.db") as store:
        await ingest_folder(store, folder)
        rows = {row.ref.title: row for row in await store.episodes()}
        joins = await store.summary(rows["Streaming joins without tears, with Josh Wills"].rowid)
        trailer = await store.summary(rows["Trailer: welcome to Pipeline Weekly"].rowid)
    assert joins is not None and trailer is not None
    assert {(s.name, s.role) for s in joins.speakers} == {("Josh Wills", "guest"), ("Maya Chen", "host")}
    assert all(s.share for s in joins.speakers)
    assert [(s.name, s.share, s.role) for s in trailer.speakers] == [("Maya Chen", None, "host")]  # no transcript


async def test_a_transcript_url_is_read_from_the_file_beside_the_feed(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    feed = (
        (FIXTURES / "rust-corner.atom")
        .read_text()
        .replace('url="transcripts/rc-7.srt"', 'url="https://cdn.rustcorner.example.net/files/rc-7.srt?sig=abc"')
    )
    (folder / "rust-corner.atom").write_text(feed)
    shutil.copy(FIXTURES / "transcripts" / "rc-7.srt", folder / "rc-7.srt")
    report, rows = await _ingest(tmp_path / "store.db", folder)
    lifetimes = next(row for row in rows if row.ref.title == "Lifetimes without fear" and row.ref.show == "Rust Corner")
    assert lifetimes.segment_count == 2 and set(lifetimes.speakers) == {"Kai Nakamura", "Dana Ortiz"}
    assert "rc-7.srt" not in report.files_added  # read for the feed, not as an episode of its own
    assert all(row.ref.source.file != "rc-7.srt" for row in rows)


def test_references_cannot_leave_the_seeds_folder(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("not for feeds")
    (folder / "sub" / "ok.vtt").write_text("WEBVTT\n")
    resolve = FolderResolver(folder / "feed.xml", folder)
    assert resolve("../secret.txt") is None
    assert resolve("file:///etc/passwd") is None
    assert resolve("sub/ok.vtt") == b"WEBVTT\n"
    assert resolve.depends == {"sub/ok.vtt": hashlib.sha256(b"WEBVTT\n").hexdigest()}

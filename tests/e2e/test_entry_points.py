"""`python -m bot run` and `python -m bot sync` as real processes against the fake Discord: token problems
give one clear sentence and a non-zero exit, a good token runs until SIGTERM, and the token is never logged."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e.harness import SEEDS, embed_of
from tests.fake_discord import FakeDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

ROOT = Path(__file__).resolve().parents[2]
PROCESS_TIMEOUT = 60.0


@pytest_asyncio.fixture(loop_scope="session")
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        yield fake


def _environment(fake: FakeDiscord, db: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "PODQUOTE_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        PODQUOTE_DB=str(db),
        PODQUOTE_SEEDS=str(SEEDS),
        PODQUOTE_GUILD_ID=str(fake.guild_id),
        PODQUOTE_LOG_LEVEL="DEBUG",
        PODQUOTE_MEANING="0",
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
    )
    env.update(values)
    return env


async def _start(cwd: Path, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _finish(process: asyncio.subprocess.Process) -> tuple[int, str]:
    out, err = await asyncio.wait_for(process.communicate(), PROCESS_TIMEOUT)
    assert process.returncode is not None
    return process.returncode, (out + err).decode()


def _db_copy(seed_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "podquote.db"
    for sidecar in seed_db.parent.glob(seed_db.name + "*"):  # the database and any -wal/-shm beside it
        shutil.copyfile(sidecar, tmp_path / sidecar.name.replace(seed_db.name, db.name))
    return db


async def test_missing_token_is_one_clear_sentence(fake: FakeDiscord, tmp_path: Path) -> None:
    process = await _start(tmp_path, _environment(fake, tmp_path / "db.sqlite"), "run")
    code, output = await _finish(process)
    assert code != 0
    assert "Traceback" not in output
    assert "No bot token: set DISCORD_TOKEN" in output
    assert fake.calls == []


async def test_rejected_token_is_one_clear_sentence(fake: FakeDiscord, tmp_path: Path, seed_db: Path) -> None:
    wrong = "not-the-token.abc"
    env = _environment(fake, _db_copy(seed_db, tmp_path), DISCORD_TOKEN=wrong)
    code, output = await _finish(await _start(tmp_path, env, "run"))
    assert code == 1
    assert "Traceback" not in output
    assert "Discord rejected the bot token" in output
    assert wrong not in output
    assert [c.status for c in fake.calls] == [401]


async def test_run_serves_members_until_sigterm_and_never_logs_the_token(
    fake: FakeDiscord, tmp_path: Path, seed_db: Path
) -> None:
    env = _environment(fake, _db_copy(seed_db, tmp_path), DISCORD_TOKEN=fake.token)
    process = await _start(tmp_path, env, "run")
    try:
        await asyncio.wait_for(fake.ready.wait(), PROCESS_TIMEOUT)
        member = fake.add_member("alice")
        call = await (await fake.slash(member, "quote", text="AI agents")).response(wait=10)
        assert embed_of(call)["description"].startswith("> ")
    finally:
        process.send_signal(signal.SIGTERM)
    code, output = await _finish(process)
    assert code == 0
    assert "Traceback" not in output
    assert "DEBUG" in output  # the most verbose logging...
    assert fake.token not in output  # ...and still no token


async def test_sync_publishes_the_commands_globally(fake: FakeDiscord, tmp_path: Path) -> None:
    env = _environment(fake, tmp_path / "unused.db", DISCORD_TOKEN=fake.token)
    code, output = await _finish(await _start(tmp_path, env, "sync"))
    assert code == 0, output
    assert set(fake.global_commands) == {"quote", "summary", "ask", "reload", "stats", "sync", "sources"}
    assert fake.guild_commands == {}
    assert fake.identify is None  # HTTP only: no gateway connection
    assert not (tmp_path / "unused.db").exists()  # and no store opened


async def test_an_unreachable_discord_is_one_clear_sentence(fake: FakeDiscord, tmp_path: Path, seed_db: Path) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = _environment(
        fake, _db_copy(seed_db, tmp_path), DISCORD_TOKEN=fake.token, DISCORD_API_BASE=f"http://127.0.0.1:{port}/api/v10"
    )
    code, output = await _finish(await _start(tmp_path, env, "run"))
    assert code == 1
    assert "Traceback" not in output
    assert f"Could not reach Discord at http://127.0.0.1:{port}/api/v10" in output

"""Start the unmodified bot against a fake Discord, pointed there only through the two endpoint overrides."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.discord_app.client import PodquoteBot, apply_endpoint_overrides, create_bot
from tests.fake_discord import Call, FakeDiscord

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ADMIN_ROLE = "Podquote Admins"
START_TIMEOUT = 60.0


class LogCapture(logging.Handler):
    """Every log record formatted, to check what the bot writes (and that the token is never in it)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))

    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Env:
    fake: FakeDiscord
    bot: PodquoteBot
    settings: Settings
    seeds: Path
    logs: LogCapture

    def failed(self) -> list[Call]:
        return self.fake.failed_calls()


def settings_for(fake: FakeDiscord, db: Path, seeds: Path, extra: Mapping[str, str] | None = None) -> Settings:
    """Settings as a deployment would write them in `.env`, pointing at the fake."""
    values = {
        "DISCORD_TOKEN": fake.token,
        "PODQUOTE_GUILD_ID": str(fake.guild_id),
        "PODQUOTE_DB": str(db),
        "PODQUOTE_SEEDS": str(seeds),
        "PODQUOTE_ADMIN_ROLE": ADMIN_ROLE,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "PODQUOTE_MEANING": "0",  # embedding the seeds takes a minute and a half; tests of meaning turn it on
        **(extra or {}),
    }
    return Settings.from_mapping(values)


@asynccontextmanager
async def checked_bot(
    workdir: Path,
    *,
    db: Path | None = None,
    prepare: Callable[[FakeDiscord], Mapping[str, str]] | None = None,
    seeds_from: Path = SEEDS,
) -> AsyncIterator[Env]:
    """`running_bot`, then checks that Discord would have accepted every call and the token was never logged."""
    async with running_bot(workdir, db=db, prepare=prepare, seeds_from=seeds_from) as env:
        yield env
        assert env.failed() == [], "Discord would have refused these calls"
        assert env.fake.token not in env.logs.text()


@asynccontextmanager
async def running_bot(
    workdir: Path,
    *,
    db: Path | None = None,
    prepare: Callable[[FakeDiscord], Mapping[str, str]] | None = None,
    seeds_from: Path = SEEDS,
) -> AsyncIterator[Env]:
    """A fake Discord and the bot connected to it, with a private copy of the seeds (or of `seeds_from`) and of
    `db` (if given)."""
    seeds = workdir / "seeds"
    shutil.copytree(seeds_from, seeds)
    db_path = workdir / "podquote.db"
    if db is not None:
        for sidecar in db.parent.glob(db.name + "*"):
            shutil.copyfile(sidecar, workdir / sidecar.name.replace(db.name, db_path.name))
    logs = LogCapture()
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(logs)
    try:
        async with FakeDiscord() as fake:
            fake.add_role(ADMIN_ROLE)
            settings = settings_for(fake, db_path, seeds, prepare(fake) if prepare else None)
            async with create_bot(settings, guild_ready_timeout=0.05) as bot:
                task = asyncio.create_task(bot.start(fake.token))
                await _until_ready(bot, task)
                try:
                    yield Env(fake, bot, settings, seeds, logs)
                finally:
                    await bot.close()
                    await task
    finally:
        root.removeHandler(logs)
        root.setLevel(level)
        apply_endpoint_overrides(Settings())


async def _until_ready(bot: PodquoteBot, task: asyncio.Task[None]) -> None:
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        ready.cancel()
        task.result()
        raise RuntimeError("the bot stopped before it was ready")
    if ready not in done:
        ready.cancel()
        raise TimeoutError("the bot did not become ready")


def role_id(env: Env, name: str) -> int:
    return next(r.id for r in env.fake.roles.values() if r.name == name)


def embed_of(call: Call) -> dict[str, object]:
    """The first embed of a message-creating or -editing call."""
    embeds = call.body.get("embeds") or []
    assert embeds, f"no embed in {call!r}: {call.json}"
    return embeds[0]


def is_ephemeral(call: Call) -> bool:
    return bool((call.body.get("flags") or 0) & 64)

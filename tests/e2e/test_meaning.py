"""Meaning search end to end: `/quote` and `/ask` find what was meant through the fake Discord, and a reload's new
episodes are embedded in the background while the bot serves."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.discord_app.render import MEANING_NOTE
from bot.meaning import meaning_status
from tests.conftest import MEANING_FIXTURES as FIXTURES
from tests.e2e.harness import Env, checked_bot, embed_of
from tests.fake_discord.records import Call

pytestmark = pytest.mark.asyncio(loop_scope="session")

MEANING_ON = {"PODQUOTE_MEANING": "1"}


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env(tmp_path_factory: pytest.TempPathFactory, meaning_db: Path) -> AsyncIterator[Env]:
    workdir = tmp_path_factory.mktemp("meaning-bot")
    async with checked_bot(workdir, db=meaning_db, prepare=lambda _fake: MEANING_ON, seeds_from=FIXTURES) as env:
        yield env


def _final_report(call: Call) -> bool:
    return call.method == "PATCH" and bool(call.body.get("embeds"))


def _field(embed: dict[str, Any], name: str) -> str:
    return next(f["value"] for f in embed["fields"] if f["name"] == name)


async def test_quote_finds_a_line_described_in_other_words(env: Env) -> None:
    fake = env.fake
    ann = fake.add_member("ann")
    call = await (
        await fake.slash(ann, "quote", text="the bit where he says being on call wrecked his sleep")
    ).response()
    text = embed_of(call)["description"]
    assert "the pager went off every single night" in text
    assert "**Sam Okafor**" in text and "`0:14`" in text  # who said it, and when its passage starts
    assert MEANING_NOTE in text  # not the words asked for: said so


async def test_the_words_still_come_first(env: Env) -> None:
    fake = env.fake
    bea = fake.add_member("bea")
    call = await (await fake.slash(bea, "quote", text="my grandmother taught me to bake sourdough")).response()
    text = embed_of(call)["description"]
    assert "My grandmother taught me to bake sourdough" in text and MEANING_NOTE not in text


async def test_ask_finds_an_episode_about_what_was_meant(env: Env) -> None:
    fake = env.fake
    cy = fake.add_member("cy")
    call = await (
        await fake.slash(cy, "ask", question="anything on people being woken up by alerts at night?")
    ).response()
    text = embed_of(call)["description"]
    assert "Night Shift With Sam Okafor" in text.title() and "close in meaning" in text


async def test_a_reloaded_episode_is_embedded_in_the_background(env: Env) -> None:
    fake = env.fake
    turns = [
        ("Ivy", "Our cat jumped on the counter and knocked the espresso machine onto the kitchen floor."),
        ("Max", "So no coffee for a week, and the whole team noticed."),
    ]
    segments = [{"speaker": s, "startTime": float(i * 10), "body": b} for i, (s, b) in enumerate(turns)]
    (env.seeds / "kitchen-stories.json").write_text(json.dumps({"version": "1.0.0", "segments": segments}))
    admin = fake.add_member("admin", admin=True)
    reload = await fake.slash(admin, "reload")
    await reload.response()
    report = embed_of(await reload.next_call(_final_report, wait=30))
    assert "passages embedded" in _field(report, "Meaning search")
    for _ in range(100):  # embedded by the background worker, a second or two later
        status = await meaning_status(env.bot.store)
        if status is not None and status.ready:
            break
        await asyncio.sleep(0.2)
    assert status is not None and status.ready and status.total > 0
    dee = fake.add_member("dee")
    call = await (await fake.slash(dee, "quote", text="the story about a pet wrecking the coffee maker")).response()
    text = embed_of(call)["description"]
    assert "knocked the espresso machine" in text and MEANING_NOTE in text

"""`/sources` and `/reload` with a feed URL end to end: an admin lists a podcast's feed (served on loopback),
reloads, and members get its quotes with a link to the moment; members cannot touch the sources."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from tests.e2e.harness import Env, checked_bot, embed_of, is_ephemeral
from tests.fake_discord import Call, CommandHiddenError
from tests.feeds.helpers import FeedServer, serve_fixtures

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def server() -> AsyncIterator[FeedServer]:
    async with serve_fixtures() as feeds:
        yield feeds


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env(tmp_path_factory: pytest.TempPathFactory, seed_db: Path) -> AsyncIterator[Env]:
    allow_loopback = {"PODQUOTE_FEEDS_ALLOW_PRIVATE": "1"}  # the feed server is on 127.0.0.1
    async with checked_bot(tmp_path_factory.mktemp("sources"), db=seed_db, prepare=lambda _: allow_loopback) as env:
        yield env


def _final_report(call: Call) -> bool:
    return call.method == "PATCH" and bool(call.body.get("embeds"))


def _field(embed: dict[str, Any], name: str) -> str:
    return next(f["value"] for f in embed["fields"] if f["name"] == name)


async def test_members_cannot_see_or_use_sources(env: Env) -> None:
    fake = env.fake
    with pytest.raises(CommandHiddenError):
        await fake.slash(fake.add_member("nosy"), "sources list")
    fake.allow_command("sources", fake.everyone)
    try:
        call = await (
            await fake.slash(fake.add_member("sneaky-sources"), "sources add", url="https://x.example/f")
        ).response()
    finally:
        fake.command_overrides.clear()
    assert is_ephemeral(call) and call.body["content"] == "Only podquote admins can use this command."
    assert not (env.seeds / "feeds.txt").exists()


async def test_a_feed_url_with_a_password_and_a_token_never_shows_them(env: Env, server: FeedServer) -> None:
    fake = env.fake
    admin = fake.add_member("secret-admin", admin=True)
    url = server.base.replace("http://", "http://maya:hunter2pw@") + "rust-corner.atom?token=tk4f9a8b7c6d5e4f3a2b1"
    added = await (await fake.slash(admin, "sources add", url=url)).response()
    reload = await fake.slash(admin, "reload")
    await reload.response()
    report = embed_of(await reload.next_call(_final_report, wait=60))
    assert "**added** 2 episodes" in _field(report, "Feeds")
    quoted = await (await fake.slash(fake.add_member("fan"), "quote", text="lifetimes", show="Rust Corner")).response()
    assert embed_of(quoted)["footer"]["text"].endswith("rust-corner.atom?token=***:1")
    listed = await (await fake.slash(admin, "sources list")).response()
    # removed from the list only: the next test's reload takes its episodes away
    removed = await (await fake.slash(admin, "sources remove", url=url)).response()
    assert removed.body["content"].startswith("Removed")
    # every log line but the loopback feed server's own access log (it is not the bot's)
    logs = [r.getMessage() for r in env.logs.records if not r.name.startswith("aiohttp.access")]
    for shown in (added.body, report, embed_of(quoted), embed_of(listed), removed.body, logs):
        assert "hunter2pw" not in json.dumps(shown) and "tk4f9a8b7c6d5e4f3a2b1" not in json.dumps(shown)


async def test_an_admin_adds_a_feed_reloads_and_members_quote_it(env: Env, server: FeedServer) -> None:
    fake = env.fake
    admin = fake.add_member("feed-admin", admin=True)
    url = server.base + "pipeline-weekly.xml"
    refused = await (await fake.slash(admin, "sources add", url="ftp://example.com/feed")).response()
    assert "only http:// and https://" in refused.body["content"]

    added = await (await fake.slash(admin, "sources add", url=url)).response()
    assert is_ephemeral(added) and added.body["content"].startswith("Added")
    assert url in (env.seeds / "feeds.txt").read_text()

    reload = await fake.slash(admin, "reload")
    await reload.response()
    report = embed_of(await reload.next_call(_final_report, wait=60))
    assert url in _field(report, "Feeds") and "**added** 6 episodes" in _field(report, "Feeds")
    assert "feeds.txt" not in json.dumps(report)  # the sources file is no document

    member = fake.add_member("listener")
    text = "a watermark is a promise you make to yourself about lateness"
    call = await (await fake.slash(member, "quote", text=text, show="Pipeline Weekly")).response()
    embed = embed_of(call)
    assert embed["title"].startswith("Streaming joins")
    assert "[▶ 12:34](https://cdn.pipelineweekly.example.com/audio/pw-042.mp3#t=754)" in embed["description"]

    listed = await (await fake.slash(admin, "sources list")).response()
    fields = json.dumps(embed_of(listed)["fields"])
    assert url in fields and "added" in fields

    removed = await (await fake.slash(admin, "sources remove", url=url)).response()
    assert removed.body["content"].startswith("Removed")
    reload = await fake.slash(admin, "reload")
    await reload.response()
    report = embed_of(await reload.next_call(_final_report, wait=60))
    assert "**removed**" in _field(report, "Feeds")
    gone = await (await fake.slash(member, "quote", text=text, show="Pipeline Weekly")).response()
    assert "No show called" in gone.body["content"]

"""Admin commands end to end: who may `/reload`, reloading while members search, reports, failures, `/stats`,
and the owner's `/sync`. The bot starts from an empty store, so start-up ingests the seeds."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot import ingest
from bot.results import IngestReport
from tests.e2e.harness import ADMIN_ROLE, Env, checked_bot, embed_of, is_ephemeral, role_id
from tests.fake_discord import Call, CommandHiddenError, FakeDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

NEW_LINE = "the flux capacitor marmalade compiler is finally ready"
Progress = Callable[[str], Awaitable[None]]


def _listed_admin(fake: FakeDiscord) -> Mapping[str, str]:
    listed = fake.add_member("listed-admin")
    return {"PODQUOTE_ADMIN_IDS": f"{listed.id}, 42"}


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Env]:
    async with checked_bot(tmp_path_factory.mktemp("admin"), prepare=_listed_admin) as env:
        yield env


def _member(fake: FakeDiscord, name: str) -> Any:
    return next(m for m in fake.members.values() if m.name == name)


def _field(embed: dict[str, Any], name: str) -> str:
    return next(f["value"] for f in embed["fields"] if f["name"] == name)


def _final_report(call: Call) -> bool:
    return call.method == "PATCH" and bool(call.body.get("embeds"))


def _write_new_documents(env: Env) -> None:
    role = role_id(env, ADMIN_ROLE)
    segments = [
        {"speaker": "Grace Hopper", "startTime": 1.0, "body": f"Attention @everyone and <@&{role}>: {NEW_LINE}."},
        {"speaker": "Alan Turing", "startTime": 7.5, "body": "Marvellous. I shall test it tonight."},
    ]
    (env.seeds / "mass_mention_special.json").write_text(json.dumps({"version": "1.0.0", "segments": segments}))
    (env.seeds / "broken.json").write_text('{"segments": 5')


async def test_start_up_ingested_the_seeds_into_the_empty_store(env: Env) -> None:
    fake = env.fake
    member = fake.add_member("curious")
    call = await (await fake.slash(member, "stats")).response()
    assert is_ephemeral(call)
    embed = embed_of(call)
    assert int(_field(embed, "Episodes").replace(",", "")) > 50
    assert int(_field(embed, "Segments").replace(",", "")) > 1000
    assert "episodes +" in _field(embed, "Last reload")
    assert "ingesting" in env.logs.text()


async def test_reload_is_hidden_from_members_without_the_permission(env: Env) -> None:
    fake = env.fake
    member = fake.add_member("ordinary")
    with pytest.raises(CommandHiddenError):
        await fake.slash(member, "reload")


async def test_reload_is_refused_at_run_time_when_a_server_grants_it_to_everyone(env: Env) -> None:
    fake = env.fake
    fake.allow_command("reload", fake.everyone)  # a server admin's override in Integrations settings
    try:
        member = fake.add_member("sneaky")
        call = await (await fake.slash(member, "reload")).response()
    finally:
        fake.command_overrides.clear()
    assert is_ephemeral(call) and call.body["content"] == "Only podquote admins can use this command."
    assert "reload of" not in env.logs.text()


async def test_admin_reloads_while_another_member_quotes(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = env.fake
    paused, gate = asyncio.Event(), asyncio.Event()
    real = ingest.ingest_folder

    async def gated(store: Any, folder: Path, *, progress: Progress | None = None) -> IngestReport:
        async def hold(message: str) -> None:
            if progress:
                await progress(message)
            paused.set()
            await gate.wait()  # inside the reload's transaction, before its commit

        return await real(store, folder, progress=hold)

    monkeypatch.setattr(ingest, "ingest_folder", gated)
    _write_new_documents(env)
    admin, member = fake.add_member("admin", admin=True), fake.add_member("member")

    reload = await fake.slash(admin, "reload")
    started = await reload.response()
    assert is_ephemeral(started) and started.body["content"].startswith("Reloading")
    await asyncio.wait_for(paused.wait(), 10)
    assert "read " in (await reload.edit()).json["content"]  # progress while it works

    during = await (await fake.slash(member, "quote", text=NEW_LINE)).response()
    assert "marmalade" not in json.dumps(during.body.get("embeds"))  # still the old corpus, answered at once
    second = await (await fake.slash(fake.add_member("admin2", admin=True), "reload")).response()
    assert "already running" in second.body["content"]

    gate.set()
    report = embed_of(await reload.next_call(_final_report, wait=30))
    assert report["title"] == "Reload finished"
    assert "mass_mention_special.json" in _field(report, "Added files")
    assert "broken.json" in _field(report, "Skipped files") and "invalid JSON" in _field(report, "Skipped files")

    after = await (await fake.slash(member, "quote", text=NEW_LINE)).response()
    assert "marmalade" in embed_of(after)["description"]


async def test_a_quote_containing_mass_mentions_pings_nobody(env: Env) -> None:
    fake = env.fake
    reader = fake.add_member("reader")
    call = await (await fake.slash(reader, "quote", text=NEW_LINE, speaker="Grace Hopper")).response()
    embed = embed_of(call)
    assert "@everyone" in embed["description"]  # shown as said...
    assert call.body["allowed_mentions"] == {"parse": []}
    assert fake.pinged[call.message_id] == []  # ...and pings nobody


async def test_a_failed_reload_keeps_the_old_state_serving(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = env.fake
    real = ingest.ingest_folder

    async def failing(store: Any, folder: Path, *, progress: Progress | None = None) -> IngestReport:
        async def explode(message: str) -> None:
            raise OSError("disk on fire")

        return await real(store, folder, progress=explode)

    monkeypatch.setattr(ingest, "ingest_folder", failing)
    (env.seeds / "mass_mention_special.json").unlink()
    admin = fake.add_member("admin3", admin=True)
    reload = await fake.slash(admin, "reload")
    await reload.response()
    failed = await reload.edit()
    assert failed.json["content"].startswith("Reload failed: OSError: disk on fire")
    assert "previous corpus" in failed.json["content"]

    member = fake.add_member("member2")
    call = await (await fake.slash(member, "quote", text=NEW_LINE)).response()
    assert "marmalade" in embed_of(call)["description"]  # the removal was rolled back


async def test_admins_by_listed_id_and_by_role_may_reload(env: Env) -> None:
    fake = env.fake
    listed = _member(fake, "listed-admin")
    role_holder = fake.add_member("role-holder", roles=(fake.roles[role_id(env, ADMIN_ROLE)],))
    fake.allow_command("reload", listed)
    fake.allow_command("reload", fake.roles[role_id(env, ADMIN_ROLE)])
    try:
        for member in (listed, role_holder):
            reload = await fake.slash(member, "reload")
            assert (await reload.response()).body["content"].startswith("Reloading")
            assert embed_of(await reload.next_call(_final_report, wait=30))["title"] == "Reload finished"
    finally:
        fake.command_overrides.clear()


async def test_sync_is_for_the_owner_only(env: Env) -> None:
    fake = env.fake
    admin = fake.add_member("admin4", admin=True)
    refused = await (await fake.slash(admin, "sync")).response()
    assert refused.body["content"] == "Only the bot's owner can use this command."
    assert fake.global_commands == {}

    sync = await fake.slash(fake.owner, "sync")
    assert (await sync.response()).json["type"] == 5  # deferred while it syncs
    done = await sync.next_call(lambda c: c.method in {"POST", "PATCH"} and "/webhooks/" in c.path)
    assert done.json["content"].startswith("Synced 7 commands (global)")
    assert set(fake.global_commands) == {"quote", "summary", "ask", "reload", "stats", "sync", "sources"}

    clear = await fake.slash(fake.owner, "sync", scope="clear-here")
    await clear.response()
    cleared = await clear.next_call(lambda c: c.method in {"POST", "PATCH"} and "/webhooks/" in c.path)
    assert cleared.json["content"].startswith("Synced 0 commands (clear-here)")
    assert fake.guild_commands == {}  # the development copies are gone; the global ones remain

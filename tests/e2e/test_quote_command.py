"""`/quote` end to end: start-up, answers, paging, context, filters, autocomplete, did-you-mean, limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot import search
from cogs import replies
from cogs.views import NOT_YOURS
from tests.e2e.harness import Env, checked_bot, embed_of, is_ephemeral

pytestmark = pytest.mark.asyncio(loop_scope="session")

MANY_HITS = "AI agents"
NO_CONFIDENT_MATCH = "purple elephants dancing with agents"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env(tmp_path_factory: pytest.TempPathFactory, seed_db: Path) -> AsyncIterator[Env]:
    async with checked_bot(tmp_path_factory.mktemp("quotes"), db=seed_db) as env:
        yield env


async def test_start_up_logs_in_connects_and_syncs_to_the_dev_guild(env: Env) -> None:
    fake = env.fake
    paths = [(c.method, c.path) for c in fake.calls]
    assert paths[:2] == [("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")]
    assert ("GET", "/gateway/bot") not in paths
    assert all(c.headers["Authorization"] == f"Bot {fake.token}" for c in fake.calls[:3])
    assert fake.gateway_queries[0] == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
    assert fake.privileged_intents() == []
    assert set(fake.guild_commands) == {"quote", "summary", "ask", "reload", "stats", "sync", "sources"}
    assert fake.global_commands == {}  # global sync is deliberate, never at start
    assert fake.command("reload")["default_member_permissions"] == "8"
    assert fake.command("quote").get("default_member_permissions") is None


async def test_quote_answers_with_an_embed_and_pages_through_results(env: Env) -> None:
    fake = env.fake
    alice = fake.add_member("alice")
    sent = await fake.slash(alice, "quote", text=MANY_HITS)
    first = await sent.response()
    assert first.json["type"] == 4
    assert not first.authorized, "interaction callbacks are sent without the bot token"
    assert first.body["allowed_mentions"] == {"parse": []}
    page1 = embed_of(first)
    assert page1["footer"]["text"].startswith("Result 1 of 5")
    assert page1["description"].startswith("> ")
    message_id = first.message_id
    assert [(c["label"], c["disabled"]) for c in fake.components(message_id)] == [
        ("Previous", True),
        ("Next", False),
        ("Context", False),
        ("Card", False),
    ]

    turn = await (await fake.press(alice, message_id, "Next")).response()
    assert turn.json["type"] == 7  # the message is updated in place
    page2 = embed_of(turn)
    assert page2["footer"]["text"].startswith("Result 2 of 5")
    assert page2["description"] != page1["description"]

    back = await (await fake.press(alice, message_id, "Previous")).response()
    assert embed_of(back)["description"] == page1["description"]


async def test_context_shows_the_segments_around_the_hit_and_back(env: Env) -> None:
    fake = env.fake
    bob = fake.add_member("bob")
    first = await (await fake.slash(bob, "quote", text=MANY_HITS)).response()
    quote = embed_of(first)["description"]

    context = await (await fake.press(bob, first.message_id, "Context")).response()
    shown = embed_of(context)
    assert shown["title"].startswith("Context")
    assert shown["description"].count("\n\n") >= 2  # the hit and its neighbours
    assert "Back to quote" in [c["label"] for c in fake.components(first.message_id)]

    back = await (await fake.press(bob, first.message_id, "Back to quote")).response()
    assert embed_of(back)["description"] == quote


async def test_only_the_member_who_asked_can_press_the_buttons(env: Env) -> None:
    fake = env.fake
    carol, mallory = fake.add_member("carol"), fake.add_member("mallory")
    first = await (await fake.slash(carol, "quote", text=MANY_HITS)).response()
    before = fake.messages[first.message_id]["embeds"]

    refused = await (await fake.press(mallory, first.message_id, "Next")).response()
    assert refused.json["type"] == 4 and is_ephemeral(refused)
    assert refused.body["content"] == NOT_YOURS
    assert fake.messages[first.message_id]["embeds"] == before


async def test_quote_filtered_by_speaker(env: Env) -> None:
    fake = env.fake
    dana = fake.add_member("dana")
    call = await (await fake.slash(dana, "quote", text=MANY_HITS, speaker="Kyle Daigle")).response()
    embed = embed_of(call)
    assert "— **Kyle Daigle** at `" in embed["description"]


async def test_quote_filtered_by_an_episode_picked_in_autocomplete(env: Env) -> None:
    fake = env.fake
    erin = fake.add_member("erin")
    typed = await (await fake.autocomplete(erin, "quote", "episode", text=MANY_HITS, episode="Notion")).response()
    assert typed.json["type"] == 8
    choices = typed.json["data"]["choices"]
    assert 1 <= len(choices) <= 25
    notion = next(c for c in choices if "Notion" in c["name"])

    call = await (await fake.slash(erin, "quote", text=MANY_HITS, episode=notion["value"])).response()
    assert "Notion" in embed_of(call)["title"]


async def test_speaker_autocomplete_offers_matching_names(env: Env) -> None:
    fake = env.fake
    frank = fake.add_member("frank")
    sent = await fake.autocomplete(frank, "quote", "speaker", text="x", speaker="kyle")
    choices = (await sent.response()).json["data"]["choices"]
    assert {"name": "Kyle Daigle", "value": "Kyle Daigle"} in choices


async def test_no_confident_match_offers_did_you_mean(env: Env) -> None:
    fake = env.fake
    gina = fake.add_member("gina")
    call = await (await fake.slash(gina, "quote", text=NO_CONFIDENT_MATCH)).response()
    assert "Did you mean" in call.body["content"]
    select = fake.components(call.message_id)[0]
    assert select["type"] == 3 and 1 <= len(select["options"]) <= 25

    picked = await (await fake.choose(gina, call.message_id, "0")).response()
    assert picked.json["type"] == 7
    assert embed_of(picked)["description"].startswith("> ")
    assert picked.body["content"] is None


async def test_nothing_matching_says_so_privately(env: Env) -> None:
    fake = env.fake
    hal = fake.add_member("hal")
    call = await (await fake.slash(hal, "quote", text="zzqx vlorp")).response()
    assert is_ephemeral(call)
    assert call.body["content"].startswith("Nothing matched")


async def test_a_query_with_mass_mentions_pings_nobody(env: Env) -> None:
    fake = env.fake
    ivy = fake.add_member("ivy")
    role = fake.add_role("Everyone Else", 0)
    query = f"@everyone @here <@&{role.id}> <@{ivy.id}> zzqx"
    call = await (await fake.slash(ivy, "quote", text=query)).response()
    assert call.body["allowed_mentions"] == {"parse": []}
    assert fake.pinged[call.message_id] == []
    assert "@everyone" not in call.body["content"]  # neutralised as well


async def test_hostile_and_huge_queries_are_answered(env: Env) -> None:
    fake = env.fake
    for index, text in enumerate(['"', "*", "NEAR(", "- NOT", "🎙️🎧", "x" * 300]):
        member = fake.add_member(f"hostile{index}")
        call = await (await fake.slash(member, "quote", text=text)).response()
        assert call.status == 200


async def test_the_search_cooldown_is_per_member(env: Env) -> None:
    fake = env.fake
    jo, kim = fake.add_member("jo"), fake.add_member("kim")
    for _ in range(env.settings.rate_requests):
        assert (await (await fake.slash(jo, "quote", text="kubernetes")).response()).status == 200
    slow = await (await fake.slash(jo, "quote", text="kubernetes")).response()
    assert is_ephemeral(slow) and "try again in" in slow.body["content"]
    other = await (await fake.slash(kim, "quote", text="kubernetes")).response()
    assert not is_ephemeral(other)


async def test_buttons_disable_themselves_on_timeout(env: Env) -> None:
    fake = env.fake
    env.bot.view_timeout = 0.3
    try:
        lee = fake.add_member("lee")
        sent = await fake.slash(lee, "quote", text=MANY_HITS)
        await sent.response()
        edit = await sent.edit(wait=5.0)
    finally:
        env.bot.view_timeout = 180.0
    assert all(c["disabled"] for row in edit.json["components"] for c in row["components"])
    assert all(c["disabled"] for c in fake.components(edit.message_id))


async def test_an_unexpected_error_is_logged_and_apologised_for(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("bot.search.search_quotes", broken)
    fake = env.fake
    max_ = fake.add_member("max")
    call = await (await fake.slash(max_, "quote", text="anything")).response()
    assert is_ephemeral(call) and call.body["content"].startswith("Sorry")
    failure = next(r for r in env.logs.records if r.exc_info and "boom" in str(r.exc_info[1]))
    assert failure.levelname == "ERROR"


async def test_first_answer_arrives_well_within_three_seconds(env: Env) -> None:
    fake = env.fake
    nia = fake.add_member("nia")
    sent = await fake.slash(nia, "quote", text="the willy wonka factory of AI")
    call = await sent.response()
    assert call.at - sent.created_at < 1.0


async def test_slow_work_is_deferred_then_the_answer_fills_it_in(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    real = search.search_quotes

    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(0.3)
        return await real(*args, **kwargs)

    monkeypatch.setattr(search, "search_quotes", slow)
    monkeypatch.setattr(replies, "DEFER_AFTER", 0.05)
    fake = env.fake
    oz = fake.add_member("oz")
    sent = await fake.slash(oz, "quote", text=MANY_HITS)
    deferred = await sent.response()
    assert deferred.json["type"] == 5  # "thinking…" well before Discord's 3 s
    filled = await sent.edit()
    assert embed_of(filled)["footer"]["text"].startswith("Result 1 of 5")
    turned = await (await fake.press(oz, filled.message_id, "Next")).response()
    assert embed_of(turned)["footer"]["text"].startswith("Result 2 of 5")  # the buttons work after a deferral

"""Summaries end to end: mentions in the members' own words, pick-lists, replies, and `/summary`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.questions import HELP
from cogs.views import NOT_YOURS
from tests.e2e.harness import Env, checked_bot, embed_of, is_ephemeral

pytestmark = pytest.mark.asyncio(loop_scope="session")

ONE_EPISODE = "summarize the Josh Wills episode"
JOSH_WILLS_TITLE = "Ep. #13, Building Trillion-Scale Data Pipelines with Josh Wills"
AMBIGUOUS = "what was the latent space episode about"
UNKNOWN = "summary of the episode about underwater basket weaving"
NO_PING = {"parse": [], "replied_user": False}


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env(tmp_path_factory: pytest.TempPathFactory, seed_db: Path) -> AsyncIterator[Env]:
    async with checked_bot(tmp_path_factory.mktemp("summaries"), db=seed_db) as env:
        yield env


async def test_a_mention_asking_for_a_summary_gets_the_summary_embed(env: Env) -> None:
    fake = env.fake
    alice = fake.add_member("alice")
    asked = await fake.say(alice, f"hey, can you {ONE_EPISODE}?")
    reply = await fake.reply_to(asked)
    assert reply.authorized
    assert reply.json["allowed_mentions"] == NO_PING
    assert fake.pinged[reply.message_id] == []
    embed = embed_of(reply)
    assert embed["title"] == JOSH_WILLS_TITLE
    names = [f["name"] for f in embed["fields"]]
    assert names[0] == "Key points" and "Speakers" in names
    assert "Josh Wills" in embed["description"]
    assert "`" in embed["fields"][0]["value"]  # timestamped key points


async def test_an_ambiguous_request_offers_a_pick_list(env: Env) -> None:
    fake = env.fake
    bob = fake.add_member("bob")
    reply = await fake.reply_to(await fake.say(bob, AMBIGUOUS))
    assert embed_of(reply)["description"].startswith("Several episodes could match")
    select = fake.components(reply.message_id)[0]
    labels = [o["label"] for o in select["options"]]
    assert len(labels) >= 2 and all("Latent Space" in o.get("description", "") for o in select["options"])

    picked = await (await fake.choose(bob, reply.message_id, "1")).response()
    assert picked.json["type"] == 7
    assert embed_of(picked)["title"] == labels[1]
    assert picked.body["components"] == []


async def test_only_the_member_who_asked_can_pick(env: Env) -> None:
    fake = env.fake
    carol, dave = fake.add_member("carol"), fake.add_member("dave")
    reply = await fake.reply_to(await fake.say(carol, AMBIGUOUS))
    refused = await (await fake.choose(dave, reply.message_id, "0")).response()
    assert is_ephemeral(refused) and refused.body["content"] == NOT_YOURS


async def test_an_unknown_episode_gets_a_helpful_sentence(env: Env) -> None:
    fake = env.fake
    erin = fake.add_member("erin")
    reply = await fake.reply_to(await fake.say(erin, UNKNOWN))
    assert embed_of(reply)["description"].startswith("I couldn't find an episode")


async def test_a_bare_mention_explains_how_to_ask(env: Env) -> None:
    fake = env.fake
    frank = fake.add_member("frank")
    reply = await fake.reply_to(await fake.say(frank, ""))
    assert embed_of(reply)["description"] == HELP


async def test_a_reply_to_the_bot_is_a_request_too(env: Env) -> None:
    fake = env.fake
    gina = fake.add_member("gina")
    first = await fake.reply_to(await fake.say(gina, UNKNOWN))
    follow_up = await fake.say(gina, ONE_EPISODE, mention_bot=False, reply_to=first.message_id)
    assert embed_of(await fake.reply_to(follow_up))["title"] == JOSH_WILLS_TITLE


async def test_messages_not_addressed_to_the_bot_are_ignored(env: Env) -> None:
    fake = env.fake
    hal = fake.add_member("hal")
    since = len(fake.calls)
    await fake.say(hal, ONE_EPISODE, mention_bot=False)
    assert await fake.no_call(lambda c: c.method == "POST" and "/messages" in c.path, since=since)


async def test_mass_mentions_in_a_request_ping_nobody(env: Env) -> None:
    fake = env.fake
    ivy = fake.add_member("ivy")
    reply = await fake.reply_to(await fake.say(ivy, "@everyone summarise the @here underwater basket weaving"))
    assert fake.pinged[reply.message_id] == []
    text = embed_of(reply)["description"]
    assert "@everyone" not in text and "@here" not in text


async def test_summary_command_with_an_autocompleted_episode(env: Env) -> None:
    fake = env.fake
    jo = fake.add_member("jo")
    typed = await (await fake.autocomplete(jo, "summary", "episode", episode="Josh Wills")).response()
    choice = typed.json["data"]["choices"][0]
    assert choice["name"].startswith("Ep. #13")

    call = await (await fake.slash(jo, "summary", episode=choice["value"])).response()
    assert call.json["type"] == 4 and not is_ephemeral(call)
    assert embed_of(call)["title"] == JOSH_WILLS_TITLE


async def test_summary_command_with_typed_words(env: Env) -> None:
    fake = env.fake
    kim = fake.add_member("kim")
    call = await (await fake.slash(kim, "summary", episode="Josh Wills data pipelines")).response()
    assert embed_of(call)["title"] == JOSH_WILLS_TITLE


async def test_summary_command_ambiguous_offers_a_pick_list(env: Env) -> None:
    fake = env.fake
    lee = fake.add_member("lee")
    sent = await fake.slash(lee, "summary", episode="latent space")
    call = await sent.response()
    assert fake.components(call.message_id)[0]["type"] == 3
    picked = await (await fake.choose(lee, call.message_id, "0")).response()
    assert embed_of(picked)["title"]


async def test_the_pick_list_disables_itself_on_timeout(env: Env) -> None:
    fake = env.fake
    env.bot.view_timeout = 0.3
    try:
        max_ = fake.add_member("max")
        reply = await fake.reply_to(await fake.say(max_, AMBIGUOUS))
    finally:
        env.bot.view_timeout = 180.0
    path = f"/channels/{fake.channel_id}/messages/{reply.message_id}"
    edit = await fake.wait_for_call(lambda c: c.method == "PATCH" and c.path == path, wait=5)
    assert edit.authorized
    assert all(c["disabled"] for c in fake.components(reply.message_id))

"""Questions end to end: `/ask`, mentions, replies to the bot, paging, and the member rate limit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import pytest_asyncio

from bot.discord_app.rate_limit import MemberCooldown
from bot.questions import HELP
from bot.questions.followup import HINT
from cogs.views import NOT_YOURS
from tests.e2e.harness import Env, checked_bot, embed_of, is_ephemeral

pytestmark = pytest.mark.asyncio(loop_scope="session")

NO_PING = {"parse": [], "replied_user": False}
JOSH_WILLS = "Ep. #13, Building Trillion-Scale Data Pipelines with Josh Wills"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env(tmp_path_factory: pytest.TempPathFactory, seed_db: Path) -> AsyncIterator[Env]:
    async with checked_bot(tmp_path_factory.mktemp("ask"), db=seed_db) as env:
        yield env


@contextmanager
def strict_rate_limit(env: Env, uses: int) -> Iterator[None]:
    saved = env.bot.rate_limit
    env.bot.rate_limit = MemberCooldown(uses, 60.0)
    try:
        yield
    finally:
        env.bot.rate_limit = saved


async def test_ask_answers_in_the_channel_with_grounded_evidence(env: Env) -> None:
    fake = env.fake
    ann = fake.add_member("ann")
    call = await (await fake.slash(ann, "ask", question="which episode talks about duckdb?")).response()
    assert call.json["type"] == 4 and not is_ephemeral(call)
    assert call.json["data"]["allowed_mentions"] == {"parse": []}
    text = embed_of(call)["description"]
    assert "duckdb" in text.casefold() and JOSH_WILLS in text
    assert "**Josh Wills**" in text or "**CL Kao**" in text  # a quote with its speaker
    labels = [c.get("label") for c in fake.components(call.message_id)]
    assert "Card" in labels  # the evidence quote can be shared


async def test_a_mention_is_a_question(env: Env) -> None:
    fake = env.fake
    ben = fake.add_member("ben")
    reply = await fake.reply_to(await fake.say(ben, "when did they mention moltbook"))
    assert reply.json["allowed_mentions"] == NO_PING
    text = embed_of(reply)["description"]
    assert text.startswith("**moltbook** came up 2 times in 1 episode")
    assert "**Andrew Zigler**" in text and "`0:00`" in text


async def test_a_reply_to_the_bot_is_a_question_too(env: Env) -> None:
    fake = env.fake
    cat = fake.add_member("cat")
    first = await fake.reply_to(await fake.say(cat, "who hosts the bike shed"))
    assert "Stephanie Minn" in embed_of(first)["description"]
    follow_up = await fake.say(cat, "what did josh wills say about slack", mention_bot=False, reply_to=first.message_id)
    text = embed_of(await fake.reply_to(follow_up))["description"]
    assert text.startswith("What **Josh Wills** said about **slack**")


async def test_long_answers_page_for_the_asker_only(env: Env) -> None:
    fake = env.fake
    dan, eve = fake.add_member("dan"), fake.add_member("eve")
    call = await (await fake.slash(dan, "ask", question="list the episodes")).response()
    first = embed_of(call)
    assert first["footer"]["text"].startswith("page 1/")
    assert len(first["description"]) <= 4096

    refused = await (await fake.press(eve, call.message_id, "Next")).response()
    assert is_ephemeral(refused) and refused.body["content"] == NOT_YOURS

    turned = await (await fake.press(dan, call.message_id, "Next")).response()
    assert turned.json["type"] == 7
    assert embed_of(turned)["footer"]["text"].startswith("page 2/")
    assert embed_of(turned)["description"] != first["description"]


async def test_an_ambiguous_episode_asks_which_one_and_answers_for_the_pick(env: Env) -> None:
    fake = env.fake
    fay = fake.add_member("fay")
    call = await (await fake.slash(fay, "ask", question="who was on the data renegades episode?")).response()
    assert embed_of(call)["description"].startswith("Several episodes fit. Which one?")
    select = next(c for c in fake.components(call.message_id) if c["type"] == 3)
    index = next(o["value"] for o in select["options"] if "Josh Wills" in o["label"])
    picked = await (await fake.choose(fay, call.message_id, index)).response()
    text = embed_of(picked)["description"]
    assert "**Josh Wills**" in text and "**CL Kao**" in text and "%" in text


async def test_off_topic_gets_private_help(env: Env) -> None:
    fake = env.fake
    gus = fake.add_member("gus")
    call = await (await fake.slash(gus, "ask", question="tell me a joke")).response()
    assert is_ephemeral(call)
    assert embed_of(call)["description"] == HELP


async def test_a_rate_limited_member_is_answered_privately(env: Env) -> None:
    fake = env.fake
    hana, ivan = fake.add_member("hana"), fake.add_member("ivan")
    with strict_rate_limit(env, 1):
        assert not is_ephemeral(await (await fake.slash(hana, "ask", question="list the shows")).response())
        slow = await (await fake.slash(hana, "ask", question="list the shows")).response()
        assert is_ephemeral(slow) and "try again in" in slow.body["content"]

        await fake.reply_to(await fake.say(ivan, "what shows do you know"))
        since = len(fake.calls)
        await fake.say(ivan, "what shows do you know")
        dm = await fake.wait_for_call(lambda c: c in fake.direct_messages(ivan), since=since)
        assert "try again in" in dm.json["content"]
        assert await fake.no_call(
            lambda c: c.method == "POST" and c.path == f"/channels/{fake.channel_id}/messages", since=since
        )


async def test_admins_are_not_rate_limited(env: Env) -> None:
    fake = env.fake
    boss = fake.add_member("boss", admin=True)
    with strict_rate_limit(env, 1):
        for _ in range(3):
            call = await (await fake.slash(boss, "ask", question="how many episodes do you have")).response()
            assert not is_ephemeral(call)


async def test_the_buttons_of_a_mention_answer_disable_themselves_on_timeout(env: Env) -> None:
    fake = env.fake
    env.bot.view_timeout = 0.3
    try:
        kai = fake.add_member("kai")
        answer = await fake.reply_to(await fake.say(kai, "list the episodes"))
        path = f"/channels/{fake.channel_id}/messages/{answer.message_id}"
        edit = await fake.wait_for_call(lambda c: c.method == "PATCH" and c.path == path, since=len(fake.calls))
    finally:
        env.bot.view_timeout = 180.0
    assert fake.components(answer.message_id), "a paged answer has buttons"
    assert all(c["disabled"] for c in fake.components(answer.message_id))
    assert edit.status == 200


async def test_a_reply_is_a_follow_up_in_the_context_of_the_answer(env: Env) -> None:
    fake = env.fake
    hal = fake.add_member("hal")
    first = await fake.reply_to(await fake.say(hal, "what did josh wills say about slack"))
    assert embed_of(first)["description"].startswith("What **Josh Wills** said about **slack**")
    other_topic = await fake.say(hal, "and dbt?", mention_bot=False, reply_to=first.message_id)
    text = embed_of(await fake.reply_to(other_topic))["description"]
    assert text.startswith("What **Josh Wills** said about **dbt**")
    pronoun = await fake.say(hal, "when did he mention duckdb?", mention_bot=False, reply_to=first.message_id)
    text = embed_of(await fake.reply_to(pronoun))["description"]
    assert text.startswith("**Josh Wills** said **duckdb**")


async def test_a_reply_to_an_ask_answer_is_read_in_its_context(env: Env) -> None:
    fake = env.fake
    ida = fake.add_member("ida")
    call = await (await fake.slash(ida, "ask", question="what did josh wills say about slack")).response()
    follow_up = await fake.say(ida, "what about kubernetes", mention_bot=False, reply_to=call.message_id)
    text = embed_of(await fake.reply_to(follow_up))["description"]
    assert text.startswith("What **Josh Wills** said about **kubernetes**")


async def test_a_reply_that_asks_nothing_gets_a_private_hint(env: Env) -> None:
    fake = env.fake
    jo = fake.add_member("jo")
    first = await fake.reply_to(await fake.say(jo, "who hosts the bike shed"))
    since = len(fake.calls)
    await fake.say(jo, "thanks!! 🙏", mention_bot=False, reply_to=first.message_id)
    hint = await fake.wait_for_call(lambda c: bool(fake.direct_messages(jo)), since=since)
    assert hint is not None and HINT in fake.direct_messages(jo)[-1].json["content"]
    channel = f"/channels/{fake.channel_id}/messages"
    assert await fake.no_call(lambda c: c.method == "POST" and c.path == channel, since=since)

"""The Card button end to end: a PNG posted in the channel as a reply to the result, without pings; refusals
(another member, the cooldown, no Attach Files permission) answered privately and nothing posted."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from PIL import Image

from cogs.cards import CARD_PER, NO_ATTACH
from cogs.views import NOT_YOURS
from tests.e2e.harness import Env, checked_bot, embed_of, is_ephemeral
from tests.fake_discord import Call
from tests.fake_discord.payloads import ATTACH_FILES

pytestmark = pytest.mark.asyncio(loop_scope="session")

QUERY = "AI agents"
READ_MESSAGE_HISTORY = 1 << 16


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env(tmp_path_factory: pytest.TempPathFactory, seed_db: Path) -> AsyncIterator[Env]:
    prepare = lambda fake: {"PODQUOTE_CARD_THEME": "dark"}  # noqa: E731
    async with checked_bot(tmp_path_factory.mktemp("cards"), db=seed_db, prepare=prepare) as env:
        yield env


def allow_attachments(env: Env, allowed: bool) -> None:
    role = env.fake.bot_role
    role.permissions = role.permissions | ATTACH_FILES if allowed else role.permissions & ~ATTACH_FILES


def is_channel_post(env: Env) -> object:
    path = f"/channels/{env.fake.channel_id}/messages"
    return lambda c: c.method == "POST" and c.path == path


async def quote_result(env: Env, member_name: str) -> tuple[object, Call]:
    member = env.fake.add_member(member_name)
    first = await (await env.fake.slash(member, "quote", text=QUERY)).response()
    return member, first


async def test_card_posts_one_png_replying_to_the_result_without_pings(env: Env) -> None:
    fake = env.fake
    allow_attachments(env, True)
    alice, first = await quote_result(env, "alice")
    since = len(fake.calls)
    pressed = await (await fake.press(alice, first.message_id, "Card")).response()
    assert pressed.json["type"] == 6  # acknowledged without changing the result
    post = await fake.wait_for_call(is_channel_post(env), since=since)
    assert post.status == 200 and post.authorized
    assert len(post.files) == 1
    upload = post.files[0]
    assert upload.data.startswith(b"\x89PNG\r\n\x1a\n") and upload.filename.endswith(".png")
    image = Image.open(io.BytesIO(upload.data))
    assert image.format == "PNG" and image.width <= 1200 and image.height >= 600
    assert image.getpixel((2, 2)) == (22, 24, 30), "PODQUOTE_CARD_THEME=dark is used"
    assert int(post.body["message_reference"]["message_id"]) == first.message_id
    assert post.body["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert fake.pinged[post.message_id] == []
    stored = fake.messages[post.message_id]
    assert [(a["filename"], a["content_type"]) for a in stored["attachments"]] == [(upload.filename, "image/png")]
    speaker = embed_of(first)["description"].split("**")[1]
    assert speaker in stored["attachments"][0]["description"], "the alt text names the speaker"
    assert not is_ephemeral(post)


async def test_a_second_press_within_the_limit_is_refused_privately(env: Env) -> None:
    fake = env.fake
    allow_attachments(env, True)
    bob, first = await quote_result(env, "bob")
    since = len(fake.calls)
    await (await fake.press(bob, first.message_id, "Card")).response()
    await fake.wait_for_call(is_channel_post(env), since=since)
    since = len(fake.calls)
    again = await (await fake.press(bob, first.message_id, "Card")).response()
    assert again.json["type"] == 4 and is_ephemeral(again)
    assert f"One card every {CARD_PER:.0f} seconds" in again.body["content"]
    assert await fake.no_call(is_channel_post(env), since=since)


async def test_the_card_of_the_page_shown_after_paging(env: Env) -> None:
    fake = env.fake
    allow_attachments(env, True)
    cara, first = await quote_result(env, "cara")
    await (await fake.press(cara, first.message_id, "Next")).response()
    since = len(fake.calls)
    await (await fake.press(cara, first.message_id, "Card")).response()
    post = await fake.wait_for_call(is_channel_post(env), since=since)
    page2 = fake.messages[first.message_id]["embeds"][0]["description"]
    quote_words = page2.splitlines()[0].removeprefix("> ").split()[:3]
    alt = fake.messages[post.message_id]["attachments"][0]["description"]
    assert " ".join(quote_words) in alt


async def test_only_the_member_who_asked_can_press_card(env: Env) -> None:
    fake = env.fake
    allow_attachments(env, True)
    _, first = await quote_result(env, "dora")
    mallory = fake.add_member("mallory")
    since = len(fake.calls)
    refused = await (await fake.press(mallory, first.message_id, "Card")).response()
    assert is_ephemeral(refused) and refused.body["content"] == NOT_YOURS
    assert await fake.no_call(is_channel_post(env), since=since)


async def test_without_attach_files_the_member_is_told_privately(env: Env) -> None:
    fake = env.fake
    allow_attachments(env, False)
    eve, first = await quote_result(env, "eve")
    since = len(fake.calls)
    refused = await (await fake.press(eve, first.message_id, "Card")).response()
    assert refused.json["type"] == 4 and is_ephemeral(refused)
    assert refused.body["content"] == NO_ATTACH
    assert await fake.no_call(is_channel_post(env), since=since)


async def test_without_read_message_history_the_card_is_posted_without_replying(env: Env) -> None:
    fake = env.fake
    allow_attachments(env, True)
    fay, first = await quote_result(env, "fay")
    roles = (fake.bot_role, fake.everyone)
    for role in roles:  # Discord refuses a reply (403) from a bot without this permission
        role.permissions &= ~READ_MESSAGE_HISTORY
    try:
        since = len(fake.calls)
        await (await fake.press(fay, first.message_id, "Card")).response()
        post = await fake.wait_for_call(is_channel_post(env), since=since)
    finally:
        for role in roles:
            role.permissions |= READ_MESSAGE_HISTORY
    assert post.status == 200 and len(post.files) == 1
    assert post.body.get("message_reference") is None
    assert post.body["allowed_mentions"] == {"parse": [], "replied_user": False}

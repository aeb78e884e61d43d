"""The questions cog's message listener when Discord refuses: it never raises, and replies only where it may."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from cogs.questions import Questions


def forbidden() -> discord.Forbidden:
    return discord.Forbidden(SimpleNamespace(status=403, reason="Forbidden"), {"code": 50013, "message": "Missing"})


def addressed_cog(answer: Exception) -> Questions:
    cog = Questions(MagicMock())
    cog.is_addressed = lambda message: True  # type: ignore[method-assign]
    cog.answer = AsyncMock(side_effect=answer)  # type: ignore[method-assign]
    return cog


def channel_message(*, read_history: bool) -> Any:
    channel = MagicMock(spec=discord.TextChannel)
    channel.permissions_for.return_value = discord.Permissions(read_message_history=read_history)
    channel.send = AsyncMock()
    return MagicMock(channel=channel, guild=MagicMock(me=object()))


async def test_a_failed_apology_does_not_escape_the_listener(caplog: pytest.LogCaptureFixture) -> None:
    cog = addressed_cog(RuntimeError("bug"))
    message = channel_message(read_history=True)
    message.channel.send.side_effect = forbidden()
    await cog.on_message(message)  # raised Forbidden from the except clause before
    assert message.channel.send.await_count == 1
    assert "could not apologise" in caplog.text


async def test_no_apology_where_the_bot_may_not_send() -> None:
    cog = addressed_cog(forbidden())
    message = channel_message(read_history=True)
    await cog.on_message(message)
    message.channel.send.assert_not_awaited()


@pytest.mark.parametrize("read_history", [True, False])
async def test_replies_only_with_read_message_history(read_history: bool) -> None:
    cog = Questions(MagicMock())
    message = channel_message(read_history=read_history)
    await cog.send(message, content="hello")
    reference = message.channel.send.await_args.kwargs["reference"]
    assert (reference is message.to_reference.return_value) is read_history
    assert (reference is None) is not read_history
    assert message.channel.send.await_args.kwargs["allowed_mentions"].to_dict() == {"parse": []}

"""Answering interactions on time and within Discord's rules."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord

from bot.discord_app.render import Embed

T = TypeVar("T")

DEFER_AFTER = 1.5  # seconds of work before deferring; Discord drops interactions unanswered after 3 s


def embed(data: Embed) -> discord.Embed:
    return discord.Embed.from_dict(data)


async def within_deadline(
    interaction: discord.Interaction[Any],
    work: Awaitable[T],
    *,
    ephemeral: bool = False,
    update: bool = False,
) -> T:
    """Await `work`, deferring the interaction first if it takes longer than DEFER_AFTER seconds.

    `update` defers a component interaction without a new "thinking" message.
    """
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done and not interaction.response.is_done():
        if update:
            await interaction.response.defer()
        else:
            await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    return await task


async def reply(
    interaction: discord.Interaction[Any],
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
) -> int | None:
    """Answer with a new message, or fill in the deferred "thinking" message; the message's id when known."""
    kwargs: dict[str, Any] = {"content": content, "embed": embed}
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        return (await interaction.edit_original_response(**kwargs)).id
    sent = await interaction.response.send_message(**kwargs, ephemeral=ephemeral)
    return sent.message_id


async def update(
    interaction: discord.Interaction[Any],
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
) -> None:
    """Replace the message a component belongs to (its content, embed and components)."""
    if interaction.response.is_done():
        await interaction.edit_original_response(content=content, embed=embed, view=view)
    else:
        await interaction.response.edit_message(content=content, embed=embed, view=view)

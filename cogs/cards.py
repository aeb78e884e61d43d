"""The "Card" button: post the quote on screen as a PNG card, replying to the result, for anyone to share.

Any view can offer it. Add a `CardButton` with a callable returning the quote currently shown:

    class AnswerView(OwnedView):
        def __init__(self, bot, owner_id, hits):
            super().__init__(bot, owner_id)
            self.hits = hits
            self.add_item(CardButton(lambda: self.hits[0] if self.hits else None))

The view's own `interaction_check` runs first (for an `OwnedView`, only the member who asked may press it).
Pressing then checks that the bot may attach files in the channel and the member's card cooldown (both
refusals are private), renders the card off the event loop, and posts it in the channel as a reply to the
message carrying the button, with the link to the moment (when known) in the text and no pings. Code that
has a hit but no button can call `post_card(interaction, hit)` directly.
"""

from __future__ import annotations

import asyncio
import io
import logging
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord

from bot.cards import CardData, render_card
from bot.discord_app.client import send_ephemeral
from bot.discord_app.rate_limit import MemberCooldown
from bot.results import QuoteHit

log = logging.getLogger(__name__)

CARD_RATE = 1  # cards per member...
CARD_PER = 30.0  # ...per this many seconds: a card is a public post, so fewer than searches
LABEL = "Card"
NO_ATTACH = (
    "I can't post pictures here: this server hasn't given podquote the **Attach Files** permission in this "
    "channel. A server admin can grant it (or re-invite the bot with the link in its docs)."
)
NO_SEND = "I couldn't post the card in this channel (missing permissions)."
NO_QUOTE = "There is no quote here to make a card of."
MAX_ALT_TEXT = 1024
MAX_CONTENT = 2000

_cooldowns: weakref.WeakKeyDictionary[discord.Client, MemberCooldown] = weakref.WeakKeyDictionary()


class CardButton(discord.ui.Button[Any]):
    """A button posting the current quote as a card; `current_hit` returns it (None when there is none)."""

    def __init__(self, current_hit: Callable[[], QuoteHit | None], *, row: int | None = None) -> None:
        super().__init__(label=LABEL, emoji="\N{FRAME WITH PICTURE}", style=discord.ButtonStyle.secondary, row=row)
        self.current_hit = current_hit

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        hit = self.current_hit()
        if hit is None:
            await send_ephemeral(interaction, NO_QUOTE)
            return
        await post_card(interaction, hit)


def card_cooldown(client: discord.Client) -> MemberCooldown:
    """The per-member card cooldown of this bot (CARD_RATE cards per CARD_PER seconds)."""
    cooldown = _cooldowns.get(client)
    if cooldown is None:
        cooldown = _cooldowns[client] = MemberCooldown(CARD_RATE, CARD_PER)
    return cooldown


async def post_card(interaction: discord.Interaction[Any], hit: QuoteHit, *, artwork: Path | None = None) -> None:
    """Post `hit` as a PNG card in the interaction's channel, replying to the interaction's message.

    Refuses privately when the bot lacks Attach Files here or the member pressed too recently.
    `artwork` is a locally cached image of the show, drawn in a corner; nothing is fetched.
    """
    if not interaction.app_permissions.attach_files:
        await send_ephemeral(interaction, NO_ATTACH)
        return
    retry = card_cooldown(interaction.client).retry_after(interaction.user.id)
    if retry is not None:
        await send_ephemeral(interaction, f"One card every {CARD_PER:.0f} seconds: try again in {max(retry, 1):.0f} s.")
        return
    await interaction.response.defer()  # acknowledged at once; the card follows as its own message
    theme = interaction.client.settings.card_theme
    png = await asyncio.to_thread(render_card, CardData.from_hit(hit), theme, artwork)
    await _send_card(interaction, hit, png)


async def _send_card(interaction: discord.Interaction[Any], hit: QuoteHit, png: bytes) -> None:
    channel = interaction.channel
    if not isinstance(channel, discord.abc.Messageable):
        await send_ephemeral(interaction, NO_SEND)
        return
    file = discord.File(io.BytesIO(png), filename=f"podquote-{hit.segment_id}.png", description=alt_text(hit))
    try:
        await channel.send(
            content=card_message(hit),
            file=file,
            reference=_reference(interaction),
            allowed_mentions=discord.AllowedMentions.none(),
            mention_author=False,
        )
    except discord.Forbidden as exc:
        log.info("could not post a card in channel %s: %s", interaction.channel_id, exc)
        await send_ephemeral(interaction, NO_SEND)


def card_message(hit: QuoteHit) -> str | None:
    """The text posted with a card: the link to the moment (not previewed), when one is known."""
    if not hit.link:
        return None
    content = f"Hear it: <{hit.link}>"
    return content if len(content) <= MAX_CONTENT else None


def alt_text(hit: QuoteHit) -> str:
    """The image description screen readers announce: the quote and who said it."""
    card = CardData.from_hit(hit)
    who = ", ".join(part for part in (card.speaker_name, card.moment, card.episode_line) if part)
    text = f"“{' '.join(hit.text.split())}”" + (f" — {who}" if who else "")
    return text if len(text) <= MAX_ALT_TEXT else text[: MAX_ALT_TEXT - 1] + "…"


def _reference(interaction: discord.Interaction[Any]) -> discord.MessageReference | None:
    """The result to reply to; None when there is none to reply to, or when Discord would refuse the reply."""
    message = interaction.message
    if message is None or message.flags.ephemeral:
        return None  # an ephemeral message cannot be replied to
    if not interaction.app_permissions.read_message_history:
        return None  # a reply needs Read Message History (else 403): post the card without replying
    return message.to_reference(fail_if_not_exists=False)

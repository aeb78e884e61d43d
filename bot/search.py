"""Quote search (stub: being implemented). The signature is the contract for cogs and the CLI."""

from __future__ import annotations

from bot.results import QuoteAnswer
from bot.store import Store


async def search_quotes(
    store: Store, query: str, *, limit: int = 5, speaker: str | None = None, episode: str | None = None
) -> QuoteAnswer:
    """Find the segments that best match what a member remembers. Never raises on odd input."""
    raise NotImplementedError

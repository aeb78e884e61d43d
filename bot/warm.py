"""Ready before members ask: the in-memory indexes built at start and after each reload, then kept out of the
garbage collector's way.

At a million segments those indexes (the questions' catalog, the vocabulary, the episode finder) are millions of
Python objects. A full collection walks every one of them, ~50 ms on 2 cores, and lands on whichever member's
question happens to trigger it: one question in twenty waited for it. Frozen (`gc.freeze`), they are left out of
every collection; what they leave behind at the next reload is collected once, then the new ones are frozen.
"""

from __future__ import annotations

import gc
import logging
import time

from bot.questions.catalog import catalog_of
from bot.search.vocabulary import vocabulary_of
from bot.store import Store
from bot.summaries import finder_index

log = logging.getLogger(__name__)


async def warm_up(store: Store) -> None:
    """Build the store's in-memory indexes now rather than on a member's first question, then settle them."""
    await vocabulary_of(store)
    await catalog_of(store)
    await finder_index(store)
    settle()


def settle() -> None:
    """Collect the garbage of the indexes replaced since the last settle, then freeze everything alive now: the
    collector leaves it alone from then on (objects still go when nothing refers to them)."""
    started = time.perf_counter()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    log.info("%d long-lived objects set aside from garbage collection in %.0f ms", gc.get_freeze_count(), _ms(started))


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000

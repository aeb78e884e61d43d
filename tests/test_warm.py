"""Warming up: what a member's first question needs is built before it, then left out of garbage collection."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot.questions.catalog import catalog_of
from bot.search.vocabulary import vocabulary_of
from bot.store import Store
from bot.summaries import finder_index
from bot.warm import settle, warm_up


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


class _Cycle:
    def __init__(self) -> None:
        self.itself = self  # only the collector frees it


async def test_warm_up_builds_the_indexes_and_sets_them_aside(seed_store: Store) -> None:
    await warm_up(seed_store)
    built = [await catalog_of(seed_store), await vocabulary_of(seed_store), await finder_index(seed_store)]
    tracked = {id(thing) for thing in gc.get_objects()}
    # Built (and frozen) by the warm-up: built by the calls above, they would be tracked like any new object.
    assert [id(thing) in tracked for thing in built] == [False, False, False]


def test_settling_again_collects_what_the_last_settle_set_aside() -> None:
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    settle()
    del cycle
    gc.collect()
    assert gone() is not None  # frozen: no collection looks at it
    settle()
    assert gone() is None

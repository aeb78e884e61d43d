"""Questions over episodes that came from feeds: dates, shows, hosts and guests, and links to the moment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.ingest import ingest_folder
from bot.questions import answer_question
from bot.store import Store
from tests.feeds.helpers import feeds_folder


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(tmp_path / "feeds.db") as store:
        await ingest_folder(store, feeds_folder(tmp_path / "seeds"))
        yield store


async def test_the_latest_episode_of_a_show(store: Store) -> None:
    answer = await answer_question(store, "latest episode of pipeline weekly")
    assert answer.intent == "list"
    assert answer.episodes[0].ref.title == "Streaming joins without tears, with Josh Wills"
    assert "2025-03-04" in answer.text


async def test_episodes_of_a_year_newest_first(store: Store) -> None:
    answer = await answer_question(store, "episodes from 2025")
    dates = [e.ref.published for e in answer.episodes]
    assert dates and all(d and d.startswith("2025") for d in dates)
    assert dates == sorted(dates, reverse=True)
    assert not (await answer_question(store, "episodes from 2019")).episodes


async def test_hosts_and_guests_as_the_feed_names_them(store: Store) -> None:
    people = await answer_question(store, "who was on the streaming joins episode")
    assert "**Josh Wills** (guest)" in people.text and "**Maya Chen** (host)" in people.text
    hosts = await answer_question(store, "who hosts pipeline weekly")
    assert "**Hosts** (as the feed names them): **Maya Chen**" in hosts.text


async def test_quotes_link_to_the_moment_in_the_audio(store: Store) -> None:
    answer = await answer_question(store, "what did josh wills say about joins")
    quote = answer.quotes[0]
    assert quote.link == "https://cdn.pipelineweekly.example.com/audio/pw-042.mp3#t=8"
    assert f"[▶ 0:08]({quote.link})" in answer.text
    assert answer.as_dict()["episodes"][0]["published"] == "2025-03-04T14:30:00Z"


async def test_a_summary_of_a_shows_latest_episode_is_of_its_newest(store: Store) -> None:
    answer = await answer_question(store, "tl;dr of the latest pipeline weekly pls")
    assert answer.intent == "summary"
    assert answer.episodes[0].ref.title == "Streaming joins without tears, with Josh Wills"

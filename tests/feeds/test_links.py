"""A link to the moment: from the feed's enclosure, a YouTube video or the episode page; and the show filter."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.ingest import ingest_folder
from bot.ingest.episode_links import find_episode_url
from bot.links import moment_link, play_link
from bot.models import EpisodeRef, Source
from bot.results import EpisodeSummary, KeyPoint, SpeakerShare
from bot.search import resolve_show, search_quotes
from bot.store import Store
from bot.summaries import answer_summary_request
from bot.summaries.service import render_summary_text
from tests.conftest import LISTING_A, episode_at
from tests.feeds.helpers import feeds_folder


@pytest.fixture(scope="module")
def feeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = feeds_folder(tmp_path_factory.mktemp("feeds") / "seeds")
    db = folder.parent / "feeds.db"

    async def build() -> None:
        async with await Store.open(db) as store:
            await ingest_folder(store, folder)

    asyncio.run(build())
    return db


@pytest.fixture
async def store(feeds_db: Path) -> AsyncIterator[Store]:
    async with await Store.open(feeds_db) as opened:
        yield opened


async def test_a_hit_links_to_the_moment_in_the_enclosure(store: Store) -> None:
    answer = await search_quotes(store, "a watermark is a promise you make to yourself about lateness")
    hit = answer.hits[0]
    assert hit.episode.title.startswith("Streaming joins")
    assert hit.link == "https://cdn.pipelineweekly.example.com/audio/pw-042.mp3#t=754"
    assert hit.as_dict()["link"] == hit.link


async def test_without_enclosure_a_youtube_link_gets_a_time(store: Store) -> None:
    answer = await search_quotes(store, "sundays are for not opening the laptop")
    assert answer.hits[0].link == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=756s"


async def test_the_show_filter(store: Store) -> None:
    query = "welcome"
    everywhere = await search_quotes(store, query, limit=20)
    assert {hit.episode.show for hit in everywhere.hits + everywhere.did_you_mean} >= {"Pipeline Weekly"}
    only = await search_quotes(store, query, limit=20, show="indie makers radio")
    assert only.hits and {hit.episode.show for hit in only.hits} == {"Indie Makers Radio"}
    typo = await search_quotes(store, "charge more", show="Indy Makers Radio")
    assert typo.hits and typo.hits[0].episode.show == "Indie Makers Radio"
    unknown = await search_quotes(store, query, show="Completely Different Podcast")
    assert unknown.error == "No show called 'Completely Different Podcast' found."
    both = await search_quotes(store, query, show="Pipeline Weekly", episode="Shipping on weekends")
    assert both.hits == [] and both.error is not None


async def test_show_names_for_autocomplete(store: Store) -> None:
    assert await store.show_names() == ["Pipeline Weekly", "Indie Makers Radio", "Rust Corner"]  # most episodes first
    assert await store.show_names("corn") == ["Rust Corner"]
    assert await store.show_names('%_"\\') == []
    assert len(await resolve_show(store, "PIPELINE WEEKLY")) == 6


def test_listing_lines_keep_the_episode_url(seed_episodes) -> None:
    recorded = episode_at(seed_episodes, LISTING_A, 20)
    assert recorded.url == "https://www.youtube.com/watch?v=7qe9xOqN-Lk"
    assert episode_at(seed_episodes, LISTING_A, 10).url == "http://podcast.thinkingelixir.com/237"


@pytest.mark.parametrize(
    ("description", "url"),
    [
        (
            "Watch the YouTube Live Recording of Episode (https://www.youtube.com/watch?v=7qe9xOqN-Lk) 494",
            "https://www.youtube.com/watch?v=7qe9xOqN-Lk",
        ),
        ("Watch it on YouTube: https://youtu.be/dQw4w9WgXcQThe next thing", "https://youtu.be/dQw4w9WgXcQ"),
        ("Show Notes online - http://podcast.example.com/237 (more)", "http://podcast.example.com/237"),
        ("Links mentioned: a talk https://www.youtube.com/watch?v=PFn9qRGzTMcThe future", None),
        ("No links at all.", None),
    ],
)
def test_find_episode_url(description: str, url: str | None) -> None:
    assert find_episode_url(description) == url


def test_play_link_and_moment_link(seed_episodes) -> None:
    assert play_link("https://a.example/x.mp3#t=5", "0:05") == "[▶ 0:05](https://a.example/x.mp3#t=5)"
    assert play_link("https://a.example/(x)", None) == "[▶ listen](https://a.example/%28x%29)"
    assert play_link(None, "0:05") == "" and play_link("javascript:alert(1)", "0:05") == ""
    recorded = episode_at(seed_episodes, LISTING_A, 20)
    ref = EpisodeRef(recorded.id, recorded.title, recorded.show, recorded.source, recorded.url)
    assert moment_link(ref, 754) == "https://www.youtube.com/watch?v=7qe9xOqN-Lk&t=754s"


def test_summary_text_links_key_points_and_names_roles() -> None:
    ref = EpisodeRef(
        "x", "Joins", "Pipeline Weekly", Source("f.xml", 1), "https://e.example/p", None, "https://e.example/a.mp3"
    )
    points = [KeyPoint("A timed point", None, 754.0, "12:34"), KeyPoint("An estimate", None, 60.0, "~1:00", True)]
    speakers = [SpeakerShare("Josh Wills", 0.4, "guest"), SpeakerShare("Maya Chen", None, "host")]
    text = render_summary_text(ref, EpisodeSummary("Overview.", points, speakers, [], None))
    assert "[▶ 12:34](https://e.example/a.mp3#t=754) A timed point" in text
    assert "`~1:00` An estimate" in text  # an estimated time is not linked to
    assert "**Speakers:** Josh Wills (guest, 40%), Maya Chen (host)" in text


async def test_a_summary_request_finds_an_episode_by_a_guest_the_feed_names(store: Store) -> None:
    # "Year one in numbers" has no transcript: only the feed names its guest.
    answer = await answer_summary_request(store, "summarize the Tomas Ruiz episode")
    assert answer.episode is not None and answer.episode.title == "Year one in numbers"
    assert "Tomás Ruiz (guest)" in answer.text

"""Feed items to episodes: each item's richest readable transcript, its chapters, people, dates and links.

Pure apart from the `resolve` callable, which turns a reference written in the feed (a relative path or a URL)
into bytes: next to a feed file, or from the download cache for a feed fetched over HTTP.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from bot.chapters import find_chapters
from bot.feeds.chapters import ChaptersError, parse_json_chapters
from bot.feeds.matching import item_keys
from bot.feeds.parse import Feed, FeedItem, FeedPerson, TranscriptLink, transcript_type
from bot.feeds.sources import Resolver
from bot.ingest.errors import ParseError
from bot.ingest.parsers import build_episode
from bot.ingest.transcripts import parse_transcript
from bot.ingest.turns import Turn
from bot.models import Chapter, Episode, Person, Source
from bot.redact import redact_url
from bot.results import EpisodeSummary, SpeakerShare
from bot.text import truncate

log = logging.getLogger(__name__)


@dataclass(slots=True)
class FeedEpisodes:
    """What one feed became: its episodes, notes for the report, and the standalone files items claimed."""

    episodes: list[Episode] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    claimed: list[str] = field(default_factory=list)


def feed_episodes(
    name: str, feed: Feed, resolve: Resolver, standalone: Mapping[str, str] | None = None
) -> FeedEpisodes:
    """One episode per item of `feed` (read from the source called `name`).

    `standalone` maps `match_key` of a transcript file's stem to a reference `resolve` understands; an item
    whose guid, title or transcript name matches takes that file as (a candidate for) its transcript.
    """
    result = FeedEpisodes()
    for position, item in enumerate(feed.items, start=1):
        attached = _attached(item, standalone or {})
        if attached is not None:
            result.claimed.append(attached)
        turns = _turns(item, resolve, attached, result.notes)
        chapters = _chapters(item, resolve, result.notes)
        result.episodes.append(_episode(Source(name, position), feed, item, turns, chapters))
    return result


def _attached(item: FeedItem, standalone: Mapping[str, str]) -> str | None:
    return next((standalone[key] for key in sorted(item_keys(item)) if key in standalone), None)


def _candidates(item: FeedItem, attached: str | None) -> list[TranscriptLink]:
    """Transcripts to try, richest first; a matching standalone file goes before the feed's equals."""
    links = list(item.transcripts)
    if attached is not None:
        links.insert(0, TranscriptLink(attached, transcript_type(None, attached)))
    return sorted(links, key=lambda link: -link.richness)


def _turns(item: FeedItem, resolve: Resolver, attached: str | None, notes: list[str]) -> list[Turn]:
    for link in _candidates(item, attached):
        data = resolve(link.url)
        if data is None:
            notes.append(f"{item.title!r}: transcript {truncate(redact_url(link.url), 120)} unavailable")
            continue
        try:
            return parse_transcript(data.decode("utf-8-sig", errors="replace"), link.type)
        except (ParseError, ValueError, TypeError, KeyError, RecursionError) as exc:
            notes.append(f"{item.title!r}: transcript {truncate(redact_url(link.url), 120)} unreadable ({exc})")
    return []


def _chapters(item: FeedItem, resolve: Resolver, notes: list[str]) -> list[Chapter]:
    if item.chapters_url:
        data = resolve(item.chapters_url)
        if data is not None:
            try:
                if chapters := parse_json_chapters(data):
                    return chapters
            except ChaptersError as exc:
                notes.append(f"{item.title!r}: chapters unreadable ({exc})")
    return find_chapters(item.description)


def speakers_with_roles(speakers: list[SpeakerShare], people: list[Person]) -> list[SpeakerShare]:
    """A summary's speakers with the roles the feed gives them ("Josh Wills (guest)"), then the people the feed
    names who do not speak in the transcript (or when there is none), without a share."""
    roles = {person.name.casefold(): person.role for person in people}
    named = [replace(s, role=roles.get(s.name.casefold(), s.role)) for s in speakers]
    spoken = {s.name.casefold() for s in speakers}
    named.extend(SpeakerShare(p.name, None, p.role) for p in people if p.name.casefold() not in spoken)
    return named


def with_roles(summary: EpisodeSummary, people: list[Person]) -> EpisodeSummary:
    """`summary` whose speakers carry the feed's roles (unchanged when the feed names nobody)."""
    if not people:
        return summary
    return replace(summary, speakers=speakers_with_roles(summary.speakers, people))


def people_of(feed: Feed, item: FeedItem) -> list[Person]:
    """The item's people, then the show's (its hosts) not already named; each name once."""
    seen: set[str] = set()
    people: list[Person] = []
    for person in [*item.people, *feed.people]:
        key = person.name.casefold()
        if key not in seen:
            seen.add(key)
            people.append(_person(person))
    return people


def _person(person: FeedPerson) -> Person:
    return Person(person.name, person.role or None)


def _episode(source: Source, feed: Feed, item: FeedItem, turns: list[Turn], chapters: list[Chapter]) -> Episode:
    people = people_of(feed, item)
    # The people's full names let a transcript's `Maya:` resolve to `Maya Chen`.
    context = item.description + "\n" + ", ".join(p.name for p in people)
    episode = build_episode(
        source=source,
        title=truncate(item.title, 200),
        turns=turns,
        identity=f"{feed.guid or feed.title}\n{item.key}",  # the show's guid outlives its title
        show=feed.title,
        description=context,
        chapters=chapters,
        duration=item.duration_seconds,
    )
    episode.description = item.description
    episode.url = item.link or (item.enclosure.url if item.enclosure else None)
    episode.published = item.published
    episode.enclosure_url = item.enclosure.url if item.enclosure else None
    episode.image_url = item.image_url or feed.image_url
    episode.people = people
    return episode

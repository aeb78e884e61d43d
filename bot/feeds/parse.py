"""RSS 2.0 / Atom podcast feeds to plain data: the show, and per item what podquote needs of it. Pure: no I/O.

feedparser reads the basics (it survives the quirks of real hosts' feeds); it flattens the Podcasting 2.0 tags
(only the last `podcast:transcript` of an item survives, `podcast:person` loses its name), so those are read
from the same bytes with defusedxml's ElementTree, which also refuses entity-expansion bombs.
"""

from __future__ import annotations

import calendar
import io
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from bot.feeds.html import html_to_text
from bot.feeds.repair import repair_xml
from bot.text import squash_spaces

_ATOM = "{http://www.w3.org/2005/Atom}"
_ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
_ISO_DURATION = re.compile(r"^P(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)$", re.IGNORECASE)
# Transcript types from richest (speakers and times) to poorest (plain text).
_TRANSCRIPT_RICHNESS = {
    "application/json": 5,
    "text/vtt": 4,
    "application/x-subrip": 3,
    "application/srt": 3,
    "text/srt": 3,
    "text/html": 2,
    "text/plain": 1,
}
_SUFFIX_TYPES = {".json": "application/json", ".vtt": "text/vtt", ".srt": "application/x-subrip"}
_SUFFIX_TYPES |= {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}
# expat's codes for a document that ends too soon: no root element, an unclosed token, a partial character.
_CUT_OFF = frozenset({3, 5, 6})
# Control characters (C0 but tab and line feed, DEL, C1): never part of a title, name or description.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class FeedError(ValueError):
    """The bytes are not a usable feed; the message says why, for the reload report."""


@dataclass(frozen=True, slots=True)
class Enclosure:
    url: str
    type: str | None = None
    length: int | None = None


@dataclass(frozen=True, slots=True)
class TranscriptLink:
    """One `podcast:transcript` of an item."""

    url: str
    type: str
    language: str | None = None
    rel: str | None = None

    @property
    def richness(self) -> int:
        """Higher for formats that carry more: JSON and VTT (speakers and times) > SRT > HTML > plain text."""
        return _TRANSCRIPT_RICHNESS.get(self.type, 0)


@dataclass(frozen=True, slots=True)
class FeedPerson:
    """A `podcast:person`: name and role (lower case; the namespace's default is host)."""

    name: str
    role: str = "host"
    href: str | None = None
    img: str | None = None


@dataclass(slots=True)
class FeedItem:
    id: str  # the guid as the feed gives it (else the enclosure URL, the link or the title)
    title: str
    published: str | None = None  # ISO 8601, UTC
    link: str | None = None
    enclosure: Enclosure | None = None
    duration_seconds: float | None = None
    season: int | None = None
    episode: int | None = None
    description: str = ""
    transcripts: list[TranscriptLink] = field(default_factory=list)
    chapters_url: str | None = None
    people: list[FeedPerson] = field(default_factory=list)
    image_url: str | None = None
    key: str = ""  # unique in the feed: the id, unless another episode reuses it (see `parse_feed`)

    @property
    def transcript(self) -> TranscriptLink | None:
        """The richest transcript the item offers, or None."""
        return richest_transcript(self.transcripts)


@dataclass(slots=True)
class Feed:
    title: str
    link: str | None = None
    image_url: str | None = None
    description: str = ""
    people: list[FeedPerson] = field(default_factory=list)
    items: list[FeedItem] = field(default_factory=list)
    duplicates: int = 0  # items dropped because an earlier item is the same episode under the same id
    clashes: list[str] = field(default_factory=list)  # ids that different episodes share (all of them kept)
    guid: str | None = None  # the show's `podcast:guid`, which stays when its feed moves


def parse_feed(data: bytes) -> Feed:
    """The show and its items (duplicate ids dropped, first kept). Raises FeedError for what is not a feed, and
    for a document that is not complete, well-formed XML once the usual sloppiness is repaired (a feed cut off
    mid-way must not read as a shorter feed)."""
    data = repair_xml(data)
    tree = _safe_tree(data)
    # A stream, never bytes: feedparser opens bytes that name a local file (a response of "/etc/passwd").
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and not parsed.feed.get("title"):
        reason = getattr(parsed, "bozo_exception", None)
        raise FeedError(f"not an RSS or Atom feed ({reason})" if reason else "not an RSS or Atom feed")
    channel_tags = _channel_tags(tree)
    feed = Feed(
        title=clean_text(parsed.feed.get("title", "")) or "Untitled show",
        link=parsed.feed.get("link") or None,
        image_url=channel_tags.image or _feedparser_image(parsed.feed),
        description=strip_controls(html_to_text(parsed.feed.get("subtitle", "") or parsed.feed.get("summary", ""))),
        people=channel_tags.people,
        guid=channel_tags.podcast_guid,
    )
    item_tags = _item_tags(tree)
    by_id: dict[str, list[FeedItem]] = {}
    for index, entry in enumerate(parsed.entries):
        item = _item(entry, _match_tags(entry, index, item_tags))
        if item is None:
            continue
        earlier = by_id.setdefault(item.id, [])
        if any(_same_episode(item, other) for other in earlier):
            feed.duplicates += 1
            continue
        earlier.append(item)
        feed.items.append(item)
    feed.clashes = [item_id for item_id, items in by_id.items() if len(items) > 1]
    for item_id in feed.clashes:
        _disambiguate(by_id[item_id])
    return feed


def _same_episode(item: FeedItem, other: FeedItem) -> bool:
    """Two items under one id are one episode listed twice when they carry the same audio (or, without audio,
    the same title); else a host reused the id for a new episode."""
    if item.enclosure and other.enclosure:
        return item.enclosure.url == other.enclosure.url
    return item.title == other.title


def _disambiguate(items: list[FeedItem]) -> None:
    """Keys for episodes sharing an id: the oldest keeps the id (so the episode it always was stays the same
    episode); the others add their date, or their title."""
    oldest = min(range(len(items)), key=lambda i: (items[i].published is None, items[i].published or "", -i))
    for index, item in enumerate(items):
        if index != oldest:
            item.key = f"{item.id}#{item.published or item.title}"


def strip_controls(text: str) -> str:
    """`text` without control characters (NUL, escape, NEL, ...); tabs and line feeds stay."""
    return _CONTROLS.sub("", text)


def clean_text(text: str) -> str:
    """A title or name on one line: no control characters, white space squashed."""
    return squash_spaces(strip_controls(text))


def parse_duration(value: Any) -> float | None:
    """`itunes:duration` in its forms: `3723`, `62:03`, `1:02:03`, `3723.5`, `PT1H2M3S`; junk -> None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) if 0 <= value < math.inf else None
    if not isinstance(value, str) or not (text := value.strip()):
        return None
    if iso := _ISO_DURATION.match(text):
        hours, minutes, seconds = (float(g) if g else 0.0 for g in iso.groups())
        total = hours * 3600 + minutes * 60 + seconds
        return total if any(iso.groups()) and total < math.inf else None
    return _clock_seconds(text.split(":"))


def _clock_seconds(parts: list[str]) -> float | None:
    """`[h, m, s]`, `[m, s]` or `[s]` as seconds; None unless every part is a non-negative number."""
    if len(parts) > 3:
        return None
    total = 0.0
    for part in parts:
        try:
            number = float(part)
        except ValueError:
            return None
        if not 0 <= number < float("inf"):  # negative, infinite or NaN
            return None
        total = total * 60 + number
    return total if total < math.inf else None


def richest_transcript(links: list[TranscriptLink]) -> TranscriptLink | None:
    """The transcript with the most structure; among equals, the first listed."""
    best: TranscriptLink | None = None
    for link in links:
        if best is None or link.richness > best.richness:
            best = link
    return best


def transcript_type(mime: str | None, url: str) -> str:
    """A normalised MIME type, guessed from the URL's suffix when the feed gives none."""
    mime = (mime or "").split(";")[0].strip().lower()
    if mime in _TRANSCRIPT_RICHNESS:
        return mime
    path = re.split(r"[?#]", url, maxsplit=1)[0].lower()
    for suffix, guessed in _SUFFIX_TYPES.items():
        if path.endswith(suffix):
            return guessed
    return mime or "text/plain"


# --- the podcast: namespace, read with a safe XML parser -------------------------------------------------------


@dataclass(slots=True)
class _PodcastTags:
    guid: str | None = None
    podcast_guid: str | None = None  # the show's `podcast:guid`, on the channel
    transcripts: list[TranscriptLink] = field(default_factory=list)
    chapters_url: str | None = None
    people: list[FeedPerson] = field(default_factory=list)
    image: str | None = None
    season: int | None = None
    episode: int | None = None


def _safe_tree(data: bytes) -> Element:
    """The document as an ElementTree. FeedError when it declares entities (bombs) or is not well-formed."""
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(f"refused: the XML declares entities ({type(exc).__name__})") from None
    except ParseError as exc:
        if exc.code in _CUT_OFF:
            raise FeedError(f"not a complete XML document ({exc}): cut off?") from None
        raise FeedError(f"not well-formed XML ({exc})") from None
    except ValueError as exc:
        raise FeedError(f"not XML ({exc})") from None


def _local(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _is_podcast(tag: Any) -> bool:
    return isinstance(tag, str) and "podcastindex.org/namespace" in tag


def _channel_tags(tree: Element) -> _PodcastTags:
    channel = tree.find("channel")
    container = channel if channel is not None else tree
    tags = _read_tags(container)
    image = container.find(f"{_ITUNES}image")
    if image is not None and image.get("href"):
        tags.image = image.get("href")
    logo = container.find(f"{_ATOM}logo")
    if tags.image is None and logo is not None and logo.text:
        tags.image = logo.text.strip()
    return tags


def _item_tags(tree: Element) -> list[_PodcastTags]:
    items = tree.findall("channel/item") or tree.findall("item") or tree.findall(f"{_ATOM}entry")
    return [_read_tags(item) for item in items]


def _read_tags(element: Element) -> _PodcastTags:
    tags = _PodcastTags()
    for child in element:
        namespace, name = _local(child.tag) if isinstance(child.tag, str) else ("", "")
        if name in {"guid", "id"} and namespace in {"", _ATOM[1:-1]}:
            tags.guid = (child.text or "").strip() or None
        elif not _is_podcast(child.tag):
            continue
        elif name == "transcript" and (url := (child.get("url") or "").strip()):
            tags.transcripts.append(
                TranscriptLink(url, transcript_type(child.get("type"), url), child.get("language"), child.get("rel"))
            )
        elif name == "guid":
            tags.podcast_guid = clean_text(child.text or "") or None
        elif name == "chapters" and child.get("url"):
            tags.chapters_url = child.get("url", "").strip() or None
        elif name == "person" and (person := _person(child)):
            tags.people.append(person)
        elif name in {"season", "episode"}:
            setattr(tags, name, _number(child.text))
    return tags


def _person(element: Element) -> FeedPerson | None:
    # The name is text: markup in it (escaped, or in CDATA) is dropped, never stored.
    name = clean_text(html_to_text("".join(element.itertext())))
    if not name:
        return None
    role = squash_spaces(element.get("role") or "host").lower()
    return FeedPerson(name=name, role=role, href=element.get("href") or None, img=element.get("img") or None)


def _match_tags(entry: Any, index: int, item_tags: list[_PodcastTags]) -> _PodcastTags:
    """The podcast: tags of the XML item that feedparser read as `entry` (same position, same guid)."""
    guid = entry.get("id")
    if index < len(item_tags) and (item_tags[index].guid in {None, guid}):
        return item_tags[index]
    return next((tags for tags in item_tags if guid and tags.guid == guid), _PodcastTags())


# --- one item ---------------------------------------------------------------------------------------------------


def _item(entry: Any, tags: _PodcastTags) -> FeedItem | None:
    enclosure = _enclosure(entry)
    link = _page_link(entry)
    item_id = (entry.get("id") or "").strip() or (enclosure.url if enclosure else None) or link
    title = clean_text(html_to_text(entry.get("title", "")))
    if not item_id:
        item_id = title
    if not item_id:
        return None
    return FeedItem(
        id=item_id,
        key=item_id,
        title=title or "Untitled episode",
        published=_published(entry),
        link=link,
        enclosure=enclosure,
        duration_seconds=parse_duration(entry.get("itunes_duration")),
        season=_number(entry.get("itunes_season")) or tags.season,
        episode=_number(entry.get("itunes_episode")) or tags.episode,
        description=_description(entry),
        transcripts=tags.transcripts,
        chapters_url=tags.chapters_url,
        people=tags.people,
        image_url=(entry.get("image") or {}).get("href") if isinstance(entry.get("image"), dict) else None,
    )


def _enclosure(entry: Any) -> Enclosure | None:
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and link.get("href"):
            return Enclosure(link["href"], link.get("type") or None, _number(link.get("length")) or None)
    return None


def _page_link(entry: Any) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    if entry.get("guidislink") and entry.get("id", "").startswith(("http://", "https://")):
        return entry["id"]
    return None


def _published(entry: Any) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not isinstance(stamp, time.struct_time):
        return None
    try:
        seconds = calendar.timegm(stamp)
    except (OverflowError, ValueError):
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _description(entry: Any) -> str:
    """The longer of the item's description and its `content:encoded`, as clean text."""
    candidates = [entry.get("summary", "")]
    candidates.extend(c.get("value", "") for c in entry.get("content", []) if isinstance(c, dict))
    texts = [strip_controls(html_to_text(c)) for c in candidates if isinstance(c, str) and c.strip()]
    return max(texts, key=len, default="")


def _feedparser_image(channel: Any) -> str | None:
    image = channel.get("image")
    if isinstance(image, dict):
        return image.get("href") or image.get("url") or None
    return None


def _number(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None

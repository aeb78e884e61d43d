"""Feed parsing: the show, every item field, the podcast: namespace, and hostile or broken XML."""

from __future__ import annotations

import pytest

from bot.feeds.chapters import ChaptersError, parse_json_chapters
from bot.feeds.html import html_to_text
from bot.feeds.parse import FeedError, FeedPerson, TranscriptLink, parse_duration, parse_feed, richest_transcript
from tests.feeds.helpers import FIXTURES, fixture_bytes


@pytest.fixture(scope="module")
def weekly():
    return parse_feed(fixture_bytes("pipeline-weekly.xml"))


def test_the_show_is_the_channel(weekly) -> None:
    assert weekly.title == "Pipeline Weekly"
    assert weekly.image_url == "https://pipelineweekly.example.com/artwork-3000.jpg"  # itunes:image first
    assert weekly.people == [FeedPerson("Maya Chen", "host", img="https://pipelineweekly.example.com/maya.jpg")]


def test_items_keep_feed_order_and_drop_a_duplicated_guid(weekly) -> None:
    assert [item.id for item in weekly.items][:4] == ["pw-042", "pw-041", "pw-040", "pw-039"]
    assert len(weekly.items) == 6 and weekly.duplicates == 1


def test_an_item_without_guid_is_identified_by_its_enclosure(weekly) -> None:
    item = next(i for i in weekly.items if i.title == "Listener questions #3")
    assert item.id == "https://cdn.pipelineweekly.example.com/audio/pw-lq3.mp3"
    assert item.link is None


def test_item_fields(weekly) -> None:
    item = weekly.items[0]
    assert item.title == "Streaming joins without tears, with Josh Wills"
    assert item.published == "2025-03-04T14:30:00Z"  # -0500 in the feed, UTC here
    assert item.link == "https://pipelineweekly.example.com/episodes/42-streaming-joins"
    assert item.enclosure is not None and item.enclosure.url.endswith("/pw-042.mp3")
    assert (item.enclosure.type, item.enclosure.length) == ("audio/mpeg", 89345678)
    assert (item.duration_seconds, item.season, item.episode) == (3723.0, 3, 42)
    assert item.chapters_url == "chapters/pw-042.json"
    assert [(p.name, p.role) for p in item.people] == [("Maya Chen", "host"), ("Josh Wills", "guest")]
    assert item.people[1].href == "https://example.com/josh"


def test_every_transcript_is_kept_and_the_richest_chosen(weekly) -> None:
    item = weekly.items[0]
    assert [t.type for t in item.transcripts] == ["text/plain", "application/x-subrip", "application/json", "text/vtt"]
    assert item.transcripts[1].rel == "captions" and item.transcripts[0].language == "en"
    assert item.transcript == TranscriptLink("transcripts/pw-042.json", "application/json", "en")
    assert weekly.items[1].transcript is not None and weekly.items[1].transcript.type == "text/vtt"


def test_richness_order() -> None:
    kinds = ["text/plain", "text/html", "application/x-subrip", "text/vtt", "application/json"]
    links = [TranscriptLink(f"t{i}", kind) for i, kind in enumerate(kinds)]
    assert [t.richness for t in links] == sorted(t.richness for t in links)
    assert richest_transcript(links[:3]) == links[2]
    assert richest_transcript([]) is None


def test_content_encoded_becomes_clean_text_with_paragraphs(weekly) -> None:
    text = weekly.items[0].description
    assert "<" not in text and "&amp;" not in text and "&#" not in text
    assert "late data & watermarks" in text
    assert "Why joins in a stream are hard\nWatermarks, explained simply" in text
    assert "\n\nFind Josh at example.com/josh — it’s worth it." in text


def test_line_breaks_in_a_description_keep_its_chapter_list(weekly) -> None:
    assert "\n03:10 What counts as late\n" in weekly.items[1].description


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [
        ("3723", 3723.0),
        ("62:03", 3723.0),
        ("1:02:03", 3723.0),
        ("01:02:03", 3723.0),
        ("2710.5", 2710.5),
        ("PT1H2M3S", 3723.0),
        ("PT41M", 2460.0),
        (" 45:10 ", 2710.0),
        ("about an hour", None),
        ("", None),
        ("1:2:3:4", None),
        ("-5", None),
        ("nan", None),
        ("1e308:1e308:1e308", None),  # overflows to infinity, which no clock can show
        ("PT" + "9" * 400 + "H", None),
        (float("inf"), None),
        ("PT", None),
        (None, None),
        (90, 90.0),
    ],
)
def test_itunes_duration_forms(raw: object, seconds: float | None) -> None:
    assert parse_duration(raw) == seconds


def test_people_roles_are_lower_case_and_default_to_host() -> None:
    feed = parse_feed(fixture_bytes("indie-makers.rss"))
    assert feed.people[0].role == "host"  # written "Host"
    shipping = next(i for i in feed.items if i.id == "im-103")
    assert shipping.link == "https://www.youtube.com/watch?v=dQw4w9WgXcQ" and shipping.enclosure is None
    assert [(p.name, p.role) for p in shipping.people] == [("Ana Lima", "guest"), ("Sam Okafor", "host")]
    assert next(i for i in feed.items if i.id == "im-105").duration_seconds is None  # empty tag


def test_atom_feeds() -> None:
    feed = parse_feed(fixture_bytes("rust-corner.atom"))
    assert feed.title == "Rust Corner" and feed.image_url == "https://rustcorner.example.net/logo.png"
    first, second = feed.items
    assert first.id == "urn:uuid:rc-7" and first.published == "2025-05-02T12:00:00Z"
    assert first.enclosure is not None and first.enclosure.url.endswith("rc-7.mp3")
    assert first.transcript is not None and first.transcript.url == "transcripts/rc-7.srt"
    assert [p.role for p in first.people] == ["host", "guest"]
    assert second.published == "2025-04-18T10:00:00Z"  # only <updated>, +02:00
    assert second.link == "https://youtu.be/aBcDeFgHiJk" and "cancellation & the bugs" in second.description


def test_an_entity_expansion_bomb_is_refused() -> None:
    with pytest.raises(FeedError, match="entities"):
        parse_feed(fixture_bytes("bomb.xml"))


def test_what_is_not_a_feed_is_an_error() -> None:
    with pytest.raises(FeedError):
        parse_feed(b"<html><body>Not a feed</body></html>")
    with pytest.raises(FeedError):
        parse_feed(b"\x00\x01 binary")


def test_bytes_naming_a_local_file_are_not_opened() -> None:
    path = FIXTURES / "pipeline-weekly.xml"
    with pytest.raises(FeedError):
        parse_feed(str(path).encode())


def test_a_truncated_feed_is_an_error() -> None:
    # feedparser would read it leniently as a shorter feed; ingest then keeps the episodes the feed had (tested
    # with the pipeline) instead of deleting the items cut off.
    with pytest.raises(FeedError, match="not a complete XML document"):
        parse_feed(fixture_bytes("broken.xml"))
    whole = fixture_bytes("pipeline-weekly.xml")
    for cut in (len(whole) // 2, len(whole) - 20):
        with pytest.raises(FeedError, match="not a complete XML document"):
            parse_feed(whole[:cut])


def test_a_bare_ampersand_or_an_html_entity_keeps_the_podcast_tags() -> None:
    # Real feeds carry these; the podcast: tags (transcripts, people) must survive them.
    whole = fixture_bytes("pipeline-weekly.xml")
    sloppy = whole.replace(
        b"<link>https://pipelineweekly.example.com</link>",
        b"<link>https://pipelineweekly.example.com/?utm_source=rss&utm_medium=feed</link>",
        1,
    ).replace(b"<title>Backfills at scale</title>", b"<title>Backfills&nbsp;at scale &copy; &#169;</title>")
    feed = parse_feed(sloppy)
    assert feed.link == "https://pipelineweekly.example.com/?utm_source=rss&utm_medium=feed"
    assert [(p.name, p.role) for p in feed.items[0].people] == [("Maya Chen", "host"), ("Josh Wills", "guest")]
    assert len(feed.items[0].transcripts) == 4 and feed.items[0].chapters_url == "chapters/pw-042.json"
    assert feed.people and feed.items[2].title == "Backfills at scale © ©"


def test_control_characters_never_reach_the_text() -> None:
    whole = fixture_bytes("pipeline-weekly.xml")
    dirty = whole.replace(b"<title>Pipeline Weekly</title>", b"<title>Pipeline\x00 Weekly\x07</title>", 1)
    dirty = dirty.replace(b"The cost of a late event", b"The cost\x00 of a \x1blate event")
    feed = parse_feed(dirty)
    assert feed.title == "Pipeline Weekly" and feed.items[1].title == "The cost of a late event"
    assert len(feed.items[1].transcripts) == 2


def test_html_in_a_person_name_is_text() -> None:
    whole = fixture_bytes("pipeline-weekly.xml")
    hostile = whole.replace(
        b'<podcast:person role="guest" href="https://example.com/josh">Josh Wills</podcast:person>',
        b'<podcast:person role="guest">&lt;b&gt;Eve&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</podcast:person>'
        b'<podcast:person role="guest"><![CDATA[<i>Mallory</i> <img src=x onerror=alert(1)>]]></podcast:person>',
    )
    people = parse_feed(hostile).items[0].people
    assert [(p.name, p.role) for p in people] == [("Maya Chen", "host"), ("Eve", "guest"), ("Mallory", "guest")]


def test_a_feed_listing_nothing_parses_to_no_items() -> None:
    assert parse_feed(fixture_bytes("empty.xml")).items == []


def test_html_to_text() -> None:
    assert html_to_text("<p>One &amp; two</p><p>Three<br>four</p>") == "One & two\n\nThree\nfour"
    assert html_to_text("<script>alert(1)</script><p>Hi&nbsp;there</p>") == "Hi there"
    assert html_to_text("Plain\n\n\n\ntext   here") == "Plain\n\ntext here"
    assert html_to_text("") == ""


def test_json_chapters() -> None:
    chapters = parse_json_chapters(fixture_bytes("chapters/pw-042.json"))
    assert [(c.title, c.start_seconds) for c in chapters] == [
        ("Welcome", 0.0),
        ("Why joins in a stream are hard", 12.5),
        ("Watermarks, explained simply", 1260.0),
        ("When to just use a batch job", 2400.0),
    ]  # the untitled entry and the one hidden from the table of contents are left out
    with pytest.raises(ChaptersError):
        parse_json_chapters('{"version": "1.2.0"}')
    with pytest.raises(ChaptersError):
        parse_json_chapters("not json")
    endless = parse_json_chapters('{"chapters": [{"startTime": 1e400, "title": "Never"}]}')
    assert endless[0].start_seconds is None


def test_an_item_reusing_a_guid_for_another_episode_is_kept_beside_it() -> None:
    reused = fixture_bytes("pipeline-weekly.xml").replace(
        b'<title>Backfills at scale</title>\n      <guid isPermaLink="false">pw-040</guid>',
        b'<title>Backfills at scale</title>\n      <guid isPermaLink="false">pw-041</guid>',
    )
    feed = parse_feed(reused)
    assert [item.id for item in feed.items][:3] == ["pw-042", "pw-041", "pw-041"]
    assert feed.duplicates == 1 and feed.clashes == ["pw-041"]  # the repeated pw-042 is the same episode
    keys = [item.key for item in feed.items]
    assert len(set(keys)) == len(keys) == 6
    assert keys[2] == "pw-041"  # the older of the two keeps the guid as its key, so its episode stays the same
    assert keys[1] != "pw-041" and keys[1].startswith("pw-041")

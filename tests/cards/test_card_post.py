"""What goes with a posted card: the message text (the link to the moment), the alt text, the theme setting."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, Settings
from bot.models import EpisodeRef, Source
from bot.results import QuoteHit
from cogs.cards import MAX_ALT_TEXT, alt_text, card_message


def hit(text: str = "We shipped it on a Friday.", link: str | None = "https://example.test/ep.mp3#t=75") -> QuoteHit:
    episode = EpisodeRef("ep", "Friday deploys", "The Bike Shed", Source("f.txt", 1))
    return QuoteHit(1, text, "JOËL", 75.0, "1:15", True, 80.0, episode, link)


def test_the_message_links_to_the_moment_without_a_preview() -> None:
    assert card_message(hit()) == "Hear it: <https://example.test/ep.mp3#t=75>"


def test_no_link_no_text() -> None:
    assert card_message(hit(link=None)) is None
    assert card_message(hit(link="https://example.test/" + "x" * 2000)) is None  # over Discord's 2,000


def test_alt_text_has_the_quote_speaker_time_and_episode() -> None:
    assert alt_text(hit()) == "“We shipped it on a Friday.” — JOËL, ~1:15, Friday deploys — The Bike Shed"
    long = alt_text(hit(text="word " * 500))
    assert len(long) == MAX_ALT_TEXT and long.endswith("…")


def test_card_theme_setting() -> None:
    assert Settings.from_mapping({}).card_theme == "light"
    assert Settings.from_mapping({"PODQUOTE_CARD_THEME": " Dark "}).card_theme == "dark"
    with pytest.raises(ConfigError, match="PODQUOTE_CARD_THEME"):
        Settings.from_mapping({"PODQUOTE_CARD_THEME": "sepia"})

"""What a quote card shows, taken from a search hit."""

from __future__ import annotations

from dataclasses import dataclass

from bot.results import QuoteHit
from bot.text import format_timestamp

SEPARATOR = " · "
EPISODE_SEPARATOR = " — "


@dataclass(frozen=True, slots=True)
class CardData:
    """The words, who said them, when (`approximate` adds `~`), the episode and show, and the link to the moment."""

    quote: str
    speaker: str | None = None
    timestamp: str | None = None
    approximate: bool = False
    episode_title: str | None = None
    show: str | None = None
    link: str | None = None

    @classmethod
    def from_hit(cls, hit: QuoteHit) -> CardData:
        """The card of one quote hit."""
        return cls(
            quote=hit.text,
            speaker=hit.speaker,
            timestamp=hit.timestamp or format_timestamp(hit.start_seconds),
            approximate=hit.approximate,
            episode_title=hit.episode.title,
            show=hit.episode.show,
            link=hit.link,
        )

    @property
    def moment(self) -> str | None:
        """The timestamp as shown: `12:34`, or `~12:34` when it is an estimate."""
        text = (self.timestamp or "").strip()
        if not text:
            return None
        return "~" + text if self.approximate and not text.startswith("~") else text

    @property
    def speaker_name(self) -> str | None:
        name = " ".join((self.speaker or "").split())
        return name or None

    @property
    def title(self) -> str:
        return " ".join((self.episode_title or "").split())

    @property
    def show_shown(self) -> str | None:
        """The show's name as the card shows it: None when unknown or already in the episode title."""
        show = " ".join((self.show or "").split())
        return show if show and show.casefold() not in self.title.casefold() else None

    @property
    def episode_line(self) -> str | None:
        """`Episode title — Show` (or whichever of the two is known)."""
        if self.show_shown:
            return f"{self.title}{EPISODE_SEPARATOR}{self.show_shown}" if self.title else self.show_shown
        return self.title or None

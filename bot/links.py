"""Links to the moment a quote was said: where a member can hear it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.models import EpisodeRef
from bot.redact import has_secret

MAX_URL = 2048
_YOUTUBE_HOSTS = ("youtube.com", "youtu.be")


def moment_url(url: str | None, seconds: float | None) -> str | None:
    """The episode link, pointing at `seconds` into it when given (`?t=` for YouTube, `#t=` elsewhere). None for
    a URL that is not a web link, or that carries credentials or a token (members see the links)."""
    if not shareable(url):
        return None
    assert url is not None
    if seconds is None:
        return url
    parts = urlsplit(url)
    offset = max(int(seconds), 0)
    if any(host in parts.netloc.lower() for host in _YOUTUBE_HOSTS):
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "t"] + [("t", f"{offset}s")]
        return urlunsplit(parts._replace(query=urlencode(query)))
    return urlunsplit(parts._replace(fragment=f"t={offset}"))


def moment_link(episode: EpisodeRef, seconds: float | None) -> str | None:
    """Where `seconds` into the episode can be heard: its audio file, else its page or video; None when unknown.
    A signed or private audio URL is skipped for the page."""
    url = next((u for u in (episode.enclosure_url, episode.url) if shareable(u)), None)
    return moment_url(url, seconds)


def shareable(url: str | None) -> bool:
    """A web link fit to show members: http(s), not too long, no credentials or tokens in it."""
    return bool(url) and url.startswith(("http://", "https://")) and len(url) <= MAX_URL - 16 and not has_secret(url)


def play_link(url: str | None, when: str | None) -> str:
    """`[▶ 12:34](url)`: where a moment can be heard, as a Discord markdown link; empty without a URL."""
    if not url or not shareable(url):
        return ""
    label = f"▶ {when}" if when else "▶ listen"
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{label}]({safe})"

"""Links to the moment a quote was said: where a member can hear it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.models import EpisodeRef

MAX_URL = 2048
_YOUTUBE_HOSTS = ("youtube.com", "youtu.be")


def moment_url(url: str | None, seconds: float | None) -> str | None:
    """The episode link, pointing at `seconds` into it when given (`?t=` for YouTube, `#t=` elsewhere)."""
    if not url or not url.startswith(("http://", "https://")) or len(url) > MAX_URL - 16:
        return None
    if seconds is None:
        return url
    parts = urlsplit(url)
    offset = max(int(seconds), 0)
    if any(host in parts.netloc.lower() for host in _YOUTUBE_HOSTS):
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "t"] + [("t", f"{offset}s")]
        return urlunsplit(parts._replace(query=urlencode(query)))
    return urlunsplit(parts._replace(fragment=f"t={offset}"))


def moment_link(episode: EpisodeRef, seconds: float | None) -> str | None:
    """Where `seconds` into the episode can be heard: its audio file, else its page or video; None when unknown."""
    return moment_url(episode.enclosure_url or episode.url, seconds)


def play_link(url: str | None, when: str | None) -> str:
    """`[▶ 12:34](url)`: where a moment can be heard, as a Discord markdown link; empty without a URL."""
    if not url or not url.startswith(("http://", "https://")):
        return ""
    label = f"▶ {when}" if when else "▶ listen"
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{label}]({safe})"

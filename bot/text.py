"""Small pure text helpers shared by ingest, search and summaries."""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[^\W_]+")
# ASCII letters to lower case, digits kept, other ASCII bytes to spaces; bytes of non-ASCII characters kept.
_ASCII_FOLD = bytes(
    b + 32 if 65 <= b <= 90 else b if 48 <= b <= 57 or 97 <= b <= 122 or b >= 128 else 32 for b in range(256)
)

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing don down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just ll me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own re s same she
    should so some such t than that the their theirs them themselves then there these they this those
    through to too under until up us ve very was we were what when where which while who whom why will
    with would you your yours yourself yourselves d m o y um uh yeah like oh mean know""".split()
)


def fold(text: str) -> str:
    """Lowercase and strip diacritics, the way the FTS5 `unicode61 remove_diacritics 2` tokenizer does."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Split text into the same tokens FTS5's unicode61 tokenizer indexes (folded, alphanumeric runs)."""
    # A byte table does ASCII in C; a word holding any other character is folded the exact, slower way.
    # Ingest tokenizes every transcript it summarises, which is why this is not simply findall(fold(text)).
    words = text.encode("utf-8", "surrogatepass").translate(_ASCII_FOLD).decode("utf-8", "surrogatepass").split()
    if text.isascii():
        return words
    found: list[str] = []
    for word in words:
        if word.isascii():
            found.append(word)
        else:
            found.extend(_TOKEN.findall(fold(word)))
    return found


def content_tokens(text: str) -> list[str]:
    """Tokens without stop words, in order, duplicates kept."""
    return [t for t in tokens(text) if t not in STOPWORDS]


def squash_spaces(text: str) -> str:
    """Collapse runs of white space to one space and trim the ends."""
    if text.isascii() and "  " not in text and "\n" not in text and "\t" not in text and "\r" not in text:
        return text.strip()  # the common case, several times faster than splitting
    return " ".join(text.split())


def format_timestamp(seconds: float | None, *, approximate: bool = False) -> str | None:
    """`75` -> `1:15`, `3723` -> `1:02:03`; approximate times get a leading `~`."""
    if seconds is None:
        return None
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    stamp = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"~{stamp}" if approximate else stamp


def parse_clock(value: str) -> float:
    """`01:02:03`, `1:02:03.500`, `02:03`, `00:01:02,500` -> seconds."""
    parts = value.strip().replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut text to at most `limit` characters, at a word boundary where one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ellipsis)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + ellipsis


def slugify(text: str, max_length: int = 48) -> str:
    slug = "-".join(tokens(text))
    return slug[:max_length].rstrip("-") or "episode"

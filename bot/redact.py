"""URLs as they may be shown: without credentials or secret tokens. Pure.

Feed URLs come from admins and may carry a login (`https://user:pass@host/feed`) or a private feed's token in the
query (`?token=...`, `?auth=...`, a presigned `X-Amz-Signature`). The real URL is kept for fetching; everything a
member or a log can see (reports, footers, answers, the episodes listing, links) goes through `redact_url`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

MASK = "***"
# Words in a query key that name a secret: api_key, accessToken, auth, sig, X-Amz-Credential, password, ...
_SECRET_WORDS = frozenset(
    """token secret password passwd pass pwd auth authorization key apikey sig signature session sessionid sid
    credential credentials jwt ticket private nonce code hmac""".split()
)
_KEY_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# A value that looks generated rather than chosen: long, and mixing letters and digits.
_GENERATED = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[\w\-.~%+/=]{16,}$")
_URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>\"'`]+")
_PAIR = re.compile(r"([^&;=]*)(=?)([^&;]*)")


def redact_url(url: str) -> str:
    """`url` without user name and password, its secret-looking query (and fragment) values masked: the same
    string when it holds no secret."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _mask_userinfo(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
    query, fragment = _redact_pairs(parts.query), _redact_pairs(parts.fragment)
    if (netloc, query, fragment) == (parts.netloc, parts.query, parts.fragment):
        return url
    return urlunsplit(parts._replace(netloc=netloc, query=query, fragment=fragment))


def has_secret(url: str) -> bool:
    """True when `url` carries credentials or a secret-looking token."""
    return redact_url(url) != url


def redact_text(text: str) -> str:
    """Every URL in a sentence (an error message, a note) redacted."""
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(_redact_match, text)


def _redact_match(match: re.Match[str]) -> str:
    url = match.group(0)
    kept = url.rstrip(").,;:!?]")  # punctuation closing the sentence is not part of the URL
    return redact_url(kept) + url[len(kept) :]


def _redact_pairs(text: str) -> str:
    """`a=1&token=abc` -> `a=1&token=***`: values of secret keys, and values that look generated, masked."""
    if not text or "=" not in text:
        return text
    return _PAIR.sub(_redact_pair, text)


def _redact_pair(match: re.Match[str]) -> str:
    key, equals, value = match.groups()
    if equals and value and (_names_a_secret(key) or _GENERATED.match(value)):
        return f"{key}={MASK}"
    return match.group(0)


def _names_a_secret(key: str) -> bool:
    return any(word.lower() in _SECRET_WORDS for word in _KEY_WORD.findall(key))


def _mask_userinfo(url: str) -> str:
    """For a string urlsplit refuses: anything between `://` and an `@` before the path goes."""
    return re.sub(r"(://)[^/@\s]*@", rf"\g<1>{MASK}@", url)

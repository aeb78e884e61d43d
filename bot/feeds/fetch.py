"""Fetching feeds and what they reference, as a careful client.

http and https only; a timeout and a size cap on every response; a bounded number of redirects and of
downloads at once; a User-Agent that says who is asking; conditional GETs (ETag, Last-Modified), so an unchanged
feed costs one 304. The last good copy of every feed and transcript is kept in a `FeedCache`: when a fetch fails
(network down, 500, timeout, too large, not a feed, a feed that suddenly lists nothing) the feed is read from
that copy, and the pipeline keeps the episodes it had.

Transcripts and chapters are fetched once per URL and then read from the cache (hosts publish them once). One that
failed is asked for again at later reloads, after a growing pause, whatever the feed answers (a 304 included).
The fetching phase of a reload has a budget (`FetchLimits.budget_seconds`): feeds are fetched first, then what
their items reference; what has not arrived when the budget runs out keeps its last good copy and is tried again
at the next reload.

Feed URLs come from admins, but the URLs inside a feed come from whoever hosts it; so unless
`FetchLimits.allow_private`, nothing on a private, loopback or link-local address is fetched (cloud metadata at
169.254.169.254, services on 127.0.0.1 or 10.x): an IP literal must be global, a name must resolve to a global
address (`PublicResolver`), and redirects are followed here, each hop checked again.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import ResolveResult
from aiohttp.resolver import ThreadedResolver

from bot.feeds.cache import FeedCache
from bot.feeds.parse import Feed, FeedError, parse_feed
from bot.feeds.sources import MAX_FEED_BYTES
from bot.redact import redact_text, redact_url

log = logging.getLogger(__name__)

USER_AGENT = "podquote/0.1 (a Discord bot that quotes podcast episodes; feed reader)"
_MEGABYTE = 1024 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class FetchLimits:
    timeout_seconds: float = 30.0
    max_feed_bytes: int = MAX_FEED_BYTES
    max_file_bytes: int = 10 * _MEGABYTE  # a transcript or chapters file
    max_redirects: int = 5
    concurrency: int = 4
    allow_private: bool = False  # fetch from private, loopback and link-local addresses too
    budget_seconds: float = 120.0  # for all the fetching of one reload


@dataclass(frozen=True, slots=True)
class Fetched:
    """One response: its body (200), not modified (304), or why there is nothing."""

    url: str
    body: bytes | None = None
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    out_of_time: bool = False  # not (completely) fetched because the reload's budget ran out


@dataclass(slots=True)
class RemoteFeed:
    """A feed URL after fetching: its bytes (fresh, or the last good copy) or why there are none."""

    url: str
    data: bytes | None = None
    fresh: bool = False  # downloaded now (200), rather than 304 or the cached copy after a failure
    error: str | None = None  # why the fetch failed, when it did
    cached: Callable[[str], bytes | None] = lambda _url: None  # transcripts and chapters from the cache
    feed: Feed | None = None  # already parsed by the fetcher, when it was
    refreshed: bool = False  # a transcript or chapters file its items reference arrived in this reload
    notes: list[str] = field(default_factory=list)  # for the report: what could not be fetched in time

    @property
    def name(self) -> str:
        """The source's name wherever it is shown or stored: its URL without credentials or tokens."""
        return redact_url(self.url)


class ResponseTooLargeError(Exception):
    """The response is larger than its cap."""


class PrivateAddressError(OSError):
    """A host name resolves only to addresses that are not global."""


def is_global_address(address: str) -> bool:
    """True for an IP address routable on the public internet; False for private, loopback, link-local, reserved
    and IPv4-mapped IPv6 forms of those, and for anything that is not an IP address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global


def private_literal(url: str) -> str | None:
    """The host of `url` when it is an IP literal that is not global (or looks like an IPv6 one but is not valid).
    IPv4 is read as resolvers read it: `127.1`, `2130706433`, `0x7f.1`, `0177.0.0.1` and `127.0.0.1.` are all
    127.0.0.1."""
    host = (urlsplit(url).hostname or "").split("%", 1)[0]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if ":" in host:
            return host  # no DNS name holds a colon
        address = _ipv4_shorthand(host)
        return None if address is None or is_global_address(address) else host
    return None if is_global_address(host) else host


def _ipv4_shorthand(host: str) -> str | None:
    """The IPv4 address a numeric host in a short, decimal, octal or hexadecimal form stands for, else None."""
    name = host[:-1] if host.endswith(".") else host
    if not name or not all(part and part[0].isdigit() for part in name.split(".")):
        return None  # a DNS name (`example.com`), not a number
    try:
        return socket.inet_ntoa(socket.inet_aton(name))
    except OSError:
        return None


class PublicResolver(ThreadedResolver):
    """The system resolver, keeping only global addresses; a name with none left is refused."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve `host`, dropping private addresses; `PrivateAddressError` when nothing public is left."""
        resolved = await super().resolve(host, port, family)
        public = [entry for entry in resolved if is_global_address(entry["host"])]
        if not public:
            raise PrivateAddressError(f"{host} resolves to a private address")
        if len(public) < len(resolved):
            log.warning("%s: dropped %d private address(es)", host, len(resolved) - len(public))
        return public


def is_fetchable(url: str) -> bool:
    """Only http and https URLs with a host are fetched."""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


class Fetcher:
    """Downloads with the limits above over one aiohttp session. Use `async with Fetcher(...) as fetcher`."""

    def __init__(self, cache: FeedCache, limits: FetchLimits | None = None) -> None:
        self.cache = cache
        self.limits = limits or FetchLimits()
        self._slots = asyncio.Semaphore(self.limits.concurrency)
        self._session: aiohttp.ClientSession | None = None
        self._deadline = float("inf")

    async def __aenter__(self) -> Fetcher:
        timeout = aiohttp.ClientTimeout(total=self.limits.timeout_seconds)
        connector = None if self.limits.allow_private else aiohttp.TCPConnector(resolver=PublicResolver())
        self._session = aiohttp.ClientSession(connector=connector, timeout=timeout, headers={"User-Agent": USER_AGENT})
        self._deadline = asyncio.get_running_loop().time() + self.limits.budget_seconds
        return self

    def time_left(self) -> float:
        """Seconds left of the budget for fetching (it starts when the fetcher opens)."""
        return self._deadline - asyncio.get_running_loop().time()

    @property
    def out_of_time(self) -> str:
        return f"not fetched before the reload's {self.limits.budget_seconds:g} s for fetching ran out"

    async def __aexit__(self, *exc_info: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def get(self, url: str, *, cap: int, conditional: bool = False) -> Fetched:
        """GET `url` (conditionally, from the cache's validators, when asked). Never raises for network trouble."""
        if not is_fetchable(url):
            return Fetched(url, error="only http and https URLs are fetched")
        headers = self._validators(url) if conditional else {}
        async with self._slots:
            left = self.time_left()
            if left <= 0:
                return Fetched(url, error=self.out_of_time, out_of_time=True)
            try:
                async with asyncio.timeout(min(left, self.limits.timeout_seconds)):
                    return await self._get(url, headers, cap)
            except (ResponseTooLargeError, TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
                return self._failure(url, exc, cap)

    def _failure(self, url: str, exc: Exception, cap: int) -> Fetched:
        """Why a GET of `url` failed, in words for the report (no credentials in them)."""
        if isinstance(exc, ResponseTooLargeError):
            return Fetched(url, error=f"larger than {_size(cap)}")
        if isinstance(exc, TimeoutError) and self.time_left() <= 0:
            return Fetched(url, error=self.out_of_time, out_of_time=True)
        if isinstance(exc, TimeoutError):
            return Fetched(url, error=f"timed out after {self.limits.timeout_seconds:g} s")
        if (refused := _private_address_error(exc)) is not None:
            return Fetched(url, error=f"refused: {refused}")
        return Fetched(url, error=redact_text(f"network error ({type(exc).__name__}: {exc})")[:300])

    def _validators(self, url: str) -> dict[str, str]:
        entry = self.cache.entry(url)
        if entry is None or not self.cache.has(url):
            return {}
        headers = {}
        if entry.etag:
            headers["If-None-Match"] = entry.etag
        if entry.last_modified:
            headers["If-Modified-Since"] = entry.last_modified
        return headers

    def _refusal(self, url: str) -> str | None:
        """Why `url` may not be fetched under these limits, or None."""
        host = None if self.limits.allow_private else private_literal(url)
        return None if host is None else f"refused: {host} is a private address"

    async def _get(self, url: str, headers: dict[str, str], cap: int) -> Fetched:
        """Follow up to `max_redirects` redirects, checking the scheme and the address of every hop."""
        assert self._session is not None, "use Fetcher as an async context manager"
        current = url
        for _ in range(self.limits.max_redirects + 1):
            if not is_fetchable(current):
                return Fetched(url, error="redirected away from http(s)")
            if (refusal := self._refusal(current)) is not None:
                return Fetched(url, error=refusal)
            async with self._session.get(current, headers=headers, allow_redirects=False) as response:
                location = response.headers.get("Location") if response.status in _REDIRECTS else None
                if location is None:
                    return await _result(url, response, cap)
                current = urljoin(current, location)
        return Fetched(url, error=f"more than {self.limits.max_redirects} redirects")


async def _result(url: str, response: aiohttp.ClientResponse, cap: int) -> Fetched:
    """The final (non-redirect) response to a GET of `url`, read within `cap`."""
    if response.status == 304:
        return Fetched(url, not_modified=True)
    if response.status != 200:
        return Fetched(url, error=f"HTTP {response.status}")
    if response.content_length is not None and response.content_length > cap:
        raise ResponseTooLargeError
    body = await _read_capped(response, cap)
    return Fetched(url, body, etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified"))


def _private_address_error(exc: BaseException) -> PrivateAddressError | None:
    """The `PrivateAddressError` behind `exc` (aiohttp wraps what the resolver raises), if there is one."""
    seen: BaseException | None = exc
    for _ in range(5):  # a short chain; never loop on a cycle
        if isinstance(seen, PrivateAddressError):
            return seen
        seen = None if seen is None else getattr(seen, "os_error", None) or seen.__cause__
    return None


def _size(count: int) -> str:
    return f"{count / _MEGABYTE:g} MB" if count >= _MEGABYTE else f"{count / 1024:g} KB"


async def _read_capped(response: aiohttp.ClientResponse, cap: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > cap:
            raise ResponseTooLargeError
        chunks.append(chunk)
    return b"".join(chunks)


async def fetch_feeds(urls: Sequence[str], fetcher: Fetcher) -> list[RemoteFeed]:
    """Each feed URL fetched (or read from its last good copy when that fails), then what their items reference:
    feeds first, so a slow transcript host never costs a feed its turn within the reload's budget."""
    feeds = list(await asyncio.gather(*(fetch_feed(url, fetcher) for url in urls)))
    await asyncio.gather(*(fetch_references(remote, fetcher) for remote in feeds if remote.data is not None))
    return feeds


async def fetch_feed(url: str, fetcher: Fetcher) -> RemoteFeed:
    """One feed: fresh when it changed and is a good feed; else the last good copy, with the reason."""
    cache = fetcher.cache
    fetched = await fetcher.get(url, cap=fetcher.limits.max_feed_bytes, conditional=True)
    if fetched.not_modified:
        return RemoteFeed(url, await asyncio.to_thread(cache.body, url), cached=cache.body)
    if fetched.body is None:
        return await _last_good(url, cache, fetched.error or "no response")
    try:
        feed = await asyncio.to_thread(parse_feed, fetched.body)
    except FeedError as exc:
        return await _last_good(url, cache, f"not a usable feed: {exc}")
    if not feed.items:
        return await _last_good(url, cache, "the feed lists no episodes")
    await _keep(cache, fetched)
    return RemoteFeed(url, fetched.body, fresh=True, cached=cache.body, feed=feed)


async def _keep(cache: FeedCache, fetched: Fetched) -> None:
    """Store a response as the last good copy, off the event loop (a feed may weigh megabytes)."""
    assert fetched.body is not None
    await asyncio.to_thread(
        cache.store, fetched.url, fetched.body, etag=fetched.etag, last_modified=fetched.last_modified
    )


async def _last_good(url: str, cache: FeedCache, reason: str) -> RemoteFeed:
    log.warning("feed %s: %s; reading the last good copy", redact_url(url), reason)
    body = await asyncio.to_thread(cache.body, url)
    error = reason if body is not None else f"{reason}; no earlier copy"
    return RemoteFeed(url, body, error=error, cached=cache.body)


async def fetch_references(remote: RemoteFeed, fetcher: Fetcher) -> None:
    """Download, into the cache, the richest reachable transcript and the chapters of every item of the feed that
    are not cached yet: after a 200, a 304 or a failure alike."""
    groups = await asyncio.to_thread(_reference_groups, remote, fetcher.cache)
    outcomes = await asyncio.gather(*(_first_available(urls, fetcher) for urls in groups))
    remote.refreshed = _ARRIVED in outcomes
    if late := outcomes.count(_LATE):
        remote.notes.append(f"{late} transcript or chapters file(s) {fetcher.out_of_time}; tried again next reload")


def reference_groups(feed_url: str, feed: Feed) -> list[list[str]]:
    """Per item, its transcripts (richest first: any one will do) and its chapters, as absolute URLs."""
    groups: list[list[str]] = []
    for item in feed.items:
        links = sorted(item.transcripts, key=lambda link: -link.richness)
        if links:
            groups.append([urljoin(feed_url, link.url) for link in links])
        if item.chapters_url:
            groups.append([urljoin(feed_url, item.chapters_url)])
    return groups


def _reference_groups(remote: RemoteFeed, cache: FeedCache) -> list[list[str]]:
    """What the feed references: from the feed just parsed, else as kept with its last good copy (parsed again
    only for a copy cached before references were kept)."""
    groups = None if remote.feed is not None else cache.references(remote.url)
    if groups is None:
        try:
            feed = remote.feed or parse_feed(remote.data or b"")
        except FeedError:
            return []
        groups = reference_groups(remote.url, feed)
        cache.store_references(remote.url, groups)
    return groups


_CACHED, _ARRIVED, _FAILED, _LATE = "cached", "arrived", "failed", "late"


async def _first_available(urls: list[str], fetcher: Fetcher) -> str:
    """The first of `urls` in the cache, else the first that can be fetched now: which happened."""
    cache = fetcher.cache
    for url in urls:
        if cache.has(url):
            return _CACHED
        if not cache.may_retry(url):
            continue  # it failed a short while ago
        fetched = await fetcher.get(url, cap=fetcher.limits.max_file_bytes)
        if fetched.body is not None:
            await _keep(cache, fetched)
            return _ARRIVED
        if fetched.out_of_time:
            return _LATE  # not the host's fault: no pause before the next reload asks again
        await asyncio.to_thread(cache.record_failure, url)
        log.info("could not fetch %s: %s", redact_url(url), fetched.error)
    return _FAILED

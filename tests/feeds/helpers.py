"""Paths of the feed fixtures, shared by the feed tests."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import shutil
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
FEED_FILES = ("pipeline-weekly.xml", "indie-makers.rss", "rust-corner.atom")


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def feeds_folder(target: Path, *, standalone: bool = True) -> Path:
    """A seeds folder holding the fixture feeds, their transcripts and chapters (and the standalone file)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in FEED_FILES:
        shutil.copy(FIXTURES / name, target / name)
    shutil.copytree(FIXTURES / "transcripts", target / "transcripts")
    shutil.copytree(FIXTURES / "chapters", target / "chapters")
    if standalone:
        shutil.copy(FIXTURES / "standalone" / "im-104.vtt", target / "im-104.vtt")
    return target


@dataclass
class FeedServer:
    """Serves the fixture folder; `modes` turns a path into a failure: 500, slow, stall, huge, invalid."""

    base: str = ""
    modes: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, bytes] = field(default_factory=dict)  # served instead of the fixture file
    hits: Counter[str] = field(default_factory=Counter)
    agents: set[str] = field(default_factory=set)
    not_modified: Counter[str] = field(default_factory=Counter)
    redirects: dict[str, str] = field(default_factory=dict)  # path -> the Location it redirects to
    released: asyncio.Event = field(default_factory=asyncio.Event)  # ends every "stall" at once

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        self.hits[path] += 1
        self.agents.add(request.headers.get("User-Agent", ""))
        mode = self.modes.get(path, "ok")
        if mode == "500":
            return web.Response(status=500, text="upstream exploded")
        if mode == "slow":
            await asyncio.sleep(3)
        if mode == "stall":  # a host that answers after half a minute, or when the server shuts down
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.released.wait(), 30)
        if mode == "huge":
            return web.Response(body=b"<rss>" + b" " * 500_000 + b"</rss>", content_type="application/rss+xml")
        if mode == "redirect-loop":
            raise web.HTTPFound(location=f"/{path}")
        if path in self.redirects:
            raise web.HTTPFound(location=self.redirects[path])
        if mode == "invalid":
            return web.Response(body=(FIXTURES / "broken.xml").read_bytes(), headers={"ETag": '"broken"'})
        file = FIXTURES / path
        if path not in self.bodies and not file.is_file():
            return web.Response(status=404)
        body = self.bodies.get(path) or file.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if request.headers.get("If-None-Match") == etag:
            self.not_modified[path] += 1
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, headers={"ETag": etag, "Content-Type": "application/octet-stream"})


@asynccontextmanager
async def serve_fixtures() -> AsyncIterator[FeedServer]:
    """The fixture folder served over HTTP on 127.0.0.1 (a random port); `base` is its URL."""
    feeds = FeedServer()
    app = web.Application()
    app.router.add_get("/{path:.+}", feeds.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    feeds.base = f"http://127.0.0.1:{runner.addresses[0][1]}/"
    try:
        yield feeds
    finally:
        feeds.released.set()
        await runner.cleanup()

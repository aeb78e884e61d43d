"""The wire: JSON responses exactly as discord.py parses them, and gateway frames compressed as asked."""

from __future__ import annotations

import asyncio
import json
import zlib
from typing import Any

from aiohttp import BodyPartReader, web

from tests.fake_discord.records import Upload


class GatewaySocket:
    """One client connection to the gateway, compressed the way the client asked for."""

    def __init__(self, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.ws = ws
        self._zlib = zlib.compressobj() if compress == "zlib-stream" else None
        self._lock = asyncio.Lock()

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload)
        async with self._lock:
            if self._zlib is None:
                await self.ws.send_str(text)
            else:
                data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)


def json_response(data: Any, status: int = 200) -> web.Response:
    """discord.py parses a body as JSON only when Content-Type is exactly `application/json`."""
    return web.Response(status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"})


def error_response(status: int, message: str, code: int = 0, errors: list[str] | None = None) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = {"_errors": [{"code": "INVALID", "message": e} for e in errors]}
    return json_response(body, status)


async def read_multipart(request: web.Request) -> tuple[Any, list[Upload]]:
    """A multipart/form-data body as Discord reads it: the JSON of `payload_json` and the `files[n]` uploads."""
    body: Any = None
    files: list[Upload] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        data = await part.read()
        if part.name == "payload_json":
            body = json.loads(data)
        else:
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            files.append(Upload(part.name or "", part.filename or "", content_type, bytes(data)))
    return body, files

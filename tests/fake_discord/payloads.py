"""JSON payloads shaped like Discord's API v10 objects, as discord.py 2.7 parses them."""

from __future__ import annotations

import itertools
import mimetypes
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000
ADMINISTRATOR = 1 << 3
# VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS | EMBED_LINKS
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31) | (1 << 14)
ALL_PERMISSIONS = (1 << 53) - 1
ATTACH_FILES = 1 << 15
PRIVILEGED_INTENTS = {"members": 1 << 1, "presences": 1 << 8, "message_content": 1 << 15}

_counter = itertools.count(1)


def snowflake() -> int:
    """A fresh, unique, time-ordered Discord id."""
    millis = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (millis << 22) | (next(_counter) & 0x3FFFFF)


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class FakeRole:
    id: int
    name: str
    permissions: int = 0
    position: int = 1
    bot_id: int | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "hoist": False,
            "managed": self.bot_id is not None,
            "mentionable": True,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data


@dataclass
class FakeUser:
    """A member of the fake guild (or the bot itself)."""

    id: int
    name: str
    roles: list[int] = field(default_factory=list)
    bot: bool = False

    def user_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.name,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    def member_payload(self, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": self.user_payload(),
            "roles": [str(r) for r in self.roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
        }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


def application_payload(app_id: int, owner: FakeUser) -> dict[str, Any]:
    return {
        "id": str(app_id),
        "name": "podquote-test",
        "icon": None,
        "description": "",
        "rpc_origins": [],
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": owner.user_payload(),
        "summary": "",
        "verify_key": "0" * 64,
        "team": None,
        "flags": 0,
        "interactions_endpoint_url": None,
    }


def text_channel_payload(channel_id: int, guild_id: int, name: str) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def guild_payload(
    guild_id: int,
    owner_id: int,
    roles: list[FakeRole],
    channels: list[dict[str, Any]],
    members: list[FakeUser],
) -> dict[str, Any]:
    return {
        "id": str(guild_id),
        "name": "Podquote Test Server",
        "icon": None,
        "owner_id": str(owner_id),
        "roles": [r.payload() for r in roles],
        "emojis": [],
        "stickers": [],
        "features": [],
        "channels": channels,
        "threads": [],
        "members": [m.member_payload() for m in members],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "member_count": len(members),
        "large": False,
        "unavailable": False,
        "joined_at": "2024-01-01T00:00:00+00:00",
        "preferred_locale": "en-US",
        "premium_tier": 0,
        "system_channel_flags": 0,
        "nsfw_level": 0,
        "mfa_level": 0,
        "verification_level": 0,
        "explicit_content_filter": 0,
        "default_message_notifications": 0,
    }


def message_payload(
    message_id: int,
    channel_id: int,
    guild_id: int | None,
    author: FakeUser,
    body: dict[str, Any],
) -> dict[str, Any]:
    """A message object built from what a client sent (`body`: content, embeds, components, flags...)."""
    data: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author.user_payload(),
        "content": body.get("content") or "",
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": body.get("flags") or 0,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def attachment_payloads(body: dict[str, Any], files: list[Any], channel_id: int) -> list[dict[str, Any]]:
    """Attachment objects for uploaded files (`files[n]` matched to `attachments[].id == n` in the body)."""
    described = {str(a.get("id")): a for a in body.get("attachments") or []}
    payloads = []
    for upload in files:
        index = upload.field.removeprefix("files[").removesuffix("]")
        attachment_id = snowflake()
        url = f"https://cdn.fake-discord.test/attachments/{channel_id}/{attachment_id}/{upload.filename}"
        payload = {
            "id": str(attachment_id),
            "filename": upload.filename,
            "size": len(upload.data),
            "url": url,
            "proxy_url": url,
            "content_type": _content_type(upload.filename, upload.content_type),
        }
        if description := described.get(index, {}).get("description"):
            payload["description"] = description
        payloads.append(payload)
    return payloads


def _content_type(filename: str, sent: str) -> str:
    """Discord works the type out from the file when the client sends application/octet-stream (discord.py does)."""
    if sent != "application/octet-stream":
        return sent
    return mimetypes.guess_type(filename)[0] or sent

"""Who may do what, and how often: the admin check and per-member cooldowns."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

T = TypeVar("T")

SEARCH_RATE = 5  # searches per member...
SEARCH_PER = 30.0  # ...per this many seconds


class NotAdminError(app_commands.CheckFailure):
    """The member is not a podquote admin; the message is shown to them."""


class NotOwnerError(app_commands.CheckFailure):
    """Only the bot's owner may do this; the message is shown to them."""


def is_admin(interaction: discord.Interaction[Any]) -> bool:
    """Administrator permission, a listed id (PODQUOTE_ADMIN_IDS) or the admin role (PODQUOTE_ADMIN_ROLE)."""
    settings = interaction.client.settings
    user = interaction.user
    if user.id in settings.admin_ids or interaction.permissions.administrator:
        return True
    wanted = (settings.admin_role or "").strip().casefold()
    if not wanted or not isinstance(user, discord.Member):
        return False
    return any(role.name.casefold() == wanted or str(role.id) == wanted for role in user.roles)


async def _check_admin(interaction: discord.Interaction[Any]) -> bool:
    if is_admin(interaction):
        return True
    raise NotAdminError("Only podquote admins can use this command.")


async def _check_owner(interaction: discord.Interaction[Any]) -> bool:
    if await interaction.client.is_owner(interaction.user):
        return True
    raise NotOwnerError("Only the bot's owner can use this command.")


def admin_only() -> Callable[[T], T]:
    """Hide a command from non-administrators by default and check again when it runs.

    `default_permissions` only sets what Discord shows by default: server admins can grant the command to
    anyone in Server Settings > Integrations, so the run-time check is what actually guards it.
    """

    def decorator(func: T) -> T:
        func = app_commands.default_permissions(administrator=True)(func)
        return app_commands.check(_check_admin)(func)

    return decorator


def owner_only() -> Callable[[T], T]:
    """Hidden from non-administrators, and run only for the application's owner (or team members)."""

    def decorator(func: T) -> T:
        func = app_commands.default_permissions(administrator=True)(func)
        return app_commands.check(_check_owner)(func)

    return decorator


def search_cooldown() -> Callable[[T], T]:
    """The per-member cooldown shared by the search commands."""
    return app_commands.checks.cooldown(SEARCH_RATE, SEARCH_PER, key=lambda i: i.user.id)


class MemberCooldown:
    """A sliding-window rate limit per member, for work not started by an app command (mentions)."""

    def __init__(self, rate: int = SEARCH_RATE, per: float = SEARCH_PER) -> None:
        self.rate = rate
        self.per = per
        self._hits: dict[int, deque[float]] = {}

    def retry_after(self, member_id: int, now: float | None = None) -> float | None:
        """Record a use; None when allowed, else the seconds until the member may try again."""
        now = time.monotonic() if now is None else now
        hits = self._hits.setdefault(member_id, deque())
        while hits and now - hits[0] >= self.per:
            hits.popleft()
        if len(hits) >= self.rate:
            return self.per - (now - hits[0])
        hits.append(now)
        self._forget_idle(now)
        return None

    def _forget_idle(self, now: float) -> None:
        if len(self._hits) < 10_000:
            return
        for member_id in [m for m, h in self._hits.items() if not h or now - h[-1] >= self.per]:
            del self._hits[member_id]

"""Who may do what, and how often: the admin check and per-member cooldowns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.config import Settings

T = TypeVar("T")


class NotAdminError(app_commands.CheckFailure):
    """The member is not a podquote admin; the message is shown to them."""


class NotOwnerError(app_commands.CheckFailure):
    """Only the bot's owner may do this; the message is shown to them."""


def is_admin(interaction: discord.Interaction[Any]) -> bool:
    """Administrator permission, a listed id (PODQUOTE_ADMIN_IDS) or the admin role (PODQUOTE_ADMIN_ROLE)."""
    return is_admin_member(interaction.client.settings, interaction.user, interaction.permissions.administrator)


def is_admin_member(settings: Settings, user: discord.abc.User, administrator: bool | None = None) -> bool:
    """The admin test for a member seen outside an interaction (a message); `administrator` when known."""
    if administrator is None:
        permissions = getattr(user, "guild_permissions", None)
        administrator = bool(permissions and permissions.administrator)
    if user.id in settings.admin_ids or administrator:
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


def admin_check() -> Callable[[T], T]:
    """The run-time admin check alone, for the subcommands of a group that carries `default_permissions`."""
    return app_commands.check(_check_admin)


def owner_only() -> Callable[[T], T]:
    """Hidden from non-administrators, and run only for the application's owner (or team members)."""

    def decorator(func: T) -> T:
        func = app_commands.default_permissions(administrator=True)(func)
        return app_commands.check(_check_owner)(func)

    return decorator


class RateLimitedError(app_commands.CheckFailure):
    """The member asked too often; the message (with when to try again) is shown to them privately."""


def rate_limit_message(retry_after: float) -> str:
    return f"You're going fast: try again in {max(retry_after, 1):.0f} s."


async def _check_rate(interaction: discord.Interaction[Any]) -> bool:
    if is_admin(interaction):
        return True
    retry = interaction.client.rate_limit.retry_after(interaction.user.id)
    if retry is None:
        return True
    raise RateLimitedError(rate_limit_message(retry))


def member_rate_limit() -> Callable[[T], T]:
    """The per-member limit shared by questions and searches (PODQUOTE_RATE_REQUESTS per
    PODQUOTE_RATE_WINDOW_SECONDS, admins exempt); the refusal is private."""
    return app_commands.check(_check_rate)

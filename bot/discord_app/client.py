"""The Discord bot: a `commands.Bot` built from `Settings`, and the `run` and `sync` entry points.

`setup_hook` does all start-up work once, before the bot takes commands: it loads the cogs, opens the store
(unless one was handed in), ingests the seeds folder when the store is empty, and syncs the slash commands to
the development guild when `PODQUOTE_GUILD_ID` is set. Global sync is deliberate: `python -m bot sync` or the
owner's `/sync`.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.config import Settings
from bot.discord_app.rate_limit import MemberCooldown
from bot.meaning import EmbeddingWorker, switch_off
from bot.reload import reload_sources
from bot.store import Store, StoreError
from bot.warm import warm_up

log = logging.getLogger(__name__)

EXTENSIONS = ("cogs.quotes", "cogs.summaries", "cogs.questions", "cogs.admin", "cogs.sources")
DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"
VIEW_TIMEOUT = 180.0

TOKEN_MISSING = (
    "No bot token: set DISCORD_TOKEN in the environment or in .env to the token from your application's "
    "Bot tab at https://discord.com/developers/applications (see docs/discord.md)."
)
TOKEN_REJECTED = (
    "Discord rejected the bot token: reset it on your application's Bot tab at "
    "https://discord.com/developers/applications and put the new one in DISCORD_TOKEN (see docs/discord.md)."
)
APOLOGY = "Sorry, something went wrong while answering that. It has been logged; please try again."


def bot_intents() -> discord.Intents:
    """Guilds and messages, no privileged intent: Discord still delivers messages that mention the bot."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    return intents


def apply_endpoint_overrides(settings: Settings) -> None:
    """Point discord.py at DISCORD_API_BASE / DISCORD_GATEWAY_URL, or at Discord itself when unset."""
    discord.http.Route.BASE = (settings.api_base or DISCORD_API_BASE).rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url or DISCORD_GATEWAY_URL)
    if settings.api_base or settings.gateway_url:
        log.info("using Discord API %s and gateway %s", discord.http.Route.BASE, settings.gateway_url or "default")


class PodquoteTree(app_commands.CommandTree["PodquoteBot"]):
    """The command tree with podquote's one error handler."""

    async def on_error(
        self, interaction: discord.Interaction[PodquoteBot], error: app_commands.AppCommandError
    ) -> None:
        message = describe_command_error(interaction, error)
        await send_ephemeral(interaction, message)


def describe_command_error(interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> str:
    """What to tell the member; unexpected errors are logged with their traceback."""
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You can't use this command here."
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(cause, StoreError):
        log.warning("store error in /%s: %s", _command_name(interaction), cause)
        return f"Sorry, {cause}."
    log.error("/%s failed for user %s", _command_name(interaction), interaction.user.id, exc_info=cause)
    return APOLOGY


def _command_name(interaction: discord.Interaction[Any]) -> str:
    return interaction.command.qualified_name if interaction.command else "?"


async def send_ephemeral(interaction: discord.Interaction[Any], message: str) -> None:
    """Answer briefly and only to the member, whether or not the interaction was already answered."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("could not send an error reply: %s", exc)


class PodquoteBot(commands.Bot):
    """The podquote bot. Hand in an open `Store` (the caller closes it) or let `setup_hook` open one."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: Store | None = None,
        serve: bool = True,
        view_timeout: float = VIEW_TIMEOUT,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=bot_intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=PodquoteTree,
            **options,
        )
        self.settings = settings
        self.serve = serve
        self.view_timeout = view_timeout
        self.reload_lock = asyncio.Lock()
        self.rate_limit = MemberCooldown(settings.rate_requests, settings.rate_window_seconds)
        self._closing = asyncio.Lock()
        self._store = store
        self._owns_store = store is None
        self.meaning: EmbeddingWorker | None = None  # embeds new episodes in the background

    @property
    def store(self) -> Store:
        if self._store is None:
            raise StoreError("the store is not open yet")
        return self._store

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if not self.serve:
            return
        if self._store is None:
            self._store = await Store.open(self.settings.db_path)
        if not self.settings.meaning:
            switch_off(self._store)
        await self.ingest_if_empty()
        await self.warm_up()
        if self.settings.meaning:
            self.meaning = EmbeddingWorker(self.store)
            self.meaning.start()
        if self.settings.guild_id is not None:
            await self.sync_guild(self.settings.guild_id)

    async def ingest_if_empty(self) -> None:
        """Build the store from the seeds folder on first start; a failure leaves the bot serving, empty."""
        counts = await self.store.counts()
        if counts["files"] or counts["episodes"]:
            return
        folder = self.settings.seeds_dir
        if not folder.is_dir():
            log.warning("the store is empty and the seeds folder %s does not exist", folder)
            return
        async with self.reload_lock:
            log.info("the store is empty: ingesting %s", folder)
            try:
                report = await reload_sources(self.store, self.settings)
            except Exception:
                log.exception("ingesting %s failed; the bot starts with an empty store", folder)
                return
        log.info("ingested %d files, %d episodes", len(report.files_added), report.episodes_added)

    async def corpus_changed(self) -> None:
        """After a reload: rebuild the in-memory indexes, and embed the new episodes in the background."""
        await self.warm_up()
        if self.meaning is not None:
            self.meaning.wake()

    async def warm_up(self) -> None:
        """Build the in-memory indexes now rather than on a member's first question (see `bot.warm`)."""
        try:
            await warm_up(self.store)
        except Exception:  # an optimisation only: the indexes are built on demand anyway
            if not self.is_closed():
                log.exception("warming up the in-memory indexes failed")

    async def sync_guild(self, guild_id: int) -> list[app_commands.AppCommand]:
        """Copy the commands to one guild and sync them there (instant, for development)."""
        guild = discord.Object(guild_id)
        self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        log.info("synced %d commands to guild %s", len(synced), guild_id)
        return synced

    async def sync_global(self) -> list[app_commands.AppCommand]:
        """Sync the commands everywhere (Discord may take a while to show changes)."""
        synced = await self.tree.sync()
        log.info("synced %d commands globally", len(synced))
        return synced

    async def on_ready(self) -> None:
        assert self.user is not None
        log.info("logged in as %s (%s) in %d guilds", self.user, self.user.id, len(self.guilds))

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: messages are handled by the cogs' listeners."""

    async def close(self) -> None:
        """Disconnect, then close the store if this bot opened it. Safe to call more than once, concurrently."""
        if self.meaning is not None:
            await self.meaning.stop()
        await super().close()
        async with self._closing:  # a second caller waits until the store is really closed
            if self._owns_store and self._store is not None:
                await self._store.close()
                self._store = None


def create_bot(settings: Settings, **options: Any) -> PodquoteBot:
    """A bot wired to the configured Discord endpoints."""
    apply_endpoint_overrides(settings)
    return PodquoteBot(settings, **options)


def run_bot(settings: Settings) -> int:
    """Run the bot until interrupted. Returns the process exit code; token problems get one clear sentence."""
    _ensure_logging(settings.log_level)
    token = _token(settings)
    if token is None:
        log.error(TOKEN_MISSING)
        return 2
    return _run_reporting(_serve(settings, token))


def sync_commands(settings: Settings) -> int:
    """Log in over HTTP only and sync the slash commands globally (`python -m bot sync`)."""
    _ensure_logging(settings.log_level)
    token = _token(settings)
    if token is None:
        log.error(TOKEN_MISSING)
        return 2
    return _run_reporting(_sync(settings, token))


def _run_reporting(main: Any) -> int:
    try:
        asyncio.run(main)
    except discord.LoginFailure:
        log.error(TOKEN_REJECTED)
        return 1
    except (aiohttp.ClientConnectionError, discord.GatewayNotFound) as exc:
        log.error("Could not reach Discord at %s: %s", discord.http.Route.BASE, exc)
        return 1
    except KeyboardInterrupt:
        log.info("interrupted; shutting down")
    return 0


async def _serve(settings: Settings, token: str) -> None:
    async with create_bot(settings) as bot:
        _stop_on_sigterm(asyncio.current_task())
        try:
            await bot.start(token)
        except asyncio.CancelledError:  # SIGTERM or Ctrl-C: leaving the block closes the bot and its store
            log.info("shutting down")


async def _sync(settings: Settings, token: str) -> None:
    async with create_bot(settings, serve=False) as bot:
        await bot.login(token)
        synced = await bot.sync_global()
        log.info("global commands: %s", ", ".join("/" + c.name for c in synced) or "none")


def _stop_on_sigterm(task: asyncio.Task[None] | None) -> None:
    """Stop cleanly on SIGTERM (docker stop, systemd) the way asyncio stops on Ctrl-C: cancel the main task."""
    if task is None:
        return
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    except (NotImplementedError, RuntimeError):  # not on Windows or outside the main thread
        log.debug("SIGTERM handler not installed")


def _token(settings: Settings) -> str | None:
    token = (settings.discord_token or "").strip()
    token = token.removeprefix("Bot ").strip()
    return token or None


def _ensure_logging(level: str) -> None:
    if not logging.getLogger().handlers:
        discord.utils.setup_logging(level=logging.getLevelNamesMapping().get(level.upper(), logging.INFO))

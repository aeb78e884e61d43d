"""`/sources list|add|remove`: the podcast feeds podquote reads (admins); and the optional background refresh."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app import render
from bot.discord_app.client import PodquoteBot
from bot.feeds.sources import is_feed_file
from bot.feeds.sources_file import add_feed_url, check_feed_url, feeds_file_of, read_feed_urls, remove_feed_url
from bot.redact import redact_url
from bot.reload import reload_sources
from cogs.checks import admin_check
from cogs.replies import embed, reply

log = logging.getLogger(__name__)

MAX_URL = 500


@app_commands.guild_only()
@app_commands.default_permissions(administrator=True)
class Sources(commands.GroupCog, group_name="sources", group_description="The podcast feeds podquote reads (admins)"):
    """Feed URLs kept in the sources file; `/reload` (or the background refresh) reads them."""

    def __init__(self, bot: PodquoteBot) -> None:
        self.bot = bot
        self._refresh: asyncio.Task[None] | None = None
        super().__init__()

    async def cog_load(self) -> None:
        minutes = self.bot.settings.refresh_minutes
        if minutes and self.bot.serve:
            self._refresh = asyncio.create_task(self._refresh_every(minutes * 60), name="podquote-feed-refresh")
            log.info("refreshing every %g minutes", minutes)

    async def cog_unload(self) -> None:
        if self._refresh is not None:
            self._refresh.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresh

    async def _refresh_every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            await refresh_once(self.bot)

    @app_commands.command(name="list", description="The feeds podquote reads and how the last reload went")
    @admin_check()
    async def list_sources(self, interaction: discord.Interaction[PodquoteBot]) -> None:
        settings = self.bot.settings
        urls = await asyncio.to_thread(read_feed_urls, feeds_file_of(settings))
        files = await asyncio.to_thread(_feed_files, settings.seeds_dir)
        last = await self.bot.store.get_meta("last_reload")
        names = [redact_url(url) for url in urls]  # the statuses are kept by these names too
        data = render.render_sources(names, files, _last_statuses(last), str(feeds_file_of(settings)))
        await reply(interaction, embed=embed(data), ephemeral=True)

    @app_commands.command(name="add", description="Read a podcast's RSS feed from now on (admins)")
    @app_commands.describe(url="The feed's URL (http or https), as the podcast's host publishes it")
    @admin_check()
    async def add(
        self, interaction: discord.Interaction[PodquoteBot], url: app_commands.Range[str, 1, MAX_URL]
    ) -> None:
        url = url.strip()
        if problem := check_feed_url(url):
            await reply(interaction, content=f"Not added: {problem}.", ephemeral=True)
            return
        added = await asyncio.to_thread(add_feed_url, feeds_file_of(self.bot.settings), url)
        shown = redact_url(url)
        log.info("feed %s %s by %s", shown, "added" if added else "already listed", interaction.user.id)
        await reply(interaction, content=render.render_source_added(shown, added), ephemeral=True)

    @app_commands.command(name="remove", description="Stop reading a feed; its episodes go at the next reload (admins)")
    @app_commands.describe(url="A listed feed URL")
    @admin_check()
    async def remove(
        self, interaction: discord.Interaction[PodquoteBot], url: app_commands.Range[str, 1, MAX_URL]
    ) -> None:
        removed = await asyncio.to_thread(remove_feed_url, feeds_file_of(self.bot.settings), url.strip())
        shown = redact_url(url.strip())
        log.info("feed %s %s by %s", shown, "removed" if removed else "not listed", interaction.user.id)
        await reply(interaction, content=render.render_source_removed(shown, removed), ephemeral=True)

    @remove.autocomplete("url")
    async def listed_urls(
        self, interaction: discord.Interaction[PodquoteBot], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            urls = await asyncio.to_thread(read_feed_urls, feeds_file_of(self.bot.settings))
        except OSError:  # autocomplete must answer, never raise
            log.exception("listing feed URLs failed")
            return []
        wanted = current.casefold()
        fitting = [u for u in urls if wanted in redact_url(u).casefold() and len(u) <= 100]
        # The choice shows the URL without its secrets; the value (sent back, never shown) is the real one.
        return [app_commands.Choice(name=redact_url(u), value=u) for u in fitting[:25]]


async def refresh_once(bot: PodquoteBot) -> None:
    """One background reload of every source, unless one is running; its report goes to the log."""
    if bot.reload_lock.locked():
        log.info("background refresh skipped: a reload is running")
        return
    async with bot.reload_lock:
        try:
            report = await reload_sources(bot.store, bot.settings)
        except Exception:  # the reload rolled back; the bot keeps serving the old state
            log.exception("background refresh failed")
            return
    log.info("background refresh: %s", "; ".join(s.line() for s in report.sources) or "no feeds")
    log.info("background refresh report: %s", json.dumps(report.as_dict())[:4000])
    if report.files_added or report.files_changed or report.files_removed:
        await bot.corpus_changed()


def _feed_files(folder: Path) -> list[str]:
    """Feed files in the seeds folder (read at every reload, beside the listed URLs)."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and is_feed_file(p))


def _last_statuses(last_reload: str | None) -> dict[str, str]:
    """Per source, how the last reload went (`kept: HTTP 500`), from the stored report."""
    try:
        data = json.loads(last_reload or "{}")
    except json.JSONDecodeError:
        return {}
    sources = data.get("sources", []) if isinstance(data, dict) else []
    return {
        s["source"]: f"{s['status']}" + (f": {s['detail']}" if s.get("detail") else "")
        for s in sources
        if isinstance(s, dict) and "source" in s and "status" in s
    }


async def setup(bot: PodquoteBot) -> None:
    await bot.add_cog(Sources(bot))

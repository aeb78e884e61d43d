"""Admin commands: `/reload` the seeds folder and the feeds, `/stats`, and the owner's `/sync`."""

from __future__ import annotations

import logging
import time
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app import render
from bot.discord_app.client import PodquoteBot
from bot.meaning import meaning_status
from bot.reload import reload_sources
from cogs.checks import admin_only, owner_only
from cogs.replies import embed, reply

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 1.0  # seconds between progress edits, to stay well inside Discord's rate limits


class ProgressMessage:
    """Edits the reload reply with the latest progress line, at most once per PROGRESS_INTERVAL."""

    def __init__(self, interaction: discord.Interaction[PodquoteBot], folder: str) -> None:
        self.interaction = interaction
        self.folder = folder
        self.started = time.monotonic()
        self._last_edit = 0.0

    async def update(self, message: str) -> None:
        now = time.monotonic()
        if now - self._last_edit < PROGRESS_INTERVAL:
            return
        self._last_edit = now
        content = render.render_reload_progress(self.folder, message, now - self.started)
        try:
            await self.interaction.edit_original_response(content=content)
        except discord.HTTPException as exc:
            log.warning("could not show reload progress: %s", exc)


class Admin(commands.Cog):
    """Keeping the corpus up to date."""

    def __init__(self, bot: PodquoteBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="reload", description="Re-read the seeds folder and the feeds, update the corpus (admins)"
    )
    @app_commands.guild_only()
    @admin_only()
    async def reload(self, interaction: discord.Interaction[PodquoteBot]) -> None:
        if self.bot.reload_lock.locked():
            await reply(interaction, content="A reload is already running; try again when it ends.", ephemeral=True)
            return
        async with self.bot.reload_lock:
            folder = str(self.bot.settings.seeds_dir)
            log.info("reload of %s requested by %s", folder, interaction.user.id)
            await reply(interaction, content=render.render_reload_started(folder), ephemeral=True)
            reloaded = await self._run_reload(interaction, folder)
        if reloaded:
            await self.bot.corpus_changed()

    async def _run_reload(self, interaction: discord.Interaction[PodquoteBot], folder: str) -> bool:
        """Ingest the folder, editing the reply with progress and then the report. True when it worked."""
        progress = ProgressMessage(interaction, folder)
        try:
            report = await reload_sources(self.bot.store, self.bot.settings, progress=progress.update)
        except Exception as exc:  # the ingest rolled back; report and keep serving the old state
            log.exception("reload of %s failed", folder)
            reason = f"{type(exc).__name__}: {exc}"
            await interaction.edit_original_response(content=render.render_reload_failed(reason))
            return False
        log.info("reload of %s done: %s", folder, report.as_dict())
        meaning = await meaning_status(self.bot.store) if self.bot.settings.meaning else None
        report_embed = embed(render.render_ingest_report(report, meaning))
        await interaction.edit_original_response(content=None, embed=report_embed)
        return True

    @app_commands.command(name="stats", description="Episodes, segments, speakers, store size and the last reload")
    async def stats(self, interaction: discord.Interaction[PodquoteBot]) -> None:
        store = self.bot.store
        counts = await store.counts()
        last = await store.get_meta("last_reload")
        meaning = await meaning_status(store) if self.bot.settings.meaning else None
        data = render.render_stats(counts, store.size_bytes(), last, meaning)
        await reply(interaction, embed=embed(data), ephemeral=True)

    @app_commands.command(name="sync", description="Publish the slash commands (bot owner only)")
    @app_commands.describe(scope="global (every server), here (this server, instantly) or clear-here")
    @owner_only()
    async def sync(
        self,
        interaction: discord.Interaction[PodquoteBot],
        scope: Literal["global", "here", "clear-here"] = "global",
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        synced = await self._sync(scope, interaction.guild_id)
        names = ", ".join("/" + c.name for c in synced) or "none"
        await interaction.followup.send(f"Synced {len(synced)} commands ({scope}): {names}", ephemeral=True)

    async def _sync(self, scope: str, guild_id: int | None) -> list[app_commands.AppCommand]:
        if scope == "global" or guild_id is None:
            return await self.bot.sync_global()
        if scope == "clear-here":
            self.bot.tree.clear_commands(guild=discord.Object(guild_id))
            return await self.bot.tree.sync(guild=discord.Object(guild_id))
        return await self.bot.sync_guild(guild_id)


async def setup(bot: PodquoteBot) -> None:
    await bot.add_cog(Admin(bot))

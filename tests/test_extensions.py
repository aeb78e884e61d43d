"""Every cog extension loads, no two commands share a name, and every command is one Discord would accept."""

from __future__ import annotations

import pkgutil
from collections import Counter
from pathlib import Path

import cogs
from bot.config import Settings
from bot.discord_app.client import EXTENSIONS, PodquoteBot
from tests.fake_discord.rules import command_errors

HELPER_MODULES = {"cogs.cards", "cogs.checks", "cogs.replies", "cogs.views"}


def _cog_modules() -> set[str]:
    return {f"cogs.{m.name}" for m in pkgutil.iter_modules([str(Path(cogs.__file__).parent)])}


def test_every_cog_module_is_a_loaded_extension_or_a_helper() -> None:
    assert _cog_modules() == set(EXTENSIONS) | HELPER_MODULES


async def test_extensions_load_without_duplicate_command_names() -> None:
    bot = PodquoteBot(Settings(), serve=False)
    names: Counter[str] = Counter()
    for extension in EXTENSIONS:
        before = {c.name for c in bot.tree.get_commands()}
        await bot.load_extension(extension)  # the tree itself refuses a second command of the same name
        added = {c.name for c in bot.tree.get_commands()} - before
        assert added, f"{extension} adds no commands"
        names.update(added)
    assert [name for name, count in names.items() if count > 1] == []
    assert set(names) == {"quote", "summary", "ask", "reload", "stats", "sync", "sources"}
    await bot.close()


async def test_every_command_is_valid_for_discord() -> None:
    bot = PodquoteBot(Settings(), serve=False)
    for extension in EXTENSIONS:
        await bot.load_extension(extension)
    payloads = [command.to_dict(bot.tree) for command in bot.tree.get_commands()]
    assert [error for payload in payloads for error in command_errors(payload)] == []
    for payload in payloads:
        for option in payload.get("options", []):
            assert option["description"] != "…", f"/{payload['name']} {option['name']} has no description"
    await bot.close()

"""Dependencies run one way: sources (the seeds folder, feed files, feed URLs) -> ingest -> store; nothing in the
core imports the Discord layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"


def _imports(package: str) -> dict[str, set[str]]:
    """Per module of `bot.<package>`, the `bot.*` modules it imports (at any depth, lazily or not)."""
    found: dict[str, set[str]] = {}
    for path in sorted((BOT / package).rglob("*.py")) if (BOT / package).is_dir() else [BOT / f"{package}.py"]:
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[path.relative_to(BOT.parent).as_posix()] = {n for n in names if n == "bot" or n.startswith("bot.")}
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("feeds", ("bot.ingest", "bot.store", "bot.search", "bot.questions", "bot.summaries", "bot.discord_app")),
        ("seeds", ("bot.ingest", "bot.store", "bot.feeds", "bot.discord_app")),
        ("ingest", ("bot.reload", "bot.search", "bot.questions", "bot.discord_app", "bot.cli")),
        ("store", ("bot.ingest", "bot.feeds", "bot.search", "bot.questions", "bot.discord_app")),
    ],
)
def test_a_layer_never_imports_the_layers_after_it(package: str, forbidden: tuple[str, ...]) -> None:
    wrong = {module: sorted(n for n in names if n.startswith(forbidden)) for module, names in _imports(package).items()}
    assert {module: names for module, names in wrong.items() if names} == {}

"""One typed settings object, read from the environment and `.env`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values


class ConfigError(ValueError):
    """A setting has a value podquote cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything podquote can be configured with. `discord_token` is secret and never shown in repr."""

    db_path: Path = Path("data/podquote.db")
    seeds_dir: Path = Path("seeds")
    discord_token: str | None = field(default=None, repr=False)
    guild_id: int | None = None
    admin_ids: frozenset[int] = frozenset()
    admin_role: str | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    log_level: str = "INFO"

    @classmethod
    def load(cls, env_file: str | Path | None = ".env", environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from `env_file` (if it exists) overlaid by the process environment."""
        values: dict[str, str] = {}
        if env_file is not None and Path(env_file).is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> Settings:
        def text(name: str) -> str | None:
            value = values.get(name, "").strip()
            return value or None

        return cls(
            db_path=Path(text("PODQUOTE_DB") or "data/podquote.db"),
            seeds_dir=Path(text("PODQUOTE_SEEDS") or "seeds"),
            discord_token=text("DISCORD_TOKEN"),
            guild_id=_optional_int("PODQUOTE_GUILD_ID", text("PODQUOTE_GUILD_ID")),
            admin_ids=_id_set("PODQUOTE_ADMIN_IDS", text("PODQUOTE_ADMIN_IDS")),
            admin_role=text("PODQUOTE_ADMIN_ROLE"),
            api_base=text("DISCORD_API_BASE"),
            gateway_url=text("DISCORD_GATEWAY_URL"),
            log_level=(text("PODQUOTE_LOG_LEVEL") or "INFO").upper(),
        )


def _optional_int(name: str, raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number (a Discord id), not {raw!r}") from None


def _id_set(name: str, raw: str | None) -> frozenset[int]:
    if raw is None:
        return frozenset()
    parts = [part.strip() for part in raw.replace(";", ",").split(",")]
    return frozenset(i for part in parts if part and (i := _optional_int(name, part)) is not None)

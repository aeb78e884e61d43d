"""One typed settings object, read from the environment and `.env`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

CARD_THEMES = ("light", "dark")


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
    card_theme: str = "light"  # quote cards: light or dark
    feeds_file: Path | None = None  # feed URLs, one a line; None: feeds.txt in the seeds folder
    refresh_minutes: float | None = None  # reload every so many minutes in the background; None: never
    feeds_allow_private: bool = False  # fetch feed, transcript and chapters URLs on private/loopback addresses
    fetch_budget_seconds: float = 120.0  # all the fetching of one reload; what is late is tried again next time
    meaning: bool = True  # embed passages in the background and search them by meaning too
    rate_requests: int = 12  # questions and searches per member (admins exempt)...
    rate_window_seconds: float = 30.0  # ...per this many seconds

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
            card_theme=_card_theme(text("PODQUOTE_CARD_THEME")),
            feeds_file=Path(raw) if (raw := text("PODQUOTE_FEEDS_FILE")) else None,
            refresh_minutes=_refresh_minutes(text("PODQUOTE_REFRESH_MINUTES")),
            feeds_allow_private=_flag("PODQUOTE_FEEDS_ALLOW_PRIVATE", text("PODQUOTE_FEEDS_ALLOW_PRIVATE")),
            fetch_budget_seconds=_number(
                "PODQUOTE_FETCH_BUDGET_SECONDS", text("PODQUOTE_FETCH_BUDGET_SECONDS"), 120, 1, 3600
            ),
            meaning=text("PODQUOTE_MEANING") is None or _flag("PODQUOTE_MEANING", text("PODQUOTE_MEANING")),
            rate_requests=int(_number("PODQUOTE_RATE_REQUESTS", text("PODQUOTE_RATE_REQUESTS"), 12, 1, 1000)),
            rate_window_seconds=_number(
                "PODQUOTE_RATE_WINDOW_SECONDS", text("PODQUOTE_RATE_WINDOW_SECONDS"), 30, 1, 3600
            ),
        )


def _number(name: str, raw: str | None, default: float, low: float, high: float) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, not {raw!r}")
    return value


def _flag(name: str, raw: str | None) -> bool:
    """A yes/no setting: 1/true/yes/on or 0/false/no/off (any case); unset or empty is no."""
    if raw is None or raw.lower() in {"0", "false", "no", "off"}:
        return False
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    raise ConfigError(f"{name} must be 1/true/yes/on or 0/false/no/off, not {raw!r}")


def _card_theme(raw: str | None) -> str:
    theme = (raw or "light").lower()
    if theme not in CARD_THEMES:
        raise ConfigError(f"PODQUOTE_CARD_THEME must be one of {', '.join(CARD_THEMES)}, not {raw!r}")
    return theme


def _refresh_minutes(raw: str | None) -> float | None:
    """Minutes between background reloads; unset, empty, 0 or `off` turn them off."""
    if raw is None or raw.lower() in {"0", "off", "no", "false"}:
        return None
    try:
        minutes = float(raw)
    except ValueError:
        raise ConfigError(f"PODQUOTE_REFRESH_MINUTES must be a number of minutes, not {raw!r}") from None
    if not 1 <= minutes <= 7 * 24 * 60:
        raise ConfigError(f"PODQUOTE_REFRESH_MINUTES must be between 1 and 10080 minutes, not {raw!r}")
    return minutes


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

"""Card colour themes: light and dark, both with text well above WCAG AA contrast."""

from __future__ import annotations

from dataclasses import dataclass

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    background: RGB
    text: RGB  # the quote and the speaker
    muted: RGB  # the episode line, the time and the podquote mark
    accent: RGB  # the quotation mark and the rule


THEMES: dict[str, Theme] = {
    "light": Theme("light", background=(250, 247, 242), text=(28, 27, 31), muted=(92, 92, 104), accent=(200, 72, 44)),
    "dark": Theme("dark", background=(22, 24, 30), text=(241, 241, 245), muted=(166, 170, 182), accent=(255, 140, 105)),
}
DEFAULT_THEME = "light"


def theme_named(name: str | None) -> Theme:
    """The theme called `name` (case-insensitive); unknown names raise ValueError listing the known ones."""
    key = (name or DEFAULT_THEME).strip().lower()
    if key not in THEMES:
        raise ValueError(f"unknown card theme {name!r}; use one of {', '.join(THEMES)}")
    return THEMES[key]

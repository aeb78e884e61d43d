"""Quote cards: a quote drawn as a shareable PNG (no Discord here; the cogs post it, the CLI writes it)."""

from bot.cards.data import CardData
from bot.cards.render import render_card
from bot.cards.themes import DEFAULT_THEME, THEMES, theme_named

__all__ = ["DEFAULT_THEME", "THEMES", "CardData", "render_card", "theme_named"]

"""Draw a quote card as PNG bytes: the words large, who said them and when, the episode, a small podquote mark.

Deterministic: the same card, theme, artwork file and fonts give the same bytes (no timestamps or metadata in
the PNG). Nothing is fetched: `artwork` is a local file, drawn when it can be read and skipped when not.
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from bot.cards.data import EPISODE_SEPARATOR, SEPARATOR, CardData
from bot.cards.fonts import FontSet, default_fonts
from bot.cards.layout import Measure, TextBlock, fit_block, fit_line
from bot.cards.themes import RGB, Theme, theme_named

log = logging.getLogger(__name__)

WIDTH = 1200
BASE_HEIGHT = 630  # the usual link-preview shape; long quotes make the card taller...
MAX_HEIGHT = 1000  # ...up to this, then they are trimmed
LEFT, RIGHT, TOP, BOTTOM = 112, 80, 84, 64
GAP = 44  # between the quote and the footer
QUOTE_SIZES = (76, 66, 58, 50, 44)  # type sizes tried, largest first; the last is the floor
LEADING = 1.3
BYLINE_SIZE, EPISODE_SIZE, MARK_SIZE, QUOTE_MARK_SIZE = 38, 30, 24, 132
ARTWORK = 120
MARK = "podquote"
# FreeType faces are not thread-safe and the fonts are cached and shared, so drawing is one card at a time.
_FONTS_IN_USE = threading.Lock()


@dataclass(frozen=True, slots=True)
class Footer:
    speaker: str
    moment: str
    episode: str
    text_width: int

    @property
    def height(self) -> int:
        height = 5 + 24  # the rule and the space under it
        height += round(BYLINE_SIZE * 1.35) if self.speaker or self.moment else 0
        return height + (round(EPISODE_SIZE * 1.35) if self.episode else 0)


@dataclass(frozen=True, slots=True)
class Painter:
    """Draws text on one card in its fonts and theme."""

    draw: ImageDraw.ImageDraw
    fonts: FontSet
    theme: Theme

    def text(self, x: float, baseline: float, text: str, size: int, fill: RGB, *, bold: bool = False) -> float:
        """Draw `text` with its baseline at `baseline`, run by run (fallback fonts); returns the x where it ends."""
        for run, face in self.fonts.runs(text, bold=bold):
            font = face.at(size)
            self.draw.text((x, baseline), run, font=font, fill=fill, anchor="ls")
            x += font.getlength(run)
        return x


def render_card(
    card: CardData, theme: str = "light", artwork: Path | None = None, fonts: FontSet | None = None
) -> bytes:
    """The card as PNG bytes, at most WIDTH pixels wide. Raises ValueError for an unknown theme.

    Safe to call from several threads: the shared font objects are used by one card at a time.
    """
    colours = theme_named(theme)
    with _FONTS_IN_USE:
        fonts = fonts or default_fonts()
        art = _artwork(artwork)
        plan = plan_card(card, fonts, has_artwork=art is not None)
        image = Image.new("RGB", (WIDTH, plan.height), colours.background)
        painter = Painter(ImageDraw.Draw(image), fonts, colours)
        footer_top = plan.height - BOTTOM - plan.footer.height
        _draw_quote(painter, plan.quote, footer_top)
        _draw_footer(painter, plan.footer, footer_top)
        _draw_mark(painter)
        if art is not None:
            image.paste(art, (WIDTH - RIGHT - ARTWORK, plan.height - BOTTOM - ARTWORK), _rounded_mask(ARTWORK))
    return _png(image)  # outside the lock: encoding touches only this card's image


@dataclass(frozen=True, slots=True)
class CardPlan:
    """Where things go: the quote's lines and type size, the footer's texts, the card's height."""

    quote: TextBlock
    footer: Footer
    height: int


def plan_card(card: CardData, fonts: FontSet, *, has_artwork: bool = False) -> CardPlan:
    """Lay the card out without drawing it."""
    footer = _footer(card, fonts, has_artwork=has_artwork)
    block = _quote_block(card.quote, fonts, footer)
    height = TOP + block.height + GAP + max(footer.height, ARTWORK if has_artwork else 0) + BOTTOM
    return CardPlan(block, footer, max(BASE_HEIGHT, height))


def measurer(fonts: FontSet, size: int, *, bold: bool = False) -> Measure:
    """Advance width of text at `size` in these fonts (fallbacks included), remembered per text."""
    return _measurer(fonts, size, bold)


@lru_cache(maxsize=64)
def _measurer(fonts: FontSet, size: int, bold: bool) -> Measure:
    @lru_cache(maxsize=8192)
    def measure(text: str) -> float:
        return fonts.measure(text, size, bold=bold)

    return measure


# ---------------------------------------------------------------- layout


def _footer(card: CardData, fonts: FontSet, *, has_artwork: bool) -> Footer:
    width = WIDTH - LEFT - RIGHT - ((ARTWORK + 32) if has_artwork else 0)
    speaker = fit_line(card.speaker_name or "", width * 0.75, measurer(fonts, BYLINE_SIZE, bold=True))
    episode = episode_text(card, width, measurer(fonts, EPISODE_SIZE))
    return Footer(speaker, card.moment or "", episode, width)


def episode_text(card: CardData, width: float, measure: Measure) -> str:
    """The episode line fitted to `width`: a long title is trimmed before the show's name is."""
    line = card.episode_line or ""
    if measure(line) <= width or not (card.title and card.show_shown):
        return fit_line(line, width, measure)
    suffix = EPISODE_SEPARATOR + card.show_shown
    if measure(suffix) > width * 0.4:
        return fit_line(line, width, measure)
    return fit_line(card.title, width - measure(suffix), measure) + suffix


def _quote_block(quote: str, fonts: FontSet, footer: Footer) -> TextBlock:
    reserved = TOP + GAP + footer.height + BOTTOM
    return fit_block(
        quote,
        WIDTH - LEFT - RIGHT,
        sizes=QUOTE_SIZES,
        max_height=BASE_HEIGHT - reserved,
        grow_to=MAX_HEIGHT - reserved,
        measure_at=lambda size: measurer(fonts, size),
        leading=LEADING,
    )


# ---------------------------------------------------------------- drawing


def _draw_quote(painter: Painter, block: TextBlock, footer_top: int) -> None:
    room = footer_top - GAP - TOP
    top = TOP + max(0, (room - block.height) // 2)
    ascent, descent = painter.fonts.regular.at(block.size).getmetrics()
    first_baseline = top + (block.line_height - ascent - descent) // 2 + ascent
    for index, line in enumerate(block.lines):
        baseline = first_baseline + index * block.line_height
        painter.text(LEFT, baseline, line, block.size, painter.theme.text)
    _draw_quote_mark(painter, cap_top=first_baseline - round(block.size * 0.73))


def _draw_quote_mark(painter: Painter, *, cap_top: int) -> None:
    """A large opening quotation mark hanging in the left margin, its top level with the first line's capitals."""
    face = painter.fonts.mark_face if painter.fonts.mark_face.has_glyph("“") else painter.fonts.bold
    font = face.at(QUOTE_MARK_SIZE)
    _, top, right, _ = font.getbbox("“", anchor="ls")
    painter.draw.text((LEFT - 18 - right, cap_top - top), "“", font=font, fill=painter.theme.accent, anchor="ls")


def _draw_footer(painter: Painter, footer: Footer, top: int) -> None:
    theme = painter.theme
    painter.draw.rectangle((LEFT, top, LEFT + 56, top + 4), fill=theme.accent)
    y = top + 5 + 24
    if footer.speaker or footer.moment:
        baseline = y + BYLINE_SIZE
        x = painter.text(LEFT, baseline, footer.speaker, BYLINE_SIZE, theme.text, bold=True)
        moment = (SEPARATOR + footer.moment) if footer.speaker and footer.moment else footer.moment
        painter.text(x, baseline, moment, BYLINE_SIZE, theme.muted)
        y += round(BYLINE_SIZE * 1.35)
    if footer.episode:
        painter.text(LEFT, y + EPISODE_SIZE, footer.episode, EPISODE_SIZE, theme.muted)


def _draw_mark(painter: Painter) -> None:
    width = painter.fonts.measure(MARK, MARK_SIZE, bold=True)
    painter.text(WIDTH - RIGHT - width, TOP - 30, MARK, MARK_SIZE, painter.theme.muted, bold=True)


@lru_cache(maxsize=4)
def _rounded_mask(size: int) -> Image.Image:
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 8, fill=255)
    return mask


# ---------------------------------------------------------------- artwork and output


def _artwork(path: Path | None) -> Image.Image | None:
    """The show's artwork from a local file, square and ARTWORK pixels wide; None when absent or unreadable."""
    if path is None:
        return None
    try:
        return _load_artwork(str(path), Path(path).stat().st_mtime_ns)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError) as exc:
        log.warning("card artwork %s skipped: %s", path, exc)
        return None


@lru_cache(maxsize=16)
def _load_artwork(path: str, mtime_ns: int) -> Image.Image:
    with Image.open(path) as source:
        source.draft("RGB", (ARTWORK * 2, ARTWORK * 2))
        picture = ImageOps.exif_transpose(source).convert("RGB")
    return ImageOps.fit(picture, (ARTWORK, ARTWORK), Image.Resampling.LANCZOS)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)  # level 6 costs ~40% more time for ~10% less size
    return buffer.getvalue()

"""Quote cards drawn as PNGs: size, not blank, deterministic, themes, fallbacks, artwork, and golden images.

The golden images in tests/cards/golden/ are compared with a tolerance (mean pixel difference), so small
rasterizer differences pass and design changes fail. After changing the design on purpose, look at the new
cards and regenerate them (the README's example cards too) with:

    .venv/bin/python -m tests.cards.regenerate
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from bot.cards import CardData, render_card
from bot.cards.fonts import FontFace, FontSet, default_fonts, find_font
from bot.cards.layout import ELLIPSIS
from bot.cards.render import ARTWORK, BASE_HEIGHT, BOTTOM, MAX_HEIGHT, QUOTE_SIZES, RIGHT, WIDTH, plan_card
from bot.cards.themes import THEMES
from bot.models import EpisodeRef, Source
from bot.results import QuoteHit
from tests.cards.regenerate import GOLDEN, GOLDEN_DIR

HAS_DEJAVU = find_font("DejaVuSans.ttf") is not None
GOLDEN_TOLERANCE = 2.0  # mean absolute difference per channel, out of 255

SHORT = CardData("Ship it.", "Kyle Daigle", "12:34", False, "Agents at GitHub", "The GitHub Podcast")
MEDIUM = CardData(" ".join(["a sentence of ordinary words said on a podcast"] * 4), "Someone", "1:02:03")
LONG = CardData(" ".join(f"word{i}" for i in range(600)), "Someone", "1:02:03", True, "Episode", "Show")


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def ink(image: Image.Image, background: tuple[int, int, int]) -> float:
    """The share of pixels that differ from the background."""
    plain = Image.new("RGB", image.size, background)
    diff = ImageChops.difference(image.convert("RGB"), plain).convert("L").point(lambda v: 255 if v > 40 else 0)
    return ImageStat.Stat(diff).mean[0] / 255


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def hit(**changes: object) -> QuoteHit:
    episode = EpisodeRef("ep-1", "Leading Space with Simon Hørup Eskildsen", "Latent Space", Source("a.txt", 1))
    values: dict[str, object] = {
        "segment_id": 7,
        "text": "Like if this doesn't have PMF by the end of the year, we'll just return all the money to you.",
        "speaker": "Simon Hørup Eskildsen",
        "start_seconds": 3543.0,
        "timestamp": None,
        "approximate": False,
        "score": 90.0,
        "episode": episode,
        "link": "https://example.test/ep#t=3543",
    }
    return QuoteHit(**{**values, **changes})  # type: ignore[arg-type]


def test_a_card_is_a_png_at_most_1200_wide_and_not_blank() -> None:
    image = open_png(render_card(SHORT))
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.size == (WIDTH, BASE_HEIGHT) and WIDTH <= 1200
    assert ink(image, THEMES["light"].background) > 0.02
    assert image.getpixel((2, 2)) == THEMES["light"].background


def test_the_same_card_gives_the_same_bytes() -> None:
    assert render_card(MEDIUM, "dark") == render_card(MEDIUM, "dark")
    assert render_card(MEDIUM, "dark") != render_card(MEDIUM, "light")


def test_png_carries_no_metadata() -> None:
    image = open_png(render_card(SHORT))
    assert not {"tIME", "date:create", "Software"} & set(image.info)


def test_dark_theme_has_a_dark_background_and_light_text() -> None:
    image = open_png(render_card(SHORT, "dark"))
    dark = THEMES["dark"]
    assert image.getpixel((2, 2)) == dark.background
    assert ink(image, dark.background) > 0.02
    assert sum(dark.text) > 3 * 200 and sum(dark.background) < 3 * 40


def test_unknown_theme_is_refused() -> None:
    with pytest.raises(ValueError, match="light, dark"):
        render_card(SHORT, "sepia")


def test_short_quotes_get_the_largest_type_longer_ones_step_down() -> None:
    fonts = default_fonts()
    short, medium = plan_card(SHORT, fonts), plan_card(MEDIUM, fonts)
    assert short.quote.size == QUOTE_SIZES[0]
    assert QUOTE_SIZES[-1] <= medium.quote.size < QUOTE_SIZES[0]
    assert short.height == medium.height == BASE_HEIGHT
    assert not short.quote.trimmed and not medium.quote.trimmed


def test_long_quotes_grow_the_card_then_trim_at_a_word_with_an_ellipsis() -> None:
    plan = plan_card(LONG, default_fonts())
    assert plan.quote.size == QUOTE_SIZES[-1] and plan.quote.trimmed
    assert BASE_HEIGHT < plan.height <= MAX_HEIGHT
    shown = " ".join(plan.quote.lines).removesuffix(ELLIPSIS).split()
    assert shown == LONG.quote.split()[: len(shown)]
    image = open_png(render_card(LONG))
    assert image.size == (WIDTH, plan.height)


def test_card_data_from_a_hit_marks_approximate_times() -> None:
    exact = CardData.from_hit(hit())
    assert exact.moment == "59:03" and exact.link == "https://example.test/ep#t=3543"
    assert exact.episode_line == "Leading Space with Simon Hørup Eskildsen — Latent Space"
    approximate = CardData.from_hit(hit(approximate=True, timestamp="59:03"))
    assert approximate.moment == "~59:03"
    assert CardData.from_hit(hit(approximate=True, timestamp="~59:03")).moment == "~59:03"
    assert render_card(exact) != render_card(approximate)


def test_missing_speaker_time_or_show_still_make_a_card() -> None:
    bare = CardData.from_hit(
        hit(speaker=None, start_seconds=None, episode=EpisodeRef("e", "Title", None, Source("f", 1)))
    )
    assert bare.speaker_name is None and bare.moment is None and bare.episode_line == "Title"
    plan = plan_card(bare, default_fonts())
    assert plan.footer.speaker == "" and plan.footer.moment == "" and plan.footer.episode == "Title"
    nothing = CardData("Only words.")
    assert nothing.episode_line is None
    for card in (bare, nothing):
        image = open_png(render_card(card))
        assert image.width == WIDTH and ink(image, THEMES["light"].background) > 0.005


def test_show_named_in_the_title_is_not_repeated() -> None:
    card = CardData("x", episode_title="The Bike Shed: workshops", show="The Bike Shed")
    assert card.episode_line == "The Bike Shed: workshops"


@pytest.mark.skipif(not HAS_DEJAVU, reason="needs DejaVu Sans (fonts-dejavu-core)")
def test_accents_curly_quotes_and_dashes_need_no_fallback() -> None:
    fonts = default_fonts()
    runs = fonts.runs("“Hørup — can’t” JOËL naïve Ωμέγα Привет…")
    assert [face for _, face in runs] == [fonts.regular]


def test_a_missing_glyph_falls_back_to_a_font_that_has_it() -> None:
    bundled = FontFace(None)  # Pillow's own font has no ø
    assert not bundled.has_glyph("ø") and bundled.has_glyph("H")
    dejavu = find_font("DejaVuSans.ttf")
    if dejavu is None:
        pytest.skip("needs DejaVu Sans as the fallback")
    fonts = FontSet(bundled, bundled, (FontFace(dejavu),))
    assert fonts.runs("Hørup") == [("H", bundled), ("ø", FontFace(dejavu)), ("rup", bundled)]


def test_without_any_fallback_letters_lose_accents_and_the_card_is_still_made() -> None:
    bundled = FontFace(None)
    fonts = FontSet(bundled, bundled, ())
    assert "".join(run for run, _ in fonts.runs("Hørup JOËL")) == "Horup JOEL"
    card = CardData("Hørup and JOËL — 中文 \ue000", "JOËL", "1:00")
    image = open_png(render_card(card, fonts=fonts))
    assert image.width == WIDTH and ink(image, THEMES["light"].background) > 0.01


def test_artwork_is_drawn_in_a_corner_and_unreadable_artwork_is_skipped(tmp_path: Path) -> None:
    art = tmp_path / "art.png"
    Image.new("RGB", (600, 400), (0, 128, 255)).save(art)
    plain = open_png(render_card(SHORT))
    with_art = open_png(render_card(SHORT, artwork=art))
    corner = (WIDTH - RIGHT - ARTWORK // 2, BASE_HEIGHT - BOTTOM - ARTWORK // 2)
    assert with_art.getpixel(corner) == (0, 128, 255) and plain.getpixel(corner) != (0, 128, 255)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    assert render_card(SHORT, artwork=broken) == render_card(SHORT)
    assert render_card(SHORT, artwork=tmp_path / "missing.png") == render_card(SHORT)


@pytest.mark.skipif(not HAS_DEJAVU, reason="the golden cards are drawn with DejaVu Sans")
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_cards(name: str) -> None:
    card, theme = GOLDEN[name]
    expected = Image.open(GOLDEN_DIR / name)
    actual = open_png(render_card(card, theme))
    assert actual.size == expected.size, "regenerate with `python -m tests.cards.regenerate` if intended"
    assert mean_difference(actual, expected) <= GOLDEN_TOLERANCE


def test_cards_drawn_in_parallel_threads_match_serial_ones() -> None:
    cards = [CardData(f"card {i} " + "words " * (i * 9), "X", "1:00") for i in range(6)]
    serial = [render_card(card) for card in cards]
    with ThreadPoolExecutor(3) as pool:
        assert list(pool.map(render_card, cards)) == serial

"""Write the golden cards (tests/cards/golden/) and the README's example cards (docs/card-*.png).

Run after changing the card design on purpose, look at the images, and commit them:

    .venv/bin/python -m tests.cards.regenerate
"""

from __future__ import annotations

from pathlib import Path

from bot.cards import CardData, render_card

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"

SHORT = CardData(
    quote="If this doesn't have PMF by the end of the year, we'll just return all the money to you.",
    speaker="Simon Hørup Eskildsen",
    timestamp="59:03",
    episode_title="Leading Space with Simon Hørup Eskildsen",
    show="Latent Space",
)
LONG = CardData(
    quote=(
        "Just recently, I ran a sort of mini workshop for some colleagues here at thoughtbot. It was a chance to "
        "take a concept that I'd been thinking about — “what does it mean to write a good test?” — and instead of "
        "lecturing, let everyone try it, get it wrong, and talk about why. People remember the thing they "
        "struggled with far better than the thing they were told, and that changed how I think about talks: "
        "a talk is a performance, but a workshop is a conversation, and the conversation is where the learning "
        "actually happens for most of the people in the room, including, honestly, for me as the person running it."
    ),
    speaker="JOËL",
    timestamp="4:20",
    approximate=True,
    episode_title="Broader value of interactive workshops over traditional talks",
    show="The Bike Shed",
)
GOLDEN = {"short-light.png": (SHORT, "light"), "long-dark.png": (LONG, "dark")}
DOCS = {"card-light.png": (SHORT, "light"), "card-dark.png": (LONG, "dark")}


def main() -> None:
    for folder, cards in ((GOLDEN_DIR, GOLDEN), (ROOT / "docs", DOCS)):
        folder.mkdir(parents=True, exist_ok=True)
        for name, (card, theme) in cards.items():
            (folder / name).write_bytes(render_card(card, theme))
            print(folder / name)


if __name__ == "__main__":
    main()

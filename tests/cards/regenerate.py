"""Write the golden cards (tests/cards/golden/) and the README's example cards (docs/card-*.png).

Run after changing the card design on purpose, look at the images, and commit them:

    .venv/bin/python -m tests.cards.regenerate
"""

from __future__ import annotations

from pathlib import Path

from bot.cards import CardData, render_card

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"

# Real passages from the seeds, with the speaker, time and episode the store gives them (three consecutive
# segments of one turn for the long one): examples never put words in anyone's mouth.
SHORT = CardData(
    quote="Like if this doesn't have PMF by the end of the year, like we'll just like return all the money to you.",
    speaker="Simon Hørup Eskildsen",
    timestamp="0:00",
    approximate=True,
    episode_title="Leading Space with Simon Hørup Eskildsen",
    show="Leading Space",  # as the seed's transcript names it ("the Leading Space podcast")
)
LONG = CardData(
    quote=(
        "Just recently, I ran a sort of mini workshop for some colleagues here at thoughtbot to dig into the idea of "
        "query plans and, how to read them, how to use them. And, initially, this was going to be more of a kind of "
        "presentation style. And a colleague and I who were sharing this decided to go for a more interactive format "
        "where, you know, this is a, like, 45-minute slot. And so, we set it up so that we did a sort of intro to "
        "query plans in about 10 minutes then 15 minutes of breakout rooms, where people got a chance to have a "
        "query plan. And they had some sort of comprehension questions to answer about it."
    ),
    speaker="Joël Quenneville",
    timestamp="0:20",
    approximate=True,
    episode_title="Broader value of interactive workshops over traditional talks for deeper…",
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

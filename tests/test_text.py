"""Text helpers: `tokens` must split exactly as the FTS5 index does, or search asks it for the wrong terms."""

from __future__ import annotations

import random
import re

import pytest

from bot.text import fold, tokens

_ALPHANUMERIC_RUN = re.compile(r"[^\W_]+")


def _reference_tokens(text: str) -> list[str]:
    """The definition `tokens` implements faster: alphanumeric runs of the folded text."""
    return _ALPHANUMERIC_RUN.findall(fold(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Don't STOP_me now!", ["don", "t", "stop", "me", "now"]),
        ("JOËL: café’s “naïve” résumé", ["joel", "cafe", "s", "naive", "resume"]),
        ("Straße ﬁne ½", ["strasse", "fine", "1", "2"]),
        ("a\u00a0b\u2003c\u4e2d文", ["a", "b", "c\u4e2d文"]),
        ("lone \ud800 surrogate", ["lone", "surrogate"]),
        ("", []),
    ],
)
def test_tokens_fold_case_and_diacritics_and_split_at_everything_else(text, expected):
    assert tokens(text) == expected == _reference_tokens(text)


def test_tokens_match_the_reference_on_every_seed_line(seeds_dir):
    lines = [line for path in sorted(seeds_dir.iterdir()) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 1000
    assert [tokens(line) for line in lines] == [_reference_tokens(line) for line in lines]


def test_tokens_match_the_reference_on_random_mixed_scripts():
    rng = random.Random(7)
    alphabet = "aZ09 _-.,'’“”\t\n\u00a0\u2003ëÉßﬁ½İ\u0301\u0660\u4e2d\U0001f600\ud800"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert tokens(text) == _reference_tokens(text), repr(text)

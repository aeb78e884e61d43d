"""Questions answered by meaning over a small embedded store."""

from __future__ import annotations

from bot.questions import answer_question
from bot.store import Store


async def test_a_moment_in_other_words_is_found_by_meaning(meaning_store: Store) -> None:
    answer = await answer_question(meaning_store, "when did someone talk about being woken up by alerts every night?")
    assert answer.quotes and any("pager went off every single night" in q.text for q in answer.quotes)

"""What a question is answered with: the markdown a member sees (in pages), and the grounds it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.questions.catalog import EpisodeInfo
from bot.questions.followup import AnswerContext
from bot.results import QuoteHit, SummaryAnswer

MAX_JSON_QUOTES = 200


@dataclass(slots=True)
class QuestionAnswer:
    """`pages` are Discord-sized markdown (the first is what a member sees first); `episodes` are the episodes the
    answer is about, ranked; `quotes` its verbatim evidence, ranked; `candidates` the episodes to pick from when the
    question fits several."""

    question: str
    intent: str
    pages: list[str]
    episodes: list[EpisodeInfo] = field(default_factory=list)
    quotes: list[QuoteHit] = field(default_factory=list)
    candidates: list[EpisodeInfo] = field(default_factory=list)
    took_ms: float = 0.0
    summary: SummaryAnswer | None = None  # for summaries: the summary itself, which Discord shows as a rich embed
    context: AnswerContext | None = None  # what the answer is about, for replies to it

    def __post_init__(self) -> None:
        self.intent = str(self.intent)  # an Intent or its label: the label

    @property
    def text(self) -> str:
        return self.pages[0] if self.pages else ""

    def as_dict(self) -> dict[str, Any]:
        """The `python -m bot ask --json` contract."""
        return {
            "question": self.question,
            "took_ms": round(self.took_ms, 3),
            "intent": self.intent,
            "text": self.text,
            "pages": self.pages,
            "episodes": [e.as_dict() for e in self.episodes],
            "quotes": [q.as_dict() for q in self.quotes[:MAX_JSON_QUOTES]],
            "candidates": [e.as_dict() for e in self.candidates],
        }

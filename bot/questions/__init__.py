"""Members' questions about the episodes, in plain words: read (`parse`), answered from the store (`service`).

Kinds: summaries, episodes about a topic, what someone said about it, every moment it came up (with counts),
who was on, lists, and facts of an episode. Every answer rests on verbatim quotes or the source's own fields.
"""

from bot.questions.answer import QuestionAnswer
from bot.questions.parse import Intent, parse_question
from bot.questions.service import HELP, answer_question

__all__ = ["HELP", "Intent", "QuestionAnswer", "answer_question", "parse_question"]

"""A reply to one of the bot's answers, read in that answer's context: pure, no store, no Discord.

"what did he say about k8s?" asks about the person the answer quoted; "and in the other episode?" asks the same
question of the answer's second episode; "more" wants the next page; "and dbt?" asks the same kind of question
about something else. The follow-up becomes a question that stands alone (and the episode it is about, when it
names one), answered like any other. A reply that asks nothing ("thanks!", "lol") gets a short private hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.questions.parse import QUESTION_WORDS, normalise
from bot.text import STOPWORDS, tokens

HINT = (
    "Reply to one of my answers with a follow-up, e.g. “what did he say about k8s?”, “and in the other episode?” "
    "or “more”; or ask anything with `/ask`."
)
_PRONOUN = re.compile(r"\b(he|she|they|him|her|them|his|hers|their)\b", re.IGNORECASE)
_POSSESSIVE = frozenset({"his", "hers", "their"})
_OTHER_EPISODE = re.compile(
    r"\b(the other|another|other|second|next|2nd) (one|episode|ep|pod|interview|conversation|show)\b"
)
_SAME_EPISODE = re.compile(
    r"\b(this|that|the same|same|the|first) (one|episode|ep|pod|interview|conversation)\b|\b(in|on|from) (it|there)\b"
)
_MORE = re.compile(r"^(more|next|next page|more please|show more|keep going|go on|and more|continue|moar)$")
_ASKS = re.compile(
    r"^(?!what about|how about)(who|whos|what|whats|when|where|which|how|did|does|do|is|was|were|are|any|list"
    r"|summar\w*|recap|tldr|tell)\b"
)
_AND = re.compile(r"^(and|what about|how about|also|or)\b")


@dataclass(frozen=True, slots=True)
class AnswerContext:
    """What an answer was about, for the replies to it."""

    question: str
    intent: str
    speakers: tuple[str, ...] = ()  # the people the answer is about (named, or quoted first)
    episode_ids: tuple[str, ...] = ()  # its episodes, ranked
    topic: str = ""  # its topic words, as the member typed them
    page: int = 0  # the page shown


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A reply read in context: the question to answer, the episode it is about, and the page to show."""

    question: str
    episode_id: str | None = None
    page: int = 0


def read_follow_up(reply: str, context: AnswerContext) -> FollowUp | None:
    """The reply as a question that stands alone, or None when it asks nothing."""
    plain = normalise(reply)
    if not plain:
        return None
    if _MORE.match(plain):
        return FollowUp(context.question, _first(context.episode_ids), context.page + 1)
    episode_id = _episode_meant(plain, context)
    question = _with_people(reply, context)
    words = _content_words(plain)
    asks = _ASKS.match(_AND.sub("", plain, count=1).strip()) is not None  # "and who else was on it?" asks anew
    if (_AND.match(plain) and not asks) or not words:
        question = _same_kind(context, words) or question
    if not _content_words(normalise(question)) and episode_id is None:
        return None
    if not words and episode_id is not None and not asks:
        question = context.question  # "and in the other episode?": the same question there
    return FollowUp(question, episode_id)


def _episode_meant(plain: str, context: AnswerContext) -> str | None:
    if _OTHER_EPISODE.search(plain):
        return context.episode_ids[1] if len(context.episode_ids) > 1 else None
    if _SAME_EPISODE.search(plain):
        return _first(context.episode_ids)
    return None


def _with_people(reply: str, context: AnswerContext) -> str:
    """The reply with "he", "she", "they" read as the person the answer was about."""
    if len(context.speakers) != 1:
        return reply
    name = context.speakers[0]

    def name_for(match: re.Match[str]) -> str:
        return f"{name}'s" if match.group(1).casefold() in _POSSESSIVE else name

    return _PRONOUN.sub(name_for, reply)


def _same_kind(context: AnswerContext, words: list[str]) -> str | None:
    """ "and dbt?": the question the answer replied to, about these words instead."""
    if not words:
        return None
    topic = " ".join(words)
    if context.intent == "speaker_topic" and context.speakers:
        return f"what did {context.speakers[0]} say about {topic}"
    if context.intent == "mentions":
        return f"when did they mention {topic}"
    if context.intent == "topic":
        return f"which episodes talk about {topic}"
    return None


def _content_words(plain: str) -> list[str]:
    return [
        w for w in tokens(plain) if w not in STOPWORDS and w not in QUESTION_WORDS and w not in {"and", "also", "or"}
    ]


def _first(ids: tuple[str, ...]) -> str | None:
    return ids[0] if ids else None

"""Answer a member's question about the episodes: read it, then answer it from the store. Never raises."""

from __future__ import annotations

import logging
import re
import time
from collections import Counter

from bot.markdown import safe
from bot.questions.answer import QuestionAnswer
from bot.questions.catalog import Catalog, EpisodeInfo, catalog_of
from bot.questions.episodes import (
    answer_facts,
    answer_list,
    answer_people,
    answer_show_people,
    pick_episode,
    summary_answer,
    which_episode_text,
)
from bot.questions.moments import (
    answer_mentions,
    answer_passage,
    answer_speaker_topic,
    answer_topic,
    no_episode_text,
)
from bot.questions.parse import QUESTION_WORDS, Intent, Question, normalise, parse_question
from bot.questions.topics import Known, concepts_for
from bot.search.vocabulary import Vocabulary, vocabulary_of
from bot.store import Store, StoreError
from bot.store.rows import quote_term
from bot.summaries import answer_summary_request, finder_index, summary_for_episode
from bot.text import STOPWORDS, tokens, truncate

log = logging.getLogger(__name__)

_SAYING_LIMIT = 2000

HELP = (
    "I answer questions about the podcast episodes I know. Try:\n"
    "• “tl;dr of the Bob Wise one?” — a summary\n"
    "• “any episodes on pgvector?” — episodes about a topic\n"
    "• “what did Josh Wills say about Slack?” — someone's quotes on a topic\n"
    "• “when did they mention Moltbook?” / “how many times did Marc say agents?” — every moment\n"
    "• “who was on the Data Renegades episode?” / “who hosts The Bike Shed?”\n"
    "• “list the Latent Space episodes” / “what shows do you know?”\n"
    "• “how long is the Josh Wills episode?” — facts\n"
    "Or `/quote` with the words you remember."
)


async def answer_question(store: Store, question: str, *, episode_id: str | None = None) -> QuestionAnswer:
    """Answer `question` as typed. `episode_id` settles which episode it is about (a pick after "which one?")."""
    started = time.perf_counter()
    try:
        answer = await _answer(store, question, episode_id)
    except StoreError as exc:
        answer = QuestionAnswer(question, Intent.HELP.value, [f"Sorry, {exc}."])
    answer.took_ms = (time.perf_counter() - started) * 1000
    log.debug("question %r -> %s in %.1f ms", question[:80], answer.intent, answer.took_ms)
    return answer


async def _answer(store: Store, text: str, episode_id: str | None) -> QuestionAnswer:
    catalog = await catalog_of(store)
    parsed = parse_question(text, catalog.names)
    vocabulary = await vocabulary_of(store)
    intent = parsed.intent
    if intent is Intent.SUMMARY:
        return await _summary(store, catalog, parsed, episode_id)
    if intent is Intent.LIST:
        return answer_list(catalog, parsed)
    if intent in {Intent.PEOPLE, Intent.FACTS}:
        return await _about_episode(store, catalog, parsed, episode_id)
    if parsed.passage is not None:
        return await answer_passage(store, catalog, parsed)
    if intent in {Intent.TOPIC, Intent.SPEAKER_TOPIC, Intent.MENTIONS}:
        return await _about_topic(store, catalog, vocabulary, parsed)
    return _help(parsed, vocabulary)


async def _summary(store: Store, catalog: Catalog, question: Question, episode_id: str | None) -> QuestionAnswer:
    if episode_id is not None:
        return summary_answer(catalog, question, await summary_for_episode(store, episode_id))
    return summary_answer(catalog, question, await answer_summary_request(store, question.text))


async def _about_episode(store: Store, catalog: Catalog, question: Question, episode_id: str | None) -> QuestionAnswer:
    if question.intent is Intent.PEOPLE and question.shows and episode_id is None and _about_show(question):
        return answer_show_people(catalog, question, question.shows[0])
    episode, candidates = await _episode_for(store, catalog, question, episode_id)
    if episode is None:
        text = which_episode_text(question, candidates)
        return QuestionAnswer(question.text, question.intent.value, [text], [], [], candidates)
    if question.intent is Intent.PEOPLE:
        return answer_people(catalog, question, episode)
    return answer_facts(question, episode)


async def _episode_for(
    store: Store, catalog: Catalog, question: Question, episode_id: str | None
) -> tuple[EpisodeInfo | None, list[EpisodeInfo]]:
    if episode_id is not None:
        found = next((e for e in catalog.episodes if e.ref.id == episode_id), None)
        return found, []
    words = _identifying_words(question)
    request = " ".join([*words, *question.speakers, *question.shows])
    if not request.strip():
        return None, []
    episode, candidates = pick_episode(await finder_index(store), catalog, question, request)
    if episode is None and not candidates and words:
        return await _episode_saying(store, catalog, words)
    return episode, candidates


async def _episode_saying(
    store: Store, catalog: Catalog, words: list[str]
) -> tuple[EpisodeInfo | None, list[EpisodeInfo]]:
    """The episode whose transcript says all these words ("the dev interrupted episode" names the show only in
    its talk), or the candidates when several do."""
    match = " AND ".join(quote_term(w) for w in words[:8])
    counts = Counter(
        rowid
        for segment_id in await store.matching_segment_ids(match, _SAYING_LIMIT)
        if (rowid := catalog.episode_of_segment(segment_id)) is not None and rowid in catalog.by_rowid
    )
    ranked = [catalog.by_rowid[rowid] for rowid, _count in counts.most_common(5)]
    if len(ranked) == 1:
        return ranked[0], []
    return None, ranked


def _about_show(question: Question) -> bool:
    """ "who hosts the bike shed" asks about the show; "who was on the data renegades episode" about an episode."""
    plain = normalise(question.text)
    return not _identifying_words(question) and not re.search(r"\b(episode|ep|eps|one|interview)\b", plain)


def _identifying_words(question: Question) -> list[str]:
    """The words left to tell an episode by, once question words and names are set aside."""
    return [w for w in question.episode_words if w not in QUESTION_WORDS and w not in STOPWORDS]


async def _about_topic(store: Store, catalog: Catalog, vocabulary: Vocabulary, question: Question) -> QuestionAnswer:
    concepts, unknown = concepts_for(question.topic, Known(vocabulary, catalog.field_terms))
    if not concepts or unknown:  # a word nobody said nor any episode names: the topic is not in the library
        topic = " ".join(question.topic) or "that"
        return QuestionAnswer(
            question.text, question.intent.value, [no_episode_text(topic) + _did_you_mean(unknown, vocabulary)]
        )
    speakers = await store.speaker_variants(question.speakers) if question.speakers else None
    if question.intent is Intent.MENTIONS:
        return await answer_mentions(store, catalog, question, speakers, concepts)
    if question.intent is Intent.SPEAKER_TOPIC and speakers:
        return await answer_speaker_topic(store, catalog, question, speakers, concepts)
    return await answer_topic(store, catalog, vocabulary, question, concepts)


def _did_you_mean(words: list[str], vocabulary: Vocabulary) -> str:
    guesses = [c[0] for w in words if len(w) >= 4 and (c := vocabulary.correct(w)) and c[0] not in STOPWORDS]
    return f" Did you mean “{safe(' '.join(guesses))}”?" if guesses else ""


def _help(question: Question, vocabulary: Vocabulary) -> QuestionAnswer:
    words = [w for w in tokens(normalise(question.text)) if w not in STOPWORDS and w not in QUESTION_WORDS]
    note = ""
    if words and not any(vocabulary.df.get(w) for w in words):
        unknown = safe(truncate(" ".join(words[:6]), 80))
        note = f"I don't know “{unknown}” from any episode.{_did_you_mean(words, vocabulary)}\n\n"
    return QuestionAnswer(question.text, Intent.HELP.value, [note + HELP])

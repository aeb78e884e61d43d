"""Answer a member's question about the episodes: read it, then answer it from the store. Never raises."""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from dataclasses import replace

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
from bot.search import search_quotes
from bot.search.vocabulary import Vocabulary, vocabulary_of
from bot.store import Store, StoreError
from bot.store.rows import quote_term
from bot.summaries import answer_summary_request, finder_index, summary_for_episode
from bot.text import STOPWORDS, tokens, truncate

log = logging.getLogger(__name__)

_SAYING_LIMIT = 2000
_GUESSES = 3  # words a "did you mean" corrects at most (each correction scans a slice of the vocabulary)
# Bare words: from this many they are a pasted line; up to that many topic words, a topic phrase.
BARE_PASSAGE_WORDS = 8
BARE_PASSAGE_SCORE = 85.0  # a pasted line is taken as a quote only when search finds it nearly word for word
BARE_TOPIC_WORDS = 3
MAX_BARE_CHARS = 600
_QUESTION_STARTS = frozenset(
    """what whats who whos when where which how did does do is are was were any anything can could would will
    tell list show give summarize summarise summary recap tldr tl gist episodes episode eps ep""".split()
)

APOLOGY = "Sorry, something went wrong while answering that. It has been logged; try other words."
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
    except Exception:  # the contract is an answer for any input: a bug is logged and apologised for
        log.exception("answering %r failed", question[:200])
        answer = QuestionAnswer(question, Intent.HELP.value, [APOLOGY])
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
    if remembered := await _remembered_line(store, catalog, parsed):
        return remembered
    if intent in {Intent.TOPIC, Intent.SPEAKER_TOPIC, Intent.MENTIONS}:
        return await _about_topic(store, catalog, vocabulary, parsed)
    return await _bare_words(store, catalog, parsed) or _help(parsed, vocabulary)


async def _remembered_line(store: Store, catalog: Catalog, question: Question) -> QuestionAnswer | None:
    """ "who said <line>", or a line pasted on its own: answered by the quote search."""
    if question.passage is not None:
        return await answer_passage(store, catalog, question)
    return await _pasted_line(store, catalog, question) if _looks_pasted(question) else None


async def _bare_words(store: Store, catalog: Catalog, question: Question) -> QuestionAnswer | None:
    """Words with no question around them: a pasted line ("he was using Stockfish as a benchmark...") is looked
    up as a quote; a short phrase of two or three words the episodes hold word for word ("voice cloning?") as a
    topic. Anything else (chat, single words) gets the help."""
    words = tokens(question.text[:MAX_BARE_CHARS])
    if len(words) >= BARE_PASSAGE_WORDS:
        return await _pasted_line(store, catalog, question)
    if not 2 <= len(question.topic) <= BARE_TOPIC_WORDS:
        return None  # one word alone ("joke", "ping") is too often chat
    phrase = " ".join(question.topic)
    held = await store.matching_segments(" AND ".join(quote_term(w) for w in question.topic), limit=200)
    said = any(_phrase_in(phrase, " ".join(tokens(row.text))) for row in held)
    named = any(
        _phrase_in(phrase, " ".join(field_words))
        for rowid in catalog.fields_naming(question.topic[0])
        for _name, field_words, _set in catalog.fields[rowid]
    )
    if not (said or named):
        return None
    vocabulary = await vocabulary_of(store)
    return await _about_topic(store, catalog, vocabulary, replace(question, intent=Intent.TOPIC))


def _looks_pasted(question: Question) -> bool:
    """Many words that do not start like a question: a line pasted from memory."""
    words = normalise(question.text[:MAX_BARE_CHARS]).split()
    return len(words) >= BARE_PASSAGE_WORDS and words[0] not in _QUESTION_STARTS and "?" not in question.text


async def _pasted_line(store: Store, catalog: Catalog, question: Question) -> QuestionAnswer | None:
    """The line as a quote, when search finds it nearly word for word."""
    found = await search_quotes(store, question.text[:MAX_BARE_CHARS], limit=3)
    if not found.hits or found.hits[0].score < BARE_PASSAGE_SCORE:
        return None
    return await answer_passage(store, catalog, replace(question, intent=Intent.MENTIONS, passage=question.text))


def _phrase_in(phrase: str, folded: str) -> bool:
    """Whether the words of `phrase` stand together in `folded` (words joined by single spaces)."""
    return f" {phrase} " in f" {folded} "


async def _summary(store: Store, catalog: Catalog, question: Question, episode_id: str | None) -> QuestionAnswer:
    if episode_id is not None:
        return summary_answer(catalog, question, await summary_for_episode(store, episode_id))
    return summary_answer(catalog, question, await answer_summary_request(store, question.text))


async def _about_episode(store: Store, catalog: Catalog, question: Question, episode_id: str | None) -> QuestionAnswer:
    if question.intent is Intent.PEOPLE and question.shows and episode_id is None and _about_show(question):
        return answer_show_people(catalog, question, question.shows[0])
    episode, candidates = await _episode_for(store, catalog, question, episode_id)
    if episode is None:
        text = which_episode_text(candidates)
        return QuestionAnswer(question.text, question.intent.value, [text], [], [], candidates)
    if question.intent is Intent.PEOPLE:
        return answer_people(catalog, question, episode)
    return answer_facts(question, episode)


async def _episode_for(
    store: Store, catalog: Catalog, question: Question, episode_id: str | None
) -> tuple[EpisodeInfo | None, list[EpisodeInfo]]:
    if episode_id is not None:
        return catalog.by_id.get(episode_id), []
    words = _identifying_words(question)
    request = " ".join([*words, *question.speakers, *question.shows])
    if not request.strip():
        return None, []
    episode, candidates = pick_episode(await finder_index(store), catalog, request)
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
        moments = await answer_mentions(store, catalog, question, speakers, concepts)
        if moments.quotes or speakers:
            return moments
        # Nobody said it, but a description may name it: those episodes, as a topic answer says them.
        named = await answer_topic(store, catalog, vocabulary, question, concepts)
        if named.episodes:
            named.pages = [f"{moments.text} These episodes' own fields name it:\n\n{page}" for page in named.pages]
            return named
        return moments
    if question.intent is Intent.SPEAKER_TOPIC and speakers:
        return await answer_speaker_topic(store, catalog, question, speakers, concepts)
    return await answer_topic(store, catalog, vocabulary, question, concepts)


def _did_you_mean(words: list[str], vocabulary: Vocabulary) -> str:
    guesses = [c[0] for w in words[:_GUESSES] if len(w) >= 4 and (c := vocabulary.correct(w)) and c[0] not in STOPWORDS]
    return f" Did you mean “{safe(' '.join(guesses))}”?" if guesses else ""


def _help(question: Question, vocabulary: Vocabulary) -> QuestionAnswer:
    words = [w for w in tokens(normalise(question.text)) if w not in STOPWORDS and w not in QUESTION_WORDS]
    note = ""
    if len(question.topic) == 1 and len(tokens(question.text)) <= 2 and vocabulary.df.get(question.topic[0]):
        note = f"Did you mean “any episodes about {safe(question.topic[0])}?”\n\n"
    elif words and not any(vocabulary.df.get(w) for w in words):
        unknown = safe(truncate(" ".join(words[:6]), 80))
        note = f"I don't know “{unknown}” from any episode.{_did_you_mean(words, vocabulary)}\n\n"
    return QuestionAnswer(question.text, Intent.HELP.value, [note + HELP])

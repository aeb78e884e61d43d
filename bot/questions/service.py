"""Answer a member's question about the episodes: read it, then answer it from the store. Never raises."""

from __future__ import annotations

import itertools
import logging
import re
import time
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace

from rapidfuzz.distance import OSA

from bot.markdown import safe
from bot.questions.answer import QuestionAnswer
from bot.questions.catalog import Catalog, EpisodeInfo, catalog_of
from bot.questions.episodes import (
    FactSources,
    answer_described_person,
    answer_facts,
    answer_list,
    answer_people,
    answer_person,
    answer_show_people,
    answer_worked_at,
    introduces,
    numbered_episode,
    people_tied_to,
    pick_episode,
    scoped_episodes,
    summary_answer,
    which_episode_text,
)
from bot.questions.followup import AnswerContext
from bot.questions.moments import (
    CLOSE_IN_MEANING,
    answer_mentions,
    answer_passage,
    answer_speaker_topic,
    answer_topic,
    named_together,
    no_episode_text,
)
from bot.questions.parse import (
    EPISODE_WORD,
    QUESTION_WORDS,
    SOMEONE_WORDS,
    Intent,
    ListKind,
    Question,
    normalise,
    parse_question,
    topic_words,
)
from bot.questions.stated import answer_stated, without_source
from bot.questions.stated import wanted as stated_kind
from bot.questions.topics import Concept, Known, Topic, concept_weights, concepts_for, specificity, unknown_weight
from bot.questions.unknown import not_in_library
from bot.results import QuoteHit, SummaryAnswer
from bot.search import search_quotes
from bot.search.engine import hit_from_row
from bot.search.vocabulary import Vocabulary, vocabulary_of
from bot.store import Store, StoreError
from bot.store.rows import quote_term
from bot.summaries import answer_summary_request, finder_index, summary_for_episode
from bot.text import STOPWORDS, fold, tokens, truncate

log = logging.getLogger(__name__)
_NEWEST = re.compile(r"\b(latest|newest|most recent)\b")

_SAYING_LIMIT = 2000
TITLE_TYPO_LETTERS = 6  # a word this long a letter off a title's word is that word
CLEAR_LEAD = 2  # a candidate saying the words this many times as often as the next is the one meant
_GUESSES = 3  # words a "did you mean" corrects at most (each correction scans a slice of the vocabulary)
# Bare words: from this many they are a pasted line; up to that many topic words, a topic phrase.
BARE_PASSAGE_WORDS = 8
BARE_PASSAGE_SCORE = 85.0  # a pasted line is taken as a quote only when search finds it nearly word for word
BARE_TOPIC_WORDS = 3
# Topic words plainer than this ("needs", "year", "call") say too little to look for in someone's passages alone.
EVERYDAY_SPECIFICITY = 0.45
OWN_WORDS = 0.7  # specificity of the words a summary's first sentence names its episode by
FEW_WORDS = 4  # a question this short with no cue may still name a topic
FIELD_TOPIC_SPECIFICITY = 0.6  # ...by a word of the fields this far from everyday English (zipf below ~4.6)
JARGON_SPECIFICITY = 1.0  # a word English rarely uses (zipf <= 3): the field's own ("kamal", "thoughtbot")
INTRODUCTION_SEGMENTS = 40  # an episode's opening, where people are introduced
MAX_INTRODUCED_EPISODES = 5
_OPENING_SEGMENTS = 400  # where a transcript names its show ("here on Dev Interrupted")
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
    parsed = _one_of_namesakes(parse_question(text, catalog.names), catalog)
    if named := _named_for_description(parsed, catalog):
        parsed = replace(parse_question(named, catalog.names), text=parsed.text)
    vocabulary = await vocabulary_of(store)
    if episode_id is None:
        settled = await _settled_by_names(store, parsed, catalog, vocabulary)
        answer = settled if isinstance(settled, QuestionAnswer) else None
        episode_id = settled if isinstance(settled, str) else None
    else:
        answer = None
    if answer is None:
        answer = await _by_kind(store, catalog, vocabulary, parsed, episode_id)
    answer.context = answer_context(parsed, answer)
    return answer


# "the turbopuffer guy", "the cognition founder": someone told by the company they are tied to
_SOMEONE_DESCRIBED = re.compile(
    r"\b(?:the|that|this) ((?:[\w.-]+ ){1,2}?)"
    rf"(?:{'|'.join(SOMEONE_WORDS)}|founder|co-?founder|ceo|cto)\b",
    re.IGNORECASE,
)


def _named_for_description(question: Question, catalog: Catalog) -> str | None:
    """The question with "the turbopuffer guy" read as the one person the sources tie to turbopuffer, when it asks
    what someone said ("the turbopuffer guy said smth about telling his investor..."): None when it names someone,
    asks something else, or the words fit no one or several."""
    if question.speakers or question.intent not in {Intent.TOPIC, Intent.MENTIONS, Intent.SPEAKER_TOPIC}:
        return None
    match = _SOMEONE_DESCRIBED.search(question.clean)
    words = [w for w in tokens(match.group(1)) if w not in STOPWORDS] if match else []
    if match is None or len(words) != 1:
        return None
    ties = people_tied_to(catalog, words[0])
    speaking = [name for name in ties if any(e.segment_count for e in catalog.with_people([name]))]
    if len(speaking) != 1:
        return None
    return question.clean[: match.start()] + speaking[0] + question.clean[match.end() :]


_TELLING_EPISODES = 3  # a word tells namesakes apart when the fields of at most this many episodes hold it


def _one_of_namesakes(question: Question, catalog: Catalog) -> Question:
    """A first name several people share, told apart by a word the question holds and only some of their
    episodes' fields do: "simon (turbopuffer)" is Simon Hørup Eskildsen, "marc's shadow boxing app" Marc Gauthier."""
    speakers = question.speakers
    if len(speakers) < 2 or len({fold(name).split()[0] for name in speakers}) > 1:
        return question
    telling = [naming for w in question.topic if 0 < len(naming := catalog.fields_naming(w)) <= _TELLING_EPISODES]
    named = {
        name for name in speakers if any(e.rowid in naming for e in catalog.with_people([name]) for naming in telling)
    }
    if not named or len(named) == len(speakers):
        return question
    return replace(question, speakers=[name for name in speakers if name in named])


def answer_context(question: Question, answer: QuestionAnswer) -> AnswerContext:
    """What an answer is about, for the replies to it."""
    speakers = tuple(question.speakers) or tuple(q.speaker for q in answer.quotes[:1] if q.speaker)
    return AnswerContext(
        question=question.clean,
        intent=answer.intent,
        speakers=speakers,
        episode_ids=tuple(e.ref.id for e in answer.episodes or answer.candidates),
        topic=" ".join(question.topic),
    )


async def _by_kind(
    store: Store, catalog: Catalog, vocabulary: Vocabulary, parsed: Question, episode_id: str | None
) -> QuestionAnswer:
    intent = parsed.intent
    if episode_id is not None and intent in {Intent.TOPIC, Intent.SPEAKER_TOPIC, Intent.MENTIONS}:
        parsed = replace(parsed, intent=Intent.MENTIONS, episode_scope=episode_id)  # its moments in that episode
        intent = parsed.intent
    if intent is Intent.SUMMARY:
        return await _summary(store, catalog, parsed, episode_id)
    if episode_id is None and (stated := await _stated_fact(store, catalog, vocabulary, parsed)):
        return stated
    of_shows = intent is Intent.TOPIC and bool(parsed.shows)  # "what did postgres fm say about vacuum"
    if intent is Intent.LIST or of_shows:
        return await _episodes_listed(store, catalog, vocabulary, parsed, of_shows=of_shows)
    if intent in {Intent.PEOPLE, Intent.FACTS}:
        return await _about_episode(store, catalog, parsed, episode_id)
    if intent is Intent.HELP:
        return await _without_cue(store, catalog, vocabulary, parsed)
    return await _remembered_line(store, catalog, vocabulary, parsed) or await _about_topic(
        store, catalog, vocabulary, parsed
    )


async def _stated_fact(
    store: Store, catalog: Catalog, vocabulary: Vocabulary, question: Question
) -> QuestionAnswer | None:
    """ "how many people work at railway", "when did salesforce buy heroku": the sentences stating it, when the
    episodes hold some; the question is read by its kind otherwise."""
    kind = stated_kind(question)
    if kind is None:
        return None
    asked_text = normalise(re.split(r"(?<=[?!])\s", question.clean, maxsplit=1)[0])
    asked = set(tokens(without_source(asked_text) if question.speakers else asked_text))
    topic = [w for w in question.topic if w in asked] or question.topic  # not "it sounded tiny" after the question
    concepts, unknown = concepts_for(topic, Known(vocabulary, catalog.field_terms, catalog.acronyms))
    total = max(vocabulary.total_segments, 1)
    about = Topic(concepts, concept_weights(concepts, vocabulary.df, total))
    unheard = sum(unknown_weight(word, total) for word in unknown)  # "tablespoons" of "how many tablespoons in a cup"
    return await answer_stated(store, catalog, question, about, kind, unknown_weight=unheard)


async def _episodes_listed(
    store: Store, catalog: Catalog, vocabulary: Vocabulary, parsed: Question, *, of_shows: bool
) -> QuestionAnswer:
    """A list of episodes: by topic ("list eps about heroku": a topic answer, called a list when the member asks
    for one by that word), by topic among a show's or person's, or all of a show's or person's."""
    if not of_shows and _unscoped_with_topic(parsed):
        return _called_a_list(
            parsed, await _about_topic(store, catalog, vocabulary, replace(parsed, intent=Intent.TOPIC))
        )
    if of_shows or _scoped_with_topic(parsed):
        return await _topic_among_listed(store, catalog, vocabulary, parsed)
    return answer_list(catalog, parsed)


def _called_a_list(question: Question, answer: QuestionAnswer) -> QuestionAnswer:
    """A topic's episodes, labelled a list when the member asked for one by that word."""
    if answer.episodes and re.search(r"\blist\b", question.clean.casefold()):
        answer.intent = Intent.LIST.value
    return answer


async def _without_cue(store: Store, catalog: Catalog, vocabulary: Vocabulary, parsed: Question) -> QuestionAnswer:
    """A question no cue gives a kind: a request for something else gets the help at once ("write me a haiku",
    "can a mod give me a role"); a line pasted from memory, a phrase the episodes hold or the field's jargon is
    looked up; anything else gets the help."""
    if parsed.request:
        return _help(parsed, vocabulary)
    if remembered := await _remembered_line(store, catalog, vocabulary, parsed):
        return remembered
    found = await _bare_words(store, catalog, parsed) or await _jargon_topic(store, catalog, vocabulary, parsed)
    found = found or await _asked_in_few_words(store, catalog, vocabulary, parsed)
    return found or _help(parsed, vocabulary)


_ABOUT = r"about|on|re|regarding|covering|discussing|talking about|talks about|that covers?|that discuss(?:es)?"


def _unscoped_with_topic(question: Question) -> bool:
    """A list of episodes asked for by what they are about, not by show, person or year."""
    scoped = question.shows or question.speakers or question.year
    return not scoped and bool(question.topic) and question.list_kind in {ListKind.EPISODES, None}


def _scoped_with_topic(question: Question) -> bool:
    """Episodes of a show or with a person, asked for by what they are about ("a swyx episode about evals"; not
    "wesley beary eps? the heroku api guy", where the other words tell who he is)."""
    scoped = question.shows or question.speakers or question.year
    if not scoped or not question.topic or question.list_kind not in {ListKind.EPISODES, None}:
        return False
    cue = rf"\b(?:{_ABOUT})\s+(?:the\s+|an?\s+)?{re.escape(question.topic[0])}\b"  # in one clause: "on? loved" is not
    return re.search(cue, question.clean.casefold()) is not None


async def _topic_among_listed(
    store: Store, catalog: Catalog, vocabulary: Vocabulary, question: Question
) -> QuestionAnswer:
    """The listed episodes (of the show, with the person) about the topic; all of them, saying so, when none is."""
    listed, scope = scoped_episodes(catalog, question)
    among = {e.rowid for e in listed} | _naming_shows(catalog, question.shows)
    if among:
        about = await _about_topic(store, catalog, vocabulary, replace(question, intent=Intent.TOPIC), among=among)
        if about.episodes:
            return _called_a_list(question, about)  # "list the se daily eps about heroku": a list, by topic
    everything = answer_list(catalog, question)
    if not listed:
        return everything
    topic = safe(truncate(" ".join(question.topic), 100))
    everything.pages = [f"None of the episodes {scope} is about **{topic}**.\n\n{page}" for page in everything.pages]
    return everything


async def _settled_by_names(
    store: Store, question: Question, catalog: Catalog, vocabulary: Vocabulary
) -> QuestionAnswer | str | None:
    """What the names in a question settle before its kind is answered: a show, person or episode nobody has, or the
    episode a show and number name ("bike shed 412": its id)."""
    known = Known(vocabulary, catalog.field_terms, catalog.acronyms)
    if unknown := await not_in_library(store, question, known, catalog):
        return unknown
    if question.episode_number is None or not question.shows or question.intent is Intent.LIST:
        return None
    numbered = numbered_episode(catalog, question.shows, question.episode_number)
    if isinstance(numbered, bool):  # no episode of that number: say so when the show's numbering is known
        return None if numbered else _no_such_episode(question)
    return numbered.ref.id


def _no_such_episode(question: Question) -> QuestionAnswer:
    shows = " or ".join(f"**{safe(show)}**" for show in question.shows)
    show = re.sub(r"^the ", "", question.shows[0], flags=re.I)
    text = f"I have no episode {question.episode_number} of {shows}. Ask “list the {safe(show)} episodes”."
    return QuestionAnswer(question.text, question.intent.value, [text])


async def _remembered_line(
    store: Store, catalog: Catalog, vocabulary: Vocabulary, question: Question
) -> QuestionAnswer | None:
    """ "who said <line>", or a line pasted on its own: answered by the quote search; a "line" no one says in
    those words and that names something only the field says is a topic ("dhh keynote, which ep was that")."""
    if question.passage is not None:

        async def as_topic() -> QuestionAnswer | None:
            return await _jargon_topic(store, catalog, vocabulary, question)

        return await answer_passage(store, catalog, question, or_else=as_topic)
    return await _pasted_line(store, catalog, question) if _looks_pasted(question) else None


async def _bare_words(store: Store, catalog: Catalog, question: Question) -> QuestionAnswer | None:
    """Words with no question around them: a pasted line ("he was using Stockfish as a benchmark...") is looked
    up as a quote; a short phrase of two or three words the episodes hold word for word ("voice cloning?") as a
    topic. Anything else (chat, single words) gets the help."""
    words = tokens(question.clean[:MAX_BARE_CHARS])
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


async def _jargon_topic(
    store: Store, catalog: Catalog, vocabulary: Vocabulary, question: Question
) -> QuestionAnswer | None:
    """A question with no cue that still names something only the field says and the library holds ("rails 8
    built in auth + kamal 2 talk anywhere??", "all the thoughtbot podcasts"): answered as a topic, not with the
    help. Everyday words alone ("can a mod give me the dev role") are chat, and a request for something else
    ("write me a haiku about kubernetes") is no question about the episodes."""
    jargon = [
        w
        for w in question.topic
        if w.isalpha() and specificity(w) >= JARGON_SPECIFICITY and (vocabulary.df.get(w) or w in catalog.field_terms)
    ]
    if not jargon or question.request:
        return None
    return await _about_topic(store, catalog, vocabulary, replace(question, intent=Intent.TOPIC))


async def _asked_in_few_words(
    store: Store, catalog: Catalog, vocabulary: Vocabulary, question: Question
) -> QuestionAnswer | None:
    """A question of a few words with no cue ("ai in factories / manufacturing?? like getting data off PLCs") is a
    topic when one of them is a word of the episodes' own fields that is no everyday word; the chat after it is not
    part of it. "anyone up for movie night?", "anyone else getting disconnected from voice?" are chat."""
    first = re.split(r"(?<=\?)\s", question.clean.strip(), maxsplit=1)[0]
    words = topic_words(tokens(normalise(first)))
    if question.request or not first.endswith("?") or not 1 <= len(words) <= FEW_WORDS:
        return None
    if not any(w in catalog.field_terms and specificity(w) >= FIELD_TOPIC_SPECIFICITY for w in words):
        return None
    if not all(vocabulary.df.get(w) or w in catalog.field_terms for w in words):
        return None  # "do we have darknet diaries?": a name the library lacks, beside a word it has
    return await _about_topic(store, catalog, vocabulary, replace(question, intent=Intent.TOPIC, topic=words))


def _looks_pasted(question: Question) -> bool:
    """Many words that do not start like a question: a line pasted from memory."""
    words = normalise(question.clean[:MAX_BARE_CHARS]).split()
    return len(words) >= BARE_PASSAGE_WORDS and words[0] not in _QUESTION_STARTS and "?" not in question.clean


async def _pasted_line(store: Store, catalog: Catalog, question: Question) -> QuestionAnswer | None:
    """The line as a quote, when search finds it nearly word for word."""
    found = await search_quotes(store, question.clean[:MAX_BARE_CHARS], limit=3)
    if not found.hits or found.hits[0].score < BARE_PASSAGE_SCORE:
        return None
    return await answer_passage(store, catalog, replace(question, intent=Intent.MENTIONS, passage=question.clean))


def _phrase_in(phrase: str, folded: str) -> bool:
    """Whether the words of `phrase` stand together in `folded` (words joined by single spaces)."""
    return f" {phrase} " in f" {folded} "


async def _summary(store: Store, catalog: Catalog, question: Question, episode_id: str | None) -> QuestionAnswer:
    if episode_id is not None:
        return summary_answer(catalog, question, await summary_for_episode(store, episode_id))
    if question.shows and _NEWEST.search(normalise(question.clean)) and (newest := _newest_of(catalog, question)):
        return summary_answer(catalog, question, await summary_for_episode(store, newest.ref.id))
    answer = await _summary_asked(store, catalog, question.clean)
    candidates = [catalog.by_id[ref.id] for ref in answer.candidates if ref.id in catalog.by_id]
    words = _specific_words(question)
    if answer.episode is None and len(titled := _titled_by(candidates, words)) == 1:
        # "the gist of the stonebreaker data renegades ep": the one whose title says it, not one whose talk does
        return summary_answer(catalog, question, await summary_for_episode(store, titled[0].ref.id))
    if answer.episode is None and words:
        # "that friday deploy ep where they talk about getting paid in gpu time": the one whose talk says so, among
        # the candidates or else anywhere
        said = await _said_by_one(store, catalog, words, candidates) if len(candidates) > 1 else None
        said = said or (await _episode_saying(store, catalog, words))[0]
        if said is not None:
            answer = await summary_for_episode(store, said.ref.id)
    return summary_answer(catalog, question, answer)


def _newest_of(catalog: Catalog, question: Question) -> EpisodeInfo | None:
    """ "tl;dr of the latest bike shed": the newest dated episode of the shows named."""
    dated = [e for e in scoped_episodes(catalog, question)[0] if e.ref.published]
    return max(dated, key=lambda e: e.ref.published or "") if dated else None


async def _summary_asked(store: Store, catalog: Catalog, text: str) -> SummaryAnswer:
    """The summary the whole question finds, or the one its first sentence finds alone when that episode holds
    more of the sentence's own words ("tldr of the spacetimedb episode? heard the guy says its basically an OS":
    the chat after it points elsewhere; "what was this weeks dev interrupted friday deploy about? the
    getting-paid-in-gpu-time one": the rest tells which)."""
    whole = await answer_summary_request(store, text)
    first = re.split(r"(?<=[?!.])\s+", text.strip(), maxsplit=1)[0]
    if first == text.strip() or (alone := await answer_summary_request(store, first)).episode is None:
        return whole
    words = [w for w in tokens(normalise(first)) if w not in QUESTION_WORDS and specificity(w) >= OWN_WORDS]
    if whole.episode is None:  # the first sentence alone, only when its episode's own fields name it
        episode = catalog.by_id.get(alone.episode.id)
        return alone if words and episode is not None and _naming_most(catalog, episode, words) else whole
    held = [await _words_held(store, catalog, answer.episode.id, words) for answer in (alone, whole)]
    return alone if held[0] > held[1] else whole


async def _words_held(store: Store, catalog: Catalog, episode_id: str, words: Sequence[str]) -> int:
    """How many of the words an episode's fields or talk hold."""
    episode = catalog.by_id.get(episode_id)
    if episode is None:
        return 0
    span = catalog.segment_range(episode.rowid)
    held = 0
    for word in words:
        in_fields = episode.rowid in catalog.fields_naming(word)
        said = span is not None and bool(await store.matching_segments(quote_term(word), within=span, limit=1))
        held += in_fields or said
    return held


async def _about_episode(store: Store, catalog: Catalog, question: Question, episode_id: str | None) -> QuestionAnswer:
    if question.intent is Intent.PEOPLE and (beyond := await _people_beyond(store, catalog, question, episode_id)):
        return beyond
    episode, candidates = await _episode_for(store, catalog, question, episode_id)
    if episode is None:
        text = which_episode_text(candidates)
        return QuestionAnswer(question.text, question.intent.value, [text], [], [], candidates)
    if question.intent is Intent.PEOPLE:
        return answer_people(catalog, question, episode)
    return answer_facts(question, episode, await _fact_sources(store, catalog, episode))


async def _people_beyond(
    store: Store, catalog: Catalog, question: Question, episode_id: str | None
) -> QuestionAnswer | None:
    """Who-questions about people rather than one episode's cast: who someone is, who worked at a company, who fits
    a description, who hosts a show."""
    if question.about_person:
        return answer_person(catalog, question, await _introductions(store, catalog, question.speakers))
    if question.employer is not None:
        return answer_worked_at(catalog, question, question.employer)  # "which guests worked at heroku"
    if question.described:
        return await _described_person(store, catalog, question)
    if question.shows and episode_id is None and _about_show(question):
        return answer_show_people(catalog, question, question.shows)
    return None


async def _described_person(store: Store, catalog: Catalog, question: Question) -> QuestionAnswer:
    vocabulary = await vocabulary_of(store)
    concepts, _unknown = concepts_for(question.topic, Known(vocabulary, catalog.field_terms, catalog.acronyms))
    weights = concept_weights(concepts, vocabulary.df, max(vocabulary.total_segments, 1))
    return answer_described_person(catalog, question, concepts, weights)


async def _introductions(store: Store, catalog: Catalog, names: Sequence[str]) -> dict[tuple[str, int], QuoteHit]:
    """(person, episode rowid) -> the line near an episode's start where they are introduced: by themselves ("Hi,
    I'm CL, CEO and founder of Recce and your host") or by someone else naming them in full."""
    found: dict[tuple[str, int], QuoteHit] = {}
    for name in names:
        for episode in catalog.speaking([name])[:MAX_INTRODUCED_EPISODES]:
            span = catalog.segment_range(episode.rowid)
            if span is None:
                continue
            ids = range(span[0], min(span[1], span[0] + INTRODUCTION_SEGMENTS - 1) + 1)
            row = next((r for r in await store.segments_by_id(ids) if introduces(r, name)), None)
            if row is not None:
                found[name, episode.rowid] = hit_from_row(row, episode.ref)
    return found


async def _fact_sources(store: Store, catalog: Catalog, episode: EpisodeInfo) -> FactSources:
    described = catalog.described_show(episode) if not episode.ref.show else None
    by_hosts = catalog.show_of(episode) if not (episode.ref.show or described) else None
    span = catalog.segment_range(episode.rowid)
    if span is None:
        return FactSources(show_by_hosts=by_hosts, show_described=described)
    opening = await store.segment_texts(span, _OPENING_SEGMENTS) if not episode.ref.show else []
    return FactSources(await store.last_timed_start(span), tuple(opening), by_hosts, described)


async def _episode_for(
    store: Store, catalog: Catalog, question: Question, episode_id: str | None
) -> tuple[EpisodeInfo | None, list[EpisodeInfo]]:
    if episode_id is not None:
        return catalog.by_id.get(episode_id), []
    words = _identifying_words(question)
    shows = question.shows if len(question.shows) == 1 else question.show_words  # "giant robots" fits two shows
    request = " ".join([*words, *question.speakers, *shows])
    if not request.strip():
        return None, []
    index = await finder_index(store)
    episode, candidates = pick_episode(index, catalog, request)
    names = " ".join([*question.speakers, *shows])
    if episode is None and not candidates and words and names:
        # Chat around the question ("need to know if it fits my commute") may hide what the names alone find.
        episode, candidates = pick_episode(index, catalog, names)
    said = _specific_words(question)
    if episode is None and not candidates and said:
        return await _episode_saying(store, catalog, said)  # "how long's the dev interrupted ep": "long" is not said
    if len(candidates) > 1 and (settled := await _one_of(store, catalog, question, said, candidates)) is not None:
        return settled, []
    return episode, candidates


async def _one_of(
    store: Store, catalog: Catalog, question: Question, said: list[str], candidates: Sequence[EpisodeInfo]
) -> EpisodeInfo | None:
    """The candidate the question means, when something tells one apart from the others."""
    of_shows = {e.rowid for show in question.shows for e in catalog.of_show(show)}
    if len(of_show := [e for e in candidates if e.rowid in of_shows]) == 1:
        return of_show[0]  # "the saastr ... adam gross vimeo one": of two Adam Gross episodes, SaaStr's
    if len(question.speakers) == 1 and len(titled := _titled_with(candidates, question.speakers)) == 1:
        return titled[0]  # "julián duque devops diaries ep": his own episode, not a best-of quoting him
    if said and len(named := _naming_all(catalog, candidates, said)) == 1:
        return named[0]  # "who joined nik & michael for the postgis one": two Michaels, one PostGIS
    return await _said_by_one(store, catalog, said, candidates)  # "the friday deploy ep w the moltbook stuff"


def _specific_words(question: Question) -> list[str]:
    """The words left to tell an episode by that are not everyday words nor words for an episode."""
    words = _identifying_words(question)
    return [w for w in words if specificity(w) >= EVERYDAY_SPECIFICITY and not EPISODE_WORD.fullmatch(w)]


async def _said_by_one(
    store: Store, catalog: Catalog, words: list[str], candidates: Sequence[EpisodeInfo]
) -> EpisodeInfo | None:
    """The candidate whose transcript says two of the words that follow each other in the question, alone or far
    more often than any other ("the bike shed ep where stephanie got spooked by a robot cat at hot pot": the other
    one says "hot pot" once in passing)."""
    if len(words) < 2:
        return None
    counts = await _episodes_saying(store, catalog, list(itertools.pairwise(words[:8])))
    saying = sorted(((counts[e.rowid], e.rowid) for e in candidates if counts[e.rowid]), reverse=True)
    if not saying or (len(saying) > 1 and saying[0][0] < CLEAR_LEAD * saying[1][0]):
        return None
    return catalog.by_rowid[saying[0][1]]


def _titled_by(episodes: Sequence[EpisodeInfo], words: Sequence[str]) -> list[EpisodeInfo]:
    """The episodes whose titles hold one of the words, or a long word a letter off ("stonebreaker")."""

    def close(word: str, title_word: str) -> bool:
        return word == title_word or (len(word) >= TITLE_TYPO_LETTERS and OSA.distance(word, title_word) <= 1)

    return [e for e in episodes if any(close(w, t) for w in words for t in tokens(e.ref.title))]


def _titled_with(episodes: Sequence[EpisodeInfo], people: Sequence[str]) -> list[EpisodeInfo]:
    """The episodes whose titles name one of these people."""
    names = [fold(name) for name in people]
    return [e for e in episodes if any(name in fold(e.ref.title) for name in names)]


def _naming_shows(catalog: Catalog, shows: Sequence[str]) -> set[int]:
    """The episodes whose own fields name one of these shows, every word of its name ("Welcome to The Agents,
    where SaaStr's CEO...": a SaaStr episode its source gives no show)."""
    found: set[int] = set()
    for show in shows:
        words = [w for w in tokens(show) if w not in STOPWORDS]
        if words:
            found |= set.intersection(*(set(catalog.fields_naming(w)) for w in words))
    return found


def _naming_most(catalog: Catalog, episode: EpisodeInfo, words: Sequence[str]) -> bool:
    """Whether the episode's own fields hold the rarest of the words and half of them at least ("that news roundup
    where pgbackrest lost its maintainer": no field says "roundup", the member's word for the episode)."""
    named = [w for w in words if episode.rowid in catalog.fields_naming(w)]
    return max(words, key=specificity) in named and 2 * len(named) >= len(words)


def _naming_all(catalog: Catalog, episodes: Sequence[EpisodeInfo], words: Sequence[str]) -> list[EpisodeInfo]:
    """The episodes whose own fields (title, chapters, description) hold every one of the words."""
    return [e for e in episodes if all(e.rowid in catalog.fields_naming(w) for w in words)]


async def _episode_saying(
    store: Store, catalog: Catalog, words: list[str]
) -> tuple[EpisodeInfo | None, list[EpisodeInfo]]:
    """The episode whose transcript says all these words ("the dev interrupted episode" names the show only in
    its talk), else two that follow each other in the question ("dev interrupted" of "the dev interrupted friday
    deploy ep", when nothing says "friday deploy"); or the candidates when several do."""
    counts = await _episodes_saying(store, catalog, [words[:8]])
    if not counts and len(words) > 2:
        counts = await _episodes_saying(store, catalog, list(itertools.pairwise(words[:8])))
    ranked = [catalog.by_rowid[rowid] for rowid, _count in counts.most_common(5)]
    if len(ranked) == 1:
        return ranked[0], []
    return None, ranked


async def _episodes_saying(store: Store, catalog: Catalog, groups: Sequence[Sequence[str]]) -> Counter[int]:
    """Episode rowid -> how many of its segments say every word of one of the groups."""
    counts: Counter[int] = Counter()
    for group in groups:
        match = " AND ".join(quote_term(w) for w in group)
        for segment_id in await store.matching_segment_ids(match, _SAYING_LIMIT):
            if (rowid := catalog.episode_of_segment(segment_id)) is not None and rowid in catalog.by_rowid:
                counts[rowid] += 1
    return counts


def _about_show(question: Question) -> bool:
    """ "who hosts the bike shed" asks about the show; "who was on the data renegades episode" about an episode."""
    plain = normalise(question.clean)
    return not _identifying_words(question) and not re.search(r"\b(episode|ep|eps|one|interview)\b", plain)


_HOW_MANY_WORDS = frozenset({"two", "both", "three", "pair", "2", "3"})  # "who are the two guys on postgres fm"


def _identifying_words(question: Question) -> list[str]:
    """The words left to tell an episode by, once question words, names and a count of people are set aside."""
    left_out = QUESTION_WORDS | STOPWORDS | _HOW_MANY_WORDS
    return [w for w in question.episode_words if w not in left_out]


async def _about_topic(
    store: Store,
    catalog: Catalog,
    vocabulary: Vocabulary,
    question: Question,
    *,
    among: Collection[int] | None = None,
) -> QuestionAnswer:
    concepts, unknown = concepts_for(question.topic, Known(vocabulary, catalog.field_terms, catalog.acronyms))
    speakers = await store.speaker_variants(question.speakers) if question.speakers else None
    # "why does joel insist every if needs an else": what is left of the words says nothing; the meaning does.
    everyday = all(map(_everyday, concepts)) and all(specificity(w) < EVERYDAY_SPECIFICITY for w in unknown)
    by_meaning_alone = question.intent is Intent.SPEAKER_TOPIC and everyday
    if by_meaning_alone:
        concepts, unknown = [], []
    if speakers and concepts and question.intent in {Intent.SPEAKER_TOPIC, Intent.MENTIONS}:
        unknown = []  # "where does jake talk about redoing their network": his passages on the words he does say
    if not by_meaning_alone and not _carries_question(concepts, unknown, vocabulary):
        return await _unsaid_topic(store, catalog, vocabulary, question, concepts, unknown=unknown, among=among)
    about = Topic(concepts, concept_weights(concepts, vocabulary.df, max(vocabulary.total_segments, 1)))
    if question.intent is Intent.MENTIONS:
        moments = await answer_mentions(store, catalog, question, speakers, about)
        said = any(quote.match != "meaning" for quote in moments.quotes)
        if speakers or said or (moments.quotes and not named_together(catalog, concepts)):
            return moments
        # Nobody said it, but a description may name it: those episodes, as a topic answer says them (before
        # passages that only come close in meaning: "was pgvector mentioned").
        named = await answer_topic(store, catalog, vocabulary, question, concepts)
        if named.episodes:
            unsaid = moments.text.split(CLOSE_IN_MEANING)[0]
            named.pages = [f"{unsaid} These episodes' own fields name it:\n\n{page}" for page in named.pages]
            return named
        return moments
    if question.intent is Intent.SPEAKER_TOPIC and speakers:
        # (with no topic words left, "why does joel think every if should have an else", by meaning alone)
        return await answer_speaker_topic(store, catalog, question, speakers, about)
    return await answer_topic(store, catalog, vocabulary, question, concepts, among=among)


async def _unsaid_topic(
    store: Store,
    catalog: Catalog,
    vocabulary: Vocabulary,
    question: Question,
    concepts: list[Concept],
    *,
    unknown: list[str],
    among: Collection[int] | None = None,
) -> QuestionAnswer:
    """The words the library has nothing of are what the question is about: nobody says them. Episodes close in
    meaning may still be about it ("geospatial" for PostGIS; "woken up by alerts at night" for a pager going off
    every night) when their evidence also holds a word of the question or comes very close; else it is not in
    the library."""
    topic = " ".join(unknown or question.topic) or "that"
    unsaid = no_episode_text(topic) + _did_you_mean(unknown, vocabulary)
    asked = replace(question, intent=Intent.TOPIC)
    meant = await answer_topic(store, catalog, vocabulary, asked, [], by_meaning_only=concepts, among=among)
    if not meant.episodes:
        return QuestionAnswer(question.text, question.intent.value, [unsaid])
    meant.pages = [f"{unsaid} These come close in meaning:\n\n{page}" for page in meant.pages]
    return meant


def _everyday(concept: Concept) -> bool:
    return all(specificity(form) < EVERYDAY_SPECIFICITY for form in concept.forms)


def _carries_question(concepts: list[Concept], unknown: list[str], vocabulary: Vocabulary) -> bool:
    """Whether the words the library knows carry the question: at least as weighty as the words it has never
    seen ("quantum gravity" is not answered with "gravity"; "copilot will save our sprint lol" is, with copilot)."""
    if not concepts:
        return False
    total = max(vocabulary.total_segments, 1)
    known = sum(concept_weights(concepts, vocabulary.df, total))
    return known >= sum(unknown_weight(word, total) for word in unknown)


def _did_you_mean(words: list[str], vocabulary: Vocabulary) -> str:
    guesses = [c[0] for w in words[:_GUESSES] if len(w) >= 4 and (c := vocabulary.correct(w)) and c[0] not in STOPWORDS]
    return f" Did you mean “{safe(' '.join(guesses))}”?" if guesses else ""


def _help(question: Question, vocabulary: Vocabulary) -> QuestionAnswer:
    words = [w for w in tokens(normalise(question.clean)) if w not in STOPWORDS and w not in QUESTION_WORDS]
    note = ""
    if len(question.topic) == 1 and len(tokens(question.clean)) <= 2 and vocabulary.df.get(question.topic[0]):
        note = f"Did you mean “any episodes about {safe(question.topic[0])}?”\n\n"
    elif words and not any(vocabulary.df.get(w) for w in words):
        unknown = safe(truncate(" ".join(words[:6]), 80))
        note = f"I don't know “{unknown}” from any episode.{_did_you_mean(words, vocabulary)}\n\n"
    return QuestionAnswer(question.text, Intent.HELP.value, [note + HELP])

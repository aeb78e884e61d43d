"""Answers found in what was said: which episodes are about a topic, what someone said about it, and every
moment it came up. Each claim is a verbatim segment with its speaker and time, or a sentence of a description."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.markdown import safe
from bot.meaning import MeaningMatch
from bot.questions.answer import QuestionAnswer
from bot.questions.catalog import Catalog, EpisodeInfo
from bot.questions.meaning import (
    MIN_SIMILARITY,
    closeness,
    descriptions_meant,
    fuse,
    meaning_hit,
    passages_meant,
)
from bot.questions.pages import episode_label, paginate, quote_line, snippet_around, stamp_link
from bot.questions.parse import Question
from bot.questions.topics import (
    Concept,
    Topic,
    all_match,
    any_form,
    any_match,
    concept_weights,
    specificity,
    word_pattern,
)
from bot.results import QuoteHit
from bot.search.engine import hit_from_row, joined, same_turn, search_quotes
from bot.search.vocabulary import Vocabulary
from bot.store import SegmentRow, Store
from bot.summaries.summarize import split_sentences
from bot.text import STOPWORDS, tokens, truncate

# Segment ids read per concept to rank episodes (a concept in more segments than this is no topic of its own).
TOPIC_SEGMENT_CAP = 4000
# Segments holding all the words of a phrase, read to check the words are adjacent.
PHRASE_ROWS = 500
MAX_TOPIC_EPISODES = 10
MAX_SPEAKER_QUOTES = 10
TURNS_SHOWN = 3  # a speaker's leading quotes are shown with the rest of their turn,
TURN_PIECES = 3  # up to this many more segments
TURN_CHARS = 850  # within this length (about a minute of talk: the point of a turn often comes last)
OTHERS_COUNTED = 200  # when the speaker never said it: how far others' passages are counted
MAX_MOMENTS = 2000
RANKED_ROWS = 600  # a speaker's passages ranked by how much of the topic they hold (those holding all come first)
SCOPED_ROWS = 20  # with this many of their passages holding part of the topic, its words are weighed among them
SCOPED_FLOOR = 0.3
POINTING_WORDS = 2  # of a description's line naming the topic, shared with a passage it points to
POINTING_CHARS = 200
DESCRIBED_CHARS = 240  # a description sentence shown as evidence is cut to this around what it names
DESCRIBED_LINE_WORDS = 3  # a remembered line a description holds: at least this many of its words,
DESCRIBED_LINE_SHARE = 0.75  # and this share of them, in one sentence
CLOSENESS_ROWS = 60  # of which the leaders are compared in meaning with the question
PER_EPISODE_SEARCHES = 40  # a speaker's passages are searched episode by episode up to this many episodes
ASKED_ROWS = 400  # passages of others read for questions put to a speaker in the topic's words
ASKED_CONCEPTS = 2  # such a question holds this many of the topic's concepts at least,
ASKED_SHARE = 0.3  # and this share of its weight ("You still use Slack?" holds under half of github-still-uses-slack)
ANSWER_SEGMENTS = 3  # the answer is looked for in this many segments after the question
MOMENTS_PER_EPISODE_SHOWN = 25
MAX_SHOWN_MOMENTS = 250  # about a dozen pages; the count covers them all
HELD_SHARE = 0.5  # a passage holding less of the topic's weight than this share of the best one's is left out
# Closer than this in meaning, an episode answers a topic whose words the library does not hold (chat is rarely
# this close; real questions often are).
MEANING_ONLY = 0.55
CLOSE_IN_MEANING = " Close in meaning:"  # what follows "nobody says it" when passages come close in meaning
FEW_MOMENTS = 3  # fewer moments saying the words than this: passages close in meaning are shown too,
NOTED_SHOWN = 5  # and as many episodes whose notes name it
NOTED_HEADER = "**Named in the notes** of:"
# With none saying them and nobody named, only passages this close ("did any ep mention clerk?" reaches ~0.40 of
# unrelated passages; the episodes whose descriptions name it answer better; moments told in other words mostly
# reach 0.45-0.6).
MEANING_ALONE = 0.45
CLOSE_MOMENTS = 3
LINE_MEANT = 0.5  # a remembered line this close in meaning to a passage is taken as said there (unrelated ones ~0.45)
MAX_UNSAID_TRIED = 3  # of a topic's weightiest concepts, looked for in the fields when nobody says them
SHORT_WORDS = 12  # a hit this short is shown with the rest of its turn's next piece
ASIDE_WORDS = 8  # a listener's words this few, not a question, do not end a speaker's turn,
ASIDE_QUESTION_WORDS = 4  # nor a question this short ("They're that young?")
_SENTENCE_ENDS = (".", "?", "!", '"', "”", "…", ":")

# How strongly a field naming a topic word counts, against 1 + log(1 + segments saying it).
FIELD_WEIGHTS = {"title": 4.0, "chapters": 2.5, "description": 2.0}
_FIELD_RANK = {"title": 0, "chapters": 1, "description": 2}
COVERAGE_SLACK = 0.25
WHOLE_TOPIC = 0.85  # an episode holding this share of a topic's weight in words leads, whatever meaning says


@dataclass(slots=True)
class _EpisodeEvidence:
    """What an episode holds of a topic: a score, which concepts, in which segments and fields."""

    episode: EpisodeInfo
    score: float = 0.0
    concepts: set[int] = field(default_factory=set)
    said: dict[int, list[int]] = field(default_factory=dict)  # concept -> ids of the segments saying it
    fields: dict[int, str] = field(default_factory=dict)  # concept -> the best field naming it


# ---------------------------------------------------------------------------------------------- topic


async def answer_topic(
    store: Store,
    catalog: Catalog,
    vocabulary: Vocabulary,
    question: Question,
    concepts: list[Concept],
    *,
    by_meaning_only: Sequence[Concept] | None = None,
    among: Collection[int] | None = None,
) -> QuestionAnswer:
    """Episodes about the topic, best first, each with its best evidence: by its words, fused with the episodes
    whose passages or descriptions come closest to the question's meaning. `by_meaning_only`: the words do not
    carry the question, so episodes come by meaning alone, and only when their evidence holds one of these
    concepts or comes very close. `among`: only these episodes (rowids) may answer."""
    weights = concept_weights(concepts, vocabulary.df, max(vocabulary.total_segments, 1)) if concepts else []
    by_words = {e.episode.rowid: e for e in _ranked(await _gather(store, catalog, concepts, weights), weights)}
    if among is not None:
        by_words = {r: e for r, e in by_words.items() if r in among}
    # Episodes holding (nearly) all the weight of the topic lead, as the words rank them; meaning reorders the
    # rest and adds its own (when the leaders leave it any place to show).
    whole = [r for r, e in by_words.items() if _coverage(e, weights) >= WHOLE_TOPIC]
    meant: dict[int, _Meant] = {}
    if len(whole) < MAX_TOPIC_EPISODES:
        meant = await _episodes_meant(store, catalog, question, floor=MIN_SIMILARITY)
    if by_meaning_only is not None or not by_words:
        meant = {r: m for r, m in meant.items() if _agrees(m, by_meaning_only or ())}
    if among is not None:
        meant = {r: m for r, m in meant.items() if r in among}
    rest = fuse([r for r in by_words if r not in whole], [r for r in meant if r not in whole])
    order = [*whole, *rest]
    topic = _topic_label(concepts) or question.clean
    if not order:
        return QuestionAnswer(question.text, question.intent, [no_episode_text(topic, concepts)])
    top = order[:MAX_TOPIC_EPISODES]
    quotes = await _best_quotes(store, [by_words[r] for r in top if r in by_words], concepts, weights)
    blocks = [
        _topic_block(i, by_words[r], quotes.get(r), concepts) if r in by_words else _meant_block(i, catalog, meant[r])
        for i, r in enumerate(top, 1)
    ]
    for rowid in top:
        evidence = meant.get(rowid)
        if rowid not in quotes and evidence is not None and isinstance(evidence.evidence, QuoteHit):
            quotes[rowid] = evidence.evidence
    more = f"\n…and {len(order) - len(top)} more episodes." if len(order) > len(top) else ""
    header = f"Episodes about **{safe(truncate(topic, 100))}**{_correction_note(concepts)}:"
    pages = paginate(header, [*blocks, more] if more else blocks)
    hits = [quotes[r] for r in top if r in quotes]
    return QuestionAnswer(question.text, question.intent, pages, [catalog.by_rowid[r] for r in top], hits)


@dataclass(frozen=True, slots=True)
class _Meant:
    """An episode close in meaning to a question, and what shows it: a passage, or a chunk of its description."""

    rowid: int
    similarity: float
    evidence: QuoteHit | str


async def _episodes_meant(store: Store, catalog: Catalog, question: Question, *, floor: float) -> dict[int, _Meant]:
    """Episodes by how close in meaning their best passage or description chunk is to the question, best first."""
    found: dict[int, _Meant] = {}
    for match, row in await passages_meant(store, catalog, question):
        if match.similarity >= floor and row.episode_rowid not in found:
            found[row.episode_rowid] = _Meant(row.episode_rowid, match.similarity, meaning_hit(catalog, match, row))
    for rowid, (similarity, chunk) in (await descriptions_meant(catalog, store, question, floor=floor)).items():
        if rowid not in found or similarity > found[rowid].similarity:
            found[rowid] = _Meant(rowid, similarity, chunk)
    return dict(sorted(found.items(), key=lambda item: -item[1].similarity))


def _agrees(meant: _Meant, concepts: Sequence[Concept]) -> bool:
    """Evidence by meaning alone counts when it is very close, or holds one of the question's known words."""
    if meant.similarity >= MEANING_ONLY:
        return True
    text = meant.evidence.text if isinstance(meant.evidence, QuoteHit) else meant.evidence
    words = tokens(text)
    return any(c.found_in(words, frozenset(words)) for c in concepts)


def _meant_block(position: int, catalog: Catalog, meant: _Meant) -> str:
    line = f"{position}. {episode_label(catalog.by_rowid[meant.rowid])}"
    if isinstance(meant.evidence, QuoteHit):
        return f"{line}\n   {quote_line(meant.evidence)}"
    return f"{line}\n   _from the description, close in meaning:_ “{safe(truncate(meant.evidence, 240))}”"


async def _gather(
    store: Store, catalog: Catalog, concepts: Sequence[Concept], weights: Sequence[float]
) -> dict[int, _EpisodeEvidence]:
    """Each episode's evidence per concept: the segments saying it, and the best field naming it."""
    found: dict[int, _EpisodeEvidence] = {}
    for index, concept in enumerate(concepts):
        per_episode = catalog.by_episode(await _segments_saying(store, concept))
        named = _fields_naming(catalog, concept)
        for rowid in (per_episode.keys() | named.keys()) & catalog.by_rowid.keys():
            field_name = named.get(rowid)
            saying = per_episode.get(rowid)
            item = found.get(rowid) or found.setdefault(rowid, _EpisodeEvidence(catalog.by_rowid[rowid]))
            strength = 1.0 + math.log1p(len(saying)) if saying else 0.0
            item.score += weights[index] * max(strength, FIELD_WEIGHTS[field_name] if field_name else 0.0)
            item.concepts.add(index)
            if field_name:
                item.fields[index] = field_name
            if saying:
                item.said[index] = saying
    return found


async def _segments_saying(store: Store, concept: Concept, limit: int = TOPIC_SEGMENT_CAP) -> list[int]:
    """Ids of segments holding the concept: any of its words (at most `limit` of them), or any of its phrases word
    for word."""
    ids: list[int] = []
    if concept.words:
        ids.extend(await store.matching_segment_ids(any_form(concept.words), limit))
    for phrase in concept.phrases:
        rows = await store.matching_segments(any_form([phrase]), limit=PHRASE_ROWS)
        ids.extend(row.id for row in rows if concept.says_phrase(row.text))
    return sorted(set(ids))


async def _only_described(store: Store, catalog: Catalog, about: Topic, said: Sequence[Concept]) -> Concept | None:
    """The weightiest of the topic's concepts that nobody says and a few episodes' fields name ("pgbackrest", or
    "airspace" of "the uk airspace flight plan meltdown", where no one has "meltdown" at all)."""
    by_weight = sorted(zip(about.weights, about.concepts, strict=True), key=lambda pair: -pair[0])
    for _weight, concept in by_weight[:MAX_UNSAID_TRIED]:
        if _in_fields(catalog, concept, said) and not await _said_at_all(store, concept):  # fields first: no I/O
            return concept
    return None


async def _said_at_all(store: Store, concept: Concept) -> bool:
    """Whether anyone says the concept: one of its words, or one of its phrases word for word ("airspace", which
    only a description holds, is not said as "air space" though both words are said)."""
    if not concept.said or not concept.phrases:
        return concept.said
    return bool(await _segments_saying(store, concept, limit=1))


def named_together(catalog: Catalog, concepts: Sequence[Concept]) -> bool:
    """Whether one episode's fields (title, chapters, description) name every one of the concepts."""
    return bool(_naming_every(catalog, concepts))


def _naming_every(catalog: Catalog, concepts: Sequence[Concept]) -> set[int]:
    """The rowids of the episodes whose fields name every one of the concepts (none when there are none)."""
    named = [set(_fields_naming(catalog, concept)) for concept in concepts]
    return set.intersection(*named) if named else set()


def _fields_naming(catalog: Catalog, concept: Concept) -> dict[int, str]:
    """Episode rowid -> the best field naming the concept (phrases checked word for word)."""
    named: dict[int, str] = {}
    for form in concept.words:
        for rowid, name in catalog.fields_naming(form).items():
            if _FIELD_RANK[name] < _FIELD_RANK.get(named.get(rowid, ""), 9):
                named[rowid] = name
    for phrase in concept.phrases:
        for rowid in catalog.fields_naming(phrase.split()[0]):
            for name, words, word_set in catalog.fields[rowid]:
                if concept.found_in(words, word_set) and _FIELD_RANK[name] < _FIELD_RANK.get(named.get(rowid, ""), 9):
                    named[rowid] = name
                    break
    return {rowid: name for rowid, name in named.items() if rowid in catalog.by_rowid}


def _ranked(evidence: dict[int, _EpisodeEvidence], weights: Sequence[float]) -> list[_EpisodeEvidence]:
    """Episodes by how much of the topic they hold (rare words count most) and how strongly; an episode holding
    clearly less of it than the best one is left out."""
    if not evidence:
        return []
    covered = {rowid: _coverage(item, weights) for rowid, item in evidence.items()}
    best = max(covered.values())
    kept = [item for rowid, item in evidence.items() if covered[rowid] >= best - COVERAGE_SLACK]
    return sorted(
        kept,
        key=lambda item: (
            -item.score * covered[item.episode.rowid] ** 2 * _cohesion(item, len(weights)),
            item.episode.rowid,
        ),
    )


def _coverage(item: _EpisodeEvidence, weights: Sequence[float]) -> float:
    """The share of the topic's weight the episode holds."""
    return sum(weights[i] for i in item.concepts) / (sum(weights) or 1.0)


def _cohesion(item: _EpisodeEvidence, concept_count: int) -> float:
    """0.5-1: how much of the topic one passage (or one field) holds together; "food delivery robot" said in one
    breath beats the three words scattered over an hour."""
    if concept_count < 2:
        return 1.0
    if len(item.said) < 2:  # no passage can hold two concepts
        in_one_passage = len(item.said)
    else:
        in_one_passage = max(Counter(segment_id for ids in item.said.values() for segment_id in ids).values())
    in_one_field = max(Counter(item.fields.values()).values(), default=0)
    return 0.5 + 0.5 * max(in_one_passage, in_one_field) / concept_count


async def _best_quotes(
    store: Store, ranked: Sequence[_EpisodeEvidence], concepts: Sequence[Concept], weights: Sequence[float]
) -> dict[int, QuoteHit]:
    """Per episode, the segment holding the weightiest part of the topic (then the most mentions), grown when it
    is short: "stockfish", not "manager", in "my manager keeps saying stockfish..."."""
    wanted: list[int] = []
    for item in ranked:
        holds: Counter[int] = Counter()
        for index, ids in item.said.items():
            for segment_id in ids:
                holds[segment_id] += weights[index]
        if holds:
            most = max(holds.values())
            wanted.extend([segment_id for segment_id, held in holds.items() if held == most][:8])
    rows = await store.segments_by_id(wanted)
    best: dict[int, tuple[tuple[float, int, int], SegmentRow]] = {}
    for row in rows:
        words = tokens(row.text)
        counts = [c.occurrences(words) for c in concepts]
        held = sum(w for n, w in zip(counts, weights, strict=True) if n)
        key = (held, sum(counts), min(len(words), 40))
        if row.episode_rowid not in best or key > best[row.episode_rowid][0]:
            best[row.episode_rowid] = (key, row)
    grown = await grow_short(store, [row for _key, row in best.values()])
    episodes = {item.episode.rowid: item.episode for item in ranked}
    return {
        row.episode_rowid: hit_from_row(row, episodes[row.episode_rowid].ref, at=first_position(row.text, concepts))
        for row in grown
    }


def _topic_block(position: int, item: _EpisodeEvidence, hit: QuoteHit | None, concepts: Sequence[Concept]) -> str:
    line = f"{position}. {episode_label(item.episode)}"
    if hit is not None:
        return f"{line}\n   {quote_line(hit, around=first_position(hit.text, concepts))}"
    sentence = description_sentence(item.episode, concepts)
    if sentence:
        source = "title" if sentence == item.episode.ref.title else "from the description"
        return f"{line}\n   _{source}:_ “{safe(_cut_around(sentence, concepts))}”"
    return line


def _cut_around(sentence: str, concepts: Sequence[Concept]) -> str:
    """A sentence of an episode's fields cut around the first of the concepts it names."""
    return snippet_around(sentence, first_position(sentence, concepts), DESCRIBED_CHARS)


def description_sentence(episode: EpisodeInfo, concepts: Sequence[Concept]) -> str | None:
    """The description sentence naming the most concepts (verbatim), or None."""
    best: tuple[int, str] | None = None
    for sentence in split_sentences(episode.description[:6000]):
        words = tokens(sentence)
        named = sum(1 for c in concepts if c.occurrences(words))
        if named and (best is None or named > best[0]):
            best = (named, sentence)
    if best is None and any(c.occurrences(tokens(episode.ref.title)) for c in concepts):
        return episode.ref.title
    return best[1] if best else None


# ---------------------------------------------------------------------------------------------- a speaker on a topic


async def answer_speaker_topic(
    store: Store, catalog: Catalog, question: Question, speakers: list[str], about: Topic
) -> QuestionAnswer:
    """What these people said about the topic: their passages holding the weightiest part of it, fused with their
    passages closest to the question's meaning, best first."""
    concepts, weights = about.concepts, about.weights
    who = _names_text(question.speakers)
    topic = _topic_label(concepts)
    rows = await _speaker_rows(store, catalog, speakers, concepts, RANKED_ROWS) if concepts else []
    weights = in_their_talk(rows, concepts, weights)
    ranked = rank_passages(rows, concepts, weights)
    head = ranked[:CLOSENESS_ROWS]  # the leaders, reordered by meaning among those holding as much of the topic
    ranked = rank_passages(head, concepts, weights, await closeness(store, question, head)) + ranked[CLOSENESS_ROWS:]
    answers = await _answers_to_asked(store, catalog, speakers, about) if concepts else []
    by_words = {row.id: row for row in [*(row for _held, row in answers), *ranked]}
    by_meaning = await _speaker_passages_meant(store, catalog, question, speakers)
    order = _answers_placed(fuse(list(by_words), list(by_meaning)), by_words, answers, about)[:MAX_SPEAKER_QUOTES]
    if not rows and (pointed := await _passages_a_field_points_to(store, catalog, speakers, about)):
        return _pointed_answer(question, about, pointed)
    if not order:
        return QuestionAnswer(question.text, question.intent, [await _nothing_said(store, catalog, question, about)])
    grown = await grow_short(store, [by_words.get(i) or by_meaning[i][1] for i in order])
    grown[:TURNS_SHOWN] = await with_rest_of_turn(store, grown[:TURNS_SHOWN], TURN_CHARS)
    shown = _not_repeated(list(zip(order, grown, strict=True)))  # found as `i`, shown as `row` (its turn around it)
    hits = [
        meaning_hit(catalog, by_meaning[i][0], row)
        if i not in by_words
        else hit_from_row(row, catalog.by_rowid[row.episode_rowid].ref, at=first_position(row.text, concepts))
        for i, row in shown
    ]
    rows = [row for _i, row in shown]
    header = (
        f"What {who} said about **{safe(topic)}**{_correction_note(concepts)}:"
        if topic
        else f"What {who} said, closest in meaning to your question:"
    )
    blocks = [
        f"{i}. {quote_line(hit, limit=TURN_CHARS, around=first_position(hit.text, concepts))}\n   — "
        f"{episode_label(catalog.by_rowid[row.episode_rowid])}"
        for i, (hit, row) in enumerate(zip(hits, rows, strict=True), 1)
    ]
    episodes = list({row.episode_rowid: catalog.by_rowid[row.episode_rowid] for row in rows}.values())
    return QuestionAnswer(question.text, question.intent, paginate(header, blocks), episodes, hits)


async def _passages_a_field_points_to(
    store: Store, catalog: Catalog, speakers: list[str], about: Topic
) -> tuple[EpisodeInfo, str, list[SegmentRow]] | None:
    """When they never say the topic's words: a line of one of their episodes' description naming it, and their
    passages holding the most of that line's other words (the notes' "DeepSeek as a gift to the world" points to
    "...was like a gift to the world", which never says DeepSeek)."""
    named = {form for c in about.concepts for form in c.words}
    for episode in catalog.speaking(speakers)[:PER_EPISODE_SEARCHES]:
        span = catalog.segment_range(episode.rowid)
        for line in _field_lines(episode) if span is not None else []:
            words = tokens(line)
            if not any(c.occurrences(words) for c in about.concepts):
                continue
            cues = [Concept(w, (w,)) for w in dict.fromkeys(words) if len(w) > 2 and w not in STOPWORDS | named]
            if len(cues) < POINTING_WORDS:
                continue
            found = await store.matching_segments(any_match(cues), speakers=speakers, within=span, limit=RANKED_ROWS)
            weights = [specificity(c.typed) for c in cues]
            held = [row for row in found if _concepts_held(cues, tokens(row.text)) >= POINTING_WORDS]
            if ranked := rank_passages(held, cues, weights)[:TURNS_SHOWN]:
                return episode, line, ranked
    return None


def _concepts_held(concepts: Sequence[Concept], words: Sequence[str]) -> int:
    """How many of the concepts a passage's words hold."""
    return sum(1 for c in concepts if c.occurrences(words))


def _field_lines(episode: EpisodeInfo) -> list[str]:
    """The chapters, and the description's sentences and bullet points."""
    parts = re.split(r"[*•·]\s|\n", episode.description)
    return [*episode.chapters, *(s for part in parts for s in split_sentences(part))]


def _pointed_answer(
    question: Question, about: Topic, pointed: tuple[EpisodeInfo, str, list[SegmentRow]]
) -> QuestionAnswer:
    episode, line, rows = pointed
    who, topic = _names_text(question.speakers), _topic_label(about.concepts)
    hits = [hit_from_row(row, episode.ref) for row in rows]
    header = (
        f"I found nothing {who} said about **{safe(topic)}** in those words, but the notes of "
        f"**{safe(episode.ref.title)}** name it: “{safe(truncate(line, POINTING_CHARS))}”. What was said in that "
        "line's words:"
    )
    blocks = [f"{i}. {quote_line(hit, limit=TURN_CHARS)}" for i, hit in enumerate(hits, 1)]
    return QuestionAnswer(question.text, question.intent, paginate(header, blocks), [episode], hits)


def in_their_talk(rows: Sequence[SegmentRow], concepts: Sequence[Concept], weights: Sequence[float]) -> list[float]:
    """The topic's weights among what these people say: a word they say all the time tells their passages apart
    little ("railway" for Railway's founder), however rare it is in the library."""
    if len(concepts) < 2 or len(rows) < SCOPED_ROWS:
        return list(weights)
    texts = [tokens(row.text) for row in rows]
    held = [sum(1 for words in texts if c.occurrences(words)) for c in concepts]
    return [w * SCOPED_FLOOR + w * (1 - SCOPED_FLOOR) * (1 - n / len(rows)) for w, n in zip(weights, held, strict=True)]


async def _answers_to_asked(
    store: Store, catalog: Catalog, speakers: list[str], about: Topic
) -> list[tuple[float, SegmentRow]]:
    """Their answers to questions someone else asked in the topic's words, with how much of the topic the question
    held: "what did josh say was the best new tool" is answered by the turn after the host's "best new tool you've
    added to your workflow?", which need not repeat the words. Only for people heard in a few episodes (guests),
    whose talk is mostly answers."""
    if len(catalog.speaking(speakers)) > PER_EPISODE_SEARCHES:
        return []
    rows = await spoken_by(store, catalog, any_match(about.concepts), speakers, limit=ASKED_ROWS, by_them=False)
    asked = [
        (held, row)
        for row in rows
        if row.speaker not in speakers
        and row.text.rstrip().endswith("?")
        and (held := weight_held(row.text, about)) >= ASKED_SHARE
        and sum(1 for c in about.concepts if c.occurrences(tokens(row.text))) >= ASKED_CONCEPTS
    ]
    asked.sort(key=lambda pair: -pair[0])
    after = [[row.id + row.span + i for i in range(ANSWER_SEGMENTS)] for _held, row in asked]
    following = {row.id: row for row in await store.segments_by_id([i for ids in after for i in ids])}
    # the answer's pieces, past the asker's "right" or "Vistracer." in between
    answers = {
        row.id: (held, row)
        for (held, _question), ids in zip(asked, after, strict=True)
        for i in ids
        if (row := following.get(i)) and row.speaker in speakers
    }
    return list(answers.values())


def _answers_placed(
    order: list[int], rows: Mapping[int, SegmentRow], answers: Sequence[tuple[float, SegmentRow]], about: Topic
) -> list[int]:
    """The ranking with the answers to questions asked in the topic's words first when they say the topic again
    themselves (the host asks about psychological safety, the guest: "psychological safety it's one of the
    essential dimension of team performance"), then the speaker's own passages holding as much of the topic as the
    question did, the other answers, and the rest."""
    if not answers:
        return order
    asked = max(held for held, _row in answers)
    answer_ids = [row.id for _held, row in answers]
    restating = [row.id for _held, row in answers if weight_held(row.text, about) >= asked]
    own = [i for i in order if i not in answer_ids]
    leading = [i for i in own if i in rows and weight_held(rows[i].text, about) >= asked]
    return list(dict.fromkeys([*restating, *leading, *answer_ids, *own]))


def weight_held(text: str, about: Topic) -> float:
    """The share of the topic's weight whose concepts the text holds."""
    words = tokens(text)
    total = sum(about.weights) or 1.0
    return sum(w for c, w in zip(about.concepts, about.weights, strict=True) if c.occurrences(words)) / total


async def _speaker_passages_meant(
    store: Store, catalog: Catalog, question: Question, speakers: list[str]
) -> dict[int, tuple[MeaningMatch, SegmentRow]]:
    """Their passages closest in meaning to the question, by segment id, best first."""
    ranges = [span for e in catalog.speaking(speakers) if (span := catalog.segment_range(e.rowid)) is not None]
    if not ranges:
        return {}
    meant = await passages_meant(store, catalog, question, within=ranges)
    return {row.id: (match, row) for match, row in meant if row.speaker in speakers}


async def _nothing_said(store: Store, catalog: Catalog, question: Question, about: Topic) -> str:
    concepts = about.concepts
    who = _names_text(question.speakers)
    topic = _topic_label(concepts) or "that"
    others = len(await store.matching_segments(all_match(concepts), limit=OTHERS_COUNTED)) if concepts else 0
    text = f"I found nothing {who} said about **{safe(topic)}**{_correction_note(concepts)}."
    if others:
        passages = f"{others}+ passages" if others == OTHERS_COUNTED else f"{others} passage{'s' * (others > 1)}"
        text += f" Others talk about it in {passages}: ask “when did they mention {safe(topic)}”."
    elif not any(e.segment_count for e in catalog.with_people(question.speakers)):
        text += f" I have no transcript where {who} speaks."
    return text


async def _speaker_rows(
    store: Store, catalog: Catalog, speakers: list[str], concepts: list[Concept], limit: int
) -> list[SegmentRow]:
    """The first `limit` of their passages holding any of the concepts (all of them first, so a common word cannot
    crowd them out)."""
    rows = await spoken_by(store, catalog, all_match(concepts), speakers, limit=limit)
    if len(concepts) > 1 and len(rows) < limit:
        seen = {row.id for row in rows}
        more = await spoken_by(store, catalog, any_match(concepts), speakers, limit=limit)
        rows += [row for row in more if row.id not in seen]
    return rows[:limit]


async def spoken_by(
    store: Store,
    catalog: Catalog,
    match: str,
    speakers: list[str],
    *,
    limit: int = MAX_MOMENTS,
    by_them: bool = True,
) -> list[SegmentRow]:
    """Segments matching `match` said by these speakers (by anyone in their episodes when not `by_them`), at most
    `limit`, searched only in the episodes they speak in (one search of the whole library for someone heard in
    many episodes: a search per episode costs more there)."""
    episodes = catalog.with_people(speakers)
    said_by = speakers if by_them else None
    if len(episodes) > PER_EPISODE_SEARCHES and by_them:
        return await store.matching_segments(match, speakers=said_by, limit=limit)
    rows: list[SegmentRow] = []
    for episode in episodes[: None if by_them else PER_EPISODE_SEARCHES]:
        span = catalog.segment_range(episode.rowid)
        if span is not None and len(rows) < limit:
            rows += await store.matching_segments(match, speakers=said_by, within=span, limit=limit - len(rows))
    return rows


def rank_passages(
    rows: Sequence[SegmentRow],
    concepts: Sequence[Concept],
    weights: Sequence[float],
    close: Mapping[int, float] | None = None,
) -> list[SegmentRow]:
    """The passages holding the weightiest part of the topic first, and among those holding as much, the closest in
    meaning to the question (`close`, by id) or else the ones with more mentions and words; a passage holding only
    a small part of what the best ones hold is left out."""
    scored: list[tuple[float, float, int, int, SegmentRow]] = []
    for row in rows:
        words = tokens(row.text)
        counts = [c.occurrences(words) for c in concepts]
        held = sum(w for n, w in zip(counts, weights, strict=True) if n)
        meant = close.get(row.id, 0.0) if close else 0.0
        scored.append((held, meant, min(sum(counts), 3), min(len(words), 30), row))
    best = max((item[0] for item in scored), default=0.0)
    kept = [item for item in scored if item[0] >= best * HELD_SHARE]
    return [item[-1] for item in sorted(kept, key=lambda i: (-i[0], -i[1], -i[2], -i[3], i[-1].id))]


# ---------------------------------------------------------------------------------------------- moments


async def answer_mentions(
    store: Store, catalog: Catalog, question: Question, speakers: list[str] | None, about: Topic
) -> QuestionAnswer:
    """Every moment the topic came up (by these speakers, in these shows), grouped by episode, with the count. The
    topic proper is its weightiest concepts: "josh mentions claude a LOT" counts claude, not "lot"."""
    said = [(w, c) for w, c in zip(about.weights, about.concepts, strict=True) if c.said]
    if not speakers and said and (described := await _only_described(store, catalog, about, [c for _w, c in said])):
        # "which ep mentioned pgbackrest losing its maintainer": only a description says pgbackrest, and moments
        # of "maintainer" would answer something else (the episodes naming it are answered instead)
        return QuestionAnswer(question.text, question.intent, [_no_moment_text(described.typed, None, [])])
    if said:  # moments are in what was said: a word only a description holds counts for nothing here
        about = Topic([c for _w, c in said], [w for w, _c in said])
    concepts, rows = [], []
    for part in _cores(about):  # the core's words never all meet: the weightiest of them that do
        # before one word alone, the weightiest words some passage does hold together
        together = await _held_together(store, catalog, question, speakers, about) if len(part) == 1 else None
        concepts = together or part
        if rows := await _moment_rows(store, catalog, question, speakers, all_match(concepts)):
            break
    topic = _topic_label(concepts)
    mentions = {row.id: n for row in rows if (n := _mentions(row, concepts))}
    rows = [row for row in rows if row.id in mentions and _in_shows(catalog, row, question.shows)]
    who = _names_text(question.speakers) if speakers else None
    if len(rows) < FEW_MOMENTS and not question.count:
        # with no moment saying the words and nobody named, only a close one
        floor = MIN_SIMILARITY if rows or speakers else MEANING_ALONE
        close = await _moments_meant(store, catalog, question, speakers, {row.id for row in rows}, floor=floor)
        if close and not rows:
            text = f"{_no_moment_text(topic, who, concepts)}{CLOSE_IN_MEANING}"
            noted = _noted_of_theirs(catalog, speakers, concepts)
            blocks = [*close.blocks, *([NOTED_HEADER, *(line for _e, line in noted)] if noted else [])]
            episodes = [*close.episodes, *(e for e, _line in noted if e not in close.episodes)]
            return QuestionAnswer(question.text, question.intent, paginate(text, blocks), episodes, close.hits)
    else:
        close = None
    if not rows:
        text = _no_moment_text(topic, who, concepts)
        if noted := _noted_of_theirs(catalog, speakers, concepts):
            blocks = [NOTED_HEADER, *(line for _e, line in noted)]
            return QuestionAnswer(question.text, question.intent, paginate(text, blocks), [e for e, _line in noted])
        return QuestionAnswer(question.text, question.intent, [text])
    by_episode: dict[int, list[SegmentRow]] = defaultdict(list)
    for row in rows:
        by_episode[row.episode_rowid].append(row)
    counts = {rowid: sum(mentions[r.id] for r in group) for rowid, group in by_episode.items()}
    order = sorted(by_episode, key=lambda rowid: (-counts[rowid], rowid))
    header = _moments_header(topic, who, sum(counts.values()), len(rows), len(order), concepts=concepts)
    hits_of = {
        rowid: [hit_from_row(row, catalog.by_rowid[rowid].ref, at=first_position(row.text, concepts)) for row in rows]
        for rowid, rows in ((rowid, by_episode[rowid]) for rowid in order)
    }
    blocks = _moment_blocks(catalog, order, by_episode=by_episode, hits_of=hits_of, counts=counts, concepts=concepts)
    episodes = [catalog.by_rowid[rowid] for rowid in order]
    hits = [hit for rowid in order for hit in hits_of[rowid]]
    if len(rows) < FEW_MOMENTS and not speakers and (noted := _noted_elsewhere(catalog, concepts, set(order))):
        # "llama 3 mentioned anywhere?": one passage says llama; the notes of another episode name it too
        blocks += [NOTED_HEADER, *(_noted_line(episode, concepts) for episode in noted)]
        episodes += noted
    if close:  # a few moments say the words; these others come close in meaning
        blocks += ["**Close in meaning** (other words):", *close.blocks]
        episodes += [e for e in close.episodes if e not in episodes]
        hits += close.hits
    return QuestionAnswer(question.text, question.intent, paginate(header, blocks), episodes, hits)


def _moment_blocks(
    catalog: Catalog,
    order: Sequence[int],
    *,
    by_episode: Mapping[int, list[SegmentRow]],
    hits_of: Mapping[int, list[QuoteHit]],
    counts: Mapping[int, int],
    concepts: Sequence[Concept],
) -> list[str]:
    """Each episode's moments, in `order`, up to about MAX_SHOWN_MOMENTS, then how many more there are."""
    blocks: list[str] = []
    shown = 0
    for position, rowid in enumerate(order):
        if shown >= MAX_SHOWN_MOMENTS:
            left = order[position:]
            blocks.append(
                f"…and {sum(len(by_episode[r]) for r in left)} more passages in {len(left)} more episodes."
                " Name a person or show to narrow it down."
            )
            break
        group = by_episode[rowid]
        blocks.append(_episode_moments(catalog.by_rowid[rowid], group, hits_of[rowid], counts[rowid], concepts))
        shown += min(len(group), MOMENTS_PER_EPISODE_SHOWN)
    return blocks


def _noted_elsewhere(catalog: Catalog, concepts: Sequence[Concept], shown: set[int]) -> list[EpisodeInfo]:
    """The episodes, besides those shown, whose own fields name every concept (word for word), fewest first."""
    rowids = sorted(_naming_every(catalog, concepts) - shown)
    return [catalog.by_rowid[rowid] for rowid in rowids[:NOTED_SHOWN]]


def _noted_of_theirs(
    catalog: Catalog, speakers: list[str] | None, concepts: Sequence[Concept]
) -> list[tuple[EpisodeInfo, str]]:
    """When these people never say it: their episodes whose own fields name it, each with the line naming it ("was
    it the modal guy who got asked why sweden has the best counter strike players": a chapter of his episode)."""
    if not speakers or not concepts:
        return []
    theirs = {episode.rowid for episode in catalog.with_people(speakers)}
    noted = [e for e in _noted_elsewhere(catalog, concepts, set()) if e.rowid in theirs]
    return [(episode, _noted_line(episode, concepts)) for episode in noted]


def _noted_line(episode: EpisodeInfo, concepts: Sequence[Concept]) -> str:
    sentence = description_sentence(episode, concepts)
    if not sentence:
        return f"• {episode_label(episode)}"
    return f"• {episode_label(episode)}: “{safe(_cut_around(sentence, concepts))}”"


@dataclass(slots=True)
class _Close:
    """Passages close in meaning to a question, as an answer shows them."""

    blocks: list[str]
    episodes: list[EpisodeInfo]
    hits: list[QuoteHit]


async def _moments_meant(
    store: Store,
    catalog: Catalog,
    question: Question,
    speakers: list[str] | None,
    shown: set[int],
    *,
    floor: float = MIN_SIMILARITY,
) -> _Close | None:
    """Up to CLOSE_MOMENTS passages at least `floor` close in meaning (by these speakers) that do not say the
    words."""
    ranges = None
    if speakers:
        ranges = [span for e in catalog.speaking(speakers) if (span := catalog.segment_range(e.rowid)) is not None]
    found = [
        (match, row)
        for match, row in await passages_meant(store, catalog, question, within=ranges)
        if row.id not in shown and (not speakers or row.speaker in speakers) and match.similarity >= floor
    ][:CLOSE_MOMENTS]
    if not found:
        return None
    hits = [meaning_hit(catalog, match, row) for match, row in found]
    blocks = [f"• {quote_line(hit, show_episode=True)}" for hit in hits]
    episodes = list({row.episode_rowid: catalog.by_rowid[row.episode_rowid] for _match, row in found}.values())
    return _Close(blocks, episodes, hits)


CORE_SHARE = 0.6  # a concept at least this weighty against the weightiest one is part of the topic proper


MAX_CORE_TRIES = 12  # searches for the weightiest part of a topic whose words never all meet
FEW_NAMING = 3  # a word only descriptions hold is their own when at most this many episodes' fields hold it,
FEW_NAMING_SHARE = 0.01  # or this share of the library's
OWN_WORD_SPECIFICITY = 1.0  # and that English rarely uses (see `topics.specificity`)
REST_CORE_TRIES = MAX_CORE_TRIES  # and for the weightiest parts of what is left of it


def _cores(about: Topic) -> list[list[Concept]]:
    """The topic proper, then its parts of two or more concepts, weightiest first, then its weightiest concept
    alone: "the robot cat at the hot pot place" is "robot pot" where nothing says all of robot, cat and pot. Then
    the same of the rest of the topic: in "railway burning 500k/mo free tier era", "500k mo" may be said nowhere
    and "free tier era" still is."""
    proper = core_concepts(about.concepts, about.weights)
    core = [(w, c) for w, c in zip(about.weights, about.concepts, strict=True) if c in proper]
    rest = [(w, c) for w, c in zip(about.weights, about.concepts, strict=True) if c not in proper]
    then = (
        [part for part in _cores(Topic([c for _w, c in rest], [w for w, _c in rest])) if len(part) > 1] if rest else []
    )
    then = then[:REST_CORE_TRIES]  # of two words or more: one everyday word alone ("movie") is no moment
    if len(core) < 2:
        return [[c for _w, c in core], *then]
    parts = [p for size in range(len(core) - 1, 1, -1) for p in itertools.combinations(core, size)]
    parts.sort(key=lambda part: -sum(w for w, _c in part))
    alone = max(core, key=lambda pair: pair[0])
    return [[c for _w, c in part] for part in [core, *parts[: MAX_CORE_TRIES - 2], [alone]]] + then


def core_concepts(concepts: Sequence[Concept], weights: Sequence[float]) -> list[Concept]:
    """The concepts that carry a topic: the weightiest, and those nearly as weighty."""
    if not concepts:
        return []
    top = max(weights)
    return [c for c, w in zip(concepts, weights, strict=True) if w >= CORE_SHARE * top]


async def _held_together(
    store: Store, catalog: Catalog, question: Question, speakers: list[str] | None, about: Topic
) -> list[Concept] | None:
    """The weightiest two or more of the topic proper's concepts that one passage holds together, read off the
    passages holding any of them ("robot", "cat" and "pot" of "a robot cat delivering food at a hot pot
    restaurant", which no passage says all of)."""
    core = core_concepts(about.concepts, about.weights)
    if len(core) < 3:  # two never met, or they would have been found together
        return None
    weight = {c: w for c, w in zip(about.concepts, about.weights, strict=True) if c in core}
    best: tuple[float, list[Concept]] = (0.0, [])
    for row in await _moment_rows(store, catalog, question, speakers, any_match(core)):
        words = tokens(row.text)
        held = [c for c in core if c.occurrences(words)]
        if len(held) > 1 and (total := sum(weight[c] for c in held)) > best[0]:
            best = (total, held)
    return best[1] or None


async def _moment_rows(
    store: Store, catalog: Catalog, question: Question, speakers: list[str] | None, match: str
) -> list[SegmentRow]:
    """The segments matching, said by these speakers (when given), in the episode the question is limited to."""
    scope = catalog.by_id.get(question.episode_scope) if question.episode_scope else None
    if scope is None:
        if speakers:
            return await spoken_by(store, catalog, match, speakers)
        return await store.matching_segments(match, limit=MAX_MOMENTS)
    span = catalog.segment_range(scope.rowid)
    if span is None:
        return []
    return await store.matching_segments(match, speakers=speakers, within=span, limit=MAX_MOMENTS)


def _in_fields(catalog: Catalog, concept: Concept, others: Sequence[Concept]) -> bool:
    """Whether the titles, chapters or descriptions of a few episodes hold one of the concept's forms, a word of
    their own ("pgbackrest"), or an everyday one beside another word of the topic ("the clerk outage"); not an
    amount ("500k"), an everyday word alone ("min" of "70 min") or one many use."""
    if not concept.typed.isalpha():
        return False
    naming = _episodes_naming(catalog, concept)
    if not 0 < len(naming) <= max(FEW_NAMING, len(catalog.episodes) * FEW_NAMING_SHARE):
        return False
    if specificity(concept.typed) >= OWN_WORD_SPECIFICITY:
        return True
    return any(naming & _episodes_naming(catalog, other) for other in others)


def _episodes_naming(catalog: Catalog, concept: Concept) -> set[int]:
    """The rowids of the episodes whose title, chapters or description hold one of the concept's forms."""
    return {rowid for form in concept.forms for rowid in catalog.fields_naming(form.split()[0])}


def _in_shows(catalog: Catalog, row: SegmentRow, shows: Sequence[str]) -> bool:
    episode = catalog.by_rowid.get(row.episode_rowid)
    if episode is None:
        return False
    return not shows or (catalog.show_of(episode) or "").casefold() in {s.casefold() for s in shows}


def _mentions(row: SegmentRow, concepts: Sequence[Concept]) -> int:
    """Mentions in a passage: how often its rarest concept (the topic proper) occurs; 0 when a concept is missing
    (the index matched the words, but a phrase's words are not together)."""
    words = tokens(row.text)
    return min(c.occurrences(words) for c in concepts)


def _moments_header(
    topic: str, who: str | None, total: int, passages: int, episodes: int, *, concepts: Sequence[Concept]
) -> str:
    times = f"{total} time{'s' if total != 1 else ''}"
    where = f"{episodes} episode{'s' if episodes != 1 else ''}"
    subject = f"{who} said **{safe(topic)}**" if who else f"**{safe(topic)}** came up"
    passages_note = f" (in {passages} passages)" if passages != total else ""
    return f"{subject} {times}{passages_note} in {where}{_correction_note(concepts)}:"


def _episode_moments(
    episode: EpisodeInfo, rows: Sequence[SegmentRow], hits: Sequence[QuoteHit], count: int, concepts: Sequence[Concept]
) -> str:
    lines = [f"{episode_label(episode)} — {count} time{'s' if count != 1 else ''}"]
    if hits[0].speaker:
        lines.append(f"First brought up by **{safe(hits[0].speaker)}** at {stamp_link(hits[0]) or 'an unknown time'}.")
    shown = zip(rows[:MOMENTS_PER_EPISODE_SHOWN], hits, strict=False)
    lines.extend(f"• {_moment_line(row, hit, concepts)}" for row, hit in shown)
    if len(rows) > MOMENTS_PER_EPISODE_SHOWN:
        lines.append(f"• …and {len(rows) - MOMENTS_PER_EPISODE_SHOWN} more moments in this episode.")
    return "\n".join(lines)


def _moment_line(row: SegmentRow, hit: QuoteHit, concepts: Sequence[Concept]) -> str:
    position = first_position(row.text, concepts)
    who = f"**{safe(hit.speaker)}**: " if hit.speaker else ""
    return f"{stamp_link(hit)} {who}“{safe(snippet_around(row.text, position, 160))}”".strip()


def first_position(text: str, concepts: Sequence[Concept]) -> int:
    """Where in the text the first form of any concept starts, as a whole word (0 when none does)."""
    found = [m.start() for c in concepts for form in c.forms if (m := word_pattern(form.split()[0]).search(text))]
    return min(found, default=0)


# ---------------------------------------------------------------------------------------------- a remembered passage


async def answer_passage(
    store: Store,
    catalog: Catalog,
    question: Question,
    *,
    or_else: Callable[[], Awaitable[QuestionAnswer | None]] | None = None,
) -> QuestionAnswer:
    """ "who said <passage>": the quote search finds the line (joined across segments when it runs across them).
    When no one says it in those words and no description holds it, `or_else` may answer instead (with episodes)."""
    passage = question.passage or ""
    found = await search_quotes(store, passage, limit=3)
    hits = [h for h in found.hits or found.did_you_mean if catalog.episode_of_segment(h.segment_id) is not None]
    words = _line_words(passage)
    described = _described_line(catalog, words)
    if described and max((_line_words_in(words, h.text) for h in hits), default=0) < _line_words_needed(words):
        episode, line = described  # "which ep said it costs like $257 a month to run two ai vps": no talk does
        text = f"No transcript I have says it, but the description of {episode_label(episode)} does: “{safe(line)}”"
        return QuestionAnswer(question.text, question.intent, [text], [episode])
    sure = [h for h in found.hits if not h.by_meaning or h.score >= LINE_MEANT * 100]
    if not sure and or_else is not None and (instead := await or_else()) is not None and instead.episodes:
        return instead  # "rails 8 built-in auth / dhh keynote, which ep was that": what an episode's notes name
    if not hits:
        text = (
            f"I can't find anyone saying “{safe(truncate(passage, 120))}”. Try `/quote` with other words you remember."
        )
        return QuestionAnswer(question.text, question.intent, [text])
    episodes = [catalog.by_rowid[rowid] for rowid in dict.fromkeys(_rowids(hits, catalog))]
    best = hits[0]
    who = f"**{safe(best.speaker)}**" if best.speaker else "Someone (the transcript names no speaker)"
    when = stamp_link(best) or "at an unknown time"
    lead = f"{who} said it, {when}, in {episode_label(catalog.by_rowid[_rowids([best], catalog)[0]])}:"
    if not found.hits:
        lead = "I'm not sure; the closest lines I have:"
    blocks = [f"{i}. {quote_line(hit, limit=400, show_episode=True)}" for i, hit in enumerate(hits, 1)]
    return QuestionAnswer(question.text, question.intent, paginate(lead, blocks), episodes, hits)


def _described_line(catalog: Catalog, words: Sequence[str]) -> tuple[EpisodeInfo, str] | None:
    """The description sentence holding nearly every one of a remembered line's words, and its episode (for a line
    no passage holds so)."""
    needed = _line_words_needed(words)
    if len(words) < needed:
        return None
    rarest = min(words, key=lambda w: len(catalog.fields_naming(w)) or len(catalog.episodes) + 1)
    for rowid in catalog.fields_naming(rarest):
        episode = catalog.by_rowid.get(rowid)
        for line in _field_lines(episode) if episode is not None else []:
            if _line_words_in(words, line) >= needed:
                return episode, truncate(line, POINTING_CHARS)
    return None


def _line_words(passage: str) -> list[str]:
    """A remembered line's words, each once, without stop words."""
    return list(dict.fromkeys(w for w in tokens(passage) if w not in STOPWORDS))


def _line_words_needed(words: Sequence[str]) -> int:
    """How many of a remembered line's words a text must hold to hold the line."""
    return max(DESCRIBED_LINE_WORDS, math.ceil(len(words) * DESCRIBED_LINE_SHARE))


def _line_words_in(words: Sequence[str], text: str) -> int:
    """How many of a remembered line's words the text holds."""
    held = set(tokens(text))
    return sum(1 for w in words if w in held)


def _rowids(hits: Sequence[QuoteHit], catalog: Catalog) -> list[int]:
    return [rowid for hit in hits if (rowid := catalog.episode_of_segment(hit.segment_id)) is not None]


# ---------------------------------------------------------------------------------------------- shared


async def grow_short(store: Store, rows: Sequence[SegmentRow]) -> list[SegmentRow]:
    """Short passages joined with the next piece of the same turn, so a quote reads as a thought."""
    is_short = [len(row.text.split()) < SHORT_WORDS for row in rows]
    if not any(is_short):
        return list(rows)
    grown = iter(
        await with_rest_of_turn(store, [r for r, short in zip(rows, is_short, strict=True) if short], pieces=1)
    )
    return [next(grown) if short else row for row, short in zip(rows, is_short, strict=True)]


async def with_rest_of_turn(
    store: Store, rows: Sequence[SegmentRow], max_chars: int | None = None, *, pieces: int = TURN_PIECES
) -> list[SegmentRow]:
    """Each passage from the start of its sentence (a cue can cut one: "…run the engineering team at Elicit, which
    it turns out was" | "a much better idea.") with up to `pieces` next pieces of the same turn, as long as the whole
    stays within `max_chars` (when given): what someone said about a topic often comes a sentence after the words
    that name it ("I've used Temporal for ten years." ... "I describe it as a jet engine"). A listener's brief aside
    does not end the turn; it is left out, marked by an ellipsis."""
    near = {row.id: range(row.id - 2, row.id + row.span + 2 * pieces) for row in rows}
    found = {r.id: r for r in await store.segments_by_id([i for ids in near.values() for i in ids])}
    grown: list[SegmentRow] = []
    for row in rows:
        turn = _from_sentence_start(row, found, max_chars)
        last = replace(row, id=row.id + row.span - 1)
        for _ in range(pieces):
            step = _next_piece(last, found)
            if step is None:
                break
            joiner, piece = step
            if max_chars is not None and len(turn.text) + len(joiner) + len(piece.text) >= max_chars:
                break
            turn, last = joined(turn, piece, joiner), piece
        grown.append(turn)
    return grown


def _from_sentence_start(row: SegmentRow, found: Mapping[int, SegmentRow], max_chars: int | None) -> SegmentRow:
    """The passage with the piece of its turn before it when that piece ends mid-sentence, even past a listener's
    aside ("…totally unacceptable and it" | Ben: "Oh." | "face of what I think…")."""
    step = _previous_piece(row, found)
    if step is None:
        return row
    joiner, before = step
    mid_sentence = not before.text.rstrip().endswith(_SENTENCE_ENDS) or row.text[:1].islower()
    if not mid_sentence or (max_chars is not None and len(before.text) + len(row.text) >= max_chars):
        return row
    return joined(before, row, joiner)


def _previous_piece(row: SegmentRow, found: Mapping[int, SegmentRow]) -> tuple[str, SegmentRow] | None:
    """The piece of `row`'s turn before it, with what joins them: a space, or an ellipsis past a listener's aside."""
    before = found.get(row.id - 1)
    if before is None:
        return None
    if same_turn(before, row):
        return " ", before
    earlier = found.get(row.id - 2)
    if earlier is not None and _is_aside(before) and same_turn(earlier, replace(row, id=earlier.id + 1)):
        return " … ", earlier
    return None


def _not_repeated(found: Sequence[tuple[int, SegmentRow]]) -> list[tuple[int, SegmentRow]]:
    """The passages less those whose start an earlier one, run on to the rest of its turn, already holds."""
    kept: list[tuple[int, SegmentRow]] = []
    for i, row in found:
        if not any(k.id <= row.id < k.id + k.span for _k, k in kept):
            kept.append((i, row))
    return kept


def _next_piece(last: SegmentRow, found: Mapping[int, SegmentRow]) -> tuple[str, SegmentRow] | None:
    """The next piece of `last`'s turn with what joins it on: a space, or an ellipsis where a listener's aside
    ("Because it works on deterministic workflow history.") is left out."""
    piece = found.get(last.id + 1)
    if piece is None:
        return None
    if same_turn(last, piece):
        return " ", piece
    after = found.get(piece.id + 1)
    if after is not None and _is_aside(piece) and same_turn(replace(last, id=piece.id), after):
        return " … ", after
    return None


def _is_aside(row: SegmentRow) -> bool:
    """A listener's few words, or a question of a very few ("Really?"): the speaker goes on with the same thought
    after them."""
    words = len(row.text.split())
    limit = ASIDE_QUESTION_WORDS if row.text.rstrip().endswith("?") else ASIDE_WORDS
    return row.speaker is not None and words <= limit


def _topic_label(concepts: Sequence[Concept]) -> str:
    return " ".join(c.typed for c in concepts)


def _names_text(names: Sequence[str]) -> str:
    shown = [f"**{safe(n)}**" for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _correction_note(concepts: Sequence[Concept]) -> str:
    fixed = [c for c in concepts if c.corrected_from]
    if not fixed:
        return ""
    return " (reading " + ", ".join(f"“{safe(c.typed)}” as “{safe(c.forms[0])}”" for c in fixed) + ")"


def no_episode_text(topic: str, concepts: Sequence[Concept] = ()) -> str:
    return f"No episode talks about **{safe(topic)}**{_correction_note(concepts)}."


def _no_moment_text(topic: str, who: str | None, concepts: Sequence[Concept]) -> str:
    if who:
        return f"{who} never says **{safe(topic)}** in the episodes I have{_correction_note(concepts)}."
    return f"Nobody says **{safe(topic)}** in the transcripts I have{_correction_note(concepts)}."

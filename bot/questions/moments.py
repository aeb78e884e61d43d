"""Answers found in what was said: which episodes are about a topic, what someone said about it, and every
moment it came up. Each claim is a verbatim segment with its speaker and time, or a sentence of a description."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from bot.links import moment_link
from bot.markdown import safe
from bot.questions.answer import QuestionAnswer
from bot.questions.catalog import Catalog, EpisodeInfo
from bot.questions.pages import episode_label, paginate, quote_line, snippet_around, stamp_link
from bot.questions.parse import Question
from bot.questions.topics import Concept, all_match, any_form, any_match, concept_weights
from bot.results import QuoteHit
from bot.search.engine import same_turn, search_quotes
from bot.search.vocabulary import Vocabulary
from bot.store import SegmentRow, Store
from bot.summaries.summarize import split_sentences
from bot.text import format_timestamp, tokens, truncate

# Segment ids read per concept to rank episodes (a concept in more segments than this is no topic of its own).
TOPIC_SEGMENT_CAP = 4000
MAX_TOPIC_EPISODES = 10
MAX_SPEAKER_QUOTES = 10
MAX_MOMENTS = 2000
MOMENTS_PER_EPISODE_SHOWN = 25
SHORT_WORDS = 12  # a hit this short is shown with the rest of its turn's next piece

# How strongly a field naming a topic word counts, against 1 + log(1 + segments saying it).
FIELD_WEIGHTS = {"title": 4.0, "chapters": 2.5, "description": 2.0}
COVERAGE_SLACK = 0.25


@dataclass(slots=True)
class _EpisodeEvidence:
    """What an episode holds of a topic: a score, which concepts, in which segments and fields."""

    episode: EpisodeInfo
    score: float = 0.0
    concepts: set[int] = field(default_factory=set)
    segments: dict[int, set[int]] = field(default_factory=dict)  # segment id -> concepts it holds
    fields: dict[int, str] = field(default_factory=dict)  # concept -> the best field naming it


# ---------------------------------------------------------------------------------------------- topic


async def answer_topic(
    store: Store, catalog: Catalog, vocabulary: Vocabulary, question: Question, concepts: list[Concept]
) -> QuestionAnswer:
    """Episodes about the topic, best first, each with its best evidence."""
    weights = concept_weights(concepts, vocabulary.df, max(vocabulary.total_segments, 1))
    evidence = await _gather(store, catalog, concepts, weights)
    ranked = _ranked(evidence, weights)
    topic = _topic_label(concepts)
    if not ranked:
        return QuestionAnswer(question.text, question.intent, [no_episode_text(topic, concepts)])
    top = ranked[:MAX_TOPIC_EPISODES]
    quotes = await _best_quotes(store, top, concepts)
    blocks = [_topic_block(i, e, quotes.get(e.episode.rowid), concepts) for i, e in enumerate(top, 1)]
    more = f"\n…and {len(ranked) - len(top)} more episodes." if len(ranked) > len(top) else ""
    header = f"Episodes about **{safe(topic)}**{_correction_note(concepts)}:"
    pages = paginate(header, [*blocks, more] if more else blocks)
    hits = [quotes[e.episode.rowid] for e in top if e.episode.rowid in quotes]
    return QuestionAnswer(question.text, question.intent, pages, [e.episode for e in top], hits)


async def _gather(
    store: Store, catalog: Catalog, concepts: Sequence[Concept], weights: Sequence[float]
) -> dict[int, _EpisodeEvidence]:
    """Each episode's evidence per concept: the segments saying it, and the best field naming it."""
    found: dict[int, _EpisodeEvidence] = {}
    for index, concept in enumerate(concepts):
        per_episode: Counter[int] = Counter()
        for segment_id in await _segments_saying(store, concept):
            rowid = catalog.episode_of_segment(segment_id)
            if rowid is None or rowid not in catalog.by_rowid:
                continue
            per_episode[rowid] += 1
            item = found.setdefault(rowid, _EpisodeEvidence(catalog.by_rowid[rowid]))
            item.segments.setdefault(segment_id, set()).add(index)
        for episode in catalog.episodes:
            field_name = _field_naming(catalog, episode, concept)
            said = per_episode.get(episode.rowid, 0)
            if field_name is None and not said:
                continue
            item = found.setdefault(episode.rowid, _EpisodeEvidence(episode))
            strength = max(1.0 + math.log1p(said) if said else 0.0, FIELD_WEIGHTS[field_name] if field_name else 0.0)
            item.score += weights[index] * strength
            item.concepts.add(index)
            if field_name:
                item.fields[index] = field_name
    return found


async def _segments_saying(store: Store, concept: Concept) -> list[int]:
    """Ids of segments holding the concept: any of its words, or any of its phrases word for word."""
    ids: list[int] = []
    if concept.words:
        ids.extend(await store.matching_segment_ids(any_form(concept.words), TOPIC_SEGMENT_CAP))
    for phrase in concept.phrases:
        rows = await store.matching_segments(any_form([phrase]), limit=TOPIC_SEGMENT_CAP)
        ids.extend(row.id for row in rows if concept.occurrences(tokens(row.text)))
    return sorted(set(ids))


def _field_naming(catalog: Catalog, episode: EpisodeInfo, concept: Concept) -> str | None:
    for name, words, word_set in catalog.fields.get(episode.rowid, ()):
        if concept.found_in(words, word_set):
            return name
    return None


def _ranked(evidence: dict[int, _EpisodeEvidence], weights: Sequence[float]) -> list[_EpisodeEvidence]:
    """Episodes by how much of the topic they hold (rare words count most) and how strongly; an episode holding
    clearly less of it than the best one is left out."""
    if not evidence:
        return []
    total = sum(weights) or 1.0

    def coverage(item: _EpisodeEvidence) -> float:
        return sum(weights[i] for i in item.concepts) / total

    best = max(coverage(item) for item in evidence.values())
    kept = [item for item in evidence.values() if coverage(item) >= best - COVERAGE_SLACK]
    return sorted(kept, key=lambda item: (-item.score * coverage(item) ** 2, item.episode.rowid))


async def _best_quotes(
    store: Store, ranked: Sequence[_EpisodeEvidence], concepts: Sequence[Concept]
) -> dict[int, QuoteHit]:
    """Per episode, the segment holding the most concepts (then the most mentions), grown when it is short."""
    wanted: list[int] = []
    for item in ranked:
        if item.segments:
            most = max(len(c) for c in item.segments.values())
            wanted.extend([sid for sid, c in item.segments.items() if len(c) == most][:8])
    rows = await store.segments_by_id(wanted)
    best: dict[int, tuple[tuple[int, int, int], SegmentRow]] = {}
    for row in rows:
        words = tokens(row.text)
        counts = [c.occurrences(words) for c in concepts]
        key = (sum(1 for n in counts if n), sum(counts), min(len(words), 40))
        if row.episode_rowid not in best or key > best[row.episode_rowid][0]:
            best[row.episode_rowid] = (key, row)
    grown = await grow_short(store, [row for _key, row in best.values()])
    episodes = {item.episode.rowid: item.episode for item in ranked}
    return {row.episode_rowid: quote_hit(row, episodes[row.episode_rowid], 0.0) for row in grown}


def _topic_block(position: int, item: _EpisodeEvidence, hit: QuoteHit | None, concepts: Sequence[Concept]) -> str:
    line = f"{position}. {episode_label(item.episode)}"
    if hit is not None:
        return f"{line}\n   {quote_line(hit)}"
    sentence = description_sentence(item.episode, concepts)
    if sentence:
        source = "title" if sentence == item.episode.ref.title else "from the description"
        shown = snippet_around(sentence, first_position(sentence, concepts), 240)
        return f"{line}\n   _{source}:_ “{safe(shown)}”"
    return line


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
    store: Store, catalog: Catalog, question: Question, speakers: list[str], concepts: list[Concept]
) -> QuestionAnswer:
    """What these people said about the topic: their passages, best first."""
    who = _names_text(question.speakers)
    topic = _topic_label(concepts)
    rows = await _speaker_rows(store, catalog, speakers, concepts)
    if not rows:
        others = await store.matching_segments(all_match(concepts), limit=200)
        text = f"I found nothing {who} said about **{safe(topic)}**{_correction_note(concepts)}."
        if others:
            text += (
                f" It does come up {len(others)} time{'s' if len(others) != 1 else ''} with other speakers: ask"
                f" “when did they mention {safe(topic)}”."
            )
        elif not catalog.with_people(question.speakers) or not any(
            e.segment_count for e in catalog.with_people(question.speakers)
        ):
            text += f" I have no transcript where {who} speaks."
        return QuestionAnswer(question.text, question.intent, [text])
    ranked = _rank_passages(rows, concepts)[:MAX_SPEAKER_QUOTES]
    found = [(row, catalog.by_rowid[row.episode_rowid]) for row in await grow_short(store, ranked)]
    hits = [quote_hit(row, episode, 0.0) for row, episode in found]
    header = f"What {who} said about **{safe(topic)}**{_correction_note(concepts)}:"
    blocks = [
        f"{i}. {quote_line(hit, limit=400)}\n   — {episode_label(episode)}"
        for i, (hit, (_row, episode)) in enumerate(zip(hits, found, strict=True), 1)
    ]
    episodes = list({episode.rowid: episode for _row, episode in found}.values())
    return QuestionAnswer(question.text, question.intent, paginate(header, blocks), episodes, hits)


async def _speaker_rows(
    store: Store, catalog: Catalog, speakers: list[str], concepts: list[Concept]
) -> list[SegmentRow]:
    rows = await store.matching_segments(all_match(concepts), speakers=speakers, limit=MAX_MOMENTS)
    if not rows and len(concepts) > 1:
        rows = await store.matching_segments(any_match(concepts), speakers=speakers, limit=MAX_MOMENTS)
    return [row for row in rows if row.episode_rowid in catalog.by_rowid]


def _rank_passages(rows: Sequence[SegmentRow], concepts: Sequence[Concept]) -> list[SegmentRow]:
    """Most concepts first, then most mentions, then passages long enough to say something."""

    def key(row: SegmentRow) -> tuple[int, int, int, int]:
        words = tokens(row.text)
        counts = [c.occurrences(words) for c in concepts]
        return (-sum(1 for n in counts if n), -min(sum(counts), 3), -min(len(words), 30), row.id)

    return sorted(rows, key=key)


# ---------------------------------------------------------------------------------------------- moments


async def answer_mentions(
    store: Store, catalog: Catalog, question: Question, speakers: list[str] | None, concepts: list[Concept]
) -> QuestionAnswer:
    """Every moment the topic came up (by these speakers, in these shows), grouped by episode, with the count."""
    topic = _topic_label(concepts)
    rows = await store.matching_segments(all_match(concepts), speakers=speakers or None, limit=MAX_MOMENTS)
    rows = [r for r in rows if _holds_all(r, concepts)]
    if question.shows:
        shows = {s.casefold() for s in question.shows}
        rows = [
            r
            for r in rows
            if (
                catalog.by_rowid.get(r.episode_rowid)
                and (catalog.by_rowid[r.episode_rowid].ref.show or "").casefold() in shows
            )
        ]
    who = _names_text(question.speakers) if speakers else None
    if not rows:
        return QuestionAnswer(question.text, question.intent, [_no_moment_text(topic, who, concepts)])
    by_episode: dict[int, list[SegmentRow]] = defaultdict(list)
    for row in rows:
        if row.episode_rowid in catalog.by_rowid:
            by_episode[row.episode_rowid].append(row)
    counts = {rowid: sum(_mentions(r, concepts) for r in group) for rowid, group in by_episode.items()}
    order = sorted(by_episode, key=lambda rowid: (-counts[rowid], rowid))
    total = sum(counts.values())
    header = _moments_header(topic, who, total, len(rows), len(order), concepts=concepts)
    blocks: list[str] = []
    hits: list[QuoteHit] = []
    for rowid in order:
        episode = catalog.by_rowid[rowid]
        group = by_episode[rowid]
        episode_hits = [quote_hit(r, episode, 0.0) for r in group]
        hits.extend(episode_hits)
        blocks.append(_episode_moments(episode, group, episode_hits, counts[rowid], concepts))
    episodes = [catalog.by_rowid[rowid] for rowid in order]
    return QuestionAnswer(question.text, question.intent, paginate(header, blocks), episodes, hits)


def _holds_all(row: SegmentRow, concepts: Sequence[Concept]) -> bool:
    words = tokens(row.text)
    return all(c.occurrences(words) for c in concepts)


def _mentions(row: SegmentRow, concepts: Sequence[Concept]) -> int:
    """Mentions in a passage: how often its rarest concept (the topic proper) occurs."""
    words = tokens(row.text)
    return max(1, min(c.occurrences(words) for c in concepts))


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
    first = hits[0]
    if first.speaker:
        lines.append(f"First brought up by **{safe(first.speaker)}** at {stamp_link(first) or 'an unknown time'}.")
    for row, hit in list(zip(rows, hits, strict=True))[:MOMENTS_PER_EPISODE_SHOWN]:
        lines.append(f"• {_moment_line(row, hit, concepts)}")
    if len(rows) > MOMENTS_PER_EPISODE_SHOWN:
        lines.append(f"• …and {len(rows) - MOMENTS_PER_EPISODE_SHOWN} more moments in this episode.")
    return "\n".join(lines)


def _moment_line(row: SegmentRow, hit: QuoteHit, concepts: Sequence[Concept]) -> str:
    position = first_position(row.text, concepts)
    who = f"**{safe(hit.speaker)}**: " if hit.speaker else ""
    return f"{stamp_link(hit)} {who}“{safe(snippet_around(row.text, position, 160))}”".strip()


def first_position(text: str, concepts: Sequence[Concept]) -> int:
    lowered = text.casefold()
    positions = [lowered.find(form.split()[0]) for c in concepts for form in c.forms]
    found = [p for p in positions if p >= 0]
    return min(found) if found else 0


# ---------------------------------------------------------------------------------------------- a remembered passage


async def answer_passage(store: Store, catalog: Catalog, question: Question) -> QuestionAnswer:
    """ "who said <passage>": the quote search finds the line (joined across segments when it runs across them)."""
    passage = question.passage or ""
    found = await search_quotes(store, passage, limit=3)
    hits = [h for h in found.hits or found.did_you_mean if catalog.episode_of_segment(h.segment_id) is not None]
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


def _rowids(hits: Sequence[QuoteHit], catalog: Catalog) -> list[int]:
    return [rowid for hit in hits if (rowid := catalog.episode_of_segment(hit.segment_id)) is not None]


# ---------------------------------------------------------------------------------------------- shared


async def grow_short(store: Store, rows: Sequence[SegmentRow]) -> list[SegmentRow]:
    """Short passages joined with the next piece of the same turn, so a quote reads as a thought."""
    short = [row for row in rows if len(row.text.split()) < SHORT_WORDS]
    if not short:
        return list(rows)
    following = {r.id: r for r in await store.segments_by_id([row.id + row.span for row in short])}
    grown: list[SegmentRow] = []
    for row in rows:
        nxt = following.get(row.id + row.span)
        if row in short and nxt is not None and same_turn(replace(row, id=row.id + row.span - 1), nxt):
            grown.append(replace(row, text=f"{row.text} {nxt.text}", span=row.span + nxt.span))
        else:
            grown.append(row)
    return grown


def quote_hit(row: SegmentRow, episode: EpisodeInfo, score: float) -> QuoteHit:
    """A passage as a /quote hit: verbatim, with speaker, time and the link to the moment."""
    return QuoteHit(
        segment_id=row.id,
        text=row.text,
        speaker=row.speaker,
        start_seconds=row.start_seconds,
        timestamp=format_timestamp(row.start_seconds, approximate=row.approximate),
        approximate=row.approximate,
        score=score,
        episode=episode.ref,
        link=moment_link(episode.ref, row.start_seconds),
        span=row.span,
    )


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

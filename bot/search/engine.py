"""Quote search: find the line a member half-remembers, among up to millions of segments, in milliseconds.

1. The query's content words are looked up in the index vocabulary (held in memory); words the index does not
   know are read as typos and corrected to the nearest indexed term.
2. Candidates come from conjunctions of the rarest terms only (what is distinctive in the query): all of them,
   all but one, and pairs, intersected by FTS5 in C. Each segment is voted for by the idf of what it matched.
3. A quick partial_ratio in C screens the best-voted few hundred; the shortlist is scored against the whole
   query (alignment, idf-weighted coverage, words in the member's order), and a confidence cut decides between
   answers and "did you mean".
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from bot.links import moment_link
from bot.meaning import passages_by_meaning
from bot.models import EpisodeRef
from bot.results import QuoteAnswer, QuoteHit
from bot.search.ranking import (
    CONFIDENT_SCORE,
    MATCHES_PER_GROUP,
    MIN_CONTENT_WORDS,
    SCREEN_POOL,
    PreparedQuery,
    QueryTerm,
    candidate_groups,
    fold_passage,
    idf,
    prepare_query,
    quote_offset,
    score_passage,
    screen,
    tie_break,
    vote,
)
from bot.search.vocabulary import vocabulary_of
from bot.store import SegmentRow, Store, StoreError
from bot.text import STOPWORDS, fold, format_timestamp, tokens

log = logging.getLogger(__name__)

_EPISODE_SCAN_LIMIT = 6000
# A passage this close in meaning (cosine x 100 >= ...) to a query the words did not find is offered as a hit.
MEANING_SIMILARITY = 0.40
# Up to this many episodes are scanned without counting their segments first.
_SCAN_EPISODES = 8
_SHOW_MATCH = 85
_TIE_BREAK_DEPTH = 12
# How many of the best hits may grow into a neighbouring segment, and how much better the joined passage must score.
_JOIN_DEPTH = 8
_JOIN_GAIN = 2.0
MAX_EPISODE_WORDS = 8
MAX_EPISODE_MATCHES = 5


async def search_quotes(
    store: Store,
    query: str,
    *,
    limit: int = 5,
    speaker: str | None = None,
    episode: str | None = None,
    show: str | None = None,
) -> QuoteAnswer:
    """Find the segments that best match what a member remembers (optionally only by a speaker, in an episode,
    or in a show's episodes). Never raises on odd input."""
    started = time.perf_counter()
    try:
        episode_filter = EpisodeFilter(episode, show)
        hits, guesses, error = await _search(store, query, limit, speaker, episode_filter)
    except StoreError as exc:
        hits, guesses, error = [], [], str(exc)
    took_ms = (time.perf_counter() - started) * 1000
    return QuoteAnswer(query=query, took_ms=took_ms, hits=hits, did_you_mean=guesses, error=error)


@dataclass(frozen=True, slots=True)
class EpisodeFilter:
    """Which episodes a member limited a search to: one they named, a show's, or both at once."""

    episode: str | None = None
    show: str | None = None

    async def resolve(self, store: Store) -> tuple[list[int] | None, str | None]:
        """The episodes' rowids (None: no limit) or why none match."""
        episodes = await resolve_episode(store, self.episode) if self.episode else None
        if episodes == []:
            return None, f"No episode matching {self.episode!r} found."
        if not self.show:
            return episodes, None
        of_show = await resolve_show(store, self.show)
        if not of_show:
            return None, f"No show called {self.show!r} found."
        if episodes is not None:
            of_show = [rowid for rowid in of_show if rowid in set(episodes)]
            if not of_show:
                return None, f"No episode matching {self.episode!r} in {self.show!r}."
        return of_show, None


async def _search(
    store: Store, query: str, limit: int, speaker: str | None, episode_filter: EpisodeFilter
) -> tuple[list[QuoteHit], list[QuoteHit], str | None]:
    prepared = prepare_query(query)
    if not prepared.words:
        return [], [], "Type a few of the words you remember (more than common words like 'the')."
    speakers = await resolve_speaker(store, speaker) if speaker else None
    if speakers == []:
        return [], [], f"No speaker called {speaker!r} found."
    episodes, problem = await episode_filter.resolve(store)
    if problem:
        return [], [], problem
    if episodes and not any((await store.segment_counts(episodes)).values()):
        return [], [], "That episode has no transcript to quote from; ask for its summary instead."
    terms = await _query_terms(store, prepared)
    rows = await _candidates(store, terms, speakers, episodes)
    ranked = await join_passages(store, prepared, terms, _rank(prepared, terms, rows))
    confident = [(score, row) for score, row in ranked if score >= CONFIDENT_SCORE][:limit]
    if confident:
        return await _hits(store, confident, prepared), [], None
    guesses = await _hits(store, ranked[:3], prepared)
    meant = await hits_by_meaning(store, query, limit, speakers=speakers, episodes=episodes)
    return meant, guesses, None


async def hits_by_meaning(
    store: Store,
    query: str,
    limit: int,
    *,
    speakers: Sequence[str] | None = None,
    episodes: Sequence[int] | None = None,
) -> list[QuoteHit]:
    """Passages close in meaning to what the member wrote (by these speakers, in these episodes), marked as such;
    none when nothing is close enough, or nothing is embedded yet."""
    within = await _ranges_of(store, episodes) if episodes is not None else None
    matches = await passages_by_meaning(store, query, limit=limit * 3, within=within)
    matches = [m for m in matches if m.similarity >= MEANING_SIMILARITY]
    rows = {row.id: row for row in await store.segments_by_id([m.segment_id for m in matches])}
    scored = [
        (match.similarity * 100, rows[match.segment_id])
        for match in matches
        if match.segment_id in rows and (speakers is None or rows[match.segment_id].speaker in speakers)
    ][:limit]
    return [replace(hit, match="meaning") for hit in await _hits(store, scored, None)]


async def _ranges_of(store: Store, episodes: Sequence[int]) -> list[tuple[int, int]]:
    wanted = set(episodes)
    return [(first, first + count - 1) for first, count, rowid in await store.segment_ranges() if rowid in wanted]


async def _query_terms(store: Store, query: PreparedQuery) -> list[QueryTerm]:
    vocabulary = await vocabulary_of(store)
    total = max(vocabulary.total_segments, 1)
    terms: list[QueryTerm] = []
    function_words = list(query.function_words)
    for word in query.words:
        term, df = word, vocabulary.df.get(word, 0)
        corrected = vocabulary.correct(word) if df == 0 and len(word) >= 3 else None
        if corrected is not None and corrected[0] in STOPWORDS:
            function_words.append(corrected[0])  # "kiow" meant "know": a stop word after all
            continue
        if corrected is not None:
            term, df = corrected
        # Words the index lacks stay in the query: they count against every passage's coverage.
        terms.append(QueryTerm(word, term, df, idf(df, total), corrected=corrected is not None))
    missing = MIN_CONTENT_WORDS - sum(1 for t in terms if t.df)
    if missing > 0:
        # "just gone in. I just": too few distinctive words, so the least common of the others help find it.
        helpers = sorted((vocabulary.df.get(w, 0), w) for w in dict.fromkeys(function_words))
        for df, word in [(df, w) for df, w in helpers if df][:missing]:
            terms.append(QueryTerm(word, word, df, idf(df, total)))
    return terms


async def _candidates(
    store: Store, terms: list[QueryTerm], speakers: list[str] | None, episodes: list[int] | None
) -> list[SegmentRow]:
    if episodes is not None and await _few_segments(store, episodes):
        rows = [row for rowid in episodes for row in await store.segments_of_episode(rowid, speakers)]
        if len(rows) <= _EPISODE_SCAN_LIMIT:
            return rows
    groups = candidate_groups(terms)
    if not groups:
        return []
    votes = vote(await store.matches_of_all([[t.term for t in g] for g in groups], MATCHES_PER_GROUP), groups)
    pool = await store.segments_by_id(_top(votes, SCREEN_POOL))
    if speakers is not None or episodes is not None:
        pool = [r for r in pool if _passes(r, speakers, episodes)]
    pool.sort(key=lambda r: -votes[r.id])
    return pool


async def _few_segments(store: Store, episodes: list[int]) -> bool:
    """True when scanning these episodes' segments is cheap (a show can hold thousands of episodes)."""
    if len(episodes) <= _SCAN_EPISODES:
        return True
    return sum((await store.segment_counts(episodes)).values()) <= _EPISODE_SCAN_LIMIT


def _top(votes: Counter[int], n: int) -> list[int]:
    return [segment_id for segment_id, _ in votes.most_common(n)]


def _passes(row: SegmentRow, speakers: list[str] | None, episodes: list[int] | None) -> bool:
    return (speakers is None or row.speaker in speakers) and (episodes is None or row.episode_rowid in episodes)


def _rank(query: PreparedQuery, terms: list[QueryTerm], rows: list[SegmentRow]) -> list[tuple[float, SegmentRow]]:
    folded = [fold_passage(row.text) for row in rows]
    scored = sorted(((score_passage(query, terms, folded[i]), i) for i in screen(query, folded)), reverse=True)
    # Only the top of the list is shown, so only there do ties need breaking (the breaker costs two more ratios).
    head = sorted(scored[:_TIE_BREAK_DEPTH], key=lambda p: (-p[0], -tie_break(query, folded[p[1]]), rows[p[1]].id))
    return [(score, rows[i]) for score, i in head + scored[_TIE_BREAK_DEPTH:]]


async def join_passages(
    store: Store, query: PreparedQuery, terms: list[QueryTerm], ranked: list[tuple[float, SegmentRow]]
) -> list[tuple[float, SegmentRow]]:
    """The best hits grown into their neighbour in the same turn when the remembered words run across both:
    "new possibility for Elicit. And, as Adam was saying" is one passage of two segments, timed at the first."""
    head = ranked[:_JOIN_DEPTH]
    if not head:
        return ranked
    ids = {row.id + step for _score, row in head for step in (-1, 1)}
    neighbours = {row.id: row for row in await store.segments_by_id(sorted(ids))}
    grown = sorted((_grown(query, terms, score, row, neighbours) for score, row in head), key=lambda g: -g[0])
    seen: set[int] = set()
    result: list[tuple[float, SegmentRow]] = []
    for score, row in [*grown, *ranked[_JOIN_DEPTH:]]:
        covered = set(range(row.id, row.id + row.span))
        if covered & seen:
            continue  # the same words, already shown as (part of) a better passage
        seen |= covered
        result.append((score, row))
    return result


def _grown(
    query: PreparedQuery, terms: list[QueryTerm], score: float, row: SegmentRow, neighbours: dict[int, SegmentRow]
) -> tuple[float, SegmentRow]:
    """The hit, or the hit joined with its previous or next segment when that scores clearly better."""
    best = (score, row)
    wanted = set(query.all_words)
    own = set(tokens(row.text))
    before, after = neighbours.get(row.id - 1), neighbours.get(row.id + 1)
    for first, second, other in ((before, row, before), (row, after, after)):
        if first is None or second is None or other is None or not same_turn(first, second):
            continue
        if not (wanted & set(tokens(other.text))) - own:
            continue  # the neighbour holds none of the remembered words this segment lacks
        passage = joined(first, second)
        joined_score = score_passage(query, terms, fold_passage(passage.text))
        if joined_score >= best[0] + _JOIN_GAIN:
            best = (joined_score, passage)
    return best


def joined(first: SegmentRow, second: SegmentRow, joiner: str = " ") -> SegmentRow:
    """Two passages of one turn as one, timed at the first, each cue keeping its start; what lies between them (a
    listener's aside) is left out."""
    at = len(first.text) + len(joiner)
    cues = ((at, second.start_seconds),) if second.start_seconds is not None else ()
    marks = first.marks + cues + tuple((at + offset, seconds) for offset, seconds in second.marks)
    span = second.id + second.span - first.id
    return replace(first, text=f"{first.text}{joiner}{second.text}", span=span, marks=marks)


def same_turn(first: SegmentRow, second: SegmentRow) -> bool:
    """Consecutive segments of one speaker in one episode: pieces of the same turn."""
    return (
        second.id == first.id + 1
        and first.episode_rowid == second.episode_rowid
        and first.speaker is not None
        and first.speaker == second.speaker
    )


async def _hits(store: Store, scored: list[tuple[float, SegmentRow]], query: PreparedQuery | None) -> list[QuoteHit]:
    known = (await vocabulary_of(store)).episodes
    missing = {row.episode_rowid for _, row in scored} - known.keys()
    refs = {**known, **(await store.episode_refs(missing) if missing else {})}
    return [
        hit_from_row(row, refs[row.episode_rowid], score, at=_quote_start(query, row))
        for score, row in scored
        if row.episode_rowid in refs
    ]


def _quote_start(query: PreparedQuery | None, row: SegmentRow) -> int:
    """Where in the passage the remembered words begin (its start for a passage found by meaning)."""
    return quote_offset(query, row.text) if query is not None and row.marks else 0


def hit_from_row(row: SegmentRow, ref: EpisodeRef, score: float = 0.0, *, at: int = 0) -> QuoteHit:
    """A passage as a /quote hit: verbatim, with speaker, its episode, and the time (and link to the moment) of
    the cue holding the character at `at`, where the quoted words begin."""
    start = row.start_at(at)
    return QuoteHit(
        segment_id=row.id,
        text=row.text,
        speaker=row.speaker,
        start_seconds=start,
        timestamp=format_timestamp(start, approximate=row.approximate),
        approximate=row.approximate,
        score=score,
        episode=ref,
        link=moment_link(ref, start),
        span=row.span,
    )


async def resolve_speaker(store: Store, name: str) -> list[str]:
    """Display names of the person a member means by `name` (any name they go by, typos tolerated)."""
    wanted = fold(name).strip()
    if not wanted:
        return []
    matches: list[str] = []
    for person in await store.all_speakers():
        names = [fold(n) for n in (person.name, *person.aliases)]
        if any(n == wanted or wanted in n.split() or fuzz.ratio(n, wanted) >= 85 for n in names):
            matches.append(person.name)
    return await store.speaker_variants(matches) if matches else []


async def resolve_show(store: Store, name: str) -> list[int]:
    """Rowids of the episodes of the show a member means by `name`: its exact name in any case, else the
    closest show name (typos tolerated), else none."""
    if not name.strip():
        return []
    exact = await store.episodes_of_show(name.strip())
    if exact:
        return exact
    shows = await store.show_names("", limit=500)
    best = process.extractOne(fold(name), {show: fold(show) for show in shows}, scorer=fuzz.WRatio)
    if best is None or best[1] < _SHOW_MATCH:
        return []
    return await store.episodes_of_show(best[2])


async def resolve_episode(store: Store, text: str) -> list[int]:
    """Episode rowids for an episode id, the best fuzzy matches of a title or show, or else the episodes whose
    title, show, description, speakers or chapters hold all the words given."""
    episodes = (await vocabulary_of(store)).episodes
    exact = [rowid for rowid, ref in episodes.items() if ref.id == text.strip()]
    if exact:
        return exact
    choices = {rowid: f"{ref.show or ''} {ref.title}" for rowid, ref in episodes.items()}
    found = process.extract(text, choices, scorer=fuzz.WRatio, processor=fold, limit=5, score_cutoff=80)
    if found:
        best = found[0][1]
        return [key for _, score, key in found if score >= best - 2]
    words = tokens(text)[:MAX_EPISODE_WORDS]
    if not words:
        return []
    match = " AND ".join('"' + word + '"' for word in words)
    return [rowid for rowid, _rank in await store.search_episodes_fts(match, limit=MAX_EPISODE_MATCHES)]

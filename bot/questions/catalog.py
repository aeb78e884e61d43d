"""What questions need to know of every episode, held in memory per corpus version.

Episodes with their speakers (and how much each said), the people a feed names with their roles, the shows, and
which episode a segment id belongs to (an episode's segments are a contiguous id range). A library of a thousand
episodes loads in milliseconds; it is rebuilt only when a reload changes the corpus.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import re
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.chapters import listed_times
from bot.links import moment_link
from bot.models import EpisodeRef, Person
from bot.questions.names import Names, name_forms, people_named_in
from bot.questions.topics import acronyms_in
from bot.search.vocabulary import vocabulary_of
from bot.store import EpisodeRow, SpeakerRow, Store
from bot.text import fold, tokens


@dataclass(frozen=True, slots=True)
class EpisodeInfo:
    """An episode as answers describe it."""

    rowid: int
    ref: EpisodeRef
    description: str
    duration_seconds: float | None
    speakers: tuple[SpeakerRow, ...]  # most talk first
    people: tuple[Person, ...]
    segment_count: int
    timed: bool
    chapters: tuple[str, ...] = ()
    named: tuple[str, ...] = ()  # people the title or description introduces (guests, hosts), by name
    chapter_starts: tuple[float, ...] = ()
    note_times: tuple[float, ...] = ()  # a description's timed notes when they are no chapter list

    @property
    def people_names(self) -> list[str]:
        """Everyone the episode has: its speakers, the feed's people and the people its description names."""
        return list(dict.fromkeys([*self.speaker_names, *(p.name for p in self.people), *self.named]))

    @property
    def speaker_names(self) -> list[str]:
        return [s.name for s in self.speakers]

    @property
    def words_spoken(self) -> int:
        return sum(s.words for s in self.speakers)

    def as_dict(self) -> dict[str, Any]:
        """The episode reference of the `ask` JSON contract."""
        return {
            "id": self.ref.id,
            "title": self.ref.title,
            "show": self.ref.show,
            "source": self.ref.source.as_dict(),
            "duration_seconds": self.duration_seconds,
            "speakers": self.speaker_names,
            "published": self.ref.published,
            "link": moment_link(self.ref, None),
            "people": [p.as_dict() for p in self.people],
        }


@dataclass(slots=True)
class Catalog:
    version: str
    episodes: list[EpisodeInfo]  # newest first where dated, then in source order
    by_rowid: dict[int, EpisodeInfo] = field(default_factory=dict)
    by_id: dict[str, EpisodeInfo] = field(default_factory=dict)
    names: Names = field(default_factory=lambda: Names({}, []), repr=False)
    field_terms: frozenset[str] = frozenset()  # every word of the episodes' titles, shows, descriptions, chapters
    fields: dict[int, list[tuple[str, list[str], frozenset[str]]]] = field(default_factory=dict)
    field_index: dict[str, dict[int, str]] = field(default_factory=dict)  # word -> episode rowid -> best field
    acronyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # spelt out by the episodes' own texts
    _starts: list[int] = field(default_factory=list)
    _range_rowids: list[int] = field(default_factory=list)
    _range_ends: list[int] = field(default_factory=list)
    _start_array: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    _end_array: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    _ranges_by_rowid: dict[int, tuple[int, int]] = field(default_factory=dict)
    _with_person: dict[str, list[int]] = field(default_factory=dict)  # folded name -> positions in `episodes`
    _speaking: dict[str, list[int]] = field(default_factory=dict)
    _shows: dict[int, str] = field(default_factory=dict)  # rowid -> its show, as the source says or as inferred
    _described_shows: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for position, episode in enumerate(self.episodes):
            for name in episode.people_names:
                self._with_person.setdefault(fold(name), []).append(position)
            for name in dict.fromkeys(episode.speaker_names):
                self._speaking.setdefault(fold(name), []).append(position)
        self.by_rowid = {e.rowid: e for e in self.episodes}
        self.by_id = {e.ref.id: e for e in self.episodes}
        self.fields = {e.rowid: _field_words(e) for e in self.episodes}
        for rowid, fields in self.fields.items():
            for name, _words, word_set in reversed(fields):  # the best field is written last
                for word in word_set:
                    self.field_index.setdefault(word, {})[rowid] = name
        self.field_terms = frozenset(self.field_index)
        self._described_shows = _shows_in_footers(self.episodes)
        self._shows = {**_shows_by_hosts(self.episodes), **self._described_shows}
        for episode in self.episodes:
            text = f"{episode.ref.title}. {' '.join(episode.chapters)}. {episode.description}"
            self.acronyms.update(acronyms_in(text))

    def name_index(self, word_counts: Mapping[str, int]) -> Names:
        """The people and shows a question may name, with how common each word is."""
        shows = sorted({e.ref.show for e in self.episodes if e.ref.show})
        known = {fold(n) for e in self.episodes for n in [*e.speaker_names, *(p.name for p in e.people)]}
        show_names = {fold(show) for show in shows}
        people = {d: forms for d, forms in _people_forms(self.episodes).items() if fold(d) not in show_names}
        described_only = [d for d in people if fold(d) not in known]
        pairs = self._name_pairs(people)
        return Names(people, shows, word_counts, described_only, field_words=self.field_terms, name_pairs=pairs)

    def _name_pairs(self, people: Mapping[str, Sequence[str]]) -> frozenset[tuple[str, str]]:
        """Each known first name with the word after it where titles and descriptions introduce people ("adam
        prout" of "Adam Prout—distinguished engineer"), so a surname no one else has is still read as one."""
        firsts = {form.split()[0] for forms in people.values() for form in forms if " " in form}
        return frozenset(
            (first, after)
            for fields in self.fields.values()
            for name, words, _set in fields
            if name != "chapters"
            for first, after in itertools.pairwise(words[:_INTRODUCING_WORDS])
            if first in firsts
        )

    def fields_naming(self, word: str) -> dict[int, str]:
        """Episode rowid -> the best field (title, chapters, description) holding the word."""
        return self.field_index.get(word, {})

    def titled_with_all(self, words: Iterable[str]) -> bool:
        """Whether one episode's title holds every one of the words (any title, for no words)."""
        titled = [{r for r, name in self.fields_naming(w).items() if name == "title"} for w in set(words)]
        return bool(set.intersection(*titled)) if titled else bool(self.episodes)

    def segment_range(self, rowid: int) -> tuple[int, int] | None:
        """The first and last segment ids of an episode (None without a transcript)."""
        return self._ranges_by_rowid.get(rowid)

    def set_ranges(self, ranges: Sequence[tuple[int, int, int]]) -> None:
        self._starts = [first for first, _count, _rowid in ranges]
        self._range_ends = [first + count - 1 for first, count, _rowid in ranges]
        self._range_rowids = [rowid for _first, _count, rowid in ranges]
        self._start_array = np.asarray(self._starts, dtype=np.int64)
        self._end_array = np.asarray(self._range_ends, dtype=np.int64)
        self._ranges_by_rowid = {rowid: (first, first + count - 1) for first, count, rowid in ranges}

    def episode_of_segment(self, segment_id: int) -> int | None:
        """The rowid of the episode holding this segment."""
        index = bisect.bisect_right(self._starts, segment_id) - 1
        if index < 0 or segment_id > self._range_ends[index]:
            return None
        return self._range_rowids[index]

    def by_episode(self, segment_ids: list[int]) -> dict[int, list[int]]:
        """These (sorted) segment ids grouped by the episode holding them, by episode rowid (one vectorised pass:
        a topic's thousands of ids over a large library's thousand episodes)."""
        if not segment_ids or not self._starts:
            return {}
        ids = np.asarray(segment_ids, dtype=np.int64)
        index = np.searchsorted(self._start_array, ids, side="right") - 1
        held = (index >= 0) & (ids <= self._end_array[np.maximum(index, 0)])
        ids, index = ids[held], index[held]
        if not len(ids):
            return {}
        cuts = np.flatnonzero(np.diff(index)) + 1  # ids are sorted, so each episode's run together
        bounds = [0, *cuts.tolist(), len(ids)]
        values, owners = ids.tolist(), index[np.asarray(bounds[:-1])].tolist()
        return {self._range_rowids[o]: values[a:b] for o, a, b in zip(owners, bounds[:-1], bounds[1:], strict=True)}

    def show_of(self, episode: EpisodeInfo) -> str | None:
        """The episode's show: the source's, else the show its description's footer is about, else the show whose
        hosts talk in it (see `_shows_in_footers`, `_shows_by_hosts`)."""
        return self._shows.get(episode.rowid)

    def described_show(self, episode: EpisodeInfo) -> str | None:
        """The show of an episode whose source names none, read from an "About <show>" footer of its description."""
        return self._described_shows.get(episode.rowid)

    def of_show(self, show: str) -> list[EpisodeInfo]:
        wanted = fold(show)
        return [e for e in self.episodes if (found := self.show_of(e)) and fold(found) == wanted]

    def with_people(self, names: Iterable[str]) -> list[EpisodeInfo]:
        """Episodes where any of these people speak, or that the feed or the description name them in."""
        return self._at(self._with_person, names)

    def naming(self, name: str) -> list[EpisodeInfo]:
        """Episodes whose title or description says this full name ("Adam Gross is one of the masters of...")."""
        wanted = fold(name)
        if " " not in wanted:
            return []
        return [e for e in self.episodes if wanted in fold(f"{e.ref.title} {e.description[:_NAMED_CHARS]}")]

    def speaking(self, names: Iterable[str]) -> list[EpisodeInfo]:
        """Episodes where any of these people speak."""
        return self._at(self._speaking, names)

    def _at(self, index: dict[str, list[int]], names: Iterable[str]) -> list[EpisodeInfo]:
        positions = sorted({p for name in names for p in index.get(fold(name), ())})
        return [self.episodes[p] for p in positions]

    def shows(self) -> list[tuple[str, int]]:
        """Every show with its number of episodes, most episodes first."""
        counts = Counter(e.ref.show for e in self.episodes if e.ref.show)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))

    def recurring_speakers(self, show: str) -> Counter[str]:
        """How many of a show's episodes each speaker is in."""
        return Counter(fold(name) for e in self.of_show(show) for name in set(e.speaker_names))


def _shows_by_hosts(episodes: Sequence[EpisodeInfo]) -> dict[int, str]:
    """Each episode's show: the one its source names, else the only show two or more of whose hosts talk in it.
    Directory lines often carry no show, but a transcript where swyx and Alessio talk is a Latent Space episode.
    A show's hosts are the speakers heard in at least two of its episodes and in half of those with speakers."""
    shows = {e.rowid: e.ref.show for e in episodes if e.ref.show}
    heard: dict[str, Counter[str]] = defaultdict(Counter)
    with_speakers: Counter[str] = Counter()
    for episode in episodes:
        if episode.ref.show and episode.speakers:
            with_speakers[episode.ref.show] += 1
            heard[episode.ref.show].update({fold(name) for name in episode.speaker_names})
    hosts = {
        show: {name for name, n in counts.items() if n >= max(_HOST_EPISODES, with_speakers[show] / 2)}
        for show, counts in heard.items()
    }
    for episode in episodes:
        if episode.ref.show or not episode.speakers:
            continue
        talking = {fold(name) for name in episode.speaker_names}
        fits = [show for show, names in hosts.items() if len(names & talking) >= _HOST_EPISODES]
        if len(fits) == 1:
            shows[episode.rowid] = fits[0]
    return shows


def _shows_in_footers(episodes: Sequence[EpisodeInfo]) -> dict[int, str]:
    """Episodes whose source names no show, but whose description ends on "About <a show the library has>"
    ("…Salesforce DevOps for Data CloudAbout DevOps Diaries Salesforce DevOps Advocate Jack McCurdy chats…")."""
    shows = sorted({e.ref.show for e in episodes if e.ref.show}, key=len, reverse=True)
    if not shows:
        return {}
    footer = re.compile(r"About (" + "|".join(map(re.escape, shows)) + r")\b")
    found: dict[int, str] = {}
    for episode in episodes:
        if not episode.ref.show and len(named := {m.group(1) for m in footer.finditer(episode.description)}) == 1:
            found[episode.rowid] = named.pop()
    return found


def _field_words(episode: EpisodeInfo) -> list[tuple[str, list[str], frozenset[str]]]:
    """The episode's fields a topic can be named in, best first, as folded words (a list and a set)."""
    texts = (
        ("title", episode.ref.title),  # not the show's name: "Giant Robots" says nothing of robots
        ("chapters", " ".join(episode.chapters)),
        ("description", episode.description),
    )
    return [(name, words, frozenset(words)) for name, text in texts if (words := tokens(text))]


def _people_forms(episodes: Sequence[EpisodeInfo]) -> dict[str, list[str]]:
    """Each person's display name (their most used spelling) -> every name form a member may use for them."""
    aliases: dict[str, set[str]] = defaultdict(set)
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    for episode in episodes:
        for speaker in episode.speakers:
            key = fold(speaker.name)
            spelling[key][speaker.name] += max(speaker.words, 1)
            aliases[key].update(speaker.aliases)
        for person in episode.people:
            key = fold(person.name)
            spelling[key][person.name] += 1
        for name in episode.named:
            key = fold(name)
            spelling[key][name] += 1
    return {
        spelling[key].most_common(1)[0][0]: name_forms(spelling[key].most_common(1)[0][0], aliases[key])
        for key in spelling
    }


_HOST_EPISODES = 2  # a host is heard in this many of a show's episodes at least; this many hosts make the show

_CATALOGS: weakref.WeakKeyDictionary[Store, Catalog] = weakref.WeakKeyDictionary()
_LOCKS: weakref.WeakKeyDictionary[Store, asyncio.Lock] = weakref.WeakKeyDictionary()


async def catalog_of(store: Store) -> Catalog:
    """The store's catalog, rebuilt only when the corpus version changes."""
    version = await store.corpus_version()
    cached = _CATALOGS.get(store)
    if cached is not None and cached.version == version:
        return cached
    async with _LOCKS.setdefault(store, asyncio.Lock()):
        cached = _CATALOGS.get(store)
        if cached is None or cached.version != version:
            cached = await _load(store, version)
            _CATALOGS[store] = cached
    return cached


async def _load(store: Store, version: str) -> Catalog:
    speakers = await store.speakers_by_episode()
    rows = await store.episodes()
    lower_case = _lower_case_words(f"{row.ref.title} {row.description[:_NAMED_CHARS]}" for row in rows)
    episodes = [_info(row, speakers.get(row.rowid, []), lower_case) for row in rows]
    catalog = Catalog(version, episodes)
    catalog.names = catalog.name_index((await vocabulary_of(store)).df)
    catalog.set_ranges(await store.segment_ranges())
    return catalog


_NAMED_CHARS = 3000
_INTRODUCING_WORDS = 400  # of a title or description, where the people in it are introduced
_COMMON_LOWER = 2
_LOWER_WORD = re.compile(r"(?<![\w.@/-])[a-z][a-z]+\b")


def _lower_case_words(texts: Iterable[str]) -> Counter[str]:
    """How often each word is written in lower case in these texts: a word that often is, is no name."""
    return Counter(word for text in texts for word in _LOWER_WORD.findall(text))


def _info(row: EpisodeRow, speakers: list[SpeakerRow], lower_case: Counter[str]) -> EpisodeInfo:
    text = f"{row.ref.title}. {row.description[:_NAMED_CHARS]}"
    return EpisodeInfo(
        rowid=row.rowid,
        ref=row.ref,
        description=row.description,
        duration_seconds=row.duration_seconds,
        speakers=tuple(speakers),
        people=tuple(row.people),
        segment_count=row.segment_count,
        timed=row.timed,
        chapters=tuple(str(c.get("title", "")) for c in row.chapters),
        named=tuple(people_named_in(text, lambda word: lower_case[word] >= _COMMON_LOWER)),
        chapter_starts=tuple(float(c["start_seconds"]) for c in row.chapters if c.get("start_seconds") is not None),
        note_times=() if row.chapters else tuple(listed_times(row.description)),
    )

"""Answers from the episodes' own fields: who was on, facts of an episode, lists, and summaries."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from bot.markdown import neutralise_mentions, safe
from bot.questions.answer import QuestionAnswer
from bot.questions.catalog import Catalog, EpisodeInfo
from bot.questions.facts import estimated_duration, links_naming, spoken_show, stated_date, stated_number
from bot.questions.names import people_named_in
from bot.questions.pages import duration_text, episode_label, listen_link, paginate, quote_line, snippet_around
from bot.questions.parse import Fact, Intent, ListKind, Question
from bot.questions.topics import Concept, word_pattern
from bot.results import QuoteHit, SummaryAnswer
from bot.store import SegmentRow
from bot.summaries.finder import Decision, EpisodeIndex
from bot.summaries.summarize import split_sentences
from bot.text import fold, format_timestamp, tokens, truncate

_GUEST_CUE = re.compile(
    r"\b(with|featuring|feat\.?|ft\.?|guest|joined by|joins|welcome|welcomes|interview(s|ing)?|sits down with"
    r"|speaks? with|talks? (to|with))\b",
    re.IGNORECASE,
)
_HOST_CUE = re.compile(r"\b(host(s|ed)?( by)?|co-?hosts?|your hosts?)\b", re.IGNORECASE)
_HOST_LABEL = re.compile(r"\b(hosts?|co-?hosts?|hosted by|your hosts?)\s*[:–—-]\s*\w", re.IGNORECASE)  # "Host: Eric …"
PEOPLE_DESCRIPTION_CHARS = 20_000
SHOW_NAMED_CHARS = 600  # of a description, where an episode with no show of its own may name the one it is of
PEOPLE_SENTENCE_CHARS = 300
MAX_NAMED_EPISODES = 15
_GUESTS_ASKED = re.compile(r"\bguests?\b")


# ---------------------------------------------------------------------------------------------- which episode


def pick_episode(index: EpisodeIndex, catalog: Catalog, request: str) -> tuple[EpisodeInfo | None, list[EpisodeInfo]]:
    """The one episode a request means, or the candidates when several fit (or neither when none does)."""
    result = index.find(request)
    by_id = catalog.by_id
    if result.decision is Decision.ONE and result.best is not None:
        return by_id.get(result.best.record.ref.id), []
    if result.decision is Decision.AMBIGUOUS:
        return None, [by_id[c.record.ref.id] for c in result.candidates if c.record.ref.id in by_id]
    return None, []


def numbered_episode(catalog: Catalog, shows: Sequence[str], number: int) -> EpisodeInfo | bool:
    """The episode of one of these shows whose title or description states this number ("bike shed 412"); False
    when the shows number their episodes and none has this number; True when their numbers are not known."""
    wanted = {fold(show) for show in shows}
    numbered = False
    for episode in catalog.episodes:
        show = catalog.show_of(episode)
        if (show and fold(show) in wanted) or (not show and _names_a_show(episode, wanted)):
            stated = stated_number(episode.ref.title, episode.description, episode.ref.url)
            numbered = numbered or stated is not None
            if stated is not None and int(stated.value) == number:
                return episode
    return not numbered


def _names_a_show(episode: EpisodeInfo, shows: Collection[str]) -> bool:
    """Whether an episode whose source gives no show names one of these near its start ("Welcome to The Agents,
    where SaaStr's CEO…": a SaaStr series)."""
    opening = fold(f"{episode.ref.title} {episode.description[:SHOW_NAMED_CHARS]}")
    return any(show in opening for show in shows)


def which_episode_text(candidates: Sequence[EpisodeInfo]) -> str:
    """ "Which one?" with the candidates, or how to name an episode when nothing fit."""
    if candidates:
        lines = ["Several episodes fit. Which one?"]
        lines += [f"{i}. {episode_label(e)}" for i, e in enumerate(candidates, 1)]
        lines.append("Pick one below, or ask again with the show, a guest or a topic.")
        return "\n".join(lines)
    return "Which episode do you mean? Name its show, a guest or its topic, e.g. “who was on the pg_ash episode?”"


# ---------------------------------------------------------------------------------------------- people


def answer_people(catalog: Catalog, question: Question, episode: EpisodeInfo) -> QuestionAnswer:
    """The speakers of an episode with their share of the talk, hosts and guests told apart where known."""
    roles = speaker_roles(catalog, episode)
    lines = [episode_label(episode)]
    total = episode.words_spoken
    if episode.speakers:
        lines.append("**Speakers** (share of the talk):")
        for speaker in episode.speakers:
            share = f" — {speaker.words / total:.0%}" if total else ""
            role = roles.get(fold(speaker.name))
            lines.append(f"• **{safe(speaker.name)}**{f' ({safe(role)})' if role else ''}{share}")
    heard = {fold(s.name) for s in episode.speakers}
    named = [p for p in episode.people if fold(p.name) not in heard]
    if named:
        lines.append("**Named by the feed:** " + ", ".join(_person_text(p.name, p.role) for p in named))
    described = [n for n in episode.named if fold(n) not in heard | {fold(p.name) for p in episode.people}]
    if described and not episode.speakers:
        lines.append("**Named in the description:** " + ", ".join(f"**{safe(n)}**" for n in described))
    if not episode.speakers and not episode.people:
        lines.append("There is no transcript or cast list for this episode, so I can't say for sure who spoke.")
        sentence = _people_sentence(episode, host=True) or _people_sentence(episode)
        if sentence:
            lines.append(f"_From the description:_ “{safe(sentence)}”")
    return QuestionAnswer(question.text, question.intent, ["\n".join(lines)], [episode])


MAX_PERSON_EPISODES = 15
DESCRIPTION_CHARS = 6000  # of a description read for sentences naming people
_REGULAR = 3  # named in this many of a show's episodes (and half of them): one of its regulars


def answer_person(
    catalog: Catalog, question: Question, introductions: Mapping[tuple[str, int], QuoteHit] | None = None
) -> QuestionAnswer:
    """Who someone is, as the episodes tell it: the episodes they speak in (role and share of the talk, and the line
    that introduces them, from `introductions`) and the ones whose description names them, with the sentence that
    does."""
    blocks: list[str] = []
    episodes: list[EpisodeInfo] = []
    introductions = introductions or {}
    for name in question.speakers:
        found = catalog.with_people([name])
        found += [e for e in catalog.naming(name) if e not in found]
        episodes += [e for e in found if e not in episodes]
        count = f"{len(found)} episode{'s' if len(found) != 1 else ''}"
        lines = [f"**{safe(name)}** — in {count} I know:"]
        for episode in found[:MAX_PERSON_EPISODES]:
            lines.append(f"• {_person_in(catalog, episode, name)}")
            if (hit := introductions.get((name, episode.rowid))) is not None:
                lines.append(f"  {quote_line(hit)}")
        if len(found) > MAX_PERSON_EPISODES:
            lines.append(f"• …and {len(found) - MAX_PERSON_EPISODES} more.")
        blocks.append("\n".join(lines))
    return QuestionAnswer(question.text, question.intent, paginate("", blocks), episodes)


def introduces(row: SegmentRow, name: str) -> bool:
    """Whether a line introduces the person: they say "I'm <first name>" (or "my name is", "this is"), or someone
    else says their full name."""
    if row.speaker is not None and fold(row.speaker) == fold(name):
        first = re.escape(fold(name).split()[0])
        return re.search(rf"\b(?:i ?['’]?m|i am|my name is|this is)\s+{first}\b", fold(row.text)) is not None
    return fold(name) in fold(row.text) and " " in name.strip()


def _person_in(catalog: Catalog, episode: EpisodeInfo, name: str) -> str:
    """How a person is in an episode: speaking (with role and share), or named by the feed or description."""
    key = fold(name)
    label = episode_label(episode)
    speaker = next((s for s in episode.speakers if fold(s.name) == key), None)
    role = speaker_roles(catalog, episode).get(key) or next(
        (p.role for p in episode.people if fold(p.name) == key and p.role), None
    )
    if speaker is not None:
        total = episode.words_spoken
        share = f", {speaker.words / total:.0%} of the talk" if total else ""
        return f"{label} — speaks{f' ({safe(role)})' if role else ''}{share}"
    if role:
        return f"{label} — {safe(role)}, as the feed says"
    sentence = _sentence_naming(episode, name)
    return f"{label} — named in the description: “{safe(sentence)}”" if sentence else label


def _field_sentences(episode: EpisodeInfo) -> list[str]:
    """The sentences of an episode's title and (the start of its) description."""
    return split_sentences(f"{episode.ref.title}. {episode.description[:DESCRIPTION_CHARS]}")


def _sentence_naming(episode: EpisodeInfo, name: str) -> str | None:
    """The title or description sentence naming the person, one that introduces them with a role first ("Bob
    Wise, CEO of Heroku, discussed ..." rather than the title "Bob Wise on impact of generative AI"), with the
    next sentence when it goes on about them ("Today's guest is Adam Wiggins! Adam is ... co-founder of Heroku.")."""
    wanted = fold(name)
    first, surname = wanted.split()[0], wanted.split()[-1]
    sentences = _field_sentences(episode)
    naming = [i for i, s in enumerate(sentences) if wanted in fold(s) or surname in fold(s).split()]
    if not naming:
        return None
    title = fold(sentences[0])
    in_description = [i for i in naming if i > 0 and fold(sentences[i]) != title]  # the title only names them
    introducing = [i for i in in_description if wanted in {fold(n) for n in people_named_in(sentences[i])}]
    role_after = re.compile(rf"{re.escape(wanted)}(?:,| \(| is | was | who )")  # "Tyler Cloutier, founder of ..."
    described = [i for i in in_description if role_after.search(fold(sentences[i]))]
    at = (described or introducing or in_description or naming)[0]
    text = sentences[at]
    following = sentences[at + 1] if at + 1 < len(sentences) else ""
    if re.match(rf"(?:{re.escape(first)}|{re.escape(surname)}|he|she|they)\b", fold(following)):
        text = f"{text} {following}"
    return truncate(text, NAMING_CHARS)


NAMING_CHARS = 320  # of the sentences that name a person in a description
MAX_DESCRIBED = 3  # people shown for a description, best first
DESCRIBED_SENTENCES = 3  # a sentence naming someone and the two after it, which go on about them
DESCRIBED_SHARE = 0.6  # a person whose sentence holds less than this share of the best one's weight is left out
DESCRIBED_MIN_SHARE = 0.4  # ...and any whose sentence holds less than this share of the whole description


def answer_described_person(
    catalog: Catalog, question: Question, concepts: Sequence[Concept], weights: Sequence[float]
) -> QuestionAnswer:
    """Who fits a description ("the guy that led design of the heroku public api and maintains excon"): the people
    named in the title or description sentence that holds the weightiest part of it, each with that sentence."""
    best: dict[str, tuple[float, EpisodeInfo, str]] = {}
    for episode in catalog.episodes:
        sentences = _field_sentences(episode)
        for at, sentence in enumerate(sentences):
            named = [name for name in episode.people_names if _names_person(sentence, name)]
            window = " ".join(sentences[at : at + DESCRIBED_SENTENCES])  # "Wesley ... . He led the design of ..."
            words = tokens(window) if named else []
            word_set = frozenset(words)
            held = sum(w for c, w in zip(concepts, weights, strict=True) if c.found_in(words, word_set))
            for name in named:
                if held > best.get(name, (0.0,))[0]:
                    best[name] = (held, episode, window)
    top = max((held for held, _e, _s in best.values()), default=0.0)
    enough = max(DESCRIBED_SHARE * top, DESCRIBED_MIN_SHARE * sum(weights))
    people = sorted((n for n in best if best[n][0] >= enough), key=lambda n: -best[n][0])
    if not people:
        return QuestionAnswer(question.text, question.intent, ["No title or description I have describes anyone so."])
    blocks = [
        f"**{safe(name)}** — {episode_label(best[name][1])}: “{safe(truncate(best[name][2], 300))}”"
        for name in people[:MAX_DESCRIBED]
    ]
    episodes = list({best[n][1].rowid: best[n][1] for n in people[:MAX_DESCRIBED]}.values())
    return QuestionAnswer(question.text, question.intent, paginate("Who the episodes describe so:", blocks), episodes)


MAX_PEOPLE_TIED = 15
_BESIDE = 110  # characters either side of a company's name that count as beside it
_GLUED_BREAK = re.compile(r"(?<=[!?])(?=\S)|~{2,}")  # "doc!~~~Postgres FM is produced by": two sentences


def answer_worked_at(catalog: Catalog, question: Question, company: str) -> QuestionAnswer:
    """Who the sources tie to a company: the people an episode's title or description names close beside the
    company, each with those words (which say how: worked there, founded it, talks about it)."""
    ties = people_tied_to(catalog, company, question.role)
    if not ties:
        what = f"**{safe(company)}**" + (f" as {safe(question.role)}" if question.role else "")
        text = f"No one the episodes name is tied to {what} in a title or description I have."
        return QuestionAnswer(question.text, Intent.HELP.value, [text])  # the library has nothing to say of it
    people = sorted(ties, key=lambda name: -len(ties[name]))[:MAX_PEOPLE_TIED]
    blocks = [
        f"**{safe(name)}** — {episode_label(episode)}: “{safe(passage)}”"
        for name in people
        for episode, passage in list(ties[name].values())[:2]
    ]
    header = f"People the episodes name beside **{safe(company)}** (their words say how):"
    episodes = {rowid: episode for name in people for rowid, (episode, _) in ties[name].items()}
    return QuestionAnswer(question.text, question.intent, paginate(header, blocks), list(episodes.values()))


def people_tied_to(
    catalog: Catalog, company: str, role: str | None = None
) -> dict[str, dict[int, tuple[EpisodeInfo, str]]]:
    """Person -> episode rowid -> (episode, the words of its title or description naming them beside the company,
    with the role when one is asked: "which guests have been CEO of heroku" counts only words that say so)."""
    ties: dict[str, dict[int, tuple[EpisodeInfo, str]]] = {}
    role_pattern = word_pattern(role) if role else None
    for episode in catalog.episodes:
        for passage in _passages_naming_word(episode, company):
            if role_pattern is not None and not role_pattern.search(passage):
                continue
            for name in episode.people_names:
                if _names_person(passage, name):
                    ties.setdefault(name, {}).setdefault(episode.rowid, (episode, passage))
    return ties


def _passages_naming_word(episode: EpisodeInfo, word: str) -> list[str]:
    """The words around each place the title or description names `word`, within its sentence."""
    pattern = word_pattern(word)
    passages = []
    for sentence in (part for s in _field_sentences(episode) for part in _GLUED_BREAK.split(s)):
        for match in pattern.finditer(sentence):
            start, end = max(0, match.start() - _BESIDE), match.end() + _BESIDE
            passages.append(("…" if start else "") + sentence[start:end] + ("…" if end < len(sentence) else ""))
    return passages


def _names_person(passage: str, name: str) -> bool:
    """Whether the passage names the person: in full, by surname, or by first name (within one episode, whose
    people rarely share one)."""
    folded, parts = fold(passage), fold(name).split()
    if " ".join(parts) in folded:
        return True
    named = [parts[-1], parts[0]] if len(parts) > 1 else []
    return any(len(part) >= 3 and re.search(rf"\b{re.escape(part)}\b", folded) for part in named)


def answer_show_people(catalog: Catalog, question: Question, shows: Sequence[str]) -> QuestionAnswer:
    """Who hosts each show asked about ("who hosts talking postgres? same ppl as postgres fm?"), in the order
    they were named."""
    lines: list[str] = []
    episodes: list[EpisodeInfo] = []
    for show in shows[:MAX_SHOWS_ANSWERED]:
        show_lines, show_episodes = _show_people(catalog, question, show)
        lines += [*(["—"] if lines else []), *show_lines]
        episodes += show_episodes[:MAX_SHOW_EPISODES]
    return QuestionAnswer(question.text, question.intent, paginate("", lines), episodes)


MAX_SHOWS_ANSWERED = 3
MAX_SHOW_EPISODES = 25


def _show_people(catalog: Catalog, question: Question, show: str) -> tuple[list[str], list[EpisodeInfo]]:
    """Who hosts a show: the people the feed calls hosts, else the speakers heard in most of its episodes."""
    episodes = catalog.of_show(show)
    hosts = sorted({p.name for e in episodes for p in e.people if (p.role or "").casefold() == "host"})
    recurring = catalog.recurring_speakers(show)
    names = {fold(s.name): s.name for e in episodes for s in e.speakers}
    lines = [f"**{safe(show)}** — {len(episodes)} episode{'s' if len(episodes) != 1 else ''} I know."]
    if hosts:
        lines.append("**Hosts** (as the feed names them): " + ", ".join(f"**{safe(h)}**" for h in hosts))
    regulars = [names[k] for k, n in recurring.most_common() if n >= 2]
    if regulars and not hosts:
        lines.append(
            "**Heard in most episodes** (likely the hosts): "
            + ", ".join(f"**{safe(n)}** ({recurring[fold(n)]} episodes)" for n in regulars)
        )
    others = [names[k] for k, n in recurring.most_common() if n < 2]
    if others:
        lines.append("**Also on:** " + ", ".join(safe(n) for n in others[:20]))
    named = Counter(name for e in episodes for name in set(e.named))
    regular_named = [n for n, count in named.most_common() if count >= max(_REGULAR, len(episodes) // 2)]
    if regular_named and not (hosts or regulars):
        lines.append(
            "**Named in most of its descriptions** (likely the hosts): "
            + ", ".join(f"**{safe(n)}** ({named[n]} episodes)" for n in regular_named)
        )
    if not (hosts or recurring or regular_named):
        lines.append("None of its episodes has a transcript or cast list, so I can't name the hosts for sure.")
    if not (hosts or recurring):
        if _GUESTS_ASKED.search(question.clean.casefold()):
            lines.extend(_named_per_episode(episodes))
        sentence = next((s for e in episodes if (s := _people_sentence(e, host=True))), None) or next(
            (s for e in episodes if (s := _people_sentence(e))), None
        )
        if sentence:
            lines.append(f"_From a description:_ “{safe(sentence)}”")
    return lines, episodes


def _named_per_episode(episodes: Sequence[EpisodeInfo]) -> list[str]:
    """Who each episode's description names (guests, or people talked about: a description does not say which)."""
    named = [(e, e.named) for e in episodes[:MAX_NAMED_EPISODES] if e.named]
    if not named:
        return []
    lines = ["**Named in their descriptions** (guests, or people they talk about):"]
    lines += [f"• {episode_label(e)} — " + ", ".join(safe(n) for n in names) for e, names in named]
    return lines


def speaker_roles(catalog: Catalog, episode: EpisodeInfo) -> dict[str, str]:
    """Folded speaker name -> "host" or "guest": from the feed's roles, else hosts are heard across the show's
    episodes and guests are named in the episode's title or description."""
    roles = {fold(p.name): p.role for p in episode.people if p.role}
    if roles or not episode.speakers:
        return {k: v for k, v in roles.items() if v}
    show = catalog.show_of(episode)
    recurring = catalog.recurring_speakers(show) if show else None
    intro = fold(f"{episode.ref.title} {episode.description[:600]}")
    for speaker in episode.speakers:
        key = fold(speaker.name)
        if (recurring is not None and recurring[key] >= 2) or _HOSTING.match(intro.partition(key)[2]):
            roles[key] = "host"
        elif len(speaker.name.split()) >= 2 and key in intro:
            roles[key] = "guest"
    return roles


# What follows the host's name in an episode's introduction: "CL Kao sits down with Josh Wills".
_HOSTING = re.compile(
    r",?\s+(?:sits? down with|sat down with|talks? (?:with|to)|speaks? with|chats? with|welcomes?|interviews?"
    r"|is joined by|hosts?)\b"
)


def _person_text(name: str, role: str | None) -> str:
    return f"**{safe(name)}**" + (f" ({safe(role)})" if role else "")


def _people_sentence(episode: EpisodeInfo, *, host: bool = False) -> str | None:
    """The description's words that say who hosts it (or who the guest is), cut around the words that say so: a
    "Host: …" label first, wherever the listing puts it."""
    sentences = split_sentences(episode.description[:PEOPLE_DESCRIPTION_CHARS])
    for cue in (_HOST_LABEL, _HOST_CUE) if host else (_GUEST_CUE,):
        for sentence in sentences:
            if found := cue.search(sentence):
                return snippet_around(sentence, found.start(), PEOPLE_SENTENCE_CHARS)
    return None


# ---------------------------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class FactSources:
    """What the store adds to an episode's fields for its facts: the last time its transcript gives, and the
    transcript's opening lines (where a show names itself)."""

    last_timed: float | None = None
    opening: tuple[str, ...] = ()
    show_by_hosts: str | None = None  # the show whose hosts talk in an episode whose source names none
    show_described: str | None = None  # the show its description's "About <show>" footer names


def answer_facts(question: Question, episode: EpisodeInfo, sources: FactSources) -> QuestionAnswer:
    """The episode's fields, the one asked about first."""
    facts = episode_facts(episode, sources)
    asked = question.fact
    lead = facts.pop(asked.value) if asked is not None and asked.value in facts else None
    lines = [episode_label(episode)]
    if asked is Fact.LINK and (named := links_naming(episode.description, question.topic)):
        addresses = " · ".join(f"<{neutralise_mentions(url)}>" for url in named)  # <...>: linked, no preview
        lines.append(f"**In the description:** {addresses}")
    if lead:
        lines.append(lead)
    lines.extend(facts.values())
    return QuestionAnswer(question.text, question.intent, ["\n".join(lines)], [episode])


def episode_facts(episode: EpisodeInfo, sources: FactSources = FactSources()) -> dict[str, str]:
    """Each fact as a line, keyed by `Fact` value (and a few more); facts the source does not state are read from
    what it does say, and marked as such."""
    facts: dict[str, str] = {
        Fact.DURATION.value: _duration_line(episode, sources),
        Fact.SHOW.value: _show_line(episode, sources),
        Fact.DATE.value: _date_line(episode),
    }
    number = stated_number(episode.ref.title, episode.description, episode.ref.url)
    if number is not None:
        facts[Fact.NUMBER.value] = f"**Episode number:** {number.value} (“{safe(number.evidence)}”)"
    count = len(episode.speakers)
    facts[Fact.SPEAKERS.value] = f"**Speakers:** {count}" + (
        f" ({', '.join(safe(s.name) for s in episode.speakers)})" if count else " (no transcript to tell)"
    )
    facts[Fact.TRANSCRIPT.value] = "**Transcript:** " + _transcript_state(episode)
    source = episode.ref.source
    facts["source"] = f"**Source:** `{safe(source.file)}` line {source.line}"
    link = listen_link(episode)
    facts[Fact.LINK.value] = f"**Listen:** {link}" if link else "**Link:** the source gives none"
    return facts


def _duration_line(episode: EpisodeInfo, sources: FactSources) -> str:
    duration = duration_text(episode.duration_seconds)
    if duration:
        return f"**Duration:** {duration}"
    last_timed = sources.last_timed if episode.timed else None
    estimate = estimated_duration(list(episode.chapter_starts), last_timed, episode.note_times)
    if estimate is None:
        return "**Duration:** not stated by the source"
    return f"**Duration:** not stated by the source; about {estimate.value} ({estimate.evidence})"


def _show_line(episode: EpisodeInfo, sources: FactSources) -> str:
    if episode.ref.show:
        return f"**Show:** {safe(episode.ref.show)}"
    if show := sources.show_described:
        return f"**Show:** **{safe(show)}** — its description ends “About {safe(show)}…”"
    if sources.show_by_hosts:
        return f"**Show:** not named by the source; likely **{safe(sources.show_by_hosts)}**, whose hosts talk in it"
    spoken = spoken_show(list(sources.opening))
    if spoken is None:
        return "**Show:** not named by the source"
    return f"**Show:** not in its fields, but the transcript says “{safe(spoken.evidence)}”"


def _date_line(episode: EpisodeInfo) -> str:
    if episode.ref.published:
        return f"**Published:** {episode.ref.published[:10]}"
    stated = stated_date(f"{episode.ref.title}. {episode.description[:4000]}")
    if stated is None:
        return "**Published:** no date in the source"
    return f"**Date:** {stated.value} — the source says “{safe(stated.evidence)}”"


def _transcript_state(episode: EpisodeInfo) -> str:
    if not episode.segment_count:
        return "no, only a description"
    if episode.timed:
        return f"yes, {episode.segment_count} passages with timestamps"
    return f"yes, {episode.segment_count} passages (times estimated, marked ~)"


# ---------------------------------------------------------------------------------------------- lists


def answer_list(catalog: Catalog, question: Question) -> QuestionAnswer:
    """Counts, shows, or a list of episodes (of a show, with a person, from a year), newest first where dated."""
    kind = question.list_kind or ListKind.EPISODES
    if kind is ListKind.COUNT and not (question.shows or question.speakers or question.year):
        return _count_answer(catalog, question)
    if kind is ListKind.SHOWS:
        return _shows_answer(catalog, question)
    episodes, scope = scoped_episodes(catalog, question)
    if kind is ListKind.LATEST:
        return _latest_answer(question, episodes, scope)
    if kind is ListKind.COUNT:
        text = f"I know **{len(episodes)}** episode{'s' if len(episodes) != 1 else ''} {scope}."
        return QuestionAnswer(question.text, question.intent, [text], episodes)
    if not episodes:
        return QuestionAnswer(question.text, question.intent, [f"I know no episodes {scope}."])
    header = f"**{len(episodes)}** episode{'s' if len(episodes) != 1 else ''} {scope}" + (
        ", newest first:" if any(e.ref.published for e in episodes) else ":"
    )
    blocks = [f"{i}. {_list_line(e)}" for i, e in enumerate(episodes, 1)]
    pages = paginate(header, blocks)
    return QuestionAnswer(question.text, question.intent, pages, episodes)


def scoped_episodes(catalog: Catalog, question: Question) -> tuple[list[EpisodeInfo], str]:
    """The episodes of the question's shows, with its people, from its year, and how to say so ("with **Josh
    Wills**")."""
    episodes = list(catalog.episodes)
    scope: list[str] = []
    if question.shows:
        wanted = {fold(s) for s in question.shows}
        episodes = [e for e in episodes if (show := catalog.show_of(e)) and fold(show) in wanted]
        scope.append("of " + " or ".join(f"**{safe(s)}**" for s in question.shows))
    if question.speakers:
        with_people = {e.rowid for e in catalog.with_people(question.speakers)}
        named = {
            e.rowid
            for e in episodes
            if any(fold(n) in fold(f"{e.ref.title} {e.description[:800]}") for n in question.speakers)
        }
        episodes = [e for e in episodes if e.rowid in with_people | named]
        scope.append("with " + " or ".join(f"**{safe(s)}**" for s in question.speakers))
    if question.year:
        episodes = [e for e in episodes if (e.ref.published or "").startswith(str(question.year))]
        scope.append(f"from {question.year}")
    return episodes, " ".join(scope) or "in the library"


def _count_answer(catalog: Catalog, question: Question) -> QuestionAnswer:
    total = len(catalog.episodes)
    transcribed = sum(1 for e in catalog.episodes if e.segment_count)
    shows = catalog.shows()
    text = f"I know **{total}** episodes ({transcribed} with a transcript) from **{len(shows)}** named shows." + (
        "\n" + ", ".join(f"{safe(name)} ({count})" for name, count in shows[:25]) if shows else ""
    )
    return QuestionAnswer(question.text, question.intent, paginate("", [text]), [])


def _shows_answer(catalog: Catalog, question: Question) -> QuestionAnswer:
    shows = catalog.shows()
    unnamed = sum(1 for e in catalog.episodes if not e.ref.show)
    header = f"The **{len(shows)}** shows I know (episodes each):"
    blocks = [f"• **{safe(name)}** — {count}" for name, count in shows]
    if unnamed:
        blocks.append(f"…and {unnamed} episodes whose source names no show.")
    return QuestionAnswer(question.text, question.intent, paginate(header, blocks), [])


def _latest_answer(question: Question, episodes: list[EpisodeInfo], scope: str) -> QuestionAnswer:
    dated = [e for e in episodes if e.ref.published]
    if dated:
        newest = max(dated, key=lambda e: e.ref.published or "")
        text = f"The newest episode {scope}: {_list_line(newest)}"
        return QuestionAnswer(question.text, question.intent, [text], [newest])
    if not episodes:
        return QuestionAnswer(question.text, question.intent, [f"I know no episodes {scope}."])
    last = episodes[-1]
    text = f"None of the episodes {scope} has a date in its source. The last one listed is {_list_line(last)}"
    return QuestionAnswer(question.text, question.intent, [text], [last])


def _list_line(episode: EpisodeInfo) -> str:
    extra = []
    if episode.duration_seconds:
        extra.append(format_timestamp(episode.duration_seconds) or "")
    if episode.speakers:
        extra.append(", ".join(safe(s.name) for s in episode.speakers[:4]))
    return episode_label(episode) + (f" ({'; '.join(x for x in extra if x)})" if extra else "")


# ---------------------------------------------------------------------------------------------- summaries


def summary_answer(catalog: Catalog, question: Question, answer: SummaryAnswer) -> QuestionAnswer:
    """A summary request answered by the summaries service, in the questions' form."""
    by_id = {e.ref.id: e for e in catalog.episodes}
    episodes = [by_id[answer.episode.id]] if answer.episode is not None and answer.episode.id in by_id else []
    candidates = [by_id[c.id] for c in answer.candidates if c.id in by_id]
    return QuestionAnswer(question.text, question.intent, [answer.text], episodes, [], candidates, summary=answer)

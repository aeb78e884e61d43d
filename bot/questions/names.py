"""The people and shows a question names, found against the corpus's own names: pure, no store.

Members name people the way they remember them: a first name alone ("marc" is both Marcs), a short form ("nik"
for Nikolay), without accents ("joel"), misspelt ("andreesen"), with a possessive ("josh's take"). A first name
followed by another surname is someone else ("josh groban" is not Josh Wills). Shows are named in full, by a run
of their words ("giant robots" fits both Giant Robots shows), or by their web address ("postgres.fm").
People the sources name only in titles and descriptions ("with Vimeo CEO Adam Gross", "your hosts Justin, Matthew
and Ryan") are found by `people_named_in`.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from bot.questions.topics import SYNONYM_GROUPS
from bot.text import STOPWORDS, tokens

# A word said in more segments than this is an ordinary word, not a misspelt name.
RARE_WORD = 5
# An English word this frequent (Zipf scale: "keeps" 4.7, "min" 4.4, "groban" 2.2) is no surname, nor a misspelt name.
_EVERYDAY = 4.0
_ARTICLES = frozenset({"the", "a", "an", "this", "that", "some"})
# Words that follow a person's name in a question ("what did swix say").
SAYING = frozenset(
    """say says said saying think thinks thought talk talks talked mention mentions mentioned feel feels reckon
    reckons insist insists argue argues claim claims rant rants complain complains believe believes""".split()
)
# Short forms of first names members use for the long ones the sources print (and the other way round).
NICKNAMES: Mapping[str, tuple[str, ...]] = {
    "alex": ("alexander", "alexandra", "alexis"),
    "andy": ("andrew",),
    "ben": ("benjamin",),
    "bob": ("robert",),
    "bill": ("william",),
    "chris": ("christopher", "christian"),
    "dan": ("daniel",),
    "dave": ("david",),
    "greg": ("gregory",),
    "jim": ("james",),
    "jon": ("jonathan",),
    "joe": ("joseph",),
    "josh": ("joshua",),
    "kate": ("katherine", "kathryn", "catherine"),
    "liz": ("elizabeth",),
    "matt": ("matthew",),
    "mike": ("michael",),
    "nick": ("nicholas", "nikolay", "nikolai"),
    "nik": ("nikolay", "nikolai", "nicholas"),
    "rob": ("robert",),
    "sam": ("samuel", "samantha"),
    "steph": ("stephanie",),
    "steve": ("steven", "stephen"),
    "tom": ("thomas",),
    "tony": ("anthony",),
    "wes": ("wesley",),
    "will": ("william",),
}
# Words a member may put around a person's name in a question, which are never part of it.
NOT_NAME_WORDS = frozenset(
    "episode episodes ep eps podcast show who what when where which how about said say says the one guy girl".split()
)

_NAME_WORD = r"(?:Mc|Mac|O['’]|D['’])?[A-ZÀ-Þ][a-zß-ÿ'’]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?"
_NAME = rf"{_NAME_WORD}(?:\s(?:[A-Z]\.\s)?{_NAME_WORD}){{1,2}}"
_PERSON_CUES = (
    r"\b(?:with|featuring|feat\.|ft\.|guests?|joined by|joins|sits? down with|sat down with|speaks? with"
    r"|talks? (?:to|with)|chats? with|interviews?|interviewing|welcomes?|conversation with|episode with|hosted by"
    r"|produced by:?"
    r"|co-?hosts?|hosts?|(?:CEO|CTO|COO|CPO|founder|co-founder|cofounder|author|creator|engineer|advocate|president"
    r"|VP|host|professor|partner|investor|maintainer)(?: and (?:co-?)?founder)?(?: of [A-Z][\w.]+,|,)?)"
    rf"\s+(?P<name>{_NAME})"
)
_PERSON_AFTER = (
    rf"(?P<name>{_NAME}(?: and {_NAME})?)(?:,|\s?[—–]\s?| is| are| was| were| joins| shares| explains| discusses| talks"
    r"| describes)\s?(?:\w+\s){0,4}?"
    r"(?i:founder|co-?founder|ceo|cto|cmo|cio|cfo|coo|svp|evp|chief|engineer|developer|advocate|author|creator|host"
    r"|director|vp|president|principal|professor|researcher|partner|investor|maintainer|lead|head|architect"
    r"|scientist|officer|editor)s?\b"
)
_HOST_LIST = re.compile(
    r"\b(?:hosts?|co-?hosts?|with)\s+(?P<names>[A-Z][a-z]+(?:,\s+[A-Z][a-z]+)+,?\s+and\s+[A-Z][a-z]+)\b"
)
_PEOPLE_IN_TEXT = (re.compile(_PERSON_CUES), re.compile(_PERSON_AFTER))
_NOT_PEOPLE = frozenset(
    """the this that these our your his her their in on at of and for with from to a an podcast episode show
    today welcome about join""".split()
)


class Names:
    """The corpus's names a question can use: people (display name -> every name they go by) and shows, indexed
    for lookup word by word; and how common each word is in the library (a misspelt name is a rare word: "willy"
    in "the willy wonka factory" is no name)."""

    def __init__(
        self,
        people: Mapping[str, Sequence[str]],
        shows: Sequence[str],
        word_counts: Mapping[str, int] | None = None,
        described_only: Iterable[str] = (),
        *,
        field_words: Iterable[str] = (),
        name_pairs: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.people = people
        self.shows = shows
        self.word_counts = word_counts or {}
        self.field_words = frozenset(field_words)  # every word of the episodes' titles, chapters and descriptions
        self.name_pairs = frozenset(name_pairs)  # (first name, the word after it) where the fields introduce people
        # People only a title or description names: a misspelling of a rare word is not taken for them.
        self.described_only = frozenset(described_only)
        self.full_names: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)  # first letter -> names
        self.single_names: dict[str, list[str]] = defaultdict(list)  # first or last name -> display names
        self.singles_by_initial: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.first_names: dict[str, set[str]] = defaultdict(set)  # first name -> the words that follow it in names
        for display, forms in people.items():
            for form in forms:
                parts = form.split()
                if len(parts) > 1:
                    self.full_names[parts[0][0]].append((display, parts))
                    self.first_names[parts[0]].add(parts[1])
                elif parts:
                    self.single_names[parts[0]].append(display)
                    self.singles_by_initial[parts[0][0]].append((display, parts[0]))
        self.show_forms = sorted(
            ((form, show) for show in shows for form in show_forms(show)), key=lambda pair: -len(pair[0])
        )
        self.show_addresses = {address: show for show in shows for address in _show_addresses(show)}
        self.forms = frozenset(form for forms in people.values() for form in forms)
        self.name_words = frozenset(word for form in self.forms for word in form.split())  # every word of a name


def find_people(words: Sequence[str], names: Names) -> tuple[list[str], set[int]]:
    """People the words name, and the positions of the words that named them. Full names are found first
    (one typo per name forgiven, a short form of the first name allowed); then a first or last name alone names
    everyone who goes by it ("marc": Marc Andreessen and Marc Gauthier), misspelt or shortened only where a name
    is expected ("what did swix say") or the word is rare, and never right after an article."""
    found: list[str] = []
    used: set[int] = set()
    for exact in (True, False):  # "wes beary" is Wes Beary before it is Wesley Beary
        for start, word in enumerate(words):
            for display, parts in _full_names_for(word, names):
                span = range(start, start + len(parts))
                if display in found or span.stop > len(words) or used.intersection(span):
                    continue
                if _names_match(words, span, parts, exact=exact):
                    found.append(display)
                    used.update(span)
    single: set[int] = set()
    for index, word in enumerate(words):
        if index in used or word in NOT_NAME_WORDS:
            continue
        if _another_surname_follows(words, index, names):
            continue  # "adam zimman" is not Adam Wiggins
        for display in _singles_for(words, index, names):
            if display not in found:
                found.append(display)
                single.add(index)
    return found, used | single


def _full_names_for(word: str, names: Names) -> list[tuple[str, list[str]]]:
    candidates = list(names.full_names.get(word[:1], ()))
    for long in NICKNAMES.get(word, ()):
        if long[:1] != word[:1]:
            candidates += names.full_names.get(long[:1], ())
    return candidates


def _names_match(words: Sequence[str], span: range, parts: Sequence[str], *, exact: bool) -> bool:
    first, *rest = [words[i] for i in span]
    if not (_same_name(first, parts[0], fuzzy=not exact) or (not exact and _short_form(first, parts[0]))):
        return False
    return all(_same_name(w, part, fuzzy=not exact) for w, part in zip(rest, parts[1:], strict=True))


def _singles_for(words: Sequence[str], index: int, names: Names) -> list[str]:
    word = words[index]
    displays = names.single_names.get(word) or names.single_names.get(word.removesuffix("s"), [])
    if displays:
        return displays
    if not _name_expected(words, index, names.word_counts):
        return []
    shortened = [d for long in NICKNAMES.get(word, ()) for d in names.single_names.get(long, [])]
    if shortened:
        return shortened
    saying = index + 1 < len(words) and words[index + 1] in SAYING
    if not saying and zipf_frequency(word, "en") >= _EVERYDAY:
        return []  # "5 min" is minutes, not a misspelt Minn; "joke" is no Jake
    if not saying and names.word_counts.get(word):
        return []  # a word the episodes say is that word: "willy wonka" is no misspelt Wills
    close = [d for d, form in names.singles_by_initial.get(word[:1], ()) if _close_name(word, form)]
    return [d for d in close if saying or d not in names.described_only]


def _another_surname_follows(words: Sequence[str], index: int, names: Names) -> bool:
    """A first name followed by a word that looks like a surname but is none of that name's people's."""
    word = words[index]
    following = words[index + 1] if index + 1 < len(words) else ""
    if word not in names.first_names or len(following) < 3 or not following.isalpha():
        return False
    if following in STOPWORDS or following in NOT_NAME_WORDS or following in SAYING or following in _QUESTIONISH:
        return False
    if zipf_frequency(following, "en") >= _EVERYDAY:
        return False  # "ben keeps saying": an everyday word, no surname
    if known_term(following, names) and (word, following) not in names.name_pairs:
        return False  # "simon (turbopuffer)": a word of the library's, not a surname, tells which Simon
    return not any(_same_name(following, known, fuzzy=True) for known in names.first_names[word])


def known_term(word: str, names: Names) -> bool:
    """A word the episodes say often, or that their fields hold and no one's name does."""
    if names.word_counts.get(word, 0) > RARE_WORD:
        return True
    return word in names.field_words and word not in names.name_words


# Words that may follow a first name in a question without being a surname ("marc say", "josh ep").
_QUESTIONISH = frozenset(
    """talk talks talked think thinks thought take takes opinion on in about and or vs ep eps episode episodes
    been appear appears appeared guest host hosts hosted co cohost cohosted interview interviewed again ever""".split()
)


def _name_expected(words: Sequence[str], index: int, counts: Mapping[str, int]) -> bool:
    if index and words[index - 1] in _ARTICLES:
        return False
    following = words[index + 1] if index + 1 < len(words) else ""
    return following in SAYING or counts.get(words[index], 0) <= RARE_WORD


def fits_name_word(word: str, part: str) -> bool:
    """Whether a typed word may be this word of someone's name: itself, a typo of it, or a short form."""
    return _same_name(word, part, fuzzy=True) or _short_form(word, part)


def _same_name(word: str, part: str, *, fuzzy: bool) -> bool:
    if word in (part, part + "s"):  # "joshs take": the apostrophe is gone
        return True
    return fuzzy and _close_name(word, part)


def _close_name(word: str, part: str) -> bool:
    """One edit away (a swap counts as one; two in names of 8+ letters), same first letter, names of 4+ letters
    ("min" for "Minn")."""
    allowed = 2 if len(part) >= 8 else 1
    return len(part) >= 4 and len(word) >= 3 and word[0] == part[0] and OSA.distance(word, part) <= allowed


def _short_form(word: str, first_name: str) -> bool:
    """ "nik" for "nikolay", "mike" for "michael": a known short form, or the start of a long first name."""
    if first_name in NICKNAMES.get(word, ()):
        return True
    return len(word) >= 3 and len(first_name) >= 6 and first_name.startswith(word)


def name_forms(display: str, aliases: Iterable[str]) -> list[str]:
    """Every way a member may name a person: full names and aliases, and single first or last names that are
    not common words ("Will", "Long" are not taken alone)."""
    forms: list[str] = []
    for name in (display, *aliases):
        words = tokens(name)
        if not words:
            continue
        forms.append(" ".join(words))
        if len(words) >= 2:
            forms.extend(w for w in (words[0], words[-1]) if len(w) >= 3 and not _too_common_alone(w))
    return list(dict.fromkeys(forms))


def _too_common_alone(word: str) -> bool:
    """A name part that is also an everyday word ("will", "long", Simon Last's "last season"): not a name alone."""
    return word in STOPWORDS or word in _COMMON_WORDS or zipf_frequency(word, "en") >= _TOO_COMMON_ALONE


# Name parts that are also everyday words, too risky to take alone ("will", "long", "mark my words").
_TOO_COMMON_ALONE = 5.5  # Zipf frequency: "last" 5.9, "james" 5.1, "simon" 4.5
_COMMON_WORDS = frozenset(
    """will long mark page case bill rich grant may june chase lane wood hill king young brown white green
    black gray grey rose star bell love hope joy ray dean reed frank price park field""".split()
)


def people_named_in(text: str, is_common_word: Callable[[str], bool] = lambda _word: False) -> list[str]:
    """Names of people a title or description introduces ("with Vimeo CEO Adam Gross", "Wesley Beary is a
    founding engineer", "your hosts Justin, Matthew, Ryan, and Jonathan"), in order, each once. A candidate with a
    word the library writes in lower case (`is_common_word`: "Knowledge Graphs", "Use Postgres") is no name."""
    found: list[str] = []
    for pattern in _PEOPLE_IN_TEXT:
        for match in pattern.finditer(text):
            # "Pete Hamilton and Chris Evans are cofounders of ...": both
            names = (_clean_name(part) for part in match.group("name").split(" and "))
            found += [name for name in names if name]
    for match in _HOST_LIST.finditer(text):
        found += [n for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group("names")) if n]
    return [name for name in dict.fromkeys(found) if not any(is_common_word(w) for w in tokens(name))]


def _clean_name(name: str) -> str | None:
    words = [w.rstrip("'’") for w in name.split()]
    while words and words[-1].casefold() in _NOT_PEOPLE:
        words.pop()
    if len(words) < 2 or any(w.casefold() in _NOT_PEOPLE for w in words):
        return None
    return " ".join(words).removesuffix("'s").removesuffix("’s")


def find_shows(words: Sequence[str], names: Names) -> tuple[list[str], set[int]]:
    """Shows named in full (an initial "the" optional, one typo forgiven), by their web address, or by two or more
    of their words in a row ("giant robots" names every show it fits), longest names first, and the positions that
    named them; in the order the question names them."""
    found: list[str] = []
    used: set[int] = set()
    first_at: dict[str, int] = {}
    for index, word in enumerate(words):
        joined = word + (words[index + 1] if index + 1 < len(words) else "")
        for address in (word, joined):
            show = names.show_addresses.get(address)
            if show and show not in found:
                found.append(show)
                first_at[show] = index
                used.update(range(index, index + (1 if address == word else 2)))
    for _size, forms in itertools.groupby(names.show_forms, key=lambda pair: len(pair[0])):  # longest first
        spans_now: set[int] = set()
        for form, show in forms:
            # a show named twice ("se daily eps (software engineering daily)"): both namings are the show's words
            hit = find_form(words, form, used, fuzzy=len(form) > 1)
            if hit:
                found += [show] if show not in found else []
                first_at[show] = min(first_at.get(show, hit[0]), hit[0])
                spans_now.update(hit)
        used |= spans_now  # a run fitting several shows names all of them
    return sorted(found, key=first_at.__getitem__), used


def find_form(words: Sequence[str], form: Sequence[str], used: set[int], *, fuzzy: bool) -> list[int]:
    size = len(form)
    initial = form[0][:1]
    for start in range(len(words) - size + 1):
        if words[start][:1] != initial:  # a typo of a name keeps its first letter (see `_close_name`)
            continue
        span = list(range(start, start + size))
        if used.intersection(span):
            continue
        if all(_same_name(words[i], part, fuzzy=fuzzy) for i, part in zip(span, form, strict=True)):
            return span
    return []


SHORTENED_SHOW_WORDS = 3  # a show of this many words goes by the initials of the first two and the last word


def show_forms(show: str) -> list[list[str]]:
    """The show's words, then its runs of at least two words that neither start nor end with a stop word, and its
    shorthand ("pg fm", "se daily"); a one-word show needs 4+ letters, or to be called a podcast ("the php
    podcast")."""
    form = tokens(show)
    if len(form) > 1 and form[0] == "the":
        form = form[1:]
    if not form:
        return []
    if len(form) == 1 and len(form[0]) < 4:
        return [[form[0], called] for called in ("podcast", "pod", "show")]
    runs = [form[i : i + size] for size in range(len(form) - 1, 1, -1) for i in range(len(form) - size + 1)]
    content = [w for w in form if w not in STOPWORDS]  # "screaming cloud" for Screaming in the Cloud
    extra = [content] if len(content) >= 2 and content != form else []
    shorthand = [[short if w == word else w for w in form] for word in form for short in WORD_SHORTHAND.get(word, ())]
    if len(content) == SHORTENED_SHOW_WORDS:  # "se daily" for Software Engineering Daily
        shorthand.append([content[0][0] + content[1][0], content[2]])
    return [form, *extra, *shorthand, *[run for run in runs if run[0] not in STOPWORDS and run[-1] not in STOPWORDS]]


# The field's shorthand for a word of a show's name, from the variants topics know: "pg fm" is Postgres FM.
WORD_SHORTHAND = {
    word: shorts
    for group in SYNONYM_GROUPS
    for word in group
    if " " not in word
    and len(word) > 3
    and (shorts := tuple(s for s in group if len(s) <= 3 and " " not in s and s not in word))  # not "llms" -> "llm"
}


def _show_addresses(show: str) -> list[str]:
    """The show's name run together, as its web address and handles are ("postgresfm", "pythonbytes")."""
    form = [w for w in tokens(show) if w != "the"]
    if show.casefold().endswith(".fm") and len(form[0]) >= 5:
        return [form[0]]  # "pythonbytes.fm" is "pythonbytes" ("python bytes" run together)
    joined = "".join(form)
    if len(form) < 2 or len(joined) < 6:
        return []
    return [joined]

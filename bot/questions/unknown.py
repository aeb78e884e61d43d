"""What the library does not have: a show, person or episode a question names that no source holds in any form
("any eps from darknet diaries?", "what did john carmack say", "the huberman ep"). Such a question gets a plain
"I don't have that" (an answer of the help kind), never an answer about something else."""

from __future__ import annotations

import itertools
import re

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.markdown import safe
from bot.questions.answer import QuestionAnswer
from bot.questions.catalog import Catalog
from bot.questions.names import Names, fits_name_word
from bot.questions.parse import Intent, Question, normalise
from bot.questions.topics import Known, concepts_for, specificity
from bot.store import Store
from bot.text import STOPWORDS, fold

SOURCES_NAME = 1.2  # specificity of a word English hardly knows (zipf below ~2.2): "thoughtbot", not "syntax"
NEAR_TITLE_WORD = 85  # rapidfuzz ratio of a typed word to a word of the episodes' fields
TYPO_SHORT = 6  # a word this short is a typo of another one letter off at most
_SHOWS_HINT = " Ask “what shows do you know?” for the list."


async def not_in_library(store: Store, question: Question, known: Known, catalog: Catalog) -> QuestionAnswer | None:
    """The "I don't have that" answer when the question names a show, person or episode the library lacks."""
    return await _unknown_name(store, question, known, catalog) or _unheard_episode(question, known, catalog)


async def _unknown_name(store: Store, question: Question, known: Known, catalog: Catalog) -> QuestionAnswer | None:
    """ "any eps from darknet diaries?", "what did john carmack say": a show or person the library has nothing of
    (a word of the name it has never seen) is said to be unknown, rather than answered with something else: an
    answer of the "help" kind, as the library has nothing to say."""
    words = question.show_asked.split() if question.show_asked else []
    if _alternatives(question, words):
        words = []  # no show's name
    titled = words and catalog.titled_with_all(words)  # "the custom agents pod" is that episode, however called
    called = question.show_called and words and not _named_by_the_sources(words, catalog) and not titled
    unknown = words and not _known_or_close(words, known, catalog)
    if words and (called or unknown or await _never_together(store, question, words, known, catalog)):
        text = f"I don't have anything called “{safe(question.show_asked)}”: no show, episode or person by that name."
        return QuestionAnswer(question.text, Intent.HELP.value, [text + _SHOWS_HINT])
    # "who did corey quinn talk to on screaming in the cloud": a host the sources never name, of a show they have
    hosted_by_someone = question.intent is Intent.PEOPLE and bool(question.shows)
    if (
        question.person_asked
        and not hosted_by_someone
        and not _a_known_name(question.person_asked, known, catalog.names)
    ):
        text = f"I don't know anyone called “{safe(question.person_asked)}” in the episodes I have."
        return QuestionAnswer(question.text, Intent.HELP.value, [text])
    return None


def _named_by_the_sources(words: list[str], catalog: Catalog) -> bool:
    """Words the episodes' fields all hold, one of them no English word: a company or product the sources name ("a
    thoughtbot pod" is one of thoughtbot's shows), not another library's show ("the syntax podcast")."""
    return all(w in catalog.field_terms for w in words) and any(specificity(w) >= SOURCES_NAME for w in words)


async def _never_together(store: Store, question: Question, words: list[str], known: Known, catalog: Catalog) -> bool:
    """A name of several words the library holds each of but no two of them together: in no one episode's fields,
    in nothing said, not run together ("is there a hard fork ep", "a hardcore history ep": a show we do not have,
    named in everyday words; "the robot waiters ep" is a moment someone told, "the dev interrupted friday deploy ep"
    two names we have)."""
    if len(words) < 2 or not all(known(w) and not w.isdigit() for w in words):
        return False
    named = r"\b" + " ".join(map(re.escape, words))
    as_show = named + r" (?:eps?|episodes?|pods?|podcasts?|shows?|(?:ever )?(?:do|have|cover|make|run)\b)"
    if not re.search(as_show, normalise(question.clean or question.text)):
        return False  # "eps from notion's side": the words after "from" need not name a show
    for first, second in itertools.pairwise(words):
        fields_holding = set(catalog.field_index.get(first, ())) & set(catalog.field_index.get(second, ()))
        if first + second in catalog.field_terms or fields_holding:
            return False
        if await store.matching_segments(f'"{first}" AND "{second}"', limit=1):
            return False
    return True


def _alternatives(question: Question, words: list[str]) -> set[str]:
    """The words typed as alternatives of each other ("any geospatial / gis eps"): no name, and either will do."""
    typed = (question.clean or question.text).casefold()
    found: set[str] = set()
    for first, second in itertools.pairwise(words):
        if re.search(rf"\b{re.escape(first)}\s*(?:/|\bor\b)\s*{re.escape(second)}\b", typed):
            found.update((first, second))
    return found


def _unheard_episode(question: Question, known: Known, catalog: Catalog) -> QuestionAnswer | None:
    """ "how long is the huberman ep", "summarize the ep on costco": an episode named, or said to be on something,
    by a word the library holds in no form."""
    if question.shows or question.speakers:
        return None
    either = _alternatives(question, question.episode_named)
    named = [w for w in question.episode_named if w not in either]
    if unheard := next((w for w in named if _unheard(w, known, catalog)), None):
        text = f"I don't have an episode called “{safe(unheard)}”: no show, episode or person by that name."
        return QuestionAnswer(question.text, Intent.HELP.value, [text + _SHOWS_HINT])
    if question.episode_on and all(_unheard(w, known, catalog) for w in question.episode_on):
        about = safe(" ".join(question.episode_on))
        text = f"I couldn't find an episode about “{about}”: no episode I have says it."
        return QuestionAnswer(question.text, Intent.HELP.value, [text + _SHOWS_HINT])
    return None


def _unheard(word: str, known: Known, catalog: Catalog) -> bool:
    """A word the library holds in no form: not said, not in a field, no typo or run-together of one, nothing like
    a word of a title ("pgash" is pg_ash; "huberman" is nothing)."""
    if word.isdigit() or known(word) or known.correct(word) or _a_typo(word, known) or known.split(word):
        return False
    if any(concept.said for concept in concepts_for([word], known)[0]):
        return False  # "k8s": shorthand for what the episodes say
    if any(word in re.sub(r"[\W_]+", "", fold(e.ref.title)) for e in catalog.episodes):
        return False  # "pgash" in "pg_ash"
    return process.extractOne(word, catalog.field_terms, scorer=fuzz.ratio, score_cutoff=NEAR_TITLE_WORD) is None


def _a_typo(word: str, known: Known) -> bool:
    """Whether the word is a typo of one the episodes say: a letter or two off, never a shorter word inside it
    ("costco" is not "cost")."""
    found = known.vocabulary.correct(word)
    return found is not None and OSA.distance(word, found[0]) <= (1 if len(word) <= TYPO_SHORT else 2)


def _a_known_name(name: str, known: Known, names: Names) -> bool:
    """Whether the library may know someone by this name: a word it holds, or a typo of a name; a full name only
    when each word is a word of someone's name or a typo of one, or when it names a show ("taylor swift" is
    nobody here, though "taylor" and "swift" are both words the episodes say)."""
    words = name.split()

    def name_word(word: str) -> bool:
        return any(OSA.distance(word, part) <= 1 for part in names.name_words if part[:1] == word[:1])

    if len(words) > 1:  # every word a word of one person's names ("joe rogan" is not Joel Rowan-something)
        people = ({w for form in forms for w in form.split()} for forms in names.people.values())
        fits = any(all(any(fits_name_word(w, part) for part in parts) for w in words) for parts in people)
        return fits or any(form == words for form, _show in names.show_forms)
    return all(known(w) or name_word(w) for w in words)


def _known_or_close(words: list[str], known: Known, catalog: Catalog) -> bool:
    """Whether the library may hold a name: its word, or a typo of one ("stonebreaker"). A name of several words
    with a word the library never holds counts only as a typo of someone's full name ("jsoh wills") or of words
    one title holds together ("notoin custom agents"): any word is a typo of some word, and neither "lex fridman"
    nor "joe rogan" (one letter from a "rowan") is anybody here."""
    if all(known(word) or word.isdigit() for word in words):
        return True
    if len(words) == 1:
        return known.correct(words[0]) is not None or known.vocabulary.correct(words[0]) is not None
    if any(_typo_of(words, form.split()) for form in catalog.names.forms if " " in form):
        return True
    meant = {w if known(w) else _corrected(w, known) for w in words if w not in STOPWORDS}
    return None not in meant and catalog.titled_with_all(meant)


def _corrected(word: str, known: Known) -> str | None:
    found = known.vocabulary.correct(word)
    return known.correct(word) or (found[0] if found else None)


def _typo_of(words: list[str], name: list[str]) -> bool:
    """Whether some run of the words is the name with at most one typo a word."""
    size = len(name)
    return any(
        all(OSA.distance(w, part) <= 1 for w, part in zip(words[i : i + size], name, strict=True))
        for i in range(len(words) - size + 1)
    )

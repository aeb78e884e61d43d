"""From a member's question to its kind and parts: pure, no store, no Discord.

Members ask in their own words ("any episodes on pgvector?", "what's josh's take on dbt", "how many times did
marc say agents"), so the kind is read from cue phrases over the folded question, in an order that settles the
overlaps (a "how many times" is a count of mentions even though it says "how many"; "when was it published" is a
fact, "when did they mention" a moment). The parts are what each answer needs: the people and shows the question
names (found against the corpus's own names, one typo forgiven), the topic words that are left, and the fact,
year or ordering asked for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz.distance import OSA

from bot.text import STOPWORDS, fold, tokens

MAX_QUESTION_CHARS = 500
# A word said in more segments than this is an ordinary word, not a misspelt name.
_RARE_WORD = 5
_ARTICLES = frozenset({"the", "a", "an", "this", "that", "some"})
# Words that follow a person's name in a question ("what did swix say").
_SAYING = frozenset(
    "say says said saying think thinks thought talk talks talked mention mentions mentioned feel".split()
)


class Intent(StrEnum):
    SUMMARY = "summary"
    TOPIC = "topic"
    SPEAKER_TOPIC = "speaker_topic"
    MENTIONS = "mentions"
    PEOPLE = "people"
    LIST = "list"
    FACTS = "facts"
    HELP = "help"


class Fact(StrEnum):
    DURATION = "duration"
    SHOW = "show"
    DATE = "date"
    SPEAKERS = "speakers"
    TRANSCRIPT = "transcript"


class ListKind(StrEnum):
    EPISODES = "episodes"
    SHOWS = "shows"
    COUNT = "count"
    LATEST = "latest"


class Names:
    """The corpus's names a question can use: people (display name -> every name they go by) and shows, indexed
    for lookup word by word; and how common each word is in the library (a misspelt name is a rare word: "willy"
    in "the willy wonka factory" is no name)."""

    def __init__(
        self,
        people: Mapping[str, Sequence[str]],
        shows: Sequence[str],
        word_counts: Mapping[str, int] | None = None,
    ) -> None:
        self.people = people
        self.shows = shows
        self.word_counts = word_counts or {}
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
            ((form, show) for show in shows for form in _show_forms(show)), key=lambda pair: -len(pair[0])
        )


@dataclass(frozen=True, slots=True)
class Question:
    """A question read into its kind and parts."""

    text: str
    intent: Intent
    topic: list[str] = field(default_factory=list)  # folded topic words, in order
    speakers: list[str] = field(default_factory=list)  # display names of the people named
    shows: list[str] = field(default_factory=list)
    episode_words: list[str] = field(default_factory=list)  # what is left to identify an episode by
    fact: Fact | None = None
    list_kind: ListKind | None = None
    year: int | None = None
    count: bool = False  # "how many times"
    passage: str | None = None  # "who said <a remembered passage>": the passage, as typed


# ---------------------------------------------------------------------------------------------- cue phrases
# Matched against the question folded to lowercase words separated by single spaces.

_SUMMARY = re.compile(
    r"\b(summar\w*|summery|sumar\w*|tl ?;? ?dr|tldr|tldw|recap\w*|gist|rundown|run down|synopsis|overview|"
    r"key (points|takeaways)|main points|takeaways|highlights|sum up|sum it up|breakdown|what did i miss"
    r"|short version|in short|in a nutshell|cliff ?notes|eli5)\b"
    r"|\bwhat(s| was| is| were) (the |that |this )?(\w+ ){0,6}"
    r"(episode|ep|one|podcast|interview|convo|conversation|show|talk|chat) about\b"
    r"|\bwhat(s| was| is) (\w+ ){0,6}about\b(?! \w)"
)
_COUNT_OF_THINGS = re.compile(r"\bhow many (episodes|eps|shows|podcasts|speakers|people|ppl)\b")
_COUNT = re.compile(r"\bhow (many times|often|much)\b|\bnumber of (times|mentions)\b|\bcount (the )?(times|mentions)\b")
_FACT_PATTERNS: tuple[tuple[Fact, re.Pattern[str]], ...] = (
    (
        Fact.DURATION,
        re.compile(r"\bhow long\b|\bduration\b|\blength\b|\bruntime\b|\brun time\b|\bhow many (minutes|hours|mins)\b"),
    ),
    (
        Fact.SPEAKERS,
        re.compile(
            r"\bhow many (speakers|people|ppl|voices|guests|hosts|persons)\b|\bnumber of (speakers|people|guests)\b"
        ),
    ),
    (
        Fact.DATE,
        re.compile(
            r"\bwhen (was|did|is) (\w+ ){0,8}(published|released|release|come out|came out|air|aired|recorded|out)\b"
            r"|\b(release|publish\w*|air|recording) date\b|\bwhat date\b|\bhow old is\b"
        ),
    ),
    (Fact.TRANSCRIPT, re.compile(r"\btranscripts?\b|\btranscribed\b")),
    (
        Fact.SHOW,
        re.compile(
            r"\b(what|which) (show|podcast|series) (is|was|s|does|did)\b"
            r"|\bfrom which (show|podcast)\b|\bpart of which\b"
        ),
    ),
)
_PEOPLE = re.compile(
    r"\bwho (was|were|is|are|s|else was|all was) (on|in|the guest|the guests|the host|the hosts|guest|guests|host"
    r"|hosts|hosting|talking|speaking|featured|interviewed|the speakers?|speakers?)\b"
    r"|\bwho hosts?\b|\bwhos (on|in|the)\b|\bwho (participated|took part|joined|was featured|were featured)\b"
    r"|\bwho (did|do|does) (they|he|she|it|the show) (interview|have on|talk to|chat with|host)\b"
    r"|\bwho (appears?|appeared|speaks?|spoke|talks|talked) (on|in)\b"
    r"|\b(guests?|hosts?|speakers|people|cast|lineup) (of|on|in|from)\b"
    r"|\bwho (are|were) the (guests?|hosts?|speakers|people)\b|\bwho is in\b|\bwho interviewed\b|\bwhos hosting\b"
    r"|\bwho hosted\b|\bwho (talked|spoke|talks|speaks|said|talk)( the)? (most|least)\b"
    r"|\bwho (else )?(was|were) there\b"
)
_MENTIONS = re.compile(
    r"\bwhen (did|does|do|was|were|is|has|have)\b|\bwho (brought|brings|bring) up\b|\bwho (mentioned|mentions|said|says"
    r"|talked about|talks about|raised|first mentioned|first said|discussed|spoke about|called)\b"
    r"|\bwhere (did|does|do|was|is)\b.*\b(mention\w*|say|said|talk\w*|come up|came up|discuss\w*)\b|\bwhat time\b"
    r"|\btimestamps?\b|\bat what point\b|\b(came|come|comes|coming) up\b|\bwhich moments?\b|\bwhat minute\b"
)
_LIST = re.compile(
    r"\blist\b|\ball (the |of the |your )?(episodes|eps|shows|podcasts)\b|\b(what|which) (episodes|shows|podcasts|eps)"
    r" (do|does|did|have|are|can) (you|u|ya|we|there|the bot|it)\b|\bwhat (shows|podcasts)\b|\bwhich (shows|podcasts)\b"
    r"|\bhow many (episodes|eps|shows|podcasts)\b|\b(latest|newest|most recent|last|recent|new|first|oldest|earliest)"
    r" (episode|episodes|ep|eps)\b|\bepisodes? (from|in|of) (19|20)\d\d\b|\bcatalog\w*\b|\bwhat do you (know|have)\b"
    r"|\bwhat (can|do) you (cover|answer)\b|\bepisodes? (list|index)\b|\bshow me (the )?episodes\b"
    r"|\b(has|have|was|were|is) \w+( \w+)? (been|appeared|appear|be) (on|in)\b|\bbeen on\b"
    r"|\bepisodes? (\w+ ){1,3}(is|was|are|were|appears?|appeared|speaks?|spoke) (on|in)\b"
)
_TOPIC = re.compile(
    r"\b(which|what|any|an|the|some|other) (episode|episodes|eps|ep|shows?|podcasts?|one|ones)\b"
    r"|\bepisodes? (about|on|covering|discussing|that|where|talking|mentioning)\b|\bis there (an|any)\b"
    r"|\bdid (they|you|anyone|anybody|someone|the podcast|any episode|the hosts|the guests|we|u) (ever |once |)"
    r"(discuss|talk|cover|mention|touch|get|go|do|bring|speak|say)\w*\b|\banything (on|about)\b|\btalk\w* about\b"
    r"|\bdiscuss\w*\b|\bcover\w*\b|\babout\b|\b(episodes?|eps?)\b"
)
# "who said ...", "when did someone say ...": what follows is a remembered passage when it runs to a few words.
_PASSAGE = re.compile(
    r"^\W*(?:@\S+\s+)?(?:(?:ok|so|hey|lol|yo|hmm)\W+)*(?:who|when|where|which|what|in which|at what)\b[^\n]{0,40}?"
    r"\b(?:said|say|says|saying)\b[\s:,]*(.+)$",
    re.IGNORECASE | re.DOTALL,
)
# "someone said <passage> - who?"
_PASSAGE_FIRST = re.compile(
    r"^\W*(?:@\S+\s+)?(?:someone|somebody|some guy|one of them|a guest|the guest|the host)\s+(?:said|says|was saying)"
    r"\b[\s:,]*(.+?)(?:\s*[-–—,(]+\s*(?:who|when|which ep\w*|what ep\w*)\b.*)?$",
    re.IGNORECASE | re.DOTALL,
)
PASSAGE_WORDS = 5
_OTHER_REQUEST = re.compile(
    r"^(please )?(write|compose|sing|draw|generate|create|translate|make|code|solve|calculate|invent)\b"
)
_EPISODE_WORD = re.compile(r"\b(episodes?|eps?|podcasts?|shows?|transcripts?)\b")
_LATEST = re.compile(r"\b(latest|newest|most recent|last|recent|new)\b")
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_MENTION_TOKEN = re.compile(r"<[@#][!&]?\d+>|@\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

# Chat shorthand, spelt out before the question is read.
SHORTHAND = {
    "abt": "about",
    "bout": "about",
    "ppl": "people",
    "ppls": "people",
    "convo": "conversation",
    "eps": "episodes",
    "epi": "episode",
    "epsiode": "episode",
    "episdoe": "episode",
    "u": "you",
    "ur": "your",
    "ya": "you",
    "w": "with",
    "wrt": "about",
    "re": "about",
    "rn": "now",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "bc": "because",
    "smth": "something",
    "sth": "something",
    "someone's": "someone",
    "abt.": "about",
}
# Words that say what kind of question it is, or are chat, rather than what it is about.
QUESTION_WORDS = frozenset(
    """episode episodes ep eps epi episdoe epsiode podcast podcasts show shows series pod pods interview interviews
    convo conversation conversations chat talk talks talked talking discuss discussed discusses discussing discussion
    mention mentions mentioned mentioning say says said saying speak spoke speaking bring brought brings bringing up
    cover covers covered covering touch touched ever anyone anybody someone somebody they them guys folks hosts host
    guest guests people person speakers speaker which what whats when where who whos whom how many times often
    much count number any anything some something take takes opinion opinions thoughts think thinks thought view views
    feel feels stance position tell please pls plz thanks thx thank hey hi hello yo sup bot podquote give me us show
    find search look list all know have got get gimme wanna want need can could would will did does do done u ur
    came come comes coming moment moments time timestamp timestamps minute point first last latest newest recent
    again one ones really actually exactly btw lol lmao idk kinda sorta like also ok okay
    summarize summarise summary summaries tldr tl dr recap gist overview rundown
    long duration length runtime published released release date transcript transcripts
    appear appears appeared featured featuring feat ft on in about said bout abt re regarding
    good best great cool interesting everything anybody everyone ppl thing things stuff every feature features
    featured been now please""".split()
)


# ---------------------------------------------------------------------------------------------- reading


def normalise(text: str) -> str:
    """The question as lowercase words separated by single spaces: no mentions, links or punctuation, chat
    shorthand spelt out ("abt" -> "about", "ppl" -> "people")."""
    text = _URL.sub(" ", _MENTION_TOKEN.sub(" ", text[:MAX_QUESTION_CHARS]))
    text = re.sub(r"[’']", "", fold(text))  # "what's" -> "whats", "josh's" -> "joshs" is undone below
    return " ".join(SHORTHAND.get(w, w) for w in re.findall(r"[^\W_]+|;", text))


def parse_question(text: str, names: Names) -> Question:
    """Read a question: its intent and the parts the answer needs."""
    plain = normalise(text)
    words = [w for w in tokens(plain.replace(";", " ")) if w]
    speakers, speaker_words = find_people(words, names)
    shows, show_words = find_shows(words, names)
    named = speaker_words | show_words
    rest = [w for i, w in enumerate(words) if i not in named]
    topic = topic_words(rest)
    year_match = _YEAR.search(plain)
    year = int(year_match.group(1)) if year_match else None
    intent, fact, list_kind = _intent(plain, topic, bool(speakers), bool(shows), year)
    episode_words = [w for w in rest if w not in STOPWORDS]
    passage = remembered_passage(text)
    if passage is not None and intent is not Intent.SUMMARY:
        intent = Intent.MENTIONS
    return Question(
        text=text,
        intent=intent,
        topic=topic,
        speakers=speakers,
        shows=shows,
        episode_words=episode_words,
        fact=fact,
        list_kind=list_kind,
        year=year,
        count=bool(_COUNT.search(plain)),
        passage=passage,
    )


def remembered_passage(text: str) -> str | None:
    """The passage in "who said <passage>" (or "someone said <passage> - who?") when it runs to several words;
    a few words are a topic instead."""
    text = text[: MAX_QUESTION_CHARS * 4].strip()
    match = _PASSAGE.match(text) or _PASSAGE_FIRST.match(text)
    if match is None:
        return None
    passage = match.group(1).strip().strip("\"“”'‘’?")
    return passage if len(tokens(passage)) >= PASSAGE_WORDS else None


def _intent(
    plain: str, topic: list[str], has_speaker: bool, has_show: bool, year: int | None
) -> tuple[Intent, Fact | None, ListKind | None]:
    """The first kind whose cues the question has, in an order that settles the overlaps."""
    if not plain.strip(" ;"):
        return Intent.HELP, None, None
    fact = next((f for f, pattern in _FACT_PATTERNS if pattern.search(plain)), None)
    if fact is Fact.TRANSCRIPT and _SUMMARY.search(plain):
        fact = None  # "summarise the transcript" asks for a summary
    rules = (
        (Intent.MENTIONS, bool(topic) and bool(_COUNT.search(plain)) and not _COUNT_OF_THINGS.search(plain)),
        (Intent.FACTS, fact is not None),
        (Intent.SUMMARY, bool(_SUMMARY.search(plain)) and not _MENTIONS.search(plain)),
        (Intent.PEOPLE, bool(_PEOPLE.search(plain))),
        (Intent.MENTIONS, bool(topic) and bool(_MENTIONS.search(plain))),
        (Intent.LIST, bool(_LIST.search(plain)) or _names_only_list(plain, topic, has_speaker or has_show)),
        (Intent.LIST, bool(year) and not topic),
        (Intent.SPEAKER_TOPIC, has_speaker and bool(topic)),
        (Intent.TOPIC, bool(topic) and bool(_TOPIC.search(plain))),
    )
    intent = next((intent for intent, applies in rules if applies), Intent.HELP)
    if intent is Intent.TOPIC and _OTHER_REQUEST.search(plain) and not _EPISODE_WORD.search(plain):
        intent = Intent.HELP  # "write me a haiku about autumn" asks for something else than the episodes
    return intent, fact if intent is Intent.FACTS else None, _list_kind(plain) if intent is Intent.LIST else None


def _names_only_list(plain: str, topic: list[str], has_name: bool) -> bool:
    """ "latent space episodes", "eps with swyx": a show or person, episodes, and nothing else asked."""
    return has_name and not topic and bool(re.search(r"\b(episodes?|eps?|shows?|podcasts?|appearances?)\b", plain))


def _list_kind(plain: str) -> ListKind:
    if re.search(r"\bhow many\b", plain):
        return ListKind.COUNT
    if re.search(r"\b(what|which|all|list)( the| of the| your)? (shows|podcasts)\b|\bshows\b", plain):
        return ListKind.SHOWS
    if _LATEST.search(plain) and re.search(r"\b(episode|ep|one)\b", plain):
        return ListKind.LATEST
    return ListKind.EPISODES


def topic_words(words: Iterable[str]) -> list[str]:
    """What a question is about: its words without stop words, question words and chat."""
    kept: list[str] = []
    for word in words:
        if word in STOPWORDS or word in QUESTION_WORDS or (len(word) == 1 and not word.isdigit()):
            continue
        if _YEAR.fullmatch(word):
            continue
        kept.append(word)
    return list(dict.fromkeys(kept))


# ---------------------------------------------------------------------------------------------- names


def find_people(words: Sequence[str], names: Names) -> tuple[list[str], set[int]]:
    """People the words name, and the positions of the words that named them. Full names are found first
    (one typo per name forgiven); then a first or last name alone names everyone who goes by it ("marc": Marc
    Andreessen and Marc Gauthier), misspelt only where a name is expected ("what did swix say") or the word is
    rare, and never right after an article."""
    found: list[str] = []
    used: set[int] = set()
    for start, word in enumerate(words):
        for display, parts in names.full_names.get(word[:1], ()):
            span = range(start, start + len(parts))
            if display in found or span.stop > len(words) or used.intersection(span):
                continue
            if all(_same_name(words[i], part, fuzzy=True) for i, part in zip(span, parts, strict=True)):
                found.append(display)
                used.update(span)
    single: set[int] = set()
    for index, word in enumerate(words):
        if index in used:
            continue
        if _another_surname_follows(words, index, names):
            continue  # "adam zimman" is not Adam Wiggins
        displays = names.single_names.get(word) or names.single_names.get(word.removesuffix("s"), [])
        if not displays and _name_expected(words, index, names.word_counts):
            displays = [d for d, form in names.singles_by_initial.get(word[:1], ()) if _close_name(word, form)]
        for display in displays:
            if display not in found:
                found.append(display)
                single.add(index)
    return found, used | single


def _another_surname_follows(words: Sequence[str], index: int, names: Names) -> bool:
    """A first name followed by a word that looks like a surname but is none of that name's people's."""
    word = words[index]
    following = words[index + 1] if index + 1 < len(words) else ""
    if word not in names.first_names or len(following) < 3 or not following.isalpha():
        return False
    if following in STOPWORDS or following in QUESTION_WORDS or following in _SAYING:
        return False
    return following not in names.first_names[word]


def _name_expected(words: Sequence[str], index: int, counts: Mapping[str, int]) -> bool:
    if index and words[index - 1] in _ARTICLES:
        return False
    following = words[index + 1] if index + 1 < len(words) else ""
    return following in _SAYING or counts.get(words[index], 0) <= _RARE_WORD


def _find_form(words: Sequence[str], form: Sequence[str], used: set[int], *, fuzzy: bool) -> list[int]:
    size = len(form)
    for start in range(len(words) - size + 1):
        span = list(range(start, start + size))
        if used.intersection(span):
            continue
        if all(_same_name(words[i], part, fuzzy=fuzzy) for i, part in zip(span, form, strict=True)):
            return span
    return []


def _same_name(word: str, part: str, *, fuzzy: bool) -> bool:
    if word in (part, part + "s"):  # "joshs take": the apostrophe is gone
        return True
    return fuzzy and _close_name(word, part)


def _close_name(word: str, part: str) -> bool:
    """One edit away (a swap counts as one; two in names of 8+ letters), same first letter, names of 4+ letters
    ("min" for "Minn")."""
    allowed = 2 if len(part) >= 8 else 1
    return len(part) >= 4 and len(word) >= 3 and word[0] == part[0] and OSA.distance(word, part) <= allowed


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
            forms.extend(
                w for w in (words[0], words[-1]) if len(w) >= 3 and w not in STOPWORDS and w not in QUESTION_WORDS
            )
    return list(dict.fromkeys(forms))


def find_shows(words: Sequence[str], names: Names) -> tuple[list[str], set[int]]:
    """Shows named in full (an initial "the" optional, one typo forgiven) or by two or more of their words in a
    row ("giant robots"), longest names first, and the positions that named them."""
    found: list[str] = []
    used: set[int] = set()
    for form, show in names.show_forms:
        if show in found:
            continue
        hit = _find_form(words, form, used, fuzzy=len(form) > 1)
        if hit:
            found.append(show)
            used.update(hit)
    return found, used


def _show_forms(show: str) -> list[list[str]]:
    """The show's words, then its runs of at least two words that neither start nor end with a stop word; a
    one-word show needs 4+ letters."""
    form = tokens(show)
    if len(form) > 1 and form[0] == "the":
        form = form[1:]
    if not form or (len(form) == 1 and len(form[0]) < 4):
        return []
    runs = [form[i : i + size] for size in range(len(form) - 1, 1, -1) for i in range(len(form) - size + 1)]
    return [form, *[run for run in runs if run[0] not in STOPWORDS and run[-1] not in STOPWORDS]]

"""From a member's question to its kind and parts: pure, no store, no Discord.

Members ask in their own words ("any episodes on pgvector?", "what's josh's take on dbt", "how many times did
marc say agents", "redis mentioned at all", "who's jacob effron"), so the question is read from what it names
outward: the people, shows and episode numbers it names (found against the corpus's own names), the topic words
that are left, and cue phrases over the folded question that decide how the answer is presented (a count, a list,
who, when, a fact, a summary), in an order that settles the overlaps. A question with no cue is still answered
from what it names: a person alone is "who is", a show alone is its episodes, known words are a topic. Only a
question naming nothing the library holds gets the help.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz.distance import OSA

from bot.questions.clean import MAX_QUESTION_CHARS, question_text
from bot.questions.names import Names, find_people, find_shows, fits_name_word, known_term, name_forms
from bot.questions.topics import specificity
from bot.text import STOPWORDS, fold, tokens

__all__ = ["Fact", "Intent", "ListKind", "Names", "Question", "name_forms", "normalise", "parse_question"]


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
    NUMBER = "number"
    LINK = "link"


class ListKind(StrEnum):
    EPISODES = "episodes"
    SHOWS = "shows"
    COUNT = "count"
    LATEST = "latest"


@dataclass(frozen=True, slots=True)
class Question:
    """A question read into its kind and parts."""

    text: str  # as the member sent it
    intent: Intent
    clean: str = ""  # the question in it: invisible characters, mentions and greetings gone, the end of a long one
    topic: list[str] = field(default_factory=list)  # folded topic words, in order
    speakers: list[str] = field(default_factory=list)  # display names of the people named
    shows: list[str] = field(default_factory=list)
    episode_words: list[str] = field(default_factory=list)  # what is left to identify an episode by
    show_words: list[str] = field(default_factory=list)  # the words that named the shows, as typed
    fact: Fact | None = None
    list_kind: ListKind | None = None
    year: int | None = None
    count: bool = False  # "how many times"
    passage: str | None = None  # "who said <a remembered passage>": the passage, as typed
    episode_number: int | None = None  # "bike shed 412", "ep #13"
    show_asked: str | None = None  # "any eps from <show>": the show named, as typed, when the library has none
    show_called: bool = False  # ...named as one: "the syntax podcast" (its words may be everyday words)
    person_asked: str | None = None  # "what did <name> say": the name, as typed, when the library knows nobody
    about_person: bool = False  # "who is <person>", "<person>?": the person is the subject
    phrase: str | None = None  # a phrase the member put in quotes: "how often does ben say 'be intentional'"
    episode_scope: str | None = None  # only this episode's moments (a follow-up: "and in the other episode?")
    employer: str | None = None  # "which guests worked at heroku": the company, folded
    role: str | None = None  # "which guests have been CEO of heroku": the role
    described: bool = False  # "who's the guy that led design of the heroku api": a person told by what they did
    episode_named: list[str] = field(default_factory=list)  # "the huberman ep": the words naming an episode
    episode_on: list[str] = field(default_factory=list)  # "summarize the ep on costco": what one episode is on
    request: bool = False  # asks the bot to do something else: "write me a haiku about kubernetes"


# ---------------------------------------------------------------------------------------------- cue phrases
# Matched against the question folded to lowercase words separated by single spaces.

_EPISODE = r"(?:episode|ep|one|podcast|interview|conversation|show|talk|chat|pod|segment)"
_SUMMARY = re.compile(
    r"\b(summar\w*|summery|sumar\w*|tl ?;? ?dr|tldr|tldw|recap\w*|gist|rundown|run down|synopsis|overview|"
    r"key (points|takeaways)|main points|takeaways|highlights|sum up|sum it up|breakdown|what did i miss"
    r"|short version|in short|in a nutshell|cliff ?notes|eli5|catch me up|fill me in)\b"
    r"|\bexplain (it |that |this )?like (im|i m|i am|id be) (5|five|a \w+)\b"
    # "whats in that news roundup where ..."
    r"|\bwhat(s| is| was) (in|on) (the|that|this) (\w+ ){1,4}(where|with|when|that)\b"
    rf"|\bexplain (the|that|this) (\w+ ){{0,8}}?{_EPISODE}s?\b"
    r"|\b(in|as) (like |a few |some )?(\d+|a few|few|three|five|some) (bullets?|bullet points|sentences|lines|words)\b"
    rf"|\bwhat(s| was| is| were) (the |that |this )?(\w+ ){{0,10}}{_EPISODE}s?\b( \w+){{0,8}} about\b(?! \w+ \w)"
    r"|\bwhat(s| was| is) (\w+ ){0,10}about\b(?! \w)"
    rf"|\bwhat(s| is| was) (the|that) (\w+ ){{0,4}}{_EPISODE} (where|with|when|that)\b"
    r"|\bwhat (did|do|does) the (\w+ ){1,12}?(talk|chat|go on) about$"
    r"|\bwhat (did|do|does) (they|he|she|we|you|the hosts|the guests|(\w+ ){1,3})(actually |even |all )?(go over"
    r"|went over|get into|got into|dig into|cover|covered|get up to)\b"
    r"|\bwhat (did|do|does) (they|the hosts|the guests|everyone|\w+ and \w+) (actually |even )?(discuss|talk about"
    rf"|chat about)( in (the|that|this) (\w+ ){{0,6}}{_EPISODE})?$"
    r"|\bwhat (happens|happened|goes on|went on) in\b"
    rf"|\bwhat (is|was|s) (in|on) (the|that|this) (\w+ ){{0,6}}{_EPISODE}\b"
    rf"|\b(worth|should i) (a )?(listen|listening|watching|watch)\b"
)
# "..., what was that about": a question about what the clause before it says.
_REFERS_BACK = re.compile(r"(?:(?:so|and|but|ok|like|hmm) )*what (?:s|was|is) (?:that|this|it) (?:all )?about(?: \w+)?")
_ABOUT_WHAT_WAS_SAID = re.compile(
    r"\b(?:talked|talking|talks|spoke|said|says|mentioned|went off|ranted|joked|explained) (?:about|on)\b"
)
_COUNT_OF_THINGS = re.compile(r"\bhow many (episodes|eps|shows|podcasts|speakers|people|ppl|guests|hosts)\b")
_COUNT = re.compile(
    r"\bhow (many times|often|frequently)\b|\bnumber of (times|mentions)\b|\bcount (the )?(times|mentions)\b"
    r"|\bhow much (did|does|do|has|have|is|was) (\w+ ){1,3}(talk|say|said|mention|discuss|bring|brought|go on"
    r"|speak|rant)"
    r"|\b(more than once|multiple times|several times)\b"
)
_FACT_PATTERNS: tuple[tuple[Fact, re.Pattern[str]], ...] = (
    (
        Fact.DURATION,
        re.compile(
            r"\bhow long\b(?! (till|until|before|after|does it take|did it take|would it take|it took|ago"
            r"|(you|we|i|they|he|she|it|people|teams?|agents?) (can|could|would|will|should|take|took|had|have|spent)))"
            r"|\bduration\b|\blength\b|\bruntime\b|\brun time\b|\bhow many (minutes|hours|mins)\b"
            r"|\bis (it|that|this)( one| ep| episode)? (long|short)\b|\b(mins|minutes|hours|hrs) long\b"
            r"|\bis (\w+ ){1,6}(long|short|lengthy)$"
            r"|\bhow (lengthy|big)\b|\b(short|long|quick) enough\b"  # "short enough for my 1hr flight"
        ),
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
            r"\bwhen (was|did|is|were) (\w+ ){0,14}(published|released|release|come out|came out|air|aired|recorded"
            r"|record|publish|post|upload|out|posted|uploaded|drop|dropped|made|taped|tape)\b"
            r"|\b(release|publish\w*|air|recording|upload) date\b"
            r"|\bwhat date\b|\bhow old is\b|\bwhat year\b|\bhow recent\b|^(the )?date (on|of|for)\b"
            r"|\b(whats|what is|what was) the date (on|of|for)\b"
            r"|^when (is|was|are|were) (\w+ ){1,14}from$"
            r"|^when (was|is) (that|the|this) (\w+ ){0,3}(ep|episode|podcast|pod|show|one|interview)\b"
        ),
    ),
    (Fact.TRANSCRIPT, re.compile(r"\btranscripts?\b|\btranscribed\b")),
    (
        Fact.SHOW,
        re.compile(
            r"\b(what|which) (show|podcast|series|pod) (is|was|s|does|did|it|that|this)\b"
            r"|\bfrom (which|what) (show|podcast|pod|series)\b|\bpart of (which|what)\b"
            r"|\b(which|what) (show|podcast|pod|series)( is| was|s)? (it|that|this|the \w+( \w+){0,6})"
            r" (from|on|part of)\b"
            r"|\bis from which\b|(?<!where )\b(is|was) (it|this|that) from\b"
            r"|\b(which|what) (show|podcast|pod|series) (put out|made|released|published|aired|had|ran|produced"
            r"|dropped)\b"
        ),
    ),
    (
        Fact.NUMBER,
        re.compile(
            r"\b(episode|ep|eps) (number|num|nr|no(?= \d| of\b| for\b|$))\b"
            r"|\b(what|which) (episode |ep )?(number|num)\b"
            r"|\bwhat (episode|ep) (was|is) (it|that|this)\b|\b(what|which) (ep|episode) (was|is) the\b"
            r"|\bnumber (for|of) (the|that|this)\b|\b(what|which) (\w+ ){1,2}(number|num) (is|was)\b"
            r"|\b(what|which) (\w+ ){1,4}(ep|episode) (was|is) the (\w+ ){1,8}one$"
        ),
    ),
    (
        Fact.LINK,
        re.compile(
            r"\b(link|links|url|address) (to|for|of)\b|\bwhere (can|do|could) (i|you|we) (listen|watch|find|hear|get)\b"
            r"|\b(show ?notes|audio|mp3|youtube link)\b|\bgive me (the )?(link|url)\b"
            r"|\b(site|website|homepage|blog|github|twitter|linkedin|profile|repo) (link|url)\b"
        ),
    ),
)
_PEOPLE = re.compile(
    r"\bwho (was|were|is|are|s|else was|all was) (on|in|the guest|the guests|the host|the hosts|guest|guests|host"
    r"|hosts|hosting|featured|interviewed|the speakers?|speakers?|behind"
    r"|running(?= (?:the |that |this )?(?:show|pod|podcast|it|things)\b|$))\b"  # not "running agents while ..."
    r"|\bwho (s |is |was |are |were )?(talking|speaking|chatting)\b(?! about)"
    r"|\bwho hosts?\b|\bwhos (on|in|the|behind|running)\b"
    r"|\bwho (participated|took part|joined|was featured|were featured)\b"
    r"|\bwho (did|do|does) (\w+ ){1,4}?(interview|interviews|have on|has on|talk to|chat with|host|bring on|get on)\b"
    r"|\bwho (appears?|appeared|speaks?|spoke|talks|talked) (on|in)\b"
    r"|\b(guests?|hosts?|speakers|cast|lineup|panel|panelists|cohosts?|co hosts?) (of|on|in|from)\b"
    r"|\bpeople (of|on|in|from) (the|that|this|a)\b"
    r"|\bwho (are|were|is|was|s) the (\w+ ){0,5}(guests?|hosts?|speakers|people|cohosts?|co hosts?|founders?"
    r"|cofounders?|co founders?|creators?|folks|ppl|peeps|guys|dudes)\b|\bwho all\b"
    r"|\bwho is in\b|\bwho interviewed\b|\bwhos hosting\b|\bwho (runs|ran|makes|made|produces|produced|does|did) "
    r"(the |that |this )?(\w+ ){0,4}(show|podcast|pod|series|thing|segment|bit)\b"
    r"|\bwho (runs|ran|makes|made|produces|wrote)\b"
    r"|\bwho hosted\b|\bwho (talked|spoke|talks|speaks|said|talk)( the)? (most|least)\b"
    r"|\bwho (else )?(was|were) there\b|\bwho (else|other)\b|\bthe other (guest|host|speaker)\b"
    r"|\b(hosts?|cohosts?|guests?)\b$"
    r"|\bwho (came|comes|come) on\b|\b(another|a second|second|2nd) (guest|host|speaker)\b"
    r"|\bwho (from|at) \w+( \w+)? (was|were|is|are|came|went) (on|in)\b"
    r"|\bwho (did|does|do) (\w+ ){1,3}(do|record|recorded|have|had|host|hosted) (\w+ ){0,6}with\b"
    r"|\bwho (is|s|was) (he|she|they|that|this|that guy|this guy)\b"
)
# "corey quinn had someone on about heroku's comeback, who was that": a guest asked for by the talk they came on for
_HAD_ON = re.compile(
    r"\b(had|has|have|brought|got) (someone|somebody|a guest|some guest|a guy|some guy|this guy|a woman|a lady"
    r"|an expert) on\b"
)
# "who is <person>", "tell me about <person>": the words before a person who is the subject of the question.
_ABOUT_PERSON = (
    ("who", "is"),
    ("who", "was"),
    ("who", "are"),
    *(("who", filler, verb) for filler in ("even", "exactly", "actually", "really") for verb in ("is", "was")),
    ("tell", "me", "about"),
    ("what", "about"),
    ("info", "on"),
    ("more", "on"),
    ("who", "the", "heck", "is"),
    ("what", "do", "you", "know", "about"),
    ("do", "you", "know"),
)
_SHOW_PEOPLE = re.compile(r"\b(hosts?|co hosts?|hosted|hosting|guests?|speakers?|cast|panel|who)\b")
_MENTIONS = re.compile(
    r"\bwhen (did|does|do|was|were|is|has|have)\b|\bwho (brought|brings|bring) up\b|\bwho (mentioned|mentions|said|says"
    r"|talked about|talks about|raised|first mentioned|first said|discussed|spoke about|called|was talking about"
    r"|were talking about|is talking about)\b"
    r"|\bwhere (did|does|do|was|is)\b.*\b(mention\w*|say|said|talk\w*|come up|came up|discuss\w*|explain\w*"
    r"|describe\w*|tell|told|bring|brought|share|shared|ask|asked)\b|\bwhat time\b(?! is it\b)"
    r"|\btimestamps?\b|\bat what point\b|\b(came|come|comes|coming) up\b|\bwhich moments?\b|\bwhat minute\b"
    r"|\bwhere (did|do|have|had) (i|we|u|you) (hear|heard|see|saw|catch|caught|read)\b"
    r"|\bwho (got|gets|was|were|is) asked\b"
    # "who was running agents while their kids played lacrosse": someone told by what they did
    r"|^who (was|were|is|s) (?!(going|coming|hosting|talking|speaking|chatting)\b|running (the|that|this)\b)\w+ing \w+"
    r"|\b(said|say|says|saying) (the (word|phrase|name)|it)\b"
)
# Cues of moments that, with a person named, ask what that person said instead when the question asks for their
# view ("what did sarah mention about gemini"); else their moments ("did josh mention tailscale").
_MENTIONS_UNLESS_PERSON = re.compile(
    r"\bmention(s|ed|ing)?\b|\b(bring|brings|bringing|brought) up\b|\breference[sd]?\b|\bshout ?out\b"
    r"|\b(did|does|has|have|ever) (\w+ ){0,3}(bring|brought) (it|that|this|them) up\b"
)
_VIEW_ASKED = re.compile(r"\bwhat (did|does|do|has|have|was|is)\b|\b(opinion|think|thinks|thoughts?|take|view|feel)\b")
# A moment asked for by where it is: "the bit where andreessen brings up ...", "... where was that", "..., which
# bike shed ep was that", "... find that part".
_MOMENT_LOCATED = re.compile(
    r"\b(bit|part|moment|section|segment|point) (where|when)\b"
    r"|\bwhere (was|is) (that|it|this)\b|\bwhere in (the|that)\b"
    r"|\bwhich (\w+ ){0,3}?(ep|episode)( (was|is) (that|it|this))?( (lol|lmao|haha|lul|tho|though|again))*$"
    r"|\b(find|show|link|get) (me )?(that|the|this) (bit|part|moment|clip|spot|segment)\b"
    r"|\bfind (where|when)\b|\bdid (anyone|anybody|someone|somebody) (do|say|tell|make) (the|that|a)\b"
    r"|\bdid (anyone|anybody|someone|somebody)( \w+){0,4}? (say|said)\b"
    r"|\b(story|anecdote) (where|about|when|of how)\b"
    r"|\b(a|the|that) (bit|segment|rant|tangent) (about|on)\b|\b(exact|actual) (line|quote|words|wording|timestamp)\b"
    r"|\b(i swear|pretty sure|im sure|sure) (he|she|they|someone|somebody) (said|says|mentioned) (that|it|this)\b"
    r"|\b(they|he|she|someone|somebody|hosts|guests?) (kept|keep|keeps) (saying|mentioning|repeating|bringing up"
    r"|calling)\b"
)
_LIST = re.compile(
    r"\blist\b|\ball (the |of the |your )?(episodes|eps|shows|podcasts)\b|\b(what|which) (episodes|shows|podcasts|eps)"
    r" (do|does|did|have|are|can|has|had|is|was|were) (you|u|ya|we|there|the bot|it|\w+)\b|\bwhat (shows|podcasts)\b"
    r"|\bwhich (shows|podcasts)\b|\bhow many (episodes|eps|shows|podcasts)\b"
    r"|\b(latest|newest|most recent|last|recent|new|first|oldest|earliest)"
    r" (episode|episodes|ep|eps)\b|\bepisodes? (from|in|of) (19|20)\d\d\b|\bcatalog\w*\b|\bwhat do you (know|have)\b"
    r"|\bwhat (can|do) you (cover|answer)\b|\bepisodes? (list|index)\b|\bshow me (the |all |every )?(episodes|eps)\b"
    r"|\b(has|have|was|were|is) \w+( \w+)? (been|appeared|appear|be) (on|in)\b|\bbeen on\b"
    r"|\bepisodes? (\w+ ){1,3}(is|was|are|were|appears?|appeared|speaks?|spoke) (on|in)\b"
    r"|\bevery (\w+ ){0,4}(episode|ep|pod|podcast|show)s?\b|\b(gimme|give me|show me) (all|every|the)\b"
    r"|\b(episodes|eps|everything) (with|featuring|by)\b|\b(indexed|in here|do you have|have you got|you got)\b"
)
_TOPIC = re.compile(
    r"\b(which|what|any|an|the|some|other) (episode|episodes|eps|ep|shows?|podcasts?|one|ones)\b"
    r"|\bepisodes? (about|on|covering|discussing|that|where|talking|mentioning)\b|\b(is|was) there (an|any|one|a)\b"
    r"|\bdid (they|you|anyone|anybody|someone|the podcast|any episode|the hosts|the guests|we|u|any guests?"
    r"|any hosts?|any of them|any of the guests|any eps?) (ever |once |)"
    r"(discuss|talk|cover|mention|touch|get|go|do|bring|speak|say)\w*\b|\banything (on|about|for)\b|\btalk\w* about\b"
    r"|\bdiscuss\w*\b|\bcover\w*\b|\babout\b|\b(episodes?|eps?)\b"
    r"|\b(something|stuff|anything|things?|content|material|stories|story|examples?|talks?|discussions?) (on|about"
    r"|regarding|of|re)\b|\blooking for\b|\banything\s*$"
    r"|\bwhat (do|did|does) (we|you|u|ya|the library|this bot|it) (have|got) (on|about|re|regarding)\b"
)
# "who said ...", "when did someone say ...": what follows is a remembered passage when it runs to a few words.
_PASSAGE = re.compile(
    r"^\W*(?:@\S+\s+)?(?:(?:ok|so|hey|lol|yo|hmm)\W+)*(?:who|when|where|which|what|in which|at what)\b[^\n]{0,40}?"
    r"\b(?:said|say|says|saying|told|tells|telling|quoted|had the (?:line|quote|bit|joke|story)|came up with|joked"
    r"|was the one who said)\b(?!\s+(?:about|abt|on|regarding|re|of)\b)"
    r"(?:\s+(?:the|that|this)\s+(?:story|line|bit|joke|quote|thing)(?:\s+(?:about|that|where|of))?)?[\s:,]*(.+)$",
    re.IGNORECASE | re.DOTALL,
)
CHAT_DETAIL_SPECIFICITY = 1.0  # a word of the chat after a question this rare in English is a detail of it
_MENTIONED_OBJECT = re.compile(
    r"\b(?:mention(?:s|ed)?|(?:bring|brings|brought) up)\s+(?P<object>[^?]+)\?+\s*\w", re.IGNORECASE
)
_ROLE = re.compile(r"\b(?:guests?|hosts?|co-?hosts?|speakers?|panelists?)\b", re.IGNORECASE)
# "joel's reasoning for 'every if should have an else'": a named person's reasons, not where a line was said.
_REASONS = re.compile(r"\b(why|reason|reasons|reasoning|rationale|argument|explain|explanation)\b")
# "any eps about 'local-first'": episodes about what the quotes hold, not the moments saying it.
_EPISODES_ABOUT = re.compile(
    r"\b(episodes?|eps?|shows?|podcasts?|pods?|anything|something|stuff) (about|on|covering|discussing|regarding)\b"
)
# "what did josh say was the best new tool": what they said is asked, not who said a remembered passage
_WHAT_THEY_SAID = re.compile(r"^(?:\w+ ){0,3}?what (?:did|does|do|d|has|had) (?:\w+ ){1,3}?(?:say|said)\b")
# "<the remembered bit>, who told that", "the robot cat story, who said it"
_PASSAGE_THEN_WHO = re.compile(
    r"^\W*(?:the\s+)?(.+?)\s*(?:story|line|bit|joke|quote)?\s*[,?!.-]+\s*(?:who|which ep\w*)\s+(?:told|said|had"
    r"|was|mentioned|brought)\b[^,.?!]{0,20}[?!.]*$",
    re.IGNORECASE | re.DOTALL,
)
# "someone said <passage> - who?", "one of the hosts played the first gta as a kid, who was that"
_SOMEONE = (
    r"(?:someone|somebody|some (?:guy|guest|host|dude|woman|lady|person)|one of (?:them|the (?:hosts|guests|speakers))"
    r"|a (?:guest|host|guy|speaker)|the (?:guest|host|guy))"
)
_PASSAGE_FIRST = re.compile(
    rf"^\W*(?:@\S+\s+)?(?:.{{0,80}}?\b)?{_SOMEONE}\s+(?:said|says|was saying|(?:\w+\s+){{0,2}}?(?P<verb>\w+ed|\w+)\b)"
    r"[\s:,]*(.+?)(?:\s*[-–—,(?!.]+\s*(?:who|when|which ep\w*|what ep\w*)\b.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SOMEONE_SAID = re.compile(
    rf"^\W*(?:@\S+\s+)?{_SOMEONE}(?:\s+(?:on|in)\s+(?:the|that|this)\s+(?:\S+\s+){{0,4}}?(?:ep|episode|pod|podcast|show))?"
    r"\s+(?:said|says|was saying)\b[\s:,]*(.+)$",
    re.I | re.DOTALL,
)  # "someone said ...", "someone on the notion ep said ..."
PASSAGE_WORDS = 5
_OTHER_REQUEST = re.compile(
    r"^(please |(can|could) (you|u) |pls )?(write|compose|sing|draw|generate|create|translate|make|code|solve"
    r"|calculate|invent|fix|debug|implement|refactor|recommend|suggest|help me (fix|debug|with|set up|write))\b"
    r"|^(please |(can|could) (you|u) )?tell (me|us) (a|an|another|some) (joke|story|riddle|fun fact)"
    r"|\bhow (do|can|should|would) (i|we) \w+|\bhow (do|can) (you|u) (\w+ )?(convert|install|set up|setup|configure"
    r"|deploy|migrate|upgrade|fix|debug|write|run|use|make|build|turn|change|add|remove|connect|say|pronounce|spell"
    r"|reverse)\b|^how to \w+|\bany (idea|ideas|clue) (why|how|what)\b|\bknows? how (to|do i|do we|can i) \w+"
    # "what's a good ergonomic chair under $300": advice on a thing, not an episode
    r"|^((whats|what is|what are|wheres|where is|any|got any) )?(a |an |the |some )?(good|best|decent|solid|cheap"
    r"|nice|budget) (?!(\w+ )*(eps?|episodes?|pods?|podcasts?|shows?|ones?|guests?|hosts?|intro|takes?|thoughts?"
    r"|quotes?|lines?|bits?|moments?|practices?|advice|tips)\b)"
)
# Talk to the server's people rather than a question about the episodes: "can a mod give me the dev role".
_SERVER_CHAT = re.compile(
    r"\b(give|assign|grant|add) (me|us|him|her|them) (the |a |an )?(\w+ ){0,2}roles?\b"
    r"|^(hey |yo |pls |please )?(the |any )?(mods?|moderators?|admins?)\b"
    r"|\b(can|could|would|will) (a |any |the |one of the )?(mods?|moderators?|admins?)\b"
    r"|\b(mods?|moderators?|admins?) (meeting|team|channel|chat|call|role|perms|permissions|only)\b"
    r"|\b(this|our) (server|discord|guild)\b"
    r"|\bnitro\b|\bboost(ed|ing)? (the|this|our) server\b|\b(in|on) (the|this) (server|discord)$"
    r"|\bwhen is the next (\w+ ){0,2}(night|event|meetup|call|stream|game|hangout)\b"
    r"|\b(is|does|did|has|am i the only one|anybody|anyone) ?(anyone|anybody)? else (getting|having|seeing|experiencing"
    r"|hearing|lagging|stuck|get|have|see)\b"
)
_EPISODES_WORDS = frozenset(
    {"episodes", "eps", "episode", "ep", "appearances", "pods", "podcasts", "interviews", "stuff"}
)
# "why does joel think every if should have an else": someone's view, whatever words are left of the topic.
_OPINION = re.compile(
    r"\b(think|thinks|thought|say|says|said|feel|feels|take|takes|opinion|view|stance|believes?|reckons?|insists?"
    r"|argues?|claims?|rant|ranting|complain(?:s|ing)?)\b|\bon (?:why|how|whether)\b"
)
_CLAUSE_BREAK = re.compile(r"[,?!:()\n]|(?<!\btl);|\.(?:\s|$)|\s[-–—]+\s")  # "tl;dr" is one word
EPISODE_WORD = re.compile(r"\b(episodes?|eps?|podcasts?|shows?|transcripts?)\b")
_LATEST = re.compile(r"\b(latest|newest|most recent|last|recent|new)\b")
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_EPISODE_NUMBER = re.compile(r"(?:\b(?:episode|ep|eps|no|number|num)\s*|#\s*)(\d{1,4})\b", re.IGNORECASE)
_MENTION_TOKEN = re.compile(r"<[@#][!&]?\d+>|@\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_TITLE_AFTER = re.compile(
    r"\s*(?:ep|eps|episode|episodes|one|pod|podcast|interview|show|crossover|convo|conversation|chat|thing)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"(?<!\w)[\"“”‘’'`](?=\S)([^\"“”‘’`]{3,80}?)(?<=\S)[\"“”‘’'`](?!\w)")
# "any eps from <show>", "<show> podcast": where a member names a show.
_SHOW_SLOT = re.compile(
    r"\b(?:episodes?|eps?|pods?|podcasts?|anything|shows?) (?:from|of|by) (?:the )?"
    r"(?P<slot>[a-z0-9]+(?: [a-z0-9]+){0,3}?)"
    r"(?: (?:podcast|pod|show))?(?: (?:in|on) here| here| at all| lol| please| pls| now)*"
    r"(?: (?:about|abt|on|regarding|re) .+)?$"  # "anything from huberman lab about cold plunges?"
    r"|^(?:any|got|do you have)? ?(?P<slot2>[a-z0-9]+(?: [a-z0-9]+){0,3}) (?:podcast|pod)s?(?: episodes?| eps?)?$"
    # "darknet diaries eps?" as the whole message (of one word, "k8s eps?", a topic more often than a show)
    r"|^(?P<slot3>[a-z0-9]+(?: [a-z0-9]+){1,3}) (?:episodes|eps)$"
)
# "the syntax podcast", "any darknet diaries eps", "the huberman ep": the words that name an episode or show.
_NAMED_EPISODE = re.compile(
    r"\b(?:the|any|a|that|those|all)\s+(?P<slot>[a-z0-9]+(?: [a-z0-9]+){0,3})"
    r" (?P<what>podcasts?|pods?|show|episodes?|eps?)\b"
)
_EPISODE_ON = re.compile(
    r"\b(?:episodes?|eps?|one|pod|podcast) (?:on|about|abt|re) (?P<slot>[a-z0-9]+(?: [a-z0-9]+){0,2})"
)
_LEADING_EPISODE = re.compile(r"(?P<slot>[a-z0-9]+(?: [a-z0-9]+){0,3}) (?P<what>podcasts?|pods?|episodes?|eps?)\b")
# "tl;dr of the latest darknet diaries pls": a show's newest episode asked for by the show's name alone.
_LATEST_OF = re.compile(
    r"\bthe (?:latest|newest|last|most recent|new) (?P<slot>[a-z0-9]+(?: [a-z0-9]+){0,3}?)"
    r"(?: (?:pls|please|plz|lol|thx|thanks|rn|now))*$"
)
# "is darknet diaries in the library?" (read "in here"), "do we have hard fork": a show asked for by name.
_HELD = re.compile(
    r"(?:is|are) (?:the )?(?P<slot>[a-z0-9]+(?: [a-z0-9]+){0,3}) (?:in here|here|indexed)$"
    r"|(?:got|(?:do|does) (?:you|we|u|it|this bot) have) (?:the )?(?P<slot2>[a-z0-9]+(?: [a-z0-9]+){0,3})"
    r"(?: in here| here| indexed)?$"
)
# "did darknet diaries ever do an ep on the mgm hack": a show as the one that made the episodes.
_SHOW_DID = re.compile(
    r"\bdid (?P<slot>[a-z0-9]+(?: [a-z0-9]+){0,2}) (?:ever )?(?:do|have|cover|make|run|put out) (?:an? |any )?"
    r"(?P<what>episodes?|eps?|shows?|pods?)\b"
)
_NAME_LIKE = 0.7  # a word this far from everyday English may name a show (zipf below ~4.2: "syntax", not "new")
# A word of a show's name: not "on that" ("the outages on that pod" names no show).
_SHOW_NAME_WORD = r"(?!(?:on|in|of|at|that|this|those|these|from|about|with)\b)[a-z0-9]+"
_CALLED_SHOW = re.compile(
    rf"\b(?:the|a)\s+{_SHOW_NAME_WORD}(?: {_SHOW_NAME_WORD}){{0,2}} (?:podcast|pod|show)\b"
    r"(?! (?:about|on|with|where|notes))"
)
# "what did <name> say", "<name>'s take on": where a member names a person.
_PERSON_SLOT = re.compile(
    # "what did joe rogan's guest say": the person whose guest it was
    r"\bwhat (?:did|does|do|has|is) (?P<slot>[a-z]+(?: [a-z]+)?)(?: (?:guest|guests|cohost|co host|team))?"
    r" (?:say|said|think|thinks|thought|talk|mention|feel)\b"
    r"|\b(?:did|has|does) (?P<slot2>[a-z]+(?: [a-z]+)??) (?:ever |really |actually )?(?:say|said|talk|talked|mention"
    r"|mentioned|discuss|discussed|bring up|brought up)\b"
)

_EPISODE_FORMS = ("episodes", "episode")
_EPISODE_LETTERS = frozenset("episodes")
# Chat shorthand, spelt out before the question is read.
SHORTHAND = {
    "whatd": "what did",  # "what'd he say": the apostrophe is gone by now
    "howd": "how did",
    "whod": "who did",
    "whove": "who have",
    "whyd": "why did",
    "whered": "where did",
    "whend": "when did",
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
    "r": "are",
    "n": "and",
    "gimme": "give me",
    "wanna": "want to",
    "dunno": "do not know",
    "diff": "different",
    "ive": "i have",
    "youve": "you have",
    "whos": "who is",
    "whore": "who are",  # "who're", its apostrophe gone
    "hows": "how is",
    "whens": "when is",
    "wheres": "where is",
    "whys": "why is",
    "longs": "long is",
    "theres": "there is",
    "thats": "that is",
    "cohost": "co host",
    "cohosts": "co hosts",
    "cohosted": "co hosted",
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
    again one ones really actually exactly btw lol lmao idk kinda sorta like also ok okay even full name names
    summarize summarise summary summaries tldr tl dr recap gist overview rundown
    long duration length runtime published released release date transcript transcripts
    appear appears appeared featured featuring feat ft on in about said bout abt re regarding
    good best great cool interesting everything anybody everyone ppl thing things stuff every feature features
    featured been now please anywhere somewhere at all mentioned reference referenced references remember
    recall wondering wonder curious quick question q guy guys dude someone somebody else other that this
    was were is are lmk yall y'all hmm um uh oh haha heh omg pretty sure think guess maybe probably
    indexed here go over went going gone link url address notes audio run runs running ran
    reckon reckons insist insists insisted argue argues argued claim claims claimed rant rants ranting ranted
    complain complains complaining complained believe believes believed gonna co em far related relating
    right ask asks asked asking dudes""".split()
)


# ---------------------------------------------------------------------------------------------- reading


def normalise(text: str) -> str:
    """The question as lowercase words separated by single spaces: no mentions, links or punctuation, chat
    shorthand spelt out ("abt" -> "about", "ppl" -> "people")."""
    text = _URL.sub(" ", _MENTION_TOKEN.sub(" ", text[: MAX_QUESTION_CHARS * 2]))
    text = re.sub(r"(\w+)[’']s\b", _without_possessive, fold(text))  # "wonka's" -> "wonka", "what's" -> "whats"
    text = re.sub(r"[’']", "", text)
    text = re.sub(r"#(?!\s*\d)", " number ", text)  # "ep # of the ..." asks for its number ("#13" is one)
    words = re.findall(r"[^\W_]+|;", text)
    return " ".join(
        SHORTHAND.get(w) or _episode_misspelt(w) or _how_typed(w, words[i + 1 : i + 2]) or w
        for i, w in enumerate(words)
    )


def _how_typed(word: str, after: list[str]) -> str | None:
    """ "hw much", "hw long": "how" typed fast (not the "hw" of "hw acceleration")."""
    return "how" if word == "hw" and after and after[0] in _AFTER_HOW else None


_AFTER_HOW = frozenset("much many long often old big do did does is was come".split())


_CONTRACTED = frozenset("what that there it he she who how where when why here let".split())


def _without_possessive(match: re.Match[str]) -> str:
    word = match.group(1)
    return f"{word}s" if word.casefold() in _CONTRACTED else word


def _episode_misspelt(word: str) -> str | None:
    """ "epsiodes", "episdoe": "episode(s)" typed in a hurry (its own letters, two edits at most)."""
    if not 6 <= len(word) <= 9 or word[0] != "e" or not set(word) <= _EPISODE_LETTERS or word in _EPISODE_FORMS:
        return None
    distance, form = min((OSA.distance(word, form), form) for form in _EPISODE_FORMS)
    return form if distance <= 2 else None


def parse_question(text: str, names: Names) -> Question:
    """Read a question: its intent and the parts the answer needs."""
    asked, text = text, question_text(text)
    plain = _LIBRARY.sub("in here", normalise(_web_addresses_as_words(text)))
    words = [w for w in tokens(plain.replace(";", " ")) if w]
    speakers, speaker_words = _speakers_asked_of(plain, words, names)
    shows, show_words = find_shows(words, names)
    named = speaker_words | show_words
    rest = [w for i, w in enumerate(words) if i not in named and not _counts_people(words, i)]
    phrase = _quoted_phrase(text)
    bound = _bound_by_hyphen(text)
    left_out = _not_the_topic(text, words, named, speaker_words)
    about = [w for i, w in enumerate(words) if i not in left_out and not _counts_people(words, i)]
    topic = _without_chat(text, topic_words(about, bound), named=bool(speakers or shows))
    chat = set(topic_words(about, bound)) - set(topic)
    quoted = topic_words(tokens(normalise(phrase))) if phrase is not None else []
    if quoted:
        topic = quoted  # "how often does ben say 'be intentional' lmao": the quotes say what the topic is
    number = _episode_number(text) or _number_after(words, show_words)
    if number is not None:
        topic = [w for w in topic if w != str(number)]
    year_match = _YEAR.search(plain)
    year = int(year_match.group(1)) if year_match and number is None else None
    about_person = _asks_who_is(words, speaker_words, shows, names.forms)
    clauses = [_LIBRARY.sub("in here", normalise(c)) for c in _CLAUSE_BREAK.split(text) if c.strip()]
    appears = _APPEARS.search(plain) or _ON_SEVERAL.search(plain)
    person_episodes = _episodes_of_person(words, speaker_words) or (bool(speakers) and bool(appears))
    aside_gone = normalise(re.sub(r"\([^)]*\)", " ", text))  # "devops diaries (the gearset pod) episodes?"
    shows_listed = bool(shows) and any(
        _names_episodes_only(c, {words[i] for i in show_words}) for c in [*clauses, aside_gone]
    )
    which_show = bool(show_words) and min(show_words) > 0 and words[min(show_words) - 1] in _WHICH
    cues = _Cues(
        plain, topic, speakers, shows, year, about_person, number, clauses, person_episodes, shows_listed, which_show
    )
    intent, fact, list_kind = cues.intent()
    if intent is Intent.MENTIONS and phrase is None:
        topic = _mentioned(text, topic, names) or topic
    their_view = bool(speakers) and bool(_WHAT_THEY_SAID.search(plain) or _REASONS.search(plain))
    passage = remembered_passage(text) if not their_view else None
    if passage is not None and phrase is not None and passage.lstrip("\"“”'‘’` ").startswith(phrase):
        passage = phrase  # "someone said 'airbnb for cats' on a pod i swear": the quoted words are what was said
    if passage is None and phrase is not None and len(tokens(phrase)) >= PASSAGE_WORDS and not their_view:
        passage = phrase  # "which episode has 'do not ship binaries via rubygems'": a line remembered word for word
    if passage is not None and intent is Intent.PEOPLE and _asks_for_a_person(passage):
        passage = None  # "walden had another guest with him on the cognition ep, who was that" asks for a person
    if passage is not None and intent is not Intent.SUMMARY:
        intent = Intent.MENTIONS
    if quoted and intent in {Intent.TOPIC, Intent.HELP} and _asked_of_quote(text) and not _EPISODES_ABOUT.search(plain):
        intent = Intent.HELP if _asks_something_else(plain) else Intent.MENTIONS  # where the words quoted were said
    employer, role = _employer(plain) or (None, None)
    described = employer is None and not speakers and bool(_DESCRIBED_PERSON.search(plain))
    # not "tldr the one w the guy at shopify", nor "who said nobody uses notion as much as people who work at notion"
    if (employer is not None or described) and intent is not Intent.SUMMARY and passage is None:
        intent = Intent.PEOPLE
    one_episode = intent in {Intent.SUMMARY, Intent.FACTS}
    return Question(
        text=asked,
        intent=intent,
        clean=text,
        topic=topic,
        speakers=speakers,
        shows=shows,
        episode_words=[w for w in rest if w not in STOPWORDS and w not in chat],
        show_words=[words[i] for i in sorted(show_words)],
        fact=fact,
        list_kind=list_kind,
        year=year,
        count=bool(_COUNT.search(plain)),
        passage=passage,
        episode_number=number,
        show_asked=next((asked for c in clauses if (asked := _show_asked(c, shows, names, one_episode))), None),
        show_called=not shows and bool(_CALLED_SHOW.search(plain)),
        person_asked=_person_asked(plain, speakers),
        about_person=intent is Intent.PEOPLE and about_person,
        phrase=phrase,
        employer=employer,
        role=role,
        described=described,
        episode_named=_episode_named(plain, one_episode=one_episode),
        episode_on=_episode_on(text) if one_episode else [],
        request=bool(_OTHER_REQUEST.search(plain) or _SERVER_CHAT.search(plain)),
    )


def _asks_for_a_person(passage: str) -> bool:
    """Whether a "passage" before "who was that" tells of a guest or host ("walden had another guest with him on
    the cognition ep", "corey had someone on about heroku") rather than of something said."""
    return bool(_ROLE.search(re.sub(_SOMEONE, "", passage, flags=re.I)) or _HAD_ON.search(normalise(passage)))


_WORKED_AT = re.compile(
    r"\b(?:who|whos|guests?|people|ppl|speakers?|anyone|anybody|folks|hosts?)\b(?: \w+){0,5}? "
    r"(?:(?:works?|worked|working|used to work|employed|was|were|is|are) (?:at|for)"
    r"|(?:was|were|is|are|been|have been|has been) (?:the |a |an )?(?P<role>ceo|cto|coo|cpo|founder|cofounder"
    r"|co founder|head|vp|president|chief \w+ officer) (?:of|at)) (?P<org>\w[\w.-]*)"
)


_FOUNDED = re.compile(
    r"\bwho (?:\w+ ){0,2}?(?:founded|co founded|cofounded|started|created|builds|built) (?:the )?(?P<org>\w[\w.-]*)"
)
# "who's the guy that led design of the heroku public api", "who was the woman who retired the link shortener".
_DESCRIBED_PERSON = re.compile(
    r"\bwho(?:s| is| was| are| were)? (?:the|that|this|a|an) (?:guy|person|woman|man|one|dude|lady|girl|gal|founder"
    r"|engineer|ceo|cto|host|guest|speaker|author|dev|developer|maintainer|creator) (?:that|who|whos|which|from|with)\b"
)
_NO_COMPANY = frozenset("conversation discussion topic thread trend idea company startup it this that".split())


def _employer(plain: str) -> tuple[str, str | None] | None:
    """ "which guests worked at heroku", "who founded incident.io", "which guests have been CEO of heroku": the
    company, and the role asked for when one is."""
    match = _WORKED_AT.search(plain) or _FOUNDED.search(plain)
    if match is not None and _TALKING.intersection(match.group().split()):
        return None  # "did anyone talk about working at robinhood" asks where it was said
    org = match.group("org") if match else None
    if match is None or org is None or org in STOPWORDS or org.isdigit() or org in _NO_COMPANY:
        return None
    if EPISODE_WORD.fullmatch(org):
        return None
    return org, match.groupdict().get("role")


_WHICH = frozenset({"which", "what"})
_EPISODES_ASKED = frozenset("episodes eps pods".split())
_LISTING_WORDS = frozenset("episodes eps episode ep pods podcast any all the got which what do we you have".split())


def _names_episodes_only(clause: str, show_words: set[str]) -> bool:
    """ "giant robots eps", "any saastr episodes": a clause that names a show and asks for its episodes, nothing
    else."""
    words = clause.split()
    rest = [w for w in words if w not in show_words]
    return len(rest) < len(words) and bool(set(rest) & _EPISODES_ASKED) and set(rest) <= _LISTING_WORDS


def _episode_named(plain: str, *, one_episode: bool) -> list[str]:
    """ "how long is the huberman ep" (and, of a question about one episode, "huberman sleep episode tldr"): the
    words that name the episode ("geospatial / postgis eps?" asks for episodes about them)."""
    return _slot_content(_NAMED_EPISODE.search(plain) or (_LEADING_EPISODE.match(plain) if one_episode else None))


def _episode_on(text: str) -> list[str]:
    """ "summarize the acquired ep on costco": what the one episode asked about is on (in the sentence asking)."""
    return _slot_content(_EPISODE_ON.search(normalise(re.split(r"[?!.\n]", text, maxsplit=1)[0])))


def _slot_content(match: re.Match[str] | None) -> list[str]:
    """The words of a matched slot that are neither stop words nor question words."""
    slot = match.group("slot").split() if match else []
    return [w for w in slot if w not in STOPWORDS and w not in QUESTION_WORDS]


def _web_addresses_as_words(text: str) -> str:
    """ "postgres.fm" and "pythonbytes.fm/live" read as the words they are made of, not as punctuation."""
    return re.sub(r"(?<=\w)\.(?=(fm|io|com|dev|ai|org|net|co|tv|show)\b)", " ", text)


def _number_after(words: list[str], named_at: set[int]) -> int | None:
    """ "data renegades 13": a number right after the words that named a show."""
    if not named_at:
        return None
    after = max(named_at) + 1
    word = words[after] if after < len(words) else ""
    return int(word) if word.isdigit() and len(word) <= 4 and not _YEAR.fullmatch(word) else None


def _episode_number(text: str) -> int | None:
    match = _EPISODE_NUMBER.search(text)
    return int(match.group(1)) if match else None


@dataclass(frozen=True, slots=True)
class _Cues:
    """What the cue phrases of a question say, given what it names."""

    plain: str
    topic: list[str]
    speakers: list[str]
    shows: list[str]
    year: int | None
    about_person: bool
    number: int | None
    clauses: list[str]
    person_episodes: bool
    shows_listed: bool  # a clause that is a show's name and "eps": "saastr eps? need jason lemkin content"
    which_show: bool  # "which bike shed had the blue eye samurai rec": a show where "which episode" would be

    def intent(self) -> tuple[Intent, Fact | None, ListKind | None]:
        """The first kind whose cues the question has, in an order that settles the overlaps; without cues, what
        the question names decides."""
        plain, topic = self.plain, self.topic
        if not plain.strip(" ;"):
            return Intent.HELP, None, None
        fact = next((f for f, pattern in _FACT_PATTERNS if self.any_clause(pattern)), None)
        if fact is Fact.TRANSCRIPT and (_SUMMARY.search(plain) or self.moments_asked()):
            fact = None  # "summarise the transcript" asks for a summary, "find where sarah says they review the
            # worst agent transcripts" for a moment
        named = bool(self.speakers or self.shows)
        rules = (
            (Intent.MENTIONS, bool(topic) and bool(_COUNT.search(plain)) and not _COUNT_OF_THINGS.search(plain)),
            (Intent.FACTS, fact is not None),
            (Intent.SUMMARY, self.summary_asked() and not _WHO_ASKED.match(plain) and not self.moments_first()),
            (Intent.PEOPLE, bool(_PEOPLE.search(plain)) or self.about_person or self.guest_asked()),
            (Intent.PEOPLE, bool(self.shows) and bool(_SHOW_PEOPLE.search(plain)) and not self.moments_asked()),
            (Intent.LIST, self.shows_listed and not self.moments_asked()),
            (Intent.MENTIONS, bool(topic) and self.moments_asked()),
            (Intent.LIST, bool(_LIST.search(plain)) or _names_only_list(plain, topic, named)),
            (Intent.LIST, bool(self.year) and not topic),
            (Intent.LIST, self.person_episodes),
            (Intent.SPEAKER_TOPIC, bool(self.speakers) and (bool(topic) or bool(_OPINION.search(plain)))),
            (Intent.TOPIC, bool(topic) and (bool(_TOPIC.search(plain)) or self.which_show)),
            (Intent.SUMMARY, self.number is not None and bool(self.shows) and not topic),  # "bike shed 412"
            (Intent.LIST, bool(self.shows) and not topic),  # "python bytes?"
        )
        intent = next((intent for intent, applies in rules if applies), Intent.HELP)
        if _asks_something_else(plain):
            intent = Intent.HELP  # "write me a python func to reverse a linked list" asks for something else
        return intent, fact if intent is Intent.FACTS else None, self._list_kind() if intent is Intent.LIST else None

    def guest_asked(self) -> bool:
        return bool(_HAD_ON.search(self.plain)) and "who" in self.plain.split()

    def any_clause(self, pattern: re.Pattern[str]) -> bool:
        """Whether the question, or one of its clauses ("is the trillion-scale ep long? like over an hour?"), has
        the cue."""
        return bool(pattern.search(self.plain)) or any(pattern.search(clause) for clause in self.clauses)

    def summary_asked(self) -> bool:
        """Whether the question, or one of its clauses ("whats the spacetimedb one about, from crazy wisdom i
        think"), asks what an episode is about; not "sarah talked about evals they want to fail?? what was that
        about", which asks about what the person said."""
        if self.speakers and self.topic and _ABOUT_WHAT_WAS_SAID.search(self.plain):
            return any(_SUMMARY.search(clause) for clause in self.clauses if not _REFERS_BACK.fullmatch(clause))
        return self.any_clause(_SUMMARY)

    def moments_first(self) -> bool:
        """Whether moments are asked before any summary: "tldr the morphik one? guy who said OCR is a trap" asks
        for a summary, the rest tells which episode."""
        if not self.moments_asked():
            return False
        first = next((c for c in self.clauses if c.strip()), self.plain)
        return not _SUMMARY.search(first)

    def moments_asked(self) -> bool:
        """Whether the question asks when or how often something was said."""
        if _MENTIONS.search(self.plain) or _MOMENT_LOCATED.search(self.plain):
            return True
        view = bool(self.speakers) and bool(_VIEW_ASKED.search(self.plain))
        return not view and bool(_MENTIONS_UNLESS_PERSON.search(self.plain))

    def _list_kind(self) -> ListKind:
        plain = self.plain
        if re.search(r"\bhow many\b", plain):
            return ListKind.COUNT
        if re.search(r"\b(what|which|all|list)( the| of the| your)? (shows|podcasts)\b|\bshows\b(?! up)", plain):
            return ListKind.SHOWS
        if _LATEST.search(plain) and re.search(r"\b(episode|ep|one)\b", plain):
            return ListKind.LATEST
        return ListKind.EPISODES


def _asked_of_quote(text: str) -> bool:
    """Whether the words around a quoted phrase ask something of it ("was 'airbnb for cats' a thing somebody said"),
    rather than the quotes being all there is."""
    around = normalise(_QUOTED.sub(" ", text, count=1))
    return "?" in text or bool(_ASKING.search(around))


_ASKING = re.compile(r"\b(who|what|where|when|which|was|were|did|does|do|has|is|anyone|anybody|someone|somebody)\b")


def _asks_something_else(plain: str) -> bool:
    """A request of another kind ("write me a haiku", "how do i set up helm") or talk to the server's people ("can a
    mod give me the dev role"), with no word for an episode."""
    return bool(_SERVER_CHAT.search(plain)) or (bool(_OTHER_REQUEST.search(plain)) and not EPISODE_WORD.search(plain))


def _asks_who_is(words: list[str], named_at: set[int], shows: list[str], known_forms: frozenset[str]) -> bool:
    """ "who's jacob effron", "tell me about alessio", "alessio?", "adam wiggins, who is he?": a person is the
    subject, not an episode."""
    if shows:
        return False
    if named_at and all(i in named_at for i in range(len(words))):
        return len(words) >= 2 or words[0] in known_forms  # the name alone ("joke" is not "jake")
    name_ends = next((i for i in range(len(words)) if i not in named_at), len(words))
    if name_ends and tuple(words[name_ends : name_ends + 3]) in _WHO_IS_THAT:
        return True  # "adam wiggins, who is that?"
    asked_at = next((i for i in range(len(words)) if tuple(words[i : i + 3]) in _WHO_IS_HE), None)
    if asked_at is not None and named_at and min(named_at) < asked_at:
        return True  # "francis lacoste pops up on a bunch of shows, who is he exactly"
    if any(tuple(words[: len(lead)]) == lead and len(lead) in named_at for lead in _ABOUT_PERSON):
        return True
    return _asks_where_they_work(words, named_at)


# "what company is wes beary at now", "where does josh wills work these days": who someone is, by their work.
_WORKS_WHERE = re.compile(
    r"^(?:(?:what|which) (?:company|companies|startup|org|organisation|organization|firm|team|place)"
    r" (?:is|was|does|did)|where (?:does|did|is|was)|who (?:does|did|is|was)) (?P<name>.+?)"
    r" (?:at|with|from|works?|working|worked|work for|working for|work at|working at|running|run|runs|leading"
    r"|building|founded|started)(?: now| these days| nowadays| today| currently| rn)?$"
)


def _clause_starts(words: list[str]) -> list[int]:
    """Where the question may start among the words: at the first, or at a question word after the first."""
    return [0, *(i for i, word in enumerate(words) if i and word in ("what", "which", "where", "who"))]


def _asks_where_they_work(words: list[str], named_at: set[int]) -> bool:
    """Whether the question asks where the person it names (and nothing else) works."""
    match = next(filter(None, (_WORKS_WHERE.match(" ".join(words[i:])) for i in _clause_starts(words))), None)
    if match is None or not named_at:
        return False
    if match.group("name") in ("he", "she", "they"):
        return True  # "jason warner (ex github cto), what company is he running now"
    start = len(words) - len(match.string.split()) + len(match.string[: match.start("name")].split())
    return set(range(start, start + len(match.group("name").split()))) <= named_at


_WHO_IS_HE = {("who", verb, pronoun) for verb in ("is", "s", "was") for pronoun in ("he", "she")}
_WHO_IS_THAT = _WHO_IS_HE | {("who", verb, pronoun) for verb in ("is", "s", "was") for pronoun in ("they", "that")}


# A question that asks for people first ("who all got clips in the 2024 highlights ep") asks for no summary.
_WHO_ASKED = re.compile(r"(?:(?:so|ok|hey|yo|and) )*who (?!can|could|will|would|wants)")
# "francis lacoste shows up in a few pods right? which ones": where a person appears.
_APPEARS = re.compile(r"\b(shows? up|showed up|appears?|appeared|pops? up|popped up|turns? up|turned up) (in|on)\b")


# "was wes beary on more than one show?": the episodes a person is on.
_ON_SEVERAL = re.compile(
    r"\b(on|in) (more than one|multiple|several|other|a few|many|different|any other|two|2) "
    r"(shows?|podcasts?|pods?|episodes?|eps?)\b"
)


_PEOPLE_WORDS = frozenset("hosts guests speakers people ppl cohosts co founders cofounders voices".split())


def _counts_people(words: Sequence[str], i: int) -> bool:
    """A number of the people asked for ("who are the 2 hosts"): no word to tell an episode by."""
    return i + 1 < len(words) and words[i + 1] in _PEOPLE_WORDS and bool(re.fullmatch(r"\d|two|three|four", words[i]))


# The bot's library, not a topic: "how many postgres fm eps are in the library rn".
_LIBRARY = re.compile(r"\b(?:in|on|from|into) (?:the|your|ur|ya|yr|this|my|our) (?:library|collection|index)\b")
# A sentence telling the member's own situation: "trying to debug a slow db", "we're moving off heroku".
_CONTEXT = re.compile(
    r"(?:i|im|ive|id|my|we|were|weve|our|trying|tryna|been|currently|cuz|because|bc|since) "
    r"|\w+ing (?:them|it|this|that|these|those|my|our) "  # "binging them this week", not "looking for ..."
)


# Who the person named is, said after the question: "all the charles feddersen stuff? the microsoft postgres guy".
SOMEONE_WORDS = ("guy", "dude", "person", "lady", "woman", "man", "gal", "fella")  # "the turbopuffer guy"
_DESCRIBED_AS = re.compile(rf"(?:the|that|this|a|an) (?:\w+ ){{1,5}}(?:{'|'.join(SOMEONE_WORDS)}|one)")
_REFERS = re.compile(r"\b(that|this|it|those|these)\W*$", re.IGNORECASE)  # "was there an ep on that?"


def _without_chat(text: str, topic: list[str], *, named: bool) -> list[str]:
    """The topic without the words of sentences that are only chat: after the question, not a question, every word
    an everyday one ("how many data renegades eps are there? just found the show") or telling the member's own
    situation once the question has a topic ("any eps on wait events? trying to debug a slow db"). Never the whole
    topic, unless the question names someone or a show to answer about."""
    sentences = [s for s in re.split(r"(?<=[?!.])\s+|\n+", text) if s.strip()]
    if len(sentences) < 2:
        return topic
    chat: set[str] = set()
    asked: set[str] = set()
    for position, sentence in enumerate(sentences):
        words = set(topic_words(tokens(normalise(sentence)))) & set(topic)
        everyday = all(specificity(w) < _NAME_LIKE for w in words)
        context = bool(_CONTEXT.match(normalise(sentence))) and (bool(asked) or not _REFERS.search(sentences[0]))
        context = context or (named and bool(_DESCRIBED_AS.fullmatch(normalise(sentence))))
        (chat if position and (everyday or context) and not sentence.rstrip().endswith("?") else asked).update(words)
    kept = [w for w in topic if w not in chat - asked]
    return kept if kept or named else topic


def _episodes_of_person(words: list[str], named_at: set[int]) -> bool:
    """ "wesley beary eps?", "josh wills episodes": a name followed by the word for episodes."""
    return any(
        i in named_at and i + 1 not in named_at and words[i + 1] in _EPISODES_WORDS for i in range(len(words) - 1)
    )


def _names_only_list(plain: str, topic: list[str], has_name: bool) -> bool:
    """ "latent space episodes", "eps with swyx": a show or person, episodes, and nothing else asked."""
    return has_name and not topic and bool(re.search(r"\b(episodes?|eps?|shows?|podcasts?|appearances?)\b", plain))


def remembered_passage(text: str) -> str | None:
    """The passage in "who said <passage>" (or "someone said <passage> - who?", "one of the hosts played the first
    gta as a kid, who was that") when it runs to several words; a few words are a topic instead."""
    text = text[: MAX_QUESTION_CHARS * 4].strip()
    match = _PASSAGE.match(text) or _SOMEONE_SAID.match(text) or _PASSAGE_THEN_WHO.match(text)
    passage = match.group(1) if match else None
    if passage is None and (first := _PASSAGE_FIRST.match(text)):
        passage = f"{first.group('verb') or ''} {first.group(2)}"
    if passage is None:
        return None
    passage = re.sub(r"\s*[-–—,(]+\s*(?:who|when|which ep\w*|what ep\w*)\b.*$", "", passage.strip(), flags=re.I)
    passage = re.split(r"[?!]+\s+(?=\w)", passage.strip(), maxsplit=1)[0]  # "...? pretty sure it was swyx"
    passage = passage.strip().strip("\"“”'‘’?!. ")
    if re.match(r"(?:who|whos|what|whats|which|when|where|how)\b", passage, re.IGNORECASE):
        return None  # "who was on the josh wills ep? who was interviewing him" asks twice; nobody said it
    return passage if len(tokens(passage)) >= PASSAGE_WORDS else None


def _quoted_phrase(text: str) -> str | None:
    """A phrase of two or more words the member put in quotes."""
    match = _QUOTED.search(text)
    if match is None or _TITLE_AFTER.match(text, match.end()):
        return None  # "who's talking on the 'inference is the new 401k' ep": a title, not words said
    phrase = match.group(1).strip()
    return phrase if len(tokens(phrase)) >= 2 else None


_TALKING = frozenset(
    "mention mentions mentioned mentioning bring brings brought bringing about say says said talk talks talked"
    " talking discuss discusses discussed quote quotes quoted cite cites cited diss disses dissed roast roasts"
    " roasted praise praises praised criticize criticizes criticized criticise criticises criticised trash trashes"
    " trashed rag rags ragged dunk dunks dunked shade shaded disagree disagrees disagreed agree agrees agreed"
    " compare compares compared reference references referenced thank thanks thanked".split()
)


def _talked_about(words: Sequence[str], speakers: Sequence[str], named: set[int], names: Names) -> dict[str, set[int]]:
    """The people named after a verb of talking that follows someone else's name, with the positions naming
    them: the subject talks about them."""
    at: dict[str, set[int]] = {}
    for speaker in speakers:
        forms = {w for form in names.people.get(speaker, ()) for w in form.split()}
        at[speaker] = {i for i in named if any(OSA.distance(words[i], form) <= 1 for form in forms)}
    firsts = {speaker: min(positions) for speaker, positions in at.items() if positions}
    if len(firsts) < 2:
        return {}
    subject = min(firsts.values())
    talking = [i for i, word in enumerate(words) if word in _TALKING and i > subject]
    return {s: at[s] for s, first in firsts.items() if first > subject and any(v < first for v in talking)}


_PASSIVE_TALK = re.compile(
    r"^(?:ever |even |at all |really )?(?:come|comes|came|coming) up\b"
    r"|^(?:get|gets|got|getting|was|is|been|being) (?:ever |even |really )?"
    r"(?:mentioned|brought up|discussed|talked about|referenced|name ?dropped|shouted out)\b"
    r"|^(?:mentioned|brought up|referenced)(?: (?:anywhere|at all|ever|somewhere|in|on|by|before)\b|$)"
)


def _mentioned_passively(words: Sequence[str], speakers: Sequence[str], named: set[int]) -> dict[str, set[int]]:
    """The one person named right before "come up" or "get mentioned" ("did stonebraker come up anywhere"): the
    topic of the talk, not who talks."""
    if len(speakers) != 1 or not named:
        return {}
    after = " ".join(words[max(named) + 1 : max(named) + 5])
    return {speakers[0]: set(named)} if _PASSIVE_TALK.search(after) else {}


def _show_asked(plain: str, shows: list[str], names: Names, one_episode: bool) -> str | None:
    """The show a question asks about by name when the library has no show of that name ("any eps from darknet
    diaries?"; of one episode, also named first: "hard fork ep about the apple event, tldr?"); None when it names a
    known show or no show at all."""
    if shows:
        return None
    address = re.search(r"\b([a-z][a-z0-9]{2,}) fm\b", plain)
    if address:
        return f"{address.group(1)}.fm"
    match = _SHOW_SLOT.search(plain) or _NAMED_EPISODE.search(plain) or _SHOW_DID.search(plain)
    if match is None:
        match = (_LEADING_EPISODE.match(plain) or _LATEST_OF.search(plain)) if one_episode else _HELD.match(plain)
    words = _slot_words(match, names) if match else []
    return " ".join(words) if words else None


_AFTER_PREPOSITION = re.compile(r"^.*\b(?:on|in|at|from|about|with|of|for) ")


def _slot_words(match: re.Match[str], names: Names) -> list[str]:
    """The words of a show slot that may name a show: not question words, people, numbers or everyday words."""
    groups = match.groupdict()
    slot = (groups.get("slot") or groups.get("slot2") or groups.get("slot3") or "").strip()
    what = groups.get("what")
    if what and not what.startswith(("pod", "show")) and len(slot.split()) < 2:
        return []  # "the pgash ep" is a typo'd title more often than a show
    slot = _AFTER_PREPOSITION.sub("", slot)  # "a shoutout on some python show": "python" may name it
    words = [w for w in slot.split() if w not in STOPWORDS and w not in QUESTION_WORDS]
    known_people = {w for forms in names.people.values() for form in forms for w in form.split()}
    if not words or len(words) > 4 or all(w.isdigit() for w in words) or set(words) & known_people:
        return []
    if not any(specificity(word) >= _NAME_LIKE for word in words):
        return []  # "a different podcast", "the new show": everyday words name no show
    return words


def _speakers_asked_of(plain: str, words: list[str], names: Names) -> tuple[list[str], set[int]]:
    """The people a question asks about, and the positions of the words naming them; not those it says they talked
    about ("how often does josh bring up stonebraker": stonebraker is what josh talks about)."""
    speakers, named_at = find_people(words, names)
    speakers, named_at = _fitting_the_name_asked(plain, words, speakers, named_at, names)
    talked_about = _talked_about(words, speakers, named_at, names) or _mentioned_passively(words, speakers, named_at)
    if talked_about:
        speakers = [s for s in speakers if s not in talked_about]
        named_at -= {i for positions in talked_about.values() for i in positions}
    return speakers, named_at


def _fitting_the_name_asked(
    plain: str, words: list[str], speakers: list[str], named_at: set[int], names: Names
) -> tuple[list[str], set[int]]:
    """The people found, but not one whose name fits only half of the full name asked about: "what did joe rogan
    say" is not Rowan Trollope ("rogan" a letter from "rowan", "joe" nothing of his name), "josh groban" is not
    Josh Wills; "simon turbopuffer" is Simon, told apart by a word of the library's."""
    asked = _person_slot(plain)
    if len(asked) != 2:
        return speakers, named_at

    def fits(speaker: str) -> bool:
        parts = {w for form in names.people.get(speaker, ()) for w in form.split()}
        unfit = [w for w in asked if not any(fits_name_word(w, part) for part in parts)]
        exact = all(w in parts for w in asked if w not in unfit)
        return not unfit or (exact and all(known_term(w, names) for w in unfit))

    if not speakers or any(map(fits, speakers)):
        return speakers, named_at
    return [], {i for i in named_at if words[i] not in asked}


def _person_asked(plain: str, speakers: list[str]) -> str | None:
    """The person a question asks about ("what did john carmack say") when nobody of that name is known."""
    words = _person_slot(plain) if not speakers else []
    return " ".join(words) if words else None


def _person_slot(plain: str) -> list[str]:
    """The words where a question names whose words it asks for: "what did <john carmack> say", "did <huberman>
    ever talk about"; none when they are not a name ("what did they say", "what did everyone think")."""
    match = _PERSON_SLOT.search(plain)
    words = (match.group("slot") or match.group("slot2")).split() if match else []
    words = words[1:] if words[:1] == ["the"] and len(words) > 1 else words  # "what did the primeagen say"
    return [] if any(w in STOPWORDS or w in QUESTION_WORDS for w in words) else words


_AFFILIATED = frozenset({"from", "of", "at"})
_ASIDE = re.compile(r"\(([^()]{1,40})\)")
AFFILIATION_WORDS = 5


def _affiliations(text: str, words: Sequence[str], speaker_words: set[int]) -> set[int]:
    """The positions of words that say who a named person is rather than what is asked of them: "simon from
    turbopuffer", "james at elicit", "kyle daigle (github coo)", "jake cooper (railway)"."""
    ends = {i for i in speaker_words if i + 1 not in speaker_words}
    kept: set[int] = set()
    for end in ends:
        after = end + 1
        if after < len(words) and words[after] in _AFFILIATED:
            org = after + 2 if words[after + 1 : after + 2] == ["the"] else after + 1
            kept.update(range(org, min(org + 1, len(words))))
    asides = [tokens(normalise(aside)) for aside in _ASIDE.findall(text)]
    for aside in filter(None, asides):
        if len(aside) > AFFILIATION_WORDS:
            continue
        for end in ends:
            if tuple(words[end + 1 : end + 1 + len(aside)]) == tuple(aside):
                kept.update(range(end + 1, end + 1 + len(aside)))
    return kept


def _not_the_topic(text: str, words: Sequence[str], named: set[int], speaker_words: set[int]) -> set[int]:
    """The positions of words that name or describe who or what is asked about rather than the topic: names,
    affiliations, and a description of someone when other words are left to be the topic ("the turbopuffer guy
    loves looking at maps"; not "which ep had the datology ai guy")."""
    left_out = named | _affiliations(text, words, speaker_words)
    described = _described_as_someone(words)
    if topic_words(w for i, w in enumerate(words) if i not in left_out | described):
        left_out |= described
    return left_out


def _described_as_someone(words: Sequence[str]) -> set[int]:
    """The positions of words that describe who is meant: "the turbopuffer guy loves looking at maps" asks about
    maps, said by the man "turbopuffer" describes."""
    described: set[int] = set()
    for at, word in enumerate(words):
        if word in SOMEONE_WORDS:
            start = next((i for i in range(at - 1, max(at - 4, -1), -1) if words[i] in {"the", "that", "this"}), None)
            described.update(range(start + 1, at) if start is not None else ())
    return described


_HYPHENATED = re.compile(r"\b([^\W_]+)-([^\W_]+)\b(?!-)")


def _bound_by_hyphen(text: str) -> frozenset[str]:
    """Question words a hyphen binds to a topic word, so they are part of the topic: "first" of "local-first",
    "time" of "real-time", "running" of "long-running" ("co-hosts", "best-of", "sign-in" bind no topic word)."""
    bound: set[str] = set()
    for match in _HYPHENATED.finditer(fold(text)):
        parts = [normalise(part) for part in match.groups()]
        topical = [p for p in parts if p not in STOPWORDS and p not in QUESTION_WORDS]
        if len(topical) == 1:
            bound.update(p for p in parts if p in QUESTION_WORDS and p not in STOPWORDS and len(p) >= 3)
    return frozenset(bound)


def _mentioned(text: str, topic: list[str], names: Names) -> list[str] | None:
    """The topic words of what a question asks about being mentioned, and the chat after it only for its rare words
    the library holds: "did anybody mention ai dungeon? i swear someone said it was the only way to try gpt3" asks
    about ai dungeon, not swearing ("did josh mention the angel deals he passed on? i swear he said tailscale" about
    tailscale too); "did anyone mention tuple, the pairing app?" about all of it."""
    match = _MENTIONED_OBJECT.search(text)
    if match is None:
        return None
    asked = set(tokens(normalise(match.group("object"))))
    kept = [w for w in topic if w in asked or (specificity(w) >= CHAT_DETAIL_SPECIFICITY and names.word_counts.get(w))]
    return kept if any(w in asked for w in kept) and len(kept) < len(topic) else None


def topic_words(words: Iterable[str], bound: frozenset[str] = frozenset()) -> list[str]:
    """What a question is about: its words without stop words, question words (but those `bound` to a topic word)
    and chat."""
    kept: list[str] = []
    for word in words:
        asking = word in QUESTION_WORDS and word not in bound
        if word in STOPWORDS or asking or (len(word) == 1 and not word.isdigit()):
            continue
        if _YEAR.fullmatch(word):
            continue
        kept.append(word)
    return list(dict.fromkeys(kept))

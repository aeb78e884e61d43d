"""Reading members' own words (pure, no store): the text as it arrives, names in every form, facts the sources
state in passing, acronyms the sources spell out, and replies read in the context of the answer they reply to."""

from __future__ import annotations

import pytest

from bot.questions.clean import MAX_QUESTION_CHARS, question_text
from bot.questions.facts import estimated_duration, links_naming, spoken_show, stated_date, stated_number
from bot.questions.followup import AnswerContext, read_follow_up
from bot.questions.names import Names, find_people, find_shows, name_forms, people_named_in
from bot.questions.parse import Fact, Intent, normalise, parse_question
from bot.questions.topics import acronyms_in, specificity

PEOPLE = {
    "Josh Wills": name_forms("Josh Wills", []),
    "Nikolay Samokhvalov": name_forms("Nikolay Samokhvalov", []),
    "Joël Quenneville": name_forms("Joël Quenneville", []),
    "Marc Andreessen": name_forms("Marc Andreessen", []),
    "Jake Cooper": name_forms("Jake Cooper", []),
}
SHOWS = [
    "Giant Robots On Tour",
    "Giant Robots Smashing Into Other Giant Robots",
    "Postgres FM",
    "pythonbytes.fm",
    "The Bike Shed",
    "Screaming in the Cloud",
    "Software Engineering Daily",
]
NAMES = Names(PEOPLE, SHOWS, {"joke": 2})


def parse(text: str):
    return parse_question(text, NAMES)


# ---------------------------------------------------------------------------------------------- text as it arrives


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("any eps on Post\u200bgres?", "any eps on Postgres?"),
        ("\u200fwhich ep talks about\u200e k8s", "which ep talks about k8s"),
        ("yo bot 👋 who's behind latent space?", "who's behind latent space?"),
        ("<@123> <@&456> hey guys any eps on redis", "any eps on redis"),
        ("ok so quick q: who hosts the bike shed", "who hosts the bike shed"),
        ("someone said the thing", "someone said the thing"),  # "so" is a greeting, "someone" is not
        ("@everyone which episode covers duckdb", "which episode covers duckdb"),
    ],
)
def test_what_arrives_is_made_into_the_question(message: str, question: str) -> None:
    assert question_text(message) == question


def test_a_long_message_keeps_the_question_at_its_end() -> None:
    story = "So I was on the train listening and zoned out for a bit. " * 60
    text = question_text(story + "Anyway, which episode talks about duckdb?")
    assert len(text) <= MAX_QUESTION_CHARS and text.endswith("which episode talks about duckdb?")
    assert parse(story + "So which episode talks about duckdb?").topic == ["duckdb"]


# ---------------------------------------------------------------------------------------------- names


def test_people_are_found_by_short_forms_misspellings_and_accents_but_not_by_other_surnames() -> None:
    assert find_people("what did nik say about vacuum".split(), NAMES)[0] == ["Nikolay Samokhvalov"]
    assert find_people("nik samokhvalov eps".split(), NAMES)[0] == ["Nikolay Samokhvalov"]
    assert find_people("joel quenneville".split(), NAMES)[0] == ["Joël Quenneville"]
    assert find_people("marc andreesen".split(), NAMES)[0] == ["Marc Andreessen"]
    assert find_people("josh groban songs".split(), NAMES)[0] == []
    assert find_people(["jaek"], NAMES)[0] == ["Jake Cooper"]  # a word English does not know may be a misspelt name
    assert find_people(["joke"], NAMES)[0] == []  # an everyday word is not ("joke" is no Jake)
    assert find_people("ben keeps saying".split(), Names({"Ben Firshman": name_forms("Ben Firshman", [])}, []))[0] == [
        "Ben Firshman"
    ]  # "keeps" is an everyday word, not another Ben's surname
    assert find_people("5 min".split(), Names({"Stephanie Minn": name_forms("Stephanie Minn", [])}, []))[0] == []


def test_a_show_is_found_by_part_of_its_name_or_its_web_address_and_a_run_names_every_show_it_fits() -> None:
    assert find_shows("giant robots eps".split(), NAMES)[0] == SHOWS[:2]
    assert find_shows("screaming cloud".split(), NAMES)[0] == ["Screaming in the Cloud"]
    assert find_shows("python bytes eps".split(), NAMES)[0] == ["pythonbytes.fm"]
    assert parse("how many postgres.fm eps r in here").shows == ["Postgres FM"]
    assert find_shows("any se daily eps".split(), NAMES)[0] == ["Software Engineering Daily"]
    named_twice = parse("se daily heroku episodes? (software engineering daily)")
    assert named_twice.shows == ["Software Engineering Daily"] and named_twice.topic == ["heroku"]


def test_people_a_description_introduces() -> None:
    text = (
        "SaaStr with Vimeo CEO Adam Gross and SaaStr CEO Jason Lemkin. This week your hosts Justin, Matthew, Ryan,"
        " and Jonathan discuss Llama 3. Wesley Beary is currently a founding engineer. Learn about Knowledge Graphs."
        " Pete Hamilton and Chris Evans are cofounders of Incident.io. Alexander Kruger, co-founder and CEO of"
        " United Manufacturing Hub (UMH), joins. Adam Prout—distinguished engineer at Microsoft—joins Claire."
    )
    named = people_named_in(text, is_common_word=lambda word: word in {"knowledge", "graphs"})
    assert named == [
        *["Adam Gross", "Jason Lemkin", "Wesley Beary", "Pete Hamilton", "Chris Evans", "Alexander Kruger"],
        "Adam Prout",
        *["Justin", "Matthew", "Ryan", "Jonathan"],
    ]


@pytest.mark.parametrize(
    ("question", "intent", "check"),
    [
        ("who's jacob effron", Intent.HELP, None),  # nobody of that name in these NAMES
        ("who is josh wills", Intent.PEOPLE, "about_person"),
        ("tell me about nik samokhvalov", Intent.PEOPLE, "about_person"),
        ("josh wills eps?", Intent.LIST, None),
        ("postgres fm hosts? nik and ...?", Intent.PEOPLE, None),
        ("any eps from darknet diaries?", None, "show_asked"),
        ("do you have the syntax.fm svelte 5 episode", Intent.LIST, "show_asked"),
        ("what did john carmack say about quake", None, "person_asked"),
        ("bike shed 412", Intent.SUMMARY, "episode_number"),
    ],
)
def test_people_and_shows_as_the_subject(question: str, intent: Intent | None, check: str | None) -> None:
    parsed = parse(question)
    if intent is not None:  # (an unknown show or person is settled before the kind matters)
        assert parsed.intent is intent, question
    if check:
        assert getattr(parsed, check), (question, parsed)


# ---------------------------------------------------------------------------------------------- kinds in any wording


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("redis mentioned at all", Intent.MENTIONS),
        ("anyone bring up stripe?", Intent.MENTIONS),
        ("which eps mention openclaw?", Intent.MENTIONS),
        ("who was talking about stockfish lol", Intent.MENTIONS),
        ("did josh wills mention dbt", Intent.MENTIONS),  # whether and where he did
        ("what did josh wills mention about dbt", Intent.SPEAKER_TOPIC),  # his view
        ("the bit where andreessen brings up the first neural net paper", Intent.MENTIONS),
        ("francis mentioned cross country skiing right? where was that", Intent.MENTIONS),
        ("erikbot, where did erik explain how they built it", Intent.MENTIONS),
        ("someone on bike shed asked about sudo gem install, which ep was that", Intent.MENTIONS),
        ("giant robots eps (thoughtbot pod)? what do we have", Intent.LIST),
        ("what do we have on azure horizondb? considering it vs flexible server", Intent.TOPIC),
        ("there was a story about cat robots bringing food at a hot pot place, which ep", Intent.MENTIONS),
        ("trainiacs?? which ep was that lmao", Intent.MENTIONS),
        ("tldr the morphik one? guy who said OCR is a trap and went w vision models instead", Intent.SUMMARY),
        ("what saastr number is the adam gross vimeo fireside chat", Intent.FACTS),
        ("who were the incident.io founders on that ep", Intent.PEOPLE),
        ("jake cooper said smth about how much railway employees use railway itself?", Intent.SPEAKER_TOPIC),
        ("how much did marc talk about agents", Intent.MENTIONS),
        ("who all got clips in that devops diaries 2024 highlights ep?", Intent.PEOPLE),
        ("when did the php podcast ep w the mysql to postgres 480k savings thing come out", Intent.FACTS),
        ("what did marc andreessen say about AI and ppl learning to code rn", Intent.SPEAKER_TOPIC),
        ("whats the runtime on the trillion-scale data pipelines ep", Intent.FACTS),
        ("how long's the azure horizondb thing", Intent.FACTS),
        ("is the josh wills one long?", Intent.FACTS),
        ("what ep # was the cloud pod llama one", Intent.FACTS),
        ("link to the show notes for the ex_doc ep?", Intent.FACTS),
        ("whats the spacetimedb one about, from crazy wisdom i think", Intent.SUMMARY),
        ("so what did nik n michael actually go over in the pg_flight_recorder ep", Intent.SUMMARY),
        ("gimme every latent space pod you've got indexed", Intent.LIST),
        ("who's talking on the inference-is-the-new-401k ep", Intent.PEOPLE),
        ("who are the bike shed hosts again", Intent.PEOPLE),
    ],
)
def test_the_kind_of_question_in_members_wording(question: str, intent: Intent) -> None:
    assert parse(question).intent is intent, parse(question)


def test_a_quoted_phrase_is_the_topic_and_apostrophes_are_no_quotes() -> None:
    assert parse("how often does ben say 'be intentional' lmao it felt like every 5 min").topic == ["intentional"]
    assert parse("what's josh's take on moore's law").phrase is None


def test_english_rarity_weighs_words() -> None:
    assert specificity("heroku") > specificity("moving") > specificity("the")
    assert specificity("pgque") == 1.5


def test_acronyms_the_sources_spell_out() -> None:
    found = acronyms_in("re-platforming its Platform as a Service (PaaS); Vision Language Models (VLMs); a degree (AB)")
    assert found["paas"] == ("paas", "platform as a service") == found["platform as a service"]
    assert found["vlm"] == ("vlms", "vlm", "vision language models")
    assert "ab" not in found


# ---------------------------------------------------------------------------------------------- facts in passing


def test_facts_the_sources_state_in_passing() -> None:
    assert stated_date("Note: this was recorded on 13th December 2024.").value == "2024-12-13"
    assert stated_date("Recorded May 7, 2026. Jerry shows...").value == "2026-05-07"
    assert stated_date("The PHP Podcast 2026.02.26").value == "2026-02-26"
    assert stated_date("Built in 2024 on 31 February 2024") is None
    assert stated_number("SaaStr 732: What It's Like", "").value == "732"
    assert stated_number("Cloud Pod episode 257", "").value == "257"
    assert stated_number("Ep. #13, Building Trillion-Scale Data Pipelines", "").value == "13"
    assert stated_number("News includes ex_doc", "", "http://podcast.thinkingelixir.com/237").value == "237"
    assert stated_number("Retries", "", "https://example.fm/episodes/412-retries-and-fallbacks/").value == "412"
    for link in ("https://blog.example.com/posts/5-tips", "https://example.fm/2024", "https://youtu.be/x?v=12"):
        assert stated_number("A title", "", link) is None  # a slug, a year, a query: no episode number
    estimate = estimated_duration([0.0, 751.0], None)
    assert estimate is not None and estimate.value == "13 min" and "12:31" in estimate.evidence
    assert estimated_duration([], 5040.0).value == "1 h 24 min"
    notes = estimated_duration([], None, [0.0, 300.0, 3300.0])
    assert notes is not None and notes.value == "55 min" and "last timed note is at 55:00" in notes.evidence
    show = spoken_show(["welcome to the Friday Deploy.", "here on Dev Interrupted.", "Dev Interrupted production"])
    assert show is not None and show.value == "Dev Interrupted"


# ---------------------------------------------------------------------------------------------- replies in context

CONTEXT = AnswerContext(
    question="what did josh wills say about slack",
    intent="speaker_topic",
    speakers=("Josh Wills",),
    episode_ids=("first-ep", "second-ep"),
    topic="slack",
)


@pytest.mark.parametrize(
    ("reply", "question", "episode", "page"),
    [
        ("what did he say about k8s?", "what did Josh Wills say about k8s?", None, 0),
        ("and dbt?", "what did Josh Wills say about dbt", None, 0),
        ("and in the other episode?", CONTEXT.question, "second-ep", 0),
        ("what about in that episode", CONTEXT.question, "first-ep", 0),
        ("more", CONTEXT.question, "first-ep", 1),
        ("who was on it?", "who was on it?", "first-ep", 0),
        ("and who else was on it?", "and who else was on it?", "first-ep", 0),
        ("and when did he say it?", "and when did Josh Wills say it?", None, 0),
    ],
)
def test_a_reply_is_read_in_the_context_of_the_answer(
    reply: str, question: str, episode: str | None, page: int
) -> None:
    follow_up = read_follow_up(reply, CONTEXT)
    assert follow_up is not None
    assert (follow_up.question, follow_up.episode_id, follow_up.page) == (question, episode, page)


@pytest.mark.parametrize("reply", ["thanks!!", "lol", "🙏", "ok cool", ""])
def test_a_reply_that_asks_nothing_is_no_question(reply: str) -> None:
    assert read_follow_up(reply, CONTEXT) is None


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        (
            "who told the story about claude cheating at chess w stockfish lmao",
            "claude cheating at chess w stockfish lmao",
        ),
        ("the robot cat at the hot pot restaurant story, who told that", "robot cat at the hot pot restaurant"),
        (
            "who had the line that a data scientist is a statistician in SF",
            "that a data scientist is a statistician in SF",
        ),
    ],
)
def test_a_remembered_story_or_line_whoever_told_it(question: str, passage: str) -> None:
    parsed = parse(question)
    assert parsed.intent is Intent.MENTIONS and parsed.passage == passage


@pytest.mark.parametrize(
    ("question", "show"),
    [
        ("any darknet diaries eps in here? the stuxnet one", "darknet diaries"),
        ("darknet diaries eps?", "darknet diaries"),  # the show's name and "eps" are the whole message
        ("who hosts the syntax podcast", "syntax"),
        ("do you have the syntax.fm svelte 5 episode", "syntax.fm"),
    ],
)
def test_a_show_the_library_does_not_have_is_noticed(question: str, show: str) -> None:
    assert parse(question).show_asked == show


def test_everyday_words_or_a_title_typo_name_no_show() -> None:
    assert parse("was llama 3 covered anywhere or am i thinking of a diff podcast").show_asked is None
    assert parse("sumarize the pgash epsiode").show_asked is None
    assert parse("new eps?").show_asked is None
    assert parse("k8s eps?").show_asked is None  # one word: a topic more often than a show


@pytest.mark.parametrize(
    "question",
    ["what company is josh wills at now", "where does josh wills work these days", "who does jake cooper work for"],
)
def test_where_someone_works_asks_who_they_are(question: str) -> None:
    assert parse(question).about_person, question


def test_where_someone_talked_is_no_question_of_their_work() -> None:
    assert not parse("where does josh wills talk about slack at").about_person


def test_a_length_asked_as_short_enough_is_the_duration() -> None:
    assert parse("is the data renegades one short enough for my 1hr flight or nah").fact is Fact.DURATION


def test_asking_anyone_how_to_do_something_is_another_request() -> None:
    parsed = parse("webpack splitChunks config is killing me, anyone know how to make the vendor chunk smaller?")
    assert parsed.intent is Intent.HELP and parsed.request


def test_a_number_beside_a_show_is_its_episode() -> None:
    assert parse("how many mins is bike shed 412, for my run").episode_number == 412
    assert parse("giant robots 13 recap").episode_number == 13
    assert parse("bike shed 412 - what was that one about, literally just llama 3?").episode_number == 412


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("looking for something on psych safety / trust inside eng teams, anything?", Intent.TOPIC),
        ("any stories of ai agents nuking prod or deleting data??", Intent.TOPIC),
        ("when did they record the data api builder ep", Intent.FACTS),
        ("write me a python func to reverse a linked list pls", Intent.HELP),
        ("why does josh wills think every if should have an else", Intent.SPEAKER_TOPIC),
    ],
)
def test_more_of_the_ways_members_ask(question: str, intent: Intent) -> None:
    assert parse(question).intent is intent


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("what epsiodes was jake cooper on", Intent.LIST),  # "episodes" misspelt is still a cue
        ("did marc say 'airbnb for cats' more than once?", Intent.MENTIONS),
        ("why does josh wills insist every if needs an else", Intent.SPEAKER_TOPIC),
    ],
)
def test_cues_in_a_hurry(question: str, intent: Intent) -> None:
    assert parse(question).intent is intent


def test_a_person_talked_about_is_the_topic_not_a_speaker() -> None:
    question = parse("how often does josh wills bring up jake cooper lol")
    assert question.speakers == ["Josh Wills"] and question.topic[:2] == ["jake", "cooper"]
    both = parse("did josh wills and jake cooper talk about dbt")
    assert set(both.speakers) == {"Josh Wills", "Jake Cooper"}
    assert parse("why does josh wills reckon dbt won").topic == ["dbt", "won"]


def test_the_links_a_description_gives_for_what_is_asked() -> None:
    text = (
        "Sources: https://postgres.fm/episodes/queues-in-postgresPgQue https://github.com/NikolayS/pgqueHN discussion"
        " https://news.ycombinator.com/item?id=1 The Shadow Boxing App (https://shadowboxingapp.com/) Follow Marc"
        " https://github.com/NikolayS/PgQue/blob/main/docs/tick.md~~~What's next"
    )
    assert links_naming(text, ["shadow", "boxing", "app"]) == ["https://shadowboxingapp.com/"]
    assert links_naming(text, ["pgque", "repo"]) == [
        "https://github.com/NikolayS/pgque",
        "https://github.com/NikolayS/PgQue/blob/main/docs/tick.md",
    ]
    assert links_naming(text, ["repo"]) == []  # a word for a link names none


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("who was building a robot cat with wheels", Intent.MENTIONS),  # someone told by what they did
        ("who was running agents while their kids played lacrosse", Intent.MENTIONS),
        ("who is running the bike shed", Intent.PEOPLE),  # running a show is hosting it
        ("who was hosting the bike shed", Intent.PEOPLE),
    ],
)
def test_who_was_doing_something_asks_for_the_moment(question: str, intent: Intent) -> None:
    assert parse(question).intent is intent, question


def test_how_typed_fast_is_read_only_where_how_fits() -> None:
    assert normalise("hw much has railway raised?") == "how much has railway raised"
    assert normalise("any eps on hw acceleration") == "any episodes on hw acceleration"
    assert normalise("") == normalise("?") == ""

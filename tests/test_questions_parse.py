"""Reading questions: the kind from many phrasings, and the parts each kind needs (pure, no store)."""

from __future__ import annotations

import pytest

from bot.questions.parse import Fact, Intent, ListKind, Names, name_forms, normalise, parse_question

PEOPLE = {
    "Josh Wills": name_forms("Josh Wills", []),
    "Marc Andreessen": name_forms("Marc Andreessen", []),
    "Marc Gauthier": name_forms("Marc Gauthier", []),
    "swyx": name_forms("swyx", ["Swyx"]),
    "Joël Quenneville": name_forms("Joël Quenneville", []),
}
SHOWS = ["The Bike Shed", "Latent Space", "Data Renegades", "Giant Robots Smashing Into Other Giant Robots"]
SHOWS += ["Cloud Pod"]
NAMES = Names(PEOPLE, SHOWS, {"willy": 40, "swix": 2})


def parse(text: str):
    return parse_question(text, NAMES)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("tl;dr of the Bob Wise one?", Intent.SUMMARY),
        ("tl;dr of the pg ep on plan flips (the one that mentions the outage)", Intent.SUMMARY),
        ("summarize the pg_ash episode", Intent.SUMMARY),
        ("whats the turbopuffer episode about", Intent.SUMMARY),
        ("recap pls", Intent.SUMMARY),
        ("which episode talks about duckdb?", Intent.TOPIC),
        ("any episodes on pgvector?", Intent.TOPIC),
        ("did they ever discuss layoffs", Intent.TOPIC),
        ("gen ai episodes?", Intent.TOPIC),
        ("what did Josh Wills say about slack?", Intent.SPEAKER_TOPIC),
        ("what's josh's take on dbt", Intent.SPEAKER_TOPIC),
        ("did marc talk about open source", Intent.SPEAKER_TOPIC),
        ("when was moltbook mentioned", Intent.MENTIONS),
        ("who brought up kubernetes", Intent.MENTIONS),
        ("how many times did marc say agents", Intent.MENTIONS),
        ("who was the guest on the data renegades episode?", Intent.PEOPLE),
        ("who hosts the bike shed", Intent.PEOPLE),
        ("who came on from notion for the custom agents ep", Intent.PEOPLE),
        ("josh had another guest with him on that ep, who was that", Intent.PEOPLE),
        ("who did swyx do the unsupervised learning crossover with?", Intent.PEOPLE),
        ("josh wills — who is he? feel like he's in a couple eps", Intent.PEOPLE),
        ("one of the hosts played the first gta as a kid, who was that", Intent.MENTIONS),
        ("who even is josh wills", Intent.PEOPLE),
        ("josh wills pops up on a bunch of shows, who is he exactly", Intent.PEOPLE),
        ("tldr on the data renegades ep? the guy who was at slack forever", Intent.SUMMARY),
        ("marc andreessen on when vcs pull the security ppl in", Intent.SPEAKER_TOPIC),
        ("find where josh talks about the pie contest", Intent.MENTIONS),
        ("did anybody do the 'airbnb for cats' bit", Intent.MENTIONS),
        ("anything for amazon sellers tryna get their data in order", Intent.TOPIC),
        ("find where josh says they review the worst agent transcripts every week", Intent.MENTIONS),
        ("is there a transcript of the josh wills ep", Intent.FACTS),
        ("someone on the latent space ep said coding agents are basically the core of agi?", Intent.MENTIONS),
        ("lol who quoted that old '16 tons' coal miner song", Intent.MENTIONS),
        ("ppl in the marc andreessen convo?", Intent.PEOPLE),
        ("list the episodes", Intent.LIST),
        ("what shows do you know", Intent.LIST),
        ("how many episodes do you have", Intent.LIST),
        ("latent space episodes", Intent.LIST),
        ("episodes from 2025", Intent.LIST),
        ("how long is the josh wills episode", Intent.FACTS),
        ("does the pg_ash episode have a transcript", Intent.FACTS),
        ("how many speakers in the notion one", Intent.FACTS),
        ("hi", Intent.HELP),
        ("tell me a joke", Intent.HELP),
        ("", Intent.HELP),
        ("🤖", Intent.HELP),
        ('"NEAR(a b)" OR *', Intent.HELP),
    ],
)
def test_the_kind_of_question(question: str, intent: Intent) -> None:
    assert parse(question).intent is intent


def test_a_speaker_question_keeps_speaker_and_topic_apart() -> None:
    question = parse("What did Josh Wills say about Slack?")
    assert question.speakers == ["Josh Wills"]
    assert question.topic == ["slack"]


def test_a_first_name_names_everyone_who_goes_by_it() -> None:
    assert set(parse("how many times did marc say agents").speakers) == {"Marc Andreessen", "Marc Gauthier"}


def test_a_misspelt_name_is_found_where_a_name_is_expected_but_not_after_an_article() -> None:
    assert parse("what did swix say about open source").speakers == ["swyx"]
    assert parse("what did josh wils say about dbt").speakers == ["Josh Wills"]
    willy = parse("when did someone mention the willy wonka factory")
    assert willy.speakers == [] and willy.topic == ["willy", "wonka", "factory"]


def test_accents_and_possessives_are_forgiven() -> None:
    assert parse("what's joel's take on rails").speakers == ["Joël Quenneville"]


def test_shows_are_found_by_a_run_of_their_words() -> None:
    assert parse("giant robots episodes?").shows == ["Giant Robots Smashing Into Other Giant Robots"]
    assert parse("who hosts the bike shed").shows == ["The Bike Shed"]
    assert parse("show me everything from the cloud pod").shows == ["Cloud Pod"]


def test_facts_and_lists_carry_what_was_asked() -> None:
    assert parse("how long is the josh wills episode").fact is Fact.DURATION
    assert parse("does it have a transcript").fact is Fact.TRANSCRIPT
    assert parse("what shows do you know").list_kind is ListKind.SHOWS
    assert parse("latest latent space episode").list_kind is ListKind.LATEST
    assert parse("episodes from 2025").year == 2025


def test_a_remembered_passage_is_kept_as_typed() -> None:
    question = parse('who said "new possibility for Elicit. And, as Adam was saying, yeah"')
    assert question.intent is Intent.MENTIONS
    assert question.passage == "new possibility for Elicit. And, as Adam was saying, yeah"
    passage = parse("someone said everything gets compressed by a lot - who?").passage
    assert passage == "everything gets compressed by a lot"
    assert parse("who said agents").passage is None  # two words are a topic, not a passage


def test_chat_shorthand_is_spelt_out() -> None:
    assert normalise("@podquote anything abt k8s rn, pls?") == "anything about k8s now please"


def test_huge_and_hostile_input_is_read_without_error() -> None:
    for text in ["x" * 10_000, "🎙️" * 500, "\x00\x01", '"*" NEAR( -NOT', "<@123> <@&456> @everyone"]:
        parse(text)


@pytest.mark.parametrize(
    ("question", "employer"),
    [
        ("which guests used to work at heroku? feels like half the library lol", "heroku"),
        ("who worked for Microsoft", "microsoft"),
        ("anyone here who was at replicate?", "replicate"),
        ("who was at the conference", None),  # "the" is no company
        ("who were the guests on the bike shed", None),
        ("what did josh say about working at slack", None),  # a topic, no "who"
        ("who founded incident.io? there's an ep w/ both cofounders i think", "incident"),
        ("who started the conversation about agents", None),
        ("who created the podcast", None),
        ("which guests have been CEO of heroku?", "heroku"),
    ],
)
def test_a_company_people_worked_at_is_read(question: str, employer: str | None) -> None:
    parsed = parse(question)
    assert parsed.employer == employer
    assert parsed.role == ("ceo" if "CEO" in question else None)
    if employer is not None:
        assert parsed.intent is Intent.PEOPLE


def test_a_name_part_that_is_an_everyday_word_is_no_name_alone() -> None:
    assert name_forms("Simon Last", []) == ["simon last", "simon"]
    assert name_forms("James Brady", []) == ["james brady", "james", "brady"]
    last = Names({"Simon Last": name_forms("Simon Last", [])}, [], {})
    assert parse_question("who won the champions league final last season?", last).speakers == []
    assert parse_question("what did simon last say about agents", last).speakers == ["Simon Last"]


def test_contractions_without_their_apostrophe_are_spelt_out() -> None:
    assert normalise("francis on psychological safety? what'd he say") == (
        "francis on psychological safety what did he say"
    )


@pytest.mark.parametrize(
    ("question", "described"),
    [
        ("who's the guy that led design of the heroku public api", True),
        ("who was the woman who retired the link shortener app", True),
        ("who is the guest on the bike shed", False),
        ("what did the guy that built annoy say", False),
    ],
)
def test_a_person_told_by_what_they_did_is_read(question: str, described: bool) -> None:
    assert parse(question).described is described


@pytest.mark.parametrize(
    "question",
    ["who even is josh wills", "josh wills pops up on a bunch of shows, who is he exactly", "swyx, who is that?"],
)
def test_a_person_asked_about_in_other_words_is_the_subject(question: str) -> None:
    assert parse(question).about_person


def test_who_was_that_after_a_name_asks_about_someone_else() -> None:
    assert not parse("josh had another guest with him on that ep, who was that").about_person


def test_a_remembered_line_after_someone_on_an_episode() -> None:
    said = parse("someone on the latent space ep said coding agents are basically the core of agi?")
    assert said.passage == "coding agents are basically the core of agi"

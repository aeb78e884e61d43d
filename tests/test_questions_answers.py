"""Answers to questions over the seed corpus: grounded, complete, and sized for Discord."""

from __future__ import annotations

import re

import pytest

from bot.questions import answer_question
from bot.questions.catalog import Catalog
from bot.questions.moments import rank_passages
from bot.questions.topics import Concept, Known, concepts_for, inflections
from bot.search.vocabulary import Vocabulary
from bot.store import SegmentRow, Store

JOSH_WILLS = "ep-13-building-trillion-scale-data-pipel-1a7bc800"
DEV_INTERRUPTED = "inference-is-the-new-401k-matching-and-w-f6af982e"
CONTRACT = {"question", "took_ms", "intent", "text", "pages", "episodes", "quotes", "candidates"}
EPISODE_KEYS = {"id", "title", "show", "source", "duration_seconds", "speakers"}


def segment_texts(store_rows: list[tuple[str, str]]) -> set[str]:
    return {text for _speaker, text in store_rows}


async def spoken(store: Store) -> list[tuple[str | None, str]]:
    rows = await store._fetchall("SELECT speaker, text FROM segments")
    return [(row[0], row[1]) for row in rows]


async def test_topic_answers_rank_episodes_with_verbatim_evidence(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "which episode talks about duckdb?")
    assert answer.intent == "topic"
    assert answer.episodes[0].ref.id == JOSH_WILLS
    said = {text for _speaker, text in await spoken(seed_store)}
    quote = answer.quotes[0]
    assert quote.text in said and "duckdb" in quote.text.casefold()
    assert quote.speaker and quote.timestamp
    assert "duckdb" in answer.text.casefold()


async def test_variants_of_a_term_count_as_the_term(seed_store: Store) -> None:
    k8s = await answer_question(seed_store, "any episodes about k8s?")
    assert k8s.episodes, "k8s is never said, but kubernetes is"
    assert any("kubernetes" in q.text.casefold() for q in k8s.quotes) or any(
        "kubernetes" in e.description.casefold() for e in k8s.episodes
    )


async def test_a_speaker_on_a_topic_gets_only_their_quotes(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "what did Josh Wills say about slack?")
    assert answer.intent == "speaker_topic"
    assert answer.quotes and {q.speaker for q in answer.quotes} == {"Josh Wills"}
    assert all("slack" in q.text.casefold() for q in answer.quotes)


async def test_every_moment_with_the_count(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "when was moltbook mentioned")
    assert answer.intent == "mentions"
    assert answer.episodes[0].ref.id == DEV_INTERRUPTED  # then the episodes whose notes name it
    assert len(answer.quotes) == 2 and all("moltbook" in q.text.casefold() for q in answer.quotes)
    assert answer.text.startswith("**moltbook** came up 2 times in 1 episode")
    assert "**Andrew Zigler**" in answer.text


async def test_how_many_times_counts_each_mention_of_the_speakers(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "how many times did marc say agents")
    match = re.search(r"said \*\*agents\*\* (\d+) times", answer.text)
    assert match is not None
    count = sum(
        len(re.findall(r"\bagent(s|ic)?\b", text, re.IGNORECASE))
        for speaker, text in await spoken(seed_store)
        if speaker in {"Marc Andreessen", "Marc Gauthier"}
    )
    assert int(match.group(1)) == count
    assert {q.speaker for q in answer.quotes} <= {"Marc Andreessen", "Marc Gauthier"}


async def test_a_remembered_passage_across_two_segments_is_one_quote(seed_store: Store) -> None:
    answer = await answer_question(seed_store, 'who said "new possibility for Elicit. And, as Adam was saying, yeah"')
    quote = answer.quotes[0]
    assert quote.speaker == "James Brady" and quote.span == 2
    assert "new possibility for Elicit. And, as Adam was saying, yeah" in quote.text
    # timed where its words begin: after the page's own [00:36:44] marker, inside the first segment (at 36:25)
    assert quote.timestamp == "36:44"


async def test_who_was_on_gives_speakers_with_their_share(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "who was on the josh wills episode")
    assert answer.intent == "people" and answer.episodes[0].ref.id == JOSH_WILLS
    assert re.search(r"\*\*Josh Wills\*\* \(guest\) — \d+%", answer.text)
    assert "**CL Kao**" in answer.text


async def test_an_ambiguous_episode_asks_which_one_and_a_pick_answers(seed_store: Store) -> None:
    asked = await answer_question(seed_store, "who was the guest on the data renegades episode?")
    assert len(asked.candidates) >= 2 and not asked.episodes
    picked = await answer_question(seed_store, asked.question, episode_id=JOSH_WILLS)
    assert "**Josh Wills**" in picked.text


async def test_lists_and_counts(seed_store: Store) -> None:
    count = await answer_question(seed_store, "how many episodes do you have")
    total = (await seed_store.counts())["episodes"]
    assert f"**{total}** episodes" in count.text
    shows = await answer_question(seed_store, "latent space episodes")
    by_hosts = {"conversation-with-marc-andreessen-9f91b16f"}  # no show in its source; swyx and Alessio talk in it
    assert shows.episodes and all(e.ref.show == "Latent Space" or e.ref.id in by_hosts for e in shows.episodes)
    everything = await answer_question(seed_store, "list the episodes")
    assert len(everything.episodes) == total and len(everything.pages) > 1


async def test_facts_of_an_episode(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "how long is the josh wills episode")
    assert answer.intent == "facts"
    assert answer.text.splitlines()[1] == "**Duration:** 1:10:00 (about 70 min)"
    transcript = await answer_question(seed_store, "does the pg_ash episode have a transcript")
    assert "**Transcript:** no, only a description" in transcript.text


async def test_a_topic_nobody_discussed_says_so(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "episodes about knitting")
    assert answer.text == "No episode talks about **knitting**."
    assert not answer.episodes and not answer.quotes


async def test_a_typo_in_a_topic_is_read_as_the_word_and_said_so(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "any episodes about kubernets")
    assert answer.episodes
    assert "“kubernets” as “kubernetes”" in answer.text


async def test_off_topic_gets_help_and_nothing_else(seed_store: Store) -> None:
    for question in ["hi", "what's the weather", "", "🤖", '"NEAR(a b)" OR *', "x" * 10_000]:
        answer = await answer_question(seed_store, question)
        assert answer.intent == "help", question
        assert not answer.episodes and not answer.quotes
        assert "I answer questions about the podcast episodes I know" in answer.text


async def test_every_page_fits_a_discord_embed_and_pings_nobody(seed_store: Store) -> None:
    for question in ["list the episodes", "when did they mention ai", "what did swyx say about agents"]:
        answer = await answer_question(seed_store, question)
        assert all(0 < len(page) <= 4096 for page in answer.pages)
    mass = await answer_question(seed_store, "@everyone any episodes about @here postgres")
    assert "@everyone" not in mass.text and "@here" not in mass.text


async def test_the_json_contract(seed_store: Store) -> None:
    data = (await answer_question(seed_store, "which episode talks about duckdb?")).as_dict()
    assert set(data) == CONTRACT
    assert set(data["episodes"][0]) >= EPISODE_KEYS
    assert set(data["episodes"][0]["source"]) == {"file", "line"}
    assert {"text", "speaker", "timestamp", "approximate", "episode", "source", "link"} <= set(data["quotes"][0])
    assert isinstance(data["took_ms"], float) and data["intent"] == "topic"


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("agents", ["agents", "agent"]),
        ("query", ["query", "queries"]),
        ("box", ["box", "boxes"]),
        ("databases", ["databases", "databas", "database"]),
    ],
)
def test_inflections(word: str, forms: list[str]) -> None:
    assert inflections(word) == forms


def test_a_shorthand_stands_for_every_inflection_of_its_long_form() -> None:
    known = Known(Vocabulary(None, {"database": 3, "vector": 2}, 10, {}), set())
    concepts, unknown = concepts_for(["vector", "dbs"], known)
    assert unknown == [] and concepts[1].forms == ("database",)


async def test_bare_words_a_pasted_line_or_a_phrase_are_understood_and_chat_is_not(seed_store: Store) -> None:
    pasted = await answer_question(seed_store, "new possibility for Elicit. And, as Adam was saying, yeah")
    assert pasted.intent == "mentions" and pasted.quotes[0].speaker == "James Brady"
    phrase = await answer_question(seed_store, "meta acquired moltbook")
    assert phrase.intent == "topic" and phrase.episodes[0].ref.id == DEV_INTERRUPTED
    for chat in ["gm everyone", "joke", "write me a haiku about autumn", "what's the weather like in Berlin today?"]:
        answer = await answer_question(seed_store, chat)
        assert answer.intent == "help" and not answer.episodes, chat


async def test_a_first_name_before_another_surname_is_someone_else(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "what show was the Adam Zimman episode on?")
    assert answer.intent == "facts" and not answer.candidates
    assert "Screaming in the Cloud" in answer.text


async def test_people_tied_to_a_company_come_with_the_words_that_tie_them(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "which guests used to work at heroku? lol")
    assert answer.intent == "people"
    assert "**Bob Wise**" in answer.text and "Bob Wise, CEO of Heroku" in answer.text
    assert "**Gail Frederick**" in answer.text and "Heroku CTO Gail Frederick" in answer.text
    ceo = await answer_question(seed_store, "which guests have been CEO of heroku?")
    assert "Bob Wise, CEO of Heroku" in ceo.text and "Gail Frederick" not in ceo.text  # the role asked for only
    founders = await answer_question(seed_store, "who founded incident.io?")
    assert "**Pete Hamilton**" in founders.text and "**Chris Evans**" in founders.text
    nobody = await answer_question(seed_store, "who worked at google")
    assert nobody.intent == "help" and not nobody.episodes and "No one" in nobody.text  # nothing to say of it


def test_among_passages_holding_as_much_of_the_topic_the_closest_in_meaning_lead() -> None:
    concept = Concept("pager", ("pager",))
    rows = [
        SegmentRow(1, 1, 1, "Sam", 0.0, False, "the pager, the pager, the pager was loud and it was a big old pager"),
        SegmentRow(2, 1, 2, "Sam", 9.0, False, "the pager went off every night and I stopped sleeping"),
    ]
    assert [r.id for r in rank_passages(rows, [concept], [1.0])] == [1, 2]  # more mentions
    assert [r.id for r in rank_passages(rows, [concept], [1.0], {1: 0.2, 2: 0.7})] == [2, 1]


async def test_a_moment_whose_words_never_all_meet_is_found_by_the_weightiest_that_do(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "where did stephanie talk about the robot cat at the hot pot place")
    assert answer.intent == "mentions"
    assert answer.episodes[0].ref.id == "broader-value-of-interactive-workshops-o-a96d7779"
    assert "hot pot" in answer.quotes[0].text.casefold() and "robot" in answer.quotes[0].text.casefold()


def test_segments_are_grouped_by_the_episode_holding_them() -> None:
    catalog = Catalog("v1", [])
    catalog.set_ranges([(1, 3, 10), (4, 2, 11), (8, 5, 12)])  # ids 1-3, 4-5 and 8-12; 6 and 7 in no episode
    assert catalog.by_episode([0, 2, 3, 5, 6, 7, 9, 12, 13]) == {10: [2, 3], 11: [5], 12: [9, 12]}
    assert catalog.by_episode([]) == {} and Catalog("v1", []).by_episode([1, 2]) == {}

"""Answers to members' own words over the seed corpus: names in any form, shows named loosely or not had, facts
read from what the sources do say, evidence cut around the match."""

from __future__ import annotations

import pytest

from bot.meaning import MeaningMatch
from bot.questions import answer_question, moments
from bot.questions.catalog import catalog_of
from bot.questions.clean import question_text
from bot.questions.facts import labelled_links, links_naming
from bot.questions.moments import with_rest_of_turn
from bot.questions.topics import Concept, Known, concepts_for
from bot.search.vocabulary import vocabulary_of
from bot.store import SegmentRow, Store

DEV_INTERRUPTED = "inference-is-the-new-401k-matching-and-w-f6af982e"
INCIDENT = "pete-hamilton-and-chris-evans-of-inciden-4874a394"
CLOUD_POD = "cloud-pod-episode-257-706c7a79"
POSTGIS = "postgis-with-regina-obe-b2404504"
JOSH_WILLS = "ep-13-building-trillion-scale-data-pipel-1a7bc800"
PHP_FEB_26 = "the-php-podcast-2026-02-26-2288ddd8"
BEN_FIRSHMAN = "latent-space-with-ben-firshman-3e455cb4"


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("any eps from darknet diaries?", "I don't have anything called “darknet diaries”"),
        ("who hosts the syntax podcast", "I don't have anything called “syntax”"),
        ("what did john carmack say abt quake on that acquired ep", "I don't know anyone called “john carmack”"),
        ("bike shed 412", "I have no episode 412 of **The Bike Shed**"),
        ("do you have the lex fridman ep with zuckerberg?", "I don't have anything called “lex fridman”"),
        ("is the darknet diaries xbox underground ep in here?", "I don't have anything called “darknet diaries"),
        ("anything from the joe rogan experience in here?", "I don't have anything called “joe rogan experience”"),
        ("how long is the huberman ep about sleep", "I don't have an episode called “huberman”"),
        ("is there a syntax error ep about postgres", "I don't have anything called “syntax error”"),  # said apart
        ("what did taylor swift say about her new album on that podcast", "I don't know anyone called “taylor swift”"),
        ("who's the ceo of apple rn", "No one the episodes name is tied to **apple** as ceo"),
    ],
)
async def test_what_the_library_does_not_have_is_said_never_answered_with_something_else(
    seed_store: Store, question: str, says: str
) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.text.startswith(says) and not answer.episodes and not answer.quotes
    if "don't" in says:
        assert answer.intent == "help"  # the library has nothing to say of it


async def test_everyday_words_naming_an_episode_are_a_show_only_when_never_held_together(seed_store: Store) -> None:
    friday = await answer_question(seed_store, "how long's the dev interrupted friday deploy ep?")  # said, in pairs
    assert friday.episodes[0].ref.id == DEV_INTERRUPTED
    side = await answer_question(seed_store, "who was on the notion custom agents ep from notion's side?")
    assert side.intent == "people" and "Sarah Sachs" in side.text  # "from notion's side" names no show


async def test_facts_the_sources_state_only_in_passing(seed_store: Store) -> None:
    length = await answer_question(seed_store, "how long's the friday deploy 401k one?")
    assert length.episodes[0].ref.id == DEV_INTERRUPTED
    assert "about 21 min (the last line of the transcript is at 21:08)" in length.text
    show = await answer_question(seed_store, "what podcast is the inference 401k ep even from")
    assert "here on Dev Interrupted" in show.text
    recorded = await answer_question(seed_store, "when was the incident.io ep recorded?")
    assert recorded.episodes[0].ref.id == INCIDENT and "2024-12-13" in recorded.text
    number = await answer_question(seed_store, "what ep # was the cloud pod llama one")
    assert number.intent == "facts" and "**Episode number:** 257" in number.text


async def test_people_as_the_subject(seed_store: Store) -> None:
    who = await answer_question(seed_store, "who's jacob effron")
    assert who.intent == "people" and who.text.startswith("**Jacob Effron** — in 1 episode")
    assert "% of the talk" in who.text
    named = await answer_question(seed_store, "who's adam gross? someone said he ran heroku")
    assert "named in the description" in named.text and len(named.episodes) == 2
    hosts = await answer_question(seed_store, "postgres fm hosts? nik and ...?")
    assert "Michael Christofides" in hosts.text and "Nikolay Samokhvalov" in hosts.text
    eps = await answer_question(seed_store, "what eps has francis lacost been on? loved him on giant robots")
    assert eps.intent == "list" and eps.episodes and "Francis Lacoste" in eps.text
    described = await answer_question(seed_store, "who's the guy that maintains excon and led design of heroku's api")
    assert described.intent == "people" and described.text.split("\n")[1].startswith("**Wesley Beary**")
    assert "excon" in described.text
    host = await answer_question(seed_store, "who is CL kao")
    assert "speaks (host)" in host.text  # "CL Kao sits down with Josh Wills"
    assert "**CL Kao**: “Hi, I'm CL, CEO and founder of Recce and your host" in host.text  # as he introduces himself


async def test_a_show_by_part_of_its_name_or_its_web_address(seed_store: Store) -> None:
    bytes_ = await answer_question(seed_store, "python bytes eps?")
    assert {e.ref.show for e in bytes_.episodes} == {"pythonbytes.fm"} and len(bytes_.episodes) == 2
    count = await answer_question(seed_store, "how many postgres.fm eps r in here")
    assert "**11** episodes" in count.text


async def test_filler_never_vetoes_and_evidence_shows_the_match(seed_store: Store) -> None:
    answer = await answer_question(
        seed_store, "my manager keeps saying stockfish will save our sprint lol, was there an ep on that"
    )
    assert answer.episodes and "stockfish" in answer.quotes[0].text.casefold()
    assert "stockfish" in answer.text.casefold()  # the quote shown is cut around the word, not its opening


async def test_text_as_it_arrives(seed_store: Store) -> None:
    hidden = await answer_question(seed_store, "<@123> hey 👋 any eps on Post\u200bGIS?\u200f")
    assert hidden.intent == "topic" and hidden.episodes[0].ref.id == POSTGIS
    story = "So I was on the train listening and zoned out for a bit. " * 60
    long = await answer_question(seed_store, story + "Anyway, which episode talks about duckdb?")
    assert long.intent == "topic" and "duckdb" in long.text.casefold()


async def test_a_persons_or_shows_episodes_about_a_topic_are_the_ones_about_it(seed_store: Store) -> None:
    evals = await answer_question(seed_store, "is there a swyx episode about evals?")
    assert evals.intent == "topic" and evals.episodes
    assert all(any(p.casefold() == "swyx" for p in e.people_names) for e in evals.episodes)
    assert "eval" in evals.text.casefold()
    nothing = await answer_question(seed_store, "any josh wills episodes about knitting?")
    assert nothing.text.startswith("None of the episodes with **Josh Wills** is about **knitting**.")
    assert [e.ref.title for e in nothing.episodes] == [
        e.ref.title for e in (await answer_question(seed_store, "list josh wills episodes")).episodes
    ]


async def test_a_word_run_together_is_found_said_apart(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "how many times does andressen bring up openclaw")
    assert answer.intent == "mentions" and answer.quotes
    assert all(q.speaker == "Marc Andreessen" and "open claw" in q.text.casefold() for q in answer.quotes)


async def test_someones_view_in_everyday_words_is_asked_of_their_passages_by_meaning(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "why does joel insist every if needs an else")
    assert answer.intent == "speaker_topic"  # not "no episode talks about needs": the store has no vectors here
    assert "Joël Quenneville" in answer.text and "needs" not in answer.text


async def test_an_episode_named_amid_chat_or_by_a_short_show_name(seed_store: Store) -> None:
    length = await answer_question(seed_store, "how long is the josh wills ep? need to know if it fits my commute")
    assert length.intent == "facts" and length.episodes[0].ref.id == JOSH_WILLS
    numbered = await answer_question(seed_store, "cloud pod 257 - what was that one about, literally just llama 3?")
    assert numbered.intent == "summary" and numbered.episodes[0].ref.id == CLOUD_POD
    short = await answer_question(seed_store, "quick rundown of the php podcast from feb 26? heard john went skiing")
    assert short.intent == "summary" and short.episodes[0].ref.id == PHP_FEB_26
    number = await answer_question(seed_store, "ep # for the talking postgres episode 38?")
    assert number.intent == "facts" and "**Episode number:** 38" in number.text
    said = await answer_question(seed_store, "how long's the dev interrupted friday deploy ep?")
    assert said.intent == "facts" and said.episodes[0].ref.id == DEV_INTERRUPTED  # only its talk says the show
    llama = await answer_question(seed_store, "what number is the cloud pod ep thats basically all llama 3")
    assert llama.episodes[0].ref.id == CLOUD_POD and "**Episode number:** 257" in llama.text
    aside = await answer_question(seed_store, "which show is the 401k ep from? the page doesnt really say")
    assert aside.intent == "facts" and aside.episodes[0].ref.id == DEV_INTERRUPTED
    typo = await answer_question(seed_store, "whats the notoin custom agents ep about, worth a listen?")
    assert typo.intent == "summary" and typo.episodes[0].ref.id == "how-notion-built-custom-agents-3111f7d8"
    bytes_ = await answer_question(seed_store, "gimme all the python bytes eps")  # "bytes" alone names nothing
    assert bytes_.intent == "list" and bytes_.episodes
    appears = await answer_question(seed_store, "francis lacoste shows up in a few pods right? which ones")
    assert appears.intent == "list" and len(appears.episodes) == 3
    aside = await answer_question(seed_store, "devops diaries (the gearset salesforce pod) episodes?")
    assert aside.intent == "list" and {e.ref.show for e in aside.episodes} == {"DevOps Diaries", None}
    assert [e.ref.id for e in aside.episodes if not e.ref.show] == ["julian-duque-of-salesforce-b7cba44b"]  # footer
    shorthand = await answer_question(seed_store, "who made pg_flight_recorder, they were on pg fm right?")
    assert shorthand.episodes[0].ref.id == "pg-flight-recorder-with-david-ventimigli-21d98c3b"
    assert "David Ventimiglia" in shorthand.text
    together = await answer_question(seed_store, "when does josh mention viz tracer")
    assert together.intent == "mentions" and "Viztracer" in together.quotes[0].text
    shows_up = await answer_question(seed_store, "francis lacoste shows up a few times right? list em")
    assert shows_up.intent == "list" and len(shows_up.episodes) == 3


async def test_an_episode_whose_source_names_no_show_belongs_to_the_show_whose_hosts_talk_in_it(
    seed_store: Store,
) -> None:
    marc = "conversation-with-marc-andreessen-9f91b16f"  # a directory line with no show; swyx and Alessio talk in it
    counted = await answer_question(
        seed_store, "how many times does marc andreessen say open source in that latent space ep"
    )
    assert counted.intent == "mentions" and [e.ref.id for e in counted.episodes] == [marc]
    listed = await answer_question(seed_store, "list the latent space eps")
    assert marc in [e.ref.id for e in listed.episodes]
    show = await answer_question(seed_store, "what show is the marc andreessen one")
    assert "likely **Latent Space**, whose hosts talk in it" in show.text


async def test_what_someone_said_in_answer_to_a_question_asked_in_the_topics_words(seed_store: Store) -> None:
    # The host asks "best new tool you've added to your workflow in the last six months?"; Josh's answer does not
    # repeat those words, and "what did josh say was ..." asks for it, not for who said the words.
    answer = await answer_question(
        seed_store, "what did josh wills say was the best new tool he added to his workflow lately?"
    )
    assert answer.intent == "speaker_topic"
    assert all(q.speaker == "Josh Wills" for q in answer.quotes)
    assert any("Python profiling library" in q.text for q in answer.quotes[:2])


async def test_a_moment_asked_by_what_was_said_is_found_by_the_part_of_it_the_transcript_holds(
    seed_store: Store,
) -> None:
    found = await answer_question(
        seed_store, "jake cooper said railway was burning like 500k/mo during the free tier era, find that part"
    )
    assert found.intent == "mentions" and not found.text.startswith("**Jake Cooper** never says")
    assert any("losing about half a million dollars a month" in q.text for q in found.quotes[:3])
    which = await answer_question(seed_store, "joel's mug with the climbing hold handle, which bike shed ep was that")
    assert which.intent == "mentions" and "rock climbing hold" in which.quotes[0].text


async def test_a_topic_asked_of_a_show_is_answered_from_that_shows_episodes(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "what did postgres fm say about vacuum")
    assert answer.episodes and all(e.ref.show == "Postgres FM" for e in answer.episodes)


async def test_a_moment_only_a_description_names_is_answered_with_that_description(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "which ep mentioned pgbackrest losing its maintainer? we run it in prod")
    assert answer.text.startswith("Nobody says **pgbackrest** in the transcripts I have.")
    assert "pgBackRest lost its maintainer" in answer.text  # the description's sentence, not moments of "maintainer"
    clerk = await answer_question(seed_store, "which ep mentioned the clerk outage?")  # "clerk": an everyday word
    assert clerk.episodes[0].ref.id == "query-plan-flips-in-postgres-419ce39b"


async def test_what_is_asked_to_be_mentioned_is_the_topic_and_the_chat_after_it_is_not(seed_store: Store) -> None:
    answer = await answer_question(
        seed_store, "did anybody mention ai dungeon? i swear someone said it was the only way to try gpt3 back then"
    )
    assert answer.intent == "mentions" and answer.quotes
    assert all("dungeon" in q.text.casefold() for q in answer.quotes)


async def test_people_asked_in_other_words(seed_store: Store) -> None:
    joined = await answer_question(seed_store, "who joined nik & michael for the postgis one")
    assert joined.episodes[0].ref.id == POSTGIS and "Paul Ramsey" in joined.text  # two Michaels, one PostGIS
    who = await answer_question(seed_store, "adam wiggins — who is he? feel like he's in a couple eps")
    assert who.text.startswith("**Adam Wiggins** — in 2 episodes")
    other = await answer_question(seed_store, "walden had another guest with him on the cognition ep, who was that")
    assert other.intent == "people" and "Cole Murray" in other.text


async def test_a_speakers_leading_quotes_run_on_to_the_rest_of_their_turn(seed_store: Store) -> None:
    (row,) = await seed_store.matching_segments("cadence AND precursor")
    (grown,) = await with_rest_of_turn(seed_store, [row], 700)
    assert grown.text.startswith(row.text) and grown.text.endswith(
        "That experience was powered by Cadence at the time."
    )
    assert "programming the entire user journey" not in grown.text  # swyx's turn after it is not Jake's
    (short,) = await with_rest_of_turn(seed_store, [row], len(row.text) + 10)
    assert short == row  # nothing joined past the length allowed


async def test_a_listeners_brief_aside_does_not_end_the_speakers_turn(seed_store: Store) -> None:
    (row,) = await seed_store.matching_segments("temporal AND theory AND journey")
    (grown,) = await with_rest_of_turn(seed_store, [row], 700)
    assert grown.text.startswith(row.text + " … Exactly. I describe it as a jet engine.")
    assert "deterministic workflow history" not in grown.text  # swyx's aside is left out, not put in Jake's mouth
    (asked,) = await seed_store.matching_segments("fair AND cadence AND uber")
    (kept,) = await with_rest_of_turn(seed_store, [asked], 700)
    assert kept == asked  # swyx's "Give people a sense of what Cadence was" asks for something else


async def test_namesakes_are_told_apart_by_a_word_only_ones_episodes_hold(seed_store: Store) -> None:
    simon = await answer_question(seed_store, "simon (turbopuffer) and elasticsearch, what was his beef with it")
    assert simon.intent == "speaker_topic" and {q.speaker for q in simon.quotes} == {"Simon Hørup Eskildsen"}
    marcs = await answer_question(seed_store, "how many times did marc say agents")  # a word many episodes hold
    assert "**Marc Gauthier**" in marcs.text and "**Marc Andreessen**" in marcs.text
    prout = await answer_question(seed_store, "which ep # of talking postgres is the adam prout horizondb one")
    assert prout.episodes[0].ref.id == "talking-postgres-episode-39-c5287ff6"  # an Adam no one else is, not every Adam


async def test_who_is_someone_a_description_introduces_shows_the_sentence_that_says_who(seed_store: Store) -> None:
    bob = await answer_question(seed_store, "who's bob wise")
    assert "“Bob Wise, CEO of Heroku, discussed" in bob.text  # not the title that only names him
    adam = await answer_question(seed_store, "adam wiggins — who is he?")
    assert "Today's guest is Adam Wiggins! Adam is the General Manager of Platform" in adam.text


def test_a_link_asked_in_other_words_than_the_address() -> None:
    assert links_naming("Francis coaches at https://thevpe.coach/ now.", ["coaching", "site"]) == [
        "https://thevpe.coach/"
    ]


@pytest.mark.parametrize(
    ("question", "episode"),
    [
        ("rails 8 built in auth + kamal 2 talk anywhere??", "dhh-s-monumental-keynote-unveiling-the-b-4efe1a4f"),
        ("all the thoughtbot podcasts in the library", "his-deep-dive-into-activerecord-77258cfb"),
    ],
)
async def test_a_question_with_no_cue_that_names_the_fields_jargon_is_a_topic(
    seed_store: Store, question: str, episode: str
) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == "topic" and episode in [e.ref.id for e in answer.episodes]


@pytest.mark.parametrize(
    "question", ["write me a haiku about kubernetes 🙏", "can u help me fix my docker compose file, port is allocated"]
)
async def test_a_request_for_something_else_is_not_a_topic_for_its_jargon(seed_store: Store, question: str) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == "help" and not answer.episodes


async def test_an_episode_named_by_what_its_talk_calls_the_show_settles_a_choice(seed_store: Store) -> None:
    length = await answer_question(seed_store, "how long is the friday deploy ep w the moltbook + aws outage stuff")
    assert length.episodes[0].ref.id == DEV_INTERRUPTED and not length.candidates
    summary = await answer_question(
        seed_store,
        "yo whats the tldr of that friday deploy ep where they argue about getting paid in gpu time instead of cash",
    )
    assert summary.intent == "summary" and summary.episodes[0].ref.id == DEV_INTERRUPTED


@pytest.mark.parametrize("similarity", [0.40, 0.50])
async def test_a_moment_no_one_says_is_answered_by_the_descriptions_naming_it(
    seed_store: Store, monkeypatch: pytest.MonkeyPatch, similarity: float
) -> None:
    # "clerk" is in two descriptions and no transcript: a passage near in meaning, however near, is a guess where the
    # episodes' own fields name the word, so those episodes answer.
    (row,) = await seed_store.matching_segments("sourdough OR heroku", limit=1)

    async def near(*_args: object, **_kwargs: object) -> list[tuple[MeaningMatch, object]]:
        return [(MeaningMatch(row.id, similarity), row)]

    monkeypatch.setattr(moments, "passages_meant", near)
    answer = await answer_question(seed_store, "did any ep mention clerk?")
    assert answer.text.startswith("Nobody says **clerk** in the transcripts I have. These episodes' own fields name")
    named = {"query-plan-flips-in-postgres-419ce39b", "the-agents-005-our-ai-is-hiring-ade754fb"}
    assert {e.ref.id for e in answer.episodes[:2]} == named  # both descriptions say "clerk"


@pytest.mark.parametrize(
    "question",
    [
        "could a mod give me the podcast-fan role pls",
        "i boosted the server last night, do i get nitro perks here?",
        "tell me a joke about postgres",
        "how do i install helm on ubuntu",
        "how do i rebase onto main without losing my commits",
        "my redis keeps evicting keys under load, any idea why?",
        "when's the next trivia night on this server?",
        "whens the next game night in the server",
        "is the mod team meeting tonight or tmrw?",
    ],
)
async def test_talk_to_the_server_and_requests_of_another_kind_get_help(seed_store: Store, question: str) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == "help" and not answer.episodes and not answer.quotes


async def test_a_server_word_in_a_real_question_is_not_server_chat(seed_store: Store) -> None:
    mods = await answer_question(seed_store, "any eps about game mods and modding communities?")
    assert mods.intent == "topic"  # mods talked about, not mods asked for something
    answer = await answer_question(seed_store, "did anyone talk about the discord server jake ran for railway")
    assert answer.intent != "help" and answer.episodes


async def test_a_phrase_in_quotes_is_looked_for_where_it_was_said(seed_store: Store) -> None:
    said = await answer_question(seed_store, "did someone really say 'robot cat with wheels' lol")
    assert said.intent == "mentions" and "robot cat with wheels" in said.quotes[0].text.casefold()
    origin = await answer_question(seed_store, "where does the term 'velocity cushion' come from, a thoughtbot pod?")
    assert origin.intent == "mentions" and "velocity cushion" in origin.quotes[0].text.casefold()  # not "no show"
    reasons = await answer_question(seed_store, "stephanie's reasoning on 'every if should come with an else'?")
    assert reasons.intent == "speaker_topic"  # her reasons, not only where the line was said


async def test_chat_after_the_question_is_not_its_topic(seed_store: Store) -> None:
    count = await answer_question(seed_store, "how many postgres fm eps do you have? i just subscribed")
    assert count.intent == "list" and "**11** episodes of **Postgres FM**" in count.text
    cohost = await answer_question(seed_store, "who co-hosts the bike shed with joel? i forget")
    assert cohost.intent == "people" and "Stephanie Minn" in cohost.text and not cohost.candidates


async def test_a_person_on_several_shows_is_asked_for_their_episodes(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "has francis lacoste been on more than one podcast?")
    assert answer.intent == "list" and len(answer.episodes) == 3


async def test_a_summary_of_an_episode_named_only_by_its_talk(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "tl;dr for the dev interrupted one with the meta moltbook acquisition")
    assert answer.intent == "summary" and answer.episodes[0].ref.id == DEV_INTERRUPTED


async def test_the_fields_shorthand_and_numbers_run_together(seed_store: Store) -> None:
    p99 = await answer_question(seed_store, "where did simon explain what a p99 engineer is")
    assert any("P 99 engineer" in q.text for q in p99.quotes[:3])
    known = Known(await vocabulary_of(seed_store), (await catalog_of(seed_store)).field_terms)
    concepts, _unknown = concepts_for(["fav", "devs", "gh"], known)
    assert [{"favorite", "developers", "github"} & set(c.forms) for c in concepts] == [
        {"favorite"},
        {"developers"},
        {"github"},
    ]


def test_a_label_glued_to_the_address_before_it_goes_back_to_its_own() -> None:
    listing = (
        "Adam's LinkedIn: https://www.linkedin.com/in/adamzimman/Personal site: https://progressivedelivery.com/"
        "SponsorHeroku: http://heroku.com/"
    )
    assert labelled_links(listing) == [
        ("https://www.linkedin.com/in/adamzimman/", "Adam's LinkedIn: "),
        ("https://progressivedelivery.com/", "Personal site: "),
        ("http://heroku.com/", "SponsorHeroku: "),
    ]
    assert links_naming(listing, ["personal", "site"]) == ["https://progressivedelivery.com/"]


async def test_a_quote_starts_where_its_sentence_does_and_runs_past_a_short_question(seed_store: Store) -> None:
    (cut,) = await seed_store.matching_segments("much AND better AND idea")
    (whole,) = await with_rest_of_turn(seed_store, [cut], 700)
    assert "run the engineering team at Elicit, which it turns out was a much better idea" in whole.text
    assert whole.id == cut.id - 1 and whole.start_at(whole.text.index("a much better")) == cut.start_seconds
    (launch,) = await seed_store.matching_segments("highlight AND acquisition AND closed")
    (told,) = await with_rest_of_turn(seed_store, [launch], 700)
    assert "At GitHub Universe. … It was October of twenty eighteen" in told.text  # past "They're that young?"
    assert "young" not in told.text


@pytest.mark.parametrize(
    ("question", "episode"),
    [
        ("what was the latent space w/ the guy who built arxiv vanity about?", BEN_FIRSHMAN),
        ("whats the postgres fm ep where they talk about postgis, forgot", POSTGIS),
        ("what did the cognition guy talk about", "conversation-with-walden-yan-acae6229"),
    ],
)
async def test_what_an_episode_was_about_asked_by_what_it_had(seed_store: Store, question: str, episode: str) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == "summary" and answer.episodes[0].ref.id == episode


async def test_a_list_of_a_shows_episodes_on_a_topic_is_a_list(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "list the latent space eps about evals")
    assert answer.intent == "list" and answer.episodes
    named = [e for e in answer.episodes if e.ref.show != "Latent Space" and "Latent Space" not in e.ref.title]
    assert all("latent space" in e.description.casefold() for e in named)  # a crossover its notes call theirs


async def test_did_someone_say_asks_for_the_moment(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "did somebody say they rewrote their agent harness like five times?")
    assert answer.intent == "mentions"


async def test_who_hosts_a_show_read_from_a_host_label_deep_in_a_listing(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "who are the hosts of the php show")
    assert "Host: Eric Van Johnson (@eric) John Congdon" in answer.text


async def test_the_number_of_people_asked_for_tells_no_episode(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "who were the two hosts of the friday deploy one")
    assert answer.episodes[0].ref.id == DEV_INTERRUPTED and "Andrew Zigler" in answer.text


async def test_a_show_named_by_an_about_footer_and_a_guests_own_episode(seed_store: Store) -> None:
    show = await answer_question(seed_store, "what show is the julián duque one on")
    assert "**Show:** **DevOps Diaries**" in show.text
    own = await answer_question(seed_store, "what's the runtime of julian duque's devops diaries ep")
    assert own.episodes[0].ref.id == "julian-duque-of-salesforce-b7cba44b"  # his, not the best-of quoting him


async def test_possessives_and_a_word_the_episodes_say_are_not_names(seed_store: Store) -> None:
    wonka = await answer_question(seed_store, "who called meta's lab the willy wonka's factory of ai?")
    assert not wonka.episodes or all(q.speaker != "Josh Wills" for q in wonka.quotes)  # "willy" is no typo'd Wills
    assert any("Willy Wonka factory" in q.text for q in wonka.quotes[:3])


async def test_cues_of_a_moment_a_person_and_a_length(seed_store: Store) -> None:
    story = await answer_question(seed_store, "the story where stephanie almost got run over by a robot cat")
    assert story.intent == "mentions" and any("robot cat" in q.text for q in story.quotes[:3])
    said = await answer_question(seed_store, "did someone on the bike shed say they use postgres.app?")
    assert said.intent == "mentions"
    who = await answer_question(seed_store, "who from cognition was on that devin episode?")
    assert who.intent == "people" and "Walden Yan" in who.text
    till = await answer_question(seed_store, "josh wills on agents - how long until they write all our code?")
    assert till.intent != "facts"  # "how long until" is no episode's length


async def test_an_episode_found_by_its_first_sentence_or_by_a_series_number(seed_store: Store) -> None:
    first = await answer_question(seed_store, "recap the pgque episode pls. also is it any good vs sqs lol")
    assert first.intent == "summary" and first.episodes[0].ref.id == "nik-s-new-project-pgque-ab48719e"
    series = await answer_question(seed_store, "summary of saastr's the agents #5?")
    assert series.episodes[0].ref.id == "the-agents-005-our-ai-is-hiring-ade754fb"  # no SaaStr show of its own


def test_a_link_labelled_by_what_is_asked_for() -> None:
    text = "Follow Francis on LinkedIn (https://www.linkedin.com/in/francislacoste/). Visit his website: thevpe.coach (https://thevpe.coach/)."
    assert links_naming(text, ["website"]) == ["https://thevpe.coach/"]


async def test_more_phrasings_of_kinds(seed_store: Store) -> None:
    guest = await answer_question(seed_store, "postgis — did any guest get into that?")
    assert guest.intent == "topic" and guest.episodes[0].ref.id == POSTGIS
    runs = await answer_question(seed_store, "who does the friday deploy segment")
    assert runs.intent == "people" and "Ben Lloyd Pearson" in runs.text
    dated = await answer_question(seed_store, "date on the incident.io founders ep?")
    assert dated.intent == "facts" and "2024-12-13" in dated.text


async def test_guests_of_a_show_with_no_transcripts_are_named_per_description(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "who've the talking postgres guests been so far?")
    assert "**Named in their descriptions**" in answer.text and "Charles Feddersen" in answer.text


async def test_a_show_we_do_not_have_asked_as_the_one_that_made_episodes(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "did hardcore engineering ever do an episode on raft?")
    assert answer.intent == "help" and "I don't have anything called" in answer.text
    ours = await answer_question(seed_store, "did postgres fm ever do an ep on autovacuum?")
    assert ours.intent != "help" and ours.episodes


async def test_a_moment_a_description_names_when_its_weightiest_word_is_nobodys(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "did anyone bring up the uk airspace flight plan fiasco?")
    assert answer.episodes[0].ref.id == INCIDENT  # "fiasco" nobody has; "airspace" only a description ("air space"
    assert answer.text.startswith("Nobody says **airspace**")  # is said apart, never together)


async def test_a_quote_cut_by_a_listeners_aside_starts_where_the_speakers_sentence_does(seed_store: Store) -> None:
    (cut,) = await seed_store.matching_segments("face AND unlocking AND captured")
    (whole,) = await with_rest_of_turn(seed_store, [cut], 700)
    assert whole.text.startswith("As an engineer and someone who consumes a lot of tokens.")
    assert "totally unacceptable and it … face of what I think" in whole.text and "Oh." not in whole.text


@pytest.mark.parametrize(
    "question",
    [
        "what was the dev interrupted friday deploy about? the one on inference as a job perk",
        "tl;dr the friday deploy ep where they say engineers get paid in gpu time",
    ],
)
async def test_a_summary_of_an_episode_named_by_its_talk_despite_a_confident_wrong_guess(
    seed_store: Store, question: str
) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == "summary" and answer.episodes[0].ref.id == DEV_INTERRUPTED


async def test_a_summarys_first_sentence_names_the_episode_the_chat_after_it_does_not(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "sum up the spacetimedb episode? my friend says its an OS not a db")
    assert answer.episodes[0].ref.id == "how-spacetimedb-functions-as-more-than-j-70ca1ffc"


async def test_a_hyphen_binds_a_question_word_to_the_topic(seed_store: Store) -> None:
    local_first = await answer_question(seed_store, "any local-first eps?")
    assert "about **local first**" in local_first.text  # "first" is no question word here
    assert "Local First Conf" in local_first.quotes[0].text
    cohosts = await answer_question(seed_store, "who co-hosts the bike shed")
    assert cohosts.intent == "people" and "Stephanie Minn" in cohosts.text  # "co-hosts" binds no topic word


async def test_who_a_named_person_is_is_not_what_is_asked_of_them(seed_store: Store) -> None:
    count = await answer_question(seed_store, "count how many times jake from railway says agents")
    assert "**Jake Cooper** said **agents**" in count.text
    said = await answer_question(seed_store, "what did simon from turbopuffer say abt running elasticsearch at shopify")
    assert "said about **elasticsearch shopify**" in said.text
    asked = "kyle daigle (github coo) — what did he say about using agents on weekends"
    aside = await answer_question(seed_store, asked)
    assert "said about **using agents weekends**" in aside.text


def test_a_word_a_speaker_says_all_the_time_tells_their_passages_apart_little() -> None:
    railway, dying = Concept("railway", ("railway",)), Concept("prs", ("pull requests", "prs"))
    rows = [SegmentRow(i, 1, i, "Jake", None, True, f"railway deploys thing {i}") for i in range(30)]
    rows.append(SegmentRow(99, 1, 99, "Jake", None, True, "prs are dying"))
    weights = moments.in_their_talk(rows, [railway, dying], [2.0, 2.0])
    assert weights[0] < weights[1] == pytest.approx(2.0 * (0.3 + 0.7 * 30 / 31))
    few = rows[:5]
    assert moments.in_their_talk(few, [railway, dying], [2.0, 2.0]) == [2.0, 2.0]  # too few to tell


async def test_the_members_own_situation_after_the_question_is_not_its_topic(seed_store: Store) -> None:
    asked = "anything on wait events / wait event sampling? trying to debug a slow db 🐢"
    waits = await answer_question(seed_store, asked)
    assert "about **wait events event sampling**" in waits.text
    assert {"his-new-tool-pg-wait-tracer-with-dmitry-c9e82c6f", "pg-ash-59addfb6"} <= {e.ref.id for e in waits.episodes}
    count = await answer_question(seed_store, "how many postgres fm eps are in the library rn?")
    assert count.intent == "list" and "I know **11** episodes of **Postgres FM**" in count.text


async def test_readings_of_what_members_ask_in_passing(seed_store: Store) -> None:
    diss = await answer_question(seed_store, "did josh wills diss stonebraker at some point 👀")
    assert "**Josh Wills** said about **stonebraker**" in diss.text  # the second name is what he talked about
    when = await answer_question(seed_store, "when's the php podcast ep where john went skiing from")
    assert when.intent == "facts" and when.episodes[0].ref.id == PHP_FEB_26 and "2026-02-26" in when.text
    vibe = "walden yan said something about how long you can vibe code with auto-merge before it turns to trash?"
    assert (await answer_question(seed_store, vibe)).intent == "speaker_topic"  # no episode's length
    why = await answer_question(seed_store, "joel from bike shed on why every if should have an else?")
    assert why.intent == "speaker_topic"  # by meaning alone: every word of it is an everyday one
    aside = await answer_question(seed_store, "marc gauthier (shadow boxing app guy) — what does he think about AI?")
    assert "said about **ai**" in aside.text


async def test_who_someone_is_from_the_sentence_that_says_what_they_do(seed_store: Store) -> None:
    who = await answer_question(seed_store, "who is tyler cloutier")
    assert "founder of Clockwork Labs" in who.text  # not the description's echo of the title


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("what's a good ergonomic chair under $300", "I answer questions about the podcast episodes"),
        ("huberman sleep episode tl;dr?", "I don't have anything called “huberman sleep”"),
        ("summarize the acquired ep on costco pls", "I couldn't find an episode about “costco”"),  # not "cost"
    ],
)
async def test_what_is_not_the_librarys_gets_no_episode(seed_store: Store, question: str, says: str) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == "help" and says in answer.text and not answer.episodes


async def test_advice_asked_of_the_episodes_and_shorthand_named_first_are_still_answered(seed_store: Store) -> None:
    advice = await answer_question(seed_store, "whats a good ep on how to hire people for llm product work?")
    assert advice.intent == "topic" and advice.episodes
    k8s = await answer_question(seed_store, "k8s eps?")
    assert k8s.intent == "topic" and "about **k8s**" in k8s.text


async def test_words_quoted_as_said_are_looked_for_as_said(seed_store: Store) -> None:
    cats = await answer_question(seed_store, "someone said 'airbnb for cats' on a pod i swear lmao which one")
    assert cats.intent == "mentions" and "Airbnb for cats" in cats.quotes[0].text
    robinhood = await answer_question(seed_store, "did anyone talk about working at robinhood")
    assert robinhood.intent != "people" and "I worked at Robinhood" in robinhood.quotes[0].text


async def test_people_asked_about_in_other_words(seed_store: Store) -> None:
    twice = await answer_question(seed_store, "who was on the josh wills data renegades ep? who was interviewing him")
    assert twice.intent == "people" and "**CL Kao** (host)" in twice.text  # no line anyone said
    both = await answer_question(seed_store, "who hosts talkin postgres? is it the same ppl as postgres fm")
    assert both.text.index("**Talking Postgres**") < both.text.index("**Postgres FM**")
    betty = await answer_question(seed_store, "who is betty junod? saw her name in a heroku thing")
    assert betty.intent == "people" and "Betty Junod, CMO and SVP at Heroku" in betty.text
    modal = await answer_question(seed_store, "who did swyx n alessio have on for the modal episode")
    assert modal.intent == "people" and "**Erik Bernhardsson** (guest)" in modal.text


@pytest.mark.parametrize(
    ("question", "who"),
    [
        ("what did joe rogan say about aliens lmaooo 👽", None),  # "rogan" is a letter from Rowan, "joe" nothing
        ("did huberman ever talk about cold plunges", None),
        ("what did marc andresen say about open source ai", "Marc Andreessen"),  # two letters off a long name
        ("what did simon (turbopuffer) say abt running elasticsearch at shopify", "Simon Hørup Eskildsen"),
    ],
)
async def test_a_name_fits_someone_only_whole(seed_store: Store, question: str, who: str | None) -> None:
    answer = await answer_question(seed_store, question)
    if who is None:
        assert answer.intent == "help" and answer.text.startswith("I don't know anyone called")
    else:
        assert answer.intent == "speaker_topic" and f"**{who}**" in answer.text


async def test_their_words_a_description_line_points_to_when_they_never_say_the_topic(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "what did marc andreesen say about deepseek 🐋")
    assert "the notes of **Conversation with Marc Andreessen** name it" in answer.text
    assert "gift to the world" in answer.quotes[0].text and answer.quotes[0].speaker == "Marc Andreessen"


async def test_related_and_what_an_episode_is_about_after_its_name(seed_store: Store) -> None:
    heroku = await answer_question(seed_store, "list heroku related episodes")
    assert "about **heroku**" in heroku.text
    prisma = "whats the prisma next episode about? something about ditching rust for typescript??"
    assert (await answer_question(seed_store, prisma)).episodes[0].ref.id.startswith("will-madden-on-prisma-next")


async def test_the_episode_whose_talk_says_it_far_more_often_is_the_one_meant(seed_store: Store) -> None:
    asked = "what was that bike shed ep where stephanie got spooked by a robot cat at hot pot lmao. quick recap?"
    answer = await answer_question(seed_store, asked)
    assert answer.episodes[0].ref.id == "broader-value-of-interactive-workshops-o-a96d7779"


async def test_a_word_english_uses_every_day_is_no_typo(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "supply chain attack stuff — anything in here about that?")
    assert "reading “attack” as" not in answer.text
    assert answer.episodes[0].ref.id.startswith("bitwarden-s-cli-got-hit-by-the-checkmarx")


async def test_more_readings_of_the_eighth_session(seed_store: Store) -> None:
    chardet = "the chardet relicensing drama (lgpl -> mit w/ ai rewrite) — did any show bring it up?"
    assert (await answer_question(seed_store, chardet)).intent == "mentions"
    kept = "anything on psychological safety in eng teams? my manager keeps bringing it up"
    assert (await answer_question(seed_store, kept)).intent == "topic"  # the chat after the question cues nothing
    feddersen = await answer_question(seed_store, "all the charles feddersen stuff? the microsoft postgres guy")
    assert feddersen.intent == "list" and "Charles Feddersen" in feddersen.text
    hard_fork = await answer_question(seed_store, "hard fork ep about the apple event, tl;dr?")
    assert hard_fork.intent == "help" and "I don't have anything called “hard fork”" in hard_fork.text
    host = "who did corey quinn talk to about heroku's comeback on screaming in the cloud"
    unnamed_host = await answer_question(seed_store, host)  # a host the sources never name, of a show they have
    assert unnamed_host.intent == "people" and "Adam Zimman" in unnamed_host.text


async def test_a_few_words_asked_with_no_cue_are_a_topic_when_the_fields_hold_one(seed_store: Store) -> None:
    plcs = await answer_question(seed_store, "ai in factories / manufacturing?? like getting data off PLCs and stuff")
    assert plcs.intent == "topic" and "about **ai factories manufacturing**" in plcs.text
    chats = ["is anyone else getting disconnected from voice?", "anyone up for movie night?"]
    for chat in [*chats, "do we have darknet diaries?"]:  # the last: a name the library lacks beside its "diaries"
        assert (await answer_question(seed_store, chat)).intent == "help"
    postgis = await answer_question(seed_store, "geospatial / postgis eps? 🗺️")
    assert postgis.intent == "topic" and postgis.episodes[0].ref.id == POSTGIS  # named first, not "unheard"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("best pizza spot in nyc? asking for the meetup next week 🍕", "help"),
        ("best practices for postgres indexing?", "topic"),
        ("what's the ep no of the stonebraker one", "facts"),
        ("which podcast put out the flightcontrol / brandon bayer ep", "facts"),
    ],
)
async def test_kinds_read_from_a_few_words(seed_store: Store, question: str, intent: str) -> None:
    assert (await answer_question(seed_store, question)).intent == intent


async def test_the_one_episode_whose_title_says_the_word_even_misspelt(seed_store: Store) -> None:
    asked = "can someone gimme the gist of the stonebreaker data renegades ep 🙏 no time to listen rn"
    answer = await answer_question(seed_store, asked)  # "ep no time" asks no number; Josh Wills' talk says it too
    assert answer.intent == "summary" and answer.episodes[0].ref.id.startswith("origins-of-modern-relational")


async def test_a_guests_answer_that_says_the_topic_again_leads(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "what did francis lacoste say about psychological safety")
    assert "one of the essential dimension of team performance" in answer.quotes[0].text  # asked by the host


def test_no_quote_starts_inside_an_earlier_one() -> None:
    rows = [SegmentRow(i, 1, i, "Francis", None, True, "text", span=span) for i, span in ((593, 2), (594, 2), (598, 1))]
    kept = moments._not_repeated(list(enumerate(rows)))
    assert [row.id for _i, row in kept] == [593, 598]


@pytest.mark.parametrize(
    "question",
    [
        "there was a bit about robot waiters at a hot pot place on bike shed?? 🤖🐱",
        "erik said something about spotify's hadoop cluster being in the foosball room? need the exact line",
        "the turbopuffer guy loves looking at maps? i swear he said that",
    ],
)
async def test_moments_asked_for_in_passing(seed_store: Store, question: str) -> None:
    assert (await answer_question(seed_store, question)).intent == "mentions"


async def test_someone_described_is_not_the_topic_unless_nothing_else_is(seed_store: Store) -> None:
    maps = await answer_question(seed_store, "the turbopuffer guy loves looking at maps? i swear he said that")
    assert any("looking at maps" in quote.text for quote in maps.quotes[:3])
    datology = await answer_question(seed_store, "which ep had the datology ai guy")
    assert datology.episodes[0].ref.id == JOSH_WILLS


async def test_a_line_only_a_description_holds(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "which ep said it costs like $257 a month to run two AI VPs")
    assert "No transcript I have says it, but the description of" in answer.text and not answer.quotes
    assert answer.episodes[0].ref.id.startswith("the-agents-005")


async def test_episodes_named_by_a_quoted_title_a_tag_question_or_that(seed_store: Store) -> None:
    titled = await answer_question(seed_store, "who's talking on the 'inference is the new 401k' ep")
    assert titled.intent == "people" and "**Ben Lloyd Pearson**" in titled.text  # a title, not words said
    hosts = await answer_question(seed_store, "bike shed hosts = joel + stephanie right?")
    assert hosts.text.startswith("**The Bike Shed** — 3 episodes I know.")
    when = await answer_question(seed_store, "when was that php podcast w the mysql -> postgres $480k savings")
    assert when.intent == "facts" and "2026-02-26" in when.text
    nobody = await answer_question(seed_store, "what did the primeagen say about rust vs go")
    assert nobody.intent == "help" and "“primeagen”" in nobody.text


async def test_a_remembered_line_ends_at_its_question_mark(seed_store: Store) -> None:
    asked = "who said 2026 is coding agents 'breaking containment'? pretty sure it was swyx"
    answer = await answer_question(seed_store, asked)  # the transcript holds it: no description is needed
    assert answer.quotes and answer.quotes[0].speaker == "swyx" and "coding agents breaking" in answer.quotes[0].text


async def test_what_they_kept_saying_is_a_moment_what_my_manager_keeps_saying_is_not(seed_store: Store) -> None:
    vortex = await answer_question(seed_store, "what's the 'simon vortex' thing they kept saying on the notion ep lmao")
    assert vortex.intent == "mentions" and "Simon Vortex" in vortex.quotes[0].text
    copilot = "my manager keeps saying copilot will save our sprint lol, was there an ep on that"
    assert (await answer_question(seed_store, copilot)).intent == "topic"


async def test_the_last_readings_of_the_eighth_session(seed_store: Store) -> None:
    tokyo = await answer_question(seed_store, "@podquote what time is it in tokyo rn")
    assert tokyo.intent == "help" and not tokyo.episodes  # no moment asked for
    said = await answer_question(seed_store, "who said nobody uses notion as much as people who work at notion")
    assert said.intent == "mentions" and said.quotes[0].speaker == "Sarah Sachs"  # a line, not an employer
    binge = await answer_question(seed_store, "can i get all the postgres fm eps? binging them this week")
    assert binge.intent == "list" and "**11** episodes of **Postgres FM**" in binge.text


async def test_readings_after_members19(seed_store: Store) -> None:
    bullets = await answer_question(seed_store, "whats the notion custom agents ep about in like 3 bullets")
    assert bullets.intent == "summary"
    pasted = "> github is down AGAIN 🙃\nkyle daigle talked about the outages on that pod right? what did he say"
    assert (await answer_question(seed_store, pasted)).intent == "speaker_topic"  # "the outages on that pod": no show
    darknet = await answer_question(seed_store, "is darknet diaries in the library?")
    assert darknet.intent == "help" and "“darknet diaries”" in darknet.text
    latent = await answer_question(seed_store, "is latent space in here?")
    assert latent.intent == "list" and "episodes of **Latent Space**" in latent.text
    cooked = await answer_question(seed_store, "wat does marc gauthier think abt AI... is programming cooked or nah")
    assert cooked.intent == "speaker_topic"  # "is programming cooked" asks for no show


async def test_fields_naming_a_word_nobody_says_come_before_a_guess_by_meaning(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "was pgvector mentioned in any ep")
    assert "Nobody says **pgvector**" in answer.text and "These episodes' own fields name it" in answer.text
    assert "Close in meaning" not in answer.text and answer.episodes


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("catch me up on the postgres fm ep about plan flips + that clerk outage", "summary"),
        ("whats the date on that php podcast ep (john's ski trip one)", "facts"),
        ("someone compared a good CLI to a big iron machine where u pull a lever? where's that from", "mentions"),
        ("link to the thinking elixir show notes for the ex_doc news ep?", "facts"),  # "show notes" names no show
        ("list eps about heroku (there's gotta be a ton)", "list"),  # a topic answer, asked for as a list
    ],
)
async def test_readings_after_members20(seed_store: Store, question: str, intent: str) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == intent and answer.episodes


async def test_an_episode_whose_notes_name_what_few_passages_say_is_listed_too(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "llama 3 mentioned anywhere? 🦙")
    assert answer.intent == "mentions"
    assert CLOUD_POD in [e.ref.id for e in answer.episodes[:5]]
    assert "**Named in the notes** of:" in answer.text and "Meta's release of Llama 3" in answer.text
    moltbook = await answer_question(seed_store, "when was moltbook mentioned")
    noted = moltbook.text.split("**Named in the notes** of:")[1]
    assert "moltbook" in noted.casefold() and len(noted) < 400  # the notes cut around the word they name


async def test_words_typed_as_alternatives_name_no_show(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "any geospatial / gis in postgres eps 🗺️")
    assert answer.intent == "topic" and answer.episodes[0].ref.id == POSTGIS
    unknown = await answer_question(seed_store, "any darknet diaries eps in here? the stuxnet one")
    assert unknown.intent == "help"  # two words no show of ours holds together, no slash between them


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("bot write me a haiku about mondays pls", "write me a haiku about mondays pls"),
        ("bot, who hosts latent space", "who hosts latent space"),
        ("podquote: tldr of the bob wise ep", "tldr of the bob wise ep"),
        ("bot mitigation episodes?", "bot mitigation episodes?"),  # a word of the topic, not the bot addressed
    ],
)
def test_the_bot_addressed_by_name_is_no_part_of_the_question(message: str, question: str) -> None:
    assert question_text(message) == question


async def test_a_request_addressed_to_the_bot_gets_the_help(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "bot write me a haiku about mondays pls")
    assert answer.intent == "help" and not answer.episodes


async def test_a_speakers_quote_runs_to_the_point_its_turn_makes_last(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "erik bernhardson's take on vector dbs? he built annoy right")
    first = answer.quotes[0]
    assert first.speaker == "Erik Bernhardsson" and "built a vector database called Annoy" in first.text
    assert "I'm glad I didn't start a startup in the vector database space" in first.text
    assert len(first.text) <= moments.TURN_CHARS and all(len(page) <= 4096 for page in answer.pages)


async def test_a_guests_answer_to_a_short_question_holding_part_of_the_topic(seed_store: Store) -> None:
    # the host asks only "You still use Slack?": under half of the topic's weight, three of its words
    question = "kyle daigle on why github still uses slack even tho microsoft owns them?"
    answer = await answer_question(seed_store, question)
    assert any("it's a purpose-built tool for us" in q.text for q in answer.quotes[:3])


async def test_a_described_episode_nobody_says_in_those_words_is_found_by_its_notes(seed_store: Store) -> None:
    # read as a remembered moment ("..., which ep was that"), but no passage says it or comes close in meaning
    answer = await answer_question(seed_store, "dhh keynote about the built in auth at rails world, which ep was that")
    assert answer.episodes[0].ref.id == "dhh-s-monumental-keynote-unveiling-the-b-4efe1a4f"
    said = await answer_question(seed_store, "did someone tell a story about claude calling stockfish? which ep")
    assert said.episodes[0].ref.id == JOSH_WILLS and "Stockfish" in said.quotes[0].text  # said: the moment


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("is there one on why industrial AI projects fail", "topic"),
        ("was there a episode about pgvector", "topic"),
        ("anything from huberman lab about cold plunges?", "help"),  # a show we lack, then what it is about
        ("anything from postgres fm about vacuum", "topic"),
    ],
)
async def test_readings_after_members22(seed_store: Store, question: str, intent: str) -> None:
    assert (await answer_question(seed_store, question)).intent == intent


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("explain the postgis episode to me real quick", "**PostGIS with Regina Obe**"),
        ("what saastr episode number was the vimeo adam gross one", "**Episode number:** 732"),  # of two Adam Gross
        ("summarize the latest darknet diaries pls", "I don't have anything called “darknet diaries”"),
        ("how much does it cost saastr to run two ai vps a month? from the agents ep", "$257 a month"),
    ],
)
async def test_readings_after_members23(seed_store: Store, question: str, says: str) -> None:
    assert says in (await answer_question(seed_store, question)).text


async def test_explain_the_episode_asks_a_summary(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "explain the agents #005 ep to me real quick")
    assert answer.intent == "summary" and answer.episodes[0].ref.id == "the-agents-005-our-ai-is-hiring-ade754fb"


async def test_a_moment_told_in_more_words_than_any_passage_holds_together(seed_store: Store) -> None:
    # no passage says robot, cat, food, hot pot and restaurant all; one says robot, pot and restaurant
    question = "which ep had the story about a robot cat delivering food at a hot pot restaurant"
    answer = await answer_question(seed_store, question)
    assert answer.episodes[0].ref.id == "broader-value-of-interactive-workshops-o-a96d7779"
    assert "Hot Pot" in answer.quotes[0].text


async def test_someone_told_by_the_company_they_are_tied_to_is_that_person(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "what did the turbopuffer guy say about looking at maps")
    assert answer.intent == "speaker_topic" and {q.speaker for q in answer.quotes} == {"Simon Hørup Eskildsen"}
    several = await answer_question(seed_store, "what did the heroku ceo say about genai")  # Bob Wise, Adam Gross...
    assert several.intent != "speaker_topic"
    who = await answer_question(seed_store, "who's the turbopuffer founder")  # asked of the person: no rewrite
    assert who.intent == "people" and "Simon Hørup Eskildsen" in who.text


async def test_a_question_read_with_the_person_described_keeps_the_members_words(seed_store: Store) -> None:
    asked = "what did the turbopuffer guy say about looking at maps"
    assert (await answer_question(seed_store, asked)).question == asked


ERIK = "latent-space-with-erik-bernhardsson-bcaaac0e"
ADAM_ZIMMAN = "after-years-of-stagnation-following-its-47b35108"
STONEBRAKER = "origins-of-modern-relational-databases-w-87648bc1"


@pytest.mark.parametrize(
    ("question", "intent", "first"),
    [
        ("which latent space had the sweden counter strike bit", "topic", ERIK),  # a show where "episode" would be
        ("someone ported macos onto the wii, where have i heard that", "mentions", "breaking-up-big-tech-73d269d7"),
        ("who got asked why sweden has the best counter strike players", "mentions", ERIK),
        ("is the josh wills ep long?? gotta walk the dog", "facts", JOSH_WILLS),  # the cue in a clause of its own
        ("josh wills talked about slack being a mess?? what was that about", "speaker_topic", JOSH_WILLS),
        ("corey had a guest on about heroku after salesforce, who was it", "people", ADAM_ZIMMAN),
    ],
)
async def test_readings_after_members25(seed_store: Store, question: str, intent: str, first: str) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == intent and answer.episodes[0].ref.id == first


async def test_what_someone_never_says_but_their_episodes_notes_name_is_shown(seed_store: Store) -> None:
    answer = await answer_question(seed_store, "when did erik mention counter strike")
    assert answer.text.startswith("**Erik Bernhardsson** never says")
    assert "Why does Sweden have the best Counter Strike players?" in answer.text.split("**Named in the notes** of:")[1]
    assert [e.ref.id for e in answer.episodes] == [ERIK]


@pytest.mark.parametrize(
    ("question", "intent", "first"),
    [
        ("was dokku brought up on some python show?", "mentions", "dokku-summary-of-major-changes-between-p-f411e00b"),
        ("everything with regina obe in it", "list", POSTGIS),
        ("has stonebraker ever come up?", "mentions", JOSH_WILLS),  # the person talked about, not talking
        ("was josh wills mentioned anywhere", "mentions", None),
        (
            "which data renegades ep was the stonebraker one",
            "facts",
            "origins-of-modern-relational-databases-w-87648bc1",
        ),
    ],
)
async def test_readings_after_members26(seed_store: Store, question: str, intent: str, first: str | None) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == intent and answer.episodes
    assert first is None or answer.episodes[0].ref.id == first
    if intent == "facts":
        assert "**Episode number:** 11" in answer.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("how many people does railway have", "with only 35 people"),
        ("what year was heroku founded?", "It was founded in 2007"),  # "it" read with the sentence before
        ("how many sponsors did QB email overnight", "emailed 83 sponsors"),
        ("how many speakers and sessions does posette 2026 have", "50 speakers and 44 sessions"),  # not 2026
        ("how many sessions will posette have, per that charles feddersen curtain raiser", "44 sessions"),  # a source
    ],
)
async def test_a_fact_the_episodes_state_in_passing_is_quoted(seed_store: Store, question: str, says: str) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == "facts" and says in answer.pages[0].split("\n")[2]  # the first sentence shown


@pytest.mark.parametrize(
    ("question", "intent", "says"),
    [
        ("how many tablespoons in a cup lol", "help", "I answer questions"),  # "tablespoons": nothing says it
        ("how many speakers in the notion custom agents one", "facts", "**Speakers:** "),  # of the episode itself
        ("when did they mention moltbook", "mentions", "**moltbook** came up"),
        ("when did the bob wise ep come out", "facts", "**Bob Wise on impact of generative AI**"),
    ],
)
async def test_questions_about_episodes_or_talk_are_no_stated_fact(
    seed_store: Store, question: str, intent: str, says: str
) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == intent and says in answer.text and "What the episodes I have state" not in answer.text


@pytest.mark.parametrize(
    ("question", "hosts"),
    [("who are the 2 hosts of the bike shed", "Joël Quenneville"), ("who're the two dudes on postgres fm", "Nikolay")],
)
async def test_how_many_people_a_show_has_tells_no_episode_apart(seed_store: Store, question: str, hosts: str) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == "people" and hosts in answer.text and not answer.candidates


@pytest.mark.parametrize(
    ("question", "intent", "says"),
    [
        # a fact asked in a sentence of its own, the episode told after it
        ("how much money has railway raised? pretty sure jake cooper said it on latent space", "facts", "$124m"),
        ("how many speakers did they say posette 2026 will have", "facts", "50 speakers"),  # who said it, after
        ("what percent fewer tokens than postgres did tyler claim for spacetimedb", "facts", "43% fewer tokens"),
        ("eli5 the erik bernhardsson one pls", "summary", "**Latent Space with Erik Bernhardsson**"),
        ("whats in the ep where pgbackrest lost its maintainer? asking for a friend", "summary", "Bitwarden"),
        ("who were the notion people on the custom agents one", "people", "Sarah Sachs"),  # a title, not a show
        ("josh wills (the ex slack guy), where is he working these days", "people", "**Josh Wills** — in"),
        ("what did lex fridman's cohost say about robots", "help", "I don't know anyone called “lex fridman”"),
        ("hw many people work at railway", "facts", "35 people"),  # "how" typed fast
        ("when was heroku founded - i think one of the eps mentions it", "facts", "2007"),  # the clause asking
    ],
)
async def test_readings_after_members29(seed_store: Store, question: str, intent: str, says: str) -> None:
    answer = await answer_question(seed_store, question)
    assert answer.intent == intent and says in answer.text, (question, answer.intent, answer.text[:300])

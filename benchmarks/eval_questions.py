"""How well does podquote answer members' questions, per kind, and how fast?

Usage: python -m benchmarks.eval_questions [--db PATH] [--seeds seeds] [--questions FILE] [--verbose]

Ingests the seed folder into a temporary database (or uses --db), asks `bot.questions.answer_question` every
question of `benchmarks/questions.jsonl` and checks the expectations written beside it (verified by hand against
the seed text). Each line is {"q", "kind", "expect"}; every key present in "expect" must hold:

- intent          the answer's intent label ("help" for off-topic questions), or a list of acceptable labels
- episode         the id of the first of the answer's episodes (for a summary, the episode summarised)
- episodes_any    ids of which at least one is among the answer's first 5 episodes
- no_episodes     the answer has neither episodes nor quotes
- quote_contains  a lowercase substring of the text of one of the first 3 quotes (spoken by quote_speaker if given)
- quote_speaker   the speaker of that quote (case-insensitive)
- text_contains   lowercase substrings that must all occur in the answer's text
- text_any        lowercase substrings of which at least one occurs in the answer's text
- duration_minutes  the answer's text states a length within 2 minutes of this (1:10:00, 70 min, 1 h 10 min...)
- date            "YYYY-MM-DD": the answer's text states this date (ISO, "13 December 2024", "Dec 13, 2024"...)
- min_quotes      the least number of quotes
- candidates      the answer asks "which one?" (non-empty candidates)

Prints accuracy per kind and overall, and latency (p50 / p95 / max). A benchmark: the exit code is always 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = Path(__file__).with_name("questions.jsonl")
KINDS = ("summary", "topic", "speaker_topic", "mentions", "people", "list", "facts", "offtopic")
QUOTES_CHECKED = 3
EPISODES_CHECKED = 5


@dataclass
class Outcome:
    """One question, what it was expected to get, what it got and which checks failed."""

    question: str
    kind: str
    millis: float
    failures: list[str]
    answer: dict[str, Any] = field(default_factory=dict)


def normalise(text: str) -> str:
    """Lowercase, straight apostrophes, single spaces: what substring checks compare."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def load_questions(path: Path) -> list[dict[str, Any]]:
    """The question set, one JSON object per non-blank line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def episode_ids(answer: dict[str, Any]) -> list[str]:
    return [episode.get("id", "") for episode in answer.get("episodes") or []]


def quote_matches(quote: dict[str, Any], expect: dict[str, Any]) -> bool:
    """Whether one quote satisfies quote_contains and quote_speaker (whichever are given)."""
    if "quote_contains" in expect and normalise(expect["quote_contains"]) not in normalise(quote.get("text") or ""):
        return False
    speaker = expect.get("quote_speaker")
    return speaker is None or normalise(quote.get("speaker") or "") == normalise(speaker)


def check_quotes(expect: dict[str, Any], answer: dict[str, Any]) -> list[str]:
    failures = []
    quotes = answer.get("quotes") or []
    if ("quote_contains" in expect or "quote_speaker" in expect) and not any(
        quote_matches(quote, expect) for quote in quotes[:QUOTES_CHECKED]
    ):
        wanted = {key: expect[key] for key in ("quote_contains", "quote_speaker") if key in expect}
        failures.append(f"quote {wanted} not in the first {QUOTES_CHECKED} quotes")
    if "min_quotes" in expect and len(quotes) < expect["min_quotes"]:
        failures.append(f"min_quotes {expect['min_quotes']}: got {len(quotes)}")
    return failures


def check_episodes(expect: dict[str, Any], answer: dict[str, Any]) -> list[str]:
    failures = []
    ids = episode_ids(answer)
    if "episode" in expect and ids[:1] != [expect["episode"]]:
        failures.append(f"episode {expect['episode']}: first is {ids[:1]}")
    if "episodes_any" in expect and not set(expect["episodes_any"]) & set(ids[:EPISODES_CHECKED]):
        failures.append(f"episodes_any: none of {len(expect['episodes_any'])} in the first {EPISODES_CHECKED}")
    if expect.get("no_episodes") and (ids or answer.get("quotes")):
        failures.append(f"no_episodes: got {len(ids)} episodes, {len(answer.get('quotes') or [])} quotes")
    if expect.get("candidates") and not answer.get("candidates"):
        failures.append("candidates: none offered")
    return failures


DURATION_TOLERANCE_MINUTES = 2
_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2}):(\d{2})\b")
_HOURS_MINUTES = re.compile(r"\b(\d+)\s*(?:h|hr|hrs|hours?)\b(?:\s*(?:and\s*)?(\d+)\s*(?:m|min|mins|minutes?)\b)?")
_MINUTES = re.compile(r"\b(\d+)\s*(?:m|min|mins|minutes?)\b")
_MONTHS = "january february march april may june july august september october november december".split()


def stated_minutes(text: str) -> list[float]:
    """Every length the text states, in minutes."""
    found = [int(h) * 60 + int(m) + int(s) / 60 for h, m, s in _CLOCK.findall(text)]
    found += [int(h) * 60 + int(m or 0) for h, m in _HOURS_MINUTES.findall(text)]
    found += [int(m) for m in _MINUTES.findall(text)]
    return found


def date_forms(iso: str) -> list[str]:
    """The ways an answer may write a date, normalised like the text they are looked for in."""
    year, month, day = (int(part) for part in iso.split("-"))
    name = _MONTHS[month - 1]
    return [
        iso,
        f"{day} {name} {year}",
        f"{name} {day}, {year}",
        f"{name} {day} {year}",
        f"{day} {name[:3]} {year}",
        f"{name[:3]} {day}, {year}",
        f"{name[:3]} {day} {year}",
    ]


def check_text(expect: dict[str, Any], text: str) -> list[str]:
    failures = []
    missing = [part for part in expect.get("text_contains", []) if normalise(part) not in text]
    if missing:
        failures.append(f"text_contains: missing {missing}")
    if "text_any" in expect and not any(normalise(part) in text for part in expect["text_any"]):
        failures.append(f"text_any: none of {expect['text_any']}")
    if "duration_minutes" in expect:
        wanted = expect["duration_minutes"]
        if not any(abs(m - wanted) <= DURATION_TOLERANCE_MINUTES for m in stated_minutes(text)):
            failures.append(f"duration_minutes {wanted}: not stated")
    if "date" in expect and not any(form in text for form in date_forms(expect["date"])):
        failures.append(f"date {expect['date']}: not stated")
    return failures


def check(expect: dict[str, Any], answer: dict[str, Any]) -> list[str]:
    """Every expectation that the answer does not meet, described; empty when it passes."""
    failures = []
    wanted = expect.get("intent")
    if wanted is not None and answer.get("intent") not in ([wanted] if isinstance(wanted, str) else wanted):
        failures.append(f"intent {wanted!r}: got {answer.get('intent')!r}")
    failures += check_episodes(expect, answer)
    failures += check_quotes(expect, answer)
    failures += check_text(expect, normalise(answer.get("text") or ""))
    return failures


async def ask(store: Any, question: dict[str, Any]) -> Outcome:
    """Answer one question, timed, and check it; an exception is a failed question, not a crashed run."""
    from bot.questions import answer_question

    start = time.perf_counter()
    try:
        answer = (await answer_question(store, question["q"])).as_dict()
    except Exception as error:  # a benchmark reports a raising answer as a failure, it does not stop
        millis = (time.perf_counter() - start) * 1000
        return Outcome(question["q"], question["kind"], millis, [f"raised {type(error).__name__}: {error}"])
    millis = (time.perf_counter() - start) * 1000
    return Outcome(question["q"], question["kind"], millis, check(question["expect"], answer), answer)


def describe_failure(outcome: Outcome) -> str:
    answer = outcome.answer
    quotes = [
        f"{quote.get('speaker')}: {(quote.get('text') or '')[:60]!r}" for quote in (answer.get("quotes") or [])[:2]
    ]
    question = outcome.question if len(outcome.question) <= 90 else outcome.question[:87] + "..."
    return (
        f"MISS [{outcome.kind}] {question!r}\n"
        f"     failed: {'; '.join(outcome.failures)}\n"
        f"     got: intent={answer.get('intent')!r} episodes={episode_ids(answer)[:3]} "
        f"candidates={len(answer.get('candidates') or [])} quotes={quotes}"
    )


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))]


def print_report(outcomes: list[Outcome], verbose: bool) -> None:
    if verbose:
        for outcome in outcomes:
            if outcome.failures:
                print(describe_failure(outcome))
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        per_kind[outcome.kind][0] += 1
        per_kind[outcome.kind][1] += not outcome.failures
    kinds = [kind for kind in KINDS if kind in per_kind] + sorted(set(per_kind) - set(KINDS))
    for kind in kinds:
        total, passed = per_kind[kind]
        print(f"  {kind:14s} {passed:4d}/{total:<4d} {passed / total:7.1%}")
    passed = sum(not outcome.failures for outcome in outcomes)
    print(f"  {'overall':14s} {passed:4d}/{len(outcomes):<4d} {passed / len(outcomes):7.1%}")
    millis = sorted(outcome.millis for outcome in outcomes)
    print(f"latency ms: p50 {statistics.median(millis):.2f}  p95 {percentile(millis, 0.95):.2f}  max {millis[-1]:.2f}")


async def evaluate(store: Any, questions: list[dict[str, Any]], verbose: bool) -> None:
    from bot.questions import answer_question

    await answer_question(store, "warm up the index")
    outcomes = [await ask(store, question) for question in questions]
    print_report(outcomes, verbose)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing podquote database instead of a fresh ingest")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--verbose", action="store_true", help="print every failed question and what it got")
    return parser.parse_args()


async def main(args: argparse.Namespace) -> int:
    from bot.store import Store

    questions = load_questions(args.questions)
    print(f"questions: {len(questions)} from {args.questions.name}")
    try:
        import bot.questions  # noqa: F401 - only to report its absence before any ingest
    except ImportError as error:
        print(f"bot.questions is not available ({error}); nothing to evaluate")
        return 0
    if args.db:
        async with await Store.open(args.db) as store:
            await evaluate(store, questions, args.verbose)
        return 0
    from bot.ingest import ingest_folder

    with tempfile.TemporaryDirectory() as tmp:
        async with await Store.open(Path(tmp) / "eval.db") as store:
            start = time.perf_counter()
            await ingest_folder(store, args.seeds)
            print(f"ingest: {time.perf_counter() - start:.2f} s")
            await evaluate(store, questions, args.verbose)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(asyncio.run(main(parse_args())))

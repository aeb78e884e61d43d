"""The command line, run as scripts run it: `python -m bot ...` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HIT_KEYS = {"text", "speaker", "start_seconds", "timestamp", "approximate", "score", "episode", "source", "link"}
HIT_KEYS |= {"match"}


@pytest.fixture
def db_copy(seed_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "cli.db"
    shutil.copy(seed_db, target)
    return target


def run_cli(*args: str, db: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PODQUOTE_DB": str(db), "PODQUOTE_LOG_LEVEL": "WARNING", "PODQUOTE_MEANING": "0"}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, env=env, check=False
    )


def test_quote_json_lines_from_stdin_in_order(db_copy):
    queries = ["did you hear that meta acquired moltbook", "", 'NEAR("x" *', "better at statistics than any"]
    result = run_cli("quote", "--json", "--limit", "2", "-", db=db_copy, stdin="\n".join(queries) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["query"] for a in answers] == queries
    for answer in answers:
        assert {"query", "took_ms", "hits", "did_you_mean"} <= set(answer)
        assert isinstance(answer["took_ms"], float) and len(answer["hits"]) <= 2
        for hit in answer["hits"] + answer["did_you_mean"]:
            assert set(hit) == HIT_KEYS
            assert set(hit["episode"]) == {"id", "title", "show"} and set(hit["source"]) == {"file", "line"}
    first = answers[0]["hits"][0]
    assert (first["speaker"], first["timestamp"], first["source"]["file"]) == (
        "Andrew Zigler",
        "0:00",
        "000_361322009773b1d4.txt",
    )
    assert answers[3]["hits"][0]["approximate"] is True


def test_quote_filters_and_readable_output(db_copy):
    result = run_cli("quote", "--speaker", "Josh", "data pipelines", db=db_copy)
    assert result.returncode == 0 and "Josh Wills" in result.stdout and "CL Kao" not in result.stdout


def test_episodes_and_stats(db_copy):
    lines = run_cli("episodes", "--json", db=db_copy).stdout.splitlines()
    episodes = [json.loads(line) for line in lines]
    assert len(episodes) > 90
    timed = next(e for e in episodes if e["source"]["file"].startswith("000_"))
    assert timed["times"] == "timed" and set(timed["speakers"]) == {"Andrew Zigler", "Ben Lloyd Pearson"}
    stats = json.loads(run_cli("stats", "--json", db=db_copy).stdout)
    assert stats["episodes"] == len(episodes) and stats["segments"] > 4000


def test_ingest_report_json(tmp_path, seeds_copy):
    result = run_cli("ingest", "--json", "--seeds", str(seeds_copy), db=tmp_path / "fresh.db")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["files_seen"] == 4 and report["episodes"]["added"] > 90
    (seeds_copy / "bad.json").write_text("{", encoding="utf-8")
    again = json.loads(run_cli("ingest", "--json", "--seeds", str(seeds_copy), db=tmp_path / "fresh.db").stdout)
    assert again["files_skipped"] == [{"file": "bad.json", "reason": again["files_skipped"][0]["reason"]}]
    assert "JSON" in again["files_skipped"][0]["reason"] and again["episodes"]["added"] == 0


def test_ask_answers_one_json_line_per_question_in_order_whatever_the_input(db_copy):
    questions = [
        "which episode talks about duckdb?",
        "",
        "x" * 10_000,
        "🎙️🎧",
        '"NEAR(a b)" OR * -NOT',
        "how many times did marc say agents",
    ]
    result = run_cli("ask", "--json", "-", db=db_copy, stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == questions
    for answer in answers:
        assert {"question", "took_ms", "intent", "text", "episodes", "quotes", "candidates"} <= set(answer)
    assert answers[0]["intent"] == "topic" and answers[0]["episodes"][0]["title"].startswith("Ep. #13")
    assert all(a["intent"] == "help" and not a["episodes"] and not a["quotes"] for a in answers[1:5])
    assert answers[5]["intent"] == "mentions" and answers[5]["quotes"]


def test_ask_readable_output(db_copy):
    result = run_cli("ask", "who hosts the bike shed", db=db_copy)
    assert result.returncode == 0 and "-> people" in result.stdout and "Stephanie Minn" in result.stdout


def _run_bytes(*args: str, db: Path, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PODQUOTE_DB": str(db), "PODQUOTE_LOG_LEVEL": "WARNING", "PYTHONIOENCODING": ""}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, env=env, check=False)


@pytest.mark.parametrize("command", ["ask", "quote", "summary"])
def test_bytes_that_are_not_utf8_on_stdin_are_read_not_a_traceback(db_copy, command):
    result = _run_bytes(command, "--json", "-", db=db_copy, stdin=b"who hosts \xff\xfe the show\ncaf\xe9 culture\n")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    answers = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(answers) == 2 and "\ufffd" in json.dumps(answers[0], ensure_ascii=False)


@pytest.mark.parametrize("command", ["ask", "quote", "summary"])
def test_json_lines_escape_the_characters_that_end_a_line(db_copy, command):
    question = "did someone say\u2028 line\u2029 separators\x85 and\x0b more"
    result = run_cli(command, "--json", "-", db=db_copy, stdin=question + "\n")
    assert result.returncode == 0, result.stderr
    for raw in ("\u2028", "\u2029", "\x85"):
        assert raw not in result.stdout
    lines = result.stdout.split("\n")
    assert len(lines) == 2 and lines[1] == ""  # one object, one line, whatever splits lines
    (answer,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert question in answer.values()  # read back exactly as asked

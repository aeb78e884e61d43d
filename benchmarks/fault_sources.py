"""Sources that misbehave (issue 16): `python -m benchmarks.fault_sources [--case NAME] [--slow N] [--budget S]`.

Every fault a podcast host, a proxy or an admin's typo produces, against a real reload: feeds and transcripts
served on 127.0.0.1 (nothing else is reached), feed files and odd files in a temporary seeds folder. Each case runs
in its own process, so its peak RSS is its own and a case that hangs is stopped after CASE_TIMEOUT seconds; one
line per case says whether the rule held, the point of the issue it tests (`pre`: a fault that held before the
issue, kept as a regression check), what happened, how long it took and the peak RSS. Always exits 0.

The large and slow cases: a 2 GB (sparse) file in the seeds folder, a 60 MB local feed, and SLOW transcripts that
each take 30 s to answer against a fetching budget of BUDGET seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import logging
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.cli.common import each_input, json_line
from bot.config import Settings
from bot.discord_app.render import render_ingest_report, render_quote_hit
from bot.feeds.cache import FeedCache, cache_dir_of
from bot.feeds.fetch import FetchLimits
from bot.feeds.parse import parse_feed
from bot.markdown import escape_markdown
from bot.questions import answer_question
from bot.reload import reload_sources
from bot.results import IngestReport, SourceStatus
from bot.search import search_quotes
from bot.store import EpisodeRow, Store
from tests.feeds.helpers import FeedServer, feeds_folder, fixture_bytes, serve_fixtures

CASE_TIMEOUT = 180
WEEKLY = "pipeline-weekly.xml"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LIMITS = FetchLimits(timeout_seconds=3, allow_private=True)  # loopback only: the server is on 127.0.0.1
SECRET, TOKEN = "hunter2pw", "tk4f9a8b7c6d5e4f3a2b1"

Outcome = tuple[bool, str]


@dataclass
class Lab:
    """A case's world: a temporary seeds folder and store, and the fixture feeds served on loopback."""

    work: Path
    server: FeedServer
    settings: Settings
    args: argparse.Namespace

    @property
    def seeds(self) -> Path:
        return self.settings.seeds_dir

    def url(self, path: str = WEEKLY) -> str:
        return self.server.base + path

    def list(self, *urls: str) -> None:
        (self.seeds / "feeds.txt").write_text("\n".join(urls) + "\n")

    async def reload(self, limits: FetchLimits | None = LIMITS) -> tuple[IngestReport, dict[str, SourceStatus], list]:
        async with await Store.open(self.settings.db_path) as store:
            report = await reload_sources(store, self.settings, limits=limits)
            rows = await store.episodes()
        return report, {s.source: s for s in report.sources}, rows


CASES: dict[str, tuple[str, Callable[[Lab], Awaitable[Outcome]]]] = {}


def case(name: str, point: str) -> Callable[[Callable[[Lab], Awaitable[Outcome]]], Callable[[Lab], Awaitable[Outcome]]]:
    def register(function: Callable[[Lab], Awaitable[Outcome]]) -> Callable[[Lab], Awaitable[Outcome]]:
        CASES[name] = (point, function)
        return function

    return register


def segments(rows: list[EpisodeRow]) -> dict[str, int]:
    return {row.ref.id: row.segment_count for row in rows}


def status_line(status: SourceStatus | None) -> str:
    return "no status" if status is None else f"{status.status} ({status.episodes} episodes) {status.detail[:90]}"


# ---------------------------------------------------------------- 1-3: data never lost


async def _edit_url(lab: Lab, edit: Callable[[str], str]) -> Outcome:
    lab.list(lab.url())
    _, _, before = await lab.reload()
    lab.list(edit(lab.url()))
    report, _, after = await lab.reload()
    (status,) = report.sources
    again, _, _ = await lab.reload()
    held = status.status in {"renamed", "kept"} and segments(after) == segments(before) and not report.files_removed
    held = held and [s.status for s in again.sources] in (["unchanged"], ["kept"])
    return held, f"{status_line(status)}; next reload {again.sources[0].status}"


@case("url-query", "1")
async def url_query(lab: Lab) -> Outcome:
    return await _edit_url(lab, lambda url: url + "?v=2")


@case("url-fragment", "1")
async def url_fragment(lab: Lab) -> Outcome:
    return await _edit_url(lab, lambda url: url + "#latest")


@case("url-credentials", "1")
async def url_credentials(lab: Lab) -> Outcome:
    return await _edit_url(lab, lambda url: url.replace("http://", "http://maya:pw@"))


@case("url-https", "1")
async def url_https(lab: Lab) -> Outcome:
    return await _edit_url(lab, lambda url: url.replace("http://", "https://"))  # no TLS on loopback: it fails


@case("feed-file-renamed", "1")
async def feed_file_renamed(lab: Lab) -> Outcome:
    feeds_folder(lab.seeds)
    _, _, before = await lab.reload()
    (lab.seeds / WEEKLY).rename(lab.seeds / "weekly.rss")
    _, statuses, after = await lab.reload()
    status = statuses.get("weekly.rss")
    held = status is not None and status.status == "renamed" and segments(after) == segments(before)
    return held, status_line(status)


@case("bare-ampersand", "2")
async def bare_ampersand(lab: Lab) -> Outcome:
    lab.list(lab.url())
    _, _, before = await lab.reload()
    lab.server.bodies[WEEKLY] = fixture_bytes(WEEKLY).replace(
        b"<link>https://pipelineweekly.example.com</link>", b"<link>https://x.example/?a=1&b=2</link>", 1
    )
    _, statuses, after = await lab.reload()
    kept_people = [r.people for r in after] == [r.people for r in before]
    held = segments(after) == segments(before) and kept_people
    return held, f"{status_line(statuses[lab.url()])}; transcripts and people kept: {held}"


@case("feed-cut-off", "2")
async def feed_cut_off(lab: Lab) -> Outcome:
    lab.list(lab.url())
    _, _, before = await lab.reload()
    whole = fixture_bytes(WEEKLY)
    lab.server.bodies[WEEKLY] = whole[: len(whole) * 2 // 3]
    _, statuses, after = await lab.reload()
    last_good = FeedCache(cache_dir_of(lab.settings)).body(lab.url()) == whole
    held = statuses[lab.url()].status == "kept" and segments(after) == segments(before) and last_good
    return held, f"{status_line(statuses[lab.url()])}; last good copy intact: {last_good}"


@case("feed-file-cut-off", "2")
async def feed_file_cut_off(lab: Lab) -> Outcome:
    feeds_folder(lab.seeds)
    _, _, before = await lab.reload()
    whole = (lab.seeds / WEEKLY).read_bytes()
    (lab.seeds / WEEKLY).write_bytes(whole[: len(whole) // 2])
    _, statuses, after = await lab.reload()
    return statuses[WEEKLY].status == "kept" and segments(after) == segments(before), status_line(statuses[WEEKLY])


@case("guid-reused", "3")
async def guid_reused(lab: Lab) -> Outcome:
    lab.list(lab.url())
    _, _, before = await lab.reload()
    new_item = (
        b"<item><title>Data contracts, two years on</title><guid>pw-039</guid>"
        b"<pubDate>Tue, 11 Mar 2025 10:00:00 GMT</pubDate>"
        b'<enclosure url="https://cdn.example/pw-043.mp3" type="audio/mpeg" length="1"/></item><item>'
    )
    lab.server.bodies[WEEKLY] = fixture_bytes(WEEKLY).replace(b"<item>", new_item, 1)
    report, statuses, after = await lab.reload()
    old = {r.ref.id for r in before}
    held = old <= {r.ref.id for r in after} and len(after) == len(before) + 1
    clash = next((n for n in report.notes if "guid" in n), "no note")
    return held, f"{status_line(statuses[lab.url()])}; {clash[-60:]}"


# ---------------------------------------------------------------- 4: secrets never shown


@case("credentials-shown", "4")
async def credentials_shown(lab: Lab) -> Outcome:
    logs = _capture_logs()
    url = lab.url().replace("http://", f"http://maya:{SECRET}@") + f"?token={TOKEN}"
    lab.server.bodies[WEEKLY] = (
        fixture_bytes(WEEKLY)
        .replace(b"audio/pw-042.mp3", f"audio/pw-042.mp3?sig={TOKEN}".encode())
        .replace(b'url="transcripts/pw-040.srt"', f'url="transcripts/gone.srt?token={TOKEN}"'.encode())
    )
    lab.list(url)
    report, _, rows = await lab.reload()
    async with await Store.open(lab.settings.db_path) as store:
        hit = (await search_quotes(store, "a join in a stream is a bet about time")).hits[0]
        facts = await answer_question(store, "how long is the streaming joins episode")
    shown = [
        json.dumps(report.as_dict()),
        json.dumps(render_ingest_report(report)),
        json.dumps(render_quote_hit(hit)),
        json.dumps(facts.as_dict()),
        json.dumps([r.ref.source.file for r in rows]),
        logs.getvalue(),
    ]
    leaks = [i for i, text in enumerate(shown) if SECRET in text or TOKEN in text]
    return not leaks and bool(rows), f"{len(rows)} episodes; shown as {rows[0].ref.source.file[:60]}; leaks: {leaks}"


def _capture_logs() -> io.StringIO:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    for name in ("bot", "cogs"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.DEBUG)
    return stream


# ---------------------------------------------------------------- 5-7: resources bounded


@case("seeds-2gb-file", "5")
async def seeds_2gb_file(lab: Lab) -> Outcome:
    for path in SEEDS.iterdir():
        shutil.copy(path, lab.seeds / path.name)
    with (lab.seeds / "episode-42.mp4").open("wb") as sparse:
        sparse.truncate(2 * 1024**3)  # 2 GB that cost no disk
    report, _, rows = await lab.reload()
    reason = report.files_skipped.get("episode-42.mp4", "read")
    return "not read" in reason and len(rows) > 90, f"skipped: {reason}; {len(rows)} episodes from the seeds"


@case("seeds-binary-file", "5")
async def seeds_binary_file(lab: Lab) -> Outcome:
    (lab.seeds / "clip.mp3").write_bytes(b"ID3\x04\x00\x00\x00" + b"\xff\xfb\x90\x00" * 500_000)
    report, _, _ = await lab.reload()
    reason = report.files_skipped.get("clip.mp3", "read")
    return "binary" in reason, f"skipped: {reason}"


@case("local-feed-60mb", "5")
async def local_feed_60mb(lab: Lab) -> Outcome:
    size = write_big_feed(lab.seeds / "huge.xml", 60 * 1024**2)
    _, statuses, _ = await lab.reload()
    status = statuses.get("huge.xml")
    held = status is not None and "larger than 25 MB" in status.detail
    return held, f"{size / 2**20:.0f} MB feed: {status_line(status)}"


@case("local-feed-24mb", "5")
async def local_feed_24mb(lab: Lab) -> Outcome:
    size = write_big_feed(lab.seeds / "big.xml", 24 * 1024**2)
    _, statuses, _ = await lab.reload()
    status = statuses.get("big.xml")
    return status is not None and status.status == "added", f"{size / 2**20:.0f} MB feed: {status_line(status)}"


def write_big_feed(path: Path, size: int) -> int:
    """A well-formed feed of about `size` bytes: 400 items with long show notes."""
    items = 400
    notes = ("<p>" + "Show notes about streaming joins, watermarks and late data. " * 40 + "</p>") * max(
        1, size // items // 2500
    )
    with path.open("w", encoding="utf-8") as feed:
        feed.write('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big Show</title>')
        for number in range(items):
            feed.write(
                f"<item><title>Episode {number}</title><guid>big-{number}</guid>"
                f"<description><![CDATA[{notes}]]></description></item>"
            )
        feed.write("</channel></rss>")
    return path.stat().st_size


@case("slow-transcripts", "6")
async def slow_transcripts(lab: Lab) -> Outcome:
    count, budget = lab.args.slow, lab.args.budget
    lab.server.bodies["slow.xml"] = slow_feed(count)
    for number in range(count):
        lab.server.modes[f"t/slow-{number}.vtt"] = "stall"  # answers after 30 s
        lab.server.bodies[f"t/slow-{number}.vtt"] = (
            f"WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nLine {number}.\n".encode()
        )
    lab.list(lab.url("slow.xml"))
    limits = replace(LIMITS, timeout_seconds=30, budget_seconds=budget)
    started = time.perf_counter()
    report, _, rows = await lab.reload(limits)
    first = time.perf_counter() - started
    lab.server.modes.clear()
    _, _, later = await lab.reload(limits)
    arrived = sum(1 for row in later if row.segment_count)
    late = next((n for n in report.notes if "ran out" in n), "no note")
    held = first < budget + 5 and len(rows) == count and arrived == count
    return held, f"{count} x 30 s transcripts, budget {budget:g} s: first reload {first:.1f} s ({late[-70:]}); " + (
        f"next reload fetched {arrived}/{count}"
    )


def slow_feed(count: int) -> bytes:
    items = "".join(
        f'<item><title>Slow {n}</title><guid>slow-{n}</guid><podcast:transcript url="t/slow-{n}.vtt" '
        'type="text/vtt"/></item>'
        for n in range(count)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0">'
        f"<channel><title>Slow Show</title>{items}</channel></rss>"
    ).encode()


@case("transcript-retried-on-304", "7")
async def transcript_retried(lab: Lab) -> Outcome:
    now = [1_000_000.0]
    FeedCache.clock = staticmethod(lambda: now[0])  # type: ignore[method-assign]
    lab.list(lab.url())
    lab.server.modes["transcripts/pw-040.srt"] = "500"
    await lab.reload()
    lab.server.modes.clear()
    now[0] += 5
    await lab.reload()
    soon = lab.server.hits["transcripts/pw-040.srt"]
    now[0] += 3600
    _, _, rows = await lab.reload()
    backfills = next(r for r in rows if r.ref.title == "Backfills at scale").segment_count
    held = soon == 1 and lab.server.hits["transcripts/pw-040.srt"] == 2 and backfills > 0
    asked = lab.server.hits["transcripts/pw-040.srt"]
    return held, f"asked {soon}x within the pause, {asked}x after; feed 304s: {lab.server.not_modified[WEEKLY]}"


# ---------------------------------------------------------------- 8-9: what members see


@case("cue-time", "8")
async def cue_time(lab: Lab) -> Outcome:
    feeds_folder(lab.seeds)
    await lab.reload()
    async with await Store.open(lab.settings.db_path) as store:
        hit = (await search_quotes(store, "just use a batch job and sleep at night")).hits[0]
    return hit.start_seconds == 2401.0, f"quoted at {hit.timestamp} (the turn starts at 12:40); link {hit.link}"


@case("masked-link", "9")
async def masked_link(lab: Lab) -> Outcome:
    shown = escape_markdown("see [click here](https://evil.example/login) or https://evil.example/x")
    links = re.findall(r"https?://|(?<!\\)\]\(", shown)
    return not links, f"shown as {shown!r}"


# ---------------------------------------------------------------- 10: small things


@case("person-html", "10")
async def person_html(lab: Lab) -> Outcome:
    data = fixture_bytes(WEEKLY).replace(
        b">Josh Wills</podcast:person>",
        b">&lt;b&gt;Eve&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</podcast:person>",
    )
    names = [p.name for p in parse_feed(data).items[0].people]
    return names == ["Maya Chen", "Eve"], f"people: {names}"


@case("nul-in-title", "10")
async def nul_in_title(lab: Lab) -> Outcome:
    feeds_folder(lab.seeds)
    path = lab.seeds / WEEKLY
    path.write_bytes(path.read_bytes().replace(b"Backfills at scale", b"Backfills\x00 at scale", 1))
    _, _, rows = await lab.reload()
    titles = [r.ref.title for r in rows if "Backfills" in r.ref.title]
    return titles == ["Backfills at scale"], f"title: {titles}"


@case("symlink-out", "10")
async def symlink_out(lab: Lab) -> Outcome:
    secret = lab.work / "outside.txt"
    secret.write_text((SEEDS / "000_361322009773b1d4.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (lab.seeds / "notes.txt").symlink_to(secret)
    report, _, rows = await lab.reload()
    reason = report.files_skipped.get("notes.txt", "read")
    return not rows and "outside" in reason, f"skipped: {reason}"


@case("stdin-not-utf8", "10")
async def stdin_not_utf8(lab: Lab) -> Outcome:
    stdin = io.TextIOWrapper(io.BytesIO(b"who hosts \xff\xfe the show\n"), encoding="utf-8")
    lines = list(each_input("-", stdin))
    return lines == ["who hosts \ufffd\ufffd the show"], f"read as {lines!r}"


@case("json-line-separators", "10")
async def json_line_separators(lab: Lab) -> Outcome:
    line = json_line({"question": "a\u2028b\u2029c\x85d"})
    return len(line.splitlines()) == 1, f"written as {line}"


@case("ip-shorthand", "10")
async def ip_shorthand(lab: Lab) -> Outcome:
    urls = [lab.url().replace("127.0.0.1", host) for host in ("127.1", "2130706433", "0x7f.1")]
    lab.list(*urls)
    _, statuses, _ = await lab.reload(replace(LIMITS, allow_private=False))
    refused = [url for url in urls if "is a private address" in statuses[url].detail]
    return len(refused) == len(urls) and not lab.server.hits, f"refused {len(refused)}/{len(urls)} before any request"


# ---------------------------------------------------------------- faults that held before: still held


async def _kept_after(lab: Lab, mode: str, expected: str) -> Outcome:
    lab.list(lab.url())
    _, _, before = await lab.reload()
    lab.server.modes[WEEKLY] = mode
    _, statuses, after = await lab.reload()
    status = statuses[lab.url()]
    return status.status == "kept" and expected in status.detail and segments(after) == segments(before), (
        status_line(status)
    )


@case("http-500", "pre")
async def http_500(lab: Lab) -> Outcome:
    return await _kept_after(lab, "500", "HTTP 500")


@case("feed-timeout", "pre")
async def feed_timeout(lab: Lab) -> Outcome:
    return await _kept_after(lab, "stall", "timed out")


@case("feed-too-large", "pre")
async def feed_too_large(lab: Lab) -> Outcome:
    lab.list(lab.url())
    await lab.reload()
    lab.server.bodies[WEEKLY] = fixture_bytes(WEEKLY) + b"<!--" + b" " * (26 * 1024**2) + b"-->"
    _, statuses, _ = await lab.reload()
    status = statuses[lab.url()]
    return status.status == "kept" and "larger than" in status.detail, status_line(status)


@case("feed-not-a-feed", "pre")
async def feed_not_a_feed(lab: Lab) -> Outcome:
    lab.list(lab.url())
    await lab.reload()
    lab.server.bodies[WEEKLY] = b"<html><body>Maintenance</body></html>"
    _, statuses, _ = await lab.reload()
    return statuses[lab.url()].status == "kept", status_line(statuses[lab.url()])


@case("feed-empty", "pre")
async def feed_empty(lab: Lab) -> Outcome:
    lab.list(lab.url())
    await lab.reload()
    lab.server.bodies[WEEKLY] = fixture_bytes("empty.xml")
    _, statuses, _ = await lab.reload()
    return statuses[lab.url()].status == "kept", status_line(statuses[lab.url()])


@case("entity-bomb", "pre")
async def entity_bomb(lab: Lab) -> Outcome:
    lab.list(lab.url("bomb.xml"))
    _, statuses, _ = await lab.reload()
    status = statuses[lab.url("bomb.xml")]
    return "entities" in status.detail, status_line(status)


@case("redirect-loop", "pre")
async def redirect_loop(lab: Lab) -> Outcome:
    lab.server.modes[WEEKLY] = "redirect-loop"
    lab.list(lab.url())
    _, statuses, _ = await lab.reload()
    status = statuses[lab.url()]
    return "redirects" in status.detail and lab.server.hits[WEEKLY] <= 7, status_line(status)


@case("private-address", "pre")
async def private_address(lab: Lab) -> Outcome:
    lab.list(lab.url())
    _, statuses, _ = await lab.reload(replace(LIMITS, allow_private=False))
    status = statuses[lab.url()]
    return "private address" in status.detail and not lab.server.hits, status_line(status)


@case("network-down", "pre")
async def network_down(lab: Lab) -> Outcome:
    lab.list(lab.url())
    _, _, before = await lab.reload()
    lab.list(lab.url(), "http://127.0.0.1:9/other.xml")  # nothing listens on the discard port
    lab.server.modes[WEEKLY] = "500"
    _, statuses, after = await lab.reload()
    other = statuses["http://127.0.0.1:9/other.xml"]
    return segments(after) == segments(before) and other.status == "failed", status_line(other)


@case("transcript-404", "pre")
async def transcript_404(lab: Lab) -> Outcome:
    lab.list(lab.url("indie-makers.rss"))
    report, _, rows = await lab.reload()
    hiring = next(r for r in rows if r.ref.title == "Hiring your first contractor")
    note = next((n for n in report.notes if "unavailable" in n), "no note")
    return hiring.segment_count == 0 and len(rows) == 5, f"episode listed without transcript; {note[-60:]}"


@case("file-scheme", "pre")
async def file_scheme(lab: Lab) -> Outcome:
    lab.list("file:///etc/passwd")
    _, statuses, rows = await lab.reload()
    return not rows and statuses["file:///etc/passwd"].status == "failed", status_line(statuses["file:///etc/passwd"])


# ---------------------------------------------------------------- running


async def run_case(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """One case in this process: its outcome, seconds and this process's peak RSS."""
    _point, function = CASES[name]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "seeds").mkdir()
        async with serve_fixtures() as server:
            settings = Settings(db_path=work / "data" / "podquote.db", seeds_dir=work / "seeds")
            started = time.perf_counter()
            try:
                held, detail = await function(Lab(work, server, settings, args))
            except Exception as exc:  # a case that breaks is reported, not raised
                held, detail = False, f"raised {type(exc).__name__}: {exc}"[:300]
            seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # summarising in worker processes
    return {"held": held, "detail": detail, "seconds": seconds, "peak_mb": peak, "worker_peak_mb": workers}


def run_in_child(name: str, args: argparse.Namespace) -> str:
    command = [sys.executable, "-m", "benchmarks.fault_sources", "--case", name]
    command += ["--slow", str(args.slow), "--budget", str(args.budget)]
    point = CASES[name][0]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=CASE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return f"FAILED  {point:>4}  {name}: no answer within {CASE_TIMEOUT} s"
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return f"FAILED  {point:>4}  {name}: crashed ({done.stderr.strip()[-200:]})"
    verdict = "held  " if result["held"] else "FAILED"
    workers = f", workers {result['worker_peak_mb']:.0f} MB" if result["worker_peak_mb"] else ""
    return (
        f"{verdict}  {point:>4}  {name}: {result['detail']} "
        f"[{result['seconds']:.2f} s, peak RSS {result['peak_mb']:.0f} MB{workers}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES), help="run one case here and print its result as JSON")
    parser.add_argument("--slow", type=int, default=40, help="slow transcripts in the slow-transcripts case")
    parser.add_argument("--budget", type=float, default=10.0, help="the fetching budget of that case, seconds")
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    if args.case:
        with contextlib.redirect_stdout(sys.stderr):  # only the result goes to stdout
            result = asyncio.run(run_case(args.case, args))
        print(json.dumps(result))
        return
    started = time.perf_counter()
    lines = []
    for name in CASES:
        lines.append(run_in_child(name, args))
        print(lines[-1], flush=True)
    held = sum(line.startswith("held") for line in lines)
    print(f"{held}/{len(lines)} held in {time.perf_counter() - started:.0f} s (each case in its own process)")


if __name__ == "__main__":
    os.environ.setdefault("PODQUOTE_LOG_LEVEL", "CRITICAL")
    main()

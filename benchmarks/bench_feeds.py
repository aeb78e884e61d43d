"""Feed ingest: `python -m benchmarks.bench_feeds [--items 2000] [--transcripts 1000] [--cues 200]`.

Writes a podcast feed of ITEMS items, TRANSCRIPTS of them with a linked transcript (Podcasting 2.0 JSON, WebVTT
and SRT in turn, CUES lines each), serves it from `python -m http.server` on 127.0.0.1 in a separate process
(Last-Modified, so an unchanged feed is a 304), and reloads a fresh store from it: cold, then with nothing
changed, then once more with the server's validators ignored (a 200 with the same bytes: the hash check path).
Prints times, counts and this process's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bot.config import Settings
from bot.reload import reload_sources
from bot.results import IngestReport
from bot.store import Store

WORDS = (
    "stream join batch window watermark late event schema contract warehouse pipeline backfill replay index query "
    "latency throughput partition shard replica consistency cache queue retry idempotent team meeting dashboard "
    "customer product pricing launch weekend contractor brief budget metric churn revenue growth hiring"
).split()
SPEAKERS = ("Maya Chen", "Josh Wills", "Priya Raman", "Sam Okafor")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def clock(seconds: float, comma: bool) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{secs:06.3f}".replace(".", "," if comma else ".")


def transcript(kind: str, cues: int, rng: random.Random) -> str:
    lines = [(i * 7.5, rng.choice(SPEAKERS), sentence(rng)) for i in range(cues)]
    if kind == "json":
        segments = [{"speaker": s, "startTime": t, "endTime": t + 7, "body": b} for t, s, b in lines]
        return json.dumps({"version": "1.0.0", "segments": segments})
    if kind == "vtt":
        cues_text = [f"{clock(t, False)} --> {clock(t + 7, False)}\n<v {s}>{b}" for t, s, b in lines]
        return "WEBVTT\n\n" + "\n\n".join(cues_text) + "\n"
    blocks = [f"{i}\n{clock(t, True)} --> {clock(t + 7, True)}\n{s}: {b}" for i, (t, s, b) in enumerate(lines, 1)]
    return "\n\n".join(blocks) + "\n"


def write_feed(folder: Path, items: int, transcripts: int, cues: int) -> None:
    rng = random.Random(7)
    (folder / "t").mkdir(parents=True)
    kinds = (("json", "application/json"), ("vtt", "text/vtt"), ("srt", "application/x-subrip"))
    entries = []
    for number in range(items, 0, -1):
        tags = ""
        if number <= transcripts:
            kind, mime = kinds[number % 3]
            (folder / "t" / f"ep{number}.{kind}").write_text(transcript(kind, cues, rng), encoding="utf-8")
            tags = f'<podcast:transcript url="t/ep{number}.{kind}" type="{mime}"/>'
        day = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(1_600_000_000 + number * 86_400))
        entries.append(
            f"<item><title>Episode {number}: {sentence(rng)[:60]}</title><guid>bench-{number}</guid>"
            f"<pubDate>{day}</pubDate><link>https://bench.example/{number}</link>"
            f'<enclosure url="https://cdn.bench.example/{number}.mp3" type="audio/mpeg" length="1000"/>'
            f"<itunes:duration>{rng.randint(1200, 5400)}</itunes:duration>"
            f"<description><![CDATA[<p>{sentence(rng)} {sentence(rng)}</p>]]></description>{tags}"
            f'<podcast:person role="host">Maya Chen</podcast:person>'
            f'<podcast:person role="guest">{rng.choice(SPEAKERS[1:])}</podcast:person></item>'
        )
    feed = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
        'xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Bench Show</title>'
        "<link>https://bench.example</link>" + "".join(entries) + "</channel></rss>"
    )
    (folder / "feed.xml").write_text(feed, encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "feed.xml", timeout=1):
                return server, base
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("the feed server did not start")


async def reload(settings: Settings, label: str) -> IngestReport:
    async with await Store.open(settings.db_path) as store:
        started = time.perf_counter()
        report = await reload_sources(store, settings)
        seconds = time.perf_counter() - started
        counts = await store.counts()
    statuses = ", ".join(f"{s.status} ({s.episodes} episodes)" for s in report.sources)
    print(
        f"{label}: {seconds:.2f} s | feed {statuses} | +{report.segments_added:,} segments"
        f" | store: {counts['episodes']:,} episodes, {counts['segments']:,} segments"
    )
    return report


async def run(args: argparse.Namespace, work: Path) -> None:
    site = work / "site"
    site.mkdir()
    started = time.perf_counter()
    write_feed(site, args.items, args.transcripts, args.cues)
    size = (site / "feed.xml").stat().st_size
    print(
        f"wrote a {size / 2**20:.1f} MB feed of {args.items} items, {args.transcripts} transcripts"
        f" of {args.cues} lines, in {time.perf_counter() - started:.1f} s"
    )
    server, base = serve(site)
    try:
        seeds = work / "seeds"
        seeds.mkdir()
        (seeds / "feeds.txt").write_text(base + "feed.xml\n")
        environ = {"PODQUOTE_DB": str(work / "data" / "bench.db"), "PODQUOTE_SEEDS": str(seeds)}
        settings = Settings.from_mapping({**environ, "PODQUOTE_FEEDS_ALLOW_PRIVATE": "1"})  # served on 127.0.0.1
        await reload(settings, "cold ingest")
        await reload(settings, "reload, nothing changed (304)")
        for entry in (work / "data" / "feed-cache").glob("*.json"):  # forget the validators: a full 200
            data = json.loads(entry.read_text())
            data["etag"] = data["last_modified"] = None
            entry.write_text(json.dumps(data))
        await reload(settings, "reload, same bytes again (200, hash check)")
    finally:
        server.terminate()
        server.wait()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:,.0f} MB (this process; the HTTP server runs in another)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--transcripts", type=int, default=1000)
    parser.add_argument("--cues", type=int, default=200, help="lines per transcript")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()

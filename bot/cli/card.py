"""`python -m bot card [--out FILE] [--theme light|dark] [--db PATH] QUERY`: the best hit's quote card as a PNG."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.cards import CardData, render_card
from bot.cli.common import Subparsers, add_common, existing_store_path, open_store, print_json
from bot.config import CARD_THEMES, Settings
from bot.results import QuoteAnswer, QuoteHit
from bot.search import search_quotes


def register(subparsers: Subparsers) -> None:
    card = subparsers.add_parser("card", help="draw the best hit for QUERY as a PNG quote card; prints its path")
    card.add_argument("query", metavar="QUERY")
    card.add_argument("--out", type=Path, help="where to write the PNG (default: cards/ beside the store)")
    card.add_argument("--theme", choices=CARD_THEMES, help="light or dark (default: PODQUOTE_CARD_THEME)")
    card.add_argument("--speaker", help="only lines by this person")
    card.add_argument("--episode", help="only this episode (id, or words of its title or show)")
    add_common(card)
    card.set_defaults(handler=cmd_card)


async def cmd_card(args: argparse.Namespace, settings: Settings) -> int:
    db = existing_store_path(args, settings)
    async with await open_store(args, settings, existing=True) as store:
        answer = await search_quotes(store, args.query, limit=1, speaker=args.speaker, episode=args.episode)
    if not answer.hits:
        print(no_hit_message(answer), file=sys.stderr)
        return 1
    hit = answer.hits[0]
    out = args.out or default_card_path(db, hit)
    png = await asyncio.to_thread(render_card, CardData.from_hit(hit), args.theme or settings.card_theme)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(png)
    except OSError as exc:  # a folder given as --out, no permission, disk full: a sentence, not a traceback
        print(f"podquote: could not write the card to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if args.json:
        print_json({"path": str(out), "bytes": len(png), "hit": hit.as_dict()})
    else:
        print(out)
    return 0


def default_card_path(db: Path, hit: QuoteHit) -> Path:
    """`cards/podquote-<segment>.png` in the store's folder (data/cards/ by default, which git ignores)."""
    return db.parent / "cards" / f"podquote-{hit.segment_id}.png"


def no_hit_message(answer: QuoteAnswer) -> str:
    """Why there is no card, with the closest lines when there are some."""
    lines = [f"podquote: no quote matched {answer.query!r} with confidence; no card written."]
    if answer.error:
        lines.append(f"  {answer.error}")
    for guess in answer.did_you_mean[:3]:
        lines.append(f"  did you mean: “{' '.join(guess.text.split())[:100]}” ({guess.episode.title})")
    return "\n".join(lines)

"""Standard transcript files users drop into the folder: Podcasting 2.0 JSON, WebVTT and SRT."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from bot.ingest.errors import ParseError
from bot.ingest.turns import Turn
from bot.text import parse_clock, squash_spaces

_CUE_TIMING = re.compile(r"^\s*(\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3})\s*-->\s*(\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3})")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
_LABEL = re.compile(r"^(?:>>\s*)?(?:\[([^\]]{1,40})\]|([A-Z][\w .'’-]{0,38}?)):\s+")


def parse_podcasting20(text: str) -> list[Turn]:
    """`{"version", "segments": [{speaker, startTime, endTime, body}]}`; consecutive lines of one speaker
    become one turn whose pieces keep their own start times."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    return podcasting20_turns(data)


def podcasting20_turns(data: Any) -> list[Turn]:
    """`parse_podcasting20` for JSON already decoded."""
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        raise ParseError("JSON without a 'segments' list (not a Podcasting 2.0 transcript)")
    turns: list[Turn] = []
    names: dict[str, str | None] = {}  # a transcript names a few people many thousand times
    for item in segments:
        # The loop runs once per line of every transcript ingested, so the common case is kept inline.
        if not isinstance(item, dict):
            continue
        body = item.get("body")
        if not isinstance(body, str) or not (body := squash_spaces(body)):
            continue
        label = item.get("speaker")
        speaker = None
        if isinstance(label, str):
            speaker = names[label] if label in names else names.setdefault(label, _speaker(label))
        start = item.get("startTime")
        if type(start) is not float:
            start = _seconds(start)
        elif not 0 <= start < math.inf:  # negative, infinite (`1e400`) or NaN
            start = None
        if turns and turns[-1].speaker == speaker:
            _continue_turn(turns[-1], body, start)
        else:
            turns.append(Turn(speaker=speaker, text=body, start=start))
    return turns


def _speaker(value: Any) -> str | None:
    return squash_spaces(value) or None if isinstance(value, str) else None


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = parse_clock(value)
        except ValueError:
            return None
    if isinstance(value, int | float):
        return float(value) if 0 <= value < math.inf else None  # not negative, infinite or NaN
    return None


def _add_piece(turns: list[Turn], speaker: str | None, body: str, start: float | None) -> None:
    if not body:
        return
    if turns and turns[-1].speaker == speaker:
        _continue_turn(turns[-1], body, start)
    else:
        turns.append(Turn(speaker=speaker, text=body, start=start))


def _continue_turn(turn: Turn, body: str, start: float | None) -> None:
    """The same speaker's next line: one turn, whose pieces keep their own start times."""
    if start is not None:
        turn.marks.append((len(turn.text) + 1, start))
    turn.text = f"{turn.text} {body}"
    if turn.start is None:
        turn.start = start


def parse_webvtt(text: str) -> list[Turn]:
    """WebVTT cues; the speaker comes from `<v Name>` (or a `Name:` prefix) and carries over to unlabeled cues."""
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise ParseError("not a WebVTT file (no WEBVTT header)")
    return _parse_cues(text)


def parse_srt(text: str) -> list[Turn]:
    """SRT cues; speakers from `Name:` or `[Name]:` prefixes, carried over to unlabeled cues."""
    turns = _parse_cues(text)
    if not turns:
        raise ParseError("no subtitle cues found")
    return turns


def _parse_cues(text: str) -> list[Turn]:
    turns: list[Turn] = []
    speaker: str | None = None
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = block.strip().split("\n")
        timing_index = next((i for i, line in enumerate(lines) if _CUE_TIMING.match(line)), None)
        if timing_index is None:
            continue
        start = parse_clock(_CUE_TIMING.match(lines[timing_index]).group(1))  # type: ignore[union-attr]
        raw = " ".join(lines[timing_index + 1 :])
        cue_speaker, body = _cue_speaker_and_body(raw)
        speaker = cue_speaker or speaker
        _add_piece(turns, speaker, body, start)
    return turns


def _cue_speaker_and_body(raw: str) -> tuple[str | None, str]:
    voice = _VOICE.search(raw)
    body = squash_spaces(_TAG.sub(" ", raw))
    if voice:
        return squash_spaces(voice.group(1)), body
    label = _LABEL.match(body)
    if label:
        return squash_spaces(label.group(1) or label.group(2)), body[label.end() :]
    return None, body

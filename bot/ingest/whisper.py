"""Speech-to-text output as transcripts: OpenAI Whisper's JSON and whisper.cpp's `--output-json`.

Whisper: `{"text", "segments": [{"start", "end", "text"}]}` (seconds). whisper.cpp:
`{"transcription": [{"offsets": {"from", "to"} (ms), "timestamps": {"from": "00:00:01,000"}, "text"}]}`.
Neither names speakers, so each line is a turn without a speaker.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any

from bot.ingest.errors import ParseError
from bot.ingest.standard import podcasting20_turns
from bot.ingest.turns import Turn
from bot.text import parse_clock, squash_spaces

# whisper.cpp marks silence and noise this way; they are not speech.
_NON_SPEECH = re.compile(r"^\s*[\[(](?:BLANK_AUDIO|MUSIC|NOISE|SILENCE|INAUDIBLE|Music|music)[\])]\s*$")


def whisper_kind(data: Any) -> str | None:
    """'whisper' or 'whisper.cpp' when the decoded JSON has that shape, else None."""
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("transcription"), list):
        return "whisper.cpp"
    segments = data.get("segments")
    if isinstance(segments, list) and segments and isinstance(segments[0], dict):
        first = segments[0]
        if "text" in first and "start" in first and "body" not in first:
            return "whisper"
    return None


def parse_json_transcript(text: str) -> list[Turn]:
    """A JSON transcript of any kind podquote reads: Whisper, whisper.cpp, else Podcasting 2.0."""
    data = _load(text)
    if whisper_kind(data) is not None:
        return whisper_turns(data)
    return podcasting20_turns(data)


def parse_whisper_json(text: str) -> list[Turn]:
    """Turns of a Whisper or whisper.cpp JSON transcript. Raises ParseError for other JSON."""
    return whisper_turns(_load(text))


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON ({exc.msg} at line {exc.lineno})") from None


def whisper_turns(data: Any) -> list[Turn]:
    """Turns of decoded Whisper or whisper.cpp JSON. Raises ParseError for other JSON."""
    kind = whisper_kind(data)
    if kind == "whisper":
        return _turns((item.get("text"), _seconds(item.get("start"))) for item in _dicts(data["segments"]))
    if kind == "whisper.cpp":
        return _turns((item.get("text"), _cpp_start(item)) for item in _dicts(data["transcription"]))
    raise ParseError("JSON is neither Whisper nor whisper.cpp output")


def _dicts(items: list[Any]) -> list[dict[str, Any]]:
    return [item for item in items if isinstance(item, dict)]


def _turns(lines: Iterable[tuple[object, float | None]]) -> list[Turn]:
    turns: list[Turn] = []
    for raw, start in lines:
        if not isinstance(raw, str) or _NON_SPEECH.match(raw) or not (body := squash_spaces(raw)):
            continue
        turns.append(Turn(speaker=None, text=body, start=start))
    return turns


def _seconds(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < math.inf:
        return float(value)
    return None


def _cpp_start(item: dict[str, Any]) -> float | None:
    offsets = item.get("offsets")
    if isinstance(offsets, dict) and (start := _seconds(offsets.get("from"))) is not None:
        return start / 1000
    stamps = item.get("timestamps")
    if isinstance(stamps, dict) and isinstance(stamps.get("from"), str):
        try:
            return _seconds(parse_clock(stamps["from"]))
        except ValueError:
            return None
    return None

"""A member's message as it arrives, made into the question it asks: pure, no store.

Messages carry more than the question: zero-width characters inside words (pasted from a web page), bidi marks,
emoji, @mentions of the bot and of roles, a greeting, and sometimes a long story with the question at the end.
`question_text` keeps the words (joining a word a zero-width space split), drops the rest, and when a message is
long keeps its end, where people put the question.
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 500
# Discord mentions (<@id>, <@!id>, <@&role>, <#channel>), @everyone / @here, and custom emoji (<:name:id>).
_DISCORD_TOKEN = re.compile(r"<(?:[@#][!&]?\d+|a?:\w+:\d+)>|@(?:everyone|here)\b")
_SHORT_QUESTION = 6  # words: a question this short is read with the sentence before it ("Anyway. Which one?")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_GREETING = re.compile(
    r"^(?:(?:(?:hey|hi|hello|hiya|yo|sup|howdy|heya|gm|good (?:morning|evening|afternoon))"
    r"(?:\s+(?:bot|podquote|guys|all|folks|everyone|there|team|fam))?|ok|okay|so|um|hmm|lol|quick q(?:uestion)?"
    r"|(?:bot|podquote)(?=\s*[,:!]|\s+(?:pls|please|can|could|would|what|whats|who|which|when|where|why|how|is|are"
    r"|was|were|did|does|do|any|write|tell|give|summari[sz]e|list|find|show)\b))\b"
    r"|question:|q:)(?:[\s,!:.~-]*(?:(?:hey|hi|hello|yo|ok|okay|so|um|hmm|lol|quick q(?:uestion)?)\b|question:|q:))*"
    r"[\s,!:.~-]*",
    re.IGNORECASE,
)


def question_text(message: str) -> str:
    """The question a message asks: invisible characters gone, symbols and mentions dropped, a leading greeting
    dropped, and at most MAX_QUESTION_CHARS characters (the end of a long message, from a sentence start)."""
    text = _DISCORD_TOKEN.sub(" ", _visible(message))
    text = " ".join(text.split())
    if len(text) > MAX_QUESTION_CHARS:
        text = _last_sentences(text, MAX_QUESTION_CHARS)
    stripped = _GREETING.sub("", text).strip()
    return stripped if len(stripped) >= 2 else text


def _visible(text: str) -> str:
    """Format characters (zero-width spaces and joiners, bidi marks, soft hyphens, BOM) removed, so "Post\\u200bgres"
    is "Postgres"; emoji and other symbols become spaces."""
    kept: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        kept.append(" " if category in {"So", "Sk", "Cs", "Co", "Cc"} and ch not in "\n\t" else ch)
    return "".join(kept)


def _last_sentences(text: str, limit: int) -> str:
    """The question at the end of a long message: its last sentence asking something (with the sentence before
    it when it is only a few words), else the longest run of whole sentences at its end that fits in `limit`
    characters (or its last `limit` characters when the last sentence alone is longer)."""
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    asking = [i for i, sentence in enumerate(sentences) if sentence.rstrip().endswith("?")]
    if asking:
        last = asking[-1]
        first = last - 1 if last and len(sentences[last].split()) < _SHORT_QUESTION else last
        question = " ".join(sentences[first : last + 1])
        if len(question) <= limit:
            return question
    kept: list[str] = []
    size = 0
    for sentence in reversed(sentences):
        if size + len(sentence) + 1 > limit:
            break
        kept.append(sentence)
        size += len(sentence) + 1
    if not kept:
        tail = text[-limit:]
        return tail[tail.find(" ") + 1 :] if " " in tail else tail
    return " ".join(reversed(kept))

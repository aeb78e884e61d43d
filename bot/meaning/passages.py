"""What is embedded besides transcript segments: an episode's title and description, in chunks of a few sentences
(pure). An episode known only by a directory line is then found by meaning too."""

from __future__ import annotations

import re

CHUNK_WORDS = 60  # sentences are grouped up to about this many words
MAX_CHUNKS = 63  # of one episode (the store numbers chunks below 64)
DESCRIPTION_CHARS = 6000
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[\"“(A-Z0-9])|\s*(?:~~~|\n)+\s*")


def description_chunks(title: str, description: str) -> list[str]:
    """The title with the description's first sentences, then the rest, each chunk a few whole sentences."""
    sentences = [s.strip() for s in _SENTENCE.split(f"{title}. {description[:DESCRIPTION_CHARS]}") if s.strip()]
    chunks: list[str] = []
    current: list[str] = []
    words = 0
    for sentence in sentences:
        size = len(sentence.split())
        if current and words + size > CHUNK_WORDS:
            chunks.append(" ".join(current))
            current, words = [], 0
        current.append(sentence)
        words += size
    if current:
        chunks.append(" ".join(current))
    return chunks[:MAX_CHUNKS]

"""Per-member rate limits: a sliding window of recent uses per member."""

from __future__ import annotations

import time
from collections import deque


class MemberCooldown:
    """A sliding-window rate limit per member: `rate` uses per `per` seconds (slash commands, mentions, cards)."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._hits: dict[int, deque[float]] = {}

    def retry_after(self, member_id: int, now: float | None = None) -> float | None:
        """Record a use; None when allowed, else the seconds until the member may try again."""
        now = time.monotonic() if now is None else now
        hits = self._hits.setdefault(member_id, deque())
        while hits and now - hits[0] >= self.per:
            hits.popleft()
        if len(hits) >= self.rate:
            return self.per - (now - hits[0])
        hits.append(now)
        self._forget_idle(now)
        return None

    def _forget_idle(self, now: float) -> None:
        if len(self._hits) < 10_000:
            return
        for member_id in [m for m, h in self._hits.items() if not h or now - h[-1] >= self.per]:
            del self._hits[member_id]

"""What the fake records and hands back to tests: REST calls, interactions, and awaitable answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.fake_discord.payloads import FakeUser

if TYPE_CHECKING:
    from tests.fake_discord.server import FakeDiscord


class CommandHiddenError(LookupError):
    """Discord would not show this command to this member (missing `default_member_permissions`)."""


@dataclass(frozen=True)
class Upload:
    """A file sent with a message (a multipart `files[n]` part)."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    """One REST request the bot made, as the fake received it."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    at: float  # time.perf_counter() on arrival
    status: int = 0
    errors: list[str] = field(default_factory=list)
    message_id: int | None = None  # the message this call created or edited
    files: list[Upload] = field(default_factory=list)  # uploads of a multipart/form-data call

    @property
    def body(self) -> dict[str, Any]:
        """The message body: the callback's `data`, or the JSON itself for other calls."""
        data = self.json if isinstance(self.json, dict) else {}
        return data.get("data") or {} if self.path.endswith("/callback") else data

    @property
    def authorized(self) -> bool:
        return "Authorization" in self.headers

    def __repr__(self) -> str:
        return f"<Call {self.method} {self.path} {self.status}>"


@dataclass
class Request:
    call: Call
    params: dict[str, str]


@dataclass
class InteractionState:
    id: int
    token: str
    type: int
    member: FakeUser
    channel_id: int
    component_message_id: int | None = None
    acknowledged: bool = False
    original_message_id: int | None = None
    deferred: bool = False


@dataclass
class Sent:
    """An interaction a test dispatched; awaits the bot's answers to it."""

    fake: FakeDiscord
    state: InteractionState
    since: int
    created_at: float

    @property
    def id(self) -> int:
        return self.state.id

    async def response(self, wait: float = 5.0) -> Call:
        """The bot's callback POST (its first answer) to this interaction."""
        path = f"/interactions/{self.state.id}/{self.state.token}/callback"
        return await self.fake.wait_for_call(lambda c: c.path == path, since=self.since, wait=wait)

    async def next_call(self, predicate: Callable[[Call], bool], wait: float = 5.0) -> Call:
        """The next call about this interaction (callback, followup or edit) that satisfies `predicate`."""
        return await self.fake.wait_for_call(
            lambda c: self.state.token in c.path and predicate(c), since=self.since, wait=wait
        )

    async def edit(self, wait: float = 5.0, *, after: int = 0) -> Call:
        """The `after`-th (0-based) edit of the original response."""

        def is_edit(call: Call) -> bool:
            return call.method == "PATCH" and call.path.endswith("/messages/@original")

        def nth_edit(call: Call) -> bool:
            edits = [c for c in self.calls if is_edit(c)]
            return len(edits) > after and call is edits[after]

        return await self.next_call(nth_edit, wait)

    @property
    def calls(self) -> list[Call]:
        return [c for c in self.fake.calls[self.since :] if self.state.token in c.path]

    @property
    def message(self) -> dict[str, Any] | None:
        """The message this interaction's original response is now (after any edits)."""
        mid = self.state.original_message_id
        return None if mid is None else self.fake.messages.get(mid)

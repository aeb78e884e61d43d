"""The fake Discord server: its guild, the REST routes and gateway, and the actions tests take as members."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import WSMsgType, web

from tests.fake_discord import rules
from tests.fake_discord.payloads import (
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    ATTACH_FILES,
    MEMBER_PERMISSIONS,
    PRIVILEGED_INTENTS,
    FakeRole,
    FakeUser,
    application_payload,
    attachment_payloads,
    guild_payload,
    message_payload,
    snowflake,
    text_channel_payload,
)
from tests.fake_discord.records import Call, CommandHiddenError, InteractionState, Request, Sent, Upload
from tests.fake_discord.wire import GatewaySocket, error_response, json_response, read_multipart

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
WEBHOOK_MESSAGE = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)"
EPHEMERAL = 1 << 6
LOADING = 1 << 7
Handler = Callable[[Request], Awaitable[web.Response]]


class FakeDiscord:
    """Discord on 127.0.0.1 for one bot: a guild, a text channel, members and the REST + gateway APIs."""

    def __init__(self) -> None:
        self.token = "fake." + secrets.token_urlsafe(24)
        self.application_id = snowflake()
        self.bot = FakeUser(self.application_id, "podquote", bot=True)
        self.owner = FakeUser(snowflake(), "owner")
        self.guild_id = snowflake()
        self.channel_id = snowflake()
        self.roles: dict[int, FakeRole] = {}
        self.everyone = self.add_role("@everyone", MEMBER_PERMISSIONS, role_id=self.guild_id, position=0)
        self.bot_role = self.add_role("podquote", MEMBER_PERMISSIONS, bot_id=self.bot.id)
        self.bot.roles.append(self.bot_role.id)
        self.members: dict[int, FakeUser] = {self.bot.id: self.bot, self.owner.id: self.owner}
        self.messages: dict[int, dict[str, Any]] = {}
        self.dm_channels: dict[int, int] = {}  # member id -> their DM channel with the bot
        self.pinged: dict[int, list[str]] = {}
        self.interactions: dict[str, InteractionState] = {}
        self.global_commands: dict[str, dict[str, Any]] = {}
        self.guild_commands: dict[str, dict[str, Any]] = {}
        self.command_overrides: dict[str, set[int]] = {}
        self.calls: list[Call] = []
        self.identify: dict[str, Any] | None = None
        self.gateway_queries: list[dict[str, str]] = []
        self.ready = asyncio.Event()
        self._sockets: list[GatewaySocket] = []
        self._seq = 0
        self._cond = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._routes = self._route_table()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        for sock in list(self._sockets):
            await sock.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/gateway"

    # ------------------------------------------------------------------ guild membership

    def add_role(
        self,
        name: str,
        permissions: int = 0,
        *,
        role_id: int | None = None,
        position: int = 1,
        bot_id: int | None = None,
    ) -> FakeRole:
        role = FakeRole(role_id or snowflake(), name, permissions, position, bot_id)
        self.roles[role.id] = role
        return role

    def add_member(self, name: str, *, admin: bool = False, roles: tuple[FakeRole, ...] = ()) -> FakeUser:
        """A new member; `admin` gives them a role with the Administrator permission."""
        role_ids = [r.id for r in roles]
        if admin:
            role_ids.append(self._admin_role().id)
        member = FakeUser(snowflake(), name, role_ids)
        self.members[member.id] = member
        return member

    def _admin_role(self) -> FakeRole:
        for role in self.roles.values():
            if role.name == "Server Admin":
                return role
        return self.add_role("Server Admin", ADMINISTRATOR)

    def permissions_of(self, member: FakeUser) -> int:
        if member.id == self.owner.id:
            return ALL_PERMISSIONS
        perms = self.everyone.permissions
        for role_id in member.roles:
            perms |= self.roles[role_id].permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def allow_command(self, name: str, who: FakeUser | FakeRole) -> None:
        """A server admin's override (Server Settings > Integrations) letting `who` use a hidden command."""
        self.command_overrides.setdefault(name, set()).add(who.id)

    def can_use(self, member: FakeUser, command: dict[str, Any]) -> bool:
        """Whether Discord would show this command to this member."""
        required = command.get("default_member_permissions")
        perms = self.permissions_of(member)
        if required is None or perms & ADMINISTRATOR:
            return True
        allowed = self.command_overrides.get(command["name"], set())
        if member.id in allowed or allowed.intersection(member.roles) or self.guild_id in allowed:
            return True
        return int(required) != 0 and perms & int(required) == int(required)

    # ------------------------------------------------------------------ recording

    async def _record(self, call: Call) -> None:
        async with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    async def wait_for_call(self, predicate: Callable[[Call], bool], *, since: int = 0, wait: float = 5.0) -> Call:
        """The first call from index `since` on that satisfies `predicate`, waiting for it if need be."""

        async def find() -> Call:
            async with self._cond:
                while True:
                    for call in self.calls[since:]:
                        if predicate(call):
                            return call
                    await self._cond.wait()

        return await asyncio.wait_for(find(), wait)

    async def no_call(self, predicate: Callable[[Call], bool], *, since: int, within: float = 0.3) -> bool:
        """True when no matching call arrives within `within` seconds."""
        try:
            await self.wait_for_call(predicate, since=since, wait=within)
        except TimeoutError:
            return True
        return False

    def failed_calls(self) -> list[Call]:
        """Calls Discord would have refused (bad auth, invalid body, unknown route)."""
        return [c for c in self.calls if c.status >= 400]

    # ------------------------------------------------------------------ REST

    def _route_table(self) -> list[tuple[str, re.Pattern[str], Handler, bool]]:
        """(method, path pattern, handler, needs the bot token)."""
        table: list[tuple[str, str, Handler, bool]] = [
            ("GET", r"/users/@me", self._get_me, True),
            ("POST", r"/users/@me/channels", self._open_dm, True),
            ("GET", r"/oauth2/applications/@me", self._get_application, True),
            ("GET", r"/gateway(/bot)?", self._get_gateway, True),
            ("PUT", r"/applications/(?P<app>\d+)/commands", self._put_commands, True),
            ("PUT", r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands", self._put_commands, True),
            ("GET", r"/applications/(?P<app>\d+)/commands", self._get_commands, True),
            ("GET", r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands", self._get_commands, True),
            ("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback", self._callback, False),
            ("POST", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)", self._followup, False),
            ("PATCH", WEBHOOK_MESSAGE, self._edit_webhook, False),
            ("GET", WEBHOOK_MESSAGE, self._get_webhook, False),
            ("DELETE", WEBHOOK_MESSAGE, self._no_content, False),
            ("POST", r"/channels/(?P<channel>\d+)/messages", self._create_message, True),
            ("PATCH", r"/channels/(?P<channel>\d+)/messages/(?P<mid>\d+)", self._edit_message, True),
            ("POST", r"/channels/(?P<channel>\d+)/typing", self._no_content, True),
        ]
        return [(m, re.compile(p + "$"), h, auth) for m, p, h, auth in table]

    async def _rest(self, request: web.Request) -> web.Response:
        call = await self._read_call(request)
        response = await self._route(call)
        call.status = response.status
        await self._record(call)
        return response

    async def _read_call(self, request: web.Request) -> Call:
        body: Any = None
        files: list[Upload] = []
        if request.content_type == "multipart/form-data":
            body, files = await read_multipart(request)
        elif request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw and request.content_type == "application/json" else raw or None
        path = request.path[len(API_PREFIX) :]
        call = Call(request.method, path, dict(request.query), body, dict(request.headers), time.perf_counter())
        call.files = files
        return call

    async def _route(self, call: Call) -> web.Response:
        for method, pattern, handler, needs_token in self._routes:
            match = pattern.match(call.path)
            if method != call.method or match is None:
                continue
            if needs_token and call.headers.get("Authorization") != f"Bot {self.token}":
                return error_response(401, "401: Unauthorized")
            if not needs_token and call.authorized:
                call.errors.append("interaction/webhook routes are sent without Authorization")
            return await handler(Request(call, match.groupdict()))
        call.errors.append("unknown route")
        return error_response(404, "404: Not Found")

    async def _get_me(self, request: Request) -> web.Response:
        return json_response({**self.bot.user_payload(), "verified": True, "mfa_enabled": False, "flags": 0})

    async def _get_application(self, request: Request) -> web.Response:
        return json_response(application_payload(self.application_id, self.owner))

    async def _get_gateway(self, request: Request) -> web.Response:
        return json_response({"url": self.gateway_url, "shards": 1})

    async def _put_commands(self, request: Request) -> web.Response:
        commands = request.call.json or []
        errors = [e for command in commands for e in rules.command_errors(command)]
        if errors:
            request.call.errors.extend(errors)
            return error_response(400, "Invalid Form Body", 50035, errors)
        guild = request.params.get("guild")
        registry = self.guild_commands if guild else self.global_commands
        previous = dict(registry)
        registry.clear()
        for command in commands:
            command_id = previous.get(command["name"], {}).get("id") or str(snowflake())
            permissions = command.get("default_member_permissions")
            registry[command["name"]] = {
                **command,
                "default_member_permissions": None if permissions is None else str(permissions),
                "id": command_id,
                "application_id": str(self.application_id),
                "version": str(snowflake()),
                **({"guild_id": guild} if guild else {}),
            }
        return json_response(list(registry.values()))

    async def _get_commands(self, request: Request) -> web.Response:
        registry = self.guild_commands if request.params.get("guild") else self.global_commands
        return json_response(list(registry.values()))

    async def _open_dm(self, request: Request) -> web.Response:
        """Create (or return) the DM channel between the bot and a member."""
        recipient = int((request.call.json or {}).get("recipient_id", 0))
        if recipient not in self.members:
            return error_response(400, "Invalid Recipient", 50033)
        channel = self.dm_channels.setdefault(recipient, snowflake())
        return json_response({"id": str(channel), "type": 1, "recipients": [self.members[recipient].user_payload()]})

    def direct_messages(self, member: FakeUser) -> list[Call]:
        """The bot's messages to a member's DM channel."""
        channel = self.dm_channels.get(member.id)
        return [c for c in self.calls if c.method == "POST" and c.path == f"/channels/{channel}/messages"]

    async def _no_content(self, request: Request) -> web.Response:
        return web.Response(status=204)

    # ------------------------------------------------------------------ messages

    def _store_message(
        self,
        channel_id: int,
        body: dict[str, Any],
        *,
        message_id: int | None = None,
        replied: int | None = None,
    ) -> dict[str, Any]:
        message = message_payload(message_id or snowflake(), channel_id, self.guild_id, self.bot, body)
        self.messages[int(message["id"])] = message
        self.pinged[int(message["id"])] = rules.pings(body, replied)
        return message

    def _update_message(self, message_id: int, body: dict[str, Any]) -> dict[str, Any]:
        message = self.messages[message_id]
        for key in ("content", "embeds", "components", "flags"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        message["edited_timestamp"] = message["timestamp"]
        if "content" in body:
            self.pinged[message_id] = rules.pings(body)
        return message

    def _invalid(self, call: Call, body: dict[str, Any]) -> web.Response | None:
        errors = rules.message_errors(body) + rules.upload_errors(body, call.files)
        if not errors:
            return None
        call.errors.extend(errors)
        return error_response(400, "Invalid Form Body", 50035, errors)

    async def _create_message(self, request: Request) -> web.Response:
        body = request.call.json or {}
        if refused := self._invalid(request.call, body):
            return refused
        if request.call.files and not self.permissions_of(self.bot) & ATTACH_FILES:
            request.call.errors.append("files sent without the Attach Files permission")
            return error_response(403, "Missing Permissions", 50013)
        replied = None
        reference = body.get("message_reference")
        if reference and (original := self.messages.get(int(reference["message_id"]))):
            replied = int(original["author"]["id"])
        message = self._store_message(int(request.params["channel"]), body, replied=replied)
        message["attachments"] = attachment_payloads(body, request.call.files, int(request.params["channel"]))
        if reference:
            message["message_reference"] = reference
        request.call.message_id = int(message["id"])
        return json_response(message)

    async def _edit_message(self, request: Request) -> web.Response:
        body = request.call.json or {}
        if refused := self._invalid(request.call, body):
            return refused
        message_id = int(request.params["mid"])
        if message_id not in self.messages:
            return error_response(404, "Unknown Message", 10008)
        request.call.message_id = message_id
        return json_response(self._update_message(message_id, body))

    # ------------------------------------------------------------------ interactions

    async def _callback(self, request: Request) -> web.Response:
        state = self.interactions.get(request.params["token"])
        if state is None or str(state.id) != request.params["id"]:
            return error_response(404, "Unknown interaction", 10062)
        if state.acknowledged:
            return error_response(400, "Interaction has already been acknowledged.", 40060)
        body = request.call.json or {}
        kind, data = body.get("type"), body.get("data") or {}
        errors = rules.choice_errors(data.get("choices", [])) if kind == 8 else rules.message_errors(data)
        if errors:
            request.call.errors.extend(errors)
            return error_response(400, "Invalid Form Body", 50035, errors)
        state.acknowledged = True
        message = self._apply_callback(state, kind, data)
        request.call.message_id = state.original_message_id if kind in (4, 5, 6, 7) else None
        return json_response(self._callback_body(state, kind, message))

    def _apply_callback(self, state: InteractionState, kind: int, data: dict[str, Any]) -> dict[str, Any] | None:
        if kind == 4:
            message = self._store_message(state.channel_id, data)
            state.original_message_id = int(message["id"])
            return message
        if kind == 5:
            flags = (data.get("flags") or 0) | LOADING
            message = self._store_message(state.channel_id, {"flags": flags})
            state.original_message_id, state.deferred = int(message["id"]), True
            return message
        if kind in (6, 7) and state.component_message_id is not None:
            state.original_message_id = state.component_message_id
            return self._update_message(state.component_message_id, data) if kind == 7 else None
        return None

    def _callback_body(self, state: InteractionState, kind: int, message: dict[str, Any] | None) -> dict[str, Any]:
        flags = (message or {}).get("flags", 0)
        body: dict[str, Any] = {
            "interaction": {
                "id": str(state.id),
                "type": state.type,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(flags & EPHEMERAL),
            }
        }
        if kind != 8:
            body["resource"] = {"type": kind, **({"message": message} if message else {})}
        return body

    def _interaction_for(self, request: Request) -> InteractionState | None:
        state = self.interactions.get(request.params["token"])
        if state is None or request.params["app"] != str(self.application_id):
            return None
        return state

    async def _followup(self, request: Request) -> web.Response:
        state = self._interaction_for(request)
        if state is None or not state.acknowledged:
            return error_response(404, "Unknown Webhook", 10015)
        body = request.call.json or {}
        if refused := self._invalid(request.call, body):
            return refused
        if state.deferred and state.original_message_id is not None:
            state.deferred = False  # the first followup after a deferral edits the loading message
            request.call.message_id = state.original_message_id
            return json_response(self._update_message(state.original_message_id, {**body, "flags": 0}))
        message = self._store_message(state.channel_id, body)
        request.call.message_id = int(message["id"])
        return json_response(message)

    async def _edit_webhook(self, request: Request) -> web.Response:
        state = self._interaction_for(request)
        message_id = self._webhook_message_id(state, request.params["mid"])
        if state is None or message_id not in self.messages:
            return error_response(404, "Unknown Message", 10008)
        body = request.call.json or {}
        if refused := self._invalid(request.call, body):
            return refused
        state.deferred = False
        request.call.message_id = message_id
        return json_response(self._update_message(message_id, body))

    async def _get_webhook(self, request: Request) -> web.Response:
        state = self._interaction_for(request)
        message_id = self._webhook_message_id(state, request.params["mid"])
        if message_id not in self.messages:
            return error_response(404, "Unknown Message", 10008)
        return json_response(self.messages[message_id])

    @staticmethod
    def _webhook_message_id(state: InteractionState | None, mid: str) -> int:
        if mid == "@original":
            return -1 if state is None or state.original_message_id is None else state.original_message_id
        return int(mid)

    # ------------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        self.gateway_queries.append(dict(request.query))
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        compress = request.query.get("compress")
        if compress not in (None, "zlib-stream"):
            await ws.close(code=4000, message=b"unsupported compression")
            return ws
        sock = GatewaySocket(ws, compress)
        self._sockets.append(sock)
        try:
            await sock.send({"op": 10, "d": {"heartbeat_interval": 41250}})
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_gateway_message(sock, json.loads(msg.data))
        finally:
            self._sockets.remove(sock)
        return ws

    async def _on_gateway_message(self, sock: GatewaySocket, payload: dict[str, Any]) -> None:
        op = payload.get("op")
        if op == 1:
            await sock.send({"op": 11})
        elif op == 2:
            await self._identify(sock, payload["d"])
        elif op == 6:
            await self._send_dispatch(sock, "RESUMED", {})

    async def _identify(self, sock: GatewaySocket, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await sock.ws.close(code=4004, message=b"Authentication failed.")
            return
        self.identify = {k: v for k, v in data.items() if k != "token"}
        ready = {
            "v": 10,
            "user": {**self.bot.user_payload(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": secrets.token_hex(16),
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await self._send_dispatch(sock, "READY", ready)
        await self._send_dispatch(sock, "GUILD_CREATE", self._guild())
        self.ready.set()

    def _guild(self) -> dict[str, Any]:
        channel = text_channel_payload(self.channel_id, self.guild_id, "general")
        members = list(self.members.values())
        return guild_payload(self.guild_id, self.owner.id, list(self.roles.values()), [channel], members)

    async def _send_dispatch(self, sock: GatewaySocket, event: str, data: dict[str, Any]) -> None:
        self._seq += 1
        await sock.send({"op": 0, "t": event, "s": self._seq, "d": data})

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the connected bot."""
        if not self._sockets:
            raise RuntimeError("the bot is not connected to the fake gateway")
        for sock in list(self._sockets):
            await self._send_dispatch(sock, event, data)

    @property
    def intents(self) -> int:
        return int((self.identify or {}).get("intents", 0))

    def privileged_intents(self) -> list[str]:
        return [name for name, bit in PRIVILEGED_INTENTS.items() if self.intents & bit]

    # ------------------------------------------------------------------ acting as members

    def command(self, name: str) -> dict[str, Any]:
        """A registered command, guild first (as Discord resolves them)."""
        command = self.guild_commands.get(name) or self.global_commands.get(name)
        if command is None:
            raise LookupError(f"/{name} is not registered")
        return command

    async def slash(self, member: FakeUser, name: str, **options: Any) -> Sent:
        """Run `/name option:value...` as `member`; `name` may be `group subcommand` (`sources add`)."""
        name, _, subcommand = name.partition(" ")
        command = self._visible_command(member, name)
        data = self._command_data(command, options, subcommand)
        return await self._interact(member, 2, data)

    async def autocomplete(self, member: FakeUser, name: str, focused: str, **options: Any) -> Sent:
        """Type into option `focused` of `/name` (its current text in `options[focused]`)."""
        command = self._visible_command(member, name)
        data = self._command_data(command, options)
        for option in data["options"]:
            option["focused"] = option["name"] == focused
        return await self._interact(member, 4, data)

    def _visible_command(self, member: FakeUser, name: str) -> dict[str, Any]:
        command = self.command(name)
        if not self.can_use(member, command):
            raise CommandHiddenError(f"Discord hides /{name} from {member.name}")
        return command

    def _command_data(self, command: dict[str, Any], options: dict[str, Any], subcommand: str = "") -> dict[str, Any]:
        specs = {o["name"]: o for o in command.get("options") or []}
        if subcommand:
            if specs.get(subcommand, {}).get("type") != 1:
                raise LookupError(f"/{command['name']} has no subcommand {subcommand!r}")
            specs = {o["name"]: o for o in specs[subcommand].get("options") or []}
        unknown = set(options) - set(specs)
        if unknown:
            raise LookupError(f"/{command['name']} has no option(s) {sorted(unknown)}")
        values = [{"name": k, "type": specs[k]["type"], "value": v} for k, v in options.items() if v is not None]
        if subcommand:
            values = [{"name": subcommand, "type": 1, "options": values}]
        return {
            "id": command["id"],
            "name": command["name"],
            "type": 1,
            "guild_id": str(self.guild_id),
            "options": values,
        }

    async def press(self, member: FakeUser, message_id: int, label: str) -> Sent:
        """Press the button labelled `label` on a message."""
        button = self._component(message_id, lambda c: c.get("type") == 2 and c.get("label") == label)
        if button.get("disabled"):
            raise LookupError(f"button {label!r} is disabled")
        data = {"custom_id": button["custom_id"], "component_type": 2}
        return await self._interact(member, 3, data, message_id=message_id)

    async def choose(self, member: FakeUser, message_id: int, *values: str) -> Sent:
        """Pick `values` in the first select menu of a message."""
        select = self._component(message_id, lambda c: c.get("type") == 3)
        data = {"custom_id": select["custom_id"], "component_type": 3, "values": list(values)}
        return await self._interact(member, 3, data, message_id=message_id)

    def components(self, message_id: int) -> list[dict[str, Any]]:
        rows = self.messages[message_id].get("components") or []
        return [item for row in rows for item in row.get("components", [])]

    def _component(self, message_id: int, predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        for item in self.components(message_id):
            if predicate(item):
                return item
        raise LookupError(f"no such component on message {message_id}")

    async def _interact(
        self, member: FakeUser, kind: int, data: dict[str, Any], *, message_id: int | None = None
    ) -> Sent:
        state = InteractionState(snowflake(), "itok." + secrets.token_urlsafe(32), kind, member, self.channel_id)
        state.component_message_id = message_id
        self.interactions[state.token] = state
        payload = self._interaction_payload(state, data)
        since = len(self.calls)
        created = time.perf_counter()
        await self.dispatch("INTERACTION_CREATE", payload)
        return Sent(self, state, since, created)

    def _interaction_payload(self, state: InteractionState, data: dict[str, Any]) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(state.id),
            "application_id": str(self.application_id),
            "type": state.type,
            "data": data,
            "guild_id": str(self.guild_id),
            "guild": {"id": str(self.guild_id), "locale": "en-US", "features": []},
            "channel_id": str(self.channel_id),
            "channel": text_channel_payload(self.channel_id, self.guild_id, "general"),
            "member": state.member.member_payload(self.permissions_of(state.member)),
            "token": state.token,
            "version": 1,
            "app_permissions": str(self.permissions_of(self.bot)),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if state.component_message_id is not None:
            payload["message"] = self.messages[state.component_message_id]
        return payload

    async def say(
        self, member: FakeUser, content: str, *, mention_bot: bool = True, reply_to: int | None = None
    ) -> dict[str, Any]:
        """Post a message in the channel as `member`, by default starting with a mention of the bot."""
        if mention_bot:
            content = f"<@{self.bot.id}> {content}"
        message = message_payload(snowflake(), self.channel_id, self.guild_id, member, {"content": content})
        message["member"] = {k: v for k, v in member.member_payload().items() if k != "user"}
        mentioned = [int(u) for u in re.findall(r"<@!?(\d+)>", content)]
        if reply_to is not None:
            replied = self.messages[reply_to]
            message["message_reference"] = {"message_id": str(reply_to), "channel_id": str(self.channel_id)}
            message["referenced_message"] = replied
            mentioned.append(int(replied["author"]["id"]))  # a reply pings its author by default
        message["mentions"] = [self._mention(uid) for uid in dict.fromkeys(mentioned) if uid in self.members]
        message["mention_roles"] = re.findall(r"<@&(\d+)>", content)
        message["mention_everyone"] = "@everyone" in content
        self.messages[int(message["id"])] = message
        await self.dispatch("MESSAGE_CREATE", self._as_delivered(message))
        return message

    def _mention(self, user_id: int) -> dict[str, Any]:
        user = self.members[user_id]
        member = {k: v for k, v in user.member_payload().items() if k != "user"}
        return {**user.user_payload(), "member": member}

    def _as_delivered(self, message: dict[str, Any]) -> dict[str, Any]:
        """Without the Message Content intent, Discord blanks content the bot is not mentioned in."""
        if self.intents & PRIVILEGED_INTENTS["message_content"]:
            return message
        if any(int(u["id"]) == self.bot.id for u in message["mentions"]):
            return message
        return {**message, "content": "", "embeds": [], "attachments": [], "components": []}

    async def reply_to(self, message: dict[str, Any], *, wait: float = 5.0) -> Call:
        """The bot's POST replying to `message`."""
        mid = message["id"]
        return await self.wait_for_call(
            lambda c: (
                c.method == "POST"
                and c.path == f"/channels/{self.channel_id}/messages"
                and str((c.json or {}).get("message_reference", {}).get("message_id")) == mid
            ),
            wait=wait,
        )

"""Discord's rules the fake enforces: message and component limits, and who a message would ping."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

CONTENT = 2000
EMBEDS = 10
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
ROWS = 5
ROW_ITEMS = 5
CUSTOM_ID = 100
BUTTON_LABEL = 80
OPTIONS = 25
OPTION_TEXT = 100
CHOICES = 25
CHOICE_TEXT = 100
COMMAND_DESCRIPTION = 100
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
ATTACHMENT_DESCRIPTION = 1024
MAX_UPLOAD = 10 * 1024 * 1024  # the fake's attachment_size_limit
_FILE_FIELD = re.compile(r"^files\[(\d+)\]$")

_EVERYONE = re.compile(r"@(everyone|here)")
_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")


def message_errors(body: Mapping[str, Any]) -> list[str]:
    """Why Discord would refuse this message body (empty when it is acceptable)."""
    errors: list[str] = []
    content = body.get("content") or ""
    if len(content) > CONTENT:
        errors.append(f"content: {len(content)} > {CONTENT} characters")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS:
        errors.append(f"embeds: {len(embeds)} > {EMBEDS}")
    total = 0
    for index, embed in enumerate(embeds):
        errors.extend(f"embeds.{index}.{e}" for e in embed_errors(embed))
        total += embed_length(embed)
    if total > EMBED_TOTAL:
        errors.append(f"embeds: {total} > {EMBED_TOTAL} characters in total")
    errors.extend(component_errors(body.get("components") or []))
    return errors


def upload_errors(body: Mapping[str, Any], files: Sequence[Any]) -> list[str]:
    """Why Discord would refuse these uploads: each `files[n]` needs a part name Discord knows, and any
    `attachments` entry describing it must name it by id n, with a description of at most 1,024 characters."""
    errors: list[str] = []
    described = {str(a.get("id")): a for a in body.get("attachments") or []}
    for upload in files:
        match = _FILE_FIELD.match(upload.field)
        if match is None:
            errors.append(f"{upload.field}: not a files[n] part")
            continue
        if len(upload.data) > MAX_UPLOAD:
            errors.append(f"{upload.field}: {len(upload.data)} bytes > {MAX_UPLOAD}")
        attachment = described.get(match.group(1))
        if described and attachment is None:
            errors.append(f"{upload.field}: no attachments entry with id {match.group(1)}")
        description = (attachment or {}).get("description") or ""
        if len(description) > ATTACHMENT_DESCRIPTION:
            errors.append(f"{upload.field}: description {len(description)} > {ATTACHMENT_DESCRIPTION} characters")
    return errors


def embed_length(embed: Mapping[str, Any]) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "") + len((embed.get("author") or {}).get("name") or "")
    return total + sum(len(f.get("name") or "") + len(f.get("value") or "") for f in embed.get("fields") or [])


def embed_errors(embed: Mapping[str, Any]) -> list[str]:
    errors = _too_long(
        [
            ("title", embed.get("title"), TITLE),
            ("description", embed.get("description"), DESCRIPTION),
            ("footer.text", (embed.get("footer") or {}).get("text"), FOOTER),
            ("author.name", (embed.get("author") or {}).get("name"), AUTHOR),
        ]
    )
    fields = embed.get("fields") or []
    if len(fields) > FIELDS:
        errors.append(f"fields: {len(fields)} > {FIELDS}")
    for i, item in enumerate(fields):
        if not item.get("name") or not item.get("value"):
            errors.append(f"fields.{i}: name and value must not be empty")
        errors.extend(_too_long([(f"fields.{i}.name", item.get("name"), FIELD_NAME)]))
        errors.extend(_too_long([(f"fields.{i}.value", item.get("value"), FIELD_VALUE)]))
    if embed_length(embed) > EMBED_TOTAL:
        errors.append(f"embed: {embed_length(embed)} > {EMBED_TOTAL} characters")
    return errors


def component_errors(rows: list[Mapping[str, Any]]) -> list[str]:
    errors: list[str] = []
    if len(rows) > ROWS:
        errors.append(f"components: {len(rows)} > {ROWS} rows")
    for r, row in enumerate(rows):
        items = row.get("components") or []
        if len(items) > ROW_ITEMS:
            errors.append(f"components.{r}: {len(items)} > {ROW_ITEMS} items")
        for i, item in enumerate(items):
            where = f"components.{r}.{i}"
            errors.extend(_too_long([(f"{where}.custom_id", item.get("custom_id"), CUSTOM_ID)]))
            errors.extend(_too_long([(f"{where}.label", item.get("label"), BUTTON_LABEL)]))
            errors.extend(_option_errors(where, item.get("options") or []))
    return errors


def _option_errors(where: str, options: list[Mapping[str, Any]]) -> list[str]:
    errors = [f"{where}.options: {len(options)} > {OPTIONS}"] if len(options) > OPTIONS else []
    for o, option in enumerate(options):
        for key in ("label", "value", "description"):
            errors.extend(_too_long([(f"{where}.options.{o}.{key}", option.get(key), OPTION_TEXT)]))
        if not option.get("label") or not option.get("value"):
            errors.append(f"{where}.options.{o}: label and value are required")
    return errors


def choice_errors(choices: list[Mapping[str, Any]]) -> list[str]:
    """Why Discord would refuse an autocomplete answer."""
    errors = [f"choices: {len(choices)} > {CHOICES}"] if len(choices) > CHOICES else []
    for c, choice in enumerate(choices):
        name, value = str(choice.get("name") or ""), choice.get("value")
        if not 1 <= len(name) <= CHOICE_TEXT:
            errors.append(f"choices.{c}.name: length {len(name)}")
        if isinstance(value, str) and not 1 <= len(value) <= CHOICE_TEXT:
            errors.append(f"choices.{c}.value: length {len(value)}")
    return errors


def command_errors(command: Mapping[str, Any]) -> list[str]:
    """Why Discord would refuse an application command definition."""
    errors: list[str] = []
    if not COMMAND_NAME.match(command.get("name", "")):
        errors.append(f"name {command.get('name')!r} is not a valid command name")
    if command.get("type", 1) == 1 and not 1 <= len(command.get("description", "")) <= COMMAND_DESCRIPTION:
        errors.append(f"{command.get('name')}: description must be 1-{COMMAND_DESCRIPTION} characters")
    for option in command.get("options") or []:
        if not 1 <= len(option.get("description", "")) <= COMMAND_DESCRIPTION:
            errors.append(f"{command.get('name')}.{option.get('name')}: description length")
    return errors


def _too_long(items: list[tuple[str, Any, int]]) -> list[str]:
    return [f"{name}: {len(value)} > {limit}" for name, value, limit in items if value and len(value) > limit]


def pings(body: Mapping[str, Any], replied_author_id: int | None = None) -> list[str]:
    """Who a message with this body would notify, the way Discord applies `allowed_mentions`.

    Embeds never ping; without `allowed_mentions` every mention in the content does, and a reply pings its
    author unless `replied_user` is false.
    """
    content = body.get("content") or ""
    allowed = body.get("allowed_mentions")
    parse = set(allowed.get("parse", [])) if allowed is not None else {"everyone", "users", "roles"}
    users = set((allowed or {}).get("users", []))
    roles = set((allowed or {}).get("roles", []))
    found: list[str] = []
    if _EVERYONE.search(content) and "everyone" in parse:
        found.append("@everyone")
    found += [f"user:{u}" for u in _USER.findall(content) if "users" in parse or u in users]
    found += [f"role:{r}" for r in _ROLE.findall(content) if "roles" in parse or r in roles]
    if replied_author_id is not None and (allowed is None or allowed.get("replied_user", False)):
        found.append(f"user:{replied_author_id}")
    return found

"""The sloppiness real feeds carry, mended before parsing, so a strict parser sees every item. Pure.

Hosts publish a bare `&` in a link, HTML entities XML does not define (`&nbsp;`) and control characters pasted
into titles; a strict XML parser refuses the whole document for any of them. Those are repaired here; what is
left broken (a document cut off by a dropped connection, mismatched tags) is for the caller to refuse.
"""

from __future__ import annotations

import re
from html.entities import name2codepoint

_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
# `&` followed by anything but a complete reference: a bare ampersand.
_BARE_AMPERSAND = re.compile(rb"&(?!#[0-9]{1,7};|#x[0-9a-fA-F]{1,6};|[A-Za-z_][\w.-]{0,31};)")
_NAMED_REFERENCE = re.compile(rb"&([A-Za-z_][\w.-]{0,31});")
_CHARACTER_REFERENCE = re.compile(rb"&#(?:([0-9]{1,7})|x([0-9a-fA-F]{1,6}));")
# C0 controls XML 1.0 forbids (all but tab, line feed and carriage return).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WIDE_ENCODINGS = (b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")  # UTF-16/32: NUL bytes are part of the text


def repair_xml(data: bytes) -> bytes:
    """`data` with bare ampersands escaped, HTML entities as character references, and characters XML forbids
    removed. A document in a 16- or 32-bit encoding is returned as it is."""
    if data.startswith(_WIDE_ENCODINGS):
        return data
    data = _CONTROL_BYTES.sub(b"", data)
    data = _BARE_AMPERSAND.sub(b"&amp;", data)
    data = _NAMED_REFERENCE.sub(_named_reference, data)
    return _CHARACTER_REFERENCE.sub(_character_reference, data)


def _named_reference(match: re.Match[bytes]) -> bytes:
    name = match.group(1).decode("ascii")
    if name in _XML_ENTITIES:
        return match.group(0)
    codepoint = name2codepoint.get(name)
    # A name HTML does not know either is text (a document declaring its own entities is refused anyway).
    return b"&amp;" + match.group(0)[1:] if codepoint is None else b"&#%d;" % codepoint


def _character_reference(match: re.Match[bytes]) -> bytes:
    decimal, hexadecimal = match.groups()
    codepoint = int(decimal) if decimal else int(hexadecimal, 16)
    return match.group(0) if is_xml_character(codepoint) else b""


def is_xml_character(codepoint: int) -> bool:
    """True for the characters XML 1.0 allows in a document."""
    return (
        codepoint in (0x9, 0xA, 0xD)
        or 0x20 <= codepoint <= 0xD7FF
        or 0xE000 <= codepoint <= 0xFFFD
        or 0x10000 <= codepoint <= 0x10FFFF
    )

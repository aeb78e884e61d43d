"""The seeds folder as a source: the documents in it, each with its name and whether it may be read.

A file is looked at before it is read: a link that leads out of the folder is refused (the folder is what an
admin chose to share), a file over the size cap is refused by its size alone, and a binary file (audio or video
someone dropped in) by its first bytes. Whatever is read is read once and hashed as a stream.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

_MEGABYTE = 1024 * 1024
# Far above any transcript or listing (the seeds are under 1 MB each); a larger file is not a document.
MAX_DOCUMENT_BYTES = 64 * _MEGABYTE
SNIFF_BYTES = 8192
_WIDE_TEXT = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


@dataclass(frozen=True, slots=True)
class SeedFile:
    """One file of the seeds folder; `problem` says why it is not read (None: read it). `binary`: its first bytes
    hold a NUL (for a document, a reason not to read it; a feed's parser mends a stray one)."""

    path: Path
    size: int
    problem: str | None = None
    binary: bool = False

    @property
    def document_problem(self) -> str | None:
        """Why it is not read as a document."""
        return self.problem or ("binary file, not text" if self.binary else None)

    @property
    def name(self) -> str:
        return self.path.name


def list_documents(folder: Path) -> list[Path]:
    """Regular, non-hidden files directly in `folder`, by name (links included)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"seeds folder not found: {folder}")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def scan_folder(folder: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> list[SeedFile]:
    """Every document of the folder, with the reason it may not be read."""
    root = folder.resolve()
    return [_seed_file(path, root, max_bytes) for path in list_documents(folder)]


def _seed_file(path: Path, root: Path, max_bytes: int) -> SeedFile:
    try:
        size = path.stat().st_size
        if not path.resolve().is_relative_to(root):
            return SeedFile(path, size, "a link to a file outside the seeds folder: not read")
        if size > max_bytes:  # the size alone decides: nothing of it is read
            return SeedFile(
                path, size, f"larger than {max_bytes // _MEGABYTE} MB ({size / _MEGABYTE:,.0f} MB): not read"
            )
        with path.open("rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError as exc:
        return SeedFile(path, 0, f"cannot be read ({exc.strerror or exc})")
    return SeedFile(path, size, binary=looks_binary(head))


def looks_binary(head: bytes) -> bool:
    """True when a file's first bytes hold a NUL, as audio, video and images do and text does not (text in
    UTF-16 or UTF-32 announces itself with a byte order mark)."""
    return b"\x00" in head and not head.startswith(_WIDE_TEXT)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks: memory stays flat whatever its size."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()

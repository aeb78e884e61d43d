"""The seeds folder as a source: the documents in it, by name."""

from __future__ import annotations

from pathlib import Path


def list_documents(folder: Path) -> list[Path]:
    """Regular, non-hidden files directly in `folder`, by name."""
    if not folder.is_dir():
        raise FileNotFoundError(f"seeds folder not found: {folder}")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))

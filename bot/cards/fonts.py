"""Fonts for cards: DejaVu Sans when the system has it, else Pillow's bundled font; per-character fallback.

No font is downloaded at run time. `FontSet.runs` splits text into runs that one font can draw: the first font in
the chain that has a glyph for a character draws it. A character no font has is drawn by the primary font (a box)
unless it decomposes into letters the primary font has ("Ë" -> "E"), so a card is always produced.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

log = logging.getLogger(__name__)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont | ImageFont.TransposedFont

FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
QUOTE_MARK = "DejaVuSerif-Bold.ttf"  # its curly quotation mark reads as one; the sans one looks like two wedges
# Fonts tried, in order, for characters the primary font lacks (whichever of them the machine has).
FALLBACKS = (
    "DejaVuSans.ttf",
    "NotoSans-Regular.ttf",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "DroidSansFallbackFull.ttf",
    "NotoSansSymbols2-Regular.ttf",
    "FreeSans.ttf",
    "DejaVuSerif.ttf",
)
_PROBE_SIZE = 24
_MISSING = "\U0010fffd"  # a private-use code point no font maps: its mask is the font's "missing glyph" box
_ASCII_LOOKALIKES = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "Ł": "L", "—": "-"})


@lru_cache(maxsize=32)
def find_font(name: str, dirs: tuple[Path, ...] = FONT_DIRS) -> Path | None:
    """The path of a font file called `name` in the usual font folders, or None."""
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob(name)):
            if path.is_file():
                return path
    return None


@dataclass(frozen=True, slots=True)
class FontFace:
    """One font file (or Pillow's bundled font when `path` is None), loadable at any size."""

    path: Path | None

    @property
    def name(self) -> str:
        return self.path.name if self.path else "Pillow bundled font"

    def at(self, size: int) -> Font:
        return _load(self.path, size)

    def has_glyph(self, char: str) -> bool:
        return _has_glyph(self.path, char)


@lru_cache(maxsize=256)
def _load(path: Path | None, size: int) -> Font:
    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(str(path), size)


@lru_cache(maxsize=8192)
def _has_glyph(path: Path | None, char: str) -> bool:
    if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Mn"):
        return True
    font = _load(path, _PROBE_SIZE)
    mask, missing = font.getmask(char), font.getmask(_MISSING)
    return mask.size != missing.size or bytes(mask) != bytes(missing)


@dataclass(frozen=True, slots=True)
class FontSet:
    """The faces a card draws with: regular and bold, the fallback chain for missing glyphs, the quote mark's."""

    regular: FontFace
    bold: FontFace
    fallbacks: tuple[FontFace, ...] = field(default_factory=tuple)
    quote_mark: FontFace | None = None

    @property
    def mark_face(self) -> FontFace:
        """The face for the large decorative quotation mark."""
        return self.quote_mark if self.quote_mark is not None else self.bold

    def runs(self, text: str, *, bold: bool = False) -> list[tuple[str, FontFace]]:
        """`text` as consecutive (substring, face) runs, each drawable by its face."""
        primary = self.bold if bold else self.regular
        runs: list[tuple[str, FontFace]] = []
        for char in text:
            face, shown = self._face_for(char, primary)
            if runs and runs[-1][1] == face:
                runs[-1] = (runs[-1][0] + shown, face)
            else:
                runs.append((shown, face))
        return runs

    def _face_for(self, char: str, primary: FontFace) -> tuple[FontFace, str]:
        for face in (primary, self.regular, *self.fallbacks):
            if face.has_glyph(char):
                return face, char
        plain = lookalike(char)
        if plain != char and all(primary.has_glyph(c) for c in plain):
            return primary, plain
        return primary, char

    def measure(self, text: str, size: int, *, bold: bool = False) -> float:
        """The advance width of `text` in pixels at `size`, fallbacks included."""
        return sum(face.at(size).getlength(run) for run, face in self.runs(text, bold=bold))


def lookalike(char: str) -> str:
    """A plainer spelling of `char` for fonts that lack it: accents dropped, a few letters spelled out."""
    decomposed = unicodedata.normalize("NFKD", char.translate(_ASCII_LOOKALIKES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain or char


@lru_cache(maxsize=4)
def default_fonts(dirs: tuple[Path, ...] = FONT_DIRS) -> FontSet:
    """DejaVu Sans (and Bold) when installed, else Pillow's bundled font; fallbacks from what the machine has."""
    regular_path, bold_path = find_font(REGULAR, dirs), find_font(BOLD, dirs)
    if regular_path is None:
        log.warning("DejaVu Sans not found in %s; cards use Pillow's bundled font", [str(d) for d in dirs])
    regular = FontFace(regular_path)
    bold = FontFace(bold_path) if bold_path and regular_path else regular
    mark_path = find_font(QUOTE_MARK, dirs)
    mark = FontFace(mark_path) if mark_path else None
    return FontSet(regular, bold, _fallback_faces(dirs, exclude=(regular, bold)), mark)


def _fallback_faces(dirs: tuple[Path, ...], exclude: Sequence[FontFace]) -> tuple[FontFace, ...]:
    faces = [FontFace(path) for name in FALLBACKS if (path := find_font(name, dirs)) is not None]
    return tuple(dict.fromkeys(f for f in faces if f not in exclude))

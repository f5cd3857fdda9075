"""What every PDF dmtx writes shares: the bundled fonts, the characters they can draw, a new page set.

Fonts ship with dmtx (dmtx/fonts, licences beside them): DejaVu Sans for Latin, Greek,
Cyrillic, Hebrew and Arabic letters, Droid Sans Fallback for Chinese, Japanese and Korean.
A character neither font has is drawn as "?" and named by `undrawable`. fpdf2 is imported
only when a PDF is made.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from fpdf import FPDF

PAGE_SIZES = {"auto": "letter", "letter": "letter", "a4": "A4"}
FONT_FILES = {
    ("dejavu", ""): "DejaVuSans.ttf",
    ("dejavu", "B"): "DejaVuSans-Bold.ttf",
    ("fallback", ""): "DroidSansFallbackFull.ttf",
    ("fallback", "B"): "DroidSansFallbackFull.ttf",
}
MISSING = "?"

P = TypeVar("P", bound="FPDF")


def font_path(name: str) -> str:
    return str(resources.files("dmtx") / "fonts" / name)


@cache
def _cmap(name: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(font_path(name), lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def covered() -> frozenset[int]:
    """Every code point the bundled fonts can draw."""
    return _cmap(FONT_FILES[("dejavu", "")]) | _cmap(FONT_FILES[("fallback", "")])


@cache
def _dejavu() -> frozenset[int]:
    return _cmap(FONT_FILES[("dejavu", "")]) & _cmap(FONT_FILES[("dejavu", "B")])


def _dejavu_has(text: str) -> bool:
    """True when DejaVu Sans, regular and bold, has every character of the text."""
    points = _dejavu()
    return all(c.isspace() or ord(c) in points for c in text)


# Scripts whose letters join or reorder (Hebrew to Tibetan, Myanmar, Khmer, Arabic presentation forms).
_SHAPED = ((0x0590, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))


def needs_shaping(text: str) -> bool:
    """True when the text has letters that are drawn right only with text shaping."""
    return any(low <= ord(c) <= high for c in text for low, high in _SHAPED)


def undrawable(text: str) -> str:
    """The characters of `text` that no bundled font has (drawn as '?'), each once."""
    if _dejavu_has(text):
        return ""  # without reading the large fallback font's character map
    points = covered()
    return "".join(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in points))


def drawable(text: str) -> str:
    """The text with every character no bundled font has replaced by '?'."""
    if _dejavu_has(text):
        return text
    points = covered()
    return "".join(c if c.isspace() or ord(c) in points else MISSING for c in text)


def set_up(pdf: P, *, title: str, text: str | None = None) -> P:
    """The document's title and creator, the bundled fonts ("dejavu", falling back to CJK), text shaping.

    With the document's `text`, the fallback font and text shaping (each costs seconds) are
    set up only when that text needs them; without it, always.
    """
    pdf.set_title(drawable(title))
    pdf.set_creator("dmtx")
    fallback = text is None or not _dejavu_has(text)
    for (family, style), name in FONT_FILES.items():
        if family == "dejavu" or fallback:
            pdf.add_font(family, style, font_path(name))
    if fallback:
        pdf.set_fallback_fonts(["fallback"], exact_match=False)
    if can_shape() and (text is None or needs_shaping(text)):
        # Joins Arabic letters and puts right-to-left names in reading order.
        pdf.set_text_shaping(True)
    return pdf


def can_shape() -> bool:
    from importlib.util import find_spec

    return find_spec("uharfbuzz") is not None


def text_height(pdf: FPDF, width: float, line: float, text: str) -> float:
    """How tall `text` is, wrapped at `width` mm in the current font with lines `line` mm apart."""
    return cast(float, pdf.multi_cell(width, line, text, dry_run=True, output="HEIGHT"))


def room(pdf: FPDF) -> float:
    """The space left on the page above the bottom margin, in mm."""
    return float(pdf.h - pdf.b_margin - pdf.get_y())

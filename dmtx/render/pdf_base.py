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
def covered() -> frozenset[int]:
    """Every code point the bundled fonts can draw."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for name in {FONT_FILES[("dejavu", "")], FONT_FILES[("fallback", "")]}:
        with TTFont(font_path(name), lazy=True) as font:
            points |= set(font.getBestCmap())
    return frozenset(points)


def undrawable(text: str) -> str:
    """The characters of `text` that no bundled font has (drawn as '?'), each once."""
    points = covered()
    return "".join(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in points))


def drawable(text: str) -> str:
    """The text with every character no bundled font has replaced by '?'."""
    points = covered()
    return "".join(c if c.isspace() or ord(c) in points else MISSING for c in text)


def set_up(pdf: P, *, title: str) -> P:
    """The document's title and creator, the bundled fonts ("dejavu", falling back to CJK), text shaping."""
    pdf.set_title(drawable(title))
    pdf.set_creator("dmtx")
    for (family, style), name in FONT_FILES.items():
        pdf.add_font(family, style, font_path(name))
    pdf.set_fallback_fonts(["fallback"], exact_match=False)
    if can_shape():
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

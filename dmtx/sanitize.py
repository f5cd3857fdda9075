"""Make text from data or users safe to show: no terminal control, ASCII when needed."""

from __future__ import annotations

import unicodedata

_KEEP = {"\n"}
_ASCII_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2022": "*",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2610": "[ ]",
    "\u00ae": "(R)",
    "\u2122": "(TM)",
    "\u00a9": "(C)",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u00d7": "x",
    "\u2192": "->",
    "\u00b5": "u",
}


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Replace control, format and surrogate characters with a visible escape; tabs become spaces.

    Rich's Text and escape() let ESC, NUL, bidi overrides and zero-width characters
    through, so everything shown passes here first.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char in _KEEP or char.isprintable():
            out.append(char)
        elif char == "\t":
            out.append("    ")
        elif unicodedata.category(char) in ("Zs", "Zl", "Zp"):
            out.append(" " if unicodedata.category(char) == "Zs" else "\n")
        else:
            out.append(_visible(char))
    return "".join(out)


def clean_line(text: str) -> str:
    """Like clean(), but newlines become spaces: for one-line messages."""
    return clean(text).replace("\n", " ")


def ascii_escaped(text: str, fmt: str) -> str:
    """JSON or HTML in pure ASCII that still means every character (\\u escapes, &#...; references).

    Other formats are left as they are (to_ascii() approximates them later).
    """
    if text.isascii():
        return text
    if fmt == "html":
        return text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    if fmt == "json":
        # Outside strings JSON is ASCII already, so escaping every other character is exact.
        return "".join(c if c.isascii() else _json_escape(c) for c in text)
    return text


def _json_escape(char: str) -> str:
    units = char.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def to_ascii(text: str) -> str:
    """An ASCII rendering: typographic marks mapped, accents dropped, the rest as '?'."""
    if text.isascii():
        return text
    mapped = "".join(_ASCII_MAP.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", mapped)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.encode("ascii", "replace").decode("ascii")

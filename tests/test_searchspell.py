"""dmtx/searchspell.py in the test process: which words search reads as forms or slips of the guide's words."""

from __future__ import annotations

import pytest

from dmtx import searchspell


@pytest.mark.parametrize(
    ("typed", "word", "same"),
    [
        ("pregnant", "pregnancy", True),  # a long shared start, then word endings
        ("pregnant", "pregnants", True),  # the shorter word whole, the other one ending more
        ("provera", "prove", False),  # "ra" is no ending
        ("cytotec", "cytotoxic", False),
        ("though", "thoughts", False),
        ("abcdant", "abcdance", False),  # endings after a start shorter than the form rule allows
        ("ed", "s", False),  # two endings are no word
        ("weakness", "weak", False),  # a shared start of four letters is too short to tell
    ],
)
def test_same_word(typed: str, word: str, same: bool) -> None:
    assert searchspell.same_word(typed, word) is same


@pytest.mark.parametrize(
    ("typed", "meant", "slip"),
    [
        ("d", "f", True),  # keys side by side
        ("e", "d", True),  # a key on the row below
        ("s", "z", True),  # one sound
        ("q", "p", False),  # one row, far apart
        ("w", "z", False),  # two rows apart
        ("q", "s", False),  # a row below, just too far to the side
        ("a", "d", False),  # one key between
        ("1", "q", False),  # not a letter key
        ("q", "1", False),
        ("e", "c", False),
    ],
)
def test_slip_letter(typed: str, meant: str, slip: bool) -> None:
    assert searchspell._slip_letter(typed, meant) is slip


@pytest.mark.parametrize(
    ("typed", "meant", "edits"),
    [
        ("prednisone", "prednisone", 0),
        ("prednizone", "prednisone", 1),  # a letter of the same sound
        ("predniaone", "prednisone", 1),  # a key next to it
        ("prednipone", "prednisone", 2),  # another letter: counted as two
        ("perdnisone", "prednisone", 1),  # two letters swapped
        ("rpednisone", "prednisone", 1),  # ... at the very start
        ("abcd", "acbd", 1),
        ("xabc", "abc", 1),
        ("", "abc", 3),
        ("abc", "", 3),
        ("aab", "abb", 2),
        ("cheeks", "checks", 2),
    ],
)
def test_slip_distance(typed: str, meant: str, edits: int) -> None:
    assert searchspell._slip_distance(typed, meant) == edits


@pytest.mark.parametrize(
    ("typed", "meant", "drug", "slip"),
    [
        ("predisone", "prednisone", True, True),
        ("protonix", "protopic", True, False),  # another drug: it does not end as typed
        ("cheeks", "checks", False, False),  # e and c are far apart
        ("steriods", "steroids", False, True),  # two letters the other way round
        ("methotrexat", "methotrexate", True, True),  # cut short
        ("diabeties", "diabetes", False, True),
    ],
)
def test_typing_slip(typed: str, meant: str, drug: bool, slip: bool) -> None:
    assert searchspell.typing_slip(typed, meant, drug=drug) is slip

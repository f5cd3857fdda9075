"""The "did you mean" guards of dmtx.lookup.suggest, on their ties and boundaries, called directly.

A misspelling as close to another real drug as to one of ours must not be offered ours: a tie is a no.
"""

from __future__ import annotations

import pytest

from dmtx.lookup import MAX_EDITS, suggest

OURS = {
    "imuran": ("azathioprine", "Imuran"),
    "gengraf": ("cyclosporine", "Gengraf"),
    "azathioprine": ("azathioprine", "azathioprine"),
}


@pytest.mark.parametrize(
    ("typed", "other", "offered"),
    [
        ("imuron", "imurun", ()),  # 1 edit from Imuran and 1 from the other drug: a tie, nothing offered
        ("imuron", "imorun", ("Imuran",)),  # the other drug is 2 edits away: ours is closer
        ("imuoon", "imuoun", ()),  # the other is closer than ours
        ("gengref", "gengrof", ()),
        ("gengref", "gongrof", ("Gengraf",)),
    ],
)
def test_a_tie_with_another_real_drug_offers_nothing(typed: str, other: str, offered: tuple[str, ...]) -> None:
    assert suggest(typed, OURS, avoid=[other]) == offered


def test_the_same_name_as_another_drug_offers_nothing() -> None:
    assert suggest("imuron", OURS, avoid=["imuron"]) == ()


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("azothioprene", ("azathioprine",)),  # 2 edits (MAX_EDITS) in 12 letters: offered
        ("ezothioprene", ()),  # 3 edits: too far, however long the name
        ("imuran", ("Imuran",)),
    ],
)
def test_at_most_max_edits(typed: str, offered: tuple[str, ...]) -> None:
    assert MAX_EDITS == 2
    assert suggest(typed, OURS) == offered


@pytest.mark.parametrize(
    ("typed", "name", "offered"),
    [
        # Vowels for vowels: slips of spelling, so only the number of edits decides.
        ("abco", "abca", True),  # 1 edit in 4 letters: one per four letters, offered
        ("abuo", "abea", False),  # 2 edits in 4 letters: too many for a short name
        ("abcuo", "abcea", False),  # 2 edits in 5 letters
        ("abcdefuo", "abcdefea", True),  # 2 edits in 8 letters
        ("abcdexx", "abcdefg", False),  # 2 edits in 7 letters
        ("abc", "abca", True),
    ],
)
def test_one_edit_per_four_letters(typed: str, name: str, offered: bool) -> None:
    assert bool(suggest(typed, {name: ("thing", name)})) is offered

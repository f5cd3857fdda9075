"""dmtx/spelling.py in the test process: which edits of a drug's name are slips and which make another name.

Each case pins one part of the rule (a vowel, a sound spelled another way, a consonant, a letter more or
fewer at either end, a swap, a stutter, a skipped syllable, a family of drugs, a brand's short suffix).
"""

from __future__ import annotations

import pytest

from dmtx import spelling


@pytest.mark.parametrize(
    ("typed", "name", "renamed"),
    [
        ("methatrexate", "methotrexate", False),  # a vowel for a vowel
        ("prednizone", "prednisone", False),  # s and z: one sound
        ("imuran", "imuram", False),  # m and n
        ("methotrecate", "methotrexate", False),  # x and c
        ("xelganz", "xeljanz", False),  # g and j
        ("mycofenolate", "mycophenolate", False),  # ph written f
        ("protonix", "protopic", True),  # another consonant: another name
        ("metrol", "medrol", True),
        ("methotrexat", "methotrexate", False),  # a vowel left off the end
        ("xmethotrexate", "methotrexate", False),  # one consonant more at the start of a long name
        ("methotrexatez", "methotrexate", False),  # ... or at its end
        ("smedrol", "medrol", True),  # a consonant more in a short name is another name
        ("medrl", "medrol", False),  # a vowel fewer in a short name
        ("merol", "medrol", True),  # a consonant fewer in a short name
        ("medrols", "medrol", False),  # a plural s
        ("medrolts", "medrol", True),  # a consonant more (t) in a short name, then a plural
        ("predisone", "prednisone", False),  # one consonant fewer in a long name, the one edit
        ("cycloserine", "cyclosporine", True),  # a consonant fewer and another edit
        ("methottrexate", "methotrexate", False),  # a doubled letter
        ("mehtotrexate", "methotrexate", False),  # h more or fewer, swapped
        ("prendisone", "prednisone", False),  # two letters swapped
        ("chrolambucil", "chlorambucil", False),  # two letters swapped across a third
        ("tofacititinib", "tofacitinib", False),  # two letters typed twice
        ("banas", "bananas", False),  # ... or typed once where the name has them twice
        ("hydrochloroquine", "hydroxychloroquine", False),  # a skipped syllable of a long name
        ("quinine", "quinidine", True),  # two letters fewer in a name under 10 letters
        ("methotr-exate", "methotrexate", False),  # a mark more is no letter
        # At the very start of the alignment (its first row and column):
        ("edrol", "medrol", True),  # the first consonant of a short name left out
        ("yxmethotrexate", "methotrexate", True),  # a vowel and a consonant more before a long name
        ("hotrexate", "methotrexate", True),  # three letters left out at the start, two consonants
        ("rpednisone", "prednisone", False),  # the first two letters swapped
        ("lhcorambucil", "chlorambucil", False),  # the first and third letters swapped across the second
    ],
)
def test_renames(typed: str, name: str, renamed: bool) -> None:
    assert spelling.renames(typed, name) is renamed


def test_the_same_word_is_no_rename() -> None:
    assert spelling.renames("prednisone", "prednisone") is False
    assert spelling.renames("mycofenolate", "mycophenolate") is False


@pytest.mark.parametrize(
    ("word", "at", "letters", "kind"),
    [
        ("medrol", 1, 6, ""),  # a vowel
        ("mehdrol", 2, 6, ""),  # an h
        ("medrrol", 3, 6, ""),  # a letter beside its double
        ("mekcrol", 2, 7, ""),  # k beside c: one sound
        ("medrols", 6, 7, ""),  # a last s
        ("medsrol", 3, 7, "indel"),  # an s that is not last
        ("medrol", 2, 7, "indel"),  # a consonant in a longer name
        ("medrol", 2, 6, "change"),  # a consonant in a short name
        ("med-rol", 3, 6, ""),  # not a letter
        ("Hmedrol", 0, 6, "change"),  # a capital is no h
    ],
)
def test_indel_kind(word: str, at: int, letters: int, kind: str) -> None:
    assert spelling._indel_kind(word, at, letters) == kind


@pytest.mark.parametrize(
    ("longer", "shorter", "stutter"),
    [
        ("tofacititinib", "tofacitinib", True),
        ("abcdcd", "abcd", True),  # the repeat at the very end
        ("bananas", "cherry", False),  # a repeat, but not of the other word
        ("abcd", "abcd", False),
        ("abc", "abc", False),
        ("abxycd", "abcd", False),  # two letters more that are not a repeat
    ],
)
def test_stutter(longer: str, shorter: str, stutter: bool) -> None:
    assert spelling._stutter(longer, shorter) is stutter


@pytest.mark.parametrize(
    ("typed", "name", "skipped"),
    [
        ("hydrochloroquine", "hydroxychloroquine", True),  # two letters, a long name
        ("predsone", "prednisone", True),  # two letters, exactly 10
        ("quinine", "quinidine", False),  # two letters, 9: no
        ("predisone", "prednisone", True),  # one letter
        ("prednison", "prednisone", True),  # one letter at the very end
        ("rednisone", "prednisone", True),  # ... at the very start
        ("prednis", "prednisone", False),  # three letters
        ("medrl", "medrol", False),  # a short name
        ("prednisone", "prednisone", False),
        ("prednisonex", "prednisone", False),  # a letter more is not one fewer
        ("pednisoner", "prednisone", False),  # letters moved, not left out
    ],
)
def test_skipped(typed: str, name: str, skipped: bool) -> None:
    assert spelling._skipped(typed, name) is skipped


@pytest.mark.parametrize(
    ("typed", "name", "across"),
    [
        ("cetuximab", "rituximab", True),  # one stem, another start
        ("rituxamab", "rituximab", False),  # not the same stem ending: a slip inside the name
        ("rituximab", "rituximab", False),
        ("gamunex k", "gamunex c", True),  # another short suffix is another product, even of one sound
        ("carimune abc", "carimune abd", True),  # a suffix of exactly three letters
        ("carimune abcd", "carimune abce", False),  # a longer last word is not a product's suffix
        ("gamunex c", "gamunex c", False),
        ("gamunex c", "gamunex", False),  # one word
        ("gamunex", "gamunex c", False),
        ("octagam c", "gamunex c", False),  # other first words
        ("a gamunex c", "b gamunex d", False),
        ("gamunex c x", "gamunex c y", True),  # all but the last word the same
        ("x y z", "x y y", True),  # the last word, not the second, is compared
        ("x y y", "x y w", True),
    ],
)
def test_across_family(typed: str, name: str, across: bool) -> None:
    assert spelling.across_family(typed, name) is across


def test_same_sounds_writes_ph_as_f_only() -> None:
    assert spelling.same_sounds("cyclophosphamide") == "cyclofosfamide"
    assert spelling.same_sounds("methotrexate") == "methotrexate"

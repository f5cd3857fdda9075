"""Spelling help for search: whether a word is a slip of the hand for a word of the guide, or another form of it.

Only slips are read as the guide's word: another English word ("cheeks", not "checks") or another drug
("Protonix", not "Protopic") never is.
"""

from __future__ import annotations

# A word this long whose start is a word of the guide may be read as that word's other form ("pregnant").
FORM_LETTERS = 6


# Endings that make another form of the same English word ("pregnant", "pregnancy").
_ENDINGS = """
    s es ed d ing er ers ly y al ally ant ants ance ancy ent ents ence ency ic ics ical ion ions ation ations
    ive ity ness ment ments ous ise ize ised ized ist ists
"""
WORD_ENDINGS = frozenset(_ENDINGS.split())


def same_word(typed: str, word: str) -> bool:
    """True when the two words are forms of one word: after a long shared start, each ends in a word ending.

    "pregnant" and "pregnancy" are ("pregn" + "ant", "ancy"); "provera" and "prove" are not ("ra"), nor
    "cytotec" and "cytotoxic", nor "though" and "thoughts".
    """
    for cut in range(FORM_LETTERS - 1, min(len(typed), len(word)) + 1):
        if typed[:cut] != word[:cut]:
            break
        ends = (typed[cut:], word[cut:])
        if all(not end or end in WORD_ENDINGS for end in ends):
            return True
    return False


# Keys as they sit on a QWERTY keyboard, each row shifted a little to the right of the one above.
_KEYS = {
    key: (row, col + (0, 0.3, 0.8)[row])
    for row, keys in enumerate(("qwertyuiop", "asdfghjkl", "zxcvbnm"))
    for col, key in enumerate(keys)
}
# Letters that stand for the same sound, so one is often written for the other ("prednizone").
_SOUNDS = ("aeiouy", "csz", "ck", "kq", "fv", "gj")


def _slip_letter(typed: str, meant: str) -> bool:
    """True when one letter is easily typed for the other: a key next to it, or a letter of the same sound."""
    if typed in _KEYS and meant in _KEYS:
        (r1, c1), (r2, c2) = _KEYS[typed], _KEYS[meant]
        if abs(r1 - r2) <= 1 and abs(c1 - c2) < 1.3 and (r1, c1) != (r2, c2):
            return True
    return _same_sound(typed, meant)


def _slip_distance(typed: str, meant: str) -> int:
    """Edits from `meant` to `typed` (a letter missed, added, doubled or swapped), where a letter written
    for another counts only when it is a slip of the hand or of sound, else as two edits."""
    rows = [list(range(len(meant) + 1))]
    for i in range(1, len(typed) + 1):
        row = [i]
        for j in range(1, len(meant) + 1):
            a, b = typed[i - 1], meant[j - 1]
            swap = 0 if a == b else 1 if _slip_letter(a, b) else 2
            cost = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + swap)
            if i > 1 and j > 1 and a == meant[j - 2] and typed[i - 2] == b:
                cost = min(cost, rows[i - 2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def typing_slip(typed: str, meant: str, *, drug: bool) -> bool:
    """True when `typed` looks like a slip of the hand for the guide's word `meant`, not another word.

    Every edit must be a slip: "cheeks" is not "checks" (e and c are far apart), "injection" is not
    "infection". A drug's name must also end as typed, or be cut short: names of different drugs often
    share a start and differ at the end (Protonix is not Protopic, Medrox is not Medrol).
    """
    from dmtx.lookup import slip_edits

    edits = slip_edits(typed, meant)
    if edits is None:
        return False
    # Two letters of the word written the other way round ("chrolambucil") is a slip too.
    if _slip_distance(typed, meant) != edits and sorted(typed) != sorted(meant):
        return False
    if not drug or typed.startswith(meant) or meant.startswith(typed):
        return True
    return len(typed) >= 2 and all(_same_sound(a, b) for a, b in zip(typed[-2:], meant[-2:], strict=True))


def _same_sound(typed: str, meant: str) -> bool:
    return typed == meant or any(typed in group and meant in group for group in _SOUNDS)

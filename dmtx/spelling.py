"""How a misspelling changes a drug's name, and how another drug's name differs from it.

Slips drop, double or swap letters, change a vowel (methatrexate, plaquinil) or spell a sound
another way (prednizone). Other names change what a name says: another consonant (Protonix,
Protopic; Metrol, Medrol), or in a short name a consonant more or fewer (Merol, Medrol); so does
another start within a family of drugs (cetuximab, rituximab). `dmtx.lookup` asks these rules.
"""

from __future__ import annotations

# Endings shared by whole families of drugs (the naming stems of INN/USAN): within a family only the
# start names the drug, so a different start is another drug (cetuximab, not rituximab), never a slip.
# Longest first: "ximab" is judged before "mab".
FAMILY_STEMS = (
    "citinib",
    "fosfamide",
    "ximab",
    "zumab",
    "limus",
    "tinib",
    "umab",
    "mab",
)


BRAND_SUFFIX_LETTERS = 3

# Slips drop, double or swap letters, change a vowel or spell one sound another way.
VOWELS = frozenset("aeiouy")
# x sounds as c, k or z (methotrecate, zeljanz); g as j (xelganz); ph is written f before any rule reads it.
SAME_SOUND = frozenset(frozenset(pair) for pair in ("sz", "ck", "cs", "kq", "cq", "mn", "xc", "xk", "xz", "gj"))
SHORT_NAME_LETTERS = 6


def renames(typed: str, name: str) -> bool:
    """True when the fewest edits from `name` to `typed` change what the name says, not just its spelling.

    Judged on the best alignment of the two (optimal string alignment, two letters swapped across
    a third as one slip: chrolambucil): each edit is a slip, a change of name, or a consonant more
    or fewer in a longer name, which is a slip only when it is the one edit (predisone, not
    cycloserine for cyclosporine).
    """
    typed, name = same_sounds(typed), same_sounds(name)
    if typed == name or _stutter(typed, name) or _stutter(name, typed) or _skipped(typed, name):
        return False
    rows, cols = len(name) + 1, len(typed) + 1
    # best[i][j]: (edits, changes of name, consonants more or fewer) from name[:i] to typed[:j]
    best = [[(0, 0, 0)] * cols for _ in range(rows)]
    for i in range(1, rows):
        best[i][0] = _plus(best[i - 1][0], 1, _indel_kind(name, i - 1, len(name)))
    for j in range(1, cols):
        best[0][j] = _plus(best[0][j - 1], 1, _indel_kind(typed, j - 1, len(name)))
    for i in range(1, rows):
        for j in range(1, cols):
            a, b = name[i - 1], typed[j - 1]
            kind = "" if a == b or _same_letter_kind(a, b) else "change"
            options = [
                _plus(best[i - 1][j], 1, _indel_kind(name, i - 1, len(name))),
                _plus(best[i][j - 1], 1, _indel_kind(typed, j - 1, len(name))),
                _plus(best[i - 1][j - 1], int(a != b), kind),
            ]
            if i > 1 and j > 1 and a == typed[j - 2] and name[i - 2] == b:
                options.append(_plus(best[i - 2][j - 2], 1, ""))
            if i > 2 and j > 2 and a == typed[j - 3] and name[i - 3] == b and name[i - 2] == typed[j - 2]:
                options.append(_plus(best[i - 3][j - 3], 2, ""))
            best[i][j] = min(options)
    edits, changes, indels = best[-1][-1]
    return changes > 0 or (indels > 0 and edits > 1)


def same_sounds(word: str) -> str:
    """The word with 'ph' written 'f' (mycofenolate, cyclofosfamide): one sound, spelled either way."""
    return word.replace("ph", "f")


SKIPPED_PAIR_LETTERS = 10


def _skipped(typed: str, name: str) -> bool:
    """True when `typed` is a long `name` with one run of letters left out (hydrochloroquine, predsone): a
    skipped syllable, not another name. Short names keep every consonant (Merol, not Medrol); two letters
    together only from a name of 10 letters or more (quinine is not a slip of quinidine)."""
    missing = len(name) - len(typed)
    if missing not in (1, 2) or len(name) <= SHORT_NAME_LETTERS:
        return False
    if missing == 2 and len(name) < SKIPPED_PAIR_LETTERS:
        return False
    return any(name[:at] + name[at + missing :] == typed for at in range(len(name) - missing + 1))


def _stutter(longer: str, shorter: str) -> bool:
    """True when `longer` is `shorter` with two letters typed twice (tofacititinib): a slip of the hand."""
    return any(
        longer[at : at + 2] == longer[at + 2 : at + 4] and longer[:at] + longer[at + 2 :] == shorter
        for at in range(len(longer) - 3)
    )


def _plus(cost: tuple[int, int, int], edits: int, kind: str) -> tuple[int, int, int]:
    return (cost[0] + edits, cost[1] + (kind == "change"), cost[2] + (kind == "indel"))


def _same_letter_kind(one: str, other: str) -> bool:
    """A vowel for a vowel, or one spelling of a sound for another (s/z, c/k): a slip, not a new name."""
    return (one in VOWELS and other in VOWELS) or frozenset((one, other)) in SAME_SOUND


def _indel_kind(word: str, at: int, name_letters: int) -> str:
    """What adding or dropping word[at] is: '' for a slip, 'indel' for a consonant, 'change' in a short name.

    A vowel, an h, a doubled letter (or c beside k) or a last s (a plural) are slips anywhere.
    """
    letter = word[at]
    if not letter.isalpha() or letter in VOWELS or letter == "h":
        return ""
    beside = {word[at - 1 : at], word[at + 1 : at + 2]} - {""}
    if any(letter == other or frozenset((letter, other)) in SAME_SOUND for other in beside):
        return ""
    if letter == "s" and at == len(word) - 1:
        return ""
    return "indel" if name_letters > SHORT_NAME_LETTERS else "change"


def across_family(typed: str, name: str) -> bool:
    """True when two names are members of one family of different drugs, not one name and its slip."""
    stem = next((s for s in FAMILY_STEMS if typed.endswith(s) and name.endswith(s)), None)
    if stem is not None:
        return typed[:2] != name[:2]
    # A brand's short last part names its product (Gamunex-C, Carimune NF): another part is another product.
    one, other = typed.split(), name.split()
    if len(one) < 2 or len(other) < 2 or one[:-1] != other[:-1] or one[-1] == other[-1]:
        return False
    return min(len(one[-1]), len(other[-1])) <= BRAND_SUFFIX_LETTERS

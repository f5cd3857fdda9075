"""Names that never point to another drug (#20), over the sourced sets of tests/data/search/.

`lookalikes.yaml` holds real drugs that are not ours (FDA and Australian tall-man lists, ISMP,
stem families, related drugs); `misspellings.yaml` real and synthetic misspellings of ours.
The data's `confusables` list is kept apart from them: the rule alone must be safe for
every look-alike that list does not name.
"""

from __future__ import annotations

import pytest

from dmtx.errors import NotFound
from dmtx.lookup import Closest, closest, find_drug, normalize, slip_edits
from dmtx.model import Knowledge

from conftest import BUNDLED, Dmtx, assert_clean_error
from name_sets import Answer, entries, found_right, lookalikes, ours_by_name, unsafe

# A name marked ours_soon became a drug of this guide (#21 added methylprednisolone, tacrolimus and
# cyclophosphamide): it is no longer another drug, so it is no longer a look-alike to guard against.
LOOKALIKES = lookalikes()
MISSPELLINGS = entries("misspellings")
SPELLING_KINDS = ("typo", "spelling", "case")


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    from dmtx.knowledge import load

    return load(BUNDLED)


def _answer(knowledge: Knowledge, name: str) -> Answer:
    """What `dmtx drug NAME` decides, in process: the drug shown, or the error's lines."""
    try:
        match = find_drug(knowledge, name)
    except NotFound as exc:
        offered = f"Did you mean: {', '.join(exc.suggestions)}?" if exc.suggestions else exc.hint
        return Answer(1, "", f"{exc}\n{offered}")
    head = f"{match.related.name} is not {match.drug.name}." if match.related else ""
    return Answer(0, f"{match.drug.name}\n{head}", "")


def test_the_sets_are_big_enough_and_sourced() -> None:
    assert len(LOOKALIKES) >= 40
    assert all(item["source"] and item["looks_like"] for item in LOOKALIKES)
    assert all(item["source"] for item in MISSPELLINGS)


@pytest.mark.parametrize("item", LOOKALIKES, ids=[i["name"] for i in LOOKALIKES])
def test_a_look_alike_never_gets_one_of_ours(knowledge: Knowledge, item: dict[str, str]) -> None:
    assert unsafe(item["name"], _answer(knowledge, item["name"])) == ""


def test_the_rule_alone_is_safe_for_every_look_alike_the_data_does_not_list(knowledge: Knowledge) -> None:
    """Without the confusables list, the slip rule itself (no sound, no family crossing) must hold."""
    listed = {normalize(c.name) for c in knowledge.confusables}
    bare = knowledge._replace(confusables=())
    apart = [i["name"] for i in LOOKALIKES if normalize(i["name"]) not in listed]
    assert len(apart) >= 40
    assert [(name, why) for name in apart if (why := unsafe(name, _answer(bare, name)))] == []


def test_real_misspellings_find_the_right_drug(knowledge: Knowledge) -> None:
    names = ours_by_name()
    real = [i for i in MISSPELLINGS if not i.get("synthetic") and any(k in i["kind"] for k in SPELLING_KINDS)]
    found = [i["text"] for i in real if found_right(i["text"], i["drug"], _answer(knowledge, i["text"]), names)]
    # 19 of the 30 seen items are spellings (the rest are slang, short forms, old names, foreign brands).
    assert len(real) >= 19
    assert len(found) >= len(real) - 1, sorted({i["text"] for i in real} - set(found))


@pytest.mark.parametrize(
    ("typed", "name", "slip"),
    [
        ("cetuximab", "rituximab", False),  # same -ximab stem, another start: another antibody
        ("siltuximab", "rituximab", False),
        ("rituxamab", "rituximab", True),  # a slip inside our own name
        ("sirolimus", "tacrolimus", False),
        ("baricitinib", "tofacitinib", False),
        ("tofacititinib", "tofacitinib", True),
        ("gamunex d", "gamunex c", False),  # another short brand suffix is another product
        ("carimune nf", "carimune nf", True),
        ("mycophenolate mofitil", "mycophenolate mofetil", True),
        ("micofenolato", "mycophenolate", True),  # its Spanish name: ph is read as f, then two vowel slips
    ],
)
def test_slips_never_cross_a_family_or_rest_on_sound(typed: str, name: str, slip: bool) -> None:
    assert (slip_edits(typed, name) is not None) is slip


OURS = {"neoral": ("cyclosporine", "Neoral"), "imuran": ("azathioprine", "Imuran")}


@pytest.mark.parametrize(
    ("typed", "others", "expected"),
    [
        ("nioral", ["Nizoral"], Closest(("Neoral",), ("Nizoral",))),  # 1 edit from each: a tie names both
        ("nioral", ["Nxzxral"], Closest(("Neoral",), ())),  # the other drug is farther: ours is offered
        ("imuron", ["Imuron"], Closest((), ("Imuron",))),  # closer to the other drug: nothing of ours
    ],
)
def test_the_one_tie_rule(typed: str, others: list[str], expected: Closest) -> None:
    found = closest(typed, OURS, avoid=others)
    assert found == expected
    best = min(slip_edits(typed, k) or 0 for k in OURS if slip_edits(typed, k) is not None)
    import jellyfish

    # Ours is offered alone only when every other real drug is farther; at <= it is named, never offered.
    if found.others:
        assert all(jellyfish.damerau_levenshtein_distance(typed, normalize(o)) <= best for o in found.others)


def test_a_tie_is_said_with_both_names(dmtx: Dmtx) -> None:
    result = dmtx("drug", "Nioral")
    assert_clean_error(result, 1, "nioral", "MedlinePlus")
    first = result.stderr.splitlines()[0]
    assert "Neoral (cyclosporine)" in first and "Nizoral" in first and "different drugs" in first
    assert "Did you mean" not in result.stderr


@pytest.mark.parametrize("name", ["Myfortic", "mycophenolic acid"])
def test_myfortic_is_a_related_drug_never_a_brand(dmtx: Dmtx, name: str) -> None:
    out = " ".join(dmtx("drug", name).stdout.split())
    assert f"{name} is not mycophenolate mofetil." in out
    assert "brand name" not in out.split("Other names", 1)[0]
    assert "Myfortic (a brand" not in out


@pytest.mark.parametrize(
    ("typed", "drug"),
    [
        ("hydroxychloroquine sulfate", "hydroxychloroquine"),
        ("Hydroxychloroquine Sulfate 200 mg tablets", "hydroxychloroquine"),
        ("tofacitinib citrate", "tofacitinib"),
        ("methotrexate sodium", "methotrexate"),
        ("Methotrexate Sodium 2.5 mg", "methotrexate"),
        ("methylprednisolone sodium succinate", "methylprednisolone"),
        ("rituximab-abbs", "rituximab"),
        ("Rituximab-arrx", "rituximab"),
        ("rituximab pvvr", "rituximab"),
    ],
)
def test_the_full_name_on_a_us_label_finds_its_drug(knowledge: Knowledge, typed: str, drug: str) -> None:
    """What a patient reads off the bottle or the infusion bag (source 112), not only the short name."""
    assert find_drug(knowledge, typed).drug.id == drug


def test_mycophenolate_sodium_is_shown_as_a_different_drug_not_as_mycophenolate_mofetil(dmtx: Dmtx) -> None:
    """Myfortic's other name: its page warns first, as for Myfortic itself; never 'another name for' CellCept's drug."""
    out = dmtx("drug", "mycophenolate sodium", "--plain").stdout
    assert "Warning: mycophenolate sodium is not mycophenolate mofetil." in out
    assert "another name for" not in out.split("In short")[0]


@pytest.mark.parametrize(("typed", "related"), [("Pred Forte 1%", "Pred Forte"), ("Myfortic 360 mg", "Myfortic")])
def test_a_related_drug_with_a_strength_is_warned_about_before_anything_else(
    dmtx: Dmtx, typed: str, related: str
) -> None:
    """The strength line never says 'Showing prednisone' before the warning that this is another drug."""
    out = " ".join(dmtx("drug", typed, "--plain").stdout.split())
    page = out.split("In short")[0]
    assert page.index(f"Warning: {related} is not") < page.index("does not check doses")
    assert "Showing" not in page


@pytest.mark.parametrize("typed", ["prevagen", "Prevagen 10mg"])
def test_prevagen_a_supplement_is_never_offered_privigen_an_ivig(dmtx: Dmtx, typed: str) -> None:
    """'dmtx drug prevagen' said 'Did you mean: Privigen?' and search read it as privigen (source 114)."""
    result = dmtx("drug", typed)
    assert_clean_error(result, 1, "It is not the same drug as Privigen")
    assert "Did you mean" not in result.stderr
    found = dmtx("search", "prevagen", "--no-color")
    assert "read as privigen" not in found.stdout + found.stderr and "topic 6" not in found.stdout

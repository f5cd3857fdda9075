"""Issue #25: drug names as written on labels and bottles ("Imuran 50mg", "prednisone 20 mg")."""

from __future__ import annotations

import pytest
from test_name_safety import LOOKALIKES, _answer

from dmtx.labelwords import schedule_days
from dmtx.lookup import find_drug, split_label
from dmtx.model import Knowledge

from conftest import BUNDLED, Dmtx, assert_clean_error
from name_sets import entries, unsafe

WEEKLY_ONLY = "Taking it every day by mistake"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    from dmtx.knowledge import load

    return load(BUNDLED)


@pytest.mark.parametrize(
    ("typed", "generic", "aside"),
    [
        ("Imuran 50mg", "azathioprine", "50mg"),
        ("prednisone 20 mg", "prednisone", "20 mg"),
        ("methotrexate 2.5 mg tablets", "methotrexate", "2.5 mg tablets"),
        ("methotrexate 25 mg/mL injection", "methotrexate", "25 mg/mL injection"),
        ("CellCept 500 mg tablet", "mycophenolate mofetil", "500 mg tablet"),
        ("Plaquenil 200mg oral", "hydroxychloroquine", "200mg oral"),
        ("tacrolimus 0.1% ointment", "tacrolimus", "0.1% ointment"),
        ("Otrexup 15 mg pen", "methotrexate", "15 mg pen"),
        ("Envarsus XR 1 mg", "tacrolimus", "1 mg"),
    ],
)
def test_a_name_with_a_strength_or_form_shows_the_drug_and_says_so(
    dmtx: Dmtx, typed: str, generic: str, aside: str
) -> None:
    result = dmtx("drug", typed, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == generic
    assert f"Showing {generic}. dmtx does not check doses, so it leaves out {aside!r}." in result.stdout
    assert WEEKLY_ONLY not in result.stdout


def test_a_plain_name_gets_no_such_line(dmtx: Dmtx) -> None:
    assert "does not check doses" not in dmtx("drug", "Imuran").stdout


@pytest.mark.parametrize(
    "typed", ["methotrexate 10 mg daily", "MTX 7.5mg every other day", "Trexall 2.5 mg twice a week"]
)
def test_a_daily_methotrexate_schedule_gets_the_journals_warning(dmtx: Dmtx, knowledge: Knowledge, typed: str) -> None:
    warning = knowledge.drug("methotrexate").schedule_warning
    assert warning is not None
    result = dmtx("drug", typed, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.stderr
    first = result.stdout.split("\n\n")[1]
    assert first.startswith("Warning: You wrote"), first
    # the journal's words, after its first sentence
    assert warning.text.split(". ", 1)[1] in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    "typed", ["methotrexate 15 mg weekly", "methotrexate 15 mg once a week", "prednisone 20 mg daily"]
)
def test_a_usual_schedule_gets_no_warning(dmtx: Dmtx, typed: str) -> None:
    result = dmtx("drug", typed)
    assert result.exit_code == 0 and "Warning: You wrote" not in result.stdout


def test_the_checklist_and_the_journal_read_label_names_and_warn(dmtx: Dmtx, tmp_path: object) -> None:
    made = dmtx("checklist", "-d", "methotrexate 10 mg daily", "-f", "text")
    assert made.exit_code == 0 and "methotrexate" in made.stdout.lower()
    assert WEEKLY_ONLY in made.stderr
    assert "The checklist is made without it" not in dmtx("checklist", "-d", "Imuran 50mg", "-f", "text").stderr
    journal = f"{tmp_path}/j.sqlite"
    added = dmtx("journal", "add", "dose", "methotrexate daily", "10", "mg", "--journal-file", journal)
    assert added.exit_code == 0 and "in this guide it is methotrexate" in added.stdout
    assert WEEKLY_ONLY in added.stderr


@pytest.mark.parametrize(
    ("typed", "phrases"),
    [
        ("Imdur 30 mg", ["Imdur is not in this guide", "not the same drug as Imuran"]),
        ("Imurn 50 mg", ["No drug called 'Imurn'", "Did you mean: Imuran?"]),
        ("50 mg", ["No drug called '50 mg'"]),
    ],
)
def test_the_name_part_is_judged_by_the_name_rules(dmtx: Dmtx, typed: str, phrases: list[str]) -> None:
    assert_clean_error(dmtx("drug", typed), 1, *phrases)


@pytest.mark.parametrize("tail", ["50 mg", "20mg tablets", "10 mg daily"])
def test_a_look_alike_with_a_strength_never_gets_one_of_ours(knowledge: Knowledge, tail: str) -> None:
    bad = [i["name"] for i in LOOKALIKES if unsafe(i["name"], _answer(knowledge, f"{i['name']} {tail}"))]
    assert bad == []


def test_misspellings_with_a_strength_get_the_same_answer(knowledge: Knowledge) -> None:
    """The same drug, or the same suggestions and pointers, as the name alone."""
    items = entries("misspellings")
    assert len(items) >= 40
    for item in items:
        assert _answer(knowledge, f"{item['text']} 20 mg") == _answer(knowledge, item["text"]), item["text"]


def test_a_strength_that_is_part_of_a_products_name_stays(knowledge: Knowledge) -> None:
    """Octagam 5% and Octagam 10% are different products: a name with its strength is kept whole."""
    ivig = knowledge.drug("ivig")
    ten = ivig._replace(id="octagam-ten", name="Octagam 10%", other_names=(), related=())
    both = knowledge._replace(drugs=(*knowledge.drugs, ten))
    assert find_drug(both, "Octagam 10%").drug.id == "octagam-ten"
    whole = find_drug(both, "Octagam 10% 20 g vial")
    assert (whole.drug.id, whole.set_aside) == ("octagam-ten", "20 g vial")
    five = find_drug(both, "Octagam 5%")
    assert (five.drug.id, five.set_aside) == ("ivig", "5%")


def test_split_label_takes_only_label_words_off_the_end() -> None:
    index = {"imuran": None, "gamunex c": None}
    assert split_label("Imuran 50mg", index) == ("Imuran", "50mg")  # type: ignore[arg-type]
    assert split_label("Gamunex-C 10% 1 g", index) == ("Gamunex-C", "10% 1 g")  # type: ignore[arg-type]
    assert split_label("Imuran", index) is None  # type: ignore[arg-type]
    assert split_label("50 mg", index) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("10 mg daily", 1),
        ("once a week", 7),
        ("twice a week", 3),
        ("every 2 weeks", 14),
        ("every other day", 2),
        ("bid", 1),
        ("20 mg", None),
        ("monthly", 28),
        ("everyday", 1),
        ("every 12 hours", 1),
        ("tds", 1),
        ("at bedtime", 1),
        ("weekdays", 1),
        ("2/wk", 3),
        ("2x/week", 3),
        ("q12h", 1),
        ("qod", 2),
        ("q7d", 7),
        ("every monday", 7),
        ("weekly on friday", 7),
        ("mon and thu", 3),
    ],
)
def test_schedule_days(text: str, days: int | None) -> None:
    assert schedule_days(text) == days


@pytest.mark.parametrize(
    "schedule", ["everyday", "every 12 hours", "tds", "weekdays", "at bedtime", "2/wk", "q12h", "qod", "mon and thu"]
)
def test_methotrexate_with_an_everyday_schedule_opens_on_the_warning(dmtx: Dmtx, schedule: str) -> None:
    """'dmtx drug "methotrexate everyday"' said 'No drug called ... is in this guide'."""
    result = dmtx("drug", f"methotrexate {schedule}", "--no-color")
    assert result.exit_code == 0, result.stderr
    assert f"Warning: You wrote '{schedule}': that is more often than once a week." in " ".join(result.stdout.split())


def test_the_console_scripts_fast_path_reads_label_names_too() -> None:
    from conftest import run_process

    result = run_process("drug", "Imuran", "50mg")
    assert result.exit_code == 0, result.stderr
    assert "Showing azathioprine. dmtx does not check doses, so it leaves out '50mg'." in " ".join(
        result.stdout.split()
    )
    warned = run_process("drug", "methotrexate", "10", "mg", "daily")
    assert "You wrote '10 mg daily'" in " ".join(warned.stdout.split())


@pytest.mark.parametrize("schedule", ["2.5 mg every monday", "15 mg weekly on friday", "q7d"])
def test_methotrexate_once_a_week_on_its_day_opens_without_the_warning(dmtx: Dmtx, schedule: str) -> None:
    """'methotrexate 2.5 mg every monday' said 'No drug called ... is in this guide'."""
    result = dmtx("drug", f"methotrexate {schedule}", "--no-color")
    assert result.exit_code == 0, result.stderr
    assert "Showing methotrexate" in result.stdout and "more often than once a week" not in result.stdout


@pytest.mark.parametrize(
    ("typed", "drug"),
    [
        ("Methotrexate Tablets, USP 2.5 mg", "methotrexate"),
        ("predniSONE 5 mg tablet take 1 tablet by mouth daily", "prednisone"),
        ("Imuran as directed", "azathioprine"),
    ],
)
def test_a_name_as_a_bottle_or_a_pharmacy_label_prints_it_is_found(knowledge: Knowledge, typed: str, drug: str) -> None:
    """'USP', 'take ... by mouth' and 'as directed' follow the name on US bottles; they said 'No drug called'."""
    assert find_drug(knowledge, typed).drug.id == drug

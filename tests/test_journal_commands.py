"""dmtx/journal/commands.py in the test process: the answers a patient gets at the edges of the
journal commands (an empty journal, nothing to ask, a folder or a device given as a file, a backup
onto the journal itself), each one sentence with its exit code and nothing written."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

import pytest

from dmtx.errors import UsageProblem

from conftest import Dmtx, Terminal, assert_clean_error


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the journal goes (DMTX_JOURNAL); the file is not made until an entry is added."""
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    return path


def add_ck(dmtx: Dmtx, value: str = "500") -> None:
    result = dmtx("journal", "add", "ck", value, "--date", "2026-01-01")
    assert result.exit_code == 0, result.stderr


EMPTY_LIST = "Your journal is empty. Add a first entry, e.g.: dmtx journal add ck 850\n"


def test_the_list_of_a_journal_not_made_yet_says_how_to_start_and_makes_no_file(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "list")
    assert (result.exit_code, result.stdout, result.stderr) == (0, EMPTY_LIST, "")
    assert not journal.exists()


def test_the_list_of_a_journal_whose_entries_were_all_deleted_says_the_same(dmtx: Dmtx, journal: Path) -> None:
    add_ck(dmtx)
    assert dmtx("journal", "delete", "1", "--yes").exit_code == 0
    result = dmtx("journal", "list")
    assert (result.exit_code, result.stdout) == (0, EMPTY_LIST)


def test_deleting_from_a_journal_not_made_yet_is_not_found(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "delete", "1", "--yes")
    assert_clean_error(result, 1)
    assert result.stderr == "dmtx: There is no entry 1: the journal is empty.\n"
    assert not journal.exists()


def test_a_delete_with_no_one_to_ask_deletes_nothing(
    dmtx: Dmtx, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Standard input closed (not just empty): dmtx cannot ask, so it says to add --yes."""
    add_ck(dmtx)
    before = journal.read_bytes()
    from dmtx.journal import commands

    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    with pytest.raises(UsageProblem) as refused:
        commands.delete(None, entry_id=1, yes=False)
    assert str(refused.value) == "Nothing was deleted: there is no one to ask. Add --yes to delete without asking."
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(UsageProblem, match="there is no one to ask"):
        commands.delete(None, entry_id=1, yes=False)
    assert journal.read_bytes() == before


@pytest.mark.parametrize(("answer", "deleted"), [("y\n", True), ("YES\n", True), ("n\n", False), ("\n", False)])
def test_a_delete_asks_first_and_only_yes_deletes(dmtx: Dmtx, journal: Path, answer: str, deleted: bool) -> None:
    add_ck(dmtx)
    result = dmtx("journal", "delete", "1", input=answer)
    assert result.exit_code == 0
    assert "Delete entry 1 (2026-01-01, CK 500 U/L)? [y/N] " in result.stderr
    expected = "Deleted entry 1 (2026-01-01, CK 500 U/L).\n" if deleted else "Nothing was deleted.\n"
    assert result.stdout == expected
    assert ("CK" in dmtx("journal", "list").stdout) is not deleted


def test_a_backup_of_a_journal_not_made_yet_says_there_is_nothing(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    result = dmtx("journal", "backup", str(tmp_path / "copy.sqlite3"))
    assert_clean_error(result, 1)
    assert result.stderr == "dmtx: There is nothing to back up: the journal is empty.\n"
    assert not (tmp_path / "copy.sqlite3").exists() and not journal.exists()


@pytest.mark.parametrize("force", [False, True])
def test_a_backup_onto_the_journal_itself_is_refused_even_with_force(dmtx: Dmtx, journal: Path, force: bool) -> None:
    add_ck(dmtx)
    before = journal.read_bytes()
    result = dmtx("journal", "backup", str(journal), *(["--force"] if force else []))
    assert_clean_error(result, 2)
    assert result.stderr == "dmtx: The backup must go to another file than the journal itself.\n"
    assert journal.read_bytes() == before


def test_a_backup_counts_its_entries_in_words(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    add_ck(dmtx)
    copy = tmp_path / "copy.sqlite3"
    result = dmtx("journal", "backup", str(copy))
    assert result.exit_code == 0 and result.stderr == f"dmtx: Backed up 1 entry to {copy}.\n"
    assert copy.read_bytes().startswith(b"SQLite format 3\x00")


def test_importing_a_folder_says_it_is_a_folder(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    """Python's fdopen refuses a folder with its own error, which once came out as 'Cannot write output'."""
    add_ck(dmtx)
    before = journal.read_bytes()
    folder = tmp_path / "exports"
    folder.mkdir()
    result = dmtx("journal", "import", str(folder))
    assert_clean_error(result, 2)
    assert result.stderr == f"dmtx: {folder} is a folder, not a file to import.\n"
    assert journal.read_bytes() == before


def test_importing_a_device_is_refused_without_waiting_on_it(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "import", "/dev/null")
    assert_clean_error(result, 2)
    assert result.stderr == "dmtx: /dev/null is not a regular file; import a file made by 'dmtx journal export'.\n"
    assert not journal.exists()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (["15mg"], "methotrexate 15 mg"),
        (["15MG"], "methotrexate 15 mg"),
        (["2.5mg"], "methotrexate 2.5 mg"),
        (["15", "mg"], "methotrexate 15 mg"),
        (["15 mg"], "methotrexate 15 mg"),
        (["2g/kg"], "methotrexate 2 g/kg"),
        # How often written into the unit, as prescriptions write it; 'mg/kg' alone stays a unit.
        (["15", "mg/week"], "methotrexate 15 mg a week"),
        (["15mg/wk"], "methotrexate 15 mg a week"),
        (["1", "mg/kg/day"], "methotrexate 1 mg/kg a day"),
        (["2", "g/kg"], "methotrexate 2 g/kg"),
    ],
)
def test_a_dose_typed_as_printed_is_read_as_amount_unit_and_how_often(
    dmtx: Dmtx, journal: Path, typed: list[str], kept: str
) -> None:
    """'15mg' in one word, '15 mg/week' and a child's '1 mg/kg/day' as prescriptions write them."""
    result = dmtx("journal", "add", "dose", "methotrexate", *typed, "--date", "2026-01-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Added entry 1: {kept} on 2026-01-01.\n"


def test_a_glued_unit_still_gets_the_daily_methotrexate_warning(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "add", "dose", "methotrexate", "15mg", "--per", "day")
    assert result.exit_code == 0 and "WARNING: Your journal records it more often than once a week." in result.stderr


@pytest.mark.parametrize("typed", [["40"], ["40mgs"], ["40kg"]])
def test_a_dose_without_a_unit_dmtx_knows_is_refused_saying_what_to_add(
    dmtx: Dmtx, journal: Path, typed: list[str]
) -> None:
    result = dmtx("journal", "add", "dose", "prednisone", *typed)
    assert_clean_error(result, 2)
    assert result.stderr == "dmtx: Give the unit after the amount, e.g. 40 mg (mg, g, mcg, ml, units, mg/kg, g/kg).\n"
    assert not journal.exists()


@pytest.mark.parametrize("typed", [["850"], ["850", "U/L"], ["850U/L"], ["850 u/l"], ["850", "IU/L"]])
def test_a_ck_result_typed_with_its_unit_is_the_same_entry_as_without(
    dmtx: Dmtx, journal: Path, typed: list[str]
) -> None:
    """Copied from the lab's letter ("CK 850 U/L"): kept as the number alone, so it is one entry, not two."""
    assert dmtx("journal", "add", "ck", "850", "--date", "2026-01-01").exit_code == 0
    result = dmtx("journal", "add", "ck", *typed, "--date", "2026-01-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Already in your journal as entry 1: CK 850 U/L on 2026-01-01.")


@pytest.mark.parametrize(("typed", "unit"), [(["850", "ukat/L"], "'ukat/L'"), (["850", "mg"], "'mg'")])
def test_a_ck_result_in_another_unit_is_refused_never_converted(
    dmtx: Dmtx, journal: Path, typed: list[str], unit: str
) -> None:
    result = dmtx("journal", "add", "ck", *typed)
    assert_clean_error(result, 2)
    assert result.stderr == f"dmtx: CK is kept in U/L, not {unit}; give the number in U/L.\n"
    assert not journal.exists()


def test_a_lab_result_typed_with_its_unit_in_one_word_is_kept_in_u_per_litre(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "add", "lab", "ast", "40U/L", "--date", "2026-01-01")
    assert result.exit_code == 0 and result.stdout == "Added entry 1: AST 40 U/L on 2026-01-01.\n"
    apart = dmtx("journal", "add", "lab", "ALT", "41", "IU/L", "--date", "2026-01-01")
    assert apart.exit_code == 0 and apart.stdout == "Added entry 2: ALT 41 U/L on 2026-01-01.\n", apart.stderr
    refused = dmtx("journal", "add", "lab", "ast", "40mmol/L")
    assert_clean_error(refused, 2)


@pytest.mark.parametrize(
    ("words", "drawn"),
    [
        (["CK"], "CK (U/L)"),
        (["Ck"], "CK (U/L)"),
        (["Weakness"], "Weakness (0-10)"),
        (["SCORE", "weakness"], "Weakness (0-10)"),
        (["AST"], "AST (U/L)"),
    ],
)
def test_a_chart_is_asked_for_in_any_case(dmtx: Dmtx, journal: Path, words: list[str], drawn: str) -> None:
    """'journal chart CK' said 'Choose what to draw' while 'chart AST' and 'chart Weakness' drew."""
    for args in (["ck", "850"], ["score", "weakness", "5"], ["lab", "ast", "40"]):
        assert dmtx("journal", "add", *args, "--date", "2026-01-01").exit_code == 0
    result = dmtx("journal", "chart", *words, "--no-color")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{drawn}, 2026-01-01")


def test_a_chart_of_ck_with_more_words_is_refused(dmtx: Dmtx, journal: Path) -> None:
    assert_clean_error(dmtx("journal", "chart", "ck", "extra"), 2, "Choose what to draw: ck, stand")


@pytest.mark.parametrize("words", [[""], [" "], ["score", ""], ["", "ck"]])
def test_a_chart_of_a_blank_word_is_refused_not_drawn_as_ck(dmtx: Dmtx, journal: Path, words: list[str]) -> None:
    """A script's empty variable ('journal chart "$WHAT"') drew CK as if nothing were typed."""
    assert dmtx("journal", "add", "ck", "850", "--date", "2026-01-01").exit_code == 0
    assert_clean_error(dmtx("journal", "chart", *words), 2, "Choose what to draw: ck, stand")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (["15", "mg", "weekly"], "methotrexate 15 mg a week"),
        (["15mg", "weekly"], "methotrexate 15 mg a week"),
        (["15", "mg", "a", "week"], "methotrexate 15 mg a week"),
        (["15", "mg", "once", "a", "week"], "methotrexate 15 mg a week"),
        (["15", "mg", "per", "week"], "methotrexate 15 mg a week"),
        (["15", "mg", "every", "2", "weeks"], "methotrexate 15 mg every 2 weeks"),
        (["15", "mg", "--per", "weekly"], "methotrexate 15 mg a week"),
        (["15", "mg", "--every", "a week"], "methotrexate 15 mg a week"),
    ],
)
def test_how_often_may_follow_the_dose_in_everyday_words(
    dmtx: Dmtx, journal: Path, typed: list[str], kept: str
) -> None:
    result = dmtx("journal", "add", "dose", "methotrexate", *typed, "--date", "2026-01-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Added entry 1: {kept} on 2026-01-01.\n"
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    "typed",
    [
        ["15", "mg", "daily"],
        ["15mg", "a", "day"],
        ["15", "mg", "every", "day"],
        ["15", "mg", "once", "daily"],
        ["15", "mg", "nightly"],
        ["15", "mg", "every", "morning"],
        ["15", "mg", "--every", "each night"],
    ],
)
def test_daily_methotrexate_typed_in_words_is_kept_and_warned_about(
    dmtx: Dmtx, journal: Path, typed: list[str]
) -> None:
    """Once refused as 'unexpected extra argument', so the daily mistake was never recorded or warned about."""
    result = dmtx("journal", "add", "dose", "methotrexate", *typed, "--date", "2026-01-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Added entry 1: methotrexate 15 mg a day on 2026-01-01.\n"
    assert "WARNING: Your journal records it more often than once a week." in result.stderr


TWICE = "Say how often once: in words after the dose, in the unit (mg/week), or with --per or --every."


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            ["40", "mg", "sometimes"],
            'How often must be daily, weekly, monthly, or every N days, weeks or months (e.g. "every 2 weeks"), '
            "not 'sometimes'.",
        ),
        (
            ["40", "mg", ""],  # an empty word, as a script's empty variable gives it: never a dose with no schedule
            "How often must be daily, weekly, monthly, or every N days, weeks or months (e.g. \"every 2 weeks\"), not ''.",
        ),
        (["40", "mg", "daily", "--per", "day"], TWICE),
        (["40", "mg", "daily", "--every", "2 days"], TWICE),
    ],
)
def test_how_often_that_cannot_be_read_or_is_given_twice_is_refused(
    dmtx: Dmtx, journal: Path, typed: list[str], said: str
) -> None:
    result = dmtx("journal", "add", "dose", "prednisone", *typed)
    assert_clean_error(result, 2)
    assert result.stderr == f"dmtx: {said}\n"
    assert not journal.exists()


def test_how_often_in_the_unit_and_in_words_is_refused(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "add", "dose", "methotrexate", "15", "mg/week", "weekly")
    assert_clean_error(result, 2, "Say how often once")
    assert_clean_error(
        dmtx("journal", "add", "dose", "prednisone", "5", "mg/d", "--per", "day"), 2, "Say how often once"
    )


def test_an_export_to_a_name_without_a_known_extension_says_which_format_it_wrote(
    dmtx: Dmtx, journal: Path, tmp_path: Path
) -> None:
    add_ck(dmtx)
    target = tmp_path / "mine.dat"
    result = dmtx("journal", "export", "-o", str(target))
    assert result.exit_code == 0
    assert result.stderr == (
        f"dmtx: Wrote {target} as csv (1 entry): its extension names no format (.csv .json); --format chooses one.\n"
    )
    assert target.read_text(encoding="utf-8").startswith("date,kind,")


def test_an_export_to_standard_output_is_the_file_itself(dmtx: Dmtx, journal: Path) -> None:
    add_ck(dmtx)
    for args in ([], ["-o", "-"]):
        result = dmtx("journal", "export", "--format", "csv", *args)
        assert result.exit_code == 0 and result.stderr == ""
        assert result.stdout.startswith("date,kind,") and "2026-01-01,ck," in result.stdout


@pytest.mark.parametrize(
    ("number", "said"),
    [
        ("9223372036854775807", "There is no entry 9223372036854775807 in the journal."),  # SQLite's largest
        ("9223372036854775808", "There is no entry 9223372036854775808 in the journal."),
        ("1" * 30, f"There is no entry {'1' * 30} in the journal."),
        ("1" * 31, f"There is no entry {'1' * 29}\u2026 in the journal."),
    ],
)
def test_deleting_a_number_no_entry_has_says_so_in_one_short_line(
    dmtx: Dmtx, journal: Path, number: str, said: str
) -> None:
    add_ck(dmtx)
    result = dmtx("journal", "delete", number, "--yes")
    assert_clean_error(result, 1)
    assert result.stderr == f"dmtx: {said}\n"


def test_the_journal_file_option_wins_over_dmtx_journal(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    assert dmtx("journal", "add", "ck", "700", "--date", "2026-01-01", "--journal-file", str(other)).exit_code == 0
    assert not journal.exists()
    exported = dmtx("journal", "export", "--format", "csv", "--journal-file", str(other)).stdout
    assert "2026-01-01,ck,,700" in exported
    assert dmtx("journal", "delete", "1", "--yes", "--journal-file", str(other)).exit_code == 0
    assert "Your journal is empty" in dmtx("journal", "list", "--journal-file", str(other)).stdout


def test_a_dry_run_lists_the_first_200_entries_and_counts_the_rest(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    rows = "".join(f"2025-{1 + n // 28:02d}-{1 + n % 28:02d},ck,{100 + n}\n" for n in range(201))
    big = tmp_path / "many.csv"
    big.write_text("date,kind,value\n" + rows, encoding="utf-8")
    result = dmtx("journal", "import", "--dry-run", str(big))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "  2025-01-01  CK 100 U/L" and lines[199] == "  2025-08-04  CK 299 U/L"
    assert lines[200:] == ["  ... and 1 more", "Would import 201 entries (--dry-run: nothing was written)."]
    assert not journal.exists()
    exactly = tmp_path / "two-hundred.csv"
    exactly.write_text("date,kind,value\n" + "".join(rows.splitlines(keepends=True)[:200]), encoding="utf-8")
    assert "more" not in dmtx("journal", "import", "--dry-run", str(exactly)).stdout


def test_where_says_whether_the_journal_exists_yet(dmtx: Dmtx, journal: Path) -> None:
    before = dmtx("journal", "where")
    assert before.stdout == f"{journal}\n"
    assert before.stderr == (
        "dmtx: The journal file ($DMTX_JOURNAL; not made yet; the first 'dmtx journal add' makes it).\n"
    )
    add_ck(dmtx)
    assert dmtx("journal", "where").stderr == "dmtx: The journal file ($DMTX_JOURNAL; exists).\n"


@pytest.mark.parametrize("typed", ["forty", "", "[/]"])
def test_an_amount_that_is_no_number_is_named_before_the_missing_unit(dmtx: Dmtx, journal: Path, typed: str) -> None:
    """'dmtx journal add dose prednisone forty' said to give the unit; the amount is what is wrong."""
    result = dmtx("journal", "add", "dose", "prednisone", typed)
    assert_clean_error(result, 2)
    assert result.stderr == f"dmtx: A dose must be a number such as 850 or 7.5, not {typed!r}.\n"
    assert not journal.exists()


METHOTREXATE_WARNING = "that is more often than once a week. For DM, methotrexate is usually taken once a week."


@pytest.mark.parametrize(
    ("name", "typed", "said"),
    [
        ("methotrexate", ["2.5", "mg", "twice", "a", "week"], "twice a week"),
        ("Trexall", ["5", "mg", "bid"], "bid"),
        ("MTX", ["7.5mg", "3", "times", "a", "week"], "3 times a week"),
        ("methotrexate", ["2.5", "mg", "--every", "twice a week"], "twice a week"),
        # Words the drug page's label reading does not know: the warning came only when it did.
        ("methotrexate", ["15", "mg", "every", "12", "hours"], "every 12 hours"),
        ("methotrexate", ["15", "mg", "tds"], "tds"),
        ("MTX", ["15", "mg", "q12h"], "q12h"),
    ],
)
def test_methotrexate_more_than_once_a_week_cannot_be_kept_and_is_still_warned_about(
    dmtx: Dmtx, journal: Path, name: str, typed: list[str], said: str
) -> None:
    """One entry cannot say 'twice a week', so it is refused; the daily-mistake warning must come all the same."""
    result = dmtx("journal", "add", "dose", name, *typed, "--date", "2026-01-01")
    assert_clean_error(result, 2)
    warning, refusal = result.stderr.splitlines()
    assert warning.startswith(f"dmtx: WARNING: You wrote {said!r}: {METHOTREXATE_WARNING}")
    assert refusal.startswith(f"dmtx: One journal entry keeps one dose and how long until the next one, so {said!r}")
    assert not journal.exists()


@pytest.mark.parametrize(
    ("name", "typed"),
    [("prednisone", ["5", "mg", "twice", "a", "day"]), ("methotrexate", ["5", "mg", "twice", "a", "month"])],
)
def test_more_than_once_in_a_span_gets_no_warning_where_none_is_due(
    dmtx: Dmtx, journal: Path, name: str, typed: list[str]
) -> None:
    """Prednisone has no schedule warning; methotrexate twice a month is two weeks apart, not more than weekly."""
    result = dmtx("journal", "add", "dose", name, *typed, "--date", "2026-01-01")
    assert_clean_error(result, 2)
    assert result.stderr.startswith("dmtx: One journal entry keeps one dose")
    assert "WARNING" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert not journal.exists()


# --------------------------------------------------------------------------- --journal-file in every command
# Every other test here chooses the journal with DMTX_JOURNAL; a command that lost the option's
# path on the way would still use the right file there. These give the option and point
# DMTX_JOURNAL at a file that must never be made.

OBSERVATION = (
    '{"resourceType": "Observation", "id": "ck1", "status": "final",'
    ' "code": {"coding": [{"system": "http://loinc.org", "code": "2157-6"}]},'
    ' "effectiveDateTime": "2026-01-05",'
    ' "valueQuantity": {"value": 850, "unit": "U/L", "system": "http://unitsofmeasure.org", "code": "U/L"}}'
)
HEALTH_RECORD = "apple_health_export/clinical-records/Observation-1.json"
CSV_HEADER = "date,kind,name,value,unit,per,course,range,drug,origin,note"


def health_export(path: Path, *, padding: int = 0) -> Path:
    """An Apple Health export.zip holding one CK result, and `padding` bytes of other (stored) files."""
    import zipfile

    with zipfile.ZipFile(path, "w") as made:
        made.writestr(HEALTH_RECORD, OBSERVATION)
        if padding:
            made.writestr("apple_health_export/export.xml", bytes(padding), compress_type=zipfile.ZIP_STORED)
    return path


@pytest.fixture
def chosen(journal: Path, tmp_path: Path) -> Path:
    """The journal named with --journal-file; DMTX_JOURNAL (the `journal` fixture) names another."""
    return tmp_path / "chosen.sqlite3"


def in_chosen(dmtx: Dmtx, chosen: Path, *args: str) -> str:
    result = dmtx(*args, "--journal-file", str(chosen))
    assert result.exit_code == 0, result.stderr
    return result.stdout


WRITES = {
    "ck": (["journal", "add", "ck", "850", "--date", "2026-01-02"], "2026-01-02,ck,,850,"),
    "dose": (["journal", "add", "dose", "prednisone", "40", "mg", "--note", "after breakfast"], "after breakfast"),
    "score": (["journal", "add", "score", "weakness", "6"], ",score,weakness,6"),
    "note": (["journal", "add", "note", "tired today"], "tired today"),
    "visit": (["journal", "add", "visit", "--note", "Dr Ray"], ",visit,,,,,,,,,Dr Ray"),
}


@pytest.mark.parametrize("what", list(WRITES))
def test_each_add_writes_the_journal_file_named_and_keeps_its_note(
    dmtx: Dmtx, journal: Path, chosen: Path, what: str
) -> None:
    args, kept = WRITES[what]
    in_chosen(dmtx, chosen, *args)
    assert kept in in_chosen(dmtx, chosen, "journal", "export", "--format", "csv")
    assert not journal.exists()


@pytest.mark.parametrize("kind", ["csv", "fhir", "zip", "zip on standard input"])
def test_each_import_writes_the_journal_file_named(
    dmtx: Dmtx, journal: Path, chosen: Path, tmp_path: Path, kind: str
) -> None:
    if kind == "csv":
        source = tmp_path / "old.csv"
        source.write_text(f"{CSV_HEADER}\n2026-01-05,ck,,850,,,,,,,\n", encoding="utf-8")
    elif kind == "fhir":
        source = tmp_path / "result.json"
        source.write_text(OBSERVATION, encoding="utf-8")
    else:
        source = health_export(tmp_path / "export.zip")
    if kind == "zip on standard input":
        result = dmtx("journal", "import", "-", "--journal-file", str(chosen), input=source.read_bytes())  # type: ignore[arg-type]
        assert result.exit_code == 0, result.stderr
    else:
        in_chosen(dmtx, chosen, "journal", "import", str(source))
    assert "2026-01-05,ck,,850" in in_chosen(dmtx, chosen, "journal", "export", "--format", "csv")
    assert not journal.exists()


def test_the_reading_commands_read_the_journal_file_named(
    dmtx: Dmtx, journal: Path, chosen: Path, tmp_path: Path
) -> None:
    in_chosen(dmtx, chosen, "journal", "add", "ck", "850", "--date", "2026-01-02")
    in_chosen(dmtx, chosen, "journal", "add", "visit", "--date", "2026-01-03")
    assert "CK 850 U/L" in in_chosen(dmtx, chosen, "journal", "list")
    assert "850" in in_chosen(dmtx, chosen, "journal", "chart", "ck")
    copy = tmp_path / "copy.sqlite3"
    in_chosen(dmtx, chosen, "journal", "backup", str(copy))
    assert copy.stat().st_size > 0
    refused = dmtx("journal", "backup", str(chosen), "--journal-file", str(chosen))
    assert refused.stderr == "dmtx: The backup must go to another file than the journal itself.\n"
    in_chosen(dmtx, chosen, "journal", "delete", "1", "--yes")
    assert "CK" not in in_chosen(dmtx, chosen, "journal", "list")
    assert not journal.exists()


# --------------------------------------------------------------------------- lab results imported


def test_a_lab_import_says_what_it_added_on_one_line(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    source = tmp_path / "result.json"
    source.write_text(OBSERVATION, encoding="utf-8")
    tried = dmtx("journal", "import", str(source), "--dry-run")
    assert (tried.exit_code, tried.stderr) == (0, "")
    assert tried.stdout == (
        "  2026-01-05  CK 850 U/L\nWould add 1 lab result from FHIR R4. Nothing was written (--dry-run).\n"
    )
    assert not journal.exists()
    done = dmtx("journal", "import", str(source))
    assert (done.exit_code, done.stdout) == (0, "Imported 1 of 1 lab result from FHIR R4.\n")


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("bad.json", b'{"resourceType":"Bundle","entry":[', "is not valid FHIR JSON"),
        ("bad.xml", b'<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"><broken', "is not well-formed XML"),
        ("bad.zip", b"PK\x03\x04garbage", "is a damaged zip"),
    ],
)
def test_a_damaged_records_file_is_named_in_its_sentence(
    dmtx: Dmtx, journal: Path, tmp_path: Path, name: str, data: bytes, said: str
) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    result = dmtx("journal", "import", str(source))
    assert_clean_error(result, 2)
    assert result.stderr.startswith(f"dmtx: Nothing was imported: {source} {said}")
    if name == "bad.zip":
        piped = dmtx("journal", "import", "-", input=data)  # type: ignore[arg-type]
        assert piped.stderr.startswith("dmtx: Nothing was imported: - is a damaged zip")
    assert not journal.exists()


def test_a_health_export_larger_than_the_import_limit_is_still_read_from_its_file(
    dmtx: Dmtx, journal: Path, tmp_path: Path
) -> None:
    """Real exports carry hundreds of MiB of other files: a zip is read member by member, never whole."""
    from dmtx.journal.exchange import MAX_IMPORT_BYTES

    source = health_export(tmp_path / "export.zip", padding=MAX_IMPORT_BYTES + 1)
    assert source.stat().st_size > MAX_IMPORT_BYTES
    result = dmtx("journal", "import", str(source))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Imported 1 of 1 lab result")


# --------------------------------------------------------------------------- reading the file to import


def test_importing_a_pipe_nobody_writes_to_is_refused_at_once(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    """In this process: had dmtx waited for a writer, the helper below lets it go on and the test fails."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    returned = threading.Event()
    waited: list[bool] = []

    def free_a_waiting_reader() -> None:
        if returned.wait(timeout=20):
            return
        waited.append(True)
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    helper = threading.Thread(target=free_a_waiting_reader, daemon=True)
    helper.start()
    result = dmtx("journal", "import", str(fifo))
    returned.set()
    helper.join()
    assert not waited, "dmtx waited on the pipe"
    assert_clean_error(result, 2)
    assert result.stderr == f"dmtx: {fifo} is not a regular file; import a file made by 'dmtx journal export'.\n"


def test_a_file_to_import_is_read_up_to_the_limit_and_refused_past_it(tmp_path: Path) -> None:
    from dmtx.journal import commands

    limit = 2 * 1024 * 1024
    exact = tmp_path / "exact.csv"
    exact.write_bytes(b"x" * limit)
    assert commands._read_import(str(exact), limit) == exact.read_bytes()
    over = tmp_path / "over.csv"
    over.write_bytes(b"x" * (limit + 1))
    with pytest.raises(UsageProblem) as refused:
        commands._read_import(str(over), limit)
    assert str(refused.value) == f"Nothing was imported: {over} is larger than 2 MiB."
    assert commands._read_regular_file(str(over), 5) == b"xxxxx"
    assert len(commands._head(str(over))) == commands.SNIFF_BYTES


def test_standard_input_is_read_up_to_the_limit_and_refused_past_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from dmtx.journal import commands

    limit = 1024 * 1024
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"y" * limit)))
    assert commands._read_import("-", limit) == b"y" * limit
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"y" * (limit + 1))))
    with pytest.raises(UsageProblem) as refused:
        commands._read_import("-", limit)
    assert str(refused.value) == "Nothing was imported: - is larger than 1 MiB."


def test_standard_input_closed_or_unreadable_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    from dmtx.journal import commands

    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(UsageProblem) as refused:
        commands._read_import("-", 10)
    assert str(refused.value) == "Nothing was imported: standard input is closed."
    closed = io.TextIOWrapper(io.BytesIO(b""))
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    with pytest.raises(UsageProblem) as refused:
        commands._read_import("-", 10)
    assert str(refused.value).startswith("Nothing was imported: cannot read standard input (")


# --------------------------------------------------------------------------- export, backup, delete, chart


def test_an_export_to_dash_is_standard_output_and_makes_no_file(
    dmtx: Dmtx, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_ck(dmtx)
    monkeypatch.chdir(tmp_path)
    result = dmtx("journal", "export", "--format", "csv", "-o", "-")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(CSV_HEADER)
    assert "2026-01-01,ck,,500" in result.stdout
    assert not (tmp_path / "-").exists()


def test_a_backup_onto_a_file_there_is_refused_before_the_journal_is_looked_at(
    dmtx: Dmtx, journal: Path, tmp_path: Path
) -> None:
    """Even with no journal yet: the first thing wrong is the file that would be replaced."""
    target = tmp_path / "copy.sqlite3"
    target.write_text("mine", encoding="utf-8")
    result = dmtx("journal", "backup", str(target))
    assert_clean_error(result, 4)
    assert result.stderr == f"dmtx: {target} already exists; add --force to replace it.\n"
    assert target.read_text(encoding="utf-8") == "mine"


def test_a_backup_never_goes_into_a_device(dmtx: Dmtx, journal: Path) -> None:
    add_ck(dmtx)
    result = dmtx("journal", "backup", "/dev/null", "--force")
    assert_clean_error(result, 4)
    assert result.stderr == (
        "dmtx: Cannot write /dev/null: it is not a regular file, and private journal data goes only into a file of yours.\n"
    )


def test_deleting_the_largest_entry_number_of_an_empty_journal_says_it_is_empty(dmtx: Dmtx, journal: Path) -> None:
    from dmtx.journal.commands import MAX_ENTRY_ID

    result = dmtx("journal", "delete", str(MAX_ENTRY_ID), "--yes")
    assert result.stderr == f"dmtx: There is no entry {MAX_ENTRY_ID}: the journal is empty.\n"
    past = dmtx("journal", "delete", str(MAX_ENTRY_ID + 1), "--yes")
    assert past.stderr == "dmtx: There is no entry 9223372036854775808 in the journal.\n"


def test_a_chart_of_a_journal_not_made_yet_says_so_and_makes_no_file(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "chart", "ck")
    assert_clean_error(result, 1)
    assert result.stderr == "dmtx: There is nothing to draw: no CK values in the journal.\n"
    assert not journal.exists()


def test_a_chart_marks_the_visits_and_starts_where_asked(dmtx: Dmtx, journal: Path) -> None:
    for args in (
        ["ck", "500", "--date", "2026-01-01"],
        ["visit", "--date", "2026-02-01"],
        ["ck", "700", "--date", "2026-03-01"],
    ):
        assert dmtx("journal", "add", *args).exit_code == 0
    whole = dmtx("journal", "chart", "ck", env={"COLUMNS": "60"}).stdout
    assert whole.splitlines()[0] == "CK (U/L), 2026-01-01 to 2026-03-01"
    assert "2026-02-01 -- doctor's visit" in whole
    since = dmtx("journal", "chart", "ck", "--since", "2026-01-15", env={"COLUMNS": "60"}).stdout
    assert since.splitlines()[0] == "CK (U/L), 2026-02-01 to 2026-03-01"
    assert "2026-01-01" not in since and "doctor's visit" in since
    none = dmtx("journal", "chart", "ck", "--since", "2026-04-01")
    assert none.stderr == "dmtx: There is nothing to draw: no CK values in the journal since 2026-04-01.\n"


def test_a_chart_on_a_colour_terminal_is_drawn_by_rich(dmtx: Dmtx, journal: Path, on_terminal: Terminal) -> None:
    add_ck(dmtx, "500")
    assert dmtx("journal", "add", "ck", "700", "--date", "2026-02-01").exit_code == 0
    shown = on_terminal("journal", "chart", "ck", cols=60)
    assert shown.exit_code == 0, shown.stderr
    assert "\x1b[" in shown.stdout  # colour: Rich drew it
    assert "500" in shown.stdout and "700" in shown.stdout


# --------------------------------------------------------------------------- asking before a delete


class _Broken(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError("no room")


@pytest.mark.parametrize("stderr", ["closed", "failing"])
def test_a_delete_still_reads_the_answer_when_the_question_cannot_be_shown(
    dmtx: Dmtx, journal: Path, monkeypatch: pytest.MonkeyPatch, stderr: str
) -> None:
    from dmtx.journal import commands

    add_ck(dmtx)
    err = io.StringIO() if stderr == "closed" else _Broken()
    if stderr == "closed":
        err.close()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    assert commands.delete(None, entry_id=1, yes=False) == 0
    monkeypatch.undo()
    assert "CK" not in dmtx("journal", "list").stdout


def test_a_delete_whose_answer_cannot_be_read_deletes_nothing(
    dmtx: Dmtx, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dmtx.journal import commands

    add_ck(dmtx)

    class Unreadable(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            raise OSError("gone")

    monkeypatch.setattr(sys, "stdin", Unreadable())
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with pytest.raises(UsageProblem) as refused:
        commands.delete(None, entry_id=1, yes=False)
    assert str(refused.value) == "Nothing was deleted: no answer came. Add --yes to delete without asking."


# --------------------------------------------------------------------------- a dose's medicine name


def test_a_misspelled_medicine_is_refused_with_did_you_mean(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "add", "dose", "prednisome", "40", "mg")
    assert result.exit_code == 1
    assert result.stderr == "dmtx: No drug called 'prednisome' is in this guide.\ndmtx: Did you mean: prednisone?\n"
    assert not journal.exists()


def test_a_medicine_the_guide_does_not_cover_is_refused_offering_the_other_option_first(
    dmtx: Dmtx, journal: Path
) -> None:
    result = dmtx("journal", "add", "dose", "metformin", "500", "mg")
    assert result.exit_code == 1
    hint = result.stderr.splitlines()[1]
    assert hint.startswith(
        "dmtx: If it is a medicine this guide does not cover, add --other to keep the name as you typed it. Ask "
    )
    assert hint.endswith("https://medlineplus.gov/druginformation.html")
    assert not journal.exists()


def test_a_related_drug_is_refused_saying_it_is_not_ours(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "add", "dose", "mycophenolate sodium", "360", "mg")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("dmtx: mycophenolate sodium is not mycophenolate mofetil: ")
    assert "add --other to keep the name as you typed it." in result.stderr
    kept = dmtx("journal", "add", "dose", "mycophenolate sodium", "360", "mg", "--other")
    assert kept.stdout.startswith("Added entry 1: mycophenolate sodium 360 mg")


def test_an_import_keeps_a_related_or_unknown_name_as_written(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    source = tmp_path / "old.csv"
    source.write_text(
        f"{CSV_HEADER}\n2026-01-05,dose,mycophenolate sodium,360,mg,day,,,,,\n2026-01-06,dose,prednisome,5,mg,day,,,,,\n",
        encoding="utf-8",
    )
    result = dmtx("journal", "import", str(source))
    assert (result.exit_code, result.stdout) == (0, "Imported 2 of 2 entries.\n")
    listed = dmtx("journal", "list").stdout
    assert "mycophenolate sodium 360 mg a day" in listed and "prednisome 5 mg a day" in listed
    exported = dmtx("journal", "export", "--format", "csv").stdout.splitlines()
    # The drug column: empty for both (a related drug is not ours; a misspelling is not guessed).
    assert exported[1].startswith("2026-01-05,dose,mycophenolate sodium,360,mg,day,,,,")
    assert exported[2].startswith("2026-01-06,dose,prednisome,5,mg,day,,,,")


def test_an_import_matches_a_brand_to_the_guides_drug(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    source = tmp_path / "old.csv"
    source.write_text(f"{CSV_HEADER}\n2026-01-05,dose,Deltasone,5,mg,day,,,,,\n", encoding="utf-8")
    assert dmtx("journal", "import", str(source)).exit_code == 0
    exported = dmtx("journal", "export", "--format", "csv").stdout.splitlines()
    assert exported[1].startswith("2026-01-05,dose,Deltasone,5,mg,day,,,prednisone,")


def test_a_medicine_kept_with_other_gets_no_lookup(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "add", "dose", "foobarzine", "5", "mg", "--per", "day", "--other")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Added entry 1: foobarzine 5 mg a day")


def test_a_schedule_typed_in_the_name_gets_the_warning(dmtx: Dmtx, journal: Path) -> None:
    """'methotrexate daily' as the name, the dose kept weekly: the name still says daily."""
    result = dmtx("journal", "add", "dose", "methotrexate daily", "15", "mg", "--per", "week")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"dmtx: WARNING: You wrote 'daily': {METHOTREXATE_WARNING}")
    assert result.stderr.rstrip().endswith("Your journal holds it as you typed it.")


@pytest.mark.parametrize(("name", "said"), [("AST", "AST"), ("aldolase", "aldolase")])
def test_a_lab_result_that_is_no_number_names_the_lab_as_typed(dmtx: Dmtx, journal: Path, name: str, said: str) -> None:
    """Once "A ast value must be a number": the article and the case were wrong."""
    result = dmtx("journal", "add", "lab", name, "abc")
    assert_clean_error(result, 2)
    assert result.stderr == f"dmtx: The value for {said} must be a number such as 850 or 7.5, not 'abc'.\n"


def test_an_export_of_a_journal_not_made_yet_is_the_header_alone_and_makes_no_file(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "export", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, CSV_HEADER + "\n")
    assert not journal.exists()


def test_a_dry_run_of_a_health_export_writes_nothing(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    result = dmtx("journal", "import", str(health_export(tmp_path / "export.zip")), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("Nothing was written (--dry-run).\n")
    assert not journal.exists()


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("no-such-file.csv", "There is no file no-such-file.csv."),
        ("a" * 300, f"Cannot read {'a' * 300}: File name too long."),
        # A regular file whose reading fails (reading address 0 of a process's memory is an I/O error).
        ("/proc/self/mem", "Cannot read /proc/self/mem: Input/output error."),
    ],
)
def test_a_file_that_cannot_be_opened_or_read_is_one_sentence_naming_it(
    dmtx: Dmtx, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = dmtx("journal", "import", path)
    assert result.exit_code in (1, 2)
    assert result.stderr == f"dmtx: {said}\n"
    assert not journal.exists()


def test_standard_input_is_never_read_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """`yes | dmtx journal import -` must stop at the limit, not read for ever."""
    from dmtx.journal import commands

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            buffer[:] = b"y" * len(buffer)
            return len(buffer)

        def readall(self) -> bytes:
            raise AssertionError("asked to read everything")

    stdin = io.TextIOWrapper(io.BufferedReader(Endless()))
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(UsageProblem, match="is larger than 1 MiB"):
        commands._read_import("-", 1024 * 1024)


@pytest.mark.parametrize("unit", ["mg", "MG", "g"])
def test_a_unit_typed_twice_is_refused_saying_so(dmtx: Dmtx, journal: Path, unit: str) -> None:
    """'15mg mg' once said "A dose must be a number such as 850 or 7.5, not '15mg'"."""
    result = dmtx("journal", "add", "dose", "prednisone", "15mg", unit)
    assert_clean_error(result, 2)
    assert result.stderr == f"dmtx: The unit is given twice ('15mg' and {unit!r}): type it once, e.g. 15 mg.\n"
    assert not journal.exists()


IVIG = "intravenous immunoglobulin (IVIG)"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (["60", "mg", "daily", "for", "5", "days"], "prednisone 60 mg a day, over 5 days"),
        (["60", "mg", "daily", "x", "5", "days"], "prednisone 60 mg a day, over 5 days"),
        (["60mg", "daily", "x5", "days"], "prednisone 60 mg a day, over 5 days"),
        (["60", "mg", "for", "3", "days"], "prednisone 60 mg over 3 days"),
        (["60", "mg", "for", "3", "days", "--per", "day"], "prednisone 60 mg a day, over 3 days"),
        # A course shorter than the gap between doses, as IVIG is given.
        (["2", "g/kg", "every", "4", "weeks", "for", "5", "days"], f"{IVIG} 2 g/kg every 4 weeks, over 5 days"),
        (["2", "g/kg", "--every", "4 weeks", "--course", "5 days"], f"{IVIG} 2 g/kg every 4 weeks, over 5 days"),
        (["2", "g/kg", "weekly", "for", "6", "days"], f"{IVIG} 2 g/kg a week, over 6 days"),
    ],
)
def test_how_long_may_follow_how_often_in_words(dmtx: Dmtx, journal: Path, typed: list[str], kept: str) -> None:
    """A pulse 'daily for 5 days' was refused ('x 5 days' read as 'more than once'); it is a course."""
    name = IVIG if kept.startswith(IVIG) else "prednisone"
    result = dmtx("journal", "add", "dose", name, *typed, "--date", "2026-01-01")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Added entry 1: {kept} on 2026-01-01.\n"


def test_how_long_said_twice_is_refused(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "add", "dose", "prednisone", "60", "mg", "daily", "for", "5", "days", "--course", "5 days")
    assert_clean_error(result, 2)
    assert result.stderr == "dmtx: Say how long once: in words after the dose (for 5 days) or with --course.\n"
    assert not journal.exists()


def test_how_long_in_words_out_of_range_is_named_as_typed(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "add", "dose", "prednisone", "60", "mg", "daily", "for", "500", "days")
    assert_clean_error(result, 2)
    assert result.stderr == "dmtx: How long '500 days' is out of range: 1 to 366 days.\n"
    assert not journal.exists()


@pytest.mark.parametrize(
    ("typed", "span"),
    [
        (["weekly", "for", "8", "weeks"], "8 weeks"),
        (["every", "2", "weeks", "for", "3", "months"], "3 months"),
        (["--per", "week", "for", "8", "weeks"], "8 weeks"),
        (["--per", "week", "--course", "8 weeks"], "8 weeks"),
        (["weekly", "for", "7", "days"], "7 days"),
    ],
)
def test_how_long_a_treatment_goes_on_is_refused_not_read_as_daily(
    dmtx: Dmtx, journal: Path, typed: list[str], span: str
) -> None:
    """A course is given every day of it: 'methotrexate weekly for 8 weeks' kept as one read as daily methotrexate."""
    result = dmtx("journal", "add", "dose", "methotrexate", "15", "mg", *typed)
    assert_clean_error(result, 2)
    assert result.stderr == (
        f"dmtx: {span!r} is not a course here: a course is a dose given every day of it, shorter than the gap between"
        " doses (e.g. IVIG every 4 weeks, over 5 days). Leave it out, or say how long the treatment goes on in --note.\n"
    )
    assert not journal.exists()


def test_a_course_out_of_range_with_a_schedule_is_named_as_the_option(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "add", "dose", "IVIG", "2", "g/kg", "--per", "week", "--course", "500 days")
    assert_clean_error(result, 2)
    assert result.stderr == "dmtx: --course '500 days' is out of range: 1 to 366 days.\n"
    assert not journal.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["journal", "export", "--format", "csv", "--force", "-o"],  # --format: past the name check, to the content
        ["checklist", "--journal", "--format", "text", "--force", "-o"],
        ["checklist", "--format", "text", "--force", "-o"],
    ],
)
def test_a_document_never_replaces_the_journal_even_with_force(dmtx: Dmtx, journal: Path, command: list[str]) -> None:
    """'journal export -o journal.sqlite3 --force' wrote CSV over the journal: every entry was lost."""
    add_ck(dmtx)
    before = journal.read_bytes()
    result = dmtx(*command, str(journal))
    assert_clean_error(result, 4, "it is a database, perhaps your journal")
    assert journal.read_bytes() == before
    assert "CK 500" in dmtx("journal", "list", "--no-color").stdout


def test_a_backup_still_replaces_an_older_backup_with_force(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    add_ck(dmtx)
    copy = tmp_path / "copy.sqlite3"
    assert dmtx("journal", "backup", str(copy)).exit_code == 0
    add_ck(dmtx, "600")
    result = dmtx("journal", "backup", str(copy), "--force")
    assert result.exit_code == 0, result.stderr
    assert "Backed up 2 entries" in result.stderr


@pytest.mark.parametrize(
    ("command", "typed", "said"),
    [
        (["journal", "add", "ck"], "1,200", "'1,200' could mean 1200 or 1.2; type 1200, or 1.2."),
        (["journal", "add", "ck"], "1.200", "'1.200' could mean 1200 or 1.2; type 1200, or 1.2."),
        (["journal", "add", "ck"], "1.200U/L", "'1.200' could mean 1200 or 1.2"),
        (["journal", "add", "ck"], "12,500", "'12,500' could mean 12500 or 12.5; type 12500, or 12.5."),
        (["journal", "add", "ck"], "1,200,000", "'1,200,000' is not a number dmtx can read; type it as 1200000"),
        (["journal", "add", "lab", "AST"], "1.000", "'1.000' could mean 1000 or 1; type 1000, or 1."),
        (["journal", "add", "dose", "prednisone"], "7.500mg", "'7.500' could mean 7500 or 7.5"),
    ],
)
def test_a_number_typed_in_groups_of_three_is_refused_as_a_guess(
    dmtx: Dmtx, journal: Path, command: list[str], typed: str, said: str
) -> None:
    """'journal add ck 1.200' was kept as 1.2 U/L, and a CK of 1200 then read as "went down"."""
    result = dmtx(*command, typed, "--date", "2026-01-01")
    assert_clean_error(result, 2, said)
    assert not journal.exists()


@pytest.mark.parametrize(("typed", "kept"), [("0.125", "0.125"), ("1.25", "1.25"), ("7.5", "7.5"), ("1200", "1200")])
def test_a_plain_decimal_or_whole_number_is_kept(dmtx: Dmtx, journal: Path, typed: str, kept: str) -> None:
    result = dmtx("journal", "add", "ck", typed, "--date", "2026-01-01")
    assert result.exit_code == 0, result.stderr
    assert f"CK {kept} U/L" in result.stdout


DAILY_MTX = "WARNING: methotrexate 15 mg a day on 2026-01-02. Your journal records it more often than once a week."


def add_methotrexate(dmtx: Dmtx, how_often: str, day: str) -> None:
    assert dmtx("journal", "add", "dose", "methotrexate", "15", "mg", how_often, "--date", day).exit_code == 0


@pytest.mark.parametrize(
    "command", [["journal", "list"], ["journal", "chart", "dose", "methotrexate"], ["journal", "chart", "dose", "MTX"]]
)
def test_a_daily_methotrexate_dose_is_warned_about_wherever_it_is_shown(
    dmtx: Dmtx, journal: Path, command: list[str]
) -> None:
    """The warning was said once, when the dose was typed; the list and the chart showed it bare."""
    add_methotrexate(dmtx, "weekly", "2026-01-01")
    add_methotrexate(dmtx, "daily", "2026-01-02")
    result = dmtx(*command, "--no-color")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("WARNING") == 1 and DAILY_MTX in " ".join(result.stderr.split())


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_an_imported_daily_methotrexate_dose_is_warned_about(
    dmtx: Dmtx, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dry_run: list[str]
) -> None:
    add_methotrexate(dmtx, "daily", "2026-01-02")
    exported = tmp_path / "e.csv"
    assert dmtx("journal", "export", "-o", str(exported)).exit_code == 0
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "new.sqlite3"))
    result = dmtx("journal", "import", str(exported), *dry_run)
    assert result.exit_code == 0, result.stderr
    assert DAILY_MTX in " ".join(result.stderr.split())


@pytest.mark.parametrize("command", [["journal", "list"], ["journal", "chart", "dose", "methotrexate"]])
def test_a_weekly_methotrexate_dose_or_another_chart_gets_no_warning(
    dmtx: Dmtx, journal: Path, command: list[str]
) -> None:
    add_methotrexate(dmtx, "weekly", "2026-01-01")
    add_ck(dmtx)
    assert "WARNING" not in dmtx(*command, "--no-color").stderr
    add_methotrexate(dmtx, "daily", "2026-01-02")
    assert "WARNING" not in dmtx("journal", "chart", "ck", "--no-color").stderr


def test_a_checklist_from_a_mistyped_journal_name_is_refused_and_writes_nothing(dmtx: Dmtx, tmp_path: Path) -> None:
    missing, pdf = tmp_path / "typo.db", tmp_path / "visit.pdf"
    result = dmtx("checklist", "--journal", "--journal-file", str(missing), "-o", str(pdf))
    assert_clean_error(result, 1, f"There is no journal at {missing}.")
    assert not pdf.exists() and not missing.exists()


def tamper(journal: Path, statement: str) -> None:
    """Change the journal as another tool might (a hand-edited file): outside dmtx."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(journal)) as conn, conn:
        conn.execute(statement)


def test_a_stored_match_to_another_drug_is_read_again_from_the_name(dmtx: Dmtx, journal: Path) -> None:
    """A hand-edited drug column made a daily methotrexate dose read as prednisone: no warning, a bones question."""
    add_methotrexate(dmtx, "daily", "2026-01-02")
    tamper(journal, "update entries set drug = 'prednisone'")
    out = " ".join(dmtx("checklist", "--journal", "--format", "text").stdout.split())
    assert "- methotrexate: 15 mg a day since 2026-01-02. WARNING: Your journal records it more often" in out
    assert "methotrexate (prednisone)" not in out and "check my bones" not in out


@pytest.mark.parametrize(
    ("statement", "said"),
    [
        ("update entries set note = char(27) || ']0;x' || char(7) || 'hi'", "holds a note dmtx would not have kept"),
        ("update entries set drug = 'x; y'", "names a drug dmtx does not know"),
    ],
)
def test_a_row_dmtx_could_not_have_written_is_refused_and_never_reaches_the_screen(
    dmtx: Dmtx, journal: Path, statement: str, said: str
) -> None:
    """A note with a terminal escape, put there by another tool, was written raw by 'journal export -o -'."""
    add_methotrexate(dmtx, "weekly", "2026-01-01")
    tamper(journal, statement)
    before = journal.read_bytes()
    for command in (["journal", "export", "-o", "-"], ["journal", "list"]):
        result = dmtx(*command)
        assert_clean_error(result, 5, said)
        assert "\x1b" not in result.stdout + result.stderr
    assert journal.read_bytes() == before


def test_a_note_that_starts_with_a_dash_gets_told_how_to_keep_it(dmtx: Dmtx, journal: Path) -> None:
    result = dmtx("journal", "add", "note", "-2 kg this month")
    assert_clean_error(result, 2, "No such option: -2", "to start a text with '-', put -- before it")
    assert dmtx("journal", "add", "note", "--", "-2 kg this month").exit_code == 0
    assert "put -- before it" not in dmtx("journal", "add", "note", "--foo").stderr


def test_the_list_says_how_to_see_every_entry_and_all_shows_them(dmtx: Dmtx, journal: Path) -> None:
    """With 21 entries the oldest could not be listed, so a wrong one could not be found to delete."""
    for day in range(1, 22):
        assert dmtx("journal", "add", "ck", str(500 + day), "--date", f"2026-01-{day:02d}").exit_code == 0
    latest = " ".join(dmtx("journal", "list", "--no-color").stdout.split())
    assert "the last 20 of 21 entries" in latest and "CK 501 U/L" not in latest
    assert "see them all with: dmtx journal list --all" in latest
    every = " ".join(dmtx("journal", "list", "--all", "--no-color").stdout.split())
    assert every.startswith("Your journal: 21 entries") and "1 2026-01-01 CK 501 U/L" in every
    assert "--all" not in every


HEADER = "date,kind,name,value,unit,per,course,range,drug,origin,note\n"


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("2026-01-05,dose,prednisone,1.500,mg,day,,,,,", "row 2: '1.500' could mean 1500 or 1.5"),
        ('2026-01-05,ck,,"1,200",,,,,,,', "row 2: '1,200' could mean 1200 or 1.2"),
    ],
)
def test_an_imported_number_in_groups_of_three_is_refused_as_a_guess(
    dmtx: Dmtx, journal: Path, tmp_path: Path, row: str, said: str
) -> None:
    """A spreadsheet's '1.500' was imported as 1.5 mg while 'journal add' refuses the same number."""
    sheet = tmp_path / "eu.csv"
    sheet.write_text(HEADER + row + "\n", encoding="utf-8")
    assert_clean_error(dmtx("journal", "import", str(sheet)), 2, said)
    assert not journal.exists()


def test_an_imported_decimal_dmtx_itself_could_have_written_is_kept(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "mine.csv"
    sheet.write_text(HEADER + "2026-01-05,dose,prednisone,1.125,mg,day,,,,,\n", encoding="utf-8")
    result = dmtx("journal", "import", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert "prednisone 1.125 mg a day" in dmtx("journal", "list", "--no-color").stdout


@pytest.mark.parametrize("name", ["notes.docx", "mylabs.csv", "visit.pdf"])
def test_a_backup_under_a_documents_name_is_refused(dmtx: Dmtx, journal: Path, tmp_path: Path, name: str) -> None:
    """'journal backup mylabs.csv' wrote a database that no spreadsheet opens and that import then refused."""
    add_ck(dmtx)
    target = tmp_path / name
    assert_clean_error(dmtx("journal", "backup", str(target)), 2, "A backup is a copy of the journal database")
    assert not target.exists()


def test_importing_a_backup_says_what_it_is_and_how_to_read_it(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    add_ck(dmtx)
    copy = tmp_path / "copy.sqlite3"
    assert dmtx("journal", "backup", str(copy)).exit_code == 0
    result = dmtx("journal", "import", str(copy))
    assert_clean_error(result, 2, "is a journal or a backup of one", f"dmtx journal --journal-file {copy}")


def test_each_name_of_a_daily_methotrexate_is_warned_about(dmtx: Dmtx, journal: Path) -> None:
    """'dmtx journal' named only the first daily methotrexate dose; a later daily Xatmep went unnamed."""
    add_methotrexate(dmtx, "daily", "2026-01-02")
    assert dmtx("journal", "add", "dose", "Xatmep", "2", "ml", "daily", "--date", "2026-01-03").exit_code == 0
    said = " ".join(dmtx("journal", "list", "--no-color").stderr.split())
    assert said.count("WARNING") == 2 and "Xatmep 2 ml a day on 2026-01-03" in said

"""dmtx/journal/exchange.py through `dmtx journal import` in this process: dmtx's own CSV and JSON
exports read back, and every way such a file is refused (one sentence naming the row or entry,
nothing written)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import Dmtx, assert_clean_error


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dmtx: Dmtx) -> Path:
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    assert dmtx("journal", "add", "ck", "300", "--date", "2026-01-01").exit_code == 0
    return path


def export(dmtx: Dmtx, path: Path) -> dict[str, Any]:
    result = dmtx("journal", "export", "-o", str(path))
    assert result.exit_code == 0 and result.stderr == f"dmtx: Wrote {path} (1 entry, json).\n", result.stderr
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def refused(dmtx: Dmtx, path: Path, journal: Path) -> str:
    before = journal.read_bytes()
    result = dmtx("journal", "import", str(path))
    assert_clean_error(result, 2, "Nothing was imported")
    assert journal.read_bytes() == before
    return result.stderr.removeprefix("dmtx: Nothing was imported: ").rstrip("\n")


def test_an_export_read_back_adds_nothing_new_and_counts_in_words(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    export(dmtx, tmp_path / "e.json")
    result = dmtx("journal", "import", str(tmp_path / "e.json"))
    assert result.stdout == "Imported 0 of 1 entry; 1 was already in the journal.\n"
    assert dmtx("journal", "import", "--dry-run", str(tmp_path / "e.json")).stdout.endswith(
        "Would import 1 entry (--dry-run: nothing was written).\n"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 99}, "export version 99 is not one this dmtx reads."),
        ({"kind": "other"}, "this is not a dmtx journal export (kind 'dmtx.journal')."),
        ({"entries": [5]}, "entry 1 is not a set of fields."),
        (
            {"entries": [{"date": "2026-01-03", "kind": "ck", "value": 300, "colour": "red"}]},
            "entry 1 has an unknown field 'colour'.",
        ),
        ({"entries": [{"date": "2026-01-03", "kind": "ck", "value": [300]}]}, "entry 1 has a field of the wrong type."),
        ({"entries": [{"date": "2026-01-03", "kind": "ck", "value": True}]}, "entry 1 has a field of the wrong type."),
        (
            {"entries": [{"date": "2026-01-03", "kind": "ck", "value": 300, "drug": "prednisone"}]},
            "entry 1: A ck entry has no drug; leave that cell empty.",
        ),
        (
            {
                "entries": [
                    {
                        "date": "2026-01-03",
                        "kind": "dose",
                        "name": "Deltasone",
                        "value": 10,
                        "unit": "mg",
                        "per": "day",
                        "drug": "methotrexate",
                    }
                ]
            },
            "entry 1: 'Deltasone' is not the drug 'methotrexate' in this guide.",
        ),
        (
            {"entries": [{"date": "2026-01-03", "kind": "note"}]},
            "entry 1: A note entry needs its text in the note column.",
        ),
        (
            {"entries": [{"date": "2026-01-03", "kind": "note"}, {"date": "2026-01-04", "kind": "note"}]},
            "entry 1: A note entry needs its text in the note column. (1 more entry has problems)",
        ),
    ],
)
def test_a_json_file_that_is_not_an_export_dmtx_wrote_is_refused(
    dmtx: Dmtx, journal: Path, tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    data = {**export(dmtx, tmp_path / "e.json"), **change}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert refused(dmtx, bad, journal) == message


def test_nan_in_a_json_export_is_named_as_text(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    bad = tmp_path / "nan.json"
    bad.write_text(
        '{"kind": "dmtx.journal", "version": 2, "entries": [{"date": "2026-01-03", "kind": "ck", "value": NaN}]}'
    )
    assert refused(dmtx, bad, journal) == "entry 1: A CK value must be a number such as 850 or 7.5, not 'NaN'."


def test_a_json_file_that_does_not_parse_is_refused(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"kind": "dmtx.journal", ', encoding="utf-8")
    assert refused(dmtx, bad, journal).startswith("the file is not valid JSON (")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty."),
        (
            "day,what\n",
            "the first row must name the columns (date,kind,name,value,unit,per,course,range,drug,origin,note).",
        ),
        (
            "date,kind,colour\n",
            "unknown column 'colour'; the columns are date,kind,name,value,unit,per,course,range,drug,origin,note.",
        ),
        ("date,kind,value\n2026-01-03,ck,300,4\n", "row 2 has more cells than columns."),
        (
            "date,kind,value\n2026-01-03,ck,abc\n2026-01-04,ck,def\n",
            "row 2: A CK value must be a number such as 850 or 7.5, not 'abc'. (1 more row has problems)",
        ),
        (
            "date,kind,value\n2026-01-03,ck,a\n2026-01-04,ck,b\n2026-01-05,ck,c\n",
            "row 2: A CK value must be a number such as 850 or 7.5, not 'a'. (2 more rows have problems)",
        ),
        (
            "date,kind,note\n2026-01-03,note," + "x" * 131_073 + "\n",
            "row 2 is not valid CSV (field larger than field limit (131072)).",
        ),
        # A quote never closed once swallowed every later row into the note: two CK results lost, exit 0.
        (
            'date,kind,value,note\n2026-01-02,ck,850,"felt tired\n2026-01-03,ck,700,ok\n2026-01-04,ck,600,\n',
            'a quote mark (") opened in row 2 is never closed.',
        ),
        (
            'date,kind,value,note\n2026-01-02,ck,850,"two\nlines"\n\n2026-01-03,ck,700,"oops\n',
            'a quote mark (") opened in row 5 is never closed.',
        ),
        ('"date,kind,value\n', 'a quote mark (") opened in row 1 is never closed.'),
        ('date,kind,value,note\n2026-01-02,ck,850,"a"b\n', "row 2 is not valid CSV (',' expected after '\"')."),
    ],
)
def test_a_csv_file_that_is_not_one_dmtx_wrote_is_refused(
    dmtx: Dmtx, journal: Path, tmp_path: Path, text: str, message: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    assert refused(dmtx, bad, journal) == message


def test_blank_csv_rows_are_skipped(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("date,kind,value\n\n , , \n2026-01-03,ck,450\n", encoding="utf-8")
    assert dmtx("journal", "import", str(good)).stdout == "Imported 1 of 1 entry.\n"


# --------------------------------------------------------------------------- a round trip, field by field


def _full_journal(dmtx: Dmtx) -> None:
    """Entries that use every column: a dose with a schedule, a course and a drug, a lab with its range and
    origin (imported), a note that a spreadsheet would run as a formula, and text beyond ASCII."""
    records = Path(__file__).parent / "fixtures" / "records" / "fhir_r4" / "synthetic_dm_panel.bundle.json"
    assert dmtx("journal", "import", str(records)).exit_code == 0
    dose = ("dose", "Octagam", "140", "g", "--every", "4 weeks", "--course", "5 days", "--date", "2026-01-02")
    assert dmtx("journal", "add", *dose).exit_code == 0
    assert dmtx("journal", "add", "note", "=1+1 stairs, Müdigkeit", "--date", "2026-01-03").exit_code == 0


def _rows(dmtx: Dmtx) -> list[tuple[object, ...]]:
    import sqlite3

    with sqlite3.connect(os.environ["DMTX_JOURNAL"]) as conn:
        return conn.execute(
            "SELECT day, kind, name, value, unit, per, note, course, drug, lab_range, origin FROM entries"
            " ORDER BY day, kind, name, value"
        ).fetchall()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_imported_into_a_new_journal_gives_the_same_entries(
    dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "first.sqlite3"))
    _full_journal(dmtx)
    before = _rows(dmtx)
    assert any(row[7] and row[8] for row in before) and any(
        row[9] and row[10] for row in before
    )  # course+drug, range+origin
    copy = tmp_path / f"copy.{fmt}"
    assert dmtx("journal", "export", "-o", str(copy)).exit_code == 0
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "second.sqlite3"))
    assert dmtx("journal", "import", str(copy)).exit_code == 0
    assert _rows(dmtx) == before


def test_the_csv_export_guards_cells_a_spreadsheet_would_run(
    dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "j.sqlite3"))
    _full_journal(dmtx)
    copy = tmp_path / "copy.csv"
    assert dmtx("journal", "export", "-o", str(copy)).exit_code == 0
    text = copy.read_text(encoding="utf-8")
    assert ",'=1+1 stairs, Müdigkeit" in text or ',"\'=1+1 stairs, Müdigkeit"' in text
    assert ",Octagam,140,g,4 weeks,5 days,,ivig,," in text  # a name that is not a formula stays as it is
    assert "'26-192 U/L" not in text and "26-192 U/L" in text


def test_the_json_export_is_indented_utf8(dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "j.sqlite3"))
    _full_journal(dmtx)
    copy = tmp_path / "copy.json"
    assert dmtx("journal", "export", "-o", str(copy)).exit_code == 0
    text = copy.read_text(encoding="utf-8")
    assert '"note": "=1+1 stairs, Müdigkeit"' in text and "\\u00fc" not in text
    assert text.startswith('{\n  "kind": "dmtx.journal",\n  "version": 2,\n  "entries": [\n    {\n      "date": ')
    assert '"value": 140,' in text  # a whole number is written without ".0"


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("copy.json", "date,kind\n", "json"),
        ("COPY.JSON", "date,kind\n", "json"),
        ("copy.txt", '  \n {"kind": "dmtx.journal"}', "json"),
        ("copy.txt", "date,kind\n", "csv"),
        ("copy.csv", "date,kind,note\n2026-01-01,note,{x}\n", "csv"),
    ],
)
def test_json_is_told_by_the_name_or_the_first_character(name: str, text: str, fmt: str) -> None:
    from dmtx.journal import exchange

    assert exchange.guess_format(name, text) == fmt


def test_a_row_dated_after_today_is_refused(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    import datetime as dt

    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    bad = tmp_path / "future.csv"
    bad.write_text(f"date,kind,value\n{tomorrow},ck,300\n", encoding="utf-8")
    assert "is in the future" in refused(dmtx, bad, journal)


def test_a_csv_row_with_fewer_cells_than_columns_leaves_the_rest_empty(
    dmtx: Dmtx, journal: Path, tmp_path: Path
) -> None:
    short = tmp_path / "short.csv"
    short.write_text("date,kind,value,note\n2026-01-05,ck,410\n", encoding="utf-8")
    assert dmtx("journal", "import", str(short)).stdout == "Imported 1 of 1 entry.\n"


def test_a_header_without_kind_is_refused(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    bad = tmp_path / "nokind.csv"
    bad.write_text("date,value\n2026-01-05,410\n", encoding="utf-8")
    assert refused(dmtx, bad, journal).startswith("the first row must name the columns")


def test_an_origin_too_long_is_refused(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    bad = tmp_path / "origin.csv"
    bad.write_text("date,kind,value,origin\n2026-01-05,ck,410," + "x" * 500 + "\n", encoding="utf-8")
    assert refused(dmtx, bad, journal) == "row 2: The origin is too long (500 characters; the limit is 80)."


def test_a_cell_a_kind_does_not_have_is_named(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    bad = tmp_path / "per.csv"
    bad.write_text("date,kind,value,per\n2026-01-05,ck,410,day\n", encoding="utf-8")
    assert refused(dmtx, bad, journal) == "row 2: A ck entry has no per; leave that cell empty."


def test_problems_in_more_json_entries_are_counted_in_words(dmtx: Dmtx, journal: Path, tmp_path: Path) -> None:
    notes = [{"date": "2026-01-0" + str(n), "kind": "note"} for n in (3, 4, 5)]
    bad = tmp_path / "notes.json"
    bad.write_text(json.dumps({**export(dmtx, tmp_path / "e.json"), "entries": notes}), encoding="utf-8")
    assert refused(dmtx, bad, journal).endswith("(2 more entries have problems)")


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_file_name_is_one_sentence(dmtx: Dmtx, journal: Path, name: str) -> None:
    result = dmtx("journal", "import", name)
    assert_clean_error(result, 2, "No file was named")
    assert result.stderr == "dmtx: No file was named: give the path of the file to import, or - for standard input.\n"


@pytest.mark.parametrize(
    ("header", "row", "separator"),
    [
        ("date;kind;value", "2026-01-02;ck;1.250", "';'"),  # European Excel: CK 1.250 is 1250 there
        ("Date;Kind;Value;Note", '2026-01-02;ck;1250;"a, b"', "';'"),
        ("date\tkind\tvalue", "2026-01-02\tck\t850", "tabs"),
    ],
)
def test_a_csv_separated_by_semicolons_or_tabs_is_refused_saying_how_to_save_it(
    dmtx: Dmtx, journal: Path, tmp_path: Path, header: str, row: str, separator: str
) -> None:
    """Never guessed: with ';' a spreadsheet also writes decimal commas and '.' between thousands."""
    path = tmp_path / "labs.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    assert refused(dmtx, path, journal) == (
        f"the values are separated by {separator}, not commas. Save the file as CSV with commas "
        "(in Excel: 'CSV UTF-8 (Comma delimited)') and import it again."
    )


def test_a_one_column_csv_that_names_no_date_is_still_asked_for_its_columns(
    dmtx: Dmtx, journal: Path, tmp_path: Path
) -> None:
    path = tmp_path / "labs.csv"
    path.write_text("result;when\n850;2026-01-02\n", encoding="utf-8")
    assert refused(dmtx, path, journal).startswith("the first row must name the columns (date,kind,")

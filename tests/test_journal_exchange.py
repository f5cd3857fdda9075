"""dmtx/journal/exchange.py through `dmtx journal import` in this process: dmtx's own CSV and JSON
exports read back, and every way such a file is refused (one sentence naming the row or entry,
nothing written)."""

from __future__ import annotations

import json
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
            "the CSV is not valid (field larger than field limit (131072)).",
        ),
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

"""dmtx/journal/records.py in the test process: which day counts as "in the future" for a records
file, and what an Apple Health export's unreadable files add to the import's report."""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path

import pytest

from dmtx.journal import labs, records

from conftest import Dmtx

RECORDS = Path(__file__).parent / "fixtures" / "records"
sys.path.insert(0, str(RECORDS))
from make_health_zip import build  # noqa: E402

CCDA = RECORDS / "ccda" / "synthetic_dm_results.xml"  # four final results of 2024-03-04, one pending
FHIR = RECORDS / "fhir_r4" / "synthetic_dm_panel.bundle.json"  # seven results: six of 2024-03-04, one of 2024-01-10


@pytest.mark.parametrize(("path", "kind"), [(CCDA, "xml"), (FHIR, "fhir")])
def test_a_result_dated_after_the_given_today_is_skipped_and_one_on_today_is_kept(path: Path, kind: str) -> None:
    data = path.read_bytes()
    on_the_day = records.read_text(data, kind, path.name, today=dt.date(2024, 3, 4))
    day_before = records.read_text(data, kind, path.name, today=dt.date(2024, 3, 3))
    assert "dated in the future" not in on_the_day.skipped and on_the_day.entries
    future = day_before.skipped["dated in the future"]
    assert future == len(on_the_day.entries) - len(day_before.entries) > 0
    assert all(entry.day < "2024-03-04" for entry in day_before.entries)


def _export_with_broken_files(tmp_path: Path, broken: int) -> Path:
    export = build(tmp_path / "export.zip")
    with zipfile.ZipFile(export, "a") as archive:
        for n in range(broken):
            archive.writestr(f"apple_health_export/clinical-records/Observation-broken{n}.json", "{not json")
    return export


@pytest.mark.parametrize(
    ("broken", "words"), [(1, "1 file that is not valid FHIR JSON"), (2, "2 files that are not valid FHIR JSON")]
)
def test_an_export_counts_its_unreadable_files_in_what_was_skipped(tmp_path: Path, broken: int, words: str) -> None:
    found = records.read_zip(_export_with_broken_files(tmp_path, broken), "export.zip")
    assert len(found.entries) == 3
    assert found.skipped[labs.NOT_A_RESULT] == 1
    assert labs.summary(found) == f"skipped {broken + 1}: {words}; 1 not a lab result"


def test_the_import_report_names_an_unreadable_file(
    dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "journal.sqlite3"))
    result = dmtx("journal", "import", str(_export_with_broken_files(tmp_path, 1)))
    assert result.exit_code == 0, result.stderr
    assert "Imported 3 of 3 lab results" in result.stdout
    assert "skipped 2: 1 file that is not valid FHIR JSON; 1 not a lab result" in result.stdout

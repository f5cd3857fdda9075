"""dmtx/journal/records.py in the test process: which day counts as "in the future" for a records
file, and what an Apple Health export's unreadable files add to the import's report."""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path

import pytest

from dmtx.errors import UsageProblem
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


# --------------------------------------------------------------------------- C-CDA: a result's value, code and document

_DOCUMENT = (
    '<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<component><structuredBody><component><section>"
    '<code code="30954-2" codeSystem="2.16.840.1.113883.6.1"/>{entries}'
    "</section></component></structuredBody></component></ClinicalDocument>"
)
_RESULT = (
    '<entry><observation classCode="OBS" moodCode="EVN">{code}<statusCode code="completed"/>'
    '<effectiveTime value="20240304"/>{value}</observation></entry>'
)
_CK = '<code code="2157-6" codeSystem="2.16.840.1.113883.6.1"/>'


def _ccda(value: str, code: str = _CK) -> tuple[list[tuple[object, ...]], dict[str, int]]:
    data = _DOCUMENT.format(entries=_RESULT.format(code=code, value=value)).encode()
    found = records.read_text(data, "xml", "results.xml")
    return [(e.kind, e.day, e.value, e.unit, e.note) for e in found.entries], dict(found.skipped)


@pytest.mark.parametrize(
    ("value", "stored", "note"),
    [
        ('<value xsi:type="PQ" value="1450" unit="U/L"/>', 1450.0, None),
        ('<value xsi:type="IVL_PQ"><high value="5" unit="U/L"/></value>', 5.0, "The lab reported <=5 U/L."),
        (
            '<value xsi:type="IVL_PQ"><high value="5" unit="U/L" inclusive="false"/></value>',
            5.0,
            "The lab reported <5 U/L.",
        ),
        ('<value xsi:type="IVL_PQ"><low value="2000" unit="U/L"/></value>', 2000.0, "The lab reported >=2000 U/L."),
        (
            '<value xsi:type="IVL_PQ"><low value="2000" unit="U/L" inclusive="false"/></value>',
            2000.0,
            "The lab reported >2000 U/L.",
        ),
        # Both bounds: the upper one is what the lab could say of the result.
        (
            '<value xsi:type="IVL_PQ"><low value="1" unit="U/L"/><high value="9" unit="U/L"/></value>',
            9.0,
            "The lab reported <=9 U/L.",
        ),
    ],
)
def test_a_ccda_result_is_a_number_or_a_bound_the_lab_gave(value: str, stored: float, note: str | None) -> None:
    assert _ccda(value) == ([("ck", "2024-03-04", stored, "U/L", note)], {})


@pytest.mark.parametrize(
    "value",
    [
        '<value xsi:type="IVL_PQ"></value>',
        '<value xsi:type="PQ" nullFlavor="NI"/>',
        '<value xsi:type="PQ" nullFlavor="OTH" value="1450" unit="U/L"/>',  # "other": the number is not the result
        '<value xsi:type="ST">high</value>',
        "",
    ],
)
def test_a_ccda_result_without_a_number_is_skipped_as_such(value: str) -> None:
    assert _ccda(value) == ([], {"without a value": 1})


def test_a_ccda_code_counts_in_a_translation_and_a_result_without_a_code_is_not_kept() -> None:
    translated = '<code code="x" codeSystem="2.16.840.1.113883.6.96"><translation code="2157-6" codeSystem="2.16.840.1.113883.6.1"/></code>'
    value = '<value xsi:type="PQ" value="640" unit="U/L"/>'
    assert _ccda(value, translated)[0] == [("ck", "2024-03-04", 640.0, "U/L", None)]
    assert _ccda(value, "")[0] == [] and sum(_ccda(value, "")[1].values()) == 1
    other_system = '<code code="2157-6" codeSystem="2.16.840.1.113883.6.96"/>'  # the number, not in LOINC
    assert _ccda(value, other_system)[0] == []
    other_translation = f'<code code="x" codeSystem="2.16.840.1.113883.6.96"><translation {other_system[6:-2]}/></code>'
    assert _ccda(value, other_translation)[0] == []


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"<html><body>results</body></html>", "is XML but not a C-CDA document (no ClinicalDocument)"),
        (b"<ClinicalDocument", "is not well-formed XML"),
    ],
)
def test_xml_that_is_not_a_ccda_document_is_refused_in_one_sentence(data: bytes, why: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        records.read_text(data, "xml", "results.xml")
    assert str(caught.value).startswith(f"Nothing was imported: results.xml {why}")

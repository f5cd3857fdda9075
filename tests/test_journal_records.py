"""dmtx/journal/records.py in the test process: which day counts as "in the future" for a records
file, and what an Apple Health export's unreadable files add to the import's report."""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from dmtx.errors import UsageProblem
from dmtx.journal import ccda, labs, records

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
_RESULT = '{code}<statusCode code="completed"/><effectiveTime value="20240304"/>{value}'
_CK = '<code code="2157-6" codeSystem="2.16.840.1.113883.6.1"/>'


def _document(observation: str) -> bytes:
    """A C-CDA document whose Results section holds one observation made of these parts."""
    entry = f'<entry><observation classCode="OBS" moodCode="EVN">{observation}</observation></entry>'
    return _DOCUMENT.format(entries=entry).encode()


def _ccda(value: str, code: str = _CK) -> tuple[list[tuple[object, ...]], dict[str, int]]:
    found = records.read_text(_document(_RESULT.format(code=code, value=value)), "xml", "results.xml")
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
    assert _ccda(value) == ([("ck", "2024-03-04", stored, None, note)], {})  # CK is kept without a unit, as typed


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
    assert _ccda(value, translated)[0] == [("ck", "2024-03-04", 640.0, None, None)]
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


# --------------------------------------------------------------------------- one result, typed and imported


def test_a_ck_result_typed_then_imported_is_kept_once(
    dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same CK result typed from the lab's letter and then imported from the portal is one entry."""
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "journal.sqlite3"))
    assert dmtx("journal", "add", "ck", "1450", "--date", "2024-03-04").exit_code == 0
    result = dmtx("journal", "import", str(FHIR))
    assert "Imported 6 of 7 lab results" in result.stdout and "1 was already in the journal" in result.stdout
    assert dmtx("journal", "import", str(CCDA)).stdout.startswith("Imported 0 of 4 lab results")


def test_a_journal_whose_imported_ck_kept_a_unit_is_brought_up_to_date(
    dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Layout 3 kept an imported CK result as "U/L"; layout 4 keeps it as a typed one, so it is found again."""
    import sqlite3

    from dmtx.journal import store
    from dmtx.journal.entries import Entry

    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    conn = sqlite3.connect(path)
    for step in store.MIGRATIONS[:3]:
        step(conn)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    old = Entry("2024-03-04", "ck", None, 1450.0, "U/L")  # as a layout-3 import kept it
    lab = Entry("2024-03-04", "lab", "ast", 114.0, "U/L")
    for entry in (old, lab):
        conn.execute(
            "INSERT INTO entries (day, kind, name, value, unit, key, origin) VALUES (?, ?, ?, ?, ?, ?, 'FHIR R4')",
            (*entry[:5], entry.key()),
        )
    conn.commit()
    conn.close()
    typed = dmtx("journal", "add", "ck", "1450", "--date", "2024-03-04").stdout
    assert typed == "Already in your journal as entry 1: CK 1450 U/L on 2024-03-04. Nothing added.\n"
    imported = dmtx("journal", "import", str(FHIR)).stdout
    assert "Imported 5 of 7 lab results from FHIR R4; 2 were already in the journal" in imported
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.LATEST_VERSION == 4
        kept = conn.execute("SELECT kind, unit, key FROM entries WHERE day = '2024-03-04' ORDER BY id").fetchall()
    assert kept[0] == ("ck", None, old._replace(unit=None).key())
    assert kept[1] == ("lab", "U/L", lab.key())  # other kinds keep their unit and key


# --------------------------------------------------------------------------- C-CDA: what a result carries besides its value


def _ccda_candidates(observation: str) -> list[Any]:
    return ccda.candidates(ccda.parse(_document(observation)))[0]


_FIRST_RANGE = (
    '<referenceRange><observationRange><value xsi:type="IVL_PQ"><low value="1"/><high value="2"/></value>'
    "</observationRange></referenceRange>"
)
_NORMAL_RANGE = (
    '<referenceRange><observationRange><text>26 to <b>192</b></text><value xsi:type="IVL_PQ"><low value="26"/>'
    '<high value="192"/></value><interpretationCode code="N"/></observationRange></referenceRange>'
)


def test_a_ccda_result_carries_its_id_status_date_and_the_normal_range() -> None:
    (found,) = _ccda_candidates(
        f'<id root="2.25.7" extension="lab-9"/>{_CK}<statusCode code="completed"/><effectiveTime><low value="20240304"/>'
        f'</effectiveTime><value xsi:type="PQ" value="1450" unit="U/L"/>{_FIRST_RANGE}{_NORMAL_RANGE}'
    )
    assert (found.source_id, found.status, found.when) == ("2.25.7/lab-9", "completed", "20240304")
    assert (found.low, found.high, found.range_text) == ("26", "192", "26 to 192")  # the normal one (N)
    (bare,) = _ccda_candidates(
        f'{_CK}<id root="2.25.7"/><effectiveTime><low/></effectiveTime><value xsi:type="PQ" value="5"/>'
    )
    assert (bare.source_id, bare.status, bare.when, bare.unit, bare.low, bare.range_text) == (
        "2.25.7",
        None,
        None,
        "",
        None,
        None,
    )
    (first,) = _ccda_candidates(f"{_CK}{_FIRST_RANGE}")
    assert (first.low, first.high, first.range_text, first.source_id) == ("1", "2", None, "")  # the first range; no id


def test_a_ccda_value_without_a_type_is_no_number() -> None:
    assert _ccda('<value value="1450" unit="U/L"/>') == ([], {"without a value": 1})


def test_a_ccda_document_with_a_dtd_is_refused_even_without_entities() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE ClinicalDocument [<!ELEMENT ClinicalDocument ANY>]>'
        + _DOCUMENT.format(entries="").encode()
    )
    with pytest.raises(UsageProblem) as caught:
        records.read_text(data, "xml", "results.xml")
    assert str(caught.value) == (
        "Nothing was imported: results.xml is XML with a DTD or entities (DTDForbidden), which dmtx never reads."
    )

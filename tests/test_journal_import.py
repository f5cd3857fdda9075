"""`dmtx journal import` of a patient's own lab records: FHIR, C-CDA and the Health app's export.zip (#22).

Published examples (HL7 C-CDA, the FHIR specification's Observations, Synthea) and dmtx's own
fixtures live in tests/fixtures/records (SOURCES.md); hostile zips are built at test time.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest

from conftest import Dmtx, assert_clean_error

RECORDS = Path(__file__).parent / "fixtures" / "records"
sys.path.insert(0, str(RECORDS))
from make_health_zip import build  # noqa: E402


@pytest.fixture
def jpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    return path


def labs(path: Path) -> list[tuple[object, ...]]:
    if not path.exists():
        return []
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT day, kind, name, value, unit, lab_range FROM entries WHERE kind IN ('ck', 'lab') ORDER BY id"
        ).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


# --------------------------------------------------------------------------- published examples


def test_fhir_spec_ghp_bundle_dates_results_by_their_panel(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal", "import", str(RECORDS / "fhir_r4" / "diagnosticreport-example-ghp.bundle.json"))
    assert result.exit_code == 0, result.stderr
    assert "Imported 3 of 3 lab results from FHIR R4" in result.stdout and "not a result dmtx keeps" in result.stdout
    assert labs(jpath) == [
        ("2015-08-16", "lab", "alt", 54.0, "U/L", "0-45 U/L"),
        ("2015-08-16", "lab", "ast", 30.0, "U/L", "0-41 U/L"),
        ("2015-08-16", "lab", "ldh", 131.0, "U/L", "80-250 U/L"),
    ]


def test_fhir_spec_glucose_observation_is_skipped_with_its_reason(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal", "import", str(RECORDS / "fhir_r4" / "observation-example-f001-glucose.json"))
    assert result.exit_code == 0 and "Imported 0 of 0" in result.stdout
    assert "skipped 1: 1 not a result dmtx keeps (by LOINC code)" in result.stdout and labs(jpath) == []


@pytest.mark.parametrize("name", ["synthea_tom_goodwin.trimmed.json", "synthea_tom_goodwin.observations.ndjson"])
def test_synthea_bundle_and_ndjson_give_the_same_two_results(dmtx: Dmtx, jpath: Path, name: str) -> None:
    assert dmtx("journal", "import", str(RECORDS / "fhir_r4" / name)).exit_code == 0
    assert labs(jpath) == [
        ("2020-05-12", "lab", "alt", 23.27822394220447, "U/L", None),
        ("2020-05-12", "lab", "ast", 21.961359459171135, "U/L", None),
    ]


def test_synthetic_panel_converts_units_keeps_ranges_and_counts_what_it_skips(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal", "import", str(RECORDS / "fhir_r4" / "synthetic_dm_panel.bundle.json"))
    assert result.exit_code == 0, result.stderr
    assert "Imported 7 of 7" in result.stdout and "skipped 3" in result.stdout
    assert "1 not final" in result.stdout and "1 without a value" in result.stdout
    got = labs(jpath)
    assert ("2024-03-04", "ck", None, 1450.0, None, "26-192 U/L") in got
    assert ("2024-03-04", "lab", "aldolase", 11.2, "U/L", "up to 7.7 U/L") in got
    assert ("2024-03-04", "lab", "ast", 114.0, "U/L", "10.2-36 U/L") in got  # 1.9 ukat/L x 60
    assert ("2024-03-04", "lab", "alt", 88.0, "U/L", "7-56 U/L") in got  # [IU]/L counts as U/L
    assert ("2024-01-10", "ck", None, 980.0, None, None) in got  # dated by effectivePeriod.start
    assert ("2024-03-04", "lab", "ldh", 310.0, "U/L", "120 - 246 U/L") in got  # text-only range


def test_importing_twice_adds_nothing_and_ndjson_after_the_bundle_adds_nothing(dmtx: Dmtx, jpath: Path) -> None:
    bundle = str(RECORDS / "fhir_r4" / "synthetic_dm_panel.bundle.json")
    assert dmtx("journal", "import", bundle).exit_code == 0
    again = dmtx("journal", "import", bundle)
    assert "Imported 0 of 7" in again.stdout and "7 were already in the journal" in again.stdout
    same = dmtx("journal", "import", str(RECORDS / "fhir_r4" / "synthetic_dm_panel.ndjson"))
    assert "Imported 0 of 7" in same.stdout and len(labs(jpath)) == 7


def test_dry_run_shows_what_would_be_added_and_writes_nothing(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal", "import", "--dry-run", str(RECORDS / "ccda" / "synthetic_dm_results.xml"))
    assert result.exit_code == 0, result.stderr
    assert "Would add 4 lab results from C-CDA" in result.stdout and "Nothing was written" in result.stdout
    assert "CK 1450 U/L (lab range 26-192 U/L)" in result.stdout
    assert not jpath.exists()


def test_dstu2_is_read_and_named(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal", "import", str(RECORDS / "fhir_dstu2" / "diagnosticreport-example-ghp.dstu2.json"))
    assert result.exit_code == 0 and "from FHIR DSTU2" in result.stdout
    assert [row[2] for row in labs(jpath)] == ["alt", "ast", "ldh"]
    single = dmtx("journal", "import", str(RECORDS / "fhir_dstu2" / "synthetic_ck.dstu2.json"))
    assert "Imported 1 of 1 lab result from FHIR DSTU2" in single.stdout
    assert ("2019-06-10", "ck", None, 640.0, None, "26-192 U/L") in labs(jpath)


def test_ccda_results_section_only(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal", "import", str(RECORDS / "ccda" / "synthetic_dm_results.xml"))
    assert "Imported 4 of 4 lab results from C-CDA; skipped 1: 1 not final" in result.stdout
    assert [row[1:4] for row in labs(jpath)] == [
        ("ck", None, 1450.0),
        ("lab", "aldolase", 11.2),
        ("lab", "ast", 114.0),
        ("lab", "ldh", 310.0),
    ]
    published = dmtx("journal", "import", str(RECORDS / "ccda" / "CCD2_full_document.xml"))
    assert published.exit_code == 0 and "Imported 0 of 0" in published.stdout  # pending 804-5, vitals ignored


@pytest.mark.parametrize("name", ["results_bmp_troponin.section.xml", "results_unit_non_ucum.section.xml"])
def test_a_bare_hl7_section_is_not_a_document(dmtx: Dmtx, jpath: Path, name: str) -> None:
    assert_clean_error(dmtx("journal", "import", str(RECORDS / "ccda" / name)), 2, "Nothing was imported", "XML")
    assert not jpath.exists()


def test_an_unknown_unit_is_refused_in_one_sentence(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal", "import", str(RECORDS / "hostile" / "unknown_unit_mmol_per_min.observation.json"))
    assert result.exit_code == 0 and labs(jpath) == []
    assert (
        "Results in mmol/min were not imported: dmtx converts only U/L, IU/L, µkat/L or nkat/L to U/L." in result.stdout
    )


def test_the_apple_health_export_reads_only_clinical_records(dmtx: Dmtx, jpath: Path, tmp_path: Path) -> None:
    export = build(tmp_path / "export.zip")
    result = dmtx("journal", "import", str(export))
    assert result.exit_code == 0, result.stderr
    assert "Imported 3 of 3 lab results from FHIR R4 and FHIR DSTU2; skipped 1: 1 not a lab result" in result.stdout
    assert [(r[1], r[2], r[3]) for r in labs(jpath)] == [
        ("ck", None, 1450.0),
        ("lab", "ast", 114.0),
        ("lab", "alt", 88.0),
    ]


def test_export_xml_is_never_opened(dmtx: Dmtx, jpath: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    export = build(tmp_path / "export.zip")  # built first: building writes through ZipFile.open too
    opened: list[str] = []
    real = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        opened.append(getattr(name, "filename", str(name)))
        return real(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    assert dmtx("journal", "import", str(export)).exit_code == 0
    assert opened and all("/clinical-records/" in name for name in opened)


# --------------------------------------------------------------------------- hostile files: one sentence, nothing written


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("billion_laughs.xml", "DTD"),
        ("xxe_file.xml", "DTD"),
        ("xxe_external_dtd.xml", "DTD"),
        ("duplicate_keys.observation.json", "appears twice"),
        ("nan_value.observation.json", "NaN"),
        ("huge_int_value.observation.json", "digits"),
    ],
)
def test_hostile_files_are_refused_and_nothing_is_written(dmtx: Dmtx, jpath: Path, name: str, words: str) -> None:
    dmtx("journal", "add", "ck", "500", "--date", "2026-01-01")
    before = digest(jpath)
    assert_clean_error(dmtx("journal", "import", str(RECORDS / "hostile" / name)), 2, "Nothing was imported", words)
    assert digest(jpath) == before


def test_an_overflowing_value_is_skipped_not_stored(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal", "import", str(RECORDS / "hostile" / "overflow_value.observation.json"))
    assert result.exit_code == 0 and "1 with a value out of range" in result.stdout and labs(jpath) == []


@pytest.mark.parametrize(
    ("hostile", "words"),
    [
        ("bomb", "would unpack to"),
        ("lying-size", "damaged zip"),
        ("traversal", "points outside the export"),
        ("symlink", "symbolic link"),
    ],
)
def test_hostile_zips_are_refused_and_nothing_is_written(
    dmtx: Dmtx, jpath: Path, tmp_path: Path, hostile: str, words: str
) -> None:
    zipped = build(tmp_path / f"{hostile}.zip", hostile=hostile, bomb_mib=200)
    assert_clean_error(dmtx("journal", "import", str(zipped)), 2, "Nothing was imported", words)
    assert not jpath.exists()


def test_a_zip_packed_far_past_its_size_is_a_bomb(dmtx: Dmtx, jpath: Path, tmp_path: Path) -> None:
    from dmtx.journal import healthzip

    zipped = build(tmp_path / "small-bomb.zip", hostile="bomb", bomb_mib=2)  # under 5 MiB, packed ~1000:1
    assert_clean_error(dmtx("journal", "import", str(zipped)), 2, f"packed more than {healthzip.MAX_RATIO} times")
    assert not jpath.exists()


def test_too_many_members_are_refused(dmtx: Dmtx, jpath: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dmtx.journal import healthzip

    monkeypatch.setattr(healthzip, "MAX_MEMBERS", 100)
    zipped = build(tmp_path / "many.zip", hostile="many", many_count=200)
    assert_clean_error(dmtx("journal", "import", str(zipped)), 2, "has 207 files")
    assert not jpath.exists()


def test_the_health_export_may_come_on_standard_input(dmtx: Dmtx, jpath: Path, tmp_path: Path) -> None:
    """`cat export.zip | dmtx journal import -`: told from its bytes, read like the file, dry run first."""
    data = build(tmp_path / "export.zip").read_bytes()
    dry = dmtx("journal", "import", "--dry-run", "-", input=data)  # type: ignore[arg-type]
    assert dry.exit_code == 0, dry.stderr
    assert "Would add 3 lab results from FHIR R4 and FHIR DSTU2" in dry.stdout and "Nothing was written" in dry.stdout
    assert not jpath.exists()
    result = dmtx("journal", "import", "-", input=data)  # type: ignore[arg-type]
    assert result.exit_code == 0, result.stderr
    assert "Imported 3 of 3 lab results from FHIR R4 and FHIR DSTU2" in result.stdout
    assert [(r[1], r[2], r[3]) for r in labs(jpath)] == [
        ("ck", None, 1450.0),
        ("lab", "ast", 114.0),
        ("lab", "alt", 88.0),
    ]


def test_a_file_that_is_not_utf8_text_is_refused_naming_it(dmtx: Dmtx, jpath: Path, tmp_path: Path) -> None:
    latin = tmp_path / "labs.csv"
    latin.write_bytes("date,kind,value,note\n2026-01-02,ck,850,caf\u00e9\n".encode("latin-1"))
    result = dmtx("journal", "import", str(latin))
    assert_clean_error(result, 2)
    assert result.stderr == f"dmtx: Nothing was imported: {latin} is not UTF-8 text.\n"
    assert not jpath.exists()

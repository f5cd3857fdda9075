"""dmtx/journal/fhir.py in the test process, with small FHIR resources written here: how a result is
read (its LOINC code, value, comparator, unit, range, status, id), how it is dated (itself, its
panel or report by any kind of reference, when issued), what counts as not a result, how DSTU2 is
told from R4, and which JSON or NDJSON is refused. The published examples are in
test_journal_import.py."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from dmtx.journal import fhir, labs
from dmtx.journal.labs import LOINC_SYSTEM, Candidate

CK = {"system": LOINC_SYSTEM, "code": "2157-6"}


def observation(rid: str = "ck1", **fields: Any) -> dict[str, Any]:
    """A final CK result of 1450 U/L (UCUM), with the fields given added or replaced."""
    base: dict[str, Any] = {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "code": {"coding": [CK]},
        "valueQuantity": {"value": 1450, "unit": "U/L", "system": "http://unitsofmeasure.org", "code": "U/L"},
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def read(*resources: dict[str, Any]) -> tuple[list[Candidate], int]:
    return fhir.candidates(list(resources))


def one(resource: dict[str, Any]) -> Candidate:
    found, _ = read(resource)
    assert len(found) == 1
    return found[0]


# --------------------------------------------------------------------------- one result


def test_a_result_is_read_field_by_field() -> None:
    result = one(
        observation(
            effectiveDateTime="2024-03-04T08:00:00Z",
            referenceRange=[{"low": {"value": 26}, "high": {"value": 192}, "text": "26-192"}],
        )
    )
    assert result == Candidate(
        ("2157-6",),
        "1450",
        None,
        "U/L",
        "2024-03-04T08:00:00Z",
        "26",
        "192",
        "26-192",
        "final",
        "FHIR R4",
        "Observation/ck1",
    )


def test_only_loinc_codes_count() -> None:
    coded = observation(
        code={
            "coding": [{"system": "http://snomed.info/sct", "code": "2157-6"}, CK, {"system": LOINC_SYSTEM, "code": 7}]
        }
    )
    assert one(coded).codes == ("2157-6",)


@pytest.mark.parametrize(
    ("quantity", "unit"),
    [
        ({"value": 5, "unit": "units per litre", "system": "http://unitsofmeasure.org", "code": "U/L"}, "U/L"),
        ({"value": 5, "unit": "U/L", "system": "http://example.org/units", "code": "ukat"}, "U/L"),
        ({"value": 5, "unit": "U/L", "system": "http://unitsofmeasure.org", "code": ""}, "U/L"),
        ({"value": 5, "unit": "IU/L"}, "IU/L"),
        ({"value": 5}, ""),
        # A code with no system and no printed unit: some portals send only this; it is checked as any unit.
        ({"value": 5, "code": "U/L"}, "U/L"),
        ({"value": 5, "unit": "IU/L", "code": "U/L"}, "IU/L"),
        ({"value": 5, "system": "http://example.org/units", "code": "U/L"}, ""),
    ],
)
def test_the_ucum_code_is_the_unit_when_given_else_the_printed_unit(quantity: dict[str, Any], unit: str) -> None:
    assert one(observation(valueQuantity=quantity)).unit == unit


@pytest.mark.parametrize("comparator", ["<", "<=", ">", ">="])
def test_a_comparator_is_kept_with_the_number(comparator: str) -> None:
    result = one(observation(valueQuantity={"value": 5, "comparator": comparator, "unit": "U/L"}))
    assert (result.value, result.comparator) == ("5", comparator)


def test_a_value_that_is_not_a_number_is_no_value() -> None:
    for value in (True, {"x": 1}, [1], None):
        assert one(observation(valueQuantity={"value": value, "unit": "U/L"})).value is None


def test_a_result_given_as_text_is_read_as_that_text_and_skipped_as_not_a_number() -> None:
    """A CK of '>5000' sent as valueString was skipped as 'without a value': a very high result vanished unexplained."""
    found = one(observation(valueQuantity=None, valueString=">5000"))
    assert found.value == ">5000"
    assert labs.judge([found], today=date(2026, 6, 1)).skipped == {labs.NOT_A_NUMBER: 1}
    assert one(observation(valueQuantity=None)).value is None


def test_the_plain_reference_range_is_chosen_over_typed_ones() -> None:
    typed = {"type": {"text": "treatment"}, "low": {"value": 1}, "high": {"value": 2}}
    meaning = {"meaning": [{"text": "normal"}], "low": {"value": 3}, "high": {"value": 4}}
    plain = {"low": {"value": 26}, "high": {"value": 192}}
    assert (
        one(observation(referenceRange=[typed, plain])).low,
        one(observation(referenceRange=[typed, plain])).high,
    ) == ("26", "192")
    assert one(observation(referenceRange=[meaning, plain])).low == "26"
    assert one(observation(referenceRange=[typed, meaning])).low == "1"  # none plain: the first
    assert one(observation(referenceRange=[{"text": "up to 192"}])).range_text == "up to 192"


def test_a_result_without_an_id_is_named_with_a_question_mark() -> None:
    assert one(observation(rid="")).source_id == "Observation/?"


# --------------------------------------------------------------------------- its date


def test_a_result_is_dated_by_itself_first() -> None:
    assert one(observation(effectiveDateTime="2024-01-01", issued="2024-02-02")).when == "2024-01-01"
    assert one(observation(effectiveInstant="2024-01-03T10:00:00Z")).when == "2024-01-03T10:00:00Z"
    assert one(observation(effectivePeriod={"start": "2024-01-04"})).when == "2024-01-04"
    assert one(observation(issued="2024-02-02T09:00:00Z")).when == "2024-02-02T09:00:00Z"
    assert one(observation()).when is None


@pytest.mark.parametrize(
    "reference", ["Observation/ck1", "#ck1", "urn:uuid:ck1", "urn:uuid:5f1a6e2c-0000-4000-8000-000000000001"]
)
def test_a_result_is_dated_by_the_report_that_lists_it(reference: str) -> None:
    report = {
        "resourceType": "DiagnosticReport",
        "id": "r",
        "effectiveDateTime": "2024-03-04",
        "result": [{"reference": reference}],
    }
    bundle = {
        "resourceType": "Bundle",
        "entry": [
            {"fullUrl": "urn:uuid:5f1a6e2c-0000-4000-8000-000000000001", "resource": observation(issued="2024-05-05")},
            {"resource": report},
        ],
    }
    found, others = read(bundle)
    assert [r.when for r in found] == ["2024-03-04"]
    assert others == 1  # the report itself is not a result


def test_a_panel_dates_its_members_and_is_not_itself_a_result() -> None:
    panel = observation(
        "panel", hasMember=[{"reference": "Observation/ck1"}], effectiveDateTime="2024-03-04", valueQuantity=None
    )
    found, others = read({"resourceType": "Bundle", "entry": [{"resource": panel}, {"resource": observation()}]})
    assert [(r.source_id, r.when) for r in found] == [("Observation/ck1", "2024-03-04")]
    assert others == 1


def test_a_dstu2_panel_names_its_members_as_related_has_member() -> None:
    panel = observation(
        "panel",
        related=[
            {"type": "derived-from", "target": {"reference": "Observation/x"}},
            {"type": "has-member", "target": {"reference": "Observation/ck1"}},
        ],
        effectiveDateTime="2024-03-04",
    )
    found, others = read({"resourceType": "Bundle", "entry": [{"resource": panel}, {"resource": observation()}]})
    assert [(r.source_id, r.when, r.fmt) for r in found] == [("Observation/ck1", "2024-03-04", "FHIR DSTU2")]
    assert others == 1
    derived_only = observation("p2", related=[{"type": "derived-from", "target": {"reference": "Observation/x"}}])
    assert len(read(derived_only)[0]) == 1  # not a panel: a result


def test_other_resources_count_and_a_bundle_does_not() -> None:
    patient = {"resourceType": "Patient", "id": "p"}
    found, others = read(
        {"resourceType": "Bundle", "entry": [{"resource": patient}, {"resource": observation()}]}, patient
    )
    assert len(found) == 1 and others == 2


# --------------------------------------------------------------------------- DSTU2 or R4


@pytest.mark.parametrize(
    "mark",
    [
        {"category": {"text": "lab"}},
        {"interpretation": {"text": "high"}},
        {"comments": "x"},
        {"related": []},
        {"fhir_comments": ["x"]},
        {"referenceRange": [{"meaning": {"text": "normal"}}]},
    ],
)
def test_any_dstu2_mark_makes_the_file_dstu2(mark: dict[str, Any]) -> None:
    assert fhir.version(observation(**mark)) == fhir.DSTU2
    bundle = {
        "resourceType": "Bundle",
        "entry": [{"resource": observation("a")}, {"resource": observation("b", **mark)}],
    }
    assert {r.fmt for r in read(bundle)[0]} == {fhir.DSTU2}


def test_r4_has_none_of_the_marks() -> None:
    r4 = observation(
        category=[{"text": "lab"}], interpretation=[{"text": "high"}], referenceRange=[{"type": {"text": "x"}}]
    )
    assert fhir.version(r4) == fhir.R4


# --------------------------------------------------------------------------- JSON and NDJSON


def test_ndjson_is_one_resource_a_line() -> None:
    lines = "\n".join(json.dumps(observation(f"ck{n}")) for n in range(2))
    assert [r["id"] for r in fhir.resources_of(lines + "\n\n")] == ["ck0", "ck1"]


def test_one_line_of_json_that_is_broken_is_the_files_own_reason() -> None:
    with pytest.raises(fhir.BadJson, match=r"^Expecting"):
        fhir.resources_of('{"resourceType": "Observation",')
    with pytest.raises(fhir.BadJson, match=r"^Expecting"):  # two lines, the first not a whole object
        fhir.resources_of('{"resourceType":\n "Observation",')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": 1, "a": 2}', "the key 'a' appears twice in one object"),
        ('{"k' + "x" * 60 + '": 1, "k' + "x" * 60 + '": 2}', "the key 'k" + "x" * 39 + "' appears twice in one object"),
        ('{"value": NaN}', "NaN is not a number JSON allows"),
        ('{"value": -Infinity}', "-Infinity is not a number JSON allows"),
        ("[1, 2]", "it is not a FHIR resource (no resourceType)"),
        ('{"resourceType": 5}', "it is not a FHIR resource (no resourceType)"),
    ],
)
def test_strict_json_refuses_what_json_would_let_through(text: str, message: str) -> None:
    with pytest.raises(fhir.BadJson) as caught:
        fhir.resources_of(text)
    assert str(caught.value) == message


def test_a_parser_error_is_cut_at_its_first_clause() -> None:
    with pytest.raises(fhir.BadJson) as caught:
        fhir.loads('{"a": }')
    assert str(caught.value) == "Expecting value: line 1 column 7 (char 6)"


def test_decimals_are_kept_as_written() -> None:
    assert one(observation(valueQuantity={"value": fhir.loads("1450.10"), "unit": "U/L"})).value == "1450.10"


def test_a_number_too_long_is_refused_with_pythons_reason_up_to_its_advice() -> None:
    with pytest.raises(fhir.BadJson) as caught:
        fhir.loads('{"value": ' + "9" * 5000 + "}")
    assert str(caught.value) == "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits"


def test_ndjson_must_start_with_a_whole_object() -> None:
    with pytest.raises(fhir.BadJson) as caught:
        fhir.resources_of("[1]\n" + json.dumps(observation()))
    assert str(caught.value) == "Extra data: line 2 column 1 (char 4)"  # the whole file's reason, not a line's


def test_two_panels_count_twice_and_a_member_that_is_not_an_object_is_skipped() -> None:
    first = observation("p1", hasMember=["Observation/ck1", {"reference": 7}], effectiveDateTime="2024-03-04")
    second = observation("p2", hasMember=[{"reference": "Observation/ck1"}], effectiveDateTime="2024-03-05")
    found, others = read({"resourceType": "Bundle", "entry": [{"resource": r} for r in (first, second, observation())]})
    assert [r.when for r in found] == ["2024-03-05"] and others == 2

"""What a chart of the journal draws (dmtx.journal.series.series_for, called directly): which entries,
under which label, on which scale, with which visit marks.

Written for the mutation run on dmtx/journal/series.py (issue #26, docs/mutation.md).
"""

from __future__ import annotations

import pytest

from dmtx.journal.entries import Entry
from dmtx.journal.series import series_for


def dose(day: str, name: str, value: float, per: str | None = "day", drug: str | None = "prednisone") -> Entry:
    return Entry(day, "dose", name, value, "mg", per, drug=drug)


ENTRIES = [
    dose("2026-01-01", "prednisone", 20),
    dose("2026-01-05", "Rayos", 15),
    dose("2026-01-06", "methotrexate", 15, per="week", drug="methotrexate"),
    dose("2026-01-09", "Rayos", 0),
    Entry("2026-01-02", "ck", value=900),
    Entry("2026-01-07", "ck", value=950),
]


def test_a_drug_draws_every_brand_of_it_and_a_brand_only_itself() -> None:
    drug = series_for(ENTRIES, "dose", "PREDNISONE")
    assert drug is not None
    assert drug.points == (("2026-01-01", 20.0), ("2026-01-05", 15.0), ("2026-01-09", 0.0))
    brand = series_for(ENTRIES, "dose", "Rayos")
    assert brand is not None
    assert brand.points == (("2026-01-05", 15.0), ("2026-01-09", 0.0))
    assert brand.label == "Rayos (mg a day)"
    assert series_for(ENTRIES, "dose", "azathioprine") is None


@pytest.mark.parametrize("typed", ["prednisone", "PREDNISONE", "Prednisone"])
def test_a_drug_typed_as_the_guide_names_it_keeps_that_name_in_the_label(typed: str) -> None:
    found = series_for(ENTRIES, "dose", typed)
    assert found is not None and found.label == "prednisone (mg a day)"  # not the last brand typed (Rayos)


def test_a_name_typed_otherwise_is_labelled_as_last_typed() -> None:
    entries = [dose("2026-01-01", "Solu-Medrol", 500, drug="methylprednisolone")]
    found = series_for(entries, "dose", "solu-medrol")
    assert found is not None and found.label == "Solu-Medrol (mg a day)"


def test_a_kind_without_names_draws_all_its_values_on_its_scale() -> None:
    ck = series_for(ENTRIES, "ck")
    assert ck is not None
    assert (ck.id, ck.label, ck.points) == ("ck", "CK (U/L)", (("2026-01-02", 900.0), ("2026-01-07", 950.0)))
    score = series_for([Entry("2026-01-01", "score", "pain", 4.0)], "score", "pain")
    assert score is not None and (score.id, score.label, score.high) == ("score-pain", "Pain (0-10)", 10.0)


def test_visit_marks_from_the_first_value_to_the_last_both_days_included() -> None:
    marks = ("2026-01-01", "2026-01-02", "2026-01-04", "2026-01-07", "2026-01-08")
    ck = series_for(ENTRIES, "ck", marks=marks)
    assert ck is not None and ck.marks == ("2026-01-02", "2026-01-04", "2026-01-07")
    from_start = series_for(ENTRIES, "ck", marks=marks, start="2026-01-01")
    assert from_start is not None and from_start.marks == ("2026-01-01", "2026-01-02", "2026-01-04", "2026-01-07")


def test_units_name_every_schedule_once() -> None:
    entries = [dose("2026-01-01", "prednisone", 20), dose("2026-01-08", "prednisone", 140, per="week")]
    entries.append(dose("2026-01-09", "prednisone", 5, per=None))
    entries.append(Entry("2026-01-10", "dose", "prednisone", 2, "g", "4 weeks", course="5 days", drug="prednisone"))
    found = series_for(entries, "dose", "prednisone")
    assert found is not None
    assert found.label == "prednisone (g every 4 weeks, over 5 days or mg or mg a day or mg a week)"


def test_visit_marks_run_to_the_last_value_not_the_second() -> None:
    values = [Entry(f"2026-01-0{n}", "ck", value=900.0 + n) for n in (1, 3, 5)]
    found = series_for(values, "ck", marks=("2026-01-02", "2026-01-04", "2026-01-05", "2026-01-06"))
    assert found is not None and found.marks == ("2026-01-02", "2026-01-04", "2026-01-05")

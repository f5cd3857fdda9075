"""Fast in-process unit tests of the journal modules: summary, entries, labs, rows, table, records.

Each test calls the code directly (no subprocess), so that mutation testing counts it. Boundaries are
tested on both sides (the day before, the day of, the day after; the limit and one past it), and
where the code writes words for a patient the test reads those exact words.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from dmtx.document.chart import Series
from dmtx.document.checklist import JournalMedicine, JournalPart
from dmtx.errors import NotFound, UsageProblem
from dmtx.journal import entries as E
from dmtx.journal import kinds, labs, records, rows, summary, table
from dmtx.journal.entries import Entry
from dmtx.journal.labs import Candidate, Found
from dmtx.journal.rules import make_record, taken_since
from dmtx.knowledge import load
from dmtx.model import Knowledge
from dmtx.output import Display

from conftest import BUNDLED

TODAY = dt.date(2026, 3, 1)
KNOWLEDGE = load(BUNDLED, use_cache=False)
DRUGS = {drug.id: drug for drug in KNOWLEDGE.drugs}
_MTX_WARNING = DRUGS["methotrexate"].schedule_warning
assert _MTX_WARNING is not None
MTX_WARNING_TEXT = _MTX_WARNING.text
RECORDS = Path(__file__).parent / "fixtures" / "records"


def problem(call: object, *args: object, **kwargs: object) -> str:
    """The message of the UsageProblem a call raises."""
    assert callable(call)
    with pytest.raises(UsageProblem) as caught:
        call(*args, **kwargs)
    return str(caught.value)


# =========================================================================== entries.py


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (850.0, "850"), (7.5, "7.5"), (0.0, "0"), (2.50, "2.5"), (1.23456, "1.2346"), (0.1, "0.1")],
)
def test_number_text_writes_numbers_as_people_do(value: float | None, text: str) -> None:
    assert E.number_text(value) == text


@pytest.mark.parametrize(
    ("per", "course", "words"),
    [
        (None, None, ""),
        ("day", None, "a day"),
        ("week", None, "a week"),
        ("month", None, "a month"),
        ("4 weeks", None, "every 4 weeks"),
        ("2 days", None, "every 2 days"),
        ("4 weeks", "5 days", "every 4 weeks, over 5 days"),
        (None, "5 days", "over 5 days"),
    ],
)
def test_schedule_words(per: str | None, course: str | None, words: str) -> None:
    assert E.schedule_words(per, course) == words


def test_dose_text_puts_amount_unit_and_schedule_together() -> None:
    assert E.dose_text(Entry("2026-01-01", "dose", "prednisone", 40.0, "mg", "day")) == "40 mg a day"
    assert E.dose_text(Entry("2026-01-01", "dose", "mtx", 15.0, "mg", "week")) == "15 mg a week"
    ivig = Entry("2026-01-01", "dose", "Octagam", 140.0, "g", "4 weeks", course="5 days")
    assert E.dose_text(ivig) == "140 g every 4 weeks, over 5 days"
    assert E.dose_text(Entry("2026-01-01", "dose", "x", 2.0, "g")) == "2 g"


@pytest.mark.parametrize(
    ("span", "days"),
    [
        (None, None),
        ("", None),
        ("day", 1),
        ("week", 7),
        ("month", 30),
        ("4 weeks", 28),
        ("2 months", 60),
        ("3 days", 3),
    ],
)
def test_span_days(span: str | None, days: int | None) -> None:
    assert E.span_days(span) == days


@pytest.mark.parametrize(
    ("per", "course", "days"),
    [
        ("week", None, 7),
        ("4 weeks", "5 days", 1),
        ("4 weeks", "day", 28),
        (None, None, None),
        (None, "2 days", 1),
        ("day", "5 days", 1),
        # As long as the gap or longer (an import of 'weekly, over 8 weeks'): no course, the gap stands.
        ("week", "8 weeks", 7),
        ("week", "7 days", 7),
        ("week", "6 days", 1),
        ("2 days", "2 days", 2),  # every other day: the shortest gap a course can outlast
    ],
)
def test_interval_days_is_daily_during_a_course_of_several_days(
    per: str | None, course: str | None, days: int | None
) -> None:
    assert E.interval_days(Entry("2026-01-01", "dose", "x", 1.0, "g", per, course=course)) == days


@pytest.mark.parametrize(
    ("per", "value", "warned"),
    [
        ("day", 15.0, True),
        ("6 days", 15.0, True),  # one day short of the weekly minimum
        ("week", 15.0, False),  # exactly the minimum: not more often than usual
        ("8 days", 15.0, False),
        ("day", 0.0, False),  # a stopped medicine is not taken too often
        (None, 15.0, False),  # no schedule recorded: nothing to judge
    ],
)
def test_methotrexate_more_often_than_weekly_is_warned(per: str | None, value: float, warned: bool) -> None:
    entry = Entry("2026-01-01", "dose", "methotrexate", value, "mg", per)
    expected = MTX_WARNING_TEXT if warned else None
    assert E.schedule_warning(DRUGS["methotrexate"], entry) == expected


def test_no_schedule_warning_without_a_drug_or_for_a_drug_without_one() -> None:
    daily = Entry("2026-01-01", "dose", "x", 20.0, "mg", "day")
    assert E.schedule_warning(None, daily) is None
    assert E.schedule_warning(DRUGS["prednisone"], daily) is None


def test_a_course_of_days_counts_as_daily_for_the_warning() -> None:
    entry = Entry("2026-01-01", "dose", "methotrexate", 15.0, "mg", "week", course="3 days")
    assert E.schedule_warning(DRUGS["methotrexate"], entry) == MTX_WARNING_TEXT


# --------------------------------------------------------------------------- check_date


def test_check_date_accepts_today_and_refuses_tomorrow() -> None:
    assert E.check_date("2026-03-01", today=TODAY) == "2026-03-01"
    assert E.check_date(" 2026-02-28 ", today=TODAY) == "2026-02-28"
    assert problem(E.check_date, "2026-03-02", today=TODAY) == (
        "2026-03-02 is in the future; a journal records what has already happened."
    )


def test_check_date_without_a_date_is_today() -> None:
    assert E.check_date(None, today=TODAY) == "2026-03-01"


def test_check_date_earliest_year_is_1900() -> None:
    assert E.check_date("1900-01-01", today=TODAY) == "1900-01-01"
    assert problem(E.check_date, "1899-12-31", today=TODAY) == "1899-12-31 is too long ago for a journal entry."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-3-1", "'2026-3-1' is not a date written YYYY-MM-DD, e.g. 2026-03-01."),
        ("01/03/2026", "'01/03/2026' is not a date written YYYY-MM-DD, e.g. 2026-03-01."),
        ("2026-02-29", "2026-02-29 is not a real date."),
        ("2026-13-01", "2026-13-01 is not a real date."),
    ],
)
def test_check_date_refuses_other_forms_and_unreal_dates(text: str, message: str) -> None:
    assert problem(E.check_date, text, today=TODAY) == message


# --------------------------------------------------------------------------- numbers, doses, spans


def test_check_number_limit_is_inclusive() -> None:
    assert E.check_number("100", "A dose", high=100) == 100.0
    assert problem(E.check_number, "100.5", "A dose", high=100) == "A dose 100.5 is too large (the limit is 100)."
    assert E.check_number("0", "A dose", high=100) == 0.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "A CK value cannot be negative (-5)."),
        ("-0.5", "A CK value cannot be negative (-0.5)."),
        ("abc", "A CK value must be a number such as 850 or 7.5, not 'abc'."),
        ("1e5", "A CK value must be a number such as 850 or 7.5, not '1e5'."),
        ("nan", "A CK value must be a number such as 850 or 7.5, not 'nan'."),
        ("+5", "A CK value must be a number such as 850 or 7.5, not '+5'."),
        ("1.23456", "A CK value must be a number such as 850 or 7.5, not '1.23456'."),
        ("1000000.5", "A CK value 1000000.5 is too large (the limit is 1000000)."),
    ],
)
def test_check_ck_refuses_what_is_not_a_plain_number_in_range(text: str, message: str) -> None:
    assert problem(E.check_ck, text) == message


def test_check_ck_takes_the_limit_and_four_decimals() -> None:
    assert E.check_ck("1000000") == 1_000_000.0
    assert E.check_ck(" 850 ") == 850.0
    assert E.check_ck("7.1234") == 7.1234


def test_check_dose_limit_unit_and_schedule() -> None:
    assert E.check_dose("100000", "MG", None) == (100000.0, "mg", None)
    assert E.check_dose("15", " mg ", "every 1 week") == (15.0, "mg", "week")
    assert E.check_dose("140", "g", "4 weeks") == (140.0, "g", "4 weeks")
    assert problem(E.check_dose, "100001", "mg", None) == "A dose 100001 is too large (the limit is 100000)."
    assert problem(E.check_dose, "5", "mL/h", None) == (
        "'mL/h' is not a unit dmtx knows; use one of mg, g, mcg, ml, units, mg/kg, g/kg."
    )


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("day", "day"),
        ("days", "day"),
        ("1 week", "week"),
        ("every 4 weeks", "4 weeks"),
        ("  4   Weeks ", "4 weeks"),
        ("other day", "2 days"),
        ("every other week", "2 weeks"),
        ("366 days", "366 days"),
        ("104 weeks", "104 weeks"),
        ("24 months", "24 months"),
        ("1 month", "month"),
    ],
)
def test_check_span_keeps_a_schedule_in_one_form(text: str, kept: str) -> None:
    assert E.check_span(text, "--every") == kept


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("367 days", "--every '367 days' is out of range: 1 to 366 days."),
        ("105 weeks", "--every '105 weeks' is out of range: 1 to 104 weeks."),
        ("25 months", "--every '25 months' is out of range: 1 to 24 months."),
        ("0 days", "--every '0 days' is out of range: 1 to 366 days."),
        ("fortnight", '--every must be "N days", "N weeks" or "N months" (e.g. "4 weeks"), not \'fortnight\'.'),
        ("4 years", '--every must be "N days", "N weeks" or "N months" (e.g. "4 weeks"), not \'4 years\'.'),
    ],
)
def test_check_span_refuses_what_is_out_of_range_or_unknown(text: str, message: str) -> None:
    assert problem(E.check_span, text, "--every") == message


def test_check_schedule_takes_per_or_every_not_both() -> None:
    assert E.check_schedule(None, None) is None
    assert E.check_schedule("Week", None) == "week"
    assert E.check_schedule(None, "4 weeks") == "4 weeks"
    assert problem(E.check_schedule, "day", "4 weeks") == (
        'Give --per or --every, not both (e.g. --per week, or --every "4 weeks").'
    )
    assert problem(E.check_schedule, "month", None) == (
        "--per must be day or week, not 'month'; for others use --every \"N weeks\"."
    )


def test_check_range_is_one_line_of_at_most_60_characters() -> None:
    assert E.check_range("") is None
    assert E.check_range("   ") is None
    assert E.check_range("26-192") == "26-192"
    assert E.check_range("26-\n192") == "26- 192"
    assert E.check_range("x" * 60) == "x" * 60
    assert problem(E.check_range, "x" * 61) == "The reference range is too long (61 characters; the limit is 60)."


def test_check_text_limit_is_inclusive_and_counts_after_stripping() -> None:
    assert E.check_text("a" * 2000, "note") == "a" * 2000
    assert E.check_text("  " + "a" * 2000 + "  ", "note") == "a" * 2000
    assert problem(E.check_text, "a" * 2001, "note") == "The note is too long (2001 characters; the limit is 2000)."


def test_check_text_refuses_empty_and_control_characters_but_keeps_new_lines() -> None:
    assert problem(E.check_text, "  \n ", "note") == "The note is empty."
    assert E.check_text("line one\nline two", "note") == "line one\nline two"
    assert problem(E.check_text, "bell\x07", "note") == (
        "The note contains a control character (U+0007); please remove it."
    )
    assert problem(E.check_text, "a\u202eb", "note") == (
        "The note contains a control character (U+202E); please remove it."
    )


def test_check_name_is_one_line_of_at_most_80_characters() -> None:
    assert E.check_name("Otrexup\nPFS") == "Otrexup PFS"
    assert E.check_name("n" * 80) == "n" * 80
    assert problem(E.check_name, "n" * 81) == "The medicine name is too long (81 characters; the limit is 80)."


def test_optional_note() -> None:
    assert E.optional_note(None) is None
    assert E.optional_note(" sore ") == "sore"
    assert problem(E.optional_note, " ") == "The note is empty."


def test_shown_quotes_at_most_40_characters() -> None:
    assert E.shown("a" * 40) == repr("a" * 40)
    assert E.shown("a" * 41) == repr("a" * 39 + "…")


def test_the_key_ignores_drug_range_and_origin_but_not_the_course() -> None:
    base = Entry("2026-01-01", "ck", None, 850.0, "U/L")
    assert base.key() == base._replace(range="26-192 U/L", origin="FHIR R4", drug="x", id=4).key()
    assert base.key() != base._replace(value=851.0).key()
    assert base.key() != base._replace(day="2026-01-02").key()
    assert base.key() != base._replace(note="n").key()
    dose = Entry("2026-01-01", "dose", "Octagam", 140.0, "g", "4 weeks")
    assert dose.key() != dose._replace(course="5 days").key()
    assert len(base.key()) == 32


# =========================================================================== labs.py


def cand(
    value: str | None = "850",
    unit: str = "U/L",
    when: str | None = "2026-02-01",
    *,
    codes: tuple[str, ...] = ("2157-6",),
    comparator: str | None = None,
    low: str | None = None,
    high: str | None = None,
    range_text: str | None = None,
    status: str | None = "final",
    fmt: str = "FHIR R4",
    source_id: str = "Observation/1",
) -> Candidate:
    return Candidate(codes, value, comparator, unit, when, low, high, range_text, status, fmt, source_id)


def judged(*candidates: Candidate) -> Found:
    return labs.judge(list(candidates), today=TODAY)


def only(candidate: Candidate) -> Entry:
    found = judged(candidate)
    assert not found.skipped, found.skipped
    (entry,) = found.entries
    return entry


def reason(candidate: Candidate) -> str:
    found = judged(candidate)
    assert not found.entries, found.entries
    (why,) = found.skipped
    return why


def test_a_ck_result_becomes_a_ck_entry_in_u_l() -> None:
    entry = only(cand(low="26", high="192"))
    assert entry == Entry(  # kept without a unit, as a typed CK result is (CK is always U/L)
        "2026-02-01",
        "ck",
        None,
        850.0,
        None,
        None,
        None,
        range="26-192 U/L",
        origin="FHIR R4, LOINC 2157-6, Observation/1",
    )


@pytest.mark.parametrize(
    ("code", "name"),
    [("1761-6", "aldolase"), ("1742-6", "alt"), ("77144-4", "alt"), ("1920-8", "ast"), ("2532-0", "ldh")],
)
def test_each_lab_code_is_kept_under_its_own_name(code: str, name: str) -> None:
    entry = only(cand(codes=(code,)))
    assert (entry.kind, entry.name, entry.unit) == ("lab", name, "U/L")
    assert entry.origin == f"FHIR R4, LOINC {code}, Observation/1"


def test_the_first_code_dmtx_keeps_decides_the_row() -> None:
    entry = only(cand(codes=("12345-6", "1920-8", "2157-6")))
    assert (entry.kind, entry.name) == ("lab", "ast")
    assert "LOINC 1920-8" in (entry.origin or "")


def test_rows_by_code_maps_loinc_codes_to_their_rows() -> None:
    table = labs.rows_by_code()
    assert (table["2157-6"].kind, table["2157-6"].name) == ("ck", None)
    assert table["14805-6"].name == "ldh"
    assert "2345-7" not in table  # glucose


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("850", "U/L", 850.0),
        ("850", " U/L ", 850.0),
        ("850", "IU/L", 850.0),
        ("850", "[IU]/L", 850.0),
        ("850", "mU/mL", 850.0),
        ("1.9", "ukat/L", 114.0),
        ("1.9", "\u00b5kat/L", 114.0),
        ("1.9", "\u03bckat/L", 114.0),
        ("100", "nkat/L", 6.0),
    ],
)
def test_units_are_converted_to_u_l(value: str, unit: str, expected: float) -> None:
    assert only(cand(value, unit)).value == expected


def test_an_unknown_unit_is_skipped_and_named_once_in_order() -> None:
    found = judged(cand(unit="mmol/L"), cand(unit="mmol/L", when="2026-02-02"), cand(unit="  "), cand(unit="g/dL"))
    assert found.entries == ()
    assert found.skipped == Counter({labs.BAD_UNIT: 4})
    assert found.units == ("g/dL", "mmol/L", "no unit")
    assert found.unit_sentence() == (
        "Results in g/dL, mmol/L, no unit were not imported: dmtx converts only U/L, IU/L, µkat/L or nkat/L to U/L."
    )
    assert Found((), Counter(), ()).unit_sentence() is None


def test_a_refused_unit_is_named_in_at_most_20_characters() -> None:
    assert judged(cand(unit="u" * 30)).units == ("u" * 20,)


@pytest.mark.parametrize(
    ("value", "unit", "kept"),
    [
        ("1000000", "U/L", True),
        ("1000000.01", "U/L", False),
        ("16666.66", "ukat/L", True),  # 999999.6 U/L
        ("16666.67", "ukat/L", False),  # 1000000.2 U/L: the limit is on the converted value
        ("0", "U/L", True),
        ("-0.01", "U/L", False),
    ],
)
def test_values_out_of_range_are_skipped(value: str, unit: str, kept: bool) -> None:
    found = judged(cand(value, unit))
    assert bool(found.entries) is kept
    assert found.skipped == (Counter() if kept else Counter({labs.BAD_VALUE: 1}))


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (None, labs.NO_VALUE),
        ("abc", labs.NOT_A_NUMBER),
        ("NaN", labs.NOT_A_NUMBER),
        ("Infinity", labs.NOT_A_NUMBER),
        ("", labs.NOT_A_NUMBER),
        (">5000", labs.NOT_A_NUMBER),
        ("-5", labs.BAD_VALUE),
    ],
)
def test_a_missing_or_unreadable_value_is_skipped_with_its_reason(value: str | None, why: str) -> None:
    assert reason(cand(value)) == why


@pytest.mark.parametrize("status", ["final", "FINAL", "amended", "corrected", "completed", None])
def test_final_results_are_kept(status: str | None) -> None:
    assert only(cand(status=status)).value == 850.0


@pytest.mark.parametrize("status", ["preliminary", "registered", "cancelled", "entered-in-error", "unknown"])
def test_results_that_are_not_final_are_skipped(status: str) -> None:
    assert reason(cand(status=status)) == labs.NOT_FINAL
    assert reason(cand(None, status=status)) == labs.NOT_FINAL  # judged before the value


@pytest.mark.parametrize(
    ("when", "day"),
    [
        ("2026-03-01", "2026-03-01"),  # today
        ("2026-03-01T23:59:00+14:00", "2026-03-01"),  # the lab's own day, not converted
        ("20240304081500", "2024-03-04"),  # C-CDA
        ("1900-01-01", "1900-01-01"),
    ],
)
def test_results_up_to_today_are_kept_on_the_labs_day(when: str, day: str) -> None:
    assert only(cand(when=when)).day == day


@pytest.mark.parametrize(
    ("when", "why"),
    [
        ("2026-03-02", labs.FUTURE),
        ("2026-03-02T00:00:00Z", labs.FUTURE),
        ("1899-12-31", labs.TOO_OLD),
        (None, labs.NO_DATE),
        ("2026-02-30", labs.NO_DATE),
        ("March 1", labs.NO_DATE),
    ],
)
def test_results_after_today_before_1900_or_without_a_real_date_are_skipped(when: str | None, why: str) -> None:
    assert reason(cand(when=when)) == why


@pytest.mark.parametrize(
    ("when", "day"),
    [
        ("2024-03-04T08:15:00+01:00", "2024-03-04"),
        ("  2024-03-04", "2024-03-04"),
        ("20240304", "2024-03-04"),
        ("2024-02-29", "2024-02-29"),
        ("2023-02-29", None),
        ("2024-00-10", None),
        ("", None),
        (None, None),
        ("04/03/2024", None),
    ],
)
def test_day_of(when: str | None, day: str | None) -> None:
    assert labs.day_of(when, TODAY) == day


@pytest.mark.parametrize("comparator", ["<", "<=", ">=", ">"])
def test_a_comparator_is_kept_in_a_note_with_the_converted_value(comparator: str) -> None:
    entry = only(cand("100", "nkat/L", comparator=comparator))
    assert entry.value == 6.0
    assert entry.note == f"The lab reported {comparator}6 U/L."


def test_an_unknown_comparator_adds_no_note() -> None:
    assert only(cand(comparator="ad")).note is None
    assert only(cand(comparator=None)).note is None


def test_a_lab_rows_note_names_u_l() -> None:
    entry = only(cand("20000", codes=("1761-6",), comparator=">"))
    assert entry.note == "The lab reported >20000 U/L."


@pytest.mark.parametrize(
    ("low", "high", "text", "unit", "words"),
    [
        ("26", "192", None, "U/L", "26-192 U/L"),
        ("0.17", "0.6", "0.17-0.60 ukat/L", "ukat/L", "10.2-36 U/L"),
        (None, "7.7", None, "U/L", "up to 7.7 U/L"),
        ("26", None, None, "U/L", "from 26 U/L"),
        ("abc", "192", None, "U/L", "up to 192 U/L"),
        (None, None, "  <  7.7\n U/L ", "U/L", "< 7.7 U/L"),
        (None, None, "   ", "U/L", None),
        (None, None, None, "U/L", None),
        (None, None, "r" * 70, "U/L", "r" * 60),
        ("1", "2.123456", None, "U/L", "1-2.1235 U/L"),
        # Text in the lab's unit beside a value changed to U/L: its numbers are changed too, or it is left out.
        (None, None, "0.17 - 0.60 ukat/L", "ukat/L", "10.2-36 U/L"),
        (None, "0.6", None, "ukat/L", "up to 36 U/L"),  # one end only, converted too
        ("0.17", None, None, "ukat/L", "from 10.2 U/L"),
        (None, None, "0.17 to 0.6", "ukat/L", "10.2-36 U/L"),
        (None, None, "below 0.6 ukat/L", "ukat/L", None),
        (None, None, "120 - 246 U/L", "U/L", "120 - 246 U/L"),
    ],
)
def test_the_reference_range_in_words(
    low: str | None, high: str | None, text: str | None, unit: str, words: str | None
) -> None:
    assert only(cand(unit=unit, low=low, high=high, range_text=text)).range == words


def test_origin_names_format_code_and_at_most_32_characters_of_the_source() -> None:
    assert only(cand(source_id="")).origin == "FHIR R4, LOINC 2157-6"
    assert only(cand(source_id="s" * 40)).origin == "FHIR R4, LOINC 2157-6, " + "s" * 32
    assert only(cand(fmt="C-CDA", source_id="2.25.1")).origin == "C-CDA, LOINC 2157-6, 2.25.1"


def test_results_repeated_in_the_file_are_kept_once() -> None:
    found = judged(cand(), cand(source_id="Observation/2"), cand(fmt="C-CDA"), cand(when="2026-02-02"))
    assert [e.day for e in found.entries] == ["2026-02-01", "2026-02-02"]
    assert found.skipped == Counter({labs.DUPLICATE: 2})
    assert found.formats == ("FHIR R4", "C-CDA")


def test_codes_dmtx_does_not_keep_are_counted() -> None:
    found = judged(cand(codes=("2345-7",)), cand(codes=()), cand())
    assert len(found.entries) == 1
    assert found.skipped == Counter({labs.NOT_WANTED: 2})


def test_the_skipped_summary_lists_the_most_common_reason_first_then_by_name() -> None:
    found = Found((), Counter({labs.NO_VALUE: 1, labs.NOT_WANTED: 2, labs.FUTURE: 1}), ())
    assert labs.summary(found) == (
        "skipped 4: 2 not a result dmtx keeps (by LOINC code); 1 dated in the future; 1 without a value"
    )
    assert labs.summary(Found((), Counter(), ())) == ""


def test_refuse_says_nothing_was_imported() -> None:
    assert str(labs.refuse("labs.json", "is not UTF-8 text.")) == "Nothing was imported: labs.json is not UTF-8 text."


# =========================================================================== records.py


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"PK\x03\x04rest", "zip"),
        (b"<?xml version='1.0'?>", "xml"),
        (b"\xef\xbb\xbf  \n<ClinicalDocument>", "xml"),
        (b'{"resourceType": "Bundle"}', "fhir"),
        (b'\xef\xbb\xbf\n {"resourceType": "Observation"}', "fhir"),
        (b'{"entries": []}', None),  # dmtx's own JSON
        (b"day,kind,name\n", None),
        (b"PK\x05\x06", None),  # an empty zip's end record, not a member
        (b"", None),
    ],
)
def test_sniff_tells_the_format_by_its_first_bytes(head: bytes, kind: str | None) -> None:
    assert records.sniff(head) == kind


def _found(n: int, skipped: Counter[str] | None = None, units: tuple[str, ...] = ()) -> Found:
    entries = tuple(Entry(f"2026-01-{d:02d}", "ck", value=1.0) for d in range(1, n + 1))
    return Found(entries, skipped or Counter(), ("FHIR R4", "C-CDA"), units)


def test_the_dry_run_report_says_would_add() -> None:
    assert records.report(_found(1), added=None) == "Would add 1 lab result from FHIR R4 and C-CDA."
    assert records.report(_found(2), added=None) == "Would add 2 lab results from FHIR R4 and C-CDA."
    assert records.report(_found(0), added=None) == "Would add 0 lab results from FHIR R4 and C-CDA."


def test_the_import_report_says_what_was_already_there_and_skipped() -> None:
    assert records.report(_found(2), added=2) == "Imported 2 of 2 lab results from FHIR R4 and C-CDA."
    text = records.report(_found(3, Counter({labs.NO_DATE: 1})), added=1, after=" Done.")
    assert text == (
        "Imported 1 of 3 lab results from FHIR R4 and C-CDA; 2 were already in the journal; "
        "skipped 1: 1 without a date. Done."
    )
    one = records.report(_found(2), added=1)
    assert one == "Imported 1 of 2 lab results from FHIR R4 and C-CDA; 1 was already in the journal."
    assert E.already_sentence(1) == "; 1 was already in the journal"
    assert E.already_sentence(0) == "; 0 were already in the journal"


def test_the_report_without_formats_names_the_file_and_adds_the_unit_sentence() -> None:
    found = Found((), Counter({labs.BAD_UNIT: 1}), (), ("mmol/L",))
    assert records.report(found, added=0) == (
        "Imported 0 of 0 lab results from the file; skipped 1: 1 in a unit dmtx cannot convert.\n"
        "Results in mmol/L were not imported: dmtx converts only U/L, IU/L, µkat/L or nkat/L to U/L."
    )


def test_read_text_reads_a_fhir_observation() -> None:
    data = (RECORDS / "fhir_r4" / "synthetic_ck_single.observation.json").read_bytes()
    found = records.read_text(data, "fhir", "x.json", today=TODAY)
    assert [(e.day, e.kind, e.value, e.range) for e in found.entries] == [("2024-03-04", "ck", 1450.0, "26-192 U/L")]
    assert found.formats == ("FHIR R4",)
    assert records.read_text(data, "fhir", "x.json", today=dt.date(2024, 3, 3)).skipped == Counter({labs.FUTURE: 1})


def test_read_text_counts_resources_that_are_not_results() -> None:
    data = (RECORDS / "fhir_r4" / "observation-example-f001-glucose.json").read_bytes()
    bundle = b'{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Patient"}}]}'
    assert records.read_text(data, "fhir", "g.json", today=TODAY).skipped == Counter({labs.NOT_WANTED: 1})
    assert records.read_text(bundle, "fhir", "b.json", today=TODAY).skipped == Counter({labs.NOT_A_RESULT: 1})


def test_read_text_reads_a_ccda_document() -> None:
    data = (RECORDS / "ccda" / "synthetic_dm_results.xml").read_bytes()
    found = records.read_text(data, "xml", "ccd.xml", today=TODAY)
    assert found.formats == ("C-CDA",)
    assert [(e.kind, e.name, e.value) for e in found.entries][:2] == [("ck", None, 1450.0), ("lab", "aldolase", 11.2)]


def test_read_text_refuses_what_is_not_utf8_json_or_a_document() -> None:
    assert problem(records.read_text, b'{"resourceType": "\xff"}', "fhir", "bad.json", today=TODAY) == (
        "Nothing was imported: bad.json is not UTF-8 text."
    )
    assert problem(records.read_text, b'{"resourceType": ', "fhir", "bad.json", today=TODAY).startswith(
        "Nothing was imported: bad.json is not valid FHIR JSON: "
    )
    assert problem(records.read_text, b"<html></html>", "xml", "page.html", today=TODAY).startswith(
        "Nothing was imported: page.html "
    )


def test_read_zip_reads_only_the_clinical_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(RECORDS))
    sys.modules.pop("make_health_zip", None)
    from make_health_zip import build  # type: ignore[import-not-found]

    path = tmp_path / "export.zip"
    build(path)
    found = records.read_zip(path, "export.zip", today=TODAY)
    assert [(e.kind, e.name, e.value) for e in found.entries] == [
        ("ck", None, 1450.0),
        ("lab", "ast", 114.0),
        ("lab", "alt", 88.0),
    ]
    assert found.formats == ("FHIR R4", "FHIR DSTU2")
    assert found.skipped == Counter({labs.NOT_A_RESULT: 1})


def test_read_zip_refuses_what_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(b"PK\x03\x04 not really")
    assert problem(records.read_zip, path, "export.zip", today=TODAY).startswith("Nothing was imported: export.zip ")


# =========================================================================== rows.py


def row(
    day: object = "2026-01-05",
    kind: object = "ck",
    name: object = None,
    value: object = 850.0,
    unit: object = "U/L",
    per: object = None,
    note: object = None,
    entry_id: object = 7,
    *more: object,
) -> tuple[object, ...]:
    return (day, kind, name, value, unit, per, note, entry_id, *more)


def damaged(values: tuple[object, ...]) -> str:
    with pytest.raises(rows.Damaged) as caught:
        rows.stored(values)
    return str(caught.value)


def test_a_row_dmtx_wrote_reads_back_as_its_entry() -> None:
    assert rows.stored(row()) == Entry("2026-01-05", "ck", None, 850.0, "U/L", None, None, 7)
    dose = row("2026-01-05", "dose", "Octagam", 140, "g", "4 weeks", "ok", 8, "5 days", "ivig", None, "typed")
    assert rows.stored(dose) == Entry(
        "2026-01-05", "dose", "Octagam", 140.0, "g", "4 weeks", "ok", 8, "5 days", "ivig", None, "typed"
    )
    assert isinstance(rows.stored(row(value=850)).value, float)


def test_empty_text_reads_back_as_nothing() -> None:
    entry = rows.stored(row(kind="visit", name="", value=None, unit="", per=""))
    assert (entry.name, entry.value, entry.unit, entry.per) == (None, None, None, None)


@pytest.mark.parametrize("day", ["2026-02-30", "2026-1-05", "20260105", "2026-W02-1", "", 20260105, None])
def test_a_row_without_a_real_date_is_damaged(day: object) -> None:
    assert damaged(row(day=day)) == "entry 7 has no real date"


def test_an_entry_without_a_number_is_named_an_entry() -> None:
    assert damaged(row(day="x", entry_id="7")) == "an entry has no real date"
    assert damaged(row(day="x", entry_id=None)) == "an entry has no real date"
    assert rows.stored(row(entry_id="7")).id is None


@pytest.mark.parametrize("kind", ["symptom", "CK", "", None, 1])
def test_a_row_of_an_unknown_kind_is_damaged(kind: object) -> None:
    assert damaged(row(kind=kind)) == "entry 7 is of a kind dmtx does not know"


@pytest.mark.parametrize("value", ["850", b"850", True, float("nan"), float("inf"), float("-inf"), [850]])
def test_a_row_whose_value_is_not_a_number_is_damaged(value: object) -> None:
    assert damaged(row(value=value)) == "entry 7 holds something that is not a number"


@pytest.mark.parametrize("position", [2, 4, 5, 6])
def test_a_row_with_bytes_where_text_belongs_is_damaged(position: int) -> None:
    values = list(row(kind="dose", name="prednisone", value=20.0, unit="mg", per="day"))
    values[position] = b"x"
    assert damaged(tuple(values)) == "entry 7 holds something that is not text"


@pytest.mark.parametrize("position", [0, 1, 2, 3])
def test_extra_columns_must_be_text_too(position: int) -> None:
    more: list[object] = [None, None, None, None]
    more[position] = 5
    assert damaged(row(kind="dose", name="prednisone", value=20.0, unit="mg", per="day") + tuple(more)) == (
        "entry 7 holds something that is not text"
    )


@pytest.mark.parametrize(
    "values",
    [
        row(kind="visit", value=1.0, unit=None),
        row(kind="visit", name="x", value=None, unit=None),
        row(kind="ck", per="day"),
        row(kind="ck", name="x"),
        row("2026-01-05", "note", None, None, None, None, "n", 7, "5 days"),
        row("2026-01-05", "stand", None, 12.0, None, None, None, 7, None, None, "0-30"),
    ],
)
def test_a_row_with_fields_its_kind_does_not_have_is_damaged(values: tuple[object, ...]) -> None:
    assert damaged(values) == "entry 7 has fields its kind does not have"


def test_a_note_entry_without_text_is_damaged() -> None:
    assert damaged(row(kind="note", value=None, unit=None, note=None)) == "entry 7 has no text"
    assert damaged(row(kind="note", value=None, unit=None, note="")) == "entry 7 has no text"
    assert rows.stored(row(kind="note", value=None, unit=None, note="stairs")).note == "stairs"


@pytest.mark.parametrize(
    ("values", "ok"),
    [
        (row(value=1_000_000.0), True),
        (row(value=1_000_000.5), False),
        (row(unit="mg"), False),
        (row(kind="score", name="weakness", value=10.0, unit=None), True),
        (row(kind="score", name="weakness", value=11.0, unit=None), False),
        (row(kind="score", name="weakness", value=4.5, unit=None), False),
        (row(kind="score", name="sadness", value=4.0, unit=None), False),
        (row(kind="dose", name="prednisone", value=20.0, unit="kg", per="day"), False),
        (row(kind="dose", name="prednisone", value=None, unit="mg", per="day"), False),
        (row(kind="stand", value=100.0, unit=None), True),
        (row(kind="stand", value=101.0, unit=None), False),
        # Each field a dose is read back with: its period and its course are checked as when typed.
        (row(kind="dose", name="prednisone", value=20.0, unit="mg", per="day"), True),
        (row(kind="dose", name="prednisone", value=20.0, unit="mg", per="fortnight"), False),
        (row("2026-01-05", "dose", "Octagam", 140.0, "g", "4 weeks", None, 7, "5 days"), True),
        (row("2026-01-05", "dose", "Octagam", 140.0, "g", "4 weeks", None, 7, "some days"), False),
        (row(kind="lab", name="alt", value=40.0), True),
        (row(kind="lab", name="", value=40.0), False),
        (row(kind="lab", name=None, value=40.0), False),
    ],
)
def test_a_row_holding_a_value_dmtx_would_not_keep_is_damaged(values: tuple[object, ...], ok: bool) -> None:
    if ok:
        assert rows.stored(values).value == values[3]
    else:
        assert damaged(values) == "entry 7 holds a value dmtx would not have kept"


# =========================================================================== table.py


def test_the_heading_counts_entries() -> None:
    assert table._heading(1, 1) == "Your journal: 1 entry"
    assert table._heading(2, 2) == "Your journal: 2 entries"
    assert table._heading(0, 0) == "Your journal: 0 entries"
    assert table._heading(2, 5) == "Your journal: the last 2 of 5 entries"
    assert table._heading(4, 5) == "Your journal: the last 4 of 5 entries"


TABLE_ROWS = [
    Entry("2026-01-05", "ck", None, 850.0, "U/L", id=9, note="felt tired\nstairs hard"),
    Entry("2026-01-06", "dose", "prednisone", 20.0, "mg", "day", id=10),
]


def test_plain_entries_number_date_words_and_indented_notes() -> None:
    assert table.plain_entries(TABLE_ROWS, "Your journal: 2 entries", 80) == (
        "Your journal: 2 entries\n"
        "\n"
        " 9  2026-01-05  CK 850 U/L\n"
        "    felt tired\n"
        "    stairs hard\n"
        "10  2026-01-06  prednisone 20 mg a day\n"
        "\n"
    )


def test_plain_entries_wrap_at_no_less_than_20_columns() -> None:
    text = table.plain_entries(TABLE_ROWS, "Your journal: 2 entries", 5)
    assert text == table.plain_entries(TABLE_ROWS, "Your journal: 2 entries", 20)
    assert max(len(line) for line in text.splitlines()) <= 20
    assert text.startswith("Your journal: 2\nentries\n\n 9  2026-01-05  CK\n                850\n")


def test_render_entries_in_plain_text_below_60_columns(capsys: pytest.CaptureFixture[str]) -> None:
    table.render_entries(TABLE_ROWS[:1], total=3, display=Display(True, 59, False))
    assert capsys.readouterr().out == (
        "Your journal: the last 1 of 3 entries\n\n9  2026-01-05  CK 850 U/L\n   felt tired\n   stairs hard\n\n"
        "Delete one with: dmtx journal delete NUMBER; see them all\nwith: dmtx journal list --all\n"
    )


def test_render_entries_as_a_table_from_60_columns(capsys: pytest.CaptureFixture[str]) -> None:
    table.render_entries(TABLE_ROWS, total=2, display=Display(True, 60, False))
    out = capsys.readouterr().out
    assert "Your journal: 2 entries" in out
    assert "No." in out and "Date" in out and "Entry" in out and "Note" in out
    assert "prednisone 20 mg a day" in out
    assert out.rstrip().endswith("Delete one with: dmtx journal delete NUMBER")


def test_render_entries_plain_when_not_rich(capsys: pytest.CaptureFixture[str]) -> None:
    table.render_entries(TABLE_ROWS, total=2, display=Display(False, 100, False))
    out = capsys.readouterr().out
    assert "No." not in out
    assert " 9  2026-01-05  CK 850 U/L\n" in out


def test_the_rich_chart_draws_values_and_the_visit(capsys: pytest.CaptureFixture[str]) -> None:
    series = Series("ck", "CK (U/L)", (("2026-01-05", 850.0), ("2026-01-20", 600.0)), 0.0, ("2026-01-10",))
    table.render_chart_rich(series, Display(True, 60, False))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "CK (U/L), 2026-01-05 to 2026-01-20"
    assert lines[1].startswith("2026-01-05 █") and lines[1].endswith(" 850")
    assert lines[2].startswith("2026-01-10 ┄┄ doctor's visit")
    assert lines[3].startswith("2026-01-20 █") and lines[3].rstrip().endswith(" 600")


# =========================================================================== summary.py

VISIT_DAY = "2026-01-10"


def part(entries: list[Entry], today: dt.date = TODAY) -> JournalPart:
    return summary.build_part(KNOWLEDGE, entries, today=today)


def dose(n: int, day: str, name: str, value: float, per: str | None = "day", drug: str | None = None) -> Entry:
    return Entry(day, "dose", name, value, "mg", per, id=n, drug=drug)


def visit(n: int, day: str = VISIT_DAY) -> Entry:
    return Entry(day, "visit", id=n)


def medicine(entries: list[Entry], name: str) -> JournalMedicine:
    return next(m for m in part(entries).medicines if m.name == name)


# --------------------------------------------------------------------------- period and window


def test_the_period_starts_at_the_last_visit() -> None:
    entries = [visit(1, "2025-11-01"), visit(2, VISIT_DAY)]
    assert part(entries).period == "Since your last visit on 2026-01-10, from your journal."
    assert part(entries).title == "Since your last visit"


def test_without_a_visit_the_period_is_the_last_365_days() -> None:
    assert part([]).period == ("No visit is in your journal yet, so this covers the last 12 months (from 2025-03-01).")
    assert part([], today=dt.date(2024, 12, 31)).period.endswith("(from 2024-01-01).")  # a leap year: 365 days


def test_the_window_holds_the_visit_day_after_the_visit_and_not_before() -> None:
    entries = [
        Entry("2026-01-09", "ck", value=100.0, id=1),  # the day before the visit
        Entry(VISIT_DAY, "ck", value=200.0, id=2),  # the visit day, typed before the visit
        visit(3),
        Entry(VISIT_DAY, "ck", value=300.0, id=4),  # the visit day, typed after it
        Entry("2026-01-11", "ck", value=400.0, id=5),  # the day after
    ]
    (chart,) = part(entries).charts
    assert chart.series.points == ((VISIT_DAY, 300.0), ("2026-01-11", 400.0))
    assert chart.trend == "From 300 U/L on 2026-01-10 to 400 U/L on 2026-01-11: went up."


def test_without_a_visit_the_window_starts_365_days_before_today_inclusive() -> None:
    entries = [Entry("2025-02-28", "ck", value=100.0, id=1), Entry("2025-03-01", "ck", value=200.0, id=2)]
    (chart,) = part(entries).charts
    assert chart.series.points == (("2025-03-01", 200.0),)
    assert chart.trend == "One value: 200 U/L on 2025-03-01."
    assert chart.series.marks == ()


def test_chart_marks_the_visit_day_and_later_visits_up_to_the_last_value() -> None:
    entries = [
        visit(1, "2025-12-01"),
        visit(2, VISIT_DAY),
        Entry("2026-01-12", "ck", value=300.0, id=3),
        Entry("2026-01-20", "ck", value=250.0, id=4),
    ]
    (chart,) = part(entries).charts
    assert chart.series.marks == (VISIT_DAY,)


# --------------------------------------------------------------------------- charts and trend sentences


def test_charts_follow_the_table_order_and_names_their_first_appearance() -> None:
    entries = [
        visit(1),
        Entry("2026-01-11", "lab", "alt", 80.0, "U/L", id=2),
        Entry("2026-01-11", "stand", None, 12.0, id=3),
        Entry("2026-01-12", "score", "weakness", 4.0, id=4),
        Entry("2026-01-12", "score", "pain", 3.0, id=5),
        Entry("2026-01-13", "ck", None, 850.0, id=6),
        Entry("2026-01-14", "score", "pain", 5.0, id=7),
        dose(8, "2026-01-14", "prednisone", 20.0),
        Entry("2026-01-15", "note", note="tired", id=9),
        Entry("2026-01-15", "lab", "aldolase", 9.0, "U/L", id=10),
    ]
    ids = [c.series.id for c in part(entries).charts]  # not alphabetical: weakness before pain, alt before aldolase
    assert ids == ["ck", "score-weakness", "score-pain", "stand", "lab-alt", "lab-aldolase"]


def test_a_score_trend_sentence_says_of_10() -> None:
    entries = [
        visit(1),
        Entry("2026-01-11", "score", "weakness", 4.0, id=2),
        Entry("2026-01-20", "score", "weakness", 6.0, id=3),
    ]
    (chart,) = part(entries).charts
    assert chart.trend == "From 4 of 10 on 2026-01-11 to 6 of 10 on 2026-01-20: went up."
    assert chart.series.label == "Weakness (0-10)"


@pytest.mark.parametrize(
    ("last", "words"),
    [(16.0, "went up"), (15.0, "stayed about the same"), (9.0, "stayed about the same"), (8.0, "went down")],
)
def test_chair_stands_move_at_four(last: float, words: str) -> None:
    entries = [visit(1), Entry("2026-01-11", "stand", None, 12.0, id=2), Entry("2026-01-20", "stand", None, last, id=3)]
    (chart,) = part(entries).charts
    assert chart.trend == f"From 12 stands on 2026-01-11 to {E.number_text(last)} stands on 2026-01-20: {words}."


@pytest.mark.parametrize(
    ("last", "words"),
    [(110.0, "stayed about the same"), (110.5, "went up"), (90.0, "stayed about the same"), (89.5, "went down")],
)
def test_a_lab_moves_at_a_tenth(last: float, words: str) -> None:
    entries = [
        visit(1),
        Entry("2026-01-11", "lab", "ldh", 100.0, "U/L", id=2),
        Entry("2026-01-20", "lab", "ldh", last, "U/L", id=3),
    ]
    (chart,) = part(entries).charts
    assert chart.trend == f"From 100 U/L on 2026-01-11 to {E.number_text(last)} U/L on 2026-01-20: {words}."
    assert chart.series.label == "LDH (U/L)"


def test_two_labs_are_two_charts_each_with_its_own_values() -> None:
    entries = [
        visit(1),
        Entry("2026-01-11", "lab", "ast", 40.0, "U/L", id=2),
        Entry("2026-01-11", "lab", "alt", 80.0, "U/L", id=3),
        Entry("2026-01-20", "lab", "ast", 60.0, "U/L", id=4),
    ]
    charts = {c.series.id: c for c in part(entries).charts}
    assert charts["lab-ast"].series.points == (("2026-01-11", 40.0), ("2026-01-20", 60.0))
    assert charts["lab-ast"].trend.endswith(": went up.")
    assert charts["lab-alt"].trend == "One value: 80 U/L on 2026-01-11."


def test_trend_with_nothing_in_the_window_is_empty() -> None:
    record = make_record([Entry("2026-01-05", "ck", value=1.0, id=1), visit(2)], TODAY)
    assert summary._trend(record, kinds.row_of("ck"), None) == ""


# --------------------------------------------------------------------------- medicines


def test_a_medicine_shows_its_dose_since_when_and_what_it_was_before() -> None:
    entries = [
        dose(1, "2025-10-01", "prednisone", 20.0, drug="prednisone"),
        dose(2, "2025-11-01", "prednisone", 15.0, drug="prednisone"),
        dose(3, "2025-11-15", "prednisone", 15.0, drug="prednisone"),
        visit(4),
        dose(5, "2026-01-12", "prednisone", 15.0, drug="prednisone"),
    ]
    found = medicine(entries, "prednisone")
    assert found.line() == "prednisone: 15 mg a day since 2025-11-01 (before: 20 mg a day)"
    assert (found.changed, found.new, found.covered) == (False, False, True)


def test_a_dose_changed_since_the_visit_says_so() -> None:
    entries = [
        dose(1, "2025-10-01", "prednisone", 20.0, drug="prednisone"),
        visit(2),
        dose(3, "2026-01-12", "prednisone", 10.0, drug="prednisone"),
    ]
    assert medicine(entries, "prednisone").line() == (
        "prednisone: 10 mg a day since 2026-01-12 (before: 20 mg a day; changed since your last visit)"
    )


def test_a_dose_changed_on_the_visit_day_after_the_visit_is_a_change() -> None:
    before = [dose(1, "2025-10-01", "prednisone", 20.0, drug="prednisone")]
    after = [*before, visit(2), dose(3, VISIT_DAY, "prednisone", 10.0, drug="prednisone")]
    earlier = [*before, dose(2, VISIT_DAY, "prednisone", 10.0, drug="prednisone"), visit(3)]
    assert medicine(after, "prednisone").changed is True
    assert medicine(earlier, "prednisone").changed is False
    assert medicine(earlier, "prednisone").line() == "prednisone: 10 mg a day since 2026-01-10 (before: 20 mg a day)"


def test_a_medicine_started_since_the_visit_is_new_not_changed() -> None:
    entries = [visit(1), dose(2, "2026-01-12", "Otrexup", 15.0, "week", drug="methotrexate")]
    found = medicine(entries, "Otrexup (methotrexate)")
    assert (found.new, found.changed, found.previous) == (True, False, None)
    assert found.line() == "Otrexup (methotrexate): 15 mg a week since 2026-01-12 (new since your last visit)"


def test_without_a_visit_nothing_is_new_or_changed() -> None:
    entries = [
        dose(1, "2026-01-01", "prednisone", 20.0, drug="prednisone"),
        dose(2, "2026-01-12", "prednisone", 10.0, drug="prednisone"),
    ]
    found = medicine(entries, "prednisone")
    assert (found.new, found.changed) == (False, False)
    assert found.previous == "20 mg a day"


@pytest.mark.parametrize(
    ("typed", "drug", "shown"),
    [
        ("prednisone", "prednisone", "prednisone"),
        ("Prednisone", "prednisone", "Prednisone"),
        ("PREDNISONE", "prednisone", "PREDNISONE"),
        ("Mycophenolate  Mofetil", "mycophenolate", "Mycophenolate  Mofetil"),
        ("Rayos", "prednisone", "Rayos (prednisone)"),
        ("Octagam", "ivig", "Octagam, intravenous immunoglobulin (IVIG)"),
        ("CellCept", "mycophenolate", "CellCept (mycophenolate mofetil)"),
        ("fish oil", None, "fish oil"),
    ],
)
def test_a_medicine_is_shown_as_typed_with_the_guides_name_when_it_differs(
    typed: str, drug: str | None, shown: str
) -> None:
    (found,) = part([dose(1, "2026-01-01", typed, 10.0, drug=drug)]).medicines
    assert found.name == shown
    assert found.covered is (drug is not None)


def test_an_unmatched_medicine_says_so() -> None:
    (found,) = part([dose(1, "2026-01-01", "fish oil", 1000.0)]).medicines
    assert found.line() == "fish oil: 1000 mg a day since 2026-01-01 (not matched to a drug in this guide)"


def test_lookup_key_ignores_case_and_spaces() -> None:
    assert summary.lookup_key("  Mycophenolate   Mofetil ") == "mycophenolate mofetil"


def test_methotrexate_every_day_carries_the_warning_on_its_line() -> None:
    (found,) = part([dose(1, "2026-01-01", "methotrexate", 15.0, "day", drug="methotrexate")]).medicines
    assert found.warning == MTX_WARNING_TEXT
    assert found.line() == f"methotrexate: 15 mg a day since 2026-01-01. WARNING: {MTX_WARNING_TEXT}"


def test_methotrexate_weekly_has_no_warning() -> None:
    (found,) = part([dose(1, "2026-01-01", "methotrexate", 15.0, "week", drug="methotrexate")]).medicines
    assert found.warning is None


def test_the_warning_reads_a_name_kept_before_matching() -> None:
    (found,) = part([dose(1, "2026-01-01", "methotrexate", 15.0, "day")]).medicines
    assert (found.covered, found.warning) == (False, MTX_WARNING_TEXT)


def test_a_daily_previous_dose_is_warned_even_when_the_latest_is_weekly() -> None:
    entries = [
        dose(1, "2026-01-01", "methotrexate", 15.0, "day", drug="methotrexate"),
        dose(2, "2026-01-05", "methotrexate", 15.0, "week", drug="methotrexate"),
    ]
    (found,) = part(entries).medicines
    assert found.previous == "15 mg a day"
    assert found.warning == MTX_WARNING_TEXT


def test_a_case_change_is_one_product_and_a_brand_switch_is_a_change_of_one_medicine() -> None:
    entries = [
        visit(1),
        dose(2, "2026-01-11", "Octagam", 140.0, "4 weeks", drug="ivig"),
        dose(3, "2026-01-12", "octagam", 140.0, "4 weeks", drug="ivig"),
    ]
    (kept,) = part(entries).medicines
    assert (kept.name, kept.since, kept.previous) == ("octagam, intravenous immunoglobulin (IVIG)", "2026-01-11", None)
    switched = [*entries, dose(4, "2026-01-13", "Gamunex", 140.0, "4 weeks", drug="ivig")]
    (found,) = part(switched).medicines
    assert (found.name, found.since) == ("Gamunex, intravenous immunoglobulin (IVIG)", "2026-01-13")
    # Started after the visit: new, and so not "changed" (the JSON schema's rule), with the brand before it.
    assert (found.previous, found.changed, found.new) == ("octagam 140 mg every 4 weeks", False, True)


@pytest.mark.parametrize(("first", "second"), [("methotrexate", "MTX"), ("Deltasone", "prednisone")])
def test_one_drug_under_two_names_is_one_medicine_whose_dose_changed_never_two_taken_at_once(
    first: str, second: str
) -> None:
    """A red team typed 'methotrexate 20 mg weekly', a visit, then 'MTX 15 mg weekly': the paper listed both
    as taken now (35 mg a week to the doctor's eye) and asked about side effects 'now that I have started MTX'."""
    drug = "methotrexate" if first == "methotrexate" else "prednisone"
    entries = [
        dose(1, "2025-12-01", first, 20.0, "week", drug=drug),
        visit(2),
        dose(3, "2026-01-15", second, 15.0, "week", drug=drug),
    ]
    (found,) = part(entries).medicines
    assert (found.dose, found.since, found.changed, found.new) == ("15 mg a week", "2026-01-15", True, False)
    assert found.previous == f"{first} 20 mg a week"


# --------------------------------------------------------------------------- notes


def test_notes_since_the_visit_are_listed_with_their_day_and_entry() -> None:
    entries = [
        Entry("2026-01-09", "note", note="before", id=1),
        Entry(VISIT_DAY, "note", note="same day, before", id=2),
        visit(3)._replace(note="the visit's own note"),
        Entry(VISIT_DAY, "note", note="same day, after", id=4),
        Entry("2026-01-11", "ck", value=850.0, note="after a long walk", id=5),
        Entry("2026-01-12", "score", "pain", 6.0, note="knees", id=6),
        Entry("2026-01-13", "ck", value=700.0, id=7),
    ]
    assert part(entries).notes == (
        (VISIT_DAY, "same day, after"),
        ("2026-01-11", "CK 850 U/L: after a long walk"),
        ("2026-01-12", "pain 6 of 10: knees"),
    )


def test_only_the_last_20_notes_are_kept() -> None:
    entries = [visit(0)] + [Entry(f"2026-01-{d:02d}", "note", note=f"n{d}", id=d) for d in range(11, 32)]
    notes = part(entries).notes
    assert len(notes) == 20
    assert notes[0] == ("2026-01-12", "n12")
    assert notes[-1] == ("2026-01-31", "n31")


# --------------------------------------------------------------------------- questions and sources


def test_a_rule_met_twice_numbers_its_questions_and_sources_are_sorted() -> None:
    entries = [
        dose(1, "2025-10-01", "Rayos", 20.0, drug="prednisone"),
        dose(2, "2025-10-01", "CellCept", 1000.0, drug="mycophenolate"),
        visit(3),
        dose(4, "2026-01-12", "Rayos", 10.0, drug="prednisone"),
        dose(5, "2026-01-13", "CellCept", 1500.0, drug="mycophenolate"),
    ]
    found = part(entries)
    changes = [(q.id, q.text) for q in found.questions if q.id.startswith("journal-dose-change")]
    assert changes == [
        ("journal-dose-change-1", "What side effects should I watch for after the change to my Rayos dose?"),
        ("journal-dose-change-1-2", "What side effects should I watch for after the change to my CellCept dose?"),
    ]
    numbers = [int(line[1 : line.index("]")]) for line in found.sources]
    assert numbers == sorted(set(numbers))
    assert 63 in numbers and 59 in numbers
    assert found.sources[numbers.index(63)] == f"[63] {KNOWLEDGE.reference(63).citation}"


def test_nothing_in_the_journal_asks_nothing() -> None:
    found = part([])
    assert (found.medicines, found.charts, found.notes, found.questions, found.sources) == ((), (), (), (), ())


# --------------------------------------------------------------------------- journal_part, read from a real file


def test_journal_part_reads_the_file_from_the_last_visit(tmp_path: Path) -> None:
    from dmtx.journal.store import open_journal

    path = tmp_path / "journal.sqlite3"
    opened = open_journal(str(path), create=True)
    assert opened is not None
    with opened:
        opened.add_many(
            [
                Entry("2020-05-01", "visit"),
                Entry("2020-06-01", "ck", value=900.0, note="morning lab"),  # before the visit, same day
                Entry("2020-06-01", "visit"),
                Entry("2020-06-01", "ck", value=950.0, note="after"),
                Entry("2020-06-20", "ck", value=1200.0),
            ]
        )
    found = summary.journal_part(KNOWLEDGE, str(path))
    assert found.period == "Since your last visit on 2020-06-01, from your journal."
    (chart,) = found.charts
    assert chart.series.points == (("2020-06-01", 950.0), ("2020-06-20", 1200.0))
    assert chart.trend == "From 950 U/L on 2020-06-01 to 1200 U/L on 2020-06-20: went up."
    assert found.notes == (("2020-06-01", "CK 950 U/L: after"),)


def test_journal_part_reads_the_week_before_the_visit_for_the_flare_signal(tmp_path: Path) -> None:
    from dmtx.journal.store import open_journal

    path = tmp_path / "journal.sqlite3"
    opened = open_journal(str(path), create=True)
    assert opened is not None
    days = ["2020-05-28", "2020-05-29", "2020-05-30", "2020-05-31"]
    with opened:
        opened.add_many([Entry(d, "score", "pain", 2.0) for d in days] + [Entry("2020-05-31", "visit")])
        opened.add_many([Entry("2020-06-01", "score", "pain", 6.0)])
    texts = [q.text for q in summary.journal_part(KNOWLEDGE, str(path)).questions]
    assert texts == [
        "My pain score rose to 6 on 2020-06-01, well above its average of 2 over the 4 days before. "
        "Could this be the DM, or something else?"
    ]


def test_journal_part_without_the_usual_journal_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DMTX_JOURNAL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    found = summary.journal_part(KNOWLEDGE, None)
    assert found.period.startswith("No visit is in your journal yet, so this covers the last 12 months (from ")
    assert (found.medicines, found.charts, found.notes, found.questions) == ((), (), (), ())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("named_by", ["option", "DMTX_JOURNAL"])
def test_a_named_journal_that_is_not_there_is_not_found_never_an_empty_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named_by: str
) -> None:
    """'checklist --journal --journal-file typo.db -o visit.pdf' printed "None recorded" for the doctor, exit 0."""
    missing = str(tmp_path / "typo.sqlite3")
    if named_by == "DMTX_JOURNAL":
        monkeypatch.setenv("DMTX_JOURNAL", missing)
    with pytest.raises(NotFound, match=f"There is no journal at {missing}. Check the name"):
        summary.journal_part(KNOWLEDGE, missing if named_by == "option" else None)
    assert not (tmp_path / "typo.sqlite3").exists()


def test_journal_part_reads_exactly_seven_days_before_the_visit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The flare signal's look-back: the seventh day before the visit is read, the eighth is not."""
    from dmtx.journal.store import open_journal

    path = tmp_path / "journal.sqlite3"
    opened = open_journal(str(path), create=True)
    assert opened is not None
    with opened:
        opened.add_many(
            [
                Entry("2020-05-24", "score", "pain", 1.0),  # 8 days before the visit
                Entry("2020-05-25", "score", "pain", 2.0),  # 7 days before
                Entry("2020-06-01", "visit"),
            ]
        )
    seen: list[tuple[list[str], object]] = []
    real = summary.build_part

    def spy(knowledge: Knowledge, entries: list[Entry], *, today: dt.date | None = None) -> summary.JournalPart:
        seen.append(([e.day for e in entries if e.kind == "score"], today))
        return real(knowledge, entries, today=today)

    monkeypatch.setattr(summary, "build_part", spy)
    summary.journal_part(KNOWLEDGE, str(path))
    ((days, today),) = seen
    assert days == ["2020-05-25"]
    assert today == dt.date.today(), "the journal keeps the real day"


def test_journal_questions_keep_who_they_are_for_and_how_much_they_matter() -> None:
    entries = [
        Entry("2026-01-01", "dose", "prednisone", 20.0, "mg", "day", drug="prednisone"),
        Entry("2026-02-01", "visit"),
        Entry("2026-02-10", "dose", "prednisone", 10.0, "mg", "day", drug="prednisone"),
    ]
    found = summary.build_part(KNOWLEDGE, entries, today=dt.date(2026, 3, 1))
    wanted = {q.id: (q.patient, q.importance) for r in KNOWLEDGE.journal_rules for q in r.questions}
    got = {q.id: (q.patient, q.importance) for q in found.questions}
    assert got, "a lower prednisone dose since the visit asks something"
    assert {importance for _, importance in got.values()} >= {1, 2}, "both kinds of importance are met here"
    assert got == {qid: wanted[qid] for qid in got}


# --------------------------------------------------------------------------- entries.py survivors (mutmut, 2026-12-03)


@pytest.mark.parametrize(
    "char",
    ["\ud800", "\ue000", "\U000f0000", "\u0378", "\U0010fffe"],  # surrogate, private use (2), unassigned (2)
)
def test_a_note_with_a_surrogate_private_or_unassigned_character_is_refused(char: str) -> None:
    with pytest.raises(UsageProblem) as refused:
        E.check_text(f"a{char}b", "note")
    assert str(refused.value) == f"The note contains a control character (U+{ord(char):04X}); please remove it."


HOW_OFTEN = 'must be daily, weekly, monthly, or every N days, weeks or months (e.g. "every 2 weeks"), not'


def test_a_bad_schedule_names_the_every_option_and_the_everyday_words() -> None:
    with pytest.raises(UsageProblem) as raised:
        E.check_dose("10", "mg", "sometimes")
    assert str(raised.value) == f"--every {HOW_OFTEN} 'sometimes'."
    with pytest.raises(UsageProblem) as raised:
        E.check_schedule(None, "now and then")
    assert str(raised.value) == f"--every {HOW_OFTEN} 'now and then'."


@pytest.mark.parametrize(
    ("said", "span"),
    [
        ("twice a day", 1),
        ("Twice a week", 7),
        ("2 times a day", 1),
        ("three times a week", 7),
        ("2x daily", 1),
        ("x2 a day", 1),
        ("BID", 1),
        ("t.i.d", 1),
        ("tds", 1),
        ("every 12 hours", 1),
        ("q8h", 1),
        ("twice a month", 28),
    ],
)
def test_more_than_one_dose_in_a_span_is_refused_saying_how_to_keep_it(said: str, span: int) -> None:
    """The example note is the schedule as typed: 'twice a week' was told to keep "twice a day" in a note, after
    'Give the gap if there is one (e.g. every 2 weeks)', which a twice-weekly schedule cannot follow."""
    with pytest.raises(UsageProblem) as raised:
        E.check_span(said, "How often", how_often=True)
    assert str(raised.value) == (
        f"One journal entry keeps one dose and how long until the next one, so {said!r} cannot be kept as one "
        f'entry. Keep the schedule in a note, e.g. dmtx journal add note "{said}, as prescribed".'
    )
    assert E.more_often_than(said) == span


@pytest.mark.parametrize("said", ["weekly", "every 2 weeks", "1x daily", "daily", "every 24 hours", "sometimes"])
def test_once_in_a_span_or_no_schedule_is_not_more_often(said: str) -> None:
    assert E.more_often_than(said) is None


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        *[(w, "day") for w in ("everyday", "Every day", "every 24 hours", "qd", "q.d.", "OD", "at bedtime", "qhs")],
        *[(w, "day") for w in ("1x daily", "1x a day")],
        *[(w, "week") for w in ("every Monday", "Mondays", "on Fridays", "1x weekly", "once weekly")],
        *[(w, "week") for w in ("q7d", "weekly on Friday", "once a week on Mondays")],
        ("qod", "2 days"),
        ("q.o.d.", "2 days"),
        ("once daily with food", "day"),  # when in the day says nothing about how often
        ("weekly after breakfast", "week"),
    ],
)
def test_once_a_day_or_a_week_as_people_and_prescriptions_say_it(said: str, kept: str) -> None:
    """'methotrexate 15 mg everyday', 'every 24 hours', 'q.d.' and 'at bedtime' were refused with no warning;
    '1x daily' was read as more than once a day; 'every Monday' was refused."""
    assert E.check_span(said, "How often", how_often=True) == kept


@pytest.mark.parametrize("said", ["twice a day", "BID", "3 times a week"])
def test_more_than_once_words_get_the_plain_sentence_where_how_often_is_not_asked(said: str) -> None:
    with pytest.raises(UsageProblem, match=r'^--course must be "N days"'):
        E.check_span(said, "--course")


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("daily", "day"),
        ("Weekly", "week"),
        ("monthly", "month"),
        ("once daily", "day"),
        ("Nightly", "day"),
        ("every morning", "day"),
        ("every evening", "day"),
        ("every night", "day"),
        ("each morning", "day"),
        ("each evening", "day"),
        ("each night", "day"),
        ("once weekly", "week"),
        ("once monthly", "month"),
        ("fortnightly", "2 weeks"),
        ("a day", "day"),
        ("once a week", "week"),
        ("per week", "week"),
        ("each day", "day"),
        ("/week", "week"),
        ("twice", None),
        ("every other day", "2 days"),
        ("every 2 weeks", "2 weeks"),
    ],
)
def test_how_often_in_everyday_words(said: str, kept: str | None) -> None:
    if kept is None:
        with pytest.raises(UsageProblem):
            E.check_span(said, "How often")
    else:
        assert E.check_span(said, "How often") == kept
    assert E.check_schedule("daily", None) == "day" and E.check_schedule("weekly", None) == "week"


def test_an_entrys_key_is_stable_across_versions() -> None:
    """Keys are stored: the same entry must keep its key, or imports would add it twice."""
    plain = Entry("2026-01-05", "dose", "Médrol", 500.0, "mg", None, "après")
    assert (
        plain.key()
        == __import__("hashlib")
        .sha256('["2026-01-05", "dose", "Médrol", "500", "mg", null, "après"]'.encode())
        .hexdigest()[:32]
    )
    course = plain._replace(course="5 days")
    assert course.key() != plain.key()
    assert (
        course.key()
        == __import__("hashlib")
        .sha256('["2026-01-05", "dose", "Médrol", "500", "mg", null, "après", "5 days"]'.encode())
        .hexdigest()[:32]
    )


def test_numbers_are_written_without_trailing_zeros() -> None:
    assert [E.number_text(v) for v in (850.0, 7.5, 0.25, 1.1250, 10.0)] == ["850", "7.5", "0.25", "1.125", "10"]
    assert E.number_text(0.00001) == "0"


@pytest.mark.parametrize(
    ("said", "split"),
    [
        ("daily for 5 days", ("daily", "5 days")),
        ("Daily  X 5 days", ("daily", "5 days")),
        ("for 3 weeks", ("", "3 weeks")),
        ("every 2 weeks for 6 months", ("every 2 weeks", "6 months")),
        ("daily", ("daily", None)),
        ("5 days", ("5 days", None)),
        ("for ever", ("for ever", None)),
    ],
)
def test_split_course_takes_how_long_off_the_end(said: str, split: tuple[str, str | None]) -> None:
    assert E.split_course(said) == split


@pytest.mark.parametrize("said", ["daily x 5 days", "weekly x 4 weeks"])
def test_a_course_after_x_is_not_more_than_once(said: str) -> None:
    """'x 5 days' is how long; only a number glued to x, or 'N x', is how many times."""
    assert E._MORE_THAN_ONCE.search(said) is None


@pytest.mark.parametrize(
    ("typed", "drug", "shown"),
    [
        ("IVIG", "ivig", "intravenous immunoglobulin (IVIG)"),  # the guide's name already holds it
        ("ivig", "ivig", "intravenous immunoglobulin (IVIG)"),
        ("Octagam", "ivig", "Octagam, intravenous immunoglobulin (IVIG)"),
        ("Deltasone", "prednisone", "Deltasone (prednisone)"),
        ("prednisone", "prednisone", "prednisone"),
        ("foobarzine", None, "foobarzine"),
    ],
)
def test_a_medicine_is_shown_by_the_name_typed_and_the_guides_name_once(
    typed: str, drug: str | None, shown: str
) -> None:
    found = next((d for d in KNOWLEDGE.drugs if d.id == drug), None)
    assert summary._medicine_name(typed, found) == shown


def test_a_course_of_one_span_is_said_with_its_number() -> None:
    """'daily for 1 day' was shown as 'a day, over day'."""
    assert E.schedule_words("day", "day") == "a day, over 1 day"
    assert E.schedule_words("4 weeks", "5 days") == "every 4 weeks, over 5 days"


def test_a_one_off_course_that_has_ended_is_not_taken_now() -> None:
    """'prednisone 60 mg daily for 5 days' in March was listed in December as taken now, and the checklist
    asked 'I am taking prednisone now. Should we check my bones?'."""
    course = Entry("2026-01-01", "dose", "prednisone", 60.0, "mg", "day", id=1, course="5 days", drug="prednisone")
    (found,) = part([course], today=dt.date(2026, 3, 1)).medicines
    assert (found.since, found.until) == ("2026-01-01", "2026-01-05")
    assert found.line() == "prednisone: 60 mg a day, over 5 days from 2026-01-01 to 2026-01-05, ended"
    record = make_record([course], dt.date(2026, 3, 1))
    assert taken_since(record, "prednisone") is None
    assert taken_since(make_record([course], dt.date(2026, 1, 5)), "prednisone") == "2026-01-01"  # its last day
    (going,) = part([course], today=dt.date(2026, 1, 5)).medicines
    assert going.until is None


def test_a_course_that_comes_back_goes_on() -> None:
    ivig = Entry("2026-01-01", "dose", "IVIG", 140.0, "g", "4 weeks", id=1, course="5 days", drug="ivig")
    assert E.course_end(ivig) is None
    (found,) = part([ivig], today=dt.date(2026, 3, 1)).medicines
    assert found.until is None


def test_notes_beyond_the_twenty_shown_are_counted_not_dropped_without_a_word() -> None:
    """With 32 notes the 12 oldest vanished from the paper with no line saying so."""
    notes = [Entry(f"2026-01-{day:02d}", "note", note=f"note {day}", id=day) for day in range(11, 32)]
    found = part([visit(1), *notes])
    assert len(found.notes) == 20 and found.notes[0] == ("2026-01-12", "note 12")
    assert found.period.endswith(" It shows the latest 20 of your 21 notes.")
    assert "notes." not in part([visit(1), *notes[1:]]).period


@pytest.mark.parametrize(
    ("said", "day"), [("today", "2026-03-01"), ("Yesterday", "2026-02-28"), (" TODAY ", "2026-03-01")]
)
def test_a_date_can_be_said_as_today_or_yesterday(said: str, day: str) -> None:
    assert E.check_date(said, today=TODAY) == day


def test_an_svg_chart_leaves_room_for_five_digit_numbers() -> None:
    """A third red team's CK of 15400: the rotated title lay over '10000' and '20000'; there is no rotated
    title now, and the plot starts right of the widest number."""
    from dmtx.render.chart import svg

    wide = svg(Series("ck", "CK (U/L)", (("2026-01-01", 15400.0), ("2026-02-01", 8800.0)), 0.0))
    narrow = svg(Series("ck", "CK (U/L)", (("2026-01-01", 400.0), ("2026-02-01", 300.0)), 0.0))
    assert "rotate(" not in wide and 'aria-label="CK (U/L)"' in wide
    left = [int(re.search(r'<rect x="(\d+)"', chart)[1]) for chart in (wide, narrow)]  # type: ignore[index]
    assert left[0] > left[1] >= 12 + 3 * 0.62 * 16

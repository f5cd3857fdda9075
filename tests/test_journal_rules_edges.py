"""The journal rules on their edges, called directly: the words of the myopathy question, which dose
change counts as "lowered", the bone question's threshold, the order of dose-change questions.

Written for the mutation run on dmtx/journal/rules.py (issue #26, docs/mutation.md): each test is
what a person would read on the checklist, not a detail of the code.
"""

from __future__ import annotations

import datetime as dt

from dmtx.journal.entries import Entry
from dmtx.journal.rules import make_record, rules_met
from dmtx.knowledge import load

from conftest import BUNDLED

RULES = {rule.id: rule for rule in load(BUNDLED, use_cache=False).journal_rules}
TODAY = dt.date(2026, 3, 1)


def dose(n: int, day: str, name: str, value: float, per: str = "day", unit: str = "mg") -> Entry:
    drug = "prednisone" if name in ("prednisone", "Rayos") else name
    return Entry(day, "dose", name, value, unit, per, None, n, drug=drug)


def other(n: int, day: str, kind: str, name: str | None = None, value: float | None = None) -> Entry:
    return Entry(day, kind, name, value, None, None, None, n)


def fills(rule_id: str, entries: list[Entry]) -> list[dict[str, str]]:
    """What the rule found (each fills one question), [] when it is not met."""
    met = rules_met((RULES[rule_id],), make_record(entries, TODAY))
    return met[0][1] if met else []


def myopathy_words(entries: list[Entry]) -> list[str]:
    """The myopathy question as the checklist asks it, once per finding."""
    text = RULES["steroid-myopathy"].questions[0].text
    return [text.format(**fill) for fill in fills("steroid-myopathy", entries)]


# --------------------------------------------------------------------------- the myopathy question's words


def test_weakness_that_went_up_on_prednisone_is_asked_in_these_words() -> None:
    entries = [
        dose(1, "2025-12-01", "prednisone", 20),
        other(2, "2026-01-01", "visit"),
        other(3, "2026-01-05", "score", "weakness", 4),
        other(4, "2026-02-05", "score", "weakness", 6),
    ]
    assert myopathy_words(entries) == [
        "My weakness score went up since the last visit. Could this be the DM or the prednisone?"
    ]


def test_one_weakness_score_since_the_visit_is_no_trend() -> None:
    entries = [dose(1, "2025-12-01", "prednisone", 20), other(2, "2026-01-01", "visit")]
    entries.append(other(3, "2026-01-05", "score", "weakness", 9))
    assert myopathy_words(entries) == []


def test_a_score_falling_to_zero_is_a_fall_not_a_rise() -> None:
    entries = [
        dose(1, "2025-12-01", "prednisone", 20),
        other(2, "2026-01-01", "visit"),
        other(3, "2026-01-05", "score", "weakness", 2),
        other(4, "2026-02-05", "score", "weakness", 0),
    ]
    assert myopathy_words(entries) == []


def test_the_flare_signal_names_the_day_the_score_and_the_average_to_one_decimal() -> None:
    entries = [dose(1, "2025-12-01", "prednisone", 20), other(2, "2026-01-01", "visit")]
    entries += [other(3 + n, f"2026-01-0{n + 2}", "score", "pain", v) for n, v in enumerate((1, 2, 2))]
    entries.append(other(9, "2026-01-05", "score", "pain", 6))  # 4.3 above the 3 days before (one day missing)
    assert myopathy_words(entries) == [
        "My pain score rose to 6 on 2026-01-05, well above its average of 1.7 over the 4 days before. "
        "Could this be the DM or the prednisone?"
    ]


def _ck_after(change: list[Entry]) -> list[str]:
    entries = [dose(1, "2025-10-01", "prednisone", 20), other(2, "2026-01-01", "visit"), *change]
    entries += [other(20, "2026-01-20", "ck", value=500), other(21, "2026-02-20", "ck", value=900)]
    return myopathy_words(entries)


def test_ck_that_went_up_after_a_lower_prednisone_dose_is_asked() -> None:
    assert _ck_after([dose(10, "2026-01-10", "prednisone", 10)]) == [
        "My CK went up after the prednisone dose was lowered. Could this be the DM or the prednisone?"
    ]


def test_the_same_amount_on_another_schedule_is_not_a_lower_dose() -> None:
    # 20 mg a day is 140 mg a week: a change of schedule, not of amount.
    assert _ck_after([dose(10, "2026-01-10", "prednisone", 140, per="week")]) == []


def test_another_medicine_lowered_is_not_prednisone_lowered() -> None:
    change = [dose(5, "2025-10-01", "methotrexate", 20, per="week"), dose(10, "2026-01-10", "methotrexate", 10, "week")]
    assert _ck_after(change) == []


def test_a_medicine_started_since_the_visit_does_not_hide_a_lower_prednisone_dose() -> None:
    change = [dose(9, "2026-01-09", "methotrexate", 10, per="week"), dose(10, "2026-01-10", "prednisone", 10)]
    assert _ck_after(change) == [
        "My CK went up after the prednisone dose was lowered. Could this be the DM or the prednisone?"
    ]


# --------------------------------------------------------------------------- the bone question's threshold


def test_the_bone_question_comes_at_exactly_two_and_a_half_mg_a_day() -> None:
    assert fills("steroid-bones", [dose(1, "2026-02-20", "prednisone", 2.5)]) == [{"medicine": "prednisone"}]
    assert fills("steroid-bones", [dose(1, "2026-02-20", "prednisone", 17.5, per="week")])  # 2.5 a day
    assert fills("steroid-bones", [dose(1, "2026-02-20", "prednisone", 2.4)]) == []


# --------------------------------------------------------------------------- dose changes, in the order they came


def test_dose_changes_on_one_day_are_asked_in_the_order_they_were_typed() -> None:
    entries = [
        dose(1, "2025-12-01", "methotrexate", 15, per="week"),
        dose(2, "2025-12-01", "prednisone", 20),
        other(3, "2026-01-01", "visit"),
        dose(4, "2026-01-10", "prednisone", 15),  # typed first
        dose(5, "2026-01-10", "methotrexate", 20, per="week"),
    ]
    assert fills("dose-change", entries) == [{"medicine": "prednisone"}, {"medicine": "methotrexate"}]


# --------------------------------------------------------------------------- the flare signal's window and baseline


def _pain(days_and_values: list[tuple[str, float]], visit: str = "2026-01-10") -> list[str]:
    entries = [dose(1, "2025-12-01", "prednisone", 20), other(2, visit, "visit")]
    entries += [other(10 + n, day, "score", "pain", v) for n, (day, v) in enumerate(days_and_values)]
    entries.sort(key=lambda e: e.day)
    return myopathy_words(entries)


def test_the_days_before_the_visit_are_the_baseline_of_a_rise_after_it() -> None:
    days = [("2026-01-08", 1), ("2026-01-09", 1), ("2026-01-10", 1), ("2026-01-11", 5)]
    assert _pain(days) == [
        "My pain score rose to 5 on 2026-01-11, well above its average of 1 over the 4 days before. "
        "Could this be the DM or the prednisone?"
    ]


def test_a_rise_on_the_visit_day_itself_was_seen_at_the_visit() -> None:
    assert _pain([("2026-01-07", 1), ("2026-01-08", 1), ("2026-01-09", 1), ("2026-01-10", 9)]) == []


def test_the_baseline_is_exactly_the_four_days_before() -> None:
    # The day before counts (a 10 there is itself the rise, and lifts the next day's baseline)...
    days = [("2026-01-11", 1), ("2026-01-12", 1), ("2026-01-13", 1), ("2026-01-14", 10), ("2026-01-15", 6)]
    assert _pain(days) == [
        "My pain score rose to 10 on 2026-01-14, well above its average of 1 over the 4 days before. "
        "Could this be the DM or the prednisone?"
    ]
    # ...and the fifth day before does not.
    days = [("2026-01-09", 10), ("2026-01-11", 1), ("2026-01-12", 1), ("2026-01-13", 1), ("2026-01-14", 5)]
    assert _pain(days) == [
        "My pain score rose to 5 on 2026-01-14, well above its average of 1 over the 4 days before. "
        "Could this be the DM or the prednisone?"
    ]


def test_without_a_visit_a_rise_on_the_first_day_of_the_year_counts() -> None:
    first = (TODAY - dt.timedelta(days=365)).isoformat()
    before = [(TODAY - dt.timedelta(days=365 + n)).isoformat() for n in (1, 2, 3)]
    entries = [dose(1, "2025-01-01", "prednisone", 20)]
    entries += [other(10 + n, day, "score", "pain", 1) for n, day in enumerate(sorted(before))]
    entries.append(other(20, first, "score", "pain", 5))
    assert [f["score"] for f in fills("steroid-myopathy", entries)] == ["pain"]


def test_a_score_falling_to_zero_reads_went_down_in_the_summary() -> None:
    from dmtx.journal import kinds
    from dmtx.journal.summary import _trend

    weakness = kinds.find("score", "weakness")
    assert weakness is not None
    entries = [other(1, "2026-01-01", "visit"), other(2, "2026-01-05", "score", "weakness", 2)]
    entries.append(other(3, "2026-02-05", "score", "weakness", 0))
    assert _trend(make_record(entries, TODAY), weakness, "weakness").endswith(": went down.")


def test_the_bone_questions_are_asked_for_methylprednisolone_too_and_name_it() -> None:
    """A red team's 'Medrol 16 mg daily' got no bone or calcium question: the rule named prednisone only."""
    medrol = Entry("2026-02-20", "dose", "Medrol", 16.0, "mg", "day", id=1, drug="methylprednisolone")
    assert fills("steroid-bones", [medrol]) == [{"medicine": "methylprednisolone"}]
    texts = {q.id: q.text for q in RULES["steroid-bones"].questions}
    assert texts["journal-bones-1"].format(medicine="methylprednisolone") == (
        "I am taking methylprednisolone now. Should we check my bones?"
    )


def _changed(entries: list[Entry]) -> list[dict[str, str]]:
    return fills("dose-change", entries)


def test_a_new_name_at_the_same_dose_is_no_dose_change_and_one_medicine_is_asked_once() -> None:
    """A red team switched methotrexate to Trexall at 15 mg a week and got 'after the change to my Trexall
    dose?'; a taper from Deltasone to prednisone was asked about under both names."""
    visit = other(3, "2026-01-10", "visit")
    same = [Entry("2026-01-01", "dose", "methotrexate", 15.0, "mg", "week", id=1, drug="methotrexate"), visit]
    same.append(Entry("2026-01-20", "dose", "Trexall", 15.0, "mg", "week", id=4, drug="methotrexate"))
    assert _changed(same) == []
    taper = [dose(1, "2026-01-01", "prednisone", 20.0), visit]
    taper.append(Entry("2026-01-20", "dose", "Deltasone", 15.0, "mg", "day", id=4, drug="prednisone"))
    taper.append(dose(5, "2026-02-01", "prednisone", 10.0))
    assert _changed(taper) == [{"medicine": "prednisone"}]


def test_a_steroid_stopped_after_three_weeks_is_asked_about_and_a_short_course_is_not() -> None:
    """A second red team recorded prednisone 20 mg a day, a visit, then 0 mg: only a generic side-effects
    question came, though stopping all at once after weeks can bring on an adrenal crisis."""
    visit = other(2, "2026-01-10", "visit")
    stopped = [dose(1, "2025-12-01", "prednisone", 20.0), visit, dose(3, "2026-01-20", "prednisone", 0.0)]
    assert fills("steroid-stopped", stopped) == [{"medicine": "prednisone"}]
    short = [dose(1, "2026-01-01", "prednisone", 20.0), visit, dose(3, "2026-01-20", "prednisone", 0.0)]
    assert fills("steroid-stopped", short) == []  # 19 days: under 3 weeks
    before_visit = [dose(1, "2025-11-01", "prednisone", 20.0), dose(3, "2026-01-01", "prednisone", 0.0), visit]
    assert fills("steroid-stopped", before_visit) == []  # already seen at the visit
    still = [dose(1, "2025-12-01", "prednisone", 20.0), visit, dose(3, "2026-01-20", "prednisone", 5.0)]
    assert fills("steroid-stopped", still) == []
    assert RULES["steroid-stopped"].questions[0].text.format(medicine="prednisone") == (
        "My journal shows prednisone stopped. Which signs of an adrenal crisis should I watch for?"
    )


def test_a_pulse_course_that_has_ended_is_not_asked_about_as_started() -> None:
    """'methylprednisolone 1000 mg daily for 3 days' in January was asked about in March as 'now that I have
    started methylprednisolone'; a course that is still going on is."""
    visit = other(1, "2026-01-10", "visit")
    pulse = Entry("2026-01-20", "dose", "methylprednisolone", 1000.0, "mg", "day", id=2, course="3 days")
    assert fills("medicine-started", [visit, pulse._replace(drug="methylprednisolone")]) == []
    going = pulse._replace(day="2026-02-28", drug="methylprednisolone")
    assert fills("medicine-started", [visit, going]) == [{"medicine": "methylprednisolone"}]


def test_a_medicine_started_and_stopped_since_the_visit_is_not_asked_about_as_started() -> None:
    """A red team's checklist asked both about an adrenal crisis after prednisone stopped and 'now that I
    have started prednisone'."""
    visit = other(1, "2026-01-10", "visit")
    stopped = [visit, dose(2, "2026-01-11", "prednisone", 60.0), dose(3, "2026-02-20", "prednisone", 0.0)]
    assert fills("medicine-started", stopped) == []
    assert fills("medicine-started", stopped[:2]) == [{"medicine": "prednisone"}]

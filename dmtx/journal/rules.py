"""Which journal rules (from the knowledge file) a person's record meets. Only picks questions."""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from dmtx.journal import kinds
from dmtx.journal.entries import Entry, interval_days
from dmtx.model import JournalRule

NO_VISIT_DAYS = 365


class Record(NamedTuple):
    """A journal read for the checklist: all entries in order, today, and the last visit (if any)."""

    entries: tuple[Entry, ...]
    today: _dt.date
    last_visit: Entry | None
    doses_by_name: dict[str, list[Entry]]

    def window_start(self) -> str:
        """The first day "since your last visit" covers (the last 12 months when no visit is recorded)."""
        if self.last_visit is not None:
            return self.last_visit.day
        return (self.today - _dt.timedelta(days=NO_VISIT_DAYS)).isoformat()

    def in_window(self, entry: Entry) -> bool:
        """Whether the entry is after the last visit (or in the last 12 months)."""
        if self.last_visit is None:
            return entry.day >= self.window_start()
        return (entry.day, entry.id or 0) > (self.last_visit.day, self.last_visit.id or 0)

    def doses(self, drug: str) -> list[Entry]:
        """Every dose entry of one medicine, oldest first."""
        return self.doses_by_name.get(drug, [])

    def recent(self, kind: str, name: str | None = None) -> list[Entry]:
        """Entries of one kind (and name) since the last visit."""
        return [e for e in self.entries if e.kind == kind and (name is None or e.name == name) and self.in_window(e)]


def make_record(entries: list[Entry], today: _dt.date) -> Record:
    """Wrap entries (date order) with today and the last visit on or before today."""
    periods, medicines = kinds.of_summary(kinds.PERIOD), kinds.of_summary(kinds.MEDICINE)
    visits = [e for e in entries if e.kind in periods]
    doses: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.kind in medicines and entry.name:
            doses.setdefault(entry.name, []).append(entry)
    return Record(tuple(entries), today, visits[-1] if visits else None, doses)


def taken_since(record: Record, drug: str) -> str | None:
    """The first day of the current unbroken run of non-zero doses of `drug`; None when not taken now."""
    doses = record.doses(drug)
    if not doses or not doses[-1].value:
        return None
    start = doses[-1].day
    for entry in reversed(doses):
        if not entry.value:
            break
        start = entry.day
    return start


def _same_dose(a: Entry, b: Entry) -> bool:
    return (a.value, a.unit, a.per) == (b.value, b.unit, b.per)


def changed_doses(record: Record) -> list[tuple[Entry | None, Entry]]:
    """(previous, new) for each dose change (or first dose) since the last visit, oldest first.

    Without a recorded visit there is nothing to compare with, so no change is reported.
    """
    changes: list[tuple[Entry | None, Entry]] = []
    if record.last_visit is None:
        return changes
    for name in record.doses_by_name:
        previous: Entry | None = None
        for entry in record.doses(name):
            if record.in_window(entry) and (previous is None or not _same_dose(previous, entry)):
                changes.append((previous, entry))
            previous = entry
    return sorted(changes, key=lambda change: (change[1].day, change[1].id or 0))


def _taking_for_weeks(rule: JournalRule, record: Record) -> bool:
    weeks = rule.weeks or 0
    for drug in rule.drugs:
        start = taken_since(record, drug)
        if start and (record.today - _dt.date.fromisoformat(start)).days >= weeks * 7:
            return True
    return False


_MG = {"mg": 1.0, "g": 1000.0, "mcg": 0.001}


def mg_a_day(entry: Entry) -> float | None:
    """The dose as mg a day (a weekly dose as a seventh a day); None when its unit or schedule says no amount a day."""
    per_mg = _MG.get(entry.unit or "")
    days = interval_days(entry)
    if per_mg is None or days is None or entry.value is None:
        return None
    return entry.value * per_mg / days


def _taking_at_least(rule: JournalRule, record: Record) -> bool:
    """One of the drugs is taken now at the rule's amount a day or more: asked as soon as it starts."""
    least = rule.min_mg_a_day or 0.0
    for drug in rule.drugs:
        doses = record.doses(drug)
        if taken_since(record, drug) and (daily := mg_a_day(doses[-1])) is not None and daily >= least - 1e-9:
            return True
    return False


def lowered_since_visit(record: Record, drug: str) -> bool:
    """Whether a dose of `drug` recorded since the last visit is lower than the one before it."""
    for previous, new in changed_doses(record):
        if new.name != drug or previous is None:
            continue
        before, after = mg_a_day(previous), mg_a_day(new)
        if before is not None and after is not None and after < before:
            return True
    return False


def _muscles_changing(rule: JournalRule, record: Record) -> bool:
    """Weakness rising on the drug (whatever CK did), or CK rising after the drug was lowered.

    Both can be a flare of the disease or the drug's own effect (steroid myopathy); the CK level
    and a recent lower dose are what a doctor weighs, so the rule asks one neutral question.
    """
    lowered = any(lowered_since_visit(record, drug) for drug in rule.drugs)
    taking = lowered or any(taken_since(record, drug) for drug in rule.drugs)
    if not taking:
        return False
    scores = record.recent(kinds.SCORE, rule.score)
    score = kinds.find(kinds.SCORE, rule.score)
    # "went up" as "Since your last visit" words it: the same threshold as the score's trend sentence.
    trend = score.trend if score is not None else None
    if len(scores) >= 2 and trend is not None and trend.direction(scores[0].value or 0.0, scores[-1].value or 0.0) > 0:
        return True
    ck = record.recent(kinds.CK)
    if not lowered or len(ck) < 2:
        return False
    first, last = ck[0].value or 0.0, ck[-1].value or 0.0
    limit = (rule.ck_change_percent or 0) / 100
    return last > first if first == 0 else (last - first) / first > limit


def _dose_changed(rule: JournalRule, record: Record) -> bool:
    return bool(changed_doses(record))


_CONDITIONS = {
    "taking-for-weeks": _taking_for_weeks,
    "taking-at-least": _taking_at_least,
    "muscles-changing": _muscles_changing,
    "dose-changed": _dose_changed,
}


def rules_met(rules: tuple[JournalRule, ...], record: Record) -> list[JournalRule]:
    """The rules whose condition the record meets, in the knowledge file's order."""
    return [rule for rule in rules if _CONDITIONS[rule.condition](rule, record)]

"""Which journal rules (from the knowledge file) a person's record meets. Only picks questions."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import NamedTuple

from dmtx.journal import kinds
from dmtx.journal.entries import Entry, course_end, interval_days, number_text
from dmtx.model import JournalRule

NO_VISIT_DAYS = 365


class Record(NamedTuple):
    """A journal read for the checklist: all entries in order, today, and the last visit (if any).

    Doses are grouped by the guide's drug (`doses`): rules such as "taking prednisone for 12
    weeks" count any name of it, and one drug is taken under one name at a time, so a dose
    typed under another name (MTX after methotrexate, Gamunex after Octagam) follows the
    earlier one as a change, never as a second medicine taken at once.
    """

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
        """Every dose entry of one drug (any name it was typed as), oldest first."""
        return self.doses_by_name.get(drug, [])

    def recent(self, kind: str, name: str | None = None) -> list[Entry]:
        """Entries of one kind (and name) since the last visit."""
        return [e for e in self.entries if e.kind == kind and (name is None or e.name == name) and self.in_window(e)]


def drug_of(entry: Entry) -> str:
    """The drug a dose counts for: the guide's drug its name matched, else its name (entries kept before matching)."""
    return entry.drug or entry.name or ""


def product_of(entry: Entry) -> str:
    """The medicine as typed, case and spaces aside: 'Octagam' and 'octagam' are one, Octagam and Gamunex two."""
    return " ".join((entry.name or "").casefold().split())


def make_record(entries: list[Entry], today: _dt.date) -> Record:
    """Wrap entries (date order) with today and the last visit on or before today."""
    periods, medicines = kinds.of_summary(kinds.PERIOD), kinds.of_summary(kinds.MEDICINE)
    visits = [e for e in entries if e.kind in periods]
    doses: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.kind in medicines and entry.name:
            doses.setdefault(drug_of(entry), []).append(entry)
    return Record(tuple(entries), today, visits[-1] if visits else None, doses)


def taken_since(record: Record, drug: str) -> str | None:
    """The first day of the current unbroken run of non-zero doses of `drug`; None when not taken now."""
    doses = record.doses(drug)
    if not doses or not doses[-1].value:
        return None
    end = course_end(doses[-1])
    if end is not None and end < record.today.isoformat():  # "for 5 days" in March is not taken in December
        return None
    return _run_start(doses)


def _run_start(doses: list[Entry]) -> str:
    """The first day of the unbroken run of non-zero doses that ends with the last of these."""
    start = doses[-1].day
    for entry in reversed(doses):
        if not entry.value:
            break
        start = entry.day
    return start


def same_amount(a: Entry, b: Entry) -> bool:
    """Whether two doses are the same amount on the same schedule, whatever name each was typed under."""
    return (a.value, a.unit, a.per, a.course) == (b.value, b.unit, b.per, b.course)


def same_dose(a: Entry, b: Entry) -> bool:
    """Whether two doses are the same amount on the same schedule, under the same name (Sandimmune to Neoral is a change)."""
    return product_of(a) == product_of(b) and same_amount(a, b)


def changed_doses(record: Record) -> list[tuple[Entry | None, Entry]]:
    """(previous, new) for each medicine's dose change since the last visit, oldest first; previous is
    None when the medicine was started since then (its first dose ever).

    Without a recorded visit there is nothing to compare with, so no change is reported.
    """
    changes: list[tuple[Entry | None, Entry]] = []
    if record.last_visit is None:
        return changes
    for doses in record.doses_by_name.values():
        previous: Entry | None = None
        for entry in doses:
            if record.in_window(entry) and (previous is None or not same_dose(previous, entry)):
                changes.append((previous, entry))
            previous = entry
    return sorted(changes, key=lambda change: (change[1].day, change[1].id or 0))


# --------------------------------------------------------------------------- trends: one window, one threshold


class Moved(NamedTuple):
    """How the values of one kind (and name) moved since the last visit: the one trend that both the
    summary's sentence and the journal's questions read, so they cannot disagree."""

    first_day: str
    first: float
    last_day: str
    last: float
    values: int  # how many values
    direction: int  # 1 up, -1 down, 0 about the same, by the row's Trend

    def words(self) -> str:
        """'went up', 'went down' or 'stayed about the same'."""
        return ("stayed about the same", "went up", "went down")[self.direction]


def moved(record: Record, kind: str, name: str | None = None) -> Moved | None:
    """The trend of one kind (and name) over the window; None when it has no values there."""
    values = [e for e in record.recent(kind, name) if e.value is not None]
    row = kinds.find(kind, name)
    if not values or row is None:
        return None
    first, last = values[0], values[-1]
    a, b = float(first.value or 0.0), float(last.value or 0.0)
    direction = row.trend.direction(a, b) if row.trend and len(values) > 1 else 0
    return Moved(first.day, a, last.day, b, len(values), direction)


class Rise(NamedTuple):
    """The flare signal: one day's score well above its average over the days before."""

    score: str
    day: str
    value: float
    average: float


def flare_rises(record: Record, *, points: float, days: int, score: str | None = None) -> list[Rise]:
    """The latest rise of each watched score since the last visit: a day's score at least `points` above
    the average of the `days` days before, when most of those days (all but one) were scored.

    The rule of Oldroyd et al. 2022 (a rise over the previous 4 days' average); the size of the
    rise on a 0-10 score is dmtx's own choice (the knowledge file's `rise_points`).
    """
    watched = [row.name for row in kinds.TABLE if row.flare and row.name and (score is None or row.name == score)]
    rises: list[Rise] = []
    for name in watched:
        by_day: dict[str, float] = {}
        for entry in record.entries:  # the days before the window count as the baseline too
            if entry.kind == kinds.SCORE and entry.name == name and entry.value is not None:
                by_day[entry.day] = float(entry.value)  # the day's last score
        start = record.window_start()
        latest: Rise | None = None
        for day, value in by_day.items():
            if day < start or (record.last_visit is not None and day == start):
                continue
            date = _dt.date.fromisoformat(day)
            before = [by_day.get((date - _dt.timedelta(days=n)).isoformat()) for n in range(1, days + 1)]
            known = [v for v in before if v is not None]
            if len(known) >= max(1, days - 1) and value - sum(known) / len(known) >= points:
                latest = Rise(name, day, value, sum(known) / len(known))
        if latest is not None:
            rises.append(latest)
    return rises


# --------------------------------------------------------------------------- conditions

Fill = dict[str, str]


def _taking_for_weeks(rule: JournalRule, record: Record) -> list[Fill]:
    weeks = rule.weeks or 0
    for drug in rule.drugs:
        start = taken_since(record, drug)
        if start and (record.today - _dt.date.fromisoformat(start)).days >= weeks * 7:
            return [{"medicine": drug}]
    return []


def _stopped_after_weeks(rule: JournalRule, record: Record) -> list[Fill]:
    """One of the drugs recorded at 0 since the last visit, after an unbroken run of doses of `weeks` weeks
    or more: stopping a steroid all at once after weeks can bring on an adrenal crisis, so it is asked about."""
    for drug in rule.drugs:
        doses = record.doses(drug)
        if len(doses) < 2 or doses[-1].value or not doses[-2].value or not record.in_window(doses[-1]):
            continue
        taken = _dt.date.fromisoformat(doses[-1].day) - _dt.date.fromisoformat(_run_start(doses[:-1]))
        if taken.days >= (rule.weeks or 0) * 7:
            return [{"medicine": drug}]
    return []


_MG = {"mg": 1.0, "g": 1000.0, "mcg": 0.001}


def mg_a_day(entry: Entry) -> float | None:
    """The dose as mg a day (a weekly dose as a seventh a day); None when its unit or schedule says no amount a day."""
    per_mg = _MG.get(entry.unit or "")
    days = interval_days(entry)
    if per_mg is None or days is None or entry.value is None:
        return None
    return entry.value * per_mg / days


def _taking_at_least(rule: JournalRule, record: Record) -> list[Fill]:
    """One of the drugs is taken now at the rule's amount a day or more: asked as soon as it starts."""
    least = rule.min_mg_a_day or 0.0
    for drug in rule.drugs:
        doses = record.doses(drug)
        if taken_since(record, drug) and (daily := mg_a_day(doses[-1])) is not None and daily >= least - 1e-9:
            return [{"medicine": drug}]
    return []


def lowered_since_visit(record: Record, drug: str) -> bool:
    """Whether a dose of `drug` recorded since the last visit is lower than the one before it."""
    for previous, new in changed_doses(record):
        if previous is None or drug_of(new) != drug:
            continue
        before, after = mg_a_day(previous), mg_a_day(new)
        if before is not None and after is not None and after < before:
            return True
    return False


def _score_rise(rule: JournalRule, record: Record) -> list[Fill]:
    """Every way the muscles can be the disease or the drug, one finding per score, for one neutral question.

    The flare signal (a daily score well above the days before); on the drug, the score that went up
    since the last visit whatever CK did; and CK that went up after the drug was lowered. The CK level
    and a recent lower dose are what a doctor weighs, so the question never leans either way.
    """
    lowered = next((drug for drug in rule.drugs if lowered_since_visit(record, drug)), None)
    taking = lowered or next((drug for drug in rule.drugs if taken_since(record, drug)), None)
    cause = f"the DM or the {taking}" if taking else "the DM, or something else"
    found: dict[str, Fill] = {}
    for rise in flare_rises(record, points=rule.rise_points or 0, days=rule.rise_days or 0):
        moved_words = (
            f"score rose to {number_text(rise.value)} on {rise.day}, well above its average of "
            f"{number_text(round(rise.average, 1))} over the {rule.rise_days} days before"
        )
        found[rise.score] = {"score": rise.score, "moved": moved_words, "cause": cause}
    if not taking:
        return list(found.values())
    score = moved(record, kinds.SCORE, rule.score) if rule.score else None
    if rule.score and rule.score not in found and score is not None and score.direction > 0:
        found[rule.score] = {"score": rule.score, "moved": "score went up since the last visit", "cause": cause}
    ck = moved(record, kinds.CK)
    if lowered and rule.score not in found and ck is not None and ck.values > 1 and ck.direction > 0:
        found["ck"] = {"score": "CK", "moved": f"went up after the {lowered} dose was lowered", "cause": cause}
    return list(found.values())


def _medicine_name(entry: Entry) -> str:
    return entry.name or ""


def _dose_changed(rule: JournalRule, record: Record) -> list[Fill]:
    """One question per medicine whose amount or schedule changed, by its latest name; a new name alone
    (Trexall for methotrexate, at the same dose) is no change of dose."""
    names: dict[str, str] = {}
    for previous, new in changed_doses(record):
        if previous is not None and not same_amount(previous, new):
            names[drug_of(new)] = _medicine_name(new)
    return [{"medicine": name} for name in dict.fromkeys(names.values())]


def _medicine_started(rule: JournalRule, record: Record) -> list[Fill]:
    """One question per medicine started since the last visit and taken now: a pulse course that has ended
    ("1000 mg daily for 3 days") is not asked about as "now that I have started"."""
    today = record.today.isoformat()
    names = {
        drug_of(new): _medicine_name(new)
        for previous, new in changed_doses(record)
        if previous is None and taken_since(record, drug_of(new)) and ((end := course_end(new)) is None or end >= today)
    }
    return [{"medicine": name} for name in dict.fromkeys(names.values())]


_CONDITIONS: dict[str, Callable[[JournalRule, Record], list[Fill]]] = {
    "taking-for-weeks": _taking_for_weeks,
    "taking-at-least": _taking_at_least,
    "score-rise": _score_rise,
    "dose-changed": _dose_changed,
    "medicine-started": _medicine_started,
    "stopped-after-weeks": _stopped_after_weeks,
}


def rules_met(rules: tuple[JournalRule, ...], record: Record) -> list[tuple[JournalRule, list[Fill]]]:
    """The rules whose condition the record meets, each with what it found (one question each), in order."""
    met = []
    for rule in rules:
        found = _CONDITIONS[rule.condition](rule, record)
        if found:
            met.append((rule, found))
    return met

"""Lab results read from a patient's own records (FHIR, C-CDA, an Apple Health export): what is kept and how.

A result is kept when its LOINC code is one of a row's `codes` in the kinds table (CK, and
the `lab` rows: aldolase, ALT, AST, LDH), with its value converted to U/L, its date and the
lab's own reference range. Everything else is counted by reason, never dropped silently.
The readers (fhir, ccda, healthzip) only find candidates; this module judges them.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from dmtx.errors import UsageProblem
from dmtx.journal import entries as E
from dmtx.journal import kinds
from dmtx.journal.entries import Entry

LOINC_SYSTEM = "http://loinc.org"
LOINC_OID = "2.16.840.1.113883.6.1"
MAX_FILE_BYTES = 50 * 1024 * 1024

# To U/L. UCUM: U = umol/min, kat = mol/s, so 1 ukat/L = 60 U/L (Dybkaer, Clin Chem 2002;48:586).
# [IU]/L is "arbitrary" in UCUM; labs use it for the enzyme unit, so it counts as U/L for these
# enzymes only (every analyte dmtx keeps is one).
UNIT_FACTORS: dict[str, Decimal] = {
    "U/L": Decimal(1),
    "U/l": Decimal(1),
    "IU/L": Decimal(1),
    "[IU]/L": Decimal(1),
    "[iU]/L": Decimal(1),
    "Units/L": Decimal(1),
    "mU/mL": Decimal(1),
    "ukat/L": Decimal(60),
    "ukat/l": Decimal(60),
    "\u00b5kat/L": Decimal(60),
    "\u03bckat/L": Decimal(60),
    "nkat/L": Decimal("0.06"),
}
KNOWN_UNITS = "U/L, IU/L, µkat/L or nkat/L"
COMPARATORS = ("<", "<=", ">=", ">")
KEPT_STATUSES = ("final", "amended", "corrected", "completed")

# Why a record was not kept, in the words the import prints ("3 not a result dmtx keeps").
NOT_WANTED = "not a result dmtx keeps (by LOINC code)"
NOT_A_RESULT = "not a lab result"
NO_VALUE = "without a value"
NO_DATE = "without a date"
NOT_FINAL = "not final (pending, cancelled or entered in error)"
BAD_UNIT = "in a unit dmtx cannot convert"
BAD_VALUE = "with a value out of range"
NOT_A_NUMBER = "with a value that is not a number (such as '>5000')"
FUTURE = "dated in the future"
TOO_OLD = f"dated before {E.EARLIEST_YEAR}"
DUPLICATE = "repeated in the file"
DSTU2_NOTE = "FHIR DSTU2"


class Candidate(NamedTuple):
    """One coded result as a reader found it, before any judgement."""

    codes: tuple[str, ...]  # LOINC codes, as sent
    value: str | None  # the number as sent (text), None when absent
    comparator: str | None
    unit: str  # the unit as sent (UCUM code first, else the printed unit)
    when: str | None  # the date or date-time as sent
    low: str | None
    high: str | None
    range_text: str | None
    status: str | None
    fmt: str  # "FHIR R4", "FHIR DSTU2", "C-CDA"
    source_id: str


class Found(NamedTuple):
    """What a file holds: the entries to add, the skipped counts by reason, and the formats seen."""

    entries: tuple[Entry, ...]
    skipped: Counter[str]
    formats: tuple[str, ...]
    units: tuple[str, ...] = ()  # the units refused, as sent

    def unit_sentence(self) -> str | None:
        """One sentence naming the units refused, when any was."""
        if not self.units:
            return None
        return f"Results in {', '.join(self.units)} were not imported: dmtx converts only {KNOWN_UNITS} to U/L."


def rows_by_code() -> dict[str, kinds.Kind]:
    """LOINC code -> the kinds-table row that keeps it."""
    return {code: row for row in kinds.TABLE for code in row.codes}


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _plain(value: Decimal) -> str:
    """A converted number as people write it (at most 4 decimals)."""
    return E.number_text(float(round(value, 4)))


def _range_words(candidate: Candidate, factor: Decimal, unit: str) -> str | None:
    low, high = _decimal(candidate.low), _decimal(candidate.high)
    text = " ".join((candidate.range_text or "").split())
    if low is None and high is None and text:
        if factor == 1:
            return text[: E.MAX_RANGE_CHARS]
        # The value was changed to U/L: a range left in the lab's unit would read "114 U/L (lab range
        # 0.17 - 0.60 µkat/L)". Its numbers are changed too, or, when they cannot be read, it is left out.
        bounds = _TEXT_RANGE.match(text)
        if bounds is None:
            return None
        low, high = Decimal(bounds[1]), Decimal(bounds[2])
    if low is not None and high is not None:
        return f"{_plain(low * factor)}-{_plain(high * factor)} {unit}"
    if high is not None:
        return f"up to {_plain(high * factor)} {unit}"
    if low is not None:
        return f"from {_plain(low * factor)} {unit}"
    return None


# A range written as text: "0.17 - 0.60 µkat/L", "10-40", "7 to 56 U/L" (its unit is the result's).
_TEXT_RANGE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(?:-|–|to)\s*([0-9]+(?:\.[0-9]+)?)(?:\s*\S+)?$")


_DAY = re.compile(r"^([0-9]{4})-?([0-9]{2})-?([0-9]{2})")


def day_of(when: str | None, today: _dt.date) -> str | None:
    """The calendar day a result was taken, as the lab wrote it ('2024-03-04T08:15:00+01:00' -> 2024-03-04,
    C-CDA '20240304081500' too); None when there is none or it is not a real date."""
    found = _DAY.match(when.strip()) if when else None
    if not found:
        return None
    try:
        return _dt.date(int(found[1]), int(found[2]), int(found[3])).isoformat()
    except ValueError:
        return None


def judge(candidates: list[Candidate], *, today: _dt.date | None = None) -> Found:
    """Keep the results dmtx keeps, as journal entries in U/L; count the rest by reason."""
    now = today or _dt.date.today()
    wanted = rows_by_code()
    skipped: Counter[str] = Counter()
    kept: list[Entry] = []
    keys: set[str] = set()
    formats: dict[str, None] = {}
    units: set[str] = set()
    for candidate in candidates:
        formats[candidate.fmt] = None
        code = next((c for c in candidate.codes if c in wanted), None)
        if code is None:
            skipped[NOT_WANTED] += 1
            continue
        entry, reason = _entry(candidate, wanted[code], code, now)
        if entry is None:
            skipped[reason] += 1
            if reason == BAD_UNIT:
                units.add(candidate.unit.strip()[:20] or "no unit")
        elif entry.key() in keys:
            skipped[DUPLICATE] += 1
        else:
            keys.add(entry.key())
            kept.append(entry)
    return Found(tuple(kept), skipped, tuple(formats), tuple(sorted(units)))


def _entry(candidate: Candidate, row: kinds.Kind, code: str, today: _dt.date) -> tuple[Entry | None, str]:
    if (candidate.status or "final").lower() not in KEPT_STATUSES:
        return None, NOT_FINAL
    value = _decimal(candidate.value)
    if value is None:
        return None, NO_VALUE if candidate.value is None else NOT_A_NUMBER
    factor = UNIT_FACTORS.get(candidate.unit.strip())
    if factor is None:
        return None, BAD_UNIT
    converted = value * factor
    if converted < 0 or converted > E.MAX_CK:
        return None, BAD_VALUE
    day = day_of(candidate.when, today)
    if day is None:
        return None, NO_DATE
    if day > today.isoformat():
        return None, FUTURE
    if day < f"{E.EARLIEST_YEAR}-01-01":
        return None, TOO_OLD
    number = float(converted)
    if not math.isfinite(number):
        return None, BAD_VALUE
    unit = row.unit or kinds.LAB_UNIT  # as shown; a CK result is kept without it, as a typed one is
    note = None
    if candidate.comparator in COMPARATORS:
        note = f"The lab reported {candidate.comparator}{_plain(converted)} {unit}."
    source = candidate.source_id[:32]
    origin = f"{candidate.fmt}, LOINC {code}" + (f", {source}" if source else "")
    return (
        Entry(
            day,
            row.kind,
            row.name,
            number,
            None if row.kind == kinds.CK else unit,
            None,
            note,
            range=_range_words(candidate, factor, unit),
            origin=origin[: E.MAX_NAME_CHARS],
        ),
        "",
    )


def summary(found: Found) -> str:
    """'skipped 3: 2 not a result dmtx keeps, 1 without a value' ('' when none was skipped)."""
    total = sum(found.skipped.values())
    if not total:
        return ""
    parts = [f"{n} {reason}" for reason, n in sorted(found.skipped.items(), key=lambda item: (-item[1], item[0]))]
    return f"skipped {total}: {'; '.join(parts)}"


def refuse(name: str, why: str) -> UsageProblem:
    """The one sentence a damaged or hostile file gets: nothing is written."""
    return UsageProblem(f"Nothing was imported: {name} {why}")

"""Journal entries: the record of one entry, and strict checks of what a user types or imports.

Which kinds there are, and which checks each uses, is the table in `kinds`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

from dmtx.errors import UsageProblem
from dmtx.model import Drug

if TYPE_CHECKING:
    import datetime as _dt

UNITS = ("mg", "g", "mcg", "ml", "units", "mg/kg", "g/kg")
PER = ("day", "week")
_PER_DAYS = {"day": 1, "week": 7}
MAX_NOTE_CHARS = 2000
MAX_NAME_CHARS = 80
MAX_CK = 1_000_000
MAX_DOSE = 100_000
EARLIEST_YEAR = 1900
_NUMBER = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,4})?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class Entry(NamedTuple):
    """One line of the journal. `name` is a medicine or score name; `value` a number, when the kind has one.

    `kinds.describe(entry)` puts it in words.
    """

    day: str
    kind: str
    name: str | None = None
    value: float | None = None
    unit: str | None = None
    per: str | None = None
    note: str | None = None
    id: int | None = None

    def key(self) -> str:
        """The natural key: the same entry typed or imported twice has the same key."""
        import hashlib  # only writers need it; it costs start-up time for the readers
        import json

        parts = [self.day, self.kind, self.name, number_text(self.value), self.unit, self.per, self.note]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def number_text(value: float | None) -> str:
    """A number as people write it: 850, 7.5 (no trailing .0); empty for no value."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def dose_text(entry: Entry) -> str:
    """'40 mg a day', '15 mg a week' or '2 g' (no --per)."""
    per = f" a {entry.per}" if entry.per else ""
    return f"{number_text(entry.value)} {entry.unit}{per}"


def interval_days(entry: Entry) -> int | None:
    """How many days apart the doses are (1 for a day, 7 for a week); None when no schedule is recorded."""
    return _PER_DAYS.get(entry.per or "")


def schedule_warning(drug: Drug | None, entry: Entry) -> str | None:
    """The drug's warning when this dose is recorded more often than the drug is usually taken, else None.

    The record itself is never changed: the warning only asks the person to check it.
    """
    warning = drug.schedule_warning if drug is not None else None
    days = interval_days(entry)
    if warning is None or days is None or not entry.value or days >= warning.min_days:
        return None
    return warning.text


# --------------------------------------------------------------------------- checks


def check_date(text: str | None, *, today: _dt.date | None = None) -> str:
    """A real date written YYYY-MM-DD, not in the future; today when not given."""
    import datetime as _dt  # only entries being added need it; lookups import this module too

    now = today or _dt.date.today()
    if text is None:
        return now.isoformat()
    text = text.strip()
    if not _DATE.match(text):
        raise UsageProblem(f"{shown(text)} is not a date written YYYY-MM-DD, e.g. {now.isoformat()}.")
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        raise UsageProblem(f"{text} is not a real date.") from None
    if day > now:
        raise UsageProblem(f"{text} is in the future; a journal records what has already happened.")
    if day.year < EARLIEST_YEAR:
        raise UsageProblem(f"{text} is too long ago for a journal entry.")
    return day.isoformat()


def check_number(text: str, what: str, *, high: float) -> float:
    """A plain decimal number from 0 to high (no signs, exponents, NaN or infinity)."""
    raw = text.strip()
    if raw.startswith("-") and _NUMBER.match(raw[1:]):
        raise UsageProblem(f"{what} cannot be negative ({raw}).")
    if not _NUMBER.match(raw):
        raise UsageProblem(f"{what} must be a number such as 850 or 7.5, not {shown(raw)}.")
    value = float(raw)
    if value > high:
        raise UsageProblem(f"{what} {raw} is too large (the limit is {number_text(high)}).")
    return value


def check_ck(text: str) -> float:
    """A CK result in U/L."""
    return check_number(text, "A CK value", high=MAX_CK)


def check_dose(amount: str, unit: str, per: str | None) -> tuple[float, str, str | None]:
    """A dose amount, one of UNITS, and optionally 'day' or 'week'."""
    value = check_number(amount, "A dose", high=MAX_DOSE)
    chosen = unit.strip().lower()
    if chosen not in UNITS:
        raise UsageProblem(f"{shown(unit)} is not a unit dmtx knows; use one of {', '.join(UNITS)}.")
    if per is not None and per.strip().lower() not in PER:
        raise UsageProblem(f"--per must be {' or '.join(PER)}, not {shown(per)}.")
    return value, chosen, per.strip().lower() if per else None


def check_text(text: str, what: str, *, limit: int = MAX_NOTE_CHARS) -> str:
    """User text: not empty, at most `limit` characters, no control characters (new lines are fine)."""
    value = text.strip()
    if not value:
        raise UsageProblem(f"The {what} is empty.")
    if len(value) > limit:
        raise UsageProblem(f"The {what} is too long ({len(value)} characters; the limit is {limit}).")
    for char in value:
        if char != "\n" and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise UsageProblem(f"The {what} contains a control character (U+{ord(char):04X}); please remove it.")
    return value


def check_name(text: str) -> str:
    """A medicine's name as typed (one line)."""
    return check_text(text.replace("\n", " "), "medicine name", limit=MAX_NAME_CHARS)


def optional_note(text: str | None) -> str | None:
    """The --note text, checked; None when not given."""
    return None if text is None else check_text(text, "note")


def shown(text: str) -> str:
    """User text quoted for an error message: one clean line, at most 40 characters."""
    from dmtx.sanitize import clean_line

    short = text if len(text) <= 40 else text[:39] + "…"
    return repr(clean_line(short))

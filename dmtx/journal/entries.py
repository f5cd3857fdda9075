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
# `--every "N days|weeks|months"`: how many days one of each is (a month taken as 30 days, for
# the "more often than" check only), and the most of each a schedule may say.
_SPAN_DAYS = {"day": 1, "week": 7, "month": 30}
_SPAN_MOST = {"day": 366, "week": 104, "month": 24}
_SPAN = re.compile(r"^(?:every\s+)?(?:([0-9]{1,3})\s*|(other)\s+)?(day|week|month)s?$")
MAX_NOTE_CHARS = 2000
MAX_NAME_CHARS = 80
MAX_RANGE_CHARS = 60
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
    course: str | None = None  # a dose given over several days, e.g. "5 days"
    drug: str | None = None  # the guide's drug the typed name matched; None: not matched
    range: str | None = None  # a lab result's reference range, as the lab gave it
    origin: str | None = None  # where an imported result came from, e.g. "FHIR R4, LOINC 2157-6"

    def key(self) -> str:
        """The natural key: the same entry typed or imported twice has the same key.

        The drug matched, the range and the origin are not part of it: the same result read
        from a FHIR file and from a C-CDA document is one result.
        """
        import hashlib  # only writers need it; it costs start-up time for the readers
        import json

        parts = [self.day, self.kind, self.name, number_text(self.value), self.unit, self.per, self.note]
        if self.course:  # only then: entries kept before courses existed keep their keys
            parts.append(self.course)
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def number_text(value: float | None) -> str:
    """A number as people write it: 850, 7.5 (no trailing .0); empty for no value."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def entries_count(count: int) -> str:
    """'1 entry', '3 entries'."""
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def already_sentence(count: int) -> str:
    """'; 1 was already in the journal' or '; 3 were ...', the end of an import's report."""
    return f"; {count} {'was' if count == 1 else 'were'} already in the journal"


def schedule_words(per: str | None, course: str | None = None) -> str:
    """A schedule in words: 'a day', 'a week', 'every 4 weeks', 'every 4 weeks, over 5 days'; '' for none."""
    words = ""
    if per:
        words = f"a {per}" if per in _SPAN_DAYS else f"every {per}"
    if course:
        span = f"1 {course}" if course in _SPAN_DAYS else course  # "over 1 day", not "over day"
        words = f"{words}, over {span}" if words else f"over {span}"
    return words


def dose_text(entry: Entry) -> str:
    """'40 mg a day', '15 mg a week', '140 g every 4 weeks, over 5 days' or '2 g' (no schedule)."""
    schedule = schedule_words(entry.per, entry.course)
    return f"{number_text(entry.value)} {entry.unit}{' ' + schedule if schedule else ''}"


def span_days(span: str | None) -> int | None:
    """How many days a stored span is: 'day' 1, 'week' 7, '4 weeks' 28, '2 months' 60; None for none."""
    if not span:
        return None
    count, _, unit = span.rpartition(" ")
    return int(count or 1) * _SPAN_DAYS[unit.rstrip("s")]


def interval_days(entry: Entry) -> int | None:
    """How many days apart the doses are (1 a day, 7 a week, 28 every 4 weeks); None when no schedule is recorded.

    A dose given over a course of several days is given daily during it: 1. A "course" as long as
    the gap between doses or longer (a weekly drug "over 8 weeks", from an import) is no course:
    the gap stands.
    """
    if (span_days(entry.course) or 0) > 1 and not outlasts_gap(entry.course, entry.per):
        return 1
    return span_days(entry.per)


def course_end(entry: Entry) -> str | None:
    """The last day of a one-off course ("60 mg daily for 5 days" from 2026-03-01: 2026-03-05); None when the
    dose goes on: no course, or a course that comes back after a longer gap (IVIG every 4 weeks, over 5 days)."""
    days = span_days(entry.course)
    if not days or (span_days(entry.per) or 1) > 1:
        return None
    import datetime as _dt  # only a course needs it; lookups import this module too

    return (_dt.date.fromisoformat(entry.day) + _dt.timedelta(days=days - 1)).isoformat()


def outlasts_gap(course: str | None, per: str | None) -> bool:
    """Whether a course is as long as the gap between doses or longer (a gap of more than a day): no course then."""
    gap = span_days(per)
    return gap is not None and gap > 1 and (span_days(course) or 0) >= gap


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
    """A real date written YYYY-MM-DD (or "today", "yesterday"), not in the future; today when not given."""
    import datetime as _dt  # only entries being added need it; lookups import this module too

    now = today or _dt.date.today()
    if text is None:
        return now.isoformat()
    text = text.strip()
    said = {"today": 0, "yesterday": 1}.get(text.casefold())
    if said is not None:  # as people say it: --date yesterday
        return (now - _dt.timedelta(days=said)).isoformat()
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


_GROUPED = re.compile(r"^([1-9][0-9]{0,2})((?:[.,][0-9]{3})+)(?![0-9.,])")


def check_grouping(text: str, *, imported: bool = False) -> None:
    """Refuse a number written in groups of three ('1,200', '1.200'): 1200 or 1.2 is a guess either way.

    '1.200' was kept as 1.2 and a CK of 1200 then read as "went down". From a file
    (`imported`), '1.125' may be a decimal dmtx itself wrote, so only what dmtx never writes
    is refused there: a comma, or a last group ending in 0 ('1.500').
    """
    grouped = _GROUPED.match(text.strip())
    if grouped is None:
        return
    head, groups = grouped.groups()
    if imported and "," not in groups and not groups.endswith("0"):
        return
    whole = head + groups.replace(",", "").replace(".", "")
    if len(groups) > 4:
        raise UsageProblem(f"{shown(grouped[0])} is not a number dmtx can read; type it as {whole}, with no commas.")
    decimal = f"{head}.{groups[1:]}".rstrip("0").rstrip(".")
    raise UsageProblem(f"{shown(grouped[0])} could mean {whole} or {decimal}; type {whole}, or {decimal}.")


def check_ck(text: str) -> float:
    """A CK result in U/L."""
    return check_number(text, "A CK value", high=MAX_CK)


_GLUED = re.compile(r"^([0-9]{1,9}(?:\.[0-9]{1,4})?)\s*([a-z/]+)$")


_RATE = re.compile(r"(.+?)/(day|d|week|wk|w|month|mo)")
_RATE_WORDS = {"d": "day", "wk": "week", "w": "week", "mo": "month"}


def split_rate(unit: str) -> tuple[str, str | None]:
    """A unit with how often in it, "mg/week" or "mg/kg/day" -> ("mg", "week"), ("mg/kg", "day"); else (unit, None)."""
    found = _RATE.fullmatch(unit.strip().lower())
    if found and found[1] in UNITS:
        return found[1], _RATE_WORDS.get(found[2], found[2])
    return unit, None


def glued_unit(amount: str) -> tuple[str, str] | None:
    """A dose typed as one word, "15mg" or "15mg/week" -> ("15", "mg"), ("15", "mg/week"); else None."""
    glued = _GLUED.match(amount.strip().lower())
    return (glued[1], glued[2]) if glued and split_rate(glued[2])[0] in UNITS else None


def amount_and_unit(amount: str, unit: str | None) -> tuple[str, str]:
    """The amount and unit of a dose, also when typed as one word ("15mg"); UsageProblem without a unit."""
    if unit is not None:
        if glued_unit(amount):  # "15mg mg"
            raise UsageProblem(
                f"The unit is given twice ({shown(amount)} and {shown(unit)}): type it once, e.g. 15 mg."
            )
        return amount, unit
    found = glued_unit(amount)
    if found:
        return found
    if not _GLUED.match(amount.strip().lower()):
        check_number(amount, "A dose", high=MAX_DOSE)  # '', 'forty': the amount's own sentence comes first
    raise UsageProblem(f"Give the unit after the amount, e.g. 40 mg ({', '.join(UNITS)}).")


def check_dose(amount: str, unit: str, per: str | None) -> tuple[float, str, str | None]:
    """A dose amount, one of UNITS, and optionally a schedule: 'day', 'week' or 'N days|weeks|months'."""
    value = check_number(amount, "A dose", high=MAX_DOSE)
    chosen = unit.strip().lower()
    if chosen not in UNITS:
        raise UsageProblem(f"{shown(unit)} is not a unit dmtx knows; use one of {', '.join(UNITS)}.")
    return value, chosen, check_span(per, "--every", how_often=True) if per else None


# As labels and people say it: each of these is once a day (qd, od and qhs as prescriptions write them).
_ONCE_A_DAY = (
    *("nightly", "every morning", "every evening", "every night", "each morning", "each evening", "each night"),
    *("everyday", "at bedtime", "at night", "every bedtime", "every 24 hours", "every 24 hrs", "every 24h"),
    *("qd", "q.d.", "q.d", "od", "o.d.", "o.d", "qhs", "q.h.s.", "hs", "1x daily", "1x a day", "1x/day", "1x day"),
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "Every Monday", "on Mondays", "Mondays": one day of the week is once a week.
_ONCE_A_WEEK = tuple(
    f"{lead}{day}{s}" for day in _WEEKDAYS for s in ("", "s") for lead in ("", "every ", "on ", "each ")
)
_EVERYDAY = {
    **{"daily": "day", "weekly": "week", "monthly": "month", "fortnightly": "2 weeks"},
    **{"once daily": "day", "once weekly": "week", "once monthly": "month", **dict.fromkeys(_ONCE_A_DAY, "day")},
    **{"1x weekly": "week", "1x a week": "week", "1x/week": "week", **dict.fromkeys(_ONCE_A_WEEK, "week")},
    **{"qod": "2 days", "q.o.d.": "2 days", "q.o.d": "2 days", "q7d": "week", "q14d": "2 weeks"},
}
# "once daily with food": when in the day, or with what, says nothing about how often.
_WITH_MEALS = re.compile(r"\s+(?:with|after|before)\s+(?:food|meals?|breakfast|lunch|dinner|supper)$")
# "weekly on Friday", "once a week on Mondays": the day a weekly dose falls on says nothing more.
_ON_DAY = re.compile(r"\s+on\s+(?:" + "|".join(_WEEKDAYS) + r")s?$")
# "Twice a day", "3 times a week", "2x", "BID", "every 12 hours": more than one dose in a span, which one
# entry cannot say. "1x" is once, so not here.
_MORE_THAN_ONCE = re.compile(
    r"\b(?:twice|thrice|times|(?:[2-9]|[1-9][0-9]+)\s*x|x[0-9]+|bid|tid|qid|tds|b\.i\.d|t\.i\.d|q\.i\.d)\b"
    r"|\bevery\s+(?:[1-9]|1[0-9]|2[0-3])\s*(?:hours?|hrs?|h)\b|\bq(?:[1-9]|1[0-9]|2[0-3])h\b"  # under 24 hours
)
_LEAD = re.compile(r"^(?:once\s+)?(?:a|an|per|each)\s+|^/\s*")
_WITHIN = re.compile(
    r"\b(hours?|hrs?|h|q[0-9]{1,2}h|bid|tid|qid|tds|b\.i\.d|t\.i\.d|q\.i\.d|day|days|daily|week|weeks|weekly)\b"
)


def more_often_than(text: str) -> int | None:
    """For doses said more than once in a span ("twice a week", "every 12 hours", "tds"): the span in days
    (1 for a day or hours, 7 for a week, 28 for a month); None when the words say no such thing."""
    plain = text.lower()
    if not _MORE_THAN_ONCE.search(plain):
        return None
    found = _WITHIN.search(plain) or re.search(r"\b(month|months|monthly)\b", plain)
    if found is None:
        return None
    word = found[1]
    return 7 if word.startswith("week") else 28 if word.startswith("month") else 1


_COURSE = re.compile(r"^(.*?)\s*\b(?:for|x)\s*([0-9]{1,3}\s*(?:day|week|month)s?)$")


def split_course(text: str) -> tuple[str, str | None]:
    """How often, and how long when said after it: "daily for 5 days" -> ("daily", "5 days"); else (text, None)."""
    found = _COURSE.match(" ".join(text.strip().lower().split()))
    return (found[1], found[2]) if found else (text, None)


def everyday_span(text: str) -> str:
    """How often in everyday words, as check_span reads it: 'weekly', 'a week', 'per day', '/day' -> 'week', 'day'."""
    plain = _WITH_MEALS.sub("", " ".join(text.strip().lower().split()))
    plain = _ON_DAY.sub("", plain) if plain.startswith(("weekly", "once a week", "every week")) else plain
    return _EVERYDAY.get(plain) or _LEAD.sub("", plain)


def check_span(text: str, what: str, *, how_often: bool = False) -> str:
    """'N days|weeks|months' (also 'day', 'week', 'other day', 'every 4 weeks', 'weekly', 'a day') as kept: 'day', '4 weeks'.

    `how_often`: the span is how often a dose comes back, so the sentence for a bad one names
    the everyday words too, and says plainly that more than one dose in a span ("twice a week")
    cannot be kept as one entry.
    """
    found = _SPAN.match(everyday_span(text))
    if not found:
        if how_often and _MORE_THAN_ONCE.search(text.lower()):
            plain = " ".join(text.split())
            example = plain if plain.isprintable() and len(plain) <= 40 and '"' not in plain else "twice a day"
            raise UsageProblem(
                f"One journal entry keeps one dose and how long until the next one, so {shown(text)} "
                f'cannot be kept as one entry. Keep the schedule in a note, e.g. dmtx journal add note "{example},'
                ' as prescribed".'
            )
        words = 'daily, weekly, monthly, or every N days, weeks or months (e.g. "every 2 weeks")'
        form = words if how_often else '"N days", "N weeks" or "N months" (e.g. "4 weeks")'
        raise UsageProblem(f"{what} must be {form}, not {shown(text)}.")
    count = 2 if found[2] else int(found[1] or 1)
    unit = found[3]
    if not 1 <= count <= _SPAN_MOST[unit]:
        raise UsageProblem(f"{what} {shown(text)} is out of range: 1 to {_SPAN_MOST[unit]} {unit}s.")
    return unit if count == 1 else f"{count} {unit}s"


def check_schedule(per: str | None, every: str | None) -> str | None:
    """The schedule of `--per day|week` or `--every "N days|weeks|months"` (not both), as kept."""
    if per is not None and every is not None:
        raise UsageProblem('Give --per or --every, not both (e.g. --per week, or --every "4 weeks").')
    if per is not None and everyday_span(per) not in PER:
        raise UsageProblem(f'--per must be {" or ".join(PER)}, not {shown(per)}; for others use --every "N weeks".')
    chosen = per if per is not None else every
    return check_span(chosen, "--every", how_often=True) if chosen is not None else None


def check_range(text: str) -> str | None:
    """A lab's reference range as it gave it (e.g. '26-192', '<7.7'); None when empty."""
    return check_text(text.replace("\n", " "), "reference range", limit=MAX_RANGE_CHARS) if text.strip() else None


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

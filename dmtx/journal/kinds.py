"""The one table of journal entry kinds: each kind (and each score) as one row.

A row says everything dmtx does with an entry of its kind: how what a person types or a
file holds is checked (`read`), which CSV/JSON columns it fills, how it is put in words,
whether and how it is charted, how "Since your last visit" words its trend, and where it
shows in that part. A new measure is one row here plus its tests; a new 0-10 score is one
`score_row("name")` line. Everything else in the journal reads this table, at call time.

This module imports nothing above `dmtx.journal.entries`, so the knowledge file's checker
can read the score names from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from dmtx.errors import UsageProblem
from dmtx.journal import entries as E
from dmtx.journal.entries import Entry

# The kinds other code names directly: the CK result, a medicine's dose, the visit that
# starts "Since your last visit", the 0-10 scores the knowledge file's rules name.
CK, DOSE, SCORE, NOTE, VISIT, LAB, STAND = "ck", "dose", "score", "note", "visit", "lab", "stand"
FIELDS = ("name", "value", "unit", "per", "course", "range")  # the columns besides date, kind, note and metadata
LAB_UNIT = "U/L"  # every lab result dmtx keeps is an enzyme activity in U/L (see dmtx.journal.labs)
# Where a kind shows in "Since your last visit" (Kind.summary).
CHART, MEDICINE, PERIOD, NOTES = "chart", "medicine", "period", "notes"


class Fields(NamedTuple):
    """What a person typed, or a file's row holds, for one entry: text, '' (per: None) when not given."""

    name: str = ""
    value: str = ""
    unit: str = ""
    per: str | None = None
    course: str = ""
    range: str = ""


class Values(NamedTuple):
    """The checked fields of one entry (a free name, such as a medicine's, as typed)."""

    name: str | None = None
    value: float | None = None
    unit: str | None = None
    per: str | None = None
    course: str | None = None
    range: str | None = None


Reader = Callable[[Fields], Values]


class Trend(NamedTuple):
    """How the move from the first value to the last is worded: up, down or about the same.

    by "share": up or down when the change is more than `threshold` times the first value
    (CK); by "points": when it is at least `threshold` points (0-10 scores).
    """

    by: str
    threshold: float

    def direction(self, first: float, last: float) -> int:
        """1 when the values went up, -1 when they went down, 0 when they stayed about the same."""
        if self.by == "share":
            change = (last - first) / (first or 1.0)
            return 1 if change > self.threshold else -1 if change < -self.threshold else 0
        return 1 if last - first >= self.threshold else -1 if first - last >= self.threshold else 0

    def words(self, first: float, last: float) -> str:
        """'went up', 'went down' or 'stayed about the same'."""
        return ("stayed about the same", "went up", "went down")[self.direction(first, last)]


class Kind(NamedTuple):
    """One row of the table: a kind of journal entry, or one named measure of a kind (a score).

    Templates are filled with {name} (the entry's name), {Name} (capitalised), {value},
    {unit} (this row's `unit`), {dose} (amount, unit and schedule), {units} (a medicine's
    units, in a chart label) and {names} (the names of the kind's rows, "a, b or c").
    """

    kind: str  # the journal's `kind` column
    name: str | None  # a score's name; None when the kind's entries have no name or any name (a medicine)
    help: str  # the `dmtx journal add KIND` command's help
    read: Reader  # checks typed or imported fields (raises UsageProblem with one sentence)
    columns: tuple[str, ...]  # which FIELDS the kind reads; an import must leave the others empty
    words: str  # the entry in words, e.g. "CK {value} {unit}" -> "CK 850 U/L"
    unit: str = ""  # the value's unit in words: "U/L", "of 10"
    note_only: bool = False  # the note is the entry: required, and shown alone
    chart: str | None = None  # the chart's label; None when the kind is never drawn
    high: float = 0.0  # the chart's top; 0: the largest value drawn
    draw: str = ""  # how `dmtx journal chart` asks for it, e.g. "score NAME"
    nothing: str = "entries"  # what there is none of when nothing can be drawn, e.g. "CK values"
    trend: Trend | None = None  # how "Since your last visit" words its move (summary CHART)
    summary: str = NOTES  # CHART, MEDICINE (the medicines list), PERIOD (starts the period) or NOTES
    codes: tuple[str, ...] = ()  # LOINC codes a lab import keeps as this row (dmtx.journal.labs)
    flare: bool = False  # a daily symptom score the flare signal watches (dmtx.journal.rules)
    arguments: tuple[tuple[str, str], ...] = ()  # (METAVAR, help) of `dmtx journal add KIND`, one per column

    def named(self) -> bool:
        """Whether its entries carry a name (a score's or a medicine's)."""
        return "name" in self.columns

    def free_name(self) -> bool:
        """Whether any name is accepted (a medicine's), rather than one of the table's."""
        return self.named() and self.name is None

    def fill(self, template: str, **values: str) -> str:
        """A template of this row filled in (see the class docstring)."""
        return template.format(unit=self.unit, names=or_list(names(self.kind)), **values)


# --------------------------------------------------------------------------- readers


def check_score(name: str, text: str) -> tuple[str, float]:
    """A score name from the table and a whole number from 0 to 10."""
    wanted = name.strip().lower()
    known = names(SCORE)
    if wanted not in known:
        raise UsageProblem(f"{E.shown(name)} is not a score dmtx keeps; use one of {', '.join(known)}.")
    raw = text.strip()
    if not re.fullmatch(r"-?[0-9]{1,9}", raw) or not 0 <= int(raw) <= 10:
        raise UsageProblem(f"A {wanted} score must be a whole number from 0 to 10, not {E.shown(raw)}.")
    return wanted, float(raw)


_IN_UNITS_PER_LITRE = re.compile(r"^([0-9.]+)\s*(i?u/l)$", re.IGNORECASE)


def _per_litre(fields: Fields, what: str) -> str:
    """The value's text, with a unit typed after it ("850 U/L", "850U/L", "850 IU/L") checked and taken off.

    Enzyme results in IU/L are the same number in U/L; any other unit is refused, never converted here.
    """
    value, unit = fields.value.strip(), fields.unit.strip()
    glued = _IN_UNITS_PER_LITRE.match(value)
    if glued and not unit:
        value, unit = glued[1], glued[2]
    if unit.lower() not in ("", "u/l", "iu/l"):
        raise UsageProblem(f"{what} is kept in U/L, not {E.shown(unit)}; give the number in U/L.")
    return value


def _read_ck(fields: Fields) -> Values:
    return Values(value=E.check_ck(_per_litre(fields, "CK")), range=E.check_range(fields.range))


def _read_lab(fields: Fields) -> Values:
    wanted = fields.name.strip().lower()
    known = names(LAB)
    if wanted not in known:
        raise UsageProblem(f"{E.shown(fields.name)} is not a lab result dmtx keeps; use one of {', '.join(known)}.")
    # The name as typed ("AST"): one of the table's names in any case, so it is safe to show.
    value = E.check_number(_per_litre(fields, "A lab result"), f"The value for {fields.name.strip()}", high=E.MAX_CK)
    return Values(wanted, value, LAB_UNIT, range=E.check_range(fields.range))


def _read_stand(fields: Fields) -> Values:
    raw = fields.value.strip()
    if not re.fullmatch(r"[0-9]{1,3}", raw) or int(raw) > MAX_STANDS:
        raise UsageProblem(f"Chair stands are a count from 0 to {MAX_STANDS}, not {E.shown(raw)}.")
    return Values(value=float(raw))


def _read_score(fields: Fields) -> Values:
    name, value = check_score(fields.name, fields.value)
    return Values(name, value)


def _read_dose(fields: Fields) -> Values:
    value, unit, per = E.check_dose(fields.value, fields.unit, fields.per)
    course = E.check_span(fields.course, "--course") if fields.course.strip() else None
    return Values(E.check_name(fields.name), value, unit, per, course)


def _read_nothing(fields: Fields) -> Values:
    return Values()


def score_row(name: str, label: str = "{Name}") -> Kind:
    """A 0-10 score's row: `dmtx journal add score NAME 0-10`, charted 0-10, a 2-point move is a change.

    The flare signal (dmtx.journal.rules) watches every score row.
    """
    return Kind(
        SCORE,
        name,
        "Add a 0-10 score for {names} (0 is none, 10 the worst).",
        _read_score,
        ("name", "value"),
        "{name} {value} {unit}",
        unit="of 10",
        chart=label + " (0-10)",
        high=10.0,
        draw="score NAME",
        nothing="{name} scores",
        trend=Trend("points", 2),
        summary=CHART,
        flare=True,
    )


def lab_row(name: str, label: str, codes: tuple[str, ...]) -> Kind:
    """A lab result other than CK, in U/L, kept by a lab import when its LOINC code is one of `codes`."""
    return Kind(
        LAB,
        name,
        "Add a lab result in U/L: {names} (CK has its own kind).",
        _read_lab,
        ("name", "value", "unit", "range"),
        label + " {value} {unit}",
        unit=LAB_UNIT,
        chart=label + " (U/L)",
        draw="lab NAME",
        nothing=label + " values",
        trend=Trend("share", 0.10),
        summary=CHART,
        codes=codes,
        arguments=(("NAME", "{names}."), ("U/L", "The result in U/L.")),
    )


MAX_STANDS = 100
# Fall safety first (CDC STEADI 30-Second Chair Stand; the chair against a wall, as the NZ adaptation adds).
STAND_HELP = (
    "Add a home strength check: how many times you stood up from a chair in 30 seconds, arms crossed "
    "(CDC STEADI 30-Second Chair Stand; in myositis: Agarwal & Kiely, Rheumatology 2006). "
    "For safety: put the chair against a wall so it cannot move, have someone stand next to you, "
    "and stop if you feel you may fall or need your arms."
)


# --------------------------------------------------------------------------- the table

TABLE: tuple[Kind, ...] = (
    Kind(
        CK,
        None,
        "Add a CK (creatine kinase) blood test result in U/L.",
        _read_ck,
        ("value", "unit", "range"),  # the unit column may say U/L (or IU/L, the same number); nothing else
        "CK {value} {unit}",
        unit="U/L",
        chart="CK (U/L)",
        draw="ck",
        nothing="CK values",
        trend=Trend("share", 0.10),
        summary=CHART,
        codes=("2157-6",),
    ),
    Kind(
        DOSE,
        None,
        "Add a medicine's dose as your doctor prescribed it, by the name on its pack (a brand stays a brand).",
        _read_dose,
        FIELDS,
        "{name} {dose}",
        chart="{name} ({units})",
        draw="dose MEDICINE",
        nothing="doses of {name}",
        summary=MEDICINE,
    ),
    score_row("weakness"),
    score_row("fatigue"),
    score_row("pain"),
    score_row("skin"),
    score_row("swallowing"),
    # What patients rank high and doctors may not ask about (OMERACT, J Rheumatol 2019;46:106).
    score_row("sleep", "Sleep problems"),
    score_row("brain-fog", "Brain fog (thinking, memory)"),
    score_row("global", "Disease activity, your own rating"),
    Kind(
        STAND,
        None,
        STAND_HELP,
        _read_stand,
        ("value",),
        "{value} chair stands in 30 seconds",
        unit="stands",
        chart="Chair stands in 30 seconds",
        draw="stand",
        nothing="chair stand counts",
        trend=Trend("points", 4),  # Agarwal & Kiely 2006: relapse meant a fall of more than 3 stands
        summary=CHART,
        arguments=(("COUNT", "How many full stands in 30 seconds, e.g. 12."),),
    ),
    lab_row("aldolase", "Aldolase", ("1761-6",)),
    # ALT, AST and LDH also rise when muscle is inflamed, not only the liver (and are on most panels).
    lab_row("alt", "ALT", ("1742-6", "1743-4", "1744-2", "76625-3", "77144-4")),
    lab_row("ast", "AST", ("1920-8", "30239-8")),
    lab_row("ldh", "LDH", ("2532-0", "14804-9", "14805-6")),
    Kind(NOTE, None, 'Add a note, e.g. "Could not climb the stairs".', _read_nothing, (), "Note", note_only=True),
    Kind(
        VISIT,
        None,
        "Mark a doctor's visit: the checklist's \"Since your last visit\" starts here.",
        _read_nothing,
        (),
        "Doctor's visit",
        summary=PERIOD,
    ),
)


# --------------------------------------------------------------------------- reading the table


def kind_names() -> tuple[str, ...]:
    """Every kind, in the table's order."""
    return tuple(dict.fromkeys(row.kind for row in TABLE))


def names(kind: str) -> tuple[str, ...]:
    """The names of a kind's rows (the scores), in the table's order."""
    return tuple(row.name for row in TABLE if row.kind == kind and row.name)


def of_summary(role: str) -> tuple[str, ...]:
    """The kinds shown this way in "Since your last visit" (CHART, MEDICINE, PERIOD, NOTES), in order."""
    return tuple(dict.fromkeys(row.kind for row in TABLE if row.summary == role))


def find(kind: str, name: str | None = None) -> Kind | None:
    """The row of this kind and name; the kind's first row for any other name; None for an unknown kind."""
    rows = [row for row in TABLE if row.kind == kind]
    return next((row for row in rows if row.name == name), rows[0] if rows else None)


def row_of(kind: str) -> Kind:
    """The kind's first row; UsageProblem naming the kinds when it is not one."""
    row = find(kind)
    if row is None:
        raise UsageProblem(f"{kind!r} is not a kind of entry; use one of {', '.join(kind_names())}.")
    return row


def or_list(items: Iterable[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    words = list(items)
    return " or ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def help_of(kind: str) -> str:
    """The `dmtx journal add KIND` command's help."""
    row = row_of(kind)
    return row.fill(row.help)


def describe(entry: Entry) -> str:
    """A short plain-language line, e.g. 'CK 850 U/L' or 'prednisone 40 mg a day'."""
    row = find(entry.kind, entry.name)
    if row is None:
        return entry.kind
    value = E.number_text(entry.value)
    words = row.fill(row.words, name=entry.name or "", value=value, dose=E.dose_text(entry))
    return f"{words} (lab range {entry.range})" if entry.range else words


def make(
    kind: str,
    fields: Fields,
    *,
    day: str | None,
    note: str | None,
    resolve: Callable[[str], str | None] | None = None,
) -> Entry:
    """The checked entry `dmtx journal add KIND` keeps: fields, then the date, then the note.

    A free name (a medicine's) is kept as typed; `resolve` gives the guide's drug it matched
    (None: not matched), or refuses it with a usage problem.
    """
    row = row_of(kind)
    values = row.read(fields)
    checked_day = E.check_date(day)
    drug = None
    if resolve is not None and values.name is not None and row.free_name():
        drug = resolve(values.name)
    kept_note = E.check_text(note or "", "note") if row.note_only else E.optional_note(note)
    return Entry(
        checked_day,
        kind,
        values.name,
        values.value,
        values.unit,
        values.per,
        kept_note,
        course=values.course,
        drug=drug,
        range=values.range,
    )


def _charted() -> list[Kind]:
    """The rows `dmtx journal chart` draws: kinds without names first, then named ones, free names last."""
    return sorted((row for row in TABLE if row.chart and row.draw), key=lambda row: (row.free_name(), row.named()))


def draw_choices() -> tuple[str, ...]:
    """How `dmtx journal chart` asks for each thing it draws: 'ck', 'score NAME', 'dose MEDICINE'."""
    return tuple(dict.fromkeys(row.draw for row in _charted()))


def chart_choice(words: list[str]) -> tuple[str, str | None]:
    """What `dmtx journal chart WORDS` draws: (kind, name); the first kind without names when no words."""
    charted = _charted()
    if not words:
        return charted[0].kind, None
    head, rest = words[0].lower(), " ".join(words[1:])
    for row in charted:
        if not row.named() and head == row.kind and not rest:
            return row.kind, None
        if row.named() and head == row.kind and rest:
            if row.free_name():
                return row.kind, E.check_name(rest)
            return row.kind, _checked_name(row, rest)
        if row.name is not None and head == row.name and not rest:
            return row.kind, row.name
    choices = [f"{c} (e.g. {c.split()[0]} {n[0]})" if (n := names(c.split()[0])) else c for c in draw_choices()]
    raise UsageProblem(f"Choose what to draw: {or_list(choices)}.")


def _checked_name(row: Kind, name: str) -> str:
    """A name of one of the kind's rows, checked the way the kind checks it."""
    checked = row.read(Fields(name=name, value="0")).name
    assert checked is not None
    return checked

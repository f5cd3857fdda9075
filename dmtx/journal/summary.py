"""Turn a journal into the checklist's "Since your last visit" part: doses, charts, notes, questions."""

from __future__ import annotations

import datetime as _dt

from dmtx.document.chart import Series
from dmtx.document.checklist import ChecklistQuestion, JournalChart, JournalMedicine, JournalPart
from dmtx.journal import kinds
from dmtx.journal.entries import Entry, dose_text, number_text, schedule_warning
from dmtx.journal.rules import Record, changed_doses, make_record, rules_met
from dmtx.journal.series import series_for
from dmtx.model import Knowledge
from dmtx.sanitize import clean, clean_line

TITLE = "Since your last visit"
MAX_NOTES = 20


def _trend(series: Series, row: kinds.Kind) -> str:
    """One sentence on how the values moved, with the row's unit and threshold (its `trend`)."""
    (first_day, first), (last_day, last) = series.points[0], series.points[-1]
    unit = f" {row.unit}" if row.unit else ""
    if len(series.points) == 1:
        return f"One value: {number_text(first)}{unit} on {first_day}."
    moved = row.trend.words(first, last) if row.trend else "changed"
    return f"From {number_text(first)}{unit} on {first_day} to {number_text(last)}{unit} on {last_day}: {moved}."


def _medicines(knowledge: Knowledge, record: Record) -> tuple[JournalMedicine, ...]:
    drugs = {d.id: d for d in knowledge.drugs}
    changed_names = {new.name for _, new in changed_doses(record)}
    result = []
    medicines = kinds.of_summary(kinds.MEDICINE)
    for name in dict.fromkeys(e.name for e in record.entries if e.kind in medicines and e.name):
        doses = record.doses(name or "")
        latest = doses[-1]
        since, previous = latest.day, None
        for entry in reversed(doses[:-1]):
            if dose_text(entry) != dose_text(latest):
                previous = entry
                break
            since = entry.day
        drug = drugs.get(name or "")
        shown = drug.name if drug is not None else name or ""
        warnings = [schedule_warning(drug, e) for e in (latest, previous) if e is not None]
        result.append(
            JournalMedicine(
                clean_line(shown),
                drug is not None,
                dose_text(latest),
                since,
                dose_text(previous) if previous is not None else None,
                name in changed_names,
                next((clean_line(w) for w in warnings if w), None),
            )
        )
    return tuple(result)


def _charts(record: Record) -> tuple[JournalChart, ...]:
    recent = [e for e in record.entries if record.in_window(e)]
    charts = []
    for kind in kinds.of_summary(kinds.CHART):  # in the table's order; a kind's names as they first appear
        row = kinds.row_of(kind)
        for name in dict.fromkeys(e.name for e in recent if e.kind == kind) if row.named() else [None]:
            series = series_for(recent, kind, name)
            found = kinds.find(kind, name)
            if series and found:
                charts.append(JournalChart(series, _trend(series, found)))
    return tuple(charts)


def _notes(record: Record) -> tuple[tuple[str, str], ...]:
    notes = []
    for entry in record.entries:
        if not entry.note or not record.in_window(entry):
            continue
        row = kinds.find(entry.kind, entry.name)
        text = clean(entry.note) if row and row.note_only else f"{kinds.describe(entry)}: {clean(entry.note)}"
        notes.append((entry.day, text))
    return tuple(notes[-MAX_NOTES:])


def build_part(knowledge: Knowledge, entries: list[Entry], *, today: _dt.date | None = None) -> JournalPart:
    """The "Since your last visit" part for these entries (in date order)."""
    record = make_record(entries, today or _dt.date.today())
    if record.last_visit is not None:
        period = f"Since your last visit on {record.last_visit.day}, from your journal."
    else:
        period = f"No visit is in your journal yet, so this covers the last 12 months (from {record.window_start()})."
    met = rules_met(knowledge.journal_rules, record)
    questions = tuple(
        ChecklistQuestion(q.id, clean_line(q.text), q.patient, q.importance) for rule in met for q in rule.questions
    )
    numbers = sorted({n for rule in met for n in rule.references})
    sources = tuple(clean_line(f"[{n}] {knowledge.reference(n).citation}") for n in numbers)
    return JournalPart(
        TITLE, period, _medicines(knowledge, record), _charts(record), _notes(record), questions, sources
    )


def journal_part(knowledge: Knowledge, journal: str | None) -> JournalPart:
    """The checklist's "Since your last visit" part from the journal (empty when there is no journal yet).

    Reads only what the part shows: every dose and visit (for how long a medicine has been
    taken and when it changed) and the entries of the period since the last visit.
    """
    import datetime as dt

    from dmtx.journal.rules import NO_VISIT_DAYS

    today = dt.date.today()
    from dmtx.journal.store import open_journal

    opened = open_journal(journal, create=False)
    entries: list[Entry] = []
    if opened is not None:
        with opened:
            visit = opened.last(kinds.of_summary(kinds.PERIOD))
            start = visit.day if visit else (today - dt.timedelta(days=NO_VISIT_DAYS)).isoformat()
            entries = opened.entries_for_summary(start)
    return build_part(knowledge, entries, today=today)

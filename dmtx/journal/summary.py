"""Turn a journal into the checklist's "Since your last visit" part: doses, charts, notes, questions."""

from __future__ import annotations

import datetime as _dt

from dmtx.checklist import ChecklistQuestion, JournalChart, JournalMedicine, JournalPart
from dmtx.journal.chart import Series, series_for
from dmtx.journal.entries import Entry, dose_text, number_text, schedule_warning
from dmtx.journal.rules import Record, changed_doses, make_record, rules_met
from dmtx.model import Knowledge
from dmtx.sanitize import clean, clean_line

TITLE = "Since your last visit"
MAX_NOTES = 20
CK_CHANGE = 0.10  # a change smaller than this share of the first value reads "about the same"


def _trend(series: Series, unit: str, *, is_score: bool) -> str:
    (first_day, first), (last_day, last) = series.points[0], series.points[-1]
    if len(series.points) == 1:
        return f"One value: {number_text(first)}{unit} on {first_day}."
    if is_score:
        moved = "went up" if last - first >= 2 else "went down" if first - last >= 2 else "stayed about the same"
    else:
        base = first or 1.0
        change = (last - first) / base
        moved = "went up" if change > CK_CHANGE else "went down" if change < -CK_CHANGE else "stayed about the same"
    return f"From {number_text(first)}{unit} on {first_day} to {number_text(last)}{unit} on {last_day}: {moved}."


def _medicines(knowledge: Knowledge, record: Record) -> tuple[JournalMedicine, ...]:
    drugs = {d.id: d for d in knowledge.drugs}
    changed_names = {new.name for _, new in changed_doses(record)}
    result = []
    for name in dict.fromkeys(e.name for e in record.entries if e.kind == "dose" and e.name):
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
    ck = series_for(recent, "ck")
    if ck:
        charts.append(JournalChart(ck, _trend(ck, " U/L", is_score=False)))
    for name in dict.fromkeys(e.name for e in recent if e.kind == "score"):
        score = series_for(recent, "score", name)
        if score:
            charts.append(JournalChart(score, _trend(score, " of 10", is_score=True)))
    return tuple(charts)


def _notes(record: Record) -> tuple[tuple[str, str], ...]:
    notes = []
    for entry in record.entries:
        if not entry.note or not record.in_window(entry):
            continue
        text = clean(entry.note) if entry.kind == "note" else f"{entry.describe()}: {clean(entry.note)}"
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
            visit = opened.last("visit")
            start = visit.day if visit else (today - dt.timedelta(days=NO_VISIT_DAYS)).isoformat()
            entries = opened.entries_for_summary(start)
    return build_part(knowledge, entries, today=today)

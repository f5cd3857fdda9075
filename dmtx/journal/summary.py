"""Turn a journal into the checklist's "Since your last visit" part: doses, charts, notes, questions."""

from __future__ import annotations

import datetime as _dt

from dmtx.document.checklist import ChecklistQuestion, JournalChart, JournalMedicine, JournalPart
from dmtx.journal import kinds
from dmtx.journal.entries import Entry, course_end, dose_text, number_text, schedule_warning
from dmtx.journal.rules import (
    Record,
    changed_doses,
    drug_of,
    make_record,
    moved,
    product_of,
    rules_met,
    same_dose,
)
from dmtx.journal.series import series_for
from dmtx.model import Drug, Knowledge
from dmtx.sanitize import clean, clean_line

TITLE = "Since your last visit"
MAX_NOTES = 20


def _trend(record: Record, row: kinds.Kind, name: str | None) -> str:
    """One sentence on how the values moved: the record's one computed trend (`rules.moved`)."""
    found = moved(record, row.kind, name)
    if found is None:
        return ""
    unit = f" {row.unit}" if row.unit else ""
    first, last = number_text(found.first), number_text(found.last)
    if found.values == 1:
        return f"One value: {first}{unit} on {found.first_day}."
    return f"From {first}{unit} on {found.first_day} to {last}{unit} on {found.last_day}: {found.words()}."


def _medicines(knowledge: Knowledge, record: Record) -> tuple[JournalMedicine, ...]:
    drugs = {d.id: d for d in knowledge.drugs}
    changes = changed_doses(record)
    changed = {drug_of(new) for previous, new in changes if previous is not None}
    started = {drug_of(new) for previous, new in changes if previous is None}
    result = []
    for medicine, doses in record.doses_by_name.items():
        latest = doses[-1]
        since, previous = latest.day, None
        for entry in reversed(doses[:-1]):
            if not same_dose(entry, latest):
                previous = entry
                break
            since = entry.day
        drug = drugs.get(latest.drug or "")
        # Warn on what it is, even for names kept before matching ("methotrexate" typed then).
        warned = drug or drugs.get(drug_of(latest))
        warnings = [schedule_warning(warned, e) for e in (latest, previous) if e is not None]
        shown = _medicine_name(latest.name or "", drug)
        result.append(
            JournalMedicine(
                clean_line(shown),
                drug is not None,
                dose_text(latest),
                since,
                _before(previous, latest),
                medicine in changed and medicine not in started,
                next((clean_line(w) for w in warnings if w), None),
                new=medicine in started,
                until=_ended(latest, record),
            )
        )
    return tuple(result)


def _matched_again(knowledge: Knowledge, entries: list[Entry]) -> list[Entry]:
    from dmtx.journal.medicines import exact_resolver

    resolve = exact_resolver(knowledge)
    medicines = kinds.of_summary(kinds.MEDICINE)
    # Only matched names: one kept before matching (an old journal) stays "not matched", as it was kept.
    return [e._replace(drug=resolve(e.name)) if e.kind in medicines and e.name and e.drug else e for e in entries]


def _ended(latest: Entry, record: Record) -> str | None:
    """The last day of the latest dose's one-off course when it is over, else None (the dose goes on)."""
    end = course_end(latest)
    return end if end is not None and end < record.today.isoformat() else None


def _before(previous: Entry | None, latest: Entry) -> str | None:
    """The dose before the latest, with its name when that was another ("Octagam 140 g every 4 weeks")."""
    if previous is None:
        return None
    if product_of(previous) == product_of(latest):
        return dose_text(previous)
    return clean_line(f"{previous.name} {dose_text(previous)}")


def lookup_key(name: str) -> str:
    """A name case- and space-insensitive, to tell 'Prednisone' typed from the guide's 'prednisone'."""
    return " ".join(name.casefold().split())


def _charts(record: Record) -> tuple[JournalChart, ...]:
    recent = [e for e in record.entries if record.in_window(e)]
    visits = tuple(e.day for e in record.entries if e.kind in kinds.of_summary(kinds.PERIOD))
    charts = []
    for kind in kinds.of_summary(kinds.CHART):  # in the table's order; a kind's names as they first appear
        row = kinds.row_of(kind)
        for name in dict.fromkeys(e.name for e in recent if e.kind == kind) if row.named() else [None]:
            series = series_for(recent, kind, name, marks=visits, start=record.window_start())
            found = kinds.find(kind, name)
            if series and found:
                charts.append(JournalChart(series, _trend(record, found, name)))
    return tuple(charts)


def _notes(record: Record) -> tuple[tuple[str, str], ...]:
    notes = []
    for entry in record.entries:
        if not entry.note or not record.in_window(entry):
            continue
        row = kinds.find(entry.kind, entry.name)
        text = clean(entry.note) if row and row.note_only else f"{kinds.describe(entry)}: {clean(entry.note)}"
        notes.append((entry.day, text))
    return tuple(notes)


def build_part(knowledge: Knowledge, entries: list[Entry], *, today: _dt.date | None = None) -> JournalPart:
    """The "Since your last visit" part for these entries (in date order).

    A matched dose's drug is read again from its name, as `journal add` matched it: the stored
    match is only a copy, which another tool or a hand-edited file may have left wrong.
    """
    entries = _matched_again(knowledge, entries)
    record = make_record(entries, today or _dt.date.today())
    if record.last_visit is not None:
        period = f"Since your last visit on {record.last_visit.day}, from your journal."
    else:
        period = f"No visit is in your journal yet, so this covers the last 12 months (from {record.window_start()})."
    notes = _notes(record)
    if len(notes) > MAX_NOTES:  # said, never dropped without a word: the paper shows only the latest notes
        period += f" It shows the latest {MAX_NOTES} of your {len(notes)} notes."
    met = rules_met(knowledge.journal_rules, record)
    asked = [(q, n, fill) for rule, found in met for n, fill in enumerate(found) for q in rule.questions]
    questions, parent_questions = (
        tuple(
            ChecklistQuestion(
                q.id if n == 0 else f"{q.id}-{n + 1}",
                clean_line(q.worded_for(reader).format_map(fill)),  # a parent's wording is filled in too
                q.patient,
                q.importance,
            )
            for q, n, fill in asked
        )
        for reader in (None, "child")
    )
    numbers = sorted({n for rule, _ in met for n in rule.references})
    sources = tuple(clean_line(f"[{n}] {knowledge.reference(n).citation}") for n in numbers)
    return JournalPart(
        TITLE,
        period,
        _medicines(knowledge, record),
        _charts(record),
        notes[-MAX_NOTES:],
        questions,
        sources,
        parent_questions,
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
    if opened is None:
        _check_named_journal(journal)
    else:
        with opened:
            visit = opened.last(kinds.of_summary(kinds.PERIOD))
            start = visit.day if visit else (today - dt.timedelta(days=NO_VISIT_DAYS)).isoformat()
            # A week more: the flare signal compares the first days with the days before them.
            before = (dt.date.fromisoformat(start) - dt.timedelta(days=7)).isoformat()
            entries = opened.entries_for_summary(before)
    return build_part(knowledge, entries, today=today)


def _check_named_journal(journal: str | None) -> None:
    """A journal named by --journal-file or DMTX_JOURNAL that is not there is a slip, never an empty record.

    The checklist would print "None recorded" for the doctor from a mistyped name.
    """
    from dmtx.errors import NotFound
    from dmtx.journal.store import journal_path

    path, is_default = journal_path(journal)
    if not is_default:
        raise NotFound(
            f"There is no journal at {clean_line(str(path))}. Check the name, or leave out --journal-file"
            " (and DMTX_JOURNAL) to use your usual journal."
        )


def _medicine_name(typed: str, drug: Drug | None) -> str:
    """The name typed, and the guide's name when it differs: "Deltasone (prednisone)"; "IVIG" is
    shown as "intravenous immunoglobulin (IVIG)", which already holds it."""
    if drug is None or lookup_key(typed) == lookup_key(drug.name):
        return typed
    short = drug.name.partition("(")[2].rstrip(")")
    if short and lookup_key(typed) == lookup_key(short):
        return drug.name
    return f"{typed}, {drug.name}" if "(" in drug.name else f"{typed} ({drug.name})"

"""What each `dmtx journal` command does, as plain functions (cli.py only parses and calls these)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dmtx.errors import NotFound, UsageProblem
from dmtx.journal import entries as E
from dmtx.journal import kinds
from dmtx.journal.entries import Entry
from dmtx.output import error_line, write_stdout

if TYPE_CHECKING:
    from dmtx.document.chart import Series
    from dmtx.journal.store import Journal
    from dmtx.settings import Settings

RECENT = 20
MAX_ENTRY_ID = 2**63 - 1  # SQLite's largest row number


def _open(journal: str | None, *, create: bool) -> Journal | None:
    from dmtx.journal.store import open_journal

    return open_journal(journal, create=create)


def _writable(journal: str | None) -> Journal:
    opened = _open(journal, create=True)
    assert opened is not None
    return opened


def _added(journal: Journal, entry: Entry) -> None:
    from dmtx.sanitize import clean_line

    number, added = journal.add(entry)
    what = clean_line(kinds.describe(entry))
    if added:
        write_stdout(f"Added entry {number}: {what} on {entry.day}.\n")
    else:
        write_stdout(f"Already in your journal as entry {number}: {what} on {entry.day}. Nothing added.\n")


# --------------------------------------------------------------------------- adding


def add(
    journal: str | None,
    kind: str,
    fields: kinds.Fields,
    *,
    day: str | None,
    note: str | None,
    resolve: Callable[[str], str | None] | None = None,
) -> Entry:
    """Record an entry of any kind in the table, checked as its row says; return what was kept."""
    E.check_grouping(fields.value)
    entry = kinds.make(kind, fields, day=day, note=note, resolve=resolve)
    with _writable(journal) as opened:
        _added(opened, entry)
    return entry


def add_ck(journal: str | None, *, value: str, day: str | None, note: str | None, unit: str | None = None) -> None:
    """Record a CK result in U/L ("850", "850 U/L" or "850U/L")."""
    fields = kinds.Fields(value=value, unit=unit or "")
    add(journal, kinds.CK, fields, day=E.check_date(day), note=note)  # the date is checked first


def add_dose(
    settings: Settings,
    journal: str | None,
    *,
    name: str,
    amount: str,
    unit: str | None,
    per: str | None,
    day: str | None,
    note: str | None,
    every: str | None = None,
    course: str | None = None,
    other: bool,
    how_often: list[str] | tuple[str, ...] = (),
) -> None:
    """Record a medicine's dose under the name typed, with the guide's drug it matched (a brand stays a brand).

    How often may follow the dose in words ("15 mg weekly", "40mg a day") instead of --per or --every.
    """
    from dmtx.journal import medicines
    from dmtx.sanitize import clean_line
    from dmtx.settings import load_knowledge

    knowledge = load_knowledge(settings)
    typed = E.check_name(name)
    words = list(how_often)
    if unit is not None and E.split_rate(unit)[0].strip().lower() not in E.UNITS and E.glued_unit(amount):
        words, unit = [unit, *words], None  # "15mg weekly": the unit was in the amount
    amount, unit = E.amount_and_unit(amount, unit)  # "15mg" as typed in one word
    unit, rate = E.split_rate(unit)  # "mg/week", "mg/kg/day"
    said, lasting = E.split_course(" ".join(words))  # "daily for 5 days"
    if lasting and course:
        raise UsageProblem("Say how long once: in words after the dose (for 5 days) or with --course.")
    if lasting:
        E.check_span(lasting, "How long")  # its own name in the sentence, not --course's
        words = said.split()  # how often, without how long; an empty word typed stays, and is refused below
    given = [bool(words), rate is not None, per is not None or every is not None]
    if sum(given) > 1:
        raise UsageProblem(
            "Say how often once: in words after the dose, in the unit (mg/week), or with --per or --every."
        )
    words = words or ([rate] if rate else [])
    try:
        schedule = E.check_span(" ".join(words), "How often", how_often=True) if words else E.check_schedule(per, every)
    except UsageProblem:  # "methotrexate twice a week" cannot be kept, and still gets its drug's warning
        warning = medicines.unkept_warning(knowledge, typed, " ".join([*words, per or "", every or ""]))
        if warning:
            error_line(f"WARNING: {warning}")
        raise
    _check_course(course or lasting, schedule)
    fields = kinds.Fields(typed, amount, unit, schedule, course or lasting or "")
    entry = add(journal, kinds.DOSE, fields, day=day, note=note, resolve=medicines.resolver(knowledge, other=other))
    drug = next((d for d in knowledge.drugs if d.id == entry.drug), None)
    # "methotrexate daily" as the name: its schedule is in the name, not the entry.
    warning = E.schedule_warning(drug, entry) or (medicines.typed_warning(knowledge, typed) if drug else None)
    if warning:
        error_line(f"WARNING: {warning} Your journal holds it as you typed it.")
    if drug is None:
        write_stdout(f"Note: this guide does not cover {clean_line(typed)!r}; it is kept as you typed it.\n")
    elif not medicines.same_name(typed, drug.name):
        write_stdout(f"{clean_line(typed)} is kept as you typed it; in this guide it is {drug.name}.\n")


def _check_course(span: str | None, schedule: str | None) -> None:
    """A course is a dose given every day of it, so it must be shorter than the gap between doses.

    "IVIG every 4 weeks, over 5 days" is a course; "methotrexate weekly for 8 weeks" is how long the
    treatment goes on, which the journal does not keep (read back, such a course is ignored:
    `entries.outlasts_gap`), so it is refused rather than kept and not read.
    """
    if not span or schedule in (None, "day"):
        return
    kept = E.check_span(span, "--course")  # said in words, it was checked already, as "How long"
    if E.outlasts_gap(kept, schedule):
        raise UsageProblem(
            f"{kept!r} is not a course here: a course is a dose given every day of it, shorter than the gap between"
            " doses (e.g. IVIG every 4 weeks, over 5 days). Leave it out, or say how long the treatment goes on in --note."
        )


def add_score(journal: str | None, *, name: str, value: str, day: str | None, note: str | None) -> None:
    """Record a 0-10 score (the scores are the table's score rows)."""
    add(journal, kinds.SCORE, kinds.Fields(name, value), day=day, note=note)


def add_note(journal: str | None, *, text: str, day: str | None) -> None:
    """Record a note in your own words."""
    add(journal, kinds.NOTE, kinds.Fields(), day=day, note=text)


def add_visit(journal: str | None, *, day: str | None, note: str | None) -> None:
    """Mark a doctor's visit: "Since your last visit" starts here."""
    add(journal, kinds.VISIT, kinds.Fields(), day=day, note=note)


# --------------------------------------------------------------------------- seeing


def where(journal: str | None) -> None:
    """Print the journal's path and where that choice came from."""
    from dmtx.journal.store import describe_location
    from dmtx.sanitize import clean_line

    path, source = describe_location(journal)
    exists = "exists" if os.path.lexists(path) else "not made yet; the first 'dmtx journal add' makes it"
    write_stdout(f"{clean_line(str(path))}\n")
    error_line(f"The journal file ({source}; {exists}).")


def recent(settings: Settings, journal: str | None, *, limit: int | None = RECENT) -> None:
    """The latest entries in a table (`limit` None: every entry)."""
    from dmtx.journal.table import render_entries

    opened = _open(journal, create=False)
    if opened is None:
        write_stdout("Your journal is empty. Add a first entry, e.g.: dmtx journal add ck 850\n")
        return
    with opened:
        rows, total = opened.recent(-1 if limit is None else limit), opened.count()  # SQLite: LIMIT -1 is none
    if not rows:
        write_stdout("Your journal is empty. Add a first entry, e.g.: dmtx journal add ck 850\n")
        return
    render_entries(rows, total=total, display=settings.display())
    _warn_recorded(settings, rows)


def _warn_recorded(settings: Settings, entries: list[Entry] | tuple[Entry, ...]) -> None:
    """The schedule warnings of these doses on stderr; the knowledge is loaded only when a guide drug's dose is here."""
    doses = [e for e in entries if e.kind in kinds.of_summary(kinds.MEDICINE) and e.drug]
    if not doses:
        return
    from dmtx.journal import medicines
    from dmtx.settings import load_knowledge

    for line in medicines.recorded_warnings(load_knowledge(settings), doses):
        error_line(line)


def delete(journal: str | None, *, entry_id: int, yes: bool) -> int:
    """Remove one entry, after asking unless `yes`."""
    from dmtx.sanitize import clean_line

    if not 1 <= entry_id <= MAX_ENTRY_ID:  # SQLite cannot even look such a number up
        shown = str(entry_id) if len(str(entry_id)) <= 30 else str(entry_id)[:29] + "…"
        raise NotFound(f"There is no entry {shown} in the journal.")
    opened = _open(journal, create=False)
    if opened is None:
        raise NotFound(f"There is no entry {entry_id}: the journal is empty.")
    with opened:
        entry = opened.get(entry_id)
        if entry is None:
            raise NotFound(f"There is no entry {entry_id} in the journal.")
        shown = f"entry {entry_id} ({entry.day}, {clean_line(kinds.describe(entry))})"
        if not yes and not _confirmed(f"Delete {shown}? [y/N] "):
            write_stdout("Nothing was deleted.\n")
            return 0
        opened.delete(entry_id)
    write_stdout(f"Deleted {shown}.\n")
    return 0


def _ask(text: str) -> None:
    """Put a question on stderr; with stderr closed (`2>&-`) the answer on stdin still counts."""
    err = sys.stderr
    if err is None:
        return
    with contextlib.suppress(OSError, ValueError):
        err.write(text)
        err.flush()


def _confirmed(question: str) -> bool:
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        raise UsageProblem("Nothing was deleted: there is no one to ask. Add --yes to delete without asking.")
    _ask(question)
    try:
        answer = stdin.readline()
    except (OSError, ValueError):
        answer = ""
    if not answer:
        _ask("\n")
        raise UsageProblem("Nothing was deleted: no answer came. Add --yes to delete without asking.")
    return answer.strip().lower() in ("y", "yes")


# --------------------------------------------------------------------------- copies


def export(journal: str | None, *, fmt: str | None, output: str | None, force: bool) -> None:
    """Write every entry as CSV or JSON to stdout or a file (the format: --format, else the file's extension)."""
    from dmtx.files import is_stream_name, write_file
    from dmtx.output import is_tty
    from dmtx.render import choose_format, guessed_note, render_as

    path = output if output is not None and not is_stream_name(output) else None
    choice = choose_format("journal", fmt, path, terminal=is_tty(sys.stdout))
    opened = _open(journal, create=False)
    entries: list[Entry] = []
    if opened is not None:
        with opened:
            entries = opened.entries()
    rendered = render_as("journal", choice.format.name, entries)
    if output is None or output == "-":
        if isinstance(rendered, bytes):
            write_file("-", rendered)
        else:
            write_stdout(rendered)
        return
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    if not write_file(output, data, force=force, private=True):
        return  # a stream or /dev/fd/N: nothing to say "Wrote" about
    details = E.entries_count(len(entries))
    error_line(
        guessed_note(output, choice, details)
        if choice.guessed
        else f"Wrote {output} ({details}, {choice.format.name})."
    )


def import_file(settings: Settings, journal: str | None, *, path: str, dry_run: bool) -> None:
    """Add the entries of a file: dmtx's own CSV or JSON, or lab results from FHIR, C-CDA or an Apple
    Health export. Everything is checked before anything is written, in one transaction."""
    from dmtx.journal import medicines, place, records
    from dmtx.journal.exchange import MAX_IMPORT_BYTES, guess_format, parse
    from dmtx.settings import load_knowledge

    if not path.strip():
        raise UsageProblem("No file was named: give the path of the file to import, or - for standard input.")
    kind = records.sniff(_head(path)) if path != "-" else None
    if kind == "zip":
        _import_labs(journal, records.read_zip(Path(path), path), dry_run=dry_run)
        return
    data = _read_import(path, MAX_IMPORT_BYTES)
    if data.startswith(place.HEADER):
        raise UsageProblem(
            f"Nothing was imported: {path} is a journal or a backup of one (a database), not a file of entries."
            f" To read it, give it as the journal: dmtx journal --journal-file {path}"
        )
    kind = kind or records.sniff(data[:SNIFF_BYTES])
    if kind == "zip":  # an export on standard input
        import io

        _import_labs(journal, records.read_zip(io.BytesIO(data), path), dry_run=dry_run)
        return
    if kind in ("xml", "fhir"):
        _import_labs(journal, records.read_text(data, kind, path), dry_run=dry_run)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageProblem(f"Nothing was imported: {path} is not UTF-8 text.") from None
    entries = parse(text, guess_format(path, text), resolve=medicines.exact_resolver(load_knowledge(settings)))
    _warn_recorded(settings, entries)
    if dry_run:
        _show_would_add(entries)
        write_stdout(f"Would import {E.entries_count(len(entries))} (--dry-run: nothing was written).\n")
        return
    with _writable(journal) as opened:
        added = opened.add_many(entries)
    skipped = len(entries) - added
    already = E.already_sentence(skipped) if skipped else ""
    write_stdout(f"Imported {added} of {E.entries_count(len(entries))}{already}.\n")


SNIFF_BYTES = 64 * 1024


def _head(path: str) -> bytes:
    """The first bytes of the file to import, to tell its format: a FIFO or a device is refused, never waited on."""
    return _read_regular_file(path, SNIFF_BYTES)


def _show_would_add(entries: list[Entry] | tuple[Entry, ...]) -> None:
    from dmtx.sanitize import clean_line

    lines = [f"  {e.day}  {clean_line(kinds.describe(e))}" for e in entries[:200]]
    more = [f"  ... and {len(entries) - 200} more"] if len(entries) > 200 else []
    if lines:
        write_stdout("\n".join([*lines, *more]) + "\n")


def _import_labs(journal: str | None, found: object, *, dry_run: bool) -> None:
    from dmtx.journal import records
    from dmtx.journal.labs import Found

    assert isinstance(found, Found)
    if dry_run:
        _show_would_add(found.entries)
        write_stdout(records.report(found, added=None, after=" Nothing was written (--dry-run).") + "\n")
        return
    added = 0
    if found.entries:
        with _writable(journal) as opened:
            added = opened.add_many(list(found.entries))
    write_stdout(records.report(found, added=added) + "\n")


def _read_import(path: str, limit: int) -> bytes:
    if path == "-":
        stdin = sys.stdin
        if stdin is None:
            raise UsageProblem("Nothing was imported: standard input is closed.")
        try:
            data = stdin.buffer.read(limit + 1)
        except (OSError, ValueError) as exc:
            raise UsageProblem(f"Nothing was imported: cannot read standard input ({exc}).") from None
    else:
        data = _read_regular_file(path, limit + 1)
    if len(data) > limit:
        raise UsageProblem(f"Nothing was imported: {path} is larger than {limit // (1024 * 1024)} MiB.")
    return data


def _read_regular_file(path: str, limit: int) -> bytes:
    """Up to limit bytes of a regular file, opened without blocking: a FIFO or a device is refused, not waited on."""
    import stat

    # O_NONBLOCK: opening a FIFO nobody writes to returns at once instead of waiting. (Python's
    # descriptors are close-on-exec already, PEP 446; reading a regular file never blocks.)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise NotFound(f"There is no file {path}.") from None
    except OSError as exc:
        raise UsageProblem(f"Cannot read {path}: {exc.strerror or exc}.") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # checked before fdopen, which refuses a folder with its own OSError
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UsageProblem(f"{path} is a folder, not a file to import.")
        raise UsageProblem(f"{path} is not a regular file; import a file made by 'dmtx journal export'.")
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read(limit)
        except OSError as exc:
            raise UsageProblem(f"Cannot read {path}: {exc.strerror or exc}.") from None


def backup(journal: str | None, *, target: str, force: bool) -> None:
    """Copy the journal to a new file (0600), consistent even while another dmtx writes."""
    from dmtx.files import check_existing, existing_target, write_file_with
    from dmtx.journal.store import journal_path
    from dmtx.render import document_extension

    source_path, _ = journal_path(journal)
    with contextlib.suppress(OSError):
        if Path(target).resolve() == source_path.resolve():
            raise UsageProblem("The backup must go to another file than the journal itself.")
    extension = document_extension(target)
    if extension:  # 'backup notes.docx' wrote a database that no program of that name opens
        raise UsageProblem(
            f"A backup is a copy of the journal database, not a {extension} file; give it a name that ends"
            " in .sqlite3, e.g. journal-copy.sqlite3 (for a file to read, use: dmtx journal export)."
        )
    if target:
        present = existing_target(target)  # refused before the journal is opened; checked again when written
        if present is not None:
            check_existing(target, present, force=force, private=True)
    opened = _open(journal, create=False)
    if opened is None:
        raise NotFound("There is nothing to back up: the journal is empty.")
    counted: list[int] = []

    def fill(temp: str) -> None:
        opened.backup(Path(temp))
        counted.append(opened.count())

    with opened:
        write_file_with(target, fill, force=force, private=True)
    error_line(f"Backed up {E.entries_count(counted[0])} to {target}.")


# --------------------------------------------------------------------------- checklist


# --------------------------------------------------------------------------- chart


def chart(settings: Settings, journal: str | None, *, what: list[str], since: str | None) -> None:
    """Draw CK, one score or one medicine's dose over time."""
    from dmtx.journal.series import charted, series_for

    since_day = E.check_date(since) if since is not None else None
    # A blank word (an empty variable) is refused, not read as CK.
    kind, name = kinds.chart_choice([w.strip() for w in what])
    opened = _open(journal, create=False)
    entries: list[Entry] = []
    if opened is not None:
        with opened:
            entries = opened.entries(since=since_day, kinds=(kind, *kinds.of_summary(kinds.PERIOD)))
    visits = tuple(e.day for e in entries if e.kind in kinds.of_summary(kinds.PERIOD))
    series = series_for(entries, kind, name, marks=visits, start=since_day)
    if series is None and name and kind in kinds.of_summary(kinds.MEDICINE):  # 'dose MTX': by another of its names
        from dmtx.journal import medicines
        from dmtx.settings import load_knowledge

        name = medicines.exact_resolver(load_knowledge(settings))(name) or name
        series = series_for(entries, kind, name, marks=visits, start=since_day)
    if series is None:
        after = f" since {since_day}" if since_day else ""
        row = kinds.find(kind, name) or kinds.row_of(kind)  # the named row: "no AST values", not the kind's first
        raise NotFound(f"There is nothing to draw: no {row.fill(row.nothing, name=str(name))} in the journal{after}.")
    _draw(series, settings)
    _warn_recorded(settings, charted(entries, kind, name))  # the doses drawn


def _draw(series: Series, settings: Settings) -> None:
    from dmtx.render.chart import text_lines

    display = settings.display()
    if display.rich:
        from dmtx.journal.table import render_chart_rich

        render_chart_rich(series, display)
        return
    write_stdout("\n".join(text_lines(series, display.width, unicode=False)) + "\n", display)

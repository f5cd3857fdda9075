"""Journal copies as CSV or JSON: writing an export and reading one back, every row checked first."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from typing import Any

from dmtx.errors import UsageProblem
from dmtx.journal import entries as E
from dmtx.journal import kinds
from dmtx.journal.entries import Entry

# `drug` (the guide's drug a medicine's name matched) and `origin` (where an imported lab
# result came from) are kept with the entry; a file without them still imports.
COLUMNS = ("date", "kind", *kinds.FIELDS, "drug", "origin", "note")
JSON_KIND = "dmtx.journal"
JSON_VERSION = 2
JSON_VERSIONS = (1, 2)  # version 1: before schedules, courses, drugs and lab details
MAX_IMPORT_BYTES = 64 * 1024 * 1024
# A spreadsheet runs a cell that starts with one of these as a formula; a leading ' stops it.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")

Resolver = Callable[[str], str | None]


def _guard(text: str | None) -> str:
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _unguard(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _row(entry: Entry) -> dict[str, Any]:
    return {
        "date": entry.day,
        "kind": entry.kind,
        "name": entry.name,
        "value": None if entry.value is None else _json_number(entry.value),
        "unit": entry.unit,
        "per": entry.per,
        "course": entry.course,
        "range": entry.range,
        "drug": entry.drug,
        "origin": entry.origin,
        "note": entry.note,
    }


def _json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def export_text(entries: list[Entry], fmt: str) -> str:
    """The entries as CSV (a header row, then one row each) or as JSON."""
    if fmt == "json":
        data = {"kind": JSON_KIND, "version": JSON_VERSION, "entries": [_row(e) for e in entries]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        value = E.number_text(entry.value)
        writer.writerow(
            [
                entry.day,
                entry.kind,
                _guard(entry.name),
                value,
                entry.unit or "",
                entry.per or "",
                entry.course or "",
                _guard(entry.range),
                entry.drug or "",
                _guard(entry.origin),
                _guard(entry.note),
            ]
        )
    return out.getvalue()


# --------------------------------------------------------------------------- reading


def guess_format(name: str, text: str) -> str:
    """json for a .json file or text that starts with '{'; csv otherwise."""
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        return "json"
    return "csv"


def parse(text: str, fmt: str, *, resolve: Resolver, today: Any = None) -> list[Entry]:
    """Every row as a checked Entry; UsageProblem naming the first bad row (nothing is kept then)."""
    rows = _json_rows(text) if fmt == "json" else _csv_rows(text)
    # A JSON export's items are entries, as its other messages say; a CSV file's are rows.
    place, places = ("entry", "entries") if fmt == "json" else ("row", "rows")
    entries: list[Entry] = []
    problems: list[str] = []
    for number, row in rows:
        try:
            entries.append(_entry(row, resolve, today))
        except UsageProblem as exc:
            problems.append(f"{place} {number}: {exc}")
    if problems:
        left = len(problems) - 1
        others = f"{place} has" if left == 1 else f"{places} have"
        more = f" ({left} more {others} problems)" if left else ""
        raise UsageProblem(f"Nothing was imported: {problems[0]}{more}")
    return entries


def _csv_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    # strict: a quote opened and never closed is an error, not the rest of the file read into one note.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    read_up_to = 0
    try:
        header = next(reader, None)
        if header is None:
            raise UsageProblem("Nothing was imported: the file is empty.")
        names = [h.strip().lower() for h in header]
        if len(header) == 1 and {"date", "kind"} <= set(names[0].replace(";", "\t").split("\t")):
            # European spreadsheets save "CSV" with ";" (or tabs) and decimal commas: guessing either could
            # turn CK 1.250 into 1.25, so the file is refused, with what to do.
            separator = "';'" if ";" in header[0] else "tabs"
            raise UsageProblem(
                f"Nothing was imported: the values are separated by {separator}, not commas. Save the file "
                "as CSV with commas (in Excel: 'CSV UTF-8 (Comma delimited)') and import it again."
            )
        if "date" not in names or "kind" not in names:
            raise UsageProblem(f"Nothing was imported: the first row must name the columns ({','.join(COLUMNS)}).")
        unknown = [n for n in names if n not in COLUMNS]
        if unknown:
            raise UsageProblem(
                f"Nothing was imported: unknown column {unknown[0]!r}; the columns are {','.join(COLUMNS)}."
            )
        rows = []
        read_up_to = reader.line_num
        for cells in reader:
            if any(c.strip() for c in cells):  # blank rows are skipped
                if len(cells) > len(names):
                    raise UsageProblem(f"Nothing was imported: row {reader.line_num} has more cells than columns.")
                rows.append((reader.line_num, {n: _unguard(c) for n, c in zip(names, cells, strict=False)}))
            read_up_to = reader.line_num
        return rows
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise UsageProblem(
                f'Nothing was imported: a quote mark (") opened in row {read_up_to + 1} is never closed.'
            ) from None
        raise UsageProblem(f"Nothing was imported: row {reader.line_num} is not valid CSV ({exc}).") from None


def _json_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    try:
        data = json.loads(text, parse_constant=lambda name: name)  # NaN/Infinity stay text and fail the number check
    except (ValueError, RecursionError) as exc:
        raise UsageProblem(f"Nothing was imported: the file is not valid JSON ({exc}).") from None
    if not isinstance(data, dict) or data.get("kind") != JSON_KIND or not isinstance(data.get("entries"), list):
        raise UsageProblem(f"Nothing was imported: this is not a dmtx journal export (kind {JSON_KIND!r}).")
    if data.get("version") not in JSON_VERSIONS:
        raise UsageProblem(f"Nothing was imported: export version {data.get('version')!r} is not one this dmtx reads.")
    rows = []
    for number, item in enumerate(data["entries"], 1):
        if not isinstance(item, dict):
            raise UsageProblem(f"Nothing was imported: entry {number} is not a set of fields.")
        unknown = [k for k in item if k not in COLUMNS]
        if unknown:
            raise UsageProblem(f"Nothing was imported: entry {number} has an unknown field {str(unknown[0])!r}.")
        rows.append((number, {k: _json_text(v, number) for k, v in item.items()}))
    return rows


def _json_text(value: Any, number: int) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, dict, list)):
        raise UsageProblem(f"Nothing was imported: entry {number} has a field of the wrong type.")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "nan"/"inf": the number check names it
    return str(value)


def _entry(row: dict[str, str], resolve: Resolver, today: Any) -> Entry:
    """One row checked as its kind's row of the table says: unused columns empty, then its fields."""
    kind = row.get("kind", "").strip().lower()
    spec = kinds.row_of(kind)
    day = E.check_date(row.get("date", ""), today=today)
    note_text = row.get("note", "")
    note = E.optional_note(note_text) if note_text.strip() else None
    for field in kinds.FIELDS:
        if field not in spec.columns and row.get(field, "").strip():
            raise UsageProblem(f"A {kind} entry has no {field}; leave that cell empty.")
    name, value, unit, per, course, lab_range = (row.get(field, "") for field in kinds.FIELDS)
    E.check_grouping(value, imported=True)  # '1.500' from a spreadsheet: 1500 or 1.5, never guessed
    values = spec.read(kinds.Fields(name, value, unit, per or None, course, lab_range))
    drug = resolve(values.name) if values.name is not None and spec.free_name() else None
    given = row.get("drug", "").strip()
    if given and not spec.free_name():
        raise UsageProblem(f"A {kind} entry has no drug; leave that cell empty.")
    if given and given != drug:
        raise UsageProblem(f"{E.shown(name)} is not the drug {E.shown(given)} in this guide.")
    if spec.note_only and note is None:
        raise UsageProblem(f"A {kind} entry needs its text in the note column.")
    origin_text = row.get("origin", "")
    origin = E.check_text(origin_text, "origin", limit=E.MAX_NAME_CHARS) if origin_text.strip() else None
    return Entry(
        day,
        kind,
        values.name,
        values.value,
        values.unit,
        values.per,
        note,
        course=values.course,
        drug=drug,
        range=values.range,
        origin=origin,
    )

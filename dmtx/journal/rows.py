"""Rows read back from the journal file, checked: only what dmtx could have written becomes an Entry.

Another tool (or a damaged file) may leave text where a number belongs, bytes, an unknown
kind or a date that does not exist; each would break a screen later, so it is refused here.
"""

from __future__ import annotations

import math
import re

from dmtx.errors import UsageProblem
from dmtx.journal import kinds as kinds_table
from dmtx.journal.entries import MAX_NOTE_CHARS, Entry, check_text, number_text

_DRUG_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")


class Damaged(Exception):
    """A row that dmtx could not have written; its message says which entry and what is wrong."""


def stored(row: tuple[object, ...]) -> Entry:
    """A row read from the file as an Entry, when it is one dmtx could have written; Damaged otherwise.

    Another tool (or a damaged file) may leave text where a number belongs, bytes, an
    unknown kind or a date that does not exist; each would break a screen later.
    """
    day, kind, raw_name, value, raw_unit, raw_per, raw_note, entry_id, *raw_more = row
    which = f"entry {entry_id}" if isinstance(entry_id, int) else "an entry"
    course, drug, lab_range, origin = (_text(v, which) for v in (*raw_more, None, None, None, None)[:4])
    if not isinstance(day, str) or not _is_date(day):
        raise Damaged(f"{which} has no real date")
    if not isinstance(kind, str) or kind not in kinds_table.kind_names():
        raise Damaged(f"{which} is of a kind dmtx does not know")
    name, unit, per, note = (_text(v, which) for v in (raw_name, raw_unit, raw_per, raw_note))
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
    ):
        raise Damaged(f"{which} holds something that is not a number")
    number = None if value is None else float(value)
    spec = kinds_table.row_of(kind)
    given = {"name": name, "value": number, "unit": unit, "per": per, "course": course, "range": lab_range}
    if any(given[field] not in (None, "") for field in kinds_table.FIELDS if field not in spec.columns):
        raise Damaged(f"{which} has fields its kind does not have")
    if spec.note_only and not note:
        raise Damaged(f"{which} has no text")
    for text, what in ((note, "note"), (origin, "source")):
        if text:
            try:
                check_text(text, what, limit=MAX_NOTE_CHARS)  # no control characters: never escapes on a screen
            except UsageProblem:
                raise Damaged(f"{which} holds a {what} dmtx would not have kept") from None
    if drug is not None and not _DRUG_ID.fullmatch(drug):
        raise Damaged(f"{which} names a drug dmtx does not know")
    try:
        spec.read(
            kinds_table.Fields(name or "", number_text(number), unit or "", per or None, course or "", lab_range or "")
        )
    except UsageProblem:
        raise Damaged(f"{which} holds a value dmtx would not have kept") from None
    number_id = entry_id if isinstance(entry_id, int) else None
    return Entry(
        day, kind, name or None, number, unit or None, per or None, note, number_id, course, drug, lab_range, origin
    )


def _text(value: object, which: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise Damaged(f"{which} holds something that is not text")


def _is_date(text: str) -> bool:
    import datetime

    try:
        return len(text) == 10 and datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False

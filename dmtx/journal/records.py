"""Reading a patient's own records file: tell what it is by its first bytes, never by its name.

A zip is an Apple Health export; text starting with '<' is a C-CDA document; JSON (or NDJSON)
with a `resourceType` is FHIR. Every other file is for `exchange` (dmtx's own CSV or JSON).
Damaged or hostile files are refused with one sentence before anything is written.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import IO

from dmtx.journal import entries as E
from dmtx.journal import labs
from dmtx.journal.labs import Candidate, Found

APPLE = "Apple Health export"


def sniff(head: bytes) -> str | None:
    """'zip', 'xml' or 'fhir' from a file's first bytes (after a BOM and blanks); None for anything else."""
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return "xml"
    if text.startswith(b"{") and b'"resourceType"' in head:
        return "fhir"
    return None


def read_zip(source: Path | IO[bytes], shown: str, *, today: _dt.date | None = None) -> Found:
    """The lab results of an Apple Health export.zip (its clinical-records folder only), from a file or bytes."""
    from dmtx.journal import fhir, healthzip

    try:
        resources, unreadable = healthzip.resources(source)
    except healthzip.Refused as exc:
        raise labs.refuse(shown, f"{exc}.") from None
    found, others = fhir.candidates(resources)
    return _judged(found, others, today, unreadable=unreadable)


def read_text(data: bytes, kind: str, shown: str, *, today: _dt.date | None = None) -> Found:
    """The lab results of a C-CDA document ('xml') or a FHIR JSON or NDJSON file ('fhir')."""
    if kind == "xml":
        from dmtx.journal import ccda

        try:
            root = ccda.parse(data)
        except ccda.NotADocument as exc:
            raise labs.refuse(shown, f"{exc}.") from None
        candidates, others = ccda.candidates(root)
        return _judged(candidates, others, today)
    from dmtx.journal import fhir

    try:
        text = data.decode("utf-8-sig")
        resources = fhir.resources_of(text)
    except UnicodeDecodeError:
        raise labs.refuse(shown, "is not UTF-8 text.") from None
    except fhir.BadJson as exc:
        raise labs.refuse(shown, f"is not valid FHIR JSON: {exc}.") from None
    candidates, others = fhir.candidates(resources)
    return _judged(candidates, others, today)


def _judged(candidates: list[Candidate], others: int, today: _dt.date | None, *, unreadable: int = 0) -> Found:
    found = labs.judge(candidates, today=today)
    if others:
        found.skipped[labs.NOT_A_RESULT] += others
    if unreadable:
        found.skipped[
            "file that is not valid FHIR JSON" if unreadable == 1 else "files that are not valid FHIR JSON"
        ] += unreadable
    return found


def report(found: Found, *, added: int | None, after: str = "") -> str:
    """What an import did (or, with --dry-run, would do), in one or two sentences."""
    formats = " and ".join(found.formats) or "the file"
    total = len(found.entries)
    head = (
        f"Would add {total} lab result{'s' if total != 1 else ''} from {formats}"
        if added is None
        else f"Imported {added} of {total} lab result{'s' if total != 1 else ''} from {formats}"
    )
    already = E.already_sentence(total - added) if added is not None and added < total else ""
    skipped = labs.summary(found)
    text = f"{head}{already}{'; ' + skipped if skipped else ''}.{after}"
    units = found.unit_sentence()
    return f"{text}\n{units}" if units else text

"""The loader: find a guidelines YAML file, read it, check it, build the records of `dmtx.model`.

Flow: bytes -> YAML node tree (safe, C parser when present) -> plain values with their
line/column (`yamlread`) -> checked against the schema (`schema`, `shape`) -> links between
sections (`links`) and editorial rules (`editorial`) -> normalised dict -> immutable
records (`build`). Every problem found is collected; `KnowledgeError` carries them all.
A file validated before is served from the cache (`cached`) and only built.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from dmtx import locations
from dmtx.errors import UsageProblem
from dmtx.knowledge.build import build
from dmtx.knowledge.problems import KnowledgeError, Problem
from dmtx.knowledge.schema import BRAND_STATUSES, NAME_KINDS, SCHEMA_VERSION
from dmtx.knowledge.yamlread import MAX_DEPTH, MAX_FILE_BYTES, Marks, decode_text, parse_yaml, read_bytes
from dmtx.model import Knowledge

__all__ = [
    "BRAND_STATUSES",
    "DATA_ENV",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "NAME_KINDS",
    "SCHEMA_VERSION",
    "SUGGESTION_BUDGET",
    "KnowledgeError",
    "Problem",
    "build",
    "bundled_data_path",
    "cache_key",
    "cached_document",
    "decode_text",
    "load",
    "parse_yaml",
    "read_bytes",
    "resolve_data_path",
    "speaks_as_patient",
    "validate_document",
    "validated_document",
]

DATA_ENV = locations.DATA_ENV
# Names that live in modules only validation needs: imported when first asked for.
_LATER = {
    "SUGGESTION_BUDGET": "dmtx.knowledge.shape",
    "speaks_as_patient": "dmtx.knowledge.editorial",
    "cache_key": "dmtx.knowledge.cached",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name in _LATER:
        return getattr(importlib.import_module(_LATER[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def bundled_data_path() -> str:
    """Where the shipped guidelines.yaml is, for wheel, editable and checkout runs (see dmtx.locations)."""
    return locations.plain_path(locations.bundled_data_file())


def resolve_data_path(explicit: str | None = None) -> str:
    """The knowledge file to use: `--data`, else `$DMTX_DATA`, else the bundled one."""
    if explicit is not None and not explicit.strip():
        raise UsageProblem("The --data path is empty; give the path of a knowledge file.")
    return locations.plain_path(locations.chosen_data_file(explicit))


def validate_document(
    value: Any, marks: Marks, name: str, problems: list[Problem] | None = None, *, today: str | None = None
) -> dict[str, Any]:
    """Check a parsed document (shape, links, editorial rules); return it normalised or raise KnowledgeError.

    With `today` (YYYY-MM-DD), an entry whose next review date is before it is a problem too
    (`dmtx validate`); loading for a screen never passes it: the screen says the entry is overdue.
    """
    from dmtx.knowledge.editorial import check_editorial, check_reviews_due
    from dmtx.knowledge.links import check_links
    from dmtx.knowledge.schema import SCHEMA
    from dmtx.knowledge.shape import Checker, describe

    checker = Checker(marks)
    checker.problems.extend(problems or [])
    if not isinstance(value, dict):
        checker.problem((), f"the top level must be a mapping of sections, not {describe(value)}")
        raise KnowledgeError(name, checker.problems)
    doc = checker.record(value, SCHEMA, ())
    check_links(doc, checker)
    check_editorial(doc, checker)
    if today is not None:
        check_reviews_due(doc, checker, today)
    if checker.problems:
        checker.problems.sort(key=lambda p: (p.line, p.column))
        raise KnowledgeError(name, checker.problems)
    return dict(doc)


def validated_document(path: str | os.PathLike[str], *, today: str | None = None) -> dict[str, Any]:
    """Read, parse and validate one file into its normalised document (no cache); `today` as validate_document."""
    return _validate_bytes(read_bytes(path), os.fspath(path), today=today)


def _validate_bytes(data: bytes, name: str, *, today: str | None = None) -> dict[str, Any]:
    # Parsing allocates many small objects and no cycles; the cyclic garbage collector
    # would otherwise rescan them again and again (about half the time on a 3 MB file).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        value, marks, problems = parse_yaml(data, name)
        return validate_document(value, marks, name, problems, today=today)
    finally:
        if was_enabled:
            gc.enable()


def cached_document(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Like validated_document, but served from the cache when this exact file was validated before."""
    from dmtx.knowledge import cached

    return cached.cached_document(path, _validate_bytes)


def load(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Knowledge:
    """Load and validate a knowledge file (the bundled one when no path is given)."""
    chosen = path or resolve_data_path()
    if use_cache:
        try:
            return build(cached_document(chosen), origin=os.fspath(chosen))
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # a cache entry of the wrong shape (hand-edited?): fall back to the file itself
    return build(validated_document(chosen), origin=os.fspath(chosen))

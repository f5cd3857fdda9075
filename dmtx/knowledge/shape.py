"""Shape checks: plain values from the YAML reader against the schema, every problem located.

`Checker.record` returns what is valid even when some fields are not, so the links and
the editorial rules can still judge the rest and every problem is reported in one go.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from dmtx.knowledge.problems import Problem, path_text
from dmtx.knowledge.schema import Field, ListOf, Record
from dmtx.knowledge.yamlread import Ambiguous, Marks

# How many "did you mean" comparisons one validation may make. A real file needs a few
# hundred; without a cap, a crafted file (4,000 ids, 800 near-miss links) took 45 s.
SUGGESTION_BUDGET = 20_000
# What an invalid value is replaced with, so that list positions stay as in the file.
INVALID = object()

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_INT_RE = re.compile(r"^(0|[1-9][0-9]{0,8})$")
_DECIMAL_RE = re.compile(r"^(0|[1-9][0-9]{0,8})(\.[0-9]{1,4})?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_MAX_TEXT = 4000
_TYPE_WORDS = {
    "bool": "a yes/no value",
    "int": "a number",
    "float": "a number",
    "null": "an empty value",
    "timestamp": "a date",
}


class Checker:
    """Checks plain values against the schema, collecting located problems."""

    def __init__(self, marks: Marks) -> None:
        self.marks = marks
        self.problems: list[Problem] = []
        self.suggestion_budget = SUGGESTION_BUDGET

    def suggest(self, value: str, candidates: Collection[str]) -> str | None:
        """The closest candidate to value, or None; gives up once the file used its budget."""
        import difflib

        if len(candidates) > self.suggestion_budget:
            return None
        self.suggestion_budget -= len(candidates)
        match = difflib.get_close_matches(value, sorted(candidates), n=1, cutoff=0.6)
        return match[0] if match else None

    def problem(self, path: tuple[Any, ...], message: str, *, at_key: bool = False) -> None:
        """Record a problem at the nearest known place of `path`."""
        probe: tuple[Any, ...] = path
        mark = self.marks.get(("key", *path)) if at_key else None
        while mark is None and probe:
            mark = self.marks.get(probe)
            probe = probe[:-1]
        line, column = mark or self.marks.get((), (1, 1))
        self.problems.append(Problem(path_text(path), message, line, column))

    def check(self, value: Any, spec: Field, path: tuple[Any, ...]) -> Any:
        """Return the converted value, or INVALID after recording why."""
        kind = spec.kind
        if isinstance(kind, Record):
            return self.record(value, kind, path)
        if isinstance(kind, ListOf):
            return self.listing(value, kind, path)
        converted = self.scalar(value, kind, path)
        choices = spec.choices() if callable(spec.choices) else spec.choices
        if converted is not INVALID and choices and converted not in choices:
            self.problem(path, f"must be one of {', '.join(choices)}; got {_short(converted)!r}")
            return INVALID
        return converted

    def record(self, value: Any, spec: Record, path: tuple[Any, ...]) -> Any:
        """Check a mapping: no unknown keys, required keys present, each field valid.

        Returns the valid fields even when some are not, so that links between
        sections can still be checked and every problem reported in one go.
        """
        if not isinstance(value, dict):
            self.problem(path, f"must be a mapping of fields, not {describe(value)}")
            return INVALID
        out: dict[str, Any] = {}
        for key in value:
            if key not in spec:
                match = self.suggest(key, spec)
                hint = f" (did you mean {match!r}?)" if match else " (not part of the format)"
                self.problem((*path, key), f"unknown key {key!r}{hint}", at_key=True)
        for key, field_spec in spec.items():
            if key not in value or (value[key] is None and not field_spec.required):
                if field_spec.required:
                    self.problem(path, f"missing required field {key!r}")
                continue
            converted = self.check(value[key], field_spec, (*path, key))
            if converted is not INVALID:
                out[key] = converted
        return out

    def listing(self, value: Any, spec: ListOf, path: tuple[Any, ...]) -> Any:
        """Check a list and each of its items; an invalid item stays in place as INVALID."""
        if not isinstance(value, list):
            self.problem(path, f"must be a list, not {describe(value)}")
            return INVALID
        if len(value) < spec.min_items:
            self.problem(path, f"needs at least {spec.min_items} item{'s' if spec.min_items != 1 else ''}")
            return INVALID
        if spec.max_items is not None and len(value) > spec.max_items:
            self.problem(path, f"has {len(value)} items; at most {spec.max_items} are allowed")
            return INVALID
        return [self.check(item, Field(spec.item), (*path, i)) for i, item in enumerate(value)]

    def scalar(self, value: Any, kind: str, path: tuple[Any, ...]) -> Any:
        """Check and convert one scalar by kind."""
        if value is None or isinstance(value, (dict, list)) or (isinstance(value, Ambiguous) and value.kind == "null"):
            wanted = {
                "int": "a number",
                "decimal": "a number",
                "importance": "a number 1-3",
                "bool": "true or false",
            }.get(kind, "text")
            self.problem(path, f"must be {wanted}, not {describe(value)}")
            return INVALID
        text = str(value)
        if kind == "int":
            return self._integer(text, path, 0, 10**9)
        if kind == "decimal":
            if not _DECIMAL_RE.match(text):
                self.problem(path, f"must be a number such as 2 or 2.5, not {_short(text)!r}")
                return INVALID
            return float(text)
        if kind == "importance":
            return self._integer(text, path, 1, 3)
        if kind == "bool":
            if text in ("true", "false"):
                return text == "true"
            self.problem(path, f"must be true or false, not {_short(text)!r}")
            return INVALID
        if kind == "date":
            return self._date(text, path)
        if kind == "partial_date":
            if not _PARTIAL_DATE_RE.match(text):
                self.problem(path, f"must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {_short(text)!r}")
                return INVALID
            return text
        if isinstance(value, Ambiguous):
            self.problem(
                path,
                f"{_short(text)!r} would be read as {_TYPE_WORDS[value.kind]}, not text; put it in quotes",
            )
            return INVALID
        text = text.strip()
        if not text:
            self.problem(path, "must not be empty")
            return INVALID
        if len(text) > _MAX_TEXT:
            self.problem(path, f"text is too long ({len(text)} characters; the limit is {_MAX_TEXT})")
            return INVALID
        if kind == "id" and not _ID_RE.match(text):
            self.problem(path, f"{_short(text)!r} is not a valid id (letters, digits, '.', '-', '_')")
            return INVALID
        if kind == "slug" and not _SLUG_RE.match(text):
            self.problem(path, f"{_short(text)!r} is not a valid slug (lowercase letters, digits and '-')")
            return INVALID
        return text

    def _integer(self, text: str, path: tuple[Any, ...], low: int, high: int) -> Any:
        if not _INT_RE.match(text) or not low <= int(text) <= high:
            self.problem(path, f"must be a whole number from {low} to {high}, not {_short(text)!r}")
            return INVALID
        return int(text)

    def _date(self, text: str, path: tuple[Any, ...]) -> Any:
        import datetime  # only validation needs it; a cached load does not

        try:
            if not _DATE_RE.match(text):
                raise ValueError
            datetime.date.fromisoformat(text)
        except ValueError:
            self.problem(path, f"must be a real date written YYYY-MM-DD, not {_short(text)!r}")
            return INVALID
        return text


def describe(value: Any) -> str:
    """What a value is, in words, for a message: 'a list', "text 'abc'"."""
    if isinstance(value, Ambiguous):
        return _TYPE_WORDS[value.kind]
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"text {_short(str(value))!r}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- reading checked values


def entries(container: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The items of a list field that are (at least partly) valid mappings, with their index."""
    value = container.get(key)
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def values(container: dict[str, Any], key: str) -> list[tuple[int, Any]]:
    """The valid scalars of a list field, with their index."""
    value = container.get(key)
    return [(i, item) for i, item in enumerate(value) if item is not INVALID] if isinstance(value, list) else []

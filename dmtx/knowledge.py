"""The loader: find a guidelines YAML file, read it, validate it, build the records of `dmtx.model`.

Flow: bytes -> YAML node tree (safe, C parser when present) -> plain values with
their line/column -> checked against the schema -> normalised dict -> immutable objects (NamedTuples: much cheaper to define at start-up than dataclasses).
Every problem found is collected; `KnowledgeError` carries them all.
"""

from __future__ import annotations

import gc
import re
import stat
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from dmtx import locations
from dmtx.errors import DmtxError, ExitCode, UsageProblem
from dmtx.journal import kinds as journal_kinds
from dmtx.model import (
    JOURNAL_CONDITIONS,
    Beyond,
    Confusable,
    CoreQuestion,
    Drug,
    Fact,
    JournalRule,
    Knowledge,
    Meta,
    Note,
    OtherName,
    Question,
    QuizItem,
    Reference,
    Related,
    ScheduleWarning,
    Situation,
    Source,
    Term,
    TipBlock,
    Topic,
    Visit,
)

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 24
DATA_ENV = locations.DATA_ENV
# How many "did you mean" comparisons one validation may make. A real file needs a few
# hundred; without a cap, a crafted file (4,000 ids, 800 near-miss links) took 45 s.
SUGGESTION_BUDGET = 20_000


# --------------------------------------------------------------------------- errors


class Problem(NamedTuple):
    """One thing wrong with a knowledge file, located by YAML path and line/column."""

    path: str
    message: str
    line: int = 1
    column: int = 1

    def located(self, file: str) -> str:
        """Format as `FILE:LINE:COLUMN: path: message` (`FILE: message` for the file as a whole)."""
        where = f"{self.path}: " if self.path else ""
        if self.line <= 0:
            return f"{file}: {where}{self.message}"
        return f"{file}:{self.line}:{self.column}: {where}{self.message}"


class KnowledgeError(DmtxError):
    """The knowledge file cannot be used; carries every problem found."""

    exit_code = ExitCode.INVALID_KNOWLEDGE

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = tuple(problems)
        first = problems[0].located(file) if problems else f"{file}: invalid"
        more = len(problems) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''}; run 'dmtx validate')" if more else ""
        super().__init__(f"invalid knowledge file: {first}{suffix}")

    def lines(self) -> list[str]:
        """Every problem as one `FILE:LINE:COLUMN: message` line."""
        return [p.located(self.file) for p in self.problems]


# --------------------------------------------------------------------------- locating the file


def bundled_data_path() -> Path:
    """Where the shipped guidelines.yaml is, for wheel, editable and checkout runs (see dmtx.locations)."""
    return Path(locations.bundled_data_file())


def resolve_data_path(explicit: str | None = None) -> Path:
    """The knowledge file to use: `--data`, else `$DMTX_DATA`, else the bundled one."""
    if explicit is not None and not explicit.strip():
        raise UsageProblem("The --data path is empty; give the path of a knowledge file.")
    return Path(locations.chosen_data_file(explicit))


# --------------------------------------------------------------------------- reading YAML


class _Ambiguous(str):
    """A plain scalar that YAML 1.1 tools would read as another type (bool, int, date…)."""

    kind: str

    def __new__(cls, text: str, kind: str) -> _Ambiguous:
        obj = super().__new__(cls, text)
        obj.kind = kind
        return obj


_YAML_TAG = "tag:yaml.org,2002:"
_IMPLICIT_KINDS = {"bool", "int", "float", "null", "timestamp"}
Marks = dict[tuple[Any, ...], tuple[int, int]]


def _whole_file(message: str) -> Problem:
    return Problem("", message, 0, 0)


def read_bytes(path: Path) -> bytes:
    """Read a knowledge file with clear problems for missing, directory, unreadable, huge."""
    name = str(path)
    try:
        if path.is_dir():
            raise KnowledgeError(name, [_whole_file("this is a folder, not a knowledge file")])
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device could block forever or never end.
            raise KnowledgeError(name, [_whole_file("not a regular file")])
        size = info.st_size
        if size > MAX_FILE_BYTES:
            mib = size / (1024 * 1024)
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise KnowledgeError(name, [_whole_file(f"file is too large ({mib:.1f} MiB; the limit is {limit} MiB)")])
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise KnowledgeError(name, [_whole_file("no such file")]) from None
    except PermissionError:
        raise KnowledgeError(name, [_whole_file("permission denied: cannot read this file")]) from None
    except OSError as exc:
        raise KnowledgeError(name, [_whole_file(f"cannot read this file ({exc.strerror or exc})")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise KnowledgeError(name, [_whole_file("file is too large")])
    return data


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (a byte-order mark is accepted); report the first bad byte's place."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        problem = Problem("", f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line, column)
        raise KnowledgeError(name, [problem]) from None


def _compose(text: str, name: str) -> Any:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part) or "not valid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise KnowledgeError(name, [Problem("", f"not valid YAML: {message}", line, column)]) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise KnowledgeError(name, [Problem("", f"not valid YAML: {what} is not allowed here", line, column)]) from None
    except RecursionError:
        raise KnowledgeError(name, [Problem("", "not valid YAML: nested too deeply")]) from None
    except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError, MemoryError) as exc:
        raise KnowledgeError(name, [Problem("", f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()


def _line_column(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _path_text(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _TreeReader:
    """Turns a composed YAML node tree into plain values, refusing what a knowledge file never needs."""

    def __init__(self) -> None:
        self.marks: Marks = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._alias_reported = False

    def _problem(self, path: tuple[Any, ...], node: Any, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(_path_text(path), message, mark.line + 1, mark.column + 1))

    def read(self, node: Any, path: tuple[Any, ...] = (), depth: int = 0) -> Any:
        import yaml

        if id(node) in self._seen:
            # An alias bomb repeats the same node millions of times: report the first use only.
            if not self._alias_reported:
                self._alias_reported = True
                self._problem(path, node, "anchors and aliases (& and *) are not allowed in a knowledge file")
            return None
        self._seen.add(id(node))
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if depth > MAX_DEPTH:
            self._problem(path, node, f"nested more than {MAX_DEPTH} levels deep")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _YAML_TAG + "seq":
                self._problem(path, node, f"YAML tags such as {node.tag!r} are not allowed")
                return None
            return [self.read(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        self._problem(path, node, "unexpected YAML node")
        return None

    def _scalar(self, node: Any, path: tuple[Any, ...]) -> Any:
        tag = node.tag
        if tag == _YAML_TAG + "str":
            return node.value
        kind = tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else ""
        if kind in _IMPLICIT_KINDS and not node.style:  # plain: the C parser says "", Python None
            return _Ambiguous(node.value, kind)
        self._problem(path, node, f"YAML tags such as {tag!r} are not allowed")
        return None

    def _mapping(self, node: Any, path: tuple[Any, ...], depth: int) -> dict[str, Any]:
        import yaml

        if node.tag != _YAML_TAG + "map":
            self._problem(path, node, f"YAML tags such as {node.tag!r} are not allowed")
            return {}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _YAML_TAG + "merge":
                self._problem(path, key_node, "keys must be plain names (no merge keys or complex keys)")
                continue
            key = str(key_node.value)
            if key in result:
                self._problem((*path, key), key_node, f"duplicate key {key!r} (YAML would silently keep only the last)")
                continue
            result[key] = self.read(value_node, (*path, key), depth + 1)
            self.marks[("key", *path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result


def parse_yaml(data: bytes, name: str) -> tuple[Any, Marks, list[Problem]]:
    """Parse bytes into plain values, their marks, and any structural problems."""
    text = decode_text(data, name)
    if not text.strip():
        raise KnowledgeError(name, [_whole_file("the file is empty")])
    node = _compose(text, name)
    if node is None:
        raise KnowledgeError(name, [Problem("", "the file holds no YAML document")])
    reader = _TreeReader()
    try:
        value = reader.read(node)
    except RecursionError:
        raise KnowledgeError(name, [Problem("", "nested too deeply")]) from None
    return value, reader.marks, reader.problems


# --------------------------------------------------------------------------- schema

_Kind = Any  # a scalar kind name, a _Record, or a _ListOf


class _Field(NamedTuple):
    kind: _Kind
    required: bool = True
    choices: tuple[str, ...] = ()


class _ListOf(NamedTuple):
    item: _Kind
    min_items: int = 0
    max_items: int | None = None


_Record = dict[str, _Field]

_NOTE: _Record = {
    "id": _Field("id", required=False),
    "text": _Field("text"),
    "references": _Field(_ListOf("int"), required=False),
    "corrects": _Field(_ListOf("id"), required=False),
}
_QUESTION: _Record = {
    "id": _Field("id"),
    "text": _Field("text"),
    "parent_text": _Field("text", required=False),
    "importance": _Field("importance", required=False),
    "patient": _Field("text", required=False, choices=("adult", "child")),
    "facts": _Field(_ListOf("id"), required=False),
    "situations": _Field(_ListOf("id"), required=False),
}
_SITUATION: _Record = {
    "id": _Field("id"),
    "title": _Field("text"),
    "description": _Field("text"),
    "patient": _Field("text", required=False, choices=("adult", "child")),
}
_VISIT: _Record = {
    "top3": _Field(_ListOf({"id": _Field("id"), "text": _Field("text")}, min_items=1, max_items=3)),
    "tips": _Field(_ListOf({"title": _Field("text"), "items": _Field(_ListOf("text", min_items=1))}, max_items=3)),
    "safety_net": _Field("text"),
    "default_situation": _Field("id", required=False),
}
BRAND_STATUSES = ("current", "ending", "discontinued", "unknown")
NAME_KINDS = ("brand", "spelling", "abbreviation", "other", "typo")
_SCHEMA: _Record = {
    "schema_version": _Field("int"),
    "meta": _Field(
        {
            "title": _Field("text"),
            "source": _Field({"title": _Field("text"), "site": _Field("text"), "last_modified": _Field("date")}),
            "reviewed": _Field("date"),
            "disclaimer": _Field("text"),
            "about": _Field("text"),
            "page_aims": _Field("text", required=False),
        }
    ),
    "points": _Field(
        _ListOf(
            {
                "number": _Field("int"),
                "slug": _Field("slug"),
                "title": _Field("text"),
                "summary": _Field("text"),
                "facts": _Field(_ListOf({"id": _Field("id"), "text": _Field("text")}, min_items=1)),
                "drugs": _Field(_ListOf("id")),
                "terms": _Field(_ListOf("id")),
                "references": _Field(_ListOf("int")),
                "notes": _Field(_ListOf(_NOTE), required=False),
                "questions": _Field(_ListOf(_QUESTION, min_items=1)),
            },
            min_items=1,
        )
    ),
    "drugs": _Field(
        _ListOf(
            {
                "id": _Field("id"),
                "name": _Field("text"),
                "on_page": _Field("bool", required=False),
                "drug_class": _Field("text"),
                "other_names": _Field(
                    _ListOf(
                        {
                            "name": _Field("text"),
                            "kind": _Field("text", choices=NAME_KINDS),
                            "country": _Field("text", required=False),
                            "status": _Field("text", required=False, choices=BRAND_STATUSES),
                            "status_references": _Field(_ListOf("int"), required=False),
                            "note": _Field("text", required=False),
                        }
                    ),
                    required=False,
                ),
                "related": _Field(_ListOf({"name": _Field("text"), "note": _Field("text")}), required=False),
                "source_says": _Field("text"),
                "facts": _Field(_ListOf("id"), required=False),
                "notes": _Field(_ListOf(_NOTE), required=False),
                "questions": _Field(_ListOf(_QUESTION), required=False),
                "schedule_warning": _Field(
                    {
                        "min_days": _Field("int"),
                        "text": _Field("text"),
                        "references": _Field(_ListOf("int", min_items=1)),
                    },
                    required=False,
                ),
            }
        )
    ),
    "terms": _Field(
        _ListOf(
            {
                "id": _Field("id"),
                "term": _Field("text"),
                "on_page": _Field("bool", required=False),
                "aliases": _Field(_ListOf("text"), required=False),
                "definition": _Field("text"),
                "references": _Field(_ListOf("int"), required=False),
                "note": _Field("text", required=False),
                "note_references": _Field(_ListOf("int"), required=False),
                "note_corrects": _Field(_ListOf("id"), required=False),
                "see_also": _Field(_ListOf("id"), required=False),
            }
        )
    ),
    "references": _Field(
        _ListOf(
            {
                "number": _Field("int"),
                "citation": _Field("text"),
                "in_source": _Field("bool"),
                "note": _Field("text", required=False),
                "url": _Field("text", required=False),
                "date": _Field("partial_date", required=False),
                "verified": _Field("bool", required=False),
            }
        )
    ),
    "beyond": _Field(
        _ListOf(
            {
                "id": _Field("id"),
                "title": _Field("text"),
                "since": _Field("partial_date"),
                "summary": _Field("text"),
                "drugs": _Field(_ListOf("id"), required=False),
                "references": _Field(_ListOf("int", min_items=1)),
                "unverified": _Field("text", required=False),
                "questions": _Field(_ListOf(_QUESTION, min_items=2, max_items=4)),
            }
        ),
        required=False,
    ),
    "quiz": _Field(
        _ListOf(
            {
                "id": _Field("id"),
                "point": _Field("int"),
                "question": _Field("text"),
                "choices": _Field(_ListOf("text", min_items=2, max_items=6)),
                "answer": _Field("text"),
                "explanation": _Field("text"),
                "facts": _Field(_ListOf("id"), required=False),
                "teaches": _Field(_ListOf("id"), required=False),
                "terms": _Field(_ListOf("id"), required=False),
            }
        ),
        required=False,
    ),
    "confusables": _Field(
        _ListOf(
            {
                "name": _Field("text"),
                "drug": _Field("id"),
                "looks_like": _Field("text"),
                "references": _Field(_ListOf("int"), required=False),
                "unverified": _Field("bool", required=False),
            }
        ),
        required=False,
    ),
    "journal_rules": _Field(
        _ListOf(
            {
                "id": _Field("id"),
                "condition": _Field("text", choices=JOURNAL_CONDITIONS),
                "drugs": _Field(_ListOf("id"), required=False),
                "weeks": _Field("int", required=False),
                "score": _Field("text", required=False, choices=journal_kinds.names(journal_kinds.SCORE)),
                "ck_change_percent": _Field("int", required=False),
                "questions": _Field(_ListOf(_QUESTION, min_items=1)),
                "references": _Field(_ListOf("int", min_items=1)),
            }
        ),
        required=False,
    ),
    "situations": _Field(_ListOf(_SITUATION), required=False),
    "visit": _Field(_VISIT, required=False),
}
# What each journal rule condition needs besides its questions and references.
_RULE_NEEDS = {
    "taking-for-weeks": ("drugs", "weeks"),
    "score-rising-ck-steady": ("drugs", "score", "ck_change_percent"),
    "dose-changed": (),
}
_DOSE_IN_TEXT = re.compile(r"\d\s*(mg|g|mcg|ml|milligrams?)\b", re.IGNORECASE)

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_INT_RE = re.compile(r"^(0|[1-9][0-9]{0,8})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_MAX_TEXT = 4000
_INVALID = object()
_TYPE_WORDS = {
    "bool": "a yes/no value",
    "int": "a number",
    "float": "a number",
    "null": "an empty value",
    "timestamp": "a date",
}


class _Checker:
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
        self.problems.append(Problem(_path_text(path), message, line, column))

    def check(self, value: Any, spec: _Field, path: tuple[Any, ...]) -> Any:
        """Return the converted value, or _INVALID after recording why."""
        kind = spec.kind
        if isinstance(kind, dict):
            return self.record(value, kind, path)
        if isinstance(kind, _ListOf):
            return self.listing(value, kind, path)
        converted = self.scalar(value, kind, path)
        if converted is not _INVALID and spec.choices and converted not in spec.choices:
            self.problem(path, f"must be one of {', '.join(spec.choices)}; got {_short(converted)!r}")
            return _INVALID
        return converted

    def record(self, value: Any, spec: _Record, path: tuple[Any, ...]) -> Any:
        """Check a mapping: no unknown keys, required keys present, each field valid.

        Returns the valid fields even when some are not, so that links between
        sections can still be checked and every problem reported in one go.
        """
        if not isinstance(value, dict):
            self.problem(path, f"must be a mapping of fields, not {_describe(value)}")
            return _INVALID
        out: dict[str, Any] = {}
        for key in value:
            if key not in spec:
                hint = _closest(key, spec, self)
                self.problem((*path, key), f"unknown key {key!r}{hint}", at_key=True)
        for key, field_spec in spec.items():
            if key not in value or (value[key] is None and not field_spec.required):
                if field_spec.required:
                    self.problem(path, f"missing required field {key!r}")
                continue
            converted = self.check(value[key], field_spec, (*path, key))
            if converted is not _INVALID:
                out[key] = converted
        return out

    def listing(self, value: Any, spec: _ListOf, path: tuple[Any, ...]) -> Any:
        """Check a list and each of its items; an invalid item stays in place as _INVALID."""
        if not isinstance(value, list):
            self.problem(path, f"must be a list, not {_describe(value)}")
            return _INVALID
        if len(value) < spec.min_items:
            self.problem(path, f"needs at least {spec.min_items} item{'s' if spec.min_items != 1 else ''}")
            return _INVALID
        if spec.max_items is not None and len(value) > spec.max_items:
            self.problem(path, f"has {len(value)} items; at most {spec.max_items} are allowed")
            return _INVALID
        return [self.check(item, _Field(spec.item), (*path, i)) for i, item in enumerate(value)]

    def scalar(self, value: Any, kind: str, path: tuple[Any, ...]) -> Any:
        """Check and convert one scalar by kind."""
        if value is None or isinstance(value, (dict, list)) or (isinstance(value, _Ambiguous) and value.kind == "null"):
            wanted = {"int": "a number", "importance": "a number 1-3", "bool": "true or false"}.get(kind, "text")
            self.problem(path, f"must be {wanted}, not {_describe(value)}")
            return _INVALID
        text = str(value)
        if kind == "int":
            return self._integer(text, path, 0, 10**9)
        if kind == "importance":
            return self._integer(text, path, 1, 3)
        if kind == "bool":
            if text in ("true", "false"):
                return text == "true"
            self.problem(path, f"must be true or false, not {_short(text)!r}")
            return _INVALID
        if kind == "date":
            return self._date(text, path)
        if kind == "partial_date":
            if not _PARTIAL_DATE_RE.match(text):
                self.problem(path, f"must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {_short(text)!r}")
                return _INVALID
            return text
        if isinstance(value, _Ambiguous):
            self.problem(
                path,
                f"{_short(text)!r} would be read as {_TYPE_WORDS[value.kind]}, not text; put it in quotes",
            )
            return _INVALID
        text = text.strip()
        if not text:
            self.problem(path, "must not be empty")
            return _INVALID
        if len(text) > _MAX_TEXT:
            self.problem(path, f"text is too long ({len(text)} characters; the limit is {_MAX_TEXT})")
            return _INVALID
        if kind == "id" and not _ID_RE.match(text):
            self.problem(path, f"{_short(text)!r} is not a valid id (letters, digits, '.', '-', '_')")
            return _INVALID
        if kind == "slug" and not _SLUG_RE.match(text):
            self.problem(path, f"{_short(text)!r} is not a valid slug (lowercase letters, digits and '-')")
            return _INVALID
        return text

    def _integer(self, text: str, path: tuple[Any, ...], low: int, high: int) -> Any:
        if not _INT_RE.match(text) or not low <= int(text) <= high:
            self.problem(path, f"must be a whole number from {low} to {high}, not {_short(text)!r}")
            return _INVALID
        return int(text)

    def _date(self, text: str, path: tuple[Any, ...]) -> Any:
        import datetime  # only validation needs it; a cached load does not

        try:
            if not _DATE_RE.match(text):
                raise ValueError
            datetime.date.fromisoformat(text)
        except ValueError:
            self.problem(path, f"must be a real date written YYYY-MM-DD, not {_short(text)!r}")
            return _INVALID
        return text


def _describe(value: Any) -> str:
    if isinstance(value, _Ambiguous):
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


def _closest(key: str, spec: _Record, checker: _Checker) -> str:
    match = checker.suggest(key, spec)
    return f" (did you mean {match!r}?)" if match else " (not part of the format)"


# --------------------------------------------------------------------------- cross-references


def _duplicates(values: list[tuple[tuple[Any, ...], Any]], what: str, checker: _Checker) -> None:
    seen: dict[Any, tuple[Any, ...]] = {}
    for path, value in values:
        key = value.casefold() if isinstance(value, str) else value
        if key in seen:
            checker.problem(path, f"duplicate {what} {value!r} (also at {_path_text(seen[key])})")
        else:
            seen[key] = path


def _entries(container: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The items of a list field that are (at least partly) valid mappings, with their index."""
    value = container.get(key)
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _values(container: dict[str, Any], key: str) -> list[tuple[int, Any]]:
    """The valid scalars of a list field, with their index."""
    value = container.get(key)
    return [(i, item) for i, item in enumerate(value) if item is not _INVALID] if isinstance(value, list) else []


def _known(doc: dict[str, Any], section: str, key: str, keep: str | None = None) -> set[Any] | None:
    """All values of one field across a section; None when any is missing (then links are not judged)."""
    items = doc.get(section)
    if not isinstance(items, list) or any(not isinstance(e, dict) or key not in e for e in items):
        return None
    if keep is not None and any(keep not in e for e in items):
        return None
    return {e[key] for e in items if keep is None or e[keep]}


def _field_values(doc: dict[str, Any], section: str, key: str) -> list[tuple[tuple[Any, ...], Any]]:
    return [((section, i, key), item[key]) for i, item in _entries(doc, section) if key in item]


def _cross_check(doc: dict[str, Any], checker: _Checker) -> None:
    """Uniqueness and every reference between sections resolves, judged on whatever is valid."""
    version = doc.get("schema_version")
    if version is not None and version != SCHEMA_VERSION:
        checker.problem(("schema_version",), f"this dmtx reads schema_version {SCHEMA_VERSION}, not {version}")
    drug_ids = _known(doc, "drugs", "id")
    term_ids = _known(doc, "terms", "id")
    ref_numbers = _known(doc, "references", "number")
    source_refs = _known(doc, "references", "number", keep="in_source")
    point_numbers = _known(doc, "points", "number")

    for section, key, what in (
        ("points", "number", "point number"),
        ("points", "slug", "slug"),
        ("drugs", "id", "drug id"),
        ("terms", "id", "term id"),
        ("references", "number", "reference"),
        ("quiz", "id", "quiz id"),
        ("journal_rules", "id", "journal rule id"),
        ("situations", "id", "situation id"),
    ):
        _duplicates(_field_values(doc, section, key), what, checker)
    facts = [
        (("points", i, "facts", j, "id"), fact["id"])
        for i, point in _entries(doc, "points")
        for j, fact in _entries(point, "facts")
        if "id" in fact
    ]
    _duplicates(facts, "fact id", checker)
    _duplicates(list(_question_ids(doc)), "question id", checker)
    _duplicates(list(_drug_names(doc)), "drug name", checker)
    _duplicates(list(_term_names(doc)), "term name", checker)

    for i, point in _entries(doc, "points"):
        path = ("points", i)
        _refs_exist(_values(point, "drugs"), drug_ids, (*path, "drugs"), "drug", checker)
        _refs_exist(_values(point, "terms"), term_ids, (*path, "terms"), "term", checker)
        if source_refs is not None:
            for j, number in _values(point, "references"):
                if number not in source_refs:
                    checker.problem((*path, "references", j), f"no reference {number} from the source page")
        _notes_refs(point, ref_numbers, path, checker)
        _questions_end(point, path, checker)
    for i, drug in _entries(doc, "drugs"):
        _notes_refs(drug, ref_numbers, ("drugs", i), checker)
        _questions_end(drug, ("drugs", i), checker)
        _schedule_warning_ok(drug, ref_numbers, ("drugs", i, "schedule_warning"), checker)
    for i, term in _entries(doc, "terms"):
        _refs_exist(_values(term, "see_also"), term_ids, ("terms", i, "see_also"), "term", checker)
    _check_confusables(doc, drug_ids, ref_numbers, checker)
    _check_editorial_links(doc, checker, drug_ids, term_ids, ref_numbers)
    for i, rule in _entries(doc, "journal_rules"):
        _journal_rule(rule, ("journal_rules", i), drug_ids, ref_numbers, checker)
    for i, item in _entries(doc, "quiz"):
        if point_numbers is not None and "point" in item and item["point"] not in point_numbers:
            checker.problem(("quiz", i, "point"), f"no point {item['point']}")
        choices = [choice for _, choice in _values(item, "choices")]
        if "answer" in item and "choices" in item and item["answer"] not in choices:
            checker.problem(("quiz", i, "answer"), "the answer must be exactly one of the choices")
        _duplicates([(("quiz", i, "choices", j), c) for j, c in _values(item, "choices")], "choice", checker)
    _situation_tags(doc, checker)


def _situation_tags(doc: dict[str, Any], checker: _Checker) -> None:
    """Every situation a question is tagged with, and the visit's default one, must be listed."""
    known = _known(doc, "situations", "id") if "situations" in doc else set()
    if known is None:
        return
    for section in ("points", "drugs"):
        for i, entry in _entries(doc, section):
            for j, question in _entries(entry, "questions"):
                path = (section, i, "questions", j, "situations")
                _refs_exist(_values(question, "situations"), known, path, "situation", checker)
    visit = doc.get("visit")
    if isinstance(visit, dict):
        if "default_situation" in visit and visit["default_situation"] not in known:
            checker.problem(("visit", "default_situation"), f"unknown situation {visit['default_situation']!r}")
        for i, core in _entries(visit, "top3"):
            if "text" in core and not core["text"].endswith("?"):
                checker.problem(("visit", "top3", i, "text"), "a question must end with '?'")


def _check_confusables(
    doc: dict[str, Any], drug_ids: set[str] | None, ref_numbers: set[int] | None, checker: _Checker
) -> None:
    """A confusable names one of our drugs, by a name that drug really has."""
    names_of: dict[str, set[str]] = {}
    for _, drug in _entries(doc, "drugs"):
        names = {drug.get("name", ""), *(o.get("name", "") for _, o in _entries(drug, "other_names"))}
        names_of[drug.get("id", "")] = {n.casefold() for n in names}
    for i, item in _entries(doc, "confusables"):
        path = ("confusables", i)
        if "drug" in item:
            if drug_ids is not None and item["drug"] not in drug_ids:
                match = checker.suggest(item["drug"], drug_ids)
                hint = f" (did you mean {match!r}?)" if match else ""
                checker.problem((*path, "drug"), f"unknown drug {item['drug']!r}{hint}")
            wanted = names_of.get(item["drug"])
            if wanted is not None and "looks_like" in item and item["looks_like"].casefold() not in wanted:
                checker.problem((*path, "looks_like"), f"{item['looks_like']!r} is not a name of drug {item['drug']!r}")
        if ref_numbers is not None:
            for j, number in _values(item, "references"):
                if number not in ref_numbers:
                    checker.problem((*path, "references", j), f"no reference {number}")


_FIRST_PERSON = re.compile(r"\b(I|me|my|mine|myself|I'm|I've|I'll)\b")
_PARENT_VOICE = re.compile(r"\bmy child('s)?\b", re.IGNORECASE)


def speaks_as_patient(text: str) -> bool:
    """True when a question speaks in the first person about the patient ('my dose', 'I')."""
    return bool(_FIRST_PERSON.search(_PARENT_VOICE.sub("", text)))


def _all_facts(doc: dict[str, Any]) -> set[str]:
    return {fact["id"] for _, point in _entries(doc, "points") for _, fact in _entries(point, "facts") if "id" in fact}


def _all_notes(doc: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    for section in ("points", "drugs"):
        for i, entry in _entries(doc, section):
            for j, note in _entries(entry, "notes"):
                yield (section, i, "notes", j), note


def _question_entries(doc: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    for section in ("points", "drugs", "beyond"):
        for i, entry in _entries(doc, section):
            for j, question in _entries(entry, "questions"):
                yield (section, i, "questions", j), question


def _check_editorial_links(
    doc: dict[str, Any], checker: _Checker, drug_ids: set[str] | None, term_ids: set[str] | None, refs: set[int] | None
) -> None:
    """Facts, notes, corrections, parent wording, brand sources and beyond-the-page entries link up."""
    facts = _all_facts(doc)
    note_ids = [((*path, "id"), note["id"]) for path, note in _all_notes(doc) if "id" in note]
    _duplicates(note_ids, "note id", checker)
    _duplicates(_field_values(doc, "beyond", "id"), "beyond-the-page id", checker)
    corrected: set[str] = set()

    def facts_exist(values: list[tuple[int, Any]], path: tuple[Any, ...]) -> None:
        _refs_exist(values, facts, path, "fact", checker)

    for path, note in _all_notes(doc):
        facts_exist(_values(note, "corrects"), (*path, "corrects"))
        corrected |= {f for _, f in _values(note, "corrects")}
    for i, drug in _entries(doc, "drugs"):
        facts_exist(_values(drug, "facts"), ("drugs", i, "facts"))
        for j, other in _entries(drug, "other_names"):
            where = ("drugs", i, "other_names", j)
            _numbers_exist(_values(other, "status_references"), refs, (*where, "status_references"), checker)
            if other.get("status") in ("current", "ending", "discontinued") and not other.get("status_references"):
                checker.problem((*where, "status"), "a brand's status needs status_references: where was it checked?")
    for i, term in _entries(doc, "terms"):
        facts_exist(_values(term, "note_corrects"), ("terms", i, "note_corrects"))
        corrected |= {f for _, f in _values(term, "note_corrects")}
        for key in ("references", "note_references"):
            _numbers_exist(_values(term, key), refs, ("terms", i, key), checker)
    for path, question in _question_entries(doc):
        facts_exist(_values(question, "facts"), (*path, "facts"))
        text = question.get("text", "")
        if question.get("patient") != "adult" and speaks_as_patient(text) and "parent_text" not in question:
            checker.problem((*path, "text"), "a first-person question shown to parents needs a parent_text")
        if "parent_text" in question and not question["parent_text"].endswith("?"):
            checker.problem((*path, "parent_text"), "a question must end with '?'")
    for i, entry in _entries(doc, "beyond"):
        _refs_exist(_values(entry, "drugs"), drug_ids, ("beyond", i, "drugs"), "drug", checker)
        _numbers_exist(_values(entry, "references"), refs, ("beyond", i, "references"), checker)
        _questions_end(entry, ("beyond", i), checker)
    for i, ref in _entries(doc, "references"):
        if ref.get("in_source") is False and "url" not in ref:
            checker.problem(("references", i), "a source added by the editors needs a url (a DOI link or web address)")
    known_notes = {value for _, value in note_ids}
    for i, item in _entries(doc, "quiz"):
        facts_exist(_values(item, "facts"), ("quiz", i, "facts"))
        _refs_exist(_values(item, "terms"), term_ids, ("quiz", i, "terms"), "term", checker)
        _refs_exist(_values(item, "teaches"), known_notes, ("quiz", i, "teaches"), "note id", checker)
        for j, fact in _values(item, "facts"):
            if fact in corrected:
                checker.problem(("quiz", i, "facts", j), f"the answer rests on {fact}, which an editor's note corrects")
        if not any(item.get(key) for key in ("facts", "teaches", "terms")):
            checker.problem(("quiz", i), "tag what the answer rests on: facts, teaches (a note id) or terms")


def _numbers_exist(
    values: list[tuple[int, Any]], known: set[int] | None, path: tuple[Any, ...], checker: _Checker
) -> None:
    if known is None:
        return
    for j, number in values:
        if number not in known:
            checker.problem((*path, j), f"no reference {number}")


def _journal_rule(
    rule: dict[str, Any], path: tuple[Any, ...], drug_ids: set[str] | None, refs: set[int] | None, checker: _Checker
) -> None:
    """A rule has the settings its condition needs, known drugs and references, and questions, never doses."""
    for key in _RULE_NEEDS.get(rule.get("condition", ""), ()):
        if key not in rule:
            checker.problem(path, f"the condition {rule['condition']!r} needs {key!r}")
    _refs_exist(_values(rule, "drugs"), drug_ids, (*path, "drugs"), "drug", checker)
    if refs is not None:
        for j, number in _values(rule, "references"):
            if number not in refs:
                checker.problem((*path, "references", j), f"no reference {number}")
    _questions_end(rule, path, checker)
    for j, question in _entries(rule, "questions"):
        if _DOSE_IN_TEXT.search(question.get("text", "")):
            checker.problem((*path, "questions", j, "text"), "a journal question must not name a dose")


def _refs_exist(
    values: list[tuple[int, str]], known: set[str] | None, path: tuple[Any, ...], what: str, checker: _Checker
) -> None:
    if known is None:
        return
    for j, value in values:
        if value not in known:
            match = checker.suggest(value, known)
            hint = f" (did you mean {match!r}?)" if match else ""
            checker.problem((*path, j), f"unknown {what} {value!r}{hint}")


def _notes_refs(entry: dict[str, Any], known: set[int] | None, path: tuple[Any, ...], checker: _Checker) -> None:
    if known is None:
        return
    for i, note in _entries(entry, "notes"):
        for j, number in _values(note, "references"):
            if number not in known:
                checker.problem((*path, "notes", i, "references", j), f"no reference {number}")


def _schedule_warning_ok(
    drug: dict[str, Any], known: set[int] | None, path: tuple[Any, ...], checker: _Checker
) -> None:
    warning = drug.get("schedule_warning")
    if not isinstance(warning, dict):
        return
    if isinstance(warning.get("min_days"), int) and warning["min_days"] < 2:
        checker.problem((*path, "min_days"), "min_days must be 2 or more (once a day is never too often to warn)")
    if known is not None:
        for j, number in _values(warning, "references"):
            if number not in known:
                checker.problem((*path, "references", j), f"no reference {number}")


def _questions_end(entry: dict[str, Any], path: tuple[Any, ...], checker: _Checker) -> None:
    for i, question in _entries(entry, "questions"):
        if "text" in question and not question["text"].endswith("?"):
            checker.problem((*path, "questions", i, "text"), "a question must end with '?'")


def _question_ids(doc: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for section in ("points", "drugs", "beyond", "journal_rules"):
        for i, entry in _entries(doc, section):
            for j, question in _entries(entry, "questions"):
                if "id" in question:
                    yield (section, i, "questions", j, "id"), question["id"]


def _drug_names(doc: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for i, drug in _entries(doc, "drugs"):
        if "name" in drug:
            yield ("drugs", i, "name"), drug["name"]
        for key in ("other_names", "related"):
            for j, other in _entries(drug, key):
                if "name" in other:
                    yield ("drugs", i, key, j, "name"), other["name"]
    for i, item in _entries(doc, "confusables"):
        if "name" in item:
            yield ("confusables", i, "name"), item["name"]


def _term_names(doc: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for i, term in _entries(doc, "terms"):
        if "term" in term:
            yield ("terms", i, "term"), term["term"]
        for j, alias in _values(term, "aliases"):
            yield ("terms", i, "aliases", j), alias


# --------------------------------------------------------------------------- building


def validate_document(value: Any, marks: Marks, name: str, problems: list[Problem] | None = None) -> dict[str, Any]:
    """Check a parsed document against the schema; return it normalised or raise KnowledgeError."""
    checker = _Checker(marks)
    checker.problems.extend(problems or [])
    if not isinstance(value, dict):
        checker.problem((), f"the top level must be a mapping of sections, not {_describe(value)}")
        raise KnowledgeError(name, checker.problems)
    doc = checker.record(value, _SCHEMA, ())
    _cross_check(doc, checker)
    if checker.problems:
        checker.problems.sort(key=lambda p: (p.line, p.column))
        raise KnowledgeError(name, checker.problems)
    return dict(doc)


def _note(raw: dict[str, Any]) -> Note:
    return Note(
        text=raw["text"],
        references=tuple(raw.get("references", ())),
        id=raw.get("id"),
        corrects=tuple(raw.get("corrects", ())),
    )


def _question(raw: dict[str, Any]) -> Question:
    return Question(
        id=raw["id"],
        text=raw["text"],
        importance=raw.get("importance", 2),
        patient=raw.get("patient"),
        parent_text=raw.get("parent_text"),
        facts=tuple(raw.get("facts", ())),
        situations=tuple(raw.get("situations", ())),
    )


def _other_name(raw: dict[str, Any]) -> OtherName:
    return OtherName(
        name=raw["name"],
        kind=raw["kind"],
        country=raw.get("country"),
        status=raw.get("status"),
        note=raw.get("note"),
        status_references=tuple(raw.get("status_references", ())),
    )


def _beyond(raw: dict[str, Any]) -> Beyond:
    return Beyond(
        id=raw["id"],
        title=raw["title"],
        since=raw["since"],
        summary=raw["summary"],
        references=tuple(raw["references"]),
        questions=tuple(_question(q) for q in raw["questions"]),
        drugs=tuple(raw.get("drugs", ())),
        unverified=raw.get("unverified"),
    )


def _visit(raw: dict[str, Any] | None) -> Visit | None:
    if raw is None:
        return None
    return Visit(
        top3=tuple(CoreQuestion(id=q["id"], text=q["text"]) for q in raw["top3"]),
        tips=tuple(TipBlock(title=t["title"], items=tuple(t["items"])) for t in raw.get("tips", ())),
        safety_net=raw["safety_net"],
        default_situation=raw.get("default_situation"),
    )


def _topic(p: dict[str, Any]) -> Topic:
    return Topic(
        number=p["number"],
        slug=p["slug"],
        title=p["title"],
        summary=p["summary"],
        facts=tuple(Fact(id=f["id"], text=f["text"]) for f in p["facts"]),
        drugs=tuple(p["drugs"]),
        terms=tuple(p["terms"]),
        references=tuple(p["references"]),
        notes=tuple(_note(n) for n in p.get("notes", ())),
        questions=tuple(_question(q) for q in p["questions"]),
    )


def _drug(d: dict[str, Any]) -> Drug:
    return Drug(
        id=d["id"],
        name=d["name"],
        drug_class=d["drug_class"],
        other_names=tuple(_other_name(o) for o in d.get("other_names", ())),
        related=tuple(Related(**r) for r in d.get("related", ())),
        source_says=d["source_says"],
        notes=tuple(_note(n) for n in d.get("notes", ())),
        questions=tuple(_question(q) for q in d.get("questions", ())),
        on_page=d.get("on_page", True),
        facts=tuple(d.get("facts", ())),
        schedule_warning=_schedule_warning(d.get("schedule_warning")),
    )


def _schedule_warning(raw: dict[str, Any] | None) -> ScheduleWarning | None:
    if raw is None:
        return None
    return ScheduleWarning(min_days=raw["min_days"], text=raw["text"], references=tuple(raw["references"]))


def _term(t: dict[str, Any]) -> Term:
    return Term(
        id=t["id"],
        term=t["term"],
        aliases=tuple(t.get("aliases", ())),
        definition=t["definition"],
        note=t.get("note"),
        see_also=tuple(t.get("see_also", ())),
        on_page=t.get("on_page", True),
        references=tuple(t.get("references", ())),
        note_references=tuple(t.get("note_references", ())),
        note_corrects=tuple(t.get("note_corrects", ())),
    )


def _quiz_item(q: dict[str, Any]) -> QuizItem:
    return QuizItem(
        id=q["id"],
        topic=q["point"],
        question=q["question"],
        choices=tuple(q["choices"]),
        answer=q["answer"],
        explanation=q["explanation"],
        facts=tuple(q.get("facts", ())),
        teaches=tuple(q.get("teaches", ())),
        terms=tuple(q.get("terms", ())),
    )


def _confusable(c: dict[str, Any]) -> Confusable:
    return Confusable(
        name=c["name"],
        drug=c["drug"],
        looks_like=c["looks_like"],
        references=tuple(c.get("references", ())),
        unverified=c.get("unverified", False),
    )


def _journal_rule_record(r: dict[str, Any]) -> JournalRule:
    return JournalRule(
        id=r["id"],
        condition=r["condition"],
        questions=tuple(_question(q) for q in r["questions"]),
        references=tuple(r["references"]),
        drugs=tuple(r.get("drugs", ())),
        weeks=r.get("weeks"),
        score=r.get("score"),
        ck_change_percent=r.get("ck_change_percent"),
    )


def build(doc: dict[str, Any], origin: str = "") -> Knowledge:
    """Turn a normalised (already validated) document into frozen records, every field by keyword."""
    meta = doc["meta"]
    return Knowledge(
        schema_version=doc["schema_version"],
        meta=Meta(
            title=meta["title"],
            source=Source(**meta["source"]),
            reviewed=meta["reviewed"],
            disclaimer=meta["disclaimer"],
            about=meta["about"],
            page_aims=meta.get("page_aims", ""),
        ),
        topics=tuple(_topic(p) for p in doc["points"]),
        drugs=tuple(_drug(d) for d in doc["drugs"]),
        terms=tuple(_term(t) for t in doc["terms"]),
        references=tuple(Reference(**r) for r in doc["references"]),
        quiz=tuple(_quiz_item(q) for q in doc.get("quiz", ())),
        confusables=tuple(_confusable(c) for c in doc.get("confusables", ())),
        beyond=tuple(_beyond(b) for b in doc.get("beyond", ())),
        journal_rules=tuple(_journal_rule_record(r) for r in doc.get("journal_rules", ())),
        origin=origin,
        situations=tuple(Situation(**s) for s in doc.get("situations", ())),
        visit=_visit(doc.get("visit")),
    )


def validated_document(path: Path) -> dict[str, Any]:
    """Read, parse and validate one file into its normalised document (no cache)."""
    return _validate_bytes(read_bytes(path), str(path))


def _validate_bytes(data: bytes, name: str) -> dict[str, Any]:
    # Parsing allocates many small objects and no cycles; the cyclic garbage collector
    # would otherwise rescan them again and again (about half the time on a 3 MB file).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        value, marks, problems = parse_yaml(data, name)
        return validate_document(value, marks, name, problems)
    finally:
        if was_enabled:
            gc.enable()


def cache_key(data: bytes) -> str:
    """The knowledge cache's name for these file bytes: the bytes, every dmtx source file and PyYAML's own."""
    from dmtx import cache

    return cache.content_key("knowledge", data, cache.library_stamp("yaml"))


def cached_document(path: Path) -> dict[str, Any]:
    """Like validated_document, but served from the cache when this exact file was validated before."""
    from dmtx import cache

    data = read_bytes(path)
    folder = cache.private_dir()
    if folder is None:
        return _validate_bytes(data, str(path))
    key = cache_key(data)
    document = cache.read_entry(folder, key)
    if document is None:
        document = _validate_bytes(data, str(path))
        cache.write_entry(folder, key, document)
    return document


def load(path: Path | None = None, *, use_cache: bool = True) -> Knowledge:
    """Load and validate a knowledge file (the bundled one when no path is given)."""
    chosen = path or resolve_data_path()
    if use_cache:
        try:
            return build(cached_document(chosen), origin=str(chosen))
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # a cache entry of the wrong shape (hand-edited?): fall back to the file itself
    return build(validated_document(chosen), origin=str(chosen))

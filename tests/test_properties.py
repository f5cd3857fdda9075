"""Property-based tests: any text typed, any damage to the knowledge file, never a crash."""

from __future__ import annotations

import copy
import re
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dmtx.cli import app
from dmtx.knowledge.schema import SCHEMA as _SCHEMA
from dmtx.knowledge.schema import Field as _Field
from dmtx.knowledge.schema import ListOf as _ListOf

from conftest import BUNDLED, safe_dump_yaml, safe_load_yaml

RUNNER = CliRunner()
# How many examples run is set by the Hypothesis profiles in conftest.py (more on CI).

# Text as people (and fuzzers) type it: any code point but NUL, which no shell can pass in argv.
ANY_TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=300)


def invoke(args: list[str]) -> Any:
    return RUNNER.invoke(app, args, catch_exceptions=True, env={"TERM": "dumb"})


def assert_calm(result: Any, allowed: set[int]) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in allowed, (result.exit_code, result.stderr)
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream
        assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") and c != "\n" for c in stream), repr(stream)
    assert len(result.stderr.splitlines()) <= 2, result.stderr


COMMANDS_WITH_TEXT = [
    lambda text: ["drug", text],
    lambda text: ["term", text],
    lambda text: ["search", text],
    lambda text: ["topic", text],
    lambda text: ["checklist", "-t", "1", "-a", text],
    lambda text: ["checklist", "-d", text],
    lambda text: ["checklist", "-t", text],
    lambda text: ["checklist", "-t", "2", "--name", text, "--doctor", text, "--format", "html"],
    lambda text: ["checklist", "-t", "2", "-a", text, "--format", "markdown"],
    lambda text: ["checklist", "-t", "2", "-a", text, "--format", "json"],
]


@given(st.sampled_from(range(len(COMMANDS_WITH_TEXT))), ANY_TEXT)
def test_any_text_to_any_command(which: int, text: str) -> None:
    assert_calm(invoke(COMMANDS_WITH_TEXT[which](text)), {0, 1, 2})


@given(st.sampled_from(["drug", "term", "search", "topic"]), st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_several_words(command: str, words: list[str]) -> None:
    # A word that is the --data option names a knowledge file: a missing one is exit code 3.
    names_a_file = any(word == "--data" or word.startswith("--data=") for word in words)
    assert_calm(invoke([command, *words]), {0, 1, 2, 3} if names_a_file else {0, 1, 2})


# --------------------------------------------------------------------------- mutated knowledge files

GOOD: dict[str, Any] = safe_load_yaml(BUNDLED.read_text(encoding="utf-8"))


def _places(value: Any, spec: Any, path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], Any]]:
    """Every (path, field spec) in the document, for fields whose damage must be caught."""
    found: list[tuple[tuple[Any, ...], Any]] = []
    if isinstance(spec, dict) and isinstance(value, dict):
        for key, field in spec.items():
            if key in value:
                found.append(((*path, key), field))
                found += _places(value[key], field.kind, (*path, key))
    elif isinstance(spec, _ListOf) and isinstance(value, list):
        for index, item in enumerate(value):
            found += _places(item, spec.item, (*path, index))
    return found


PLACES = _places(GOOD, _SCHEMA, ())


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _mutate(doc: dict[str, Any], place: tuple[tuple[Any, ...], _Field], how: str) -> None:
    path, field = place
    parent = _get(doc, path[:-1])
    key = path[-1]
    value = parent[key]
    if how == "drop":
        assert field.required, "an optional field may be left out; dropping it is no damage"
        del parent[key]
    elif how == "rename":
        parent[f"{key}_typo"] = parent.pop(key)
    elif how == "retype":
        if isinstance(value, str):
            parent[key] = [value]
        elif isinstance(value, bool):
            parent[key] = "maybe"
        elif isinstance(value, (int, float)):
            parent[key] = "many"
        elif isinstance(value, list):
            parent[key] = {"oops": 1}
        else:
            parent[key] = 42 if field.kind != "int" else "x"


def _damages() -> dict[tuple[tuple[Any, ...], str], list[int]]:
    """Every damage that must be caught, grouped by kind: (the field's path without list indexes, how)."""
    kinds: dict[tuple[tuple[Any, ...], str], list[int]] = {}
    for index, (path, field) in enumerate(PLACES):
        shape = tuple("[]" if isinstance(part, int) else part for part in path)
        for how in ("drop", "rename", "retype"):
            if how != "drop" or field.required:
                kinds.setdefault((shape, how), []).append(index)
    return kinds


DAMAGES = _damages()
# A kind of damage first (each field of the format as likely as any other), then which instance of it.
DAMAGE = st.sampled_from(sorted(DAMAGES, key=repr)).flatmap(
    lambda kind: st.tuples(st.sampled_from(DAMAGES[kind]), st.just(kind[1]))
)


@given(DAMAGE)
def test_damaged_file_is_reported_with_a_place(tmp_path: Path, damage: tuple[int, str]) -> None:
    index, how = damage
    doc = copy.deepcopy(GOOD)
    _mutate(doc, PLACES[index], how)
    path = tmp_path / f"damaged-{index}-{how}.yaml"
    # safe_dump_yaml: PyYAML's pure Python emitter took about 80% of the time of this test.
    path.write_text(safe_dump_yaml(doc), encoding="utf-8")
    result = invoke(["validate", "--today", "2027-06-01", str(path)])
    assert_calm(result, {3})
    lines = result.stdout.splitlines()
    assert lines, "validate reported nothing"
    assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: \S", line) for line in lines), lines
    assert re.fullmatch(r"dmtx: \d+ problems? in .*\.\n", result.stderr)

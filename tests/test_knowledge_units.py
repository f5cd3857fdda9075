"""Unit tests of the knowledge loader (dmtx/knowledge/), run in the test process and fast.

Each test pins one guard of the loader on both sides of its boundary, with the message the
user sees and, where the loader reports one, its line and column: a file one byte over the
size limit, a list one item too long, a date one day too early. Whole-document cases change
one value of the bundled file as parsed (a deep copy) and run `validate_document` on it.
"""

from __future__ import annotations

import builtins
import importlib
import importlib.util
import os
from pathlib import Path
from typing import Any

import pytest

import dmtx.knowledge
from dmtx.errors import UsageProblem
from dmtx.knowledge import (
    KnowledgeError,
    Problem,
    build,
    decode_text,
    editorial,
    links,
    load,
    parse_yaml,
    read_bytes,
    resolve_data_path,
    shape,
    validate_document,
    validated_document,
    vocabulary,
    yamlread,
)
from dmtx.knowledge.problems import path_text, whole_file
from dmtx.knowledge.schema import BRAND_STATUSES, NAME_KINDS, QUESTION, SCHEMA, ListOf, Record, records
from dmtx.knowledge.shape import INVALID, Checker, describe
from dmtx.knowledge.yamlread import Ambiguous
from dmtx.model import Knowledge, Topic

from conftest import BUNDLED

NAME = "g.yaml"
MIB = 1024 * 1024


def _copy(value: Any) -> Any:
    """A deep copy of plain parsed values (the strings, Ambiguous ones too, are shared: they never change)."""
    if isinstance(value, dict):
        return {key: _copy(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_copy(inner) for inner in value]
    return value


_VALUE, _MARKS, _PARSE_PROBLEMS = parse_yaml(BUNDLED.read_bytes(), NAME)


def bundled() -> dict[str, Any]:
    """The bundled file as parse_yaml reads it, a fresh copy to change."""
    value: dict[str, Any] = _copy(_VALUE)
    return value


def num(n: int) -> Ambiguous:
    """A number as the YAML reader gives it (a plain scalar YAML 1.1 reads as an int)."""
    return Ambiguous(str(n), "int")


def problems(doc: Any, *, today: str | None = None, marks: Any = None) -> list[Problem]:
    """Every problem validate_document reports on this document (none when it passes)."""
    try:
        validate_document(doc, _MARKS if marks is None else marks, NAME, today=today)
    except KnowledgeError as error:
        assert error.file == NAME
        return list(error.problems)
    return []


def said(doc: Any, **kwargs: Any) -> list[str]:
    """The problems as `path: message`."""
    return [f"{p.path}: {p.message}" for p in problems(doc, **kwargs)]


def at(doc: Any, *path: Any) -> Any:
    """The value at a path of a document."""
    for part in path:
        doc = doc[part]
    return doc


def parsed(text: str) -> tuple[Any, Any, list[Problem]]:
    return parse_yaml(text.encode("utf-8"), NAME)


def refused(text: str | bytes) -> list[Problem]:
    """The problems of a text parse_yaml refuses outright."""
    with pytest.raises(KnowledgeError) as caught:
        parse_yaml(text if isinstance(text, bytes) else text.encode("utf-8"), NAME)
    return list(caught.value.problems)


def checked(spec: Record, value: Any, marks: Any = None) -> tuple[Any, list[str]]:
    """Check a value against one record of the schema: what is kept, and the problems as `path: message`."""
    checker = Checker(marks or {})
    out = checker.record(value, spec, ())
    return out, [f"{p.path}: {p.message}" for p in checker.problems]


def scalar(kind: str, value: Any) -> tuple[Any, list[str]]:
    checker = Checker({})
    out = checker.scalar(value, kind, ("x",))
    return out, [p.message for p in checker.problems]


def ruled(rule: Any, doc: dict[str, Any]) -> list[str]:
    """The problems one editorial rule reports on a small document, as `path: message`."""
    checker = Checker({})
    rule(doc, checker)
    return [f"{p.path}: {p.message}" for p in checker.problems]


# --------------------------------------------------------------------------- problems.py


def test_the_bundled_file_parses_and_validates_without_a_problem() -> None:
    assert _PARSE_PROBLEMS == []
    assert problems(bundled()) == []
    assert problems(bundled(), today="2027-12-02") == []


def test_a_problem_is_located_as_file_line_column_path_message() -> None:
    assert Problem("drugs[0].id", "bad", 3, 5).located("f.yaml") == "f.yaml:3:5: drugs[0].id: bad"
    assert Problem("", "bad", 1, 1).located("f.yaml") == "f.yaml:1:1: bad"  # line 1 is a line
    assert Problem("a", "bad").line == 1 and Problem("a", "bad").column == 1


def test_a_whole_file_problem_has_no_line() -> None:
    assert whole_file("too big") == Problem("", "too big", 0, 0)
    assert whole_file("too big").located("f.yaml") == "f.yaml: too big"
    assert Problem("meta", "bad", 0, 0).located("f.yaml") == "f.yaml: meta: bad"


def test_knowledge_error_names_the_first_problem_and_counts_the_rest() -> None:
    one, two, three = Problem("a", "first", 2, 3), Problem("b", "second", 4, 1), Problem("", "third", 0, 0)
    assert str(KnowledgeError("f", [one])) == "invalid knowledge file: f:2:3: a: first"
    assert str(KnowledgeError("f", [one, two])) == (
        "invalid knowledge file: f:2:3: a: first (and 1 more problem; run 'dmtx validate')"
    )
    assert str(KnowledgeError("f", [one, two, three])).endswith("(and 2 more problems; run 'dmtx validate')")
    # (with no problem at all the suffix reads "and -1 more problems": never raised so, see the report)
    assert str(KnowledgeError("f", [])).startswith("invalid knowledge file: f: invalid")
    error = KnowledgeError("f", [one, three])
    assert error.lines() == ["f:2:3: a: first", "f: third"]
    assert error.problems == (one, three) and error.file == "f"
    assert int(error.exit_code) == 3


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("meta",), "meta"),
        (("drugs", 3, "questions", 0, "text"), "drugs[3].questions[0].text"),
        ((0, "a", 1), "[0].a[1]"),
        (("meta", "source", "title"), "meta.source.title"),
    ],
)
def test_path_text_writes_indexes_in_brackets_and_keys_after_dots(path: tuple[Any, ...], text: str) -> None:
    assert path_text(path) == text


# --------------------------------------------------------------------------- yamlread.py: reading bytes


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def _refused_file(path: str | Path) -> list[Problem]:
    with pytest.raises(KnowledgeError) as caught:
        read_bytes(path)
    assert caught.value.file == os.fspath(path)
    return list(caught.value.problems)


def test_a_file_of_exactly_the_size_limit_is_read(tmp_path: Path) -> None:
    assert dmtx.knowledge.MAX_FILE_BYTES == 8 * MIB
    data = read_bytes(_sparse(tmp_path / "g.yaml", 8 * MIB))
    assert len(data) == 8 * MIB


def test_a_file_one_byte_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "g.yaml", 8 * MIB + 1)
    assert _refused_file(path) == [whole_file("file is too large (8.0 MiB; the limit is 8 MiB)")]


def test_a_large_file_says_its_size_in_mib(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "g.yaml", 9 * MIB + 400 * 1024)
    assert [p.message for p in _refused_file(path)] == ["file is too large (9.4 MiB; the limit is 8 MiB)"]


def test_a_file_that_grew_after_its_size_was_taken_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlread, "MAX_FILE_BYTES", 16)
    path = tmp_path / "g.yaml"
    path.write_bytes(b"a: " + b"b" * 14)  # 17 bytes, one more than the limit
    real_stat = os.stat

    def small_stat(target: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        info = real_stat(target, *args, **kwargs)
        if os.fspath(target) != str(path):
            return info
        fields = list(info[:10])
        fields[6] = 3  # st_size: the file was 3 bytes when its size was taken
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", small_stat)
    assert _refused_file(path) == [whole_file("file is too large")]
    path.write_bytes(b"a: " + b"b" * 13)  # 16 bytes: exactly the limit
    assert read_bytes(path) == b"a: " + b"b" * 13


def test_a_folder_a_missing_file_and_a_fifo_are_refused(tmp_path: Path) -> None:
    assert _refused_file(tmp_path) == [whole_file("this is a folder, not a knowledge file")]
    assert _refused_file(tmp_path / "none.yaml") == [whole_file("no such file")]
    os.mkfifo(tmp_path / "pipe")
    assert _refused_file(tmp_path / "pipe") == [whole_file("not a regular file")]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(13, "Permission denied"), "permission denied: cannot read this file"),
        (OSError(5, "Input/output error"), "cannot read this file (Input/output error)"),
        (OSError("disk gone"), "cannot read this file (disk gone)"),
    ],
)
def test_a_file_that_cannot_be_opened_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, message: str
) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("a: b\n", encoding="utf-8")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(builtins, "open", refuse)
    problems_found = _refused_file(path)
    monkeypatch.undo()
    assert problems_found == [whole_file(message)]


def test_a_small_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes(b"a: b\n")
    assert read_bytes(path) == b"a: b\n" and read_bytes(str(path)) == b"a: b\n"


# --------------------------------------------------------------------------- yamlread.py: text and YAML


def test_a_byte_order_mark_is_dropped() -> None:
    assert decode_text(b"\xef\xbb\xbfa: b\n", NAME) == "a: b\n"
    assert parsed("\ufeffa: b\n")[0] == {"a": "b"}


@pytest.mark.parametrize(
    ("data", "line", "column", "byte"),
    [
        (b"\xff", 1, 1, "ff"),
        (b"abc\xfe", 1, 4, "fe"),
        (b"a: b\nxy\xff\n", 2, 3, "ff"),
        (b"a\n\nb\n  \xc3(", 4, 3, "c3"),
    ],
)
def test_a_byte_that_is_not_utf8_is_located(data: bytes, line: int, column: int, byte: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        decode_text(data, NAME)
    message = f"not UTF-8 text (byte 0x{byte}); save the file as UTF-8"
    assert list(caught.value.problems) == [Problem("", message, line, column)]


@pytest.mark.parametrize("text", ["", "   \n\t\n"])
def test_an_empty_file_is_refused_as_a_whole(text: str) -> None:
    assert refused(text) == [whole_file("the file is empty")]


def test_a_file_of_comments_holds_no_document() -> None:
    assert refused("# nothing\n") == [Problem("", "the file holds no YAML document", 1, 1)]


def test_broken_yaml_is_located_where_the_parser_stopped() -> None:
    [problem] = refused("a: [1, 2\nb: {")
    assert (problem.line, problem.column, problem.path) == (2, 2, "")
    assert problem.message == "not valid YAML: while parsing a flow sequence did not find expected ',' or ']'"


def test_a_control_character_is_named_and_located() -> None:
    assert refused("a: b\nc: d\x07e\n") == [Problem("", "not valid YAML: character U+0007 is not allowed here", 2, 5)]


def test_the_parsers_own_nesting_limit_is_a_clean_refusal() -> None:
    [problem] = refused("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert problem.message.startswith("not valid YAML: ") and "nesting depth" in problem.message


def test_values_are_plain_and_every_value_and_key_is_marked() -> None:
    value, marks, found = parsed("a:\n  b: c\n  d: [e, f]\n")
    assert (value, found) == ({"a": {"b": "c", "d": ["e", "f"]}}, [])
    assert marks[()] == (1, 1)
    assert marks[("a",)] == (2, 3) and marks[("key", "a")] == (1, 1)
    assert marks[("a", "b")] == (2, 6) and marks[("key", "a", "b")] == (2, 3)
    assert marks[("a", "d", 0)] == (3, 7) and marks[("a", "d", 1)] == (3, 10)


def _nested(levels: int) -> str:
    return "[" * levels + "x" + "]" * levels + "\n"


def test_nesting_exactly_max_depth_is_read() -> None:
    assert dmtx.knowledge.MAX_DEPTH == 24
    value, _, found = parsed(_nested(25))  # the innermost list is at depth 24, its item at 25...
    assert found == [Problem("[0]" * 24 + "[0]", "nested more than 24 levels deep", 1, 26)]
    value, _, found = parsed(_nested(24))  # ...here the item is at depth 24
    assert found == []
    inner = value
    for _ in range(24):
        inner = inner[0]
    assert inner == "x"


def test_nesting_of_mappings_counts_each_level() -> None:
    deep = "".join("  " * i + f"k{i}:\n" for i in range(24)) + "  " * 24 + "x\n"
    _, _, found = parsed(deep)  # the text "x" is at depth 24
    assert found == []
    too_deep = "".join("  " * i + f"k{i}:\n" for i in range(25)) + "  " * 25 + "x\n"
    _, _, found = parsed(too_deep)
    assert [(p.path, p.message, p.line) for p in found] == [
        (".".join(f"k{i}" for i in range(25)), "nested more than 24 levels deep", 26)
    ]


def test_max_depth_is_read_when_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlread, "MAX_DEPTH", 2)
    assert parsed("[[x]]\n")[2] == []
    assert [p.message for p in parsed("[[[x]]]\n")[2]] == ["nested more than 2 levels deep"]


def test_an_alias_is_refused_once_however_often_it_is_used() -> None:
    value, _, found = parsed("a: &x [1]\nb: *x\nc: *x\n")
    assert value == {"a": ["1"], "b": None, "c": None}
    assert [(p.path, p.message) for p in found] == [
        ("b", "anchors and aliases (& and *) are not allowed in a knowledge file")
    ]


@pytest.mark.parametrize(
    ("text", "tag", "kept"),
    [
        ("a: !foo [1]\n", "'!foo'", None),
        ("a: !m {b: 1}\n", "'!m'", {}),
        ("a: !!binary aGVsbG8=\n", "'tag:yaml.org,2002:binary'", None),
        ('a: !!int "5"\n', "'tag:yaml.org,2002:int'", None),
        ("a: !!python/name:os.system\n", "'tag:yaml.org,2002:python/name:os.system'", None),
    ],
)
def test_yaml_tags_are_refused_at_their_place(text: str, tag: str, kept: Any) -> None:
    value, _, found = parsed(text)
    assert value == {"a": kept}
    assert found == [Problem("a", f"YAML tags such as {tag} are not allowed", 1, 4)]


def test_an_explicit_str_tag_is_plain_text() -> None:
    value, _, found = parsed("a: !!str yes\n")
    assert value == {"a": "yes"} and not isinstance(value["a"], Ambiguous) and found == []


@pytest.mark.parametrize(
    ("text", "kind"), [("yes", "bool"), ("1.5", "float"), ("2014-08-18", "timestamp"), ("~", "null"), ("12", "int")]
)
def test_a_plain_scalar_yaml_would_read_as_another_type_is_ambiguous(text: str, kind: str) -> None:
    value = parsed(f"a: {text}\n")[0]["a"]
    assert isinstance(value, Ambiguous) and value == text and value.kind == kind
    quoted = parsed(f'a: "{text}"\n')[0]["a"]
    assert quoted == text and not isinstance(quoted, Ambiguous)


def test_merge_keys_and_complex_keys_are_refused() -> None:
    value, _, found = parsed("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert value["other"] == {"y": "2"}
    assert found == [Problem("other", "keys must be plain names (no merge keys or complex keys)", 3, 3)]
    value, _, found = parsed("? [a]\n: b\nc: d\n")
    assert value == {"c": "d"}
    assert found == [Problem("", "keys must be plain names (no merge keys or complex keys)", 1, 3)]


def test_a_duplicate_key_is_refused_at_its_second_use_and_the_first_value_kept() -> None:
    value, marks, found = parsed("top:\n  a: 1\n  b: 2\n  a: 3\n")
    assert value == {"top": {"a": "1", "b": "2"}}
    assert found == [Problem("top.a", "duplicate key 'a' (YAML would silently keep only the last)", 4, 3)]
    assert marks[("key", "top", "a")] == (2, 3)


def test_a_top_level_that_is_not_a_mapping_is_refused() -> None:
    for text, words in (("- a\n", "a list"), ("hello\n", "text 'hello'"), ("yes\n", "a yes/no value")):
        value, marks, _ = parsed(text)
        assert problems(value, marks=marks) == [
            Problem("", f"the top level must be a mapping of sections, not {words}", 1, 1)
        ]


# --------------------------------------------------------------------------- validate_document, load


def test_problems_are_sorted_by_line_then_column() -> None:
    given = [Problem("", "late", 9, 1), Problem("", "right", 2, 7), Problem("", "left", 2, 3)]
    assert [p.message for p in problems_with(given)] == ["left", "right", "late"]


def problems_with(given: list[Problem]) -> list[Problem]:
    with pytest.raises(KnowledgeError) as caught:
        validate_document(bundled(), _MARKS, NAME, list(given))
    return list(caught.value.problems)


def test_validate_document_returns_the_checked_document() -> None:
    doc = validate_document(bundled(), _MARKS, NAME)
    assert doc["schema_version"] == 1 and doc["points"][0]["number"] == 1
    assert doc["references"][0]["in_source"] is True


def test_validated_document_reads_parses_and_checks_a_file(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes(BUNDLED.read_bytes())
    assert validated_document(path)["meta"]["reviewed"] == "2026-12-02"
    with pytest.raises(KnowledgeError) as caught:
        validated_document(path, today="2027-12-03")
    assert caught.value.file == str(path)
    assert all("was due for review on 2027-12-02" in p.message for p in caught.value.problems)


def test_load_builds_records_from_a_file_and_names_its_origin(tmp_path: Path) -> None:
    knowledge = load(BUNDLED, use_cache=False)
    assert isinstance(knowledge, Knowledge) and knowledge.origin == str(BUNDLED)
    assert isinstance(knowledge.topics, tuple) and isinstance(knowledge.topics[0], Topic)
    assert knowledge.topics[0].number == 1 and knowledge.topics[0].questions[0].id == "p1-q1"
    assert [q.topic for q in knowledge.quiz][:1] == [1]  # the file's `point` is the record's `topic`
    assert load(BUNDLED) == knowledge  # through the cache: the same records


def test_an_empty_data_path_is_a_usage_problem() -> None:
    with pytest.raises(UsageProblem, match=r"^The --data path is empty; give the path of a knowledge file\.$"):
        resolve_data_path("  ")


def test_names_for_validation_only_are_imported_when_asked() -> None:
    assert dmtx.knowledge.SUGGESTION_BUDGET == 20_000
    assert dmtx.knowledge.speaks_as_patient is editorial.speaks_as_patient
    with pytest.raises(AttributeError, match=r"^module 'dmtx\.knowledge' has no attribute 'nothing'$"):
        dmtx.knowledge.nothing  # noqa: B018


# --------------------------------------------------------------------------- build.py


@pytest.fixture
def new_recipes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build with recipes made inside the test, not ones an earlier build in this process kept."""
    module = importlib.import_module("dmtx.knowledge.build")
    monkeypatch.setattr(module, "_RECORD", module._Builder())


@pytest.mark.usefixtures("new_recipes")
def test_build_turns_lists_into_tuples_and_fills_defaults() -> None:
    doc = validate_document(bundled(), _MARKS, NAME)
    del doc["quiz"], doc["vocabulary"], doc["visit"]
    for drug in doc["drugs"]:
        drug.pop("card", None)
    doc["terms"][0].pop("see_also", None)
    knowledge = build(doc, origin="here")
    assert (
        knowledge.origin == "here" and knowledge.quiz == () and knowledge.vocabulary == () and knowledge.visit is None
    )
    assert knowledge.drugs[0].card is None and knowledge.terms[0].see_also == ()
    assert isinstance(knowledge.drugs[0].questions, tuple) and isinstance(knowledge.topics[0].drugs, tuple)
    assert knowledge.topics[0].facts[0].id == "F1.1"
    assert build(doc).origin == ""


@pytest.mark.usefixtures("new_recipes")
def test_build_fills_an_optional_list_the_record_has_no_default_for() -> None:
    doc = validate_document(bundled(), _MARKS, NAME)
    del doc["points"][0]["notes"]
    assert "notes" not in Topic._field_defaults
    assert build(doc).topics[0].notes == ()


@pytest.mark.usefixtures("new_recipes")
def test_build_refuses_a_document_without_a_required_field() -> None:
    doc = validate_document(bundled(), _MARKS, NAME)
    del doc["meta"]
    with pytest.raises(TypeError, match="Knowledge needs 'meta'"):
        build(doc)


@pytest.mark.usefixtures("new_recipes")
def test_build_makes_nested_records_and_lists_of_records() -> None:
    knowledge = build(validate_document(bundled(), _MARKS, NAME))
    topic = knowledge.topics[0]
    assert type(topic).__name__ == "Topic" and type(topic.facts[0]).__name__ == "Fact"
    assert type(knowledge.meta).__name__ == "Meta" and type(knowledge.meta.source).__name__ == "Source"
    assert isinstance(knowledge.meta.trust, tuple) and type(knowledge.meta.trust[0]).__name__ == "AboutSection"
    assert all(type(q).__name__ == "Question" for q in topic.questions)
    assert isinstance(topic.questions[0].facts, tuple) and isinstance(knowledge.references[0].number, int)
    # The same document built twice gives equal records (a recipe kept from the first build is used again).
    assert build(validate_document(bundled(), _MARKS, NAME)) == knowledge


@pytest.mark.usefixtures("new_recipes")
def test_each_records_recipe_is_made_once_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run builds hundreds of records: each kind's recipe is worked out on first use only."""
    module = importlib.import_module("dmtx.knowledge.build")
    made: list[str] = []
    real = module._recipe

    def counted(spec: Any) -> Any:
        made.append(spec.model.__name__)
        return real(spec)

    monkeypatch.setattr(module, "_recipe", counted)
    doc = validate_document(bundled(), _MARKS, NAME)
    build(doc)
    first = sorted(made)
    assert len(first) == len(set(first)) > 10  # one recipe per kind of record, each made once
    build(doc)
    assert sorted(made) == first  # the second build made none


# --------------------------------------------------------------------------- schema.py, as its source builds it now


@pytest.fixture
def schema_now() -> Any:
    """dmtx.knowledge.schema built again from its source inside the test (its tables are made on import)."""
    spec = importlib.util.find_spec("dmtx.knowledge.schema")
    assert spec is not None and spec.loader is not None
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    return fresh


def test_the_format_marks_what_may_be_left_out(schema_now: Any) -> None:
    note = schema_now.NOTE
    assert note.model.__name__ == "Note"
    assert note["id"] == ("id", False, (), "")  # Field(kind, required, choices, attr): may be left out
    assert note["text"] == ("text", True, (), "")
    assert note["references"] == (("int", 0, None), False, (), "")  # a list of numbers, may be left out
    assert note["corrects"] == (("id", 0, None), False, (), "")  # a list of ids, may be left out
    question = schema_now.QUESTION
    assert question.model.__name__ == "Question"
    assert question["patient"] == ("text", False, ("adult", "child"), "")
    assert question["facts"] == question["situations"] == (("id", 0, None), False, (), "")
    assert schema_now.SCHEMA.model.__name__ == "Knowledge"


# --------------------------------------------------------------------------- shape.py: Checker


def test_the_suggestion_budget_is_spent_and_then_gives_up() -> None:
    checker = Checker({})
    assert checker.suggestion_budget == 20_000
    checker.suggestion_budget = 3
    assert checker.suggest("summry", ["title", "summary", "text"]) == "summary"  # exactly the budget left
    assert checker.suggestion_budget == 0
    assert checker.suggest("summry", ["summary"]) is None
    checker.suggestion_budget = 2
    assert checker.suggest("summry", ["title", "summary", "text"]) is None
    assert checker.suggestion_budget == 2  # nothing spent when it gave up


def test_a_suggestion_needs_a_close_match() -> None:
    checker = Checker({})
    assert checker.suggest("zzz", ["summary"]) is None
    assert checker.suggest("abcd", ["abxy"]) is None  # half alike (0.5)
    assert checker.suggest("abcde", ["abcxy"]) == "abcxy"  # exactly the cutoff (0.6)
    assert checker.suggest("sumary", ["summer", "summary"]) == "summary"  # the closest, not the first


def test_a_problem_is_placed_at_the_nearest_known_place() -> None:
    marks = {(): (1, 1), ("a",): (2, 3), ("key", "a"): (1, 1), ("a", "b"): (4, 5)}
    checker = Checker(marks)
    checker.problem(("a", "b"), "exact")
    checker.problem(("a", "b", 7, "c"), "nearest")
    checker.problem(("a",), "key", at_key=True)
    checker.problem(("a", "b"), "no key mark", at_key=True)
    checker.problem(("z",), "top")
    assert [(p.message, p.line, p.column, p.path) for p in checker.problems] == [
        ("exact", 4, 5, "a.b"),
        ("nearest", 4, 5, "a.b[7].c"),
        ("key", 1, 1, "a"),
        ("no key mark", 4, 5, "a.b"),
        ("top", 1, 1, "z"),
    ]
    bare = Checker({})
    bare.problem(("z",), "nowhere")
    assert (bare.problems[0].line, bare.problems[0].column) == (1, 1)
    far = Checker({(): (7, 2)})
    far.problem(("z", 1), "top of file")
    assert (far.problems[0].line, far.problems[0].column) == (7, 2)


def test_an_unknown_key_is_located_at_the_key_with_a_suggestion() -> None:
    value, marks, _ = parsed("id: q1\ntext: Why?\nimportanse: 1\nzzzzzz: 2\n")
    out, found = checked(QUESTION, value, marks)
    assert out == {"id": "q1", "text": "Why?"}
    assert found == [
        "importanse: unknown key 'importanse' (did you mean 'importance'?)",
        "zzzzzz: unknown key 'zzzzzz' (not part of the format)",
    ]
    checker = Checker(marks)
    checker.record(value, QUESTION, ())
    assert [(p.line, p.column) for p in checker.problems] == [(3, 1), (4, 1)]


def test_a_record_reports_missing_required_fields_and_skips_empty_optional_ones() -> None:
    out, found = checked(QUESTION, {"text": "Why?", "parent_text": None, "facts": None})
    assert out == {"text": "Why?"}
    assert found == [": missing required field 'id'"]
    out, found = checked(QUESTION, {"id": None, "text": "Why?"})
    assert found == ["id: must be text, not an empty value"]
    assert checked(QUESTION, ["x"]) == (INVALID, [": must be a mapping of fields, not a list"])


def test_a_record_keeps_the_valid_fields_when_others_are_not() -> None:
    out, found = checked(QUESTION, {"id": "q 1", "text": "Why?", "importance": num(2)})
    assert out == {"text": "Why?", "importance": 2}
    assert found == ["id: 'q 1' is not a valid id (letters, digits, '.', '-', '_')"]


def test_choices_are_enforced_with_the_allowed_values_named() -> None:
    _, found = checked(QUESTION, {"id": "q", "text": "Why?", "patient": "teen"})
    assert found == ["patient: must be one of adult, child; got 'teen'"]
    for patient in ("adult", "child"):
        assert checked(QUESTION, {"id": "q", "text": "Why?", "patient": patient})[1] == []


LIST = ListOf("text", min_items=2, max_items=3)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (1, "needs at least 2 items"),
        (2, None),
        (3, None),
        (4, "has 4 items; at most 3 are allowed"),
    ],
)
def test_list_length_is_checked_on_both_sides(items: int, message: str | None) -> None:
    checker = Checker({})
    out = checker.listing(["t"] * items, LIST, ("l",))
    assert [p.message for p in checker.problems] == ([message] if message else [])
    assert out == (INVALID if message else ["t"] * items)


def test_a_list_of_at_least_one_says_item_not_items() -> None:
    checker = Checker({})
    assert checker.listing([], ListOf("text", min_items=1), ("l",)) is INVALID
    assert checker.listing(["a"] * 500, ListOf("text", min_items=1), ("l",)) == ["a"] * 500
    assert checker.listing("x", ListOf("text"), ("l",)) is INVALID
    assert [p.message for p in checker.problems] == ["needs at least 1 item", "must be a list, not text 'x'"]


def test_an_invalid_list_item_keeps_its_place() -> None:
    checker = Checker({})
    assert checker.listing(["a", "", "c"], ListOf("text"), ("l",)) == ["a", INVALID, "c"]
    assert [(p.path, p.message) for p in checker.problems] == [("l[1]", "must not be empty")]


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("int", "0", 0),
        ("int", "999999999", 999_999_999),
        ("decimal", "0", 0.0),
        ("decimal", "2", 2.0),
        ("decimal", "2.5", 2.5),
        ("decimal", "17.1234", 17.1234),
        ("importance", "1", 1),
        ("importance", "3", 3),
        ("bool", "true", True),
        ("bool", "false", False),
        ("date", "2024-02-29", "2024-02-29"),
        ("partial_date", "2024", "2024"),
        ("partial_date", "2024-01", "2024-01"),
        ("partial_date", "2024-12-31", "2024-12-31"),
        ("partial_date", "2024-10-10", "2024-10-10"),
        ("partial_date", "2024-11-20", "2024-11-20"),
        ("text", "  padded  ", "padded"),
        ("id", "a", "a"),
        ("id", "F1.2_x-y", "F1.2_x-y"),
        ("id", "9" + "a" * 63, "9" + "a" * 63),
        ("slug", "a", "a"),
        ("slug", "0" + "b-" * 19 + "c", "0" + "b-" * 19 + "c"),
    ],
)
def test_a_good_scalar_is_converted(kind: str, text: str, value: Any) -> None:
    out, found = scalar(kind, Ambiguous(text, "int") if kind in ("int", "importance") else text)
    assert (out, found) == (value, [])
    assert type(out) is type(value)


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("int", "-1", "must be a whole number from 0 to 1000000000, not '-1'"),
        ("int", "01", "must be a whole number from 0 to 1000000000, not '01'"),
        ("int", "1000000000", "must be a whole number from 0 to 1000000000, not '1000000000'"),
        ("int", "2.5", "must be a whole number from 0 to 1000000000, not '2.5'"),
        ("int", "7 ", "must be a whole number from 0 to 1000000000, not '7 '"),
        ("decimal", "2.12345", "must be a number such as 2 or 2.5, not '2.12345'"),
        ("decimal", ".5", "must be a number such as 2 or 2.5, not '.5'"),
        ("decimal", "02.5", "must be a number such as 2 or 2.5, not '02.5'"),
        ("decimal", "2.", "must be a number such as 2 or 2.5, not '2.'"),
        ("decimal", "1234567890", "must be a number such as 2 or 2.5, not '1234567890'"),
        ("importance", "0", "must be a whole number from 1 to 3, not '0'"),
        ("importance", "4", "must be a whole number from 1 to 3, not '4'"),
        ("bool", "yes", "must be true or false, not 'yes'"),
        ("bool", "True", "must be true or false, not 'True'"),
        ("date", "2026-02-30", "must be a real date written YYYY-MM-DD, not '2026-02-30'"),
        ("date", "2026-2-3", "must be a real date written YYYY-MM-DD, not '2026-2-3'"),
        ("date", "20260203", "must be a real date written YYYY-MM-DD, not '20260203'"),
        ("date", "2026-02-03x", "must be a real date written YYYY-MM-DD, not '2026-02-03x'"),
        ("partial_date", "2024-13", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not '2024-13'"),
        ("partial_date", "2024-00", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not '2024-00'"),
        ("partial_date", "2024-05-32", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not '2024-05-32'"),
        ("partial_date", "2024-05-00", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not '2024-05-00'"),
        ("partial_date", "24", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not '24'"),
        ("partial_date", "2024-05-1", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not '2024-05-1'"),
        ("text", "   ", "must not be empty"),
        ("id", "-a", "'-a' is not a valid id (letters, digits, '.', '-', '_')"),
        ("id", "a" * 65, "'" + "a" * 39 + "…' is not a valid id (letters, digits, '.', '-', '_')"),
        ("id", "a/b", "'a/b' is not a valid id (letters, digits, '.', '-', '_')"),
        ("slug", "Cancer", "'Cancer' is not a valid slug (lowercase letters, digits and '-')"),
        ("slug", "-a", "'-a' is not a valid slug (lowercase letters, digits and '-')"),
        ("slug", "a_b", "'a_b' is not a valid slug (lowercase letters, digits and '-')"),
        ("slug", "a" * 41, "'" + "a" * 39 + "…' is not a valid slug (lowercase letters, digits and '-')"),
    ],
)
def test_a_bad_scalar_says_what_is_wanted(kind: str, text: str, message: str) -> None:
    assert scalar(kind, text) == (INVALID, [message])


@pytest.mark.parametrize(
    ("kind", "wanted"),
    [("int", "a number"), ("decimal", "a number"), ("importance", "a number 1-3"), ("bool", "true or false")]
    + [(kind, "text") for kind in ("text", "id", "slug", "date", "partial_date")],
)
def test_an_empty_or_structured_value_says_the_kind_wanted(kind: str, wanted: str) -> None:
    assert scalar(kind, None) == (INVALID, [f"must be {wanted}, not an empty value"])
    assert scalar(kind, {"a": "b"}) == (INVALID, [f"must be {wanted}, not a mapping"])
    assert scalar(kind, ["a"]) == (INVALID, [f"must be {wanted}, not a list"])
    assert scalar(kind, Ambiguous("~", "null")) == (INVALID, [f"must be {wanted}, not an empty value"])


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("yes", "bool", "a yes/no value"),
        ("12", "int", "a number"),
        ("1.5", "float", "a number"),
        ("2014-08-18", "timestamp", "a date"),
    ],
)
def test_an_unquoted_value_for_text_asks_for_quotes(text: str, kind: str, words: str) -> None:
    for wanted in ("text", "id", "slug"):
        message = f"{text!r} would be read as {words}, not text; put it in quotes"
        assert scalar(wanted, Ambiguous(text, kind)) == (INVALID, [message])
    assert describe(Ambiguous(text, kind)) == words


def test_ambiguous_values_are_fine_where_a_number_bool_or_date_is_wanted() -> None:
    assert scalar("bool", Ambiguous("true", "bool")) == (True, [])
    assert scalar("date", Ambiguous("2014-08-18", "timestamp")) == ("2014-08-18", [])
    assert scalar("partial_date", Ambiguous("2014", "int")) == ("2014", [])
    assert scalar("decimal", Ambiguous("2.5", "float")) == (2.5, [])


def test_text_is_at_most_4000_characters_after_trimming() -> None:
    assert scalar("text", "a" * 4000) == ("a" * 4000, [])
    assert scalar("text", " " + "a" * 4000 + " ") == ("a" * 4000, [])
    assert scalar("text", "a" * 4001) == (INVALID, ["text is too long (4001 characters; the limit is 4000)"])


def test_describe_and_short_values_in_messages() -> None:
    assert describe(None) == "an empty value" and describe({}) == "a mapping" and describe([]) == "a list"
    assert describe("a" * 40) == "text '" + "a" * 40 + "'"
    assert describe("a" * 41) == "text '" + "a" * 39 + "…'"
    assert describe(7) == "text '7'"


def test_entries_and_values_keep_list_positions() -> None:
    container = {"l": [{"a": 1}, INVALID, "x", {"b": 2}], "v": ["a", INVALID, "c"], "s": "text"}
    assert shape.entries(container, "l") == [(0, {"a": 1}), (3, {"b": 2})]
    assert shape.values(container, "v") == [(0, "a"), (2, "c")]
    assert shape.entries(container, "s") == [] and shape.values(container, "s") == []
    assert shape.entries(container, "none") == [] and shape.values(container, "none") == []


# --------------------------------------------------------------------------- schema.py, through the bundled file


def _resize(items: list[Any], size: int) -> list[Any]:
    return [_copy(items[i % len(items)]) for i in range(size)] if items else ["x"] * size


LIST_BOUNDS = [
    (("points",), 1, None),
    (("points", 0, "facts"), 1, None),
    (("points", 0, "questions"), 3, 6),
    (("drugs", 0, "questions"), 2, 4),
    (("drugs", 0, "card", "lines"), 1, 8),
    (("drugs", 1, "schedule_warning", "references"), 1, None),
    (("beyond", 0, "questions"), 2, 4),
    (("beyond", 0, "references"), 1, None),
    (("quiz",), 12, 30),
    (("quiz", 0, "choices"), 3, 4),
    (("visit", "top3"), 1, 3),
    (("visit", "tips"), 0, 3),
    (("visit", "tips", 0, "items"), 1, None),
    (("meta", "trust"), 1, None),
    (("vocabulary", 0, "words"), 1, None),
    (("vocabulary", 0, "means"), 1, None),
    (("journal_rules", 0, "questions"), 1, None),
    (("journal_rules", 0, "references"), 1, None),
]


def _length_problems(path: tuple[Any, ...], size: int) -> list[str]:
    doc = bundled()
    parent = at(doc, *path[:-1])
    parent[path[-1]] = _resize(parent[path[-1]], size)
    where = path_text(path)
    return [p.message for p in problems(doc) if p.path == where and " item" in p.message]


@pytest.mark.parametrize(("path", "low", "high"), LIST_BOUNDS, ids=[path_text(b[0]) for b in LIST_BOUNDS])
def test_each_list_of_the_format_has_its_length_limits(path: tuple[Any, ...], low: int, high: int | None) -> None:
    assert _length_problems(path, low) == []
    if low:
        plural = "s" if low != 1 else ""
        assert _length_problems(path, low - 1) == [f"needs at least {low} item{plural}"]
    if high is not None:
        assert _length_problems(path, high) == []
        assert _length_problems(path, high + 1) == [f"has {high + 1} items; at most {high} are allowed"]


def test_every_record_of_the_format_is_listed_once_top_level_first() -> None:
    found = records()
    assert found[0] is SCHEMA and len(found) == 24
    assert len({id(r) for r in found}) == 24
    assert sum(r is QUESTION for r in found) == 1
    assert records(ListOf(QUESTION)) == [QUESTION]
    assert records("text") == []


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ((), "schema_version"),
        ((), "meta"),
        ((), "points"),
        ((), "drugs"),
        ((), "terms"),
        ((), "references"),
        (("meta",), "title"),
        (("meta", "source"), "last_modified"),
        (("points", 0), "number"),
        (("points", 0), "slug"),
        (("points", 0), "drugs"),
        (("points", 0), "reviewed"),
        (("points", 0), "next_review"),
        (("drugs", 0), "source_says"),
        (("drugs", 0), "drug_class"),
        (("terms", 0), "definition"),
        (("references", 0), "in_source"),
        (("beyond", 0), "since"),
        (("quiz", 0), "explanation"),
        (("confusables", 0), "looks_like"),
        (("vocabulary", 0), "source"),
        (("vocabulary", 0), "reviewed"),
        (("situations", 0), "description"),
        (("visit",), "safety_net"),
    ],
)
def test_a_required_field_left_out_is_named(path: tuple[Any, ...], key: str) -> None:
    doc = bundled()
    del at(doc, *path)[key]
    assert f"{path_text(path)}: missing required field {key!r}" in said(doc)


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (("points", 0), "notes"),
        (("drugs", 0), "summary"),
        (("drugs", 0), "card"),
        (("drugs", 0), "other_names"),
        (("terms", 0), "aliases"),
        (("references", 0), "url"),
        (("meta",), "trust"),
        (("visit",), "default_situation"),
        ((), "journal_rules"),
        ((), "confusables"),
        ((), "visit"),
        ((), "quiz"),
        ((), "beyond"),
        ((), "vocabulary"),
        ((), "situations"),
    ],
)
def test_an_optional_field_may_be_left_out(path: tuple[Any, ...], key: str) -> None:
    doc = bundled()
    at(doc, *path).pop(key, None)
    assert not [m for m in said(doc) if "missing required field" in m]


def test_brand_statuses_and_name_kinds() -> None:
    assert BRAND_STATUSES == ("current", "ending", "discontinued", "unknown")
    assert NAME_KINDS == ("brand", "spelling", "abbreviation", "other", "typo")
    for status in BRAND_STATUSES:
        doc = bundled()
        other = doc["drugs"][0]["other_names"][0]
        other["status"], other["status_references"] = status, [num(52)]
        assert [m for m in said(doc) if "status" in m and "openFDA" not in m] == [], status
    for kind in NAME_KINDS:
        doc = bundled()
        doc["drugs"][0]["other_names"][0]["kind"] = kind
        assert said(doc) == [], kind
    doc = bundled()
    doc["drugs"][0]["other_names"][0]["kind"] = "nickname"
    doc["drugs"][0]["other_names"][1]["status"] = "retired"
    assert said(doc) == [
        "drugs[0].other_names[0].kind: must be one of brand, spelling, abbreviation, other, typo; got 'nickname'",
        "drugs[0].other_names[1].status: must be one of current, ending, discontinued, unknown; got 'retired'",
    ]


def test_a_journal_score_is_one_the_journal_keeps() -> None:
    doc = bundled()
    doc["journal_rules"][3]["score"] = "mood"
    assert said(doc) == [
        "journal_rules[3]: the condition 'score-rise' needs 'score'",  # the bad score is not kept
        "journal_rules[3].score: must be one of weakness, fatigue, pain, skin, swallowing, sleep, brain-fog, global;"
        " got 'mood'",
    ]
    doc["journal_rules"][3]["score"] = "global"
    assert said(doc) == []


# --------------------------------------------------------------------------- links.py


def test_the_schema_version_is_1() -> None:
    doc = bundled()
    doc["schema_version"] = num(2)
    assert said(doc) == ["schema_version: this dmtx reads schema_version 1, not 2"]
    [problem] = problems(doc)
    assert (problem.line, problem.column) == _MARKS[("schema_version",)]


def test_duplicates_name_where_the_first_was_and_fold_case() -> None:
    checker = Checker({})
    found = [(("a", 0), "Same"), (("a", 1), "other"), (("a", 2), "SAME"), (("a", 3), 5), (("a", 4), 5)]
    links.duplicates(found, "thing", checker)
    assert [(p.path, p.message) for p in checker.problems] == [
        ("a[2]", "duplicate thing 'SAME' (also at a[0])"),
        ("a[4]", "duplicate thing 5 (also at a[3])"),
    ]


DUPLICATES = [
    (("points",), "number", "point number"),
    (("points",), "slug", "slug"),
    (("drugs",), "id", "drug id"),
    (("terms",), "id", "term id"),
    (("references",), "number", "reference"),
    (("quiz",), "id", "quiz id"),
    (("journal_rules",), "id", "journal rule id"),
    (("situations",), "id", "situation id"),
    (("beyond",), "id", "beyond-the-page id"),
    (("points", 0, "facts"), "id", "fact id"),
    (("points", 0, "questions"), "id", "question id"),
    (("journal_rules", 0, "questions"), "id", "question id"),
    (("drugs", 0, "questions"), "id", "question id"),
    (("beyond", 0, "questions"), "id", "question id"),
    (("points", 0, "notes"), "id", "note id"),
    (("drugs",), "name", "drug name"),
    (("drugs", 0, "other_names"), "name", "drug name"),
    (("terms",), "term", "term name"),
]


@pytest.mark.parametrize(("section", "key", "what"), DUPLICATES, ids=[d[2] + " " + path_text(d[0]) for d in DUPLICATES])
def test_an_id_number_or_name_used_twice_is_a_duplicate(section: tuple[Any, ...], key: str, what: str) -> None:
    doc = bundled()
    items = at(doc, *section)
    first = items[0][key]
    items[1][key] = first if key in ("number", "slug") else first.upper()  # ids and names are compared without case
    shown = int(first) if key == "number" else items[1][key]
    where = path_text((*section, 1, key))
    expected = f"{where}: duplicate {what} {shown!r} (also at {path_text((*section, 0, key))})"
    assert expected in said(doc)


def test_names_are_compared_across_drugs_confusables_and_aliases() -> None:
    doc = bundled()
    doc["confusables"][0]["name"] = "Prednisone"
    doc["drugs"][0]["related"] = [{"name": "PREDNISONE", "note": "same"}]
    doc["terms"][1]["aliases"] = [doc["terms"][0]["term"]]
    found = said(doc)
    assert "confusables[0].name: duplicate drug name 'Prednisone' (also at drugs[0].name)" in found
    assert "drugs[0].related[0].name: duplicate drug name 'PREDNISONE' (also at drugs[0].name)" in found
    assert any(m.startswith("terms[1].aliases[0]: duplicate term name") for m in found)


REFERENCES = [
    (("points", 0, "drugs"), "prednisne", "unknown drug 'prednisne' (did you mean 'prednisone'?)"),
    (("points", 0, "terms"), "zzzz", "unknown term 'zzzz'"),
    (("points", 0, "references"), num(9), "no reference 9 from the source page"),
    (("points", 0, "references"), num(999), "no reference 999 from the source page"),
    (("points", 0, "notes", 1, "references"), num(999), "no reference 999"),
    (("points", 0, "notes", 1, "corrects"), "F1.9", "unknown fact 'F1.9' (did you mean 'F1.5'?)"),
    (("drugs", 1, "notes", 0, "references"), num(999), "no reference 999"),
    (("drugs", 0, "facts"), "zzzz", "unknown fact 'zzzz'"),
    (("drugs", 1, "schedule_warning", "references"), num(999), "no reference 999"),
    (("drugs", 1, "other_names", 1, "status_references"), num(999), "no reference 999"),
    (("points", 0, "questions", 0, "facts"), "zzzz", "unknown fact 'zzzz'"),
    (("drugs", 0, "questions", 0, "facts"), "zzzz", "unknown fact 'zzzz'"),
    (("beyond", 0, "questions", 0, "facts"), "zzzz", "unknown fact 'zzzz'"),
    (("points", 0, "questions", 0, "situations"), "zzzz", "unknown situation 'zzzz'"),
    (("drugs", 0, "questions", 0, "situations"), "zzzz", "unknown situation 'zzzz'"),
    (("terms", 0, "see_also"), "zzzz", "unknown term 'zzzz'"),
    (("terms", 0, "note_corrects"), "zzzz", "unknown fact 'zzzz'"),
    (("terms", 0, "references"), num(999), "no reference 999"),
    (("terms", 0, "note_references"), num(999), "no reference 999"),
    (("beyond", 0, "drugs"), "zzzz", "unknown drug 'zzzz'"),
    (("beyond", 0, "references"), num(999), "no reference 999"),
    (("confusables", 0, "references"), num(999), "no reference 999"),
    (("journal_rules", 0, "drugs"), "zzzz", "unknown drug 'zzzz'"),
    (("journal_rules", 0, "references"), num(999), "no reference 999"),
    (("quiz", 0, "facts"), "zzzz", "unknown fact 'zzzz'"),
    (("quiz", 0, "terms"), "zzzz", "unknown term 'zzzz'"),
    (("quiz", 0, "teaches"), "zzzz", "unknown note id 'zzzz'"),
]


@pytest.mark.parametrize(("path", "bad", "message"), REFERENCES, ids=[path_text(r[0]) for r in REFERENCES])
def test_every_link_between_sections_must_resolve(path: tuple[Any, ...], bad: Any, message: str) -> None:
    doc = bundled()
    container = at(doc, *path[:-1])
    links_now = container.setdefault(path[-1], [])
    links_now.append(bad)
    where = path_text((*path, len(links_now) - 1))
    assert f"{where}: {message}" in said(doc)


def test_a_good_link_is_not_reported() -> None:
    doc = bundled()
    doc["points"][0]["drugs"].append("methotrexate")
    doc["points"][0]["references"].append(num(1))
    doc["terms"][0].setdefault("see_also", []).append(doc["terms"][1]["id"])
    assert said(doc) == []


def test_links_into_a_section_with_an_entry_without_its_id_are_not_judged() -> None:
    doc = bundled()
    del doc["drugs"][3]["id"]
    doc["points"][0]["drugs"].append("zzzz")
    found = said(doc)
    assert "drugs[3]: missing required field 'id'" in found
    assert not [m for m in found if "unknown drug" in m]


def test_known_values_of_a_section() -> None:
    doc = {"s": [{"k": 1, "keep": True}, {"k": 2, "keep": False}]}
    assert links.known(doc, "s", "k") == {1, 2}
    assert links.known(doc, "s", "k", keep="keep") == {1}
    assert links.known({"s": [{"k": 1}, {"j": 2}]}, "s", "k") is None
    assert links.known({"s": [{"k": 1}, INVALID]}, "s", "k") is None
    assert links.known({"s": [{"k": 1}]}, "s", "k", keep="keep") is None
    assert links.known({"s": "x"}, "s", "k") is None and links.known({}, "s", "k") is None
    assert links.known({"s": []}, "s", "k") == set()


def test_refs_exist_can_place_the_problem_elsewhere_and_skips_unknown_sections() -> None:
    checker = Checker({})
    links.refs_exist([(0, "x"), (1, "y")], {"y"}, ("p",), "drug", checker, at=("q", "drug"))
    links.refs_exist([(0, "x")], None, ("p",), "drug", checker)
    links.numbers_exist([(0, 3), (1, 4)], {4}, ("n",), checker)
    links.numbers_exist([(0, 3)], None, ("n",), checker)
    assert [(p.path, p.message) for p in checker.problems] == [
        ("q.drug", "unknown drug 'x'"),
        ("n[0]", "no reference 3"),
    ]


def test_a_confusable_names_a_drug_by_one_of_its_names() -> None:
    doc = bundled()
    doc["confusables"][0]["looks_like"] = "CYCLOSPORINE"  # any case
    assert said(doc) == []
    doc["confusables"][0]["looks_like"] = "sandimmune"  # a brand of it
    assert said(doc) == []
    doc["confusables"][0]["looks_like"] = "prednisone"
    assert said(doc) == ["confusables[0].looks_like: 'prednisone' is not a name of drug 'cyclosporine'"]
    doc["confusables"][0]["drug"] = "cyclosporin"
    assert said(doc) == ["confusables[0].drug: unknown drug 'cyclosporin' (did you mean 'cyclosporine'?)"]


@pytest.mark.parametrize(
    ("condition", "needs"),
    [
        ("taking-for-weeks", ["drugs", "weeks"]),
        ("taking-at-least", ["drugs", "min_mg_a_day"]),
        ("score-rise", ["drugs", "score", "rise_points", "rise_days"]),
        ("dose-changed", []),
        ("medicine-started", []),
    ],
)
def test_a_journal_rule_has_what_its_condition_needs(condition: str, needs: list[str]) -> None:
    doc = bundled()
    rule = doc["journal_rules"][0]
    for key in ("drugs", "weeks", "min_mg_a_day", "score", "rise_points", "rise_days"):
        rule.pop(key, None)
    rule["condition"] = condition
    rule["questions"] = [{"id": "jq", "text": "Is this ok?"}]
    expected = [f"journal_rules[0]: the condition {condition!r} needs {key!r}" for key in needs]
    assert [m for m in said(doc) if "needs" in m] == expected


@pytest.mark.parametrize(
    ("condition", "fills"),
    [
        ("taking-for-weeks", ["medicine"]),
        ("taking-at-least", ["medicine"]),
        ("score-rise", ["score", "moved", "cause"]),
        ("dose-changed", ["medicine"]),
        ("medicine-started", ["medicine"]),
    ],
)
def test_a_journal_question_fills_only_what_its_condition_gives(condition: str, fills: list[str]) -> None:
    doc = bundled()
    rule = doc["journal_rules"][0]
    rule["condition"] = condition
    rule["questions"] = [{"id": "jq", "text": " ".join("{" + f + "}" for f in fills) + " {other}?"}]
    allowed = ", ".join("{" + f + "}" for f in fills)
    assert [m for m in said(doc) if "filled" in m] == [
        f"journal_rules[0].questions[0].text: {{other}} is not filled by this condition ({allowed})"
    ]


def test_a_journal_question_of_an_unknown_condition_fills_nothing() -> None:
    checker = Checker({})
    rule = {"condition": "other", "questions": [{"text": "{medicine}?"}, {"text": "No braces?"}]}
    links._journal_rule(rule, ("r",), None, None, checker)
    assert [(p.path, p.message) for p in checker.problems] == [
        ("r.questions[0].text", "{medicine} is not filled by this condition (none)")
    ]


def test_a_quiz_item_names_a_known_point_and_an_answer_among_its_choices() -> None:
    doc = bundled()
    item = doc["quiz"][0]
    item["point"] = num(9)
    item["explanation"] = "Point 9: " + item["explanation"].split(": ", 1)[1]
    item["answer"] = item["choices"][0] + "!"
    item["choices"][2] = item["choices"][1].upper()
    found = said(doc)
    assert "quiz[0].point: no point 9" in found
    assert "quiz[0].answer: the answer must be exactly one of the choices" in found
    assert f"quiz[0].choices[2]: duplicate choice {item['choices'][2]!r} (also at quiz[0].choices[1])" in found


def test_a_default_situation_must_be_listed() -> None:
    doc = bundled()
    doc["visit"]["default_situation"] = "holiday"
    assert said(doc) == ["visit.default_situation: unknown situation 'holiday'"]


def test_without_a_list_of_situations_no_situation_tag_is_known() -> None:
    checker = Checker({})
    doc = {"points": [{"questions": [{"situations": ["a"]}]}], "visit": {"default_situation": "a"}}
    links._situation_tags(doc, checker)
    assert [(p.path, p.message) for p in checker.problems] == [
        ("points[0].questions[0].situations[0]", "unknown situation 'a'"),
        ("visit.default_situation", "unknown situation 'a'"),
    ]
    checker = Checker({})
    links._situation_tags({"situations": [{"title": "no id"}], **doc}, checker)
    assert checker.problems == []


# --------------------------------------------------------------------------- vocabulary.py


def test_a_place_names_a_topic_drug_term_or_beyond_entry() -> None:
    doc = bundled()
    assert vocabulary.place_entry(doc, "topic:4") is doc["points"][3]
    assert vocabulary.place_entry(doc, "drug:ivig") is doc["drugs"][5]
    assert vocabulary.place_entry(doc, f"term:{doc['terms'][2]['id']}") is doc["terms"][2]
    assert vocabulary.place_entry(doc, f"beyond:{doc['beyond'][1]['id']}") is doc["beyond"][1]
    for place in ("topic:99", "topic:", "drugs:ivig", "ivig", "point:4"):
        assert vocabulary.place_entry(doc, place) is None, place


def test_holds_finds_whole_words_in_order_in_one_text() -> None:
    entry = {"title": "Muscle Weakness, slowly", "id": "weak-id", "notes": [{"text": "A blood-test CK"}]}
    assert vocabulary.holds(entry, "muscle weakness")
    assert vocabulary.holds(entry, "blood test")
    assert not vocabulary.holds(entry, "weakness muscle")
    assert not vocabulary.holds(entry, "weak")
    assert not vocabulary.holds(entry, "weak id")  # an id is not a text search reads
    assert not vocabulary.holds(entry, "...")
    assert vocabulary.words_of("Über_all CK-2") == ["über", "all", "ck", "2"]
    # A list of texts under a text key (a term's aliases) is read; a list under another key is not.
    listed = {"aliases": ["creatine kinase", "CPK"], "see_also": ["muscle biopsy"]}
    assert vocabulary.holds(listed, "creatine kinase") and vocabulary.holds(listed, "cpk")
    assert not vocabulary.holds(listed, "muscle biopsy")
    assert not vocabulary.holds(["a top-level text list is not an entry's text"], "text")  # type: ignore[arg-type]


def _vocabulary_doc(*items: dict[str, Any]) -> dict[str, Any]:
    return {
        "points": [{"number": 4, "title": "Other immune drugs", "summary": "Steroid-sparing drugs"}],
        "vocabulary": list(items),
    }


def _vocabulary_problems(doc: dict[str, Any]) -> list[str]:
    checker = Checker({})
    vocabulary.check_vocabulary(doc, checker)
    return [f"{p.path}: {p.message}" for p in checker.problems]


def test_a_vocabulary_entry_leads_to_a_real_place_holding_its_words() -> None:
    good = {"words": ["meds", "pills"], "means": ["drugs", "Immune drugs"], "place": "topic:4"}
    assert _vocabulary_problems(_vocabulary_doc(good)) == []
    assert _vocabulary_problems(_vocabulary_doc({**good, "place": "topic:5"})) == [
        "vocabulary[0].place: no place 'topic:5' (write topic:N, drug:ID, term:ID or beyond:ID)"
    ]
    assert _vocabulary_problems(_vocabulary_doc({**good, "means": ["drugs", "sparing steroid"]})) == [
        "vocabulary[0].means[1]: 'sparing steroid' is not written in topic:4"
    ]


def test_an_everyday_word_is_one_new_word_claimed_once() -> None:
    first = {"words": ["meds", "pills", "meds"], "means": ["drugs"], "place": "topic:4"}
    second = {"words": ["tablets", "Pills", "two words", "Drugs"], "means": ["drugs"], "place": "topic:4"}
    assert _vocabulary_problems(_vocabulary_doc(first, second)) == [
        "vocabulary[1].words[1]: 'Pills' is also in vocabulary entry 1",
        "vocabulary[1].words[2]: 'two words' must be one word (a query is read word by word)",
        "vocabulary[1].words[3]: 'Drugs' is already one of the guide's words here",
    ]
    third = {"words": ["pills", "tablets"], "means": ["drugs"], "place": "topic:4"}
    assert _vocabulary_problems(_vocabulary_doc(first, second, third))[-2:] == [
        "vocabulary[2].words[0]: 'pills' is also in vocabulary entry 1",  # the entry that claimed it first
        "vocabulary[2].words[1]: 'tablets' is also in vocabulary entry 2",
    ]


# --------------------------------------------------------------------------- editorial.py


@pytest.mark.parametrize(
    ("text", "first_person"),
    [
        ("When can I stop?", True),
        ("What is my dose?", True),
        ("Will it help me?", True),
        ("Is the choice mine?", True),
        ("Should I'm worried?", True),
        ("What is my child's dose?", False),
        ("When can my child stop?", False),
        ("When does it stop?", False),
        ("Is this Iron?", False),
        # A capital at the start of a sentence is still the patient speaking; "US" is a country, "i" no pronoun.
        ("My dose feels too high. Is that normal?", True),
        ("Me too?", True),
        ("Mine?", True),
        ("Is it sold in the US?", False),
        ("My child's dose?", False),
    ],
)
def test_speaks_as_patient(text: str, first_person: bool) -> None:
    assert editorial.speaks_as_patient(text) is first_person


def test_every_question_ends_with_a_question_mark() -> None:
    doc = {
        "points": [{"questions": [{"text": "Why?"}, {"text": "Why.", "parent_text": "Why, we ask."}]}],
        "drugs": [{"questions": [{"text": "How"}, {"text": "How?", "parent_text": "How, we ask"}]}],
        "beyond": [{"questions": [{"text": "What"}, {"text": "What?", "parent_text": "Our what"}]}],
        "journal_rules": [
            {"questions": [{"text": "When", "parent_text": "When?"}, {"text": "Ok?", "parent_text": "We"}]}
        ],
        "visit": {"top3": [{"text": "Who"}, {"text": "Ok?", "parent_text": "Our turn"}]},
    }
    assert ruled(editorial._questions_end_with_a_question_mark, doc) == [
        "points[0].questions[1].text: a question must end with '?'",
        "drugs[0].questions[0].text: a question must end with '?'",
        "beyond[0].questions[0].text: a question must end with '?'",
        "journal_rules[0].questions[0].text: a question must end with '?'",
        "points[0].questions[1].parent_text: a question must end with '?'",
        "drugs[0].questions[1].parent_text: a question must end with '?'",
        "beyond[0].questions[1].parent_text: a question must end with '?'",
        "journal_rules[0].questions[1].parent_text: a question must end with '?'",
        "visit.top3[0].text: a question must end with '?'",
        "visit.top3[1].parent_text: a question must end with '?'",
    ]


def test_a_first_person_question_has_a_parents_wording_that_speaks_as_the_parent() -> None:
    doc = {
        "points": [
            {
                "questions": [
                    {"text": "Can I stop?"},
                    {"text": "Can I stop?", "patient": "adult"},
                    {"text": "Can I stop?", "patient": "child"},
                    {"text": "Can I stop?", "parent_text": "Can my child stop?"},
                    {"text": "Can I stop?", "parent_text": "Can we stop?"},
                    {"text": "Can I stop?", "parent_text": "Is our plan ok?"},
                    {"text": "Can I stop?", "parent_text": "Can he stop?"},
                    {"text": "When does it end?"},
                    {"text": "Can I stop?", "parent_text": "My child has a rash. Is it the drug?"},
                    {"text": "Can I stop?", "parent_text": "Our plan, is it ok?"},
                    {"text": "Can I stop?", "parent_text": "We wonder: is it ok?"},
                    {"text": "My dose feels high. Is it ok?"},
                ]
            }
        ],
        "drugs": [{"questions": [{"text": "Can I drink?"}]}],
        "beyond": [{"questions": [{"text": "Will I get better?"}]}],
        "journal_rules": [{"questions": [{"text": "Is my dose ok?"}]}],
        "visit": {"top3": [{"text": "What can I do?"}, {"text": "Ok?", "parent_text": "Ok, whoever?"}]},
    }
    assert ruled(editorial._parents_have_their_own_wording, doc) == [
        "points[0].questions[0].text: a first-person question shown to parents needs a parent_text",
        "points[0].questions[2].text: a first-person question shown to parents needs a parent_text",
        "points[0].questions[6].parent_text: a parent_text speaks as the parent: 'my child', 'we' or 'our'",
        "points[0].questions[11].text: a first-person question shown to parents needs a parent_text",
        "drugs[0].questions[0].text: a first-person question shown to parents needs a parent_text",
        "beyond[0].questions[0].text: a first-person question shown to parents needs a parent_text",
        "journal_rules[0].questions[0].text: a first-person question shown to parents needs a parent_text",
        "visit.top3[0].text: a first-person question shown to parents needs a parent_text",
        "visit.top3[1].parent_text: a parent_text speaks as the parent: 'my child', 'we' or 'our'",
    ]


def test_no_question_or_summary_gives_a_dose_instruction() -> None:
    doc = {
        "points": [
            {"summary": "You Should rest.", "questions": [{"text": "Do I take 10 mg?"}, {"text": "Is 10 mg a lot?"}]},
            {"summary": "Rest helps.", "questions": [{"text": "Ok?", "parent_text": "Should we take 5mg now?"}]},
        ],
        "drugs": [{"questions": [{"text": "What you should know?"}]}],
        "beyond": [{"questions": [{"text": "Can I take 2 mg?"}]}],
        "journal_rules": [
            {
                "questions": [
                    {"text": "Is 5 mg ok?"},
                    {"text": "Is my mg ok?"},
                    {"text": "Fine?"},
                    {"text": "Fine?", "parent_text": "Is 5 mg ok for our child?"},
                ]
            }
        ],
    }
    dose = "no dose instructions: never 'you should' or 'take N mg'"
    assert ruled(editorial._no_dose_advice, doc) == [
        f"points[0].questions[0].text: {dose}",
        f"points[1].questions[0].parent_text: {dose}",
        f"drugs[0].questions[0].text: {dose}",
        f"beyond[0].questions[0].text: {dose}",
        f"points[0].summary: {dose}",
        "journal_rules[0].questions[0].text: a journal question must not name a dose",
        "journal_rules[0].questions[1].text: a journal question must not name a dose",
        "journal_rules[0].questions[3].parent_text: a journal question must not name a dose",
    ]


@pytest.mark.parametrize(
    ("text", "names_a_dose"),
    [("Is 5 mg ok?", True), ("Is 5mg ok?", True), ("Is 2 g ok?", True), ("Is 1 ml ok?", True),
     ("Is 3 milligrams ok?", True), ("Is 40 mcg ok?", True), ("Which MG?", True), ("Is 5 grams ok?", False),
     ("After 2 gaps?", False), ("Is mgmt ok?", False), ("Fine?", False)],
)  # fmt: skip
def test_what_names_a_dose_in_a_journal_question(text: str, names_a_dose: bool) -> None:
    doc = {"journal_rules": [{"questions": [{"text": text}]}]}
    assert bool(ruled(editorial._no_dose_advice, doc)) is names_a_dose


def test_each_point_has_a_question_of_importance_1() -> None:
    doc = {
        "points": [
            {"questions": [{"importance": 2}, {"importance": 1}]},
            {"questions": [{"importance": 2}, {}, {"importance": 3}]},
            {"questions": []},
            {},
        ]
    }
    assert ruled(editorial._each_point_has_a_most_important_question, doc) == [
        "points[1].questions: each point needs a question of importance 1"
    ]


def test_the_facts_of_point_n_are_numbered_fn() -> None:
    doc = {
        "points": [
            {"number": 1, "facts": [{"id": "F1.1"}, {"id": "F10.1"}, {"id": "F2.1"}, {}]},
            {"number": 10, "facts": [{"id": "F10.1"}]},
            {"facts": [{"id": "X"}]},
            {"number": 3, "facts": [{"id": "F4.1"}]},  # after a point without a number: still checked
        ]
    }
    assert ruled(editorial._facts_are_numbered_by_their_point, doc) == [
        "points[0].facts[1].id: a fact of point 1 has an id F1.N",
        "points[0].facts[2].id: a fact of point 1 has an id F1.N",
        "points[3].facts[0].id: a fact of point 3 has an id F3.N",
    ]


def test_a_later_fact_cites_only_sources_the_editors_added() -> None:
    refs = [{"number": 1, "in_source": True}, {"number": 9, "in_source": False}]
    notes = [
        {"text": "Later fact: ok.", "references": [9]},
        {"text": "Later fact: the page's.", "references": [9, 1]},
        {"text": "Safety note: none."},
        {"text": "Editor's note: no rule.", "references": [1]},
        {"text": "A Later fact inside.", "references": []},
    ]
    doc = {
        "references": refs,
        "points": [{"notes": notes}],
        "drugs": [{"notes": [{"text": "Safety note", "references": []}]}],
    }
    found = "cites a source the editors added"
    assert ruled(editorial._later_facts_cite_the_editors_sources, doc) == [
        f"points[0].notes[1].references: a later fact or safety note {found}",
        f"points[0].notes[2].references: a later fact or safety note {found}",
        f"drugs[0].notes[0].references: a later fact or safety note {found}",
    ]


def test_a_source_the_editors_added_has_a_url() -> None:
    doc = {
        "references": [
            {"number": 1, "in_source": True},
            {"number": 2, "in_source": False},
            {"number": 3, "in_source": False, "url": "https://x"},
            {"number": 4},
        ]
    }
    assert ruled(editorial._editors_sources_can_be_found, doc) == [
        "references[1]: a source added by the editors needs a url (a DOI link or web address)"
    ]


def test_beyond_the_page_cites_a_dated_linked_source() -> None:
    doc = {
        "references": [
            {"number": 1},
            {"number": 2, "url": "https://doi.org/10.1/x"},
            {"number": 3, "url": "https://doi.org/10.1/y", "date": "2022"},
            {"number": 4, "url": "www.example.org"},
            {"number": 5, "url": "http://example.org"},
        ],
        "beyond": [
            {"references": [1, 4]},
            {"references": [3, 2]},
            {"references": [5]},
            {"references": [99]},
        ],
    }
    assert ruled(editorial._beyond_the_page_is_cited, doc) == [
        "beyond[0].references: cite at least one source with a link (a DOI or web address)",
        "beyond[1].references[1]: reference 2 is a DOI source: give its date",
    ]


def test_a_drug_not_on_the_page_cites_sources_with_a_url() -> None:
    refs = [{"number": 1}, {"number": 2, "url": "https://x"}]
    drugs = [
        {"on_page": False, "notes": [{"references": [2]}]},
        {"on_page": False, "notes": [{"references": [2, 1]}]},
        {"on_page": False, "notes": [{"text": "no references"}]},
        {"on_page": False},
        {"on_page": True},
        {"notes": []},
        {"on_page": False, "notes": [{"references": [99]}]},
    ]
    message = "a drug not on the page needs notes citing sources with a url"
    assert ruled(editorial._beyond_the_page_is_cited, {"references": refs, "drugs": drugs}) == [
        f"drugs[1].on_page: {message}",
        f"drugs[2].on_page: {message}",
        f"drugs[3].on_page: {message}",
    ]


def test_a_brands_status_is_checked_in_openfda() -> None:
    refs = [{"number": 1, "citation": "openFDA NDC listing"}, {"number": 2, "citation": "A journal"}]
    others = [
        {"status": "current", "status_references": [1]},
        {"status": "ending"},
        {"status": "discontinued", "status_references": []},
        {"status": "unknown"},
        {"status": "current", "status_references": [1, 2, 99]},
        {},
    ]
    assert ruled(editorial._brand_status_is_sourced, {"references": refs, "drugs": [{"other_names": others}]}) == [
        "drugs[0].other_names[1].status: a brand's status needs status_references: where was it checked?",
        "drugs[0].other_names[2].status: a brand's status needs status_references: where was it checked?",
        "drugs[0].other_names[4].status_references[1]: a brand's status is checked in openFDA",
    ]


def test_questions_are_tagged_with_situations_only_when_the_file_lists_them() -> None:
    points: list[Any] = [{"questions": [{"situations": ["a"]}, {"situations": []}, {}]}]
    drugs: list[Any] = [{"questions": [{}]}]
    beyond: list[Any] = [{"questions": [{}]}]
    assert ruled(editorial._questions_fit_a_kind_of_visit, {"points": points, "drugs": drugs, "beyond": beyond}) == []
    doc = {"situations": [], "points": points, "drugs": drugs, "beyond": beyond}
    assert ruled(editorial._questions_fit_a_kind_of_visit, doc) == [
        "points[0].questions[1].situations: tag each question with the situations it fits",
        "points[0].questions[2].situations: tag each question with the situations it fits",
        "drugs[0].questions[0].situations: tag each question with the situations it fits",
    ]


def test_a_schedule_warning_is_for_two_days_or_more() -> None:
    drugs = [
        {"schedule_warning": {"min_days": 1}},
        {"schedule_warning": {"min_days": 2}},
        {"schedule_warning": {"min_days": 0}},
        {"schedule_warning": {}},
        {"schedule_warning": INVALID},
    ]
    message = "min_days must be 2 or more (once a day is never too often to warn)"
    assert ruled(editorial._schedule_warning_is_for_longer_gaps, {"drugs": drugs}) == [
        f"drugs[0].schedule_warning.min_days: {message}",
        f"drugs[2].schedule_warning.min_days: {message}",
    ]


def test_a_quiz_item_rests_on_what_holds_and_drills_no_dose() -> None:
    doc = {
        "points": [{"notes": [{"corrects": ["F1.3"]}]}],
        "terms": [{"note_corrects": ["F2.1"]}],
        "quiz": [
            {"point": 1, "question": "Q", "explanation": "Point 1: yes", "facts": ["F1.1", "F1.3", "F2.1"]},
            {"point": 2, "question": "Q", "explanation": "Point 2: yes", "teaches": ["E1"]},
            {"point": 3, "question": "Q", "explanation": "Point 3: yes", "terms": ["ck"]},
            {"point": 4, "question": "Q", "explanation": "point 4: yes", "facts": []},
            {"question": "How many MG?", "choices": ["10", "a reference", "References", "none"], "explanation": "x"},
        ],
    }
    assert ruled(editorial._quiz_teaches_what_holds, doc) == [
        "quiz[0].facts[1]: the answer rests on F1.3, which an editor's note corrects",
        "quiz[0].facts[2]: the answer rests on F2.1, which an editor's note corrects",
        "quiz[3]: tag what the answer rests on: facts, teaches (a note id) or terms",
        "quiz[3].explanation: the explanation starts with 'Point 4:'",
        "quiz[4]: tag what the answer rests on: facts, teaches (a note id) or terms",
        "quiz[4].question: a quiz never drills a dose (mg) or a reference number",
        "quiz[4].choices[1]: a quiz never drills a dose (mg) or a reference number",
        "quiz[4].choices[2]: a quiz never drills a dose (mg) or a reference number",
    ]


def test_the_quiz_asks_about_every_point() -> None:
    points = [{"number": 1}, {"number": 2}, {"number": 3}, {}]
    assert ruled(editorial._quiz_covers_every_point, {"points": points, "quiz": [{"point": 1}, {"point": 3}]}) == [
        "quiz: the quiz needs a question on every point; none on point 2"
    ]
    assert ruled(editorial._quiz_covers_every_point, {"points": points, "quiz": [{"point": 2}]}) == [
        "quiz: the quiz needs a question on every point; none on point 1, 3"
    ]
    assert ruled(editorial._quiz_covers_every_point, {"points": points, "quiz": [{"point": 2}, {}]}) == []
    assert ruled(editorial._quiz_covers_every_point, {"points": points}) == []


@pytest.mark.parametrize("section", ["points", "drugs", "terms", "beyond"])
def test_the_next_review_comes_after_the_last(section: str) -> None:
    entries = [
        {"reviewed": "2026-12-02", "next_review": "2026-12-02"},
        {"reviewed": "2026-12-02", "next_review": "2026-12-03"},
        {"reviewed": "2026-12-02", "next_review": "2026-01-01"},
        {"reviewed": "2026-12-02"},
    ]
    assert ruled(editorial._next_review_comes_after_the_review, {section: entries}) == [
        f"{section}[0].next_review: the next review (2026-12-02) must come after the last (2026-12-02)",
        f"{section}[2].next_review: the next review (2026-01-01) must come after the last (2026-12-02)",
    ]


def test_an_entry_is_due_for_review_the_day_after_its_date() -> None:
    doc = {
        "points": [
            {"number": 3, "next_review": "2027-12-02"},
            {"next_review": "2027-12-01"},
            {"next_review": "2027-12-03"},
        ],
        "drugs": [{"id": "ivig", "next_review": "2027-01-01"}],
        "terms": [{"id": "ck"}],
        "beyond": [{"id": "b1", "next_review": "2027-12-01"}],
    }
    checker = Checker({})
    editorial.check_reviews_due(doc, checker, "2027-12-02")
    assert [f"{p.path}: {p.message}" for p in checker.problems] == [
        "points[1].next_review: point 2 was due for review on 2027-12-01, before 2027-12-02: check it again,"
        " then stamp new dates",
        "drugs[0].next_review: ivig was due for review on 2027-01-01, before 2027-12-02: check it again,"
        " then stamp new dates",
        "beyond[0].next_review: b1 was due for review on 2027-12-01, before 2027-12-02: check it again,"
        " then stamp new dates",
    ]


def test_reviews_due_are_judged_only_when_a_day_is_given() -> None:
    doc = bundled()
    assert problems(doc, today="2027-12-02") == []
    found = problems(doc, today="2027-12-03")
    assert found and found == sorted(found, key=lambda p: (p.line, p.column))
    assert "points[0].next_review: point 1 was due for review on 2027-12-02, before 2027-12-03: check it again," in (
        f"{found[0].path}: {found[0].message}"
    )
    assert (found[0].line, found[0].column) == _MARKS[("points", 0, "next_review")]
    assert problems(doc) == []


def test_a_rule_problem_in_the_bundled_file_is_placed_on_its_line() -> None:
    doc = bundled()
    doc["drugs"][1]["schedule_warning"]["min_days"] = num(1)
    [problem] = problems(doc)
    assert problem.path == "drugs[1].schedule_warning.min_days"
    assert (problem.line, problem.column) == _MARKS[("drugs", 1, "schedule_warning", "min_days")]
    doc["drugs"][1]["schedule_warning"]["min_days"] = num(2)
    assert problems(doc) == []


# --------------------------------------------------------------------------- how the YAML parser's failures are worded


class _FailingLoader:
    """Stands in for PyYAML's loader: composing raises what the test chose."""

    error: BaseException = RuntimeError()

    def __init__(self, _text: str) -> None:
        pass

    def get_single_node(self) -> None:
        raise self.error

    def dispose(self) -> None:
        pass


def composed_with(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> KnowledgeError:
    import yaml

    from dmtx.knowledge import yamlread

    failing = type("Failing", (_FailingLoader,), {"error": error})
    monkeypatch.setattr(yaml, "CSafeLoader", failing, raising=False)
    with pytest.raises(KnowledgeError) as caught:
        yamlread._compose("a: 1\n", "my.yaml")
    return caught.value


def test_the_parsers_failures_name_the_file_and_say_what_went_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    deep = composed_with(monkeypatch, RecursionError())
    assert deep.file == "my.yaml"
    assert [(p.path, p.message) for p in deep.problems] == [("", "not valid YAML: nested too deeply")]
    other = composed_with(monkeypatch, yaml.YAMLError("odd thing"))
    assert other.file == "my.yaml"
    assert [(p.path, p.message) for p in other.problems] == [("", "not valid YAML: odd thing")]
    bare = composed_with(monkeypatch, yaml.MarkedYAMLError())
    assert bare.file == "my.yaml"
    assert [(p.message, p.line, p.column) for p in bare.problems] == [("not valid YAML: not valid YAML", 1, 1)]
    reader = composed_with(monkeypatch, yaml.reader.ReaderError("my.yaml", 3, "x", "utf-8", "bad"))
    assert reader.problems[0].message == "not valid YAML: a character is not allowed here"


def test_a_character_yaml_refuses_is_placed_on_its_own_line_and_column() -> None:
    found = refused("a: 1\nb: 2\nc: x\x07y\n")
    assert [(p.line, p.column) for p in found] == [(3, 5)]
    assert found[0].message == "not valid YAML: character U+0007 is not allowed here"


def test_a_huge_file_says_its_size_in_mib(tmp_path: Path) -> None:
    from dmtx.knowledge import yamlread

    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: nothing is written
    with pytest.raises(KnowledgeError) as caught:
        yamlread.read_bytes(path)
    assert caught.value.file == str(path)
    assert caught.value.problems[0].message == "file is too large (100.0 MiB; the limit is 8 MiB)"


def test_bad_utf8_names_the_file(tmp_path: Path) -> None:
    from dmtx.knowledge import yamlread

    with pytest.raises(KnowledgeError) as caught:
        yamlread.decode_text(b"a: \xff\n", "mine.yaml")
    assert caught.value.file == "mine.yaml"
    assert (caught.value.problems[0].line, caught.value.problems[0].column) == (1, 4)


def test_every_parse_failure_names_the_file() -> None:
    for data in (b"", b"  \n", b"# only a comment\n", b"a: [1\n", b"\xff"):
        with pytest.raises(KnowledgeError) as caught:
            parse_yaml(data, "named.yaml")
        assert caught.value.file == "named.yaml", data
    with pytest.raises(KnowledgeError) as caught:
        parse_yaml(b"# only a comment\n", "named.yaml")
    assert [p.message for p in caught.value.problems] == ["the file holds no YAML document"]


def test_a_reader_that_runs_out_of_stack_says_nested_too_deeply(monkeypatch: pytest.MonkeyPatch) -> None:
    from dmtx.knowledge import yamlread

    def too_deep(self: object, node: object, path: tuple[object, ...] = (), depth: int = 0) -> object:
        raise RecursionError

    monkeypatch.setattr(yamlread._TreeReader, "read", too_deep)
    with pytest.raises(KnowledgeError) as caught:
        parse_yaml(b"a: 1\n", "deep.yaml")
    assert caught.value.file == "deep.yaml"
    assert [(p.path, p.message) for p in caught.value.problems] == [("", "nested too deeply")]


def test_a_duplicate_key_is_reported_and_the_keys_after_it_are_still_read() -> None:
    value, _, found = parse_yaml(b"a: 1\na: 2\nb: 3\nb: 4\nc: 5\n", NAME)
    assert list(value) == ["a", "b", "c"]
    assert [p.message for p in found] == [
        "duplicate key 'a' (YAML would silently keep only the last)",
        "duplicate key 'b' (YAML would silently keep only the last)",
    ]


# --------------------------------------------------------------------------- load: the cache path really used


def test_a_second_load_of_the_same_file_is_served_from_the_cache_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """load() falls back to validating the file when a cache entry is unusable, so a broken cache path
    would only cost time and no output would show it: count the parses instead."""
    import gc

    from dmtx.knowledge import load

    # A cache folder of its own (conftest gives the whole run one), and bytes no other test has cached.
    monkeypatch.setenv("DMTX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DMTX_NO_CACHE", raising=False)
    data = tmp_path / "g.yaml"
    data.write_bytes(Path(BUNDLED).read_bytes() + f"# {tmp_path}\n".encode())
    parses: list[str] = []
    real_parse = dmtx.knowledge.parse_yaml

    def counting(raw: bytes, name: str) -> Any:
        parses.append(name)
        return real_parse(raw, name)

    monkeypatch.setattr(dmtx.knowledge, "parse_yaml", counting)
    first = load(str(data))
    assert parses == [str(data)] and gc.isenabled()  # validated once, the collector turned back on
    second = load(str(data))
    assert parses == [str(data)], "the second load parsed the file again: the cache was not used"
    assert second == first and second.origin == str(data)
    assert load(str(data), use_cache=False) == first and len(parses) == 2


def test_validating_bytes_names_the_file_and_keeps_the_readers_problems(tmp_path: Path) -> None:
    """The YAML reader's own problems (a duplicate key) reach the report, each with the file's name."""
    from dmtx.knowledge import validated_document

    text = Path(BUNDLED).read_text(encoding="utf-8").replace("meta:\n", 'meta:\n  disclaimer: "x"\n', 1)
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        validated_document(path)
    assert caught.value.file == str(path)
    assert any(p.message.startswith("duplicate key 'disclaimer'") for p in caught.value.problems)
    broken = tmp_path / "broken.yaml"
    broken.write_text("meta: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as unparsed:
        validated_document(broken)
    assert unparsed.value.file == str(broken)

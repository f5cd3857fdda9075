"""Hostile files and odd input: a clear sentence, the documented exit code, never a traceback."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BUNDLED, ROOT, Dmtx, Result, assert_clean_error, run_process

GOOD = BUNDLED.read_text(encoding="utf-8")


def laughs() -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return text


def swap(old: str, new: str) -> Callable[[], str]:
    def make() -> str:
        assert old in GOOD, old
        return GOOD.replace(old, new, 1)

    return make


# name -> (file text or bytes, phrase expected on stderr)
BAD_FILES: dict[str, tuple[Callable[[], str | bytes], str]] = {
    "not-yaml": (lambda: "a: [1, 2\nb: {", "not valid YAML"),
    "empty": (lambda: "", "the file is empty"),
    "only-blank-lines": (lambda: "  \n\n\t\n", "empty"),
    "only-comments": (lambda: "# nothing here\n", "no YAML document"),
    "list-at-top": (lambda: "- a\n- b\n", "top level must be a mapping of sections, not a list"),
    "text-at-top": (lambda: "hello\n", "top level must be a mapping of sections, not text"),
    "missing-meta": (lambda: GOOD.replace("meta:", "metadata:", 1), "missing required field 'meta'"),
    "points-not-a-list": (swap("points:\n  - number: 1", 'points: "many"\nunused:\n  - number: 1'), "must be a list"),
    "yes-as-title": (swap('title: "Prednisone, the usual drug of choice"', "title: yes"), "yes/no value"),
    "no-as-slug": (swap('slug: "stopping"', "slug: no"), "yes/no value"),
    "on-as-text": (swap('text: "The page says it is expensive."', "text: on"), "yes/no value"),
    "octal-number": (swap("number: 2\n", "number: 010\n"), "whole number"),
    "float-number": (swap("number: 2\n", "number: 2.5\n"), "whole number"),
    "impossible-date": (swap('reviewed: "2026-12-02"', "reviewed: 2026-02-30"), "real date"),
    "unquoted-date-as-text": (
        swap('title: "Stopping prednisone: adults and children differ"', "title: 2024-01-01"),
        "would be read as a date",
    ),
    "empty-required-text": (swap('summary: "IVIG is a medicine', 'summary:\n    unused: "IVIG was'), "must be text"),
    "null-title": (swap('title: "IVIG: antibodies given by drip into a vein"', "title: ~"), "empty value"),
    "duplicate-key": (swap('    slug: "ivig"\n', '    slug: "ivig"\n    slug: "ivig2"\n'), "duplicate key 'slug'"),
    "unknown-key-typo": (swap('    summary: "IVIG is a medicine', '    sumary: "IVIG was'), "unknown key 'sumary'"),
    "wrong-type-list-for-text": (
        swap('title: "IVIG: antibodies given by drip into a vein"', "title: [a, b]"),
        "must be text",
    ),
    "wrong-type-map-for-list": (swap('drugs: ["ivig"]', "drugs: {a: b}"), "must be a list"),
    "billion-laughs": (laughs, "anchors and aliases"),
    "self-referencing-alias": (lambda: "a: &a [*a]\n", "anchors and aliases"),
    "deep-flow-nesting": (lambda: "a: " + "[" * 5000 + "]" * 5000 + "\n", "nesting depth"),
    "deep-block-nesting": (
        lambda: "".join("  " * i + f"k{i}:\n" for i in range(1100)) + "  " * 1100 + "x\n",
        "nesting depth",
    ),
    "fifty-megabytes": (lambda: b"# " + b"x" * (50 * 1024 * 1024) + b"\n", "too large"),
    "latin-1-bytes": (lambda: GOOD.replace("Gammagard", "Gammagard\u00e9").encode("latin-1", "replace"), "not UTF-8"),
    "python-object-tag": (lambda: "a: !!python/object:os.system ls\n", "YAML tags"),
    "python-name-tag": (swap('slug: "cancer"', "slug: !!python/name:os.system"), "YAML tags"),
    "binary-tag": (swap('slug: "cancer"', "slug: !!binary aGVsbG8="), "YAML tags"),
    "explicit-int-tag-on-text": (swap('slug: "cancer"', 'slug: !!int "5"'), "YAML tags"),
    "merge-key": (lambda: "base: &b {x: 1}\nother:\n  <<: *b\n", "merge keys"),
    "control-character": (lambda: "a: b\x07c\n", "U+0007"),
    "unknown-drug": (swap('drugs: ["methotrexate", ', 'drugs: ["metotrexate", '), "unknown drug 'metotrexate'"),
    "unknown-term": (swap('terms: ["remission", ', 'terms: ["remision", '), "unknown term 'remision'"),
    "unknown-reference": (swap("references: [5]", "references: [99]"), "no reference 99"),
    "quiz-answer-not-a-choice": (lambda: _quiz_answer_broken(), "answer must be exactly one of the choices"),
    "duplicate-slug": (swap('slug: "cancer"', 'slug: "ivig"'), "duplicate slug 'ivig'"),
    # A brand of prednisone renamed to azathioprine's brand, in other letter case: one name, two drugs.
    "duplicate-drug-name": (swap('name: "Deltasone"', 'name: "IMURAN"'), "duplicate drug name 'Imuran'"),
    "question-without-mark": (
        swap('"Do I need tests to look for a hidden cancer?"', '"Tests for cancer"'),
        "must end with '?'",
    ),
    "newer-schema": (swap("schema_version: 1", "schema_version: 2"), "schema_version 1, not 2"),
    "bad-slug": (swap('slug: "cancer"', 'slug: "Cancer Point"'), "not a valid slug"),
    "importance-out-of-range": (swap("importance: 3", "importance: 9"), "from 1 to 3"),
    "bad-patient": (swap('patient: "adult"', 'patient: "teen"'), "must be one of adult, child"),
}


def _quiz_answer_broken() -> str:
    import re

    match = re.search(r'answer: "([^"]+)"', GOOD)
    assert match
    return GOOD.replace(match.group(0), 'answer: "none of these"', 1)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_knowledge_file_is_exit_3_with_a_located_message(dmtx: Dmtx, tmp_path: Path, name: str) -> None:
    make, phrase = BAD_FILES[name]
    content = make()
    path = tmp_path / f"{name}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = dmtx("--data", str(path), "topics")
    assert_clean_error(result, 3, "invalid knowledge file", str(path))
    assert result.stdout == ""
    validated = dmtx("validate", "--today", "2027-06-01", str(path))
    assert validated.exit_code == 3
    assert phrase.lower() in validated.stdout.lower(), (phrase, validated.stdout)
    assert all(line.startswith(f"{path}:") for line in validated.stdout.splitlines())
    assert "Traceback" not in validated.stdout + validated.stderr


# Files built to make a parser hang or eat memory. How fast and how small dmtx stays on them is
# measured in benchmarks/badinput.py; here a real process must finish (a generous timeout is
# the hang guard) with the clean refusal.
HOSTILE_FILES = [
    "billion-laughs",
    "self-referencing-alias",
    "deep-flow-nesting",
    "deep-block-nesting",
    "fifty-megabytes",
]


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_hostile_file_is_refused_by_a_real_process(tmp_path: Path, name: str) -> None:
    make, phrase = BAD_FILES[name]
    content = make()
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run_process("--data", str(path), "topics", env={"DMTX_NO_CACHE": "1"}, timeout=120)
    assert_clean_error(result, 3, "invalid knowledge file", str(path))
    assert result.stdout == ""
    validated = run_process("validate", "--today", "2027-06-01", str(path), timeout=120)
    assert validated.exit_code == 3 and phrase.lower() in validated.stdout.lower(), validated.stdout


def test_byte_order_mark_is_accepted(dmtx: Dmtx, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    result = dmtx("validate", "--today", "2027-06-01", str(path))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith(f"OK {path}: 6 points")


@pytest.mark.parametrize(
    ("name", "path", "phrase"),
    [
        ("directory", "{tmp}", "this is a folder"),
        ("missing", "{tmp}/none.yaml", "no such file"),
        ("fifo", "{tmp}/pipe", "not a regular file"),
    ],
)
def test_unusable_paths(dmtx: Dmtx, tmp_path: Path, name: str, path: str, phrase: str) -> None:
    os.mkfifo(tmp_path / "pipe")
    target = path.format(tmp=tmp_path)
    assert_clean_error(dmtx("--data", target, "topics"), 3, phrase)
    assert_clean_error(dmtx("topics", env={"DMTX_DATA": target}), 3, phrase)


def test_unreadable_file(dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text(GOOD, encoding="utf-8")
    real_open = builtins.open

    def refuse(file: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if file == str(path) or file == path:  # the tests run as root, where chmod 000 would not stop a read
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", refuse)
    assert_clean_error(dmtx("--data", str(path), "topics"), 3, "permission denied")


# --------------------------------------------------------------------------- arguments

LONG = "x" * 100_000

BAD_ARGUMENTS: dict[str, tuple[list[str], int, str]] = {
    "empty-drug": (["drug", ""], 2, "empty"),
    "blank-drug": (["drug", "   \t "], 2, "empty"),
    "empty-term": (["term", ""], 2, "empty"),
    "empty-search": (["search", ""], 2, "empty"),
    "punctuation-only-search": (["search", "..."], 2, "at least one word"),
    "empty-topic": (["topic", " "], 2, "empty"),
    "long-drug": (["drug", LONG], 2, "too long"),
    "long-search": (["search", LONG], 2, "too long"),
    "long-term": (["term", LONG], 2, "too long"),
    "long-own-question": (["checklist", "-a", LONG], 2, "too long"),
    "long-name": (["checklist", "--name", LONG], 2, "too long"),
    "empty-own-question": (["checklist", "-a", ""], 2, "empty"),
    "unknown-option": (["topics", "--colour"], 2, "no such option"),
    "unknown-command": (["prescribe"], 2, "no such command"),
    "missing-argument": (["term"], 2, "missing argument"),
    "extra-argument": (["references", "extra"], 2, "unexpected extra argument"),
    "limit-not-a-number": (["checklist", "--limit", "two"], 2, "'two' is not a valid"),
    "negative-space": (["checklist", "--space", "-1"], 2, "-1"),
    "empty-data-path": (["--data", "", "topics"], 2, "empty"),
    "bad-format": (["checklist", "--format", "docx"], 2, "docx"),
    "bad-visit-date": (["checklist", "--visit-date", "31/12/2026"], 2, "YYYY-MM-DD"),
    "topic-zero": (["topic", "0"], 1, "no topic '0'"),
    "emoji-drug": (["drug", "\U0001f48a"], 1, "no drug called"),
    "right-to-left-override": (["drug", "\u202enarumi"], 1, "\\u202e"),
    "hebrew-term": (["term", "\u05e8\u05e4\u05d5\u05d0\u05d4"], 1, "not in the glossary"),
    "markup-drug": (["drug", "[bold]x[/]"], 1, "[bold]x[/]"),
    "escape-sequence-search": (["search", "\x1b[2Jzzz"], 1, "\\x1b[2jzzz"),
}


@pytest.mark.parametrize("name", sorted(BAD_ARGUMENTS))
def test_bad_arguments(dmtx: Dmtx, name: str) -> None:
    args, code, phrase = BAD_ARGUMENTS[name]
    result = dmtx(*args)
    assert_clean_error(result, code, phrase)
    assert "\x1b" not in result.stderr


def test_catalogue_is_large_enough() -> None:
    assert len(BAD_FILES) + len(BAD_ARGUMENTS) >= 40


def test_options_given_twice_last_one_wins(dmtx: Dmtx, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(GOOD.replace("Prednisone, the usual drug of choice", "Second file"), encoding="utf-8")
    result = dmtx("--data", str(tmp_path / "missing.yaml"), "--data", str(other), "topics")
    assert result.exit_code == 0 and "Second file" in result.stdout
    out = dmtx("checklist", "--visit-date", "2026-01-01", "--visit-date", "2026-12-01", "-t", "1").stdout
    assert "Visit date: 2026-12-01" in out


@pytest.mark.parametrize("typed", ["\u00cdmur\u00e1n", "imuran\u00a0", "\u2003Imuran", "Imu\u0301ran"])
def test_accents_and_odd_spaces_still_find(dmtx: Dmtx, typed: str) -> None:
    result = dmtx("drug", typed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "azathioprine"
    assert "Imuran is a brand name" in " ".join(result.stdout.split())


def test_non_utf8_argument_bytes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", "drug", b"imur\xffan"],
        capture_output=True,
        timeout=30,
        env={**os.environ, "TERM": "dumb"},
    )
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert b"\\udcff" in done.stderr


# --------------------------------------------------------------------------- terminals


@pytest.mark.parametrize("columns", ["20", "33", "300"])
def test_widths_from_20_to_300(dmtx: Dmtx, columns: str) -> None:
    for args in (["topic", "1"], ["checklist", "-t", "1"], ["search", "dose"], ["drug", "ivig"]):
        out = dmtx(*args, env={"COLUMNS": columns}).stdout
        width = max(len(line) for line in out.splitlines())
        assert width <= max(int(columns), 20), (args, width)


@pytest.mark.parametrize("args", [["topic", "1"], ["drug", "Ímurán"], ["references"], ["checklist", "-t", "6"]])
def test_ascii_output_encoding_never_fails(args: list[str]) -> None:
    result: Result = run_process(*args, env={"PYTHONIOENCODING": "ascii"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.isascii() and "UnicodeEncodeError" not in result.stderr


def test_ascii_error_output() -> None:
    result = run_process("drug", "caf\u00e9\u2014x", env={"PYTHONIOENCODING": "ascii"})
    assert result.exit_code == 1
    assert result.stderr.isascii() and "cafe-x" in result.stderr


@pytest.mark.parametrize("setting", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_colour_settings_on_a_real_terminal(setting: dict[str, str]) -> None:
    import pexpect

    env = {"TERM": "xterm-256color", "PATH": "/usr/bin:/bin", "PAGER": "cat", **setting}
    child = pexpect.spawn(sys.executable, ["-m", "dmtx", "drug", "ivig"], env=env, encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    assert "\x1b[" not in child.before and "╭" not in child.before
    assert "intravenous immunoglobulin" in child.before


@pytest.mark.parametrize(
    "args",
    [["topics"], ["references"], ["checklist"], ["terms"], ["--no-color", "topics"], ["checklist", "-f", "markdown"]],
    ids=" ".join,
)
def test_closed_pipe_for_every_listing(args: list[str]) -> None:
    # The reader is gone before dmtx writes a byte, so the first write meets a closed pipe.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dmtx", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=30,
            cwd=ROOT,
            env={**os.environ, "TERM": "dumb"},
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, ""), args


def test_validate_reports_field_and_link_problems_together(dmtx: Dmtx, tmp_path: Path) -> None:
    text = GOOD.replace('    summary: "IVIG is a medicine', '    sumary: "IVIG was', 1).replace(
        'drugs: ["ivig"]', 'drugs: ["ivg"]', 1
    )
    text = text.replace('title: "Stopping prednisone: adults and children differ"', "title: no", 1)
    path = tmp_path / "class.yaml"
    path.write_text(text, encoding="utf-8")
    result = dmtx("validate", "--today", "2027-06-01", str(path))
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert any("points[1].title: 'no' would be read as a yes/no value" in line for line in lines)
    assert any("points[5].sumary: unknown key 'sumary' (did you mean 'summary'?)" in line for line in lines)
    assert any("points[5]: missing required field 'summary'" in line for line in lines)
    assert any("points[5].drugs[0]: unknown drug 'ivg' (did you mean 'ivig'?)" in line for line in lines)
    assert result.stderr == f"dmtx: 4 problems in {path}.\n"


def test_an_invalid_key_field_does_not_cause_false_link_errors(dmtx: Dmtx, tmp_path: Path) -> None:
    path = tmp_path / "class.yaml"
    path.write_text(GOOD.replace('  - id: "ivig"\n    name:', '  - id: "IVIG drug!"\n    name:', 1), encoding="utf-8")
    result = dmtx("validate", "--today", "2027-06-01", str(path))
    assert result.exit_code == 3
    assert "not a valid id" in result.stdout
    assert "unknown drug" not in result.stdout

"""Printed quizzes: a handout in text, markdown or html (no answers), the teacher's sheet with --answers, files."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dmtx.classroom.quiz import select_items
from dmtx.document.quiz import answer_letter
from dmtx.knowledge import load

from conftest import Dmtx, assert_clean_error

KNOWLEDGE = load()
ITEMS = select_items(KNOWLEDGE, count=4, seed=5)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_handout_has_every_question_and_choice_but_no_answer(dmtx: Dmtx, fmt: str) -> None:
    result = dmtx("quiz", "--format", fmt, "--seed", "5", "--count", "4")
    assert result.exit_code == 0, result.stderr
    out = " ".join(parsed(result.stdout).text) if fmt == "html" else result.stdout
    out = " ".join(out.split())  # a long choice wraps onto two lines in text
    for item in ITEMS:
        assert item.question in out
        for choice in item.choices:
            assert choice in out
        assert item.explanation not in out
    assert "<- answer" not in out and not re.search(r"Answer: [A-F]\.", out)
    assert KNOWLEDGE.meta.disclaimer in " ".join(out.split())
    assert "last modified 2014-08-18" in out


def test_html_handout_is_printable_self_contained_with_answer_lines(dmtx: Dmtx) -> None:
    html = dmtx("quiz", "--format", "html", "--count", "3").stdout
    page = parsed(html)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert "default-src 'none'" in html and "@page" in html
    assert html.count('class="answer-line"') == 3
    assert html.count('class="box"') == sum(len(i.choices) for i in select_items(KNOWLEDGE, count=3))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_answers_gives_the_teachers_sheet_in_any_format(dmtx: Dmtx, fmt: str) -> None:
    result = dmtx("quiz", "--answers", "--format", fmt, "--seed", "5", "--count", "4")
    assert result.exit_code == 0, result.stderr
    out = " ".join((" ".join(parsed(result.stdout).text) if fmt == "html" else result.stdout).split())
    for item in ITEMS:
        assert f"Answer: {answer_letter(item)}. {item.answer}" in out
        assert " ".join(item.explanation.split()) in out
    assert KNOWLEDGE.meta.disclaimer in out


@pytest.mark.parametrize(("name", "start"), [("q.txt", "Quiz: "), ("q.md", "# Quiz: "), ("q.html", "<!DOCTYPE html>")])
def test_output_file_format_from_extension(dmtx: Dmtx, tmp_path: Path, name: str, start: str) -> None:
    target = tmp_path / name
    result = dmtx("quiz", "-o", str(target), "--count", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"Wrote {target}" in result.stderr and "handout" in result.stderr
    assert target.read_text(encoding="utf-8").startswith(start)


def test_output_is_not_overwritten_without_force(dmtx: Dmtx, tmp_path: Path) -> None:
    target = tmp_path / "key.md"
    target.write_text("mine", encoding="utf-8")
    assert_clean_error(dmtx("quiz", "--answers", "-o", str(target)), 4, "already exists", "--force")
    assert target.read_text(encoding="utf-8") == "mine"
    assert dmtx("quiz", "--answers", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Quiz answer sheet")


def test_format_contradicting_the_file_name_is_a_usage_error(dmtx: Dmtx, tmp_path: Path) -> None:
    assert_clean_error(dmtx("quiz", "--format", "html", "-o", str(tmp_path / "q.md")), 2, "does not match")


def test_markdown_handout_blanks_are_plain_underscores(dmtx: Dmtx) -> None:
    out = dmtx("quiz", "--format", "markdown", "--count", "1").stdout
    assert "\\_" not in out
    assert "Name: `____________________`   Date: `____________`" in out

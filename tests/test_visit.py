"""Issue #15: a checklist for the kind of visit, My top 3 first, tips, a pager, plain output for screen readers."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from pathlib import Path

import pexpect
import pytest
from markdown_it import MarkdownIt

from dmtx.knowledge import load

from conftest import BUNDLED, ROOT, Dmtx, assert_clean_error

KNOWLEDGE = load()
ASSERT_VISIT = KNOWLEDGE.visit
assert ASSERT_VISIT is not None
VISIT = ASSERT_VISIT
SAFETY_NET = "Ask: what should I do if it gets worse, and whom do I call?"
BOX_DRAWING = re.compile("[\u2500-\u257f]")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def checklist_json(dmtx: Dmtx, *args: str) -> dict[str, object]:
    result = dmtx("checklist", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def section_ids(data: dict[str, object]) -> list[str]:
    sections = data["sections"]
    assert isinstance(sections, list)
    return [q["id"] for s in sections for q in s["questions"]]


# --------------------------------------------------------------------------- situations


def test_every_question_in_the_file_is_tagged_with_known_situations() -> None:
    known = {s.id for s in KNOWLEDGE.situations}
    assert len(known) == 7
    for question in [q for p in KNOWLEDGE.topics for q in p.questions] + [
        q for d in KNOWLEDGE.drugs for q in d.questions
    ]:
        assert question.situations, question.id
        assert set(question.situations) <= known, question.id


@pytest.mark.parametrize("situation", [s.id for s in KNOWLEDGE.situations])
def test_each_situation_changes_the_questions(dmtx: Dmtx, situation: str) -> None:
    everything = section_ids(checklist_json(dmtx, "--all"))
    default = section_ids(checklist_json(dmtx))
    chosen = checklist_json(dmtx, "--situation", situation)
    ids = section_ids(chosen)
    assert ids and len(ids) < len(everything)
    if situation != VISIT.default_situation:
        assert ids != default
    tagged = {q.id for p in KNOWLEDGE.topics for q in p.questions if situation in q.situations}
    # What a kind of visit needs beyond the page, too; never an entry tied to a drug (issue #21).
    tagged |= {q.id for b in KNOWLEDGE.beyond if not b.drugs for q in b.questions if situation in q.situations}
    assert set(ids) <= tagged
    assert [s["id"] for s in chosen["situations"]] == [situation]  # type: ignore[union-attr]


def test_situations_combine_with_each_other_and_with_topic_and_drug(dmtx: Dmtx) -> None:
    flare = set(section_ids(checklist_json(dmtx, "-s", "flare")))
    test = set(section_ids(checklist_json(dmtx, "-s", "test")))
    both = set(section_ids(checklist_json(dmtx, "-s", "flare", "--situation", "test")))
    assert both == flare | test
    narrowed = section_ids(checklist_json(dmtx, "-s", "flare", "-t", "3", "-d", "Imuran"))
    assert all(i.startswith("p3-") or i.startswith("azathioprine-") for i in narrowed)
    assert {q.id for q in KNOWLEDGE.drug("azathioprine").questions} <= set(narrowed)


def test_a_childs_visit_keeps_the_childrens_questions(dmtx: Dmtx) -> None:
    data = checklist_json(dmtx, "-s", "child")
    assert data["meta"]["patient"] == "child"  # type: ignore[index]
    ids = section_ids(data)
    assert "p2-q2" in ids and "p2-q1" not in ids


def test_situations_lists_each_kind_of_visit_on_one_line(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "--situations")
    assert result.exit_code == 0, result.stderr
    for situation in KNOWLEDGE.situations:
        assert re.search(rf"^  {re.escape(situation.id)} {re.escape(situation.title)}:", result.stdout, re.M)


def test_unknown_situation_and_unknown_top_id_are_clean_errors(dmtx: Dmtx) -> None:
    assert_clean_error(dmtx("checklist", "-s", "flair"), 1, "no situation 'flair'", "flare")
    assert_clean_error(dmtx("checklist", "--top", "p1-q99"), 1, "no question")
    assert_clean_error(dmtx("checklist", "--all", "-s", "flare"), 2, "--all")


def test_validate_reports_an_unknown_situation_tag_with_its_place(dmtx: Dmtx, tmp_path: Path) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    broken = text.replace('situations: ["dose-change", "test"]', 'situations: ["dose-change", "tset"]', 1)
    broken = broken.replace('default_situation: "follow-up"', 'default_situation: "folow-up"', 1)
    assert broken.count("tset") == 1 and "folow-up" in broken
    path = tmp_path / "class.yaml"
    path.write_text(broken, encoding="utf-8")
    result = dmtx("validate", "--today", "2027-06-01", str(path))
    assert result.exit_code == 3
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if "tset" in row)
    assert re.search(
        rf"class\.yaml:{line}:\d+: points\[0\]\.questions\[0\]\.situations\[1\]: unknown situation 'tset' \(did you mean 'test'\?\)",
        result.stdout,
    ), result.stdout
    assert "visit.default_situation: unknown situation 'folow-up'" in result.stdout


# --------------------------------------------------------------------------- a short list, top 3 first


def test_default_is_short_and_all_is_everything(dmtx: Dmtx) -> None:
    default = checklist_json(dmtx)
    total = len(section_ids(default)) + len(default["top3"])  # type: ignore[arg-type]
    assert 6 <= total <= 12
    assert len(section_ids(checklist_json(dmtx, "--all"))) == KNOWLEDGE.question_count()  # drugs and beyond too
    text = dmtx("checklist").stdout
    assert "dmtx checklist --all" in text and "dmtx checklist --situations" in text
    assert "dmtx checklist --all" not in dmtx("checklist", "--all").stdout


def first_index(text: str, *needles: str) -> list[int]:
    return [text.index(n) for n in needles]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_my_top_3_comes_before_every_other_question(dmtx: Dmtx, fmt: str) -> None:
    out = dmtx("checklist", "--format", fmt, "--all").stdout
    core = [q.text for q in VISIT.top3]
    top, first_question = first_index(out, "My top 3", KNOWLEDGE.topics[0].questions[0].text)
    assert top < first_question
    for text in core:
        assert top < out.index(text) < first_question
    if fmt == "markdown":
        tokens = MarkdownIt("commonmark").parse(out)
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert headings[1:3] == ["In short: how to use this list", "My top 3"]  # the steps are the list's summary


def test_my_top_3_comes_first_in_json_and_on_a_colour_terminal(dmtx: Dmtx) -> None:
    data = checklist_json(dmtx, "--top", "p5-q1")
    keys = list(data)
    assert keys.index("top3") < keys.index("sections")
    assert [q["id"] for q in data["top3"]] == ["p5-q1", "core-1", "core-2"]  # type: ignore[union-attr]
    screen = ANSI.sub("", on_a_pty("checklist", env={"PAGER": "cat"}))
    assert "\u256d" in screen  # the colour screen, with its box
    assert screen.index("My top 3") < screen.index("\u2610")


def test_top_picks_go_first_and_are_not_repeated(dmtx: Dmtx) -> None:
    data = checklist_json(dmtx, "-t", "1", "--top", "p1-q4", "--top", "P1-Q5", "-a", "Mine?", "-a", "Later?")
    assert [q["text"] for q in data["top3"]] == [  # type: ignore[union-attr]
        KNOWLEDGE.topic(1).questions[3].text,
        KNOWLEDGE.topic(1).questions[4].text,
        "Mine?",
    ]
    ids = section_ids(data)
    assert "p1-q4" not in ids and "p1-q5" not in ids and "mine-2" in ids and "mine-1" not in ids


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_tips_and_the_safety_netting_line_are_in_every_format(dmtx: Dmtx, fmt: str) -> None:
    out = dmtx("checklist", "--format", fmt, "-t", "2").stdout
    assert VISIT.safety_net == SAFETY_NET
    for words in (SAFETY_NET, "Before the visit", "During the visit", "After the visit"):
        assert words in out, words
    for phrase in ("supplements", "dmtx journal", "top 3", "someone", "notes", "written instructions", "next step"):
        assert phrase in out, phrase


def test_a_topic_screen_shows_questions_without_ids_and_says_how_to_pick_one_by_its_words(dmtx: Dmtx) -> None:
    out = dmtx("topic", "1").stdout
    assert "  - Which side effects of prednisone should I watch for?" in out
    assert "p1-q3" not in out and 'dmtx checklist --top "a few of its words"' in " ".join(out.split())
    top = checklist_json(dmtx, "--top", "side effects prednisone")["top3"]
    assert [q["id"] for q in top][:1] == ["p1-q3"]  # type: ignore[index]


def test_top_words_held_by_several_questions_name_each_with_its_id(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "--top", "blood tests")
    assert result.exit_code == 1 and result.stdout == ""
    first, second = result.stderr.splitlines()
    assert first == "dmtx: 5 questions have the words 'blood tests'; add a word, or give one id."
    assert "p1-q2: How often will I need blood tests, such as CK?" in second
    assert [q["id"] for q in checklist_json(dmtx, "--top", "folic")["top3"]][:1] == ["methotrexate-q2"]  # type: ignore[index]
    assert [q["id"] for q in checklist_json(dmtx, "--top", "FOL ACID")["top3"]][:1] == ["methotrexate-q2"]  # type: ignore[index]


def test_large_html_asks_for_14pt_and_one_and_a_half_line_spacing(dmtx: Dmtx) -> None:
    large = dmtx("checklist", "--format", "html", "--large").stdout
    normal = dmtx("checklist", "--format", "html").stdout
    style = large.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "html { font-size: 14pt; line-height: 1.5; }" in style
    assert "line-height: 1.5" not in normal


# --------------------------------------------------------------------------- terminals: pager and plain output


def on_a_pty(*args: str, env: dict[str, str] | None = None, rows: int = 24, cols: int = 80, shell: str = "") -> str:
    """Run dmtx on a real terminal (stdin and stdout a pty) and return what it drew."""
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "PAGER")}
    full["TERM"] = "xterm-256color"
    full.update(env or {})
    if shell:
        command, argv = "/bin/sh", ["-c", shell]
    else:
        command, argv = sys.executable, ["-m", "dmtx", *args]
    child = pexpect.spawn(command, argv, env=full, encoding="utf-8", dimensions=(rows, cols), timeout=30, cwd=str(ROOT))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before).replace("\r\n", "\n")


@pytest.fixture
def recording_pager(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A PAGER that notes it was called, then shows its input."""
    log = tmp_path / "pager.log"
    script = tmp_path / "pager.sh"
    script.write_text(f'#!/bin/sh\necho called >> "{log}"\ncat\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return {"PAGER": str(script)}, log


@pytest.mark.parametrize("args", [("checklist", "--all"), ("topic", "1"), ("--no-color", "drugs")], ids=" ".join)
def test_long_output_on_a_terminal_goes_through_the_pager(recording_pager, args: tuple[str, ...]) -> None:
    env, log = recording_pager
    screen = on_a_pty(*args, env=env)
    assert log.read_text(encoding="utf-8") == "called\n"
    assert "A teaching aid" in screen


@pytest.mark.parametrize(
    ("args", "shell"),
    [
        (("checklist", "--all", "--no-pager"), ""),
        (("--no-pager", "topic", "1"), ""),
        ((), f"{sys.executable} -m dmtx checklist --all | cat"),
        ((), f"{sys.executable} -m dmtx topic 1 < /dev/null"),
        (("present", "--no-interactive"), ""),
        (("quiz", "--no-interactive"), ""),
    ],
)
def test_no_pager_when_asked_in_a_pipe_or_for_slides_and_quiz(
    recording_pager, args: tuple[str, ...], shell: str
) -> None:
    env, log = recording_pager
    screen = on_a_pty(*args, env=env, shell=shell)
    assert not log.exists()
    assert "A teaching aid" in screen


def test_short_output_is_not_paged(recording_pager) -> None:
    env, log = recording_pager
    on_a_pty("term", "CK", env=env, rows=60)
    assert not log.exists()


@pytest.mark.parametrize(
    "args",
    [("topics",), ("topic", "1"), ("drug", "ivig"), ("checklist",), ("checklist", "--situations"), ("search", "CK")],
    ids=" ".join,
)
@pytest.mark.parametrize("how", ["ACCESSIBLE=1", "--plain"])
def test_accessible_output_on_a_terminal_has_no_box_drawing(args: tuple[str, ...], how: str) -> None:
    colour = on_a_pty(*args, env={"PAGER": "cat"})
    assert BOX_DRAWING.search(colour), "the colour screen draws boxes, so this test can see them"
    env = {"PAGER": "cat"}
    if how == "--plain":
        args = ("--plain", *args) if args[0] == "topics" else (*args, "--plain")
    else:
        env["ACCESSIBLE"] = "1"
    screen = on_a_pty(*args, env=env)
    assert not BOX_DRAWING.search(screen), BOX_DRAWING.findall(screen)[:5]
    assert "A teaching aid" in screen


@pytest.mark.parametrize("how", ["ACCESSIBLE=1", "--plain"])
def test_accessible_journal_on_a_terminal_has_no_box_drawing(tmp_path: Path, how: str) -> None:
    env = {"PAGER": "cat", "DMTX_JOURNAL": str(tmp_path / "journal.sqlite3")}
    on_a_pty("journal", "add", "ck", "850", "--date", "2026-01-05", env=env)
    assert BOX_DRAWING.search(on_a_pty("journal", env=env)), "the colour journal draws a table"
    args = ("--plain", "journal") if how == "--plain" else ("journal",)
    screen = on_a_pty(*args, env=env if how == "--plain" else {**env, "ACCESSIBLE": "1"})
    assert not BOX_DRAWING.search(screen), BOX_DRAWING.findall(screen)[:5]
    assert "850" in screen


def test_accessible_slideshow_has_no_box_drawing() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", ACCESSIBLE="1")
    child = pexpect.spawn(
        sys.executable, ["-m", "dmtx", "present"], env=env, encoding="utf-8", dimensions=(24, 80), timeout=30
    )
    child.expect("1 of")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not BOX_DRAWING.search(str(child.before))

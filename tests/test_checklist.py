"""`dmtx checklist`: selection, header, every format, safe writing."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from markdown_it import MarkdownIt

from dmtx.knowledge import load

from conftest import ROOT, Dmtx, Terminal, assert_clean_error

KNOWLEDGE = load()
ALL_QUESTIONS = KNOWLEDGE.question_count()  # --all: every point, beyond-the-page and drug question (#21)
DISCLAIMER = KNOWLEDGE.meta.disclaimer
HOSTILE = ["[bold]red[/]", "[/]", "<script>alert(1)</script>", "\x1b[2Jwipe\x1b]8;;http://x\x07", "[link=http://x]y"]


def boxes(text: str) -> list[str]:
    """The questions of a text checklist below "My top 3": the lines that start with a tick box (not the empty
    ones to write on, nor the numbered top 3)."""
    return [
        line
        for line in text.splitlines()
        if line.startswith("[ ] ") and line[4:].strip("_ ") and not re.match(r"\[ \] \d\. ", line)
    ]


def test_all_has_every_points_questions(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "--all")
    assert result.exit_code == 0, result.stderr
    assert len(boxes(result.stdout)) == ALL_QUESTIONS
    for point in KNOWLEDGE.topics:
        assert f"Point {point.number}: {point.title}" in result.stdout
    assert "(for adults)" in result.stdout and "(for children)" in result.stdout
    assert DISCLAIMER.split(".")[0] in result.stdout
    assert "last modified 2014-08-18" in result.stdout
    assert f"Checklist made on {dt.date.today().isoformat()}" in result.stdout


def test_topic_option_keeps_only_those_points(dmtx: Dmtx) -> None:
    out = dmtx("checklist", "--topic", "2", "-t", "IVIG").stdout
    assert "Point 2:" in out and "Point 6:" in out
    assert "Point 1:" not in out and "Point 4:" not in out
    assert len(boxes(out)) == len(KNOWLEDGE.topic(2).questions) + len(KNOWLEDGE.topic(6).questions)


def test_drug_option_adds_that_drugs_questions_by_brand(dmtx: Dmtx) -> None:
    out = dmtx("checklist", "-t", "4", "--drug", "Trexall").stdout
    assert "About methotrexate" in out
    assert "Do I also need folic acid?" in out
    assert len(boxes(out)) == len(KNOWLEDGE.topic(4).questions) + len(KNOWLEDGE.drug("methotrexate").questions)


def test_patient_option_keeps_one_group(dmtx: Dmtx) -> None:
    adult = dmtx("checklist", "-t", "2", "--patient", "adult").stdout
    child = dmtx("checklist", "-t", "2", "--patient", "child").stdout
    questions = KNOWLEDGE.topic(2).questions
    assert len(boxes(adult)) == sum(q.patient in (None, "adult") for q in questions)
    assert len(boxes(child)) == sum(q.patient in (None, "child") for q in questions)
    assert "my child" not in adult and "my child" in child
    assert "(for adults)" not in adult


def test_add_puts_own_questions_in_my_top_3_then_in_my_questions(dmtx: Dmtx) -> None:
    out = dmtx("checklist", "-t", "1", "-a", "Can I garden?", "--add", "Is travel OK?", "-a", "A?", "-a", "B?").stdout
    top, mine = out.split("My top 3", 1)[1].split("My own questions", 1)
    assert "[ ] 1. Can I garden?" in top and "[ ] 2. Is travel OK?" in top and "[ ] 3. A?" in top
    # Each of the top 3 has a tick box and as many answer lines as every other question (default 2).
    answer = "    " + "_" * 68
    assert top.split("[ ] 2.")[0].count(answer) == 2 and top.split("[ ] 3.")[1].split("Point 1:")[0].count(answer) == 2
    assert "[ ] B?" in mine and "Can I garden?" not in mine


def test_limit_keeps_the_most_important(dmtx: Dmtx) -> None:
    out = dmtx("checklist", "--limit", "1").stdout
    assert len(boxes(out)) == 6
    for point in KNOWLEDGE.topics:
        top = next(q for q in point.questions if q.importance == 1)
        assert top.text in out


def test_header_fields_and_space(dmtx: Dmtx) -> None:
    out = dmtx(
        "checklist", "-t", "2", "--name", "Ann Lee", "--visit-date", "2026-12-01", "--doctor", "Dr. Ray", "--space", "3"
    ).stdout
    assert "Name: Ann Lee" in out and "Visit date: 2026-12-01" in out and "Doctor: Dr. Ray" in out
    first = out.split("[ ] ", 1)[1].split("[ ] ", 1)[0].splitlines()  # the first question, its notes, its lines
    answers = [line for line in first if line.strip().startswith("____")]
    assert len(answers) == 3 and all(line.strip("_ ") == "" for line in answers)
    no_space = dmtx("checklist", "-t", "2", "--space", "0").stdout
    assert "____\n" not in no_space.split("Point 2", 1)[1].split("----------------------------------------\n")[0]


def test_unknown_drug_is_one_warning_and_the_checklist_is_made(dmtx: Dmtx, tmp_path: Path) -> None:
    target = tmp_path / "visit.txt"
    result = dmtx("checklist", "-d", "Orencia", "-d", "Imuran", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    warning, wrote = result.stderr.splitlines()
    assert warning.startswith("dmtx: Warning: No drug called 'Orencia' is in this guide.")
    assert warning.endswith("The checklist is made without it.")
    assert wrote.startswith(f"dmtx: Wrote {target}")
    text = target.read_text(encoding="utf-8")
    assert "About azathioprine" in text and "Orencia" not in text


def test_misspelled_checklist_drug_warns_with_the_right_name(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "-d", "Imurn")
    assert result.exit_code == 0
    assert "Did you mean: Imuran?" in result.stderr
    assert "About azathioprine" not in result.stdout and "QUESTIONS TO ASK YOUR DOCTOR" in result.stdout


@pytest.mark.parametrize("bad", ["tomorrow", "26-12-01", "2026-1-1", "2026-12-01x", "２０２６-12-01"])
def test_visit_date_is_checked(dmtx: Dmtx, bad: str) -> None:
    assert_clean_error(dmtx("checklist", "--visit-date", bad), 2, "YYYY-MM-DD")


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-13-01", "2025-02-29", "2026-04-31", "2026-00-10"])
def test_a_date_that_does_not_exist_is_called_that(dmtx: Dmtx, bad: str) -> None:
    result = dmtx("checklist", "--visit-date", bad)
    assert_clean_error(result, 2, f"{bad} is not a real date")
    assert "YYYY-MM-DD" not in result.stderr


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--topic", "9"], "no topic '9'"),
        (["--topic", "ivg"], "did you mean: ivig?"),
    ],
)
def test_unknown_topic_is_exit_1_and_writes_nothing(dmtx: Dmtx, tmp_path: Path, args: list[str], phrase: str) -> None:
    target = tmp_path / "visit.html"
    result = dmtx("checklist", *args, "-o", str(target))
    assert_clean_error(result, 1, phrase)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--patient", "teen"],
        ["--limit", "0"],
        ["--space", "11"],
        ["--format", "docx"],
        ["--blank", "21"],
        ["-a", "   "],
        ["--name", ""],
    ],
)
def test_bad_options_are_usage_errors(dmtx: Dmtx, args: list[str]) -> None:
    assert_clean_error(dmtx("checklist", *args), 2)


# --------------------------------------------------------------------------- formats


def test_markdown_is_a_task_list(dmtx: Dmtx) -> None:
    out = dmtx("checklist", "--format", "markdown", "-t", "1", "--top", "p2-q5", "-a", "Mine?").stdout
    tokens = MarkdownIt("commonmark").parse(out)
    items = [t.content for t in tokens if t.type == "inline" and t.content.startswith("[ ] ")]
    # The top 3 are tasks too, then the topic's questions, and 3 blank lines for own questions.
    assert len(items) == 3 + len(KNOWLEDGE.topic(1).questions) + 3
    assert items[0] == "[ ] 1\\. What signs would mean the disease is coming back?" and items[1] == "[ ] 2\\. Mine?"
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Questions to ask your doctor",
        "In short: how to use this list",
        "My top 3",
        "Point 1: Prednisone, the usual drug of choice",
        "My own questions",
        "Words on this list",
        "Before the visit",
        "During the visit",
        "After the visit",
    ]
    assert DISCLAIMER in out and "last modified 2014-08-18" in out


class _StrictHTML(HTMLParser):
    VOID: ClassVar[frozenset[str]] = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> _StrictHTML:
    parser = _StrictHTML()
    parser.feed(text)
    parser.close()
    assert parser.stack == []
    return parser


def test_html_is_valid_self_contained_and_printable(dmtx: Dmtx) -> None:
    out = dmtx("checklist", "--format", "html", "-t", "1", "--blank", "0").stdout
    assert out.startswith("<!DOCTYPE html>")
    parsed = parse_html(out)
    tag_names = [t for t, _ in parsed.tags]
    assert "script" not in tag_names and "link" not in tag_names and "img" not in tag_names
    for _, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not (name in ("src", "href") and value), (name, value)
    assert not re.search(r"https?://|url\(|@import", out.split("<body>")[0].replace("http-equiv", ""))
    questions = [attrs for tag, attrs in parsed.tags if tag == "li" and attrs.get("class") == "q"]
    assert len(questions) == 3 + len(KNOWLEDGE.topic(1).questions)  # "My top 3" has tick boxes too
    assert "break-inside: avoid" in out and "@page" in out and "13pt" in out
    footer = out.split("<footer>", 1)[1]
    assert DISCLAIMER in footer and "2014-08-18" in footer and dt.date.today().isoformat() in footer


@pytest.mark.parametrize(("paper", "css"), [("a4", "size: A4"), ("letter", "size: letter"), ("auto", "size: auto")])
def test_html_paper_size(dmtx: Dmtx, paper: str, css: str) -> None:
    assert css in dmtx("checklist", "--format", "html", "--paper", paper).stdout


def test_json_matches_its_schema(dmtx: Dmtx) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parent.parent / "dmtx" / "checklist.schema.json").read_text())
    args = ["-d", "IVIG", "--top", "p6-q1", "-a", "Mine?", "-a", "Also?", "-a", "Third?", "--visit-date", "2026-12-01"]
    out = dmtx("checklist", "--format", "json", "--all", *args).stdout
    data = json.loads(out)
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 3 and data["disclaimer"] == DISCLAIMER
    assert [q["id"] for q in data["top3"]] == ["p6-q1", "mine-1", "mine-2"]
    sections = [s["id"] for s in data["sections"]]
    assert sections[-1] == "mine" and sections.index("drug-ivig") < sections.index("drug-prednisone")
    ids = [q["id"] for s in data["sections"] for q in s["questions"]]
    assert len(ids) == len(set(ids)) and "p1-q1" in ids and "mine-3" in ids and "p6-q1" not in ids
    assert data["safety_net"] and data["tips"][0]["title"] == "Before the visit"
    short = json.loads(dmtx("checklist", "--format", "json").stdout)
    jsonschema.validate(short, schema)
    assert [s["id"] for s in short["situations"]] == ["follow-up"] and short["more"]
    assert data["meta"]["source"]["last_modified"] == "2014-08-18"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_user_text_stays_literal_in_every_format(dmtx: Dmtx, fmt: str) -> None:
    args = ["checklist", "--format", fmt, "-t", "1", "--name", "[bold]Ann[/]", "--doctor", "<b>Dr</b>"]
    args += ["--top", "p1-q1", "--top", "p1-q2", "--top", "p1-q3"]  # so that every text below is in My questions
    for text in HOSTILE:
        args += ["-a", text]
    result = dmtx(*args)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out
    if fmt == "html":
        assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
        text = "".join(parse_html(out).text)
        assert "[bold]red[/]" in text and "<script>alert(1)</script>" in text and "[link=http://x]y" in text
    elif fmt == "json":
        texts = [q["text"] for s in json.loads(out)["sections"] for q in s["questions"]]
        assert "[bold]red[/]" in texts and "<script>alert(1)</script>" in texts
        assert "\\x1b[2Jwipe\\x1b]8;;http://x\\x07" in texts
    elif fmt == "markdown":
        rendered = MarkdownIt("commonmark").render(out)
        assert "<script>" not in rendered and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
        assert "[bold]red[/]" in rendered and "[link=http://x]y" in rendered
    else:
        assert "[ ] [bold]red[/]" in out and "[ ] <script>alert(1)</script>" in out
        assert "\\x1b[2Jwipe" in out and "Name: [bold]Ann[/]" in out


def test_terminal_format_on_a_pipe_is_plain(dmtx: Dmtx) -> None:
    out = dmtx("checklist", "--format", "terminal", "-t", "1").stdout
    assert "\x1b[" not in out and "[ ] " in out


def test_ascii_output_encoding_gets_ascii_text() -> None:
    from conftest import run_process

    result = run_process("checklist", "-t", "1", "-a", "Café — ok?", env={"PYTHONIOENCODING": "ascii"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.isascii()
    assert "Cafe - ok?" in result.stdout


# --------------------------------------------------------------------------- writing files


def test_output_file_by_extension_and_refuses_overwrite(dmtx: Dmtx, tmp_path: Path) -> None:
    target = tmp_path / "visit.md"
    result = dmtx("checklist", "-t", "1", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert "Wrote" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Questions to ask your doctor")
    before = target.read_bytes()
    again = dmtx("checklist", "-t", "2", "-o", str(target))
    assert_clean_error(again, 4, "already exists", "--force")
    assert target.read_bytes() == before
    forced = dmtx("checklist", "-t", "2", "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert "Point 2:" in target.read_text(encoding="utf-8")


def test_output_dash_is_stdout(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "-t", "1", "-o", "-", "--format", "json")
    assert json.loads(result.stdout)["sections"][0]["id"] == "topic-1"


def test_failed_write_leaves_old_file_whole(dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "visit.txt"
    target.write_text("my old notes\n", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    result = dmtx("checklist", "-o", str(target), "--force")
    assert_clean_error(result, 4, f"cannot write {target}", "disk is full")
    assert target.read_text(encoding="utf-8") == "my old notes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["visit.txt"]


def test_failed_replace_leaves_no_temp_file(dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "visit.txt"
    target.write_text("old\n", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = dmtx("checklist", "-o", str(target), "--force")
    assert_clean_error(result, 4, "permission denied")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["visit.txt"]


@pytest.mark.parametrize(
    ("where", "phrase"),
    [("missing/visit.txt", "does not exist"), ("afile/visit.txt", "not a folder"), (".", "it is a folder")],
)
def test_unwritable_targets_are_exit_4(dmtx: Dmtx, tmp_path: Path, where: str, phrase: str) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = dmtx("checklist", "-o", str(tmp_path / where))
    assert_clean_error(result, 4, phrase)


def test_device_target_is_written_not_replaced(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "-o", "/dev/full")
    assert_clean_error(result, 4, "disk is full")
    assert Path("/dev/full").is_char_device()


# --------------------------------------------------------------------------- every format carries the same content

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SOURCE_DATE = KNOWLEDGE.meta.source.last_modified
# --all, in its order: the points, then beyond the page, then every drug (issue #21).
EVERY_QUESTION = [q.text for entry in (*KNOWLEDGE.topics, *KNOWLEDGE.beyond, *KNOWLEDGE.drugs) for q in entry.questions]


def flat(text: str) -> str:
    """Words only: wrapping, indents, box edges and tick boxes do not matter."""
    return " ".join(text.replace("\u2502", " ").replace("\u2610", " ").split())


def _markdown_text(part: str) -> str:
    return flat(" ".join(t.content for t in MarkdownIt("commonmark").parse(part) if t.type == "inline"))


def _html_text(part: str) -> str:
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", part)))


# format -> (marker of the first question, marker after the last, how to read a part as plain words)
SPLITS = {
    "text": ("\n[ ] ", "\n" + "-" * 40 + "\n", flat),
    "markdown": ("\n- [ ] ", "\n---\n", _markdown_text),
    "html": ("<main>", "</main>", _html_text),
}


@pytest.mark.parametrize("fmt", sorted(SPLITS))
def test_every_file_format_has_questions_and_the_disclaimer_above_and_below(dmtx: Dmtx, fmt: str) -> None:
    result = dmtx("checklist", "--format", fmt, "--all")
    assert result.exit_code == 0, result.stderr
    first, last, words = SPLITS[fmt]
    top, rest = result.stdout.split(first, 1)
    body, bottom = rest.rsplit(last, 1)
    for question in EVERY_QUESTION:
        assert flat(question) in words(first + body), (fmt, question)
    assert flat(DISCLAIMER) in words(top), f"{fmt}: no disclaimer above the questions"
    assert flat(DISCLAIMER) in words(bottom), f"{fmt}: no disclaimer below the questions"
    assert f"last modified {SOURCE_DATE}" in words(bottom)
    assert f"made on {dt.date.today().isoformat()}" in words(bottom)


def test_json_format_has_questions_disclaimer_and_source_date(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "--format", "json", "--all")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [q["text"] for s in data["sections"] for q in s["questions"]] == EVERY_QUESTION
    assert data["disclaimer"] == DISCLAIMER
    assert data["meta"]["source"]["last_modified"] == SOURCE_DATE
    assert f"last modified {SOURCE_DATE}" in data["meta"]["source"]["text"]
    assert data["meta"]["made_on"] == dt.date.today().isoformat()


def terminal_checklist(*args: str, cols: int) -> str:
    """`dmtx checklist ARGS` on a real colour terminal (a pty), as raw output."""
    import pexpect

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "DMTX_DATA")}
    env["TERM"] = "xterm-256color"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dmtx", "checklist", *args],
        env=env,
        encoding="utf-8",
        dimensions=(50, cols),
        timeout=30,
        cwd=str(ROOT),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before.replace("\r\n", "\n")


def assert_colour_checklist(raw: str, cols: int) -> None:
    """The Rich checklist: colour and box, every question with a tick box, disclaimer, source date, made on."""
    assert "\x1b[" in raw and "\u256d" in raw, "not the colour checklist"
    plain = ANSI.sub("", raw)
    assert "Traceback" not in plain
    assert max(len(line) for line in plain.splitlines()) <= cols
    assert plain.count("\u2610") == 3 + ALL_QUESTIONS + 3  # My top 3, and 3 blank lines for own questions
    words = flat(plain)
    for question in EVERY_QUESTION:
        assert flat(question) in words, question
    assert flat(DISCLAIMER) in words
    assert f"last modified {SOURCE_DATE}" in words
    assert f"Checklist made on {dt.date.today().isoformat()}" in words


@pytest.mark.parametrize(
    ("args", "cols"), [(("--all",), 200), (("--all",), 40), (("--format", "terminal", "--all"), 80)]
)
def test_colour_checklist_on_a_terminal_has_questions_disclaimer_and_source(
    on_terminal: Terminal, args: tuple[str, ...], cols: int
) -> None:
    result = on_terminal("checklist", *args, cols=cols)
    assert (result.exit_code, result.stderr) == (0, "")
    assert_colour_checklist(result.stdout, cols)


def test_colour_checklist_from_a_real_process_on_a_pty() -> None:
    assert_colour_checklist(terminal_checklist("--all", cols=80), 80)


# --------------------------------------------------------------------------- limits and selection details


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--name", ""], "the name is empty"),
        (["--doctor", " "], "the doctor's name is empty"),
        (["--name", "x" * 201], "the name is too long (201 characters; the limit is 200)"),
        (["--doctor", "x" * 201], "the doctor's name is too long"),
        (["-a", "x" * 501], "your question number 1 is too long (the limit is 500)"),
        (["-a", "ok?", "-a", " "], "your question number 2 is empty"),
        (["-a", "?"] * 51, "at most 50 of your own questions"),
    ],
    ids=["empty-name", "blank-doctor", "long-name", "long-doctor", "long-question", "empty-question", "51-questions"],
)
def test_usage_errors_say_what_is_wrong(dmtx: Dmtx, args: list[str], phrase: str) -> None:
    assert_clean_error(dmtx("checklist", *args), 2, phrase)


def test_the_largest_allowed_values_are_accepted(dmtx: Dmtx) -> None:
    own = [f"Question {n} of mine?" for n in range(1, 50)] + ["y" * 500]
    args = ["checklist", "-t", "1", "--space", "10", "--name", "n" * 200, "--doctor", "d" * 200]
    for text in own:
        args += ["-a", text]
    result = dmtx(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["meta"]["name"] == "n" * 200 and data["meta"]["doctor"] == "d" * 200
    assert data["meta"]["space_lines"] == 10
    # The first three of the user's own questions are "My top 3"; the rest follow under "My own questions".
    assert [q["text"] for q in data["top3"]] == own[:3]
    assert data["sections"][-1]["title"] == "My own questions"
    assert [q["text"] for q in data["sections"][-1]["questions"]] == own[3:]


def test_each_drug_once_in_the_order_asked(dmtx: Dmtx) -> None:
    data = json.loads(dmtx("checklist", "-t", "1", "-d", "IVIG", "-d", "ivig", "-d", "Imuran", "-f", "json").stdout)
    # "mine" holds the blank lines for the user's own questions (3 by default).
    assert [s["id"] for s in data["sections"]] == ["topic-1", "drug-ivig", "drug-azathioprine", "mine"]


def test_limit_applies_to_drug_questions_too(dmtx: Dmtx) -> None:
    data = json.loads(dmtx("checklist", "-t", "1", "-d", "methotrexate", "--limit", "1", "-f", "json").stdout)
    assert [len(s["questions"]) for s in data["sections"] if s["kind"] != "mine"] == [1, 1]


def test_json_keeps_each_questions_importance_and_group(dmtx: Dmtx) -> None:
    data = json.loads(dmtx("checklist", "--all", "-d", "methotrexate", "-f", "json").stdout)
    everything = [*KNOWLEDGE.topics, *KNOWLEDGE.beyond, *KNOWLEDGE.drugs]  # --all: every question (#21)
    expected = {q.id: (q.importance, q.patient) for entry in everything for q in entry.questions}
    got = {q["id"]: (q["importance"], q["patient"]) for s in data["sections"] for q in s["questions"]}
    assert got == expected


def test_one_group_checklist_marks_no_question(dmtx: Dmtx) -> None:
    for fmt in ("text", "markdown"):
        out = dmtx("checklist", "-t", "2", "--patient", "adult", "-f", fmt).stdout
        # Leave out the empty lines to write one's own questions on: they are not questions.
        lines = [line for line in out.splitlines() if line.startswith(("[ ] ", "- [ ] ")) and line.strip("-[]_` ")]
        assert lines and all(line.endswith("?") for line in lines), lines


@pytest.fixture
def teachers_file(tmp_path: Path) -> Path:
    """The bundled file with the first question of point 1 made least important and a drug question for children."""
    text = (Path(__file__).parent.parent / "data" / "guidelines.yaml").read_text(encoding="utf-8")
    first = (
        '      - id: "p1-q1"\n        text: "How will you decide when it is time to lower my dose?"\n'
        '        parent_text: "How will you decide when it is time to lower my child\'s dose?"\n        importance: 1\n'
    )
    drug = (
        '        text: "Is it safe to take my other medicines with prednisone?"\n'
        '        parent_text: "Is it safe for my child to take other medicines with prednisone?"\n        importance: 2\n'
    )
    assert first in text and drug in text
    text = text.replace(first, first.replace("importance: 1", "importance: 3")).replace(
        drug, drug + '        patient: "child"\n'
    )
    path = tmp_path / "class.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_limit_picks_by_importance_not_by_place(dmtx: Dmtx, teachers_file: Path) -> None:
    data = json.loads(dmtx("--data", str(teachers_file), "checklist", "-t", "1", "--limit", "3", "-f", "json").stdout)
    # p1-q1 is made least important; p1-q6 (importance 1) comes before p1-q4 and p1-q5 (importance 2).
    assert [q["id"] for q in data["sections"][0]["questions"]] == ["p1-q2", "p1-q3", "p1-q6"]


def test_patient_option_filters_drug_questions(dmtx: Dmtx, teachers_file: Path) -> None:
    base = ["--data", str(teachers_file), "checklist", "-t", "1", "-d", "prednisone", "-f", "json"]
    for patient, expected in (("adult", ["prednisone-q1", "prednisone-q2", "prednisone-q4"]), ("child", None)):
        data = json.loads(dmtx(*base, "--patient", patient).stdout)
        drug = next(s for s in data["sections"] if s["id"] == "drug-prednisone")
        ids = [q["id"] for q in drug["questions"]]
        assert ids == (expected or ["prednisone-q1", "prednisone-q2", "prednisone-q3", "prednisone-q4"])


@pytest.mark.parametrize(("name", "fmt"), [("visit.txt", "text"), ("visit", "text"), ("visit.HTM", "html")])
def test_the_written_file_says_its_format(dmtx: Dmtx, tmp_path: Path, name: str, fmt: str) -> None:
    result = dmtx("checklist", "-t", "1", "-o", str(tmp_path / name))
    count = 3 + len(KNOWLEDGE.topic(1).questions)  # "My top 3", then the point's questions
    if name == "visit":  # no extension: the default format, and a word on how to choose one
        assert result.stderr.startswith(f"dmtx: Wrote {tmp_path / name} as {fmt} ({count} questions): ")
        assert "--format chooses one" in result.stderr
    else:
        assert result.stderr == f"dmtx: Wrote {tmp_path / name} ({count} questions, {fmt}).\n"
    assert result.exit_code == 0 and result.stdout == ""
    written = (tmp_path / name).read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>" if fmt == "html" else "QUESTIONS TO ASK"), written[:80]
    for question in KNOWLEDGE.topic(1).questions:  # every question the message counted is in the file
        assert flat(question.text) in flat(html.unescape(written)), question.text


def test_the_print_tip_options_repeat_every_choice_in_the_order_given_and_leave_out_defaults() -> None:
    """In process (the pty test of the tip runs in a child, where mutation testing cannot see it)."""
    from dmtx.checklist import Selection, selection_options

    assert selection_options(Selection()) == ()
    chosen = Selection(
        topics=("1", "cancer"),
        drugs=("Imuran",),
        own_questions=("Mine\x1b[31m?",),
        patient="adult",
        limit=2,
        name="Ann",
        visit_date="2026-12-10",
        doctor="Dr R",
        space_lines=3,
        blank_questions=1,
        situations=("flare", "new-medicine"),
        top=("folic",),
        everything=True,
    )
    assert selection_options(chosen) == (
        *("-t", "1", "-t", "cancer", "-d", "Imuran", "-a", "Mine\\x1b[31m?"),  # escapes made visible, never sent
        *("--patient", "adult", "--limit", "2", "--name", "Ann", "--visit-date", "2026-12-10", "--doctor", "Dr R"),
        *("--space", "3", "--blank", "1", "--situation", "flare", "--situation", "new-medicine", "--top", "folic"),
        "--all",
    )
    assert selection_options(Selection(space_lines=0, blank_questions=0)) == ("--space", "0", "--blank", "0")


def test_find_question_reads_another_form_of_a_word_but_never_another_drug() -> None:
    """--top "pregnant birth control" finds the question that says "pregnancy", by search's rule for forms.

    A drug's name is never cut to its start: mycophenolic acid is not mycophenolate mofetil.
    """
    from dmtx.checklist import find_question
    from dmtx.errors import NotFound

    assert find_question(KNOWLEDGE, "pregnant birth control").id == "methotrexate-q4"
    with pytest.raises(NotFound) as both:
        find_question(KNOWLEDGE, "pregnant")
    assert both.value.hint.startswith("methotrexate-q4: ") and "; mycophenolate-q2: " in both.value.hint
    assert find_question(KNOWLEDGE, "Mycophenolate less prednisone").id == "mycophenolate-q1"
    with pytest.raises(NotFound, match="no question with all the words 'mycophenolic less prednisone'"):
        find_question(KNOWLEDGE, "mycophenolic less prednisone")


def test_find_question_by_id_or_words_says_what_it_could_not_pick() -> None:
    """In process, for mutation testing: the messages, the five listed and the '...' after them."""
    from dmtx.checklist import find_question
    from dmtx.errors import NotFound, UsageProblem

    assert find_question(KNOWLEDGE, "P1-Q3").id == "p1-q3"
    assert find_question(KNOWLEDGE, "fol acid").id == "methotrexate-q2"
    with pytest.raises(UsageProblem, match=r"^Please give a question id or words; it was empty\.$"):
        find_question(KNOWLEDGE, "  ")
    with pytest.raises(NotFound) as missing:
        find_question(KNOWLEDGE, "p1-q99")
    assert str(missing.value) == "There is no question with the id or words 'p1-q99'."
    assert missing.value.suggestions == ("p1-q1", "p1-q2", "p1-q3")
    with pytest.raises(NotFound) as five:
        find_question(KNOWLEDGE, "blood tests")
    assert str(five.value) == "5 questions have the words 'blood tests'; add a word, or give one id."
    assert five.value.hint == (
        "p1-q2: How often will I need blood tests, such as CK?; "
        "p4-q2: What blood tests will I need while I take this drug?; "
        "methotrexate-q3: Which blood tests will I need, and is it safe to drink alcohol?; "
        "mycophenolate-q3: Which blood tests will I need on mycophenolate?; "
        "tacrolimus-q2: Which blood tests and checks will I need on tacrolimus?"
    )
    with pytest.raises(NotFound) as six:
        find_question(KNOWLEDGE, "check")
    assert str(six.value).startswith("6 questions") and six.value.hint.endswith("; ...")
    assert six.value.hint.count("; ") == 5
    with pytest.raises(NotFound) as many:
        find_question(KNOWLEDGE, "my")
    held = int(str(many.value).split()[0])
    assert held > 6 and many.value.hint.endswith("; ...") and many.value.hint.count("; ") == 5


def test_a_question_is_found_in_a_patients_own_phrasing() -> None:
    """Words like "can I" and "will" are left out when the words typed are not all in one question."""
    from dmtx.checklist import find_question
    from dmtx.errors import NotFound

    assert find_question(KNOWLEDGE, "can I drink alcohol").id == "methotrexate-q3"
    assert find_question(KNOWLEDGE, "is it safe to drink alcohol?").id == "methotrexate-q3"
    assert "prednisone" in find_question(KNOWLEDGE, "how long will I need prednisone").text
    with pytest.raises(NotFound) as several:
        find_question(KNOWLEDGE, "which blood tests will I need")
    assert str(several.value).startswith("3 questions have the words 'which blood tests will I need'")
    assert find_question(KNOWLEDGE, "can I get pregnant on methotrexate").id == "methotrexate-q4"  # pregnancy
    with pytest.raises(NotFound) as some:
        find_question(KNOWLEDGE, "can I go swimming on methotrexate")
    assert str(some.value) == "There is no question with all the words 'can I go swimming on methotrexate'."
    assert some.value.hint.startswith("Questions with some of them: ")
    assert "methotrexate-q4: What do I need to know about pregnancy and birth control on methotrexate?" in (
        some.value.hint
    )
    assert some.value.suggestions == ()
    with pytest.raises(NotFound) as none:
        find_question(KNOWLEDGE, "can I xyzzy")
    assert str(none.value) == "There is no question with the id or words 'can I xyzzy'."


def test_a_patients_phrasing_on_the_command_line(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "--top", "can I drink alcohol", "--plain")
    assert result.exit_code == 0, result.stderr
    assert "[ ] 1. About methotrexate: Which blood tests will I need, and is it safe to" in result.stdout
    pregnant = dmtx("checklist", "--top", "can I get pregnant on methotrexate", "--plain")
    assert "[ ] 1. What do I need to know about pregnancy and birth control on" in pregnant.stdout
    missing = dmtx("checklist", "--top", "can I go swimming on methotrexate")
    assert missing.exit_code == 1
    assert "Questions with some of them: " in missing.stderr and "methotrexate-q4" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_a_words_meaning_on_the_list_is_its_first_sentence(dmtx: Dmtx) -> None:
    from dmtx.views import first_sentence as _first_sentence

    assert _first_sentence("One. Two. Three.") == "One."
    assert _first_sentence("No full stop and a space here.") == "No full stop and a space here."
    assert _first_sentence("Dr.Ray. Then more.") == "Dr.Ray."
    assert _first_sentence(". Then more.") == "."  # a full stop at the very start still ends the first sentence
    data = json.loads(dmtx("checklist", "--format", "json", "-t", "3").stdout)
    myopathy = next(w["meaning"] for w in data["words"] if w["word"] == "steroid myopathy")
    assert myopathy == "Muscle weakness caused by taking a steroid medicine for a long time."


def test_what_the_list_leaves_out_is_said_on_screen_and_on_paper_without_commands() -> None:
    from dmtx.checklist import MORE, MORE_PAPER, Selection, _more, _more_paper

    every = Selection(everything=True)
    assert _more(every, (), None) == "Questions from your own journal are added with --journal."
    assert _more(every, (), "adult") == (
        "This list has every question in dmtx except those for children only (you chose --patient adult). "
        "Questions from your own journal are added with --journal."
    )
    assert _more(every, (), "child").startswith("This list has every question in dmtx except those for adults only (")
    assert _more_paper(every, (), None) == ""
    assert _more_paper(every, (), "adult") == "This list has every question in dmtx except those for children only."
    assert _more_paper(every, (), "child") == "This list has every question in dmtx except those for adults only."
    visit = KNOWLEDGE.situations[:1]
    for chosen, situations in ((Selection(limit=2), ()), (Selection(), visit)):
        assert _more(chosen, situations, None) == MORE and _more_paper(chosen, situations, None) == MORE_PAPER
    assert _more(Selection(), (), None) == "" and _more_paper(Selection(), (), "adult") == ""
    assert "--" not in MORE_PAPER and "run:" not in MORE_PAPER  # it names dmtx, never a command


def test_the_short_list_keeps_the_most_important_questions_in_their_places() -> None:
    from dmtx.checklist import _most_important
    from dmtx.document.checklist import ChecklistQuestion, ChecklistSection

    def section(name: str, *importances: int) -> ChecklistSection:
        questions = tuple(
            ChecklistQuestion(f"{name}{i}", f"{name} {i}?", importance=v) for i, v in enumerate(importances)
        )
        return ChecklistSection(name, "topic", name, questions)

    sections = [section("a", 3, 2), section("b", 1, 3), section("c", 2)]
    kept = _most_important(sections, 3)
    assert [(s.id, [q.id for q in s.questions]) for s in kept] == [("a", ["a1"]), ("b", ["b0"]), ("c", ["c0"])]
    assert _most_important(sections, 0) == [] and _most_important(sections, -2) == []
    assert [q.id for s in _most_important(sections, 1) for q in s.questions] == ["b0"]


def test_drugs_named_finds_a_name_at_either_end_and_never_inside_a_word() -> None:
    from dmtx.checklist import drugs_named

    assert drugs_named(KNOWLEDGE, "Imuran: is it safe?") == {"azathioprine"}
    assert drugs_named(KNOWLEDGE, "Is it safe with IVIG") == {"ivig"}
    assert drugs_named(KNOWLEDGE, "Does MTX or prednisone come first?") == {"methotrexate", "prednisone"}
    assert drugs_named(KNOWLEDGE, "Is prednisolones a word?") == set()


def test_an_entry_beyond_the_page_named_with_t_is_its_own_section_after_the_points(dmtx: Dmtx) -> None:
    entry = next(b for b in KNOWLEDGE.beyond if b.id == "skin-care")
    for args in (["-t", "skin-care", "-t", "1"], ["-t", "1", "-t", "Skin-Care"]):
        data = json.loads(dmtx("checklist", "--format", "json", "--patient", "adult", *args).stdout)
        shown = [(s["id"], s["kind"], s["title"], [q["id"] for q in s["questions"]]) for s in data["sections"]]
        assert shown[0][0] == "topic-1" and shown[-1] == ("mine", "mine", "My own questions", [])
        assert shown[1] == (
            "beyond-skin-care",
            "beyond",
            f"Not on the 2014 page: {entry.title}",
            [q.id for q in entry.questions if q.patient in (None, "adult")],
        )
    alone = json.loads(dmtx("checklist", "--format", "json", "-t", "skin-care").stdout)
    assert [s["id"] for s in alone["sections"]] == ["beyond-skin-care", "mine"]


def test_a_note_is_printed_once_then_pointed_to_and_questions_keep_their_tags(dmtx: Dmtx) -> None:
    data = json.loads(dmtx("checklist", "--format", "json", "-t", "1").stdout)
    questions = {q["id"]: q for s in data["sections"] for q in s["questions"]}
    first = questions["p1-q1"]["notes"]
    assert first[0].startswith("Editor's note: CK alone does not tell the whole story.")
    assert questions["p1-q2"]["notes"] == ["See the editor's note above."] == questions["p1-q6"]["notes"]
    assert questions["p1-q4"]["notes"] == [] and questions["p1-q4"]["importance"] == 2
    assert questions["p1-q6"]["situations"] == ["test", "follow-up"]
    assert [q["importance"] for q in data["top3"]] == [1, 1, 1]


def test_a_drug_named_twice_by_two_names_is_one_section_and_all_with_a_situation_is_refused(dmtx: Dmtx) -> None:
    data = json.loads(dmtx("checklist", "--format", "json", "-d", "Imuran", "-d", "azathioprine").stdout)
    assert [s["id"] for s in data["sections"]].count("drug-azathioprine") == 1
    result = dmtx("checklist", "--all", "-s", "flare")
    assert_clean_error(result, 2, "--all gives every question")
    assert result.stderr == "dmtx: --all gives every question; leave out --situation, or leave out --all.\n"


def test_a_question_asked_in_two_places_is_listed_once(dmtx: Dmtx) -> None:
    """-s new-medicine -d CellCept: the beyond entry on mycophenolate and the drug ask the same question."""
    result = dmtx("checklist", "-s", "new-medicine", "-d", "CellCept", "--plain")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Could mycophenolate let me take less prednisone?") == 1
    assert "Which blood tests will I need on mycophenolate?" in result.stdout
    everything = dmtx("checklist", "--all", "--format", "json")
    ids = {q["id"] for s in json.loads(everything.stdout)["sections"] for q in s["questions"]}
    assert {"mycophenolate-q1", "b-ca-q2"} <= ids, "--all still lists every question by its id"


def test_questions_once_keeps_the_first_and_its_notes_join_it() -> None:
    from dmtx.checklist import _questions_once
    from dmtx.document.checklist import ChecklistQuestion, ChecklistSection

    def q(qid: str, text: str, notes: tuple[str, ...] = ()) -> ChecklistQuestion:
        return ChecklistQuestion(qid, text, notes=notes)

    sections = [
        ChecklistSection("a", "beyond", "A", (q("a1", "Same  words?", ("note A",)), q("a2", "Other?"))),
        ChecklistSection("b", "drug", "B", (q("b1", "same words?", ("note B", "note A")),)),
        ChecklistSection("c", "drug", "C", (q("c1", "In top?"), q("c2", "Kept?"))),
        ChecklistSection("mine", "mine", "Mine", ()),
    ]
    out = _questions_once(sections, (q("t1", "IN TOP?"),))
    assert [s.id for s in out] == ["a", "c", "mine"], "a section left empty goes; an empty one kept as it was"
    assert [x.id for x in out[0].questions] == ["a1", "a2"]
    assert out[0].questions[0].notes == ("note A", "note B")
    assert [x.id for x in out[1].questions] == ["c2"]


@pytest.mark.parametrize(
    ("name", "ours"), [("Orapred", "prednisone"), ("prednisolone", "prednisone"), ("Myfortic", "mycophenolate mofetil")]
)
def test_a_related_drug_named_is_left_out_never_listed_as_ours(dmtx: Dmtx, name: str, ours: str) -> None:
    """`--drug Orapred` once printed prednisone's questions without a word: Orapred is prednisolone."""
    result = dmtx("checklist", "--drug", name)
    assert result.exit_code == 0
    assert result.stderr.startswith(f"dmtx: Warning: {name} is not {ours}: ")
    assert "The checklist is made without it. Add your own question about it with --add." in result.stderr
    assert f"About {ours}" not in result.stdout
    assert result.stdout == dmtx("checklist").stdout  # nothing added for it


def test_a_drug_of_ours_named_with_a_related_one_is_kept(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "--drug", "Orapred", "--drug", "Imuran")
    assert "About azathioprine" in result.stdout
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("prednisome", "No drug called 'prednisome' is in this guide. Did you mean: prednisone?"),
        (
            "foobarzine",
            "No drug called 'foobarzine' is in this guide. This guide is built from a 2014 page and the updates it lists.",
        ),
    ],
)
def test_a_drug_name_the_guide_does_not_know_is_left_out_in_one_line(dmtx: Dmtx, name: str, said: str) -> None:
    result = dmtx("checklist", "--drug", name)
    assert result.exit_code == 0
    assert result.stderr == f"dmtx: Warning: {said} The checklist is made without it.\n"
    assert result.stdout == dmtx("checklist").stdout


def test_a_drug_named_with_a_daily_schedule_is_kept_with_its_warning(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "--drug", "methotrexate daily")
    assert result.exit_code == 0
    assert result.stderr.startswith("dmtx: WARNING: You wrote 'daily': that is more often than once a week.")
    assert len(result.stderr.splitlines()) == 1
    assert "About methotrexate" in result.stdout


@pytest.mark.parametrize(
    ("args", "again"),
    [
        (("--journal", "--large", "--paper", "a4"), "--journal --large --paper a4"),
        (("-s", "flare", "--paper", "letter"), "--situation flare --paper letter"),
    ],
)
def test_print_it_with_repeats_the_journal_large_print_and_paper(
    dmtx: Dmtx,
    on_terminal: Terminal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    again: str,
) -> None:
    """'Print it with' left out --journal, --large and --paper: the PDF printed from it had no journal part."""
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "journal.sqlite3"))
    assert dmtx("journal", "add", "ck", "850", "--date", "2026-01-01").exit_code == 0
    result = on_terminal("--no-pager", "checklist", *args, cols=250)
    assert result.exit_code == 0, result.stderr
    assert f"Print it with: dmtx checklist {again} -o visit.pdf" in " ".join(result.stdout.split())


def test_print_it_with_names_the_journal_file_given(on_terminal: Terminal, tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    from dmtx.checklist import print_options

    assert print_options(True, str(journal), False, "auto") == ("--journal-file", str(journal))
    assert print_options(False, None, False, "auto") == ()

"""dmtx.render's format registry: every row reachable from its command, one chooser, the same refusals everywhere."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import typer

from dmtx import render
from dmtx.errors import UsageProblem
from dmtx.render import FORMATS, KINDS, Format, RenderOptions, choose_format

from conftest import ROOT, Dmtx, Terminal, assert_clean_error

# How to reach each document from the command line (small, so PDFs are quick).
COMMANDS: dict[str, list[str]] = {
    "checklist": ["checklist", "-t", "1"],
    "quiz": ["quiz", "--seed", "3", "-n", "2"],
    "answers": ["quiz", "--answers", "--seed", "3", "-n", "2"],
    "slides": ["present", "-t", "1"],
    "journal": ["journal", "export"],
}
# The Typer command behind each document, and its name in the app.
CLI_COMMANDS = {
    "checklist": ("checklist",),
    "quiz": ("quiz",),
    "slides": ("present",),
    "journal": ("journal", "export"),
}


@pytest.fixture(autouse=True)
def empty_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal of this test's own (none yet: export writes no entries), never the user's."""
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "journal.sqlite3"))


def _row_id(row: Format) -> str:
    return f"{row.document}-{row.name}"


def _spy(monkeypatch: pytest.MonkeyPatch, wanted: Format) -> list[Any]:
    """Make the registry's row `wanted` record each call (then draw as before); the list of records it drew."""
    drawn: list[Any] = []

    def render_spied(record: Any, options: RenderOptions) -> str | bytes:
        drawn.append(record)
        return wanted.render(record, options)

    rows = tuple(row._replace(render=render_spied) if row == wanted else row for row in FORMATS)
    monkeypatch.setattr(render, "FORMATS", rows)
    return drawn


# --------------------------------------------------------------------------- the registry's shape


def test_every_row_names_a_known_document_and_every_document_has_its_default() -> None:
    names = {kind.name for kind in KINDS}
    assert {row.document for row in FORMATS} == names
    for kind in KINDS:
        default = render.get_format(kind.default, kind.name)
        assert default.extensions and not default.binary, kind


def test_an_extension_names_the_same_format_for_every_document() -> None:
    """So a file name means one format whatever the command, and the refusals can name it."""
    seen: dict[str, str] = {}
    for row in FORMATS:
        for ending in row.extensions:
            assert ending.startswith(".") and ending == ending.lower()
            assert seen.setdefault(ending, row.name) == row.name, ending
    assert len({(row.document, row.name) for row in FORMATS}) == len(FORMATS)


def test_binary_formats_are_the_pdfs() -> None:
    assert {row.name for row in FORMATS if row.binary} == {"pdf"}
    assert {row.document for row in FORMATS if row.binary} == {"checklist", "quiz", "answers", "slides"}


# --------------------------------------------------------------------------- every row from its command


@pytest.mark.parametrize("row", [row for row in FORMATS if row.extensions], ids=_row_id)
def test_every_row_is_reachable_from_its_command_by_the_file_name(
    dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: Format
) -> None:
    drawn = _spy(monkeypatch, row)
    target = tmp_path / f"out{row.extensions[0]}"
    result = dmtx(*COMMANDS[row.document], "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert len(drawn) == 1 and result.stdout == ""
    assert f"Wrote {target}" in result.stderr and row.name in result.stderr
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") if row.binary else data.decode("utf-8").strip()


@pytest.mark.parametrize("row", FORMATS, ids=_row_id)
def test_every_row_is_reachable_from_its_command_by_format(
    dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: Format
) -> None:
    drawn = _spy(monkeypatch, row)
    if row.binary:  # to a file: in a pipe it would go to stdout as bytes
        result = dmtx(*COMMANDS[row.document], "--format", row.name, "-o", str(tmp_path / "named.anything"))
    else:
        result = dmtx(*COMMANDS[row.document], "--format", row.name)
        assert result.stdout.strip()
    assert result.exit_code == 0, result.stderr
    assert len(drawn) == 1


@pytest.mark.parametrize("args", [["quiz", "-n", "1"], ["quiz", "--answers", "-n", "1"], ["present", "-t", "1"]])
def test_a_pdf_goes_to_a_pipe_as_bytes(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", *args, "--format", "pdf"], capture_output=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("args", [["quiz"], ["quiz", "--answers"], ["present"], ["checklist"]])
def test_a_pdf_is_never_written_to_a_terminal(on_terminal: Terminal, args: list[str]) -> None:
    result = on_terminal(*args, "--format", "pdf")
    assert result.exit_code == 2
    assert "%PDF" not in result.stdout
    assert "not text to show on a screen" in result.stdout + result.stderr
    assert ".pdf" in result.stdout + result.stderr


# --------------------------------------------------------------------------- the CLI's choices


def _choices(*path: str) -> list[str]:
    from dmtx.cli import app

    command: Any = typer.main.get_command(app)  # Typer's own click: read it by its attributes
    for name in path:
        command = command.commands[name]
    option = next(p for p in command.params if "--format" in getattr(p, "opts", ()))
    return [str(getattr(choice, "value", choice)) for choice in option.type.choices]


@pytest.mark.parametrize(("document", "path"), [(d, p) for d, p in CLI_COMMANDS.items()])
def test_the_cli_format_choices_come_from_the_registry(document: str, path: tuple[str, ...]) -> None:
    documents = ("quiz", "answers") if document == "quiz" else (document,)
    assert _choices(*path) == list(render.format_names(*documents))


def test_a_made_up_row_is_picked_up_by_the_cli_and_the_chooser(tmp_path: Path) -> None:
    """One row added to the registry: a --format choice, an extension -o understands, its renderer used."""
    script = textwrap.dedent(
        """
        import sys
        from dmtx import render
        shout = render.Format("slides", "shout", (".shout",), lambda deck, options: deck.title.upper() + "\\n")
        render.FORMATS = (*render.FORMATS, shout)
        from typer.testing import CliRunner
        from dmtx.cli import app
        runner = CliRunner()
        help_text = runner.invoke(app, ["present", "--help"], env={"COLUMNS": "200"}).stdout
        assert "shout" in help_text, help_text
        by_name = runner.invoke(app, ["present", "-t", "1", "-o", sys.argv[1]])
        assert by_name.exit_code == 0, by_name.stderr
        by_format = runner.invoke(app, ["present", "-t", "1", "--format", "shout"])
        assert by_format.exit_code == 0, by_format.stderr
        print(by_format.stdout, end="")
        contradicting = runner.invoke(app, ["present", "--format", "shout", "-o", "x.html"])
        assert contradicting.exit_code == 2 and "does not match" in contradicting.stderr
        wrong = runner.invoke(app, ["quiz", "-o", "x.shout"])
        assert wrong.exit_code == 2 and "cannot be written as shout" in wrong.stderr, wrong.stderr
        """
    )
    target = tmp_path / "deck.shout"
    done = subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    title = "DMTX: TREATING DERMATOMYOSITIS, IN PLAIN WORDS\n"
    assert done.stdout == title and target.read_text(encoding="utf-8") == title


def test_a_made_up_row_is_picked_up_by_the_chooser(monkeypatch: pytest.MonkeyPatch) -> None:
    row = Format("journal", "tsv", (".tsv",), lambda entries, options: "")
    monkeypatch.setattr(render, "FORMATS", (*FORMATS, row))
    assert choose_format("journal", None, "x.tsv").format == row
    assert "tsv" in render.format_names("journal")
    with pytest.raises(UsageProblem, match="cannot be written as tsv"):
        choose_format("checklist", None, "x.tsv")


# --------------------------------------------------------------------------- refusals, in every command

CONTRADICTIONS = [
    (["checklist", "-t", "1", "--format", "html"], "list.md", "--force-format"),
    (["quiz", "--format", "html"], "q.md", "change one of them."),
    (["quiz", "--answers", "--format", "pdf"], "a.txt", "change one of them."),
    (["present", "--format", "pdf"], "s.html", "change one of them."),
    (["journal", "export", "--format", "json"], "j.csv", "change one of them."),
]


@pytest.mark.parametrize(("args", "name", "phrase"), CONTRADICTIONS, ids=lambda v: v if isinstance(v, str) else None)
def test_a_format_that_contradicts_the_file_name_is_refused(
    dmtx: Dmtx, tmp_path: Path, args: list[str], name: str, phrase: str
) -> None:
    target = tmp_path / name
    assert_clean_error(dmtx(*args, "-o", str(target)), 2, "does not match", phrase)
    assert not target.exists()


WRONG_EXTENSIONS = [
    ("checklist", "list.csv", "csv"),
    ("quiz", "q.json", "json"),
    ("quiz", "q.csv", "csv"),
    ("answers", "a.csv", "csv"),
    ("slides", "s.json", "json"),
    ("slides", "s.md", "markdown"),
    ("journal", "j.pdf", "pdf"),
    ("journal", "j.html", "html"),
    ("journal", "j.txt", "text"),
]


@pytest.mark.parametrize(("document", "name", "named"), WRONG_EXTENSIONS)
def test_an_extension_this_document_cannot_be_written_as_is_refused(
    dmtx: Dmtx, tmp_path: Path, document: str, name: str, named: str
) -> None:
    target = tmp_path / name
    result = dmtx(*COMMANDS[document], "-o", str(target))
    noun = render.kind(document).noun
    assert_clean_error(result, 2, f"{noun} cannot be written as {named} ({target})", "its formats are")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()


@pytest.mark.parametrize("document", [kind.name for kind in KINDS])
def test_an_unknown_extension_gives_the_default_format_and_says_so(dmtx: Dmtx, tmp_path: Path, document: str) -> None:
    for name in ("out.dat", "no-extension"):
        target = tmp_path / name
        result = dmtx(*COMMANDS[document], "-o", str(target))
        assert result.exit_code == 0, result.stderr
        default = render.kind(document).default
        assert f"Wrote {target} as {default} (" in result.stderr
        assert f"its extension names no format ({render.endings(document)}); --format chooses one." in result.stderr
        assert target.read_bytes().strip()


# --------------------------------------------------------------------------- the chooser


def test_the_chooser_follows_the_file_name_unless_format_is_given() -> None:
    assert choose_format("quiz", None, "q.PDF") == (render.get_format("pdf", "quiz"), False)
    assert choose_format("quiz", "html", "q.htm").format.name == "html"
    assert choose_format("quiz", "pdf", None).format.name == "pdf"  # a pipe: bytes go to stdout
    assert choose_format("quiz", None, None).format.name == "text"
    assert choose_format("journal", None, None).format.name == "csv"
    assert choose_format("checklist", None, None, screen="terminal").format.name == "terminal"


def test_the_terminal_format_is_written_to_a_file_as_text() -> None:
    assert choose_format("checklist", "terminal", "x.txt").format.name == "text"
    assert choose_format("checklist", "terminal", "x.dat") == (render.get_format("text"), False)


def test_force_format_writes_what_was_asked_and_only_where_the_command_has_it() -> None:
    assert choose_format("checklist", "text", "x.pdf", force_format=True).format.name == "text"
    with pytest.raises(UsageProblem, match="add --force-format"):
        choose_format("checklist", "text", "x.pdf", force_format=False)
    with pytest.raises(UsageProblem) as refused:
        choose_format("slides", "text", "x.pdf")
    assert "--force-format" not in str(refused.value)


def test_a_format_the_document_does_not_have_is_refused() -> None:
    with pytest.raises(UsageProblem, match="The slides cannot be written as markdown"):
        choose_format("slides", "markdown", None)


@pytest.mark.parametrize("document", ["checklist", "quiz", "answers", "slides"])
def test_the_chooser_refuses_a_pdf_for_a_terminal(document: str) -> None:
    with pytest.raises(
        UsageProblem, match=rf"not text to show on a screen; write it with -o {render.kind(document).stem}\.pdf"
    ):
        choose_format(document, "pdf", None, terminal=True)
    assert choose_format(document, "pdf", "x.pdf", terminal=True).format.binary


@pytest.mark.parametrize("command", [["present", "--topic", "ivig"], ["quiz"], ["checklist"], ["journal", "export"]])
@pytest.mark.parametrize("name", ["slides.docx", "handout.PPTX", "list.jpg"])
def test_a_file_name_of_another_program_is_refused_and_nothing_is_written(
    dmtx: Dmtx, tmp_path: Path, command: list[str], name: str
) -> None:
    """'present --topic ivig -o x.docx' wrote plain text into a .docx file and exited 0."""
    target = tmp_path / name
    result = dmtx(*command, "-o", str(target))
    assert_clean_error(result, 2, f"names a {target.suffix.lower()} file, which dmtx cannot write; it writes")
    assert not target.exists()


def test_a_name_with_no_extension_is_still_written_as_text_and_said_so(dmtx: Dmtx, tmp_path: Path) -> None:
    result = dmtx("checklist", "-o", str(tmp_path / "visit"))
    assert result.exit_code == 0 and "as text" in result.stderr and (tmp_path / "visit").exists()

"""Every core command through the real CLI: output, exit code and stderr together."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import BUNDLED, ROOT, Dmtx, Terminal, assert_clean_error, run_process

DISCLAIMER = "A teaching aid, not medical advice."


def flat(text: str) -> str:
    """Output with line wrapping undone, for asserting whole sentences."""
    return " ".join(text.split())


COMMANDS = ["topics", "topic", "drugs", "drug", "terms", "term", "references", "search"]


def test_no_arguments_shows_welcome(dmtx: Dmtx) -> None:
    result = dmtx()
    assert result.exit_code == 0
    for number in range(1, 7):
        assert f"  {number}. " in result.stdout
    assert "dmtx topic 1" in result.stdout and "dmtx checklist" in result.stdout
    assert DISCLAIMER in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("columns", ["80", "40"])
def test_plain_welcome_keeps_space_between_each_command_and_its_explanation(dmtx: Dmtx, columns: str) -> None:
    out = dmtx(env={"COLUMNS": columns}).stdout
    for command, meaning in (
        ("dmtx topic 1", "read point 1"),
        ("dmtx drug Imuran", "look up a drug"),
        ("dmtx checklist", "print questions"),
    ):
        assert re.search(rf"^  {re.escape(command)} {{2,}}{re.escape(meaning)}", out, re.MULTILINE), out


def test_topics_lists_six_points_with_summaries(dmtx: Dmtx) -> None:
    result = dmtx("topics")
    assert result.exit_code == 0
    assert "1. Prednisone, the usual drug of choice (prednisone)" in result.stdout
    assert "6. IVIG" in result.stdout
    assert "The page says adults often cannot fully stop prednisone." in result.stdout
    assert DISCLAIMER in result.stdout
    assert "2014-08-18" in result.stdout


@pytest.mark.parametrize("given", ["1", "prednisone", "PREDNISONE", " Prednisone "])
def test_topic_by_number_or_slug(dmtx: Dmtx, given: str) -> None:
    result = dmtx("topic", given)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Point 1: Prednisone, the usual drug of choice")
    for section in ("What the page says", "Drugs named", "Words explained", "Questions to ask your doctor"):
        assert section in out
    assert "F1.2" not in out and "40 to 60 mg" in out  # fact ids stay out of patient screens
    assert "creatinine kinase" in out  # the editor's note
    assert DISCLAIMER in out


def test_topic_shows_references_cited(dmtx: Dmtx) -> None:
    out = dmtx("topic", "4").stdout
    assert "The page cites" in out
    assert "[1] The Merck Manual" in out and "[3] A Sauty" in out and "[4] R Queiro-Silva" in out


def test_topic_marks_questions_for_adults_and_children(dmtx: Dmtx) -> None:
    out = dmtx("topic", "stopping").stdout
    assert "(for adults)" in out and "(for children)" in out


def test_unknown_topic_suggests(dmtx: Dmtx) -> None:
    result = dmtx("topic", "prednisne")
    assert_clean_error(result, 1, "no topic 'prednisne'", "did you mean: prednisone?")
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("prednisone", "prednisone"),
        ("Deltasone", "prednisone"),
        ("Rayos", "prednisone"),
        ("Sterapred", "prednisone"),
        ("Trexall", "methotrexate"),
        ("otrexup", "methotrexate"),
        ("Rasuvo", "methotrexate"),
        ("MTX", "methotrexate"),
        ("Leukeran", "chlorambucil"),
        ("Sandimmune", "cyclosporine"),
        ("Neoral", "cyclosporine"),
        ("Gengraf", "cyclosporine"),
        ("ciclosporin", "cyclosporine"),
        ("Imuran", "azathioprine"),
        ("Azasan", "azathioprine"),
        ("IVIG", "intravenous immunoglobulin (IVIG)"),
        ("igiv", "intravenous immunoglobulin (IVIG)"),
        ("Gammagard", "intravenous immunoglobulin (IVIG)"),
        ("Privigen", "intravenous immunoglobulin (IVIG)"),
        ("Octagam", "intravenous immunoglobulin (IVIG)"),
        ("Sandoglobulinit", "intravenous immunoglobulin (IVIG)"),
    ],
)
def test_drug_by_any_name(dmtx: Dmtx, name: str, generic: str) -> None:
    result = dmtx("drug", name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == generic
    assert DISCLAIMER in result.stdout


def test_brand_match_says_which_brand_and_status(dmtx: Dmtx) -> None:
    out = flat(dmtx("drug", "Gamimune").stdout)
    assert (
        "Gamimune is a brand name in the US for intravenous immunoglobulin (IVIG), we have not checked whether it is still sold."
        in out
    )
    out = flat(dmtx("drug", "gammagard").stdout)
    assert (
        "Gammagard is a brand name in the US for intravenous immunoglobulin (IVIG), still sold, as we checked in 2026."
        in out
    )


@pytest.mark.parametrize(
    ("typed", "generic", "brand"),
    [
        *((typed, "azathioprine", "Imuran") for typed in ["Imuran®", "IMURAN", "  imuran  ", "Imuran\u2122", "ímurán"]),
        ("gamunex c", "intravenous immunoglobulin (IVIG)", "Gamunex-C"),
        ("Gamunex-C", "intravenous immunoglobulin (IVIG)", "Gamunex-C"),
    ],
)
def test_drug_lookup_ignores_case_accents_marks_and_spaces(dmtx: Dmtx, typed: str, generic: str, brand: str) -> None:
    result = dmtx("drug", typed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == generic
    assert f"{brand} is a brand name" in flat(result.stdout)


def test_drug_name_of_several_words(dmtx: Dmtx) -> None:
    result = dmtx("drug", "intravenous", "immunoglobulin")
    assert result.exit_code == 0
    assert result.stdout.startswith("intravenous immunoglobulin (IVIG)")


def test_related_but_different_drug_is_flagged(dmtx: Dmtx) -> None:
    result = dmtx("drug", "prednisolone")
    assert result.exit_code == 0
    assert "Warning: prednisolone is not prednisone." in result.stdout


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("metotrexate", "methotrexate"),
        ("azathiprine", "azathioprine"),
        ("imurna", "Imuran"),
        ("predinsone", "prednisone"),
    ],
)
def test_misspelled_drug_gets_did_you_mean(dmtx: Dmtx, typo: str, meant: str) -> None:
    result = dmtx("drug", typo)
    assert_clean_error(result, 1, f"no drug called '{typo}'")
    assert result.stderr.splitlines()[1].startswith("dmtx: Did you mean: ")
    assert meant in result.stderr.splitlines()[1]


def test_drug_nothing_close(dmtx: Dmtx) -> None:
    result = dmtx("drug", "zzzzzz")
    assert_clean_error(result, 1, "no drug called 'zzzzzz'")
    assert "Did you mean" not in result.stderr


def test_drugs_lists_all_six(dmtx: Dmtx) -> None:
    out = dmtx("drugs").stdout
    for name in ("prednisone", "methotrexate", "chlorambucil", "cyclosporine", "azathioprine", "IVIG"):
        assert name in out
    assert "In points: 4, 5" in out
    assert DISCLAIMER in out


def test_terms_and_term_lookup(dmtx: Dmtx) -> None:
    out = dmtx("terms").stdout
    assert "remission:" in out and "creatine kinase (CK):" in out
    result = dmtx("term", "creatinine", "kinase")
    assert result.exit_code == 0
    assert result.stdout.startswith("creatine kinase (CK)")
    assert "Showing creatine kinase (CK) for 'creatinine kinase'." in result.stdout
    assert "kidney" in result.stdout
    assert dmtx("term", "CD8 cells").stdout.startswith("lymphocyte")


def test_misspelled_term_suggests(dmtx: Dmtx) -> None:
    result = dmtx("term", "remision")
    assert_clean_error(result, 1, "'remision' is not in the glossary", "did you mean: remission")


def test_references_numbered_with_notes(dmtx: Dmtx) -> None:
    out = flat(dmtx("references").stdout)
    for number in range(1, 9):
        assert f"[{number}] " in out
    assert "7th edition" in out
    assert "17th edition" in out
    assert "Later sources cited by dmtx" in out and "N Engl J Med" in out


def test_search_shows_where_and_highlights(dmtx: Dmtx) -> None:
    result = dmtx("search", "muscle", "weakness")
    assert result.exit_code == 0
    assert "topic 3" in result.stdout
    assert "*muscle*" in result.stdout and "*weakness*" in result.stdout


def test_search_finds_drugs_and_terms(dmtx: Dmtx) -> None:
    out = dmtx("search", "Imuran").stdout
    assert "drug azathioprine" in out
    out = dmtx("search", "kidney").stdout
    assert "term creatine-kinase" in out


def test_search_without_hits_is_exit_1_and_says_the_guide_does_not_cover_it(dmtx: Dmtx) -> None:
    assert_clean_error(dmtx("search", "xylophone"), 1, "does not cover 'xylophone'", "MedlinePlus", "dmtx beyond")


@pytest.mark.parametrize(
    "words",
    [["xylophone", "kidney"], ["kidney", "xylophone"], ["xylophone kidney"], ["Imuran", "kidney"]],
    ids=lambda w: "+".join(w),
)
def test_search_without_every_word_shows_the_most_and_says_so(dmtx: Dmtx, words: list[str]) -> None:
    # Each word alone has hits ("Imuran" is a drug, "kidney" a glossary entry), never together.
    for word in " ".join(words).split():
        if word != "xylophone":
            assert dmtx("search", word).exit_code == 0, word
    result = dmtx("search", *words)
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "No place has all your words. These have some of them, best first." in out
    if "xylophone" in " ".join(words):
        assert "Not found: xylophone." in out and "This guide does not cover 'xylophone'" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_plain_help(dmtx: Dmtx, command: str) -> None:
    result = dmtx(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert "--data" in result.stdout and "--no-color" in result.stdout


def test_version(dmtx: Dmtx) -> None:
    result = dmtx("--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"dmtx \S+\n", result.stdout)


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["drug"], "missing argument"),
        (["topic"], "missing argument"),
        (["nosuchcommand"], "no such command"),
        (["topics", "--bogus"], "no such option"),
    ],
)
def test_usage_errors_exit_2_in_one_line(dmtx: Dmtx, args: list[str], phrase: str) -> None:
    assert_clean_error(dmtx(*args), 2, phrase)


@pytest.mark.parametrize("args", [["drug", ""], ["drug", "   "], ["term", ""], ["search", " "], ["topic", ""]])
def test_empty_names_are_usage_errors(dmtx: Dmtx, args: list[str]) -> None:
    assert_clean_error(dmtx(*args), 2, "empty")


def test_data_option_and_env_use_another_file(dmtx: Dmtx, tmp_path) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    adapted = tmp_path / "class.yaml"
    adapted.write_text(text.replace("Prednisone, the usual drug of choice", "Our class title"), encoding="utf-8")
    assert "Our class title" in dmtx("--data", str(adapted), "topics").stdout
    assert "Our class title" in dmtx("topics", "--data", str(adapted)).stdout
    assert "Our class title" in dmtx("topics", env={"DMTX_DATA": str(adapted)}).stdout


def test_missing_data_file_is_exit_3(dmtx: Dmtx, tmp_path) -> None:
    result = dmtx("--data", str(tmp_path / "none.yaml"), "topics")
    assert_clean_error(result, 3, "invalid knowledge file", "no such file")


def test_narrow_terminal_stays_within_40_columns(dmtx: Dmtx) -> None:
    for args in (["topic", "1"], ["drug", "ivig"], ["topics"], ["search", "dose"]):
        out = dmtx(*args, env={"COLUMNS": "40"}).stdout
        assert max(len(line) for line in out.splitlines()) <= 40, args


def test_markup_in_data_is_shown_literally(dmtx: Dmtx, tmp_path) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    adapted = tmp_path / "markup.yaml"
    adapted.write_text(
        text.replace("Prednisone, the usual drug of choice", "[bold]Bold[/] :smile: \\e[2J"), encoding="utf-8"
    )
    out = dmtx("--data", str(adapted), "topic", "1").stdout
    assert "[bold]Bold[/] :smile: \\x1b[2J" in out
    assert "\x1b" not in out


def test_subprocess_exit_codes() -> None:
    assert run_process("topics").exit_code == 0
    assert run_process("drug", "nothing-like-it").exit_code == 1
    assert run_process("--bogus").exit_code == 2
    assert run_process("--data", "/nonexistent.yaml", "topics").exit_code == 3


def test_closed_pipe_exits_quietly() -> None:
    import subprocess

    done = subprocess.run(
        f"{sys.executable} -m dmtx topic 1 | head -1", shell=True, capture_output=True, text=True, timeout=30
    )
    assert done.stdout.startswith("Point 1")
    assert "Traceback" not in done.stderr and "Error" not in done.stderr


@pytest.mark.parametrize("buffered", [True, False])
@pytest.mark.parametrize("command", ["topics", "drug prednisone", "quiz --format text -n 2"])
def test_full_disk_is_exit_4(buffered: bool, command: str) -> None:
    """Buffered too: Python's own flush at exit must not fail again (it made exit code 120)."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    done = subprocess.run(
        f"{sys.executable} -m dmtx {command} > /dev/full",
        shell=True,
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 4, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.stderr == "dmtx: Cannot write output: No space left on device.\n"


def test_colour_terminal_gets_rich_boxes_and_plain_when_no_color() -> None:
    env = {"TERM": "xterm-256color", "COLUMNS": "60", "PATH": "/usr/bin:/bin", "PAGER": "cat"}
    child = pexpect.spawn(
        sys.executable, ["-m", "dmtx", "topic", "1"], env=env, encoding="utf-8", timeout=20, dimensions=(40, 60)
    )
    child.expect(pexpect.EOF)
    rich_out = child.before
    assert "╭" in rich_out and "\x1b[" in rich_out
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dmtx", "--no-color", "topic", "1"],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 60),
    )
    child.expect(pexpect.EOF)
    assert "╭" not in child.before and "\x1b[" not in child.before
    env_no = {**env, "NO_COLOR": "1"}
    child = pexpect.spawn(
        sys.executable, ["-m", "dmtx", "topic", "1"], env=env_no, encoding="utf-8", timeout=20, dimensions=(40, 60)
    )
    child.expect(pexpect.EOF)
    assert "\x1b[" not in child.before


SCREENS = [[], ["topics"], ["topic", "1"], ["drugs"], ["drug", "ivig"], ["terms"], ["term", "CK"], ["references"]]
SCREENS += [["search", "muscle"], ["drug", "ivig", "--names"]]
FULL_DISCLAIMER = "A teaching aid, not medical advice. Treatment decisions stay with your doctor and you."
SOURCE_LINE = "Based on 'Treatment Of Dermatomyositis', Your Online Health Information Site, last modified 2014-08-18."
REVIEW_LINE = "Reviewed December 2026. Who checks it, and how: dmtx about"  # the month its parts were last checked


@pytest.mark.parametrize("args", SCREENS, ids=lambda a: " ".join(a) or "welcome")
def test_every_screen_ends_with_the_disclaimer_source_and_review_month_plain_and_in_colour(
    dmtx: Dmtx, on_terminal: Terminal, args: list[str]
) -> None:
    plain = dmtx(*args)
    assert plain.exit_code == 0, plain.stderr
    assert flat(plain.stdout).endswith(f"{FULL_DISCLAIMER} {SOURCE_LINE} {REVIEW_LINE}")
    colour = on_terminal(*args, cols=100)
    assert (colour.exit_code, colour.stderr) == (0, "")
    assert "\x1b[" in colour.stdout and "\u256d" in colour.stdout, "not the colour screen"
    coloured = flat(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", colour.stdout))
    assert coloured.endswith(f"{FULL_DISCLAIMER} {SOURCE_LINE} {REVIEW_LINE}"), coloured[-300:]


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        (["Drug", "Prednisone"], ["drug", "prednisone"]),
        (["TOPIC", "1"], ["topic", "1"]),
        (["checklist", "--format", "TEXT", "-t", "1"], ["checklist", "--format", "text", "-t", "1"]),
        (["checklist", "--patient", "Child", "-t", "2"], ["checklist", "--patient", "child", "-t", "2"]),
    ],
)
def test_command_names_and_choices_are_read_in_any_case(dmtx: Dmtx, typed: list[str], same_as: list[str]) -> None:
    """Caps lock, or a capital from the phone's keyboard: every name dmtx has is lower case."""
    got, expected = dmtx(*typed), dmtx(*same_as)
    assert got.exit_code == 0, got.stderr
    assert got.stdout == expected.stdout


def test_a_journal_kind_in_capitals_is_added(dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "journal.sqlite3"))
    result = dmtx("journal", "add", "CK", "850", "--date", "2026-01-01")
    assert result.exit_code == 0 and result.stdout == "Added entry 1: CK 850 U/L on 2026-01-01.\n", result.stderr


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("point 3", 3), ("Point 1", 1), ("#3", 3), ("3.", 3), ("topic 2", 2), ("+3", 3), ("three", 3), ("\uff13", 3)],
)
def test_a_topic_asked_for_by_its_number_in_words_is_that_topic(dmtx: Dmtx, typed: str, shown: int) -> None:
    """'dmtx topic "point 3"' showed Point 4 ("No topic is named 'point 3'"): the words were searched."""
    result = dmtx("topic", typed, "--no-color")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Point {shown}:") and "No topic is named" not in result.stdout


@pytest.mark.parametrize("typed", ["-1", "12", "40", "point 9", "+12", "12,", "3,4", "3/4", "0"])
def test_a_number_that_is_no_topic_is_refused_never_searched(dmtx: Dmtx, typed: str) -> None:
    """'topic -- -1' showed Point 1 and 'topic 12' the point whose text holds 12, both with exit 0."""
    assert_clean_error(dmtx("topic", "--", typed), 1, "There is no topic", "Topics are numbered 1 to 6")


def test_a_word_beyond_the_page_is_marked_as_a_warning_with_its_sources(dmtx: Dmtx) -> None:
    out = dmtx("term", "biopsy", "--no-color").stdout
    assert out.startswith("biopsy\n======\n\nWarning: Beyond the 2014 page: the editors added this, with sources.\n")
    assert "microscope. For a muscle, the piece is about the size of a pea. [49]" in " ".join(out.split())


def test_a_word_found_by_another_name_says_so_and_lists_what_to_see_also(dmtx: Dmtx) -> None:
    out = dmtx("term", "creatine phosphokinase", "--no-color").stdout
    assert "\nNote: Showing creatine kinase (CK) for 'creatine phosphokinase'.\n" in out
    seen = dmtx("term", "myositis", "--no-color").stdout.split("See also\n--------\n", 1)[1]
    assert seen.split("\n", 1)[0].count(", ") >= 1 and "XX" not in seen

"""Issue #25: the verbs newcomers try first get a pointer instead of a bare "No such command"."""

from __future__ import annotations

import pytest

from conftest import Dmtx, assert_clean_error, run_process


def test_help_shows_the_apps_help(dmtx: Dmtx) -> None:
    result = dmtx("help")
    assert result.exit_code == 0, result.stderr
    assert "Usage: dmtx [OPTIONS] COMMAND" in result.stdout
    assert "checklist" in result.stdout and "journal" in result.stdout


@pytest.mark.parametrize(
    ("words", "usage"),
    [
        (["drug"], "Usage: dmtx drug [OPTIONS]"),
        (["journal", "add"], "Usage: dmtx journal add [OPTIONS] COMMAND"),
        (["journal", "add", "ck"], "Usage: dmtx journal add ck [OPTIONS]"),
        (["help"], "Usage: dmtx help [OPTIONS]"),
    ],
)
def test_help_command_shows_that_commands_help(dmtx: Dmtx, words: list[str], usage: str) -> None:
    result = dmtx("help", *words)
    assert result.exit_code == 0, result.stderr
    assert usage in result.stdout
    assert result.stdout == dmtx(*words, "--help").stdout


@pytest.mark.parametrize(("words", "where"), [(["nope"], "dmtx --help"), (["journal", "nope"], "dmtx journal --help")])
def test_help_for_an_unknown_command_says_so(dmtx: Dmtx, words: list[str], where: str) -> None:
    assert_clean_error(dmtx("help", *words), 2, "No such command 'nope'", where)


def test_journal_list_is_the_list(dmtx: Dmtx, tmp_path: object) -> None:
    journal = f"{tmp_path}/j.sqlite"
    assert dmtx("journal", "add", "ck", "850", "--journal-file", journal).exit_code == 0
    listed = dmtx("journal", "list", "--journal-file", journal)
    assert listed.exit_code == 0, listed.stderr
    assert "850" in listed.stdout
    assert listed.stdout == dmtx("journal", "--journal-file", journal).stdout


@pytest.mark.parametrize(
    ("args", "pointer"),
    [
        (["drugs", "Imuran"], "Did you mean 'dmtx drug Imuran'?"),
        (["drugs", "Imuran 50mg"], "Did you mean 'dmtx drug 'Imuran 50mg''?"),
        (["--no-color", "drugs", "--no-color", "Imuran"], "Did you mean 'dmtx drug Imuran'?"),
        (["topics", "2"], "Did you mean 'dmtx topic 2'?"),
        (["terms", "CK"], "Did you mean 'dmtx term CK'?"),
    ],
)
def test_a_list_command_given_a_name_points_to_the_one_item_command(dmtx: Dmtx, args: list[str], pointer: str) -> None:
    assert_clean_error(dmtx(*args), 2, pointer)


def test_the_list_commands_still_list(dmtx: Dmtx) -> None:
    assert dmtx("drugs", "--no-color").exit_code == 0
    assert dmtx("topics").exit_code == 0


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["drugs", "Imuran"], "Did you mean 'dmtx drug Imuran'?"),
        (["topics", "2"], "Did you mean 'dmtx topic 2'?"),
        (["help", "drug"], ""),
        (["journal", "list", "--journal-file", "/nonexistent-dir/j.sqlite"], ""),
    ],
)
def test_the_console_script_gives_the_same_pointers(args: list[str], phrase: str) -> None:
    result = run_process(*args)
    if phrase:
        assert_clean_error(result, 2, phrase)
    else:
        assert "Traceback" not in result.stderr and "No such command" not in result.stderr, result.stderr

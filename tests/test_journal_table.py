"""The bundled rows of the journal's kinds table, as a person meets them: the score and lab rows'
help, words, chart labels and scale, trend words, what is said when there is nothing to draw, and
the checks of what is typed, at their boundaries.

The table is built when dmtx.journal.kinds is imported. The fixture `built_now` builds it again,
from the module's own source, inside the test, so that a change to `score_row` or `lab_row` (such
as one mutmut makes after the import, see docs/mutation.md) shows in what these tests read.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dmtx.journal import kinds

from conftest import Dmtx, assert_clean_error


@pytest.fixture
def built_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """kinds.TABLE as the module's source builds it now (a fresh copy of the module, not re-imported)."""
    spec = importlib.util.find_spec("dmtx.journal.kinds")
    assert spec is not None and spec.loader is not None
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    monkeypatch.setattr(kinds, "TABLE", fresh.TABLE)


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("DMTX_TODAY", "2026-02-01")
    return path


def _add(dmtx: Dmtx, *args: str) -> str:
    result = dmtx("journal", "add", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_score_and_lab_help_name_every_row(built_now: None, dmtx: Dmtx) -> None:
    score = " ".join(dmtx("journal", "add", "score", "--help", env={"COLUMNS": "200"}).stdout.split())
    # The help is made once per process: a test that added a score before this one may have added its name.
    assert "Add a 0-10 score for weakness, fatigue, pain, skin, swallowing, sleep, brain-fog" in score
    assert " global (0 is none, 10 the worst)." in score or " global or " in score
    assert "NAME weakness, fatigue, pain, skin, swallowing, sleep, brain-fog" in score
    lab = " ".join(dmtx("journal", "add", "lab", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "Add a lab result in U/L: aldolase, alt, ast or ldh (CK has its own kind)." in lab
    assert "NAME aldolase, alt, ast or ldh. [required]" in lab
    assert "U/L The result in U/L. [required]" in lab


def test_scores_and_labs_are_kept_said_charted_and_trended_as_their_rows_say(
    built_now: None, journal: Path, dmtx: Dmtx
) -> None:
    assert _add(dmtx, "lab", "ALT", "40", "--date", "2026-01-01") == "Added entry 1: ALT 40 U/L on 2026-01-01.\n"
    _add(dmtx, "lab", "alt", "44", "--date", "2026-01-05")  # +10 %: about the same
    _add(dmtx, "lab", "ast", "30", "--date", "2026-01-01")
    _add(dmtx, "lab", "ast", "34", "--date", "2026-01-05")  # +13 %: went up
    assert _add(dmtx, "score", "Sleep", "4", "--date", "2026-01-01") == "Added entry 5: sleep 4 of 10 on 2026-01-01.\n"
    _add(dmtx, "score", "sleep", "6", "--date", "2026-01-05")  # 2 points: went up
    chart = dmtx("journal", "chart", "sleep").stdout.splitlines()
    assert chart[0] == "Sleep problems (0-10), 2026-01-01 to 2026-01-05"
    # Drawn on the 0-10 scale: a bar of 4 fills four tenths of the room for bars, whatever the largest value.
    for line, value in zip(chart[1:3], (4, 6), strict=True):
        room = len(line) - len("2026-01-01 ") - len(f" {value}")
        assert line.count("#") / room == pytest.approx(value / 10, abs=0.02), line
    assert dmtx("journal", "chart", "lab", "alt").stdout.startswith("ALT (U/L), 2026-01-01 to 2026-01-05\n")
    text = dmtx("checklist", "--journal", "-f", "text", "-t", "1").stdout
    assert "From 4 of 10 on 2026-01-01 to 6 of 10 on 2026-01-05: went up." in text
    assert "From 40 U/L on 2026-01-01 to 44 U/L on 2026-01-05: stayed about the same." in text
    assert "From 30 U/L on 2026-01-01 to 34 U/L on 2026-01-05: went up." in text
    exported = dmtx("journal", "export", "--format", "csv").stdout
    assert "2026-01-01,lab,alt,40,U/L" in exported and "2026-01-01,score,sleep,4," in exported


def test_nothing_to_draw_names_what_is_missing(built_now: None, journal: Path, dmtx: Dmtx) -> None:
    _add(dmtx, "ck", "900", "--date", "2026-01-01")
    for args, words in ((("score", "fatigue"), "no fatigue scores"), (("lab", "aldolase"), "no Aldolase values")):
        result = dmtx("journal", "chart", *args)
        assert_clean_error(result, 1)
        assert f"There is nothing to draw: {words} in the journal." in result.stderr  # in this case
    choices = dmtx("journal", "chart", "blood").stderr
    assert choices == (
        "dmtx: Choose what to draw: ck, stand, score NAME (e.g. score weakness), lab NAME (e.g. lab aldolase) "
        "or dose MEDICINE.\n"
    )


def test_a_daily_score_rising_well_above_the_days_before_is_the_flare_signal(
    built_now: None, journal: Path, dmtx: Dmtx
) -> None:
    _add(dmtx, "dose", "prednisone", "10", "mg", "--per", "day", "--date", "2025-12-01")
    for day, value in (("2026-01-10", "1"), ("2026-01-11", "1"), ("2026-01-12", "1"), ("2026-01-13", "6")):
        _add(dmtx, "score", "skin", value, "--date", day)
    text = " ".join(dmtx("checklist", "--journal", "-f", "text", "-t", "1").stdout.split())
    assert "My skin score rose to 6 on 2026-01-13, well above its average of 1" in text


@pytest.mark.parametrize(
    ("args", "ok"),
    [
        (("score", "sleep", "0"), True),
        (("score", "sleep", "10"), True),
        (("score", "sleep", "11"), False),
        (("score", "sleep", "-1"), False),
        (("stand", "100"), True),
        (("stand", "101"), False),
        (("lab", "ldh", "0"), True),
    ],
)
def test_typed_values_at_their_boundaries(journal: Path, dmtx: Dmtx, args: tuple[str, ...], ok: bool) -> None:
    result = dmtx("journal", "add", *args)
    assert (result.exit_code == 0) is ok, result.stderr


def test_an_unknown_score_or_lab_is_refused_with_the_list_of_known_ones(journal: Path, dmtx: Dmtx) -> None:
    assert_clean_error(
        dmtx("journal", "add", "score", "itch", "3"),
        2,
        "'itch' is not a score dmtx keeps; use one of weakness, fatigue, pain, skin, swallowing, sleep, brain-fog, global.",
    )
    assert_clean_error(
        dmtx("journal", "add", "lab", "cpk", "3"),
        2,
        "'cpk' is not a lab result dmtx keeps; use one of aldolase, alt, ast, ldh.",
    )
    assert_clean_error(dmtx("journal", "add", "lab", "alt", "-3"), 2, "The value for alt cannot be negative")


def test_a_lab_file_with_another_unit_is_refused_and_u_l_is_kept(
    built_now: None, journal: Path, tmp_path: Path, dmtx: Dmtx
) -> None:
    good = tmp_path / "good.csv"
    good.write_text("date,kind,name,value,unit,range\n2026-01-02,lab,alt,40,U/L,7-56\n", encoding="utf-8")
    assert dmtx("journal", "import", str(good)).stdout == "Imported 1 of 1 entry.\n"
    listed = dmtx("journal").stdout
    assert "ALT 40 U/L (lab range 7-56)" in listed
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,name,value,unit\n2026-01-03,lab,alt,40,mg\n", encoding="utf-8")
    assert_clean_error(dmtx("journal", "import", str(bad)), 2, "A lab result is kept in U/L, not 'mg'")


def test_a_ck_file_may_say_u_l_and_nothing_else(built_now: None, journal: Path, tmp_path: Path, dmtx: Dmtx) -> None:
    good = tmp_path / "ck.csv"
    good.write_text(
        "date,kind,value,unit,range\n2026-01-02,ck,1450,U/L,26-192 U/L\n2026-01-03,ck,900,iu/l,\n", encoding="utf-8"
    )
    assert dmtx("journal", "import", str(good)).stdout == "Imported 2 of 2 entries.\n"
    listed = dmtx("journal").stdout
    assert "CK 1450 U/L (lab range 26-192 U/L)" in listed and "CK 900 U/L" in listed
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,value,unit\n2026-01-04,ck,1450,ukat/L\n", encoding="utf-8")
    result = dmtx("journal", "import", str(bad))
    assert_clean_error(result, 2)
    assert (
        result.stderr == "dmtx: Nothing was imported: row 2: CK is kept in U/L, not 'ukat/L'; give the number in U/L.\n"
    )


def test_a_bad_course_names_the_option(journal: Path, dmtx: Dmtx) -> None:
    result = dmtx("journal", "add", "dose", "ivig", "2", "g", "--every", "4 weeks", "--course", "xyz")
    assert_clean_error(result, 2)
    assert result.stderr.startswith('dmtx: --course must be "N days", "N weeks" or "N months"'), result.stderr


def test_a_medicine_of_two_words_is_charted_by_both(journal: Path, dmtx: Dmtx) -> None:
    _add(dmtx, "dose", "Astagraf XL", "5", "mg", "--per", "day", "--date", "2026-01-03")
    chart = dmtx("journal", "chart", "dose", "Astagraf", "XL")
    assert chart.exit_code == 0, chart.stderr
    assert chart.stdout.startswith("Astagraf XL (mg a day), 2026-01-03\n")


def test_a_note_entry_must_say_something(journal: Path, dmtx: Dmtx) -> None:
    assert_clean_error(dmtx("journal", "add", "note", "   "), 2, "The note is empty.")
    assert _add(dmtx, "note", "Could not climb the stairs", "--date", "2026-01-04").startswith("Added entry 1: ")
    assert "Could not climb the stairs" in dmtx("journal").stdout


def test_an_empty_chart_names_the_lab_that_was_asked_for(journal: Path, dmtx: Dmtx) -> None:
    _add(dmtx, "ck", "500", "--date", "2026-01-01")
    result = dmtx("journal", "chart", "lab", "ast")
    assert result.exit_code == 1
    assert result.stderr == "dmtx: There is nothing to draw: no AST values in the journal.\n"

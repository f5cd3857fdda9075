"""Trust signals (issue #21 item 7, PIF TICK / IPDAS): review dates on every part, `dmtx about`, overdue parts.

Every test sets the day (DMTX_TODAY, or validate --today), so none changes with the calendar.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from dmtx.knowledge import load

from conftest import BUNDLED, REVIEW_DAY, ROOT, Dmtx, assert_clean_error

TEXT = BUNDLED.read_text(encoding="utf-8")
OVERDUE_DAY = "2028-01-01"  # after every bundled next review (2027-12-02)


def _stamp_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stamp_reviews", ROOT / "tools" / "stamp_reviews.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_topic_drug_term_and_beyond_entry_has_review_dates_a_year_apart() -> None:
    knowledge = load(BUNDLED, use_cache=False)
    parts = [*knowledge.topics, *knowledge.drugs, *knowledge.terms, *knowledge.beyond]
    assert len(parts) >= 45
    for part in parts:
        assert part.reviewed in ("2026-12-02", "2026-12-03"), part  # the second review round, and its PEMAT words
        assert part.next_review == f"{int(part.reviewed[:4]) + 1}{part.reviewed[4:]}", part


def test_a_missing_review_date_is_a_located_problem(dmtx: Dmtx, tmp_path: Path) -> None:
    start = TEXT.index('  - id: "methotrexate"')
    at = TEXT.index('    next_review: "2027-12-02"\n', start)
    path = tmp_path / "g.yaml"
    path.write_text(TEXT[:at] + TEXT[at:].replace('    next_review: "2027-12-02"\n', "", 1), encoding="utf-8")
    result = dmtx("validate", "--today", REVIEW_DAY, str(path))
    assert result.exit_code == 3
    assert "drugs[1]: missing required field 'next_review'" in result.stdout


def _parts() -> int:
    from dmtx.knowledge import load

    knowledge = load(BUNDLED)
    parts = [*knowledge.topics, *knowledge.drugs, *knowledge.terms, *knowledge.beyond]
    return sum(part.next_review == "2027-12-02" for part in parts)  # those late on 2027-12-03


PARTS = _parts()


def test_validate_fails_naming_every_part_due_before_the_day_given(dmtx: Dmtx) -> None:
    assert dmtx("validate", "--today", "2027-12-02").exit_code == 0  # due that day is not yet late
    result = dmtx("validate", "--today", "2027-12-03")
    assert result.exit_code == 3, result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) == PARTS  # every point, drug, term and beyond-the-page entry
    assert any(
        re.search(r":\d+:\d+: drugs\[1\]\.next_review: methotrexate was due for review on 2027-12-02", x) for x in lines
    )
    assert any("points[0].next_review: point 1 was due" in line for line in lines)
    assert f"{PARTS} problems" in result.stderr


def test_validate_without_today_uses_the_clock(dmtx: Dmtx, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMTX_TODAY", OVERDUE_DAY)
    assert dmtx("validate").exit_code == 3
    monkeypatch.setenv("DMTX_TODAY", REVIEW_DAY)
    assert dmtx("validate").exit_code == 0


def test_without_dmtx_today_the_clock_is_the_system_date(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime

    from dmtx import clock

    monkeypatch.delenv("DMTX_TODAY", raising=False)
    before = datetime.date.today().isoformat()
    found = clock.today()
    assert found in (before, datetime.date.today().isoformat())  # the same day, unless midnight passed
    monkeypatch.setenv("DMTX_TODAY", " 2031-07-04 ")
    assert clock.today() == "2031-07-04"


def test_a_day_that_is_not_a_date_is_a_usage_error(dmtx: Dmtx, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_clean_error(dmtx("validate", "--today", "2027-02-30"), 2, "--today", "YYYY-MM-DD")
    monkeypatch.setenv("DMTX_TODAY", "soon")
    assert_clean_error(dmtx("topic", "1"), 2, "DMTX_TODAY")


SCREENS = [["topic", "1"], ["drug", "Imuran"], ["term", "CK"], ["beyond", "rituximab"], ["topics"], ["drugs"]]
SCREENS += [["terms"], ["beyond"], ["references"], ["about"], ["search", "weakness"], ["checklist", "--situations"], []]


@pytest.mark.parametrize("args", SCREENS)
def test_every_screen_footer_shows_the_review_month(dmtx: Dmtx, args: list[str]) -> None:
    result = dmtx(*args)
    assert result.exit_code == 0, result.stderr
    assert "Reviewed December 2026. Who checks it, and how: dmtx about" in result.stdout
    assert "out of date" not in result.stdout.split("----------")[-1]


def test_a_screen_past_its_next_review_says_so_plainly(dmtx: Dmtx, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMTX_TODAY", OVERDUE_DAY)
    one = dmtx("drug", "methotrexate", env={"COLUMNS": "200"}).stdout
    assert "This part was due for review on 2 December 2027; it may be out of date." in one
    listing = dmtx("drugs", env={"COLUMNS": "200"}).stdout
    assert "Part of this was due for review on 2 December 2027; it may be out of date." in listing
    whole = dmtx("references", env={"COLUMNS": "200"}).stdout
    assert "Part of this guide was due for review on 2 December 2027; it may be out of date." in whole
    found = dmtx("search", "weakness", env={"COLUMNS": "200"}).stdout
    assert "Part of this guide was due for review on 2 December 2027" in found


def test_a_screen_is_not_overdue_on_its_due_day(dmtx: Dmtx, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMTX_TODAY", "2027-12-02")
    assert "out of date" not in dmtx("topic", "1").stdout


def test_about_says_who_wrote_and_checked_it_its_evidence_money_updates_and_errors(dmtx: Dmtx) -> None:
    result = dmtx("about", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = result.stdout
    for heading in (
        "Who wrote it",
        "Who checked it, and how",
        "What it rests on",
        "Money and conflicts of interest",
        "How it is kept up to date",
        "Found a mistake?",
        "When it was checked",
    ):
        assert f"\n{heading}\n" in text, heading
    assert "AI tools" in text and "No doctor, nurse or pharmacist has signed off this guide." in text
    assert "no funding" in text and "no conflicts of interest" in text
    assert "dmtx references" in text and "issue tracker" in text
    assert "The oldest check was in December 2026. The next checks are due by December 2027." in text
    assert "HON" not in text  # HONcode closed in 2022: never claimed
    assert "dmtx has no quality mark" in text


def test_about_lists_the_parts_late_for_their_check(dmtx: Dmtx, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMTX_TODAY", OVERDUE_DAY)
    text = dmtx("about", env={"COLUMNS": "200"}).stdout
    assert "These parts are late for their next check, so they may be out of date:" in text
    assert "drug methotrexate (due 2 December 2027)" in text


def test_the_about_text_lives_in_the_knowledge_file() -> None:
    knowledge = load(BUNDLED, use_cache=False)
    assert [s.heading for s in knowledge.meta.trust][:2] == ["Who wrote it", "Who checked it, and how"]
    source = (ROOT / "dmtx" / "views.py").read_text(encoding="utf-8")
    assert "conflicts of interest" not in source and "signed off" not in source


def test_stamping_dates_the_entries_a_merge_brings_and_nothing_else(tmp_path: Path, dmtx: Dmtx) -> None:
    tool = _stamp_tool()
    # A new drug arrives without dates (as from a branch that adds content); another lost its dates.
    new_drug = TEXT.index('  - id: "methotrexate"')
    start = TEXT.index('  - id: "azathioprine"')
    dates = '    reviewed: "2026-12-02"\n    next_review: "2027-12-02"\n'
    block_end = TEXT.index(dates, start) + len(dates)
    azathioprine = TEXT[start:block_end].replace('id: "azathioprine"', 'id: "newdrug"').replace(dates, "")
    azathioprine = azathioprine.replace('name: "azathioprine"', 'name: "newdrug"')
    text = TEXT[:new_drug] + azathioprine + TEXT[new_drug:]
    text, changed = tool.stamp(text, tool.dt.date(2027, 3, 5))
    assert len(changed) == 1 and "newdrug" in changed[0]
    assert text.count('reviewed: "2027-03-05"') == 1 and text.count('next_review: "2028-03-05"') == 1
    again, changed_again = tool.stamp(text, tool.dt.date(2027, 3, 5))
    assert (again, changed_again) == (text, [])
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    assert tool.main([str(path), "--check"]) == 0


def test_stamping_keeps_an_entrys_own_review_and_restamps_only_when_asked() -> None:
    tool = _stamp_tool()
    at = TEXT.index('    next_review: "2027-12-02"\n')
    text = TEXT[:at] + TEXT[at:].replace('    next_review: "2027-12-02"\n', "", 1)
    stamped, changed = tool.stamp(text, tool.dt.date(2030, 1, 1))
    assert stamped == TEXT and len(changed) == 1  # the year after its own review, not the day given
    restamped, changed = tool.stamp(TEXT, tool.dt.date(2028, 2, 29), restamp=True)
    every = TEXT.count("    next_review: ")
    assert len(changed) == every >= PARTS
    assert restamped.count('reviewed: "2028-02-29"') == every and restamped.count('next_review: "2029-02-28"') == every


def test_the_check_mode_names_entries_without_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tool = _stamp_tool()
    path = tmp_path / "g.yaml"
    undated = TEXT.replace('    reviewed: "2026-12-02"\n', "", 1)
    path.write_text(undated, encoding="utf-8")
    assert tool.main([str(path), "--check"]) == 1
    assert "points[0] (prednisone) has no review dates" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == undated  # --check changed nothing

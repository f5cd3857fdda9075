"""The journal rules pick the right questions from made-up records; the knowledge file checks them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dmtx.knowledge import load

from conftest import BUNDLED, Dmtx

TODAY = dt.date.today()
RULES = {rule.id: rule for rule in load(BUNDLED, use_cache=False).journal_rules}
BONES = {q.id for q in RULES["steroid-bones"].questions}
STOPPED = {q.id for q in RULES["steroid-stopped"].questions}
LOWER = {q.id for q in RULES["steroid-lower-dose"].questions}
MYOPATHY = {q.id for q in RULES["steroid-myopathy"].questions}
CHANGE = {q.id for q in RULES["dose-change"].questions}


def ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


@pytest.fixture
def chosen(dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "j.sqlite3"))

    def run(*entries: tuple[str, ...]) -> set[str]:
        for entry in entries:
            result = dmtx("journal", "add", *entry)
            assert result.exit_code == 0, (entry, result.stderr)
        data = json.loads(dmtx("checklist", "--journal", "--format", "json").stdout)
        return {q["id"] for q in data["journal"]["questions"]}

    return run


def test_prednisone_for_twelve_weeks_asks_about_bones_and_lowering(chosen) -> None:
    assert chosen(("dose", "prednisone", "20", "mg", "--per", "day", "--date", ago(84))) == BONES | LOWER


def test_prednisone_for_eleven_weeks_asks_about_bones_but_not_yet_the_dose_plan(chosen) -> None:
    # The bone question comes as soon as prednisone is taken at 2.5 mg a day or more (issue #21, R9).
    assert chosen(("dose", "prednisone", "20", "mg", "--per", "day", "--date", ago(83))) == BONES


def test_a_stopped_steroid_does_not_count_as_taken_and_its_stop_is_asked_about(chosen) -> None:
    """Not taken now (no bones or lower-dose question); stopped after weeks: the adrenal crisis questions."""
    assert (
        chosen(
            ("dose", "prednisone", "20", "mg", "--per", "day", "--date", ago(200)),
            ("visit", "--date", ago(30)),
            ("dose", "prednisone", "0", "mg", "--per", "day", "--date", ago(20)),
        )
        == CHANGE | STOPPED
    )


def test_brand_names_count_as_prednisone(chosen) -> None:
    assert chosen(("dose", "Rayos", "5", "mg", "--per", "day", "--date", ago(120))) == BONES | LOWER


def _myopathy_record(ck_later: str) -> list[tuple[str, ...]]:
    return [
        ("dose", "prednisone", "10", "mg", "--per", "day", "--date", ago(60)),
        ("visit", "--date", ago(40)),
        ("ck", "300", "--date", ago(35)),
        ("score", "weakness", "3", "--date", ago(34)),
        ("ck", ck_later, "--date", ago(5)),
        ("score", "weakness", "6", "--date", ago(4)),
    ]


def test_weakness_rising_while_ck_is_steady_on_a_steroid_asks_the_neutral_question(chosen) -> None:
    assert chosen(*_myopathy_record("330")) == MYOPATHY | BONES


def test_weakness_rising_with_ck_rising_asks_the_same_neutral_question(chosen) -> None:
    # A flare or the steroid: one question that leans neither way, whatever CK did (issue #21, R5).
    assert chosen(*_myopathy_record("900")) == MYOPATHY | BONES


def test_weakness_rising_without_a_steroid_is_not_steroid_myopathy(chosen) -> None:
    record = [e for e in _myopathy_record("330") if e[0] != "dose"]
    assert chosen(("dose", "methotrexate", "15", "mg", "--per", "week", "--date", ago(60)), *record) == set()


def test_a_dose_changed_since_the_last_visit_asks_about_side_effects(chosen) -> None:
    assert (
        chosen(
            ("dose", "methotrexate", "15", "mg", "--per", "week", "--date", ago(50)),
            ("visit", "--date", ago(30)),
            ("dose", "methotrexate", "20", "mg", "--per", "week", "--date", ago(10)),
        )
        == CHANGE
    )


def test_the_same_dose_again_is_not_a_change(chosen) -> None:
    assert (
        chosen(
            ("dose", "methotrexate", "15", "mg", "--per", "week", "--date", ago(50)),
            ("visit", "--date", ago(30)),
            ("dose", "methotrexate", "15", "mg", "--per", "week", "--date", ago(10)),
        )
        == set()
    )


def test_every_rule_cites_a_reference_and_asks_questions_only() -> None:
    knowledge = load(BUNDLED, use_cache=False)
    numbers = {r.number for r in knowledge.references}
    assert RULES, "the knowledge file has no journal rules"
    for rule in knowledge.journal_rules:
        assert rule.references and set(rule.references) <= numbers, rule.id
        for question in rule.questions:
            assert question.text.endswith("?") and " mg" not in question.text


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            '    references: [59, 104]\n    questions:\n      - id: "journal-bones-1"',
            '    references: [999, 104]\n    questions:\n      - id: "journal-bones-1"',
            "no reference 999",
        ),
        ('    condition: "dose-changed"', '    condition: "when-it-rains"', "must be one of"),
        ('    score: "weakness"\n', "", "needs 'score'"),
        ("What is our plan for my prednisone dose from here?", "Should I take 5 mg less?", "must not name a dose"),
        (
            "What side effects should I watch for after the change to my {medicine} dose?",
            "Watch for side effects.",
            "must end with '?'",
        ),
        ("now that I have started {medicine}?", "now that I have started {dose}?", "{dose} is not filled"),
        ('    drugs: ["prednisone"]\n    weeks: 12', '    drugs: ["unicorn"]\n    weeks: 12', "unknown drug 'unicorn'"),
    ],
)
def test_validate_checks_the_rules(dmtx: Dmtx, tmp_path: Path, old: str, new: str, problem: str) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    assert old in text, old
    broken = tmp_path / "rules.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = dmtx("validate", "--today", "2027-06-01", str(broken))
    assert result.exit_code == 3
    assert problem in result.stdout and "journal_rules" in result.stdout


@pytest.mark.parametrize("seed", range(5))
def test_the_summary_reads_less_but_says_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """entries_for_summary leaves out repeated doses; the part built from it must not change."""
    import random

    from dmtx.journal.entries import Entry
    from dmtx.journal.store import open_journal
    from dmtx.journal.summary import build_part, journal_part

    rng = random.Random(seed)
    path = tmp_path / "j.sqlite3"
    journal = open_journal(str(path), create=True)
    assert journal is not None
    entries = []
    dose = {"prednisone": 40.0, "methotrexate": 15.0}
    for back in range(400, 0, -1):
        day = ago(back)
        for name in dose:
            if rng.random() < 0.03:
                dose[name] = rng.choice([0.0, 5.0, 10.0, 20.0, 40.0])
            entries.append(Entry(day, "dose", name, dose[name], "mg", "day" if name == "prednisone" else "week"))
        if rng.random() < 0.2:
            entries.append(Entry(day, "ck", value=float(rng.randrange(100, 1500))))
        if rng.random() < 0.2:
            entries.append(Entry(day, "score", "weakness", float(rng.randrange(0, 11))))
        if rng.random() < 0.01:
            entries.append(Entry(day, "visit"))
    with journal:
        journal.add_many(entries)
        everything = journal.entries()
    knowledge = load(BUNDLED, use_cache=False)
    assert journal_part(knowledge, str(path)) == build_part(knowledge, everything, today=TODAY)

"""`dmtx validate` enforces every content rule the tests used to check on the bundled file (issue #24).

Each case breaks one rule in a copy of the bundled file (a string replaced after a marker)
and expects exit code 3 and a located line, `FILE:LINE:COLUMN: PATH: MESSAGE`, whose path
and message name the rule, on the line the change made (or the line of the list it broke).
Two rules stay in the tests only: reading level (test_readability.py, it needs textstat)
and no ten words copied from the page (test_content.py, it needs the page, which is not shipped).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import BUNDLED, Dmtx

TEXT = BUNDLED.read_text(encoding="utf-8")


class Break(NamedTuple):
    """Replace `old` with `new`, first after `after`; expect `path: ...phrase` on the line holding `line`."""

    after: str
    old: str
    new: str
    path: str
    phrase: str
    line: str


def _cut(start: str, end: str) -> tuple[str, str]:
    """The text from `start` up to (not including) `end`, to be replaced by nothing."""
    at = TEXT.index(start)
    return TEXT[at : TEXT.index(end, at)], ""


# Each cut ends where the entry's review dates begin (tools/stamp_reviews.py puts them last).
P1_Q2_TO_Q6 = _cut('      - id: "p1-q2"', "    reviewed:")
PRED_Q2_Q3 = _cut('      - id: "prednisone-q2"', "    reviewed:")
QUIZ_06_TO_20 = _cut('  - id: "quiz-06"', '  - id: "quiz-21"')
POINT_1 = TEXT[TEXT.index("  - number: 1\n") : TEXT.index("  - number: 2\n")]

RULES: dict[str, Break] = {
    # Counts, held by the schema.
    "a point asks 3 to 6 questions": Break("  - number: 1\n", *P1_Q2_TO_Q6, "points[0].questions", "needs at least 3 items", '- id: "p1-q1"'),
    "a drug asks 2 to 4 questions": Break('  - id: "prednisone"', *PRED_Q2_Q3, "drugs[0].questions", "needs at least 2 items", '- id: "prednisone-q1"'),
    "a quiz has 12 to 30 items": Break("quiz:\n", *QUIZ_06_TO_20, "quiz", "needs at least 12 items", '- id: "quiz-01"'),
    "a quiz item has 3 or 4 choices": Break(
        '  - id: "quiz-01"', '"IVIG", "Azathioprine"]', '"IVIG", "Azathioprine", "Aspirin"]',
        "quiz[0].choices", "has 5 items; at most 4 are allowed", '"Azathioprine", "Aspirin"',
    ),
    "a beyond-the-page entry asks 2 to 4 questions": Break(
        '  - id: "mycophenolate"\n    title:', *_cut('      - id: "b-mmf-q2"', "    reviewed:"),
        "beyond[2].questions", "needs at least 2 items", '- id: "b-mmf-q1"',
    ),
    # Questions and their wording.
    "a question ends with '?'": Break(
        "", "Which side effects of prednisone should I watch for?", "Which side effects of prednisone should I watch for",
        "points[0].questions[2].text", "a question must end with '?'", "should I watch for\"",
    ),
    "a first-person question has a parent_text": Break(
        "", "        parent_text: \"How will you decide when it is time to lower my child's dose?\"\n", "",
        "points[0].questions[0].text", "needs a parent_text", "time to lower my dose?",
    ),
    "a parent_text speaks as the parent": Break(
        "", "How often will my child need blood tests, such as CK?", "How often will he need blood tests, such as CK?",
        "points[0].questions[1].parent_text", "speaks as the parent", "will he need",
    ),
    "a question never tells a dose": Break(
        "", "How will you decide when it is time to lower my dose?", "When should I take 10 mg instead?",
        "points[0].questions[0].text", "no dose instructions", "take 10 mg",
    ),
    "a summary never says 'you should'": Break(
        "", "Once CK stays low, the dose is lowered slowly.", "Once CK stays low, you should lower the dose.",
        "points[0].summary", "no dose instructions", "you should lower",
    ),
    "a journal question names no dose": Break(
        "", "What is our plan for my prednisone dose from here?", "How many mg less should I take now?",
        "journal_rules[1].questions[0].text", "must not name a dose", "How many mg",
    ),
    "each point has a question of importance 1": Break(
        "", POINT_1, POINT_1.replace("importance: 1", "importance: 2"),
        "points[0].questions", "each point needs a question of importance 1", '- id: "p1-q1"',
    ),
    "every question of a point or drug fits a kind of visit": Break(
        '      - id: "p1-q1"', '        situations: ["dose-change", "test"]\n', "",
        "points[0].questions[0].situations", "tag each question with the situations it fits", '- id: "p1-q1"',
    ),
    # Trust signals: review dates.
    "the next review comes after the last": Break(
        '  - id: "methotrexate"', 'next_review: "2027-12-02"', 'next_review: "2026-12-02"',
        "drugs[1].next_review", "must come after the last", 'next_review: "2026-12-02"',
    ),
    # Facts, notes and sources.
    "the facts of point N are FN.x": Break(
        "", '      - id: "F1.5"', '      - id: "F2.9"', "points[0].facts[4].id", "a fact of point 1 has an id F1.N", '"F2.9"',
    ),
    "a later fact cites a source": Break(
        '      - id: "later-6"', "        references: [9, 24]\n", "",
        "points[5].notes[5].references", "cites a source the editors added", '- id: "later-6"',
    ),
    "a later fact cites the editors' source, not the page's": Break(
        '      - id: "later-6"', "references: [9, 24]", "references: [5, 24]",
        "points[5].notes[5].references", "cites a source the editors added", "references: [5, 24]",
    ),
    "an editors' source has a url": Break(
        "  - number: 9\n", '    url: "https://doi.org/10.1056/NEJMoa2117912"\n', "",
        "references[8]", "needs a url", "- number: 9",
    ),
    "a beyond-the-page entry cites a source with a link": Break(
        '  - id: "mycophenolate"\n    title:', "references: [30, 31, 29]", "references: [1, 2]",
        "beyond[2].references", "cite at least one source with a link", "references: [1, 2]",
    ),
    "a DOI source a beyond-the-page entry cites is dated": Break(
        "  - number: 9\n", '    date: "2022"\n', "", "beyond[0].references[0]", "is a DOI source: give its date", "references: [",
    ),
    "a drug not on the page cites sources": Break(
        '      - id: "S-tofa"', "        references: [45]\n", "",
        "drugs[9].on_page", "a drug not on the page needs notes citing sources with a url", "on_page: false",
    ),
    # Brands.
    "a brand's status has status_references": Break(
        '      - name: "Trexall"', "        status_references: [52]\n", "",
        "drugs[1].other_names[1].status", "status needs status_references", 'status: "current"',
    ),
    "a brand's status is checked in openFDA": Break(
        '      - name: "Trexall"', "status_references: [52]", "status_references: [9]",
        "drugs[1].other_names[1].status_references[0]", "checked in openFDA", "status_references: [9]",
    ),
    # The quiz.
    "a quiz answer never rests on a corrected fact": Break(
        "quiz:\n", 'teaches: ["E5"]', 'facts: ["F5.3"]', "quiz[", "rests on F5.3, which an editor's note corrects", 'facts: ["F5.3"]',
    ),
    "a quiz item says what its answer rests on": Break(
        '  - id: "quiz-01"', '    facts: ["F1.1"]\n', "", "quiz[0]", "tag what the answer rests on", '- id: "quiz-01"',
    ),
    "a quiz never drills a dose or a reference": Break(
        '  - id: "quiz-01"', "What does the page say is usually the drug of choice for DM?",
        "Which reference says what is usually the drug of choice for DM?",
        "quiz[0].question", "never drills a dose (mg) or a reference number", "Which reference says",
    ),
    "a quiz explanation starts with its point": Break(
        '  - id: "quiz-01"', 'explanation: "Point 1: The page says', 'explanation: "Topic 1: The page says',
        "quiz[0].explanation", "the explanation starts with 'Point 1:'", "Topic 1:",
    ),
    "the quiz covers every point": Break(
        "quiz:\n", "", "", "quiz", "the quiz needs a question on every point; none on point 5", '- id: "quiz-01"',
    ),
    # Journal reminders.
    "a schedule warning is for gaps of 2 days or more": Break(
        "    schedule_warning:\n", "      min_days: 7\n", "      min_days: 1\n",
        "drugs[1].schedule_warning.min_days", "min_days must be 2 or more", "min_days: 1",
    ),
}  # fmt: skip


def broken(rule: Break) -> str:
    """The bundled text with this rule broken."""
    if rule.after == "quiz:\n" and not rule.old:  # every quiz item on point 5 moved to point 4
        head, quiz = TEXT.split("\nquiz:\n", 1)
        quiz, tail = quiz.split("\nconfusables:\n", 1)
        quiz = quiz.replace("    point: 5\n", "    point: 4\n").replace('"Point 5:', '"Point 4:')
        return f"{head}\nquiz:\n{quiz}\nconfusables:\n{tail}"
    at = TEXT.index(rule.after)
    assert rule.old in TEXT[at:], rule.old
    return TEXT[:at] + TEXT[at:].replace(rule.old, rule.new, 1)


@pytest.mark.parametrize("name", sorted(RULES))
def test_validate_refuses_a_file_that_breaks_the_rule(dmtx: Dmtx, tmp_path: Path, name: str) -> None:
    rule = RULES[name]
    text = broken(rule)
    assert text != TEXT
    path = tmp_path / "class.yaml"
    path.write_text(text, encoding="utf-8")
    result = dmtx("validate", "--today", "2027-06-01", str(path))
    assert result.exit_code == 3, result.stdout
    pattern = rf"^{re.escape(str(path))}:(\d+):(\d+): {re.escape(rule.path)}\S*: .*{re.escape(rule.phrase)}"
    found = re.search(pattern, result.stdout, re.M)
    assert found, result.stdout
    line = text.splitlines()[int(found.group(1)) - 1]
    assert rule.line in line, (line, result.stdout)


def test_the_bundled_file_keeps_every_rule(dmtx: Dmtx) -> None:
    result = dmtx("validate", "--today", "2027-06-01", str(BUNDLED))
    assert result.exit_code == 0 and result.stdout.startswith("OK "), result.stdout


def _editorial_rules_broken(text: str) -> set[str]:
    """The names of the editorial rules that report a problem in this text."""
    from dmtx.knowledge import parse_yaml
    from dmtx.knowledge.editorial import RULES as EDITORIAL
    from dmtx.knowledge.schema import SCHEMA
    from dmtx.knowledge.shape import Checker

    value, marks, _ = parse_yaml(text.encode("utf-8"), "class.yaml")
    doc = Checker(marks).record(value, SCHEMA, ())
    found = set()
    for rule in EDITORIAL:
        checker = Checker(marks)
        rule(doc, checker)
        if checker.problems:
            found.add(rule.__name__)
    return found


def test_every_editorial_rule_is_broken_by_some_case_here() -> None:
    """A new rule in dmtx/knowledge/editorial.py needs its case above."""
    from dmtx.knowledge.editorial import RULES as EDITORIAL

    assert _editorial_rules_broken(TEXT) == set()
    covered = set().union(*(_editorial_rules_broken(broken(rule)) for rule in RULES.values()))
    assert covered == {rule.__name__ for rule in EDITORIAL}

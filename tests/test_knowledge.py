"""The bundled knowledge file: valid, complete, faithful to the source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dmtx.knowledge import KnowledgeError, bundled_data_path, load, resolve_data_path
from dmtx.model import Knowledge

FACT_IDS = [f"F1.{i}" for i in range(1, 6)] + ["F2.1", "F2.2", "F3.1", "F3.2", "F3.3", "F4.1", "F4.2", "F4.3"]
FACT_IDS += ["F5.1", "F5.2", "F5.3"] + [f"F6.{i}" for i in range(1, 7)]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load()


def test_bundled_file_validates(knowledge: Knowledge) -> None:
    assert [p.number for p in knowledge.topics] == [1, 2, 3, 4, 5, 6]
    assert [p.slug for p in knowledge.topics] == [
        "prednisone",
        "stopping",
        "steroid-myopathy",
        "immunosuppressants",
        "cancer",
        "ivig",
    ]
    assert knowledge.meta.source.last_modified == "2014-08-18"
    assert knowledge.meta.disclaimer


def test_every_source_fact_is_present_once(knowledge: Knowledge) -> None:
    ids = [f.id for p in knowledge.topics for f in p.facts]
    assert sorted(ids) == sorted(FACT_IDS)
    for point in knowledge.topics:
        assert all(f.id.startswith(f"F{point.number}.") for f in point.facts)


@pytest.mark.parametrize(
    ("fact_id", "needles"),
    [
        ("F1.2", ["40", "60 mg"]),
        ("F1.4", ["10", "12 weeks"]),
        ("F1.5", ["10", "15 mg"]),
        ("F2.2", ["1", "2 years"]),
        ("F4.2", ["methotrexate", "chlorambucil", "cyclosporine", "azathioprine"]),
        ("F4.3", ["1", "3", "4"]),
        ("F6.1", ["5"]),
        ("F6.5", ["month"]),
        ("F6.6", ["Gamimune", "Gammagard", "Sandoglobulin"]),
    ],
)
def test_numbers_and_names_of_the_source_are_kept(knowledge: Knowledge, fact_id: str, needles: list[str]) -> None:
    text = next(f.text for p in knowledge.topics for f in p.facts if f.id == fact_id)
    for needle in needles:
        assert needle in text


def test_source_references_kept_with_numbers(knowledge: Knowledge) -> None:
    in_source = [r for r in knowledge.references if r.in_source]
    assert [r.number for r in in_source] == list(range(1, 9))
    merck = knowledge.reference(1)
    assert "7th edition" in merck.citation and merck.note and "17th" in merck.note
    assert knowledge.topic(4).references == (1, 3, 4)
    assert knowledge.topic(6).references == (5,)


def test_known_source_errors_are_corrected_visibly(knowledge: Knowledge) -> None:
    ck = knowledge.term("creatine-kinase")
    assert "creatinine kinase" in [a.lower() for a in ck.aliases]
    assert ck.note and "creatinine" in ck.note.lower()
    point1_notes = " ".join(n.text for n in knowledge.topic(1).notes)
    assert "creatinine kinase" in point1_notes
    point6_notes = " ".join(n.text for n in knowledge.topic(6).notes)
    assert "Sandoglobulinit" in point6_notes
    ivig = knowledge.drug("ivig")
    statuses = {o.name: o.status for o in ivig.other_names}
    assert statuses["Gamimune"] == "unknown"  # no listing found: not claimed either way
    assert statuses["Sandoglobulin"] == "unknown"
    assert statuses["Gammagard"] == "current"


def test_later_facts_carry_a_citation(knowledge: Knowledge) -> None:
    later = {r.number for r in knowledge.references if not r.in_source}
    notes = [n for p in knowledge.topics for n in p.notes] + [n for d in knowledge.drugs for n in d.notes]
    for note in notes:
        if note.text.startswith(("Later fact", "Safety note")):
            assert note.references and set(note.references) <= later, note.text


def test_questions_are_real_questions(knowledge: Knowledge) -> None:
    for point in knowledge.topics:
        assert 3 <= len(point.questions) <= 6
        assert any(q.importance == 1 for q in point.questions)
    stopping = knowledge.topic(2)
    assert {q.patient for q in stopping.questions} >= {"adult", "child"}
    for drug in knowledge.drugs:
        assert 2 <= len(drug.questions) <= 4


def test_no_dose_instructions(knowledge: Knowledge) -> None:
    texts = [q.text for p in knowledge.topics for q in p.questions] + [p.summary for p in knowledge.topics]
    texts += [q.text for d in knowledge.drugs for q in d.questions]
    for text in texts:
        assert not re.search(r"\byou should\b", text, re.I), text
        assert not re.search(r"\btake \d+\s*mg\b", text, re.I), text


def test_drug_links_are_derived_from_points(knowledge: Knowledge) -> None:
    assert [p.number for p in knowledge.topics_mentioning("prednisone")] == [1, 2, 3]
    assert [p.number for p in knowledge.topics_mentioning("cyclosporine")] == [4, 5]
    assert [p.number for p in knowledge.topics_mentioning("ivig")] == [6]


def test_bundled_path_is_in_the_checkout_or_package() -> None:
    path = Path(bundled_data_path())
    assert path.is_file()
    assert path.name == "guidelines.yaml"


def test_data_env_overrides_the_bundled_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    target = tmp_path / "mine.yaml"
    monkeypatch.setenv("DMTX_DATA", str(target))
    assert resolve_data_path() == str(target)
    assert resolve_data_path(str(tmp_path / "other.yaml")) == str(tmp_path / "other.yaml")


def test_unknown_drug_in_a_point_is_located(tmp_path) -> None:
    text = Path(bundled_data_path()).read_text(encoding="utf-8")
    broken = text.replace('drugs: ["methotrexate", ', 'drugs: ["metotrexate", ', 1)
    assert broken != text
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load(path)
    message = str(caught.value)
    assert "points[3].drugs[0]: unknown drug 'metotrexate'" in message
    assert "did you mean 'methotrexate'" in message
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if "metotrexate" in row)
    assert f"broken.yaml:{line}:" in message


def test_quiz_covers_every_point_and_answers_vary(knowledge: Knowledge) -> None:
    from dmtx.classroom.quiz import select_items

    assert 12 <= len(knowledge.quiz) <= 30
    assert {item.topic for item in knowledge.quiz} == {1, 2, 3, 4, 5, 6}
    positions = [item.choices.index(item.answer) for item in select_items(knowledge)]
    assert len(set(positions)) >= 3, "the right answer should not always be in the same place"
    for item in knowledge.quiz:
        assert 3 <= len(item.choices) <= 4
        assert item.explanation.startswith(f"Point {item.topic}:")


@pytest.mark.parametrize(
    ("old", "new", "phrase"),
    [
        ("      min_days: 7\n", "      min_days: 1\n", "min_days must be 2 or more"),
        ("      references: [25, 26]\n", "      references: [25, 999]\n", "no reference 999"),
        ("      references: [25, 26]\n", "      references: []\n", "references"),
    ],
    ids=["once-a-day", "unknown-reference", "no-reference"],
)
def test_schedule_warning_is_checked(tmp_path, old: str, new: str, phrase: str) -> None:
    text = Path(bundled_data_path()).read_text(encoding="utf-8")
    at = text.index("    schedule_warning:\n")
    broken = text[:at] + text[at:].replace(old, new, 1)
    assert broken != text
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load(path)
    assert "schedule_warning" in str(caught.value) and phrase in str(caught.value)


def test_methotrexate_carries_a_weekly_schedule_warning(knowledge: Knowledge) -> None:
    warning = next(d for d in knowledge.drugs if d.id == "methotrexate").schedule_warning
    assert warning is not None and warning.min_days == 7 and set(warning.references) >= {25, 26}
    assert "once a week" in warning.text and "doctor or pharmacist" in warning.text

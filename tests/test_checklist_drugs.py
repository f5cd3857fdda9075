"""Issue #25: a drug's question in My top 3 names its drug; a kind of visit never adds another drug's
questions; a topic name that fits several topics lists them."""

from __future__ import annotations

import json

import pytest

from conftest import Dmtx, assert_clean_error


def _top3(dmtx: Dmtx, *args: str) -> list[str]:
    result = dmtx("checklist", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return [q["text"] for q in json.loads(result.stdout)["top3"]]


@pytest.mark.parametrize(
    ("patient", "text"),
    [
        ((), "About prednisone: Which side effects should make me call you right away?"),
        (
            ("--patient", "child"),
            "About prednisone: Which side effects in my child should make me call you right away?",
        ),
    ],
)
def test_a_drug_question_moved_to_the_top_names_its_drug(dmtx: Dmtx, patient: tuple[str, ...], text: str) -> None:
    assert _top3(dmtx, "--top", "prednisone-q1", *patient)[0] == text
    screen = " ".join(dmtx("checklist", "--top", "prednisone-q1", *patient, "-f", "text").stdout.split())
    assert text in screen


def test_a_question_that_names_its_drug_or_a_topic_question_is_left_as_it_is(dmtx: Dmtx) -> None:
    top = _top3(dmtx, "--top", "ivig-q1", "--top", "p1-q1")
    assert not any(t.startswith("About ") for t in top), top


def _questions(dmtx: Dmtx, *args: str) -> dict[str, str]:
    result = dmtx("checklist", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    return {q["id"]: q["text"] for s in document["sections"] for q in s["questions"]}


def test_a_kind_of_visit_never_adds_another_drugs_questions(dmtx: Dmtx) -> None:
    chosen = _questions(dmtx, "-s", "new-medicine", "-d", "CellCept")
    assert "p6-q2" not in chosen, "the IVIG insurance question came with CellCept"
    assert not any("IVIG" in text for text in chosen.values()), chosen
    assert "p1-q3" not in chosen, "prednisone's side effects came with CellCept"
    assert any("mycophenolate" in text for text in chosen.values())
    assert "p4-q2" in chosen, "questions that name no drug stay"


def test_the_drug_chosen_keeps_its_questions_from_the_topics(dmtx: Dmtx) -> None:
    chosen = _questions(dmtx, "-s", "new-medicine", "-d", "Octagam")
    assert {"p6-q1", "p6-q2", "p6-q3"} <= set(chosen)


def test_without_a_drug_or_with_a_topic_named_nothing_is_left_out(dmtx: Dmtx) -> None:
    assert "p6-q2" in _questions(dmtx, "-s", "new-medicine")
    assert "p6-q2" in _questions(dmtx, "-s", "new-medicine", "-d", "CellCept", "-t", "6")


def test_a_topic_name_that_fits_several_topics_lists_them(dmtx: Dmtx) -> None:
    result = dmtx("topic", "steroids")
    assert_clean_error(result, 2, "fits more than one topic", "3 (Steroids can also make muscles weak)", "dmtx topic 3")
    assert "1 (Prednisone" in result.stderr and "2 (Stopping prednisone" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("words", "title"), [("remission", "Point 2:"), ("myopathy", "Point 3:"), ("ivig", "Point 6:")]
)
def test_a_topic_name_with_one_clear_answer_still_opens_it(dmtx: Dmtx, words: str, title: str) -> None:
    result = dmtx("topic", words)
    assert result.exit_code == 0 and result.stdout.startswith(title), result.stderr

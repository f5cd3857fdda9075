"""`dmtx quiz`: choosing questions, scoring, the interactive loop, answer sheets and handouts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dmtx.classroom.quiz import Answer, grade, letters_hint, parse_answer, select_items
from dmtx.classroom.quizplay import play as play_quiz
from dmtx.cli import app
from dmtx.document.quiz import answer_letter, handout
from dmtx.errors import NotFound
from dmtx.knowledge import load
from dmtx.model import Knowledge, QuizItem
from dmtx.render.quizsheet import handout_markdown

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load()


def invoke(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def wrong_letter(item: QuizItem) -> str:
    return next(chr(ord("A") + i) for i, c in enumerate(item.choices) if c != item.answer)


class Lines:
    """A Printer that keeps what the quiz says, one string per line."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, text: str = "", style: str = "", *, indent: str = "") -> None:
        self.lines.append(indent + text)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def scripted(*answers: str | type[BaseException]) -> tuple[list[str], Callable[[str], str]]:
    """A reader that gives these answers in turn (or raises the given exception), recording the prompts."""
    prompts: list[str] = []
    feed: Iterator[str | type[BaseException]] = iter(answers)

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        answer = next(feed, EOFError)
        if isinstance(answer, type):
            raise answer
        return answer

    return prompts, ask


# --------------------------------------------------------------------------- choosing questions


def test_the_shipped_file_has_enough_quiz_items(knowledge: Knowledge) -> None:
    assert 12 <= len(knowledge.quiz) <= 30
    assert {item.topic for item in knowledge.quiz} == {p.number for p in knowledge.topics}


def test_without_a_seed_the_file_order_is_kept_and_count_spreads_over_the_file(knowledge: Knowledge) -> None:
    ids = [q.id for q in knowledge.quiz]
    assert [q.id for q in select_items(knowledge)] == ids
    six = select_items(knowledge, count=6)
    assert [item.topic for item in six] == [1, 2, 3, 4, 5, 6]
    assert [q.id for q in six] == sorted((q.id for q in six), key=ids.index)


def test_a_seed_gives_a_repeatable_shuffled_order(knowledge: Knowledge) -> None:
    first = select_items(knowledge, seed=42)
    assert first == select_items(knowledge, seed=42)
    assert sorted(q.id for q in first) == sorted(q.id for q in knowledge.quiz)
    assert [q.id for q in first] != [q.id for q in knowledge.quiz]
    assert len({select_items(knowledge, seed=s) for s in range(5)}) > 1
    assert select_items(knowledge, seed=42, count=5) == first[:5]


def test_count_larger_than_the_pool_asks_everything(knowledge: Knowledge) -> None:
    assert len(select_items(knowledge, count=999, seed=1)) == len(knowledge.quiz)


def test_topics_limit_the_questions(knowledge: Knowledge) -> None:
    items = select_items(knowledge, topics=[knowledge.topic(2), knowledge.topic(5)], seed=3)
    assert {item.topic for item in items} == {2, 5}
    assert len(items) == sum(1 for q in knowledge.quiz if q.topic in (2, 5))


def test_choices_are_shuffled_by_the_seed_the_same_way_every_time(knowledge: Knowledge) -> None:
    originals = {item.id: item.choices for item in knowledge.quiz}
    nine = select_items(knowledge, seed=9)
    assert nine == select_items(knowledge, seed=9)
    for item in nine:
        assert sorted(item.choices) == sorted(originals[item.id]) and item.answer in item.choices
    assert [i.choices for i in nine] != [originals[i.id] for i in nine]
    assert [i.choices for i in nine] != [i.choices for i in select_items(knowledge, seed=10)]
    # the file lists the answer first; no printed key may read A, A, A...
    keys = [item.choices.index(item.answer) for item in select_items(knowledge)]
    assert len(set(keys)) >= 3 and keys.count(0) < len(keys) / 2


def test_no_quiz_questions_is_not_found(knowledge: Knowledge) -> None:
    with pytest.raises(NotFound, match="no quiz questions"):
        select_items(knowledge._replace(quiz=()))
    only_point_1 = knowledge._replace(quiz=tuple(q for q in knowledge.quiz if q.topic == 1))
    with pytest.raises(NotFound, match="for topic 4"):
        select_items(only_point_1, topics=[knowledge.topic(4)])


# --------------------------------------------------------------------------- answers and scoring


@pytest.mark.parametrize(
    ("typed", "index"),
    [
        ("a", 0),
        ("A", 0),
        (" b ", 1),
        ("C.", 2),
        ("c)", 2),
        ("d", 3),
        ("e", None),
        ("", None),
        ("ab", None),
        ("1", None),
    ],
)
def test_parse_answer(knowledge: Knowledge, typed: str, index: int | None) -> None:
    item = knowledge.quiz[0]
    assert len(item.choices) == 4
    assert parse_answer(item, typed) == (None if index is None else item.choices[index])


def test_letters(knowledge: Knowledge) -> None:
    item = knowledge.quiz[0]
    assert letters_hint(item) == "A, B, C or D"
    assert item.choices[ord(answer_letter(item)) - ord("A")] == item.answer


def test_grade_counts_right_answers_and_lists_points_to_review(knowledge: Knowledge) -> None:
    items = {item.id: item for item in knowledge.quiz}
    answers = [
        Answer(items["quiz-19"], items["quiz-19"].choices[1]),  # point 6, wrong
        Answer(items["quiz-01"], items["quiz-01"].answer),  # point 1, right
        Answer(items["quiz-05"], items["quiz-05"].choices[2]),  # point 2, wrong
        Answer(items["quiz-20"], items["quiz-20"].choices[2]),  # point 6 again, wrong
    ]
    score = grade(answers)
    assert (score.right, score.total, score.review) == (1, 4, (2, 6))
    assert grade([]) == grade(())
    assert grade([]).total == 0


# --------------------------------------------------------------------------- the interactive loop


def test_all_right(knowledge: Knowledge) -> None:
    items = select_items(knowledge, count=3, seed=1)
    prompts, ask = scripted(*(answer_letter(item).lower() for item in items))
    out = Lines()
    assert play_quiz(knowledge, items, ask=ask, out=out) == 0
    assert len(prompts) == 3
    assert "You got 3 of 3." in out.lines
    assert "Nothing to review. Well done!" in out.lines
    assert out.text.count("Right.") == 3
    assert out.lines[-1] == knowledge.meta.disclaimer


def test_wrong_answers_show_the_right_one_and_topics_to_review(knowledge: Knowledge) -> None:
    items = select_items(knowledge, count=4, seed=5)
    answers = [answer_letter(items[0]), wrong_letter(items[1]), answer_letter(items[2]), wrong_letter(items[3])]
    _, ask = scripted(*answers)
    out = Lines()
    assert play_quiz(knowledge, items, ask=ask, out=out) == 0
    assert "You got 2 of 4." in out.lines
    review = sorted({items[1].topic, items[3].topic})
    assert f"Review: {', '.join(f'topic {n}' for n in review)}" in out.lines
    for number in review:
        assert any(line.strip().startswith(f"dmtx topic {number}") for line in out.lines)
    assert f"Not quite: the answer is {answer_letter(items[1])}. {items[1].answer}" in out.text
    assert items[1].explanation in out.lines


def test_invalid_answers_are_asked_again(knowledge: Knowledge) -> None:
    items = select_items(knowledge, count=1, seed=2)
    prompts, ask = scripted("", "z", "12", "ab", answer_letter(items[0]))
    out = Lines()
    assert play_quiz(knowledge, items, ask=ask, out=out) == 0
    assert len(prompts) == 5
    assert prompts[0] == "Your answer (A, B, C or D): "
    assert out.lines.count("Please type one letter: A, B, C or D.") == 4
    assert "You got 1 of 1." in out.lines


def test_end_of_input_stops_with_the_score_so_far(knowledge: Knowledge) -> None:
    items = select_items(knowledge, count=5, seed=3)
    _, ask = scripted(answer_letter(items[0]), wrong_letter(items[1]), EOFError)
    out = Lines()
    assert play_quiz(knowledge, items, ask=ask, out=out) == 0
    assert "Stopped after 2 of 5 questions." in out.lines
    assert "You got 1 of 2." in out.lines
    assert f"Review: topic {items[1].topic}" in out.lines


def test_ctrl_c_stops_with_the_score_so_far_and_code_130(knowledge: Knowledge) -> None:
    items = select_items(knowledge, count=5, seed=3)
    _, ask = scripted(answer_letter(items[0]), KeyboardInterrupt)
    out = Lines()
    assert play_quiz(knowledge, items, ask=ask, out=out) == 130
    assert "Stopped after 1 of 5 questions." in out.lines
    assert "You got 1 of 1." in out.lines


def test_stopping_before_any_answer(knowledge: Knowledge) -> None:
    _, ask = scripted(EOFError)
    out = Lines()
    assert play_quiz(knowledge, select_items(knowledge, count=2), ask=ask, out=out) == 0
    assert "No question was answered." in out.lines
    assert not any(line.startswith("Review") for line in out.lines)


# --------------------------------------------------------------------------- the command


def test_interactive_through_a_pipe_with_scripted_answers(knowledge: Knowledge) -> None:
    items = select_items(knowledge, count=3, seed=11)
    script = "\n".join(["x", answer_letter(items[0]), answer_letter(items[1]), wrong_letter(items[2])]) + "\n"
    code, out, err = invoke("quiz", "--interactive", "--seed", "11", "--count", "3", input=script)
    assert (code, err) == (0, "")
    assert out.count("Please type one letter") == 1
    assert "Question 3 of 3" in out
    assert "You got 2 of 3." in out
    assert f"Review: topic {items[2].topic}" in out
    assert "--seed" not in out.split("You got")[1]  # the seed was given: no hint needed


def test_interactive_end_of_input_and_the_seed_hint(knowledge: Knowledge) -> None:
    code, out, _ = invoke("quiz", "--interactive", "--count", "4", input="")
    assert code == 0
    assert "Stopped after 0 of 4 questions." in out
    seed = re.search(r"add: --seed (\d+)", out)
    assert seed is not None
    first = select_items(knowledge, count=4, seed=int(seed.group(1)))[0]

    def words(text: str) -> str:  # a long question wraps over lines
        return " ".join(text.split())

    assert words(first.question) in words(out)
    again = invoke("quiz", "--interactive", "--count", "4", "--seed", seed.group(1), input="")[1]
    assert words(first.question) in words(again)


def test_answer_sheet_when_piped(knowledge: Knowledge) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR", "DMTX_DATA")}
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", "quiz"],
        capture_output=True,
        text=True,
        env=env | {"TERM": "xterm-256color"},
        cwd=ROOT,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stderr) == (0, "")
    out = done.stdout
    assert "\x1b" not in out
    assert out.startswith("Quiz answer sheet\n")
    assert f"For the teacher: {len(knowledge.quiz)} questions with answers." in out
    assert out.count("\nAnswer: ") == len(knowledge.quiz)
    flat = " ".join(out.split())  # long questions wrap
    for number, item in enumerate(select_items(knowledge), 1):  # choices shuffled as the sheet shows them
        assert f"{number}. {item.question}" in flat
        assert f"Answer: {answer_letter(item)}. {item.answer}" in flat
    assert "Your answer" not in out
    assert "last modified" in out


def test_answer_sheet_and_handout_list_the_same_questions(knowledge: Knowledge) -> None:
    code, sheet, _ = invoke("quiz", "--no-interactive", "--seed", "5", "--count", "4")
    assert code == 0
    assert "Order: shuffled with --seed 5." in sheet
    code, handout, err = invoke("quiz", "--format", "markdown", "--seed", "5", "--count", "4")
    assert (code, err) == (0, "")
    items = select_items(knowledge, count=4, seed=5)
    positions = [sheet.index(item.question) for item in items]
    assert positions == sorted(positions)
    for number, item in enumerate(items, 1):
        assert f"**{number}. {item.question}**" in handout
        for letter, choice in zip("ABC", item.choices, strict=False):
            assert f"- [ ] {letter}. {choice}" in handout


def test_handout_has_no_answers_but_has_disclaimer_and_source(knowledge: Knowledge) -> None:
    code, handout, _ = invoke("quiz", "--format", "markdown")
    assert code == 0
    assert handout.startswith("# Quiz: ")
    assert "Answer" not in handout
    for item in knowledge.quiz:
        assert item.explanation not in handout
    assert f"*{knowledge.meta.disclaimer}*" in handout
    assert knowledge.meta.source.title in handout
    assert handout.count("- [ ] A. ") == len(knowledge.quiz)


def test_handout_escapes_markdown_and_control_characters(knowledge: Knowledge) -> None:
    item = knowledge.quiz[0]._replace(
        question="Is *this* a [link](http://x) or <b>html</b>?\x1b[31m",
        choices=("_yes_", "`no`"),
        answer="_yes_",
    )
    printed = handout_markdown(handout(knowledge, (item,)))
    assert r"Is \*this\* a \[link\](http://x) or \<b\>html\</b\>?\\x1b\[31m" in printed
    assert r"- [ ] A. \_yes\_" in printed and r"- [ ] B. \`no\`" in printed
    assert "\x1b" not in printed


@pytest.mark.parametrize(
    ("args", "code", "phrase"),
    [
        (["--format", "json"], 2, "is not one of"),
        (["--count", "0"], 2, "--count"),
        (["--count", "-3"], 2, "--count"),
        (["--topic", "9"], 1, "There is no topic '9'"),
        (["--format", "markdown", "--interactive"], 2, "leave out --interactive"),
    ],
)
def test_bad_options_are_clean_errors(args: list[str], code: int, phrase: str) -> None:
    exit_code, out, err = invoke("quiz", *args)
    assert (exit_code, out) == (code, "")
    assert err.startswith("dmtx: ") and phrase in err
    assert "Traceback" not in err


def test_topic_option_limits_the_answer_sheet(knowledge: Knowledge) -> None:
    code, out, _ = invoke("quiz", "--topic", "ivig")
    assert code == 0
    for item in knowledge.quiz:
        assert (item.question in out) == (item.topic == 6)


# --------------------------------------------------------------------------- a real terminal


def spawn_quiz(*args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "DMTX_DATA")}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dmtx", "quiz", *args],
        env=env | {"TERM": "xterm-256color"},
        dimensions=(24, 80),
        timeout=10,
        cwd=str(ROOT),
        encoding="utf-8",
    )
    return child


def test_pty_quiz_to_the_end(knowledge: Knowledge) -> None:
    items = select_items(knowledge, count=2, seed=4)
    child = spawn_quiz("--seed", "4", "--count", "2")
    child.expect(r"Your answer \(A, B, C or D\): ")
    child.sendline("q")
    child.expect("Please type one letter")
    child.sendline(answer_letter(items[0]))
    child.expect("Right.")
    child.sendline(wrong_letter(items[1]))
    child.expect("Not quite")
    child.expect("You got 1 of 2.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_pty_ctrl_c_ends_with_the_score_so_far(knowledge: Knowledge) -> None:
    items = select_items(knowledge, count=3, seed=8)
    child = spawn_quiz("--seed", "8", "--count", "3")
    child.expect("Your answer")
    child.sendline(answer_letter(items[0]))
    child.expect("Right.")
    child.expect("Your answer")
    child.sendintr()
    child.expect("Stopped after 1 of 3 questions.")
    child.expect("You got 1 of 1.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_pty_ctrl_d_ends_with_the_score_so_far() -> None:
    child = spawn_quiz("--count", "2")
    child.expect("Your answer")
    child.sendeof()
    child.expect("No question was answered.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@given(text=st.text(max_size=40))
def test_any_topic_text_is_a_quiz_or_a_clean_error(text: str) -> None:
    code, out, err = invoke("quiz", "--format", "markdown", "--topic", text)
    assert code in (0, 1, 2)
    if code:
        assert out == "" and err.startswith("dmtx: ") and len(err.strip().splitlines()) <= 2
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out + err)

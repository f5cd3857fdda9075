"""Asking the quiz one question at a time on the terminal: the only part of the quiz that does I/O."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from dmtx.classroom.quiz import Answer, Score, grade, letters_hint, parse_answer
from dmtx.document.quiz import answer_letter, lettered
from dmtx.model import Knowledge, QuizItem
from dmtx.render.text import wrap
from dmtx.sanitize import clean

if TYPE_CHECKING:
    from rich.console import Console

    from dmtx.output import Display

Reader = Callable[[str], str]
"""Reads one line after showing a prompt, like input(); raises EOFError or KeyboardInterrupt."""


class Printer(Protocol):
    """Where the quiz writes: one line at a time, with an optional style (ignored in plain text)."""

    def line(self, text: str = "", style: str = "", *, indent: str = "") -> None:
        """Write one (wrapped) line of text."""


class PlainPrinter:
    """Plain text wrapped to a width, ASCII when stdout cannot take UTF-8."""

    def __init__(self, display: Display) -> None:
        self.display = display

    def line(self, text: str = "", style: str = "", *, indent: str = "") -> None:
        """Write one wrapped line of text."""
        from dmtx.output import write_stdout

        lines = wrap(text, self.display.width, indent, indent + "   " if indent else "") if text else [""]
        write_stdout("\n".join(lines) + "\n", self.display)


class RichPrinter:
    """Styled text on a colour terminal; data always in Text, never markup."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def line(self, text: str = "", style: str = "", *, indent: str = "") -> None:
        """Write one wrapped, styled line of text."""
        from rich.padding import Padding
        from rich.text import Text

        body = Text(clean(text), style=style)
        self.console.print(Padding(body, (0, 0, 0, len(indent))) if indent else body)


def make_printer(display: Display) -> Printer:
    """A Rich printer on a colour terminal, plain text otherwise."""
    if not display.rich:
        return PlainPrinter(display)
    from dmtx.output import rich_console

    return RichPrinter(rich_console(width=display.width))


def _ask_one(item: QuizItem, *, number: int, total: int, ask: Reader, out: Printer, echo: bool) -> Answer:
    out.line()
    out.line(f"Question {number} of {total} (topic {item.topic})", "bold")
    out.line(item.question, "bold")
    for mark, choice in lettered(item):
        out.line(f"{mark}. {choice}", indent="  ")
    prompt = f"Your answer ({letters_hint(item)}): "
    while True:
        typed = ask(prompt)
        if echo:
            out.line(typed)
        picked = parse_answer(item, typed)
        if picked is not None:
            return Answer(item, picked)
        out.line(f"Please type one letter: {letters_hint(item)}.", "yellow")


def _feedback(answer: Answer, out: Printer) -> None:
    item = answer.item
    if answer.correct:
        out.line(f"Right. {item.explanation}", "green")
    else:
        stop = "" if item.answer.endswith((".", "!", "?")) else "."
        out.line(f"Not quite: the answer is {answer_letter(item)}. {item.answer}{stop}", "red")
        out.line(item.explanation)


def summary(knowledge: Knowledge, score: Score, *, asked: int, stopped: bool, seed_hint: str, out: Printer) -> None:
    """The score, the topics to read again, how to repeat the quiz, and the disclaimer."""
    out.line()
    if stopped:
        out.line(f"Stopped after {score.total} of {asked} question{'s' if asked != 1 else ''}.")
    if score.total:
        out.line(f"You got {score.right} of {score.total}.", "bold")
    else:
        out.line("No question was answered.", "bold")
    if score.review:
        out.line("Review: " + ", ".join(f"topic {n}" for n in score.review))
        for number in score.review:
            out.line(f"dmtx topic {number}   {knowledge.topic(number).title}", indent="  ")
    elif score.total:
        out.line("Nothing to review. Well done!")
    if seed_hint:
        out.line(seed_hint, "dim")
    out.line(knowledge.meta.disclaimer, "dim italic")


def play(
    knowledge: Knowledge,
    items: Sequence[QuizItem],
    *,
    ask: Reader,
    out: Printer,
    echo: bool = False,
    seed_hint: str = "",
) -> int:
    """Ask each question until answered with a listed letter; end with the score.

    End of input (Ctrl-D) stops with the score so far and exit code 0; Ctrl-C the same, with 130.
    """
    count = len(items)
    out.line(f"Quiz: {count} question{'s' if count != 1 else ''}. Type the letter of your answer, then Enter.")
    out.line("Ctrl-D or Ctrl-C stops and shows your score so far.", "dim")
    answers: list[Answer] = []
    code, stopped = 0, False
    try:
        for number, item in enumerate(items, 1):
            answer = _ask_one(item, number=number, total=count, ask=ask, out=out, echo=echo)
            answers.append(answer)
            _feedback(answer, out)
    except EOFError:
        out.line()
        stopped = True
    except KeyboardInterrupt:
        out.line()
        code, stopped = 130, True
    summary(knowledge, grade(answers), asked=count, stopped=stopped, seed_hint=seed_hint, out=out)
    return code

"""Editorial rules: what the content must say, and how, beyond its shape and links.

Each rule is one function of `RULES`, judged on whatever passed the shape checks, and
each message says what the rule asks. The schema holds the rules that are counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dmtx.knowledge.links import all_notes, question_entries
from dmtx.knowledge.shape import Checker, entries, values

_FIRST_PERSON = re.compile(r"\b(I|me|my|mine|myself|I'm|I've|I'll)\b")
_PARENT_VOICE = re.compile(r"\bmy child('s)?\b", re.IGNORECASE)
_DOSE_IN_TEXT = re.compile(r"\d\s*(mg|g|mcg|ml|milligrams?)\b", re.IGNORECASE)
_CLAIMED = ("current", "ending", "discontinued")


def speaks_as_patient(text: str) -> bool:
    """True when a question speaks in the first person about the patient ('my dose', 'I')."""
    return bool(_FIRST_PERSON.search(_PARENT_VOICE.sub("", text)))


def check_editorial(doc: dict[str, Any], checker: Checker) -> None:
    """Apply every editorial rule to a checked document."""
    for rule in RULES:
        rule(doc, checker)


def _questions_end_with_a_question_mark(doc: dict[str, Any], checker: Checker) -> None:
    """Every question ends with '?': to the doctor, in a journal rule, in the visit's top 3, a parent's wording."""
    for path, question in question_entries(doc, ("points", "drugs", "beyond", "journal_rules")):
        if "text" in question and not question["text"].endswith("?"):
            checker.problem((*path, "text"), "a question must end with '?'")
    for path, question in question_entries(doc):
        if "parent_text" in question and not question["parent_text"].endswith("?"):
            checker.problem((*path, "parent_text"), "a question must end with '?'")
    visit = doc.get("visit")
    for i, core in entries(visit, "top3") if isinstance(visit, dict) else ():
        if "text" in core and not core["text"].endswith("?"):
            checker.problem(("visit", "top3", i, "text"), "a question must end with '?'")


def _parents_have_their_own_wording(doc: dict[str, Any], checker: Checker) -> None:
    """A first-person question a parent may ask has a parent_text."""
    for path, question in question_entries(doc):
        text = question.get("text", "")
        if question.get("patient") != "adult" and speaks_as_patient(text) and "parent_text" not in question:
            checker.problem((*path, "text"), "a first-person question shown to parents needs a parent_text")


def _no_dose_advice(doc: dict[str, Any], checker: Checker) -> None:
    """Journal questions name no dose."""
    for path, question in question_entries(doc, ("journal_rules",)):
        if _DOSE_IN_TEXT.search(question.get("text", "")):
            checker.problem((*path, "text"), "a journal question must not name a dose")


def _editors_sources_can_be_found(doc: dict[str, Any], checker: Checker) -> None:
    """A source added by the editors has a url."""
    for i, ref in entries(doc, "references"):
        if ref.get("in_source") is False and "url" not in ref:
            checker.problem(("references", i), "a source added by the editors needs a url (a DOI link or web address)")


def _brand_status_is_sourced(doc: dict[str, Any], checker: Checker) -> None:
    """A brand said to be sold, ending or discontinued names where that was checked."""
    for i, drug in entries(doc, "drugs"):
        for j, other in entries(drug, "other_names"):
            where = ("drugs", i, "other_names", j)
            if other.get("status") in _CLAIMED and not other.get("status_references"):
                checker.problem((*where, "status"), "a brand's status needs status_references: where was it checked?")


def _schedule_warning_is_for_longer_gaps(doc: dict[str, Any], checker: Checker) -> None:
    """A schedule warning is for drugs taken less often than daily."""
    for i, drug in entries(doc, "drugs"):
        warning = drug.get("schedule_warning")
        if isinstance(warning, dict) and isinstance(warning.get("min_days"), int) and warning["min_days"] < 2:
            checker.problem(
                ("drugs", i, "schedule_warning", "min_days"),
                "min_days must be 2 or more (once a day is never too often to warn)",
            )


def _quiz_teaches_what_holds(doc: dict[str, Any], checker: Checker) -> None:
    """A quiz item rests on facts, notes or terms, never on a corrected fact."""
    corrected = {f for _, note in all_notes(doc) for _, f in values(note, "corrects")}
    corrected |= {f for _, term in entries(doc, "terms") for _, f in values(term, "note_corrects")}
    for i, item in entries(doc, "quiz"):
        for j, fact in values(item, "facts"):
            if fact in corrected:
                checker.problem(("quiz", i, "facts", j), f"the answer rests on {fact}, which an editor's note corrects")
        if not any(item.get(key) for key in ("facts", "teaches", "terms")):
            checker.problem(("quiz", i), "tag what the answer rests on: facts, teaches (a note id) or terms")


RULES: tuple[Callable[[dict[str, Any], Checker], None], ...] = (
    _questions_end_with_a_question_mark,
    _parents_have_their_own_wording,
    _no_dose_advice,
    _editors_sources_can_be_found,
    _brand_status_is_sourced,
    _schedule_warning_is_for_longer_gaps,
    _quiz_teaches_what_holds,
)

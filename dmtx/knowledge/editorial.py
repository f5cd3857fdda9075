"""Editorial rules: what the content must say, and how, beyond its shape and links.

Each rule is one function of `RULES`, judged on whatever passed the shape checks, and
each message says what the rule asks. The schema holds the rules that are counts (3 to 6
questions a point, 2 to 4 a drug and a beyond-the-page entry, 3 or 4 choices a quiz
item, 12 to 30 quiz items). Two rules the tests keep: plain reading level (it needs
textstat, a test extra) and no run of ten words copied from the page (it needs the page).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dmtx.knowledge.links import all_notes, known, question_entries
from dmtx.knowledge.schema import REVIEWED_SECTIONS
from dmtx.knowledge.shape import Checker, entries, values

# "I" only as a capital (the pronoun); the others in any case, as at the start of a sentence ("My dose").
_FIRST_PERSON = re.compile(r"\b(I|I'm|I've|I'll|(?i:me|my|mine|myself))\b")
_PARENT_VOICE = re.compile(r"\bmy child('s)?\b", re.IGNORECASE)
_PARENT_WORDS = re.compile(r"\bmy child|\bwe\b|\bour\b", re.IGNORECASE)
_DOSE_IN_TEXT = re.compile(r"\d\s*(mg|g|mcg|ml|milligrams?)\b|\bmg\b", re.IGNORECASE)
_DOSE_ADVICE = re.compile(r"\byou should\b|\btake \d+\s*mg\b", re.IGNORECASE)
_QUIZ_DRILL = re.compile(r"\bmg\b|\breferences?\b", re.IGNORECASE)
_LATER = ("Later fact", "Safety note")
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
    for path, question in question_entries(doc, ("points", "drugs", "beyond", "journal_rules")):
        if "parent_text" in question and not question["parent_text"].endswith("?"):
            checker.problem((*path, "parent_text"), "a question must end with '?'")
    visit = doc.get("visit")
    for i, core in entries(visit, "top3") if isinstance(visit, dict) else ():
        for key in ("text", "parent_text"):
            if key in core and not core[key].endswith("?"):
                checker.problem(("visit", "top3", i, key), "a question must end with '?'")


def _parents_have_their_own_wording(doc: dict[str, Any], checker: Checker) -> None:
    """A first-person question a parent may ask has a parent_text, and that speaks as the parent.

    Every question counts: to the doctor, in a journal rule, and the visit's top 3.
    """
    asked = list(question_entries(doc, ("points", "drugs", "beyond", "journal_rules")))
    visit = doc.get("visit")
    asked += [(("visit", "top3", i), core) for i, core in (entries(visit, "top3") if isinstance(visit, dict) else ())]
    for path, question in asked:
        text = question.get("text", "")
        if question.get("patient") != "adult" and speaks_as_patient(text) and "parent_text" not in question:
            checker.problem((*path, "text"), "a first-person question shown to parents needs a parent_text")
        if "parent_text" in question and not _PARENT_WORDS.search(question["parent_text"]):
            checker.problem((*path, "parent_text"), "a parent_text speaks as the parent: 'my child', 'we' or 'our'")


def _no_dose_advice(doc: dict[str, Any], checker: Checker) -> None:
    """Questions and point summaries never tell a dose or what 'you should' do; journal questions name no dose."""
    for path, question in question_entries(doc):
        for key in ("text", "parent_text"):
            if _DOSE_ADVICE.search(question.get(key, "")):
                checker.problem((*path, key), "no dose instructions: never 'you should' or 'take N mg'")
    for i, point in entries(doc, "points"):
        if _DOSE_ADVICE.search(point.get("summary", "")):
            checker.problem(("points", i, "summary"), "no dose instructions: never 'you should' or 'take N mg'")
    for path, question in question_entries(doc, ("journal_rules",)):
        for key in ("text", "parent_text"):
            if _DOSE_IN_TEXT.search(question.get(key, "")):
                checker.problem((*path, key), "a journal question must not name a dose")


def _each_point_has_a_most_important_question(doc: dict[str, Any], checker: Checker) -> None:
    """Each point has a question of importance 1 (what `checklist --limit 1` keeps)."""
    for i, point in entries(doc, "points"):
        questions = entries(point, "questions")
        if questions and all(q.get("importance", 2) != 1 for _, q in questions):
            checker.problem(("points", i, "questions"), "each point needs a question of importance 1")


def _facts_are_numbered_by_their_point(doc: dict[str, Any], checker: Checker) -> None:
    """The facts of point N have the ids FN.1, FN.2… (as the editors' findings cite them)."""
    for i, point in entries(doc, "points"):
        if "number" not in point:
            continue
        prefix = f"F{point['number']}."
        for j, fact in entries(point, "facts"):
            if "id" in fact and not fact["id"].startswith(prefix):
                checker.problem(
                    ("points", i, "facts", j, "id"), f"a fact of point {point['number']} has an id {prefix}N"
                )


def _later_facts_cite_the_editors_sources(doc: dict[str, Any], checker: Checker) -> None:
    """A note that starts 'Later fact' or 'Safety note' cites references the editors added, not the page's."""
    page = known(doc, "references", "number", keep="in_source") or set()
    for path, note in all_notes(doc):
        if not note.get("text", "").startswith(_LATER):
            continue
        cited = {number for _, number in values(note, "references")}
        if not cited or cited & page:
            checker.problem((*path, "references"), "a later fact or safety note cites a source the editors added")


def _editors_sources_can_be_found(doc: dict[str, Any], checker: Checker) -> None:
    """A source added by the editors has a url."""
    for i, ref in entries(doc, "references"):
        if ref.get("in_source") is False and "url" not in ref:
            checker.problem(("references", i), "a source added by the editors needs a url (a DOI link or web address)")


def _beyond_the_page_is_cited(doc: dict[str, Any], checker: Checker) -> None:
    """What the page leaves out cites a dated source with a link, and so does a drug the page does not name."""
    # Reference number -> its url ("" for none); numbers that are not references are the links' to report.
    urls = {ref["number"]: ref.get("url", "") for _, ref in entries(doc, "references") if "number" in ref}
    dated = {ref["number"] for _, ref in entries(doc, "references") if "number" in ref and "date" in ref}
    for i, entry in entries(doc, "beyond"):
        cited = [(j, number, urls[number]) for j, number in values(entry, "references") if number in urls]
        if cited and not any(url.startswith("http") for _, _, url in cited):
            checker.problem(("beyond", i, "references"), "cite at least one source with a link (a DOI or web address)")
        for j, number, url in cited:
            if "doi.org" in url and number not in dated:
                checker.problem(("beyond", i, "references", j), f"reference {number} is a DOI source: give its date")
    for i, drug in entries(doc, "drugs"):
        if drug.get("on_page", True):
            continue
        sources = {number for _, note in entries(drug, "notes") for _, number in values(note, "references")}
        if not sources or any(urls.get(number) == "" for number in sources):
            checker.problem(("drugs", i, "on_page"), "a drug not on the page needs notes citing sources with a url")


def _brand_status_is_sourced(doc: dict[str, Any], checker: Checker) -> None:
    """A brand said to be sold, ending or discontinued names where that was checked: an openFDA listing."""
    citations = {ref["number"]: ref.get("citation", "") for _, ref in entries(doc, "references") if "number" in ref}
    for i, drug in entries(doc, "drugs"):
        for j, other in entries(drug, "other_names"):
            where = ("drugs", i, "other_names", j)
            if other.get("status") in _CLAIMED and not other.get("status_references"):
                checker.problem((*where, "status"), "a brand's status needs status_references: where was it checked?")
            for k, number in values(other, "status_references"):
                if number in citations and "openFDA" not in citations[number]:
                    checker.problem((*where, "status_references", k), "a brand's status is checked in openFDA")


def _questions_fit_a_kind_of_visit(doc: dict[str, Any], checker: Checker) -> None:
    """When the file lists kinds of visit, every question of a point or a drug is tagged with one."""
    if "situations" not in doc:
        return
    for path, question in question_entries(doc, ("points", "drugs")):
        if not question.get("situations"):
            checker.problem((*path, "situations"), "tag each question with the situations it fits")


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
    """A quiz item rests on facts, notes or terms, never on a corrected fact, and drills no dose or reference."""
    corrected = {f for _, note in all_notes(doc) for _, f in values(note, "corrects")}
    corrected |= {f for _, term in entries(doc, "terms") for _, f in values(term, "note_corrects")}
    for i, item in entries(doc, "quiz"):
        for j, fact in values(item, "facts"):
            if fact in corrected:
                checker.problem(("quiz", i, "facts", j), f"the answer rests on {fact}, which an editor's note corrects")
        if not any(item.get(key) for key in ("facts", "teaches", "terms")):
            checker.problem(("quiz", i), "tag what the answer rests on: facts, teaches (a note id) or terms")
        drills = [("question", item.get("question", ""))] + [(("choices", j), c) for j, c in values(item, "choices")]
        for key, text in drills:
            if _QUIZ_DRILL.search(text):
                where = ("quiz", i, *key) if isinstance(key, tuple) else ("quiz", i, key)
                checker.problem(where, "a quiz never drills a dose (mg) or a reference number")
        lead = f"Point {item.get('point')}:"
        if "point" in item and "explanation" in item and not item["explanation"].startswith(lead):
            checker.problem(("quiz", i, "explanation"), f"the explanation starts with {lead!r}")


def _quiz_covers_every_point(doc: dict[str, Any], checker: Checker) -> None:
    """A quiz asks about every point."""
    asked = known(doc, "quiz", "point")  # None without a quiz, or when an item lost its point
    if asked is None:
        return
    numbers = [point["number"] for _, point in entries(doc, "points") if "number" in point]
    missing = [number for number in numbers if number not in asked]
    if missing:
        names = ", ".join(str(n) for n in missing)
        checker.problem(("quiz",), f"the quiz needs a question on every point; none on point {names}")


def _next_review_comes_after_the_review(doc: dict[str, Any], checker: Checker) -> None:
    """Each entry's next review is after its last one (dates written YYYY-MM-DD compare as text)."""
    for section in REVIEWED_SECTIONS:
        for i, entry in entries(doc, section):
            reviewed, due = entry.get("reviewed"), entry.get("next_review")
            if reviewed and due and due <= reviewed:
                checker.problem(
                    (section, i, "next_review"), f"the next review ({due}) must come after the last ({reviewed})"
                )


def check_reviews_due(doc: dict[str, Any], checker: Checker, today: str) -> None:
    """Each entry whose next review date is before `today` (YYYY-MM-DD), named: a rule of the calendar, not the file."""
    for section in REVIEWED_SECTIONS:
        for i, entry in entries(doc, section):
            due = entry.get("next_review")
            if due and due < today:
                name = entry.get("id") or f"point {entry.get('number', i + 1)}"
                checker.problem(
                    (section, i, "next_review"),
                    f"{name} was due for review on {due}, before {today}: check it again, then stamp new dates",
                )


RULES: tuple[Callable[[dict[str, Any], Checker], None], ...] = (
    _questions_end_with_a_question_mark,
    _parents_have_their_own_wording,
    _no_dose_advice,
    _each_point_has_a_most_important_question,
    _facts_are_numbered_by_their_point,
    _later_facts_cite_the_editors_sources,
    _editors_sources_can_be_found,
    _beyond_the_page_is_cited,
    _brand_status_is_sourced,
    _questions_fit_a_kind_of_visit,
    _schedule_warning_is_for_longer_gaps,
    _quiz_teaches_what_holds,
    _quiz_covers_every_point,
    _next_review_comes_after_the_review,
)

"""Cross-references: ids and names are unique, and every link between sections resolves.

Judged on whatever passed the shape checks; a section with an entry that lost its id is
not used to judge links into it (`known` says None), so one mistake is not reported twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from dmtx.knowledge.problems import path_text
from dmtx.knowledge.schema import RULE_FILLS, RULE_NEEDS, SCHEMA_VERSION
from dmtx.knowledge.shape import Checker, entries, values
from dmtx.knowledge.vocabulary import check_vocabulary

Path = tuple[Any, ...]


def check_links(doc: dict[str, Any], checker: Checker) -> None:
    """Uniqueness and every reference between sections resolves, judged on whatever is valid."""
    version = doc.get("schema_version")
    if version is not None and version != SCHEMA_VERSION:
        checker.problem(("schema_version",), f"this dmtx reads schema_version {SCHEMA_VERSION}, not {version}")
    _unique(doc, checker)
    drug_ids = known(doc, "drugs", "id")
    term_ids = known(doc, "terms", "id")
    refs = known(doc, "references", "number")
    source_refs = known(doc, "references", "number", keep="in_source")
    point_numbers = known(doc, "points", "number")
    facts = all_facts(doc)

    for i, point in entries(doc, "points"):
        path = ("points", i)
        refs_exist(values(point, "drugs"), drug_ids, (*path, "drugs"), "drug", checker)
        refs_exist(values(point, "terms"), term_ids, (*path, "terms"), "term", checker)
        if source_refs is not None:
            for j, number in values(point, "references"):
                if number not in source_refs:
                    checker.problem((*path, "references", j), f"no reference {number} from the source page")
    for path, note in all_notes(doc):
        numbers_exist(values(note, "references"), refs, (*path, "references"), checker)
        refs_exist(values(note, "corrects"), facts, (*path, "corrects"), "fact", checker)
    for i, drug in entries(doc, "drugs"):
        refs_exist(values(drug, "facts"), facts, ("drugs", i, "facts"), "fact", checker)
        warning = drug.get("schedule_warning")
        if isinstance(warning, dict):
            numbers_exist(values(warning, "references"), refs, ("drugs", i, "schedule_warning", "references"), checker)
        for j, other in entries(drug, "other_names"):
            where = ("drugs", i, "other_names", j, "status_references")
            numbers_exist(values(other, "status_references"), refs, where, checker)
    for i, term in entries(doc, "terms"):
        refs_exist(values(term, "see_also"), term_ids, ("terms", i, "see_also"), "term", checker)
        refs_exist(values(term, "note_corrects"), facts, ("terms", i, "note_corrects"), "fact", checker)
        for key in ("references", "note_references"):
            numbers_exist(values(term, key), refs, ("terms", i, key), checker)
    for path, question in question_entries(doc):
        refs_exist(values(question, "facts"), facts, (*path, "facts"), "fact", checker)
    for i, entry in entries(doc, "beyond"):
        refs_exist(values(entry, "drugs"), drug_ids, ("beyond", i, "drugs"), "drug", checker)
        numbers_exist(values(entry, "references"), refs, ("beyond", i, "references"), checker)
    _confusables(doc, drug_ids, refs, checker)
    for i, rule in entries(doc, "journal_rules"):
        _journal_rule(rule, ("journal_rules", i), drug_ids, refs, checker)
    _quiz(doc, point_numbers, term_ids, facts, checker)
    _situation_tags(doc, checker)
    check_vocabulary(doc, checker)


def _unique(doc: dict[str, Any], checker: Checker) -> None:
    """Every id, number, slug and name is used once (names compared without case)."""
    for section, key, what in (
        ("points", "number", "point number"),
        ("points", "slug", "slug"),
        ("drugs", "id", "drug id"),
        ("terms", "id", "term id"),
        ("references", "number", "reference"),
        ("quiz", "id", "quiz id"),
        ("journal_rules", "id", "journal rule id"),
        ("situations", "id", "situation id"),
    ):
        duplicates(field_values(doc, section, key), what, checker)
    facts = [
        (("points", i, "facts", j, "id"), fact["id"])
        for i, point in entries(doc, "points")
        for j, fact in entries(point, "facts")
        if "id" in fact
    ]
    duplicates(facts, "fact id", checker)
    duplicates(list(_question_ids(doc)), "question id", checker)
    duplicates(list(_drug_names(doc)), "drug name", checker)
    duplicates(list(_term_names(doc)), "term name", checker)
    duplicates([((*path, "id"), note["id"]) for path, note in all_notes(doc) if "id" in note], "note id", checker)
    duplicates(field_values(doc, "beyond", "id"), "beyond-the-page id", checker)


def _quiz(
    doc: dict[str, Any], points: set[int] | None, term_ids: set[str] | None, facts: set[str], checker: Checker
) -> None:
    """A quiz item names a known point, facts, terms and notes, and its answer is one of its choices."""
    note_ids = {note["id"] for _, note in all_notes(doc) if "id" in note}
    for i, item in entries(doc, "quiz"):
        if points is not None and "point" in item and item["point"] not in points:
            checker.problem(("quiz", i, "point"), f"no point {item['point']}")
        choices = [choice for _, choice in values(item, "choices")]
        if "answer" in item and "choices" in item and item["answer"] not in choices:
            checker.problem(("quiz", i, "answer"), "the answer must be exactly one of the choices")
        duplicates([(("quiz", i, "choices", j), c) for j, c in values(item, "choices")], "choice", checker)
        refs_exist(values(item, "facts"), facts, ("quiz", i, "facts"), "fact", checker)
        refs_exist(values(item, "terms"), term_ids, ("quiz", i, "terms"), "term", checker)
        refs_exist(values(item, "teaches"), note_ids, ("quiz", i, "teaches"), "note id", checker)


def _journal_rule(
    rule: dict[str, Any], path: Path, drug_ids: set[str] | None, refs: set[int] | None, checker: Checker
) -> None:
    """A rule has the settings its condition needs, and names known drugs and references."""
    for key in RULE_NEEDS.get(rule.get("condition", ""), ()):
        if key not in rule:
            checker.problem(path, f"the condition {rule['condition']!r} needs {key!r}")
    refs_exist(values(rule, "drugs"), drug_ids, (*path, "drugs"), "drug", checker)
    numbers_exist(values(rule, "references"), refs, (*path, "references"), checker)
    fills = RULE_FILLS.get(rule.get("condition", ""), ())
    for j, question in entries(rule, "questions"):
        text = question.get("text")
        for name in re.findall(r"\{([^{}]*)\}", text) if isinstance(text, str) else ():
            if name not in fills:
                allowed = ", ".join("{" + f + "}" for f in fills) or "none"
                checker.problem(
                    (*path, "questions", j, "text"), f"{{{name}}} is not filled by this condition ({allowed})"
                )


def _situation_tags(doc: dict[str, Any], checker: Checker) -> None:
    """Every situation a question is tagged with, and the visit's default one, must be listed."""
    situations = known(doc, "situations", "id") if "situations" in doc else set()
    if situations is None:
        return
    for section in ("points", "drugs"):
        for i, entry in entries(doc, section):
            for j, question in entries(entry, "questions"):
                path = (section, i, "questions", j, "situations")
                refs_exist(values(question, "situations"), situations, path, "situation", checker)
    visit = doc.get("visit")
    if isinstance(visit, dict) and "default_situation" in visit and visit["default_situation"] not in situations:
        checker.problem(("visit", "default_situation"), f"unknown situation {visit['default_situation']!r}")


def _confusables(doc: dict[str, Any], drug_ids: set[str] | None, refs: set[int] | None, checker: Checker) -> None:
    """A confusable names one of our drugs, by a name that drug really has."""
    names_of: dict[str, set[str]] = {}
    for _, drug in entries(doc, "drugs"):
        names = {drug.get("name", ""), *(o.get("name", "") for _, o in entries(drug, "other_names"))}
        names_of[drug.get("id", "")] = {n.casefold() for n in names}
    for i, item in entries(doc, "confusables"):
        path = ("confusables", i)
        if "drug" in item:
            refs_exist([(0, item["drug"])], drug_ids, path, "drug", checker, at=(*path, "drug"))
            wanted = names_of.get(item["drug"])
            if wanted is not None and "looks_like" in item and item["looks_like"].casefold() not in wanted:
                checker.problem((*path, "looks_like"), f"{item['looks_like']!r} is not a name of drug {item['drug']!r}")
        numbers_exist(values(item, "references"), refs, (*path, "references"), checker)


# --------------------------------------------------------------------------- helpers


def duplicates(found: list[tuple[Path, Any]], what: str, checker: Checker) -> None:
    """Report every value seen before (text compared without case), naming where it was first."""
    seen: dict[Any, Path] = {}
    for path, value in found:
        key = value.casefold() if isinstance(value, str) else value
        if key in seen:
            checker.problem(path, f"duplicate {what} {value!r} (also at {path_text(seen[key])})")
        else:
            seen[key] = path


def refs_exist(
    found: list[tuple[int, str]],
    known_ids: set[str] | None,
    path: Path,
    what: str,
    checker: Checker,
    *,
    at: Path | None = None,
) -> None:
    """Every id names something known (with a 'did you mean'); `at` replaces path + index as the place."""
    if known_ids is None:
        return
    for j, value in found:
        if value not in known_ids:
            match = checker.suggest(value, known_ids)
            hint = f" (did you mean {match!r}?)" if match else ""
            checker.problem(at or (*path, j), f"unknown {what} {value!r}{hint}")


def numbers_exist(found: list[tuple[int, Any]], known_numbers: set[int] | None, path: Path, checker: Checker) -> None:
    """Every reference number is one of the file's references."""
    if known_numbers is None:
        return
    for j, number in found:
        if number not in known_numbers:
            checker.problem((*path, j), f"no reference {number}")


def known(doc: dict[str, Any], section: str, key: str, keep: str | None = None) -> set[Any] | None:
    """All values of one field across a section; None when any is missing (then links are not judged)."""
    items = doc.get(section)
    if not isinstance(items, list) or any(not isinstance(e, dict) or key not in e for e in items):
        return None
    if keep is not None and any(keep not in e for e in items):
        return None
    return {e[key] for e in items if keep is None or e[keep]}


def field_values(doc: dict[str, Any], section: str, key: str) -> list[tuple[Path, Any]]:
    """(path, value) of one field in every entry of a section that has it."""
    return [((section, i, key), item[key]) for i, item in entries(doc, section) if key in item]


def all_facts(doc: dict[str, Any]) -> set[str]:
    """The ids of the page's facts."""
    return {fact["id"] for _, point in entries(doc, "points") for _, fact in entries(point, "facts") if "id" in fact}


def all_notes(doc: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every note on a point or a drug, with its path."""
    for section in ("points", "drugs"):
        for i, entry in entries(doc, section):
            for j, note in entries(entry, "notes"):
                yield (section, i, "notes", j), note


def question_entries(
    doc: dict[str, Any], sections: tuple[str, ...] = ("points", "drugs", "beyond")
) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every question to ask the doctor in these sections, with its path."""
    for section in sections:
        for i, entry in entries(doc, section):
            for j, question in entries(entry, "questions"):
                yield (section, i, "questions", j), question


def _question_ids(doc: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    for path, question in question_entries(doc, ("points", "drugs", "beyond", "journal_rules")):
        if "id" in question:
            yield (*path, "id"), question["id"]


def _drug_names(doc: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    for i, drug in entries(doc, "drugs"):
        if "name" in drug:
            yield ("drugs", i, "name"), drug["name"]
        for key in ("other_names", "related"):
            for j, other in entries(drug, key):
                if "name" in other:
                    yield ("drugs", i, key, j, "name"), other["name"]
    for i, item in entries(doc, "confusables"):
        if "name" in item:
            yield ("confusables", i, "name"), item["name"]


def _term_names(doc: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    for i, term in entries(doc, "terms"):
        if "term" in term:
            yield ("terms", i, "term"), term["term"]
        for j, alias in values(term, "aliases"):
            yield ("terms", i, "aliases", j), alias

"""A medicine's name as a journal entry gets it: the guide's drug it matches, and that drug's schedule warning.

The same lookup as `dmtx drug`, so a name finds the same drug in the journal as on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from dmtx import lookup
from dmtx.errors import DmtxError, NotFound

if TYPE_CHECKING:
    from dmtx.journal.entries import Entry
    from dmtx.model import Knowledge

OTHER_HINT = "If it is a medicine this guide does not cover, add --other to keep the name as you typed it."


def resolver(knowledge: Knowledge, *, other: bool) -> Callable[[str], str | None]:
    """name as typed -> the guide's drug it matched, by the same lookup as `dmtx drug`.

    A name the guide does not know (a misspelling gets "Did you mean") or another drug
    easy to mix up with one of ours is refused, unless `other`: then it is kept, not matched.
    """

    def resolve(name: str) -> str | None:
        try:
            match = lookup.find_drug(knowledge, name)
        except NotFound as exc:
            if other:
                return None
            hint = f"{OTHER_HINT} {exc.hint}" if exc.hint else OTHER_HINT  # the address last, not run into
            raise NotFound(str(exc), exc.suggestions, hint=hint) from None
        if match.related is None:
            return match.drug.id
        if other:
            return None
        raise NotFound(match.related.not_ours(match.drug.name), hint=OTHER_HINT) from None

    return resolve


def exact_resolver(knowledge: Knowledge) -> Callable[[str], str | None]:
    """For imports: the guide's drug a name matches exactly (no suggestions); None when it matches none.

    A name the guide does not know, or a drug related to one of ours, is kept as written.
    """

    def exact(name: str) -> str | None:
        try:
            match = lookup.find_drug(knowledge, name)
        except DmtxError:
            return None
        return match.drug.id if match.related is None else None

    return exact


def typed_warning(knowledge: Knowledge, typed: str) -> str | None:
    """The drug's schedule warning when a name was typed with a schedule more often than usual
    ("methotrexate daily", "methotrexate twice a week"); None when it names no drug of the guide."""
    try:
        return lookup.label_warning(lookup.find_drug(knowledge, typed))
    except DmtxError:
        return None


def unkept_warning(knowledge: Knowledge, typed: str, how_often: str) -> str | None:
    """The drug's schedule warning for a schedule that cannot be kept as one entry ("methotrexate every 12
    hours", "twice a week"): said before the refusal, so the refusal never hides it."""
    said = typed_warning(knowledge, f"{typed} {how_often}")
    if said:
        return said
    from dmtx.journal.entries import more_often_than

    span = more_often_than(how_often)
    drug_id = exact_resolver(knowledge)(typed) if span is not None else None
    warning = knowledge.drug(drug_id).schedule_warning if drug_id else None
    if span is None or warning is None or span > warning.min_days:
        return None
    return warning.text.replace("Your journal records it", f"You wrote {how_often.strip()!r}: that is", 1)


def same_name(typed: str, name: str) -> bool:
    """Whether a name as typed is the guide's name of the drug, as the lookup compares names."""
    return lookup.normalize(typed) == lookup.normalize(name)


def recorded_warnings(knowledge: Knowledge, entries: Iterable[Entry]) -> list[str]:
    """For each drug under each name, its schedule warning on the first of these doses that meets it, naming
    that dose (a daily Xatmep is named even after a daily methotrexate).

    What `journal add` says when a dose is typed, said again wherever doses are shown or
    brought in (the list, a chart, an import), so a schedule kept earlier is never shown bare.
    """
    from dmtx.journal.entries import dose_text, schedule_warning
    from dmtx.journal.rules import product_of
    from dmtx.sanitize import clean_line

    drugs = {drug.id: drug for drug in knowledge.drugs}
    said: dict[tuple[str, str], str] = {}
    for entry in entries:
        drug = drugs.get(entry.drug or "")
        warning = schedule_warning(drug, entry) if drug is not None else None
        named = (entry.drug or "", product_of(entry))
        if warning and named not in said:
            dose = clean_line(f"{entry.name} {dose_text(entry)} on {entry.day}")
            said[named] = f"WARNING: {dose}. {warning}"
    return list(said.values())

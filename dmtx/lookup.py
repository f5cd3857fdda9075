"""Finding things by the names people type: topics, drugs and terms, with safe suggestions.

A suggestion ("Did you mean") is only offered for a real misspelling of a name this
guide covers. A name listed in the knowledge file's `confusables` is another drug whose
name looks or sounds like ours: it never gets one of ours suggested (search: `dmtx.search`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from dmtx.errors import NotFound, UsageProblem
from dmtx.model import Beyond, Confusable, Drug, Knowledge, OtherName, Related, Situation, Term, Topic
from dmtx.sanitize import clean_line

MAX_QUERY_CHARS = 200
MAX_EDITS = 2
MEDLINEPLUS_DRUGS = "https://medlineplus.gov/druginformation.html"
COVERAGE = "This guide is built from a 2014 page and the updates it lists"
_DROPPED = {"\u00ae", "\u2122", "\u00a9", "\u2120"}  # ® ™ © ℠
# Punctuation between or after the words of a name, as typed or pasted from a web page: every kind
# of dash (hyphen, non-breaking hyphen, en and em dash, minus), quotes, brackets and ?! are one space.
_DASHES = "\\-\u2010-\u2015\u2212"
_SEPARATORS = re.compile(rf"[\s{_DASHES}_/.,;:!?\u00a1\u00bf'\u2019\u2018\"()]+")


def fold_char(char: str) -> str:
    """One character folded for matching: accents off, case folded, marks dropped."""
    if char in _DROPPED:
        return ""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(text: str) -> str:
    """A name as matching sees it: case-, accent- and punctuation-insensitive."""
    folded = text.lower() if text.isascii() else "".join(fold_char(c) for c in text)
    folded = re.sub(r"\((r|tm)\)", " ", folded)
    return _SEPARATORS.sub(" ", folded).strip()


def check_query(text: str, what: str) -> str:
    """Reject empty or absurdly long input with a usage problem; return it stripped."""
    stripped = text.strip()
    if not stripped or not normalize(stripped):
        raise UsageProblem(f"Please give a {what}; it was empty.")
    if len(stripped) > MAX_QUERY_CHARS:
        raise UsageProblem(f"That {what} is too long ({len(stripped)} characters; the limit is {MAX_QUERY_CHARS}).")
    return stripped


# --------------------------------------------------------------------------- topics


# A topic asked for by its number as people write it: "3", "point 3", "Topic 3", "#3", "no. 3", "3.", "+3",
# "three"; digits with other marks ("3,4", "-1") ask for a number too, never for words in the text.
_TOPIC_NUMBER = re.compile(r"^(?:(?:point|topic|no\.?|number)\s*)?#?\s*\+?([0-9]{1,9})\s*[.,;:]?$", re.IGNORECASE)
_TOPIC_WORDS = {w: n for n, words in enumerate(("one first", "two second", "three third"), 1) for w in words.split()}
_TOPIC_WORDS |= {"four": 4, "fourth": 4, "five": 5, "fifth": 5, "six": 6, "sixth": 6}
NOT_A_TOPIC = 0


def topic_number(query: str) -> int | None:
    """The number a topic query gives ("point 3" -> 3, "three" -> 3), NOT_A_TOPIC (0) for digits that name
    no one topic ("3,4", "-1"), or None when it gives words."""
    text = unicodedata.normalize("NFKC", query).strip().casefold()  # a full-width ３ is 3
    found = _TOPIC_NUMBER.match(text)
    if found:
        return int(found[1])
    word = re.sub(r"^(?:point|topic|number)\s+", "", text)
    if word in _TOPIC_WORDS:
        return _TOPIC_WORDS[word]
    if any(c.isdigit() for c in text) and not any(c.isalpha() for c in text):
        return NOT_A_TOPIC
    return None


def find_topic(knowledge: Knowledge, query: str) -> Topic:
    """A treatment point by number (1-6, also "point 3", "three") or slug, case-insensitive; NotFound with a pointer."""
    wanted = check_query(query, "topic number or name")
    number = topic_number(wanted)
    key = normalize(wanted).replace(" ", "-") if number is None else str(number)
    for point in knowledge.topics:
        if key in (str(point.number), point.slug):
            return point
    choices = {p.slug: (p.slug, p.slug) for p in knowledge.topics}
    numbers = [p.number for p in knowledge.topics]
    hint = (
        f"Topics are numbered {min(numbers)} to {max(numbers)} (list them with: dmtx topics); "
        f"to find words anywhere, try: dmtx search {wanted}"
    )
    raise NotFound(f"There is no topic {wanted!r}.", suggest(key, choices) if number is None else (), hint=hint)


# --------------------------------------------------------------------------- situations


def find_situation(knowledge: Knowledge, query: str) -> Situation:
    """A kind of visit by its id (e.g. 'flare'), case-insensitive; NotFound with suggestions."""
    wanted = check_query(query, "situation")
    key = normalize(wanted).replace(" ", "-")
    for situation in knowledge.situations:
        if key == situation.id.casefold():
            return situation
    choices = {s.id: (s.id, s.id) for s in knowledge.situations}
    raise NotFound(f"There is no situation {wanted!r} (see: dmtx checklist --situations).", suggest(key, choices))


# --------------------------------------------------------------------------- drugs


def find_topics(knowledge: Knowledge, queries: Sequence[str]) -> tuple[Topic, ...]:
    """The topics named, in the order given, each once; every topic when none is named."""
    if not queries:
        return knowledge.topics
    return tuple(dict.fromkeys(find_topic(knowledge, q) for q in queries))


def topic_keys(knowledge: Knowledge) -> list[tuple[str, str]]:
    """What `topic` accepts, for shell completion: (number or slug, title)."""
    keys = [(str(p.number), p.title) for p in knowledge.topics]
    return keys + [(p.slug, p.title) for p in knowledge.topics]


# --------------------------------------------------------------------------- drugs


class DrugMatch(NamedTuple):
    """A drug found by some name; says which other name or related drug matched."""

    drug: Drug
    matched_name: OtherName | None = None
    related: Related | None = None
    set_aside: str = ""
    """A strength, form or schedule typed after the name, as on a label ("50mg", "10 mg daily"): not checked."""
    every_days: int | None = None
    """How many days apart that schedule says doses are (1 for "daily"); None when it says none."""


def name_variants(name: str) -> Iterator[str]:
    """A name as typed in full, without its bracketed part, and the bracketed part alone."""
    yield name
    yield re.sub(r"\(.*?\)", "", name)
    yield from re.findall(r"\((.*?)\)", name)


def _drug_keys(drug: Drug) -> Iterator[tuple[str, DrugMatch]]:
    plain = DrugMatch(drug)
    for name in (drug.id, *name_variants(drug.name)):
        yield normalize(name), plain
    for other in drug.other_names:
        yield normalize(other.name), DrugMatch(drug, matched_name=other)
    for related in drug.related:
        yield normalize(related.name), DrugMatch(drug, related=related)


def drug_index(knowledge: Knowledge) -> dict[str, DrugMatch]:
    """Every name a drug may be typed as, normalised, to what it means."""
    index: dict[str, DrugMatch] = {}
    for drug in knowledge.drugs:
        for key, match in _drug_keys(drug):
            if key:
                index.setdefault(key, match)
    return index


def drug_names(knowledge: Knowledge) -> list[tuple[str, str]]:
    """Every name of every drug as written in the file, for shell completion: (name, generic)."""
    names: list[tuple[str, str]] = []
    for drug in knowledge.drugs:
        names.append((drug.name, drug.drug_class))
        names += [(o.name, drug.name) for o in drug.other_names]
    return names


def find_drug(knowledge: Knowledge, query: str) -> DrugMatch:
    """A drug by generic name, brand, other spelling or abbreviation.

    NotFound says plainly when the name is another drug, offers only true misspellings
    of our names, and otherwise points to where the name can be looked up.
    """
    wanted = check_query(query, "drug name")
    index = drug_index(knowledge)
    if normalize(wanted) in index:
        return index[normalize(wanted)]
    label = split_label(wanted, index)
    if label is None:
        return _drug_by_name(knowledge, index, wanted)
    from dmtx.labelwords import schedule_days  # here: an exact name (most lookups) never needs it

    name, aside = label
    return _drug_by_name(knowledge, index, name)._replace(set_aside=aside, every_days=schedule_days(aside))


def _drug_by_name(knowledge: Knowledge, index: dict[str, DrugMatch], wanted: str) -> DrugMatch:
    """The drug a name (without strength or form) means; the look-alike guard and the tie rule judge it."""
    key = normalize(wanted)
    if key in index:
        return index[key]
    shortened = _brand_without_suffix(key, index)
    if shortened is not None:
        return shortened
    look_up = f"Ask your doctor or pharmacist, or look it up in MedlinePlus drug information: {MEDLINEPLUS_DRUGS}"
    other = _confusable(knowledge, key)
    if other is not None:
        raise NotFound(f"{other.name} is not in this guide. {_not_the_same(knowledge, other)}", hint=look_up)
    several = _names_several(knowledge, key, wanted)
    if several is not None:
        raise NotFound(several, hint=look_up)
    candidates = {k: (m.drug.id, _drug_display(m)) for k, m in index.items()}
    found = closest(key, candidates, avoid=[c.name for c in knowledge.confusables])
    if found.tie:
        raise NotFound(f"No drug called {wanted!r} is in this guide. {tie_sentence(knowledge, found)}", hint=look_up)
    if found.ours and not found.others:
        raise NotFound(f"No drug called {wanted!r} is in this guide.", found.ours)
    raise NotFound(f"No drug called {wanted!r} is in this guide. {COVERAGE}.", hint=look_up)


def split_label(typed: str, index: dict[str, DrugMatch]) -> tuple[str, str] | None:
    """(name, what follows it) when a name is typed as on a label ("Imuran 50mg"), else None.

    Words are taken off the end only while they are strengths, forms or schedules, and the
    longest name left that this guide knows wins: "Octagam 10%" stays whole when it is a name.
    """
    from dmtx.labelwords import is_label_word  # its patterns cost start-up time: loaded when a label is read

    # A hyphen parts words too ("Xeljanz-XR"); the name and the rest keep what was typed ("Gamunex-C").
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\s\-\u2010\u2011]+", typed)]
    words = [typed[start:end] for start, end in spans]
    cut = len(words)
    while cut > 1 and is_label_word(words[cut - 1]):
        cut -= 1
        if normalize(" ".join(words[:cut])) in index:
            break
    if cut == len(words) or all(is_label_word(word) for word in words[:cut]):
        return None
    return typed[: spans[cut - 1][1]].strip(), typed[spans[cut][0] :].strip()


def label_warning(match: DrugMatch) -> str | None:
    """The drug's schedule warning when the schedule typed with its name is more often than usual, else None.

    The same words the journal shows, said of what was typed instead of the journal.
    """
    warning = match.drug.schedule_warning
    if warning is None or match.every_days is None or match.every_days >= warning.min_days:
        return None
    said = f"You wrote {match.set_aside!r}: that is"
    text = warning.text.replace("Your journal records it", said, 1)
    return text if text != warning.text else f"You wrote {match.set_aside!r}. {warning.text}"


def tie_sentence(knowledge: Knowledge, found: Closest) -> str:
    """The one rule for ties: a name as close to one of ours as to another real drug names both, offers neither."""
    ours = found.ours[0]
    generic = next((m.drug.name for k, m in drug_index(knowledge).items() if _drug_display(m) == ours), ours)
    mine = ours if normalize(generic) == normalize(ours) else f"{ours} ({generic})"
    others = " or ".join(found.others)
    return (
        f"It is as close to {mine}, in this guide, as to {others}, which is not. "
        "They are different drugs: check the name on the label, or ask your pharmacist."
    )


def _brand_without_suffix(key: str, index: dict[str, DrugMatch]) -> DrugMatch | None:
    """`Gamunex` for `Gamunex-C`: a whole name missing a short last part, when only one drug has it."""
    if len(key) < 4:
        return None
    matches = [m for k, m in index.items() if k.startswith(key + " ") and len(k) - len(key) - 1 <= 3]
    return matches[0] if matches and len({m.drug.id for m in matches}) == 1 else None


def _names_several(knowledge: Knowledge, key: str, wanted: str) -> str | None:
    """What a word naming several drugs or a group ("pred", "steroids") may mean, and the guide's pages on them."""
    for everyday in knowledge.vocabulary:
        if key in everyday.words and everyday.place.startswith("drug:") and len(everyday.means) > 1:
            drug = knowledge.drug(everyday.place.removeprefix("drug:"))
            means = " or ".join(everyday.means)
            return (
                f"{wanted!r} can mean more than one drug: {means}. They are not the same. See 'dmtx drug {drug.name}'."
            )
    slang = {
        e.place.removeprefix("term:")
        for e in knowledge.vocabulary
        if e.reviewed and key in e.words and e.place.startswith("term:")
    }
    for term in knowledge.terms:
        if term.id in slang or key in {normalize(name) for name in (term.term, *term.aliases)}:  # 'roids' too
            pages = [f"'dmtx drug {d.name}'" for d in knowledge.drugs if f"({term.term})" in d.drug_class]
            if pages:
                return f"{wanted!r} names a group of drugs, not one drug. See {' and '.join(pages)}."
    return None


def _confusable(knowledge: Knowledge, key: str) -> Confusable | None:
    return next((c for c in knowledge.confusables if normalize(c.name) == key), None)


def _not_the_same(knowledge: Knowledge, other: Confusable) -> str:
    ours = knowledge.drug(other.drug).name
    same = normalize(other.looks_like) == normalize(ours)
    return f"It is not the same drug as {other.looks_like}{'' if same else f' ({ours})'}."


def _drug_display(match: DrugMatch) -> str:
    if match.matched_name:
        return match.matched_name.name
    if match.related:
        return match.related.name
    return match.drug.name


# --------------------------------------------------------------------------- terms


class TermMatch(NamedTuple):
    """A glossary term found by its name or one of its aliases."""

    term: Term
    matched_alias: str | None = None


def term_index(knowledge: Knowledge) -> dict[str, TermMatch]:
    """Every name a term may be typed as, normalised."""
    index: dict[str, TermMatch] = {}
    for term in knowledge.terms:
        for name in (term.id, *name_variants(term.term)):
            if normalize(name):
                index.setdefault(normalize(name), TermMatch(term))
        for alias in term.aliases:
            index.setdefault(normalize(alias), TermMatch(term, matched_alias=alias))
    return index


def term_names(knowledge: Knowledge) -> list[tuple[str, str]]:
    """Every term and alias as written in the file, for shell completion: (name, term)."""
    names: list[tuple[str, str]] = []
    for term in knowledge.terms:
        names.append((term.term, "word explained"))
        names += [(alias, term.term) for alias in term.aliases]
    return names


def find_term(knowledge: Knowledge, query: str) -> TermMatch:
    """A glossary term by name or alias; NotFound with true misspellings or a pointer to search."""
    wanted = check_query(query, "word")
    index = term_index(knowledge)
    key = normalize(wanted)
    if key in index:
        return index[key]
    found = suggest(key, {k: (m.term.id, m.matched_alias or m.term.term) for k, m in index.items()})
    if not found:  # the first words of one entry's names ("Gottron"): offered, never shown unasked
        starting = {m.term.term for k, m in index.items() if k.startswith(key + " ")}
        found = tuple(starting) if len(starting) == 1 else ()
    hint = f"Try: dmtx search {wanted} (or list every word with: dmtx terms)"
    raise NotFound(f"The word {wanted!r} is not in the glossary.", found, hint=hint)


# --------------------------------------------------------------------------- suggestions


class Closest(NamedTuple):
    """What a typed name may be a slip of: our names, best first, and other real drugs as close or closer."""

    ours: tuple[str, ...]
    others: tuple[str, ...] = ()

    @property
    def tie(self) -> bool:
        """Another real drug is exactly as close as our best name: name both, offer neither."""
        return bool(self.ours and self.others)


def slip_edits(typed: str, name: str) -> int | None:
    """The edits from `name` to `typed` when `typed` looks like a typing slip of `name`, else None.

    A slip is at most MAX_EDITS edits (Damerau-Levenshtein: a swap of two letters is one edit)
    and at most one edit per four letters of the name ('ph' counted as 'f'). It is never judged on sound
    alone (the rules of `dmtx.spelling` decide which edits are slips), and never
    across a family: two names that share a stem ending but start differently, or two brand names
    that share their first words but end in a different short suffix (Gamunex-C, Gamunex-D).
    """
    import jellyfish

    from dmtx.spelling import across_family, renames, same_sounds

    edits: int = jellyfish.damerau_levenshtein_distance(same_sounds(typed), same_sounds(name))
    if edits > MAX_EDITS or edits * 4 > len(name):
        return None
    if edits and (across_family(typed, name) or renames(typed, name)):
        return None
    return edits


def closest(
    key: str, candidates: dict[str, tuple[str, str]], *, avoid: Iterable[str] = (), sound: bool = False
) -> Closest:
    """Our names that `key` is a slip of (candidates map key -> (thing, name)), and other real drugs as close.

    `avoid` are other real drugs' names: when one is at least as close to `key` as our best
    name (a tie, or closer), nothing of ours may be offered; a tie names both. `sound` also
    accepts a name of five letters or more that sounds exactly the same (Metaphone): only for
    names that are not drugs (situations, topics, words), where a near sound harms no one.
    """
    import jellyfish

    # Bytes that were not UTF-8 arrive as lone surrogates, which jellyfish cannot take.
    key = key.encode("utf-8", "replace").decode("utf-8")
    scored: list[tuple[int, int, str, str, str]] = []
    for candidate, (thing, name) in candidates.items():
        edits = slip_edits(key, candidate)
        if edits is None and sound and len(key) >= 5 and len(candidate) >= 5:
            edits = MAX_EDITS + 1 if jellyfish.metaphone(key) == jellyfish.metaphone(candidate) else None
        if edits is not None:
            # At equal distance, the name that starts like what was typed reads as the one meant.
            scored.append((edits, -_shared_start(key, candidate), candidate, thing, name))
    if not scored:
        return Closest(())
    best = min(entry[0] for entry in scored)
    names: dict[str, str] = {}
    for *_, thing, name in sorted(scored):
        names.setdefault(thing, name)
    ours = tuple(names.values())[:3]
    others = [(jellyfish.damerau_levenshtein_distance(key, normalize(o)), o) for o in avoid]
    closer = tuple(o for d, o in sorted(others) if d < best)
    if closer:
        return Closest((), closer)
    tied = tuple(o for d, o in others if d == best)
    return Closest(ours[:1] if tied else ours, tied)


def suggest(
    key: str, candidates: dict[str, tuple[str, str]], *, avoid: Iterable[str] = (), sound: bool = True
) -> tuple[str, ...]:
    """Up to three names that `key` is a slip of (or, with `sound`, sounds like); nothing when one in `avoid` is as close."""
    found = closest(key, candidates, avoid=avoid, sound=sound)
    return () if found.others else found.ours


def _shared_start(one: str, other: str) -> int:
    """How many leading characters two names share."""
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count


# --------------------------------------------------------------------------- beyond the page


def find_beyond(knowledge: Knowledge, query: str) -> Beyond:
    """A beyond-the-page entry by its id ('rituximab') or a word of its title; NotFound with suggestions."""
    wanted = check_query(query, "beyond-the-page id")
    key = normalize(wanted).replace(" ", "-")
    for entry in knowledge.beyond:
        if key == entry.id:
            return entry
    choices = {b.id: (b.id, b.id) for b in knowledge.beyond}
    raise NotFound(f"There is no beyond-the-page entry {wanted!r}.", suggest(key, choices))


def is_beyond_id(knowledge: Knowledge, query: str) -> bool:
    """True when the text names a beyond-the-page entry rather than a topic."""
    key = normalize(query).replace(" ", "-")
    return any(key == entry.id for entry in knowledge.beyond)


_WORD_PATTERN: list[tuple[tuple[Term, ...], re.Pattern[str], dict[str, str]]] = []
"""The last glossary's pattern (one slot: a process reads one knowledge file)."""


def words_used(knowledge: Knowledge, texts: list[str]) -> tuple[tuple[str, str], ...]:
    """Each glossary word that the texts use (by its name or an alias), with its plain meaning, in glossary order.

    One pattern of every name, longest first: at each place the longest name wins and hides the words
    inside it ("steroid myopathy" does not also count as "myopathy"). Built once per glossary.
    """
    if not _WORD_PATTERN or _WORD_PATTERN[0][0] is not knowledge.terms:
        owner = {}
        for term in reversed(knowledge.terms):  # a name two words share goes to the first
            names = [re.sub(r"\s*\(.*?\)", "", term.term), *re.findall(r"\((.*?)\)", term.term), *term.aliases]
            owner.update({n.strip().lower(): term.id for n in names if n.strip()})
        alternatives = "|".join(re.escape(name) for name in sorted(owner, key=len, reverse=True)) or "$^"
        _WORD_PATTERN[:] = [(knowledge.terms, re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), owner)]
    _, pattern, owner = _WORD_PATTERN[0]
    found = {owner[match.group()] for match in pattern.finditer("\n".join(texts).lower())}
    return tuple((clean_line(t.term), clean_line(t.definition)) for t in knowledge.terms if t.id in found)

"""Every kind of name a person types (topics, situations, question ids, beyond-the-page entries, words,
drugs), found, refused and corrected the way the person reads it. In process, so mutmut sees them.

Written for the mutation run on dmtx/lookup.py (issue #26, docs/mutation.md): each test is a
behaviour a user would notice, not a detail of the code.
"""

from __future__ import annotations

import pytest

from dmtx.commands import completions
from dmtx.knowledge import load
from dmtx.lookup import closest, find_topics, words_used
from dmtx.model import Knowledge

from conftest import BUNDLED, Dmtx, assert_clean_error

KNOWLEDGE = load(BUNDLED, use_cache=False)


# --------------------------------------------------------------------------- empty and long input


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("topic", " "), "topic number or name"),
        (("drug", " "), "drug name"),
        (("term", " "), "word"),
        (("beyond", " "), "beyond-the-page id"),
        (("checklist", "--situation", " "), "situation"),
        (("checklist", "--top", " "), "question id or words"),
    ],
)
def test_an_empty_name_is_refused_saying_what_was_wanted(dmtx: Dmtx, args: tuple[str, ...], what: str) -> None:
    result = dmtx(*args)
    assert_clean_error(result, 2)
    assert result.stderr == f"dmtx: Please give a {what}; it was empty.\n"  # in these words, this case


def test_a_name_of_only_punctuation_counts_as_empty(dmtx: Dmtx) -> None:
    assert_clean_error(dmtx("drug", "--", "-.-"), 2, "Please give a drug name; it was empty.")


def test_a_name_over_200_characters_is_refused_and_200_are_read(dmtx: Dmtx) -> None:
    assert_clean_error(dmtx("drug", "x" * 201), 2, "too long (201 characters; the limit is 200)")
    result = dmtx("drug", "x" * 200)
    assert result.exit_code == 1 and "No drug called" in result.stderr


# --------------------------------------------------------------------------- topics


@pytest.mark.parametrize("typed", ["3", "steroid-myopathy", "Steroid Myopathy", " STEROID_MYOPATHY "])
def test_a_topic_is_found_by_number_or_name_in_any_case_and_spacing(dmtx: Dmtx, typed: str) -> None:
    result = dmtx("topic", typed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith("Point 3: Steroids can also make muscles weak")


def test_an_unknown_topic_offers_a_slip_and_says_how_topics_are_numbered(dmtx: Dmtx) -> None:
    result = dmtx("topic", "prednisne")
    assert_clean_error(result, 1, "There is no topic 'prednisne'.", "Did you mean: prednisone?")
    hint = dmtx("topic", "7").stderr
    assert "Topics are numbered 1 to 6 (list them with: dmtx topics)" in hint
    assert "try: dmtx search 7" in hint


def test_topics_for_slides_keep_the_order_given_once_each() -> None:
    chosen = find_topics(KNOWLEDGE, ["3", "ivig", "Steroid Myopathy", "1"])
    assert [t.number for t in chosen] == [3, 6, 1]
    assert find_topics(KNOWLEDGE, []) == KNOWLEDGE.topics


# --------------------------------------------------------------------------- situations, question ids, beyond the page


def _checklist_ids(dmtx: Dmtx, *args: str) -> set[str]:
    import json

    result = dmtx("checklist", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    top = {q["id"] for q in data["top3"]}
    return top | {q["id"] for section in data["sections"] for q in section["questions"]}


def test_a_situation_is_found_in_any_case_with_spaces_for_dashes(dmtx: Dmtx) -> None:
    assert _checklist_ids(dmtx, "--situation", "Dose Change") == _checklist_ids(dmtx, "--situation", "dose-change")


def test_a_misspelt_situation_is_corrected(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "--situation", "flaer")
    assert_clean_error(result, 1, "There is no situation 'flaer'", "Did you mean: flare?")


def test_a_question_id_is_found_in_any_case(dmtx: Dmtx) -> None:
    assert "p1-q3" in _checklist_ids(dmtx, "--top", "P1-Q3")


def test_an_unknown_question_id_offers_up_to_three_near_ones(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "--top", "p1-q99")
    assert_clean_error(
        result, 1, "There is no question with the id or words 'p1-q99'.", "Did you mean: p1-q1, p1-q2, p1-q3?"
    )


def test_a_beyond_entry_is_found_by_its_words_and_a_slip_is_corrected(dmtx: Dmtx) -> None:
    shown = dmtx("beyond", "Skin Care")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout == dmtx("beyond", "skin-care").stdout
    assert_clean_error(dmtx("beyond", "rituxmab"), 1, "There is no beyond-the-page entry 'rituxmab'.", "rituximab?")


def test_a_beyond_entry_named_as_a_topic_joins_the_checklist(dmtx: Dmtx) -> None:
    beyond = {q.id for q in next(b for b in KNOWLEDGE.beyond if b.id == "skin-care").questions}
    assert beyond and beyond <= _checklist_ids(dmtx, "--topic", "Skin Care")
    assert not beyond & _checklist_ids(dmtx, "--topic", "1")


# --------------------------------------------------------------------------- drugs


@pytest.mark.parametrize("typed", ["prednisóne", "PREDNISONE", "Rayos®", "Rayos™", "Rayos(R)", "ｐｒｅｄｎｉｓｏｎｅ"])
def test_accents_marks_case_and_wide_letters_do_not_hide_a_drug(dmtx: Dmtx, typed: str) -> None:
    result = dmtx("drug", typed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith("prednisone")


def test_a_drug_that_only_sounds_like_ours_is_never_offered(dmtx: Dmtx) -> None:
    # "prednizoan" sounds exactly like prednisone (Metaphone) but is 3 edits away: a sound is no slip for a drug.
    result = dmtx("drug", "prednizoan")
    assert_clean_error(result, 1, "No drug called 'prednizoan'", "MedlinePlus")
    assert "prednisone" not in result.stderr.replace("prednizoan", "")


def test_a_tie_with_our_generic_name_names_it_once(dmtx: Dmtx) -> None:
    # One edit from cyclosporine (ours) and from cycloserine (another drug): both named, neither offered.
    first = dmtx("drug", "cyclosprine").stderr.splitlines()[0]
    assert first == (
        "dmtx: No drug called 'cyclosprine' is in this guide. It is as close to cyclosporine, in this guide, "
        "as to cycloserine, which is not. They are different drugs: check the name on the label, or ask your pharmacist."
    )


@pytest.mark.parametrize("typed", ["\ufb02ebogamma", "Intravenous Immunoglobulin"])
def test_a_ligature_or_a_name_without_its_bracket_finds_the_drug(dmtx: Dmtx, typed: str) -> None:
    result = dmtx("drug", typed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith("intravenous immunoglobulin (IVIG)")


def test_a_word_is_found_without_its_bracketed_short_form(dmtx: Dmtx) -> None:
    result = dmtx("term", "Creatine Kinase")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith("creatine kinase (CK)")
    assert "Showing" not in result.stdout


def test_a_brand_without_its_short_last_part_is_found(dmtx: Dmtx) -> None:
    result = dmtx("drug", "Gamunex")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith("intravenous immunoglobulin (IVIG)")


# --------------------------------------------------------------------------- words


def test_a_word_found_by_another_name_says_which(dmtx: Dmtx) -> None:
    result = dmtx("term", "CPK")
    assert result.exit_code == 0, result.stderr
    assert "Showing creatine kinase (CK) for 'CPK'." in result.stdout


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("tapred", "tapered"),  # a slip of another name is offered as that name, not as the word
        ("remishun", "remission"),  # sounds the same (words only, never drugs)
        ("mayositis", "myositis"),
    ],
)
def test_a_misspelt_word_is_corrected(dmtx: Dmtx, typed: str, offered: str) -> None:
    result = dmtx("term", typed)
    assert_clean_error(result, 1, f"The word {typed!r} is not in the glossary.", f"Did you mean: {offered}?")


def test_a_word_with_no_slip_points_to_search(dmtx: Dmtx) -> None:
    result = dmtx("term", "zzzzzz")
    assert_clean_error(result, 1, "The word 'zzzzzz' is not in the glossary.", "Try: dmtx search zzzzzz")
    assert "Did you mean" not in result.stderr


def test_sound_alone_needs_five_letters() -> None:
    words = {"taper": ("taper", "taper"), "tapers": ("tapers", "tapers")}
    assert closest("tppr", words, sound=True).ours == ()  # four letters: never on sound
    assert closest("teipr", words, sound=True).ours == ("taper",)  # five letters, three edits, same sound
    assert closest("teipr", words).ours == ()  # not for drugs (no `sound`)


def test_words_explained_are_found_by_name_bracket_or_alias_in_any_case() -> None:
    found = dict(words_used(KNOWLEDGE, ["Creatine kinase went up.", "My Titre was high."]))
    assert set(found) == {"creatine kinase (CK)", "titer"}
    assert dict(words_used(KNOWLEDGE, ["The ck test."])).keys() == {"creatine kinase (CK)"}
    assert words_used(KNOWLEDGE, ["creatine kinases"]) == ()  # a longer word is another word


# --------------------------------------------------------------------------- shell completion (in process)


def test_completion_offers_drugs_words_and_topics_with_their_meaning() -> None:
    assert completions("drug", "Imu") == [("Imuran", "azathioprine")]
    assert ("prednisone", "corticosteroid (steroid)") in completions("drug", "pred") or completions("drug", "pred")[0][
        0
    ] == "prednisone"
    assert completions("term", "remi") == [("remission", "word explained")]
    assert completions("term", "CPK") == [("CPK", "creatine kinase (CK)")]
    topics = completions("topic", "")
    assert [value for value, _ in topics[:6]] == ["1", "2", "3", "4", "5", "6"]
    assert ("steroid-myopathy", KNOWLEDGE.topics[2].title) in topics


# --------------------------------------------------------------------------- the slip rules, called directly


@pytest.mark.parametrize(
    ("typed", "name", "edits"),
    [
        ("gamunix o", "gamunex a", 2),  # the first word differs too: a slip of the whole name, not another product
        ("brand x ab", "brand x cd", None),  # same first words, another short last part: another product
        ("gamunex abc", "gamunex abd", None),  # three letters is still a short last part
        ("gamunex abca", "gamunex abce", 1),  # four letters is a word: a slip in it
        ("ebcdefmab", "abcdefmabe", 2),  # a family ending on the typed side only makes no family
    ],
)
def test_a_brand_is_another_product_only_when_just_its_short_last_part_differs(
    typed: str, name: str, edits: int | None
) -> None:
    from dmtx.lookup import slip_edits

    assert slip_edits(typed, name) == edits


def test_a_tie_names_only_our_best_name() -> None:
    ours = {"gengraf": ("a", "Gengraf"), "gengref": ("b", "Gengref")}
    found = closest("gengrif", ours, avoid=["gengrof"])
    assert (found.ours, found.others) == (("Gengraf",), ("gengrof",))
    assert closest("gengrif", ours).ours == ("Gengraf", "Gengref")


def test_bytes_that_were_not_text_are_a_plain_not_found() -> None:
    from dmtx.errors import NotFound
    from dmtx.lookup import find_drug

    with pytest.raises(NotFound, match="No drug called"):
        find_drug(KNOWLEDGE, "imura\udcff")


def _guide_with_brands(brands: dict[str, list[str]]) -> Knowledge:
    """The bundled guide with made-up brand names added to some drugs (the bundled file has no such edge)."""
    drugs = []
    for drug in KNOWLEDGE.drugs:
        extra = [drug.other_names[0]._replace(name=name) for name in brands.get(drug.id, [])]
        drugs.append(drug._replace(other_names=(*drug.other_names, *extra)))
    return KNOWLEDGE._replace(drugs=tuple(drugs))


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Abcd", True),  # four letters is enough to drop a short last part (Abcd XL)
        ("Abc", False),  # three is not (Abc XR): too short to be sure
        ("Zorbex", True),  # a last part of three letters (Zorbex ABC) is short
        ("Qwerty", False),  # four letters (Qwerty WXYZ) is a word, not a short part
        ("Shared", False),  # two drugs have brands that start so (Shared AB, Shared CD): neither is guessed
    ],
)
def test_a_brand_is_found_without_its_short_last_part_only_when_that_is_safe(typed: str, found: bool) -> None:
    from dmtx.errors import NotFound
    from dmtx.lookup import find_drug

    guide = _guide_with_brands(
        {"ivig": ["Abcd XL", "Abc XR", "Zorbex ABC", "Qwerty WXYZ", "Shared AB"], "rituximab": ["Shared CD"]}
    )
    if found:
        assert find_drug(guide, typed).drug.id == "ivig"
    else:
        with pytest.raises(NotFound):
            find_drug(guide, typed)


def test_the_first_words_of_one_glossary_word_offer_it_without_showing_it(dmtx: Dmtx) -> None:
    """'dmtx term Gottron': offered as 'Did you mean', never shown unasked; words that start two entries offer none."""
    result = dmtx("term", "Gottron")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "dmtx: The word 'Gottron' is not in the glossary.",
        "dmtx: Did you mean: Gottron papules?",
    ]
    assert result.stdout == ""
    # "muscle" starts names of three words (muscle biopsy, muscle disease, muscle inflammation): none is offered
    assert "Did you mean" not in dmtx("term", "muscle").stderr

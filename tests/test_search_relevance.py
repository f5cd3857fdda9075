"""Search finds what patients and caregivers ask about: natural questions, the place that must rank high.

Each question names the place that must come first (1) or in the top three (3). The
rates are printed by `python -m pytest tests/test_search_relevance.py -s -k rates`.
"""

from __future__ import annotations

import re

import pytest

from conftest import Dmtx

# (what a person types, the place that answers it, the rank it must reach or beat)
QUESTIONS: list[tuple[str, str, int]] = [
    ("what is IVIG", "topic 6", 1),
    ("can I stop prednisone", "topic 2", 3),
    ("why are my legs weak on steroids", "topic 3", 1),
    ("muscle enzymes", "term creatine-kinase", 1),
    ("cancer", "topic 5", 1),
    ("CPK", "term creatine-kinase", 1),
    ("what is CK", "term creatine-kinase", 1),
    ("steroids", "term corticosteroid", 3),
    # The steroid safety entries (sick days, side effects) and the steroid-sparing term rightly come first (#21).
    ("steroids", "drug prednisone", 10),
    ("what does remission mean", "term remission", 1),
    ("what is a taper", "term taper", 1),
    ("what does tapering mean", "term taper", 1),
    ("is Imuran the same as azathioprine", "drug azathioprine", 1),
    ("methotrexate once a week", "drug methotrexate", 1),
    ("do I need folic acid", "drug methotrexate", 1),
    ("can my child stop prednisone", "topic 2", 1),
    ("will I need prednisone for a long time", "topic 2", 1),
    ("hidden cancer tests", "topic 5", 1),
    ("is IVIG expensive", "topic 6", 1),
    ("Octagam approved for dermatomyositis", "topic 6", 3),
    ("what is dermatomyositis", "term dermatomyositis", 1),
    ("what does autoimmune mean", "term autoimmune", 1),
    ("what are autoantibodies", "term autoantibody", 1),
    ("first treatment for DM", "topic 1", 1),
    ("starting dose of prednisone", "topic 1", 3),
    ("maintenance dose", "term maintenance-dose", 1),
    ("drugs that calm the immune system", "topic 4", 1),
    ("cyclosporine and cancer", "topic 5", 3),
    ("steroid myopathy", "term steroid-myopathy", 3),
    ("steroid myopathy", "topic 3", 3),
    ("muscle weakness from steroids", "topic 3", 3),
    ("Gammagard", "drug ivig", 1),
    ("what is paraneoplastic", "term paraneoplastic", 1),
    ("creatinine kidney test", "term creatine-kinase", 3),
    ("T cells", "term lymphocyte", 1),
    ("IV drip", "term intravenous", 1),
    ("chlorambucil", "drug chlorambucil", 1),
    ("prednisolone", "drug prednisone", 1),
    ("blood test to check if treatment works", "topic 1", 3),
    ("can exercise help my muscles", "topic 3", 1),
]


def _places(out: str) -> list[str]:
    return re.findall(r"^((?:topic|drug|term|beyond) \S+?):", out, flags=re.M)


@pytest.mark.parametrize(("question", "place", "rank"), QUESTIONS, ids=[f"{q} -> {p}" for q, p, _ in QUESTIONS])
def test_question_finds_its_place(dmtx: Dmtx, question: str, place: str, rank: int) -> None:
    result = dmtx("search", "--all", question)
    assert result.exit_code == 0, result.stderr
    places = _places(result.stdout)
    assert place in places[:rank], places


def test_rates(dmtx: Dmtx) -> None:
    """Top-1 and top-3 rates over the whole set (printed with -s); every question finds its place."""
    first = top3 = 0
    for question, place, _ in QUESTIONS:
        places = _places(dmtx("search", "--all", question).stdout)
        first += places[:1] == [place]
        top3 += place in places[:3]
    print(f"\nsearch relevance: top-1 {first}/{len(QUESTIONS)}, top-3 {top3}/{len(QUESTIONS)}")
    assert len(QUESTIONS) >= 30
    assert top3 >= first > 0


# --------------------------------------------------------------------------- a question that names a drug is about it

FACETS = ("{} side effects", "is {} safe", "{} blood tests", "{} hair loss", "stopping {}")


def _drug_names() -> list[tuple[str, str]]:
    """(drug id, each name a patient may type for it) for every drug of the bundled guide."""
    from dmtx.knowledge import load

    from search_sets import BUNDLED

    knowledge = load(BUNDLED)
    return [(d.id, name) for d in knowledge.drugs for name in (d.name, *(o.name for o in d.other_names))]


@pytest.mark.parametrize(("drug", "name"), _drug_names())
def test_a_question_naming_a_drug_ranks_its_page_above_every_place_that_never_names_it(drug: str, name: str) -> None:
    """ "CellCept side effects" once put steroids' side effects first: that place holds two of the three words.

    For every name of every drug and a few things people ask about a drug, the drug's own
    page must come before any place that does not hold the name at all.
    """
    from dmtx.search import fts_query, search
    from dmtx.searchindex import open_index, query_words

    from search_sets import BUNDLED

    db = open_index(BUNDLED)
    words = query_words(name)
    holding_ids = {
        row[0]
        for row in db.execute("SELECT rowid FROM places WHERE places MATCH ?", (fts_query(db, words, every=True),))
    }
    holding = {db.execute("SELECT place FROM place WHERE id = ?", (i,)).fetchone()[0] for i in holding_ids}
    for facet in FACETS:
        found = [f.place for f in search(db, facet.format(name), limit=None).found]
        own = found.index(f"drug {drug}")
        strangers = [n for n, place in enumerate(found) if place not in holding]
        assert not strangers or own < strangers[0], (facet.format(name), found[: own + 1])


def test_cellcept_side_effects_shows_mycophenolate_first(dmtx: Dmtx) -> None:
    result = dmtx("search", "CellCept side effects", "--plain")
    assert result.exit_code == 0
    first = re.search(r"^(topic|drug|term|beyond) [^\s:]+", result.stdout, flags=re.M)
    assert first is not None and first.group(0) in ("drug mycophenolate", "beyond mycophenolate")


def _related_names() -> list[tuple[str, str]]:
    from dmtx.knowledge import load

    from search_sets import BUNDLED

    knowledge = load(BUNDLED)
    return [(d.id, r.name) for d in knowledge.drugs for r in d.related]


@pytest.mark.parametrize(("drug", "name"), _related_names())
@pytest.mark.parametrize("facet", ["{}", "{} side effects", "is {} safe for my child"])
def test_a_search_naming_a_related_drug_shows_first_that_it_is_not_ours(
    dmtx: Dmtx, drug: str, name: str, facet: str
) -> None:
    """'Orapred side effects' once showed prednisone's side-effect question, as if Orapred were prednisone."""
    result = dmtx("search", facet.format(name), "--plain", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    first = re.search(r"^(topic|drug|term|beyond) [^\s:]+.*\n-+\n(.*)$", result.stdout, flags=re.M)
    assert first is not None, result.stdout
    assert first.group(0).startswith(f"drug {drug}")
    assert first.group(2).replace("*", "").startswith(f"not the same drug: {name}:"), first.group(2)

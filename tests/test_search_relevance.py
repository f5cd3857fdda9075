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

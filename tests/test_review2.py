"""Issue #21, the second clinical review: each fix shown where a patient meets it.

Drug pages lead with safety, slides keep a claim with its note, checklists for a kind of visit
ask what a new patient needs, --all is every question, a child's checklist speaks as a parent,
and the journal's steroid rules ask neutral questions at the right time.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmtx.classroom import slides as slide_deck
from dmtx.cli import app
from dmtx.journal.entries import Entry
from dmtx.journal.rules import make_record, mg_a_day, rules_met
from dmtx.knowledge import KnowledgeError, bundled_data_path, load
from dmtx.views import is_safety

KNOWLEDGE = load()
RULES = {rule.id: rule for rule in KNOWLEDGE.journal_rules}
TODAY = dt.date(2026, 3, 1)


def run(*args: str) -> str:
    result = CliRunner().invoke(app, ["--no-color", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def flat(text: str) -> str:
    return " ".join(text.replace("*", "").split())


def checklist_json(*args: str) -> dict:
    return json.loads(run("checklist", "-f", "json", *args))


def question_ids(data: dict) -> set[str]:
    ids = {q["id"] for s in data["sections"] for q in s["questions"]}
    return ids | {q["id"] for q in data["top3"]}


# --------------------------------------------------------------------------- drug pages


@pytest.mark.parametrize("drug", [d.id for d in KNOWLEDGE.drugs])
def test_a_drug_page_leads_with_summary_what_it_is_safety_then_how_it_is_taken(drug: str) -> None:
    item = KNOWLEDGE.drug(drug)
    page = flat(run("drug", drug))
    assert item.summary and item.taken, drug
    order = [page.index(flat(f"In short: {item.summary}")), page.index("What it is")]
    order += [page.index(flat(n.text)) for n in item.notes if is_safety(n)]
    order.append(page.index("How it is taken"))
    if any(o.kind == "brand" for o in item.other_names):
        order.append(page.index("Other names"))
    assert order == sorted(order), drug
    assert "Words on this page" in page


def test_the_methotrexate_weekly_warning_comes_before_every_brand_line() -> None:
    page = flat(run("drug", "Trexall"))
    weekly = page.index("taken once a week, not every day")
    assert all(weekly < page.index(brand) for brand in ("Xatmep", "Rasuvo", "Otrexup", "Jylamvo", "Rheumatrex"))
    assert weekly < page.index("pregnancy")


def test_every_medical_word_on_a_drug_page_is_explained_on_it() -> None:
    page = flat(run("drug", "azathioprine"))
    words = page.split("Words on this page", 1)[1]
    for word in ("boxed warning:", "lymphoma:", "immunosuppressive:"):
        assert word in words, word


SAFETY = [(d.id, n.text) for d in KNOWLEDGE.drugs for n in d.notes if is_safety(n)]


@pytest.mark.parametrize(("drug", "text"), SAFETY, ids=[f"{d}-{i}" for i, (d, _) in enumerate(SAFETY)])
def test_each_safety_note_is_on_its_drug_page_and_found_by_search(drug: str, text: str) -> None:
    assert flat(text) in flat(run("drug", drug))
    others = " ".join(n.text for n in KNOWLEDGE.drug(drug).notes if n.text != text).lower()
    own = {w.strip(".,:'()").lower() for w in text.split()[2:]} - set(others.replace(".", " ").split())
    longest = sorted(own, key=lambda w: (-len(w), w))[:3]
    found = flat(run("search", "--all", *longest))
    assert f"drug {drug}:" in found and flat(text)[:40] in found, longest


@pytest.mark.parametrize(
    ("drug", "words"),
    [
        ("methotrexate", "must not be taken in pregnancy"),
        ("Octagam", "maltose"),
        ("Octagam", "allergic to corn"),
        ("Octagam", "higher chance of blood clots"),
        ("Imuran", "TPMT or NUDT15"),
        ("Imuran", "allopurinol and febuxostat"),
        ("Imuran", "chance of some cancers"),
        ("Neoral", "raise blood pressure and harm the kidneys"),
        ("Plaquenil", "12 of 39 people with DM"),
        ("Medrol", "pulses"),
        ("Prograf", "serious infections"),
        ("cyclophosphamide", "harm the bladder"),
        ("prednisone", "adrenal crisis"),
        ("prednisone", "blood sugar"),
        ("prednisone", "calcium and vitamin D"),
        ("prednisone", "Only your doctor sets"),
        ("Rituxan", "stop vaccines from working well"),
    ],
)
def test_the_review_safety_gaps_are_closed_on_the_drug_page(drug: str, words: str) -> None:
    assert words in flat(run("drug", drug))


def test_the_typo_comes_after_the_brands_and_myfortic_is_not_a_cellcept_brand() -> None:
    page = flat(run("drug", "IVIG"))
    assert page.index("Brand names: Octagam") < page.index("Typos on the 2014 page: Sandoglobulinit")
    assert page.index("Carimune NF") < page.index("Sandoglobulinit")
    names = flat(run("drug", "IVIG", "--names"))
    assert names.index("Octagam (a brand") < names.index("Carimune NF") < names.index("Sandoglobulinit (a typo")
    myfortic = flat(run("drug", "Myfortic"))
    assert myfortic.startswith("mycophenolate mofetil") and "Myfortic is not mycophenolate mofetil" in myfortic


# --------------------------------------------------------------------------- topics and slides


def test_a_note_correcting_two_facts_is_printed_once_on_the_topic_screen() -> None:
    page = flat(run("topic", "1"))
    assert page.count("CK can be normal while DM is still active") == 1
    assert "See the editor's note above" in page
    assert flat(run("topic", "3")).count("the hips and thighs first") == 1


CORRECTED = [
    (point.number, fact.text, note.text)
    for point in KNOWLEDGE.topics
    for fact in point.facts
    for note in KNOWLEDGE.corrections_of([fact.id], point.notes)
]


@pytest.mark.parametrize("room", [slide_deck.SLIDE_ROOM, 12.0, 9.0])
def test_a_corrected_claim_and_its_note_are_on_the_same_slide(room: float, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slide_deck, "SLIDE_ROOM", room)
    deck = slide_deck.build_deck(KNOWLEDGE)
    if room < slide_deck.SLIDE_ROOM:
        assert any("(2 of" in s.title for s in deck if s.kind == "topic"), "no continuation slide was made"
    assert {number for number, _, _ in CORRECTED} >= {1, 2, 3, 4, 5, 6}
    for number, fact, note in CORRECTED:
        slides = [s for s in deck if s.kind == "topic" and s.topic == number]
        holding = [s for s in slides if any(fact in b for sec in s.sections for b in sec.bullets)]
        assert len(holding) == 1, (number, fact)
        bullets = [b for sec in holding[0].sections for b in sec.bullets if fact in b]
        assert any(note in b for b in bullets), (number, fact)
        key_facts = [sec for sec in holding[0].sections if sec.heading.startswith("Key facts")]
        assert key_facts, number


def test_slides_text_shows_the_correction_under_key_facts() -> None:
    text = run("present", "--no-interactive", "-t", "5")
    key = text.split("Key facts", 1)[1]
    assert "does not treat cancer" in key.split("Drugs named", 1)[0]


# --------------------------------------------------------------------------- checklists


def test_a_new_diagnosis_asks_about_antibodies_lungs_cancer_risk_and_the_sun() -> None:
    ids = question_ids(checklist_json("--situation", "new-diagnosis"))
    assert {"b-lung-q1", "b-lung-q2", "b-ca-q1", "b-skin-q1", "b-help-q1", "b-vac-q1"} <= ids


def test_a_childs_visit_asks_the_beyond_questions_in_a_parents_words_without_adult_cancer_risk() -> None:
    data = checklist_json("--situation", "child")
    ids = question_ids(data)
    assert {"b-skin-q1", "b-ca-q3", "b-ster-q1", "b-se-q1"} <= ids
    assert "b-ca-q1" not in ids
    texts = [q["text"] for s in data["sections"] for q in s["questions"]]
    assert "What sun protection do you suggest for my child's skin?" in texts


@pytest.mark.parametrize("situation", [s.id for s in KNOWLEDGE.situations])
def test_a_kind_of_visit_never_adds_a_drugs_questions(situation: str) -> None:
    data = checklist_json("--situation", situation)
    assert not [s["id"] for s in data["sections"] if s["id"].startswith("drug-")]
    tied = {q.id for b in KNOWLEDGE.beyond if b.drugs for q in b.questions}
    assert not question_ids(data) & tied, situation
    named = checklist_json("--situation", situation, "-d", "methotrexate")
    assert [s["id"] for s in named["sections"] if s["id"].startswith("drug-")] in ([], ["drug-methotrexate"])


def test_all_means_every_question_drugs_and_beyond_included() -> None:
    data = checklist_json("--all")
    every = {q.id for p in KNOWLEDGE.topics for q in p.questions}
    every |= {q.id for d in KNOWLEDGE.drugs for q in d.questions} | {
        q.id for b in KNOWLEDGE.beyond for q in b.questions
    }
    asked = {q["id"] for s in data["sections"] for q in s["questions"]}
    assert every <= asked
    assert "--journal" in data.get("more", "") or "--journal" in run("checklist", "--all", "-f", "text")


def test_all_for_one_group_says_what_it_leaves_out() -> None:
    text = flat(run("checklist", "--all", "--patient", "child", "-f", "text"))
    assert "except those for adults only" in text


# --------------------------------------------------------------------------- a parent's voice


def ago(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def test_a_childs_checklist_words_the_journal_and_top3_as_a_parent(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "j.sqlite3"))
    for entry in (("dose", "prednisone", "10", "mg", "--per", "day", "--date", ago(100)),):
        result = CliRunner().invoke(app, ["journal", "add", *entry])
        assert result.exit_code == 0, result.stderr
    data = checklist_json("--journal", "--patient", "child")
    asked = [q["text"] for q in data["journal"]["questions"]] + [q["text"] for q in data["top3"]]
    assert "My child is taking prednisone now. Should we check my child's bones?" in asked
    assert "Why does this matter for my child?" in asked
    for text in asked:
        assert not any(w in f" {text} " for w in (" I ", " my prednisone ", " me?")), text
    adult = checklist_json("--journal")
    assert "I am taking prednisone now. Should we check my bones?" in [q["text"] for q in adult["journal"]["questions"]]


def test_a_childs_checklist_fills_in_the_parents_wording(tmp_path: Path, monkeypatch) -> None:
    """A child's checklist printed "...after the change to the {medicine} dose?": the parent's wording was
    taken from the rule by id after the questions were filled in, and never filled in itself."""
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "j.sqlite3"))
    for entry in (
        ("dose", "prednisone", "20", "mg", "--per", "day", "--date", ago(60)),
        ("visit", "--date", ago(30)),
        ("dose", "prednisone", "15", "mg", "--per", "day", "--date", ago(20)),
    ):
        assert CliRunner().invoke(app, ["journal", "add", *entry]).exit_code == 0
    asked = [q["text"] for q in checklist_json("--journal", "--patient", "child")["journal"]["questions"]]
    assert "What side effects should we watch for in my child after the change to the prednisone dose?" in asked
    assert not [text for text in asked if "{" in text or "}" in text]


@pytest.mark.parametrize(
    "drop",
    [
        '        parent_text: "My child is taking {medicine} now. Should we check my child\'s bones?"\n',
        '      parent_text: "Why does this matter for my child?"\n',
    ],
)
def test_validate_requires_a_parents_wording_for_journal_and_top3_questions(tmp_path: Path, drop: str) -> None:
    text = Path(bundled_data_path()).read_text(encoding="utf-8")
    assert drop in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(drop, "", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load(path, use_cache=False)
    assert any("needs a parent_text" in line for line in caught.value.lines())


# --------------------------------------------------------------------------- journal rules


def entry(n: int, day: str, kind: str, name: str | None = None, value: float | None = None, **kw: str) -> Entry:
    return Entry(day, kind, name, value, kw.get("unit", "mg" if kind == "dose" else None), kw.get("per"), id=n)


def bones(value: float, unit: str = "mg", per: str | None = "day", days_ago: int = 0) -> bool:
    day = (TODAY - dt.timedelta(days=days_ago)).isoformat()
    record = make_record([entry(1, day, "dose", "prednisone", value, unit=unit, per=per)], TODAY)
    return [rule for rule, _ in rules_met((RULES["steroid-bones"],), record)] == [RULES["steroid-bones"]]


@pytest.mark.parametrize(
    ("value", "unit", "per", "met"),
    [
        (2.5, "mg", "day", True),  # the guideline's threshold, on the first day
        (2.4, "mg", "day", False),
        (2.0, "mg", "day", False),
        (40, "mg", "day", True),
        (17.5, "mg", "week", True),  # 2.5 mg a day
        (17.4, "mg", "week", False),
        (0.0025, "g", "day", True),
        (2500, "mcg", "day", True),
        (2499, "mcg", "day", False),
        (5, "mg", None, False),  # no schedule: no amount a day to compare
        (5, "ml", "day", False),  # a liquid's strength is unknown
        (0, "mg", "day", False),  # stopped
    ],
)
def test_the_bone_question_comes_as_soon_as_prednisone_reaches_the_threshold(
    value: float, unit: str, per: str | None, met: bool
) -> None:
    assert bones(value, unit, per) is met


def test_the_bone_rule_reads_its_threshold_from_the_file_and_its_words_match_it() -> None:
    rule = RULES["steroid-bones"]
    assert (rule.condition, rule.min_mg_a_day, rule.weeks) == ("taking-at-least", 2.5, None)
    words = " ".join(q.text for q in rule.questions)
    assert "3 months" not in words and "now" in words and "calcium and vitamin D" in words
    assert mg_a_day(Entry("2026-01-01", "dose", "prednisone", 35, "mg", "week")) == 5


def muscles(
    weakness: tuple[float, float] | None, ck: tuple[float, float] | None, doses: tuple[float, float] = (20, 20)
) -> bool:
    entries = [entry(1, "2025-12-01", "dose", "prednisone", doses[0], per="day"), entry(2, "2026-01-01", "visit")]
    entries.append(entry(3, "2026-01-03", "dose", "prednisone", doses[1], per="day"))
    if weakness:
        entries += [entry(4, "2026-01-05", "score", "weakness", weakness[0])]
        entries += [entry(6, "2026-02-05", "score", "weakness", weakness[1])]
    if ck:
        entries += [entry(5, "2026-01-05", "ck", value=ck[0]), entry(7, "2026-02-05", "ck", value=ck[1])]
    rule = RULES["steroid-myopathy"]
    return [met for met, _ in rules_met((rule,), make_record(entries, TODAY))] == [rule]


@pytest.mark.parametrize(
    ("weakness", "ck", "doses", "met"),
    [
        ((4, 6), (1000, 1000), (20, 20), True),  # weaker, CK steady: the DM or the steroid
        ((4, 6), (1000, 3000), (20, 20), True),  # weaker, CK up: still one neutral question
        ((4, 6), None, (20, 20), True),
        ((4, 5), (1000, 1000), (20, 20), False),  # one point is not "went up"
        ((6, 4), (1000, 1000), (20, 20), False),
        (None, (1000, 1101), (20, 10), True),  # CK up more than 10 % (the one CK trend) after a lower dose
        (None, (1000, 1100), (20, 10), False),  # exactly 10 %: about the same
        (None, (1000, 1201), (20, 20), False),  # CK up with no lower dose and no weakness score
        (None, (1000, 1201), (10, 20), False),  # a higher dose is not a lower one
        (None, (0, 1), (20, 10), True),
        (None, (1000, 1000), (20, 10), False),
        ((4, 6), (1000, 1000), (20, 0), True),  # stopped since the visit still counts
        ((4, 6), (1000, 1000), (0, 0), False),  # not taken at all
    ],
)
def test_the_muscle_rule_weighs_weakness_ck_and_a_lower_dose(
    weakness: tuple[float, float] | None, ck: tuple[float, float] | None, doses: tuple[float, float], met: bool
) -> None:
    assert muscles(weakness, ck, doses) is met


def test_the_muscle_rule_asks_one_neutral_question() -> None:
    rule = RULES["steroid-myopathy"]
    assert len(rule.questions) == 1
    for text in (rule.questions[0].text, rule.questions[0].parent_text or ""):
        assert "Could this be {cause}?" in text  # the cause names both: "the DM or the prednisone"
        assert not any(word in text.lower() for word in ("lower", "less", "stop", "more", "myopathy"))
    for question in RULES["steroid-lower-dose"].questions:
        assert not any(word in question.text.lower() for word in ("lower", "less", "stop"))


# --------------------------------------------------------------------------- PEMAT-P fixes (items 2, 4, 11, 22, 23)


def test_reading_pages_carry_no_commands_ids_or_source_wording_in_their_text() -> None:
    for args in (("topic", "1"), ("drug", "methotrexate"), ("drug", "rituximab"), ("beyond", "skin-care")):
        page = run(*args)
        body, foot = page.split("-" * 40 + "\n", 1)
        # Cross-references to another entry ("see 'dmtx beyond rituximab'") stay, like "see page 4" in print.
        assert "dmtx checklist" not in body and "(more: dmtx" not in body and "dmtx references" not in body, args
        assert not any(q.id in body for p in KNOWLEDGE.topics for q in p.questions), args
        assert "Numbers in [ ] are sources: dmtx references" in flat(foot), args
    assert "[11, 25, 26]" in flat(run("drug", "methotrexate"))  # each claim still names its sources


def test_the_methotrexate_page_has_a_week_to_tick_and_prednisone_a_plan_for_the_team() -> None:
    mtx = run("drug", "methotrexate")
    card = mtx.split("My methotrexate day\n", 1)[1].split("\n\n", 1)[0]
    assert "Mon  Tue  Wed  Thu  Fri  Sat  Sun\n[_]  [_]  [_]  [_]  [_]  [_]  [_]" in card
    assert "mg" not in card and "My pharmacist checked my day on: ____" in card
    assert mtx.index("How it is taken") < mtx.index("My methotrexate day") < mtx.index("Other names")
    pred = run("drug", "prednisone")
    plan = pred.split("My steroid plan (ask your team to fill it in)\n", 1)[1].split("\n\n", 1)[0]
    assert "What to do on a sick day: ____" in plan and "Who to call, day or night: ____" in plan
    assert "My methotrexate day" not in run("drug", "azathioprine")


@pytest.mark.parametrize(("drug", "words"), [("prednisone", "It is an emergency: call 911"), ("ivig", "call 911")])
def test_an_emergency_says_how_to_get_help(drug: str, words: str) -> None:
    assert words in flat(run("drug", drug))


def test_words_used_in_a_checklists_notes_are_explained_and_a_longer_word_hides_its_part() -> None:
    data = checklist_json("-t", "3")
    words = [w["word"] for w in data["words"]]
    assert "dermatomyositis (DM)" in words and "flare" in words  # both only in the editor's note
    assert "steroid myopathy" in words and "myopathy" not in words  # "myopathy" only inside the longer word
    assert "myopathy" in [w["word"] for w in checklist_json("-t", "3", "-a", "Is my myopathy better?")["words"]]
    assert data["how_to"] and data["how_to"][1] == "Bring this list to your visit."


@pytest.mark.parametrize(
    ("drug", "word"), [("hydroxychloroquine", "lupus:"), ("chlorambucil", "bone marrow, the soft")]
)
def test_a_drug_page_explains_the_words_it_uses(drug: str, word: str) -> None:
    page = flat(run("drug", drug))
    assert word in page and "alkylating" not in page

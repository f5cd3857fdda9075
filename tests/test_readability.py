"""Plain language, measured with textstat 0.7.8: all prose averages grade 6 or below, and none is above 9."""

from __future__ import annotations

import functools
import html
import json
import re
from statistics import mean

import textstat

from dmtx.knowledge import load

from conftest import Dmtx


def _texts() -> list[str]:
    """All prose a reader sees: summaries, facts, notes, definitions, questions (both wordings), quiz."""
    from conftest import all_prose

    return all_prose(load())


def test_reading_grade_is_plain() -> None:
    assert tuple(textstat.__version__) == (0, 7, 8)  # newer ones fetch a dictionary at run time and score differently
    grades = {text: textstat.flesch_kincaid_grade(text) for text in _texts()}
    assert len(grades) >= 250
    assert mean(grades.values()) <= 6, mean(grades.values())
    too_hard = {t: g for t, g in grades.items() if g > 9}
    assert not too_hard, too_hard


def test_the_measure_tells_hard_from_easy() -> None:
    hard = (
        "Repeat measurements of the muscle enzyme creatinine kinase, also called the CK titer, are usually used to "
        "monitor the success of this therapy and when stable low levels are reached after 10 to 12 weeks, the "
        "prednisone dosage is slowly reduced to the maintenance dose."
    )
    assert textstat.flesch_kincaid_grade(hard) > 10


def _visit_texts() -> list[str]:
    """The words issue #15 added: kinds of visit, My top 3, tips, the safety-netting line, hints."""
    from dmtx.checklist import MORE
    from dmtx.views import SOURCES_LINE, TOP_LINE

    knowledge = load()
    assert knowledge.visit is not None
    # A situation is shown as one line, "title: description" (dmtx checklist --situations).
    texts = [f"{s.title}: {s.description}" for s in knowledge.situations]
    texts += [q.text for q in knowledge.visit.top3]
    texts += [block.title for block in knowledge.visit.tips]
    texts += [item for block in knowledge.visit.tips for item in block.items]
    texts += [knowledge.visit.safety_net, MORE, TOP_LINE, SOURCES_LINE]
    return texts


def test_visit_help_reads_at_grade_6() -> None:
    grades = {text: textstat.flesch_kincaid_grade(text) for text in _visit_texts()}
    assert len(grades) >= 25
    assert mean(grades.values()) <= 6, mean(grades.values())
    too_hard = {t: g for t, g in grades.items() if g > 9}
    assert not too_hard, too_hard


# --------------------------------------------------------------------------- every sentence a patient sees
# Issue #21 item 8: every string of five words or more in the knowledge file, and every sentence of
# the output of every command in every format: mean grade 6 or below, no sentence above 9.
# Exempt: names and single terms (strings or sentences under five words, the names of sources and
# their links, lists of names such as "Also called: CK, CPK, creatine phosphokinase"), and labels
# that only name what follows ("Safety note:", "methotrexate:", "(source 20: dmtx references)").

MEAN_GRADE, MAX_GRADE, MIN_WORDS = 6, 9, 5
# Keys whose values are names, ids, dates or choices from a list: never prose.
NAME_KEYS = {
    "id", "slug", "name", "term", "aliases", "citation", "url", "country", "looks_like", "status", "kind",
    "date", "since", "reviewed", "next_review", "last_modified", "site", "condition", "score", "patient",
    "answer",  # the answer is one of the choices, scored there
}  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]?\s+(?=[A-Z\"'(\[])| - ")
_LEAD_LABEL = re.compile(r"^(?:[-*] |\[ \] |\[\d+\] |\d+\. |[A-D]\. |\d{4} )+")
_LABEL = re.compile(r"^[^:.?!]{1,40}: (?=\S)")  # "Safety note: ", "What it is: ", "azathioprine: "
_TRAILING_ID = re.compile(r": [a-z0-9]+(?:-[a-z0-9]+)*$")  # a slide's "Rituximab for hard-to-treat myositis: rituximab"
_ASIDE = re.compile(
    r"\s*\((?:[\w.-]+|sources? [\d, ]+: dmtx references|for (?:adults|children)|another name|[^()]*\d{4})\)"
)
_MARKS = re.compile(r"\s*<- answer|\s*Answer: _+|\*")


# The three below read the bundled file once per test process: measured_sentences runs for each of
# hundreds of texts, and loading the file for each one cost most of this file's time.


@functools.cache
def _exempt_texts() -> tuple[str, ...]:
    """Names: sources and links, the page's title and site, a word's other names (longest first)."""
    knowledge = load()
    refs = knowledge.references
    names = {r.citation for r in refs} | {r.url for r in refs if r.url}
    names |= {knowledge.meta.source.title, knowledge.meta.source.site}
    return tuple(sorted(names, key=len, reverse=True))


@functools.cache
def _name_lists() -> frozenset[str]:
    """A word's other names, as its screen lists them ("Also called"): names, not a sentence."""
    return frozenset(", ".join(t.aliases) for t in load().terms if t.aliases)


@functools.cache
def _question_ids() -> frozenset[str]:
    knowledge = load()
    parts = (*knowledge.topics, *knowledge.drugs, *knowledge.beyond)
    return frozenset(q.id for part in parts for q in part.questions)


def _is_list_of_names(text: str) -> bool:
    """'CK, CPK, creatine phosphokinase' or 'It names methotrexate, chlorambucil and azathioprine.': names only."""
    items = [i for i in re.split(r",|;| and | or ", re.sub(r"\(more: [^)]*\)", "", text).rstrip(".")) if i.strip()]
    return len(items) >= 3 and all(len(i.split()) <= 3 for i in items)


def measured_sentences(text: str) -> list[str]:
    """The sentences of a text that the grade limits apply to, labels and names taken off."""
    exempt = _exempt_texts()
    ids = _question_ids()
    name_lists = _name_lists()
    found = []
    for line in text.splitlines():
        for name in exempt:
            line = line.replace(name, " ")
        line = re.sub(r"https?://\S+", " ", line)
        for sentence in _SENTENCE_END.split(line.strip()):
            sentence = _LEAD_LABEL.sub("", sentence.strip())
            words = sentence.split()
            if words and words[0] in ids:
                sentence = " ".join(words[1:])
            sentence = _TRAILING_ID.sub("", _MARKS.sub("", _ASIDE.sub("", sentence)).strip())
            while _LABEL.match(sentence):
                sentence = _LABEL.sub("", sentence, count=1)
            if sentence in name_lists or _is_list_of_names(sentence):
                continue
            if textstat.lexicon_count(sentence) >= MIN_WORDS:
                found.append(sentence)
    return found


def knowledge_strings(value: object, key: str = "") -> list[str]:
    """Every string of five words or more in the knowledge file that is not a name, id or date."""
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in NAME_KEYS for s in knowledge_strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in knowledge_strings(v, key)]
    return [value] if isinstance(value, str) and len(value.split()) >= MIN_WORDS else []


def grades(texts: list[str]) -> dict[str, float]:
    return {s: textstat.flesch_kincaid_grade(s) for text in texts for s in measured_sentences(text)}


def assert_plain(graded: dict[str, float], at_least: int) -> None:
    assert len(graded) >= at_least, len(graded)
    too_hard = {s: g for s, g in graded.items() if g > MAX_GRADE}
    assert not too_hard, "\n".join(f"{g:5.1f} {s}" for s, g in sorted(too_hard.items(), key=lambda x: -x[1]))
    assert mean(graded.values()) <= MEAN_GRADE, mean(graded.values())


def test_every_sentence_of_the_knowledge_file_reads_at_grade_6() -> None:
    from conftest import BUNDLED, safe_load_yaml

    doc = safe_load_yaml(BUNDLED.read_text(encoding="utf-8"))
    for entry in doc.get("vocabulary", []):
        entry.pop("source", None)  # provenance for editors: no view prints it; search reads only words and means
    strings = knowledge_strings(doc)
    assert len(strings) >= 400
    assert_plain(grades(strings), at_least=600)


def test_drug_classes_are_written_as_sentences() -> None:
    for drug in load().drugs:
        assert drug.drug_class[0].isupper() and drug.drug_class.endswith("."), drug.drug_class


def test_the_measure_takes_off_labels_and_names_but_keeps_the_sentence() -> None:
    assert measured_sentences(
        "Safety note: For DM, it is taken once a week, not every day. (source 20: dmtx references)"
    ) == ["For DM, it is taken once a week, not every day."]
    assert measured_sentences("Also called: CK, CPK, creatine phosphokinase, CK level") == []
    assert measured_sentences("Short one. This sentence is long enough to count.") == [
        "This sentence is long enough to count."
    ]


WIDTH = 100  # the checklist and the quiz handout never draw wider


def unwrapped(text: str, width: int = WIDTH) -> str:
    """Plain output with each wrapped paragraph or item back on one line.

    A line was wrapped exactly when the next line's first word would not have fitted on it, unless
    it starts a labelled item ("flare: ...") right after a finished sentence.
    """
    units: list[str] = []
    last = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or set(stripped) <= set("-=_"):
            units.append("")
            last = ""
            continue
        # After a finished sentence, a line that starts with a label ("flare: ...") is a new item.
        new_item = last.rstrip().endswith((".", "!", "?")) and _LABEL.match(stripped) is not None
        if last and not new_item and len(last.rstrip()) + 1 + len(stripped.split()[0]) > width:
            units[-1] += " " + stripped
        else:
            units.append(stripped)
        last = line
    return "\n".join(u for u in units if u)


def html_text(page: str) -> str:
    """The words of an HTML page, one block a line, tags taken off."""
    page = re.sub(r"(?s)<(style|script)\b.*?</\1>", "", page)
    blocks = re.split(r"<(?:p|li|h\d|td|th|div|footer|section|dt|dd|br|label)\b[^>]*>", page)
    return "\n".join(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", b)).split()) for b in blocks)


def markdown_text(page: str) -> str:
    return "\n".join(
        re.sub(r"^[#>\s]*(?:- \[ \]|-|\d+\.)?\s*", "", line).replace("\\", "") for line in page.splitlines()
    )


def json_strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return [value] if isinstance(value, str) else []


def _outputs(dmtx: Dmtx) -> dict[str, str]:
    """What every command prints, in every format, at 100 columns, as lines of plain text."""
    knowledge = load()

    def run(*args: str) -> str:
        result = dmtx(*args, env={"COLUMNS": str(WIDTH)})
        assert result.exit_code == 0, (args, result.stderr)
        return result.stdout

    screens: list[list[str]] = [[], ["topics"], ["drugs"], ["terms"], ["references"], ["about"], ["beyond"]]
    screens += [["checklist", "--situations"], ["quiz", "--no-interactive"]]
    screens += [["topic", str(p.number)] for p in knowledge.topics] + [["drug", d.name] for d in knowledge.drugs]
    screens += [["term", t.term] for t in knowledge.terms] + [["beyond", b.id] for b in knowledge.beyond]
    screens += [["search", words] for words in ("muscle weakness", "methotrexate weekly", "IVIG", "cancer", "sun")]
    out = {" ".join(args): unwrapped(run(*args)) for args in screens}
    for chosen in ([], ["--all"], ["--patient", "child", "--all"], ["--situation", "new-diagnosis"]):
        name = " ".join(["checklist", *chosen])
        out[f"{name} text"] = unwrapped(run("checklist", "-f", "text", *chosen))
        out[f"{name} markdown"] = markdown_text(run("checklist", "-f", "markdown", *chosen))
        out[f"{name} html"] = html_text(run("checklist", "-f", "html", *chosen))
        out[f"{name} json"] = "\n".join(json_strings(json.loads(run("checklist", "-f", "json", *chosen))))
    beyond = [arg for b in knowledge.beyond for arg in ("-t", b.id)]
    out["slides"] = unwrapped(run("present", "--no-interactive"))
    out["slides beyond"] = unwrapped(run("present", "--no-interactive", *beyond))
    out["quiz handout"] = unwrapped(run("quiz", "--no-interactive", "-f", "text"))
    out["quiz handout markdown"] = markdown_text(run("quiz", "--no-interactive", "-f", "markdown"))
    out["quiz handout html"] = html_text(run("quiz", "--no-interactive", "-f", "html"))
    return out


def test_every_sentence_of_every_command_in_every_format_reads_at_grade_6(dmtx: Dmtx) -> None:
    outputs = _outputs(dmtx)
    assert len(outputs) >= 75
    per_sentence = [g for text in outputs.values() for g in grades([text]).values()]  # every time it is seen
    assert_plain(grades(list(outputs.values())), at_least=700)
    assert mean(per_sentence) <= MEAN_GRADE


def test_unwrapping_puts_a_wrapped_paragraph_back_on_one_line() -> None:
    from dmtx.render.text import wrap

    text = "A sentence long enough to wrap at twenty columns. And a second one."
    assert unwrapped("\n".join([*wrap(text, 20), "", "Next."]), 20) == f"{text}\nNext."

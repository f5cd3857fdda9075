"""`dmtx present`: the deck's content, the plain printout, and the full-screen player in a real pseudo-terminal."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from dmtx.classroom.slides import ALL_SOURCES_HINT, build_deck, fact_bullets, topic_slide_index
from dmtx.classroom.slideshow import (
    LEAVE_SCREEN,
    SHOW_CURSOR,
    Look,
    Navigator,
    layout_frame,
    make_console,
    parse_keys,
    topic_keys,
)
from dmtx.cli import app
from dmtx.document.slides import SLIDE_ROOM, Slide, SlideSection, slide_lines
from dmtx.knowledge import load
from dmtx.model import Fact, Knowledge
from dmtx.render.slides_text import deck_text

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ENTER_SCREEN = b"\x1b[?1049h"
FULL = len(build_deck(load()))  # slides in the whole deck: long slides are split, so more than the topics
FOUR = 1 + (topic_slide_index(build_deck(load()), 4) or 0)  # the number of topic 4's first slide


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load()


@pytest.fixture(scope="module")
def deck(knowledge: Knowledge) -> tuple[Slide, ...]:
    return build_deck(knowledge)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- the deck as data


def _grouped(values: list) -> list:
    """Each run of equal values once: a slide and its continuations count as one."""
    return [value for number, value in enumerate(values) if not number or values[number - 1] != value]


def test_deck_is_title_points_questions_closing(knowledge: Knowledge, deck: tuple[Slide, ...]) -> None:
    kinds = _grouped([s.kind for s in deck])
    assert kinds == ["title", "topic", "beyond", "questions", "closing"]
    assert _grouped([s.topic for s in deck if s.kind == "topic"]) == [p.number for p in knowledge.topics]


def _parts(deck: tuple[Slide, ...], first: int) -> list[Slide]:
    """The slide at `first` and the continuation slides that follow it."""
    parts = [deck[first]]
    for slide in deck[first + 1 :]:
        if (slide.kind, slide.label, slide.topic) != (parts[0].kind, parts[0].label, parts[0].topic):
            break
        parts.append(slide)
    return parts


def _joined(parts: list[Slide]) -> tuple[SlideSection, ...]:
    """The sections of a slide and its continuations, put back together."""
    sections: list[SlideSection] = []
    for part in parts:
        for section in part.sections:
            heading = section.heading.removesuffix(" (continued)")
            if sections and sections[-1].heading == heading and heading != section.heading:
                last = sections.pop()
                section = SlideSection(heading, last.bullets + section.bullets, last.lines + section.lines)
            sections.append(section)
    return tuple(sections)


def test_long_slides_are_split_into_continuations_that_each_fit_a_page(
    knowledge: Knowledge, deck: tuple[Slide, ...]
) -> None:
    """The content outgrew one slide per topic: each part fits in 14pt type, nothing is lost or repeated."""
    assert all(slide_lines(slide) <= SLIDE_ROOM for slide in deck)
    closing = [s for s in deck if s.kind == "closing"]
    assert len(closing) > 1 and closing[0].title == "Thank you"
    assert [s.title for s in closing[1:]] == [f"Sources ({n} of {len(closing)})" for n in range(2, len(closing) + 1)]
    for number in range(1, 7):
        first = topic_slide_index(deck, number)
        assert first is not None
        parts = _parts(deck, first)
        assert parts[0].title == knowledge.topic(number).title and parts[0].lead
        for n, part in enumerate(parts[1:], 2):
            assert part.title == f"{knowledge.topic(number).title} ({n} of {len(parts)})"
            assert (part.lead, part.footer, part.label) == ((), knowledge.meta.disclaimer, f"Topic {number}")
    assert [s.topic for s in deck].count(6) > 1  # topic 6 needs more than one slide now
    assert deck[topic_slide_index(deck, 6) or 0].topic == 6  # its digit key jumps to the first


def test_a_section_too_long_for_one_slide_continues_under_its_heading(knowledge: Knowledge) -> None:
    point = knowledge.topic(6)
    many = point._replace(facts=tuple(Fact(f"X{i}", f"fact number {i} " + "word " * 30) for i in range(30)))
    made = build_deck(knowledge, [many])
    parts = _parts(made, 1)
    assert len(parts) >= 3
    assert parts[1].sections[0].heading == "Key facts (continued)"
    assert all(slide_lines(part) <= SLIDE_ROOM for part in parts)
    facts = {s.heading: s for s in _joined(parts)}["Key facts"]
    assert facts.bullets == tuple(f.text for f in many.facts)
    assert [s.heading for s in _joined(parts)] == ["Key facts", "Drugs named", "Notes from the editors"]


def test_title_slide_names_the_source_and_its_date(knowledge: Knowledge, deck: tuple[Slide, ...]) -> None:
    title = deck[0]
    source = knowledge.meta.source
    assert title.title == knowledge.meta.title
    lead = "\n".join(title.lead)
    for part in (source.title, source.site, source.last_modified):
        assert part in lead
    # Numbered lines, not bullets: no "• 1." (issue #25).
    assert title.sections[0].lines == tuple(f"{p.number}. {p.title}" for p in knowledge.topics)
    assert not title.sections[0].bullets


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_point_slide_shows_title_summary_first_facts_and_drugs(
    knowledge: Knowledge, deck: tuple[Slide, ...], number: int
) -> None:
    point = knowledge.topic(number)
    index = topic_slide_index(deck, number)
    assert index is not None
    slide = deck[index]
    assert (slide.kind, slide.label, slide.title, slide.lead) == (
        "topic",
        f"Topic {number}",
        point.title,
        (point.summary,),
    )
    sections = {s.heading: s for s in _joined(_parts(deck, index))}
    facts = sections["Key facts"]
    # Each corrected claim shares its bullet with its editor's note (issue #21, R7).
    assert facts.bullets == fact_bullets(knowledge, point)
    assert all(any(f.text in b for b in facts.bullets) for f in point.facts)
    drugs = sections["Drugs named"]
    assert drugs.lines == (", ".join(knowledge.drug(d).name for d in point.drugs),)
    assert slide.footer == knowledge.meta.disclaimer


def test_a_point_with_many_facts_shows_every_fact(knowledge: Knowledge) -> None:
    point = knowledge.topic(6)
    many = point._replace(facts=tuple(Fact(f"X{i}", f"fact number {i}") for i in range(8)))
    made = build_deck(knowledge, [many])
    assert _joined(_parts(made, 1))[0].bullets == tuple(f"fact number {i}" for i in range(8))


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_topic_slides_show_every_note_with_its_references(knowledge: Knowledge, number: int) -> None:
    """The safety notes and editor's corrections that `dmtx topic` shows reach the slides too."""
    code, out, _ = invoke("present", "-t", str(number), "--no-interactive")
    assert code == 0
    flat = " ".join(out.split())
    assert "Notes from the editors" in flat
    for note in knowledge.topic(number).notes:
        assert " ".join(note.text.split()) in flat, note.text
        if note.references:
            assert " ".join(note.text.split()) + f" (reference {', '.join(map(str, note.references))})" in flat


def test_slides_carry_the_safety_warnings_the_issue_names() -> None:
    code, out, _ = invoke("present", "--no-interactive")
    flat = " ".join(out.split())
    assert code == 0
    assert "once a week, not every day" in flat
    assert "Octagam 10%" in flat
    assert "Stopping prednisone all at once" in flat
    assert "17th edition" in flat


def test_extra_slides_hook_adds_slides_after_the_topics(knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch) -> None:
    from dmtx.classroom import slides

    def beyond(k: Knowledge, chosen: tuple, footer: str) -> list[Slide]:
        return [Slide(kind="extra", label="Beyond", title=f"Not on the page ({len(chosen)})", footer=footer)]

    monkeypatch.setattr(slides, "EXTRA_SLIDES", (beyond,))
    made = build_deck(knowledge, [knowledge.topic(2)])
    assert _grouped([s.kind for s in made]) == ["title", "topic", "extra", "questions", "closing"]
    assert next(s for s in made if s.kind == "extra").title == "Not on the page (1)"


def test_questions_slide_holds_the_most_important_questions_of_each_point(
    knowledge: Knowledge, deck: tuple[Slide, ...]
) -> None:
    asked = [b for s in deck if s.kind == "questions" for section in s.sections for b in section.bullets]
    expected = [q for p in knowledge.topics for q in p.questions if q.importance == 1]
    assert len(asked) == len(expected)
    for text, question in zip(asked, expected, strict=True):
        assert text.startswith(question.text)
    less_important = [q.text for p in knowledge.topics for q in p.questions if q.importance > 1]
    assert not any(text.startswith(q) for text in asked for q in less_important)
    assert any(text.endswith("(for children)") for text in asked)


def test_closing_slide_has_disclaimer_and_the_references_the_chosen_points_cite(
    knowledge: Knowledge, deck: tuple[Slide, ...]
) -> None:
    closing = [s for s in deck if s.kind == "closing"]  # "Thank you", then "Sources (2 of N)"...
    assert deck[-len(closing) :] == tuple(closing)
    assert closing[0].lead == (knowledge.meta.disclaimer,)
    assert all(s.footer == knowledge.meta.disclaimer for s in closing[1:])
    (references,) = (s for s in _joined(closing) if s.heading.startswith("Sources for these topics"))
    cited = sorted({n for p in knowledge.topics for n in (*p.references, *(r for o in p.notes for r in o.references))})
    expected = []
    for n in cited:
        ref = knowledge.reference(n)
        expected.append(f"[{n}] {ref.citation}" + (f"\nNote: {ref.note}" if ref.note else ""))
    assert references.bullets == tuple(expected)
    assert any("17th edition" in b for b in references.bullets)
    assert ALL_SOURCES_HINT in deck[-1].sections[-1].lines

    def cited(deck: tuple[Slide, ...]) -> list[str]:
        return [b for s in _joined([s for s in deck if s.kind == "closing"]) for b in s.bullets]

    only_ivig = cited(build_deck(knowledge, [knowledge.topic(6)]))
    ivig = knowledge.topic(6)
    ivig_cites = sorted({*ivig.references, *(r for note in ivig.notes for r in note.references)})
    assert [b.split("]", 1)[0] + "]" for b in only_ivig] == [f"[{n}]" for n in ivig_cites]
    assert {5, 9} <= set(ivig_cites)  # the page's IVIG source and the 2022 trial
    only_cancer = cited(build_deck(knowledge, [knowledge.topic(5)]))
    cancer = knowledge.topic(5)
    cancer_cites = sorted({*cancer.references, *(r for note in cancer.notes for r in note.references)})
    assert [b.split("]", 1)[0] + "]" for b in only_cancer] == [f"[{n}]" for n in cancer_cites]


def test_every_slide_carries_the_disclaimer(knowledge: Knowledge, deck: tuple[Slide, ...]) -> None:
    for slide in deck:
        assert knowledge.meta.disclaimer in (slide.footer, *slide.lead)


def test_chosen_points_keep_the_order_given(knowledge: Knowledge) -> None:
    small = build_deck(knowledge, [knowledge.topic(6), knowledge.topic(2)])
    assert _grouped([s.topic for s in small]) == [None, 6, 2, None]
    questions = [s for s in small if s.kind == "questions"]
    assert [s.heading for s in _joined(questions)] == [
        f"Topic 6: {knowledge.topic(6).title}",
        f"Topic 2: {knowledge.topic(2).title}",
    ]


# --------------------------------------------------------------------------- plain text


def test_plain_deck_separates_slides_with_a_line_of_dashes(deck: tuple[Slide, ...]) -> None:
    text = deck_text(deck, 72)
    assert text.count("\n" + "-" * 72 + "\n") == len(deck) - 1
    for number in range(1, len(deck) + 1):
        assert f"Slide {number} of {len(deck)} - " in text
    assert all(len(line) <= 72 for line in text.splitlines())


def test_control_characters_in_data_never_reach_the_terminal(knowledge: Knowledge) -> None:
    point = knowledge.topic(1)
    hostile = point._replace(title="Evil \x1b[2J title\u202e", facts=(Fact("F", "bell \x07 here"),))
    deck = build_deck(knowledge, [hostile])
    text = deck_text(deck, 80)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b[2J" in text
    console = make_console(Look())
    console.size = (80, 24)
    nav = Navigator(deck)
    nav.go(1)
    frame = "\n".join(layout_frame(console, deck, nav=nav, look=Look()).rows)
    assert "\x1b[2J" not in frame and "\x07" not in frame and "\u202e" not in frame
    assert "\\x1b[2J" in ANSI.sub("", frame)


# --------------------------------------------------------------------------- keys and navigation


@pytest.mark.parametrize(
    ("data", "keys", "rest"),
    [
        (b"q", ["q"], b""),
        (b"\x1b[C\x1b[D", ["right", "left"], b""),
        (b"\x1bOC\x1bOD", ["right", "left"], b""),
        (b"\x1b[1;5C", ["right"], b""),
        (b"\x1b[5~\x1b[6~\x1b[H\x1b[4~", ["pgup", "pgdn", "home", "end"], b""),
        (b" \r\n\x7f\x03", ["space", "enter", "enter", "backspace", "ctrl-c"], b""),
        (b"3G", ["3", "G"], b""),
        (b"n\x1b", ["n"], b"\x1b"),
        (b"n\x1b[", ["n"], b"\x1b["),
        (b"\xc3\xa9x", ["x"], b""),
    ],
)
def test_parse_keys(data: bytes, keys: list[str], rest: bytes) -> None:
    assert parse_keys(data) == (keys, rest)


def test_a_lone_escape_is_the_esc_key_once_no_more_bytes_come() -> None:
    assert parse_keys(b"\x1b", final=True) == (["esc"], b"")


def test_navigator_moves_jumps_and_stays_within_the_deck(deck: tuple[Slide, ...]) -> None:
    nav = Navigator(deck)
    assert nav.handle("left") and nav.index == 0
    for key, index in [("right", 1), ("space", 2), ("n", 3), ("enter", 4), ("p", 3), ("backspace", 2)]:
        assert nav.handle(key)
        assert nav.index == index, key
    assert nav.handle("G") and nav.index == len(deck) - 1
    assert nav.handle("right") and nav.index == len(deck) - 1
    assert nav.handle("g") and nav.index == 0
    assert nav.handle("4") and deck[nav.index].topic == 4
    for key in ("q", "Q", "esc", "ctrl-c"):
        assert not Navigator(deck).handle(key)


def test_a_digit_for_a_topic_not_in_the_deck_says_so(knowledge: Knowledge) -> None:
    nav = Navigator(build_deck(knowledge, [knowledge.topic(2)]))
    nav.handle("5")
    assert (nav.index, nav.message) == (0, "Topic 5 is not in these slides.")
    nav.handle("right")
    assert nav.message == ""


def test_page_down_scrolls_a_long_slide_before_moving_on(deck: tuple[Slide, ...]) -> None:
    nav = Navigator(deck, index=3, max_scroll=5, page=4)
    nav.handle("pgdn")
    assert (nav.index, nav.scroll) == (3, 3)
    nav.handle("down")
    nav.handle("j")
    assert nav.scroll == 5
    nav.handle("pgdn")
    assert (nav.index, nav.scroll) == (4, 0)


def test_topic_keys(knowledge: Knowledge) -> None:
    assert topic_keys(build_deck(knowledge)) == "1-6"
    assert topic_keys(build_deck(knowledge, [knowledge.topic(5), knowledge.topic(2)])) == "2,5"


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (40, 12), (200, 60), (20, 5), (10, 3)])
@pytest.mark.parametrize("look", [Look(), Look(plain=True), Look(ascii_only=True)])
def test_every_frame_fills_the_screen_exactly(deck: tuple[Slide, ...], size: tuple[int, int], look: Look) -> None:
    console = make_console(look)
    console.size = size
    nav = Navigator(deck)
    for index in range(len(deck)):
        nav.go(index)
        rows = layout_frame(console, deck, nav=nav, look=look).rows
        assert len(rows) == size[1]
        assert all(cell_len(ANSI.sub("", row)) == size[0] for row in rows)
        assert f"slide {index + 1} of {len(deck)}" in ANSI.sub("", rows[-1]) or size[0] < 16
        if look.ascii_only:
            assert all(row.isascii() for row in rows)


def test_a_long_slide_scrolls_and_says_there_is_more(deck: tuple[Slide, ...]) -> None:
    """Split slides fit an 80x24 screen better, but a narrow one still scrolls to the end of a slide."""
    console = make_console(Look(plain=True))
    console.size = (40, 24)
    nav = Navigator(deck)
    nav.go(max(i for i, s in enumerate(deck) if s.kind == "questions"))
    slide = deck[nav.index]
    end = " ".join(slide.sections[-1].bullets[-1].split()[-3:])
    frame = layout_frame(console, deck, nav=nav, look=Look(plain=True))
    assert frame.max_scroll > 0
    assert "more" in frame.rows[-1]
    assert end not in " ".join(" ".join(frame.rows).split())
    nav.scroll = frame.max_scroll
    last = layout_frame(console, deck, nav=nav, look=Look(plain=True))
    assert "more" not in last.rows[-1]
    assert end in " ".join(" ".join(last.rows).split())


# --------------------------------------------------------------------------- the command, not on a terminal


def test_present_prints_every_slide_when_not_on_a_terminal(knowledge: Knowledge) -> None:
    code, out, err = invoke("present")
    assert (code, err) == (0, "")
    assert out.count("\n" + "-" * 80 + "\n") == FULL - 1
    assert f"Slide 1 of {FULL} - Welcome" in out and f"Slide {FULL} of {FULL} - The end" in out
    for point in knowledge.topics:
        assert point.title in out
    assert knowledge.meta.disclaimer.split(".")[0] in out


def test_present_no_interactive_and_topics(knowledge: Knowledge) -> None:
    code, out, _ = invoke("present", "--no-interactive", "--topic", "ivig", "-t", "2", "--topic", "6")
    assert code == 0
    total = len(build_deck(knowledge, [knowledge.topic(6), knowledge.topic(2)]))
    assert f"Slide {total} of {total} - The end" in out
    assert out.index(knowledge.topic(6).title) < out.index(knowledge.topic(2).title)
    assert knowledge.topic(1).title not in out


def test_present_unknown_topic_is_a_clean_error() -> None:
    code, out, err = invoke("present", "--topic", "ivgi")
    assert (code, out) == (1, "")
    assert err.startswith("dmtx: There is no topic 'ivgi'.")
    assert "Did you mean: ivig" in err


def _process_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "DMTX_DATA")}
    env.update(extra)
    return env


def test_present_piped_is_plain_text_even_on_a_colour_terminal_type() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", "present"],
        capture_output=True,
        text=True,
        env=_process_env(TERM="xterm-256color"),
        cwd=ROOT,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "\x1b" not in done.stdout
    assert done.stdout.startswith(f"Slide 1 of {FULL} - Welcome\n")


# --------------------------------------------------------------------------- the player in a pseudo-terminal


def spawn(*args: str, term: str = "xterm-256color", rows: int = 24, cols: int = 80) -> tuple[pexpect.spawn, io.BytesIO]:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dmtx", *args],
        env=_process_env(TERM=term),
        dimensions=(rows, cols),
        timeout=10,
        cwd=str(ROOT),
    )
    log = io.BytesIO()
    child.logfile_read = log
    return child, log


def finish(child: pexpect.spawn) -> None:
    child.expect(pexpect.EOF)
    child.close()


def assert_left_clean(raw: bytes) -> None:
    """After the last switch to the alternate screen: the cursor is shown and the main screen is back."""
    assert ENTER_SCREEN in raw
    after = raw[raw.rindex(ENTER_SCREEN) :]
    assert SHOW_CURSOR.encode() in after
    assert LEAVE_SCREEN.encode() in after
    assert after.rindex(LEAVE_SCREEN.encode()) > after.rindex(b"slide ")


def test_pty_navigation_resize_and_quit(knowledge: Knowledge) -> None:
    child, log = spawn("present")
    child.expect(f"slide 1 of {FULL}")
    child.send("\x1b[C")
    child.expect(f"slide 2 of {FULL}")
    child.send(" ")
    child.expect(f"slide 3 of {FULL}")
    child.send("\x1b[D")
    child.expect(f"slide 2 of {FULL}")
    child.send("4")
    child.expect(f"slide {FOUR} of {FULL}")
    assert knowledge.topic(4).title.encode() in child.before + child.after
    child.send("G")
    child.expect(f"slide {FULL} of {FULL}")
    child.send("g")
    child.expect(f"slide 1 of {FULL}")
    child.setwinsize(30, 100)
    child.expect(re.escape("\x1b[30;1H"))  # a frame drawn for the new height: row 30 exists now
    child.expect(f"slide 1 of {FULL}")
    assert re.search(
        rb"\xe2\x95\xb0(?:\xe2\x94\x80){98}\xe2\x95\xaf", log.getvalue()
    )  # the box's bottom edge is 100 wide
    child.send("q")
    finish(child)
    assert child.exitstatus == 0
    assert_left_clean(log.getvalue())


@pytest.mark.parametrize("key", ["\x03", "\x1b", "Q"])
def test_pty_ctrl_c_or_escape_quits_and_leaves_the_terminal_clean(key: str) -> None:
    child, log = spawn("present")
    child.expect(f"slide 1 of {FULL}")
    child.send("n")
    child.expect(f"slide 2 of {FULL}")
    child.send(key)
    finish(child)
    assert child.exitstatus == 0
    assert_left_clean(log.getvalue())


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 128 + signal.SIGTERM)])
def test_pty_a_signal_still_leaves_the_terminal_clean(signum: int, code: int) -> None:
    child, log = spawn("present")
    child.expect(f"slide 1 of {FULL}")
    child.kill(signum)
    finish(child)
    assert child.exitstatus == code
    assert_left_clean(log.getvalue())


def test_pty_terminal_settings_are_restored() -> None:
    script = 'printf "BEFORE:%s\\n" "$(stty -g)"; "$0" -m dmtx present; printf "AFTER:%s\\n" "$(stty -g)"'
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", script, sys.executable],
        env=_process_env(TERM="xterm-256color"),
        dimensions=(24, 80),
        timeout=10,
        cwd=str(ROOT),
    )
    child.expect(r"BEFORE:(\S+)\r\n")
    before = child.match.group(1)
    child.expect(f"slide 1 of {FULL}")
    child.send("\x03")
    child.expect(r"AFTER:(\S+)\r\n")
    assert child.match.group(1) == before
    finish(child)


def _children(pid: int) -> list[int]:
    """The processes whose parent is pid (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_pty_terminal_settings_are_restored_after_a_signal(signum: int, deck: tuple[Slide, ...]) -> None:
    script = (
        'printf "BEFORE:%s\\n" "$(stty -g)"; "$0" -m dmtx present; printf "CODE:%s\\n" "$?"; '
        'printf "AFTER:%s\\n" "$(stty -g)"; stty -a'
    )
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", script, sys.executable],
        env=_process_env(TERM="xterm-256color"),
        dimensions=(24, 80),
        timeout=10,
        cwd=str(ROOT),
    )
    log = io.BytesIO()
    child.logfile_read = log
    child.expect(r"BEFORE:(\S+)\r\n")
    before = child.match.group(1)
    child.expect(f"slide 1 of {FULL}")
    (player,) = _children(child.pid)
    os.kill(player, signum)
    child.expect(r"CODE:(\d+)\r\n")
    assert int(child.match.group(1)) == 128 + signum
    child.expect(r"AFTER:(\S+)\r\n")
    assert child.match.group(1) == before, "stty settings differ after the signal"
    finish(child)
    settings_after = child.before.decode()
    for flag in ("icanon", "echo", "isig", "icrnl", "ixon"):
        assert re.search(rf"(?<![-\w]){flag}\b", settings_after), (flag, settings_after)
    assert_left_clean(log.getvalue())


def test_pty_digit_for_a_missing_topic_and_topic_option() -> None:
    knowledge = load()
    total = len(build_deck(knowledge, [knowledge.topic(2)]))  # point 2's deck, however long its notes make it
    child, _ = spawn("present", "--topic", "2")
    child.expect(f"slide 1 of {total}")
    child.send("5")
    child.expect("Topic 5 is not in these slides.")
    child.send("2")
    child.expect(f"slide 2 of {total}")
    child.send("q")
    finish(child)
    assert child.exitstatus == 0


def test_pty_no_color_draws_without_colour() -> None:
    child, log = spawn("present", "--no-color")
    child.expect(f"slide 1 of {FULL}")
    child.send("q")
    finish(child)
    raw = log.getvalue()
    assert b"\x1b[7m" not in raw and b"\x1b[36m" not in raw and b"\xe2\x95\xad" not in raw
    assert_left_clean(raw)


def test_pty_dumb_terminal_prints_plain_slides() -> None:
    child, log = spawn("present", term="dumb")
    finish(child)
    raw = log.getvalue()
    assert child.exitstatus == 0
    assert ENTER_SCREEN not in raw
    assert f"Slide {FULL} of {FULL} - The end".encode() in raw


@given(text=st.text(max_size=40))
def test_any_topic_text_is_a_slide_deck_or_a_clean_error(text: str) -> None:
    code, out, err = invoke("present", "--no-interactive", "--topic", text)
    assert code in (0, 1, 2)
    if code:
        assert out == "" and err.startswith("dmtx: ") and len(err.strip().splitlines()) <= 2
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out + err)

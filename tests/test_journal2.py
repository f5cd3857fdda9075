"""Journal 2 (#22): schedules and courses, names kept as typed, new scores and the chair stand,
the flare signal at and around its threshold, one trend for sentence and questions, charts on paper."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from dmtx.errors import UsageProblem
from dmtx.journal import entries as E
from dmtx.journal import store
from dmtx.journal.entries import Entry
from dmtx.journal.rules import flare_rises, make_record
from dmtx.journal.summary import build_part
from dmtx.knowledge import load

from conftest import BUNDLED, Dmtx, assert_clean_error

TODAY = dt.date(2026, 3, 1)
KNOWLEDGE = load(BUNDLED, use_cache=False)


@pytest.fixture
def jpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- 1. schedules


@pytest.mark.parametrize(
    ("typed", "kept", "words"),
    [
        ("4 weeks", "4 weeks", "every 4 weeks"),
        ("every 2 days", "2 days", "every 2 days"),
        ("other day", "2 days", "every 2 days"),
        ("1 week", "week", "a week"),
        ("3 Months", "3 months", "every 3 months"),
        ("day", "day", "a day"),
    ],
)
def test_every_is_kept_in_words(typed: str, kept: str, words: str) -> None:
    assert E.check_schedule(None, typed) == kept
    assert E.schedule_words(kept) == words


@pytest.mark.parametrize("bad", ["0 days", "fortnight", "4 weeks please", "500 days", "-1 weeks"])
def test_a_bad_schedule_is_one_sentence(bad: str) -> None:
    with pytest.raises(UsageProblem):
        E.check_schedule(None, bad)


def test_per_and_every_together_are_refused() -> None:
    with pytest.raises(UsageProblem, match="not both"):
        E.check_schedule("day", "4 weeks")


def test_ivig_every_4_weeks_over_5_days_in_list_chart_export_and_checklist(dmtx: Dmtx, jpath: Path) -> None:
    added = dmtx(
        "journal",
        "add",
        "dose",
        "Octagam",
        "140",
        "g",
        "--every",
        "4 weeks",
        "--course",
        "5 days",
        "--date",
        "2026-01-05",
    )
    assert added.exit_code == 0, added.stderr
    assert "Octagam 140 g every 4 weeks, over 5 days" in added.stdout
    assert "Octagam 140 g every 4 weeks, over 5 days" in _flat(dmtx("journal", env={"COLUMNS": "100"}).stdout)
    assert "Octagam (g every 4 weeks, over 5 days)" in dmtx("journal", "chart", "dose", "octagam").stdout
    exported = dmtx("journal", "export").stdout
    assert "4 weeks,5 days,,ivig" in exported
    copy = jpath.with_name("copy.sqlite3")
    assert "Imported 1 of 1" in dmtx("journal", "import", "-", input=exported, env={"DMTX_JOURNAL": str(copy)}).stdout
    assert dmtx("journal", "export", env={"DMTX_JOURNAL": str(copy)}).stdout == exported
    text = _flat(dmtx("checklist", "--journal", "-f", "text").stdout)
    assert "Octagam, intravenous immunoglobulin (IVIG): 140 g every 4 weeks, over 5 days" in text


@pytest.mark.parametrize(
    ("args", "warned"),
    [
        (["--every", "2 days"], True),
        (["--every", "3 days"], True),
        (["--per", "day"], True),
        (["--per", "week", "--course", "3 days"], True),  # a daily course of a weekly drug
        (["--every", "7 days"], False),
        (["--every", "2 weeks"], False),
        (["--per", "week"], False),
    ],
)
def test_the_methotrexate_warning_covers_every_schedule_more_often_than_weekly(
    dmtx: Dmtx, jpath: Path, args: list[str], warned: bool
) -> None:
    result = dmtx("journal", "add", "dose", "methotrexate", "15", "mg", *args, "--date", "2026-01-06")
    assert result.exit_code == 0, result.stderr
    assert ("more often than once a week" in _flat(result.stderr)) is warned


def test_an_old_journal_migrates_keeps_its_keys_and_marks_names_not_matched(dmtx: Dmtx, jpath: Path) -> None:
    conn = sqlite3.connect(jpath)
    for step in store.MIGRATIONS[:2]:
        step(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    old = Entry("2025-12-01", "dose", "methotrexate", 15.0, "mg", "day")
    conn.execute(
        "INSERT INTO entries (day, kind, name, value, unit, per, key) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (*old[:6], old.key()),
    )
    conn.commit()
    conn.close()
    text = _flat(dmtx("checklist", "--journal", "-f", "text").stdout)
    with sqlite3.connect(jpath) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.LATEST_VERSION
        assert conn.execute("SELECT name, drug, key FROM entries").fetchall() == [("methotrexate", None, old.key())]
    assert "not matched to a drug in this guide" in text
    assert "more often than once a week" in text  # still warned: the old name is the drug's id


# --------------------------------------------------------------------------- 3. new scores and the chair stand


def test_sleep_brain_fog_and_global_scores_and_the_chair_stand(dmtx: Dmtx, jpath: Path) -> None:
    for name in ("sleep", "brain-fog", "global"):
        assert dmtx("journal", "add", "score", name, "4", "--date", "2026-01-05").exit_code == 0
    helped = _flat(dmtx("journal", "add", "stand", "--help").stdout)
    assert "against a wall" in helped and "someone stand next to you" in helped and "STEADI" in helped
    assert "Added entry 4: 12 chair stands in 30 seconds" in dmtx("journal", "add", "stand", "12").stdout
    assert_clean_error(dmtx("journal", "add", "stand", "101"), 2, "count from 0 to 100")
    assert "Brain fog (thinking, memory) (0-10)" in dmtx("journal", "chart", "brain-fog").stdout
    assert "Aldolase 9 U/L" in dmtx("journal", "add", "lab", "aldolase", "9").stdout


# --------------------------------------------------------------------------- 4. the flare signal


def daily(values: list[float], *, score: str = "fatigue", visit: bool = True) -> list[Entry]:
    entries = [Entry("2026-01-31", "visit", id=1)] if visit else []
    for n, value in enumerate(values):
        day = (dt.date(2026, 2, 1) + dt.timedelta(days=n)).isoformat()
        entries.append(Entry(day, "score", score, value, id=n + 2))
    return entries


@pytest.mark.parametrize(
    ("values", "rises"),
    [
        ([3, 3, 3, 3, 6], True),  # exactly 3 points above the 4-day average: asked
        ([3, 3, 3, 3, 5], False),  # 2 points: not
        ([3, 4, 3, 4, 6.5], True),  # average 3.5, +3
        ([3, 4, 3, 4, 6], False),  # +2.5
        ([3, 3, 6], False),  # too few days before
        ([10, 10, 10, 10, 10], False),  # high but flat is not a rise
    ],
)
def test_flare_signal_at_and_around_its_threshold(values: list[float], rises: bool) -> None:
    found = flare_rises(make_record(daily(values), TODAY), points=3, days=4)
    assert bool(found) is rises


def test_the_flare_question_is_one_neutral_question_naming_prednisone_when_taken() -> None:
    entries = [Entry("2025-12-01", "dose", "prednisone", 20.0, "mg", "day", id=100, drug="prednisone")]
    entries += daily([2, 2, 2, 2, 7])
    questions = build_part(KNOWLEDGE, entries, today=TODAY).questions
    texts = [q.text for q in questions if q.id.startswith("journal-myopathy")]
    assert texts == [
        "My fatigue score rose to 7 on 2026-02-05, well above its average of 2 over the 4 days before. "
        "Could this be the DM or the prednisone?"
    ]
    alone = [q.text for q in build_part(KNOWLEDGE, daily([2, 2, 2, 2, 7]), today=TODAY).questions]
    assert alone and alone[0].endswith("Could this be the DM, or something else?")
    assert not any(word in " ".join(alone).lower() for word in ("alarm", "urgent", "you should"))


# --------------------------------------------------------------------------- 5. one trend


def test_ck_420_to_350_went_down_and_no_question_says_it_stayed_the_same() -> None:
    entries = [
        Entry("2025-12-01", "dose", "prednisone", 20.0, "mg", "day", id=1, drug="prednisone"),
        Entry("2026-01-01", "visit", id=2),
        Entry("2026-01-05", "ck", None, 420.0, id=3),
        Entry("2026-01-05", "score", "weakness", 4.0, id=4),
        Entry("2026-02-05", "ck", None, 350.0, id=5),
        Entry("2026-02-05", "score", "weakness", 7.0, id=6),
    ]
    part = build_part(KNOWLEDGE, entries, today=TODAY)
    assert part.charts[0].trend.endswith(": went down.")
    assert not any("stayed about the same" in q.text for q in part.questions)


def test_new_and_changed_medicines_are_told_apart_and_each_question_names_its_medicine() -> None:
    entries = [
        Entry("2025-12-01", "dose", "prednisone", 20.0, "mg", "day", id=1, drug="prednisone"),
        Entry("2026-01-01", "visit", id=2),
        Entry("2026-01-10", "dose", "prednisone", 15.0, "mg", "day", id=3, drug="prednisone"),
        Entry("2026-01-12", "dose", "Otrexup", 15.0, "mg", "week", id=4, drug="methotrexate"),
    ]
    part = build_part(KNOWLEDGE, entries, today=TODAY)
    lines = {m.name: m.line() for m in part.medicines}
    assert "changed since your last visit" in lines["prednisone"]
    assert "new since your last visit" in lines["Otrexup (methotrexate)"]
    assert "changed" not in lines["Otrexup (methotrexate)"]
    texts = [q.text for q in part.questions]
    assert "What side effects should I watch for after the change to my prednisone dose?" in texts
    assert "What side effects should I watch for now that I have started Otrexup?" in texts


# --------------------------------------------------------------------------- 6. charts on paper


def _journal_pdf(dmtx: Dmtx, tmp_path: Path, *extra: str) -> bytes:
    for day, value in (("2026-01-05", "850"), ("2026-01-20", "600")):
        dmtx("journal", "add", "ck", value, "--date", day)
    dmtx("journal", "add", "visit", "--date", "2026-01-02")
    out = tmp_path / "list.pdf"
    result = dmtx("checklist", "--journal", "--format", "pdf", "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def _page_text(data: bytes) -> str:
    import zlib

    chunks = []
    for part in data.split(b"stream\n")[1:]:
        body = part.split(b"\nendstream")[0]
        try:
            chunks.append(zlib.decompress(body).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(chunks)


@pytest.mark.parametrize(("extra", "size"), [((), "12"), (("--large",), "14")])
def test_the_pdf_draws_the_journal_charts_as_vectors(
    dmtx: Dmtx, jpath: Path, tmp_path: Path, extra: tuple[str, ...], size: str
) -> None:
    pages = _page_text(_journal_pdf(dmtx, tmp_path, *extra))
    assert " re S" in pages or " re\nS" in pages or "re S" in pages  # the plot frame, a vector rectangle
    assert " l S" in pages or " l\nS" in pages  # lines: the values and the visit marker
    assert f" {size} Tf" in pages or f" {size}.00 Tf" in pages  # labels at 12 pt (14 pt large)
    assert "/Subtype /Image" not in pages

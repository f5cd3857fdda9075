"""dmtx journal through the real CLI: every command, every bad input, modes, damaged files, migrations."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from dmtx.journal import store

from conftest import Dmtx, assert_clean_error

TODAY = dt.date.today()


@pytest.fixture
def jpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A journal in a private test folder, chosen with DMTX_JOURNAL."""
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    return path


def rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT day, kind, name, value, unit, per, note FROM entries ORDER BY id").fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- adding and listing


def test_add_every_kind_then_list(dmtx: Dmtx, jpath: Path) -> None:
    assert dmtx("journal", "add", "ck", "850", "--date", "2026-01-05", "--note", "after the gym").exit_code == 0
    result = dmtx("journal", "add", "dose", "prednisone", "40", "mg", "--per", "day", "--date", "2026-01-06")
    assert result.exit_code == 0 and "Added entry 2: prednisone 40 mg a day on 2026-01-06." in result.stdout
    assert dmtx("journal", "add", "score", "weakness", "6", "--date", "2026-01-07").exit_code == 0
    assert (
        dmtx("journal", "add", "note", "Could", "not", "climb", "the", "stairs", "--date", "2026-01-08").exit_code == 0
    )
    assert dmtx("journal", "add", "visit", "--date", "2026-01-09").exit_code == 0
    assert rows(jpath) == [
        ("2026-01-05", "ck", None, 850.0, None, None, "after the gym"),
        ("2026-01-06", "dose", "prednisone", 40.0, "mg", "day", None),
        ("2026-01-07", "score", "weakness", 6.0, None, None, None),
        ("2026-01-08", "note", None, None, None, None, "Could not climb the stairs"),
        ("2026-01-09", "visit", None, None, None, None, None),
    ]
    listed = dmtx("journal", env={"COLUMNS": "40"})
    assert listed.exit_code == 0, listed.stderr
    assert "Your journal: 5 entries" in listed.stdout
    assert "1  2026-01-05  CK 850 U/L" in listed.stdout and "after the gym" in listed.stdout
    assert all(len(line) <= 40 for line in listed.stdout.splitlines())


def test_default_date_is_today(dmtx: Dmtx, jpath: Path) -> None:
    assert dmtx("journal", "add", "ck", "120").exit_code == 0
    assert rows(jpath)[0][0] == TODAY.isoformat()


def drug_column(jpath: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(jpath) as conn:
        return conn.execute("SELECT name, drug FROM entries ORDER BY id").fetchall()


def test_a_brand_stays_a_brand_with_the_drug_it_matched(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal", "add", "dose", "Rayos", "20", "mg", "--per", "day")
    assert result.exit_code == 0
    assert "Rayos is kept as you typed it; in this guide it is prednisone." in result.stdout
    assert drug_column(jpath) == [("Rayos", "prednisone")]


@pytest.mark.parametrize("name", ["Folinic Acid", "prednisolone"])
def test_a_name_the_guide_does_not_cover_needs_other(dmtx: Dmtx, jpath: Path, name: str) -> None:
    refused = dmtx("journal", "add", "dose", name, "5", "mg")
    assert refused.exit_code == 1 and "--other" in refused.stderr and not jpath.exists()
    result = dmtx("journal", "add", "dose", name, "5", "mg", "--other")
    assert result.exit_code == 0
    assert f"this guide does not cover {name!r}" in result.stdout
    assert drug_column(jpath) == [(name, None)]


def test_a_misspelling_gets_did_you_mean_as_dmtx_drug_does(dmtx: Dmtx, jpath: Path) -> None:
    typed = dmtx("journal", "add", "dose", "predisone", "20", "mg", "--per", "day")
    looked_up = dmtx("drug", "predisone")
    assert typed.exit_code == looked_up.exit_code == 1
    assert "Did you mean: prednisone?" in typed.stderr and "Did you mean: prednisone?" in looked_up.stderr
    assert not jpath.exists()


@pytest.mark.parametrize(("first", "second"), [("Sandimmune", "Neoral"), ("Myfortic", "CellCept")])
def test_brands_are_kept_as_typed_and_a_switch_is_a_change(dmtx: Dmtx, jpath: Path, first: str, second: str) -> None:
    for name, day in ((first, "2025-12-01"), (second, "2026-01-10")):
        result = dmtx("journal", "add", "dose", name, "100", "mg", "--per", "day", "--date", day, "--other")
        assert result.exit_code == 0, result.stderr
    dmtx("journal", "add", "visit", "--date", "2026-01-01")
    names = [name for name, _ in drug_column(jpath) if name]
    assert names == [first, second]
    out = _flat(dmtx("checklist", "--journal", "--format", "text").stdout)
    if first == "Sandimmune":  # brands of one drug: one medicine, the switch a change (never both at once)
        assert f"{second} (cyclosporine): 100 mg a day since 2026-01-10 (before: {first} 100 mg a day; changed" in out
        assert f"- {first}" not in out
    else:  # Myfortic is mycophenolic acid, another drug than CellCept's: two medicines
        assert f"{second} (" in out and "new since your last visit" in out


def test_the_same_entry_twice_is_kept_once(dmtx: Dmtx, jpath: Path) -> None:
    dmtx("journal", "add", "ck", "850", "--date", "2026-01-05")
    again = dmtx("journal", "add", "ck", "850", "--date", "2026-01-05")
    assert again.exit_code == 0 and "Already in your journal as entry 1" in again.stdout
    assert len(rows(jpath)) == 1


def test_an_empty_journal_is_not_created_by_reading(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal")
    assert result.exit_code == 0 and "Your journal is empty" in result.stdout
    assert not jpath.exists()


def test_where_prints_the_path(dmtx: Dmtx, jpath: Path) -> None:
    result = dmtx("journal", "where")
    assert result.exit_code == 0 and result.stdout == f"{jpath}\n"
    other = dmtx("journal", "--journal-file", "/tmp/elsewhere.db", "where")
    assert other.stdout == "/tmp/elsewhere.db\n" and "--journal" in other.stderr


def test_journal_option_wins_over_the_environment(dmtx: Dmtx, jpath: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "other.sqlite3"
    assert dmtx("journal", "add", "ck", "5", "--journal-file", str(chosen)).exit_code == 0
    assert dmtx("journal", "--journal-file", str(chosen), "add", "ck", "6").exit_code == 0
    assert len(rows(chosen)) == 2 and not jpath.exists()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (("ck", "-5"), "cannot be negative"),
        (("ck", "abc"), "must be a number"),
        (("ck", "nan"), "must be a number"),
        (("ck", "inf"), "must be a number"),
        (("ck", "1e5"), "must be a number"),
        (("ck", "²"), "must be a number"),
        (("ck", "99999999"), "too large"),
        (("score", "weakness", "11"), "from 0 to 10"),
        (("score", "weakness", "-1"), "from 0 to 10"),
        (("score", "weakness", "5.5"), "from 0 to 10"),
        (("score", "mood", "5"), "not a score"),
        (("dose", "prednisone", "-40", "mg"), "cannot be negative"),
        (("dose", "prednisone", "40", "pills"), "not a unit"),
        (("dose", "prednisone", "40", "mg", "--per", "month"), "--per must be"),
        (("ck", "5", "--date", "2026-02-30"), "2026-02-30 is not a real date"),
        (("ck", "5", "--date", "26-1-1"), "YYYY-MM-DD"),
        (("ck", "5", "--date", "2999-01-01"), "in the future"),
        (("ck", "5", "--note", "x" * 2001), "too long"),
        (("ck", "5", "--note", "evil\x1b[2J"), "control character"),
        (("note", "bidi\u202eoverride"), "control character"),
        (("note", "   "), "empty"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(dmtx: Dmtx, jpath: Path, args: tuple[str, ...], phrase: str) -> None:
    result = dmtx("journal", "add", *args)
    assert_clean_error(result, 2, phrase)
    assert not jpath.exists()


def test_a_note_of_2000_characters_is_fine(dmtx: Dmtx, jpath: Path) -> None:
    note = "Could not climb the stairs " + "x" * (2000 - 27)
    assert len(note) == 2000
    result = dmtx("journal", "add", "note", note, "--date", "2026-01-08")
    assert result.exit_code == 0, result.stderr
    assert rows(jpath) == [("2026-01-08", "note", None, None, None, None, note)]  # kept whole
    exported = dmtx("journal", "export", "--format", "json")
    assert exported.exit_code == 0, exported.stderr
    assert [e["note"] for e in json.loads(exported.stdout)["entries"]] == [note]


# --------------------------------------------------------------------------- delete


def test_delete_asks_first(dmtx: Dmtx, jpath: Path) -> None:
    dmtx("journal", "add", "ck", "850", "--date", "2026-01-05")
    kept = dmtx("journal", "delete", "1", input="n\n")
    assert kept.exit_code == 0 and "Nothing was deleted" in kept.stdout and len(rows(jpath)) == 1
    gone = dmtx("journal", "delete", "1", input="y\n")
    assert gone.exit_code == 0 and "Deleted entry 1 (2026-01-05, CK 850 U/L)" in gone.stdout
    assert rows(jpath) == []


def test_delete_without_an_answer_refuses(dmtx: Dmtx, jpath: Path) -> None:
    dmtx("journal", "add", "ck", "850")
    result = dmtx("journal", "delete", "1", input="")
    assert result.exit_code == 2 and result.stderr.endswith("Add --yes to delete without asking.\n")
    assert result.stderr.splitlines()[-1].startswith("dmtx: Nothing was deleted")
    assert len(rows(jpath)) == 1
    assert dmtx("journal", "delete", "1", "--yes").exit_code == 0 and rows(jpath) == []


def test_delete_an_unknown_entry(dmtx: Dmtx, jpath: Path) -> None:
    dmtx("journal", "add", "ck", "850")
    assert_clean_error(dmtx("journal", "delete", "7", "--yes"), 1, "no entry 7")


# --------------------------------------------------------------------------- export, import, backup


def _fill(dmtx: Dmtx) -> None:
    dmtx("journal", "add", "dose", "prednisone", "40", "mg", "--per", "day", "--date", "2026-01-02")
    dmtx("journal", "add", "ck", "850.5", "--date", "2026-01-05", "--note", '=HYPERLINK("x"), "quoted"')
    dmtx("journal", "add", "score", "pain", "3", "--date", "2026-01-06")
    dmtx("journal", "add", "note", "line one\nline two, with comma", "--date", "2026-01-07")
    dmtx("journal", "add", "dose", "Mystery Herb", "2", "g", "--date", "2026-01-08", "--other")
    dmtx("journal", "add", "visit", "--date", "2026-01-09", "--note", "'quoted start")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_import_round_trip_is_byte_for_byte(dmtx: Dmtx, jpath: Path, tmp_path: Path, fmt: str) -> None:
    _fill(dmtx)
    first = tmp_path / f"first.{fmt}"
    assert dmtx("journal", "export", "--format", fmt, "-o", str(first)).exit_code == 0
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    fresh = tmp_path / "fresh.sqlite3"
    imported = dmtx("journal", "--journal-file", str(fresh), "import", str(first))
    assert imported.exit_code == 0 and "Imported 6 of 6 entries" in imported.stdout
    again = dmtx("journal", "--journal-file", str(fresh), "import", str(first))
    assert "Imported 0 of 6 entries; 6 were already in the journal" in again.stdout
    second = dmtx("journal", "--journal-file", str(fresh), "export", "--format", fmt)
    assert second.stdout.encode("utf-8") == first.read_bytes()
    assert len(rows(fresh)) == 6


def test_export_guards_spreadsheet_formulas(dmtx: Dmtx, jpath: Path) -> None:
    _fill(dmtx)
    text = dmtx("journal", "export").stdout
    assert '"\'=HYPERLINK(""x""), ""quoted"""' in text


def test_export_never_overwrites_without_force(dmtx: Dmtx, jpath: Path, tmp_path: Path) -> None:
    _fill(dmtx)
    target = tmp_path / "mine.csv"
    target.write_text("keep me", encoding="utf-8")
    assert_clean_error(dmtx("journal", "export", "-o", str(target)), 4, "already exists")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert dmtx("journal", "export", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("date,kind,name")


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        (
            "date,kind,name,value,unit,per,note\n2026-01-01,ck,,5,,,\n2026-02-30,ck,,6,,,\n",
            "2026-02-30 is not a real date",
        ),
        ("date,kind,name,value,unit,per,note\n2026-01-01,ck,,-5,,,\n", "cannot be negative"),
        ("date,kind,name,value,unit,per,note\n2026-01-01,ck,,NaN,,,\n", "must be a number"),
        ("date,kind,name,value,unit,per,note\n2026-01-01,score,pain,12,,,\n", "from 0 to 10"),
        ("date,kind,name,value,unit,per,note\n2999-01-01,ck,,5,,,\n", "in the future"),
        ("date,kind,name,value,unit,per,note\n2026-01-01,laugh,,5,,,\n", "not a kind"),
        ("date,kind,colour\n", "unknown column"),
        (
            '{"kind": "dmtx.journal", "version": 1, "entries": [{"date": "2026-01-01", "kind": "ck", "value": NaN}]}',
            "must be a number",
        ),
        ('{"kind": "other"}', "not a dmtx journal export"),
        ("{nope", "not valid JSON"),
    ],
)
def test_a_bad_import_writes_nothing(dmtx: Dmtx, jpath: Path, tmp_path: Path, body: str, phrase: str) -> None:
    dmtx("journal", "add", "ck", "1", "--date", "2025-01-01")
    before = rows(jpath)
    source = tmp_path / ("bad.json" if body.startswith("{") else "bad.csv")
    source.write_text(body, encoding="utf-8")
    result = dmtx("journal", "import", str(source))
    assert_clean_error(result, 2, "Nothing was imported", phrase)
    assert rows(jpath) == before


def test_backup_is_a_working_private_copy(dmtx: Dmtx, jpath: Path, tmp_path: Path) -> None:
    _fill(dmtx)
    copy = tmp_path / "copy.sqlite3"
    result = dmtx("journal", "backup", str(copy))
    assert result.exit_code == 0 and "Backed up 6 entries" in result.stderr
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert rows(copy) == rows(jpath)
    assert_clean_error(dmtx("journal", "backup", str(copy)), 4, "already exists")
    dmtx("journal", "add", "ck", "420", "--date", "2026-01-10")
    assert rows(copy) == rows(jpath)[:-1]  # refused: the old copy is untouched
    forced = dmtx("journal", "backup", str(copy), "--force")
    assert forced.exit_code == 0 and "Backed up 7 entries" in forced.stderr
    assert rows(copy) == rows(jpath) and rows(copy)[-1] == ("2026-01-10", "ck", None, 420.0, None, None, None)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


# --------------------------------------------------------------------------- files and folders


def test_default_folder_and_file_are_private_whatever_the_umask(
    dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DMTX_JOURNAL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    old = os.umask(0)
    try:
        assert dmtx("journal", "add", "ck", "5").exit_code == 0
    finally:
        os.umask(old)
    folder = tmp_path / "data" / "dmtx"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "journal.sqlite3").stat().st_mode) == 0o600
    assert dmtx("journal", "where").stdout == f"{folder / 'journal.sqlite3'}\n"


def test_an_open_folder_is_closed_again(dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DMTX_JOURNAL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    (tmp_path / "dmtx").mkdir(mode=0o777)
    os.chmod(tmp_path / "dmtx", 0o777)
    assert dmtx("journal", "add", "ck", "5").exit_code == 0
    assert stat.S_IMODE((tmp_path / "dmtx").stat().st_mode) == 0o700


def test_a_symlinked_journal_is_refused(dmtx: Dmtx, jpath: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.sqlite3"
    assert dmtx("journal", "--journal-file", str(real), "add", "ck", "5").exit_code == 0
    jpath.symlink_to(real)
    before = digest(real)
    assert_clean_error(dmtx("journal", "add", "ck", "6"), 5, "symbolic link")
    assert digest(real) == before


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_a_journal_of_another_user_is_refused(dmtx: Dmtx, jpath: Path) -> None:
    dmtx("journal", "add", "ck", "5")
    os.chown(jpath, 65534, 65534)
    before = digest(jpath)
    assert_clean_error(dmtx("journal", "add", "ck", "6"), 5, "another user")
    assert_clean_error(dmtx("journal"), 5, "another user")
    assert digest(jpath) == before


@pytest.mark.parametrize(
    "content",
    [b"date,kind\n2026-01-01,ck\n", b"SQLite format 3\x00" + b"\xff" * 200, b"\x00" * 4096],
    ids=["text", "damaged-header", "zeros"],
)
def test_a_file_that_is_not_a_journal_is_left_untouched(dmtx: Dmtx, jpath: Path, content: bytes) -> None:
    jpath.write_bytes(content)
    for args in (("add", "ck", "5"), (), ("export",), ("chart",)):
        result = dmtx("journal", *args)
        assert result.exit_code == 5, (args, result.stderr)
        assert "left as it is" in result.stderr
    assert jpath.read_bytes() == content


def test_a_damaged_journal_is_left_untouched(dmtx: Dmtx, jpath: Path) -> None:
    for day in range(1, 29):
        dmtx("journal", "add", "note", "x" * 1500, "--date", f"2026-01-{day:02d}")
    data = bytearray(jpath.read_bytes())
    data[4096 : 4096 * 3] = b"\xa5" * (4096 * 2)  # scribble over table pages
    jpath.write_bytes(bytes(data))
    before = digest(jpath)
    result = dmtx("journal", "export")
    assert_clean_error(result, 5, "damaged")
    assert digest(jpath) == before


def test_another_programs_sqlite_file_is_refused(dmtx: Dmtx, jpath: Path) -> None:
    with sqlite3.connect(jpath) as conn:
        conn.execute("CREATE TABLE moz_places (url TEXT)")
    before = digest(jpath)
    assert_clean_error(dmtx("journal", "add", "ck", "5"), 5, "another program")
    assert digest(jpath) == before


# --------------------------------------------------------------------------- layout versions


def _journal_at(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    for step in store.MIGRATIONS[:version]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID if version else 0}")
    if version:
        conn.execute("INSERT INTO entries (day, kind, value) VALUES ('2026-01-05', 'ck', 850)")
        conn.execute("INSERT INTO entries (day, kind, value) VALUES ('2026-01-05', 'ck', 850)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("version", range(store.LATEST_VERSION))
def test_every_older_layout_is_brought_up_to_date(dmtx: Dmtx, jpath: Path, version: int) -> None:
    _journal_at(jpath, version)
    assert dmtx("journal", "add", "ck", "900", "--date", "2026-01-06").exit_code == 0
    with sqlite3.connect(jpath) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.LATEST_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
        keys = conn.execute("SELECT key FROM entries").fetchall()
    assert all(key for (key,) in keys)
    # The two identical rows of an old journal both survive; importing them again adds nothing.
    assert [r[3] for r in rows(jpath)] == ([850.0, 850.0, 900.0] if version else [900.0])
    exported = dmtx("journal", "export").stdout
    assert "Imported 0 of" in dmtx("journal", "import", "-", input=exported).stdout


def test_a_journal_from_a_newer_dmtx_is_refused_unchanged(dmtx: Dmtx, jpath: Path) -> None:
    dmtx("journal", "add", "ck", "5")
    with sqlite3.connect(jpath) as conn:
        conn.execute(f"PRAGMA user_version = {store.LATEST_VERSION + 1}")
    before = digest(jpath)
    assert_clean_error(dmtx("journal", "add", "ck", "6"), 5, "newer dmtx")
    assert_clean_error(dmtx("journal"), 5, "newer dmtx")
    assert digest(jpath) == before


# --------------------------------------------------------------------------- chart


def test_chart_at_40_columns_in_ascii(dmtx: Dmtx, jpath: Path) -> None:
    for day, value in ((1, 850), (8, 600), (15, 310)):
        dmtx("journal", "add", "ck", str(value), "--date", f"2026-01-{day:02d}")
    result = dmtx("journal", "chart", "ck", env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "CK (U/L), 2026-01-01 to 2026-01-15"
    assert lines[1].startswith("2026-01-01 ####") and lines[1].endswith(" 850")
    assert lines[3].endswith(" 310") and lines[3].count("#") < lines[2].count("#") < lines[1].count("#")
    assert all(len(line) <= 40 and line.isascii() for line in lines)


def test_chart_of_a_score_a_dose_and_since(dmtx: Dmtx, jpath: Path) -> None:
    dmtx("journal", "add", "score", "weakness", "3", "--date", "2026-01-01")
    dmtx("journal", "add", "score", "weakness", "7", "--date", "2026-02-01")
    dmtx("journal", "add", "dose", "Rayos", "40", "mg", "--per", "day", "--date", "2026-01-01")
    score = dmtx("journal", "chart", "score", "weakness", "--since", "2026-01-15")
    assert score.exit_code == 0 and "Weakness (0-10), 2026-02-01" in score.stdout and "2026-01-01" not in score.stdout
    dose = dmtx("journal", "chart", "dose", "prednisone")
    assert dose.exit_code == 0 and "prednisone (mg a day)" in dose.stdout  # every brand of it
    assert "Rayos (mg a day)" in dmtx("journal", "chart", "dose", "rayos").stdout
    assert_clean_error(dmtx("journal", "chart", "score", "pain"), 1, "nothing to draw")
    assert_clean_error(dmtx("journal", "chart", "blood"), 2, "Choose what to draw")


def test_ten_years_of_values_are_grouped(dmtx: Dmtx, jpath: Path) -> None:
    start = dt.date(2015, 1, 1)
    body = "date,kind,name,value,unit,per,note\n" + "".join(
        f"{start + dt.timedelta(days=d)},ck,,{100 + d % 50},,,\n" for d in range(3650)
    )
    source = jpath.parent / "ten.csv"
    source.write_text(body, encoding="utf-8")
    assert dmtx("journal", "import", str(source)).exit_code == 0
    result = dmtx("journal", "chart", env={"COLUMNS": "40"})
    assert "One line per year" in result.stdout
    assert len(result.stdout.splitlines()) <= 2 + 24


# --------------------------------------------------------------------------- the checklist


def _record(dmtx: Dmtx) -> None:
    dmtx("journal", "add", "dose", "prednisone", "40", "mg", "--per", "day", "--date", "2025-12-01")
    dmtx("journal", "add", "visit", "--date", "2026-01-02")
    dmtx("journal", "add", "ck", "850.5", "--date", "2026-01-05")
    dmtx("journal", "add", "ck", "600", "--date", "2026-01-20")
    dmtx("journal", "add", "dose", "prednisone", "30", "mg", "--per", "day", "--date", "2026-01-21")
    dmtx("journal", "add", "note", "Stairs are <hard> [bold]today[/]", "--date", "2026-01-22")


def test_checklist_json_carries_the_journal_and_matches_the_schema(dmtx: Dmtx, jpath: Path) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parent.parent / "dmtx" / "checklist.schema.json").read_text("utf-8"))
    _record(dmtx)
    data = json.loads(dmtx("checklist", "--journal", "--format", "json").stdout)
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 3
    assert data["journal"]["medicines"][0] == {
        "name": "prednisone",
        "covered": True,
        "dose": "30 mg a day",
        "since": "2026-01-21",
        "previous": "40 mg a day",
        "changed_since_visit": True,
        "new_since_visit": False,
        "warning": None,
        "until": None,
    }
    assert data["journal"]["charts"][0]["points"][0] == {"date": "2026-01-05", "value": 850.5}
    plain = json.loads(dmtx("checklist", "--format", "json").stdout)
    assert plain["journal"] is None
    jsonschema.validate(plain, schema)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "terminal"])
def test_every_format_shows_since_your_last_visit(dmtx: Dmtx, jpath: Path, fmt: str) -> None:
    _record(dmtx)
    result = dmtx("checklist", "--journal", "--format", fmt, "-t", "1")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Since your last visit" in out or "SINCE YOUR LAST VISIT" in out
    assert "30 mg a day" in out and "2026-01-21" in out and "Stairs are" in out
    assert "What side effects should I watch for after the change to my prednisone dose?" in _flat(out)
    assert "850.5" in out and "600" in out


def test_html_chart_is_svg_without_script(dmtx: Dmtx, jpath: Path) -> None:
    _record(dmtx)
    html = dmtx("checklist", "--journal", "--format", "html").stdout
    assert "Stairs are &lt;hard&gt; [bold]today[/]" in html
    assert "<svg" in html and "<script" not in html.lower()
    # The chart starts at the visit, marked as in every format.
    assert ">2026-01-02</text>" in html and ">2026-01-20</text>" in html and "<figcaption>CK (U/L):" in html
    assert 'aria-label="CK (U/L)"' in html and "rotate(" not in html  # the caption names it, no sideways title
    assert '<line class="visit"' in html and ">visit</text>" in html


# --------------------------------------------------------------------------- the start-up fast path


@pytest.mark.parametrize(
    "args",
    [
        ["journal", "add", "ck", "850"],
        ["journal", "add", "ck", "nan"],
        ["journal", "add", "score", "weakness", "6"],
        ["journal", "add", "score", "mood", "6"],
        ["journal", "chart"],
        ["journal", "chart", "ck"],
        ["checklist", "--journal"],
        ["checklist", "--journal", "--format", "text"],
    ],
    ids=" ".join,
)
def test_journal_fast_path_matches_typer(tmp_path: Path, args: list[str]) -> None:
    from dmtx.main import journal_fast_call

    from conftest import run_process

    assert journal_fast_call(args) is not None
    outputs = []
    for name in ("fast", "typer"):
        env = {"DMTX_JOURNAL": str(tmp_path / f"{name}.sqlite3")}
        seed = run_process("journal", "add", "ck", "300", "--date", "2026-01-02", env=env)
        assert seed.exit_code == 0, seed.stderr
        result = run_process(*args, env=env) if name == "fast" else run_process("--no-color", *args, env=env)
        outputs.append((result.exit_code, result.stdout, result.stderr))
    assert outputs[0] == outputs[1]


def test_journal_fast_path_leaves_options_to_typer() -> None:
    from dmtx.main import journal_fast_call

    for args in (["journal", "add", "ck", "-5"], ["journal", "add", "ck", "5", "--date", "2026-01-01"], ["journal"]):
        assert journal_fast_call(args) is None, args


@pytest.mark.parametrize(
    "args",
    [["journal"], ["journal", "chart", "ck"], ["checklist", "--journal", "-t", "1", "--limit", "1"]],
    ids=" ".join,
)
def test_on_a_40_column_terminal_nothing_is_cut_off(jpath: Path, args: list[str]) -> None:
    """Rich output on a real pty (tables, Unicode bars, the checklist panel) keeps every word."""
    import re
    import sys

    import pexpect

    from conftest import ROOT, run_process

    env = {"DMTX_JOURNAL": str(jpath)}
    run_process("journal", "add", "dose", "prednisone", "40", "mg", "--per", "day", "--date", "2026-01-02", env=env)
    run_process("journal", "add", "ck", "1234", "--date", "2026-01-05", "--note", "after the long walk", env=env)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dmtx", *args],
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "40"},
        dimensions=(60, 40),
        encoding="utf-8",
        cwd=str(ROOT),
    )
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before or "")
    assert child.exitstatus == 0, out
    assert "…" not in out and max(len(line) for line in out.splitlines()) <= 40
    assert "1234" in out


# --------------------------------------------------------------------------- methotrexate more often than weekly

MTX_WARNING = "Your journal records it more often than once a week."


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("typed", ["methotrexate", "Trexall", "MTX"])
def test_daily_methotrexate_is_warned_at_entry_and_kept_as_typed(dmtx: Dmtx, jpath: Path, typed: str) -> None:
    result = dmtx("journal", "add", "dose", typed, "150", "mg", "--per", "day", "--date", "2026-01-06")
    assert result.exit_code == 0, result.stderr
    assert f"Added entry 1: {typed} 150 mg a day on 2026-01-06." in result.stdout
    warning = _flat(result.stderr)
    assert warning.startswith("dmtx: WARNING: " + MTX_WARNING), warning
    assert "usually taken once a week" in warning and "doctor or pharmacist" in warning
    assert "holds it as you typed it" in warning
    assert rows(jpath) == [("2026-01-06", "dose", typed, 150.0, "mg", "day", None)]
    assert drug_column(jpath) == [(typed, "methotrexate")]


@pytest.mark.parametrize(
    "args",
    [
        ["methotrexate", "15", "mg", "--per", "week"],
        ["methotrexate", "15", "mg"],
        ["methotrexate", "0", "mg", "--per", "day"],
        ["prednisone", "40", "mg", "--per", "day"],
    ],
    ids=" ".join,
)
def test_no_schedule_warning_for_weekly_unscheduled_stopped_or_other_drugs(
    dmtx: Dmtx, jpath: Path, args: list[str]
) -> None:
    result = dmtx("journal", "add", "dose", *args, "--date", "2026-01-06")
    assert result.exit_code == 0 and "Added entry 1" in result.stdout
    assert "WARNING" not in result.stderr and "once a week" not in result.stdout + result.stderr


def _daily_mtx(dmtx: Dmtx) -> None:
    dmtx("journal", "add", "visit", "--date", "2026-01-02")
    dmtx("journal", "add", "dose", "methotrexate", "15", "mg", "--per", "day", "--date", "2026-01-10")
    dmtx("journal", "add", "dose", "prednisone", "30", "mg", "--per", "day", "--date", "2026-01-10")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "terminal"])
def test_every_checklist_format_warns_of_daily_methotrexate(dmtx: Dmtx, jpath: Path, fmt: str) -> None:
    _daily_mtx(dmtx)
    result = dmtx("checklist", "--journal", "--format", fmt, "-t", "1")
    assert result.exit_code == 0, result.stderr
    out = _flat(result.stdout.replace("&#x27;", "'"))
    at = out.index("methotrexate: 15 mg a day since 2026-01-10")
    assert "WARNING: " + MTX_WARNING in out[at : at + 400], out[at : at + 400]
    assert out.count(MTX_WARNING) == 1, "only methotrexate is warned, once"


def test_checklist_json_and_pdf_warn_of_daily_methotrexate(dmtx: Dmtx, jpath: Path, tmp_path: Path) -> None:
    import subprocess

    _daily_mtx(dmtx)
    data = json.loads(dmtx("checklist", "--journal", "--format", "json").stdout)
    warnings = {m["name"]: m["warning"] for m in data["journal"]["medicines"]}
    assert warnings["prednisone"] is None and warnings["methotrexate"].startswith(MTX_WARNING)
    pdf = tmp_path / "visit.pdf"
    assert dmtx("checklist", "--journal", "-t", "1", "-o", str(pdf)).exit_code == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert MTX_WARNING in _flat(text)


def test_a_daily_methotrexate_dose_before_a_weekly_one_is_still_warned(dmtx: Dmtx, jpath: Path) -> None:
    """The list shows the earlier daily dose ("before: ..."), so the warning stays beside it."""
    _daily_mtx(dmtx)
    dmtx("journal", "add", "dose", "methotrexate", "15", "mg", "--per", "week", "--date", "2026-01-12")
    out = _flat(dmtx("checklist", "--journal", "--format", "text", "-t", "1").stdout)
    assert "before: 15 mg a day" in out and MTX_WARNING in out

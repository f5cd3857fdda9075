"""Issue #23: property tests: whatever bytes an import holds and whatever rows the journal file holds,
dmtx refuses cleanly or gives a consistent result, never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from dmtx.journal import kinds

from conftest import Dmtx

DOCUMENTED = {0, 1, 2, 3, 4, 5}
COLUMNS = ["date", "kind", "name", "value", "unit", "per", "note"]


def _count(path: Path) -> int:
    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


def _clean(result, codes: set[int]) -> None:
    assert result.exit_code in codes, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code:
        assert result.stderr.startswith("dmtx: "), result.stderr
        assert len(result.stderr.strip().splitlines()) <= 2, result.stderr


# --------------------------------------------------------------------------- imports

cells = st.one_of(
    st.sampled_from(["", "2026-01-05", "2025-02-30", "ck", "dose", "score", "note", "visit", "weakness", "mg", "day"]),
    st.sampled_from(["850", "-5", "7.5", "nan", "1e9", "prednisone", "=1+1", "'x", "U/L", "week"]),
    st.text(max_size=12),
)
csv_rows = st.lists(st.lists(cells, min_size=0, max_size=8), max_size=6)
json_values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), cells, st.lists(cells, max_size=2))
json_rows = st.lists(st.dictionaries(st.sampled_from([*COLUMNS, "other"]), json_values, max_size=7), max_size=5)


def _csv_text(rows: list[list[str]], header: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def _import(dmtx: Dmtx, data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "journal.sqlite3"
        env = {"DMTX_JOURNAL": str(journal)}
        assert dmtx("journal", "add", "ck", "850", "--date", "2026-01-05", env=env).exit_code == 0
        source = Path(folder) / name
        source.write_bytes(data)
        result = dmtx("journal", "import", str(source), env=env)
        _clean(result, {0, 2})
        if result.exit_code:
            assert _count(journal) == 1, "a refused import wrote something"
            return
        # Consistent: what was imported is there, exports, and imports again as nothing new.
        exported = dmtx("journal", "export", "--format", "json", env=env)
        assert exported.exit_code == 0, exported.stderr
        assert len(json.loads(exported.stdout)["entries"]) == _count(journal)
        again = dmtx("journal", "import", str(source), env=env)
        assert again.exit_code == 0 and _count(journal) == len(json.loads(exported.stdout)["entries"])


@given(data=st.binary(max_size=300))
def test_random_bytes_into_import(dmtx: Dmtx, data: bytes) -> None:
    _import(dmtx, data, "random.csv")


@given(rows=csv_rows, header=st.booleans())
def test_random_csv_rows_into_import(dmtx: Dmtx, rows: list[list[str]], header: bool) -> None:
    _import(dmtx, _csv_text(rows, header), "rows.csv")


@given(entries=json_rows, version=st.sampled_from([1, 1, 2, "1"]))
def test_random_json_entries_into_import(dmtx: Dmtx, entries: list[dict[str, object]], version: object) -> None:
    document = {"kind": "dmtx.journal", "version": version, "entries": entries}
    _import(dmtx, json.dumps(document, allow_nan=True).encode(), "rows.json")


# --------------------------------------------------------------------------- rows in the journal file

anything = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.text(max_size=10),
    st.binary(max_size=6),
)
stored_rows = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(["2026-01-05", "2026-01-06", "2025-12-31", "2026-02-30"]), anything),
        st.one_of(st.sampled_from(kinds.kind_names()), anything),
        st.one_of(st.sampled_from(["weakness", "prednisone", "methotrexate", ""]), anything),
        st.one_of(st.sampled_from([850.0, 5.0, 7.5, 0.0, -1.0]), anything),
        st.one_of(st.sampled_from(["mg", "U/L", "g"]), anything),
        st.one_of(st.sampled_from(["day", "week"]), anything),
        st.one_of(st.sampled_from(["a note", ""]), anything),
    ),
    min_size=1,
    max_size=4,
)
READERS = (
    ("journal",),
    ("journal", "chart"),
    ("journal", "chart", "score", "weakness"),
    ("journal", "chart", "dose", "prednisone"),
    ("journal", "export"),
    ("journal", "export", "--format", "json"),
    ("checklist", "--journal", "--format", "text"),
    ("checklist", "--journal", "--format", "json"),
)


@given(rows=stored_rows)
@example(rows=[(0, "dose", b"\x80", 850.0, "mg", None, None)])  # found on CI: a name that is not UTF-8
def test_random_rows_in_the_journal_file(dmtx: Dmtx, rows: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "journal.sqlite3"
        env = {"DMTX_JOURNAL": str(journal)}
        assert dmtx("journal", "add", "ck", "850", "--date", "2026-01-05", env=env).exit_code == 0
        with sqlite3.connect(journal) as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO entries (day, kind, name, value, unit, per, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        before = journal.read_bytes()
        for args in READERS:
            result = dmtx(*args, env=env)
            _clean(result, {0, 1, 5})
            if result.exit_code == 5:
                assert "damaged" in result.stderr
        assert journal.read_bytes() == before, "reading changed the journal"

"""Search: whole words, every word required, best places first, safe with any text, a private index."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUNDLED, ROOT, Dmtx, assert_clean_error


def _places(out: str) -> list[str]:
    return re.findall(r"^((?:topic|drug|term|beyond) \S+?):", out, flags=re.M)


def test_whole_words_only_and_common_words_ignored(dmtx: Dmtx) -> None:
    out = dmtx("search", "can I stop prednisone").stdout
    assert "*Stopping* *prednisone*" in out
    # The old substring search marked every "i" inside words (Ch*i*ldren).
    assert not re.search(r"\w\*\w+\*|\*\w+\*\w", out), out
    assert "*i*" not in out.lower() and "*can*" not in out.lower()


def test_a_word_found_nowhere_is_said_plainly(dmtx: Dmtx) -> None:
    out = " ".join(dmtx("search", "xylophone", "kidney").stdout.split())
    assert "Found: kidney. Not found: xylophone." in out
    assert "This guide does not cover 'xylophone'" in out and "https://medlineplus.gov/" in out
    result = dmtx("search", "xylophone", "harp")
    assert_clean_error(
        result, 1, "does not cover 'xylophone harp'", "doctor or pharmacist", "dmtx terms", "dmtx beyond"
    )


def test_only_common_words_is_exit_1_with_a_hint(dmtx: Dmtx) -> None:
    assert_clean_error(dmtx("search", "a"), 1, "only very common words", "dmtx terms")


def test_word_forms_and_aliases_match(dmtx: Dmtx) -> None:
    assert _places(dmtx("search", "muscle enzymes").stdout)[0] == "term creatine-kinase"
    assert _places(dmtx("search", "CPK").stdout)[0] == "term creatine-kinase"
    # The steroid safety entries (issue #21) now come before the drug itself in the best five.
    places = _places(dmtx("search", "--all", "steroids").stdout)[:10]
    assert "term corticosteroid" in places and "drug prednisone" in places


def test_results_show_place_title_and_one_marked_line(dmtx: Dmtx) -> None:
    out = dmtx("search", "cancer").stdout
    assert "topic 5: When DM is linked to a hidden cancer" in out
    assert "*cancer*" in out
    assert out.startswith("Search\n======\n")


def test_top_five_by_default_then_all(dmtx: Dmtx) -> None:
    few = dmtx("search", "dose")
    assert few.exit_code == 0
    assert len(_places(few.stdout)) == 5
    total = int(re.search(r"(\d+) places match", few.stdout).group(1))  # type: ignore[union-attr]
    assert total > 5
    assert f"Showing the best 5 of {total}. See them all: dmtx search --all dose" in " ".join(few.stdout.split())
    every = dmtx("search", "--all", "dose").stdout
    assert len(_places(every)) == total
    assert "See them all" not in every


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"prednisone',
        "prednis*",
        "NEAR(muscle weakness)",
        "muscle NOT weakness",
        "-muscle",
        "muscle OR xylophone",
        "[/]",
        "[bold]muscle[/]",
        "title:cancer",
        "^cancer",
        "muscle\x00weakness",
        "\x1b[31mcancer",
        "{title summary}: cancer",
        "'; DROP TABLE place; --",
    ],
)
def test_query_text_is_never_fts_syntax(dmtx: Dmtx, text: str) -> None:
    result = dmtx("search", text)
    assert result.exit_code in (0, 1, 2), result
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    if result.exit_code:
        assert len(result.stderr.splitlines()) <= 2


def test_fts_operators_are_plain_words(dmtx: Dmtx) -> None:
    # As FTS syntax, OR would make both match; as words, "or" is a stop word and "xylophone" is nowhere.
    assert "Not found: xylophone." in " ".join(dmtx("search", "kidney OR xylophone").stdout.split())
    assert dmtx("search", "prednis*").exit_code == 1  # no prefix syntax, and a drug name is never read from its start


def test_huge_query_is_a_usage_error(dmtx: Dmtx) -> None:
    assert_clean_error(dmtx("search", "muscle " * 15_000), 2, "too long")


def _index_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("search-*.sqlite"))


def test_index_is_private_and_reused_then_rebuilt_when_the_file_changes(dmtx: Dmtx, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    data = tmp_path / "guide.yaml"
    data.write_bytes(BUNDLED.read_bytes())
    env = {"DMTX_CACHE_DIR": str(cache)}
    assert dmtx("--data", str(data), "search", "cancer", env=env).exit_code == 0
    [first] = _index_files(cache)
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    stamp = first.stat().st_mtime_ns
    assert dmtx("--data", str(data), "search", "cancer", env=env).exit_code == 0
    assert _index_files(cache) == [first] and first.stat().st_mtime_ns == stamp
    data.write_text(
        BUNDLED.read_text(encoding="utf-8").replace("When DM is linked to a hidden cancer", "Hidden cancer and DM"),
        encoding="utf-8",
    )
    out = dmtx("--data", str(data), "search", "cancer", env=env).stdout
    assert "topic 5: Hidden cancer and DM" in out
    assert len(_index_files(cache)) == 2


def test_damaged_or_foreign_index_is_not_trusted(dmtx: Dmtx, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"DMTX_CACHE_DIR": str(cache)}
    assert dmtx("search", "cancer", env=env).exit_code == 0
    [index] = _index_files(cache)
    index.write_bytes(b"not a database")
    result = dmtx("search", "cancer", env=env)
    assert result.exit_code == 0 and "topic 5" in result.stdout
    assert index.read_bytes() == b"not a database"
    index.unlink()
    index.symlink_to(tmp_path / "elsewhere.sqlite")
    result = dmtx("search", "cancer", env=env)
    assert result.exit_code == 0 and "topic 5" in result.stdout
    assert index.is_symlink() and not (tmp_path / "elsewhere.sqlite").exists()


def test_without_a_cache_the_index_lives_in_memory(dmtx: Dmtx, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    result = dmtx("search", "cancer", env={"DMTX_CACHE_DIR": str(cache), "DMTX_NO_CACHE": "1"})
    assert result.exit_code == 0 and "topic 5" in result.stdout
    assert not cache.exists()


def test_search_through_the_fast_path(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "DMTX_DATA")}
    env.update(TERM="dumb", DMTX_CACHE_DIR=str(tmp_path / "c"))
    script = "import sys; from dmtx.main import main; sys.argv = ['dmtx', *sys.argv[1:]]; main()"
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, "search", "what", "is", "IVIG"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    for done in runs:
        assert done.returncode == 0, done.stderr
        assert _places(done.stdout)[0] == "topic 6"
        assert "typer" not in done.stderr
    assert runs[0].stdout == runs[1].stdout


def test_a_killed_build_leaves_no_temp_file_for_long(dmtx: Dmtx, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    stale, fresh, other = cache / ".cache-old.tmp", cache / ".cache-new.tmp", cache / "notes.tmp"
    for path in (stale, fresh, other):
        path.write_bytes(b"x")
        path.chmod(0o600)
    hour_ago = time.time() - 3600
    for path in (stale, other):
        os.utime(path, (hour_ago, hour_ago))
    assert dmtx("search", "cancer", env={"DMTX_CACHE_DIR": str(cache)}).exit_code == 0
    assert not stale.exists() and fresh.exists() and other.exists()


def test_a_search_with_no_word_in_it_says_so(dmtx: Dmtx) -> None:
    result = dmtx("search", "[/]")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "dmtx: Please give a search text with at least one word in it (letters or numbers).\n"


def test_a_very_common_word_never_shows_a_place_alone(dmtx: Dmtx) -> None:
    # "muscle" is in most places: with a word found nowhere, it would show almost everything.
    assert dmtx("search", "muscle").exit_code == 0
    assert_clean_error(dmtx("search", "muscle", "xylophone"), 1, "does not cover")


def test_a_stored_index_opens_from_a_folder_with_any_characters(tmp_path, monkeypatch) -> None:
    """The index's file: URI is made by hand (no pathlib): '%', '?', '#' and spaces in the path still open it."""
    import sqlite3

    from dmtx import searchindex

    folder = tmp_path / "odd 100% sure?#yes"
    folder.mkdir()
    db_path = folder / "x.sqlite"
    made = sqlite3.connect(db_path)
    made.execute("CREATE TABLE t (v)")
    made.execute("INSERT INTO t VALUES ('found')")
    made.commit()
    made.close()
    opened = sqlite3.connect(f"{searchindex.file_uri(str(db_path))}?mode=ro", uri=True)
    assert opened.execute("SELECT v FROM t").fetchall() == [("found",)]
    opened.close()
    monkeypatch.setenv("DMTX_CACHE_DIR", str(folder / "cache"))
    from dmtx.knowledge import bundled_data_path

    first = searchindex.open_index(bundled_data_path())
    first.close()
    assert len(list((folder / "cache").glob("search-*.sqlite"))) == 1
    calls: list[str] = []
    real_store = searchindex._store
    monkeypatch.setattr(searchindex, "_store", lambda *a: calls.append("built") or real_store(*a))
    again = searchindex.open_index(bundled_data_path())
    assert again.execute("SELECT value FROM info WHERE name = 'format'").fetchone()[0] == searchindex.INDEX_FORMAT
    again.close()
    assert calls == [], "the stored index was opened, not built again"


@pytest.mark.parametrize(
    "query",
    ["how much prednisone should i take", "can i stop taking prednisone", "how long will i be on prednisone", "ivig"],
)
def test_a_snippet_is_whole_sentences_and_a_dose_keeps_who_sets_it(dmtx: Dmtx, query: str) -> None:
    out = dmtx("search", "--all", query, env={"COLUMNS": "250"}).stdout
    snippets = [line for line in out.splitlines() if re.match(r"[\w' ]+: ", line) and "..." in line]
    assert snippets
    for line in snippets:
        # A cut is only ever between sentences: never "40 to 60 mg a..."
        assert not re.search(r"[\w,]\.\.\.|\.\.\.\w", line), line
        if re.search(r"\d+ mg", line):
            assert "Only your doctor" in line, line


def test_the_prednisone_dose_is_shown_with_its_caveat() -> None:
    from dmtx.search import one_line

    text = (
        "The page says \x02prednisone\x03 is usually the drug of choice for DM. It says adults usually start at "
        "40 to 60 mg a day, or more. It says they later come down to about 10 to 15 mg a day. It says adults often "
        "cannot stop it, children often can, and long use can cause steroid myopathy. Only your doctor sets a dose."
    )
    snippet, _ = one_line(text)
    assert snippet.endswith("start at 40 to 60 mg a day, or more. ... Only your doctor sets a dose.")


def test_everyday_is_read_as_every_day_never_as_a_drug(dmtx: Dmtx) -> None:
    """A vocabulary entry sent 'everyday' to methotrexate's page, so 'rash everyday' showed methotrexate."""
    asked = dmtx("search", "can i take methotrexate everyday", "--no-color").stdout
    assert "drug methotrexate" in asked and "once a week, not every *day*" in " ".join(asked.split())
    assert "methotrexate" not in dmtx("search", "rash everyday", "--no-color").stdout


@pytest.mark.parametrize(("typed", "read"), [("diabeties", "diabetes"), ("osteoperosis", "osteoporosis")])
def test_a_slip_of_an_everyday_word_is_read_as_it(dmtx: Dmtx, typed: str, read: str) -> None:
    """'search diabeties' said 'This guide does not cover' while 'diabetes' found the steroid page."""
    out = " ".join(dmtx("search", typed, "--no-color").stdout.split())
    assert f"You typed: {typed} (read as {read})" in out and "does not cover" not in out

"""Kept screens (dmtx.screens): a repeated lookup is the first showing, byte for byte, without the heavy imports.

Every test here gets its own cache folder, so what one test keeps no other test replays.
A child process records at exit which modules it imported: a replay must not import the
loader, YAML or Rich.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import platformdirs
import pytest

from dmtx import locations, private, screens

from conftest import ROOT

CHILD = """
import atexit, os, sys
heavy = ("dmtx.knowledge", "yaml", "rich", "typer", "dmtx.output", "platformdirs", "tempfile", "hashlib")
atexit.register(lambda: open(os.environ["MARKER"], "w").write(" ".join(m for m in heavy if m in sys.modules)))
sys.argv = ["dmtx", *sys.argv[2:]]
from dmtx.main import main
main()
"""

LOOKUPS = [
    ["topics"],
    ["topic", "1"],
    ["drugs"],
    ["drug", "prednisone"],
    ["drug", "Imuran"],
    ["terms"],
    ["term", "CK"],
    ["references"],
    ["search", "muscle", "enzymes"],
    ["checklist"],
    ["checklist", "--format", "text"],
    ["--data", str(ROOT / "data" / "guidelines.yaml"), "topic", "2"],
]


class Run:
    """One finished child: exit code, stdout bytes, stderr text, and the heavy modules it imported."""

    def __init__(self, code: int, out: bytes, err: str, imported: str) -> None:
        self.code, self.out, self.err, self.imported = code, out, err, imported


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "COLUMNS", "LINES", "FORCE_COLOR", "DMTX_DATA"}}
    env.update(TERM="dumb", DMTX_CACHE_DIR=str(cache), PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def piped(cache: Path, *args: str, **extra: str) -> Run:
    """Run dmtx with stdout on a pipe."""
    marker = cache.parent / "marker"
    env = _env(cache, MARKER=str(marker), **extra)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "-", *args], capture_output=True, env=env, cwd=ROOT, timeout=60, check=False
    )
    return Run(done.returncode, done.stdout, done.stderr.decode(), marker.read_text() if marker.exists() else "?")


def on_terminal(
    cache: Path, *args: str, columns: int = 72, rows: int = 200, stdin: str | None = None, **extra: str
) -> Run:
    """Run dmtx on a pty (stdin and stdout, or stdin from the file `stdin`), as a colour terminal."""
    marker = cache.parent / "marker"
    env = _env(cache, **{"TERM": "xterm-256color", "MARKER": str(marker), "PAGER": "", **extra})
    command = [sys.executable, "-c", CHILD, "-", *args]
    if stdin is not None:
        command = ["/bin/sh", "-c", f'exec "$@" < "{stdin}"', "-", *command]
    child = pexpect.spawn(command[0], command[1:], env=env, cwd=str(ROOT), dimensions=(rows, columns), timeout=60)
    out = child.read()
    child.close()
    code = child.exitstatus if child.exitstatus is not None else 128 + (child.signalstatus or 0)
    return Run(code, out, "", marker.read_text())


def kept_screens(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"{screens.PREFIX}*.bin"))


@pytest.mark.parametrize("args", LOOKUPS, ids=" ".join)
def test_a_repeated_lookup_is_the_first_showing_without_the_heavy_imports(args: list[str], cache: Path) -> None:
    first = piped(cache, *args)
    assert first.code == 0 and first.err == "" and b"A teaching aid" in first.out
    assert "dmtx.knowledge" in first.imported or "dmtx.output" in first.imported
    assert len(kept_screens(cache)) == 1
    again = piped(cache, *args)
    assert (again.code, again.out, again.err) == (0, first.out, "")
    assert again.imported == "", f"the replay imported {again.imported}"


@pytest.mark.parametrize("args", [["drug", "prednisone"], ["checklist"], ["search", "weekly"]], ids=" ".join)
def test_a_colour_screen_is_replayed_byte_for_byte_on_a_terminal(args: list[str], cache: Path) -> None:
    first = on_terminal(cache, *args)
    assert first.code == 0 and b"\x1b[" in first.out and "rich" in first.imported
    again = on_terminal(cache, *args)
    assert (again.code, again.out) == (0, first.out)
    assert again.imported == ""


def test_a_screen_kept_for_one_setting_is_not_shown_in_another(cache: Path) -> None:
    """Width, colour and the terminal each make a different screen."""
    wide = on_terminal(cache, "drug", "prednisone", columns=100)
    narrow = on_terminal(cache, "drug", "prednisone", columns=40)
    plain = piped(cache, "drug", "prednisone")
    no_colour = on_terminal(cache, "drug", "prednisone", columns=100, NO_COLOR="1")
    assert len({wide.out, narrow.out, plain.out, no_colour.out}) == 4
    assert b"\x1b[" not in no_colour.out and b"\x1b[" not in plain.out
    assert len(kept_screens(cache)) == 4
    assert max(len(line) for line in narrow.out.decode().splitlines()) <= 40 + 30  # colour codes aside
    assert on_terminal(cache, "drug", "prednisone", columns=40).out == narrow.out


def test_a_terminal_that_reports_no_width_does_not_get_the_screen_kept_for_a_pipe(cache: Path) -> None:
    """A pty of 0 columns (a serial console not yet sized) is a terminal all the same: colour, drawn by Rich."""
    plain = piped(cache, "drug", "prednisone", TERM="xterm-256color")
    terminal = on_terminal(cache, "drug", "prednisone", columns=0)
    assert plain.code == terminal.code == 0 and b"\x1b[" not in plain.out
    assert b"\x1b[" in terminal.out and "rich" in terminal.imported


def test_an_edited_knowledge_file_is_never_answered_from_a_kept_screen(cache: Path, tmp_path: Path) -> None:
    own = tmp_path / "guidelines.yaml"
    shutil.copy(ROOT / "data" / "guidelines.yaml", own)
    first = piped(cache, "--data", str(own), "topics")
    assert b"Prednisone" in first.out
    own.write_text(own.read_text(encoding="utf-8").replace("Prednisone", "Predni-zone"), encoding="utf-8")
    again = piped(cache, "--data", str(own), "topics")
    assert again.code == 0 and b"Predni-zone" in again.out and again.out != first.out


def test_the_key_follows_every_input_of_the_screen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The date, the code, the libraries, the environment and the words each change the key."""
    base = screens.screen_key(["topics"], None)
    assert base is not None and base == screens.screen_key(["topics"], None)
    assert screens.screen_key(["topic", "1"], None) != base
    for name in screens.SCREEN_ENV:
        with monkeypatch.context() as patch:
            patch.setenv(name, "7")
            assert screens.screen_key(["topics"], None) != base, name
    assert screens.screen_key(["topics"], None) == base

    monkeypatch.setattr(screens.time, "strftime", lambda _format: "2031-01-01")
    assert screens.screen_key(["topics"], None) != base
    monkeypatch.undo()

    library = tmp_path / "jellyfish" / "__init__.py"
    library.parent.mkdir()
    library.write_text("# version 1\n")
    real = screens._library_init
    with monkeypatch.context() as patch:
        patch.setattr(screens, "_library_init", lambda name: str(library) if name == "jellyfish" else real(name))
        before = screens.screen_key(["topics"], None)
        library.write_text("# version 2, a bigger file\n")  # an upgrade rewrites it
        assert screens.screen_key(["topics"], None) != before

    code = tmp_path / "dmtx"
    shutil.copytree(ROOT / "dmtx", code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(screens, "package_folder", lambda: str(code))
    before = screens.screen_key(["topics"], None)
    (code / "render" / "text.py").write_text((code / "render" / "text.py").read_text() + "\n# changed\n")
    assert screens.screen_key(["topics"], None) != before


def test_the_key_follows_python_rich_and_the_stream(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Another Python, a Rich upgrade, or another encoding or error handler on stdout each make a new screen."""
    base = screens.screen_key(["topics"], None)
    assert base is not None
    with monkeypatch.context() as patch:
        patch.setattr(sys, "version", sys.version + " (another build)")
        assert screens.screen_key(["topics"], None) != base

    library = tmp_path / "rich" / "__init__.py"
    library.parent.mkdir()
    library.write_text("# version 1\n")
    real = screens._library_init
    with monkeypatch.context() as patch:
        patch.setattr(screens, "_library_init", lambda name: str(library) if name == "rich" else real(name))
        before = screens.screen_key(["topics"], None)
        library.write_text("# version 2, a bigger file\n")
        assert screens.screen_key(["topics"], None) != before

    keys = set()
    for encoding, errors in [("utf-8", "strict"), ("utf-8", "replace"), ("utf-8-sig", "strict")]:
        with monkeypatch.context() as patch:
            patch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors))
            keys.add(screens.screen_key(["topics"], None))
    assert None not in keys and len(keys) == 3


def test_no_key_where_a_screen_must_not_be_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DMTX_DATA", str(tmp_path / "missing.yaml"))
    assert screens.screen_key(["topics"], None) is None  # no such file: the normal path says so
    monkeypatch.setenv("DMTX_DATA", "/dev/null")
    assert screens.screen_key(["topics"], None) is None  # not a regular file
    monkeypatch.delenv("DMTX_DATA")
    with monkeypatch.context() as patch:
        patch.setattr(screens, "_library_init", lambda _name: None)
        assert screens.screen_key(["topics"], None) is None  # Rich's version cannot be told
    compiled = tmp_path / "compiled"
    compiled.mkdir()
    (compiled / "__init__.pyc").write_bytes(b"")
    with monkeypatch.context() as patch:
        patch.setattr(screens, "package_folder", lambda: str(compiled))
        assert screens.screen_key(["topics"], None) is None  # no sources: dmtx's version cannot be told
    monkeypatch.setattr(sys, "stdout", None)
    assert screens.screen_key(["topics"], None) is None  # stdout closed


@pytest.mark.parametrize(
    "args",
    [
        ["drug", "Imdur"],  # exit 1: not in the guide
        ["search", "zzzqqq"],  # exit 1: no hit
        ["topic", "--help"],  # Typer
        ["checklist", "--journal"],  # private data
        ["journal", "add", "ck", "500"],  # exit 0, but the journal is never a screen
    ],
    ids=" ".join,
)
def test_failures_help_and_the_journal_are_never_kept(args: list[str], cache: Path, tmp_path: Path) -> None:
    ran = piped(cache, *args, DMTX_JOURNAL=str(tmp_path / "journal.sqlite"))
    assert ran.out or ran.err, "the command said nothing: the case proves nothing"
    assert kept_screens(cache) == []


def test_nothing_is_kept_for_an_ascii_terminal_or_with_the_cache_off(cache: Path) -> None:
    ascii_out = piped(cache, "topics", PYTHONIOENCODING="ascii")
    assert ascii_out.code == 0 and kept_screens(cache) == []
    other = cache.parent / "other"
    off = piped(other, "topics", DMTX_NO_CACHE="1")
    assert off.code == 0 and not other.exists()


def test_with_the_cache_off_a_kept_screen_is_not_replayed(cache: Path) -> None:
    first, _ = _kept_once(cache, "topics")
    off = piped(cache, "topics", DMTX_NO_CACHE="1")
    assert (off.code, off.out) == (0, first.out) and "dmtx.knowledge" in off.imported


def test_the_data_option_wins_over_the_variable(cache: Path, tmp_path: Path) -> None:
    """`--data` names the file a lookup reads (and its screen's key), whatever $DMTX_DATA says."""
    own = tmp_path / "guidelines.yaml"
    own.write_text(
        (ROOT / "data" / "guidelines.yaml").read_text(encoding="utf-8").replace("Prednisone", "Predni-zone"),
        encoding="utf-8",
    )
    ran = piped(cache, "--data", str(own), "topics", DMTX_DATA=str(ROOT / "data" / "guidelines.yaml"))
    assert ran.code == 0 and b"Predni-zone" in ran.out


def test_a_run_that_warned_on_stderr_is_not_kept() -> None:
    from dmtx import output

    transcript = output.record()
    try:
        output.write_stdout("screen\n")
        assert transcript.screen() == "screen\n"
        output.error_line("a warning")
        assert transcript.screen() is None
    finally:
        output._transcript = None


def test_kept_screens_are_private(cache: Path) -> None:
    piped(cache, "topics")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    for path in kept_screens(cache):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _kept_once(cache: Path, *args: str) -> tuple[Run, Path]:
    first = piped(cache, *args)
    (entry,) = kept_screens(cache)
    return first, entry


@pytest.mark.parametrize("where", ["magic", "seal", "text", "end"])
def test_a_damaged_screen_is_a_miss_and_is_drawn_again(where: str, cache: Path) -> None:
    first, entry = _kept_once(cache, "topics")
    blob = bytearray(entry.read_bytes())
    at = {"magic": 0, "seal": len(screens.FORMAT) + 3, "text": len(blob) // 2, "end": len(blob) - 2}[where]
    blob[at] ^= 0x20
    entry.write_bytes(bytes(blob))
    again = piped(cache, "topics")
    assert (again.code, again.out, again.err) == (0, first.out, "")
    assert "dmtx.knowledge" in again.imported, "a damaged screen was shown"


def test_a_forged_screen_is_never_shown(cache: Path) -> None:
    """Someone who can write the cache but does not know the secret cannot put words on the screen."""
    first, entry = _kept_once(cache, "topics")
    key = entry.name.removeprefix(screens.PREFIX).removesuffix(".bin")
    forged = b"Stop taking your medicine.\n"
    entry.write_bytes(screens.FORMAT + private.seal(b"x" * 32, key, forged) + forged)
    again = piped(cache, "topics")
    assert again.out == first.out and b"Stop taking" not in again.out


def test_a_secret_of_the_wrong_length_is_never_trusted(cache: Path) -> None:
    """A short secret.key (a damaged one, or one byte someone can guess) seals nothing that is shown."""
    first, entry = _kept_once(cache, "topics")
    key = entry.name.removeprefix(screens.PREFIX).removesuffix(".bin")
    (cache / private.SECRET_NAME).write_bytes(b"x")
    forged = b"Stop taking your medicine.\n"
    entry.write_bytes(screens.FORMAT + private.seal(b"x", key, forged) + forged)
    again = piped(cache, "topics")
    assert again.out == first.out and b"Stop taking" not in again.out


def test_a_screen_copied_over_another_is_never_shown(cache: Path) -> None:
    """Each seal covers its key: one lookup's screen under another lookup's name is a miss, not the wrong answer."""
    _, drugs_entry = _kept_once(cache, "drugs")
    topics = piped(cache, "topics")
    (topics_entry,) = set(kept_screens(cache)) - {drugs_entry}
    topics_entry.write_bytes(drugs_entry.read_bytes())
    again = piped(cache, "topics")
    assert (again.code, again.out) == (0, topics.out) and "dmtx.knowledge" in again.imported


def test_a_screen_that_is_a_link_or_someone_elses_is_refused(cache: Path, tmp_path: Path) -> None:
    first, entry = _kept_once(cache, "topics")
    elsewhere = tmp_path / "elsewhere.bin"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    again = piped(cache, "topics")
    assert again.out == first.out and "dmtx.knowledge" in again.imported
    entry.unlink()
    elsewhere.rename(entry)
    if os.geteuid() == 0:
        os.chown(entry, 65534, 65534)
        again = piped(cache, "topics")
        assert again.out == first.out and "dmtx.knowledge" in again.imported


def test_a_cache_folder_that_is_a_link_is_not_read(cache: Path, tmp_path: Path) -> None:
    first, _ = _kept_once(cache, "topics")
    link = tmp_path / "link"
    link.symlink_to(cache)
    again = piped(link, "topics")
    assert (again.code, again.out) == (0, first.out) and "dmtx.knowledge" in again.imported


def test_a_screen_others_can_read_is_refused(cache: Path) -> None:
    """A kept screen is 0600: one opened up to the group or to others is not trusted."""
    first, entry = _kept_once(cache, "topics")
    entry.chmod(0o640)
    again = piped(cache, "topics")
    assert again.out == first.out and "dmtx.knowledge" in again.imported


def test_a_sealed_screen_that_is_not_utf8_is_a_miss(cache: Path) -> None:
    first, entry = _kept_once(cache, "topics")
    key = entry.name.removeprefix(screens.PREFIX).removesuffix(".bin")
    secret = (cache / private.SECRET_NAME).read_bytes()
    broken = b"\xff\xfe not text\n"
    entry.write_bytes(screens.FORMAT + private.seal(secret, key, broken) + broken)
    again = piped(cache, "topics")
    assert (again.code, again.out) == (0, first.out) and "dmtx.knowledge" in again.imported


def test_a_folder_others_can_write_is_not_read(cache: Path) -> None:
    first, _ = _kept_once(cache, "topics")
    cache.chmod(0o777)
    again = piped(cache, "topics")
    assert again.out == first.out and "dmtx.knowledge" in again.imported


def test_the_newest_screens_are_kept_and_old_ones_pruned(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only screens are pruned: the knowledge cache's entries in the same folder stay."""
    assert piped(cache, "topics").code == 0
    knowledge = sorted(cache.glob("knowledge-*.bin"))
    assert knowledge, "the case proves nothing without a knowledge entry"
    monkeypatch.setenv("DMTX_CACHE_DIR", str(cache))
    monkeypatch.setattr(screens, "screen_key", lambda argv, _data: argv[0])  # one screen per made-up key
    for number in range(screens.KEEP_SCREENS + 6):
        screens.keep(f"{number:040x}", f"screen {number}\n", [f"{number:040x}"], None)
    assert len(kept_screens(cache)) == screens.KEEP_SCREENS
    assert screens.kept(f"{screens.KEEP_SCREENS + 5:040x}") == f"screen {screens.KEEP_SCREENS + 5}\n"
    assert sorted(cache.glob("knowledge-*.bin")) == knowledge


def test_a_screen_too_big_to_replay_is_not_kept(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMTX_CACHE_DIR", str(cache))
    monkeypatch.setattr(screens, "MAX_SCREEN_BYTES", 100)
    key = screens.screen_key(["topics"], None)
    assert key is not None
    screens.keep(key, "x" * 101, ["topics"], None)
    assert kept_screens(cache) == []
    screens.keep(key, "x" * 100, ["topics"], None)
    assert screens.kept(key) == "x" * 100


def test_a_screen_is_kept_only_in_the_folder_replays_read(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Should platformdirs name another folder than the quick guess, nothing is kept: it would never be replayed."""
    from dmtx import cache as knowledge_cache

    monkeypatch.setenv("DMTX_CACHE_DIR", str(cache))
    key = screens.screen_key(["topics"], None)
    assert key is not None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    with monkeypatch.context() as patch:
        patch.setattr(knowledge_cache, "private_dir", lambda: elsewhere)
        screens.keep(key, "screen\n", ["topics"], None)
    assert list(elsewhere.iterdir()) == [] and kept_screens(cache) == []
    screens.keep(key, "screen\n", ["topics"], None)
    assert screens.kept(key) == "screen\n"


def test_a_long_kept_screen_goes_through_the_pager_again(cache: Path, tmp_path: Path) -> None:
    pager = tmp_path / "pager.sh"
    pager.write_text("#!/bin/sh\nsed 's/^/PAGED:/'\n")
    pager.chmod(0o755)
    first = on_terminal(cache, "topics", rows=10, PAGER=str(pager))
    again = on_terminal(cache, "topics", rows=10, PAGER=str(pager))
    assert b"PAGED:" in first.out and again.out == first.out
    assert "dmtx.output" in again.imported and "rich" not in again.imported


@pytest.mark.parametrize("args", [["topics"], ["term", "CK"]], ids=["longer than a buffer", "shorter"])
def test_a_replay_to_a_closed_pipe_or_a_full_disk_behaves_like_a_first_showing(args: list[str], cache: Path) -> None:
    """A long screen fails on the write, a short one (still in Python's buffer) on the flush."""
    piped(cache, *args)
    env = _env(cache, MARKER=str(cache.parent / "marker"))
    argv = [sys.executable, "-c", CHILD, "-", *args]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is already gone: the first write fails with EPIPE
    try:
        closed = subprocess.run(argv, stdout=write_end, stderr=subprocess.PIPE, env=env, cwd=ROOT, check=False)
    finally:
        os.close(write_end)
    assert (closed.returncode, closed.stderr) == (0, b"")
    assert (cache.parent / "marker").read_text() == "", "not a replay"
    with open("/dev/full", "wb") as full:
        done = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, env=env, cwd=ROOT, check=False)
    assert done.returncode == 4 and done.stderr.decode().startswith("dmtx: Cannot write output")


def test_ctrl_c_in_the_pager_of_a_replay_stays_with_the_pager(cache: Path) -> None:
    """As on a first showing, Ctrl-C goes to the pager; dmtx waits for it and exits 0 when it quits."""
    if not shutil.which("less"):
        pytest.fail("less is needed for this test (.ci/run installs it)")
    env = _env(cache, TERM="xterm-256color", MARKER=str(cache.parent / "marker"))
    env.pop("PAGER", None)
    for attempt in ("first", "replay"):
        child = pexpect.spawn(
            sys.executable, ["-c", CHILD, "-", "topics"], env=env, cwd=str(ROOT), dimensions=(10, 80), timeout=20
        )
        child.expect("Treatment points")
        child.sendintr()
        # No waiting a second to see whether dmtx died: keys typed after Ctrl-C reach the pager in
        # order, so once it shows the end (G) it has had the Ctrl-C, and dmtx has had its SIGINT too.
        child.send("G")
        child.expect("last modified 2014-08-18")
        assert child.isalive(), f"{attempt}: dmtx left the pager on Ctrl-C"
        child.send("q")
        child.expect(pexpect.EOF)
        child.close()
        # Had dmtx left on Ctrl-C it would have ended 130 (or by the signal), not 0 after the pager.
        assert (child.exitstatus, child.signalstatus) == (0, None), attempt
    assert len(kept_screens(cache)) == 1


@pytest.mark.parametrize(("name", "value"), [("LINES", "\u00b2"), ("COLUMNS", "\u00b2"), ("COLUMNS", "0")])
def test_a_replay_with_a_strange_size_value_behaves_like_a_first_showing(
    name: str, value: str, cache: Path, tmp_path: Path
) -> None:
    """An odd $LINES or $COLUMNS is dropped before Rich reads it: the screen is the one the terminal's size gives."""
    plain = on_terminal(tmp_path / "plain", "topics")
    first = on_terminal(cache, "topics", **{name: value})
    again = on_terminal(cache, "topics", **{name: value})
    assert first.code == 0 and first.out == plain.out
    assert (again.code, again.out) == (0, first.out) and again.imported == ""


def _sed_pager(tmp_path: Path) -> Path:
    pager = tmp_path / "pager.sh"
    pager.write_text("#!/bin/sh\nsed 's/^/PAGED:/'\n")
    pager.chmod(0o755)
    return pager


def test_lines_sets_how_long_a_screen_may_be_before_it_is_paged(cache: Path, tmp_path: Path) -> None:
    """$LINES wins over the terminal's height, and a screen exactly that long is paged, drawn or replayed."""
    probe = on_terminal(tmp_path / "probe", "topics")
    lines = probe.out.count(b"\n")
    pager = _sed_pager(tmp_path)
    first = on_terminal(cache, "topics", LINES=str(lines), PAGER=str(pager))
    again = on_terminal(cache, "topics", LINES=str(lines), PAGER=str(pager))
    assert b"PAGED:" in first.out and again.out == first.out
    for _ in ("drawn", "replayed"):
        shorter = on_terminal(cache, "topics", LINES=str(lines + 1), PAGER=str(pager))
        assert shorter.code == 0 and b"PAGED:" not in shorter.out
    assert shorter.imported == ""


def test_an_empty_pager_turns_paging_off_for_a_replay_too(cache: Path) -> None:
    first = on_terminal(cache, "topics", rows=10)  # PAGER=""
    again = on_terminal(cache, "topics", rows=10)
    assert (again.code, again.out) == (0, first.out) and b"Treatment points" in again.out
    assert again.imported == "", "the replay went through the pager's code"


def test_a_replay_is_paged_only_when_both_stdin_and_stdout_are_a_terminal(cache: Path, tmp_path: Path) -> None:
    """`dmtx topics < file` on a terminal, and `dmtx topics > file` typed at one, are never paged."""
    pager = _sed_pager(tmp_path)
    no_keyboard = [on_terminal(cache, "topics", rows=10, stdin=os.devnull, PAGER=str(pager)) for _ in range(2)]
    assert no_keyboard[0].code == 0 and no_keyboard[1].out == no_keyboard[0].out
    assert b"PAGED:" not in no_keyboard[0].out and no_keyboard[1].imported == ""

    env = _env(cache, MARKER=str(cache.parent / "marker"), LINES="5", PAGER=str(pager))
    outputs = []
    for _ in range(2):
        keyboard, terminal = os.openpty()
        try:
            done = subprocess.run(
                [sys.executable, "-c", CHILD, "-", "topics"],
                stdin=terminal,
                capture_output=True,
                env=env,
                cwd=ROOT,
                timeout=60,
                check=False,
            )
        finally:
            os.close(keyboard)
            os.close(terminal)
        assert done.returncode == 0 and b"PAGED:" not in done.stdout
        outputs.append(done.stdout)
    assert outputs[1] == outputs[0] and (cache.parent / "marker").read_text() == ""


def test_an_edit_that_keeps_the_size_and_the_time_is_still_seen(cache: Path, tmp_path: Path) -> None:
    """ "10 mg" -> "20 mg" keeps the size; a copy tool may keep the time. The inode's change time still moves."""
    own = tmp_path / "guidelines.yaml"
    shutil.copy(ROOT / "data" / "guidelines.yaml", own)
    time.sleep(screens.SETTLED_SECONDS + 0.2)  # only a settled file's screens are kept
    first = piped(cache, "--data", str(own), "topics")
    assert first.code == 0 and b"Prednisone" in first.out and len(kept_screens(cache)) == 1
    text = own.read_bytes()
    before = os.stat(own)
    own.write_bytes(text.replace(b"Prednisone", b"Prednisolo"))
    os.utime(own, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(own).st_size == before.st_size and os.stat(own).st_mtime_ns == before.st_mtime_ns
    again = piped(cache, "--data", str(own), "topics")
    assert b"Prednisolo" in again.out and b"Prednisone" not in again.out


def test_a_screen_is_not_kept_when_its_inputs_changed_during_the_run(
    monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    """A run that crosses midnight, or a file edited while it ran: the screen may be neither day's."""
    monkeypatch.setenv("DMTX_CACHE_DIR", str(cache))
    key = screens.screen_key(["topics"], None)
    assert key is not None
    with monkeypatch.context() as patch:
        patch.setattr(screens.time, "strftime", lambda _format: "2031-01-02")
        screens.keep(key, "yesterday's screen\n", ["topics"], None)
    assert kept_screens(cache) == []
    screens.keep(key, "today's screen\n", ["topics"], None)
    assert screens.kept(key) == "today's screen\n"


def test_a_knowledge_file_changed_moments_ago_gets_no_kept_screen(cache: Path, tmp_path: Path) -> None:
    """Coarse file times (FAT, NFS) could hide a second edit in the same tick; such a file is not trusted yet."""
    own = tmp_path / "guidelines.yaml"
    shutil.copy(ROOT / "data" / "guidelines.yaml", own)
    assert piped(cache, "--data", str(own), "topics").code == 0
    assert kept_screens(cache) == []
    assert piped(cache, "topics").code == 0  # the bundled file settled long ago
    assert len(kept_screens(cache)) == 1


def test_a_copy_that_keeps_an_old_time_gets_no_kept_screen_either(cache: Path, tmp_path: Path) -> None:
    """`cp -p` keeps the modification time; the change time still says the file is new."""
    own = tmp_path / "guidelines.yaml"
    shutil.copy2(ROOT / "data" / "guidelines.yaml", own)
    assert time.time() - own.stat().st_mtime > screens.SETTLED_SECONDS, "the case proves nothing"
    assert piped(cache, "--data", str(own), "topics").code == 0
    assert kept_screens(cache) == []


@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "/home/someone"},
        {"HOME": "/home/someone", "XDG_CACHE_HOME": "/var/tmp/caches"},
        {"HOME": "/home/someone", "XDG_CACHE_HOME": "relative/caches"},
        {"HOME": "/home/someone", "XDG_CACHE_HOME": ""},
        {"HOME": "/home/someone/", "XDG_CACHE_HOME": "/var/tmp/caches/"},
    ],
)
def test_the_quick_guess_of_the_folder_is_where_platformdirs_puts_it(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DMTX_CACHE_DIR", "XDG_CACHE_HOME", "DMTX_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    guess = locations.known_cache_folder()
    assert guess is not None
    assert os.path.normpath(guess) == os.path.normpath(platformdirs.user_cache_dir("dmtx", appauthor=False))


@pytest.mark.parametrize("xdg", [None, "/var/tmp/caches", "relative/caches"])
def test_the_quick_guess_on_macos_is_where_platformdirs_puts_it(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs.macos import MacOS

    for name in ("DMTX_CACHE_DIR", "XDG_CACHE_HOME", "DMTX_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", "/Users/someone")
    if xdg is not None:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.setattr(locations.sys, "platform", "darwin")
    guess = locations.known_cache_folder()
    assert guess is not None and guess == MacOS("dmtx", appauthor=False).user_cache_dir


def test_no_guess_where_the_rule_is_not_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DMTX_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "relative/home")
    assert locations.known_cache_folder() is None
    with monkeypatch.context() as patch:
        patch.setenv("HOME", "/home/someone")
        patch.setattr(locations.sys, "platform", "win32")
        assert locations.known_cache_folder() is None  # Windows: platformdirs always
    monkeypatch.setenv("DMTX_CACHE_DIR", "~/cache")
    assert locations.known_cache_folder() is None
    monkeypatch.setenv("DMTX_CACHE_DIR", "relative/cache")
    assert locations.known_cache_folder() is None
    monkeypatch.setenv("DMTX_CACHE_DIR", "/home/someone/~/cache")  # dmtx.cache refuses an unexpanded home anywhere
    assert locations.known_cache_folder() is None
    monkeypatch.setenv("DMTX_CACHE_DIR", "/var/tmp/dmtx")
    monkeypatch.setenv("DMTX_NO_CACHE", "1")
    assert locations.known_cache_folder() is None
    monkeypatch.delenv("DMTX_NO_CACHE")
    monkeypatch.delenv("DMTX_CACHE_DIR")
    monkeypatch.setenv("HOME", "/home/someone")
    monkeypatch.setattr(sys, "platform", "win32")  # %LOCALAPPDATA%\\dmtx\\Cache there: only platformdirs knows
    assert locations.known_cache_folder() is None


def test_every_variable_rich_reads_is_part_of_the_key() -> None:
    """A Rich upgrade that reads a new variable for its layout or colours must be added to the key."""
    import re

    import rich

    read = set()
    pattern = r"""(?:environ\.get\(|getenv\(|environ\[)\s*["']([A-Z_]+)["']"""
    for source in Path(rich.__file__).parent.rglob("*.py"):
        read |= set(re.findall(pattern, source.read_text(encoding="utf-8")))
    windows_only = {"WT_SESSION"}
    assert read - windows_only <= set(screens.SCREEN_ENV), read - set(screens.SCREEN_ENV)
    assert {"NO_COLOR", "TERM", "COLUMNS", "ACCESSIBLE"} <= set(screens.SCREEN_ENV)  # what dmtx itself reads


def test_a_set_up_cache_folder_is_found_without_platformdirs(tmp_path: Path) -> None:
    """platformdirs names the folder when dmtx makes it; later runs find it by the XDG rule alone."""
    xdg = tmp_path / "xdg"
    folder = xdg / "dmtx"
    env = {"DMTX_CACHE_DIR": "", "XDG_CACHE_HOME": str(xdg)}
    first = piped(folder, "drug", "prednisone", **env)
    assert first.code == 0 and "platformdirs" in first.imported
    assert (folder / "secret.key").is_file() and len(kept_screens(folder)) == 1
    for kept in kept_screens(folder):
        kept.unlink()
    drawn = piped(folder, "drug", "prednisone", **env)  # a first showing on a warm cache
    assert (drawn.code, drawn.out) == (0, first.out)
    assert "dmtx.knowledge" in drawn.imported
    assert not {"platformdirs", "tempfile", "hashlib"} & set(drawn.imported.split()), drawn.imported
    assert len(kept_screens(folder)) == 1

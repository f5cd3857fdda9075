"""Issue #11: the 13 ways dmtx 0.1.0 broke under a hostile review, one or more tests each.

Every test drives the real CLI (CliRunner in process, or `python -m dmtx` in a subprocess
for umasks, closed streams, signals, pipes and concurrency) and failed on dmtx 0.1.0.

Ownership checks need "another user". Tests and CI run as root, so two ways are used:
- files and folders are chowned to `nobody` (uid 65534): root can do that, and the
  cache must then refuse them although root could read them;
- `dmtx.cache.expected_uid` is monkeypatched to another uid, which makes every file
  of the current user look foreign (in-process tests only).
"""

from __future__ import annotations

import ast
import json
import marshal
import os
import shlex
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dmtx import cache
from dmtx.knowledge import load

from conftest import BUNDLED, ROOT, Dmtx, assert_clean_error

NOBODY = 65534
DISCLAIMER = "A teaching aid, not medical advice."


# --------------------------------------------------------------------------- helpers


def base_env(**extra: str) -> dict[str, str]:
    """The environment for a dmtx subprocess: plain output, the test cache unless replaced."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "DMTX_DATA", "COLUMNS", "LINES")}
    env["TERM"] = "dumb"
    env["PYTHONPATH"] = str(ROOT)  # this checkout's dmtx, whatever the current folder
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def shell(script: str, *, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 60):
    """Run a bash script in which `$DMTX` runs this checkout's dmtx (`python -m dmtx`)."""
    full = dict(env or base_env())
    full["DMTX"] = f"{shlex.quote(sys.executable)} -m dmtx"
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=full, cwd=cwd or ROOT, timeout=timeout
    )


def without_cache_env(**extra: str) -> dict[str, str]:
    """A subprocess environment that lets dmtx find its cache folder itself (no DMTX_CACHE_DIR)."""
    env = base_env(**extra)
    env.pop("DMTX_CACHE_DIR", None)
    return env


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("knowledge-*.bin"))


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty private cache folder for this test (in-process and for subprocesses)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("DMTX_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def own_copy(tmp_path: Path) -> Path:
    path = tmp_path / "guidelines.yaml"
    path.write_bytes(BUNDLED.read_bytes())
    return path


def yaml_parsed_count(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count how often the knowledge file is really parsed (a cache hit parses nothing)."""
    import dmtx.knowledge

    calls = [0]
    real = dmtx.knowledge.parse_yaml

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(dmtx.knowledge, "parse_yaml", counting)
    return calls


def forge(entry: Path, change) -> None:
    """Rewrite a cache entry the way an attacker who knows the 0.1.0 format would (plain sha256)."""
    import hashlib

    blob = entry.read_bytes()
    head = blob.index(b"\n") + 1
    document = marshal.loads(blob[head + 32 :])
    change(document)
    payload = marshal.dumps(document)
    entry.write_bytes(blob[:head] + hashlib.sha256(payload).digest() + payload)


# --------------------------------------------------------------------------- 1. cache poisoning


def test_1_cache_folder_is_private_even_under_umask_000(tmp_path: Path) -> None:
    env = without_cache_env(XDG_CACHE_HOME=str(tmp_path / "xdg"))
    done = shell("umask 000; $DMTX topics", env=env)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "xdg" / "dmtx"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "xdg").stat().st_mode) == 0o700
    assert entries(folder)
    for file in folder.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_1_forged_entry_is_never_shown(cache_folder: Path) -> None:
    """The key of the bundled file is computable: a planted entry must still not be believed."""
    env = base_env(DMTX_CACHE_DIR=str(cache_folder))
    assert shell("$DMTX topics", env=env).returncode == 0
    (entry,) = entries(cache_folder)

    def plant(document: dict) -> None:
        document["meta"]["disclaimer"] = "PLANTED: stop your medicine."
        document["points"][0]["title"] = "PLANTED title"

    forge(entry, plant)
    done = shell("$DMTX topics", env=env)
    assert done.returncode == 0, done.stderr
    assert "PLANTED" not in done.stdout
    assert DISCLAIMER in done.stdout


def test_1_forged_entry_with_wrong_types_gives_no_traceback(cache_folder: Path) -> None:
    env = base_env(DMTX_CACHE_DIR=str(cache_folder))
    assert shell("$DMTX topics", env=env).returncode == 0
    (entry,) = entries(cache_folder)

    def wrong_types(document: dict) -> None:
        document["points"][0]["title"] = 12345
        document["meta"]["title"] = ["not", "text"]

    forge(entry, wrong_types)
    done = shell("$DMTX topics", env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and done.stderr == ""
    assert "Prednisone, the usual drug of choice" in done.stdout


def test_1_entry_owned_by_another_user_is_not_read(cache_folder: Path, own_copy: Path, monkeypatch) -> None:
    load(own_copy)
    (entry,) = entries(cache_folder)
    os.chown(entry, NOBODY, NOBODY)
    parsed = yaml_parsed_count(monkeypatch)
    assert load(own_copy).topic(1).slug
    assert parsed[0] == 1, "an entry owned by nobody was trusted"


def test_1_entry_others_can_write_is_not_read(cache_folder: Path, own_copy: Path, monkeypatch) -> None:
    load(own_copy)
    (entry,) = entries(cache_folder)
    entry.chmod(0o666)
    parsed = yaml_parsed_count(monkeypatch)
    load(own_copy)
    assert parsed[0] == 1


def test_1_folder_owned_by_another_user_is_neither_read_nor_written(
    cache_folder: Path, own_copy: Path, monkeypatch
) -> None:
    cache_folder.mkdir(mode=0o700)
    os.chown(cache_folder, NOBODY, NOBODY)
    assert load(own_copy).topic(6).slug == "ivig"
    assert list(cache_folder.iterdir()) == []
    assert cache.private_dir() is None


def test_1_folder_others_can_write_is_neither_read_nor_written(cache_folder: Path, own_copy: Path) -> None:
    cache_folder.mkdir()
    cache_folder.chmod(0o777)
    load(own_copy)
    assert list(cache_folder.iterdir()) == []


def test_1_ownership_check_follows_expected_uid(cache_folder: Path, own_copy: Path, monkeypatch) -> None:
    """The second way to test ownership as root: pretend dmtx runs as another user."""
    load(own_copy)
    assert cache.private_dir() == str(cache_folder)
    monkeypatch.setattr(cache, "expected_uid", lambda: 4242)
    assert cache.private_dir() is None
    parsed = yaml_parsed_count(monkeypatch)
    load(own_copy)
    assert parsed[0] == 1


def knowledge_entries(folder: Path) -> list[Path]:
    """The one knowledge entry a first `topics` leaves."""
    found = entries(folder)
    assert len(found) == 1, found
    return found


def test_1_fifo_entry_does_not_hang(cache_folder: Path) -> None:
    env = base_env(DMTX_CACHE_DIR=str(cache_folder))
    assert shell("$DMTX topics", env=env).returncode == 0
    for entry in knowledge_entries(cache_folder):
        entry.unlink()
        os.mkfifo(entry, 0o600)
    done = shell("$DMTX topics", env=env, timeout=30)  # 0.1.0 blocked here forever
    assert done.returncode == 0 and DISCLAIMER in done.stdout


def test_1_link_to_dev_zero_is_refused_without_reading_it(cache_folder: Path) -> None:
    env = base_env(DMTX_CACHE_DIR=str(cache_folder))
    assert shell("$DMTX topics", env=env).returncode == 0
    for entry in knowledge_entries(cache_folder):
        entry.unlink()
        entry.symlink_to("/dev/zero")
    # A memory limit turns 0.1.0's endless read into a quick MemoryError instead of eating the machine.
    done = shell("ulimit -v 2000000; $DMTX topics", env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and DISCLAIMER in done.stdout


def test_1_link_to_a_genuine_entry_is_not_followed(cache_folder: Path, own_copy: Path, tmp_path, monkeypatch) -> None:
    load(own_copy)
    (entry,) = entries(cache_folder)
    elsewhere = tmp_path / "elsewhere.bin"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    parsed = yaml_parsed_count(monkeypatch)
    load(own_copy)
    assert parsed[0] == 1


def test_1_oversized_entry_is_a_miss(cache_folder: Path, own_copy: Path, monkeypatch) -> None:
    load(own_copy)
    (entry,) = entries(cache_folder)
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", entry.stat().st_size - 1)
    parsed = yaml_parsed_count(monkeypatch)
    load(own_copy)
    assert parsed[0] == 1


def test_1_foreign_secret_disables_the_cache(cache_folder: Path, own_copy: Path, monkeypatch) -> None:
    load(own_copy)
    secret = cache_folder / cache.SECRET_NAME
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    os.chown(secret, NOBODY, NOBODY)
    before = secret.read_bytes()
    parsed = yaml_parsed_count(monkeypatch)
    load(own_copy)
    assert parsed[0] == 1
    assert secret.read_bytes() == before and secret.stat().st_uid == NOBODY  # refused, not overwritten


@pytest.mark.parametrize("xdg", ["", "relative/cache"])
def test_1_empty_or_relative_xdg_cache_home_is_ignored(tmp_path: Path, xdg: str) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = without_cache_env(HOME=str(home), XDG_CACHE_HOME=xdg)
    done = shell("$DMTX topics", env=env, cwd=work)
    assert done.returncode == 0, done.stderr
    assert list(work.iterdir()) == []
    assert entries(home / ".cache" / "dmtx")


def test_1_missing_home_is_never_created(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "home"
    env = without_cache_env(HOME=str(missing))
    env.pop("XDG_CACHE_HOME", None)
    done = shell("$DMTX drug Imuran", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "gone").exists()
    assert done.stdout.startswith("azathioprine")


@pytest.mark.parametrize("home", [None, ""])
def test_1_no_folder_named_tilde_without_a_home(tmp_path: Path, monkeypatch, own_copy: Path, home) -> None:
    """HOME unset (0.1.0 made ./~/.cache/dmtx) or empty, and no passwd entry: no cache, nothing created."""
    import pwd

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("DMTX_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    if home is None:
        assert load(own_copy).topic(1).number == 1
        assert list(work.iterdir()) == []
    assert cache.private_dir() is None  # HOME="" made 0.1.0 write /.cache/dmtx: not run against it


def test_1_cache_does_not_import_the_loader() -> None:
    tree = ast.parse((ROOT / "dmtx" / "cache.py").read_text(encoding="utf-8"))
    imported = {
        alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    light = ("dmtx.locations",)  # an os-only helper that import nothing of dmtx
    assert not any(name.startswith("dmtx") and not name.startswith(light) for name in imported), imported


def test_1_private_dir_is_public_and_private(cache_folder: Path) -> None:
    folder = cache.private_dir()
    assert folder == str(cache_folder)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


# --------------------------------------------------------------------------- 2, 11. modes, links


def test_2_force_keeps_the_files_mode(dmtx: Dmtx, tmp_path: Path) -> None:
    target = tmp_path / "priv.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    result = dmtx("checklist", "--name", "Ann Lee", "-o", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Ann Lee" in target.read_text(encoding="utf-8")


def test_2_symlink_is_written_through_to_its_target(dmtx: Dmtx, tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    refused = dmtx("checklist", "-o", str(link))
    assert_clean_error(refused, 4, "already exists")
    result = dmtx("checklist", "--name", "Ann Lee", "-o", str(link), "--force")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == real.name
    assert "Ann Lee" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_2_dangling_or_foreign_symlink_is_refused(dmtx: Dmtx, tmp_path: Path) -> None:
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    assert_clean_error(dmtx("checklist", "-o", str(dangling), "--force"), 4, "link")
    assert not (tmp_path / "nowhere.txt").exists()
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    foreign = tmp_path / "foreign.txt"
    foreign.symlink_to(real)
    os.chown(foreign, NOBODY, NOBODY, follow_symlinks=False)
    assert_clean_error(dmtx("checklist", "-o", str(foreign), "--force"), 4, "link")
    assert real.read_text(encoding="utf-8") == "old"


def test_2_hard_link_is_not_broken_silently(dmtx: Dmtx, tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text("old", encoding="utf-8")
    os.link(first, tmp_path / "b.txt")
    result = dmtx("checklist", "-o", str(first), "--force")
    assert result.exit_code == 0
    assert "other hard links" in result.stderr
    assert "QUESTIONS" in first.read_text(encoding="utf-8")


@pytest.mark.parametrize(("umask", "mode"), [("002", 0o664), ("022", 0o644), ("077", 0o600)])
def test_11_new_files_follow_the_umask(tmp_path: Path, umask: str, mode: int) -> None:
    target = tmp_path / "new.txt"
    done = shell(f"umask {umask}; $DMTX checklist -o {shlex.quote(str(target))}")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == mode


# --------------------------------------------------------------------------- 3. standard streams by name


def test_3_dev_stdout_when_stdout_is_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    done = shell(f"$DMTX checklist -t 1 -o /dev/stdout > {shlex.quote(str(out))}")
    assert done.returncode == 0, done.stderr
    assert "QUESTIONS TO ASK YOUR DOCTOR" in out.read_text(encoding="utf-8")


def test_3_dev_stderr_when_stderr_is_a_file(tmp_path: Path) -> None:
    err = tmp_path / "err.txt"
    done = shell(f"$DMTX checklist -t 1 -f json -o /dev/stderr 2> {shlex.quote(str(err))}")
    assert done.returncode == 0
    assert '"questions"' in err.read_text(encoding="utf-8")


def test_3_force_never_replaces_dev_stdout(tmp_path: Path) -> None:
    before = os.readlink("/dev/stdout") if os.path.islink("/dev/stdout") else None
    out = tmp_path / "out.txt"
    done = shell(f"$DMTX checklist -t 1 -o /dev/stdout --force > {shlex.quote(str(out))}")
    assert done.returncode == 0, done.stderr
    assert "QUESTIONS" in out.read_text(encoding="utf-8")
    after = os.readlink("/dev/stdout") if os.path.islink("/dev/stdout") else None
    assert before == after


def test_3_dash_is_stdout(dmtx: Dmtx) -> None:
    result = dmtx("checklist", "-t", "1", "-f", "markdown", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("# ")


# --------------------------------------------------------------------------- 4. the no-clobber race


# Each writer imports dmtx first, says so with a byte on the READY pipe, then waits until the GO
# pipe closes (all of them at once) and runs the real main(): a start barrier with no clock in it.
# Without one, start-up jitter on a busy machine spreads the writers out and hides the race.
RACER = """
import os, sys
import dmtx.checklist, dmtx.cli, dmtx.commands, dmtx.knowledge, dmtx.main, dmtx.output, dmtx.render.text
ready, go = int(sys.argv[1]), int(sys.argv[2])
sys.argv = ["dmtx", *sys.argv[3:]]
os.write(ready, b"!")
os.close(ready)
os.read(go, 1)  # returns b"" when the test closes its end
os.close(go)
dmtx.main.main()
"""


def test_4_concurrent_writers_exactly_one_wins(tmp_path: Path) -> None:
    target = tmp_path / "same.txt"
    env = base_env()
    ready_read, ready_write = os.pipe()
    go_read, go_write = os.pipe()

    def writer_args(n: int) -> list[str]:
        return ["checklist", "-a", f"Writer {n}?", "-o", str(target)]

    writers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(ready_write), str(go_read), *writer_args(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            pass_fds=(ready_write, go_read),
        )
        for n in range(10)
    ]
    os.close(ready_write)
    os.close(go_read)
    with os.fdopen(ready_read, "rb") as ready:
        arrived = ready.read(len(writers))  # one byte per writer that has imported dmtx (b"" if all died)
    os.close(go_write)  # go: every writer's read returns at once
    results = [(w.wait(timeout=120), w.communicate()[1].decode()) for w in writers]
    assert arrived == b"!" * len(writers), results
    codes = [code for code, _ in results]
    assert codes.count(0) == 1, results
    assert codes.count(4) == len(writers) - 1, results
    winner = codes.index(0)
    assert f"Writer {winner}?" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["same.txt"]  # no temp file left behind


# --------------------------------------------------------------------------- 5. closed standard streams


@pytest.mark.parametrize(
    ("script", "code"),
    [
        ("$DMTX topics >&-", 4),
        ("$DMTX --no-color topics >&-", 4),
        ("$DMTX checklist -o out.txt >&-", 0),
        ("$DMTX checklist -o out.txt 2>&-", 0),
        ("$DMTX quiz <&- >/dev/null", 0),
        ("$DMTX present <&- >/dev/null", 0),
        ("$DMTX topics 2>&- >/dev/null", 0),
        ("$DMTX topics <&- >/dev/null", 0),
    ],
)
def test_5_closed_standard_streams(tmp_path: Path, script: str, code: int) -> None:
    done = shell(script, cwd=tmp_path)
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    if code:
        assert done.stderr.startswith("dmtx: ") and len(done.stderr.splitlines()) == 1, done.stderr
    if "out.txt" in script:
        assert "QUESTIONS" in (tmp_path / "out.txt").read_text(encoding="utf-8")


def test_5_file_written_with_stdout_closed_gets_no_stray_output(tmp_path: Path) -> None:
    """With fd 1 closed, the file opened next would get number 1: nothing else may land in it."""
    done = shell("$DMTX checklist -t 1 -f json -o out.json >&-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- 6. odd COLUMNS / LINES


@pytest.mark.parametrize("value", ["²", "１２０", "-5", "0", "99999", " 80", "8O", "\u0661\u0662"])
@pytest.mark.parametrize("args", [["topics"], ["--no-color", "topics"], ["present"], ["quiz"]])
def test_6_odd_columns_and_lines_are_ignored(value: str, args: list[str]) -> None:
    env = base_env(COLUMNS=value, LINES=value)
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80


def test_6_good_columns_still_count(dmtx: Dmtx) -> None:
    result = dmtx("topics", env={"COLUMNS": "40"})
    assert max(len(line) for line in result.stdout.splitlines()) <= 40


# --------------------------------------------------------------------------- 7. validation stays linear


def crafted_file(path: Path, drugs: int, references: int) -> Path:
    """The bundled file plus many drugs and many near-miss references to them (see benchmarks/scaling.py)."""
    from conftest import safe_dump_yaml, safe_load_yaml

    doc = safe_load_yaml(BUNDLED.read_text(encoding="utf-8"))
    template = doc["drugs"][0]
    for n in range(drugs):
        extra = dict(template, id=f"crafted-drug-{n:05d}", name=f"Crafted drug {n:05d}")
        extra.pop("other_names", None)
        extra.pop("related", None)
        extra.pop("questions", None)
        doc["drugs"].append(extra)
    doc["points"][0]["drugs"] = list(doc["points"][0]["drugs"]) + [f"crafted-drug-{n:05d}x" for n in range(references)]
    path.write_text(safe_dump_yaml(doc), encoding="utf-8")
    return path


def test_7_suggestion_work_is_capped(dmtx: Dmtx, tmp_path: Path) -> None:
    from dmtx.knowledge import SUGGESTION_BUDGET

    drugs = 400
    references = SUGGESTION_BUDGET // drugs + 40
    path = crafted_file(tmp_path / "crafted.yaml", drugs, references)
    result = dmtx("validate", "--today", "2027-06-01", str(path))
    assert result.exit_code == 3
    unknown = [line for line in result.stdout.splitlines() if "unknown drug" in line]
    assert len(unknown) == references  # every problem is still reported
    suggested = [line for line in unknown if "did you mean" in line]
    assert 0 < len(suggested) < references
    assert "did you mean 'crafted-drug-00000'" in unknown[0]


# --------------------------------------------------------------------------- 8. `dmtx drugs` stays linear


def test_8_drugs_screen_reads_each_points_drug_list_once(monkeypatch) -> None:
    from dmtx import views

    knowledge = load()
    reads = [0]

    class CountingTuple(tuple):
        def __iter__(self):
            reads[0] += 1
            return super().__iter__()

        def __contains__(self, item: object) -> bool:
            reads[0] += 1
            return super().__contains__(item)

    many_drugs = tuple(knowledge.drugs[0]._replace(id=f"d{n}", name=f"Drug {n}") for n in range(300))
    points = tuple(p._replace(drugs=CountingTuple(d.id for d in many_drugs[::7])) for p in knowledge.topics * 20)
    big = knowledge._replace(drugs=many_drugs, topics=points)
    document = views.drugs(big)
    assert len(document.blocks[0].items) == 300
    assert reads[0] <= 2 * len(points), reads[0]  # was drugs x points


# --------------------------------------------------------------------------- 9, 10. temp files and odd paths


def test_9_stale_cache_temp_files_are_pruned(cache_folder: Path, own_copy: Path) -> None:
    load(own_copy)
    stale, fresh = cache_folder / ".cache-old1.tmp", cache_folder / ".cache-new1.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"x")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    text = own_copy.read_text(encoding="utf-8")
    edited = text.replace("Prednisone, the usual drug of choice", "Edited:")
    assert edited != text  # a new file makes a new cache entry, and writing it prunes
    own_copy.write_text(edited, "utf-8")
    load(own_copy)
    assert not stale.exists() and fresh.exists()


def test_9_output_temp_file_says_it_is_dmtxs(dmtx: Dmtx, tmp_path: Path, monkeypatch) -> None:
    seen: list[str] = []
    real_link, real_replace = os.link, os.replace

    def spy_link(src, dst, *args, **kwargs):
        seen.append(os.path.basename(src))
        return real_link(src, dst, *args, **kwargs)

    def spy_replace(src, dst, *args, **kwargs):
        seen.append(os.path.basename(src))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", spy_link)
    monkeypatch.setattr(os, "replace", spy_replace)
    monkeypatch.setenv("DMTX_NO_CACHE", "1")
    assert dmtx("checklist", "-t", "1", "-o", str(tmp_path / "a.txt")).exit_code == 0
    assert "Point 1:" in (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert dmtx("checklist", "-t", "2", "-o", str(tmp_path / "a.txt"), "--force").exit_code == 0
    written = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert "Point 2:" in written and "Point 1:" not in written
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert len(seen) == 2
    for name in seen:
        assert name.startswith(".dmtx-") and name.endswith(".tmp") and len(name) <= 32, name


@pytest.mark.parametrize("length", [241, 250, 255])
def test_10_longest_file_names_work(dmtx: Dmtx, tmp_path: Path, length: int) -> None:
    name = "c" * (length - 4) + ".txt"
    result = dmtx("checklist", "-t", "1", "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert "Point 1:" in (tmp_path / name).read_text(encoding="utf-8")
    again = dmtx("checklist", "-t", "2", "-o", str(tmp_path / name), "--force")
    assert again.exit_code == 0, again.stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]
    written = (tmp_path / name).read_text(encoding="utf-8")
    assert written.startswith("QUESTIONS TO ASK") and "Point 2:" in written and "Point 1:" not in written


def test_10_empty_output_path_is_a_usage_error(dmtx: Dmtx) -> None:
    assert_clean_error(dmtx("checklist", "-o", ""), 2, "empty")


def test_10_trailing_slash_means_a_folder(dmtx: Dmtx, tmp_path: Path) -> None:
    result = dmtx("checklist", "-o", str(tmp_path / "newdir") + "/")
    assert_clean_error(result, 4, "folder")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- 12. ASCII streams


def test_12_ascii_stream_keeps_names_in_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", "checklist", "-f", "json", "--name", "李明 😀"],
        capture_output=True,
        env=base_env(PYTHONIOENCODING="ascii"),
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()
    assert "\\u674e\\u660e" in done.stdout.decode()
    assert json.loads(done.stdout)["meta"]["name"] == "李明 😀"


def test_12_ascii_stream_keeps_names_in_html() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", "checklist", "-f", "html", "--name", "李明"],
        capture_output=True,
        env=base_env(PYTHONIOENCODING="ascii"),
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()
    assert "&#26446;&#26126;" in done.stdout.decode()


def test_12_files_are_utf8_whatever_the_stream(tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    done = shell(f"$DMTX checklist --name 李明 -o {shlex.quote(str(target))}", env=base_env(PYTHONIOENCODING="ascii"))
    assert done.returncode == 0, done.stderr
    assert '"name": "李明"' in target.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- 13. odd exits


@pytest.mark.parametrize("args", ["--help", "topics --help", "--no-color topics", "checklist -f html"])
def test_13_reader_that_leaves_early_is_not_an_error(args: str) -> None:
    done = shell(f'$DMTX {args} | true; echo "exit=${{PIPESTATUS[0]}}"')
    assert done.stdout.strip() == "exit=0", (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def dmtx_frames(text: str) -> list[str]:
    """Traceback lines that point into the dmtx package (not Python's own start-up)."""
    # The package's own folder, not any path with a "dmtx" part (CI may clone into a folder of that name).
    package = f'"{ROOT / "dmtx"}{os.sep}'
    return [line for line in text.splitlines() if line.strip().startswith("File ") and package in line]


# Runs dmtx as its console script does, and stops at the Nth module that dmtx's start-up imports
# for the first time (counted from `from dmtx.main import main`: the dmtx package's own imports
# first, then main.py's): it writes a byte to the READY pipe and waits there until the test's
# Ctrl-C arrives. So each case lands Ctrl-C at one known moment of start-up, every run, instead of
# after a guessed delay. (N=0 was the `from __future__ import` in dmtx/__init__.py that once ran
# before the quiet handler.)
EARLY_CTRL_C = """
import os, sys
ready, wanted, go = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
seen = []

def at_import(event, args):
    if event != "import" or ready < 0:
        return
    if args[0] == "dmtx.main" or seen:
        seen.append(args[0])
    # seen[0] is dmtx.main and seen[1] the dmtx package (the events come before either runs a line).
    if len(seen) == wanted + 3:
        stop_here()

def stop_here():
    global ready
    fd, ready = ready, -1
    os.write(fd, b"!")
    os.close(fd)
    os.read(go, 1)  # the test's Ctrl-C interrupts this; EOF if dmtx ignored it

sys.addaudithook(at_import)
sys.argv = ["dmtx", *sys.argv[4:]]
from dmtx.main import main
sys.exit(main())
"""


@pytest.mark.parametrize("nth_import", [0, 1, 2, 4, 8, 16, 32, 64, 100])
def test_13_early_ctrl_c_is_quiet(nth_import: int) -> None:
    """Ctrl-C at a moment of dmtx's start-up: exit 130, nothing on stderr.

    The moments are the first imports of modules (the Nth once dmtx's own code starts): what
    start-up spends its time on. A signal that lands while Python itself is still starting (site,
    or the `import re` of pip's console-script wrapper), before any dmtx code runs, is Python's to
    handle and is not tested here.
    """
    import select

    ready_read, ready_write = os.pipe()
    go_read, go_write = os.pipe()
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            EARLY_CTRL_C,
            str(ready_write),
            str(nth_import),
            str(go_read),
            "checklist",
            "-f",
            "html",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=base_env(DMTX_NO_CACHE="1"),
        cwd=ROOT,
        pass_fds=(ready_write, go_read),
    )
    os.close(ready_write)
    os.close(go_read)
    try:
        # The limit only keeps a broken dmtx from hanging the suite; the byte decides when to press Ctrl-C.
        readable, _, _ = select.select([ready_read], [], [], 120)
        reached = os.read(ready_read, 1) if readable else b""
        if reached:
            child.send_signal(signal.SIGINT)
    finally:
        os.close(ready_read)
        os.close(go_write)
    _, err = child.communicate(timeout=60)
    text = err.decode("utf-8", "replace")
    assert reached == b"!", f"start-up imported fewer than {nth_import + 1} modules: {text}"
    assert not dmtx_frames(text), text
    assert (child.returncode, text) == (130, ""), (child.returncode, text)

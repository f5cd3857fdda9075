"""Shared fixtures: a stable environment and a runner that drives the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from dmtx.model import Knowledge

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "guidelines.yaml"
# Tests never read or fill the user's own cache (~/.cache/dmtx).
os.environ["DMTX_CACHE_DIR"] = tempfile.mkdtemp(prefix="dmtx-test-cache-")
# Tests on a pty read the whole output and would wait forever in less; test_pager.py sets its own PAGER.
os.environ["PAGER"] = "cat"
# The day every test judges review dates by (dmtx.clock): inside the bundled file's review window,
# so that no screen and no test changes with the calendar. Tests of `validate` pass --today too.
REVIEW_DAY = "2027-06-01"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile dmtx once before the tests start, so that no dmtx subprocess compiles it again.

    With PYTHONDONTWRITEBYTECODE set (as on some machines) every `python -m dmtx` a test starts
    would otherwise recompile the whole package; compileall writes the files regardless, and
    reading them is always allowed. Under xdist the controller does it before any worker starts.
    """
    import compileall

    if not hasattr(session.config, "workerinput"):
        compileall.compile_dir(str(ROOT / "dmtx"), quiet=1)


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Iterator[None]:
    """Keep pytest's rewritten test modules (tests/__pycache__) even when PYTHONDONTWRITEBYTECODE is set.

    pytest reads its cached rewrites whatever that setting, but writes them only when bytecode may
    be written; without them every worker (and every child pytest a test starts) rewrites the asserts
    of every test module again, about 2 s of CPU each. Only during collection: the tests themselves
    import as the setting says.
    """
    before = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    try:
        return (yield)
    finally:
        sys.dont_write_bytecode = before


# Files of long tests that are not marked slow (their own reasons to run under `mutmut`): started first too.
LONG_FILES = ("test_readme_examples.py", "test_properties.py", "test_readability.py", "test_journal_properties.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long tests first (slow ones and LONG_FILES), the rest in their usual order after them.

    Under xdist the last test a worker starts decides when the run ends: a 10 s test started
    last keeps one worker busy while the others have nothing left. Only the order changes.
    """
    items.sort(key=lambda item: not (item.get_closest_marker("slow") or item.path.name in LONG_FILES))


def _build_each_app_once() -> None:
    """Let Typer's CliRunner build the Click command tree of an app once per test process, not on every invoke.

    typer.testing.CliRunner.invoke calls typer.main.get_command(app) each time: about 40 ms of
    signature and annotation reading (half the cost of a typical in-process test). The console
    script builds it once per process as well. dmtx changes some attributes of its commands
    while it runs (dmtx.cli.app.prepare_help: epilogs, plain help), which a fresh build would
    not carry over: every command's and option's attributes are put back as built before each
    invoke, so each invoke still starts from a tree exactly as get_command(app) returns it.
    """
    import copy

    import typer.testing
    from typer.main import get_command

    built: dict[int, tuple[object, object, list[tuple[object, dict[str, Any]]]]] = {}

    def _parts(command: object) -> Iterator[object]:
        yield command
        yield from getattr(command, "params", ())
        for sub in getattr(command, "commands", {}).values():
            yield from _parts(sub)

    def _copied(attributes: dict[str, Any]) -> dict[str, Any]:
        """The attributes, with each list, dict and set in them a copy (the commands and options stay shared)."""
        return {k: copy.copy(v) if isinstance(v, (list, dict, set)) else v for k, v in attributes.items()}

    def get_command_once(app: typer.Typer) -> object:
        if id(app) not in built:
            command = get_command(app)
            built[id(app)] = (app, command, [(part, _copied(vars(part))) for part in _parts(command)])
        _app, command, parts = built[id(app)]
        for part, as_built in parts:
            if vars(part) != as_built:
                vars(part).clear()
                vars(part).update(_copied(as_built))
        return command

    typer.testing._get_command = get_command_once  # type: ignore[assignment]


_build_each_app_once()


def _close_ptys_without_a_fixed_wait() -> None:
    """pexpect's close(): wait for the child to end at most delayafterclose (0.1 s), not always that long.

    ptyprocess closes the terminal, sleeps delayafterclose and only then looks whether the child
    is still there (to end it with a signal). The children of these tests have almost always
    exited by then (the tests read up to EOF first): about 120 closes, 12 s of sleeping per run.
    Here the same close, with the same limit, that stops waiting as soon as the child is gone.
    """
    import time

    from ptyprocess import PtyProcess
    from ptyprocess.ptyprocess import PtyProcessError

    def close(self: PtyProcess, force: bool = True) -> None:
        if not self.closed:
            self.flush()
            self.fileobj.close()  # Closes the file descriptor
            deadline = time.monotonic() + self.delayafterclose
            while self.isalive() and time.monotonic() < deadline:
                time.sleep(0.002)
            if self.isalive() and not self.terminate(force):
                raise PtyProcessError("Could not terminate the child.")
            self.fd = -1
            self.closed = True

    PtyProcess.close = close  # type: ignore[method-assign]


_close_ptys_without_a_fixed_wait()


def safe_load_yaml(text: str) -> Any:
    """yaml.safe_load, with libyaml's parser when PyYAML has it: the same values, ten times faster on the bundled file."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def safe_dump_yaml(document: Any) -> str:
    """yaml.safe_dump(document, allow_unicode=True, sort_keys=False), with libyaml's emitter when PyYAML has it.

    The same text for the bundled file (and the documents the tests make from it) in a tenth of the time.
    """
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False))


def on_ci() -> bool:
    """True when CI is set to a true value (true, 1 or yes, any case), as .ci/run does; CI=false or 0 is not CI.

    The one test of "are we on CI" in the suite: tests that need a tool or a file fail on CI and skip elsewhere.
    """
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


# How many examples each property test tries: "ci" (on_ci(), as .ci/run sets it) digs
# deeper, "dev" keeps a local run short. HYPOTHESIS_PROFILE=ci picks one by name.
_QUIET = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=200, **_QUIET)
settings.register_profile("dev", max_examples=40, **_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if on_ci() else "dev"))


@pytest.fixture(autouse=True)
def stable_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Plain, predictable output: no colour forced, a dumb terminal, the bundled data."""
    for name in ("FORCE_COLOR", "NO_COLOR", "DMTX_DATA", "DMTX_NO_CACHE", "COLUMNS", "LINES", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("DMTX_TODAY", REVIEW_DAY)
    yield


@dataclass
class Result:
    """What a user sees after running a command."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def dmtx() -> Dmtx:
    """Run `dmtx ARGS...` through Typer's CliRunner (in process)."""
    return Dmtx()


class Dmtx:
    """Calls the real Typer app the way the console script does."""

    def __call__(self, *args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        from dmtx.cli import app

        runner = CliRunner()
        result = runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def on_terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """Run `dmtx ARGS` in this process with stdout on a pseudo-terminal: what a person sees on a screen."""
    return Terminal(monkeypatch)


class Terminal:
    """Calls the console entry point (main) with stdout on a pty of a given size, TERM=xterm-256color.

    In process, so coverage-based tools (mutmut) see what it runs; subprocess tests cover the same ground.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def __call__(self, *args: str, cols: int = 80, rows: int = 50) -> Result:
        import fcntl
        import io
        import struct
        import termios
        import threading

        from dmtx.main import main

        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        chunks: list[bytes] = []

        def drain() -> None:
            while True:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO once the terminal side is closed
                    return
                if not data:
                    return
                chunks.append(data)

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        screen = open(slave, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 (closed below)
        errors = io.StringIO()
        with self.monkeypatch.context() as patch:
            patch.setenv("TERM", "xterm-256color")
            patch.setattr(sys, "argv", ["dmtx", *args])
            patch.setattr(sys, "stdout", screen)
            patch.setattr(sys, "stderr", errors)
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            finally:
                screen.close()
                os.close(slave)
        reader.join(timeout=30)
        os.close(master)
        output = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
        return Result(code, output, errors.getvalue())


def run_process(*args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 30) -> Result:
    """Run `python -m dmtx ARGS...` as a real process, for exit codes and pipes."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "DMTX_DATA", "COLUMNS")}
    full_env["TERM"] = "dumb"
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        timeout=timeout,
        cwd=ROOT,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def dmtx_on_a_pty(
    args: list[str],
    env: dict[str, str],
    *,
    size: tuple[int, int] | None = None,
    until: bytes | None = None,
    then: bytes = b"",
) -> str:
    """What `python -m dmtx ARGS` writes to a real terminal (a new pty as stdin, stdout and stderr).

    `env` is the child's whole environment; `size` (rows, columns) sets the terminal's size.
    It reads until the child closes the terminal or, with `until`, until that text appears,
    then types `then` (a key for a pager); it waits for the child to end in both cases.
    """
    import fcntl
    import pty
    import select
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        if size is not None:
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
        os.execvpe(sys.executable, [sys.executable, "-m", "dmtx", *args], env)
    seen = b""
    try:
        while until is None or until not in seen:
            ready, _, _ = select.select([fd], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO once the child has closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        if until is not None:
            os.write(fd, then)
    finally:
        os.waitpid(pid, 0)
        os.close(fd)
    return seen.decode("utf-8", "replace")


def assert_clean_error(result: Result, code: int, *phrases: str) -> None:
    """The documented exit code, a short stderr naming the problem, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("dmtx: "), result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr
    for phrase in phrases:
        assert phrase.lower() in result.stderr.lower(), (phrase, result.stderr)


def all_prose(knowledge: Knowledge) -> list[str]:
    """Every text a reader sees as prose: summaries, facts, notes, definitions, questions (both wordings), quiz."""
    texts = [knowledge.meta.about, knowledge.meta.page_aims]
    for point in knowledge.topics:
        texts += [point.summary, *(f.text for f in point.facts), *(n.text for n in point.notes)]
        texts += [t for q in point.questions for t in (q.text, q.parent_text) if t]
    for drug in knowledge.drugs:
        texts += [drug.source_says, *(n.text for n in drug.notes), *(o.note for o in drug.other_names if o.note)]
        texts += [t for q in drug.questions for t in (q.text, q.parent_text) if t]
    for term in knowledge.terms:
        texts += [term.definition, *([term.note] if term.note else [])]
    for entry in knowledge.beyond:
        texts += [entry.summary, *(t for q in entry.questions for t in (q.text, q.parent_text) if t)]
    for item in knowledge.quiz:
        texts += [item.question, item.explanation]
    texts += [q.text for rule in knowledge.journal_rules for q in rule.questions]
    return [t for t in texts if t]


# --------------------------------------------------------------------------- another, unprivileged user

NOBODY = 65534
# /root (where the test Python lives) is closed to other users: the system Python 3.11 runs
# this checkout with the test environment's libraries (same ABI) when dmtx runs as nobody.
_SYSTEM_PYTHON = "/usr/bin/python3"


def _site_packages() -> str:
    import sysconfig

    return sysconfig.get_paths()["purelib"]


def _nobody_env(extra: dict[str, str]) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb", "PAGER": "cat", "HOME": "/nonexistent"}
    env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{_site_packages()}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["DMTX"] = f"{_SYSTEM_PYTHON} -m dmtx"
    env.update(extra)
    return env


_nobody_ready: list[bool] = []


def nobody_can_run() -> bool:
    """True when this run is root and can run dmtx as nobody (setpriv, a system Python 3.11 with access)."""
    if _nobody_ready:
        return _nobody_ready[0]
    ok = False
    if hasattr(os, "geteuid") and os.geteuid() == 0 and os.path.exists(_SYSTEM_PYTHON):
        try:
            done = as_nobody("$DMTX --version", env={"DMTX_NO_CACHE": "1"}, cwd=Path("/"))
            ok = done.returncode == 0
        except (OSError, subprocess.SubprocessError):
            ok = False
    _nobody_ready.append(ok)
    return ok


def as_nobody(
    script: str, *, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run a bash script as the unprivileged user nobody, `$DMTX` running this checkout's dmtx."""
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "bash", "-c", script],
        capture_output=True,
        text=True,
        env=_nobody_env(env or {}),
        cwd=cwd or Path("/"),
        timeout=timeout,
    )


@pytest.fixture
def nobody_dir() -> Iterator[Path]:
    """An empty folder (0700) owned by nobody, outside root's private test folders."""
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="dmtx-nobody-"))
    os.chown(folder, NOBODY, NOBODY)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


needs_nobody = pytest.mark.skipif(
    "not __import__('conftest').nobody_can_run()", reason="needs root, setpriv and /usr/bin/python3"
)

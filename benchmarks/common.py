"""What both benchmark scripts share: running one child process and measuring it."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def quiet_env(cache_home: Path) -> dict[str, str]:
    """A small, fixed environment: no colour, plain UTF-8 locale, 80 columns, the given cache folder."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "USER", "LOGNAME", "TMPDIR") if key in os.environ}
    env.update(
        {
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": "dumb",
            "NO_COLOR": "1",
            "COLUMNS": "80",
            "XDG_CACHE_HOME": str(cache_home),
        }
    )
    return env


@dataclass(frozen=True)
class RunResult:
    """One finished child process: wall time, its rusage peak memory, exit code, output."""

    ms: float
    maxrss_kib: int
    exit_code: int
    stdout_bytes: int
    stderr_tail: str
    stdout_tail: str = ""


def run_once(argv: list[str], env: dict[str, str], out_path: Path, err_path: Path) -> RunResult:
    """Run argv with stdout and stderr sent to files; time it and read the child's own rusage.

    The tail of stdout is kept only for a failed run, to explain it.
    """
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped by wait4; tell Popen so it does not wait again
    tail = err_path.read_bytes()[-600:].decode("utf-8", "replace")
    size = out_path.stat().st_size
    out_tail = ""
    if code != 0:
        with out_path.open("rb") as out:
            out.seek(max(0, size - 600))
            out_tail = out.read().decode("utf-8", "replace")
    return RunResult(elapsed * 1000.0, int(usage.ru_maxrss), code, size, tail, out_tail)

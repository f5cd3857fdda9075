"""Installs as a user would: a wheel and an editable install, each in a fresh venv, find the data."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def _venv(where: Path) -> Path:
    """A new venv that sees the test run's own dependencies (typer, rich, ...) but not its dmtx.

    Resolving and installing the dependencies again would make this the slowest file of the
    suite while testing pip, not dmtx; CI and README's first command install them for real.
    A path line in a .pth file adds the folder without running the .pth files inside it, so
    the test run's editable dmtx stays invisible: only the dmtx installed here is found.
    """
    import sysconfig

    venv.EnvBuilder(with_pip=False, clear=True).create(where)
    purelib = Path(
        subprocess.run(
            [str(where / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (purelib / "test-run-dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    return where / "bin"


# The build backend (hatchling, editables) is in the test extras: no isolated build env to make each time.
PIP_OPTIONS = ("--disable-pip-version-check", "--no-deps", "--no-build-isolation")


def _pip(bin_dir: Path, *args: str) -> None:
    """pip (the test run's own) installing into the venv of bin_dir, dmtx only."""
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--quiet", *PIP_OPTIONS, *args],
        check=True,
        timeout=600,
    )


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "TERM": "dumb", "HOME": str(cwd)}
    return subprocess.run([str(bin_dir / "dmtx"), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def _shared(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder all xdist workers of this run share (the parent of each worker's base temp)."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name
    shared.mkdir(exist_ok=True)
    return shared


@contextlib.contextmanager
def _made_once(folder: Path) -> Iterator[bool]:
    """Hold folder's lock; True when what it holds still has to be made (by this worker)."""
    import fcntl

    with open(folder / ".lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield not (folder / ".done").exists()
        (folder / ".done").touch()


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built once for the whole run (every worker uses the same one)."""
    shared = _shared(tmp_path_factory, "packaging-wheel")
    with _made_once(shared) as to_make:
        if to_make:
            _build_wheel(shared / "dist", shared / "src" / "dmtx")
    wheels = list((shared / "dist").glob("dmtx-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def _build_wheel(out: Path, source: Path) -> None:
    # Build from a copy so the checkout's data/ cannot leak in through the working directory.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "dist", "*.egg-info"))
    subprocess.run(
        # hatchling is in the test extras: no isolated build environment to make every run.
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )


def test_wheel_carries_the_data_file(built_wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(built_wheel).namelist()
    assert "dmtx/data/guidelines.yaml" in names


def test_wheel_carries_the_mit_licence(built_wheel: Path) -> None:
    import zipfile

    wheel = zipfile.ZipFile(built_wheel)
    names = wheel.namelist()
    licence = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
    text = wheel.read(licence).decode("utf-8")
    assert text.startswith("MIT License") and "dmtx contributors" in text
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode("utf-8")
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory, built_wheel: Path) -> Path:
    """A new venv holding the built wheel (its dependencies seen from the test run, see _venv), made once."""
    shared = _shared(tmp_path_factory, "packaging-venv")
    with _made_once(shared) as to_make:
        if to_make:
            _pip(_venv(shared / "venv"), str(built_wheel))
    return shared / "venv" / "bin"


def test_wheel_in_fresh_venv_runs_topics(fresh_venv: Path, tmp_path: Path) -> None:
    bin_dir = fresh_venv
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = _run(bin_dir, "topics", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "1. Prednisone, the usual drug of choice" in result.stdout
    assert "A teaching aid, not medical advice." in result.stdout
    data_file = subprocess.run(
        [str(bin_dir / "python"), "-c", "from dmtx.knowledge import bundled_data_path as p; print(p())"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        check=True,
    ).stdout.strip()
    assert "site-packages" in data_file and data_file.endswith(os.path.join("dmtx", "data", "guidelines.yaml"))


def test_editable_install_reads_the_checkout_data(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "dist", "*.egg-info"))
    bin_dir = _venv(tmp_path / "venv")  # its own venv: the shared one keeps the wheel for other tests
    _pip(bin_dir, "-e", str(checkout))
    data = checkout / "data" / "guidelines.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("IVIG: antibodies given by drip into a vein", "Edited live"),
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = _run(bin_dir, "topics", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "6. Edited live" in result.stdout


def test_python_m_from_a_checkout_without_install(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "TERM": "dumb", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", "topic", "6"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Point 6: IVIG")

"""Installs as a user would: a wheel and an editable install, each in a fresh venv, find the data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def _venv(where: Path) -> Path:
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    return where / "bin"


def _pip(bin_dir: Path, *args: str) -> None:
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args],
        check=True,
        timeout=600,
    )


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "TERM": "dumb", "HOME": str(cwd)}
    return subprocess.run([str(bin_dir / "dmtx"), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("src") / "dmtx"
    # Build from a copy so the checkout's data/ cannot leak in through the working directory.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "dist", "*.egg-info"))
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheels = list(out.glob("dmtx-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


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


def test_wheel_in_fresh_venv_runs_topics(built_wheel: Path, tmp_path: Path) -> None:
    bin_dir = _venv(tmp_path / "venv")
    _pip(bin_dir, str(built_wheel))
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
    bin_dir = _venv(tmp_path / "venv")
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

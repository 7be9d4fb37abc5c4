"""The wheel carries the presets, data sets, translations and locale, and its CLI works from
another directory (built offline from a copy of the source, installed into a throwaway venv)."""

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "screenshots", "*.gif", "*.ts")
    for name in ("nnlab", "ui", "assets"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(out), str(src)], check=True, capture_output=True, timeout=120)
    (whl,) = out.glob("nnlab-*.whl")
    return whl


def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    presets = {p.name for p in (ROOT / "assets" / "presets").glob("*.nnlab")}
    assert presets and {f"nnlab/assets/presets/{p}" for p in presets} <= names  # every preset, by glob
    for needed in ("nnlab/assets/datasets/digits.npz", "nnlab/assets/translations/nnlab_ko.qm",
                   "nnlab/assets/models/transformer-sort.npz",
                   "nnlab/locale/ko.json", "nnlab/cli.py", "ui/app.py", "nnlab/labs/graph.py"):
        assert needed in names, needed
    assert not any("screenshots" in n or n.startswith(("tests/", "assets/")) for n in names)


def test_installed_cli_works_from_another_directory(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")  # numpy, PySide6, … (offline)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, capture_output=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"QT_QPA_PLATFORM": "offscreen"}
    work = tmp_path / "elsewhere"
    work.mkdir()

    def run(*args):
        return subprocess.run([str(venv / "bin" / "nnlab"), *args], cwd=work, env=env, capture_output=True,
                              text=True, timeout=120)

    where = subprocess.run([str(py), "-c", "import nnlab, nnlab.resources as r; print(nnlab.__file__, r.ASSETS)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert str(site) in where and str(ROOT) not in where
    listing = run("presets")
    assert listing.returncode == 0 and "seed-forward" in listing.stdout and "micrograd-more-ops" in listing.stdout
    steps = run("steps", "seed-forward")
    assert steps.returncode == 0 and "0.7408" in steps.stdout
    korean = run("--lang", "ko", "steps", "seed-forward")
    assert korean.returncode == 0 and "가중합" in korean.stdout
    render = run("render", "seed-forward", "--out", "x.png")
    assert render.returncode == 0, render.stderr
    assert (work / "x.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

"""The worst lab files opened in the window: each is refused with a dialog naming the problem, and
the open lab is kept; settings that used to crash open as labs."""

import json
import os

import pytest
from PySide6.QtWidgets import QMessageBox

from nnlab.presets import load_preset


def lab_text(lab: str, config: dict) -> str:
    return json.dumps({"format": "nnlab", "version": 1, "lab": lab, "config": config})


def worst_files(folder) -> list[tuple[str, str]]:
    """(path, words the refusal must hold)."""
    xor = load_preset("xor-mlp").config.to_dict()
    cases = {
        "huge.nnlab": (lab_text("training", {**xor, "lr": 1}).replace('"lr": 1', '"lr": 1' + "0" * 400),
                       "config.lr: must be a number above 0 and at most 1000000"),
        "deep.nnlab": ("[" * 100_000 + "]" * 100_000, "nested more than 32 levels deep"),
        "digits.nnlab": (lab_text("network", {"seed": 1}).replace('"seed": 1', '"seed": 1' + "0" * 5000),
                         "not valid JSON"),
        "nan.nnlab": (lab_text("network", {"learning_rate": float("nan")}),
                      "config.learning_rate: must be a number above 0"),
        "epochs.nnlab": (lab_text("training", {**xor, "epochs": 10**9}),
                         "config.epochs: must be a whole number from 1 to 100000"),
        "work.nnlab": (lab_text("training", {**xor, "dataset": "moons", "n_samples": 5000, "hidden": [1024] * 6}),
                       "config.hidden: one epoch of a 2-1024-1024-1024-1024-1024-1024-1 network"),
        "rows.nnlab": (lab_text("training", {**xor, "dataset": "csv", "csv_path": str(folder / "rows.csv")}),
                       "more than 5000 data rows"),
        "binary.nnlab": (b"\xff\xfe\x00 not text", "not a text file"),
    }
    (folder / "rows.csv").write_text("1,2,0\n2,1,1\n" * 50_000)
    out = []
    for name, (content, words) in cases.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        out.append((str(path), words))
    os.mkfifo(folder / "pipe.nnlab")
    (folder / "dir.nnlab").mkdir()
    return out + [(str(folder / "pipe.nnlab"), "not a regular file"), ("/dev/zero", "not a regular file"),
                  (str(folder / "dir.nnlab"), "not a regular file")]


def test_the_worst_lab_files_are_refused_with_a_dialog(open_window, tmp_path):
    window = open_window("seed-forward")
    before = (window.state.file, window.state.timeline)
    for path, words in worst_files(tmp_path):
        assert not window.open_source(path), path
        dialogs = [d for d in window.findChildren(QMessageBox, "errorDialog") if d.isVisible()]
        assert len(dialogs) == 1 and words in dialogs[0].text(), (path, [d.text() for d in dialogs])
        dialogs[0].close()
        assert (window.state.file, window.state.timeline) == before


@pytest.mark.parametrize("change", [{"optimizer": "momentum", "momentum": 0}, {"optimizer": "adagrad"},
                                    {"output": "softmax", "binary_output": False, "loss": "mse"}])
def test_settings_that_crashed_open_as_labs(open_window, tmp_path, change):
    path = tmp_path / "ok.nnlab"
    path.write_text(lab_text("training", {**load_preset("xor-mlp").config.to_dict(), **change, "epochs": 5}))
    window = open_window("seed-forward")
    assert window.open_source(str(path)) and window.lab == "training" and len(window.state.timeline) > 10

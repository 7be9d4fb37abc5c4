"""The nnlab command: listing, printing steps, and bad input (exit 2, one line, no traceback)."""

import json
import subprocess
import sys

import pytest

from nnlab.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_presets_lists_one_a_line_name_first(capsys):
    code, out, _ = run(capsys, "presets")
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0
    assert ["seed-forward", "network"] == rows[[r[0] for r in rows].index("seed-forward")][:2]


def test_steps_json_has_the_worked_numbers(capsys):
    code, out, _ = run(capsys, "--lang", "en", "steps", "seed-forward", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["lab"] == "network"
    formulas = [s["formula"] for s in data["steps"]]
    assert formulas[0] == "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.9 + 0.5 × 0.3 = 1.05"
    assert formulas[1] == "y₁ = σ(z₁) = σ(1.05) = 0.7408"
    assert [s["index"] for s in data["steps"]] == list(range(1, len(formulas) + 1))  # as "Step k / n" and --step K
    assert set(data["steps"][0]) == {"index", "phase", "title", "formula", "focus", "values"}


def test_steps_text_and_markdown(capsys):
    code, out, _ = run(capsys, "steps", "seed-forward")
    assert code == 0 and "y₂ = σ(z₂) = σ(0.6) = 0.6457" in out
    code, out, _ = run(capsys, "steps", "seed-forward", "--format", "md")
    assert code == 0 and out.startswith("# ") and "```\ny₁ = σ(z₁) = σ(1.05) = 0.7408\n```" in out


@pytest.mark.parametrize("argv, words", [
    (["steps", "no-such-preset"], "neither a preset"),
    (["steps", "missing.nnlab"], "no such file"),
    (["steps", "seed-forward", "--format", "pdf"], "invalid choice"),
    (["frobnicate"], "invalid choice"),
    (["train", "seed-forward"], "needs a training, recurrent, generative, cnn, series or text (train mode) lab"),
    (["render", "seed-forward", "--out", "x.bmp"], ".png"),
    # the lab's bounds apply to the flag; --export is checked before any training
    (["train", "xor-mlp", "--epochs", "1000000000"], "--epochs: must be a whole number from 1 to 100000"),
    (["train", "xor-mlp", "--epochs", "0"], "--epochs: must be a whole number from 1 to 100000"),
    (["train", "digits-mlp", "--epochs", "99999"], "--epochs: at most 26300 epochs of a 64-32-10 network"),
    (["train", "lstm-basic", "--epochs", "1000000000"], "--epochs: must be a whole number from 1 to 100000"),
    (["train", "xor-mlp", "--export", "w.txt"], "w.txt: choose .npz, .json or .onnx"),
    (["train", "xor-mlp", "--export", "/no/such/folder/w.npz"], "/no/such/folder: no such folder"),
    (["steps", "/dev/zero"], "zero: not a regular file"),
])
def test_bad_input_exits_2_with_one_line(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("nnlab: error:") and words in err


def test_a_corrupt_file_names_the_problem(capsys, tmp_path):
    bad = tmp_path / "bad.nnlab"
    bad.write_text('{"format": "nnlab", "version": 1, "lab": "network", "config": {"sizes": "two"}}')
    code, _, err = run(capsys, "steps", str(bad))
    assert code == 2 and "config.sizes" in err and "Traceback" not in err


def test_version_and_module_entry_point():
    out = subprocess.run([sys.executable, "-m", "nnlab", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("nnlab 0.")


def test_steps_does_not_load_qt():
    code = ("import sys; from nnlab.cli import main; main(['steps', 'seed-forward']); "
            "print(any(m.startswith(('PySide6', 'pyqtgraph', 'ui')) for m in sys.modules), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip().endswith("False")


def test_train_a_recurrent_lab_and_export_its_weights(capsys, tmp_path):
    import numpy as np

    from nnlab.io import load_weights
    from nnlab.labs import recurrent
    from nnlab.presets import load_preset

    out = tmp_path / "lstm.npz"
    code, stdout, err = run(capsys, "train", "lstm-basic", "--epochs", "20", "--export", str(out))
    result = json.loads(stdout)
    assert code == 0 and result["iterations"] == 20 and result["loss"] > 0
    weights = load_weights(out)
    assert weights.meta["cell"] == "lstm" and weights.params["weight_ih"].shape == (8, 1)
    lines = err.splitlines()  # stderr is not a terminal here: plain lines at each tenth, no redrawing
    assert "\r" not in err and lines[:2] == [line for line in lines if "loss" in line] and "(100%)" in lines[1]
    trained = recurrent.train(load_preset("lstm-basic").config, iterations=20)
    cell, _ = recurrent.model(trained.config)
    assert np.allclose(weights.params["weight_hh"], cell.params["weight_hh"])


def test_help_and_usage_errors_follow_the_language(capsys):
    from nnlab import i18n

    try:
        with pytest.raises(SystemExit):
            main(["--lang", "ko", "--help"])
        out = capsys.readouterr().out
        assert out.startswith("사용법: nnlab") and "옵션:" in out and "이 도움말을 보이고 끝냅니다" in out
        code, _, err = run(capsys, "--lang", "ko", "steps", "seed-forward", "--format", "pdf")
        assert code == 2 and "잘못된 선택: 'pdf'" in err
    finally:
        i18n.set_language("en")
    code, _, err = run(capsys, "steps", "seed-forward", "--format", "pdf")
    assert code == 2 and "invalid choice: 'pdf'" in err


def test_onnx_export_without_onnx_is_refused_before_training(capsys, tmp_path, monkeypatch):
    from nnlab.labs import training

    monkeypatch.setitem(sys.modules, "onnx", None)  # as if the [onnx] extra were not installed
    monkeypatch.setattr(training, "run", lambda *a, **k: pytest.fail("trained before refusing"))
    code, _, err = run(capsys, "train", "xor-mlp", "--export", str(tmp_path / "w.onnx"))
    assert code == 2 and "pip install 'nnlab[onnx]'" in err and not (tmp_path / "w.onnx").exists()
    code, _, err = run(capsys, "train", "xor-mlp", "--export", str(tmp_path / "w.txt"))
    assert code == 2 and "choose .npz, .json or .onnx" in err


def test_train_exports_float64_onnx(capsys, tmp_path):
    onnx = pytest.importorskip("onnx")
    code, _, _ = run(capsys, "train", "digits-mlp", "--epochs", "1", "--export", str(tmp_path / "w.onnx"), "--float64")
    model = onnx.load(str(tmp_path / "w.onnx"))
    assert code == 0 and model.graph.input[0].type.tensor_type.elem_type == onnx.TensorProto.DOUBLE
    assert [n.op_type for n in model.graph.node][:2] == ["Sub", "Div"]  # the normalisation, inside the model


def test_lang_is_accepted_after_the_command_too(capsys):
    from nnlab import i18n

    try:
        code, out, _ = run(capsys, "presets", "--lang", "ko")
        assert code == 0 and "사과 쇼핑" in out
        code, out, _ = run(capsys, "steps", "seed-forward", "--lang", "ko")
        assert code == 0 and "출력 노드 y₁ — 가중합" in out
    finally:
        i18n.set_language("en")


def test_progress_redraws_in_place_only_on_a_terminal():
    import io

    from nnlab.cli import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    log, tty = io.StringIO(), Terminal()
    for stream in (log, tty):
        progress = Progress(stream)
        for i in range(1, 1001):
            progress.training(i / 1000, {"epoch": i, "loss": 1 / i})
        progress.end()
    assert "\r" not in log.getvalue() and len(log.getvalue().splitlines()) == 10
    assert log.getvalue().splitlines()[-1] == "1000: loss 0.001 (100%)"
    assert tty.getvalue().count("\r") == 1000 and tty.getvalue().endswith("(100%)\n")


def test_train_the_text_and_series_labs_and_export_their_weights(capsys, tmp_path):
    import numpy as np

    from nnlab.io import load_weights
    from nnlab.labs import text
    from nnlab.presets import load_preset

    out = tmp_path / "embedding.npz"
    code, stdout, _ = run(capsys, "train", "embedding-train", "--epochs", "5", "--export", str(out))
    data, _labels, model, snapshots = text.train(text.Config.from_dict(
        {**load_preset("embedding-train").config.to_dict(), "epochs": 5}))
    assert code == 0 and json.loads(stdout) == {"epoch": 5, "loss": snapshots[-1][1], "acc": snapshots[-1][2]}
    weights = load_weights(out)
    assert weights.meta["vocab"] == list(data.vocab)
    np.testing.assert_array_equal(weights.params["E"], model.E)
    np.testing.assert_array_equal(weights.params["b"], [model.b])

    out = tmp_path / "lstm.npz"
    code, stdout, _ = run(capsys, "train", "lstm-vs-arima", "--epochs", "5", "--export", str(out))
    assert code == 0 and json.loads(stdout)["iterations"] == 5
    assert load_weights(out).meta["hidden_size"] == load_preset("lstm-vs-arima").config.hidden

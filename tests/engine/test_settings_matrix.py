"""Every combination of the labs' choice fields (pairwise for the training lab) and each of the
training lab's numbers at its bounds and at 0: a timeline whose numbers are finite, or a refusal
naming a field of the lab. Never another exception."""

import dataclasses
import itertools
import re

import numpy as np
import pytest

from nnlab import optim
from nnlab.functions import ACTIVATIONS
from nnlab.labs import lab_module
from nnlab.labs import training as T
from nnlab.presets import load_preset
from nnlab.surfaces import SURFACES

FINITE = ("params:", "new:", "grad:", "loss:batch")


def pairwise(options: dict[str, tuple]) -> list[dict]:
    """Rows that together hold every pair of values of every two fields (greedy: each row starts
    from a pair not yet held and fills the other fields with the values holding most new pairs)."""
    names = list(options)
    todo = {(a, x, b, y) for i, a in enumerate(names) for b in names[i + 1:] for x in options[a] for y in options[b]}
    rows = []
    while todo:
        a, x, b, y = min(todo, key=repr)
        row = {a: x, b: y}
        for n in names:
            if n not in row:
                row[n] = max(options[n], key=lambda v: sum(
                    ((m, row[m], n, v) if names.index(m) < names.index(n) else (n, v, m, row[m])) in todo for m in row))
        todo -= {(m, row[m], n, row[n]) for i, m in enumerate(names) for n in names[i + 1:]}
        rows.append(row)
    return rows


def field_names(lab: str) -> set[str]:
    return {f.name for f in dataclasses.fields(lab_module(lab).Config)}


def check(lab: str, d: dict) -> str:
    """'refused' (a ValueError naming a field) or 'built' (every number shown finite)."""
    module = lab_module(lab)
    try:
        config = module.Config.from_dict(d)
    except ValueError as exc:
        assert re.split(r"[.\[:]", str(exc))[0] in field_names(lab), str(exc)
        return "refused"
    timeline = module.build_timeline(config)
    assert len(timeline) > 0
    for k in sorted({0, len(timeline) // 2, len(timeline) - 1} if lab == "optimizer" else range(len(timeline))):
        step = timeline[k]
        text = re.sub(r"diverged in epoch \d+: the loss became (NaN|−?∞)", "", f"{step.title} {step.formula}")
        assert not re.search(r"\b(nan|inf)\b", text, re.I), (k, step.title, step.formula)
        for key, value in step.values.items():
            a = np.asarray(value)
            if a.dtype.kind == "f":  # NaN marks a number not revealed (yet); a parameter is always finite
                masked = lab == "attention" and key.startswith("s:")  # a causal mask's −∞, shown as such
                assert masked or not np.any(np.isinf(a)), (k, key)
                assert not (key.startswith(FINITE) and np.any(np.isnan(a))), (k, key)
    return "built"


@pytest.fixture(scope="module")
def data_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(12, 2))
    (folder / "d.csv").write_text("a,b,class\n" + "".join(f"{p},{q},{int(p > 0)}\n" for p, q in x))
    images = np.zeros((12, 4, 4), np.uint8)
    images[6:, :2] = 200
    head = lambda a: bytes([0, 0, 8, a.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in a.shape)  # noqa: E731
    (folder / "img.idx").write_bytes(head(images) + images.tobytes())
    labels = np.repeat(np.arange(2, dtype=np.uint8), 6)
    (folder / "lab.idx").write_bytes(head(labels) + labels.tobytes())
    return folder


TRAINING_CHOICES = {
    "dataset": T.DATASETS, "output": T.OUTPUTS, "loss": T.LOSS_NAMES, "activation": T.HIDDEN_ACTIVATIONS,
    "optimizer": optim.OPTIMIZERS, "batch": T.BATCH_MODES, "batchnorm": (False, True), "dropout": (0.0, 0.5),
    "binary_output": (True, False), "init": T.INITS, "normalise": ("none", "minmax", "zscore"),
}


def training_base(data_files) -> dict:
    return {"epochs": 2, "n_samples": 12, "hidden": [3], "batch_size": 4, "mnist_limit": 10, "test_fraction": 0.25,
            "points": [[0, 0, 0], [1, 1, 1], [0, 1, 0], [1, 0, 1]], "csv_path": str(data_files / "d.csv"),
            "mnist_images": str(data_files / "img.idx"), "mnist_labels": str(data_files / "lab.idx")}


def test_every_pair_of_training_choices(data_files):
    rows = pairwise(TRAINING_CHOICES)
    assert len(rows) < 150
    outcomes = [check("training", {**training_base(data_files), **row}) for row in rows]
    assert outcomes.count("built") > len(rows) // 3  # most pairs are valid settings, built


@pytest.mark.parametrize("name", list(T.NUMBERS))
def test_each_training_number_at_its_bounds_and_at_0(name, data_files):
    lo, hi, _integer, _open = T.NUMBERS[name]
    base = {**load_preset("xor-mlp").config.to_dict(), "epochs": 20}
    if name in ("label_column", "mnist_limit"):
        base.update(training_base(data_files), dataset="csv" if name == "label_column" else "mnist",
                    binary_output=name == "label_column")  # MNIST labels name 10 classes
    if name in ("momentum", "alpha", "beta1", "beta2", "eps"):
        base["optimizer"] = {"momentum": "momentum", "alpha": "rmsprop"}.get(name, "adam")
    for value in sorted({lo, hi, 0}):
        outcome = check("training", {**base, name: value})
        # refused only where the data decides: lr must be above 0, the CSV has 3 columns, column 1 holds 12 values
        assert outcome == "built" or not lo <= value <= hi or (name, value) == ("lr", 0) or name == "label_column"


def test_every_choice_of_the_small_labs():
    cases = []
    net = load_preset("three-layer").config.to_dict()
    for row in pairwise({"hidden": tuple(ACTIVATIONS), "out": (*ACTIVATIONS, "softmax"), "loss": ("mse", "cross_entropy"),
                         "backward": ("gradient", "proportional"), "bias": (False, True), "init": ("std", "xavier", "he")}):
        hidden, out = row.pop("hidden"), row.pop("out")
        cases.append(("network", {**net, **row, "activations": [hidden, hidden, out], "weights": None}))
    gates = load_preset("logic-gates").config.to_dict()
    for lesson, gate, learning, moderate in itertools.product(
            ("gates", "xor-two-layer", "linear-slope"), ("AND", "OR", "NAND", "NOR", "XOR", "XNOR"), (False, True),
            (False, True)):
        cases.append(("perceptron", {**gates, "lesson": lesson, "gate": gate, "learning": learning,
                                     "moderate": moderate}))
    for view in ("functions", "softmax", "losses", "derivative"):
        cases.append(("activations", {"view": view}))
    for surface, detail in itertools.product((*SURFACES, "custom"), optim.OPTIMIZERS):
        cases.append(("optimizer", {"surface": surface, "detail": detail, "iterations": 30}))
    for cell, task, text in itertools.product(("lstm", "gru", "rnn"), ("none", "sine"), ("", "abca")):
        cases.append(("recurrent", {"cell": cell, "task": task, "text": text, "input_size": 3 if text else 1}))
    for mode, backward in itertools.product(("max", "average"), (False, True)):
        cases.append(("pooling", {**load_preset("pool-max").config.to_dict(), "mode": mode, "backward": backward}))
    for backward in (False, True):
        cases.append(("conv", {**load_preset("conv-basic").config.to_dict(), "backward": backward}))
    graph = load_preset("apple-shopping").config.to_dict()
    for check_name in ("none", "sigmoid"):
        cases.append(("graph", {**graph, "check": check_name}))
    for row in pairwise({**{p: (False, True) for p in ("positional", "causal", "projection", "block", "unembed",
                                                      "backward")},
                         "detail": ("entries", "rows"), "layers": (1, 2), "heads": (1, 2), "generate": (0, 2)}):
        cases.append(("attention", {**row, "d_model": 4, "d_k": 2 if row["heads"] == 2 else 4}))
    outcomes = [check(lab, d) for lab, d in cases]
    assert outcomes.count("built") > len(cases) // 2


def test_every_pair_of_generative_choices():
    from nnlab.labs import generative as G

    gan = {"model": "gan", "iterations": 6, "n_samples": 16, "batch": 8, "points": [[0, 0], [1, 1], [0.5, -1]]}
    rows = pairwise({"dataset": G.DATASETS, "g_loss": ("non_saturating", "standard"), "train": G.TRAIN_MODES,
                     "activation": G.ACTIVATIONS})
    cases = [{**gan, **row} for row in rows]
    cases += [{"model": "vae", "epochs": 1, "recon": recon, "activation": act, "beta": beta}
              for recon in ("bce", "mse") for act in G.ACTIVATIONS for beta in (0.0, 10.0)]
    assert [check("generative", d) for d in cases] == ["built"] * len(cases)

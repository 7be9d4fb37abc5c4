"""Training lab engine: presets learn (measured), one training step against PyTorch for every
optimizer, the one-iteration timeline against MLP.gradient, divergence, stop conditions."""

import math
import time

import numpy as np
import pytest

from nnlab.formulas import num
from nnlab.io import export_weights, load_weights
from nnlab.labs import training as T
from nnlab.network import MLP
from nnlab.presets import load_preset


def preset(name, **changes):
    config = load_preset(name).config
    return T.Config.from_dict({**config.to_dict(), **changes}) if changes else config


@pytest.mark.parametrize("name", ["xor-mlp", "or-logistic", "seed-dataset", "digits-mlp"])
def test_presets_round_trip(name):
    config = preset(name)
    assert T.Config.from_dict(config.to_dict()) == config


def test_xor_mlp_reaches_full_accuracy():
    result = T.run(preset("xor-mlp"))
    assert not result.diverged and len(result.history) == 1000
    assert result.history[-1]["acc"] == 1.0
    assert result.history[-1]["loss"] < 0.01
    y = result.model.forward(np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float))[:, 0]
    assert (y > 0.5).tolist() == [False, True, True, False]


def test_seed_dataset_classifies_its_ten_points_after_20_epochs():
    config = preset("seed-dataset")
    assert (config.hidden, config.batch, config.lr, config.epochs, config.binary_output) == ((2,), "stochastic", 0.5, 20, False)
    result = T.run(config)
    assert len(result.history) == 20
    prep = result.prepared
    assert T.predict(result.model, prep.x_train).tolist() == [0] * 5 + [1] * 5
    assert result.history[-1]["acc"] == 1.0


def test_or_logistic_learns_or():
    result = T.run(preset("or-logistic"))
    assert result.model.sizes == [2, 1]
    assert T.predict(result.model, result.prepared.x_train).tolist() == [0, 1, 1, 1]


def test_digits_mlp_reaches_95_percent_test_accuracy(tmp_path):
    config = preset("digits-mlp")
    start = time.perf_counter()
    result = T.run(config)
    seconds = time.perf_counter() - start
    last = result.history[-1]
    print(f"digits-mlp: {last['epoch']} epochs, {seconds:.2f} s, test accuracy {last['test_acc']:.4f}")
    assert result.model.sizes == [64, 32, 10]
    assert len(result.prepared.test) == 359 and len(result.prepared.train) == 1438
    assert last["test_acc"] >= 0.95
    # exported to ONNX, the model takes raw pixels (normalisation as Sub/Div nodes) and scores the same
    ort = pytest.importorskip("onnxruntime")
    from nnlab.io import export_weights

    raw = result.prepared.data.x[result.prepared.test]
    for dtype in ("float32", "float64"):
        path = tmp_path / f"digits-{dtype}.onnx"
        export_weights(result.model, path, T.export_meta(config, result), onnx_dtype=dtype)
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        (y,) = session.run(["y"], {"x": raw.astype(dtype)})
        assert np.mean(y.argmax(axis=1) == result.prepared.labels_test) == last["test_acc"], dtype


# --- one whole training step against PyTorch --------------------------------------------------

torch = pytest.importorskip("torch")


def torch_step_params(config, prep, model0, steps):
    """``steps`` full-batch updates in PyTorch (float64) from model0's weights; returns the params."""
    torch.set_num_threads(1)
    L = len(prep.sizes) - 1
    linears = [torch.nn.Linear(prep.sizes[l - 1], prep.sizes[l], bias=config.bias).double() for l in range(1, L + 1)]
    norms = {}
    with torch.no_grad():
        for l, lin in enumerate(linears, start=1):
            lin.weight.copy_(torch.from_numpy(model0.params[f"W{l}"].T))
            if config.bias:
                lin.bias.copy_(torch.from_numpy(model0.params[f"b{l}"]))
    if config.batchnorm:
        for l in range(1, L):
            norms[l] = torch.nn.BatchNorm1d(prep.sizes[l]).double()
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[config.activation]
    params = [p for m in (*linears, *norms.values()) for p in m.parameters()]
    hyper = config.hyper()
    cls = {"sgd": torch.optim.SGD, "momentum": torch.optim.SGD, "nesterov": torch.optim.SGD,
           "adagrad": torch.optim.Adagrad, "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam}[config.optimizer]
    if config.optimizer == "nesterov":
        hyper["nesterov"] = True
    opt = cls(params, lr=config.lr, **hyper)
    x = torch.from_numpy(prep.x_train)
    t = torch.from_numpy(prep.t_train)
    for _ in range(steps):
        opt.zero_grad()
        h = x
        for l, lin in enumerate(linears, start=1):
            h = lin(h)
            if l < L:
                if l in norms:
                    h = norms[l](h)
                h = act(h)
        if config.output == "softmax":
            loss = torch.nn.functional.cross_entropy(h, t.argmax(1))
        else:
            y = torch.sigmoid(h) if config.output == "sigmoid" else h
            if config.loss == "mse":
                loss = 0.5 * ((y - t) ** 2).sum(1).mean()
            else:
                loss = torch.nn.functional.binary_cross_entropy(y, t)
        if config.weight_decay:
            loss = loss + 0.5 * config.weight_decay * sum((lin.weight ** 2).sum() for lin in linears)
        loss.backward()
        opt.step()
    out = {}
    for l, lin in enumerate(linears, start=1):
        out[f"W{l}"] = lin.weight.detach().numpy().T
        if config.bias:
            out[f"b{l}"] = lin.bias.detach().numpy()
        if l in norms:
            out[f"gamma{l}"] = norms[l].weight.detach().numpy()
            out[f"beta{l}"] = norms[l].bias.detach().numpy()
    return out


CASES = [  # (optimizer, dataset, hidden, activation, output, loss, extra)
    ("sgd", "moons", (5, 4), "tanh", "sigmoid", "mse", {}),
    ("momentum", "blobs", (6,), "relu", "softmax", "cross_entropy", {"binary_output": False}),
    ("nesterov", "circles", (3, 3), "sigmoid", "sigmoid", "cross_entropy", {"weight_decay": 0.01}),
    ("adagrad", "spirals", (7,), "tanh", "identity", "mse", {}),
    ("rmsprop", "xor_noise", (4, 5), "relu", "softmax", "cross_entropy", {"binary_output": False, "batchnorm": True}),
    ("adam", "moons", (6,), "sigmoid", "sigmoid", "mse", {"normalise": "zscore", "beta2": 0.99}),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_training_steps_match_pytorch(case):
    name, dataset, hidden, act, out, loss, extra = case
    lr = {"adagrad": 0.1, "rmsprop": 0.01, "adam": 0.01}.get(name, 0.3)
    config = T.Config.from_dict({"dataset": dataset, "n_samples": 40, "hidden": list(hidden), "activation": act,
                                 "output": out, "loss": loss, "optimizer": name, "lr": lr, "batch": "batch",
                                 "epochs": 3, "seed": 7, **extra})
    prep = T.prepare(config)
    model0 = T.make_model(config, prep)
    expected = torch_step_params(config, prep, model0, steps=3)
    model = T.make_model(config, prep)
    result = T.train(config, prep, model, 3)  # full batch: one update per epoch
    assert len(result.history) == 3
    assert set(expected) == set(model.params)
    moved = 0.0
    for key, value in expected.items():
        np.testing.assert_allclose(model.params[key], value, rtol=1e-9, atol=1e-9, err_msg=key)
        moved = max(moved, float(np.abs(value - model0.params[key]).max()))
    assert moved > 1e-4  # the step did something


def test_minibatch_epoch_matches_manual_loop():
    """An epoch of mini-batches is: shuffle with the seeded stream, gradient, update, per batch."""
    from nnlab.optim import make

    config = T.Config.from_dict({"dataset": "moons", "n_samples": 50, "hidden": [5], "batch": "mini-batch",
                                 "batch_size": 16, "optimizer": "adam", "lr": 0.01, "epochs": 2, "seed": 4})
    prep = T.prepare(config)
    model = T.make_model(config, prep)
    T.train(config, prep, model, 2)
    ref = MLP(prep.sizes, "sigmoid", "sigmoid", "mse", seed=4)
    opt = make("adam", 0.01)
    rng = np.random.default_rng([4, 1])
    sizes = []
    for _ in range(2):
        order = rng.permutation(50)
        for s in range(0, 50, 16):
            idx = order[s:s + 16]
            sizes.append(len(idx))
            opt.update(ref.params, ref.gradient(prep.x_train[idx], prep.t_train[idx]))
    assert sizes == [16, 16, 16, 2] * 2
    for key in ref.params:
        np.testing.assert_array_equal(model.params[key], ref.params[key])


# --- the timeline -------------------------------------------------------------------------------

def test_iteration_steps_use_the_mlps_numbers():
    config = preset("seed-dataset", batch="mini-batch", batch_size=4, shuffle=True, hidden=[3], weight_decay=0.001)
    prep = T.prepare(config)
    tl = T.build_timeline(config)
    phases = [s.phase for s in tl.steps]
    first_epoch = phases.index("epoch")
    assert phases[0] == "data" and set(phases[first_epoch:]) == {"epoch"}
    assert phases[1:first_epoch] == sorted(phases[1:first_epoch], key=["forward", "loss", "backward", "update"].index)
    idx = tl.state_at(0)["batch:index"]
    assert len(idx) == 4
    model = T.make_model(config, prep)
    grads = model.gradient(prep.x_train[idx], prep.t_train[idx])
    state = tl.state_at(first_epoch - 1)
    for key, g in grads.items():
        np.testing.assert_allclose(state[f"grad:{key}"], g, rtol=1e-12, atol=1e-15)
    # the loss step shows the model's own loss on the batch
    loss_step = next(s for s in tl.steps if s.phase == "loss")
    assert loss_step.values["loss:batch"] == pytest.approx(model.loss(prep.x_train[idx], prep.t_train[idx], train=True), rel=1e-12)
    # after the update steps, params are one optimizer step on
    lr = config.lr
    for key, g in grads.items():
        np.testing.assert_allclose(state[f"params:{key}"], model.params[key] - lr * g, rtol=1e-12)
    # node-by-node forward: after the second hidden sum step only columns 0..1 are revealed
    sums = [s for s in tl.steps if s.phase == "forward" and s.title.startswith("Layer 1, node") and "sum" in s.title]
    assert len(sums) == 3
    z = sums[1].values["z:1"]
    assert np.isnan(z[:, 2]).all() and not np.isnan(z[:, :2]).any()
    assert sums[0].focus[0] == "node:1:0" and "edge:1:1:0" in sums[0].focus
    h0, W = prep.x_train[idx][0], T.make_model(config, prep).params["W1"]
    assert f"= {num(h0 @ W[:, 0])}" in sums[0].formula  # biases start at 0


def test_seed_forward_numbers_in_formulas():
    """The DESIGN example: x = [1.0, 0.5], W = [[0.9, 0.2], [0.3, 0.8]] → sums 1.05 and 0.6, σ 0.7408 and 0.6457."""
    config = T.Config.from_dict({"dataset": "points", "points": [[1.0, 0.5, 1], [0.0, 0.0, 0]], "hidden": [],
                                 "bias": False, "binary_output": False, "shuffle": False, "batch": "stochastic",
                                 "weights": {"W1": [[0.9, 0.2], [0.3, 0.8]]}, "epochs": 1})
    tl = T.build_timeline(config)
    formulas = [s.formula for s in tl.steps if s.phase == "forward"]
    assert formulas[0].endswith("1 × 0.9 + 0.5 × 0.3 = 1.05")
    assert formulas[1].endswith("1 × 0.2 + 0.5 × 0.8 = 0.6")
    assert formulas[2] == "y₁ = σ(1.05) = 0.7408" and formulas[3] == "y₂ = σ(0.6) = 0.6457"


def test_epoch_steps_replay_the_run():
    config = preset("xor-mlp", epochs=300)
    tl = T.build_timeline(config)
    epochs = [s for s in tl.steps if s.phase == "epoch"]
    assert len(epochs) == 150  # 300 epochs in groups of 2 (at most 200 steps)
    result = T.run(config)
    last = tl.state_at(len(tl) - 1)
    assert last["epoch"] == 300
    history = last["history"]
    assert history.shape == (300, 5)
    np.testing.assert_allclose(history[:, 1], [r["loss"] for r in result.history], rtol=1e-12)
    for key, value in result.model.params.items():
        np.testing.assert_allclose(last[f"params:{key}"], value, rtol=1e-12)
    assert last["grid:score"].shape == (T.GRID, T.GRID)
    # the grid agrees with the model at the corners of the extent
    x0, x1, y0, y1 = last["extent"]
    corner = result.model.forward(np.array([[x0, y0], [x1, y1]]))[:, 0]
    np.testing.assert_allclose([last["grid:score"][0, 0], last["grid:score"][-1, -1]], corner, rtol=1e-12)
    base = tl.state_at(-1)
    assert base["history"].shape == (0, 5) and base["epoch"] == 0
    assert base["hist:W:1"].sum() == 8  # 2×4 weights


def test_timeline_caps_training_work():
    config = preset("digits-mlp", epochs=2000)
    prep = T.prepare(config)
    n = T.timeline_epochs(config, prep)
    assert 1 <= n < 2000
    assert T.timeline_epochs(preset("digits-mlp"), prep) == 30


def test_digits_snapshot_confusion_and_images():
    config = preset("digits-mlp", epochs=2)
    tl = T.build_timeline(config)
    state = tl.state_at(len(tl) - 1)
    assert state["confusion"].shape == (10, 10) and state["confusion"].sum() == 359
    assert state["images:test"].shape == (T.TEST_IMAGES, 8, 8)
    assert state["pred:test"].shape == (T.TEST_IMAGES,)
    prep = T.prepare(config)
    model = T.make_model(config, prep)
    model.params.update({k[7:]: v for k, v in state.items() if k.startswith("params:")})
    np.testing.assert_array_equal(state["pred:test"], T.predict(model, prep.x_test[:T.TEST_IMAGES]))
    assert np.trace(state["confusion"]) == round(T.evaluate(model, prep, 2)["test_acc"] * 359)


# --- run: progress, stop flag, stop conditions, divergence ----------------------------------------

def test_run_progress_and_cancel():
    calls = []
    result = T.run(preset("xor-mlp", epochs=10), progress=lambda f, p: calls.append((f, p["epoch"], p["loss"])))
    assert [c[1] for c in calls] == list(range(1, 11)) and calls[-1][0] == 1.0
    assert calls[4][2] == result.history[4]["loss"]
    polls = []
    result = T.run(preset("xor-mlp"), should_stop=lambda: len(polls) >= 5 or polls.append(1))
    assert len(result.history) == 5 and "cancelled during epoch 6" in result.stopped


def test_run_snapshots_are_throttled():
    calls = []
    T.run(preset("xor-mlp", epochs=400), progress=lambda f, p: calls.append(p), interval=10.0, snapshots=True)
    assert len(calls) == 2  # the first epoch, then (10 s later or) the last
    assert sum(len(p["rows"]) for p in calls) == 400
    assert "grid:score" in calls[-1]["snapshot"] and "W1" in calls[-1]["params"]


def test_stop_conditions():
    result = T.run(preset("xor-mlp", stop_acc=1.0))
    assert result.history[-1]["acc"] == 1.0 and len(result.history) < 1000
    assert "target accuracy 100% reached" in result.stopped
    result = T.run(preset("or-logistic", stop_loss=0.3))
    assert result.history[-1]["loss"] <= 0.3 < result.history[-2]["loss"]


def test_divergence_is_detected_and_keeps_last_good_weights():
    # a linear unit on the seed points with a learning rate far above 2/λmax: the loss blows up
    config = preset("seed-dataset", hidden=[], output="identity", binary_output=True, lr=100.0, epochs=200)
    result = T.run(config)
    assert 1 < len(result.history) < 200
    assert result.history[-1]["loss"] > 1e100
    assert result.diverged.startswith(f"diverged in epoch {len(result.history) + 1}: the loss became ")
    assert all(np.all(np.isfinite(v)) for v in result.model.params.values())
    good = len(result.history)
    replay = T.run(config, epochs=good) if good else None
    for key, value in result.model.params.items():
        expected = replay.model.params[key] if replay else T.make_model(config, T.prepare(config)).params[key]
        np.testing.assert_array_equal(value, expected)
    tl = T.build_timeline(config)
    assert tl.steps[-1].title == "Training ended" and "diverged" in tl.steps[-1].formula


def test_config_errors_name_the_field():
    base = preset("xor-mlp").to_dict()
    bad = {
        "lr": (0, "lr: must be a number above 0 and at most 1000000"), "hidden": ([0], "hidden[0]"), "dataset": ("iris", "dataset"),
        "batch": ("all", "batch"), "output": ("softmax", "output: softmax needs one output unit per class"),
        "epochs": (0, "epochs"), "typo": (1, "typo: unknown field"),
        "weights": ({"W1": [[1, 2, 3]]}, "weights: W1 has shape"),
    }
    for key, (value, message) in bad.items():
        with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
            T.Config.from_dict({**base, key: value})
    with pytest.raises(ValueError, match="binary_output: one output unit needs 2 classes; the data has 10"):
        T.Config.from_dict({**preset("digits-mlp").to_dict(), "binary_output": True, "output": "sigmoid"})
    with pytest.raises(ValueError, match="batchnorm: needs batches of at least 2"):
        T.Config.from_dict({**base, "batchnorm": True, "batch": "stochastic"})
    with pytest.raises(ValueError, match="loss: cross-entropy needs a sigmoid or softmax"):
        T.Config.from_dict({**base, "output": "identity", "loss": "cross_entropy"})
    with pytest.raises(ValueError, match="csv_path: .*no such file"):
        T.Config.from_dict({**base, "dataset": "csv", "csv_path": "/nonexistent/file.csv"})


def test_csv_dataset_trains(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 3))
    label = np.where(x[:, 0] + x[:, 2] > 0, "yes", "no")
    path = tmp_path / "d.csv"
    path.write_text("a,b,c,label\n" + "".join(f"{r[0]},{r[1]},{r[2]},{lab}\n" for r, lab in zip(x, label)))
    config = T.Config.from_dict({"dataset": "csv", "csv_path": str(path), "hidden": [4], "lr": 1.0,
                                 "normalise": "zscore", "epochs": 200, "output": "sigmoid", "loss": "cross_entropy"})
    result = T.run(config)
    assert result.prepared.data.classes == ("no", "yes")
    assert result.history[-1]["acc"] >= 0.95


def test_cross_validation_accuracy_per_fold():
    config = T.Config.from_dict({"dataset": "blobs", "n_samples": 60, "noise": 0.0, "hidden": [3], "lr": 2.0,
                                 "epochs": 100, "n_folds": 4})
    scores = T.cross_validate(config)
    assert len(scores) == 4 and all(0.9 <= s <= 1.0 for s in scores)


def test_export_import_round_trip(tmp_path):
    config = preset("seed-dataset")
    result = T.run(config)
    meta = T.export_meta(config, result)
    assert meta["sizes"] == [2, 2, 2] and meta["training"]["epochs"] == 20
    path = tmp_path / "w.npz"
    export_weights(result.model, path, meta)
    w = load_weights(path)
    assert w.meta["normalisation"]["kind"] == "none" and w.meta["classes"] == ["0", "1"]
    again = T.Config.from_dict({**config.to_dict(), "weights": {k: v.tolist() for k, v in w.params.items()}})
    model = T.make_model(again, T.prepare(again))
    np.testing.assert_array_equal(model.forward(result.prepared.x_train), result.model.forward(result.prepared.x_train))
    assert T.Config.from_dict(again.to_dict()) == again


def test_node_map_and_init_comparison():
    config = preset("xor-mlp")
    tl = T.build_timeline(config)
    state = tl.state_at(-1)
    params = {k[7:]: v for k, v in state.items() if k.startswith("params:")}
    m = T.node_map(config, params, 1, 2, res=5)
    x0, x1, y0, y1 = state["extent"]
    z = x0 * params["W1"][0, 2] + y0 * params["W1"][1, 2] + params["b1"][2]
    assert m.shape == (5, 5) and m[0, 0] == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12)
    comparison = T.init_comparison(preset("digits-mlp", hidden=[32, 32], activation="sigmoid"))
    assert set(comparison) == {"std", "xavier", "he"} and len(comparison["std"]) == 2
    # std 0.01: sigmoid activations of the second layer pile up at 0.5; Xavier and He spread them
    spread = {init: np.ptp(comparison[init][1][1][[0, -1]]) for init in comparison}
    assert spread["std"] < 0.05 and spread["xavier"] > 0.4 and spread["he"] > 0.4


@pytest.mark.parametrize("extra", [{"batchnorm": True}, {"dropout": 0.3}, {"bias": False, "weight_decay": 0.01, "decay": "l1"}])
def test_iteration_with_batchnorm_dropout_and_decay_matches_gradient(extra):
    config = T.Config.from_dict({"dataset": "moons", "n_samples": 30, "hidden": [5, 4], "activation": "relu",
                                 "batch": "mini-batch", "batch_size": 8, "optimizer": "momentum", "lr": 0.1,
                                 "epochs": 1, **extra})
    prep = T.prepare(config)
    tl = T.build_timeline(config)
    first_epoch = [s.phase for s in tl.steps].index("epoch")
    state = tl.state_at(first_epoch - 1)
    idx = state["batch:index"]
    model = T.make_model(config, prep)  # a fresh model draws the same dropout masks
    grads = model.gradient(prep.x_train[idx], prep.t_train[idx])
    assert set(grads) == {k[5:] for k in state if k.startswith("grad:")}
    for key, g in grads.items():
        np.testing.assert_allclose(state[f"grad:{key}"], g, rtol=1e-12, atol=1e-15, err_msg=key)
    # momentum's first step: v = g, w ← w − η·v
    for key, g in grads.items():
        np.testing.assert_allclose(state[f"params:{key}"], model.params[key] - 0.1 * g, rtol=1e-12, atol=1e-15)


def test_node_maps_of_non_2d_data_are_refused_with_a_message():
    from nnlab.presets import load_preset

    with pytest.raises(ValueError, match="node maps need 2-D data"):
        T.node_map(load_preset("digits-mlp").config, {}, 1, 0)


def test_a_diverging_timeline_builds_with_finite_histograms_and_stops_at_the_first_nonfinite_loss():
    """lr 50 on xor-mlp with an identity output: the weights overflow in epoch 91 (issue 14)."""
    config = T.Config.from_dict({**load_preset("xor-mlp").config.to_dict(), "output": "identity", "lr": 50.0})
    timeline = T.build_timeline(config)
    end = timeline.steps[-1]
    assert end.title == "Training ended" and end.formula.startswith("diverged in epoch 91: the loss became ∞")
    last = timeline.state_at(len(timeline) - 1)
    assert last["epoch"] == 90 and all(np.all(np.isfinite(last[f"params:W{l}"])) for l in (1, 2))
    counts, edges = last["hist:W:1"], last["hist:W_edges:1"]
    assert counts.sum() == last["params:W1"].size and np.all(np.isfinite(edges))


def test_training_modules_import_one_way():
    """Config lives in training_setup; no training submodule imports the training module back."""
    import ast
    from pathlib import Path

    from nnlab.labs import training_setup
    assert T.Config is training_setup.Config
    for name in ("training_setup", "training_run", "training_snapshot", "training_iteration"):
        tree = ast.parse(Path(T.__file__).with_name(f"{name}.py").read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "nnlab.labs.training" not in imported, name
    setup = ast.parse(Path(training_setup.__file__).read_text(encoding="utf-8"))
    assert not any(isinstance(n, ast.ImportFrom) and (n.module or "").startswith("nnlab.labs.training")
                   for n in ast.walk(setup))

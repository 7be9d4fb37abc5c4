"""The recurrent lab: a sequence stepped through an LSTM, GRU or RNN (tanh or ReLU) gate by gate, then the
gradient of the last output flowing back through time (RNN vs LSTM vs GRU), and a small task
(predict the next value of a sine wave) trained with Adam.

Value ids (t = 1..T; t = 0 is the initial state):
- base: ``x:t`` input vector (I,), ``h:0`` (and ``c:0`` for an LSTM) zeros (H,),
  ``param:weight_ih`` … the cell's torch-layout weights, ``param:readout.weight``/``.bias`` with a task;
- forward (phase "gate"): ``gate:<g>:t`` and ``gate:<g>_pre:t`` (H,) for every gate g
  (LSTM f, i, g, o; GRU r, z, n with ``gate:hn:t`` = W_hn·h_{t−1} + b_hn; RNN ``gate:h_pre:t``),
  ``c:t`` (LSTM), ``gate:tanh_c:t`` (LSTM), ``h:t``; with the sine task ``y:t`` and ``target:t``;
- backward (phase "backward"), for L = Σ_j h_T,j: ``grad:h:t`` = ∂L/∂h_t (H,), ``grad:c:t`` (LSTM),
  and ``gradnorm:<cell>:t`` = ‖∂L/∂h_t‖ for each cell type rnn, lstm, gru on the same sequence.
Focus ids: ``gate:<g>`` (``c``, ``h``, ``y``, ``grad``) for the schematic, ``t:<t>`` for the time.
"""

from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass, field

import numpy as np

from nnlab import formulas as F
from nnlab.formulas import num
from nnlab.i18n import N_, _
from nnlab.recurrent import CELLS, NONLINEARITIES, PARAM_NAMES, make_cell, normalise_key
from nnlab.steps import Step, Timeline
from nnlab.labs import MAX_ABS, check_fields, read_array, read_number

DEFAULT_PRESET = "lstm-basic"
CELL_KINDS = ("lstm", "gru", "rnn")
TASKS = ("none", "sine")
READOUT = ("readout.weight", "readout.bias")
MAX_SIZE, MAX_STEPS = 8, 200
MAX_ITERATIONS = 100_000  # Adam iterations of the sine task (~1 ms each)
# The order in which a time step reveals its parts, per cell.
ORDER = {"lstm": ("f", "i", "g", "c", "o", "h"), "gru": ("r", "z", "n", "h"), "rnn": ("h",)}
# The rows of the heat maps (what ``gate:<g>:t`` / ``c:t`` / ``h:t`` hold), per cell.
ROWS = {"lstm": ("f", "i", "g", "o", "c", "h"), "gru": ("r", "z", "n", "h"), "rnn": ("h_pre", "h")}


@dataclass(frozen=True)
class Config:
    cell: str = "lstm"
    input_size: int = 1
    hidden_size: int = 2
    sequence: tuple = ((1.0,), (0.5,), (-1.0,))  # T vectors of input_size numbers (ignored with text)
    text: str = ""  # a short text: the input is its characters one-hot over sorted(set(text))
    seed: int = 0
    weights: object = "random"  # "random" (torch's init from seed) or {name: nested tuples} (typed/loaded)
    task: str = "none"  # "sine": a readout y_t = W_y·h_t + b_y predicts x_{t+1}; Train fits it with Adam
    nonlinearity: str = "tanh"  # the RNN cell's: "tanh" or "relu" (torch's nn.RNN nonlinearity)

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, cls.__dataclass_fields__)
        cell = d.get("cell", "lstm")
        if cell not in CELL_KINDS:
            raise ValueError(_("cell: must be one of lstm, gru, rnn, not {v!r}").format(v=cell))
        text = d.get("text", "")
        if not isinstance(text, str) or len(text) > MAX_STEPS:
            raise ValueError(_("text: must be text of at most {n} characters").format(n=MAX_STEPS))
        input_size = read_number("input_size", d.get("input_size", 1), 1, MAX_SIZE, integer=True)
        hidden_size = read_number("hidden_size", d.get("hidden_size", 2), 1, MAX_SIZE, integer=True)
        seed = read_number("seed", d.get("seed", 0), 0, 2**32 - 1, integer=True)
        if text:
            n_chars = len(set(text))
            if n_chars > MAX_SIZE:
                raise ValueError(_("text: has {n} distinct characters; at most {m} fit the input").format(
                    n=n_chars, m=MAX_SIZE))
            if input_size != n_chars:
                raise ValueError(_("input_size: the text has {n} distinct characters, "
                                   "so input_size must be {n}").format(n=n_chars))
            sequence = ()
        else:
            sequence = _sequence(d.get("sequence", cls.sequence), input_size)
        task = d.get("task", "none")
        if task not in TASKS:
            raise ValueError(_("task: must be one of none, sine, not {v!r}").format(v=task))
        if task == "sine" and input_size != 1:
            raise ValueError(_("task: the sine task reads one number per step, so input_size must be 1"))
        nonlinearity = d.get("nonlinearity", "tanh")
        if nonlinearity not in NONLINEARITIES:
            raise ValueError(_("nonlinearity: the RNN cell implements tanh and relu, not {v!r}").format(v=nonlinearity))
        if cell != "rnn" and nonlinearity != "tanh":
            raise ValueError(_("nonlinearity: only the RNN cell takes {v!r}; LSTM and GRU use tanh").format(
                v=nonlinearity))
        weights = d.get("weights", "random")
        if weights != "random":
            weights = _weights(weights, cell, input_size, hidden_size, task)
        return cls(cell, input_size, hidden_size, sequence, text, seed, weights, task, nonlinearity)

    def to_dict(self) -> dict:
        weights = self.weights if self.weights == "random" else {
            k: np.array(v).tolist() for k, v in self.weights.items()}
        return {"cell": self.cell, "input_size": self.input_size, "hidden_size": self.hidden_size,
                "sequence": [list(v) for v in self.sequence], "text": self.text, "seed": self.seed,
                "weights": weights, "task": self.task, "nonlinearity": self.nonlinearity}


def _sequence(seq, input_size):
    if not isinstance(seq, (list, tuple)) or not 1 <= len(seq) <= MAX_STEPS:
        raise ValueError(_("sequence: must be a list of 1 to {n} numbers or vectors").format(n=MAX_STEPS))
    out = []
    for t, item in enumerate(seq, 1):
        vec = item if isinstance(item, (list, tuple)) else [item]
        if len(vec) != input_size:
            raise ValueError(_("sequence: step {t} has {n} numbers, but input_size is {i}").format(
                t=t, n=len(vec), i=input_size))
        out.append(tuple(read_number(f"sequence[{t}]", v, -MAX_ABS, MAX_ABS) for v in vec))
    return tuple(out)


def expected_shapes(cell: str, input_size: int, hidden_size: int, task: str = "none") -> dict:
    gh = CELLS[cell].n_gates * hidden_size
    shapes = {"weight_ih": (gh, input_size), "weight_hh": (gh, hidden_size), "bias_ih": (gh,), "bias_hh": (gh,)}
    if task == "sine":
        shapes.update({"readout.weight": (1, hidden_size), "readout.bias": (1,)})
    return shapes


def _weights(weights, cell, input_size, hidden_size, task):
    if not isinstance(weights, dict):
        raise ValueError(_("weights: must be \"random\" or an object of arrays "
                           "(weight_ih, weight_hh, bias_ih, bias_hh)"))
    arrays = {}
    for key, value in weights.items():
        name = key if key in READOUT else normalise_key(key)
        arrays[name] = read_array(f"weights.{name}", value)
    shapes = expected_shapes(cell, input_size, hidden_size, task)
    for name in arrays:
        if name not in shapes:
            raise ValueError(_("weights.{name}: not a weight of a {cell} cell (expected {names})").format(
                name=name, cell=cell.upper(), names=", ".join(shapes)))
    for name, shape in shapes.items():
        if name not in arrays:
            raise ValueError(_("weights.{name}: missing").format(name=name))
        if arrays[name].shape != shape:
            raise ValueError(_("weights.{name}: expected shape {expected}, found {found}").format(
                name=name, expected=shape, found=arrays[name].shape))
    return {name: _tuples(arrays[name]) for name in shapes}


def _tuples(a):
    return tuple(_tuples(v) for v in a) if a.ndim > 1 else tuple(float(v) for v in a)


# ----------------------------------------------------------------------------------------------
# Inputs and weights


def alphabet(config: Config) -> str:
    """The characters of the text input, in one-hot order ('' for a numeric sequence)."""
    return "".join(sorted(set(config.text)))


def inputs(config: Config) -> np.ndarray:
    """The input sequence as an array (T, input_size)."""
    if config.text:
        chars = alphabet(config)
        return np.eye(len(chars))[[chars.index(ch) for ch in config.text]]
    return np.array(config.sequence, dtype=np.float64)


def parse_sequence(text: str, input_size: int) -> tuple:
    """Typed numbers ("1, 0.5, −1") or vectors ("1 0; 0 1" or "[1, 0], [0, 1]") → sequence tuples."""
    s = text.replace("−", "-").strip()
    if not s:
        raise ValueError(_("sequence: type at least one number"))
    if "[" in s or "]" in s:
        groups = re.findall(r"\[([^\[\]]*)\]", s)
        if re.sub(r"\[[^\[\]]*\]", "", s).strip(" ,;\n\t") or not groups:
            raise ValueError(_("sequence: write each vector in [ ] with nothing between them but commas"))
    elif ";" in s or "\n" in s:
        groups = re.split(r"[;\n]", s)
    elif input_size == 1:
        groups = re.split(r"[,\s]+", s)
    else:
        groups = [s]
    vectors = []
    for group in groups:
        tokens = [tok for tok in re.split(r"[,\s]+", group.strip()) if tok]
        if not tokens:
            continue
        try:
            vectors.append([float(tok) for tok in tokens])
        except ValueError:
            bad = next(tok for tok in tokens if not _is_float(tok))
            raise ValueError(_("sequence: {tok!r} is not a number").format(tok=bad)) from None
    return _sequence(vectors, input_size)


def _is_float(tok):
    try:
        return math.isfinite(float(tok))
    except ValueError:
        return False


def format_sequence(config: Config) -> str:
    """The numeric sequence as parse_sequence reads it back."""
    if config.input_size == 1:
        return ", ".join(num(v[0], 6) for v in config.sequence)
    return "; ".join(" ".join(num(x, 6) for x in v) for v in config.sequence)


def edited(config: Config, **changes) -> tuple[Config, str]:
    """``config`` with the pane's edits (cell, input_size, hidden_size, seed, sequence, text) applied.

    Numeric vectors are padded with zeros or cut to a new input size; a text sets the input size to
    its number of characters, and clearing it keeps its one-hot vectors as numbers. Typed or loaded
    weights that no longer fit (or a new seed) give way to the seed's random weights; the returned
    note says so ('' otherwise). ValueError names the field for anything impossible."""
    data = config.to_dict()
    if "text" in changes:
        text = changes.pop("text")
        if text:
            data["input_size"] = len(set(text))
        elif config.text:
            data["sequence"] = inputs(config).tolist()
        data["text"] = text
    if "input_size" in changes:
        n = int(changes.pop("input_size"))
        if config.text and n != len(alphabet(config)):
            raise ValueError(_("input_size: set by the text ({n} distinct characters); "
                               "clear the text to change it").format(n=len(alphabet(config))))
        data["input_size"] = n
        data["sequence"] = [list(v[:n]) + [0.0] * (n - len(v)) for v in config.sequence]
        if data["task"] == "sine" and n != 1:
            data["task"] = "none"
    data.update(changes)
    if data["cell"] != "rnn":
        data["nonlinearity"] = "tanh"  # LSTM and GRU have no other
    note = ""
    if data["weights"] != "random":
        same = all(data[k] == getattr(config, k) for k in ("cell", "input_size", "hidden_size", "seed", "task"))
        if not same:
            data["weights"] = "random"
            note = _("weights: the typed or loaded weights do not fit this change; "
                     "drawn from seed {seed} instead").format(seed=data["seed"])
    return Config.from_dict(data), note


def model(config: Config):
    """The configured cell (weights typed/loaded, or torch's init from seed) and the readout (or None)."""
    cell = make_cell(config.cell, config.input_size, config.hidden_size, config.seed,
                     nonlinearity=config.nonlinearity)
    readout = None
    if config.task == "sine":
        rng = np.random.default_rng([config.seed, 1])
        k = 1.0 / np.sqrt(config.hidden_size)
        readout = {"readout.weight": rng.uniform(-k, k, (1, config.hidden_size)), "readout.bias": rng.uniform(-k, k, 1)}
    if config.weights != "random":
        arrays = {k: np.array(v, dtype=np.float64) for k, v in config.weights.items()}
        cell.load_state_dict({k: arrays[k] for k in PARAM_NAMES})
        if readout is not None:
            readout = {k: arrays[k] for k in READOUT}
    return cell, readout


def read_weights_file(path) -> dict:
    """A PyTorch state dict's arrays (.pt/.pth, or .npz/.json via nnlab.io.load_weights), names normalised."""
    return _torch_names(_load(path).params)


def _load(path):
    from nnlab.io import load_weights

    return load_weights(path)


def _torch_names(params) -> dict:
    return {(k if k in READOUT else normalise_key(k)): np.asarray(v, dtype=np.float64) for k, v in params.items()}


def weights_from_file(config: Config, path) -> Config:
    """``config`` with the weights of a file; ValueError naming expected and found shapes, or a
    nonlinearity the cell does not implement (a file's ``meta`` may name it: nnlab's own exports
    do; a torch .pt does not, and then the lab's choice stays)."""
    loaded = _load(path)
    arrays, meta = _torch_names(loaded.params), loaded.meta
    data = config.to_dict()
    if "nonlinearity" in meta:
        data["nonlinearity"] = meta["nonlinearity"]
    if all(k in arrays for k in READOUT) and config.input_size == 1 and not config.text:
        data["task"] = "sine"  # a trained lab's export: the cell and its readout
    else:
        arrays = {k: v for k, v in arrays.items() if k not in READOUT}
        data["task"] = "none"  # a bare cell: no readout to predict with
    data["weights"] = {k: v.tolist() for k, v in arrays.items()}
    return Config.from_dict(data)


def weights_text(config: Config) -> str:
    """The current weights (typed, loaded or drawn) as editable JSON, one matrix row a line."""
    cell, readout = model(config)
    arrays = {**cell.params, **(readout or {})}
    lines = []
    for name, a in arrays.items():
        rows = [json.dumps([round(float(v), 6) for v in row]) for row in np.atleast_2d(a)] if a.ndim > 1 else [
            json.dumps([round(float(v), 6) for v in a])]
        body = rows[0] if a.ndim == 1 else "[\n    " + ",\n    ".join(rows) + "\n  ]"
        lines.append(f"  {json.dumps(name)}: {body}")
    return "{\n" + ",\n".join(lines) + "\n}"


def parse_weights_text(config: Config, text: str) -> Config:
    """``config`` with typed weights (JSON: name → nested lists); ValueError with the reason."""
    from nnlab.io import FormatError, load_json

    try:
        data = load_json(text)
    except FormatError as exc:
        raise ValueError(f"weights: {exc}") from None
    return Config.from_dict({**config.to_dict(), "weights": data})


# ----------------------------------------------------------------------------------------------
# The timeline


def gradient_norms(config: Config) -> dict:
    """‖∂L/∂h_t‖ for t = 1..T and L = Σ_j h_T,j, for RNN, LSTM and GRU on the same sequence.

    The configured cell uses the configured weights; the other two draw theirs from the seed."""
    xs = inputs(config)[:, None, :]
    norms = {}
    for kind in ("rnn", "lstm", "gru"):
        cell = model(config)[0] if kind == config.cell else make_cell(kind, config.input_size,
                                                                      config.hidden_size, config.seed)
        run = cell.forward(xs)
        dhs = np.zeros((len(xs), 1, config.hidden_size))
        dhs[-1] = 1.0
        grads = cell.backward(run, dhs)
        norms[kind] = (np.linalg.norm(grads.dh[:, 0, :], axis=1), grads)
    return norms


_TITLES = {
    "f": N_("Time step {t} — forget gate f"), "i": N_("Time step {t} — input gate i"),
    "g": N_("Time step {t} — candidate g"), "o": N_("Time step {t} — output gate o"),
    "c": N_("Time step {t} — cell state c"), "r": N_("Time step {t} — reset gate r"),
    "z": N_("Time step {t} — update gate z"), "n": N_("Time step {t} — candidate n"),
    "h": N_("Time step {t} — hidden state h"), "y": N_("Time step {t} — prediction y"),
}


def build_timeline(config: Config) -> Timeline:
    cell, readout = model(config)
    x = inputs(config)
    t_len, kind = len(x), config.cell
    run = cell.forward(x[:, None, :])
    base = {f"x:{t}": x[t - 1] for t in range(1, t_len + 1)}
    base["h:0"] = np.zeros(config.hidden_size)
    if kind == "lstm":
        base["c:0"] = np.zeros(config.hidden_size)
    base.update({f"param:{k}": v for k, v in cell.params.items()})
    if readout is not None:
        base.update({f"param:{k}": v for k, v in readout.items()})
    steps = []
    digits = 4 if config.hidden_size <= 4 else 3  # keep a hidden-8 formula within a few lines

    def vec(a):
        return F.vector(a, digits)

    def S(name, t, gate=""):  # a quantity at time t: f₃, h₀; a gate's weights W⁽ᶠ⁾
        return F.sym(name, t, f"({gate})" if gate else "")

    def affine(gate, inputs):  # W⁽ᶠ⁾·[h₀, x₁] + b⁽ᶠ⁾
        return F.terms([F.terms([S("W", "", gate), inputs], "·"), S("b", "", gate)])

    for t in range(1, t_len + 1):
        g = {k: v[0] for k, v in run.gates[t - 1].items()}
        hx = F.Group(F.terms([S("h", t - 1), S("x", t)], ", "), brackets="[]")
        hx_num = F.Group(F.terms([F.terms([F.Num(v, digits) for v in run.hs[t - 1, 0]], ", "),
                                  F.terms([F.Num(v, digits) for v in x[t - 1]], ", ")], " | "), brackets="[]")
        for part in ORDER[kind]:
            title = _(_TITLES[part]).format(t=t)
            focus = (f"gate:{part}", f"t:{t}")
            if part in ("f", "i", "o", "r", "z") or (part == "g" and kind == "lstm"):
                fn = "tanh" if part == "g" else "σ"
                expr = F.eq(S(part, t), F.apply(fn, affine(part, hx)), F.apply(fn, affine(part, hx_num)),
                            F.apply(fn, vec(g[part + "_pre"])), vec(g[part]))
                values = {f"gate:{part}_pre:{t}": g[part + "_pre"], f"gate:{part}:{t}": g[part]}
            elif part == "c":
                expr = F.eq(S("c", t), F.terms([F.terms([S("f", t), S("c", t - 1)], " ⊙ "),
                                                F.terms([S("i", t), S("g", t)], " ⊙ ")]),
                            F.terms([F.terms([vec(g["f"]), vec(g["c_prev"])], " ⊙ "),
                                     F.terms([vec(g["i"]), vec(g["g"])], " ⊙ ")]), vec(g["c"]))
                values = {f"c:{t}": g["c"]}
            elif part == "n":
                gated = F.terms([S("r", t), F.Group(affine("hn", S("h", t - 1)))], " ⊙ ")
                expr = F.eq(S("n", t), F.apply("tanh", F.terms([affine("in", S("x", t)), gated])),
                            F.apply("tanh", F.terms([vec(g["n_pre"] - g["r"] * g["hn"]),
                                                     F.terms([vec(g["r"]), vec(g["hn"])], " ⊙ ")])),
                            F.apply("tanh", vec(g["n_pre"])), vec(g["n"]))
                values = {f"gate:n_pre:{t}": g["n_pre"], f"gate:hn:{t}": g["hn"], f"gate:n:{t}": g["n"]}
            elif kind == "lstm":  # h
                expr = F.eq(S("h", t), F.terms([S("o", t), F.apply("tanh", S("c", t))], " ⊙ "),
                            F.terms([vec(g["o"]), F.apply("tanh", vec(g["c"]))], " ⊙ "), vec(g["h"]))
                values = {f"gate:tanh_c:{t}": g["tanh_c"], f"h:{t}": g["h"]}
            elif kind == "gru":
                one_minus = lambda z: F.Group(F.terms([F.Num(1), z], " − "))  # noqa: E731
                expr = F.eq(S("h", t), F.terms([F.terms([one_minus(S("z", t)), S("n", t)], " ⊙ "),
                                                F.terms([S("z", t), S("h", t - 1)], " ⊙ ")]),
                            F.terms([F.terms([one_minus(vec(g["z"])), vec(g["n"])], " ⊙ "),
                                     F.terms([vec(g["z"]), vec(g["h_prev"])], " ⊙ ")]), vec(g["h"]))
                values = {f"h:{t}": g["h"]}
            else:  # rnn
                fn = "tanh" if config.nonlinearity == "tanh" else "ReLU"
                expr = F.eq(S("h", t), F.apply(fn, affine("", hx)), F.apply(fn, affine("", hx_num)),
                            F.apply(fn, vec(g["h_pre"])), vec(g["h"]))
                values = {f"gate:h_pre:{t}": g["h_pre"], f"h:{t}": g["h"]}
            steps.append(F.step("gate", title, expr, focus, values))
        if readout is not None:
            y = float(readout["readout.weight"][0] @ g["h"] + readout["readout.bias"][0])
            expr = F.eq(S("y", t), affine("y", S("h", t)), F.Num(y))
            if t < t_len:
                expr = F.seq([expr, F.Text(f"({_('target')} {F.text(S('x', t + 1))} = {F.num(x[t, 0])})")], " ")
            values = {f"y:{t}": y, **({f"target:{t}": float(x[t, 0])} if t < t_len else {})}
            steps.append(F.step("gate", _(_TITLES["y"]).format(t=t), expr, ("gate:y", f"t:{t}"), values))
    steps.extend(_backward_steps(config, t_len))
    title = _("{cell} over {n} time steps").format(cell=kind.upper(), n=t_len)
    return Timeline("recurrent", steps, base, title)


def _backward_steps(config: Config, t_len: int) -> list:
    norms = gradient_norms(config)
    kind = config.cell
    grads = norms[kind][1]
    steps = []
    for t in range(t_len, 0, -1):
        dh = grads.dh[t - 1, 0]
        others = " · ".join(f"{k.upper()} {num(norms[k][0][t - 1])}" for k in ("rnn", "lstm", "gru"))
        h, dL = F.text(F.sym("h", t)), f"∂L/∂{F.text(F.sym('h', t))}"
        if t == t_len:
            head = F.seq([F.Text(f"L = Σⱼ ({h})ⱼ  →  "), F.eq(F.Text(dL), F.vector(dh))], "")
        else:
            later = F.text(F.sym("h", t + 1))
            head = F.eq(F.Text(dL), F.Text(f"(∂{later}/∂{h})ᵀ·∂L/∂{later}"), F.vector(dh))
        expr = F.seq([F.seq([head, F.eq(F.Text(f"‖{dL}‖"), F.Num(norms[kind][0][t - 1]))], ";  "),
                      F.Text(f"({others})")], "   ")
        values = {f"grad:h:{t}": dh, **{f"gradnorm:{k}:{t}": float(norms[k][0][t - 1]) for k in norms}}
        if grads.dc is not None:
            values[f"grad:c:{t}"] = grads.dc[t - 1, 0]
        title = _("Gradient through time — ∂L/∂h at step {t}").format(t=t)
        steps.append(F.step("backward", title, expr, ("gate:grad", f"t:{t}"), values))
    return steps


# ----------------------------------------------------------------------------------------------
# The task: predict the next value of a sine wave


@dataclass
class TrainResult:
    config: Config  # the same lab with the trained weights (cell and readout)
    losses: list = field(default_factory=list)  # mean squared error per iteration
    stopped: bool = False
    seconds: float = 0.0


def sine_batch(rng, batch: int = 32, steps: int = 24):
    """Sine waves of random phase and frequency: inputs (T, B, 1) and the next values as targets."""
    phase = rng.uniform(0, 2 * np.pi, (1, batch, 1))
    freq = rng.uniform(0.25, 0.6, (1, batch, 1))
    wave = np.sin(phase + freq * np.arange(steps + 1)[:, None, None])
    return wave[:-1], wave[1:]


def train(config: Config, iterations: int = 400, lr: float = 0.02, progress=None, should_stop=None) -> TrainResult:
    """Fit the cell and a readout to predict x_{t+1} from x_1..x_t on sine waves with Adam.

    ``progress(fraction, {"iteration", "loss"})`` is called every 10 iterations; ``should_stop()``
    is polled each iteration. Returns the lab with the trained weights and task "sine"."""
    from nnlab.optim import make

    iterations = read_number("iterations", iterations, 1, MAX_ITERATIONS, integer=True)
    start = time.perf_counter()
    data = config.to_dict()
    if config.input_size != 1 or config.text:
        raise ValueError(_("task: the sine task reads one number per step; set input_size 1 and a numeric sequence"))
    data["task"] = "sine"
    if config.task != "sine":  # a fresh readout drawn from the seed (the cell's weights are kept below)
        data["weights"], data["sequence"] = "random", [list(v) for v in sine_sequence()]
    cell, readout = model(Config.from_dict(data))
    if config.weights != "random":
        cell.load_state_dict({k: np.array(config.weights[k]) for k in PARAM_NAMES})
    params = {**cell.params, **readout}
    opt = make("adam", lr)
    rng = np.random.default_rng([config.seed, 2])
    result = TrainResult(config)
    for it in range(iterations):
        if should_stop is not None and should_stop():
            result.stopped = True
            break
        xs, targets = sine_batch(rng)
        run = cell.forward(xs)
        hs = run.hs[1:]
        w, b = params["readout.weight"], params["readout.bias"]
        y = hs @ w.T + b
        err = y - targets
        count = err.size
        result.losses.append(float(np.sum(err * err) / count))
        dy = 2.0 * err / count
        grads = cell.backward(run, dy @ w)
        grads = {**grads.params, "readout.weight": dy.reshape(-1, 1).T @ hs.reshape(-1, config.hidden_size),
                 "readout.bias": dy.sum(axis=(0, 1))}
        opt.update(params, grads)
        cell.params = {k: params[k] for k in PARAM_NAMES}
        if progress is not None and (it + 1) % 10 == 0:
            progress((it + 1) / iterations, {"iteration": it + 1, "loss": result.losses[-1]})
    data["weights"] = {k: v.tolist() for k, v in params.items()}
    result.config = Config.from_dict(data)
    result.seconds = time.perf_counter() - start
    return result


def sine_sequence(steps: int = 16, freq: float = 0.45) -> tuple:
    """A sine wave to step through after training."""
    return tuple((round(float(np.sin(freq * t)), 4),) for t in range(steps))

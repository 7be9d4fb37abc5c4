"""Recurrent cells (tanh RNN, LSTM, GRU) with backward through time, in PyTorch's layout.

Each cell holds ``params`` = ``weight_ih`` (G·H, I), ``weight_hh`` (G·H, H), ``bias_ih`` and
``bias_hh`` (G·H,), the gates stacked in torch's order (LSTM i, f, g, o; GRU r, z, n), so a
torch state dict loads as it is. ``step(x, state)`` advances one time step for a batch x
(batch, input) and returns the new state and every gate's pre-activation and value by name.
``forward(xs)`` runs a batch of sequences xs (T, batch, input) keeping what ``backward`` needs;
``backward(run, dhs)`` takes ∂L/∂h_t for every step (zeros where the loss does not look) and
returns the gradients of all weights and of each time step's state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlab.i18n import _

PARAM_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1.0)  # overflow-free σ(x) = 1 / (1 + e^(−x))


@dataclass
class Run:
    """A forward pass over a sequence: the states and, per step, the gates (what backward needs)."""

    xs: np.ndarray  # (T, B, I)
    hs: np.ndarray  # (T + 1, B, H): hs[0] is the initial state, hs[t] = h_t
    cs: np.ndarray | None  # (T + 1, B, H) for an LSTM
    gates: list  # per step, the gates dict returned by step()


@dataclass
class Grads:
    """Gradients from backward(): weights (keys as params) and each step's state."""

    params: dict
    dh: np.ndarray  # (T, B, H): ∂L/∂h_t for t = 1..T, everything that reaches h_t
    dc: np.ndarray | None  # (T, B, H): ∂L/∂c_t for an LSTM
    dx: np.ndarray  # (T, B, I)
    dh0: np.ndarray
    dc0: np.ndarray | None


class _Cell:
    kind = ""
    n_gates = 1
    gate_names: tuple[str, ...] = ()
    has_cell_state = False

    def __init__(self, input_size: int, hidden_size: int, seed: int = 0, dtype=np.float64):
        if input_size < 1 or hidden_size < 1:
            raise ValueError(_("sizes: input and hidden size must be at least 1"))
        self.input_size, self.hidden_size = int(input_size), int(hidden_size)
        self.dtype = np.dtype(dtype)  # float64 (the oracle tests) or float32 (speed); every array follows it
        rng = np.random.default_rng(seed)
        k = 1.0 / np.sqrt(hidden_size)  # torch's init: uniform(−1/√H, 1/√H) for every parameter
        self.params = {name: rng.uniform(-k, k, shape).astype(self.dtype) for name, shape in self.shapes().items()}

    def shapes(self) -> dict:
        gh, i, h = self.n_gates * self.hidden_size, self.input_size, self.hidden_size
        return {"weight_ih": (gh, i), "weight_hh": (gh, h), "bias_ih": (gh,), "bias_hh": (gh,)}

    def state_dict(self) -> dict:
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, d) -> None:
        """Load torch's arrays (``weight_ih`` …, or nn.LSTM's ``weight_ih_l0`` …); shapes are checked."""
        given = {normalise_key(k): v for k, v in dict(d).items()}
        unexpected = sorted(set(given) - set(PARAM_NAMES))
        if unexpected:
            raise ValueError(_("{name}: unexpected entry for a {cell} cell").format(name=unexpected[0], cell=self.kind))
        params = {}
        for name, shape in self.shapes().items():
            if name not in given:
                raise ValueError(_("{name}: missing").format(name=name))
            value = np.array(given[name], dtype=self.dtype)
            if value.shape != shape:
                raise ValueError(_("{name}: expected shape {expected}, found {found}").format(
                    name=name, expected=shape, found=value.shape))
            if not np.all(np.isfinite(value)):
                raise ValueError(_("{name}: holds a value that is not a finite number").format(name=name))
            params[name] = value
        self.params = params

    def zero_state(self, batch: int):
        h = np.zeros((batch, self.hidden_size), dtype=self.dtype)
        return (h, h.copy()) if self.has_cell_state else h

    def step(self, x, state=None):
        """One time step: x (batch, input) → (new state, gates by name)."""
        x = np.asarray(x, dtype=self.dtype)
        if state is None:
            state = self.zero_state(x.shape[0])
        gi = x @ self.params["weight_ih"].T + self.params["bias_ih"]
        return self._step(gi, state)

    def forward(self, xs, state=None) -> Run:
        """Run a batch of sequences xs (T, batch, input) from ``state`` (None: zeros)."""
        xs = np.asarray(xs, dtype=self.dtype)
        t_len, batch = xs.shape[:2]
        if state is None:
            state = self.zero_state(batch)
        gi_all = xs @ self.params["weight_ih"].T + self.params["bias_ih"]  # every step's input part at once
        hs = np.empty((t_len + 1, batch, self.hidden_size), dtype=self.dtype)
        cs = np.empty_like(hs) if self.has_cell_state else None
        if self.has_cell_state:
            hs[0], cs[0] = state
        else:
            hs[0] = state
        gates = []
        for t in range(t_len):
            state, g = self._step(gi_all[t], state)
            gates.append(g)
            if self.has_cell_state:
                hs[t + 1], cs[t + 1] = state
            else:
                hs[t + 1] = state
        return Run(xs, hs, cs, gates)

    def backward(self, run: Run, dhs, dc_last=None) -> Grads:
        """Backward through time. dhs (T, batch, H): ∂L/∂h_t coming from the loss at each step."""
        dhs = np.asarray(dhs, dtype=self.dtype)
        t_len = len(run.gates)
        w_hh = self.params["weight_hh"]
        dgi = np.empty((t_len, dhs.shape[1], self.n_gates * self.hidden_size), dtype=self.dtype)
        dgh = np.empty_like(dgi) if self.kind == "gru" else dgi
        dh_all = np.empty_like(dhs)
        dc_all = np.empty_like(dhs) if self.has_cell_state else None
        dh_next = np.zeros_like(dhs[0])
        dc = np.zeros_like(dhs[0]) if dc_last is None else np.asarray(dc_last, dtype=self.dtype)
        for t in range(t_len - 1, -1, -1):
            dh = dhs[t] + dh_next
            dh_all[t] = dh
            if self.has_cell_state:
                dgi[t], dc, dc_t = self._step_back(run, t, dh, dc)
                dc_all[t] = dc_t
                dh_next = dgi[t] @ w_hh
            elif self.kind == "gru":
                dgi[t], dgh[t], direct = self._step_back(run, t, dh)
                dh_next = direct + dgh[t] @ w_hh
            else:
                dgi[t] = self._step_back(run, t, dh)
                dh_next = dgi[t] @ w_hh
        xs2 = run.xs.reshape(-1, run.xs.shape[-1])
        hprev = run.hs[:-1].reshape(-1, self.hidden_size)
        dgi2, dgh2 = dgi.reshape(-1, dgi.shape[-1]), dgh.reshape(-1, dgh.shape[-1])
        params = {"weight_ih": dgi2.T @ xs2, "weight_hh": dgh2.T @ hprev,
                  "bias_ih": dgi2.sum(axis=0), "bias_hh": dgh2.sum(axis=0)}
        dx = dgi @ self.params["weight_ih"]
        return Grads(params, dh_all, dc_all, dx, dh_next, dc if self.has_cell_state else None)


class RNNCell(_Cell):
    """h_t = tanh(W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh), or ReLU(…) as ``nn.RNN(nonlinearity='relu')``."""

    kind = "rnn"
    n_gates = 1

    def __init__(self, input_size: int, hidden_size: int, seed: int = 0, dtype=np.float64,
                 nonlinearity: str = "tanh"):
        if nonlinearity not in NONLINEARITIES:
            raise ValueError(_("nonlinearity: the RNN cell implements tanh and relu, not {v!r}").format(v=nonlinearity))
        super().__init__(input_size, hidden_size, seed, dtype)
        self.nonlinearity = nonlinearity

    def _step(self, gi, h):
        pre = gi + h @ self.params["weight_hh"].T + self.params["bias_hh"]
        h_new = np.tanh(pre) if self.nonlinearity == "tanh" else np.maximum(pre, 0.0)
        return h_new, {"h_pre": pre, "h": h_new}

    def _step_back(self, run, t, dh):
        h = run.gates[t]["h"]
        return dh * (1.0 - h * h) if self.nonlinearity == "tanh" else dh * (h > 0)


class LSTMCell(_Cell):
    """i, f, o = σ(…), g = tanh(…); c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t)."""

    kind = "lstm"
    n_gates = 4
    gate_names = ("i", "f", "g", "o")
    has_cell_state = True

    def _step(self, gi, state):
        h, c = state
        n = self.hidden_size
        pre = gi + h @ self.params["weight_hh"].T + self.params["bias_hh"]
        # σ(x) = ½·tanh(½x) + ½ and tanh(x) = 1·tanh(1·x) + 0: all four gates in one pass,
        # a = s ⊙ tanh(s ⊙ pre) + (1 − s)
        s = self._scale(pre.dtype)
        act = s * np.tanh(s * pre) + (1.0 - s)
        i, f, g, o = act[:, :n], act[:, n:2 * n], act[:, 2 * n:3 * n], act[:, 3 * n:]
        c_new = f * c + i * g
        tanh_c = np.tanh(c_new)
        h_new = o * tanh_c
        gates = {"i_pre": pre[:, :n], "f_pre": pre[:, n:2 * n], "g_pre": pre[:, 2 * n:3 * n], "o_pre": pre[:, 3 * n:],
                 "i": i, "f": f, "g": g, "o": o, "act": act, "c_prev": c, "c": c_new, "tanh_c": tanh_c, "h": h_new}
        return (h_new, c_new), gates

    def _scale(self, dtype):
        """s per gate column: ½ for the σ gates i, f, o and 1 for the tanh candidate g."""
        n = self.hidden_size
        s = np.full(4 * n, 0.5, dtype=dtype)
        s[2 * n:3 * n] = 1.0
        return s

    def _step_back(self, run, t, dh, dc_next):
        g = run.gates[t]
        n = self.hidden_size
        dc = dc_next + dh * g["o"] * (1.0 - g["tanh_c"] ** 2)
        d_act = np.empty_like(g["act"])  # ∂L/∂(i, f, g, o)
        np.multiply(dc, g["g"], out=d_act[:, :n])
        np.multiply(dc, g["c_prev"], out=d_act[:, n:2 * n])
        np.multiply(dc, g["i"], out=d_act[:, 2 * n:3 * n])
        np.multiply(dh, g["tanh_c"], out=d_act[:, 3 * n:])
        s = self._scale(d_act.dtype)
        u = g["act"] - (1.0 - s)  # d/dx [s·tanh(s·x) + (1 − s)] = s² − (a − (1 − s))²: σ(1 − σ) and 1 − tanh²
        return d_act * (s * s - u * u), dc * g["f"], dc


class GRUCell(_Cell):
    """torch's GRU: r, z = σ(…); n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)); h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}."""

    kind = "gru"
    n_gates = 3
    gate_names = ("r", "z", "n")

    def _step(self, gi, h):
        gh = h @ self.params["weight_hh"].T + self.params["bias_hh"]
        i_r, i_z, i_n = np.split(gi, 3, axis=-1)
        h_r, h_z, h_n = np.split(gh, 3, axis=-1)
        r_pre, z_pre = i_r + h_r, i_z + h_z
        r, z = sigmoid(r_pre), sigmoid(z_pre)
        n_pre = i_n + r * h_n
        n = np.tanh(n_pre)
        h_new = (1.0 - z) * n + z * h
        gates = {"r_pre": r_pre, "z_pre": z_pre, "n_pre": n_pre, "hn": h_n,
                 "r": r, "z": z, "n": n, "h_prev": h, "h": h_new}
        return h_new, gates

    def _step_back(self, run, t, dh):
        g = run.gates[t]
        dn_pre = dh * (1.0 - g["z"]) * (1.0 - g["n"] ** 2)
        dz_pre = dh * (g["h_prev"] - g["n"]) * g["z"] * (1.0 - g["z"])
        dr_pre = dn_pre * g["hn"] * g["r"] * (1.0 - g["r"])
        dgi = np.concatenate([dr_pre, dz_pre, dn_pre], axis=-1)
        dgh = np.concatenate([dr_pre, dz_pre, dn_pre * g["r"]], axis=-1)
        return dgi, dgh, dh * g["z"]


CELLS = {"rnn": RNNCell, "lstm": LSTMCell, "gru": GRUCell}
NONLINEARITIES = ("tanh", "relu")  # torch's nn.RNN nonlinearity values


def make_cell(kind: str, input_size: int, hidden_size: int, seed: int = 0, dtype=np.float64,
              nonlinearity: str = "tanh") -> _Cell:
    """A cell of ``kind``; ``nonlinearity`` (tanh or relu) is the RNN cell's (LSTM and GRU: tanh only)."""
    if kind not in CELLS:
        raise ValueError(_("cell: unknown cell {kind!r}: choose one of lstm, gru, rnn").format(kind=kind))
    if kind == "rnn":
        return RNNCell(input_size, hidden_size, seed, dtype, nonlinearity)
    if nonlinearity != "tanh":
        raise ValueError(_("nonlinearity: only the RNN cell takes {v!r}; LSTM and GRU use tanh").format(v=nonlinearity))
    return CELLS[kind](input_size, hidden_size, seed, dtype)


def normalise_key(key: str) -> str:
    """torch's names for one layer: 'lstm.weight_ih_l0' and 'weight_ih' both mean weight_ih."""
    name = str(key).rsplit(".", 1)[-1]
    return name[:-3] if name.endswith("_l0") else name


def sequence_loss(hs, targets, kind: str = "last"):
    """L = ½‖h_T − y_T‖² (kind "last") or Σ_t ½‖h_t − y_t‖² ("all"), averaged over the batch.

    hs, targets: (T, batch, H) (hs without the initial state). Returns (L, ∂L/∂h_t for every t)."""
    hs, targets = np.asarray(hs, dtype=np.float64), np.asarray(targets, dtype=np.float64)
    diff = hs - targets
    if kind == "last":
        diff = np.concatenate([np.zeros_like(diff[:-1]), diff[-1:]])
    elif kind != "all":
        raise ValueError(_("loss: must be 'last' or 'all'"))
    batch = hs.shape[1]
    return 0.5 * float(np.sum(diff * diff)) / batch, diff / batch

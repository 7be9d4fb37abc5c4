"""The generative lab: a GAN on 2-D points and a VAE on the 8×8 digits with a 2-D latent.

``model`` picks which; both share ``seed``, ``activation`` and ``weights`` (starting parameters by
name, e.g. ``mu.b``; any left out are drawn from ``seed``). The timelines are built by
``generative_gan`` (training: each discriminator and generator update, grouped past the first
iterations, then one sample's numbers where ``inspect`` asks) and ``generative_vae`` (training epoch
by epoch, then one test digit forward and backward). Value ids are listed in those modules.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import numpy as np

from nnlab.gan import G_LOSSES
from nnlab.i18n import _
from nnlab.labs import check_fields, read_array, read_number
from nnlab.vae import RECONSTRUCTIONS

DEFAULT_PRESET = "vae-worked"  # opens at once (no training); gan-ring trains 600 iterations first
MODELS = ("gan", "vae")
DATASETS = ("ring", "line", "gaussians", "moons", "points")
ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid")
TRAIN_MODES = ("both", "discriminator", "generator")
MAX_LAYERS, MAX_UNITS = 3, 128
MAX_ITERATIONS, MAX_EPOCHS, MAX_POINTS = 5000, 200, 2000
MAX_SEED = 2**32 - 1


@dataclass(frozen=True)
class Config:
    model: str = "gan"
    seed: int = 0
    activation: str = "relu"
    weights: tuple = ()  # ((name, nested tuples), …): starting parameters; the rest drawn from seed
    # GAN
    dataset: str = "ring"
    points: tuple = ()  # the user's own real points ((x, y), …) for dataset "points"
    n_samples: int = 512
    noise: float = 0.05
    data_seed: int = 1
    g_hidden: tuple = (16, 16)
    d_hidden: tuple = (16, 16)
    g_loss: str = "non_saturating"
    d_steps: int = 1  # k discriminator updates per generator update
    train: str = "both"  # which of the two learns: both, discriminator or generator
    lr_g: float = 0.003
    lr_d: float = 0.003
    batch: int = 64
    iterations: int = 300
    inspect: tuple = ()  # (iteration, sample): that sample's numbers after that iteration
    # VAE
    hidden: tuple = (32,)
    recon: str = "bce"
    beta: float = 1.0
    lr: float = 0.005
    epochs: int = 20
    batch_size: int = 64
    sample: int = 0  # the test digit stepped through
    latent_point: tuple = (0.0, 0.0)  # a point of the latent plane, decoded

    @classmethod
    def from_dict(cls, d) -> Config:
        check_fields(d, cls.__dataclass_fields__)
        dv = cls()
        get = lambda name: d.get(name, getattr(dv, name))  # noqa: E731
        return cls(
            model=_choice(get("model"), "model", MODELS),
            seed=_int(get("seed"), "seed", 0, MAX_SEED),
            activation=_choice(get("activation"), "activation", ACTIVATIONS),
            weights=_weights(get("weights")),
            dataset=_choice(get("dataset"), "dataset", DATASETS),
            points=_points(get("points"), get("dataset")),
            n_samples=_int(get("n_samples"), "n_samples", 8, MAX_POINTS),
            noise=_number(get("noise"), "noise", 0.0, 1.0),
            data_seed=_int(get("data_seed"), "data_seed", 0, MAX_SEED),
            g_hidden=_sizes(get("g_hidden"), "g_hidden", 1),
            d_hidden=_sizes(get("d_hidden"), "d_hidden", 1),
            g_loss=_choice(get("g_loss"), "g_loss", G_LOSSES),
            d_steps=_int(get("d_steps"), "d_steps", 1, 10),
            train=_choice(get("train"), "train", TRAIN_MODES),
            lr_g=_number(get("lr_g"), "lr_g", 0.0, 1.0, open_low=True),
            lr_d=_number(get("lr_d"), "lr_d", 0.0, 1.0, open_low=True),
            batch=_int(get("batch"), "batch", 1, 512),
            iterations=_int(get("iterations"), "iterations", 1, MAX_ITERATIONS),
            inspect=_inspect(get("inspect")),
            hidden=_sizes(get("hidden"), "hidden", 0),
            recon=_choice(get("recon"), "recon", RECONSTRUCTIONS),
            beta=_number(get("beta"), "beta", 0.0, 10.0),
            lr=_number(get("lr"), "lr", 0.0, 1.0, open_low=True),
            epochs=_int(get("epochs"), "epochs", 0, MAX_EPOCHS),
            batch_size=_int(get("batch_size"), "batch_size", 1, 2000),
            sample=_int(get("sample"), "sample", 0, 10**6),
            latent_point=tuple(_number(v, f"latent_point[{i}]", -10.0, 10.0)
                               for i, v in enumerate(_list(get("latent_point"), "latent_point", 2, 2))),
        )

    def to_dict(self) -> dict:
        d = asdict(self)
        d["weights"] = {name: np.array(v).tolist() for name, v in self.weights}
        for key in ("points", "g_hidden", "d_hidden", "inspect", "hidden", "latent_point"):
            d[key] = [list(v) if isinstance(v, tuple) else v for v in getattr(self, key)]
        return d

    def weight_arrays(self) -> dict:
        return {name: np.array(v, dtype=np.float64) for name, v in self.weights}


def _choice(value, name, options):
    if value not in options:
        raise ValueError(_("{name}: must be one of {options}, not {v!r}").format(
            name=name, options=", ".join(options), v=value))
    return value


def _int(value, name, lo, hi):
    return read_number(name, value, lo, hi, integer=True)


def _number(value, name, lo, hi, open_low=False):
    return read_number(name, value, lo, hi, lo_open=open_low)


def _list(value, name, lo, hi):
    if not isinstance(value, (list, tuple)) or not lo <= len(value) <= hi:
        if lo == hi:
            raise ValueError(_("{name}: must be a list of {n} items").format(name=name, n=lo))
        raise ValueError(_("{name}: must be a list of {lo} to {hi} items").format(name=name, lo=lo, hi=hi))
    return value


def _sizes(value, name, lo_layers):
    sizes = _list(value, name, lo_layers, MAX_LAYERS)
    return tuple(_int(v, f"{name}[{i}]", 1, MAX_UNITS) for i, v in enumerate(sizes))


def _points(value, dataset):
    points = _list(value, "points", 0, MAX_POINTS)
    out = tuple(tuple(_number(c, f"points[{i}]", -10.0, 10.0) for c in _list(p, f"points[{i}]", 2, 2))
                for i, p in enumerate(points))
    if dataset == "points" and len(out) < 2:
        raise ValueError(_("points: the dataset 'points' needs at least 2 points (Shift+click on the plot)"))
    return out


def _inspect(value):
    if value is None or (isinstance(value, (list, tuple)) and not value):
        return ()
    it, s = _list(value, "inspect", 2, 2)
    return (_int(it, "inspect[0]", 0, MAX_ITERATIONS), _int(s, "inspect[1]", 0, 10**6))


def _tuples(a):
    return tuple(_tuples(v) for v in a) if a.ndim > 1 else tuple(float(v) for v in a)


def _weights(value):
    if isinstance(value, tuple):  # already checked (a Config's own field)
        return value
    if not isinstance(value, dict):
        raise ValueError(_("weights: must be an object of arrays by name"))
    out = []
    for name, v in value.items():
        a = read_array(f"weights.{name}", v)
        if a.ndim not in (1, 2) or a.size == 0 or a.size > MAX_UNITS * MAX_UNITS:
            raise ValueError(_("weights.{name}: must be a vector or matrix of at most {n} numbers").format(
                name=name, n=MAX_UNITS * MAX_UNITS))
        out.append((str(name), _tuples(a)))
    return tuple(out)


def apply_weights(config: Config, params: dict) -> None:
    """Put ``config.weights`` into a model's ``params``: a weight the model does not have, or whose
    shape differs, is refused by name."""
    weights = config.weight_arrays()
    check_weight_shapes(weights, params)
    params.update(weights)


def check_weight_shapes(weights: dict, expected: dict) -> None:
    """Refuse a starting weight that the model does not have or whose shape differs (field named)."""
    for name, a in weights.items():
        if name not in expected:
            raise ValueError(_("weights.{name}: not a parameter of this model (expected {names})").format(
                name=name, names=", ".join(expected)))
        if a.shape != expected[name].shape:
            raise ValueError(_("weights.{name}: expected shape {expected}, found {found}").format(
                name=name, expected=expected[name].shape, found=a.shape))


def build_timeline(config: Config):
    if config.model == "gan":
        from nnlab.labs.generative_gan import build_timeline as build
    else:
        from nnlab.labs.generative_vae import build_timeline as build
    return build(config)


def train(config: Config, steps: int | None = None, progress=None, should_stop=None):
    """Train the lab's model (``steps``: GAN iterations or VAE epochs, default the config's) and
    return ``(config with the trained weights, summary dict)``; what ``nnlab train`` runs."""
    if config.model == "gan":
        from nnlab.labs.generative_gan import train as run
    else:
        from nnlab.labs.generative_vae import train as run
    return run(config, steps, progress, should_stop)


def with_weights(config: Config, params: dict) -> Config:
    """``config`` starting from ``params`` (e.g. trained or imported weights)."""
    return Config.from_dict({**config.to_dict(), "weights": {k: np.asarray(v).tolist() for k, v in params.items()}})


def export_meta(config: Config) -> dict:
    """What an exported weights file says about its model."""
    if config.model == "gan":
        return {"model": "gan", "g_sizes": [2, *config.g_hidden, 2], "d_sizes": [2, *config.d_hidden, 1],
                "activation": config.activation, "noise": "uniform(-1, 1)^2"}
    return {"model": "vae", "hidden": list(config.hidden), "latent": 2, "activation": config.activation,
            "recon": config.recon, "input": "8x8 pixels / 16"}


def training_key(config: Config) -> Config:
    """The part of the config that decides the training (the sample shown does not)."""
    return replace(config, inspect=(), sample=0, latent_point=(0.0, 0.0))


def final_params(config: Config) -> dict:
    """The parameters where the timeline ends (what Export weights writes)."""
    if config.model == "gan":
        from nnlab.labs.generative_gan import _trained

        params_after = _trained(training_key(config))[2]
        return params_after[max(params_after)]
    from nnlab.labs.generative_vae import _trained

    return _trained(training_key(config))[2]


def check_weights(config: Config) -> None:
    """ValueError naming the weight when ``config.weights`` does not fit the model."""
    if config.model == "gan":
        from nnlab.labs.generative_gan import model
    else:
        from nnlab.labs.generative_vae import model
    model(config)

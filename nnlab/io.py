"""Files: lab files (.nnlab JSON, validated and versioned), atomic writes, and weights.

A lab file is ``{"format": "nnlab", "version": 1, "lab": ..., "title": ..., "config": {...}}``.
Everything a user hands us is validated; bad input raises ``FormatError`` with a one-line reason.
"""

from __future__ import annotations

import errno
import importlib.util
import io
import json
import math
import os
import pickle
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nnlab import torchfile
from nnlab.functions import LEAKY_SLOPE
from nnlab.i18n import _
from nnlab.labs import lab_module

FORMAT = "nnlab"
VERSION = 1
MAX_FILE_BYTES = 50 * 1024 * 1024  # the most any reader reads from one file
MAX_JSON_DEPTH = 32  # brackets inside brackets in a lab file, shared text or weights file
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # what a zip-based file (.npz, .pt) may unpack to, in all
MAX_ZIP_MEMBERS = 1000


class FormatError(ValueError):
    """A file or text that cannot be read as what it claims to be."""


# --- Reading what a user hands us: regular files, JSON, zip archives, all within limits ----------

def _mb(n: int) -> str:
    return f"{n / 2 ** 20:g}"


def read_regular_file(path: str | os.PathLike, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``; FormatError at once for a FIFO, device or directory and for more than
    ``max_bytes`` (OSError for a missing or unreadable file). Never blocks on a stream."""
    path = Path(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise FormatError(_("{name}: not a regular file").format(name=path.name))
    with os.fdopen(fd, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FormatError(_("{name}: larger than {mb} MB").format(name=path.name, mb=_mb(max_bytes)))
    return data


def json_depth(raw: bytes, chunk: int = 1 << 22) -> int:
    """How deep the brackets of a JSON text nest (brackets inside strings aside), without decoding it."""
    raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")  # escapes gone, every quote opens or closes
    depth = top = 0
    inside = False
    for start in range(0, len(raw), chunk):
        a = np.frombuffer(raw, np.uint8, min(chunk, len(raw) - start), start)
        quotes = np.cumsum(a == ord('"')) + inside
        step = ((a == ord("[")) | (a == ord("{"))).astype(np.int32) - ((a == ord("]")) | (a == ord("}")))
        step[quotes % 2 == 1] = 0
        levels = np.cumsum(step) + depth
        if len(levels):
            top, depth, inside = max(top, int(levels.max())), int(levels[-1]), bool(quotes[-1] % 2)
    return top


def load_json(text: str | bytes, max_bytes: int = MAX_FILE_BYTES, max_depth: int = MAX_JSON_DEPTH):
    """``json.loads`` after checking the size and the nesting depth; FormatError naming the limit."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if len(raw) > max_bytes:
        raise FormatError(_("larger than {mb} MB").format(mb=_mb(max_bytes)))
    if json_depth(raw) > max_depth:
        raise FormatError(_("nested more than {n} levels deep").format(n=max_depth))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(_("not valid JSON (line {line}, column {column}: {msg})").format(
            line=exc.lineno, column=exc.colno, msg=exc.msg)) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4,300 digits
        raise FormatError(_("not valid JSON ({msg})").format(msg=str(exc).splitlines()[0])) from None


def check_zip(archive: zipfile.ZipFile, max_total: int = MAX_INFLATED_BYTES) -> None:
    """Refuse a zip archive before inflating anything: at most ``MAX_ZIP_MEMBERS`` members, and
    their declared sizes (which reading never exceeds) within ``max_total`` in all."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise FormatError(_("holds {n} files; at most {most} are read").format(n=len(members), most=MAX_ZIP_MEMBERS))
    total = 0
    for info in members:
        total += info.file_size
        if total > max_total:
            raise FormatError(_("{member}: unpacks to more than {mb} MB").format(
                member=info.filename, mb=_mb(max_total)))


def _check_npy_headers(archive: zipfile.ZipFile) -> None:
    """Each .npy member's header must claim no more data than the member holds (a header claiming
    10¹² numbers would otherwise be allocated before reading)."""
    for info in archive.infolist():
        if not info.filename.endswith(".npy"):
            continue
        try:  # an encrypted member or an unknown compression method cannot be opened at all
            with archive.open(info) as f:
                version = np.lib.format.read_magic(f)
                read_header = {(1, 0): np.lib.format.read_array_header_1_0}.get(version, np.lib.format.read_array_header_2_0)
                shape, _order, dtype = read_header(f)
        except (ValueError, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            raise FormatError(f"{info.filename}: {str(exc).splitlines()[0]}") from None
        if dtype.hasobject:
            raise FormatError(_("{member}: holds Python objects, not numbers (refused)").format(member=info.filename))
        if math.prod(shape) * dtype.itemsize > info.file_size:
            raise FormatError(_("{member}: its header claims more data than it holds").format(member=info.filename))


@dataclass(frozen=True)
class LabFile:
    lab: str
    title: str
    config: Any  # the lab's Config
    locked: tuple[str, ...] = ()  # objectNames of controls a student can see but not change
    hidden: tuple[str, ...] = ()  # objectNames of controls a student does not see

    def to_dict(self) -> dict:
        data = {"format": FORMAT, "version": VERSION, "lab": self.lab, "title": self.title,
                "config": self.config.to_dict()}
        if self.locked:
            data["locked"] = list(self.locked)
        if self.hidden:
            data["hidden"] = list(self.hidden)
        return data


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    if not path.parent.is_dir():  # name the missing folder, not the temporary file
        raise FileNotFoundError(errno.ENOENT, _("no such folder"), str(path.parent))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes the file private; a saved lab is an ordinary file
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def parse_lab(data: Any) -> LabFile:
    """Validate a decoded lab file (migrating older versions) into a LabFile."""
    if not isinstance(data, dict):
        raise FormatError(_("not a lab file: the top level must be a JSON object"))
    if data.get("format") != FORMAT:
        raise FormatError(_("not a lab file: 'format' must be {format}").format(format=repr(FORMAT)))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatError(_("version: must be a positive whole number"))
    if version > VERSION:
        raise FormatError(_("version: {version} is newer than this nnlab reads ({supported}); update nnlab").format(
            version=version, supported=VERSION))
    lab = data.get("lab")
    try:
        module = lab_module(lab) if isinstance(lab, str) else None
    except (ValueError, ModuleNotFoundError):
        module = None
    if module is None:
        raise FormatError(_("lab: unknown lab {lab}").format(lab=repr(lab)))
    title = data.get("title", "")
    if not isinstance(title, str):
        raise FormatError(_("title: must be text"))
    controls = {}
    for key in ("locked", "hidden"):
        names = data.get(key, [])
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise FormatError(_("{key}: must be a list of control names").format(key=key))
        controls[key] = tuple(names)
    config = data.get("config")
    if not isinstance(config, dict):
        raise FormatError(_("config: must be a JSON object"))
    try:
        parsed = module.Config.from_dict(config)
    except FormatError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise FormatError(f"config.{exc}" if not isinstance(exc, KeyError)
                          else _("config.{name}: missing").format(name=exc.args[0])) from None
    return LabFile(lab, title, parsed, **controls)


def loads_lab(text: str) -> LabFile:
    return parse_lab(load_json(text))


def load_lab(path: str | os.PathLike) -> LabFile:
    """Read and validate a .nnlab file; FormatError (or OSError for a missing file) on failure."""
    path = Path(path)
    try:
        text = read_regular_file(path).decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError(_("{name}: not a text file").format(name=path.name)) from None
    return loads_lab(text)


def dumps_lab(lab_file: LabFile) -> str:
    return json.dumps(lab_file.to_dict(), indent=2, ensure_ascii=False) + "\n"


def save_lab(path: str | os.PathLike, lab_file: LabFile) -> None:
    """Write a lab file atomically."""
    atomic_write_text(path, dumps_lab(lab_file))


# --- Weights: export and import of trained parameters -------------------------------------------
#
# .npz: one array per parameter (W1, b1, ...) plus ``meta``, a 0-d unicode array holding JSON, so
# plain ``np.load(path)`` reads it without pickle. .json: {"params": {name: nested lists},
# "meta": {...}}. .onnx (the [onnx] extra): MatMul/Add/activation nodes, input "x", output "y".
# .pkl: Deep-Learning-from-Scratch style dicts of numpy arrays, read by a restricted unpickler
# that can build numpy arrays and nothing else. .pt/.pth: a PyTorch state dict, read without torch
# and without unpickling (nnlab.torchfile): an nn.Sequential of nn.Linear becomes W1, b1, W2, …
# (weights transposed to (in, out)); other state dicts (recurrent layers) keep torch's names.

WEIGHT_SUFFIXES = (".npz", ".json", ".onnx", ".pkl", ".pt", ".pth")
IMPORT_SUFFIXES = (".npz", ".json", ".pkl", ".pt", ".pth")


@dataclass(frozen=True)
class Weights:
    params: dict  # name → np.ndarray
    meta: dict  # sizes, activations, output, normalisation, training summary, ...


def _model_params(model) -> dict[str, np.ndarray]:
    params = model if isinstance(model, dict) else {**model.params, **getattr(model, "buffers", {})}
    return _check_params(params)


def _check_params(params) -> dict[str, np.ndarray]:
    """Validate a name → array mapping: numeric, finite arrays under text names."""
    if not isinstance(params, dict) or not params:
        raise FormatError(_("no weights: expected a non-empty dict of arrays (W1, b1, ...)"))
    checked = {}
    for name, value in params.items():
        if not isinstance(name, str) or not name or name == "meta":
            raise FormatError(_("{name}: weight names must be non-empty text other than 'meta'").format(
                name=repr(name)))
        if not isinstance(value, np.ndarray):
            raise FormatError(_("{name}: expected a numpy array, found {type}").format(
                name=name, type=type(value).__name__))
        if value.dtype.kind not in "fiub":
            raise FormatError(_("{name}: expected numbers, found an array of {dtype}").format(
                name=name, dtype=value.dtype))
        if not np.all(np.isfinite(value)):
            raise FormatError(_("{name}: contains NaN or infinity").format(name=name))
        checked[name] = value
    return checked


def _layer_count(params: dict) -> int:
    n = 0
    while f"W{n + 1}" in params:
        n += 1
    return n


def weights_meta(model, meta: dict | None = None) -> dict:
    """``meta`` completed with the sizes read from the W shapes (and the model's own settings)."""
    params = _model_params(model)
    out = dict(meta or {})
    n = _layer_count(params)
    if n and "sizes" not in out:
        out["sizes"] = [int(params["W1"].shape[0])] + [int(params[f"W{i}"].shape[1]) for i in range(1, n + 1)]
    if not isinstance(model, dict):  # an MLP knows its own settings
        out.setdefault("activations", list(model.activations))
        out.setdefault("output", model.output)
        out.setdefault("loss", model.loss_name)
        out.setdefault("batchnorm", bool(model.buffers))
    return out


def check_export_path(path: str | os.PathLike) -> Path:
    """What ``export_weights`` needs before anything is computed: a .npz, .json or .onnx name (the
    onnx package for .onnx) in an existing folder; FormatError naming what is wrong."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".npz", ".json", ".onnx"):
        raise FormatError(_("{name}: choose .npz, .json or .onnx to export weights").format(name=path.name))
    if suffix == ".onnx" and importlib.util.find_spec("onnx") is None:
        raise FormatError(_("ONNX export needs the onnx package: pip install 'nnlab[onnx]'"))
    if not path.parent.is_dir():
        raise FormatError(_("{folder}: no such folder").format(folder=path.parent))
    return path


def _onnx():
    try:
        import onnx
    except ImportError:
        raise FormatError(_("ONNX export needs the onnx package: pip install 'nnlab[onnx]'")) from None
    return onnx


def export_weights(model, path: str | os.PathLike, meta: dict | None = None, onnx_dtype: str = "float32") -> None:
    """Write ``model``'s parameters (an MLP or a dict of arrays) to .npz, .json or .onnx, atomically.
    ONNX is written in ``onnx_dtype`` (float32, or float64), whatever the parameters' own type."""
    path = check_export_path(path)
    params = _model_params(model)
    meta = weights_meta(model, meta)
    try:
        meta_text = json.dumps(meta, ensure_ascii=False)
    except TypeError as exc:
        raise FormatError(_("meta: not JSON-ready ({exc})").format(exc=exc)) from None
    suffix = path.suffix.lower()
    if suffix == ".npz":
        buffer = io.BytesIO()
        np.savez_compressed(buffer, meta=np.array(meta_text), **params)
        atomic_write_bytes(path, buffer.getvalue())
    elif suffix == ".json":
        data = {"params": {k: v.tolist() for k, v in params.items()}, "meta": meta}
        atomic_write_text(path, json.dumps(data, ensure_ascii=False) + "\n")
    else:
        atomic_write_bytes(path, onnx_bytes(params, meta, onnx_dtype))


def load_weights(path: str | os.PathLike) -> Weights:
    """Read weights from .npz, .json, a DLFS-style .pkl or a PyTorch .pt/.pth state dict;
    FormatError with the reason on bad input."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise FormatError(_("{name}: choose a .npz, .json, .pkl, .pt or .pth weights file").format(name=path.name))
    raw = read_regular_file(path)
    if not raw:
        raise FormatError(_("{name}: the file is empty").format(name=path.name))
    reader = {".npz": _read_npz, ".json": _read_json, ".pkl": _read_pkl, ".pt": _read_torch, ".pth": _read_torch}[suffix]
    try:
        params, meta = reader(raw)
        return Weights(_check_params(params), meta)
    except FormatError as exc:
        raise FormatError(f"{path.name}: {exc}") from None


def _read_npz(raw: bytes) -> tuple[dict, dict]:
    if raw[:4] != b"PK\x03\x04":
        raise FormatError(_("not an .npz file (no zip header)"))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            check_zip(archive)
            _check_npy_headers(archive)
        with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except FormatError:
        raise
    except (ValueError, OSError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FormatError(_("damaged or unreadable .npz ({reason})").format(reason=reason)) from None
    meta = {}
    if "meta" in arrays:
        text = arrays.pop("meta")
        if text.ndim != 0 or text.dtype.kind != "U":
            raise FormatError(_("meta: expected a JSON text entry"))
        meta = _meta_from_json(str(text))
    return arrays, meta


def _read_torch(raw: bytes) -> tuple[dict, dict]:
    try:
        state = torchfile.read_state_dict(raw, MAX_FILE_BYTES)
        if not torchfile.is_recurrent(state):
            return torchfile.mlp_params(state), {"source": "torch"}
    except torchfile.TorchFileError as exc:
        raise FormatError(str(exc)) from None
    return state, {"source": "torch"}


def _meta_from_json(text: str) -> dict:
    try:
        meta = load_json(text)
    except FormatError as exc:
        raise FormatError(f"meta: {exc}") from None
    if not isinstance(meta, dict):
        raise FormatError(_("meta: must be a JSON object"))
    return meta


def _read_json(raw: bytes) -> tuple[dict, dict]:
    try:
        data = load_json(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FormatError(_("not a text file")) from None
    if not isinstance(data, dict) or not isinstance(data.get("params"), dict):
        raise FormatError(_('expected {"params": {name: nested lists}, "meta": {...}}'))
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        raise FormatError(_("meta: must be a JSON object"))
    params = {}
    for name, value in data["params"].items():
        try:
            params[name] = np.array(value, dtype=np.float64)
        except (ValueError, TypeError, OverflowError, RuntimeError):  # ragged, text, huge, > 32 dimensions
            raise FormatError(_("{name}: expected a number or a rectangular nested list of numbers").format(
                name=name)) from None
    return params, meta


class _ArrayUnpickler(pickle.Unpickler):
    """Builds numpy arrays, dtypes and plain containers; any other global is refused before it
    is looked up, so nothing in the file can run."""

    _ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"): np.empty(0).__reduce__()[0],
        ("numpy._core.multiarray", "_reconstruct"): np.empty(0).__reduce__()[0],
        ("numpy.core.numeric", "_frombuffer"): np.empty(1).__reduce_ex__(5)[0],  # protocol 5
        ("numpy._core.numeric", "_frombuffer"): np.empty(1).__reduce_ex__(5)[0],
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
        ("_codecs", "encode"): None,  # protocol-2 bytes; replaced by _latin1 below
    }

    def find_class(self, module, name):
        if (module, name) not in self._ALLOWED:
            raise FormatError(_("refused: the pickle asks for {module}.{name}; only numpy arrays are accepted").format(
                module=module, name=name))
        return self._ALLOWED[(module, name)] or _latin1

    def persistent_load(self, pid):
        raise FormatError(_("refused: the pickle refers to outside objects; only numpy arrays are accepted"))


def _latin1(text, encoding="latin1"):
    """What protocol-2 pickles call to rebuild bytes (``_codecs.encode(text, 'latin1')``), only that."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise FormatError(_("refused: the pickle calls _codecs.encode with something other than latin1 text"))
    return text.encode("latin1")


def _read_pkl(raw: bytes) -> tuple[dict, dict]:
    try:
        data = _ArrayUnpickler(io.BytesIO(raw)).load()
    except FormatError:
        raise
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError,
            KeyError, MemoryError, struct.error, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FormatError(_("damaged or not a pickle of arrays ({reason})").format(reason=reason)) from None
    if not isinstance(data, dict):
        raise FormatError(_("expected a dict of arrays (W1, b1, ...), found {type}").format(type=type(data).__name__))
    return {k: np.array(v) if isinstance(v, np.ndarray) else v for k, v in data.items()}, {}  # writable


# ONNX: one node per operation, in the model's float type. Activation name → (op, attributes).
_ONNX_ACTIVATIONS = {
    "identity": ("Identity", {}), "linear": ("Identity", {}), "sigmoid": ("Sigmoid", {}),
    "tanh": ("Tanh", {}), "relu": ("Relu", {}), "leaky_relu": ("LeakyRelu", {"alpha": 0.01}),
    "softplus": ("Softplus", {}), "sign": ("Sign", {}), "softmax": ("Softmax", {"axis": -1}),
    "step": ("Greater", {}), "piecewise_linear": ("Clip", {}),
}


def onnx_bytes(params: dict, meta: dict, dtype: str = "float32") -> bytes:
    """An ONNX model (opset 17) computing the MLP forward pass, eval mode, input "x" → output "y",
    in float32 or float64. The data's normalisation (``meta["normalisation"]``: shift, scale) comes
    first as Sub and Div nodes, so the model takes raw inputs as the lab does."""
    onnx = _onnx()
    from onnx import TensorProto, helper, numpy_helper

    if dtype not in ("float32", "float64"):
        raise FormatError(_("ONNX precision: choose float32 or float64"))
    n = _layer_count(params)
    if n == 0:
        raise FormatError(_("ONNX export needs weights W1, W2, ..."))
    hidden = meta.get("activations", "sigmoid")
    hidden = [hidden] * (n - 1) if isinstance(hidden, str) else list(hidden)
    names = hidden + [meta.get("output", "identity")]
    if len(names) != n:
        raise FormatError(_("activations: {given} given for {hidden} hidden layers").format(
            given=len(hidden), hidden=n - 1))
    for name in names:
        if name not in _ONNX_ACTIVATIONS:
            raise FormatError(_("activation {name}: no ONNX form").format(name=repr(name)))
    dtype = np.dtype(dtype)
    elem = TensorProto.DOUBLE if dtype == np.float64 else TensorProto.FLOAT
    inits, nodes = [], []

    def const(name, value):
        inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def node(op, inputs, output, **attrs):
        nodes.append(helper.make_node(op, inputs, [output], **attrs))
        return output

    h = "x"
    norm = meta.get("normalisation")
    if isinstance(norm, dict) and norm.get("kind", "none") != "none" and "shift" in norm and "scale" in norm:
        h = node("Sub", [h, const("norm_shift", norm["shift"])], "x_shifted")
        h = node("Div", [h, const("norm_scale", norm["scale"])], "x_normalised")
    for i, act in enumerate(names, start=1):
        h = node("MatMul", [h, const(f"W{i}", params[f"W{i}"])], f"z{i}")
        if f"b{i}" in params:
            h = node("Add", [h, const(f"b{i}", params[f"b{i}"])], f"a{i}")
        if f"gamma{i}" in params:
            stats = [const(f"{k}{i}", params[f"{k}{i}"]) for k in ("gamma", "beta", "running_mean", "running_var")]
            h = node("BatchNormalization", [h, *stats], f"n{i}", epsilon=float(meta.get("batchnorm_eps", 1e-5)))
        out = "y" if i == n else f"h{i}"
        op, attrs = _ONNX_ACTIVATIONS[act]
        if act == "step":  # 1 where x > 0, else 0
            h = node("Cast", [node("Greater", [h, const(f"zero{i}", 0.0)], f"gt{i}")], out, to=elem)
        elif act == "piecewise_linear":  # clip(x, −1, 1)
            h = node("Clip", [h, const(f"lo{i}", -1.0), const(f"hi{i}", 1.0)], out)
        elif act == "leaky_relu":  # max(x, 0.01·x): LeakyRelu's alpha attribute is only a float32
            h = node("Max", [h, node("Mul", [h, const(f"slope{i}", LEAKY_SLOPE)], f"leak{i}")], out)
        elif act == "softplus" and dtype == np.float64:  # no float64 Softplus kernel: relu(x) + log(1 + exp(−|x|))
            tail = node("Exp", [node("Neg", [node("Abs", [h], f"abs{i}")], f"nabs{i}")], f"exp{i}")
            tail = node("Log", [node("Add", [tail, const(f"one{i}", 1.0)], f"exp1{i}")], f"log{i}")
            h = node("Add", [node("Relu", [h], f"relu{i}"), tail], out)
        else:
            h = node(op, [h], out, **attrs)
    n_in, n_out = params["W1"].shape[0], params[f"W{n}"].shape[1]
    graph = helper.make_graph(
        nodes, "nnlab_mlp",
        [helper.make_tensor_value_info("x", elem, ["batch", n_in])],
        [helper.make_tensor_value_info("y", elem, ["batch", n_out])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="nnlab")
    model.ir_version = 8
    model.metadata_props.append(onnx.StringStringEntryProto(key="nnlab", value=json.dumps(meta)))
    onnx.checker.check_model(model)
    return model.SerializeToString()

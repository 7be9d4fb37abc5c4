"""PyTorch ``.pt``/``.pth`` state dicts read without torch and without unpickling.

``torch.save(model.state_dict(), path)`` writes a zip: ``<name>/data.pkl`` (a pickle describing
an ``OrderedDict`` of tensors) and one raw little-endian storage per tensor in ``<name>/data/<key>``.
``data.pkl`` is never handed to ``pickle``: its opcodes (listed by ``pickletools.genops``, which
only parses) are interpreted by a small stack machine that knows the few globals a state dict
uses — ``collections.OrderedDict``, ``torch._utils._rebuild_tensor_v2``/``_rebuild_parameter`` and
the ``torch.*Storage`` types — and builds dicts, tuples and numpy arrays from them. Any other
global, or any opcode outside that vocabulary, is refused: nothing in the file can run.
"""

from __future__ import annotations

import io
import pickletools
import zipfile
import zlib

import numpy as np

from nnlab.i18n import _

MAX_PICKLE_BYTES = 1024 * 1024  # data.pkl of a state dict is small: its tensors live in data/N

_STORAGE_DTYPES = {
    "DoubleStorage": "<f8", "FloatStorage": "<f4", "HalfStorage": "<f2", "LongStorage": "<i8",
    "IntStorage": "<i4", "ShortStorage": "<i2", "CharStorage": "i1", "ByteStorage": "u1", "BoolStorage": "?",
}


class TorchFileError(ValueError):
    """A .pt file that is not a plain state dict of tensors (the reason in one line)."""


class _Global:
    """A global named by the pickle, kept as a name: it is never imported or called."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name

    def __repr__(self):
        return f"{self.module}.{self.name}"


class _Storage:
    def __init__(self, dtype: str, key: str, numel: int):
        self.dtype, self.key, self.numel = dtype, key, numel


def _open_zip(raw: bytes) -> tuple[zipfile.ZipFile, str]:
    """The archive and its top folder (the one place this module opens a zip)."""
    if raw[:1] == b"\x80":
        raise TorchFileError(_("the old (before PyTorch 1.6) .pt format is not read: save it again with a "
                               "recent torch, or export .npz"))
    if raw[:4] != b"PK\x03\x04":
        raise TorchFileError(_("not a PyTorch file (no zip header)"))
    from nnlab.io import check_zip  # nnlab.io imports this module

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TorchFileError(_("damaged zip ({reason})").format(reason=exc)) from None
    check_zip(archive)  # member count and declared sizes, before anything is inflated
    pickles = [n for n in archive.namelist() if n.endswith("/data.pkl") and n.count("/") == 1]
    if len(pickles) != 1:
        raise TorchFileError(_("not a torch.save file: no data.pkl"))
    return archive, pickles[0][: -len("data.pkl")]


def _member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise TorchFileError(_("{name}: missing from the archive").format(name=name)) from None
    if info.file_size > limit:
        raise TorchFileError(_("{name}: larger than expected ({size} bytes)").format(name=name, size=info.file_size))
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise TorchFileError(_("{name}: damaged ({reason})").format(name=name, reason=exc)) from None


def _interpret(data: bytes) -> object:
    """Run data.pkl's opcodes on a stack, building only what a state dict contains."""
    stack, marks, memo = [], [], {}

    def pop_mark():
        start = marks.pop()
        items = stack[start:]
        del stack[start:]
        return items

    try:
        for op, arg, _pos in pickletools.genops(data):
            name = op.name
            if name in ("PROTO", "FRAME"):
                continue
            if name == "STOP":
                break
            if name == "MARK":
                marks.append(len(stack))
            elif name in ("BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8", "UNICODE", "BININT", "BININT1",
                          "BININT2", "LONG1", "BINFLOAT"):
                stack.append(arg)
            elif name in ("NEWTRUE", "NEWFALSE", "NONE"):
                stack.append({"NEWTRUE": True, "NEWFALSE": False, "NONE": None}[name])
            elif name == "EMPTY_TUPLE":
                stack.append(())
            elif name in ("TUPLE1", "TUPLE2", "TUPLE3"):
                n = int(name[-1])
                items = tuple(stack[-n:])
                del stack[-n:]
                stack.append(items)
            elif name == "TUPLE":
                stack.append(tuple(pop_mark()))
            elif name == "EMPTY_DICT":
                stack.append({})
            elif name == "EMPTY_LIST":
                stack.append([])
            elif name == "SETITEM":
                value, key = stack.pop(), stack.pop()
                _dict(stack[-1])[key] = value
            elif name == "SETITEMS":
                items = pop_mark()
                target = _dict(stack[-1])
                for key, value in zip(items[::2], items[1::2]):
                    target[key] = value
            elif name in ("APPEND", "APPENDS"):
                items = [stack.pop()] if name == "APPEND" else pop_mark()
                if not isinstance(stack[-1], list):
                    raise TorchFileError(_("unexpected structure in data.pkl"))
                stack[-1].extend(items)
            elif name in ("BINPUT", "LONG_BINPUT"):
                memo[arg] = stack[-1]
            elif name == "MEMOIZE":
                memo[len(memo)] = stack[-1]
            elif name in ("BINGET", "LONG_BINGET"):
                stack.append(memo[arg])
            elif name == "GLOBAL":
                module, _sep, attr = arg.partition(" ")
                stack.append(_global(module, attr))
            elif name == "STACK_GLOBAL":
                attr, module = stack.pop(), stack.pop()
                stack.append(_global(module, attr))
            elif name == "BINPERSID":
                stack.append(_storage(stack.pop()))
            elif name == "REDUCE":
                args, func = stack.pop(), stack.pop()
                stack.append(_call(func, args))
            elif name == "BUILD":
                state = stack.pop()  # an OrderedDict's __dict__ (torch's _metadata): not needed
                if not isinstance(stack[-1], dict) or not isinstance(state, (dict, type(None))):
                    raise TorchFileError(_("unexpected structure in data.pkl"))
            else:
                raise TorchFileError(_("refused: data.pkl uses the {op} opcode, which a state dict does not").format(
                    op=name))
    except (IndexError, KeyError, ValueError, TypeError) as exc:
        if isinstance(exc, TorchFileError):
            raise
        raise TorchFileError(_("damaged data.pkl ({reason})").format(reason=type(exc).__name__)) from None
    if len(stack) != 1:
        raise TorchFileError(_("damaged data.pkl ({reason})").format(reason="stack"))
    return stack[0]


def _dict(target):
    if not isinstance(target, dict):
        raise TorchFileError(_("unexpected structure in data.pkl"))
    return target


_KNOWN = {("collections", "OrderedDict"), ("torch._utils", "_rebuild_tensor_v2"),
          ("torch._utils", "_rebuild_parameter")} | {("torch", s) for s in _STORAGE_DTYPES}


def _global(module: str, name: str) -> _Global:
    if (module, name) not in _KNOWN:
        raise TorchFileError(_("refused: data.pkl asks for {module}.{name}; only a state dict of tensors is read").format(
            module=module, name=name))
    return _Global(module, name)


def _storage(pid) -> _Storage:
    if (not isinstance(pid, tuple) or len(pid) != 5 or pid[0] != "storage" or not isinstance(pid[1], _Global)
            or pid[1].module != "torch" or pid[1].name not in _STORAGE_DTYPES or not isinstance(pid[2], str)
            or not isinstance(pid[4], int) or pid[4] < 0):
        raise TorchFileError(_("unexpected storage reference in data.pkl"))
    return _Storage(_STORAGE_DTYPES[pid[1].name], pid[2], pid[4])


def _call(func, args):
    """REDUCE: the known globals only, each replaced by what it would have built."""
    if not isinstance(func, _Global) or not isinstance(args, tuple):
        raise TorchFileError(_("unexpected structure in data.pkl"))
    if func.name == "OrderedDict" and args == ():
        return {}
    if func.name == "_rebuild_tensor_v2" and len(args) >= 4 and isinstance(args[0], _Storage):
        storage, offset, size, stride = args[:4]
        if not (isinstance(offset, int) and isinstance(size, tuple) and isinstance(stride, tuple)
                and len(size) == len(stride) and all(isinstance(v, int) and v >= 0 for v in size + stride + (offset,))):
            raise TorchFileError(_("unexpected tensor layout in data.pkl"))
        return ("tensor", storage, offset, size, stride)
    if func.name == "_rebuild_parameter" and args and isinstance(args[0], tuple) and args[0][:1] == ("tensor",):
        return args[0]
    raise TorchFileError(_("refused: data.pkl calls {name} in a way a state dict does not").format(name=func))


def _tensor(archive, folder: str, ref) -> np.ndarray:
    _tag, storage, offset, size, stride = ref
    dtype = np.dtype(storage.dtype)
    raw = _member(archive, f"{folder}data/{storage.key}", storage.numel * dtype.itemsize)
    if len(raw) != storage.numel * dtype.itemsize:
        raise TorchFileError(_("data/{key}: {n} bytes, expected {m}").format(
            key=storage.key, n=len(raw), m=storage.numel * dtype.itemsize))
    flat = np.frombuffer(raw, dtype=dtype)
    last = offset + sum((n - 1) * s for n, s in zip(size, stride)) if all(size) else offset - 1
    if last >= storage.numel:
        raise TorchFileError(_("data/{key}: the tensor reaches past its storage").format(key=storage.key))
    if not all(size):
        return np.zeros(size, dtype=dtype)
    view = np.lib.stride_tricks.as_strided(flat[offset:], shape=size, strides=[s * dtype.itemsize for s in stride])
    return np.array(view, dtype=np.float64 if dtype.kind == "f" else dtype)


def read_state_dict(raw: bytes, limit: int) -> dict[str, np.ndarray]:
    """The tensors of a ``torch.save(state_dict)`` file, by name, as numpy arrays (floats as float64)."""
    archive, folder = _open_zip(raw)
    with archive:
        tree = _interpret(_member(archive, f"{folder}data.pkl", MAX_PICKLE_BYTES))
        if not isinstance(tree, dict) or not tree:
            raise TorchFileError(_("expected a state dict (names → tensors), found something else"))
        arrays = {}
        for name, ref in tree.items():
            if not isinstance(name, str) or not (isinstance(ref, tuple) and ref[:1] == ("tensor",)):
                raise TorchFileError(_("{name}: not a tensor").format(name=repr(name)))
            arrays[name] = _tensor(archive, folder, ref)
        if sum(a.nbytes for a in arrays.values()) > limit:
            raise TorchFileError(_("the tensors are larger than {mb} MB").format(mb=limit // 2**20))
        return arrays


def is_recurrent(state: dict) -> bool:
    """Whether the state dict holds recurrent layers (``weight_ih_l0``, …) rather than Linear ones."""
    return any(name.rpartition(".")[2].startswith(("weight_ih", "weight_hh")) for name in state)


def mlp_params(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """An ``nn.Sequential`` of ``nn.Linear`` state dict in nnlab's layout: ``0.weight`` (out, in) →
    ``W1`` (in, out), ``0.bias`` → ``b1``, the next Linear → ``W2``, … in the file's order."""
    params, layer = {}, 0
    for name, value in state.items():
        stem, _dot, kind = name.rpartition(".")
        if kind == "weight" and value.ndim == 2:
            layer += 1
            params[f"W{layer}"] = np.ascontiguousarray(value.T)
            bias = state.get(f"{stem}.bias")
            if bias is not None:
                if bias.shape != (value.shape[0],):
                    raise TorchFileError(_("{name}: shape {shape}, expected ({n},)").format(
                        name=f"{stem}.bias", shape=bias.shape, n=value.shape[0]))
                params[f"b{layer}"] = bias
        elif not (kind == "bias" and f"{stem}.weight" in state):
            raise TorchFileError(_("{name}: not the weight or bias of an nn.Linear; only an nn.Sequential of "
                                   "Linear layers (with activations between) is read").format(name=name))
    if not params:
        raise TorchFileError(_("no nn.Linear weights in the state dict"))
    for i in range(1, layer):
        a, b = params[f"W{i}"], params[f"W{i + 1}"]
        if a.shape[1] != b.shape[0]:
            raise TorchFileError(_("layer {i} gives {n} outputs but layer {j} takes {m} inputs").format(
                i=i, n=a.shape[1], j=i + 1, m=b.shape[0]))
    if layer and sum(f"b{i}" in params for i in range(1, layer + 1)) not in (0, layer):
        raise TorchFileError(_("some Linear layers have a bias and some do not; nnlab needs all or none"))
    return params

"""Property tests: lab files generated per lab from its own fields (wrong types, huge and tiny
values, deep nesting, unknown fields), weight files, CSV text and shared texts. Each is either
refused with a clean ValueError/FormatError naming a field (or the file's problem) or read into
something valid; never another exception. Derandomized, so every run tries the same inputs."""

import base64
import dataclasses
import io
import json
import re
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnlab import data
from nnlab.io import FormatError, load_weights, loads_lab
from nnlab.labs import LABS, lab_module
from nnlab.presets import load_preset
from nnlab.share import PREFIX, decode, encode

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def nested(depth: int, leaf=1):
    for _ in range(depth):
        leaf = [leaf]
    return leaf


# Values no field should choke on: wrong types, huge and tiny numbers, deep nesting.
HOSTILE = st.one_of(
    st.booleans(), st.none(), st.text(max_size=12),
    st.integers(min_value=-10**400, max_value=10**400),
    st.sampled_from([10**400, -10**400, 2**63, 2**1024, 1e308, -1e308, 5e-324, 0, -0.0, 0.5, 1, 2, 10**9]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.builds(nested, st.integers(1, 40)),
    st.lists(st.one_of(st.integers(-3, 3), st.floats(allow_nan=True), st.text(max_size=3)), max_size=5),
    st.dictionaries(st.text(max_size=5), st.integers(-2, 2), max_size=3),
)


def lab_fields(lab: str) -> list[str]:
    return [f.name for f in dataclasses.fields(lab_module(lab).Config)]


def mutate(value, draw):
    """``value`` replaced, or (a list) one of its entries replaced, by a hostile value."""
    if isinstance(value, list) and value and draw(st.booleans()):
        i = draw(st.integers(0, len(value) - 1))
        return [mutate(v, draw) if k == i else v for k, v in enumerate(value)]
    if isinstance(value, dict) and value and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(value)))
        return {**value, key: mutate(value[key], draw)}
    return draw(HOSTILE)


@st.composite
def lab_files(draw, lab: str):
    d = load_preset(lab_module(lab).DEFAULT_PRESET).to_dict()
    config = d["config"]
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from([*lab_fields(lab), "unknown_field"]))
        config[name] = mutate(config.get(name), draw)
    return d


def names_a_field(message: str, lab: str) -> bool:
    root = re.split(r"[.\[:]", message.removeprefix("config."))[0]
    return root in lab_fields(lab) or root in ("config", "unknown_field")


@pytest.mark.parametrize("lab", LABS)
def test_lab_files_are_refused_naming_a_field_or_build(lab):
    module = lab_module(lab)

    @SETTINGS
    @given(lab_files(lab))
    def check(d):
        try:
            config = module.Config.from_dict(d["config"])
        except ValueError as exc:  # the engine's own refusal
            assert names_a_field(str(exc), lab), str(exc)
            with pytest.raises(FormatError):
                loads_lab(json.dumps(d))
            return
        assert len(module.build_timeline(config)) > 0

    check()


@SETTINGS
@given(st.one_of(st.binary(max_size=300), st.builds(lambda n: b"[" * n, st.integers(1, 200_000))))
def test_shared_texts(raw):
    text = PREFIX + base64.urlsafe_b64encode(zlib.compress(raw)).decode()
    for candidate in (text, text[: len(text) // 2], raw.decode("latin1")):
        try:
            decode(candidate)
        except FormatError:
            pass


def test_a_shared_text_round_trips():
    lab = load_preset("xor-mlp")
    assert decode(encode(lab)) == lab


CSV_CELLS = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr), st.integers().map(str),
                      st.text(alphabet=",;\t\r\n\"'ab 1.e-", max_size=8))


@SETTINGS
@given(st.lists(st.lists(CSV_CELLS, min_size=1, max_size=4), max_size=8), st.sampled_from([",", ";", "\t"]),
       st.sampled_from(["\n", "\r\n", "\r"]), st.integers(-4, 3))
def test_csv_text(rows, sep, end, label):
    text = end.join(sep.join(r) for r in rows)
    try:
        d = data.parse_csv(text, label)
    except FormatError:
        return
    assert d.x.shape[0] == len(d.t) and np.all(np.isfinite(d.x)) and len(d.classes) >= 1


@st.composite
def weight_files(draw):
    kind = draw(st.sampled_from([".npz", ".json", ".pkl"]))
    if kind == ".json":
        params = draw(st.dictionaries(st.text(max_size=4), HOSTILE, max_size=3))
        body = draw(st.sampled_from([{"params": params}, {"params": params, "meta": draw(HOSTILE)}, params]))
        raw = json.dumps(body).encode()
    elif kind == ".npz":
        buffer = io.BytesIO()
        arrays = {f"W{i}": np.asarray(draw(st.lists(st.floats(allow_nan=True), max_size=4)), dtype=np.float64)
                  for i in range(draw(st.integers(0, 2)))}
        np.savez(buffer, **arrays)
        raw = buffer.getvalue()
        if draw(st.booleans()):  # damage it
            i = draw(st.integers(0, len(raw) - 1))
            raw = raw[:i] + draw(st.binary(min_size=1, max_size=8)) + raw[i + 8:]
    else:
        raw = draw(st.binary(max_size=200))
    return kind, raw


@SETTINGS
@given(weight_files())
def test_weight_files(tmp_path_factory, case):
    kind, raw = case
    path = tmp_path_factory.mktemp("w") / f"w{kind}"
    path.write_bytes(raw)
    try:
        weights = load_weights(path)
    except FormatError as exc:
        assert str(exc).startswith(path.name), str(exc)
        return
    assert all(np.all(np.isfinite(a)) for a in weights.params.values())

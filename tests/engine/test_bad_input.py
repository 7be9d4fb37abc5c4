"""Bad input refused cleanly: the one number reader, nesting and size limits, streams, zip bombs, CSV."""

import base64
import io
import json
import os
import zipfile
import zlib

import numpy as np
import pytest

from nnlab import data, i18n
from nnlab.io import (MAX_JSON_DEPTH, FormatError, check_zip, json_depth, load_json, load_lab, load_weights,
                      loads_lab, read_regular_file)
from nnlab.labs import lab_module, read_array, read_number
from nnlab.presets import load_preset
from nnlab.share import PREFIX, decode

HUGE = 10**400  # a JSON integer too large for a float


@pytest.mark.parametrize("value", [HUGE, -HUGE, True, False, "1", None, [1], float("nan"), float("inf"),
                                   -float("inf"), 1.5e6, -0.5])
def test_read_number_refuses_with_the_field_and_the_range(value):
    with pytest.raises(ValueError, match=r"^lr: must be a number from 0 to 1000000$"):
        read_number("lr", value, 0, 1e6)


def test_read_number_accepts_and_words_each_kind_of_range():
    assert read_number("x", 3, -1, 5) == 3.0 and isinstance(read_number("x", 3, -1, 5), float)
    assert read_number("n", 4.0, 1, 10, integer=True) == 4 and isinstance(read_number("n", 4.0, 1, 10, integer=True), int)
    assert read_number("seed", 2**32 - 1, 0, 2**32 - 1, integer=True) == 2**32 - 1
    cases = [(dict(lo_open=True), 0, "x: must be a number above 0 and at most 1"),
             (dict(hi_open=True), 1, "x: must be a number from 0 to below 1"),
             (dict(integer=True), 0.5, "x: must be a whole number from 0 to 1"),
             (dict(integer=True), HUGE, "x: must be a whole number from 0 to 1")]
    for kw, value, message in cases:
        with pytest.raises(ValueError) as info:
            read_number("x", value, 0, 1, **kw)
        assert str(info.value) == message
    with pytest.raises(ValueError, match=r"^h: must be a number from 10⁻¹⁶ to 1$"):
        read_number("h", 0, 1e-16, 1)
    with pytest.raises(ValueError, match=r"^x: must be a number from −2\.5 to 2\.5$"):
        read_number("x", 3, -2.5, 2.5)


def test_read_number_speaks_korean():
    i18n.set_language("ko")
    try:
        with pytest.raises(ValueError, match=r"^epochs: 1 이상 100000 이하의 정수여야 합니다$"):
            read_number("epochs", 10**9, 1, 100_000, integer=True)
    finally:
        i18n.set_language("en")


def test_read_array_names_the_bad_entry():
    np.testing.assert_array_equal(read_array("W", [[1, 2.5], [3, 4]]), [[1, 2.5], [3, 4]])
    for value, field in [([[1, 2], [3, HUGE]], r"W\[1\]\[1\]"), ([[1, True]], r"W\[0\]\[1\]"),
                         ([1, "a"], r"W\[1\]"), ([[1, 2e6]], r"W\[0\]\[1\]")]:
        with pytest.raises(ValueError, match=rf"^{field}: must be a number from −1000000 to 1000000$"):
            read_array("W", value)
    for ragged in ([[1, 2], [3]], [[1, 2], [3, [4]]]):
        with pytest.raises(ValueError, match="^W: must be a number or a rectangular nested list"):
            read_array("W", ragged)


# A numeric field of each lab holding a JSON integer too large for a float.
HUGE_FIELDS = [("network", ["learning_rate"]), ("network", ["input", 0]), ("training", ["lr"]),
               ("training", ["stop_loss"]), ("training", ["epochs"]), ("perceptron", ["b"]),
               ("activations", ["x0"]), ("optimizer", ["start", 0]), ("graph", ["nodes", 0, "value"]),
               ("recurrent", ["sequence", 0, 0]), ("conv", ["input", 0, 0, 0]), ("pooling", ["input", 0, 0, 0])]


@pytest.mark.parametrize("lab, path", HUGE_FIELDS, ids=[f"{lab}-{p[0]}" for lab, p in HUGE_FIELDS])
def test_a_huge_integer_is_refused_naming_the_field(lab, path):
    d = load_preset(lab_module(lab).DEFAULT_PRESET).to_dict()
    node = d["config"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = HUGE
    text = json.dumps(d)
    with pytest.raises(FormatError, match=rf"^config\.{path[0]}\S*: must be a (whole )?number "):
        loads_lab(text)


def test_json_depth_and_limits():
    assert json_depth(b'[1, "[[[\\\\\\"]]", {"a": []}]') == 3
    assert json_depth(b"1") == 0 and json_depth(b"[" * 100_000) == 100_000
    with pytest.raises(FormatError, match=f"^nested more than {MAX_JSON_DEPTH} levels deep$"):
        loads_lab("[" * 100_000 + "]" * 100_000)
    with pytest.raises(FormatError, match=r"^larger than 0\.5 MB$"):
        load_json(" " * (2**19 + 1), max_bytes=2**19)
    with pytest.raises(FormatError, match="^not valid JSON"):
        load_json("1" * 5000)  # past Python's digit limit for int()
    deep = PREFIX + base64.urlsafe_b64encode(zlib.compress(b"[" * 50_000)).decode()
    with pytest.raises(FormatError, match=f"nested more than {MAX_JSON_DEPTH} levels deep"):
        decode(deep)


def test_only_regular_files_are_read(tmp_path):
    fifo = tmp_path / "pipe.nnlab"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero", tmp_path):
        with pytest.raises(FormatError, match="not a regular file"):
            load_lab(path)
    big = tmp_path / "big.nnlab"
    big.write_bytes(b" " * (2**19 + 1))
    with pytest.raises(FormatError, match=r"^big.nnlab: larger than 0\.5 MB$"):
        read_regular_file(big, max_bytes=2**19)
    with pytest.raises(FileNotFoundError):
        load_lab(tmp_path / "missing.nnlab")


def _npz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_members_are_checked_before_inflating(tmp_path):
    path = tmp_path / "bomb.npz"
    path.write_bytes(_npz({"W1.npy": bytes(201 * 2**20)}))  # 200 kB that inflate to 201 MB
    assert path.stat().st_size < 2**20
    with pytest.raises(FormatError, match=r"^bomb.npz: W1.npy: unpacks to more than 200 MB$"):
        load_weights(path)
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (10**12,)})
    path.write_bytes(_npz({"W1.npy": header.getvalue() + bytes(64)}))
    with pytest.raises(FormatError, match=r"^bomb.npz: W1.npy: its header claims more data than it holds$"):
        load_weights(path)
    many = zipfile.ZipFile(io.BytesIO(_npz({f"a{i}.npy": b"" for i in range(1001)})))
    with pytest.raises(FormatError, match="^holds 1001 files; at most 1000 are read$"):
        check_zip(many)


def test_csv_errors_name_the_line():
    assert len(data.parse_csv("1,2,0\r3,4,1\r5,6,0\r")) == 3  # bare \r line ends read as lines
    with pytest.raises(FormatError, match=r"^data.csv, line 2: field larger than field limit"):
        data.parse_csv("a,b,c\n1," + "9" * 200_000 + ",0\n")
    with pytest.raises(FormatError, match=r"^data.csv, line 5002: more than 5000 data rows$"):
        data.parse_csv("1,2,0\n" * 5001 + "1,2,1\n")
    with pytest.raises(FormatError, match=r"^data.csv, line 1: more than 1000 columns$"):
        data.parse_csv(",".join(["1"] * 1001))


def test_an_export_into_a_missing_folder_names_the_folder(tmp_path):
    from nnlab.io import atomic_write_bytes, export_weights

    missing = tmp_path / "gone"
    with pytest.raises(FormatError, match=f"^{missing}: no such folder$"):
        export_weights({"W1": np.eye(2)}, missing / "w.npz")
    with pytest.raises(FileNotFoundError) as info:
        atomic_write_bytes(missing / "w.npz", b"x")
    assert info.value.filename == str(missing)  # not the temporary file's name


def test_a_run_from_code_has_the_lab_files_bounds():
    from nnlab.labs import training

    with pytest.raises(ValueError, match="^epochs: must be a whole number from 1 to 100000$"):
        training.run(load_preset("xor-mlp").config, epochs=10**9)

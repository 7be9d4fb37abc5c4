import zlib
import base64

import pytest

from nnlab.io import FormatError, LabFile, loads_lab, dumps_lab
from nnlab.presets import load_preset
from nnlab.share import PREFIX, decode, encode


def test_a_shared_text_round_trips_with_locks():
    lab = load_preset("three-layer")
    lab = LabFile(lab.lab, lab.title, lab.config, locked=("learning_rate",), hidden=("seed",))
    text = encode(lab)
    assert text.startswith(PREFIX) and len(text) < 600 and "\n" not in text
    back = decode(text[:40] + "\n " + text[40:])  # survives a line break from a chat client
    assert back == lab and back.locked == ("learning_rate",) and back.hidden == ("seed",)
    assert loads_lab(dumps_lab(lab)) == lab


@pytest.mark.parametrize("text, words", [
    ("hello", "should start with"),
    (PREFIX + "!!!!", "damaged"),
    (PREFIX + base64.urlsafe_b64encode(zlib.compress(b"[1, 2]")).decode(), "top level"),
])
def test_bad_texts_are_refused(text, words):
    with pytest.raises(FormatError, match=words):
        decode(text)


def test_a_truncated_text_is_refused():
    text = encode(load_preset("seed-forward"))
    with pytest.raises(FormatError):
        decode(text[: len(text) // 2])


def test_a_decompression_bomb_is_refused():
    bomb = PREFIX + base64.urlsafe_b64encode(zlib.compress(b" " * (6 * 1024 * 1024))).decode()
    with pytest.raises(FormatError, match="larger than"):
        decode(bomb)


def test_locked_must_be_names():
    with pytest.raises(FormatError, match="locked"):
        loads_lab('{"format": "nnlab", "version": 1, "lab": "network", "config": {}, "locked": [3]}')

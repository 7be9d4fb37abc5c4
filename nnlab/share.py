"""A lab as a short text that survives a chat window: ``nnlab:`` + base64url(zlib(JSON))."""

from __future__ import annotations

import base64
import binascii
import json
import zlib

from nnlab.i18n import _
from nnlab.io import FormatError, LabFile, load_json, parse_lab

PREFIX = "nnlab:"
MAX_JSON_BYTES = 5 * 1024 * 1024  # refuse texts that would inflate beyond this


def encode(lab_file: LabFile) -> str:
    data = json.dumps(lab_file.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return PREFIX + base64.urlsafe_b64encode(zlib.compress(data, 9)).decode("ascii").rstrip("=")


def decode(text: str) -> LabFile:
    """The lab in a shared text; FormatError with the reason for anything else."""
    if len(text) > 2 * MAX_JSON_BYTES:
        raise FormatError(_("the shared lab is larger than 5 MB"))
    text = "".join(text.split())  # chat clients wrap long lines
    if not text.startswith(PREFIX):
        raise FormatError(_("not a shared lab: it should start with {prefix}").format(prefix=repr(PREFIX)))
    body = text[len(PREFIX):]
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_JSON_BYTES)
        if inflater.unconsumed_tail:
            raise FormatError(_("the shared lab is larger than 5 MB"))
        text = raw.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, FormatError):
            raise
        raise FormatError(_("the shared text is damaged or incomplete (was it cut off?)")) from None
    try:
        data = load_json(text, MAX_JSON_BYTES)
    except FormatError as exc:
        raise FormatError(_("the shared text is damaged or incomplete (was it cut off?)") + f" ({exc})") from None
    return parse_lab(data)

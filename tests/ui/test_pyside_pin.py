"""Regression guard for the PySide6 pin (<6.12): 6.12.0 drops a reference to None on every call
of a Qt method that returns nothing, and the interpreter aborts after about a thousand calls.
Run in a subprocess so that such an abort fails this test instead of the whole run.
Lift the pin only when a release passes it."""

import subprocess
import sys

CODE = """
import sys
from PySide6.QtGui import QColor, QGuiApplication, QPen
app = QGuiApplication([])
pen, colour = QPen(), QColor(10, 20, 30)
before = sys.getrefcount(None)
for _ in range(10_000):
    pen.setColor(colour)
print(sys.getrefcount(None) - before)
"""


def test_void_qt_calls_keep_the_refcount_of_none():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.returncode == 0, out.stderr[-500:]
    assert abs(int(out.stdout.strip())) < 100

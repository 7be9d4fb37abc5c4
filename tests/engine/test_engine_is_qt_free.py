"""The engine never imports Qt, pyqtgraph or ui: importing every nnlab module in a fresh
interpreter leaves them unloaded (cli.py imports ui only inside the window commands)."""

import pkgutil
import subprocess
import sys

import nnlab
import nnlab.labs


def test_importing_the_engine_loads_no_qt():
    modules = [f"nnlab.{m.name}" for m in pkgutil.iter_modules(nnlab.__path__)] + \
              [f"nnlab.labs.{m.name}" for m in pkgutil.iter_modules(nnlab.labs.__path__)]
    modules.remove("nnlab.__main__")
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules) +
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'ui', 'shiboken6')]\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert len(modules) >= 8

import os
import tempfile

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app runs (nnlab/cli.py), before numpy loads
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# Settings, recent files and autosaves of test windows go to a throw-away home, not the user's.
_home = tempfile.mkdtemp(prefix="nnlab-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")

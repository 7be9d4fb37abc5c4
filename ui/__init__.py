"""nnlab's window: PySide6 + pyqtgraph views that render what the engine computes."""

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import os
import tempfile

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app runs (nnlab/cli.py), before numpy loads
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# Settings, recent files and autosaves of test windows go to a throw-away home, not the user's.
_home = tempfile.mkdtemp(prefix="nnlab-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")


def mnist_idx(folder, n: int = 120, images=None, labels=None) -> tuple[str, str]:
    """(images, labels) paths of IDX files in ``folder`` holding the first n digits resized to
    28×28 — MNIST's format without MNIST — or the given arrays."""
    from nnlab import cnn
    from nnlab.data import idx_bytes

    x, t = cnn.digits_as_mnist(n)
    paths = (os.path.join(folder, "im.idx"), os.path.join(folder, "lb.idx"))
    for path, a in zip(paths, (x if images is None else images, t if labels is None else labels)):
        with open(path, "wb") as f:
            f.write(idx_bytes(a))
    return paths

"""`nnlab render` draws the window offscreen at a step."""

import subprocess
import sys

from PySide6.QtGui import QImage


def test_render_writes_a_png_of_the_requested_step(tmp_path):
    out = tmp_path / "step2.png"
    proc = subprocess.run([sys.executable, "-m", "nnlab", "render", "seed-forward", "--out", str(out),
                           "--step", "2", "--size", "1000x700"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    assert "step 2" in proc.stderr


def test_render_refuses_a_step_out_of_range(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "nnlab", "render", "seed-forward", "--out",
                           str(tmp_path / "x.png"), "--step", "9999"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "--step must be between 0 and" in proc.stderr
    assert not (tmp_path / "x.png").exists()

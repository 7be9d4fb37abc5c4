"""The README holds: its notebook example prints what its comments say; its limits are the engine's."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_notebook_example_prints_what_it_promises():
    block = re.search(r"## In a notebook.*?```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    printed = []
    exec(compile(block, "README.md", "exec"), {"print": lambda *a: printed.append(" ".join(map(str, a)))})
    promised = [line.split("# ", 1)[1].strip() for line in block.splitlines() if line.startswith("print(")]
    assert printed == promised and len(promised) == 3


def test_ci_runs_exactly_the_readme_test_command():
    text = README.read_text(encoding="utf-8")
    command = re.search(r"Install and run the tests.*?```sh\n(.*?)\n```", text, re.S).group(1)
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == command and "apt-get install -y python3-venv" in text
    assert "--index-url https://download.pytorch.org/whl/cpu" in text  # the CPU wheel, as an option


def test_the_limits_table_holds_the_engine_bounds():
    from nnlab import data, io, share
    from nnlab.labs import cnn, network, optimizer, perceptron, recurrent, training

    table = re.search(r"## Limits\n(.*?)\n## ", README.read_text(encoding="utf-8"), re.S).group(1)
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in table.splitlines()
            if line.startswith("| ") and not line.startswith("| what")}
    assert rows["training epochs (`epochs`, `nnlab train --epochs`)"] == (
        f"{training.MAX_EPOCHS}, and 10¹² multiply-adds per run (a few minutes); one epoch 5×10¹⁰")
    assert (training.MAX_RUN_WORK, training.MAX_EPOCH_WORK) == (1e12, 5e10)
    assert rows["training data points (generated, clicked, CSV rows) / CSV columns"] == (
        f"{training.MAX_POINTS} / {data.MAX_COLUMNS}")
    assert rows["training hidden layers × units; network lab layers × nodes"] == (
        f"{training.MAX_HIDDEN_LAYERS} × {training.MAX_UNITS}; {network.MAX_LAYERS} × {network.MAX_NODES}")
    assert rows["recurrent lab: sequence steps, sizes, training iterations"] == (
        f"{recurrent.MAX_STEPS}, {recurrent.MAX_SIZE}, {recurrent.MAX_ITERATIONS}")
    assert rows["CNN lab: epochs; MNIST images used; epochs × training images"] == (
        f"{cnn.MAX_EPOCHS}; {cnn.MAX_MNIST}; {cnn.MAX_PASSES}")
    assert rows["optimizer iterations; perceptron epochs"] == f"{optimizer.MAX_ITERATIONS}; {perceptron.MAX_EPOCHS}"
    mb = 2**20
    assert rows["a file read (lab, weights, CSV, MNIST) / a shared text unpacked"] == (
        f"{io.MAX_FILE_BYTES // mb} MB / {share.MAX_JSON_BYTES // mb} MB")
    assert rows["a zip-based file (.npz, .pt) unpacked / its members"] == (
        f"{io.MAX_INFLATED_BYTES // mb} MB / {io.MAX_ZIP_MEMBERS}")
    assert rows["brackets nested in a lab file, weights file or shared text"] == str(io.MAX_JSON_DEPTH)

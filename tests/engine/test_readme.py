"""The README's notebook example runs and prints what its comments say."""

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

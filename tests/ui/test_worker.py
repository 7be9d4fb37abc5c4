"""Work in a process of its own (ui.worker.ProcessWorker): it reports to the window in order, runs
without Qt in the window's language, stops when cancelled, and a failure or a dead process
reaches the window as a message."""

import os

from nnlab import i18n
from tests import work_probe
from ui.worker import ProcessWorker


def run(qtbot, fn, *args, cancel_after=None):
    seen = {"progress": [], "done": [], "failed": []}
    worker = ProcessWorker.started(fn, *args, progress=lambda f, p: seen["progress"].append(p),
                                   done=seen["done"].append, failed=seen["failed"].append)
    if cancel_after is not None:
        qtbot.waitUntil(lambda: len(seen["progress"]) >= cancel_after, timeout=20000)
        worker.cancel()
    qtbot.waitUntil(lambda: not worker.is_running(), timeout=20000)
    return seen


def test_work_runs_in_another_process_without_qt_in_the_windows_language(qtbot):
    i18n.set_language("ko")
    try:
        seen = run(qtbot, work_probe.probe, os.getpid())
    finally:
        i18n.set_language("en")
    result = seen["done"][0]
    assert result["other"] and result["qt"] == [] and result["text"] == "손실"
    assert seen["progress"] == [{"pid": result["pid"]}] and seen["failed"] == []


def test_cancel_stops_the_work_and_failures_reach_the_window(qtbot):
    seen = run(qtbot, work_probe.until_stopped, cancel_after=3)
    assert seen["done"] == ["stopped"] and seen["progress"][:3] == [1, 2, 3]
    assert run(qtbot, work_probe.fails)["failed"] == ["ValueError: a bad value"]
    assert run(qtbot, work_probe.dies)["failed"] == ["The work process ended unexpectedly (exit code 3)"]

"""The training lab's live runs as work for a window (``nnlab.background``): a whole run at a
speed the window sets (``live_run``) and k-fold cross-validation (``cross_validation``).

A window runs them in their own process, so training never holds the window's GIL; what the
two share is the ``Control`` (pause, stop) and the ``Pace``: plain shared numbers, readable from
either process."""

from __future__ import annotations

import multiprocessing
import time

from nnlab.labs.training_run import cross_validate, run

PROGRESS_INTERVAL = 0.04  # seconds between progress payloads: at most 25 frames a second
PACE_NAP = 0.02  # seconds: a paced run sleeps at most this long at a time


class Pace:
    """A live run's speed and frames, set by the window and read by the run after each epoch:
    ``rate`` epochs per second (0: as fast as it goes), ``one`` (pause again after one epoch) and
    ``drawn`` (the window drew the last payload: the next may be sent) — numbers in shared
    memory, so a run in a process started after them (with ``multiprocessing``'s "spawn") reads
    what the window sets."""

    def __init__(self, rate: float = 0.0):
        ctx = multiprocessing.get_context("spawn")
        self._rate, self._one, self._drawn = (ctx.Value(code, v, lock=False) for code, v in (("d", rate), ("b", 0), ("b", 1)))

    rate = property(lambda self: self._rate.value, lambda self, v: setattr(self._rate, "value", float(v)))
    one = property(lambda self: bool(self._one.value), lambda self, v: setattr(self._one, "value", int(bool(v))))
    drawn = property(lambda self: bool(self._drawn.value), lambda self, v: setattr(self._drawn, "value", int(bool(v))))

    def gate(self, control):
        """The run's ``pace`` callable: waits out the epoch's share of a second (waking to notice a
        stop or a new rate), pauses after a single-epoch step, and waits while paused (first
        sending the rows the window has not seen)."""
        last = [time.perf_counter()]

        def after_epoch(_epoch: int, flush) -> None:
            while self.rate > 0 and not control.stopped:
                left = last[0] + 1 / self.rate - time.perf_counter()
                if left <= 0:
                    break
                time.sleep(min(left, PACE_NAP))
            if self.one:
                self.one = False
                control.pause()
            if control.paused:
                flush()  # the window shows the epoch the run is held at
            control.wait_if_paused()
            last[0] = time.perf_counter()

        return after_epoch


def _should_stop(control):
    def should_stop() -> bool:
        control.wait_if_paused()
        return control.stopped

    return should_stop


def live_run(config, pace: Pace, progress=None, control=None):
    """A whole training run at ``pace``, polling the pause and stop flags between mini-batches,
    with a payload (rows, parameters, snapshot) at most every ``PROGRESS_INTERVAL`` and only
    once the window has drawn the previous one (``pace.drawn``), so frames never queue up."""
    def report(fraction, payload):
        pace.drawn = False
        progress(fraction, payload)

    return run(config, progress=report, should_stop=_should_stop(control), interval=PROGRESS_INTERVAL,
               snapshots=True, pace=pace.gate(control), ready=lambda: pace.drawn)


def cross_validation(config, progress=None, control=None) -> list[float]:
    """k-fold cross-validation of ``config`` (``cross_validate``), stopped by ``control``."""
    return cross_validate(config, should_stop=_should_stop(control))


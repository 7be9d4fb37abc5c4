"""The one transport: a Playhead (index, count, playing, speed) driven by one QTimer, and its bar.

Quiz mode (predict, then reveal): stepping forward first shows the next step with its result
hidden (``hidden`` is True), and the next press reveals it. Playback always reveals.

The index runs from -1 (before the first step) to count − 1. Playback keeps wall-clock time:
each tick advances the index by the number of steps that are due (at least one), so a slow
repaint skips repaints, never steps — the state is cumulative, so every step's values are shown.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from ui import style

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0)  # steps per second
DEFAULT_SPEED = 2.0


class Playhead(QObject):
    indexChanged = Signal(int)  # also emitted when the hidden/revealed state of the step changes
    countChanged = Signal(int)
    playingChanged = Signal(bool)
    speedChanged = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.index = -1
        self.count = 0
        self.playing = False
        self.speed = DEFAULT_SPEED
        self.quiz = False
        self.hidden = False  # quiz mode: the current step's result is not shown yet
        self.restart_at = lambda: -1  # where play restarts at the last step (the window asks its pane)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._started = 0.0  # wall-clock time and index when playback (re)started
        self._start_index = -1

    def set_count(self, count: int) -> None:
        """A new timeline length; the index is kept, clamped to the new range."""
        self.count = max(0, count)
        self.countChanged.emit(self.count)
        self.seek(self.index)

    def seek(self, k: int) -> None:
        """Move to step k (clamped) and announce it, even if unchanged: the timeline may be new."""
        self.index = max(-1, min(k, self.count - 1))
        self.hidden = False
        if self.playing and self.index >= self.count - 1:
            self.pause()
        self.indexChanged.emit(self.index)

    def step(self, delta: int = 1) -> None:
        self.pause()
        self.seek(self.index + delta)

    def forward(self) -> None:
        """One press of "step": in quiz mode, reveal a hidden result before moving on."""
        self.pause()
        if self.hidden:
            self.hidden = False
        elif self.index < self.count - 1:
            self.index += 1
            self.hidden = self.quiz
        self.indexChanged.emit(self.index)

    def set_quiz(self, on: bool) -> None:
        self.quiz = on
        if not on and self.hidden:
            self.hidden = False
            self.indexChanged.emit(self.index)

    def first(self) -> None:
        self.pause()
        self.seek(-1)

    def last(self) -> None:
        self.pause()
        self.seek(self.count - 1)

    def reset(self) -> None:
        self.first()

    def play(self) -> None:
        if self.count == 0 or self.playing:
            return
        if self.index >= self.count - 1:
            self.seek(self.restart_at())  # play again from the start (or where the pane says)
        self.playing = True
        self._restart_clock()
        self._timer.start(max(1, int(1000 / self.speed)))
        self.playingChanged.emit(True)
        self._tick()

    def pause(self) -> None:
        if self.playing:
            self.playing = False
            self._timer.stop()
            self.playingChanged.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, speed: float) -> None:
        self.speed = float(speed)
        if self.playing:
            self._restart_clock()
            self._timer.start(max(1, int(1000 / self.speed)))
        self.speedChanged.emit(self.speed)

    def faster(self) -> None:
        self.set_speed(next((s for s in SPEEDS if s > self.speed), SPEEDS[-1]))

    def slower(self) -> None:
        self.set_speed(next((s for s in reversed(SPEEDS) if s < self.speed), SPEEDS[0]))

    def _restart_clock(self) -> None:
        self._started = time.perf_counter()
        self._start_index = self.index

    def _tick(self) -> None:
        due = self._start_index + 1 + int((time.perf_counter() - self._started) * self.speed)
        self.seek(max(self.index + 1, due) if self.index < self.count - 1 else self.index)


def bar_scale(scale: float) -> float:
    """How much the transport (and the window's menus and bars) grow with the presenter scale: less
    than the canvas (3× → 2×), so its buttons, speed, step counter and a usable scrubber fit one
    row of a 1280-pixel-wide screen, leaving the canvas the height."""
    return 1.0 + 0.5 * (scale - 1.0)


class TransportBar(QWidget):
    """Buttons, speed, scrubber and "Step k / n" for a Playhead; installs the keys on ``window``.

    One row when it is wide enough for a usable scrubber; otherwise the scrubber takes a second
    row of its own (presenter mode on a narrow screen). Its minimum width is the narrow one's."""

    SCRUBBER_MIN = 100  # pixels (at 1×) a scrubber needs to be usable

    def __init__(self, playhead: Playhead, parent=None):
        super().__init__(parent)
        self.setObjectName("transport")
        self.playhead = playhead
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(6, 2, 6, 2)
        self._arranged = None  # (wide, busy) as last arranged
        self.busyBox: QWidget | None = None  # a busy bar and Cancel (add_busy)

        def button(name, icon, slot):
            b = QToolButton(self)
            b.setObjectName(name)
            b.setIcon(self.style().standardIcon(icon))
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            return b

        SP = QStyle.StandardPixmap
        self.resetButton = button("reset", SP.SP_MediaSkipBackward, playhead.reset)
        self.backButton = button("stepBack", SP.SP_MediaSeekBackward, lambda: playhead.step(-1))
        self.playButton = button("playPause", SP.SP_MediaPlay, playhead.toggle)
        self.forwardButton = button("stepForward", SP.SP_MediaSeekForward, playhead.forward)
        self.endButton = button("toEnd", SP.SP_MediaSkipForward, playhead.last)

        self.speedBox = QComboBox(self)
        self.speedBox.setObjectName("speed")
        self.speedBox.activated.connect(lambda i: playhead.set_speed(self.speedBox.itemData(i)))

        self.quizButton = QToolButton(self)
        self.quizButton.setObjectName("quiz")
        self.quizButton.setCheckable(True)
        self.quizButton.toggled.connect(playhead.set_quiz)

        self.scrubber = QSlider(Qt.Orientation.Horizontal, self)
        self.scrubber.setObjectName("scrubber")
        self.scrubber.valueChanged.connect(self._scrubbed)

        self.label = QLabel(self)
        self.label.setObjectName("stepLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._row = (self.resetButton, self.backButton, self.playButton, self.forwardButton, self.endButton,
                     self.speedBox, self.quizButton)
        self._grid.setColumnStretch(len(self._row), 1)
        self._arrange(True)

        playhead.indexChanged.connect(self._sync)
        playhead.countChanged.connect(self._sync)
        playhead.playingChanged.connect(self._sync_play)
        playhead.speedChanged.connect(
            lambda s: self.speedBox.setCurrentIndex(SPEEDS.index(s) if s in SPEEDS else 0))
        self.retranslate()
        self.restyle()
        self._sync()

    def retranslate(self) -> None:
        """(Re)set every text, e.g. after a language switch."""
        tips = {self.resetButton: self.tr("Reset to the start (Home)"),
                self.backButton: self.tr("Step back (Left)"),
                self.playButton: self.tr("Play / pause (Space)"),
                self.forwardButton: self.tr("Step forward (Right)"),
                self.endButton: self.tr("Jump to the last step (End)"),
                self.speedBox: self.tr("Playback speed (+ / −)"),
                self.quizButton: self.tr("Quiz mode: each step first hides its result; → reveals it (F7)"),
                self.scrubber: self.tr("Drag to any step")}
        for widget, tip in tips.items():
            widget.setToolTip(tip)
        self.quizButton.setText(self.tr("Quiz"))
        self.speedBox.clear()
        for s in SPEEDS:
            self.speedBox.addItem(self.tr("{n} steps/s").format(n=style.fmt(s)), s)
        self.speedBox.setCurrentIndex(SPEEDS.index(self.playhead.speed) if self.playhead.speed in SPEEDS else 0)
        self._sync()

    def add_busy(self, bar: QWidget, cancel: QWidget) -> None:
        """A busy bar and a Cancel button, shown by ``show_busy`` while a timeline builds: after the
        step counter, or beside the scrubber when that has a row of its own. They never widen the
        bar (the scrubber gives them its room)."""
        self.busyBox = QWidget(self)
        self.busyBox.setObjectName("busy")
        layout = QHBoxLayout(self.busyBox)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)  # under the step counter when beside the scrubber
        layout.addWidget(bar)
        layout.addWidget(cancel)
        self._busy_parts = (bar, cancel)
        self._arranged = None
        self.show_busy(False, False)

    def show_busy(self, busy: bool, cancellable: bool) -> None:
        bar, cancel = self._busy_parts
        bar.setVisible(busy)
        cancel.setVisible(busy and cancellable)
        self.busyBox.setVisible(busy)
        self._fit()

    def install_shortcuts(self, window: QWidget) -> None:
        keys = {
            Qt.Key.Key_Space: self.playhead.toggle,
            Qt.Key.Key_Right: self.playhead.forward,
            Qt.Key.Key_Left: lambda: self.playhead.step(-1),
            Qt.Key.Key_Home: self.playhead.first,
            Qt.Key.Key_End: self.playhead.last,
            Qt.Key.Key_Plus: self.playhead.faster,
            Qt.Key.Key_Equal: self.playhead.faster,  # "+" without Shift on most layouts
            Qt.Key.Key_Minus: self.playhead.slower,
        }
        self._shortcuts = []
        for key, slot in keys.items():
            sc = QShortcut(QKeySequence(key), window)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)
            self._shortcuts.append(sc)

    def restyle(self) -> None:
        grow = bar_scale(style.scale()) / style.scale()  # style.font() sizes by the presenter scale
        side = int(28 * bar_scale(style.scale()))
        for b in (self.resetButton, self.backButton, self.playButton, self.forwardButton, self.endButton):
            b.setIconSize(QSize(side, side))
        self.label.setFont(style.font(18 * grow, bold=True))
        self.speedBox.setFont(style.font(10 * grow))
        self.quizButton.setFont(style.font(11 * grow, bold=True))
        self._fit()

    def _row_width(self) -> int:
        """The width of the buttons, speed, quiz and step counter in one row (no scrubber)."""
        widths = [w.sizeHint().width() for w in (*self._row, self.label)]
        margins = self._grid.contentsMargins()
        return sum(widths) + self._grid.horizontalSpacing() * len(widths) + margins.left() + margins.right()

    def _arrange(self, wide: bool) -> None:
        """The scrubber in the row (wide) or on a row of its own below it (beside the busy bar and
        Cancel while they show)."""
        busy = self.busyBox is not None and not self.busyBox.isHidden()
        if (wide, busy) == self._arranged:
            return
        self._arranged = (wide, busy)
        n = len(self._row)
        for col, w in enumerate(self._row):
            self._grid.addWidget(w, 0, col)
        if wide:
            self._grid.addWidget(self.scrubber, 0, n)
        else:
            self._grid.addWidget(self.scrubber, 1, 0, 1, n - 1 if busy else n + 2)
        self._grid.addWidget(self.label, 0, n + 1)
        if self.busyBox is not None:
            self._grid.addWidget(self.busyBox, *((0, n + 2) if wide else (1, n - 1, 1, 3)))

    def _fit(self) -> None:
        busy = self.busyBox is not None and not self.busyBox.isHidden()
        room = self.busyBox.sizeHint().width() + self._grid.horizontalSpacing() if busy else 0  # taken from the scrubber
        self._arrange(self.width() >= self._row_width() + room + self.SCRUBBER_MIN * bar_scale(style.scale()))
        self.updateGeometry()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def minimumSizeHint(self) -> QSize:
        """As narrow as one row without the scrubber (which then moves to a second row)."""
        return QSize(self._row_width(), super().minimumSizeHint().height())

    def _sync(self, *_):
        p = self.playhead
        self.label.setText(self.tr("Step {k} / {n}").format(k=p.index + 1, n=p.count))
        widest = self.tr("Step {k} / {n}").format(k=p.count, n=p.count)  # the counter keeps its width
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance(widest) + 4)
        self.scrubber.blockSignals(True)
        self.scrubber.setRange(-1, max(-1, p.count - 1))
        self.scrubber.setValue(p.index)
        self.scrubber.blockSignals(False)
        for b in (self.resetButton, self.backButton):
            b.setEnabled(p.index > -1)
        self.forwardButton.setEnabled(p.index < p.count - 1 or p.hidden)
        self.endButton.setEnabled(p.index < p.count - 1)
        self.playButton.setEnabled(p.count > 0)

    def _sync_play(self, playing: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.playButton.setIcon(self.style().standardIcon(icon))

    def _scrubbed(self, value: int) -> None:
        self.playhead.pause()
        self.playhead.seek(value)

"""Worker threads the window starts, and Python's cyclic garbage collector kept off them.

Every Python thread the window starts (exports, imports, the team poll, word segmentation) is
started by `start_worker`, which first moves garbage collection to the UI thread. Why: the
automatic collector runs on whichever thread happens to allocate when a generation's threshold
is crossed. A collection on a worker thread may free a reference cycle that holds a Qt object
(a closed window, a lambda connected to a signal); a Qt object destroyed there while the UI
thread is inside Qt crashes the whole process. CI saw exactly that: a segmentation fault on the
UI thread while an export's worker thread was allocating (collecting) in SQLAlchemy.

So `collect_on_ui_thread` switches automatic collection off and a timer on the UI thread
collects instead, generation by generation, whenever the allocation counts say the automatic
collector would have. Reference counting, which frees almost everything, is untouched.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

# How often the UI thread looks at the allocation counts; a look costs a few microseconds.
CHECK_INTERVAL_MS = 500
_NAME = "articoder-ui-thread-gc"


def collect_if_due() -> int | None:
    """Collect the oldest generation whose threshold is crossed, as automatic collection
    would; return that generation, or None when nothing was due. Call it on the UI thread.
    """
    thresholds = gc.get_threshold()
    counts = gc.get_count()
    if counts[0] <= thresholds[0]:
        return None
    generation = 0
    if counts[1] > thresholds[1]:
        generation = 2 if counts[2] > thresholds[2] else 1
    gc.collect(generation)
    return generation


class UiThreadCollector(QObject):
    """The timer that collects on the UI thread; one per application."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName(_NAME)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(collect_if_due)
        self._timer.start()


def collect_on_ui_thread() -> None:
    """Move garbage collection to the UI thread for the rest of this application's life.

    Call it on the UI thread once a QApplication exists, before any worker thread starts; a
    second call does nothing.
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("collect_on_ui_thread needs a QApplication")
    if app.findChild(QObject, _NAME) is None:
        UiThreadCollector(app)


def start_worker(work: Callable[[], None]) -> threading.Thread:
    """Run `work` on a new daemon thread, garbage collection staying on the UI thread.

    Call it on the UI thread. `work` must not touch Qt objects except to emit signals.
    """
    collect_on_ui_thread()
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread

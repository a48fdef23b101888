"""Long work off the UI thread: a worker thread, a progress dialog with Cancel, results back.

The work is a plain function taking a `models.progress.Progress`; it runs on a worker thread
(database sessions are made inside it and never cross threads). Progress, the result and any
error come back to the UI thread through Qt signals, so the window never freezes; Cancel asks
the work to stop at its next step, and the service rolls its transaction back.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from gui.worker_threads import start_worker
from models.progress import Cancelled, Progress


class _Bridge(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str, bool)  # message, cancelled


class Task(QObject):
    """One piece of long work with its progress dialog."""

    done = Signal(object)  # the result, on the UI thread
    failed = Signal(str)  # the message, on the UI thread (after the warning, if any)

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Progress], Any],
        user_errors: tuple[type[Exception], ...] = (),
    ) -> None:
        super().__init__(parent)
        self._bridge = _Bridge()
        self._work = work
        self._user_errors = user_errors
        self.progress = Progress(lambda d, t, m: self._bridge.progressed.emit(d, t, m))
        self.dialog = QProgressDialog(title, self.tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.progress.cancel)
        self._bridge.progressed.connect(self._on_progress)
        self._bridge.finished.connect(self._on_finished)
        self._bridge.failed.connect(self._on_failed)
        self.result: Any = None
        self.error: str | None = None
        self.finished_event = threading.Event()

    def start(self) -> None:
        """Start the work on a worker thread."""
        start_worker(self._run)

    def _run(self) -> None:
        try:
            result = self._work(self.progress)
        except Cancelled:
            self._bridge.failed.emit(self.tr("Cancelled; nothing was changed."), True)
        except self._user_errors as exc:
            self._bridge.failed.emit(str(exc), False)
        except Exception as exc:  # shown in a dialog, never as a traceback
            traceback.print_exc()
            self._bridge.failed.emit(f"{type(exc).__name__}: {exc}", False)
        else:
            self._bridge.finished.emit(result)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if message:
            self.dialog.setLabelText(message)

    def _on_finished(self, result: object) -> None:
        self.dialog.reset()
        self.result = result
        self.finished_event.set()
        self.done.emit(result)

    def _on_failed(self, message: str, cancelled: bool) -> None:
        self.dialog.reset()
        self.error = message
        self.finished_event.set()
        if not cancelled:
            QMessageBox.warning(self.dialog.parentWidget(), self.dialog.windowTitle(), message)
        self.failed.emit(message)

"""Polling the shared project off the UI thread, so a window follows the team without a restart.

Every `interval` milliseconds a worker thread reads `Workspace.shared_state()` (a few small
queries); the result comes back on the UI thread through a signal, where the window hands it to
`Workspace.apply_shared_state`, which broadcasts any change the usual way. A poll still running
when the next tick comes is not doubled, and a failed poll (a server gone for a moment) is
reported once on the `failed` signal and retried at the next tick.
"""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from coding.workspace import Workspace
from gui.worker_threads import start_worker
from team.presence import connected_coders


class TeamPoller(QObject):
    """Reads the shared state every few seconds on a worker thread."""

    # (coding.following.SharedState, the names team.presence finds connected), on the UI thread
    state_ready = Signal(object)
    failed = Signal(str)

    def __init__(self, workspace: Workspace, interval: int = 5000, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self._running = threading.Lock()
        self._timer = QTimer(self)
        self._timer.setInterval(interval)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        """Poll now and then every interval."""
        self.poll()
        self._timer.start()

    def stop(self) -> None:
        """Stop polling (a poll in flight still reports)."""
        self._timer.stop()

    def poll(self) -> None:
        """Start one poll unless one is still running."""
        if self._running.acquire(blocking=False):
            start_worker(self._run)

    def _run(self) -> None:
        try:
            state = self.workspace.shared_state()
            connected = connected_coders(self.workspace.database)
        except Exception as exc:  # the window shows it in the status bar, never a traceback
            self._emit(self.failed, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        else:
            self._emit(self.state_ready, (state, connected))
        finally:
            self._running.release()

    def _emit(self, signal: SignalInstance, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window was closed during the poll
            signal.emit(value)

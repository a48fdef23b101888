"""Progress and cancellation for long work (import, agreement, export, merge).

It lives in the lowest layer because every package's long operations report through it. A
service calls `progress.step(...)`; the GUI's task runner passes a `Progress` whose callback
posts to the UI thread and whose `cancel()` is called by the Cancel button. Cancelling raises
`Cancelled` inside the service, which rolls its transaction back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user cancelled; the operation's transaction has been (or must be) rolled back."""


class Progress:
    """Counts done out of total, tells a listener, and carries a cancel request."""

    def __init__(self, listener: Callable[[int, int, str], None] | None = None) -> None:
        """Report to `listener(done, total, message)` at each step, if given."""
        self._listener = listener
        self._cancel = threading.Event()
        self.done = 0
        self.total = 0

    def start(self, total: int, message: str = "") -> None:
        """Begin a stage of `total` steps."""
        self.done, self.total = 0, total
        self._tell(message)

    def step(self, count: int = 1, message: str = "") -> None:
        """Record `count` more steps done; raise Cancelled if the user asked to stop."""
        self.done += count
        self._tell(message)
        self.check()

    def check(self) -> None:
        """Raise Cancelled if cancellation was requested."""
        if self._cancel.is_set():
            raise Cancelled("cancelled by the user")

    def cancel(self) -> None:
        """Ask the operation to stop at its next step (safe from any thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancellation was requested."""
        return self._cancel.is_set()

    def _tell(self, message: str) -> None:
        if self._listener is not None:
            self._listener(self.done, self.total, message)

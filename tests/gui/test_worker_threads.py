"""Garbage collection happens on the UI thread only, however much a worker thread allocates."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from gui.worker_threads import collect_on_ui_thread, start_worker


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collections() -> Iterator[list[tuple[int, int]]]:
    """(thread ident, generation) of every collection while the test runs."""
    seen: list[tuple[int, int]] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append((threading.get_ident(), info["generation"]))

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


def test_a_worker_thread_never_collects_and_the_ui_thread_does(
    qtbot: QtBot, collections: list[tuple[int, int]]
) -> None:
    collect_on_ui_thread()  # a second call adds no second timer
    threshold = gc.get_threshold()[0]
    cycles = 0

    def allocate() -> None:
        nonlocal cycles
        for _ in range(20 * threshold):  # far past the threshold of generation 0
            _Cycle()
            cycles += 1

    worker = start_worker(allocate)
    worker.join()
    assert not gc.isenabled()
    assert cycles == 20 * threshold
    assert [c for c in collections if c[0] == worker.ident] == []
    assert gc.get_count()[0] > threshold  # the garbage is waiting for the UI thread

    qtbot.waitUntil(lambda: bool(collections), timeout=3000)
    assert {ident for ident, _generation in collections} == {threading.get_ident()}
    assert gc.get_count()[0] < threshold

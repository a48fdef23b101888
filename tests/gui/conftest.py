"""Window tests run offscreen; a CJK font makes the screenshots readable where one is installed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

if TYPE_CHECKING:
    from gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _fresh_settings() -> None:
    """Each window test starts from no saved settings: a test that turns the Simplified view
    on or saves a layout must not decide what the next test's window shows.
    """
    QSettings().clear()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project (codebook and articles, no coding), built once for the session."""
    from articoder.demo_project import build_demo_project

    path = tmp_path_factory.mktemp("demo") / "demo.articoder"
    build_demo_project(path).close()
    return path


@pytest.fixture
def window(
    qtbot: QtBot, demo_file: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[MainWindow]:
    """The main window on a fresh copy of the demo project, as the coder 测试编码员.

    A test module sets `WINDOW_SIZE = (width, height)` to open it at that size.
    """
    from coding.workspace import Workspace
    from gui.main_window import MainWindow

    copy = tmp_path / "demo.articoder"
    copy.write_bytes(demo_file.read_bytes())
    workspace = Workspace.open(copy, "测试编码员")
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    size = getattr(request.module, "WINDOW_SIZE", None)
    if size is not None:
        main.resize(*size)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    workspace.close()

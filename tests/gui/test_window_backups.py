"""The window's bulk changes (import, auto-code, merge, delete of a used code) back up first.

The Qt-free part is tested in tests/test_bulk_backups.py; these tests check that the window's
own actions go through it, with the backup made off the UI thread before the change, and that
a backup that cannot be written stops the change with a message instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from articoder.demo_project import build_demo_project
from coding.workspace import Workspace
from gui.main_window import MainWindow
from models.backups import backup_folder, list_backups


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.articoder"
    build_demo_project(path).close()
    return path


@pytest.fixture
def window(qtbot: QtBot, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
    copy = tmp_path / "demo.articoder"
    copy.write_bytes(demo_file.read_bytes())
    workspace = Workspace.open(copy, "测试编码员")
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    workspace.close()


def _reasons(window: MainWindow) -> list[str]:
    path = window.workspace.database.path
    assert path is not None
    return [b.reason for b in list_backups(path)]


def _code(window: MainWindow, name: str) -> int:
    return next(n.id for n in window.tree if n.name == name)


def test_window_import_backs_up_first(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    source = tmp_path / "dock.txt"
    source.write_text("码头社区简讯\n码头社区成立楼栋党小组。", encoding="utf-8")
    before = window.article_model.rowCount()
    task = window.start_import([source])
    qtbot.waitUntil(lambda: window.article_model.rowCount() == before + 1, timeout=20000)
    assert task.error is None
    assert _reasons(window) == ["before-import"]


def _backed_up_then_changed(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the backup task and the change it lets through."""
    task = window.backup_task
    qtbot.waitUntil(task.finished_event.is_set, timeout=20000)
    qtbot.wait(50)  # the change runs on the UI thread right after the backup


def test_auto_code_and_merge_back_up_first(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.run_search("网格员")
    assert window.hits
    source = _code(window, "网格员")
    monkeypatch.setattr(window.codebook_panel, "current_code", lambda: source)
    monkeypatch.setattr(
        "gui.corpus_search.QMessageBox.question", lambda *a, **k: QMessageBox.StandardButton.Yes
    )
    window.auto_code_hits()
    _backed_up_then_changed(qtbot, window)
    assert _reasons(window) == ["before-auto-code"]
    assert all(window.workspace.segments(h.article) for h in window.hits)
    target = next(n for n in window.tree if n.name == "网格划分")
    monkeypatch.setattr("gui.docks.QInputDialog.getItem", lambda *a, **k: (target.path_text, True))
    window.edit_codebook("merge", source)
    _backed_up_then_changed(qtbot, window)
    assert _reasons(window) == ["before-code-merge", "before-auto-code"]
    window.undo()
    window.edit_codebook("delete", source)  # used: its segments go to the chosen code
    _backed_up_then_changed(qtbot, window)
    assert _reasons(window)[0] == "before-code-delete"


def test_no_backup_no_auto_code_and_a_message(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(
        "gui.tasks.QMessageBox.warning", lambda _parent, _title, text: warnings.append(text)
    )
    path = window.workspace.database.path
    assert path is not None
    backup_folder(path).write_text("not a folder", encoding="utf-8")
    window.run_search("网格员")
    code = _code(window, "网格员")
    monkeypatch.setattr(window.codebook_panel, "current_code", lambda: code)
    monkeypatch.setattr(
        "gui.corpus_search.QMessageBox.question", lambda *a, **k: QMessageBox.StandardButton.Yes
    )
    window.auto_code_hits()
    _backed_up_then_changed(qtbot, window)
    assert len(warnings) == 1 and "backup could not be written" in warnings[0]
    assert all(not window.workspace.segments(h.article) for h in window.hits)

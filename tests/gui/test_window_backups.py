"""The window's bulk changes (import, auto-code, merge, delete of a used code) back up first.

The Qt-free part is tested in tests/test_bulk_backups.py; these tests check that the window's
own actions go through it, with the backup made off the UI thread before the change, and that
a backup that cannot be written stops the change with a message instead of a traceback. The
launch backs the project up as opened just after the window's first paint, and a change that
backs up first waits until that backup is done.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

import gui.app
import models.backups
from coding.workspace import Workspace
from gui.main_window import MainWindow
from models.backups import backup_folder, list_backups
from tests.gui.dialogs import move_segments_on_delete


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
    move_segments_on_delete(monkeypatch, target.id)
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


# -- the backup on open, after the launch's first paint ---------------------------------------


@pytest.fixture
def launch(qtbot: QtBot, demo_file: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A fresh copy of the demo (no backups yet) and its Workspace, for gui.app.launch_window."""
    copy = tmp_path / "demo.articoder"
    copy.write_bytes(demo_file.read_bytes())
    workspace = Workspace.open(copy, "测试编码员")
    yield workspace
    workspace.close()


def test_the_launch_paints_first_then_opens_the_article_and_backs_up(
    qtbot: QtBot, launch: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    release = threading.Event()

    def held_backup_on_open(path: Path) -> Path | None:
        release.wait(20)  # a large project: the copy is still running when the coder acts
        return models.backups.backup_on_open(path)

    monkeypatch.setattr("gui.project_actions.backup_on_open", held_backup_on_open)
    window = gui.app.launch_window(launch, "en")
    qtbot.addWidget(window)
    # Nothing of the deferred work runs before the window is drawn.
    assert window.article_id is None and window.open_backup_task is None
    with qtbot.waitSignal(window.first_painted, timeout=20000):
        pass
    assert window.article_id == window.article_model.article_at(0).id
    open_backup = window.open_backup_task
    assert open_backup is not None and not open_backup.finished_event.is_set()

    source = tmp_path / "dock.txt"
    source.write_text("码头社区简讯\n码头社区成立楼栋党小组。", encoding="utf-8")
    before = window.article_model.rowCount()
    task = window.start_import([source])
    qtbot.wait(300)
    assert not task.finished_event.is_set() and _reasons(window) == []  # waits for the backup
    # A long copy shows its progress, window-modal: nothing is changed by hand meanwhile.
    qtbot.waitUntil(open_backup.dialog.isVisible, timeout=5000)
    assert open_backup.dialog.isModal()
    release.set()
    qtbot.waitUntil(lambda: window.article_model.rowCount() == before + 1, timeout=20000)
    assert task.error is None and open_backup.error is None
    # One backup, as opened: the import's own backup held the same bytes, so it was not kept
    # twice; had the import run first, the open backup would hold the new article.
    path = window.workspace.database.path
    assert path is not None
    (backup,) = list_backups(path)
    assert backup.reason == "open"
    with contextlib.closing(sqlite3.connect(backup.path)) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == before


def test_a_failed_backup_on_open_warns_and_the_window_stays(
    qtbot: QtBot, launch: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(
        "gui.tasks.QMessageBox.warning", lambda _parent, _title, text: warnings.append(text)
    )
    path = launch.database.path
    assert path is not None
    backup_folder(path).write_text("not a folder", encoding="utf-8")
    window = gui.app.launch_window(launch, "en")
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: (
            window.open_backup_task is not None and window.open_backup_task.finished_event.is_set()
        ),
        timeout=20000,
    )
    assert len(warnings) == 1 and "backup could not be written" in warnings[0]
    assert window.isVisible() and window.article_id is not None


def test_quitting_waits_for_the_backup_on_open(
    qtbot: QtBot, launch: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def held_backup_on_open(path: Path) -> Path | None:
        release.wait(20)
        return models.backups.backup_on_open(path)

    monkeypatch.setattr("gui.project_actions.backup_on_open", held_backup_on_open)
    window = gui.app.launch_window(launch, "en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=20000):
        pass
    path = launch.database.path
    assert path is not None and list_backups(path) == []
    # The event loop has ended (app.exec returned): the wait may not need it.
    threading.Timer(0.2, release.set).start()
    window.wait_for_open_backup()
    assert [b.reason for b in list_backups(path)] == ["open"]

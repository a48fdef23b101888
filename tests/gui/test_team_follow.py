"""A coder's window follows the team without a restart: the lead's codebook change, a new
assignment (the coder's queue), blind mode; polled off the UI thread.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from articoder.demo_project import build_demo_project
from codebook.operations import RenameCode
from coding.coders import ensure_coder
from coding.workspace import Workspace
from gui.main_window import MainWindow
from models.entities import Assignment


def test_window_follows_the_leads_changes(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "demo.articoder"
    build_demo_project(path).close()
    lead = Workspace.open(path, "组长")
    coder = Workspace.open(path, "王芳")
    assert lead.coder.is_lead and not coder.coder.is_lead
    window = MainWindow(coder, english=True)
    qtbot.addWidget(window)
    window.show()
    # The first poll sets the baseline.
    qtbot.waitUntil(lambda: coder._shared is not None, timeout=10000)
    assert window.status_filter.currentData() == "all"  # nothing assigned yet

    # A value on the coding sheet survives the lead's codebook change (the sheet is rebuilt).
    article = window.article_id
    assert article is not None
    variable = next(v for v in coder.variables() if v.level in ("interval", "ratio", "text"))
    value = "3" if variable.level != "text" else "三方协商"
    coder.set_value(article, variable.id, value)
    code = next(n for n in window.tree if not n.retired and n.parent is not None)
    lead.perform(RenameCode(code.id, code.name + "（新）"))
    window.poller.poll()
    qtbot.waitUntil(lambda: window.tree.by_id[code.id].name == code.name + "（新）", timeout=10000)
    assert "codebook" in window.statusBar().currentMessage()
    editor = window.sheet.editors[variable.id]
    assert isinstance(editor, QLineEdit) and editor.text() == value
    editor.editingFinished.emit()  # focus passing through an untouched field saves nothing
    assert coder.values(article)[variable.id] == value

    articles = [row.id for row in coder.article_rows()]
    with lead.database.session() as session:
        session.add(Assignment(article_id=articles[1], coder_id=coder.coder.id))
    window.poller.poll()
    qtbot.waitUntil(lambda: window.article_filter.rowCount() == 1, timeout=10000)
    assert window.status_filter.currentData() == "queue"
    assert "assignments" in window.statusBar().currentMessage()  # not hidden by the reload
    assert window.article_model.article_at(1).status == "todo"

    assert window.blind_action.isChecked()
    lead.set_blind(False)
    window.poller.poll()
    qtbot.waitUntil(lambda: not window.blind_action.isChecked(), timeout=10000)
    assert not coder.blind
    window.close()
    lead.close()
    coder.close()


def test_a_failed_poll_is_shown_not_raised(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "demo.articoder"
    build_demo_project(path).close()
    coder = Workspace.open(path, "组长")
    ensure_coder(coder.database, "王芳")
    window = MainWindow(coder, english=True)
    qtbot.addWidget(window)

    def broken() -> object:
        raise OSError("disk I/O error")

    coder.shared_state = broken  # type: ignore[method-assign]
    with qtbot.waitSignal(window.poller.failed, timeout=10000):
        window.poller.poll()
    assert "Cannot reach the project" in window.team_label.text()
    assert "disk I/O error" in window.team_label.toolTip()
    window.close()
    coder.close()


def test_window_shows_work_another_program_saved(qtbot: QtBot, tmp_path: Path) -> None:
    # A coder's window and, beside it, a command-line process coding into the same file (as
    # `articoder codings import` or a second window would): the window picks it up and says so.
    path = tmp_path / "demo.articoder"
    build_demo_project(path).close()
    coder = Workspace.open(path, "王芳")
    coder.set_blind(False)
    window = MainWindow(coder, english=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: coder._shared is not None, timeout=10000)
    article = window.article_id
    assert article is not None and window.segment_list.rowCount() == 0
    code = next(n for n in window.tree if not n.retired and n.key)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from coding.workspace import Workspace\n"
            f"other = Workspace.open({str(path)!r}, '李明')\n"
            f"other.code_span({article}, 0, 6, {code.id})\n"
            "other.close()",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    window.poller.poll()
    qtbot.waitUntil(lambda: window.segment_list.rowCount() == 1, timeout=10000)
    assert "another window or program" in window.statusBar().currentMessage()

    # Another program holding the write lock for two polls in a row is told to the coder.
    holder = sqlite3.connect(str(path), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        for _ in range(2):
            with qtbot.waitSignal(window.poller.state_ready, timeout=10000):
                window.poller.poll()
        assert "Another program is writing" in window.statusBar().currentMessage()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    window.close()
    coder.close()

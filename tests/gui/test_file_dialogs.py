"""A file dialog showing the open project's folder never costs the project its locks.

Qt's dialog used to read each listed file's first bytes to guess its type; closing that second
descriptor of the project dropped this process's POSIX locks, and another program that opened
and closed the project then deleted its -wal under us: our next write was lost.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel
from pytestqt.qtbot import QtBot

from gui.file_dialogs import NameOnlyIcons, _dialog
from models.database import create_project
from models.entities import Coder

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks only")

# Another program that opens the project, reads, and closes: the last connection, as it
# believes, deletes -wal and -shm when it can lock the file for itself.
OTHER_PROGRAM = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    "c.execute('SELECT count(*) FROM coders').fetchone()\n"
    "c.close()\n"
)


def _coders_seen_by_another_process(project: Path) -> int:
    connection = sqlite3.connect(f"{project.as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        return int(connection.execute("SELECT count(*) FROM coders").fetchone()[0])
    finally:
        connection.close()


def test_listing_the_projects_folder_keeps_every_write(qtbot: QtBot, tmp_path: Path) -> None:
    project = tmp_path / "study.articoder"
    database = create_project(project)
    try:
        with database.session() as session:
            session.add(Coder(name="甲"))
        assert Path(f"{project}-wal").exists()

        dialog = _dialog(None, "Export", str(tmp_path), "", QFileDialog.FileMode.AnyFile)
        assert isinstance(dialog.iconProvider(), NameOnlyIcons)
        qtbot.addWidget(dialog)
        dialog.show()
        model = dialog.findChild(QFileSystemModel)
        assert model is not None
        root = model.index(str(tmp_path))
        qtbot.waitUntil(lambda: model.rowCount(root) >= 3, timeout=10000)
        for row in range(model.rowCount(root)):
            index = model.index(row, 0, root)
            # What the view asks for every file: its icon and its type (the sniffing path).
            model.data(index, Qt.ItemDataRole.DecorationRole)
            model.type(index)
        dialog.close()

        subprocess.run([sys.executable, "-c", OTHER_PROGRAM, str(project)], check=True)
        assert Path(f"{project}-wal").exists()  # nobody deleted it under us
        with database.session() as session:
            session.add(Coder(name="乙"))
        assert _coders_seen_by_another_process(project) == 2
    finally:
        database.close()

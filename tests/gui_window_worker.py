"""The real coding window in a process of its own, coding, for the shared-project tests.

Run as `python tests/gui_window_worker.py PROJECT ACK_FILE SEED GO_FILE` (offscreen). It opens
the project as `gui.app.run` does (open, the backup on open, a Workspace, the MainWindow), then
codes like a coder: puts the text cursor on a span in the article view, selects it with the
keyboard and presses a code's shortcut key. Every tenth coding it takes the window's bulk-change
backup (`backup_before`, as the window's auto-code and code merge do on their worker thread).
After each key press has returned and the window's own Workspace holds the new segment, one
line `+GUID` goes to ACK_FILE, fsynced: what the coder saw as saved.

It writes ACK_FILE's `.ready` file once the window is shown, and codes after GO_FILE exists.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from coding.coders import workspace_coder
from coding.workspace import Workspace
from gui.main_window import MainWindow
from models.backups import backup_before, backup_on_open
from models.database import open_project
from models.entities import Segment


def main(project: str, ack_path: str, seed: int, go_file: str) -> None:
    """Code at random through the window's keyboard path; acknowledge each stored segment."""
    rng = random.Random(seed)
    app = QApplication.instance() or QApplication([])
    database = open_project(project)
    assert database.path is not None
    backup_on_open(database.path)
    workspace = Workspace(database, workspace_coder(database, "window-coder"))
    window = MainWindow(workspace)
    window.show()
    app.processEvents()
    keyed = [node for node in window.tree if node.key and len(node.key) == 1]
    articles = [
        window.article_model.article_at(r).id for r in range(window.article_model.rowCount())
    ]
    Path(ack_path).with_suffix(".ready").write_text("ready", encoding="utf-8")
    while not Path(go_file).exists():
        time.sleep(0.01)
    with open(ack_path, "a", encoding="utf-8") as ack:
        actions = 0
        while True:
            article_id = rng.choice(articles)
            window.open_article(article_id)
            text = workspace.article(article_id).text
            start = rng.randrange(max(1, len(text) - 10))
            if not text[start : start + 3].strip():
                continue
            view = window.view
            view.setFocus()
            cursor = view.textCursor()
            cursor.setPosition(view.offsets.to_qt(start))
            view.setTextCursor(cursor)
            for _ in range(3):
                QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
            node = rng.choice(keyed)
            with database.session() as session:
                before = session.scalar(select(Segment.id).order_by(Segment.id.desc()).limit(1))
            QTest.keyClick(view, node.key)
            app.processEvents()
            with database.session() as session:
                guid = session.scalar(
                    select(Segment.guid)
                    .where(Segment.coder_id == workspace.coder.id, Segment.id > (before or 0))
                    .order_by(Segment.id.desc())
                    .limit(1)
                )
            if guid is None:
                continue  # the selection held no codable text (white space): nothing coded
            ack.write(f"+{guid}\n")
            ack.flush()
            os.fsync(ack.fileno())
            actions += 1
            if actions % 10 == 0:
                backup_before(database, "auto-code")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])

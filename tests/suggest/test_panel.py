"""The Suggestions panel on its own, against a real coded project: train in the background,
validation shown per code, pre-code, accept with F9 and reject with Shift+F9, and the list of
what to code next opening an article in its window.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from coding.coders import ensure_coder
from coding.workspace import Workspace
from gui.suggestions_panel import SuggestionsPanel
from models.entities import Segment
from models.suggestions import Suggestion
from suggest.active import next_articles
from suggest.store import suggestions_for_article, train_model
from tests.suggest.conftest import Project

pytestmark = pytest.mark.gui


def test_panel_trains_shows_validation_and_reviews(qtbot: QtBot, project: Project) -> None:
    workspace = Workspace(project.database, ensure_coder(project.database, "甲"))
    assert workspace.coder.is_lead
    panel = SuggestionsPanel(workspace)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.validation.rowCount() == 0
    panel.unit_choice.setCurrentIndex(panel.unit_choice.findData("sentence"))
    task = panel.train()
    qtbot.waitUntil(task.finished_event.is_set, timeout=120_000)
    assert task.error is None
    rows = {
        panel.validation.item(r, 0).text(): [
            panel.validation.item(r, c).text() for c in range(panel.validation.columnCount())
        ]
        for r in range(panel.validation.rowCount())
    }
    assert rows["红色物业"][8] == panel.tr("yes") and float(rows["红色物业"][6]) >= 0.667
    assert rows["随机标记"][8] == panel.tr("no")
    assert panel.validation.item(list(rows).index("随机标记"), 8).toolTip()

    panel.min_confidence.setValue(0.0)
    task = panel.apply()
    qtbot.waitUntil(task.finished_event.is_set, timeout=60_000)
    assert task.error is None
    article = next(a for a in project.uncoded if suggestions_for_article(project.database, a))
    panel.show_article(article)
    before = panel.suggestions.rowCount()
    assert before >= 2
    first, second = panel.pending[0], panel.pending[1]

    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.suggestions.setFocus()
    qtbot.keyClick(panel.suggestions, Qt.Key.Key_F9)
    assert panel.suggestions.rowCount() == before - 1
    qtbot.keyClick(panel.suggestions, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert panel.suggestions.rowCount() == before - 2
    with project.database.session() as session:
        states = dict(
            session.execute(
                select(Suggestion.id, Suggestion.state).where(
                    Suggestion.id.in_([first.id, second.id])
                )
            ).all()
        )
        segment = session.scalars(
            select(Segment).where(
                Segment.article_id == article, Segment.coder_id == workspace.coder.id
            )
        ).one()
    assert states == {first.id: "accepted", second.id: "rejected"}
    assert (segment.start, segment.end, segment.code_id) == (first.start, first.end, first.code_id)
    # Undo in the window's stack takes the accept back as well.
    workspace.undo()
    workspace.undo()
    panel.show_article(article)
    assert panel.suggestions.rowCount() == before

    panel.show_article(project.sample[0])
    assert panel.suggestions.rowCount() == 0
    assert not panel.accept_action.isEnabled()


def test_a_coder_reviews_but_does_not_train(qtbot: QtBot, project: Project) -> None:
    ensure_coder(project.database, "甲")
    workspace = Workspace(project.database, ensure_coder(project.database, "乙"))
    panel = SuggestionsPanel(workspace)
    qtbot.addWidget(panel)
    assert not workspace.coder.is_lead
    assert not panel.train_button.isEnabled() and not panel.apply_button.isEnabled()
    assert panel.train_button.toolTip()


class _Window(QMainWindow):
    """A window with the main window's `open_article`, recording what it was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[int] = []

    def open_article(self, article_id: int) -> None:
        self.opened.append(article_id)


def test_what_to_code_next_lists_uncertain_articles_and_opens_one(
    qtbot: QtBot, project: Project
) -> None:
    train_model(project.database, "sentence")
    workspace = Workspace(project.database, ensure_coder(project.database, "乙"))
    window = _Window()
    panel = SuggestionsPanel(workspace)
    window.setCentralWidget(panel)
    qtbot.addWidget(window)
    window.resize(1000, 1200)
    window.show()
    assert not panel.open_button.isEnabled()
    task = panel.order_next()  # any coder may ask: it stores nothing
    qtbot.waitUntil(task.finished_event.is_set, timeout=60_000)
    assert task.error is None
    qtbot.waitUntil(lambda: panel.next_list.rowCount() > 0)
    expected = next_articles(project.database)
    shown = [int(panel.next_list.item(r, 0).text()) for r in range(panel.next_list.rowCount())]
    assert shown == [a.article_id for a in expected.articles]
    assert not set(shown) & set(project.sample)
    assert "随机标记" in panel.next_list.item(0, 2).text()
    assert "随机标记" in panel.next_label.text()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert window.opened == [shown[0]]
    index = panel.next_list.model().index(2, 0)
    panel.next_list.scrollTo(index)
    rect = panel.next_list.visualRect(index)
    assert panel.next_list.viewport().rect().contains(rect.center())
    # A view double-clicks the item its first click pressed (as a user's hand does).
    qtbot.mouseClick(panel.next_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.next_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.opened == [shown[0], shown[2]]

"""The main window on a real project: the article list, the selected article's text."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from articoder.demo_project import DEMO_ARTICLES, build_demo_project
from corpus.articles import list_articles
from gui.article_list_model import ArticleListModel
from gui.main_window import MainWindow


def test_article_list_model(qtmodeltester: ModelTester, tmp_path: Path) -> None:
    database = build_demo_project(tmp_path / "demo.articoder")
    model = ArticleListModel(list_articles(database))
    qtmodeltester.check(model)
    assert model.rowCount() == 20
    database.close()


def test_window_lists_demo_articles(qtbot: QtBot, tmp_path: Path) -> None:
    database = build_demo_project(tmp_path / "demo.articoder")
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    assert window.article_model.rowCount() == len(list_articles(database)) == 20
    window.article_table.selectRow(2)
    third = window.article_model.article_at(2)
    qtbot.waitUntil(lambda: window.article_view.toPlainText() != "")
    assert (
        window.article_view.toPlainText().startswith(third.title[:4])
        or third.title[:4] in window.article_view.toPlainText()
    )
    shots = Path(__file__).parents[2] / "shots"
    shots.mkdir(exist_ok=True)
    window.grab().save(str(shots / "main_window.png"))
    database.close()
    assert DEMO_ARTICLES.exists()

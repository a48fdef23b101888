"""The search panel offers the other readings of a one-to-many character as links."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coding.workspace import Workspace
from corpus.importer import import_paths
from gui.main_window import MainWindow
from models.database import create_project

ARTICLES = {
    "tw_hair.txt": "記者會上，她剪短了頭髮，隨著音樂走進會場。",
    "tw_issue.txt": "政府發布新聞稿，發展計劃在古城內推行。",
    "cn_issue.txt": "政府发布新闻稿，发展计划推进顺利。",
}


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    project = tmp_path / "readings.articoder"
    database = create_project(project)
    for name, body in ARTICLES.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    import_paths(database, [tmp_path / name for name in ARTICLES])
    database.close()
    workspace = Workspace.open(project, "甲")
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    yield main
    workspace.close()


def test_hair_offers_issue_as_a_link_that_searches_it(window: MainWindow) -> None:
    window.run_search("髮")
    assert len(window.hits) == 1  # 頭髮 only: never 發布 or 發展
    summary = window.search_summary.text()
    assert 'href="發' in summary and "發 (" in summary
    window.search_summary.linkActivated.emit("發")
    assert window.search_box.text() == "發"
    # 發布, 發展 in both scripts (the Simplified 发 there reads 發); 髮 is offered back.
    assert len(window.hits) == 4
    assert 'href="髮"' in window.search_summary.text()

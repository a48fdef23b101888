"""What a fourth newcomer's walk on a 1280x720 X display found in the coding window: a variable
just made or brought back sits at the foot of the coding sheet, below the fold, so the sheet
now scrolls to its field and puts the cursor there; and the cleaning panel of an article from
a news database's text export (标题：/来源：/日期： lines, articles split by =====) named the
header lines' removal in English.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QDialog, QScrollArea, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from corpus import metadata
from corpus.importer import import_paths
from gui.cleaning_panel import HIDDEN_KINDS, detail_labels
from gui.main_window import MainWindow
from gui.variable_dialog import VariableDialog
from models.database import create_project
from models.entities import Article

WINDOW_SIZE = (1280, 720)


def _sheet_area(window: MainWindow) -> QScrollArea:
    parent = window.sheet.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    assert parent is not None
    return parent


def _in_view(area: QScrollArea, widget: QWidget) -> bool:
    """Whether the widget's whole height is inside the scroll area's viewport."""
    top = widget.mapTo(area.viewport(), QPoint(0, 0)).y()
    return top >= 0 and top + widget.height() <= area.viewport().height()


def _make_frame_variable(dialog: VariableDialog) -> QDialog.DialogCode:
    dialog.name.setText("frame")
    dialog.label.setText("新闻框架")
    for label in ("冲突", "人情味", "责任归因"):
        dialog.add_value()
        dialog.values.item(dialog.values.rowCount() - 1, dialog.LABEL).setText(label)
    dialog.accept()
    return QDialog.DialogCode.Accepted if dialog.made is not None else QDialog.DialogCode.Rejected


def test_new_and_restored_variable_are_scrolled_into_view(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_article(window.workspace.article_rows()[0].id)
    area = _sheet_area(window)
    monkeypatch.setattr(VariableDialog, "exec", _make_frame_variable)

    window.new_variable()

    frame = next(v for v in window.sheet.variables if v.name == "frame")
    label = window.sheet.labels[frame.id]
    editor = window.sheet.editors[frame.id]
    # The demo's sheet is taller than the dock at 1280x720: the new field needs the scroll.
    assert area.verticalScrollBar().maximum() > 0
    qtbot.waitUntil(lambda: _in_view(area, label) and _in_view(area, editor))
    # Offscreen the window is not active, so the focus shows as the window's focus widget.
    assert window.focusWidget() is editor

    window.retire_variable(frame.id)
    assert frame.id not in window.sheet.editors
    area.verticalScrollBar().setValue(0)
    window.unretire_variable(frame.id)

    # Scrolled down from the top, where the foot of the sheet is out of sight.
    qtbot.waitUntil(
        lambda: (
            area.verticalScrollBar().value() > 0
            and _in_view(area, window.sheet.labels[frame.id])
            and _in_view(area, window.sheet.editors[frame.id])
        )
    )


# Two articles as a news database exports them as text: header lines, then the story.
TWO_ARTICLES = """标题：社区食堂试运营一个月 老人点赞“家门口的饭桌”
来源：江城晚报
日期：2024年3月8日

本报讯　社区食堂开业一个月来，每天接待老人约两百人次。街道负责人表示，将根据居民意见调整菜单。

=====
标题：老旧小区加装电梯再提速
来源：南岸日报
日期：2024-04-02

记者从区住建局获悉，今年全区计划为老旧小区加装电梯六十部，目前已有二十部开工。
"""


def test_header_export_removals_have_labels(tmp_path: Path) -> None:
    export = tmp_path / "export.txt"
    export.write_text(TWO_ARTICLES, encoding="utf-8")
    database = create_project(tmp_path / "export.articoder")
    try:
        import_paths(database, [export])
        with database.session() as session:
            rows = session.execute(select(Article.title, Article.edits)).all()
    finally:
        database.close()
    assert sorted(title for title, _edits in rows) == [
        "社区食堂试运营一个月 老人点赞“家门口的饭桌”",
        "老旧小区加装电梯再提速",
    ]
    reasons = {
        str(edit[4])
        for _title, edits in rows
        for edit in (json.loads(edits) if isinstance(edits, str) else edits)
        if edit[3] not in HIDDEN_KINDS
    }
    assert metadata.HEADER_DETAIL in reasons  # the 标题： line, as the walk saw it
    declared = {
        value
        for name, value in vars(metadata).items()
        if name.endswith("_DETAIL") and isinstance(value, str)
    }
    labels = detail_labels()
    assert sorted((reasons | declared) - labels.keys()) == []

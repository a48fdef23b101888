"""The coding sheet and Done in a real window (issue 15): Done asks when required values are
empty, a refused value stays in its field with the reason under it, dates written the Chinese
ways are stored ISO, lists of values show their whole value, a new article opens the sheet at
the top, and an empty sheet says where variables come from.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from gui.coding_sheet import ChoiceBox
from gui.main_window import MainWindow
from models.database import ProjectDatabase, create_project
from models.entities import Variable

CODEBOOK = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"
ARTICLES = {
    "a.txt": "新桥社区简讯\n新桥社区成立楼栋党小组，党员中心户亮身份。",
    "b.txt": "東湖社區紀實\n東湖社區推行紅色物業，居民滿意。",
}


def _project(tmp_path: Path, codebook: bool = True) -> ProjectDatabase:
    database = create_project(tmp_path / "sheet.articoder", name="sheet")
    if codebook:
        import_codebook(database, read_codebook_text(CODEBOOK))
        with database.session() as session:
            # A date, as the demo's sheet has.
            session.add(Variable(name="event_date", label="事件日期", level="date", position=9))
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    import_paths(database, [tmp_path / name for name in ARTICLES])
    return database


def _open(qtbot: QtBot, database: ProjectDatabase, english: bool = True) -> MainWindow:
    workspace = Workspace(database, ensure_coder(database, "甲"))
    window = MainWindow(workspace, english=english)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    database = _project(tmp_path)
    main = _open(qtbot, database)
    yield main
    main.close()
    database.close()


def _variable(window: MainWindow, name: str) -> int:
    return next(v.id for v in window.workspace.variables() if v.name == name)


def _status(window: MainWindow, article_id: int) -> str | None:
    return next(r for r in window.workspace.article_rows() if r.id == article_id).status


def _question(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: window.done_question is not None and window.done_question.isVisible())
    assert window.done_question is not None
    return window.done_question


def _click(box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if b.text() == text)
    button.click()


def _type(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    line.setFocus()
    line.selectAll()
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:  # QTest types ASCII keys only: put the text in as an input method would
        line.insert(text)
        line.setModified(True)


def test_done_with_a_required_value_empty_asks_and_names_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    article = window.article_id
    assert article is not None and _status(window, article) != "done"
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    box = _question(qtbot, window)
    # The English interface names the variable by its English label, not 报道基调.
    assert "<li>Tone</li>" in box.text() and "报道基调" not in box.text()
    _click(box, "Keep coding")
    qtbot.waitUntil(lambda: window.done_question is None)
    assert _status(window, article) != "done"
    assert window.statusBar().currentMessage() == "Not marked done: “Tone” still empty."
    # The coder may finish anyway: the value may not apply to this article.
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    _click(_question(qtbot, window), "Mark done anyway")
    qtbot.waitUntil(lambda: _status(window, article) == "done")
    assert window.statusBar().currentMessage() == (
        "Marked done with required values empty: “Tone”."
    )
    # Undoing Done still works, and marking not done asks nothing.
    window.undo()
    assert _status(window, article) != "done"
    window.redo()
    assert _status(window, article) == "done"
    window.toggle_done()
    assert window.done_question is None and _status(window, article) != "done"


def test_done_with_every_required_value_asks_nothing(qtbot: QtBot, window: MainWindow) -> None:
    article = window.article_id
    assert article is not None
    tone = window.sheet.editors[_variable(window, "tone")]
    assert isinstance(tone, QComboBox)
    tone.setCurrentIndex(tone.findData("neutral"))
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.done_question is None
    assert _status(window, article) == "done"
    assert window.statusBar().currentMessage() == "Marked done. Ctrl+Z takes it back."


def test_an_out_of_range_number_stays_with_its_reason_through_done(
    qtbot: QtBot, window: MainWindow
) -> None:
    article = window.article_id
    assert article is not None
    tiers_id = _variable(window, "org_tiers")
    tiers = window.sheet.editors[tiers_id]
    assert isinstance(tiers, QLineEdit)
    _type(qtbot, tiers, "9")
    # Ctrl+D while still in the field: the typed 9 is taken, refused, and kept.
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    box = _question(qtbot, window)
    assert "组织层级数" in box.informativeText()  # typed but not saved
    _click(box, "Keep coding")
    assert tiers.text() == "9"
    error = window.sheet.errors[tiers_id]
    assert error.isVisible()
    assert error.text() == "组织层级数: 9 is above the largest allowed, 8. Not saved."
    assert tiers_id not in window.workspace.values(article)
    # Corrected: stored, the error goes.
    _type(qtbot, tiers, "8")
    tiers.editingFinished.emit()
    assert window.workspace.values(article)[tiers_id] == "8"
    assert not error.isVisible() and tiers.text() == "8"


def test_dates_the_chinese_ways_and_a_bad_one_kept_across_articles(
    qtbot: QtBot, window: MainWindow
) -> None:
    first = window.article_id
    assert first is not None
    date_id = _variable(window, "event_date")
    date = window.sheet.editors[date_id]
    assert isinstance(date, QLineEdit)
    _type(qtbot, date, "2025年1月16日")
    date.editingFinished.emit()
    assert window.workspace.values(first)[date_id] == "2025-01-16"
    assert date.text() == "2025-01-16"
    _type(qtbot, date, "2025/2/30")
    date.editingFinished.emit()
    assert window.workspace.values(first)[date_id] == "2025-01-16"  # the stored one stays
    assert date.text() == "2025/2/30" and window.sheet.errors[date_id].isVisible()
    # Moving away says it was not saved; the other article's field is its own (empty).
    second = next(r.id for r in window.workspace.article_rows() if r.id != first)
    window.open_article(second)
    assert window.statusBar().currentMessage() == (
        "Not saved in the article you left: 事件日期 “2025/2/30”. Correct it there."
    )
    assert date.text() == "" and not window.sheet.errors[date_id].isVisible()
    # Back again: the typed text and its reason are still there, until corrected or cleared.
    window.open_article(first)
    assert date.text() == "2025/2/30"
    assert window.sheet.errors[date_id].text().startswith("事件日期: “2025/2/30” is not a date.")
    _type(qtbot, date, "2025.2.28")
    date.editingFinished.emit()
    assert window.workspace.values(first)[date_id] == "2025-02-28"
    window.open_article(second)
    window.open_article(first)
    assert date.text() == "2025-02-28" and not window.sheet.errors[date_id].isVisible()


def test_a_long_value_is_shown_whole_with_a_tooltip_and_the_list_shows_it_whole(
    qtbot: QtBot, window: MainWindow
) -> None:
    combo = window.sheet.editors[_variable(window, "tone")]
    assert isinstance(combo, ChoiceBox)
    longest = "Broadcaster or media centre"
    combo.addItem(longest, "broadcaster")  # as a long codebook value would read
    combo.setCurrentIndex(combo.count() - 1)
    assert combo.toolTip().splitlines()[0] == longest
    # As tall as the value needs at the box's width (more lines when it must), once laid out.
    qtbot.waitUntil(lambda: combo.height() == combo.wrapped_height(combo.width()))
    combo.showPopup()
    width = combo.view().fontMetrics().horizontalAdvance(longest)
    assert combo.view().minimumWidth() > width
    combo.hidePopup()


def test_a_new_article_opens_the_sheet_at_the_top(qtbot: QtBot, window: MainWindow) -> None:
    window.sheet_area.setFixedHeight(80)  # a short panel, as at 1280x720 with many variables
    qtbot.waitUntil(lambda: window.sheet_area.verticalScrollBar().maximum() > 0)
    scrollbar = window.sheet_area.verticalScrollBar()
    scrollbar.setValue(scrollbar.maximum())
    first = window.article_id
    second = next(r.id for r in window.workspace.article_rows() if r.id != first)
    window.open_article(second)
    assert scrollbar.value() == 0


def test_an_empty_sheet_says_where_variables_come_from(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = _project(tmp_path, codebook=False)
    window = _open(qtbot, database)
    try:
        window.sheet_dock.raise_()
        qtbot.waitUntil(window.sheet.empty.isVisible)
        # Said in a researcher's words, with where to read how (not a file format's keys).
        assert "questions answered once per article" in window.sheet.empty_text.text()
        assert "Help > Documentation" in window.sheet.empty_text.text()
        opened: list[bool] = []
        monkeypatch.setattr(window, "codebook_import_dialog", lambda: opened.append(True))
        qtbot.mouseClick(window.sheet.empty_button, Qt.MouseButton.LeftButton)
        assert opened == [True]
    finally:
        window.close()
        database.close()
    # A codebook with variables replaces the text with the fields.
    (tmp_path / "with").mkdir()
    database = _project(tmp_path / "with", codebook=True)
    window = _open(qtbot, database)
    try:
        assert not window.sheet.empty.isVisibleTo(window.sheet) and window.sheet.editors
    finally:
        window.close()
        database.close()

"""No English left in the Chinese interface: every window and dialog reachable from the main
window's menus, opened on the demo in Simplified Chinese, walked widget by widget.

Each visible string (window titles, labels, buttons, actions and their menus, tab titles,
item-view headers, combo-box items, group-box titles, placeholders, tool tips) is searched for
ASCII words of three letters or more. Names that stay in Latin script in Chinese writing (the
agreement coefficients' authors, file formats, other programs) are allowed, and so is data: the
demo's article titles, code names and coder names are what the user typed, not the interface.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from articoder.demo_project import build_demo_project
from codebook.spec import CodeSpec
from coding.workspace import Workspace
from gui.app import install_language, own_coder
from gui.help import KeysDialog
from gui.main_window import MainWindow
from models.database import create_project, open_project

# Names written in Latin letters in Chinese text too: people, programs, formats, units.
ALLOWED = {
    word.lower()
    for word in (
        # people behind the agreement coefficients
        *[
            "Krippendorff",
            "KALPHA",
            "Hayes",
            "Cohen",
            "Fleiss",
            "Gwet",
            "Scott",
            "Brennan",
            "Prediger",
            "Holsti",
            "Kappa",
            "AC1",
            "AC2",
        ],
        # programs and file formats, written in Latin letters in Chinese text too
        *[
            "Excel",
            "SPSS",
            "Stata",
            "Parquet",
            "Word",
            "REFI",
            "QDA",
            "NVivo",
            "MAXQDA",
            "ATLAS",
            "QualCoder",
            "SQLite",
        ],
        *[
            "PostgreSQL",
            "YAML",
            "JSON",
            "CSV",
            "TSV",
            "xlsx",
            "docx",
            "html",
            "htm",
            "txt",
            "sav",
            "dta",
            "qdpx",
            "qdc",
            "yml",
            "jsonl",
        ],
        *["URL", "GUID", "UTC", "App", "articoder", "README"],
        # keys of the codebook file, quoted as they must be typed
        *["variables"],
        # key names as the keys are labelled
        *[
            "Ctrl",
            "Shift",
            "Alt",
            "Enter",
            "Esc",
            "Backspace",
            "Del",
            "Delete",
            "Return",
            "Tab",
            "Space",
            "Home",
            "End",
        ],
        *["PgUp", "PgDown", "Left", "Right", "Down"],
        # the language menu names each language in itself; a date field shows its format
        *["English", "Language", "YYYY-MM-DD"],
    )
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
TAG = re.compile(r"<[^>]*>")


def english_words(text: str, data: set[str]) -> list[str]:
    """The ASCII words of 3+ letters in `text` that are neither allowed names nor data."""
    text = TAG.sub(" ", text).replace("&nbsp;", " ")  # rich text: its markup is not read
    for item in data:  # data (titles, code and coder names) may hold any word: take it out
        if item:
            text = text.replace(item, " ")
    found = []
    for word in WORD.findall(text):
        letters = sum(ch.isalpha() for ch in word)
        parts = re.split(r"[-.]", word)
        if letters < 3 or word.lower() in ALLOWED or all(p.lower() in ALLOWED for p in parts):
            continue
        found.append(word)
    return found


def model_texts(model: QAbstractItemModel | None) -> Iterator[str]:
    """Header labels and the first rows' cells (text and tool tip) of an item view's model:
    a cell may be the interface's word ("article", "consensus") as well as data.
    """
    if model is None:
        return
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
    for column in range(columns):
        for role in roles:
            value = model.headerData(column, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                yield value
    for row in range(min(model.rowCount(QModelIndex()), 60)):
        for column in range(columns):
            for role in roles:
                value = model.data(model.index(row, column), role)
                if isinstance(value, str):
                    yield value


def action_texts(action: QAction) -> Iterator[str]:
    yield action.text()
    yield action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""
    yield action.statusTip()
    menu = action.menu()
    if isinstance(menu, QMenu):
        yield from menu_texts(menu)


def menu_texts(menu: QMenu) -> Iterator[str]:
    yield menu.title()
    for action in menu.actions():
        yield from action_texts(action)


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every user-visible string of a widget and its children."""
    for child in [widget, *widget.findChildren(QWidget)]:
        if child.window() is not widget and not isinstance(child.window(), QMenu):
            continue  # a window of its own (the agreement window is the main window's child)
        where = f"{type(child).__name__} {child.objectName()}".strip()
        texts: list[str] = [child.toolTip(), child.statusTip(), child.whatsThis()]
        if child.isWindow():
            texts.append(child.windowTitle())
        if isinstance(child, QLabel):
            texts.append(child.text())
        if isinstance(child, QAbstractButton):
            texts.append(child.text())
        if isinstance(child, (QLineEdit, QPlainTextEdit)):
            texts.append(child.placeholderText())
        if isinstance(child, QGroupBox):
            texts.append(child.title())
        if isinstance(child, QTabBar):  # also the tabs of docks stacked on each other
            texts += [child.tabText(i) for i in range(child.count())]
        if isinstance(child, QTabWidget):
            texts += [child.tabText(i) for i in range(child.count())]
            texts += [child.tabToolTip(i) for i in range(child.count())]
        if isinstance(child, QComboBox):
            texts += [child.itemText(i) for i in range(child.count())]
        if isinstance(child, QAbstractItemView):
            texts += list(model_texts(child.model()))
        if isinstance(child, QMenu):
            texts += list(menu_texts(child))
        if isinstance(child, QMainWindow):
            for menu in child.menuBar().findChildren(QMenu):
                texts += list(menu_texts(menu))
        for action in child.actions():
            texts += list(action_texts(action))
        for text in texts:
            if text:
                yield where, text


# English found in files outside this test's engineer's reach, with the change each needs
# (see the walk's report): the undo and redo labels (gui/main_window.py _update_undo_labels
# should pass the label through self.operation_name) and the consensus coder listed under its
# database name in the progress table (gui/progress_window.py).
PENDING: tuple[str, ...] = ()


@pytest.fixture
def chinese_demo(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window on the demo (with its coders' coding), in Chinese, an article open."""
    path = tmp_path / "demo.articoder"
    build_demo_project(path, coding=True).close()
    database = open_project(str(path))
    coder = own_coder(database)
    assert coder is not None, "the demo opens as its demo lead"
    workspace = Workspace(database, coder)
    install_language("zh_CN")
    try:
        window = MainWindow(workspace, english=False)
        qtbot.addWidget(window)
        window.resize(1600, 1000)
        window.show()
        qtbot.waitExposed(window)
        coded = next(
            window.article_model.article_at(row).id
            for row in range(window.article_model.rowCount())
            if window.article_model.article_at(row).segments
        )
        window.open_article(coded)
        yield window
    finally:
        install_language("en")
        workspace.close()


def demo_data(window: MainWindow) -> set[str]:
    """What the demo's users wrote: article titles and outlets, code names, coders, project."""
    workspace = window.workspace
    data = {workspace.database.path.name if workspace.database.path else ""}
    data |= {str(workspace.database.location)}
    for row in range(window.article_model.rowCount()):
        article = window.article_model.article_at(row)
        data |= {article.title or "", getattr(article, "outlet", "") or ""}
    for node in window.tree:
        data |= {node.name, node.path_text, getattr(node, "name_en", "") or ""}
    from coding.coders import list_coders

    data |= {c.name for c in list_coders(workspace.database)}
    data |= {v.label or v.name for v in workspace.variables()}
    data |= {v.name for v in workspace.variables()}
    name = getattr(workspace.database, "name", None)
    if isinstance(name, str):
        data.add(name)
    # Longest first, so a title is taken out whole before a code name inside it.
    return set(sorted(data, key=len, reverse=True))


def opened_windows(window: MainWindow, qtbot: QtBot) -> list[QWidget]:
    """Every window and dialog the menus open, opened without blocking."""
    opened: list[QWidget] = [window]
    window.open_agreement()
    agreement = window.agreement_window
    assert agreement is not None
    opened.append(agreement)
    # The report (computed off the UI thread), then a disagreement with each coder's version
    # and the consensus column, as a lead clicking through it sees them.
    task = agreement.compute()
    assert task is not None
    qtbot.waitUntil(task.finished_event.is_set, timeout=60_000)
    qtbot.waitUntil(lambda: agreement.model.rowCount() > 0)
    for row_number, row in enumerate(agreement.rows):
        if row.kind == "code" and row.unit == "article":
            agreement.choose_row(row_number)
            if agreement.disagreements.count():
                agreement.disagreements.setCurrentRow(0)
                break
    assert agreement.texts, "the demo has a disagreement to show"
    window.open_progress()
    opened.append(window.progress_window)
    window.open_retrieval()
    assert window.retrieval_window is not None
    opened.append(window.retrieval_window)
    window.open_cleaning_panel()
    assert window.cleaning_panel is not None
    opened.append(window.cleaning_panel)
    keys = KeysDialog([("F1", "帮助")], [], window)
    opened.append(keys)
    node = next(iter(window.tree))
    opened.append(window._code_dialog(CodeSpec(name="", color="#4e79a7"), None, "新建编码"))
    opened.append(
        window._code_dialog(
            CodeSpec(name=node.name, guid=node.guid, color=node.color), node.id, "编辑编码"
        )
    )
    new_variable = window.variable_dialog(None)
    assert new_variable is not None
    opened.append(new_variable[0])
    # The context menus of the article and the codebook, built as a right-click builds them.
    opened.append(window.article_menu(window.view.viewport().rect().center()))
    for widget in opened:
        if isinstance(widget, QDialog):
            widget.show()
    qtbot.wait(300)  # the agreement report and the progress fill in off the UI thread
    return opened


def test_chinese_interface_has_no_english(qtbot: QtBot, chinese_demo: MainWindow) -> None:
    window = chinese_demo
    data = demo_data(window)
    # An undoable step names itself in the Edit menu: do one so its label shows (through the
    # window's own path; Ctrl+D would ask about the demo's empty required values first).
    article_id = window.article_id
    assert article_id is not None
    window._perform(lambda: window.workspace.set_done(article_id, True))
    qtbot.wait(50)
    found: dict[str, set[str]] = {}
    for opened in opened_windows(window, qtbot):
        for where, text in widget_texts(opened):
            words = english_words(text, data)
            if words:
                found.setdefault(f"{type(opened).__name__}: {text!r}", set()).add(where)
    # Found, and the fix is waiting in a file the walk's engineer may not edit; strict, so
    # the entry goes once the fix is in.
    still_pending = {key for key in PENDING if key in found}
    assert still_pending == set(PENDING), (
        f"fixed, remove from PENDING: {set(PENDING) - still_pending}"
    )
    for key in PENDING:
        del found[key]
    lines = [f"{text} (in {', '.join(sorted(places))})" for text, places in found.items()]
    assert not found, "English in the Chinese interface:\n" + "\n".join(sorted(lines))


def test_empty_project_in_chinese_has_no_english(qtbot: QtBot, tmp_path: Path) -> None:
    """A new user's first sight: the welcome panel of an empty project and who-is-coding."""
    from gui.coder_dialog import CoderDialog

    create_project(tmp_path / "new.articoder").close()
    workspace = Workspace.open(tmp_path / "new.articoder", "王老师")
    install_language("zh_CN")
    try:
        window = MainWindow(workspace, english=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        dialog = CoderDialog("new.articoder", [], "", window)
        dialog.show()
        found = [
            (where, text)
            for opened in (window, dialog)
            for where, text in widget_texts(opened)
            if english_words(text, {"王老师", "new.articoder", "new"})
        ]
        assert found == []
    finally:
        install_language("en")
        workspace.close()

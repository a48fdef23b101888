"""From the first launch to a codebook built in the window (issue 15, points 1, 2 and 4).

The demo opens straight on the window as its lead; elsewhere the coder is chosen in a dialog
that refuses an empty name; an empty project shows the welcome panel; the Help menu lists the
keys; a hint shows until the first coding; the code dialog edits every field and refuses a key
already taken; "My queue" appears only with assignments; the window fits 1280x720 at 150 %.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListView
from pytestqt.qtbot import QtBot

import gui.app
from articoder.demo_project import DEMO_ARTICLES, DEMO_CODERS, build_demo_project
from codebook.operations import CATEGORY_COLOURS
from coding.coders import ensure_coder, list_coders
from coding.workspace import Workspace
from gui.code_dialog import CodeDialog
from gui.coder_dialog import CoderDialog
from gui.help import KeysDialog
from gui.main_window import MainWindow
from models.database import create_project, open_project
from team.assignments import assign


@pytest.fixture(scope="module")
def coded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.articoder"
    build_demo_project(path, coding=True).close()
    return path


def _window(qtbot: QtBot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace, english=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def demo_window(qtbot: QtBot, coded_demo: Path, tmp_path: Path) -> Iterator[MainWindow]:
    copy = tmp_path / "demo.articoder"
    copy.write_bytes(coded_demo.read_bytes())
    database = open_project(copy)
    workspace = gui.app.start_workspace(database)
    assert workspace is not None
    window = _window(qtbot, workspace)
    yield window
    window.close()
    workspace.close()


@pytest.fixture
def empty_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    database = create_project(tmp_path / "empty.articoder")
    workspace = Workspace(database, ensure_coder(database, "新手"))
    window = _window(qtbot, workspace)
    yield window
    window.close()
    workspace.close()


# -- point 1: the first launch -----------------------------------------------------------------


def test_the_demo_opens_as_its_lead_without_asking(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert demo_window.workspace.coder.name == DEMO_CODERS[0].name
    assert demo_window.workspace.coder.is_lead
    # Opening the demo again asks nobody.
    monkeypatch.setattr(gui.app, "choose_coder", lambda *_a: pytest.fail("asked who codes"))
    assert gui.app.own_coder(demo_window.workspace.database) == demo_window.workspace.coder
    # Its coding is there: the lead's segments in the list, done marks as a status.
    rows = [demo_window.article_model.article_at(r) for r in range(20)]
    assert sum(r.segments for r in rows) > 100
    assert sum(r.status == "done" for r in rows) >= 8
    assert not demo_window.hint.isVisible()  # the lead has coded already


def test_the_coder_dialog_lists_coders_and_refuses_an_empty_name(
    qtbot: QtBot, coded_demo: Path
) -> None:
    database = open_project(coded_demo)
    try:
        coders = list_coders(database)
    finally:
        database.close()
    dialog = CoderDialog("demo.articoder", coders, remembered="李同学")
    qtbot.addWidget(dialog)
    dialog.show()
    listed = [dialog.coders.item(i).data(Qt.ItemDataRole.UserRole) for i in range(3)]
    assert sorted(listed) == sorted(d.name for d in DEMO_CODERS)
    assert dialog.coders.currentItem().data(Qt.ItemDataRole.UserRole) == "李同学"
    assert dialog.chosen_name() == "李同学"
    dialog.name.setText("   ")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problem.isVisible() and "name" in dialog.problem.text()
    dialog.coders.setCurrentRow(listed.index("王同学"))
    assert dialog.chosen_name() == "王同学"
    dialog.name.setText(" 新来的 ")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.chosen_name() == "新来的"


def test_an_empty_project_opens_on_the_welcome_panel(
    qtbot: QtBot, empty_window: MainWindow
) -> None:
    assert empty_window.central_stack.currentWidget() is empty_window.welcome
    assert empty_window.hint.isHidden() or not empty_window.hint.isVisible()
    task = empty_window.start_import([DEMO_ARTICLES / "01_bailuzhou-wuji-zuzhi.txt"])
    qtbot.waitUntil(lambda: empty_window.article_model.rowCount() == 1, timeout=20000)
    assert task.error is None
    assert empty_window.central_stack.currentWidget() is empty_window.article_page


def test_the_hint_shows_until_the_first_coding(
    qtbot: QtBot, coded_demo: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "demo.articoder"
    copy.write_bytes(coded_demo.read_bytes())
    workspace = Workspace.open(copy, "第一次用")
    window = _window(qtbot, workspace)
    try:
        assert window.hint.isVisible()
        text = window.article_text
        leaf = next(n for n in window.tree if n.key and not n.children)
        window.view.select_span(2, 6)
        window.code_selection(leaf.id)
        assert len(text) > 6 and not window.hint.isVisible()
    finally:
        window.close()
        workspace.close()


def test_the_help_menu_lists_the_keys(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    titles = [a.text().replace("&", "") for a in demo_window.menuBar().actions()]
    assert titles[-1] == "Help"
    entries = [a.text().replace("&", "") for a in demo_window.menus["help"].actions()]
    assert entries[0].startswith("Keyboard keys") and "Documentation" in entries
    assert any(e.startswith("About") for e in entries)
    shown: list[list[tuple[str, str]]] = []

    def record(dialog: KeysDialog) -> int:
        table = dialog.table
        shown.append(
            [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
        )
        return 0

    monkeypatch.setattr(KeysDialog, "exec", record)
    demo_window.show_keys()
    keys = dict(shown[0])
    assert keys["Ctrl+D"] == "Mark article done / not done"
    assert keys["F1"].startswith("Keyboard keys")
    assert keys["1"] == next(n.path_text for n in demo_window.tree if n.key == "1")


# -- point 2: codes made in the window -----------------------------------------------------------


def _fill(dialog: CodeDialog, **fields: str) -> None:
    for name, value in fields.items():
        widget = getattr(dialog, name)
        if hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        else:
            widget.setText(value)


def test_a_new_code_gets_every_field_and_a_palette_colour(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = {n.color.lower() for n in demo_window.tree}

    def fill_and_accept(dialog: CodeDialog) -> int:
        _fill(
            dialog,
            name="網格員流失",
            name_en="Grid worker turnover",
            definition="网格员离职、流失及其原因。",
            include="写到网格员辞职或留不住的句子。",
            exclude="网格员的招聘（编入“网格员”）。",
            examples="网格员流失率高。\n待遇低，留不住人。",
            keywords="网格员流失\n留不住",
            key="F9",
        )
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(CodeDialog, "exec", fill_and_accept)
    demo_window.codebook_panel.add_button.click()  # the panel's "New code…"
    node = next(n for n in demo_window.tree if n.name == "網格員流失")
    spec = demo_window.codebook_panel.spec_of(node.guid)
    assert spec is not None
    assert (spec.name_en, spec.key, spec.keywords) == (
        "Grid worker turnover",
        "F9",
        ["网格员流失", "留不住"],
    )
    assert spec.examples == ["网格员流失率高。", "待遇低，留不住人。"]
    assert node.color in CATEGORY_COLOURS and node.color not in used
    # The filter finds it in either script and by its English name.
    for query in ("网格员流", "turnover"):
        demo_window.codebook_panel.filter.setText(query)
        names = _visible_names(demo_window)
        assert "網格員流失" in names, query
    demo_window.codebook_panel.filter.clear()
    # One undo takes the whole new code away.
    demo_window.undo()
    assert all(n.name != "網格員流失" for n in demo_window.tree)


def _visible_names(window: MainWindow) -> list[str]:
    proxy = window.codebook_panel.proxy
    names: list[str] = []
    stack = [proxy.index(r, 0) for r in range(proxy.rowCount())]
    while stack:
        index = stack.pop()
        names.append(str(index.data()))
        stack.extend(proxy.index(r, 0, index) for r in range(proxy.rowCount(index)))
    return names


def test_a_taken_key_is_refused_with_a_message(qtbot: QtBot, demo_window: MainWindow) -> None:
    holder = next(n for n in demo_window.tree if n.key == "1")
    other = next(n for n in demo_window.tree if n.key and n.key != "1")
    spec = demo_window.codebook_panel.spec_of(other.guid)
    assert spec is not None
    dialog = demo_window._code_dialog(spec, other.id, "Edit code")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.key.setText("1")
    dialog.accept()
    assert dialog.isVisible() and holder.path_text in dialog.problem.text()
    dialog.key.setText("Ctrl+D")  # the window's "mark done"
    dialog.accept()
    assert dialog.isVisible() and "Mark article done" in dialog.problem.text()
    dialog.name.setText("")
    assert dialog.problem_text() == "A code needs a name."
    dialog.name.setText(spec.name)
    dialog.key.setText(other.key or "")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_editing_a_code_changes_its_fields_in_one_step(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = next(n for n in demo_window.tree if n.key == "2")

    def edit(dialog: CodeDialog) -> int:
        _fill(dialog, definition="改过的定义。", key="F10")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(CodeDialog, "exec", edit)
    demo_window.edit_codebook("edit", node.id)
    spec = demo_window.codebook_panel.spec_of(node.guid)
    assert spec is not None and (spec.definition, spec.key) == ("改过的定义。", "F10")
    assert demo_window.workspace.undo_stack.undo_label == "Edit code"


# -- point 3 in the window: done is a status ------------------------------------------------------


def test_marking_done_never_opens_a_queue(
    qtbot: QtBot, demo_window: MainWindow, coded_demo: Path
) -> None:
    assert demo_window.status_filter.currentData() == "all"
    view = demo_window.status_filter.view()
    assert isinstance(view, QListView)
    assert view.isRowHidden(demo_window.status_filter.findData("queue"))
    undone = next(
        demo_window.article_model.article_at(r)
        for r in range(demo_window.article_model.rowCount())
        if demo_window.article_model.article_at(r).status != "done"
    )
    demo_window.open_article(undone.id)
    demo_window.toggle_done()
    row = demo_window.article_model.row_of(undone.id)
    assert row is not None and demo_window.article_model.article_at(row).status == "done"
    demo_window._load_articles()  # as the next launch does
    assert demo_window.status_filter.currentData() == "all"
    assert demo_window.article_filter.rowCount() == demo_window.article_model.rowCount()


def test_my_queue_opens_when_the_lead_assigned(
    qtbot: QtBot, coded_demo: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "demo.articoder"
    copy.write_bytes(coded_demo.read_bytes())
    workspace = Workspace.open(copy, "李同学")
    assign(workspace.database, {"李同学": [1, 2]})
    window = _window(qtbot, workspace)
    try:
        assert window.status_filter.currentData() == "queue"
        shown = {
            int(window.article_filter.index(r, 0).data(Qt.ItemDataRole.UserRole + 1))
            for r in range(window.article_filter.rowCount())
        }
        assert shown == {1, 2}  # not the articles 李同学 only marked done
    finally:
        window.close()
        workspace.close()


# -- point 4: the layout --------------------------------------------------------------------------


def test_the_window_fits_1280x720_at_150_percent(qtbot: QtBot, demo_window: MainWindow) -> None:
    # 1280x720 at 150 % scaling is 853x480 logical pixels, status bar included.
    minimum = demo_window.minimumSizeHint()
    assert minimum.width() <= 853 and minimum.height() <= 480
    panel = demo_window.codebook_panel
    assert panel.tree.minimumHeight() >= 6 * panel.tree.fontMetrics().height()


def test_status_and_segments_columns_are_in_view(qtbot: QtBot, demo_window: MainWindow) -> None:
    demo_window.reset_layout()
    demo_window.resize(1280, 720)
    qtbot.wait(50)
    demo_window._default_dock_sizes()
    qtbot.wait(50)
    table = demo_window.article_table
    header = table.horizontalHeader()
    for column in (3, 4):  # status, segments
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert header.sectionViewportPosition(column) >= 0 and right <= table.viewport().width()
        title = str(demo_window.article_model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title)
    assert header.sectionSize(0) >= table.viewport().width() * 0.5

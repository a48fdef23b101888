"""The coding window's tools from issue 15: dropping a code on a selection, in-vivo coding,
"Code with…", coding stripes, the "Coded segments" window (with an .xlsx read back), feedback
in the status bar, zoom in steps, the remembered Simplified view, and cleaning where coders
read (flagged passages, the cleaning panel). A real project file and a real window.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QMouseEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from gui.article_area import FONT_STEPS
from gui.article_view import CODE_MIME, touching_boundaries
from gui.main_window import MainWindow
from models.database import create_project
from models.entities import Segment

CODEBOOK = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"


WINDOW_SIZE = (1400, 900)


def stored(window: MainWindow) -> list[tuple[int, int, int, str]]:
    with window.workspace.database.session() as session:
        rows = session.execute(
            select(Segment.code_id, Segment.start, Segment.end, Segment.text).order_by(Segment.id)
        )
        return [(int(c), int(s), int(e), str(t)) for c, s, e, t in rows]


def open_with(window: MainWindow, needle: str) -> str:
    for row in range(window.article_model.rowCount()):
        article = window.article_model.article_at(row)
        text = window.workspace.article(article.id).text
        if needle in text:
            window.open_article(article.id)
            return text
    raise AssertionError(f"no demo article contains {needle}")


def leaf(window: MainWindow, index: int = 0) -> int:
    return [n for n in window.tree if not n.children and not n.retired][index].id


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def drag_enter(window: MainWindow, data: QMimeData, point: QPoint) -> bool:
    # What a drag from the codebook sends first; Qt delivers the drop only after it.
    enter = QDragEnterEvent(
        point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window.view.viewport(), enter)
    return enter.isAccepted()


def test_a_code_dropped_on_the_selection_codes_it(qtbot: QtBot, window: MainWindow) -> None:
    text = open_with(window, "居民")
    start = text.index("居民")
    window.view.select_span(start, start + 2)
    code_id = leaf(window)
    data = QMimeData()
    data.setData(CODE_MIME, str(code_id).encode("ascii"))
    point = window.view.cursorRect().center()
    assert drag_enter(window, data, point)
    drop = QDropEvent(
        QPointF(point), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window.view.viewport(), drop)
    assert drop.isAccepted()
    assert stored(window)[-1] == (code_id, start, start + 2, "居民")
    assert "居民" in message(window)
    # Anything else dropped on the text is refused and codes nothing.
    other = QMimeData()
    other.setText("居民")
    before = stored(window)
    assert not drag_enter(window, other, point)
    refused = QDropEvent(
        QPointF(point), Qt.DropAction.CopyAction, other, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window.view.viewport(), refused)
    assert stored(window) == before


def test_in_vivo_and_code_with_recent_codes(qtbot: QtBot, window: MainWindow) -> None:
    text = open_with(window, "居民")
    parent = next(n for n in window.tree if n.children)
    window.codebook_panel.tree.setCurrentIndex(
        window.codebook_panel.proxy.mapFromSource(window.codebook_panel.model.index_of(parent.id))
    )
    start = text.index("居民")
    window.view.select_span(start, start + 2)
    window.view.setFocus()
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    # A top-level code, as in NVivo and MAXQDA, whatever code the codebook has selected.
    made = next(n for n in window.tree if n.name == "居民")
    assert made.parent is None
    assert stored(window)[-1] == (made.id, start, start + 2, "居民")
    assert message(window) == "New top-level code “居民” codes the selection"
    assert window.recent_codes[0] == made.id
    # Right-click: "Code with…" lists the codes used, most recent first.
    other = leaf(window)
    second = text.index("居民", start + 1) if "居民" in text[start + 1 :] else start
    window.view.select_span(second, second + 1)
    window.code_selection(other)
    assert window.recent_codes[:2] == [other, made.id]
    later = next(i for i in range(len(text) - 2) if text[i : i + 2].strip() and i > second + 5)
    window.view.select_span(later, later + 2)
    menu = window.article_menu(QPoint(5, 5))
    code_with = next(a.menu() for a in menu.actions() if a.menu() is not None)
    names = [a.text() for a in code_with.actions()]
    assert names[:2] == [window._code_name(other), "居民"]
    code_with.actions()[1].trigger()
    assert stored(window)[-1] == (made.id, later, later + 2, text[later : later + 2])
    assert window.in_vivo_action in menu.actions()
    # Undo takes the in-vivo code and its segment away in one step, and says so.
    window.undo()
    window.undo()
    assert "Undone" in message(window)
    window.undo()
    assert all(n.name != "居民" for n in window.tree)
    window.redo()
    assert "Redone" in message(window) and any(n.name == "居民" for n in window.tree)
    assert window.saved_label.text().startswith("✔")
    # The next launch offers the same recent codes.
    again = MainWindow(window.workspace)
    qtbot.addWidget(again)
    again.open_article(window.article_id or 0)
    again.view.select_span(later, later + 1)
    menu = again.article_menu(QPoint(5, 5))
    code_with = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert [a.text() for a in code_with.actions()][:2] == ["居民", window._code_name(other)]
    again.close()


def test_status_for_recode_memo_delete(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = open_with(window, "居民")
    start = text.index("居民")
    first, second = leaf(window, 0), leaf(window, 1)
    window.view.select_span(start, start + 2)
    window.code_selection(first)
    segment_id = window.view.spans[-1].segment_id
    window.select_segment(segment_id)
    cursor = window.view.textCursor()
    cursor.clearSelection()
    window.view.setTextCursor(cursor)
    window.code_selection(second)
    assert window._code_name(second) in message(window) and stored(window)[-1][0] == second
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("很重要", True))
    window.edit_memo()
    assert message(window) == "Memo saved"
    window.delete_segment()
    assert "居民" in message(window) and stored(window) == []
    window.delete_segment()
    assert "Click a segment first" in message(window)


def test_stripes_and_touching_segments(qtbot: QtBot, window: MainWindow) -> None:
    text = open_with(window, "居民")
    start = text.index("居民")
    code_id = leaf(window)
    window.workspace.code_span(window.article_id or 0, start, start + 2, code_id)
    window.workspace.code_span(window.article_id or 0, start + 2, start + 4, code_id)
    window.workspace.code_span(window.article_id or 0, start, start + 6, leaf(window, 1))
    view = window.view
    view.select_span(start, start + 1)  # scrolls the segments into sight
    assert (start + 2, view.spans[0].color) in view.joins  # same code touching: a boundary
    assert len(view.joins) == 1
    assert view.viewportMargins().left() == view.stripes.width_needed() > 0
    view.stripes.repaint()
    assert len(view.stripes.drawn) == 3
    rects = {span.code_id: rect for rect, span in view.stripes.drawn}
    assert len({r.x() for r in rects.values()}) == 2  # one column per code
    rect = rects[code_id]
    names = [s.name for s in view.stripes.spans_at(rect.center().x(), rect.center().y())]
    assert window._code_name(code_id) in names
    shot = view.grab()
    assert not shot.isNull()


def test_touching_boundaries_only_between_one_codes_segments() -> None:
    from gui.article_view import Span

    spans = [
        Span(1, 0, 5, "#ff0000", "a", code_id=1),
        Span(2, 5, 9, "#ff0000", "a", code_id=1),
        Span(3, 9, 12, "#00ff00", "b", code_id=2),
        Span(4, 12, 14, "#00ff00", "b", code_id=2, suggestion=True),
    ]
    assert touching_boundaries(spans) == [(5, "#ff0000")]


def test_press_inside_the_selection_starts_a_new_one(qtbot: QtBot, window: MainWindow) -> None:
    text = open_with(window, "居民")
    start = text.index("居民")
    view = window.view
    view.snap_to_words = False
    view.select_span(start, start + 6)
    inside = view.cursorRect(_cursor_at(view, start + 3)).center()
    end = view.cursorRect(_cursor_at(view, start + 5)).center()
    viewport = view.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for kind, point, buttons in (
        (QEvent.Type.MouseButtonPress, inside, left),
        (QEvent.Type.MouseMove, end, left),
        (QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton),
    ):
        global_point = QPointF(viewport.mapToGlobal(point))
        event = QMouseEvent(kind, QPointF(point), global_point, left, buttons, none)
        QApplication.sendEvent(viewport, event)
    assert view.selected_span() == (start + 3, start + 5)


def _cursor_at(view: object, offset: int) -> QTextCursor:
    cursor = QTextCursor(view.document())  # type: ignore[attr-defined]
    cursor.setPosition(view.offsets.to_qt(offset))  # type: ignore[attr-defined]
    return cursor


def test_zoom_in_real_steps(qtbot: QtBot, window: MainWindow) -> None:
    window.view.setFocus()
    window.zoom_reset()
    assert window.view.font().pointSize() == 14
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSize() == 16
    window.zoom(1)
    assert window.view.font().pointSize() == 18
    window.zoom(-1)
    window.zoom(-1)
    window.zoom(-1)
    assert window.view.font().pointSize() == 13
    assert "13" in message(window)
    for _ in range(20):
        window.zoom(1)
    assert window.view.font().pointSize() == FONT_STEPS[-1]
    QTest.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSize() == 14
    assert int(str(window.settings.value("font_size"))) == 14


def test_simplified_view_is_remembered(qtbot: QtBot, window: MainWindow, demo_file: Path) -> None:
    traditional = [r for r in window.workspace.article_rows() if r.script == "traditional"]
    window.open_article(traditional[0].id)
    original = window.view.toPlainText()
    window.script_action.trigger()
    assert window.view.toPlainText() != original
    other = next(r for r in window.workspace.article_rows() if r.id != traditional[0].id)
    window.open_article(other.id)
    window.open_article(traditional[0].id)
    assert window.simplified and window.view.toPlainText() != original
    # A new window (the next launch) starts in the Simplified view too.
    again = MainWindow(window.workspace)
    qtbot.addWidget(again)
    again.open_article(traditional[0].id)
    assert again.script_action.isChecked() and again.view.toPlainText() != original
    again.script_action.trigger()
    again.close()
    window.open_article(traditional[0].id)
    assert not window.simplified and window.view.toPlainText() == original


def test_paragraphs_are_spaced(qtbot: QtBot, window: MainWindow) -> None:
    view = window.view
    view.show_text("第一段文字。\n第二段文字。\n\n第三段文字。")
    first = view.document().firstBlock()
    line = first.layout().lineAt(0).height()
    assert view.blockBoundingRect(first).height() >= line + 5  # a gap after a paragraph
    empty = first.next().next()
    assert view.blockBoundingRect(first.next()).height() < line + 5  # a blank line is the gap
    assert empty.length() == 1


@pytest.fixture
def cleaning_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    database = create_project(tmp_path / "clean.articoder")
    import_codebook(database, read_codebook_text(CODEBOOK))
    source = tmp_path / "a.txt"
    source.write_text(
        "东湖社区推进红色物业\n"
        "东湖社区推行红色物业，幸?,F代社區的网格员每天走访。\n"
        "居民议事会每月召开一次。\n"
        "版权所有 东湖日报 京ICP备12345678号\n",
        encoding="utf-8",
    )
    import_paths(database, [source])
    workspace = Workspace(database, ensure_coder(database, "王老师"))
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    database.close()


def test_flagged_passages_and_the_cleaning_panel(qtbot: QtBot, cleaning_window: MainWindow) -> None:
    window = cleaning_window
    view = window.view
    assert view.flags and view.flags[0].kind == "mojibake"
    flag = view.flags[0]
    assert "?" in window.article_text[flag.start : flag.end]
    assert any(
        s.format.underlineStyle() == s.format.UnderlineStyle.WaveUnderline
        for s in view.extraSelections()
    )
    assert "cleaning" in window.header.text() and "check" in window.header.text()
    window.header.linkActivated.emit("cleaning")
    panel = window.cleaning_panel
    assert panel is not None and panel.isVisible()
    assert "Garbled" in panel.flags.text()
    row = next(i for i, r in enumerate(panel.removals) if "版权所有" in r.text)
    panel.table.selectRow(row)
    assert panel.toggle_button.isEnabled()
    panel.toggle_button.click()
    assert "版权所有" in window.view.toPlainText()  # the article shows the text put back
    assert panel.table.item(row, 3).text() == "Restored"
    panel.table.selectRow(row)
    assert panel.toggle_button.text() == "Remove again"
    panel.toggle_button.click()
    assert "版权所有" not in window.view.toPlainText()
    # Once coded, nothing can be put back, and the panel says why.
    window.view.select_span(0, 2)
    window.code_selection(next(n.id for n in window.tree if n.key))
    window.open_cleaning_panel()
    panel = window.cleaning_panel
    panel.table.selectRow(0)
    assert not panel.toggle_button.isEnabled() and "coded" in panel.message.text()


def test_coded_segments_window(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from gui.retrieval_window import RetrievalWindow

    workspace = window.workspace
    text = open_with(window, "居民")
    first_article = window.article_id or 0
    code_id = leaf(window)
    start = text.index("居民")
    workspace.code_span(first_article, start, start + 2, code_id)
    other_row = next(r for r in workspace.article_rows() if r.id != first_article)
    other_text = workspace.article(other_row.id).text
    workspace.code_span(other_row.id, 0, 4, code_id)
    li = Workspace(workspace.database, ensure_coder(workspace.database, "李同学"))
    li.code_span(other_row.id, 4, 8, code_id)
    workspace.set_blind(False)
    node = window.tree.by_id[code_id]
    window.codebook_panel.tree.setCurrentIndex(
        window.codebook_panel.proxy.mapFromSource(window.codebook_panel.model.index_of(node.id))
    )
    QTest.keyClick(
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    retrieval = window.retrieval_window
    assert isinstance(retrieval, RetrievalWindow) and retrieval.isVisible()
    rows = retrieval.model.rows
    assert len(rows) == 3 and {r.article_id for r in rows} == {first_article, other_row.id}
    mine = next(r for r in rows if r.article_id == first_article)
    assert mine.text == "居民" and mine.before == text[max(start - 60, 0) : start]
    assert retrieval.count.text() == "3 segments in 2 articles"
    # Coder filter.
    retrieval.coder.setCurrentIndex(retrieval.coder.findData(li.coder.id))
    assert [(r.start, r.end) for r in retrieval.model.rows] == [(4, 8)]
    assert retrieval.count.text() == "1 segment in 1 article"
    retrieval.coder.setCurrentIndex(0)
    # Double-click jumps to the place in the main window.
    row = next(i for i, r in enumerate(retrieval.model.rows) if r.article_id == other_row.id)
    retrieval._on_double_click(retrieval.model.index(row, 4))
    assert window.article_id == other_row.id
    # The segment becomes the current one (a code key recodes it), the caret at its start;
    # no text is selected, or a code key would code a duplicate segment.
    assert window.view.selected_segment == retrieval.model.rows[row].segment_id
    assert window.view.selected_span() is None
    assert window.view.offsets.from_qt(window.view.textCursor().position()) == (
        retrieval.model.rows[row].start
    )
    # Export: a real workbook, read back.
    target = tmp_path / "segments.xlsx"
    assert retrieval.export_to(target) is None
    book = openpyxl.load_workbook(target, read_only=True)
    sheet = book["segments"]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    assert header[:5] == ["article_id", "title", "outlet", "published", "code"]
    # Read-only openpyxl leaves out a row's trailing empty cells (no memo here).
    body = [
        dict(zip(header, [*v, *[None] * (len(header) - len(v))], strict=True)) for v in values[1:]
    ]
    assert len(body) == 3
    assert {r["segment"] for r in body} >= {"居民", other_text[0:4], other_text[4:8]}
    assert {r["coder"] for r in body} == {"测试编码员", "李同学"}
    book.close()
    # Blind mode: only one's own segments, and no other coder to choose.
    workspace.set_blind(True)
    window.open_retrieval()
    blind = window.retrieval_window
    assert blind is not None
    blind.check_codes([code_id])
    assert {r.coder_id for r in blind.model.rows} == {workspace.coder.id}
    assert not blind.coder.isEnabled()
    blind.close()

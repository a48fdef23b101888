"""Coding actions after the usability review of issue 15: in-vivo codes at the top level, a
segment chosen in the list recoded by a key (never duplicated), the segment just coded being
the current one (Ctrl+M names it), codebook counts that follow each action at once and show
only the coder's own work in blind mode, deleting a used code with no code to take its
segments, "Code with… > All codes", balanced quotes in snapped selections, word steps on
Ctrl+Shift+arrows, and the cleaning panel's words. A real project file and a real window.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from codebook.operations import AddCode
from codebook.spec import CodeSpec
from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from gui.article_area import unbreakable_html
from gui.article_view import balance_quotes
from gui.cleaning_panel import removed_text_label
from gui.code_dialog import DeleteCodeDialog, ask_delete_code
from gui.codebook_model import SEGMENTS
from gui.main_window import MainWindow
from models.database import create_project
from models.entities import Segment

CODEBOOK = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"


WINDOW_SIZE = (1280, 720)


def segment_count(window: MainWindow) -> int:
    with window.workspace.database.session() as session:
        return int(session.scalar(select(func.count(Segment.id))) or 0)


def open_with(window: MainWindow, needle: str) -> str:
    for row in range(window.article_model.rowCount()):
        article = window.article_model.article_at(row)
        text = window.workspace.article(article.id).text
        if needle in text:
            window.open_article(article.id)
            return text
    raise AssertionError(f"no demo article contains {needle}")


def keyed_leaves(window: MainWindow) -> list[int]:
    return [n.id for n in window.tree if n.key and not n.children and not n.retired]


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def shown_count(window: MainWindow, code_id: int) -> str:
    return str(window.codebook_panel.model.index_of(code_id, SEGMENTS).data())


def choose_in_codebook(window: MainWindow, code_id: int) -> None:
    panel = window.codebook_panel
    panel.tree.setCurrentIndex(panel.proxy.mapFromSource(panel.model.index_of(code_id)))


def test_in_vivo_is_top_level_unless_a_child_is_asked_for(qtbot: QtBot, window: MainWindow) -> None:
    text = open_with(window, "居民")
    parent = next(n for n in window.tree if n.children and not n.retired)
    choose_in_codebook(window, parent.id)  # as after dragging that code onto other text
    start = text.index("居民")
    window.view.select_span(start, start + 2)
    window.view.setFocus()
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    made = next(n for n in window.tree if n.name == "居民")
    assert made.parent is None
    assert message(window) == "New top-level code “居民” codes the selection"
    assert window.view.selected_segment == window.view.spans[-1].segment_id
    # Asked for a child: under the codebook's selected code, and the message names it.
    choose_in_codebook(window, parent.id)
    later = text.index("居民", start + 2) if "居民" in text[start + 2 :] else start + 4
    window.view.select_span(later, later + 1)
    menu = window.article_menu(QPoint(5, 5))
    child_entry = next(a for a in menu.actions() if parent.name in a.text())
    child_entry.trigger()
    name = text[later : later + 1].strip()
    child = next(n for n in window.tree if n.name == name and n.parent is not None)
    assert child.parent is not None and child.parent.id == parent.id
    assert parent.path_text in message(window) and name in message(window)


def test_a_row_chosen_in_segments_is_recoded_by_a_key(qtbot: QtBot, window: MainWindow) -> None:
    text = open_with(window, "居民")
    first, second = keyed_leaves(window)[:2]
    start = text.index("居民")
    window.view.select_span(start, start + 2)
    window.code_selection(first)
    segment_id = window.view.selected_segment
    assert segment_id is not None
    before = segment_count(window)
    window.view.show_position(0)  # the coder reads on elsewhere
    window._make_current(None)
    row = window.segment_list.segment_ids.index(segment_id)
    window.segment_list.selectRow(row)  # a click on its row
    assert window.view.selected_segment == segment_id
    assert window.view.selected_span() is None
    window.view.setFocus()
    qtbot.keyClicks(window.view, window.tree.by_id[second].key or "")
    assert segment_count(window) == before  # recoded, not a duplicate
    recoded = next(
        s for s in window.workspace.segments(window.article_id or 0) if s.id == segment_id
    )
    assert recoded.code_id == second
    assert message(window).startswith("Recoded the segment as")
    # With other text selected, a click on the row already selected makes it current again.
    window.view.select_span(0, 2)
    rect = window.segment_list.visualRect(window.segment_list.segment_model.index(row, 1))
    qtbot.mouseClick(window.segment_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selected_span() is None
    assert window.view.selected_segment == segment_id


def test_memo_right_after_coding_names_the_code_and_text(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = open_with(window, "居民")
    code = keyed_leaves(window)[0]
    start = text.index("居民")
    window.view.select_span(start, start + 2)
    window.code_selection(code)
    asked: list[tuple[str, str]] = []

    def answer(_parent: object, title: str, label: str, current: str) -> tuple[str, bool]:
        asked.append((title, label))
        return "居民的说法", True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", answer)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    name = window.tree.by_id[code].name
    assert asked == [(f"Memo — {name}", f"Memo for “居民” (coded as {name}):")]
    assert message(window) == "Memo saved"
    current = window.view.selected_segment
    memos = {x.id: x.memo for x in window.workspace.segments(window.article_id or 0)}
    assert memos[current] == "居民的说法"  # type: ignore[index]


def test_codebook_counts_follow_each_action_at_once(qtbot: QtBot, window: MainWindow) -> None:
    window.workspace.set_blind(False)  # counts of every coder: what the reload also counts
    window._refresh_counts()
    text = open_with(window, "居民")
    first, second = keyed_leaves(window)[:2]
    counts = {c: int(shown_count(window, c)) for c in (first, second)}
    start = text.index("居民")
    window.view.select_span(start, start + 2)
    window.code_selection(first)
    assert int(shown_count(window, first)) == counts[first] + 1  # no wait for a timer
    cursor = window.view.textCursor()
    cursor.clearSelection()
    window.view.setTextCursor(cursor)
    window.code_selection(second)  # recode the current segment
    assert int(shown_count(window, first)) == counts[first]
    assert int(shown_count(window, second)) == counts[second] + 1
    window.delete_segment()
    assert int(shown_count(window, second)) == counts[second]
    # The reload from the database agrees with what was counted.
    window._refresh_counts()
    assert int(shown_count(window, second)) == counts[second]


def test_code_with_offers_every_code(qtbot: QtBot, window: MainWindow) -> None:
    text = open_with(window, "居民")
    start = text.index("居民")
    window.view.select_span(start, start + 2)
    menu = window.article_menu(QPoint(5, 5))
    code_with = next(a.menu() for a in menu.actions() if a.menu() is not None)
    everything = next(a.menu() for a in code_with.actions() if a.text() == "All codes…")

    def entries(target: QMenu) -> list[QAction]:
        found = []
        for action in target.actions():
            if action.menu() is not None:
                found += entries(action.menu())
            elif action.text():
                found.append(action)
        return found

    listed = {a.text().split("\t")[0]: a for a in entries(everything)}
    assert {n.name for n in window.tree if not n.retired} <= set(listed)
    # A code deep in the tree, chosen from the menu, codes the selection.
    leaf = next(n for n in window.tree if not n.children and not n.retired and n.parent)
    before = segment_count(window)
    listed[leaf.name].trigger()
    assert segment_count(window) == before + 1
    coded = window.workspace.segments(window.article_id or 0)
    assert any(x.code_id == leaf.id and (x.start, x.end) == (start, start + 2) for x in coded)


def test_deleting_the_only_code_with_segments_offers_deleting_them(
    qtbot: QtBot, tmp_path: Path
) -> None:
    database = create_project(tmp_path / "one.articoder")
    source = tmp_path / "a.txt"
    source.write_text("东湖社区简讯\n东湖社区推行红色物业，居民满意。\n", encoding="utf-8")
    import_paths(database, [source])
    workspace = Workspace(database, ensure_coder(database, "王老师"))
    workspace.perform(AddCode(None, CodeSpec(name="物业服务没见")))
    code = workspace.code_tree().roots[0]
    workspace.code_span(1, 0, 2, code.id)
    workspace.code_span(1, 4, 6, code.id)
    tree = workspace.code_tree()
    dialog = DeleteCodeDialog(tree.by_id[code.id], tree, 2)
    qtbot.addWidget(dialog)
    # Nowhere to move them: moving is off, deleting them is chosen, and OK does it.
    assert not dialog.move_choice.isEnabled() and dialog.delete_choice.isChecked()
    assert dialog.ok_button.isEnabled() and "2 segments" in dialog.delete_choice.text()
    operation = dialog.operation()
    assert operation.delete_segments and operation.reassign_to is None
    workspace.perform(operation)
    assert workspace.code_tree().roots == [] and workspace.segments(1) == []
    workspace.undo()  # one step brings the code and both segments back
    assert [s.start for s in workspace.segments(1)] == [0, 4]
    # With another code there, moving is offered first, to any code outside the subtree.
    workspace.perform(AddCode(None, CodeSpec(name="红色物业")))
    tree = workspace.code_tree()
    dialog = DeleteCodeDialog(tree.by_id[code.id], tree, 2)
    qtbot.addWidget(dialog)
    assert dialog.move_choice.isChecked() and dialog.target.count() == 1
    assert dialog.operation().reassign_to == next(n.id for n in tree if n.name == "红色物业")
    # An unused code goes without a question (undo brings it back).
    unused = next(n for n in tree if n.name == "红色物业")
    assert ask_delete_code(unused, tree, 0).code_id == unused.id  # type: ignore[union-attr]
    database.close()


def test_cleaning_panel_says_another_coder_coded_it_without_naming_them(
    qtbot: QtBot, tmp_path: Path
) -> None:
    database = create_project(tmp_path / "clean.articoder")
    import_codebook(database, read_codebook_text(CODEBOOK))
    source = tmp_path / "a.txt"
    source.write_text(
        "东湖社区推进红色物业\n东湖社区推行红色物业。\n版权所有 东湖日报 京ICP备12345678号\n",
        encoding="utf-8",
    )
    import_paths(database, [source])
    other = Workspace(database, ensure_coder(database, "李老师"))
    other.code_span(1, 0, 2, next(c.id for c in other.codes() if c.path[-1] == "红色物业"))
    workspace = Workspace(database, ensure_coder(database, "王老师"))
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    main.open_article(1)
    main.open_cleaning_panel()
    panel = main.cleaning_panel
    assert panel is not None
    assert panel.message.text().startswith("Another coder has coded this article")
    assert "李老师" not in panel.message.text()
    panel.table.selectRow(0)
    assert not panel.toggle_button.isEnabled()
    workspace.set_blind(False)  # not blind: the coder may learn who
    main.open_cleaning_panel()
    assert main.cleaning_panel is not None
    assert main.cleaning_panel.message.text().startswith("李老师 coded this article")
    main.close()
    database.close()


def test_whitespace_removals_are_named() -> None:
    assert removed_text_label("    ") == "(4 spaces)"
    assert removed_text_label("\u3000\u3000") == "(2 spaces)"
    assert removed_text_label("\n\n\n") == "(3 line breaks)"
    assert removed_text_label(" \n") == "(1 space, 1 line break)"
    assert removed_text_label("版权\n所有") == "版权 ⏎ 所有"


@pytest.mark.parametrize(
    ("text", "selected", "expected"),
    [
        ("他们推行“楼栋议事会”制度", "推行“楼栋议事会", "推行“楼栋议事会”"),
        ("他们推行“楼栋议事会”制度", "楼栋议事会”制度", "“楼栋议事会”制度"),
        ("他说“党员" + "很" * 30 + "”", "“党员", "党员"),  # partner too far: dropped
        ("成立《社区议事规则》", "《社区议事规则》", "《社区议事规则》"),
        ("平平无奇的句子", "无奇", "无奇"),
    ],
)
def test_snapped_selections_keep_quotes_balanced(text: str, selected: str, expected: str) -> None:
    start = text.index(selected)
    low, high = balance_quotes(text, start, start + len(selected))
    assert text[low:high] == expected


def test_word_steps_on_ctrl_shift_arrows(qtbot: QtBot, window: MainWindow) -> None:
    text = open_with(window, "居民")
    qtbot.waitUntil(lambda: bool(window.view.boundaries), timeout=20000)
    boundaries = window.view.boundaries
    start = text.index("居民")
    end = next(b for b in boundaries if b > start)
    window.view.select_span(start, end)
    window.view.setFocus()
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Right,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    grown = window.view.selected_span()
    assert grown is not None and grown[0] == start and grown[1] > end
    assert grown[1] in boundaries or text[grown[1] - 1] in "，。、”"
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Left,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.view.selected_span() == (start, end)
    keys = {a.shortcut().toString() for a in window.actions()}
    assert {"Ctrl+Shift+Right", "Ctrl+Shift+Left"} <= keys


def test_room_for_the_definition_and_the_hits_at_1280x720(qtbot: QtBot, window: MainWindow) -> None:
    details = window.codebook_panel.details
    assert details.minimumHeight() >= details.fontMetrics().lineSpacing() * 5
    hits = window.search_results
    assert hits.minimumHeight() >= hits.fontMetrics().lineSpacing() * 5
    # "✔ Done" never breaks inside itself beside a long title.
    row = window.article_model.article_at(0)
    window.workspace.set_done(row.id)
    window.open_article(row.id)
    assert unbreakable_html("✔ Done", "#1e8449") in window.header.text()
    # QLabel breaks Chinese between any two characters, nowrap or not (seen on Xvfb: "已完 / 成");
    # word joiners between the badge's characters forbid it.
    assert unbreakable_html("✔ 已完成", "#1e8449").count("\u2060") == 4


def test_a_blind_coder_cannot_merge_or_delete_the_others_coding(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The delete dialog would count (and remove) every coder's segments: in blind mode a
    coder who is not the lead is told to ask the lead instead, and nothing changes.
    """
    database = create_project(tmp_path / "blind.articoder")
    import_codebook(database, read_codebook_text(CODEBOOK))
    source = tmp_path / "a.txt"
    source.write_text("东湖社区推进红色物业\n东湖社区推行红色物业，居民议事会每月召开。\n", "utf-8")
    import_paths(database, [source])
    lead = Workspace(database, ensure_coder(database, "李老师"))  # the first coder leads
    code_id = next(c.id for c in lead.codes() if c.path[-1] == "红色物业")
    lead.code_span(1, 0, 2, code_id)
    lead.set_blind(True)
    workspace = Workspace(database, ensure_coder(database, "王老师"))
    assert workspace.blind and not workspace.coder.is_lead
    told: list[str] = []
    monkeypatch.setattr(
        "gui.docks.QMessageBox.information", lambda _parent, _title, text: told.append(text)
    )
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    for action in ("delete", "merge"):
        main.edit_codebook(action, code_id)
    assert len(told) == 2 and "ask the lead" in told[0]
    assert code_id in main.tree.by_id and lead.code_segment_total(code_id) == 1
    main.close()
    database.close()

"""What a newcomer's walk through the window on a real X display (1280x720) found, kept fixed:
the window's frame inside the screen, new projects that Open project can find again and none
left behind by a Cancel, the first-code tip whose going no longer moves the text, Escape on the
Coded segments and Team progress windows, the empty Coded segments window saying what to do,
and file dialog columns that are not cut.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView
from pytestqt.qtbot import QtBot

import gui.app
from coding.workspace import Workspace
from gui.file_dialogs import _dialog
from gui.main_window import MainWindow, frame_fitted
from gui.project_actions import project_target
from models.database import open_project

WINDOW_SIZE = (1100, 700)

# -- the frame inside the screen -----------------------------------------------------------


def test_a_title_bar_below_a_short_screen_is_taken_off_the_height() -> None:
    room = QRect(0, 0, 1280, 720)
    client = QRect(1, 20, 1280, 720)  # what the first launch got: 720 high under a title bar
    frame = QRect(0, 0, 1282, 742)
    fitted = frame_fitted(frame, client, room)
    assert fitted is not None
    outer = QRect(fitted.x() - 1, fitted.y() - 20, fitted.width() + 2, fitted.height() + 22)
    assert room.contains(outer)
    assert (fitted.width(), fitted.height()) == (1278, 698)


def test_a_frame_inside_the_screen_or_no_frame_is_left_alone() -> None:
    room = QRect(0, 0, 1600, 1000)
    inside = QRect(80, 50, 1440, 900)
    assert frame_fitted(inside.adjusted(-1, -20, 1, 1), inside, room) is None
    too_big = QRect(0, 0, 1700, 1100)
    assert frame_fitted(too_big, too_big, room) is None  # no window manager: nothing to add


def test_the_window_pulls_its_status_bar_back_onto_the_screen(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = window.screen()
    assert screen is not None
    room = screen.availableGeometry()
    window.setGeometry(room)  # as _fit_to_screen sized it before the frame was known
    client = window.geometry()
    framed = QRect(client.x() - 1, client.y() - 22, client.width() + 2, client.height() + 23)
    monkeypatch.setattr(window, "frameGeometry", lambda: framed)
    window.keep_on_screen()
    now = window.geometry()
    assert now.height() == room.height() - 23 and now.width() == room.width() - 2
    assert now.y() - 22 >= room.y() and now.bottom() + 1 <= room.bottom()
    status = window.statusBar()
    bottom = status.mapTo(window, QPoint(0, status.height())).y() + now.y()
    assert bottom <= room.bottom() + 1


def test_a_size_chosen_after_the_fit_is_kept_at_the_first_paint(
    window: MainWindow, qtbot: QtBot
) -> None:
    # The fixture resized the window past the offscreen screen (800x800) after the fit; the
    # first paint's check leaves such a size alone, as it leaves a restored layout alone.
    qtbot.waitUntil(lambda: window._painted)
    qtbot.wait(50)  # the first_painted timer has run
    assert (window.width(), window.height()) == WINDOW_SIZE


# -- new projects --------------------------------------------------------------------------


def test_a_new_project_name_gets_the_extension_open_project_lists(tmp_path: Path) -> None:
    assert project_target(tmp_path / "我的研究") == tmp_path / "我的研究.articoder"
    assert project_target(tmp_path / "研究.articoder") == tmp_path / "研究.articoder"
    assert project_target(tmp_path / "Study.ARTICODER") == tmp_path / "Study.articoder"
    assert project_target(tmp_path / "2025.v1") == tmp_path / "2025.v1.articoder"
    assert project_target(tmp_path / ".articoder") is None
    assert project_target(tmp_path / " .articoder") is None


def test_new_project_asks_for_the_file_open_project_will_find(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = tmp_path / "我的研究"
    monkeypatch.setattr(
        "gui.project_actions.save_file_name", lambda *_args: (str(typed), "articoder")
    )
    requested: list[tuple[str, bool]] = []
    window.project_requested.connect(lambda path, create: requested.append((path, create)))
    window.new_project_dialog()
    assert requested == [(str(tmp_path / "我的研究.articoder"), True)]


def test_new_project_with_only_the_extension_says_what_to_type(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "gui.project_actions.save_file_name",
        lambda *_args: (str(tmp_path / ".articoder"), "articoder"),
    )
    told: list[str] = []
    monkeypatch.setattr(
        "gui.project_actions.QMessageBox.warning", lambda _parent, _title, text: told.append(text)
    )
    requested: list[str] = []
    window.project_requested.connect(lambda path, _create: requested.append(path))
    window.new_project_dialog()
    assert requested == [] and len(told) == 1
    assert ".articoder" in told[0] and "name" in told[0]
    assert not (tmp_path / ".articoder").exists()


@pytest.fixture
def launched(qtbot: QtBot, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
    """A window as the program opens it (gui.app.open_window), which can change project."""
    copy = tmp_path / "demo.articoder"
    copy.write_bytes(demo_file.read_bytes())
    workspace = Workspace.open(copy, "测试编码员")
    main = gui.app.open_window(workspace, "en")
    qtbot.addWidget(main)
    yield main
    main.close()
    workspace.close()


def test_cancelling_who_is_coding_leaves_no_empty_project_behind(
    launched: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Path | None] = []

    def cancel(database: object, _parent: object = None) -> None:
        asked.append(getattr(database, "path", None))

    monkeypatch.setattr(gui.app, "start_workspace", cancel)
    target = tmp_path / "新研究.articoder"
    launched.project_requested.emit(str(target), True)
    assert asked == [target]  # the project was made, then the coder cancelled
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("新研究"))
    assert leftovers == []


def test_cancelling_who_is_coding_on_open_keeps_the_project(
    launched: MainWindow, tmp_path: Path, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "已有.articoder"
    existing.write_bytes(demo_file.read_bytes())
    monkeypatch.setattr(gui.app, "start_workspace", lambda _database, _parent=None: None)
    launched.project_requested.emit(str(existing), False)
    assert existing.is_file()
    open_project(existing).close()  # still a project


# -- the first-code tip ----------------------------------------------------------------------


def test_the_first_code_does_not_move_the_text_until_the_next_article(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.hint.isVisible()  # 测试编码员 has coded nothing yet
    assert window.hint.geometry().bottom() <= window.view.geometry().top()  # the tip is above
    text_top = window.view.mapToGlobal(QPoint(0, 0)).y()
    leaf = next(n for n in window.tree if n.key and not n.children)
    window.view.select_span(2, 6)
    window.code_selection(leaf.id)
    qtbot.waitUntil(lambda: not window.hint.isVisible())
    assert window.hint_room.isVisible()
    assert window.view.mapToGlobal(QPoint(0, 0)).y() == text_top  # no jump under the mouse
    window.open_article(window.article_model.article_at(1).id)
    qtbot.waitUntil(lambda: window.view.mapToGlobal(QPoint(0, 0)).y() < text_top)
    assert not window.hint_room.isVisible() and not window.hint.isVisible()


# -- Escape, and the empty Coded segments window --------------------------------------------


def _press_escape(qtbot: QtBot, target: object) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(target, QWidget)
    target.activateWindow()
    qtbot.waitUntil(target.isActiveWindow)
    qtbot.keyClick(target.focusWidget() or target, Qt.Key.Key_Escape)


def test_escape_closes_the_coded_segments_window(window: MainWindow, qtbot: QtBot) -> None:
    window.open_retrieval()
    retrieval = window.retrieval_window
    assert retrieval is not None
    qtbot.waitExposed(retrieval)
    _press_escape(qtbot, retrieval)
    qtbot.waitUntil(lambda: not retrieval.isVisible())


def test_escape_closes_the_team_progress_window(window: MainWindow, qtbot: QtBot) -> None:
    window.open_progress()
    progress = window.progress_window
    assert progress is not None
    qtbot.waitExposed(progress)
    _press_escape(qtbot, progress)
    qtbot.waitUntil(lambda: not progress.isVisible())


def test_the_empty_coded_segments_window_says_to_tick_codes(window: MainWindow) -> None:
    window.open_retrieval()
    retrieval = window.retrieval_window
    assert retrieval is not None
    assert "Tick one or more codes" in retrieval.count.text()
    coded = next(n for n in window.tree if n.key and not n.children)
    window.view.select_span(2, 6)
    window.code_selection(coded.id)
    retrieval.check_codes([coded.id])
    assert retrieval.model.rowCount() == 1
    assert "Tick" not in retrieval.count.text() and "1" in retrieval.count.text()
    retrieval.check_codes([])
    assert "Tick one or more codes" in retrieval.count.text()


# -- file dialog columns ---------------------------------------------------------------------


def test_file_dialog_columns_take_what_their_text_needs(window: MainWindow, tmp_path: Path) -> None:
    (tmp_path / "study.articoder").write_bytes(b"x" * 88_000)
    dialog = _dialog(
        window, "Open", str(tmp_path), "articoder (*.articoder)", QFileDialog.FileMode.ExistingFile
    )
    view = dialog.findChild(QTreeView, "treeView")
    assert view is not None
    header = view.header()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert all(
        header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents
        for column in range(1, header.count())
    )
    dialog.deleteLater()


# -- a codebook file with a mistake ---------------------------------------------------------


def test_a_codebook_with_a_mistake_says_so_in_the_interface_language(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from codebook.store import load_codebook

    before = [code.name for code in load_codebook(window.workspace.database).codes]
    wrong = tmp_path / "社区治理.yaml"
    wrong.write_text('name: 社区治理\ncodes:\n  - name: 议事协商\n    colour: "#aa0000"\n')
    shown: list[tuple[str, str]] = []

    def capture(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", capture)
    window.import_codebook_file(wrong)
    assert len(shown) == 1
    headline, detail = shown[0]
    assert "not imported" in headline and "社区治理.yaml" in headline
    assert "line " in detail and "colour" in detail  # the reader's words, file and place
    assert [code.name for code in load_codebook(window.workspace.database).codes] == before


# -- the Agreement window's Coders… button -------------------------------------------------


def test_the_coders_button_keeps_room_for_its_menu_arrow(window: MainWindow, qtbot: QtBot) -> None:
    window.open_agreement()
    agreement = window.agreement_window
    assert agreement is not None
    qtbot.waitExposed(agreement)
    button = agreement.coder_button
    assert button.menu() is agreement.coder_menu
    text = button.fontMetrics().horizontalAdvance(button.text())
    # The text, the style's margins and the arrow beside it (a tool button drew it on the text).
    assert button.width() >= text + 24
    agreement.close()


# -- a file that is not a project -----------------------------------------------------------


def _captured_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def capture(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", capture)
    return shown


def test_opening_a_spreadsheet_as_a_project_points_to_import(
    launched: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "coded-data.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not a project")
    shown = _captured_boxes(monkeypatch)
    launched.project_requested.emit(str(sheet), False)
    assert len(shown) == 1
    headline, detail = shown[0]
    assert "coded-data.xlsx" in headline and "Import articles" in headline
    assert "not an articoder project" in detail
    assert sheet.read_bytes() == b"PK\x03\x04 not a project"  # left as it was


def test_a_new_project_over_an_existing_file_says_nothing_changed(
    launched: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = tmp_path / "已有.articoder"
    taken.write_bytes(b"notes")
    shown = _captured_boxes(monkeypatch)
    launched.project_requested.emit(str(taken), True)
    assert len(shown) == 1
    headline, detail = shown[0]
    assert "已有.articoder" in headline and "nothing was changed" in headline
    assert "already there" in detail
    assert taken.read_bytes() == b"notes"


def test_a_damaged_project_file_is_named_without_the_import_pointer(
    launched: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "坏了.articoder"
    damaged.write_bytes(b"\x00" * 64)
    shown = _captured_boxes(monkeypatch)
    launched.project_requested.emit(str(damaged), False)
    assert len(shown) == 1
    headline, detail = shown[0]
    assert "坏了.articoder" in headline and "could not be opened" in headline
    assert "Import articles" not in headline and "坏了.articoder" in detail

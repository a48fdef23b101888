"""A language switch keeps the coder's place and the open windows; the Coded segments window
fits a 1280x720 screen and ticks a code by its name; the file dialog and the import report
speak the interface's language; Help > Documentation tells where the file is when no browser
opens it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

import gui.app
import gui.main_window
from articoder.demo_project import build_demo_project
from coding import bulk
from coding.workspace import Workspace
from gui.file_dialogs import _dialog
from gui.main_window import MainWindow
from gui.retrieval_window import FRAME_ALLOWANCE, open_retrieval_window


@pytest.fixture(autouse=True)
def _english_afterwards(qapp: object) -> Iterator[None]:
    QSettings().clear()
    yield
    gui.app.install_language("en")  # the next test starts without the Chinese translators


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.articoder"
    build_demo_project(path, coding=True).close()
    return path


@pytest.fixture
def workspace(demo_file: Path, tmp_path: Path) -> Iterator[Workspace]:
    copy = tmp_path / "demo.articoder"
    copy.write_bytes(demo_file.read_bytes())
    database = gui.app.open_project(str(copy))
    opened = gui.app.start_workspace(database)  # as the demo's lead, who sees every coding
    assert opened is not None
    yield opened
    opened.close()


def _replacement(qtbot: QtBot, old: MainWindow) -> MainWindow:
    """The window a switch built in place of `old` (handed to qtbot to close at the end)."""
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and w is not old and w.isVisible()
    ]
    assert len(found) == 1
    qtbot.addWidget(found[0])
    return found[0]


def test_switching_language_keeps_the_article_scroll_selection_filter_and_search(
    qtbot: QtBot, workspace: Workspace
) -> None:
    window = gui.app.open_window(workspace, "en")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.article_id is not None)
    longest = max(
        (row.id for row in workspace.article_rows()),
        key=lambda article_id: len(workspace.article(article_id).text),
    )
    window.search_box.setText("社区")
    window.run_search("社区")
    window.title_filter.setText("")
    window.open_article(longest)
    qtbot.wait(50)
    window.view.select_span(40, 52)
    bar = window.view.verticalScrollBar()
    assert bar.maximum() > 0, "the test needs an article longer than the view"
    bar.setValue(bar.maximum() // 2)
    place = window.place()
    window.language_requested.emit("zh_CN")
    new = _replacement(qtbot, window)
    qtbot.waitUntil(lambda: new.view.verticalScrollBar().value() == place.scroll, timeout=3000)
    assert new.article_id == longest
    assert new.view.selected_span() == (40, 52)
    assert new.search_box.text() == "社区"
    assert new.search_results.count() == window.search_results.count() > 0
    assert new.english is False


def test_switching_keeps_the_title_filter(qtbot: QtBot, workspace: Workspace) -> None:
    window = gui.app.open_window(workspace, "en")
    qtbot.addWidget(window)
    window.show()
    title = workspace.article_rows()[1].title[:4]
    window.title_filter.setText(title)
    window.language_requested.emit("zh_CN")
    new = _replacement(qtbot, window)
    assert new.title_filter.text() == title
    assert new.article_filter.rowCount() == window.article_filter.rowCount()


def test_the_coded_segments_window_follows_the_switch_and_the_new_window(
    qtbot: QtBot, workspace: Workspace
) -> None:
    window = gui.app.open_window(workspace, "zh_CN")
    qtbot.addWidget(window)
    window.show()
    window.open_retrieval()
    retrieval = window.retrieval_window
    assert retrieval is not None
    chinese_title = retrieval.windowTitle()
    window.language_requested.emit("en")
    new = _replacement(qtbot, window)
    assert new.retrieval_window is retrieval and retrieval.isVisible()
    # Qt posts the LanguageChange to every widget when the translators change.
    qtbot.waitUntil(lambda: retrieval.windowTitle() == "Coded segments", timeout=3000)
    assert retrieval.export_button.text() == "Export to Excel…"
    if chinese_title == "Coded segments":
        pytest.skip("the Chinese catalogue is not built in this checkout")


def test_the_coded_segments_window_fits_a_small_screen_and_ticks_by_name(
    qtbot: QtBot, workspace: Workspace
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    retrieval = open_retrieval_window(window, window.show_segment)
    qtbot.addWidget(retrieval)
    screen = retrieval.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry()
    assert retrieval.width() <= min(1200, room.width() - FRAME_ALLOWANCE[0])
    assert retrieval.height() <= min(720, room.height() - FRAME_ALLOWANCE[1])
    qtbot.waitExposed(retrieval)
    assert retrieval.export_button.isVisible()
    bottom = retrieval.export_button.mapTo(retrieval, QPoint(0, retrieval.export_button.height()))
    assert bottom.y() <= retrieval.height()
    for row in range(retrieval.codes.count()):
        retrieval.codes.item(row).setCheckState(Qt.CheckState.Unchecked)
    retrieval.with_children.setChecked(True)  # a top-level code: its sub-codes' segments
    item = retrieval.codes.item(0)
    rect = retrieval.codes.visualItemRect(item)
    name_point = QPoint(rect.right() - 10, rect.center().y())  # on the name, not the box
    qtbot.mouseClick(retrieval.codes.viewport(), Qt.MouseButton.LeftButton, pos=name_point)
    assert item.checkState() == Qt.CheckState.Checked
    assert retrieval.model.rowCount() > 0
    qtbot.mouseClick(retrieval.codes.viewport(), Qt.MouseButton.LeftButton, pos=name_point)
    assert item.checkState() == Qt.CheckState.Unchecked


def test_the_suggestions_panel_fits_its_column_at_1600(qtbot: QtBot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    panel = window.suggestions_panel
    assert panel is not None
    # The right-hand column is at most CODEBOOK_MAX (420 px) wide at 1600x1000.
    assert panel.minimumSizeHint().width() <= gui.main_window.CODEBOOK_MAX


def test_the_file_dialog_takes_its_labels_from_the_interface(qapp: object) -> None:
    gui.app.install_language("zh_CN")
    dialog = _dialog(None, "x", str(Path.home()), "", QFileDialog.FileMode.AnyFile)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    look_in = QCoreApplication.translate("FileDialogs", "&Look in:")
    assert look_in in labels
    assert QCoreApplication.translate("FileDialogs", "Files of &type:") in labels
    # Qt's own catalogue is loaded: its buttons speak Chinese.
    assert QCoreApplication.translate("QFileDialog", "&Open") == "打开(&O)"
    if look_in == "&Look in:":
        pytest.skip("the new strings are not in the Chinese catalogue of this checkout yet")
    assert "Look in" not in " ".join(labels)


def test_the_import_report_is_told_by_kind_with_its_numbers(qtbot: QtBot, tmp_path: Path) -> None:
    from models.database import create_project

    project = tmp_path / "study.articoder"
    create_project(project).close()
    sources = tmp_path / "稿件"
    sources.mkdir()
    (sources / "short.txt").write_text("社区议事会今天开会。", encoding="utf-8")
    story = "社区议事会每月召开一次，居民代表、物业公司和业委会共同商量停车难等问题。" * 20
    (sources / "a.txt").write_text(story, encoding="utf-8")
    (sources / "b.txt").write_text(story, encoding="utf-8")
    (sources / "empty.txt").write_text("   \n", encoding="utf-8")
    opened = Workspace.open(project, "刘研究员")
    window = MainWindow(opened)
    qtbot.addWidget(window)
    report = bulk.import_articles(opened.database, [sources])
    lines = window.import_report_lines(report)
    text = "\n".join(lines)
    near_empty = next(w for w in report.warnings if w.kind == "near-empty")
    assert f"only {near_empty.message.split()[1]} characters of text are left" in text
    assert any(w.kind == "metadata-missing" for w in report.warnings)
    assert "no plausible date" in text or "no plausible" in text
    assert len(lines) == len(report.warnings) + len(report.skipped) + len(report.duplicates)
    assert report.duplicates and "not imported again" in text
    summary = window.import_summary(len(report.imported), 1, len(report.skipped), 1)
    assert summary.startswith(f"Imported {len(report.imported)} articles")
    assert "already in the project" in summary
    opened.close()


def test_documentation_that_no_browser_opens_is_shown_as_a_path(
    qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    monkeypatch.setattr(gui.main_window.shutil, "which", lambda _name: None)
    monkeypatch.setattr(gui.main_window.QDesktopServices, "openUrl", lambda _url: False)
    window.open_docs()
    if not gui.main_window.DOCS.exists():
        pytest.skip("no documentation installed in this checkout")
    box = window.docs_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.informativeText() == str(gui.main_window.DOCS)
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_documentation_xdg_open_failing_is_shown_as_a_path(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reviewer's case: xdg-open runs but finds no browser and exits with an error."""
    if not gui.main_window.DOCS.exists() or not sys.platform.startswith("linux"):
        pytest.skip("needs the documentation and xdg-open's platform")
    fake = tmp_path / "bin" / "xdg-open"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'x-terminal-emulator: not found' >&2\nexit 4\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.open_docs()
    qtbot.waitUntil(lambda: getattr(window, "docs_box", None) is not None, timeout=5000)
    assert window.docs_box.informativeText() == str(gui.main_window.DOCS)

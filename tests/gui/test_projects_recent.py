"""The projects a user works on come back: a plain launch reopens the last one (not the demo),
Project > Recent projects lists the others (missing ones greyed, and taken off with a message),
and the file dialogs start in the project's folder or the folder last used, not in HOME.

Paths hold Chinese characters and spaces on purpose, as the reviewer's "新闻 稿件" folder did;
the launch that remembers and the one that reads back are separate processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

import gui.app
import gui.project_actions
from articoder.demo_project import build_demo_project
from coding.workspace import Workspace
from gui.file_dialogs import remember_folder, start_folder, starting_path
from gui.main_window import MainWindow
from gui.project_actions import (
    forget_projects,
    last_project,
    recent_projects,
    remember_project,
    updated_recent,
)
from models.database import create_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_settings_yet(qapp: object) -> None:
    # The shared fixture clears the settings before the QApplication may exist (then another
    # store than the window's); here the application comes first.
    QSettings().clear()


def _project(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    create_project(path).close()
    return path


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return _project(tmp_path / "新闻 稿件", "我的研究.articoder")


@pytest.fixture
def window(qtbot: QtBot, study: Path) -> Iterator[MainWindow]:
    workspace = Workspace.open(study, "刘研究员")
    main = gui.app.open_window(workspace, "en")
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    workspace.close()


def test_the_recent_list_puts_the_newest_first_once_and_stays_short() -> None:
    recent = ["/a.articoder", "/b.articoder", "/c.articoder"]
    assert updated_recent(recent, "/b.articoder") == [
        "/b.articoder",
        "/a.articoder",
        "/c.articoder",
    ]
    assert updated_recent(recent, "/d.articoder", limit=3) == [
        "/d.articoder",
        "/a.articoder",
        "/b.articoder",
    ]
    assert updated_recent([], "/a.articoder") == ["/a.articoder"]


def test_a_dialog_starts_in_the_folder_last_used_then_the_projects_folder(tmp_path: Path) -> None:
    project_folder = tmp_path / "新闻 稿件"
    project_folder.mkdir()
    used = tmp_path / "导入 文件"
    used.mkdir()
    home = tmp_path / "home"
    project = project_folder / "我的研究.articoder"
    assert start_folder(str(used), project, home) == used
    assert start_folder(str(tmp_path / "gone"), project, home) == project_folder  # moved away
    assert start_folder("", project, home) == project_folder
    assert start_folder("", None, home) == home  # a server database has no folder
    demo = tmp_path / ".local" / "share" / "articoder" / "demo-v2.articoder"
    demo.parent.mkdir(parents=True)
    assert start_folder("", demo, home) == home  # not a hidden folder a newcomer cannot find


def test_dialogs_remember_their_folder_per_purpose(study: Path, tmp_path: Path) -> None:
    assert starting_path("import", study) == str(study.parent)
    assert starting_path("export", study, "coded-data.xlsx") == str(
        study.parent / "coded-data.xlsx"
    )
    articles = tmp_path / "文章 原稿"
    articles.mkdir()
    remember_folder("import", str(articles / "一篇.txt"))
    assert starting_path("import", study) == str(articles)
    assert starting_path("export", study) == str(study.parent)  # another purpose, its own folder


def test_the_windows_import_dialog_opens_in_the_projects_folder(
    window: MainWindow, study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def fake_dialog(_parent: object, _caption: str, directory: str, _filters: str) -> object:
        asked.append(directory)
        return [], ""

    monkeypatch.setattr(gui.project_actions, "open_file_names", fake_dialog)
    window.import_dialog()
    assert asked == [str(study.parent)]


def test_opening_a_project_puts_it_on_the_recent_list(window: MainWindow, study: Path) -> None:
    assert recent_projects()[0] == str(study.resolve())
    assert last_project() == str(study.resolve())


def test_the_demo_does_not_push_the_users_project_off_the_top(
    qtbot: QtBot, study: Path, tmp_path: Path
) -> None:
    remember_project(study)
    demo_path = tmp_path / "demo.articoder"
    build_demo_project(demo_path, coding=True).close()  # with its demo coder
    database = gui.app.open_project(str(demo_path))
    workspace = gui.app.start_workspace(database)
    assert workspace is not None
    demo_window = gui.app.open_window(workspace, "en")
    qtbot.addWidget(demo_window)
    assert last_project() == str(study.resolve())
    demo_window.close()
    workspace.close()


def test_recent_projects_menu_greys_missing_ones_and_can_clear_them(
    window: MainWindow, tmp_path: Path
) -> None:
    other = _project(tmp_path / "另一 项目", "第二项研究.articoder")
    gone = _project(tmp_path / "旧 项目", "旧研究.articoder")
    remember_project(gone)
    remember_project(other)
    remember_project(window.workspace.database.path)  # type: ignore[arg-type]
    gone.unlink()
    window.fill_recent_menu(window.recent_menu)
    entries = {a.data(): a for a in window.recent_menu.actions() if a.data()}
    # The open project is not offered again; the others are, the missing one greyed.
    assert set(entries) == {str(other.resolve()), str(gone.resolve())}
    assert entries[str(other.resolve())].isEnabled()
    assert "第二项研究.articoder" in entries[str(other.resolve())].text()
    assert not entries[str(gone.resolve())].isEnabled()
    assert "not found" in entries[str(gone.resolve())].text()
    clear = next(a for a in window.recent_menu.actions() if a.text().startswith("Remove"))
    clear.trigger()
    assert str(gone.resolve()) not in recent_projects()
    assert str(other.resolve()) in recent_projects()


def test_a_recent_project_gone_since_the_menu_opened_is_removed_with_a_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = _project(tmp_path / "另一 项目", "第二项研究.articoder")
    remember_project(other)
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text: told.append(text) or None
    )
    requested: list[tuple[str, bool]] = []
    window.project_requested.connect(lambda path, create: requested.append((path, create)))
    other.unlink()
    window.open_recent(str(other.resolve()))
    assert requested == []
    assert told and str(other.resolve()) in told[0] and "taken off the list" in told[0]
    assert str(other.resolve()) not in recent_projects()


def test_choosing_a_recent_project_asks_the_window_to_open_it(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window then asks who codes in that project: the user cancels here.
    monkeypatch.setattr(gui.app, "choose_coder", lambda database, parent=None: None)
    other = _project(tmp_path / "另一 项目", "第二项研究.articoder")
    remember_project(other)
    requested: list[tuple[str, bool]] = []
    window.project_requested.connect(lambda path, create: requested.append((path, create)))
    window.fill_recent_menu(window.recent_menu)
    entry = next(a for a in window.recent_menu.actions() if a.data() == str(other.resolve()))
    entry.trigger()
    assert requested == [(str(other.resolve()), False)]


def test_last_project_skips_files_that_are_gone(tmp_path: Path) -> None:
    kept = _project(tmp_path / "新闻 稿件", "我的研究.articoder")
    gone = _project(tmp_path / "旧 项目", "旧研究.articoder")
    remember_project(kept)
    remember_project(gone)
    gone.unlink()
    assert last_project() == str(kept.resolve())
    forget_projects([str(kept.resolve())])
    assert last_project() is None


def test_a_later_launch_in_another_process_finds_the_last_project(tmp_path: Path) -> None:
    """The reviewer's path: a project in "新闻 稿件", the window opened on it and quit; then a
    new process asks what a plain `articoder` should open.
    """
    study = _project(tmp_path / "新闻 稿件", "我的研究.articoder")
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        ARTICODER_EXIT_AFTER_FIRST_PAINT="1",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PYTHONPATH=str(ROOT),
    )
    (tmp_path / "home").mkdir()
    # The coder is asked on a project the user made: name one beforehand, as the dialog would.
    gui_script = (
        "import sys, gui.app\n"
        "gui.app.choose_coder = lambda database, parent=None: '刘研究员'\n"
        "sys.exit(gui.app.run(sys.argv[1]))\n"
    )
    first = subprocess.run(
        [sys.executable, "-c", gui_script, str(study)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert first.returncode == 0, first.stderr[-2000:]
    second = subprocess.run(
        [sys.executable, "-c", "import gui.app; print(gui.app.remembered_project())"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert second.returncode == 0, second.stderr[-2000:]
    assert second.stdout.strip() == str(study.resolve())
    # And this test's own settings were not touched by the other processes.
    assert QSettings().value("recent_projects") in (None, [], "")

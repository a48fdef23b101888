"""Who codes when the app opens a project: the user's choice, or the coder a file is for; and
a whole launch of the program that quits after its first paint (ARTICODER_EXIT_AFTER_FIRST_PAINT).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import gui.app
from articoder.demo_project import build_demo_project
from coding.coders import ensure_coder
from models.backups import list_backups
from models.database import open_project
from team.assignments import assign_articles
from team.coder_files import package


def _never_asked(*_args: object) -> str:
    raise AssertionError("the coder of a coder file must not be asked for")


def test_a_coder_file_opens_for_its_coder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "study.articoder"
    database = build_demo_project(project)
    ensure_coder(database, "组长")
    ensure_coder(database, "王芳")
    assign_articles(database, "王芳", [1, 2])
    package(database, "王芳", tmp_path / "wang.articoder")
    database.close()

    monkeypatch.setattr(gui.app, "choose_coder", _never_asked)
    coder_file = open_project(tmp_path / "wang.articoder")
    workspace = gui.app.start_workspace(coder_file)
    assert workspace is not None and workspace.coder.name == "王芳"
    workspace.close()


def test_a_project_asks_who_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "study.articoder"
    build_demo_project(project).close()
    monkeypatch.setattr(gui.app, "choose_coder", lambda database, parent=None: "李明")
    workspace = gui.app.start_workspace(open_project(project))
    assert workspace is not None and workspace.coder.name == "李明"
    workspace.close()
    monkeypatch.setattr(gui.app, "choose_coder", lambda database, parent=None: None)
    database = open_project(project)
    assert gui.app.start_workspace(database) is None
    database.close()


def test_a_launch_can_quit_right_after_its_first_paint(tmp_path: Path) -> None:
    project = tmp_path / "study.articoder"
    database = build_demo_project(project)
    ensure_coder(database, "王芳")
    assign_articles(database, "王芳", [1, 2])
    package(database, "王芳", tmp_path / "wang.articoder")
    database.close()
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        QT_LOGGING_RULES="qt.widgets.painting=true",
        ARTICODER_EXIT_AFTER_FIRST_PAINT="1",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    launch = subprocess.run(
        [sys.executable, "-m", "articoder", "open", str(tmp_path / "wang.articoder")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert launch.returncode == 0, launch.stderr[-2000:]
    # It quit on its own after the main window's pixels were flushed, not before.
    assert any("Flushing" in line and "MainWindow" in line for line in launch.stderr.splitlines())
    assert list_backups(tmp_path / "wang.articoder") == []  # a measured launch backs nothing up

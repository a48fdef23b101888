"""Project > Export from the window: every format offered, each written off the UI thread."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pyreadstat
import pytest
from pytestqt.qtbot import QtBot

from coding.workspace import Workspace
from exports.stats_files import segments_path
from gui.main_window import MainWindow
from gui.project_actions import export_target
from tests.exports.demo_coded import build_coded_demo


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    demo = build_coded_demo(tmp_path / "demo")
    for workspace in demo.coders.values():
        workspace.close()
    demo.database.close()
    workspace = Workspace.open(tmp_path / "demo" / "demo.articoder", "王芳")
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    yield main
    workspace.close()


def test_the_dialog_offers_every_format(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[str] = []

    def save_as(*args: object) -> tuple[str, str]:
        offered.extend(str(args[3]).split(";;"))
        return str(tmp_path / "study"), offered[1]  # no extension typed; SPSS chosen

    monkeypatch.setattr("gui.project_actions.save_file_name", save_as)
    started: list[Path] = []
    monkeypatch.setattr(window, "start_export", started.append)
    window.export_dialog()
    suffixes = [name.rsplit("*", 1)[1].rstrip(")") for name in offered]
    assert suffixes == [".xlsx", ".sav", ".dta", ".parquet", ".docx", ".html"]
    assert started == [tmp_path / "study.sav"]
    assert export_target(tmp_path / "a.dta", offered[1]) == tmp_path / "a.dta"


@pytest.mark.parametrize("suffix", [".sav", ".dta", ".parquet"])
def test_datasets_are_written_in_the_background(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"out{suffix}"
    task = window.start_export(target)
    qtbot.waitUntil(task.finished_event.is_set, timeout=30000)
    assert task.error is None
    assert target.exists() and segments_path(target).exists()
    if suffix == ".sav":
        frame, meta = pyreadstat.read_sav(str(target), output_format="polars")
        assert set(frame["coder"].to_list()) == {"王芳", "李明"}
        assert meta.column_names_to_labels["tone"] == "报道倾向"


@pytest.mark.parametrize("suffix", [".html", ".docx"])
def test_the_codebook_document_is_written_in_the_background(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"codebook{suffix}"
    task = window.start_export(target)
    qtbot.waitUntil(task.finished_event.is_set, timeout=60000)
    assert task.error is None and task.result == target
    if suffix == ".html":
        page = target.read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in page and "楼栋党小组" in page
        assert "Krippendorff" in page and "李明, 王芳" in page  # the reliability table

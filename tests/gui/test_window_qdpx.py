"""REFI-QDA from the window: export the project as .qdpx, import it into another project."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pytestqt.qtbot import QtBot

from articoder.demo_project import build_demo_project
from coding.workspace import Workspace
from gui.main_window import MainWindow
from models.database import create_project


def test_export_then_import_into_an_empty_project(qtbot: QtBot, tmp_path: Path) -> None:
    build_demo_project(tmp_path / "demo.articoder").close()
    source = Workspace.open(tmp_path / "demo.articoder", "王芳")
    leaf = next(c.id for c in source.codes() if not c.retired and len(c.path) > 1)
    first = source.article_rows()[0].id
    source.code_span(first, 0, 4, leaf, memo="标题里的说法")
    window = MainWindow(source, english=True)
    qtbot.addWidget(window)
    out = tmp_path / "demo.qdpx"
    with qtbot.waitSignal(window.start_qdpx_export(out).done, timeout=30000):
        pass
    assert "project.qde" in zipfile.ZipFile(out).namelist()
    assert str(out) in window.statusBar().currentMessage()

    create_project(tmp_path / "empty.articoder").close()
    target = Workspace.open(tmp_path / "empty.articoder", "组长")
    other = MainWindow(target, english=True)
    qtbot.addWidget(other)
    assert other.article_model.rowCount() == 0
    with qtbot.waitSignal(other.start_qdpx_import(out).done, timeout=30000):
        pass
    assert other.article_model.rowCount() == len(source.article_rows())
    assert any(node.id for node in other.tree)  # the codebook arrived and the panel reloaded
    report = other.qdpx_report
    assert report.segments_added == 1 and not report.mismatches
    assert "1 segments" in other.statusBar().currentMessage()
    # Our own import is not reported back as the lead's change of the codebook.
    assert other.workspace.apply_shared_state(other.workspace.shared_state()) is None
    backups = list(Path(f"{tmp_path / 'empty.articoder'}.backups").glob("*before-qdpx-import*"))
    assert len(backups) == 1
    window.close()
    other.close()
    source.close()
    target.close()


def test_what_a_file_holds_but_the_project_cannot_is_shown(qtbot: QtBot, tmp_path: Path) -> None:
    # ATLAS.ti's codebook in namespace urn:QDA-XML:codebook:0:4, with two code groups.
    codebook = Path(__file__).parents[1] / "fixtures" / "refi-qda" / "atlasti-26-codebook.qdc"
    create_project(tmp_path / "empty.articoder").close()
    workspace = Workspace.open(tmp_path / "empty.articoder", "组长")
    window = MainWindow(workspace, english=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.start_qdpx_import(codebook).done, timeout=30000):
        pass
    assert window.qdpx_report.codes_added == 4
    box = window.qdpx_box
    assert "2 items were not taken" in box.informativeText()
    details = box.detailedText()
    assert "urn:QDA-XML:codebook:0:4" in details
    assert "2 × set of codes (e.g. '党建'): articoder has no code groups" in details
    window.close()
    workspace.close()

"""The command line: `articoder export PROJECT OUT.sav|.dta|.parquet` and `codebook document`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyreadstat
import pytest

from articoder.cli import main
from tests.exports.demo_coded import Demo, build_coded_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    coded = build_coded_demo(tmp_path_factory.mktemp("demo"))
    for workspace in coded.coders.values():
        workspace.close()
    coded.database.close()
    yield coded


def project(demo: Demo) -> str:
    assert demo.database.path is not None
    return str(demo.database.path)


def test_export_sav_dta_parquet(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "study.sav"
    assert main(["export", project(demo), str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Wrote {out} and {tmp_path / 'study_segments.sav'}" in printed
    assert "rows: Articles 6, Segments 7" in printed
    assert main(["export", project(demo), str(tmp_path / "c.dta"), "--consensus", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sheets"] == {"Articles": 1, "Segments": 1}
    assert report["files"] == [str(tmp_path / "c.dta"), str(tmp_path / "c_segments.dta")]
    frame, _meta = pyreadstat.read_dta(str(tmp_path / "c.dta"), output_format="polars")
    assert frame["coder"].to_list() == ["consensus"]
    assert main(["export", project(demo), str(tmp_path / "p.parquet"), "--coders", "李明"]) == 0
    assert (tmp_path / "p_segments.parquet").exists()


def test_unknown_format_is_one_line(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", project(demo), str(tmp_path / "study.por")]) == 1
    error = capsys.readouterr().err
    assert ".sav" in error and ".dta" in error and error.count("\n") == 1


def test_codebook_document(demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "codebook.html"
    assert main(["codebook", "document", project(demo), str(page), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"file": str(page), "reliability": "included"}
    html = page.read_text(encoding="utf-8")
    assert "among the coders 李明, 王芳" in html and "楼栋党小组" in html
    word = tmp_path / "codebook.docx"
    assert main(["codebook", "document", project(demo), str(word), "--no-agreement"]) == 0
    assert "no reliability table: left out" in capsys.readouterr().out
    assert word.read_bytes().startswith(b"PK")
    assert main(["codebook", "document", project(demo), str(page), "--coders", "王芳"]) == 1
    assert "name two or more coders" in capsys.readouterr().err
    assert main(["codebook", "document", project(demo), str(page), "--coders", "王芳,无名"]) == 0
    assert "no coder named '无名'" in capsys.readouterr().out
    assert main(["codebook", "document", project(demo), str(tmp_path / "x.pdf")]) == 1
    assert "written as .docx or .html" in capsys.readouterr().err

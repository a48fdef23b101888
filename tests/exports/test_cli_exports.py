"""The export commands: export, segments, values, codings import (on a parser of their own)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from articoder.cli_exports import EXPORTERS, add_export_commands
from coding.selection import ExportError
from tests.exports.conftest import FORMULA_MEMO, Coded


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    parser = argparse.ArgumentParser(prog="articoder")
    add_export_commands(parser.add_subparsers(dest="command", required=True))
    arguments = parser.parse_args(list(argv))
    arguments.handler(arguments)
    out = capsys.readouterr().out
    return json.loads(out) if "--json" in argv else out


def project(coded: Coded) -> str:
    assert coded.database.path is not None
    return str(coded.database.path)


def test_export_xlsx_and_csv(
    coded: Coded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.xlsx"
    report = run(capsys, "export", project(coded), str(out), "--coders", "甲", "--json")
    assert report["file"] == str(out)
    assert report["sheets"]["Segments"] == 4
    assert report["formula_like_cells_neutralised"] == 3
    assert load_workbook(out)["Segments"]["F2"].value == "甲"
    text = run(capsys, "export", project(coded), "--csv", str(tmp_path / "csv"), "--status", "done")
    assert text.startswith(f"Wrote {tmp_path / 'csv'} (rows: Articles 2, Segments 2")
    assert (tmp_path / "csv" / "segments.csv").exists()


def test_export_filters_and_consensus(
    coded: Coded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = coded.articles["a"], coded.articles["b"]
    out = tmp_path / "o.xlsx"
    report = run(capsys, "export", project(coded), str(out), "--articles", f"{b}-{b},{a}", "--json")
    assert report["sheets"]["Articles"] == 4
    report = run(capsys, "export", project(coded), str(out), "--search", "紅色物業", "--json")
    assert report["sheets"]["Articles"] == 3
    report = run(capsys, "export", project(coded), str(out), "--consensus", "--json")
    assert report["sheets"] == {
        "Articles": 1,
        "Segments": 1,
        "Matrix counts": 1,
        "Matrix presence": 1,
        "Codebook": 4,
        "Variables": 5,
    }


def test_export_errors(coded: Coded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ExportError, match=r"unknown export format \.ods"):
        run(capsys, "export", project(coded), str(tmp_path / "out.ods"))
    with pytest.raises(ExportError, match="either an output file"):
        run(capsys, "export", project(coded))
    with pytest.raises(ExportError, match="no coder named '丙'"):
        run(capsys, "export", project(coded), str(tmp_path / "o.xlsx"), "--coders", "甲,丙")
    with pytest.raises(SystemExit):
        run(capsys, "export", project(coded), "x.xlsx", "--coders", "甲", "--consensus")
    assert ".xlsx" in EXPORTERS and ".qdpx" in EXPORTERS


def test_segments_json(coded: Coded, capsys: pytest.CaptureFixture[str]) -> None:
    a = coded.articles["a"]
    rows = run(capsys, "segments", project(coded), "--article", str(a), "--coder", "甲", "--json")
    assert sorted(rows[0]) == sorted(
        ["article", "coder", "code", "code_guid", "start", "end", "text", "memo"]
    )
    assert [(r["code"], r["text"], r["memo"]) for r in rows] == [
        ("组织体系 > 楼栋党小组", "楼栋党小组", FORMULA_MEMO),
        ("组织体系 > 党员中心户", "党员中心户", "亮身份\x07了"),  # JSON: the memo as stored
    ]
    everyone = run(capsys, "segments", project(coded), "--json")
    long = next(r for r in everyone if r["article"] == coded.articles["long"])
    assert len(long["text"]) == 35_000  # never cut in JSON
    listing = run(capsys, "segments", project(coded), "--coder", "乙")
    assert "紅色物業" in listing
    with pytest.raises(ExportError, match="no article with id 999"):
        run(capsys, "segments", project(coded), "--article", "999")


def test_values_json(coded: Coded, capsys: pytest.CaptureFixture[str]) -> None:
    a = coded.articles["a"]
    rows = run(capsys, "values", project(coded), "--article", str(a), "--json")
    assert rows == [
        {"article": a, "coder": "乙", "variable": "tone", "value": "neutral"},
        {"article": a, "coder": "甲", "variable": "tone", "value": "positive"},
        {"article": a, "coder": "甲", "variable": "org_tiers", "value": "3"},
        {"article": a, "coder": "甲", "variable": "notes", "value": "@所有人 注意"},
    ]
    consensus = run(capsys, "values", project(coded), "--coder", "consensus", "--json")
    assert consensus == [
        {"article": a, "coder": "consensus", "variable": "tone", "value": "positive"}
    ]


def test_codings_import(coded: Coded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.xlsx"
    run(capsys, "export", project(coded), str(out))
    report = run(capsys, "codings", "import", project(coded), str(out), "--json")
    assert report["segments"] == {"added": 0, "changed": 0, "unchanged": 6}
    assert report["values"] == {"added": 0, "changed": 0, "unchanged": 5}
    text = run(capsys, "codings", "import", project(coded), str(out))
    assert text.startswith("Segments: 0 added, 0 changed, 6 unchanged.")
    with pytest.raises(ExportError, match="no such file"):
        run(capsys, "codings", "import", project(coded), str(tmp_path / "missing.xlsx"))

"""CSV files: BOM, Chinese, RFC 4180 quoting, neutralised formulas; read back with csv."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from coding.selection import ExportError
from exports.csv_files import export_csv, write_csv_folder
from exports.rows import Column, Sheet
from models.cell_safety import EXCEL_CELL_LIMIT
from tests.exports.conftest import FORMULA_MEMO, Coded


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_one_file_per_sheet_with_bom(coded: Coded, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    report = export_csv(coded.database, folder)
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "about.csv",
        "articles.csv",
        "codebook.csv",
        "matrix_counts.csv",
        "matrix_presence.csv",
        "segments.csv",
        "variables.csv",
    ]
    for path in folder.iterdir():
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
    assert report.rows["Segments"] == 6


def test_segments_cells(coded: Coded, tmp_path: Path) -> None:
    export_csv(coded.database, tmp_path)
    rows = _read(tmp_path / "segments.csv")
    first = rows[1]
    assert first["code"] == "组织体系 > 楼栋党小组" and first["text"] == "楼栋党小组"
    assert first["memo"] == "'" + FORMULA_MEMO  # visible apostrophe: Excel shows text
    assert rows[2]["memo"] == "亮身份了"
    assert rows[4]["memo"] == "'-看这里"
    assert rows[4]["text"] == "𠮷祥社区的红色物业"
    assert first["published"] == "" and len(first["created_utc"]) == 19
    long = rows[5]["text"]
    assert len(long) == EXCEL_CELL_LIMIT
    assert long.endswith("…[cut: 35,000 characters, see articoder segments --json]")
    articles = _read(tmp_path / "articles.csv")
    assert articles[1]["org_tiers"] == "3" and articles[1]["notes"] == "'@所有人 注意"
    about = {r["item"]: r["value"] for r in _read(tmp_path / "about.csv")}
    assert about["cells starting with = + - @ written as text, not formulas"] == "3"


def test_rfc4180_quoting(tmp_path: Path) -> None:
    sheet = Sheet(
        "Quotes",
        [Column("a"), Column("b"), Column("c")],
        [('他说"好"', "一,二", "第一行\n第二行"), (True, 2.5, None)],
        "",
    )
    write_csv_folder(tmp_path, [sheet])
    raw = (tmp_path / "quotes.csv").read_bytes().decode("utf-8-sig")
    assert raw.splitlines(keepends=True)[0] == "a,b,c\r\n"
    assert '"他说""好""","一,二","第一行\n第二行"\r\n' in raw
    assert raw.endswith("TRUE,2.5,\r\n")
    assert list(csv.reader(io.StringIO(raw))) == [
        ["a", "b", "c"],
        ['他说"好"', "一,二", "第一行\n第二行"],
        ["TRUE", "2.5", ""],
    ]


def test_folder_errors(coded: Coded, tmp_path: Path) -> None:
    (tmp_path / "file.csv").write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        export_csv(coded.database, tmp_path / "file.csv")
    with pytest.raises(ExportError, match="no such folder"):
        export_csv(coded.database, tmp_path / "a" / "b")

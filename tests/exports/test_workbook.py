"""The workbook: every sheet opened again with openpyxl and checked cell by cell."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coding.selection import ArticleFilter, ExportChoice, ExportError
from exports.workbook import export_workbook
from models.cell_safety import EXCEL_CELL_LIMIT
from models.progress import Cancelled, Progress
from tests.exports.conftest import FORMULA_MEMO, Coded

SHEETS = [
    "About",
    "Articles",
    "Segments",
    "Matrix counts",
    "Matrix presence",
    "Codebook",
    "Variables",
]
SEGMENT_HEADERS = [
    "article_id",
    "article_guid",
    "title",
    "outlet",
    "published",
    "coder",
    "code",
    "level_1",
    "level_2",
    "code_guid",
    "start",
    "end",
    "text",
    "memo",
    "segment_guid",
    "created_utc",
    "changed_utc",
    "provenance",
]


def _export(coded: Coded, path: Path, **options: Any) -> Any:
    choice = options.pop("choice", None)
    export_workbook(coded.database, path, choice, **options)
    return load_workbook(path)


def _rows(sheet: Any) -> list[dict[str, Any]]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def _find(sheet: Any, header: str, value: Any) -> Any:
    """The row of cells whose `header` column holds `value`."""
    headers = [c.value for c in sheet[1]]
    column = headers.index(header)
    return next(row for row in sheet.iter_rows(min_row=2) if row[column].value == value)


def test_every_sheet_has_frozen_bold_filtered_header(coded: Coded, tmp_path: Path) -> None:
    workbook = _export(coded, tmp_path / "out.xlsx")
    assert workbook.sheetnames == SHEETS
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        last = get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert all(sheet.column_dimensions[get_column_letter(i)].width >= 5 for i in (1, 2))


def test_about_sheet(coded: Coded, tmp_path: Path) -> None:
    about = {r["item"]: r["value"] for r in _rows(_export(coded, tmp_path / "o.xlsx")["About"])}
    assert about["project"] == "test"
    assert about["coders"] == "乙, 甲"  # the consensus coder only when asked for
    assert about["codebook version"] == 2
    assert about["articles"] == "all articles"
    assert "6 rows" in about["sheet Segments"]
    assert about["cells with control characters removed"] == 1
    assert about["cells cut at 32,767 characters (marked …[cut: …])"] == 1
    assert about["cells starting with = + - @ written as text, not formulas"] == 3


def test_segments_sheet(coded: Coded, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    sheet = _export(coded, path)["Segments"]
    assert [c.value for c in sheet[1]] == SEGMENT_HEADERS
    a, c, long = coded.articles["a"], coded.articles["c"], coded.articles["long"]
    rows = _rows(sheet)
    assert [(r["article_id"], r["coder"]) for r in rows] == [
        (a, "乙"),
        (a, "甲"),
        (a, "甲"),
        (coded.articles["b"], "乙"),
        (c, "甲"),
        (long, "甲"),
    ]
    first = rows[1]
    assert first["title"] == "新桥社区简讯"
    assert first["code"] == "组织体系 > 楼栋党小组"
    assert (first["level_1"], first["level_2"]) == ("组织体系", "楼栋党小组")
    assert first["text"] == "楼栋党小组"
    assert first["end"] - first["start"] == 5
    assert rows[0]["memo"] is None
    assert rows[2]["memo"] == "亮身份了"  # the control character is gone
    assert rows[3]["text"] == "紅色物業" and rows[3]["level_2"] is None
    assert rows[4]["text"] == "𠮷祥社区的红色物业" and rows[4]["memo"] == "-看这里"
    assert first["created_utc"].microsecond == 0
    assert {r["provenance"] for r in rows} == {"human"}  # all coded by hand here


def test_formula_memo_is_a_string_cell(coded: Coded, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    sheet = _export(coded, path)["Segments"]
    memo = _find(sheet, "memo", FORMULA_MEMO)[SEGMENT_HEADERS.index("memo")]
    assert memo.data_type == "s"
    assert memo.value == FORMULA_MEMO
    assert memo.quotePrefix  # Excel keeps it text even when the cell is edited
    assert memo.alignment.wrap_text
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_long_segment_cut_with_visible_mark(coded: Coded, tmp_path: Path) -> None:
    sheet = _export(coded, tmp_path / "out.xlsx")["Segments"]
    row = _find(sheet, "article_id", coded.articles["long"])
    text = row[SEGMENT_HEADERS.index("text")].value
    assert len(text) == EXCEL_CELL_LIMIT
    assert text.endswith("…[cut: 35,000 characters, see articoder segments --json]")
    assert text.startswith("党建引领社区治理，居民生活更美好。")
    assert row[SEGMENT_HEADERS.index("end")].value == 35_007


def test_articles_sheet(coded: Coded, tmp_path: Path) -> None:
    sheet = _export(coded, tmp_path / "out.xlsx")["Articles"]
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "article_id",
        "article_guid",
        "title",
        "outlet",
        "published",
        "author",
        "url",
        "chars",
        "coder",
        "status",
        "segments",
        "tone",
        "org_tiers",
        "notes",
    ]
    rows = {(r["article_id"], r["coder"]): r for r in _rows(sheet)}
    a, b = coded.articles["a"], coded.articles["b"]
    assert set(rows) == {
        (a, "甲"),
        (a, "乙"),
        (b, "甲"),
        (b, "乙"),
        (coded.articles["c"], "甲"),
        (coded.articles["long"], "甲"),
    }
    first = rows[(a, "甲")]
    assert (first["status"], first["segments"], first["tone"]) == ("done", 2, "positive")
    assert first["org_tiers"] == 3 and isinstance(first["org_tiers"], int)
    assert first["notes"] == "@所有人 注意"
    assert rows[(b, "乙")]["org_tiers"] == 2.5
    assert rows[(b, "甲")]["segments"] == 0 and rows[(b, "甲")]["status"] == "done"
    assert rows[(coded.articles["long"], "甲")]["chars"] == 40_000
    notes = _find(sheet, "notes", "@所有人 注意")[headers.index("notes")]
    assert notes.data_type == "s" and notes.quotePrefix


def test_articles_with_text(coded: Coded, tmp_path: Path) -> None:
    choice = ExportChoice(include_text=True)
    sheet = _export(coded, tmp_path / "out.xlsx", choice=choice)["Articles"]
    rows = {(r["article_id"], r["coder"]): r for r in _rows(sheet)}
    short = rows[(coded.articles["a"], "甲")]["text"]
    assert short == "新桥社区简讯\n新桥社区成立楼栋党小组，党员中心户亮身份。"
    long = rows[(coded.articles["long"], "甲")]["text"]
    assert len(long) == EXCEL_CELL_LIMIT
    assert long.endswith("…[cut: 40,000 characters, see articoder show]")


def test_matrix_sheets(coded: Coded, tmp_path: Path) -> None:
    workbook = _export(coded, tmp_path / "out.xlsx")
    headers = [c.value for c in workbook["Matrix counts"][1]]
    assert headers == [
        "article_id",
        "article_guid",
        "coder",
        "c001_organisation",
        "c002_building_party_group",
        "c003",
        "c004_red_property_management",
    ]
    counts = {(r["article_id"], r["coder"]): r for r in _rows(workbook["Matrix counts"])}
    presence = {(r["article_id"], r["coder"]): r for r in _rows(workbook["Matrix presence"])}
    a, b = coded.articles["a"], coded.articles["b"]
    # The group 组织体系 counts the segments of both codes under it.
    assert [counts[(a, "甲")][h] for h in headers[3:]] == [2, 1, 1, 0]
    assert [presence[(a, "甲")][h] for h in headers[3:]] == [1, 1, 1, 0]
    assert [counts[(b, "甲")][h] for h in headers[3:]] == [0, 0, 0, 0]
    assert [presence[(b, "乙")][h] for h in headers[3:]] == [0, 0, 0, 1]


def test_codebook_and_variables_sheets(coded: Coded, tmp_path: Path) -> None:
    workbook = _export(coded, tmp_path / "out.xlsx")
    codes = {r["column"]: r for r in _rows(workbook["Codebook"])}
    assert codes["c002_building_party_group"]["code"] == "组织体系 > 楼栋党小组"
    assert codes["c002_building_party_group"]["level"] == 2
    assert codes["c001_organisation"]["matrix_counts"] == "this code and the 2 under it"
    assert codes["c003"]["name"] == "党员中心户"
    assert len(codes["c003"]["code_guid"]) == 36
    variables = _rows(workbook["Variables"])
    tone = [r for r in variables if r["variable"] == "tone"]
    assert [(r["value"], r["value_label"]) for r in tone] == [
        ("negative", "负面"),
        ("neutral", "中性"),
        ("positive", "正面"),
    ]
    tiers = next(r for r in variables if r["variable"] == "org_tiers")
    assert (tiers["type"], tiers["minimum"], tiers["maximum"]) == ("interval", 0, 8)


def test_agreement_sheets_only_when_given(coded: Coded, tmp_path: Path) -> None:
    workbook = _export(
        coded,
        tmp_path / "out.xlsx",
        sheets=["Segments"],
        agreement=[{"code": "红色物业", "alpha": 0.81, "units": 4}, {"code": "组织体系"}],
        disagreements=[{"article": 1, "coder": "甲", "note": "=not a formula", "value": "#N/A"}],
    )
    assert workbook.sheetnames == ["About", "Segments", "Agreement", "Disagreements"]
    assert _rows(workbook["Agreement"]) == [
        {"code": "红色物业", "alpha": 0.81, "units": 4},
        {"code": "组织体系", "alpha": None, "units": None},
    ]
    note = workbook["Disagreements"]["C2"]
    assert note.value == "=not a formula" and note.data_type == "s"
    error_like = workbook["Disagreements"]["D2"]
    assert error_like.value == "#N/A" and error_like.data_type == "s"  # not an error value


def test_consensus(coded: Coded, tmp_path: Path) -> None:
    workbook = _export(coded, tmp_path / "out.xlsx", choice=ExportChoice(consensus=True))
    articles = _rows(workbook["Articles"])
    assert [(r["article_id"], r["coder"], r["tone"]) for r in articles] == [
        (coded.articles["a"], "consensus", "positive")
    ]
    assert [r["coder"] for r in _rows(workbook["Segments"])] == ["consensus"]
    with coded.database.session() as session:
        from models.entities import ProjectInfo

        info = session.query(ProjectInfo).one()
        info.settings = {**info.settings, "consensus_coder": "定稿"}
    with pytest.raises(ExportError, match="no consensus coder '定稿'"):
        export_workbook(coded.database, tmp_path / "c.xlsx", ExportChoice(consensus=True))


def test_filters(coded: Coded, tmp_path: Path) -> None:
    a, b, c = (coded.articles[k] for k in "abc")

    def units(choice: ExportChoice) -> list[tuple[int, str]]:
        workbook = _export(coded, tmp_path / "f.xlsx", choice=choice)
        return [(r["article_id"], r["coder"]) for r in _rows(workbook["Articles"])]

    assert units(ExportChoice(articles=ArticleFilter(status="done"))) == [(a, "甲"), (b, "甲")]
    assert units(ExportChoice(coders=("乙",), articles=ArticleFilter(ids=frozenset({b})))) == [
        (b, "乙")
    ]
    # The search folds scripts: 紅色物業 in article b is found by 红色物业.
    found = units(ExportChoice(articles=ArticleFilter(search="红色物业")))
    assert found == [(b, "乙"), (b, "甲"), (c, "甲")]
    assert units(ExportChoice(articles=ArticleFilter(assigned_to="甲"))) == [
        (a, "乙"),
        (a, "甲"),
        (b, "乙"),
        (b, "甲"),
    ]
    segments = _rows(
        _export(
            coded, tmp_path / "s.xlsx", choice=ExportChoice(articles=ArticleFilter(status="done"))
        )["Segments"]
    )
    assert {(r["article_id"], r["coder"]) for r in segments} == {(a, "甲")}


def test_unknown_coder_and_bad_target(coded: Coded, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no coder named '丙'; coders: consensus, 乙, 甲"):
        export_workbook(coded.database, tmp_path / "x.xlsx", ExportChoice(coders=("丙",)))
    with pytest.raises(ExportError, match="no such folder"):
        export_workbook(coded.database, tmp_path / "missing" / "x.xlsx")
    with pytest.raises(ExportError, match="is a folder"):
        export_workbook(coded.database, tmp_path)


def test_cancel_leaves_no_file(coded: Coded, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"the previous export")
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        export_workbook(coded.database, target, progress=progress)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_progress_reaches_the_total(coded: Coded, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    progress = Progress(lambda done, total, _message: seen.append((done, total)))
    export_workbook(coded.database, tmp_path / "out.xlsx", progress=progress)
    assert seen[-1][0] == seen[-1][1] > 0


def test_on_both_databases(coded_any: Coded, tmp_path: Path) -> None:
    workbook = _export(coded_any, tmp_path / "out.xlsx", choice=ExportChoice(include_text=True))
    segments = _rows(workbook["Segments"])
    assert len(segments) == 6 and segments[1]["memo"] == FORMULA_MEMO
    found = _rows(
        _export(
            coded_any,
            tmp_path / "s.xlsx",
            choice=ExportChoice(articles=ArticleFilter(search="紅色物業")),
        )["Articles"]
    )
    assert {r["article_id"] for r in found} == {coded_any.articles["b"], coded_any.articles["c"]}

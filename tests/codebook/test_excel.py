"""Codebook workbooks: the layouts leads write by hand, clear errors, identical round trips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from codebook.excel import read_codebook_excel, write_codebook_excel
from codebook.spec import CodebookError, CodeSpec, walk
from codebook.text_files import read_codebook_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "codebooks"
SMALL = FIXTURES / "small.yaml"
DEMO = Path(__file__).parents[2] / "articoder" / "demo" / "codebook.yaml"


def _cells(path: Path) -> dict[str, list[list[Any]]]:
    workbook = openpyxl.load_workbook(path)
    return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in workbook}


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize("source", [SMALL, DEMO], ids=["small", "demo"])
def test_write_read_write_gives_identical_cells(tmp_path: Path, source: Path) -> None:
    spec = read_codebook_text(source)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write_codebook_excel(spec, first)
    again = read_codebook_excel(first)
    assert again == spec  # nothing lost: codes, variables, name, version
    write_codebook_excel(again, second)
    assert _cells(second) == _cells(first)


def test_written_layout(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_codebook_excel(read_codebook_text(SMALL), path)
    cells = _cells(path)
    assert list(cells) == ["Codes", "Variables", "Codebook"]
    codes = cells["Codes"]
    assert codes[0][:4] == ["Level 1", "Level 2", "name_en", "definition"]
    assert codes[2][:2] == ["组织体系", "楼栋党小组"]  # the full path on every row
    assert codes[2][codes[0].index("keywords")] == "楼栋党小组、楼栋党支部"
    assert codes[2][codes[0].index("key")] == "1"  # text, not the number 1
    variables = cells["Variables"]
    assert variables[1][:4] == ["tone", "报道基调", "Tone", "ordinal"]
    assert variables[2][0] is None and variables[2][-3:] == ["neutral", "中性", "Neutral"]
    assert ["version", 3] in cells["Codebook"]


def test_hand_written_outline_in_chinese(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "hand.xlsx",
        {
            "编码": [
                ["一级", "二级", "三级", "定义", "颜色", "快捷键", "关键词", "示例", "停用"],
                ["组织体系", None, None, "党组织的层级", "C0392B", None, None, None, None],
                [
                    None,
                    "楼栋党小组",
                    None,
                    "楼栋层面",
                    "#e67e22",
                    1,
                    "楼栋党小组，党小组;楼道、单元长",
                    "例一；例二",
                    None,
                ],
                [None, None, "楼道长", None, None, "a", None, None, "是"],
                [None, "党员中心户", None, None, None, 2.0, None, "只有一例", "否"],
                [],
                ["红色物业", "物业党支部", None, None, None, None, None, None, None],
            ],
            "变量": [
                ["变量名", "标签", "类型", "必填", "最小值", "最大值", "取值", "取值标签"],
                ["tone", "报道基调", "定序", "是", None, None, "negative", "负面"],
                [None, None, None, None, None, None, "positive", "正面"],
                ["tiers", "层级数", "定距", "否", 0, "8", None, None],
            ],
            "码本": [["名称", "手写码本"], ["版本", 4], ["组可编码", "否"]],
        },
    )
    spec = read_codebook_excel(path)
    paths = [path for path, _ in walk(spec.codes)]
    assert paths == [
        ("组织体系",),
        ("组织体系", "楼栋党小组"),
        ("组织体系", "楼栋党小组", "楼道长"),
        ("组织体系", "党员中心户"),
        ("红色物业",),  # created for its child, which names it
        ("红色物业", "物业党支部"),
    ]
    group = spec.codes[0]
    assert group.color == "#C0392B"
    building = group.children[0]
    assert building.key == "1" and group.children[1].key == "2"
    assert building.keywords == ["楼栋党小组", "党小组", "楼道", "单元长"]
    assert building.examples == ["例一", "例二"]
    assert building.children[0].retired and not group.children[1].retired
    assert spec.name == "手写码本" and spec.version == 4
    tone, tiers = spec.variables
    assert tone.level == "ordinal" and tone.required
    assert [(c.value, c.label) for c in tone.values] == [("negative", "负面"), ("positive", "正面")]
    assert (tiers.level, tiers.minimum, tiers.maximum) == ("interval", 0.0, 8.0)


@pytest.mark.parametrize("separator", [" > ", "/"])
def test_one_path_column(tmp_path: Path, separator: str) -> None:
    path = _workbook(
        tmp_path / "paths.xlsx",
        {
            "Sheet1": [
                ["Path", "Definition", "Colour"],
                ["Actors", "who acts", "#112233"],
                [separator.join(["Actors", "Party"]), None, None],
                [separator.join(["Places", "Street"]), None, None],
            ],
            "Variables": [
                ["name", "type", "values"],
                ["outlet", "nominal", "party=党报\ncommercial = 商业网站"],
            ],
        },
    )
    spec = read_codebook_excel(path)
    assert [p for p, _ in walk(spec.codes)] == [
        ("Actors",),
        ("Actors", "Party"),
        ("Places",),
        ("Places", "Street"),
    ]
    assert [(c.value, c.label) for c in spec.variables[0].values] == [
        ("party", "党报"),
        ("commercial", "商业网站"),
    ]


def _error(tmp_path: Path, sheets: dict[str, list[list[Any]]]) -> CodebookError:
    path = _workbook(tmp_path / "bad.xlsx", sheets)
    with pytest.raises(CodebookError) as error:
        read_codebook_excel(path)
    assert "bad.xlsx" in str(error.value)
    return error.value


def test_errors_name_sheet_row_and_column(tmp_path: Path) -> None:
    error = _error(
        tmp_path,
        {
            "Codes": [
                ["Level 1", "Level 2", "colour", "key", "notes"],
                ["甲", None, "red", "1", None],
                [None, "子", None, "1", None],
                ["甲", None, None, None, None],
            ],
        },
    )
    message = str(error)
    assert "sheet 'Codes', row 1, column E (notes): unknown column 'notes'" in message
    assert "row 2" in message and "'red' is not of the form #rrggbb" in message
    assert "row 3" in message and "shortcut key '1' is already used" in message
    assert "row 4: code '甲' is listed twice (first on row 2)" in message


def test_more_errors(tmp_path: Path) -> None:
    error = _error(
        tmp_path,
        {
            "Codes": [
                ["Level 1", "Level 2", "retired"],
                [None, "孤儿", None],
                ["甲", None, "maybe"],
            ],
            "Variables": [
                ["name", "type", "value", "value_label"],
                [None, None, "x", "X"],
                ["v", None, None, None],
                [None, None, None, "无值"],
            ],
        },
    )
    message = str(error)
    assert (
        "sheet 'Codes', row 2, column A (Level 1): level 1 is empty and no row above gives it"
        in message
    )
    assert "row 3, column C (retired): 'maybe' should be yes or no" in message
    assert "sheet 'Variables', row 2: an allowed value with no variable above it" in message
    assert "sheet 'Variables', row 3, column B (type): a variable needs a type" in message
    assert "row 4, column C (value): a value label without its value" in message


def test_no_path_columns(tmp_path: Path) -> None:
    error = _error(tmp_path, {"Codes": [["Name", "Definition"], ["甲", "x"]]})
    assert "no path columns" in str(error)


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("name,definition\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="not an Excel workbook"):
        read_codebook_excel(path)


def test_formulas_control_characters_and_long_texts(tmp_path: Path) -> None:
    spec = read_codebook_text(SMALL)
    spec.codes[1].definition = "=SUM(A1:A3) 不是公式"
    spec.codes[1].include = "含控制字符\x07的文字"
    path = tmp_path / "tricky.xlsx"
    write_codebook_excel(spec, path)
    again = read_codebook_excel(path)
    assert again.codes[1].definition == "=SUM(A1:A3) 不是公式"
    assert again.codes[1].include == "含控制字符的文字"  # Excel cannot hold \x07
    spec.codes[1].exclude = "长" * 40_000
    with pytest.raises(CodebookError, match=r"红色物业.*40000 characters"):
        write_codebook_excel(spec, tmp_path / "long.xlsx")


def test_one_example_with_a_semicolon_stays_one(tmp_path: Path) -> None:
    spec = read_codebook_text(SMALL)
    spec.codes[1].examples = ["一句；还是一句"]
    spec.codes[1].children = [CodeSpec(name="子", examples=["甲", "乙；丙"])]
    path = tmp_path / "semicolons.xlsx"
    write_codebook_excel(spec, path)
    assert read_codebook_excel(path) == spec

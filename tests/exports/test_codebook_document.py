"""The codebook document: everything the methods appendix needs, in .html and .docx, in Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from agreement.report import agreement_report, report_as_json
from codebook.operations import EditCode, RenameCode
from coding.selection import ExportError
from exports import codebook_document
from exports.codebook_document import (
    Reliability,
    export_codebook_document,
    read_document,
    render_html,
)
from exports.rows import ExportQuery
from exports.stats_files import choice_codes
from tests.exports.demo_coded import Demo, build_coded_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    coded = build_coded_demo(tmp_path_factory.mktemp("demo"))
    lead = coded.coders["王芳"]
    code = next(c.id for c in lead.codes() if c.path[-1] == "网格员")
    lead.perform(RenameCode(code, "专职网格员"))
    lead.perform(EditCode(code, "definition", "网格员的配备与工作。<script>alert(1)</script>"))
    lead.perform(EditCode(code, "keywords", ["网格员", "巡查"]))
    lead.undo()  # the keywords edit undone: the journal keeps both
    yield coded
    coded.database.close()


@pytest.fixture(scope="module")
def reliability(demo: Demo) -> Reliability:
    rows = report_as_json(agreement_report(demo.database, "article", ["李明", "王芳"], draws=50))
    return Reliability(rows, "article units, 李明 and 王芳")


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_the_document_holds_every_code_variable_coder_and_change(
    demo: Demo, reliability: Reliability
) -> None:
    document = read_document(demo.database, reliability)
    query = ExportQuery(demo.database)
    assert [c.path for c in document.codes] == [c.path for c in query.codes]
    assert len(document.codes) == 34 and document.version == query.codebook_version
    by_path = {c.path: c for c in document.codes}
    for code in query.codes:
        entry = by_path[code.path]
        assert (entry.definition, entry.include, entry.exclude) == (
            code.definition,
            code.include,
            code.exclude,
        )
        assert entry.examples == code.examples and entry.keywords == code.keywords
        assert entry.variables[0] == code.column
    assert [v.name for v in document.variables] == [v.name for v in query.variables]
    for entry, variable in zip(document.variables, query.variables, strict=True):
        numbers = choice_codes(variable)
        assert entry.categories == tuple(
            (numbers[value], value, label, label_en) for value, label, label_en in variable.choices
        )
    assert [(c.name, c.role, c.articles, c.segments, c.values) for c in document.coders] == [
        ("consensus", "consensus", 1, 1, 1),
        ("李明", "coder", 2, 2, 3),
        ("王芳", "lead", 4, 5, 10),
    ]
    what = [c.what for c in document.history]
    assert what[0].startswith("imported the codebook from demo codebook: 34 codes added")
    assert "renamed code 网格员 to 专职网格员" in what
    assert "changed the definition of 网格化管理 > 专职网格员" in what
    assert "changed the keywords of 网格化管理 > 专职网格员" in what
    assert "undid: changed the keywords of 网格化管理 > 专职网格员" in what
    renamed = document.history[what.index("renamed code 网格员 to 专职网格员")]
    assert renamed.who == "王芳" and renamed.version == 3
    assert document.reliability.rows == reliability.rows


def test_html_is_chinese_safe_and_complete(demo: Demo, reliability: Reliability) -> None:
    page = render_html(read_document(demo.database, reliability))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert '<meta charset="utf-8">' in page and '"Noto Sans CJK SC"' in page
    assert "Microsoft YaHei" in page
    for text in (
        "组织体系 &gt; 党组织设置 &gt; 楼栋党小组",
        "c005_building_party_group (presence), n_c005_building_party_group (count)",
        "c003_party_units_below_the_commu",  # the Stata name, where it is shorter
        "凡有3名以上党员的楼栋都建立党小组",  # an example
        "楼栋党小组、党小组、楼栋长",  # keywords
        "党报党刊",
        "Number in the datasets",
        "Krippendorff",
        "History of the codebook",
        "renamed code 网格员 to 专职网格员",
    ):
        assert text in page, text
    # A codebook's texts are escaped, never markup.
    assert "网格员的配备与工作。&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"<script", page)


def test_docx_sets_an_east_asian_font_and_holds_the_text(
    demo: Demo, reliability: Reliability, tmp_path: Path
) -> None:
    target = tmp_path / "codebook.docx"
    assert export_codebook_document(demo.database, target, reliability) == target
    document = Document(str(target))
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "SimSun", name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name
        language = document.styles[name].element.rPr.find(qn("w:lang"))
        assert language.get(qn("w:eastAsia")) == "zh-CN"
    text = _docx_text(target)
    for expected in (
        "组织体系 > 党组织设置 > 楼栋党小组",
        "党报党刊",
        "王芳",
        "专职网格员",
        "Krippendorff's α",
    ):
        assert expected in text, expected


def test_without_a_reliability_table_the_document_says_why(demo: Demo, tmp_path: Path) -> None:
    target = tmp_path / "codebook.html"
    export_codebook_document(
        demo.database, target, Reliability(absent="the project has fewer than two coders")
    )
    page = target.read_text(encoding="utf-8")
    assert "No reliability table: the project has fewer than two coders." in page


def test_a_failed_write_leaves_the_old_document(
    demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "codebook.docx"
    target.write_bytes(b"old")

    class Broken:
        def save(self, path: str) -> None:
            Path(path).write_bytes(b"half")
            raise OSError(28, "No space left on device")

    def broken(_document: Any) -> Broken:
        return Broken()

    monkeypatch.setattr(codebook_document, "build_docx", broken)
    with pytest.raises(ExportError, match="No space left"):
        export_codebook_document(demo.database, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["codebook.docx"]
    with pytest.raises(ExportError, match=r"written as \.docx or \.html"):
        export_codebook_document(demo.database, tmp_path / "codebook.pdf")

"""Fuzzing the codings import (exports.codings_import) on a real coded project.

Inputs: the project's own exports (segments.csv, articles.csv, the workbook) with random byte
edits, random bytes, and tables whose headers and cells are drawn from a mix of valid values
(real article ids and GUIDs, code paths, spans, coders, variable values) and hostile ones
(formulas, huge and negative numbers, control characters, astral characters). Only
ExportError (CodingsImportError included) may come out, and a refused import leaves every
row of the project as it was. At the end, `articoder check` finds the project clean.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from coding.check import check_project
from coding.coders import ensure_coder
from coding.selection import ExportError
from coding.workspace import Workspace
from corpus.importer import import_paths
from exports.codings_import import import_codings
from exports.csv_files import export_csv
from exports.workbook import export_workbook
from models.database import ProjectDatabase
from tests.fuzz_helpers import FUZZ, mutated, project_checksum

CODEBOOK = Path(__file__).parent / "fixtures" / "codebooks" / "small.yaml"
ARTICLES = {
    "east.txt": "东港街道简报\n东港街道成立楼栋党小组，党员中心户挂牌亮身份。",
    "hill.txt": "青山社區報道\n青山社區推行紅色物業，楼栋党支部每月议事。",
}
HEADERS = (
    "article_id",
    "article_guid",
    "coder",
    "code",
    "code_guid",
    "level_1",
    "level_2",
    "start",
    "end",
    "text",
    "memo",
    "segment_guid",
    "tone",
    "org_tiers",
    "notes",
    "status",
)


@pytest.fixture
def coded(sqlite_database: ProjectDatabase, tmp_path: Path) -> Iterator[Workspace]:
    import_codebook(sqlite_database, read_codebook_text(CODEBOOK))
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    import_paths(sqlite_database, [folder / name for name in ARTICLES])
    workspace = Workspace(sqlite_database, ensure_coder(sqlite_database, "甲"))
    for hit in workspace.search("楼栋党小组") + workspace.search("红色物业"):
        code = (
            "楼栋党小组" if "楼" in workspace.article(hit.article).text[hit.start] else "红色物业"
        )
        code_id = next(c.id for c in workspace.codes() if c.path[-1] == code)
        workspace.code_span(hit.article, hit.start, hit.end, code_id)
    tone = next(v for v in workspace.variables() if v.name == "tone")
    workspace.set_value(workspace.article_rows()[0].id, tone.id, "neutral")
    yield workspace


def _pool(workspace: Workspace) -> list[Any]:
    """Cell values that mean something in this project, to mix with random ones."""
    values: list[Any] = ["甲", "乙", "neutral", "positive", "loud", 3, 9, -1, 0, ""]
    for row in workspace.article_rows():
        article = workspace.article(row.id)
        values += [row.id, str(row.id), article.summary.guid, len(article.text), article.text[:6]]
    for code in workspace.codes():
        values += [" > ".join(code.path), code.path[-1], code.guid]
    for segment in (s for row in workspace.article_rows() for s in workspace.segments(row.id)):
        values += [segment.start, segment.end, segment.text, segment.guid, segment.memo]
    return values


hostile = (
    st.sampled_from(
        [
            "=1+1",
            "'=SUM(A1)",
            "+cmd",
            "@x",
            "\x00",
            "\u202e",
            "𠮷😀",
            "1e400",
            "nan",
            "-0",
            " ",
            "\t",
        ]
    )
    | st.integers(-(2**63), 2**63)
    | st.floats()
    | st.text(max_size=10)
)


@st.composite
def tables(draw: st.DrawFn, pool: list[Any]) -> tuple[list[str], list[list[Any]]]:
    headers = draw(
        st.lists(st.sampled_from(HEADERS) | st.text(max_size=6), min_size=1, max_size=10)
    )
    cells = st.sampled_from(pool) | hostile | st.none()
    rows = draw(
        st.lists(
            st.lists(cells, min_size=0, max_size=len(headers) + 2),
            min_size=0,
            max_size=6,
        )
    )
    return headers, rows


def _write(path: Path, headers: list[str], rows: list[list[Any]]) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
        return
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Segments"
    for row in [headers, *rows]:
        # openpyxl refuses control characters in cells; an Excel file cannot hold them either.
        sheet.append(
            [
                v.translate({c: None for c in range(32) if c not in (9, 10, 13)})
                if isinstance(v, str)
                else v
                for v in row
            ]
        )
    workbook.save(path)


def _import(database: ProjectDatabase, path: Path) -> None:
    """Import a file; only ExportError may come out, and a refusal changes nothing."""
    assert database.path is not None
    before = project_checksum(database.path)
    try:
        import_codings(database, path)
    except ExportError as exc:
        assert str(path) in str(exc)  # the message names the file
        assert project_checksum(database.path) == before


@pytest.mark.parametrize("name", ["segments.csv", "articles.csv", "coded.xlsx"])
def test_codings_import_on_mutated_exports(name: str, coded: Workspace, tmp_path: Path) -> None:
    database = coded.database
    exported = tmp_path / "exported"
    exported.mkdir()
    if name.endswith(".xlsx"):
        export_workbook(database, exported / name)
    else:
        export_csv(database, exported)
    valid = (exported / name).read_bytes()
    target = tmp_path / f"fuzzed-{name}"

    @FUZZ
    @given(data=mutated(valid) | st.binary(max_size=200))
    def check(data: bytes) -> None:
        target.write_bytes(data)
        _import(database, target)

    check()
    assert check_project(database).ok


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_codings_import_on_random_tables(suffix: str, coded: Workspace, tmp_path: Path) -> None:
    database = coded.database
    target = tmp_path / f"table{suffix}"

    @FUZZ
    @given(table=tables(_pool(coded)))
    def check(table: tuple[list[str], list[list[Any]]]) -> None:
        _write(target, *table)
        _import(database, target)

    check()
    assert check_project(database).ok

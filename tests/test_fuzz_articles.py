"""Fuzzing the article readers (corpus.readers) through the import, file type by file type.

Valid files of every supported type (text, Markdown, HTML, docx, CSV, TSV, xlsx, JSON, JSONL)
with random byte edits, and random bytes: `read_path` lets only ReadError out, and
`import_paths` never fails on them (a file that gives no article is listed as skipped), so a
batch mixing a good file with a broken one imports the good one. `articoder check` is clean
at the end.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from coding.check import check_project
from corpus.importer import import_paths
from corpus.readers import ReadError, read_path
from models.database import ProjectDatabase
from tests.fuzz_helpers import FUZZ, mutated

TITLE = "溪口社区简讯"
BODY = "溪口社区党委推动楼栋党小组建设，红色物业为居民解决停车难题。"


def _valid(path: Path) -> Path:
    suffix = path.suffix
    if suffix in (".txt", ".md"):
        path.write_text(f"{TITLE}\n{BODY}\n", encoding="utf-8")
    elif suffix == ".html":
        path.write_text(
            f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head>"
            f"<body><article><h1>{TITLE}</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>",
            encoding="utf-8",
        )
    elif suffix == ".docx":
        document = Document()
        document.add_heading(TITLE)
        document.add_paragraph(BODY)
        document.save(str(path))
    elif suffix in (".csv", ".tsv"):
        separator = "\t" if suffix == ".tsv" else ","
        rows = [["title", "published", "text"], [TITLE, "2024-03-01", BODY], ["第二篇", "", BODY]]
        path.write_text("\n".join(separator.join(r) for r in rows) + "\n", encoding="utf-8")
    elif suffix == ".xlsx":
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in [["title", "text"], [TITLE, BODY], ["第二篇", BODY]]:
            sheet.append(row)
        workbook.save(path)
    elif suffix == ".json":
        items = [{"title": TITLE, "text": BODY}, {"title": "第二篇", "text": BODY}]
        path.write_text(json.dumps({"articles": items}, ensure_ascii=False), encoding="utf-8")
    else:
        lines = [json.dumps({"title": t, "text": BODY}, ensure_ascii=False) for t in (TITLE, "二")]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SUFFIXES = [".txt", ".md", ".html", ".docx", ".csv", ".tsv", ".xlsx", ".json", ".jsonl"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_article_readers_on_mutated_files(
    suffix: str, sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    valid = _valid(tmp_path / f"valid{suffix}").read_bytes()
    good = _valid(tmp_path / "good.txt")
    target = tmp_path / f"fuzzed{suffix}"

    @FUZZ
    @given(data=mutated(valid) | st.binary(max_size=200))
    def check(data: bytes) -> None:
        target.write_bytes(data)
        try:
            read_path(target)
        except ReadError as exc:
            assert str(target) in str(exc)
        report = import_paths(sqlite_database, [good, target])
        sources = {a.source for a in report.imported} | {d.source for d in report.duplicates}
        assert str(good) in sources  # the good file of the batch is never lost

    check()
    assert check_project(sqlite_database).ok


# Pieces of hostile JSON (issue 13): long integers, escapes of NUL and lone surrogates, the
# constants JSON does not have, next to harmless ones (a surrogate pair, a big float).
_HOSTILE_SCALARS = st.sampled_from(
    [
        "9" * 4301,
        "-" + "1" * 101,
        "12345678901234567890",
        '"\\u0000"',
        '"a\\ud800b"',
        '"\\udc00"',
        '"\\ud83d\\ude00"',
        '"\\\\u0000"',
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999",
        '"正文"',
    ]
)


@st.composite
def hostile_json(draw: st.DrawFn) -> str:
    """An article list whose fields hold hostile scalars, wrapped a random number deep."""
    fields = draw(st.lists(_HOSTILE_SCALARS, min_size=1, max_size=4))
    article = (
        '{"text": "'
        + BODY
        + '", '
        + ", ".join(f'"f{i}": {value}' for i, value in enumerate(fields))
    )
    article += "}"
    depth = draw(st.integers(0, 300))
    wrap = draw(st.sampled_from(["[", '{"k": ']))
    close = "]" if wrap == "[" else "}"
    return "[" + wrap * depth + article + close * depth + "]"


def test_article_json_of_hostile_shapes(sqlite_database: ProjectDatabase, tmp_path: Path) -> None:
    """Deep nesting, long integers, NUL and surrogate escapes: only ReadError, never a crash."""
    good = _valid(tmp_path / "good.txt")
    target = tmp_path / "hostile.json"

    @FUZZ
    @given(text=hostile_json())
    def check(text: str) -> None:
        target.write_text(text, encoding="utf-8")
        try:
            read_path(target)
        except ReadError as exc:
            assert str(target) in str(exc)
        report = import_paths(sqlite_database, [good, target])
        sources = {a.source for a in report.imported} | {d.source for d in report.duplicates}
        assert str(good) in sources

    check()
    assert check_project(sqlite_database).ok

"""Codings in: export then import gives back the same codings; bad rows store nothing."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, func, select

from coding.selection import ExportChoice, ExportError
from exports.codings_import import CodingsImportError, import_codings
from exports.csv_files import export_csv
from exports.workbook import export_workbook
from models.cell_safety import remove_unwritable
from models.database import ProjectDatabase, open_project
from models.entities import Coder, Event, Segment, Variable, VariableValue
from tests.exports.conftest import Coded

SegmentKey = tuple[Any, ...]
EVERYONE = ExportChoice(coders=("甲", "乙", "consensus"))


def _segments(database: ProjectDatabase) -> set[SegmentKey]:
    with database.session() as session:
        rows = session.execute(
            select(
                Segment.guid,
                Segment.article_id,
                Segment.code_id,
                Coder.name,
                Segment.start,
                Segment.end,
                Segment.text,
                Segment.memo,
                Segment.created_at,
            ).join(Coder, Coder.id == Segment.coder_id)
        )
        return {(*r[:7], remove_unwritable(r[7]), r[8].replace(microsecond=0)) for r in rows}


def _values(database: ProjectDatabase) -> set[tuple[Any, ...]]:
    with database.session() as session:
        rows = session.execute(
            select(VariableValue.article_id, Coder.name, Variable.name, VariableValue.value)
            .join(Coder, Coder.id == VariableValue.coder_id)
            .join(Variable, Variable.id == VariableValue.variable_id)
        )
        return {tuple(r) for r in rows}


def _forget_codings(database: ProjectDatabase) -> None:
    with database.session() as session:
        session.execute(delete(Segment))
        session.execute(delete(VariableValue))


def test_xlsx_round_trip(coded_any: Coded, tmp_path: Path) -> None:
    database = coded_any.database
    segments, values = _segments(database), _values(database)
    export_workbook(database, tmp_path / "out.xlsx", EVERYONE)
    _forget_codings(database)
    report = import_codings(database, tmp_path / "out.xlsx")
    assert (report.segments_added, report.segments_unchanged) == (7, 0)
    assert report.values_added == len(values) == 6
    assert _segments(database) == segments  # GUIDs, offsets, full long text, memos
    assert _values(database) == values
    with database.session() as session:
        event = session.scalars(select(Event).where(Event.action == "codings-import")).one()
        assert event.payload["segments"]["added"] == 7


def test_csv_round_trip_into_a_copy(coded: Coded, tmp_path: Path) -> None:
    segments, values = _segments(coded.database), _values(coded.database)
    export_csv(coded.database, tmp_path / "csv", EVERYONE)
    assert coded.database.path is not None
    copy_path = tmp_path / "copy.articoder"
    coded.database.close()
    shutil.copy(coded.database.path, copy_path)
    copy = open_project(copy_path)
    try:
        _forget_codings(copy)
        import_codings(copy, tmp_path / "csv" / "segments.csv")
        import_codings(copy, tmp_path / "csv" / "articles.csv")
        assert _segments(copy) == segments
        assert _values(copy) == values  # "=..." and "@..." lost their CSV apostrophe
    finally:
        copy.close()


def test_reimport_stores_nothing_new(coded: Coded, tmp_path: Path) -> None:
    export_workbook(coded.database, tmp_path / "out.xlsx", EVERYONE)
    before = _segments(coded.database), _values(coded.database)
    report = import_codings(coded.database, tmp_path / "out.xlsx")
    assert (report.segments_added, report.segments_changed, report.segments_unchanged) == (0, 0, 7)
    assert (report.values_added, report.values_changed, report.values_unchanged) == (0, 0, 6)
    assert (_segments(coded.database), _values(coded.database)) == before
    again = import_codings(coded.database, tmp_path / "out.xlsx")
    assert again.segments_added == 0


def _edit(path: Path, sheet: str, edits: dict[tuple[int, str], Any]) -> None:
    workbook = load_workbook(path)
    headers = [c.value for c in workbook[sheet][1]]
    for (row, header), value in edits.items():
        workbook[sheet].cell(row, headers.index(header) + 1).value = value
    workbook.save(path)


def test_bad_rows_named_and_nothing_stored(coded: Coded, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    export_workbook(coded.database, path)
    _edit(
        path,
        "Segments",
        {
            (3, "code"): "组织体系 > 不存在",
            (3, "code_guid"): None,
            (5, "end"): 999,
            (6, "text"): "别的字",
            (7, "coder"): "丙",
        },
    )
    _edit(path, "Articles", {(2, "tone"): "很好"})
    _forget_codings(coded.database)
    with pytest.raises(CodingsImportError) as caught:
        import_codings(coded.database, path)
    message = str(caught.value)
    assert "5 row(s) do not fit, nothing was stored" in message
    assert "Segments row 3: code '组织体系 > 不存在' is not in this project's codebook" in message
    assert "Segments row 5: span [13, 999) is not inside article" in message
    assert "Segments row 6: text does not match" in message
    assert "Segments row 7: unknown coder '丙' (import with --create-coders" in message
    assert (
        "Articles row 2: tone: 报道基调: '很好' is not one of negative, neutral, positive"
        in message
    )
    assert [p.row for p in caught.value.problems] == [2, 3, 5, 6, 7]
    assert _segments(coded.database) == set() and _values(coded.database) == set()
    assert isinstance(caught.value, ExportError)


def test_new_coders_only_when_asked(coded: Coded, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    export_workbook(coded.database, path, sheets=["Segments"])
    _edit(path, "Segments", {(2, "coder"): "丙", (2, "segment_guid"): None})
    with pytest.raises(CodingsImportError, match="unknown coder '丙'"):
        import_codings(coded.database, path)
    report = import_codings(coded.database, path, create_coders=True)
    assert report.coders_created == ["丙"]
    assert (report.segments_added, report.segments_unchanged) == (1, 5)


def test_edited_in_excel(coded: Coded, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    export_workbook(coded.database, path)
    _edit(path, "Segments", {(2, "memo"): "改过的备注", (3, "start"): 14, (3, "text"): None})
    _edit(path, "Articles", {(3, "tone"): "负面", (3, "org_tiers"): None, (3, "status"): "x"})
    report = import_codings(coded.database, path)
    assert (report.segments_added, report.segments_changed) == (0, 2)
    assert (report.values_changed, report.values_added) == (1, 0)
    with coded.database.session() as session:
        memos = set(session.scalars(select(Segment.memo)))
        assert "改过的备注" in memos
        moved = session.scalars(select(Segment).where(Segment.start == 14)).one()
        assert moved.text == "栋党小组"
        # An empty cell keeps the stored value.
        assert session.scalar(select(func.count(VariableValue.id))) == 6
    assert ("a", "甲", "tone", "negative") not in _values(coded.database)
    assert (coded.articles["a"], "甲", "tone", "negative") in _values(coded.database)


def test_csv_coded_elsewhere(coded: Coded, tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.csv"
    a = coded.articles["a"]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Article_ID", "Coder", "Code", "Start", "End", "Memo", "Comment"])
        writer.writerow([a, "乙", "组织体系>党员中心户", 19, 24, "'=从别处来", "x"])
        writer.writerow([])
        writer.writerow([a, "乙", "红色物业", 0, 2, "", ""])
    report = import_codings(coded.database, path)
    assert report.segments_added == 2
    with coded.database.session() as session:
        added = session.scalars(
            select(Segment).where(Segment.start == 19, Segment.memo != "")
        ).all()
        assert {(s.text, s.memo) for s in added} >= {("党员中心户", "=从别处来")}


def test_group_code_and_unknown_file(coded: Coded, tmp_path: Path) -> None:
    path = tmp_path / "group.csv"
    path.write_text(f"article_id,coder,code,start,end\n{coded.articles['a']},甲,组织体系,0,2\n")
    with pytest.raises(CodingsImportError, match="row 2: code '组织体系' groups other codes"):
        import_codings(coded.database, path)
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(ExportError, match=r"unknown file type \.txt"):
        import_codings(coded.database, tmp_path / "x.txt")
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ExportError, match="no Segments or Articles table"):
        import_codings(coded.database, tmp_path / "other.csv")

"""Every exported segment says who made it: "human", or "machine accepted (MODEL VERSION)".

A real project (tests/suggest/conftest.py) gets a model and pending suggestions; a coder
accepts one. The workbook's Segments sheet (read back with openpyxl), segments.csv and the
Parquet segment dataset must name that segment's model version, call every other segment
human, and hold no row for the suggestions still pending.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
from openpyxl import load_workbook
from sqlalchemy import func, select

from exports.csv_files import export_csv
from exports.stats_files import export_stats
from exports.workbook import export_workbook
from models.entities import Segment
from models.journal import perform
from models.suggestions import Suggestion
from suggest.store import AcceptSuggestion, apply_model, suggestions_for_article, train_model
from tests.suggest.conftest import Project, build_project


def _accepted(tmp_path: Path) -> tuple[Project, str, str, int]:
    """The project, the accepted segment's GUID, the model version, the segments' count."""
    project = build_project(tmp_path)
    trained = train_model(project.database, "sentence")
    apply_model(project.database, min_confidence=0.0)
    article = next(a for a in project.uncoded if suggestions_for_article(project.database, a))
    chosen = suggestions_for_article(project.database, article)[0]
    perform(project.database, AcceptSuggestion(chosen.id, project.coders["乙"]))
    with project.database.session() as session:
        segment_id = session.scalar(select(Suggestion.segment_id).where(Suggestion.id == chosen.id))
        guid = str(session.scalar(select(Segment.guid).where(Segment.id == segment_id)))
        count = int(session.scalar(select(func.count(Segment.id))) or 0)
        pending = session.scalar(
            select(func.count(Suggestion.id)).where(Suggestion.state == "pending")
        )
    assert pending, "suggestions still pending, which no export may show"
    return project, guid, trained.version, count


def _check(rows: list[dict[str, object]], guid: str, version: str, count: int) -> None:
    assert len(rows) == count  # every segment, and nothing for the pending suggestions
    by_guid = {str(r["segment_guid"]): str(r["provenance"]) for r in rows}
    assert by_guid.pop(guid) == f"machine accepted ({version})"
    assert set(by_guid.values()) == {"human"}


def test_workbook_csv_and_parquet_carry_each_segments_provenance(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    project, guid, version, count = _accepted(tmp_path / "project")

    workbook = tmp_path / "out.xlsx"
    export_workbook(project.database, workbook)
    book = load_workbook(workbook, read_only=True)
    sheet = [tuple(row) for row in book["Segments"].iter_rows(values_only=True)]
    book.close()
    header = [str(h) for h in sheet[0]]
    assert header[-1] == "provenance"
    _check([dict(zip(header, row, strict=True)) for row in sheet[1:]], guid, version, count)

    folder = tmp_path / "csv"
    export_csv(project.database, folder)
    with (folder / "segments.csv").open(encoding="utf-8-sig", newline="") as handle:
        _check(list(csv.DictReader(handle)), guid, version, count)

    (tmp_path / "stats").mkdir()
    export_stats(project.database, tmp_path / "stats" / "out.parquet")
    (segments,) = list((tmp_path / "stats").glob("*segments*.parquet"))
    _check(pl.read_parquet(segments).to_dicts(), guid, version, count)
    project.database.close()

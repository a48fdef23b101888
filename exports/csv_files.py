"""CSV files: a pure writer of `Sheet`s, one file per sheet, and `export_csv` that feeds it.

Each sheet becomes ``<sheet name in lower case, spaces as _>.csv`` in the folder (about.csv,
articles.csv, segments.csv, matrix_counts.csv, ...), in UTF-8 with a byte-order mark, which
Excel needs to read Chinese correctly, with RFC 4180 quoting (comma, double quotes doubled,
CRLF between records; a field holding a comma, quote or line break is quoted). The safety
rules of exports.safety apply as in the workbook: control characters removed, long texts cut
with a visible mark (Excel would cut them silently when opening the file), and formula-like
texts neutralised, here with a visible leading apostrophe that the import takes off again.
Booleans are TRUE/FALSE, dates ISO (2024-05-06), times ISO with seconds, in UTC.

Files are written under temporary names and renamed only when every file is complete.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from coding.selection import ExportChoice, ExportError, WriteReport
from exports.rows import (
    ABOUT,
    ABOUT_COLUMNS,
    CellValue,
    ExportQuery,
    Sheet,
    build_sheets,
    close_rows,
)
from models.cell_safety import CSV_QUOTE, Sanitiser, needs_csv_quote
from models.database import ProjectDatabase
from models.progress import Progress

ENCODING = "utf-8-sig"
PROGRESS_EVERY = 500


def csv_name(sheet_name: str) -> str:
    """The file name of a sheet: 'Matrix counts' -> 'matrix_counts.csv'."""
    return sheet_name.lower().replace(" ", "_") + ".csv"


def check_folder(folder: Path) -> Path:
    """The folder to write into (created when its parent exists), or ExportError."""
    target = folder.expanduser()
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: is a file; --csv needs a folder")
    if not target.exists():
        if not target.parent.is_dir():
            raise ExportError(f"{target.parent}: no such folder")
        try:
            target.mkdir()
        except OSError as exc:
            raise ExportError(f"{target}: cannot create the folder ({exc.strerror})") from exc
    if not os.access(target, os.W_OK):
        raise ExportError(f"{target}: this folder cannot be written to")
    return target


class _Cells:
    """Turns plain cell values into CSV fields, applying the safety rules."""

    def __init__(self) -> None:
        self.sanitiser = Sanitiser()

    def field(self, value: CellValue, see: str) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            text = self.sanitiser.text(value, see)
            if needs_csv_quote(text):
                self.sanitiser.counts.formulas_neutralised += 1
                return CSV_QUOTE + text
            return text
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ", timespec="seconds")
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)


def _write_one(path: Path, sheet: Sheet, cells: _Cells, progress: Progress) -> int:
    sees = [c.see for c in sheet.columns]
    count = 0
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([cells.field(c.header, c.see) for c in sheet.columns])
        field = cells.field
        for values in sheet.rows:
            writer.writerow([field(value, sees[i]) for i, value in enumerate(values)])
            count += 1
            if count % PROGRESS_EVERY == 0:
                progress.step(PROGRESS_EVERY, sheet.name)
    progress.step(count % PROGRESS_EVERY, sheet.name)
    return count


def write_csv_folder(
    folder: Path,
    sheets: Sequence[Sheet],
    about: Sequence[tuple[str, CellValue]] = (),
    progress: Progress | None = None,
) -> WriteReport:
    """Write each sheet to its own CSV file in the folder, and about.csv; see the module doc."""
    target = check_folder(Path(folder))
    progress = progress or Progress()
    progress.start(sum(s.total or 0 for s in sheets), "writing CSV files")
    cells = _Cells()
    rows: dict[str, int] = {}
    partials: list[tuple[Path, Path]] = []
    try:
        for sheet in sheets:
            final = target / csv_name(sheet.name)
            partial = target / f".{final.name}.{os.getpid()}.part"
            partials.append((partial, final))
            rows[sheet.name] = _write_one(partial, sheet, cells, progress)
        counts = cells.sanitiser.counts
        report = WriteReport(
            str(target), rows, counts.unwritable_removed, counts.cut, counts.formulas_neutralised
        )
        lines: list[tuple[CellValue, ...]] = [
            *about,
            *(
                (f"sheet {s.name}", f"{s.description} ({rows[s.name]:,} rows, {csv_name(s.name)})")
                for s in sheets
            ),
            *counts.rows(),
        ]
        about_sheet = Sheet(ABOUT, ABOUT_COLUMNS, lines, "this file")
        final = target / csv_name(ABOUT)
        partial = target / f".{final.name}.{os.getpid()}.part"
        partials.append((partial, final))
        _write_one(partial, about_sheet, cells, Progress())
        progress.check()
        for partial, final in partials:
            os.replace(partial, final)
    except BaseException as exc:
        close_rows(sheets)
        for partial, _ in partials:
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"{target}: cannot write the CSV files ({exc.strerror})") from exc
        raise
    return report


def export_csv(
    database: ProjectDatabase,
    folder: Path,
    choice: ExportChoice | None = None,
    *,
    sheets: Collection[str] | None = None,
    agreement: Sequence[Mapping[str, object]] | None = None,
    disagreements: Sequence[Mapping[str, object]] | None = None,
    progress: Progress | None = None,
) -> WriteReport:
    """Export the project's coded data as CSV files in a folder (query step, then writer)."""
    check_folder(Path(folder))
    query = ExportQuery(database, choice)
    built = build_sheets(query, sheets, agreement, disagreements, progress)
    return write_csv_folder(Path(folder), built, query.about(), progress)

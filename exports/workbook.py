"""The Excel workbook: a pure xlsx writer of `Sheet`s, and `export_workbook` that feeds it.

`write_workbook` knows nothing of the database: it takes sheets (columns and streamed rows of
plain values) and writes them with openpyxl in write-only mode, so memory stays flat however
many rows there are. Each sheet gets a bold, frozen header row, an auto filter over all its
rows, fixed column widths chosen for Chinese text (a character is about two width units), and
wrapping, top-aligned, in its long-text columns for every text longer than one line of the
column or holding a line break. The About sheet comes first; it is filled last, because it
reports what the safety rules changed (exports.safety): control characters removed, texts cut
with a visible mark, formula-like texts written as text (string cells with Excel's quote
prefix, never formulas; openpyxl would otherwise make "=..." a formula and "#N/A" an error).

The file is written under a temporary name beside the target and renamed at the end, so a
failed or cancelled export never leaves half a workbook, and an existing file is replaced only
by a complete one. `progress.step()` is called every few hundred rows; Cancelled propagates.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from coding.selection import ExportChoice, ExportError, WriteReport
from exports.rows import (
    ABOUT,
    ABOUT_COLUMNS,
    CellValue,
    Column,
    ExportQuery,
    Sheet,
    build_sheets,
    close_rows,
)
from models.cell_safety import FORMULA_STARTS, SAFE_LENGTH, Sanitiser, find_unwritable
from models.database import ProjectDatabase
from models.progress import Progress

PROGRESS_EVERY = 500
FORMULA_FIRST = frozenset(start[0] for start in FORMULA_STARTS)


def check_target(path: Path) -> Path:
    """The file to write, or ExportError when its folder is missing or it is a folder."""
    target = path.expanduser()
    if target.is_dir():
        raise ExportError(f"{target}: is a folder; give a file name ending in {target.suffix}")
    if not target.parent.is_dir():
        raise ExportError(f"{target.parent}: no such folder")
    if not os.access(target.parent, os.W_OK):
        raise ExportError(f"{target.parent}: this folder cannot be written to")
    return target


class _Styles:
    """The few cell styles the writer uses, registered once per workbook."""

    def __init__(self, sheet: Any) -> None:
        def style(**attributes: Any) -> Any:
            cell = WriteOnlyCell(sheet)
            for name, value in attributes.items():
                setattr(cell, name, value)
            # A cell made with this style array carries the style without openpyxl looking
            # the font or alignment up again for every cell.
            return cell._style

        wrap = Alignment(wrap_text=True, vertical="top")
        self.header = style(font=Font(bold=True))
        self.plain_text = style(quotePrefix=False)
        self.quoted = style(quotePrefix=True)
        self.wrap = style(alignment=wrap)
        self.wrap_quoted = style(alignment=wrap, quotePrefix=True)


def _text_cell(sheet: Any, text: str, style: Any) -> Any:
    cell = Cell(sheet, 1, 1, style_array=style)
    cell.value = text
    # openpyxl makes "=..." a formula and "#N/A" an error value; the text must stay text.
    cell.data_type = "s"
    return cell


def _setup(sheet: Any, columns: Sequence[Column], styles: _Styles, sanitiser: Sanitiser) -> None:
    # Widths and the frozen pane are written before the first row in write-only mode.
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([_text_cell(sheet, sanitiser.text(c.header), styles.header) for c in columns])


def _finish(sheet: Any, columns: int, rows: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(columns, 1))}{rows + 1}"


def _write_sheet(
    workbook: Any, sheet: Sheet, styles: _Styles, sanitiser: Sanitiser, progress: Progress
) -> int:
    out = workbook.create_sheet(sheet.name)
    columns = list(sheet.columns)
    _setup(out, columns, styles, sanitiser)
    # A wrapping column wraps only texts longer than one line of it (a Chinese character is
    # about two width units) or holding line breaks: a styled cell costs openpyxl several
    # times a plain one, and short texts look the same either way.
    one_line = [int(c.width // 2) if c.wrap else None for c in columns]
    sees = [c.see for c in columns]
    clean = sanitiser.text
    formula = sanitiser.formula
    unwritable = find_unwritable
    # The loop below runs for every cell of 100,000-row sheets: texts that need nothing (most)
    # are left in place, and the sanitiser is called only when a cheap test says it may act.
    count = 0
    for values in sheet.rows:
        cells: list[Any] = list(values)
        for index, value in enumerate(cells):
            if type(value) is not str:
                continue
            if len(value) > SAFE_LENGTH or unwritable(value) is not None:
                value = cells[index] = clean(value, sees[index])
            if not value:
                cells[index] = None
                continue
            first = value[0]
            quoted = first in FORMULA_FIRST and formula(value)
            limit = one_line[index]
            if limit is not None and (len(value) > limit or "\n" in value):
                style = styles.wrap_quoted if quoted else styles.wrap
                cells[index] = _text_cell(out, value, style)
            elif quoted:
                cells[index] = _text_cell(out, value, styles.quoted)
            elif first == "#" and value in ERROR_CODES:
                cells[index] = _text_cell(out, value, styles.plain_text)
        out.append(cells)
        count += 1
        if count % PROGRESS_EVERY == 0:
            progress.step(PROGRESS_EVERY, sheet.name)
    progress.step(count % PROGRESS_EVERY, sheet.name)
    _finish(out, len(columns), count)
    return count


def _write_about(
    sheet: Any,
    styles: _Styles,
    sanitiser: Sanitiser,
    about: Sequence[tuple[str, CellValue]],
    sheets: Sequence[Sheet],
    rows: Mapping[str, int],
) -> None:
    counts = sanitiser.counts.rows()  # before the About sheet's own cells are counted
    lines: list[tuple[str, CellValue]] = [
        *about,
        *((f"sheet {s.name}", f"{s.description} ({rows.get(s.name, 0):,} rows)") for s in sheets),
        *counts,
    ]
    written = 0
    for item, value in lines:
        shown = sanitiser.text(value) if isinstance(value, str) else value
        if isinstance(shown, str):
            quoted = shown.startswith(FORMULA_STARTS)
            shown = _text_cell(sheet, shown, styles.wrap_quoted if quoted else styles.wrap)
        sheet.append([_text_cell(sheet, sanitiser.text(item), styles.plain_text), shown])
        written += 1
    _finish(sheet, len(ABOUT_COLUMNS), written)


def _abandon(workbook: Any) -> None:
    """Close and delete openpyxl's temporary sheet files after a failure or a cancel."""
    for sheet in workbook.worksheets:
        try:
            if not sheet.closed:
                sheet.close()
            writer = getattr(sheet, "_writer", None)
            if writer is not None:
                writer.cleanup()
        except Exception:  # best effort: openpyxl also removes them when Python exits
            pass


def write_workbook(
    path: Path,
    sheets: Sequence[Sheet],
    about: Sequence[tuple[str, CellValue]] = (),
    progress: Progress | None = None,
) -> WriteReport:
    """Write the sheets (after an About sheet) to an .xlsx file; see the module docstring."""
    target = check_target(Path(path))
    progress = progress or Progress()
    progress.start(sum(s.total or 0 for s in sheets), "writing the workbook")
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    workbook = Workbook(write_only=True)
    sanitiser = Sanitiser()
    about_sheet = workbook.create_sheet(ABOUT)
    styles = _Styles(about_sheet)
    rows: dict[str, int] = {}
    try:
        _setup(about_sheet, ABOUT_COLUMNS, styles, sanitiser)
        for sheet in sheets:
            rows[sheet.name] = _write_sheet(workbook, sheet, styles, sanitiser, progress)
        counts = sanitiser.counts
        report = WriteReport(
            str(target), rows, counts.unwritable_removed, counts.cut, counts.formulas_neutralised
        )
        _write_about(about_sheet, styles, sanitiser, about, sheets, rows)
        progress.check()
        try:
            workbook.save(partial)
            os.replace(partial, target)
        except OSError as exc:
            raise ExportError(
                f"{target}: cannot be written ({exc.strerror}); is it open in Excel?"
            ) from exc
    except BaseException:
        close_rows(sheets)
        _abandon(workbook)
        partial.unlink(missing_ok=True)
        raise
    return report


def export_workbook(
    database: ProjectDatabase,
    path: Path,
    choice: ExportChoice | None = None,
    *,
    sheets: Collection[str] | None = None,
    agreement: Sequence[Mapping[str, object]] | None = None,
    disagreements: Sequence[Mapping[str, object]] | None = None,
    progress: Progress | None = None,
) -> WriteReport:
    """Export the project's coded data to an .xlsx workbook (the query step, then the writer).

    `sheets` limits the data sheets written (default: all of exports.rows.DATA_SHEETS);
    `agreement` and `disagreements` are plain rows for those sheets, written when given.
    """
    check_target(Path(path))
    query = ExportQuery(database, choice)
    built = build_sheets(query, sheets, agreement, disagreements, progress)
    return write_workbook(Path(path), built, query.about(), progress)

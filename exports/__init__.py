"""Tabular data out and back in: the Excel workbook and CSV exports, and their read-back.

Every export is a query step and a pure writer (docs: ARCHITECTURE habit 7):

- `exports.rows`: the query step. `ExportQuery` resolves the choices (`ExportChoice`: coders
  or the consensus coder, article filters, article texts) and streams plain rows; the
  `*_sheet` functions lay them out as `Sheet`s whose column names are the file format.
  `ExportError` is the user error of this package.
- `models.cell_safety` (shared with the codebook and agreement workbooks): what every cell
  goes through (control characters, Excel's 32,767-character limit with a visible cut mark,
  formula-like texts).
- `exports.workbook` (.xlsx, openpyxl write-only) and `exports.csv_files` (one UTF-8-with-BOM
  file per sheet): pure writers of sheets, plus `export_workbook` / `export_csv`, which run
  the query step and then the writer, with progress and cancellation.
- `exports.codings_import`: the Segments and Articles layouts (xlsx or CSV) read back into a
  project, every row checked first, all stored in one transaction or nothing.
- REFI-QDA exchange is `exchange/`; coder files and merging are team work, `team/`.
"""

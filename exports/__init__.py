"""Tabular data out and back in: workbook, CSV and statistics datasets, the codebook document.

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
- `exports.stats_files`: datasets for SPSS, Stata and R (.sav, .dta, .parquet, written with
  pyreadstat and polars): one row per article and coder with variable and value labels, each
  code as presence and count under the Matrix sheet's names, and a long file of segments.
- `exports.codebook_document`: the codebook document for a methods appendix (.docx, .html):
  codes, variables with their stored numbers, coders, the reliability table its caller
  computed (this package may not import agreement), and the codebook's history.
- `exports.codings_import`: the Segments and Articles layouts (xlsx or CSV) read back into a
  project, every row checked first, all stored in one transaction or nothing.
- REFI-QDA exchange is `exchange/`; coder files and merging are team work, `team/`.
"""

"""Data out and between projects: Excel workbook, CSV, REFI-QDA, coder files.

Every export is a query step and a pure writer (docs: ARCHITECTURE habit 7):

- `exports.rows`: the query step. `ExportQuery` resolves the choices (`ExportChoice`: coders
  or the consensus coder, article filters, article texts) and streams plain rows; the
  `*_sheet` functions lay them out as `Sheet`s whose column names are the file format.
  `ExportError` is the user error of this package.
- `exports.safety`: what every cell goes through (control characters, Excel's 32,767-character
  limit with a visible cut mark, formula-like texts).
- `exports.workbook` (.xlsx, openpyxl write-only) and `exports.csv_files` (one UTF-8-with-BOM
  file per sheet): pure writers of sheets, plus `export_workbook` / `export_csv`, which run
  the query step and then the writer, with progress and cancellation.
- `exports.codings_import`: the Segments and Articles layouts (xlsx or CSV) read back into a
  project, every row checked first, all stored in one transaction or nothing.
- REFI-QDA projects (.qdpx): `exports.qdpx_write` writes one; `exports.qdpx_archive` opens a
  file safely (paths, sizes, XML), `exports.qdpx_parse` reads and checks it without touching
  the project, `exports.qdpx_offsets` decides the offset convention of a foreign file and
  converts to ours, `exports.qdpx_format` holds the naming conventions writer and reader share,
  and `exports.qdpx_read` stores it in one transaction.
- Coder files: `exports.coder_files` packages a coder's share of the project and merges it back
  by the rules of `exports.merge_rules`, reporting with `exports.merge_report`.
"""

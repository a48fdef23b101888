"""Codings in: the Segments and Articles layouts (xlsx or CSV) read back into a project.

So that data coded elsewhere, or edited in Excel, comes in (`articoder codings import`). The
layouts are the export's (exports.rows); columns are found by their header names, in any
order, and columns this import does not use are listed in the report, never an error.

- Which sheets: in a workbook, the sheets named Segments and Articles; a workbook without them,
  and a CSV file, are recognised by their headers (start, end and code or code_guid make a
  Segments table; coder and at least one variable column make an Articles table).
- Articles are named by ``article_guid`` when the cell is filled (it must then be in this
  project: clear the column to match by id), else by ``article_id``.
- Codes are named by ``code_guid`` when it is in this project, else by the path in ``code``
  ("组织体系 > 楼栋党小组"), else by the ``level_1``, ``level_2``, ... columns. A code that
  groups others is refused unless the project allows coding groups. A retired code is accepted:
  an import brings existing work in, it is not new coding.
- Coders are named by ``coder``. An unknown name is an error unless ``create_coders=True``,
  which adds the coder (a misspelt name would otherwise become a new coder silently).
- Segments: ``start``/``end`` must lie inside the article's cleaned text and cover more than
  white space; when ``text`` is filled it must be the covered text (a text cut at export with
  its ``…[cut: N characters…]`` mark must be the beginning of it). A row identical to a stored
  segment (same article, code, coder, start, end and memo) is unchanged, so importing a file
  twice stores nothing new. A row whose ``segment_guid`` is a stored segment of the same
  article and coder changes that segment to the row's code, span and memo; a row matching a
  stored segment's span with another memo changes the memo. New segments keep the file's GUID
  when it is not in the project yet, so files from coders merge without duplicates.
- Values (Articles layout): each filled variable cell is checked as the coding sheet checks it
  (coding.values.check_value); an empty cell never removes a stored value. Status, segment
  counts and the other metadata columns are not imported.
- CSV cells neutralised at export (a leading apostrophe before = + - @) lose the apostrophe.
- Hostile files are refused before a row is checked (models.bounded_input): a FIFO or device
  is never opened, a workbook is checked for zip bombs before openpyxl opens it, sheets are
  read row by row within `CODINGS_SHEET_LIMITS` (a declared or real cell far out is refused),
  a CSV line of absurdly many separators is refused before csv splits it, and a cell holding
  a NUL character or a lone surrogate (a memo, say) refuses the file, naming row and column.

Every row is checked before anything is stored. If any row does not fit, CodingsImportError
lists the rows with their numbers as a spreadsheet shows them (the header is row 1) and
nothing from the file is stored. Otherwise an SQLite project is first backed up (reason
``before-codings-import``, models.backups), then everything is stored in one transaction with
one journal event, ``codings-import``. A file that changes nothing makes no backup.
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from codebook.spec import PATH_SEPARATOR, path_text
from coding.segments import CodingError
from coding.selection import CONSENSUS_SETTING, DEFAULT_CONSENSUS_CODER, ExportError
from coding.values import check_value
from exports.csv_files import csv_name
from exports.rows import (
    ABOUT,
    AGREEMENT,
    ARTICLE_META,
    ARTICLE_TEXT,
    ARTICLES,
    CODEBOOK,
    DISAGREEMENTS,
    LEVEL_PREFIX,
    MATRIX_COUNTS,
    MATRIX_PRESENCE,
    SEGMENT_HEAD,
    SEGMENT_TAIL,
    SEGMENTS,
    VARIABLE_PREFIX,
    VARIABLES,
)
from models.backups import backup_before
from models.bounded_input import (
    CODINGS_SHEET_LIMITS,
    XLSX_LIMITS,
    InputRefused,
    check_zip,
    file_kind_problem,
    sheet_rows,
    text_problem,
)
from models.cell_safety import remove_unwritable, split_cut_mark, unneutralise_csv
from models.database import ProjectDatabase
from models.entities import (
    Article,
    Code,
    Coder,
    Event,
    ProjectInfo,
    Segment,
    Variable,
    VariableValue,
    utcnow,
)
from models.ids import new_guid
from models.journal import Changes
from models.progress import Progress
from models.text_limits import MEMO_LIMIT, typed_text_problem

# The export's other sheets: never read as codings, even in a workbook without Segments.
NOT_IMPORTED = (
    ABOUT,
    MATRIX_COUNTS,
    MATRIX_PRESENCE,
    CODEBOOK,
    VARIABLES,
    AGREEMENT,
    DISAGREEMENTS,
)
SHOWN_PROBLEMS = 10
PROGRESS_EVERY = 500
_CHUNK = 500


@dataclass(frozen=True)
class RowProblem:
    """One row that does not fit, and why."""

    table: str
    row: int
    message: str

    def __str__(self) -> str:
        """'Segments row 7: message'."""
        return f"{self.table} row {self.row}: {self.message}"


class CodingsImportError(ExportError):
    """Rows of an import file do not fit the project; nothing was stored."""

    def __init__(self, source: str, problems: list[RowProblem]) -> None:
        """Name the file and the first problems (all are kept in `problems`, in file order)."""
        tables = list(dict.fromkeys(p.table for p in problems))
        problems = sorted(problems, key=lambda p: (tables.index(p.table), p.row))
        self.source = source
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:SHOWN_PROBLEMS])
        more = (
            f" (and {len(problems) - SHOWN_PROBLEMS} more)"
            if len(problems) > SHOWN_PROBLEMS
            else ""
        )
        super().__init__(
            f"{source}: {len(problems)} row(s) do not fit, nothing was stored: {shown}{more}"
        )


@dataclass
class CodingsImport:
    """What an import stored."""

    file: str
    segments_added: int = 0
    segments_changed: int = 0
    segments_unchanged: int = 0
    values_added: int = 0
    values_changed: int = 0
    values_unchanged: int = 0
    coders_created: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    articles: set[int] = field(default_factory=set)

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form."""
        return {
            "file": self.file,
            "segments": {
                "added": self.segments_added,
                "changed": self.segments_changed,
                "unchanged": self.segments_unchanged,
            },
            "values": {
                "added": self.values_added,
                "changed": self.values_changed,
                "unchanged": self.values_unchanged,
            },
            "coders_created": self.coders_created,
            "ignored_columns": self.ignored_columns,
            "warnings": self.warnings,
        }

    def changes(self) -> Changes:
        """What changed, for the window's panels."""
        return Changes(articles=set(self.articles))


# -- reading tables ----------------------------------------------------------------------------


@dataclass
class Table:
    """One sheet or CSV file: headers and rows, each row with its spreadsheet row number."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    from_csv: bool
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        """Index the headers, the first of equal names winning."""
        for index, name in enumerate(self.headers):
            self._index.setdefault(name.strip().lower(), index)

    def column(self, header: str) -> int | None:
        """The index of a fixed column (headers compared without case and outer spaces)."""
        return self._index.get(header.lower())


def _header(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _is_segments(headers: Sequence[str]) -> bool:
    names = {h.lower() for h in headers}
    return {"start", "end"} <= names and bool({"code", "code_guid", f"{LEVEL_PREFIX}1"} & names)


def _read_xlsx(path: Path) -> list[Table]:
    try:
        check_zip(path, XLSX_LIMITS, str(path))  # before openpyxl inflates anything
        workbook = load_workbook(path, read_only=True, data_only=False)
    except InputRefused as exc:
        raise ExportError(str(exc)) from exc
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ExportError(f"{path}: cannot be read as an Excel workbook ({exc})") from exc
    try:
        tables: list[Table] = []
        for sheet in workbook.worksheets:
            # Row by row within the limits; the sheet's declared size is checked, then set
            # aside, so a sheet declaring A1:XFD1048576 pads no row to 16,384 cells.
            rows = sheet_rows(sheet, str(path), CODINGS_SHEET_LIMITS)
            first = next(rows, None)
            if first is None:
                continue
            headers = [_header(h) for h in first[1]]
            body = [
                (number, list(values))
                for number, values in rows
                if any(v is not None and v != "" for v in values)
            ]
            tables.append(Table(sheet.title, headers, body, from_csv=False))
    except InputRefused as exc:
        raise ExportError(str(exc)) from exc
    except Exception as exc:  # read-only mode parses the sheets lazily: damage shows up here
        raise ExportError(f"{path}: cannot be read as an Excel workbook ({exc})") from exc
    finally:
        workbook.close()
    named = [t for t in tables if t.name in (SEGMENTS, ARTICLES)]
    return named or [t for t in tables if t.name not in NOT_IMPORTED]


def _read_csv(path: Path) -> list[Table]:
    if path.name.lower() in {csv_name(name) for name in NOT_IMPORTED}:
        raise ExportError(
            f"{path}: this export file is not read back; import segments.csv or articles.csv"
        )
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = list(_csv_records(path, handle))
    except InputRefused as exc:
        raise ExportError(str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise ExportError(f"{path}: not UTF-8 text; save it as CSV UTF-8") from exc
    except (OSError, csv.Error) as exc:
        raise ExportError(f"{path}: cannot be read as CSV ({exc})") from exc
    if not records:
        return []
    headers = [_header(h) for h in records[0]]
    body = [
        (number, [unneutralise_csv(v) for v in values])
        for number, values in enumerate(records[1:], 2)
        if any(v != "" for v in values)
    ]
    return [Table(path.stem, headers, body, from_csv=True)]


# csv splits a whole line before anything can look at it: a line of more separators than
# this is refused first.
_MAX_SEPARATORS_PER_LINE = 100_000


def _csv_lines(path: Path, lines: Iterator[str]) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        if line.count(",") > _MAX_SEPARATORS_PER_LINE:
            raise InputRefused(
                str(path),
                f"more than {_MAX_SEPARATORS_PER_LINE:,} commas on one line; this is not a "
                "codings table",
                f"line {number}",
            )
        yield line


def _csv_records(path: Path, handle: Iterator[str]) -> Iterator[list[str]]:
    """The CSV's records, each within CODINGS_SHEET_LIMITS and holding storable text."""
    limits = CODINGS_SHEET_LIMITS
    reader = csv.reader(_csv_lines(path, handle))
    cells = 0
    headers: list[str] = []
    for number, record in enumerate(reader, start=1):
        where = f"row {number}"
        if len(record) > limits.columns:
            raise InputRefused(
                str(path), f"{len(record):,} cells, more than {limits.columns:,} columns", where
            )
        cells += len(record)
        if cells > limits.cells:
            raise InputRefused(
                str(path), f"more than {limits.cells:,} cells; split the file", where
            )
        for column, value in enumerate(record):
            problem = text_problem(value)
            if problem is not None:
                name = headers[column].strip() if column < len(headers) else ""
                raise InputRefused(
                    str(path),
                    f"the cell {problem}; remove it",
                    f"{where}, column {column + 1}" + (f" ({name})" if name else ""),
                )
        headers = headers or record
        yield record


MAX_CODINGS_FILE_BYTES = 256 * 1024 * 1024  # about a million segment rows


def read_tables(path: Path) -> list[Table]:
    """The tables of an import file (xlsx or CSV)."""
    kind = file_kind_problem(path)
    if kind is not None:  # a FIFO would make the read wait for ever
        raise ExportError(f"{path}: {kind}")
    if not path.is_file():
        raise ExportError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_CODINGS_FILE_BYTES:
        # Refused before reading, so memory stays bounded whatever file is given.
        raise ExportError(
            f"{path}: too large to import: {size / 2**20:,.1f} MiB, above the "
            f"{MAX_CODINGS_FILE_BYTES // 2**20} MiB limit; split it (by coder or by article)"
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise ExportError(f"{path}: unknown file type {suffix or '(none)'}; use .xlsx or .csv")


# -- cell values -----------------------------------------------------------------------------


def _cell(values: list[Any], index: int | None) -> Any:
    if index is None or index >= len(values):
        return None
    value = values[index]
    return None if value == "" else value


def _name(value: Any) -> str | None:
    """A name-like cell (id, GUID, coder, code path) as stripped text, or None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _integer(value: Any) -> int | None:
    """A whole number from a cell, or None; ValueError when the cell holds something else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    return int(str(value).strip())


def _value_text(value: Any) -> str | None:
    """A variable's cell as the text check_value takes."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    return text if text.strip() else None


def _time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value.strip():
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
        return parsed
    return None


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:24] + "…"


# -- the project's names -------------------------------------------------------------------------


class _Project:
    """The project's articles, codes, coders and variables, looked up by what rows name."""

    def __init__(self, session: Session, create_coders: bool) -> None:
        self.session = session
        self.create_coders = create_coders
        info = session.scalars(select(ProjectInfo)).one()
        settings = dict(info.settings or {})
        self.version = info.codebook_version
        self.codable_groups = bool(settings.get("codable_groups", False))
        self.consensus = str(settings.get(CONSENSUS_SETTING) or DEFAULT_CONSENSUS_CODER)
        self.article_by_guid: dict[str, int] = {}
        self.article_ids: set[int] = set()
        for article_id, guid in session.execute(select(Article.id, Article.guid)):
            self.article_by_guid[str(guid).upper()] = int(article_id)
            self.article_ids.add(int(article_id))
        codes = list(session.execute(select(Code.id, Code.guid, Code.parent_id, Code.name)))
        parent = {int(c[0]): c[2] for c in codes}
        names = {int(c[0]): str(c[3]) for c in codes}
        self.code_by_guid = {str(c[1]).upper(): int(c[0]) for c in codes}
        self.groups = {int(p) for p in parent.values() if p is not None}
        self.code_by_path: dict[tuple[str, ...], int] = {}
        self.code_path: dict[int, tuple[str, ...]] = {}
        for code_id in names:
            path: list[str] = []
            node: int | None = code_id
            while node is not None:
                path.insert(0, names[node])
                node = parent[node]
            self.code_by_path[tuple(path)] = code_id
            self.code_path[code_id] = tuple(path)
        self.coder_by_name = {
            str(n): int(i) for i, n in session.execute(select(Coder.id, Coder.name))
        }
        self.new_coders: list[str] = []
        self.variables = {
            v.name: v
            for v in session.scalars(select(Variable).order_by(Variable.position, Variable.id))
        }

    def article(self, values: list[Any], table: Table) -> int:
        guid = _name(_cell(values, table.column("article_guid")))
        raw_id = _cell(values, table.column("article_id"))
        if guid is not None:
            found = self.article_by_guid.get(guid.upper())
            if found is None:
                raise CodingError(
                    f"article GUID {guid} is not in this project (clear article_guid to "
                    "match articles by article_id)"
                )
            return found
        try:
            article_id = _integer(raw_id)
        except ValueError as exc:
            raise CodingError(f"article_id {raw_id!r} is not a whole number") from exc
        if article_id is None:
            raise CodingError("no article_id or article_guid")
        if article_id not in self.article_ids:
            raise CodingError(f"no article with id {article_id} in this project")
        return article_id

    def coder(self, values: list[Any], table: Table) -> str:
        name = _name(_cell(values, table.column("coder")))
        if name is None:
            raise CodingError("no coder")
        if name not in self.coder_by_name:
            if not self.create_coders:
                raise CodingError(
                    f"unknown coder {name!r} (import with --create-coders to add new coders)"
                )
            if name not in self.new_coders:
                self.new_coders.append(name)
        return name

    def code(self, values: list[Any], table: Table) -> int:
        guid = _name(_cell(values, table.column("code_guid")))
        code_id = self.code_by_guid.get(guid.upper()) if guid else None
        path_cell = _name(_cell(values, table.column("code")))
        if path_cell is not None:
            path = tuple(part.strip() for part in path_cell.split(PATH_SEPARATOR.strip()))
        else:
            levels: list[str] = []
            level = 1
            while (index := table.column(f"{LEVEL_PREFIX}{level}")) is not None:
                part = _name(_cell(values, index))
                if part is None:
                    break
                levels.append(part)
                level += 1
            path = tuple(levels)
        if code_id is None and path:
            code_id = self.code_by_path.get(path)
        if code_id is None:
            if guid and not path:
                raise CodingError(f"code GUID {guid} is not in this project")
            if not path:
                raise CodingError("no code (code, code_guid or level_1)")
            raise CodingError(f"code {path_text(path)!r} is not in this project's codebook")
        if code_id in self.groups and not self.codable_groups:
            raise CodingError(
                f"code {path_text(self.code_path[code_id])!r} groups other codes; "
                "use one of its children"
            )
        return code_id

    def coder_ids(self) -> dict[str, int]:
        """Create the new coders (inside the import's transaction); every name -> id."""
        for name in self.new_coders:
            coder = Coder(guid=new_guid(), name=name, is_lead=name == self.consensus)
            self.session.add(coder)
            self.session.flush()
            self.coder_by_name[name] = coder.id
        return self.coder_by_name


# -- segments --------------------------------------------------------------------------------


@dataclass
class _SegmentIn:
    row: int
    article: int
    coder: str
    code: int
    start: int
    end: int
    text: str | None
    memo: str
    memo_cut: bool
    guid: str | None
    created: dt.datetime | None
    changed: dt.datetime | None


def _parse_segments(
    table: Table, project: _Project, problems: list[RowProblem], progress: Progress
) -> list[_SegmentIn]:
    rows: list[_SegmentIn] = []
    start_at, end_at = table.column("start"), table.column("end")
    text_at, memo_at = table.column("text"), table.column("memo")
    guid_at = table.column("segment_guid")
    created_at, changed_at = table.column("created_utc"), table.column("changed_utc")
    for count, (number, values) in enumerate(table.rows, 1):
        if count % PROGRESS_EVERY == 0:
            progress.step(PROGRESS_EVERY, "checking segments")
        try:
            article = project.article(values, table)
            coder = project.coder(values, table)
            code = project.code(values, table)
            try:
                start = _integer(_cell(values, start_at))
                end = _integer(_cell(values, end_at))
            except ValueError as exc:
                raise CodingError("start and end must be whole numbers") from exc
            if start is None or end is None:
                raise CodingError("start and end are needed")
            guid = _name(_cell(values, guid_at))
            if guid is not None:
                try:
                    guid = str(uuid.UUID(guid)).upper()
                except ValueError as exc:
                    raise CodingError(f"segment_guid {guid!r} is not a GUID") from exc
            text = _cell(values, text_at)
            memo = _cell(values, memo_at)
            memo_text = "" if memo is None else str(memo)
            memo_problem = typed_text_problem(memo_text, "the memo", MEMO_LIMIT)
            if memo_problem is not None:
                raise CodingError(memo_problem)
            rows.append(
                _SegmentIn(
                    number,
                    article,
                    coder,
                    code,
                    start,
                    end,
                    None if text is None else str(text),
                    memo_text,
                    split_cut_mark(memo_text)[1] is not None,
                    guid,
                    _time(_cell(values, created_at)),
                    _time(_cell(values, changed_at)),
                )
            )
        except CodingError as exc:
            problems.append(RowProblem(table.name, number, str(exc)))
    return rows


def _texts(session: Session, article_ids: set[int]) -> dict[int, str]:
    ordered = sorted(article_ids)
    texts: dict[int, str] = {}
    for i in range(0, len(ordered), _CHUNK):
        for article_id, text in session.execute(
            select(Article.id, Article.text).where(Article.id.in_(ordered[i : i + _CHUNK]))
        ):
            texts[int(article_id)] = str(text)
    return texts


def _check_text(given: str, span: str) -> bool:
    prefix, total = split_cut_mark(given)
    if total is None:
        return given == span or given == remove_unwritable(span)
    clean = remove_unwritable(span)
    return total == len(clean) and clean.startswith(prefix)


def _check_spans(
    table: Table, rows: list[_SegmentIn], texts: dict[int, str], problems: list[RowProblem]
) -> list[_SegmentIn]:
    good: list[_SegmentIn] = []
    for r in rows:
        text = texts[r.article]
        if not 0 <= r.start < r.end <= len(text):
            problems.append(
                RowProblem(
                    table.name,
                    r.row,
                    f"span [{r.start}, {r.end}) is not inside article {r.article} "
                    f"(length {len(text)})",
                )
            )
            continue
        span = text[r.start : r.end]
        if not span.strip():
            problems.append(RowProblem(table.name, r.row, "the span holds only white space"))
            continue
        if r.text is not None and not _check_text(r.text, span):
            problems.append(
                RowProblem(
                    table.name,
                    r.row,
                    f"text does not match article {r.article} at [{r.start}, {r.end}): "
                    f"the file has {_short(r.text)!r}, the article {_short(span)!r}",
                )
            )
            continue
        good.append(r)
    return good


@dataclass
class _Stored:
    id: int
    article: int
    coder: int
    code: int
    start: int
    end: int
    memo: str


def _stored_segments(session: Session, article_ids: set[int]) -> list[tuple[str, _Stored]]:
    ordered = sorted(article_ids)
    found: list[tuple[str, _Stored]] = []
    for i in range(0, len(ordered), _CHUNK):
        for row in session.execute(
            select(
                Segment.guid,
                Segment.id,
                Segment.article_id,
                Segment.coder_id,
                Segment.code_id,
                Segment.start,
                Segment.end,
                Segment.memo,
            ).where(Segment.article_id.in_(ordered[i : i + _CHUNK]))
        ):
            found.append((str(row[0]).upper(), _Stored(*row[1:])))
    return found


def _plan_segments(
    session: Session,
    table: Table,
    rows: list[_SegmentIn],
    texts: dict[int, str],
    coder_ids: dict[str, int],
    project: _Project,
    report: CodingsImport,
    problems: list[RowProblem],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows to insert, rows to update) for the segments; counts the unchanged ones."""
    stored = _stored_segments(session, {r.article for r in rows})
    by_guid = dict(stored)
    by_key = {(s.article, s.coder, s.code, s.start, s.end): s for _, s in stored}
    in_file: dict[tuple[int, int, int, int, int], int] = {}
    guids_in_file: dict[str, int] = {}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    now = utcnow()
    for r in rows:
        coder_id = coder_ids.get(r.coder, -1)
        key = (r.article, coder_id, r.code, r.start, r.end)
        if r.guid is not None:
            if r.guid in guids_in_file:
                problems.append(
                    RowProblem(
                        table.name,
                        r.row,
                        f"segment_guid {r.guid} is also on row {guids_in_file[r.guid]}",
                    )
                )
                continue
            guids_in_file[r.guid] = r.row
        if key in in_file:
            report.warnings.append(
                f"{table.name} row {r.row}: the same segment as row {in_file[key]}; skipped"
            )
            report.segments_unchanged += 1
            continue
        in_file[key] = r.row
        existing = by_guid.get(r.guid) if r.guid is not None else None
        if existing is not None and (existing.article, existing.coder) != (r.article, coder_id):
            problems.append(
                RowProblem(
                    table.name,
                    r.row,
                    f"segment_guid {r.guid} is a segment of another article or coder",
                )
            )
            continue
        if existing is None:
            existing = by_key.get(key)
        text = texts[r.article][r.start : r.end]
        if existing is not None:
            # A memo cut at export, or cleaned of control characters, is the stored memo.
            memo = existing.memo if r.memo_cut else r.memo
            if remove_unwritable(existing.memo) == memo:
                memo = existing.memo
            same_span = (existing.code, existing.start, existing.end) == key[2:]
            if same_span and existing.memo == memo:
                report.segments_unchanged += 1
                continue
            updates.append(
                {
                    "id": existing.id,
                    "code_id": r.code,
                    "start": r.start,
                    "end": r.end,
                    "text": text,
                    "memo": memo,
                    "updated_at": r.changed or now,
                }
            )
            report.segments_changed += 1
            report.articles.add(r.article)
            continue
        if r.memo_cut:
            report.warnings.append(
                f"{table.name} row {r.row}: the memo was cut at export; stored as it is"
            )
        guid = r.guid if r.guid is not None and r.guid not in by_guid else new_guid()
        inserts.append(
            {
                "guid": guid,
                "article_id": r.article,
                "code_id": r.code,
                "coder_id": coder_id,
                "start": r.start,
                "end": r.end,
                "text": text,
                "memo": r.memo,
                "codebook_version": project.version,
                "created_at": r.created or now,
                "updated_at": r.changed or r.created or now,
            }
        )
        report.segments_added += 1
        report.articles.add(r.article)
    return inserts, updates


# -- values ----------------------------------------------------------------------------------


@dataclass
class _ValueIn:
    row: int
    article: int
    coder: str
    variable: Variable
    value: str
    cut: bool


def _variable_columns(table: Table, project: _Project) -> tuple[dict[int, Variable], list[str]]:
    fixed = {*ARTICLE_META, ARTICLE_TEXT}
    columns: dict[int, Variable] = {}
    ignored: list[str] = []
    for index, header in enumerate(table.headers):
        if not header:
            continue
        name = header[len(VARIABLE_PREFIX) :] if header.startswith(VARIABLE_PREFIX) else None
        if name is None and header.lower() in fixed:
            continue
        variable = project.variables.get(name if name is not None else header)
        if variable is None:
            ignored.append(f"{table.name}: {header}")
        else:
            columns[index] = variable
    return columns, ignored


def _parse_values(
    table: Table,
    project: _Project,
    report: CodingsImport,
    problems: list[RowProblem],
    progress: Progress,
) -> list[_ValueIn]:
    columns, ignored = _variable_columns(table, project)
    report.ignored_columns.extend(ignored)
    rows: list[_ValueIn] = []
    for count, (number, values) in enumerate(table.rows, 1):
        if count % PROGRESS_EVERY == 0:
            progress.step(PROGRESS_EVERY, "checking values")
        try:
            article = project.article(values, table)
            coder = project.coder(values, table)
        except CodingError as exc:
            problems.append(RowProblem(table.name, number, str(exc)))
            continue
        for index, variable in columns.items():
            raw = _value_text(_cell(values, index))
            if raw is None:
                continue
            cut = split_cut_mark(raw)[1] is not None
            try:
                value = raw if cut else check_value(variable, raw)
            except CodingError as exc:
                problems.append(RowProblem(table.name, number, f"{table.headers[index]}: {exc}"))
                continue
            rows.append(_ValueIn(number, article, coder, variable, value, cut))
    return rows


def _plan_values(
    session: Session,
    table: Table,
    rows: list[_ValueIn],
    coder_ids: dict[str, int],
    project: _Project,
    report: CodingsImport,
    problems: list[RowProblem],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ordered = sorted({r.article for r in rows})
    stored: dict[tuple[int, int, int], tuple[int, str]] = {}
    for i in range(0, len(ordered), _CHUNK):
        for value_id, a, c, v, value in session.execute(
            select(
                VariableValue.id,
                VariableValue.article_id,
                VariableValue.coder_id,
                VariableValue.variable_id,
                VariableValue.value,
            ).where(VariableValue.article_id.in_(ordered[i : i + _CHUNK]))
        ):
            stored[(int(a), int(c), int(v))] = (int(value_id), str(value))
    seen: dict[tuple[int, int, int], tuple[int, str]] = {}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    now = utcnow()
    for r in rows:
        key = (r.article, coder_ids.get(r.coder, -1), r.variable.id)
        if key in seen:
            if seen[key][1] != r.value:
                problems.append(
                    RowProblem(
                        table.name,
                        r.row,
                        f"{r.variable.name} for article {r.article} and coder {r.coder} "
                        f"differs from row {seen[key][0]}",
                    )
                )
            continue
        seen[key] = (r.row, r.value)
        existing = stored.get(key)
        if existing is not None and (
            r.cut or r.value in (existing[1], remove_unwritable(existing[1]))
        ):
            report.values_unchanged += 1
            continue
        if r.variable.retired:
            problems.append(
                RowProblem(table.name, r.row, f"variable {r.variable.name!r} is retired")
            )
            continue
        if r.cut:
            report.warnings.append(
                f"{table.name} row {r.row}: {r.variable.name} was cut at export; stored as it is"
            )
        report.articles.add(r.article)
        if existing is not None:
            updates.append({"id": existing[0], "value": r.value, "updated_at": now})
            report.values_changed += 1
        else:
            inserts.append(
                {
                    "guid": new_guid(),
                    "article_id": r.article,
                    "variable_id": r.variable.id,
                    "coder_id": key[1],
                    "value": r.value,
                    "codebook_version": project.version,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            report.values_added += 1
    return inserts, updates


# -- the import ------------------------------------------------------------------------------


def _layouts(tables: list[Table], path: Path) -> Iterator[tuple[str, Table]]:
    found = False
    for table in tables:
        if table.name == SEGMENTS or (table.name != ARTICLES and _is_segments(table.headers)):
            found = True
            yield SEGMENTS, table
        elif table.name == ARTICLES or table.column("coder") is not None:
            found = True
            yield ARTICLES, table
    if not found:
        known = ", ".join((*SEGMENT_HEAD, *SEGMENT_TAIL))
        raise ExportError(
            f"{path}: no Segments or Articles table found (a Segments table has the columns "
            f"{known}; an Articles table has article_id, coder and one column per variable)"
        )


def import_codings(
    database: ProjectDatabase,
    path: Path,
    *,
    create_coders: bool = False,
    progress: Progress | None = None,
) -> CodingsImport:
    """Bring the segments and values of an xlsx or CSV file in (see the module docstring)."""
    path = Path(path)
    progress = progress or Progress()
    tables = list(_layouts(read_tables(path), path))
    report = CodingsImport(str(path))
    problems: list[RowProblem] = []
    progress.start(sum(len(t.rows) for _, t in tables), "checking the rows")
    with database.session() as session:
        project = _Project(session, create_coders)
        segment_rows: list[tuple[Table, list[_SegmentIn]]] = []
        value_rows: list[tuple[Table, list[_ValueIn]]] = []
        for layout, table in tables:
            if layout == SEGMENTS:
                segment_rows.append((table, _parse_segments(table, project, problems, progress)))
            else:
                value_rows.append(
                    (table, _parse_values(table, project, report, problems, progress))
                )
        texts = _texts(session, {r.article for _, rows in segment_rows for r in rows})
        segment_rows = [
            (table, _check_spans(table, rows, texts, problems)) for table, rows in segment_rows
        ]
        progress.check()
        if problems:
            raise CodingsImportError(str(path), problems)
        coder_ids = project.coder_ids()
        report.coders_created = list(project.new_coders)
        segment_inserts: list[dict[str, Any]] = []
        segment_updates: list[dict[str, Any]] = []
        for table, segments in segment_rows:
            add, change = _plan_segments(
                session, table, segments, texts, coder_ids, project, report, problems
            )
            segment_inserts += add
            segment_updates += change
        value_inserts: list[dict[str, Any]] = []
        value_updates: list[dict[str, Any]] = []
        for table, values in value_rows:
            add, change = _plan_values(session, table, values, coder_ids, project, report, problems)
            value_inserts += add
            value_updates += change
        if problems:
            raise CodingsImportError(str(path), problems)
        progress.check()
        if segment_inserts or segment_updates or value_inserts or value_updates:
            # Checked and planned, nothing written yet: keep the project as it was (SQLite).
            backup_before(database, "before-codings-import")
        for i in range(0, len(segment_inserts), _CHUNK):
            session.execute(insert(Segment), segment_inserts[i : i + _CHUNK])
        if segment_updates:
            session.execute(update(Segment), segment_updates)
        for i in range(0, len(value_inserts), _CHUNK):
            session.execute(insert(VariableValue), value_inserts[i : i + _CHUNK])
        if value_updates:
            session.execute(update(VariableValue), value_updates)
        session.add(
            Event(
                guid=new_guid(),
                at=utcnow(),
                action="codings-import",
                entity="codings",
                payload={
                    key: value
                    for key, value in report.as_json().items()
                    if key in ("file", "segments", "values", "coders_created")
                },
            )
        )
        progress.check()
    return report

"""Codebook workbooks (.xlsx) in the layout leads write by hand, read and written with openpyxl.

The layout (headers in English or Chinese, case and spaces ignored, columns in any order):

Sheet "Codes" (or "编码"; without either, the first sheet): a header row, then one code a row.
  - The code's path, in one of two ways:
    * level columns "Level 1", "Level 2", ... (or 一级, 二级, 三级, ...): the names from the top
      down, the code's own name in the last filled cell. Cells left of it may stay empty: they
      repeat the row above, so an outline (parent on one row, children indented below) works as
      well as the full path on every row;
    * one "Path" (路径) column: the names joined by " > " (or by "/" when there is no ">").
    A parent without a row of its own is created with default fields.
  - name_en (英文名), definition (定义), include (纳入), exclude (排除), examples (示例: one a
    line, or separated by ；), colour / color (颜色, #rrggbb), key (快捷键), keywords (关键词:
    separated by , ， ; ； or 、), guid, retired (停用: yes/no, 是/否, 1/0).
Sheet "Variables" (or "变量"), optional: a header row, then one variable a row: name (变量名),
  label (标签), label_en (英文标签), type (类型: nominal, ordinal, interval, ratio, date, text or
  定类, 定序, 定距, 定比, 日期, 文本), required (必填), minimum (最小值), maximum (最大值),
  description (说明), guid, retired (停用). Allowed values take the columns value (取值),
  value_label (取值标签) and value_label_en (取值英文标签): the first on the variable's own row,
  each further value on a row below with the name cell left empty, as a printed codebook lists
  them. (A "values" (取值列表) column with one "value=label" a line is read as well.)
Sheet "Codebook" (or "码本"), optional: rows of field and value: name (名称), description (说明),
  description_en (英文说明), version (版本), codable_groups (组可编码).

Errors name the sheet, the row as Excel numbers it, and the column. Writing produces exactly
this layout (English headers, the full path in level columns on every row, values on rows of
their own), so write -> read -> write gives identical cells. Control characters, which Excel
files cannot hold, are dropped on writing; a text longer than an Excel cell (32,767 characters)
is refused rather than cut.

Reading is bounded (models.bounded_input): the workbook is checked for zip bombs before
openpyxl opens it, each sheet's declared size and rows are read within
`CODEBOOK_SHEET_LIMITS`, and a code path is at most `MAX_LEVELS` deep (the tree is walked
recursively everywhere). A refusal is a `CodebookError` naming the sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from codebook.spec import (
    COLOR,
    LEVELS,
    ChoiceSpec,
    CodebookError,
    CodebookSpec,
    CodeSpec,
    Problem,
    VariableSpec,
    validate,
    walk,
)
from models.bounded_input import (
    CODEBOOK_SHEET_LIMITS,
    CODEBOOK_ZIP_LIMITS,
    InputRefused,
    check_zip,
    sheet_rows,
)
from models.cell_safety import is_formula_like
from models.safe_write import replaced_when_complete

CELL_LIMIT = 32_767
# Codes nest a few levels deep; the tree is walked recursively (validation, storing, the
# window), so a path of thousands of levels must be refused before it is built.
MAX_LEVELS = 50
CODES_SHEETS = ("codes", "编码", "代码")
VARIABLES_SHEETS = ("variables", "变量")
CODEBOOK_SHEETS = ("codebook", "码本", "编码本")

# Normalised header -> field. Normalising lower-cases and drops spaces, _ - ( ) and full-width
# brackets, so "Name EN", "name_en" and "name (en)" are all "nameen".
CODE_HEADERS = {
    "path": "path",
    "路径": "path",
    "nameen": "name_en",
    "englishname": "name_en",
    "英文名": "name_en",
    "英文名称": "name_en",
    "definition": "definition",
    "定义": "definition",
    "include": "include",
    "inclusion": "include",
    "纳入": "include",
    "纳入标准": "include",
    "exclude": "exclude",
    "exclusion": "exclude",
    "排除": "exclude",
    "排除标准": "exclude",
    "examples": "examples",
    "example": "examples",
    "示例": "examples",
    "例子": "examples",
    "colour": "color",
    "color": "color",
    "颜色": "color",
    "key": "key",
    "shortcut": "key",
    "shortcutkey": "key",
    "快捷键": "key",
    "keywords": "keywords",
    "keyword": "keywords",
    "关键词": "keywords",
    "guid": "guid",
    "retired": "retired",
    "停用": "retired",
}
VARIABLE_HEADERS = {
    "name": "name",
    "变量名": "name",
    "变量": "name",
    "label": "label",
    "标签": "label",
    "labelen": "label_en",
    "英文标签": "label_en",
    "type": "type",
    "level": "type",
    "类型": "type",
    "测量层次": "type",
    "required": "required",
    "必填": "required",
    "minimum": "minimum",
    "min": "minimum",
    "最小值": "minimum",
    "maximum": "maximum",
    "max": "maximum",
    "最大值": "maximum",
    "description": "description",
    "说明": "description",
    "guid": "guid",
    "retired": "retired",
    "停用": "retired",
    "value": "value",
    "取值": "value",
    "值": "value",
    "valuelabel": "value_label",
    "取值标签": "value_label",
    "值标签": "value_label",
    "valuelabelen": "value_label_en",
    "取值英文标签": "value_label_en",
    "值英文标签": "value_label_en",
    "values": "values",
    "取值列表": "values",
}
CODEBOOK_FIELDS = {
    "name": "name",
    "名称": "name",
    "码本名称": "name",
    "description": "description",
    "说明": "description",
    "descriptionen": "description_en",
    "英文说明": "description_en",
    "version": "version",
    "版本": "version",
    "codablegroups": "codable_groups",
    "组可编码": "codable_groups",
}
CHINESE_LEVELS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_TYPES = {
    "定类": "nominal",
    "定序": "ordinal",
    "定距": "interval",
    "定比": "ratio",
    "日期": "date",
    "文本": "text",
}
YES = {"yes", "y", "true", "1", "x", "是", "√", "✓"}
NO = {"", "no", "n", "false", "0", "否"}

CODE_COLUMNS = (
    "name_en",
    "definition",
    "include",
    "exclude",
    "examples",
    "colour",
    "key",
    "keywords",
    "guid",
    "retired",
)
VARIABLE_COLUMNS = (
    "name",
    "label",
    "label_en",
    "type",
    "required",
    "minimum",
    "maximum",
    "description",
    "guid",
    "retired",
    "value",
    "value_label",
    "value_label_en",
)
KEYWORD_SEPARATORS = re.compile(r"[,，;；、]")
HEADER_NOISE = re.compile(r"[\s_\-()（）]")
LEVEL_HEADER = re.compile(r"^level(\d{1,6})$")  # not thousands of digits: int() refuses them
CHINESE_LEVEL_HEADER = re.compile(r"^第?([一二三四五六七八九]|十)级$")


def _norm(header: Any) -> str:
    return HEADER_NOISE.sub("", str(header).lower()) if header is not None else ""


def _level(header: str) -> int | None:
    match = LEVEL_HEADER.match(header)
    if match:
        return int(match.group(1)) or None
    match = CHINESE_LEVEL_HEADER.match(header)
    if match:
        return 10 if match.group(1) == "十" else CHINESE_LEVELS[match.group(1)]
    return None


def _text(value: Any) -> str:
    """A cell as text: Excel turns a key "1" into the number 1, which must read back as "1"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def _empty(row: Sequence[Any]) -> bool:
    return all(_text(v).strip() == "" for v in row)


def _sheet_where(sheet: str, row: int, column: int | None = None, header: str = "") -> str:
    where = f"sheet {sheet!r}, row {row}"
    if column is not None:
        where += f", column {get_column_letter(column + 1)}"
        if header:
            where += f" ({header})"
    return where


@dataclass
class _Header:
    """Which column holds which field, found in a sheet's header row."""

    row: int  # the header's Excel row number
    fields: dict[str, int] = field(default_factory=dict)
    levels: dict[int, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # column index -> header as written


class _Reader:
    """Reads the three sheets into a spec, collecting every problem instead of the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    # --- helpers ---------------------------------------------------------------------------

    def header(
        self, sheet: str, rows: list[tuple[Any, ...]], known: dict[str, str], codes: bool
    ) -> _Header | None:
        start = None
        for i, row in enumerate(rows[:10]):
            normalised = [_norm(v) for v in row]
            if codes and any(n in ("path", "路径") or _level(n) for n in normalised):
                start = i
                break
            if not codes and not _empty(row):
                start = i
                break
        if start is None:
            if codes:
                self.problem(
                    f"sheet {sheet!r}, row 1",
                    "no path columns: give 'Level 1', 'Level 2', ... (or 一级, 二级, ...) or "
                    "one 'Path' column",
                )
            return None
        header = _Header(row=start + 1)
        for column, value in enumerate(rows[start]):
            name = _norm(value)
            if not name:
                continue
            where = _sheet_where(sheet, start + 1, column, str(value))
            level = _level(name) if codes else None
            if level is not None and level > MAX_LEVELS:
                self.problem(where, f"level {level}: a codebook has at most {MAX_LEVELS} levels")
            elif level is not None:
                if level in header.levels:
                    self.problem(where, f"level {level} has two columns")
                header.levels[level] = column
            elif name in known:
                if known[name] in header.fields:
                    self.problem(where, f"a second {known[name]!r} column")
                header.fields[known[name]] = column
            else:
                self.problem(where, f"unknown column {str(value)!r}")
            header.names[column] = str(value)
        if header.levels:
            wanted = list(range(1, max(header.levels) + 1))
            missing = [n for n in wanted if n not in header.levels]
            if missing:
                self.problem(
                    _sheet_where(sheet, header.row), f"the level {missing[0]} column is missing"
                )
            if "path" in header.fields:
                self.problem(
                    _sheet_where(sheet, header.row),
                    "use either level columns or one 'Path' column, not both",
                )
        return header

    def cell(self, row: Sequence[Any], header: _Header, name: str) -> Any:
        column = header.fields.get(name)
        if column is None or column >= len(row):
            return None
        return row[column]

    def where(self, sheet: str, number: int, header: _Header, name: str) -> str:
        column = header.fields.get(name)
        if column is None:
            return _sheet_where(sheet, number)
        return _sheet_where(sheet, number, column, header.names.get(column, name))

    def flag(self, value: Any, where: str) -> bool:
        text = _text(value).strip().lower()
        if text in YES:
            return True
        if text not in NO:
            self.problem(where, f"{_text(value)!r} should be yes or no")
        return False

    def number(self, value: Any, where: str) -> float | None:
        if value is None or _text(value).strip() == "":
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        try:
            return float(_text(value).strip())
        except ValueError:
            self.problem(where, f"{_text(value)!r} should be a number")
            return None

    # --- sheets ----------------------------------------------------------------------------

    def codes(self, sheet: str, rows: list[tuple[Any, ...]]) -> list[CodeSpec]:
        header = self.header(sheet, rows, CODE_HEADERS, codes=True)
        if header is None:
            return []
        roots: list[CodeSpec] = []
        nodes: dict[tuple[str, ...], CodeSpec] = {}
        defined: dict[tuple[str, ...], int] = {}
        context: list[str] = []
        level_columns = [header.levels[n] for n in sorted(header.levels)]
        for offset, row in enumerate(rows[header.row :]):
            number = header.row + offset + 1
            if _empty(row):
                continue
            path = self.path(sheet, number, row, header, level_columns, context)
            if path is None:
                continue
            if path in defined:
                self.problem(
                    _sheet_where(sheet, number),
                    f"code {' > '.join(path)!r} is listed twice (first on row {defined[path]})",
                )
                continue
            location = _sheet_where(sheet, number)
            for depth in range(1, len(path) + 1):
                prefix = path[:depth]
                if prefix not in nodes:
                    node = CodeSpec(name=prefix[-1], location=location)
                    nodes[prefix] = node
                    parent = nodes[prefix[:-1]].children if depth > 1 else roots
                    parent.append(node)
            self.fill(nodes[path], row, header, sheet, number)
            nodes[path].location = location
            defined[path] = number
            context = list(path)
        return roots

    def path(
        self,
        sheet: str,
        number: int,
        row: Sequence[Any],
        header: _Header,
        level_columns: list[int],
        context: list[str],
    ) -> tuple[str, ...] | None:
        if "path" in header.fields and not level_columns:
            raw = _text(self.cell(row, header, "path")).strip()
            where = self.where(sheet, number, header, "path")
            if not raw:
                self.problem(where, "the path is empty")
                return None
            separator = re.compile(r"[>＞]") if re.search(r"[>＞]", raw) else re.compile(r"[/／]")
            parts = tuple(p.strip() for p in separator.split(raw))
            if len(parts) > MAX_LEVELS:
                self.problem(
                    where, f"a path of {len(parts)} levels; a codebook has at most {MAX_LEVELS}"
                )
                return None
            if not all(parts):
                self.problem(where, f"path {raw!r} has an empty name in it")
                return None
            return parts
        cells = [_text(row[c]).strip() if c < len(row) else "" for c in level_columns]
        filled = [i for i, text in enumerate(cells) if text]
        if not filled:
            self.problem(_sheet_where(sheet, number), "no code name in the level columns")
            return None
        names: list[str] = []
        for i in range(filled[-1] + 1):
            if cells[i]:
                names.append(cells[i])
            elif i < len(context):
                names.append(context[i])
            else:
                self.problem(
                    _sheet_where(sheet, number, level_columns[i], header.names[level_columns[i]]),
                    f"level {i + 1} is empty and no row above gives it",
                )
                return None
        return tuple(names)

    def fill(
        self, code: CodeSpec, row: Sequence[Any], header: _Header, sheet: str, number: int
    ) -> None:
        def text(name: str) -> str:
            return _text(self.cell(row, header, name))

        code.name_en = text("name_en").strip() or None
        code.definition = text("definition")
        code.include = text("include")
        code.exclude = text("exclude")
        examples = text("examples")
        if "\n" in examples:
            code.examples = [e.strip() for e in examples.splitlines() if e.strip()]
        else:
            code.examples = [e.strip() for e in examples.split("；") if e.strip()]
        code.keywords = [k.strip() for k in KEYWORD_SEPARATORS.split(text("keywords")) if k.strip()]
        color = text("color").strip()
        if color and not color.startswith("#") and COLOR.match(f"#{color}"):
            color = f"#{color}"
        code.color = color or "#888888"
        code.color_given = bool(color)
        code.key = text("key").strip() or None
        code.guid = text("guid").strip() or None
        code.retired = self.flag(
            self.cell(row, header, "retired"), self.where(sheet, number, header, "retired")
        )

    def variables(self, sheet: str, rows: list[tuple[Any, ...]]) -> list[VariableSpec]:
        header = self.header(sheet, rows, VARIABLE_HEADERS, codes=False)
        if header is None:
            return []
        if "name" not in header.fields:
            self.problem(_sheet_where(sheet, header.row), "no 'name' (变量名) column")
            return []
        out: list[VariableSpec] = []
        for offset, row in enumerate(rows[header.row :]):
            number = header.row + offset + 1
            if _empty(row):
                continue

            def text(name: str, row: Sequence[Any] = row) -> str:
                return _text(self.cell(row, header, name))

            def where(name: str, number: int = number) -> str:
                return self.where(sheet, number, header, name)

            name = text("name").strip()
            if not name:
                if not out:
                    self.problem(
                        _sheet_where(sheet, number), "an allowed value with no variable above it"
                    )
                    continue
                for other in header.fields:
                    if other not in ("value", "value_label", "value_label_en") and text(other):
                        self.problem(
                            where(other),
                            "this belongs on the variable's own row (the name cell is empty)",
                        )
                self.choice(out[-1], row, header, sheet, number)
                continue
            raw_type = text("type").strip()
            level = CHINESE_TYPES.get(raw_type, raw_type.lower())
            if not level:
                self.problem(where("type"), f"a variable needs a type: one of {', '.join(LEVELS)}")
            variable = VariableSpec(
                name=name,
                level=level,
                label=text("label"),
                label_en=text("label_en").strip() or None,
                description=text("description"),
                guid=text("guid").strip() or None,
                required=self.flag(self.cell(row, header, "required"), where("required")),
                minimum=self.number(self.cell(row, header, "minimum"), where("minimum")),
                maximum=self.number(self.cell(row, header, "maximum"), where("maximum")),
                retired=self.flag(self.cell(row, header, "retired"), where("retired")),
                location=_sheet_where(sheet, number),
            )
            for line in text("values").splitlines():
                if line.strip():
                    value, _, label = line.partition("=")
                    variable.values.append(ChoiceSpec(value.strip(), label.strip()))
            self.choice(variable, row, header, sheet, number)
            out.append(variable)
        return out

    def choice(
        self, variable: VariableSpec, row: Sequence[Any], header: _Header, sheet: str, number: int
    ) -> None:
        value = _text(self.cell(row, header, "value")).strip()
        label = _text(self.cell(row, header, "value_label"))
        label_en = _text(self.cell(row, header, "value_label_en")).strip() or None
        if value:
            variable.values.append(ChoiceSpec(value, label, label_en))
        elif label or label_en:
            self.problem(
                self.where(sheet, number, header, "value"), "a value label without its value"
            )

    def codebook(self, sheet: str, rows: list[tuple[Any, ...]], spec: CodebookSpec) -> None:
        for offset, row in enumerate(rows):
            number = offset + 1
            if _empty(row):
                continue
            key = _norm(row[0]) if row else ""
            value = row[1] if len(row) > 1 else None
            if key in ("field", "字段", "项目") and offset == 0:
                continue  # the header row
            name = CODEBOOK_FIELDS.get(key)
            where = _sheet_where(sheet, number, 0, _text(row[0]))
            if name is None:
                self.problem(
                    where,
                    f"unknown field {_text(row[0])!r} (known: name, description, "
                    "description_en, version, codable_groups)",
                )
            elif name == "version":
                version = self.number(value, _sheet_where(sheet, number, 1))
                if version is not None:
                    if version.is_integer() and version >= 1:
                        spec.version = int(version)
                    else:
                        self.problem(_sheet_where(sheet, number, 1), "a version is a whole number")
            elif name == "codable_groups":
                spec.codable_groups = self.flag(value, _sheet_where(sheet, number, 1))
            elif name == "description_en":
                spec.description_en = _text(value) or None
            else:
                setattr(spec, name, _text(value))


def _find_sheet(names: list[str], wanted: tuple[str, ...]) -> str | None:
    for name in names:
        if _norm(name) in wanted:
            return name
    return None


def read_codebook_excel(path: Path) -> CodebookSpec:
    """Read a codebook workbook (.xlsx); CodebookError names every problem and where it is."""
    try:
        check_zip(path, CODEBOOK_ZIP_LIMITS, str(path))  # before openpyxl inflates anything
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except InputRefused as exc:
        raise CodebookError(str(path), [Problem(exc.location or "file", exc.message)]) from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CodebookError(
            str(path), [Problem("file", f"not an Excel workbook (.xlsx) ({exc})")]
        ) from exc
    except OSError as exc:
        raise CodebookError(str(path), [Problem("file", exc.strerror or str(exc))]) from exc
    except Exception as exc:  # a damaged workbook: openpyxl, zipfile, zlib and lxml errors
        raise CodebookError(
            str(path), [Problem("file", f"a damaged Excel workbook ({type(exc).__name__}: {exc})")]
        ) from exc
    try:
        sheets: dict[str, list[tuple[Any, ...]]] = {}
        for worksheet in workbook.worksheets:  # chart sheets have no cells
            # Within the limits, the declared size checked and then set aside (some writers
            # record a wrong one, which read-only mode would trust).
            sheets[worksheet.title] = [
                values for _, values in sheet_rows(worksheet, str(path), CODEBOOK_SHEET_LIMITS)
            ]
        names = list(sheets)
    except InputRefused as exc:
        raise CodebookError(str(path), [Problem(exc.location or "file", exc.message)]) from exc
    except Exception as exc:  # read-only mode reads the sheets lazily: damage shows up here
        raise CodebookError(
            str(path), [Problem("file", f"a damaged Excel workbook ({type(exc).__name__}: {exc})")]
        ) from exc
    finally:
        workbook.close()
    reader = _Reader()
    spec = CodebookSpec()
    codes = _find_sheet(names, CODES_SHEETS)
    variables = _find_sheet(names, VARIABLES_SHEETS)
    info = _find_sheet(names, CODEBOOK_SHEETS)
    if codes is None:
        others = [n for n in names if n not in (variables, info)]
        if not others:
            raise CodebookError(
                str(path), [Problem("workbook", "no sheet of codes (name one 'Codes')")]
            )
        codes = others[0]
    spec.codes = reader.codes(codes, sheets[codes])
    if variables is not None:
        spec.variables = reader.variables(variables, sheets[variables])
    if info is not None:
        reader.codebook(info, sheets[info], spec)
    problems = reader.problems + validate(spec)
    if problems:
        raise CodebookError(str(path), problems)
    return spec


# --- writing ------------------------------------------------------------------------------


def _cell_text(text: str, where: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > CELL_LIMIT:
        raise CodebookError(
            "Excel",
            [Problem(where, f"{len(text)} characters; an Excel cell holds {CELL_LIMIT}")],
        )
    return text


def _examples_cell(examples: list[str]) -> str:
    text = "\n".join(examples)
    # One example with a ； in it would read back as two: a line break marks it as one.
    return f"{text}\n" if len(examples) == 1 and "；" in text else text


def _number(value: float | None) -> float | int | None:
    return int(value) if value is not None and value.is_integer() else value


def _put(sheet: Any, row: int, values: Sequence[Any], where: str) -> None:
    for column, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        if isinstance(value, str):
            value = _cell_text(value, where)
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            # Text, not a formula: a string cell, and for "=…", "+…", "-…", "@…" Excel's quote
            # prefix, so it stays text when someone edits the cell (a rule written "- 不含…").
            cell.data_type = "s"
            cell.quotePrefix = is_formula_like(value)


def _style_header(sheet: Any, widths: Sequence[int]) -> None:
    bold = Font(bold=True)
    for column, width in enumerate(widths, start=1):
        sheet.cell(row=1, column=column).font = bold
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def write_codebook_excel(spec: CodebookSpec, path: Path) -> None:
    """Write the codebook as a workbook in the hand-written layout (see the module doc)."""
    workbook = openpyxl.Workbook()
    codes = workbook.active
    assert codes is not None
    codes.title = "Codes"
    entries = list(walk(spec.codes))
    depth = max((len(p) for p, _ in entries), default=1)
    headers = [f"Level {n}" for n in range(1, depth + 1)] + list(CODE_COLUMNS)
    _put(codes, 1, headers, "sheet 'Codes', row 1")
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, (code_path, code) in enumerate(entries, start=2):
        where = f"sheet 'Codes', code {' > '.join(code_path)!r}"
        levels = list(code_path) + [""] * (depth - len(code_path))
        _put(
            codes,
            number,
            [
                *levels,
                code.name_en or "",
                code.definition,
                code.include,
                code.exclude,
                _examples_cell(code.examples),
                code.color,
                code.key or "",
                "、".join(code.keywords),
                code.guid or "",
                "yes" if code.retired else "",
            ],
            where,
        )
        for column in range(depth + 2, depth + 6):
            codes.cell(row=number, column=column).alignment = wrap
        if COLOR.match(code.color):
            codes.cell(row=number, column=depth + 6).fill = PatternFill(
                "solid", fgColor=code.color[1:].upper()
            )
        codes.cell(row=number, column=depth + 7).number_format = "@"
    _style_header(codes, [16] * depth + [20, 40, 30, 30, 40, 10, 6, 30, 38, 8])

    variables = workbook.create_sheet("Variables")
    _put(variables, 1, VARIABLE_COLUMNS, "sheet 'Variables', row 1")
    number = 2
    for variable in spec.variables:
        where = f"sheet 'Variables', variable {variable.name!r}"
        head = [
            variable.name,
            variable.label,
            variable.label_en or "",
            variable.level,
            "yes" if variable.required else "no",
            _number(variable.minimum),
            _number(variable.maximum),
            variable.description,
            variable.guid or "",
            "yes" if variable.retired else "",
        ]
        choices: list[ChoiceSpec | None] = [*variable.values] or [None]
        for i, choice in enumerate(choices):
            own = head if i == 0 else [""] * len(head)
            extra = [choice.value, choice.label, choice.label_en or ""] if choice else []
            _put(variables, number, [*own, *extra], where)
            number += 1
    _style_header(variables, [16, 20, 20, 10, 9, 9, 9, 40, 38, 8, 14, 16, 16])

    info = workbook.create_sheet("Codebook")
    rows: list[list[Any]] = [
        ["field", "value"],
        ["name", spec.name],
        ["description", spec.description],
        ["description_en", spec.description_en or ""],
        ["version", spec.version],
        ["codable_groups", "yes" if spec.codable_groups else "no"],
    ]
    for number, row in enumerate(rows, start=1):
        _put(info, number, row, f"sheet 'Codebook', row {number}")
    info.cell(row=3, column=2).alignment = wrap
    info.cell(row=4, column=2).alignment = wrap
    _style_header(info, [18, 80])
    with replaced_when_complete(path) as partial:
        workbook.save(partial)

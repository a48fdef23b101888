"""Datasets for SPSS, Stata and R: the coded data as .sav, .dta or .parquet files.

This module owns the statistics-package layout of an export (variable names each package
accepts, variable and value labels, types) and writing it, all or nothing. The rows come from
the query step, exports.rows.ExportQuery, with the same choices as the workbook (coders or the
consensus, article filters, article texts); pyreadstat writes .sav and .dta, polars .parquet.

Two files per export: ``OUT.sav`` (``.dta``, ``.parquet``) with one row per article and coder
(per article for the consensus), and ``OUT_segments.sav`` with one row per segment.

The article file:

- article_id, article_guid, title, outlet, published (a date), author, url, chars, coder,
  status ("done", "todo" or empty), segments (the coder's count); ``text`` with the article
  texts when asked.
- One variable per coding-sheet variable, labelled with its label. Nominal and ordinal
  variables are numbers with value labels: the allowed values themselves when every one is a
  whole number (a 0-4 scale stays 0-4), otherwise 1, 2, ... in the codebook's order (see
  `choice_codes`); a stored value the codebook no longer lists gets the next number, labelled
  with the value. Interval and ratio variables are numbers, date variables dates, text variables
  text. A value that is not what its variable's type needs is left missing and counted.
- Two variables per code, labelled with the code's whole path (组织体系 > 楼栋党小组): its
  presence, 1 or 0, named as the code's column of the workbook's Matrix sheets
  (``c002_building_party_group``), and its count of segments, the same name after ``n_``. A
  code that groups others counts its own segments and those of every code under it, as in the
  Matrix sheets.

The segment file: article_id, article_guid, coder, code (the code's number in tree order, the
number in its ``c002`` name, labelled with its path), code_variable (the code's presence
variable in the article file), code_path, level_1 .. level_N, code_guid, start, end (code points
into the cleaned text, end exclusive), text, memo, segment_guid, created_utc, changed_utc.

Names are ASCII, start with a letter, avoid every package's reserved words, and stay the same
from one export to the next: a coding-sheet variable keeps its own name when that is a valid
one, otherwise it is ``v_`` and an ASCII version of the name and a short hash of it
(``v_f81f24`` for 媒体类型). Stata allows 32 characters (a variable with value labels 28, since
Stata names the label set after the variable), so longer names are cut there, keeping the
``c002`` part that makes each unique. Labels are UTF-8 and cut, with a visible "…", where a
format has a limit: SPSS keeps 256 bytes of a variable label and 120 of a value label, Stata
80 characters of a variable label. Texts longer than an SPSS string (32,767 bytes) are cut with
the workbook's visible mark; Stata (strL) and Parquet keep them whole. Characters no file should
hold (control characters, lone surrogates) are removed, as in the workbook.

Each file's label is the project's name; the SPSS files' documents (SPSS: DISPLAY DOCUMENTS)
hold the About sheet's facts: project, time of export, codebook version, coders, the articles
chosen. Parquet has no labels of its own: the variable and value labels and those facts go
into the file's key-value metadata as JSON under ``articoder.labels``.

Both files are written under temporary names and renamed only when both are complete
(models.safe_write), so a failed or cancelled export leaves no half file and no old file half
replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np

from codebook.spec import path_text
from coding.selection import ExportChoice, ExportError, WriteReport
from exports.rows import (
    ARTICLES,
    LEVEL_PREFIX,
    SEE_ARTICLE,
    SEE_SEGMENTS,
    SEGMENTS,
    CodeColumn,
    ExportQuery,
    VariableColumn,
)
from exports.workbook import check_target
from models.cell_safety import cut_mark, find_unwritable, remove_unwritable
from models.database import ProjectDatabase
from models.progress import Progress
from models.safe_write import replaced_when_complete

# polars and pyreadstat take about half a second to import: each function that needs them
# imports them, so the command line and the window start without them.
if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "PACKAGES",
    "Package",
    "StatsReport",
    "choice_codes",
    "code_variable_names",
    "coding_sheet_names",
    "export_stats",
    "segments_path",
    "variable_names",
]

Kind = Literal["int", "float", "text", "date", "datetime"]
Limit = tuple[int, Literal["bytes", "characters"]]

PROGRESS_EVERY: Final = 500
ELLIPSIS: Final = "…"
# Reserved words of SPSS (any case) and Stata; a name is kept only when it is none of them in
# any package, so that it is the same in every file.
RESERVED: Final = frozenset(
    {"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"}
    | {"_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long"}
    | {"_n", "_pi", "_pred", "_rc", "_skip", "strl", "using"}
)
_VALID_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
COUNT_PREFIX: Final = "n_"
NOTE_BYTES: Final = 80  # an SPSS document line
CHUNK: Final = 20_000  # rows gathered before they become a frame
LABELS_KEY: Final = "articoder.labels"  # the Parquet metadata key


@dataclass(frozen=True)
class Package:
    """What one file format allows: name lengths and the limits of labels and texts."""

    name: str
    suffix: str
    name_limit: int
    labelled_name_limit: int  # Stata names a variable's label set after it, plus a number
    variable_label: Limit | None
    value_label: Limit | None
    string_bytes: int | None
    file_label: Limit | None


SPSS: Final = Package("SPSS", ".sav", 64, 64, (256, "bytes"), (120, "bytes"), 32_767, (64, "bytes"))
STATA: Final = Package(
    "Stata", ".dta", 32, 28, (80, "characters"), (32_000, "bytes"), None, (80, "characters")
)
# Parquet takes the SPSS names (the Matrix sheet's), and limits nothing.
PARQUET: Final = Package("Parquet", ".parquet", 64, 64, None, None, None, None)
PACKAGES: Final = {p.suffix: p for p in (SPSS, STATA, PARQUET)}

_ARTICLE_META: Final[tuple[tuple[str, str, Kind], ...]] = (
    ("article_id", "Article id (articoder show ID)", "int"),
    ("article_guid", "Article GUID", "text"),
    ("title", "Title", "text"),
    ("outlet", "Outlet", "text"),
    ("published", "Date published", "date"),
    ("author", "Author", "text"),
    ("url", "URL", "text"),
    ("chars", "Length of the cleaned text in characters", "int"),
    ("coder", "Coder", "text"),
    ("status", "Coder's status: done, todo, or empty when not assigned", "text"),
    ("segments", "Segments the coder coded in the article", "int"),
)
_TEXT_COLUMN: Final = ("text", "The article's cleaned text", "text")
_MEASURES: Final = {
    "nominal": "nominal",
    "ordinal": "ordinal",
    "interval": "scale",
    "ratio": "scale",
}


# -- the report ------------------------------------------------------------------------------


@dataclass
class StatsReport(WriteReport):
    """What a dataset export wrote: both files, and what the format's limits changed."""

    files: list[str] = field(default_factory=list)
    labels_cut: int = 0
    values_left_missing: int = 0

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form: the workbook's keys, and these."""
        return {
            **super().as_json(),
            "files": list(self.files),
            "labels_cut": self.labels_cut,
            "values_left_missing": self.values_left_missing,
        }


@dataclass
class _Tally:
    unwritable_removed: int = 0
    cut: int = 0
    labels_cut: int = 0
    values_left_missing: int = 0


# -- names -----------------------------------------------------------------------------------


def _cut_name(name: str, limit: int) -> str:
    return name[:limit].rstrip("_")


def code_variable_names(code: CodeColumn, package: Package) -> tuple[str, str]:
    """The code's presence and count variables: c002_name and n_c002_name, cut to the limit."""
    limit = package.name_limit
    return _cut_name(code.column, limit), _cut_name(COUNT_PREFIX + code.column, limit)


def _hashed_name(name: str, limit: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
    base = f"v_{slug}"[: limit - len(digest) - 1].rstrip("_") if slug else "v"
    return f"{base}_{digest}"


def variable_names(
    variables: Sequence[VariableColumn], package: Package, taken: Iterable[str]
) -> list[str]:
    """The coding-sheet variables' names in a package, none of them in `taken` (any case)."""
    used = {t.lower() for t in taken}
    names: list[str] = []
    for variable in variables:
        labelled = bool(variable.choices) and variable.level in ("nominal", "ordinal")
        limit = package.labelled_name_limit if labelled else package.name_limit
        name = variable.name
        candidate = _cut_name(name, limit) if _VALID_NAME.match(name) else ""
        if not candidate or candidate.lower() in RESERVED or candidate.lower() in used:
            candidate = _hashed_name(name, limit)
        number = 1
        while candidate.lower() in used:  # two hashes alike: astronomically rare, but settled
            number += 1
            candidate = f"{_hashed_name(name, limit - len(str(number)))}{number}"
        used.add(candidate.lower())
        names.append(candidate)
    return names


def coding_sheet_names(query: ExportQuery, package: Package) -> list[str]:
    """The coding-sheet variables' names in the article file, in the query's order.

    They avoid the fixed columns (``text`` too, asked for or not, so a variable's name does not
    depend on that choice) and the codes' names.
    """
    fixed = [m[0] for m in (*_ARTICLE_META, _TEXT_COLUMN)]
    taken = fixed + [n for c in query.codes for n in code_variable_names(c, package)]
    return variable_names(query.variables, package, taken)


def choice_codes(variable: VariableColumn) -> dict[str, int]:
    """The numbers a nominal or ordinal variable's allowed values are stored as.

    The values themselves when every one is a whole number (a 0-4 scale stays 0-4), otherwise
    1, 2, ... in the codebook's order.
    """
    values = [value for value, _label, _label_en in variable.choices]
    whole = [_whole_number(v) for v in values]
    if values and all(w is not None for w in whole) and len(set(whole)) == len(whole):
        return {v: int(w) for v, w in zip(values, whole, strict=True) if w is not None}
    return {v: i for i, v in enumerate(values, 1)}


def _whole_number(value: str) -> int | None:
    try:
        number = int(value.strip())
    except ValueError:
        return None
    # pyreadstat stores value labels as 32-bit integers in Stata.
    return number if -(2**31) < number < 2**31 else None


def segments_path(target: Path) -> Path:
    """The segment file beside the article file: OUT.sav -> OUT_segments.sav."""
    return target.with_name(f"{target.stem}_segments{target.suffix}")


# -- fitting texts and labels ----------------------------------------------------------------


def _fit(text: str, limit: Limit | None) -> tuple[str, bool]:
    """The text within the limit, ending in "…" when it had to be cut; and whether it was."""
    if limit is None:
        return text, False
    amount, unit = limit
    if unit == "characters":
        if len(text) <= amount:
            return text, False
        return text[: amount - 1] + ELLIPSIS, True
    data = text.encode("utf-8")
    if len(data) <= amount:
        return text, False
    room = amount - len(ELLIPSIS.encode("utf-8"))
    return data[:room].decode("utf-8", errors="ignore") + ELLIPSIS, True


class _Texts:
    """Texts made ready for one package: writable characters, cut where strings have a limit."""

    def __init__(self, package: Package, tally: _Tally) -> None:
        self.limit = package.string_bytes
        self.tally = tally

    def __call__(self, value: str | None, see: str = SEE_ARTICLE) -> str | None:
        if value is None:
            return None
        if find_unwritable(value) is not None:
            value = remove_unwritable(value)
            self.tally.unwritable_removed += 1
        # A code point takes at most 4 bytes: only long texts need counting.
        if self.limit is not None and len(value) * 4 > self.limit:
            data = value.encode("utf-8")
            if len(data) > self.limit:
                mark = cut_mark(len(value), see)
                room = self.limit - len(mark.encode("utf-8"))
                value = data[:room].decode("utf-8", errors="ignore") + mark
                self.tally.cut += 1
        return value

    def label(self, text: str, limit: Limit | None) -> str:
        fitted, was_cut = _fit(remove_unwritable(text), limit)
        self.tally.labels_cut += was_cut
        return fitted


# -- datasets --------------------------------------------------------------------------------


def _dtypes() -> dict[Kind, Any]:
    import polars as pl

    return {
        "int": pl.Int32,
        "float": pl.Float64,
        "text": pl.String,
        "date": pl.Date,
        "datetime": pl.Datetime("us"),
    }


@dataclass
class _Column:
    """A variable of a dataset: what the file says about it (its values are in the frame)."""

    name: str
    label: str | None
    kind: Kind
    value_labels: dict[int, str] = field(default_factory=dict)
    measure: str | None = None


@dataclass
class _Dataset:
    columns: list[_Column]
    frame: pl.DataFrame


class _Frames:
    """Rows gathered into typed polars frames every CHUNK rows.

    Python tuples of strings and dates take several times the memory of the same data in
    columns; turning them into a frame every few thousand rows keeps one chunk of them alive.
    """

    def __init__(self, schema: Sequence[tuple[str, Kind]]) -> None:
        dtypes = _dtypes()
        self.schema = {name: dtypes[kind] for name, kind in schema}
        self.rows: list[tuple[Any, ...]] = []
        self.frames: list[pl.DataFrame] = []

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        import polars as pl

        if self.rows:
            self.frames.append(pl.DataFrame(self.rows, schema=self.schema, orient="row"))
            self.rows = []

    def frame(self) -> pl.DataFrame:
        import polars as pl

        self.flush()
        if not self.frames:
            return pl.DataFrame(schema=self.schema)
        return pl.concat(self.frames, how="vertical", rechunk=False)


class _Variable:
    """A coding-sheet variable's conversion of stored texts, and the value labels it found."""

    def __init__(self, variable: VariableColumn, name: str, texts: _Texts, tally: _Tally) -> None:
        self.variable = variable
        self.name = name
        self.value_labels: dict[int, str] = {}
        self.tally = tally
        level = variable.level
        self.convert: Callable[[str], Any]
        if level in ("nominal", "ordinal") and variable.choices:
            self.kind: Kind = "int"
            self.codes = choice_codes(variable)
            for value, label, label_en in variable.choices:
                self.value_labels[self.codes[value]] = label or label_en or value
            self.convert = self._code
        elif level in ("interval", "ratio"):
            self.kind = "float"
            self.convert = self._number
        elif level == "date":
            self.kind = "date"
            self.convert = self._date
        else:
            self.kind = "text"
            self.convert = texts

    def cell(self, value: str | None) -> Any:
        return None if value is None or value == "" else self.convert(value)

    def _code(self, value: str) -> int:
        code = self.codes.get(value)
        if code is None:
            # A value the codebook no longer lists keeps a number of its own, after the others.
            whole = _whole_number(value)
            taken = self.value_labels
            code = whole if whole is not None and whole not in taken else max(taken, default=0) + 1
            self.codes[value] = code
            self.value_labels[code] = value
        return code

    def _number(self, value: str) -> float | None:
        try:
            return float(value)
        except ValueError:
            self.tally.values_left_missing += 1
            return None

    def _date(self, value: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.tally.values_left_missing += 1
            return None

    def column(self, texts: _Texts, package: Package) -> _Column:
        v = self.variable
        labels = {k: texts.label(t, package.value_label) for k, t in self.value_labels.items()}
        return _Column(
            self.name,
            texts.label(v.label or v.label_en or v.name, package.variable_label),
            self.kind,
            labels,
            _MEASURES.get(v.level) if self.kind != "text" else None,
        )


def _article_dataset(
    query: ExportQuery, package: Package, texts: _Texts, tally: _Tally, progress: Progress
) -> _Dataset:
    import polars as pl

    meta = list(_ARTICLE_META) + ([_TEXT_COLUMN] if query.choice.include_text else [])
    code_names = [code_variable_names(c, package) for c in query.codes]
    slots = [
        _Variable(v, name, texts, tally)
        for v, name in zip(query.variables, coding_sheet_names(query, package), strict=True)
    ]
    frames = _Frames([(m[0], m[2]) for m in meta] + [(s.name, s.kind) for s in slots])
    include_text = query.choice.include_text
    units: list[tuple[int, str]] = []
    for a in query.articles():
        row: tuple[Any, ...] = (
            a.article_id,
            a.article_guid,
            texts(a.title),
            texts(a.outlet),
            a.published,
            texts(a.author),
            texts(a.url),
            a.chars,
            a.coder,
            a.status or None,
            a.segments,
        )
        if include_text:
            row = (*row, texts(a.text))
        frames.add((*row, *(slot.cell(value) for slot, value in zip(slots, a.values, strict=True))))
        units.append((a.article_id, a.coder))
        if len(units) % PROGRESS_EVERY == 0:
            progress.step(PROGRESS_EVERY, ARTICLES)
    progress.step(len(units) % PROGRESS_EVERY, ARTICLES)

    # The counts of each code, one int32 row per code, in the order of the Articles pass
    # (both passes walk the same units()).
    counts = np.zeros((len(query.codes), len(units)), dtype=np.int32)
    matched = 0
    for index, m in enumerate(query.matrix()):
        if index >= len(units) or units[index] != (m.article_id, m.coder):
            raise RuntimeError("the Matrix rows do not follow the Articles rows")
        counts[:, index] = m.counts
        matched += 1
        if matched % PROGRESS_EVERY == 0:
            progress.step(PROGRESS_EVERY, "Matrix")
    progress.step(matched % PROGRESS_EVERY, "Matrix")
    if matched != len(units):
        raise RuntimeError("the Matrix rows do not follow the Articles rows")

    columns = [_Column(name, label, kind) for name, label, kind in meta]
    columns.extend(slot.column(texts, package) for slot in slots)
    series: list[pl.Series] = []
    for code, (presence, count), row_counts in zip(query.codes, code_names, counts, strict=True):
        label = path_text(code.path)
        columns.append(
            _Column(presence, texts.label(label, package.variable_label), "int", measure="nominal")
        )
        columns.append(
            _Column(
                count, texts.label(f"{label} (n)", package.variable_label), "int", measure="scale"
            )
        )
        series.append(pl.Series(presence, (row_counts > 0).astype(np.int32), dtype=pl.Int32))
        series.append(pl.Series(count, row_counts, dtype=pl.Int32))
    return _Dataset(columns, frames.frame().hstack(series))


_SEGMENT_COLUMNS: Final[tuple[tuple[str, str, Kind], ...]] = (
    ("article_id", "Article id (articoder show ID)", "int"),
    ("article_guid", "Article GUID", "text"),
    ("coder", "Coder", "text"),
    ("code", "Code: its number in tree order, as in its c### variable name", "int"),
    ("code_variable", "The code's presence variable in the article file", "text"),
    ("code_path", "Code path", "text"),
    # level_1 .. level_N go here
    ("code_guid", "Code GUID", "text"),
    ("start", "Start: characters (code points) into the cleaned text", "int"),
    ("end", "End: characters into the cleaned text, exclusive", "int"),
    ("text", "Coded text", "text"),
    ("memo", "Memo", "text"),
    ("segment_guid", "Segment GUID", "text"),
    ("created_utc", "Created (UTC)", "datetime"),
    ("changed_utc", "Last changed (UTC)", "datetime"),
    ("provenance", "Made by: human, or machine accepted (model version)", "text"),
)


def _segment_dataset(
    query: ExportQuery, package: Package, texts: _Texts, progress: Progress
) -> _Dataset:
    import polars as pl

    levels: list[tuple[str, str, Kind]] = [
        (f"{LEVEL_PREFIX}{i}", f"Code path, level {i}", "text") for i in range(1, query.depth + 1)
    ]
    described = [*_SEGMENT_COLUMNS[:6], *levels, *_SEGMENT_COLUMNS[6:]]
    # What the database gives per segment; the code's columns are joined on afterwards.
    frames = _Frames(
        [
            ("article_id", "int"),
            ("article_guid", "text"),
            ("coder", "text"),
            ("code_id", "int"),
            ("start", "int"),
            ("end", "int"),
            ("text", "text"),
            ("memo", "text"),
            ("segment_guid", "text"),
            ("created_utc", "datetime"),
            ("changed_utc", "datetime"),
            ("provenance", "text"),
        ]
    )
    provenance = query.provenance
    done = 0
    for r in query.segment_records(progress):
        frames.add(
            (
                r[0],
                r[1],
                r[5],
                r[6],
                r[7],
                r[8],
                texts(r[9], SEE_SEGMENTS),
                texts(r[10] or None, SEE_SEGMENTS),
                r[11],
                r[12],
                r[13],
                provenance(r[14]),
            )
        )
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress.step(PROGRESS_EVERY, SEGMENTS)
    progress.step(done % PROGRESS_EVERY, SEGMENTS)

    depth = query.depth
    code_table = pl.DataFrame(
        [
            (
                c.id,
                number,
                code_variable_names(c, package)[0],
                path_text(c.path),
                *c.path,
                *((None,) * (depth - len(c.path))),
                c.guid,
            )
            for number, c in enumerate(query.codes, 1)
        ],
        schema={
            "code_id": pl.Int32,
            "code": pl.Int32,
            "code_variable": pl.String,
            "code_path": pl.String,
            **{name: pl.String for name, _label, _kind in levels},
            "code_guid": pl.String,
        },
        orient="row",
    )
    names = [name for name, _label, _kind in described]
    frame = (
        frames.frame()
        .join(code_table, on="code_id", how="left", maintain_order="left")
        # Whole seconds, as in the workbook: what SPSS and Stata times hold exactly.
        .with_columns(pl.col("created_utc", "changed_utc").dt.truncate("1s"))
        .select(names)
    )
    code_labels = {
        number: texts.label(path_text(c.path), package.value_label)
        for number, c in enumerate(query.codes, 1)
    }
    columns = [
        _Column(
            name,
            texts.label(label, package.variable_label),
            kind,
            code_labels if name == "code" else {},
            "nominal" if name == "code" else None,
        )
        for name, label, kind in described
    ]
    return _Dataset(columns, frame)


# -- writing ---------------------------------------------------------------------------------


def _settle_stata_label_sets(dataset: _Dataset) -> None:
    """Rename a labelled variable whose Stata label set would take another's name.

    pyreadstat names each label set after its variable plus a running number (q2 + 11 and
    q21 + 1 are both q211); two alike would give one variable the other's labels.
    """
    seen: set[str] = set()
    names = {c.name.lower() for c in dataset.columns}
    labelled = [c for c in dataset.columns if c.value_labels]
    for number, column in enumerate(labelled):
        while f"{column.name}{number}" in seen:
            renamed = _hashed_name(column.name, STATA.labelled_name_limit)
            while renamed.lower() in names:
                renamed = _hashed_name(renamed, STATA.labelled_name_limit)
            dataset.frame = dataset.frame.rename({column.name: renamed})
            names.add(renamed.lower())
            column.name = renamed
        seen.add(f"{column.name}{number}")


def _write(
    dataset: _Dataset, path: Path, package: Package, file_label: str, notes: list[str]
) -> None:
    import polars as pl
    import pyreadstat

    if package is STATA:
        _settle_stata_label_sets(dataset)
        # Stata's missing text is "" anyway; and pyreadstat registers a missing value of a
        # long-text (strL) column as the text "None", then refuses the file for never using it.
        dataset.frame = dataset.frame.with_columns(pl.col(pl.String).fill_null(""))
    frame = dataset.frame
    labels = [c.label for c in dataset.columns]
    value_labels: dict[str, dict[int | float, str]] = {
        c.name: {k: v for k, v in c.value_labels.items()} for c in dataset.columns if c.value_labels
    }
    if package is SPSS:
        pyreadstat.write_sav(
            frame,
            path,
            file_label=file_label,
            column_labels=labels,
            # Byte-code compression: every SPSS version reads it, and fixed-width strings
            # (a segment's text is as wide as the longest) shrink several times.
            row_compress=True,
            note=notes,
            variable_value_labels=value_labels,
            variable_measure={c.name: c.measure for c in dataset.columns if c.measure},
        )
    elif package is STATA:
        pyreadstat.write_dta(
            frame,
            path,
            file_label=file_label,
            column_labels=labels,
            variable_value_labels=value_labels,
        )
    else:
        document = {
            "file": file_label,
            "notes": notes,
            "variable_labels": {c.name: c.label for c in dataset.columns if c.label},
            "value_labels": {
                name: {str(k): v for k, v in labels_.items()}
                for name, labels_ in value_labels.items()
            },
        }
        frame.write_parquet(path, metadata={LABELS_KEY: json.dumps(document, ensure_ascii=False)})


def _notes(query: ExportQuery) -> list[str]:
    """The About sheet's facts as SPSS document lines, which hold 80 bytes each."""
    lines: list[str] = []
    for item, value in query.about():
        text = remove_unwritable(f"{item}: {value}")
        while text:
            piece = text.encode("utf-8")[:NOTE_BYTES].decode("utf-8", errors="ignore")
            lines.append(piece)
            text = text[len(piece) :]
    return lines


def export_stats(
    database: ProjectDatabase,
    path: Path,
    choice: ExportChoice | None = None,
    *,
    progress: Progress | None = None,
) -> StatsReport:
    """Export the coded data as OUT.sav / .dta / .parquet and OUT_segments beside it.

    The format comes from the file's extension (`PACKAGES`); see the module docstring for the
    layout. ExportError when the format, a coder or the target is wrong, or a file cannot be
    written; Cancelled when `progress` is cancelled (nothing is written then).
    """
    import pyreadstat

    target = check_target(Path(path))
    package = PACKAGES.get(target.suffix.lower())
    if package is None:
        known = ", ".join(PACKAGES)
        raise ExportError(f"{target}: not a dataset format articoder writes; use {known}")
    second = check_target(segments_path(target))
    progress = progress or Progress()
    query = ExportQuery(database, choice)
    units = len(query.units())
    progress.start(2 * units + query.count_segments(), f"writing {package.name} files")
    tally = _Tally()
    texts = _Texts(package, tally)
    articles = _article_dataset(query, package, texts, tally, progress)
    segments = _segment_dataset(query, package, texts, progress)
    progress.check()
    project = _fit(remove_unwritable(query.project_name), package.file_label)[0]
    notes = _notes(query)
    try:
        with replaced_when_complete(target) as first, replaced_when_complete(second) as other:
            _write(articles, first, package, project, notes)
            _write(segments, other, package, project, notes)
            progress.check()
    except OSError as exc:
        raise ExportError(f"{target}: cannot be written ({exc.strerror or exc})") from exc
    except (pyreadstat.PyreadstatError, pyreadstat.ReadstatError) as exc:
        raise ExportError(f"{target}: cannot be written ({exc})") from exc
    return StatsReport(
        str(target),
        {ARTICLES: articles.frame.height, SEGMENTS: segments.frame.height},
        tally.unwritable_removed,
        tally.cut,
        0,
        files=[str(target), str(second)],
        labels_cut=tally.labels_cut,
        values_left_missing=tally.values_left_missing,
    )

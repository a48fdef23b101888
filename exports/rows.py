"""The query step of every export: the project read into plain rows, and the sheets' layouts.

`ExportQuery` resolves the user's choices once (which coders or the consensus, which articles)
and then streams rows (`segments()`, `articles()`, `matrix()`, `values()`) from the database in
batches, so 100,000 segments never sit in memory at once. The `*_sheet` functions turn those
rows into `Sheet`s (named columns and rows of plain cell values) that the pure writers
(exports.workbook, exports.csv_files) write without knowing about the database, and that
exports.codings_import reads back by the same column names.

Choices:

- Coders: by name (`ExportChoice.coders`), or every coder except the consensus coder.
- Consensus: there is no consensus table; the consensus is the work of one reserved coder, the
  coder named by the project setting ``consensus_coder`` (default ``"consensus"``). Curation
  writes consensus codings as that coder. ``ExportChoice(consensus=True)`` exports that coder
  alone, which gives one row per article.
- Articles: by id, by the status of the row's coder (``done`` or ``todo``), by being in one
  coder's queue (``assigned_to``), and by holding a search term (in either script).

The unit of the Articles and Matrix sheets is an (article, coder) pair the coder worked on: the
coder marked the article done, or stored at least one segment or value in it. An article a
coder has not touched gets no row for that coder (missing, not zero).

Layouts (header names are part of the file format; exports.codings_import reads them):

- Segments: article_id, article_guid, title, outlet, published, coder, code (the path,
  "组织体系 > 楼栋党小组"), level_1 .. level_N (the path split, N the codebook's depth),
  code_guid, start, end (code points into the cleaned text, end exclusive), text, memo,
  segment_guid, created_utc, changed_utc, provenance ("human", or "machine accepted (MODEL
  VERSION)" for a segment a coder made by accepting a machine suggestion, models.suggestions;
  pending or rejected suggestions are not segments and are in no sheet). Values are always
  "human": a suggestion proposes codes only, never a variable's value.
- Articles: article_id, article_guid, title, outlet, published, author, url, chars, coder,
  status, segments (the coder's count), then one column per variable, named as the variable
  (``variable:NAME`` when the name is one of these columns), and ``text`` with
  `include_text`. Interval and ratio values are numbers, dates are dates.
- Matrix counts / Matrix presence: article_id, article_guid, coder, then one column per code:
  segments counted, or 1/0 for present/absent. A code that groups others counts its own
  segments and those of every code under it. Column names are valid SPSS and R names: ``c`` and
  the code's number in tree order, then the English name if the code has one, in ASCII
  (``c002_building_party_group``), at most 64 characters; the Codebook sheet maps each to the
  code's path and GUID.
- Codebook: one row per code; Variables: one row per allowed value (or per variable).
- Agreement, Disagreements: whatever plain rows the caller passes (`table_sheet`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, exists, func, select, union

from codebook.spec import path_text
from coding.selection import (
    CONSENSUS_SETTING,
    DEFAULT_CONSENSUS_CODER,
    CoderRef,
    ExportChoice,
    ExportError,
    choose_coders,
    coder_names,
)
from corpus.script import fold
from models.database import ProjectDatabase
from models.entities import (
    Article,
    Assignment,
    Code,
    Coder,
    ProjectInfo,
    Segment,
    Variable,
    VariableValue,
    utcnow,
)
from models.progress import Progress
from models.suggestions import Suggestion

CellValue = str | int | float | bool | dt.date | dt.datetime | None

STATUSES = ("done", "todo")
# Rows are read in batches this big: enough to keep the database busy, small in memory.
BATCH = 2_000
ARTICLE_CHUNK = 400

SEGMENTS = "Segments"
ARTICLES = "Articles"
MATRIX_COUNTS = "Matrix counts"
MATRIX_PRESENCE = "Matrix presence"
CODEBOOK = "Codebook"
VARIABLES = "Variables"
AGREEMENT = "Agreement"
DISAGREEMENTS = "Disagreements"
ABOUT = "About"
DATA_SHEETS = (ARTICLES, SEGMENTS, MATRIX_COUNTS, MATRIX_PRESENCE, CODEBOOK, VARIABLES)

ARTICLE_META = (
    "article_id",
    "article_guid",
    "title",
    "outlet",
    "published",
    "author",
    "url",
    "chars",
    "coder",
    "status",
    "segments",
)
ARTICLE_TEXT = "text"
VARIABLE_PREFIX = "variable:"
LEVEL_PREFIX = "level_"
SEGMENT_HEAD = ("article_id", "article_guid", "title", "outlet", "published", "coder", "code")
SEGMENT_TAIL = (
    "code_guid",
    "start",
    "end",
    "text",
    "memo",
    "segment_guid",
    "created_utc",
    "changed_utc",
)
# The Segments sheet's last column: who made a segment (see `provenance`).
PROVENANCE = "provenance"
HUMAN = "human"
MATRIX_HEAD = ("article_id", "article_guid", "coder")
MATRIX_NAME_LIMIT = 64

# Where the whole of a cut text can be read; it goes into the cut mark.
SEE_ARTICLE = "articoder show"
SEE_SEGMENTS = "articoder segments --json"
SEE_VALUES = "articoder values --json"


# -- plain rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeColumn:
    """A code of the codebook, with its Matrix column."""

    id: int
    guid: str
    path: tuple[str, ...]
    column: str
    name_en: str | None
    color: str
    key: str | None
    definition: str
    include: str
    exclude: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...]
    retired: bool
    counted: tuple[int, ...]  # the code ids its Matrix column counts: itself and all below


@dataclass(frozen=True)
class VariableColumn:
    """A variable of the coding sheet, with its Articles column header."""

    id: int
    guid: str
    name: str
    header: str
    label: str
    label_en: str | None
    level: str
    required: bool
    minimum: float | None
    maximum: float | None
    choices: tuple[tuple[str, str, str | None], ...]  # (value, label, label_en)
    retired: bool
    description: str


class SegmentRow(NamedTuple):
    """One coded segment."""

    article_id: int
    article_guid: str
    title: str
    outlet: str | None
    published: dt.date | None
    coder: str
    code: tuple[str, ...]
    code_guid: str
    start: int
    end: int
    text: str
    memo: str
    guid: str
    created: dt.datetime
    changed: dt.datetime
    provenance: str = HUMAN

    def as_json(self) -> dict[str, Any]:
        """The `articoder segments --json` form."""
        return {
            "article": self.article_id,
            "coder": self.coder,
            "code": path_text(self.code),
            "code_guid": self.code_guid,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "memo": self.memo,
        }


class ArticleRow(NamedTuple):
    """One article as one coder coded it."""

    article_id: int
    article_guid: str
    title: str
    outlet: str | None
    published: dt.date | None
    author: str | None
    url: str | None
    chars: int
    coder: str
    status: str  # "done", "todo" or "" (not assigned)
    segments: int
    values: tuple[str | None, ...]  # in the order of ExportQuery.variables
    text: str | None  # the cleaned text, with include_text


class MatrixRow(NamedTuple):
    """One article and coder: segments per Matrix column."""

    article_id: int
    article_guid: str
    coder: str
    counts: tuple[int, ...]


class ValueRow(NamedTuple):
    """One stored variable value."""

    article: int
    coder: str
    variable: str
    value: str

    def as_json(self) -> dict[str, Any]:
        """The `articoder values --json` form."""
        return self._asdict()


# -- naming ----------------------------------------------------------------------------------


def matrix_column_name(number: int, width: int, name_en: str | None) -> str:
    """A valid SPSS/R variable name for a code: c007 or c007_english_name (<= 64 ASCII)."""
    base = f"c{number:0{width}d}"
    slug = re.sub(r"[^a-z0-9]+", "_", (name_en or "").lower()).strip("_")
    if not slug:
        return base
    return f"{base}_{slug}"[:MATRIX_NAME_LIMIT].rstrip("_")


def variable_header(name: str) -> str:
    """The Articles column of a variable: its name, prefixed when that is a fixed column."""
    if name in {*ARTICLE_META, ARTICLE_TEXT} or name.startswith(VARIABLE_PREFIX):
        return f"{VARIABLE_PREFIX}{name}"
    return name


def _version() -> str:
    try:
        return metadata.version("articoder")
    except metadata.PackageNotFoundError:
        return "unknown"


def _number_or_text(value: str) -> CellValue:
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _date_or_text(value: str) -> CellValue:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value


# -- the query -------------------------------------------------------------------------------


class ExportQuery:
    """One export's view of a project: the choices resolved, and the rows streamed."""

    def __init__(self, database: ProjectDatabase, choice: ExportChoice | None = None) -> None:
        """Resolve the choices; ExportError when a coder or a status is unknown."""
        self.database = database
        self.choice = choice or ExportChoice()
        self.exported_at = utcnow().replace(microsecond=0)
        self._units: list[tuple[int, int]] | None = None
        self._machine_accepted: dict[int, str] | None = None
        status = self.choice.articles.status
        if status is not None and status not in STATUSES:
            raise ExportError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        with database.session() as session:
            info = session.scalars(select(ProjectInfo)).one()
            self.project_name = info.name
            self.project_guid = info.guid
            self.codebook_version = info.codebook_version
            settings = dict(info.settings or {})
            self.consensus_name = str(settings.get(CONSENSUS_SETTING) or DEFAULT_CONSENSUS_CODER)
            coders = [
                CoderRef(int(i), str(g), str(n))
                for i, g, n in session.execute(
                    select(Coder.id, Coder.guid, Coder.name).order_by(Coder.name)
                )
            ]
            self.coders = self._choose_coders(coders)
            by_name = {c.name: c for c in coders}
            self._assigned_to: int | None = None
            if self.choice.articles.assigned_to is not None:
                name = self.choice.articles.assigned_to
                if name not in by_name:
                    raise ExportError(
                        f"no coder named {name!r} (assigned-to); {coder_names(coders)}"
                    )
                self._assigned_to = by_name[name].id
            self.codes = self._load_codes(list(session.scalars(select(Code))))
            variables = session.scalars(select(Variable).order_by(Variable.position, Variable.id))
            self.variables = [
                VariableColumn(
                    v.id,
                    v.guid,
                    v.name,
                    variable_header(v.name),
                    v.label,
                    v.label_en,
                    v.level,
                    v.required,
                    v.minimum,
                    v.maximum,
                    tuple((c.value, c.label, c.label_en) for c in v.choices),
                    v.retired,
                    v.description,
                )
                for v in variables
            ]
        self.depth = max((len(c.path) for c in self.codes), default=1)
        self._coder_ids = [c.id for c in self.coders]
        self._coder_rank = {c.id: i for i, c in enumerate(self.coders)}
        self._coder_name = {c.id: c.name for c in self.coders}
        self._allowed = self._allowed_articles()

    # -- resolving choices --------------------------------------------------------------------

    def _choose_coders(self, coders: list[CoderRef]) -> list[CoderRef]:
        return choose_coders(coders, self.choice, self.consensus_name)

    def _load_codes(self, codes: list[Code]) -> list[CodeColumn]:
        children: dict[int | None, list[Code]] = {}
        for code in sorted(codes, key=lambda c: (c.position, c.id)):
            children.setdefault(code.parent_id, []).append(code)
        ordered: list[tuple[Code, tuple[str, ...], tuple[int, ...]]] = []

        def visit(parent: int | None, path: tuple[str, ...]) -> list[int]:
            ids: list[int] = []
            for code in children.get(parent, []):
                here = (*path, code.name)
                slot = len(ordered)
                ordered.append((code, here, ()))
                below = visit(code.id, here)
                ordered[slot] = (code, here, (code.id, *below))
                ids.extend((code.id, *below))
            return ids

        visit(None, ())
        width = max(3, len(str(len(ordered))))
        return [
            CodeColumn(
                code.id,
                code.guid,
                path,
                matrix_column_name(number, width, code.name_en),
                code.name_en,
                code.color,
                code.shortcut,
                code.definition,
                code.include_rule,
                code.exclude_rule,
                tuple(str(e) for e in code.examples),
                tuple(str(k) for k in code.keywords),
                code.retired,
                counted,
            )
            for number, (code, path, counted) in enumerate(ordered, 1)
        ]

    def _allowed_articles(self) -> set[int] | None:
        """The article ids the id and search filters allow; None when they allow all."""
        wanted = self.choice.articles
        allowed: set[int] | None = set(wanted.ids) if wanted.ids is not None else None
        if wanted.search is not None and wanted.search.strip():
            folded = fold(wanted.search.strip())
            haystack = func.coalesce(Article.search_text, Article.text)
            # instr and strpos count characters and scan in the database: only ids come back.
            if self.database.dialect == "sqlite":
                condition = func.instr(haystack, folded) > 0
            else:
                condition = func.strpos(haystack, folded) > 0
            with self.database.session() as session:
                found = set(session.scalars(select(Article.id).where(condition)))
            allowed = found if allowed is None else allowed & found
        return allowed

    def _pair_conditions(self, article: Any, coder: Any) -> list[ColumnElement[bool]]:
        """SQL conditions for the status and assignment filters on (article, coder) columns."""
        conditions: list[ColumnElement[bool]] = []
        status = self.choice.articles.status
        if status is not None:
            conditions.append(
                exists().where(
                    Assignment.article_id == article,
                    Assignment.coder_id == coder,
                    Assignment.status == status,
                )
            )
        if self._assigned_to is not None:
            conditions.append(
                exists().where(
                    Assignment.article_id == article,
                    Assignment.coder_id == self._assigned_to,
                    Assignment.assigned.is_(True),
                )
            )
        if self._allowed is not None and len(self._allowed) <= 500:
            conditions.append(article.in_(sorted(self._allowed)))
        return conditions

    # -- what the export holds ----------------------------------------------------------------

    @property
    def consensus(self) -> bool:
        """Whether this export is the consensus (one row per article)."""
        return self.choice.consensus

    def units(self) -> list[tuple[int, int]]:
        """The (article id, coder id) pairs of the Articles and Matrix sheets, in order."""
        if self._units is None:
            sources = union(
                select(Segment.article_id, Segment.coder_id).where(
                    Segment.coder_id.in_(self._coder_ids)
                ),
                select(VariableValue.article_id, VariableValue.coder_id).where(
                    VariableValue.coder_id.in_(self._coder_ids)
                ),
                select(Assignment.article_id, Assignment.coder_id).where(
                    Assignment.coder_id.in_(self._coder_ids), Assignment.status == "done"
                ),
            ).subquery()
            query = select(sources.c.article_id, sources.c.coder_id).where(
                *self._pair_conditions(sources.c.article_id, sources.c.coder_id)
            )
            with self.database.session() as session:
                pairs = [(int(a), int(c)) for a, c in session.execute(query)]
            if self._allowed is not None:
                pairs = [p for p in pairs if p[0] in self._allowed]
            pairs.sort(key=lambda p: (p[0], self._coder_rank[p[1]]))
            self._units = pairs
        return self._units

    def count_segments(self) -> int:
        """How many segments the Segments sheet will hold (at most; for progress)."""
        query = select(func.count(Segment.id)).where(
            Segment.coder_id.in_(self._coder_ids),
            *self._pair_conditions(Segment.article_id, Segment.coder_id),
        )
        with self.database.session() as session:
            return int(session.scalar(query) or 0)

    def segment_records(self, progress: Progress | None = None) -> Iterator[Any]:
        """The chosen segments as database rows, streamed in batches (see `segments`).

        Each row: article id, article GUID, title, outlet, published, coder name, code id,
        start, end, text, memo, segment GUID, created, changed, segment id (for `provenance`).
        """
        query = (
            select(
                Segment.article_id,
                Article.guid,
                Article.title,
                Article.outlet,
                Article.published,
                Coder.name,
                Segment.code_id,
                Segment.start,
                Segment.end,
                Segment.text,
                Segment.memo,
                Segment.guid,
                Segment.created_at,
                Segment.updated_at,
                Segment.id,
            )
            .join(Article, Article.id == Segment.article_id)
            .join(Coder, Coder.id == Segment.coder_id)
            .where(
                Segment.coder_id.in_(self._coder_ids),
                *self._pair_conditions(Segment.article_id, Segment.coder_id),
            )
            .order_by(Segment.article_id, Coder.name, Segment.start, Segment.end, Segment.id)
        )
        allowed = self._allowed
        with self.database.engine.connect() as connection:
            result = connection.execution_options(yield_per=BATCH).execute(query)
            for partition in result.partitions():
                if progress is not None:
                    progress.check()
                if allowed is None:
                    yield from partition
                else:
                    yield from (row for row in partition if row[0] in allowed)

    def machine_accepted(self) -> dict[int, str]:
        """Segment id -> the model version, for segments made by accepting a suggestion.

        Read once per export (a project holds far fewer accepted suggestions than segments), so
        each segment's provenance is a dictionary look-up rather than a join in the stream.
        """
        if self._machine_accepted is None:
            query = select(Suggestion.segment_id, Suggestion.model_version).where(
                Suggestion.state == "accepted", Suggestion.segment_id.is_not(None)
            )
            with self.database.session() as session:
                self._machine_accepted = {
                    int(segment): str(version)
                    for segment, version in session.execute(query)
                    if segment is not None
                }
        return self._machine_accepted

    def provenance(self, segment_id: int) -> str:
        """'human', or 'machine accepted (VERSION)' for an accepted suggestion's segment."""
        version = self.machine_accepted().get(segment_id)
        return HUMAN if version is None else f"machine accepted ({version})"

    def segments(self, progress: Progress | None = None) -> Iterator[SegmentRow]:
        """Every chosen segment, by article, coder, position; streamed in batches."""
        paths = {c.id: (c.path, c.guid) for c in self.codes}
        for row in self.segment_records(progress):
            path, code_guid = paths[row[6]]
            yield SegmentRow(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                path,
                code_guid,
                row[7],
                row[8],
                row[9],
                row[10],
                row[11],
                row[12],
                row[13],
                self.provenance(row[14]),
            )

    def _unit_chunks(self) -> Iterator[tuple[list[int], list[tuple[int, int]]]]:
        """The units in chunks of whole articles: (article ids, units)."""
        units = self.units()
        start = 0
        while start < len(units):
            articles: list[int] = []
            end = start
            while end < len(units) and (
                len(articles) < ARTICLE_CHUNK or units[end][0] == articles[-1]
            ):
                if not articles or articles[-1] != units[end][0]:
                    articles.append(units[end][0])
                end += 1
            yield articles, units[start:end]
            start = end

    def articles(self) -> Iterator[ArticleRow]:
        """One row per unit (article and coder) with metadata, status and variable values."""
        columns: list[Any] = [
            Article.id,
            Article.guid,
            Article.title,
            Article.outlet,
            Article.published,
            Article.author,
            Article.url,
            Article.chars,
        ]
        if self.choice.include_text:
            columns.append(Article.text)
        position = {v.id: i for i, v in enumerate(self.variables)}
        with self.database.engine.connect() as connection:
            for article_ids, units in self._unit_chunks():
                meta: dict[int, Any] = {
                    int(r[0]): r
                    for r in connection.execute(select(*columns).where(Article.id.in_(article_ids)))
                }
                values: dict[tuple[int, int], list[str | None]] = {}
                for a, c, v, value in connection.execute(
                    select(
                        VariableValue.article_id,
                        VariableValue.coder_id,
                        VariableValue.variable_id,
                        VariableValue.value,
                    ).where(
                        VariableValue.article_id.in_(article_ids),
                        VariableValue.coder_id.in_(self._coder_ids),
                    )
                ):
                    row = values.setdefault((a, c), [None] * len(self.variables))
                    row[position[v]] = value
                counts = {
                    (a, c): int(n)
                    for a, c, n in connection.execute(
                        select(Segment.article_id, Segment.coder_id, func.count(Segment.id))
                        .where(
                            Segment.article_id.in_(article_ids),
                            Segment.coder_id.in_(self._coder_ids),
                        )
                        .group_by(Segment.article_id, Segment.coder_id)
                    )
                }
                statuses = {
                    (a, c): str(s)
                    for a, c, s in connection.execute(
                        select(Assignment.article_id, Assignment.coder_id, Assignment.status).where(
                            Assignment.article_id.in_(article_ids),
                            Assignment.coder_id.in_(self._coder_ids),
                        )
                    )
                }
                empty = (None,) * len(self.variables)
                for unit in units:
                    m = meta[unit[0]]
                    found = values.get(unit)
                    yield ArticleRow(
                        unit[0],
                        m[1],
                        m[2],
                        m[3],
                        m[4],
                        m[5],
                        m[6],
                        m[7],
                        self._coder_name[unit[1]],
                        statuses.get(unit, ""),
                        counts.get(unit, 0),
                        tuple(found) if found is not None else empty,
                        m[8] if self.choice.include_text else None,
                    )

    def matrix(self) -> Iterator[MatrixRow]:
        """One row per unit: segments counted per Matrix column (groups count codes below)."""
        slots: dict[int, list[int]] = {}
        for index, code in enumerate(self.codes):
            for code_id in code.counted:
                slots.setdefault(code_id, []).append(index)
        width = len(self.codes)
        with self.database.engine.connect() as connection:
            for article_ids, units in self._unit_chunks():
                guids = dict(
                    connection.execute(
                        select(Article.id, Article.guid).where(Article.id.in_(article_ids))
                    ).all()
                )
                counts: dict[tuple[int, int], list[int]] = {}
                for a, c, code_id, n in connection.execute(
                    select(
                        Segment.article_id,
                        Segment.coder_id,
                        Segment.code_id,
                        func.count(Segment.id),
                    )
                    .where(
                        Segment.article_id.in_(article_ids),
                        Segment.coder_id.in_(self._coder_ids),
                    )
                    .group_by(Segment.article_id, Segment.coder_id, Segment.code_id)
                ):
                    row = counts.setdefault((a, c), [0] * width)
                    for index in slots.get(code_id, ()):
                        row[index] += int(n)
                zeros = (0,) * width
                for unit in units:
                    found = counts.get(unit)
                    yield MatrixRow(
                        unit[0],
                        str(guids[unit[0]]),
                        self._coder_name[unit[1]],
                        tuple(found) if found is not None else zeros,
                    )

    def values(self) -> Iterator[ValueRow]:
        """Every chosen variable value, by article, coder and variable order."""
        query = (
            select(VariableValue.article_id, Coder.name, Variable.name, VariableValue.value)
            .join(Coder, Coder.id == VariableValue.coder_id)
            .join(Variable, Variable.id == VariableValue.variable_id)
            .where(
                VariableValue.coder_id.in_(self._coder_ids),
                *self._pair_conditions(VariableValue.article_id, VariableValue.coder_id),
            )
            .order_by(VariableValue.article_id, Coder.name, Variable.position, Variable.id)
        )
        allowed = self._allowed
        with self.database.engine.connect() as connection:
            for row in connection.execution_options(yield_per=BATCH).execute(query):
                if allowed is None or row[0] in allowed:
                    yield ValueRow(int(row[0]), str(row[1]), str(row[2]), str(row[3]))

    def about(self) -> list[tuple[str, CellValue]]:
        """The About sheet's facts about the project and the choices."""
        if self.consensus:
            rows = f"one per article: the consensus (coder {self.consensus_name!r})"
        else:
            rows = "one per article and coder who worked on it (marked it done or coded in it)"
        return [
            ("project", self.project_name),
            ("project GUID", self.project_guid),
            ("database", self.database.location),
            ("exported at (UTC)", self.exported_at),
            ("articoder version", _version()),
            ("codebook version", self.codebook_version),
            ("coders", ", ".join(c.name for c in self.coders) or "(none)"),
            ("consensus coder (project setting consensus_coder)", self.consensus_name),
            ("Articles and Matrix rows", rows),
            ("articles", self.choice.articles.describe()),
            (
                "start, end",
                "character positions (code points) in the article's cleaned text, "
                "end exclusive; see articoder show",
            ),
            ("times", "UTC"),
        ]


# -- layouts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A sheet column: its header, width (in Excel's units), wrapping, and cut-mark hint."""

    header: str
    width: float = 12.0
    wrap: bool = False
    see: str = SEE_ARTICLE


@dataclass
class Sheet:
    """A table to write: a name, columns, rows of plain cell values (often streamed)."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[CellValue]]
    description: str
    total: int | None = None  # how many rows to expect, for progress


ABOUT_COLUMNS = (Column("item", 48.0), Column("value", 90.0, wrap=True))
ID = 9.0
GUID_WIDTH = 38.0
DATE = 11.0
TIME = 19.0
NAME = 12.0


def segments_sheet(query: ExportQuery, progress: Progress | None = None) -> Sheet:
    """One row per segment (see the module docstring for the columns)."""
    depth = query.depth
    columns = [
        Column("article_id", ID),
        Column("article_guid", GUID_WIDTH),
        Column("title", 36.0),
        Column("outlet", 14.0),
        Column("published", DATE),
        Column("coder", NAME),
        Column("code", 32.0),
        *(Column(f"{LEVEL_PREFIX}{i}", 18.0) for i in range(1, depth + 1)),
        Column("code_guid", GUID_WIDTH),
        Column("start", 8.0),
        Column("end", 8.0),
        Column("text", 60.0, wrap=True, see=SEE_SEGMENTS),
        Column("memo", 36.0, wrap=True, see=SEE_SEGMENTS),
        Column("segment_guid", GUID_WIDTH),
        Column("created_utc", TIME),
        Column("changed_utc", TIME),
        Column(PROVENANCE, 30.0),
    ]
    blanks = (None,) * depth
    # The code's cells (path, levels, GUID) are built once per code, not once per segment.
    code_cells = {
        c.id: (path_text(c.path), *c.path, *blanks[len(c.path) :], c.guid) for c in query.codes
    }

    provenance = query.provenance

    def rows() -> Iterator[tuple[CellValue, ...]]:
        for r in query.segment_records(progress):
            yield (
                *r[:6],
                *code_cells[r[6]],
                r[7],
                r[8],
                r[9],
                r[10] or None,
                r[11],
                # Whole seconds: what a CSV holds, and what Excel's serial dates keep exactly.
                r[12].replace(microsecond=0),
                r[13].replace(microsecond=0),
                provenance(r[14]),
            )

    return Sheet(
        SEGMENTS,
        columns,
        rows(),
        "one row per coded segment: article, coder, code path (whole and by level), "
        "start/end in the cleaned text, the coded text, memo",
        total=query.count_segments(),
    )


def _cell_value(variable: VariableColumn, value: str | None) -> CellValue:
    if value is None:
        return None
    if variable.level in ("interval", "ratio"):
        return _number_or_text(value)
    if variable.level == "date":
        return _date_or_text(value)
    return value


def articles_sheet(query: ExportQuery) -> Sheet:
    """One row per article and coder (or per article for the consensus), with variables."""
    variables = query.variables
    columns = [
        Column("article_id", ID),
        Column("article_guid", GUID_WIDTH),
        Column("title", 40.0, wrap=True),
        Column("outlet", 14.0),
        Column("published", DATE),
        Column("author", NAME),
        Column("url", 24.0),
        Column("chars", 8.0),
        Column("coder", NAME),
        Column("status", 8.0),
        Column("segments", 9.0),
        *(
            Column(v.header, 24.0 if v.level == "text" else 12.0, wrap=v.level == "text")
            for v in variables
        ),
    ]
    if query.choice.include_text:
        columns.append(Column(ARTICLE_TEXT, 80.0, wrap=True, see=SEE_ARTICLE))

    def rows() -> Iterator[tuple[CellValue, ...]]:
        for a in query.articles():
            cells: tuple[CellValue, ...] = (
                a.article_id,
                a.article_guid,
                a.title,
                a.outlet,
                a.published,
                a.author,
                a.url,
                a.chars,
                a.coder,
                a.status or None,
                a.segments,
                *(_cell_value(v, value) for v, value in zip(variables, a.values, strict=True)),
            )
            yield (*cells, a.text) if query.choice.include_text else cells

    return Sheet(
        ARTICLES,
        columns,
        rows(),
        "one row per article and coder (per article for the consensus): metadata, the "
        "coder's status and number of segments, then one column per variable",
        total=len(query.units()),
    )


def matrix_sheets(query: ExportQuery) -> tuple[Sheet, Sheet]:
    """The article x code matrix as counts and as 1/0 presence, ready for SPSS or R."""
    columns = [
        Column("article_id", ID),
        Column("article_guid", GUID_WIDTH),
        Column("coder", NAME),
        *(Column(c.column, max(10.0, min(len(c.column) + 2.0, 30.0))) for c in query.codes),
    ]

    def counts() -> Iterator[tuple[CellValue, ...]]:
        for m in query.matrix():
            yield (m.article_id, m.article_guid, m.coder, *m.counts)

    def presence() -> Iterator[tuple[CellValue, ...]]:
        for m in query.matrix():
            yield (m.article_id, m.article_guid, m.coder, *(1 if n else 0 for n in m.counts))

    total = len(query.units())
    where = "one row per article and coder; one column per code (see Codebook)"
    return (
        Sheet(MATRIX_COUNTS, columns, counts(), f"{where}: number of segments", total),
        Sheet(MATRIX_PRESENCE, columns, presence(), f"{where}: 1 present, 0 absent", total),
    )


def codebook_sheet(query: ExportQuery) -> Sheet:
    """One row per code: Matrix column, path, GUID, definition and rules."""
    columns = [
        Column("column", 22.0),
        Column("code", 32.0),
        Column("level", 6.0),
        Column("name", 18.0),
        Column("name_en", 18.0),
        Column("code_guid", GUID_WIDTH),
        Column("color", 9.0),
        Column("key", 5.0),
        Column("definition", 40.0, wrap=True),
        Column("include", 30.0, wrap=True),
        Column("exclude", 30.0, wrap=True),
        Column("examples", 30.0, wrap=True),
        Column("keywords", 20.0, wrap=True),
        Column("retired", 8.0),
        Column("matrix_counts", 24.0),
    ]

    def rows() -> Iterator[tuple[CellValue, ...]]:
        for c in query.codes:
            below = len(c.counted) - 1
            yield (
                c.column,
                path_text(c.path),
                len(c.path),
                c.path[-1],
                c.name_en,
                c.guid,
                c.color,
                c.key,
                c.definition or None,
                c.include or None,
                c.exclude or None,
                "\n".join(c.examples) or None,
                ", ".join(c.keywords) or None,
                c.retired,
                f"this code and the {below} under it" if below else "this code",
            )

    return Sheet(
        CODEBOOK,
        columns,
        rows(),
        "one row per code: its Matrix column name, path, GUID, definition and rules",
        len(query.codes),
    )


def variables_sheet(query: ExportQuery) -> Sheet:
    """One row per allowed value of each variable (one row for variables without a list)."""
    columns = [
        Column("variable", 16.0),
        Column("column", 16.0),
        Column("label", 18.0),
        Column("label_en", 18.0),
        Column("type", 9.0),
        Column("required", 9.0),
        Column("minimum", 9.0),
        Column("maximum", 9.0),
        Column("value", 12.0),
        Column("value_label", 16.0),
        Column("value_label_en", 16.0),
        Column("variable_guid", GUID_WIDTH),
        Column("retired", 8.0),
        Column("description", 40.0, wrap=True),
    ]

    def rows() -> Iterator[tuple[CellValue, ...]]:
        for v in query.variables:
            head: tuple[CellValue, ...] = (
                v.name,
                v.header,
                v.label or None,
                v.label_en,
                v.level,
                v.required,
                v.minimum,
                v.maximum,
            )
            tail: tuple[CellValue, ...] = (v.guid, v.retired, v.description or None)
            for value, label, label_en in v.choices or ((None, None, None),):
                yield (*head, value, label or None, label_en, *tail)

    return Sheet(
        VARIABLES,
        columns,
        rows(),
        "one row per allowed value of each variable (one per variable without a list)",
        sum(max(1, len(v.choices)) for v in query.variables),
    )


def _plain(value: object) -> CellValue:
    if value is None or isinstance(value, str | int | float | dt.date):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    return str(value)


def table_sheet(name: str, rows: Sequence[Mapping[str, object]], description: str) -> Sheet:
    """A sheet of plain rows (dicts) from elsewhere: the agreement report's, for instance."""
    headers: dict[str, None] = {}
    for row in rows:
        headers.update(dict.fromkeys(row))
    columns = [Column(h, max(10.0, min(len(h) * 1.3 + 2, 40.0))) for h in headers]
    cells = [tuple(_plain(row.get(h)) for h in headers) for row in rows]
    return Sheet(name, columns, cells, description, len(cells))


def close_rows(sheets: Iterable[Sheet]) -> None:
    """Close the sheets' row streams (and their database connections) after a failure."""
    for sheet in sheets:
        close = getattr(sheet.rows, "close", None)
        if close is not None:
            close()


def build_sheets(
    query: ExportQuery,
    sheets: Collection[str] | None = None,
    agreement: Sequence[Mapping[str, object]] | None = None,
    disagreements: Sequence[Mapping[str, object]] | None = None,
    progress: Progress | None = None,
) -> list[Sheet]:
    """The export's sheets in workbook order (all data sheets unless `sheets` names some)."""
    wanted = set(DATA_SHEETS if sheets is None else sheets)
    unknown = wanted - {*DATA_SHEETS, AGREEMENT, DISAGREEMENTS}
    if unknown:
        raise ExportError(f"unknown sheet {sorted(unknown)[0]!r}; sheets: {', '.join(DATA_SHEETS)}")
    result: list[Sheet] = []
    if ARTICLES in wanted:
        result.append(articles_sheet(query))
    if SEGMENTS in wanted:
        result.append(segments_sheet(query, progress))
    if MATRIX_COUNTS in wanted or MATRIX_PRESENCE in wanted:
        counts, presence = matrix_sheets(query)
        result.extend(s for s in (counts, presence) if s.name in wanted)
    if CODEBOOK in wanted:
        result.append(codebook_sheet(query))
    if VARIABLES in wanted:
        result.append(variables_sheet(query))
    if agreement:
        result.append(table_sheet(AGREEMENT, agreement, "the agreement report"))
    if disagreements:
        result.append(
            table_sheet(DISAGREEMENTS, disagreements, "where coders disagree, one row each")
        )
    return result

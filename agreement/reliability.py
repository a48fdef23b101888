"""Reliability data built from a project's coding: one table of units x coders per variable or code.

This module owns the step from the database to the plain data that agreement.statistics takes:
which coders and articles are compared, what a unit is, and what a cell holds. It computes no
coefficient (agreement.report does).

The conventions that decide the numbers:

- Who coded what. A coder *coded* an article when the coder marked it done (an Assignment with
  status 'done') or stored at least one segment or variable value in it. Every cell of an article
  a coder did not code is missing (None), never "absent": a coder who was not assigned the
  article, or has not opened it yet, says nothing about it. A coder who began an article without
  finishing it counts as having coded it, since the database cannot tell unfinished work from an
  article with nothing to code; mark articles done and compare done articles to rule that out.
- Which coders and articles. ``coders=None`` takes every coder who coded at least one of the
  articles considered; ``articles=None`` takes every article coded by at least two of the chosen
  coders. Explicitly chosen articles are all kept, even those fewer than two coders coded (their
  units are not pairable and drop out of every coefficient).
- Units. ``article``: the article (variables, and code presence in the article). ``paragraph``:
  each line of the cleaned text (split at newlines) that holds a non-whitespace character, from its
  first to its last such character. ``sentence``: within a line, text up to and including a run
  of 。！？!?；; or … and the closing quotes or brackets right after it (”’」』）)》〉】); the
  end of a line ends a sentence too; whitespace around a sentence is not part of it.
  ``character``: each code point of the cleaned text; its tables hold one row per run of
  consecutive characters of one article with the same cells, weighted by its length (the
  coefficients give what they give on the characters one by one, at a cost that grows with
  what was coded rather than with the length of the texts). Sentence and paragraph tables
  likewise hold one row per article and distinct row of cells, weighted by how many units have
  it. ``continuum``: the cleaned texts laid end to end, for unitizing alpha (no table of
  units; see :class:`Continuum`).
- Presence. A code is present (1) in a unit for a coder when a segment of that code by that
  coder overlaps the unit: start < unit end and unit start < end (ends exclusive, so a segment
  that only touches a unit does not overlap it); otherwise absent (0), or None when the coder did
  not code the article. A unit no coder marked is an agreement on "absent" (the convention for
  presence data); with ``coded_units_only`` (paragraph, sentence, character) the units are only
  those that at least one chosen coder marked with any code, which removes the uncoded text
  from the data (percent agreement on all units is inflated by it; chance-corrected
  coefficients much less so).
- Code tree. A segment counts only for its own code: a segment coded with a child code does not
  make the parent present. A code with children is reported when the codebook lets groups be
  coded, or when it has segments of its own. Retired codes (and retired variables) are reported
  only when they have segments (values) among the chosen coders and articles.
- Variables (article units only). Nominal and ordinal: the stored text, with the codebook's
  allowed values in order as the categories (a stored value the codebook no longer lists is
  kept, after them, with a note). Interval and ratio: the value as a float. Date: the day number
  (proleptic Gregorian ordinal) at the interval level (days apart), and a second table of the
  same days at the nominal level (the same day or not). Text variables get a table without
  coefficients (``skipped`` says why). An empty value is missing.
- Continuum. Only articles coded by every chosen coder are laid end to end (in id order), since
  unitizing alpha has no place for a coder who did not read a stretch of text.
- Machine help. ``without_machine_accepted=True`` leaves out every article in which a coder
  accepted a machine suggestion (models.suggestions, state 'accepted'), whoever accepted it:
  such an article's coding is no longer the humans' alone. Pending and rejected suggestions
  never count either way (they are not segments).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any, Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt
from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from codebook.spec import path_text
from codebook.store import code_rows
from models.database import ProjectDatabase
from models.entities import (
    Article,
    Assignment,
    Coder,
    ProjectInfo,
    Segment,
    Variable,
    VariableValue,
)
from models.suggestions import Suggestion

__all__ = [
    "UNITS",
    "AgreementError",
    "Cell",
    "Coding",
    "Continuum",
    "ReliabilityTable",
    "Row",
    "Unit",
    "Units",
    "Value",
    "code_tables",
    "load_coding",
    "machine_accepted_articles",
    "paragraph_spans",
    "reliability_tables",
    "sentence_spans",
    "table_count",
    "variable_tables",
]

Unit: TypeAlias = Literal["article", "paragraph", "sentence", "character", "continuum"]
UNITS: tuple[Unit, ...] = get_args(Unit)
# The units whose data can be restricted to the stretches somebody coded.
_TEXT_UNITS = ("paragraph", "sentence", "character")

Value: TypeAlias = str | int | float
Cell: TypeAlias = Value | None
Row: TypeAlias = tuple[Cell, ...]

_IntArray: TypeAlias = npt.NDArray[np.int64]
_BoolArray: TypeAlias = npt.NDArray[np.bool_]

# How many ids one `IN (...)` may carry: well under SQLite's and PostgreSQL's limits.
_CHUNK = 500
# Above this many coders the lookup table of every possible row (3^m) would be too large.
_MAX_TABLE_CODERS = 12

_TERMINATORS = "。！？!?；;…"
_CLOSERS = "”’」』）)》〉】"
# A sentence starts at a non-space character and runs, lazily, to the first run of terminators
# (with the closing quotes after it), or to the whitespace before the end of the line.
_SENTENCE = re.compile(rf"\S[^\n]*?(?:[{_TERMINATORS}]+[{_CLOSERS}]*|(?=\s*(?:\n|\Z)))")
# A line's stretch from its first to its last non-space character.
_PARAGRAPH = re.compile(r"[^\s](?:[^\n]*[^\s])?")


class AgreementError(Exception):
    """The agreement asked for cannot be computed as asked; the message says what to change."""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a cleaned text as [start, end) code-point offsets (see the module doc)."""
    return [match.span() for match in _SENTENCE.finditer(text)]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The paragraphs (non-blank lines, surrounding whitespace left out) as [start, end)."""
    return [match.span() for match in _PARAGRAPH.finditer(text)]


@dataclass(frozen=True)
class Units:
    """Which stretch of which article each row of a table is, in row order.

    ``article_ids`` lists the articles; row i is [starts[i], ends[i]) of article
    ``article_ids[article_index[i]]`` (for article units: the whole text, 0 to its length or 0;
    for character units: a run of characters). One Units object is shared by every code table
    of a report, except at the character unit, where each code has its own runs.
    """

    article_ids: _IntArray
    article_index: npt.NDArray[np.int32]
    starts: npt.NDArray[np.int32]
    ends: npt.NDArray[np.int32]

    def __len__(self) -> int:
        return int(self.starts.shape[0])

    def __getitem__(self, row: int) -> tuple[int, int, int]:
        """(article id, start, end) of a row."""
        return (
            int(self.article_ids[self.article_index[row]]),
            int(self.starts[row]),
            int(self.ends[row]),
        )


@dataclass(frozen=True)
class Continuum:
    """One code's segments on the chosen articles' cleaned texts, for unitizing alpha.

    ``segments`` maps each coder to ``(article index, start, end)`` triples, offsets into that
    article's text; a coder with an empty list marked nothing, which is data too.
    """

    article_ids: list[int]
    lengths: list[int]
    segments: dict[str, list[tuple[int, int, int]]]

    @property
    def length(self) -> int:
        """The length of all the texts laid end to end."""
        return sum(self.lengths)

    def laid_end_to_end(self) -> dict[str, list[tuple[int, int]]]:
        """Each coder's segments as [start, end) on the texts laid end to end, in article order."""
        offsets = np.concatenate([[0], np.cumsum(self.lengths, dtype=np.int64)])
        return {
            coder: [(int(offsets[a]) + s, int(offsets[a]) + e) for a, s, e in spans]
            for coder, spans in self.segments.items()
        }


@dataclass
class ReliabilityTable:
    """The reliability data of one variable or code at one unit: units x coders.

    ``data`` holds one row per unit with one cell per coder (in ``coders`` order), None where the
    coder gave nothing; rows are tuples, and equal rows may be one shared object, so never
    mutate them. At the character unit a row is a run of characters instead: ``units`` gives its
    stretch and ``weights`` its length; at the sentence and paragraph units a row is the units
    of one article with the same cells, ``weights`` how many, and ``units`` is None (see
    :func:`code_tables`). ``clusters`` gives, for each row, the index of its article when the
    units nest in articles and the bootstrap resamples whole articles (every unit but the
    article); None otherwise. ``level`` is the level of measurement the
    coefficients use (nominal, ordinal, interval, ratio; "text" for a text variable).
    ``categories`` is the codebook's ordered list of values ([0, 1] for code presence; None for
    numbers). For the continuum ``data`` is empty and ``continuum`` holds the segments.
    ``skipped`` says why no coefficient applies, if so.
    """

    kind: Literal["variable", "code"]
    name: str
    guid: str
    unit: str
    level: str
    coders: list[str]
    data: list[Row]
    categories: list[Value] | None
    units: Units | None = None
    continuum: Continuum | None = None
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)
    weights: _IntArray | None = None
    clusters: _IntArray | None = None


@dataclass(frozen=True)
class _CodeInfo:
    id: int
    guid: str
    name: str


@dataclass(frozen=True)
class _VariableInfo:
    id: int
    guid: str
    name: str
    level: str
    choices: tuple[str, ...]


@dataclass
class _Segments:
    """The chosen coders' segments in the chosen articles, as parallel arrays sorted by code."""

    article: _IntArray  # index into Coding.article_ids
    code: _IntArray
    coder: _IntArray  # index into Coding.coders
    start: _IntArray
    end: _IntArray

    def of_code(self, code_id: int) -> slice:
        """The stretch of the arrays that holds one code's segments."""
        first, last = np.searchsorted(self.code, [code_id, code_id + 1])
        return slice(int(first), int(last))


@dataclass
class Coding:
    """Everything the tables are built from, loaded once: the selection and its coding."""

    database: ProjectDatabase
    offsets: bool  # whether the segments' start and end were loaded
    with_values: bool  # whether the variables' values were loaded (not only who gave one)
    coder_ids: list[int]
    coders: list[str]
    article_ids: list[int]
    coded: _BoolArray  # articles x coders: whether the coder coded the article
    segments: _Segments
    values: dict[int, list[tuple[int, int, str]]]  # variable id -> (article idx, coder idx, value)
    codes: list[_CodeInfo]
    variables: list[_VariableInfo]


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for first in range(0, len(ids), _CHUNK):
        yield list(ids[first : first + _CHUNK])


def _rows_in(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    column: InstrumentedAttribute[int],
    ids: list[int] | None,
) -> list[tuple[Any, ...]]:
    """Run ``statement``, restricted to ``column IN ids`` in chunks when ids are given."""
    # Core rows, not ORM ones: the ORM's row building costs several times the query.
    connection = session.connection()
    if ids is None:
        return [tuple(row) for row in connection.execute(statement)]
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        rows.extend(tuple(row) for row in connection.execute(statement.where(column.in_(chunk))))
    return rows


def _integers(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    column: InstrumentedAttribute[int],
    ids: list[int] | None,
) -> _IntArray:
    """Run a statement that selects integers only; its rows as an n x columns array.

    Half a million segments cost over a second as SQLAlchemy rows, a third of that as the
    driver's own tuples: so the statement is compiled to the dialect's SQL with its parameters
    inlined (integers, and fixed words like 'done') and run on the driver's cursor, inside the
    session's transaction.
    """
    width = len(statement.selected_columns)
    statements = (
        [statement] if ids is None else [statement.where(column.in_(c)) for c in _chunks(ids)]
    )
    connection = session.connection()
    parts = [np.zeros((0, width), dtype=np.int64)]
    for each in statements:
        sql = str(each.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql)
            rows = cursor.fetchall()
        finally:
            cursor.close()
        flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows) * width)
        parts.append(flat.reshape(-1, width))
    return np.concatenate(parts)


def _choose_coders(session: Session, names: Sequence[str] | None) -> list[tuple[int, str]]:
    everyone = [(int(i), str(n)) for i, n in session.execute(select(Coder.id, Coder.name))]
    everyone.sort()
    if names is None:
        return everyone
    by_name = {name: coder_id for coder_id, name in everyone}
    chosen: list[tuple[int, str]] = []
    for name in dict.fromkeys(n.strip() for n in names):
        if name not in by_name:
            known = ", ".join(sorted(by_name)) or "(none)"
            raise AgreementError(f"no coder named {name!r}; the project's coders are: {known}")
        chosen.append((by_name[name], name))
    if len(chosen) < 2:
        raise AgreementError("agreement needs at least two coders; name two or more")
    return chosen


def _check_articles(session: Session, articles: Sequence[int]) -> list[int]:
    wanted = sorted(set(articles))
    found: set[int] = set()
    for chunk in _chunks(wanted):
        found.update(
            int(i) for i in session.scalars(select(Article.id).where(Article.id.in_(chunk)))
        )
    missing = [i for i in wanted if i not in found]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
        raise AgreementError(f"no article with id {shown} in the project")
    return wanted


def _code_infos(database: ProjectDatabase, codable_groups: bool, used: set[int]) -> list[_CodeInfo]:
    rows = code_rows(database)
    infos: list[_CodeInfo] = []
    for position, row in enumerate(rows):
        # Depth first: a code's children come right after it.
        has_children = position + 1 < len(rows) and rows[position + 1].path[:-1] == row.path
        if row.id in used or (not row.retired and (codable_groups or not has_children)):
            infos.append(_CodeInfo(row.id, row.guid, path_text(row.path)))
    return infos


def machine_accepted_articles(session: Session) -> set[int]:
    """The articles in which a coder accepted a machine suggestion."""
    query = select(Suggestion.article_id).where(Suggestion.state == "accepted").distinct()
    return {int(a) for a in session.scalars(query)}


def load_coding(
    database: ProjectDatabase,
    coders: Sequence[str] | None = None,
    articles: Sequence[int] | None = None,
    *,
    offsets: bool = True,
    values: bool = True,
    without_machine_accepted: bool = False,
) -> Coding:
    """Load the chosen coders' segments and values in the chosen articles (see the module doc).

    ``offsets=False`` leaves the segments' offsets out, which only article units can do without
    (and which makes loading a large project twice as fast). ``values=False`` reads only which
    coder gave a value in which article (all that who-coded-what needs), not the values, which
    only the variables' tables need (a third of the loading time at the text units). Raises
    AgreementError for an unknown coder or article, fewer than two coders, or no article that
    two of the chosen coders coded. ``without_machine_accepted`` drops the articles in which a
    machine suggestion was accepted, from the chosen articles too.
    """
    with database.session() as session:
        chosen = _choose_coders(session, coders)
        wanted = None if articles is None else _check_articles(session, articles)
        excluded = machine_accepted_articles(session) if without_machine_accepted else set()
        if wanted is not None and excluded:
            wanted = [a for a in wanted if a not in excluded]
            if not wanted:
                raise AgreementError(
                    "a machine suggestion was accepted in every chosen article: nothing is left "
                    "to compare without them"
                )
        coder_ids = [c for c, _ in chosen]
        coder_column = {c: i for i, c in enumerate(coder_ids)}
        columns = [Segment.article_id, Segment.code_id, Segment.coder_id]
        if offsets:
            columns += [Segment.start, Segment.end]
        segments = _integers(
            session,
            select(*columns).where(Segment.coder_id.in_(coder_ids)),
            Segment.article_id,
            wanted,
        )
        value_rows: list[tuple[Any, ...]] = []
        if values:
            value_rows = _rows_in(
                session,
                select(
                    VariableValue.article_id,
                    VariableValue.variable_id,
                    VariableValue.coder_id,
                    VariableValue.value,
                ).where(VariableValue.coder_id.in_(coder_ids)),
                VariableValue.article_id,
                wanted,
            )
            value_pairs = [(a, c) for a, _, c, _ in value_rows]
        else:
            value_pairs = _integers(
                session,
                select(VariableValue.article_id, VariableValue.coder_id)
                .where(VariableValue.coder_id.in_(coder_ids))
                .distinct(),
                VariableValue.article_id,
                wanted,
            ).tolist()
        done_rows = _integers(
            session,
            select(Assignment.article_id, Assignment.coder_id).where(
                Assignment.status == "done", Assignment.coder_id.in_(coder_ids)
            ),
            Assignment.article_id,
            wanted,
        ).tolist()
        settings = session.scalars(select(ProjectInfo.settings)).one() or {}
        variables = [
            _VariableInfo(v.id, v.guid, v.name, v.level, tuple(c.value for c in v.choices))
            for v in session.scalars(
                select(Variable)
                .options(selectinload(Variable.choices))
                .order_by(Variable.position, Variable.id)
            )
        ]
        retired_variables = set(
            session.scalars(select(Variable.id).where(Variable.retired.is_(True)))
        )

    # Who coded which article: done, or any segment or value.
    pairs = {(int(a), coder_column[int(c)]) for a, c in done_rows}
    pairs.update((int(a), coder_column[int(c)]) for a, c in value_pairs)
    seg_coder = np.zeros(0, dtype=np.int64)
    if len(segments):
        lookup = np.full(max(coder_ids) + 1, -1, dtype=np.int64)
        lookup[coder_ids] = np.arange(len(coder_ids))
        seg_coder = lookup[segments[:, 2]]
        unique = np.unique(segments[:, 0] * len(coder_ids) + seg_coder)
        pairs.update(
            zip(
                (unique // len(coder_ids)).tolist(), (unique % len(coder_ids)).tolist(), strict=True
            )
        )

    if coders is None:
        # Every coder who coded something here, in the order the project added them.
        active = sorted({c for _, c in pairs})
        if len(active) < 2:
            raise AgreementError(
                "agreement needs two coders, and fewer than two have coded these articles"
            )
        remap = np.full(len(coder_ids), -1, dtype=np.int64)
        remap[active] = np.arange(len(active))
        chosen = [chosen[c] for c in active]
        coder_ids = [c for c, _ in chosen]
        pairs = {(a, int(remap[c])) for a, c in pairs}
        seg_coder = remap[seg_coder] if len(segments) else seg_coder
    names = [n for _, n in chosen]

    per_article: dict[int, int] = {}
    for a, _ in pairs:
        per_article[a] = per_article.get(a, 0) + 1
    if wanted is None:
        article_ids = sorted(a for a, n in per_article.items() if n >= 2 and a not in excluded)
        if not article_ids:
            raise AgreementError(
                f"no article was coded by two of the chosen coders ({', '.join(names)})"
                + (" without a machine suggestion accepted in it" if excluded else "")
            )
    else:
        article_ids = wanted
    row_of = {a: i for i, a in enumerate(article_ids)}
    coded = np.zeros((len(article_ids), len(names)), dtype=bool)
    for a, c in pairs:
        if a in row_of:
            coded[row_of[a], c] = True

    # Keep the segments of the chosen articles, as indices, sorted by code.
    if len(segments):
        id_lookup = np.full(int(segments[:, 0].max()) + 1, -1, dtype=np.int64)
        known = np.array(article_ids, dtype=np.int64)
        known = known[known < len(id_lookup)]
        id_lookup[known] = np.searchsorted(np.array(article_ids, dtype=np.int64), known)
        article_index = id_lookup[segments[:, 0]]
        keep = article_index >= 0
        order = np.argsort(segments[keep, 1], kind="stable")
        kept = segments[keep][order]
        no_offsets = np.zeros(len(kept), dtype=np.int64)
        chosen_segments = _Segments(
            article=article_index[keep][order],
            code=kept[:, 1],
            coder=seg_coder[keep][order],
            start=kept[:, 3] if offsets else no_offsets,
            end=kept[:, 4] if offsets else no_offsets,
        )
    else:
        empty = np.zeros(0, dtype=np.int64)
        chosen_segments = _Segments(empty, empty, empty, empty, empty)

    chosen_values: dict[int, list[tuple[int, int, str]]] = {}
    coder_column = {c: i for i, c in enumerate(coder_ids)}
    for a, variable_id, c, value in value_rows:
        if a in row_of and c in coder_column:
            chosen_values.setdefault(int(variable_id), []).append(
                (row_of[a], coder_column[c], str(value))
            )

    used_codes = set(np.unique(chosen_segments.code).tolist())
    return Coding(
        database=database,
        offsets=offsets,
        with_values=values,
        coder_ids=coder_ids,
        coders=names,
        article_ids=article_ids,
        coded=coded,
        segments=chosen_segments,
        values=chosen_values,
        codes=_code_infos(database, bool(settings.get("codable_groups", False)), used_codes),
        variables=[v for v in variables if v.id not in retired_variables or v.id in chosen_values],
    )


# --------------------------------------------------------------------------------------------
# Variables
# --------------------------------------------------------------------------------------------


def _variable_table(coding: Coding, variable: _VariableInfo) -> ReliabilityTable:
    notes: list[str] = []
    level = variable.level
    categories: list[Value] | None = None
    converted: dict[tuple[int, int], Value] = {}
    unreadable = 0
    for article, coder, text in coding.values.get(variable.id, []):
        text = text.strip()
        if not text:
            continue
        value: Value
        if level in ("interval", "ratio"):
            try:
                value = float(text)
            except ValueError:
                unreadable += 1
                continue
        elif level == "date":
            try:
                value = dt.date.fromisoformat(text).toordinal()
            except ValueError:
                unreadable += 1
                continue
        else:
            value = text
        converted[(article, coder)] = value
    if unreadable:
        kind = "dates" if level == "date" else "numbers"
        notes.append(f"{unreadable} stored values are not {kind} and count as missing")
    if level in ("nominal", "ordinal"):
        categories = list(variable.choices)
        extra = sorted({str(v) for v in converted.values()} - set(variable.choices))
        if extra:
            # Keep the coders' values rather than drop them; the codebook no longer lists them.
            notes.append(
                "values the codebook does not list were kept after its own: " + ", ".join(extra)
            )
            categories.extend(extra)
    m = len(coding.coders)
    data: list[Row] = [
        tuple(converted.get((article, coder)) for coder in range(m))
        for article in range(len(coding.article_ids))
    ]
    table = ReliabilityTable(
        kind="variable",
        name=variable.name,
        guid=variable.guid,
        unit="article",
        level="interval" if level == "date" else level,
        coders=list(coding.coders),
        data=data,
        categories=categories,
        units=_article_units(coding),
        notes=notes,
    )
    if level == "text":
        table.skipped = "a text variable has no level of measurement to compare values on"
    elif level == "date":
        notes.append("dates compared as day numbers at the interval level: days apart")
    return table


def variable_tables(coding: Coding) -> list[ReliabilityTable]:
    """One table per variable, article units, in the codebook's order."""
    if not coding.with_values:
        raise ValueError("variables need their values: load_coding(values=True)")
    tables: list[ReliabilityTable] = []
    for variable in coding.variables:
        table = _variable_table(coding, variable)
        tables.append(table)
        if variable.level == "date":
            # Days apart (interval) rewards near misses; a reviewer also asks whether coders
            # found the same day, which only the nominal level answers.
            same_day = replace(
                table,
                level="nominal",
                notes=[
                    *table.notes[:-1],
                    "dates compared at the nominal level: the same day or not",
                ],
            )
            tables.append(same_day)
    return tables


# --------------------------------------------------------------------------------------------
# Codes
# --------------------------------------------------------------------------------------------


def _article_units(coding: Coding) -> Units:
    n = len(coding.article_ids)
    zeros = np.zeros(n, dtype=np.int32)
    return Units(
        article_ids=np.array(coding.article_ids, dtype=np.int64),
        article_index=np.arange(n, dtype=np.int32),
        starts=zeros,
        ends=zeros,
    )


def _texts(coding: Coding) -> dict[int, str]:
    texts: dict[int, str] = {}
    with coding.database.session() as session:
        for chunk in _chunks(coding.article_ids):
            texts.update(
                (int(i), str(t or ""))
                for i, t in session.execute(
                    select(Article.id, Article.text).where(Article.id.in_(chunk))
                )
            )
    return texts


def _lengths(coding: Coding) -> list[int]:
    lengths: dict[int, int] = {}
    with coding.database.session() as session:
        for chunk in _chunks(coding.article_ids):
            lengths.update(
                (int(i), int(n))
                for i, n in session.execute(
                    select(Article.id, Article.chars).where(Article.id.in_(chunk))
                )
            )
    return [lengths[a] for a in coding.article_ids]


def _text_units(coding: Coding, unit: Unit) -> tuple[Units, list[int]]:
    """The units of every chosen article, and each article's length."""
    if unit == "character":
        lengths = _lengths(coding)
        counts = np.array(lengths, dtype=np.int64)
        article_index = np.repeat(np.arange(len(lengths), dtype=np.int32), counts)
        firsts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        starts = (np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(firsts, counts)).astype(
            np.int32
        )
        return (
            Units(np.array(coding.article_ids, dtype=np.int64), article_index, starts, starts + 1),
            lengths,
        )
    texts = _texts(coding)
    split = sentence_spans if unit == "sentence" else paragraph_spans
    index: list[int] = []
    spans: list[tuple[int, int]] = []
    lengths = []
    for position, article_id in enumerate(coding.article_ids):
        text = texts.get(article_id, "")
        lengths.append(len(text))
        found = split(text)
        spans.extend(found)
        index.extend([position] * len(found))
    bounds = np.array(spans, dtype=np.int32).reshape(-1, 2)
    return (
        Units(
            np.array(coding.article_ids, dtype=np.int64),
            np.array(index, dtype=np.int32),
            np.ascontiguousarray(bounds[:, 0]),
            np.ascontiguousarray(bounds[:, 1]),
        ),
        lengths,
    )


def _rows(cells: npt.NDArray[np.int8]) -> list[Row]:
    """Rows of cells coded 0 (absent), 1 (present), 2 (missing) as shared tuples (0, 1, None)."""
    n, m = cells.shape
    if n == 0:
        return []
    meaning: tuple[Cell, ...] = (0, 1, None)
    keys = cells.astype(np.int64) @ (3 ** np.arange(m, dtype=np.int64))
    if m <= _MAX_TABLE_CODERS:
        table: list[Row | None] = [None] * (3**m)
        for key in np.flatnonzero(np.bincount(keys, minlength=3**m)).tolist():
            table[key] = tuple(meaning[(key // 3**c) % 3] for c in range(m))
        return list(map(table.__getitem__, keys.tolist()))  # type: ignore[arg-type]
    distinct, inverse = np.unique(keys, return_inverse=True)
    shared = [tuple(meaning[(int(k) // 3**c) % 3] for c in range(m)) for k in distinct]
    return list(map(shared.__getitem__, inverse.tolist()))


def _patterns(
    cells: npt.NDArray[np.int8], article_index: npt.NDArray[np.int32]
) -> tuple[npt.NDArray[np.int8], _IntArray, _IntArray]:
    """Identical rows of one article gathered: each (article, row of cells) once, sorted by
    article then cells, with how many units it stands for and the article it lies in.
    """
    n, m = cells.shape
    articles = article_index.astype(np.int64)
    if n == 0 or m == 0:
        empty = np.zeros(0, dtype=np.int64)
        return cells[:0], empty, empty
    width = int(articles.max()) + 1
    if m * np.log2(3) + np.log2(width) < 62:
        # (article, row) read as one number: a 1-D unique is far faster than a unique of rows.
        keys = articles * 3**m + cells.astype(np.int64) @ (3 ** np.arange(m, dtype=np.int64))
        _, first, counts = np.unique(keys, return_index=True, return_counts=True)
    else:
        both = np.column_stack([articles, cells.astype(np.int64)])
        _, first, counts = np.unique(both, axis=0, return_index=True, return_counts=True)
    return cells[first], counts.astype(np.int64), articles[first]


def _expand(first: _IntArray, last: _IntArray) -> tuple[_IntArray, _IntArray]:
    """For ranges [first, last): every member, and the range each member comes from."""
    sizes = np.maximum(last - first, 0)
    owner = np.repeat(np.arange(len(first)), sizes)
    offsets = np.cumsum(sizes) - sizes
    return first[owner] + np.arange(int(sizes.sum())) - offsets[owner], owner


def _continuum_tables(coding: Coding) -> Iterator[ReliabilityTable]:
    everyone = coding.coded.all(axis=1)
    kept = np.flatnonzero(everyone)
    all_lengths = _lengths(coding)
    lengths = [all_lengths[i] for i in kept.tolist()]
    position = np.full(len(coding.article_ids), -1, dtype=np.int64)
    position[kept] = np.arange(len(kept))
    seg = coding.segments
    valid, _, _ = _segments_on_line(coding, np.array(all_lengths, dtype=np.int64))
    left_out = len(coding.article_ids) - len(kept)
    for code in coding.codes:
        part = coding.segments.of_code(code.id)
        chosen = (position[seg.article[part]] >= 0) & valid[part]
        outside = int(np.count_nonzero((position[seg.article[part]] >= 0) & ~valid[part]))
        spans: dict[str, list[tuple[int, int, int]]] = {name: [] for name in coding.coders}
        rows = zip(
            position[seg.article[part]][chosen].tolist(),
            seg.coder[part][chosen].tolist(),
            seg.start[part][chosen].tolist(),
            seg.end[part][chosen].tolist(),
            strict=True,
        )
        for article, coder, start, end in sorted(rows):
            spans[coding.coders[coder]].append((article, start, end))
        notes = []
        if left_out:
            notes.append(
                f"{left_out} articles that not every chosen coder coded are left off the continuum"
            )
        if outside:
            notes.append(f"{outside} segments outside their article's text were left out")
        yield ReliabilityTable(
            kind="code",
            name=code.name,
            guid=code.guid,
            unit="continuum",
            level="nominal",
            coders=list(coding.coders),
            data=[],
            categories=[0, 1],
            continuum=Continuum([coding.article_ids[i] for i in kept.tolist()], lengths, spans),
            notes=notes,
        )


def _segments_on_line(
    coding: Coding, lengths: _IntArray
) -> tuple[_BoolArray, _IntArray, _IntArray]:
    """Which segments lie inside their article's text, and where every segment starts and ends
    on the chosen texts laid end to end (article after article, in ``coding.article_ids`` order).
    """
    seg = coding.segments
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    valid = (seg.start >= 0) & (seg.start < seg.end)
    if len(seg.article):
        valid &= seg.end <= lengths[seg.article]
    return valid, offsets[seg.article] + seg.start, offsets[seg.article] + seg.end


def _union(starts: _IntArray, ends: _IntArray) -> tuple[_IntArray, _IntArray]:
    """The stretches [start, end) covered by at least one of the given ones, sorted, disjoint."""
    if not len(starts):
        return starts, ends
    order = np.argsort(starts, kind="stable")
    starts, reach = starts[order], np.maximum.accumulate(ends[order])
    opens = np.ones(len(starts), dtype=bool)
    opens[1:] = starts[1:] > reach[:-1]
    closes = np.append(np.flatnonzero(opens)[1:] - 1, len(starts) - 1)
    return starts[opens], reach[closes]


@dataclass(frozen=True)
class _Runs:
    """Runs of characters on the texts laid end to end: [start, end) of article ``article``,
    marked (True) or not by each coder (``marked`` is runs x coders).
    """

    article: _IntArray
    start: _IntArray
    end: _IntArray
    marked: _BoolArray


def _runs(
    offsets: _IntArray,
    starts: _IntArray,
    ends: _IntArray,
    coders: _IntArray,
    n_coders: int,
    kept: tuple[_IntArray, _IntArray] | None,
) -> _Runs:
    """The maximal runs of characters that each coder marked alike, from one code's segments.

    ``starts``/``ends``/``coders`` are the code's segments on the laid-out line, ``offsets`` where
    each article starts (and the line's end). ``kept`` restricts the runs to these stretches
    (sorted, disjoint), when only coded characters are units.
    """
    # Every article start and segment end point cuts the line into pieces that each coder
    # marked entirely or not at all: the work grows with the segments, not with the text.
    cuts = [offsets, starts, ends] if kept is None else [offsets, starts, ends, *kept]
    points = np.unique(np.concatenate(cuts))
    width = len(points)
    piece_start, piece_end = points[:-1], points[1:]
    # How many of a coder's segments cover each piece: +1 where one opens, -1 after it closes.
    opened = np.bincount(
        coders * width + np.searchsorted(points, starts), minlength=n_coders * width
    )
    closed = np.bincount(coders * width + np.searchsorted(points, ends), minlength=n_coders * width)
    depth = np.cumsum((opened - closed).reshape(n_coders, width), axis=1)
    marked = (depth[:, :-1] > 0).T
    # Articles of no length share their start with the next article: side="right" skips them.
    article = np.searchsorted(offsets, piece_start, side="right") - 1
    if kept is not None:
        # Kept stretches are disjoint and apart, so their bounds interleave (s0 e0 s1 e1 ...):
        # a piece is inside one when an odd number of bounds lie at or before its start.
        bounds = np.column_stack(kept).ravel()
        inside = np.searchsorted(bounds, piece_start, side="right") % 2 == 1
        piece_start, piece_end = piece_start[inside], piece_end[inside]
        marked, article = marked[inside], article[inside]
    # A run goes on while the next piece is in the same article, right after, marked alike.
    new = np.ones(len(piece_start), dtype=bool)
    new[1:] = (
        (article[1:] != article[:-1])
        | (piece_start[1:] != piece_end[:-1])
        | (marked[1:] != marked[:-1]).any(axis=1)
    )
    firsts = np.flatnonzero(new)
    # A run's last piece is the one before the next run's first (no pieces, no runs).
    lasts = np.append(firsts[1:], len(new))[: len(firsts)] - 1
    return _Runs(article[firsts], piece_start[firsts], piece_end[lasts], marked[firsts])


def _character_run_tables(coding: Coding, coded_units_only: bool) -> Iterator[ReliabilityTable]:
    """The character tables of :func:`code_tables`, one weighted row per run of characters."""
    lengths = np.array(_lengths(coding), dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    seg = coding.segments
    valid, line_start, line_end = _segments_on_line(coding, lengths)
    # The characters some chosen coder marked with any code: the units of "character-coded".
    kept = _union(line_start[valid], line_end[valid]) if coded_units_only else None
    article_ids = np.array(coding.article_ids, dtype=np.int64)
    m = len(coding.coders)
    for code in coding.codes:
        part = seg.of_code(code.id)
        chosen = valid[part]
        runs = _runs(
            offsets,
            line_start[part][chosen],
            line_end[part][chosen],
            seg.coder[part][chosen],
            m,
            kept,
        )
        cells = np.where(coding.coded[runs.article], runs.marked, 2).astype(np.int8)
        first = offsets[runs.article]
        outside = int(np.count_nonzero(~chosen))
        yield ReliabilityTable(
            kind="code",
            name=code.name,
            guid=code.guid,
            unit="character-coded" if coded_units_only else "character",
            level="nominal",
            coders=list(coding.coders),
            data=_rows(cells),
            categories=[0, 1],
            units=Units(
                article_ids,
                runs.article.astype(np.int32),
                (runs.start - first).astype(np.int32),
                (runs.end - first).astype(np.int32),
            ),
            notes=[f"{outside} segments outside their article's text were left out"]
            if outside
            else [],
            weights=runs.end - runs.start,
            clusters=runs.article,
        )


def code_tables(
    coding: Coding,
    unit: Unit = "article",
    *,
    coded_units_only: bool = False,
    per_unit: bool = False,
) -> Iterator[ReliabilityTable]:
    """One presence table per code at ``unit`` (or, for the continuum, its segments), lazily.

    The tables are built one at a time, so a report holds one code's data in memory, not all
    of them. At the character unit each row is a run of consecutive characters of one article
    that every coder marked or left alike: ``units`` gives the runs, ``weights`` their lengths.
    At the sentence and paragraph units each row is one distinct row of cells of one article
    (sorted by article, then cells), ``weights`` the number of its units with those cells, and
    ``units`` None: most units are empty for most codes, so an article has few distinct rows.
    ``per_unit`` gives one row per unit instead (character, sentence, paragraph: the
    definition, spelled out; the tests compare the gathered rows against it), with every
    table sharing one Units object, as the article unit does. At every unit but the article
    ``clusters`` gives each row's article.
    """
    if unit not in UNITS:
        raise AgreementError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    if unit != "article" and not coding.offsets:
        raise ValueError(f"{unit} units need the segments' offsets: load_coding(offsets=True)")
    if coded_units_only and unit not in _TEXT_UNITS:
        raise AgreementError(
            "only paragraph, sentence and character units can be restricted to coded units"
        )
    if unit == "continuum":
        yield from _continuum_tables(coding)
        return
    if unit == "character" and not per_unit:
        yield from _character_run_tables(coding, coded_units_only)
        return
    seg = coding.segments
    m = len(coding.coders)
    if unit == "article":
        units = _article_units(coding)
        # Every segment marks its own article, whatever its offsets.
        first, last = seg.article, seg.article + 1
        valid = np.ones(len(seg.article), dtype=bool)
    else:
        units, lengths = _text_units(coding, unit)
        length_of = np.array(lengths, dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(length_of)])
        unit_start = offsets[units.article_index] + units.starts
        unit_end = offsets[units.article_index] + units.ends
        # Units of an article are sorted and disjoint, and so are articles on the global line:
        # the units a segment overlaps are the run from the first ending after its start to
        # the last starting before its end (touching is not overlapping).
        valid, global_start, global_end = _segments_on_line(coding, length_of)
        first = np.searchsorted(unit_end, global_start, side="right").astype(np.int64)
        last = np.searchsorted(unit_start, global_end, side="left").astype(np.int64)
        last = np.where(valid, last, first)

    unit_name = f"{unit}-coded" if coded_units_only else unit
    if coded_units_only:
        members, _ = _expand(first, last)
        touched = np.zeros(len(units), dtype=bool)
        touched[members] = True
        renumber = np.full(len(units), -1, dtype=np.int64)
        renumber[touched] = np.arange(int(touched.sum()))
        units = Units(
            units.article_ids,
            units.article_index[touched],
            units.starts[touched],
            units.ends[touched],
        )
    missing = ~coding.coded[units.article_index]
    base = np.where(missing, 2, 0).astype(np.int8)
    # Sub-article units nest in articles: their bootstrap resamples whole articles.
    clusters = None if unit == "article" else units.article_index.astype(np.int64)
    gathered = unit != "article" and not per_unit

    for code in coding.codes:
        part = seg.of_code(code.id)
        members, owner = _expand(first[part], last[part])
        coders = seg.coder[part][owner]
        if coded_units_only:
            members = renumber[members]
        cells = base.copy()
        cells[members, coders] = 1
        notes = []
        outside = int(np.count_nonzero(~valid[part]))
        if outside:
            notes.append(f"{outside} segments outside their article's text were left out")
        if gathered:
            distinct, weights, articles = _patterns(cells, units.article_index)
            yield ReliabilityTable(
                kind="code",
                name=code.name,
                guid=code.guid,
                unit=unit_name,
                level="nominal",
                coders=list(coding.coders),
                data=_rows(distinct),
                categories=[0, 1],
                notes=notes,
                weights=weights,
                clusters=articles,
            )
            continue
        yield ReliabilityTable(
            kind="code",
            name=code.name,
            guid=code.guid,
            unit=unit_name,
            level="nominal",
            coders=list(coding.coders),
            data=_rows(cells) if m else [],
            categories=[0, 1],
            units=units,
            notes=notes,
            clusters=clusters,
        )


def table_count(coding: Coding, unit: Unit = "article") -> int:
    """How many tables :func:`reliability_tables` gives for this coding and unit."""
    if unit != "article":
        return len(coding.codes)
    dates = sum(1 for variable in coding.variables if variable.level == "date")
    return len(coding.codes) + len(coding.variables) + dates


def reliability_tables(
    database: ProjectDatabase,
    unit: Unit = "article",
    coders: Sequence[str] | None = None,
    articles: Sequence[int] | None = None,
    *,
    coded_units_only: bool = False,
    without_machine_accepted: bool = False,
) -> list[ReliabilityTable]:
    """Every table of a report: the variables (article units only), then the codes in tree order."""
    article = unit == "article"
    coding = load_coding(
        database,
        coders,
        articles,
        offsets=not article,
        values=article,
        without_machine_accepted=without_machine_accepted,
    )
    tables = variable_tables(coding) if article else []
    tables.extend(code_tables(coding, unit, coded_units_only=coded_units_only))
    return tables

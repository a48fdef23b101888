"""Retrieval: every coded segment of one or more codes across articles, with its context.

What the "Coded segments" window lists and exports, as plain data: the segments of the chosen
codes, narrowed by coder and by the article's own columns (outlet, publication dates) and its
coders' variable values, each with a stretch of the cleaned text before and after it. The
context is cut in Python from each article's text, read once per article in batches (code
points, the database's offset unit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import and_, exists, func, select
from sqlalchemy.sql.elements import ColumnElement

from models.batches import chunks
from models.database import ProjectDatabase
from models.entities import Article, Segment, VariableValue

CONTEXT_CHARS = 60  # characters shown before and after a segment
TEXT_BATCH = 500  # article texts read at a time for the context


@dataclass(frozen=True)
class RetrievalQuery:
    """Which segments to list: codes, and the coders and articles they may come from.

    Empty collections mean "any". `variable_values` keeps an article when some coder (one of
    `coders`, when given) set that variable to one of the listed values.
    """

    codes: Sequence[int]
    coders: Collection[int] = ()
    outlets: Collection[str] = ()
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    variable_values: dict[int, Collection[str]] = field(default_factory=dict)
    context: int = CONTEXT_CHARS


class RetrievedSegment(NamedTuple):
    """One listed segment with its article and context.

    A named tuple: the window lists ten thousand of them, and a tuple is made several times
    faster than a frozen dataclass.
    """

    segment_id: int
    article_id: int
    article_title: str
    outlet: str | None
    published: dt.date | None
    code_id: int
    coder_id: int
    start: int
    end: int
    before: str
    text: str
    after: str
    memo: str


class RetrievalError(Exception):
    """A query that cannot be answered; the message says what to change."""


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _conditions(
    query: RetrievalQuery, visible_coders: Collection[int] | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Segment.code_id.in_(list(query.codes))]
    coders = set(query.coders)
    if visible_coders is not None:  # blind mode: another coder's work is never listed
        coders = coders & set(visible_coders) if coders else set(visible_coders)
        if not coders:
            coders = {-1}
    if coders:
        conditions.append(Segment.coder_id.in_(sorted(coders)))
    if query.outlets:
        conditions.append(Article.outlet.in_(sorted(query.outlets)))
    if query.published_from is not None:
        conditions.append(Article.published >= query.published_from)
    if query.published_to is not None:
        conditions.append(Article.published <= query.published_to)
    for variable_id, values in query.variable_values.items():
        if not values:
            continue
        value_rows = [
            VariableValue.article_id == Segment.article_id,
            VariableValue.variable_id == variable_id,
            VariableValue.value.in_(sorted(values)),
        ]
        if coders:
            value_rows.append(VariableValue.coder_id.in_(sorted(coders)))
        conditions.append(exists().where(and_(*value_rows)))
    return conditions


def coded_segments(
    database: ProjectDatabase,
    query: RetrievalQuery,
    visible_coders: Collection[int] | None = None,
) -> list[RetrievedSegment]:
    """The segments the query asks for, in article and text order.

    `visible_coders` is blind mode's limit (None: every coder's work may be listed).
    """
    if query.context < 0:
        raise RetrievalError("the context length must be 0 or more characters")
    if not query.codes:
        return []
    statement = (
        select(
            Segment.id,
            Segment.article_id,
            Segment.code_id,
            Segment.coder_id,
            Segment.start,
            Segment.end,
            Segment.text,
            Segment.memo,
        )
        .join(Article, Article.id == Segment.article_id)
        .where(*_conditions(query, visible_coders))
        .order_by(Segment.article_id, Segment.start, Segment.end, Segment.id)
    )
    width = query.context
    found: list[RetrievedSegment] = []
    with database.engine.connect() as connection:
        rows = connection.execute(statement).all()
        # The context is cut from each article's text, read once per article and a batch of
        # articles at a time: SQL's substr would read a whole text again for every segment
        # (10,000 segments: 0.6 s against 0.08 s), and a batch keeps memory bounded.
        article_ids = list(dict.fromkeys(row[1] for row in rows))
        position = 0
        for batch in chunks(article_ids, TEXT_BATCH):
            articles = {
                row[0]: (row[1] or "", row[2], _date(row[3]), row[4])
                for row in connection.execute(
                    select(
                        Article.id, Article.title, Article.outlet, Article.published, Article.text
                    ).where(Article.id.in_(batch))
                )
            }
            # Rows are in article order and batches follow it: the batch's rows come next.
            while position < len(rows) and rows[position][1] in articles:
                segment_id, article_id, code_id, coder_id, start, end, text, memo = rows[position]
                title, outlet, published, full = articles[article_id]
                found.append(
                    RetrievedSegment(
                        segment_id,
                        article_id,
                        title,
                        outlet,
                        published,
                        code_id,
                        coder_id,
                        start,
                        end,
                        full[max(start - width, 0) : start],
                        text or "",
                        full[end : end + width],
                        memo or "",
                    )
                )
                position += 1
    return found


@dataclass(frozen=True)
class ArticleFacets:
    """What the article filters can offer: outlets, the date range, variable values in use."""

    outlets: list[str]
    first: dt.date | None
    last: dt.date | None
    variable_values: dict[int, list[str]]


def article_facets(
    database: ProjectDatabase, visible_coders: Collection[int] | None = None
) -> ArticleFacets:
    """The outlets, publication range and each variable's used values, for the filter lists.

    In blind mode (`visible_coders`) only the values those coders set are offered.
    """
    with database.engine.connect() as connection:
        outlets = [
            str(o)
            for (o,) in connection.execute(
                select(Article.outlet)
                .where(Article.outlet.is_not(None))
                .distinct()
                .order_by(Article.outlet)
            )
        ]
        first, last = connection.execute(
            select(func.min(Article.published), func.max(Article.published))
        ).one()
        value_query = select(VariableValue.variable_id, VariableValue.value).distinct()
        if visible_coders is not None:
            value_query = value_query.where(VariableValue.coder_id.in_(list(visible_coders)))
        values: dict[int, list[str]] = {}
        for variable_id, value in connection.execute(
            value_query.order_by(VariableValue.variable_id, VariableValue.value)
        ):
            values.setdefault(int(variable_id), []).append(str(value))
    return ArticleFacets(outlets, _date(first), _date(last), values)

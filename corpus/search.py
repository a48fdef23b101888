"""Search: the character and bigram index, and finding terms with positions and context.

Articles are searched in their folded text (`corpus.script.fold`), which has the length of the
cleaned text, so every hit is a position in the cleaned text. On SQLite an FTS5 table indexes
each article's distinct characters and overlapping bigrams (detail=none, contentless: small and
fast to build). A query of one or two characters is one token, answered by the index exactly;
a longer query takes the articles holding all its bigrams as candidates, each confirmed and
located with `str.find`. Queries with punctuation, and PostgreSQL projects, scan the folded
text in the database instead.

A query is searched as the plan `corpus.variants.plan_query` makes of it: every folded
spelling of the same word (隨著 also as 随着, 瞭解 as 了解), each hit checked against what the
user typed (髮 does not find 發, nor a 发 that reads 發). `other_readings` counts the readings
a one-to-many query left out, for the window to offer ("also: 發 (6)").
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, text

from corpus.variants import QueryPlan, plan_query
from models.ids import ArticleId

SNIPPET_CONTEXT = 20
_BATCH = 200


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence of the query: [start, end) in the article's cleaned text."""

    article: ArticleId
    start: int
    end: int
    snippet: str


def bigram_document(folded: str) -> str:
    """The index document of a folded text: its distinct characters and overlapping bigrams.

    Bigrams with punctuation or spaces need no filtering here: FTS5's tokenizer splits them
    into single-character tokens, which the index holds anyway, and queries with punctuation
    never use the index.
    """
    return " ".join(set(map(operator.add, folded, folded[1:])).union(folded))


def index_articles(connection: Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Add (article id, folded text) pairs to the SQLite bigram index."""
    if connection.dialect.name != "sqlite":
        return
    connection.execute(
        text("INSERT INTO article_grams(rowid, grams) VALUES (:id, :grams)"),
        [{"id": article_id, "grams": bigram_document(folded)} for article_id, folded in rows],
    )


def unindex_articles(connection: Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Remove (article id, folded text) pairs from the index (contentless FTS5 needs the text)."""
    if connection.dialect.name != "sqlite":
        return
    connection.execute(
        text(
            "INSERT INTO article_grams(article_grams, rowid, grams) VALUES ('delete', :id, :grams)"
        ),
        [{"id": article_id, "grams": bigram_document(folded)} for article_id, folded in rows],
    )


def _snippet(cleaned_or_folded: str, start: int, end: int) -> str:
    before = cleaned_or_folded[max(0, start - SNIPPET_CONTEXT) : start]
    after = cleaned_or_folded[end : end + SNIPPET_CONTEXT]
    middle = cleaned_or_folded[start:end]
    return f"{before}【{middle}】{after}".replace("\n", " ")


def find_in_text(text_: str, folded: str, folded_query: str, article: ArticleId) -> list[Hit]:
    """Every occurrence of the folded query in one article, with context from the cleaned text."""
    hits: list[Hit] = []
    width = len(folded_query)
    position = folded.find(folded_query)
    while position != -1:
        hits.append(
            Hit(article, position, position + width, _snippet(text_, position, position + width))
        )
        position = folded.find(folded_query, position + 1)
    return hits


def _uses_index(connection: Connection, folded_query: str) -> bool:
    return connection.dialect.name == "sqlite" and all(
        character.isalnum() for character in folded_query
    )


def _fts_expression(folded_query: str) -> str:
    grams = sorted(set(map(operator.add, folded_query, folded_query[1:]))) or [folded_query]
    return " AND ".join(f'"{gram}"' for gram in grams)


def _candidates(
    connection: Connection, folded_query: str, after: int
) -> Iterator[list[tuple[int, str, str]]]:
    """Batches of (id, cleaned text, folded text) of articles that may hold the query."""
    if _uses_index(connection, folded_query):
        sql = text(
            "SELECT a.id, a.text, coalesce(a.search_text, a.text) FROM articles a "
            "WHERE a.id IN (SELECT rowid FROM article_grams WHERE article_grams MATCH :match "
            "AND rowid > :after ORDER BY rowid LIMIT :limit) ORDER BY a.id"
        )
        params: dict[str, object] = {"match": _fts_expression(folded_query)}
    else:
        # strpos and instr both count characters, so this works on SQLite and PostgreSQL.
        function = "instr" if connection.dialect.name == "sqlite" else "strpos"
        sql = text(
            "SELECT id, text, coalesce(search_text, text) FROM articles "
            f"WHERE {function}(coalesce(search_text, text), :query) > 0 AND id > :after "
            "ORDER BY id LIMIT :limit"
        )
        params = {"query": folded_query}
    while True:
        rows = [
            (int(r[0]), str(r[1]), str(r[2]))
            for r in connection.execute(sql, {**params, "after": after, "limit": _BATCH})
        ]
        if not rows:
            return
        yield rows
        after = rows[-1][0]


@dataclass(frozen=True, slots=True)
class OtherReading:
    """A reading of a one-to-many character that the query left out, and its hits.

    `reading` is the character (發 for a query of 髮), `query` the query typed with it, `hits`
    how many hits it has (at most the limit asked for).
    """

    reading: str
    query: str
    hits: int


def _plan_hits(connection: Connection, plan: QueryPlan, key: str, limit: int | None) -> list[Hit]:
    hits: list[Hit] = []
    for batch in _candidates(connection, key, after=0):
        for article_id, cleaned, folded in batch:
            found = find_in_text(cleaned, folded, key, ArticleId(article_id))
            if plan.constraints:
                found = [hit for hit in found if plan.accepts(cleaned, folded, hit.start)]
            hits.extend(found)
            if limit is not None and len(hits) >= limit:
                return hits[:limit]
    return hits


def search_plan(connection: Connection, plan: QueryPlan, limit: int | None = 1000) -> list[Hit]:
    """Hits of a query plan, in article order, at most `limit` of them."""
    if len(plan.keys) == 1:
        return _plan_hits(connection, plan, plan.keys[0], limit)
    # Each spelling's first `limit` hits hold the first `limit` of all of them, in order.
    hits = [hit for key in plan.keys for hit in _plan_hits(connection, plan, key, limit)]
    hits.sort(key=lambda hit: (hit.article, hit.start))
    return hits if limit is None else hits[:limit]


def search(connection: Connection, query: str, limit: int | None = 1000) -> list[Hit]:
    """Occurrences of `query` in either script and its variant spellings, in article order."""
    return search_plan(connection, plan_query(query.strip()), limit)


def other_readings(
    connection: Connection, query: str, limit: int | None = 1000
) -> list[OtherReading]:
    """The readings a Traditional query of a one-to-many character left out, with their hits.

    For 髮 it is 發 (and the Simplified 发 where it reads 發); readings without hits are left
    out. Plain data for the window's "also: 發 (6)".
    """
    found = []
    for reading, alternative in plan_query(query.strip()).other_readings:
        plan = plan_query(alternative, script="traditional")
        hits = len(search_plan(connection, plan, limit))
        if hits:
            found.append(OtherReading(reading, alternative, hits))
    return found


def count_articles(connection: Connection, query: str) -> int:
    """How many articles hold the query (confirmed, not only candidates)."""
    plan = plan_query(query.strip())
    if not plan.keys:
        return 0
    if not plan.constraints and all(
        _uses_index(connection, key) and len(key) <= 2 for key in plan.keys
    ):
        # A query of one or two characters is one token: the index answers exactly.
        match = {"match": " OR ".join(f"({_fts_expression(key)})" for key in plan.keys)}
        sql = text("SELECT count(*) FROM article_grams WHERE article_grams MATCH :match")
        return int(connection.execute(sql, match).scalar_one())
    articles: set[int] = set()
    for key in plan.keys:
        for batch in _candidates(connection, key, after=0):
            for article_id, cleaned, folded in batch:
                if article_id in articles:
                    continue
                position = folded.find(key)
                while position != -1:
                    if plan.accepts(cleaned, folded, position):
                        articles.add(article_id)
                        break
                    position = folded.find(key, position + 1)
    return len(articles)

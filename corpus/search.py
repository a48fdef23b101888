"""Search: the character and bigram index, and finding terms with positions and context.

Articles are searched in their folded text (`corpus.script.fold`), which has the length of the
cleaned text, so every hit is a position in the cleaned text. On SQLite an FTS5 table indexes
each article's distinct characters and overlapping bigrams (detail=none, contentless: small and
fast to build). A query of one or two characters is one token, answered by the index exactly;
a longer query takes the articles holding all its bigrams as candidates, each confirmed and
located with `str.find`. Queries with punctuation, and PostgreSQL projects, scan the folded
text in the database instead.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, text

from corpus.script import fold
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


def search(connection: Connection, query: str, limit: int | None = 1000) -> list[Hit]:
    """Occurrences of `query` in either script, in article order, at most `limit` of them."""
    folded_query = fold(query.strip())
    if not folded_query:
        return []
    hits: list[Hit] = []
    for batch in _candidates(connection, folded_query, after=0):
        for article_id, cleaned, folded in batch:
            hits.extend(find_in_text(cleaned, folded, folded_query, ArticleId(article_id)))
            if limit is not None and len(hits) >= limit:
                return hits[:limit]
    return hits


def count_articles(connection: Connection, query: str) -> int:
    """How many articles hold the query (confirmed, not only candidates)."""
    folded_query = fold(query.strip())
    if not folded_query:
        return 0
    if _uses_index(connection, folded_query) and len(folded_query) <= 2:
        # A query of one or two characters is one token: the index answers exactly.
        match = {"match": _fts_expression(folded_query)}
        sql = text("SELECT count(*) FROM article_grams WHERE article_grams MATCH :match")
        return int(connection.execute(sql, match).scalar_one())
    total = 0
    for batch in _candidates(connection, folded_query, after=0):
        total += sum(1 for _, _, folded in batch if folded_query in folded)
    return total

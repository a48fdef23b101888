"""Reading articles back: summaries for lists, the full record, and undoing a cleaning edit.

The window imports this module at start-up, so it imports nothing of the import machinery
(corpus.importer with its readers, cleaning rules and charset detection, about 0.15 s): the
stored form of edits and the content hash live in corpus/text.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update

from corpus.script import fold
from corpus.search import index_articles, unindex_articles
from corpus.text import apply_edits, content_hash, edits_from_json, edits_to_json
from models.database import ProjectDatabase
from models.entities import Article, Event, Segment, utcnow
from models.ids import ArticleId, new_guid


class ArticleError(Exception):
    """An article request that cannot be met; the message says why."""


@dataclass(frozen=True)
class ArticleSummary:
    """One line of the article list."""

    id: ArticleId
    guid: str
    title: str
    outlet: str | None
    published: dt.date | None
    script: str
    chars: int

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "script": self.script,
            "chars": self.chars,
        }


@dataclass(frozen=True)
class Removal:
    """A change cleaning made, with its position in the raw text."""

    index: int
    start: int
    end: int
    text: str
    replacement: str
    kind: str
    detail: str
    active: bool


@dataclass(frozen=True)
class ArticleDetail:
    """An article with its texts and what cleaning did."""

    summary: ArticleSummary
    author: str | None
    editor: str | None
    url: str | None
    published_text: str | None
    source: str
    encoding: str
    extra: dict[str, Any]
    text: str
    raw_text: str
    removed: list[Removal]
    flags: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form."""
        removed = [
            {
                "index": r.index,
                "start": r.start,
                "end": r.end,
                "text": r.text,
                "replacement": r.replacement,
                "kind": r.kind,
                "detail": r.detail,
                "active": r.active,
            }
            for r in self.removed
            if r.kind not in ("newline", "bom")  # line-ending fixes would drown the list
        ]
        return {
            **self.summary.as_json(),
            "guid": self.summary.guid,
            "author": self.author,
            "editor": self.editor,
            "url": self.url,
            "source": self.source,
            "encoding": self.encoding,
            "text": self.text,
            "removed": removed,
            "flags": self.flags,
        }


_SUMMARY_COLUMNS = (
    Article.id,
    Article.guid,
    Article.title,
    Article.outlet,
    Article.published,
    Article.script,
    Article.chars,
)


def _summary(row: Any) -> ArticleSummary:
    return ArticleSummary(ArticleId(row[0]), *row[1:])


def list_articles(database: ProjectDatabase) -> list[ArticleSummary]:
    """Every article, in import order, without loading any text."""
    with database.session() as session:
        return [
            _summary(row) for row in session.execute(select(*_SUMMARY_COLUMNS).order_by(Article.id))
        ]


def count_articles(database: ProjectDatabase) -> int:
    """How many articles the project holds."""
    with database.session() as session:
        return int(session.scalar(select(func.count(Article.id))) or 0)


def get_article(database: ProjectDatabase, article_id: int) -> ArticleDetail:
    """The whole record of one article."""
    with database.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise ArticleError(f"no article with id {article_id}; `articoder articles` lists them")
        removed = [
            Removal(
                i,
                e.start,
                e.end,
                article.raw_text[e.start : e.end],
                e.replacement,
                e.kind,
                e.detail,
                active,
            )
            for i, (e, active) in enumerate(edits_from_json(article.edits))
        ]
        return ArticleDetail(
            summary=_summary([getattr(article, c.key) for c in _SUMMARY_COLUMNS]),
            author=article.author,
            editor=article.editor,
            url=article.url,
            published_text=article.published_text,
            source=article.source,
            encoding=article.encoding,
            extra=dict(article.extra),
            text=article.text,
            raw_text=article.raw_text,
            removed=removed,
            flags=list(article.flags),
        )


def set_edit_active(database: ProjectDatabase, article_id: int, index: int, active: bool) -> str:
    """Put back (active=False) or take out again (active=True) what one cleaning edit removed.

    Refused once anyone has coded the article: its cleaned text must never change under
    stored offsets. Returns the new cleaned text.
    """
    with database.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise ArticleError(f"no article with id {article_id}")
        if session.scalar(select(func.count(Segment.id)).where(Segment.article_id == article_id)):
            raise ArticleError(
                f"article {article_id} has coded segments; its text can no longer change"
            )
        edits = edits_from_json(article.edits)
        if not 0 <= index < len(edits):
            raise ArticleError(f"article {article_id} has no cleaning change number {index}")
        edits[index] = (edits[index][0], active)
        text = apply_edits(article.raw_text, [e for e, on in edits if on])
        connection = session.connection()
        unindex_articles(connection, [(article_id, article.search_text or article.text)])
        folded = fold(text)
        session.execute(
            update(Article)
            .where(Article.id == article_id)
            .values(
                text=text,
                search_text=folded if folded != text else None,
                chars=len(text),
                content_hash=content_hash(text),
                edits=[row for e, on in edits for row in edits_to_json([e], on)],
            )
        )
        index_articles(connection, [(article_id, folded)])
        session.add(
            Event(
                guid=new_guid(),
                at=utcnow(),
                action="restore-removal" if not active else "reapply-removal",
                entity="article",
                entity_guid=article.guid,
                payload={"index": index},
            )
        )
        return text

"""The project's tables as SQLAlchemy 2 entities; no business rules live here.

Offsets (`Segment.start`, `Segment.end`) are Python code points into `Article.text`, the
cleaned text, end exclusive: the one offset unit of the database. Large texts are deferred so
that listing 100,000 articles never loads them. Everything that can travel between projects
(articles, codes, coders, variables, segments, values, events) carries a stable GUID.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from models.ids import new_guid

# A naming convention makes constraint names stable across SQLite and PostgreSQL, which
# Alembic needs to alter or drop them later (Taguette does the same).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

GUID = String(36)


def utcnow() -> dt.datetime:
    """Now, in UTC, without tzinfo: SQLite keeps no zone, so every stored time is naive UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base with the shared metadata and naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class ProjectInfo(Base):
    """The single row that describes the project and holds its settings."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    codebook_version: Mapped[int] = mapped_column(Integer, default=1)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Coder(Base):
    """A person who codes; the lead is a coder too."""

    __tablename__ = "coders"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The PostgreSQL role this coder connects as on a shared server (team.server); row-level
    # security reads it to tell whose rows a connection may see. None in SQLite projects.
    db_role: Mapped[str | None] = mapped_column(String(63), unique=True)


class ImportBatch(Base):
    """One import: what was asked, and what came of it."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[list[Any]] = mapped_column(JSON, default=list)
    duplicates: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Article(Base):
    """An article: its raw text exactly as read, the cleaned text coders see, its metadata."""

    __tablename__ = "articles"
    # Covering index: listing every article reads this small index, not the rows with texts.
    __table_args__ = (
        Index("ix_articles_list", "id", "title", "outlet", "published", "script", "chars"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    outlet: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_text: Mapped[str | None] = mapped_column(String(100))
    author: Mapped[str | None] = mapped_column(String(300))
    editor: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    script: Mapped[str] = mapped_column(String(16), default="simplified")
    chars: Mapped[int] = mapped_column(Integer, default=0)
    # sha256 of the cleaned text: equal cleaned texts are exact duplicates for a coder.
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(2000), default="")
    source_format: Mapped[str] = mapped_column(String(16), default="txt")
    encoding: Mapped[str] = mapped_column(String(32), default="utf-8")
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    raw_text: Mapped[str] = mapped_column(Text, deferred=True)
    text: Mapped[str] = mapped_column(Text, deferred=True)
    # The text folded to Simplified for search; NULL when it equals `text` (most articles).
    search_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    # Every change from raw_text to text (corpus.text.Edit as dicts), each with "active".
    edits: Mapped[list[Any]] = mapped_column(JSON, default=list, deferred=True)
    flags: Mapped[list[Any]] = mapped_column(JSON, default=list)

    segments: Mapped[list[Segment]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class Code(Base):
    """A node of the code tree; a node with children may or may not be codable (a setting)."""

    __tablename__ = "codes"
    __table_args__ = (Index("ix_codes_parent_position", "parent_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, default="")
    include_rule: Mapped[str] = mapped_column(Text, default="")
    exclude_rule: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[list[Any]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list)
    color: Mapped[str] = mapped_column(String(9), default="#888888")
    shortcut: Mapped[str | None] = mapped_column(String(16))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Variable(Base):
    """An article-level variable of the coding sheet."""

    __tablename__ = "variables"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    label_en: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # nominal | ordinal | interval | ratio | date | text
    level: Mapped[str] = mapped_column(String(16))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    minimum: Mapped[float | None] = mapped_column(Float)
    maximum: Mapped[float | None] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    choices: Mapped[list[VariableChoice]] = relationship(
        back_populates="variable",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="VariableChoice.position",
    )


class VariableChoice(Base):
    """An allowed value of a nominal or ordinal variable, in order."""

    __tablename__ = "variable_choices"
    __table_args__ = (UniqueConstraint("variable_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    variable_id: Mapped[int] = mapped_column(ForeignKey("variables.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(200), default="")
    label_en: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    variable: Mapped[Variable] = relationship(back_populates="choices")


class Segment(Base):
    """A coded span: code points [start, end) of the article's cleaned text."""

    __tablename__ = "segments"
    __table_args__ = (
        Index("ix_segments_article_coder", "article_id", "coder_id"),
        Index("ix_segments_code", "code_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="RESTRICT"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    memo: Mapped[str] = mapped_column(Text, default="")
    codebook_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    article: Mapped[Article] = relationship(back_populates="segments")


class VariableValue(Base):
    """One coder's value of one variable for one article."""

    __tablename__ = "variable_values"
    __table_args__ = (UniqueConstraint("article_id", "variable_id", "coder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    variable_id: Mapped[int] = mapped_column(ForeignKey("variables.id", ondelete="RESTRICT"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"))
    value: Mapped[str] = mapped_column(Text)
    codebook_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Assignment(Base):
    """A coder and an article: in the coder's queue (`assigned`, the lead's doing) and/or
    marked done by the coder (`status`). A done mark on an article the lead did not assign is
    a row with `assigned` false: a status, in no queue (migration 0005).
    """

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("article_id", "coder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="todo")
    assigned: Mapped[bool] = mapped_column(Boolean, default=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class DictionaryWord(Base):
    """A word of the project dictionary for segmentation (codebook terms, user additions)."""

    __tablename__ = "dictionary_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(100), unique=True)
    frequency: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), default="user")


class Event(Base):
    """The append-only journal: every change a user made, read by undo and by audit."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_guid: Mapped[str | None] = mapped_column(GUID, index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ArticleWords(Base):
    """Cached word boundaries of an article's cleaned text, for the dictionary version used."""

    __tablename__ = "article_words"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    # A 48-bit hash of the dictionary (corpus.segmentation): BIGINT, since INTEGER is 32-bit.
    dictionary_version: Mapped[int] = mapped_column(BigInteger)
    # Word end offsets (code points), as a compact comma-separated list.
    boundaries: Mapped[str] = mapped_column(Text)

"""The tables of machine suggestions: trained models and the codes they propose.

A suggestion is never human coding. It lives in its own table, apart from `segments`, so that
agreement, exports and progress (which read `segments` and `variable_values`) cannot count it
by accident. Accepting one creates an ordinary segment by the accepting coder; the suggestion
row keeps who decided, when, and the segment it became, so the provenance (machine accepted)
can be told apart from coding done by hand.

A model is stored in the project as plain arrays (an `.npz` written without pickle) plus its
vocabulary and validation as JSON, with the sha256 of the arrays checked on every load.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.entities import GUID, Base, utcnow
from models.ids import new_guid

SUGGESTION_STATES = ("pending", "accepted", "rejected")
SUGGESTION_UNITS = ("article", "sentence")


class SuggestionModel(Base):
    """One trained set of per-code classifiers: its version, settings, validation, weights."""

    __tablename__ = "suggestion_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Readable and unique: "<unit>-<UTC time to the microsecond>-<8 hex of the weights' sha256>".
    version: Mapped[str] = mapped_column(String(80), unique=True)
    unit: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    trained_by_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id", ondelete="SET NULL"))
    codebook_version: Mapped[int] = mapped_column(Integer, default=1)
    # Features, model and threshold settings, the vocabulary, per-code training counts.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Per-code cross-validated precision, recall, F1, alpha, and whether the code passed.
    validation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # numpy .npz of the weights, written and read with allow_pickle=False.
    weights: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    weights_sha256: Mapped[str] = mapped_column(String(64))


class Suggestion(Base):
    """A code the machine proposes for an article or a sentence of it, until a coder decides."""

    __tablename__ = "suggestions"
    __table_args__ = (
        Index("ix_suggestions_article_state", "article_id", "state"),
        Index("ix_suggestions_model", "model_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(GUID, default=new_guid, unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # A suggestion of a removed code or model means nothing: it goes with them.
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"))
    model_id: Mapped[int] = mapped_column(ForeignKey("suggestion_models.id", ondelete="CASCADE"))
    # Copied from the model so that an exported or accepted suggestion names it on its own.
    model_version: Mapped[str] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(16))
    # Code points into Article.text, end exclusive (the whole text for the article unit).
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    # pending | accepted | rejected
    state: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The segment an accepted suggestion became; NULL again if that segment is deleted.
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")

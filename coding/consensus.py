"""The consensus version: the lead accepts one coder's segments of a code in an article.

The consensus is stored as the segments of one coder (named by the project setting that
`exports.rows.consensus_coder_name` reads). Accepting a coder's version replaces the consensus
segments of that code in that article with copies of the coder's segments, as one undoable
`models.journal.Operation`; the journal event records who decided (the coder performing it) and
when. Undo restores exactly the consensus segments that were there before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from coding.segments import CodingError
from models.entities import Article, Code, Coder, Segment, utcnow
from models.ids import new_guid
from models.journal import Changes


def _rows(session: Session, article_id: int, code_id: int, coder_id: int) -> list[dict[str, Any]]:
    """Every column of one coder's segments of one code in one article, in text order."""
    segments = session.scalars(
        select(Segment)
        .where(
            Segment.article_id == article_id,
            Segment.code_id == code_id,
            Segment.coder_id == coder_id,
        )
        .order_by(Segment.start, Segment.end, Segment.id)
    )
    return [{c.key: getattr(s, c.key) for c in Segment.__table__.columns} for s in segments]


@dataclass
class AcceptVersion:
    """Make one coder's segments of a code in an article the consensus there, in one step."""

    article_id: int
    code_id: int
    from_coder_id: int
    consensus_coder_id: int
    label: str = "Accept version"
    action: str = "consensus-accept"
    entity: str = "segment"
    replaced: list[dict[str, Any]] = field(default_factory=list)  # consensus rows before
    created: list[dict[str, Any]] = field(default_factory=list)  # consensus rows after

    def apply(self, session: Session) -> Changes:
        """Replace the consensus segments; on redo, with the same ids and GUIDs as before."""
        if self.from_coder_id == self.consensus_coder_id:
            raise CodingError("the consensus cannot accept its own version")
        for entity, key, what in (
            (Article, self.article_id, "article"),
            (Code, self.code_id, "code"),
            (Coder, self.from_coder_id, "coder"),
            (Coder, self.consensus_coder_id, "coder"),
        ):
            if session.get(entity, key) is None:
                raise CodingError(f"no {what} with id {key}")
        self.replaced = _rows(session, self.article_id, self.code_id, self.consensus_coder_id)
        if self.replaced:
            session.execute(delete(Segment).where(Segment.id.in_([r["id"] for r in self.replaced])))
        if not self.created:
            now = utcnow()
            self.created = [
                {
                    **{k: v for k, v in row.items() if k != "id"},
                    "guid": new_guid(),
                    "coder_id": self.consensus_coder_id,
                    "created_at": now,
                    "updated_at": now,
                }
                for row in _rows(session, self.article_id, self.code_id, self.from_coder_id)
            ]
        if self.created:
            ids = (
                session.execute(
                    insert(Segment).returning(Segment.id, sort_by_parameter_order=True),
                    self.created,
                )
                .scalars()
                .all()
            )
            self.created = [{**row, "id": i} for row, i in zip(self.created, ids, strict=True)]
        return self._changes()

    def revert(self, session: Session) -> Changes:
        """Remove the copies and restore the earlier consensus rows exactly."""
        if self.created:
            session.execute(delete(Segment).where(Segment.id.in_([r["id"] for r in self.created])))
        if self.replaced:
            session.execute(insert(Segment), self.replaced)
        return self._changes()

    def _changes(self) -> Changes:
        return Changes(
            articles={self.article_id},
            segments={r["id"] for r in [*self.replaced, *self.created]},
        )

    def payload(self) -> dict[str, Any]:
        """Journal payload: whose version, and the consensus segments before and after."""
        return {
            "article": self.article_id,
            "code": self.code_id,
            "from_coder": self.from_coder_id,
            "consensus_coder": self.consensus_coder_id,
            "before": [[r["guid"], r["start"], r["end"]] for r in self.replaced],
            "after": [[r["guid"], r["start"], r["end"]] for r in self.created],
        }

    def entity_guid(self) -> str | None:
        """The first new consensus segment's GUID (or the first removed one's)."""
        rows = self.created or self.replaced
        return str(rows[0]["guid"]) if rows else None

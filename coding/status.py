"""A coder's own done marks: which of their articles are done, and the undoable "mark done".

Stored as assignment rows (the lead's assignments, team.assignments, are the same rows):
marking an unassigned article done assigns it on the way, and undo removes that row again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import Assignment, utcnow
from models.journal import Changes

__all__ = ["SetStatus", "statuses"]


def statuses(session: Session, coder_id: int, ids: Collection[int] | None = None) -> dict[int, str]:
    """Article id -> 'todo' or 'done' for the coder's assigned articles (or only these)."""
    query = select(Assignment.article_id, Assignment.status).where(Assignment.coder_id == coder_id)
    if ids is not None:
        query = query.where(Assignment.article_id.in_(list(ids)))
    rows = session.execute(query)
    return {int(article_id): str(status) for article_id, status in rows}


@dataclass
class SetStatus:
    """Mark an article done (or not) for a coder; an unassigned article is assigned on the way."""

    article_id: int
    coder_id: int
    done: bool
    label: str = "Mark article done"
    action: str = "article-status"
    entity: str = "assignment"
    before: str | None = None  # None: there was no assignment

    def _write(self, session: Session, status: str | None) -> Changes:
        row = session.scalar(
            select(Assignment).where(
                Assignment.article_id == self.article_id, Assignment.coder_id == self.coder_id
            )
        )
        if status is None:
            if row is not None:
                session.delete(row)
        else:
            if row is None:
                row = Assignment(article_id=self.article_id, coder_id=self.coder_id)
                session.add(row)
            row.status = status
            row.done_at = utcnow() if status == "done" else None
        return Changes(articles={self.article_id}, assignments=True)

    def apply(self, session: Session) -> Changes:
        """Store the new status, remembering the old one."""
        self.before = statuses(session, self.coder_id).get(self.article_id)
        return self._write(session, "done" if self.done else "todo")

    def revert(self, session: Session) -> Changes:
        """Restore the old status (or no assignment)."""
        return self._write(session, self.before)

    def payload(self) -> dict[str, Any]:
        """Journal payload."""
        return {"article": self.article_id, "before": self.before, "done": self.done}

    def entity_guid(self) -> str | None:
        """Assignments have no GUID."""
        return None

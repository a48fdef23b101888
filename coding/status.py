"""A coder's own done marks: which articles are done, which the lead assigned, and the undoable
"mark done".

Done is a status, not an assignment. Both live in `assignments` rows: a row the lead made is
`assigned` (in the coder's queue) with status todo or done; a done mark on an article nobody
assigned is a row with `assigned` false, so it shows as done everywhere but puts nothing in a
queue. Marking such an article not done removes that row again; undo puts back exactly what
was there before (no row, or the row with its status).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import Assignment, utcnow
from models.journal import Changes

__all__ = ["SetStatus", "assigned_articles", "statuses"]


def statuses(session: Session, coder_id: int, ids: Collection[int] | None = None) -> dict[int, str]:
    """Article id -> 'todo' or 'done' for the coder's assigned or done articles (or only these).

    An article the lead did not assign and the coder did not mark done is absent.
    """
    query = select(Assignment.article_id, Assignment.status).where(Assignment.coder_id == coder_id)
    if ids is not None:
        query = query.where(Assignment.article_id.in_(list(ids)))
    rows = session.execute(query)
    return {int(article_id): str(status) for article_id, status in rows}


def assigned_articles(session: Session, coder_id: int) -> set[int]:
    """The ids of the articles the lead assigned this coder: the coder's queue."""
    query = select(Assignment.article_id).where(
        Assignment.coder_id == coder_id, Assignment.assigned.is_(True)
    )
    return {int(article_id) for article_id in session.scalars(query)}


@dataclass
class SetStatus:
    """Mark an article done (or not) for a coder; this never assigns the article."""

    article_id: int
    coder_id: int
    done: bool
    label: str = "Mark article done"
    action: str = "article-status"
    entity: str = "assignment"
    before: str | None = None  # None: there was no row
    before_assigned: bool = False

    def _row(self, session: Session) -> Assignment | None:
        return session.scalar(
            select(Assignment).where(
                Assignment.article_id == self.article_id, Assignment.coder_id == self.coder_id
            )
        )

    def _write(self, session: Session, status: str | None, assigned: bool) -> Changes:
        row = self._row(session)
        if status is None or (status == "todo" and not assigned):
            # Not done and not assigned: nothing to remember.
            if row is not None:
                session.delete(row)
        else:
            if row is None:
                row = Assignment(
                    article_id=self.article_id, coder_id=self.coder_id, assigned=assigned
                )
                session.add(row)
            row.assigned = assigned
            row.status = status
            row.done_at = utcnow() if status == "done" else None
        return Changes(articles={self.article_id}, assignments=True)

    def apply(self, session: Session) -> Changes:
        """Store the new status, remembering the old one; the queue stays as it was."""
        row = self._row(session)
        self.before = None if row is None else str(row.status)
        self.before_assigned = row is not None and bool(row.assigned)
        return self._write(session, "done" if self.done else "todo", self.before_assigned)

    def revert(self, session: Session) -> Changes:
        """Restore the old status (or no row)."""
        return self._write(session, self.before, self.before_assigned)

    def payload(self) -> dict[str, Any]:
        """Journal payload."""
        return {
            "article": self.article_id,
            "before": self.before,
            "assigned": self.before_assigned,
            "done": self.done,
        }

    def entity_guid(self) -> str | None:
        """Assignments have no GUID."""
        return None

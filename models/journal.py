"""Undoable operations and the journal: every user change is an Operation, recorded as an Event.

An `Operation` knows how to apply itself and how to revert itself inside a session, and says
what it changed (`Changes`), so panels can refresh from one broadcast. `perform` runs one in a
transaction and appends its event to the journal; `UndoStack` keeps a session's operations so
that undo and redo cover every coding and codebook action. Services build operations; the GUI
only pushes them. It lives in the lowest layer because codebook and coding both build them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

from models.database import ProjectDatabase
from models.entities import Event, utcnow
from models.ids import new_guid


@dataclass
class Changes:
    """What an operation changed, for refreshing views."""

    articles: set[int] = field(default_factory=set)
    segments: set[int] = field(default_factory=set)
    values: set[int] = field(default_factory=set)
    codebook: bool = False
    assignments: bool = False
    visibility: bool = False  # what a coder may see changed (blind mode): redraw everything
    suggestions: bool = False  # a machine suggestion was accepted, rejected or put back

    def merge(self, other: Changes) -> Changes:
        """Both sets of changes."""
        return Changes(
            self.articles | other.articles,
            self.segments | other.segments,
            self.values | other.values,
            self.codebook or other.codebook,
            self.assignments or other.assignments,
            self.visibility or other.visibility,
            self.suggestions or other.suggestions,
        )


class Operation(Protocol):
    """A user action that can be applied and reverted."""

    label: str  # shown in the Edit menu: "Undo Rename code"
    action: str  # journal action name: "code-rename", "segment-add", ...
    entity: str  # "code", "segment", "value", "codebook", ...

    def apply(self, session: Session) -> Changes:
        """Make the change (first time and on redo)."""
        ...

    def revert(self, session: Session) -> Changes:
        """Undo the change exactly."""
        ...

    def payload(self) -> dict[str, Any]:
        """What the journal records about the change (JSON-serialisable)."""
        ...

    def entity_guid(self) -> str | None:
        """The GUID of the main thing changed, if any."""
        ...


def _record(session: Session, operation: Operation, coder_id: int | None, kind: str) -> None:
    session.add(
        Event(
            guid=new_guid(),
            at=utcnow(),
            coder_id=coder_id,
            action=operation.action if kind == "do" else f"{kind}:{operation.action}",
            entity=operation.entity,
            entity_guid=operation.entity_guid(),
            payload=operation.payload(),
        )
    )


def perform(
    database: ProjectDatabase, operation: Operation, coder_id: int | None = None
) -> Changes:
    """Apply an operation in one transaction and journal it; nothing is stored if it fails."""
    with database.session() as session:
        changes = operation.apply(session)
        _record(session, operation, coder_id, "do")
    return changes


class UndoStack:
    """The operations of one working session, for undo and redo (plain Python, no Qt)."""

    def __init__(self, database: ProjectDatabase, coder_id: int | None = None) -> None:
        """Operations are performed on `database` in the name of `coder_id`."""
        self.database = database
        self.coder_id = coder_id
        self._done: list[Operation] = []
        self._undone: list[Operation] = []

    def push(self, operation: Operation) -> Changes:
        """Perform a new operation; it clears the redo list."""
        changes = perform(self.database, operation, self.coder_id)
        self._done.append(operation)
        self._undone.clear()
        return changes

    def undo(self) -> Changes | None:
        """Revert the last operation; None when there is nothing to undo."""
        if not self._done:
            return None
        operation = self._done[-1]
        with self.database.session() as session:
            changes = operation.revert(session)
            _record(session, operation, self.coder_id, "undo")
        self._undone.append(self._done.pop())
        return changes

    def redo(self) -> Changes | None:
        """Apply the last undone operation again; None when there is nothing to redo."""
        if not self._undone:
            return None
        operation = self._undone[-1]
        with self.database.session() as session:
            changes = operation.apply(session)
            _record(session, operation, self.coder_id, "redo")
        self._done.append(self._undone.pop())
        return changes

    @property
    def undo_label(self) -> str | None:
        """The label of what undo would revert."""
        return self._done[-1].label if self._done else None

    @property
    def redo_label(self) -> str | None:
        """The label of what redo would apply."""
        return self._undone[-1].label if self._undone else None

    def clear(self) -> None:
        """Forget every operation (after a reload, for instance)."""
        self._done.clear()
        self._undone.clear()

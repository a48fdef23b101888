"""Who else is in a shared project, and whether what the team shares has changed.

A window polls `shared_state` every few seconds (off the UI thread) and hands the result to
`Workspace.apply_shared_state`, which turns a difference into the same `Changes` broadcast a
local action makes, so panels refresh the one way they always do. What is shared: the codebook
(its version rises on every codebook change, `codebook/operations.py`), the project settings
(blind mode) and the coder's own assignments (the lead assigns and unassigns).

Presence is read from PostgreSQL's `pg_stat_activity`: every articoder connection sets
application_name "articoder" (models/database.py) and connects as the coder's own role, whose
coder is the `coders.db_role` match. An SQLite file has no such registry: nobody is listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from models.database import APPLICATION_NAME, ProjectDatabase
from models.entities import Assignment, ProjectInfo


@dataclass(frozen=True)
class SharedState:
    """The shared things one coder's window follows, as comparable values."""

    codebook_version: int
    blind: bool
    assignments: tuple[int, int]  # this coder's assignment count and newest assignment id
    connected: tuple[str, ...] = ()  # coder names connected now (PostgreSQL only)
    generation: int = 0  # the Workspace's count of its own shared changes when read


_CONNECTED = text(
    "SELECT DISTINCT COALESCE(c.name, a.usename) FROM pg_stat_activity a "
    "LEFT JOIN coders c ON c.db_role = a.usename "
    "WHERE a.datname = current_database() AND a.application_name = :name"
)


def _connected(session: Session) -> tuple[str, ...]:
    if session.get_bind().dialect.name != "postgresql":
        return ()  # a file keeps no registry of its users
    names = session.execute(_CONNECTED, {"name": APPLICATION_NAME}).scalars()
    return tuple(sorted(str(n) for n in names if n))


def connected_coders(database: ProjectDatabase) -> tuple[str, ...]:
    """The names of the coders connected to a shared project now, sorted; () on SQLite."""
    with database.session() as session:
        return _connected(session)


def shared_state(database: ProjectDatabase, coder_id: int) -> SharedState:
    """The shared things as they are now (a few small queries, one session; any thread)."""
    with database.session() as session:
        version, settings = session.execute(
            select(ProjectInfo.codebook_version, ProjectInfo.settings)
        ).one()
        count, newest = session.execute(
            select(func.count(), func.max(Assignment.id)).where(Assignment.coder_id == coder_id)
        ).one()
        connected = _connected(session)
    return SharedState(
        codebook_version=int(version),
        blind=bool((settings or {}).get("blind", True)),
        assignments=(int(count), int(newest or 0)),
        connected=connected,
    )

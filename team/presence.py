"""Who else is working in a shared project now.

Read from PostgreSQL's `pg_stat_activity`: every articoder connection sets application_name
"articoder" (models/database.py) and connects as the coder's own role, whose coder is the
`coders.db_role` match. An SQLite file has no such registry: nobody is listed. The window's
poller (gui/team_poller.py) reads it beside coding.following's shared state.
"""

from __future__ import annotations

from sqlalchemy import text

from models.database import APPLICATION_NAME, ProjectDatabase

__all__ = ["connected_coders"]

_CONNECTED = text(
    "SELECT DISTINCT COALESCE(c.name, a.usename) FROM pg_stat_activity a "
    "LEFT JOIN coders c ON c.db_role = a.usename "
    "WHERE a.datname = current_database() AND a.application_name = :name"
)


def connected_coders(database: ProjectDatabase) -> tuple[str, ...]:
    """The names of the coders connected to a shared project now, sorted; () on SQLite."""
    if database.dialect != "postgresql":
        return ()  # a file keeps no registry of its users
    with database.session() as session:
        names = session.execute(_CONNECTED, {"name": APPLICATION_NAME}).scalars()
        return tuple(sorted(str(n) for n in names if n))

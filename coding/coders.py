"""Coders: finding or adding the person who codes, listing the team, and knowing who connects.

In an SQLite project (and a server project opened with an administrator's URL) the coder is
chosen by name. On a shared PostgreSQL server (team.server) each person connects as their
own role, and the coder of a connection is the `coders` row whose `db_role` is that role: the
name typed in the window does not matter, and a coder role cannot add coders. The bundled demo
project names the coder it opens as (the `demo_coder` setting), so a first launch asks nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text

from models.database import ProjectDatabase, ProjectError
from models.entities import Coder, ProjectInfo, Segment
from models.ids import CoderId, new_guid


@dataclass(frozen=True)
class CoderInfo:
    """A coder as plain data."""

    id: CoderId
    guid: str
    name: str
    is_lead: bool


# The project setting naming (by GUID) the coder the window opens the demo project as.
DEMO_CODER_SETTING = "demo_coder"


def _info(coder: Coder) -> CoderInfo:
    return CoderInfo(CoderId(coder.id), coder.guid, coder.name, coder.is_lead)


def list_coders(database: ProjectDatabase) -> list[CoderInfo]:
    """Every coder, by name."""
    with database.session() as session:
        return [_info(c) for c in session.scalars(select(Coder).order_by(Coder.name))]


def ensure_coder(database: ProjectDatabase, name: str, is_lead: bool = False) -> CoderInfo:
    """The coder of that name, added if the project has none yet (the first one leads)."""
    name = name.strip()
    if not name:
        raise ValueError("a coder needs a name")
    with database.session() as session:
        coder = session.scalar(select(Coder).where(Coder.name == name))
        if coder is None:
            # The first coder of a project is the one who set it up: the lead.
            first = session.scalar(select(Coder.id).limit(1)) is None
            coder = Coder(guid=new_guid(), name=name, is_lead=is_lead or first)
            session.add(coder)
            session.flush()
        return _info(coder)


def coder_for_connection(database: ProjectDatabase) -> CoderInfo | None:
    """On PostgreSQL, the coder whose db_role is the connection's login role; else None."""
    if database.dialect != "postgresql":
        return None
    with database.session() as session:
        # session_user, not current_user: the login role, whatever SET ROLE did since.
        coder = session.scalar(select(Coder).where(Coder.db_role == func.session_user()))
        return None if coder is None else _info(coder)


def workspace_coder(database: ProjectDatabase, name: str) -> CoderInfo:
    """Who works in a Workspace: the connection's own coder on a server, else the named one.

    A role of a shared server that matches no coder may not add one (only the lead can), so it
    gets a clear error instead of working under someone else's name.
    """
    coder = coder_for_connection(database)
    if coder is not None:
        return coder
    if database.dialect == "postgresql":
        with database.session() as session:
            role, may_add = session.execute(
                text("SELECT session_user, has_table_privilege('coders', 'INSERT')")
            ).one()
        if not may_add:
            raise ProjectError(
                f"no coder of this project connects as database role {role}; ask your lead to "
                "run `articoder server add-coder URL NAME`"
            )
    return ensure_coder(database, name)


def demo_coder_guid(database: ProjectDatabase) -> str | None:
    """The GUID of the coder the window opens the demo project as; None for other projects."""
    with database.session() as session:
        settings = session.scalars(select(ProjectInfo.settings)).one() or {}
    guid = settings.get(DEMO_CODER_SETTING)
    return guid if isinstance(guid, str) else None


def has_coded(database: ProjectDatabase, coder_id: int) -> bool:
    """Whether the coder has made any segment in this project (the window's first-use hint)."""
    with database.session() as session:
        found = session.scalar(select(Segment.id).where(Segment.coder_id == coder_id).limit(1))
    return found is not None

"""Coders: finding or adding the person who codes, and listing the team."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from models.database import ProjectDatabase
from models.entities import Coder
from models.ids import CoderId, new_guid


@dataclass(frozen=True)
class CoderInfo:
    """A coder as plain data."""

    id: CoderId
    guid: str
    name: str
    is_lead: bool


def list_coders(database: ProjectDatabase) -> list[CoderInfo]:
    """Every coder, by name."""
    with database.session() as session:
        return [
            CoderInfo(CoderId(c.id), c.guid, c.name, c.is_lead)
            for c in session.scalars(select(Coder).order_by(Coder.name))
        ]


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
        return CoderInfo(CoderId(coder.id), coder.guid, coder.name, coder.is_lead)

"""Who else is connected to a shared project: nobody on a file, each coder by role on a server."""

from __future__ import annotations

from sqlalchemy import update

from coding.workspace import Workspace
from models.entities import Coder
from team.presence import connected_coders


def test_who_is_connected(workspace: Workspace) -> None:
    database = workspace.database
    if database.dialect == "sqlite":
        assert connected_coders(database) == ()  # a file keeps no registry of its users
        return
    # The tests connect as the superuser `postgres`: listed by role until a coder has it.
    with database.engine.connect():
        assert "postgres" in connected_coders(database)
        with database.session() as session:
            session.execute(
                update(Coder).where(Coder.id == workspace.coder.id).values(db_role="postgres")
            )
        assert connected_coders(database) == (workspace.coder.name,)

"""What a coding window follows of its project while it is open, and whether it changed.

A window polls `shared_state` every few seconds (off the UI thread) and hands the result to
`Workspace.apply_shared_state`, which turns a difference into the same `Changes` broadcast a
local action makes, so panels refresh the one way they always do. What is followed: the
codebook (its version rises on every codebook change, `codebook/operations.py`), the project
settings (blind mode), the coder's own assignments (the lead assigns and unassigns), and work
stored by other processes (a command-line import, a merge, a codings import, another window on
the same file): `work` is a token of the journal and the articles (the newest journal entry and
the articles' count and newest id, all read through primary keys), which every change of
coding or articles moves. On an SQLite file, `write_locked` says whether another program holds
the write lock right now (a probe that asks for it without waiting), so a window can tell its
coder why a save is waiting.

Who else is connected to a shared server is team presence: team.presence.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from models.database import ProjectDatabase
from models.entities import Article, Assignment, Event, ProjectInfo
from models.project_file import write_lock_held


@dataclass(frozen=True)
class SharedState:
    """The shared things one coder's window follows, as comparable values."""

    codebook_version: int
    blind: bool
    assignments: tuple[int, int]  # this coder's assignment count and the sum of their ids
    generation: int = 0  # the Workspace's count of its own shared changes when read
    work: tuple[int, int, int] = (0, 0, 0)  # newest journal id, article count, newest article
    write_locked: bool = False  # another program holds the SQLite file's write lock now


def shared_state(database: ProjectDatabase, coder_id: int) -> SharedState:
    """The shared things as they are now (a few small queries, one session; any thread)."""
    with database.session() as session:
        version, settings = session.execute(
            select(ProjectInfo.codebook_version, ProjectInfo.settings)
        ).one()
        # The sum of the ids, not the newest: on a server a coder's own rows take ids from a
        # range of their own, above the lead's (team.server_hardening), so a lead's new
        # assignment need not be the largest id; any row replaced changes the sum.
        count, ids = session.execute(
            select(func.count(), func.sum(Assignment.id)).where(Assignment.coder_id == coder_id)
        ).one()
        newest_event = session.scalar(select(func.max(Event.id)))
        articles, newest_article = session.execute(select(func.count(), func.max(Article.id))).one()
    path = database.path
    return SharedState(
        codebook_version=int(version),
        blind=bool((settings or {}).get("blind", True)),
        assignments=(int(count), int(ids or 0)),
        work=(int(newest_event or 0), int(articles), int(newest_article or 0)),
        write_locked=path is not None and write_lock_held(path),
    )

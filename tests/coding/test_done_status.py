"""Done is a status, not an assignment (issue 15, point 3).

A coder's done mark on an article nobody assigned shows as done but is in no queue; the lead's
assignments are the queue; assigning, unassigning and undo keep the two apart; progress counts
assigned and done separately; migration 0005 keeps every old row as assigned.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select

from coding.coders import ensure_coder
from coding.status import assigned_articles, statuses
from coding.workspace import Workspace
from corpus.importer import import_paths
from models.database import create_project, open_project
from models.entities import Article, Assignment
from team.assignments import assign, assignable_articles, queue, unassign
from team.progress import team_progress
from tests.coding.conftest import article_id


def _rows(workspace: Workspace) -> list[tuple[int, str, bool]]:
    with workspace.database.session() as session:
        return [
            (int(a), str(s), bool(g))
            for a, s, g in session.execute(
                select(Assignment.article_id, Assignment.status, Assignment.assigned).where(
                    Assignment.coder_id == workspace.coder.id
                )
            )
        ]


def test_marking_done_puts_nothing_in_the_queue(workspace: Workspace) -> None:
    first = article_id(workspace, "新桥")
    workspace.set_done(first)
    assert _rows(workspace) == [(first, "done", False)]
    row = next(r for r in workspace.article_rows() if r.id == first)
    assert row.status == "done"  # shown as done in the list
    with workspace.database.session() as session:
        assert assigned_articles(session, workspace.coder.id) == set()
    assert queue(workspace.database, workspace.coder.name) == []
    # Every article is still free for the lead's plan.
    assert first in assignable_articles(workspace.database, unassigned_only=True)


def test_not_done_again_and_undo_leave_no_trace(workspace: Workspace) -> None:
    first = article_id(workspace, "新桥")
    workspace.set_done(first)
    workspace.set_done(first, False)
    assert _rows(workspace) == []  # not done and not assigned: nothing to remember
    workspace.undo()
    assert _rows(workspace) == [(first, "done", False)]
    workspace.undo()
    assert _rows(workspace) == []
    workspace.redo()
    assert _rows(workspace) == [(first, "done", False)]


def test_an_assigned_article_stays_in_the_queue_when_done_and_undone(
    workspace: Workspace,
) -> None:
    first = article_id(workspace, "新桥")
    assign(workspace.database, {workspace.coder.name: [first]})
    workspace.set_done(first)
    assert _rows(workspace) == [(first, "done", True)]
    workspace.set_done(first, False)
    assert _rows(workspace) == [(first, "todo", True)]
    workspace.undo()
    workspace.undo()
    assert _rows(workspace) == [(first, "todo", True)]
    assert [item.article_id for item in queue(workspace.database, workspace.coder.name)] == [first]


def test_the_lead_assigning_a_done_article_keeps_it_done(workspace: Workspace) -> None:
    first, second = article_id(workspace, "新桥"), article_id(workspace, "東湖")
    workspace.set_done(first)
    report = assign(workspace.database, {workspace.coder.name: [first, second]})
    assert report.added[workspace.coder.name] == 2
    assert sorted(_rows(workspace)) == sorted([(first, "done", True), (second, "todo", True)])
    items = queue(workspace.database, workspace.coder.name)
    assert [(i.article_id, i.status) for i in items] == [(second, "todo"), (first, "done")]


def test_unassigning_leaves_a_coders_own_done_mark_alone(workspace: Workspace) -> None:
    first, second = article_id(workspace, "新桥"), article_id(workspace, "東湖")
    assign(workspace.database, {workspace.coder.name: [second]})
    workspace.set_done(first)  # never assigned
    report = unassign(workspace.database, workspace.coder.name, [first, second])
    assert report.removed[workspace.coder.name] == 1
    assert _rows(workspace) == [(first, "done", False)]
    with workspace.database.session() as session:
        assert statuses(session, workspace.coder.id) == {first: "done"}


def test_progress_counts_assigned_and_done_apart(workspace: Workspace) -> None:
    first, second, third = (article_id(workspace, p) for p in ("新桥", "東湖", "𠮷祥"))
    assign(workspace.database, {workspace.coder.name: [first, second]})
    workspace.set_done(first)
    workspace.set_done(third)  # not assigned
    mine = next(c for c in team_progress(workspace.database).coders if c.name == "甲")
    assert (mine.assigned, mine.done, mine.done_assigned, mine.todo) == (2, 2, 1, 1)
    assert mine.share_done == 0.5


def test_migration_0005_keeps_old_rows_assigned(tmp_path: Path) -> None:
    """An 0004 project's rows (self-marked or the lead's, indistinguishable) stay assigned."""
    path = tmp_path / "old.articoder"
    (tmp_path / "a.txt").write_text("新桥社区简讯\n新桥社区成立楼栋党小组。", encoding="utf-8")
    database = create_project(path)
    coder = ensure_coder(database, "甲")
    import_paths(database, [tmp_path / "a.txt"])
    with database.session() as session:
        first = session.scalars(select(Article.id)).one()
    assign(database, {"甲": [first]})
    database.close()
    with sqlite3.connect(path) as connection:
        # Back to 0004, as a project made before this change: no column, a done row.
        connection.execute("ALTER TABLE assignments DROP COLUMN assigned")
        connection.execute("UPDATE assignments SET status = 'done'")
        connection.execute("UPDATE alembic_version SET version_num = '0004'")
    connection.close()
    database = open_project(path)
    try:
        with database.session() as session:
            row = session.scalars(select(Assignment)).one()
            assert (row.coder_id, row.status, row.assigned) == (coder.id, "done", True)
            assert assigned_articles(session, coder.id) == {first}
    finally:
        database.close()

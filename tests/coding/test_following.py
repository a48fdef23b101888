"""Following the team: another coder's codebook, assignment and blind-mode changes reach a
workspace as the usual Changes broadcast, on SQLite and PostgreSQL; our own changes do not.
"""

from __future__ import annotations

import sqlite3

import pytest

from codebook.operations import RenameCode
from coding.coders import ensure_coder
from coding.workspace import TEAM, Workspace
from models.database import open_project
from models.entities import Assignment
from models.journal import Changes
from tests.coding.conftest import article_id, code_id


def _follow(workspace: Workspace) -> list[tuple[Changes, object | None]]:
    heard: list[tuple[Changes, object | None]] = []
    workspace.subscribe(lambda changes, initiator: heard.append((changes, initiator)))
    assert workspace.apply_shared_state(workspace.shared_state()) is None  # the baseline
    return heard


def test_team_changes_are_heard(workspace: Workspace) -> None:
    lead = workspace
    coder = Workspace(lead.database, ensure_coder(lead.database, "乙"))
    heard = _follow(coder)
    assert coder.apply_shared_state(coder.shared_state()) is None  # nothing changed

    lead.perform(RenameCode(code_id(lead, "红色物业"), "红色物业服务"))
    changes = coder.apply_shared_state(coder.shared_state())
    assert changes is not None and changes.codebook and not changes.assignments
    assert heard[-1] == (changes, TEAM)

    with lead.database.session() as session:
        session.add(Assignment(article_id=article_id(lead, "新桥"), coder_id=coder.coder.id))
    changes = coder.apply_shared_state(coder.shared_state())
    assert changes is not None and changes.assignments and not changes.codebook
    assert [r.status for r in coder.article_rows() if r.title.startswith("新桥")] == ["todo"]

    assert coder.blind
    lead.set_blind(False)
    changes = coder.apply_shared_state(coder.shared_state())
    assert changes is not None and changes.visibility
    assert not coder.blind  # picked up without reopening the project
    assert coder.apply_shared_state(coder.shared_state()) is None
    assert len(heard) == 3


def test_own_changes_are_not_news(workspace: Workspace) -> None:
    heard = _follow(workspace)
    workspace.perform(RenameCode(code_id(workspace, "红色物业"), "红色物业服务"))
    workspace.set_done(article_id(workspace, "新桥"))
    assert len(heard) == 2  # the two actions themselves
    assert workspace.apply_shared_state(workspace.shared_state()) is None
    assert len(heard) == 2


def test_a_poll_read_before_our_own_change_is_dropped(workspace: Workspace) -> None:
    lead = workspace
    _follow(lead)
    early = lead.shared_state()  # read, then our own change lands before it arrives
    lead.set_blind(False)
    assert lead.apply_shared_state(early) is None
    assert not lead.blind  # the stale state did not undo our change
    assert lead.apply_shared_state(lead.shared_state()) is None  # nor is it news to us


def test_our_change_and_the_teams_in_one_poll(workspace: Workspace) -> None:
    lead = workspace
    coder = Workspace(lead.database, ensure_coder(lead.database, "乙"))
    _follow(coder)
    coder.set_done(article_id(coder, "新桥"))  # the coder's own assignments change
    lead.perform(RenameCode(code_id(lead, "红色物业"), "红色物业服务"))  # and the lead's codebook
    changes = coder.apply_shared_state(coder.shared_state())
    assert changes is not None and changes.codebook and not changes.assignments


def test_a_stored_action_never_fails_on_a_look_at_the_team(workspace: Workspace) -> None:
    _follow(workspace)

    def unreachable() -> object:
        raise OSError("the server went away")

    workspace.shared_state = unreachable  # type: ignore[method-assign]
    workspace.perform(RenameCode(code_id(workspace, "红色物业"), "红色物业服务"))
    workspace.set_done(article_id(workspace, "新桥"))
    assert any(c.path[-1] == "红色物业服务" for c in workspace.codes())


def test_work_stored_by_another_program_is_heard(workspace: Workspace) -> None:
    # Another program on the same file: its own connections, as `articoder codings import`
    # or a second window would have.
    other_database = open_project(workspace.database.url)
    try:
        other = Workspace(other_database, ensure_coder(other_database, "乙"))
        workspace.set_blind(False)
        heard = _follow(workspace)
        article = article_id(workspace, "新桥")
        other.code_span(article, 0, 4, code_id(other, "红色物业"))
        changes = workspace.apply_shared_state(workspace.shared_state())
        assert changes is not None and changes.visibility  # everything is redrawn
        assert heard[-1] == (changes, TEAM)
        assert [s.coder_id for s in workspace.segments(article)] == [other.coder.id]
        assert workspace.apply_shared_state(workspace.shared_state()) is None
        workspace.code_span(article, 5, 8, code_id(workspace, "红色物业"))  # our own: no news
        assert workspace.apply_shared_state(workspace.shared_state()) is None
    finally:
        other_database.close()


def test_a_write_lock_held_by_another_program_is_seen(workspace: Workspace) -> None:
    path = workspace.database.path
    if path is None:
        pytest.skip("a server has no file lock: its waits end in a lock timeout instead")
    assert not workspace.shared_state().write_locked
    holder = sqlite3.connect(str(path), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        assert workspace.shared_state().write_locked
        holder.execute("ROLLBACK")
        assert not workspace.shared_state().write_locked
    finally:
        holder.close()

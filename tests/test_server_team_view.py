"""On a shared server, the team view as each role sees it: who is connected, the progress
numbers (the database hides other coders' rows from a blind coder), and the lead's codebook
change reaching a coder's workspace without a restart.
"""

from __future__ import annotations

import pytest

from codebook.operations import RenameCode
from team.presence import connected_coders
from team.progress import team_progress
from tests.server_fixtures import server_url
from tests.test_server_roles import Team, team

pytestmark = pytest.mark.postgres
__all__ = ["server_url", "team"]


def _first_leaf(team: Team) -> int:
    codes = team.workspace("lead").codes()
    return next(c.id for c in codes if not any(o.path[:-1] == c.path for o in codes))


def test_presence_progress_and_following(team: Team) -> None:
    lead, alice, bob = (team.workspace(name) for name in ("lead", "alice", "bob"))
    code = _first_leaf(team)
    article = alice.article_rows()[0].id
    alice.code_span(article, 0, 2, code)
    alice.set_done(article)
    bob.code_span(article, 2, 4, code)

    # Every open workspace holds a connection: each coder is listed by name, not by role.
    assert set(connected_coders(alice.database)) >= {"alice", "bob", "lead"}

    everyone = {c.name: c for c in team_progress(lead.database).coders}
    assert (everyone["alice"].segments, everyone["alice"].done) == (1, 1)
    assert everyone["bob"].segments == 1
    # A blind coder asks for everything; the database answers with their own rows only.
    seen_by_alice = team_progress(alice.database)
    assert {c.name: c.segments for c in seen_by_alice.coders if c.segments} == {"alice": 1}
    assert {d.coder_id for d in seen_by_alice.days} == {alice.coder.id}

    assert alice.apply_shared_state(alice.shared_state()) is None  # the baseline
    lead.perform(RenameCode(code, "改名后的代码"))
    changes = alice.apply_shared_state(alice.shared_state())
    assert changes is not None and changes.codebook
    assert any(c.path[-1] == "改名后的代码" for c in alice.codes())

"""A shared PostgreSQL server: what each role may see and change is decided by the database.

The refusals are checked with raw SQL through each person's own connection (not through our
services), then through the services: the Workspace tests of tests/coding pass unchanged when
the Workspace connects as a coder's role, and a refusal reaches the user as a clear NotAllowed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from articoder.cli import main
from codebook.operations import RenameCode
from coding.workspace import Workspace
from models.database import NotAllowed, ProjectError
from team.server import Login, add_coder, init_server
from tests.coding.conftest import ARTICLES
from tests.coding.test_workspace import (
    test_auto_code_is_one_step,
    test_bad_spans_refused,
    test_code_undo_redo,
    test_done_status,
    test_group_code_and_retired_code_refused,
    test_offsets_after_astral_characters,
    test_values_validated_and_undone,
)
from tests.server_fixtures import CODEBOOK, fill_project, role_url, server_url

pytestmark = pytest.mark.postgres

# The Workspace tests of tests/coding, collected here again with `workspace` below: a
# Workspace connected as a coder's own role on a shared server.
__all__ = [
    "server_url",
    "test_auto_code_is_one_step",
    "test_bad_spans_refused",
    "test_code_undo_redo",
    "test_done_status",
    "test_group_code_and_retired_code_refused",
    "test_offsets_after_astral_characters",
    "test_values_validated_and_undone",
]


class Team:
    """A server project with a lead and two coders, each with their own engine and Workspace."""

    def __init__(self, admin_url: str, logins: dict[str, Login]) -> None:
        self.admin_url = admin_url
        self.logins = logins
        self.engines: dict[str, Engine] = {}
        self.workspaces: dict[str, Workspace] = {}

    def url(self, name: str) -> str:
        return role_url(self.admin_url, self.logins[name].role)

    def sql(self, name: str) -> Engine:
        """A plain engine of this person's own role: raw SQL, no articoder code in between."""
        if name not in self.engines:
            self.engines[name] = create_engine(self.url(name))
        return self.engines[name]

    def workspace(self, name: str) -> Workspace:
        if name not in self.workspaces:
            self.workspaces[name] = Workspace.open(self.url(name), "whatever the window typed")
        return self.workspaces[name]

    def close(self) -> None:
        for engine in self.engines.values():
            engine.dispose()
        for workspace in self.workspaces.values():
            workspace.close()


@pytest.fixture
def team(server_url: str, tmp_path: Path) -> Iterator[Team]:
    setup = init_server(server_url, lead="lead", coders=["alice", "bob"])
    fill_project(server_url, ARTICLES, tmp_path)
    team = Team(server_url, {login.name: login for login in setup.logins})
    yield team
    team.close()


@pytest.fixture
def workspace(team: Team) -> Workspace:
    """What the tests of tests/coding get: a Workspace of a coder connected as its own role."""
    return team.workspace("alice")


def _one(engine: Engine, sql: str, **values: object) -> object:
    with engine.connect() as connection:
        return connection.execute(text(sql), values).scalar()


def _all(engine: Engine, sql: str, **values: object) -> list[object]:
    with engine.connect() as connection:
        return list(connection.execute(text(sql), values).scalars())


def _refused(engine: Engine, sql: str, **values: object) -> str:
    """Run a change that the database must refuse; return its message (nothing is stored)."""
    with pytest.raises(DBAPIError) as caught, engine.begin() as connection:
        connection.execute(text(sql), values)
    return str(caught.value.orig)


def _code_both(team: Team) -> dict[str, int]:
    """alice and bob each code a span, set a value and mark the first article done; their ids."""
    ids = {}
    for name, start in (("alice", 0), ("bob", 2)):
        workspace = team.workspace(name)
        article = workspace.article_rows()[0].id
        leaf = next(c.id for c in workspace.codes() if c.path[-1] == "楼栋党小组")
        workspace.code_span(article, start, start + 2, leaf)
        tone = next(v.id for v in workspace.variables() if v.name == "tone")
        workspace.set_value(article, tone, "正面")
        workspace.set_done(article)
        ids[name] = workspace.coder.id
    return ids


def test_blind_coder_reads_and_writes_only_its_own_rows(team: Team) -> None:
    ids = _code_both(team)
    alice, bob = ids["alice"], ids["bob"]
    me = team.sql("alice")
    # The database itself hides bob's work from alice's role.
    assert _all(me, "SELECT coder_id FROM segments") == [alice]
    assert _one(me, "SELECT count(*) FROM segments WHERE coder_id = :b", b=bob) == 0
    assert _all(me, "SELECT coder_id FROM variable_values") == [alice]
    assert _all(me, "SELECT coder_id FROM assignments") == [alice]
    assert bob not in _all(me, "SELECT coder_id FROM events WHERE coder_id IS NOT NULL")
    # ...while the lead's codebook import (a shared journal entry) stays readable.
    assert "codebook" in _all(me, "SELECT entity FROM events")
    # Writing a row in bob's name is refused; changing his rows finds nothing.
    insert = (
        'INSERT INTO segments (guid, article_id, code_id, coder_id, start, "end", text, memo, '
        "codebook_version, created_at, updated_at) SELECT 'forged', article_id, code_id, :who, "
        "0, 1, 'x', '', 1, now(), now() FROM segments LIMIT 1"
    )
    assert "row-level security" in _refused(me, insert, who=bob)
    assert "row-level security" in _refused(
        me, "UPDATE segments SET coder_id = :b WHERE coder_id = :a", a=alice, b=bob
    )
    with me.connect() as connection:
        bobs = {"b": bob}
        assert (
            connection.execute(text("DELETE FROM segments WHERE coder_id = :b"), bobs).rowcount == 0
        )
        assert connection.execute(text("UPDATE variable_values SET value = 'x'")).rowcount == 1
        connection.rollback()
    assert _one(team.sql("lead"), "SELECT count(*) FROM segments WHERE coder_id = :b", b=bob) == 1


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE codes SET name = '改名'",
        "INSERT INTO codes (guid, position, name, definition, include_rule, exclude_rule, "
        "examples, keywords, color, retired, created_at) VALUES ('g', 0, '新码', '', '', '', "
        "'[]', '[]', '#888888', false, now())",
        "DELETE FROM codes",
        "UPDATE variables SET label = '改'",
        "DELETE FROM variable_choices",
        "UPDATE project SET settings = '{\"blind\": false}'",
        "UPDATE project SET codebook_version = codebook_version + 1",
        "INSERT INTO coders (guid, name, is_lead, created_at) VALUES ('g', '冒名', true, now())",
        "UPDATE coders SET is_lead = true",
        "UPDATE articles SET text = '改写'",
        "DELETE FROM events",
        # The table itself: for a coder, plain `segments` is their own view, which no one can
        # truncate (tests/test_server_hardening.py).
        "TRUNCATE public.segments",
    ],
)
def test_coder_cannot_change_codebook_settings_coders_or_articles(team: Team, sql: str) -> None:
    assert "permission denied" in _refused(team.sql("alice"), sql)


def test_lead_sees_and_changes_everything(team: Team) -> None:
    ids = _code_both(team)
    lead = team.sql("lead")
    assert sorted(_all(lead, "SELECT coder_id FROM segments")) == sorted(ids.values())
    assert sorted(_all(lead, "SELECT coder_id FROM variable_values")) == sorted(ids.values())
    assert sorted(_all(lead, "SELECT coder_id FROM assignments")) == sorted(ids.values())
    with lead.begin() as connection:
        assert connection.execute(text("UPDATE codes SET color = '#123456'")).rowcount > 0
        assert connection.execute(text("UPDATE segments SET memo = '核对'")).rowcount == 2
        connection.execute(text("DELETE FROM segments WHERE coder_id = :b"), {"b": ids["bob"]})
    assert _all(lead, "SELECT coder_id FROM segments") == [ids["alice"]]


def test_blind_off_coder_sees_all_but_still_writes_only_its_own(team: Team) -> None:
    ids = _code_both(team)
    with pytest.raises(NotAllowed, match="only the lead"):
        team.workspace("alice").set_blind(False)  # a coder may not lift blind mode
    team.workspace("lead").set_blind(False)
    me = team.sql("alice")
    assert sorted(_all(me, "SELECT coder_id FROM segments")) == sorted(ids.values())
    assert sorted(_all(me, "SELECT coder_id FROM variable_values")) == sorted(ids.values())
    assert ids["bob"] in _all(me, "SELECT coder_id FROM events")
    with me.begin() as connection:  # bob's rows are visible, not writable: nothing changes
        bob = {"b": ids["bob"]}
        assert (
            connection.execute(
                text("UPDATE segments SET memo = 'x' WHERE coder_id = :b"), bob
            ).rowcount
            == 0
        )
        assert (
            connection.execute(text("DELETE FROM segments WHERE coder_id = :b"), bob).rowcount == 0
        )
    assert "row-level security" in _refused(
        me,
        "INSERT INTO assignments (article_id, coder_id, status, assigned_at) "
        "SELECT id, :b, 'done', now() FROM articles LIMIT 1",
        b=ids["bob"],
    )
    # The Workspace of a coder shows everyone's segments now, as the database does.
    workspace = Workspace.open(team.url("alice"), "alice")
    try:
        assert not workspace.blind
        article = workspace.article_rows()[0].id
        assert {s.coder_id for s in workspace.segments(article)} == set(ids.values())
    finally:
        workspace.close()


def test_refusals_reach_the_user_as_clear_errors(team: Team) -> None:
    workspace = team.workspace("alice")
    code = workspace.codes()[-1]
    with pytest.raises(NotAllowed, match="only the lead can change the codebook") as caught:
        workspace.perform(RenameCode(code.id, "改名"))
    assert team.logins["alice"].role in str(caught.value)
    assert workspace.undo_stack.undo_label is None  # nothing half-done on the undo stack
    assert workspace.codes()[-1].path == code.path
    lead = team.workspace("lead")
    lead.perform(RenameCode(code.id, "改名"))
    assert workspace.codes()[-1].path[-1] == "改名"  # the coder sees the lead's codebook
    # A window that claimed to be bob on alice's connection could not write in his name.
    bob = team.workspace("bob").coder
    impostor = Workspace(workspace.database, bob)
    article = workspace.article_rows()[0].id
    with pytest.raises(NotAllowed, match="you can change only your own segments"):
        impostor.code_span(article, 0, 2, code.id)
    assert impostor.segments(article) == [] and impostor.undo_stack.undo_label is None


def test_the_role_decides_who_codes(team: Team, server_url: str) -> None:
    alice = team.workspace("alice")
    assert alice.coder.name == "alice" and not alice.coder.is_lead  # not the typed name
    article = alice.article_rows()[0].id
    boundaries = alice.word_boundaries(article)  # computed in memory: a coder may not cache
    assert boundaries and alice.word_boundaries(article) == boundaries
    assert team.workspace("lead").coder.is_lead
    # A coder role that matches no coders row (the lead unlinked carol) cannot add itself.
    stranger = add_coder(server_url, "carol")
    assert stranger.created and stranger.password
    with team.sql("lead").begin() as connection:
        connection.execute(text("UPDATE coders SET db_role = NULL WHERE name = 'carol'"))
    with pytest.raises(ProjectError, match="ask your lead to run `articoder server add-coder"):
        Workspace.open(role_url(server_url, stranger.role), "carol")


def test_the_command_line_reports_a_refusal_in_one_line(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["codebook", "import", team.url("alice"), str(CODEBOOK)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("articoder: only the lead can change the codebook")
    assert "Traceback" not in error and len(error.strip().splitlines()) == 1


def test_the_word_cache_is_the_leads_and_a_bad_row_misleads_nobody(team: Team) -> None:
    alice, bob, lead = (team.workspace(name) for name in ("alice", "bob", "lead"))
    article = alice.article_rows()[0].id
    text_length = len(alice.article(article).text)
    right = alice.word_boundaries(article)  # a coder computes; nothing is stored
    assert right[-1] == text_length
    count = "SELECT count(*) FROM article_words"
    assert _one(team.sql("lead"), count) == 0
    assert lead.word_boundaries(article) == right  # a lead stores the row
    assert _one(team.sql("lead"), count) == 1
    for sql in (
        "UPDATE article_words SET boundaries = '1,oops'",
        "DELETE FROM article_words",
        "INSERT INTO article_words (article_id, dictionary_version, boundaries) "
        "SELECT id, 1, '1' FROM articles WHERE id NOT IN (SELECT article_id FROM article_words)",
    ):
        assert "permission denied for table article_words" in _refused(team.sql("alice"), sql)
    # A row that is not boundaries of the text (written by anyone who still may) is not
    # believed: everyone gets the text's boundaries, and a lead's read repairs the row.
    for bad in ("1,oops", f"3,2,{text_length}", "2,4", ""):
        with team.sql("lead").begin() as connection:
            connection.execute(text("UPDATE article_words SET boundaries = :b"), {"b": bad})
        assert bob.word_boundaries(article) == right
        assert alice.word_boundaries(article) == right
    assert lead.word_boundaries(article) == right
    stored = _one(team.sql("lead"), "SELECT boundaries FROM article_words")
    assert stored == ",".join(map(str, right))

"""A shared server under attack by one of its coders (issue 13): nothing to count, nothing to stall.

Against the real PostgreSQL of the test session, with raw SQL through each person's own role
(no articoder code in between) and then through the Workspace:

- blind mode: EXPLAIN, EXPLAIN ANALYZE, the sequences, pg_class, the pg_stat_* views and size
  functions, explicit ids and the lead's journal entries tell a coder nothing of how much the
  others coded (team.server_hardening);
- a coder can take no lock that stalls anyone else, a lock that does make the lead wait ends
  after the lock timeout with a sentence naming who holds it, and a coder's connections are
  limited while the lead still gets in (models.server_failures for the sentences);
- a memo too long, a NUL and an unpaired surrogate are refused with a sentence, nothing stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from codebook.operations import MergeCodes
from coding.segments import CodingError
from models.database import head_revision
from models.server_failures import (
    CONNECT_TIMEOUT_S,
    DEFAULT_IDLE_IN_TRANSACTION,
    DEFAULT_LOCK_TIMEOUT,
    CommandTooLong,
    ProjectLocked,
    TextRefused,
    TooManyConnections,
    describe_postgres_error,
    install_postgres_hooks,
)
from models.text_limits import MEMO_LIMIT
from team import server as server_module
from team.server import init_server, role_names, server_status
from team.server_hardening import (
    CODER_CONNECTION_LIMIT,
    CODER_SETTINGS,
    LEAD_SETTINGS,
    coder_schema,
    id_range,
)
from tests.server_fixtures import fill_project, role_url, server_url
from tests.test_server_roles import Team, team

pytestmark = pytest.mark.postgres
__all__ = ["server_url", "team"]

BOBS_SEGMENTS = 300


def _hooked(url: str) -> Engine:
    """A plain engine of a role with articoder's PostgreSQL hooks (what make_engine will add)."""
    engine = create_engine(url, poolclass=NullPool)
    install_postgres_hooks(engine)
    return engine


def _one(engine: Engine, sql: str, **values: object) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(sql), values).scalar()


def _refusal(engine: Engine, sql: str, **values: object) -> str:
    """Run a statement the server must refuse; its message."""
    with pytest.raises(DBAPIError) as caught, engine.begin() as connection:
        connection.execute(text(sql), values)
    return str(caught.value.orig)


def _plan(engine: Engine, sql: str, analyze: bool = False, **values: object) -> dict[str, Any]:
    """The top node of the plan of `sql` as `engine`'s role sees it (EXPLAIN, as JSON)."""
    options = "ANALYZE, FORMAT JSON" if analyze else "FORMAT JSON"
    with engine.begin() as connection:
        found: Any = connection.execute(text(f"EXPLAIN ({options}) {sql}"), values).scalar()
    return dict(found[0]["Plan"])


def _codes(team: Team) -> dict[str, int]:
    return {c.path[-1]: c.id for c in team.workspace("lead").codes()}


def _bob_codes_a_lot(team: Team, code: int) -> int:
    """bob stores BOBS_SEGMENTS segments through his own view; the article's id."""
    bob = team.workspace("bob")
    article = bob.article_rows()[0].id
    covered = bob.article(article).text[:2]
    with team.sql("bob").begin() as connection:
        connection.execute(
            text(
                'INSERT INTO segments (guid, article_id, code_id, coder_id, start, "end", text, '
                "memo, codebook_version, created_at, updated_at) SELECT 'bob-' || n, :a, :c, "
                ":me, 0, 2, :t, '', 1, now(), now() FROM generate_series(1, :n) n"
            ),
            {"a": article, "c": code, "me": bob.coder.id, "t": covered, "n": BOBS_SEGMENTS},
        )
    return article


def test_a_blind_coder_counts_nothing_of_the_others_work(team: Team) -> None:
    codes = _codes(team)
    busy, quiet, target = codes["楼栋党小组"], codes["红色物业"], codes["党员中心户"]
    alice = team.workspace("alice")
    article = alice.article_rows()[0].id
    mine = [alice.code_span(article, 0, 2, busy), alice.code_span(article, 2, 4, quiet)]
    _bob_codes_a_lot(team, busy)
    admin = create_engine(team.admin_url)  # the tables' owner: only it may ANALYZE them
    with admin.begin() as connection:
        connection.exec_driver_sql("ANALYZE segments")
        ranges = {
            name: id_range(connection, "public", "segments", team.workspace(name).coder.id)
            for name in ("alice", "bob")
        }
    admin.dispose()
    lead = team.sql("lead")
    # The lead (who may) sees what there is to hide: 302 segments, 301 of them of one code
    # (the estimate, 263, is 301 times the planner's guess for the row-level policy).
    assert _one(lead, "SELECT reltuples FROM pg_class WHERE relname = 'segments'") == 302
    assert _plan(lead, "SELECT * FROM segments WHERE code_id = :c", c=busy)["Plan Rows"] > 250

    me = team.sql("alice")
    # EXPLAIN: a function scan whose estimate is the same constant for every code, and for a
    # project where nobody coded anything; before, it said 264 for bob's code.
    busy_plan = _plan(me, "SELECT * FROM segments WHERE code_id = :c", c=busy)
    quiet_plan = _plan(me, "SELECT * FROM segments WHERE code_id = :c", c=-1)
    assert busy_plan["Node Type"] == quiet_plan["Node Type"] == "Function Scan"
    assert busy_plan["Plan Rows"] == quiet_plan["Plan Rows"] == 5
    assert _plan(me, "SELECT * FROM segments")["Plan Rows"] == 1000
    # EXPLAIN ANALYZE counts only alice's own rows (before: "Rows Removed by Filter: 302").
    analyzed = _plan(me, "SELECT * FROM segments WHERE code_id = :c", analyze=True, c=busy)
    assert (analyzed["Actual Rows"], analyzed["Rows Removed by Filter"]) == (1, 1)
    assert "permission denied for table segments" in _refusal(
        me, "EXPLAIN SELECT * FROM public.segments"
    )

    # Sequences: not readable, not drawable; alice's ids come from her own range, counting
    # only her own segments (before: last_value 302 for everyone).
    for sql in (
        "SELECT last_value FROM public.segments_id_seq",
        "SELECT nextval('public.segments_id_seq')",
        "SELECT pg_sequence_last_value('public.variable_values_id_seq')",
    ):
        assert "permission denied for sequence" in _refusal(me, sql)
    assert _one(me, "SELECT count(*) FROM pg_sequences WHERE last_value IS NOT NULL") == 0
    first, last = ranges["alice"]
    assert [s.id for s in mine] == [first, first + 1] and last - first == 2**21 - 1
    assert first >= 2**30 and ranges["bob"][0] >= 2**30 and ranges["bob"][0] != first

    # Catalogs and statistics: closed (before: reltuples 302, n_live_tup 302, 40 kB).
    for sql in (
        "SELECT reltuples FROM pg_class WHERE relname = 'segments'",
        "SELECT relpages FROM pg_class WHERE relname = 'variable_values'",
        "SELECT n_live_tup FROM pg_stat_user_tables WHERE relname = 'segments'",
        "SELECT n_tup_ins FROM pg_stat_all_tables WHERE relname = 'segments'",
        "SELECT heap_blks_hit FROM pg_statio_user_tables WHERE relname = 'segments'",
        "SELECT most_common_vals FROM pg_stats WHERE tablename = 'segments'",
        "SELECT pg_stat_get_live_tuples('public.segments'::regclass)",
        "SELECT pg_relation_size('public.segments')",
        "SELECT pg_total_relation_size('public.segments')",
        "SELECT pg_database_size(current_database())",
    ):
        assert "permission denied" in _refusal(me, sql), sql
    # What SQLAlchemy, psql's \d and presence read stays readable.
    assert _one(me, "SELECT relkind FROM pg_class WHERE relname = 'alembic_version'") == "r"
    assert _one(me, "SELECT count(*) FROM pg_stat_activity WHERE usename = current_user") >= 1

    # The lead's code merge: its journal entry counts the segments moved, everyone's; alice
    # reads the entry (the codebook changed) without its payload.
    team.workspace("lead").perform(MergeCodes(busy, target))
    merge = "SELECT payload::text FROM events WHERE action = 'code-merge'"
    assert '"segments": 301' in _one(lead, merge)  # bob's 300 and alice's 1
    assert _one(me, merge) == "{}"
    own = "SELECT payload::text FROM events WHERE action = 'segment-add' ORDER BY id LIMIT 1"
    assert mine[0].guid in _one(me, own)  # her own entries keep theirs

    # Ids cannot probe either: an id of bob's range is refused like any id outside hers,
    # whether taken or not, and no id changes.
    bobs = ranges["bob"][0]
    insert = (
        'INSERT INTO segments (id, guid, article_id, code_id, coder_id, start, "end", text, '
        "memo, codebook_version, created_at, updated_at) SELECT :id, :g, article_id, code_id, "
        "coder_id, start, \"end\", text, '', 1, now(), now() FROM segments LIMIT 1"
    )
    taken = _refusal(me, insert, id=bobs, g="probe-1")
    free = _refusal(me, insert, id=bobs + 10_000, g="probe-2")
    assert taken == free.replace(str(bobs + 10_000), str(bobs))
    assert "not one of the ids kept for your own rows" in taken
    assert "cannot change" in _refusal(me, "UPDATE segments SET id = :i", i=bobs)
    assert "is not a table" in _refusal(me, "TRUNCATE segments")  # her view: nobody's table
    assert _one(lead, "SELECT count(*) FROM segments") == BOBS_SEGMENTS + 2


def test_a_coder_stalls_nobody_and_a_waiting_lead_hears_who(team: Team) -> None:
    alice_url, lead_url = team.url("alice"), team.url("lead")
    assert {
        name: _one(team.sql("alice"), f"SELECT current_setting('{name}')")
        for name in CODER_SETTINGS
    } == {
        "lock_timeout": "5s",
        "statement_timeout": "1min",
        "idle_in_transaction_session_timeout": "1min",
    }
    assert (
        _one(team.sql("lead"), "SELECT current_setting('lock_timeout')")
        == (LEAD_SETTINGS["lock_timeout"])
    )
    assert _one(team.sql("lead"), "SELECT current_setting('statement_timeout')") == "0"

    codes = _codes(team)
    article = team.workspace("lead").article_rows()[0].id
    alice = create_engine(alice_url, poolclass=NullPool)
    with alice.connect() as connection:
        for sql in (
            "LOCK TABLE public.segments IN ACCESS EXCLUSIVE MODE",
            "LOCK TABLE codes IN ACCESS EXCLUSIVE MODE",
            "LOCK TABLE articles IN EXCLUSIVE MODE",
            "LOCK TABLE project IN SHARE ROW EXCLUSIVE MODE",
        ):
            with pytest.raises(DBAPIError, match="permission denied"):
                connection.exec_driver_sql(sql)
            connection.rollback()
        # Her own view she may lock: it stalls no one else, lead and bob code on at once.
        connection.exec_driver_sql("LOCK TABLE segments IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        team.workspace("lead").code_span(article, 0, 2, codes["红色物业"])
        team.workspace("bob").code_span(article, 2, 4, codes["红色物业"])
        assert time.monotonic() - started < 3
        connection.rollback()

        # What a coder can still hold: the row locks of an unfinished step of her own (her
        # new segment's foreign key locks its article). The lead waits the lock timeout at
        # most and is told who holds the lock, in one sentence.
        connection.execute(
            text(
                'INSERT INTO segments (guid, article_id, code_id, coder_id, start, "end", text, '
                "memo, codebook_version, created_at, updated_at) SELECT 'held', :a, :c, id, 0, "
                "2, :t, '', 1, now(), now() FROM coders WHERE db_role = session_user"
            ),
            {
                "a": article,
                "c": codes["红色物业"],
                "t": team.workspace("lead").article(article).text[:2],
            },
        )
        lead = _hooked(lead_url)
        started = time.monotonic()
        with pytest.raises(ProjectLocked) as caught, lead.begin() as waiting:
            waiting.exec_driver_sql("SET LOCAL lock_timeout = '1s'")
            waiting.execute(text("DELETE FROM articles WHERE id = :a"), {"a": article})
        assert time.monotonic() - started < 4
        message = str(caught.value)
        assert "the project is locked by alice; nothing was changed" in message
        assert "DELETE" not in message and len(message.splitlines()) == 1
        connection.rollback()
    # Once she is done, the lead's step goes through.
    with lead.begin() as connection:
        assert (
            connection.execute(text("DELETE FROM articles WHERE id = :a"), {"a": article}).rowcount
            == 1
        )
    # A command that runs past the statement timeout is stopped with a sentence too, and so
    # is a step left unfinished for longer than the idle-in-transaction timeout.
    slow = _hooked(alice_url)
    with pytest.raises(CommandTooLong, match="ran longer than it allows"), slow.connect() as c:
        c.exec_driver_sql("SET statement_timeout = '200ms'")
        c.exec_driver_sql("SELECT pg_sleep(2)")
    idle = "waited too long inside an unfinished step"
    with pytest.raises(CommandTooLong, match=idle), slow.connect() as c:
        c.exec_driver_sql("SET idle_in_transaction_session_timeout = '200ms'")
        c.exec_driver_sql("SELECT 1")
        time.sleep(0.6)
        c.exec_driver_sql("SELECT 1")
    for engine in (alice, lead, slow):
        engine.dispose()


def test_every_connection_gets_timeouts_unless_its_role_sets_its_own(
    team: Team, server_url: str
) -> None:
    # The administrator's role sets none: the program's defaults apply, and libpq's own.
    admin = _hooked(server_url)
    with admin.connect() as connection:
        assert connection.execute(text("SHOW lock_timeout")).scalar() == DEFAULT_LOCK_TIMEOUT
        idle = connection.execute(text("SHOW idle_in_transaction_session_timeout")).scalar()
        assert idle == DEFAULT_IDLE_IN_TRANSACTION
        raw: Any = connection.connection.dbapi_connection
        parameters = raw.info.get_parameters()
        assert parameters["connect_timeout"] == str(CONNECT_TIMEOUT_S)
        assert parameters["keepalives"] == "1"
    admin.dispose()
    # A coder's stricter settings from init stay; a timeout in the URL wins over ours.
    alice = _hooked(team.url("alice") + "?connect_timeout=3")
    with alice.connect() as connection:
        assert connection.execute(text("SHOW lock_timeout")).scalar() == "5s"
        raw = connection.connection.dbapi_connection
        assert raw.info.get_parameters()["connect_timeout"] == "3"
    alice.dispose()


class _ServerError(Exception):
    """A stand-in for psycopg's errors: a message and a SQLSTATE."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def test_the_servers_other_refusals_read_as_sentences() -> None:
    where = "postgresql+psycopg://alice@host/study"
    cases = {
        ("sorry, too many clients already", "53300"): "the server has no free connection",
        ("remaining connection slots are reserved for superuser", None): "no free connection",
        ("canceling statement due to user request", "57014"): "the command was cancelled",
        ('nextval: reached maximum value of sequence "articoder_ids_segments_2"', "2200H"): (
            "the ids the server keeps for your rows are used up"
        ),
        ("canceling statement due to lock timeout", "55P03"): "locked by another user",
    }
    for (message, code), words in cases.items():
        described = describe_postgres_error(_ServerError(message, code), where)
        assert described is not None and words in str(described)
        assert str(described).startswith(where + ": ")
    # Everything else is left to the callers, as it was.
    for message, code in (
        ('duplicate key value violates unique constraint "uq_segments_guid"', "23505"),
        ('new row violates check constraint "ck_other"', "23514"),
        ("permission denied for table codes", "42501"),
    ):
        assert describe_postgres_error(_ServerError(message, code), where) is None


def test_a_coders_connections_are_limited_and_the_lead_still_gets_in(team: Team) -> None:
    alice = _hooked(team.url("alice"))
    with ExitStack() as held:
        for _ in range(CODER_CONNECTION_LIMIT):
            held.enter_context(alice.connect())
        with pytest.raises(TooManyConnections) as caught:
            alice.connect()
        assert "already has as many connections open as it may" in str(caught.value)
        assert team.logins["alice"].role in str(caught.value)
        # The lead is not locked out by a coder who took everything a coder may take.
        lead_connections = [
            held.enter_context(_hooked(team.url("lead")).connect()) for _ in range(3)
        ]
        assert all(c.execute(text("SELECT 1")).scalar() == 1 for c in lead_connections)
    alice.dispose()


def test_too_long_memos_and_nul_characters_are_refused_with_a_sentence(team: Team) -> None:
    alice = team.workspace("alice")
    article = alice.article_rows()[0].id
    code = _codes(team)["红色物业"]
    too_long = "长" * (MEMO_LIMIT + 1)
    for memo, words in (
        (too_long, "at most 100,000 are allowed"),
        ("备注\x00尾", "NUL character"),
        ("备注\ud800", "lone surrogate"),
    ):
        with pytest.raises(CodingError, match=words):
            alice.code_span(article, 0, 2, code, memo=memo)
    assert alice.segments(article) == [] and alice.undo_stack.undo_label is None
    segment = alice.code_span(article, 0, 2, code, memo="短")
    with pytest.raises(CodingError, match="at most 100,000"):
        alice.change_segment(segment.id, memo=too_long)
    notes = next(v.id for v in alice.variables() if v.name == "notes")
    with pytest.raises(CodingError, match="NUL character"):
        alice.set_value(article, notes, "说明\x00")
    with pytest.raises(CodingError, match="is 100,001 characters long"):
        alice.set_value(article, notes, "x" * 100_001)

    # The server refuses the same on its own, for SQL that bypasses articoder, in a sentence
    # (before: a NUL dumped the whole statement and its parameters).
    for name in ("alice", "lead"):
        engine = _hooked(team.url(name))
        with (
            pytest.raises(TextRefused, match="a memo may be at most 100,000 characters long"),
            engine.begin() as connection,
        ):
            connection.execute(
                text("UPDATE segments SET memo = :m WHERE id = :i"),
                {"m": too_long, "i": segment.id},
            )
        with pytest.raises(TextRefused) as caught, engine.begin() as connection:
            connection.execute(
                text("UPDATE segments SET memo = :m WHERE id = :i"),
                {"m": "a\x00b" * 1000, "i": segment.id},
            )
        assert "NUL character" in str(caught.value) and len(str(caught.value)) < 300
        with (
            pytest.raises(TextRefused, match="value may be at most 100,000"),
            engine.begin() as connection,
        ):
            connection.execute(
                text(
                    "INSERT INTO variable_values (guid, article_id, variable_id, coder_id, value, "
                    "codebook_version, created_at, updated_at) VALUES ('v', :a, :v, :c, "
                    "repeat('x', 100001), 1, now(), now())"
                ),
                {"a": article, "v": notes, "c": alice.coder.id},
            )
        engine.dispose()
    # A segment outside its article, or covering more text than its span, is refused too.
    span = _refusal(
        team.sql("alice"), 'UPDATE segments SET "end" = 100000 WHERE id = :i', i=segment.id
    )
    assert "articoder_segment_span" in span
    assert _one(team.sql("lead"), "SELECT memo FROM segments") == "短"
    assert _one(team.sql("lead"), "SELECT count(*) FROM variable_values") == 0


def test_status_finds_a_loosened_defence_and_init_restores_it(team: Team) -> None:
    admin = team.admin_url
    names = role_names(str(make_url(admin).database))
    alice = team.logins["alice"]
    alice_id = team.workspace("alice").coder.id
    engine = create_engine(admin)
    with engine.begin() as connection:
        for sql in (
            f'GRANT SELECT ON public.segments TO "{names.coder}"',
            f'GRANT USAGE ON SEQUENCE public.segments_id_seq TO "{names.coder}"',
            "GRANT SELECT ON pg_catalog.pg_stat_user_tables TO PUBLIC",
            f'ALTER ROLE "{alice.role}" CONNECTION LIMIT -1',
            f'ALTER ROLE "{alice.role}" IN DATABASE "{names.database}" RESET lock_timeout',
            f"DROP VIEW {coder_schema(alice_id)}.events",
        ):
            connection.exec_driver_sql(sql)
    engine.dispose()
    problems = server_status(admin).problems
    for expected in (
        "the coder group may SELECT segments (it must not)",
        "the coder group may read or draw from the sequence segments_id_seq (it must not)",
        f"{alice.role} may hold -1 connections, not {CODER_CONNECTION_LIMIT}",
        f"{alice.role} has no lock_timeout of 5s in this database",
        f"{alice.role} has no view {coder_schema(alice_id)}.events of its own rows",
    ):
        assert expected in problems
    assert any("coders may read row counts" in p for p in problems)
    init_server(admin, "lead", ["alice", "bob"])
    repaired = server_status(admin)
    assert repaired.ok, repaired.problems


def test_init_makes_the_coders_views_again_around_an_upgrade(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = create_engine(team.admin_url)
    with admin.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0002'")

    def migrate(engine: Engine, _url: str, _name: str | None) -> tuple[bool, str | None]:
        """A migration that retypes a column of segments, which a view would forbid."""
        with engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE segments ALTER COLUMN memo TYPE varchar(9)")
            connection.exec_driver_sql(
                f"UPDATE alembic_version SET version_num = '{head_revision()}'"
            )
        return False, "0002"

    monkeypatch.setattr(server_module, "_schema", migrate)
    assert init_server(team.admin_url, "lead", ["alice", "bob"]).upgraded_from == "0002"
    column = (
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = 'segments'::regclass AND attname = 'memo'"
    )
    assert _one(team.sql("alice"), column) == "character varying(9)"  # her view, made again
    # Outside init (`articoder upgrade`) the views stand in the way of such a migration.
    with pytest.raises(DBAPIError, match="used by a view"), admin.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE segments ALTER COLUMN memo TYPE text")
    admin.dispose()


@pytest.fixture
def owner_url(server_url: str) -> Iterator[str]:
    """The URL of an administrator that is no superuser: a CREATEROLE role owning the database."""
    database = str(make_url(server_url).database)
    owner = f"{role_names(database).prefix}_owner"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
        connection.exec_driver_sql(f'ALTER DATABASE "{database}" OWNER TO "{owner}"')
    engine.dispose()
    yield role_url(server_url, owner)


def test_an_owner_admin_hides_the_rows_and_is_told_what_only_a_superuser_can_close(
    owner_url: str, server_url: str, tmp_path: Path
) -> None:
    setup = init_server(owner_url, "lead", ["alice", "bob"])
    fill_project(owner_url, {"h.txt": "河西街道简讯\n河西街道设立红色物业服务站。"}, tmp_path)
    status = server_status(owner_url)
    assert [p for p in status.problems if "coders may read row counts" in p] == [
        "coders may read row counts of the project's tables from the catalogs "
        "(pg_class.reltuples, pg_stat_*, the size functions): run `articoder server init` "
        "again as a superuser (only a superuser may revoke them)"
    ]
    assert len(status.problems) == 1
    alice = create_engine(setup.logins[1].url)
    # The views work the same under an owner held to row-level security (FORCE).
    assert _plan(alice, "SELECT * FROM segments")["Node Type"] == "Function Scan"
    init_server(server_url, "lead", ["alice", "bob"])  # a superuser closes the catalogs
    assert "permission denied" in _refusal(alice, "SELECT reltuples FROM pg_class")
    assert server_status(server_url).ok
    alice.dispose()

"""Setting up a shared server: migration 0003, `init_server` (twice), status, passwords, the CLI."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from articoder.cli import main
from coding.workspace import Workspace
from models.database import head_revision, open_project, sqlite_path
from team.server import (
    ServerError,
    add_coder,
    init_server,
    read_password_file,
    role_names,
    server_status,
)
from tests.models.test_migrations import _project_at
from tests.server_fixtures import drop_database_and_roles, fill_project, role_url, server_url

__all__ = ["server_url"]


def test_0002_to_0003_adds_db_role_and_keeps_coders(project_url: str) -> None:
    _project_at(project_url, "0002")
    engine = create_engine(project_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO coders (guid, name, is_lead, created_at) "
                "VALUES ('C', '李老师', true, '2024-01-02')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO article_words (article_id, dictionary_version, boundaries) "
                "SELECT id, 7, '2,4' FROM articles"
            )
        )
    engine.dispose()
    database = open_project(project_url, upgrade_server=True)
    try:
        with database.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert version.scalar() == head_revision()
            assert connection.execute(text("SELECT guid, name, db_role FROM coders")).one() == (
                "C",
                "李老师",
                None,
            )
            assert connection.execute(text("SELECT title FROM articles")).scalar() == "社区简讯"
            assert connection.execute(
                text("SELECT dictionary_version, boundaries FROM article_words")
            ).one() == (7, "2,4")
            # A 48-bit dictionary version fits now (it overflowed INTEGER on PostgreSQL).
            connection.execute(
                text("UPDATE article_words SET dictionary_version = 281474976710655")
            )
            unique = inspect(connection).get_unique_constraints("coders")
            assert {"uq_coders_db_role"} <= {u["name"] for u in unique}
    finally:
        database.close()
    path = sqlite_path(project_url)
    if path is not None:  # an SQLite file was copied aside before the upgrade
        assert path.with_name(f"{path.name}.before-upgrade-0002").exists()


def _roles(admin_url: str) -> set[str]:
    prefix = role_names(str(make_url(admin_url).database)).prefix
    engine = create_engine(admin_url)
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT rolname FROM pg_roles WHERE starts_with(rolname, :p)"), {"p": prefix}
        )
        roles = set(found.scalars())
    engine.dispose()
    return roles


def _session_user(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as connection:
        user = str(connection.execute(text("SELECT session_user")).scalar())
    engine.dispose()
    return user


@pytest.mark.postgres
def test_init_twice_is_safe_and_keeps_everything(server_url: str, tmp_path: Path) -> None:
    first = init_server(server_url, "组长", ["alice", "王芳"], project_name="社区研究")
    assert first.created_schema and [login.created for login in first.logins] == [True] * 3
    assert all(login.password and login.password in login.url for login in first.logins)
    names = role_names(str(make_url(server_url).database))
    roles = _roles(server_url)
    assert roles == {names.lead, names.coder} | {login.role for login in first.logins}
    assert first.logins[0].is_lead and not first.logins[1].is_lead
    assert _session_user(first.logins[1].url) == first.logins[1].role
    assert server_status(server_url).ok

    second = init_server(server_url, "组长", ["alice", "王芳"])
    assert not second.created_schema
    assert [(login.role, login.created, login.password) for login in second.logins] == [
        (login.role, False, None) for login in first.logins
    ]
    assert _roles(server_url) == roles
    status = server_status(server_url)
    assert status.ok, status.problems
    assert [(p.name, p.is_lead, p.role) for p in status.people] == sorted(
        (login.name, login.is_lead, login.role) for login in first.logins
    )
    database = open_project(server_url)
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM coders")).scalar() == 3
        assert connection.execute(text("SELECT count(*) FROM pg_policy")).scalar() == 16
        assert connection.execute(text("SELECT name FROM project")).scalar() == "社区研究"
    database.close()

    # A third run adds a new coder only and sets a password it is given.
    passwords = tmp_path / "passwords.txt"
    passwords.write_text("# chosen\nalice=新-密码=1\n", encoding="utf-8")
    third = init_server(
        server_url, "组长", ["alice", "王芳", "bob"], passwords=read_password_file(passwords)
    )
    assert [(login.name, login.created, login.password) for login in third.logins] == [
        ("组长", False, None),
        ("alice", False, "新-密码=1"),
        ("王芳", False, None),
        ("bob", True, third.logins[3].password),
    ]
    assert _roles(server_url) == roles | {third.logins[3].role}


@pytest.mark.postgres
def test_passwords_reach_the_server_only_as_scram_verifiers(server_url: str) -> None:
    setup = init_server(server_url, "lead", ["alice"])
    engine = create_engine(server_url)
    with engine.connect() as connection:
        for login in setup.logins:
            stored = connection.execute(
                text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"), {"r": login.role}
            ).scalar()
            assert str(stored).startswith("SCRAM-SHA-256$")
            assert login.password and login.password not in str(stored)
    engine.dispose()


@pytest.mark.postgres
def test_status_finds_a_loosened_rule_and_init_repairs_it(server_url: str) -> None:
    setup = init_server(server_url, "lead", ["alice"])
    names = role_names(str(make_url(server_url).database))
    engine = create_engine(server_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'GRANT UPDATE ON codes TO "{names.coder}"')
        connection.exec_driver_sql("ALTER TABLE segments NO FORCE ROW LEVEL SECURITY")
        connection.exec_driver_sql(f'REVOKE "{names.coder}" FROM "{setup.logins[1].role}"')
    engine.dispose()
    status = server_status(server_url)
    assert not status.ok
    assert "the coder group may UPDATE codes (it must not)" in status.problems
    assert "row-level security is not enabled and forced on segments" in status.problems
    assert f"alice's role {setup.logins[1].role} is not in {names.coder}" in status.problems
    init_server(server_url, "lead", ["alice"])
    repaired = server_status(server_url)
    assert repaired.ok, repaired.problems


@pytest.mark.postgres
def test_owner_with_createrole_sets_up_and_is_held_to_the_rules(
    server_url: str, tmp_path: Path
) -> None:
    """An administrator that is no superuser: a CREATEROLE role owning the database."""
    database_name = str(make_url(server_url).database)
    owner = f"{role_names(database_name).prefix}_owner"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
        connection.exec_driver_sql(f'ALTER DATABASE "{database_name}" OWNER TO "{owner}"')
    engine.dispose()
    owner_url = role_url(server_url, owner)
    setup = init_server(owner_url, "lead", ["alice"])
    fill_project(owner_url, {"h.txt": "河西街道简讯\n河西街道设立红色物业服务站。"}, tmp_path)
    alice = Workspace.open(setup.logins[1].url, "alice")
    try:
        article = alice.article_rows()[0].id
        leaf = next(c.id for c in alice.codes() if c.path[-1] == "红色物业")
        start = alice.article(article).text.index("红色物业")
        segment = alice.code_span(article, start, start + 4, leaf)
        assert segment.text == "红色物业"
    finally:
        alice.close()
    owner_engine = create_engine(owner_url)
    with owner_engine.connect() as connection:
        forced = connection.execute(
            text("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'segments'")
        ).scalar()
        rolsuper = connection.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar()
        assert forced and not rolsuper
        # The owner is held to the policies (FORCE) and passes them as the database's owner.
        assert connection.execute(text("SELECT articoder_is_lead()")).scalar() is True
        assert connection.execute(text("SELECT text FROM segments")).scalar() == "红色物业"
    owner_engine.dispose()
    with pytest.raises(ServerError, match="may not create roles"):
        init_server(setup.logins[1].url, "alice", [])


def test_refusals_name_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ServerError, match="needs a PostgreSQL URL"):
        init_server(str(tmp_path / "p.articoder"), "lead", [])
    with pytest.raises(ServerError, match="names no database"):
        init_server("postgresql+psycopg://postgres@127.0.0.1:1", "lead", [])
    with pytest.raises(ServerError, match="neither lead nor coder"):
        init_server("postgresql+psycopg://x@127.0.0.1:1/db", "lead", ["a"], passwords={"b": "p"})
    bad = tmp_path / "passwords.txt"
    bad.write_text("alice=ok\nbob\n", encoding="utf-8")
    with pytest.raises(ServerError, match=r"passwords.txt, line 2: expected NAME=PASSWORD"):
        read_password_file(bad)
    bad.write_text("alice=ok\nalice=again\n", encoding="utf-8")
    with pytest.raises(ServerError, match="line 2: a second password for alice"):
        read_password_file(bad)
    with pytest.raises(ServerError, match="cannot be read"):
        read_password_file(tmp_path / "missing.txt")


@pytest.mark.postgres
def test_add_coder_needs_init_first(server_url: str) -> None:
    with pytest.raises(ServerError, match="run `articoder server init URL --lead NAME` first"):
        add_coder(server_url, "alice")


@pytest.mark.postgres
def test_cli_init_add_coder_status(
    server_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["server", "init", server_url, "--lead", "lead", "--coders", "a,b"]) == 0
    out = capsys.readouterr().out
    printed = [line.strip() for line in out.splitlines() if line.strip().startswith("postgres")]
    assert len(printed) == 3 and "shown only this once" in out
    assert all(make_url(url).password for url in printed)
    assert _session_user(printed[1]) == make_url(printed[1]).username

    passwords = tmp_path / "pw.txt"
    passwords.write_text("c=选定的口令\n", encoding="utf-8")
    code = main(
        ["server", "add-coder", server_url, "c", "--password-file", str(passwords), "--json"]
    )
    assert code == 0
    added = json.loads(capsys.readouterr().out)
    assert added["name"] == "c" and added["password"] == "选定的口令" and added["created"]

    assert main(["server", "status", server_url, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["ok"] and [p["name"] for p in status["people"]] == ["a", "b", "c", "lead"]
    assert main(["server", "status", server_url]) == 0
    assert "privileges and row-level security are in place" in capsys.readouterr().out

    again = main(["server", "init", server_url, "--lead", "lead", "--coders", "a,b"])
    assert again == 0 and "password unchanged" in capsys.readouterr().out
    assert main(["server", "init", str(tmp_path / "x.articoder"), "--lead", "l"]) == 1
    assert "needs a PostgreSQL URL" in capsys.readouterr().err


def test_role_names_are_scoped_and_never_shared_by_two_databases() -> None:
    plain = role_names("study_2024")
    assert (plain.lead, plain.coder) == ("study_2024_lead", "study_2024_coder")
    others = [role_names(name).prefix for name in ("Study-2024", "study-2024", "研究", "x" * 60)]
    assert len(set(others) | {plain.prefix}) == 5
    assert all(len(f"{prefix}_coder") <= 63 for prefix in others)


@pytest.mark.postgres
def test_a_foreign_role_with_the_group_name_is_refused(server_url: str) -> None:
    names = role_names(str(make_url(server_url).database))
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "{names.coder}" NOLOGIN')
    engine.dispose()
    with pytest.raises(ServerError, match="is not articoder's group role") as caught:
        init_server(server_url, "lead", ["alice"])
    # It may be someone's login (roles are cluster-wide): never suggest dropping it.
    assert "drop" not in str(caught.value) and "another name" in str(caught.value)


def test_an_unreachable_server_is_one_clear_error() -> None:
    url = f"postgresql+psycopg://admin:secret@127.0.0.1:{_closed_port()}/study"
    with pytest.raises(ServerError, match="PostgreSQL could not do it") as caught:
        init_server(url, "lead", [])
    assert "secret" not in str(caught.value)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.postgres
def test_role_names_fit_postgresql_for_long_and_chinese_names(postgres_server: str) -> None:
    long_database = "a_rather_long_study_database_name_for_2024_" + "x" * 20
    engine = create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{long_database}"')
    engine.dispose()
    url = f"{postgres_server}/{long_database}"
    try:
        long_name = "Maximilian Alexander von Humboldt-Wissenschaft"
        setup = init_server(url, long_name, [long_name.lower() + "!", "王芳"])
        roles = [login.role for login in setup.logins]
        assert len(set(roles)) == 3 and all(len(role.encode()) <= 63 for role in roles)
        assert all(_session_user(login.url) == login.role for login in setup.logins)
        assert server_status(url).ok
    finally:
        drop_database_and_roles(url)


def _is_superuser(url: str) -> bool:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    engine.dispose()
    return bool(found)


def _try(url: str, sql: str) -> str | None:
    """Run one statement as this URL's role: None when it worked, else the server's message."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(sql)
    except DBAPIError as exc:
        return str(exc.orig)
    finally:
        engine.dispose()
    return None


def _admin_sql(admin_url: str, sql: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(sql)
    engine.dispose()


@pytest.mark.postgres
def test_nobody_else_may_create_in_the_schema_and_a_planted_function_never_runs(
    server_url: str,
) -> None:
    # PostgreSQL <= 14 (and clusters upgraded from it) let everyone create in public.
    _admin_sql(server_url, "GRANT CREATE ON SCHEMA public TO PUBLIC")
    setup = init_server(server_url, "lead", ["alice"])
    alice = role_url(server_url, setup.logins[1].role)
    lead = role_url(server_url, setup.logins[0].role)
    for url in (alice, lead):
        refusal = _try(url, "CREATE TABLE public.mine (i int)")
        assert refusal is not None and "permission denied for schema public" in refusal
    assert server_status(server_url).ok

    # Someone granted it again; alice plants an overload that beats the built-in bigint one
    # (hashtext returns integer) and would make her a superuser when run by the administrator.
    _admin_sql(server_url, "GRANT CREATE ON SCHEMA public TO PUBLIC")
    planted = (
        "CREATE FUNCTION public.pg_advisory_xact_lock(integer) RETURNS void LANGUAGE plpgsql AS "
        f"$$BEGIN EXECUTE 'ALTER ROLE \"{setup.logins[1].role}\" SUPERUSER'; END$$"
    )
    assert _try(alice, planted) is None
    status = server_status(server_url)
    assert "PUBLIC may create objects in schema public: run `articoder server init` again " in (
        " ".join(status.problems) + " "
    )
    assert any("function pg_advisory_xact_lock(integer)" in p for p in status.problems)
    assert not _is_superuser(alice)
    with pytest.raises(ServerError, match=r"pg_advisory_xact_lock\(integer\).*planted"):
        init_server(server_url, "lead", ["alice", "bob"])
    with pytest.raises(ServerError, match="planted"):
        add_coder(server_url, "bob")
    assert not _is_superuser(alice)
    assert "bob" not in {p.name for p in server_status(server_url).people}

    # The administrator drops it; init runs, closes the schema again, and nothing escalated.
    _admin_sql(server_url, "DROP FUNCTION public.pg_advisory_xact_lock(integer)")
    init_server(server_url, "lead", ["alice", "bob"])
    assert not _is_superuser(alice)
    assert _try(alice, planted) is not None
    status = server_status(server_url)
    assert status.ok, status.problems


@pytest.mark.postgres
def test_a_persons_role_never_takes_another_databases_group_name(
    server_url: str, postgres_server: str
) -> None:
    database = str(make_url(server_url).database)
    setup = init_server(server_url, "lead", ["x_lead", "x coder", "u x lead"])
    roles = [login.role for login in setup.logins]
    assert all(role.startswith(f"{database}_u_") for role in roles)
    assert not any(role.endswith(("_lead", "_coder")) for role in roles)
    # The databases whose group roles these names would have been (with or without the
    # marker) can still be set up: their group names are free.
    for other in (f"{database}_x", f"{database}_u_x", f"{database}_u_u_x"):
        _admin_sql(f"{postgres_server}/postgres", f'CREATE DATABASE "{other}"')
        try:
            other_setup = init_server(f"{postgres_server}/{other}", "lead", [])
            assert other_setup.lead_group not in roles
            assert other_setup.coder_group not in roles
        finally:
            drop_database_and_roles(f"{postgres_server}/{other}")
    assert set(roles) <= _roles(server_url)

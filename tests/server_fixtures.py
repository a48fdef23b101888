"""Fixtures and helpers for the shared-server tests: a fresh database per test, roles dropped after.

Roles are cluster-wide, so every test database gets its own (named after the database by
team.server.role_names) and the fixture drops the database and those roles at the end. The
test server trusts every local connection, so a role's URL works with or without its password.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from corpus.importer import import_paths
from models.database import open_project
from team.server import role_names
from tests.conftest import _new_pg_database

CODEBOOK = Path(__file__).parent / "fixtures" / "codebooks" / "small.yaml"


def role_url(admin_url: str, role: str) -> str:
    """The URL of the same database, connecting as `role`."""
    return make_url(admin_url).set(username=role, password=None).render_as_string(False)


def drop_database_and_roles(admin_url: str) -> None:
    """Drop a test database and every role named after it."""
    url = make_url(admin_url)
    name = str(url.database)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            names = role_names(name)
            prefix = names.prefix.replace("_", r"\_")
            # The groups, their members, and other roles of the prefix (a test's owner role)
            # that are in no articoder group: a person of another test database whose name
            # starts with this prefix is left alone.
            roles = connection.execute(
                text(
                    "SELECT r.rolname FROM pg_roles r WHERE NOT r.rolsuper AND ("
                    "r.rolname IN (:lead, :coder) OR EXISTS (SELECT 1 FROM pg_auth_members m "
                    "JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid "
                    "AND g.rolname IN (:lead, :coder)) OR (r.rolname LIKE :p AND NOT EXISTS "
                    "(SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "WHERE m.member = r.oid AND shobj_description(g.oid, 'pg_authid') "
                    "LIKE 'articoder groups of database %')))"
                ),
                {"lead": names.lead, "coder": names.coder, "p": prefix + r"\_%"},
            ).scalars()
            for role in list(roles):
                connection.exec_driver_sql(f'DROP ROLE "{role}"')
    finally:
        engine.dispose()


@pytest.fixture
def server_url(postgres_server: str) -> Iterator[str]:
    """The administrator's URL of a new, empty database (dropped with its roles afterwards)."""
    url = _new_pg_database(postgres_server)
    yield url
    drop_database_and_roles(url)


def fill_project(admin_url: str, articles: dict[str, str], folder: Path) -> None:
    """Import the small codebook and these articles (file name -> text) as the administrator."""
    database = open_project(admin_url)
    try:
        import_codebook(database, read_codebook_text(CODEBOOK))
        for name, content in articles.items():
            (folder / name).write_text(content, encoding="utf-8")
        import_paths(database, [folder / name for name in articles])
    finally:
        database.close()

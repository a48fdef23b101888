"""Opening a project: an SQLite file by default, or any SQLAlchemy URL (PostgreSQL included).

A new database is created by running every migration, so the migrations are the one source of
the schema. An older SQLite file is copied aside, then upgraded; a PostgreSQL database is never
upgraded behind the user's back; a project from a newer articoder is refused.

On a shared PostgreSQL server (team.server) each coder connects as their own role, and the
database refuses what that role may not do. `ProjectDatabase.session()` is the one place where
such a refusal (SQLSTATE 42501: a missing privilege or a row-level security policy) becomes a
`NotAllowed` error that says who may do it, so no window or command shows a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker

import models.suggestions  # noqa: F401  (puts the suggestion tables on Base.metadata)
from models import project_file
from models.entities import ProjectInfo
from models.errors import NotAllowed, ProjectError
from models.failures import on_sqlite_connect, on_sqlite_error
from models.server_failures import install_postgres_hooks

__all__ = [
    "APPLICATION_NAME",
    "NotAllowed",
    "ProjectDatabase",
    "ProjectError",
    "create_project",
    "head_revision",
    "known_revisions",
    "make_engine",
    "not_allowed",
    "open_project",
    "shown",
    "sqlite_path",
    "to_url",
]

MIGRATIONS = Path(__file__).with_name("migrations")


# Every PostgreSQL connection names itself so: who is connected is read from pg_stat_activity.
APPLICATION_NAME = "articoder"


# SQLSTATE 42501 (insufficient_privilege): a missing GRANT, or a row that a row-level security
# policy refuses. The message names the table.
_INSUFFICIENT_PRIVILEGE = "42501"
_REFUSED_TABLE = re.compile(
    r'(?:permission denied for (?:table|relation|sequence|view)|policy for table) "?([\w.]+)"?'
)
_WHO_MAY = {
    "codes": "only the lead can change the codebook",
    "variables": "only the lead can change the codebook (the coding sheet's variables)",
    "variable_choices": "only the lead can change the codebook (the coding sheet's variables)",
    "dictionary_words": "only the lead can change the project dictionary",
    "project": "only the lead can change the codebook and the project's settings (blind mode)",
    "coders": (
        "only the lead can add or change coders; "
        "ask your lead to run `articoder server add-coder URL NAME`"
    ),
    "articles": "only the lead can import, change or remove articles",
    "import_batches": "only the lead can import articles",
    "article_grams": "only the lead can change the search index",
}
_OWN_ROWS = {
    "segments": "segments",
    "variable_values": "coding-sheet values",
    "assignments": "assignments and done marks",
    "events": "journal entries",
}


def not_allowed(error: DBAPIError, role: str | None = None) -> NotAllowed | None:
    """A database refusal as a NotAllowed saying who may do it, or None for other errors."""
    original = error.orig
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if code != _INSUFFICIENT_PRIVILEGE:
        return None
    detail = str(original).strip().splitlines()[0] if str(original).strip() else ""
    match = _REFUSED_TABLE.search(detail)
    table = match.group(1).rsplit(".", 1)[-1] if match else ""
    table = table.removesuffix("_id_seq")  # a table's id sequence speaks for the table
    who = f"database role {role}" if role else "this database role"
    if table in _OWN_ROWS and "row-level security" in detail:
        message = (
            f"you can change only your own {_OWN_ROWS[table]}: the database refused a row of "
            f"another coder ({who})"
        )
    elif table in _WHO_MAY:
        message = f"{_WHO_MAY[table]} (refused for {who})"
    else:
        message = f"{who} may not do this: {detail or 'permission denied'}"
    return NotAllowed(message)


# The schema revisions this version knows, oldest first. Opening a project compares against
# these constants instead of loading Alembic (about 0.2 s of start-up); a test checks that
# they match the migration scripts.
SCHEMA_REVISIONS = ("0001", "0002", "0003", "0004", "0005")


def head_revision() -> str:
    """The newest schema revision this version of articoder knows."""
    return SCHEMA_REVISIONS[-1]


def known_revisions() -> set[str]:
    """Every schema revision this version of articoder knows."""
    return set(SCHEMA_REVISIONS)


def _upgrade_to_head(engine: Engine, url: str) -> None:
    """Run the migrations (Alembic is imported only when a schema must change)."""
    from alembic import command
    from alembic.config import Config

    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def shown(url: str) -> str:
    """A URL fit for a message: its password, if any, as ***; a file path as it is."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def to_url(target: str | Path) -> str:
    """A project path or a database URL, as an SQLAlchemy URL string."""
    text = str(target)
    if "://" in text:
        try:
            make_url(text)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            raise ProjectError(
                f"{shown(text)}: not a valid database URL (write it as "
                "postgresql+psycopg://user@host/dbname, or give a project file's path)"
            ) from None
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine with the project's connection settings (SQLite pragmas on every connection).

    PostgreSQL connections announce themselves as application "articoder", so who is
    connected can be read from pg_stat_activity (its usename is the coder's role).
    """
    connect_args: dict[str, Any] = {}
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "postgresql" and "application_name" not in parsed.query:
            connect_args["application_name"] = APPLICATION_NAME
        engine = create_engine(url, future=True, connect_args=connect_args)
    except NoSuchModuleError as exc:
        raise ProjectError(
            f"{shown(url)}: unknown kind of database; use a file path or postgresql+psycopg://..."
        ) from exc
    except ImportError as exc:
        raise ProjectError(
            f"{shown(url)}: the database driver is missing ({exc.name}); "
            "install it with `pip install articoder[postgres]`"
        ) from exc
    if engine.dialect.name == "sqlite":
        # The pragmas (WAL, synchronous=FULL, the busy timeout), SQLite's failures as clear
        # ProjectErrors, and the count of open connections that keeps raw file access away.
        event.listen(engine, "connect", on_sqlite_connect)
        event.listen(engine, "handle_error", on_sqlite_error)
        path = sqlite_path(url)
        if path is not None:
            project_file.track_connections(engine, path)
    elif engine.dialect.name == "postgresql":
        # Lock, statement and connection timeouts, and the server's refusals as sentences.
        install_postgres_hooks(engine)
    return engine


@dataclass
class ProjectDatabase:
    """An open project database: the engine, a session factory, and where it lives."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return sqlite_path(self.url)

    @property
    def location(self) -> str:
        """Where the project lives, fit to show or remember: the file, or the URL without a
        password (a server URL may carry one; it must not reach a title bar or a settings file).
        """
        path = self.path
        if path is not None:
            return str(path)
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql' (or another SQLAlchemy dialect name)."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        A refusal by the database's permissions (a coder's role on a shared server) is raised
        as `NotAllowed` after the rollback.
        """
        try:
            with self.sessions.begin() as session:
                yield session
        except DBAPIError as exc:
            refused = not_allowed(exc, make_url(self.url).username)
            if refused is None:
                raise
            raise refused from exc

    def close(self) -> None:
        """Release every connection (and the SQLite file)."""
        self.engine.dispose()


def _stored_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _check_sqlite_file(path: Path) -> None:
    if not path.exists():
        raise ProjectError(f"{path}: no project here; create one with `articoder new {path}`")
    project_file.check_database_file(path)


def create_project(target: str | Path, name: str | None = None) -> ProjectDatabase:
    """Create a new, empty project and return it open."""
    url = to_url(target)
    path = sqlite_path(url)
    if path is not None:
        if path.exists():
            raise ProjectError(f"{path}: a file is already there; choose another name")
        if not path.parent.exists():
            raise ProjectError(f"{path.parent}: no such folder")
    engine = make_engine(url)
    try:
        if _stored_revision(engine) is not None:
            raise ProjectError(f"{shown(url)}: already holds an articoder project")
        _upgrade_to_head(engine, url)
        database = ProjectDatabase(url, engine, sessionmaker(engine, expire_on_commit=False))
        with database.session() as session:
            default_name = path.stem if path is not None else make_url(url).database or "project"
            session.add(ProjectInfo(name=name or default_name, settings={}))
    except (ProjectError, OperationalError, DatabaseError, OSError) as exc:
        engine.dispose()
        if path is not None:
            # The file did not exist before: a half-made project must not be left behind.
            project_file.remove_project_files(path)
        if isinstance(exc, ProjectError):
            raise
        raise ProjectError(f"{shown(url)}: cannot create the project ({exc})") from exc
    return database


def backup_before_upgrade(path: Path, revision: str) -> Path:
    """Copy an SQLite project aside, consistently (SQLite backup API), before a migration."""
    target = path.with_name(f"{path.name}.before-upgrade-{revision}")
    project_file.copy_database(path, target)
    return target


def open_project(
    target: str | Path, upgrade: bool = True, upgrade_server: bool = False
) -> ProjectDatabase:
    """Open an existing project, upgrading an older SQLite file after copying it aside.

    A server database (PostgreSQL) is upgraded only when asked (`upgrade_server`, the
    `articoder upgrade` command), never behind the user's back.
    """
    url = to_url(target)
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
    engine = make_engine(url)
    try:
        stored = _stored_revision(engine)
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise ProjectError(f"{shown(url)}: cannot open the project ({exc.orig})") from exc
    if stored is None:
        engine.dispose()
        raise ProjectError(f"{shown(url)}: not an articoder project (no schema version)")
    head = head_revision()
    if stored != head:
        if stored not in known_revisions():
            engine.dispose()
            raise ProjectError(
                f"{shown(url)}: made by a newer articoder (schema {stored}); "
                "update articoder to open it"
            )
        if not upgrade or (path is None and not upgrade_server):
            engine.dispose()
            raise ProjectError(
                f"{shown(url)}: schema {stored} is older than {head}; back the database up, "
                "then run `articoder upgrade PROJECT`"
            )
        if path is not None:
            backup_before_upgrade(path, stored)
        _upgrade_to_head(engine, url)
    database = ProjectDatabase(url, engine, sessionmaker(engine, expire_on_commit=False))
    with database.session() as session:
        if session.scalar(select(ProjectInfo.id)) is None:
            raise ProjectError(
                f"{shown(url)}: the project record is missing; run `articoder check`"
            )
    return database

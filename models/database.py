"""Opening a project: an SQLite file by default, or any SQLAlchemy URL (PostgreSQL included).

A new database is created by running every migration, so the migrations are the one source of
the schema. An older SQLite file is copied aside, then upgraded; a PostgreSQL database is never
upgraded behind the user's back; a project from a newer articoder is refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models.entities import ProjectInfo

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_HEADER = b"SQLite format 3\x00"


class ProjectError(Exception):
    """A project cannot be created or opened; the message says why and what to do."""


# The schema revisions this version knows, oldest first. Opening a project compares against
# these constants instead of loading Alembic (about 0.2 s of start-up); a test checks that
# they match the migration scripts.
SCHEMA_REVISIONS = ("0001", "0002")


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


def to_url(target: str | Path) -> str:
    """A project path or a database URL, as an SQLAlchemy URL string."""
    text = str(target)
    if "://" in text:
        try:
            make_url(text)
        except ArgumentError as exc:
            raise ProjectError(f"{text}: not a valid database URL ({exc})") from exc
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


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets the window read while a worker
    # writes; synchronous=FULL makes every acknowledged coding action survive a power cut.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine with the project's connection settings (SQLite pragmas on every connection)."""
    try:
        engine = create_engine(url, future=True)
    except NoSuchModuleError as exc:
        raise ProjectError(
            f"{url}: unknown kind of database; use a file path or postgresql+psycopg://..."
        ) from exc
    except ImportError as exc:
        raise ProjectError(
            f"{url}: the database driver is missing ({exc.name}); "
            "install it with `pip install articoder[postgres]`"
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
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
    def dialect(self) -> str:
        """'sqlite' or 'postgresql' (or another SQLAlchemy dialect name)."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self.sessions.begin() as session:
            yield session

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
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be read ({exc.strerror})") from exc
    if header != SQLITE_HEADER:
        raise ProjectError(f"{path}: not an articoder project (not an SQLite database)")


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
            raise ProjectError(f"{url}: already holds an articoder project")
        _upgrade_to_head(engine, url)
        database = ProjectDatabase(url, engine, sessionmaker(engine, expire_on_commit=False))
        with database.session() as session:
            default_name = path.stem if path is not None else make_url(url).database or "project"
            session.add(ProjectInfo(name=name or default_name, settings={}))
    except ProjectError:
        engine.dispose()
        raise
    except (OperationalError, DatabaseError, OSError) as exc:
        engine.dispose()
        if path is not None:
            path.unlink(missing_ok=True)
        raise ProjectError(f"{url}: cannot create the project ({exc})") from exc
    return database


def backup_before_upgrade(path: Path, revision: str) -> Path:
    """Copy an SQLite project aside, consistently (SQLite backup API), before a migration."""
    target = path.with_name(f"{path.name}.before-upgrade-{revision}")
    source = sqlite3.connect(str(path))
    try:
        destination = sqlite3.connect(str(target))
        with destination:
            source.backup(destination)
        destination.close()
    finally:
        source.close()
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
        raise ProjectError(f"{url}: cannot open the project ({exc.orig})") from exc
    if stored is None:
        engine.dispose()
        raise ProjectError(f"{url}: not an articoder project (no schema version)")
    head = head_revision()
    if stored != head:
        if stored not in known_revisions():
            engine.dispose()
            raise ProjectError(
                f"{url}: made by a newer articoder (schema {stored}); update articoder to open it"
            )
        if not upgrade or (path is None and not upgrade_server):
            engine.dispose()
            raise ProjectError(
                f"{url}: schema {stored} is older than {head}; back the database up, then run "
                "`articoder upgrade PROJECT`"
            )
        if path is not None:
            backup_before_upgrade(path, stored)
        _upgrade_to_head(engine, url)
    database = ProjectDatabase(url, engine, sessionmaker(engine, expire_on_commit=False))
    with database.session() as session:
        if session.scalar(select(ProjectInfo.id)) is None:
            raise ProjectError(f"{url}: the project record is missing; run `articoder check`")
    return database

"""Opening a project: an SQLite file by default, or any SQLAlchemy URL (PostgreSQL included).

A new server database is created by running every migration, so the migrations are the one
source of the schema. A new SQLite file gets the same schema from `HEAD_SCHEMA_SQLITE`, the
statements the migrations leave in its sqlite_master, and is stamped with the head revision:
`articoder new` then needs neither Alembic nor the migration scripts (about 0.15 s of its 0.6 s;
tests/models/test_new_schema.py checks that both ways give the same schema). An older SQLite
file is copied aside, then upgraded; a PostgreSQL database is never upgraded behind the user's
back; a project from a newer articoder is refused.

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


# The schema of a new SQLite project at the head revision: the statements that running every
# migration leaves in sqlite_master, in their order, whitespace aside (FTS5 makes the
# article_grams_* shadow tables itself). tests/models/test_new_schema.py compares a project
# made from these with one made by migrating, and prints the statements to paste here when a
# new migration changes them.
HEAD_SCHEMA_SQLITE = """
CREATE TABLE codes (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    parent_id INTEGER,
    position INTEGER NOT NULL,
    name VARCHAR(200) NOT NULL,
    name_en VARCHAR(200),
    definition TEXT NOT NULL,
    include_rule TEXT NOT NULL,
    exclude_rule TEXT NOT NULL,
    examples JSON NOT NULL,
    keywords JSON NOT NULL,
    color VARCHAR(9) NOT NULL,
    shortcut VARCHAR(16),
    retired BOOLEAN NOT NULL,
    created_at DATETIME NOT NULL,
    CONSTRAINT pk_codes PRIMARY KEY (id),
    CONSTRAINT fk_codes_parent_id_codes FOREIGN KEY(parent_id)
        REFERENCES codes (id) ON DELETE RESTRICT,
    CONSTRAINT uq_codes_guid UNIQUE (guid)
);
CREATE INDEX ix_codes_parent_position ON codes (parent_id, position);
CREATE TABLE dictionary_words (
    id INTEGER NOT NULL,
    word VARCHAR(100) NOT NULL,
    frequency INTEGER,
    source VARCHAR(16) NOT NULL,
    CONSTRAINT pk_dictionary_words PRIMARY KEY (id),
    CONSTRAINT uq_dictionary_words_word UNIQUE (word)
);
CREATE TABLE import_batches (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    started_at DATETIME NOT NULL,
    finished_at DATETIME,
    sources JSON NOT NULL,
    imported INTEGER NOT NULL,
    skipped JSON NOT NULL,
    duplicates JSON NOT NULL,
    CONSTRAINT pk_import_batches PRIMARY KEY (id),
    CONSTRAINT uq_import_batches_guid UNIQUE (guid)
);
CREATE TABLE project (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    name VARCHAR(200) NOT NULL,
    created_at DATETIME NOT NULL,
    codebook_version INTEGER NOT NULL,
    settings JSON NOT NULL,
    CONSTRAINT pk_project PRIMARY KEY (id),
    CONSTRAINT uq_project_guid UNIQUE (guid)
);
CREATE TABLE variables (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    name VARCHAR(120) NOT NULL,
    label VARCHAR(200) NOT NULL,
    label_en VARCHAR(200),
    description TEXT NOT NULL,
    level VARCHAR(16) NOT NULL,
    required BOOLEAN NOT NULL,
    minimum FLOAT,
    maximum FLOAT,
    position INTEGER NOT NULL,
    retired BOOLEAN NOT NULL,
    CONSTRAINT pk_variables PRIMARY KEY (id),
    CONSTRAINT uq_variables_guid UNIQUE (guid),
    CONSTRAINT uq_variables_name UNIQUE (name)
);
CREATE TABLE articles (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    title VARCHAR(500) NOT NULL,
    outlet VARCHAR(200),
    published DATE,
    published_text VARCHAR(100),
    author VARCHAR(300),
    editor VARCHAR(200),
    url VARCHAR(2000),
    extra JSON NOT NULL,
    script VARCHAR(16) NOT NULL,
    chars INTEGER NOT NULL,
    content_hash VARCHAR(64) NOT NULL,
    source VARCHAR(2000) NOT NULL,
    source_format VARCHAR(16) NOT NULL,
    encoding VARCHAR(32) NOT NULL,
    batch_id INTEGER,
    imported_at DATETIME NOT NULL,
    raw_text TEXT NOT NULL,
    text TEXT NOT NULL,
    search_text TEXT,
    edits JSON NOT NULL,
    flags JSON NOT NULL,
    CONSTRAINT pk_articles PRIMARY KEY (id),
    CONSTRAINT fk_articles_batch_id_import_batches FOREIGN KEY(batch_id)
        REFERENCES import_batches (id) ON DELETE SET NULL,
    CONSTRAINT uq_articles_guid UNIQUE (guid)
);
CREATE INDEX ix_articles_batch_id ON articles (batch_id);
CREATE INDEX ix_articles_content_hash ON articles (content_hash);
CREATE INDEX ix_articles_published ON articles (published);
CREATE TABLE events (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    at DATETIME NOT NULL,
    coder_id INTEGER,
    action VARCHAR(64) NOT NULL,
    entity VARCHAR(32) NOT NULL,
    entity_guid VARCHAR(36),
    payload JSON NOT NULL,
    CONSTRAINT pk_events PRIMARY KEY (id),
    CONSTRAINT fk_events_coder_id_coders FOREIGN KEY(coder_id)
        REFERENCES coders (id) ON DELETE SET NULL,
    CONSTRAINT uq_events_guid UNIQUE (guid)
);
CREATE INDEX ix_events_at ON events (at);
CREATE INDEX ix_events_entity_guid ON events (entity_guid);
CREATE TABLE variable_choices (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    variable_id INTEGER NOT NULL,
    value VARCHAR(200) NOT NULL,
    label VARCHAR(200) NOT NULL,
    label_en VARCHAR(200),
    position INTEGER NOT NULL,
    CONSTRAINT pk_variable_choices PRIMARY KEY (id),
    CONSTRAINT fk_variable_choices_variable_id_variables FOREIGN KEY(variable_id)
        REFERENCES variables (id) ON DELETE CASCADE,
    CONSTRAINT uq_variable_choices_guid UNIQUE (guid),
    CONSTRAINT uq_variable_choices_variable_id UNIQUE (variable_id, value)
);
CREATE TABLE segments (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    article_id INTEGER NOT NULL,
    code_id INTEGER NOT NULL,
    coder_id INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    memo TEXT NOT NULL,
    codebook_version INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    CONSTRAINT pk_segments PRIMARY KEY (id),
    CONSTRAINT fk_segments_article_id_articles FOREIGN KEY(article_id)
        REFERENCES articles (id) ON DELETE CASCADE,
    CONSTRAINT fk_segments_code_id_codes FOREIGN KEY(code_id)
        REFERENCES codes (id) ON DELETE RESTRICT,
    CONSTRAINT fk_segments_coder_id_coders FOREIGN KEY(coder_id)
        REFERENCES coders (id) ON DELETE RESTRICT,
    CONSTRAINT uq_segments_guid UNIQUE (guid)
);
CREATE INDEX ix_segments_article_coder ON segments (article_id, coder_id);
CREATE INDEX ix_segments_code ON segments (code_id);
CREATE TABLE variable_values (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    article_id INTEGER NOT NULL,
    variable_id INTEGER NOT NULL,
    coder_id INTEGER NOT NULL,
    value TEXT NOT NULL,
    codebook_version INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    CONSTRAINT pk_variable_values PRIMARY KEY (id),
    CONSTRAINT fk_variable_values_article_id_articles FOREIGN KEY(article_id)
        REFERENCES articles (id) ON DELETE CASCADE,
    CONSTRAINT fk_variable_values_coder_id_coders FOREIGN KEY(coder_id)
        REFERENCES coders (id) ON DELETE RESTRICT,
    CONSTRAINT fk_variable_values_variable_id_variables FOREIGN KEY(variable_id)
        REFERENCES variables (id) ON DELETE RESTRICT,
    CONSTRAINT uq_variable_values_article_id UNIQUE (article_id, variable_id, coder_id),
    CONSTRAINT uq_variable_values_guid UNIQUE (guid)
);
CREATE VIRTUAL TABLE article_grams USING fts5(grams, content='', detail=none,
    tokenize='unicode61 remove_diacritics 0');
CREATE INDEX ix_articles_list ON articles (id, title, outlet, published, script, chars);
CREATE TABLE "coders" (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    name VARCHAR(120) NOT NULL,
    is_lead BOOLEAN NOT NULL,
    created_at DATETIME NOT NULL,
    db_role VARCHAR(63),
    CONSTRAINT pk_coders PRIMARY KEY (id),
    CONSTRAINT uq_coders_guid UNIQUE (guid),
    CONSTRAINT uq_coders_name UNIQUE (name),
    CONSTRAINT uq_coders_db_role UNIQUE (db_role)
);
CREATE TABLE "article_words" (
    article_id INTEGER NOT NULL,
    dictionary_version BIGINT NOT NULL,
    boundaries TEXT NOT NULL,
    CONSTRAINT pk_article_words PRIMARY KEY (article_id),
    CONSTRAINT fk_article_words_article_id_articles FOREIGN KEY(article_id)
        REFERENCES articles (id) ON DELETE CASCADE
);
CREATE TABLE suggestion_models (
    id INTEGER NOT NULL,
    version VARCHAR(80) NOT NULL,
    unit VARCHAR(16) NOT NULL,
    created_at DATETIME NOT NULL,
    trained_by_id INTEGER,
    codebook_version INTEGER NOT NULL,
    settings JSON NOT NULL,
    validation JSON NOT NULL,
    weights BLOB NOT NULL,
    weights_sha256 VARCHAR(64) NOT NULL,
    CONSTRAINT pk_suggestion_models PRIMARY KEY (id),
    CONSTRAINT fk_suggestion_models_trained_by_id_coders FOREIGN KEY(trained_by_id)
        REFERENCES coders (id) ON DELETE SET NULL,
    CONSTRAINT uq_suggestion_models_version UNIQUE (version)
);
CREATE TABLE suggestions (
    id INTEGER NOT NULL,
    guid VARCHAR(36) NOT NULL,
    article_id INTEGER NOT NULL,
    code_id INTEGER NOT NULL,
    model_id INTEGER NOT NULL,
    model_version VARCHAR(80) NOT NULL,
    unit VARCHAR(16) NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    confidence FLOAT NOT NULL,
    state VARCHAR(16) NOT NULL,
    created_at DATETIME NOT NULL,
    decided_by_id INTEGER,
    decided_at DATETIME,
    segment_id INTEGER,
    note TEXT NOT NULL,
    CONSTRAINT pk_suggestions PRIMARY KEY (id),
    CONSTRAINT fk_suggestions_article_id_articles FOREIGN KEY(article_id)
        REFERENCES articles (id) ON DELETE CASCADE,
    CONSTRAINT fk_suggestions_code_id_codes FOREIGN KEY(code_id)
        REFERENCES codes (id) ON DELETE CASCADE,
    CONSTRAINT fk_suggestions_model_id_suggestion_models FOREIGN KEY(model_id)
        REFERENCES suggestion_models (id) ON DELETE CASCADE,
    CONSTRAINT fk_suggestions_decided_by_id_coders FOREIGN KEY(decided_by_id)
        REFERENCES coders (id) ON DELETE SET NULL,
    CONSTRAINT fk_suggestions_segment_id_segments FOREIGN KEY(segment_id)
        REFERENCES segments (id) ON DELETE SET NULL,
    CONSTRAINT uq_suggestions_guid UNIQUE (guid)
);
CREATE INDEX ix_suggestions_article_state ON suggestions (article_id, state);
CREATE INDEX ix_suggestions_model ON suggestions (model_id);
CREATE INDEX ix_suggestions_segment_id ON suggestions (segment_id);
CREATE TABLE "assignments" (
    id INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    coder_id INTEGER NOT NULL,
    status VARCHAR(16) NOT NULL,
    assigned_at DATETIME NOT NULL,
    done_at DATETIME,
    assigned BOOLEAN DEFAULT 1 NOT NULL,
    CONSTRAINT pk_assignments PRIMARY KEY (id),
    CONSTRAINT uq_assignments_article_id UNIQUE (article_id, coder_id),
    CONSTRAINT fk_assignments_coder_id_coders FOREIGN KEY(coder_id)
        REFERENCES coders (id) ON DELETE CASCADE,
    CONSTRAINT fk_assignments_article_id_articles FOREIGN KEY(article_id)
        REFERENCES articles (id) ON DELETE CASCADE
);
"""


def _create_head_schema_sqlite(engine: Engine) -> None:
    """Create the head schema on an empty SQLite database and stamp its revision, as Alembic
    would (alembic_version is Alembic's own table, so later migrations run from here).
    """
    statements = [s.strip() for s in HEAD_SCHEMA_SQLITE.split(";") if s.strip()]
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        for statement in statements:
            connection.exec_driver_sql(statement)
        connection.execute(
            text("INSERT INTO alembic_version (version_num) VALUES (:head)"),
            {"head": head_revision()},
        )


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
        if path is not None:
            _create_head_schema_sqlite(engine)
        else:
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

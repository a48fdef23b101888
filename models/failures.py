"""What an SQLite project file does when its disk, its folder or another program gets in the way.

Owns two things every SQLite engine gets (models.database.make_engine installs both):

- `on_sqlite_connect`, the connection settings: foreign keys, WAL and ``synchronous=FULL``
  (so an acknowledged coding action survives a crash), and the busy timeout. Another
  program's SQLite database (tables, but no ``alembic_version``) is left exactly as it is:
  no switch to WAL, so the refusal that follows changes not one byte of it.
- `on_sqlite_error`, the one place where SQLite's failures become a `ProjectError` whose
  message says what happened and what to do: the project in use by another program (busy
  or locked), a full disk (or a file that may grow no larger), a read-only file or folder, a
  file that cannot be opened, a damaged file or one that is not a database. Other errors
  (constraint violations and the like) pass through untouched.

The busy timeout is how long a write waits for another program's lock before giving up:
``DEFAULT_BUSY_TIMEOUT_MS`` (10 s), or the milliseconds in the environment variable
``ARTICODER_BUSY_TIMEOUT_MS`` (tests use a short one; a bad value keeps the default).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy.engine import ExceptionContext

from models.errors import ProjectError

__all__ = [
    "BUSY_TIMEOUT_VARIABLE",
    "DEFAULT_BUSY_TIMEOUT_MS",
    "DamagedProject",
    "DiskFull",
    "ProjectInUse",
    "ReadOnlyProject",
    "busy_timeout_ms",
    "describe_sqlite_error",
    "on_sqlite_connect",
    "on_sqlite_error",
]

BUSY_TIMEOUT_VARIABLE = "ARTICODER_BUSY_TIMEOUT_MS"
DEFAULT_BUSY_TIMEOUT_MS = 10_000

# SQLite's primary result codes (https://sqlite.org/rescode.html).
_BUSY, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 8, 10, 11, 13, 14, 26
# Extended codes: no -shm file can be made beside a WAL database (the folder is read-only).
_READONLY_CANTINIT, _READONLY_DIRECTORY = 1288, 1544


class ProjectInUse(ProjectError):
    """Another program holds the project locked for longer than the busy timeout."""


class DiskFull(ProjectError):
    """A write found no room on the disk (or the file may not grow); nothing was stored."""


class ReadOnlyProject(ProjectError):
    """The project file or its folder cannot be written; it may still be read."""


class DamagedProject(ProjectError):
    """The file cannot be read as an SQLite database (damaged, truncated or something else)."""


def busy_timeout_ms() -> int:
    """How long a write waits for another program's lock, in milliseconds."""
    text = os.environ.get(BUSY_TIMEOUT_VARIABLE, "").strip()
    if text.isdigit():
        return int(text)
    return DEFAULT_BUSY_TIMEOUT_MS


def _foreign_database(cursor: Any) -> bool:
    """A database with tables but no schema version: another program's, not a project."""
    tables = cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return bool(tables) and ("alembic_version",) not in tables


def on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Settings for every new SQLite connection (see the module docstring)."""
    cursor = dbapi_connection.cursor()
    try:
        # The busy timeout first: even reading the schema may wait for another program.
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if _foreign_database(cursor):
            return  # open_project refuses it; switching it to WAL would rewrite its header
        # WAL lets the window read while a worker writes; synchronous=FULL makes every
        # acknowledged coding action survive a power cut.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def describe_sqlite_error(error: sqlite3.Error, where: str) -> ProjectError | None:
    """Our error for an SQLite failure of the project at `where`, or None for other errors."""
    code = getattr(error, "sqlite_errorcode", None)
    detail = str(error)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary is None:  # older SQLite bindings: fall back on the message
        lowered = detail.lower()
        primary = next(
            (
                value
                for text, value in (
                    ("database is locked", _BUSY),
                    ("disk is full", _FULL),
                    ("readonly", _READONLY),
                    ("unable to open", _CANTOPEN),
                    ("not a database", _NOTADB),
                    ("malformed", _CORRUPT),
                    ("disk i/o error", _IOERR),
                )
                if text in lowered
            ),
            None,
        )
    # SQLITE_BUSY is another connection holding the lock. SQLITE_LOCKED is a conflict inside
    # one connection (a table dropped under an open cursor): a program error, not translated.
    if primary == _BUSY:
        seconds = busy_timeout_ms() / 1000
        return ProjectInUse(
            f"{where}: the project is in use by another program, which kept it locked for more "
            f"than {seconds:g} s; nothing was changed. Close the other program (or wait until "
            "it has finished) and try again."
        )
    if primary == _FULL:
        return DiskFull(
            f"{where}: the disk is full; nothing of this step was stored and the project is as "
            "it was. Free some space on the disk and try again."
        )
    if primary == _IOERR:
        return DiskFull(
            f"{where}: writing to the disk failed ({detail}): the disk may be full, removed or "
            "failing, or the file too large for it; nothing of this step was stored. Free some "
            "space (or check the disk), then run `articoder check` on the project."
        )
    if code in (_READONLY_DIRECTORY, _READONLY_CANTINIT):
        return ReadOnlyProject(
            f"{where}: its folder is read-only, and an articoder project needs to write its "
            "-wal and -shm files beside it, even to be read. Make the folder writable, or copy "
            "the project to a folder you can write to."
        )
    if primary == _READONLY:
        return ReadOnlyProject(
            f"{where}: the project file or its folder is read-only, so nothing can be changed "
            "(reading still works). Make both writable, or copy the project to a folder you "
            "can write to."
        )
    if primary == _CANTOPEN:
        return ReadOnlyProject(
            f"{where}: cannot be opened ({detail}); its folder may be read-only (a project "
            "needs to write its -wal and -shm files beside it) or the file was removed. Copy "
            "the project to a folder you can write to."
        )
    if primary in (_NOTADB, _CORRUPT):
        return DamagedProject(
            f"{where}: damaged or not an articoder project ({detail}). `articoder check` "
            "examines it; `articoder backups` lists the backups and `articoder restore` "
            "brings one back."
        )
    return None


def on_sqlite_error(context: ExceptionContext) -> BaseException | None:
    """SQLAlchemy's ``handle_error`` hook: SQLite failures become our `ProjectError`s."""
    original = context.original_exception
    if not isinstance(original, sqlite3.Error):
        return None
    engine = context.engine
    where = str(Path(engine.url.database)) if engine is not None and engine.url.database else ""
    return describe_sqlite_error(original, where or "the project")

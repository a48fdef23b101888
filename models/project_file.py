"""Every operation on an SQLite project's files, in one place, under one rule.

The rule: **while a connection of this process may have a project open, nothing opens the
project file, its -wal or its -shm by path.** POSIX advisory locks belong to the process and
the file, not to a descriptor: closing *any* descriptor on the file drops every lock the
process holds on it (SQLite's "How To Corrupt An SQLite Database File", section 2.2). The next
other process that opens and closes the project then believes it was the last connection and
deletes the -wal and -shm under the live one, whose work from then on goes into deleted files:
invisible to everyone else and lost at the next crash.

So here, and nowhere else:

- a file is recognised as a database through SQLite itself (`check_database_file`: a
  read-only connection; SQLite shares its descriptors among the connections of one process
  and never closes one while another connection holds a lock), never by reading its header;
- copies of a database are made with SQLite's backup API from a connection (`copy_database`);
- raw bytes are touched (`copy_raw`, `remove_project_files`) only when no connection of this
  process has the file open: `connections_open_here` counts them, from the engine events that
  `track_connections` installs on every SQLite engine (models.database.make_engine);
- taking a project over (a restore overwrites it) goes through `exclusive_connection`, a
  connection in exclusive locking mode, which SQLite grants only when no connection of any
  process has the project open, and which keeps every other process out until it closes.

Reading a file's size or modification time (``stat``) opens no descriptor and is allowed.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from models.errors import ProjectError
from models.failures import ProjectInUse, busy_timeout_ms, describe_sqlite_error

__all__ = [
    "SIDE_SUFFIXES",
    "check_database_file",
    "connect",
    "connections_open_here",
    "copy_database",
    "copy_raw",
    "exclusive_connection",
    "is_open_here",
    "remove_project_files",
    "side_file",
    "track_connections",
    "write_lock_held",
]

SIDE_SUFFIXES = ("-wal", "-shm")
_SMALLEST_DATABASE = 512  # SQLite's smallest page; a shorter non-empty file is no database

_open_here: dict[Path, int] = {}
_open_here_lock = threading.Lock()


def side_file(path: Path, suffix: str) -> Path:
    """The -wal or -shm file beside a project (``study.articoder-wal``)."""
    return path.with_name(f"{path.name}{suffix}")


def _key(path: Path) -> Path:
    return path.expanduser().resolve()


def track_connections(engine: Engine, path: Path) -> None:
    """Count the engine's open connections to `path`, so raw access can refuse while any is."""
    key = _key(path)

    def opened(_dbapi_connection: Any, _record: Any) -> None:
        with _open_here_lock:
            _open_here[key] = _open_here.get(key, 0) + 1

    def closed(_dbapi_connection: Any, _record: Any) -> None:
        with _open_here_lock:
            left = _open_here.get(key, 0) - 1
            if left > 0:
                _open_here[key] = left
            else:
                _open_here.pop(key, None)

    event.listen(engine, "connect", opened)
    event.listen(engine, "close", closed)
    event.listen(engine, "close_detached", closed)


def connections_open_here(path: Path) -> int:
    """How many connections of this process's engines have the project at `path` open."""
    with _open_here_lock:
        return _open_here.get(_key(path), 0)


def is_open_here(path: Path) -> bool:
    """Whether `path` is a project file (or its -wal or -shm) this process has open.

    Readers of untrusted input ask this before they open a file (models.bounded_input): an
    import of a folder that holds the open project must not open the project's files.
    """
    for suffix in SIDE_SUFFIXES:
        if path.name.endswith(suffix):
            path = path.with_name(path.name.removesuffix(suffix))
            break
    return connections_open_here(path) > 0


def _refuse_if_open_here(path: Path, what: str) -> None:
    if connections_open_here(path):
        # A program error, not a user's: raw access here would drop the live connection's locks.
        raise ProjectError(
            f"{path}: cannot {what} while this program has the project open; close it first"
        )


@contextlib.contextmanager
def connect(file: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection with the busy timeout, closed at the end.

    (``with sqlite3.connect(...)`` commits but does not close.)
    """
    if read_only:
        connection = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True)
    else:
        connection = sqlite3.connect(str(file))
    try:
        connection.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        yield connection
    finally:
        connection.close()


def check_database_file(path: Path, what: str = "project") -> None:
    """Refuse a path that is missing, a folder, unreadable or not an SQLite database.

    Looks through a read-only SQLite connection, never through a descriptor of its own, so it
    is safe whether or not this process has the project open.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such {what}") from None
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be read ({exc.strerror})") from exc
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a {what} file")
    if info.st_size < _SMALLEST_DATABASE:
        raise ProjectError(f"{path}: not an articoder {what} (not an SQLite database)")
    sides = [side_file(path, suffix) for suffix in SIDE_SUFFIXES]
    had_sides = [side.exists() for side in sides]
    try:
        # A read-only connection with SQLite's locking: a live project (another process
        # checkpointing into it) reads consistently.
        with connect(path, read_only=True) as connection:
            connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return  # another program is writing it: a database all the same
        # A file that is no database may have got a -wal and -shm from that connection, which a
        # read-only connection cannot remove when it closes; nobody else can be using them.
        if not connections_open_here(path):
            for side, had in zip(sides, had_sides, strict=True):
                if not had:
                    side.unlink(missing_ok=True)
        if "not a database" in str(exc):
            raise ProjectError(f"{path}: not an articoder {what} (not an SQLite database)") from exc
        described = describe_sqlite_error(exc, str(path))  # a read-only folder, say
        if described is not None:
            raise described from exc
        raise ProjectError(f"{path}: cannot be read as an SQLite database ({exc})") from exc


def copy_database(source: Path | sqlite3.Connection, target: Path) -> None:
    """Copy a database into a new single file (rollback journal, no -wal) with the backup API.

    `source` is a path or an open connection (a restore copies from the connection that holds
    the project exclusively).
    """
    with contextlib.ExitStack() as stack:
        reader = (
            source
            if isinstance(source, sqlite3.Connection)
            else stack.enter_context(connect(source))
        )
        writer = stack.enter_context(connect(target))
        reader.backup(writer)
        writer.execute("PRAGMA journal_mode=DELETE")


def copy_raw(path: Path, target: Path) -> None:
    """Copy a project's bytes as they are (its -wal too): for a file SQLite cannot read."""
    _refuse_if_open_here(path, "copy the file's bytes")
    shutil.copyfile(path, target)
    wal = side_file(path, "-wal")
    if wal.exists():
        shutil.copyfile(wal, side_file(target, "-wal"))


def remove_project_files(path: Path) -> None:
    """Delete a project file with its -wal and -shm (a half-made or replaced project)."""
    _refuse_if_open_here(path, "remove the file")
    for file in (path, *(side_file(path, suffix) for suffix in SIDE_SUFFIXES)):
        file.unlink(missing_ok=True)


@contextlib.contextmanager
def exclusive_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that holds the project alone, or `ProjectInUse` if anyone has it open.

    In exclusive locking mode SQLite takes the lock at the first transaction and keeps it until
    the connection closes; in WAL mode it grants it only when no connection of any process
    has the project open (an idle window included). While it is held, every other process's
    reads and writes wait and then fail with the usual "in use" message, so nobody works on a
    file that is being replaced.
    """
    _refuse_if_open_here(path, "take the project over")
    connection = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    try:
        connection.execute("PRAGMA busy_timeout=0")
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        try:
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise ProjectInUse(
                f"{path}: the project is open in another program (an articoder window or "
                "command, perhaps a coder's); nothing was changed. Ask whoever has it open to "
                "close it (every window on this project), then try again."
            ) from exc
        yield connection
    finally:
        connection.close()


def write_lock_held(path: Path) -> bool:
    """Whether another connection holds the project's write lock at this moment.

    Asks for the lock without waiting (``BEGIN IMMEDIATE`` with no busy timeout) and gives it
    back at once; through SQLite, so it is safe while this process has the project open.
    """
    try:
        connection = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    finally:
        connection.close()
    return False

"""Rotating backups of an SQLite project, and restoring one.

Backups live in a folder beside the project, ``<project>.backups/`` (``study.articoder`` ->
``study.articoder.backups/``), one self-contained SQLite file each (rollback journal, no -wal),
named by UTC time and reason: ``20261122T044800Z-open.articoder``. A second backup within the
same second gets a sequence number, ``20261122T044800Z.1-open.articoder``. Every copy is made
with SQLite's backup API, so it is consistent even while the project is open and being written.

Rotation, after every new backup, keeps the newest backups while both bounds hold:

- at most ``keep`` backups per project (default ``DEFAULT_KEEP`` = 10), and
- at most ``max_bytes`` in all (default: the larger of ``DEFAULT_MAX_BYTES`` = 2 GiB and three
  times the project's size, so a big project still keeps about three backups).

The newest backup of each reason (the newest before an import, before a merge, on opening...)
is always kept, whatever the bounds, so a run of small changes never pushes out the only copy
from before a codebook import. A backup whose content equals the newest backup's is not
written again (an unchanged project adds none). Files in the folder that do not follow the
naming pattern are never touched.

Every file operation on the project itself goes through models.project_file, which owns the
rule that keeps a live connection's locks: the copies are made with SQLite's backup API, and a
restore takes the project over through an exclusive connection, refused while anyone else has
it open.

Server databases (PostgreSQL) are not backed up here: their administrators have their own tools;
every function refuses them with `BackupError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import secrets
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models import project_file
from models.database import (
    ProjectDatabase,
    ProjectError,
    known_revisions,
    sqlite_path,
    to_url,
)
from models.project_file import connect as _connect

__all__ = [
    "DEFAULT_KEEP",
    "DEFAULT_MAX_BYTES",
    "BackupError",
    "BackupInfo",
    "backup_before",
    "backup_folder",
    "backup_on_open",
    "find_backup",
    "list_backups",
    "make_backup",
    "prune_backups",
    "restore_backup",
]

DEFAULT_KEEP = 10
DEFAULT_MAX_BYTES = 2 * 1024**3
STALE_PARTIAL_SECONDS = 24 * 3600
SIZE_FACTOR = 3  # the total bound is at least this many times the project's size
SUFFIX = ".articoder"
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^(\d{8}T\d{6}Z)(?:\.(\d+))?-([a-z0-9][a-z0-9-]*)\.articoder$")


class BackupError(ProjectError):
    """A backup cannot be made, listed or restored; the message says why.

    A ProjectError, so the command line and the window report it like other project errors.
    """


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where it is, when (UTC) and why it was made, and its size in bytes."""

    path: Path
    created: dt.datetime
    reason: str
    size: int
    sequence: int = 0  # orders backups made within the same second

    @property
    def name(self) -> str:
        """The file name, which `restore_backup` also accepts."""
        return self.path.name

    def as_json(self) -> dict[str, Any]:
        """The backup as plain JSON values."""
        return {
            "name": self.name,
            "path": str(self.path),
            "created": self.created.isoformat(),
            "reason": self.reason,
            "size": self.size,
        }


def _project_file(path: str | Path) -> Path:
    """The SQLite file of a project path or URL; a server database is refused."""
    file = sqlite_path(to_url(path))
    if file is None:
        raise BackupError(
            f"{path}: a server database (or in-memory SQLite); back it up with the server's "
            "own tools (e.g. pg_dump)"
        )
    return file


def backup_folder(path: str | Path) -> Path:
    """The folder holding a project's backups: ``<project>.backups`` beside it."""
    file = _project_file(path)
    return file.with_name(f"{file.name}.backups")


def _reason_slug(reason: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", reason.strip().lower()).strip("-")
    return slug or "backup"


def _parse(file: Path) -> BackupInfo | None:
    match = _NAME.match(file.name)
    if match is None:
        return None
    try:
        status = file.stat()
    except FileNotFoundError:  # removed by another process's rotation since the listing
        return None
    # Empty: a name another process has claimed and is about to fill (see `_claim_name`).
    if not stat.S_ISREG(status.st_mode) or status.st_size == 0:
        return None
    created = dt.datetime.strptime(match.group(1), _STAMP).replace(tzinfo=dt.UTC)
    return BackupInfo(
        path=file,
        created=created,
        reason=match.group(3),
        size=status.st_size,
        sequence=int(match.group(2) or 0),
    )


def list_backups(path: str | Path) -> list[BackupInfo]:
    """A project's backups, newest first (an empty list when there are none)."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    found = [info for file in folder.iterdir() if (info := _parse(file)) is not None]
    return sorted(found, key=lambda b: (b.created, b.sequence, b.name), reverse=True)


def _check_project_file(file: Path, what: str, integrity: bool = False) -> None:
    """Refuse anything that is not an articoder project this version can open.

    With `integrity`, also run ``PRAGMA quick_check`` (a full read: seconds on a large file,
    so only before a restore, never on the way to opening a project).
    """
    try:
        project_file.check_database_file(file, what)
    except ProjectError as exc:
        raise BackupError(str(exc)) from exc
    try:
        with _connect(file, read_only=True) as connection:
            has_version = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if has_version is None:
                raise BackupError(f"{file}: not an articoder project (no schema version)")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            check = connection.execute("PRAGMA quick_check").fetchone() if integrity else ("ok",)
    except sqlite3.Error as exc:
        raise BackupError(f"{file}: cannot be read as an SQLite database ({exc})") from exc
    if row is None:
        raise BackupError(f"{file}: not an articoder project (no schema version)")
    if row[0] not in known_revisions():
        raise BackupError(
            f"{file}: made by a newer articoder (schema {row[0]}); update articoder first"
        )
    if check is None or check[0] != "ok":
        raise BackupError(f"{file}: the database is damaged ({check[0] if check else '?'})")


def _new_name(folder: Path, reason: str, now: dt.datetime) -> Path:
    """A fresh name; a later backup within the same second gets the next sequence number."""
    stamp = now.astimezone(dt.UTC).strftime(_STAMP)
    taken = [
        int(match.group(2) or 0)
        for file in folder.iterdir()
        if (match := _NAME.match(file.name)) and match.group(1) == stamp
    ]
    sequence = max(taken) + 1 if taken else 0
    marker = f".{sequence}" if sequence else ""
    return folder / f"{stamp}{marker}-{_reason_slug(reason)}{SUFFIX}"


def _claim_name(folder: Path, reason: str, now: dt.datetime) -> Path:
    """Create an empty file under a fresh backup name that no other process can also claim.

    Two processes (the window and a command) backing one project up in the same second both
    see the same free sequence number; creating the name with O_EXCL settles who gets it, and
    the other takes the next one, so neither overwrites the other's backup. The empty file is
    invisible to `list_backups` (a backup is never empty) until the copy replaces it.
    """
    for _ in range(1000):
        target = _new_name(folder, reason, now)
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            continue
        return target
    raise OSError(errno.EEXIST, "no free backup name", str(folder))


def _same_content(first: Path, second: Path) -> bool:
    """Whether two backup files hold the same bytes (backups of one state are identical)."""
    chunk = 1 << 20
    try:
        if first.stat().st_size != second.stat().st_size:
            return False
        with first.open("rb") as one, second.open("rb") as other:
            while True:
                block = one.read(chunk)
                if block != other.read(chunk):
                    return False
                if not block:
                    return True
    except FileNotFoundError:  # another process's rotation removed it meanwhile
        return False


def _write_backup(
    file: Path,
    reason: str,
    now: dt.datetime | None,
    *,
    source: sqlite3.Connection | None = None,
    raw: bool = False,
) -> Path:
    """Copy the project (from `source` when given, else from its file) into its backups.

    A copy identical to the newest backup is not kept: that backup is returned instead, so
    repeated no-op imports do not push older states out of the rotation.
    """
    folder = file.with_name(f"{file.name}.backups")
    # Written under a name the listing ignores and no other process uses, then renamed: a
    # half-made backup never shows, and two processes backing up at once never collide.
    temporary = folder / f".{os.getpid()}-{secrets.token_hex(4)}.partial"
    target: Path | None = None
    try:
        folder.mkdir(exist_ok=True)
        if raw:  # a damaged file: keep its bytes (and its -wal) as they are
            project_file.copy_raw(file, temporary)
        else:
            project_file.copy_database(source if source is not None else file, temporary)
            newest = next(iter(list_backups(file)), None)
            if newest is not None and _same_content(temporary, newest.path):
                temporary.unlink()
                return newest.path
        target = _claim_name(folder, reason, now or dt.datetime.now(dt.UTC))
        wal = project_file.side_file(temporary, "-wal")
        if wal.exists():
            os.replace(wal, project_file.side_file(target, "-wal"))
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):  # e.g. no folder at all: nothing to tidy
            for leftover in (temporary, project_file.side_file(temporary, "-wal")):
                leftover.unlink(missing_ok=True)
            if target is not None and target.stat().st_size == 0:
                target.unlink()  # our claimed name, never filled
        full = getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in str(exc)
        advice = "; the disk is full: free some space and try again" if full else ""
        raise BackupError(
            f"{file}: the backup could not be written ({exc}){advice}; nothing was changed"
        ) from exc
    return target


def prune_backups(
    path: str | Path, keep: int = DEFAULT_KEEP, max_bytes: int | None = None
) -> list[Path]:
    """Delete the oldest backups beyond the bounds (see the module docstring); return them."""
    file = _project_file(path)
    if max_bytes is None:
        project_size = file.stat().st_size if file.exists() else 0
        max_bytes = max(DEFAULT_MAX_BYTES, SIZE_FACTOR * project_size)
    removed: list[Path] = []
    _remove_stale_partials(backup_folder(file))
    reasons_kept: set[str] = set()
    total = 0
    for index, info in enumerate(list_backups(file)):
        total += info.size
        newest_of_its_kind = info.reason not in reasons_kept
        reasons_kept.add(info.reason)
        if newest_of_its_kind or (index < keep and total <= max_bytes):
            continue
        try:
            info.path.unlink()
        except OSError:
            continue  # e.g. open on Windows; the next rotation tries again
        project_file.side_file(info.path, "-wal").unlink(missing_ok=True)
        removed.append(info.path)
    return removed


def _remove_stale_partials(folder: Path) -> None:
    """Delete half-made copies left by a process killed mid-backup (a day old or more).

    A live process's copy is never that old, and a large project's leftover would otherwise
    hold its size on the disk for ever.
    """
    if not folder.is_dir():
        return
    day_ago = dt.datetime.now().timestamp() - STALE_PARTIAL_SECONDS
    for leftover in folder.glob(".*.partial*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < day_ago:
                leftover.unlink()


def make_backup(
    path: str | Path,
    reason: str,
    *,
    keep: int = DEFAULT_KEEP,
    max_bytes: int | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Back an SQLite project up into ``<project>.backups/``, then rotate; return the new file.

    The copy is consistent (SQLite backup API) even while the project is open. `reason` becomes
    part of the file name (lower case letters, digits and dashes). Raises `BackupError` for a
    server database, a file that is not an articoder project, or a copy that cannot be written.
    """
    file = _project_file(path)
    _check_project_file(file, "project")
    target = _write_backup(file, reason, now)
    prune_backups(file, keep=keep, max_bytes=max_bytes)
    return target


def backup_before(database: ProjectDatabase, reason: str) -> Path | None:
    """The backup to make before a merge, import or other bulk change of an open project.

    `reason` names the change (``before-codings-import``). Returns the new backup, or None for
    a server database. Raises `BackupError` when the copy fails: the caller then leaves the
    project alone, since a bulk change without its backup is exactly what we promise not to do.
    """
    if database.path is None:
        return None
    return make_backup(database.path, reason)


def _last_change(file: Path) -> float:
    times = [file.stat().st_mtime]
    wal = file.with_name(f"{file.name}-wal")
    if wal.exists():
        times.append(wal.stat().st_mtime)
    return max(times)


def backup_on_open(path: str | Path, *, keep: int = DEFAULT_KEEP) -> Path | None:
    """The backup to make when a project opens; call it before opening, after any upgrade.

    Returns the new backup, or None when there is nothing to do: a server database, or a
    project unchanged since its newest backup (so opening and closing repeatedly does not
    rotate the real history away). Raises `BackupError` when the copy fails; the window
    should then warn and open the project anyway.
    """
    file = sqlite_path(to_url(path))
    if file is None or not file.exists():
        return None
    backups = list_backups(file)
    with contextlib.suppress(FileNotFoundError):  # the newest may go in another's rotation
        if backups and backups[0].path.stat().st_mtime >= _last_change(file):
            return None
    return make_backup(file, "open", keep=keep)


def find_backup(path: str | Path, backup: str | Path) -> Path:
    """A backup given as a file path or as a name from `list_backups`."""
    for info in list_backups(path):
        if info.name == str(backup):
            return info.path
    candidate = Path(backup).expanduser()
    if candidate.is_file():
        return candidate.resolve()
    raise BackupError(f"{backup}: no such backup; `articoder backups PROJECT` lists them")


def restore_backup(path: str | Path, backup: str | Path) -> Path | None:
    """Put a backup back as the project; return the backup of the state it replaced.

    `backup` is a file path or a name from `list_backups`. The backup is checked first (an
    SQLite database, an articoder project of a known schema, passing ``PRAGMA quick_check``);
    anything else is refused with `BackupError` and nothing changes. The project is then taken
    over with an exclusive connection: while any window or command has it open, the restore is
    refused (`ProjectInUse`, saying to close it there) and nothing changes; while the restore
    runs, every other program that opens it waits and is told the project is in use. Under
    that lock the current state is backed up (reason ``before-restore``) and the backup is
    copied in with the SQLite backup API; a final checkpoint leaves the project file complete
    on its own. A project file SQLite cannot read at all is kept byte for byte, then replaced.
    Returns None when there was no project file to save.
    """
    file = _project_file(path)
    source = find_backup(file, backup)
    if source.resolve() == file.resolve():
        raise BackupError(f"{source}: is the project itself, not a backup")
    _check_project_file(source, "backup", integrity=True)
    saved: Path | None = None
    try:
        if file.exists() and not _is_damaged(file):
            with project_file.exclusive_connection(file) as connection:
                saved = _write_backup(file, "before-restore", None, source=connection)
                with _connect(source, read_only=True) as reader:
                    reader.backup(connection)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            if file.exists():
                saved = _write_backup(file, "before-restore", None, raw=True)
                project_file.remove_project_files(file)
            project_file.copy_database(source, file)
            with _connect(file) as connection:
                connection.execute("PRAGMA journal_mode=WAL")
    except (OSError, sqlite3.Error) as exc:
        where = f"; the previous state is in {saved}" if saved else ""
        raise BackupError(f"{file}: the backup could not be restored ({exc}){where}") from exc
    _check_project_file(file, "project")
    prune_backups(file)
    return saved


def _is_damaged(file: Path) -> bool:
    """Whether SQLite cannot read the file as a database at all (so it can have no users)."""
    try:
        project_file.check_database_file(file)
        with _connect(file, read_only=True) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (ProjectError, sqlite3.Error) as exc:
        return "locked" not in str(exc) and "busy" not in str(exc)
    return False

"""The window's bulk changes, each preceded by a backup of an SQLite project.

Owns the one place where the window starts an article import, an auto-code of search hits, a
codebook merge or the deletion of a code that has segments: each first calls
`models.backups.backup_before` with a reason naming the change, then does it. Kept free of Qt
so the backups can be tested without a window. The window runs `import_articles` in its
background task; for the others it makes the backup in a background task (copying a large
project takes seconds), then does the change on the UI thread with `backed_up=True`.

A backup that cannot be written (a full disk, a read-only folder) raises `BackupError`, a
`ProjectError`, and the change is not made: a bulk change without its backup is what the
promise in docs/reliability.md rules out. Server databases (PostgreSQL) get no backup here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from codebook.operations import DeleteCode, MergeCodes
from coding.segments import SegmentInfo
from coding.workspace import Workspace
from corpus.search import Hit
from models.backups import backup_before
from models.database import ProjectDatabase
from models.journal import Changes, Operation
from models.progress import Progress

if TYPE_CHECKING:  # the import machinery loads when an import runs, not with the window
    from corpus.importer import ImportReport

__all__ = ["auto_code", "auto_code_reason", "bulk_reason", "import_articles", "perform"]


AUTO_CODE = "before-auto-code"


def bulk_reason(operation: Operation) -> str | None:
    """The backup reason for a codebook operation that moves segments in bulk, else None.

    A merge moves every segment of the source code; deleting a code with `reassign_to` moves
    every segment of its subtree, and with `delete_segments` removes them. Small edits (rename,
    recolour, one segment) make no backup: undo covers them, and a backup per keystroke would
    rotate the useful ones away.
    """
    if isinstance(operation, MergeCodes):
        return "before-code-merge"
    if isinstance(operation, DeleteCode) and (
        operation.reassign_to is not None or operation.delete_segments
    ):
        return "before-code-delete"
    return None


def auto_code_reason(hits: Sequence[Hit]) -> str | None:
    """The backup reason for coding these search hits at once (None: nothing to code)."""
    return AUTO_CODE if hits else None


def perform(workspace: Workspace, operation: Operation, *, backed_up: bool = False) -> Changes:
    """Do a codebook operation in the workspace, backing the project up first if it is bulk.

    `backed_up`: the caller made the backup already (the window does, off its UI thread,
    since copying a large project takes seconds).
    """
    reason = bulk_reason(operation)
    if reason is not None and not backed_up:
        backup_before(workspace.database, reason)
    return workspace.perform(operation)


def auto_code(
    workspace: Workspace, hits: list[Hit], code_id: int, *, backed_up: bool = False
) -> list[SegmentInfo]:
    """Code every search hit with one code (one undoable step), after a backup."""
    reason = auto_code_reason(hits)
    if reason is not None and not backed_up:
        backup_before(workspace.database, reason)
    return workspace.auto_code(hits, code_id)


def import_articles(
    database: ProjectDatabase, paths: Sequence[Path], progress: Progress | None = None
) -> ImportReport:
    """Import article files and folders as one batch (corpus.importer), after a backup.

    Runs on the window's worker thread: the backup opens its own SQLite connections there.
    """
    backup_before(database, "before-import")
    from corpus.importer import import_paths

    return import_paths(database, paths, progress=progress)

"""The backup commands: `articoder backups PROJECT` and `articoder restore PROJECT BACKUP`.

`backups` lists a project's backups (in ``<project>.backups/``), newest first. `restore` puts
one back (BACKUP is a file path or a name from the list), after backing up the current state
with the reason ``before-restore``. Both take `--json` and then print only JSON. Refusals raise
models.backups.BackupError, a ProjectError, which the command line reports in one line.
"""

from __future__ import annotations

import argparse

from articoder.cli_common import add_command, print_json
from models.backups import backup_folder, list_backups, restore_backup

__all__ = ["add_backup_commands", "cmd_backups", "cmd_restore"]


def _size(size: int) -> str:
    amount = float(size)
    for unit in ("B", "KB", "MB"):
        if amount < 1024:
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} GB"


def cmd_backups(arguments: argparse.Namespace) -> None:
    backups = list_backups(arguments.project)
    if arguments.json:
        print_json([b.as_json() for b in backups])
        return
    if not backups:
        print(f"No backups in {backup_folder(arguments.project)}")
        return
    for b in backups:
        local = b.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        print(f"{b.name:<44}  {local}  {_size(b.size):>9}  {b.reason}")


def cmd_restore(arguments: argparse.Namespace) -> None:
    saved = restore_backup(arguments.project, arguments.backup)
    if arguments.json:
        print_json(
            {
                "project": arguments.project,
                "restored": arguments.backup,
                "previous_state": str(saved) if saved else None,
            }
        )
        return
    print(f"Restored {arguments.backup} into {arguments.project}.")
    if saved is not None:
        print(f"The state before the restore is kept in {saved}")


def add_backup_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register backups and restore on the main parser's subcommands."""
    sub = add_command(commands, "backups", cmd_backups, "list a project's backups, newest first")
    sub.add_argument("project")
    sub = add_command(
        commands,
        "restore",
        cmd_restore,
        "put a backup back as the project (the current state is backed up first)",
    )
    sub.add_argument("project")
    sub.add_argument("backup", help="a backup file, or a name listed by `articoder backups`")

"""The backup commands: `articoder backups PROJECT` and `articoder restore PROJECT BACKUP`.

`backups` lists a project's backups (in ``<project>.backups/``), newest first. `restore` puts
one back (BACKUP is a file path or a name from the list), after backing up the current state
with the reason ``before-restore``. Both take `--json` and then print only JSON. Refusals raise
models.backups.BackupError, a ProjectError, which the command line reports in one line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from models.backups import backup_folder, list_backups, restore_backup

__all__ = ["add_backup_commands", "cmd_backups", "cmd_restore"]


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


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
        _print_json([b.as_json() for b in backups])
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
        _print_json(
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


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Callable[[argparse.Namespace], None],
    help_: str,
) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=help_, description=help_)
    sub.add_argument("--json", action="store_true", help="print only JSON")
    sub.set_defaults(handler=handler)
    return sub


def add_backup_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register backups and restore on the main parser's subcommands."""
    sub = _command(commands, "backups", cmd_backups, "list a project's backups, newest first")
    sub.add_argument("project")
    sub = _command(
        commands,
        "restore",
        cmd_restore,
        "put a backup back as the project (the current state is backed up first)",
    )
    sub.add_argument("project")
    sub.add_argument("backup", help="a backup file, or a name listed by `articoder backups`")

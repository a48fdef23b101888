"""The `articoder check` command: the integrity of a whole project, and an exit code to match.

    articoder check PROJECT [--json]

Prints what was checked and every problem found (coding.check says what is verified). Exit
code 0 when the project is clean, 1 when problems were found or the project cannot be opened
(the message says why). With `--json` it prints only JSON: the report (`ok`, `problems`,
`omitted`, `checked`, `notes`), or `{"ok": false, "error": ...}` for a project that cannot be
opened. `add_check_command` registers it on the main parser's subcommands.
"""

from __future__ import annotations

import argparse
import sys

from articoder.cli_common import print_json
from coding.check import CheckReport, check_project
from models.database import ProjectError, open_project

__all__ = ["add_check_command", "cmd_check", "format_check_report"]


def format_check_report(report: CheckReport, location: str) -> str:
    """The readable report: what was checked, then every problem (or that there is none)."""
    counts = ", ".join(f"{n} {what}" for what, n in report.checked.items())
    lines = [f"Checked {location}: {counts}"]
    lines += [f"  note: {note}" for note in report.notes]
    if report.ok:
        lines.append("No problems found.")
        return "\n".join(lines)
    total = len(report.problems) + sum(report.omitted.values())
    lines.append(f"{total} problem{'s' if total != 1 else ''} found:")
    lines += [f"  {problem}" for problem in report.problems]
    for kind, n in report.omitted.items():
        lines.append(f"  ... and {n} more {kind} problems not listed")
    return "\n".join(lines)


def cmd_check(arguments: argparse.Namespace) -> None:
    """Check the project; exit with code 1 when it cannot be opened or has problems."""
    try:
        database = open_project(arguments.project, upgrade=False)
    except ProjectError as exc:
        if arguments.json:
            print_json({"ok": False, "error": str(exc)})
        print(f"articoder: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc
    try:
        location = database.location
        report = check_project(database)
    finally:
        database.close()
    if arguments.json:
        print_json({"project": location, **report.as_json()})
    else:
        print(format_check_report(report, location))
    if not report.ok:
        raise SystemExit(1)


def add_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `check` on the subcommands of the main parser (`add_subparsers()`)."""
    help_ = "check the integrity of a project: exit code 0 when clean, 1 with the problems"
    sub = commands.add_parser("check", help=help_, description=help_)
    sub.add_argument("--json", action="store_true", help="print only JSON")
    sub.add_argument("project")
    sub.set_defaults(handler=cmd_check)

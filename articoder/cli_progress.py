"""The `articoder progress` command: each coder's totals, and with `--days` the work by day.

    articoder progress PROJECT [--days] [--json]

The same numbers as the window's Team progress view (team.progress). On a shared
server the numbers are what the connecting role may see: the lead sees the whole team.
"""

from __future__ import annotations

import argparse
import unicodedata

from articoder.cli_common import Commands, add_command, print_json
from models.database import open_project
from team.progress import team_progress


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns: a Chinese character takes two."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 1)


def cmd_progress(arguments: argparse.Namespace) -> None:
    """Print the team's progress as a table (or JSON)."""
    database = open_project(arguments.project)
    try:
        progress = team_progress(database)
    finally:
        database.close()
    if arguments.json:
        print_json(progress.as_json())
        return
    if not progress.coders:
        print("No coder has assignments or coding yet.")
        return
    print(f"{_pad('coder', 20)}{'assigned':>8} {'done':>6} {'to do':>6} {'segments':>9} last saved")
    for coder in progress.coders:
        last = coder.last_active.strftime("%Y-%m-%d %H:%M") if coder.last_active else "-"
        print(
            f"{_pad(coder.name, 20)}{coder.assigned:>8} {coder.done:>6} {coder.todo:>6} "
            f"{coder.segments:>9} {last}"
        )
    # Done is a status, not an assignment: the two totals are said apart.
    print(
        f"\narticles done: {progress.articles_done} of {progress.articles_total}; "
        + (
            f"assignments done: {progress.assignments_done} of {progress.assignments}"
            if progress.assignments
            else "no assignments"
        )
    )
    if arguments.days:
        names = {c.coder_id: c.name for c in progress.coders}
        print(f"\n{'day':<10} {_pad('coder', 20)}{'done':>6} {'segments':>9}")
        for day in progress.days:
            name = names.get(day.coder_id, str(day.coder_id))
            done, made = day.articles_done, day.segments_made
            print(f"{day.day.isoformat():<10} {_pad(name, 20)}{done:>6} {made:>9}")


def add_progress_command(commands: Commands) -> None:  # type: ignore[type-arg]
    """Register `progress` on the main parser's subcommands."""
    sub = add_command(commands, "progress", cmd_progress, "each coder's progress, by day too")
    sub.add_argument("project")
    sub.add_argument("--days", action="store_true", help="also list the work by day")

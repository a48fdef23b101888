"""The team commands of the command line: assign, unassign, queue, package, merge.

`add_team_commands` registers them on the main parser's subcommands; articoder.cli wires it
in and lists team.assignments.AssignmentError and team.merge_report.CoderFileError among
its user errors (exit 1, one line, nothing stored).

    articoder assign PROJECT --coders A,B,C --overlap 0.2 --seed N
                     [--coders-per-overlap 2] [--articles IDS | --all-unassigned] [--replace]
    articoder assign PROJECT --by-hand CODER --articles 1,2,5-9
    articoder unassign PROJECT CODER --articles 1,2
    articoder queue PROJECT CODER
    articoder package PROJECT CODER OUT
    articoder merge PROJECT FILE...
"""

from __future__ import annotations

import argparse
import random

from articoder.cli_common import (
    Commands,
    add_command,
    article_ids,
    coder_names,
    print_json,
)
from models.backups import backup_before
from models.database import ProjectDatabase, open_project
from team.assignments import (
    AssignmentError,
    assign,
    assign_articles,
    assignable_articles,
    plan_assignments,
    queue,
    unassign,
)
from team.coder_files import merge, package
from team.merge_report import MergeReport

MERGE_HELP = """\
Bring coder files (written by `articoder package`) back into the project. Every file is
checked first: a damaged file, a file that is not a coder file or one of another project is
refused and nothing is merged (exit 1). An SQLite project is backed up first. Coders, articles,
codes, segments and values are matched by GUID (articles also by content hash); merging a file
twice changes nothing. Codebook edits made in a coder file are reported, never applied; a
segment whose code was added in the coder file, or whose text no longer lands in a changed
article, is listed and not stored (the coder file keeps it). A summary is printed (--json:
the whole report as JSON).
Exit code 0 when the files were merged, even with conflicts: then "needs_attention" is true
and each file's "conflicts" and "codebook_changes" say what to look at.
"""


def _open(arguments: argparse.Namespace) -> ProjectDatabase:
    return open_project(arguments.project)


def _plan_articles(database: ProjectDatabase, arguments: argparse.Namespace) -> list[int]:
    if arguments.articles is not None:
        return list(arguments.articles)
    return assignable_articles(database, unassigned_only=arguments.all_unassigned)


def cmd_assign(arguments: argparse.Namespace) -> None:
    if arguments.by_hand and arguments.coders:
        raise AssignmentError("give either --coders (a planned split) or --by-hand CODER")
    if arguments.by_hand and arguments.articles is None:
        raise AssignmentError("--by-hand needs --articles, e.g. --articles 1,2,5-9")
    if not arguments.by_hand and not arguments.coders:
        raise AssignmentError("name the coders: --coders A,B,C (or --by-hand CODER --articles)")
    database = _open(arguments)
    try:
        backup_before(database, "assign")
        if arguments.by_hand:
            report = assign_articles(database, arguments.by_hand, arguments.articles)
        else:
            seed = arguments.seed if arguments.seed is not None else random.randrange(10**6)
            plan = plan_assignments(
                _plan_articles(database, arguments),
                arguments.coders,
                arguments.overlap,
                seed,
                arguments.coders_per_overlap,
            )
            report = assign(database, plan, replace=arguments.replace)
    finally:
        database.close()
    if arguments.json:
        print_json(report.as_json())
        return
    if report.plan is not None:
        plan = report.plan
        print(
            f"Seed {plan.seed}: {len(plan.overlap)} articles in the reliability sample, "
            f"each coded by {plan.coders_per_overlap} coders"
        )
        for (first, second), shared in plan.pair_counts().items():
            print(f"  {first} and {second} share {shared}")
    for name, added in report.added.items():
        print(f"{name}: {added} articles added, {report.kept.get(name, 0)} already assigned")
    for name, removed in report.removed.items():
        print(f"{name}: {removed} todo articles taken out, {report.kept_done[name]} done kept")
    if report.coders_added:
        print(f"New coders: {', '.join(report.coders_added)}")


def cmd_unassign(arguments: argparse.Namespace) -> None:
    database = _open(arguments)
    try:
        report = unassign(database, arguments.coder, arguments.articles)
    finally:
        database.close()
    if arguments.json:
        print_json(report.as_json())
    else:
        removed, kept = report.removed[arguments.coder], report.kept_done[arguments.coder]
        print(f"{arguments.coder}: {removed} articles taken out, {kept} done ones kept")


def cmd_queue(arguments: argparse.Namespace) -> None:
    database = _open(arguments)
    try:
        items = queue(database, arguments.coder)
    finally:
        database.close()
    if arguments.json:
        print_json([item.as_json() for item in items])
        return
    for item in items:
        print(f"{item.article_id:>6}  {item.status:<4}  {item.title}")


def cmd_package(arguments: argparse.Namespace) -> None:
    database = _open(arguments)
    try:
        report = package(database, arguments.coder, arguments.out)
    finally:
        database.close()
    if arguments.json:
        print_json(report.as_json())
    else:
        print(
            f"Wrote {report.path} for {report.coder_name}: {report.articles} articles, "
            f"{report.segments} segments, {report.values} values, {report.codes} codes"
        )


def merge_summary(report: MergeReport) -> list[str]:
    """The merge report for people: per file what was stored, then what needs a look."""
    lines = []
    for file in report.files:
        lines.append(
            f"{file.path} ({file.coder_name}): "
            f"{len(file.segments.added)} segments added, {len(file.segments.updated)} updated, "
            f"{len(file.segments_removed)} removed, {file.segments.unchanged} unchanged; "
            f"{len(file.values.added)} values added, {len(file.values.updated)} updated; "
            f"{len(file.assignments.added) + len(file.assignments.updated)} assignments changed"
        )
        lines.extend(
            f"  coder renamed: {r.file_name} in the file, kept as {r.kept}" for r in file.renames
        )
        lines.extend(
            f"  codebook edited in the file, NOT applied: {c.kind} {c.name} ({c.guid})"
            for c in file.codebook_changes
        )
        lines.extend(f"  conflict ({c.kind}): {c.message}" for c in file.conflicts[:20])
        if len(file.conflicts) > 20:
            lines.append(f"  ... and {len(file.conflicts) - 20} more conflicts (--json lists all)")
    if report.backup:
        lines.append(f"Backup of the project before the merge: {report.backup}")
    if report.needs_attention:
        lines.append("Some work needs a look (above); nothing was lost: the coder files keep it.")
    return lines


def cmd_merge(arguments: argparse.Namespace) -> None:
    database = _open(arguments)
    try:
        report = merge(database, arguments.files)
    finally:
        database.close()
    if arguments.json:
        print_json(report.as_json())
    else:
        print("\n".join(merge_summary(report)))


def add_team_commands(commands: Commands) -> None:  # type: ignore[type-arg]
    """Register assign, unassign, queue, package and merge."""
    sub = add_command(
        commands,
        "assign",
        cmd_assign,
        "give coders their articles: an even split with a seeded reliability sample, or by hand",
    )
    sub.add_argument("project")
    sub.add_argument("--coders", type=coder_names, help="the coders to split among: A,B,C")
    sub.add_argument(
        "--overlap",
        type=float,
        default=0.0,
        help="share of the articles coded by several coders (0 to 1, default 0)",
    )
    sub.add_argument(
        "--seed", type=int, help="seed of the random sample (default: a new one, printed)"
    )
    sub.add_argument(
        "--coders-per-overlap",
        type=int,
        default=2,
        help="how many coders code each article of the sample (default 2)",
    )
    which = sub.add_mutually_exclusive_group()
    which.add_argument(
        "--articles", type=article_ids, help="only these article ids (3,5,10-12); default: all"
    )
    which.add_argument(
        "--all-unassigned", action="store_true", help="only articles nobody is assigned yet"
    )
    sub.add_argument(
        "--replace",
        action="store_true",
        help="take out the named coders' todo articles the new plan does not list (done stay)",
    )
    sub.add_argument("--by-hand", metavar="CODER", help="put --articles in this coder's queue")

    sub = add_command(
        commands, "unassign", cmd_unassign, "take articles out of a coder's queue (done ones stay)"
    )
    sub.add_argument("project")
    sub.add_argument("coder")
    sub.add_argument("--articles", type=article_ids, required=True, help="article ids: 3,5,10-12")

    sub = add_command(commands, "queue", cmd_queue, "a coder's assigned articles, todo first")
    sub.add_argument("project")
    sub.add_argument("coder")

    sub = add_command(
        commands,
        "package",
        cmd_package,
        "write a coder file: the coder's articles, the codebook and the coder's own work",
    )
    sub.add_argument("project")
    sub.add_argument("coder")
    sub.add_argument("out", help="the new coder file (must not exist yet)")

    sub = commands.add_parser(
        "merge",
        help="bring coder files back into the project (a summary; --json: the whole report)",
        description=MERGE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument("--json", action="store_true", help="print only JSON: the whole report")
    sub.set_defaults(handler=cmd_merge)
    sub.add_argument("project")
    sub.add_argument("files", nargs="+", metavar="FILE")

"""The command line: `articoder COMMAND PROJECT ...`, headless, for leads and scripts.

PROJECT is a project file path or a database URL. Every command takes `--json` and then
prints only JSON. Exit code 0 on success, 1 on a user error with a one-line message on stderr;
an unexpected failure prints one line and keeps the traceback in a log file, never on screen.
Run without arguments, it opens the window (Qt is imported only then).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from agreement.reliability import AgreementError
from articoder.cli_agreement import add_agreement_command
from articoder.cli_backups import add_backup_commands
from articoder.cli_check import add_check_command
from articoder.cli_common import (
    add_command,
    print_json,
    terminal_safe_output,
    without_passwords,
)
from articoder.cli_exports import add_document_options, add_export_commands, cmd_codebook_document
from articoder.cli_progress import add_progress_command
from articoder.cli_server import add_server_commands
from articoder.cli_team import add_team_commands
from articoder.demo_project import demo_project_path
from codebook.files import carries_codes_only, keep_project_parts, read_codebook, write_codebook
from codebook.spec import CodebookError
from codebook.store import code_rows, import_codebook, load_codebook
from coding.selection import ExportError
from corpus.articles import ArticleError, get_article, list_articles
from corpus.importer import import_paths
from corpus.readers import ColumnMap, ReadError
from corpus.search import search
from exchange.archive import QdpxError
from exchange.read import OFFSET_CONVENTIONS, import_into, refi_qda_path, report_lines
from models.backups import make_backup
from models.bounded_input import InputRefused
from models.database import (
    ProjectDatabase,
    ProjectError,
    create_project,
    head_revision,
    open_project,
)
from team.assignments import AssignmentError
from team.merge_report import CoderFileError


class UserError(Exception):
    """A mistake in what the user asked; the message says what to do."""


USER_ERRORS: tuple[type[Exception], ...] = (
    UserError,
    ProjectError,
    ArticleError,
    ReadError,
    CodebookError,
    AgreementError,
    ExportError,
    AssignmentError,
    CoderFileError,
    QdpxError,
    InputRefused,  # readers turn it into their own errors; this is the safety net
)


def _open(arguments: argparse.Namespace) -> ProjectDatabase:
    return open_project(arguments.project)


def _open_for_bulk_change(arguments: argparse.Namespace, reason: str) -> ProjectDatabase:
    """Open a project and, for an SQLite file, keep a backup of it before a bulk change."""
    database = _open(arguments)
    if database.path is not None:
        make_backup(database.path, reason)
    return database


def cmd_new(arguments: argparse.Namespace) -> None:
    database = create_project(arguments.project, name=arguments.name)
    location = database.location
    database.close()
    if arguments.json:
        print_json({"project": location})
    else:
        print(f"Created project {location}")


def _column_map(arguments: argparse.Namespace) -> ColumnMap | None:
    mapping = {
        field: getattr(arguments, f"{field}_column")
        for field in ("title", "text", "published", "outlet", "url", "author")
        if getattr(arguments, f"{field}_column")
    }
    return ColumnMap(**mapping) if mapping else None


def cmd_import(arguments: argparse.Namespace) -> None:
    paths = [Path(p) for p in arguments.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UserError(f"{missing[0]}: no such file or folder")
    if any(refi_qda_path(p) for p in paths):
        _import_refi_qda(arguments, paths)
        return
    database = _open_for_bulk_change(arguments, "before-import")
    try:
        report = import_paths(
            database, paths, column_map=_column_map(arguments), encoding=arguments.encoding
        )
    finally:
        database.close()
    if report.skipped and not report.imported and not report.duplicates:
        # Every file was refused: a failure (exit 1), and the project is as it was.
        first = report.skipped[0]
        more = f" (and {len(report.skipped) - 1} more)" if len(report.skipped) > 1 else ""
        raise UserError(f"nothing was imported: {first.source}: {first.reason}{more}")
    if arguments.json:
        print_json(report.as_json())
        return
    print(f"Imported {len(report.imported)} articles.")
    for skipped in report.skipped:
        print(f"  skipped {skipped.source}: {skipped.reason}")
    for duplicate in report.duplicates:
        print(f"  duplicate {duplicate.source}: same text as article {duplicate.duplicate_of}")


def _import_refi_qda(arguments: argparse.Namespace, paths: list[Path]) -> None:
    """A REFI-QDA project or codebook into a new or existing project (exchange.read)."""
    if len(paths) != 1:
        raise UserError("import one .qdpx or .qdc file at a time, without other files")
    report = import_into(arguments.project, paths[0], convention=arguments.offsets)
    if arguments.json:
        print_json(report.as_json())
        return
    print("\n".join(report_lines(report)))


def cmd_upgrade(arguments: argparse.Namespace) -> None:
    database = open_project(arguments.project, upgrade_server=True)
    location = database.location
    database.close()
    if arguments.json:
        print_json({"project": location, "schema": head_revision()})
    else:
        print(f"{location} is at schema {head_revision()}")


def cmd_articles(arguments: argparse.Namespace) -> None:
    database = _open(arguments)
    try:
        articles = list_articles(database)
    finally:
        database.close()
    if arguments.json:
        print_json([a.as_json() for a in articles])
        return
    for a in articles:
        date = a.published.isoformat() if a.published else "          "
        print(f"{a.id:>6}  {date}  {a.script[:4]}  {a.chars:>6}  {a.outlet or '':<12}  {a.title}")


def cmd_show(arguments: argparse.Namespace) -> None:
    database = _open(arguments)
    try:
        article = get_article(database, arguments.id)
    finally:
        database.close()
    if arguments.json:
        print_json(article.as_json())
        return
    s = article.summary
    print(f"{s.title}\n{s.outlet or ''}  {s.published or ''}  {article.author or ''}\n")
    print(article.text)
    for flag in article.flags:
        print(f"\n[{flag['kind']}] {flag['message']}")


def cmd_search(arguments: argparse.Namespace) -> None:
    database = _open(arguments)
    try:
        with database.engine.connect() as connection:
            hits = search(connection, arguments.query, limit=arguments.limit)
    finally:
        database.close()
    if arguments.json:
        print_json(
            [
                {"article": h.article, "start": h.start, "end": h.end, "snippet": h.snippet}
                for h in hits
            ]
        )
        return
    for h in hits:
        print(f"{h.article:>6} {h.start:>6}  {h.snippet}")


def cmd_codebook_import(arguments: argparse.Namespace) -> None:
    path = Path(arguments.file)
    spec = read_codebook(path)
    database = _open_for_bulk_change(arguments, "before-codebook-import")
    try:
        if carries_codes_only(path):
            # A REFI-QDC file holds codes only: keep the project's variables and name.
            spec = keep_project_parts(spec, load_codebook(database))
        result = import_codebook(database, spec, source=str(path))
    finally:
        database.close()
    if arguments.json:
        print_json(result.__dict__)
    else:
        print(
            f"Codebook version {result.version}: {result.added} codes added, "
            f"{result.updated} updated, {result.retired} retired; "
            f"{result.variables_added} variables added, {result.variables_updated} updated."
        )


def cmd_codebook_export(arguments: argparse.Namespace) -> None:
    path = Path(arguments.file)
    database = _open(arguments)
    try:
        spec = load_codebook(database)
    finally:
        database.close()
    try:
        write_codebook(spec, path)
    except OSError as exc:
        raise UserError(f"{path}: cannot be written ({exc.strerror})") from exc
    if arguments.json:
        print_json({"file": str(path)})
    else:
        print(f"Wrote {path}")


def cmd_codebook_show(arguments: argparse.Namespace) -> None:
    database = _open(arguments)
    try:
        rows = code_rows(database)
    finally:
        database.close()
    if arguments.json:
        print_json([r.as_json() for r in rows])
        return
    for r in rows:
        indent = "  " * (len(r.path) - 1)
        key = f"[{r.key}]" if r.key else "   "
        retired = "  (retired)" if r.retired else ""
        print(f"{key:>5} {r.color}  {indent}{r.path[-1]}  ({r.segments}){retired}")


def cmd_window(arguments: argparse.Namespace) -> None:
    from gui.app import run  # Qt is loaded only when a window is wanted.

    project = arguments.project
    if project is None or arguments.demo:
        project = str(demo_project_path())
    raise SystemExit(run(project))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(prog="articoder", description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="open the window on the demo project")
    parser.set_defaults(handler=cmd_window, project=None, json=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], None], help_: str
    ) -> argparse.ArgumentParser:
        return add_command(commands, name, handler, help_)

    sub = command("open", cmd_window, "open the window on a project")
    sub.add_argument("project")
    sub.set_defaults(demo=False)

    sub = command("new", cmd_new, "create a new project (a file path or a database URL)")
    sub.add_argument("project")
    sub.add_argument("--name", help="the project's display name")

    sub = command(
        "import",
        cmd_import,
        "import article files and folders, or a REFI-QDA project (.qdpx/.qdc), into a project",
    )
    sub.add_argument("project")
    sub.add_argument("paths", nargs="+", metavar="PATH")
    sub.add_argument("--encoding", help="the encoding of every file (default: detected)")
    sub.add_argument(
        "--offsets",
        choices=OFFSET_CONVENTIONS,
        help="REFI-QDA only: how the file counts positions, when its evidence does not say "
        "(utf16: NVivo; crlf-as-one: ATLAS.ti; codepoints: MAXQDA)",
    )
    for field in ("title", "text", "published", "outlet", "url", "author"):
        sub.add_argument(
            f"--{field}-column", metavar="NAME", help=f"the spreadsheet column with the {field}"
        )

    sub = command("upgrade", cmd_upgrade, "bring a project (a server database too) to this schema")
    sub.add_argument("project")

    sub = command("articles", cmd_articles, "list the project's articles")
    sub.add_argument("project")

    sub = command(
        "show", cmd_show, "show one article: metadata, cleaned text, what cleaning removed"
    )
    sub.add_argument("project")
    sub.add_argument("id", type=int)

    sub = command("search", cmd_search, "find a term in either script, with positions and context")
    sub.add_argument("project")
    sub.add_argument("query")
    sub.add_argument(
        "--limit", type=int, default=1000, help="at most this many hits (default 1000)"
    )
    add_agreement_command(commands)
    add_export_commands(commands)
    add_backup_commands(commands)
    add_check_command(commands)
    add_server_commands(commands)  # ServerError and NotAllowed are ProjectErrors: user errors
    add_progress_command(commands)
    add_team_commands(commands)

    codebook = commands.add_parser("codebook", help="import, export or show the codebook")
    codebook_commands = codebook.add_subparsers(
        dest="codebook_command", metavar="ACTION", required=True
    )
    for name, handler, help_ in (
        (
            "import",
            cmd_codebook_import,
            "bring a codebook file in (codes matched by GUID, then path)",
        ),
        ("export", cmd_codebook_export, "write the codebook to a file (format from the extension)"),
        ("show", cmd_codebook_show, "the code tree with GUIDs, colours, keys and segment counts"),
        (
            "document",
            cmd_codebook_document,
            "write the codebook document for a methods appendix (.docx or .html): codes, "
            "variables, coders, reliability, history",
        ),
    ):
        sub = add_command(codebook_commands, name, handler, help_)
        sub.add_argument("project")
        if name != "show":
            sub.add_argument("file")
        if name == "document":
            add_document_options(sub)
    return parser


def _log_internal_error(given: list[str]) -> Path:
    log = Path(tempfile.gettempdir()) / "articoder-error.log"
    details = without_passwords(traceback.format_exc(), given) + "\n"
    try:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(details)
    except OSError:  # e.g. another user's log: one of our own instead, never a traceback
        handle_number, name = tempfile.mkstemp(prefix="articoder-error-", suffix=".log")
        with open(handle_number, "w", encoding="utf-8") as handle:
            handle.write(details)
        log = Path(name)
    return log


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    given = list(sys.argv[1:] if argv is None else argv)
    previous = sys.unraisablehook
    # A library's clean-up that fails after a refused step (openpyxl's sheet writer after a
    # full disk, say) prints "Exception ignored ... Traceback" when collected: into the log.
    sys.unraisablehook = lambda unraisable: _log_unraisable(unraisable, given)
    try:
        with terminal_safe_output():
            return _run(arguments, given)
    finally:
        gc.collect()  # finalise what a failed step left while the hook above still logs it
        sys.unraisablehook = previous


def _log_unraisable(unraisable: Any, given: list[str]) -> None:
    with contextlib.suppress(OSError):
        log = Path(tempfile.gettempdir()) / "articoder-error.log"
        with log.open("a", encoding="utf-8") as handle:
            lines = traceback.format_exception(unraisable.exc_value)
            handle.write(without_passwords("".join(lines), given) + "\n")


def _run(arguments: argparse.Namespace, given: list[str]) -> int:
    try:
        arguments.handler(arguments)
    except USER_ERRORS as exc:
        print(f"articoder: {without_passwords(str(exc), given)}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the output was piped into `head` or similar: not an error
        return 0
    except KeyboardInterrupt:
        print("articoder: interrupted; nothing of the unfinished step was stored", file=sys.stderr)
        return 1
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: never a traceback on screen
        log = _log_internal_error(given)
        detail = without_passwords(f"{type(exc).__name__}: {exc}", given)
        print(f"articoder: internal error ({detail}); details in {log}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

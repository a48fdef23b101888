"""The command line: `articoder COMMAND PROJECT ...`, headless, for leads and scripts.

PROJECT is a project file path or a database URL. Every command takes `--json` and then
prints only JSON. Exit code 0 on success, 1 on a user error with a one-line message on stderr;
an unexpected failure prints one line and keeps the traceback in a log file, never on screen.
Run without arguments, it opens the window (Qt is imported only then), after checking on
Linux that the system has the libraries Qt's xcb plugin needs. Only the module of the command
being run is imported (COMMANDS), so a short command starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from articoder import __version__
from articoder.cli_common import (
    add_command,
    print_json,
    terminal_safe_output,
    without_passwords,
)

if TYPE_CHECKING:
    from corpus.readers import ColumnMap
    from models.database import ProjectDatabase

# Which module adds each command to the parser, as "module:function". Only the module of the
# command being run is imported (every one for `--help` or an unknown command), and the
# handlers import the packages they use when they run: `articoder new` loads the ORM, not
# numpy, openpyxl or Qt. A new sub-CLI module `articoder/cli_<name>.py` with
# `add_<name>_commands(subparsers)` is wired by one line per command it adds;
# tests/packaging/test_startup_imports.py checks that this table and the modules agree.
COMMANDS: dict[str, str] = {
    "open": "articoder.cli:add_open_command",
    "new": "articoder.cli:add_new_command",
    "import": "articoder.cli:add_import_command",
    "upgrade": "articoder.cli:add_upgrade_command",
    "articles": "articoder.cli:add_articles_command",
    "show": "articoder.cli:add_show_command",
    "search": "articoder.cli:add_search_command",
    "agreement": "articoder.cli_agreement:add_agreement_command",
    "export": "articoder.cli_exports:add_export_commands",
    "segments": "articoder.cli_exports:add_export_commands",
    "values": "articoder.cli_exports:add_export_commands",
    "codings": "articoder.cli_exports:add_export_commands",
    "backups": "articoder.cli_backups:add_backup_commands",
    "restore": "articoder.cli_backups:add_backup_commands",
    "check": "articoder.cli_check:add_check_command",
    # ServerError and NotAllowed are ProjectErrors: user errors.
    "server": "articoder.cli_server:add_server_commands",
    "progress": "articoder.cli_progress:add_progress_command",
    "assign": "articoder.cli_team:add_team_commands",
    "unassign": "articoder.cli_team:add_team_commands",
    "queue": "articoder.cli_team:add_team_commands",
    "package": "articoder.cli_team:add_team_commands",
    "merge": "articoder.cli_team:add_team_commands",
    "codebook": "articoder.cli:add_codebook_commands",
    "edits": "articoder.cli_text:add_text_commands",
    "restore-text": "articoder.cli_text:add_text_commands",
    "suggest": "articoder.cli_suggest:add_suggest_commands",
}


class UserError(Exception):
    """A mistake in what the user asked; the message says what to do."""


# The errors that are the user's to fix, by module and class name: a class whose module was
# never imported cannot have been raised, so only loaded modules are consulted.
USER_ERRORS: tuple[tuple[str, str], ...] = (
    ("models.errors", "ProjectError"),
    ("corpus.articles", "ArticleError"),
    ("corpus.readers", "ReadError"),
    ("codebook.spec", "CodebookError"),
    ("agreement.reliability", "AgreementError"),
    ("coding.selection", "ExportError"),
    ("team.assignments", "AssignmentError"),
    ("team.merge_report", "CoderFileError"),
    ("exchange.archive", "QdpxError"),
    ("models.bounded_input", "InputRefused"),  # readers turn it into their own errors
)


def is_user_error(exc: BaseException) -> bool:
    """Whether `exc` is a mistake the user can fix (printed as one line, exit code 1)."""
    if isinstance(exc, UserError):
        return True
    for module_name, class_name in USER_ERRORS:
        module = sys.modules.get(module_name)
        error_class = getattr(module, class_name, None) if module is not None else None
        if isinstance(error_class, type) and isinstance(exc, error_class):
            return True
    return False


def _open(arguments: argparse.Namespace) -> ProjectDatabase:
    from models.database import open_project

    return open_project(arguments.project)


def _open_for_bulk_change(arguments: argparse.Namespace, reason: str) -> ProjectDatabase:
    """Open a project and, for an SQLite file, keep a backup of it before a bulk change."""
    from models.backups import make_backup

    database = _open(arguments)
    if database.path is not None:
        make_backup(database.path, reason)
    return database


def cmd_new(arguments: argparse.Namespace) -> None:
    from models.database import create_project

    database = create_project(arguments.project, name=arguments.name)
    location = database.location
    database.close()
    if arguments.json:
        print_json({"project": location})
    else:
        print(f"Created project {location}")


def _column_map(arguments: argparse.Namespace) -> ColumnMap | None:
    from corpus.readers import ColumnMap

    mapping = {
        field: getattr(arguments, f"{field}_column")
        for field in ("title", "text", "published", "outlet", "url", "author")
        if getattr(arguments, f"{field}_column")
    }
    return ColumnMap(**mapping) if mapping else None


def cmd_import(arguments: argparse.Namespace) -> None:
    from corpus.importer import import_paths
    from exchange.read import refi_qda_path

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
            database,
            paths,
            column_map=_column_map(arguments),
            encoding=arguments.encoding,
            lenient=arguments.lenient,
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
    for warning in report.warnings:
        print(f"  check {warning.source}: {warning.message}")


def _import_refi_qda(arguments: argparse.Namespace, paths: list[Path]) -> None:
    """A REFI-QDA project or codebook into a new or existing project (exchange.read)."""
    from exchange.read import import_into, report_lines

    if len(paths) != 1:
        raise UserError("import one .qdpx or .qdc file at a time, without other files")
    report = import_into(arguments.project, paths[0], convention=arguments.offsets)
    if arguments.json:
        print_json(report.as_json())
        return
    print("\n".join(report_lines(report)))


def cmd_upgrade(arguments: argparse.Namespace) -> None:
    from models.database import head_revision, open_project

    database = open_project(arguments.project, upgrade_server=True)
    location = database.location
    database.close()
    if arguments.json:
        print_json({"project": location, "schema": head_revision()})
    else:
        print(f"{location} is at schema {head_revision()}")


def cmd_articles(arguments: argparse.Namespace) -> None:
    from corpus.articles import list_articles

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
    from corpus.articles import get_article
    from corpus.metadata import metadata_with_sources

    database = _open(arguments)
    try:
        article = get_article(database, arguments.id)
    finally:
        database.close()
    if arguments.json:
        data = article.as_json()
        # Each field with where the import found it (the byline, the page's data, a column).
        data["metadata"] = metadata_with_sources(
            {
                "title": article.summary.title,
                "published": article.summary.published,
                "author": article.author,
                "editor": article.editor,
                "outlet": article.summary.outlet,
            },
            article.extra,
        )
        print_json(data)
        return
    s = article.summary
    print(f"{s.title}\n{s.outlet or ''}  {s.published or ''}  {article.author or ''}\n")
    print(article.text)
    for flag in article.flags:
        print(f"\n[{flag['kind']}] {flag['message']}")


def cmd_search(arguments: argparse.Namespace) -> None:
    from corpus.search import search

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
    from codebook.files import carries_codes_only, keep_project_parts, read_codebook
    from codebook.store import import_codebook, load_codebook

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
    from codebook.files import write_codebook
    from codebook.store import load_codebook

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
    from codebook.store import code_rows

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


# The libraries Qt's xcb platform plugin (libqxcb.so and libQt6XcbQpa) loads from the system,
# with the Debian/Ubuntu and Fedora packages that hold them. PySide6's wheels bundle Qt but not
# these; without one Qt aborts with a message that names only part of the problem.
QT_XCB_LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("libxcb.so.1", "libxcb1", "libxcb"),
    ("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    ("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    ("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    ("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    ("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libEGL.so.1", "libegl1", "libglvnd-egl"),
    ("libGL.so.1", "libgl1", "libglvnd-glx"),
    ("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    ("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
)


def system_libraries() -> set[str]:
    """The shared-library names the dynamic loader knows (`ldconfig -p`); empty if unknown."""
    ldconfig = shutil.which("ldconfig") or next(
        (p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if Path(p).exists()), None
    )
    if ldconfig is None:
        return set()
    try:
        listing = subprocess.run(
            [ldconfig, "-p"], capture_output=True, text=True, check=False, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {line.split()[0] for line in listing.splitlines()[1:] if line.strip()}


def missing_qt_libraries(known: set[str]) -> list[tuple[str, str, str]]:
    """The xcb libraries Qt needs that are not among `known` (sonames); none if unknown."""
    if not known:  # no ldconfig: say nothing rather than a false alarm
        return []
    return [entry for entry in QT_XCB_LIBRARIES if entry[0] not in known]


def missing_libraries_message(missing: list[tuple[str, str, str]]) -> str:
    """One message naming the missing libraries and the commands that install them."""
    debian = " ".join(dict.fromkeys(debian for _, debian, _ in missing))
    fedora = " ".join(dict.fromkeys(fedora for _, _, fedora in missing))
    names = ", ".join(soname for soname, _, _ in missing)
    return (
        f"articoder: the window needs system libraries that are not installed ({names}).\n"
        f"  Debian/Ubuntu: sudo apt-get install {debian}\n"
        f"  Fedora:        sudo dnf install {fedora}\n"
        "Then start articoder again. (The command-line commands work without them.)"
    )


def check_window_libraries() -> None:
    """Exit 1 with an install command when Qt's xcb plugin would abort for a missing library.

    Only on Linux and only when Qt would use xcb: offscreen, Wayland or another platform
    chosen through QT_QPA_PLATFORM needs none of these.
    """
    if not sys.platform.startswith("linux"):
        return
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return
    if not platform and os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return  # Qt picks its Wayland plugin
    if not os.environ.get("DISPLAY"):
        # Without a display Qt aborts with a message about xcb-cursor0, whatever is installed.
        print(
            "articoder: no display to open the window on (DISPLAY is not set). Start it from "
            "a desktop session, or over SSH with `ssh -X`; the command-line commands work "
            "without one.",
            file=sys.stderr,
        )
        raise SystemExit(1)
    system = system_libraries()
    if not system:  # no ldconfig to ask: say nothing rather than raise a false alarm
        return
    missing = missing_qt_libraries(system | libraries_outside_ldconfig())
    if missing:
        print(missing_libraries_message(missing), file=sys.stderr)
        raise SystemExit(1)


def libraries_outside_ldconfig() -> set[str]:
    """Shared libraries the loader finds besides the system's: in a PyInstaller bundle's own
    folder, and in the folders of LD_LIBRARY_PATH (which `ldconfig -p` does not list).
    """
    folders = [Path(entry) for entry in os.environ.get("LD_LIBRARY_PATH", "").split(":") if entry]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        folders.append(Path(bundle))
    found: set[str] = set()
    for folder in folders:
        with contextlib.suppress(OSError):
            found.update(path.name for path in folder.glob("*.so*"))
    return found


def cmd_window(arguments: argparse.Namespace) -> None:
    check_window_libraries()
    from gui.app import remembered_project, run  # Qt is loaded only when a window is wanted.

    project = arguments.project
    if project is None and not arguments.demo:
        project = remembered_project()  # the last project the window had open, if still there
    if project is None or arguments.demo:
        from articoder.demo_project import demo_project_path

        project = str(demo_project_path())
    raise SystemExit(run(project))


Subparsers = argparse._SubParsersAction  # the main parser's subcommands


def add_open_command(commands: Subparsers) -> None:  # type: ignore[type-arg]
    """`articoder open PROJECT`."""
    sub = add_command(commands, "open", cmd_window, "open the window on a project")
    sub.add_argument("project")
    sub.set_defaults(demo=False)


def add_new_command(commands: Subparsers) -> None:  # type: ignore[type-arg]
    """`articoder new PROJECT`."""
    sub = add_command(
        commands, "new", cmd_new, "create a new project (a file path or a database URL)"
    )
    sub.add_argument("project")
    sub.add_argument("--name", help="the project's display name")


def add_import_command(commands: Subparsers) -> None:  # type: ignore[type-arg]
    """`articoder import PROJECT PATH...`."""
    from exchange.read import OFFSET_CONVENTIONS

    sub = add_command(
        commands,
        "import",
        cmd_import,
        "import article files and folders, or a REFI-QDA project (.qdpx/.qdc), into a project",
    )
    sub.add_argument("project")
    sub.add_argument("paths", nargs="+", metavar="PATH")
    sub.add_argument("--encoding", help="the encoding of every file (default: detected)")
    sub.add_argument(
        "--lenient",
        action="store_true",
        help="import a text file with a few undecodable bytes (a cut-off last character): they "
        "become U+FFFD, the passage is flagged, and the report names the file",
    )
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


def add_upgrade_command(commands: Subparsers) -> None:  # type: ignore[type-arg]
    """`articoder upgrade PROJECT`."""
    sub = add_command(
        commands, "upgrade", cmd_upgrade, "bring a project (a server database too) to this schema"
    )
    sub.add_argument("project")


def add_articles_command(commands: Subparsers) -> None:  # type: ignore[type-arg]
    """`articoder articles PROJECT`."""
    sub = add_command(commands, "articles", cmd_articles, "list the project's articles")
    sub.add_argument("project")


def add_show_command(commands: Subparsers) -> None:  # type: ignore[type-arg]
    """`articoder show PROJECT ID`."""
    sub = add_command(
        commands,
        "show",
        cmd_show,
        "show one article: metadata, cleaned text, what cleaning removed",
    )
    sub.add_argument("project")
    sub.add_argument("id", type=int)


def add_search_command(commands: Subparsers) -> None:  # type: ignore[type-arg]
    """`articoder search PROJECT QUERY`."""
    sub = add_command(
        commands, "search", cmd_search, "find a term in either script, with positions and context"
    )
    sub.add_argument("project")
    sub.add_argument("query")
    sub.add_argument(
        "--limit", type=int, default=1000, help="at most this many hits (default 1000)"
    )


def _cmd_codebook_document(arguments: argparse.Namespace) -> None:
    from articoder.cli_exports import cmd_codebook_document

    cmd_codebook_document(arguments)


def add_codebook_commands(commands: Subparsers) -> None:  # type: ignore[type-arg]
    """`articoder codebook import|export|show|document`."""
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
            _cmd_codebook_document,
            "write the codebook document for a methods appendix (.docx or .html): codes, "
            "variables, coders, reliability, history",
        ),
    ):
        sub = add_command(codebook_commands, name, handler, help_)
        sub.add_argument("project")
        if name != "show":
            sub.add_argument("file")
        if name == "document":
            from articoder.cli_exports import add_document_options

            add_document_options(sub)


def commands_to_add(argv: Sequence[str]) -> list[str]:
    """The commands the parser needs for `argv`: the one it names, none, or all.

    The main parser's own options (--demo, --version, --help) take no value, so the first
    word that is not an option is the command. Opening the window (no command) adds none;
    help, or a word that is no command (for argparse's list of choices), adds them all.
    """
    command = next((word for word in argv if not word.startswith("-")), None)
    if command in COMMANDS:
        return [command]
    if command is None and not {"-h", "--help"} & set(argv):
        return []
    return list(COMMANDS)


def as_open_command(argv: list[str]) -> list[str]:
    """`articoder study.articoder` as `articoder open study.articoder`.

    A double-click on a project, or "Open with articoder", starts the program with the file as
    its only word; a first word that is no command but an existing file is taken so.
    """
    at = next((i for i, word in enumerate(argv) if not word.startswith("-")), None)
    if at is not None and argv[at] not in COMMANDS and Path(argv[at]).is_file():
        return [*argv[:at], "open", *argv[at:]]
    return argv


def command_adder(target: str) -> Callable[[Subparsers], None]:  # type: ignore[type-arg]
    """The function a "module:function" entry of COMMANDS names, its module imported now."""
    module_name, function_name = target.split(":")
    adder: Callable[[Subparsers], None] = getattr(  # type: ignore[type-arg]
        importlib.import_module(module_name), function_name
    )
    return adder


def build_parser(names: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser with the commands `names` (every command when None)."""
    parser = argparse.ArgumentParser(prog="articoder", description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="open the window on the demo project")
    parser.add_argument("--version", action="version", version=f"articoder {__version__}")
    parser.set_defaults(handler=cmd_window, project=None, json=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = list(COMMANDS) if names is None else names
    # One adder can add several commands (cli_team adds five): call each once.
    for target in dict.fromkeys(COMMANDS[name] for name in wanted):
        command_adder(target)(commands)
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
    given = as_open_command(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser(commands_to_add(given))
    arguments = parser.parse_args(given)
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
    except BrokenPipeError:  # the output was piped into `head` or similar: not an error
        return 0
    except KeyboardInterrupt:
        print("articoder: interrupted; nothing of the unfinished step was stored", file=sys.stderr)
        return 1
    except SystemExit:
        raise
    except Exception as exc:
        if is_user_error(exc):
            print(f"articoder: {without_passwords(str(exc), given)}", file=sys.stderr)
            return 1
        # The last line of defence: never a traceback on screen.
        log = _log_internal_error(given)
        detail = without_passwords(f"{type(exc).__name__}: {exc}", given)
        print(f"articoder: internal error ({detail}); details in {log}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

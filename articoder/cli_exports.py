"""The export commands of the command line: export, segments, values, codings import.

`add_export_commands` registers them on the main parser's subcommands; articoder.cli wires it
in and lists exports.rows.ExportError among its user errors (exit 1, one line). Like every
command, each takes `--json` and then prints only JSON.

    articoder export PROJECT OUT.xlsx [--coders A,B | --consensus] [article filters]
    articoder export PROJECT OUT.sav|OUT.dta|OUT.parquet [--coders A,B | --consensus] [...]
    articoder export PROJECT OUT.qdpx [--coders A,B | --consensus] [--articles IDS]
    articoder export PROJECT --csv DIR ...
    articoder segments PROJECT [--article ID] [--coder NAME] [--json]
    articoder values PROJECT [--article ID] [--coder NAME] [--json]
    articoder codings import PROJECT FILE [--create-coders] [--json]
    articoder codebook document PROJECT OUT.docx|OUT.html [--coders A,B | --no-agreement]

The codebook document's reliability table is computed by agreement.document (article units),
since exports may not import agreement, and handed to the document as plain rows.

Export formats are chosen by the file's extension in `EXPORTERS`; another format (REFI-QDA's
.qdpx, for instance) is one more entry there.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from agreement.document import document_reliability as agreement_document_reliability
from articoder.cli_common import add_command, article_ids, coder_names, print_json
from coding.selection import ArticleFilter, ExportChoice, ExportError, WriteReport
from exchange.write import export_qdpx
from exports.codebook_document import Reliability, export_codebook_document
from exports.codings_import import import_codings
from exports.csv_files import export_csv
from exports.rows import STATUSES, ExportQuery
from exports.stats_files import PACKAGES, StatsReport, export_stats
from exports.workbook import export_workbook
from models.database import ProjectDatabase, open_project
from models.entities import Article

Exporter = Callable[[ProjectDatabase, Path, ExportChoice], WriteReport]


def _xlsx(database: ProjectDatabase, path: Path, choice: ExportChoice) -> WriteReport:
    return export_workbook(database, path, choice)


def _qdpx(database: ProjectDatabase, path: Path, choice: ExportChoice) -> WriteReport:
    return export_qdpx(database, path, choice)


def _stats(database: ProjectDatabase, path: Path, choice: ExportChoice) -> WriteReport:
    return export_stats(database, path, choice)


# Export formats by file extension; `--csv DIR` is the folder of CSV files.
EXPORTERS: dict[str, Exporter] = {
    ".xlsx": _xlsx,
    ".qdpx": _qdpx,
    **dict.fromkeys(PACKAGES, _stats),
}


def _choice(arguments: argparse.Namespace) -> ExportChoice:
    coders = [name for group in arguments.coders or [] for name in group]
    ids = [i for group in arguments.articles or [] for i in group]
    return ExportChoice(
        coders=tuple(coders) or None,
        consensus=arguments.consensus,
        articles=ArticleFilter(
            ids=frozenset(ids) if arguments.articles else None,
            status=arguments.status,
            assigned_to=arguments.assigned_to,
            search=arguments.search,
        ),
        include_text=arguments.include_text,
    )


def _exporter(arguments: argparse.Namespace) -> tuple[Exporter, Path]:
    if (arguments.out is None) == (arguments.csv is None):
        raise ExportError("give either an output file (OUT.xlsx) or --csv DIR, not both")
    if arguments.csv is not None:

        def csv_folder(database: ProjectDatabase, path: Path, choice: ExportChoice) -> WriteReport:
            return export_csv(database, path, choice)

        return csv_folder, Path(arguments.csv)
    path = Path(arguments.out)
    suffix = path.suffix.lower()
    exporter = EXPORTERS.get(suffix)
    if exporter is None:
        known = ", ".join(sorted(EXPORTERS))
        raise ExportError(
            f"unknown export format {suffix or '(no extension)'} for {path}; "
            f"use {known}, or --csv DIR for CSV files"
        )
    return exporter, path


def cmd_export(arguments: argparse.Namespace) -> None:
    """Write the coded data to a workbook or a folder of CSV files."""
    exporter, target = _exporter(arguments)
    choice = _choice(arguments)
    database = open_project(arguments.project)
    try:
        report = exporter(database, target, choice)
    finally:
        database.close()
    if arguments.json:
        print_json(report.as_json())
        return
    sheets = ", ".join(f"{name} {rows:,}" for name, rows in report.rows.items())
    if isinstance(report, StatsReport):
        print(f"Wrote {' and '.join(report.files)} (rows: {sheets})")
        if report.labels_cut:
            print(f"  {report.labels_cut:,} labels cut to the format's limit (marked …)")
        if report.values_left_missing:
            missing = report.values_left_missing
            print(f"  {missing:,} values not of their variable's type, left missing")
    else:
        print(f"Wrote {report.path} (rows: {sheets})")
    changed = {
        "with control characters removed": report.unwritable_removed,
        # The workbook cuts at Excel's 32,767 characters, the datasets at SPSS's 32,767 bytes.
        (
            "cut at 32,767 bytes (SPSS strings)"
            if isinstance(report, StatsReport)
            else "cut at 32,767 characters"
        ): report.cut,
        "formula-like, written as text": report.formulas_neutralised,
    }
    for what, count in changed.items():
        if count:
            print(f"  {count:,} cells {what}")


def _listing_query(arguments: argparse.Namespace, database: ProjectDatabase) -> ExportQuery:
    if arguments.article is not None:
        with database.session() as session:
            if session.scalar(select(Article.id).where(Article.id == arguments.article)) is None:
                raise ExportError(f"no article with id {arguments.article}")
    return ExportQuery(
        database,
        ExportChoice(
            coders=(arguments.coder,) if arguments.coder else None,
            articles=ArticleFilter(
                ids=frozenset({arguments.article}) if arguments.article is not None else None
            ),
        ),
    )


def cmd_segments(arguments: argparse.Namespace) -> None:
    """List segments."""
    database = open_project(arguments.project)
    try:
        query = _listing_query(arguments, database)
        rows = [s.as_json() for s in query.segments()]
    finally:
        database.close()
    if arguments.json:
        print_json(rows)
        return
    for r in rows:
        text = r["text"] if len(r["text"]) <= 30 else r["text"][:30] + "…"
        print(
            f"{r['article']:>6}  {r['coder']:<10} {r['start']:>6}-{r['end']:<6} "
            f"{r['code']}  {text.replace(chr(10), ' ')}"
        )


def cmd_values(arguments: argparse.Namespace) -> None:
    """List variable values."""
    database = open_project(arguments.project)
    try:
        query = _listing_query(arguments, database)
        rows = [v.as_json() for v in query.values()]
    finally:
        database.close()
    if arguments.json:
        print_json(rows)
        return
    for r in rows:
        print(f"{r['article']:>6}  {r['coder']:<10} {r['variable']:<16} {r['value']}")


def cmd_codings_import(arguments: argparse.Namespace) -> None:
    """Bring segments and values in from a Segments/Articles xlsx or CSV file."""
    path = Path(arguments.file)
    if not path.is_file():
        raise ExportError(f"{path}: no such file")
    database = open_project(arguments.project)
    try:
        report = import_codings(database, path, create_coders=arguments.create_coders)
    finally:
        database.close()
    if arguments.json:
        print_json(report.as_json())
        return
    print(
        f"Segments: {report.segments_added} added, {report.segments_changed} changed, "
        f"{report.segments_unchanged} unchanged. Values: {report.values_added} added, "
        f"{report.values_changed} changed, {report.values_unchanged} unchanged."
    )
    if report.coders_created:
        print(f"  new coders: {', '.join(report.coders_created)}")
    if report.ignored_columns:
        print(f"  columns not imported: {', '.join(report.ignored_columns)}")
    for warning in report.warnings[:20]:
        print(f"  {warning}")
    if len(report.warnings) > 20:
        print(f"  ... and {len(report.warnings) - 20} more warnings")


def document_reliability(database: ProjectDatabase, coders: list[str] | None = None) -> Reliability:
    """The codebook document's reliability table (agreement.document), for --coders too."""
    if coders is not None and len(coders) < 2:
        raise ExportError("--coders: name two or more coders for the reliability table")
    found = agreement_document_reliability(database, coders or ())
    return Reliability(found.rows, found.description, found.absent)


def cmd_codebook_document(arguments: argparse.Namespace) -> None:
    """Write the codebook document for a methods appendix (.docx or .html)."""
    database = open_project(arguments.project)
    try:
        if arguments.no_agreement:
            reliability = Reliability(absent="left out when the document was made")
        else:
            reliability = document_reliability(database, arguments.coders)
        target = export_codebook_document(database, Path(arguments.file), reliability)
    finally:
        database.close()
    if arguments.json:
        print_json({"file": str(target), "reliability": reliability.absent or "included"})
    else:
        print(f"Wrote {target}")
        if reliability.absent:
            print(f"  no reliability table: {reliability.absent}")


def add_document_options(sub: argparse.ArgumentParser) -> None:
    """The options of `codebook document` (articoder.cli registers the command)."""
    whose = sub.add_mutually_exclusive_group()
    whose.add_argument(
        "--coders",
        type=coder_names,
        metavar="NAME,NAME",
        help="the reliability table among these coders (default: all but the consensus)",
    )
    whose.add_argument(
        "--no-agreement", action="store_true", help="leave the reliability table out"
    )
    sub.set_defaults(handler=cmd_codebook_document)


def add_export_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register export, segments, values and codings (import) on the main parser."""
    sub = add_command(
        commands,
        "export",
        cmd_export,
        "export coded data: a workbook (OUT.xlsx), datasets for SPSS, Stata or R "
        "(OUT.sav, OUT.dta, OUT.parquet, with OUT_segments beside), a REFI-QDA project "
        "(OUT.qdpx) or CSV files (--csv DIR)",
    )
    sub.add_argument("project")
    sub.add_argument(
        "out",
        nargs="?",
        metavar="OUT",
        help="the file to write: .xlsx, .sav, .dta, .parquet or .qdpx (REFI-QDA)",
    )
    sub.add_argument("--csv", metavar="DIR", help="write one CSV file per sheet into DIR")
    whose = sub.add_mutually_exclusive_group()
    whose.add_argument(
        "--coders",
        type=coder_names,
        action="append",
        metavar="NAME[,NAME]",
        help="these coders only (default: every coder except the consensus coder)",
    )
    whose.add_argument(
        "--consensus",
        action="store_true",
        help="the consensus only: the coder named by the project setting consensus_coder",
    )
    _article_filters(sub)
    sub.add_argument(
        "--include-text",
        action="store_true",
        help="add each article's cleaned text to the Articles sheet",
    )

    for name, handler, what in (
        ("segments", cmd_segments, "list coded segments (code path, offsets, text, memo)"),
        ("values", cmd_values, "list article-level variable values"),
    ):
        sub = add_command(commands, name, handler, what)
        sub.add_argument("project")
        sub.add_argument("--article", type=int, metavar="ID", help="one article only")
        sub.add_argument(
            "--coder",
            metavar="NAME",
            help="one coder only (default: every coder except the consensus coder)",
        )

    codings = commands.add_parser("codings", help="bring codings in from a file")
    actions = codings.add_subparsers(dest="codings_command", metavar="ACTION", required=True)
    help_ = (
        "import segments and values from an xlsx or CSV file in the Segments or Articles "
        "layout of `articoder export`; nothing is stored if any row does not fit"
    )
    sub = add_command(actions, "import", cmd_codings_import, help_)
    sub.add_argument("project")
    sub.add_argument("file")
    sub.add_argument(
        "--create-coders",
        action="store_true",
        help="add coders the project does not know yet (default: refuse the file)",
    )


def _article_filters(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--articles",
        type=article_ids,
        action="append",
        metavar="IDS",
        help="these article ids only, like 3,5,10-12",
    )
    sub.add_argument(
        "--status", choices=STATUSES, help="only articles the row's coder has marked so"
    )
    sub.add_argument("--assigned-to", metavar="NAME", help="only articles in this coder's queue")
    sub.add_argument("--search", metavar="TERM", help="only articles holding TERM (either script)")

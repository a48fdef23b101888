"""The `articoder agreement` command: the inter-coder agreement report of a project.

`articoder agreement PROJECT [--coders A,B,...] [--unit UNIT] [--articles IDS] [--coded-units-only]
[--draws N] [--seed N] [--json FILE] [--xlsx FILE]` computes the report of agreement.report and
prints it as a readable table, or writes it as JSON (``--json -`` prints only the JSON) and/or
as an Excel workbook. Mistakes in what was asked raise agreement.reliability.AgreementError,
which the command line reports in one line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from agreement.reliability import UNITS, AgreementError, Unit
from agreement.report import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    LABELS,
    TWO_CODERS_ONLY,
    ReportRow,
    agreement_report,
    definition_items,
    report_as_json,
    write_report_xlsx,
)
from models.database import open_project
from models.safe_write import write_text_whole

__all__ = ["add_agreement_command", "cmd_agreement", "format_report"]

# Coder names are separated by commas, the Chinese full-width comma included.
_SEPARATORS = re.compile(r"[,，、]")


def _names(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [name.strip() for name in _SEPARATORS.split(text) if name.strip()]
    if not names:
        raise AgreementError("--coders needs coder names, separated by commas")
    return names


def _article_ids(text: str | None) -> list[int] | None:
    if text is None:
        return None
    ids: list[int] = []
    for part in _SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        try:
            ids.append(int(part))
        except ValueError:
            raise AgreementError(
                f"--articles: {part!r} is not an article id; give ids separated by commas"
            ) from None
    if not ids:
        raise AgreementError("--articles needs article ids, separated by commas")
    return ids


def _width(text: str) -> int:
    """Columns a string takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def _shown(value: float | None) -> str:
    if value is None:
        return "undef."
    mark = "**" if value < 0.667 else "*" if value < 0.800 else ""
    return f"{value:.3f}{mark}"


def format_report(
    rows: list[ReportRow], draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED
) -> str:
    """The report as a readable table, then the pairwise kappas, the reasons and definitions."""
    headers = ["kind", "name", "unit", "n", "%agree", "kappa", "pi", "Fleiss", "alpha",
               "95% interval", "draws", "AC1", "BP"]  # fmt: skip
    table: list[list[str]] = []
    for row in rows:
        interval = (
            f"[{row.alpha_interval[0]:.3f}, {row.alpha_interval[1]:.3f}]"
            if row.alpha_interval
            else ""
        )
        table.append(
            [
                row.kind,
                row.name,
                row.unit,
                str(row.n_units),
                _shown(row.percent_agreement).rstrip("*"),
                _shown(row.cohen_kappa),
                _shown(row.scott_pi),
                _shown(row.fleiss_kappa),
                _shown(row.krippendorff_alpha),
                interval,
                str(row.draws) if row.alpha_interval else "",
                _shown(row.gwet_ac1),
                _shown(row.brennan_prediger),
            ]
        )
    widths = [max(_width(line[i]) for line in [headers, *table]) for i in range(len(headers))]
    right = {3, 4, 5, 6, 7, 8, 10, 11, 12}
    lines = [
        "  ".join(_pad(cell, widths[i], i in right) for i, cell in enumerate(line)).rstrip()
        for line in [headers, *table]
    ]
    if rows:
        lines.insert(0, f"Coders: {', '.join(rows[0].coders)}")
    lines.append(
        "* below .800, ** below .667; undef. = undefined (reasons below); "
        "draws = usable bootstrap draws behind the interval"
    )
    if any(row.pairwise for row in rows):
        lines.append(f"kappa and pi: {TWO_CODERS_ONLY}")

    pairs = [(row, pair) for row in rows for pair in row.pairwise]
    if pairs:
        lines.append("\nCohen's kappa per pair of coders:")
        for row, pair in pairs:
            lines.append(
                f"  {row.name} ({row.unit}): {pair.coder_a} - {pair.coder_b}: "
                f"{_shown(pair.kappa)}  n={pair.n}"
                + (f"  ({pair.undefined})" if pair.undefined else "")
            )
    reasons: list[str] = []
    for row in rows:
        # One line per reason, naming the coefficients it applies to.
        grouped: dict[str, list[str]] = {}
        for name, why in row.undefined.items():
            if why != TWO_CODERS_ONLY:
                grouped.setdefault(why, []).append(LABELS.get(name, name))
        reasons.extend(
            f"  {row.name} ({row.unit}): {', '.join(names)}: {why}"
            for why, names in grouped.items()
        )
    if reasons:
        lines.append("\nUndefined:")
        lines.extend(reasons)
    notes = [(row, note) for row in rows for note in row.notes]
    if notes:
        lines.append("\nNotes:")
        lines.extend(f"  {row.name} ({row.unit}): {note}" for row, note in notes)
    lines.append("\nDefinitions:")
    lines.extend(f"  {term}: {text}" for term, text in definition_items(draws, seed))
    return "\n".join(lines)


def cmd_agreement(arguments: argparse.Namespace) -> None:
    """Compute the report and print or write it as the options say."""
    coders = _names(arguments.coders)
    articles = _article_ids(arguments.articles)
    if arguments.draws < 1:
        raise AgreementError("--draws must be at least 1")
    unit: Unit = arguments.unit
    database = open_project(arguments.project)
    try:
        rows = agreement_report(
            database,
            unit,
            coders,
            articles,
            coded_units_only=arguments.coded_units_only,
            draws=arguments.draws,
            seed=arguments.seed,
        )
    finally:
        database.close()
    to_json: str | None = arguments.json
    to_xlsx: str | None = arguments.xlsx
    quiet = to_json == "-"
    if to_json is not None:
        payload: Any = report_as_json(rows)
        if quiet:
            json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            write_text_whole(
                Path(to_json), json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
            )
    if to_xlsx is not None:
        write_report_xlsx(rows, to_xlsx, definition_items(arguments.draws, arguments.seed))
    if to_json is None and to_xlsx is None:
        print(format_report(rows, arguments.draws, arguments.seed))
    elif not quiet:
        for written in (to_json, to_xlsx):
            if written is not None:
                print(f"Wrote {written}")


def add_agreement_command(commands: argparse._SubParsersAction[Any]) -> None:
    """Register `agreement` on the command line's subcommands."""
    help_ = "inter-coder agreement per variable and code: table, JSON or Excel"
    sub = commands.add_parser("agreement", help=help_, description=help_)
    sub.add_argument("project", help="the project file or database URL")
    sub.add_argument(
        "--coders",
        metavar="A,B,...",
        help="the coders to compare, by name (default: everyone who coded these articles)",
    )
    sub.add_argument(
        "--unit",
        choices=UNITS,
        default="article",
        help="what one unit is (default: article; variables are reported on articles only)",
    )
    sub.add_argument(
        "--articles",
        metavar="IDS",
        help="article ids, comma separated (default: every article two chosen coders coded)",
    )
    sub.add_argument(
        "--coded-units-only",
        action="store_true",
        help="paragraph, sentence or character units: only units someone marked with a code",
    )
    sub.add_argument(
        "--draws",
        type=int,
        default=DEFAULT_DRAWS,
        help=f"bootstrap draws for alpha's interval (default {DEFAULT_DRAWS})",
    )
    sub.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help="the bootstrap's random seed, so that reports repeat (default fixed)",
    )
    sub.add_argument("--json", metavar="FILE", help="write the report as JSON; '-' prints only it")
    sub.add_argument("--xlsx", metavar="FILE", help="write the report as an Excel workbook")
    sub.set_defaults(handler=cmd_agreement)

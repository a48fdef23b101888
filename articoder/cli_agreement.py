"""The `articoder agreement` command: the inter-coder agreement report of a project.

`articoder agreement PROJECT [--coders A,B,...] [--unit UNIT] [--articles IDS]
[--coded-units-only] [--without-machine-accepted] [--draws N] [--seed N] [--min-alpha A]
[--bootstrap clustered|kalpha] [--json FILE] [--xlsx FILE]` computes the report of
agreement.report and prints it as a readable table, or writes it as JSON (``--json -`` prints
only the JSON) and/or as an Excel workbook. ``--without-machine-accepted`` leaves out every
article in which a machine suggestion was accepted (agreement.reliability.load_coding), so that
the report is of human coding alone. ``--bootstrap kalpha`` draws alpha's interval as Hayes'
KALPHA macro does, for comparing with published numbers (the default resamples units, or whole
articles where units nest in them).
Mistakes in what was asked raise agreement.reliability.AgreementError, which the command line
reports in one line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from agreement.reliability import UNITS, AgreementError, Unit, load_coding
from agreement.report import (
    BOOTSTRAP_METHODS,
    DEFAULT_BOOTSTRAP,
    DEFAULT_DRAWS,
    DEFAULT_MINIMUM,
    DEFAULT_SEED,
    LABELS,
    TWO_CODERS_ONLY,
    WEIGHTED_LABELS,
    ReportRow,
    agreement_report,
    definition_items,
    report_as_json,
    write_report_xlsx,
)
from agreement.statistics import BootstrapMethod
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


def _shown(value: float | None, marked: bool = False) -> str:
    """A coefficient; only alpha (marked=True) carries Krippendorff's bars."""
    if value is None:
        return "undef."
    mark = "**" if value < 0.667 else "*" if value < 0.800 else ""
    return f"{value:.3f}{mark if marked else ''}"


def _interval(row: ReportRow) -> str:
    if not row.alpha_interval:
        return ""
    low, high = row.alpha_interval
    unsound = "" if row.bootstrap.get("sound", True) else "?"
    return f"[{_shown(low, True)}, {high:.3f}]{unsound}"


def format_report(
    rows: list[ReportRow],
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    bootstrap_method: BootstrapMethod = DEFAULT_BOOTSTRAP,
) -> str:
    """The report as a readable table, then the pairwise kappas, the reasons and definitions."""
    headers = ["kind", "name", "unit", "level", "n", "marked", "alpha", "95% interval",
               "usable", "P<.800", "P<.667", "verdict", "%agree", "kappa", "pi", "Fleiss",
               "AC1", "BP"]  # fmt: skip
    table: list[list[str]] = []
    for row in rows:
        if row.kind == "overall":
            continue
        probability = row.bootstrap.get
        table.append(
            [
                row.kind,
                row.name,
                row.unit,
                row.level,
                str(row.n_units),
                "" if row.n_marked_units is None else f"{row.n_marked_units}",
                _shown(row.krippendorff_alpha, True),
                _interval(row),
                f"{row.draws}/{probability('draws')}" if row.alpha_interval else "",
                "" if probability("p_below_800") is None else f"{probability('p_below_800'):.3f}",
                "" if probability("p_below_667") is None else f"{probability('p_below_667'):.3f}",
                row.verdict,
                _shown(row.percent_agreement),
                _shown(row.cohen_kappa),
                _shown(row.scott_pi),
                _shown(row.fleiss_kappa),
                _shown(row.gwet_ac1),
                _shown(row.brennan_prediger),
            ]
        )
    widths = [max(_width(line[i]) for line in [headers, *table]) for i in range(len(headers))]
    right = {4, 5, 6, 8, 9, 10, 12, 13, 14, 15, 16, 17}
    lines = [
        "  ".join(_pad(cell, widths[i], i in right) for i, cell in enumerate(line)).rstrip()
        for line in [headers, *table]
    ]
    if rows:
        lines.insert(0, f"Coders: {', '.join(rows[0].coders)}")
    lines.append(
        "alpha is the headline: * below .800, ** below .667 (alpha and its lower bound only; "
        "the verdict reads the lower bound); undef. = undefined (reasons below); usable = "
        "bootstrap draws with a defined alpha / draws ('?' after an interval: too few)"
    )
    kalpha = [row for row in rows if row.bootstrap.get("method") == "kalpha"]
    if kalpha:
        sizes = sorted({int(row.bootstrap["pairs"]) for row in kalpha if row.bootstrap["pairs"]})
        shown = ", ".join(f"{n:,}" for n in sizes)
        lines.append(
            f"alpha's intervals and P(alpha < ...) are KALPHA's (Hayes and Krippendorff 2007): "
            f"pairs of values drawn from the coincidence matrix ({shown} per draw), expected "
            "disagreement fixed; the other coefficients' intervals resample "
            f"{kalpha[0].bootstrap.get('intervals_method') or 'units'}"
        )
    if any(len(row.coders) > 2 for row in rows):
        lines.append(f"kappa and pi: {TWO_CODERS_ONLY}")
    for row in rows:
        if row.kind == "overall":
            lines.append(f"\nOverall ({row.unit}): {'; '.join(row.notes)}")
            if row.krippendorff_alpha is not None:
                lines.append(f"  unitizing alpha over all codes: {row.krippendorff_alpha:.3f}")
    prevalence = [row for row in rows if row.prevalence and row.kind == "code"]
    if prevalence:
        lines.append("\nUnits marked per coder (n marked by anyone, share of all units):")
        for row in prevalence:
            per_coder = ", ".join(f"{c} {n:,}" for c, n in row.prevalence.items())
            share = "" if row.share_marked is None else f", {row.share_marked:.1%}"
            lines.append(f"  {row.name} ({row.unit}): {per_coder} ({row.n_marked_units:,}{share})")
    intervals = [(row, name, i) for row in rows for name, i in row.intervals.items() if i.usable]
    if intervals:
        lines.append("\nIntervals of the other coefficients (same resampling; usable/draws):")
        for row, name, i in intervals:
            lines.append(
                f"  {row.name} ({row.unit}): {LABELS.get(name, name)} [{i.low:.3f}, "
                f"{i.high:.3f}] {i.usable}/{i.draws}"
            )
    weighted = [(row, name, v) for row in rows for name, v in row.weighted.items()]
    if weighted:
        lines.append("\nOrdinal variables, weighted coefficients:")
        for row, name, value in weighted:
            lines.append(f"  {row.name}: {WEIGHTED_LABELS.get(name, name)} {_shown(value)}")

    pairs = [(row, pair) for row in rows for pair in row.pairwise if len(row.coders) > 2]
    if pairs:
        lines.append("\nPer pair of coders (Cohen's kappa, Scott's pi, percent agreement, n):")
        for row, pair in pairs:
            lines.append(
                f"  {row.name} ({row.unit}): {pair.coder_a} - {pair.coder_b}: "
                f"{_shown(pair.kappa)}, {_shown(pair.scott_pi)}, "
                f"{_shown(pair.percent_agreement)}  n={pair.n}"
                + (f"  ({pair.undefined})" if pair.undefined else "")
            )
    reasons: list[str] = []
    for row in rows:
        # One line per reason, naming the coefficients it applies to.
        grouped: dict[str, list[str]] = {}
        for name, why in row.undefined.items():
            if why != TWO_CODERS_ONLY and row.kind != "overall":
                grouped.setdefault(why, []).append(LABELS.get(name, name))
        reasons.extend(
            f"  {row.name} ({row.unit}): {', '.join(names)}: {why}"
            for why, names in grouped.items()
        )
    if reasons:
        lines.append("\nUndefined:")
        lines.extend(reasons)
    notes = [(row, note) for row in rows for note in row.notes if row.kind != "overall"]
    if notes:
        lines.append("\nNotes:")
        lines.extend(f"  {row.name} ({row.unit}): {note}" for row, note in notes)
    lines.append("\nDefinitions:")
    items = definition_items(draws, seed, bootstrap_method)
    lines.extend(f"  {term}: {text}" for term, text in items)
    return "\n".join(lines)


def cmd_agreement(arguments: argparse.Namespace) -> None:
    """Compute the report and print or write it as the options say."""
    coders = _names(arguments.coders)
    articles = _article_ids(arguments.articles)
    if arguments.draws < 1:
        raise AgreementError("--draws must be at least 1")
    if not -1.0 < arguments.min_alpha <= 1.0:
        raise AgreementError("--min-alpha must lie above -1 and at most 1 (say 0.8 or 0.667)")
    unit: Unit = arguments.unit
    database = open_project(arguments.project)
    left_out = 0
    try:
        if arguments.without_machine_accepted:
            # The same selection as the report's, minus the machine-accepted articles, handed
            # over as explicit article ids (who-coded-what needs neither offsets nor values).
            everything = load_coding(database, coders, articles, offsets=False, values=False)
            human = load_coding(
                database,
                coders,
                articles,
                offsets=False,
                values=False,
                without_machine_accepted=True,
            )
            left_out = len(everything.article_ids) - len(human.article_ids)
            articles = human.article_ids
        rows = agreement_report(
            database,
            unit,
            coders,
            articles,
            coded_units_only=arguments.coded_units_only,
            draws=arguments.draws,
            seed=arguments.seed,
            minimum=arguments.min_alpha,
            bootstrap_method=arguments.bootstrap,
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
        items = definition_items(arguments.draws, arguments.seed, arguments.bootstrap)
        write_report_xlsx(rows, to_xlsx, items)
    if to_json is None and to_xlsx is None:
        if arguments.without_machine_accepted:
            print(f"Left out {left_out} article(s) in which a machine suggestion was accepted.\n")
        print(format_report(rows, arguments.draws, arguments.seed, arguments.bootstrap))
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
        "--without-machine-accepted",
        action="store_true",
        help="leave out every article in which a coder accepted a machine suggestion",
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
    sub.add_argument(
        "--min-alpha",
        type=float,
        default=DEFAULT_MINIMUM,
        metavar="ALPHA",
        help="the alpha_min whose probability P(alpha < ALPHA) the report gives, as Hayes and "
        f"Krippendorff's KALPHA does (default {DEFAULT_MINIMUM}; .800 and .667 are always given)",
    )
    sub.add_argument(
        "--bootstrap",
        choices=BOOTSTRAP_METHODS,
        default=DEFAULT_BOOTSTRAP,
        help="how alpha's interval is drawn: clustered (default; units, or whole articles at "
        "the paragraph, sentence and character units) or kalpha (Hayes and Krippendorff's "
        "KALPHA: pairs of values from the coincidence matrix, for comparing with published "
        "numbers)",
    )
    sub.add_argument("--json", metavar="FILE", help="write the report as JSON; '-' prints only it")
    sub.add_argument("--xlsx", metavar="FILE", help="write the report as an Excel workbook")
    sub.set_defaults(handler=cmd_agreement)

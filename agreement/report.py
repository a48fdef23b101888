"""The agreement report: every coefficient per reliability table, and the report as JSON and Excel.

This module owns turning reliability tables (agreement.reliability) into report rows, the text
that says which definition each number uses, and the two files a lead takes away. The numbers
themselves come from agreement.statistics; nothing here computes a coefficient of its own.

A coefficient that is undefined for a table is None in its row (null in JSON, an empty cell in
Excel), with the reason in ``undefined``; never a silent 0 or 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from agreement.reliability import (
    AgreementError,
    ReliabilityTable,
    Unit,
    Value,
    code_tables,
    load_coding,
    table_count,
    variable_tables,
)
from agreement.statistics import (
    ClusterDraws,
    Level,
    ReliabilityData,
    SharedRows,
    bootstrap_alpha,
    brennan_prediger,
    cohen_kappa,
    explain_undefined,
    explain_unitizing_undefined,
    fleiss_kappa,
    gwet_ac1,
    pairable_units,
    percent_agreement,
    scott_pi,
    unitizing_alpha,
)
from models.cell_safety import is_formula_like, remove_unwritable
from models.database import ProjectDatabase
from models.progress import Progress
from models.safe_write import replaced_when_complete

__all__ = [
    "BARS",
    "COEFFICIENTS",
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "LABELS",
    "PairwiseKappa",
    "ReportRow",
    "agreement_report",
    "definition_items",
    "definitions",
    "report_as_json",
    "report_row",
    "report_rows",
    "write_report_xlsx",
]

COEFFICIENTS: Final = (
    "percent_agreement",
    "cohen_kappa",
    "scott_pi",
    "fleiss_kappa",
    "krippendorff_alpha",
    "gwet_ac1",
    "brennan_prediger",
)
LABELS: Final = {
    "percent_agreement": "Percent agreement",
    "cohen_kappa": "Cohen's kappa",
    "scott_pi": "Scott's pi",
    "fleiss_kappa": "Fleiss' kappa",
    "krippendorff_alpha": "Krippendorff's alpha",
    "alpha_interval": "Alpha interval",
    "gwet_ac1": "Gwet's AC1",
    "brennan_prediger": "Brennan-Prediger",
}
# Krippendorff's bars: .800 for conclusions, .667 for tentative ones. Percent agreement is not
# chance-corrected, so the bars say nothing about it and it is never marked.
BARS: Final = (0.667, 0.800)
_MARKED = COEFFICIENTS[1:]
DEFAULT_DRAWS: Final = 1000
# A fixed seed, so that the same data gives the same interval in every report.
DEFAULT_SEED: Final = 20240601
CONFIDENCE: Final = 0.95

TWO_CODERS_ONLY = "defined for two coders; with more, see the pairwise table"
CONTINUUM_ONLY = "not computed on the continuum: it has no units, only unitizing alpha applies"
NO_UNITIZING_INTERVAL = "no bootstrap interval is computed for unitizing alpha"
NO_DEFINED_DRAW = "no bootstrap resample gave a defined alpha"
NO_CONTINUUM = "no article was coded by every chosen coder, so there is no continuum"
EMPTY_CONTINUUM = "the articles laid end to end have no text"


@dataclass(frozen=True)
class PairwiseKappa:
    """Cohen's kappa of one pair of coders, over the n units both coded."""

    coder_a: str
    coder_b: str
    kappa: float | None
    n: int
    undefined: str | None = None


@dataclass(frozen=True)
class ReportRow:
    """The report for one variable or code at one unit.

    ``n_units`` counts the units with values from at least two coders, the ones that enter the
    coefficients (for the continuum: the articles laid end to end). ``flags`` maps each
    chance-corrected coefficient below a bar to "below .667" or "below .800". ``draws`` is the
    number of usable bootstrap draws (those with a defined alpha) behind ``alpha_interval``.
    """

    kind: str
    name: str
    guid: str
    unit: str
    level: str
    n_units: int
    coders: list[str]
    # Coefficients not computed (skipped tables, the continuum) stay None.
    percent_agreement: float | None = None
    cohen_kappa: float | None = None
    scott_pi: float | None = None
    fleiss_kappa: float | None = None
    krippendorff_alpha: float | None = None
    alpha_interval: tuple[float, float] | None = None
    gwet_ac1: float | None = None
    brennan_prediger: float | None = None
    undefined: dict[str, str] = field(default_factory=dict)
    pairwise: list[PairwiseKappa] = field(default_factory=list)
    flags: dict[str, str] = field(default_factory=dict)
    p_below_800: float | None = None
    p_below_667: float | None = None
    draws: int = 0
    notes: list[str] = field(default_factory=list)

    def value(self, coefficient: str) -> float | None:
        """The value of one of COEFFICIENTS."""
        value: float | None = getattr(self, coefficient)
        return value


def _flag(value: float | None) -> str | None:
    if value is None:
        return None
    if value < BARS[0]:
        return "below .667"
    if value < BARS[1]:
        return "below .800"
    return None


def _defined(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _outcome(
    compute: Callable[[], float], explain: Callable[[], str | None]
) -> tuple[float | None, str | None]:
    """A coefficient's value, or None and the reason it is undefined."""
    try:
        value = compute()
    except ValueError as exc:  # data the definition cannot take (say, negative ratio values)
        return None, str(exc)
    if math.isnan(value):
        return None, explain() or "undefined for these data"
    return float(value), None


def _pair_kappa(
    pair: ReliabilityData, level: Level | None, categories: list[Value] | None
) -> tuple[float | None, str | None]:
    return _outcome(
        lambda: cohen_kappa(pair, None, categories),
        lambda: explain_undefined("cohen_kappa", pair, level, categories),
    )


def _pairwise(
    table: ReliabilityTable, level: Level | None, data: SharedRows
) -> list[PairwiseKappa]:
    pairs: list[PairwiseKappa] = []
    for i, j in combinations(range(len(table.coders)), 2):
        pair = data.pair(i, j)
        n = pairable_units(pair)
        kappa, reason = _pair_kappa(pair, level, table.categories)
        pairs.append(PairwiseKappa(table.coders[i], table.coders[j], kappa, n, reason))
    return pairs


def _skipped_row(table: ReliabilityTable, reason: str, n_units: int) -> ReportRow:
    return ReportRow(
        kind=table.kind,
        name=table.name,
        guid=table.guid,
        unit=table.unit,
        level=table.level,
        n_units=n_units,
        coders=list(table.coders),
        undefined=dict.fromkeys(COEFFICIENTS, reason),
        notes=list(table.notes),
    )


def _continuum_row(table: ReliabilityTable) -> ReportRow:
    continuum = table.continuum
    assert continuum is not None
    alpha: float | None = None
    reason: str | None
    if not continuum.article_ids:
        reason = NO_CONTINUUM
    elif continuum.length < 1:
        reason = EMPTY_CONTINUUM
    else:
        # One code per table: the code's key on the continuum does not matter.
        segments = {
            coder: [(start, end, 0) for start, end in spans]
            for coder, spans in continuum.laid_end_to_end().items()
        }
        length = continuum.length
        alpha, reason = _outcome(
            lambda: unitizing_alpha(length, segments, 0),
            lambda: explain_unitizing_undefined(length, segments, 0),
        )
    undefined = dict.fromkeys(COEFFICIENTS, CONTINUUM_ONLY)
    del undefined["krippendorff_alpha"]
    if reason is not None:
        undefined["krippendorff_alpha"] = reason
    else:
        undefined["alpha_interval"] = NO_UNITIZING_INTERVAL
    notes = [*table.notes, f"continuum of {continuum.length} characters"]
    return ReportRow(
        kind=table.kind,
        name=table.name,
        guid=table.guid,
        unit=table.unit,
        level=table.level,
        n_units=len(continuum.article_ids),
        coders=list(table.coders),
        krippendorff_alpha=alpha,
        undefined=_ordered(undefined),
        flags={"krippendorff_alpha": f} if (f := _flag(alpha)) else {},
        notes=notes,
    )


def _ordered(undefined: dict[str, str]) -> dict[str, str]:
    order = [*COEFFICIENTS[:5], "alpha_interval", *COEFFICIENTS[5:]]
    return {key: undefined[key] for key in order if key in undefined}


def report_row(
    table: ReliabilityTable,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    cluster_draws: ClusterDraws | None = None,
) -> ReportRow:
    """Every coefficient of one table (see :func:`definitions` for what each one is).

    ``cluster_draws`` lets the tables of one report share the articles their bootstraps
    resample (character, sentence and paragraph units); it saves time and changes no number.
    """
    if table.continuum is not None:
        return _continuum_row(table)
    # Eight coefficients read the same rows: each encoding of them is made once. Weighted rows
    # (runs of characters, an article's equal sentences or paragraphs) count as many units as
    # their weight; units that nest in articles are bootstrapped by article.
    data = SharedRows(table.data, table.weights, table.clusters)
    n_units = pairable_units(data)
    if table.skipped is not None:
        return _skipped_row(table, table.skipped, n_units)
    level: Level = table.level  # type: ignore[assignment]
    categories = table.categories
    two = len(table.coders) == 2
    undefined: dict[str, str] = {}
    values: dict[str, float | None] = {}

    def record(name: str, outcome: tuple[float | None, str | None]) -> None:
        values[name] = outcome[0]
        if outcome[1] is not None:
            undefined[name] = outcome[1]

    record(
        "percent_agreement",
        _outcome(
            lambda: percent_agreement(data),
            lambda: explain_undefined("percent_agreement", data),
        ),
    )
    if two:
        record(
            "cohen_kappa",
            _outcome(
                lambda: cohen_kappa(data, None, categories),
                lambda: explain_undefined("cohen_kappa", data, level, categories),
            ),
        )
        record(
            "scott_pi",
            _outcome(lambda: scott_pi(data), lambda: explain_undefined("scott_pi", data)),
        )
    else:
        record("cohen_kappa", (None, TWO_CODERS_ONLY))
        record("scott_pi", (None, TWO_CODERS_ONLY))
    record(
        "fleiss_kappa",
        _outcome(lambda: fleiss_kappa(data), lambda: explain_undefined("fleiss_kappa", data)),
    )
    interval: tuple[float, float] | None = None
    p_800 = p_667 = None
    defined_draws = 0
    try:
        boot = bootstrap_alpha(
            data,
            level,
            draws,
            seed,
            confidence=CONFIDENCE,
            categories=categories,
            cluster_draws=cluster_draws,
        )
    except ValueError as exc:
        record("krippendorff_alpha", (None, str(exc)))
    else:
        if math.isnan(boot.alpha):
            reason = explain_undefined("krippendorff_alpha", data, level, categories)
            record("krippendorff_alpha", (None, reason or "undefined for these data"))
        else:
            record("krippendorff_alpha", (boot.alpha, None))
            defined_draws = boot.draws
            if boot.draws:
                interval = (boot.low, boot.high)
                p_800, p_667 = boot.p_below_800, boot.p_below_667
            else:
                undefined["alpha_interval"] = NO_DEFINED_DRAW
    record(
        "gwet_ac1",
        _outcome(
            lambda: gwet_ac1(data, categories),
            lambda: explain_undefined("gwet_ac1", data, level, categories),
        ),
    )
    record(
        "brennan_prediger",
        _outcome(
            lambda: brennan_prediger(data, categories),
            lambda: explain_undefined("brennan_prediger", data, level, categories),
        ),
    )
    flags = {name: flag for name in _MARKED if (flag := _flag(values[name])) is not None}
    return ReportRow(
        kind=table.kind,
        name=table.name,
        guid=table.guid,
        unit=table.unit,
        level=table.level,
        n_units=n_units,
        coders=list(table.coders),
        percent_agreement=values["percent_agreement"],
        cohen_kappa=values["cohen_kappa"],
        scott_pi=values["scott_pi"],
        fleiss_kappa=values["fleiss_kappa"],
        krippendorff_alpha=values["krippendorff_alpha"],
        alpha_interval=interval,
        gwet_ac1=values["gwet_ac1"],
        brennan_prediger=values["brennan_prediger"],
        undefined=_ordered(undefined),
        pairwise=[] if two else _pairwise(table, level, data),
        flags=flags,
        p_below_800=p_800,
        p_below_667=p_667,
        draws=defined_draws,
        notes=list(table.notes),
    )


def _rows_of(
    tables: Iterable[ReliabilityTable], draws: int, seed: int, progress: Progress | None
) -> list[ReportRow]:
    """The rows of the tables in order; their bootstraps share one set of article resamples."""
    rows: list[ReportRow] = []
    shared = ClusterDraws()
    for table in tables:
        rows.append(report_row(table, draws=draws, seed=seed, cluster_draws=shared))
        if progress is not None:
            progress.step(1, table.name)
    return rows


def report_rows(
    tables: Iterable[ReliabilityTable],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> list[ReportRow]:
    """One row per table, in order; one progress step per table (Cancel stops between tables)."""
    if draws < 1:
        raise AgreementError("the bootstrap needs at least one draw")
    if progress is not None and isinstance(tables, Sized):
        progress.start(len(tables), "agreement")
    return _rows_of(tables, draws, seed, progress)


def agreement_report(
    database: ProjectDatabase,
    unit: Unit = "article",
    coders: Sequence[str] | None = None,
    articles: Sequence[int] | None = None,
    *,
    coded_units_only: bool = False,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> list[ReportRow]:
    """The whole report of a project: variables (article units only), then codes in tree order.

    Raises agreement.reliability.AgreementError when the selection cannot be compared (unknown
    coder or article, fewer than two coders, no article two of them coded) and Cancelled when
    ``progress`` is cancelled.
    """
    if draws < 1:
        raise AgreementError("the bootstrap needs at least one draw")
    article = unit == "article"
    coding = load_coding(database, coders, articles, offsets=not article, values=article)
    if progress is not None:
        progress.check()
        progress.start(table_count(coding, unit), "agreement")
    tables: Iterable[ReliabilityTable] = code_tables(
        coding, unit, coded_units_only=coded_units_only
    )
    if unit == "article":
        tables = [*variable_tables(coding), *tables]
    return _rows_of(tables, draws, seed, progress)


# --------------------------------------------------------------------------------------------
# What each number is
# --------------------------------------------------------------------------------------------


def definition_items(draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> list[tuple[str, str]]:
    """(term, definition) pairs: which definition each number of the report uses."""
    return [
        (
            "Reliability data",
            "Units x coders. A coder coded an article when the coder marked it done or stored "
            "a segment or value in it; every unit of an article a coder did not code is "
            "missing for that coder, not 'absent'. Without a choice of articles, the report "
            "takes every article that two or more of the chosen coders coded.",
        ),
        (
            "Units",
            "article: the article (variables; code present anywhere in it). paragraph: a "
            "non-blank line of the cleaned text. sentence: text up to and including a run of "
            "。！？!?；; or … (with closing quotes after it), or to the end of a line. "
            "character: each character of the cleaned text (computed from runs of consecutive "
            "characters of an article that every coder marked alike, each counted as many times "
            "as it is long: the same numbers as character by character; likewise, an article's "
            "sentences or paragraphs coded alike are counted together). continuum: the "
            "cleaned texts laid end to end (unitizing alpha). A '-coded' unit (e.g. "
            "sentence-coded) keeps only the units that at least one chosen coder marked with "
            "any code.",
        ),
        (
            "Code presence",
            "1 when a segment of the code by the coder overlaps the unit (a segment that only "
            "touches a unit does not), else 0. A segment counts only for its own code, never "
            "for its parent. Units no coder marked count as agreement on 'absent': on "
            "sentences, paragraphs and characters they inflate percent agreement (the "
            "chance-corrected coefficients much less); the '-coded' units leave them out.",
        ),
        (
            "Variables",
            "Compared at their level of measurement: nominal and ordinal on the codebook's "
            "values in order, interval and ratio as numbers, dates as day numbers (interval). "
            "Text variables are not compared.",
        ),
        (
            "n_units",
            "The units with values from at least two coders: the units that enter the "
            "coefficients. For the continuum: the number of articles laid end to end.",
        ),
        (
            LABELS["percent_agreement"],
            "Gwet (2014): for each unit with two or more values, the share of agreeing pairs "
            "among all pairs of its values; the mean over those units. Not corrected for chance.",
        ),
        (
            LABELS["cohen_kappa"],
            "Cohen (1960), unweighted (ordinal variables too), chance agreement from each "
            "coder's own marginals, over the units both coders coded. Defined for two coders; "
            "with more, the pairwise table (Pairwise sheet) gives it for every pair and the row "
            "leaves it empty.",
        ),
        (
            LABELS["scott_pi"],
            "Scott (1955): chance agreement from the two coders' pooled marginals, over the "
            "units both coded. Two coders only.",
        ),
        (
            LABELS["fleiss_kappa"],
            "Fleiss (1971), the generalisation of Scott's pi (not of Cohen's kappa) to any number "
            "of coders; with unequal numbers of coders per unit as in Gwet (2014): agreement "
            "averaged over units coded at least twice, category shares over units coded at "
            "least once.",
        ),
        (
            LABELS["krippendorff_alpha"],
            "Krippendorff's alpha in the coincidence-matrix form of Krippendorff (2011): units "
            "with fewer than two values are dropped; metric by level: nominal; ordinal from "
            "the marginal frequencies of the ranked values (ranked in the codebook's order), "
            "not from ranks; interval (c-k)^2; ratio ((c-k)/(c+k))^2. Code presence is "
            "nominal on {0, 1}. On the continuum unit this column holds unitizing alpha.",
        ),
        (
            LABELS["alpha_interval"],
            f"Percentile bootstrap over units (Efron), {draws} draws, seed {seed}: each draw "
            "takes as many pairable units as the data has, with replacement, and recomputes "
            "alpha from scratch (expected disagreement included); the interval is the 2.5 and "
            f"97.5 percentiles of the draws with a defined alpha ({CONFIDENCE:.0%}); "
            "P(alpha < .800) and P(alpha < .667) are the shares of draws below the bars "
            "(Hayes and Krippendorff 2007 report the same quantities). Not the KALPHA macro, "
            "which resamples pairs of values with expected disagreement fixed, so its numbers "
            "differ. At the sentence, paragraph and character units ('-coded' too) the "
            "bootstrap is clustered by article instead: these units nest in articles, and the "
            "units of one article (the sentences of one segment, or the many uncoded ones) are "
            "not independent, so resampling units one by one gives intervals far too narrow. "
            "Each draw takes as many articles (those with units coded by two or more coders) "
            "as the data has, with replacement, each bringing all its units (its count of each "
            "coding pattern), so the number of units varies from draw to draw; only the "
            "article unit resamples units. 'usable draws' is the number of draws with a "
            "defined alpha, the ones the interval and probabilities are taken from.",
        ),
        (
            LABELS["gwet_ac1"],
            "Gwet (2008; 2014): chance agreement sum_k pi_k (1 - pi_k) / (q - 1), with category "
            "shares pi_k as for Fleiss' kappa and q the number of categories in the codebook "
            "(unused ones included; 2 for code presence); for interval, ratio and date "
            "variables q is the number of distinct values observed.",
        ),
        (
            LABELS["brennan_prediger"],
            "Brennan and Prediger (1981) in Gwet's multi-coder form: (pa - 1/q) / (1 - 1/q), pa "
            "the percent agreement above, q as for AC1.",
        ),
        (
            "Unitizing alpha",
            "Krippendorff (2004), with the formulas as printed in Content Analysis (2nd ed., "
            "2004); not the 2016 family of Krippendorff, Mathet, Bouvry and Widlöcher, which "
            "gives different numbers. Per code, over the whole cleaned text (not only the "
            "stretches somebody coded) of the articles every chosen coder coded, laid end to end "
            "in article id order as one continuum; laying them end to end joins the uncoded "
            "end of one article and the uncoded start of the next into one gap. A coder's "
            "overlapping segments of the code are merged; touching segments do not overlap; a "
            "coder without segments of the code marked nothing, which is data. No bootstrap "
            "interval; the other coefficients do not apply.",
        ),
        (
            "Undefined",
            "A coefficient the data cannot give (one category only, no unit coded twice, ...) "
            "is shown empty (null in JSON) with the reason; never as 0 or 1.",
        ),
        (
            "Marks",
            "Chance-corrected values below .800 are marked, and those below .667 marked more "
            "strongly (Krippendorff's bars for conclusions and for tentative conclusions). "
            "Percent agreement is not marked.",
        ),
    ]


def definitions(draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> str:
    """The text that says which definition each number of the report uses."""
    return "\n\n".join(f"{term}: {text}" for term, text in definition_items(draws, seed))


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


def _number(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return float(value)


def report_as_json(rows: Iterable[ReportRow]) -> list[dict[str, Any]]:
    """The command line's JSON: one object per row, keys in a fixed order, null for undefined.

    ``usable_draws`` is the number of bootstrap draws behind ``alpha_interval`` (0 without one).
    """
    result: list[dict[str, Any]] = []
    for row in rows:
        low, high = row.alpha_interval if row.alpha_interval else (math.nan, math.nan)
        interval = (
            [float(low), float(high)]
            if _number(low) is not None and _number(high) is not None
            else None
        )
        result.append(
            {
                "kind": row.kind,
                "name": row.name,
                "guid": row.guid,
                "unit": row.unit,
                "level": row.level,
                "n_units": row.n_units,
                "coders": list(row.coders),
                "percent_agreement": _number(row.percent_agreement),
                "cohen_kappa": _number(row.cohen_kappa),
                "scott_pi": _number(row.scott_pi),
                "fleiss_kappa": _number(row.fleiss_kappa),
                "krippendorff_alpha": _number(row.krippendorff_alpha),
                "alpha_interval": interval,
                "usable_draws": row.draws,
                "gwet_ac1": _number(row.gwet_ac1),
                "brennan_prediger": _number(row.brennan_prediger),
                "undefined": dict(row.undefined),
            }
        )
    return result


# --------------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_BELOW_667 = PatternFill("solid", fgColor="F4B6B6")
_BELOW_800 = PatternFill("solid", fgColor="FBE3A6")
_WRAP = Alignment(wrap_text=True, vertical="top")
_NUMBER = "0.000"

_AGREEMENT_COLUMNS: list[tuple[str, float]] = [
    ("kind", 9),
    ("name", 36),
    ("guid", 12),
    ("unit", 12),
    ("level", 9),
    ("n_units", 9),
    ("coders", 22),
    (LABELS["percent_agreement"], 11),
    (LABELS["cohen_kappa"], 10),
    (LABELS["scott_pi"], 10),
    (LABELS["fleiss_kappa"], 10),
    (LABELS["krippendorff_alpha"], 12),
    ("alpha low", 10),
    ("alpha high", 10),
    ("usable draws", 9),
    ("P(alpha < .800)", 10),
    ("P(alpha < .667)", 10),
    (LABELS["gwet_ac1"], 10),
    (LABELS["brennan_prediger"], 11),
    ("flags", 28),
    ("undefined", 60),
    ("notes", 40),
]
_PAIRWISE_COLUMNS: list[tuple[str, float]] = [
    ("kind", 9),
    ("name", 36),
    ("unit", 12),
    ("coder A", 16),
    ("coder B", 16),
    (LABELS["cohen_kappa"], 12),
    ("n", 9),
    ("undefined", 50),
]


def _text(sheet: Any, value: str, font: Font | None = None) -> WriteOnlyCell:
    text = remove_unwritable(value)
    cell = WriteOnlyCell(sheet, value=text)
    # A code named "=SUM(A1)" or "-负面" is text, not a formula: a string cell, and Excel's
    # quote prefix, so it stays text even when someone edits the cell.
    cell.data_type = "s"
    cell.quotePrefix = is_formula_like(text)
    if font is not None:
        cell.font = font
    return cell


def _figure(sheet: Any, value: float | None, marked: bool = True) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if value is not None:
        cell.number_format = _NUMBER
        flag = _flag(value) if marked else None
        if flag == "below .667":
            cell.fill = _BELOW_667
        elif flag == "below .800":
            cell.fill = _BELOW_800
    return cell


def _start_sheet(book: Workbook, title: str, columns: list[tuple[str, float]], freeze: str) -> Any:
    sheet = book.create_sheet(title)
    # Write-only sheets take widths and panes before the first row, and filters before closing.
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = freeze
    sheet.append([_text(sheet, header, _BOLD) for header, _ in columns])
    return sheet


def _reasons(undefined: dict[str, str]) -> str:
    return "; ".join(f"{LABELS.get(name, name)}: {reason}" for name, reason in undefined.items())


def write_report_xlsx(
    rows: Sequence[ReportRow],
    path: str | Path,
    definitions_list: Sequence[tuple[str, str]] | None = None,
) -> None:
    """Write the report to an Excel workbook: sheets Agreement, Pairwise and Definitions.

    Undefined coefficients are empty cells, with the reasons in the "undefined" column; values
    below .800 and .667 are shaded. ``definitions_list`` defaults to :func:`definition_items`.
    """
    book = Workbook(write_only=True)
    sheet = _start_sheet(book, "Agreement", _AGREEMENT_COLUMNS, "C2")
    for row in rows:
        low, high = row.alpha_interval if row.alpha_interval else (None, None)
        flags = "; ".join(f"{LABELS[name]} {flag}" for name, flag in row.flags.items())
        sheet.append(
            [
                _text(sheet, row.kind),
                _text(sheet, row.name),
                _text(sheet, row.guid),
                _text(sheet, row.unit),
                _text(sheet, row.level),
                row.n_units,
                _text(sheet, ", ".join(row.coders)),
                _figure(sheet, row.percent_agreement, marked=False),
                _figure(sheet, row.cohen_kappa),
                _figure(sheet, row.scott_pi),
                _figure(sheet, row.fleiss_kappa),
                _figure(sheet, row.krippendorff_alpha),
                _figure(sheet, low, marked=False),
                _figure(sheet, high, marked=False),
                row.draws,
                _figure(sheet, row.p_below_800, marked=False),
                _figure(sheet, row.p_below_667, marked=False),
                _figure(sheet, row.gwet_ac1),
                _figure(sheet, row.brennan_prediger),
                _text(sheet, flags),
                _text(sheet, _reasons(row.undefined)),
                _text(sheet, "; ".join(row.notes)),
            ]
        )
    last = get_column_letter(len(_AGREEMENT_COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"

    pairwise = _start_sheet(book, "Pairwise", _PAIRWISE_COLUMNS, "A2")
    count = 0
    for row in rows:
        for pair in row.pairwise:
            pairwise.append(
                [
                    _text(pairwise, row.kind),
                    _text(pairwise, row.name),
                    _text(pairwise, row.unit),
                    _text(pairwise, pair.coder_a),
                    _text(pairwise, pair.coder_b),
                    _figure(pairwise, pair.kappa),
                    pair.n,
                    _text(pairwise, pair.undefined or ""),
                ]
            )
            count += 1
    pairwise.auto_filter.ref = f"A1:{get_column_letter(len(_PAIRWISE_COLUMNS))}{count + 1}"

    notes = _start_sheet(book, "Definitions", [("term", 24), ("definition", 120)], "A2")
    for term, text in definitions_list if definitions_list is not None else definition_items():
        definition = _text(notes, text)
        definition.alignment = _WRAP
        notes.append([_text(notes, term, _BOLD), definition])
    with replaced_when_complete(Path(path)) as partial:
        book.save(partial)

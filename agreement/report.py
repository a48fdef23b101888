"""The agreement report: every coefficient per reliability table, and the report as JSON and Excel.

This module owns turning reliability tables (agreement.reliability) into report rows, the text
that says which definition each number uses, and the two files a lead takes away. The numbers
themselves come from agreement.statistics; nothing here computes a coefficient of its own.

A coefficient that is undefined for a table is None in its row (null in JSON, an empty cell in
Excel), with the reason in ``undefined``; never a silent 0 or 1. Alpha's interval is our
bootstrap (units, or whole articles where units nest in them) unless ``bootstrap_method``
asks for KALPHA's; each row's ``bootstrap`` says which ran.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, Final

import numpy as np
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
    BootstrapMethod,
    ClusterDraws,
    Interval,
    Level,
    ReliabilityData,
    SharedRows,
    bootstrap_coefficients,
    brennan_prediger,
    cohen_kappa,
    explain_undefined,
    explain_unitizing_undefined,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    marked_units,
    pair_agreement,
    pairable_units,
    percent_agreement,
    scott_pi,
    unitizing_alpha_report,
)
from models.cell_safety import is_formula_like, remove_unwritable
from models.database import ProjectDatabase
from models.progress import Progress
from models.safe_write import replaced_when_complete

__all__ = [
    "BARS",
    "BOOTSTRAP_METHODS",
    "COEFFICIENTS",
    "DEFAULT_BOOTSTRAP",
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "KALPHA_NESTED",
    "LABELS",
    "WEIGHTED_LABELS",
    "PairwiseKappa",
    "ReportRow",
    "agreement_report",
    "date_comparison",
    "definition_items",
    "definitions",
    "judged_value",
    "overall_row",
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
WEIGHTED_LABELS: Final = {
    "cohen_kappa_linear": "Cohen's kappa, linear weights",
    "cohen_kappa_quadratic": "Cohen's kappa, quadratic weights",
    "gwet_ac2_linear": "Gwet's AC2, linear weights",
    "gwet_ac2_quadratic": "Gwet's AC2, quadratic weights",
}
# Krippendorff's bars: .800 for conclusions, .667 for tentative ones. Percent agreement is not
# chance-corrected, so the bars say nothing about it and it is never marked.
BARS: Final = (0.667, 0.800)
DEFAULT_DRAWS: Final = 1000
# How alpha's interval is drawn: our bootstrap (units, or whole articles where units nest in
# them) or KALPHA's (Hayes and Krippendorff 2007), for comparing with published numbers.
BOOTSTRAP_METHODS: Final[tuple[BootstrapMethod, ...]] = ("clustered", "kalpha")
DEFAULT_BOOTSTRAP: Final[BootstrapMethod] = "clustered"
# A fixed seed, so that the same data gives the same interval in every report.
DEFAULT_SEED: Final = 20240601
CONFIDENCE: Final = 0.95
# The alpha_min whose probability (Hayes and Krippendorff's q) the report gives besides .800
# and .667; the command line's --min-alpha changes it.
DEFAULT_MINIMUM: Final = 0.800
# An interval from fewer usable draws than this share is flagged, not shown as if sound.
MIN_USABLE_SHARE: Final = 0.95

NOT_USED = "not used by any coder"
OVERALL_ONLY = "the overall row summarises the codes' alphas (see summary)"
VERDICT_FIRM = "at or above .800"
VERDICT_TENTATIVE = "between .667 and .800 (tentative conclusions only)"
VERDICT_BELOW = "below .667"
VERDICT_UNDEFINED = "alpha undefined"
VERDICT_NOT_USED = NOT_USED

TWO_CODERS_ONLY = "defined for two coders; with more, see the pairwise table"
CONTINUUM_ONLY = "not computed on the continuum: it has no units, only unitizing alpha applies"
# Why the continuum has no interval, worded for the lead who sees an empty cell: what is
# missing, what the verdict rests on instead, and where an interval can be had.
NO_UNITIZING_INTERVAL = (
    "no bootstrap is drawn for unitizing alpha, so the continuum has no interval and its "
    "verdict is on alpha itself; for an interval, use the character unit, which resamples "
    "whole articles"
)
NO_DEFINED_DRAW = "no bootstrap resample gave a defined alpha"
KALPHA_NESTED = (
    "alpha's interval is KALPHA's: it draws a fixed number of pairs of values as if "
    "independent, whatever the number of units and although these units nest in articles, so "
    "its width does not follow these data; the clustered interval does"
)
NO_CONTINUUM = "no article was coded by every chosen coder, so there is no continuum"
# What a date variable's two rows compare (agreement.reliability words it in the table's notes):
# the same day (nominal) and days apart (interval). Without the words the rows look alike.
SAME_DAY = "same day"
DAYS_APART = "days apart"
_DATE_NOTES: Final = (
    ("dates compared at the nominal level", SAME_DAY),
    ("dates compared as day numbers", DAYS_APART),
)
EMPTY_CONTINUUM = "the articles laid end to end have no text"


@dataclass(frozen=True)
class PairwiseKappa:
    """Cohen's kappa of one pair of coders, over the n units both coded."""

    coder_a: str
    coder_b: str
    kappa: float | None
    n: int
    undefined: str | None = None
    scott_pi: float | None = None
    percent_agreement: float | None = None


@dataclass(frozen=True)
class ReportRow:
    """The report for one variable or code at one unit.

    ``n_units`` counts the units with values from at least two coders, the ones that enter the
    coefficients (for the continuum: the articles laid end to end). ``flags`` marks alpha
    (``krippendorff_alpha``) and its interval's lower bound (``alpha_low``) below a bar with
    "below .667" or "below .800": the bars are alpha's, and no other coefficient is marked.
    ``verdict`` judges the code or variable on the lower bound when the interval is sound (else
    on the point, ``verdict_basis`` says which). ``bootstrap`` says how the interval was drawn
    (method, draws, usable draws, P(alpha < .800), P(alpha < .667), P(alpha < minimum),
    sound); ``intervals`` holds the other coefficients' intervals from the same resampling;
    ``weighted`` the weighted kappas and AC2 of ordinal variables; ``prevalence`` the units each
    coder marked (variables: gave a value); ``summary`` is the overall row's. ``draws`` is the
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
    verdict: str = VERDICT_UNDEFINED
    verdict_basis: str = ""
    bootstrap: dict[str, Any] = field(default_factory=dict)
    intervals: dict[str, Interval] = field(default_factory=dict)
    weighted: dict[str, float | None] = field(default_factory=dict)
    prevalence: dict[str, int] = field(default_factory=dict)
    n_marked_units: int | None = None
    share_marked: float | None = None
    units_per_article: dict[str, float] | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    # A date variable's rows: SAME_DAY (nominal) or DAYS_APART (interval); "" for every other.
    compared_as: str = ""
    # The continuum's observed and expected disagreement, for the overall unitizing alpha.
    unitizing_parts: tuple[float, float] | None = field(default=None, repr=False)

    def value(self, coefficient: str) -> float | None:
        """The value of one of COEFFICIENTS."""
        value: float | None = getattr(self, coefficient)
        return value


def judged_value(row: ReportRow) -> float | None:
    """The number the verdict was drawn on: alpha's lower bound when the verdict is on the
    lower bound, else alpha itself (None for an undefined or unused row, and the overall row).

    A reader shading a table by the verdict shades it by this number, so that a cell's colour,
    the verdict and the number named beside it tell the same story.
    """
    if row.kind == "overall" or row.verdict in (VERDICT_UNDEFINED, VERDICT_NOT_USED, ""):
        return None
    if row.verdict_basis == "lower bound" and row.alpha_interval is not None:
        return row.alpha_interval[0]
    return row.krippendorff_alpha


def date_comparison(notes: Iterable[str]) -> str:
    """SAME_DAY or DAYS_APART for a date variable's table (read from its notes), else ""."""
    for note in notes:
        for start, meaning in _DATE_NOTES:
            if note.startswith(start):
                return meaning
    return ""


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
        try:
            _, pi_value, agreement_value = pair_agreement(pair, table.categories)
        except ValueError:  # values the categories do not list: kappa's reason says so
            pi_value = agreement_value = math.nan
        pi, agreement = _defined(pi_value), _defined(agreement_value)
        pairs.append(
            PairwiseKappa(table.coders[i], table.coders[j], kappa, n, reason, pi, agreement)
        )
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
        compared_as=date_comparison(table.notes) if table.kind == "variable" else "",
    )


def _continuum_row(table: ReliabilityTable) -> ReportRow:
    continuum = table.continuum
    assert continuum is not None
    alpha: float | None = None
    reason: str | None
    parts: tuple[float, float] | None = None
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
        try:
            per_code = unitizing_alpha_report(length, segments).per_code
        except ValueError as exc:
            per_code, reason = {}, str(exc)
        else:
            reason = None
        code = per_code.get(0)
        if code is not None and len(segments) >= 2:
            # Kept for the overall row: 1 - sum D_o / sum D_e over the codes.
            parts = (code.observed, code.expected)
        if code is not None and not math.isnan(code.alpha):
            alpha = float(code.alpha)
        elif reason is None:
            reason = explain_unitizing_undefined(length, segments, 0) or "undefined for these data"
    undefined = dict.fromkeys(COEFFICIENTS, CONTINUUM_ONLY)
    del undefined["krippendorff_alpha"]
    if reason is not None:
        undefined["krippendorff_alpha"] = reason
    else:
        undefined["alpha_interval"] = NO_UNITIZING_INTERVAL
    notes = [*table.notes, f"continuum of {continuum.length} characters"]
    marked = {coder: len(spans) for coder, spans in continuum.segments.items()}
    verdict, basis = _verdict(alpha, None, False)
    if not any(marked.values()):
        verdict, basis = VERDICT_NOT_USED, ""
        undefined["krippendorff_alpha"] = NOT_USED
    return ReportRow(
        verdict=verdict,
        verdict_basis=basis,
        prevalence=marked,
        unitizing_parts=parts,
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


def _sound(usable: int, draws: int) -> bool:
    """Whether enough draws gave a defined alpha for the interval to be taken at its word."""
    return usable > 0 and usable >= MIN_USABLE_SHARE * draws


def _unsound(usable: int, draws: int) -> str:
    return (
        f"only {usable:,} of {draws:,} bootstrap draws gave a defined value (fewer than "
        f"{MIN_USABLE_SHARE:.0%}): the draws that lack one are the ones without disagreement "
        "or without a second value, so the interval leans one way; read it as a rough guide"
    )


def _verdict(
    alpha: float | None, interval: tuple[float, float] | None, sound: bool
) -> tuple[str, str]:
    """Alpha judged against Krippendorff's bars: on the interval's lower bound when the
    interval is sound, else on the point estimate alone (and the basis says so).
    """
    if alpha is None:
        return VERDICT_UNDEFINED, ""
    if interval is not None and sound:
        value, basis = interval[0], "lower bound"
    else:
        value, basis = alpha, "point estimate"
    if value >= BARS[1]:
        return VERDICT_FIRM, basis
    if value >= BARS[0]:
        return VERDICT_TENTATIVE, basis
    return VERDICT_BELOW, basis


def _prevalence(table: ReliabilityTable, data: SharedRows) -> dict[str, Any]:
    """How often each coder marked the code (variables: gave a value), how many units anyone
    marked and their share, and for units inside articles how many units an article has.
    """
    if table.kind == "code":
        per_coder, marked, total = marked_units(data, 1)
    else:
        coded = [0] * len(table.coders)
        for row, weight in zip(table.data, _row_weights(table), strict=True):
            for index, cell in enumerate(row):
                if cell is not None:
                    coded[index] += weight
        per_coder, marked, total = coded, 0, int(sum(_row_weights(table)))
    result: dict[str, Any] = {
        "prevalence": dict(zip(table.coders, per_coder, strict=False)),
        "n_marked_units": marked if table.kind == "code" else None,
        "share_marked": (marked / total if total else None) if table.kind == "code" else None,
        "units_per_article": None,
        "_total": total,
    }
    if table.clusters is not None and len(table.clusters):
        weights = (
            np.ones(len(table.clusters)) if table.weights is None else table.weights.astype(float)
        )
        per_article = np.bincount(table.clusters, weights)
        per_article = per_article[per_article > 0]
        result["units_per_article"] = {
            "articles": int(per_article.size),
            "min": int(per_article.min()),
            "median": float(np.median(per_article)),
            "mean": float(per_article.mean()),
            "max": int(per_article.max()),
        }
    return result


def _row_weights(table: ReliabilityTable) -> Sequence[int]:
    if table.weights is None:
        return [1] * len(table.data)
    return [int(w) for w in table.weights]


def _not_used_row(
    table: ReliabilityTable, n_units: int, notes: list[str], prevalence: dict[str, Any]
) -> ReportRow:
    """A code no chosen coder marked: every coefficient undefined, and that reason."""
    undefined = dict.fromkeys(COEFFICIENTS, NOT_USED)
    undefined["alpha_interval"] = NOT_USED
    return ReportRow(
        kind=table.kind,
        name=table.name,
        guid=table.guid,
        unit=table.unit,
        level=table.level,
        n_units=n_units,
        coders=list(table.coders),
        undefined=_ordered(undefined),
        notes=notes,
        verdict=VERDICT_NOT_USED,
        compared_as=date_comparison(table.notes) if table.kind == "variable" else "",
        **prevalence,
    )


def report_row(
    table: ReliabilityTable,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    cluster_draws: ClusterDraws | None = None,
    minimum: float = DEFAULT_MINIMUM,
    bootstrap_method: BootstrapMethod = DEFAULT_BOOTSTRAP,
) -> ReportRow:
    """Every coefficient of one table (see :func:`definitions` for what each one is).

    ``cluster_draws`` lets the tables of one report share the articles their bootstraps
    resample (character, sentence and paragraph units); it saves time and changes no number.
    ``bootstrap_method="kalpha"`` draws alpha's interval and probabilities as KALPHA does
    (agreement.statistics.kalpha_bootstrap); the other coefficients' intervals stay ours.
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
    prevalence = _prevalence(table, data)
    notes = list(table.notes)
    total = prevalence.pop("_total")
    if total > n_units:
        notes.append(
            f"{total - n_units:,} of {total:,} units have a value from fewer than two coders "
            "(a coder did not code the article, or left the variable empty) and are left out"
        )
    if table.kind == "code" and prevalence["n_marked_units"] == 0:
        return _not_used_row(table, n_units, notes, prevalence)
    share = prevalence["share_marked"]
    if table.kind == "code" and table.unit != "article" and share is not None and share < 0.5:
        notes.append(
            f"{1 - share:.0%} of units are unmarked by every coder: percent agreement, AC1 and "
            "Brennan-Prediger count each of them as an agreement and stay high whatever the "
            "coders did on the marked units; alpha and kappa judge agreement on the marked "
            "units against what the code's rarity predicts"
        )
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
    weighted: dict[str, float | None] = {}
    if level == "ordinal":
        # Ordered categories: the weighted coefficients beside ordinal alpha, weights named.
        for weights in ("linear", "quadratic"):
            if two:
                kappa = _outcome(
                    lambda w=weights: cohen_kappa(data, w, categories),  # type: ignore[misc]
                    lambda w=weights: explain_undefined(  # type: ignore[misc]
                        "cohen_kappa", data, level, categories, w
                    ),
                )
                weighted[f"cohen_kappa_{weights}"] = kappa[0]
                if kappa[1] is not None:
                    undefined[f"cohen_kappa_{weights}"] = kappa[1]
            ac2 = _outcome(
                lambda w=weights: gwet_ac2(data, w, categories),  # type: ignore[misc]
                lambda: explain_undefined("gwet_ac1", data, level, categories),
            )
            weighted[f"gwet_ac2_{weights}"] = ac2[0]
            if ac2[1] is not None:
                undefined[f"gwet_ac2_{weights}"] = ac2[1]
    interval: tuple[float, float] | None = None
    p_800 = p_667 = None
    defined_draws = 0
    bootstrap: dict[str, Any] = {}
    intervals: dict[str, Interval] = {}
    try:
        report = bootstrap_coefficients(
            data,
            level,
            draws,
            seed,
            confidence=CONFIDENCE,
            categories=categories,
            cluster_draws=cluster_draws,
            minimum=minimum,
            others=categories is not None,
            method=bootstrap_method,
        )
    except ValueError as exc:
        record("krippendorff_alpha", (None, str(exc)))
    else:
        boot = report.alpha
        if math.isnan(boot.alpha):
            reason = explain_undefined("krippendorff_alpha", data, level, categories)
            record("krippendorff_alpha", (None, reason or "undefined for these data"))
        else:
            record("krippendorff_alpha", (boot.alpha, None))
            defined_draws = boot.draws
            intervals = dict(report.intervals)
            if categories is None:
                notes.append(
                    "bootstrap intervals for alpha only: the other coefficients take every "
                    "distinct number for a category of its own"
                )
            bootstrap = {
                "method": report.method,
                "intervals_method": report.intervals_method,
                "pairs": report.pairs or None,
                "draws": report.draws,
                "usable_draws": boot.draws,
                "p_below_800": None if not boot.draws else boot.p_below_800,
                "p_below_667": None if not boot.draws else boot.p_below_667,
                "minimum": report.minimum,
                "p_below_minimum": None if not boot.draws else report.p_below_minimum,
                "sound": _sound(boot.draws, report.draws),
            }
            if boot.draws:
                interval = (boot.low, boot.high)
                p_800, p_667 = boot.p_below_800, boot.p_below_667
                if not bootstrap["sound"]:
                    undefined_note = _unsound(boot.draws, report.draws)
                    notes.append(f"alpha's interval: {undefined_note}")
            else:
                undefined["alpha_interval"] = NO_DEFINED_DRAW
            if report.method == "kalpha" and table.clusters is not None:
                notes.append(KALPHA_NESTED)
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
    alpha = values["krippendorff_alpha"]
    verdict, basis = _verdict(alpha, interval, bool(bootstrap.get("sound")))
    flags = {"krippendorff_alpha": f} if (f := _flag(alpha)) else {}
    if interval is not None and (f := _flag(interval[0])):
        flags["alpha_low"] = f
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
        krippendorff_alpha=alpha,
        alpha_interval=interval,
        gwet_ac1=values["gwet_ac1"],
        brennan_prediger=values["brennan_prediger"],
        undefined=_ordered(undefined),
        pairwise=_pairwise(table, level, data),
        flags=flags,
        p_below_800=p_800,
        p_below_667=p_667,
        draws=defined_draws,
        notes=notes,
        verdict=verdict,
        verdict_basis=basis,
        bootstrap=bootstrap,
        intervals=intervals,
        weighted=weighted,
        compared_as=date_comparison(table.notes) if table.kind == "variable" else "",
        **prevalence,
    )


def _rows_of(
    tables: Iterable[ReliabilityTable],
    draws: int,
    seed: int,
    progress: Progress | None,
    minimum: float = DEFAULT_MINIMUM,
    bootstrap_method: BootstrapMethod = DEFAULT_BOOTSTRAP,
) -> list[ReportRow]:
    """The rows of the tables in order; their bootstraps share one set of article resamples."""
    rows: list[ReportRow] = []
    shared = ClusterDraws()
    continua: list[ReliabilityTable] = []
    for table in tables:
        rows.append(
            report_row(
                table,
                draws=draws,
                seed=seed,
                cluster_draws=shared,
                minimum=minimum,
                bootstrap_method=bootstrap_method,
            )
        )
        if table.continuum is not None:
            continua.append(table)
        if progress is not None:
            progress.step(1, table.name)
    overall = overall_row(rows, continua)
    return rows if overall is None else [*rows, overall]


def _overall_unitizing(
    rows: Sequence[ReportRow], continua: Sequence[ReliabilityTable]
) -> tuple[float | None, str | None]:
    """Unitizing alpha over every code at once: 1 - sum D_o / sum D_e (Krippendorff 2004),
    from each code's own disagreements (unitizing_alpha_report over all codes gives the same).
    """
    first = continua[0].continuum
    assert first is not None
    if not first.article_ids or first.length < 1:
        return None, NO_CONTINUUM if not first.article_ids else EMPTY_CONTINUUM
    parts = [row.unitizing_parts for row in rows if row.unitizing_parts is not None]
    observed = sum(o for o, _ in parts)
    expected = sum(e for _, e in parts)
    if expected <= 0:
        return None, "no coder marked any code, or expected disagreement is 0"
    return 1.0 - observed / expected, None


def overall_row(
    rows: Sequence[ReportRow], continua: Sequence[ReliabilityTable] = ()
) -> ReportRow | None:
    """The summary across codes (kind ``overall``): how alpha spreads over the used codes and,
    at the continuum, unitizing alpha over all codes at once. None without code rows.

    Only the continuum's overall row holds an alpha of its own; elsewhere ``summary`` gives the
    mean, median, standard deviation and range of the codes' alphas, which are not an alpha.
    """
    codes = [row for row in rows if row.kind == "code"]
    if not codes:
        return None
    alphas = np.array([r.krippendorff_alpha for r in codes if r.krippendorff_alpha is not None])
    not_used = sum(1 for r in codes if r.verdict == VERDICT_NOT_USED)
    summary: dict[str, Any] = {
        "codes": len(codes),
        "codes_not_used": not_used,
        "codes_with_alpha": int(alphas.size),
        "alpha_mean": float(alphas.mean()) if alphas.size else None,
        "alpha_median": float(np.median(alphas)) if alphas.size else None,
        "alpha_sd": float(alphas.std(ddof=1)) if alphas.size > 1 else None,
        "alpha_min": float(alphas.min()) if alphas.size else None,
        "alpha_max": float(alphas.max()) if alphas.size else None,
        "codes_below_667": int(np.count_nonzero(alphas < BARS[0])),
        "codes_below_800": int(np.count_nonzero(alphas < BARS[1])),
        "verdicts": {
            verdict: sum(1 for r in codes if r.verdict == verdict)
            for verdict in (VERDICT_FIRM, VERDICT_TENTATIVE, VERDICT_BELOW, VERDICT_UNDEFINED)
        },
    }
    unit = codes[0].unit
    alpha: float | None = None
    undefined = dict.fromkeys(COEFFICIENTS, OVERALL_ONLY)
    if continua:
        alpha, reason = _overall_unitizing(codes, continua)
        del undefined["krippendorff_alpha"]
        if reason is not None:
            undefined["krippendorff_alpha"] = reason
        else:
            undefined["alpha_interval"] = NO_UNITIZING_INTERVAL
    notes = [
        f"{len(codes) - not_used} of {len(codes)} codes used; alpha of the used codes: mean "
        + (f"{summary['alpha_mean']:.3f}" if alphas.size else "—")
        + (
            f", from {summary['alpha_min']:.3f} to {summary['alpha_max']:.3f}"
            if alphas.size
            else ""
        )
    ]
    if continua:
        notes.append("alpha here is unitizing alpha over every code at once")
    return ReportRow(
        kind="overall",
        name="all codes",
        guid="",
        unit=unit,
        level="nominal",
        n_units=max((r.n_units for r in codes), default=0),
        coders=list(codes[0].coders),
        krippendorff_alpha=alpha,
        undefined=_ordered(undefined),
        flags={"krippendorff_alpha": f} if (f := _flag(alpha)) else {},
        verdict=_verdict(alpha, None, False)[0] if alpha is not None else "",
        verdict_basis="point estimate" if alpha is not None else "",
        summary=summary,
        notes=notes,
    )


def report_rows(
    tables: Iterable[ReliabilityTable],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    minimum: float = DEFAULT_MINIMUM,
    bootstrap_method: BootstrapMethod = DEFAULT_BOOTSTRAP,
) -> list[ReportRow]:
    """One row per table, in order, then the overall row when there are codes; one progress
    step per table (Cancel stops between tables).
    """
    _check_bootstrap(draws, bootstrap_method)
    if progress is not None and isinstance(tables, Sized):
        progress.start(len(tables), "agreement")
    return _rows_of(tables, draws, seed, progress, minimum, bootstrap_method)


def _check_bootstrap(draws: int, bootstrap_method: str) -> None:
    if draws < 1:
        raise AgreementError("the bootstrap needs at least one draw")
    if bootstrap_method not in BOOTSTRAP_METHODS:
        raise AgreementError(
            f"unknown bootstrap method {bootstrap_method!r}: use " + " or ".join(BOOTSTRAP_METHODS)
        )


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
    minimum: float = DEFAULT_MINIMUM,
    without_machine_accepted: bool = False,
    bootstrap_method: BootstrapMethod = DEFAULT_BOOTSTRAP,
) -> list[ReportRow]:
    """The whole report of a project: variables (article units only), then codes in tree order,
    then the overall row (kind ``overall``). ``minimum`` is the alpha_min whose probability
    P(alpha < minimum) the rows give besides .800 and .667. ``without_machine_accepted``
    leaves out every article where a coder accepted a machine suggestion (suggest/).
    ``bootstrap_method`` chooses how alpha's interval is drawn (see BOOTSTRAP_METHODS).

    Raises agreement.reliability.AgreementError when the selection cannot be compared (unknown
    coder or article, fewer than two coders, no article two of them coded) and Cancelled when
    ``progress`` is cancelled.
    """
    _check_bootstrap(draws, bootstrap_method)
    article = unit == "article"
    coding = load_coding(
        database,
        coders,
        articles,
        offsets=not article,
        values=article,
        without_machine_accepted=without_machine_accepted,
    )
    if progress is not None:
        progress.check()
        progress.start(table_count(coding, unit), "agreement")
    tables: Iterable[ReliabilityTable] = code_tables(
        coding, unit, coded_units_only=coded_units_only
    )
    if unit == "article":
        tables = [*variable_tables(coding), *tables]
    return _rows_of(tables, draws, seed, progress, minimum, bootstrap_method)


# --------------------------------------------------------------------------------------------
# What each number is
# --------------------------------------------------------------------------------------------


def definition_items(
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    bootstrap_method: BootstrapMethod = DEFAULT_BOOTSTRAP,
) -> list[tuple[str, str]]:
    """(term, definition) pairs: which definition each number of the report uses; the alpha
    interval's says which bootstrap ``bootstrap_method`` chose.
    """
    chosen = (
        "This report's alpha intervals and probabilities are KALPHA's (see 'KALPHA "
        "bootstrap'; 'method' kalpha in the row's bootstrap); what follows describes the "
        "draws behind the other coefficients' intervals. "
        if bootstrap_method == "kalpha"
        else ""
    )
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
            "for its parent. Units no coder marked count as agreement on 'absent'. On "
            "sentences, paragraphs and characters most units are such (often over 90 %), and "
            "they lift percent agreement, AC1 and Brennan-Prediger about as much as each "
            "other: Brennan-Prediger's chance term is fixed at 1/2, so it is 2 x percent "
            "agreement - 1, and AC1's chance term sum pi (1 - pi) shrinks as 'absent' "
            "dominates, so AC1 comes close to percent agreement. Alpha, kappa, pi and Fleiss' "
            "kappa take chance agreement from the marginals, which the empty units make "
            "large, so they fall to what the marked units show. This is why only alpha is "
            "judged against the bars; the '-coded' units leave the empty units out.",
        ),
        (
            "Prevalence",
            "prevalence: for each coder, the units the coder marked with the code (variables: "
            "the units the coder gave a value). n_marked_units: the units at least one coder "
            "marked, and share_marked their share of all units. units_per_article: at the "
            "sentence, paragraph and character units, how many units an article holds (min, "
            "median, mean, max). A code no chosen coder marked is reported as 'not used by "
            "any coder', every coefficient empty: agreement on a code nobody used says "
            "nothing.",
        ),
        (
            "Variables",
            "Compared at their level of measurement: nominal and ordinal on the codebook's "
            "values in order, interval and ratio as numbers; dates twice: as day numbers at "
            "the interval level (days apart) and at the nominal level (the same day or not), "
            "each row naming its level and 'compared_as' saying which ('same day' or 'days "
            "apart'). Ordinal variables also get Cohen's kappa with linear "
            "and quadratic weights (two coders) and Gwet's AC2 with linear and quadratic "
            "weights, all on the codebook's order of values: linear w = 1 - |k - l| / (q - 1), "
            "quadratic w = 1 - (k - l)^2 / (q - 1)^2 (Cohen 1968; Gwet 2014, ch. 3). Text "
            "variables are not compared.",
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
            "Cohen (1960), unweighted, chance agreement from each coder's own marginals, over "
            "the units both coders coded (ordinal variables add the weighted kappas, see "
            "Variables). Defined for two coders; with more, the pairwise table (Pairwise "
            "sheet; 'pairwise' in JSON) gives kappa, pi and percent agreement for every pair "
            "and the row leaves it empty.",
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
            f"{chosen}Percentile bootstrap (Efron), {draws} draws, seed {seed}. At the "
            "article unit over units: each draw "
            "takes as many pairable units as the data has, with replacement, and recomputes "
            "alpha from scratch (expected disagreement included); the interval is the 2.5 and "
            f"97.5 percentiles of the draws with a defined alpha ({CONFIDENCE:.0%}); "
            "P(alpha < .800) and P(alpha < .667) are the shares of draws below the bars "
            "(Hayes and Krippendorff 2007 report the same quantities). Not the KALPHA macro, "
            "which resamples pairs of values with expected disagreement fixed, so its numbers "
            "differ (offered as an option: see 'KALPHA bootstrap'). At the sentence, "
            "paragraph and character units ('-coded' too) the "
            "bootstrap is clustered by article instead: these units nest in articles, and the "
            "units of one article (the sentences of one segment, or the many uncoded ones) are "
            "not independent, so resampling units one by one gives intervals far too narrow. "
            "Each draw takes as many articles (those with units coded by two or more coders) "
            "as the data has, with replacement, each bringing all its units (its count of each "
            "coding pattern), so the number of units varies from draw to draw; only the "
            "article unit resamples units ('method' in the row's bootstrap: units or "
            "articles). 'usable draws' is the number of draws with a defined alpha, the ones "
            "the interval and probabilities are taken from; it is shown with every interval. "
            f"An interval from fewer than {MIN_USABLE_SHARE:.0%} usable draws is flagged "
            "('sound': false, and a note): the draws without a defined value are those "
            "without disagreement or a second value, so such an interval leans one way. "
            "Percent agreement, kappa, pi, Fleiss' kappa, AC1 and Brennan-Prediger get "
            "intervals ('intervals') from the same draws of articles; at the article unit "
            "from draws of the units with at least one value, from a second stream of the "
            "same seed. P(alpha < minimum) is Hayes and Krippendorff's (2007) q for the "
            "chosen alpha_min (--min-alpha; default .800): the share of usable draws below it.",
        ),
        (
            "KALPHA bootstrap",
            "Chosen with --bootstrap kalpha (in the window: α interval, KALPHA), for comparing "
            "with numbers from Hayes' KALPHA macro (Hayes and Krippendorff 2007; Krippendorff, "
            "'Algorithm for bootstrapping a distribution of alpha', revised 2011). It draws "
            "pairs of values, not units: each unordered pair c-k with probability o_ck/n.. "
            "(c = k) or 2 o_ck/n.. (c != k) from the observed coincidences, which already count "
            "each pair of a unit's values 1/(m_u - 1) times, so pairs from units that more "
            "coders coded weigh less. Each draw takes M pairs, M = min(25 x the non-empty cells "
            "of the coincidence matrix, (m - 1) n../2), m the number of coders ('pairs' in the "
            "row's bootstrap; at most 100 for a code's presence, however many units there "
            "are), and gives alpha = 1 - (sum of their metric differences)/(M D_e) with the "
            "data's expected disagreement D_e held fixed; below -1 it counts as -1. A draw "
            "without disagreement whose pairs may all hold one value is set to 0 (alpha "
            "1 - 0/0): every such draw when one value alone has pairs on the diagonal, else the "
            "expected number of single-value draws, round(draws x sum_c (o_cc/n..)^M) (KALPHA "
            "3.0 raises to the data's number of pairs; here to M). The interval is read off "
            "the sorted draws at positions trunc(.025 x draws) and trunc(.975 x draws) + 1; "
            "P(alpha < .800), P(alpha < .667) and q = P(alpha < minimum) are shares of all "
            f"draws. Same draws ({draws}) and seed ({seed}). Every draw gives a value, so "
            "usable draws equal draws. Units and articles play no part: the width follows M, not "
            "the number of articles, and treats the sentences or characters of one article as "
            "independent pairs (a note says so at those units); Gwet (2015) finds KALPHA's "
            "standard errors too small even on independent units. The clustered bootstrap is "
            "the default for these reasons. The other coefficients' intervals are drawn as "
            "under Alpha interval ('intervals_method').",
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
            "Only Krippendorff's alpha is held to Krippendorff's bars, .800 for conclusions "
            "and .667 for tentative ones: values below are marked, those below .667 more "
            "strongly. The verdict on a code or variable uses the interval's lower bound "
            "when the interval is sound ('verdict_basis': lower bound), else the point "
            "estimate. The bars were set for alpha; percent agreement, kappa, pi, Fleiss' "
            "kappa, AC1 and Brennan-Prediger are not marked.",
        ),
        (
            "Overall",
            "The last row (kind 'overall') summarises the codes: how many were used, the "
            "mean, median, standard deviation and range of their alphas (a summary, not an "
            "alpha) and how many fall below each bar. At the continuum it also holds unitizing "
            "alpha over every code at once (1 - sum D_o / sum D_e, Krippendorff 2004).",
        ),
    ]


def definitions(
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    bootstrap_method: BootstrapMethod = DEFAULT_BOOTSTRAP,
) -> str:
    """The text that says which definition each number of the report uses."""
    items = definition_items(draws, seed, bootstrap_method)
    return "\n\n".join(f"{term}: {text}" for term, text in items)


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


def _number(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return float(value)


def report_as_json(rows: Iterable[ReportRow]) -> list[dict[str, Any]]:
    """The command line's JSON: one object per row, keys in a fixed order, null for undefined.

    ``usable_draws`` is the number of bootstrap draws behind ``alpha_interval`` (0 without one);
    ``bootstrap`` repeats it with the method and the probabilities, ``intervals`` gives the
    other coefficients' intervals with their own usable draws. Every key is present in every
    row, whatever the number of coders (null or empty where it does not apply).
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
                "compared_as": row.compared_as or None,
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
                "verdict": row.verdict,
                "verdict_basis": row.verdict_basis,
                "bootstrap": dict(row.bootstrap) or None,
                "intervals": {
                    name: {
                        "low": _number(i.low),
                        "high": _number(i.high),
                        "usable_draws": i.usable,
                        "draws": i.draws,
                        "sound": _sound(i.usable, i.draws),
                    }
                    for name, i in row.intervals.items()
                },
                "weighted": {name: _number(v) for name, v in row.weighted.items()},
                "prevalence": dict(row.prevalence),
                "n_marked_units": row.n_marked_units,
                "share_marked": _number(row.share_marked),
                "units_per_article": row.units_per_article,
                "pairwise": [
                    {
                        "coder_a": p.coder_a,
                        "coder_b": p.coder_b,
                        "cohen_kappa": _number(p.kappa),
                        "scott_pi": _number(p.scott_pi),
                        "percent_agreement": _number(p.percent_agreement),
                        "n": p.n,
                        "undefined": p.undefined,
                    }
                    for p in row.pairwise
                ],
                "summary": dict(row.summary) or None,
                "notes": list(row.notes),
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
    ("P(alpha < min)", 10),
    ("verdict", 22),
    ("verdict basis", 12),
    ("resampled", 10),
    (LABELS["gwet_ac1"], 10),
    (LABELS["brennan_prediger"], 11),
    ("n marked units", 9),
    ("share marked", 9),
    ("units marked per coder", 28),
    ("units per article", 24),
    ("other intervals (usable draws)", 48),
    ("weighted (ordinal)", 36),
    ("summary", 40),
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
    (LABELS["scott_pi"], 12),
    (LABELS["percent_agreement"], 12),
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


def _per_article_text(summary: dict[str, float] | None) -> str:
    if not summary:
        return ""
    return (
        f"{summary['articles']:,} articles; min {summary['min']:,}, median "
        f"{summary['median']:,.1f}, mean {summary['mean']:,.1f}, max {summary['max']:,}"
    )


def _method_text(bootstrap: dict[str, Any]) -> str:
    """How alpha's draws were made: units, articles, or KALPHA with its pairs per draw."""
    method = str(bootstrap.get("method", ""))
    pairs = bootstrap.get("pairs")
    return f"{method} ({pairs:,} pairs)" if method == "kalpha" and pairs else method


def _intervals_text(intervals: dict[str, Interval]) -> str:
    parts = []
    for name, interval in intervals.items():
        if interval.usable:
            unsound = "" if _sound(interval.usable, interval.draws) else ", too few"
            parts.append(
                f"{LABELS.get(name, name)} [{interval.low:.3f}, {interval.high:.3f}] "
                f"({interval.usable:,} of {interval.draws:,}{unsound})"
            )
    return "; ".join(parts)


def _weighted_text(weighted: dict[str, float | None]) -> str:
    return "; ".join(
        f"{WEIGHTED_LABELS.get(name, name)} {'—' if value is None else f'{value:.3f}'}"
        for name, value in weighted.items()
    )


def _summary_text(summary: dict[str, Any]) -> str:
    if not summary or summary.get("alpha_mean") is None:
        return ""
    return (
        f"{summary['codes_with_alpha']} codes with alpha: mean {summary['alpha_mean']:.3f}, "
        f"median {summary['alpha_median']:.3f}, from {summary['alpha_min']:.3f} to "
        f"{summary['alpha_max']:.3f}; {summary['codes_below_800']} below .800, "
        f"{summary['codes_below_667']} below .667; {summary['codes_not_used']} not used"
    )


def _reasons(undefined: dict[str, str]) -> str:
    return "; ".join(f"{LABELS.get(name, name)}: {reason}" for name, reason in undefined.items())


def write_report_xlsx(
    rows: Sequence[ReportRow],
    path: str | Path,
    definitions_list: Sequence[tuple[str, str]] | None = None,
) -> None:
    """Write the report to an Excel workbook: sheets Agreement, Pairwise and Definitions.

    Undefined coefficients are empty cells, with the reasons in the "undefined" column; alpha
    and its lower bound below .800 and .667 are shaded (no other coefficient is).
    ``definitions_list`` defaults to :func:`definition_items`.
    """
    book = Workbook(write_only=True)
    sheet = _start_sheet(book, "Agreement", _AGREEMENT_COLUMNS, "C2")
    for row in rows:
        low, high = row.alpha_interval if row.alpha_interval else (None, None)
        flags = "; ".join(f"{LABELS.get(name, name)} {flag}" for name, flag in row.flags.items())
        sheet.append(
            [
                _text(sheet, row.kind),
                _text(sheet, row.name),
                _text(sheet, row.guid),
                _text(sheet, row.unit),
                _text(sheet, f"{row.level} ({row.compared_as})" if row.compared_as else row.level),
                row.n_units,
                _text(sheet, ", ".join(row.coders)),
                _figure(sheet, row.percent_agreement, marked=False),
                _figure(sheet, row.cohen_kappa, marked=False),
                _figure(sheet, row.scott_pi, marked=False),
                _figure(sheet, row.fleiss_kappa, marked=False),
                _figure(sheet, row.krippendorff_alpha),
                _figure(sheet, low),
                _figure(sheet, high, marked=False),
                row.draws,
                _figure(sheet, row.p_below_800, marked=False),
                _figure(sheet, row.p_below_667, marked=False),
                _figure(sheet, row.bootstrap.get("p_below_minimum"), marked=False),
                _text(sheet, row.verdict),
                _text(sheet, row.verdict_basis),
                _text(sheet, _method_text(row.bootstrap)),
                _figure(sheet, row.gwet_ac1, marked=False),
                _figure(sheet, row.brennan_prediger, marked=False),
                row.n_marked_units,
                _figure(sheet, row.share_marked, marked=False),
                _text(sheet, "; ".join(f"{c}: {n}" for c, n in row.prevalence.items())),
                _text(sheet, _per_article_text(row.units_per_article)),
                _text(sheet, _intervals_text(row.intervals)),
                _text(sheet, _weighted_text(row.weighted)),
                _text(sheet, _summary_text(row.summary)),
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
                    _figure(pairwise, pair.kappa, marked=False),
                    _figure(pairwise, pair.scott_pi, marked=False),
                    _figure(pairwise, pair.percent_agreement, marked=False),
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

"""Inter-coder agreement coefficients computed from their published definitions, on plain data.

This module owns the arithmetic of agreement and nothing else: no database, no Qt, no project
imports. Callers hand it reliability data and get floats back.

Reliability data (``data``) is a sequence of units, each a sequence with one value per coder, in
the same coder order for every unit; ``None`` (or a float NaN) marks a value the coder did not
give. Values are hashable (str, int, float). `SharedRows` may give each row a weight (the number
of units with those values, say a run of characters) and a cluster (the article it lies in):
every coefficient then gives what it gives on the units one by one. ``categories`` is the
codebook's ordered list of possible values; it is required where a definition needs it (the
number of categories for Brennan-Prediger and Gwet's AC1, the order of categories for weighted
kappa and ordinal alpha) and otherwise only validates the data.

Every coefficient returns ``math.nan`` when it is undefined for the data (never a silent 0 or 1);
:func:`explain_undefined` gives the human-readable reason a report should show instead.

Definitions used (where the literature offers variants, these are the ones computed):

- percent agreement, Fleiss' kappa, Brennan-Prediger, Gwet's AC1: Gwet, *Handbook of Inter-Rater
  Reliability* (4th ed., 2014) and his irrCAC package, including his treatment of missing data:
  agreement is averaged over units rated by at least two coders, category shares over units
  rated by at least one.
- Cohen's kappa (1960) with each coder's own marginals, weighted kappa (Cohen 1968) with linear
  or quadratic weights on the positions of the ordered categories; Scott's pi (1955) with pooled
  marginals. Both drop units that either coder left uncoded.
- Krippendorff's alpha in the coincidence-matrix form of "Computing Krippendorff's
  Alpha-Reliability" (2011).
- Unitizing alpha: Krippendorff (2004), "Measuring the reliability of qualitative text analysis
  data", Quality & Quantity 38: 787-800, with the formulas as printed in his *Content Analysis*
  (2nd ed., 2004), whose worked example the tests reproduce; not the 2016 family of
  Krippendorff, Mathet, Bouvry and Widlöcher, which gives different numbers.
- Gwet's AC2 (2014, chapter 3): AC1 with linear or quadratic agreement weights on ordered
  categories.
- Bootstrap interval for alpha: resampling of units, or of whole clusters of units (articles)
  when the units nest in them (see :func:`bootstrap_alpha`); :func:`bootstrap_coefficients`
  gives the other coefficients' intervals from the same resampling, and Hayes and
  Krippendorff's (2007) q for a chosen alpha_min.
- KALPHA's bootstrap (Hayes and Krippendorff 2007; Krippendorff, "Algorithm for bootstrapping
  a distribution of alpha", revised 2011, as Hayes' KALPHA macro 3.0 runs it), offered beside
  ours so that a lead can compare numbers with what readers know: pairs of values drawn from
  the coincidence matrix with expected disagreement held fixed (see :func:`kalpha_bootstrap`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = [
    "BOOTSTRAPPED",
    "BootstrapMethod",
    "BootstrapReport",
    "BootstrapResult",
    "ClusterDraws",
    "Interval",
    "KalphaBootstrap",
    "Level",
    "ReliabilityData",
    "Segment",
    "Segmentation",
    "SharedRows",
    "UnitizingCode",
    "UnitizingReport",
    "Weights",
    "agreement_weights",
    "bootstrap_alpha",
    "bootstrap_coefficients",
    "brennan_prediger",
    "cohen_kappa",
    "explain_undefined",
    "explain_unitizing_undefined",
    "fleiss_kappa",
    "gwet_ac1",
    "gwet_ac2",
    "kalpha_bootstrap",
    "krippendorff_alpha",
    "marked_units",
    "pair_agreement",
    "pairable_units",
    "percent_agreement",
    "scott_pi",
    "unitizing_alpha",
    "unitizing_alpha_report",
]

ReliabilityData: TypeAlias = Sequence[Sequence[Hashable | None]]
"""Units x coders; ``None`` where a coder gave no value."""

Level: TypeAlias = Literal["nominal", "ordinal", "interval", "ratio"]
Weights: TypeAlias = Literal["linear", "quadratic"] | None
Segment: TypeAlias = tuple[int, int, Hashable]
"""``(start, end, code)`` on the continuum, ``end`` exclusive."""
# Any, not Hashable, for the coder key: Mapping is invariant in its key type, and callers key
# coders by str or int.
Segmentation: TypeAlias = Mapping[Any, Sequence[Segment]]
"""Each coder's segments; a coder with an empty list marked nothing."""

_IntArray: TypeAlias = npt.NDArray[np.int64]
_FloatArray: TypeAlias = npt.NDArray[np.float64]
_BoolArray: TypeAlias = npt.NDArray[np.bool_]

# A coefficient's value together with the reason it is undefined (None when it is defined).
_Outcome: TypeAlias = tuple[float, str | None]

_LEVELS = ("nominal", "ordinal", "interval", "ratio")

# The reasons a report shows in place of an undefined coefficient.
NO_UNITS = "there are no units"
FEWER_THAN_TWO_CODERS = "fewer than two coders"
NO_UNIT_CODED_BY_BOTH = "no unit was coded by both coders"
NO_UNIT_CODED_TWICE = "no unit was coded by two or more coders"
FEWER_THAN_TWO_PAIRABLE = "fewer than two pairable values"
ONE_CATEGORY = "only one category occurs, so expected agreement is 1"
ONE_VALUE = "only one value occurs, so expected disagreement is 0"
FEWER_THAN_TWO_CATEGORIES = "fewer than two categories"
NO_SEGMENTS = "no coder marked a segment of this code"
ZERO_EXPECTED_DISAGREEMENT = "expected disagreement is 0"


# --------------------------------------------------------------------------------------------
# Reliability data as an index matrix
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Coded:
    """Reliability data with every value replaced by its index into ``values`` (-1: missing).

    Row r of ``codes`` stands for ``weights[r]`` units with the same values (one when
    ``weights`` is None). ``tally`` (clusters x rows, None without clusters) says how many of
    each row's units lie in each cluster, for the clustered bootstrap. ``made`` keeps what
    several coefficients derive from the same rows (the value counts, Gwet's parts), so that a
    report computing them all on one encoding derives each once.
    """

    codes: _IntArray  # rows x coders
    values: tuple[Hashable, ...]  # index -> value, in category order when one was asked for
    weights: _IntArray | None = None
    tally: _IntArray | None = None
    made: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def n_rows(self) -> int:
        return int(self.codes.shape[0])

    @property
    def n_coders(self) -> int:
        return int(self.codes.shape[1])

    @property
    def q(self) -> int:
        return len(self.values)

    def counts(self) -> _IntArray:
        """Rows x categories: how many coders gave each value to the units of each row."""
        if "counts" not in self.made:
            self.made["counts"] = self._counts()
        counts: _IntArray = self.made["counts"]
        return counts

    def _counts(self) -> _IntArray:
        n = self.n_rows
        # One spare column collects the missing values (-1 indexes it) and is dropped after;
        # a coder gives a unit at most one value, so fancy-index += never repeats an index.
        counts = np.zeros((n, self.q + 1), dtype=np.int64)
        rows = np.arange(n)
        for coder in range(self.n_coders):
            counts[rows, self.codes[:, coder]] += 1
        return counts[:, : self.q]

    def weights_of(self, rows: _BoolArray) -> _FloatArray | None:
        """The weights of the chosen rows as floats, or None when every row is one unit."""
        return None if self.weights is None else self.weights[rows].astype(np.float64)

    def columns(self, chosen: list[int]) -> _Coded:
        """The same rows with only the chosen coders' columns."""
        # No rows encode as 0 x 0 (there is no row to count the coders from): nothing to pick.
        codes = self.codes[:, chosen] if self.n_rows else self.codes
        return _Coded(codes, self.values, self.weights, self.tally)


def _mean(values: _FloatArray, weights: _FloatArray | None) -> Any:
    """The mean over rows (axis 0), each row counted as often as its weight says."""
    if weights is None:
        return np.mean(values, axis=0)
    return np.average(values, axis=0, weights=weights)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float | np.floating) and math.isnan(value))


@dataclass(frozen=True)
class _Grouped:
    """Weighted rows gathered by their values: each row once, with the number of units it
    stands for in all (``weights``) and in each cluster (``tally``, clusters x rows, clusters
    in the order of their numbers; None without clusters).
    """

    rows: list[Sequence[Hashable | None]]
    weights: _IntArray
    tally: _IntArray | None


def _distinct(rows: list[Any]) -> tuple[list[Any], _IntArray] | None:
    """The distinct rows in order of first appearance, and which of them each row is; None
    when rows cannot be told apart by hashing (rows that are lists).

    The order of first appearance means that the values are met in the same order as row by
    row, so encoding the distinct rows indexes the values as encoding every row would.
    """
    try:
        position: dict[Any, Any] = dict.fromkeys(rows)
    except TypeError:
        return None
    for index, row in enumerate(position):
        position[row] = index
    inverse = np.fromiter(map(position.__getitem__, rows), dtype=np.int64, count=len(rows))
    return list(position), inverse


def _group(
    rows: list[Sequence[Hashable | None]], weights: _IntArray | None, clusters: _IntArray | None
) -> _Grouped:
    found = _distinct(rows)
    if found is None:  # rows that are lists: as tuples
        found = _distinct([tuple(row) for row in rows])
    if found is None:
        raise TypeError("reliability data needs hashable values")
    distinct, inverse = found
    n = len(distinct)
    units = None if weights is None else weights.astype(np.float64)
    # Sums of integer weights are exact in floating point far beyond any table's size.
    totals = np.rint(np.bincount(inverse, units, minlength=n)).astype(np.int64)
    tally = None
    if clusters is not None:
        _, cluster_of = np.unique(clusters, return_inverse=True)
        cells = cluster_of.reshape(-1) * n + inverse
        width = int(cluster_of.max()) + 1 if len(cluster_of) else 0
        counted = np.bincount(cells, units, minlength=width * n)
        tally = np.rint(counted).astype(np.int64).reshape(width, n)
    return _Grouped(distinct, totals, tally)


class SharedRows(list[Sequence[Hashable | None]]):
    """Reliability data that several coefficients will read, encoded once for all of them.

    Every coefficient turns its rows into an index matrix first; on 250,000 units that costs
    more than the coefficient itself. A report computing eight coefficients of one table wraps
    the rows in `SharedRows`, and each encoding (per categories and order) is made once. The
    rows must not change after the first coefficient has read them.

    ``weights`` (positive integers, one per row) make each row stand for that many units with
    the same values: a run of characters with the same coding is one row, and every coefficient
    gives what it gives on the units one by one. ``clusters`` (non-negative integers, one per
    row) say which cluster (an article) each row's units lie in; with them the bootstrap
    resamples whole clusters instead of units (see :func:`bootstrap_alpha`). With either, equal
    rows are gathered once, so the coefficients cost as much as the distinct rows, not the
    units (code presence has at most 3^coders distinct rows).
    """

    def __init__(
        self,
        rows: Iterable[Sequence[Hashable | None]],
        weights: Sequence[int] | npt.NDArray[np.integer[Any]] | None = None,
        clusters: Sequence[int] | npt.NDArray[np.integer[Any]] | None = None,
    ) -> None:
        super().__init__(rows)
        self.weights = _per_row(weights, len(self), "weights", minimum=1)
        self.clusters = _per_row(clusters, len(self), "clusters", minimum=0)
        self.encodings: dict[tuple[tuple[Hashable, ...] | None, bool], _Coded] = {}
        self._grouped: _Grouped | None = None

    def grouped(self) -> _Grouped | None:
        """The rows gathered by value (made once), or None for rows that are one unit each and
        have no clusters.
        """
        if self._grouped is None and (self.weights is not None or self.clusters is not None):
            self._grouped = _group(self, self.weights, self.clusters)
        return self._grouped

    def pair(self, first: int, second: int) -> SharedRows:
        """Two coders' columns (for pairwise kappas), keeping the encodings made against given
        categories: their indices do not depend on which coders are present.
        """
        groups = self.grouped()
        if groups is None:
            picked = SharedRows(map(itemgetter(first, second), self))
        else:
            # The gathered rows stand for the units, in the same row order as their encodings.
            picked = SharedRows(map(itemgetter(first, second), groups.rows), groups.weights)
            picked._grouped = _Grouped(list(picked), groups.weights, groups.tally)
        for key, coded in self.encodings.items():
            if key[0] is not None:
                picked.encodings[key] = coded.columns([first, second])
        return picked


def _per_row(
    given: Sequence[int] | npt.NDArray[np.integer[Any]] | None, rows: int, name: str, minimum: int
) -> _IntArray | None:
    """One integer per row, at least ``minimum``, as an array (None stays None)."""
    if given is None:
        return None
    array = np.asarray(given)
    if array.shape != (rows,) or (rows and not np.issubdtype(array.dtype, np.integer)):
        raise ValueError(f"{name} need one integer per row")
    if rows and int(array.min()) < minimum:
        raise ValueError(f"{name} must be at least {minimum}")
    return array.astype(np.int64, copy=False)


def _encode(
    data: ReliabilityData, categories: Sequence[Hashable] | None = None, *, ordered: bool = False
) -> _Coded:
    """Turn reliability data into an index matrix, once, so that everything after is numpy.

    With ``categories`` the indices follow the codebook order and a value outside it is an error.
    Without, ``ordered`` sorts the observed values (for weights and ordinal metrics); otherwise
    they are indexed in order of first appearance. `SharedRows` keep each encoding; weighted or
    clustered ones encode their gathered rows, with the weights and the tally per cluster.
    """
    if not isinstance(data, SharedRows):
        return _encode_rows(data, categories, ordered=ordered)
    key = (None if categories is None else tuple(categories), ordered)
    if key not in data.encodings:
        groups = data.grouped()
        if groups is None:
            data.encodings[key] = _encode_rows(data, categories, ordered=ordered)
        else:
            coded = _encode_rows(groups.rows, categories, ordered=ordered)
            data.encodings[key] = _Coded(coded.codes, coded.values, groups.weights, groups.tally)
    return data.encodings[key]


def _encode_rows(
    data: ReliabilityData, categories: Sequence[Hashable] | None, *, ordered: bool
) -> _Coded:
    rows = data if isinstance(data, list) else list(data)
    n_rows = len(rows)
    if n_rows == 0:
        return _Coded(np.zeros((0, 0), dtype=np.int64), tuple(categories or ()))
    lengths = set(map(len, rows))
    if len(lengths) != 1:
        raise ValueError("every unit needs one value per coder (None where there is none)")
    n_coders = lengths.pop()
    flat = list(chain.from_iterable(rows))
    # dict.fromkeys deduplicates at C speed and keeps the order of first appearance.
    distinct = dict.fromkeys(flat)

    if categories is not None:
        values = tuple(categories)
        if any(_is_missing(c) for c in values):
            raise ValueError("categories cannot contain None or NaN")
        lookup: dict[Hashable, int] = {v: i for i, v in enumerate(values)}
        if len(lookup) != len(values):
            raise ValueError("categories contain duplicates")
        for value in distinct:
            if value not in lookup:
                if not _is_missing(value):
                    raise ValueError(f"value {value!r} is not among the categories")
                lookup[value] = -1
    else:
        observed = [v for v in distinct if not _is_missing(v)]
        if ordered:
            try:
                observed.sort()
            except TypeError as exc:
                raise ValueError(
                    "the values cannot be ordered; pass the ordered categories"
                ) from exc
        values = tuple(observed)
        lookup = {v: i for i, v in enumerate(values)}
        for value in distinct:
            if _is_missing(value):
                lookup[value] = -1
    # A list first, then one conversion: faster here than np.fromiter over the map.
    codes = np.array(list(map(lookup.__getitem__, flat)), dtype=np.int64)
    return _Coded(codes.reshape(n_rows, n_coders), values)


def pairable_units(data: ReliabilityData) -> int:
    """How many units have values from at least two coders: the units the coefficients use.

    Weighted rows (`SharedRows` with ``weights``) count as many units as their weight.
    """
    coded = _encode(data)
    if coded.n_rows == 0:
        return 0
    pairable = np.count_nonzero(coded.codes >= 0, axis=1) >= 2
    if coded.weights is None:
        return int(np.count_nonzero(pairable))
    return int(coded.weights[pairable].sum())


def _numeric(values: Sequence[Hashable], level: str) -> _FloatArray:
    """The values as numbers, for the interval and ratio metrics."""
    if not all(isinstance(v, numbers.Real) for v in values):
        raise ValueError(f"{level} alpha needs numeric values")
    numeric = np.array([float(v) for v in values], dtype=np.float64)  # type: ignore[arg-type]
    if level == "ratio" and (numeric < 0).any():
        raise ValueError("ratio alpha needs non-negative values")
    return numeric


# --------------------------------------------------------------------------------------------
# Gwet's framework: percent agreement, Fleiss' kappa, Brennan-Prediger, AC1
# --------------------------------------------------------------------------------------------


def _gwet_parts(coded: _Coded) -> tuple[float, _FloatArray] | str:
    """Percent agreement and category shares with missing data handled as in Gwet (2014).

    Returns the reason instead when no unit has two or more values.
    """
    if "gwet" not in coded.made:
        coded.made["gwet"] = _compute_gwet_parts(coded)
    parts: tuple[float, _FloatArray] | str = coded.made["gwet"]
    return parts


def _compute_gwet_parts(coded: _Coded) -> tuple[float, _FloatArray] | str:
    counts = coded.counts()
    r = counts.sum(axis=1)
    twice = r >= 2
    if not twice.any():
        return NO_UNIT_CODED_TWICE
    c2 = counts[twice].astype(np.float64)
    r2 = r[twice].astype(np.float64)
    pa = float(_mean((c2 * (c2 - 1)).sum(axis=1) / (r2 * (r2 - 1)), coded.weights_of(twice)))
    once = r >= 1
    shares = _mean(counts[once] / r[once, None], coded.weights_of(once))
    return pa, shares


def _chance_corrected(agreement: float, chance: float, reason: str) -> _Outcome:
    """(agreement - chance) / (1 - chance), undefined with ``reason`` when chance agreement is 1.

    Callers rule out the structural cases (a single category) first; this also catches the
    rounding that could leave chance agreement at 1 with two categories on huge data.
    """
    if chance >= 1.0:
        return math.nan, reason
    return (agreement - chance) / (1.0 - chance), None


def _check_coders(coded: _Coded) -> str | None:
    if coded.n_rows == 0:
        return NO_UNITS
    if coded.n_coders < 2:
        return FEWER_THAN_TWO_CODERS
    return None


def _percent_agreement(data: ReliabilityData) -> _Outcome:
    coded = _encode(data)
    if reason := _check_coders(coded):
        return math.nan, reason
    parts = _gwet_parts(coded)
    if isinstance(parts, str):
        return math.nan, parts
    return parts[0], None


def percent_agreement(data: ReliabilityData) -> float:
    """Percent agreement as defined by Gwet (2014).

    For each unit with two or more values: the share of agreeing pairs among all pairs of values
    in the unit, sum_k r_ik (r_ik - 1) / (r_i (r_i - 1)); then the mean over those units. Units
    with fewer than two values do not count. Undefined (nan) when no unit has two values.
    """
    return _percent_agreement(data)[0]


def _fleiss_kappa(data: ReliabilityData) -> _Outcome:
    coded = _encode(data)
    if reason := _check_coders(coded):
        return math.nan, reason
    parts = _gwet_parts(coded)
    if isinstance(parts, str):
        return math.nan, parts
    pa, shares = parts
    if np.count_nonzero(coded.counts().sum(axis=0)) < 2:
        return math.nan, ONE_CATEGORY
    pe = float(np.sum(shares**2))
    return _chance_corrected(pa, pe, ONE_CATEGORY)


def fleiss_kappa(data: ReliabilityData) -> float:
    """Fleiss' kappa (1971), a generalisation of Scott's pi to any number of coders.

    kappa = (pa - pe) / (1 - pe) with pa the percent agreement of :func:`percent_agreement` and
    pe = sum_k pi_k^2. With unequal numbers of coders per unit, Gwet's (2014) generalisation is
    used: pa is averaged over units coded at least twice, pi_k = mean over units coded at least
    once of r_ik / r_i. With complete data this is Fleiss' original formula. Undefined (nan) with
    fewer than two coders, no unit coded twice, or a single category (pe = 1).
    """
    return _fleiss_kappa(data)[0]


def _chance_corrected_q(
    data: ReliabilityData, categories: Sequence[Hashable] | None, kind: Literal["ac1", "bp"]
) -> _Outcome:
    coded = _encode(data, categories)
    if reason := _check_coders(coded):
        return math.nan, reason
    parts = _gwet_parts(coded)
    if isinstance(parts, str):
        return math.nan, parts
    pa, shares = parts
    q = coded.q  # the codebook's categories when given, else the distinct observed values
    if q < 2:
        return math.nan, FEWER_THAN_TWO_CATEGORIES
    pe = float(np.sum(shares * (1.0 - shares))) / (q - 1) if kind == "ac1" else 1.0 / q
    # With q >= 2 both chance terms are at most 1/q <= 1/2: never 1.
    return _chance_corrected(pa, pe, FEWER_THAN_TWO_CATEGORIES)


def gwet_ac1(data: ReliabilityData, categories: Sequence[Hashable] | None = None) -> float:
    """Gwet's AC1 (Gwet 2008; Handbook of Inter-Rater Reliability, 2014).

    AC1 = (pa - pe) / (1 - pe), pa as in :func:`percent_agreement`,
    pe = 1/(q - 1) * sum_k pi_k (1 - pi_k) with pi_k as in :func:`fleiss_kappa` (Gwet's handling
    of missing data). q is the number of ``categories`` when given (the codebook's, including
    categories nobody used), else the number of distinct observed values. Undefined (nan) when
    q < 2, with fewer than two coders, or when no unit was coded twice.
    """
    return _chance_corrected_q(data, categories, "ac1")[0]


def brennan_prediger(data: ReliabilityData, categories: Sequence[Hashable] | None = None) -> float:
    """Brennan and Prediger's (1981) coefficient, in Gwet's (2014) multi-coder form.

    (pa - 1/q) / (1 - 1/q), pa as in :func:`percent_agreement`. q is the number of
    ``categories`` when given, else the number of distinct observed values. Undefined (nan) when
    q < 2, with fewer than two coders, or when no unit was coded twice.
    """
    return _chance_corrected_q(data, categories, "bp")[0]


# --------------------------------------------------------------------------------------------
# Two coders: Cohen's kappa and Scott's pi
# --------------------------------------------------------------------------------------------


def _pair_table(coded: _Coded) -> _FloatArray | str:
    """Joint proportions of the two coders over units both coded (q x q), or the reason not."""
    if reason := _check_coders(coded):
        return reason
    if coded.n_coders > 2:
        raise ValueError("this coefficient is for exactly two coders; use Fleiss or alpha")
    first, second = coded.codes[:, 0], coded.codes[:, 1]
    both = (first >= 0) & (second >= 0)
    if not both.any():
        return NO_UNIT_CODED_BY_BOTH
    q = coded.q
    # Weighted rows add their weight to their cell; the sums stay exact integers.
    weights = coded.weights_of(both)
    table = np.bincount(first[both] * q + second[both], weights, minlength=q * q).reshape(q, q)
    n = float(table.sum())
    observed = (table.sum(axis=0) + table.sum(axis=1)) > 0
    if np.count_nonzero(observed) < 2:
        return ONE_CATEGORY
    return table / n


def _cohen_kappa(
    data: ReliabilityData, weights: Weights, categories: Sequence[Hashable] | None
) -> _Outcome:
    if weights not in (None, "linear", "quadratic"):
        raise ValueError(f"unknown weights {weights!r}")
    coded = _encode(data, categories, ordered=weights is not None)
    table = _pair_table(coded)
    if isinstance(table, str):
        return math.nan, table
    q = coded.q
    position = np.arange(q, dtype=np.float64)
    distance = np.abs(position[:, None] - position[None, :]) / (q - 1)
    if weights is None:
        agreement_weights = np.eye(q)
    elif weights == "linear":
        agreement_weights = 1.0 - distance
    else:
        agreement_weights = 1.0 - distance**2
    po = float(np.sum(agreement_weights * table))
    pe = float(np.sum(agreement_weights * np.outer(table.sum(axis=1), table.sum(axis=0))))
    return _chance_corrected(po, pe, ONE_CATEGORY)


def cohen_kappa(
    data: ReliabilityData,
    weights: Weights = None,
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Cohen's kappa (1960) for two coders; weighted kappa (Cohen 1968) on request.

    Units where either coder gave no value are dropped. kappa = (po - pe) / (1 - pe) with
    pe = sum_ij w_ij p_i. p_.j from each coder's own marginals. Unweighted: w = identity.
    Weighted, on the positions i, j = 0..q-1 of the ordered categories (equal spacing assumed):
    linear w_ij = 1 - |i - j| / (q - 1), quadratic w_ij = 1 - (i - j)^2 / (q - 1)^2. The order
    comes from ``categories`` when given, else from the sorted observed values (of the whole
    data, including units dropped for a missing value). Raises ValueError for more than two
    coders. Undefined (nan) with fewer than two coders, no unit coded by both, or a single
    category (pe = 1).
    """
    return _cohen_kappa(data, weights, categories)[0]


def _scott_pi(data: ReliabilityData) -> _Outcome:
    table = _pair_table(_encode(data))
    if isinstance(table, str):
        return math.nan, table
    po = float(np.trace(table))
    pooled = (table.sum(axis=0) + table.sum(axis=1)) / 2.0
    pe = float(np.sum(pooled**2))
    return _chance_corrected(po, pe, ONE_CATEGORY)


def scott_pi(data: ReliabilityData) -> float:
    """Scott's pi (1955) for two coders: chance agreement from the pooled marginals.

    Units where either coder gave no value are dropped. pi = (po - pe) / (1 - pe),
    pe = sum_k ((p_k. + p_.k) / 2)^2. Raises ValueError for more than two coders. Undefined (nan)
    with fewer than two coders, no unit coded by both, or a single category (pe = 1).
    """
    return _scott_pi(data)[0]


# --------------------------------------------------------------------------------------------
# Krippendorff's alpha
# --------------------------------------------------------------------------------------------


def _coincidences(coded: _Coded) -> _FloatArray:
    """The coincidence matrix o_ck = sum_u n_uc (n_uk - [c == k]) / (m_u - 1), pairable units.

    Made once per encoding (alpha and KALPHA's bootstrap read the same one); never mutated.
    """
    if "coincidences" not in coded.made:
        coded.made["coincidences"] = _compute_coincidences(coded)
    coincidences: _FloatArray = coded.made["coincidences"]
    return coincidences


def _compute_coincidences(coded: _Coded) -> _FloatArray:
    counts = coded.counts()
    m = counts.sum(axis=1)
    q = counts.shape[1]
    coincidences = np.zeros((q, q), dtype=np.float64)
    # Grouping units by m_u keeps every sum an exact integer until the one division (weights
    # are integers too).
    sizes = np.flatnonzero(np.bincount(m)) if m.size else np.zeros(0, dtype=np.int64)
    for pairable in sizes[sizes >= 2]:
        rows = m == pairable
        group = counts[rows].astype(np.float64)
        weights = coded.weights_of(rows)
        weighted = group if weights is None else group * weights[:, None]
        products = group.T @ weighted
        products[np.diag_indices(q)] -= weighted.sum(axis=0)
        coincidences += products / (pairable - 1)
    return coincidences


def _ordinal_delta(marginals: _FloatArray) -> _FloatArray:
    """Krippendorff's ordinal metric from the marginal frequencies n_g of the ranked values.

    delta^2_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2, written with cumulative sums S as
    (S_k - S_c + (n_c - n_k)/2)^2 so that it also works on a stack of marginals (bootstrap).
    """
    cumulative = np.cumsum(marginals, axis=-1)
    difference = (
        cumulative[..., None, :]
        - cumulative[..., :, None]
        + (marginals[..., :, None] - marginals[..., None, :]) / 2.0
    )
    return np.asarray(difference**2, dtype=np.float64)


def _fixed_delta(level: str, values: Sequence[Hashable]) -> _FloatArray:
    """The metric differences that do not depend on the data's frequencies."""
    q = len(values)
    if level == "nominal":
        return 1.0 - np.eye(q)
    numeric = _numeric(values, level)
    difference = numeric[:, None] - numeric[None, :]
    if level == "interval":
        return np.asarray(difference**2, dtype=np.float64)
    total = numeric[:, None] + numeric[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(total > 0, difference / np.where(total > 0, total, 1.0), 0.0)
    return np.asarray(ratio**2, dtype=np.float64)


def _alpha_from_coincidences(
    coincidences: _FloatArray, level: str, values: Sequence[Hashable]
) -> _Outcome:
    """Alpha = 1 - (n - 1) sum o_ck delta_ck / sum n_c n_k delta_ck (Krippendorff 2011)."""
    marginals = coincidences.sum(axis=1)
    n = float(marginals.sum())
    delta = _ordinal_delta(marginals) if level == "ordinal" else _fixed_delta(level, values)
    observed = float(np.sum(coincidences * delta))
    expected = float(marginals @ delta @ marginals)
    if expected <= 0.0:
        # Two distinct values whose metric difference underflows to 0 (say 1e-200 and 2e-200
        # on the interval scale): no expected disagreement to divide by.
        return math.nan, ZERO_EXPECTED_DISAGREEMENT
    return 1.0 - (n - 1.0) * observed / expected, None


def _check_level(level: str) -> None:
    if level not in _LEVELS:
        raise ValueError(f"unknown level {level!r}; use one of {', '.join(_LEVELS)}")


def _krippendorff_alpha(
    data: ReliabilityData, level: str, categories: Sequence[Hashable] | None
) -> _Outcome:
    _check_level(level)
    return _alpha_outcome(_encode(data, categories, ordered=level == "ordinal"), level)


def _alpha_outcome(coded: _Coded, level: str) -> _Outcome:
    if reason := _check_coders(coded):
        return math.nan, reason
    coincidences = _coincidences(coded)
    marginals = coincidences.sum(axis=1)
    if marginals.sum() < 2:
        return math.nan, FEWER_THAN_TWO_PAIRABLE
    if np.count_nonzero(marginals) < 2:
        return math.nan, ONE_VALUE
    return _alpha_from_coincidences(coincidences, level, coded.values)


def krippendorff_alpha(
    data: ReliabilityData,
    level: Level = "nominal",
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Krippendorff's alpha in the coincidence-matrix form of Krippendorff (2011).

    Units with fewer than two values are dropped (their values are not pairable). With the
    coincidences o_ck, their marginals n_c and n = sum n_c:
    alpha = 1 - D_o / D_e = 1 - (n - 1) sum_ck o_ck delta^2_ck / sum_ck n_c n_k delta^2_ck.
    Metrics: nominal delta^2 = [c != k]; interval (c - k)^2; ratio ((c - k) / (c + k))^2 (needs
    non-negative numbers); ordinal from the marginal frequencies n_g of the ranked values,
    delta^2_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2, not from the ranks themselves. The ranking
    is the order of ``categories`` when given, else the sorted observed values. Undefined (nan)
    with fewer than two pairable values or when only one value occurs (D_e = 0).
    """
    return _krippendorff_alpha(data, level, categories)[0]


# --------------------------------------------------------------------------------------------
# Bootstrap for alpha
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BootstrapResult:
    """Alpha with its bootstrap interval and the chance that it falls below the usual bars.

    ``draws`` is the number of resamples that gave a defined alpha (a resample that happens to
    contain a single value has none); the interval and probabilities are over those.
    """

    alpha: float
    low: float
    high: float
    p_below_800: float
    p_below_667: float
    draws: int


# How many numbers one batch of bootstrap draws may hold in memory at once (about 32 MB).
_BOOTSTRAP_CELLS = 4_000_000


def _bootstrap_alphas(
    pattern_coincidences: _FloatArray,
    weights: _FloatArray,
    level: str,
    values: Sequence[Hashable],
) -> _FloatArray:
    """Alpha for each row of ``weights`` (how often each unit pattern occurs in a resample).

    ``pattern_coincidences`` is patterns x q x q, each pattern's own coincidence matrix; nan
    marks a resample whose alpha is undefined.
    """
    q = pattern_coincidences.shape[1]
    coincidences = (weights @ pattern_coincidences.reshape(-1, q * q)).reshape(-1, q, q)
    marginals = coincidences.sum(axis=2)
    n = marginals.sum(axis=1)
    if level == "ordinal":
        delta = _ordinal_delta(marginals)
        observed = np.einsum("dck,dck->d", coincidences, delta)
        expected = np.einsum("dc,dck,dk->d", marginals, delta, marginals)
    else:
        fixed = _fixed_delta(level, values)
        observed = np.einsum("dck,ck->d", coincidences, fixed)
        expected = np.einsum("dc,ck,dk->d", marginals, fixed, marginals)
    defined = (np.count_nonzero(marginals, axis=1) >= 2) & (expected > 0)
    safe = np.where(defined, expected, 1.0)
    return np.where(defined, 1.0 - (n - 1.0) * observed / safe, np.nan)


@dataclass(frozen=True)
class _SparsePatterns:
    """Unit patterns for a fixed metric, kept as their non-zero cells only.

    A pattern holds at most one value per coder, so it has at most as many non-zero cells as
    there are coders, whatever q is. ``cell_rows``/``cell_counts`` are the cells ordered by
    value, ``starts`` where each used value's run begins (for np.add.reduceat); ``observed`` is
    each pattern's own observed disagreement, ``sizes`` its number of values.
    """

    cell_rows: _IntArray
    cell_counts: _FloatArray
    starts: _IntArray
    used: _IntArray
    observed: _FloatArray
    sizes: _FloatArray

    @classmethod
    def of(cls, patterns: _IntArray, delta: _FloatArray) -> _SparsePatterns:
        """From dense patterns (patterns x q value counts)."""
        rows, columns = np.nonzero(patterns)  # row-major: each pattern's cells are together
        counts = patterns[rows, columns].astype(np.float64)
        return cls.from_cells(rows, columns, counts, len(patterns), delta)

    @classmethod
    def from_codes(cls, codes: _IntArray, delta: _FloatArray) -> tuple[_SparsePatterns, _IntArray]:
        """The patterns of the rows of an index matrix (pairable rows only), and which pattern
        each row has.

        Never builds a units x q matrix: a unit's pattern is the multiset of its values, so the
        sorted row of its value indices names it.
        """
        q = delta.shape[0]
        distinct, inverse = np.unique(np.sort(codes, axis=1), axis=0, return_inverse=True)
        rows, slots = np.nonzero(distinct >= 0)
        # Two coders who gave a unit the same value make one cell with count 2.
        cells, counts = np.unique(rows * q + distinct[rows, slots], return_counts=True)
        sparse = cls.from_cells(
            cells // q, cells % q, counts.astype(np.float64), len(distinct), delta
        )
        return sparse, inverse.reshape(-1)

    @classmethod
    def from_cells(
        cls,
        rows: _IntArray,
        columns: _IntArray,
        counts: _FloatArray,
        n_patterns: int,
        delta: _FloatArray,
    ) -> _SparsePatterns:
        """From the non-zero cells (pattern, value index, count), ordered by pattern."""
        per_row = np.bincount(rows, minlength=n_patterns)
        row_start = np.cumsum(per_row) - per_row
        # Every ordered pair of cells (i, j) within a pattern, i == j included (delta_cc = 0).
        repeats = per_row[rows]
        first = np.repeat(np.arange(len(rows)), repeats)
        offsets = np.cumsum(repeats) - repeats
        second = row_start[rows][first] + np.arange(int(repeats.sum())) - offsets[first]
        pair_disagreement = counts[first] * counts[second] * delta[columns[first], columns[second]]
        sizes = np.bincount(rows, weights=counts, minlength=n_patterns).astype(np.float64)
        # sum_ck o_ck delta_ck of one pattern = n^T delta n / (m - 1), since delta_cc = 0.
        observed = np.bincount(rows[first], weights=pair_disagreement, minlength=n_patterns)
        order = np.argsort(columns, kind="stable")
        used, starts = np.unique(columns[order], return_index=True)
        return cls(rows[order], counts[order], starts, used, observed / (sizes - 1.0), sizes)


def _bootstrap_alphas_fixed(
    patterns: _SparsePatterns, weights: _FloatArray, delta: _FloatArray
) -> _FloatArray:
    """Alpha for each row of ``weights`` under a metric fixed in advance (nominal, interval, ratio).

    The same alpha as :func:`_bootstrap_alphas`, without a q x q coincidence matrix per
    pattern: a resample's observed disagreement is the weighted sum of its patterns' own, and
    its coincidence marginals the weighted sum of its patterns' value counts. ``delta`` is the
    metric on the used values only. Nan marks a resample whose alpha is undefined.
    """
    marginals = np.add.reduceat(
        weights[:, patterns.cell_rows] * patterns.cell_counts, patterns.starts, axis=1
    )
    n = weights @ patterns.sizes
    observed = weights @ patterns.observed
    expected = np.einsum("dc,dc->d", marginals @ delta, marginals)
    defined = (np.count_nonzero(marginals, axis=1) >= 2) & (expected > 0)
    safe = np.where(defined, expected, 1.0)
    return np.where(defined, 1.0 - (n - 1.0) * observed / safe, np.nan)


def _unit_patterns(counts: _IntArray, n_coders: int) -> tuple[_IntArray, _IntArray]:
    """The distinct rows of ``counts``, and which of them each row is."""
    base = n_coders + 1
    if counts.shape[1] * math.log2(base) < 62:
        # Each row read as a number in base (coders + 1) is a unique key: a 1-D unique is far
        # faster than np.unique(axis=0), which sorts rows lexicographically.
        keys = counts @ (base ** np.arange(counts.shape[1], dtype=np.int64))
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        return counts[first], inverse.reshape(-1)
    patterns, inverse = np.unique(counts, axis=0, return_inverse=True)
    return patterns, inverse.reshape(-1)


def _tally(inverse: _IntArray, n_patterns: int, weights: _FloatArray | None) -> _IntArray:
    """How many units have each pattern (a weighted row counts its weight)."""
    if weights is None:
        return np.bincount(inverse, minlength=n_patterns)
    # Sums of integer weights are exact in floating point far beyond any table's size.
    return np.rint(np.bincount(inverse, weights, minlength=n_patterns)).astype(np.int64)


# How many cluster counts ClusterDraws keeps from one table to the next (8 bytes each: 128 MB).
_KEPT_CLUSTER_CELLS = 16_000_000


def _cluster_counts(n_clusters: int, draws: int, seed: int | None) -> Iterator[_FloatArray]:
    """Draws x clusters, in batches: how often each draw picked each cluster.

    Each draw picks ``n_clusters`` clusters at random with replacement. The counts depend on
    nothing but the number of clusters, the draws and the seed.
    """
    rng = np.random.default_rng(seed)
    batch = max(1, _BOOTSTRAP_CELLS // n_clusters)
    for start in range(0, draws, batch):
        size = min(batch, draws - start)
        picks = rng.integers(0, n_clusters, size=(size, n_clusters))
        # One bincount for the whole batch: draw d's picks are shifted to d * n_clusters.
        picks += np.arange(size, dtype=np.int64)[:, None] * n_clusters
        counts = np.bincount(picks.ravel(), minlength=size * n_clusters)
        yield counts.reshape(size, n_clusters).astype(np.float64)


class ClusterDraws:
    """The cluster resamples of a report's bootstraps, drawn once and shared by its tables.

    A clustered bootstrap (:func:`bootstrap_alpha` on `SharedRows` with clusters) draws its
    resamples from the number of clusters, the number of draws and the seed alone, so every
    table of a report with as many clusters (each code at a character, sentence or paragraph
    unit) draws the very same resamples. Keeping them saves drawing them again for each table
    and changes no number.
    One set is kept, up to 16 million counts (128 MB); a larger one, or one without a seed,
    is drawn afresh each time.
    """

    def __init__(self) -> None:
        self._key: tuple[int, int, int] | None = None
        self._batches: list[_FloatArray] = []

    def batches(self, n_clusters: int, draws: int, seed: int | None) -> Iterable[_FloatArray]:
        """The draws x clusters counts, in batches, as `_cluster_counts` draws them."""
        if seed is None or n_clusters * draws > _KEPT_CLUSTER_CELLS:
            return _cluster_counts(n_clusters, draws, seed)
        key = (n_clusters, draws, seed)
        if key != self._key:
            self._batches = list(_cluster_counts(n_clusters, draws, seed))
            self._key = key
        return self._batches


def bootstrap_alpha(
    data: ReliabilityData,
    level: Level = "nominal",
    draws: int = 1000,
    seed: int | None = None,
    *,
    confidence: float = 0.95,
    categories: Sequence[Hashable] | None = None,
    cluster_draws: ClusterDraws | None = None,
) -> BootstrapResult:
    """Krippendorff's alpha with a percentile bootstrap interval over units, or over clusters.

    Hayes and Krippendorff (2007) report alpha with a bootstrap interval and the probability q
    that alpha falls below a required minimum (.800, .667). This function uses the simpler,
    standard resampling of units (Efron): each draw picks as many pairable units as the data
    has, with replacement, and recomputes alpha from scratch, D_e included. It does NOT replay
    the KALPHA macro, which resamples pairs of values from the coincidence matrix with D_e held
    fixed and keeps the number of pairs constant (Gwet, 2015, finds its standard errors too
    small), so the numbers differ from the macro's. Only pairable units (two or more values)
    are resampled, since the others do not enter alpha. Units with the same value counts are
    interchangeable, so a draw is a multinomial over the distinct count patterns: identical in
    distribution to drawing units (and, for weighted `SharedRows`, identical to the draws on
    the units one by one).

    Clustered (`SharedRows` with ``clusters``): units that nest in clusters (characters or
    sentences in articles) are not independent, and resampling them one by one gives intervals
    far too narrow. Each draw then picks as many clusters as have pairable units, with replacement,
    each bringing all its pairable units (its count of each pattern), and recomputes alpha from
    scratch; the number of units varies from draw to draw. ``cluster_draws`` lets the tables of
    one report share these resamples (see `ClusterDraws`); the numbers are the same without it.

    ``low``/``high`` are the (1 - confidence)/2 and (1 + confidence)/2 quantiles of the defined
    bootstrap alphas; ``p_below_800``/``p_below_667`` the shares of them below .800 and .667.
    Deterministic for a given ``seed``. When alpha itself is undefined every field is nan and
    ``draws`` is 0.
    """
    _check_level(level)
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must lie strictly between 0 and 1")
    coded = _encode(data, categories, ordered=level == "ordinal")
    result, sample = _bootstrap_alpha_sample(coded, level, draws, seed, cluster_draws)
    if math.isnan(result.alpha) or sample.size == 0:
        return result
    sample = sample[~np.isnan(sample)]
    if sample.size == 0:
        return result
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(sample, [tail, 1.0 - tail])
    return BootstrapResult(
        alpha=result.alpha,
        low=float(low),
        high=float(high),
        p_below_800=float(np.mean(sample < 0.800)),
        p_below_667=float(np.mean(sample < 0.667)),
        draws=int(sample.size),
    )


def _bootstrap_alpha_sample(
    coded: _Coded,
    level: str,
    draws: int,
    seed: int | None,
    cluster_draws: ClusterDraws | None,
    others: dict[str, list[_FloatArray]] | None = None,
    two: bool = False,
) -> tuple[BootstrapResult, _FloatArray]:
    """Alpha (interval fields nan) and its replicates, nan where a draw's alpha is undefined.

    With ``others`` (clustered data only), the replicates of the other coefficients on the
    same draws of clusters are appended to it, by name (see `_row_replicates`).
    """
    alpha, reason = _alpha_outcome(coded, level)
    nothing = np.zeros(0, dtype=np.float64)
    if reason is not None:
        return BootstrapResult(math.nan, math.nan, math.nan, math.nan, math.nan, 0), nothing
    replicate: Callable[[_FloatArray], _FloatArray]
    pairable = np.count_nonzero(coded.codes >= 0, axis=1) >= 2
    # Value counts per unit fit a 62-bit key (and a units x q matrix stays small): the patterns
    # come from the count rows, in the order earlier versions drew them, so seeds keep their
    # numbers. Otherwise (many distinct values) only a fixed metric can do without the matrix.
    few_values = coded.q * math.log2(coded.n_coders + 1) < 62
    if level == "ordinal" or few_values:
        patterns, inverse = _unit_patterns(coded.counts()[pairable], coded.n_coders)
    if level == "ordinal":
        # The ordinal metric depends on each resample's marginals, so every pattern keeps its
        # own coincidences: n_c (n_k - [c == k]) / (m - 1), patterns x q x q.
        as_float = patterns.astype(np.float64)
        pattern_coincidences = as_float[:, :, None] * as_float[:, None, :]
        pattern_coincidences -= as_float[:, :, None] * np.eye(coded.q)[None, :, :]
        pattern_coincidences /= (as_float.sum(axis=1) - 1.0)[:, None, None]
        n_patterns = len(patterns)
        # Per draw, memory goes to one weight per pattern and one q x q coincidence matrix.
        per_draw = max(n_patterns, coded.q * coded.q)

        def replicate(weights: _FloatArray) -> _FloatArray:
            return _bootstrap_alphas(pattern_coincidences, weights, level, coded.values)

    else:
        # A fixed metric needs no per-pattern q x q matrix (which ran out of memory on interval
        # data with many distinct values, such as dates): see _bootstrap_alphas_fixed.
        fixed = _fixed_delta(level, coded.values)
        if few_values:
            sparse = _SparsePatterns.of(patterns, fixed)
        else:
            sparse, inverse = _SparsePatterns.from_codes(coded.codes[pairable], fixed)
        used_delta = np.ascontiguousarray(fixed[np.ix_(sparse.used, sparse.used)])
        n_patterns = len(sparse.sizes)
        per_draw = max(n_patterns + len(sparse.cell_rows), 2 * len(sparse.used))

        def replicate(weights: _FloatArray) -> _FloatArray:
            return _bootstrap_alphas_fixed(sparse, weights, used_delta)

    unit_weights = coded.weights_of(pairable)
    # Drawing in chunks does not change the random stream, only the memory held at once.
    chunk = max(1, _BOOTSTRAP_CELLS // per_draw)
    alphas: list[_FloatArray] = []
    if coded.tally is None:
        frequencies = _tally(inverse, n_patterns, unit_weights)
        n_units = int(frequencies.sum())
        rng = np.random.default_rng(seed)
        for start in range(0, draws, chunk):
            size = min(chunk, draws - start)
            weights = rng.multinomial(n_units, frequencies / n_units, size=size)
            alphas.append(replicate(weights.astype(np.float64)))
    else:
        # Clusters x rows: how many units of each row each cluster holds; a cluster without
        # pairable units is not resampled (it would bring nothing to alpha).
        kept = coded.tally[coded.tally[:, pairable].sum(axis=1) > 0].astype(np.float64)
        n_clusters = len(kept)
        # Rows x patterns: which pattern each pairable row has (other rows: none).
        to_pattern = np.zeros((coded.n_rows, n_patterns))
        to_pattern[np.flatnonzero(pairable), inverse] = 1.0
        source = (cluster_draws or ClusterDraws()).batches(n_clusters, draws, seed)
        for batch in source:
            for start in range(0, len(batch), chunk):
                # A draw's units of each row: the sum over the clusters it picked; one product
                # serves alpha and every other coefficient (sums of integers, exact).
                rows = batch[start : start + chunk] @ kept
                alphas.append(replicate(rows @ to_pattern))
                if others is not None:
                    for name, values in _row_replicates(coded, rows, two).items():
                        others[name].append(values)
    sample = np.concatenate(alphas)
    return BootstrapResult(alpha, math.nan, math.nan, math.nan, math.nan, 0), sample


# --------------------------------------------------------------------------------------------
# KALPHA's bootstrap (Hayes and Krippendorff 2007)
# --------------------------------------------------------------------------------------------

BootstrapMethod: TypeAlias = Literal["clustered", "kalpha"]
"""How alpha's interval is drawn: ``clustered`` resamples units, or whole articles when the units
nest in them (:func:`bootstrap_alpha`); ``kalpha`` replays KALPHA (:func:`kalpha_bootstrap`)."""

# KALPHA draws at most this many pairs per non-empty cell of the coincidence matrix.
_KALPHA_PAIRS_PER_CELL = 25


@dataclass(frozen=True)
class KalphaBootstrap:
    """KALPHA's bootstrap of alpha: the interval and probabilities in ``alpha`` (``draws`` there
    counts every draw: KALPHA gives each one a value), the number of value pairs each draw took
    (``pairs``), how many draws without disagreement were set to 0 (``zeroed``), q, the share
    of draws below ``minimum``, and the draws' alphas in the order drawn (``sample``, what the
    macro saves as alpboot.sav; empty when alpha is undefined).
    """

    alpha: BootstrapResult
    pairs: int
    zeroed: int
    minimum: float
    p_below_minimum: float
    sample: _FloatArray = field(repr=False, compare=False)


def _kalpha_pairs(nonzero_cells: int, n_coders: int, n_values: int) -> int:
    """KALPHA's number of pairs per draw: min(25 x the non-empty cells o_ck of the whole
    matrix, (m - 1) n.. / 2), m the number of coders and n.. the pairable values.

    The second bound is the number of pairs in the data when every unit has all m values;
    the first is Krippendorff's "practical limit", which for a code's presence (at most 4
    cells) caps a draw at 100 pairs however many units there are.
    """
    return max(1, min(_KALPHA_PAIRS_PER_CELL * nonzero_cells, (n_coders - 1) * n_values // 2))


def _order_statistic_interval(sorted_sample: _FloatArray, confidence: float) -> tuple[float, float]:
    """The interval as KALPHA reads it off the sorted draws (1-based positions): the
    trunc(tail x X)-th (at least the first) and the (trunc((1 - tail) x X) + 1)-th (at most the
    last); no interpolation between draws.
    """
    count = len(sorted_sample)
    tail = (1.0 - confidence) / 2.0
    # Rounded first: (1 - .025) x 1000 is 974.999... in binary floating point.
    low = max(math.floor(round(tail * count, 9)), 1)
    high = min(math.floor(round((1.0 - tail) * count, 9)) + 1, count)
    return float(sorted_sample[low - 1]), float(sorted_sample[high - 1])


def _kalpha_disagreements(
    probabilities: _FloatArray,
    cell_delta: _FloatArray,
    pairs: int,
    draws: int,
    rng: np.random.Generator,
) -> _FloatArray:
    """Each draw's summed metric difference over ``pairs`` cells drawn with replacement.

    A draw's alpha depends on nothing but that sum, so cells with the same difference are
    drawn as one (their probabilities added): the same distribution of sums, and a
    multinomial over a few differences instead of thousands of cells (two for nominal data;
    dates a few days apart have few distinct squared differences).
    """
    differences, group = np.unique(cell_delta, return_inverse=True)
    totals = np.bincount(group.reshape(-1), weights=probabilities, minlength=len(differences))
    grouped = totals.astype(np.float64) / float(totals.sum())
    sums: list[_FloatArray] = []
    chunk = max(1, _BOOTSTRAP_CELLS // len(differences))
    for start in range(0, draws, chunk):
        size = min(chunk, draws - start)
        counts = rng.multinomial(pairs, grouped, size=size).astype(np.float64)
        sums.append(counts @ differences)
    return np.concatenate(sums)


def _kalpha_from_coded(
    coded: _Coded,
    level: str,
    draws: int,
    seed: int | None,
    confidence: float,
    minimum: float,
) -> KalphaBootstrap:
    """:func:`kalpha_bootstrap` on data already encoded (sharing its coincidence matrix)."""
    nothing = BootstrapResult(math.nan, math.nan, math.nan, math.nan, math.nan, 0)
    alpha, reason = _alpha_outcome(coded, level)
    if reason is not None:
        return KalphaBootstrap(nothing, 0, 0, minimum, math.nan, np.zeros(0))
    coincidences = _coincidences(coded)
    marginals = coincidences.sum(axis=1)
    n = float(marginals.sum())
    delta = _ordinal_delta(marginals) if level == "ordinal" else _fixed_delta(level, coded.values)
    # D_e as a disagreement per pair of values, held fixed in every draw.
    expected = float(marginals @ delta @ marginals) / (n * (n - 1.0))
    # The unordered cells {c, k}: a pair c-k (c != k) fills o_ck and o_kc, so it is drawn with
    # probability 2 o_ck / n.., a pair c-c with o_cc / n... The coincidences already count each
    # pair of a unit's values 1 / (m_u - 1) times, so a pair from a unit that more coders coded
    # is drawn less often: KALPHA's weighting by the number of coders of a unit.
    first, second = np.triu_indices(coded.q)
    weights = np.where(first == second, 1.0, 2.0) * coincidences[first, second] / n
    used = weights > 0
    probabilities = weights[used] / weights[used].sum()
    cell_delta = np.ascontiguousarray(delta[first[used], second[used]])
    pairs = _kalpha_pairs(int(np.count_nonzero(coincidences > 0)), coded.n_coders, round(n))
    rng = np.random.default_rng(seed)
    disagreement = _kalpha_disagreements(probabilities, cell_delta, pairs, draws, rng)
    # 1 - D_o* / D_e with D_o* the mean difference of the drawn pairs; below -1 counts as -1.
    sample = np.maximum(1.0 - disagreement / (pairs * expected), -1.0)
    # A draw without disagreement has alpha 1, but one whose pairs all hold the same value
    # has no variation: alpha 1 - 0/0, which KALPHA counts as 0. With a single value on the
    # diagonal every such draw is of that value; with several, only the expected number of
    # single-value draws, X sum_c (o_cc / n..)^M, is set to 0 (never more than there are).
    agreeing = np.flatnonzero(disagreement == 0.0)
    diagonal = np.diag(coincidences) / n
    if np.count_nonzero(diagonal) == 1:
        zeroed = len(agreeing)
    else:
        zeroed = min(len(agreeing), round(draws * float(np.sum(diagonal**pairs))))
    sample[agreeing[:zeroed]] = 0.0
    ordered = np.sort(sample)
    low, high = _order_statistic_interval(ordered, confidence)
    result = BootstrapResult(
        alpha=alpha,
        low=low,
        high=high,
        p_below_800=float(np.mean(sample < 0.800)),
        p_below_667=float(np.mean(sample < 0.667)),
        draws=draws,
    )
    below = float(np.mean(sample < minimum))
    return KalphaBootstrap(result, pairs, zeroed, minimum, below, sample)


def kalpha_bootstrap(
    data: ReliabilityData,
    level: Level = "nominal",
    draws: int = 1000,
    seed: int | None = None,
    *,
    confidence: float = 0.95,
    categories: Sequence[Hashable] | None = None,
    minimum: float = 0.800,
) -> KalphaBootstrap:
    """Alpha's bootstrap distribution as KALPHA draws it (Hayes and Krippendorff 2007).

    Krippendorff's algorithm, as his "Algorithm for bootstrapping a distribution of alpha"
    (revised 2011) and Hayes' KALPHA macro (3.0) run it, resamples pairs of values, not units:

    1. From the observed coincidences o_ck (each pair of a unit's values counted
       1 / (m_u - 1) times) and their n.. pairable values, each unordered pair of values c-k is
       drawn with probability o_ck / n.. (c == k) or 2 o_ck / n.. (c != k).
    2. Each draw takes M pairs with replacement, M = min(25 x the non-empty cells of the
       coincidence matrix, (m - 1) n.. / 2), m the number of coders.
    3. The draw's alpha is 1 - (sum of the M pairs' metric differences) / (M D_e), with D_e the
       data's expected disagreement per pair, held fixed (not recomputed per draw); below -1
       it counts as -1. Its mean over draws is the data's alpha.
    4. A draw without disagreement (alpha 1) whose pairs may all hold one value has no
       variation: when only one value has pairs on the diagonal every such draw becomes 0;
       otherwise the expected number of single-value draws, round(X sum_c (o_cc / n..)^M), of
       them does (KALPHA 3.0 raises to the number of pairs in the data instead of M; here M,
       the pairs a draw actually takes).
    5. The interval is read off the sorted X draws at positions trunc(tail X) and
       trunc((1 - tail) X) + 1, as KALPHA does; q = P(alpha < alpha_min) is the share of the X
       draws below ``minimum``, and P(alpha < .800), P(alpha < .667) likewise.

    Units and clusters play no part: every pair counts as independent of every other, and the
    width follows M, not the number of units or articles (a code's presence draws 100 pairs
    from 40 articles or from 10,000), so on units that nest in articles (sentences,
    characters) it says little about the data's uncertainty. Gwet (2015) finds KALPHA's
    standard errors too small even on independent units.
    Deterministic for a given ``seed``. Undefined alpha: every field nan, no draws.
    """
    _check_level(level)
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must lie strictly between 0 and 1")
    coded = _encode(data, categories, ordered=level == "ordinal")
    return _kalpha_from_coded(coded, level, draws, seed, confidence, minimum)


# --------------------------------------------------------------------------------------------
# Unitizing alpha (Krippendorff 2004)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sections:
    """One coder's continuum for one code, cut into marked units and the gaps between them."""

    start: _IntArray
    end: _IntArray
    marked: _BoolArray


def _merged(segments: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of overlapping segments; touching ones (end == next start) stay apart."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(segments):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _sections(length: int, units: list[tuple[int, int]]) -> _Sections:
    starts = np.array([s for s, _ in units], dtype=np.int64)
    ends = np.array([e for _, e in units], dtype=np.int64)
    # The gaps run from 0 (or a unit's end) to the next unit's start (or the continuum's end):
    # the whole continuum counts, not just the stretch somebody coded.
    gap_starts = np.concatenate([[0], ends])
    gap_ends = np.concatenate([starts, [length]])
    real = gap_starts < gap_ends
    all_starts = np.concatenate([starts, gap_starts[real]])
    order = np.argsort(all_starts, kind="stable")
    return _Sections(
        start=all_starts[order],
        end=np.concatenate([ends, gap_ends[real]])[order],
        marked=np.concatenate([np.ones(len(starts), bool), np.zeros(int(real.sum()), bool)])[order],
    )


def _pair_disagreement(a: _Sections, b: _Sections) -> int:
    """Sum over sections g of a and h of b of Krippendorff's (2004) distance delta^2_gh.

    Two marked sections: (b_g - b_h)^2 + (e_g - e_h)^2 when they overlap. A marked section inside
    an unmarked one: its length squared. Everything else 0. Every non-zero distance needs the two
    sections to overlap, so only overlapping pairs are enumerated (O(|a| + |b|), not |a| |b|).
    """
    # Sections partition [0, L), so both starts and ends are sorted.
    first = np.searchsorted(b.end, a.start, side="right")  # first h ending after g starts
    last = np.searchsorted(b.start, a.end, side="left")  # first h starting at or after g's end
    per_g = last - first
    g = np.repeat(np.arange(len(a.start)), per_g)
    offsets = np.cumsum(per_g) - per_g
    h = first[g] + np.arange(int(per_g.sum())) - offsets[g]
    bg, eg, mg = a.start[g], a.end[g], a.marked[g]
    bh, eh, mh = b.start[h], b.end[h], b.marked[h]
    both = mg & mh
    g_in_gap = mg & ~mh & (bh <= bg) & (eg <= eh)
    h_in_gap = ~mg & mh & (bg <= bh) & (eh <= eg)
    distance = (
        np.where(both, (bg - bh) ** 2 + (eg - eh) ** 2, 0)
        + np.where(g_in_gap, (eg - bg) ** 2, 0)
        + np.where(h_in_gap, (eh - bh) ** 2, 0)
    )
    return int(distance.sum())


def _code_disagreements(length: int, continua: list[_Sections]) -> tuple[float, float]:
    """Observed and expected disagreement for one code (Krippendorff 2004).

    D_o = sum_i sum_{j != i} sum_g sum_h delta^2_igjh / (m (m - 1) L^2).
    D_e = (2 / L) sum_units [ (N_c - 1)/3 (2 l^3 - 3 l^2 + l)
                              + l^2 sum_{gaps of length >= l} (gap - l + 1) ]
          / (m L (m L - 1) - sum_units l (l - 1)),
    with the units and gaps of all m coders and N_c the number of units.
    """
    m = len(continua)
    pairs = sum(
        _pair_disagreement(continua[i], continua[j]) for i in range(m) for j in range(i + 1, m)
    )
    # The distance is symmetric, so each unordered pair of coders stands for two ordered ones.
    observed = 2.0 * pairs / (m * (m - 1) * float(length) ** 2)

    units = np.concatenate([(c.end - c.start)[c.marked] for c in continua]).astype(np.float64)
    gaps = np.sort(np.concatenate([(c.end - c.start)[~c.marked] for c in continua]))
    gaps = gaps.astype(np.float64)
    n_units = len(units)
    if n_units == 0:
        return observed, 0.0
    # For each unit length l: the gaps at least l long, and the sum of (gap - l + 1) over them.
    suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])
    first = np.searchsorted(gaps, units, side="left")
    fitting = len(gaps) - first
    placements = suffix[first] - (units - 1.0) * fitting
    within = (n_units - 1) / 3.0 * (2 * units**3 - 3 * units**2 + units)
    numerator = 2.0 / length * float(np.sum(within + units**2 * placements))
    total = m * float(length)
    denominator = total * (total - 1.0) - float(np.sum(units * (units - 1.0)))
    return observed, numerator / denominator


def _unitizing_continua(length: int, segments: Segmentation) -> dict[Hashable, list[_Sections]]:
    """Per code, each coder's continuum in the coders' mapping order (empty codes included)."""
    if length < 1:
        raise ValueError("the continuum needs a positive length")
    by_code: dict[Hashable, list[list[tuple[int, int]]]] = {}
    coders = list(segments)
    for index, coder in enumerate(coders):
        for start, end, code in segments[coder]:
            if start != int(start) or end != int(end):
                raise ValueError(f"segment ({start}, {end}) needs integer positions")
            if not 0 <= start < end <= length:
                raise ValueError(
                    f"segment ({start}, {end}) of coder {coder!r} is not a non-empty stretch "
                    f"of [0, {length})"
                )
            lists = by_code.setdefault(code, [[] for _ in coders])
            lists[index].append((int(start), int(end)))
    return {
        code: [_sections(length, _merged(spans)) for spans in per_coder]
        for code, per_coder in by_code.items()
    }


@dataclass(frozen=True)
class UnitizingCode:
    """One code's observed and expected disagreement and its alpha (nan when undefined)."""

    observed: float
    expected: float
    alpha: float


@dataclass(frozen=True)
class UnitizingReport:
    """Unitizing alpha per code and overall (1 - sum D_o / sum D_e over the codes)."""

    per_code: dict[Hashable, UnitizingCode]
    alpha: float


def unitizing_alpha_report(length: int, segments: Segmentation) -> UnitizingReport:
    """Krippendorff's (2004) unitizing alpha for every code and overall; see unitizing_alpha."""
    continua = _unitizing_continua(length, segments)
    if len(segments) < 2:
        nan_code = UnitizingCode(math.nan, math.nan, math.nan)
        return UnitizingReport({code: nan_code for code in continua}, math.nan)
    per_code: dict[Hashable, UnitizingCode] = {}
    for code, sections in continua.items():
        observed, expected = _code_disagreements(length, sections)
        alpha = 1.0 - observed / expected if expected > 0 else math.nan
        per_code[code] = UnitizingCode(observed, expected, alpha)
    sum_observed = sum(c.observed for c in per_code.values())
    sum_expected = sum(c.expected for c in per_code.values())
    overall = 1.0 - sum_observed / sum_expected if sum_expected > 0 else math.nan
    return UnitizingReport(per_code, overall)


def unitizing_alpha(
    length: int,
    segments: Segmentation,
    code: Hashable | None = None,
) -> float:
    """Krippendorff's (2004) unitizing alpha over the continuum [0, length).

    ``segments`` maps each coder to ``(start, end, code)`` triples, ``end`` exclusive; a coder
    with an empty list marked nothing, which is data too. For each code every coder's continuum
    is cut into that coder's units of the code and the unmarked gaps between them, over the
    whole continuum (not just the stretch that was coded). Overlapping segments of the same code
    by the same coder are merged (their union) first; touching segments (one ends where the
    next starts) do not overlap and stay separate units.

    Per code, alpha = 1 - D_o / D_e with Krippendorff's (2004) definitions (see
    ``_code_disagreements``): D_o sums, over ordered pairs of coders and pairs of sections g, h,
    the distance (b_g - b_h)^2 + (e_g - e_h)^2 for overlapping units, l_g^2 for a unit inside the
    other coder's gap, 0 otherwise, divided by m (m - 1) L^2. With ``code=None`` the value is
    1 - sum_codes D_o / sum_codes D_e, not a mean of per-code alphas. Undefined (nan) with fewer
    than two coders, or when D_e is 0 (for example, nobody marked the code).
    """
    if code is None:
        return unitizing_alpha_report(length, segments).alpha
    continua = _unitizing_continua(length, segments)
    if len(segments) < 2 or code not in continua:
        return math.nan
    observed, expected = _code_disagreements(length, continua[code])
    return 1.0 - observed / expected if expected > 0 else math.nan


def explain_unitizing_undefined(
    length: int,
    segments: Segmentation,
    code: Hashable | None = None,
) -> str | None:
    """Why :func:`unitizing_alpha` is undefined for these arguments, or None when it is not."""
    continua = _unitizing_continua(length, segments)
    if len(segments) < 2:
        return FEWER_THAN_TWO_CODERS
    codes = list(continua) if code is None else [code]
    if not any(c in continua for c in codes):
        return NO_SEGMENTS
    expected = sum(_code_disagreements(length, continua[c])[1] for c in codes if c in continua)
    return ZERO_EXPECTED_DISAGREEMENT if expected <= 0 else None


# --------------------------------------------------------------------------------------------
# Reasons
# --------------------------------------------------------------------------------------------


def explain_undefined(
    name: str,
    data: ReliabilityData,
    level: Level | None = None,
    categories: Sequence[Hashable] | None = None,
    weights: Weights = None,
) -> str | None:
    """Why the coefficient ``name`` is undefined for ``data``, or None when it is defined.

    ``name`` is the function's name (``"krippendorff_alpha"``, ``"cohen_kappa"``, ...;
    ``"bootstrap_alpha"`` answers as alpha). The reason comes from the same computation as the
    value, so a report never disagrees with the number.
    """
    if name in ("krippendorff_alpha", "bootstrap_alpha"):
        return _krippendorff_alpha(data, level or "nominal", categories)[1]
    if name == "percent_agreement":
        return _percent_agreement(data)[1]
    if name == "fleiss_kappa":
        return _fleiss_kappa(data)[1]
    if name == "cohen_kappa":
        return _cohen_kappa(data, weights, categories)[1]
    if name == "scott_pi":
        return _scott_pi(data)[1]
    if name == "gwet_ac1":
        return _chance_corrected_q(data, categories, "ac1")[1]
    if name == "brennan_prediger":
        return _chance_corrected_q(data, categories, "bp")[1]
    raise ValueError(f"unknown coefficient {name!r}")


# --------------------------------------------------------------------------------------------
# Gwet's AC2: AC1 with weights for ordered categories
# --------------------------------------------------------------------------------------------


def agreement_weights(q: int, weights: Literal["linear", "quadratic"]) -> _FloatArray:
    """Gwet's (2014) and Cohen's (1968) agreement weights on the positions 0..q-1 of ordered
    categories: linear 1 - |k - l| / (q - 1), quadratic 1 - (k - l)^2 / (q - 1)^2.
    """
    if weights not in ("linear", "quadratic"):
        raise ValueError(f"unknown weights {weights!r}")
    position = np.arange(q, dtype=np.float64)
    distance = np.abs(position[:, None] - position[None, :]) / max(q - 1, 1)
    return 1.0 - (distance if weights == "linear" else distance**2)


def _gwet_ac2(
    data: ReliabilityData,
    weights: Literal["linear", "quadratic"],
    categories: Sequence[Hashable] | None,
) -> _Outcome:
    coded = _encode(data, categories, ordered=True)
    if reason := _check_coders(coded):
        return math.nan, reason
    q = coded.q
    if q < 2:
        return math.nan, FEWER_THAN_TWO_CATEGORIES
    w = agreement_weights(q, weights)
    counts = coded.counts().astype(np.float64)
    r = counts.sum(axis=1)
    twice = r >= 2
    if not twice.any():
        return math.nan, NO_UNIT_CODED_TWICE
    # r*_ik = sum_l w_kl r_il: how many of the unit's values agree with category k, weighted.
    weighted = counts[twice] @ w.T
    per_unit = (counts[twice] * (weighted - 1.0)).sum(axis=1) / (r[twice] * (r[twice] - 1.0))
    pa = float(_mean(per_unit, coded.weights_of(twice)))
    once = r >= 1
    shares = _mean(counts[once] / r[once, None], coded.weights_of(once))
    pe = float(w.sum()) / (q * (q - 1.0)) * float(np.sum(shares * (1.0 - shares)))
    return _chance_corrected(pa, pe, FEWER_THAN_TWO_CATEGORIES)


def gwet_ac2(
    data: ReliabilityData,
    weights: Literal["linear", "quadratic"] = "quadratic",
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Gwet's AC2 (Gwet 2014, chapter 3): AC1 for ordered categories, with agreement weights.

    pa = mean over units rated at least twice of sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1)),
    r*_ik = sum_l w_kl r_il; pe = T_w / (q (q - 1)) sum_k pi_k (1 - pi_k), T_w the sum of all
    weights, pi_k as for AC1; AC2 = (pa - pe) / (1 - pe). Weights from
    :func:`agreement_weights` on the order of ``categories`` (else the sorted observed values).
    With identity weights this is AC1. Undefined (nan) as AC1 is.
    """
    return _gwet_ac2(data, weights, categories)[0]


# --------------------------------------------------------------------------------------------
# One bootstrap for every coefficient of a table
# --------------------------------------------------------------------------------------------

# The coefficients whose bootstrap intervals `bootstrap_coefficients` gives beside alpha's.
BOOTSTRAPPED = (
    "percent_agreement",
    "cohen_kappa",
    "scott_pi",
    "fleiss_kappa",
    "gwet_ac1",
    "brennan_prediger",
)


@dataclass(frozen=True)
class Interval:
    """A percentile bootstrap interval and the draws it was taken from (``usable`` of them
    gave a defined value); low and high are nan when none did.
    """

    low: float
    high: float
    usable: int
    draws: int


@dataclass(frozen=True)
class BootstrapReport:
    """Alpha's bootstrap (``alpha``), the same resampling for the other coefficients
    (``intervals``, by name), how alpha's draws were made (``method``: "units", "articles", or
    "kalpha" for KALPHA's pairs of values), and the share of usable draws below ``minimum``
    (Hayes and Krippendorff's q for a chosen alpha_min). ``intervals_method`` says how the
    other coefficients' draws were made ("units" or "articles": KALPHA has none for them);
    ``pairs`` is the number of value pairs in each KALPHA draw (0 otherwise).
    """

    alpha: BootstrapResult
    intervals: dict[str, Interval]
    method: str
    draws: int
    minimum: float
    p_below_minimum: float
    intervals_method: str = ""
    pairs: int = 0


def _row_replicates(coded: _Coded, weights: _FloatArray, two: bool) -> dict[str, _FloatArray]:
    """Each coefficient of BOOTSTRAPPED for every row of ``weights`` (draws x rows of coded).

    The same definitions as the point estimates (Gwet's handling of missing values, each
    coder's own marginals for kappa, pooled for pi); nan where a draw leaves one undefined.
    """
    q = coded.q
    counts = coded.counts().astype(np.float64)
    r = counts.sum(axis=1)
    twice = r >= 2
    once = r >= 1
    safe_r = np.where(twice, r * (r - 1.0), 1.0)
    agreement_per_row = np.where(twice, (counts * (counts - 1.0)).sum(axis=1) / safe_r, 0.0)
    n_twice = weights[:, twice].sum(axis=1)
    n_once = weights[:, once].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        pa = (weights[:, twice] @ agreement_per_row[twice]) / n_twice
        shares = (weights[:, once] @ (counts[once] / r[once, None])) / n_once[:, None]
    used = np.count_nonzero(weights @ counts, axis=1)
    out: dict[str, _FloatArray] = {"percent_agreement": np.where(n_twice > 0, pa, np.nan)}

    def corrected(chance: _FloatArray, defined: _BoolArray) -> _FloatArray:
        ok = defined & (chance < 1.0)
        return np.where(ok, (pa - chance) / np.where(ok, 1.0 - chance, 1.0), np.nan)

    out["fleiss_kappa"] = corrected(np.sum(shares**2, axis=1), (n_twice > 0) & (used >= 2))
    if q >= 2:
        ac1_chance = np.sum(shares * (1.0 - shares), axis=1) / (q - 1)
        out["gwet_ac1"] = corrected(ac1_chance, n_twice > 0)
        out["brennan_prediger"] = corrected(np.full(len(pa), 1.0 / q), n_twice > 0)
    else:
        out["gwet_ac1"] = out["brennan_prediger"] = np.full(len(pa), np.nan)
    if two and coded.n_coders == 2:
        first, second = coded.codes[:, 0], coded.codes[:, 1]
        both = (first >= 0) & (second >= 0)
        cells = np.zeros((int(both.sum()), q * q))
        cells[np.arange(cells.shape[0]), first[both] * q + second[both]] = 1.0
        tables = (weights[:, both] @ cells).reshape(-1, q, q)
        n = tables.sum(axis=(1, 2))
        with np.errstate(invalid="ignore", divide="ignore"):
            tables = tables / n[:, None, None]
        rows, columns = tables.sum(axis=2), tables.sum(axis=1)
        observed = np.einsum("dkk->d", tables)
        defined = (n > 0) & (np.count_nonzero((rows + columns) > 0, axis=1) >= 2)

        def two_coder(chance: _FloatArray) -> _FloatArray:
            ok = defined & (chance < 1.0)
            return np.where(ok, (observed - chance) / np.where(ok, 1.0 - chance, 1.0), np.nan)

        out["cohen_kappa"] = two_coder(np.einsum("dk,dk->d", rows, columns))
        out["scott_pi"] = two_coder(np.sum(((rows + columns) / 2.0) ** 2, axis=1))
    return out


def _interval(sample: _FloatArray, confidence: float, draws: int) -> Interval:
    finite = sample[~np.isnan(sample)]
    if finite.size == 0:
        return Interval(math.nan, math.nan, 0, draws)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(finite, [tail, 1.0 - tail])
    return Interval(float(low), float(high), int(finite.size), draws)


def bootstrap_coefficients(
    data: ReliabilityData,
    level: Level = "nominal",
    draws: int = 1000,
    seed: int | None = None,
    *,
    confidence: float = 0.95,
    categories: Sequence[Hashable] | None = None,
    cluster_draws: ClusterDraws | None = None,
    minimum: float = 0.800,
    others: bool = True,
    method: BootstrapMethod = "clustered",
) -> BootstrapReport:
    """Alpha's bootstrap (exactly :func:`bootstrap_alpha`) and, from the same resampling, the
    intervals of percent agreement, Cohen's kappa and Scott's pi (two coders), Fleiss' kappa,
    AC1 and Brennan-Prediger.

    Clustered data (`SharedRows` with clusters): every coefficient is recomputed on the very
    draws of articles that alpha's interval comes from. Otherwise alpha resamples its pairable
    units as :func:`bootstrap_alpha` does, and the other coefficients resample the units with
    at least one value (the ones their definitions read) the same way, from a second stream of
    the same seed. ``minimum`` is the alpha_min whose q (the share of alpha's usable draws
    below it) is reported, as in Hayes and Krippendorff (2007). ``others=False`` gives alpha's
    bootstrap alone (for numbers, where the other coefficients take every distinct value for a
    category of its own and their resampling would cost draws x values x units).

    ``method="kalpha"``: alpha's interval and probabilities come from :func:`kalpha_bootstrap`
    (same seed) instead; the other coefficients keep the resampling above, which
    ``intervals_method`` names.
    """
    _check_level(level)
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if method not in ("clustered", "kalpha"):
        raise ValueError(f"unknown bootstrap method {method!r}; use clustered or kalpha")
    coded = _encode(data, categories, ordered=level == "ordinal")
    two = coded.n_coders == 2
    clustered = coded.tally is not None
    resampled = "articles" if clustered else "units"
    samples: dict[str, list[_FloatArray]] = {name: [] for name in BOOTSTRAPPED}
    if clustered:
        alpha, samples_alpha = _bootstrap_alpha_sample(
            coded, level, draws, seed, cluster_draws, samples if others else None, two
        )
    else:
        alpha, samples_alpha = _bootstrap_alpha_sample(coded, level, draws, seed, None, None, two)
        if others and not math.isnan(alpha.alpha) and coded.n_rows:
            once = np.count_nonzero(coded.codes >= 0, axis=1) >= 1
            rows, inverse = np.unique(coded.codes[once], axis=0, return_inverse=True)
            frequencies = _tally(inverse.reshape(-1), len(rows), coded.weights_of(once))
            distinct = _Coded(rows, coded.values)
            n_units = int(frequencies.sum())
            rng = np.random.default_rng(None if seed is None else [seed, 1])
            chunk = max(1, _BOOTSTRAP_CELLS // max(len(rows) * max(coded.q, 1), 1))
            for start in range(0, draws, chunk):
                size = min(chunk, draws - start)
                weights = rng.multinomial(n_units, frequencies / n_units, size=size)
                replicates = _row_replicates(distinct, weights.astype(np.float64), two)
                for name, values in replicates.items():
                    samples[name].append(values)
    intervals: dict[str, Interval] = {}
    for name in BOOTSTRAPPED:
        if (name in ("cohen_kappa", "scott_pi") and not two) or not samples[name]:
            continue
        intervals[name] = _interval(np.concatenate(samples[name]), confidence, draws)
    if method == "kalpha":
        kalpha = _kalpha_from_coded(coded, level, draws, seed, confidence, minimum)
        return BootstrapReport(
            kalpha.alpha,
            intervals,
            "kalpha",
            draws,
            minimum,
            kalpha.p_below_minimum,
            resampled,
            kalpha.pairs,
        )
    defined = samples_alpha[~np.isnan(samples_alpha)]
    p_minimum = float(np.mean(defined < minimum)) if defined.size else math.nan
    if defined.size:
        tail = (1.0 - confidence) / 2.0
        low, high = np.quantile(defined, [tail, 1.0 - tail])
        alpha = BootstrapResult(
            alpha=alpha.alpha,
            low=float(low),
            high=float(high),
            p_below_800=float(np.mean(defined < 0.800)),
            p_below_667=float(np.mean(defined < 0.667)),
            draws=int(defined.size),
        )
    return BootstrapReport(alpha, intervals, resampled, draws, minimum, p_minimum, resampled)


def marked_units(data: ReliabilityData, value: Hashable) -> tuple[list[int], int, int]:
    """How many units each coder gave ``value`` (in coder order), how many units at least one
    coder gave it, and how many units there are (weighted rows count their weight).

    For code presence (``value`` 1) this is the code's prevalence: how often each coder used it.
    """
    coded = _encode(data)
    if coded.n_rows == 0:
        return [], 0, 0
    weights = np.ones(coded.n_rows, dtype=np.int64) if coded.weights is None else coded.weights
    if value not in coded.values:
        return [0] * coded.n_coders, 0, int(weights.sum())
    index = coded.values.index(value)
    given = coded.codes == index
    per_coder = [int(weights[given[:, coder]].sum()) for coder in range(coded.n_coders)]
    return per_coder, int(weights[given.any(axis=1)].sum()), int(weights.sum())


def pair_agreement(
    data: ReliabilityData, categories: Sequence[Hashable] | None = None
) -> tuple[float, float, float]:
    """Cohen's kappa, Scott's pi and percent agreement of two coders from one contingency
    table of the units both coded (each nan when undefined, for the reasons the functions
    :func:`cohen_kappa`, :func:`scott_pi` and :func:`percent_agreement` give).
    """
    coded = _encode(data, categories)
    table = _pair_table(coded)
    if isinstance(table, str):
        if table == ONE_CATEGORY:
            return math.nan, math.nan, 1.0
        return math.nan, math.nan, math.nan
    observed = float(np.trace(table))
    rows, columns = table.sum(axis=1), table.sum(axis=0)
    kappa = _chance_corrected(observed, float(rows @ columns), ONE_CATEGORY)[0]
    pi = _chance_corrected(observed, float(np.sum(((rows + columns) / 2.0) ** 2)), ONE_CATEGORY)[0]
    return kappa, pi, observed

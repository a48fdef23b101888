"""Agreement coefficients against published values, hand computations, and their edge cases.

Every fixture is typed in from its source; the source and the published value sit next to the
assertion. Where no published value was at hand the expected number is worked out by hand in
the comment, from the definition.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np
import pytest

from agreement import (
    BootstrapResult,
    bootstrap_alpha,
    brennan_prediger,
    cohen_kappa,
    explain_undefined,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
)
from agreement.statistics import _bootstrap_alphas

Data = list[list[Hashable | None]]
Ratings = list[list[int | None]]
N = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x
# 12 units, values 1-5, with missing data. The same table is irrCAC's `cac.raw4raters` (Gwet,
# Handbook of Inter-Rater Reliability, 4th ed., p. 120). One row per unit, observers A-D.
KRIPPENDORFF_2011: Ratings = [
    [1, 1, N, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [N, 5, 5, 5],
    [N, N, 1, 1],
    [N, N, 3, N],
]

# Krippendorff (2011), section A: two observers, binary data, ten units.
BINARY_A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
BINARY_B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]


def from_table(table: Sequence[Sequence[int]], labels: Sequence[Hashable]) -> Data:
    """Two-coder data from a contingency table (rows: first coder, columns: second)."""
    return [
        [labels[i], labels[j]]
        for i, row in enumerate(table)
        for j, count in enumerate(row)
        for _ in range(count)
    ]


def from_distribution(table: Sequence[Sequence[int]], labels: Sequence[Hashable]) -> Data:
    """Rating data from a subjects x categories table of how many raters chose each category."""
    return [
        [label for label, count in zip(labels, row, strict=True) for _ in range(count)]
        for row in table
    ]


# irrCAC's `cont3x3abstractors` (Gwet 2014): 100 pregnancies classified by two abstractors.
ABSTRACTORS_LABELS = ["Ectopic", "AIU", "NIU"]
ABSTRACTORS = from_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]], ABSTRACTORS_LABELS)

# Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by A (rows) and B.
COHEN_WIKIPEDIA = from_table([[20, 5], [10, 15]], ["yes", "no"])

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
FLEISS_WIKIPEDIA_COUNTS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]

# Wikipedia, "Krippendorff's alpha", computational example: 3 coders x 15 units, missing data.
WIKIPEDIA_ALPHA: Ratings = [
    list(unit)
    for unit in zip(
        [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
        [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
        [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
        strict=True,
    )
]


# --------------------------------------------------------------------------------------------
# Krippendorff's alpha
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_krippendorff_2011_example(level: str, published: float) -> None:
    # Krippendorff (2011), section C: published to three decimals.
    assert krippendorff_alpha(KRIPPENDORFF_2011, level) == pytest.approx(  # type: ignore[arg-type]
        published, abs=5e-4
    )


def test_alpha_matches_irrcac_on_the_same_table() -> None:
    # irrCAC vignettes: krippen.alpha.raw(cac.raw4raters) = 0.74342; with quadratic weights
    # (the interval metric on 1-5) 0.84911.
    assert krippendorff_alpha(KRIPPENDORFF_2011) == pytest.approx(0.74342, abs=5e-6)
    assert krippendorff_alpha(KRIPPENDORFF_2011, "interval") == pytest.approx(0.84911, abs=5e-6)


def test_alpha_nominal_exact_fraction() -> None:
    # By hand from the 2011 table: n = 40 pairable values with n_c = 9, 13, 10, 5, 3, so
    # sum_{c != k} n_c n_k = 40^2 - 384 = 1216. Disagreeing coincidences come from units 2
    # (6 ordered pairs / 3), 6 (12 / 3) and 8 (6 / 3): 8 in all.
    # alpha = 1 - 39 * 8 / 1216 = 113/152 = 0.7434..., printed as 0.743.
    assert krippendorff_alpha(KRIPPENDORFF_2011) == pytest.approx(113 / 152, abs=1e-12)


def test_alpha_binary_two_observers() -> None:
    # Krippendorff (2011), section A: alpha = 0.095. By hand: o_00 = 10, o_11 = 2,
    # o_01 = o_10 = 4, n_0 = 14, n_1 = 6, n = 20; alpha = 1 - 19 * 4 / (14 * 6) = 2/21.
    data: Data = [[a, b] for a, b in zip(BINARY_A, BINARY_B, strict=True)]
    assert krippendorff_alpha(data) == pytest.approx(2 / 21, abs=1e-12)
    assert round(krippendorff_alpha(data), 3) == 0.095


def test_alpha_wikipedia_example() -> None:
    # Wikipedia "Krippendorff's alpha": nominal 0.691, interval 0.811.
    assert krippendorff_alpha(WIKIPEDIA_ALPHA) == pytest.approx(0.691, abs=5e-4)
    assert krippendorff_alpha(WIKIPEDIA_ALPHA, "interval") == pytest.approx(0.811, abs=5e-4)


def test_alpha_two_coders_matches_irrcac_contingency_table() -> None:
    # irrCAC overview vignette: krippen2.table(cont3x3abstractors) = 0.7972585.
    assert krippendorff_alpha(ABSTRACTORS) == pytest.approx(0.7972585, abs=5e-8)


def test_alpha_ordinal_uses_categories_order_not_sorting() -> None:
    # Ordinal ranks follow the codebook; with labels that sort differently the value must be
    # the same as on numbers in that order.
    labels = {1: "low", 2: "mid", 3: "high", 4: "top", 5: "max"}
    relabelled: Data = [[labels[v] if v else None for v in unit] for unit in KRIPPENDORFF_2011]
    value = krippendorff_alpha(relabelled, "ordinal", categories=list(labels.values()))
    assert value == pytest.approx(krippendorff_alpha(KRIPPENDORFF_2011, "ordinal"))


def test_alpha_ordinal_ignores_unused_categories() -> None:
    # n_g = 0 for a category nobody used leaves every delta unchanged.
    value = krippendorff_alpha(KRIPPENDORFF_2011, "ordinal", categories=[0, 1, 2, 3, 4, 5, 6])
    assert value == pytest.approx(krippendorff_alpha(KRIPPENDORFF_2011, "ordinal"))


def test_alpha_drops_units_with_one_value() -> None:
    extra: Ratings = [*KRIPPENDORFF_2011, [N, 4, N, N], [5, N, N, N]]
    assert krippendorff_alpha(extra) == krippendorff_alpha(KRIPPENDORFF_2011)


def test_alpha_nan_values_are_missing() -> None:
    data: Data = [[float("nan") if v is None else float(v) for v in u] for u in KRIPPENDORFF_2011]
    assert krippendorff_alpha(data) == pytest.approx(0.7434210526, abs=1e-9)


def test_numpy_arrays_are_accepted() -> None:
    # Float arrays mark missing values with NaN; the values stay numbers for the metrics.
    array = np.array(
        [[np.nan if v is None else v for v in unit] for unit in KRIPPENDORFF_2011], dtype=float
    )
    assert krippendorff_alpha(array, "interval") == pytest.approx(0.84911, abs=5e-6)  # type: ignore[arg-type]
    assert fleiss_kappa(array) == pytest.approx(0.76117, abs=5e-6)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Gwet's framework on the same 4 x 12 table (irrCAC overview vignette, cac.raw4raters)
# --------------------------------------------------------------------------------------------


def test_percent_agreement_gwet() -> None:
    # pa.coeff.raw(cac.raw4raters): 0.8181818. By hand: 11 units have two or more ratings;
    # their agreement shares are 1, .5, 1, 1, 1, 0, 1, .5, 1, 1, 1 -> 9/11.
    assert percent_agreement(KRIPPENDORFF_2011) == pytest.approx(9 / 11, abs=1e-12)


def test_fleiss_kappa_gwet_missing_data() -> None:
    # fleiss.kappa.raw(cac.raw4raters): pa 0.8181818, pe 0.2387153, kappa 0.76117.
    # pi over the 12 units rated at least once: (3, 3.25, 3.5, 1.25, 1)/12, pe = 34.375/144.
    assert fleiss_kappa(KRIPPENDORFF_2011) == pytest.approx(0.76117, abs=5e-6)
    pe = 34.375 / 144
    assert fleiss_kappa(KRIPPENDORFF_2011) == pytest.approx((9 / 11 - pe) / (1 - pe), abs=1e-12)


def test_gwet_ac1_missing_data() -> None:
    # gwet.ac1.raw(cac.raw4raters): pa 0.8181818, pe 0.1903212, AC1 0.77544.
    assert gwet_ac1(KRIPPENDORFF_2011) == pytest.approx(0.77544, abs=5e-6)
    assert gwet_ac1(KRIPPENDORFF_2011, categories=[1, 2, 3, 4, 5]) == pytest.approx(
        0.77544, abs=5e-6
    )


def test_brennan_prediger_missing_data() -> None:
    # bp.coeff.raw(cac.raw4raters): pa 0.8181818, pe 0.2, coefficient 0.77273.
    assert brennan_prediger(KRIPPENDORFF_2011) == pytest.approx(0.77273, abs=5e-6)


def test_q_comes_from_the_codebook_not_the_observed_values() -> None:
    # With a 10-category codebook: BP pe = 1/10, so (9/11 - .1) / .9 = 0.797979...; AC1
    # pe = (1 - 34.375/144) / 9.
    ten = list(range(1, 11))
    assert brennan_prediger(KRIPPENDORFF_2011, ten) == pytest.approx((9 / 11 - 0.1) / 0.9)
    pe = (1 - 34.375 / 144) / 9
    assert gwet_ac1(KRIPPENDORFF_2011, ten) == pytest.approx((9 / 11 - pe) / (1 - pe))


def test_fleiss_kappa_wikipedia_example() -> None:
    # Wikipedia "Fleiss' kappa": P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210.
    data = from_distribution(FLEISS_WIKIPEDIA_COUNTS, [1, 2, 3, 4, 5])
    assert fleiss_kappa(data) == pytest.approx(0.210, abs=5e-4)
    assert percent_agreement(data) == pytest.approx(0.378, abs=5e-4)


# --------------------------------------------------------------------------------------------
# Two coders: Cohen, Scott, and the rest on irrCAC's cont3x3abstractors
# --------------------------------------------------------------------------------------------


def test_cohen_kappa_wikipedia_example() -> None:
    # Wikipedia "Cohen's kappa": po = 0.7, pe = 0.5, kappa = 0.4.
    assert cohen_kappa(COHEN_WIKIPEDIA) == pytest.approx(0.4, abs=1e-12)


def test_scott_pi_wikipedia_table_by_hand() -> None:
    # Pooled "yes" = (25 + 30) / 100 = .55, pe = .55^2 + .45^2 = .505,
    # pi = (.7 - .505) / .495 = 13/33.
    assert scott_pi(COHEN_WIKIPEDIA) == pytest.approx(13 / 33, abs=1e-12)


def test_two_coder_coefficients_match_irrcac_vignette() -> None:
    # irrCAC overview vignette on cont3x3abstractors.
    assert cohen_kappa(ABSTRACTORS) == pytest.approx(0.7964094, abs=5e-8)
    assert scott_pi(ABSTRACTORS) == pytest.approx(0.7962397, abs=5e-8)
    assert gwet_ac1(ABSTRACTORS) == pytest.approx(0.8493305, abs=5e-8)
    assert brennan_prediger(ABSTRACTORS) == pytest.approx(0.835, abs=1e-12)
    assert percent_agreement(ABSTRACTORS) == pytest.approx(0.89, abs=1e-12)


def test_quadratic_weighted_kappa_matches_irrcac() -> None:
    # irrCAC weighting vignette: kappa2.table(cont3x3abstractors, quadratic.weights(1:3))
    # = 0.8921569. By hand: po = .89 + .75 * .11 = .9725, pe = .4597 + .75 * .3804 = .745,
    # kappa = .2275 / .255.
    value = cohen_kappa(ABSTRACTORS, "quadratic", ABSTRACTORS_LABELS)
    assert value == pytest.approx(0.8921569, abs=5e-8)
    assert value == pytest.approx(0.2275 / 0.255, abs=1e-12)


def test_linear_weighted_kappa_by_hand() -> None:
    # No published linear value at hand; by hand on the same table with weights 1, .5, 0:
    # po = .89 + .5 * (.07 + .04) = .945. Marginals: rows (.13, .27, .60), columns (.13, .24,
    # .63). pe = diagonal .0169 + .0648 + .378 = .4597, plus .5 * (.13*.24 + .27*.13 + .27*.63
    # + .60*.24 = .3804) = .6499. kappa = (.945 - .6499) / (1 - .6499) = 2951/3501.
    value = cohen_kappa(ABSTRACTORS, "linear", ABSTRACTORS_LABELS)
    assert value == pytest.approx(2951 / 3501, abs=1e-12)


def test_weighted_kappa_without_categories_sorts_observed_values() -> None:
    data = from_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]], [1, 2, 3])
    assert cohen_kappa(data, "quadratic") == pytest.approx(0.8921569, abs=5e-8)


def brute_force_weighted_kappa(
    data: Data, categories: Sequence[Hashable], power: int | None
) -> float:
    """Cohen's weighted kappa straight from the definition, loops only."""
    pairs = [(u[0], u[1]) for u in data if u[0] is not None and u[1] is not None]
    q = len(categories)
    position = {c: i for i, c in enumerate(categories)}

    def weight(a: Hashable, b: Hashable) -> float:
        if power is None:
            return 1.0 if a == b else 0.0
        return 1.0 - (abs(position[a] - position[b]) / (q - 1)) ** power

    n = len(pairs)
    po = sum(weight(a, b) for a, b in pairs) / n
    first = {c: sum(1 for a, _ in pairs if a == c) / n for c in categories}
    second = {c: sum(1 for _, b in pairs if b == c) / n for c in categories}
    pe = sum(weight(a, b) * first[a] * second[b] for a in categories for b in categories)
    return (po - pe) / (1 - pe)


@pytest.mark.parametrize(("weights", "power"), [(None, None), ("linear", 1), ("quadratic", 2)])
def test_cohen_kappa_matches_brute_force(weights: str | None, power: int | None) -> None:
    rng = np.random.default_rng(5)
    categories = ["a", "b", "c", "d"]
    data: Data = [
        [categories[rng.integers(4)] if rng.random() > 0.1 else None for _ in range(2)]
        for _ in range(200)
    ]
    expected = brute_force_weighted_kappa(data, categories, power)
    assert cohen_kappa(data, weights, categories) == pytest.approx(expected, abs=1e-12)  # type: ignore[arg-type]


def test_cohen_kappa_drops_units_either_coder_missed() -> None:
    with_missing: Data = [*COHEN_WIKIPEDIA, ["yes", N], [N, "no"], [N, N]]
    assert cohen_kappa(with_missing) == pytest.approx(0.4, abs=1e-12)
    assert scott_pi(with_missing) == pytest.approx(13 / 33, abs=1e-12)


def test_cohen_kappa_is_symmetric_in_the_coders() -> None:
    swapped: Data = [[b, a] for a, b in ABSTRACTORS]
    assert cohen_kappa(swapped) == pytest.approx(cohen_kappa(ABSTRACTORS))
    assert cohen_kappa(swapped, "linear", ABSTRACTORS_LABELS) == pytest.approx(
        cohen_kappa(ABSTRACTORS, "linear", ABSTRACTORS_LABELS)
    )


# --------------------------------------------------------------------------------------------
# Undefined values and their reasons
# --------------------------------------------------------------------------------------------

ALL_ONE_CATEGORY: Data = [["a", "a"], ["a", "a"], ["a", N]]
ONE_CODER: Data = [["a"], ["b"], ["a"]]
SINGLE_VALUES: Data = [["a", N, N], [N, "b", N], [N, N, "a"]]

NAMES = [
    "percent_agreement",
    "cohen_kappa",
    "scott_pi",
    "fleiss_kappa",
    "krippendorff_alpha",
    "gwet_ac1",
    "brennan_prediger",
]


def test_single_category_is_undefined_not_zero_or_one() -> None:
    assert math.isnan(cohen_kappa(ALL_ONE_CATEGORY))
    assert math.isnan(scott_pi(ALL_ONE_CATEGORY))
    assert math.isnan(fleiss_kappa(ALL_ONE_CATEGORY))
    assert math.isnan(krippendorff_alpha(ALL_ONE_CATEGORY))
    assert math.isnan(gwet_ac1(ALL_ONE_CATEGORY))
    assert math.isnan(brennan_prediger(ALL_ONE_CATEGORY))
    # Percent agreement is defined: both coders agree on every unit they share.
    assert percent_agreement(ALL_ONE_CATEGORY) == 1.0


def test_single_observed_category_with_a_codebook_is_defined_for_ac1_and_bp() -> None:
    # With q = 2 from the codebook: pa = 1, BP pe = 1/2 -> 1; AC1 pi = (1, 0) -> pe = 0 -> 1.
    assert brennan_prediger(ALL_ONE_CATEGORY, ["a", "b"]) == 1.0
    assert gwet_ac1(ALL_ONE_CATEGORY, ["a", "b"]) == 1.0
    assert explain_undefined("gwet_ac1", ALL_ONE_CATEGORY, categories=["a", "b"]) is None


def test_reasons_for_a_single_category() -> None:
    assert explain_undefined("krippendorff_alpha", ALL_ONE_CATEGORY) == (
        "only one value occurs, so expected disagreement is 0"
    )
    for name in ("cohen_kappa", "scott_pi", "fleiss_kappa"):
        assert explain_undefined(name, ALL_ONE_CATEGORY) == (
            "only one category occurs, so expected agreement is 1"
        )
    for name in ("gwet_ac1", "brennan_prediger"):
        assert explain_undefined(name, ALL_ONE_CATEGORY) == "fewer than two categories"
    assert explain_undefined("percent_agreement", ALL_ONE_CATEGORY) is None


@pytest.mark.parametrize("name", NAMES)
def test_one_coder_is_undefined(name: str) -> None:
    assert explain_undefined(name, ONE_CODER) == "fewer than two coders"
    function = globals()[name]
    assert math.isnan(function(ONE_CODER))


@pytest.mark.parametrize("name", NAMES)
def test_no_units_is_undefined(name: str) -> None:
    assert explain_undefined(name, []) == "there are no units"
    assert math.isnan(globals()[name]([]))


def test_units_with_a_single_value_each_are_undefined() -> None:
    assert math.isnan(krippendorff_alpha(SINGLE_VALUES))
    assert explain_undefined("krippendorff_alpha", SINGLE_VALUES) == (
        "fewer than two pairable values"
    )
    for name in ("percent_agreement", "fleiss_kappa", "gwet_ac1", "brennan_prediger"):
        assert math.isnan(globals()[name](SINGLE_VALUES))
        assert explain_undefined(name, SINGLE_VALUES) == "no unit was coded by two or more coders"


def test_two_coders_who_never_share_a_unit() -> None:
    data: Data = [["a", N], [N, "b"], ["b", N]]
    assert math.isnan(cohen_kappa(data))
    assert math.isnan(scott_pi(data))
    assert explain_undefined("cohen_kappa", data) == "no unit was coded by both coders"


def test_defined_values_have_no_reason() -> None:
    for name in NAMES:
        data = ABSTRACTORS
        assert explain_undefined(name, data) is None, name
    assert explain_undefined("bootstrap_alpha", KRIPPENDORFF_2011, level="ordinal") is None


def test_complete_disagreement_on_two_categories_is_defined() -> None:
    # Coder 1 always "a", coder 2 always "b": po = 0, pe = 0 -> kappa 0, not undefined.
    data: Data = [["a", "b"]] * 5
    assert cohen_kappa(data) == 0.0
    # alpha: o_ab = o_ba = 5, n = 10, alpha = 1 - 9 * 10 / (2 * 25) = -0.8.
    assert krippendorff_alpha(data) == pytest.approx(-0.8)


# --------------------------------------------------------------------------------------------
# Errors: misuse is loud
# --------------------------------------------------------------------------------------------


def test_misuse_raises() -> None:
    with pytest.raises(ValueError, match="exactly two coders"):
        cohen_kappa(KRIPPENDORFF_2011)
    with pytest.raises(ValueError, match="exactly two coders"):
        scott_pi(KRIPPENDORFF_2011)
    with pytest.raises(ValueError, match="one value per coder"):
        krippendorff_alpha([["a", "b"], ["a"]])
    with pytest.raises(ValueError, match="not among the categories"):
        gwet_ac1(ABSTRACTORS, categories=["Ectopic", "AIU"])
    with pytest.raises(ValueError, match="numeric"):
        krippendorff_alpha(ABSTRACTORS, "interval")
    with pytest.raises(ValueError, match="non-negative"):
        krippendorff_alpha([[-1, 2], [3, 3]], "ratio")
    with pytest.raises(ValueError, match="unknown level"):
        krippendorff_alpha(ABSTRACTORS, "circular")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot be ordered"):
        krippendorff_alpha([["a", 1], [2, "b"]], "ordinal")
    with pytest.raises(ValueError, match="unknown coefficient"):
        explain_undefined("kappa", ABSTRACTORS)
    with pytest.raises(ValueError, match="duplicates"):
        cohen_kappa(ABSTRACTORS, categories=["Ectopic", "AIU", "NIU", "AIU"])


# --------------------------------------------------------------------------------------------
# Bootstrap
# --------------------------------------------------------------------------------------------


def unit_coincidences(unit: Sequence[Hashable | None], values: Sequence[Hashable]) -> np.ndarray:
    """One unit's coincidence matrix from its pairs of values, looping over ordered pairs."""
    present = [v for v in unit if v is not None]
    matrix = np.zeros((len(values), len(values)))
    for i, a in enumerate(present):
        for j, b in enumerate(present):
            if i != j:
                matrix[values.index(a), values.index(b)] += 1 / (len(present) - 1)
    return matrix


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_bootstrap_replicate_equals_alpha_of_the_resampled_units(level: str) -> None:
    # The vectorised replicate (weights on unit patterns) must equal alpha recomputed from
    # scratch on the units it stands for.
    units = [u for u in KRIPPENDORFF_2011 if sum(v is not None for v in u) >= 2]
    values = [1, 2, 3, 4, 5]
    per_unit = np.stack([unit_coincidences(u, values) for u in units])
    rng = np.random.default_rng(11)
    for _ in range(20):
        picks = rng.integers(0, len(units), size=len(units))
        weights = np.bincount(picks, minlength=len(units)).astype(float)[None, :]
        replicate = _bootstrap_alphas(per_unit, weights, level, values)[0]
        expected = krippendorff_alpha([units[i] for i in picks], level)  # type: ignore[arg-type]
        if math.isnan(expected):
            assert math.isnan(replicate)
        else:
            assert replicate == pytest.approx(expected, abs=1e-12)


def test_bootstrap_is_deterministic_and_brackets_alpha() -> None:
    first = bootstrap_alpha(KRIPPENDORFF_2011, "interval", draws=2000, seed=3)
    again = bootstrap_alpha(KRIPPENDORFF_2011, "interval", draws=2000, seed=3)
    assert first == again
    assert isinstance(first, BootstrapResult)
    assert first.alpha == krippendorff_alpha(KRIPPENDORFF_2011, "interval")
    assert first.low < first.alpha <= first.high <= 1.0
    assert 0.0 <= first.p_below_667 <= first.p_below_800 <= 1.0
    assert 0 < first.draws <= 2000
    narrower = bootstrap_alpha(KRIPPENDORFF_2011, "interval", 2000, 3, confidence=0.5)
    assert first.low <= narrower.low <= narrower.high <= first.high


def test_bootstrap_agrees_with_a_naive_unit_bootstrap() -> None:
    # A plain loop resampling units and calling krippendorff_alpha; the two use different random
    # streams, so only their quantiles are compared, loosely (both seeded: not flaky).
    units = [u for u in KRIPPENDORFF_2011 if sum(v is not None for v in u) >= 2]
    rng = np.random.default_rng(0)
    naive = []
    for _ in range(2000):
        sample = [units[i] for i in rng.integers(0, len(units), size=len(units))]
        value = krippendorff_alpha(sample, "interval")
        if not math.isnan(value):
            naive.append(value)
    result = bootstrap_alpha(KRIPPENDORFF_2011, "interval", draws=2000, seed=1)
    assert result.low == pytest.approx(np.quantile(naive, 0.025), abs=0.06)
    assert result.high == pytest.approx(np.quantile(naive, 0.975), abs=0.02)
    assert result.p_below_800 == pytest.approx(np.mean(np.array(naive) < 0.8), abs=0.05)


def test_bootstrap_perfect_agreement_and_undefined_alpha() -> None:
    perfect: Data = [["a", "a", "a"], ["b", "b", N], ["c", "c", "c"], ["a", "a", N]]
    result = bootstrap_alpha(perfect, "nominal", draws=200, seed=0)
    assert (result.alpha, result.low, result.high) == (1.0, 1.0, 1.0)
    assert result.p_below_800 == 0.0
    undefined = bootstrap_alpha(ALL_ONE_CATEGORY, "nominal", seed=0)
    assert math.isnan(undefined.alpha) and math.isnan(undefined.low)
    assert undefined.draws == 0


def test_bootstrap_large_data_is_tight() -> None:
    rng = np.random.default_rng(2)
    truth = rng.integers(1, 6, size=5000)
    data: Data = [
        [int(t) if rng.random() < 0.8 else int(rng.integers(1, 6)) for _ in range(3)] for t in truth
    ]
    result = bootstrap_alpha(data, "ordinal", draws=500, seed=9)
    assert result.high - result.low < 0.05
    assert result.low <= result.alpha <= result.high

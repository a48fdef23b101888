"""Properties every coefficient must have, and brute-force definitions to compare against."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from random import Random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from agreement import (
    ReliabilityData,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
)

Data = list[list[Hashable | None]]
Ratings = list[list[int | None]]
SETTINGS = settings(max_examples=80, deadline=None)
CATEGORIES = [1, 2, 3, 4, 5]
LEVELS = ["nominal", "ordinal", "interval", "ratio"]


@st.composite
def reliability_data(
    draw: st.DrawFn, coders: tuple[int, int] = (2, 5), missing: float = 0.25
) -> Ratings:
    n_coders = draw(st.integers(*coders))
    n_units = draw(st.integers(1, 25))
    value = (
        st.one_of(st.sampled_from(CATEGORIES), st.none())
        if missing
        else st.sampled_from(CATEGORIES)
    )
    return [[draw(value) for _ in range(n_coders)] for _ in range(n_units)]


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-9)


MULTI_CODER: dict[str, Callable[[ReliabilityData], float]] = {
    "percent_agreement": percent_agreement,
    "fleiss_kappa": fleiss_kappa,
    "gwet_ac1": lambda d: gwet_ac1(d, CATEGORIES),
    "brennan_prediger": lambda d: brennan_prediger(d, CATEGORIES),
    "gwet_ac1 observed q": gwet_ac1,
    **{f"alpha {level}": (lambda d, lv=level: krippendorff_alpha(d, lv)) for level in LEVELS},  # type: ignore[misc]
}
TWO_CODER: dict[str, Callable[[ReliabilityData], float]] = {
    "cohen_kappa": cohen_kappa,
    "cohen_kappa linear": lambda d: cohen_kappa(d, "linear", CATEGORIES),
    "cohen_kappa quadratic": lambda d: cohen_kappa(d, "quadratic", CATEGORIES),
    "scott_pi": scott_pi,
}


@SETTINGS
@given(st.data())
def test_perfect_agreement_gives_one_when_defined(data: st.DataObject) -> None:
    n_coders = data.draw(st.integers(2, 5))
    truth = data.draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=20))
    units: Data = [
        [t if data.draw(st.booleans()) or c < 2 else None for c in range(n_coders)] for t in truth
    ]
    functions = {**MULTI_CODER, **(TWO_CODER if n_coders == 2 else {})}
    for name, function in functions.items():
        value = function(units)
        assert math.isnan(value) or value == pytest.approx(1.0), name
    # Defined as soon as two different values occur among units coded twice.
    if len(set(truth)) >= 2:
        assert krippendorff_alpha(units) == pytest.approx(1.0)
        assert fleiss_kappa(units) == pytest.approx(1.0)


@SETTINGS
@given(reliability_data(), st.randoms(use_true_random=False))
def test_permuting_coders_changes_nothing(units: Ratings, rng: Random) -> None:
    order = list(range(len(units[0])))
    rng.shuffle(order)
    permuted: Ratings = [[unit[i] for i in order] for unit in units]
    for name, function in MULTI_CODER.items():
        assert same(function(units), function(permuted)), name


@SETTINGS
@given(reliability_data(coders=(2, 2)))
def test_swapping_two_coders_changes_nothing(units: Ratings) -> None:
    swapped: Ratings = [[b, a] for a, b in units]
    for name, function in TWO_CODER.items():
        assert same(function(units), function(swapped)), name


@SETTINGS
@given(reliability_data(coders=(2, 2)), st.randoms(use_true_random=False))
def test_permuting_units_changes_nothing(units: Ratings, rng: Random) -> None:
    shuffled = list(units)
    rng.shuffle(shuffled)
    for name, function in {**MULTI_CODER, **TWO_CODER}.items():
        assert same(function(units), function(shuffled)), name


@SETTINGS
@given(reliability_data(), st.permutations(["x", "y", "z", "v", "w"]))
def test_relabelling_nominal_categories_changes_nothing(units: Ratings, labels: list[str]) -> None:
    mapping = dict(zip(CATEGORIES, labels, strict=True))
    relabelled: Data = [[None if v is None else mapping[v] for v in unit] for unit in units]
    new_categories = [mapping[c] for c in CATEGORIES]
    pairs = [
        (krippendorff_alpha, krippendorff_alpha),
        (fleiss_kappa, fleiss_kappa),
        (percent_agreement, percent_agreement),
        (lambda d: gwet_ac1(d, CATEGORIES), lambda d: gwet_ac1(d, new_categories)),
        (
            lambda d: brennan_prediger(d, CATEGORIES),
            lambda d: brennan_prediger(d, new_categories),
        ),
    ]
    for before, after in pairs:
        assert same(before(units), after(relabelled))
    two: Ratings = [unit[:2] for unit in units]
    two_relabelled: Data = [unit[:2] for unit in relabelled]
    assert same(cohen_kappa(two), cohen_kappa(two_relabelled))
    assert same(scott_pi(two), scott_pi(two_relabelled))


@SETTINGS
@given(reliability_data())
def test_interval_alpha_is_invariant_under_affine_rescaling(units: Ratings) -> None:
    rescaled: Ratings = [[None if v is None else 3 * v + 7 for v in unit] for unit in units]
    assert same(krippendorff_alpha(units, "interval"), krippendorff_alpha(rescaled, "interval"))


@SETTINGS
@given(reliability_data())
def test_ordinal_alpha_depends_only_on_the_order(units: Ratings) -> None:
    squashed = {1: 1, 2: 10, 3: 11, 4: 50, 5: 51}  # monotone, unevenly spaced
    remapped: Ratings = [[None if v is None else squashed[v] for v in unit] for unit in units]
    assert same(krippendorff_alpha(units, "ordinal"), krippendorff_alpha(remapped, "ordinal"))


# --------------------------------------------------------------------------------------------
# Brute-force definitions
# --------------------------------------------------------------------------------------------


def brute_alpha(units: Ratings, level: str) -> float:
    """Krippendorff's alpha from pairs of values (2011, the values-by-units form), loops only."""
    pairable = [[v for v in u if v is not None] for u in units]
    pairable = [u for u in pairable if len(u) >= 2]
    values = [v for u in pairable for v in u]
    n = len(values)
    if n < 2 or len(set(values)) < 2:
        return math.nan
    frequency = {c: values.count(c) for c in set(values)}
    ranked = sorted(frequency)

    def delta(c: int, k: int) -> float:
        if level == "nominal":
            return float(c != k)
        if level == "interval":
            return float((c - k) ** 2)
        if level == "ratio":
            return ((c - k) / (c + k)) ** 2 if c + k else 0.0
        low, high = sorted((ranked.index(c), ranked.index(k)))
        between = sum(frequency[g] for g in ranked[low : high + 1])
        return (between - (frequency[c] + frequency[k]) / 2) ** 2

    observed = (
        sum(
            sum(delta(a, b) for i, a in enumerate(u) for j, b in enumerate(u) if i != j)
            / (len(u) - 1)
            for u in pairable
        )
        / n
    )
    expected = sum(
        delta(a, b) for i, a in enumerate(values) for j, b in enumerate(values) if i != j
    )
    expected /= n * (n - 1)
    return 1 - observed / expected


@settings(max_examples=100, deadline=None)
@given(reliability_data(), st.sampled_from(LEVELS))
def test_alpha_matches_the_pairwise_definition(units: Ratings, level: str) -> None:
    assert same(krippendorff_alpha(units, level), brute_alpha(units, level))  # type: ignore[arg-type]


def brute_gwet(units: Ratings, q: int) -> tuple[float, dict[int, float]]:
    rated = [[v for v in u if v is not None] for u in units]
    twice = [u for u in rated if len(u) >= 2]
    pa = sum(
        sum(u.count(k) * (u.count(k) - 1) for k in set(u)) / (len(u) * (len(u) - 1)) for u in twice
    ) / len(twice)
    once = [u for u in rated if u]
    shares = {k: sum(u.count(k) / len(u) for u in once) / len(once) for k in CATEGORIES[:q]}
    return pa, shares


@SETTINGS
@given(reliability_data())
def test_gwet_coefficients_match_the_definitions(units: Ratings) -> None:
    assume(any(sum(v is not None for v in u) >= 2 for u in units))
    pa, shares = brute_gwet(units, 5)
    assert percent_agreement(units) == pytest.approx(pa)
    ac1_pe = sum(p * (1 - p) for p in shares.values()) / 4
    assert gwet_ac1(units, CATEGORIES) == pytest.approx((pa - ac1_pe) / (1 - ac1_pe))
    assert brennan_prediger(units, CATEGORIES) == pytest.approx((pa - 0.2) / 0.8)
    fleiss_pe = sum(p * p for p in shares.values())
    expected = (pa - fleiss_pe) / (1 - fleiss_pe) if fleiss_pe < 1 else math.nan
    assert same(fleiss_kappa(units), expected)


@SETTINGS
@given(reliability_data(coders=(2, 2), missing=0.0))
def test_quadratic_kappa_is_the_concordance_correlation(units: Ratings) -> None:
    # Quadratic-weighted kappa equals 2 cov / (var_x + var_y + (mean_x - mean_y)^2) with
    # population moments (Lin's concordance correlation), for equally spaced categories.
    xs = [float(u[0] or 0) for u in units]
    ys = [float(u[1] or 0) for u in units]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    vx = sum((x - mx) ** 2 for x in xs) / n
    vy = sum((y - my) ** 2 for y in ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / n
    denominator = vx + vy + (mx - my) ** 2
    assume(len(set(xs) | set(ys)) >= 2)
    assert cohen_kappa(units, "quadratic", CATEGORIES) == pytest.approx(
        2 * cov / denominator, abs=1e-9
    )

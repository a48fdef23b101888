"""Rows encoded once for several coefficients give exactly what fresh rows give, in any order
of calls, and a pair of coders taken from them gives each pairwise kappa unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from operator import itemgetter

from hypothesis import given, settings
from hypothesis import strategies as st

from agreement.statistics import (
    ReliabilityData,
    SharedRows,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)

CATEGORIES = [0, 1, 2]
cells = st.one_of(st.none(), st.sampled_from(CATEGORIES))
tables = st.integers(min_value=2, max_value=4).flatmap(
    lambda coders: st.lists(st.tuples(*[cells] * coders), min_size=1, max_size=40)
)


def _same(a: float, b: float) -> bool:
    return (a != a and b != b) or a == b  # NaN equals NaN here: both undefined


@settings(max_examples=150, deadline=None)
@given(tables)
def test_shared_rows_change_no_coefficient(rows: list[tuple[int | None, ...]]) -> None:
    shared = SharedRows(rows)
    calls: list[Callable[[ReliabilityData], float]] = [
        lambda data: krippendorff_alpha(data, "ordinal", CATEGORIES),
        lambda data: percent_agreement(data),
        lambda data: krippendorff_alpha(data, "nominal"),
        lambda data: fleiss_kappa(data),
        lambda data: gwet_ac1(data, CATEGORIES),
        lambda data: brennan_prediger(data, CATEGORIES),
        lambda data: krippendorff_alpha(data, "interval"),
    ]
    for call in calls + calls:  # the second round reads every cached encoding
        try:
            expected = call(rows)
        except ValueError:
            continue
        assert _same(call(shared), expected)
    coders = len(rows[0])
    for i, j in combinations(range(coders), 2):
        plain = list(map(itemgetter(i, j), rows))
        assert shared.pair(i, j) == plain
        assert _same(
            cohen_kappa(shared.pair(i, j), None, CATEGORIES), cohen_kappa(plain, None, CATEGORIES)
        )

"""KALPHA's bootstrap (Hayes and Krippendorff 2007) beside ours (issue 16): the pairs it draws,
their weighting by the coders of a unit, the draws without disagreement, the interval and q as
the macro reads them, and the option in the report, the command line and the JSON.

The expectations are worked out here from the definitions, independently of
agreement.statistics: the coincidences by looping over pairs of coders, the spread of a draw
from the multinomial it is.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from itertools import permutations
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from agreement.reliability import AgreementError, ReliabilityTable, Row
from agreement.report import (
    KALPHA_NESTED,
    agreement_report,
    definitions,
    report_as_json,
    report_row,
    write_report_xlsx,
)
from agreement.statistics import (
    SharedRows,
    bootstrap_alpha,
    bootstrap_coefficients,
    cohen_kappa,
    kalpha_bootstrap,
    krippendorff_alpha,
)
from articoder.cli_agreement import add_agreement_command
from models.database import ProjectDatabase
from tests.agreement.test_reliability import build_project

N = None

# Hayes and Krippendorff (2007), Table 1: 40 units, 5 observers, values 0-3, missing values.
# Published: ordinal alpha .7598 (nominal .4765).
HAYES_KRIPPENDORFF: list[list[int | None]] = [
    [1, 1, 2, N, 2], [1, 1, 0, 1, N], [2, 3, 3, 3, N], [N, 0, 0, N, 0], [0, 0, 0, N, 0],
    [0, 0, 0, N, 0], [1, 0, 2, N, 1], [1, N, 2, 0, N], [2, 2, 2, N, 2], [2, 1, 1, 1, N],
    [N, 1, 0, 0, N], [0, 0, 0, 0, N], [1, 2, 2, 2, N], [3, 3, 2, 2, 3], [1, 1, 1, N, 1],
    [1, 1, 1, N, 1], [2, 1, 2, N, 2], [1, 2, 3, 3, N], [1, 1, 0, 1, N], [0, 0, 0, N, 0],
    [0, 0, 1, 1, N], [0, 0, N, 0, 0], [2, 3, 3, 3, N], [0, 0, 0, 0, N], [1, 2, N, 2, 2],
    [0, 1, 1, 1, N], [0, 0, 0, 1, 0], [1, 2, 1, 2, N], [1, 1, 2, 2, N], [1, 1, 2, N, 2],
    [1, 1, 0, N, 0], [2, 1, 2, 1, N], [2, 2, N, 2, 2], [3, 2, 2, 2, N], [2, 2, 2, N, 2],
    [2, 2, 3, N, 2], [2, 2, 2, N, 2], [2, 2, N, 1, 2], [2, 2, 2, 2, N], [1, 1, 1, N, 1],
]  # fmt: skip


def coincidences(data: Sequence[Sequence[object]]) -> dict[tuple[object, object], float]:
    """o_ck by the definition: every ordered pair of a unit's values, weighted 1 / (m_u - 1)."""
    cells: dict[tuple[object, object], float] = {}
    for unit in data:
        values = [v for v in unit if v is not None]
        for i, j in permutations(range(len(values)), 2):
            key = (values[i], values[j])
            cells[key] = cells.get(key, 0.0) + 1.0 / (len(values) - 1)
    return cells


def test_the_published_example_and_its_number_of_pairs() -> None:
    assert round(krippendorff_alpha(HAYES_KRIPPENDORFF, "ordinal"), 4) == 0.7598
    cells = coincidences(HAYES_KRIPPENDORFF)
    n = round(sum(cells.values()))
    assert n == 159  # pairable values
    nonzero = sum(1 for value in cells.values() if value > 0)
    # M = min(25 x non-empty cells, (m - 1) n.. / 2) with m = 5 observers: here the data's bound.
    expected = min(25 * nonzero, 4 * 159 // 2)
    assert expected == 318
    result = kalpha_bootstrap(HAYES_KRIPPENDORFF, "ordinal", 2000, 7)
    assert result.pairs == expected
    assert result.alpha.alpha == pytest.approx(0.7598, abs=5e-5)
    assert result.alpha.draws == 2000 and result.sample.shape == (2000,)
    low, high = result.alpha.low, result.alpha.high
    assert low < result.alpha.alpha < high


def test_a_code_is_capped_at_a_hundred_pairs_however_many_units() -> None:
    # Code presence has at most 4 cells: 25 x 4 = 100 pairs, whatever the 10,000 units.
    rows = [(0, 0)] * 9000 + [(1, 1)] * 800 + [(0, 1)] * 100 + [(1, 0)] * 100
    assert kalpha_bootstrap(rows, "nominal", 100, 1, categories=[0, 1]).pairs == 100
    # Two coders, few units: every pair of the data, (m - 1) n.. / 2 = the number of units.
    few = [(0, 0), (1, 1), (2, 2), (0, 1), (1, 2), (2, 0), (0, 0), (1, 1)]
    assert kalpha_bootstrap(few, "nominal", 100, 1).pairs == len(few)


def test_pairs_weigh_by_the_coders_of_their_unit() -> None:
    # Four-coder units that disagree a lot and two-coder units that agree: drawing every pair
    # of the data alike would put the mean disagreement at 40/80 = .5, while the coincidences
    # (each pair 1 / (m_u - 1)) put it at D_o = 1/3. KALPHA's draws centre on alpha.
    rows = [("a", "b", "a", "b")] * 10 + [("a", "a", N, N)] * 10 + [("b", "b", N, N)] * 10
    cells = coincidences(rows)
    n = sum(cells.values())
    observed = sum(v for (c, k), v in cells.items() if c != k) / n
    assert observed == pytest.approx(1 / 3)
    marginals = {c: sum(v for (a, _), v in cells.items() if a == c) for c in ("a", "b")}
    expected = 2 * marginals["a"] * marginals["b"] / (n * (n - 1))
    alpha = krippendorff_alpha(rows)
    assert alpha == pytest.approx(1 - observed / expected)
    draws = 20_000
    result = kalpha_bootstrap(rows, "nominal", draws, 11)
    pairs = result.pairs
    assert pairs == min(25 * 4, 3 * round(n) // 2)
    # Each draw: M pairs, each disagreeing with probability D_o; alpha = 1 - share / D_e.
    spread = math.sqrt(observed * (1 - observed) / pairs) / expected
    sample = result.sample
    assert abs(sample.mean() - alpha) < 5 * spread / math.sqrt(draws)
    assert sample.std() == pytest.approx(spread, rel=0.05)
    # Drawing the data's pairs alike would centre far lower.
    assert 1 - 0.5 / expected < alpha - 20 * spread / math.sqrt(draws)


def test_draws_without_disagreement_of_a_single_value_count_as_zero() -> None:
    # Only "a" has pairs on the diagonal: every draw without disagreement holds "a" alone
    # (alpha 1 - 0/0) and becomes 0; M = 4 pairs, each (a, a) with probability 6/8.
    rows = [("a", "a"), ("a", "a"), ("a", "a"), ("a", "b")]
    draws = 20_000
    result = kalpha_bootstrap(rows, "nominal", draws, 5)
    assert result.pairs == 4
    assert not np.any(result.sample == 1.0)
    assert result.zeroed / draws == pytest.approx(0.75**4, abs=0.015)
    # Two values on the diagonal: only the expected number of single-value draws,
    # round(X sum_c (o_cc / n..)^M), is set to 0; the other agreeing draws keep alpha 1.
    both = [("a", "a"), ("b", "b"), ("a", "b")]
    result = kalpha_bootstrap(both, "nominal", draws, 5)
    assert result.pairs == 3
    assert result.zeroed == round(draws * 2 * (2 / 6) ** 3)
    agreeing = np.count_nonzero(result.sample == 1.0) + result.zeroed
    assert agreeing / draws == pytest.approx((4 / 6) ** 3, abs=0.015)


def test_interval_and_q_are_read_as_the_macro_reads_them() -> None:
    result = kalpha_bootstrap(HAYES_KRIPPENDORFF, "ordinal", 1000, 3, minimum=0.75)
    ordered = np.sort(result.sample)
    # 1-based positions trunc(.025 x 1000) = 25 and trunc(.975 x 1000) + 1 = 976.
    assert (result.alpha.low, result.alpha.high) == (ordered[24], ordered[975])
    assert result.p_below_minimum == np.mean(result.sample < 0.75)
    assert result.alpha.p_below_800 == np.mean(result.sample < 0.8)
    assert result.alpha.p_below_667 == np.mean(result.sample < 0.667)
    assert result.sample.min() >= -1.0


def test_the_interval_narrows_with_more_units_and_repeats_with_a_seed() -> None:
    base = [(0, 0), (1, 1), (2, 2), (0, 1), (1, 1), (2, 1), (0, 0), (2, 2), (1, 0), (0, 0)] * 4
    small = kalpha_bootstrap(base, "nominal", 4000, 1)
    # Four times the units: four times the pairs (160, under the cap of 25 x 7 cells).
    large = kalpha_bootstrap(base * 4, "nominal", 4000, 1)
    assert large.pairs == 4 * small.pairs
    small_width = small.alpha.high - small.alpha.low
    large_width = large.alpha.high - large.alpha.low
    # About 1 / sqrt(4) of the width.
    assert 0.4 < large_width / small_width < 0.6
    # Beyond the cap more units add no pairs, so the interval stops narrowing.
    assert kalpha_bootstrap(base * 20, "nominal", 10, 1).pairs == 25 * 7
    again = kalpha_bootstrap(base, "nominal", 4000, 1)
    assert again == small and np.array_equal(again.sample, small.sample)
    other = kalpha_bootstrap(base, "nominal", 4000, 2)
    assert not np.array_equal(other.sample, small.sample)


def _nested(articles: int, seed: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Sentences coded alike within their article (20 per article): correlated units."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[int, int]] = []
    clusters: list[int] = []
    for article in range(articles):
        pattern = [(0, 0), (1, 1), (0, 1), (1, 0), (1, 1), (0, 0)][int(rng.integers(0, 6))]
        rows.extend([pattern] * 20)
        clusters.extend([article] * 20)
    return rows, clusters


def test_units_and_articles_play_no_part() -> None:
    # KALPHA sees the same coincidences whether or not it is told the articles, and whether
    # equal rows come one by one or weighted.
    rows, clusters = _nested(40, 4)
    nested = SharedRows(rows, clusters=clusters)
    plain = kalpha_bootstrap(rows, "nominal", 1000, 9, categories=[0, 1])
    assert kalpha_bootstrap(nested, "nominal", 1000, 9, categories=[0, 1]) == plain
    distinct = sorted(set(rows))
    weighted = SharedRows(distinct, [rows.count(r) for r in distinct])
    assert kalpha_bootstrap(weighted, "nominal", 1000, 9, categories=[0, 1]) == plain
    # Ten times the articles: the clustered interval narrows (about 1 / sqrt(10)), KALPHA's
    # stays at its 100 pairs of a code, whatever the data.
    many_rows, many_clusters = _nested(400, 4)
    many = kalpha_bootstrap(many_rows, "nominal", 1000, 9, categories=[0, 1])
    assert many.pairs == plain.pairs == 100
    kalpha_ratio = (many.alpha.high - many.alpha.low) / (plain.alpha.high - plain.alpha.low)
    few_clustered = bootstrap_alpha(nested, "nominal", 1000, 9, categories=[0, 1])
    many_clustered = bootstrap_alpha(
        SharedRows(many_rows, clusters=many_clusters), "nominal", 1000, 9, categories=[0, 1]
    )
    clustered_ratio = (many_clustered.high - many_clustered.low) / (
        few_clustered.high - few_clustered.low
    )
    assert 0.8 < kalpha_ratio < 1.25 and clustered_ratio < 0.5


def test_undefined_alpha_has_no_draws_and_bad_arguments_say_so() -> None:
    result = kalpha_bootstrap([("a", "a"), ("a", "a")], "nominal", 100, 1)
    assert math.isnan(result.alpha.alpha) and result.alpha.draws == 0
    assert result.sample.size == 0 and math.isnan(result.p_below_minimum)
    with pytest.raises(ValueError, match="draws must be at least 1"):
        kalpha_bootstrap(HAYES_KRIPPENDORFF, "ordinal", 0)
    with pytest.raises(ValueError, match="unknown bootstrap method"):
        bootstrap_coefficients(HAYES_KRIPPENDORFF, "ordinal", 10, 1, method="bogus")  # type: ignore[arg-type]


def test_bootstrap_coefficients_keeps_our_draws_for_the_others() -> None:
    rows = [(0, 0), (1, 1), (0, 1), (1, 1), (0, 0), (1, 0), (1, 1), (0, 0)] * 5
    clusters = [i // 4 for i in range(len(rows))]
    data = SharedRows(rows, clusters=clusters)
    ours = bootstrap_coefficients(data, "nominal", 300, 2, categories=[0, 1])
    theirs = bootstrap_coefficients(data, "nominal", 300, 2, categories=[0, 1], method="kalpha")
    assert (ours.method, ours.intervals_method, ours.pairs) == ("articles", "articles", 0)
    assert (theirs.method, theirs.intervals_method) == ("kalpha", "articles")
    kalpha = kalpha_bootstrap(data, "nominal", 300, 2, categories=[0, 1])
    assert theirs.alpha == kalpha.alpha and theirs.pairs == kalpha.pairs
    assert theirs.p_below_minimum == kalpha.p_below_minimum
    # The other coefficients' intervals are the very same draws of articles.
    assert theirs.intervals == ours.intervals


# --------------------------------------------------------------------------------------------
# The report, the JSON, the command line
# --------------------------------------------------------------------------------------------


def test_report_rows_name_the_bootstrap_that_ran() -> None:
    rows: list[Row] = [
        (1, 1, 2), (2, 2, 2), (3, 3, 2), (1, 2, 1), (2, 2, 2), (3, 2, 3)
    ] * 4  # fmt: skip
    table = ReliabilityTable(
        kind="code",
        name="立场",
        guid="g1",
        unit="sentence",
        level="nominal",
        coders=["甲", "乙", "丙"],
        data=rows,
        categories=[1, 2, 3],
        clusters=np.array([i // 3 for i in range(len(rows))]),
    )
    row = report_row(table, draws=200, seed=3, bootstrap_method="kalpha")
    boot = report_as_json([row])[0]["bootstrap"]
    kalpha = kalpha_bootstrap(
        SharedRows(rows, clusters=[i // 3 for i in range(len(rows))]),
        "nominal",
        200,
        3,
        categories=[1, 2, 3],
    )
    assert boot["method"] == "kalpha" and boot["intervals_method"] == "articles"
    assert boot["pairs"] == kalpha.pairs and boot["usable_draws"] == 200 and boot["sound"]
    assert row.alpha_interval == (kalpha.alpha.low, kalpha.alpha.high)
    assert boot["p_below_800"] == kalpha.alpha.p_below_800
    assert KALPHA_NESTED in row.notes
    ours = report_as_json([report_row(table, draws=200, seed=3)])[0]["bootstrap"]
    assert ours["method"] == "articles" and ours["pairs"] is None
    text = definitions(200, 3, "kalpha")
    assert "are KALPHA's" in text and "min(25 x the non-empty cells" in text
    assert "are KALPHA's" not in definitions(200, 3)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_agreement_command(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_command_line_flag(
    sqlite_database: ProjectDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    build_project(sqlite_database)
    project = str(sqlite_database.path)
    arguments = parse(
        "agreement", project, "--unit", "sentence", "--bootstrap", "kalpha", "--json", "-"
    )
    arguments.handler(arguments)
    printed = json.loads(capsys.readouterr().out)
    methods = {e["bootstrap"]["method"] for e in printed if e["bootstrap"]}
    assert methods == {"kalpha"}
    assert all(e["bootstrap"]["pairs"] >= 1 for e in printed if e["bootstrap"])
    arguments = parse("agreement", project, "--bootstrap", "kalpha", "--draws", "100")
    arguments.handler(arguments)
    text = capsys.readouterr().out
    assert "are KALPHA's (Hayes and Krippendorff 2007)" in text and "KALPHA bootstrap:" in text
    with pytest.raises(SystemExit):
        parse("agreement", project, "--bootstrap", "efron")
    with pytest.raises(AgreementError, match="unknown bootstrap method 'efron'"):
        agreement_report(sqlite_database, bootstrap_method="efron")  # type: ignore[arg-type]


def test_xlsx_names_kalpha_and_its_pairs(tmp_path: Path) -> None:
    table = ReliabilityTable(
        kind="code",
        name="c",
        guid="g",
        unit="article",
        level="nominal",
        coders=["甲", "乙"],
        data=[(0, 0), (1, 1), (0, 1), (1, 1), (0, 0), (1, 0)] * 3,
        categories=[0, 1],
    )
    row = report_row(table, draws=100, seed=1, bootstrap_method="kalpha")
    path = tmp_path / "r.xlsx"
    write_report_xlsx([row], path, None)
    sheet = load_workbook(path)["Agreement"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, header.index("resampled") + 1).value == (
        f"kalpha ({row.bootstrap['pairs']} pairs)"
    )


# --------------------------------------------------------------------------------------------
# Weighted kappa as SAS prints it (the Must-show list of issue 16)
# --------------------------------------------------------------------------------------------


def test_weighted_kappa_as_printed_by_sas() -> None:
    # SAS/STAT PROC FREQ, "Agreement Study" (Getting Started): two dermatologists, 88 patients,
    # terrible/poor/marginal/clear. SAS prints simple kappa 0.3449 and weighted kappa 0.5082
    # with its default Cicchetti-Allison weights, which are Cohen's (1968) linear weights
    # 1 - |i - j| / (k - 1).
    table = [[10, 4, 1, 0], [5, 10, 12, 2], [2, 4, 12, 5], [0, 2, 6, 13]]
    units = [
        (i + 1, j + 1) for i, line in enumerate(table) for j, count in enumerate(line)
        for _ in range(count)
    ]  # fmt: skip
    assert round(cohen_kappa(units, None, [1, 2, 3, 4]), 4) == 0.3449
    assert round(cohen_kappa(units, "linear", [1, 2, 3, 4]), 4) == 0.5082

"""What a journal reviewer reads in the agreement report (issue 16), checked on published values
and on a real SQLite project: alpha as the headline judged on its lower bound, prevalence, the
overall row, weighted coefficients for ordinal variables, dates at two levels, the clustered
bootstrap with intervals for every coefficient and the usable draws behind each, q for a chosen
alpha_min, and codes nobody used.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from agreement.reliability import ReliabilityTable
from agreement.report import (
    DAYS_APART,
    NO_UNITIZING_INTERVAL,
    NOT_USED,
    SAME_DAY,
    VERDICT_BELOW,
    VERDICT_FIRM,
    VERDICT_TENTATIVE,
    VERDICT_UNDEFINED,
    _flag,
    agreement_report,
    definitions,
    judged_value,
    report_as_json,
    report_row,
    write_report_xlsx,
)
from agreement.statistics import (
    ClusterDraws,
    SharedRows,
    _encode,
    _row_replicates,
    bootstrap_alpha,
    bootstrap_coefficients,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    krippendorff_alpha,
    scott_pi,
    unitizing_alpha_report,
)
from articoder.cli_agreement import format_report
from models.database import ProjectDatabase
from models.entities import (
    Article,
    Code,
    Coder,
    Segment,
    Variable,
    VariableChoice,
    VariableValue,
)

N = None

# Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: 4 observers,
# 12 units, values 1-5, missing values. Published: nominal .743, ordinal .815, interval .849.
# The same table is irrCAC's cac.raw4raters (Gwet 2014).
KRIPPENDORFF_2011: list[list[int | None]] = [
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


def _from_table(table: list[list[int]]) -> list[tuple[int, int]]:
    """Two coders' units from a contingency table (rows: coder A's category, 1-based)."""
    return [
        (i + 1, j + 1)
        for i, row in enumerate(table)
        for j, count in enumerate(row)
        for _ in range(count)
    ]


# Gwet's (2014) cont3x3abstractors: 100 units, 2 abstractors, 3 ordered categories.
ABSTRACTORS = _from_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]])


# --------------------------------------------------------------------------------------------
# Published values
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_alpha_as_printed_by_krippendorff_2011(level: str, published: float) -> None:
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level), 3) == published  # type: ignore[arg-type]


def test_ac1_and_ac2_as_printed_by_gwet() -> None:
    # irrCAC (Gwet), gwet.ac1.raw(cac.raw4raters): AC1 0.77544; with weights="linear" AC2
    # 0.85874, with weights="quadratic" 0.914 (pa 0.97538, pe 0.7137).
    categories = [1, 2, 3, 4, 5]
    assert gwet_ac1(KRIPPENDORFF_2011, categories) == pytest.approx(0.77544, abs=5e-6)
    assert gwet_ac2(KRIPPENDORFF_2011, "linear", categories) == pytest.approx(0.85874, abs=5e-6)
    assert gwet_ac2(KRIPPENDORFF_2011, "quadratic", categories) == pytest.approx(0.914, abs=5e-4)
    # irrCAC gwet.ac1.table(cont3x3abstractors, weights = quadratic.weights(1:3)): 0.94024;
    # linear: 0.90002.
    assert gwet_ac2(ABSTRACTORS, "quadratic", [1, 2, 3]) == pytest.approx(0.94024, abs=5e-6)
    assert gwet_ac2(ABSTRACTORS, "linear", [1, 2, 3]) == pytest.approx(0.90002, abs=5e-6)


def test_weighted_kappa_as_printed_by_gwet() -> None:
    # irrCAC kappa2.table(cont3x3abstractors, weights = quadratic.weights(1:3)) = 0.8921569
    # (Cohen 1968 weighted kappa with quadratic weights); linear weights: 0.8429.
    assert cohen_kappa(ABSTRACTORS, "quadratic", [1, 2, 3]) == pytest.approx(0.8921569, abs=5e-8)
    assert cohen_kappa(ABSTRACTORS, "linear", [1, 2, 3]) == pytest.approx(0.8429, abs=5e-5)


def test_ac2_by_hand_and_identity_weights_reduce_to_ac1() -> None:
    # Two coders, 3 ordered categories, units (1,1) (1,2) (3,3) (2,3): pa with linear weights
    # (1 + .5 + 1 + .5) / 4 = .75; shares pi = (3/8, 2/8, 3/8), sum pi (1 - pi) = 84/128;
    # T_w = 3 + 4 x .5 = 5, so pe = 5 / 6 x 84/128 = .546875; AC2 = (.75 - pe) / (1 - pe).
    data = [(1, 1), (1, 2), (3, 3), (2, 3)]
    pe = 5 / 6 * 84 / 128
    assert gwet_ac2(data, "linear", [1, 2, 3]) == pytest.approx((0.75 - pe) / (1 - pe), abs=1e-12)
    # AC2 on two categories with linear weights has identity weights: it is AC1.
    binary: list[tuple[int | None, ...]] = [(0, 1), (1, 1), (0, 0), (0, 0), (1, N)]
    assert gwet_ac2(binary, "linear", [0, 1]) == pytest.approx(gwet_ac1(binary, [0, 1]))


# --------------------------------------------------------------------------------------------
# The bootstrap: every coefficient, clustered, usable draws
# --------------------------------------------------------------------------------------------


def test_row_replicates_equal_the_coefficients_of_the_resampled_units() -> None:
    rows = [(0, 1), (1, 1), (0, 0), (1, 0), (0, N), (1, 1)]
    coded = _encode(rows, [0, 1])
    frequencies = np.array([[3.0, 1.0, 2.0, 0.0, 1.0, 4.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]])
    replicates = _row_replicates(coded, frequencies, two=True)
    for draw, weights in enumerate(frequencies):
        units = [row for row, w in zip(rows, weights, strict=True) for _ in range(int(w))]
        expected = {
            "cohen_kappa": cohen_kappa(units, None, [0, 1]),
            "scott_pi": scott_pi(units),
            "fleiss_kappa": fleiss_kappa(units),
            "gwet_ac1": gwet_ac1(units, [0, 1]),
            "brennan_prediger": brennan_prediger(units, [0, 1]),
        }
        for name, value in expected.items():
            assert replicates[name][draw] == pytest.approx(value, abs=1e-12), name


def _nested(articles: int, per_article: int, seed: int) -> SharedRows:
    """Presence data whose units within an article are coded alike: correlated units."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[int, int]] = []
    clusters: list[int] = []
    for article in range(articles):
        pattern = [(0, 0), (1, 1), (0, 1), (1, 0), (1, 1), (0, 0)][int(rng.integers(0, 6))]
        rows.extend([pattern] * per_article)
        clusters.extend([article] * per_article)
    return SharedRows(rows, clusters=clusters)


def test_clustered_bootstrap_widens_the_interval_on_correlated_units() -> None:
    clustered = _nested(60, 25, 3)
    independent = SharedRows(list(clustered))  # the same units, as if independent
    wide = bootstrap_alpha(clustered, "nominal", 500, 1, categories=[0, 1])
    narrow = bootstrap_alpha(independent, "nominal", 500, 1, categories=[0, 1])
    assert wide.alpha == pytest.approx(narrow.alpha)
    # 60 articles, not 1,500 units, carry the information: about sqrt(25) = 5 times as wide.
    assert (wide.high - wide.low) > 3 * (narrow.high - narrow.low)
    report = bootstrap_coefficients(clustered, "nominal", 500, 1, categories=[0, 1])
    assert report.method == "articles" and report.alpha == wide
    unclustered = bootstrap_coefficients(independent, "nominal", 500, 1, categories=[0, 1])
    assert unclustered.method == "units"
    for name in ("cohen_kappa", "fleiss_kappa", "gwet_ac1"):
        inside, outside = report.intervals[name], unclustered.intervals[name]
        assert inside.usable == 500 and inside.draws == 500
        assert (inside.high - inside.low) > 3 * (outside.high - outside.low), name


def test_clustered_intervals_are_those_of_the_resampled_articles() -> None:
    data = _nested(12, 4, 5)
    report = bootstrap_coefficients(data, "nominal", 50, 9, categories=[0, 1])
    # Replay the draws of articles and compute kappa on each resample from scratch.
    batches = list(ClusterDraws().batches(12, 50, 9))
    counts = np.concatenate(batches)
    kappas = []
    for draw in counts:
        units = [
            row
            for article, times in enumerate(draw)
            for _ in range(int(times))
            for row in list(data)[article * 4 : article * 4 + 4]
        ]
        kappas.append(cohen_kappa(units, None, [0, 1]))
    finite = np.array([k for k in kappas if not np.isnan(k)])
    interval = report.intervals["cohen_kappa"]
    assert interval.usable == finite.size
    assert interval.low == pytest.approx(np.quantile(finite, 0.025), abs=1e-12)
    assert interval.high == pytest.approx(np.quantile(finite, 0.975), abs=1e-12)


def _presence_table(data: Sequence[tuple[int | None, ...]], **fields: object) -> ReliabilityTable:
    values: dict[str, object] = {
        "kind": "code",
        "name": "码",
        "guid": "G",
        "unit": "article",
        "level": "nominal",
        "coders": [f"c{i}" for i in range(len(data[0]))],
        "data": data,
        "categories": [0, 1],
    }
    values.update(fields)
    return ReliabilityTable(**values)  # type: ignore[arg-type]


def test_an_interval_from_too_few_usable_draws_is_flagged() -> None:
    # One coder marked one unit of 60: most resamples miss it and have one value only.
    data: list[tuple[int | None, ...]] = [*([(0, 0)] * 59), (1, 0)]
    row = report_row(_presence_table(data), draws=400, seed=2)
    assert row.krippendorff_alpha is not None and row.alpha_interval is not None
    assert row.bootstrap["usable_draws"] < 0.95 * 400 and row.bootstrap["sound"] is False
    assert any("bootstrap draws gave a defined value" in note for note in row.notes)
    # Judged on the point alone, and the report says so.
    assert row.verdict_basis == "point estimate" and row.verdict == "below .667"
    payload = report_as_json([row])[0]
    assert payload["bootstrap"]["sound"] is False
    assert payload["usable_draws"] == payload["bootstrap"]["usable_draws"]


def test_probability_below_a_chosen_minimum() -> None:
    data: list[tuple[int | None, ...]] = [*([(1, 1), (0, 0)] * 10), *([(1, 0), (0, 1)] * 2)]
    at_800 = report_row(_presence_table(data), draws=300, seed=4)
    at_500 = report_row(_presence_table(data), draws=300, seed=4, minimum=0.5)
    assert at_800.bootstrap["p_below_minimum"] == at_800.p_below_800
    assert at_500.bootstrap["minimum"] == 0.5
    assert 0.0 <= at_500.bootstrap["p_below_minimum"] <= at_500.p_below_667


def test_percent_agreement_and_ac1_are_never_marked_and_the_text_says_why() -> None:
    # 93 % empty units: percent agreement and AC1 look excellent, alpha does not.
    data: list[tuple[int | None, ...]] = [*([(0, 0)] * 93), *([(1, 0)] * 4), *([(1, 1)] * 3)]
    row = report_row(_presence_table(data, unit="sentence"), draws=200)
    assert row.percent_agreement is not None and row.percent_agreement > 0.95
    assert row.gwet_ac1 is not None and row.gwet_ac1 > 0.95
    assert row.krippendorff_alpha is not None and row.krippendorff_alpha < 0.667
    assert set(row.flags) <= {"krippendorff_alpha", "alpha_low"}
    assert any("unmarked by every coder" in note for note in row.notes)
    assert row.n_marked_units == 7 and row.share_marked == pytest.approx(0.07)
    assert row.prevalence == {"c0": 7, "c1": 3}
    text = definitions()
    assert "much less" not in text and "2 x percent agreement - 1" in text


# --------------------------------------------------------------------------------------------
# A real SQLite project
# --------------------------------------------------------------------------------------------

TEXT_A = "社区开会。居民参加。党员带头！大家满意。"
TEXT_B = "街道检查。问题很多。整改完成。"


def _project(database: ProjectDatabase) -> dict[str, int]:
    """Two articles, three coders, codes 参与 (used), 党建 (used by one), 空码 (by nobody),
    an ordinal variable and a date.
    """
    with database.session() as session:
        articles = [
            Article(title=t[:4], content_hash=t * 8, raw_text=t, text=t, chars=len(t))
            for t in (TEXT_A, TEXT_B)
        ]
        coders = [Coder(name=name) for name in ("甲", "乙", "丙")]
        codes = [Code(name=name, position=i) for i, name in enumerate(("参与", "党建", "空码"))]
        session.add_all([*articles, *coders, *codes])
        session.flush()
        a, b = articles
        join, party, _unused = codes
        for article, code, coder, start, end in [
            (a, join, 0, 5, 10),
            (a, join, 1, 5, 10),
            (a, join, 2, 5, 9),
            (b, join, 0, 0, 5),
            (b, join, 1, 5, 10),
            (b, join, 2, 0, 5),
            (a, party, 0, 10, 16),
        ]:
            session.add(
                Segment(
                    article_id=article.id,
                    code_id=code.id,
                    coder_id=coders[coder].id,
                    start=start,
                    end=end,
                )
            )
        tone = Variable(name="语气", level="ordinal", position=0)
        tone.choices = [
            VariableChoice(value=v, position=i) for i, v in enumerate(["负面", "中性", "正面"])
        ]
        day = Variable(name="日期", level="date", position=1)
        session.add_all([tone, day])
        session.flush()
        for article, variable, coder, value in [
            (a, tone, 0, "正面"),
            (a, tone, 1, "中性"),
            (a, tone, 2, "正面"),
            (b, tone, 0, "负面"),
            (b, tone, 1, "负面"),
            (b, tone, 2, "中性"),
            (a, day, 0, "2024-05-06"),
            (a, day, 1, "2024-05-06"),
            (b, day, 0, "2024-05-01"),
            (b, day, 1, "2024-05-03"),
        ]:
            session.add(
                VariableValue(
                    article_id=article.id,
                    variable_id=variable.id,
                    coder_id=coders[coder].id,
                    value=value,
                )
            )
        return {"a": a.id, "b": b.id}


def test_article_report_fields_on_a_project(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    _project(sqlite_database)
    rows = agreement_report(sqlite_database, draws=200)
    names = [(row.name, row.level) for row in rows]
    assert names == [
        ("语气", "ordinal"),
        ("日期", "interval"),
        ("日期", "nominal"),
        ("参与", "nominal"),
        ("党建", "nominal"),
        ("空码", "nominal"),
        ("all codes", "nominal"),
    ]
    tone, days_apart, same_day, join, party, unused, overall = rows
    # Ordinal: AC2 with both weights (three coders), no weighted kappa (two coders only).
    ordinal = [(1, 2, 2), (0, 0, 1)]
    assert tone.weighted["gwet_ac2_quadratic"] == pytest.approx(
        gwet_ac2(ordinal, "quadratic", [0, 1, 2])
    )
    assert set(tone.weighted) == {"gwet_ac2_linear", "gwet_ac2_quadratic"}
    # The same day in one article of two: nominal alpha sees it, interval alpha barely does.
    assert same_day.krippendorff_alpha is not None and days_apart.krippendorff_alpha is not None
    assert same_day.krippendorff_alpha < days_apart.krippendorff_alpha
    assert any("same day" in note for note in same_day.notes)
    assert any("days apart" in note for note in days_apart.notes)
    # Prevalence at the article unit.
    assert join.prevalence == {"甲": 2, "乙": 2, "丙": 2} and join.n_marked_units == 2
    assert party.prevalence == {"甲": 1, "乙": 0, "丙": 0} and party.share_marked == 0.5
    # Nobody used 空码: not used, every coefficient empty, never 1.000.
    assert unused.verdict == NOT_USED and unused.n_marked_units == 0
    for name in ("percent_agreement", "gwet_ac1", "brennan_prediger", "krippendorff_alpha"):
        assert unused.value(name) is None and unused.undefined[name] == NOT_USED
    # The overall row: three codes, one not used.
    assert overall.kind == "overall" and overall.summary["codes"] == 3
    assert overall.summary["codes_not_used"] == 1
    # Three coders: the pairwise table for every code, in JSON too.
    payload = report_as_json(rows)
    assert [len(entry["pairwise"]) for entry in payload[:6]] == [3, 3, 3, 3, 3, 0]
    pair = payload[3]["pairwise"][0]
    assert set(pair) == {
        "coder_a", "coder_b", "cohen_kappa", "scott_pi", "percent_agreement", "n", "undefined",
    }  # fmt: skip
    json.dumps(payload)  # every value JSON can write
    # Excel carries the new columns.
    path = tmp_path / "report.xlsx"
    write_report_xlsx(rows, path)
    sheet = load_workbook(path)["Agreement"]
    header = [c.value for c in sheet[1]]
    by_name = {
        sheet.cell(r, 2).value + "/" + sheet.cell(r, 5).value: r
        for r in range(2, sheet.max_row + 1)
    }
    join_row = by_name["参与/nominal"]
    assert sheet.cell(join_row, header.index("n marked units") + 1).value == 2
    assert "甲: 2" in sheet.cell(join_row, header.index("units marked per coder") + 1).value
    assert sheet.cell(by_name["空码/nominal"], header.index("verdict") + 1).value == NOT_USED
    # The command line's table leads with alpha and shows the verdict.
    text = format_report(rows)
    assert "verdict" in text.splitlines()[1] and "Overall (article)" in text
    assert "Units marked per coder" in text and "Gwet's AC2, quadratic weights" in text


def test_sentence_and_continuum_report_fields_on_a_project(
    sqlite_database: ProjectDatabase,
) -> None:
    _project(sqlite_database)
    sentences = agreement_report(sqlite_database, "sentence", draws=100)
    join = sentences[0]
    # 4 + 3 sentences; every coder marked one sentence in each article.
    assert join.units_per_article == {
        "articles": 2, "min": 3, "median": 3.5, "mean": 3.5, "max": 4,
    }  # fmt: skip
    assert join.prevalence == {"甲": 2, "乙": 2, "丙": 2} and join.bootstrap["method"] == "articles"
    assert all(i.draws == 100 for i in join.intervals.values())
    assert sentences[-1].kind == "overall"
    continuum = agreement_report(sqlite_database, "continuum", draws=10)
    overall = continuum[-1]
    # Unitizing alpha over every code at once, as unitizing_alpha_report computes it.
    with sqlite_database.session() as session:
        spans = session.execute(select(Segment.coder_id, Segment.code_id, Segment.article_id,
                                       Segment.start, Segment.end)).all()  # fmt: skip
    offset = {min(a for *_, a, _s, _e in spans): 0}
    offset[max(a for *_, a, _s, _e in spans)] = len(TEXT_A)
    laid: dict[int, list[tuple[int, int, int]]] = {}
    for coder, code, article, start, end in spans:
        laid.setdefault(coder, []).append((offset[article] + start, offset[article] + end, code))
    expected = unitizing_alpha_report(len(TEXT_A) + len(TEXT_B), laid).alpha
    assert overall.krippendorff_alpha == pytest.approx(expected)
    assert continuum[0].prevalence == {"甲": 2, "乙": 2, "丙": 2}


def test_each_row_says_what_it_compares_and_what_its_verdict_rests_on(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    """A date's two rows name what they compare; every verdict is the bar its judged value
    (lower bound when sound, else alpha) falls under, so shading by it tells the same story.
    """
    _project(sqlite_database)
    rows = agreement_report(sqlite_database, draws=200)
    by_level = {(row.name, row.level): row for row in rows}
    assert by_level[("日期", "interval")].compared_as == DAYS_APART
    assert by_level[("日期", "nominal")].compared_as == SAME_DAY
    assert {row.compared_as for row in rows if row.name != "日期"} == {""}
    payload = report_as_json(rows)
    assert [entry["compared_as"] for entry in payload if entry["name"] == "日期"] == [
        "days apart",
        "same day",
    ]
    path = tmp_path / "report.xlsx"
    write_report_xlsx(rows, path)
    levels = [cell.value for cell in load_workbook(path)["Agreement"]["E"]][1:]
    assert "interval (days apart)" in levels and "nominal (same day)" in levels

    verdict_of_bar = {None: VERDICT_FIRM, "below .800": VERDICT_TENTATIVE}
    verdict_of_bar["below .667"] = VERDICT_BELOW
    judged_rows = 0
    for row in rows:
        judged = judged_value(row)
        if row.kind == "overall" or row.verdict in (NOT_USED, VERDICT_UNDEFINED):
            assert judged is None
            continue
        judged_rows += 1
        if row.verdict_basis == "lower bound":
            assert row.alpha_interval is not None and judged == row.alpha_interval[0]
        else:
            assert judged == row.krippendorff_alpha
        assert row.verdict == verdict_of_bar[_flag(judged)]
    assert judged_rows >= 3


def test_a_row_without_a_sound_interval_is_judged_on_alpha_itself() -> None:
    # Too few usable draws: the verdict and its number are alpha itself, not the lower bound.
    data: list[tuple[int | None, ...]] = [*([(0, 0)] * 59), (1, 0)]
    row = report_row(_presence_table(data), draws=400, seed=2)
    assert row.verdict_basis == "point estimate" and judged_value(row) == row.krippendorff_alpha


def test_the_continuum_says_why_it_has_no_interval(sqlite_database: ProjectDatabase) -> None:
    _project(sqlite_database)
    rows = agreement_report(sqlite_database, "continuum", draws=10)
    join = rows[0]
    assert join.krippendorff_alpha is not None and join.alpha_interval is None
    reason = join.undefined["alpha_interval"]
    assert reason == NO_UNITIZING_INTERVAL and "character unit" in reason
    assert join.verdict_basis == "point estimate" and judged_value(join) == join.krippendorff_alpha

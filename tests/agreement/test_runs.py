"""Character units as weighted runs, and sentences and paragraphs gathered per article into
weighted rows, give the numbers of the units one by one.

The reference is the definition spelled out: one row per unit (``per_unit=True``), every
coefficient computed on those rows. Random projects (hypothesis) check that the runs expand to
exactly those rows (the gathered sentences and paragraphs to the same rows per article) and
that every number of the report (coefficients, reasons, pairwise kappas, the bootstrap
interval) is the same to 1e-12; the point estimates also match the plain rows' without
clusters, and clustering by article widens the interval of sentences coded alike. Plain weighted rows check the
statistics on their own, and the clustered bootstrap is checked against resampling whole
articles by hand.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert

from agreement.reliability import ReliabilityTable, Unit, code_tables, load_coding
from agreement.report import (
    COEFFICIENTS,
    ReportRow,
    agreement_report,
    definition_items,
    report_as_json,
    report_row,
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
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    pairable_units,
    percent_agreement,
    scott_pi,
)
from models.database import ProjectDatabase, create_project
from models.entities import Article, Assignment, Code, Coder, Segment, VariableValue
from tests.agreement.test_reliability import A1, A2, build_project

TOLERANCE = 1e-12
Row = tuple[int | None, ...]


def close(a: float | None, b: float | None) -> bool:
    """Both undefined, or within TOLERANCE of each other."""
    if a is None or b is None:
        return a is None and b is None
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= TOLERANCE


def expanded(table: ReliabilityTable) -> tuple[list[object], list[tuple[int, int, int]]]:
    """A run table's rows and units, each run repeated character by character."""
    assert table.weights is not None and table.units is not None
    rows: list[object] = []
    units: list[tuple[int, int, int]] = []
    for index, (row, weight) in enumerate(zip(table.data, table.weights.tolist(), strict=True)):
        article, start, end = table.units[index]
        assert end - start == weight
        rows.extend([row] * weight)
        units.extend((article, position, position + 1) for position in range(start, end))
    return rows, units


def assert_same_row(runs: ReportRow, characters: ReportRow) -> None:
    """Every number and reason of two report rows agree (numbers to TOLERANCE)."""
    for name in COEFFICIENTS:
        assert close(runs.value(name), characters.value(name)), name
    assert runs.undefined == characters.undefined
    assert runs.n_units == characters.n_units and runs.draws == characters.draws
    if characters.alpha_interval is None:
        assert runs.alpha_interval is None
    else:
        assert runs.alpha_interval is not None
        assert close(runs.alpha_interval[0], characters.alpha_interval[0])
        assert close(runs.alpha_interval[1], characters.alpha_interval[1])
    assert close(runs.p_below_800, characters.p_below_800)
    assert close(runs.p_below_667, characters.p_below_667)
    assert [(p.coder_a, p.coder_b, p.n, p.undefined) for p in runs.pairwise] == [
        (p.coder_a, p.coder_b, p.n, p.undefined) for p in characters.pairwise
    ]
    for mine, theirs in zip(runs.pairwise, characters.pairwise, strict=True):
        assert close(mine.kappa, theirs.kappa)
    assert (runs.unit, runs.notes, runs.flags) == (
        characters.unit,
        characters.notes,
        characters.flags,
    )


# --------------------------------------------------------------------------------------------
# Random projects, through the database
# --------------------------------------------------------------------------------------------


@st.composite
def projects(draw: st.DrawFn) -> dict[str, Any]:
    """Articles (some empty), codes, coders, segments (some outside their text), done marks."""
    coders = draw(st.integers(2, 4))
    lengths = draw(st.lists(st.integers(0, 30), min_size=1, max_size=5))
    codes = draw(st.integers(1, 3))
    article = st.integers(0, len(lengths) - 1)
    # (article, code, coder, start, length): short stretches, some outside the text or empty.
    marks = st.tuples(
        article,
        st.integers(0, codes - 1),
        st.integers(0, coders - 1),
        st.integers(-1, 30),
        st.integers(0, 8),
    )
    segments = [(a, k, c, s, s + n) for a, k, c, s, n in draw(st.lists(marks, max_size=30))]
    done = draw(st.lists(st.tuples(article, st.integers(0, coders - 1)), max_size=6))
    chosen = draw(st.none() | st.sets(st.integers(0, coders - 1), min_size=2))
    # Two of the compared coders always finished the first article: something to compare.
    first, second = sorted(chosen)[:2] if chosen else (0, 1)
    done = [(0, first), (0, second), *done]
    return {
        "coders": coders,
        "lengths": lengths,
        "codes": codes,
        "segments": segments,
        "done": sorted(set(done)),
        "chosen": None if chosen is None else sorted(chosen),
        "coded_units_only": draw(st.booleans()),
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProjectDatabase]:
    """One project file for the module: every example empties it and fills it again."""
    database = create_project(Path(tmp_path_factory.mktemp("runs")) / "runs.articoder")
    yield database
    database.close()


def fill(database: ProjectDatabase, spec: dict[str, Any]) -> None:
    with database.engine.begin() as connection:
        for entity in (Segment, Assignment, VariableValue, Article, Code, Coder):
            connection.execute(delete(entity))
        connection.execute(
            insert(Coder), [{"id": c + 1, "name": f"编码员{c}"} for c in range(spec["coders"])]
        )
        connection.execute(
            insert(Code),
            [{"id": k + 1, "name": f"代码{k}", "position": k} for k in range(spec["codes"])],
        )
        connection.execute(
            insert(Article),
            [
                {
                    "id": a + 1,
                    "title": f"文章{a}",
                    "content_hash": f"{a:064d}",
                    "raw_text": text,
                    "text": text,
                    "chars": len(text),
                }
                for a, text in enumerate(spec.get("texts") or ["字" * n for n in spec["lengths"]])
            ],
        )
        if spec["segments"]:
            connection.execute(
                insert(Segment),
                [
                    {
                        "article_id": a + 1,
                        "code_id": k + 1,
                        "coder_id": c + 1,
                        "start": start,
                        "end": end,
                    }
                    for a, k, c, start, end in spec["segments"]
                ],
            )
        connection.execute(
            insert(Assignment),
            [{"article_id": a + 1, "coder_id": c + 1, "status": "done"} for a, c in spec["done"]],
        )


@settings(max_examples=100, deadline=None)
@given(projects())
def test_runs_give_the_numbers_of_the_characters(
    project: ProjectDatabase, spec: dict[str, Any]
) -> None:
    fill(project, spec)
    names = None if spec["chosen"] is None else [f"编码员{c}" for c in spec["chosen"]]
    coding = load_coding(project, names, offsets=True)
    only = spec["coded_units_only"]
    runs = list(code_tables(coding, "character", coded_units_only=only))
    characters = list(code_tables(coding, "character", coded_units_only=only, per_unit=True))
    assert [t.name for t in runs] == [t.name for t in characters]
    for run_table, character_table in zip(runs, characters, strict=True):
        rows, units = expanded(run_table)
        assert rows == character_table.data
        assert character_table.units is not None
        assert units == [character_table.units[i] for i in range(len(character_table.units))]
        # Each run's cluster is its article.
        assert run_table.units is not None and run_table.clusters is not None
        assert [coding.article_ids[c] for c in run_table.clusters.tolist()] == [
            run_table.units[i][0] for i in range(len(run_table.units))
        ]
        # Neighbouring runs of one article differ: the runs are as long as they can be.
        for i in range(1, len(run_table.data)):
            previous, this = run_table.units[i - 1], run_table.units[i]
            if previous[0] == this[0] and previous[2] == this[1]:
                assert run_table.data[i - 1] != run_table.data[i]
        assert_same_row(
            report_row(run_table, draws=60, seed=11),
            report_row(character_table, draws=60, seed=11),
        )


def test_character_report_on_the_small_project(database: ProjectDatabase) -> None:
    build_project(database)
    rows = {row.name: row for row in agreement_report(database, "character", draws=100)}
    coding = load_coding(database, offsets=True)
    for table in code_tables(coding, "character", per_unit=True):
        assert_same_row(rows[table.name], report_row(table, draws=100))
    # 甲 and 乙 coded A1 and A2, 丙 A2 only: every character of both has two values or more.
    assert rows["参与"].n_units == len(A1) + len(A2)
    assert rows["参与"].unit == "character" and rows["参与"].draws == 100


# --------------------------------------------------------------------------------------------
# Sentences and paragraphs: each article's equal rows gathered
# --------------------------------------------------------------------------------------------


@st.composite
def projects_with_sentences(draw: st.DrawFn) -> dict[str, Any]:
    """A random project whose texts have sentences, blank lines and lines of several sentences."""
    spec = draw(projects())
    letters = st.sampled_from("字字字字。！\n ")
    spec["texts"] = [
        "".join(draw(st.lists(letters, min_size=n, max_size=n))) for n in spec["lengths"]
    ]
    return spec


def without_clusters(table: ReliabilityTable) -> ReliabilityTable:
    return dataclasses.replace(table, clusters=None)


@settings(max_examples=100, deadline=None)
@given(projects_with_sentences(), st.sampled_from(["sentence", "paragraph"]))
def test_gathered_rows_give_the_numbers_of_the_units(
    project: ProjectDatabase, spec: dict[str, Any], unit: Unit
) -> None:
    fill(project, spec)
    names = None if spec["chosen"] is None else [f"编码员{c}" for c in spec["chosen"]]
    coding = load_coding(project, names, offsets=True)
    only = spec["coded_units_only"]
    gathered = list(code_tables(coding, unit, coded_units_only=only))
    units = list(code_tables(coding, unit, coded_units_only=only, per_unit=True))
    assert [t.name for t in gathered] == [t.name for t in units]
    for table, unit_table in zip(gathered, units, strict=True):
        assert table.weights is not None and table.clusters is not None
        assert unit_table.units is not None and unit_table.clusters is not None
        # The gathered rows are the units' rows, article by article, with their multiplicity.
        expected = Counter(zip(unit_table.clusters.tolist(), unit_table.data, strict=True))
        found = zip(table.clusters.tolist(), table.data, table.weights.tolist(), strict=True)
        assert {(c, row): w for c, row, w in found} == expected
        assert len(table.data) == len(expected)
        gathered_row = report_row(table, draws=60, seed=11)
        # Every number, the article-clustered interval included, as on the units one by one...
        assert_same_row(gathered_row, report_row(unit_table, draws=60, seed=11))
        # ...and the point estimates of the plain, unweighted and unclustered, rows.
        plain = report_row(without_clusters(unit_table), draws=60, seed=11)
        for name in COEFFICIENTS:
            assert close(gathered_row.value(name), plain.value(name)), name
        assert gathered_row.n_units == plain.n_units
        assert gathered_row.undefined == plain.undefined
        for mine, theirs in zip(gathered_row.pairwise, plain.pairwise, strict=True):
            assert (mine.n, mine.undefined) == (theirs.n, theirs.undefined)
            assert close(mine.kappa, theirs.kappa)


def test_sentence_interval_is_clustered_by_article(project: ProjectDatabase) -> None:
    # Twelve articles of 20 sentences, two coders, one code marked article by article: both
    # coders mark all of articles 0-5, only the first coder all of 6-8, nobody 9-11. Sentences
    # of one article are coded alike, so they say little more than one sentence would.
    spec: dict[str, Any] = {
        "coders": 2,
        "codes": 1,
        "lengths": [40] * 12,
        "texts": ["字。" * 20] * 12,
        "segments": [(a, 0, c, 0, 40) for a in range(6) for c in (0, 1)]
        + [(a, 0, 0, 0, 40) for a in range(6, 9)],
        "done": [(a, c) for a in range(12) for c in (0, 1)],
    }
    fill(project, spec)
    coding = load_coding(project, offsets=True)
    (table,) = code_tables(coding, "sentence")
    (unit_table,) = code_tables(coding, "sentence", per_unit=True)
    clustered = report_row(table, draws=500, seed=4)
    by_sentence = report_row(without_clusters(unit_table), draws=500, seed=4)
    assert clustered.n_units == by_sentence.n_units == 240
    assert close(clustered.krippendorff_alpha, by_sentence.krippendorff_alpha)
    assert clustered.alpha_interval is not None and by_sentence.alpha_interval is not None
    width = clustered.alpha_interval[1] - clustered.alpha_interval[0]
    naive = by_sentence.alpha_interval[1] - by_sentence.alpha_interval[0]
    # 240 sentences but twelve articles: resampling sentences pretends to know far more.
    assert width > 3 * naive


# --------------------------------------------------------------------------------------------
# Weighted rows in the statistics
# --------------------------------------------------------------------------------------------

VALUES = [1, 2, 3, 4]
LEVELS: list[Level] = ["nominal", "ordinal", "interval"]
weighted_tables = st.integers(2, 4).flatmap(
    lambda coders: st.lists(
        st.tuples(
            st.tuples(*[st.none() | st.sampled_from(VALUES)] * coders),
            st.integers(1, 6),
            st.integers(0, 4),
        ),
        min_size=1,
        max_size=25,
    )
)


def split(table: list[tuple[Row, int, int]]) -> tuple[list[Row], list[int], list[int]]:
    return [row for row, _, _ in table], [w for _, w, _ in table], [c for _, _, c in table]


def one_by_one(table: list[tuple[Row, int, int]]) -> tuple[list[Row], list[int]]:
    """The units a weighted table stands for, and their clusters."""
    rows = [row for row, weight, _ in table for _ in range(weight)]
    return rows, [cluster for _, weight, cluster in table for _ in range(weight)]


@settings(max_examples=150, deadline=None)
@given(weighted_tables)
def test_weighted_rows_give_every_coefficient_of_the_units(
    table: list[tuple[Row, int, int]],
) -> None:
    rows, weights, _ = split(table)
    units, _ = one_by_one(table)
    weighted = SharedRows(rows, weights)
    plain = SharedRows(units)
    calls: dict[str, Callable[[ReliabilityData], float]] = {
        "percent_agreement": percent_agreement,
        "fleiss_kappa": fleiss_kappa,
        "gwet_ac1": lambda d: gwet_ac1(d, VALUES),
        "gwet_ac1 observed": gwet_ac1,
        "brennan_prediger": lambda d: brennan_prediger(d, VALUES),
        **{
            f"alpha {level}": (lambda d, lv=level: krippendorff_alpha(d, lv))  # type: ignore[misc]
            for level in ("nominal", "ordinal", "interval", "ratio")
        },
    }
    if len(rows[0]) == 2:
        calls["cohen_kappa"] = lambda d: cohen_kappa(d, None, VALUES)
        calls["cohen_kappa quadratic"] = lambda d: cohen_kappa(d, "quadratic", VALUES)
        calls["scott_pi"] = scott_pi
    for name, call in calls.items():
        assert close(call(weighted), call(units)), name
    for name in ("percent_agreement", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1"):
        assert explain_undefined(name, weighted, "nominal", VALUES) == explain_undefined(
            name, plain, "nominal", VALUES
        )
    assert pairable_units(weighted) == pairable_units(units)
    pair = weighted.pair(0, 1)
    assert pairable_units(pair) == pairable_units([u[:2] for u in units])
    assert close(cohen_kappa(pair, None, VALUES), cohen_kappa([u[:2] for u in units], None, VALUES))


@settings(max_examples=80, deadline=None)
@given(weighted_tables, st.sampled_from(LEVELS))
def test_weighted_bootstrap_is_the_bootstrap_of_the_units(
    table: list[tuple[Row, int, int]], level: Level
) -> None:
    rows, weights, clusters = split(table)
    units, unit_clusters = one_by_one(table)
    # Unclustered: the same patterns with the same frequencies, so the very same draws.
    by_weight = bootstrap_alpha(SharedRows(rows, weights), level, 40, 5)
    assert by_weight == bootstrap_alpha(units, level, 40, 5)
    # Clustered: each cluster brings the same pattern counts either way.
    by_runs = bootstrap_alpha(SharedRows(rows, weights, clusters), level, 40, 5)
    by_units = bootstrap_alpha(SharedRows(units, None, unit_clusters), level, 40, 5)
    assert by_runs.draws == by_units.draws
    for field in ("alpha", "low", "high", "p_below_800", "p_below_667"):
        assert close(getattr(by_runs, field), getattr(by_units, field)), field


def test_weights_and_clusters_are_checked() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SharedRows([(0, 1)], [0])
    with pytest.raises(ValueError, match="one integer per row"):
        SharedRows([(0, 1), (1, 1)], [1])
    with pytest.raises(ValueError, match="at least 0"):
        SharedRows([(0, 1)], [1], [-1])


# --------------------------------------------------------------------------------------------
# The clustered bootstrap
# --------------------------------------------------------------------------------------------

# Six articles, two coders: long runs on which the coders agree, and a few where they do not.
ARTICLES: list[list[tuple[Row, int]]] = [
    [((1, 1), 40), ((0, 0), 200), ((1, 0), 3)],
    [((0, 0), 150), ((1, 1), 25)],
    [((1, 1), 60), ((0, 1), 30), ((0, 0), 90)],
    [((0, 0), 300)],
    [((1, 1), 10), ((1, 0), 12), ((0, 0), 70), ((None, 1), 5)],
    [((0, 0), 80), ((1, 1), 80)],
]


RUN_ROWS: list[tuple[int | None, ...]] = [row for runs in ARTICLES for row, _ in runs]
RUN_LENGTHS = [length for runs in ARTICLES for _, length in runs]
RUN_ARTICLES = [a for a, runs in enumerate(ARTICLES) for _ in runs]


def article_rows() -> SharedRows:
    return SharedRows(RUN_ROWS, RUN_LENGTHS, RUN_ARTICLES)


def test_clustered_bootstrap_resamples_whole_articles() -> None:
    draws, seed = 300, 17
    result = bootstrap_alpha(article_rows(), "nominal", draws, seed, categories=[0, 1])
    # By hand: each draw picks six articles with replacement and pools their characters. Every
    # article here has characters coded by both coders, so all six are resampled.
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(ARTICLES), size=(draws, len(ARTICLES)))
    alphas = []
    for draw in picks:
        units = [row for a in draw for row, length in ARTICLES[a] for _ in range(length)]
        alphas.append(krippendorff_alpha(units, "nominal", [0, 1]))
    sample = np.array([a for a in alphas if not math.isnan(a)])
    assert result.draws == len(sample)
    low, high = np.quantile(sample, [0.025, 0.975])
    assert close(result.low, float(low)) and close(result.high, float(high))
    assert close(result.p_below_800, float(np.mean(sample < 0.8)))
    assert close(result.p_below_667, float(np.mean(sample < 0.667)))


def test_clustering_widens_the_interval_of_nested_units() -> None:
    clustered = bootstrap_alpha(article_rows(), "nominal", 500, 3, categories=[0, 1])
    data = article_rows()
    by_units = bootstrap_alpha(SharedRows(data, data.weights), "nominal", 500, 3, categories=[0, 1])
    assert clustered.alpha == by_units.alpha
    # Over 1,000 characters but six articles: resampling characters pretends to know far more.
    assert clustered.high - clustered.low > 3 * (by_units.high - by_units.low)


def test_shared_cluster_draws_change_no_number(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = bootstrap_alpha(article_rows(), "nominal", 250, 8)
    shared = ClusterDraws()
    first = bootstrap_alpha(article_rows(), "nominal", 250, 8, cluster_draws=shared)
    again = bootstrap_alpha(article_rows(), "nominal", 250, 8, cluster_draws=shared)
    assert alone == first == again
    # Smaller batches draw the same stream: the batch size only bounds the memory.
    monkeypatch.setattr("agreement.statistics._BOOTSTRAP_CELLS", 7)
    assert bootstrap_alpha(article_rows(), "nominal", 250, 8) == alone


# --------------------------------------------------------------------------------------------
# The report says so
# --------------------------------------------------------------------------------------------


def test_report_names_the_clustered_bootstrap_and_its_usable_draws() -> None:
    interval = dict(definition_items())["Alpha interval"]
    assert "clustered by article" in interval and "usable draws" in interval
    table = ReliabilityTable(
        kind="code",
        name="参与",
        guid="G",
        unit="character",
        level="nominal",
        coders=["甲", "乙"],
        data=list(RUN_ROWS),
        categories=[0, 1],
        weights=np.array(RUN_LENGTHS),
        clusters=np.array(RUN_ARTICLES),
    )
    row = report_row(table, draws=200)
    assert row.n_units == sum(
        length for runs in ARTICLES for row, length in runs if None not in row
    )
    (entry,) = report_as_json([row])
    assert entry["usable_draws"] == row.draws == 200
    assert list(entry).index("usable_draws") == list(entry).index("alpha_interval") + 1

"""Assisted coding against a real project: validation, thresholds, the reliability sample, and
suggestions that count for nothing until a coder accepts them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from openpyxl import load_workbook
from sqlalchemy import select, update

from agreement.reliability import reliability_tables
from coding.check import check_project
from exports.workbook import export_workbook
from models.entities import Base, Event, Segment
from models.journal import UndoStack, perform
from models.suggestions import Suggestion, SuggestionModel
from suggest.store import (
    AcceptSuggestion,
    RejectSuggestion,
    apply_model,
    load_model,
    report,
    suggestions_for_article,
    train_model,
)
from suggest.training import TrainSettings, grouped_folds
from suggest.units import SuggestError, reliability_sample
from tests.suggest.conftest import CODED, Project


def _codes(result_codes: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(c["code"]): c for c in result_codes}


def test_the_migration_makes_the_suggestion_tables_as_the_entities_say(project: Project) -> None:
    with project.database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, kind, _: not (name or "").startswith("article_grams")
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert [d for d in differences if "suggestion" in str(d)] == []


def test_grouped_folds_never_split_an_article_and_spread_the_positives() -> None:
    groups = np.repeat(np.arange(40), 5)
    labels = np.zeros(200, dtype=np.int8)
    labels[np.isin(groups, np.arange(0, 40, 4))] = 1  # 10 articles with positives
    folds = grouped_folds(labels, groups, 5, seed=3)
    for article in range(40):
        assert len(set(folds[groups == article].tolist())) == 1
    positive_articles_per_fold = [
        len(set(groups[(folds == f) & (labels == 1)].tolist())) for f in range(5)
    ]
    assert positive_articles_per_fold == [2, 2, 2, 2, 2]


def test_shared_folds_spread_the_rarest_codes_positives_and_keep_articles_whole() -> None:
    groups = np.repeat(np.arange(100), 3)
    labels = np.zeros((300, 3), dtype=np.int8)
    labels[np.isin(groups, np.arange(0, 100, 2)), 0] = 1  # 50 articles: common
    labels[np.isin(groups, np.arange(0, 100, 10)), 1] = 1  # 10 articles: rare
    labels[np.isin(groups, np.arange(3, 100, 20)), 2] = 1  # 5 articles: rarest
    folds = grouped_folds(labels, groups, 5, seed=11)
    for article in range(100):
        assert len(set(folds[groups == article].tolist())) == 1
    for code, each in ((2, 1), (1, 2)):
        per_fold = [
            len(set(groups[(folds == f) & (labels[:, code] == 1)].tolist())) for f in range(5)
        ]
        assert per_fold == [each] * 5
    common = [len(set(groups[(folds == f) & (labels[:, 0] == 1)].tolist())) for f in range(5)]
    assert sum(common) == 50 and min(common) >= 7
    assert sorted(np.bincount(folds[::3]).tolist()) == [20] * 5


def test_validation_reports_each_code_and_withholds_the_unpredictable_one(
    project: Project,
) -> None:
    result = train_model(project.database, "sentence", trained_by="甲")
    codes = _codes(result.codes)
    predictable, random_code = codes["红色物业"], codes["随机标记"]
    # The counts are the human coding's: every sentence of the coded articles is a unit.
    with project.database.session() as session:
        property_segments = session.scalars(
            select(Segment).where(Segment.code_id == project.property_code)
        ).all()
    consensus_positives = {(s.article_id, s.start) for s in property_segments}
    assert predictable["positives"] == len(consensus_positives)
    assert predictable["positives"] + predictable["negatives"] == result.units
    assert result.articles == CODED
    assert predictable["passed"] is True
    assert predictable["alpha"] >= 0.667 and predictable["f1"] >= 0.8
    assert set(predictable["alpha_by_coder"]) == {"甲", "乙"}
    assert random_code["passed"] is False
    assert "threshold" in str(random_code["reason"]) or "too few" in str(random_code["reason"])
    assert random_code["alpha"] is None or random_code["alpha"] < 0.667


def test_a_code_below_the_threshold_gets_no_suggestions(project: Project) -> None:
    train_model(project.database, "sentence")
    applied = apply_model(project.database, min_confidence=0.0)
    assert "红色物业" in applied.codes_suggested and "随机标记" in applied.codes_withheld
    with project.database.session() as session:
        suggested_codes = set(session.scalars(select(Suggestion.code_id)))
    assert project.property_code in suggested_codes
    assert project.random_code not in suggested_codes
    # A stricter lead: 200 positive units per code required, more than any code has.
    strict = train_model(project.database, "sentence", settings=TrainSettings(min_units=200))
    assert not any(c["passed"] for c in strict.codes)
    again = apply_model(project.database, min_confidence=0.0)
    assert again.suggestions == 0 and again.codes_suggested == []
    with project.database.session() as session:
        # The earlier model's pending suggestions of these articles were replaced by nothing.
        assert session.scalar(select(Suggestion.id).where(Suggestion.state == "pending")) is None


def test_reliability_sample_articles_never_get_suggestions(project: Project) -> None:
    assert set(project.sample) <= reliability_sample(project.database)
    train_model(project.database, "article")
    applied = apply_model(project.database, min_confidence=0.0)
    assert applied.skipped_sample == len(project.sample)
    assert applied.skipped_coded == CODED
    with project.database.session() as session:
        suggested_articles = set(session.scalars(select(Suggestion.article_id)))
    assert suggested_articles, "the other uncoded articles are pre-coded"
    assert suggested_articles <= set(project.uncoded) - set(project.sample)
    for article in project.sample:
        assert suggestions_for_article(project.database, article) == []
    # An article drawn into the sample after it was pre-coded: hidden and not acceptable.
    pre_coded = sorted(suggested_articles)[0]
    pending = suggestions_for_article(project.database, pre_coded)
    assert pending
    perform(project.database, AcceptSuggestion(pending[0].id, project.coders["甲"]))
    second = sorted(suggested_articles)[1]
    second_pending = suggestions_for_article(project.database, second)
    from team.assignments import assign_articles

    for name in ("甲", "乙"):
        assign_articles(project.database, name, [second])
    assert suggestions_for_article(project.database, second) == []
    with pytest.raises(SuggestError, match="reliability sample"):
        perform(project.database, AcceptSuggestion(second_pending[0].id, project.coders["甲"]))


def _segment_sheet_rows(database: object, path: Path) -> dict[str, list[tuple[object, ...]]]:
    export_workbook(database, path)  # type: ignore[arg-type]
    book = load_workbook(path, read_only=True)
    sheets = {
        name: [tuple(row) for row in book[name].iter_rows(values_only=True)]
        for name in book.sheetnames
        if name.lower() not in ("about", "说明", "readme")
    }
    book.close()
    return sheets


def test_suggestions_count_for_nothing_until_accepted(project: Project, tmp_path: Path) -> None:
    train_model(project.database, "article")
    tables_before = reliability_tables(project.database, "article")
    export_before = _segment_sheet_rows(project.database, tmp_path / "before.xlsx")
    with project.database.session() as session:
        segments_before = session.scalar(select(Segment.id).order_by(Segment.id.desc()).limit(1))
    applied = apply_model(project.database, min_confidence=0.0)
    assert applied.suggestions > 0
    tables_after = reliability_tables(project.database, "article")
    assert [(t.name, t.coders, t.data) for t in tables_after] == [
        (t.name, t.coders, t.data) for t in tables_before
    ]
    export_after = _segment_sheet_rows(project.database, tmp_path / "after.xlsx")
    assert export_after == export_before
    with project.database.session() as session:
        assert (
            session.scalar(select(Segment.id).order_by(Segment.id.desc()).limit(1))
            == segments_before
        )
    # Accepted, it is a segment of the accepting coder, and the export carries it.
    article = applied_article = next(
        a for a in project.uncoded if suggestions_for_article(project.database, a)
    )
    suggestion = suggestions_for_article(project.database, applied_article)[0]
    perform(project.database, AcceptSuggestion(suggestion.id, project.coders["乙"]))
    export_accepted = _segment_sheet_rows(project.database, tmp_path / "accepted.xlsx")
    assert export_accepted != export_before
    with project.database.session() as session:
        segment = session.scalars(select(Segment).where(Segment.article_id == article)).one()
    assert segment.coder_id == project.coders["乙"] and segment.code_id == suggestion.code_id


def test_accept_and_reject_are_recorded_and_undoable(project: Project) -> None:
    train_model(project.database, "sentence")
    apply_model(project.database, min_confidence=0.0)
    article = next(a for a in project.uncoded if suggestions_for_article(project.database, a))
    first, second = suggestions_for_article(project.database, article)[:2]
    coder = project.coders["甲"]
    undo = UndoStack(project.database, coder)
    undo.push(AcceptSuggestion(first.id, coder))
    undo.push(RejectSuggestion(second.id, coder))
    decided = {
        s.id: s
        for s in suggestions_for_article(project.database, article, ("accepted", "rejected"))
    }
    accepted, rejected = decided[first.id], decided[second.id]
    assert accepted.state == "accepted" and accepted.decided_by == "甲"
    assert accepted.decided_at is not None and accepted.segment_id is not None
    assert rejected.state == "rejected" and rejected.decided_by == "甲"
    assert rejected.segment_id is None
    with project.database.session() as session:
        segment = session.get(Segment, accepted.segment_id)
        assert segment is not None
        assert (segment.start, segment.end, segment.coder_id) == (first.start, first.end, coder)
        events = session.scalars(select(Event).order_by(Event.id.desc()).limit(2)).all()
    reject_event, accept_event = events
    assert accept_event.action == "segment-add"
    assert accept_event.payload["provenance"] == "machine accepted"
    assert accept_event.payload["suggestion"]["model_version"] == first.model_version
    assert reject_event.action == "suggestion-reject"
    assert reject_event.payload["guid"] == second.guid
    with pytest.raises(SuggestError, match="already accepted"):
        perform(project.database, AcceptSuggestion(first.id, coder))
    # The journal still proves every segment (check replays the segment-add).
    assert check_project(project.database).problems == []
    undo.undo()
    undo.undo()
    pending_ids = {s.id for s in suggestions_for_article(project.database, article)}
    assert {first.id, second.id} <= pending_ids
    with project.database.session() as session:
        assert session.get(Segment, accepted.segment_id) is None
    report_counts = report(project.database)["suggestions"]
    assert report_counts["红色物业"]["accepted"] == 0


def test_a_model_whose_weights_changed_is_refused(project: Project) -> None:
    result = train_model(project.database, "article")
    assert load_model(project.database).version == result.version
    with project.database.session() as session:
        session.execute(
            update(SuggestionModel)
            .where(SuggestionModel.version == result.version)
            .values(weights=b"PK\x03\x04 not the weights")
        )
    with pytest.raises(SuggestError, match="do not match their hash"):
        load_model(project.database)


def test_refusals_name_what_to_change(project: Project) -> None:
    with pytest.raises(SuggestError, match="no model trained yet"):
        apply_model(project.database)
    with pytest.raises(SuggestError, match="unit 'paragraph'"):
        train_model(project.database, "paragraph")
    with pytest.raises(SuggestError, match="no code '不存在'"):
        train_model(project.database, "article", codes=["不存在"])
    with pytest.raises(SuggestError, match="threshold 2"):
        train_model(project.database, "article", settings=TrainSettings(threshold=2))
    with pytest.raises(SuggestError, match="no coder"):
        train_model(project.database, "article", trained_by="丙")


def test_training_twice_on_the_same_coding_gives_two_versions(project: Project) -> None:
    first = train_model(project.database, "article")
    second = train_model(project.database, "article")
    assert first.version != second.version
    assert first.version.split("-")[-1] == second.version.split("-")[-1]  # the same weights
    with project.database.session() as session:
        versions = session.scalars(select(SuggestionModel.version)).all()
    assert versions == [first.version, second.version]
    assert load_model(project.database).version == second.version
    assert load_model(project.database, first.version).version == first.version


def test_migration_0004_upgrades_and_downgrades_an_older_project(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect

    from models.database import MIGRATIONS, to_url

    url = to_url(tmp_path / "old.articoder")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0003")
    command.upgrade(config, "0004")
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    assert {"suggestions", "suggestion_models"} <= tables
    engine.dispose()
    command.downgrade(config, "0003")
    engine = create_engine(url)
    assert not {"suggestions", "suggestion_models"} & set(inspect(engine).get_table_names())
    engine.dispose()

"""What to code next: uncertainty sampling on the weak codes, on a real project and its command."""

from __future__ import annotations

import argparse
import json

import numpy as np
import pytest

from articoder.cli_suggest import add_suggest_commands
from suggest.active import article_uncertainty, next_articles, uncertainty
from suggest.store import load_model, score_texts, train_model
from suggest.training import TrainSettings
from suggest.units import SuggestError, read_texts
from tests.suggest.conftest import CODED, Project


def test_uncertainty_is_highest_at_one_half_and_an_article_takes_its_least_sure_unit() -> None:
    assert uncertainty(np.array([0.5, 0.0, 1.0, 0.75])).tolist() == [1.0, 0.0, 0.0, 0.5]
    probability = np.array(
        [
            [0.9, 0.5, 0.2],  # article 7, sentence 1
            [0.6, 0.99, 0.1],  # article 7, sentence 2
            [0.05, 0.3, 0.45],  # article 3
        ]
    )
    order, unsure, chosen = article_uncertainty([7, 7, 3], probability, [0, 2])
    assert order == [7, 3]
    np.testing.assert_allclose(unsure, [[0.8, 0.4], [0.1, 0.9]])
    np.testing.assert_allclose(chosen, [[0.6, 0.2], [0.05, 0.45]])


def test_next_orders_uncoded_articles_by_mean_uncertainty_of_the_weak_codes(
    project: Project,
) -> None:
    with pytest.raises(SuggestError, match="no model trained yet"):
        next_articles(project.database)
    train_model(project.database, "sentence")
    result = next_articles(project.database, limit=100)
    # 随机标记 cannot be predicted from the text: below the bar, so it drives the order.
    assert "随机标记" in result.weak_codes and "红色物业" not in result.weak_codes
    assert not result.all_passed
    expected_candidates = set(project.uncoded) - set(project.sample)
    assert result.candidates == len(expected_candidates)
    assert {a.article_id for a in result.articles} == expected_candidates
    # Each score, recomputed one article at a time from the stored model's probabilities.
    model = load_model(project.database)
    weak = [model.code_ids.index(c) for c in (project.random_code,)]
    weak_columns = [
        model.code_ids.index(c)
        for c in model.code_ids
        if str(next(v for v in model.validation["codes"] if v["code_id"] == c)["code"])
        in result.weak_codes
    ]
    assert weak[0] in weak_columns
    for article in result.articles:
        _ids, _spans, probability = score_texts(
            project.database, model, read_texts(project.database, [article.article_id])
        )
        per_code = (1 - 2 * np.abs(probability[:, weak_columns] - 0.5)).max(axis=0)
        assert article.score == pytest.approx(float(per_code.mean()), abs=1e-4)
        assert article.codes[0].uncertainty == pytest.approx(float(per_code.max()), abs=1e-4)
    scores = [(-a.score, a.article_id) for a in result.articles]
    assert scores == sorted(scores)
    # A limit keeps the best ones, in the same order.
    top = next_articles(project.database, limit=3)
    assert [a.article_id for a in top.articles] == [a.article_id for a in result.articles[:3]]
    with pytest.raises(SuggestError, match="at least 1"):
        next_articles(project.database, limit=0)


def test_when_every_code_passes_all_of_them_decide(project: Project) -> None:
    train_model(project.database, "sentence", settings=TrainSettings(threshold=-1.0))
    result = next_articles(project.database, limit=5)
    assert result.all_passed and len(result.weak_codes) >= 2
    assert len(result.articles) == 5
    assert not {a.article_id for a in result.articles} & set(project.article_ids[:CODED])


def test_the_next_command_prints_json(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    train_model(project.database, "sentence")
    path = str(project.path)
    project.database.close()
    parser = argparse.ArgumentParser(prog="articoder")
    add_suggest_commands(parser.add_subparsers(dest="command", required=True))
    arguments = parser.parse_args(["suggest", "next", path, "--limit", "4", "--json"])
    arguments.handler(arguments)
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["articles"]) == 4
    assert printed["weak_codes"] and printed["version"].startswith("sentence-")
    first = printed["articles"][0]
    assert set(first) == {"article_id", "title", "score", "codes"}
    assert first["codes"][0]["code"] in printed["weak_codes"]
    arguments = parser.parse_args(["suggest", "next", path, "--limit", "2"])
    arguments.handler(arguments)
    text = capsys.readouterr().out
    assert "mean uncertainty" in text and str(first["article_id"]) in text

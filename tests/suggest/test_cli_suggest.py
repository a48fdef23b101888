"""`articoder suggest ...` on a real project: train --json, apply, list, accept, report."""

from __future__ import annotations

import argparse
import json

import pytest

from articoder.cli_suggest import add_suggest_commands
from tests.suggest.conftest import Project


def _run(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="articoder")
    add_suggest_commands(parser.add_subparsers(dest="command", required=True))
    arguments = parser.parse_args(argv)
    arguments.handler(arguments)


def test_train_apply_review_report(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(project.path)
    project.database.close()
    _run(["suggest", "train", path, "--unit", "sentence", "--coder", "甲", "--json"])
    trained = json.loads(capsys.readouterr().out)
    codes = {c["code"]: c for c in trained["codes"]}
    assert trained["unit"] == "sentence" and trained["articles"] == 48
    assert codes["红色物业"]["passed"] and not codes["随机标记"]["passed"]
    assert {
        "precision",
        "recall",
        "f1",
        "alpha",
        "alpha_by_coder",
        "positives",
        "negatives",
    } <= set(codes["红色物业"])

    _run(["suggest", "apply", path, "--min-confidence", "0.8", "--json"])
    applied = json.loads(capsys.readouterr().out)
    assert applied["min_confidence"] == 0.8 and applied["suggestions"] > 0
    assert applied["skipped_sample"] == 2

    article = project.uncoded[0] if project.uncoded[0] not in project.sample else project.uncoded[1]
    _run(["suggest", "list", path, str(article), "--json"])
    listed = json.loads(capsys.readouterr().out)
    assert listed and all(s["confidence"] >= 0.8 for s in listed)
    _run(["suggest", "accept", path, str(listed[0]["id"]), "--coder", "乙"])
    assert "accepted 1 suggestions as 乙" in capsys.readouterr().out

    _run(["suggest", "report", path, "--json"])
    reported = json.loads(capsys.readouterr().out)
    assert reported["models"][-1]["trained_by"] == "甲"
    assert sum(s["accepted"] for s in reported["suggestions"].values()) == 1
    _run(["suggest", "report", path])
    text = capsys.readouterr().out
    assert "红色物业" in text and "suggested when alpha >= 0.667" in text


def test_refusals_are_one_line(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(project.path)
    project.database.close()
    with pytest.raises(SystemExit) as exit_:
        _run(["suggest", "apply", path])
    assert exit_.value.code == 1
    assert capsys.readouterr().err.strip() == (
        "articoder: no model trained yet: run `articoder suggest train PROJECT` first"
    )
    with pytest.raises(SystemExit):
        _run(["suggest", "accept", path, "1", "--coder", "丙"])
    assert "no coder '丙'" in capsys.readouterr().err

"""The agreement report without the articles where a machine suggestion was accepted.

A real project file (tests/suggest/conftest.py's coded project: articles 0-5 coded by both
coders) gets a model, a suggestion in a double-coded article, and a coder who accepts it: the
report with ``without_machine_accepted`` must be the report of the other articles, in the
library call and on the command line. Pending and rejected suggestions change nothing.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from agreement.reliability import AgreementError, load_coding, reliability_tables
from agreement.report import agreement_report
from articoder.cli_agreement import add_agreement_command
from models.journal import perform
from models.suggestions import Suggestion, SuggestionModel
from suggest.store import AcceptSuggestion, RejectSuggestion, train_model
from tests.suggest.conftest import Project, build_project


def _suggest(project: Project, article_number: int, code_id: int) -> int:
    """A pending suggestion of `code_id` on the article's first sentence; its id."""
    article_id = project.article_ids[article_number]
    with project.database.session() as session:
        model = session.scalars(select(SuggestionModel)).first()
        assert model is not None
        return int(
            session.execute(
                insert(Suggestion)
                .values(
                    article_id=article_id,
                    code_id=code_id,
                    model_id=model.id,
                    model_version=model.version,
                    unit="article",
                    start=0,
                    end=5,
                    confidence=0.9,
                )
                .returning(Suggestion.id)
            ).scalar_one()
        )


def _tables(project: Project, **options: object) -> dict[str, list[tuple[object, ...]]]:
    return {
        t.name: list(t.data)
        for t in reliability_tables(project.database, "article", **options)  # type: ignore[arg-type]
        if t.kind == "code"
    }


@pytest.fixture
def project(tmp_path: Path) -> Project:
    built = build_project(tmp_path)
    train_model(built.database, "article")
    return built


def test_only_accepted_suggestions_take_their_article_out(project: Project) -> None:
    both = project.article_ids[:6]
    everything = load_coding(project.database)
    assert everything.article_ids == both
    # Pending and rejected suggestions are not coding: nothing is left out for them.
    _suggest(project, 1, project.random_code)
    rejected = _suggest(project, 2, project.random_code)
    perform(project.database, RejectSuggestion(rejected, project.coders["甲"]))
    assert load_coding(project.database, without_machine_accepted=True).article_ids == both
    before = _tables(project)

    accepted = _suggest(project, 0, project.random_code)
    perform(project.database, AcceptSuggestion(accepted, project.coders["乙"]))
    with_machine = _tables(project)
    human_only = _tables(project, without_machine_accepted=True)
    # The accepted segment is 乙's coding now, so the ordinary report counts it...
    assert with_machine != before
    assert with_machine["随机标记"][0] != before["随机标记"][0]
    # ...and the report without it is exactly the report of articles 1-5.
    assert all(len(rows) == 5 for rows in human_only.values())
    assert human_only == _tables(project, articles=both[1:])
    # Explicitly chosen articles lose the machine-accepted one too.
    # The whole report (what the window computes) takes the same switch.
    report_rows = agreement_report(
        project.database, "article", draws=20, without_machine_accepted=True
    )
    assert {r.n_units for r in report_rows if r.kind == "code"} == {5}
    chosen = load_coding(project.database, articles=both[:3], without_machine_accepted=True)
    assert chosen.article_ids == both[1:3]
    with pytest.raises(AgreementError, match="machine suggestion was accepted"):
        load_coding(project.database, articles=both[:1], without_machine_accepted=True)


def test_the_command_line_reports_without_machine_accepted_articles(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    accepted = _suggest(project, 0, project.random_code)
    perform(project.database, AcceptSuggestion(accepted, project.coders["乙"]))
    path = str(project.path)
    project.database.close()

    def report(*extra: str) -> dict[str, dict[str, object]]:
        parser = argparse.ArgumentParser(prog="articoder")
        add_agreement_command(parser.add_subparsers(dest="command", required=True))
        arguments = parser.parse_args(["agreement", path, "--json", "-", "--draws", "50", *extra])
        arguments.handler(arguments)
        rows = json.loads(capsys.readouterr().out)
        listed = rows["rows"] if isinstance(rows, dict) else rows
        return {str(r["name"]): r for r in listed if r.get("kind") == "code"}

    with_machine = report()
    human_only = report("--without-machine-accepted")
    assert with_machine["随机标记"]["n_units"] == 6
    assert human_only["随机标记"]["n_units"] == 5
    assert human_only["红色物业"]["n_units"] == 5

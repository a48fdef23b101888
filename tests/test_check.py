"""`articoder check`: a clean demo project checks clean; each kind of corruption is reported."""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from articoder.cli_check import add_check_command
from articoder.demo_project import build_demo_project
from coding.check import CheckReport, check_project
from coding.coders import ensure_coder
from coding.workspace import Workspace
from models.database import open_project


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project with a few segments and a value, built once for the module."""
    path = tmp_path_factory.mktemp("demo") / "demo.articoder"
    database = build_demo_project(path)
    workspace = Workspace(database, ensure_coder(database, "甲"))
    codes = workspace.codes()
    code = next(  # a leaf: groups of codes are not codable by default
        c.id
        for c, after in zip(codes, [*codes[1:], None], strict=True)
        if not c.retired and (after is None or len(after.path) <= len(c.path))
    )
    for article in workspace.article_rows()[:4]:
        workspace.code_span(article.id, 0, 4, code)
        workspace.code_span(article.id, 5, 9, code)
    variable = next(v for v in workspace.variables() if v.level == "nominal")
    workspace.set_value(workspace.article_rows()[0].id, variable.id, variable.choices[0][0])
    # Coded, undone and redone: the journal replay must follow all three.
    later = workspace.article_rows()[5].id
    workspace.code_span(later, 1, 3, code)
    workspace.undo_stack.undo()
    workspace.undo_stack.redo()
    workspace.code_span(later, 4, 6, code)
    workspace.undo_stack.undo()
    workspace.close()
    return path


@pytest.fixture
def project(demo_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "project.articoder"
    shutil.copyfile(demo_file, target)
    return target


def _run(project: Path, *options: str) -> int:
    parser = argparse.ArgumentParser(prog="articoder")
    add_check_command(parser.add_subparsers(dest="command"))
    arguments = parser.parse_args(["check", str(project), *options])
    try:
        arguments.handler(arguments)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _check(project: Path) -> CheckReport:
    database = open_project(project)
    try:
        return check_project(database)
    finally:
        database.close()


def _messages(report: CheckReport, kind: str) -> list[str]:
    return [f"{p.where}: {p.message}" for p in report.problems if p.kind == kind]


def test_clean_project_checks_clean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _check(project)
    assert report.ok, report.problems
    assert report.checked["articles"] > 0
    assert report.checked["segments"] == 9
    assert report.checked["journal segment guids"] == 10
    assert report.checked["values"] == 1
    assert report.checked["search index"] == 1

    assert _run(project) == 0
    assert "No problems found." in capsys.readouterr().out
    assert _run(project, "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["ok"] is True
    assert printed["problems"] == []


def _corrupt(project: Path) -> dict[str, int]:
    """Break the project with raw SQL; return the ids of what was broken."""
    connection = sqlite3.connect(project)
    try:
        segments = [
            row
            for row in connection.execute(
                "SELECT s.id, s.article_id, a.chars FROM segments s "
                "JOIN articles a ON a.id = s.article_id ORDER BY s.id"
            )
        ]
        past_end, differs, dangling, deleted = segments[0], segments[2], segments[4], segments[6]
        connection.execute(
            'UPDATE segments SET "end" = ? WHERE id = ?', (past_end[2] + 5, past_end[0])
        )
        connection.execute("UPDATE segments SET text = '改动' WHERE id = ?", (differs[0],))
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("UPDATE segments SET code_id = 999999 WHERE id = ?", (dangling[0],))
        connection.execute("DELETE FROM segments WHERE id = ?", (deleted[0],))
        # An uncoded article whose text no longer follows from its raw text and edits (its
        # chars and hash kept consistent, so only that check fails).
        article, text = connection.execute(
            "SELECT id, text FROM articles WHERE id NOT IN (SELECT article_id FROM segments) "
            "ORDER BY id LIMIT 1"
        ).fetchone()
        changed = "改" + text[1:]
        connection.execute(
            "UPDATE articles SET text = ?, content_hash = ? WHERE id = ?",
            (changed, hashlib.sha256(changed.encode()).hexdigest(), article),
        )
        value = connection.execute("SELECT id FROM variable_values").fetchone()[0]
        connection.execute("UPDATE variable_values SET value = 'no_such_choice'")
        connection.commit()
    finally:
        connection.close()
    return {
        "past_end": past_end[0],
        "past_end_article": past_end[1],
        "differs": differs[0],
        "dangling": dangling[0],
        "article": article,
        "value": value,
    }


def test_corruptions_are_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _corrupt(project)
    report = _check(project)
    assert not report.ok

    segment = _messages(report, "segment")
    assert any(
        m.startswith(f"segment {broken['past_end']} ")
        and f"of article {broken['past_end_article']}" in m
        and "is not inside the article's text" in m
        for m in segment
    ), segment
    assert any(
        m.startswith(f"segment {broken['differs']} ") and "stored text '改动' differs" in m
        for m in segment
    ), segment
    assert len(segment) == 2

    reference = _messages(report, "reference")
    assert reference == [f"segment {broken['dangling']}: code_id = 999999: no code with id 999999"]
    sqlite_problems = _messages(report, "sqlite")
    assert any("segments row" in m and "codes" in m for m in sqlite_problems), sqlite_problems

    article = _messages(report, "article")
    assert len(article) == 1
    assert article[0].startswith(f"article {broken['article']} ")
    assert "not the raw text with its active edits applied" in article[0]
    assert "differ from offset 0" in article[0]

    value = _messages(report, "value")
    assert len(value) == 1
    assert value[0].startswith(f"value {broken['value']} ")
    assert "'no_such_choice' is not one of the choices" in value[0]

    journal = _messages(report, "journal")
    assert len(journal) == 1
    assert "the journal adds it" in journal[0] and "no such segment" in journal[0]

    assert _run(project) == 1
    out = capsys.readouterr().out
    assert "problems found:" in out
    assert f"[reference] segment {broken['dangling']}" in out
    assert _run(project, "--json") == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["ok"] is False
    assert {p["kind"] for p in printed["problems"]} == {
        "segment",
        "reference",
        "sqlite",
        "article",
        "value",
        "journal",
    }


def test_search_index_out_of_step_is_reported(project: Path) -> None:
    connection = sqlite3.connect(project)
    article, text = connection.execute("SELECT id, text FROM articles LIMIT 1").fetchone()
    connection.execute("DELETE FROM article_grams_docsize WHERE id = ?", (article,))
    connection.commit()
    connection.close()
    report = _check(project)
    search = _messages(report, "search")
    assert f"article {article}: is not in the search index" in search
    assert any("documents for" in m for m in search)
    assert text


def test_project_that_cannot_be_opened_gives_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_project = tmp_path / "notes.txt"
    not_a_project.write_text("hello", encoding="utf-8")
    assert _run(not_a_project) == 1
    assert "not an articoder project" in capsys.readouterr().err
    assert _run(tmp_path / "missing.articoder", "--json") == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["ok"] is False
    assert "no project here" in printed["error"]

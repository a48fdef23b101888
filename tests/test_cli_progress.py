"""`articoder progress`: the team's numbers as a table and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articoder.cli import main
from articoder.demo_project import build_demo_project
from coding.coders import ensure_coder
from coding.workspace import Workspace
from team.assignments import assign_articles


def test_progress_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.articoder"
    build_demo_project(path).close()
    workspace = Workspace.open(path, "组长")
    coder = Workspace(workspace.database, ensure_coder(workspace.database, "王芳"))
    leaf = next(c.id for c in coder.codes() if not c.retired and len(c.path) > 1)
    first, second = coder.article_rows()[:2]
    assign_articles(workspace.database, "王芳", [first.id, second.id])
    coder.code_span(first.id, 0, 3, leaf)
    coder.set_done(first.id)
    coder.set_done(second.id, done=False)
    workspace.close()

    assert main(["progress", str(path), "--days"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("王芳"))
    assert line.split()[1:5] == ["2", "1", "1", "1"]  # assigned, done, to do, segments
    assert "day" in out

    assert main(["progress", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (wang,) = [c for c in data["coders"] if c["name"] == "王芳"]
    assert (wang["assigned"], wang["done"], wang["todo"], wang["segments"]) == (2, 1, 1, 1)
    assert sum(d["articles_done"] for d in data["days"]) == 1

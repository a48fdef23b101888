"""`articoder edits` and `articoder restore-text` (articoder/cli_text.py) on a real project."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from articoder.cli import _run
from articoder.cli_text import add_text_commands
from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from codebook.tree import load_code_tree
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.articles import get_article
from corpus.importer import import_paths
from models.database import create_project

CODEBOOK = Path(__file__).parent / "fixtures" / "codebooks" / "small.yaml"
SOURCE = (
    "东湖社区推进红色物业\n"
    "东湖社区推行红色物业，居民议事会每月召开一次。\n"
    "版权所有 东湖日报 京ICP备12345678号\n"
)


@pytest.fixture
def project(tmp_path: Path) -> str:
    path = tmp_path / "study.articoder"
    database = create_project(path)
    import_codebook(database, read_codebook_text(CODEBOOK))
    source = tmp_path / "a.txt"
    source.write_text(SOURCE, encoding="utf-8")
    import_paths(database, [source])
    database.close()
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    # The commands as the main parser registers them (articoder/cli.py wires the same call).
    parser = argparse.ArgumentParser(prog="articoder")
    add_text_commands(parser.add_subparsers(dest="command", required=True))
    code = _run(parser.parse_args(list(argv)), list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_then_put_back_one_change(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "edits", project, "1", "--json")
    assert code == 0
    listed = json.loads(out)
    assert listed["article"] == 1 and listed["edits"]
    assert all(e["kind"] not in ("newline", "bom") for e in listed["edits"])
    copyright_line = next(e for e in listed["edits"] if "版权所有" in e["text"])
    assert copyright_line["active"] is True and copyright_line["kind"] == "boilerplate"
    assert "版权所有" not in get_text(project)

    code, out, _ = run(capsys, "edits", project, "1")
    assert code == 0 and "版权所有" in out and "restore-text" in out and "active" in out

    number = str(copyright_line["edit"])
    code, out, _ = run(capsys, "restore-text", project, "1", number)
    assert code == 0 and "Put back in article 1" in out
    assert "版权所有 东湖日报" in get_text(project)
    code, out, _ = run(capsys, "edits", project, "1", "--json")
    assert (
        next(e for e in json.loads(out)["edits"] if e["edit"] == copyright_line["edit"])["active"]
        is False
    )

    code, _, err = run(capsys, "restore-text", project, "1", number)
    assert code == 1 and "already put back" in err and "Traceback" not in err


def test_refusals_are_one_line(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "restore-text", project, "1", "99")
    assert code == 1 and "no cleaning change number 99" in err and "articoder edits" in err
    code, _, err = run(capsys, "edits", project, "7")
    assert code == 1 and "no article with id 7" in err
    # Once anyone codes the article, its text never changes again.
    database = create_project_reopened(project)
    coder = Workspace(database, ensure_coder(database, "王老师"))
    red = next(n.id for n in load_code_tree(database) if n.name == "红色物业")
    coder.code_span(1, 0, 2, red)
    database.close()
    code, out, _ = run(capsys, "edits", project, "1", "--json")
    number = str(json.loads(out)["edits"][0]["edit"])
    code, _, err = run(capsys, "restore-text", project, "1", number)
    assert code == 1 and "coded segments" in err and len(err.strip().splitlines()) == 1


def get_text(project: str) -> str:
    database = create_project_reopened(project)
    try:
        return get_article(database, 1).text
    finally:
        database.close()


def create_project_reopened(project: str):  # type: ignore[no-untyped-def]
    from models.database import open_project

    return open_project(project)

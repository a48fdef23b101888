"""The demo project ships prebuilt (articoder/demo/demo-vN.articoder), so a first launch copies
it instead of building it before the window can paint.

The shipped file must be what building the demo gives today: same articles, codebook, coders,
segments, values, done marks and journal, at the newest schema revision. When the demo's
content, its coders or the schema change, the test says to rebuild it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from articoder import demo_project
from models.database import head_revision, open_project

CHECKOUT = Path(__file__).resolve().parents[2]
REBUILD = "rebuild it: python -m articoder.demo_project (then commit the file)"

# Each query names rows by their content (titles, code and coder names), never by ids, GUIDs
# or times, which differ between two builds of the same demo.
CONTENT_QUERIES = {
    "project": "SELECT name, codebook_version FROM project",
    "articles": (
        "SELECT title, outlet, published, author, source_format, script, chars, text, flags "
        "FROM articles ORDER BY id"
    ),
    "codes": (
        "SELECT c.name, p.name, c.position, c.definition, c.keywords, c.color, c.retired "
        "FROM codes c LEFT JOIN codes p ON p.id = c.parent_id ORDER BY c.id"
    ),
    "variables": "SELECT name FROM variables ORDER BY id",
    "coders": "SELECT name, is_lead FROM coders ORDER BY id",
    "segments": (
        "SELECT k.name, a.title, c.name, s.start, s.end, s.text FROM segments s "
        "JOIN coders k ON k.id = s.coder_id JOIN articles a ON a.id = s.article_id "
        "JOIN codes c ON c.id = s.code_id ORDER BY k.name, a.id, c.name, s.start, s.end"
    ),
    "values": (
        "SELECT k.name, a.title, v.name, x.value FROM variable_values x "
        "JOIN coders k ON k.id = x.coder_id JOIN articles a ON a.id = x.article_id "
        "JOIN variables v ON v.id = x.variable_id ORDER BY k.name, a.id, v.name"
    ),
    "done marks": (
        "SELECT k.name, a.title, s.status, s.assigned FROM assignments s "
        "JOIN coders k ON k.id = s.coder_id JOIN articles a ON a.id = s.article_id "
        "ORDER BY k.name, a.id"
    ),
    "journal": (
        "SELECT k.name, e.action, e.entity FROM events e LEFT JOIN coders k ON k.id = e.coder_id "
        "ORDER BY e.id"
    ),
    "searchable": "SELECT count(*) FROM article_grams",
}


def content(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The demo's content, comparable between two builds."""
    with sqlite3.connect(path) as connection:
        found = {name: connection.execute(sql).fetchall() for name, sql in CONTENT_QUERIES.items()}
        (settings,) = connection.execute("SELECT settings FROM project").fetchone()
        lead_guid = json.loads(settings)["demo_coder"]
        found["opens as"] = connection.execute(
            "SELECT name FROM coders WHERE guid = ?", (lead_guid,)
        ).fetchall()
    return found


def test_the_shipped_demo_is_todays_demo(tmp_path: Path) -> None:
    shipped = demo_project.PREBUILT_DEMO
    assert shipped.is_file(), f"{shipped} is missing; {REBUILD}"
    with sqlite3.connect(shipped) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        (journal_mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    assert revision == head_revision(), f"the shipped demo is at schema {revision}; {REBUILD}"
    assert journal_mode == "delete"  # one file: no -wal to ship beside it
    assert not list(shipped.parent.glob(shipped.name + "-*"))

    fresh = tmp_path / "fresh.articoder"
    demo_project.build_demo_project(fresh, coding=True).close()
    expected, actual = content(fresh), content(shipped)
    assert expected["segments"] and expected["values"] and expected["done marks"]
    assert expected["opens as"] == [(demo_project.DEMO_CODERS[0].name,)]
    differing = [name for name in expected if expected[name] != actual[name]]
    assert differing == [], f"the shipped demo differs in {differing}; {REBUILD}"


def test_first_launch_copies_the_shipped_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def no_build(*_arguments: object, **_options: object) -> None:
        raise AssertionError("the demo was built although a prebuilt one ships")

    monkeypatch.setattr(demo_project, "build_demo_project", no_build)
    began = time.perf_counter()
    path = demo_project.demo_project_path()
    seconds = time.perf_counter() - began
    assert path == tmp_path / "data" / "articoder" / f"demo-v{demo_project.DEMO_VERSION}.articoder"
    assert path.read_bytes() == demo_project.PREBUILT_DEMO.read_bytes()
    assert seconds < 1.0, f"copying the demo took {seconds:.2f} s"
    database = open_project(path)  # the copy is the user's own, writable project
    database.close()
    assert demo_project.demo_project_path() == path  # the second launch finds it


def test_without_a_shipped_demo_it_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(demo_project, "PREBUILT_DEMO", tmp_path / "none.articoder")
    path = demo_project.demo_project_path()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM segments").fetchone()[0] > 0


def test_the_copy_needs_no_database_library(tmp_path: Path) -> None:
    """Importing the demo module and copying the demo loads neither SQLAlchemy nor the
    importer's libraries: the window's first paint does not wait for them.
    """
    probe = (
        "import json, sys\n"
        "from articoder.demo_project import demo_project_path\n"
        "demo_project_path()\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(CHECKOUT), XDG_DATA_HOME=str(tmp_path / "data")),
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert not {"sqlalchemy", "models", "corpus", "opencc", "jieba"} & loaded
    assert (tmp_path / "data" / "articoder").is_dir()

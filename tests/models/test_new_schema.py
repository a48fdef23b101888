"""A new SQLite project is made from models.database.HEAD_SCHEMA_SQLITE instead of by running
the migrations; it must be the very project the migrations make.

Compared on real files: every sqlite_master entry (tables, indexes, the FTS5 search table and
its shadow tables, their SQL up to whitespace), each table's columns (order, type, NOT NULL,
default, primary key), indexes and foreign keys, and the alembic_version row. When a new
migration changes the schema, the failure prints the statements to paste into HEAD_SCHEMA_SQLITE.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from models.database import MIGRATIONS, create_project, head_revision, open_project, to_url

CHECKOUT = Path(__file__).resolve().parents[2]


def migrated_project(path: Path) -> None:
    """A project file made the old way: every migration, run by Alembic."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", to_url(path))
    command.upgrade(config, "head")


def top_level_parts(body: str) -> list[str]:
    """A table body split at the commas outside parentheses."""
    parts, depth, start = [], 0, 0
    for position, character in enumerate(body):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == "," and depth == 0:
            parts.append(body[start:position].strip())
            start = position + 1
    return [*parts, body[start:].strip()]


def normalised(sql: str | None) -> str | None:
    """SQL up to whitespace and the order of a table's constraints.

    The migrations' text has tabs; and a table that a batch migration rebuilt (assignments, in
    0005) lists its constraints in an order that changes from run to run, while its columns'
    order is fixed and compared.
    """
    if sql is None:
        return None
    flat = re.sub(r"\s+", " ", sql).strip()
    flat = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", flat))
    if not flat.startswith("CREATE TABLE") or not flat.endswith(")") or "(" not in flat:
        return flat
    head, body = flat[:-1].split("(", 1)
    parts = top_level_parts(body)
    columns = [part for part in parts if not part.startswith("CONSTRAINT ")]
    constraints = sorted(part for part in parts if part.startswith("CONSTRAINT "))
    return f"{head}({', '.join([*columns, *constraints])})"


def schema(path: Path) -> dict[str, Any]:
    """Everything SQLite knows about the file's schema, in comparable form."""
    with sqlite3.connect(path) as connection:
        entries = [
            (kind, name, table, normalised(sql))
            for kind, name, table, sql in connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            )
        ]
        tables = [name for kind, name, _, _ in entries if kind == "table"]
        described: dict[str, Any] = {"entries": entries}
        for table in tables:
            indexes = sorted(
                (
                    unique,
                    origin,
                    tuple(row[2] for row in connection.execute(f"PRAGMA index_info('{name}')")),
                    name if not name.startswith("sqlite_autoindex") else "",
                )
                for _, name, unique, origin, _ in connection.execute(
                    f"PRAGMA index_list('{table}')"
                )
            )
            described[table] = {
                "columns": connection.execute(f"PRAGMA table_xinfo('{table}')").fetchall(),
                "indexes": indexes,
                "foreign keys": sorted(
                    row[2:] for row in connection.execute(f"PRAGMA foreign_key_list('{table}')")
                ),
            }
        described["alembic_version"] = connection.execute(
            "SELECT version_num FROM alembic_version"
        ).fetchall()
    return described


def paste_ready(path: Path) -> str:
    """The statements of a migrated project, as HEAD_SCHEMA_SQLITE holds them."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
        ).fetchall()
    statements = []
    for name, sql in rows:
        if name == "alembic_version" or name.startswith("article_grams_"):
            continue  # made by _create_head_schema_sqlite and by FTS5 itself
        lines = [line.strip() for line in sql.splitlines()]
        statements.append(
            "\n".join([lines[0], *(line if line == ")" else "    " + line for line in lines[1:])])
            + ";"
        )
    return "\n".join(statements)


def test_new_project_has_the_migrated_schema(tmp_path: Path) -> None:
    made_new = tmp_path / "新 项目.articoder"
    migrated = tmp_path / "migrated.articoder"
    create_project(made_new).close()
    migrated_project(migrated)
    expected, actual = schema(migrated), schema(made_new)
    assert expected["alembic_version"] == [(head_revision(),)]
    assert {"articles", "assignments", "suggestions", "article_grams"} <= set(expected)
    assert actual == expected, (
        "a new project's schema differs from the migrated one: replace HEAD_SCHEMA_SQLITE in "
        "models/database.py with\n" + paste_ready(migrated)
    )


def test_new_project_is_at_head_for_alembic_and_opens(tmp_path: Path) -> None:
    path = tmp_path / "p.articoder"
    create_project(path, name="社区研究").close()
    engine = create_engine(to_url(path))
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
    engine.dispose()
    database = open_project(path)
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("SELECT name FROM project")).scalar() == "社区研究"
    finally:
        database.close()
    assert not list(tmp_path.glob("*.before-upgrade-*"))  # nothing was upgraded


def test_server_defaults_and_search_table_work_in_a_new_project(tmp_path: Path) -> None:
    """What create_all from the ORM would have missed: assignments.assigned defaults to true
    for writers that do not name it (migration 0005), and the FTS5 bigram index exists.
    """
    path = tmp_path / "p.articoder"
    create_project(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(
            "INSERT INTO assignments (article_id, coder_id, status, assigned_at) "
            "VALUES (1, 1, 'todo', '2024-01-01')"
        )
        assert connection.execute("SELECT assigned FROM assignments").fetchone() == (1,)
        connection.execute("INSERT INTO article_grams (rowid, grams) VALUES (7, '社区 区党')")
        assert connection.execute(
            "SELECT rowid FROM article_grams WHERE article_grams MATCH '社区'"
        ).fetchall() == [(7,)]


def test_new_loads_no_alembic(tmp_path: Path) -> None:
    probe = (
        "import json, sys\n"
        "from models.database import create_project\n"
        f"create_project({str(tmp_path / 'p.articoder')!r}).close()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(CHECKOUT)),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
    assert (tmp_path / "p.articoder").is_file()

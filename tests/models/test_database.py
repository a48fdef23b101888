"""Creating and opening projects: schema, pragmas, refusals with clear messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from models.database import (
    ProjectDatabase,
    ProjectError,
    create_project,
    head_revision,
    open_project,
)
from models.entities import Base, Coder, ProjectInfo


def test_new_project_schema_matches_entities(database: ProjectDatabase) -> None:
    with database.engine.connect() as connection:
        # The FTS5 search index and its shadow tables are made by the migration, not by entities.
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, kind, _: not (name or "").startswith("article_grams")
            },
        )
        assert context.get_current_revision() == head_revision()
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_project_record_and_roundtrip(database: ProjectDatabase) -> None:
    with database.session() as session:
        info = session.scalars(select(ProjectInfo)).one()
        assert info.name == "test"
        assert len(info.guid) == 36
        session.add(Coder(name="王老师"))
    with database.session() as session:
        assert session.scalars(select(Coder.name)).all() == ["王老师"]


def test_sqlite_pragmas(sqlite_database: ProjectDatabase) -> None:
    with sqlite_database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_reopen(tmp_path: Path) -> None:
    path = tmp_path / "p.articoder"
    create_project(path).close()
    database = open_project(path)
    assert database.path == path.resolve()
    database.close()


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "p.articoder"
    path.write_text("something")
    with pytest.raises(ProjectError, match="already there"):
        create_project(path)
    assert path.read_text() == "something"


def test_open_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="articoder new"):
        open_project(tmp_path / "nope.articoder")


def test_open_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("社区党建")
    with pytest.raises(ProjectError, match="not an articoder project"):
        open_project(path)
    plain = tmp_path / "other.sqlite"
    sqlite3.connect(plain).execute("create table t(x)").connection.close()
    with pytest.raises(ProjectError, match="no schema version"):
        open_project(plain)


def test_newer_project_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.articoder"
    create_project(path).close()
    connection = sqlite3.connect(path)
    connection.execute("update alembic_version set version_num='9999'")
    connection.commit()
    connection.close()
    with pytest.raises(ProjectError, match="newer articoder"):
        open_project(path)


def test_bad_url() -> None:
    with pytest.raises(ProjectError, match="unknown kind of database"):
        open_project("nosuchdialect+x://")

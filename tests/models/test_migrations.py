"""Schema revisions: each is tested from the previous schema with data; backups; refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from models.database import MIGRATIONS, SCHEMA_REVISIONS, ProjectError, open_project, to_url


def _config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def test_revision_constants_match_the_scripts() -> None:
    script = ScriptDirectory.from_config(_config("sqlite://"))
    ordered = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(ordered) == SCHEMA_REVISIONS
    assert script.get_current_head() == SCHEMA_REVISIONS[-1]


def _project_at(url: str, revision: str) -> None:
    command.upgrade(_config(url), revision)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO project (guid, name, created_at, codebook_version, settings) "
                "VALUES ('P', '旧项目', '2024-01-01', 3, '{}')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO articles (guid, title, outlet, extra, script, chars, content_hash, source, "
                "source_format, encoding, imported_at, raw_text, text, edits, flags) VALUES "
                "('A', '社区简讯', '新桥日报', '{}', 'simplified', 4, 'h', 'a.txt', 'txt', 'utf-8', "
                "'2024-01-01', '社区党建', '社区党建', '[]', '[]')"
            )
        )
    engine.dispose()


def test_0001_to_0002_on_sqlite_keeps_data_and_backs_up(tmp_path: Path) -> None:
    path = tmp_path / "old.articoder"
    _project_at(to_url(path), "0001")
    database = open_project(path)
    with database.engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            == SCHEMA_REVISIONS[-1]
        )
        assert "ix_articles_list" in {
            i["name"] for i in inspect(connection).get_indexes("articles")
        }
        assert connection.execute(text("SELECT title, text FROM articles")).one() == (
            "社区简讯",
            "社区党建",
        )
    database.close()
    backup = tmp_path / "old.articoder.before-upgrade-0001"
    assert backup.exists()
    with sqlite3.connect(backup) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert old.execute("SELECT title FROM articles").fetchone() == ("社区简讯",)


@pytest.mark.postgres
def test_server_database_is_not_upgraded_behind_the_users_back(postgres_server: str) -> None:
    from tests.conftest import _new_pg_database

    url = _new_pg_database(postgres_server)
    _project_at(url, "0001")
    with pytest.raises(ProjectError, match="articoder upgrade"):
        open_project(url)
    database = open_project(url, upgrade_server=True)
    with database.engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            == SCHEMA_REVISIONS[-1]
        )
        assert connection.execute(text("SELECT title FROM articles")).scalar() == "社区简讯"
    database.close()

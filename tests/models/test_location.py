"""Where a project lives, as shown in a title bar or remembered in settings: never a password."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import sessionmaker

from models.database import ProjectDatabase, make_engine, to_url


def _database(url: str) -> ProjectDatabase:
    engine = make_engine(url)  # no connection is made
    return ProjectDatabase(url, engine, sessionmaker(engine))


def test_a_server_password_is_hidden() -> None:
    database = _database("postgresql+psycopg://alice:s3cret@db.example.org:5432/study")
    assert "s3cret" not in database.location
    assert database.location == "postgresql+psycopg://alice:***@db.example.org:5432/study"
    database.close()


def test_a_file_is_its_path(tmp_path: Path) -> None:
    database = _database(to_url(tmp_path / "研究.articoder"))
    assert database.location == str(tmp_path / "研究.articoder")
    database.close()

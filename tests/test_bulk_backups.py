"""Every merge, import and bulk operation of an SQLite project leaves a backup first.

The window's paths run through coding.bulk (Qt-free), the codings import backs up inside
exports.codings_import, and the command line through the same functions. Each test checks
that a new backup with the operation's reason exists and holds the project as it was before.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from codebook.operations import DeleteCode, MergeCodes, RenameCode
from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from coding import bulk
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from exports.codings_import import import_codings
from models.backups import BackupError, backup_folder, list_backups
from models.database import ProjectDatabase
from models.entities import Article, Segment
from tests.test_cli import run

CODEBOOK = Path(__file__).parent / "fixtures" / "codebooks" / "small.yaml"
ARTICLES = {
    "south.txt": "南湖街道快讯\n南湖街道组建楼栋党小组，红色物业进小区。",
    "west.txt": "西岭社区动态\n西岭社区党员中心户带头清理楼道，红色物业同步跟进。",
}


@pytest.fixture
def workspace(sqlite_database: ProjectDatabase, tmp_path: Path) -> Iterator[Workspace]:
    import_codebook(sqlite_database, read_codebook_text(CODEBOOK))
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    import_paths(sqlite_database, [folder / name for name in ARTICLES])
    yield Workspace(sqlite_database, ensure_coder(sqlite_database, "甲"))


def _code(workspace: Workspace, name: str) -> int:
    return next(c.id for c in workspace.codes() if c.path[-1] == name)


def _reasons(database: ProjectDatabase) -> list[str]:
    assert database.path is not None
    return [b.reason for b in list_backups(database.path)]


def _count_in_backup(database: ProjectDatabase, table: str) -> int:
    """How many rows the newest backup holds in a table (read with plain sqlite3)."""
    assert database.path is not None
    newest = list_backups(database.path)[0].path
    connection = sqlite3.connect(f"{newest.as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def _segments(database: ProjectDatabase) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(Segment)) or 0)


def test_window_import_backs_up_first(workspace: Workspace, tmp_path: Path) -> None:
    database = workspace.database
    extra = tmp_path / "north.txt"
    extra.write_text("北塘社区新闻\n北塘社区开展党员志愿服务。", encoding="utf-8")
    report = bulk.import_articles(database, [extra])
    assert len(report.imported) == 1
    assert _reasons(database) == ["before-import"]
    assert _count_in_backup(database, "articles") == len(ARTICLES)  # the state before
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == len(ARTICLES) + 1


def test_auto_code_backs_up_first(workspace: Workspace) -> None:
    hits = workspace.search("红色物业")
    assert len(hits) == 2
    created = bulk.auto_code(workspace, hits, _code(workspace, "红色物业"))
    assert len(created) == 2 and _segments(workspace.database) == 2
    assert _reasons(workspace.database) == ["before-auto-code"]
    assert _count_in_backup(workspace.database, "segments") == 0


def test_merge_and_delete_with_segments_back_up_small_edits_do_not(workspace: Workspace) -> None:
    database = workspace.database
    bulk.auto_code(workspace, workspace.search("楼栋党小组"), _code(workspace, "楼栋党小组"))
    bulk.auto_code(workspace, workspace.search("党员中心户"), _code(workspace, "党员中心户"))
    assert _reasons(database) == ["before-auto-code", "before-auto-code"]

    bulk.perform(workspace, RenameCode(_code(workspace, "红色物业"), "红色物业服务"))
    assert len(_reasons(database)) == 2  # undo covers a rename: no backup

    bulk.perform(
        workspace, MergeCodes(_code(workspace, "党员中心户"), _code(workspace, "楼栋党小组"))
    )
    assert _reasons(database)[0] == "before-code-merge"
    assert _count_in_backup(database, "codes") > 0

    groups = _code(workspace, "组织体系")
    bulk.perform(workspace, DeleteCode(groups, reassign_to=_code(workspace, "红色物业服务")))
    assert _reasons(database)[0] == "before-code-delete"
    assert _segments(database) == 2  # the segments moved, none lost
    assert bulk.bulk_reason(DeleteCode(groups)) is None  # a code without segments: no backup
    assert bulk.bulk_reason(DeleteCode(groups, delete_segments=True)) == "before-code-delete"


def test_no_backup_no_bulk_change(workspace: Workspace) -> None:
    """When the backup cannot be written, the bulk change is not made."""
    folder = backup_folder(workspace.database.path or "")
    folder.write_text("a file where the backup folder should be", encoding="utf-8")
    hits = workspace.search("红色物业")
    with pytest.raises(BackupError, match="backup could not be written"):
        bulk.auto_code(workspace, hits, _code(workspace, "红色物业"))
    assert _segments(workspace.database) == 0


def _segments_csv(workspace: Workspace, path: Path) -> Path:
    article = next(a for a in workspace.article_rows() if a.title.startswith("南湖"))
    text = workspace.article(article.id).text
    start = text.index("楼栋党小组")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "coder", "code", "start", "end", "text"])
        writer.writerow([article.id, "甲", "组织体系 > 楼栋党小组", start, start + 5, "楼栋党小组"])
    return path


def test_codings_import_backs_up_only_when_it_changes_something(
    workspace: Workspace, tmp_path: Path
) -> None:
    database = workspace.database
    path = _segments_csv(workspace, tmp_path / "segments.csv")
    report = import_codings(database, path)
    assert report.segments_added == 1
    assert _reasons(database) == ["before-codings-import"]
    assert _count_in_backup(database, "segments") == 0
    again = import_codings(database, path)
    assert again.segments_unchanged == 1
    assert _reasons(database) == ["before-codings-import"]  # nothing changed: no new backup


def test_cli_codings_import_backs_up(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = workspace.database
    path = _segments_csv(workspace, tmp_path / "segments.csv")
    code, report, _ = run(capsys, "codings", "import", str(database.path), str(path), "--json")
    assert code == 0 and isinstance(report, dict)
    assert _reasons(database) == ["before-codings-import"]
    assert _segments(database) == 1

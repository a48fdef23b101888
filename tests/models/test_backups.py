"""Rotating backups of SQLite projects: making, listing, pruning, restoring, refusing."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from articoder.cli_backups import add_backup_commands
from models.backups import (
    BackupError,
    backup_folder,
    backup_on_open,
    list_backups,
    make_backup,
    restore_backup,
)
from models.database import ProjectDatabase, ProjectError, create_project, open_project
from models.entities import Coder
from models.failures import ProjectInUse
from models.project_file import (
    check_database_file,
    connections_open_here,
    copy_raw,
    remove_project_files,
)

T0 = dt.datetime(2026, 11, 22, 4, 48, 0, tzinfo=dt.UTC)
_SERIAL = itertools.count()


def _coders(path: Path) -> list[str]:
    database = open_project(path)
    try:
        with database.session() as session:
            return list(session.scalars(select(Coder.name).order_by(Coder.name)))
    finally:
        database.close()


def _add_coder(database: ProjectDatabase, name: str) -> None:
    with database.session() as session:
        session.add(Coder(name=name))


def _change(path: Path, name: str) -> None:
    """Change the project (a new coder), so that its next backup differs from the last."""
    database = open_project(path)
    try:
        _add_coder(database, name)
    finally:
        database.close()


def _backups_of_changes(path: Path, count: int, reason: str, **options: Any) -> list[Path]:
    """`count` backups, each after a change; the i-th is stamped T0 + i minutes."""
    made = []
    for i in range(count):
        _change(path, f"coder {next(_SERIAL)}")
        made.append(make_backup(path, reason, now=T0 + dt.timedelta(minutes=i), **options))
    return made


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "study.articoder"
    database = create_project(path)
    _add_coder(database, "王老师")
    database.close()
    return path


def test_backup_name_folder_and_listing(project: Path) -> None:
    made = make_backup(project, "open", now=T0)
    assert made == project.with_name("study.articoder.backups") / "20261122T044800Z-open.articoder"
    _change(project, "李老师")
    again = make_backup(project, "Before Import!", now=T0)
    assert again.name == "20261122T044800Z.1-before-import.articoder"
    backups = list_backups(project)
    assert [b.path for b in backups] == [again, made]  # newest first
    assert backups[1].created == T0
    assert backups[1].reason == "open"
    assert backups[1].size == made.stat().st_size > 0
    assert not list(backup_folder(project).glob("*-wal"))  # self-contained files
    assert _coders(made) == ["王老师"]


def test_an_unchanged_project_adds_no_backup(project: Path) -> None:
    first = make_backup(project, "before-import", now=T0)
    for i in range(11):  # eleven imports that changed nothing
        again = make_backup(project, "before-import", now=T0 + dt.timedelta(minutes=i + 1))
        assert again == first
    assert [b.path for b in list_backups(project)] == [first]
    _change(project, "李老师")
    changed = make_backup(project, "before-import", now=T0 + dt.timedelta(hours=1))
    assert changed != first and _coders(changed) == ["李老师", "王老师"]


def test_rotation_keeps_the_newest_backup_of_each_reason(project: Path) -> None:
    before_codebook = make_backup(project, "before-codebook-import", now=T0 - dt.timedelta(days=1))
    made = _backups_of_changes(project, 12, "before-import", keep=3)
    kept = [b.path for b in list_backups(project)]
    assert before_codebook in kept  # the only one of its kind survives twelve newer backups
    assert kept == [*made[:-4:-1], before_codebook]


def test_backup_is_consistent_while_project_is_open(project: Path) -> None:
    database = open_project(project)
    try:
        _add_coder(database, "李老师")  # sits in the -wal, not yet in the main file
        made = make_backup(project, "bulk")
    finally:
        database.close()
    assert _coders(made) == ["李老师", "王老师"]


def test_restore_brings_data_back_and_keeps_the_current_state(project: Path) -> None:
    made = make_backup(project, "open", now=T0)
    database = open_project(project)
    _add_coder(database, "张同学")
    with database.session() as session:
        session.delete(session.scalars(select(Coder).where(Coder.name == "王老师")).one())
    database.close()
    assert _coders(project) == ["张同学"]

    saved = restore_backup(project, made.name)  # by name from the list

    assert _coders(project) == ["王老师"]
    assert saved is not None
    assert saved in [b.path for b in list_backups(project)]
    assert [b.reason for b in list_backups(project) if b.path == saved] == ["before-restore"]
    assert _coders(saved) == ["张同学"]
    wal = project.with_name(f"{project.name}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_restore_over_a_leftover_wal(project: Path, tmp_path: Path) -> None:
    # A crash leaves the project with a -wal holding changes not yet in the main file.
    made = make_backup(project, "open")
    crashed = tmp_path / "crashed.articoder"
    database = open_project(project)
    _add_coder(database, "张同学")
    wal = project.with_name(f"{project.name}-wal")
    assert wal.stat().st_size > 0
    shutil.copyfile(project, crashed)
    shutil.copyfile(wal, crashed.with_name(f"{crashed.name}-wal"))
    database.close()

    saved = restore_backup(crashed, made)

    assert _coders(crashed) == ["王老师"]
    assert saved is not None and _coders(saved) == ["张同学", "王老师"]
    leftover = crashed.with_name(f"{crashed.name}-wal")
    assert not leftover.exists() or leftover.stat().st_size == 0


def test_restore_over_a_damaged_project_keeps_its_bytes(project: Path) -> None:
    made = make_backup(project, "open")
    project.write_bytes(b"garbage")
    saved = restore_backup(project, made)
    assert saved is not None and saved.read_bytes() == b"garbage"
    assert _coders(project) == ["王老师"]


def test_rotation_keeps_the_newest(project: Path) -> None:
    made = _backups_of_changes(project, 6, "open", keep=3)
    assert [b.path for b in list_backups(project)] == made[:-4:-1]
    assert not made[0].exists()


def test_rotation_by_total_size_keeps_at_least_the_newest(project: Path) -> None:
    _backups_of_changes(project, 4, "open", max_bytes=1)
    assert len(list_backups(project)) == 1
    size = list_backups(project)[0].size
    _backups_of_changes(project, 4, "open", max_bytes=2 * size + 1)
    assert len(list_backups(project)) == 2


def test_rotation_leaves_other_files_alone(project: Path) -> None:
    folder = backup_folder(project)
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    _backups_of_changes(project, 3, "open", keep=1)
    assert (folder / "notes.txt").read_text() == "mine"
    assert len(list_backups(project)) == 1


def test_non_project_backup_is_refused_and_nothing_changes(project: Path, tmp_path: Path) -> None:
    before = project.read_bytes()
    text_file = tmp_path / "not-a-database.articoder"
    text_file.write_text("hello")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    for bad, message in ((text_file, "not an SQLite database"), (other, "no schema version")):
        with pytest.raises(BackupError, match=message):
            restore_backup(project, bad)
    with pytest.raises(BackupError, match="no such backup"):
        restore_backup(project, "20000101T000000Z-open.articoder")
    assert project.read_bytes() == before
    assert list_backups(project) == []
    assert _coders(project) == ["王老师"]


def test_backup_of_a_non_project_is_refused(tmp_path: Path) -> None:
    text_file = tmp_path / "x.articoder"
    text_file.write_text("hello")
    with pytest.raises(BackupError, match="not an SQLite database"):
        make_backup(text_file, "open")
    with pytest.raises(BackupError, match="no such project"):
        make_backup(tmp_path / "missing.articoder", "open")
    assert not backup_folder(text_file).exists()


def test_server_databases_are_refused() -> None:
    url = "postgresql+psycopg://user@localhost/db"
    with pytest.raises(BackupError, match="server database"):
        make_backup(url, "open")
    with pytest.raises(BackupError, match="server database"):
        restore_backup(url, "x")
    assert backup_on_open(url) is None
    assert issubclass(BackupError, ProjectError)


def test_backup_on_open_skips_an_unchanged_project(project: Path) -> None:
    first = backup_on_open(project)
    assert first is not None and first.name.endswith("-open.articoder")
    assert backup_on_open(project) is None
    database = open_project(project)
    _add_coder(database, "李老师")
    database.close()
    second = backup_on_open(project)
    assert second is not None and second != first
    assert _coders(second) == ["李老师", "王老师"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    parser = argparse.ArgumentParser(prog="articoder")
    add_backup_commands(parser.add_subparsers(dest="command", required=True))
    arguments = parser.parse_args(list(argv))
    arguments.handler(arguments)
    out = capsys.readouterr().out
    return json.loads(out) if "--json" in argv else out


def test_cli_lists_and_restores(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "backups", str(project), "--json") == []
    assert "No backups" in run(capsys, "backups", str(project))
    made = make_backup(project, "open", now=T0)
    listed = run(capsys, "backups", str(project), "--json")
    assert [(b["name"], b["reason"]) for b in listed] == [(made.name, "open")]
    assert made.name in run(capsys, "backups", str(project))

    database = open_project(project)
    _add_coder(database, "张同学")
    database.close()
    report = run(capsys, "restore", str(project), made.name, "--json")
    assert report["restored"] == made.name
    assert Path(report["previous_state"]).name.endswith("-before-restore.articoder")
    assert _coders(project) == ["王老师"]
    assert "Restored" in run(capsys, "restore", str(project), str(made))


def test_cli_refusal_is_a_project_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ProjectError, match="no such backup"):
        run(capsys, "restore", str(project), "nothing-here", "--json")
    assert capsys.readouterr().out == ""


def test_restore_is_refused_while_another_process_has_the_project_open(project: Path) -> None:
    made = make_backup(project, "open", now=T0)
    _change(project, "张同学")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(project)!r}); c.execute('SELECT * FROM coders').fetchall()\n"
            "print('open', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        with pytest.raises(ProjectInUse, match=r"open in another program.*close it"):
            restore_backup(project, made)
        assert _coders(project) == ["张同学", "王老师"]  # nothing changed
        assert [b.reason for b in list_backups(project)] == ["open"]  # and nothing backed up
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    restore_backup(project, made)  # once it is closed, the restore goes through
    assert _coders(project) == ["王老师"]


def test_raw_file_access_is_refused_while_this_process_has_the_project_open(
    project: Path, tmp_path: Path
) -> None:
    database = open_project(project)
    try:
        assert connections_open_here(project) >= 1
        for attempt in (
            lambda: copy_raw(project, tmp_path / "raw.articoder"),
            lambda: remove_project_files(project),
            lambda: restore_backup(project, make_backup(project, "open")),
        ):
            with pytest.raises(ProjectError, match="this program has the project open"):
                attempt()
    finally:
        database.close()
    assert connections_open_here(project) == 0
    assert _coders(project) == ["王老师"]


def test_files_that_are_not_projects_are_named(project: Path, tmp_path: Path) -> None:
    # Recognising a project opens no descriptor of our own on it (that would drop the
    # process's locks): a file that only SQLite may read shows it.
    check_database_file(project)
    for bad, message in (
        (tmp_path, "is a folder"),
        (tmp_path / "missing.articoder", "no such project"),
        (tmp_path / "short.articoder", "not an SQLite database"),
        (tmp_path / "text.articoder", "not an SQLite database"),
    ):
        if bad.name == "short.articoder":
            bad.write_bytes(b"SQLite format 3\x00")
        elif bad.name == "text.articoder":
            bad.write_bytes("新闻".encode() * 400)
        with pytest.raises(ProjectError, match=message):
            check_database_file(bad)


def _user_version(path: Path | str) -> int:
    connection = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


def _backup_worker(path: str, tag: str, count: int, result: Any) -> None:
    """One process of the race below: change the project, back it up, `count` times.

    Reports each backup's name with the state it held when `make_backup` returned.
    """
    made: list[tuple[str, int]] = []
    try:
        for i in range(count):
            connection = sqlite3.connect(path, timeout=30)
            with connection:  # a change, so that this backup's content is new
                connection.execute(f"PRAGMA user_version = {100 * (ord(tag) - 96) + i}")
            connection.close()
            backup = make_backup(path, "auto-code", keep=3, now=T0)
            with contextlib.suppress(sqlite3.Error):  # gone already in another's rotation
                made.append((backup.name, _user_version(backup)))
        result.put((made, ""))
    except Exception as exc:  # reported to the test, which names it
        result.put((made, f"{type(exc).__name__}: {exc}"))


def test_processes_backing_up_at_once_neither_fail_nor_overwrite(project: Path) -> None:
    """The window and a command backing one project up in the same second (the CI failure:
    one process's rotation deleted the backup the other was comparing against; both could also
    pick the same free name, the later copy replacing the earlier).
    """
    context = multiprocessing.get_context("spawn")
    result = context.Queue()
    workers = [
        context.Process(target=_backup_worker, args=(str(project), tag, 12, result))
        for tag in "abcd"
    ]
    for worker in workers:
        worker.start()
    reports = [result.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert [error for _, error in reports if error] == []
    folder = backup_folder(project)
    # A backup still holds the state it held when it was made: none was written over.
    for made, _ in reports:
        for name, version in made:
            if (folder / name).exists():
                assert _user_version(folder / name) == version, name
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []
    assert 1 <= len(list_backups(project)) <= 3


def test_a_claimed_empty_name_is_not_a_backup_and_stale_partials_go(project: Path) -> None:
    folder = backup_folder(project)
    folder.mkdir()
    (folder / "20261122T044800Z-auto-code.articoder").touch()  # claimed, not yet filled
    stale = folder / ".4242-0badf00d.partial"
    stale.write_bytes(b"x" * 100)
    os.utime(stale, (0, 0))
    fresh = folder / ".4243-0badf00d.partial"
    fresh.write_bytes(b"x")
    assert list_backups(project) == []
    made = make_backup(project, "auto-code", now=T0)
    assert made.name == "20261122T044800Z.1-auto-code.articoder"
    assert not stale.exists() and fresh.exists()  # a live process's copy is left alone

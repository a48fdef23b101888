"""Hostile project files: read-only, locked by another program, on a full disk, not a project.

Each gets our own error with a message that says what happened and what to do, and no damage:
the file's bytes are unchanged, or the project still opens and `articoder check` finds it
clean. Failures that need another process (a lock held elsewhere, a file-size limit, a
non-root user) run tests/hostile_worker.py in a subprocess.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from articoder.cli import main as cli_main
from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from coding.check import check_project
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from models.database import ProjectError, create_project, open_project
from models.failures import (
    BUSY_TIMEOUT_VARIABLE,
    DEFAULT_BUSY_TIMEOUT_MS,
    DamagedProject,
    ProjectInUse,
    busy_timeout_ms,
)
from tests.fuzz_helpers import project_checksum

pwd = pytest.importorskip("pwd")  # POSIX only: permissions, users, file-size limits

REPOSITORY = Path(__file__).parents[2]
CODEBOOK = REPOSITORY / "tests" / "fixtures" / "codebooks" / "small.yaml"
ARTICLES = {
    "lake.txt": "湖滨社区快报\n湖滨社区推行红色物业，楼栋党小组每周走访。",
    "pine.txt": "松林街道消息\n松林街道党员中心户带头参与垃圾分类。",
}
SHORT_BUSY_MS = "300"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build(folder: Path) -> Path:
    """A small coded project in `folder`, closed (no -wal or -shm left beside it)."""
    project = folder / "study.articoder"
    database = create_project(project)
    import_codebook(database, read_codebook_text(CODEBOOK))
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    import_paths(database, [folder / name for name in ARTICLES])
    ensure_coder(database, "甲")
    database.close()
    return project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return _build(tmp_path)


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's own temporary folders are private to us)."""
    folder = Path(tempfile.mkdtemp(prefix="articoder-hostile-"))
    folder.chmod(0o755)
    yield folder
    for root, folders, _files in os.walk(folder):
        for name in folders:
            (Path(root) / name).chmod(0o755)
    folder.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _worker(*arguments: str, busy_ms: str = SHORT_BUSY_MS) -> dict[str, Any]:
    environment = {**os.environ, BUSY_TIMEOUT_VARIABLE: busy_ms}
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile_worker", *arguments],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _clean(project: Path) -> None:
    database = open_project(project, upgrade=False)
    try:
        assert check_project(database).ok
    finally:
        database.close()


# -- read-only --------------------------------------------------------------------------------


def _read_only(project: Path, folder_too: bool) -> list[str]:
    """Make the project (and its folder) read-only for the worker; return its extra arguments.

    As root, chmod stops nothing, so the worker gives up root for the user `nobody`, to whom
    a root-owned file is read-only anyway; the folder is handed to `nobody` when only the file
    should be read-only.
    """
    project.chmod(0o444)
    if os.geteuid() != 0:
        if folder_too:
            project.parent.chmod(0o555)
        return []
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root, and there is no user `nobody` to give root up for")
    if not folder_too:
        os.chown(project.parent, nobody.pw_uid, nobody.pw_gid)
    return ["--as-user", "nobody"]


@pytest.mark.parametrize("folder_too", [False, True], ids=["file", "file-and-folder"])
def test_read_only_project_reads_or_refuses_clearly_and_stays_intact(
    shared_folder: Path, folder_too: bool
) -> None:
    project = _build(shared_folder)
    before = _sha(project)
    extra = _read_only(project, folder_too)
    result = _worker(*extra, str(project), "code")
    if result["open"] == "ok":
        assert result["read"] == "ok" and result["articles"] == len(ARTICLES)
        failure = result["write"]
    else:
        failure = result["open"]  # a read-only folder may not even allow reading a WAL file
    assert failure["error"] in ("ReadOnlyProject", "BackupError"), failure
    assert str(project) in failure["message"]
    assert "read-only" in failure["message"]
    project.parent.chmod(0o755)
    project.chmod(0o644)
    assert _sha(project) == before
    _clean(project)


# -- locked by another program ----------------------------------------------------------------


@pytest.fixture
def locked(project: Path) -> Iterator[Path]:
    """The project with an exclusive transaction (and a change in it) held by another process."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"connection = sqlite3.connect({str(project)!r}, isolation_level=None)\n"
            "connection.execute('BEGIN EXCLUSIVE')\n"
            "connection.execute(\"UPDATE project SET name = 'held'\")\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    yield project
    holder.kill()
    holder.wait()


def test_busy_timeout_is_configurable_and_defaults_to_ten_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(BUSY_TIMEOUT_VARIABLE, raising=False)
    assert busy_timeout_ms() == DEFAULT_BUSY_TIMEOUT_MS == 10_000
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, "250")
    assert busy_timeout_ms() == 250
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, "soon")
    assert busy_timeout_ms() == DEFAULT_BUSY_TIMEOUT_MS  # a bad value never weakens the default


def test_locked_project_refuses_a_coding_action_quickly_and_clearly(
    locked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, SHORT_BUSY_MS)
    before = project_checksum(locked)
    database = open_project(locked)  # reading still works (WAL)
    try:
        workspace = Workspace(database, ensure_coder(database, "甲"))
        article = workspace.article_rows()[0].id
        code = next(c.id for c in workspace.codes() if c.path[-1] == "红色物业")
        started = time.monotonic()
        with pytest.raises(ProjectInUse, match="in use by another program") as caught:
            workspace.code_span(article, 0, 2, code)
        elapsed = time.monotonic() - started
    finally:
        database.close()
    assert elapsed < 5, f"waited {elapsed:.1f} s for a 0.3 s busy timeout"
    assert str(locked) in str(caught.value)
    assert project_checksum(locked) == before


def test_locked_project_via_the_command_line(
    locked: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, SHORT_BUSY_MS)
    before = project_checksum(locked)
    extra = tmp_path / "extra.txt"
    extra.write_text("河口社区新闻\n河口社区召开居民议事会。", encoding="utf-8")
    assert cli_main(["import", str(locked), str(extra)]) == 1
    error = capsys.readouterr().err
    assert "in use by another program" in error and "internal error" not in error
    assert project_checksum(locked) == before


def test_after_the_lock_is_released_nothing_was_lost(project: Path) -> None:
    """A worker refused by a lock stored nothing; the holder's uncommitted change is gone too."""
    before = project_checksum(project)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"connection = sqlite3.connect({str(project)!r}, isolation_level=None)\n"
            "connection.execute('BEGIN EXCLUSIVE')\n"
            "connection.execute(\"UPDATE project SET name = 'held'\")\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        result = _worker(str(project), "code")
    finally:
        holder.kill()
        holder.wait()
    assert result["read"] == "ok"
    assert result["write"]["error"] == "ProjectInUse"
    assert project_checksum(project) == before
    _clean(project)


# -- a full disk ------------------------------------------------------------------------------


def _big_article(folder: Path, megabytes: int) -> Path:
    line = "大河社区党建引领基层治理，楼栋党小组联系群众，红色物业服务居民。\n"
    source = folder / "big.txt"
    source.write_text("大河社区长篇纪实\n" + line * (megabytes * 1024 * 1024 // 90), "utf-8")
    return source


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as Linux applies it")
def test_file_size_limit_acts_as_a_full_disk(project: Path, tmp_path: Path) -> None:
    """No write may make a file larger than 512 KiB: the import fails, the project is intact."""
    before = project_checksum(project)
    source = _big_article(tmp_path, 3)
    limit = max(512 * 1024, project.stat().st_size + 64 * 1024)
    result = _worker("--file-size-limit", str(limit), str(project), "import", str(source))
    assert result["open"] == "ok"
    failure = result["write"]
    assert failure["error"] == "DiskFull", failure
    assert "disk" in failure["message"] and "nothing of this step was stored" in failure["message"]
    assert project_checksum(project) == before
    _clean(project)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MiB tmpfs (root on Linux only; skipped elsewhere)."""
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()!r}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_full_disk_via_the_command_line(
    small_disk: Path, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`articoder import` on a full disk: a clear message, and the project as it was."""
    on_disk = small_disk / project.name
    shutil.copyfile(project, on_disk)
    before = project_checksum(on_disk)
    source = _big_article(tmp_path, 4)
    assert cli_main(["import", str(on_disk), str(source)]) == 1
    error = capsys.readouterr().err
    assert "disk is full" in error and "internal error" not in error, error
    assert project_checksum(on_disk) == before
    _clean(on_disk)


def test_a_project_that_cannot_be_created_leaves_no_file(small_disk: Path) -> None:
    """Creating a project on a full disk: a clear message, and no half-made file left behind."""
    filler = small_disk / "filler.bin"
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 65536)
    target = small_disk / "new.articoder"
    with pytest.raises(ProjectError):
        create_project(target).close()
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler.bin"]


# -- not a project at all ---------------------------------------------------------------------


def _foreign_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    connection.execute("INSERT INTO recipes VALUES ('饺子', 40)")
    connection.commit()
    connection.close()


def _not_projects(folder: Path, project: Path) -> dict[str, Path]:
    made = {
        "text": folder / "notes.articoder",
        "empty": folder / "empty.articoder",
        "zip": folder / "archive.articoder",
        "truncated": folder / "truncated.articoder",
        "foreign-sqlite": folder / "recipes.articoder",
        "garbage-after-header": folder / "garbage.articoder",
    }
    made["text"].write_text("这不是项目文件，只是一段笔记。\n", encoding="utf-8")
    made["empty"].write_bytes(b"")
    with zipfile.ZipFile(made["zip"], "w") as archive:
        archive.writestr("project.xml", "<Project/>")
    made["truncated"].write_bytes(project.read_bytes()[:3000])
    _foreign_sqlite(made["foreign-sqlite"])
    made["garbage-after-header"].write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    return made


KINDS = ["text", "empty", "zip", "truncated", "foreign-sqlite", "garbage-after-header"]


@pytest.mark.parametrize("kind", KINDS)
def test_not_a_project_is_refused_unchanged(kind: str, project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "others"
    folder.mkdir()
    path = _not_projects(folder, project)[kind]
    before = _sha(path)
    with pytest.raises(ProjectError) as caught:
        open_project(path)
    message = str(caught.value)
    assert str(path) in message
    assert "not an articoder project" in message or isinstance(caught.value, DamagedProject)
    assert _sha(path) == before
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(path.name)) == [path.name]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", [["articles"], ["check"], ["codings", "import"]])
def test_not_a_project_via_the_command_line(
    kind: str,
    command: list[str],
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "others"
    folder.mkdir()
    path = _not_projects(folder, project)[kind]
    before = _sha(path)
    argv = [*command, str(path)]
    if command[0] == "codings":
        codings = tmp_path / "segments.csv"
        codings.write_text("article_id,coder,code,start,end\n1,甲,红色物业,0,2\n", "utf-8")
        argv.append(str(codings))
    try:
        code = cli_main(argv)
    except SystemExit as exit_:  # `check` ends with SystemExit to set its exit code
        code = int(exit_.code or 0)
    assert code == 1
    error = capsys.readouterr().err
    assert str(path) in error and "internal error" not in error and "Traceback" not in error
    assert _sha(path) == before


def test_disk_full_to_the_last_byte_refuses_clearly(
    small_disk: Path, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No room for the backup, nor even for SQLite's -shm file: a clear refusal, no change."""
    on_disk = small_disk / project.name
    shutil.copyfile(project, on_disk)
    filler = small_disk / "filler"
    with filler.open("wb") as handle:  # fill the disk up to the last few kilobytes
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    before = _sha(on_disk)
    source = tmp_path / "one.txt"
    source.write_text("满盘社区简讯\n满盘社区举行议事会。", encoding="utf-8")
    assert cli_main(["import", str(on_disk), str(source)]) == 1
    error = capsys.readouterr().err
    assert "disk" in error and "full" in error and "internal error" not in error, error
    assert "nothing was changed" in error or "nothing of this step was stored" in error
    filler.unlink()
    assert _sha(on_disk) == before
    _clean(on_disk)


def test_a_lock_inside_our_own_connection_is_not_blamed_on_another_program(
    tmp_path: Path,
) -> None:
    """SQLITE_LOCKED (a table dropped under an open cursor) is a program error, not "in use"."""
    database = create_project(tmp_path / "own.articoder")
    try:
        with database.engine.connect() as connection:
            connection.exec_driver_sql("CREATE TABLE scratch (n INTEGER)")
            connection.exec_driver_sql("INSERT INTO scratch VALUES (1), (2)")
            connection.commit()
            raw = connection.connection.dbapi_connection
            assert raw is not None
            cursor = raw.cursor()
            cursor.execute("SELECT n FROM scratch")
            cursor.fetchone()
            with pytest.raises(Exception) as caught:
                connection.exec_driver_sql("DROP TABLE scratch")
            assert not isinstance(caught.value, ProjectInUse)
            cursor.close()
    finally:
        database.close()

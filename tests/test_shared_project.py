"""Nothing lost when the window and the command line share a project (issue 13).

A process works on the project as the window does (tests/window_worker.py: open, the backup on
open, a backup before a bulk change, then coding, with a bulk-change backup every ten actions),
or the real window does, offscreen, in a process of its own (tests/gui_window_worker.py: keys
pressed in the article view). Beside it, each command of `articoder` runs as its own process.
After every command, every coding the window acknowledged must be visible to another process;
then the window is killed with SIGKILL and every acknowledged coding must still be there,
`articoder check` clean, SQLite's integrity check "ok".

The old failure this guards against: a backup read the project's header through a second
descriptor, whose close dropped the window's POSIX locks; the next command deleted the -wal
under the live window, and its work went into deleted files (0 of 25 codings kept).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from articoder.demo_project import build_demo_project
from coding.check import check_project
from coding.coders import workspace_coder
from coding.workspace import Workspace
from models.backups import list_backups, make_backup
from models.database import open_project

TESTS = Path(__file__).parent
ARTICODER = [sys.executable, "-m", "articoder.cli"]
START_TIMEOUT = 60.0

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(signal, "SIGKILL"),
    reason="needs SIGKILL and POSIX locks (not on Windows)",
)


def _acknowledged(ack_file: Path) -> set[str]:
    """The GUIDs in complete lines of an acknowledgement file."""
    if not ack_file.exists():
        return set()
    return {line[1:] for line in ack_file.read_text(encoding="utf-8").split("\n")[:-1]}


def _stored_guids(project: Path) -> set[str]:
    """The segments another process sees now (a plain read-only SQLite connection)."""
    connection = sqlite3.connect(f"{project.as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        return {row[0] for row in connection.execute("SELECT guid FROM segments")}
    finally:
        connection.close()


def _prepare(tmp_path: Path) -> Path:
    """The demo project with a second coder's work, a codebook file and an article to import."""
    project = tmp_path / "shared.articoder"
    database = build_demo_project(project)
    workspace = Workspace(database, workspace_coder(database, "李明"))
    article = workspace.article_rows()[0]
    text = workspace.article(article.id).text
    leaf = next(code for code in workspace.codes() if code.key)
    for start in range(0, 60, 12):
        workspace.code_span(article.id, start, start + 5, leaf.id)
    database.close()
    (tmp_path / "new-article.txt").write_text(
        "澄州日报讯（记者 林晓）近日，澄州市东湖街道推行“楼栋议事会”，居民在楼道里商量加装电梯。\n"
        "街道党工委书记表示，议事会每月召开一次。\n",
        encoding="utf-8",
    )
    assert text
    return project


def _commands(project: Path, tmp_path: Path) -> list[tuple[list[str], set[int], str]]:
    """Each command with its allowed exit codes and a word its output must hold (or '')."""
    p, t = str(project), str(tmp_path)
    return [
        (["articles", p], {0}, ""),
        (["show", p, "1"], {0}, ""),
        (["search", p, "社区"], {0}, ""),
        (["check", p], {0, 1}, ""),  # 1 only if it found problems: asserted below as 0
        (["export", p, f"{t}/out.xlsx"], {0}, "Wrote"),
        (["agreement", p, "--json", f"{t}/agreement.json"], {0, 1}, ""),
        (["import", p, f"{t}/new-article.txt"], {0}, ""),
        (["codebook", "export", p, f"{t}/codebook.yaml"], {0}, ""),
        (["codebook", "import", p, f"{t}/codebook.yaml"], {0}, ""),
        (["export", p, f"{t}/again.xlsx"], {0}, ""),
        (["codings", "import", p, f"{t}/again.xlsx"], {0}, ""),
        (["assign", p, "--by-hand", "李明", "--articles", "1,2"], {0}, ""),
        (["progress", p], {0}, ""),
        (["package", p, "李明", f"{t}/li.articoder"], {0}, ""),
        (["merge", p, f"{t}/li.articoder"], {0}, ""),
        (["backups", p], {0}, ""),
        (["restore", p, "{backup}"], {1}, "open in another program"),
        (["articles", p], {0}, ""),
    ]


def _run_matrix(tmp_path: Path, worker: str) -> None:
    project = _prepare(tmp_path)
    first_backup = make_backup(project, "manual")
    ack_file, go = tmp_path / "ack.txt", tmp_path / "go"
    log = tmp_path / "worker.log"
    seed = random.randrange(2**32)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ARTICODER_BUSY_TIMEOUT_MS": "20000"}
    with open(log, "wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(TESTS / worker), str(project), str(ack_file), str(seed), str(go)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not ack_file.with_suffix(".ready").exists():
            assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            assert time.monotonic() < deadline, "the window process never became ready"
            time.sleep(0.02)
        go.write_text("go")
        for arguments, allowed, expected in _commands(project, tmp_path):
            arguments = [a.replace("{backup}", first_backup.name) for a in arguments]
            done = subprocess.run(
                [*ARTICODER, *arguments], capture_output=True, text=True, timeout=300, env=env
            )
            what = f"`articoder {' '.join(arguments)}` (seed {seed})"
            output = done.stdout + done.stderr
            assert done.returncode in allowed, f"{what}: exit {done.returncode}\n{output}"
            assert "Traceback" not in output and "internal error" not in output, what
            assert expected in output, f"{what}: {output}"
            if arguments[0] == "check":
                assert done.returncode == 0, f"{what}: {output}"
            assert process.poll() is None, f"{what}: the window process stopped:\n" + (
                log.read_text(encoding="utf-8", errors="replace")
            )
            # Every coding acknowledged so far is visible to another process at once.
            acknowledged = _acknowledged(ack_file)
            missing = acknowledged - _stored_guids(project)
            assert not missing, f"after {what}: {len(missing)} acknowledged codings invisible"
        time.sleep(random.uniform(0.0, 0.3))
        os.kill(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
    acknowledged = _acknowledged(ack_file)
    assert len(acknowledged) >= 10, log.read_text(encoding="utf-8", errors="replace")
    lost = acknowledged - _stored_guids(project)
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged codings lost (seed {seed})"
    database = open_project(project)
    try:
        with database.engine.connect() as connection:
            integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
        assert integrity == "ok"
        assert check_project(database).problems == []
    finally:
        database.close()
    # With the window gone, the restore that was refused goes through.
    done = subprocess.run(
        [*ARTICODER, "restore", str(project), first_backup.name, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert _stored_guids(project) & acknowledged == set()
    # The state it replaced is kept: a new backup, or the newest one when nothing changed since.
    previous = Path(json.loads(done.stdout)["previous_state"])
    assert previous in [b.path for b in list_backups(project)]
    assert acknowledged <= _stored_guids(previous)


def test_window_like_process_and_every_command(tmp_path: Path) -> None:
    _run_matrix(tmp_path, "window_worker.py")


def test_real_window_process_and_every_command(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    _run_matrix(tmp_path, "gui_window_worker.py")

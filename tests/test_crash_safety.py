"""Crash safety: a coding process killed with SIGKILL at random moments loses nothing it showed
as saved, and the project stays sound (issue 9).

tests/crash_worker.py codes and deletes segments at random and acknowledges each action in a
file only after the Workspace call returned. Each round starts it, lets it work for a random
0.05-0.4 s, kills it with SIGKILL and then opens the project and checks it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from articoder.demo_project import build_demo_project
from coding.check import check_project
from models.database import ProjectDatabase, open_project
from models.entities import Article, Segment

WORKER = Path(__file__).with_name("crash_worker.py")
ROUNDS = 50
START_TIMEOUT = 30.0  # seconds for a worker to make its first acknowledgement

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(signal, "SIGKILL"),
    reason="needs SIGKILL (not on Windows)",
)


def _acknowledged(ack_file: Path) -> list[str]:
    """The complete lines of an acknowledgement file (a line cut by the kill does not count)."""
    if not ack_file.exists():
        return []
    content = ack_file.read_text(encoding="utf-8")
    return content.split("\n")[:-1]


def _problems(database: ProjectDatabase) -> list[str]:
    """`articoder check`'s problems, plus our own: SQLite integrity, segments fit their text."""
    problems: list[str] = []
    with database.engine.connect() as connection:
        integrity = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
        if integrity != ["ok"]:
            problems.extend(f"integrity: {line}" for line in integrity)
        problems.extend(
            f"foreign key: {row}" for row in connection.execute(text("PRAGMA foreign_key_check"))
        )
    with database.session() as session:
        texts = {i: t for i, t in session.execute(select(Article.id, Article.text))}
        for guid, article_id, start, end, stored in session.execute(
            select(Segment.guid, Segment.article_id, Segment.start, Segment.end, Segment.text)
        ):
            article_text = texts.get(article_id)
            if article_text is None:
                problems.append(f"segment {guid}: no article {article_id}")
            elif not 0 <= start < end <= len(article_text):
                problems.append(f"segment {guid}: [{start}, {end}) outside its article")
            elif article_text[start:end] != stored:
                problems.append(f"segment {guid}: stored text differs from the article")
    report = check_project(database)  # what `articoder check` runs
    problems.extend(f"articoder check: {problem}" for problem in report.problems)
    return problems


def _run_round(project: Path, ack_file: Path, seed: int, run_for: float) -> None:
    """Start a worker, let it acknowledge for `run_for` seconds, then SIGKILL it."""
    log = ack_file.with_suffix(".log")
    with open(log, "wb") as stderr:
        worker = subprocess.Popen(
            [sys.executable, str(WORKER), str(project), str(ack_file), str(seed)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (ack_file.exists() and ack_file.stat().st_size > 0):
            if worker.poll() is not None:
                pytest.fail(
                    f"worker (seed {seed}) exited with {worker.returncode} before coding:\n"
                    + log.read_text(encoding="utf-8", errors="replace")
                )
            if time.monotonic() > deadline:
                pytest.fail(f"worker (seed {seed}) made no acknowledgement in {START_TIMEOUT} s")
            time.sleep(0.005)
        time.sleep(run_for)
        still_running = worker.poll() is None
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=30)
    assert still_running, (
        f"worker (seed {seed}) stopped by itself with {worker.returncode}:\n"
        + log.read_text(encoding="utf-8", errors="replace")
    )
    assert worker.returncode == -signal.SIGKILL


def test_sigkill_loses_no_acknowledged_coding_action(tmp_path: Path) -> None:
    project = tmp_path / "crash.articoder"
    build_demo_project(project).close()
    base_seed = random.randrange(2**32)
    rng = random.Random(base_seed)
    added: set[str] = set()  # acknowledged as coded
    deleted: set[str] = set()  # acknowledged as deleted
    maybe_deleted: set[str] = set()  # deletion started, maybe killed before the acknowledgement
    for round_number in range(ROUNDS):
        seed = rng.randrange(2**32)
        ack_file = tmp_path / f"ack-{round_number:02d}.txt"
        _run_round(project, ack_file, seed, rng.uniform(0.05, 0.4))
        for line in _acknowledged(ack_file):
            kind, guid = line[0], line[1:]
            {"+": added, "~": maybe_deleted, "-": deleted}[kind].add(guid)
        where = f"round {round_number}, seed {seed} (base seed {base_seed})"

        database = open_project(project)  # opens cleanly after every kill
        try:
            with database.session() as session:
                stored = set(session.scalars(select(Segment.guid)))
            must_exist = added - deleted - maybe_deleted
            lost = must_exist - stored
            assert not lost, f"{where}: {len(lost)} acknowledged segments lost, e.g. {min(lost)}"
            back = deleted & stored
            assert not back, f"{where}: {len(back)} acknowledged deletions undone, e.g. {min(back)}"
            assert _problems(database) == [], where
        finally:
            database.close()
    print(
        f"{ROUNDS} rounds: {len(added)} codings and {len(deleted)} deletions acknowledged "
        f"(base seed {base_seed})"
    )
    # Every round acknowledged something, and deletions were exercised too.
    assert len(added) >= ROUNDS
    assert deleted

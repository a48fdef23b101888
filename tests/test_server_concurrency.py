"""Ten coders at once on one PostgreSQL server, each as its own role: every action stored once.

Each of `CODERS` processes (tests/server_worker.py) does `ACTIONS` mixed coding actions through
its Workspace, connected as its own coder role, and acknowledges each after the call returned.
Afterwards, read as the administrator: each coder's segments are exactly those acknowledged as
coded and not deleted, their values and done marks are the last acknowledged ones, the journal
holds one event per acknowledged action of the right kind, no GUID appears twice, and
`articoder check` finds nothing wrong.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coding.check import check_project
from models.database import open_project
from models.entities import Assignment, Coder, Event, Segment, VariableValue
from team.server import init_server
from tests.server_fixtures import fill_project, server_url

__all__ = ["server_url"]

pytestmark = pytest.mark.postgres

WORKER = Path(__file__).with_name("server_worker.py")
CODERS = 10
ACTIONS = 1000
TIMEOUT = 280.0  # seconds for every worker to finish

ARTICLES = {
    "01.txt": "城南社区简讯\n城南社区召开居民议事会，讨论加装电梯和停车难问题。",
    "02.txt": "滨江街道动态\n滨江街道成立楼栋党小组，由党员中心户带头走访独居老人。",
    "03.txt": "北塘新闻\n北塘社区引入红色物业，物业公司与社区党委每月联席办公。",
    "04.txt": "西湖里简报\n西湖里社区开展垃圾分类宣传，志愿者在楼道张贴指引。",
    "05.txt": "东园纪事\n东园社区党员中心户亮身份，居民有事可以就近求助。",
    "06.txt": "南门观察\n南门街道推行网格化管理，每个网格配一名专职网格员。",
}


def _expected(lines: list[str]) -> tuple[set[str], dict[tuple[int, int], str], dict[int, str]]:
    """Segments, values and statuses that a coder's acknowledgements say must be stored."""
    segments: set[str] = set()
    values: dict[tuple[int, int], str | None] = {}
    statuses: dict[int, str] = {}
    for line in lines:
        if line[0] == "+":
            segments.add(line[1:])
        elif line[0] == "-":
            segments.remove(line[1:])
        elif line[0] == "=":
            article, variable, value = line[1:].split(",", 2)
            values[int(article), int(variable)] = value or None
        else:
            _d, article, done = line.split()
            # Done is a status: "not done" on an article nobody assigned leaves no row.
            if done == "1":
                statuses[int(article)] = "done"
            else:
                statuses.pop(int(article), None)
    kept = {key: value for key, value in values.items() if value is not None}
    return segments, kept, statuses


_KIND = {"+": "segment-add", "-": "segment-delete", "=": "value-set", "D": "article-status"}


def test_ten_coder_roles_at_once_store_every_action_exactly_once(
    server_url: str, tmp_path: Path
) -> None:
    setup = init_server(server_url, "lead", [f"coder{n:02d}" for n in range(CODERS)])
    fill_project(server_url, ARTICLES, tmp_path)
    coders = [login for login in setup.logins if not login.is_lead]
    base_seed = random.randrange(2**32)
    started = time.monotonic()
    workers = []
    for n, login in enumerate(coders):
        ack, log = tmp_path / f"ack-{n}.txt", tmp_path / f"worker-{n}.log"
        with open(log, "wb") as stderr:
            process = subprocess.Popen(
                [
                    sys.executable,
                    str(WORKER),
                    login.url,
                    str(ack),
                    str(base_seed + n),
                    str(ACTIONS),
                ],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        workers.append((login, process, ack, log))
    for login, process, _ack, log in workers:
        try:
            code = process.wait(timeout=max(1.0, TIMEOUT - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            for _login, other, _a, _l in workers:
                other.kill()
            pytest.fail(f"{login.name} did not finish in {TIMEOUT} s (base seed {base_seed})")
        assert code == 0, f"{login.name} failed:\n" + log.read_text(errors="replace")
    elapsed = time.monotonic() - started
    print(f"{CODERS} coders x {ACTIONS} actions on PostgreSQL in {elapsed:.1f} s")

    database = open_project(server_url)
    try:
        with database.session() as session:
            for login, _process, ack, _log in workers:
                lines = ack.read_text(encoding="utf-8").splitlines()
                assert len(lines) == ACTIONS, f"{login.name}: {len(lines)} acknowledgements"
                segments, values, statuses = _expected(lines)
                coder = session.scalar(select(Coder.id).where(Coder.db_role == login.role))
                where = f"{login.name} (base seed {base_seed})"
                stored = list(
                    session.scalars(select(Segment.guid).where(Segment.coder_id == coder))
                )
                assert len(stored) == len(set(stored)) and set(stored) == segments, where
                stored_values = {
                    (a, v): value
                    for a, v, value in session.execute(
                        select(
                            VariableValue.article_id, VariableValue.variable_id, VariableValue.value
                        ).where(VariableValue.coder_id == coder)
                    )
                }
                assert stored_values == values, where
                stored_statuses = dict(
                    session.execute(
                        select(Assignment.article_id, Assignment.status).where(
                            Assignment.coder_id == coder
                        )
                    ).all()
                )
                assert stored_statuses == statuses, where
                journal = Counter(
                    session.scalars(select(Event.action).where(Event.coder_id == coder))
                )
                assert journal == Counter(_KIND[line[0]] for line in lines), where
            for column in (Segment.guid, Event.guid, VariableValue.guid):
                total, distinct = session.execute(
                    select(func.count(column), func.count(func.distinct(column)))
                ).one()
                assert total == distinct, f"duplicate {column}"
        report = check_project(database)
        assert report.ok, report.problems
    finally:
        database.close()

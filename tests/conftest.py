"""Shared fixtures: project databases on a temporary SQLite file or on a real PostgreSQL server.

The PostgreSQL server is started once per test session from the machine's PostgreSQL binaries
(an unprivileged user, a temporary data directory, a free port on 127.0.0.1) and stopped at the
end. ARTICODER_TEST_PG_URL points the suite at a server of your own instead. Without PostgreSQL
on the machine the PostgreSQL variants are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import gc
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.database import ProjectDatabase, create_project

# Keep the user's own settings and data out of the tests (QSettings and the demo project).
_HOME = Path(tempfile.mkdtemp(prefix="articoder-test-home-"))
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["XDG_CACHE_HOME"] = str(_HOME / "cache")


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """Between tests, collect the garbage a window's UI-thread collector would have.

    Once a test opened a window, automatic collection is off for the rest of the process
    (gui/worker_threads.py) and its timer runs only while a test spins the event loop.
    """
    yield
    if not gc.isenabled():
        from gui.worker_threads import collect_if_due

        collect_if_due()


PG_BIN_CANDIDATES = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15, 14)]
_database_numbers = itertools.count(1)


def _pg_bin() -> Path | None:
    for candidate in PG_BIN_CANDIDATES:
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: run it as the `postgres` user when we are root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The base URL (without database name) of a running PostgreSQL server."""
    if os.environ.get("ARTICODER_TEST_PG_URL"):
        yield os.environ["ARTICODER_TEST_PG_URL"].rstrip("/")
        return
    binaries = _pg_bin()
    if binaries is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed on this CI machine (.ci/run installs it)")
        pytest.skip("PostgreSQL binaries not found on this machine")
    workdir = Path(tempfile.mkdtemp(prefix="articoder-pg-"))
    data = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
    subprocess.run(
        _as_user(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        ),
        check=True,
        capture_output=True,
    )
    port = _free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off -c full_page_writes=off"
    )
    subprocess.run(
        _as_user(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(workdir / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def _new_pg_database(base_url: str) -> str:
    import sqlalchemy

    name = (
        f"articoder_test_{os.getpid()}_{next(_database_numbers)}_{int(time.time() * 1000) % 100000}"
    )
    engine = sqlalchemy.create_engine(f"{base_url}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return f"{base_url}/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def project_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL where a new project can be created: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.articoder'}"
    return _new_pg_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def database(project_url: str) -> Iterator[ProjectDatabase]:
    """A new, empty project on each backend."""
    db = create_project(project_url, name="test")
    yield db
    db.close()


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[ProjectDatabase]:
    """A new, empty project in a temporary SQLite file."""
    db = create_project(tmp_path / "test.articoder", name="test")
    yield db
    db.close()

"""A separate process for tests/models/test_hostile_files.py: one action on a hostile project.

Run as ``python -m tests.hostile_worker [--as-user NAME] [--file-size-limit BYTES] PROJECT
ACTION [ARG]``. It imports and warms up everything first (so nothing needs loading later),
then, when asked, gives up root for NAME's uid (a read-only file stops only a non-root user)
or caps the size of any file it writes (RLIMIT_FSIZE, SIGXFSZ ignored: a full disk as the
process sees it). Then it does ACTION and prints one JSON line: per stage, "ok" or the error's
class and message. Actions: ``code`` (open, read the articles, code a span), ``import FILE``
(the article import service), ``cli ARGS...`` (articoder's command line).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import pwd
import resource
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from articoder.cli import main as cli_main
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from models.backups import list_backups, make_backup
from models.database import create_project, open_project


def _warm_up() -> None:
    """Create, open, code and close a scratch project, so every lazy import has happened."""
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "a.txt"
        article.write_text("暖场社区简讯\n暖场社区开展志愿服务。", encoding="utf-8")
        database = create_project(Path(folder) / "warm.articoder")
        import_paths(database, [article])
        coder = ensure_coder(database, "甲")
        Workspace(database, coder).article_rows()
        database.close()
        database = open_project(Path(folder) / "warm.articoder")
        database.close()
        make_backup(Path(folder) / "warm.articoder", "warm-up")
        list_backups(Path(folder) / "warm.articoder")


def _stage(results: dict[str, Any], name: str, work: Callable[[], Any]) -> Any:
    try:
        value = work()
    except Exception as exc:
        results[name] = {"error": type(exc).__name__, "message": str(exc)}
        raise _Stop from exc
    results[name] = "ok"
    return value


class _Stop(Exception):
    """A stage failed; the results say how."""


def _code(project: str, results: dict[str, Any]) -> None:
    database = _stage(results, "open", lambda: open_project(project))
    try:
        coder = _stage(results, "coder", lambda: ensure_coder(database, "甲"))
        workspace = Workspace(database, coder)
        rows = _stage(results, "read", workspace.article_rows)
        results["articles"] = len(rows)
        code = next(c.id for c in workspace.codes() if c.path[-1] == "红色物业")
        text = workspace.article(rows[0].id).text
        start = len(text) - len(text.lstrip())
        _stage(results, "write", lambda: workspace.code_span(rows[0].id, start, start + 2, code))
    finally:
        database.close()


def _import(project: str, source: str, results: dict[str, Any]) -> None:
    database = _stage(results, "open", lambda: open_project(project))
    try:
        _stage(results, "write", lambda: import_paths(database, [Path(source)]))
    finally:
        database.close()


def _cli(arguments: list[str], results: dict[str, Any]) -> None:
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        results["exit"] = cli_main(arguments)
    results["stderr"] = errors.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--as-user")
    parser.add_argument("--file-size-limit", type=int)
    parser.add_argument("project")
    parser.add_argument("action", choices=["code", "import", "cli"])
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    _warm_up()
    if arguments.as_user:
        user = pwd.getpwnam(arguments.as_user)
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)
    if arguments.file_size_limit is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails with EFBIG instead
        limit = arguments.file_size_limit
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    results: dict[str, Any] = {}
    with contextlib.suppress(_Stop):
        if arguments.action == "code":
            _code(arguments.project, results)
        elif arguments.action == "import":
            _import(arguments.project, arguments.rest[0], results)
        else:
            _cli(arguments.rest, results)
    sys.stdout.write(json.dumps(results, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

"""What the command line prints is safe: no control characters reach the terminal, and no
password of a database URL appears in a message (issue 13).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ARTICODER = [sys.executable, "-m", "articoder.cli"]


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ARTICODER, *arguments], capture_output=True, text=True, timeout=120, check=False
    )


def test_control_characters_in_titles_do_not_reach_the_terminal(tmp_path: Path) -> None:
    project = tmp_path / "p.articoder"
    assert _run("new", str(project)).returncode == 0
    article = tmp_path / "feed.jsonl"
    # A title holding an escape sequence that would retitle the terminal and ring its bell.
    record = {
        "title": "社区\x1b]0;pwned\x07网格员走进楼道\x9b2J",
        "text": "白鹭洲街道的网格员每天走访居民，记录楼道里的大事小情。",
    }
    article.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    imported = _run("import", str(project), str(article))
    assert imported.returncode == 0, imported.stderr
    for arguments in (("articles", str(project)), ("show", str(project), "1")):
        shown = _run(*arguments)
        assert shown.returncode == 0, shown.stderr
        assert "网格员走进楼道" in shown.stdout
        for control in ("\x1b", "\x07", "\x9b"):
            assert control not in shown.stdout + shown.stderr, arguments


def test_a_password_in_a_url_never_appears_in_a_message() -> None:
    for url in (
        "postgresql+psycopg://lead:s3cret-pw@127.0.0.1:1/study",  # nothing listens on port 1
        "postgresql+psycopg://lead:s3cret-pw@127.0.0.1:notaport/study",  # not a valid URL
    ):
        done = _run("articles", url)
        assert done.returncode == 1, done.stderr
        assert "s3cret-pw" not in done.stdout + done.stderr
        assert "***" in done.stderr and "Traceback" not in done.stderr

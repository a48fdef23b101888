"""A process that works on a project as the window does, for the shared-project tests.

Run as `python tests/window_worker.py PROJECT ACK_FILE SEED [GO_FILE]`. It opens the project
the way `gui.app.run` does (open, then the backup on open), then takes every backup path the
window takes: before a bulk change (`models.backups.backup_before`, as the import, merge,
auto-code and codebook-merge paths do), then codes at random for ever, one segment at a time,
with a backup before a bulk change every tenth action. Each coding is acknowledged ("shown as
saved") only after `Workspace.code_span` returned, by one line in ACK_FILE:

    +GUID   a segment was coded

With GO_FILE, it writes "ready" to ACK_FILE's `.ready` file after its backups and waits for
GO_FILE to exist before it codes, so a test can run commands beside it at chosen moments.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path
from typing import TextIO

# Run as a script: make the project's packages importable from the checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from coding.coders import workspace_coder
from coding.workspace import Workspace
from models.backups import backup_before, backup_on_open
from models.database import open_project
from models.entities import Article, Code


def _acknowledge(ack: TextIO, line: str) -> None:
    ack.write(line + "\n")
    ack.flush()
    os.fsync(ack.fileno())


def main(project: str, ack_path: str, seed: int, go_file: str | None) -> None:
    """Code at random in `project`, acknowledging each coding in `ack_path`."""
    rng = random.Random(seed)
    database = open_project(project)
    assert database.path is not None
    backup_on_open(database.path)
    workspace = Workspace(database, workspace_coder(database, "window-worker"))
    backup_before(database, "before-import")
    with database.session() as session:
        texts = {i: t for i, t in session.execute(select(Article.id, Article.text)) if t.strip()}
        parents = set(session.scalars(select(Code.parent_id).where(Code.parent_id.is_not(None))))
        leaves = [
            code_id
            for code_id in session.scalars(select(Code.id).where(Code.retired.is_(False)))
            if code_id not in parents
        ]
    article_ids = sorted(texts)
    if go_file is not None:
        Path(ack_path).with_suffix(".ready").write_text("ready", encoding="utf-8")
        while not Path(go_file).exists():
            time.sleep(0.01)
    with open(ack_path, "a", encoding="utf-8") as ack:
        actions = 0
        while True:
            article_id = rng.choice(article_ids)
            text = texts[article_id]
            start = rng.randrange(len(text) - 1)
            end = min(len(text), start + rng.randint(1, 30))
            if not text[start:end].strip():
                continue
            segment = workspace.code_span(article_id, start, end, rng.choice(leaves))
            _acknowledge(ack, f"+{segment.guid}")
            actions += 1
            if actions % 10 == 0:
                backup_before(database, "auto-code")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)

"""A coding process for the crash-safety test: codes and deletes at random until it is killed.

Run as `python tests/crash_worker.py PROJECT ACK_FILE SEED`. It opens the project with a
Workspace, then loops forever. Each action is acknowledged ("shown as saved") only after the
Workspace call returned, by appending one line to ACK_FILE and flushing it to disk:

    +GUID   a segment was coded (code_span returned it)
    ~GUID   about to delete this segment (written before the deletion starts)
    -GUID   the segment was deleted (delete_segments returned)

The "~" line lets the test tell "deleted but killed before the acknowledgement" (allowed: the
segment may be there or not) from "acknowledged and lost" (a failure). A line without its
final newline was cut by the kill and counts as not written.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import TextIO

# Run as a script: make the project's packages importable from the checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from coding.segments import SegmentInfo
from coding.workspace import Workspace
from models.entities import Article, Code


def _acknowledge(ack: TextIO, line: str) -> None:
    ack.write(line + "\n")
    ack.flush()
    os.fsync(ack.fileno())


def _random_span(rng: random.Random, text: str) -> tuple[int, int]:
    """A span [start, end) of `text` holding something other than white space."""
    while True:
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randint(1, 40))
        if text[start:end].strip():
            return start, end


def main(project: str, ack_path: str, seed: int) -> None:
    """Code and delete at random in `project`, acknowledging each action in `ack_path`."""
    rng = random.Random(seed)
    workspace = Workspace.open(project, "crash-worker")
    with workspace.database.session() as session:
        texts = {
            article_id: text
            for article_id, text in session.execute(select(Article.id, Article.text))
            if text.strip()
        }
        parents = set(session.scalars(select(Code.parent_id).where(Code.parent_id.is_not(None))))
        leaves = [
            code_id
            for code_id in session.scalars(select(Code.id).where(Code.retired.is_(False)))
            if code_id not in parents
        ]
    if not texts or not leaves:
        raise SystemExit("the project needs articles and leaf codes")
    article_ids = sorted(texts)
    mine: list[SegmentInfo] = []
    with open(ack_path, "a", encoding="utf-8") as ack:
        while True:
            if mine and rng.random() < 0.2:
                segment = mine.pop(rng.randrange(len(mine)))
                _acknowledge(ack, f"~{segment.guid}")
                workspace.delete_segments([segment.id])
                _acknowledge(ack, f"-{segment.guid}")
            else:
                article_id = rng.choice(article_ids)
                start, end = _random_span(rng, texts[article_id])
                segment = workspace.code_span(article_id, start, end, rng.choice(leaves))
                _acknowledge(ack, f"+{segment.guid}")
                mine.append(segment)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))

"""One coder process for the shared-server test: N coding actions through a Workspace, acknowledged.

Run as `python tests/server_worker.py URL ACK_FILE SEED ACTIONS`. URL connects as the coder's
own PostgreSQL role, so the Workspace works as that coder. Each action is acknowledged by one
line in ACK_FILE written only after the Workspace call returned:

    +GUID                      a segment was coded
    -GUID                      a segment was deleted
    =ARTICLE,VARIABLE,VALUE    a value was set (an empty VALUE: cleared)
    D ARTICLE 1|0              the article was marked done (1) or not done (0)

Actions are mixed at random (seeded): code a span, delete one of its own segments, set or clear
a coding-sheet value, mark an article done or not done.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

# Run as a script: make the project's packages importable from the checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coding.segments import SegmentInfo
from coding.workspace import Workspace


def _choices(workspace: Workspace) -> dict[int, list[str]]:
    """Variable id -> values this worker may set (a choice, or a number in range)."""
    values: dict[int, list[str]] = {}
    for variable in workspace.variables():
        if variable.choices:
            values[variable.id] = [value for value, _label, _en in variable.choices]
        elif variable.level in ("interval", "ratio"):
            low, high = int(variable.minimum or 0), int(variable.maximum or 5)
            values[variable.id] = [str(n) for n in range(low, high + 1)]
    return values


def main(url: str, ack_path: str, seed: int, actions: int) -> None:
    """Do `actions` coding actions as the coder of `url`, acknowledging each one."""
    rng = random.Random(seed)
    workspace = Workspace.open(url, "worker")
    articles = [row.id for row in workspace.article_rows()]
    texts = {article: workspace.article(article).text for article in articles}
    parents = {c.path[:-1] for c in workspace.codes()}
    leaves = [c.id for c in workspace.codes() if c.path not in parents and not c.retired]
    choices = _choices(workspace)
    variables = sorted(choices)
    mine: list[SegmentInfo] = []
    with open(ack_path, "w", encoding="utf-8") as ack:
        for _ in range(actions):
            roll = rng.random()
            article = rng.choice(articles)
            if roll < 0.2 and mine:
                segment = mine.pop(rng.randrange(len(mine)))
                workspace.delete_segments([segment.id])
                line = f"-{segment.guid}"
            elif roll < 0.55:
                text = texts[article]
                start = rng.randrange(len(text) - 1)
                end = min(len(text), start + rng.randint(1, 12))
                if not text[start:end].strip():
                    start, end = 0, 2  # the titles start with two non-blank characters
                segment = workspace.code_span(article, start, end, rng.choice(leaves))
                mine.append(segment)
                line = f"+{segment.guid}"
            elif roll < 0.85:
                variable = rng.choice(variables)
                value = None if rng.random() < 0.15 else rng.choice(choices[variable])
                workspace.set_value(article, variable, value)
                line = f"={article},{variable},{value or ''}"
            else:
                done = rng.random() < 0.7
                workspace.set_done(article, done)
                line = f"D {article} {int(done)}"
            ack.write(line + "\n")
            ack.flush()
    workspace.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))

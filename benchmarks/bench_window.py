"""Coding-window benchmark: start-up on a large project, opening a heavy article, one action.

Prints:
- the time from a fresh process to the window shown on the 100,000-article project (built
  by bench_search.py), Qt offscreen; jieba is not loaded on this path;
- the time to open an article of 20,000 characters holding 500 segments (many overlapping);
- the time of a coding action, from the key press to the segment stored and drawn.
Targets: 1.5 s, 100 ms, 16 ms.

    python benchmarks/bench_window.py --n 100000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from bench_search import project_path

STARTUP = """
import time
began = time.perf_counter()
from gui.app import application
from gui.main_window import MainWindow
from coding.workspace import Workspace
app = application()
workspace = Workspace.open({path!r}, "bench")
window = MainWindow(workspace)
window.show()
app.processEvents()
print(f"{{time.perf_counter() - began:.3f}} {{window.article_model.rowCount()}}")
"""


def startup(path: Path) -> None:
    """Fresh-process start-up times."""
    times = []
    for _ in range(3):
        output = subprocess.run(
            [sys.executable, "-c", STARTUP.format(path=str(path))],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "XDG_CONFIG_HOME": tempfile.mkdtemp()},
        ).stdout.split()
        times.append(float(output[0]))
    print(
        f"window up on {output[1]} articles: best {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s (target 1.5 s)"
    )


def heavy_article() -> None:
    """Open a 20,000-character article with 500 segments; time one coding action."""
    from corpus_generator import generate_articles
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from articoder.demo_project import DEMO_CODEBOOK
    from codebook.store import import_codebook
    from codebook.text_files import read_codebook_text
    from coding.segments import AddSegments
    from coding.workspace import Workspace
    from corpus.importer import import_paths
    from gui.app import application
    from gui.main_window import MainWindow
    from models.database import create_project
    from models.journal import perform

    app = application()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        text = ""
        for article in generate_articles(40, seed=3):
            text += article.text.replace("\r", "")
            if len(text) >= 20_000:
                break
        (Path(tmp) / "long.txt").write_text(text[:20_000], encoding="utf-8")
        database = create_project(Path(tmp) / "p.articoder")
        import_codebook(database, read_codebook_text(DEMO_CODEBOOK))
        import_paths(database, [Path(tmp) / "long.txt"])
        workspace = Workspace.open(database.url, "bench")
        window = MainWindow(workspace)
        window.show()
        article_id = window.article_model.article_at(0).id
        length = len(workspace.article(article_id).text)
        leaves = [n for n in window.tree if not n.children and n.key]
        spans = []
        for _ in range(500):
            start = rng.randrange(0, length - 40)
            spans.append((article_id, start, start + rng.randrange(2, 40)))
        for number in range(0, 500, 50):
            perform(
                database,
                AddSegments(spans[number : number + 50], rng.choice(leaves).id, workspace.coder.id),
            )
        opens = []
        for _ in range(5):
            began = time.perf_counter()
            window.open_article(article_id)
            app.processEvents()
            opens.append((time.perf_counter() - began) * 1000)
        print(
            f"open a {length:,}-character article with {len(window.view.spans)} segments: "
            f"best {min(opens):.0f} ms, median {statistics.median(opens):.0f} ms (target 100 ms)"
        )
        actions = []
        for _ in range(30):
            start = rng.randrange(0, length - 10)
            window.view.select_span(start, start + 4)
            before = len(window.view.spans)
            began = time.perf_counter()
            QTest.keyClick(window.view, leaves[0].key or "1")
            app.processEvents()
            actions.append((time.perf_counter() - began) * 1000)
            assert len(window.view.spans) == before + 1
        print(
            f"coding action (key press -> stored -> drawn, {len(window.view.spans)} segments): "
            f"median {statistics.median(actions):.1f} ms, "
            f"90th percentile {sorted(actions)[26]:.1f} ms (target 16 ms)"
        )
        window.close()
        workspace.close()
        database.close()
    del Qt


def main() -> None:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-startup", action="store_true")
    arguments = parser.parse_args()
    if not arguments.skip_startup:
        startup(project_path(arguments.n, arguments.seed))
    heavy_article()


if __name__ == "__main__":
    main()

"""Retrieval benchmark: list 10,000 coded segments of several codes across articles, with context.

Builds a project of generated articles (benchmarks/corpus_generator.py), codes 10,000 random
spans with three codes by three coders, then times `coding.retrieval.coded_segments` for all
three codes (every segment, 60 characters of context either side), for one coder, and with an
outlet filter; and, when Qt is at hand, the "Coded segments" window's table filled with them.
Target: 10,000 segments listed in <= 300 ms.

    python benchmarks/bench_retrieval.py [--articles 400] [--segments 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))

from corpus_generator import write_corpus

from articoder.demo_project import DEMO_CODEBOOK
from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from codebook.tree import load_code_tree
from coding.coders import ensure_coder
from coding.retrieval import RetrievalQuery, RetrievedSegment, coded_segments
from coding.segments import AddSegments
from corpus.articles import list_articles
from corpus.importer import import_paths
from models.database import ProjectDatabase, create_project
from models.journal import perform


def _timed(label: str, run: Callable[[], int], target_ms: float | None = None) -> None:
    times, count = [], 0
    for _ in range(5):
        began = time.perf_counter()
        count = run()
        times.append((time.perf_counter() - began) * 1000)
    target = f" (target {target_ms:.0f} ms)" if target_ms else ""
    print(
        f"{label}: {count:,} segments, best {min(times):.0f} ms, "
        f"median {statistics.median(times):.0f} ms{target}"
    )


def build(folder: Path, articles: int, segments: int) -> tuple[ProjectDatabase, list[int]]:
    """A project with `articles` generated articles and `segments` segments on three codes."""
    database = create_project(folder / "bench.articoder")
    import_codebook(database, read_codebook_text(DEMO_CODEBOOK))
    import_paths(database, write_corpus(folder / "corpus", articles, seed=5))
    summaries = list_articles(database)
    codes = [n.id for n in load_code_tree(database) if not n.children][:3]
    coders = [ensure_coder(database, name).id for name in ("甲", "乙", "丙")]
    rng = random.Random(11)
    spans: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for _ in range(segments):
        article = rng.choice(summaries)
        start = rng.randrange(0, max(article.chars - 30, 1))
        key = (rng.choice(codes), rng.choice(coders))
        spans.setdefault(key, []).append((article.id, start, start + rng.randrange(2, 30)))
    for (code, coder), group in spans.items():
        for number in range(0, len(group), 1000):
            perform(database, AddSegments(group[number : number + 1000], code, coder), coder)
    return database, codes


def main() -> None:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--segments", type=int, default=10_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        database, codes = build(Path(tmp), arguments.articles, arguments.segments)
        print(
            f"built {arguments.articles} articles, {arguments.segments:,} segments "
            f"in {time.perf_counter() - began:.1f} s"
        )
        every = RetrievalQuery(codes)
        _timed(
            "three codes, every coder, 60 characters of context",
            lambda: len(coded_segments(database, every)),
            300,
        )
        one_coder = RetrievalQuery(codes, coders=[1])
        _timed("three codes, one coder", lambda: len(coded_segments(database, one_coder)))
        outlets = sorted({a.outlet for a in list_articles(database) if a.outlet})[:2]
        by_outlet = RetrievalQuery(codes, outlets=outlets)
        _timed("three codes, two outlets", lambda: len(coded_segments(database, by_outlet)))
        try:
            from PySide6.QtWidgets import QTableView

            from gui.app import application
            from gui.retrieval_window import SegmentTableModel
        except ImportError:  # a machine without Qt measures the query alone
            database.close()
            return
        app = application()
        rows = coded_segments(database, every)
        model = SegmentTableModel()
        table = QTableView()
        table.setModel(model)
        table.resize(1200, 700)
        table.show()
        names = {code: f"code {code}" for code in codes}

        def fill(listed: list[RetrievedSegment]) -> int:
            model.set_rows(listed, names, {})
            app.processEvents()  # the rows on screen drawn
            return model.rowCount()

        _timed("the window's table filled and drawn", lambda: fill(rows))
        _timed(
            "query + table drawn, as the window lists them",
            lambda: fill(coded_segments(database, every)),
            300,
        )
        table.close()
        database.close()


if __name__ == "__main__":
    main()

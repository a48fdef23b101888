"""Search and open benchmark on a large project (default 100,000 generated articles).

Builds the project once (cached in benchmarks/_data/), then prints:
- the time to open the project in a fresh process (open_project and the article count), and to
  list every article's summary (what the window's article list loads);
- search times for 1-, 2- and longer-character terms in both scripts, for the first page of
  hits (limit 200, what the window shows first) and for counting matching articles.
Targets: a 2-character search at most 100 ms; the project opens in at most 1 s.

    python benchmarks/bench_search.py --n 100000
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_import import DATA, corpus_folder

from corpus.articles import list_articles
from corpus.importer import import_paths
from corpus.search import count_articles, search
from models.database import create_project, open_project

TERMS = ["社区", "黨建", "党建", "物业", "议事", "汛", "區", "党建引领", "紅色物業", "网格员每天"]

OPEN_SNIPPET = """
import time
began = time.perf_counter()
from models.database import open_project
from corpus.articles import count_articles
database = open_project({path!r})
count = count_articles(database)
print(f"{{time.perf_counter() - began:.3f}} {{count}}")
"""


def project_path(n: int, seed: int) -> Path:
    """The benchmark project of n articles, built once."""
    path = DATA / f"project-{n}-{seed}.articoder"
    if not path.exists():
        folder = corpus_folder(n, seed)
        partial = path.with_suffix(".building")
        for leftover in DATA.glob(partial.name + "*"):
            leftover.unlink()
        database = create_project(partial)
        began = time.perf_counter()
        report = import_paths(database, [folder])
        print(f"built: {len(report.imported)} articles in {time.perf_counter() - began:.0f} s")
        database.close()
        partial.replace(path)
    return path


def best_of(runs: int, action: object) -> float:
    """The best wall time of several runs, in milliseconds."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - began) * 1000)
    return min(times)


def main() -> None:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    path = project_path(arguments.n, arguments.seed)
    print(f"project: {path.name}, {path.stat().st_size / 1e9:.2f} GB")

    opens = []
    for _ in range(5):
        output = subprocess.run(
            [sys.executable, "-c", OPEN_SNIPPET.format(path=str(path))],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        opens.append(float(output[0]))
    print(
        "open in a fresh process (imports + open + count): "
        f"best {min(opens):.3f} s, median {statistics.median(opens):.3f} s, "
        f"{output[1]} articles"
    )

    database = open_project(path)
    print(f"list every article summary: {best_of(3, lambda: list_articles(database)):.0f} ms")
    with database.engine.connect() as connection:
        for term in TERMS:
            first_page = best_of(5, lambda term=term: search(connection, term, limit=200))
            hits = len(search(connection, term, limit=200))
            counted = best_of(3, lambda term=term: count_articles(connection, term))
            articles = count_articles(connection, term)
            print(
                f"{term:<6} ({len(term)} chars): "
                f"first 200 hits {first_page:7.1f} ms ({hits} hits); "
                f"count matching articles {counted:8.1f} ms ({articles:,} articles)"
            )
    database.close()


if __name__ == "__main__":
    main()

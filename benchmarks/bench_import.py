"""Import benchmark: articles/s, characters/s, and import time against jieba.lcut alone.

Generates (once, cached in benchmarks/_data/) N articles with corpus_generator, imports them
into a new SQLite project, then times `jieba.lcut` on the same decoded texts in the same run.
The issue's targets: whole import time at most 0.3 x jieba's, and at least 1 M characters/s.

    python benchmarks/bench_import.py --n 10000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus_generator import write_corpus

from corpus.encoding import decode_bytes
from corpus.importer import import_paths
from corpus.readers import iter_paths
from models.database import create_project

DATA = Path(__file__).with_name("_data")


def corpus_folder(n: int, seed: int) -> Path:
    """The generated corpus of n articles, written once and reused."""
    folder = DATA / f"corpus-{n}-{seed}"
    done = folder / ".complete"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        write_corpus(folder, n, seed)
        done.touch()
    return folder


def main() -> None:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-jieba", action="store_true")
    arguments = parser.parse_args()
    folder = corpus_folder(arguments.n, arguments.seed)
    files = iter_paths([folder])
    texts = [decode_bytes(p.read_bytes(), str(p)).text for p in files]
    chars = sum(len(t) for t in texts)
    print(f"corpus: {len(files)} files, {chars:,} characters")

    with tempfile.TemporaryDirectory() as tmp:
        database = create_project(Path(tmp) / "bench.articoder")
        began = time.perf_counter()
        report = import_paths(database, [folder])
        import_seconds = time.perf_counter() - began
        database.close()
        size = (Path(tmp) / "bench.articoder").stat().st_size
    print(
        f"import: {import_seconds:.2f} s, {len(report.imported)} imported, "
        f"{len(report.duplicates)} duplicates, {len(report.skipped)} skipped, "
        f"{len(report.imported) / import_seconds:,.0f} articles/s, "
        f"{chars / import_seconds:,.0f} characters/s, project file {size / 1e6:.0f} MB"
    )
    if arguments.skip_jieba:
        return
    import jieba

    jieba.initialize()
    began = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    jieba_seconds = time.perf_counter() - began
    print(f"jieba.lcut alone: {jieba_seconds:.2f} s, {chars / jieba_seconds:,.0f} characters/s")
    print(f"ratio import / jieba.lcut: {import_seconds / jieba_seconds:.3f} (target <= 0.3)")


if __name__ == "__main__":
    main()

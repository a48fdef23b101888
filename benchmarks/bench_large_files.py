"""Peak memory and time of reading very large article files (corpus.readers), and the size cap.

Usage: .venv/bin/python benchmarks/bench_large_files.py [--megabytes 40] [--folder DIR]

Generates a .txt (one long article), a .csv and a .jsonl (many articles) of about the given
size, reads each with `read_path` under tracemalloc, and prints the peak of Python's
allocations as a multiple of the file size. Then it shows that a file above the cap
(`corpus.readers.MAX_FILE_BYTES`, simulated with a sparse file so nothing is written) is
refused before a byte is read. Results: benchmarks/RESULTS.md, "Very large files".
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from corpus.readers import MAX_FILE_BYTES, ReadError, read_path

PARAGRAPH = (
    "新港社区党委推行“红色物业”，楼栋党小组每周走访居民，收集停车、加装电梯等诉求。"
    "街道党工委书记表示，要把党建引领落实到每一个小区、每一栋楼。\n"
)


def _articles(megabytes: int) -> list[tuple[str, str]]:
    """Articles of about 6 KB each, adding up to about `megabytes` of UTF-8."""
    size = len(PARAGRAPH.encode("utf-8"))
    per_article = 24
    count = max(1, megabytes * 1024 * 1024 // (size * per_article))
    return [(f"新港社区纪实（{i}）", PARAGRAPH * per_article) for i in range(count)]


def write_txt(path: Path, megabytes: int) -> Path:
    """One very long article."""
    repeats = megabytes * 1024 * 1024 // len(PARAGRAPH.encode("utf-8"))
    path.write_text("新港社区长篇纪实\n" + PARAGRAPH * repeats, encoding="utf-8")
    return path


def write_csv(path: Path, megabytes: int) -> Path:
    """Many articles, one per row: title, published, text."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "published", "text"])
        for title, text in _articles(megabytes):
            writer.writerow([title, "2024-05-01", text])
    return path


def write_jsonl(path: Path, megabytes: int) -> Path:
    """Many articles, one JSON object per line."""
    with path.open("w", encoding="utf-8") as handle:
        for title, text in _articles(megabytes):
            record = {"title": title, "published": "2024-05-01", "text": text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def measure(path: Path) -> tuple[int, float, float, int]:
    """Articles read, seconds, peak traced bytes and the file's size."""
    tracemalloc.start()
    started = time.perf_counter()
    result = read_path(path)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return len(result.documents), seconds, peak, path.stat().st_size


def refuse_oversized(folder: Path) -> tuple[float, str]:
    """A sparse file one byte over the cap: how fast it is refused, and the message."""
    path = folder / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    started = time.perf_counter()
    try:
        read_path(path)
    except ReadError as error:
        return time.perf_counter() - started, str(error)
    finally:
        path.unlink()
    raise AssertionError("a file above the cap was read")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--megabytes", type=int, default=40)
    parser.add_argument("--folder", type=Path)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=arguments.folder) as name:
        folder = Path(name)
        writers: dict[str, Callable[[Path, int], Path]] = {
            ".txt": write_txt,
            ".csv": write_csv,
            ".jsonl": write_jsonl,
        }
        print(f"{'file':<8} {'MB':>6} {'articles':>9} {'seconds':>8} {'peak MB':>8} {'ratio':>6}")
        for suffix, write in writers.items():
            path = write(folder / f"large{suffix}", arguments.megabytes)
            articles, seconds, peak, size = measure(path)
            print(
                f"{suffix:<8} {size / 2**20:6.1f} {articles:9d} {seconds:8.2f} "
                f"{peak / 2**20:8.1f} {peak / size:6.2f}"
            )
            path.unlink()
        seconds, message = refuse_oversized(folder)
        print(f"file of {MAX_FILE_BYTES + 1:,} bytes refused in {seconds * 1000:.2f} ms: {message}")


if __name__ == "__main__":
    main()

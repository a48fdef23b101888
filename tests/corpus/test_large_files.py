"""Very large article files: refused above a cap before a byte is read; below it, memory bounded.

The generated files (tens of MB) are the ones benchmarks/bench_large_files.py measures; the
refusal uses sparse files, so a "2 GB" file costs no disk space.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from benchmarks.bench_large_files import write_csv, write_jsonl, write_txt
from corpus.importer import import_paths
from corpus.readers import MAX_ARTICLE_FILE_BYTES, MAX_FILE_BYTES, ReadError, read_path
from models.database import ProjectDatabase

# Reading holds the bytes and the decoded text: about 4x the file at the peak (measured 4.0).
PEAK_BOUND = 6


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("huge.txt", 2 * 1024**3),
        ("huge.csv", 2 * 1024**3),
        ("huge.jsonl", 2 * 1024**3),
        ("huge.json", MAX_FILE_BYTES + 1),
        ("huge.xlsx", MAX_FILE_BYTES + 1),
        ("long.md", MAX_ARTICLE_FILE_BYTES + 1),
        ("long.docx", MAX_ARTICLE_FILE_BYTES + 1),
        ("long.html", MAX_ARTICLE_FILE_BYTES + 1),
    ],
)
def test_oversized_files_refused_before_reading(name: str, size: int, tmp_path: Path) -> None:
    path = _sparse(tmp_path / name, size)
    tracemalloc.start()
    try:
        with pytest.raises(ReadError, match="too large to import") as caught:
            read_path(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(path) in str(caught.value) and "MiB limit" in str(caught.value)
    assert peak < 1024 * 1024  # nothing of the file was read


def test_oversized_file_is_skipped_with_its_reason_and_the_rest_imported(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    small = tmp_path / "small.txt"
    small.write_text("小港社区简讯\n小港社区开展党员志愿服务。", encoding="utf-8")
    huge = _sparse(tmp_path / "huge.csv", 2 * 1024**3)
    report = import_paths(sqlite_database, [small, huge])
    assert [a.source for a in report.imported] == [str(small)]
    assert [s.source for s in report.skipped] == [str(huge)]
    assert "too large to import" in report.skipped[0].reason


@pytest.mark.parametrize(
    ("suffix", "write", "articles"),
    [(".txt", write_txt, 1), (".csv", write_csv, 4000), (".jsonl", write_jsonl, 4000)],
)
def test_large_files_read_within_bounded_memory(
    suffix: str, write: object, articles: int, tmp_path: Path
) -> None:
    path = write(tmp_path / f"large{suffix}", 20)  # type: ignore[operator]
    size = path.stat().st_size
    assert size > 20 * 1000**2
    tracemalloc.start()
    try:
        result = read_path(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.documents) >= articles
    assert peak < PEAK_BOUND * size, f"peak {peak / size:.1f}x the file's size"

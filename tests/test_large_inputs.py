"""A codebook or codings file far too large is refused before it is read (sparse files: no
disk space is used), with our own error naming the file, and the project unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codebook.files import MAX_CODEBOOK_BYTES, read_codebook
from codebook.spec import CodebookError
from coding.selection import ExportError
from exports.codings_import import MAX_CODINGS_FILE_BYTES, import_codings
from models.database import ProjectDatabase
from tests.fuzz_helpers import project_checksum


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx", ".qdc"])
def test_a_huge_codebook_is_refused(tmp_path: Path, suffix: str) -> None:
    path = _sparse(tmp_path / f"codebook{suffix}", MAX_CODEBOOK_BYTES + 1)
    with pytest.raises(CodebookError) as caught:
        read_codebook(path)
    assert str(path) in str(caught.value) and "too large" in str(caught.value)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_huge_codings_file_is_refused(
    sqlite_database: ProjectDatabase, tmp_path: Path, suffix: str
) -> None:
    path = _sparse(tmp_path / f"codings{suffix}", 2 * MAX_CODINGS_FILE_BYTES)
    assert sqlite_database.path is not None
    before = project_checksum(sqlite_database.path)
    with pytest.raises(ExportError) as caught:
        import_codings(sqlite_database, path)
    assert str(path) in str(caught.value) and "too large" in str(caught.value)
    assert project_checksum(sqlite_database.path) == before

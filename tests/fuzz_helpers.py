"""Shared pieces of the fuzz tests: byte mutations, hypothesis settings, a project checksum.

A checksum of every row of every table of an SQLite project, read with plain sqlite3, so a
test can say "the project is unchanged" after a refused import without trusting the code it
tests.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Each fuzz test stays within about ten seconds on a slow machine; ARTICODER_FUZZ_EXAMPLES=2000
# runs a deeper search by hand.
FUZZ = settings(
    max_examples=int(os.environ.get("ARTICODER_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def project_checksum(path: Path) -> str:
    """A hash of every row of every table (rows sorted), independent of page layout."""
    digest = hashlib.sha256()
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))
            digest.update(table.encode())
            for row_text in rows:
                digest.update(row_text.encode())
    finally:
        connection.close()
    return digest.hexdigest()


@st.composite
def mutated(draw: st.DrawFn, valid: bytes) -> bytes:
    """A valid file's bytes with a few random edits: flips, cuts, insertions, repeats."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate", "repeat"]))
        if not data:
            data += draw(st.binary(min_size=1, max_size=20))
            continue
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
    return bytes(data)

"""Fuzzing the .qdpx reader: whatever the bytes, only QdpxError comes out, and nothing half stored.

Three kinds of input: random bytes, a valid archive with bytes flipped (the zip layer: CRCs,
headers, compression), and a valid archive whose project XML is cut and spliced with pieces
of REFI-QDA markup (the XML layer: references, positions, GUIDs). A file that is imported
must leave a project that `articoder check` finds sound.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coding.check import check_project
from exchange.archive import QdpxError
from exchange.read import count_rows, import_project_file, read_project_file
from models.database import ProjectDatabase, create_project
from tests.exchange.test_qdpx import CODE_A, SOURCE, USER, valid_files, write_zip

# QDPX_FUZZ=3000 runs a longer search (60 examples a test keeps the suite quick).
FUZZ = settings(
    max_examples=int(os.environ.get("QDPX_FUZZ", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PIECES = [
    "<",
    ">",
    "/>",
    '"',
    "=",
    "&amp;",
    "&#0;",
    "&x;",
    "-1",
    "99999999999999999999",
    "0",
    USER,
    CODE_A,
    SOURCE,
    "{" + CODE_A + "}",
    '<PlainTextSelection guid="0A1B2C3D-0000-4000-8000-00000000D0FF" startPosition="2" '
    'endPosition="1"/>',
    f'<CodeRef targetGUID="{CODE_A}"/>',
    f'<SourceRef targetGUID="{SOURCE}"/>',
    '<NoteRef targetGUID="0A1B2C3D-0000-4000-8000-000000000000"/>',
    '<Variables><Variable guid="0A1B2C3D-0000-4000-8000-0000000000AA" name="x" '
    'typeOfVariable="Boolean"/></Variables>',
    "internal://../x.txt",
    "𠮷",
    "\r\n",
    "\ufeff",
]


ATTRIBUTE_VALUES = [
    "",
    "-1",
    "0",
    "3",
    "12",
    "40",
    "100000",
    "true",
    "abc",
    USER,
    CODE_A,
    SOURCE,
    "0A1B2C3D-0000-4000-8000-0000000000B1",
    "0A1B2C3D-0000-4000-8000-00000000D001",
    "internal://x.txt",
    f"internal://{SOURCE}.txt",
    "𠮷祥",
    "红色物业",
    "#12",
    "0001-01-01T00:00:00+05:00",
    "2024-03-05T10:00:00+08:00",
    "99999999999999999999999",
]


def _scratch() -> tuple[Path, ProjectDatabase]:
    folder = Path(tempfile.mkdtemp(prefix="qdpx-fuzz-"))
    return folder, create_project(folder / "fuzz.articoder")


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_give_only_qdpx_errors(data: bytes) -> None:
    folder = Path(tempfile.mkdtemp(prefix="qdpx-fuzz-"))
    path = folder / "random.qdpx"
    path.write_bytes(data)
    with pytest.raises(QdpxError) as caught:
        read_project_file(path)
    assert str(path) in str(caught.value)


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8)
)
def test_damaged_archives_give_only_qdpx_errors(flips: list[tuple[int, int]]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="qdpx-fuzz-"))
    data = bytearray(write_zip(folder / "valid.qdpx", valid_files()).read_bytes())
    for where, value in flips:
        data[where % len(data)] = value
    path = folder / "damaged.qdpx"
    path.write_bytes(bytes(data))
    try:
        parsed = read_project_file(path)
    except QdpxError as exc:
        assert str(path) in str(exc)
    else:  # the flips missed everything that matters
        assert [s.guid for s in parsed.sources] == [SOURCE]


def test_spliced_project_xml_is_refused_whole_or_stored_soundly() -> None:
    folder, database = _scratch()
    try:
        _run_mutations(folder, database, splice=True)
    finally:
        database.close()


def test_changed_attribute_values_are_refused_whole_or_stored_soundly() -> None:
    folder, database = _scratch()
    try:
        _run_mutations(folder, database, splice=False)
    finally:
        database.close()


def _run_mutations(folder: Path, database: ProjectDatabase, splice: bool) -> None:
    original = valid_files()
    xml = (
        original["project.qde"]
        .decode("utf-8")
        .replace("<Coding ", '<Coding creationDateTime="2024-03-05T08:00:00Z" ')
    )
    # Attribute values: replacing them keeps the XML well formed, so the import goes deeper.
    body = xml.index("<Project")  # not the XML declaration's
    values = [(m.start(1), m.end(1)) for m in re.finditer(r'="([^"]*)"', xml) if m.start() > body]
    cuts_strategy = st.lists(
        st.tuples(st.integers(0, len(xml)), st.integers(0, 40), st.sampled_from(PIECES)),
        min_size=1 if splice else 0,
        max_size=3 if splice else 0,
    )
    swaps_strategy = st.lists(
        st.tuples(st.integers(0, len(values) - 1), st.sampled_from(ATTRIBUTE_VALUES)),
        min_size=0 if splice else 1,
        max_size=4,
    )

    @FUZZ
    @given(cuts=cuts_strategy, swaps=swaps_strategy)
    def mutate(cuts: list[tuple[int, int, str]], swaps: list[tuple[int, str]]) -> None:
        text = xml
        # One value per attribute, from the end backwards, so earlier offsets stay right.
        for index, value in sorted(dict(swaps).items(), key=lambda swap: -values[swap[0]][0]):
            start, end = values[index]
            text = text[:start] + value + text[end:]
        for start, length, piece in cuts:
            text = text[:start] + piece + text[start + length :]
        path = write_zip(folder / "mutated.qdpx", {**original, "project.qde": text.encode("utf-8")})
        before = count_rows(database)
        try:
            import_project_file(database, path)
        except QdpxError as exc:
            assert str(path) in str(exc)
            assert count_rows(database) == before
            return
        assert check_project(database).problems == []

    mutate()

"""SPSS, Stata and Parquet datasets: read back with pyreadstat and polars, equal to the project.

The expectations are computed here from the database and from what demo_coded stored, not
from the query step that wrote the files; only the naming rule (the Matrix sheet's names, cut
for Stata) is shared, since it is the contract.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyreadstat
import pytest
from sqlalchemy import select

from codebook.spec import path_text
from coding.selection import ExportChoice, ExportError
from exports import stats_files
from exports.rows import ExportQuery, VariableColumn
from exports.stats_files import (
    LABELS_KEY,
    choice_codes,
    export_stats,
    segments_path,
    variable_names,
)
from models.database import ProjectDatabase
from models.entities import Article, Code, Coder, Segment, Variable, VariableValue
from models.progress import Cancelled, Progress
from tests.exports.conftest import FORMULA_MEMO, Coded
from tests.exports.demo_coded import DONE_ONLY, SEGMENTS, VALUES, Demo, build_coded_demo

READERS = {".sav": pyreadstat.read_sav, ".dta": pyreadstat.read_dta}
LIMITS = {".sav": 64, ".dta": 32}
META = ["article_id", "article_guid", "title", "outlet", "published", "author", "url", "chars",
        "coder", "status", "segments"]  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    coded = build_coded_demo(tmp_path_factory.mktemp("demo"))
    yield coded
    coded.database.close()


def _read(path: Path) -> tuple[pl.DataFrame, Any]:
    frame, meta = READERS[path.suffix](str(path), output_format="polars")
    return frame, meta


def _codes(database: ProjectDatabase) -> list[tuple[int, tuple[str, ...], str]]:
    """(id, path, Matrix name) of every code in tree order (names from the query: the contract)."""
    return [(c.id, c.path, c.column) for c in ExportQuery(database).codes]


def _cut(name: str, limit: int) -> str:
    return name[:limit].rstrip("_")


def _expected_counts(
    database: ProjectDatabase, coder: str, article: int
) -> dict[tuple[str, ...], int]:
    """Segments per code path for one unit, a group counting every code below it."""
    with database.session() as session:
        rows = session.execute(select(Code.id, Code.name, Code.parent_id)).all()
        parents = {int(i): (str(n), p) for i, n, p in rows}
        own = Counter(
            int(code_id)
            for (code_id,) in session.execute(
                select(Segment.code_id)
                .join(Coder, Coder.id == Segment.coder_id)
                .where(Segment.article_id == article, Coder.name == coder)
            )
        )

    def path(code_id: int) -> tuple[str, ...]:
        name, parent = parents[code_id]
        return (*path(parent), name) if parent is not None else (name,)

    counts: Counter[tuple[str, ...]] = Counter()
    for code_id, n in own.items():
        full = path(code_id)
        for depth in range(1, len(full) + 1):
            counts[full[:depth]] += n
    return counts


def _variables(database: ProjectDatabase) -> list[VariableColumn]:
    return ExportQuery(database).variables


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_articles_round_trip(demo: Demo, tmp_path: Path, suffix: str) -> None:
    database = demo.database
    target = tmp_path / f"study{suffix}"
    report = export_stats(database, target)
    assert report.files == [str(target), str(segments_path(target))]
    frame, meta = _read(target)
    limit = LIMITS[suffix]
    codes = _codes(database)
    variables = _variables(database)
    names = variable_names(variables, stats_files.PACKAGES[suffix], [])
    expected_columns = [
        *META,
        *names,
        *(n for _i, _p, column in codes for n in (_cut(column, limit), _cut(f"n_{column}", limit))),
    ]
    assert frame.columns == expected_columns
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", n) and len(n) <= limit for n in frame.columns)
    assert names == [v.name for v in variables]  # the demo's names are valid everywhere

    # One row per article and coder who worked on it, every coder but the consensus.
    units = (
        {(a, c) for c, a, *_ in SEGMENTS}
        | {(a, c) for c, a, *_ in VALUES}
        | {(DONE_ONLY[1], DONE_ONLY[0])}
    )
    units = {(a, c) for a, c in units if c != "consensus"}
    rows = {(int(r["article_id"]), r["coder"]): r for r in frame.iter_rows(named=True)}
    assert set(rows) == units and frame.height == len(units) == report.rows["Articles"]

    with database.session() as session:
        articles = {a.id: a for a in session.scalars(select(Article))}
        for (article_id, coder), row in rows.items():
            a = articles[article_id]
            assert row["article_guid"] == a.guid and row["title"] == a.title
            assert row["outlet"] == (a.outlet or "") and row["published"] == a.published
            assert row["author"] == (a.author or "") and row["url"] == (a.url or "")
            assert int(row["chars"]) == a.chars
            stored = sum(1 for s in SEGMENTS if s[0] == coder and s[1] == article_id)
            assert int(row["segments"]) == stored
            assert row["status"] == ("done" if (coder, article_id) == DONE_ONLY else "")

    # Values: each as the project stores it, through its value labels.
    labels = meta.variable_value_labels
    for variable, name in zip(variables, names, strict=True):
        assert meta.column_names_to_labels[name] == variable.label
        if variable.choices:
            codes_of = choice_codes(variable)
            assert labels[name] == {float(codes_of[v]): label for v, label, _en in variable.choices}
        for (article_id, coder), row in rows.items():
            given = [v for c, a, n, v in VALUES if (c, a, n) == (coder, article_id, variable.name)]
            cell = row[name]
            if not given:
                assert cell is None or cell == "" or (isinstance(cell, float) and cell != cell)
            elif variable.choices:
                assert (
                    labels[name][cell] == dict((v, lb) for v, lb, _ in variable.choices)[given[0]]
                )
            elif variable.level == "interval":
                assert cell == float(given[0])
            elif variable.level == "date":
                assert cell == dt.date.fromisoformat(given[0])
            else:
                assert cell == given[0]

    # Codes: presence and count, labelled with the whole path.
    for _id, path, column in codes:
        presence, count = _cut(column, limit), _cut(f"n_{column}", limit)
        assert meta.column_names_to_labels[presence] == path_text(path)
        assert meta.column_names_to_labels[count] == f"{path_text(path)} (n)"
    for (article_id, coder), row in rows.items():
        counts = _expected_counts(database, coder, article_id)
        for _id, path, column in codes:
            n = counts.get(path, 0)
            assert row[_cut(f"n_{column}", limit)] == n, (article_id, coder, path)
            assert row[_cut(column, limit)] == (1 if n else 0)
    if suffix == ".sav":  # Stata 14+ files are UTF-8 by definition and carry no encoding
        assert meta.file_encoding == "UTF-8"
        assert "codebook version: 2" in meta.notes and "coders: 李明, 王芳" in meta.notes
    assert meta.file_label.startswith("党建引领社区治理")


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_segments_round_trip(demo: Demo, tmp_path: Path, suffix: str) -> None:
    database = demo.database
    target = tmp_path / f"study{suffix}"
    report = export_stats(database, target)
    frame, meta = _read(segments_path(target))
    codes = _codes(database)
    number = {code_id: i for i, (code_id, _p, _c) in enumerate(codes, 1)}
    paths = {i: path for i, (_id, path, _c) in enumerate(codes, 1)}
    assert meta.variable_value_labels["code"] == {float(i): path_text(p) for i, p in paths.items()}
    assert meta.column_names_to_labels["code_path"] == "Code path"
    limit = LIMITS[suffix]
    with database.session() as session:
        stored = {
            s.guid: (s, name)
            for s, name in session.execute(
                select(Segment, Coder.name)
                .join(Coder, Coder.id == Segment.coder_id)
                .where(Coder.name != "consensus")
            )
        }
        assert frame.height == len(stored) == report.rows["Segments"]
        for row in frame.iter_rows(named=True):
            segment, coder = stored[row["segment_guid"]]
            code_number = int(row["code"])
            assert code_number == number[segment.code_id]
            assert row["code_path"] == path_text(paths[code_number])
            assert row["code_variable"] == _cut(codes[code_number - 1][2], limit)
            levels = [row[f"level_{i}"] for i in range(1, 4)]
            assert [lv for lv in levels if lv] == list(paths[code_number])
            assert (row["coder"], int(row["article_id"])) == (coder, segment.article_id)
            assert (int(row["start"]), int(row["end"])) == (segment.start, segment.end)
            assert row["text"] == segment.text
            # Characters no file should hold are removed, as in the workbook.
            assert row["memo"] == segment.memo.replace("\x07", "")
            assert row["created_utc"] == segment.created_at.replace(microsecond=0)
    assert "𠮷 outside the BMP" in frame["memo"].to_list()
    assert "紅色物業" in frame["text"].to_list()
    assert report.unwritable_removed == 1


def test_consensus_is_one_row_per_article(demo: Demo, tmp_path: Path) -> None:
    target = tmp_path / "consensus.sav"
    export_stats(demo.database, target, ExportChoice(consensus=True))
    frame, _meta = _read(target)
    assert frame["article_id"].to_list() == [1.0] and frame["coder"].to_list() == ["consensus"]
    segments, _ = _read(segments_path(target))
    assert segments.height == 1 and segments["code_path"][0].endswith("楼栋党小组")


def test_one_coder_and_article_filters(demo: Demo, tmp_path: Path) -> None:
    target = tmp_path / "one.dta"
    export_stats(demo.database, target, ExportChoice(coders=("李明",)))
    frame, _meta = _read(target)
    assert frame["coder"].unique().to_list() == ["李明"] and frame.height == 2
    with pytest.raises(ExportError, match="no coder named"):
        export_stats(demo.database, target, ExportChoice(coders=("nobody",)))


def test_parquet_keeps_names_values_and_labels(demo: Demo, tmp_path: Path) -> None:
    target = tmp_path / "study.parquet"
    export_stats(demo.database, target)
    spss = tmp_path / "study.sav"
    export_stats(demo.database, spss)
    frame = pl.read_parquet(target)
    from_spss, meta = _read(spss)
    assert frame.columns == from_spss.columns  # the Matrix sheet's names, like SPSS
    assert frame["n_c005_building_party_group"].to_list() == [
        int(v) for v in from_spss["n_c005_building_party_group"].to_list()
    ]
    labels = json.loads(pl.read_parquet_metadata(target)[LABELS_KEY])
    assert labels["variable_labels"] == {k: v for k, v in meta.column_names_to_labels.items() if v}
    assert labels["value_labels"]["tone"] == {"1": "负面", "2": "中性", "3": "正面"}
    segments = pl.read_parquet(segments_path(target))
    assert segments.schema["created_utc"] == pl.Datetime("us")


def test_names_are_the_same_in_every_export(demo: Demo, tmp_path: Path) -> None:
    first, second = tmp_path / "a.dta", tmp_path / "b.dta"
    export_stats(demo.database, first)
    export_stats(demo.database, second)
    assert _read(first)[0].columns == _read(second)[0].columns


def _variable(name: str, level: str = "text", choices: tuple[str, ...] = ()) -> VariableColumn:
    return VariableColumn(
        0, "", name, name, "", None, level, False, None, None,
        tuple((c, c.upper(), None) for c in choices), False, "",
    )  # fmt: skip


def test_invalid_and_reserved_names_get_stable_ascii_names() -> None:
    given = [
        _variable("媒体类型"),
        _variable("with"),
        _variable("status"),
        _variable("Tone"),
        _variable("tone"),
        _variable("q1", "ordinal", ("a", "b")),
        _variable("a" * 40, "nominal", ("x",)),
        _variable("a" * 40),
    ]
    taken = ["status"]
    spss = variable_names(given, stats_files.SPSS, taken)
    stata = variable_names(given, stats_files.STATA, taken)
    assert spss == variable_names(given, stats_files.SPSS, taken)  # the same every time
    assert spss[0].startswith("v_") and re.fullmatch(r"v_[0-9a-f]{6}", spss[0])
    assert spss[1].startswith("v_with_") and spss[2].startswith("v_status_")
    assert spss[3] == "Tone" and spss[4].startswith("v_tone_")  # SPSS ignores case
    assert spss[5] == "q1" and spss[6] == "a" * 40 and spss[7].startswith("v_a")
    assert stata[6] == "a" * 28 and stata[7] == "a" * 32  # label sets need 4 characters
    for names, limit in ((spss, 64), (stata, 32)):
        assert len({n.lower() for n in names} | {"status"}) == len(names) + 1
        assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", n) and len(n) <= limit for n in names)


def test_whole_number_choices_keep_their_numbers() -> None:
    assert choice_codes(_variable("s", "ordinal", ("0", "1", "4"))) == {"0": 0, "1": 1, "4": 4}
    assert choice_codes(_variable("s", "ordinal", ("low", "high"))) == {"low": 1, "high": 2}
    assert choice_codes(_variable("s", "ordinal", ("1", "x"))) == {"1": 1, "x": 2}


def test_value_outside_the_codebook_gets_the_next_number(tmp_path: Path) -> None:
    coded = build_coded_demo(tmp_path / "own")
    database = coded.database
    with database.session() as session:
        tone = session.scalars(select(Variable).where(Variable.name == "tone")).one()
        value = session.scalars(
            select(VariableValue).where(VariableValue.variable_id == tone.id)
        ).first()
        assert value is not None
        value.value = "mixed"  # as if the codebook had dropped it after coding
    target = tmp_path / "out.sav"
    export_stats(database, target)
    frame, meta = _read(target)
    assert meta.variable_value_labels["tone"][4.0] == "mixed"
    assert 4.0 in frame["tone"].to_list()
    database.close()


def test_long_texts_are_cut_visibly_for_spss_only(tmp_path: Path) -> None:
    coded = build_coded_demo(tmp_path / "own")
    database = coded.database
    with database.session() as session:
        segment = session.scalars(select(Segment)).first()
        assert segment is not None
        segment.memo = "长" * 20_000  # 60,000 bytes: more than an SPSS string holds
    report = export_stats(database, tmp_path / "long.sav")
    frame, _ = _read(tmp_path / "long_segments.sav")
    memo = next(m for m in frame["memo"].to_list() if m.startswith("长"))
    assert memo.endswith("…[cut: 20,000 characters, see articoder segments --json]")
    assert len(memo.encode("utf-8")) <= 32_767 and report.cut == 1
    export_stats(database, tmp_path / "long.dta")
    frame, _ = _read(tmp_path / "long_segments.dta")
    assert "长" * 20_000 in frame["memo"].to_list()
    database.close()


def test_long_labels_are_cut_with_a_mark(tmp_path: Path) -> None:
    coded = build_coded_demo(tmp_path / "own")
    database = coded.database
    with database.session() as session:
        code = session.scalars(select(Code).where(Code.name == "楼栋党小组")).one()
        code.name = "楼栋" * 60  # a path of 140 characters, 420 bytes
    report = export_stats(database, tmp_path / "long.dta")
    _frame, meta = _read(tmp_path / "long.dta")
    label = meta.column_names_to_labels["c005_building_party_group"]
    assert len(label) == 80 and label.endswith("…") and report.labels_cut >= 2
    export_stats(database, tmp_path / "long.sav")
    _frame, meta = _read(tmp_path / "long.sav")
    label = meta.column_names_to_labels["c005_building_party_group"]
    assert label.endswith("…") and len(label.encode("utf-8")) <= 256
    database.close()


def test_a_failed_or_cancelled_export_leaves_the_old_files(
    demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "study.sav"
    target.write_bytes(b"old")
    segments_path(target).write_bytes(b"old segments")
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        export_stats(demo.database, target, progress=progress)
    calls = []

    def failing(frame: Any, path: Any, **kwargs: Any) -> None:
        calls.append(path)
        Path(path).write_bytes(b"half")
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(pyreadstat, "write_sav", failing)
    with pytest.raises(ExportError, match="No space left"):
        export_stats(demo.database, target)
    assert target.read_bytes() == b"old"
    assert segments_path(target).read_bytes() == b"old segments"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.sav", "study_segments.sav"]


def test_unknown_format_and_bad_targets(demo: Demo, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="not a dataset format"):
        export_stats(demo.database, tmp_path / "out.por")
    with pytest.raises(ExportError, match="no such folder"):
        export_stats(demo.database, tmp_path / "missing" / "out.sav")


def test_an_empty_project_gives_empty_datasets(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    report = export_stats(sqlite_database, tmp_path / "empty.sav")
    frame, _ = _read(tmp_path / "empty.sav")
    assert frame.height == 0 and frame.columns == META
    assert report.rows == {"Articles": 0, "Segments": 0}


def test_on_sqlite_and_postgresql(coded_any: Coded, tmp_path: Path) -> None:
    """The shared fixture of the export tests: a 35,000-character segment, formula-like memos."""
    target = tmp_path / "coded.sav"
    report = export_stats(coded_any.database, target)
    assert report.rows["Segments"] == 6 and report.cut == 1
    frame, _meta = _read(segments_path(target))
    memos = frame["memo"].to_list()
    assert FORMULA_MEMO in memos and "-看这里" in memos  # statistics files run no formulas
    assert "𠮷祥社区的红色物业" in frame["text"].to_list()
    long = next(t for t in frame["text"].to_list() if t.startswith("党建"))
    assert long.endswith("…[cut: 35,000 characters, see articoder segments --json]")
    articles, meta = _read(target)
    assert meta.variable_value_labels["tone"]  # the small codebook's tone has its labels
    assert set(articles["coder"].to_list()) == {"甲", "乙"}


def test_starting_the_command_line_does_not_load_polars_or_pyreadstat() -> None:
    code = (
        "import sys, articoder.cli, exports.codebook_document; "
        "print(sorted({'polars', 'pyreadstat'} & set(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    assert loaded.stdout.strip() == "[]"

"""Codebook operations: each applies, is stored, is journalled, moves the version, undoes exactly."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from codebook.operations import (
    AddCode,
    AddVariable,
    DeleteCode,
    EditCode,
    EditVariable,
    MergeCodes,
    MoveCode,
    RecolourCode,
    RenameCode,
    ReorderCode,
    RetireCode,
    RetireVariable,
    SplitCode,
    UnretireCode,
    UnretireVariable,
    current_codebook_version,
)
from codebook.spec import ChoiceSpec, CodebookError, CodeSpec, VariableSpec
from codebook.store import code_rows, import_codebook, load_codebook
from codebook.text_files import read_codebook_text
from models.database import ProjectDatabase
from models.entities import (
    Article,
    Code,
    Coder,
    DictionaryWord,
    Event,
    Segment,
    Variable,
    VariableChoice,
    VariableValue,
)
from models.journal import UndoStack, perform

FIXTURE = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"
GROUP, BUILDING, HOUSEHOLD, PROPERTY = (
    "组织体系",
    "组织体系 > 楼栋党小组",
    "组织体系 > 党员中心户",
    "红色物业",
)
# Segments per code in the fixture project.
CODED = {BUILDING: 3, HOUSEHOLD: 2, PROPERTY: 1}


def _setup(database: ProjectDatabase) -> ProjectDatabase:
    import_codebook(database, read_codebook_text(FIXTURE))
    ids = _ids(database)
    with database.session() as session:
        article = Article(
            title="t", content_hash="x" * 64, raw_text="社区党建" * 5, text="社区党建" * 5
        )
        coder = Coder(name="甲")
        session.add_all([article, coder])
        session.flush()
        start = 0
        for path, count in CODED.items():
            for _ in range(count):
                session.add(
                    Segment(
                        article_id=article.id,
                        code_id=ids[path],
                        coder_id=coder.id,
                        start=start,
                        end=start + 2,
                        text="社区",
                    )
                )
                start += 1
        tone = session.scalars(select(Variable).where(Variable.name == "tone")).one()
        session.add(
            VariableValue(
                article_id=article.id, variable_id=tone.id, coder_id=coder.id, value="positive"
            )
        )
    return database


@pytest.fixture
def project(database: ProjectDatabase) -> ProjectDatabase:
    """The small codebook with segments, on SQLite and PostgreSQL."""
    return _setup(database)


@pytest.fixture
def lite(sqlite_database: ProjectDatabase) -> ProjectDatabase:
    """The same project on SQLite only, for the cheaper checks."""
    return _setup(sqlite_database)


def _ids(database: ProjectDatabase) -> dict[str, int]:
    return {" > ".join(row.path): row.id for row in code_rows(database)}


def _counts(database: ProjectDatabase) -> dict[str, int]:
    return {" > ".join(row.path): row.segments for row in code_rows(database)}


def _rows(session: Session, entity: Any) -> list[tuple[Any, ...]]:
    table = entity.__table__
    return [
        tuple(row) for row in session.execute(select(table).order_by(*table.primary_key.columns))
    ]


def _state(database: ProjectDatabase) -> dict[str, Any]:
    """Everything a codebook operation may touch, except the version number."""
    with database.session() as session:
        return {
            "codes": _rows(session, Code),
            "segments": _rows(session, Segment),
            "variables": _rows(session, Variable),
            "choices": _rows(session, VariableChoice),
            "values": _rows(session, VariableValue),
            "words": sorted(
                session.execute(select(DictionaryWord.word, DictionaryWord.source)).all()
            ),
            "codebook": _without_version(load_codebook(database)),
        }


def _without_version(spec: Any) -> Any:
    spec.version = 0
    return spec


def _version(database: ProjectDatabase) -> int:
    with database.session() as session:
        return current_codebook_version(session)


def _segment_total(database: ProjectDatabase) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count(Segment.id))) or 0)


def _check_undo_redo(database: ProjectDatabase, operation: Any) -> dict[str, Any]:
    """Push, undo, redo: undo restores everything exactly, redo gives the applied state again."""
    before = _state(database)
    version = _version(database)
    stack = UndoStack(database)
    stack.push(operation)
    applied = _state(database)
    assert applied != before
    assert _version(database) == version + 1
    stack.undo()
    assert _state(database) == before
    assert _version(database) == version + 2  # a revert never reuses a version number
    stack.redo()
    assert _state(database) == applied
    assert _version(database) == version + 3
    with database.session() as session:
        actions = list(session.scalars(select(Event.action).order_by(Event.id)))[-3:]
        last = session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).one()
        assert last.payload["codebook_version"] == version + 3
        assert last.entity in ("code", "variable")
    assert actions == [operation.action, f"undo:{operation.action}", f"redo:{operation.action}"]
    return applied


# --- codes ------------------------------------------------------------------------------------


def test_add_code_then_undo_and_redo(project: ProjectDatabase) -> None:
    ids = _ids(project)
    operation = AddCode(
        ids[GROUP], CodeSpec(name="楼道长", color="#123456", key="3", keywords=["楼道长"]), 0
    )
    _check_undo_redo(project, operation)
    assert operation.code_id == _ids(project)[f"{GROUP} > 楼道长"]  # redo keeps the id...
    with project.session() as session:
        code = session.get(Code, operation.code_id)
        assert code is not None and code.guid == operation.guid  # ...and the GUID
        assert "楼道长" in set(session.scalars(select(DictionaryWord.word)))
    children = [c.name for c in load_codebook(project).codes[0].children]
    assert children == ["楼道长", "楼栋党小组", "党员中心户"]


def test_add_code_refuses_conflicts_and_changes_nothing(lite: ProjectDatabase) -> None:
    ids = _ids(lite)
    before, version = _state(lite), _version(lite)
    cases = [
        (CodeSpec(name="楼栋党小组"), "same parent"),
        (CodeSpec(name="新", key="r"), "'r' is already used by '红色物业'"),
        (CodeSpec(name="新", color="red"), "#rrggbb"),
        (CodeSpec(name="a > b"), "cannot contain"),
        (CodeSpec(name=" "), "needs a name"),
    ]
    for spec, message in cases:
        with pytest.raises(CodebookError, match=message):
            perform(lite, AddCode(ids[GROUP], spec))
    assert _state(lite) == before and _version(lite) == version


def test_rename_edit_recolour(lite: ProjectDatabase) -> None:
    project = lite
    ids = _ids(project)
    with pytest.raises(
        CodebookError, match="another code under the same parent is named '党员中心户'"
    ):
        perform(project, RenameCode(ids[BUILDING], "党员中心户"))
    _check_undo_redo(project, RenameCode(ids[BUILDING], "楼栋党组织"))
    assert load_codebook(project).codes[0].children[0].name == "楼栋党组织"
    with pytest.raises(CodebookError, match="shortcut key '2' is already used"):
        perform(project, EditCode(ids[BUILDING], "key", "2"))
    _check_undo_redo(project, EditCode(ids[BUILDING], "key", "b"))
    _check_undo_redo(project, EditCode(ids[BUILDING], "definition", "新的定义"))
    _check_undo_redo(project, EditCode(ids[BUILDING], "examples", ["例一", "例二"]))
    _check_undo_redo(project, EditCode(ids[PROPERTY], "keywords", ["红色物业", "物业党建"]))
    with project.session() as session:
        assert "物业党建" in set(session.scalars(select(DictionaryWord.word)))
    with pytest.raises(CodebookError, match="#rrggbb"):
        perform(project, RecolourCode(ids[PROPERTY], "#12345"))
    _check_undo_redo(project, RecolourCode(ids[PROPERTY], "#00aa00"))
    with pytest.raises(CodebookError, match="not a field"):
        EditCode(ids[PROPERTY], "color", "#000000")


def test_move_and_reorder(project: ProjectDatabase) -> None:
    ids = _ids(project)
    with pytest.raises(CodebookError, match="under itself or its descendant"):
        perform(project, MoveCode(ids[GROUP], ids[BUILDING]))
    _check_undo_redo(project, MoveCode(ids[HOUSEHOLD], ids[PROPERTY], 0))
    assert _counts(project)[f"{PROPERTY} > 党员中心户"] == 2  # its segments came along
    _check_undo_redo(project, MoveCode(ids[PROPERTY], ids[GROUP], 1))
    _check_undo_redo(project, ReorderCode(ids[PROPERTY], 0))
    group = load_codebook(project).codes[0]
    assert [c.name for c in group.children] == ["红色物业", "楼栋党小组"]
    assert [c.name for c in group.children[0].children] == ["党员中心户"]
    perform(project, AddCode(ids[PROPERTY], CodeSpec(name="楼栋党小组")))
    with pytest.raises(CodebookError, match="same parent is named '楼栋党小组'"):
        perform(project, MoveCode(ids[BUILDING], ids[PROPERTY]))


def test_merge_keeps_every_segment_and_undo_restores(project: ProjectDatabase) -> None:
    ids = _ids(project)
    total = _segment_total(project)
    operation = MergeCodes(ids[HOUSEHOLD], ids[BUILDING])
    _check_undo_redo(project, operation)
    counts = _counts(project)
    assert HOUSEHOLD not in counts  # deleted
    assert counts[BUILDING] == CODED[BUILDING] + CODED[HOUSEHOLD]
    assert _segment_total(project) == total
    building = load_codebook(project).codes[0].children[0]
    assert building.keywords == ["楼栋党小组", "楼栋党支部", "党员中心户"]


def test_merge_group_moves_children_and_can_retire(project: ProjectDatabase) -> None:
    ids = _ids(project)
    total = _segment_total(project)
    with pytest.raises(CodebookError, match="its own descendant"):
        perform(project, MergeCodes(ids[GROUP], ids[BUILDING]))
    operation = MergeCodes(ids[GROUP], ids[PROPERTY], delete_source=False)
    _check_undo_redo(project, operation)
    rows = {" > ".join(r.path): r for r in code_rows(project)}
    assert rows[GROUP].retired
    assert rows[f"{PROPERTY} > 楼栋党小组"].segments == CODED[BUILDING]
    assert _segment_total(project) == total
    with pytest.raises(CodebookError, match="retired code"):
        perform(project, MergeCodes(ids[PROPERTY], ids[GROUP]))


def test_split_moves_the_chosen_segments(project: ProjectDatabase) -> None:
    ids = _ids(project)
    with project.session() as session:
        segments = list(
            session.scalars(
                select(Segment.id).where(Segment.code_id == ids[BUILDING]).order_by(Segment.id)
            )
        )
        stray = session.scalars(select(Segment.id).where(Segment.code_id == ids[PROPERTY])).first()
    parts = [
        CodeSpec(name="楼栋党小组（城市）", color="#111111"),
        CodeSpec(name="楼栋党小组（农村）", key="9"),
    ]
    with pytest.raises(CodebookError, match="not coded with this code"):
        perform(project, SplitCode(ids[BUILDING], parts, {stray: 0}))  # type: ignore[dict-item]
    operation = SplitCode(
        ids[BUILDING], parts, {segments[0]: 0, segments[1]: 1}, retire_source=True
    )
    _check_undo_redo(project, operation)
    counts = _counts(project)
    assert counts[f"{GROUP} > 楼栋党小组（城市）"] == 1
    assert counts[f"{GROUP} > 楼栋党小组（农村）"] == 1
    assert counts[BUILDING] == 1
    children = load_codebook(project).codes[0].children
    assert [c.name for c in children] == [
        "楼栋党小组",
        "楼栋党小组（城市）",
        "楼栋党小组（农村）",
        "党员中心户",
    ]
    assert children[0].retired


def test_retire_and_unretire(lite: ProjectDatabase) -> None:
    project = lite
    ids = _ids(project)
    perform(project, RetireCode(ids[HOUSEHOLD]))
    operation = RetireCode(ids[GROUP])
    _check_undo_redo(project, operation)
    assert sorted(operation.retired_ids) == sorted(
        [ids[GROUP], ids[BUILDING]]
    )  # not the retired one
    assert all(r.retired for r in code_rows(project) if r.path[0] == GROUP)
    assert _counts(project)[BUILDING] == CODED[BUILDING]  # kept with its data
    with pytest.raises(CodebookError, match="unretire the parent"):
        perform(project, UnretireCode(ids[BUILDING]))
    with pytest.raises(CodebookError, match="retired code"):
        perform(project, AddCode(ids[GROUP], CodeSpec(name="新")))
    _check_undo_redo(project, UnretireCode(ids[GROUP]))
    assert not any(r.retired for r in code_rows(project))


def test_delete_used_code_needs_a_reassignment(project: ProjectDatabase) -> None:
    ids = _ids(project)
    before, version = _state(project), _version(project)
    with pytest.raises(CodebookError) as error:
        perform(project, DeleteCode(ids[GROUP]))
    assert "组织体系" in str(error.value) and "5 segments" in str(error.value)
    with pytest.raises(CodebookError, match="itself or one under it"):
        perform(project, DeleteCode(ids[GROUP], reassign_to=ids[BUILDING]))
    assert _state(project) == before and _version(project) == version
    total = _segment_total(project)
    operation = DeleteCode(ids[GROUP], reassign_to=ids[PROPERTY])
    _check_undo_redo(project, operation)
    assert [r.path for r in code_rows(project)] == [(PROPERTY,)]
    assert _counts(project)[PROPERTY] == 6 and _segment_total(project) == total
    with project.session() as session:
        assert "楼栋党小组" not in set(session.scalars(select(DictionaryWord.word)))


def test_delete_used_code_with_its_segments_is_one_undoable_step(
    project: ProjectDatabase,
) -> None:
    # The way out when no other code can take the segments: they go with the code, and one
    # undo brings codes and segments back exactly (ids, GUIDs, memos, times).
    ids = _ids(project)
    total = _segment_total(project)
    with pytest.raises(CodebookError, match="not both"):
        perform(project, DeleteCode(ids[GROUP], reassign_to=ids[PROPERTY], delete_segments=True))
    operation = DeleteCode(ids[GROUP], delete_segments=True)
    _check_undo_redo(project, operation)
    assert [r.path for r in code_rows(project)] == [(PROPERTY,)]
    assert _segment_total(project) == total - 5
    assert operation.payload()["segments_deleted"] == 5


def test_delete_unused_code_and_undo_keeps_id_and_guid(lite: ProjectDatabase) -> None:
    ids = _ids(lite)
    new = AddCode(ids[PROPERTY], CodeSpec(name="物业费"))
    perform(lite, new)
    assert new.code_id is not None
    with lite.session() as session:
        guid = session.get(Code, new.code_id).guid  # type: ignore[union-attr]
    stack = UndoStack(lite)
    stack.push(DeleteCode(new.code_id))
    assert new.code_id not in _ids(lite).values()
    stack.undo()
    with lite.session() as session:
        assert session.get(Code, new.code_id).guid == guid  # type: ignore[union-attr]


def _random_operation(rng: random.Random, step: int, ids: list[int], segments: list[int]) -> Any:
    a, b = rng.choice(ids), rng.choice(ids)
    kind = rng.randrange(11)
    if kind == 0:
        spec = CodeSpec(name=f"新{step}", keywords=[f"词{step}"])
        return AddCode(rng.choice([None, a]), spec, rng.randint(0, 3))
    if kind == 1:
        return RenameCode(a, f"改{step}")
    if kind == 2:
        return EditCode(a, "keywords", [f"关键{step}"])
    if kind == 3:
        return RecolourCode(a, f"#{rng.randrange(16**6):06x}")
    if kind == 4:
        return MoveCode(a, rng.choice([None, b]), rng.randint(0, 2))
    if kind == 5:
        return ReorderCode(a, rng.randint(0, 2))
    if kind == 6:
        return MergeCodes(a, b, delete_source=rng.random() < 0.5)
    if kind == 7:
        return SplitCode(ids[0], [CodeSpec(name=f"分{step}")], {s: 0 for s in segments[:1]})
    if kind == 8:
        return RetireCode(a)
    if kind == 9:
        return UnretireCode(a)
    return DeleteCode(a, reassign_to=b)


def test_a_long_random_session_undoes_to_the_start(lite: ProjectDatabase) -> None:
    """Thirty random operations, refusals included.

    Undoing them all gives the exact first state, and redoing them all the exact last one.
    """
    rng = random.Random(7)
    stack = UndoStack(lite)
    start = _state(lite)
    done = 0
    for step in range(30):
        ids = list(_ids(lite).values())
        with lite.session() as session:
            segments = list(session.scalars(select(Segment.id).where(Segment.code_id == ids[0])))
        try:
            stack.push(_random_operation(rng, step, ids, segments))
            done += 1
        except CodebookError:
            pass
    assert done >= 10
    end = _state(lite)
    while stack.undo() is not None:
        pass
    assert _state(lite) == start
    while stack.redo() is not None:
        pass
    assert _state(lite) == end


def test_codebook_version_is_never_reused(lite: ProjectDatabase) -> None:
    ids = _ids(lite)
    stack = UndoStack(lite)
    seen = [_version(lite)]
    for operation in [RenameCode(ids[PROPERTY], "物业"), RecolourCode(ids[PROPERTY], "#000000")]:
        stack.push(operation)
        seen.append(_version(lite))
    stack.undo()
    seen.append(_version(lite))
    stack.undo()
    seen.append(_version(lite))
    assert seen == sorted(set(seen))  # strictly rising, even across undo
    with lite.session() as session:
        events = list(
            session.scalars(select(Event).where(Event.entity == "code").order_by(Event.id))
        )
    assert [e.payload["codebook_version"] for e in events] == seen[1:]
    assert events[0].payload["before"] == "红色物业" and events[0].entity_guid


# --- variables --------------------------------------------------------------------------------


def test_variable_operations(project: ProjectDatabase) -> None:
    spec = VariableSpec(
        name="level",
        level="nominal",
        label="治理层级",
        values=[ChoiceSpec("street", "街道"), ChoiceSpec("community", "社区")],
    )
    operation = AddVariable(spec, position=0)
    _check_undo_redo(project, operation)
    assert load_codebook(project).variables[0].name == "level"
    with pytest.raises(CodebookError, match="another variable has this name"):
        perform(project, AddVariable(VariableSpec(name="tone", level="text")))
    with pytest.raises(CodebookError, match="needs its allowed values"):
        perform(project, AddVariable(VariableSpec(name="x", level="nominal")))
    assert operation.variable_id is not None
    edited = VariableSpec(
        name="gov_level",
        level="ordinal",
        label="治理层级",
        values=[
            ChoiceSpec("community", "社区居委会"),
            ChoiceSpec("compound", "小区"),
            ChoiceSpec("street", "街道"),
        ],
    )
    _check_undo_redo(project, EditVariable(operation.variable_id, edited))
    loaded = next(v for v in load_codebook(project).variables if v.name == "gov_level")
    assert [c.value for c in loaded.values] == ["community", "compound", "street"]
    _check_undo_redo(project, RetireVariable(operation.variable_id))
    assert next(v for v in load_codebook(project).variables if v.name == "gov_level").retired
    _check_undo_redo(project, UnretireVariable(operation.variable_id))


def test_edit_variable_keeps_coded_values_valid(lite: ProjectDatabase) -> None:
    with lite.session() as session:
        tone = session.scalars(select(Variable).where(Variable.name == "tone")).one()
        tone_id, guids = tone.id, {c.value: c.guid for c in tone.choices}
    spec = load_codebook(lite).variables[0]
    dropped = VariableSpec(name="tone", level="ordinal", values=spec.values[:2])
    with pytest.raises(CodebookError, match="'positive' is used by coded values"):
        perform(lite, EditVariable(tone_id, dropped))
    with pytest.raises(CodebookError, match="its type stays 'ordinal'"):
        perform(lite, EditVariable(tone_id, VariableSpec(name="tone", level="text")))
    relabelled = VariableSpec(
        name="tone",
        level="nominal",
        label="基调",
        values=[ChoiceSpec("positive", "正"), *spec.values[:2]],
    )
    _check_undo_redo(lite, EditVariable(tone_id, relabelled))
    with lite.session() as session:
        tone = session.get(Variable, tone_id)
        assert tone is not None
        assert {c.value: c.guid for c in tone.choices} == guids  # same rows, relabelled
        assert [c.value for c in tone.choices] == ["positive", "negative", "neutral"]

"""Editing a code in one step (the window's code dialog) and the colours new codes take."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from codebook.operations import CATEGORY_COLOURS, AddCode, UpdateCode, next_code_colour
from codebook.spec import CodebookError, CodeSpec, walk
from codebook.store import load_codebook
from coding.workspace import Workspace
from models.entities import DictionaryWord
from tests.coding.conftest import code_id


def _spec(workspace: Workspace, name: str) -> CodeSpec:
    return next(c for _, c in walk(load_codebook(workspace.database).codes) if c.name == name)


def test_every_field_changes_in_one_undoable_step(workspace: Workspace) -> None:
    target = code_id(workspace, "楼栋党小组")
    before = _spec(workspace, "楼栋党小组")
    edited = CodeSpec(
        name="樓棟黨小組",  # Traditional is a name like any other
        name_en="Building party group",
        guid=before.guid,
        color="#0072b2",
        key="F6",
        definition="以楼栋为单位的党小组。",
        include="楼栋党小组的建立和活动。",
        exclude="党员中心户的个人工作。",
        examples=["一栋楼一个党小组。"],
        keywords=["楼栋党小组", "楼道党小组"],
    )
    workspace.perform(UpdateCode(target, edited))
    after = _spec(workspace, "樓棟黨小組")
    assert (after.name_en, after.color, after.key, after.definition) == (
        "Building party group",
        "#0072b2",
        "F6",
        "以楼栋为单位的党小组。",
    )
    assert (after.include, after.exclude, after.examples, after.keywords) == (
        "楼栋党小组的建立和活动。",
        "党员中心户的个人工作。",
        ["一栋楼一个党小组。"],
        ["楼栋党小组", "楼道党小组"],
    )
    with workspace.database.session() as session:
        words = set(session.scalars(select(DictionaryWord.word)))
    assert "楼道党小组" in words  # keywords feed the segmentation dictionary
    assert workspace.undo_stack.undo_label == "Edit code"
    workspace.undo()
    assert _spec(workspace, "楼栋党小组") == before


def test_a_key_another_code_holds_is_refused(workspace: Workspace) -> None:
    holder = next(c for c in workspace.codes() if c.key)
    target = next(c for c in workspace.codes() if c.key != holder.key)
    spec = _spec(workspace, target.path[-1])
    spec.key = holder.key
    with pytest.raises(CodebookError, match="already used by"):
        workspace.perform(UpdateCode(target.id, spec))
    assert _spec(workspace, target.path[-1]).key == target.key


def test_new_codes_take_distinct_colours() -> None:
    used: list[str] = []
    for _ in range(len(CATEGORY_COLOURS)):
        used.append(next_code_colour(used))
    assert len(set(used)) == len(CATEGORY_COLOURS)
    assert "#888888" not in used and "#999999" not in used
    # Past the palette, the least used colour comes next: still spread evenly.
    assert next_code_colour([*used, used[0]]) == used[1]
    assert next_code_colour(c.upper() for c in used[:1]) == used[1]


def test_a_new_code_keeps_its_palette_colour(workspace: Workspace) -> None:
    colour = next_code_colour(c.color for c in workspace.codes())
    workspace.perform(AddCode(None, CodeSpec(name="新编码", color=colour)))
    assert _spec(workspace, "新编码").color == colour

"""Coding through the Workspace: stored at once, undo and redo exact, blind mode, values."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coding.coders import ensure_coder
from coding.segments import CodingError
from coding.workspace import Workspace
from models.entities import Event, Segment, VariableValue
from models.journal import Changes
from tests.coding.conftest import article_id, code_id


def _stored(workspace: Workspace) -> list[tuple[int, int, int, int, str, str]]:
    with workspace.database.session() as session:
        rows = session.execute(
            select(
                Segment.article_id,
                Segment.code_id,
                Segment.start,
                Segment.end,
                Segment.text,
                Segment.memo,
            ).order_by(Segment.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_code_undo_redo(workspace: Workspace) -> None:
    seen: list[Changes] = []
    workspace.subscribe(lambda changes, _initiator: seen.append(changes))
    article = article_id(workspace, "新桥")
    text = workspace.article(article).text
    start = text.index("楼栋党小组")
    segment = workspace.code_span(article, start, start + 5, code_id(workspace, "楼栋党小组"))
    assert segment.text == "楼栋党小组"
    assert _stored(workspace) == [
        (article, code_id(workspace, "楼栋党小组"), start, start + 5, "楼栋党小组", "")
    ]
    assert seen[-1].articles == {article}
    workspace.change_segment(segment.id, memo="首次提到")
    workspace.change_segment(segment.id, start=start, end=start + 2)
    assert _stored(workspace)[0][2:] == (start, start + 2, "楼栋", "首次提到")
    workspace.undo()
    assert _stored(workspace)[0][2:] == (start, start + 5, "楼栋党小组", "首次提到")
    workspace.undo()
    workspace.undo()
    assert _stored(workspace) == []
    workspace.redo()
    with workspace.database.session() as session:
        again = session.scalars(select(Segment)).one()
    assert (again.id, again.guid) == (segment.id, segment.guid)  # redo restores identity
    workspace.delete_segments([segment.id])
    assert _stored(workspace) == []
    workspace.undo()
    assert len(_stored(workspace)) == 1
    with workspace.database.session() as session:
        actions = session.scalars(select(Event.action).where(Event.entity == "segment")).all()
    assert actions[0] == "segment-add" and "undo:segment-change" in actions


def test_offsets_after_astral_characters(workspace: Workspace) -> None:
    article = article_id(workspace, "𠮷祥")
    text = workspace.article(article).text
    start = text.index("红色物业")
    segment = workspace.code_span(article, start, start + 4, code_id(workspace, "红色物业"))
    assert segment.text == "红色物业"
    assert text[:start].count("𠮷") == 2 and "😀" in text[:start]
    assert _stored(workspace)[0][2:5] == (start, start + 4, "红色物业")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(5, 5, "not inside"), (-1, 3, "not inside"), (0, 10_000, "not inside")],
)
def test_bad_spans_refused(workspace: Workspace, start: int, end: int, message: str) -> None:
    article = article_id(workspace, "新桥")
    with pytest.raises(CodingError, match=message):
        workspace.code_span(article, start, end, code_id(workspace, "楼栋党小组"))
    assert _stored(workspace) == []


def test_group_code_and_retired_code_refused(workspace: Workspace) -> None:
    article = article_id(workspace, "新桥")
    with pytest.raises(CodingError, match="groups other codes"):
        workspace.code_span(article, 0, 2, code_id(workspace, "组织体系"))
    assert _stored(workspace) == []


def test_blind_mode(workspace: Workspace) -> None:
    article = article_id(workspace, "東湖")
    other = Workspace(workspace.database, ensure_coder(workspace.database, "乙"))
    other.code_span(article, 0, 2, code_id(workspace, "红色物业"))
    workspace.code_span(article, 2, 4, code_id(workspace, "红色物业"))
    assert [s.start for s in workspace.segments(article)] == [2]
    row = next(a for a in workspace.article_rows() if a.id == article)
    assert row.segments == 1
    workspace.set_blind(False)
    assert [s.start for s in workspace.segments(article)] == [0, 2]


def test_auto_code_is_one_step(workspace: Workspace) -> None:
    hits = workspace.search("红色物业")
    assert len(hits) == 2  # Simplified and Traditional articles
    created = workspace.auto_code(hits, code_id(workspace, "红色物业"))
    assert len(created) == 2 and {s.text for s in created} == {"红色物业", "紅色物業"}
    workspace.undo()
    assert _stored(workspace) == []


def test_values_validated_and_undone(workspace: Workspace) -> None:
    article = article_id(workspace, "新桥")
    variables = {v.name: v for v in workspace.variables()}
    workspace.set_value(article, variables["tone"].id, "正面")  # a label is accepted
    workspace.set_value(article, variables["org_tiers"].id, "5")
    assert workspace.values(article) == {
        variables["tone"].id: "positive",
        variables["org_tiers"].id: "5",
    }
    with pytest.raises(CodingError, match="above the maximum"):
        workspace.set_value(article, variables["org_tiers"].id, "9")
    with pytest.raises(CodingError, match="not one of"):
        workspace.set_value(article, variables["tone"].id, "great")
    workspace.set_value(article, variables["org_tiers"].id, None)
    assert variables["org_tiers"].id not in workspace.values(article)
    workspace.undo()
    assert workspace.values(article)[variables["org_tiers"].id] == "5"
    workspace.undo()
    workspace.undo()
    with workspace.database.session() as session:
        assert session.scalar(select(func.count(VariableValue.id))) == 0


def test_done_status(workspace: Workspace) -> None:
    article = article_id(workspace, "新桥")
    workspace.set_done(article)
    assert next(a for a in workspace.article_rows() if a.id == article).status == "done"
    workspace.undo()
    assert next(a for a in workspace.article_rows() if a.id == article).status == ""


def test_first_coder_leads(workspace: Workspace) -> None:
    assert workspace.coder.is_lead  # the first coder of the project
    assert not ensure_coder(workspace.database, "乙").is_lead

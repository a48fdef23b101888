"""Accepting one coder's version as the consensus: apply, exact revert, redo, the journal."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from coding.coders import ensure_coder
from coding.consensus import AcceptVersion
from coding.segments import CodingError
from coding.workspace import Workspace
from models.entities import Event, Segment
from tests.coding.conftest import article_id, code_id


def _segments(workspace: Workspace, coder_id: int) -> list[dict[str, Any]]:
    with workspace.database.session() as session:
        return [
            {c.key: getattr(s, c.key) for c in Segment.__table__.columns}
            for s in session.scalars(
                select(Segment).where(Segment.coder_id == coder_id).order_by(Segment.id)
            )
        ]


def _spans(workspace: Workspace, coder_id: int, code: int) -> list[tuple[int, int, str]]:
    return [
        (s["start"], s["end"], s["text"])
        for s in _segments(workspace, coder_id)
        if s["code_id"] == code
    ]


def test_accept_replaces_consensus_and_undo_restores_exactly(workspace: Workspace) -> None:
    lead = workspace.coder
    other = Workspace(workspace.database, ensure_coder(workspace.database, "乙"))
    consensus = ensure_coder(workspace.database, "consensus")
    article = article_id(workspace, "新桥")
    text = workspace.article(article).text
    code = code_id(workspace, "楼栋党小组")
    keep = code_id(workspace, "党员中心户")
    start = text.index("楼栋党小组")
    other.code_span(article, start, start + 5, code)
    other.code_span(article, start + 1, start + 3, code)
    # The consensus so far: one segment of the code (to be replaced), one of another (kept).
    as_consensus = Workspace(workspace.database, consensus)
    as_consensus.code_span(article, start, start + 2, code, memo="old")
    kept_start = text.index("党员中心户")
    as_consensus.code_span(article, kept_start, kept_start + 5, keep)
    before = _segments(workspace, consensus.id)

    operation = AcceptVersion(article, code, other.coder.id, consensus.id)
    changes = workspace.perform(operation)
    assert article in changes.articles
    assert _spans(workspace, consensus.id, code) == _spans(workspace, other.coder.id, code)
    assert _spans(workspace, consensus.id, keep) == [(kept_start, kept_start + 5, "党员中心户")]
    with workspace.database.session() as session:
        event = session.scalars(select(Event).order_by(Event.id.desc())).first()
        assert event is not None
        assert (event.action, event.entity, event.coder_id) == (
            "consensus-accept",
            "segment",
            lead.id,
        )
        assert event.payload["from_coder"] == other.coder.id
        assert [b[1:] for b in event.payload["before"]] == [[start, start + 2]]
        assert event.at is not None

    workspace.undo()
    assert _segments(workspace, consensus.id) == before
    workspace.redo()
    after_redo = _segments(workspace, consensus.id)
    assert [s["guid"] for s in after_redo if s["code_id"] == code] == [
        r["guid"] for r in operation.created
    ]
    workspace.undo()
    assert _segments(workspace, consensus.id) == before


def test_accept_empty_version_clears_consensus(workspace: Workspace) -> None:
    other = ensure_coder(workspace.database, "乙")
    consensus = ensure_coder(workspace.database, "consensus")
    article = article_id(workspace, "新桥")
    code = code_id(workspace, "楼栋党小组")
    Workspace(workspace.database, consensus).code_span(article, 0, 2, code)
    workspace.perform(AcceptVersion(article, code, other.id, consensus.id))
    assert _spans(workspace, consensus.id, code) == []
    workspace.undo()
    assert len(_spans(workspace, consensus.id, code)) == 1


def test_accept_checks_its_ids(workspace: Workspace) -> None:
    consensus = ensure_coder(workspace.database, "consensus")
    article = article_id(workspace, "新桥")
    code = code_id(workspace, "楼栋党小组")
    with pytest.raises(CodingError):
        workspace.perform(AcceptVersion(article, code, consensus.id, consensus.id))
    with pytest.raises(CodingError):
        workspace.perform(AcceptVersion(article, code, 9999, consensus.id))

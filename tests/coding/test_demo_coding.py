"""The demo project's own coding (issue 15, point 1): three coders, written by code from the
demo articles and codebook, the same on every build, with overlaps, disagreements, values and
done marks, so the Agreement, progress and export views have something true to show.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agreement.reliability import code_tables, load_coding
from articoder.demo_project import DEMO_CODERS, build_demo_project, coder_spans, sentences
from coding.coders import demo_coder_guid, list_coders
from models.database import ProjectDatabase
from models.entities import Assignment, Segment, VariableValue
from team.progress import team_progress


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProjectDatabase]:
    database = build_demo_project(tmp_path_factory.mktemp("demo") / "demo.articoder", coding=True)
    yield database
    database.close()


def _segments(database: ProjectDatabase) -> list[tuple[str, int, int, int, str]]:
    with database.session() as session:
        rows = session.execute(
            select(
                Segment.coder_id, Segment.article_id, Segment.start, Segment.end, Segment.code_id
            )
        ).all()
        names = {c.id: c.name for c in list_coders(database)}
    return sorted((names[c], a, s, e, str(code)) for c, a, s, e, code in rows)


def test_three_coders_each_with_segments_values_and_done_marks(demo: ProjectDatabase) -> None:
    coders = {c.name: c for c in list_coders(demo)}
    assert set(coders) == {d.name for d in DEMO_CODERS}
    assert coders[DEMO_CODERS[0].name].is_lead
    assert demo_coder_guid(demo) == coders[DEMO_CODERS[0].name].guid
    with demo.session() as session:
        for name, coder in coders.items():
            segments = session.scalar(
                select(func.count()).select_from(Segment).where(Segment.coder_id == coder.id)
            )
            values = session.scalar(
                select(func.count())
                .select_from(VariableValue)
                .where(VariableValue.coder_id == coder.id)
            )
            done = session.scalar(
                select(func.count())
                .select_from(Assignment)
                .where(Assignment.coder_id == coder.id, Assignment.status == "done")
            )
            assert segments and segments > 50, name
            assert values and values > 30, name
            assert done and done >= 8, name
        # Done marks are statuses: the demo assigns nothing, so no queue opens.
        assert not session.scalar(select(func.count()).where(Assignment.assigned.is_(True)))
    progress = {c.name: c for c in team_progress(demo).coders}
    assert all(progress[d.name].done >= 8 for d in DEMO_CODERS)


def test_coders_overlap_and_disagree(demo: ProjectDatabase) -> None:
    segments = _segments(demo)
    lead, second, third = (d.name for d in DEMO_CODERS)
    by_coder = {
        name: {(a, s, e, code) for n, a, s, e, code in segments if n == name}
        for name in (lead, second, third)
    }
    # The same span with the same code: agreement...
    assert len(by_coder[lead] & by_coder[second]) > 20
    # ...the same span with another code: a real disagreement...
    lead_spans = {(a, s, e): code for a, s, e, code in by_coder[lead]}
    assert any(
        (a, s, e) in lead_spans and lead_spans[(a, s, e)] != code
        for a, s, e, code in by_coder[second]
    )
    # ...and overlapping spans that are not the same (the third coder starts at the keyword).
    assert any(
        a == a2 and s < e2 and s2 < e and (s, e) != (s2, e2)
        for a, s, e, _c in by_coder[lead]
        for a2, s2, e2, _c2 in by_coder[third]
    )
    # Agreement has articles coded by two and by three coders to work on.
    coding = load_coding(demo)
    table = next(t for t in code_tables(coding, unit="article") if t.data)
    coded_by = [sum(cell is not None for cell in row) for row in table.data]
    assert 2 in coded_by and 3 in coded_by


def test_the_coding_is_the_same_on_every_build(demo: ProjectDatabase, tmp_path: Path) -> None:
    again = build_demo_project(tmp_path / "again.articoder", coding=True)
    try:
        assert _segments(again) == _segments(demo)
    finally:
        again.close()


def test_sentences_and_spans_are_plain_functions() -> None:
    text = "第一句话。第二句话！\n  第三句话呢\n短"
    assert [text[s:e] for s, e in sentences(text)] == ["第一句话。", "第二句话！", "第三句话呢"]
    assert coder_spans(DEMO_CODERS[0], [], {}, []) == {}

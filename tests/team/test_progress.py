"""The lead's progress numbers, on SQLite and PostgreSQL: totals per coder and per day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from coding.coders import ensure_coder
from coding.workspace import Workspace
from models.entities import Assignment, Segment
from team.assignments import assign
from team.progress import team_progress
from tests.coding.conftest import article_id, code_id


def test_totals_and_days_per_coder(workspace: Workspace) -> None:
    lead = workspace
    second = Workspace(workspace.database, ensure_coder(workspace.database, "乙"))
    code = code_id(lead, lead.codes()[-1].path[-1])
    first_article = article_id(lead, "新桥")
    other_article = article_id(lead, "東湖")
    third_article = article_id(lead, "𠮷祥")

    # Done is a status: only the lead's assignments put articles in a queue.
    assign(workspace.database, {lead.coder.name: [first_article]}, add_coders=False)
    assign(workspace.database, {"乙": [other_article, third_article]}, add_coders=False)
    lead.code_span(first_article, 0, 2, code)
    lead.code_span(first_article, 2, 4, code)
    lead.set_done(first_article)
    second.code_span(other_article, 0, 2, code)
    second.set_done(other_article)
    second.set_done(third_article, done=False)  # assigned, still to do

    # Put the second coder's work on two earlier days, so the series has a gap.
    day_one = dt.datetime(2026, 3, 1, 9, 30)
    day_three = dt.datetime(2026, 3, 3, 23, 59)
    with workspace.database.session() as session:
        session.execute(
            update(Segment).where(Segment.coder_id == second.coder.id).values(created_at=day_one)
        )
        session.execute(
            update(Assignment)
            .where(Assignment.coder_id == second.coder.id, Assignment.status == "done")
            .values(done_at=day_three)
        )

    progress = team_progress(workspace.database)
    by_name = {c.name: c for c in progress.coders}
    assert set(by_name) == {"甲", "乙"}
    assert (by_name["甲"].assigned, by_name["甲"].done, by_name["甲"].segments) == (1, 1, 2)
    assert (by_name["乙"].assigned, by_name["乙"].done, by_name["乙"].todo) == (2, 1, 1)
    assert by_name["乙"].segments == 1
    assert by_name["乙"].articles_coded == 1
    assert by_name["乙"].share_done == 0.5
    assert by_name["乙"].last_active is not None

    second_days = [d for d in progress.days if d.coder_id == second.coder.id]
    assert [(d.day, d.articles_done, d.segments_made) for d in second_days] == [
        (dt.date(2026, 3, 1), 0, 1),
        (dt.date(2026, 3, 3), 1, 0),
    ]
    today = progress.days[-1].day
    assert progress.day_range()[0] == dt.date(2026, 3, 1)
    assert progress.day_range()[-1] == today
    assert len(progress.day_range()) == (today - dt.date(2026, 3, 1)).days + 1
    assert progress.cumulative(second.coder.id, "articles_done")[:4] == [0, 0, 1, 1]
    assert progress.cumulative(lead.coder.id, "segments_made")[-1] == 2

    mine = team_progress(workspace.database, only_coder=second.coder.id)
    assert [c.name for c in mine.coders] == ["乙"]
    assert {d.coder_id for d in mine.days} == {second.coder.id}

    data = progress.as_json()
    assert {c["name"]: c["todo"] for c in data["coders"]} == {"甲": 0, "乙": 1}
    assert data["days"][0]["day"] == "2026-03-01"


def test_empty_project_has_no_days(workspace: Workspace) -> None:
    progress = team_progress(workspace.database)
    assert progress.days == []
    assert progress.day_range() == []
    # The lead who has done nothing yet is not listed as a coder to follow.
    assert progress.coders == []


def test_done_articles_and_assignments_are_counted_apart(workspace: Workspace) -> None:
    """Done is a status: marks without assignments count as done articles (each article once),
    never as assignments, so nothing reads "34 of 0 assignments done".
    """
    lead = workspace
    second = Workspace(workspace.database, ensure_coder(workspace.database, "乙"))
    first_article = article_id(lead, "新桥")
    other_article = article_id(lead, "東湖")
    # Both coders mark the same article done, nobody assigned anything.
    lead.set_done(first_article)
    second.set_done(first_article)
    progress = team_progress(workspace.database)
    assert progress.assignments == 0 and progress.assignments_done == 0
    assert progress.done_marks == 2
    assert progress.articles_done == 1  # one article, however many coders marked it
    assert progress.articles_total == len(lead.article_rows())
    totals = progress.as_json()["totals"]
    assert totals == {
        "articles_done": 1,
        "articles_total": progress.articles_total,
        "done_marks": 2,
        "assignments": 0,
        "assignments_done": 0,
    }

    # The lead assigns the other article to 乙; marking it done counts as an assignment done.
    assign(workspace.database, {"乙": [other_article]}, add_coders=False)
    second.set_done(other_article)
    progress = team_progress(workspace.database)
    assert (progress.assignments, progress.assignments_done) == (1, 1)
    assert (progress.articles_done, progress.done_marks) == (2, 3)
    # A coder in blind mode is shown the articles they marked, not the team's.
    mine = team_progress(workspace.database, only_coder=lead.coder.id)
    assert (mine.articles_done, mine.assignments) == (1, 0)

"""The lead's progress view as plain data: per coder, what is assigned, done and coded, by day.

`team_progress(database)` answers three questions a lead asks every morning: how far along is
each coder (articles assigned, done, still to do; segments and values made), who is active
(the last time each coder saved something), and how the work went day by day (articles marked
done and segments made per coder and day, UTC). Days come from `Assignment.done_at` and
`Segment.created_at`, so they count the work that exists now: a segment made and then deleted
is not counted, an article marked done and then reopened is not done.

Done is a status, not an assignment (migration 0005): a coder may mark done an article nobody
assigned. The team's totals therefore keep two questions apart: how many of the lead's
assignments are done (`assignments_done` of `assignments`), and how many of the project's
articles somebody has marked done (`articles_done` of `articles_total`, each article once
however many coders marked it; `done_marks` counts the marks).

On a shared PostgreSQL server the query runs under the connecting role: the lead sees the
whole team; a coder in blind mode sees only their own rows (row-level security), which is why
the window offers the view to the lead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.database import ProjectDatabase
from models.entities import Article, Assignment, Coder, Segment, VariableValue


@dataclass(frozen=True)
class CoderProgress:
    """One coder's totals."""

    coder_id: int
    name: str
    is_lead: bool
    assigned: int
    done: int
    segments: int
    values: int
    articles_coded: int  # articles with at least one of the coder's segments or values
    last_active: dt.datetime | None
    # Of `done` (every done mark), those on articles the lead assigned: a coder may also mark
    # articles done that nobody assigned, which count as done but never against the queue.
    done_assigned: int = 0

    @property
    def todo(self) -> int:
        """Assigned articles not yet marked done."""
        return self.assigned - self.done_assigned

    @property
    def share_done(self) -> float | None:
        """Done / assigned (of the assigned articles), or None when nothing is assigned."""
        return self.done_assigned / self.assigned if self.assigned else None


@dataclass(frozen=True)
class DayProgress:
    """What one coder did on one day (UTC)."""

    day: dt.date
    coder_id: int
    articles_done: int
    segments_made: int


@dataclass(frozen=True)
class TeamProgress:
    """The whole team: totals per coder and the daily series, oldest day first."""

    coders: list[CoderProgress]
    days: list[DayProgress] = field(default_factory=list)
    # Distinct articles marked done by at least one of the listed coders, of all articles.
    articles_done: int = 0
    articles_total: int = 0

    @property
    def assignments(self) -> int:
        """The lead's assignments (coder and article) of the listed coders."""
        return sum(c.assigned for c in self.coders)

    @property
    def assignments_done(self) -> int:
        """Of `assignments`, those the coder has marked done."""
        return sum(c.done_assigned for c in self.coders)

    @property
    def done_marks(self) -> int:
        """Every done mark of the listed coders, assigned or not (one per coder and article)."""
        return sum(c.done for c in self.coders)

    def day_range(self) -> list[dt.date]:
        """Every day from the first to the last with any work, gaps included."""
        if not self.days:
            return []
        first, last = self.days[0].day, self.days[-1].day
        return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]

    def cumulative(self, coder_id: int, what: str) -> list[int]:
        """Running total of "articles_done" or "segments_made" for a coder over `day_range()`."""
        per_day = {d.day: int(getattr(d, what)) for d in self.days if d.coder_id == coder_id}
        total = 0
        series = []
        for day in self.day_range():
            total += per_day.get(day, 0)
            series.append(total)
        return series

    def as_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (the CLI prints it)."""
        coders = []
        for coder in self.coders:
            entry = asdict(coder)
            entry["todo"] = coder.todo
            entry["last_active"] = coder.last_active.isoformat() if coder.last_active else None
            coders.append(entry)
        days = [{**asdict(d), "day": d.day.isoformat()} for d in self.days]
        totals = {
            "articles_done": self.articles_done,
            "articles_total": self.articles_total,
            "done_marks": self.done_marks,
            "assignments": self.assignments,
            "assignments_done": self.assignments_done,
        }
        return {"coders": coders, "days": days, "totals": totals}


def _day(value: object) -> dt.date:
    # SQLite's date() gives ISO text, PostgreSQL's a date.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _time(value: object) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _counts(session: Session, query: Any) -> dict[int, int]:
    return {int(key): int(count) for key, count in session.execute(query)}


def _latest(*times: dt.datetime | None) -> dt.datetime | None:
    present = [t for t in times if t is not None]
    return max(present) if present else None


def team_progress(database: ProjectDatabase, only_coder: int | None = None) -> TeamProgress:
    """Every coder's progress and the daily series (what the connecting role may see).

    `only_coder` keeps one coder's numbers: what a coder in blind mode is shown of the team,
    on SQLite as on a server where row-level security would hide the others anyway.
    """
    with database.session() as session:
        assigned = _counts(
            session,
            # Assigned means the lead's doing: a coder's own done mark adds to done only.
            select(Assignment.coder_id, func.count())
            .where(Assignment.assigned.is_(True))
            .group_by(Assignment.coder_id),
        )
        done = _counts(
            session,
            select(Assignment.coder_id, func.count())
            .where(Assignment.status == "done")
            .group_by(Assignment.coder_id),
        )
        done_assigned = _counts(
            session,
            select(Assignment.coder_id, func.count())
            .where(Assignment.status == "done", Assignment.assigned.is_(True))
            .group_by(Assignment.coder_id),
        )
        segments = _counts(
            session, select(Segment.coder_id, func.count()).group_by(Segment.coder_id)
        )
        values = _counts(
            session,
            select(VariableValue.coder_id, func.count()).group_by(VariableValue.coder_id),
        )
        coded_articles = (
            select(Segment.coder_id.label("coder"), Segment.article_id.label("article"))
            .union(select(VariableValue.coder_id, VariableValue.article_id))
            .subquery()
        )
        articles_coded = _counts(
            session,
            select(coded_articles.c.coder, func.count()).group_by(coded_articles.c.coder),
        )
        last: dict[int, list[dt.datetime | None]] = {}
        for query in (
            select(Segment.coder_id, func.max(Segment.updated_at)).group_by(Segment.coder_id),
            select(VariableValue.coder_id, func.max(VariableValue.updated_at)).group_by(
                VariableValue.coder_id
            ),
            select(Assignment.coder_id, func.max(Assignment.done_at)).group_by(Assignment.coder_id),
        ):
            for coder_id, at in session.execute(query):
                last.setdefault(int(coder_id), []).append(_time(at))

        done_day = func.date(Assignment.done_at)
        made_day = func.date(Segment.created_at)
        daily: dict[tuple[dt.date, int], list[int]] = {}
        for day, coder_id, count in session.execute(
            select(done_day, Assignment.coder_id, func.count())
            .where(Assignment.done_at.is_not(None))
            .group_by(done_day, Assignment.coder_id)
        ):
            daily.setdefault((_day(day), int(coder_id)), [0, 0])[0] += int(count)
        for day, coder_id, count in session.execute(
            select(made_day, Segment.coder_id, func.count()).group_by(made_day, Segment.coder_id)
        ):
            daily.setdefault((_day(day), int(coder_id)), [0, 0])[1] += int(count)

        done_articles = select(func.count(func.distinct(Assignment.article_id))).where(
            Assignment.status == "done"
        )
        if only_coder is not None:
            done_articles = done_articles.where(Assignment.coder_id == only_coder)
        articles_done = int(session.scalar(done_articles) or 0)
        articles_total = int(session.scalar(select(func.count()).select_from(Article)) or 0)

        # A done mark is work too: a lead who only marked articles done is listed.
        active = set(assigned) | set(done) | set(segments) | set(values)
        coders = [
            CoderProgress(
                coder_id=coder.id,
                name=coder.name,
                is_lead=coder.is_lead,
                assigned=assigned.get(coder.id, 0),
                done=done.get(coder.id, 0),
                done_assigned=done_assigned.get(coder.id, 0),
                segments=segments.get(coder.id, 0),
                values=values.get(coder.id, 0),
                articles_coded=articles_coded.get(coder.id, 0),
                last_active=_latest(*last.get(coder.id, [])),
            )
            for coder in session.scalars(select(Coder).order_by(Coder.name))
            if (coder.id in active or not coder.is_lead) and only_coder in (None, coder.id)
        ]
    days = [
        DayProgress(day, coder_id, counts[0], counts[1])
        for (day, coder_id), counts in sorted(daily.items())
        if only_coder in (None, coder_id)
    ]
    return TeamProgress(coders, days, articles_done, articles_total)

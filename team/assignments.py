"""Assignments: which articles are in each coder's queue (a coder's own done marks are
coding.status; a done mark on an article nobody assigned is a row with `assigned` false, which is
in no queue).

The lead plans who codes what (`plan_assignments`: a seeded random reliability sample coded
by two or more coders, the rest split evenly; pure) and stores it (`assign`), or assigns by
hand (`assign_articles`, `unassign`). Storing never duplicates an assignment and never undoes
a coder's done mark. `queue` lists a coder's articles, todo first.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import case, delete, insert, select, update
from sqlalchemy.orm import Session

from models.database import ProjectDatabase
from models.entities import Article, Assignment, Coder, Event, utcnow
from models.ids import new_guid

# -- planning and writing assignments ---------------------------------------------------------


class AssignmentError(ValueError):
    """Assignments that cannot be planned or stored; the message says what to do. Nothing stored."""


@dataclass(frozen=True)
class AssignmentPlan:
    """Who codes which article: a reliability sample shared by groups of coders, the rest split.

    `queues` maps each coder name to its article ids (sorted); `overlap` holds the sample's
    article ids (sorted), each of which sits in exactly `coders_per_overlap` queues.
    """

    coders: tuple[str, ...]
    queues: dict[str, tuple[int, ...]]
    overlap: tuple[int, ...]
    seed: int
    share: float
    coders_per_overlap: int

    def coders_of(self) -> dict[int, tuple[str, ...]]:
        """Article id -> the coders it is assigned to."""
        found: dict[int, list[str]] = {}
        for coder in self.coders:
            for article_id in self.queues[coder]:
                found.setdefault(article_id, []).append(coder)
        return {article_id: tuple(names) for article_id, names in found.items()}

    def pair_counts(self) -> dict[tuple[str, str], int]:
        """For every pair of coders (in the plan's order), how many articles both code."""
        counts = {pair: 0 for pair in itertools.combinations(self.coders, 2)}
        order = {name: i for i, name in enumerate(self.coders)}
        for names in self.coders_of().values():
            for a, b in itertools.combinations(sorted(names, key=order.__getitem__), 2):
                counts[(a, b)] += 1
        return counts

    def as_json(self) -> dict[str, Any]:
        """The plan as plain JSON values."""
        return {
            "seed": self.seed,
            "overlap_share": self.share,
            "coders_per_overlap": self.coders_per_overlap,
            "overlap_articles": list(self.overlap),
            "queues": {name: list(ids) for name, ids in self.queues.items()},
            "pairs": [
                {"coders": list(pair), "shared": count}
                for pair, count in self.pair_counts().items()
            ],
        }


def _overlap_group_order(coders: int, group_size: int, count: int) -> list[int]:
    """Which group (index into `combinations(range(coders), group_size)`) codes each of the
    `count` sampled articles, in sample order.

    The sample walks through the groups in rounds, each group once per round; each next group
    is the unused one of the round whose coders carry the least overlap work so far, ties
    going to the lowest index. Kept with numpy because the number of groups grows fast (1,140
    triples of 20 coders): one array holds each group's load sum, or a sum too big to win once
    the group is used in this round, and `argmin` returns the first (lowest) index of the
    least sum, which is exactly the tie-break rule.
    """
    if not count:
        return []
    members = np.array(list(itertools.combinations(range(coders), group_size)), dtype=np.intp)
    groups_of_coder = [np.flatnonzero((members == coder).any(axis=1)) for coder in range(coders)]
    load = np.zeros(coders, dtype=np.int64)
    used = np.int64(np.iinfo(np.int64).max // 2)  # added to a used group's sum: never least
    sums = np.zeros(0, dtype=np.int64)
    left = 0  # groups not yet used in this round
    order: list[int] = []
    for _ in range(count):
        if not left:  # a new round through every group
            sums = load[members].sum(axis=1)
            left = len(members)
        chosen = int(np.argmin(sums))
        order.append(chosen)
        sums[chosen] += used
        left -= 1
        for coder in members[chosen]:
            load[coder] += 1
            sums[groups_of_coder[coder]] += 1
    return order


def plan_assignments(
    article_ids: Iterable[int],
    coders: Sequence[str],
    overlap: float,
    seed: int,
    coders_per_overlap: int = 2,
) -> AssignmentPlan:
    """Plan a split of the articles among the coders with a seeded reliability sample.

    `round(overlap * N)` articles (Python's round), drawn at random with `seed`, are each
    coded by `coders_per_overlap` coders: the sample walks through every group of that many
    coders in turn, so with pairs every two coders share the same number of articles (give or
    take one). Each next group is the one whose coders have the least overlap work so far, so
    the sample's load is spread evenly too. The remaining articles are split so that queue
    sizes of the rest differ by at most one; the extra ones go to the coders with the least
    overlap work. The same articles, coders, share and seed always give the same plan,
    whatever the order of `article_ids`. Pure: no database.
    """
    names = [name.strip() for name in coders]
    if not names or any(not name for name in names):
        raise AssignmentError("give at least one coder name (no empty names)")
    if len(set(names)) != len(names):
        raise AssignmentError(f"a coder is named twice: {', '.join(names)}")
    if not 0.0 <= overlap <= 1.0:
        raise AssignmentError(f"overlap {overlap} must be a share between 0 and 1 (e.g. 0.2)")
    ids = sorted(set(article_ids))
    sample_size = round(overlap * len(ids))
    if sample_size and not 2 <= coders_per_overlap <= len(names):
        raise AssignmentError(
            f"a reliability sample coded by {coders_per_overlap} coders needs at least that many "
            f"coders (and at least 2); there are {len(names)}: {', '.join(names)}"
        )
    shuffled = list(ids)
    random.Random(seed).shuffle(shuffled)
    sample, rest = shuffled[:sample_size], shuffled[sample_size:]
    queues: dict[str, list[int]] = {name: [] for name in names}
    load = dict.fromkeys(names, 0)
    groups = list(itertools.combinations(names, coders_per_overlap)) if sample else []
    order = _overlap_group_order(len(names), coders_per_overlap, len(sample))
    for article_id, chosen in zip(sample, order, strict=True):
        for name in groups[chosen]:
            queues[name].append(article_id)
            load[name] += 1
    base, extra = divmod(len(rest), len(names))
    lightest = sorted(names, key=lambda n: (load[n], names.index(n)))
    position = 0
    for name in lightest:
        size = base + (1 if lightest.index(name) < extra else 0)
        queues[name].extend(rest[position : position + size])
        position += size
    return AssignmentPlan(
        coders=tuple(names),
        queues={name: tuple(sorted(queue)) for name, queue in queues.items()},
        overlap=tuple(sorted(sample)),
        seed=seed,
        share=overlap,
        coders_per_overlap=coders_per_overlap,
    )


@dataclass
class AssignReport:
    """What `assign` did, per coder name."""

    added: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)  # already assigned: left as they were
    removed: dict[str, int] = field(default_factory=dict)  # todo assignments dropped (replace)
    kept_done: dict[str, int] = field(default_factory=dict)  # done: never dropped
    coders_added: list[str] = field(default_factory=list)
    plan: AssignmentPlan | None = None

    def as_json(self) -> dict[str, Any]:
        """The report as plain JSON values."""
        return {
            "added": self.added,
            "kept": self.kept,
            "removed": self.removed,
            "kept_done": self.kept_done,
            "coders_added": self.coders_added,
            **({"plan": self.plan.as_json()} if self.plan is not None else {}),
        }


def _coders_by_name(session: Session, names: Iterable[str], add: bool) -> dict[str, Coder]:
    wanted = list(dict.fromkeys(names))
    found = {c.name: c for c in session.scalars(select(Coder).where(Coder.name.in_(wanted)))}
    missing = [name for name in wanted if name not in found]
    if missing and not add:
        raise AssignmentError(f"no coder named {', '.join(missing)} in this project")
    for name in missing:
        coder = Coder(guid=new_guid(), name=name, is_lead=False)
        session.add(coder)
        found[name] = coder
    session.flush()
    return found


def _check_articles(session: Session, ids: set[int]) -> None:
    known: set[int] = set()
    listed = sorted(ids)
    for i in range(0, len(listed), 900):  # keep under SQLite's parameter limit
        chunk = listed[i : i + 900]
        known.update(session.scalars(select(Article.id).where(Article.id.in_(chunk))))
    unknown = sorted(ids - known)
    if unknown:
        shown = ", ".join(map(str, unknown[:20])) + (" ..." if len(unknown) > 20 else "")
        raise AssignmentError(
            f"no article with id {shown} in this project; list them with `articoder articles`"
        )


def assign(
    database: ProjectDatabase,
    plan: AssignmentPlan | Mapping[str, Iterable[int]],
    replace: bool = False,
    by: int | None = None,
    add_coders: bool = True,
) -> AssignReport:
    """Store a plan (or a by-hand mapping coder name -> article ids) in one transaction.

    Existing assignments stay as they are (never duplicated; a done article stays done). With
    `replace`, a named coder's todo assignments that the plan does not list are dropped; done
    ones are always kept. Coders the project does not know yet are added (`add_coders`) or
    refused. One journal event, "assign", records it in the name of coder id `by`.
    """
    queues = plan.queues if isinstance(plan, AssignmentPlan) else plan
    wanted: dict[str, set[int]] = {}
    spelled: dict[str, str] = {}
    for name, ids in queues.items():
        stripped = name.strip()
        if stripped in spelled:  # one list would silently overwrite the other
            raise AssignmentError(
                f"coder names {spelled[stripped]!r} and {name!r} differ only in surrounding "
                "spaces; give each coder once"
            )
        spelled[stripped] = name
        wanted[stripped] = set(ids)
    report = AssignReport(plan=plan if isinstance(plan, AssignmentPlan) else None)
    with database.session() as session:
        _check_articles(session, set().union(*wanted.values()) if wanted else set())
        known_before = set(session.scalars(select(Coder.name).where(Coder.name.in_(list(wanted)))))
        coders = _coders_by_name(session, wanted, add_coders)
        report.coders_added = [name for name in wanted if name not in known_before]
        now = utcnow()
        rows: list[dict[str, Any]] = []
        dropped: list[int] = []
        for name, ids in wanted.items():
            coder = coders[name]
            marks = session.execute(
                select(Assignment.article_id, Assignment.status, Assignment.assigned).where(
                    Assignment.coder_id == coder.id
                )
            ).all()
            current = {int(a): str(status) for a, status, assigned in marks if assigned}
            # Done by the coder before the lead assigned it: now in the queue, still done.
            marked_only = sorted(int(a) for a, _s, assigned in marks if not assigned and a in ids)
            if marked_only:
                session.execute(
                    update(Assignment)
                    .where(Assignment.coder_id == coder.id, Assignment.article_id.in_(marked_only))
                    .values(assigned=True, assigned_at=now)
                )
            new = sorted(ids - current.keys() - set(marked_only))
            rows.extend(
                {
                    "article_id": a,
                    "coder_id": coder.id,
                    "status": "todo",
                    "assigned": True,
                    "assigned_at": now,
                }
                for a in new
            )
            report.added[name] = len(new) + len(marked_only)
            report.kept[name] = len(ids & current.keys())
            if replace:
                stale = [a for a, status in current.items() if a not in ids]
                drop = [a for a in stale if current[a] != "done"]
                report.removed[name] = len(drop)
                report.kept_done[name] = len(stale) - len(drop)
                if drop:
                    dropped.extend(
                        session.scalars(
                            select(Assignment.id).where(
                                Assignment.coder_id == coder.id, Assignment.article_id.in_(drop)
                            )
                        )
                    )
        if rows:
            session.execute(insert(Assignment), rows)
        for i in range(0, len(dropped), 900):
            session.execute(delete(Assignment).where(Assignment.id.in_(dropped[i : i + 900])))
        session.add(
            Event(
                guid=new_guid(),
                at=now,
                coder_id=by,
                action="assign",
                entity="assignment",
                payload={
                    "added": report.added,
                    "removed": report.removed,
                    "replace": replace,
                    "coders_added": report.coders_added,
                    **(
                        {
                            "seed": plan.seed,
                            "overlap": plan.share,
                            "overlap_articles": list(plan.overlap),
                        }
                        if isinstance(plan, AssignmentPlan)
                        else {}
                    ),
                },
            )
        )
    return report


def assign_articles(
    database: ProjectDatabase, coder: str, article_ids: Iterable[int], by: int | None = None
) -> AssignReport:
    """Put these articles in one coder's queue by hand (already assigned ones stay as they are)."""
    return assign(database, {coder: list(article_ids)}, by=by, add_coders=False)


def unassign(
    database: ProjectDatabase, coder: str, article_ids: Iterable[int], by: int | None = None
) -> AssignReport:
    """Take articles out of a coder's queue; articles the coder marked done stay assigned.

    The coder's segments and values are never touched: only the queue changes. A done mark on
    an article the lead never assigned is not in the queue and stays as it is.
    """
    ids = set(article_ids)
    report = AssignReport()
    with database.session() as session:
        coder_row = _coders_by_name(session, [coder], add=False)[coder]
        rows = session.execute(
            select(Assignment.id, Assignment.status).where(
                Assignment.coder_id == coder_row.id,
                Assignment.article_id.in_(sorted(ids)),
                Assignment.assigned.is_(True),
            )
        ).all()
        drop = [row_id for row_id, status in rows if status != "done"]
        if drop:
            session.execute(delete(Assignment).where(Assignment.id.in_(drop)))
        report.removed[coder] = len(drop)
        report.kept_done[coder] = len(rows) - len(drop)
        session.add(
            Event(
                guid=new_guid(),
                at=utcnow(),
                coder_id=by,
                action="unassign",
                entity="assignment",
                payload={"coder": coder_row.guid, "removed": len(drop), "articles": sorted(ids)},
            )
        )
    return report


@dataclass(frozen=True)
class QueueItem:
    """One article of a coder's queue."""

    article_id: int
    title: str
    status: str  # "todo" or "done"
    assigned_at: dt.datetime
    done_at: dt.datetime | None

    def as_json(self) -> dict[str, Any]:
        """The item as plain JSON values."""
        return {
            "article": self.article_id,
            "title": self.title,
            "status": self.status,
            "assigned_at": self.assigned_at.isoformat(),
            "done_at": self.done_at.isoformat() if self.done_at else None,
        }


def queue(database: ProjectDatabase, coder: str) -> list[QueueItem]:
    """A coder's assigned articles: todo first, then done, each in article order."""
    with database.session() as session:
        coder_row = _coders_by_name(session, [coder], add=False)[coder]
        rows = session.execute(
            select(
                Assignment.article_id,
                Article.title,
                Assignment.status,
                Assignment.assigned_at,
                Assignment.done_at,
            )
            .join(Article, Article.id == Assignment.article_id)
            .where(Assignment.coder_id == coder_row.id, Assignment.assigned.is_(True))
            .order_by(case((Assignment.status == "done", 1), else_=0), Assignment.article_id)
        ).all()
    return [QueueItem(int(a), str(t), str(s), at, done) for a, t, s, at, done in rows]


def assignable_articles(database: ProjectDatabase, unassigned_only: bool) -> list[int]:
    """The ids of the articles a plan may split: every article, or those nobody has yet."""
    with database.session() as session:
        query = select(Article.id)
        if unassigned_only:
            assigned = select(Assignment.article_id).where(Assignment.assigned.is_(True))
            query = query.where(~Article.id.in_(assigned))
        return list(session.scalars(query.order_by(Article.id)))

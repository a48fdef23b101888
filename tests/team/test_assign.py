"""Assignments: the planned split with a reliability sample (properties), storing, queues."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from models.database import ProjectDatabase
from models.entities import Assignment, Event
from team.assignments import (
    AssignmentError,
    AssignmentPlan,
    assign,
    assign_articles,
    plan_assignments,
    queue,
    unassign,
)

NAMES = ["甲", "乙", "丙", "丁", "戊", "己"]

article_sets = st.sets(st.integers(min_value=1, max_value=5000), max_size=300)
team = st.integers(min_value=2, max_value=6).map(lambda n: NAMES[:n])
shares = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
seeds = st.integers(min_value=0, max_value=2**32)


def _loads(plan: AssignmentPlan) -> Counter[int]:
    return Counter(a for ids in plan.queues.values() for a in ids)


@settings(max_examples=150, deadline=None)
@given(article_sets, team, shares, seeds)
def test_every_article_assigned_and_overlap_share_exact(
    ids: set[int], coders: list[str], share: float, seed: int
) -> None:
    plan = plan_assignments(ids, coders, share, seed)
    times = _loads(plan)
    assert set(times) == ids
    assert len(plan.overlap) == round(share * len(ids))
    assert {a for a, n in times.items() if n == 2} == set(plan.overlap)
    assert all(n == 1 for a, n in times.items() if a not in plan.overlap)
    for ids_of_coder in plan.queues.values():
        assert len(set(ids_of_coder)) == len(ids_of_coder)  # never twice in one queue


@settings(max_examples=150, deadline=None)
@given(article_sets, team, shares, seeds)
def test_rest_split_evenly_and_pairs_balanced(
    ids: set[int], coders: list[str], share: float, seed: int
) -> None:
    plan = plan_assignments(ids, coders, share, seed)
    sample = set(plan.overlap)
    rest_sizes = [len(set(q) - sample) for q in plan.queues.values()]
    assert max(rest_sizes) - min(rest_sizes) <= 1
    shared = list(plan.pair_counts().values())
    assert max(shared) - min(shared) <= 1
    assert sum(shared) == len(sample)  # with pairs, every sample article is one pair's


@settings(max_examples=60, deadline=None)
@given(article_sets, st.integers(min_value=3, max_value=6).map(lambda n: NAMES[:n]), seeds)
def test_groups_of_three_share_the_sample(ids: set[int], coders: list[str], seed: int) -> None:
    plan = plan_assignments(ids, coders, 0.3, seed, coders_per_overlap=3)
    times = _loads(plan)
    assert {a for a, n in times.items() if n == 3} == set(plan.overlap)
    # Over a full round of groups every pair shares equally; a partial round adds at most
    # the number of groups holding a given pair.
    in_groups = len(list(itertools.combinations(range(len(coders) - 2), 1)))
    shared = list(plan.pair_counts().values())
    assert max(shared) - min(shared) <= max(1, in_groups)


@settings(max_examples=60, deadline=None)
@given(article_sets, team, shares, seeds)
def test_same_seed_same_plan_whatever_the_order(
    ids: set[int], coders: list[str], share: float, seed: int
) -> None:
    first = plan_assignments(sorted(ids), coders, share, seed)
    again = plan_assignments(sorted(ids, reverse=True), coders, share, seed)
    assert first == again


def test_another_seed_draws_another_sample() -> None:
    ids = range(1, 201)
    samples = {plan_assignments(ids, NAMES[:3], 0.2, seed).overlap for seed in range(5)}
    assert len(samples) == 5


@pytest.mark.parametrize(
    ("coders", "share", "per", "words"),
    [
        ([], 0.2, 2, "at least one coder"),
        (["甲", "甲"], 0.2, 2, "named twice"),
        (["甲", "乙"], 1.5, 2, "between 0 and 1"),
        (["甲"], 0.2, 2, "needs at least that many"),
        (["甲", "乙"], 0.2, 3, "needs at least that many"),
    ],
)
def test_bad_plans_refused(coders: list[str], share: float, per: int, words: str) -> None:
    with pytest.raises(AssignmentError, match=words):
        plan_assignments(range(10), coders, share, 1, per)


# -- the plan equals the one of the first implementation ------------------------------------


def _plan_assignments_before(
    article_ids: Iterable[int],
    coders: Sequence[str],
    overlap: float,
    seed: int,
    coders_per_overlap: int = 2,
) -> AssignmentPlan:
    """`plan_assignments` as first written, the reference the faster version must match.

    For every sampled article it scans the round's unused groups for the least load sum.
    """
    names = [name.strip() for name in coders]
    ids = sorted(set(article_ids))
    sample_size = round(overlap * len(ids))
    shuffled = list(ids)
    random.Random(seed).shuffle(shuffled)
    sample, rest = shuffled[:sample_size], shuffled[sample_size:]
    queues: dict[str, list[int]] = {name: [] for name in names}
    load = dict.fromkeys(names, 0)
    groups = list(itertools.combinations(names, coders_per_overlap)) if sample else []
    unused: list[int] = []  # indices into groups not yet used in this round
    for article_id in sample:
        if not unused:
            unused = list(range(len(groups)))  # a new round through every group
        # The group whose coders carry the least overlap work; ties keep the listed order.
        chosen = min(unused, key=lambda i: (sum(load[n] for n in groups[i]), i))
        unused.remove(chosen)
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


MANY_NAMES = [f"编码员{i}" for i in range(1, 10)]


@st.composite
def _teams_and_group_sizes(draw: st.DrawFn) -> tuple[list[str], int]:
    coders = draw(st.integers(min_value=2, max_value=len(MANY_NAMES)))
    group_size = draw(st.integers(min_value=2, max_value=coders))
    return MANY_NAMES[:coders], group_size


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(min_value=-50, max_value=3000), max_size=400),
    _teams_and_group_sizes(),
    shares,
    seeds,
)
def test_plan_equals_the_first_implementation(
    ids: list[int], team_and_size: tuple[list[str], int], share: float, seed: int
) -> None:
    coders, group_size = team_and_size
    plan = plan_assignments(ids, coders, share, seed, coders_per_overlap=group_size)
    # The queues hold each sampled article under its group's coders: equal plans mean the
    # same sample, the same group for every article, the same split of the rest.
    assert plan == _plan_assignments_before(ids, coders, share, seed, group_size)


@pytest.mark.parametrize(("coders", "group_size"), [(12, 3), (9, 4), (7, 2), (2, 2), (5, 5)])
def test_plan_equals_the_first_implementation_over_many_rounds(
    coders: int, group_size: int
) -> None:
    names = [f"coder{i:02d}" for i in range(coders)]
    ids = range(1, 4001)
    for seed in (0, 11):
        plan = plan_assignments(ids, names, 0.4, seed, coders_per_overlap=group_size)
        assert plan == _plan_assignments_before(ids, names, 0.4, seed, group_size)
        assert len(plan.overlap) == 1600


# -- storing ---------------------------------------------------------------------------------

TEXTS = [
    "城南街道简讯\n城南街道开展垃圾分类宣传，志愿者走进小区。",
    "河西社区动态\n河西社区举办邻里节，居民共话家常。",
    "北岸新闻\n北岸村修缮文化礼堂，老人有了活动场所。",
    "东门快讯\n东门社区网格员上门走访独居老人。",
    "西湖晚报\n西湖街道推进老旧小区加装电梯。",
    "南山时评\n南山镇党委书记带队调研乡村振兴。",
]


def _articles(database: ProjectDatabase, folder: Path) -> list[int]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i, text in enumerate(TEXTS):
        path = folder / f"n{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return sorted(int(a.id) for a in import_paths(database, paths).imported)


def _rows(database: ProjectDatabase) -> list[tuple[int, int, str]]:
    with database.session() as session:
        return sorted(
            session.execute(
                select(Assignment.article_id, Assignment.coder_id, Assignment.status)
            ).all()
        )


def test_assign_stores_the_plan_once_and_keeps_done(
    database: ProjectDatabase, tmp_path: Path
) -> None:
    ids = _articles(database, tmp_path / "in")
    plan = plan_assignments(ids, ["甲", "乙", "丙"], 0.5, seed=7)
    report = assign(database, plan)
    assert report.coders_added == ["甲", "乙", "丙"]
    rows = _rows(database)
    assert len(rows) == sum(len(q) for q in plan.queues.values()) == len(ids) + 3
    # The coder marks an article done; assigning again duplicates nothing and keeps it done.
    coder = ensure_coder(database, "甲")
    first = plan.queues["甲"][0]
    Workspace(database, coder).set_done(first)
    again = assign(database, plan)
    assert sum(again.added.values()) == 0
    assert sum(again.kept.values()) == len(rows)
    assert len(_rows(database)) == len(rows)
    assert (first, coder.id, "done") in _rows(database)
    with database.session() as session:
        actions = list(session.scalars(select(Event.action).where(Event.action == "assign")))
    assert actions == ["assign", "assign"]


def test_replace_drops_todo_keeps_done(database: ProjectDatabase, tmp_path: Path) -> None:
    ids = _articles(database, tmp_path / "in")
    assign(database, {"甲": ids[:4]})
    coder = ensure_coder(database, "甲")
    Workspace(database, coder).set_done(ids[0])
    report = assign(database, {"甲": ids[4:]}, replace=True)
    assert report.removed == {"甲": 3} and report.kept_done == {"甲": 1}
    assert {a for a, _, _ in _rows(database)} == {ids[0], *ids[4:]}


def test_by_hand_unassign_and_queue(database: ProjectDatabase, tmp_path: Path) -> None:
    ids = _articles(database, tmp_path / "in")
    coder = ensure_coder(database, "乙")
    with pytest.raises(AssignmentError, match="no coder named 丁"):
        assign_articles(database, "丁", ids[:2])
    with pytest.raises(AssignmentError, match="no article with id 99999"):
        assign_articles(database, "乙", [ids[0], 99999])
    assert _rows(database) == []  # the refused call stored nothing
    assign_articles(database, "乙", ids[:3])
    Workspace(database, coder).set_done(ids[0])
    items = queue(database, "乙")
    assert [(i.article_id, i.status) for i in items] == [
        (ids[1], "todo"),
        (ids[2], "todo"),
        (ids[0], "done"),
    ]
    assert items[0].title == "河西社区动态"
    report = unassign(database, "乙", ids[:2])
    assert report.removed == {"乙": 1} and report.kept_done == {"乙": 1}
    assert [i.article_id for i in queue(database, "乙")] == [ids[2], ids[0]]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Assignment)) == 2


def test_names_differing_only_in_spaces_refused(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    ids = _articles(sqlite_database, tmp_path / "in")
    with pytest.raises(AssignmentError, match="'乙' and ' 乙 ' differ only in surrounding spaces"):
        assign(sqlite_database, {"乙": ids[:2], " 乙 ": ids[2:4]})
    assert _rows(sqlite_database) == []  # refused: neither list stored
    assign(sqlite_database, {" 乙 ": ids[:2]})  # one spelling alone is still trimmed and stored
    assert {a for a, _, _ in _rows(sqlite_database)} == set(ids[:2])

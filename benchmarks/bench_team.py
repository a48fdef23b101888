"""Team work benchmark (issue 8): plans, assignments, coder files, team progress, presence.

Usage: .venv/bin/python benchmarks/bench_team.py [--articles 10000] [--coders 5]
       [--overlap 0.2] [--segments-per-article 10] [--added 5000] [--plan-articles 100000]
       [--plan-coders 10] [--seed 1]

Builds a temporary SQLite project with Core executemany inserts: ARTICLES generated articles of
about 1,000 characters (25 sentences in 5 paragraphs), a codebook of 5 groups with 6 codes each
and one nominal variable, CODERS coders and a lead. Then it times, one line per measurement:

- `team.assignments.plan_assignments` on PLAN_ARTICLES article ids for PLAN_CODERS coders,
  overlap 0.2, with pairs and with groups of 3 (pure; best of 3). Target: <= 1 s each.
- `team.assignments.assign` of the plan of the project's ARTICLES articles among CODERS
  coders (overlap 0.2, pairs: about 12,000 assignments for 10,000 articles); then the same
  plan again (everything already there). Target: <= 2 s.
- Coding is then added with Core: about SEGMENTS_PER_ARTICLE segments per assigned article and
  coder (about 120,000), made over the last 30 days; 60 % of the assignments marked done, with
  a value of the variable for each.
- `team.coder_files.package` of the first coder's share (about 2,400 articles and 24,000
  segments). Target: <= 5 s.
- In that coder file, ADDED new segments are stored the way the coding window stores them
  (GUIDs, covered text, codebook version, times, one "segment-add" journal event each) and
  500 of the coder's articles are marked done; then `merge(database, [file])` is timed (the
  backup it makes of the project included), and the same merge again, which must store
  nothing (checked: its report and the row counts). Target: <= 10 s for 5,000 segments.
- `team.progress.team_progress` on the whole project (median of 5). Target: <= 0.5 s.
- `coding.following.shared_state` for one coder, median of 50 calls. Target: <= 5 ms on SQLite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from coding.following import shared_state
from corpus.text import content_hash
from models.backups import make_backup
from models.database import ProjectDatabase, create_project, open_project
from models.entities import (
    Article,
    Assignment,
    Code,
    Coder,
    Event,
    ProjectInfo,
    Segment,
    Variable,
    VariableChoice,
    VariableValue,
    utcnow,
)
from models.ids import new_guid
from team.assignments import assign, plan_assignments
from team.coder_files import merge, package, read_coder_file
from team.progress import team_progress

WORDS = "社区党建引领居民参与治理志愿者服务老旧小区改造加装电梯物业管理网格员楼栋党小组议事协商"
ENDS = "。。。。！？；"
STANCES = ["正面", "中性", "负面", "混合"]
GROUPS = 5
LEAVES_PER_GROUP = 6


def article_text(rng: random.Random) -> str:
    """About 1,000 characters: 5 paragraphs of 5 sentences."""
    paragraphs = []
    for _ in range(5):
        sentences = [
            "".join(rng.choices(WORDS, k=rng.randint(25, 55))) + rng.choice(ENDS) for _ in range(5)
        ]
        paragraphs.append("　　" + "".join(sentences))
    return "\n".join(paragraphs)


def build(database: ProjectDatabase, articles: int, coders: int, seed: int) -> list[str]:
    """Articles, codebook, coders and a lead (no assignments yet); return the article texts."""
    rng = random.Random(seed)
    now = utcnow()
    texts = [article_text(rng) for _ in range(articles)]
    with database.engine.begin() as connection:
        connection.execute(update(ProjectInfo).values(settings={"codable_groups": False}))
        connection.execute(
            insert(Coder),
            [{"guid": new_guid(), "name": "lead", "is_lead": True}]
            + [
                {"guid": new_guid(), "name": f"coder{i + 1}", "is_lead": False}
                for i in range(coders)
            ],
        )
        connection.execute(
            insert(Code),
            [
                {"id": g + 1, "guid": new_guid(), "name": f"组{g + 1}", "position": g}
                for g in range(GROUPS)
            ],
        )
        connection.execute(
            insert(Code),
            [
                {
                    "id": GROUPS + c + 1,
                    "guid": new_guid(),
                    "name": f"代码{c + 1}",
                    "parent_id": c % GROUPS + 1,
                    "position": c,
                }
                for c in range(GROUPS * LEAVES_PER_GROUP)
            ],
        )
        connection.execute(
            insert(Variable),
            [{"id": 1, "guid": new_guid(), "name": "立场", "level": "nominal", "position": 0}],
        )
        connection.execute(
            insert(VariableChoice),
            [
                {"guid": new_guid(), "variable_id": 1, "value": v, "position": i}
                for i, v in enumerate(STANCES)
            ],
        )
        connection.execute(
            insert(Article),
            [
                {
                    "id": a + 1,
                    "guid": new_guid(),
                    "title": f"社区简讯第{a + 1}期",
                    "outlet": rng.choice(["新桥日报", "东湖晚报", None]),
                    "published": dt.date(2024, 1, 1) + dt.timedelta(days=a % 365),
                    "content_hash": content_hash(text),
                    "raw_text": text,
                    "text": text,
                    "chars": len(text),
                    "imported_at": now,
                }
                for a, text in enumerate(texts)
            ],
        )
    return texts


def leaf_ids() -> list[int]:
    """The ids of the codes without children (build gives them explicit ids)."""
    return [GROUPS + c + 1 for c in range(GROUPS * LEAVES_PER_GROUP)]


def segment_row(
    rng: random.Random,
    texts: list[str],
    article_id: int,
    coder_id: int,
    when: dt.datetime,
) -> dict[str, Any]:
    """A segment as the coding window stores it (text = the covered cleaned text)."""
    text = texts[article_id - 1]
    start = rng.randrange(0, len(text) - 60)
    end = start + rng.randint(4, 60)
    return {
        "guid": new_guid(),
        "article_id": article_id,
        "code_id": rng.choice(leaf_ids()),
        "coder_id": coder_id,
        "start": start,
        "end": end,
        "text": text[start:end],
        "memo": "典型案例" if rng.random() < 0.05 else "",
        "codebook_version": 1,
        "created_at": when,
        "updated_at": when,
    }


def mark_done() -> Any:
    """An executemany UPDATE marking assignment `row` done at `at`."""
    return (
        update(Assignment)
        .where(Assignment.id == bindparam("row"))
        .values(status="done", done_at=bindparam("at"))
    )


def add_coding(database: ProjectDatabase, texts: list[str], per_article: int, seed: int) -> None:
    """Segments on every assignment, 60 % marked done with a value, over the last 30 days."""
    rng = random.Random(seed + 1)
    now = utcnow()
    with database.engine.begin() as connection:
        assignments = connection.execute(
            select(Assignment.id, Assignment.article_id, Assignment.coder_id)
        ).all()
        segments: list[dict[str, Any]] = []
        values: list[dict[str, Any]] = []
        done: list[dict[str, Any]] = []
        for assignment_id, article_id, coder_id in assignments:
            day = now - dt.timedelta(days=rng.randint(0, 29), minutes=rng.randint(0, 600))
            for _ in range(rng.randint(per_article - 2, per_article + 2)):
                segments.append(segment_row(rng, texts, article_id, coder_id, day))
            if rng.random() < 0.6:
                done.append({"row": assignment_id, "at": day})
                values.append(
                    {
                        "guid": new_guid(),
                        "article_id": article_id,
                        "variable_id": 1,
                        "coder_id": coder_id,
                        "value": rng.choice(STANCES),
                        "created_at": day,
                        "updated_at": day,
                    }
                )
            if len(segments) >= 20_000:
                connection.execute(insert(Segment), segments)
                segments.clear()
        if segments:
            connection.execute(insert(Segment), segments)
        connection.execute(insert(VariableValue), values)
        connection.execute(mark_done(), done)


def code_in_file(path: Path, texts: list[str], coder: str, added: int, seed: int) -> int:
    """Store `added` new segments (journalled) and 500 done marks in the coder file."""
    rng = random.Random(seed + 2)
    database = open_project(path)
    try:
        with database.engine.begin() as connection:
            coder_id = connection.execute(select(Coder.id).where(Coder.name == coder)).scalar_one()
            todo = connection.execute(
                select(Assignment.id, Assignment.article_id).where(
                    Assignment.coder_id == coder_id, Assignment.status == "todo"
                )
            ).all()
            article_ids = sorted(
                connection.execute(
                    select(Assignment.article_id).where(Assignment.coder_id == coder_id)
                ).scalars()
            )
            now = utcnow()
            rows = [
                segment_row(rng, texts, rng.choice(article_ids), coder_id, now)
                for _ in range(added)
            ]
            connection.execute(insert(Segment), rows)
            connection.execute(
                insert(Event),
                [
                    {
                        "guid": new_guid(),
                        "at": now,
                        "coder_id": coder_id,
                        "action": "segment-add",
                        "entity": "segment",
                        "entity_guid": row["guid"],
                        "payload": {
                            "code": row["code_id"],
                            "segments": [
                                [row["guid"], row["article_id"], row["start"], row["end"]]
                            ],
                        },
                    }
                    for row in rows
                ],
            )
            marked = rng.sample(todo, min(500, len(todo)))
            connection.execute(mark_done(), [{"row": i, "at": now} for i, _ in marked])
            connection.execute(
                insert(Event),
                [
                    {
                        "guid": new_guid(),
                        "at": now,
                        "coder_id": coder_id,
                        "action": "article-status",
                        "entity": "assignment",
                        "entity_guid": None,
                        "payload": {"article": a, "before": "todo", "done": True},
                    }
                    for _, a in marked
                ],
            )
        return coder_id
    finally:
        database.close()


def counts(database: ProjectDatabase) -> dict[str, int]:
    """Rows of the tables a merge writes."""
    with database.session() as session:
        return {
            entity.__tablename__: int(session.scalar(select(func.count()).select_from(entity)) or 0)
            for entity in (Coder, Article, Segment, VariableValue, Assignment, Event)
        }


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    began = time.perf_counter()
    result = call()
    return time.perf_counter() - began, result


def line(what: str, seconds: float, target: str, detail: str = "") -> None:
    """One measurement: what, the time, the target, and what was done."""
    shown = f"{seconds * 1000:8.2f} ms" if seconds < 1 else f"{seconds:8.2f} s "
    wanted = f"(target {target})" if target else ""
    print(f"{what:44s} {shown}  {wanted:16s}  {detail}".rstrip(), flush=True)


def main() -> None:
    """Build the project, time every team operation, print one line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--coders", type=int, default=5)
    parser.add_argument("--overlap", type=float, default=0.2)
    parser.add_argument("--segments-per-article", type=int, default=10)
    parser.add_argument("--added", type=int, default=5_000, help="segments added in the file")
    parser.add_argument("--plan-articles", type=int, default=100_000)
    parser.add_argument("--plan-coders", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    # -- planning, pure ------------------------------------------------------------------------
    ids = list(range(1, args.plan_articles + 1))
    names = [f"编码员{i + 1}" for i in range(args.plan_coders)]
    for per_overlap in (2, 3):
        times = []
        for _ in range(3):
            seconds, plan = timed(partial(plan_assignments, ids, names, 0.2, 7, per_overlap))
            times.append(seconds)
        assert sum(len(q) for q in plan.queues.values()) == args.plan_articles + len(
            plan.overlap
        ) * (per_overlap - 1)
        line(
            f"plan_assignments {args.plan_articles:,} ids, groups of {per_overlap}",
            min(times),
            "<= 1 s",
            f"{args.plan_coders} coders, overlap 0.2, {len(plan.overlap):,} shared; runs "
            + ", ".join(f"{t:.2f}" for t in times),
        )

    with tempfile.TemporaryDirectory(prefix="articoder-bench-team-") as temporary:
        folder = Path(temporary)
        database = create_project(folder / "team.articoder", name="team benchmark")
        try:
            seconds, texts = timed(lambda: build(database, args.articles, args.coders, args.seed))
            print(f"built {args.articles:,} articles, {args.coders} coders in {seconds:.1f} s")

            # -- assigning ------------------------------------------------------------------------
            coders = [f"coder{i + 1}" for i in range(args.coders)]
            plan = plan_assignments(range(1, args.articles + 1), coders, args.overlap, args.seed)
            seconds, report = timed(lambda: assign(database, plan))
            line(
                f"assign a plan of {args.articles:,} articles",
                seconds,
                "<= 2 s",
                f"{sum(report.added.values()):,} assignments for {args.coders} coders",
            )
            seconds, again = timed(lambda: assign(database, plan))
            assert not any(again.added.values())
            line("assign the same plan again", seconds, "", f"{sum(again.kept.values()):,} kept")

            seconds, _ = timed(
                lambda: add_coding(database, texts, args.segments_per_article, args.seed)
            )
            before = counts(database)
            print(
                f"coded: {before['segments']:,} segments, {before['variable_values']:,} values, "
                f"{before['assignments']:,} assignments in {seconds:.1f} s"
            )

            # -- coder file out and back ---------------------------------------------------------
            coder = coders[0]
            file = folder / f"{coder}.articoder"
            seconds, packaged = timed(lambda: package(database, coder, file))
            line(
                f"package {coder}'s share",
                seconds,
                "<= 5 s",
                f"{packaged.articles:,} articles, {packaged.segments:,} segments, "
                f"{file.stat().st_size / 1e6:.1f} MB",
            )
            coder_id = code_in_file(file, texts, coder, args.added, args.seed)

            with database.session() as session:
                info = session.scalars(select(ProjectInfo)).one()
                guid, name = info.guid, info.name
            reading, content = timed(lambda: read_coder_file(file, guid, name))
            backing_up, _ = timed(lambda: make_backup(folder / "team.articoder", "bench"))
            seconds, merged = timed(lambda: merge(database, [file]))
            result = merged.files[0]
            assert len(result.segments.added) == args.added, result.segments.added
            assert not result.conflicts, result.conflicts[:3]
            after = counts(database)
            assert after["segments"] == before["segments"] + args.added
            line(
                f"merge the file with {args.added:,} new segments",
                seconds,
                "<= 10 s",
                f"{len(result.segments.added):,} segments, "
                f"{len(result.assignments.updated):,} done marks, "
                f"{result.events_added:,} events added, "
                f"{result.segments.unchanged:,} unchanged",
            )
            print(
                f"{'':4s}(alone, outside the merge: reading and checking the file "
                f"{reading:.2f} s, {len(content.segments):,} segments; "
                f"the project's backup {backing_up:.2f} s)"
            )
            seconds, repeated = timed(lambda: merge(database, [file]))
            again_file = repeated.files[0]
            assert not again_file.changed and not again_file.conflicts
            assert counts(database) == after
            line(
                "merge the same file again (stores nothing)",
                seconds,
                "",
                f"{again_file.segments.unchanged:,} segments unchanged",
            )

            # -- the lead's view and presence ----------------------------------------------------
            times = []
            for _ in range(5):
                seconds, progress = timed(lambda: team_progress(database))
                times.append(seconds)
            line(
                "team_progress (median of 5)",
                statistics.median(times),
                "<= 0.5 s",
                f"{len(progress.coders)} coders, {after['assignments']:,} assignments, "
                f"{after['segments']:,} segments, {len(progress.days)} coder-days",
            )
            times = []
            for _ in range(50):
                seconds, state = timed(lambda: shared_state(database, coder_id))
                times.append(seconds)
            line(
                "shared_state (median of 50)",
                statistics.median(times),
                "<= 5 ms",
                f"90th percentile {sorted(times)[44] * 1000:.2f} ms; "
                f"{state.assignments[0]:,} assignments of {coder}",
            )
        finally:
            database.close()


if __name__ == "__main__":
    main()

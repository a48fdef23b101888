"""Time the full agreement report on a generated project: load, tables, every coefficient.

Usage: .venv/bin/python benchmarks/bench_agreement_report.py [--articles 10000] [--codes 50]
       [--coders 3] [--units article,sentence,continuum] [--draws 1000] [--project PATH]

Generates (once, in a temporary SQLite project unless --project names a file to keep or
reuse) ARTICLES articles of about 1,000 characters in 25 sentences and 5 paragraphs, coded by
every one of CODERS coders with about 20 segments each (coders agree on 80 % of the segments,
with jittered boundaries), CODES leaf codes under 5 groups, and 4 variables (nominal, ordinal,
interval, date). Rows go in with Core executemany. Then, for each unit, it times loading the
coding, building the reliability tables, and the report (bootstrap with DRAWS draws), and
prints one line per stage. Target: the full report of 10,000 articles x 50 codes x 3 coders in
at most 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from agreement.reliability import (
    UNITS,
    Unit,
    code_tables,
    load_coding,
    variable_tables,
)
from agreement.report import report_as_json, report_rows, write_report_xlsx
from models.database import ProjectDatabase, create_project, open_project
from models.entities import (
    Article,
    Assignment,
    Code,
    Coder,
    ProjectInfo,
    Segment,
    Variable,
    VariableChoice,
    VariableValue,
    utcnow,
)
from models.ids import new_guid

WORDS = "社区党建引领居民参与治理志愿者服务老旧小区改造加装电梯物业管理网格员楼栋党小组议事协商"
ENDS = "。。。。！？；"
STANCES = ["正面", "中性", "负面", "混合", "无法判断"]


def article_text(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(5):
        sentences = []
        for _ in range(5):
            size = rng.randint(25, 55)
            sentences.append("".join(rng.choices(WORDS, k=size)) + rng.choice(ENDS))
        paragraphs.append("　　" + "".join(sentences))
    return "\n".join(paragraphs)


def generate(database: ProjectDatabase, articles: int, codes: int, coders: int, seed: int) -> None:
    """Fill an empty project with seeded articles, codes, coders, segments and values."""
    rng = random.Random(seed)
    now = utcnow()
    with database.engine.begin() as connection:
        connection.execute(
            ProjectInfo.__table__.update().values(settings={"codable_groups": False})
        )
        connection.execute(
            insert(Coder), [{"guid": new_guid(), "name": f"coder{i + 1}"} for i in range(coders)]
        )
        groups = 5
        connection.execute(
            insert(Code),
            [
                {"id": g + 1, "guid": new_guid(), "name": f"组{g + 1}", "position": g}
                for g in range(groups)
            ],
        )
        connection.execute(
            insert(Code),
            [
                {
                    "id": groups + c + 1,
                    "guid": new_guid(),
                    "name": f"代码{c + 1}",
                    "parent_id": c % groups + 1,
                    "position": c,
                }
                for c in range(codes)
            ],
        )
        leaf_ids = [groups + c + 1 for c in range(codes)]
        connection.execute(
            insert(Variable),
            [
                {"id": 1, "guid": new_guid(), "name": "立场", "level": "nominal", "position": 0},
                {"id": 2, "guid": new_guid(), "name": "强度", "level": "ordinal", "position": 1},
                {"id": 3, "guid": new_guid(), "name": "篇幅", "level": "interval", "position": 2},
                {"id": 4, "guid": new_guid(), "name": "日期", "level": "date", "position": 3},
            ],
        )
        connection.execute(
            insert(VariableChoice),
            [
                {"guid": new_guid(), "variable_id": 1, "value": v, "position": i}
                for i, v in enumerate(STANCES)
            ]
            + [
                {"guid": new_guid(), "variable_id": 2, "value": str(v), "position": v}
                for v in range(1, 6)
            ],
        )
        texts = [article_text(rng) for _ in range(articles)]
        connection.execute(
            insert(Article),
            [
                {
                    "id": a + 1,
                    "guid": new_guid(),
                    "title": f"文章{a + 1}",
                    "content_hash": f"{a:064d}",
                    "raw_text": text,
                    "text": text,
                    "chars": len(text),
                }
                for a, text in enumerate(texts)
            ],
        )
        segments: list[dict[str, Any]] = []
        values: list[dict[str, Any]] = []
        done: list[dict[str, Any]] = []
        base = dt.date(2024, 1, 1)
        for a, text in enumerate(texts):
            length = len(text)
            truth = []
            for _ in range(20):
                start = rng.randrange(0, length - 60)
                truth.append((rng.choice(leaf_ids), start, start + rng.randint(5, 60)))
            stance = rng.choice(STANCES)
            strength = rng.randint(1, 5)
            size = rng.randint(1, 20)
            day = rng.randint(0, 365)
            for coder in range(1, coders + 1):
                for code, start, end in truth:
                    if rng.random() < 0.8:
                        start = max(0, start + rng.randint(-3, 3))
                        end = min(length, max(start + 1, end + rng.randint(-3, 3)))
                    else:
                        code = rng.choice(leaf_ids)
                        start = rng.randrange(0, length - 60)
                        end = start + rng.randint(5, 60)
                    segments.append(
                        {
                            "guid": new_guid(),
                            "article_id": a + 1,
                            "code_id": code,
                            "coder_id": coder,
                            "start": start,
                            "end": end,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                agree = rng.random() < 0.75
                for variable, value in (
                    (1, stance if agree else rng.choice(STANCES)),
                    (2, str(strength if agree else min(5, max(1, strength + rng.choice((-1, 1)))))),
                    (3, str(size if agree else size + rng.randint(-2, 2))),
                    (4, (base + dt.timedelta(days=day if agree else day + 1)).isoformat()),
                ):
                    values.append(
                        {
                            "guid": new_guid(),
                            "article_id": a + 1,
                            "variable_id": variable,
                            "coder_id": coder,
                            "value": value,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                done.append({"article_id": a + 1, "coder_id": coder, "status": "done"})
        connection.execute(insert(Segment), segments)
        connection.execute(insert(VariableValue), values)
        connection.execute(insert(Assignment), done)


def main() -> None:
    """Generate (or reuse) the project, then time the report for each unit."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--codes", type=int, default=50)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--units", default="article,sentence,continuum")
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--project", type=Path, help="keep (or reuse) the generated project here")
    args = parser.parse_args()
    units: list[Unit] = [u for u in UNITS if u in args.units.split(",")]

    folder = tempfile.TemporaryDirectory(prefix="articoder-bench-")
    path = args.project or Path(folder.name) / "bench.articoder"
    if path.exists():
        database = open_project(path)
        print(f"reusing {path}")
    else:
        database = create_project(path)
        started = time.perf_counter()
        generate(database, args.articles, args.codes, args.coders, seed=20240601)
        print(f"generated {path} in {time.perf_counter() - started:.1f} s")
    print(
        f"{args.articles} articles x {args.codes} codes x {args.coders} coders, "
        f"bootstrap {args.draws} draws (s)"
    )
    try:
        for unit in units:
            started = time.perf_counter()
            coding = load_coding(database, offsets=unit != "article")
            loaded = time.perf_counter()
            tables = variable_tables(coding) if unit == "article" else []
            tables.extend(code_tables(coding, unit))
            built = time.perf_counter()
            rows = report_rows(tables, draws=args.draws)
            reported = time.perf_counter()
            total = reported - started
            print(
                f"{unit:10s} load {loaded - started:6.2f}  tables {built - loaded:6.2f}  "
                f"report {reported - built:6.2f}  total {total:6.2f}  "
                f"({len(rows)} rows, {len(tables[-1].data) or len(coding.article_ids)} units)"
            )
            if unit == "article":
                with tempfile.TemporaryDirectory() as out:
                    started = time.perf_counter()
                    report_as_json(rows)
                    write_report_xlsx(rows, Path(out) / "report.xlsx")
                    print(f"{'':10s} JSON + xlsx {time.perf_counter() - started:6.2f}")
                alphas = [r.krippendorff_alpha for r in rows if r.krippendorff_alpha is not None]
                print(f"{'':10s} alpha from {min(alphas):.3f} to {max(alphas):.3f}")
    finally:
        database.close()
        folder.cleanup()


if __name__ == "__main__":
    main()

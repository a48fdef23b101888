"""Dataset export benchmark: 10,000 articles x 50 codes to .sav (and .dta, .parquet).

Builds a temporary SQLite project with Core executemany inserts: N generated Chinese articles
(default 10,000, about 1,500 characters each), a codebook of 50 codes (5 groups of 9 leaves),
six coding-sheet variables (nominal, ordinal, interval, date, text, a 0-4 scale), one coder
who marked every article done and gave each variable a value, and S segments (default 10 per
article) with their covered text and a memo on one in ten. Then it times `export_stats` for
each format, best of three, wall-clock and CPU: the query step (Articles and Matrix passes and
the segments), the layout, and the two files written (OUT.sav and OUT_segments.sav).

Memory: each format's export runs again in a fresh child process, which reports its resident
set size before the export (interpreter, imports including polars and pyreadstat, the open
project: VmRSS) and its peak at the end (VmHWM, /proc/self/status); the difference is what the
export needed at its peak, C allocations (SQLite, polars, readstat) included. pyreadstat takes
a whole data frame, so the export holds the dataset once, in typed columns (rows become polars
frames every 20,000 rows; the code counts are one int32 array); article texts are not read
unless asked for. Memory grows with the dataset, not with the texts of the corpus.

Results (2 cores shared with other engineers' test runs, load average about 3; Python 3.11.7,
pyreadstat 1.3.8, polars 2.1.0, SQLite 3.40), best of 3:

    .sav      3.21 s wall, 2.11 s CPU; files 2.7 MB + 48.6 MB; peak 210 MB (106 MB for the export)
    .dta      3.38 s wall, 2.14 s CPU; files 5.5 MB + 50.8 MB; peak 215 MB (111 MB)
    .parquet  2.35 s wall, 1.65 s CPU; files 0.5 MB + 4.4 MB;  peak 252 MB (148 MB)
    20,000 articles, 200,000 segments, .sav: 6.2 s wall, 4.0 s CPU; 168 MB for the export

    python benchmarks/bench_stats_export.py --articles 10000 --per-article 10

Target: the .sav export of 10,000 articles x 50 codes in <= 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from child_memory import child_script
from sqlalchemy import insert, select

from codebook.spec import ChoiceSpec, CodebookSpec, CodeSpec, VariableSpec
from codebook.store import import_codebook
from exports.stats_files import export_stats
from models.database import ProjectDatabase, create_project
from models.entities import Article, Assignment, Code, Coder, Segment, Variable, VariableValue
from models.ids import new_guid

GROUPS = ["组织体系", "红色物业", "网格治理", "志愿服务", "议事协商"]
LEAVES = [
    "楼栋党小组",
    "党员中心户",
    "小区党支部",
    "物业党建",
    "居民议事会",
    "网格员",
    "积分超市",
    "长者食堂",
    "微信群",
]
PHRASES = [
    "党建引领社区治理",
    "居民群众满意度持续提升",
    "街道党工委书记",
    "楼栋党小组长带头",
    "红色物业服务进小区",
    "网格员每天入户走访",
    "议事协商解决难题",
    "志愿服务队伍不断壮大",
]
MEMOS = ["首次提到", "=需要复核", "与上文矛盾？", "典型案例"]

CHILD = child_script("""
import polars, pyreadstat  # imported by the export itself; here so "before" holds them
from exports.stats_files import export_stats
from models.database import open_project

database = open_project(sys.argv[1])
before = kilobytes("VmRSS")
began = time.perf_counter()
export_stats(database, Path(sys.argv[2]))
seconds = time.perf_counter() - began
print(json.dumps({"before_kb": before, "peak_kb": kilobytes("VmHWM"), "seconds": seconds}))
""")


def _codebook() -> CodebookSpec:
    return CodebookSpec(
        name="benchmark",
        codes=[
            CodeSpec(
                group,
                name_en=f"group {g}",
                children=[
                    CodeSpec(f"{group}·{leaf}", name_en=f"group {g} leaf {i}")
                    for i, leaf in enumerate(LEAVES)
                ],
            )
            for g, group in enumerate(GROUPS)
        ],
        variables=[
            VariableSpec(
                "outlet_type",
                "nominal",
                "媒体类型",
                values=[
                    ChoiceSpec(v, label)
                    for v, label in (("party", "党报"), ("gov", "政务"), ("other", "其他"))
                ],
            ),
            VariableSpec(
                "tone",
                "ordinal",
                "报道倾向",
                values=[
                    ChoiceSpec(v, label)
                    for v, label in (("neg", "负面"), ("neu", "中性"), ("pos", "正面"))
                ],
            ),
            VariableSpec("org_tiers", "interval", "组织层级数", minimum=0, maximum=8),
            VariableSpec("event_date", "date", "事件日期"),
            VariableSpec("notes", "text", "备注"),
            VariableSpec(
                "salience",
                "ordinal",
                "显著程度",
                values=[ChoiceSpec(str(i), f"{i} 级") for i in range(5)],
            ),
        ],
    )


def _text(rng: random.Random, chars: int) -> str:
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = "，".join(rng.choice(PHRASES) for _ in range(rng.randint(2, 4))) + "。"
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:chars]


def build(folder: Path, articles: int, per_article: int, seed: int) -> ProjectDatabase:
    """A temporary project: articles, 50 codes, six variables, one coder's values and segments."""
    rng = random.Random(seed)
    database = create_project(folder / "bench.articoder", name="dataset export benchmark")
    import_codebook(database, _codebook())
    now = dt.datetime(2024, 5, 6, 9, 26)
    texts = [_text(rng, rng.randint(1_000, 2_000)) for _ in range(articles)]
    with database.session() as session:
        variables = [
            (v.id, v.level, [c.value for c in v.choices]) for v in session.scalars(select(Variable))
        ]
    with database.engine.begin() as connection:
        article_ids = (
            connection.execute(
                insert(Article).returning(Article.id, sort_by_parameter_order=True),
                [
                    {
                        "guid": new_guid(),
                        "title": f"{rng.choice(GROUPS)}简讯第{i}期",
                        "outlet": rng.choice(["新桥日报", "东湖晚报", "人民网", None]),
                        "published": dt.date(2024, 1, 1) + dt.timedelta(days=i % 365),
                        "chars": len(text),
                        "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                        "raw_text": text,
                        "text": text,
                    }
                    for i, text in enumerate(texts)
                ],
            )
            .scalars()
            .all()
        )
        coder = connection.execute(
            insert(Coder).returning(Coder.id), [{"guid": new_guid(), "name": "王芳"}]
        ).scalar_one()
        connection.execute(
            insert(Assignment),
            [{"article_id": a, "coder_id": coder, "status": "done"} for a in article_ids],
        )
        values: list[dict[str, object]] = []
        for a in article_ids:
            for variable_id, level, choices in variables:
                if level in ("nominal", "ordinal"):
                    value = rng.choice(choices)
                elif level == "interval":
                    value = str(rng.randint(0, 8))
                elif level == "date":
                    value = (
                        dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700))
                    ).isoformat()
                else:
                    value = rng.choice(["", "需复核", "=见备注", "典型"])
                if value:
                    values.append(
                        {"guid": new_guid(), "article_id": a, "variable_id": variable_id,
                         "coder_id": coder, "value": value, "created_at": now, "updated_at": now}
                    )  # fmt: skip
        connection.execute(insert(VariableValue), values)
        leaves = [
            int(code_id)
            for code_id, parent in connection.execute(select(Code.id, Code.parent_id))
            if parent is not None
        ]
        batch: list[dict[str, object]] = []
        for index, article_id in enumerate(article_ids):
            text = texts[index]
            for _ in range(per_article):
                start = rng.randrange(len(text) - 80)
                end = start + rng.randint(4, 80)
                batch.append(
                    {
                        "guid": new_guid(),
                        "article_id": article_id,
                        "code_id": rng.choice(leaves),
                        "coder_id": coder,
                        "start": start,
                        "end": end,
                        "text": text[start:end],
                        "memo": rng.choice(MEMOS) if rng.random() < 0.1 else "",
                        "codebook_version": 2,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            if len(batch) >= 10_000:
                connection.execute(insert(Segment), batch)
                batch.clear()
        if batch:
            connection.execute(insert(Segment), batch)
    return database


def timed(database: ProjectDatabase, path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one export."""
    began, cpu = time.perf_counter(), time.process_time()
    export_stats(database, path)
    return time.perf_counter() - began, time.process_time() - cpu


def main() -> None:
    """Build, time each format, measure memory, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--per-article", type=int, default=10, help="segments per article")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default=".sav,.dta,.parquet")
    arguments = parser.parse_args()
    formats = [f.strip() for f in arguments.formats.split(",") if f.strip()]
    with tempfile.TemporaryDirectory(prefix="articoder-bench-stats-") as temporary:
        folder = Path(temporary)
        began = time.perf_counter()
        database = build(folder, arguments.articles, arguments.per_article, arguments.seed)
        segments = arguments.articles * arguments.per_article
        print(
            f"built {arguments.articles:,} articles x 50 codes, 6 variables, {segments:,} "
            f"segments in {time.perf_counter() - began:.1f} s"
        )
        for suffix in formats:
            target = folder / f"out{suffix}"
            runs = [timed(database, target) for _ in range(3)]
            shown = ", ".join(f"{wall:.2f}/{cpu:.2f}" for wall, cpu in runs)
            second = folder / f"out_segments{suffix}"
            print(
                f"{suffix:9} best {min(r[0] for r in runs):5.2f} s wall, "
                f"{min(r[1] for r in runs):5.2f} s CPU (runs wall/CPU: {shown}); files "
                f"{target.stat().st_size / 1e6:.1f} MB + {second.stat().st_size / 1e6:.1f} MB"
                + ("  (target <= 5 s)" if suffix == ".sav" else "")
            )
        database.close()
        for suffix in formats:
            child = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CHILD,
                    str(folder / "bench.articoder"),
                    str(folder / f"m{suffix}"),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            memory = json.loads(child.stdout.strip().splitlines()[-1])
            before, after = memory["before_kb"] / 1024, memory["peak_kb"] / 1024
            print(
                f"{suffix:9} peak memory (child): {after:6.1f} MB in all, {before:.1f} MB before "
                f"the export, {after - before:.1f} MB for the export; {memory['seconds']:.2f} s"
            )


if __name__ == "__main__":
    main()

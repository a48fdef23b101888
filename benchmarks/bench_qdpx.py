"""REFI-QDA benchmark (issue 7): export a project as .qdpx, import it, import it again.

Usage: .venv/bin/python benchmarks/bench_qdpx.py [--articles 10000] [--segments 50000]
       [--coders 2] [--seed 1]

Builds a temporary SQLite project with Core executemany inserts: ARTICLES generated articles
of about 1,000 characters (25 sentences in 5 paragraphs, with title, outlet, date, author and
URL), a codebook of 5 groups with 10 codes each and two variables (nominal and interval),
CODERS coders, SEGMENTS segments spread evenly over the coders (their covered text, a memo on
one in ten) and both variables' values for every article and coder. Then it times, one line
per measurement (wall clock and CPU time of this process):

- `exchange.write.export_qdpx`: the whole project as a .qdpx archive. Target: <= 10 s.
- `exchange.read.import_into` of that archive into a new project file (read, check,
  create the project, store in one transaction, index the articles for search). Checked: the
  new project holds as many articles, segments and values as the exported one. Target: <= 30 s.
  Reading and checking the archive alone (`read_project_file`) is timed too.
- `exchange.read.import_project_file` of the same archive into the imported project, open:
  everything matches by GUID, nothing is added (checked: the report and the row counts). The
  backup it makes first is included.
- Peak memory of an import: `import_into` again, into another new file, in a fresh child
  process that reports its resident set size before the import (VmRSS) and its peak (VmHWM)
  from /proc/self/status (not ru_maxrss, which Linux carries over from the parent across fork
  and exec; see bench_export.py). Target: the child's whole peak under 1 GB. The same for
  `read_project_file` alone (issue 17: project.qde is read as a stream, so this follows what
  is kept, not the size of the XML).

The targets are proposed here (issue 7 names none): an export that a lead can wait for without
a progress bar, and an import of a 10,000-article project in the time the project's own import
of 10,000 text files takes (bench_import.py: about 30 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from child_memory import child_script
from sqlalchemy import insert, update

from corpus.text import content_hash
from exchange.read import count_rows, import_into, import_project_file, read_project_file
from exchange.write import export_qdpx
from models.database import ProjectDatabase, create_project, open_project
from models.entities import (
    Article,
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
STANCES = ["正面", "中性", "负面", "混合"]
MEMOS = ["首次提到", "典型案例", "与上文矛盾？", "待复核"]
GROUPS = 5
LEAVES_PER_GROUP = 10

CHILD = child_script("""
from exchange.read import import_into, read_project_file

before = kilobytes("VmRSS")
began = time.perf_counter()
if sys.argv[3] == "read":
    parsed = read_project_file(Path(sys.argv[2]))
    segments = sum(len(s.selections) for s in parsed.sources)
else:
    segments = import_into(Path(sys.argv[1]), Path(sys.argv[2])).segments_added
seconds = time.perf_counter() - began
print(json.dumps({
    "before_kb": before,
    "peak_kb": kilobytes("VmHWM"),
    "seconds": seconds,
    "segments": segments,
}))
""")


def article_text(rng: random.Random) -> str:
    """About 1,000 characters: 5 paragraphs of 5 sentences."""
    paragraphs = []
    for _ in range(5):
        sentences = [
            "".join(rng.choices(WORDS, k=rng.randint(25, 55))) + rng.choice(ENDS) for _ in range(5)
        ]
        paragraphs.append("　　" + "".join(sentences))
    return "\n".join(paragraphs)


def build(database: ProjectDatabase, articles: int, segments: int, coders: int, seed: int) -> None:
    """Fill an empty project with articles, a codebook, coders, segments and values."""
    rng = random.Random(seed)
    now = utcnow()
    texts = [article_text(rng) for _ in range(articles)]
    with database.engine.begin() as connection:
        connection.execute(update(ProjectInfo).values(settings={"codable_groups": False}))
        connection.execute(
            insert(Coder),
            [
                {"id": c + 1, "guid": new_guid(), "name": f"编码员{c + 1}", "is_lead": c == 0}
                for c in range(coders)
            ],
        )
        connection.execute(
            insert(Code),
            [
                {
                    "id": g + 1,
                    "guid": new_guid(),
                    "name": f"组{g + 1}",
                    "definition": f"第{g + 1}组的定义。",
                    "position": g,
                }
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
                    "definition": f"代码{c + 1}：文章提到相关做法。",
                    "color": f"#{rng.randrange(0x1000000):06x}",
                    "position": c,
                }
                for c in range(GROUPS * LEAVES_PER_GROUP)
            ],
        )
        leaves = [GROUPS + c + 1 for c in range(GROUPS * LEAVES_PER_GROUP)]
        connection.execute(
            insert(Variable),
            [
                {"id": 1, "guid": new_guid(), "name": "立场", "level": "nominal", "position": 0},
                {
                    "id": 2,
                    "guid": new_guid(),
                    "name": "篇幅",
                    "level": "interval",
                    "minimum": 0,
                    "maximum": 100,
                    "position": 1,
                },
            ],
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
                    "outlet": rng.choice(["新桥日报", "东湖晚报", "人民网"]),
                    "published": dt.date(2024, 1, 1) + dt.timedelta(days=a % 365),
                    "author": rng.choice(["记者 王建华", "通讯员 李桂芳", None]),
                    "url": f"https://news.example.cn/{a + 1}.html",
                    "content_hash": content_hash(text),
                    "source": f"articles/{a + 1}.txt",
                    "raw_text": text,
                    "text": text,
                    "chars": len(text),
                    "imported_at": now,
                }
                for a, text in enumerate(texts)
            ],
        )
        rows: list[dict[str, Any]] = []
        for s in range(segments):
            article = s * articles // segments  # spread evenly: every article has some
            text = texts[article]
            start = rng.randrange(0, len(text) - 60)
            end = start + rng.randint(4, 60)
            rows.append(
                {
                    "guid": new_guid(),
                    "article_id": article + 1,
                    "code_id": rng.choice(leaves),
                    "coder_id": s % coders + 1,
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "memo": rng.choice(MEMOS) if rng.random() < 0.1 else "",
                    "codebook_version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        connection.execute(insert(Segment), rows)
        connection.execute(
            insert(VariableValue),
            [
                {
                    "guid": new_guid(),
                    "article_id": a + 1,
                    "variable_id": variable,
                    "coder_id": c + 1,
                    "value": rng.choice(STANCES) if variable == 1 else str(rng.randint(1, 100)),
                    "created_at": now,
                    "updated_at": now,
                }
                for a in range(articles)
                for c in range(coders)
                for variable in (1, 2)
            ],
        )


def timed(call: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds, result) of one call."""
    began, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - began, time.process_time() - cpu, result


def line(what: str, wall: float, cpu: float, target: str, detail: str = "") -> None:
    """One measurement: what, wall and CPU time, the target, and what was done."""
    wanted = f"(target {target})" if target else ""
    print(
        f"{what:46s} {wall:7.2f} s wall {cpu:7.2f} s CPU  {wanted:16s}  {detail}".rstrip(),
        flush=True,
    )


def main() -> None:
    """Build, export, import, import again, measure the import's memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--coders", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="articoder-bench-qdpx-") as temporary:
        folder = Path(temporary)
        database = create_project(folder / "source.articoder", name="qdpx benchmark")
        try:
            began = time.perf_counter()
            build(database, args.articles, args.segments, args.coders, args.seed)
            source_counts = count_rows(database)
            print(
                f"built {args.articles:,} articles, {args.segments:,} segments, "
                f"{source_counts['values']:,} values by {args.coders} coders "
                f"in {time.perf_counter() - began:.1f} s"
            )
            archive = folder / "project.qdpx"
            wall, cpu, written = timed(lambda: export_qdpx(database, archive))
            with zipfile.ZipFile(archive) as opened:
                xml_bytes = opened.getinfo("project.qde").file_size
            rows = written.rows
            line(
                "export_qdpx",
                wall,
                cpu,
                "<= 10 s",
                f"{rows['sources']:,} sources, {rows['selections']:,} selections, "
                f"{rows['cases']:,} cases, {rows['notes']:,} notes; "
                f"{archive.stat().st_size / 1e6:.1f} MB archive, "
                f"project.qde {xml_bytes / 1e6:.1f} MB",
            )
        finally:
            database.close()

        wall, cpu, parsed = timed(lambda: read_project_file(archive))
        line(
            "read_project_file (read and check only)",
            wall,
            cpu,
            "",
            f"{len(parsed.sources):,} sources, {len(parsed.mismatches)} mismatches",
        )
        del parsed

        imported = folder / "imported.articoder"
        wall, cpu, report = timed(lambda: import_into(imported, archive))
        database = open_project(imported)
        try:
            first_counts = count_rows(database)
            for name in ("articles", "segments", "values", "codes", "coders", "variables"):
                assert first_counts[name] == source_counts[name], (name, first_counts)
            assert not report.mismatches and not report.conflicts
            line(
                "import_into a new project",
                wall,
                cpu,
                "<= 30 s",
                f"{report.articles_added:,} articles, {report.segments_added:,} segments, "
                f"{report.values_added:,} values added; offsets {report.convention}",
            )
            wall, cpu, again = timed(lambda: import_project_file(database, archive))
            assert not again.added_anything, again.as_json()
            assert count_rows(database) == first_counts
            line(
                "import_project_file again (adds nothing)",
                wall,
                cpu,
                "",
                f"{again.articles_matched:,} articles matched, "
                f"{again.segments_unchanged:,} segments unchanged",
            )
        finally:
            database.close()

        for mode, what in (("read", "reading and checking"), ("import", "an import")):
            child = subprocess.run(
                [sys.executable, "-c", CHILD, str(folder / "memory.articoder"), str(archive), mode],
                check=True,
                capture_output=True,
                text=True,
            )
            memory = json.loads(child.stdout.strip().splitlines()[-1])
            before, peak = memory["before_kb"] / 1024, memory["peak_kb"] / 1024
            print(
                f"peak memory of {what} (child): {peak:.1f} MB in all, {before:.1f} MB before, "
                f"{peak - before:.1f} MB for it (target: under 1 GB in all); "
                f"{memory['seconds']:.2f} s, {memory['segments']:,} segments",
                flush=True,
            )


if __name__ == "__main__":
    main()

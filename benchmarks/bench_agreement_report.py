"""Time the full agreement report on a generated project: load, tables, every coefficient.

Usage: .venv/bin/python benchmarks/bench_agreement_report.py [--articles 10000] [--codes 50]
       [--coders 3] [--segments 20] [--text synthetic|corpus] [--chars 1500]
       [--units article,character,sentence,continuum] [--draws 1000] [--repeat 1] [--cli]
       [--bootstrap clustered|kalpha] [--project PATH]

Generates (once, in a temporary SQLite project unless --project names a file to keep or
reuse) ARTICLES articles, coded by every one of CODERS coders with SEGMENTS segments each per
article (coders agree on 80 % of the segments, with jittered boundaries), CODES leaf codes
under 5 groups, and 4 variables (nominal, ordinal, interval, date). The text is either
``synthetic`` (about 1,000 characters in 25 sentences and 5 paragraphs) or ``corpus``: the
scraped-news articles of corpus_generator.py, cut to CHARS characters. Rows go in with Core
executemany. Then, for each unit, it times the whole report (agreement_report, bootstrap with
DRAWS draws; ``--bootstrap kalpha`` draws alpha's interval as KALPHA does) and, on their own,
loading the coding and building the reliability tables, and prints one line per unit; ``--cli``
also times `articoder agreement --unit UNIT --json FILE` run inside this process (the command as
a user runs it, less the interpreter's start).

Targets: the full report of 10,000 articles x 50 codes x 3 coders in at most 5 s (article,
character, sentence and paragraph units; issue 16), and the issue-22 project at the character
unit in at most 0.5 s:

    bench_agreement_report.py --units article,character
    bench_agreement_report.py --units sentence,paragraph
    bench_agreement_report.py --articles 100 --coders 2 --segments 50 --codes 20 \
        --text corpus --chars 1500 --units character --repeat 5 --cli
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from corpus_generator import generate_articles
from sqlalchemy import func, insert, select

from agreement.reliability import (
    UNITS,
    ReliabilityTable,
    Unit,
    code_tables,
    load_coding,
    variable_tables,
)
from agreement.report import (
    BOOTSTRAP_METHODS,
    ReportRow,
    agreement_report,
    report_as_json,
    write_report_xlsx,
)
from agreement.statistics import BootstrapMethod
from articoder.cli import main as articoder_main
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


def corpus_texts(articles: int, chars: int, seed: int) -> list[str]:
    """Scraped-news articles from corpus_generator.py, cut to ``chars`` characters each."""
    return [
        article.text.lstrip("\ufeff").replace("\r\n", "\n")[:chars]
        for article in generate_articles(articles, seed)
    ]


def generate(
    database: ProjectDatabase,
    articles: int,
    codes: int,
    coders: int,
    seed: int,
    *,
    segments_per_article: int = 20,
    texts: list[str] | None = None,
) -> None:
    """Fill an empty project with seeded articles, codes, coders, segments and values.

    ``texts`` are the articles' texts (default: synthetic ones); each coder marks
    ``segments_per_article`` segments in every article.
    """
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
        if texts is None:
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
            for _ in range(segments_per_article):
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


def project_size(database: ProjectDatabase) -> str:
    """What a reused project holds (the generation options do not apply to it)."""
    with database.session() as session:
        counts = {
            name: session.scalar(select(func.count()).select_from(entity))
            for name, entity in (
                ("articles", Article),
                ("codes and groups", Code),
                ("coders", Coder),
                ("segments", Segment),
            )
        }
        characters = session.scalar(select(func.sum(Article.chars)))
    return ", ".join(f"{n} {name}" for name, n in counts.items()) + f", {characters} characters"


def time_unit(
    database: ProjectDatabase, unit: Unit, draws: int, bootstrap: BootstrapMethod = "clustered"
) -> tuple[float, list[ReportRow]]:
    """Print one line of timings for one unit; the whole report's seconds and its rows.

    The whole report is agreement_report, as the window and the command run it. Loading the
    coding and building the tables (one at a time, each dropped: at the character unit all of
    them at once would not fit) are timed again on their own; the report's coefficients and
    bootstraps are what remains. The load shown reads the variables' values too, which the
    report leaves out at the text units, so there it is a little more than the report's own.
    """
    started = time.perf_counter()
    coding = load_coding(database, offsets=unit != "article")
    loaded = time.perf_counter()
    tables: Iterable[ReliabilityTable] = code_tables(coding, unit)
    if unit == "article":
        tables = [*variable_tables(coding), *tables]
    for _ in tables:
        pass
    built = time.perf_counter()
    rows = agreement_report(database, unit, draws=draws, bootstrap_method=bootstrap)
    total = time.perf_counter() - built
    load, build = loaded - started, built - loaded
    # Loading and building were timed apart from the report: what remains is its own work.
    rest = max(0.0, total - load - build)
    print(
        f"{unit:10s} load {load:6.2f}  tables {build:6.2f}  report {rest:6.2f}  "
        f"total {total:6.2f}  ({len(rows)} rows, {rows[-1].n_units} units in the last)",
        flush=True,
    )
    return total, rows


def time_command(
    path: Path, unit: Unit, draws: int, bootstrap: BootstrapMethod = "clustered"
) -> float:
    """Seconds for `articoder agreement PROJECT --unit UNIT --json FILE` inside this process."""
    with tempfile.TemporaryDirectory() as out:
        target = Path(out) / "report.json"
        arguments = [str(path), "--unit", unit, "--draws", str(draws), "--json", str(target)]
        arguments += ["--bootstrap", bootstrap]
        started = time.perf_counter()
        code = articoder_main(["agreement", *arguments])
        elapsed = time.perf_counter() - started
        if code != 0:
            raise SystemExit(f"articoder agreement failed with exit code {code}")
    print(f"{'':10s} articoder agreement --unit {unit} --json: {elapsed:6.2f}", flush=True)
    return elapsed


def main() -> None:
    """Generate (or reuse) the project, then time the report for each unit."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--codes", type=int, default=50)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--segments", type=int, default=20, help="per article and coder")
    parser.add_argument("--text", choices=("synthetic", "corpus"), default="synthetic")
    parser.add_argument("--chars", type=int, default=1500, help="corpus text cut to this length")
    parser.add_argument("--units", default="article,character,sentence,continuum")
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1, help="time each unit this many times")
    parser.add_argument("--cli", action="store_true", help="also time the agreement command")
    parser.add_argument("--project", type=Path, help="keep (or reuse) the generated project here")
    parser.add_argument(
        "--bootstrap", choices=BOOTSTRAP_METHODS, default="clustered", help="alpha's interval"
    )
    args = parser.parse_args()
    units: list[Unit] = [u for u in UNITS if u in args.units.split(",")]

    folder = tempfile.TemporaryDirectory(prefix="articoder-bench-")
    path = args.project or Path(folder.name) / "bench.articoder"
    if path.exists():
        database = open_project(path)
        print(f"reusing {path}: {project_size(database)}")
    else:
        database = create_project(path)
        started = time.perf_counter()
        texts = corpus_texts(args.articles, args.chars, 1) if args.text == "corpus" else None
        generate(
            database,
            args.articles,
            args.codes,
            args.coders,
            seed=20240601,
            segments_per_article=args.segments,
            texts=texts,
        )
        print(f"generated {path} in {time.perf_counter() - started:.1f} s")
        print(
            f"{args.articles} articles ({args.text} text) x {args.codes} codes x {args.coders} "
            f"coders x {args.segments} segments per article and coder"
        )
    print(f"bootstrap {args.draws} draws, {args.bootstrap} (s)")
    try:
        for unit in units:
            totals = []
            for _ in range(args.repeat):
                total, rows = time_unit(database, unit, args.draws, args.bootstrap)
                totals.append(total)
            if args.repeat > 1:
                print(f"{'':10s} median of {args.repeat}: {statistics.median(totals):6.2f}")
            if args.cli:
                commands = [
                    time_command(path, unit, args.draws, args.bootstrap) for _ in range(args.repeat)
                ]
                if args.repeat > 1:
                    print(f"{'':10s} command median: {statistics.median(commands):6.2f}")
            if unit == "article":
                with tempfile.TemporaryDirectory() as out:
                    started = time.perf_counter()
                    report_as_json(rows)
                    write_report_xlsx(rows, Path(out) / "report.xlsx")
                    print(f"{'':10s} JSON + xlsx {time.perf_counter() - started:6.2f}")
            alphas = [r.krippendorff_alpha for r in rows if r.krippendorff_alpha is not None]
            if alphas:
                print(f"{'':10s} alpha from {min(alphas):.3f} to {max(alphas):.3f}")
    finally:
        database.close()
        folder.cleanup()


if __name__ == "__main__":
    main()

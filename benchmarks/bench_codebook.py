"""Codebook benchmark: importing a large code tree, and building the codebook panel's model.

Generates (seeded) a codebook of 2,000 codes, 6 levels deep, with definitions, rules,
examples, keywords, colours and shortcut keys; times `import_codebook` into a new SQLite
project (target: at most 1 s), then, with segments coded on the codes, times building the
panel's model: reading the tree with its segment counts (`load_code_tree`) and wrapping it in
`CodebookModel` (target: at most 200 ms). Also times one walk over every index of the model,
which is what a tree view does when everything is expanded.

    python benchmarks/bench_codebook.py --codes 2000 --depth 6 --segments 50000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert, select

from codebook.spec import CodebookSpec, CodeSpec, walk
from codebook.store import import_codebook
from codebook.tree import load_code_tree
from models.database import ProjectDatabase, create_project
from models.entities import Article, Code, Coder, Segment

CHARACTERS = (
    "党建社区治理网格员楼栋小组中心户物业业委会居民议事志愿服务共建联建街道办事处"
    "村委会基层组织阵地矛盾纠纷调解养老托育就业帮扶环境整治垃圾分类加装电梯停车"
)
KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _text(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(CHARACTERS) for _ in range(length))


def _code(rng: random.Random, taken: set[str], index: int) -> CodeSpec:
    name = _text(rng, rng.randint(2, 6))
    while name in taken:
        name = _text(rng, rng.randint(2, 6))
    taken.add(name)
    key = None
    if index < len(KEYS) * 2:  # the first 72 codes get keys: a, b, ..., then Fa, Fb, ...
        key = KEYS[index % len(KEYS)] if index < len(KEYS) else f"F{KEYS[index % len(KEYS)]}"
    return CodeSpec(
        name=name,
        name_en=f"Code {index}",
        color=f"#{rng.randrange(16**6):06x}",
        key=key,
        definition=_text(rng, rng.randint(30, 90)),
        include=_text(rng, rng.randint(20, 60)),
        exclude=_text(rng, rng.randint(20, 60)),
        examples=[_text(rng, rng.randint(15, 40)) for _ in range(rng.randint(0, 2))],
        keywords=[_text(rng, rng.randint(2, 5)) for _ in range(rng.randint(1, 4))],
    )


def generate_codebook(codes: int, depth: int, seed: int) -> CodebookSpec:
    """A codebook of `codes` codes whose deepest path has exactly `depth` levels."""
    rng = random.Random(seed)
    roots: list[CodeSpec] = []
    levels: dict[int, list[CodeSpec]] = {n: [] for n in range(1, depth + 1)}
    names: dict[int, set[str]] = {}

    def add(parent: CodeSpec | None, level: int) -> CodeSpec:
        siblings = roots if parent is None else parent.children
        code = _code(rng, names.setdefault(id(siblings), set()), sum(map(len, levels.values())))
        siblings.append(code)
        levels[level].append(code)
        return code

    # One chain down to the full depth, then codes placed under random codes above the bottom.
    parent: CodeSpec | None = None
    for level in range(1, depth + 1):
        parent = add(parent, level)
    while sum(map(len, levels.values())) < codes:
        level = rng.choices(range(1, depth + 1), weights=[1, 3, 5, 6, 6, 6][:depth])[0]
        if level == 1 or not levels[level - 1]:
            add(None, 1)
        else:
            add(rng.choice(levels[level - 1]), level)
    return CodebookSpec(name="benchmark", codes=roots)


def _add_segments(database: ProjectDatabase, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with database.session() as session:
        article = Article(
            title="a", content_hash="0" * 64, raw_text="社区" * 500, text="社区" * 500
        )
        coder = Coder(name="bench")
        session.add_all([article, coder])
        session.flush()
        code_ids = list(session.scalars(select(Code.id)))
        rows = [
            {
                "guid": f"00000000-0000-4000-8000-{i:012d}",
                "article_id": article.id,
                "code_id": rng.choice(code_ids),
                "coder_id": coder.id,
                "start": i % 900,
                "end": i % 900 + 2,
                "text": "社区",
            }
            for i in range(count)
        ]
        session.execute(insert(Segment), rows)


def main() -> None:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codes", type=int, default=2000)
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()

    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QGuiApplication

    from gui.codebook_model import CodebookModel

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    spec = generate_codebook(arguments.codes, arguments.depth, arguments.seed)
    entries = list(walk(spec.codes))
    print(
        f"codebook: {len(entries)} codes, {max(len(p) for p, _ in entries)} levels deep, "
        f"{len(spec.codes)} at the top"
    )
    imports: list[float] = []
    builds: list[float] = []
    walks: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(arguments.runs):
            database = create_project(Path(tmp) / f"bench-{run}.articoder")
            began = time.perf_counter()
            import_codebook(database, spec)
            imports.append(time.perf_counter() - began)
            if arguments.segments:
                _add_segments(database, arguments.segments, arguments.seed)
            began = time.perf_counter()
            model = CodebookModel(load_code_tree(database))
            builds.append(time.perf_counter() - began)
            began = time.perf_counter()
            seen = 0
            stack = [QModelIndex()]
            while stack:
                parent = stack.pop()
                for row in range(model.rowCount(parent)):
                    for column in range(model.columnCount(parent)):
                        index = model.index(row, column, parent)
                        index.data()
                        index.data(1)  # decoration
                    stack.append(model.index(row, 0, parent))
                    seen += 1
            walks.append(time.perf_counter() - began)
            assert seen == len(entries)
            database.close()
    del app

    def show(name: str, values: list[float], target: float | None) -> None:
        best, median = min(values), statistics.median(values)
        verdict = "" if target is None else (" ok" if median <= target else " OVER TARGET")
        limit = "" if target is None else f" (target <= {target * 1000:.0f} ms)"
        runs = ", ".join(f"{v * 1000:.0f}" for v in values)
        print(f"{name}: median {median * 1000:.0f} ms, best {best * 1000:.0f} ms{limit}{verdict}")
        print(f"    runs (ms): {runs}")

    show("import_codebook into a new SQLite project", imports, 1.0)
    show(f"panel model build (tree + counts of {arguments.segments:,} segments)", builds, 0.2)
    show("walking every index of the model (name, key, count, colour)", walks, None)


if __name__ == "__main__":
    main()

"""The demo project coded by two coders and the consensus, for the dataset and document tests.

王芳 codes articles 1-3 (a memo with a control character, one starting with "=", a value for
every variable), 李明 articles 1-2 (a different tone, a blank date), the consensus article 1;
王芳 marks article 4 done without coding it (a row of zeros). `SEGMENTS` and `VALUES` say
what was stored, so the tests compare the files with what they asked for, not with the query
step that wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from articoder.demo_project import build_demo_project
from coding.coders import ensure_coder
from coding.workspace import Workspace
from models.database import ProjectDatabase

# (coder, article, leaf code name, word in the text, memo)
SEGMENTS: list[tuple[str, int, str, str, str]] = [
    ("王芳", 1, "楼栋党小组", "党小组", "=核对"),
    ("王芳", 1, "党员中心户", "中心户", "亮身份\x07了"),
    ("王芳", 2, "网格员", "网格员", ""),
    ("王芳", 2, "网格员", "网格", ""),
    ("王芳", 3, "物业党建", "紅色物業", "繁体原文"),
    ("李明", 1, "楼栋党小组", "党小组", ""),
    ("李明", 2, "网格划分", "网格", "𠮷 outside the BMP"),
    ("consensus", 1, "楼栋党小组", "党小组", ""),
]
# (coder, article, variable name, value)
VALUES: list[tuple[str, int, str, str]] = [
    ("王芳", 1, "outlet_type", "party_paper"),
    ("王芳", 1, "governance_level", "building"),
    ("王芳", 1, "tone", "positive"),
    ("王芳", 1, "org_tiers", "5"),
    ("王芳", 1, "problem_mentioned", "no"),
    ("王芳", 1, "event_date", "2024-03-08"),
    ("王芳", 1, "notes", "@组长 请看：五级架构"),
    ("王芳", 2, "tone", "neutral"),
    ("王芳", 2, "org_tiers", "2.5"),
    ("王芳", 3, "outlet_type", "government"),
    ("李明", 1, "tone", "neutral"),
    ("李明", 1, "org_tiers", "4"),
    ("李明", 2, "problem_mentioned", "yes"),
    ("consensus", 1, "tone", "positive"),
]
DONE_ONLY = ("王芳", 4)


@dataclass
class Demo:
    """The coded demo project and its coders' workspaces."""

    database: ProjectDatabase
    coders: dict[str, Workspace] = field(default_factory=dict)


def build_coded_demo(folder: Path) -> Demo:
    """Build the demo project in `folder` and code it as the module docstring says."""
    folder.mkdir(parents=True, exist_ok=True)
    database = build_demo_project(folder / "demo.articoder")
    demo = Demo(database)
    for name in ("王芳", "李明", "consensus"):
        demo.coders[name] = Workspace(
            database, ensure_coder(database, name, is_lead=name == "王芳")
        )
    first = demo.coders["王芳"]
    codes = {c.path[-1]: c.id for c in first.codes()}
    variables = {v.name: v.id for v in first.variables()}
    for coder, article, code, word, memo in SEGMENTS:
        text = first.article(article).text
        # The n-th segment of a word in an article takes its n-th occurrence.
        before = sum(
            1 for s in SEGMENTS[: SEGMENTS.index((coder, article, code, word, memo))]
            if s[0] == coder and s[1] == article and s[3] == word
        )  # fmt: skip
        start = -1
        for _ in range(before + 1):
            start = text.index(word, start + 1)
        demo.coders[coder].code_span(article, start, start + len(word), codes[code], memo=memo)
    for coder, article, variable, value in VALUES:
        demo.coders[coder].set_value(article, variables[variable], value)
    first.set_done(DONE_ONLY[1])
    return demo

"""A coded project for the export tests: Chinese text, a 40,000-character article, three coders.

Codes are nested (组织体系 > 楼栋党小组), one memo starts with "=", one segment is longer than
an Excel cell, one memo holds a control character, one article has a character outside the
Basic Multilingual Plane; two coders and the consensus coder coded, with variable values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from models.database import ProjectDatabase
from team.assignments import assign

CODEBOOK = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"
SENTENCE = "党建引领社区治理，居民生活更美好。"
LONG_CHARS = 40_000
ARTICLES = {
    "a.txt": "新桥社区简讯\n新桥社区成立楼栋党小组，党员中心户亮身份。",
    "b.txt": "東湖社區紀實\n東湖社區推行紅色物業，居民滿意。",
    "c.txt": "𠮷祥社区简讯\n居民😀点赞：𠮷祥社区的红色物业办得好。",
    "long.txt": "长文社区纪实\n"
    + (SENTENCE * (LONG_CHARS // len(SENTENCE) + 1))[: LONG_CHARS - len("长文社区纪实\n")],
}
FORMULA_MEMO = '=HYPERLINK("http://example.com","点我")'


@dataclass
class Coded:
    """The project and the ids the tests look at."""

    database: ProjectDatabase
    articles: dict[str, int]
    codes: dict[str, int]
    coders: dict[str, Workspace]


def code_id(workspace: Workspace, name: str) -> int:
    return next(c.id for c in workspace.codes() if c.path[-1] == name)


def build(database: ProjectDatabase, folder: Path) -> Coded:
    import_codebook(database, read_codebook_text(CODEBOOK))
    folder.mkdir(exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = import_paths(database, [folder / name for name in ARTICLES])
    articles = {Path(a.source).stem: int(a.id) for a in report.imported}
    coders = {name: Workspace(database, ensure_coder(database, name)) for name in ("甲", "乙")}
    coders["consensus"] = Workspace(database, ensure_coder(database, "consensus", is_lead=True))
    first = coders["甲"]
    codes = {name: code_id(first, name) for name in ("楼栋党小组", "党员中心户", "红色物业")}
    codes["组织体系"] = code_id(first, "组织体系")

    def span(article: str, words: str) -> tuple[int, int]:
        text = first.article(articles[article]).text
        start = text.index(words)
        return start, start + len(words)

    a, b, c, long = (articles[k] for k in ("a", "b", "c", "long"))
    first.code_span(a, *span("a", "楼栋党小组"), codes["楼栋党小组"], memo=FORMULA_MEMO)
    first.code_span(a, *span("a", "党员中心户"), codes["党员中心户"], memo="亮身份\x07了")
    first.code_span(c, *span("c", "𠮷祥社区的红色物业"), codes["红色物业"], memo="-看这里")
    first.code_span(long, 7, 7 + 35_000, codes["红色物业"], memo="很长的一段")
    first.set_value(a, _variable(first, "tone"), "positive")
    first.set_value(a, _variable(first, "org_tiers"), "3")
    first.set_value(a, _variable(first, "notes"), "@所有人 注意")
    # The lead assigned a and b to 甲 (done is a status: marking alone assigns nothing).
    assign(first.database, {"甲": [a, b]}, add_coders=False)
    first.set_done(a)
    first.set_done(b)  # done without any coding: a row of zeros
    second = coders["乙"]
    second.code_span(a, *span("a", "楼栋党小组"), codes["楼栋党小组"])
    second.code_span(b, *span("b", "紅色物業"), codes["红色物业"], memo="繁体")
    second.set_value(a, _variable(second, "tone"), "neutral")
    second.set_value(b, _variable(second, "org_tiers"), "2.5")
    consensus = coders["consensus"]
    consensus.code_span(a, *span("a", "楼栋党小组"), codes["楼栋党小组"])
    consensus.set_value(a, _variable(consensus, "tone"), "positive")
    return Coded(database, articles, codes, coders)


def _variable(workspace: Workspace, name: str) -> int:
    return next(v.id for v in workspace.variables() if v.name == name)


@pytest.fixture
def coded(sqlite_database: ProjectDatabase, tmp_path: Path) -> Iterator[Coded]:
    yield build(sqlite_database, tmp_path / "articles")


@pytest.fixture
def coded_any(database: ProjectDatabase, tmp_path: Path) -> Iterator[Coded]:
    """The same project on SQLite and on PostgreSQL."""
    yield build(database, tmp_path / "articles")

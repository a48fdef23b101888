"""A small coded project: the small codebook and three articles, one with astral characters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from models.database import ProjectDatabase

CODEBOOK = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"
ARTICLES = {
    "a.txt": "新桥社区简讯\n新桥社区成立楼栋党小组，党员中心户亮身份。",
    "b.txt": "東湖社區紀實\n東湖社區推行紅色物業，居民滿意。",
    "c.txt": "𠮷祥社区简讯\n居民😀点赞：𠮷祥社区的红色物业办得好。",
}


@pytest.fixture
def workspace(database: ProjectDatabase, tmp_path: Path) -> Iterator[Workspace]:
    import_codebook(database, read_codebook_text(CODEBOOK))
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    import_paths(database, [tmp_path / name for name in ARTICLES])
    yield Workspace(database, ensure_coder(database, "甲"))


def code_id(workspace: Workspace, name: str) -> int:
    return next(c.id for c in workspace.codes() if c.path[-1] == name)


def article_id(workspace: Workspace, prefix: str) -> int:
    return next(a.id for a in workspace.article_rows() if a.title.startswith(prefix))

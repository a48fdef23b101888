"""A coded project for assisted coding: articles written for these tests, coded by two coders.

Sixty articles are built from sentences on three themes. The code 红色物业 is coded on every
sentence about property management (a code the text predicts); 随机标记 is put on a seeded
random sentence of a random half of the articles (a code the text cannot predict). Coders 甲 and
乙 code the first 48 articles (甲 the even ones, 乙 the odd ones, both of them articles 0-5);
articles 48-59 are left uncoded, and 54-55 are put in both coders' queues: the reliability
sample. Everything goes through the importer and the coding operations the window uses.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from codebook.spec import CodebookSpec, CodeSpec
from codebook.store import import_codebook
from coding.coders import ensure_coder
from coding.segments import AddSegments
from coding.status import SetStatus
from corpus.importer import import_paths
from models.database import ProjectDatabase, create_project
from models.entities import Article, Code
from models.journal import perform
from team.assignments import assign_articles

PROPERTY = [
    "小区引入红色物业后，物业公司每月向社区党委报告服务情况。",
    "物业服务中心设立党员先锋岗，维修工单当天处理。",
    "业委会和物业企业联合召开议事会，商量停车位收费标准。",
    "红色物业项目负责人说，保洁和绿化外包合同已经重新招标。",
    "物业费收缴率从六成提高到九成，居民对物业满意度明显上升。",
    "老旧小区没有物业，街道组织国企托管，提供基础物业服务。",
]
VOLUNTEER = [
    "志愿服务队周末上门为独居老人理发、量血压。",
    "大学生志愿者在社区图书室辅导孩子写作业。",
    "积分超市开张，居民参加志愿活动可以兑换日用品。",
    "退休党员组成巡逻队，每天傍晚在街巷巡查安全隐患。",
]
GENERAL = [
    "记者走访发现，这个社区共有居民三千多户。",
    "社区位于城区东部，周边有两所小学和一个菜市场。",
    "今年以来，社区先后获得多项市级荣誉。",
    "据介绍，下一步将继续总结经验并在全区推广。",
    "天气转凉，社区提醒居民注意用电用火安全。",
    "居民张女士在这里住了二十多年，见证了街道的变化。",
]
N_ARTICLES = 60
CODED = 48
SAMPLE = (54, 55)  # uncoded, in both coders' queues


@dataclass
class Project:
    """The built project and what the tests need to know about it."""

    database: ProjectDatabase
    path: Path
    article_ids: list[int]  # in the order written
    property_code: int
    random_code: int
    coders: dict[str, int]

    @property
    def sample(self) -> list[int]:
        """The reliability sample's articles."""
        return [self.article_ids[i] for i in SAMPLE]

    @property
    def uncoded(self) -> list[int]:
        """Articles nobody coded."""
        return self.article_ids[CODED:]


def _article(number: int, rng: random.Random) -> list[tuple[str, str | None]]:
    """(sentence, theme) pairs of one article: property in two of three, volunteers in half."""
    sentences: list[tuple[str, str | None]] = [
        (s, None) for s in rng.sample(GENERAL, rng.randint(2, 4))
    ]
    if number % 3 != 2:
        sentences += [(s, "property") for s in rng.sample(PROPERTY, rng.randint(1, 3))]
    if number % 2 == 0:
        sentences += [(s, "volunteer") for s in rng.sample(VOLUNTEER, rng.randint(1, 2))]
    rng.shuffle(sentences)
    return sentences


def build_project(folder: Path) -> Project:
    """Write, import and code the articles (see the module doc)."""
    rng = random.Random(19)
    database = create_project(folder / "suggest.articoder")
    import_codebook(
        database,
        CodebookSpec(
            name="测试编码本",
            codes=[CodeSpec(name="红色物业"), CodeSpec(name="随机标记"), CodeSpec(name="志愿服务")],
        ),
    )
    texts: list[list[tuple[str, str | None]]] = []
    files: list[Path] = []
    for number in range(N_ARTICLES):
        sentences = _article(number, rng)
        texts.append(sentences)
        path = folder / f"article_{number:02d}.txt"
        body = "".join(s for s, _ in sentences)
        path.write_text(f"社区观察第{number}期\n{body}\n", encoding="utf-8")
        files.append(path)
    import_paths(database, files)
    with database.session() as session:
        by_source = {
            Path(str(source)).name: int(article_id)
            for article_id, source in session.execute(select(Article.id, Article.source))
        }
        codes = {str(n): int(i) for i, n in session.execute(select(Code.id, Code.name))}
    ids = [by_source[f.name] for f in files]
    coders = {name: ensure_coder(database, name).id for name in ("甲", "乙")}
    for number in range(CODED):
        who = ["甲", "乙"] if number < 6 else ["甲" if number % 2 == 0 else "乙"]
        with database.session() as session:
            text = str(session.scalar(select(Article.text).where(Article.id == ids[number])))
        spans_by_code: dict[int, list[tuple[int, int, int]]] = {}
        for sentence, theme in texts[number]:
            start = text.find(sentence)
            span = (ids[number], start, start + len(sentence))
            if theme == "property":
                spans_by_code.setdefault(codes["红色物业"], []).append(span)
            if theme == "volunteer":
                spans_by_code.setdefault(codes["志愿服务"], []).append(span)
        if rng.random() < 0.5:
            sentence, _ = rng.choice(texts[number])
            start = text.find(sentence)
            spans_by_code[codes["随机标记"]] = [(ids[number], start, start + len(sentence))]
        for name in who:
            for code_id, spans in spans_by_code.items():
                perform(database, AddSegments(spans, code_id, coders[name]), coders[name])
            perform(database, SetStatus(ids[number], coders[name], True), coders[name])
    for name in coders:
        assign_articles(database, name, [ids[i] for i in SAMPLE])
    return Project(
        database, folder / "suggest.articoder", ids, codes["红色物业"], codes["随机标记"], coders
    )


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """A fresh coded project (see the module doc)."""
    built = build_project(tmp_path)
    yield built
    built.database.close()

"""Retrieval of coded segments across articles (coding/retrieval.py), in-vivo coding as one
undoable step, and putting back a cleaning change through the Workspace; no Qt.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import update

from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from codebook.tree import load_code_tree
from coding.coders import ensure_coder
from coding.retrieval import RetrievalError, RetrievalQuery, article_facets, coded_segments
from coding.segments import CodingError
from coding.workspace import Workspace
from corpus.articles import ArticleError, get_article
from corpus.importer import import_paths
from models.database import ProjectDatabase, create_project
from models.entities import Article

CODEBOOK = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"
FIRST = "新桥社区成立楼栋党小组。居民说，楼栋党小组让议事更方便。红色物业也进了小区。"
SECOND = "东湖街道推行红色物业，党员中心户每周走访。楼栋党小组负责收集意见。"


@pytest.fixture
def project(tmp_path: Path) -> ProjectDatabase:
    database = create_project(tmp_path / "study.articoder")
    import_codebook(database, read_codebook_text(CODEBOOK))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"新桥社区党建纪实\n{FIRST}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"东湖街道观察\n{SECOND}\n", encoding="utf-8")
    import_paths(database, sorted(folder.iterdir()))
    with database.session() as session:
        session.execute(
            update(Article)
            .where(Article.id == 1)
            .values(outlet="新桥日报", published=dt.date(2024, 5, 6))
        )
        session.execute(
            update(Article)
            .where(Article.id == 2)
            .values(outlet="东湖晚报", published=dt.date(2024, 7, 1))
        )
    return database


def code_id(database: ProjectDatabase, name: str) -> int:
    return next(n.id for n in load_code_tree(database) if n.name == name)


def span_of(
    database: ProjectDatabase, article_id: int, needle: str, nth: int = 0
) -> tuple[int, int]:
    text = get_article(database, article_id).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def test_segments_of_several_codes_across_articles_with_context(project: ProjectDatabase) -> None:
    lead = Workspace(project, ensure_coder(project, "王老师"))
    group, red = code_id(project, "楼栋党小组"), code_id(project, "红色物业")
    lead.code_span(1, *span_of(project, 1, "楼栋党小组", 1), group)
    lead.code_span(1, *span_of(project, 1, "楼栋党小组"), group)
    lead.code_span(2, *span_of(project, 2, "红色物业"), red)
    lead.code_span(2, *span_of(project, 2, "楼栋党小组"), group)

    rows = coded_segments(project, RetrievalQuery([group, red], context=6))
    # In article then text order, each with exactly the text around it.
    assert [(r.article_id, r.text) for r in rows] == [
        (1, "楼栋党小组"),
        (1, "楼栋党小组"),
        (2, "红色物业"),
        (2, "楼栋党小组"),
    ]
    for row in rows:
        text = get_article(project, row.article_id).text
        assert text[row.start : row.end] == row.text
        assert row.before == text[max(row.start - 6, 0) : row.start]
        assert row.after == text[row.end : row.end + 6]
    assert rows[0].before == "新桥社区成立" and rows[0].after == "。居民说，楼"
    assert rows[0].article_title == "新桥社区党建纪实" and rows[0].outlet == "新桥日报"
    assert rows[0].published == dt.date(2024, 5, 6)
    # A segment at the very start of a text has an empty context before it.
    lead.code_span(2, 0, 2, red)
    first = coded_segments(project, RetrievalQuery([red], context=10))[0]
    assert (first.start, first.before, first.text) == (0, "", "东湖")
    assert coded_segments(project, RetrievalQuery([])) == []
    with pytest.raises(RetrievalError, match="context"):
        coded_segments(project, RetrievalQuery([red], context=-1))


def test_filters_by_coder_outlet_dates_and_variable_values(project: ProjectDatabase) -> None:
    wang = Workspace(project, ensure_coder(project, "王老师"))
    li = Workspace(project, ensure_coder(project, "李同学"))
    group = code_id(project, "楼栋党小组")
    wang.code_span(1, *span_of(project, 1, "楼栋党小组"), group)
    li.code_span(2, *span_of(project, 2, "楼栋党小组"), group)
    tone = next(v.id for v in wang.variables() if v.name == "tone")
    wang.set_value(1, tone, "positive")
    li.set_value(2, tone, "negative")

    def articles(query: RetrievalQuery, visible: list[int] | None = None) -> list[int]:
        return [r.article_id for r in coded_segments(project, query, visible)]

    assert articles(RetrievalQuery([group])) == [1, 2]
    assert articles(RetrievalQuery([group], coders=[li.coder.id])) == [2]
    assert articles(RetrievalQuery([group], outlets=["新桥日报"])) == [1]
    assert articles(RetrievalQuery([group], published_from=dt.date(2024, 6, 1))) == [2]
    assert articles(RetrievalQuery([group], published_to=dt.date(2024, 6, 1))) == [1]
    assert articles(RetrievalQuery([group], variable_values={tone: ["negative"]})) == [2]
    assert articles(RetrievalQuery([group], variable_values={tone: ["positive", "negative"]})) == [
        1,
        2,
    ]
    # The value must come from the coder asked about: Li never called article 1 positive.
    assert (
        articles(
            RetrievalQuery([group], coders=[li.coder.id], variable_values={tone: ["positive"]})
        )
        == []
    )
    # Blind mode: a coder sees only their own segments, even when asking for another's.
    assert articles(RetrievalQuery([group]), [li.coder.id]) == [2]
    assert articles(RetrievalQuery([group], coders=[wang.coder.id]), [li.coder.id]) == []
    assert [r.article_id for r in li.retrieve(RetrievalQuery([group]))] == [2]  # blind by default
    facets = article_facets(project)
    assert facets.outlets == ["东湖晚报", "新桥日报"]
    assert (facets.first, facets.last) == (dt.date(2024, 5, 6), dt.date(2024, 7, 1))
    assert facets.variable_values[tone] == ["negative", "positive"]
    assert article_facets(project, [li.coder.id]).variable_values[tone] == ["negative"]


def test_in_vivo_makes_a_code_and_a_segment_in_one_undoable_step(project: ProjectDatabase) -> None:
    coder = Workspace(project, ensure_coder(project, "王老师"))
    parent = code_id(project, "组织体系")
    start, end = span_of(project, 1, "议事")
    segment = coder.code_in_vivo(1, start, end, parent, "议事", "#4e79a7")
    tree = load_code_tree(project)
    made = next(n for n in tree if n.name == "议事")
    assert made.parent is not None and made.parent.id == parent and made.color == "#4e79a7"
    assert (segment.code_id, segment.start, segment.end, segment.text) == (
        made.id,
        start,
        end,
        "议事",
    )
    assert coder.undo_stack.undo_label == "Code in vivo"
    coder.undo()  # one step takes both away
    assert [s.id for s in coder.segments(1)] == []
    assert "议事" not in {n.name for n in load_code_tree(project)}
    coder.redo()  # and brings both back, with the same ids
    again = coder.segments(1)
    assert [(s.id, s.code_id) for s in again] == [(segment.id, made.id)]
    # A span outside the text leaves no code behind.
    with pytest.raises(CodingError):
        coder.code_in_vivo(1, 0, 10_000, parent, "太长", "#f28e2b")
    assert "太长" not in {n.name for n in load_code_tree(project)}


def test_cleaning_change_put_back_until_the_article_is_coded(tmp_path: Path) -> None:
    database = create_project(tmp_path / "clean.articoder")
    import_codebook(database, read_codebook_text(CODEBOOK))
    source = tmp_path / "c.txt"
    source.write_text(
        "东湖社区推进红色物业\n东湖社区推行红色物业。\n版权所有 东湖日报 京ICP备12345678号\n",
        encoding="utf-8",
    )
    import_paths(database, [source])
    coder = Workspace(database, ensure_coder(database, "王老师"))
    article = coder.article(1)
    removal = next(r for r in article.removed if r.kind not in ("newline", "bom"))
    assert removal.text.strip() and removal.text.strip() not in article.text
    told: list[set[int]] = []
    coder.subscribe(lambda changes, _who: told.append(changes.articles))
    text = coder.set_cleaning_edit(1, removal.index, False)
    assert removal.text.strip() in text and told == [{1}]
    assert not coder.article_is_coded(1)
    coder.code_span(1, 0, 2, code_id(database, "红色物业"))
    assert coder.article_is_coded(1)
    with pytest.raises(ArticleError, match="coded segments"):
        coder.set_cleaning_edit(1, removal.index, True)

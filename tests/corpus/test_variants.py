"""Variant-aware search: spellings of one word found together, one-to-many readings kept apart.

Articles go through the real importer into a real SQLite project, and are searched with the
FTS index as the window searches them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.articles import get_article
from corpus.importer import import_paths
from corpus.search import count_articles, other_readings, search
from corpus.variants import plan_query, query_script
from models.database import ProjectDatabase

ARTICLES = {
    "tw_hair.txt": "記者會上，她剪短了頭髮，隨著音樂走進會場。我們瞭解他反覆說明的理由。",
    "cn_hair.txt": "理发店里，她的头发剪短了，随着音乐走进会场。我们了解他反复说明的理由。",
    "tw_issue.txt": "政府發布新聞稿，發展計劃在乾隆年間的古城內推行，街道很乾淨。",
    "cn_issue.txt": "政府发布新闻稿，发展计划推进顺利，街道很干净，干部下乡。",
    "hk_inside.txt": "屋裏的人說，這裡距離市區三公里，村里很安靜。",
}


@pytest.fixture
def ids(database: ProjectDatabase, tmp_path: Path) -> dict[str, int]:
    for name, body in ARTICLES.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    report = import_paths(database, [tmp_path / name for name in ARTICLES])
    return {Path(a.source).name: a.id for a in report.imported}


def _found(database: ProjectDatabase, query: str) -> list[tuple[int, str]]:
    """(article, text under the hit) for every hit, checked against the stored text."""
    with database.engine.connect() as connection:
        hits = search(connection, query)
    found = []
    for hit in hits:
        text = get_article(database, hit.article).text
        assert hit.end - hit.start == len(query)
        found.append((int(hit.article), text[hit.start : hit.end]))
    return found


def test_the_particle_zhe_is_one_word_in_both_scripts(
    database: ProjectDatabase, ids: dict[str, int]
) -> None:
    for query in ("隨著", "随着"):
        assert sorted(_found(database, query)) == sorted(
            [(ids["tw_hair.txt"], "隨著"), (ids["cn_hair.txt"], "随着")]
        )
    # 著名 stays 著: folding 著 to 着 everywhere would find 着名, which nobody writes.
    assert plan_query("著名").keys == ("著名",)


@pytest.mark.parametrize(("traditional", "simplified"), [("瞭解", "了解"), ("反覆", "反复")])
def test_phrase_variants_find_each_other(
    database: ProjectDatabase, ids: dict[str, int], traditional: str, simplified: str
) -> None:
    expected = sorted([(ids["tw_hair.txt"], traditional), (ids["cn_hair.txt"], simplified)])
    for query in (traditional, simplified):
        assert sorted(_found(database, query)) == expected
        with database.engine.connect() as connection:
            assert count_articles(connection, query) == 2


def test_hair_finds_hair_not_every_fa(database: ProjectDatabase, ids: dict[str, int]) -> None:
    found = _found(database, "髮")
    # 頭髮 in Traditional, and the 发 of 理发 and 头发 in Simplified: never 發布 or 发展.
    assert sorted(found) == sorted(
        [(ids["tw_hair.txt"], "髮"), (ids["cn_hair.txt"], "发"), (ids["cn_hair.txt"], "发")]
    )
    with database.engine.connect() as connection:
        assert count_articles(connection, "髮") == 2
        also = other_readings(connection, "髮")
    assert [(o.reading, o.hits) for o in also] == [("發", 4)]


def test_the_usual_reading_leaves_out_the_other(
    database: ProjectDatabase, ids: dict[str, int]
) -> None:
    found = _found(database, "發")
    assert (ids["tw_hair.txt"], "髮") not in found
    assert len([f for f in found if f[0] == ids["cn_hair.txt"]]) == 0  # 理发, 头发 are hair
    assert len(found) == 4  # 發布 發展 in Traditional, 发布 发展 in Simplified


def test_dry_and_do_stay_apart(database: ProjectDatabase, ids: dict[str, int]) -> None:
    assert sorted(_found(database, "乾")) == sorted(
        [(ids["tw_issue.txt"], "乾"), (ids["tw_issue.txt"], "乾"), (ids["cn_issue.txt"], "干")]
    )
    # A Simplified 干 keeps every reading but 乾隆, where 乾 is 乾 in Simplified too.
    assert sorted(_found(database, "干")) == sorted(
        [(ids["tw_issue.txt"], "乾"), (ids["cn_issue.txt"], "干"), (ids["cn_issue.txt"], "干")]
    )


def test_inside_is_not_the_village(database: ProjectDatabase, ids: dict[str, int]) -> None:
    # 裏 and 裡 are one character; 公里 and 村里 in Traditional text are the other 里.
    expected = [(ids["hk_inside.txt"], "裏"), (ids["hk_inside.txt"], "裡")]
    assert sorted(f for f in _found(database, "裡") if f[0] == ids["hk_inside.txt"]) == expected
    assert (ids["cn_hair.txt"], "里") in _found(database, "裏")  # 理发店里


def test_simplified_queries_keep_every_reading(
    database: ProjectDatabase, ids: dict[str, int]
) -> None:
    found = _found(database, "发")
    assert {text for _, text in found} == {"發", "髮", "发"}
    assert query_script("发") == "simplified" and query_script("頭髮") == "traditional"
    assert plan_query("发").other_readings == ()

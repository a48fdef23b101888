"""Search in either script, 1-, 2- and longer-character terms, positions in the cleaned text."""

from __future__ import annotations

from pathlib import Path

from corpus.articles import get_article
from corpus.importer import import_paths
from corpus.script import detect_script, fold, simplified_view
from corpus.search import count_articles, search
from models.database import ProjectDatabase

ARTICLES = {
    "simplified.txt": "新桥社区党建引领基层治理\n新桥社区党委把党建工作延伸到楼栋，社区居民积极参与。",
    "traditional.txt": "東湖社區黨建工作紀實\n東湖社區黨委推動黨建引領，社區居民參與議事。",
    "astral.txt": "𠮷祥社区简讯\n居民😀点赞：𠮷祥社区的党建活动办得好。",
    "other.txt": "城南街道召开安全生产会议\n会议部署了夏季防汛工作。",
}


def _project(database: ProjectDatabase, tmp_path: Path) -> dict[str, int]:
    for name, body in ARTICLES.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    report = import_paths(database, [tmp_path / n for n in ARTICLES])
    return {Path(a.source).name: a.id for a in report.imported}


def _positions_ok(database: ProjectDatabase, hits: list, term: str) -> None:
    for hit in hits:
        text = get_article(database, hit.article).text
        assert fold(text[hit.start : hit.end]) == fold(term)
        assert hit.end - hit.start == len(term)


def test_two_character_terms_in_both_scripts(database: ProjectDatabase, tmp_path: Path) -> None:
    ids = _project(database, tmp_path)
    with database.engine.connect() as connection:
        for term in ("社区", "社區"):
            hits = search(connection, term)
            assert {h.article for h in hits} == {
                ids["simplified.txt"],
                ids["traditional.txt"],
                ids["astral.txt"],
            }
            _positions_ok(database, hits, term)
            assert count_articles(connection, term) == 3
        for term in ("黨建", "党建"):
            hits = search(connection, term)
            assert {h.article for h in hits} == {
                ids["simplified.txt"],
                ids["traditional.txt"],
                ids["astral.txt"],
            }
            _positions_ok(database, hits, term)
        traditional = [h for h in search(connection, "党建") if h.article == ids["traditional.txt"]]
        text = get_article(database, ids["traditional.txt"]).text
        assert [h.start for h in traditional] == [
            i for i in range(len(text)) if text.startswith("黨建", i)
        ]
        assert "【黨建】" in traditional[0].snippet


def test_positions_after_astral_characters(database: ProjectDatabase, tmp_path: Path) -> None:
    ids = _project(database, tmp_path)
    text = get_article(database, ids["astral.txt"]).text
    with database.engine.connect() as connection:
        hits = [h for h in search(connection, "党建活动") if h.article == ids["astral.txt"]]
    assert len(hits) == 1
    assert text[hits[0].start : hits[0].end] == "党建活动"
    assert hits[0].start == text.index("党建活动")  # code points, not UTF-16 units


def test_one_character_and_long_terms(database: ProjectDatabase, tmp_path: Path) -> None:
    ids = _project(database, tmp_path)
    with database.engine.connect() as connection:
        hits = search(connection, "汛")
        assert [h.article for h in hits] == [ids["other.txt"]]
        _positions_ok(database, hits, "汛")
        long = search(connection, "黨建引領")
        assert {h.article for h in long} == {ids["simplified.txt"], ids["traditional.txt"]}
        _positions_ok(database, long, "黨建引領")
        assert search(connection, "社区，党委") == []
        punctuated = search(connection, "：𠮷祥")
        assert [h.article for h in punctuated] == [ids["astral.txt"]]
        assert search(connection, "不存在的词") == []
        assert search(connection, "  ") == []


def test_limit(database: ProjectDatabase, tmp_path: Path) -> None:
    _project(database, tmp_path)
    with database.engine.connect() as connection:
        assert len(search(connection, "社区", limit=2)) == 2


def test_script_tools() -> None:
    assert detect_script("東湖社區黨建工作") == "traditional"
    assert detect_script("东湖社区党建工作") == "simplified"
    text = "東湖社區黨建𠮷😀"
    assert len(fold(text)) == len(text) == len(simplified_view(text))
    assert simplified_view(text).startswith("东湖社区党建")

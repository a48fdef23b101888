"""Word boundaries with the project dictionary, in both scripts, cached per article."""

from __future__ import annotations

from pathlib import Path

from corpus.importer import import_paths
from corpus.segmentation import Segmenter, article_boundaries, snap_to_words
from models.database import ProjectDatabase
from models.entities import ArticleWords


def _words(text: str, boundaries: list[int]) -> list[str]:
    return [text[a:b] for a, b in zip([0, *boundaries[:-1]], boundaries, strict=True)]


def test_project_words_are_single_tokens_in_both_scripts() -> None:
    segmenter = Segmenter(["党建引领", "红色物业", "党员中心户"])
    simplified = "社区党建引领红色物业，党员中心户𠮷😀亮身份"
    traditional = "社區黨建引領紅色物業，黨員中心戶𠮷😀亮身份"
    for text in (simplified, traditional):
        boundaries = segmenter.boundaries(text)
        words = _words(text, boundaries)
        assert boundaries[-1] == len(text)
        assert len(words) == len(_words(simplified, segmenter.boundaries(simplified)))
    words = _words(traditional, segmenter.boundaries(traditional))
    assert "黨建引領" in words and "紅色物業" in words and "黨員中心戶" in words


def test_snap_to_words() -> None:
    boundaries = [2, 6, 10]  # 社区 | 党建引领 | 红色物业
    assert snap_to_words(boundaries, 3, 5) == (2, 6)
    assert snap_to_words(boundaries, 1, 7) == (0, 10)
    assert snap_to_words(boundaries, 2, 6) == (2, 6)
    assert snap_to_words(boundaries, 4, 4) == (4, 4)


def test_boundaries_cached_per_dictionary(sqlite_database: ProjectDatabase, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("社区简讯\n社区党建引领红色物业进小区。", encoding="utf-8")
    article_id = import_paths(sqlite_database, [path]).imported[0].id
    segmenter = Segmenter(["红色物业"])
    first = article_boundaries(sqlite_database, article_id, segmenter)
    with sqlite_database.session() as session:
        cached = session.get(ArticleWords, article_id)
        assert cached is not None and cached.dictionary_version == segmenter.version
    assert article_boundaries(sqlite_database, article_id, segmenter) == first
    other = Segmenter(["红色物业", "党建引领"])
    assert other.version != segmenter.version
    again = article_boundaries(sqlite_database, article_id, other)
    with sqlite_database.session() as session:
        cached = session.get(ArticleWords, article_id)
        assert cached is not None and cached.dictionary_version == other.version
    assert again[-1] == first[-1]

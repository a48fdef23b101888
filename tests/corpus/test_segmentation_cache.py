"""The word-boundary cache is checked before it is believed: a bad row is recomputed, not raised.

On a shared server the cache is one table every coder reads (team.server lets only leads
write it); whatever a row holds, `article_boundaries` returns the boundaries of the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from corpus.importer import import_paths
from corpus.segmentation import Segmenter, article_boundaries, parse_boundaries
from models.database import ProjectDatabase
from models.entities import ArticleWords

TEXT = "东湖街道简讯\n东湖街道推进红色物业，居民议事会每月召开一次。"


@pytest.mark.parametrize(
    "stored",
    [
        "1,oops",  # not numbers
        "",  # nothing, for a text that is not empty
        "3,2,{n}",  # not increasing
        "0,4,{n}",  # an empty first word
        "-1,4,{n}",  # before the text
        "2,4,6",  # ends before the text does
        "2,4,{n},{m}",  # runs past the text
    ],
)
def test_a_bad_cached_row_is_recomputed_and_rewritten(
    sqlite_database: ProjectDatabase, tmp_path: Path, stored: str
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    article_id = import_paths(sqlite_database, [path]).imported[0].id
    segmenter = Segmenter(["红色物业"])
    right = article_boundaries(sqlite_database, article_id, segmenter)
    length = right[-1]
    bad = stored.format(n=length, m=length + 3)
    assert parse_boundaries(bad, length) is None
    with sqlite_database.session() as session:
        session.execute(
            update(ArticleWords).where(ArticleWords.article_id == article_id).values(boundaries=bad)
        )
    assert article_boundaries(sqlite_database, article_id, segmenter) == right
    with sqlite_database.session() as session:
        cached = session.get(ArticleWords, article_id)
        assert cached is not None and cached.boundaries == ",".join(map(str, right))


def test_parse_boundaries_takes_what_the_segmenter_makes() -> None:
    boundaries = Segmenter(["红色物业"]).boundaries(TEXT)
    assert parse_boundaries(",".join(map(str, boundaries)), len(TEXT)) == boundaries
    assert parse_boundaries("", 0) == []

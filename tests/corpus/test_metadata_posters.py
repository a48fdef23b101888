"""A forum or blog poster's handle is the author, but only when a label on the page says so.

The fragments are written for this project in the style of forum and blog pages: the visible
text of a page holds one text node a line, as corpus.extraction gives it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from corpus.articles import get_article
from corpus.extraction import AFTER_THE_STORY, extract_page
from corpus.importer import import_paths
from corpus.metadata import (
    BYLINE,
    POSTER,
    choose_metadata,
    page_poster,
    plausible_handle,
)
from models.database import ProjectDatabase
from models.entities import Article

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pages"

POST = (
    "我们小区建成十多年了，当初规划的车位只有住户数的三成，现在几乎家家都有车，"
    "每天晚上八点以后就找不到地方停，物业还要涨停车费。"
)


def _page(*lines: str) -> str:
    return "\n".join(lines)


def test_a_handle_next_to_a_poster_label_is_the_author() -> None:
    for header in (
        ["楼主：晚风拂柳"],
        ["作者:kafka_85 阅读(1660)"],
        ["晚风拂柳", "发表于 2019-06-03 21:14:08"],
        ["发布时间 2019/06/03 21:14:08 by", "晚风拂柳"],
    ):
        page = _page("城市生活论坛", "小区停车难", *header, POST, "回复本帖")
        expected = "kafka_85" if header[0].startswith("作者") else "晚风拂柳"
        assert page_poster(page, POST) == expected, header
    # After the post: 由…张贴 with the time, even with the view count between them.
    page = _page(
        "小区停车难", POST, "[", "打印", "]", "由晚风拂柳张贴 @", "(370)", "2019-06-03 21:14:08"
    )
    assert page_poster(page, POST) == "晚风拂柳"
    page = _page(
        "小区停车难", POST, "本贴由", "晚风拂柳", "于2019年6月3日21:14:08在〖城市生活〗发表."
    )
    assert page_poster(page, POST) == "晚风拂柳"
    # 文：at the end of a post.
    assert page_poster(_page(POST, "文：眉间尺", "------"), POST) == "眉间尺"


def test_without_a_label_a_name_on_the_page_is_not_taken() -> None:
    # A name standing alone near the post could be anyone (a moderator, a reply, a link).
    assert page_poster(_page("小区停车难", "晚风拂柳", POST), POST) is None
    # "楼主" alone marks the opening post; it is a label, never a name.
    assert page_poster(_page("2005-09-11 18:04:42", "楼主：", POST), POST) is None
    assert plausible_handle("楼主") is not None
    assert choose_metadata(_page("楼主", POST), {}).author is None
    # "本文发表于" dates the article; 本文 is no poster.
    assert page_poster(_page(POST, "本文发表于 2019-06-03 21:14"), POST) is None
    # Markup left in the text is no handle (作者： size="20").
    assert page_poster(_page('作者： size="20" 来源： size="20"', POST), POST) is None


def test_a_label_far_from_the_post_or_in_a_reply_is_not_the_poster() -> None:
    far = "导航" * 200
    assert page_poster(_page("楼主：某人", far, POST), POST) is None
    # A replier's label after the replies heading is no author of the story.
    page = _page(
        "小区停车难",
        POST,
        "网友回复",
        "作者：石桥边 发表于 2019-06-03 21:40:55",
        "我们小区也是这样，后来业委会出面和物业谈，最后涨了五十元，同时改出了四十个车位。",
    )
    assert page_poster(page, POST) is None


def test_the_handle_is_stored_with_its_source_and_the_byline_still_wins() -> None:
    page = _page("城市生活论坛", "楼主：晚风拂柳", POST)
    chosen = choose_metadata(POST, {}, (), page)
    assert chosen.author == "晚风拂柳"
    assert chosen.sources is not None and chosen.sources["author"] == POSTER
    # A reporter the post itself credits (a news story reposted on a forum) comes first.
    story = "新京报讯（记者 陆一夫）" + POST
    assert choose_metadata(story, {}, (), _page("楼主：晚风拂柳", story)).author == "陆一夫"


def test_the_thread_page_gives_the_opening_poster_not_the_repliers() -> None:
    page = (FIXTURES / "forum_thread.html").read_text(encoding="utf-8")
    extracted = extract_page(page)
    chosen = choose_metadata(extracted.text, {}, extracted.metadata, extracted.visible_text)
    assert chosen.author == "晚风拂柳"


def test_importing_a_thread_stores_the_first_post_and_its_poster(
    database: ProjectDatabase, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "forum_thread.html").write_bytes((FIXTURES / "forum_thread.html").read_bytes())
    report = import_paths(database, [folder])
    assert len(report.imported) == 1
    with database.engine.connect() as connection:
        article_id, text, author, extra = connection.execute(
            select(Article.id, Article.text, Article.author, Article.extra)
        ).one()
    assert "想问问大家，你们小区是怎么解决停车问题的？" in text
    assert "业委会出面和物业谈" not in text
    # The first post's own footer (作者：晚风拂柳) is in the text: a byline, and the repliers'
    # footers after it are not read.
    assert author == "晚风拂柳"
    assert extra["metadata_sources"]["author"] == BYLINE
    # The replies are stored as edits of the article: a user can put them back.
    removed = [r for r in get_article(database, article_id).removed if r.detail == AFTER_THE_STORY]
    assert any("业委会出面和物业谈" in removal.text for removal in removed)

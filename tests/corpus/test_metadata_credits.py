"""Photo and video credits are never authors, and other articles' data is refused with reason.

Fragments are written for this project in the style of mainland, Hong Kong and Taiwan pages.
"""

from __future__ import annotations

import pytest

from corpus.extraction import OTHER_ARTICLE_DATA
from corpus.metadata import BYLINE, choose_metadata, plausible_authors, text_byline

STORY = "將軍澳一間商場昨晚發生扶手電梯故障，多名市民跌倒受傷，消防及救護員到場處理，事件中共有五人送院。\n"


@pytest.mark.parametrize(
    "credit",
    [
        "影片截圖",
        "YouTube影片截圖",
        "視頻截圖",
        "视频截图",
        "截图自微博",
        "圖片來源",
        "图片来源：网络",
        "資料圖片",
        "网络图片",
        "图/文",
        "攝影",
        "梁家明攝",
        "相片",
        "Getty Images",
    ],
)
def test_a_picture_credit_is_not_an_author(credit: str) -> None:
    names, why = plausible_authors(credit)
    assert names is None
    assert why is not None and ("credit" in why or "label" in why)


@pytest.mark.parametrize("credit", ["影片截圖", "資料圖片", "网络图片", "视频截图", "梁家明攝"])
def test_a_caption_closing_the_story_names_no_author(credit: str) -> None:
    raw = STORY + f"商場管理公司表示已即時暫停使用涉事電梯，並會配合機電署調查。（{credit}）\n"
    assert text_byline(raw) is None
    assert choose_metadata(raw, {}, ()).author is None


def test_a_reporter_named_with_a_credit_nearby_is_still_the_author() -> None:
    raw = (
        STORY
        + "涉事電梯停用期間，商場已安排職員在場指示市民改用升降機。（影片截圖）\n"
        + "機電署發言人表示，已派員到場了解事故，並會跟進電梯承辦商的保養紀錄。（陳嘉欣）\n"
    )
    chosen = choose_metadata(raw, {}, ())
    assert chosen.author == "陳嘉欣"
    assert chosen.sources is not None and chosen.sources["author"] == BYLINE


def test_a_page_author_that_is_a_credit_gives_way_to_the_next_source() -> None:
    page = (
        ("author", "图片来源：网络", "meta tag"),
        ("author", "王浩宇", "trafilatura"),
    )
    chosen = choose_metadata(STORY, {}, page)
    assert chosen.author == "王浩宇"
    assert ("author", "图片来源：网络", "meta tag") in [entry[:3] for entry in chosen.rejected]


def test_another_articles_structured_data_is_refused_and_said_so() -> None:
    page = (
        ("title", "沙田單車徑下月起分段封閉 配合河畔休憩設施改善工程", OTHER_ARTICLE_DATA),
        ("published", "2026-03-02T08:15:00+08:00", OTHER_ARTICLE_DATA),
        ("author", "葉芷晴", OTHER_ARTICLE_DATA),
        ("title", "將軍澳商場扶手電梯故障 五人受傷送院 | 示例新聞網", "title tag"),
        ("published", "2026-03-05T22:10:00+08:00", "meta tag"),
    )
    chosen = choose_metadata(STORY, {}, page, page_text=STORY + "2026-03-05 22:10")
    assert chosen.title == "將軍澳商場扶手電梯故障 五人受傷送院"
    assert str(chosen.published) == "2026-03-05"
    assert chosen.author is None
    refused = {(field, value): why for field, value, _, why in chosen.rejected}
    assert "another article" in refused[("author", "葉芷晴")]
    assert "another article" in refused[("published", "2026-03-02T08:15:00+08:00")]


LEAD = (
    "市教育局今天发布通知，全市中小学将于下周一起分批错峰返校，各校须提前做好校园消杀和健康排查。\n"
)


def test_a_reporter_line_without_colon_or_place_names_the_author() -> None:
    # Below the story, with a bullet, as a mainland paper closes a report.
    raw = (
        LEAD
        + "返校首日各校将安排专人在校门口测温登记，家长不得进入校园。\n□ 本报记者 许文娟\n分享到\n"
    )
    chosen = choose_metadata(raw, {}, ())
    assert chosen.author == "许文娟"
    assert chosen.sources is not None and chosen.sources["author"] == BYLINE
    # Above it, two reporters.
    assert choose_metadata("本报记者 许文娟 周立\n" + LEAD, {}, ()).author == "许文娟, 周立"
    # A sentence about a reporter is no byline.
    sentence = LEAD + "记者 许文娟在现场看到，不少家长一早就在校门外排队等候。\n"
    assert choose_metadata(sentence, {}, ()).author is None


def test_a_dispatch_byline_run_into_the_lead_names_the_author() -> None:
    raw = (
        "央行研究人士表示货币政策应保持稳定 本报记者吴建章发自北京 昨日下午，在一场关于宏观经济形势的"
        "报告会上，多位学者就下半年货币政策走向发表看法。\n" + LEAD
    )
    assert choose_metadata(raw, {}, ()).author == "吴建章"


def test_a_wire_dateline_without_a_date_gives_reporter_and_agency() -> None:
    raw = (
        "据新华社银川电（记者 马小勇）记者近日从自治区农业农村厅获悉，去年全区新建高标准农田一百二十万亩。\n"
        + LEAD
    )
    chosen = choose_metadata(raw, {}, ())
    assert chosen.author == "马小勇"
    assert chosen.outlet == "新华社"

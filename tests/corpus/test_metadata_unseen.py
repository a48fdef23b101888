"""Metadata rules for the kinds of page a second unseen evaluation split showed (M1-M6).

Each rule is general, not keyed on a site: bylines that open a Taiwan or Hong Kong story,
credits the page sets outside the extracted story, interface words and photo credits that are
never authors, outlets that are names (not hosts or sections), and the site's brand cut from a
title. The fragments are written for this project in the style of such pages: the visible text
of a page holds one text node a line, as corpus.extraction gives it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from corpus.importer import import_paths
from corpus.metadata import (
    BYLINE,
    PAGE_TEXT,
    PUBLISHING_SITE,
    choose_metadata,
    metadata_with_sources,
    opening_byline,
    page_credits,
    photo_credited_names,
    plausible_authors,
    plausible_outlet,
    plausible_person,
    plausible_title,
    site_suffix,
    text_byline,
)
from models.database import ProjectDatabase
from models.entities import Article

LEAD_TW = (
    "交通部今天公布新的客運補貼辦法，偏鄉路線每車公里補助提高兩成，業者須在年底前提出改善計畫，"
    "否則將停止補助。"
)
SECOND_TW = (
    "交通部官員表示，新辦法將在下個月一日上路，地方政府也可以再加碼補助，讓偏鄉居民出門更方便。"
)
LEAD_CN = (
    "记者从市交通委获悉，本市今年将新开通公交线路二十条，重点解决新建小区居民出行难问题，"
    "首批线路预计下月开通运营。"
)
SECOND_CN = "市交通委有关负责人表示，新线路将与地铁站做好接驳，早晚高峰加密班次，方便市民换乘出行。"


def _page(*lines: str) -> str:
    return "\n".join(lines)


# M1 ------------------------------------------------------------------------------------------


def test_bylines_opening_a_taiwan_story_give_its_reporters() -> None:
    assert opening_byline(f"【林小美／台北報導】{LEAD_TW}") == "林小美"
    # U+2571 and other slash forms, and the reporters' label with several names.
    assert opening_byline(f"【林小美╱台北報導】{LEAD_TW}") == "林小美"
    assert opening_byline(f"〔記者林小美、陳大文、黃志明／台北報導〕{LEAD_TW}") == (
        "林小美、陳大文、黃志明"
    )
    assert opening_byline(f"【張家豪╱綜合外電報導】{LEAD_TW}") == "張家豪"
    # A bracketed word without a reporter's label or a place is a kicker, not a byline.
    assert opening_byline(f"【獨家】{LEAD_TW}") is None
    assert opening_byline(f"「林小美」說{LEAD_TW}") is None


def test_several_reporters_become_the_list_of_authors() -> None:
    raw = f"偏鄉客運補貼提高兩成\n〔記者林小美、陳大文、黃志明／台北報導〕{LEAD_TW}\n{SECOND_TW}\n"
    chosen = choose_metadata(raw, {}, ())
    assert chosen.author == "林小美, 陳大文, 黃志明"
    assert chosen.sources is not None and chosen.sources["author"] == BYLINE


def test_a_byline_run_onto_the_headline_line_is_read() -> None:
    raw = f"偏鄉客運補貼提高兩成 業者年底前須改善 〔記者林小美／台北報導〕{LEAD_TW}\n{SECOND_TW}\n"
    assert text_byline(raw) == "林小美"


def test_a_wire_dateline_names_its_reporter_when_the_place_is_known() -> None:
    raw = f"客運補貼提高\n（示例社記者陳大文台南4日電）{LEAD_TW}\n{SECOND_TW}\n"
    chosen = choose_metadata(raw, {}, ())
    assert chosen.author == "陳大文"
    assert chosen.outlet == "示例社"
    # Two reporters before the place.
    assert opening_byline("（示例社記者陳大文、林小美高雄4日電）港口") == "陳大文、林小美"
    # An unknown place: where the name ends cannot be told, nothing is guessed.
    assert opening_byline("（示例社記者陳大文小琉球4日電）") is None


def test_a_header_row_naming_reporters_before_the_word_report() -> None:
    row = "| 2014/03/19 18:58 林小美 陳大文 報導 地區：台北市報導 | 字級 |"
    assert opening_byline(row) == "林小美 陳大文"
    raw = f"偏鄉客運補貼提高兩成\n{row}\n{LEAD_TW}\n{SECOND_TW}\n"
    chosen = choose_metadata(raw, {}, ())
    assert chosen.author == "林小美, 陳大文"


# M2 ------------------------------------------------------------------------------------------


def test_a_reporter_line_above_the_story_on_the_page_is_the_author() -> None:
    raw = f"{LEAD_TW}\n{SECOND_TW}\n"
    page = _page(
        "首頁",
        "偏鄉客運補貼提高兩成",
        "2014年",
        "03月",
        "20日",
        "▲偏鄉客運路線將增加班次。（圖／林小美攝）",
        "記者林小美／新竹報導",
        LEAD_TW,
        SECOND_TW,
        "延伸閱讀",
    )
    credits = page_credits(page, raw)
    # She took the photo and wrote the report: she is the reporter.
    assert credits.byline == "林小美"
    assert "林小美" not in photo_credited_names(f"{credits.around}\n{raw}")
    chosen = choose_metadata(raw, {}, (), page)
    assert chosen.author == "林小美"
    assert chosen.sources is not None and chosen.sources["author"] == PAGE_TEXT


def test_a_story_author_element_names_the_paper_and_the_reporter() -> None:
    raw = f"{LEAD_TW}\n{SECOND_TW}\n"
    page = _page(
        "運動大聯盟", "偏鄉客運補貼提高兩成", "【示例報╱本報記者黃志明】", LEAD_TW, SECOND_TW
    )
    chosen = choose_metadata(raw, {}, (("outlet", "示例新聞網", "meta tag"),), page)
    assert chosen.author == "黃志明"
    # The paper the byline credits is the outlet; the site that published the page is kept.
    assert chosen.outlet == "示例報"
    assert (chosen.site, chosen.site_source) == ("示例新聞網", "meta tag")


def test_a_dispatch_line_above_the_story() -> None:
    raw = f"{LEAD_TW}\n{SECOND_TW}\n"
    page = _page("財經焦點", "偏鄉客運補貼提高兩成", "陳大文／華盛頓4日電", LEAD_TW, SECOND_TW)
    assert choose_metadata(raw, {}, (), page).author == "陳大文"


def test_editors_under_the_story_on_the_page() -> None:
    raw = f"{LEAD_CN}\n{SECOND_CN}\n"
    page = _page(
        "新线路开通", LEAD_CN, SECOND_CN, "(责编：王小红、李明)", "分享让更多人看到", "相关新闻"
    )
    chosen = choose_metadata(raw, {}, (), page)
    assert chosen.editor == "王小红, 李明"
    assert chosen.author is None


# M3 ------------------------------------------------------------------------------------------


def test_interface_words_are_never_names() -> None:
    for word in (
        "小字型",
        "中字型",
        "大字型",
        "字級",
        "字号",
        "發送推文",
        "展开",
        "收起",
        "分享",
        "列印",
        "转寄",
        "热门跟贴",
        "文字大小",
        "展開選單",
    ):
        assert plausible_person(word) is not None, word
    assert plausible_person("林小美") is None
    assert plausible_authors("林小美, 小字型, 中字型, 大字型") == ("林小美", None)
    names, why = plausible_authors("字級, 發送推文")
    assert names is None and why is not None and "interface" in why


def test_a_place_alone_and_a_kind_of_report_are_not_names() -> None:
    assert plausible_person("北京") is not None
    assert plausible_person("台北市") is not None
    assert plausible_person("新竹縣") is not None
    assert plausible_authors("林小美／特稿")[0] == "林小美"


def test_a_commenters_label_refuses_the_whole_value() -> None:
    names, why = plausible_authors("王小红, 热门跟贴")
    assert names is None and why is not None and "comment" in why
    # A commentator (评论员) is the paper's own, not a reader.
    assert plausible_authors("评论员 王小红 李明")[0] == "王小红, 李明"


def test_labels_read_off_the_page_need_a_family_name() -> None:
    # A section's tag list stands where a byline would, with no label but the layout's.
    assert plausible_authors("社會, 社會焦點, 保障人權", family_name=True)[0] is None
    assert plausible_authors("林小美", family_name=True)[0] == "林小美"
    assert plausible_authors("米歇尔·布兰", family_name=True)[0] == "米歇尔·布兰"


def test_the_value_after_a_source_label_is_not_the_author() -> None:
    raw = f"{LEAD_CN}\n{SECOND_CN}\n"
    page = _page(
        "苹果称诉讼应被驳回",
        "2024-05-22 07:16:06 来源:",
        "科技快报",
        "北京",
        "举报",
        LEAD_CN,
        SECOND_CN,
    )
    chosen = choose_metadata(raw, {}, (), page)
    assert chosen.author is None
    assert chosen.outlet == "科技快报"


# M4 ------------------------------------------------------------------------------------------


def test_a_photo_credit_is_never_the_author() -> None:
    assert photo_credited_names("新华社发（王小红摄）") == {"王小红"}
    assert photo_credited_names("（記者林小美／攝影）") == {"林小美"}
    assert photo_credited_names("圖／陳大文") == {"陳大文"}
    raw = f"{LEAD_CN}\n{SECOND_CN}\n新华社发（王小红摄）\n"
    page = _page(
        "新线路开通",
        LEAD_CN,
        SECOND_CN,
        "新华社发（王小红摄）",
        "[作者: 王小红]",
        "[责任编辑: 李明]",
    )
    chosen = choose_metadata(raw, {}, (("author", "王小红", "meta tag"),), page)
    assert chosen.author is None
    assert any("photo" in why for field, _, _, why in chosen.rejected if field == "author")


# M5 ------------------------------------------------------------------------------------------


def test_a_host_name_is_never_an_outlet() -> None:
    for host in ("news.example.com.tw", "example.com", "ECONOMY.EXAMPLE.COM.CN", "www.example.hk"):
        name, why = plausible_outlet(host)
        assert name is None and why is not None and "host" in why, host
    raw = f"偏鄉客運補貼提高兩成\n{LEAD_TW}\n{SECOND_TW}\n"
    page = (
        ("title", "偏鄉客運補貼提高兩成 - 政治 - 示例時報電子報", "title tag"),
        ("outlet", "news.example.com.tw", "trafilatura"),
    )
    chosen = choose_metadata(raw, {}, page)
    assert chosen.outlet == "示例時報電子報"
    assert chosen.sources is not None and chosen.sources["outlet"] == "title tag"
    assert chosen.title == "偏鄉客運補貼提高兩成"


def test_only_a_host_stores_no_outlet_and_says_so() -> None:
    raw = f"偏鄉客運補貼提高兩成\n{LEAD_TW}\n{SECOND_TW}\n"
    chosen = choose_metadata(raw, {}, (("outlet", "news.example.hk", "trafilatura"),))
    assert chosen.outlet is None
    assert "outlet" in chosen.missing
    assert ("outlet", "news.example.hk") in {(f, v) for f, v, _, _ in chosen.rejected}


def test_a_section_label_and_an_unnamed_source_are_not_outlets() -> None:
    for label in ("即時新聞", "國際新聞", "要闻", "理財新聞", "转载文章", "原创"):
        assert plausible_outlet(label)[0] is None, label
    raw = f"即時新聞\n偏鄉客運補貼提高兩成\n{LEAD_TW}\n{SECOND_TW}\n"
    page = (("title", "偏鄉客運補貼提高兩成 | 即時新聞 | 20130629 | 示例日報", "title tag"),)
    assert choose_metadata(raw, {}, page).outlet == "示例日報"


def test_a_source_meta_tag_names_the_outlet_and_the_site_is_kept() -> None:
    raw = f"新线路开通\n{LEAD_CN}\n{SECOND_CN}\n"
    page = (
        ("outlet", "示例网", "meta tag"),
        ("source", "示例日报", "meta tag"),
        ("title", "新线路开通-示例网", "title tag"),
    )
    chosen = choose_metadata(raw, {}, page)
    assert chosen.outlet == "示例日报"
    assert (chosen.site, chosen.site_source) == ("示例网", "meta tag")


def test_a_source_line_above_the_story_on_the_page() -> None:
    raw = f"{LEAD_CN}\n{SECOND_CN}\n"
    page = _page(
        "示例电影网",
        "新线路开通",
        "时间：2024.05.20",
        "来源：",
        "示例日报",
        "分享到：",
        LEAD_CN,
        SECOND_CN,
    )
    chosen = choose_metadata(raw, {}, (("title", "新线路开通_要闻_示例电影网", "title tag"),), page)
    assert chosen.outlet == "示例日报"
    assert chosen.site == "示例电影网"


# M6 ------------------------------------------------------------------------------------------


def test_a_brand_after_the_headline_goes_from_a_single_pages_title() -> None:
    cases = {
        "偏鄉客運補貼提高兩成 | 重點新聞 | 示例社即時新聞 EX NEWS": "偏鄉客運補貼提高兩成",
        "拚押嫌犯 院檢攻防3回戰 | EXTV 新聞": "拚押嫌犯 院檢攻防3回戰",
        "偏鄉客運補貼提高兩成 - 示例時報電子報": "偏鄉客運補貼提高兩成",
        "新线路开通惠及二十个小区_示例新浪网": "新线路开通惠及二十个小区",
        "新线路开通惠及二十个小区-示例中新网": "新线路开通惠及二十个小区",
        "5月LPR按兵不动：1年期为3.45%_经济_宏观频道首页_示例网 - EXAMPLE.COM.CN": (
            "5月LPR按兵不动：1年期为3.45%"
        ),
    }
    for title, headline in cases.items():
        assert plausible_title(title, set())[0] == headline, title
    assert site_suffix("偏鄉客運補貼提高兩成 | EXTV 新聞") == "EXTV 新聞"
    assert site_suffix("示例時報電子報 - 偏鄉客運補貼提高兩成 業者須改善") == "示例時報電子報"
    # A headline that itself ends in 新聞 keeps it when nothing follows it.
    headline = "政院擬立法打擊社群平台上的假新聞"
    assert plausible_title(headline, set())[0] == headline


# The import stores the site beside the outlet ---------------------------------------------------

CARRIED_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>新线路开通惠及二十个小区_示例网</title>
<meta property="og:site_name" content="示例网">
</head><body>
<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div>
<h1>新线路开通惠及二十个小区</h1>
<div class="info">2024-05-13 09:30 来源：示例日报</div>
<div class="article">
<p>{LEAD_CN}</p>
<p>{SECOND_CN}</p>
<p>(责编：王小红、李明)</p>
</div>
</body></html>
"""


def test_the_import_keeps_the_publishing_site_and_show_gives_it(
    database: ProjectDatabase, tmp_path: Path
) -> None:
    page = tmp_path / "carried.html"
    page.write_text(CARRIED_PAGE, encoding="utf-8")
    report = import_paths(database, [page])
    assert len(report.imported) == 1
    with database.engine.connect() as connection:
        outlet, title, extra = connection.execute(
            select(Article.outlet, Article.title, Article.extra)
        ).one()
    assert outlet == "示例日报"
    assert title == "新线路开通惠及二十个小区"
    assert extra[PUBLISHING_SITE]["value"] == "示例网"
    form = metadata_with_sources({"outlet": outlet, "title": title}, extra)
    assert form["outlet"]["value"] == "示例日报"
    assert form["outlet"]["publishing_site"]["value"] == "示例网"
    assert set(form) == {"title", "published", "author", "editor", "outlet"}

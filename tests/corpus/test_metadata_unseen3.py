"""Metadata rules for the kinds of page a third unseen evaluation split showed (kinds 3-12).

Each rule is general, not keyed on a site: the date nearest the story beats a related list's
and the site's clock, a date in the page's address beats the chrome's; the printed headline
beats a meta title dressed with a section name and a shortened structured-data headline; a
box-drawing bar ends a headline as | does; desk bylines, several names with roles, and wire
datelines with the label written onto the names give their reporters; a host name is no
outlet, and a name the page's titles end with is one even without a site's ending. The
fragments are written for this project in the style of such pages: the visible text of a page
holds one text node a line, as corpus.extraction gives it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from sqlalchemy import select

from corpus.dates import date_in_address
from corpus.importer import import_paths
from corpus.metadata import (
    ARTICLE_TEXT,
    BYLINE,
    PAGE_ADDRESS,
    PAGE_HEADING,
    PAGE_TEXT,
    choose_metadata,
    extract_metadata,
    metadata_with_sources,
    plausible_authors,
    plausible_outlet,
    plausible_title,
    printed_headline,
    text_byline,
    title_named_site,
)
from models.database import ProjectDatabase
from models.entities import Article

LEAD_HK = (
    "政府今日宣布在東區增設兩個臨時收容中心，供受強風影響的市民使用，中心由民政事務處職員"
    "二十四小時當值。"
)
SECOND_HK = "民政事務處表示，會因應天氣情況再決定是否加開中心，並呼籲市民留意電台及電視的最新消息。"
LEAD_TW = (
    "中央氣象署今天表示，颱風外圍環流影響，中南部山區明天起有豪雨機率，民眾應避免前往山區及"
    "河川活動。"
)
SECOND_TW = "氣象署預報員指出，颱風預計後天清晨最接近台灣東南部海面，屆時恆春半島風雨將明顯增強。"


def _page(*lines: str) -> str:
    return "\n".join(lines)


# Kind 3: the dateline under the headline, not a related list's --------------------------------


def test_the_date_under_the_headline_beats_a_later_related_list() -> None:
    page_text = _page(
        "主頁",
        "即時新聞",
        "本地",
        "東區增設兩個臨時收容中心",
        "2024-03-12 HKT 17:51",
        "分享工具",
        LEAD_HK,
        SECOND_HK,
        "強風吹襲｜天文台維持八號風球",
        "2024-03-14 HKT 15:52",
        "強風吹襲｜多區有樹木倒塌",
        "2024-03-14 HKT 15:47",
        "強風吹襲｜渡輪服務暫停",
        "2024-03-14 HKT 15:15",
    )
    chosen = choose_metadata(_page(LEAD_HK, SECOND_HK), {}, (), page_text)
    assert chosen.published == datetime.date(2024, 3, 12)
    assert chosen.sources["published"] == PAGE_TEXT


# Kind 4: the site's clock at the top of the page, the story's day in the address ------------


CLOCK_PAGE = _page(
    "電子報",
    "印刷版",
    "2024年3月13日 星期三 6:38AM",
    "21°C",
    "登入",
    "要聞",
    "2024年3月12日星期二",
    # The day's other headlines stand between the clock and the story.
    "增設收容中心 市民可即時入住 區議員籲加強宣傳",
    "收容中心開放 長者先行入住 社工到場協助登記",
    "強風吹襲多區樹木倒塌 渡輪服務暫停至傍晚",
    "天文台維持八號風球 料今晚改發三號信號",
    "學校停課一天 教育局稱明日視乎天氣再公布",
    "機場航班大延誤 逾百班次取消 旅客滯留客運大樓",
    "建築工地棚架倒塌 無人受傷 勞工處派員調查",
    "漁民提早回港避風 避風塘泊滿漁船",
    "增設收容中心 市民可即時入住",
    LEAD_HK,
    SECOND_HK,
)


def test_a_date_in_the_address_beats_the_site_clock_above_the_story() -> None:
    page = (("url", "https://news.example.hk/pns/article/20240312/s00001/1710201234567/x", "meta"),)
    chosen = choose_metadata(_page(LEAD_HK, SECOND_HK), {}, page, CLOCK_PAGE)
    assert chosen.published == datetime.date(2024, 3, 12)
    assert chosen.sources["published"] == PAGE_ADDRESS


def test_without_a_date_in_the_address_the_page_text_still_gives_one() -> None:
    page = (("url", "https://news.example.hk/pns/article/s00001/1710201234567", "meta"),)
    chosen = choose_metadata(_page(LEAD_HK, SECOND_HK), {}, page, CLOCK_PAGE)
    assert chosen.published is not None
    assert chosen.sources["published"] == PAGE_TEXT


def test_an_address_date_the_page_never_writes_is_not_taken() -> None:
    page = (("url", "https://news.example.hk/article/20231201/x", "meta"),)
    chosen = choose_metadata(_page(LEAD_HK, SECOND_HK), {}, page, CLOCK_PAGE)
    assert chosen.published != datetime.date(2023, 12, 1)


def test_a_date_in_a_page_address() -> None:
    assert date_in_address("https://a.example.hk/x/article/20251128/s1/1764268494724/y") == (
        datetime.date(2025, 11, 28)
    )
    assert date_in_address("http://www.example.cn/2023-09/13/c_1129860000.htm") == (
        datetime.date(2023, 9, 13)
    )
    assert date_in_address("https://a.example.hk/k2/1833394-20251126.htm") == (
        datetime.date(2025, 11, 26)
    )
    # The query says when the page was asked for; a long id is no date; two dates say nothing.
    assert date_in_address("https://a.example.hk/news?archive_date=2025-11-26") is None
    assert date_in_address("https://a.example.tw/story/123707/7398504") is None
    assert date_in_address("https://a.example.com/2023/09/13/story-20230914.html") is None
    assert date_in_address(None) is None


# Kinds 5-7: the printed headline -------------------------------------------------------------


def test_the_printed_headline_beats_a_meta_title_with_a_section_prefix() -> None:
    page_text = _page(
        "首頁",
        "即時新聞",
        "時事脈搏",
        "東區增設兩個臨時收容中心 民政處職員全日當值",
        "2024年3月12日",
        LEAD_HK,
        SECOND_HK,
    )
    page = (
        ("title", "即時新聞 - 時事脈搏 - 東區增設兩個臨時收容中心 民政處職員全日當值", "meta tag"),
    )
    chosen = choose_metadata(_page(LEAD_HK, SECOND_HK), {}, page, page_text)
    assert chosen.title == "東區增設兩個臨時收容中心 民政處職員全日當值"
    assert chosen.sources["title"] == PAGE_TEXT
    refused = [why for field, value, _, why in chosen.rejected if field == "title"]
    assert refused and "printed headline" in refused[0]


def test_a_prefix_stays_when_the_page_prints_the_whole_title() -> None:
    page_text = _page("時評 - 收容中心不應只是權宜之計", LEAD_HK, SECOND_HK)
    assert printed_headline("時評 - 收容中心不應只是權宜之計", page_text, LEAD_HK) is None


def test_a_line_below_the_story_is_not_the_printed_headline() -> None:
    # A related headline under the story that equals the title without its prefix is another
    # story's entry, not this page's headline.
    page_text = _page(LEAD_HK, SECOND_HK, "相關新聞", "收容中心開放 長者先行入住")
    assert printed_headline("社區 - 收容中心開放 長者先行入住", page_text, LEAD_HK) is None


def test_a_box_drawing_bar_ends_the_headline() -> None:
    title, _ = plausible_title("颱風外圍環流影響 中南部山區明起豪雨│示例新聞網", set())
    assert title == "颱風外圍環流影響 中南部山區明起豪雨"
    title, _ = plausible_title("颱風外圍環流影響 中南部山區明起豪雨 ┃ 颱風專區 ┃ 示例新聞網", set())
    assert title == "颱風外圍環流影響 中南部山區明起豪雨"


def test_a_stroke_inside_a_headline_is_not_a_separator() -> None:
    title, _ = plausible_title("東區強風丨民政處：兩中心全日開放", set())
    assert title == "東區強風丨民政處：兩中心全日開放"


SHORT = "颱風遠離！本島今晚解除陸上警報"
LONG = f"{SHORT} 未來三天全台有雨"


def test_the_longer_printed_headline_beats_a_shortened_structured_one() -> None:
    page_text = _page("即時", "生活", LONG, "2024/08/04 18:35", LEAD_TW, SECOND_TW)
    page = (
        ("title", SHORT, "structured data"),
        ("title", f"{LONG} | 生活 | 示例新聞網", "title tag"),
    )
    chosen = choose_metadata(_page(LEAD_TW, SECOND_TW), {}, page, page_text)
    assert chosen.title == LONG


def test_a_longer_line_no_title_or_heading_confirms_is_not_taken() -> None:
    page_text = _page("即時", f"{SHORT} 氣象署：週末再觀察", LEAD_TW, SECOND_TW)
    page = (("title", SHORT, "structured data"),)
    chosen = choose_metadata(_page(LEAD_TW, SECOND_TW), {}, page, page_text)
    assert chosen.title == SHORT
    # An <h1> of the page confirms it (corpus.extraction gives it as a "headline" field).
    page = (*page, (PAGE_HEADING, f"{SHORT} 氣象署：週末再觀察", "page heading"))
    chosen = choose_metadata(_page(LEAD_TW, SECOND_TW), {}, page, page_text)
    assert chosen.title == f"{SHORT} 氣象署：週末再觀察"


# Kinds 8-10: bylines -------------------------------------------------------------------------


def test_a_desk_byline_names_its_reporter() -> None:
    raw = _page("生活中心／林志明報導", LEAD_TW, SECOND_TW)
    assert text_byline(raw) == "林志明"
    chosen = choose_metadata(raw, {})
    assert chosen.author == "林志明"
    assert chosen.sources["author"] == BYLINE
    # A desk's compiled report names no one.
    assert text_byline(_page("社會中心／綜合報導", LEAD_TW, SECOND_TW)) is None


def test_several_names_each_with_its_role() -> None:
    names, _ = plausible_authors("示例報／編譯王小明、記者陳美玲／綜合報導", from_page=True)
    assert names == "王小明, 陳美玲"
    # A role alone is still the kind of report, not a name.
    assert plausible_authors("張立勳／編譯")[0] == "張立勳"


def test_a_wire_dateline_with_the_label_written_onto_the_names() -> None:
    spaced = f"新华社符拉迪沃斯托克9月13日电（记者王小明 李华）{LEAD_TW}"
    listed = f"新华社北京9月13日电（记者刘欢、赵博）{LEAD_TW}"
    assert extract_metadata(_page(spaced, SECOND_TW)).author == "王小明, 李华"
    assert extract_metadata(_page(listed, SECOND_TW)).author == "刘欢, 赵博"
    chosen = choose_metadata(_page(listed, SECOND_TW), {})
    assert (chosen.author, chosen.outlet) == ("刘欢, 赵博", "新华社")
    assert chosen.sources["author"] == BYLINE
    assert chosen.sources["outlet"] == ARTICLE_TEXT


# Kinds 11-12: outlets ------------------------------------------------------------------------


def test_any_host_name_is_no_outlet() -> None:
    assert plausible_outlet("example.mg")[0] is None
    assert plausible_outlet("news.example.io")[0] is None
    assert plausible_outlet("示例報 Example Media")[0] == "示例報 Example Media"


def test_a_name_the_address_spells_ends_the_title() -> None:
    page = (
        ("url", "https://news.xyztv.hk/ch/component/k2/1833394-20240312.htm", "meta tag"),
        ("title", "東區增設兩個臨時收容中心 - XYZTV", "title tag"),
    )
    assert title_named_site(page) == "XYZTV"


def test_a_name_both_titles_end_with_is_the_site() -> None:
    page = (
        ("url", "https://www.example.mg/news_info.php?SerialNo=1", "meta tag"),
        ("title", "颱風遠離 本島今晚解除陸上警報--示例報", "meta tag"),
        ("title", "颱風遠離 本島今晚解除陸上警報 -- 示例報 / 焦點", "title tag"),
        ("outlet", "example.mg", "trafilatura"),
    )
    assert title_named_site(page) == "示例報"
    page_text = _page("示例報 Example Media", "颱風遠離 本島今晚解除陸上警報", LEAD_TW, SECOND_TW)
    chosen = choose_metadata(_page(LEAD_TW, SECOND_TW), {}, page, page_text)
    assert chosen.outlet == "示例報"
    assert chosen.sources["outlet"] == "title tag"
    refused = [value for field, value, _, _ in chosen.rejected if field == "outlet"]
    assert "example.mg" in refused


def test_a_single_title_with_an_unspelled_piece_names_no_site() -> None:
    # One title and an address that does not spell the piece: it may be a topic, not a site.
    page = (
        ("url", "https://news.example.hk/a/1", "meta tag"),
        ("title", "東區增設兩個臨時收容中心 - 強風吹襲", "title tag"),
    )
    assert title_named_site(page) is None


# The import's path ---------------------------------------------------------------------------


NAMED_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>東區增設兩個臨時收容中心 - XYZTV</title>
<meta property="og:title" content="東區增設兩個臨時收容中心 - XYZTV">
<meta property="og:url" content="https://news.xyztv.hk/ch/k2/1833394-20240312.htm?archive_date=2024-03-12">
</head><body>
<div class="nav"><a href="/">主頁</a> <a href="/local">本地</a></div>
<h1>東區增設兩個臨時收容中心</h1>
<div class="date">2024-03-12 HKT 17:51</div>
<div class="article">
<p>{LEAD_HK}</p>
<p>{SECOND_HK}</p>
</div>
<div class="related">
<h2>相關新聞</h2>
<ul>
<li><a href="/a/2">強風吹襲｜天文台維持八號風球</a> <span>2024-03-14 HKT 15:52</span></li>
<li><a href="/a/3">強風吹襲｜多區有樹木倒塌</a> <span>2024-03-14 HKT 15:47</span></li>
</ul>
</div>
</body></html>
"""


def test_the_import_stores_the_title_named_site_and_the_story_date(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    page = tmp_path / "named.html"
    page.write_text(NAMED_PAGE, encoding="utf-8")
    report = import_paths(sqlite_database, [page])
    assert len(report.imported) == 1
    with sqlite_database.engine.connect() as connection:
        title, outlet, published, extra = connection.execute(
            select(Article.title, Article.outlet, Article.published, Article.extra)
        ).one()
    assert (title, outlet, published) == (
        "東區增設兩個臨時收容中心",
        "XYZTV",
        datetime.date(2024, 3, 12),
    )
    form = metadata_with_sources({"title": title, "outlet": outlet}, extra)
    assert form["outlet"]["source"] == "title tag"

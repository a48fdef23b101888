"""Main-text rules from the unseen-3 failure analysis: a short story above a feed of other
stories' leads, promotion lines inside the body, a table of contents' subheads, a lead that
trafilatura skipped.

Every fragment and fixture here was written for this project in the style of such pages
(a Hong Kong radio site's story page with 更多即時新聞 below it, a Taiwan broadcaster's
live-stream notice, a public broadcaster's explainer with a table of contents); none is
copied from the evaluation pages.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html

from corpus.cleaning import clean, is_list_heading
from corpus.extraction import (
    FEED_OF_OTHER_STORIES,
    PageIdentity,
    _feed_below_story,
    _headline_part,
    _link_texts,
    _page_identity,
    _with_the_lead,
    extract_page,
)
from corpus.text import apply_edits

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pages"

STORY = [
    "水務署表示，為配合東涌道一段總水管的接駁工程，東涌部分大廈今晚十一時起停水，"
    "至明早七時恢復供水，受影響範圍包括東涌市中心及逸東邨一帶。",
    "署方會在受影響地區安排臨時供水站，並呼籲居民預先儲水。市民如有查詢，可致電水務署熱線。",
]
FEED = [
    "運輸署表示，青馬橋明早六時至十時會封閉一條往市區方向的行車線，以進行橋面伸縮縫的維修工程，"
    "署方預計交通會較平日繁忙。",
    "工程期間，機場巴士路線會照常行駛，但行車時間可能較長，署方建議前往機場的旅客提早出發...",
    "天文台表示，一股東北季候風正影響廣東沿岸，預料明日早上市區最低氣溫約十四度，新界再低兩三度。",
    "天文台又指，季候風會在周末緩和，氣溫逐步回升，下周初華南沿岸再有一道冷鋒靠近…",
]
IDENTITY = PageIdentity(
    headlines=("水務署：東涌部分大廈今晚停水八小時",),
    leads=("水務署表示，為配合東涌道一段總水管的接駁",),
)


def _page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _removed(raw: str, detail: str) -> list[str]:
    cleaned = clean(raw)
    assert apply_edits(raw, list(cleaned.edits)) == cleaned.text
    return [raw[e.start : e.end].strip() for e in cleaned.edits if e.detail == detail]


# --- 1. a short story above a feed of other stories' leads ---------------------------------


def test_the_story_above_a_feed_is_kept_and_the_feed_set_aside_as_edits() -> None:
    extracted = extract_page(_page("hk_story_above_feed.html"))
    cleaned = clean(extracted.text, extracted.outside)
    assert cleaned.text.splitlines() == STORY
    assert apply_edits(extracted.text, list(cleaned.edits)) == cleaned.text
    feed_removed = "".join(
        extracted.text[e.start : e.end] for e in cleaned.edits if e.detail == FEED_OF_OTHER_STORIES
    )
    # Each item of the feed, its headline and its time, is one restorable edit away.
    for piece in ("青馬橋明早六時", "天文台又指", "消委會：網購退款", "12分鐘前"):
        assert piece in feed_removed, piece
    # The heading goes too (the line rules know it as a related-articles heading).
    assert any(extracted.text[e.start : e.end].startswith("更多即時新聞\n") for e in cleaned.edits)


def test_a_feed_under_a_heading_of_either_script_is_found_without_ellipses() -> None:
    feed = [line.rstrip(".…") + "。" for line in FEED]
    for heading in (
        "更多即時新聞",
        "其他新聞",
        "其他新闻",
        "相关新闻",
        "下一篇新聞：天文台：明日最低十四度",
    ):
        text = "\n".join([*STORY, heading, *feed]) + "\n"
        start = _feed_below_story(text, feed, IDENTITY)
        assert start == text.index(heading), heading


def test_a_feed_of_cut_short_items_is_found_without_a_heading() -> None:
    text = "\n".join([*STORY, *FEED]) + "\n"
    assert _feed_below_story(text, FEED, IDENTITY) == text.index(FEED[0])


def test_a_block_that_names_the_page_is_the_story_even_with_ellipses() -> None:
    # The page's own story ends two paragraphs in an ellipsis (a quote trailing off): it is
    # readability's block and holds the lead, so nothing is a feed.
    story = [
        STORY[0],
        "居民表示，每次停水都要提早儲水，實在有點麻煩...",
        "有長者說：「年紀大，搬水好辛苦…",
    ]
    text = "\n".join(["相關新聞", *story]) + "\n"
    assert _feed_below_story(text, story, IDENTITY) is None


def test_no_feed_when_nothing_above_the_block_names_the_page() -> None:
    text = "\n".join(["示例電台首頁", "更多即時新聞", *FEED]) + "\n"
    assert _feed_below_story(text, FEED, IDENTITY) is None


def test_one_cut_short_paragraph_without_a_heading_is_not_a_feed() -> None:
    block = [FEED[0], FEED[1], FEED[2]]  # one ending in "..."
    text = "\n".join([*STORY, *block]) + "\n"
    assert _feed_below_story(text, block, IDENTITY) is None


def test_feed_headings_are_recognised_and_sentences_are_not() -> None:
    for heading in ("更多即時新聞", "其他新聞", "其它新闻", "下一篇新聞：", "下一篇新聞：某某標題"):
        assert is_list_heading(heading), heading
    for sentence in ("其他新聞機構亦有報道事件。", "他表示下一篇報告將於月底發表。"):
        assert not is_list_heading(sentence), sentence


def test_a_description_opening_with_the_headline_gives_the_lead_after_it() -> None:
    tree = lxml.html.fromstring(_page("hk_story_above_feed.html"))
    identity = _page_identity(tree)
    assert "水務署：東涌部分大廈今晚停水八小時" in identity.headlines
    assert "水務署表示，為配合東涌道一段總水管的接駁" in identity.leads


def test_the_headline_part_of_a_title_stops_at_a_bar() -> None:
    assert _headline_part("水務署：東涌今晚停水｜本地｜示例電台 990") == "水務署：東涌今晚停水"
    assert _headline_part("颱風路徑曝│示例新聞網") == "颱風路徑曝"
    assert _headline_part("沒有分隔的標題") == "沒有分隔的標題"


# --- 2. promotion lines inside the body -----------------------------------------------------

BODY = (
    "颱風預計明日清晨最接近北台灣，氣象署表示，基隆北海岸及大台北山區要留意豪雨，"
    "民眾應避免前往海邊及山區活動。\n"
)
PROMOTIONS = [
    "颱風直撲北台而來，《示例新聞網》9/1-9/3連續3天，每天16:00~22:00，都有颱風特別報導，"
    "跟主播互動分享各地風雨狀況，陪您掌握最新動態，敬請鎖定。",
    "《示例新闻》客户端每天20:00直播发布会实况，欢迎下载收看。",
    "下載《示例TV》App，每晚九點準時收看新聞特輯，敬請期待。",
]
NEAR_MISS_PROMOTIONS = [
    # A paper quoted with a date and a time: no call to watch or download.
    "《示例日報》9月1日報導，颱風預計今晚20:00登陸，氣象署呼籲民眾鎖定最新消息。",
    "《示例日报》9月1日起连续3天刊发评论员文章，每天一篇，阐述经济政策。",
    # A call and a schedule but no medium named: an app the story is about.
    "衞生署提醒市民可下載《安心出行》應用程式，每天進入場所前登記，敬請市民配合。",
]
ADDRESS_LINES = [
    "直播連結：https://news.example.tw/live/9876",
    "直播链接：https://live.example.cn/room/123",
    "網址： www.example.gov.hk",
    "https://news.example.tw/article/2023/9/1/55555",
]
NEAR_MISS_ADDRESSES = [
    "市民可瀏覽 www.example.gov.hk 查閱最新安排及申請資格。",
    "政府已設立專題網站，一站式提供住宿支援、物資援助及最新消息，網址： www.example.gov.hk",
    "詳情請參考：https://www.example.gov.hk/notice 及各區民政處的公告。",
]


def test_promotion_paragraphs_go_in_both_scripts() -> None:
    for line in PROMOTIONS:
        raw = BODY + line + "\n"
        assert _removed(raw, "the site's promotion (a programme or app to watch or download)") == [
            line
        ], line
        assert clean(raw).text == BODY


def test_sentences_quoting_a_paper_or_an_app_with_a_time_stay() -> None:
    for line in NEAR_MISS_PROMOTIONS:
        raw = BODY + line + "\n"
        assert clean(raw).text == raw, line


def test_a_line_that_is_a_label_and_an_address_goes() -> None:
    for line in ADDRESS_LINES:
        raw = BODY + line + "\n"
        removed = [
            text
            for detail in ("link line (a label and a web address)", "web address")
            for text in _removed(raw, detail)
        ]
        assert removed == [line], line


def test_sentences_with_an_address_in_them_stay() -> None:
    for line in NEAR_MISS_ADDRESSES:
        raw = BODY + line + "\n"
        assert clean(raw).text == raw, line


# --- subheads of a table of contents; a lead trafilatura skipped ----------------------------


def test_subheads_linked_from_a_table_of_contents_are_not_menu_lines() -> None:
    page = _page("tw_contents_subheads.html")
    extracted = extract_page(page)
    cleaned = clean(extracted.text, extracted.outside)
    for subhead in ("海上颱風警報是什麼？", "什麼時候發布？", "警報發布後有哪些影響？"):
        assert subhead in cleaned.text.splitlines(), subhead
    links = _link_texts(lxml.html.fromstring(page))
    assert "什麼時候發布？" not in links
    assert "隱私權政策" in links  # the site's own links are still links


def test_a_link_to_an_anchor_that_is_no_subhead_is_still_a_link() -> None:
    tree = lxml.html.fromstring(
        '<html><body><a href="#">回到頂部</a><a href="#top">返回首頁</a>'
        '<h2 id="part-1">第一部分</h2><a href="#part-1">另一個名字</a></body></html>'
    )
    assert {"回到頂部", "返回首頁", "另一個名字"} <= _link_texts(tree)


LEAD = "每年七到九月是颱風最活躍的季節，海上颱風警報一發布，漁船回港、班機調度都跟著動起來。"
FIRST = "中央氣象署統計，過去三十年平均每年有三到四個颱風侵襲台灣，其中又以八月最為集中。"
SECOND = "海上颱風警報是氣象署針對颱風暴風圈可能影響台灣附近海域時發布的警報，目的是提醒船隻防範。"
LEADS = ("每年七到九月是颱風最活躍的季節，海上颱風",)


def test_a_lead_trafilatura_skipped_is_put_back_above_the_first_agreed_paragraph() -> None:
    text = "颱風季將至 一文看懂海上颱風警報怎麼發\n" + FIRST + "\n" + SECOND + "\n"
    restored = _with_the_lead(text, [LEAD, FIRST, SECOND], LEADS)
    assert restored.splitlines() == ["颱風季將至 一文看懂海上颱風警報怎麼發", LEAD, FIRST, SECOND]


def test_the_lead_is_not_put_back_twice_nor_out_of_order() -> None:
    text = LEAD + "\n" + FIRST + "\n"
    assert _with_the_lead(text, [LEAD, FIRST], LEADS) == text
    # Readability holds the lead only after the paragraphs both agree on: no place to tell.
    text = FIRST + "\n" + SECOND + "\n"
    assert _with_the_lead(text, [FIRST, SECOND, LEAD], LEADS) == text
    assert _with_the_lead(text, [LEAD, FIRST, SECOND], ()) == text

"""A title loses the site's suffix, however the page writes it; sections are not authors.

Fragments written for these tests in the style of mainland, Hong Kong and Taiwan pages' <title>
tags: "…-某某网" (no spaces), "…_某某新闻", "… | 某報", "… - 某某時報電子報", and a suffix that
says nothing of being a site but ends the titles of every page of a batch.
"""

from __future__ import annotations

from collections import Counter

from corpus.metadata import (
    choose_metadata,
    page_poster,
    plausible_title,
    recurring_title_suffixes,
    site_suffix,
    strip_site_suffix,
    title_suffixes,
)

STORY = (
    "示例市交通委昨日表示，地铁三号线北延段将于本月底开通，沿线六个车站同步启用。\n"
    "交通委相关负责人介绍，开通初期行车间隔为六分钟，高峰时段将加开区间车。\n"
)
TRADITIONAL_STORY = (
    "運輸署昨日表示，新巴士路線將於下月初開辦，途經三個屋邨及一個港鐵站。\n"
    "署方發言人指，路線開辦首月會按乘客量調整班次，繁忙時段每十分鐘一班。\n"
)


def test_a_suffix_without_spaces_goes_when_it_is_a_site_name() -> None:
    assert strip_site_suffix("地铁三号线北延段月底开通-示例网", set()) == "地铁三号线北延段月底开通"
    assert (
        strip_site_suffix("地铁三号线北延段月底开通_示例新闻", set()) == "地铁三号线北延段月底开通"
    )
    assert (
        strip_site_suffix("地铁三号线北延段月底开通—示例日报", set()) == "地铁三号线北延段月底开通"
    )
    # Two pieces of the site after each other (channel and portal) both go.
    assert strip_site_suffix("地铁三号线北延段月底开通_示例科技_示例网", set()) == (
        "地铁三号线北延段月底开通"
    )
    # A name the page gives for itself (og:site_name) counts whatever it looks like.
    assert strip_site_suffix("新巴士路線下月開辦-晨風", {"晨風"}) == "新巴士路線下月開辦"
    assert strip_site_suffix("新巴士路線下月開辦|晨風", {"晨風傳媒"}) == "新巴士路線下月開辦"


def test_a_hyphen_inside_a_headline_stays() -> None:
    for title in (
        "中-美经贸磋商取得阶段性进展",
        "2019-2020赛季联赛总结",
        "示例市-示例县城际公交开通",
        "新巴士路線下月開辦-晨風",  # not known as the site's name: it may be the headline's
    ):
        assert strip_site_suffix(title, set()) == title
    # What is left must still be a headline, not a stub.
    assert strip_site_suffix("中美-示例网", set()) == "中美-示例网"


def test_spaced_suffixes_of_all_three_regions_go() -> None:
    cases = {
        "新巴士路線下月開辦 | 示例報": "新巴士路線下月開辦",
        "新巴士路線下月開辦 - 20251208 - 港聞 - 示例日報 - 示例新聞網": "新巴士路線下月開辦",
        "桃園客運新路線明起上路 - 生活 - 示例時報電子報": "桃園客運新路線明起上路",
    }
    for title, headline in cases.items():
        assert plausible_title(title, set()) == (headline, None)


def test_the_outlet_is_read_from_a_suffix_without_spaces() -> None:
    assert site_suffix("地铁三号线北延段月底开通-示例网") == "示例网"
    assert site_suffix("中-美经贸磋商取得阶段性进展") is None


def test_a_suffix_that_ends_the_titles_of_a_batch_is_the_sites() -> None:
    pages = [
        (("title", f"{headline}-晨風", "title tag"),)
        for headline in ("新巴士路線下月開辦", "屋邨翻新工程展開", "渡輪加班應付假期人潮")
    ]
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(title_suffixes(page))
    suffixes = recurring_title_suffixes(counts)
    assert suffixes == frozenset({"晨風"})
    chosen = choose_metadata(TRADITIONAL_STORY, {}, pages[0], site_suffixes=suffixes)
    assert chosen.title == "新巴士路線下月開辦"
    # On two pages only it is not yet the site's: the title is kept whole.
    two = Counter[str]()
    for page in pages[:2]:
        two.update(title_suffixes(page))
    chosen = choose_metadata(
        TRADITIONAL_STORY, {}, pages[0], site_suffixes=recurring_title_suffixes(two)
    )
    assert chosen.title == "新巴士路線下月開辦-晨風"


def test_the_choice_strips_a_tight_suffix_from_the_title_tag() -> None:
    page = (("title", "地铁三号线北延段月底开通-示例网", "title tag"),)
    chosen = choose_metadata(STORY, {}, page)
    assert chosen.title == "地铁三号线北延段月底开通"
    assert chosen.outlet == "示例网"


def test_a_section_named_in_the_title_is_not_the_author() -> None:
    page = (
        ("author", "港聞", "meta tag"),
        ("title", "新巴士路線下月開辦 - 晨報 - 港聞 - 要聞", "title tag"),
    )
    chosen = choose_metadata(TRADITIONAL_STORY, {}, page)
    assert chosen.author is None
    assert ("author", "港聞", "meta tag", "the page's section or site, named in its title") in (
        chosen.rejected
    )
    # A person's name in the same field is believed.
    page = (("author", "陳大文", "meta tag"), page[1])
    assert choose_metadata(TRADITIONAL_STORY, {}, page).author == "陳大文"


def test_a_news_sentence_with_by_and_a_time_names_no_poster() -> None:
    raw = (
        "座谈会由张明于2021年3月1日10:00主持召开，与会代表围绕社区养老服务展开讨论。\n"
        "会议决定下月起在三个街道试点助餐服务，由街道统一招募志愿者。\n"
    )
    page = "示例论坛 » 社区动态\n" + raw
    assert page_poster(page, raw) is None
    # The words of a forum's posting line still name the poster.
    forum = f"本帖由 晚风拂柳 于2019年6月3日21:14:08在〖社区动态〗发表\n{raw}"
    assert page_poster(forum, raw) == "晚风拂柳"
    forum = f"{raw}由晚风拂柳张贴 @ (370) 2019-06-03 21:14:08\n"
    assert page_poster(forum, raw) == "晚风拂柳"


def test_a_wire_dateline_in_brackets_gives_the_agency_as_outlet() -> None:
    raw = (
        "客運新路線明起上路\n"
        "（示例社記者林大同新竹19日電）新竹縣客運新路線明天起上路，途經三個鄉鎮及一個火車站，"
        "縣府表示首月免費搭乘。\n"
        "縣府交通處指出，路線開辦首月將依搭乘人數調整班次，尖峰時段每十五分鐘一班。\n"
    )
    chosen = choose_metadata(raw, {}, ())
    assert chosen.outlet == "示例社"
    # The known place 新竹 tells where the reporter's name ends.
    assert chosen.author == "林大同"
    # A photo caption set above the story does not hide the dateline.
    captioned = raw.replace(
        "客運新路線明起上路\n",
        "客運新路線明起上路\n新竹縣客運新路線明天起上路，縣府人員在站牌前說明路線。\n（示例局提供）\n",
    )
    assert choose_metadata(captioned, {}, ()).outlet == "示例社"


def test_a_placed_byline_is_read_even_when_the_sites_notice_runs_on() -> None:
    raw = (
        "客運新路線明起上路\n"
        "新竹縣客運新路線明天起上路，途經三個鄉鎮及一個火車站，縣府表示首月免費搭乘。\n"
        "縣府交通處指出，路線開辦首月將依搭乘人數調整班次，尖峰時段每十五分鐘一班。"
        "（林大同／新竹報導）《示例報》提醒你，搭車請先規劃行程。\n"
    )
    assert choose_metadata(raw, {}, ()).author == "林大同"
    # A bracketed aside without the place and 報導 inside a paragraph is not a byline.
    aside = raw.replace("（林大同／新竹報導）", "（見附表）")
    assert choose_metadata(aside, {}, ()).author is None

"""Metadata with evidence: each field from its most reliable plausible source."""

from __future__ import annotations

import datetime
from pathlib import Path

from sqlalchemy import select

from corpus.importer import import_paths
from corpus.metadata import (
    ARTICLE_TEXT,
    BYLINE,
    FIRST_LINE,
    PAGE_TEXT,
    choose_metadata,
    metadata_with_sources,
    plausible_authors,
    plausible_outlet,
    plausible_person,
    strip_site_suffix,
)
from models.database import ProjectDatabase
from models.entities import Article

DATELINE_STORY = (
    "新京报讯（记者 陆一夫）记者从市交通委获悉，本市将于下月起在五条公交线路试点夜间定制服务，"
    "市民可通过手机预约上车地点。\n"
    "交通委相关负责人介绍，试点期间将根据客流情况动态调整发车间隔。\n"
    "责任编辑：张晓燕\n"
)


def test_the_byline_in_the_text_beats_the_page_author() -> None:
    page = (("author", "Name; Email Com", "meta tag"), ("outlet", "网易版权所有", "meta tag"))
    chosen = choose_metadata(DATELINE_STORY, {}, page)
    assert chosen.author == "陆一夫"
    assert chosen.editor == "张晓燕"
    assert chosen.outlet == "新京报"
    assert chosen.sources == {"author": BYLINE, "editor": ARTICLE_TEXT, "outlet": ARTICLE_TEXT}
    # Without the text's values, the page's are judged and refused, and nothing is stored.
    plain = "记者从市交通委获悉，本市将于下月起在五条公交线路试点夜间定制服务，市民可预约上车。\n"
    chosen = choose_metadata(plain, {}, page)
    assert chosen.author is None and chosen.outlet is None
    assert {(field, value) for field, value, _, _ in chosen.rejected} == {
        ("author", "Name; Email Com"),
        ("outlet", "网易版权所有"),
    }
    assert {"author", "outlet"} <= set(chosen.missing)


def test_a_copyright_year_is_not_a_publication_date() -> None:
    page_text = (
        "示例新闻网\n洛克菲勒家族第三代传人去世\n2004-7-16 08:19\nCopyright © 2005 示例新闻网"
    )
    raw = "洛克菲勒家族第三代传人去世\n劳伦斯·洛克菲勒于7月10日早上寿终正寝，享年94岁。\n"
    page = (("published", "2005-01-01", "trafilatura"), ("published", "2005-01-01", "meta tag"))
    chosen = choose_metadata(raw, {}, page, page_text)
    assert chosen.published == datetime.date(2004, 7, 16)
    assert chosen.sources is not None and chosen.sources["published"] == PAGE_TEXT
    assert chosen.rejected == (("published", "2005-01-01", "meta tag", "not written on the page"),)


def test_a_declared_date_is_believed_and_a_guess_must_be_written() -> None:
    raw = (
        "社区党建引领基层治理\n近年来，某区坚持以社区党建引领基层治理，推动网格化管理向纵深发展。\n"
    )
    declared = (("published", "2024-03-15T09:26:00+08:00", "structured data"),)
    assert choose_metadata(raw, {}, declared, raw).published == datetime.date(2024, 3, 15)
    guessed = (("published", "2024-03-15", "trafilatura"),)
    chosen = choose_metadata(raw, {}, guessed, raw)
    assert chosen.published is None
    assert "published" in chosen.missing


def test_an_author_is_a_person() -> None:
    assert plausible_person("陆一夫") is None
    assert plausible_person("Joel Spolsky") is None
    assert plausible_person("责任编辑：王伟") == "a label, not a name"
    assert plausible_person("12345") == "holds a number"
    assert plausible_person("news@example.com") == "an e-mail address"
    assert plausible_person("示例新闻网") is not None
    assert plausible_authors("赵  培") == ("赵培", None)
    assert plausible_authors("王建宏、张文攀") == ("王建宏, 张文攀", None)
    assert plausible_authors("cnanewstaiwan", from_page=True)[0] is None
    assert plausible_authors("Www Yunnan Cn")[0] is None


def test_an_outlet_is_a_name() -> None:
    assert plausible_outlet("网易版权所有") == (None, "a copyright notice, not a name")
    assert plausible_outlet("聯合新聞網") == ("聯合新聞網", None)


def test_a_title_loses_the_site_name_and_is_not_a_section() -> None:
    sites = {"新华网", "聯合新聞網"}
    assert (
        strip_site_suffix("马克龙在莫斯科与普京会谈 - 新华网", sites) == "马克龙在莫斯科与普京会谈"
    )
    assert strip_site_suffix("血濺桃機 他把老婆丟下樓再跳樓 | 聯合新聞網", sites) == (
        "血濺桃機 他把老婆丟下樓再跳樓"
    )
    page = (("title", "大中華", "meta tag"), ("title", "無綫新聞", "title tag"))
    raw = "港铁东涌线今日上午一度因信号故障延误约二十分钟，大批乘客滞留月台。\n"
    chosen = choose_metadata(raw, {}, page)
    assert chosen.title is None
    assert {why for field, _, _, why in chosen.rejected if field == "title"} == {
        "too short for a headline (a menu entry or section name)",
        "the site's name, not a headline",
    }


def test_show_json_form_gives_each_value_and_its_source() -> None:
    form = metadata_with_sources(
        {
            "title": "标题",
            "published": datetime.date(2024, 3, 15),
            "author": "陆一夫",
            "editor": None,
        },
        {"metadata_sources": {"title": "structured data", "author": "byline", "editor": "x"}},
    )
    assert form["author"] == {"value": "陆一夫", "source": "byline"}
    assert form["editor"] == {"value": None, "source": None}
    assert form["published"] == {"value": "2024-03-15", "source": None}
    assert form["outlet"] == {"value": None, "source": None}


def test_the_import_stores_sources_and_warns(database: ProjectDatabase, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a_story.txt").write_text(DATELINE_STORY, encoding="utf-8")
    (folder / "b_empty.txt").write_text("港铁公布上半年乘客量\n", encoding="utf-8")
    headlines = [
        "观塘线早上繁忙时间服务受阻",
        "港铁公布上半年乘客量回升",
        "东涌线延伸段明年动工",
        "机场快线加密班次",
        "屯马线开通三周年",
        "南港岛线东段乘客创新高",
    ]
    (folder / "c_links.txt").write_text("\n".join(headlines) + "\n", encoding="utf-8")
    report = import_paths(database, [folder])
    assert len(report.imported) == 3
    kinds = {(Path(w.source).name, w.kind) for w in report.warnings}
    assert ("b_empty.txt", "near-empty") in kinds
    assert ("c_links.txt", "link-list") in kinds
    assert ("a_story.txt", "metadata-missing") in kinds  # it gives no date
    assert not {k for name, k in kinds if name == "a_story.txt"} - {"metadata-missing"}
    (missing,) = [
        w
        for w in report.warnings
        if w.kind == "metadata-missing" and w.source.endswith("a_story.txt")
    ]
    # No headline line either: the first line stands in for the title, and says so.
    assert missing.fields == ("title", "published")
    assert {"source", "article", "kind", "message", "fields"} <= set(
        report.as_json()["warnings"][0]
    )
    with database.engine.connect() as connection:
        extra, author = connection.execute(
            select(Article.extra, Article.author).where(Article.source.like("%a_story.txt"))
        ).one()
    assert author == "陆一夫"
    assert extra["metadata_sources"]["author"] == BYLINE
    assert extra["metadata_sources"]["title"] == FIRST_LINE


def test_a_bracketed_byline_closing_the_story_is_the_author() -> None:
    raw = (
        "台中市凌晨发生一起坠楼案，一名女子与男友口角后从五楼坠下，送医后不治，检警将相验厘清死因。\n"
        "女子家属质疑男友明知她服药仍毫无作为，警方已勘验现场并报请相验。（王小明／台中報導）\n"
        "《示例》关心你\n"
    )
    chosen = choose_metadata(raw, {}, ())
    assert chosen.author == "王小明"
    assert chosen.sources is not None and chosen.sources["author"] == BYLINE
    # （完） and （资料图） close stories too, and are not names.
    finished = "本市将于下月起在五条公交线路试点夜间定制服务，市民可通过手机预约上车地点。（完）\n"
    assert choose_metadata(finished, {}, ()).author is None


def test_a_reporter_line_with_the_place_is_read() -> None:
    raw = (
        "記者林小悅／南市報導\n"
        "44歲陳姓客運司機7日凌晨在永康區住處輕生，經送醫急救仍於當日清晨宣布不治，警方已報請相驗。\n"
    )
    assert choose_metadata(raw, {}, ()).author == "林小悅"
    page = (("author", "記者陳嘉寧／桃園機場報導", "structured data"),)
    plain = (
        "萬姓男子昨天凌晨準備搭機飛往美國前，與妻子在機場第二航廈出境大廳樓梯間爭吵，雙雙送醫。\n"
    )
    assert choose_metadata(plain, {}, page).author == "陳嘉寧"


def test_the_date_above_the_story_on_a_portal_page() -> None:
    raw = (
        "从车展看在华布局 现代汽车再次提速\n"
        "现代汽车在本届车展上一口气发布三款新车，并宣布将在华设立第二座研发中心，加快本地化步伐。\n"
    )
    page_text = (
        "首页\n汽车频道\n从车展看在华布局 现代汽车再次提速\nAUTO.EXAMPLE.COM 2005年05月13日14:15\n"
        "页面功能【我来说两句】\n现代汽车在本届车展上一口气发布三款新车，并宣布将在华设立第二座研发中心，"
        "加快本地化步伐。\nCopyright © 2006 示例网"
    )
    chosen = choose_metadata(raw, {}, (("published", "2006-01-01", "trafilatura"),), page_text)
    assert chosen.published == datetime.date(2005, 5, 13)
    assert chosen.sources is not None and chosen.sources["published"] == PAGE_TEXT


def test_a_title_loses_its_section_and_site_after_the_headline() -> None:
    assert strip_site_suffix("平鎮輪胎行惡火 疏散7人1女命喪 | 社會 | 示例社 CNA", set()) == (
        "平鎮輪胎行惡火 疏散7人1女命喪"
    )
    # A short part before a long one is a column name, and stays.
    title = "图说洛阳| 洛阳职业技术学院：剪“廉洁窗花” 过廉洁之年"
    assert strip_site_suffix(title, set()) == title


def test_the_outlet_falls_back_to_the_site_name_in_the_title_tag() -> None:
    raw = "马克龙在莫斯科与普京会谈\n法国总统马克龙当天在莫斯科与俄罗斯总统普京举行会谈，双方讨论了地区局势。\n"
    page = (("title", "马克龙在莫斯科与普京会谈 - 示例新闻网", "title tag"),)
    chosen = choose_metadata(raw, {}, page)
    assert (chosen.outlet, chosen.title) == ("示例新闻网", "马克龙在莫斯科与普京会谈")
    assert chosen.sources == {"outlet": "title tag", "title": "title tag"}
    # A section name after the headline is not an outlet.
    page = (("title", "马克龙在莫斯科与普京会谈 | 国际", "title tag"),)
    assert choose_metadata(raw, {}, page).outlet is None

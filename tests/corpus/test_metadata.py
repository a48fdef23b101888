"""Metadata read from article text: title, outlet, date, reporters, editor, in both scripts."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.cleaning import analyse_lines
from corpus.metadata import FoundMetadata, extract_metadata

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def read_raw(name: str) -> str:
    with open(ARTICLES / f"{name}.txt", encoding="utf-8", newline="") as handle:
        return handle.read()


EXPECTED = {
    "trad_dateline_pinyin": FoundMetadata(
        title=None,  # the text opens with the first paragraph
        outlet="青禾新聞網",
        published=None,  # the dateline has no year
        published_text=None,
        author="陳子謙, 林曉薇",
        editor="周嘉寧",
    ),
    "trad_header_pinyin": FoundMetadata(
        title="黨建引領基層治理丨星城市芙蓉區:以“小網格”撬動“大治理” 桂花社區服務有“速度”更有“溫度”",
        outlet="星城網",
        published=datetime.date(2024, 5, 12),
        published_text="2024-05-12 10:21",
        author=None,
        editor=None,
    ),
    "spam_mojibake": FoundMetadata(
        title="海川濱江:網格“微治理”激活社區“大能量”",  # not the kicker above it
        outlet="海川日報",
        published=datetime.date(2023, 5, 16),
        published_text="2023年05月16日08:41",
        author="鄭雨桐, 許思遠",
        editor="梁靜怡, 何俊傑",
    ),
    "related_county": FoundMetadata(
        title="云溪区桂香社区“党建+”网格服务打通基层治理“最后一米”",
        outlet="云溪日报-掌上云溪",
        published=None,  # the dates of the previous/next links are not this article's
        published_text=None,
        author="韩书瑶",
        editor="陆一鸣",
    ),
    "crlf_bom_nbsp": FoundMetadata(
        title="新河湾街道河湾社区:“红色管家”让老小区焕发新活力",
        outlet="新河湾融媒",
        published=datetime.date(2024, 6, 18),
        published_text="2024-06-18 09:30",
        author="唐小禾",
        editor="周晓",
    ),
    "clean_simplified": FoundMetadata(
        title="东湖区枫林社区:居民议事会让“众人的事众人商量”",
        outlet="东湖日报",
        published=datetime.date(2024, 4, 8),
        published_text="2024年4月8日",
        author="钱多多, 孙悦",
        editor="马晓燕",
    ),
    "images_icp": FoundMetadata(
        title="南屏区竹韵社区:红色物业服务站揭牌 居民家门口享受“一站式”服务",
        outlet="南屏区融媒体中心",
        published=datetime.date(2024, 9, 3),
        published_text="2024-09-03 16:45",
        author="黎明, 周洁",
        editor=None,
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_of_the_fixtures(name: str) -> None:
    assert extract_metadata(read_raw(name)) == EXPECTED[name]


def test_an_analysis_can_be_passed_in() -> None:
    raw = read_raw("spam_mojibake")
    assert extract_metadata(raw, analyse_lines(raw)) == EXPECTED["spam_mojibake"]


BODY = "社区党委组织党员志愿者开展入户走访,收集居民意见建议,解决了一批群众急难愁盼的问题。"


def article(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def test_pinyin_inside_metadata_lines_is_ignored() -> None:
    raw = article(
        "社區(qū)議(yì)事會(huì)開(kāi)起來(lái)了",
        "來(lái)源(yuán):星(xīng)城網(wǎng)  時(shí)間(jiān):2024-03-05",
        BODY,
        "責(zé)編(biān):張(zhāng)三",
    )
    found = extract_metadata(raw)
    assert (found.title, found.outlet, found.published, found.editor) == (
        "社區議事會開起來了",
        "星城網",
        datetime.date(2024, 3, 5),
        "張三",
    )


@pytest.mark.parametrize(
    ("first_paragraph", "outlet", "author"),
    [
        ("新华社北京3月5日电(记者 王五)" + BODY, "新华社", "王五"),
        ("中新网3月5日电 " + BODY, "中新网", None),
        ("本报讯（记者 张三 通讯员 李四 王五）" + BODY, None, "张三, 李四, 王五"),
        ("岳川新聞網2月2日訊(通訊員:黃一)" + BODY, "岳川新聞網", "黃一"),
        ("社区资讯" + BODY, None, None),
        ("社区充电桩建设," + BODY, None, None),
    ],
)
def test_datelines(first_paragraph: str, outlet: str | None, author: str | None) -> None:
    found = extract_metadata(article(first_paragraph, BODY))
    assert (found.outlet, found.author) == (outlet, author)


def test_a_source_field_beats_the_dateline() -> None:
    found = extract_metadata(article("标题", "来源:某某日报", "某某网3月5日讯" + BODY))
    assert found.outlet == "某某日报"


def test_a_body_sentence_that_mentions_a_source_is_not_metadata() -> None:
    found = extract_metadata(article("标题", BODY, "资金来源:街道专项经费和社会捐赠各占一半。"))
    assert found.outlet is None


def test_a_header_date_beats_a_footer_date() -> None:
    raw = article("标题", "2024年01月02日 | 来源:甲报", BODY, "发布时间:2024-05-06")
    assert extract_metadata(raw).published == datetime.date(2024, 1, 2)


def test_an_impossible_date_is_kept_as_text_only() -> None:
    found = extract_metadata(article("标题", "时间:2024-13-45", BODY))
    assert found.published is None


def test_photographers_are_not_authors_and_editor_ranks() -> None:
    raw = article("标题", BODY, "记者 张三 摄影 李四", "编辑:王五", "责任编辑:赵六")
    found = extract_metadata(raw)
    assert (found.author, found.editor) == ("张三", "赵六")


def test_a_site_name_is_the_last_resort_for_the_outlet() -> None:
    found = extract_metadata(article("东方网", "社区治理有新招", BODY))
    assert (found.outlet, found.title) == ("东方网", "社区治理有新招")


def test_nothing_found_in_plain_text() -> None:
    assert extract_metadata(BODY) == FoundMetadata()


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("来源记者责编:：年月日讯电(（)） \n2024-网報")), max_size=60
    )
)
def test_extract_metadata_never_fails(raw: str) -> None:
    found = extract_metadata(raw)
    if found.published is not None:
        assert found.published_text is not None


def test_a_date_line_between_paragraphs_is_not_the_publication_date() -> None:
    raw = article("标题", BODY, "时间:2024年3月5日", BODY.replace("社区", "街道"))
    assert extract_metadata(raw).published is None


def test_fields_separated_by_ideographic_spaces() -> None:
    raw = article("标题", "2025-01-16 07:20\u3000来源：南塘晚报\u3000记者 蒋卓然", BODY)
    found = extract_metadata(raw)
    assert (found.outlet, found.author) == ("南塘晚报", "蒋卓然")


def test_a_closing_source_and_editor_note() -> None:
    raw = article("標題", BODY, "（本文來源：南州法治報\u3000責任編輯：呂冬）")
    found = extract_metadata(raw)
    assert (found.outlet, found.editor) == ("南州法治報", "呂冬")


def test_a_label_word_is_not_an_author() -> None:
    raw = article("标题", "2024-03-28 08:30 来源：某某杂志 作者：本刊记者 庞雪松 窦一帆", BODY)
    assert extract_metadata(raw).author == "庞雪松, 窦一帆"


def test_a_headline_with_a_comma_and_a_question_mark() -> None:
    found = extract_metadata(article("基层观察丨社区减负，为何“减”了又“增”？", BODY))
    assert found.title == "基层观察丨社区减负，为何“减”了又“增”？"


def test_account_and_page_header_lines_give_date_and_outlet() -> None:
    wechat = article(
        "某某观察", "标题在这里", "原创\u00a0某某观察\u00a02025年04月22日\u00a021:05", BODY
    )
    found = extract_metadata(wechat)
    assert (found.outlet, found.published_text) == ("某某观察", "2025年04月22日 21:05")
    paper = article("临澜日报\u30002022年10月11日\u3000第03版：社区", "长者食堂开到家门口", BODY)
    found = extract_metadata(paper)
    assert (found.outlet, found.published) == ("临澜日报", datetime.date(2022, 10, 11))

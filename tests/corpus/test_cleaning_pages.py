"""Cleaning rules for what news pages leave in their main text (issue 14), on page-style input."""

from __future__ import annotations

from corpus.cleaning import clean
from corpus.extraction import LINE_OF_LINKS, WEB_ADDRESS, WIDGET_ROW, outside_lines
from corpus.text import apply_edits

STORY = (
    "像许多日本女性一样，顺子一直等到三十岁出头才结婚。在决定结婚后，她便把精力放在建立新家庭上，"
    "夫妇俩如今已结婚十五年。"
)


def test_a_long_line_of_buttons_and_headlines_is_removed() -> None:
    items = ["分享到", "微信", "微博", "QQ空间", "相关新闻"] + [
        f"示例市第{n}届民俗文化节开幕 吸引游客逾万人次" for n in range(1, 25)
    ]
    line = " ".join(items)
    assert len(line) > 400
    raw = f"{STORY}\n{line}\n"
    cleaned = clean(raw)
    assert cleaned.text.strip() == STORY
    (removal,) = [e for e in cleaned.edits if e.detail == "long line of share buttons or headlines"]
    assert raw[removal.start : removal.end].strip() == line


def test_a_long_paragraph_stays_even_with_spaces() -> None:
    paragraph = "，".join(["港铁发言人表示工程人员已修复故障 列车服务逐步回复正常"] * 16) + "。"
    assert len(paragraph) > 400
    assert clean(f"{paragraph}\n").text.strip() == paragraph
    english = " ".join(["The railway said the signal fault was repaired within the hour"] * 8)
    assert clean(f"{english}\n").text.strip() == english


def test_a_site_disclaimer_is_removed_whatever_its_length() -> None:
    disclaimer = (
        "示例门户的所有内容均由其内容合作方根据协议提供，本站在网上传输的内容由合作方负责审核。"
        "依照有关审理涉及计算机网络著作权纠纷案件的司法解释，除作者声明或者上载该作品的网站"
        "另有说明的以外，本站对合作方提供的文章、图片和数据不作任何修改；内容合作方负责其所发布的"
        "内容的真实性、准确性和合法性，如有疑问请与合作方联系。"
    )
    cleaned = clean(f"{STORY}\n{disclaimer}\n")
    assert disclaimer not in cleaned.text
    assert any(e.detail == "site disclaimer" for e in cleaned.edits)
    # One such phrase in a story is news, not a disclaimer.
    news = "法院审理了一起著作权纠纷案件，原告称被告未经许可在网上传播其摄影作品。"
    assert clean(f"{news}\n").text.strip() == news


def test_a_calendar_row_is_outside_and_a_data_row_is_not() -> None:
    text = (
        f"{STORY}\n| 一 | 二 | 三 | 四 | 五 | 六 | 日 |\n| 4 | 5 | 6 | 7 | 8 | 9 | 10 |\n"
        "| 年份 | 离婚率 |\n| 2004 | 百分之二 |\n"
    )
    found = outside_lines(text, [], frozenset())
    removed = [text[start:end].strip() for start, end, reason in found if reason == WIDGET_ROW]
    assert removed == ["| 一 | 二 | 三 | 四 | 五 | 六 | 日 |", "| 4 | 5 | 6 | 7 | 8 | 9 | 10 |"]
    cleaned = clean(text, found)
    assert "| 2004 | 百分之二 |" in cleaned.text
    # Each removal can be undone: without it the row is back.
    edits = [e for e in cleaned.edits if e.detail == WIDGET_ROW]
    restored = apply_edits(text, [e for e in cleaned.edits if e is not edits[0]])
    assert "| 一 | 二 | 三 | 四 | 五 | 六 | 日 |" in restored


def test_a_share_link_address_and_a_row_of_linked_headlines_are_outside() -> None:
    address = "https%3A%2F%2Fnews.example.hk%2Farticle%2F2717383%2F%E5%A4%96%E5%82%AD"
    row = "|    | 【好人好事】小夏威夷徑變外傭樂園 善心男不斷清理 |  |"
    text = f"{STORY}\n{row}\n{address}\n"
    links = frozenset({"【好人好事】小夏威夷徑變外傭樂園善心男不斷清理"})
    found = {
        text[start:end].strip(): reason for start, end, reason in outside_lines(text, [], links)
    }
    assert found == {row: LINE_OF_LINKS, address: WEB_ADDRESS}

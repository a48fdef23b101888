"""Forum threads and blog front pages: the story is the first post, the rest is put aside.

Every fragment here is written for this project in the style of the old forum and blog pages
the extraction benchmark holds (table rows as trafilatura writes them, "| a | b |").
"""

from __future__ import annotations

from pathlib import Path

from corpus.cleaning import clean
from corpus.extraction import AFTER_THE_STORY, extract_page, thread_lines
from corpus.text import apply_edits

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pages"

FIRST_POST = (
    "我们小区建成十多年了，当初规划的车位只有住户数的三成，现在几乎家家都有车，"
    "每天晚上八点以后就找不到地方停。"
)
REPLY = (
    "我们小区也是这样，后来业委会出面和物业谈，最后涨了五十元，同时把绿化带旁边改出了四十个车位。"
)


def _outside_text(text: str) -> list[str]:
    return [text[start:end].strip() for start, end, _ in thread_lines(text)]


def test_a_forum_thread_keeps_the_first_post_and_puts_the_replies_aside() -> None:
    page = (FIXTURES / "forum_thread.html").read_text(encoding="utf-8")
    extracted = extract_page(page)
    cleaned = clean(extracted.text, extracted.outside)
    assert FIRST_POST in cleaned.text
    assert REPLY not in cleaned.text
    assert "物业无权单方涨价" not in cleaned.text
    replies = [edit for edit in cleaned.edits if edit.detail == AFTER_THE_STORY]
    assert len(replies) >= 6
    # Each reply is an edit a user can undo: undoing them all brings the thread back.
    restored = apply_edits(extracted.text, [e for e in cleaned.edits if e not in replies])
    assert REPLY in restored
    assert "涨价要经过业主大会表决" in restored


def test_a_blog_front_page_keeps_the_newest_post_only() -> None:
    text = "\n".join(
        [
            "| 博客首页 \\| 注册 \\| 登录 |",
            "| 江南小镇的早茶 (图) | 2006-04-02 08:15:20 |  |",
            "清晨六点，小镇的茶楼已经坐满了人，蒸笼里的虾饺和烧卖冒着热气，"
            "老人们一边喝茶一边看报，说的都是镇上的新鲜事。",
            "| [打印] |",
            "由青石板张贴 @ 2006-04-02 08:15:20 (212) 共 3 篇评论 发表评论 >>>",
            "| 雨天读书记 | 2006-03-28 21:40:02 |  |",
            "连着下了一个星期的雨，索性把去年买了没看的几本书都翻了出来，"
            "从傍晚一直读到深夜，窗外的雨声反倒成了最好的伴奏。",
            "| [打印] |",
            "由青石板张贴 @ 2006-03-28 21:40:02 (305) 共 5 篇评论 发表评论 >>>",
            "| 春天的第一场风筝 | 2006-03-20 16:05:44 |  |",
            "周末带孩子去河边放风筝，风不大，试了好几次才飞起来，"
            "孩子高兴得一直跑，回家的路上还在说下次要做一个更大的。",
        ]
    )
    outside = _outside_text(text)
    assert outside[0] == "| [打印] |"
    assert "| 雨天读书记 | 2006-03-28 21:40:02 |  |" in outside
    assert any(line.startswith("周末带孩子去河边放风筝") for line in outside)
    # The newest post, its heading row and its text stay.
    assert not any(line.startswith("清晨六点") for line in outside)
    assert "| 江南小镇的早茶 (图) | 2006-04-02 08:15:20 |  |" not in outside


def test_a_replies_heading_followed_by_stamped_replies_ends_the_story() -> None:
    story = (
        "导游的收入很大一部分来自购物的回扣，旅行车停在购物店门口会有停车费，"
        "进店购物一般要停留四十五分钟左右，所以一定要看清楚合同。"
    )
    text = "\n".join(
        [
            "| 主题：导游为什么热衷于带游客购物 |",
            story,
            "| \\| 回复线索： |",
            "跟团去云南也遇到过【山间明月】08-11 16:58 138字 [140/0]",
            "合同里写明不进购物店才行【小河流水】08-11 17:03 0字 [127/1]",
            "谢谢分享，长见识了【旅行者】08-12 10:00 0字 [175/1]",
        ]
    )
    outside = _outside_text(text)
    assert outside[0] == "| \\| 回复线索： |"
    assert len(outside) == 4
    assert story not in outside


def test_a_comment_heading_without_stamped_lines_is_not_a_thread() -> None:
    # A report that quotes readers' views under a heading: no post stamps, nothing cut.
    text = "\n".join(
        [
            "本报讯 市交通委昨日发布夜间公交试点方案，五条线路将于下月起开通预约服务，"
            "市民可通过手机选择上车地点。",
            "网友评论",
            "有市民表示，夜班公交解决了加班族回家难的问题，希望尽快扩大到更多线路。",
            "也有市民担心预约人数不足时线路能否坚持下去。",
        ]
    )
    assert thread_lines(text) == []


def test_rows_of_an_information_box_are_not_posts() -> None:
    # An encyclopedia page's box repeats one row layout, but no running text heads each row.
    text = "\n".join(
        [
            "| 原文名 | 김종국 |",
            "| 国籍 | 韩国 |",
            "| 职业 | 歌手 |",
            "金锺国（1976年4月25日－），韩国男歌手、主持人，1995年以组合出道，"
            "之后以个人名义发行多张专辑，并长期参与综艺节目的录制。",
            "| 出道日期 | 1995年 |",
            "| 代表作品 | 《一个男人》 |",
            "| 经纪公司 | 某娱乐公司 |",
            "他在个人生活中以自律著称，多年坚持健身，并曾担任禁烟宣传大使，参与公益活动。",
        ]
    )
    assert thread_lines(text) == []

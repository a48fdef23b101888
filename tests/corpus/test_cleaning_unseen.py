"""Cleaning rules for the kinds of furniture the second unseen split showed (issue 14).

Related-story lists whose items are long "source· headline summary" lines, a video player's
interface, a user-channel platform's stance notice, and an old Taiwan layout table (other
articles' headlines with their times, header and button cells, captions, a second story with
its own byline). The inputs are written for this project in the shape trafilatura gives such
pages (a list item as "- ", a table row as "| cell |"); the two HTML fixtures under
tests/fixtures/pages/ go through the whole HTML path.
"""

from __future__ import annotations

from pathlib import Path

from corpus.cleaning import clean
from corpus.extraction import PHOTO_CAPTION, extract_page
from corpus.text import apply_edits

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pages"

HK_STORY = (
    "港鐵公司今日表示，東涌綫延線工程已完成全部系統測試，新車站預計明年初啟用，"
    "屆時由東涌新市鎮往返市區的車程可縮短約十分鐘。\n"
    "運輸及物流局回應查詢時表示，會與港鐵商討通車安排，並檢討沿線巴士路線，確保居民有足夠的"
    "交通選擇。\n"
)
MAINLAND_STORY = (
    "市交通运输局今天发布消息，新建的滨江大道二期工程已完成主体施工，预计下月底通车，"
    "届时从老城区到高铁站的车程可缩短约十五分钟。\n"
    "工程负责人介绍，二期工程全长约四公里，沿线新建三座人行天桥和两处公交港湾，"
    "施工期间曾因地下管线迁改延误两个月。\n"
)
TW_STORY = (
    "颱風過後，花蓮縣瑞穗鄉的文旦園一片狼藉，不少果實被強風吹落，果農趁著天氣轉晴，"
    "趕緊搶收樹上僅存的果實，希望減少損失。\n"
    "瑞穗鄉農會總幹事表示，今年文旦原本收成不錯，沒想到颱風來襲，估計約三成果實落地，"
    "農會已協助果農申請農損救助。\n"
)
ITEMS = [
    "- 示例經濟日報· 機場第三跑道啟用半年 客運量回升至疫前九成 機場管理局公布，第三跑道系統"
    "啟用半年以來，每日升降架次穩步上升，上月客運量已回升至疫前約九成，貨運量更創新高。",
    "- 示例地產· 將軍澳新盤首輪銷售 三百伙即日沽清 將軍澳最新一期項目昨日首輪銷售，三百個單位"
    "即日沽清，發展商表示會盡快加推單位。代理指入市人士以用家為主，不少是區內換樓客？",
    "- Example News 財經· 恒指半日升二百點 科技股造好 恒生指數今日上午高開後反覆向上，半日收市"
    "升二百點，成交額約五百億元。分析員指，市場憧憬更多刺激經濟措施，資金流入大型科技股！",
]


def _removed(raw: str, detail: str) -> list[str]:
    cleaned = clean(raw)
    assert apply_edits(raw, list(cleaned.edits)) == cleaned.text
    return [raw[e.start : e.end].strip() for e in cleaned.edits if e.detail == detail]


# --- T1: related-story lists -------------------------------------------------------------


def test_a_traditional_related_header_and_its_long_items_go_as_one_edit() -> None:
    for header in ("你可能還想看", "其他人也在看", "※你可能還想看：", "大家都在看", "看更多"):
        raw = HK_STORY + header + "\n" + "\n".join(ITEMS) + "\n"
        cleaned = clean(raw)
        assert cleaned.text == HK_STORY, header
        (removal,) = [e for e in cleaned.edits if e.detail == "related-articles list"]
        # One edit from the header to the last item: putting it back restores the list whole.
        assert raw[removal.start : removal.end] == header + "\n" + "\n".join(ITEMS) + "\n"


def test_items_ending_in_a_question_do_not_end_the_list() -> None:
    # The second item ends in ？ and reads like a sentence: it is still an item of the list.
    raw = HK_STORY + "你可能還想看\n" + "\n".join(ITEMS) + "\n"
    assert ITEMS[1].endswith("？")
    assert clean(raw).text == HK_STORY


def test_a_run_of_source_items_goes_without_a_header() -> None:
    raw = HK_STORY + "\n".join(ITEMS) + "\n"
    assert clean(raw).text == HK_STORY


def test_two_source_items_without_a_header_stay() -> None:
    # Too few to be sure it is a list: the rules prefer leaving noise over losing text.
    raw = HK_STORY + "\n".join(ITEMS[:2]) + "\n"
    assert clean(raw).text == raw


def test_a_paragraph_after_the_list_ends_it() -> None:
    closing = "港鐵表示，通車日期會在稍後公布，屆時會透過不同渠道通知乘客。"
    raw = HK_STORY + "你可能還想看\n" + "\n".join(ITEMS) + "\n" + closing + "\n"
    assert clean(raw).text == HK_STORY + closing + "\n"


def test_a_sentence_with_a_middle_dot_is_not_an_item() -> None:
    names = "英國作家阿加莎·克里斯蒂的小說在本港再版，出版社表示首印三千本已售出大半。\n"
    raw = HK_STORY + names
    assert clean(raw).text == raw


def test_a_section_hot_news_header_in_a_table_cell_goes() -> None:
    raw = TW_STORY + "|  政治熱門新聞 |\n| 延伸新聞 |\n"
    assert _removed(raw, "related-articles list")
    assert clean(raw).text == TW_STORY


def test_a_lone_advertisement_label_goes() -> None:
    for label in ("廣告", "广告"):
        assert clean(HK_STORY + label + "\n").text == HK_STORY


# --- T2: a video player's interface --------------------------------------------------------

PLAYER_LINES = [
    "倍速",
    "00:00",
    "00:00 / 02:30",
    "很抱歉，当前视频播放失败",
    "错误代码：VP.2031",
    "时长：02:30建议WIFI下打开",
    "建議在WiFi環境下觀看",
    "1.5X",
]


def test_player_interface_lines_go() -> None:
    raw = "\n".join(PLAYER_LINES) + "\n" + MAINLAND_STORY
    assert clean(raw).text == MAINLAND_STORY
    assert sorted(_removed(raw, "video player interface")) == sorted(PLAYER_LINES)


def test_times_in_a_story_are_not_player_lines() -> None:
    # A live report's stamp and a sentence with a time stay.
    raw = (
        MAINLAND_STORY
        + "10:30\n记者在现场看到，22:00前后仍有大量车辆排队进入停车场，交警在路口疏导。\n"
    )
    assert clean(raw).text == raw


def test_a_headline_repeated_over_the_player_and_glued_to_the_toggle_goes() -> None:
    headline = "《城市记忆》系列纪录片下周一起晚间20:00播出"
    raw = f"{headline}收起\n倍速\n{headline}\n00:00\n{MAINLAND_STORY}"
    cleaned = clean(raw)
    assert cleaned.text == f"{headline}\n{MAINLAND_STORY}"
    assert _removed(raw, "line repeated above the story (headline printed again, menu entry)") == [
        f"{headline}收起"
    ]


def test_a_headline_ending_in_a_toggle_word_alone_stays() -> None:
    # No other copy of the headline on the page: 收起 is part of what the page says.
    raw = f"股市收起\n{MAINLAND_STORY}"
    assert clean(raw).text == raw


def test_the_video_page_fixture_keeps_the_caption_and_one_headline() -> None:
    page = (FIXTURES / "mainland_video_page.html").read_text(encoding="utf-8")
    extracted = extract_page(page)
    text = clean(extracted.text, extracted.outside).text
    for line in ("倍速", "00:00 / 02:30", "当前视频播放失败", "错误代码", "建议WIFI"):
        assert line not in text
    assert text.count("《城市记忆》系列纪录片下周一起晚间20:00播出") == 1
    assert "收起" not in text
    assert "带领观众重新认识身边熟悉的街巷。" in text


# --- T3: a platform's stance notice ------------------------------------------------------


def test_platform_stance_notices_go_in_both_languages_and_scripts() -> None:
    notices = [
        "Notice: The content above (including the pictures and videos if any) is uploaded and "
        "posted by a user of Example Hao, which is a social media platform and only provides "
        "information storage services.",
        "网友评论仅供其表达个人看法，并不表明示例网立场。",
        "網友留言僅代表個人意見，不代表本站立場。",
        "以上内容由自媒体平台“示例号”用户上传并发布，本平台仅提供信息存储服务。",
        "本平台僅提供資訊儲存空間服務。",
        "Disclaimer: the views expressed are the author's own and not those of this platform.",
    ]
    for notice in notices:
        raw = MAINLAND_STORY + notice + "\n"
        assert clean(raw).text == MAINLAND_STORY, notice


def test_a_story_reporting_such_a_notice_keeps_it() -> None:
    # Quoted inside a sentence, a platform's stance is news (a court case about a platform).
    sentence = (
        "被告公司辩称，涉案文章由用户上传并发布，本平台仅提供信息存储服务，法院未予采纳。\n"
        "法院认为，网友评论仅供参考的提示不能免除平台的审核义务。\n"
    )
    raw = MAINLAND_STORY + sentence
    assert clean(raw).text == raw
    # A line opening with 本文 that cites its author is the story's own text.
    own = "本文作者参与撰写的调查报告指出，城市更新应当首先听取居民意见。\n"
    assert clean(MAINLAND_STORY + own).text == MAINLAND_STORY + own


# --- T4: old Taiwan layout-table furniture ------------------------------------------------


def test_timestamped_headline_runs_go() -> None:
    run = (
        "豪雨特報 北部山區慎防坍方 (2014/08/19 18:16) 颱風假怎麼放？ 縣市長各有考量 "
        "(2014/08/19 17:58) 氣象局：週末天氣轉好 南部仍有午後雷陣雨 (2014/08/19 13:42) "
        "農損逾三億元 農委會啟動現金救助 (2014/08/"
    )
    raw = f"| 延伸新聞 |\n{run}\n{TW_STORY}"
    cleaned = clean(raw)
    assert cleaned.text == TW_STORY
    assert _removed(raw, "other articles' headlines with their times") == [run]


def test_a_paragraph_with_two_dates_in_brackets_stays() -> None:
    paragraph = (
        "法院先後兩度開庭（2014/03/05、2014/03/19），被告均未到庭，檢方已聲請拘提，"
        "法官將於下月宣判。\n"
    )
    raw = TW_STORY + paragraph
    assert clean(raw).text == raw


def test_bookmark_and_button_cells_go() -> None:
    raw = TW_STORY + "| 加入書籤： |  |  |  |  |\n| 字級 |\n| 發送推文 |  |\n"
    assert clean(raw).text.strip() == TW_STORY.strip()


def test_a_second_story_with_its_own_byline_at_the_end_goes_as_one_edit() -> None:
    sidebar = (
        "落果加工 農會推禮盒\n"
        "【示例新聞網／綜合報導】\n"
        "花蓮縣瑞穗鄉農會今年首度推出文旦加工禮盒，將颱風落果製成果醬與果乾，盼為果農增加收入。\n"
        "農會表示，加工品經過檢驗合格，保存期限約一年，第一批共製作兩千盒，售完為止。\n"
    )
    raw = TW_STORY + sidebar
    cleaned = clean(raw)
    assert cleaned.text == TW_STORY
    removals = [
        e for e in cleaned.edits if e.detail.startswith("another story printed in the article")
    ]
    assert len(removals) == 1 and raw[removals[0].start : removals[0].end] == sidebar


def test_a_boxed_story_in_the_middle_of_the_article_is_left() -> None:
    # The article's paragraphs go on after the box: it cannot be told apart, so all stays.
    middle = (
        "落果加工 農會推禮盒\n【示例新聞網／綜合報導】\n"
        "花蓮縣瑞穗鄉農會今年首度推出文旦加工禮盒，將颱風落果製成果醬與果乾，盼為果農增加收入。\n"
        "| 加入書籤： |  |  |\n"
    )
    raw = (
        TW_STORY
        + middle
        + "果農陳先生說，落果雖然不能賣，但可以加工做成果醬或蜜餞，多少彌補一點損失。\n"
    )
    text = clean(raw).text
    assert "落果加工 農會推禮盒" in text and "果農陳先生說" in text


def test_a_subheading_without_a_byline_stays() -> None:
    raw = TW_STORY + "落果加工 農會推禮盒\n農會今年首度推出文旦加工禮盒，盼為果農增加收入。\n"
    assert clean(raw).text == raw


def test_taiwan_captions_are_outside_on_the_html_path() -> None:
    page = (FIXTURES / "tw_layout_table.html").read_text(encoding="utf-8")
    extracted = extract_page(page)
    captions = [
        extracted.text[start:end].strip()
        for start, end, reason in extracted.outside
        if reason == PHOTO_CAPTION
    ]
    assert "▲果農趁天晴搶收文旦，一家人從清晨忙到傍晚。" in captions
    assert any("報系資料照" in caption for caption in captions)
    text = clean(extracted.text, extracted.outside).text
    assert "估計約三成果實落地" in text and "希望消費者多多支持在地農產品。" in text
    assert "落果加工 農會推禮盒" not in text and "第一批共製作兩千盒" not in text


def test_mainland_credited_captions_stay_on_the_html_path() -> None:
    # Gold texts of mainland pages keep "新华社记者 某某 摄" captions.
    caption = "5月19日，市民在滨江大道二期工程现场参观。 新华社记者 张三 摄"
    page = (
        "<html><body><div class='article'>"
        + "".join(f"<p>{line}</p>" for line in MAINLAND_STORY.splitlines())
        + f"<p>{caption}</p></div></body></html>"
    )
    extracted = extract_page(page)
    assert caption in clean(extracted.text, extracted.outside).text

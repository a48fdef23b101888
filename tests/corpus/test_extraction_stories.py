"""Pages holding more than one story, and structured data that describes another article.

The fixtures are written for this project in the style of a Hong Kong site that appends the
next story while the reader scrolls: two <article>s on one page, the page's <title>, og:title,
description and canonical address naming one of them, and a JSON-LD block of the other.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html

from corpus.cleaning import clean
from corpus.extraction import (
    APPENDED_STORY,
    LINE_OF_LINKS,
    OTHER_ARTICLE_DATA,
    OUTSIDE_MAIN_BLOCK,
    PHOTO_CAPTION,
    STRUCTURED,
    PageIdentity,
    _furniture_lines,
    _keep_the_lead,
    extract_page,
    headlines_agree,
    page_metadata,
    page_stories,
    story_named_by_page,
)
from corpus.metadata import choose_metadata
from corpus.text import apply_edits

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pages"

FIRE = [
    "荃灣一幢工業大廈今日凌晨發生三級火，火勢由四樓一個貨倉蔓延，消防員開喉灌救約三小時，火勢至清晨才受控。",
    "據了解，起火貨倉存放大量紙箱及塑膠製品，火勢一度波及相鄰兩個單位。消防處火警調查組正調查起火原因，暫時未發現可疑。",
]
CYCLE_TRACK = [
    "土木工程拓展署宣布，沙田城門河畔單車徑下月起分段封閉約半年，以配合河畔休憩設施的改善工程，期間會設臨時改道。",
    "有單車團體歡迎改善工程，但希望署方在臨時改道處加設指示牌，並在周末及公眾假期加派人手維持秩序，避免單車與行人爭路。",
]


def _page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_two_wordings_of_one_headline_agree_and_another_story_does_not() -> None:
    # The <title> with the site's name, og:title with a full-width space and another word.
    assert headlines_agree(
        "荃灣工廈凌晨三級火 十二人疏散一消防員手部燒傷 | 示例新聞網",
        "荃灣工廈凌晨三級火　十二人疏散一消防員手部燒傷",
    )
    assert headlines_agree(
        "陳某近照精神爽利氣質儒雅 曾停工十年一度暴瘦",
        "前無綫小生近照精神爽利氣質儒雅 曾停工十年一度暴瘦",
    )
    assert not headlines_agree(
        "荃灣工廈凌晨三級火 十二人疏散", "沙田單車徑下月起分段封閉 配合河畔休憩設施改善工程"
    )
    assert not headlines_agree("新聞", "新聞")  # too short to say anything


def test_json_ld_of_another_article_is_not_evidence_for_this_one() -> None:
    tree = lxml.html.document_fromstring(_page("hk_appended_story.html"))
    found = page_metadata(tree)
    other = [(name, value) for name, value, source in found if source == OTHER_ARTICLE_DATA]
    assert ("title", "沙田單車徑下月起分段封閉 配合河畔休憩設施改善工程") in other
    assert ("author", "葉芷晴") in other
    assert not [entry for entry in found if entry[2] == STRUCTURED]


def test_json_ld_agreeing_with_the_text_alone_is_believed() -> None:
    page = (
        "<html><head><script type='application/ld+json'>"
        '{"@type":"NewsArticle","headline":"屯門公路今晨連環相撞 三人輕傷","author":"梁子謙"}'
        "</script></head><body><p>屯門公路今晨連環相撞，三人輕傷送院。</p></body></html>"
    )
    tree = lxml.html.document_fromstring(page)
    # No <title>, og:title or <h1>: nothing to compare with, so the data stands.
    assert ("author", "梁子謙", STRUCTURED) in page_metadata(tree)
    # With a <title> of another story, the story's first line is what agrees.
    titled = page.replace("<head>", "<head><title>天文台發出黃色暴雨警告信號</title>")
    tree = lxml.html.document_fromstring(titled)
    assert ("author", "梁子謙", OTHER_ARTICLE_DATA) in page_metadata(tree)
    assert ("author", "梁子謙", STRUCTURED) in page_metadata(
        tree, ["屯門公路今晨連環相撞　三人輕傷"]
    )


def test_the_story_the_page_names_is_told_apart() -> None:
    tree = lxml.html.document_fromstring(_page("hk_appended_story.html"))
    stories = page_stories(tree)
    assert len(stories) == 2
    # The headline alone, the lead alone, or the address's number alone each decide.
    assert story_named_by_page(stories, PageIdentity(headlines=("沙田單車徑下月起分段封閉",))) == 1
    assert story_named_by_page(stories, PageIdentity(leads=(FIRE[0][:20],))) == 0
    assert story_named_by_page(stories, PageIdentity(url_numbers=("4815099",))) == 1
    # Nothing said, or both named: no choice is made.
    assert story_named_by_page(stories, PageIdentity()) is None
    both = PageIdentity(leads=(FIRE[0][:20], CYCLE_TRACK[0][:20]))
    assert story_named_by_page(stories, both) is None


def test_an_appended_story_is_put_aside_and_can_be_restored() -> None:
    extracted = extract_page(_page("hk_appended_story.html"))
    cleaned = clean(extracted.text, extracted.outside)
    for paragraph in FIRE:
        assert paragraph in cleaned.text
    for paragraph in CYCLE_TRACK:
        assert paragraph not in cleaned.text
    chosen = choose_metadata(extracted.text, {}, extracted.metadata, extracted.visible_text)
    assert chosen.title == "荃灣工廈凌晨三級火 十二人疏散一消防員手部燒傷"
    assert chosen.author == "區浩然"  # not the appended story's reporter from its JSON-LD
    assert str(chosen.published) == "2026-03-03"
    reasons = {(field, why) for field, _, _, why in chosen.rejected}
    assert any(field == "author" and "another article" in why for field, why in reasons)


def test_a_story_trafilatura_missed_is_taken_from_the_page_and_the_other_put_aside() -> None:
    # The page names the second story; trafilatura takes the first one, printed above it.
    extracted = extract_page(_page("hk_story_below_another.html"))
    cleaned = clean(extracted.text, extracted.outside)
    for paragraph in CYCLE_TRACK:
        assert paragraph in cleaned.text
    for paragraph in FIRE:
        assert paragraph in extracted.text and paragraph not in cleaned.text
    put_aside = [edit for edit in cleaned.edits if edit.detail == APPENDED_STORY]
    assert put_aside
    restored = apply_edits(extracted.text, [e for e in cleaned.edits if e not in put_aside])
    assert FIRE[0] in restored
    # The story's own header opens the raw text, so its byline and date are read there.
    assert extracted.text.startswith("沙田單車徑下月起分段封閉")
    chosen = choose_metadata(extracted.text, {}, extracted.metadata, extracted.visible_text)
    assert chosen.title == "沙田單車徑下月起分段封閉 配合河畔休憩設施改善工程"
    assert chosen.author == "葉芷晴"
    assert str(chosen.published) == "2026-03-02"


def test_a_page_of_one_story_is_unchanged_by_the_rule() -> None:
    extracted = extract_page(_page("hk_broadcaster.html"))
    assert not [span for span in extracted.outside if span[2] == APPENDED_STORY]
    assert not [entry for entry in extracted.metadata if entry[2] == OTHER_ARTICLE_DATA]


CAPTIONED_PAGE = (FIXTURES / "hk_captions.html").read_text(encoding="utf-8")


def test_captions_and_a_run_of_link_texts_are_put_aside() -> None:
    # As a recall-minded extractor keeps them: the story's lines with two captions (one a
    # <figcaption>, one a paragraph of class "img-caption") and the related headlines' links
    # run together with nothing between them.
    tree = lxml.html.document_fromstring(CAPTIONED_PAGE)
    lines = [
        "康文署表示，元朗公園新建的共融遊樂場已大致完工，預計下月初開放，設施包括輪椅可用的鞦韆及感官遊戲牆。",
        "共融遊樂場設有輪椅可用的鞦韆。（李家豪攝）",
        "署方指，遊樂場設計期間曾諮詢區內家長及復康團體，並會在開放首月安排職員在場協助有需要的使用者。",
        "感官遊戲牆以不同質感物料製成。（資料圖片）",
        "屯門海濱長廊翻新工程展開大埔海濱公園周末舉行音樂會沙田馬場夜賽交通安排",
    ]
    text = "\n".join(lines) + "\n"
    found = _furniture_lines(text, [], tree)
    assert [(text[start:end].strip(), why) for start, end, why in found] == [
        (lines[1], PHOTO_CAPTION),
        (lines[3], PHOTO_CAPTION),
        (lines[4], LINE_OF_LINKS),
    ]
    cleaned = clean(text, found)
    assert cleaned.text.split() == [lines[0], lines[2]]
    caption = next(edit for edit in cleaned.edits if edit.detail == PHOTO_CAPTION)
    restored = apply_edits(text, [edit for edit in cleaned.edits if edit is not caption])
    assert lines[1] in restored
    # A line already judged keeps its first reason.
    assert _furniture_lines(text, [(*found[0][:2], "web address")], tree)[0][2] == "web address"
    # The whole page through the import's extractor: story kept, no caption left.
    extracted = extract_page(CAPTIONED_PAGE)
    kept = clean(extracted.text, extracted.outside).text
    assert "康文署表示" in kept and "有家長表示" in kept and "感官遊戲牆以" not in kept


def test_a_figcaption_line_is_a_caption_whichever_extractor_kept_it() -> None:
    tree = lxml.html.document_fromstring(CAPTIONED_PAGE)
    text = (
        "康文署表示，元朗公園新建的共融遊樂場已大致完工，預計下月初開放。\n"
        "共融遊樂場設有輪椅可用的鞦韆。（李家豪攝）\n"
        "有家長表示，區內一直缺乏適合不同能力兒童一同遊玩的設施。\n"
    )
    found = _furniture_lines(text, [], tree)
    assert [(text[start:end].strip(), why) for start, end, why in found] == [
        ("共融遊樂場設有輪椅可用的鞦韆。（李家豪攝）", PHOTO_CAPTION)
    ]


def test_a_page_of_captions_alone_keeps_them() -> None:
    page = (
        "<html><body><article>"
        "<figure><img src='/1.jpg'><figcaption>維港煙花照亮夜空，市民在海濱觀賞。</figcaption></figure>"
        "<figure><img src='/2.jpg'><figcaption>尖沙咀海旁擠滿等候的市民與遊客。</figcaption></figure>"
        "</article></body></html>"
    )
    extracted = extract_page(page)
    assert not [span for span in extracted.outside if span[2] == PHOTO_CAPTION]


def test_a_short_line_closing_with_a_picture_credit_is_a_caption() -> None:
    # The broadcaster sets captions as plain paragraphs: only the credit says what they are.
    tree = lxml.html.document_fromstring("<html><body><p>x</p></body></html>")
    lines = [
        "運輸署表示，青馬大橋今早因強風局部封閉，駕駛人士應留意電台廣播，改用其他路線前往機場。",
        "青馬大橋今早局部封閉。（港台圖片）",
        "大批車輛在收費廣場前等候。（李志明攝）",
        "署方稱，封閉期間會安排特別巴士服務接載旅客往返東涌及機場，並會視乎風勢適時重開大橋。（完）",
        "乘客在巴士站排隊等候。（资料图片）",
    ]
    text = "\n".join(lines) + "\n"
    found = _furniture_lines(text, [], tree)
    assert [text[start:end].strip() for start, end, _ in found] == [lines[1], lines[2], lines[4]]
    assert {why for _, _, why in found} == {PHOTO_CAPTION}


def test_the_lead_the_description_names_is_never_outside_the_main_block() -> None:
    lead = (
        "【示例專訊】立法會選舉昨日結束，地區直選投票率較上屆略升，但投票人數因選民基數減少而下跌。"
    )
    other = "【示例專訊】天文台預測本周後期有冷鋒抵達華南沿岸，市區最低氣溫將跌至十四度左右。"
    menu = "要聞 港聞 經濟 娛樂"
    text = "\n".join([menu, lead, other]) + "\n"
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        spans.append((position, position + len(line), OUTSIDE_MAIN_BLOCK))
        position += len(line)
    kept = _keep_the_lead(text, spans, ["【示例專訊】立法會選舉昨日結束，地區直選"])
    # The lead goes back into the story; the menu and a paragraph of another story stay out.
    assert [text[start:end].strip() for start, end, _ in kept] == [menu, other]
    assert _keep_the_lead(text, spans, []) == spans


def test_a_section_page_of_teasers_names_no_story() -> None:
    # A section front: many <article> teasers, and a title and description of the section.
    teasers = "".join(
        f"<article><h2>第{index}則：區議會討論社區設施改善方案</h2><p>"
        + "區議員在會上提出多項改善建議，包括增設休憩處、加強照明及改善無障礙通道，" * 6
        + "</p></article>"
        for index in range(1, 31)
    )
    page = (
        "<html><head><title>港聞 | 示例新聞網</title>"
        '<meta name="description" content="示例新聞網港聞版，提供本港最新新聞資訊及深入報道。">'
        "</head><body>" + teasers + "</body></html>"
    )
    tree = lxml.html.document_fromstring(page)
    assert len(page_stories(tree)) == 30
    extracted = extract_page(page)
    assert not [span for span in extracted.outside if span[2] == APPENDED_STORY]

"""What a page's tables of headlines and hidden fields leave in its main text (issue 14).

Fragments written for these tests in the style of a Hong Kong daily's page as trafilatura
renders it: the story, a table of other articles' headlines one per row ("|    | 標題 |  |"),
then the page's hidden fields (its address, its tags, its article ID). Every removal is an edit
that can be put back.
"""

from __future__ import annotations

from corpus.cleaning import clean
from corpus.metadata import plausible_authors
from corpus.text import apply_edits

STORY = (
    "運輸署昨日表示，新巴士路線將於下月初開辦，途經三個屋邨及一個港鐵站，預計每日載客約五千人次。\n"
    "署方發言人指，路線開辦首月會按乘客量調整班次，繁忙時段每十分鐘一班，非繁忙時段每二十分鐘一班。\n"
)
ROWS = (
    "-\n"
    "|    | 【屋邨翻新】舊樓外牆工程展開 居民憂噪音影響作息 |  |\n"
    "-\n"
    "|    | 【假期出行】渡輪加班應付人潮 碼頭增派人手疏導 |  |\n"
    "-\n"
    "|    | 「秋季養生湯水推介 三款湯包平價又滋潤」 |  |\n"
)


def test_a_table_of_headlines_after_the_story_is_one_removal() -> None:
    raw = STORY + ROWS
    cleaned = clean(raw)
    assert cleaned.text.strip() == STORY.strip()
    (removal,) = [e for e in cleaned.edits if e.detail == "table rows of other articles' headlines"]
    assert "屋邨翻新" in raw[removal.start : removal.end]
    assert "秋季養生" in raw[removal.start : removal.end]
    # Put back, the rows are there again.
    kept = [e for e in cleaned.edits if e is not removal]
    assert "渡輪加班" in apply_edits(raw, kept)


def test_table_rows_of_data_or_too_few_rows_stay() -> None:
    two_rows = "|    | 【屋邨翻新】舊樓外牆工程展開 居民憂噪音影響作息 |  |\n-\n|    | 【假期出行】渡輪加班應付人潮 碼頭增派人手疏導 |  |\n"
    assert "渡輪加班" in clean(STORY + two_rows).text
    labelled = (
        "| 開辦日期：下月一日星期一上午六時正 |\n"
        "| 途經地點：三個屋邨及一個港鐵站 |\n"
        "| 收費安排：全程收費港幣八元正 |\n"
    )
    assert "途經地點" in clean(STORY + labelled).text
    sentences = (
        "| 署方表示路線開辦首月會按乘客量調整班次。 |\n"
        "| 居民可於下月起在各屋邨巴士站候車。 |\n"
        "| 繁忙時段每十分鐘一班車。 |\n"
    )
    assert "繁忙時段每十分鐘一班車" in clean(STORY + sentences).text


def test_the_pages_address_tags_and_id_go() -> None:
    address = "https://news.example.hk/article/2718001/新巴士路線下月開辦 途經三個屋邨"
    encoded = "https%3A%2F%2Fnews.example.hk%2Farticle%2F2718001%2F" + "%E6%96%B0" * 20
    tags = "巴士,運輸署,新路線,屋邨,港鐵站,交通,公共交通,班次"
    raw = f"{STORY}{address}\n{encoded}\n港聞\n2718001\n503001001\n{tags}\n"
    cleaned = clean(raw)
    assert STORY.strip() in cleaned.text
    for removed in (address, encoded, "2718001", "503001001", tags):
        assert removed not in cleaned.text
    details = {e.detail for e in cleaned.edits}
    assert {"web address", "list of keywords or tags", "identifier number"} <= details


def test_prose_with_an_address_ascii_commas_or_a_year_stays() -> None:
    cited = "https://www.example.hk 是運輸署的網站，市民可在網上查閱新路線的班次。"
    prose = "記者昨日獲悉,本市今年將新建學校十二所,預計明年秋季投入使用,屆時可新增學位約一萬個"
    year = "2019"
    raw = f"{STORY}{cited}\n{prose}\n{year}\n"
    text = clean(raw).text
    assert cited in text
    assert prose in text
    assert "2019" in text


def test_a_you_may_also_like_header_starts_a_related_list() -> None:
    raw = (
        f"{STORY}您也可能喜歡...\n"
        "| 屋邨翻新工程展開 居民憂噪音影響作息 |\n"
        "| 渡輪加班應付假期人潮 |\n"
    )
    cleaned = clean(raw)
    assert cleaned.text.strip() == STORY.strip()
    assert any(e.detail == "related-articles list" for e in cleaned.edits)


def test_a_section_number_stays_and_a_longer_bare_number_between_paragraphs_goes() -> None:
    raw = f"{STORY}2\n{STORY}503\n{STORY}"
    text = clean(raw).text
    assert "\n2\n" in text
    assert "503" not in text


def test_an_image_viewer_button_goes_and_an_excerpt_mark_is_not_an_author() -> None:
    raw = f"{STORY}放大圖片 / 顯示原圖\n"
    assert clean(raw).text.strip() == STORY.strip()
    assert plausible_authors("節錄")[0] is None
    assert plausible_authors("陳大文")[0] == "陳大文"

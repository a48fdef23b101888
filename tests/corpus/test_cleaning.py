"""Cleaning: inserted pinyin, boilerplate and metadata lines, mojibake flags, reversible edits.

The fixture articles in tests/fixtures/articles/ are written in the style of scraped pages (see
each `<name>.txt`); `<name>.body.txt` lists every body sentence, headline, subheading and
caption that must survive, `<name>.noise.txt` every line that must be gone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.cleaning import CJK, TONE_MARKS, Cleaned, analyse_lines, clean, strip_pinyin
from corpus.text import apply_edits, check_edits

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
FIXTURES = sorted(
    path.name.removesuffix(".txt")
    for path in ARTICLES.glob("*.txt")
    if not path.name.endswith((".body.txt", ".noise.txt"))
)
WITH_MOJIBAKE = {"spam_mojibake"}
INSERTED_PINYIN = re.compile(rf"[{CJK}][(（][^)）\n]*[{TONE_MARKS}][^)）\n]*[)）]")


def read_raw(name: str) -> str:
    # newline="" keeps CRLF and lone CR exactly as stored; utf-8 (not utf-8-sig) keeps the BOM.
    with open(ARTICLES / f"{name}.txt", encoding="utf-8", newline="") as handle:
        return handle.read()


def read_list(name: str, suffix: str) -> list[str]:
    lines = (ARTICLES / f"{name}.{suffix}.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line]


def cleaned_fixture(name: str) -> tuple[str, Cleaned]:
    raw = read_raw(name)
    return raw, clean(raw)


def test_there_are_fixtures_of_every_kind() -> None:
    assert len(FIXTURES) >= 6
    for name in FIXTURES:
        assert read_list(name, "body"), name
        assert read_list(name, "noise"), name


def test_fixtures_carry_the_noise_they_are_named_for() -> None:
    raw = read_raw("crlf_bom_nbsp")
    assert raw.startswith("\ufeff") and "\r\n" in raw and "\u00a0" in raw and "\u3000" in raw
    for name in ("trad_dateline_pinyin", "trad_header_pinyin"):
        raw = read_raw(name)
        pinyin = sum(len(m) for m in INSERTED_PINYIN.findall(raw))
        assert pinyin / len(raw) > 0.3, name


@pytest.mark.parametrize("name", FIXTURES)
def test_text_is_the_raw_text_with_the_edits_applied(name: str) -> None:
    raw, cleaned = cleaned_fixture(name)
    check_edits(cleaned.edits, len(raw))
    assert apply_edits(raw, cleaned.edits) == cleaned.text
    assert all(edit.kind for edit in cleaned.edits)


@pytest.mark.parametrize("name", FIXTURES)
def test_no_inserted_pinyin_is_left(name: str) -> None:
    _, cleaned = cleaned_fixture(name)
    assert INSERTED_PINYIN.search(cleaned.text) is None


@pytest.mark.parametrize("name", FIXTURES)
def test_every_body_sentence_is_kept(name: str) -> None:
    _, cleaned = cleaned_fixture(name)
    missing = [line for line in read_list(name, "body") if line not in cleaned.text]
    assert missing == []


@pytest.mark.parametrize("name", FIXTURES)
def test_every_noise_line_is_removed(name: str) -> None:
    _, cleaned = cleaned_fixture(name)
    lines = {line.strip() for line in cleaned.text.splitlines()}
    left = [
        noise
        for noise in read_list(name, "noise")
        if noise in lines or (len(noise) >= 6 and noise in cleaned.text)
    ]
    assert left == []


@pytest.mark.parametrize("name", FIXTURES)
def test_restoring_one_edit_brings_back_exactly_that_piece(name: str) -> None:
    raw, cleaned = cleaned_fixture(name)
    edits = list(cleaned.edits)
    shift = 0
    for index, edit in enumerate(edits):
        restored = apply_edits(raw, edits[:index] + edits[index + 1 :])
        piece = raw[edit.start : edit.end]
        assert piece in restored
        at = edit.start + shift  # where the edit starts in the cleaned text
        assert restored == cleaned.text[:at] + piece + cleaned.text[at + len(edit.replacement) :]
        shift += len(edit.replacement) - (edit.end - edit.start)


@pytest.mark.parametrize("name", FIXTURES)
def test_mojibake_is_flagged_and_nothing_else(name: str) -> None:
    _, cleaned = cleaned_fixture(name)
    text = cleaned.text
    for flag in cleaned.flags:
        assert flag.kind == "mojibake"
        assert 0 <= flag.start < flag.end <= len(text)
        assert "cannot be repaired" in flag.message
    if name not in WITH_MOJIBAKE:
        assert cleaned.flags == ()
        return
    damaged = [m.start() for m in re.finditer(r"\?[,!]|[\ue000-\uf8ff\ufffd]", text)]
    assert len(damaged) >= 4
    for position in damaged:
        assert any(f.start <= position < f.end for f in cleaned.flags), text[
            position : position + 5
        ]


def test_removed_lines_say_why() -> None:
    raw, cleaned = cleaned_fixture("related_county")
    reasons = {raw[e.start : e.end].strip().split("\n")[0]: e.detail for e in cleaned.edits}
    assert reasons["来源:云溪日报-掌上云溪"] == "metadata line"
    assert reasons["相关推荐"] == "related-articles list"
    assert reasons["(0)"] == "share, app or navigation line"
    assert "list of places or links" in reasons.values()
    assert "copyright or republication notice" in reasons.values()


def test_a_related_list_is_one_edit() -> None:
    raw, cleaned = cleaned_fixture("related_county")
    lists = [e for e in cleaned.edits if e.detail == "related-articles list"]
    assert len(lists) == 1
    assert raw[lists[0].start : lists[0].end].count("•") == 3


# --- inserted pinyin -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("網(wǎng)格", "網格"),
        ("社區（qū）", "社區"),
        ("綠(lǜ)化", "綠化"),
        ("嗯(ńg)", "嗯"),
        ("重(Chóng)慶", "重慶"),
        ("中國(zhōng guó)", "中國"),
        ("我們(men)的(de)", "我們的"),  # neutral tone, only after its particle
        ("幸?,F(xiàn)代", "幸?,F代"),  # pinyin after a letter left by mojibake
        ("區(q\nū)域", "區\n域"),  # pinyin cut by a hard line break
        ("區(q\r\nū)域", "區\r\n域"),
    ],
)
def test_inserted_pinyin_is_stripped(raw: str, expected: str) -> None:
    assert strip_pinyin(raw) == expected
    cleaned = clean(raw)
    assert cleaned.text == expected.replace("\r\n", "\n")
    assert {e.kind for e in cleaned.edits} >= {"pinyin"}


@pytest.mark.parametrize(
    "raw",
    [
        "社区标识(logo)",
        "编号(ID)",
        "规则(2024)",
        "乐(YUE)享",
        "咖啡馆(café)",
        "球员(José)",
        "words(wǎng) after latin",
        "(wǎng) at the start",
        "半(lo\ngo)",
        "開(ch\nxyz)",
        "社区(men)",
        "法语(de)",
    ],
)
def test_parentheses_that_are_not_inserted_pinyin_stay(raw: str) -> None:
    assert strip_pinyin(raw) == raw


def test_strip_pinyin_keeps_the_number_of_lines() -> None:
    raw = read_raw("trad_header_pinyin")
    assert strip_pinyin(raw).count("\n") == raw.count("\n")


# --- what stays and what goes ----------------------------------------------------------------

BODY = "社区党委组织党员志愿者开展入户走访,收集居民意见建议,解决了一批群众急难愁盼的问题。"


def article(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "资金来源:街道专项经费和社会捐赠",
        "来源:群众反映,社区道路破损严重",
        "记者在现场看到,议事会开得热火朝天。",
        "记者 走访发现,居民对红色物业很满意。",
        "社区还开设了知识产权和版权保护讲座。",
        "居民可扫描二维码报名参加",
        "亚洲文化节精品展在社区开幕",
        "彩票站店主也加入了志愿服务队。",
    ],
)
def test_body_lines_that_mention_noise_words_stay(sentence: str) -> None:
    cleaned = clean(article("社区议事会开起来了", BODY, sentence, BODY))
    assert sentence in cleaned.text


def test_a_related_list_in_the_middle_ends_at_the_next_paragraph() -> None:
    raw = article(
        "标题:社区治理有新招",
        BODY,
        "相关新闻:",
        "网格员走进千家万户",
        "红色物业让小区焕然一新",
        "第二段正文从这里开始,居民议事会每月召开一次,议题由居民提出。",
    )
    text = clean(raw).text
    assert "网格员走进千家万户" not in text and "相关新闻" not in text
    assert "第二段正文从这里开始,居民议事会每月召开一次,议题由居民提出。" in text


def test_a_related_header_above_the_article_goes_alone() -> None:
    raw = article("热门文章", "社区治理有新招", "来源:某某日报", BODY)
    text = clean(raw).text
    assert "热门文章" not in text
    assert "社区治理有新招" in text and BODY in text


def test_headlines_after_the_editor_line_go_but_not_before_body_text() -> None:
    tail = article(BODY, "责编:张三", "社区举办邻里节", "网格员的一天")
    assert clean(tail).text == BODY + "\n"
    middle = article(BODY, "责编:张三", "社区举办邻里节", BODY.replace("社区", "街道"))
    assert "社区举办邻里节" in clean(middle).text


def test_a_headline_ending_in_wang_is_not_taken_for_a_site_name() -> None:
    text = clean(article("织密社区平安网", BODY)).text
    assert text.startswith("织密社区平安网\n")


def test_site_names_above_the_headline_go() -> None:
    raw = article("东方网", "东方网", "社区治理有新招", BODY)
    assert clean(raw).text.startswith("社区治理有新招\n")


def test_blank_lines_left_around_a_removed_line_collapse() -> None:
    cleaned = clean("标题\n\n来源:某某日报\n\n\n" + BODY + "\n\n分享到\n")
    assert cleaned.text == "标题\n\n" + BODY + "\n"


def test_a_removed_line_comes_back_raw() -> None:
    raw = "标题\r\n\r\n來(lái)源:某某日報\u00a0\r\n\r\n" + BODY + "\r\n"
    cleaned = clean(raw)
    (removal,) = [e for e in cleaned.edits if e.kind == "metadata"]
    restored = apply_edits(raw, [e for e in cleaned.edits if e is not removal])
    assert "來(lái)源:某某日報\u00a0\r\n" in restored


def test_line_analysis_reports_title_and_body_bounds() -> None:
    lines = analyse_lines(article("社区治理有新招", "来源:某某日报", BODY, "责编:张三"))
    assert lines.title is not None and lines.views[lines.title] == "社区治理有新招"
    assert lines.first_body is not None and lines.views[lines.first_body] == BODY
    assert lines.last_body == lines.first_body


# --- any text --------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "\r\n",
        "\n",
        "\r",
        "\n\n\n",
        "\u00a0",
        "\u3000",
        "\u200b",
        "\ufeff",
        "(wǎng)",
        "（qū）",
        "(q\nū)",
        "(logo)",
        "?!",
        "\ue3d3",
        "\ufffd",
        "来源:",
        "來源：",
        "记者 ",
        "责编:",
        "2024-10-22 18:06",
        "2022年08月02日",
        "相关文章",
        "  • ",
        "| ",
        "版权所有",
        "ICP备",
        "分享到",
        "下载APP",
        "图.jpg",
        "。",
        "，",
        BODY,
    ]
)
_TEXT = st.lists(
    st.one_of(
        _PIECES,
        st.text(
            alphabet=st.sampled_from(list("社区党建網區格议事会人民网 ,(|)aāǎzh1")), max_size=8
        ),
        st.text(max_size=4),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_clean_never_fails_and_its_edits_are_valid(raw: str) -> None:
    cleaned = clean(raw)
    check_edits(cleaned.edits, len(raw))
    assert apply_edits(raw, cleaned.edits) == cleaned.text
    for flag in cleaned.flags:
        assert 0 <= flag.start < flag.end <= len(cleaned.text)
    edits = list(cleaned.edits)
    for index, edit in enumerate(edits):
        restored = apply_edits(raw, edits[:index] + edits[index + 1 :])
        assert raw[edit.start : edit.end] in restored


@pytest.mark.parametrize(
    "heading",
    [
        "棋牌室里议家事 彩虹桥上话邻里",
        "激情燃烧的岁月 久久难忘的记忆",
        "本站位于社区东门,可换乘三条公交线路",
    ],
)
def test_headings_with_spam_like_words_stay(heading: str) -> None:
    assert heading in clean(article("标题", BODY, heading, BODY)).text


def test_a_short_headline_ending_in_wang_above_a_subtitle_stays() -> None:
    text = clean(article("织密社区平安网", "——记某社区网格化管理", BODY)).text
    assert text.startswith("织密社区平安网\n")


@pytest.mark.parametrize(
    "sentence",
    [
        "社区严禁未经授权的车辆进入小区,保安24小时值守。",
        "版权保护是文化产业健康发展的基础,社区为此开设了讲座。",
        "居民可拨打举报电话12345反映问题,社区将及时处理。",
        "欢迎光临社区“幸福食堂”,老人们说这里的饭菜合口味。",
        "该视频被网友大量转载,引发热议。",
    ],
)
def test_body_sentences_with_notice_words_stay(sentence: str) -> None:
    assert sentence in clean(article("标题", BODY, sentence, BODY)).text


@pytest.mark.parametrize(
    ("text", "flagged", "lossy"),
    [
        ("真是幫了大忙?!蔔鉏_濱江區", "?!蔔鉏_", True),
        ("居民\ufffd\ufffd议事", "\ufffd\ufffd", True),
        ("他們?nèi)粘常", "?nèi)", True),
        ("社区锟斤拷活动", "锟斤拷", True),
        ("新闻 æ–°é—» 社区", "æ–°é—»", False),
    ],
)
def test_mojibake_patterns_are_flagged(text: str, flagged: str, lossy: bool) -> None:
    (flag,) = clean(text).flags
    assert clean(text).text[flag.start : flag.end].startswith(flagged)
    assert ("cannot be repaired" in flag.message) is lossy


@pytest.mark.parametrize(
    "text",
    [
        "如何凝聚力量?如何服务居民?",
        "真的吗?! 太好了",
        "价格:¥100",
        "真的?!我不信",
        "什么??",
        "是吗!?他说",
        "「真的?!」",
    ],
)
def test_ordinary_question_marks_are_not_flagged(text: str) -> None:
    assert clean(text).flags == ()


@pytest.mark.parametrize(
    "noise",
    [
        "澄州新闻网 > 新闻频道 > 本地新闻",
        "梅城新闻网 首页 > 社会民生",
        "[视频加载中...]",
        "点击上方蓝字 关注我们",
        "下载“掌上澄州”APP，看更多本地新闻",
        "分享 收藏 点赞 在看",
        "手游私服一键开局,网赚平台日结兼职,足球比分直播在线观看,低价刷单返利秒到账",
    ],
)
def test_more_noise_lines_go(noise: str) -> None:
    assert noise not in clean(article(noise, "社区治理有新招", BODY, BODY)).text


def test_an_account_line_and_the_account_name_above_the_title_go() -> None:
    raw = article(
        "南方观察",
        "网格员为何“留不住”？一位街道干部的思考",
        "原创\u00a0南方观察\u00a02025年04月22日\u00a021:05\u00a0广东",
        BODY,
    )
    assert clean(raw).text == article("网格员为何“留不住”？一位街道干部的思考", BODY)


def test_a_newspaper_page_header_goes() -> None:
    raw = article("临澜日报\u30002022年10月11日\u3000第03版：社区", "长者食堂开到家门口", BODY)
    assert clean(raw).text == article("长者食堂开到家门口", BODY)


def test_captions_after_the_last_paragraph_stay() -> None:
    raw = article(
        BODY, "IMG_20240806_153214.jpg", "▲ 志愿者教老人使用小程序", "网格员现场受理居民诉求"
    )
    text = clean(raw).text
    assert "▲ 志愿者教老人使用小程序" in text and "网格员现场受理居民诉求" in text

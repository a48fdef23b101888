"""Tests for corpus.encoding: byte-order marks, UTF-8, GB18030, Big5, UTF-16, refusals."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.encoding import ENCODINGS, Decoded, ReadError, decode_bytes

SIMPLIFIED = (
    "社区党建引领基层治理。近年来，街道党工委推动网格化管理，把党组织建在网格上，"
    "居民有事找网格员，小事不出社区，大事不出街道。"
)
TRADITIONAL = (
    "社區黨建引領基層治理。近年來，街道黨工委推動網格化管理，把黨組織建在網格上，"
    "居民有事找網格員，小事不出社區，大事不出街道。"
)
# 𠮷 lies outside GBK (and outside the Basic Multilingual Plane): GB18030 encodes it in
# four bytes.
SIMPLIFIED_RARE = "居民王𠮷说：“社区网格员每天都来走访，有事马上就办。”\n"


def test_utf8_with_bom_keeps_the_bom_and_crlf() -> None:
    text = "\ufeff" + SIMPLIFIED.replace("。", "。\r\n")
    decoded = decode_bytes(text.encode("utf-8"), "a.txt")
    assert decoded == Decoded(text, "utf-8-sig", "bom")


def test_utf8_without_bom() -> None:
    assert decode_bytes(SIMPLIFIED.encode("utf-8"), "a.txt") == Decoded(
        SIMPLIFIED, "utf-8", "strict utf-8"
    )


def test_gb18030_with_a_character_outside_gbk() -> None:
    text = SIMPLIFIED + "\n" + SIMPLIFIED_RARE
    decoded = decode_bytes(text.encode("gb18030"), "a.txt")
    assert decoded == Decoded(text, "gb18030", "detected")


def test_gbk_is_reported_as_gb18030() -> None:
    decoded = decode_bytes(SIMPLIFIED.encode("gbk"), "a.txt")
    assert (decoded.text, decoded.encoding) == (SIMPLIFIED, "gb18030")


def test_traditional_text_in_gb18030() -> None:
    decoded = decode_bytes(TRADITIONAL.encode("gb18030"), "a.txt")
    assert (decoded.text, decoded.encoding) == (TRADITIONAL, "gb18030")


def test_big5() -> None:
    text = TRADITIONAL + "\r\n" + TRADITIONAL
    decoded = decode_bytes(text.encode("big5"), "a.txt")
    assert decoded == Decoded(text, "big5", "detected")


def test_big5_as_windows_writes_it() -> None:
    # 恒 and 裏 are in Windows' Big5 (cp950) but not in plain Big5.
    text = TRADITIONAL + "社區服務恒常化，網格裏的居民都說好。"
    decoded = decode_bytes(text.encode("cp950"), "a.txt")
    assert (decoded.text, decoded.encoding) == (text, "big5")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_keeps_the_bom(codec: str) -> None:
    text = "\ufeff" + SIMPLIFIED + "\r\n" + SIMPLIFIED_RARE
    assert decode_bytes(text.encode(codec), "a.txt") == Decoded(text, "utf-16", "bom")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    text = SIMPLIFIED + "\n2024年3月15日\n" + TRADITIONAL
    assert decode_bytes(text.encode(codec), "a.txt") == Decoded(text, codec, "utf-16 pattern")


def test_utf32_with_bom() -> None:
    text = "\ufeff" + SIMPLIFIED
    decoded = decode_bytes(text.encode("utf-32-le"), "a.txt")
    assert (decoded.text, decoded.encoding) == (text, "utf-32")


def test_empty_file() -> None:
    with pytest.raises(ReadError) as caught:
        decode_bytes(b"", "folder/empty.txt")
    assert str(caught.value) == "folder/empty.txt: file is empty"


def test_png_is_not_a_text_file() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(300)
    with pytest.raises(ReadError, match="not a text file: it looks like a PNG image"):
        decode_bytes(data, "photo.txt")


def test_nul_bytes_are_not_a_text_file() -> None:
    data = SIMPLIFIED.encode("utf-8") + b"\n\x00\x01\x02\x00\x00\x07binary\x00"
    with pytest.raises(ReadError) as caught:
        decode_bytes(data, "x.txt")
    assert "not a text file" in str(caught.value)
    assert "NUL" in str(caught.value)


def test_control_characters_are_not_a_text_file() -> None:
    rng = random.Random(2)
    data = bytes(rng.choice(b"\x01\x02\x03\x04abc") for _ in range(400))
    with pytest.raises(ReadError, match="not a text file"):
        decode_bytes(data, "x.txt")


def test_a_stray_control_character_is_kept() -> None:
    text = SIMPLIFIED * 3 + "\x0b\x1e" + SIMPLIFIED
    assert decode_bytes(text.encode("utf-8"), "a.txt").text == text


def test_zip_with_a_wrong_extension_is_named() -> None:
    with pytest.raises(ReadError, match="ZIP archive"):
        decode_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(40), "article.txt")


def test_forced_encoding() -> None:
    data = SIMPLIFIED.encode("gb18030")
    assert decode_bytes(data, "a.txt", encoding="gb18030") == Decoded(
        SIMPLIFIED, "gb18030", "forced"
    )
    assert decode_bytes(data, "a.txt", encoding="GBK").encoding == "gb18030"
    big5 = TRADITIONAL.encode("big5")
    assert decode_bytes(big5, "a.txt", encoding="big5") == Decoded(TRADITIONAL, "big5", "forced")


def test_forced_encoding_keeps_a_bom() -> None:
    data = ("\ufeff" + SIMPLIFIED).encode("utf-16-le")
    assert decode_bytes(data, "a.txt", encoding="utf-16").text == "\ufeff" + SIMPLIFIED
    utf8 = ("\ufeff" + SIMPLIFIED).encode("utf-8")
    assert decode_bytes(utf8, "a.txt", encoding="utf-8").encoding == "utf-8-sig"


def test_forced_encoding_that_does_not_fit_names_the_line() -> None:
    data = ("第一行\n第二行\n" + SIMPLIFIED).encode("gb18030")
    with pytest.raises(ReadError) as caught:
        decode_bytes(data, "a.txt", encoding="utf-8")
    assert caught.value.location == "line 1"
    assert str(caught.value).startswith("a.txt: line 1: the bytes from ")
    assert "--encoding" in caught.value.message


def test_forced_encoding_error_on_a_later_line() -> None:
    data = b"plain ascii\nsecond line\n" + SIMPLIFIED.encode("gb18030")
    with pytest.raises(ReadError) as caught:
        decode_bytes(data, "a.txt", encoding="utf-8")
    assert caught.value.location == "line 3"


def test_unknown_forced_encoding() -> None:
    with pytest.raises(ReadError, match="unknown encoding 'klingon'"):
        decode_bytes(b"abc", "a.txt", encoding="klingon")


def test_declared_charset_is_believed_when_it_fits() -> None:
    data = SIMPLIFIED.encode("gb18030")
    assert decode_bytes(data, "a.html", declared="gb2312") == Decoded(
        SIMPLIFIED, "gb18030", "declared"
    )


def test_a_stale_declared_charset_is_ignored() -> None:
    assert decode_bytes(SIMPLIFIED.encode("utf-8"), "a.html", declared="gbk").encoding == "utf-8"
    data = SIMPLIFIED.encode("gb18030")
    decoded = decode_bytes(data, "a.html", declared="big5")
    assert (decoded.text, decoded.how) == (SIMPLIFIED, "detected")


def test_korean_and_japanese_articles_are_refused_not_misread() -> None:
    korean = "한국의 지방자치단체는 주민 참여를 확대하기 위해 다양한 정책을 추진하고 있다. " * 4
    japanese = "日本の地方自治体では、住民参加のまちづくりが進められている。" * 4
    for data in (korean.encode("euc-kr"), japanese.encode("shift_jis"), japanese.encode("euc-jp")):
        with pytest.raises(ReadError) as caught:
            decode_bytes(data, "foreign.txt")
        assert "save it as UTF-8, or name the encoding with --encoding" in str(caught.value)


def test_one_gb18030_character_that_is_also_utf8_is_refused() -> None:
    # 前 in GB18030 is C7 B0, which is also the UTF-8 for ǰ.
    with pytest.raises(ReadError, match="--encoding utf-8 or --encoding gb18030"):
        decode_bytes("前".encode("gb18030"), "a.txt")


def test_latin_utf8_text_still_reads() -> None:
    text = "Résumé: la gouvernance des quartiers à Pékin, étudiée de près.\n"
    assert decode_bytes(text.encode("utf-8"), "a.txt").text == text


SNIPPETS_SIMPLIFIED = [
    "社区党建引领基层治理",
    "网格化管理服务群众",
    "街道党工委书记表示",
    "居民小区成立党支部",
    "志愿者上门走访老人",
    "红色物业打通最后一",
]
SNIPPETS_TRADITIONAL = [
    "社區黨建引領基層治理",
    "網格化管理服務群眾",
    "街道黨工委書記表示",
    "居民小區成立黨支部",
    "志願者上門走訪老人",
    "紅色物業打通最後一",
]


@pytest.mark.parametrize("text", SNIPPETS_SIMPLIFIED)
def test_short_gb18030_snippet_is_right_or_refused(text: str) -> None:
    _assert_right_or_refused(text, "gb18030", "gb18030")


@pytest.mark.parametrize("text", SNIPPETS_TRADITIONAL)
def test_short_big5_snippet_is_right_or_refused(text: str) -> None:
    _assert_right_or_refused(text, "big5", "big5")


def test_the_ten_character_snippets_are_read() -> None:
    # Not required by the rule (refusing is allowed), but these common phrases should read.
    assert decode_bytes("社区党建引领基层治理".encode("gb18030"), "a").encoding == "gb18030"
    assert decode_bytes("社區黨建引領基層治理".encode("big5"), "a").encoding == "big5"


def _assert_right_or_refused(text: str, codec: str, expected: str) -> None:
    data = text.encode(codec)
    try:
        decoded = decode_bytes(data, "snippet.txt")
    except ReadError as error:
        assert "--encoding" in error.message
        return
    assert decoded.text == text
    assert decoded.encoding == expected


def test_canonical_names_map_to_python_codecs() -> None:
    for codec in ENCODINGS.values():
        codecs.lookup(codec)


def test_read_error_string() -> None:
    error = ReadError("data/a.csv", "the text is empty", location="row 3")
    assert str(error) == "data/a.csv: row 3: the text is empty"
    assert (error.source, error.location, error.message) == (
        "data/a.csv",
        "row 3",
        "the text is empty",
    )


@settings(max_examples=400, deadline=None)
@given(
    data=st.binary(max_size=300),
    encoding=st.sampled_from([None, None, None, "gb18030", "big5", "utf-8", "utf-16"]),
)
def test_any_bytes_decode_or_raise_read_error(data: bytes, encoding: str | None) -> None:
    try:
        decoded = decode_bytes(data, "fuzz.txt", encoding)
    except ReadError as error:
        assert error.source == "fuzz.txt"
        assert error.message
    else:
        assert isinstance(decoded.text, str)
        assert decoded.text


# Chinese text as it occurs: common and rare characters (CJK Extension A and B, outside the
# Basic Multilingual Plane), Chinese punctuation, digits, Latin letters and line breaks.
CJK_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
        st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
        st.sampled_from("，。、“”：；！？（）《》 \n\r\t0123456789abcXYZ"),
    ),
    min_size=1,
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(text=CJK_TEXT, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be"]))
def test_unicode_round_trip(text: str, codec: str) -> None:
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(codec)  # utf-8-sig and utf-16 write a byte-order mark.
    decoded = decode_bytes(data, "round.txt")
    expected = text if codec == "utf-8" else "\ufeff" + text
    assert decoded.text == expected


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(SIMPLIFIED + TRADITIONAL), min_size=1, max_size=60),
    codec=st.sampled_from(["gb18030", "big5"]),
)
def test_legacy_encodings_are_never_silently_wrong(text: str, codec: str) -> None:
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return  # Big5 has no Simplified characters.
    try:
        decoded = decode_bytes(data, "legacy.txt")
    except ReadError:
        return
    assert decoded.text == text

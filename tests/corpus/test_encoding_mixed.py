"""Pages in two encodings: a Big5 or GBK page holding a few bytes of UTF-8 (issue 14).

An old Taiwan page declares charset=big5 and a widget pasted into it writes two characters in
UTF-8. Strict Big5 fails there, and GB18030 (which takes almost any byte pair) decodes every
byte into text that is not Chinese. Nothing is replaced without the user's --lenient; the
refusal names the declared encoding, the encodings tried, the first bad byte, and --lenient.
The pages are built here, in the style of such a page, through the real HTML reader.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.encoding import ReadError, decode_bytes
from corpus.readers import read_path

STORY = (
    "國光客運新開三條路線，今天開放民眾免費試乘第二天，不少通勤族一早就到轉運站排隊，"
    "客運公司表示，試乘期間每天加開十二個班次，並在尖峰時段增派人員維持秩序。"
)
HEAD = '<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
# Two characters written in UTF-8 inside an attribute: 討論 is e8 a8 8e e8 ab 96 in UTF-8.
WIDGET = "<a href=\"#\" title='討論'>留言</a>"


def _page(charset: str, codec: str) -> tuple[bytes, int]:
    """A page in `codec` with the widget's title in UTF-8; and the title's byte offset."""
    before = (
        HEAD.format(charset=charset) + "<title>國光客運新路線試乘</title></head><body>"
    ).encode(codec)
    paragraphs = "".join(f"<p>{STORY}</p>" for _ in range(3)).encode(codec)
    widget_start, widget_end = WIDGET.split("討論")
    head = before + paragraphs + widget_start.encode(codec)
    data = head + "討論".encode() + widget_end.encode(codec) + b"</body></html>"
    return data, len(head)


def test_a_big5_page_with_utf8_bytes_is_refused_with_the_way_on() -> None:
    data, offset = _page("big5", "cp950")
    with pytest.raises(ReadError) as refused:
        decode_bytes(data, "page.html", declared="big5")
    message = str(refused.value)
    assert message.startswith("page.html: line 1: ")
    assert "declares charset Big5" in message
    # cp950 takes e8 a8 as one character and fails on 8e: the first bad byte is 2 in.
    first_bad = offset + 2
    assert f"the first at byte {first_bad} of {len(data)}" in message
    for tried in ("UTF-8 fails at byte", "GB18030", "Big5 fails at byte", "Big5-HKSCS"):
        assert tried in message
    assert "--lenient" in message


def test_naming_big5_gives_the_same_advice() -> None:
    data, _ = _page("big5", "cp950")
    with pytest.raises(ReadError) as refused:
        decode_bytes(data, "page.html", "big5")
    message = str(refused.value)
    assert "cannot be read as Big5" in message
    assert (
        "few enough for --lenient" in message and "run the import again with --lenient" in message
    )


def test_lenient_reads_it_as_the_declared_big5_with_the_bytes_counted() -> None:
    data, offset = _page("big5", "cp950")
    decoded = decode_bytes(data, "page.html", declared="big5", lenient=True)
    assert decoded.encoding in ("big5", "big5-hkscs")
    assert decoded.how == "lenient"
    assert 1 <= decoded.replaced <= 4
    assert decoded.first_bad is not None and offset <= decoded.first_bad <= offset + 3
    assert STORY in decoded.text


def test_the_html_reader_refuses_then_imports_with_lenient(tmp_path: Path) -> None:
    data, _ = _page("big5", "cp950")
    path = tmp_path / "bus.html"
    path.write_bytes(data)
    with pytest.raises(ReadError) as refused:
        read_path(path)
    assert "declares charset Big5" in str(refused.value) and str(path) in str(refused.value)
    result = read_path(path, lenient=True)
    (document,) = result.documents
    assert STORY in document.raw_text


def test_a_gbk_page_with_a_stray_byte_names_gbk() -> None:
    text = "社区党建引领基层治理，街道党工委推动网格化管理，把党组织建在网格上。" * 3
    good = (HEAD.format(charset="gbk") + f"</head><body><p>{text}</p>").encode("gbk")
    data = good + b"\xff" + f"<p>{text}</p></body></html>".encode("gbk")
    with pytest.raises(ReadError) as refused:
        decode_bytes(data, "gbk.html", declared="gbk")
    message = str(refused.value)
    assert "declares charset GBK" in message
    assert f"the first at byte {len(good)}" in message
    assert "--lenient" in message
    decoded = decode_bytes(data, "gbk.html", declared="gbk", lenient=True)
    assert decoded.encoding == "gb18030" and decoded.replaced == 1 and text in decoded.text


def test_a_page_in_another_encoding_altogether_is_not_called_a_few_bad_bytes() -> None:
    # Declared Big5 but written in GBK throughout: far more than a few bytes fail as Big5.
    text = "社区党建引领基层治理，街道党工委推动网格化管理，把党组织建在网格上。" * 20
    data = (HEAD.format(charset="big5") + f"</head><body><p>{text}</p></body></html>").encode("gbk")
    decoded = decode_bytes(data, "gbk_as_big5.html", declared="big5")
    # The characters decide: it reads as GB18030 (the declared charset only settles close calls).
    assert decoded.encoding == "gb18030" and text in decoded.text

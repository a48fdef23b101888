"""Encodings beyond the clean cases: Hong Kong Big5, cut-off characters, lenient reading."""

from __future__ import annotations

import pytest

from corpus.encoding import MAX_LENIENT_REPLACED, ReadError, decode_bytes

# 𨋢 (lift) is an HKSCS character: cp950, Windows' Big5, has no code for it.
HONG_KONG = (
    "香港特區政府今日宣布，屋邨的𨋢（升降機）維修工程已經完成，"
    "居民可以如常使用，區議員表示會繼續跟進。\n"
)
SIMPLIFIED = "社区党建引领基层治理。近年来，街道党工委推动网格化管理，把党组织建在网格上。\n"


@pytest.mark.parametrize("named", [None, "big5", "Big5-HKSCS"])
def test_a_big5_page_with_one_hkscs_character_imports(named: str | None) -> None:
    decoded = decode_bytes(HONG_KONG.encode("big5hkscs"), "hk.txt", named)
    assert decoded.text == HONG_KONG
    assert decoded.encoding == "big5-hkscs"
    assert decoded.replaced == 0


def test_plain_big5_stays_windows_big5() -> None:
    text = "社區居民參與議事，恒常活動照舊舉行。\n"
    assert decode_bytes(text.encode("cp950"), "tw.txt").encoding == "big5"


def test_a_cut_off_final_character_is_refused_with_the_way_on() -> None:
    data = (SIMPLIFIED * 3).encode("utf-8")[:-2]  # the last 。 and \n lose two bytes
    with pytest.raises(ReadError) as refused:
        decode_bytes(data, "cut.txt")
    message = str(refused.value)
    assert message.startswith("cut.txt: ")
    assert f"byte {len(data) - 2}" in message  # the first bad byte: the 。 cut short
    assert "cut off" in message
    assert "UTF-8" in message and "GB18030" in message and "Big5" in message
    assert "--lenient" in message


def test_lenient_replaces_the_cut_off_character() -> None:
    data = (SIMPLIFIED * 3).encode("utf-8")[:-2]
    decoded = decode_bytes(data, "cut.txt", lenient=True)
    assert decoded.encoding == "utf-8"
    assert decoded.how == "lenient"
    assert decoded.replaced == 1
    assert decoded.first_bad == len(data) - 2
    assert decoded.text == (SIMPLIFIED * 3)[:-2] + "\ufffd"


def test_lenient_with_a_named_encoding() -> None:
    data = (SIMPLIFIED * 2).encode("gb18030")[:-2]  # the 。 loses its second byte
    with pytest.raises(ReadError, match=r"byte \d+ of \d+.*--lenient"):
        decode_bytes(data, "gb.txt", "gbk")
    decoded = decode_bytes(data, "gb.txt", "gbk", lenient=True)
    assert (decoded.encoding, decoded.how, decoded.replaced) == ("gb18030", "lenient", 1)
    assert decoded.text.endswith("\ufffd")


def test_a_short_gb18030_file_cut_off_is_read_leniently() -> None:
    data = SIMPLIFIED.encode("gb18030")[:-2]  # the 。 loses its second byte
    decoded = decode_bytes(data, "short.txt", lenient=True)
    assert decoded.encoding == "gb18030" and decoded.replaced == 1


def test_lenient_refuses_a_file_of_many_bad_bytes() -> None:
    damaged = bytearray((SIMPLIFIED * 20).encode("utf-8"))
    for position in range(5, 5 + 40 * (MAX_LENIENT_REPLACED + 1), 40):
        damaged[position] = 0xFF
    with pytest.raises(ReadError, match="too many to replace"):
        decode_bytes(bytes(damaged), "bad.txt", "utf-8", lenient=True)


def test_lenient_changes_nothing_for_a_clean_file() -> None:
    data = SIMPLIFIED.encode("gb18030")
    assert decode_bytes(data, "a.txt", lenient=True) == decode_bytes(data, "a.txt")


def test_a_page_declaring_big5_may_be_hkscs() -> None:
    decoded = decode_bytes(HONG_KONG.encode("big5hkscs"), "hk.html", declared="big5")
    assert (decoded.encoding, decoded.how) == ("big5-hkscs", "declared")

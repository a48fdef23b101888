"""Normalisation edits: BOM, line breaks, odd and invisible characters, blank lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.normalise import (
    character_edits,
    line_spans,
    normalisation_edits,
    normalise,
    split_lines,
)
from corpus.text import apply_edits, check_edits


def kinds(raw: str) -> list[tuple[str, str]]:
    return [(raw[e.start : e.end], e.kind) for e in normalisation_edits(raw)]


def test_bom_at_start_is_its_own_edit() -> None:
    assert kinds("\ufeff社区") == [("\ufeff", "bom")]
    assert normalise("\ufeff社区") == "社区"


def test_bom_inside_the_text_is_an_invisible_character() -> None:
    assert kinds("社\ufeff区") == [("\ufeff", "invisible")]


def test_crlf_loses_its_cr_and_a_lone_cr_becomes_lf() -> None:
    raw = "一\r\n二\r三\u2028四"
    assert normalise(raw) == "一\n二\n三\n四"
    edits = normalisation_edits(raw)
    assert [(e.replacement, e.kind) for e in edits] == [
        ("", "newline"),
        ("\n", "newline"),
        ("\n", "newline"),
    ]


def test_no_break_spaces_become_spaces_inside_a_line() -> None:
    assert normalise("共\u00a0300\u00a0余名") == "共 300 余名"
    assert kinds("共\u00a0\u00a0人") == [("\u00a0\u00a0", "space")]


def test_ideographic_space_is_kept_inside_a_line_but_not_at_its_edges() -> None:
    assert normalise("记者\u3000张三") == "记者\u3000张三"
    assert normalise("\u3000\u3000社区党委。\u3000\n下一段") == "社区党委。\n下一段"


def test_zero_width_and_control_characters_are_removed() -> None:
    assert normalise("网格\u200b员\x07好") == "网格员好"
    assert {kind for _, kind in kinds("网格\u200b员\x07好")} == {"invisible"}


def test_trailing_whitespace_and_indentation_are_removed() -> None:
    assert normalise("  标题 \t\n\u00a0 正文  ") == "标题\n正文"


def test_runs_of_blank_lines_become_one_blank_line() -> None:
    assert normalise("甲\n\n乙") == "甲\n\n乙"
    assert normalise("甲\n\n\n\n\n乙") == "甲\n\n乙"
    assert normalise("甲\n \n\u3000\n\t\n乙") == "甲\n\n乙"


def test_blank_lines_at_both_ends_are_removed() -> None:
    assert normalise("\n\n  \n正文\n\n\n") == "正文\n"


def test_edits_are_sorted_non_overlapping_and_inside_the_text() -> None:
    raw = "\ufeff\r\n\u3000\u3000第一段\u00a0内容 \r\n\r\n\r\n\r\n第二段\u200b。\r\n"
    edits = normalisation_edits(raw)
    check_edits(edits, len(raw))
    assert apply_edits(raw, edits) == "第一段 内容\n\n第二段。\n"


def test_line_spans_cover_the_text() -> None:
    raw = "一\r\n二\r三\n\u2029四"
    spans = line_spans(raw)
    assert [raw[s.start : s.content_end] for s in spans] == ["一", "二", "三", "", "四"]
    assert [raw[s.content_end : s.end] for s in spans] == ["\r\n", "\r", "\n", "\u2029", ""]


_ALPHABET = st.sampled_from(
    [*"社区党建网格a (\t", "\r", "\n", "\r\n", "\u00a0", "\u3000", "\u200b", "\ufeff", "\x01"]
)
_TEXTS = st.lists(_ALPHABET, max_size=60).map("".join)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_normalisation_is_valid_and_idempotent(raw: str) -> None:
    edits = normalisation_edits(raw)
    check_edits(edits, len(raw))
    once = apply_edits(raw, edits)
    assert normalise(once) == once
    assert "\r" not in once and "\u00a0" not in once and "\n\n\n" not in once


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_character_edits_stay_inside_one_line(raw: str) -> None:
    spans = line_spans(raw)
    assert [raw[s.start : s.content_end] for s in spans] == split_lines(raw)
    assert spans[-1].end == len(raw)
    for edit in character_edits(raw):
        assert any(s.start <= edit.start and edit.end <= s.end for s in spans)

"""Code points <-> UTF-16 positions, checked against Qt itself with 𠮷 and emoji."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from gui.offsets import OffsetMap

TEXT = "𠮷祥社区😀居民说：“红色物业好👍🏽”。"


def test_against_qt_document() -> None:
    document = QTextDocument(TEXT)
    offsets = OffsetMap(TEXT)
    assert document.characterCount() - 1 == offsets.qt_length == len(TEXT.encode("utf-16-le")) // 2
    start = TEXT.index("红色物业")
    qt_start, qt_end = offsets.to_qt(start), offsets.to_qt(start + 4)
    # Qt's own cursor between the converted positions selects exactly the span.
    cursor = QTextCursor(document)
    cursor.setPosition(qt_start)
    cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "红色物业"
    utf16 = TEXT.encode("utf-16-le")
    assert utf16[qt_start * 2 : qt_end * 2].decode("utf-16-le") == "红色物业"
    assert offsets.from_qt(qt_start) == start and offsets.from_qt(qt_end) == start + 4


def test_inside_a_surrogate_pair_rounds_down() -> None:
    offsets = OffsetMap("a𠮷b")
    assert [offsets.to_qt(i) for i in range(4)] == [0, 1, 3, 4]
    assert [offsets.from_qt(p) for p in range(5)] == [0, 1, 1, 2, 3]


@given(st.text(alphabet=st.sampled_from("a社区𠮷😀\n")))
def test_round_trip(text: str) -> None:
    offsets = OffsetMap(text)
    utf16 = text.encode("utf-16-le")
    for i in range(len(text) + 1):
        position = offsets.to_qt(i)
        assert offsets.from_qt(position) == i
        assert utf16[: position * 2].decode("utf-16-le") == text[:i]


def test_overlapping_spans_split_into_stretches() -> None:
    from gui.article_view import Span, stretches

    spans = [
        Span(1, 0, 10, "#ff0000", "a"),
        Span(2, 5, 15, "#0000ff", "b"),
        Span(3, 20, 22, "#00ff00", "c"),
    ]
    got = [
        (start, end, sorted(s.segment_id for s in covering))
        for start, end, covering in stretches(spans)
    ]
    assert got == [(0, 5, [1]), (5, 10, [1, 2]), (10, 15, [2]), (20, 22, [3])]

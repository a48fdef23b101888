"""The article view: read-only cleaned text, coded segments drawn as overlays, selection.

Segments are drawn as extra selections over the document, never written into it. Where
segments overlap, the text is split into stretches covered by the same set of codes: each
stretch gets the blend of their colours, and an underline (wavy for three or more) says that
more than one code applies; the tooltip lists them. Every position that crosses to or from
the stored offsets goes through `gui.offsets.OffsetMap`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from corpus.segmentation import snap_to_words
from gui.offsets import OffsetMap

SEGMENT_ALPHA = 80
SELECTED_ALPHA = 150


@dataclass(frozen=True)
class Span:
    """A drawn segment: code-point offsets, its code's colour and name."""

    segment_id: int
    start: int
    end: int
    color: str
    name: str
    coder: str = ""


def blend(colors: Sequence[QColor], alpha: int) -> QColor:
    """The mean of the colours, with the given alpha."""
    n = len(colors)
    return QColor(
        sum(c.red() for c in colors) // n,
        sum(c.green() for c in colors) // n,
        sum(c.blue() for c in colors) // n,
        alpha,
    )


def stretches(spans: Sequence[Span]) -> list[tuple[int, int, list[Span]]]:
    """The text split where the set of covering spans changes: (start, end, spans covering)."""
    points = sorted({p for s in spans for p in (s.start, s.end)})
    result = []
    for start, end in itertools.pairwise(points):
        covering = [s for s in spans if s.start < end and s.end > start]
        if covering:
            result.append((start, end, covering))
    return result


class ArticleView(QPlainTextEdit):
    """Shows one article and its segments; reports selections in code-point offsets."""

    segment_clicked = Signal(int)  # the id of the segment under a click (innermost)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.offsets = OffsetMap("")
        self.spans: list[Span] = []
        self.hits: list[tuple[int, int]] = []
        self.suggestions: list[tuple[int, int, int, str]] = []  # start, end, code id, colour
        self.selected_segment: int | None = None
        self.snap_to_words = True
        self.boundaries: list[int] = []
        self.viewport().installEventFilter(self)

    # -- content ------------------------------------------------------------------------------

    def show_text(self, text: str) -> None:
        """Show a new text (clears segments, hits and the selection)."""
        self.offsets = OffsetMap(text)
        self.spans, self.hits, self.suggestions = [], [], []
        self.selected_segment, self.boundaries = None, []
        self.setPlainText(text)
        self._redraw()

    def replace_text_keeping_layout(self, text: str) -> None:
        """Swap in a text of the same length (the Simplified view), keeping every overlay."""
        scroll = self.verticalScrollBar().value()
        self.offsets = OffsetMap(text)
        self.setPlainText(text)
        self.verticalScrollBar().setValue(scroll)
        self._redraw()

    def set_spans(self, spans: Sequence[Span]) -> None:
        """Draw these segments."""
        self.spans = list(spans)
        self._redraw()

    def set_hits(self, hits: Sequence[tuple[int, int]]) -> None:
        """Mark search hits (code-point spans)."""
        self.hits = list(hits)
        self._redraw()

    def set_suggestions(self, suggestions: Sequence[tuple[int, int, int, str]]) -> None:
        """Show keyword suggestions faintly: (start, end, code id, colour)."""
        self.suggestions = list(suggestions)
        self._redraw()

    def set_selected_segment(self, segment_id: int | None) -> None:
        """Emphasise one segment (or none)."""
        self.selected_segment = segment_id
        self._redraw()

    # -- selection ----------------------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as code-point offsets, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.from_qt(cursor.selectionStart()), self.offsets.from_qt(
            cursor.selectionEnd()
        )

    def select_span(self, start: int, end: int) -> None:
        """Select [start, end) (code points) and scroll to it."""
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def spans_at(self, offset: int) -> list[Span]:
        """The segments covering a code-point offset, innermost (shortest) first."""
        return sorted(
            (s for s in self.spans if s.start <= offset < s.end), key=lambda s: s.end - s.start
        )

    def _offset_at(self, event: QMouseEvent | QHelpEvent) -> int:
        return self.offsets.from_qt(self.cursorForPosition(event.pos()).position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Snap a mouse selection to whole words unless Alt is held."""
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        span = self.selected_span()
        if span is None:
            covering = self.spans_at(self._offset_at(event))
            if covering:
                self.segment_clicked.emit(covering[0].segment_id)
            return
        if (
            self.snap_to_words
            and self.boundaries
            and not event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            start, end = snap_to_words(self.boundaries, *span)
            if (start, end) != span:
                self.select_span(start, end)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Tooltips listing the codes under the mouse."""
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            covering = self.spans_at(self._offset_at(event))
            if covering:
                lines = [f"■ {s.name}" + (f"  ({s.coder})" if s.coder else "") for s in covering]
                QToolTip.showText(event.globalPos(), "\n".join(lines), self)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    # -- drawing ------------------------------------------------------------------------------

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def _redraw(self) -> None:
        selections = []
        for start, end, covering in stretches(self.spans):
            selected = any(s.segment_id == self.selected_segment for s in covering)
            fmt = QTextCharFormat()
            fmt.setBackground(
                blend(
                    [QColor(s.color) for s in covering],
                    SELECTED_ALPHA if selected else SEGMENT_ALPHA,
                )
            )
            if len(covering) > 1 or selected:
                style = (
                    QTextCharFormat.UnderlineStyle.WaveUnderline
                    if len(covering) > 2
                    else QTextCharFormat.UnderlineStyle.SingleUnderline
                )
                fmt.setUnderlineStyle(style)
                fmt.setUnderlineColor(
                    QColor("#202020")
                    if selected
                    else blend([QColor(s.color) for s in covering], 255).darker(150)
                )
            selections.append(self._selection(start, end, fmt))
        for start, end, _code, color in self.suggestions:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(color))
            selections.append(self._selection(start, end, fmt))
        for start, end in self.hits:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(255, 230, 0, 110))
            fmt.setFontWeight(700)
            selections.append(self._selection(start, end, fmt))
        self.setExtraSelections(selections)

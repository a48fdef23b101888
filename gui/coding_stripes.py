"""Coding stripes: the margin beside the article text with one thin bar per code.

What researchers coming from MAXQDA or NVivo read first to see how a passage was coded: each
code present in the article gets a column of the margin, and each of its segments a bar in
the code's colour from the segment's first line to its last. Hovering a bar names the code
(and the coder when not blind). Only the segments on screen are measured, so an article with
hundreds of segments scrolls as before; the margin is repainted when the segments change or
the text scrolls, never on a mere change of selection.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QTextCursor
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from gui.article_view import ArticleView, Span

STRIPE = 4  # width of one bar, pixels
GAP = 3  # space between two codes' columns
PAD = 4  # space on either side of the columns
MIN_COLUMNS = 6  # the margin always has room for this many codes
MAX_COLUMNS = 12  # beyond this many codes in one article, the rest share the last column


class CodingStripes(QWidget):
    """Draws the article view's segments as bars, one column per code."""

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view
        self.setMouseTracking(True)
        self.columns: dict[tuple[int, str], int] = {}  # (code id, name) -> column
        self.spans: list[Span] = []  # stored segments, by start
        self._starts: list[int] = []
        self._longest = 0
        self.drawn: list[tuple[QRect, Span]] = []  # what the last paint drew, for tooltips

    def width_needed(self) -> int:
        """The margin's width: room for at least `MIN_COLUMNS` codes.

        The width changes only when an article holds more codes than that: a new width wraps
        the whole text again, which must not happen on every article opened or coded.
        """
        columns = max(len(set(self.columns.values())), MIN_COLUMNS)
        return 2 * PAD + columns * (STRIPE + GAP) - GAP

    def sizeHint(self) -> QSize:
        """As wide as the columns need."""
        return QSize(self.width_needed(), 0)

    def set_spans(self, spans: list[Span]) -> None:
        """Take the view's segments; columns follow the order codes first appear in the text."""
        self.spans = sorted((s for s in spans if not s.suggestion), key=lambda s: s.start)
        self._starts = [s.start for s in self.spans]
        self._longest = max((s.end - s.start for s in self.spans), default=0)
        columns: dict[tuple[int, str], int] = {}
        for span in self.spans:
            key = (span.code_id, span.name)
            if key not in columns:
                columns[key] = min(len(columns), MAX_COLUMNS - 1)
        self.columns = columns
        self.update()

    def _visible_range(self) -> tuple[int, int]:
        """The code-point range of the text on screen."""
        view = self.view
        first = view.firstVisibleBlock()
        bottom = view.cursorForPosition(view.viewport().rect().bottomRight())
        block = bottom.block()
        end = block.position() + block.length() if block.isValid() else bottom.position()
        return view.offsets.from_qt(first.position()), view.offsets.from_qt(
            min(end, view.document().characterCount() - 1)
        )

    def _y(self, offset: int, bottom: bool) -> int:
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self.view.offsets.to_qt(offset))
        rect = self.view.cursorRect(cursor)
        return rect.bottom() if bottom else rect.top()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the bars of the segments on screen."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#f4f5f6"))
        self.drawn = []
        if not self.spans:
            return
        low, high = self._visible_range()
        # Segments are sorted by start: those on screen start before `high` and end after `low`.
        first = bisect_left(self._starts, low - self._longest)
        last = bisect_left(self._starts, high + 1)
        for span in self.spans[first:last]:
            if span.end <= low or span.start > high:
                continue
            top = self._y(max(span.start, low), bottom=False)
            bottom = self._y(max(min(span.end - 1, high), span.start), bottom=True)
            column = self.columns.get((span.code_id, span.name), 0)
            rect = QRect(PAD + column * (STRIPE + GAP), top, STRIPE, max(bottom - top, 3))
            color = QColor(span.color)
            painter.fillRect(rect, color)
            # A thin darker cap marks where a segment starts, so two segments of one code
            # that follow each other read as two bars, not one.
            painter.fillRect(QRect(rect.x(), rect.y(), STRIPE, 1), color.darker(160))
            self.drawn.append((rect, span))

    def spans_at(self, x: int, y: int) -> list[Span]:
        """The segments whose bars are under a point of the margin."""
        return [
            span
            for rect, span in self.drawn
            if rect.left() - 1 <= x <= rect.right() + 1 and rect.top() <= y <= rect.bottom()
        ]

    def event(self, event: QEvent) -> bool:
        """Tooltips naming the code of the bar under the mouse."""
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            found = self.spans_at(event.pos().x(), event.pos().y())
            if found:
                lines = [f"■ {s.name}" + (f"  ({s.coder})" if s.coder else "") for s in found]
                QToolTip.showText(event.globalPos(), "\n".join(dict.fromkeys(lines)), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

"""Coding stripes: the margin beside the article text with one thin bar per code.

What researchers coming from MAXQDA or NVivo read first to see how a passage was coded: each
code present in the article gets a column (a lane) of the margin, and each of its segments a
bar in the code's colour from the segment's first line to its last. Hovering a bar names the
code (and the coder when not blind). Only the segments on screen are measured, so an article
with hundreds of segments scrolls as before; the margin is repainted when the segments change
or the text scrolls, never on a mere change of selection.

The margin is as wide as the lanes actually drawn, since every pixel it takes is a pixel of
the text a coder reads all day: codes that never meet in one paragraph share a lane
(`assign_lanes`), so an article with twelve codes spread over its paragraphs needs perhaps
three lanes, not twelve. A code keeps one lane throughout the article, so its bars line up.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QTextCursor
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from gui.article_view import ArticleView, Span

STRIPE = 4  # width of one bar, pixels
GAP = 3  # space between two lanes
PAD = 4  # space on either side of the lanes
# The margin always has room for this many lanes: most articles need no more, so opening an
# article or coding in it rarely changes the margin's width (a new width wraps the whole
# text again).
MIN_COLUMNS = 4
MAX_COLUMNS = 12  # beyond this many lanes in one article, the rest share the last one

CodeKey = tuple[int, str]  # (code id, name): one code's bars
# Where QPlainTextEdit.setPlainText starts a new block (paragraph). Article texts hold no CR LF
# (cleaning normalises it to LF), which the document would shorten to one character.
_PARAGRAPH_BREAK = re.compile("[\r\n\u2029]")


def paragraph_starts(text: str) -> list[int]:
    """The code-point offset at which each paragraph of `text` starts, as the view's blocks."""
    return [0, *(match.end() for match in _PARAGRAPH_BREAK.finditer(text))]


def assign_lanes(paragraphs: list[tuple[CodeKey, int, int]]) -> dict[CodeKey, int]:
    """A lane for each code, codes that share no paragraph sharing a lane.

    `paragraphs`: (code, first paragraph, last paragraph) of each segment, in text order. Codes
    take lanes in the order they first appear, each the first lane where no code already
    placed has a segment in any of its paragraphs (two bars of different codes in one lane
    would then run into each other beside a paragraph); the paragraph gap keeps bars of
    neighbouring paragraphs apart. Paragraphs, not lines, so the lanes do not change when the
    text wraps differently. Past `MAX_COLUMNS` lanes the rest share the last one.
    """
    blocks: dict[CodeKey, set[int]] = {}
    for key, first, last in paragraphs:
        blocks.setdefault(key, set()).update(range(first, last + 1))
    lanes: list[set[int]] = []
    result: dict[CodeKey, int] = {}
    for key, taken in blocks.items():
        lane = next((n for n, used in enumerate(lanes) if used.isdisjoint(taken)), len(lanes))
        if lane == len(lanes):
            if lane == MAX_COLUMNS:
                lane = MAX_COLUMNS - 1
            else:
                lanes.append(set())
        lanes[lane] |= taken
        result[key] = lane
    return result


class CodingStripes(QWidget):
    """Draws the article view's segments as bars, one lane per code."""

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view
        self.setMouseTracking(True)
        self.columns: dict[CodeKey, int] = {}  # (code id, name) -> lane
        self.spans: list[Span] = []  # stored segments, by start
        self._starts: list[int] = []
        self._longest = 0
        self.drawn: list[tuple[QRect, Span]] = []  # what the last paint drew, for tooltips
        # Where the shown text's paragraphs start, found once per text: a coding action then
        # places the lanes without asking the document for a block per segment.
        self._text = ""
        self._paragraphs = [0]

    def width_needed(self) -> int:
        """The margin's width: the lanes drawn, and room for at least `MIN_COLUMNS`.

        The width changes only when an article needs more lanes than that: a new width wraps
        the whole text again, which must not happen on every article opened or coded.
        """
        columns = max(len(set(self.columns.values())), MIN_COLUMNS)
        return 2 * PAD + columns * (STRIPE + GAP) - GAP

    def sizeHint(self) -> QSize:
        """As wide as the columns need."""
        return QSize(self.width_needed(), 0)

    def set_spans(self, spans: list[Span]) -> None:
        """Take the view's segments; lanes follow the order codes first appear in the text."""
        self.spans = sorted((s for s in spans if not s.suggestion), key=lambda s: s.start)
        self._starts = [s.start for s in self.spans]
        self._longest = max((s.end - s.start for s in self.spans), default=0)
        text = self.view.shown_text
        if text is not self._text:
            self._text, self._paragraphs = text, paragraph_starts(text)
        starts = self._paragraphs
        paragraphs = [
            (
                (span.code_id, span.name),
                bisect_right(starts, span.start) - 1,
                bisect_right(starts, max(span.start, span.end - 1)) - 1,
            )
            for span in self.spans
        ]
        self.columns = assign_lanes(paragraphs)
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

"""The article view: read-only cleaned text, coded segments drawn as overlays, selection.

Segments are drawn by a highlighter as layout formats over each paragraph, never written into
the document, and so are keyword suggestions (dotted underlines); search hits are extra
selections. Where
segments overlap, the text is split into stretches covered by the same set of codes: each
stretch gets the blend of their colours, and an underline (wavy for three or more) says that
more than one code applies; the tooltip lists them. Every position that crosses to or from
the stored offsets goes through `gui.offsets.OffsetMap`.

Beside the text, a margin of coding stripes (gui/coding_stripes.py) shows one bar per code.
Two segments of one code that touch are told apart by a thin line at their boundary. Passages
the import flagged (mojibake and the like) get a red wavy underline and say what was found in
their tooltip. Paragraphs are set apart by a gap of about half a line (`ParagraphLayout`), so
sources with single line breaks between paragraphs read as paragraphs. A code dragged from
the codebook and dropped on the text emits `code_dropped`; pressing the mouse inside the
selection starts a new selection instead of dragging the selected text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from corpus.segmentation import snap_to_words
from gui.coding_stripes import CodingStripes
from gui.offsets import OffsetMap

SEGMENT_ALPHA = 80
SELECTED_ALPHA = 150
CODE_MIME = "application/x-articoder-code"  # a dragged code: its id as ASCII digits
PARAGRAPH_GAP = 0.55  # the space after a paragraph, in lines of the text's font
# Paired marks a snapped selection keeps balanced: opening -> closing.
QUOTE_PAIRS = {
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "《": "》",
    "（": "）",
    "(": ")",
    "〈": "〉",
}
QUOTE_REACH = 20  # how far past the selection a partner mark is looked for (same line)


class Span(NamedTuple):
    """A drawn segment: code-point offsets, its code's colour and name.

    A named tuple, so that comparing the spans before and after a change (which paragraphs
    to draw again) hashes at C speed even with a thousand spans and suggestions.
    """

    segment_id: int
    start: int
    end: int
    color: str
    name: str
    coder: str = ""
    suggestion: bool = False  # a keyword suggestion, not a stored segment
    code_id: int = 0


class Flag(NamedTuple):
    """A passage the import flagged for a person to check (code-point offsets)."""

    start: int
    end: int
    kind: str
    message: str


class ParagraphLayout(QPlainTextDocumentLayout):
    """The plain-text layout with a gap after each paragraph.

    QPlainTextEdit ignores block margins, and its speed on long texts is why the view is one:
    the gap is added to each paragraph's bounding box, which is what the view paints, scrolls
    and hit-tests by. An empty line already separates paragraphs, so it adds no gap of its own,
    nor does the paragraph just before it.
    """

    def __init__(self, document: QObject) -> None:
        super().__init__(document)  # type: ignore[arg-type]
        self.gap = 8.0

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        """The paragraph's box, taller by the gap when another non-empty paragraph follows."""
        rect = super().blockBoundingRect(block)
        following = block.next()
        if (
            rect.height() > 0
            and following.isValid()
            and block.length() > 1
            and following.length() > 1
        ):
            rect.setHeight(rect.height() + self.gap)
        return rect


def balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Keep paired marks in a selection balanced: 推行“楼栋议事会 becomes 推行“楼栋议事会”.

    An opening mark whose partner is missing from [start, end) takes that partner when it
    follows within `QUOTE_REACH` characters on the same line; otherwise a lone mark at the
    selection's edge is dropped. The same for a closing mark whose opening one precedes the
    selection. A lone mark inside the selection, with no partner near, stays (dropping it
    would cut words). Plain data in and out: offsets in code points, end exclusive.
    """
    closing_of = QUOTE_PAIRS
    opening_of = {close: open_ for open_, close in QUOTE_PAIRS.items()}
    for _ in range(4):  # each pass settles one mark; selections hold few
        open_stack: list[int] = []
        lone_closing: list[int] = []
        for position in range(start, end):
            char = text[position]
            if char in closing_of:
                open_stack.append(position)
            elif char in opening_of:
                if open_stack and closing_of[text[open_stack[-1]]] == char:
                    open_stack.pop()
                else:
                    lone_closing.append(position)
        if open_stack:
            first = open_stack[0]
            wanted = closing_of[text[first]]
            ahead = text[end : end + QUOTE_REACH].split("\n", 1)[0]
            found = ahead.find(wanted)
            if found != -1:
                end += found + 1
            elif first == start:
                start += 1
            elif open_stack[-1] == end - 1:
                end -= 1
            else:
                break
        elif lone_closing:
            last = lone_closing[-1]
            wanted = opening_of[text[last]]
            behind = text[max(0, start - QUOTE_REACH) : start].rsplit("\n", 1)[-1]
            found = behind.rfind(wanted)
            if found != -1:
                start -= len(behind) - found
            elif last == end - 1:
                end -= 1
            elif lone_closing[0] == start:
                start += 1
            else:
                break
        else:
            break
        if start >= end:
            break
    return start, end


def touching_boundaries(spans: Sequence[Span]) -> list[tuple[int, str]]:
    """Where one segment of a code ends exactly where another of the same code starts.

    Drawn as a thin line, so that two neighbouring segments never look like one. Returns
    (offset, colour) sorted by offset.
    """
    by_code: dict[tuple[int, str], list[Span]] = {}
    for span in spans:
        if not span.suggestion:
            by_code.setdefault((span.code_id, span.color), []).append(span)
    found: set[tuple[int, str]] = set()
    for (_code, color), group in by_code.items():
        ends = {s.end for s in group}
        found.update((s.start, color) for s in group if s.start in ends)
    return sorted(found)


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
    """The text split where the set of covering spans changes: (start, end, spans covering).

    One sweep over the sorted boundaries, so an article with hundreds of segments draws fast.
    """
    events: list[tuple[int, int, int]] = []  # (position, 0 = end / 1 = start, span index)
    for number, span in enumerate(spans):
        events.append((span.start, 1, number))
        events.append((span.end, 0, number))
    events.sort()
    result: list[tuple[int, int, list[Span]]] = []
    active: dict[int, Span] = {}
    position = 0
    for point, kind, number in events:
        if active and point > position:
            result.append((position, point, list(active.values())))
        position = point
        if kind:
            active[number] = spans[number]
        else:
            active.pop(number, None)
    return result


class SegmentHighlighter(QSyntaxHighlighter):
    """Draws segments paragraph by paragraph, as layout formats over the document.

    Only the paragraphs a change touches are drawn again, so coding in an article with
    hundreds of segments stays instant; the document's own text and formats never change.
    """

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view.document())
        self.view = view
        self.by_block: dict[int, list[Span]] = {}
        self._formats: dict[tuple[tuple[str, ...], bool, str | None], QTextCharFormat] = {}

    def _blocks_of(self, span: Span) -> range:
        document = self.view.document()
        first = document.findBlock(self.view.offsets.to_qt(span.start)).blockNumber()
        last = document.findBlock(
            self.view.offsets.to_qt(max(span.start, span.end - 1))
        ).blockNumber()
        return range(first, last + 1)

    def index(self, spans: Sequence[Span]) -> None:
        """Group spans by the paragraphs they touch (after the text changed)."""
        self.by_block = {}
        self._add(spans)

    def _add(self, spans: Iterable[Span]) -> set[int]:
        touched: set[int] = set()
        for span in spans:
            for block in self._blocks_of(span):
                self.by_block.setdefault(block, []).append(span)
                touched.add(block)
        return touched

    def _remove(self, spans: Iterable[Span]) -> set[int]:
        touched: set[int] = set()
        for span in spans:
            for block in self._blocks_of(span):
                self.by_block[block].remove(span)
                touched.add(block)
        return touched

    def redraw_spans(
        self, before: Sequence[Span], after: Sequence[Span], selected_changed: set[int]
    ) -> None:
        """Draw again only the paragraphs where spans were added, removed or (de)selected."""
        old, new = set(before), set(after)
        touched = self._remove(old - new) | self._add(s for s in after if s not in old)
        for span in after:
            if span.segment_id in selected_changed:
                touched.update(self._blocks_of(span))
        document = self.view.document()
        for number in sorted(touched):
            block = document.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    def _format(self, covering: Sequence[Span], selected: bool) -> QTextCharFormat:
        segments = sorted(s.color for s in covering if not s.suggestion)
        hint = next((s.color for s in covering if s.suggestion), None)
        key = (tuple(segments), selected, hint if not segments else None)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            colors = [QColor(c) for c in segments]
            if not colors:  # only a suggestion: a faint dotted underline in the code's colour
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(QColor(hint or "#888888"))
            else:
                fmt.setBackground(blend(colors, SELECTED_ALPHA if selected else SEGMENT_ALPHA))
            if len(colors) > 1 or selected:
                wavy = len(colors) > 2
                fmt.setUnderlineStyle(
                    QTextCharFormat.UnderlineStyle.WaveUnderline
                    if wavy
                    else QTextCharFormat.UnderlineStyle.SingleUnderline
                )
                fmt.setUnderlineColor(
                    QColor("#202020") if selected else blend(colors, 255).darker(150)
                )
            self._formats[key] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        """Format the stretches of this paragraph covered by segments."""
        block = self.currentBlock()
        spans = self.by_block.get(block.blockNumber())
        if not spans:
            return
        offsets = self.view.offsets
        block_start = block.position()
        first = offsets.from_qt(block_start)
        last = offsets.from_qt(block_start + block.length() - 1)  # UTF-16, not len(text)
        for start, end, covering in stretches(spans):
            start, end = max(start, first), min(end, last)
            if start >= end:
                continue
            selected = any(s.segment_id == self.view.selected_segment for s in covering)
            qt_start = offsets.to_qt(start)
            self.setFormat(
                qt_start - block_start,
                offsets.to_qt(end) - qt_start,
                self._format(covering, selected),
            )


class ArticleView(QPlainTextEdit):
    """Shows one article and its segments; reports selections in code-point offsets."""

    segment_clicked = Signal(int)  # the id of the segment under a click (innermost)
    code_dropped = Signal(int)  # a code dragged from the codebook was dropped on the text

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
        self._hint_spans: list[Span] = []
        self.selected_segment: int | None = None
        self.snap_to_words = True
        self.shown_text = ""
        self.boundaries: list[int] = []
        self.flags: list[Flag] = []
        self.joins: list[tuple[int, str]] = []  # touching segments of one code: (offset, colour)
        self.paragraph_layout = ParagraphLayout(self.document())
        self.document().setDocumentLayout(self.paragraph_layout)
        self._set_paragraph_gap()
        self.viewport().installEventFilter(self)
        self.highlighter = SegmentHighlighter(self)
        self.stripes = CodingStripes(self)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self.stripes.update())
        self.setViewportMargins(self.stripes.width_needed(), 0, 0, 0)
        self.setAcceptDrops(True)

    # -- content ------------------------------------------------------------------------------

    def show_text(self, text: str) -> None:
        """Show a new text (clears segments, hits and the selection)."""
        self.shown_text = text  # snapping leaves punctuation at a selection's ends out
        self.offsets = OffsetMap(text)
        self.spans, self.hits, self.suggestions, self._hint_spans = [], [], [], []
        self.selected_segment, self.boundaries, self.flags, self.joins = None, [], [], []
        self.highlighter.by_block = {}
        self.stripes.set_spans([])  # the margin keeps its width: no second wrap of the text
        self.setPlainText(text)
        self._redraw()

    def replace_text_keeping_layout(self, text: str) -> None:
        """Swap in a text of the same length (the Simplified view), keeping every overlay."""
        scroll = self.verticalScrollBar().value()
        self.shown_text = text
        self.offsets = OffsetMap(text)
        self.setPlainText(text)  # the highlighter draws every paragraph again with it
        self.verticalScrollBar().setValue(scroll)
        self._redraw()

    def _marks(self) -> list[Span]:
        return self.spans + self._hint_spans

    def set_spans(self, spans: Sequence[Span]) -> None:
        """Draw these segments (only the paragraphs that change are drawn again)."""
        before = self._marks()
        self.spans = list(spans)
        self.highlighter.redraw_spans(before, self._marks(), set())
        joins = touching_boundaries(self.spans)
        if joins != self.joins:
            self.joins = joins
            self.viewport().update()
        self._place_stripes(self.spans)

    def _place_stripes(self, spans: Sequence[Span]) -> None:
        self.stripes.set_spans(list(spans))
        width = self.stripes.width_needed()
        if width != self.viewportMargins().left():
            self.setViewportMargins(width, 0, 0, 0)
            self._fit_stripes()

    def _fit_stripes(self) -> None:
        area = self.contentsRect()
        width = self.viewportMargins().left()
        self.stripes.setGeometry(QRect(area.left(), area.top(), width, self.viewport().height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the stripes beside the text."""
        super().resizeEvent(event)
        self._fit_stripes()

    def set_flags(self, flags: Sequence[Flag]) -> None:
        """Mark the passages the import flagged (a red wavy underline, the reason as tooltip)."""
        self.flags = list(flags)
        self._redraw()

    def set_hits(self, hits: Sequence[tuple[int, int]]) -> None:
        """Mark search hits (code-point spans)."""
        self.hits = list(hits)
        self._redraw()

    def set_suggestions(self, suggestions: Sequence[tuple[int, int, int, str]]) -> None:
        """Show keyword suggestions faintly: (start, end, code id, colour)."""
        if list(suggestions) == self.suggestions:
            return  # most coding actions leave the suggestions as they were
        before = self._marks()
        self.suggestions = list(suggestions)
        self._hint_spans = [
            Span(-1 - start, start, end, color, "", suggestion=True)
            for start, end, _code, color in suggestions
        ]
        self.highlighter.redraw_spans(before, self._marks(), set())

    def set_selected_segment(self, segment_id: int | None) -> None:
        """Emphasise one segment (or none)."""
        changed = {i for i in (self.selected_segment, segment_id) if i is not None}
        self.selected_segment = segment_id
        marks = self._marks()
        self.highlighter.redraw_spans(marks, marks, changed)

    def _set_paragraph_gap(self) -> None:
        self.paragraph_layout.gap = round(QFontMetricsF(self.font()).lineSpacing() * PARAGRAPH_GAP)

    def changeEvent(self, event: QEvent) -> None:
        """A new font size (zoom) brings a paragraph gap to match, and new stripe heights."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._set_paragraph_gap()
            self.stripes.update()

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

    def show_position(self, offset: int) -> None:
        """Put the caret at a code-point offset, nothing selected, and scroll to it."""
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_qt(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def snapped(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) widened to whole words (when boundaries are known), marks balanced."""
        if self.boundaries:
            start, end = snap_to_words(self.boundaries, start, end, self.shown_text)
        return balance_quotes(self.shown_text, start, end)

    def spans_at(self, offset: int) -> list[Span]:
        """The segments covering a code-point offset, innermost (shortest) first."""
        return sorted(
            (s for s in self.spans if s.start <= offset < s.end), key=lambda s: s.end - s.start
        )

    def _offset_at(self, event: QMouseEvent | QHelpEvent) -> int:
        point = event.position().toPoint() if isinstance(event, QMouseEvent) else event.pos()
        return self.offsets.from_qt(self.cursorForPosition(point).position())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press inside the selection starts a new selection (never a drag of the text)."""
        cursor = self.textCursor()
        if (
            event.button() == Qt.MouseButton.LeftButton
            and cursor.hasSelection()
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            position = self.cursorForPosition(event.position().toPoint()).position()
            if cursor.selectionStart() <= position < cursor.selectionEnd():
                cursor.setPosition(position)
                self.setTextCursor(cursor)
        super().mousePressEvent(event)

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
            start, end = self.snapped(*span)
            if (start, end) != span and start < end:
                self.select_span(start, end)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Tooltips listing the codes under the mouse."""
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            offset = self._offset_at(event)
            covering = self.spans_at(offset)
            lines = [f"■ {s.name}" + (f"  ({s.coder})" if s.coder else "") for s in covering]
            lines += [
                f"⚠ {f.message}" for f in self.flags if f.start <= offset < max(f.end, f.start + 1)
            ]
            if lines:
                QToolTip.showText(event.globalPos(), "\n".join(lines), self)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    # -- a code dropped on the text -----------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Take a code dragged from the codebook; the text itself is never a drop target."""
        if event.mimeData().hasFormat(CODE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep taking a dragged code while it moves over the text (the selection stays)."""
        if event.mimeData().hasFormat(CODE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Code the selection with the dropped code."""
        data = bytes(event.mimeData().data(CODE_MIME).data()).decode("ascii", "replace").strip()
        if not data.isdigit():
            event.ignore()
            return
        event.acceptProposedAction()
        self.code_dropped.emit(int(data))

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
        # Search hits are few: extra selections; segments and suggestions: the highlighter.
        selections = []
        for start, end in self.hits:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(255, 230, 0, 110))
            fmt.setFontWeight(700)
            selections.append(self._selection(start, end, fmt))
        if self.flags:
            flag_format = QTextCharFormat()
            flag_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            flag_format.setUnderlineColor(QColor("#c0392b"))
            flag_format.setBackground(QColor(192, 57, 43, 40))
            length = self.offsets.length
            for flag in self.flags:
                start = min(flag.start, length)
                end = min(max(flag.end, flag.start + 1), length)
                if start < end:
                    selections.append(self._selection(start, end, flag_format))
        self.setExtraSelections(selections)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text, then a thin line where two segments of one code touch."""
        super().paintEvent(event)
        if not self.joins:
            return
        low = self.offsets.from_qt(self.firstVisibleBlock().position())
        high = self.offsets.from_qt(
            self.cursorForPosition(self.viewport().rect().bottomRight()).position()
        )
        painter = QPainter(self.viewport())
        for offset, color in self.joins:
            if offset < low or offset > high:
                continue
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_qt(offset))
            rect = self.cursorRect(cursor)
            painter.setPen(QPen(QColor(color).darker(170), 2))
            painter.drawLine(rect.left(), rect.top() + 1, rect.left(), rect.bottom() - 1)

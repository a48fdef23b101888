"""The article's segment list: code, coded text, memo, coder; click to jump to the text.

Choosing a row (a click, even on the row already selected, or the arrow keys) emits the
segment's id: the window makes that segment the current one, so a code key recodes it.

A table view over a small model of plain rows: refilling it for hundreds of segments must
cost no more than a model reset (a QTableWidget re-measures its columns on every item).

The columns follow their contents (`SegmentList.fit_columns`): code, memo and coder as wide as
their widest entry, each within a share of the list, and the coded text, what a coder reads
here, takes the rest.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from coding.segments import SegmentInfo

Index = QModelIndex | QPersistentModelIndex
CODE, TEXT, MEMO, CODER = range(4)
# The most of the list's width each column may take; the coded text keeps at least the rest
# (40 %). A memo is read here, not only edited: room for a sentence, the rest in its tooltip.
SHARES = {CODE: 0.22, MEMO: 0.26, CODER: 0.12}
CELL_PADDING = 16  # a cell's margins on both sides, beyond its text


class SegmentModel(QAbstractTableModel):
    """Rows of (code name, colour, text, memo, coder) for the segment list."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[
            tuple[int, str, str, str, str, str]
        ] = []  # id, code, colour, text, memo, coder

    def set_rows(self, rows: list[tuple[int, str, str, str, str, str]]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Code"), self.tr("Text"), self.tr("Memo"), self.tr("Coder"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        segment_id, code, color, text, memo, coder = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (code, text.replace("\n", " ⏎ "), memo.replace("\n", " ⏎ "), coder)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return text
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and memo:
            return memo
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QColor(color).darker(130)
        if role == Qt.ItemDataRole.UserRole:
            return segment_id
        return None


class SegmentList(QTableView):
    """Lists segments in text order; selecting one emits its id."""

    segment_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segment_model = SegmentModel()
        self.setModel(self.segment_model)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        self.selectionModel().selectionChanged.connect(self._on_selection)
        # A click on the row that is already selected chooses it again: after the coder
        # selected other text, the click must make the segment current once more.
        self.clicked.connect(self._on_click)
        self._quiet = False
        self.fit_columns()

    @property
    def segment_ids(self) -> list[int]:
        """The ids shown, in order."""
        return [row[0] for row in self.segment_model.rows]

    def rowCount(self) -> int:
        """How many segments are listed."""
        return self.segment_model.rowCount()

    def show_segments(
        self,
        segments: list[SegmentInfo],
        names: dict[int, str],
        colors: dict[int, str],
        coders: dict[int, str],
    ) -> None:
        """Show these segments."""
        self._quiet = True
        self.segment_model.set_rows(
            [
                (
                    s.id,
                    names.get(s.code_id, "?"),
                    colors.get(s.code_id, "#888888"),
                    s.text,
                    s.memo,
                    coders.get(s.coder_id, ""),
                )
                for s in segments
            ]
        )
        self._quiet = False
        self.fit_columns()

    def fit_columns(self) -> None:
        """Code, memo and coder as wide as their header and widest entry, within their shares.

        Measures each distinct name, memo and coder once, so refilling the list after a coding
        action stays as cheap as the model reset.
        """
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        room = self.viewport().width()
        for column, field in ((CODE, 1), (MEMO, 4), (CODER, 5)):  # fields of a model row
            texts = {str(row[field]).replace("\n", " ⏎ ") for row in self.segment_model.rows}
            widest = max((metrics.horizontalAdvance(text) for text in texts if text), default=0)
            least = header.sectionSizeHint(column)  # the header, whole
            wanted = min(widest + CELL_PADDING, int(room * SHARES[column]))
            header.resizeSection(column, max(least, wanted))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Share the new width out again."""
        super().resizeEvent(event)
        self.fit_columns()

    def select_segment(self, segment_id: int | None) -> None:
        """Select a segment's row without emitting."""
        self._quiet = True
        self.clearSelection()
        if segment_id in self.segment_ids:
            self.selectRow(self.segment_ids.index(segment_id))
        self._quiet = False

    def current_segment(self) -> int | None:
        """The id of the selected segment."""
        rows = self.selectionModel().selectedRows()
        return self.segment_ids[rows[0].row()] if rows else None

    def _on_click(self, index: QModelIndex) -> None:
        if index.isValid() and not self._quiet:
            self.segment_chosen.emit(self.segment_ids[index.row()])

    def _on_selection(self) -> None:
        segment_id = self.current_segment()
        if segment_id is not None and not self._quiet:
            self.segment_chosen.emit(segment_id)

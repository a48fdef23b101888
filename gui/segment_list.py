"""The article's segment list: code, coded text, memo, coder; click to jump to the text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from coding.segments import SegmentInfo


class SegmentList(QTableWidget):
    """Lists segments in text order; selecting one emits its id."""

    segment_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Text"), self.tr("Memo"), self.tr("Coder")]
        )
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.itemSelectionChanged.connect(self._on_selection)
        self.segment_ids: list[int] = []

    def show_segments(
        self,
        segments: list[SegmentInfo],
        names: dict[int, str],
        colors: dict[int, str],
        coders: dict[int, str],
    ) -> None:
        """Show these segments."""
        self.blockSignals(True)
        self.setRowCount(len(segments))
        self.segment_ids = [s.id for s in segments]
        for row, segment in enumerate(segments):
            code = QTableWidgetItem(names.get(segment.code_id, "?"))
            code.setForeground(QBrush(QColor(colors.get(segment.code_id, "#888888")).darker(130)))
            code.setData(Qt.ItemDataRole.UserRole, segment.id)
            text = QTableWidgetItem(segment.text.replace("\n", " ⏎ "))
            text.setToolTip(segment.text)
            self.setItem(row, 0, code)
            self.setItem(row, 1, text)
            self.setItem(row, 2, QTableWidgetItem(segment.memo))
            self.setItem(row, 3, QTableWidgetItem(coders.get(segment.coder_id, "")))
        self.blockSignals(False)

    def select_segment(self, segment_id: int | None) -> None:
        """Select a segment's row without emitting."""
        self.blockSignals(True)
        self.clearSelection()
        if segment_id in self.segment_ids:
            self.selectRow(self.segment_ids.index(segment_id))
        self.blockSignals(False)

    def current_segment(self) -> int | None:
        """The id of the selected segment."""
        rows = self.selectionModel().selectedRows()
        return self.segment_ids[rows[0].row()] if rows else None

    def _on_selection(self) -> None:
        segment_id = self.current_segment()
        if segment_id is not None:
            self.segment_chosen.emit(segment_id)

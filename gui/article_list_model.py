"""The article list's item model: an adapter over plain `ArticleSummary` rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from corpus.articles import ArticleSummary

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArticleListModel", text)


class ArticleListModel(QAbstractTableModel):
    """Title, outlet, date, script and length of each article."""

    COLUMNS = ("title", "outlet", "published", "script", "chars")

    def __init__(self, rows: Sequence[ArticleSummary] = ()) -> None:
        super().__init__()
        self._rows = list(rows)

    def set_rows(self, rows: Sequence[ArticleSummary]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def article_at(self, row: int) -> ArticleSummary:
        """The article shown on a row."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [_tr("Title"), _tr("Outlet"), _tr("Date"), _tr("Script"), _tr("Characters")][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        article = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if column == "published":
            return article.published.isoformat() if article.published else ""
        if column == "script":
            return _tr("Traditional") if article.script == "traditional" else _tr("Simplified")
        value = getattr(article, column)
        return "" if value is None else value

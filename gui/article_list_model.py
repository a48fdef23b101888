"""The article list's item model: an adapter over plain `ArticleRow`s, with a status filter,
and how its columns share a narrow list's width (`fit_article_columns`).

At 1280x720 the list is about 320 pixels wide: the title (half of it at least), status,
segments and the outlet are read there, the date shows when the list is wider. The segments
column is headed by a short word (its whole name in the header's tooltip), a long outlet or
title ends in "…" with the whole in its tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from coding.workspace import ArticleRow

Index = QModelIndex | QPersistentModelIndex
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE, OUTLET, PUBLISHED, STATUS, SEGMENTS = range(5)  # the model's column order
OUTLET_SHARE = 0.4  # the outlet's most, of the width the date, status and segments leave
TITLE_SHARE = 0.5  # the title's least share of the list: articles are told apart by it


def fit_article_columns(room: int, wanted: Sequence[int], least: Sequence[int]) -> list[int]:
    """The width of each column (the model's order) in a list `room` pixels wide.

    `wanted`: what each column's header and contents need; `least`: the narrowest a column is
    still read in (a few characters and "…"). Status and segments get what they want (short
    texts of one width); the title at least `TITLE_SHARE` of the list, since a coder tells
    articles apart by their titles; the outlet what it wants, up to `OUTLET_SHARE` of what is
    left, and at least its least. The date is shown whole or not at all (width 0): in a narrow
    list (1280x720) a date cut to "20" would only look broken, and the title's tooltip names it.
    """
    fixed = wanted[STATUS] + wanted[SEGMENTS]
    title_least = max(least[TITLE], int(room * TITLE_SHARE))

    def share(date: int) -> tuple[list[int], bool]:
        rest = room - fixed - date
        outlet = max(least[OUTLET], min(wanted[OUTLET], int(rest * OUTLET_SHARE)))
        title = max(title_least, rest - outlet)
        outlet = max(least[OUTLET], min(outlet, rest - title))
        widths = list(wanted)
        widths[TITLE], widths[OUTLET], widths[PUBLISHED] = title, outlet, date
        return widths, title + outlet <= rest

    widths, fits = share(wanted[PUBLISHED])
    return widths if fits else share(0)[0]


class ArticleListModel(QAbstractTableModel):
    """Title, outlet, date, status and number of segments of each article."""

    COLUMNS = ("title", "outlet", "published", "status", "segments")

    def __init__(self, rows: Sequence[ArticleRow] = ()) -> None:
        super().__init__()
        self._rows: list[ArticleRow] = []
        self._row_of: dict[int, int] = {}
        self.set_rows(rows)

    def set_rows(self, rows: Sequence[ArticleRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        # Large projects hold 100,000 articles: find a row by id without a scan.
        self._row_of = {r.id: n for n, r in enumerate(self._rows)}
        self.endResetModel()

    def update_row(self, row: ArticleRow) -> None:
        """Refresh one article's line in place."""
        number = self._row_of.get(row.id)
        if number is not None:
            self._rows[number] = row
            self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.COLUMNS) - 1))

    def article_at(self, row: int) -> ArticleRow:
        """The article shown on a row."""
        return self._rows[row]

    def row_of(self, article_id: int) -> int | None:
        """The row showing an article."""
        return self._row_of.get(article_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and section == SEGMENTS:
            return self.tr("Segments coded in the article")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Title"),
            self.tr("Outlet"),
            self.tr("Date"),
            self.tr("Status"),
            # A short head over numbers of two or three digits: the list is narrow.
            self.tr("Seg."),
        ][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        article = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == ARTICLE_ID_ROLE:
            return article.id
        if role == Qt.ItemDataRole.ForegroundRole and article.status == "done":
            return QColor("#5f6b73")
        if role == Qt.ItemDataRole.ToolTipRole and column == "title":
            # The whole title, and what a narrow list may have scrolled out of view.
            source = " · ".join(
                part
                for part in (article.outlet, article.published and article.published.isoformat())
                if part
            )
            return f"{article.title}\n{source}" if source else article.title
        if role == Qt.ItemDataRole.ToolTipRole and column == "outlet":
            return article.outlet  # the column is narrow: the whole name
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "published":
            return article.published.isoformat() if article.published else ""
        if column == "status":
            return {"done": self.tr("Done"), "todo": self.tr("To do")}.get(article.status, "")
        value = getattr(article, column)
        return "" if value is None else value


class ArticleFilter(QSortFilterProxyModel):
    """Shows the articles of one status whose title, outlet or id match a text."""

    STATUSES = ("all", "queue", "todo", "done", "unassigned")

    def __init__(self) -> None:
        super().__init__()
        self.status = "all"
        self.text = ""
        self.ids: set[int] | None = None  # articles holding a search term, when filtering by it

    def set_status(self, status: str) -> None:
        """Filter by status: all, queue (assigned to me), todo, done or unassigned."""
        self.beginFilterChange()
        self.status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Filter by a piece of title or outlet."""
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_ids(self, ids: set[int] | None) -> None:
        """Show only these articles (None: no such restriction)."""
        self.beginFilterChange()
        self.ids = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ArticleListModel)
        article = model.article_at(source_row)
        if self.status == "unassigned" and article.status:
            return False
        if self.status == "queue" and not article.status:
            return False
        if self.status in ("todo", "done") and article.status != self.status:
            return False
        if self.ids is not None and article.id not in self.ids:
            return False
        if self.text:
            haystack = f"{article.id} {article.title} {article.outlet or ''}".casefold()
            return self.text in haystack
        return True

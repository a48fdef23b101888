"""The codebook panel's item model: a Qt adapter over the plain `codebook.tree.CodeTree`.

Three columns: the code's name (with its colour as decoration and its definition as tooltip),
its shortcut key, and the number of segments coded with it. A code with sub-codes shows the
total with them, marked "Σ 136": coders code with the leaves, so a parent's own count is
mostly 0 while its branch holds most of the coding; the tooltip gives both numbers, the
model's `segments_text` the shown one. Custom roles give the code id,
GUID, path, retired flag and the segment count of its whole subtree, so views and proxies
never reach into the tree. The model holds no widget logic and changes nothing: after an
operation the panel hands it a fresh tree (`set_tree`); the window's own coding adjusts the
counts at once (`add_to_counts`), and a reload from the database confirms them later.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from codebook.tree import CodeNode, CodeTree
from gui.article_view import CODE_MIME

Index = QModelIndex | QPersistentModelIndex


class CodeRole(IntEnum):
    """The model's own data roles."""

    ID = Qt.ItemDataRole.UserRole + 1
    PATH = Qt.ItemDataRole.UserRole + 2  # "组织体系 > 楼栋党小组"
    GUID = Qt.ItemDataRole.UserRole + 3
    RETIRED = Qt.ItemDataRole.UserRole + 4
    TOTAL_SEGMENTS = Qt.ItemDataRole.UserRole + 5  # this code's and its descendants'


NAME, KEY, SEGMENTS = range(3)
_RETIRED_COLOR = QColor("#888888")


ROLLED_UP = "Σ"  # before a parent code's count: its segments and all its sub-codes'


def segments_text(node: CodeNode) -> str:
    """The Segments column's text: the code's own count, or "Σ total" for a parent code."""
    return f"{ROLLED_UP} {node.total_segments}" if node.children else str(node.segments)


def _counts_tooltip(node: CodeNode) -> str:
    # A parent's count is the branch's total: say what it holds and what the code has itself.
    return "\n".join(
        (
            QCoreApplication.translate("CodebookModel", "Segments with its sub-codes: %1").replace(
                "%1", str(node.total_segments)
            ),
            QCoreApplication.translate(
                "CodebookModel", "Segments coded with this code itself: %1"
            ).replace("%1", str(node.segments)),
        )
    )


def _tooltip(node: CodeNode) -> str:
    lines = [node.path_text]
    if node.name_en:
        lines.append(node.name_en)
    if node.definition:
        lines.append(node.definition)
    if node.retired:
        lines.append(
            QCoreApplication.translate(
                "CodebookModel", "Retired: kept with its segments, hidden from new coding."
            )
        )
    return "\n".join(lines)


class CodebookModel(QAbstractItemModel):
    """The code tree for a tree view: name, shortcut key, number of segments."""

    HEADERS = ("Code", "Key", "Segments")

    def __init__(self, tree: CodeTree | None = None) -> None:
        super().__init__()
        self._tree = tree if tree is not None else CodeTree()
        # QFont needs a running application: made on first use, not at import.
        self._retired_font: QFont | None = None

    # --- plain-data access for the panel -------------------------------------------------

    @property
    def tree(self) -> CodeTree:
        """The tree shown."""
        return self._tree

    def set_tree(self, tree: CodeTree) -> None:
        """Show a new tree (after any codebook change)."""
        self.beginResetModel()
        self._tree = tree
        self.endResetModel()

    def update_counts(self, tree: CodeTree) -> None:
        """Take the segment counts of a freshly loaded tree of the same codes, in place.

        Coding changes only counts; resetting the model would lose the coder's place in it.
        """
        if [n.id for n in tree] != [n.id for n in self._tree]:
            self.set_tree(tree)
            return
        for node in self._tree:
            fresh = tree.by_id[node.id]
            if (fresh.segments, fresh.total_segments) != (node.segments, node.total_segments):
                node.segments, node.total_segments = fresh.segments, fresh.total_segments
                index = self.index_of(node.id, SEGMENTS)
                self.dataChanged.emit(index, index)

    def add_to_counts(self, deltas: Mapping[int, int]) -> None:
        """Count segments a coding action just added (+1) or took away (-1), by code id.

        The window's own coding is counted at once, so the number beside a code is never an
        action behind; the debounced reload from the database (`update_counts`) confirms it
        and covers what the window cannot know (undo, other coders).
        """
        touched: set[int] = set()
        for code_id, delta in deltas.items():
            node = self._tree.by_id.get(code_id)
            if node is None or not delta:
                continue
            node.segments = max(0, node.segments + delta)
            while node is not None:
                node.total_segments = max(0, node.total_segments + delta)
                touched.add(node.id)
                node = node.parent
        for code_id in touched:
            index = self.index_of(code_id, SEGMENTS)
            self.dataChanged.emit(index, index)

    def node(self, index: Index) -> CodeNode | None:
        """The code at an index; None for the invisible root."""
        if not index.isValid():
            return None
        node = index.internalPointer()
        assert isinstance(node, CodeNode)
        return node

    def index_of(self, code_id: int, column: int = NAME) -> QModelIndex:
        """The index of a code by id; invalid when it is not in the tree."""
        node = self._tree.by_id.get(code_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    # --- QAbstractItemModel --------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008 (Qt API)
        if column < 0 or column >= len(self.HEADERS) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != NAME:
            return QModelIndex()
        parent_node = self.node(parent)
        children = parent_node.children if parent_node is not None else self._tree.roots
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        # QObject.parent() and QAbstractItemModel.parent(index) share a name in Qt.
        node = self.node(child)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, NAME, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        if parent.isValid() and parent.column() != NAME:
            return 0
        node = self.node(parent)
        return len(node.children if node is not None else self._tree.roots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return len(self.HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt API)
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        node = self.node(index)
        if node is not None and not node.children:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        if node is not None and not node.retired:
            flags |= Qt.ItemFlag.ItemIsDragEnabled  # dropped on a selection, it codes it
        return flags

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        node = self.node(indexes[0]) if indexes else None
        if node is not None:
            data.setData(CODE_MIME, str(node.id).encode("ascii"))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation != Qt.Orientation.Horizontal
            or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
            or not 0 <= section < len(self.HEADERS)
        ):
            return None
        if role == Qt.ItemDataRole.ToolTipRole and section == SEGMENTS:
            return QCoreApplication.translate(
                "CodebookModel",
                "Segments coded with each code; Σ: a parent code's total with its sub-codes",
            )
        # Literal calls, so that lupdate finds the strings.
        headers = (
            QCoreApplication.translate("CodebookModel", "Code"),
            QCoreApplication.translate("CodebookModel", "Key"),
            QCoreApplication.translate("CodebookModel", "Segments"),
        )
        return headers[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return node.name
            if column == KEY:
                return node.key or ""
            # A leaf's count stays a number (as a view or a proxy would sort it).
            return segments_text(node) if node.children else node.segments
        if role == Qt.ItemDataRole.DecorationRole and column == NAME:
            return QColor(node.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _counts_tooltip(node) if column == SEGMENTS and node.children else _tooltip(node)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SEGMENTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and node.retired:
            return _RETIRED_COLOR
        if role == Qt.ItemDataRole.FontRole and node.retired:
            if self._retired_font is None:
                self._retired_font = QFont()
                self._retired_font.setItalic(True)
            return self._retired_font
        if role == CodeRole.ID:
            return node.id
        if role == CodeRole.PATH:
            return node.path_text
        if role == CodeRole.GUID:
            return node.guid
        if role == CodeRole.RETIRED:
            return node.retired
        if role == CodeRole.TOTAL_SEGMENTS:
            return node.total_segments
        return None

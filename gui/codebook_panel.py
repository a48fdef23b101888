"""The codebook panel: the code tree with colours and keys, a filter, and the selected code's
definition, rules and examples; double-click or Enter codes the article's selection, and the
right-click menu adds, edits (the code dialog, gui/code_dialog.py), merges or retires codes.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from codebook.spec import CodeSpec, walk
from codebook.tree import CodeNode, CodeTree
from corpus.script import fold
from gui.codebook_model import KEY, CodebookModel, CodeRole, segments_text

CELL_PADDING = 14  # a cell's margins on both sides, beyond its text


class CodeFilter(QSortFilterProxyModel):
    """Keeps the codes whose name or English name holds the query, in either script.

    Both sides are folded (Traditional to Simplified, fullwidth to ASCII, lower case), so 網格
    finds 网格员 and "grid" finds a code named "Grid workers".
    """

    def __init__(self, english_name: Callable[[str], str]) -> None:
        super().__init__()
        self._english_name = english_name  # a code's English name by its GUID ("" if none)
        self._query = ""

    def set_query(self, text: str) -> None:
        """Filter by `text` (empty: every code)."""
        self.beginFilterChange()
        self._query = fold(text.strip())
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        if not self._query:
            return True
        index = self.sourceModel().index(row, 0, parent)
        names = [str(index.data() or ""), self._english_name(str(index.data(CodeRole.GUID) or ""))]
        return any(self._query in fold(name) for name in names)


class _CodeTree(QTreeView):
    activated_code = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_code.emit(int(self.currentIndex().data(CodeRole.ID)))
            return
        super().keyPressEvent(event)


class CodebookPanel(QWidget):
    """Shows the codebook; says which code the coder chose."""

    code_chosen = Signal(int)  # double-click or Enter: code the selection with it
    edit_requested = Signal(str, object)  # action name, code id (None: the top level)
    current_code_changed = Signal(int)

    def __init__(self, english: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.english = english
        self.model = CodebookModel()
        self.specs: dict[str, CodeSpec] = {}  # by upper-case GUID, for details and the filter
        self.proxy = CodeFilter(self._english_name)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter codes…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        self.tree = _CodeTree()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(False)
        self.tree.setUniformRowHeights(True)
        self.model.dataChanged.connect(self._widen_for)
        self.model.modelReset.connect(self.fit_columns)  # a new codebook: measure again
        header = self.tree.header()
        header.setMinimumSectionSize(self.tree.fontMetrics().horizontalAdvance("00") + 8)
        self.fit_columns()
        # A code dragged from here onto a selection in the article codes it.
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.doubleClicked.connect(self._on_double_click)
        self.tree.activated_code.connect(self.code_chosen)
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        # The tree keeps at least five rows in view however small the dock gets, and the
        # details at least five lines: at 1280x720 a definition must be readable beside the
        # text, not a line and a half of it (the details are set compactly for the same reason).
        row = self.tree.fontMetrics().height() + 6
        self.tree.setMinimumHeight(row * 5 + self.tree.header().sizeHint().height())
        self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * 5 + 12)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 260])
        # Adding a code is also in the tree's right-click menu; the button says it can be done.
        self.add_button = QToolButton()
        self.add_button.setText("+")
        self.add_button.setToolTip(self.tr("New code…"))
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_button.clicked.connect(lambda: self.edit_requested.emit("add-top", None))
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter)

    def set_codebook(self, tree: CodeTree, specs: list[CodeSpec]) -> None:
        """Show a code tree; `specs` (from the codebook) give the details pane its text."""
        self.model.set_tree(tree)
        self.specs = {(code.guid or "").upper(): code for _, code in walk(specs)}
        self.tree.expandAll()
        self.fit_columns()

    def fit_columns(self) -> None:
        """The key and count columns as wide as their header or widest value; the name the rest.

        Both the header and the values must show whole in either language ("快捷键",
        "Segments", "Σ 136"). The widths are measured here, once per codebook, and a count
        that grows wider widens its column (`_widen_for`): Qt's ResizeToContents would measure
        every row again on each count change, which cost a coding action 12-20 ms.
        """
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            texts = [self._cell_text(node, column) for node in self.model.tree]
            widest = max((self._text_width(t) for t in texts if t), default=0)
            header.resizeSection(column, max(header.sectionSizeHint(column), widest))

    def _cell_text(self, node: CodeNode, column: int) -> str:
        if column == KEY:
            return node.key or ""
        return segments_text(node)

    def _text_width(self, text: str) -> int:
        return self.tree.fontMetrics().horizontalAdvance(text) + CELL_PADDING

    def _widen_for(self, top: QModelIndex, bottom: QModelIndex) -> None:
        # Only the cells that changed are measured; a column never narrows while coding.
        header = self.tree.header()
        for row in range(top.row(), bottom.row() + 1):
            for column in range(max(top.column(), 1), bottom.column() + 1):
                node = self.model.node(top.siblingAtRow(row))
                if node is None:
                    continue
                width = self._text_width(self._cell_text(node, column))
                if width > header.sectionSize(column):
                    header.resizeSection(column, width)

    def current_code(self) -> int | None:
        """The code under the tree's cursor."""
        index = self.tree.currentIndex()
        return int(index.data(CodeRole.ID)) if index.isValid() else None

    def _context_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        code_id = int(index.data(CodeRole.ID)) if index.isValid() else None
        menu = QMenu(self)
        entries = [("add-top", self.tr("Add a top-level code…"))]
        if code_id is not None:
            entries += [
                ("edit", self.tr("Edit code…")),
                ("add-child", self.tr("Add a code under this one…")),
                ("rename", self.tr("Rename…")),
                ("recolour", self.tr("Change colour…")),
                ("merge", self.tr("Merge into another code…")),
                ("retire", self.tr("Retire (keep its segments, hide from new coding)")),
                ("delete", self.tr("Delete…")),
            ]
        for name, text in entries:
            action = menu.addAction(text)
            action.triggered.connect(lambda _c=False, n=name: self.edit_requested.emit(n, code_id))
        menu.exec(self.tree.viewport().mapToGlobal(position))

    def spec_of(self, guid: str) -> CodeSpec | None:
        """A code's every field (definition, rules, examples...) by its GUID."""
        return self.specs.get(guid.upper())

    def _english_name(self, guid: str) -> str:
        spec = self.specs.get(guid.upper())
        return (spec.name_en or "") if spec is not None else ""

    def _on_filter(self, text: str) -> None:
        self.proxy.set_query(text)
        self.tree.expandAll()

    def _on_double_click(self, index: QModelIndex) -> None:
        self.code_chosen.emit(int(index.data(CodeRole.ID)))

    def _on_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if not index.isValid():
            self.details.clear()
            return
        self.current_code_changed.emit(int(index.data(CodeRole.ID)))
        spec = self.specs.get(str(index.data(CodeRole.GUID) or "").upper())
        self.details.setHtml(self._details_html(str(index.data(CodeRole.PATH)), spec))

    def _details_html(self, path: str, spec: CodeSpec | None) -> str:
        # Compact: the path and English name on one line, each heading run into its text, so
        # that a small pane shows the definition itself rather than headings and margins.
        english = (
            f" <span style='color:#5f6b73'>· {html.escape(spec.name_en)}</span>"
            if spec is not None and spec.name_en
            else ""
        )
        parts = [f"<p style='margin:0 0 4px 0'><b>{html.escape(path)}</b>{english}</p>"]
        if spec is None:
            return "".join(parts)
        sections = [
            (self.tr("Definition"), spec.definition),
            (self.tr("Include"), spec.include),
            (self.tr("Exclude"), spec.exclude),
        ]
        for title, body in sections:
            if body:
                heading = self.tr("%1:").replace("%1", title)  # 定义：
                parts.append(
                    f"<p style='margin:0 0 4px 0'><b>{html.escape(heading)}</b> "
                    f"{html.escape(body)}</p>"
                )
        if spec.examples:
            items = "".join(f"<li>{html.escape(e)}</li>" for e in spec.examples)
            examples = self.tr("Examples")
            parts.append(f"<p><b>{html.escape(examples)}</b></p><ul>{items}</ul>")
        if spec.keywords:
            keywords = self.tr("Keywords")
            parts.append(
                f"<p><b>{html.escape(keywords)}</b><br>{html.escape('、'.join(spec.keywords))}</p>"
            )
        return "".join(parts)

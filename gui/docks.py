"""The coding window's side panels and their wiring: the article list (status and text filters,
moving through it, marking an article done), the codebook panel (its edit menu, its segment
counts) and the coding sheet (storing a value).

`Docks` is mixed into `MainWindow` (gui/main_window.py): `self` is the window, so
window.article_model, window.codebook_panel and window.sheet stay where they were. It builds the
panels; the window puts them in dock widgets and names them. Its strings are translated in the
context "Docks" (PySide's tr() tries each class of the window in turn).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from codebook.operations import (
    AddCode,
    DeleteCode,
    MergeCodes,
    RecolourCode,
    RenameCode,
    RetireCode,
)
from codebook.spec import CodeSpec
from codebook.tree import load_code_tree
from coding import bulk
from coding.segments import CodingError
from gui.article_list_model import ARTICLE_ID_ROLE, ArticleFilter, ArticleListModel
from gui.codebook_panel import CodebookPanel
from gui.coding_sheet import CodingSheet
from models.database import ProjectError
from models.journal import Operation


class Docks:
    """The article list, the codebook panel and the coding sheet."""

    def _build_article_list(self) -> QWidget:
        """Articles: a status filter, a text filter, the list."""
        self.article_model = ArticleListModel()
        self.article_filter = ArticleFilter()
        self.article_filter.setSourceModel(self.article_model)
        self.article_table = QTableView()
        self.article_table.setModel(self.article_filter)
        self.article_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.article_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.article_table.verticalHeader().hide()
        self.article_table.setWordWrap(False)
        header = self.article_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: sizing columns to their contents would measure all 100,000 rows.
        for column, width in ((1, 110), (2, 86), (3, 58), (4, 64)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.article_table.verticalHeader().setDefaultSectionSize(24)
        self.article_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.article_table.clicked.connect(
            lambda index: self.open_article(int(index.data(ARTICLE_ID_ROLE)))
        )
        self.article_table.activated.connect(
            lambda index: self.open_article(int(index.data(ARTICLE_ID_ROLE)))
        )
        self.status_filter = QComboBox()
        for key, label in (
            ("all", self.tr("All articles")),
            ("queue", self.tr("My queue")),
            ("todo", self.tr("To do")),
            ("done", self.tr("Done")),
            ("unassigned", self.tr("Not assigned to me")),
        ):
            self.status_filter.addItem(label, key)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.article_filter.set_status(self.status_filter.currentData())
        )
        self.title_filter = QLineEdit()
        self.title_filter.setPlaceholderText(self.tr("Filter by title, outlet or id"))
        self.title_filter.setClearButtonEnabled(True)
        self.title_filter.textChanged.connect(self.article_filter.set_text)
        articles = QWidget()
        layout = QVBoxLayout(articles)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.status_filter)
        row.addWidget(self.title_filter, 1)
        layout.addLayout(row)
        layout.addWidget(self.article_table)
        return articles

    def _build_codebook_and_sheet(self) -> None:
        self.codebook_panel = CodebookPanel(self.english)
        self.codebook_panel.code_chosen.connect(self.code_selection)
        self.codebook_panel.edit_requested.connect(self.edit_codebook)
        self.sheet = CodingSheet(self.english)
        self.sheet.value_changed.connect(self.set_value)
        # Segment counts in the codebook follow coding a moment later, off the action's path.
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(700)
        self._counts_timer.timeout.connect(self._refresh_counts)

    def _refresh_counts(self) -> None:
        self.tree = load_code_tree(self.workspace.database)
        self.codebook_panel.model.update_counts(self.tree)

    def _select_in_list(self, article_id: int) -> None:
        row = self.article_model.row_of(article_id)
        if row is None:
            return
        index = self.article_filter.mapFromSource(self.article_model.index(row, 0))
        if index.isValid():
            self.article_table.selectRow(index.row())
            self.article_table.scrollTo(index)

    def step_article(self, step: int) -> None:
        """Open the next (or previous) article in the filtered list."""
        rows = self.article_filter.rowCount()
        if not rows:
            return
        current = self.article_table.currentIndex().row()
        target = min(max(current + step, 0), rows - 1)
        self.open_article(int(self.article_filter.index(target, 0).data(ARTICLE_ID_ROLE)))

    def next_unfinished(self) -> None:
        """Open the next article this coder has not marked done."""
        current = self.article_table.currentIndex().row()
        rows = self.article_filter.rowCount()
        for offset in range(1, rows + 1):
            index = self.article_filter.index((current + offset) % rows, 0)
            source = self.article_model.article_at(self.article_filter.mapToSource(index).row())
            if source.status != "done":
                self.open_article(source.id)
                return
        self.statusBar().showMessage(self.tr("Every article in the list is done."), 5000)

    def toggle_done(self) -> None:
        """Mark the article done, or not done again."""
        if self.article_id is None:
            return
        row = self.article_model.row_of(self.article_id)
        done = row is not None and self.article_model.article_at(row).status == "done"
        article_id = self.article_id
        self._perform(lambda: self.workspace.set_done(article_id, not done))

    def edit_codebook(self, name: str, code_id: int | None) -> None:
        """Change the codebook from the panel's menu; each change is one undoable step."""
        node = self.tree.by_id.get(code_id) if code_id is not None else None
        operation: Operation | None = None
        if name in ("add-top", "add-child"):
            text, ok = QInputDialog.getText(
                self, self.tr("New code"), self.tr("Name of the new code:")
            )
            if ok and text.strip():
                parent = code_id if name == "add-child" else None
                color = node.color if node else "#7f8c8d"
                operation = AddCode(parent, CodeSpec(name=text.strip(), color=color))
        elif node is not None and name == "rename":
            text, ok = QInputDialog.getText(
                self, self.tr("Rename code"), self.tr("New name:"), text=node.name
            )
            if ok and text.strip():
                operation = RenameCode(node.id, text.strip())
        elif node is not None and name == "recolour":
            chosen_color = QColorDialog.getColor(
                QColor(node.color), self, self.tr("Colour of the code")
            )
            if chosen_color.isValid():
                operation = RecolourCode(node.id, chosen_color.name())
        elif node is not None and name == "merge":
            others = [n for n in self.tree if n.id != node.id and not n.retired]
            paths = [n.path_text for n in others]
            prompt = self.tr("Merge “%1” into:").replace("%1", node.name)
            target, ok = QInputDialog.getItem(self, self.tr("Merge codes"), prompt, paths, 0, False)
            if ok and target in paths:
                operation = MergeCodes(node.id, others[paths.index(target)].id)
        elif node is not None and name == "retire":
            operation = RetireCode(node.id)
        elif node is not None and name == "delete":
            if node.total_segments:  # a used code goes only with an explicit reassignment
                others = [n for n in self.tree if n.id != node.id and not n.retired]
                paths = [n.path_text for n in others]
                prompt = self.tr("“%1” has segments. Give them to:").replace("%1", node.name)
                target, ok = QInputDialog.getItem(
                    self, self.tr("Delete code"), prompt, paths, 0, False
                )
                if ok and target in paths:
                    operation = DeleteCode(node.id, reassign_to=others[paths.index(target)].id)
            else:
                operation = DeleteCode(node.id)
        if operation is not None:
            chosen = operation
            self._after_backup(
                bulk.bulk_reason(chosen),
                lambda: bulk.perform(self.workspace, chosen, backed_up=True),
            )

    def set_value(self, variable_id: int, value: object) -> None:
        """Store a coding-sheet value."""
        if self.article_id is None:
            return
        article_id = self.article_id
        try:
            self.workspace.set_value(article_id, variable_id, None if value is None else str(value))
        except (CodingError, ProjectError) as exc:  # ProjectError: NotAllowed on a server
            self.sheet.show_error(str(exc))

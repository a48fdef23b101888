"""The coding window's side panels and their wiring: the article list (status and text filters,
moving through it, marking an article done: asking first when required values are empty), the
codebook panel (its edit menu, its segment counts) and the coding sheet (storing a value, its
empty state's codebook import).

`Docks` is mixed into `MainWindow` (gui/main_window.py): `self` is the window, so
window.article_model, window.codebook_panel and window.sheet stay where they were. It builds the
panels; the window puts them in dock widgets and names them. Its strings are translated in the
context "Docks" (PySide's tr() tries each class of the window in turn).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from codebook.operations import (
    AddCode,
    AddVariable,
    EditVariable,
    MergeCodes,
    RecolourCode,
    RenameCode,
    RetireCode,
    RetireVariable,
    UnretireVariable,
    UpdateCode,
    next_code_colour,
)
from codebook.spec import CodebookError, CodeSpec, VariableSpec
from codebook.store import (
    StoredValues,
    retired_variables,
    stored_values,
    variable_names,
    variable_spec,
)
from codebook.tree import CodeNode
from coding import bulk
from coding.segments import CodingError
from coding.values import missing_required
from gui.article_list_model import (
    ARTICLE_ID_ROLE,
    ArticleFilter,
    ArticleListModel,
    Index,
    fit_article_columns,
)
from gui.code_dialog import CodeDialog, ask_delete_code
from gui.codebook_panel import CodebookPanel
from gui.coding_sheet import CodingSheet
from gui.variable_dialog import VariableDialog
from models.database import ProjectError
from models.journal import Operation


class QueueFilter(ArticleFilter):
    """The article filter where "My queue" means what the lead assigned, not what is done.

    A coder's own done mark is a status: it shows in the Status column and the To do / Done
    filters, but puts nothing in the queue (`assigned`: the ids the lead assigned this coder).
    """

    def __init__(self) -> None:
        super().__init__()
        self.assigned: set[int] = set()

    def set_assigned(self, ids: set[int]) -> None:
        """The articles assigned to this coder."""
        if ids == self.assigned:
            return  # filtering 100,000 rows again for nothing costs a tenth of a second
        self.beginFilterChange()
        self.assigned = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.status == "all" and not self.text and self.ids is None:
            return True  # the usual case, asked once per row of a large project at start-up
        if self.status not in ("queue", "unassigned"):
            return super().filterAcceptsRow(source_row, source_parent)
        model = self.sourceModel()
        assert isinstance(model, ArticleListModel)
        article = model.article_at(source_row)
        if (article.id in self.assigned) != (self.status == "queue"):
            return False
        if self.ids is not None and article.id not in self.ids:
            return False
        haystack = f"{article.id} {article.title} {article.outlet or ''}".casefold()
        return not self.text or self.text in haystack


class ArticleTable(QTableView):
    """The article list's table: Status and Segments right after the title, always in view.

    Every column fits the list's width (`fit_article_columns`): date, status and segments as
    wide as their texts, the outlet up to a share of the rest, the title the remainder; a
    long outlet or title ends in "…", whole in its tooltip.
    """

    wanted: list[int] | None = None  # each column's width for its header and texts
    least: list[int] | None = None  # the narrowest each column is still read in

    def fit_title(self) -> None:
        """Share the list's width out between the columns."""
        if self.wanted is None or self.least is None:
            return
        header = self.horizontalHeader()
        widths = fit_article_columns(self.viewport().width(), self.wanted, self.least)
        for column, width in enumerate(widths):
            self.setColumnHidden(column, width == 0)  # the date, when it does not fit whole
            if width:
                header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_title()


class Docks:
    """The article list, the codebook panel and the coding sheet."""

    done_question: QMessageBox | None = None  # "mark done anyway?" while it is open

    def _build_article_list(self) -> QWidget:
        """Articles: a status filter, a text filter, the list."""
        self.article_model = ArticleListModel()
        self.article_filter = QueueFilter()
        self.article_filter.setSourceModel(self.article_model)
        self.article_table = ArticleTable()
        self.article_table.setModel(self.article_filter)
        self.article_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.article_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.article_table.verticalHeader().hide()
        self.article_table.setWordWrap(False)
        header = self.article_table.horizontalHeader()
        header.setMinimumSectionSize(36)
        for column in range(len(ArticleListModel.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        # Shown order: title, status, segments, outlet, date (the model's order is kept).
        for column in (3, 4):
            header.moveSection(header.visualIndex(column), column - 2)
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

    def _fit_article_columns(self) -> None:
        """Outlet, date, status and segments as wide as their header and contents need.

        Measured with the font on the header and the first rows only (ResizeToContents would
        measure all 100,000 rows of a large project); `ArticleTable.fit_title` then shares the
        list's width out, so title, outlet, date, status and segments are all in view.
        """
        metrics = self.article_table.fontMetrics()
        header = self.article_table.horizontalHeader()
        sample = [
            self.article_model.article_at(r) for r in range(min(200, self.article_model.rowCount()))
        ]
        status_texts = [self.tr("Done"), self.tr("To do")]
        contents = {
            1: [row.outlet or "" for row in sample],
            2: ["2000-00-00"],
            3: status_texts,
            4: [str(max([row.segments for row in sample], default=0)), "000"],
        }
        wanted = [header.sectionSizeHint(0)] + [
            max(
                [header.sectionSizeHint(column)]
                + [metrics.horizontalAdvance(text) + 14 for text in contents[column]]
            )
            for column in range(1, len(ArticleListModel.COLUMNS))
        ]
        # A title or an outlet is read from its first characters: five, or three and "…".
        least = list(wanted)
        least[0] = metrics.horizontalAdvance("中" * 5 + "…") + 14
        least[1] = min(wanted[1], metrics.horizontalAdvance("中" * 3 + "…") + 14)
        self.article_table.wanted, self.article_table.least = wanted, least
        self.article_table.fit_title()

    def _build_codebook_and_sheet(self) -> None:
        self.codebook_panel = CodebookPanel(self.english)
        self.codebook_panel.code_chosen.connect(self.code_selection)
        self.codebook_panel.edit_requested.connect(self.edit_codebook)
        self.sheet = CodingSheet(self.english)
        # A label too long to sit beside its field goes above it: the sheet then fits a narrow
        # column instead of widening it at the article's expense ("Number of organisation
        # tiers *" beside a list of values is wider than the codebook needs).
        self.sheet.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.sheet.value_changed.connect(self.set_value)
        self.sheet.current_article = lambda: self.article_id
        self.sheet.status_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.sheet.import_requested.connect(lambda: self.codebook_import_dialog())
        # Segment counts in the codebook follow coding a moment later, off the action's path.
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(700)
        self._counts_timer.timeout.connect(self._refresh_counts)

    def _refresh_counts(self) -> None:
        self.tree = self.workspace.code_tree()
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
        """Mark the article done, or not done again.

        Done with required values missing asks first: the coder may finish anyway (a value may
        not apply to the article), but never without seeing which ones are missing.
        """
        if self.article_id is None:
            return
        article_id = self.article_id
        row = self.article_model.row_of(article_id)
        done = row is not None and self.article_model.article_at(row).status == "done"
        if done:
            if self._perform(lambda: self.workspace.set_done(article_id, False)):
                self.statusBar().showMessage(self.tr("Marked not done."), 5000)
            return
        self.sheet.commit_edits()  # a field still being typed in counts as left
        try:
            with self.workspace.database.session() as session:
                missing = missing_required(session, article_id, self.workspace.coder.id)
        except ProjectError as exc:  # the server is gone: say so, mark nothing
            self.statusBar().showMessage(str(exc), 8000)
            return
        names = [
            (m.label_en if self.english and m.label_en else m.label) or m.name for m in missing
        ]
        if names:
            self._ask_done_anyway(article_id, names, self.sheet.unsaved_names(article_id))
        else:
            self._mark_done(article_id, [])

    def _mark_done(self, article_id: int, missing: list[str]) -> None:
        if not self._perform(lambda: self.workspace.set_done(article_id, True)):
            return
        if missing:
            message = self.tr("Marked done with required values empty: %1.")
            self.statusBar().showMessage(message.replace("%1", self._listed(missing)), 10000)
        else:
            self.statusBar().showMessage(self.tr("Marked done. Ctrl+Z takes it back."), 5000)

    def _listed(self, names: list[str]) -> str:
        return self.tr(", ").join(f"“{name}”" for name in names)

    def _ask_done_anyway(self, article_id: int, missing: list[str], unsaved: list[str]) -> None:
        """Ask whether to mark done with these required variables empty.

        Window-modal and not blocking (`open`, not `exec`): the answer arrives in `finished`,
        and `done_question` is the open question (None when none is open).
        """
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Required values missing"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            html.escape(self.tr("This article has no value yet for:"))
            + "<ul>"
            + "".join(f"<li>{html.escape(name)}</li>" for name in missing)
            + "</ul>"
        )
        details = self.tr(
            "Fill them in on the coding sheet (marked *), or mark the article done anyway if "
            "they do not apply to it."
        )
        if unsaved:
            details += " " + self.tr("Typed but not saved (see the message under the field): %1.")
            details = details.replace("%1", self._listed(unsaved))
        box.setInformativeText(details)
        keep = box.addButton(self.tr("Keep coding"), QMessageBox.ButtonRole.RejectRole)
        anyway = box.addButton(self.tr("Mark done anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def answered() -> None:
            self.done_question = None
            box.deleteLater()
            if box.clickedButton() is anyway:
                self._mark_done(article_id, missing)
            else:
                self.statusBar().showMessage(
                    self.tr("Not marked done: %1 still empty.").replace(
                        "%1", self._listed(missing)
                    ),
                    10000,
                )

        box.finished.connect(lambda _result: answered())
        self.done_question = box
        box.open()

    def edit_codebook(self, name: str, code_id: int | None) -> None:
        """Change the codebook from the panel's menu; each change is one undoable step."""
        node = self.tree.by_id.get(code_id) if code_id is not None else None
        operation: Operation | None = None
        if name in ("add-top", "add-child"):
            colour = next_code_colour(n.color for n in self.tree)
            dialog = self._code_dialog(CodeSpec(name="", color=colour), None, self.tr("New code"))
            if dialog.exec() == QDialog.DialogCode.Accepted:
                parent = code_id if name == "add-child" else None
                operation = AddCode(parent, dialog.spec())
        elif node is not None and name == "edit":
            current = self.codebook_panel.spec_of(node.guid) or CodeSpec(
                name=node.name, guid=node.guid, color=node.color, key=node.key
            )
            dialog = self._code_dialog(current, node.id, self.tr("Edit code"))
            if dialog.exec() == QDialog.DialogCode.Accepted:
                operation = UpdateCode(node.id, dialog.spec())
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
        elif node is not None and name in ("merge", "delete") and self._others_use(node):
            # A coder in blind mode neither sees nor may move or remove the others' coding.
            QMessageBox.information(
                self,
                self.tr("Only the lead"),
                self.tr(
                    "Other coders' work uses “%1” too, and blind mode keeps it from you: "
                    "ask the lead to merge or delete this code."
                ).replace("%1", node.name),
            )
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
            # The total counts every coder's segments: that is what a deletion touches.
            total = self.workspace.code_segment_total(node.id)
            operation = ask_delete_code(node, self.tree, total, self)
        if operation is not None:
            chosen = operation
            self._after_backup(
                bulk.bulk_reason(chosen),
                lambda: bulk.perform(self.workspace, chosen, backed_up=True),
            )

    def _others_use(self, node: CodeNode) -> bool:
        """In blind mode, whether segments of other coders carry `node` (or its sub-codes):
        the tree then counts only this coder's own.
        """
        if not self.workspace.blind or self.workspace.coder.is_lead:
            return False
        return self.workspace.code_segment_total(node.id) > node.total_segments

    def _code_dialog(self, spec: CodeSpec, code_id: int | None, title: str) -> CodeDialog:
        """The code dialog, told which keys other codes and the window already use."""
        code_keys = {n.key: n.path_text for n in self.tree if n.key and n.id != code_id}
        return CodeDialog(spec, code_keys, self.window_keys(), title, self)

    def set_value(self, variable_id: int, value: object) -> None:
        """Store a coding-sheet value (the sheet checked it); a refusal stays beside the field."""
        if self.article_id is None:
            return
        article_id = self.article_id
        try:
            self.workspace.set_value(article_id, variable_id, None if value is None else str(value))
        except (CodingError, ProjectError) as exc:  # ProjectError: NotAllowed on a server
            editor = self.sheet.editors.get(variable_id)
            typed = editor.text() if isinstance(editor, QLineEdit) else None
            reason = self.tr("%1 Not saved.").replace("%1", str(exc))
            self.sheet.refuse(variable_id, typed, reason)
            self.statusBar().showMessage(reason, 10000)

    # -- variables, made and changed in the window -------------------------------------------

    def _wire_variable_editing(self) -> None:
        """The sheet's right-click menu asks; these methods change the codebook."""
        self.sheet.new_variable_requested.connect(self.new_variable)
        self.sheet.edit_variable_requested.connect(self.edit_variable)
        self.sheet.retire_variable_requested.connect(self.retire_variable)
        self.sheet.unretire_variable_requested.connect(self.unretire_variable)
        self.sheet.retired_variables = self._retired_variables

    def _counts_hidden(self) -> bool:
        """Blind mode for a coder who is not the lead: no numbers about others' values."""
        return bool(self.workspace.blind) and not self.workspace.coder.is_lead

    def _variable_name(self, spec: VariableSpec) -> str:
        return (spec.label_en if self.english and spec.label_en else spec.label) or spec.name

    def _try_variable(self, operation: AddVariable | EditVariable) -> str | None:
        """Do the change as one undoable step; None when made, else why not (for the dialog)."""
        try:
            bulk.perform(self.workspace, operation)
        except CodebookError as exc:
            reasons = "; ".join(problem.message for problem in exc.problems) or str(exc)
            return self.tr("Not saved: %1").replace("%1", reasons)
        except ProjectError as exc:  # a lock, a full disk, a server that said no
            return self.tr("Not saved: %1").replace("%1", str(exc))
        return None

    def variable_dialog(
        self, variable_id: int | None = None
    ) -> tuple[VariableDialog, VariableSpec] | None:
        """The dialog for a new variable (None) or an existing one; None when it is gone.

        Not shown: `new_variable` and `edit_variable` run it; a test may drive it directly.
        """
        database = self.workspace.database
        if variable_id is None:
            before = VariableSpec(name="", level="nominal")
            stored = StoredValues()
            title = self.tr("New variable")

            def attempt(spec: VariableSpec) -> str | None:
                return self._try_variable(AddVariable(spec))

        else:
            found = variable_spec(database, variable_id)
            if found is None:
                return None
            before = found
            stored = stored_values(
                database, variable_id, self.workspace.coder.id, not self._counts_hidden()
            )
            title = self.tr("Edit variable")

            def attempt(spec: VariableSpec) -> str | None:
                return self._try_variable(EditVariable(variable_id, spec))

        dialog = VariableDialog(
            before, variable_names(database, variable_id), stored, attempt, title, self
        )
        return dialog, before

    def new_variable(self) -> None:
        """Coding > New variable…: the dialog, then the sheet shows the new field."""
        made = self.variable_dialog(None)
        if made is None:
            return
        dialog, _before = made
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.made is not None:
            self._show_new_field(dialog.made.name)
            self.statusBar().showMessage(
                self.tr("Variable “%1” added to the coding sheet. Ctrl+Z takes it back.").replace(
                    "%1", self._variable_name(dialog.made)
                ),
                8000,
            )

    def _show_new_field(self, name: str) -> None:
        """Scroll the sheet to the field of the variable just made (found by its free name)."""
        for variable in self.sheet.variables:
            if variable.name == name:
                self.sheet.show_field(variable.id)
                return

    def edit_variable(self, variable_id: int) -> None:
        """The "Edit variable…" entry of a field's label."""
        made = self.variable_dialog(variable_id)
        if made is None:
            self.statusBar().showMessage(self.tr("That variable no longer exists."), 5000)
            return
        dialog, _before = made
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.made is not None:
            self.statusBar().showMessage(
                self.tr("Variable “%1” changed. Ctrl+Z takes it back.").replace(
                    "%1", self._variable_name(dialog.made)
                ),
                8000,
            )

    def retire_variable(self, variable_id: int) -> None:
        """Take a variable off the sheet; every coder's stored values are kept.

        In blind mode a coder who is not the lead may not retire a variable the others have
        coded: it would take their field away unseen (as merging or deleting a code they use).
        """
        spec = variable_spec(self.workspace.database, variable_id)
        if spec is None:
            return
        name = self._variable_name(spec)
        if self._counts_hidden():
            stored = stored_values(
                self.workspace.database, variable_id, self.workspace.coder.id, False
            )
            if stored.others:
                QMessageBox.information(
                    self,
                    self.tr("Only the lead"),
                    self.tr(
                        "Other coders' work uses “%1” too, and blind mode keeps it from you: "
                        "ask the lead to retire this variable."
                    ).replace("%1", name),
                )
                return
        if self._perform(lambda: bulk.perform(self.workspace, RetireVariable(variable_id))):
            self.statusBar().showMessage(
                self.tr(
                    "Variable “%1” retired: off the sheet, its stored values kept. "
                    "Ctrl+Z brings it back."
                ).replace("%1", name),
                8000,
            )

    def _retired_variables(self) -> list[tuple[int, str]]:
        return [
            (variable_id, self._variable_name(spec))
            for variable_id, spec in retired_variables(self.workspace.database)
        ]

    def unretire_variable(self, variable_id: int) -> None:
        """Put a retired variable back on the sheet, with the values kept for it."""
        spec = variable_spec(self.workspace.database, variable_id)
        if spec is None:
            return
        if self._perform(lambda: bulk.perform(self.workspace, UnretireVariable(variable_id))):
            self.sheet.show_field(variable_id)
            self.statusBar().showMessage(
                self.tr("Variable “%1” is back on the sheet. Ctrl+Z takes it away again.").replace(
                    "%1", self._variable_name(spec)
                ),
                8000,
            )

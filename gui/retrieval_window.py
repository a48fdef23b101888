"""The "Coded segments" window: every segment of one or more codes across articles, in context.

What a researcher reads to write up a category: the chosen codes' segments with the text just
before and after each, narrowed by coder and by the article's outlet, publication dates and
variable values; a double-click jumps to the place in the main window; the list exports to
.xlsx. The query is coding/retrieval.py (Qt-free); this file only asks it and shows the rows.
The window follows blind mode: a coder sees only their own segments.

It opens at most 1200x720 and never larger than the screen it opens on leaves room for (a
title bar included), so the list's last row and the export button stay in sight at 1280x720.
Clicking a code's name ticks it, as its box does. A language switch retranslates it in place
(changeEvent), since it stays open across the main window's rebuild.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from codebook.tree import CodeTree
from coding.coders import list_coders
from coding.retrieval import RetrievalQuery, RetrievedSegment, article_facets
from coding.selection import ExportError
from coding.workspace import Workspace
from exports.rows import Column, Sheet
from gui.file_dialogs import remember_folder, save_file_name, starting_path
from gui.plurals import counted

Index = QModelIndex | QPersistentModelIndex
ANY = "\x00any"  # the "any" entry of a filter list (no outlet or value is this string)
PREFERRED_SIZE = (1200, 720)
# Room left on the screen for the window manager's title bar and borders: the window is not
# framed yet when it is sized, so its frame cannot be measured.
FRAME_ALLOWANCE = (16, 48)


class SegmentTableModel(QAbstractTableModel):
    """Rows of retrieved segments: article, code, coder, before, segment, after, memo."""

    COLUMNS = 7

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RetrievedSegment] = []
        self.code_names: dict[int, str] = {}
        self.code_colors: dict[int, str] = {}
        self.coder_names: dict[int, str] = {}

    def set_rows(
        self,
        rows: list[RetrievedSegment],
        code_names: dict[int, str],
        coder_names: dict[int, str],
        code_colors: dict[int, str] | None = None,
    ) -> None:
        """Replace every row (one model reset: cheap even for 10,000 rows)."""
        self.beginResetModel()
        self.rows, self.code_names, self.coder_names = rows, code_names, coder_names
        self.code_colors = code_colors or {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Article"),
            self.tr("Code"),
            self.tr("Coder"),
            self.tr("Before"),
            self.tr("Segment"),
            self.tr("After"),
            self.tr("Memo"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{row.article_id} · {row.article_title}"
            if column == 1:
                return self.code_names.get(row.code_id, "?")
            if column == 2:
                return self.coder_names.get(row.coder_id, "")
            text = (row.before, row.text, row.after, row.memo)[column - 3]
            return text.replace("\n", " ⏎ ")
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 3, 4, 5):
            return f"{row.article_title}\n\n…{row.before}【{row.text}】{row.after}…"
        if role == Qt.ItemDataRole.ForegroundRole and column in (3, 5):
            return QColor("#7b8790")  # context reads as context, the segment stands out
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor(self.code_colors.get(row.code_id, "#444444")).darker(130)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            # The context before ends at the segment: right-aligned, its end stays in sight.
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ElideLeftDelegate(QStyledItemDelegate):
    """Draws a cell cut on its left ("…the end of the text")."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        """The usual option, eliding on the left."""
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft  # type: ignore[attr-defined]


def export_segments(
    path: Path,
    rows: list[RetrievedSegment],
    code_names: dict[int, str],
    coder_names: dict[int, str],
) -> None:
    """Write the listed segments to an .xlsx file (exports.workbook: safe cells, whole file)."""
    from exports.workbook import write_workbook  # openpyxl: only when exporting

    columns = (
        Column("article_id", 10.0),
        Column("title", 30.0),
        Column("outlet", 14.0),
        Column("published", 11.0),
        Column("code", 18.0),
        Column("coder", 12.0),
        Column("start", 8.0),
        Column("end", 8.0),
        Column("before", 30.0, wrap=True),
        Column("segment", 40.0, wrap=True),
        Column("after", 30.0, wrap=True),
        Column("memo", 30.0, wrap=True),
    )
    sheet = Sheet(
        "segments",
        columns,
        (
            (
                r.article_id,
                r.article_title,
                r.outlet or "",
                r.published.isoformat() if r.published else "",
                code_names.get(r.code_id, str(r.code_id)),
                coder_names.get(r.coder_id, str(r.coder_id)),
                r.start,
                r.end,
                r.before,
                r.text,
                r.after,
                r.memo,
            )
            for r in rows
        ),
        "coded segments with their context (offsets: code points of the cleaned text)",
        len(rows),
    )
    write_workbook(path, [sheet], [("segments", len(rows))])


class RetrievalWindow(QWidget):
    """Lists the segments of the chosen codes; double-click reports (article, segment)."""

    segment_requested = Signal(int, int)  # article id, segment id: show it in the main window

    def __init__(
        self,
        workspace: Workspace,
        tree: CodeTree,
        coder_names: dict[int, str],
        parent: QWidget | None = None,
        variable_names: dict[int, str] | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.workspace = workspace
        self.tree = tree
        self.coder_names = coder_names
        self.variable_names = variable_names or {}
        self._fit_to_screen(parent)
        # Escape closes it, as it closes the Agreement window and a dialog.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.codes = QListWidget()
        self.codes.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # A click on a code's name ticks it like a click on its box (which Qt toggles itself,
        # before `clicked`): the state at the press tells which of the two happened.
        self._pressed_state: Qt.CheckState | None = None
        self.codes.pressed.connect(self._remember_pressed_state)
        self.codes.clicked.connect(self._tick_clicked_code)
        for node in tree:
            item = QListWidgetItem("    " * (len(node.path) - 1) + node.name)
            item.setData(Qt.ItemDataRole.UserRole, node.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setForeground(QColor(node.color).darker(130))
            self.codes.addItem(item)
        self.codes.itemChanged.connect(lambda _item: self.refresh())
        self.with_children = QCheckBox()
        self.with_children.toggled.connect(lambda _on: self.refresh())
        self.coder = QComboBox()
        self.coder.addItem("", None)  # "All coders": see retranslate
        visible = [workspace.coder.id] if workspace.blind else sorted(coder_names)
        for coder_id in visible:
            self.coder.addItem(coder_names.get(coder_id, str(coder_id)), coder_id)
        self.coder.setEnabled(not workspace.blind)
        self.outlet = QComboBox()
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        self.use_dates = QCheckBox()
        self.variable = QComboBox()
        self.value = QComboBox()
        self._fill_filters()
        for combo in (self.coder, self.outlet, self.value):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.variable.currentIndexChanged.connect(lambda _i: self._fill_values())
        self.use_dates.toggled.connect(lambda _on: self.refresh())
        self.date_from.dateChanged.connect(lambda _d: self.use_dates.isChecked() and self.refresh())
        self.date_to.dateChanged.connect(lambda _d: self.use_dates.isChecked() and self.refresh())
        filters = QFormLayout()
        self.coder_label, self.outlet_label = QLabel(), QLabel()
        self.variable_label, self.value_label = QLabel(), QLabel()
        filters.addRow(self.coder_label, self.coder)
        filters.addRow(self.outlet_label, self.outlet)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        filters.addRow(self.use_dates, dates)
        filters.addRow(self.variable_label, self.variable)
        filters.addRow(self.value_label, self.value)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        self.codes_label = QLabel()
        left_layout.addWidget(self.codes_label)
        left_layout.addWidget(self.codes, 1)
        left_layout.addWidget(self.with_children)
        left_layout.addLayout(filters)
        self.model = SegmentTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column, width in ((0, 170), (1, 110), (2, 70), (3, 210), (4, 200), (5, 210)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)  # the memo takes what is left
        # The context before a segment is cut on its left, so the words next to it stay.
        self.table.setItemDelegateForColumn(3, ElideLeftDelegate(self.table))
        self.table.doubleClicked.connect(self._on_double_click)
        self.count = QLabel()
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_dialog)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.export_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate()

    def _fit_to_screen(self, parent: QWidget | None) -> None:
        """At most `PREFERRED_SIZE`, within the screen (of the main window) less a frame."""
        screen = (parent.screen() if parent is not None else None) or (
            QGuiApplication.primaryScreen()
        )
        width, height = PREFERRED_SIZE
        if screen is None:
            self.resize(width, height)
            return
        room = screen.availableGeometry()
        width = min(width, room.width() - FRAME_ALLOWANCE[0])
        height = min(height, room.height() - FRAME_ALLOWANCE[1])
        self.resize(width, height)
        self.move(
            room.x() + (room.width() - width) // 2,
            room.y() + max(0, (room.height() - height - FRAME_ALLOWANCE[1]) // 2),
        )

    def retranslate(self) -> None:
        """Every string of the window in the interface's language (at start, and on a switch)."""
        self.setWindowTitle(self.tr("Coded segments"))
        self.with_children.setText(self.tr("Include sub-codes"))
        self.use_dates.setText(self.tr("Published between"))
        self.coder.setItemText(0, self.tr("All coders"))
        self.outlet.setItemText(0, self.tr("Any outlet"))
        self.variable.setItemText(0, self.tr("Any variable"))
        self.value.setItemText(0, self.tr("Any value"))
        self.coder_label.setText(self.tr("Coder"))
        self.outlet_label.setText(self.tr("Outlet"))
        self.variable_label.setText(self.tr("Variable"))
        self.value_label.setText(self.tr("Value"))
        self.codes_label.setText(self.tr("Codes (tick one or more)"))
        self.export_button.setText(self.tr("Export to Excel…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.COLUMNS - 1)
        self.refresh()  # the count line

    def changeEvent(self, event: QEvent) -> None:
        """A language switch (translators changed) retranslates the window where it is."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "model"):
            self.retranslate()

    def _remember_pressed_state(self, index: QModelIndex) -> None:
        item = self.codes.item(index.row())
        self._pressed_state = item.checkState() if item is not None else None

    def _tick_clicked_code(self, index: QModelIndex) -> None:
        item = self.codes.item(index.row())
        if item is None or self._pressed_state is None:
            return
        if item.checkState() == self._pressed_state:  # the name was clicked, not the box
            checked = self._pressed_state == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        self._pressed_state = None

    # -- filters ------------------------------------------------------------------------------

    def _visible(self) -> list[int] | None:
        return [self.workspace.coder.id] if self.workspace.blind else None

    def _fill_filters(self) -> None:
        facets = article_facets(self.workspace.database, self._visible())
        self._facets = facets
        self.outlet.addItem(self.tr("Any outlet"), ANY)
        for outlet in facets.outlets:
            self.outlet.addItem(outlet, outlet)
        for edit, day in ((self.date_from, facets.first), (self.date_to, facets.last)):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
        self.variable.addItem(self.tr("Any variable"), None)
        for variable_id in facets.variable_values:
            self.variable.addItem(
                self.variable_names.get(variable_id, str(variable_id)), variable_id
            )
        self._fill_values()

    def _fill_values(self) -> None:
        self.value.blockSignals(True)
        self.value.clear()
        self.value.addItem(self.tr("Any value"), ANY)
        variable_id = self.variable.currentData()
        for value in self._facets.variable_values.get(variable_id, []) if variable_id else []:
            self.value.addItem(value, value)
        self.value.setEnabled(variable_id is not None)
        self.value.blockSignals(False)
        self.refresh()

    def check_codes(self, code_ids: list[int]) -> None:
        """Tick these codes (and list their segments)."""
        self.codes.blockSignals(True)
        for row in range(self.codes.count()):
            item = self.codes.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in code_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        self.codes.blockSignals(False)
        self.refresh()

    def _any_ticked(self) -> bool:
        return any(
            self.codes.item(row).checkState() == Qt.CheckState.Checked
            for row in range(self.codes.count())
        )

    def checked_codes(self) -> list[int]:
        """The ticked codes (with their sub-codes when asked)."""
        ticked = [
            int(self.codes.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.codes.count())
            if self.codes.item(row).checkState() == Qt.CheckState.Checked
        ]
        if not self.with_children.isChecked():
            return ticked
        found: list[int] = []
        stack = [self.tree.by_id[c] for c in ticked if c in self.tree.by_id]
        while stack:
            node = stack.pop()
            if node.id not in found:
                found.append(node.id)
                stack.extend(node.children)
        return found

    def query(self) -> RetrievalQuery:
        """The query the window's filters make."""
        coder = self.coder.currentData()
        outlet = self.outlet.currentData()
        variable, value = self.variable.currentData(), self.value.currentData()
        dates = self.use_dates.isChecked()
        return RetrievalQuery(
            codes=self.checked_codes(),
            coders=[coder] if coder is not None else (),
            outlets=[outlet] if outlet not in (None, ANY) else (),
            published_from=self.date_from.date().toPython() if dates else None,  # type: ignore[arg-type]
            published_to=self.date_to.date().toPython() if dates else None,  # type: ignore[arg-type]
            variable_values={variable: [value]} if variable and value not in (None, ANY) else {},
        )

    # -- listing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """List the segments the filters select (one query: 10,000 rows in well under 300 ms)."""
        if not hasattr(self, "model"):
            return  # still building the filters
        rows = self.workspace.retrieve(self.query())  # blind mode applied there
        names = {n.id: n.name for n in self.tree}
        colors = {n.id: n.color for n in self.tree}
        self.model.set_rows(rows, names, self.coder_names, colors)
        articles = len({r.article_id for r in rows})
        text = self.tr("%n segment(s) in %1 article(s)", "", len(rows)).replace("%1", str(articles))
        if not rows and not self._any_ticked():
            # The window opens with nothing ticked: "0 segments" alone read as "nothing coded".
            text = self.tr("Tick one or more codes on the left to list their segments.")
            self.count.setText(text)
        else:
            self.count.setText(counted(text, len(rows), articles))
        self.export_button.setEnabled(bool(rows))

    def _on_double_click(self, index: QModelIndex) -> None:
        row = self.model.rows[index.row()]
        self.segment_requested.emit(row.article_id, row.segment_id)

    def export_to(self, path: Path) -> str | None:
        """Write the listed rows to `path`; returns the message of a refusal, or None."""
        try:
            export_segments(path, self.model.rows, self.model.code_names, self.coder_names)
        except (ExportError, OSError) as exc:
            return str(exc)
        return None

    def export_dialog(self) -> None:
        """Ask where to write the .xlsx file, then write it."""
        name, _filter = save_file_name(
            self,
            self.tr("Export coded segments"),
            starting_path("export", self.workspace.database.path, "coded-segments.xlsx"),
            "Excel (*.xlsx)",
        )
        if not name:
            return
        remember_folder("export", name)
        path = Path(name if name.endswith(".xlsx") else name + ".xlsx")
        problem = self.export_to(path)
        self.count.setText(
            problem if problem else self.tr("Written to %1").replace("%1", str(path))
        )


def open_retrieval_window(window: Any, jump: Callable[[int, int], None]) -> RetrievalWindow:
    """Open the "Coded segments" window for the main window, on its current code."""
    variables = {v.id: v.label or v.name for v in window.workspace.variables()}
    # The project's coders as they are now (a coder may have joined since the window opened).
    coders = {int(c.id): c.name for c in list_coders(window.workspace.database)}
    retrieval = RetrievalWindow(window.workspace, window.tree, coders, window, variables)
    retrieval.segment_requested.connect(jump)
    current = window.codebook_panel.current_code()
    if current is not None:
        retrieval.check_codes([current])
    retrieval.show()
    return retrieval

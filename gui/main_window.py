"""The coding window: articles, the article view, the codebook, the coding sheet, segments.

Every widget handler is one line that calls the Workspace; the Workspace saves the change at
once, puts it on the undo stack and broadcasts what changed, and `_on_changes` refreshes the
panels from that one broadcast. The whole coding loop works from the keyboard: select with
Shift+arrows (Alt+Shift+arrows by whole words), press a code's key, Alt+Down for the next
article, Ctrl+D to mark it done, Ctrl+Z / Ctrl+Shift+Z to undo and redo.
"""

from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
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
from codebook.spec import CodebookError, CodeSpec
from codebook.store import load_codebook
from codebook.tree import CodeTree, load_code_tree
from coding import bulk
from coding.coders import list_coders
from coding.presence import SharedState
from coding.segments import CodingError
from coding.workspace import TEAM, Workspace
from corpus.importer import ImportReport
from corpus.readers import ReadError
from corpus.script import fold, simplified_view
from corpus.search import Hit
from corpus.segmentation import snap_to_words
from exports.qdpx_read import QdpxImportReport, import_project_file, report_lines
from exports.qdpx_write import export_qdpx
from exports.rows import ExportChoice, ExportError
from exports.workbook import export_workbook
from gui.agreement_window import AgreementWindow
from gui.article_list_model import ARTICLE_ID_ROLE, ArticleFilter, ArticleListModel
from gui.article_view import ArticleView, Span
from gui.codebook_panel import CodebookPanel
from gui.coding_sheet import CodingSheet
from gui.progress_window import ProgressWindow
from gui.segment_list import SegmentList
from gui.tasks import Task
from gui.team_poller import TeamPoller
from models.backups import backup_before
from models.database import ProjectDatabase, ProjectError
from models.journal import Changes, Operation
from models.progress import Progress

MIN_FONT, MAX_FONT = 9, 32


class MainWindow(QMainWindow):
    """The coder's window over one Workspace."""

    language_requested = Signal(str)  # "zh_CN" or "en"
    project_requested = Signal(str, bool)  # path, create a new project there
    boundaries_ready = Signal(int, object)  # article id, word boundaries (from a worker)

    def __init__(self, workspace: Workspace, english: bool = False) -> None:
        super().__init__()
        self.workspace = workspace
        self.english = english
        self.settings = QSettings()
        self.article_id: int | None = None
        self.article_text = ""
        self._queue_chosen = False
        self.simplified = False
        self.tree = CodeTree()
        self.hits: list[Hit] = []
        self.dismissed: set[tuple[int, int, int]] = set()
        self.review: dict[int, list[tuple[int, int, int, str]]] = {}  # article -> suggestions
        self._keyword_cache: tuple[object, list[tuple[int, int, int, str]]] = (None, [])
        self.setWindowTitle(
            self.tr("articoder — %1 (%2)")
            .replace("%1", self._project_name())
            .replace("%2", workspace.coder.name)
        )
        self.resize(1440, 900)
        self._build_article_area()
        self._build_docks()
        self._build_actions()
        self.workspace.subscribe(self._on_changes)
        self.boundaries_ready.connect(self._on_boundaries)
        # Segment counts in the codebook follow coding a moment later, off the action's path.
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(700)
        self._counts_timer.timeout.connect(self._refresh_counts)
        self._load_codebook()
        self._load_articles()
        self._restore_layout()
        # Follow what the team changes (codebook, my assignments, blind mode, who is here).
        self.team_label = QLabel()
        self.statusBar().addPermanentWidget(self.team_label)
        self.poller = TeamPoller(workspace, parent=self)
        self.poller.state_ready.connect(self._on_team_state)
        self.poller.failed.connect(self._on_team_poll_failed)
        self.poller.start()
        if self.article_model.rowCount():
            self.open_article(self.article_model.article_at(0).id)

    # -- building -----------------------------------------------------------------------------

    def _project_name(self) -> str:
        path = self.workspace.database.path
        return path.name if path else self.workspace.database.location

    def _build_article_area(self) -> None:
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setContentsMargins(8, 6, 8, 2)
        self.view = ArticleView()
        font = self.view.font()
        font.setPointSize(int(str(self.settings.value("font_size", 14))))
        self.view.setFont(font)
        self.view.document().setDocumentMargin(18)
        self.view.segment_clicked.connect(self.select_segment)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view)
        self.setCentralWidget(central)

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        # Articles: a status filter, a text filter, the list.
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
        self.articles_dock = self._dock(
            "articles", self.tr("Articles"), articles, Qt.DockWidgetArea.LeftDockWidgetArea
        )

        self.codebook_panel = CodebookPanel(self.english)
        self.codebook_panel.code_chosen.connect(self.code_selection)
        self.codebook_panel.edit_requested.connect(self.edit_codebook)
        self.codebook_dock = self._dock(
            "codebook",
            self.tr("Codebook"),
            self.codebook_panel,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )

        self.sheet = CodingSheet(self.english)
        self.sheet.value_changed.connect(self.set_value)
        self.sheet_dock = self._dock(
            "sheet", self.tr("Coding sheet"), self.sheet, Qt.DockWidgetArea.RightDockWidgetArea
        )

        self.segment_list = SegmentList()
        self.segment_list.segment_chosen.connect(self.select_segment)
        self.segments_dock = self._dock(
            "segments",
            self.tr("Segments"),
            self.segment_list,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search the corpus (either script)…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(lambda: self.run_search(self.search_box.text()))
        self.search_results = QListWidget()
        self.search_results.itemActivated.connect(self._open_hit)
        self.search_results.itemClicked.connect(self._open_hit)
        self.search_summary = QLabel()
        self.auto_code_button = QPushButton(self.tr("Code every hit with the current code"))
        self.auto_code_button.clicked.connect(self.auto_code_hits)
        self.review_button = QPushButton(self.tr("Suggest every hit for review"))
        self.review_button.clicked.connect(self.suggest_hits)
        self.only_hits = QCheckBox(self.tr("List only articles with hits"))
        self.only_hits.toggled.connect(self._filter_by_hits)
        search = QWidget()
        layout = QVBoxLayout(search)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.search_box, 1)
        row.addWidget(self.auto_code_button)
        row.addWidget(self.review_button)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.search_summary, 1)
        row.addWidget(self.only_hits)
        layout.addLayout(row)
        layout.addWidget(self.search_results)
        self.search_dock = self._dock(
            "search", self.tr("Search"), search, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.tabifyDockWidget(self.segments_dock, self.search_dock)
        self.segments_dock.raise_()
        QTimer.singleShot(0, self._default_dock_sizes)

    def _default_dock_sizes(self) -> None:
        # Docks take their sizes once the window is laid out; a saved layout overrides these.
        if self.settings.value("window_state") is None:
            horizontal = Qt.Orientation.Horizontal
            self.resizeDocks([self.articles_dock, self.codebook_dock], [470, 380], horizontal)
            self.resizeDocks([self.segments_dock], [190], Qt.Orientation.Vertical)

    def _action(
        self, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: object, menu: object
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        project = bar.addMenu(self.tr("&Project"))
        self._action(
            self.tr("&New project…"), QKeySequence.StandardKey.New, self.new_project_dialog, project
        )
        self._action(
            self.tr("&Open project…"),
            QKeySequence.StandardKey.Open,
            self.open_project_dialog,
            project,
        )
        self._action(self.tr("&Import articles…"), "Ctrl+I", self.import_dialog, project)
        self._action(self.tr("&Export to Excel…"), "Ctrl+E", self.export_dialog, project)
        project.addSeparator()
        self._action(
            self.tr("Import a REFI-QDA project or codebook…"),
            None,
            self.qdpx_import_dialog,
            project,
        )
        self._action(
            self.tr("Export as a REFI-QDA project…"), None, self.qdpx_export_dialog, project
        )
        project.addSeparator()
        self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close, project)
        edit = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self._action(self.tr("&Undo"), "Ctrl+Z", self.undo, edit)
        self.redo_action = self._action(self.tr("&Redo"), "Ctrl+Shift+Z", self.redo, edit)
        edit.addSeparator()
        self._action(
            self.tr("Delete segment"), QKeySequence.StandardKey.Delete, self.delete_segment, edit
        )
        self._action(self.tr("Edit memo of segment…"), "Ctrl+M", self.edit_memo, edit)
        self._action(self.tr("Set segment to selection"), "Ctrl+R", self.resize_segment, edit)
        self._action(
            self.tr("Find in corpus"), QKeySequence.StandardKey.Find, self.focus_search, edit
        )
        coding = bar.addMenu(self.tr("&Coding"))
        self._action(self.tr("Next article"), "Alt+Down", lambda: self.step_article(1), coding)
        self._action(self.tr("Previous article"), "Alt+Up", lambda: self.step_article(-1), coding)
        self._action(
            self.tr("Next unfinished article"), "Ctrl+Shift+N", self.next_unfinished, coding
        )
        self._action(self.tr("Mark article done / not done"), "Ctrl+D", self.toggle_done, coding)
        self._action(self.tr("&Agreement…"), "Ctrl+Shift+A", self.open_agreement, coding)
        self._action(self.tr("Team &progress…"), "Ctrl+Shift+P", self.open_progress, coding)
        coding.addSeparator()
        self._action(
            self.tr("Extend selection by a word"),
            "Alt+Shift+Right",
            lambda: self.extend_by_word(1),
            coding,
        )
        self._action(
            self.tr("Shrink selection by a word"),
            "Alt+Shift+Left",
            lambda: self.extend_by_word(-1),
            coding,
        )
        self._action(self.tr("Next suggestion"), "F8", self.next_suggestion, coding)
        self._action(self.tr("Accept suggestion"), "Ctrl+Return", self.accept_suggestion, coding)
        self._action(
            self.tr("Dismiss suggestion"), "Ctrl+Backspace", self.dismiss_suggestion, coding
        )
        view = bar.addMenu(self.tr("&View"))
        self.snap_action = self._action(
            self.tr("Snap selections to words (hold Alt to override)"),
            None,
            self._toggle_snap,
            view,
        )
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(bool(self.settings.value("snap", True, type=bool)))
        self.view.snap_to_words = self.snap_action.isChecked()
        self.script_action = self._action(
            self.tr("Show in Simplified script"), "Ctrl+T", self.toggle_script, view
        )
        self.script_action.setCheckable(True)
        self.blind_action = self._action(
            self.tr("Blind mode: only my own coding"), None, self._toggle_blind, view
        )
        self.blind_action.setCheckable(True)
        self.blind_action.setChecked(self.workspace.blind)
        self.blind_action.setEnabled(self.workspace.coder.is_lead)
        self._action(
            self.tr("Larger text"), QKeySequence.StandardKey.ZoomIn, lambda: self.zoom(1), view
        )
        self._action(
            self.tr("Smaller text"), QKeySequence.StandardKey.ZoomOut, lambda: self.zoom(-1), view
        )
        language = view.addMenu(self.tr("Language / 语言"))
        for code, label in (("zh_CN", "简体中文"), ("en", "English")):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked((code == "en") == self.english)
            action.triggered.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
            language.addAction(action)
        view.addSeparator()
        for dock in (
            self.articles_dock,
            self.codebook_dock,
            self.sheet_dock,
            self.segments_dock,
            self.search_dock,
        ):
            view.addAction(dock.toggleViewAction())
        self.code_shortcuts: list[QShortcut] = []
        self._update_undo_labels()

    # -- loading ------------------------------------------------------------------------------

    def _load_codebook(self) -> None:
        self.tree = load_code_tree(self.workspace.database)
        self.codebook_panel.set_codebook(self.tree, load_codebook(self.workspace.database).codes)
        self.sheet.set_variables(self.workspace.variables())
        self.coder_names: dict[int, str] = {
            int(c.id): c.name for c in list_coders(self.workspace.database)
        }
        for shortcut in self.code_shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self.code_shortcuts = []
        for node in self.tree:
            if node.key and not node.retired:
                shortcut = QShortcut(QKeySequence(node.key), self)
                shortcut.activated.connect(lambda code_id=node.id: self.code_selection(code_id))
                self.code_shortcuts.append(shortcut)

    def _load_articles(self) -> None:
        rows = self.workspace.article_rows()
        self.article_model.set_rows(rows)
        if not self._queue_chosen and any(row.status for row in rows):
            # A coder with assignments works from their queue; they may still list everything.
            self._queue_chosen = True
            self.status_filter.setCurrentIndex(self.status_filter.findData("queue"))
        self.statusBar().showMessage(self.tr("%n article(s)", "", self.article_model.rowCount()))

    def _code_name(self, code_id: int) -> str:
        # Code names are the codebook's data, shown as the lead wrote them in either language.
        node = self.tree.by_id.get(code_id)
        return node.name if node is not None else "?"

    def open_article(self, article_id: int) -> None:
        """Show an article with its segments, values and suggestions."""
        article = self.workspace.article(article_id)
        self.article_id = article_id
        self.article_text = article.text
        self.simplified = False
        self.script_action.setChecked(False)
        self.script_action.setEnabled(article.summary.script == "traditional")
        self.view.show_text(article.text)
        s = article.summary
        row = self.article_model.row_of(article_id)
        status = self.article_model.article_at(row).status if row is not None else ""
        meta = " · ".join(
            x
            for x in (
                s.outlet or "",
                s.published.isoformat() if s.published else "",
                article.author or "",
            )
            if x
        )
        done = (
            f" <span style='color:#1e8449'>✔ {self.tr('Done')}</span>" if status == "done" else ""
        )
        self.header.setText(
            f"<span style='font-size:15pt;font-weight:600'>{_escape(s.title)}</span>{done}"
            f"<br><span style='color:#5f6b73'>{_escape(meta)}</span>"
        )
        self._refresh_segments()
        self.sheet.show_values(self.workspace.values(article_id))
        self._refresh_hits()
        self._select_in_list(article_id)
        self._load_boundaries(article_id)

    def _load_boundaries(self, article_id: int) -> None:
        # Word boundaries are cached in the project after the first time; jieba loads on its
        # first use (about a second), so segmentation runs on a worker thread and the window
        # never waits for it. Until the boundaries arrive, selections are not snapped.
        def work() -> None:
            try:
                boundaries = self.workspace.word_boundaries(article_id)
            except Exception:  # snapping is a comfort; a failure must not disturb coding
                traceback.print_exc()
                return
            with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                self.boundaries_ready.emit(article_id, boundaries)

        threading.Thread(target=work, daemon=True).start()

    def _on_boundaries(self, article_id: int, boundaries: list[int]) -> None:
        if self.article_id == article_id:
            self.view.boundaries = boundaries

    def _select_in_list(self, article_id: int) -> None:
        row = self.article_model.row_of(article_id)
        if row is None:
            return
        index = self.article_filter.mapFromSource(self.article_model.index(row, 0))
        if index.isValid():
            self.article_table.selectRow(index.row())
            self.article_table.scrollTo(index)

    def _refresh_segments(self) -> None:
        if self.article_id is None:
            return
        segments = self.workspace.segments(self.article_id)
        colors = {n.id: n.color for n in self.tree}
        names = {n.id: self._code_name(n.id) for n in self.tree}
        show_coder = not self.workspace.blind
        self.view.set_spans(
            [
                Span(
                    s.id,
                    s.start,
                    s.end,
                    colors.get(s.code_id, "#888888"),
                    names.get(s.code_id, "?"),
                    self.coder_names.get(s.coder_id, "") if show_coder else "",
                )
                for s in segments
            ]
        )
        self.segment_list.show_segments(segments, names, colors, self.coder_names)
        self._refresh_suggestions()

    def _keyword_hits(self) -> list[tuple[int, int, int, str]]:
        # Computed once per article and codebook: refreshing after each action only filters.
        key = (self.article_id, id(self.tree))
        if self._keyword_cache[0] != key:
            folded = fold(self.article_text)
            hits = []
            for node in self.tree:
                if node.retired or node.children:
                    continue
                spec = self.codebook_panel.specs.get(node.guid.upper())
                for keyword in spec.keywords if spec else []:
                    target = fold(keyword)
                    position = folded.find(target) if target else -1
                    while position != -1:
                        hits.append((position, position + len(target), node.id, node.color))
                        position = folded.find(target, position + 1)
            self._keyword_cache = (key, sorted(hits))
        return self._keyword_cache[1]

    def _refresh_suggestions(self) -> None:
        if self.article_id is None:
            return
        coded = {(s.start, s.end) for s in self.view.spans}
        review = self.review.get(self.article_id)
        hits = sorted([*self._keyword_hits(), *review]) if review else self._keyword_hits()
        self.view.set_suggestions(
            [h for h in hits if h[:2] not in coded and h[:3] not in self.dismissed]
        )

    def suggest_hits(self) -> None:
        """Offer every search hit as a suggestion of the current code, to accept one by one."""
        code_id = self.codebook_panel.current_code()
        node = self.tree.by_id.get(code_id) if code_id is not None else None
        if node is None or not self.hits:
            self.statusBar().showMessage(
                self.tr("Search first, and pick a code in the codebook."), 5000
            )
            return
        self.review = {}
        for hit in self.hits:
            self.review.setdefault(hit.article, []).append(
                (hit.start, hit.end, node.id, node.color)
            )
        self._refresh_suggestions()
        self.statusBar().showMessage(
            self.tr("%1 suggestions to review: F8 goes to the next, Ctrl+Return accepts").replace(
                "%1", str(len(self.hits))
            ),
            8000,
        )

    def _filter_by_hits(self, only: bool) -> None:
        self.article_filter.set_ids({h.article for h in self.hits} if only else None)

    def _refresh_hits(self) -> None:
        self.view.set_hits([(h.start, h.end) for h in self.hits if h.article == self.article_id])

    # -- actions ------------------------------------------------------------------------------

    def _perform(self, action: object) -> bool:
        try:
            action()  # type: ignore[operator]
        except (CodingError, CodebookError, ProjectError) as exc:  # lock, full disk, backup
            self.statusBar().showMessage(str(exc), 8000)
            return False
        return True

    def _after_backup(self, reason: str | None, change: Callable[[], object]) -> Task | None:
        """Do a bulk change here, after backing the project up off the UI thread (copying a
        large project takes seconds); no backup, no change. None when no backup is needed.
        """
        if reason is None or self.workspace.database.path is None:
            self._perform(change)
            return None
        database = self.workspace.database
        self.backup_task = Task(
            self,
            self.tr("Backing the project up first"),
            lambda _progress: backup_before(database, reason),
            (ProjectError,),
        )
        self.backup_task.done.connect(lambda _backup: self._perform(change))
        self.backup_task.start()
        return self.backup_task

    def code_selection(self, code_id: int) -> None:
        """Code the selected text with a code; with no text selected, recode the chosen segment."""
        if self.article_id is None:
            return
        span = self.view.selected_span()
        if span is None:
            segment_id = self.view.selected_segment
            if segment_id is not None:
                self._perform(lambda: self.workspace.change_segment(segment_id, code_id=code_id))
            else:
                self.statusBar().showMessage(
                    self.tr("Select some text first, then press the code's key."), 5000
                )
            return
        article_id = self.article_id
        if self._perform(lambda: self.workspace.code_span(article_id, span[0], span[1], code_id)):
            self.statusBar().showMessage(
                self.tr("Coded “%1” as %2")
                .replace("%1", self.article_text[span[0] : span[1]][:30])
                .replace("%2", self._code_name(code_id)),
                4000,
            )

    def open_agreement(self) -> None:
        """Open the agreement report and disagreement browser (it shares this undo stack)."""
        self.agreement_window = AgreementWindow(self.workspace, self)
        self.agreement_window.show()

    def open_progress(self) -> None:
        """Open the team's progress: each coder's totals and the work by day."""
        self.progress_window = ProgressWindow(self.workspace, self)
        self.progress_window.show()
        self.progress_window.refresh()

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

    def select_segment(self, segment_id: int) -> None:
        """Emphasise a segment in the text and the list."""
        self.view.set_selected_segment(segment_id)
        self.segment_list.select_segment(segment_id)
        segment = next(
            (s for s in self.workspace.segments(self.article_id or 0) if s.id == segment_id), None
        )
        if segment is not None and self.sender() is self.segment_list:
            self.view.select_span(segment.start, segment.end)

    def delete_segment(self) -> None:
        """Delete the selected segment."""
        segment_id = self.view.selected_segment
        if segment_id is not None:
            self._perform(lambda: self.workspace.delete_segments([segment_id]))
            self.view.set_selected_segment(None)

    def edit_memo(self) -> None:
        """Edit the selected segment's memo."""
        segment_id = self.view.selected_segment
        if segment_id is None:
            return
        current = next(
            (s.memo for s in self.workspace.segments(self.article_id or 0) if s.id == segment_id),
            "",
        )
        memo, ok = QInputDialog.getMultiLineText(
            self, self.tr("Memo"), self.tr("Memo for this segment:"), current
        )
        if ok:
            self._perform(lambda: self.workspace.change_segment(segment_id, memo=memo))

    def resize_segment(self) -> None:
        """Move the selected segment's boundaries to the current text selection."""
        segment_id, span = self.view.selected_segment, self.view.selected_span()
        if segment_id is not None and span is not None:
            self._perform(
                lambda: self.workspace.change_segment(segment_id, start=span[0], end=span[1])
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

    def undo(self) -> None:
        """Undo the last action of this session."""
        self._perform(self.workspace.undo)

    def redo(self) -> None:
        """Redo the last undone action."""
        self._perform(self.workspace.redo)

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

    def extend_by_word(self, step: int) -> None:
        """Grow (or shrink) the selection's end by one word."""
        boundaries = self.view.boundaries
        cursor_span = self.view.selected_span()
        position = self.view.offsets.from_qt(self.view.textCursor().position())
        start, end = cursor_span if cursor_span else (position, position)
        if not boundaries:
            return
        ends = [0, *boundaries]
        if step > 0:
            end = next((b for b in ends if b > end), end)
        else:
            end = max((b for b in ends if b < end and b > start), default=start)
        if end > start:
            self.view.select_span(*snap_to_words(boundaries, start, end))

    def _suggestion_at_cursor(self) -> tuple[int, int, int, str] | None:
        span = self.view.selected_span()
        if span is None:
            return None
        return next((s for s in self.view.suggestions if (s[0], s[1]) == span), None)

    def next_suggestion(self) -> None:
        """Select the next suggestion after the current one (suggestions may overlap)."""
        cursor = self.view.textCursor()
        current = (
            self.view.offsets.from_qt(cursor.selectionStart()),
            self.view.offsets.from_qt(cursor.selectionEnd()),
        )
        if not cursor.hasSelection():
            current = (current[0] - 1, current[1])  # a suggestion starting at the caret is next
        after = [s for s in self.view.suggestions if s[:2] > current] or self.view.suggestions
        if after:
            self.view.select_span(after[0][0], after[0][1])
            self.statusBar().showMessage(
                self.tr("Suggestion: %1 — Ctrl+Return accepts, Ctrl+Backspace dismisses").replace(
                    "%1", self._code_name(after[0][2])
                ),
                6000,
            )

    def accept_suggestion(self) -> None:
        """Code the selected suggestion with its code."""
        suggestion = self._suggestion_at_cursor()
        if suggestion is not None:
            self.code_selection(suggestion[2])
            self.next_suggestion()

    def dismiss_suggestion(self) -> None:
        """Hide the selected suggestion for this session."""
        suggestion = self._suggestion_at_cursor()
        if suggestion is not None:
            self.dismissed.add(suggestion[:3])
            self._refresh_suggestions()
            self.next_suggestion()

    def toggle_script(self) -> None:
        """Switch a Traditional article between its own script and Simplified, highlights kept."""
        self.simplified = self.script_action.isChecked()
        self.view.replace_text_keeping_layout(
            simplified_view(self.article_text) if self.simplified else self.article_text
        )

    def _toggle_snap(self) -> None:
        self.view.snap_to_words = self.snap_action.isChecked()
        self.settings.setValue("snap", self.view.snap_to_words)

    def _toggle_blind(self) -> None:
        self.workspace.set_blind(self.blind_action.isChecked())

    def zoom(self, step: int) -> None:
        """Change the article's font size (remembered)."""
        font = self.view.font()
        size = min(max(font.pointSize() + step, MIN_FONT), MAX_FONT)
        font.setPointSize(size)
        self.view.setFont(font)
        self.settings.setValue("font_size", size)

    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_box.setFocus()
        self.search_box.selectAll()

    def run_search(self, query: str) -> None:
        """Find a term across the corpus; list hits in context and mark them in the article."""
        self.hits = self.workspace.search(query) if query.strip() else []
        self.search_results.clear()
        titles = {r.id: r.title for r in self.workspace.article_rows()} if self.hits else {}
        for hit in self.hits:
            item = QListWidgetItem(f"{titles.get(hit.article, hit.article)}  ·  {hit.snippet}")
            item.setData(Qt.ItemDataRole.UserRole, (hit.article, hit.start, hit.end))
            self.search_results.addItem(item)
        articles = len({h.article for h in self.hits})
        self.search_summary.setText(
            self.tr("%1 hits in %2 articles")
            .replace("%1", str(len(self.hits)))
            .replace("%2", str(articles))
        )
        self._refresh_hits()
        if self.only_hits.isChecked():
            self._filter_by_hits(True)

    def _open_hit(self, item: QListWidgetItem) -> None:
        article_id, start, end = item.data(Qt.ItemDataRole.UserRole)
        if article_id != self.article_id:
            self.open_article(article_id)
        self.view.select_span(start, end)

    def auto_code_hits(self) -> None:
        """Code every search hit with the code under the codebook cursor, as one undoable step."""
        code_id = self.codebook_panel.current_code()
        if code_id is None or not self.hits:
            self.statusBar().showMessage(
                self.tr("Search first, and pick a code in the codebook."), 5000
            )
            return
        answer = QMessageBox.question(
            self,
            self.tr("Auto-code"),
            self.tr("Code all %1 hits as %2? One Undo takes it back.")
            .replace("%1", str(len(self.hits)))
            .replace("%2", self._code_name(code_id)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            hits = list(self.hits)
            self._after_backup(
                bulk.auto_code_reason(hits),
                lambda: bulk.auto_code(self.workspace, hits, code_id, backed_up=True),
            )

    def new_project_dialog(self) -> None:
        """Choose where a new project goes; the window then opens it."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("New project"),
            str(Path.home() / "study.articoder"),
            self.tr("articoder projects (*.articoder)"),
        )
        if path:
            self.project_requested.emit(path, True)

    def open_project_dialog(self) -> None:
        """Choose a project file to open in place of this one."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open project"),
            str(Path.home()),
            self.tr("articoder projects (*.articoder);;All files (*)"),
        )
        if path:
            self.project_requested.emit(path, False)

    def import_dialog(self) -> None:
        """Import files in the background, with progress and Cancel."""
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import articles"),
            str(Path.home()),
            self.tr("Articles (*.txt *.md *.html *.htm *.docx *.csv *.tsv *.xlsx *.json *.jsonl)"),
        )
        if files:
            self.start_import([Path(f) for f in files])

    def export_dialog(self) -> None:
        """Export the coded data to an Excel workbook in the background."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export to Excel"),
            str(Path.home() / "coded-data.xlsx"),
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if path:
            self.start_export(Path(path))

    def _export_choice(self) -> ExportChoice:
        # A coder in blind mode exports their own work only; the lead exports everyone's.
        coder = self.workspace.coder
        if self.workspace.blind and not coder.is_lead:
            return ExportChoice(coders=(coder.name,))
        return ExportChoice()

    def start_export(self, path: Path) -> Task:
        """Run an Excel export off the UI thread, with progress and Cancel."""
        return self._start_writing(
            path,
            lambda database, out, choice, progress: export_workbook(
                database, out, choice, progress=progress
            ),
        )

    def _start_writing(
        self,
        path: Path,
        writer: Callable[[ProjectDatabase, Path, ExportChoice, Progress], object],
    ) -> Task:
        database = self.workspace.database
        choice = self._export_choice()
        task = Task(
            self,
            self.tr("Exporting"),
            lambda progress: writer(database, path, choice, progress),
            (ExportError,),
        )
        task.done.connect(
            lambda _report: self.statusBar().showMessage(
                self.tr("Wrote %1").replace("%1", str(path)), 8000
            )
        )
        task.start()
        return task

    def start_import(self, paths: list[Path]) -> Task:
        """Run an import off the UI thread; the list refreshes when it is done."""
        database = self.workspace.database
        task = Task(
            self,
            self.tr("Importing articles"),
            lambda progress: bulk.import_articles(database, paths, progress=progress),
            (ReadError, ProjectError),
        )
        task.done.connect(self._imported)
        task.start()
        return task

    def qdpx_export_dialog(self) -> None:
        """Export the project for NVivo, ATLAS.ti, MAXQDA or QualCoder (.qdpx)."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export as a REFI-QDA project"),
            str(Path.home() / "project.qdpx"),
            self.tr("REFI-QDA projects (*.qdpx)"),
        )
        if path:
            self.start_qdpx_export(Path(path))

    def start_qdpx_export(self, path: Path) -> Task:
        """Write the .qdpx off the UI thread, with progress and Cancel."""
        return self._start_writing(path, export_qdpx)

    def qdpx_import_dialog(self) -> None:
        """Bring in a project or codebook from another program (.qdpx or .qdc)."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a REFI-QDA project or codebook"),
            str(Path.home()),
            self.tr("REFI-QDA files (*.qdpx *.qdc)"),
        )
        if path:
            self.start_qdpx_import(Path(path))

    def start_qdpx_import(self, path: Path) -> Task:
        """Import off the UI thread (backup first); the window reloads and shows the report."""
        database = self.workspace.database
        task = Task(
            self,
            self.tr("Importing"),
            lambda _progress: import_project_file(database, path),
            (ExportError, ProjectError),
        )
        task.done.connect(self._qdpx_imported)
        task.start()
        return task

    def _qdpx_imported(self, report: QdpxImportReport) -> None:
        self.qdpx_report = report
        # Our own import: everything may have changed (codebook, articles, segments), and the
        # team poll must not report the new codebook version as the lead's.
        self.workspace.announce(Changes(codebook=True, visibility=True))
        summary = (
            self.tr("Added %1 articles, %2 codes, %3 segments and %4 values.")
            .replace("%1", str(report.articles_added))
            .replace("%2", str(report.codes_added))
            .replace("%3", str(report.segments_added))
            .replace("%4", str(report.values_added))
        )
        not_taken = len(report.mismatches) + len(report.conflicts) + len(report.skipped)
        if not_taken:
            # What was not taken matters more than what was: say it where it cannot be missed.
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Import"), summary, parent=self)
            box.setInformativeText(
                self.tr("%1 items were not taken as the file has them; see the details.").replace(
                    "%1", str(not_taken)
                )
            )
            box.setDetailedText("\n".join(report_lines(report, limit=None)))
            box.open()
            self.qdpx_box = box
        else:
            self.statusBar().showMessage(summary, 10000)

    def _imported(self, report: ImportReport) -> None:
        self._load_articles()
        message = self.tr("Imported %1 articles").replace("%1", str(len(report.imported)))
        self.statusBar().showMessage(message, 8000)

    # -- the one broadcast ---------------------------------------------------------------------

    def _refresh_counts(self) -> None:
        self.tree = load_code_tree(self.workspace.database)
        self.codebook_panel.model.update_counts(self.tree)

    def _on_team_state(self, state: SharedState) -> None:
        self.workspace.apply_shared_state(state)
        others = [name for name in state.connected if name != self.workspace.coder.name]
        self.team_label.setText(
            self.tr("Also connected: %1").replace("%1", "、".join(others)) if others else ""
        )
        self.team_label.setToolTip("")

    def _on_team_poll_failed(self, message: str) -> None:
        # The database's own words (often English) go in the tooltip; the label stays readable.
        self.team_label.setText(self.tr("Cannot reach the project; trying again…"))
        self.team_label.setToolTip(message)

    def _tell_team_changes(self, changes: Changes) -> None:
        if changes.codebook:
            message = self.tr("The codebook was changed by the lead; it is up to date.")
        elif changes.assignments:
            message = self.tr("Your assignments were changed; the article list is up to date.")
        else:
            message = self.tr("Blind mode was changed by the lead.")
            self.blind_action.blockSignals(True)
            self.blind_action.setChecked(self.workspace.blind)
            self.blind_action.blockSignals(False)
        self.statusBar().showMessage(message, 10000)

    def _on_changes(self, changes: Changes, initiator: object | None) -> None:
        if changes.codebook:
            self._load_codebook()
        elif changes.segments:
            self._counts_timer.start()
        if changes.visibility:
            self._load_articles()
            if self.article_id is not None:
                self._select_in_list(self.article_id)
        elif changes.assignments or changes.articles:
            if changes.articles:
                for row in self.workspace.article_rows(changes.articles):
                    self.article_model.update_row(row)
            else:
                self._load_articles()
        if self.article_id is not None and (
            self.article_id in changes.articles or changes.codebook or changes.visibility
        ):
            self._refresh_segments()
            if changes.values or changes.codebook:
                # A new codebook rebuilds the sheet's editors empty: show the stored values.
                self.sheet.show_values(self.workspace.values(self.article_id))
            if changes.assignments:
                self.open_article(self.article_id)
        if initiator == TEAM:
            self._tell_team_changes(changes)  # after the reloads, whose messages it replaces
        self._update_undo_labels()

    def _update_undo_labels(self) -> None:
        stack = self.workspace.undo_stack
        self.undo_action.setEnabled(stack.undo_label is not None)
        self.redo_action.setEnabled(stack.redo_label is not None)
        self.undo_action.setText(
            self.tr("&Undo") + (f" — {stack.undo_label}" if stack.undo_label else "")
        )
        self.redo_action.setText(
            self.tr("&Redo") + (f" — {stack.redo_label}" if stack.redo_label else "")
        )

    # -- layout --------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        state = self.settings.value("window_state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_layout(self) -> None:
        """Remember where the panels are (the font size is remembered as it changes)."""
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the layout, stop following the project."""
        self.poller.stop()
        self.workspace.unsubscribe(self._on_changes)
        self.save_layout()
        super().closeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

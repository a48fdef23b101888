"""The coding window: articles, the article view, the codebook, the coding sheet, segments.

Every widget handler is one line that calls the Workspace; the Workspace saves the change at
once, puts it on the undo stack and broadcasts what changed, and `_on_changes` refreshes the
panels from that one broadcast. The whole coding loop works from the keyboard: select with
Shift+arrows (Alt+Shift+arrows by whole words), press a code's key, Alt+Down for the next
article, Ctrl+D to mark it done, Ctrl+Z / Ctrl+Shift+Z to undo and redo.

`MainWindow` composes the window from parts mixed into it, each in a file of its own, so that
every widget and action stays one attribute of the window: the article area (gui/article_area.py),
the corpus search (gui/corpus_search.py), the side panels (gui/docks.py), the Project menu's work
(gui/project_actions.py) and team work (gui/team_actions.py). This file keeps what ties them
together: where the panels go, the menus and their shortcuts, loading the project into the
panels, the one broadcast, undo and redo, and the saved layout.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from codebook.spec import CodebookError
from codebook.store import load_codebook
from codebook.tree import CodeTree, load_code_tree
from coding.coders import list_coders
from coding.segments import CodingError
from coding.workspace import TEAM, Workspace
from gui.article_area import ArticleArea
from gui.corpus_search import CorpusSearch
from gui.docks import Docks
from gui.project_actions import ProjectActions
from gui.team_actions import TeamActions
from models.database import ProjectError
from models.journal import Changes


# The parts are plain classes mixed in before QMainWindow. A string a part translates with
# self.tr() is filed by lupdate under the part's class name, and PySide's tr() looks a string up
# under each class of the window's type in turn (MainWindow, ArticleArea, ...), so the part's
# translation is found although `self` is a MainWindow.
class MainWindow(ArticleArea, CorpusSearch, Docks, ProjectActions, TeamActions, QMainWindow):
    """The coder's window over one Workspace."""

    # Signals live here, on the QObject: the parts mixed in are plain classes.
    language_requested = Signal(str)  # "zh_CN" or "en"
    project_requested = Signal(str, bool)  # path, create a new project there
    boundaries_ready = Signal(int, object)  # article id, word boundaries (from a worker)

    def __init__(self, workspace: Workspace, english: bool = False) -> None:
        super().__init__()
        self.workspace = workspace
        self.english = english
        self.settings = QSettings()
        self.tree = CodeTree()
        self._queue_chosen = False  # see _load_articles
        self.setWindowTitle(
            self.tr("articoder — %1 (%2)")
            .replace("%1", self._project_name())
            .replace("%2", workspace.coder.name)
        )
        self._fit_to_screen()
        self.dock_areas: dict[QDockWidget, Qt.DockWidgetArea] = {}
        self._build_article_area()
        articles = self._build_article_list()
        self._build_codebook_and_sheet()
        self._place_docks(articles, self._build_search())
        self._build_actions()
        self.workspace.subscribe(self._on_changes)
        self._load_codebook()
        self._load_articles()
        self._restore_layout()
        self._follow_team()
        if self.article_model.rowCount():
            self.open_article(self.article_model.article_at(0).id)

    # -- building -----------------------------------------------------------------------------

    def _project_name(self) -> str:
        path = self.workspace.database.path
        return path.name if path else self.workspace.database.location

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.dock_areas[dock] = area  # where "Reset layout" puts it back
        return dock

    def _place_docks(self, articles: QWidget, search: QWidget) -> None:
        # The parts build the panels; where they go is decided here, in one place. The names
        # are what a saved layout (window_state) finds the docks by.
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.articles_dock = self._dock("articles", self.tr("Articles"), articles, left)
        self.codebook_dock = self._dock("codebook", self.tr("Codebook"), self.codebook_panel, right)
        self.sheet_dock = self._dock("sheet", self.tr("Coding sheet"), self.sheet, right)
        self.segments_dock = self._dock("segments", self.tr("Segments"), self.segment_list, bottom)
        self.search_dock = self._dock("search", self.tr("Search"), search, bottom)
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
        self._action(self.tr("&Export…"), "Ctrl+E", self.export_dialog, project)
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
        self._action(self.tr("Reset layout"), None, self.reset_layout, view)
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

    # -- the one broadcast ---------------------------------------------------------------------

    def _perform(self, action: object) -> bool:
        try:
            action()  # type: ignore[operator]
        except (CodingError, CodebookError, ProjectError) as exc:  # lock, full disk, backup
            self.statusBar().showMessage(str(exc), 8000)
            return False
        return True

    def undo(self) -> None:
        """Undo the last action of this session."""
        self._perform(self.workspace.undo)

    def redo(self) -> None:
        """Redo the last undone action."""
        self._perform(self.workspace.redo)

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

    def _fit_to_screen(self) -> None:
        # 1440x900 where there is room; on a smaller screen (1280x720, or 150 % scaling) the
        # window takes what the screen has, so nothing is cut off.
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is None:
            self.resize(1440, 900)
            return
        width, height = min(1440, room.width()), min(900, room.height())
        self.resize(width, height)
        self.move(room.x() + (room.width() - width) // 2, room.y() + (room.height() - height) // 2)

    def reset_layout(self) -> None:
        """Put the window and its panels back where they start, forgetting the saved layout."""
        self.settings.remove("geometry")
        self.settings.remove("window_state")
        for dock, area in self.dock_areas.items():
            dock.setFloating(False)
            self.addDockWidget(area, dock)  # moves it back from wherever it was dragged
            dock.show()
        self.tabifyDockWidget(self.segments_dock, self.search_dock)
        self.segments_dock.raise_()
        self._fit_to_screen()
        self._default_dock_sizes()
        self.statusBar().showMessage(
            self.tr("The window and its panels are back as they started."), 5000
        )

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

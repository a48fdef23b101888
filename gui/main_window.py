"""The coding window: articles, the article view, the codebook, the coding sheet, segments.

Every widget handler is one line that calls the Workspace; the Workspace saves the change at
once, puts it on the undo stack and broadcasts what changed, and `_on_changes` refreshes the
panels from that one broadcast. The whole coding loop works from the keyboard: select with
Shift+arrows (Ctrl+Shift+arrows by whole words), press a code's key, Alt+Down for the next
article, Ctrl+D to mark it done, Ctrl+Z / Ctrl+Shift+Z to undo and redo.

`MainWindow` composes the window from parts mixed into it, each in a file of its own, so that
every widget and action stays one attribute of the window: the article area (gui/article_area.py),
the corpus search (gui/corpus_search.py), the side panels (gui/docks.py), the Project menu's work
(gui/project_actions.py) and team work (gui/team_actions.py). This file keeps what ties them
together: where the panels go, the menus and their shortcuts, loading the project into the
panels, the one broadcast, undo and redo, and the saved layout.
"""

from __future__ import annotations

import contextlib
import importlib
import shutil
import sys
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QProcess,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from codebook.spec import CodebookError
from codebook.store import load_codebook
from codebook.tree import CodeTree
from coding.coders import has_coded, list_coders
from coding.segments import CodingError
from coding.status import assigned_articles
from coding.workspace import TEAM, Workspace
from gui.article_area import ArticleArea
from gui.coding_sheet import KeptValue
from gui.corpus_search import CorpusSearch
from gui.docks import Docks
from gui.help import DOCS, KeysDialog, articoder_version, key_text
from gui.plurals import counted
from gui.project_actions import ProjectActions
from gui.team_actions import TeamActions
from gui.welcome import WelcomePanel
from gui.worker_threads import start_worker
from models.database import ProjectError
from models.journal import Changes

if TYPE_CHECKING:
    from gui.suggestions_panel import SuggestionsPanel


@dataclass(frozen=True)
class WindowPlace:
    """Where the coder is in the window: what a rebuild (a language switch) puts back."""

    article_id: int | None
    scroll: int  # the article view's vertical scroll position, in pixels
    selection: tuple[int, int] | None  # code points of the article text
    title_filter: str
    status_filter: object  # the status list's data ("all", "queue", ...)
    search_query: str
    searched: bool  # the query had been run (its summary shown), not only typed
    only_hits: bool  # "List only articles with hits"
    # Typed values the coding sheet could not store, with their reasons (CodingSheet.kept_values)
    sheet_kept: tuple[KeptValue, ...] = ()


# The side columns' starting widths: shares of the window, capped in pixels on large screens
# (see MainWindow._default_dock_sizes).
ARTICLE_LIST_SHARE, ARTICLE_LIST_MAX = 0.25, 400
CODEBOOK_SHARE, CODEBOOK_MAX = 0.28, 420
# Saved with the panels' layout: a layout saved by an older version (with wider panels) is not
# restored, so everyone starts once from the current defaults.
LAYOUT_VERSION = 2
SHEET_VALUE_CHARS = 8  # a coding-sheet list's width, in characters of its longest value shown


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
    first_painted = Signal()  # once, just after the window's first frame reached the screen
    suggestions_ready = Signal()  # the suggestions panel's modules are imported (a worker)

    def __init__(
        self,
        workspace: Workspace,
        english: bool = False,
        *,
        first_article_after_paint: bool = False,
    ) -> None:
        """Build the window over `workspace`.

        `first_article_after_paint`: show the window first and open the first article just
        after its first paint (the launch does; opening a long article with its keyword
        highlights takes a noticeable part of start-up). Otherwise the article is open when the
        constructor returns, as the tests and the window's own rebuilds expect.
        """
        super().__init__()
        self._painted = False  # see paintEvent
        self.workspace = workspace
        self.english = english
        self.settings = QSettings()
        self.tree = CodeTree()
        self._queue_chosen = False  # see _load_articles
        self._layout_restored = False  # a saved layout was put back: no default sizes
        self._fitted_size: QSize | None = None  # the size _fit_to_screen gave, frame unknown
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
        self._wire_variable_editing()
        self._place_docks(articles, self._build_search())
        self._build_welcome_and_hint()
        self._build_actions()
        self.workspace.subscribe(self._on_changes)
        self._load_codebook()
        self._load_articles()
        self._update_hint()
        self._restore_layout()
        self._follow_team()
        # The title bar is known only once the window manager has framed the window: at the
        # first paint, pull a frame that sticks out below or beside the screen back in.
        self.first_painted.connect(self._keep_fitted_on_screen)
        self.suggestions_ready.connect(self._build_suggestions_panel)
        if first_article_after_paint:
            self.first_painted.connect(self.open_first_article)
            self.first_painted.connect(self.load_suggestions_panel)
        else:
            self.open_first_article()
            self._build_suggestions_panel()

    def load_suggestions_panel(self) -> None:
        """Import the suggestions panel on a worker thread, then build it on this one."""

        def work() -> None:
            try:
                importlib.import_module("gui.suggestions_panel")
            except ImportError:  # the dock says it; coding goes on without suggestions
                traceback.print_exc()
                return
            with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                self.suggestions_ready.emit()

        start_worker(work)

    def _build_suggestions_panel(self) -> None:
        from gui.suggestions_panel import SuggestionsPanel

        if self.suggestions_panel is not None:
            return
        self.suggestions_panel = SuggestionsPanel(self.workspace, self)
        self.suggestions_dock.setWidget(_scrolling(self.suggestions_panel))
        if self.article_id is not None:
            self.suggestions_panel.show_article(self.article_id)

    def open_first_article(self) -> None:
        """Show the first article of the list, unless the coder has already opened one."""
        if self.article_id is None and self.article_model.rowCount():
            self.open_article(self.article_model.article_at(0).id)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint; after the first paint, tell `first_painted` (see MainWindow.__init__)."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Qt puts this frame on the screen as soon as the painting returns; a zero-delay
            # timer runs after that. A timer started at show() would run before the first
            # paint: the window is drawn only when its expose or update event comes round.
            # The window as the timer's context: a window closed meanwhile tells nobody.
            QTimer.singleShot(0, self, self.first_painted.emit)

    def place(self) -> WindowPlace:
        """Where the coder is now (see `restore_place`)."""
        return WindowPlace(
            article_id=self.article_id,
            scroll=self.view.verticalScrollBar().value(),
            selection=self.view.selected_span(),
            title_filter=self.title_filter.text(),
            status_filter=self.status_filter.currentData(),
            search_query=self.search_box.text(),
            searched=bool(self.search_summary.text()),
            only_hits=self.only_hits.isChecked(),
            sheet_kept=self.sheet.kept_values(),
        )

    def restore_place(self, place: WindowPlace) -> None:
        """Put the coder back where `place` says: the filters, the search, the article, its
        selection, and (once the text is laid out, after the first paint) its scroll position.
        """
        self.sheet.keep_values(place.sheet_kept)  # before the article opens: shown with it
        self.title_filter.setText(place.title_filter)
        index = self.status_filter.findData(place.status_filter)
        if index >= 0:
            self.status_filter.setCurrentIndex(index)
        self.search_box.setText(place.search_query)
        if place.searched and place.search_query.strip():
            self.run_search(place.search_query)
            self.only_hits.setChecked(place.only_hits)
        if place.article_id is None or self.article_model.row_of(place.article_id) is None:
            return
        self.open_article(place.article_id)  # selects it in the list too

        def scroll_back() -> None:
            if self.article_id != place.article_id:
                return  # the coder moved on meanwhile
            if place.selection is not None:
                self.view.select_span(*place.selection)
            self.view.verticalScrollBar().setValue(place.scroll)

        if self._painted:
            scroll_back()
        else:
            # The text's layout (and so the scroll range) is complete once the window is drawn.
            self.first_painted.connect(lambda: QTimer.singleShot(0, self, scroll_back))

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
        # The side columns run the window's full height and the bottom panel sits under the
        # article only: on a short screen (1280x720, 150 %) the heights then add up per column
        # instead of the codebook, the sheet and the bottom panel all stacking in one.
        self.setCorner(Qt.Corner.BottomLeftCorner, left)
        self.setCorner(Qt.Corner.BottomRightCorner, right)
        self.articles_dock = self._dock("articles", self.tr("Articles"), articles, left)
        self.codebook_dock = self._dock("codebook", self.tr("Codebook"), self.codebook_panel, right)
        # The sheet and the search panel scroll rather than hold the window's height up: a
        # codebook with ten variables would otherwise set a minimum taller than the screen.
        self.sheet_area = _scrolling(self.sheet, keep_width=True)
        self.sheet_dock = self._dock("sheet", self.tr("Coding sheet"), self.sheet_area, right)
        self.segments_dock = self._dock("segments", self.tr("Segments"), self.segment_list, bottom)
        self.search_dock = self._dock("search", self.tr("Search"), _scrolling(search), bottom)
        # Machine suggestions learned from the team's coding (suggest/), reviewed here. The
        # panel needs scikit-learn, scipy and numpy (about a second to import): the launch
        # builds it after the first paint (load_suggestions_panel), its imports on a worker.
        self.suggestions_panel: SuggestionsPanel | None = None
        self.suggestions_dock = self._dock(
            "suggestions", self.tr("Suggestions"), QLabel(self.tr("Loading…")), right
        )
        self.tabifyDockWidget(self.sheet_dock, self.suggestions_dock)
        self.sheet_dock.raise_()
        self.tabifyDockWidget(self.segments_dock, self.search_dock)
        self.segments_dock.raise_()
        QTimer.singleShot(0, self._default_dock_sizes)

    def _default_dock_sizes(self) -> None:
        """The panels' starting widths and heights, unless a saved layout was restored.

        A coder reads the article all day, so the text gets the room: the side columns take
        shares of the window (`ARTICLE_LIST_SHARE`, `CODEBOOK_SHARE`, capped in pixels on
        large screens) so that at 1280x720 a line holds about 26 Chinese characters at the
        default size, and about 36 at 1600x1000. Shares, not pixels, so 150 % scaling keeps
        the proportions. The columns of the lists inside are fitted to these widths.
        """
        if not self._layout_restored:
            width, height = self.width(), self.height()
            horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
            self.resizeDocks(
                [self.articles_dock, self.codebook_dock],
                [
                    min(ARTICLE_LIST_MAX, int(width * ARTICLE_LIST_SHARE)),
                    min(CODEBOOK_MAX, int(width * CODEBOOK_SHARE)),
                ],
                horizontal,
            )
            self.resizeDocks([self.segments_dock], [min(190, height * 24 // 100)], vertical)
            self.resizeDocks(
                [self.codebook_dock, self.sheet_dock],
                [height * 58 // 100, height * 42 // 100],
                vertical,
            )
        self.fit_columns()

    def fit_columns(self) -> None:
        """Every list's columns to their contents and to the panel's width as it is now."""
        self._fit_article_columns()
        self.codebook_panel.fit_columns()
        self.segment_list.fit_columns()

    def _action(
        self, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: object, menu: object
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_welcome_and_hint(self) -> None:
        # An empty project opens on the welcome panel in the article's place; the article area
        # (header and text) is the stack's other page.
        self.welcome = WelcomePanel()
        self.welcome.import_articles.connect(self.import_dialog)
        self.welcome.import_codebook.connect(self.codebook_import_dialog)
        self.welcome.open_demo.connect(self.open_demo)
        article_area = self.takeCentralWidget()
        self.central_stack = QStackedWidget()
        self.central_stack.addWidget(self.welcome)
        self.central_stack.addWidget(article_area)
        self.setCentralWidget(self.central_stack)
        self.article_page = article_area
        # One line above the text until the coder's first segment: how coding is done here.
        self.hint = QLabel(
            self.tr(
                "Select text, then press a code's key or double-click the code to code it. "
                "Help > Keyboard keys lists every key."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setContentsMargins(10, 4, 10, 4)
        self.hint.setStyleSheet("background: #fdf2d0; color: #5c4a12")
        layout = article_area.layout()
        # When the tip goes at the first code, its room stays, empty, until the next article:
        # the text must not jump up two lines under the mouse just as the coder drags the next
        # passage (the next key then recoded the segment just made instead of coding new text).
        self.hint_room = QWidget()
        self.hint_room.hide()
        if layout is not None:
            layout.insertWidget(1, self.hint)
            layout.insertWidget(2, self.hint_room)

    def _update_hint(self) -> None:
        coded = has_coded(self.workspace.database, self.workspace.coder.id)
        self.hint.setVisible(not coded)

    def open_article(self, article_id: int) -> None:
        """Show an article (ArticleArea.open_article); the first-code tip's room goes now."""
        self.hint_room.hide()
        super().open_article(article_id)

    def _show_welcome_if_empty(self) -> None:
        empty = self.article_model.rowCount() == 0
        self.central_stack.setCurrentWidget(self.welcome if empty else self.article_page)

    def open_demo(self) -> None:
        """Open the demo project in a window of its own (this project stays open here)."""
        started = QProcess.startDetached(sys.executable, ["-m", "articoder", "--demo"])
        message = (
            self.tr("Opening the demo project in a new window…")
            if started[0]
            else self.tr("The demo project could not be started.")
        )
        self.statusBar().showMessage(message, 8000)

    def show_keys(self) -> None:
        """Help > Keyboard keys: every key of the window and of the codebook."""
        keys = [
            (key_text(action.shortcut()), action.text().replace("&", ""))
            for menu in self.menus.values()
            for action in menu.actions()
            if not action.shortcut().isEmpty()
        ]
        codes = [(node.key, node.path_text) for node in self.tree if node.key and not node.retired]
        KeysDialog(keys, codes, self).exec()

    def open_docs(self) -> None:
        """Help > Documentation: the README, which links the rest, in the user's browser.

        Where no program opens it (no browser, or xdg-open failing on a bare X session) the
        file's path is shown in a box the user can copy it from, never nothing at all.
        """
        if not DOCS.exists():
            self.statusBar().showMessage(self.tr("The documentation is not installed here."), 8000)
            return
        url = QUrl.fromLocalFile(str(DOCS))
        self.statusBar().showMessage(
            self.tr("Opening the documentation: %1").replace("%1", str(DOCS)), 8000
        )
        if sys.platform.startswith("linux") and shutil.which("xdg-open"):
            # Qt starts xdg-open and reports only that it started; its exit code tells
            # whether a browser took the file, so it is run here and watched.
            process = QProcess(self)
            process.finished.connect(
                lambda code, _status: code != 0 and self.docs_not_opened(str(DOCS))
            )
            process.errorOccurred.connect(
                lambda error: (
                    error == QProcess.ProcessError.FailedToStart and self.docs_not_opened(str(DOCS))
                )
            )
            process.start("xdg-open", [url.toString()])
            self.docs_process = process
        elif not QDesktopServices.openUrl(url):
            self.docs_not_opened(str(DOCS))

    def docs_not_opened(self, where: str) -> None:
        """Tell that no program opened the documentation, with its path to copy."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Documentation"))
        box.setText(self.tr("No browser opened the documentation. Open this file in one yourself:"))
        box.setInformativeText(where)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setModal(False)
        box.show()
        self.docs_box = box

    def show_about(self) -> None:
        """Help > About: the version, and what the program is for."""
        QMessageBox.about(
            self,
            self.tr("About articoder"),
            f"articoder {articoder_version()}\n\n"
            + self.tr(
                "Hand-coding of Chinese news articles for content analysis: a codebook, a "
                "keyboard-driven coding window, inter-coder agreement and exports."
            ),
        )

    def window_keys(self) -> dict[str, str]:
        """Every key the window's own actions take (portable text -> what it does).

        A code may not take one of these: the action would win and the code never fire.
        """
        taken: dict[str, str] = {}
        for menu in self.menus.values():
            for action in menu.actions():
                for sequence in action.shortcuts():
                    taken[sequence.toString()] = action.text().replace("&", "")
        return taken

    def _build_actions(self) -> None:
        bar = self.menuBar()
        # The menus by name, so a part (or a later view) adds its entries where they belong.
        self.menus: dict[str, QMenu] = {}
        project = bar.addMenu(self.tr("&Project"))
        self.menus["project"] = project
        self._action(
            self.tr("&New project…"), QKeySequence.StandardKey.New, self.new_project_dialog, project
        )
        self._action(
            self.tr("&Open project…"),
            QKeySequence.StandardKey.Open,
            self.open_project_dialog,
            project,
        )
        self.recent_menu = project.addMenu(self.tr("Recent projects"))
        self.recent_menu.aboutToShow.connect(lambda: self.fill_recent_menu(self.recent_menu))
        self.fill_recent_menu(self.recent_menu)
        self._action(self.tr("&Import articles…"), "Ctrl+I", self.import_dialog, project)
        self._action(self.tr("Import a &codebook…"), None, self.codebook_import_dialog, project)
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
        self.menus["edit"] = edit
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
        self.menus["coding"] = coding
        self._action(self.tr("Next article"), "Alt+Down", lambda: self.step_article(1), coding)
        self._action(self.tr("Previous article"), "Alt+Up", lambda: self.step_article(-1), coding)
        self._action(
            self.tr("Next unfinished article"), "Ctrl+Shift+N", self.next_unfinished, coding
        )
        self._action(self.tr("Mark article done / not done"), "Ctrl+D", self.toggle_done, coding)
        self._action(self.tr("&Agreement…"), "Ctrl+Shift+A", self.open_agreement, coding)
        self._action(self.tr("Team &progress…"), "Ctrl+Shift+P", self.open_progress, coding)
        coding.addAction(self.retrieval_action)
        coding.addAction(self.cleaning_action)
        coding.addSeparator()
        # Besides the codebook's "+" and its right-click menu: where a newcomer looks first.
        self._action(
            self.tr("New code…"),
            "Ctrl+Shift+K",
            lambda: self.edit_codebook("add-top", None),
            coding,
        )
        self._action(self.tr("New variable…"), None, self.new_variable, coding)
        coding.addSeparator()
        coding.addAction(self.in_vivo_action)
        coding.addAction(self.in_vivo_child_action)
        coding.addAction(self.extend_word_action)
        coding.addAction(self.shrink_word_action)
        self._action(self.tr("Next suggestion"), "F8", self.next_suggestion, coding)
        self._action(self.tr("Accept suggestion"), "Ctrl+Return", self.accept_suggestion, coding)
        self._action(
            self.tr("Dismiss suggestion"), "Ctrl+Backspace", self.dismiss_suggestion, coding
        )
        view = bar.addMenu(self.tr("&View"))
        self.menus["view"] = view
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
        view.addAction(self.zoom_reset_action)
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
            self.suggestions_dock,
        ):
            view.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu(self.tr("&Help"))
        self.menus["help"] = help_menu
        self._action(self.tr("&Keyboard keys…"), "F1", self.show_keys, help_menu)
        self._action(self.tr("&Documentation"), None, self.open_docs, help_menu)
        help_menu.addSeparator()
        self._action(self.tr("&About articoder"), None, self.show_about, help_menu)
        self.code_shortcuts: list[QShortcut] = []
        self._update_undo_labels()

    # -- loading ------------------------------------------------------------------------------

    def _load_codebook(self) -> None:
        self.tree = self.workspace.code_tree()
        self.codebook_panel.set_codebook(self.tree, load_codebook(self.workspace.database).codes)
        self.sheet.set_variables(self.workspace.variables())
        for editor in self.sheet.editors.values():
            if isinstance(editor, QComboBox):
                # A list of values asks only for a short value's width, not its longest value's
                # (shown whole when it opens): the sheet's column then stays narrow, and a
                # label still beside its field (see the sheet's wrap policy in gui/docks.py).
                editor.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                editor.setMinimumContentsLength(SHEET_VALUE_CHARS)
        QTimer.singleShot(0, self._keep_sheet_width)  # once the new fields are laid out
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

    def _keep_sheet_width(self) -> None:
        # The sheet's dock is as wide as its labels and fields need, so nothing is cut off at
        # the right, but never more than about a third of the screen: on a small screen (150 %
        # at 1280x720) the sheet scrolls sideways rather than the window overflowing.
        scrollbar = self.sheet_area.verticalScrollBar().sizeHint().width()
        needed = self.sheet.minimumSizeHint().width() + scrollbar
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().width() if screen is not None else 1440
        self.sheet_area.setMinimumWidth(min(needed, room * 36 // 100))

    def _load_articles(self) -> None:
        rows = self.workspace.article_rows()
        self.article_model.set_rows(rows)
        self._fit_article_columns()
        with self.workspace.database.session() as session:
            self.article_filter.set_assigned(assigned_articles(session, self.workspace.coder.id))
        assigned = bool(self.article_filter.assigned)
        # "My queue" and "Not assigned to me" mean something only once the lead assigned
        # articles; a coder's own done marks are a status and put nothing in a queue.
        view = self.status_filter.view()
        if isinstance(view, QListView):
            for key in ("queue", "unassigned"):
                view.setRowHidden(self.status_filter.findData(key), not assigned)
        if not assigned and self.status_filter.currentData() in ("queue", "unassigned"):
            self.status_filter.setCurrentIndex(self.status_filter.findData("all"))
        if not self._queue_chosen and assigned:
            # A coder with assignments works from their queue; they may still list everything.
            self._queue_chosen = True
            self.status_filter.setCurrentIndex(self.status_filter.findData("queue"))
        self.statusBar().showMessage(self._count_message())
        self._show_welcome_if_empty()

    def _count_message(self) -> str:
        shown, total = self.article_filter.rowCount(), self.article_model.rowCount()
        if shown == total:
            return counted(self.tr("%n article(s)", "", total), total)
        return counted(self.tr("%1 of %n article(s) shown", "", total), total).replace(
            "%1", str(shown)
        )

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
        if changes.segments and self.hint.isVisible():
            height = self.hint.height()
            self._update_hint()
            if not self.hint.isVisible():
                self.hint_room.setFixedHeight(height)
                self.hint_room.show()
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
            # Coding never changes suggestions: only accepting, rejecting, undoing those, or
            # another program's work (visibility) does; not a query per key press.
            if self.suggestions_panel is not None and (changes.suggestions or changes.visibility):
                self.suggestions_panel.show_article(self.article_id)
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
        # The step's name in the interface's language ("撤销 — 标记文章完成", not "Mark ...").
        undo, redo = stack.undo_label, stack.redo_label
        self.undo_action.setText(
            self.tr("&Undo") + (f" — {self.operation_name(undo)}" if undo else "")
        )
        self.redo_action.setText(
            self.tr("&Redo") + (f" — {self.operation_name(redo)}" if redo else "")
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
        # The frame (title bar, borders) comes on top of the size asked for.
        frame = self.frameGeometry().size() - self.geometry().size()
        width, height = width - max(0, frame.width()), height - max(0, frame.height())
        self.resize(width, height)
        self.move(room.x() + (room.width() - width) // 2, room.y() + (room.height() - height) // 2)
        self._fitted_size = self.size()

    def _keep_fitted_on_screen(self) -> None:
        # Only the size _fit_to_screen chose: a restored layout, or a size someone set since,
        # is theirs to keep.
        if self.size() == self._fitted_size:
            self.keep_on_screen()

    def keep_on_screen(self) -> None:
        """Shrink and move the window so that its frame, title bar included, is inside the
        screen's free area.

        `_fit_to_screen` runs before the window is shown, when the frame is still unknown: on a
        1280x720 desktop the window was then 720 high plus its title bar, and the status bar,
        where "Wrote …" and the import summary appear, lay below the screen.
        """
        screen = self.screen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        client = frame_fitted(self.frameGeometry(), self.geometry(), screen.availableGeometry())
        if client is not None:
            self.setGeometry(client)

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
        self.tabifyDockWidget(self.sheet_dock, self.suggestions_dock)
        self.sheet_dock.raise_()
        self._layout_restored = False
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
            self._layout_restored = self.restoreState(state, LAYOUT_VERSION)

    def save_layout(self) -> None:
        """Remember where the panels are (the font size is remembered as it changes)."""
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState(LAYOUT_VERSION))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the layout, stop following the project."""
        self.poller.stop()
        self.workspace.unsubscribe(self._on_changes)
        self.workspace.unsubscribe(self._tell_change)
        self.save_layout()
        super().closeEvent(event)


def frame_fitted(frame: QRect, client: QRect, room: QRect) -> QRect | None:
    """The client geometry that puts a window's `frame` (title bar and borders around
    `client`) inside `room`, the screen's free area; None when it is inside already, or when
    there is no frame to account for (no window manager: `_fit_to_screen` fitted it).
    """
    left, top = client.x() - frame.x(), client.y() - frame.y()
    extra_width, extra_height = frame.width() - client.width(), frame.height() - client.height()
    if room.contains(frame) or (extra_width <= 0 and extra_height <= 0):
        return None
    width = min(client.width(), room.width() - extra_width)
    height = min(client.height(), room.height() - extra_height)
    frame_x = min(max(frame.x(), room.x()), room.x() + room.width() - (width + extra_width))
    frame_y = min(max(frame.y(), room.y()), room.y() + room.height() - (height + extra_height))
    return QRect(frame_x + left, frame_y + top, width, height)


def _scrolling(widget: QWidget, keep_width: bool = False) -> QScrollArea:
    """The widget in a scroll area that lets its dock shrink below the widget's own minimum.

    `keep_width`: the dock as wide as the widget needs, within a share of the screen
    (`MainWindow._keep_sheet_width`), so a form's fields are not cut off at the right.
    """
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    if keep_width:  # the width follows the widget: see _keep_sheet_width
        area.setSizeAdjustPolicy(QScrollArea.SizeAdjustPolicy.AdjustIgnored)
    return area

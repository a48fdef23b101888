"""Starting the application: QApplication, fonts, translations, choosing the coder, the window.

The interface speaks Simplified Chinese or English: it follows the system locale until the
user picks one (View > Language), which is remembered. Switching rebuilds the window on the
same Workspace and puts the coder back where they were (the open article, its scroll position
and selection, the article filter, the search: MainWindow.place); an open "Coded segments"
window moves over to the new window and retranslates itself.

Every project file the window opens (the demo aside) goes on the recent list
(gui/project_actions.py), and `last_project` is the newest of those still on disk: what a plain
`articoder` opens instead of the demo (articoder/cli.py asks for it).

Start-up is measured from launch to the window's first paint (benchmarks/bench_startup.py
--window; issue 18 asks for 1.5 s). So this module and the window import only what drawing the
window needs (exports, exchange, agreement and the importers load on first use; the coder
dialog only when someone must be asked), and two things wait until just after the first paint:
opening the first article and the backup of the project as opened, which runs as a background
Task (gui/project_actions.py says why that order is safe). With
ARTICODER_EXIT_AFTER_FIRST_PAINT=1 the program quits right after the first paint instead, so a
benchmark can time whole launches.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from coding.coders import (
    CoderInfo,
    coder_for_connection,
    demo_coder_guid,
    list_coders,
    workspace_coder,
)
from coding.workspace import Workspace
from gui.main_window import MainWindow
from gui.project_actions import last_project, remember_project
from models.database import ProjectDatabase, ProjectError, create_project, open_project
from models.project_file import remove_project_files
from team.coder_files import coder_file_coder

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
)
TRANSLATIONS = Path(__file__).with_name("translations")
LANGUAGES = ("zh_CN", "en")
EXIT_AFTER_FIRST_PAINT = "ARTICODER_EXIT_AFTER_FIRST_PAINT"  # "1": quit once the window is drawn
_translators: list[QTranslator] = []


def cjk_font(point_size: int = 11) -> QFont:
    """A comfortable font for Chinese text, from the first family the system has."""
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            return QFont(family, point_size)
    return QFont(QApplication.font().family(), point_size)


def application() -> QApplication:
    """The one QApplication, created on first use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("articoder")
    app.setOrganizationName("articoder")
    app.setFont(cjk_font(10))
    return app


def current_language() -> str:
    """The chosen interface language, or the system's when none was chosen."""
    chosen = QSettings().value("language")
    if chosen in LANGUAGES:
        return str(chosen)
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install_language(language: str) -> None:
    """Use the Chinese translation, or none (the source strings are English).

    Qt's own translation comes too, so standard buttons and dialogs (Cancel, OK, the file
    dialog) speak the same language as the rest of the window.
    """
    app = QCoreApplication.instance()
    if app is None:
        return
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    if language != "zh_CN":
        return
    for path in (qt_catalogue("qtbase_zh_CN.qm"), TRANSLATIONS / "articoder_zh_CN.qm"):
        translator = QTranslator(app)
        if path is not None and translator.load(str(path)):
            app.installTranslator(translator)
            _translators.append(translator)


def qt_catalogue(name: str) -> Path | None:
    """Qt's own translation file `name`: in PySide6's translations folder (QLibraryInfo; a
    bundle carries it at the same place under PySide6/Qt/translations), else beside ours.
    """
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return next(
        (folder / name for folder in (qt_folder, TRANSLATIONS) if (folder / name).is_file()),
        None,
    )


def choose_coder(database: ProjectDatabase, parent: QWidget | None = None) -> str | None:
    """Ask who is coding, the last coder of this project preselected; None when cancelled."""
    from gui.coder_dialog import CoderDialog  # a coder file or the demo never asks

    settings = QSettings()
    key = f"coder/{database.location}"
    remembered = str(settings.value(key, ""))
    name = database.path.name if database.path else database.location
    dialog = CoderDialog(name, list_coders(database), remembered, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    settings.setValue(key, dialog.chosen_name())
    return dialog.chosen_name()


def own_coder(database: ProjectDatabase) -> CoderInfo | None:
    """The coder a project is for, when it is not the user's choice, else None.

    On a shared server a connection codes as the coder of its own role; a coder file
    (`articoder package`) is for the coder it was packaged for; the demo project opens as its
    demo lead, so a first launch goes straight to a window with coding in it.
    """
    coder = coder_for_connection(database)
    if coder is not None:
        return coder
    guid = coder_file_coder(database) or demo_coder_guid(database)
    return next((c for c in list_coders(database) if c.guid == guid), None) if guid else None


def start_workspace(database: ProjectDatabase, parent: QWidget | None = None) -> Workspace | None:
    """A Workspace on the project for its own coder, or for the coder the user names."""
    coder = own_coder(database)
    if coder is None:
        name = choose_coder(database, parent)
        if name is None:
            return None
        coder = workspace_coder(database, name)
    return Workspace(database, coder)


def open_window(workspace: Workspace, language: str) -> MainWindow:
    """A coding window in the given language, which can rebuild itself in another."""
    install_language(language)
    window = MainWindow(workspace, english=language == "en", first_article_after_paint=True)
    path = workspace.database.path
    if path is not None and demo_coder_guid(workspace.database) is None:
        remember_project(path)  # the demo is always one menu away: it takes no place here

    def switch(new_language: str) -> None:
        QSettings().setValue("language", new_language)
        window.save_layout()
        place = window.place()
        replacement = open_window(workspace, new_language)
        replacement.restore_place(place)
        hand_over_windows(window, replacement)
        replacement.show()
        window.close()

    def change_project(path: str, create: bool) -> None:
        try:
            database = create_project(path) if create else open_project(path)
        except ProjectError as exc:
            project_problem(window, path, create, exc)
            return
        try:
            new_workspace = start_workspace(database, window)
        except ProjectError as exc:
            project_problem(window, path, create, exc)
            new_workspace = None
        if new_workspace is None:
            database.close()
            if create and database.path is not None:
                # Cancelled at "Who is coding?": the project made a moment ago holds nothing,
                # and a file left behind would refuse the same name at the next try. One that
                # cannot be deleted (a read-only folder) stays: that try then names it.
                with contextlib.suppress(OSError):
                    remove_project_files(database.path)
            return
        replacement = open_window(new_workspace, language)
        replacement.show()
        window.close()
        workspace.close()

    window.language_requested.connect(switch)
    window.project_requested.connect(change_project)
    return window


def project_problem(parent: QWidget, path: str, create: bool, exc: ProjectError) -> None:
    """Say why a project could not be made or opened: a line in the interface's language
    (the project's own message, naming the file and the cause, is in English) and what to do.
    """
    name = Path(path).name
    if create:
        headline = QCoreApplication.translate(
            "OpenProject", "The new project %1 could not be made; nothing was changed."
        )
    else:
        headline = QCoreApplication.translate("OpenProject", "%1 could not be opened as a project.")
        if Path(path).suffix.lower() != ".articoder":  # an article file or a spreadsheet
            headline += " " + QCoreApplication.translate(
                "OpenProject",
                "Articles and spreadsheets are brought into a project with "
                "Project > Import articles…",
            )
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("articoder")
    box.setText(headline.replace("%1", name))
    box.setInformativeText(str(exc))
    box.exec()


def hand_over_windows(old: MainWindow, new: MainWindow) -> None:
    """Give an open "Coded segments" window to the window that replaces `old`: it jumps to
    segments in the new window and closes with it. It retranslated itself already (Qt sends
    every widget a LanguageChange when the translators change).
    """
    retrieval = old.retrieval_window
    if retrieval is None or not retrieval.isVisible():
        return
    retrieval.setParent(new, retrieval.windowFlags())  # reparenting hides it: shown again below
    retrieval.segment_requested.disconnect()
    retrieval.segment_requested.connect(new.show_segment)
    old.retrieval_window = None
    new.retrieval_window = retrieval
    retrieval.show()


def launch_window(workspace: Workspace, language: str) -> MainWindow:
    """Show the launch's window; just after its first paint, back the project up as it was
    opened (or, with ARTICODER_EXIT_AFTER_FIRST_PAINT=1, quit).
    """
    window = open_window(workspace, language)
    if os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1":
        window.first_painted.connect(QCoreApplication.quit)  # a benchmark's launch
    else:
        # Rotating: the project as it was when opened (see gui/project_actions.py).
        window.first_painted.connect(window.start_open_backup)
    window.show()
    return window


def remembered_project() -> str | None:
    """The project a plain `articoder` opens: the last one the window had open, if it is still
    there (None: the caller opens the demo).
    """
    application()  # QSettings needs the application's name to find the user's settings
    return last_project()


def run(project: str) -> int:
    """Open the window on a project and run until it closes."""
    app = application()
    try:
        database = open_project(project)
    except ProjectError as exc:
        QMessageBox.critical(None, "articoder", str(exc))
        return 1
    install_language(current_language())
    try:
        workspace = start_workspace(database)
    except ProjectError as exc:
        QMessageBox.critical(None, "articoder", str(exc))
        workspace = None
    if workspace is None:
        database.close()
        return 0
    window = launch_window(workspace, current_language())
    code = app.exec()
    window.wait_for_open_backup()  # a quick quit must not cut the copy off
    workspace.close()
    return code

"""Starting the application: the QApplication, fonts, the main window on a project."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.main_window import MainWindow
from models.database import ProjectError, open_project

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
)


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


def run(project: str) -> int:
    """Open the window on a project and run until it closes."""
    app = application()
    try:
        database = open_project(project)
    except ProjectError as exc:
        QMessageBox.critical(None, "articoder", str(exc))
        return 1
    window = MainWindow(database)
    window.show()
    code = app.exec()
    database.close()
    return code

"""The file dialogs of the window: open, open several, save; none of them reads a file's bytes.

Why: Qt's own file dialog guesses each listed file's type by reading its first bytes (the MIME
database), so a dialog showing the folder of the open project opened `study.articoder` and its
-wal and -shm in the window's own process and closed them again. Closing any descriptor of a
file drops every POSIX lock this process holds on it (SQLite's documented pitfall): the next
program to open and close the project then deleted -wal and -shm under the window, and the
window's later coding was lost (found with strace and a second process; see
models/project_file.py for the rule). So every dialog here uses Qt's dialog (the same on every
platform, where a native dialog would run its own type sniffing in our process) with an icon
provider that judges files by their names only.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget


class NameOnlyIcons(QFileIconProvider):
    """Icons and type names from the file name alone: a folder, or a file of its extension."""

    def icon(self, target: object) -> QIcon:  # type: ignore[override]
        if isinstance(target, QFileInfo):
            kind = (
                QAbstractFileIconProvider.IconType.Folder
                if target.isDir()
                else QAbstractFileIconProvider.IconType.File
            )
            return super().icon(kind)
        return super().icon(target)  # an IconType: nothing to read

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


def _dialog(
    parent: QWidget | None, caption: str, directory: str, filters: str, mode: QFileDialog.FileMode
) -> QFileDialog:
    dialog = QFileDialog(parent, caption, directory, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(NameOnlyIcons())
    dialog.setFileMode(mode)
    return dialog


def save_file_name(
    parent: QWidget | None, caption: str, directory: str = "", filters: str = ""
) -> tuple[str, str]:
    """(the chosen path or "", the chosen filter), as QFileDialog.getSaveFileName gives."""
    dialog = _dialog(parent, caption, directory, filters, QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def open_file_name(
    parent: QWidget | None, caption: str, directory: str = "", filters: str = ""
) -> tuple[str, str]:
    """(an existing file or "", the chosen filter), as QFileDialog.getOpenFileName gives."""
    dialog = _dialog(parent, caption, directory, filters, QFileDialog.FileMode.ExistingFile)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def open_file_names(
    parent: QWidget | None, caption: str, directory: str = "", filters: str = ""
) -> tuple[list[str], str]:
    """(existing files, the chosen filter), as QFileDialog.getOpenFileNames gives."""
    dialog = _dialog(parent, caption, directory, filters, QFileDialog.FileMode.ExistingFiles)
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return [], ""
    return list(dialog.selectedFiles()), dialog.selectedNameFilter()

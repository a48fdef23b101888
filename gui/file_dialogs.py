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

The dialogs also start where the user works: in the folder last used for the same purpose
(opening projects, importing, exporting), else in the open project's folder, not in HOME
(`start_folder`, plain paths in and out; `remember_folder` keeps the choice in QSettings).
Their own labels ("Look in:", "Files of type:", the type of each file) are set here in the
interface's language: Qt 6's file dialog asks for "&Look in:", which Qt's shipped Chinese
catalogue (qtbase_zh_CN.qm) does not hold, so those labels stayed English in the Chinese window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileInfo, QSettings
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QHeaderView, QTreeView, QWidget


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
            return QCoreApplication.translate("FileDialogs", "Folder")
        suffix = info.suffix()
        return (
            QCoreApplication.translate("FileDialogs", "%1 file").replace("%1", suffix.upper())
            if suffix
            else QCoreApplication.translate("FileDialogs", "File")
        )


FOLDER_KEY = "last_folder/"  # + purpose: "projects", "import", "export"


def start_folder(remembered: str, project_file: Path | None, home: Path) -> Path:
    """Where a dialog opens: the folder last used for its purpose if it is still there, else
    the open project's folder, else `home`. Plain paths in and out (tested without Qt).

    A project in a hidden folder (the demo lives in ~/.local/share/articoder) does not count:
    a newcomer would save a new project there and never find it again.
    """
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    if project_file is not None and project_file.parent.is_dir():
        hidden = any(
            part.startswith(".")
            for part in project_file.parent.relative_to(project_file.parent.anchor).parts
        )
        if not hidden:
            return project_file.parent
    return home


def starting_path(purpose: str, project_file: Path | None, file_name: str = "") -> str:
    """The path a dialog for `purpose` starts at: its folder, and a proposed file name."""
    remembered = QSettings().value(FOLDER_KEY + purpose, "")
    folder = start_folder(str(remembered or ""), project_file, Path.home())
    return str(folder / file_name) if file_name else str(folder)


def remember_folder(purpose: str, chosen: str) -> None:
    """Keep the folder of a chosen file (or a chosen folder) for the next dialog of `purpose`."""
    if not chosen:
        return
    path = Path(chosen)
    QSettings().setValue(FOLDER_KEY + purpose, str(path if path.is_dir() else path.parent))


def _dialog(
    parent: QWidget | None, caption: str, directory: str, filters: str, mode: QFileDialog.FileMode
) -> QFileDialog:
    dialog = QFileDialog(parent, caption, directory, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(NameOnlyIcons())
    dialog.setFileMode(mode)
    dialog.setLabelText(
        QFileDialog.DialogLabel.LookIn, QCoreApplication.translate("FileDialogs", "&Look in:")
    )
    dialog.setLabelText(
        QFileDialog.DialogLabel.FileName, QCoreApplication.translate("FileDialogs", "File &name:")
    )
    dialog.setLabelText(
        QFileDialog.DialogLabel.FileType,
        QCoreApplication.translate("FileDialogs", "Files of &type:"),
    )
    _fit_detail_columns(dialog)
    return dialog


def _fit_detail_columns(dialog: QFileDialog) -> None:
    # Qt's detail view gives Size, Type and Date fixed widths that cut "86 KiB" and our
    # "ARTICODER file" to "86…iB" and "AR…文件": those three take what their text needs and the
    # name the rest. "treeView" is the view's object name in Qt's own dialog form.
    view = dialog.findChild(QTreeView, "treeView")
    if view is None:
        return
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


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

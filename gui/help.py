"""The Help menu's windows: the keyboard keys of this window, and About.

The keys are read from the window's own actions and the codebook's keys when the dialog opens,
so the list is never out of step with what the keys do.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Where the project's documentation is when articoder runs from its source tree.
DOCS = Path(__file__).resolve().parents[1] / "README.md"


def articoder_version() -> str:
    """The installed articoder's version ("unknown" when it was not installed)."""
    try:
        return version("articoder")
    except PackageNotFoundError:
        return "unknown"


class KeysDialog(QDialog):
    """A table of every key of the window: the coding loop's first, then the code keys."""

    def __init__(
        self, keys: Sequence[tuple[str, str]], codes: Sequence[tuple[str, str]], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard keys"))
        intro = QLabel(
            self.tr(
                "Select text with the mouse or Shift+arrows (Ctrl+Shift+arrows by whole words), "
                "press a code's key, and the selection is coded. Click a coded passage or its "
                "row in Segments and a code's key recodes it. Everything is saved at once; "
                "Ctrl+Z undoes."
            )
        )
        intro.setWordWrap(True)
        rows = [*keys, *codes]
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("What it does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (key, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(key))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)


def key_text(sequence: QKeySequence) -> str:
    """A key as the user reads it on this system (Ctrl+D, ⌘D)."""
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)

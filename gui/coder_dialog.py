"""Choosing who codes: a dialog listing the project's coders, the last one preselected.

The list shows every coder of the project (the lead marked); a new name adds a coder. OK with an
empty name is refused with a message in the dialog, never a silent quit; Cancel is the one way
out without a coder.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coding.coders import CoderInfo


class CoderDialog(QDialog):
    """Who is coding? A list of the project's coders and a name field."""

    def __init__(
        self,
        project_name: str,
        coders: Sequence[CoderInfo],
        remembered: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who is coding?"))
        self.setMinimumWidth(420)
        intro = QLabel(
            self.tr("Project: %1").replace("%1", project_name)
            + "\n"
            + (
                self.tr("Choose your name, or type a new one to join as a new coder.")
                if coders
                else self.tr(
                    "This project has no coders yet. Type your name: the first coder leads."
                )
            )
        )
        intro.setWordWrap(True)
        self.coders = QListWidget()
        for coder in coders:
            label = coder.name + ("  " + self.tr("(lead)") if coder.is_lead else "")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, coder.name)
            self.coders.addItem(item)
            if coder.name == remembered:
                self.coders.setCurrentItem(item)
        self.coders.setVisible(bool(coders))
        self.name = QLineEdit(remembered)
        self.name.setPlaceholderText(self.tr("Your coder name"))
        self.coders.currentItemChanged.connect(self._on_chosen)
        self.coders.itemDoubleClicked.connect(lambda _item: self.accept())
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b03a2e")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.coders)
        layout.addWidget(self.name)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.name.setFocus()

    def _on_chosen(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.name.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    def chosen_name(self) -> str:
        """The name typed or picked, without surrounding spaces."""
        return self.name.text().strip()

    def accept(self) -> None:
        """Close with a name; an empty one is refused with a message and the dialog stays."""
        if not self.chosen_name():
            self.problem.setText(self.tr("Type a name or choose one from the list."))
            self.problem.show()
            self.name.setFocus()
            return
        super().accept()

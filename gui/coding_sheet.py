"""The coding sheet: one widget per article-level variable, saved the moment it changes.

Nominal and ordinal variables get a list of their allowed values (in the codebook's order),
numbers a line with the range shown, dates a line taking YYYY-MM-DD, free text a text line.
A value the variable does not accept is refused with the reason shown under the sheet.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from coding.workspace import VariableInfo


class CodingSheet(QWidget):
    """Edits one coder's variable values for the current article."""

    value_changed = Signal(int, object)  # variable id, new text or None

    def __init__(self, english: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.english = english
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setStyleSheet("color: #b03a2e;")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.editors: dict[int, QComboBox | QLineEdit] = {}
        self.variables: list[VariableInfo] = []
        self._loading = False

    def _label(self, variable: VariableInfo) -> str:
        text = (
            variable.label_en if self.english and variable.label_en else variable.label
        ) or variable.name
        return text + (" *" if variable.required else "")

    def set_variables(self, variables: list[VariableInfo]) -> None:
        """Build one editor per variable."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self.variables = variables
        for variable in variables:
            editor: QComboBox | QLineEdit
            if variable.level in ("nominal", "ordinal"):
                combo = QComboBox()
                combo.addItem("—", None)
                for value, label, label_en in variable.choices:
                    combo.addItem(
                        (label_en if self.english and label_en else label) or value, value
                    )
                combo.currentIndexChanged.connect(
                    lambda _i, v=variable, c=combo: self._changed(v, c.currentData())
                )
                editor = combo
            else:
                line = QLineEdit()
                if variable.level in ("interval", "ratio"):
                    low = "" if variable.minimum is None else f"{variable.minimum:g}"
                    high = "" if variable.maximum is None else f"{variable.maximum:g}"
                    line.setPlaceholderText(
                        f"{low} – {high}" if low or high else self.tr("a number")
                    )
                elif variable.level == "date":
                    line.setPlaceholderText("YYYY-MM-DD")
                line.editingFinished.connect(lambda v=variable, e=line: self._edited(v, e))
                editor = line
            editor.setToolTip(variable.description or variable.name)
            self.editors[variable.id] = editor
            self.form.addRow(self._label(variable), editor)

    def show_values(self, values: dict[int, str]) -> None:
        """Show a coder's stored values for the article."""
        self._loading = True
        try:
            for variable_id, editor in self.editors.items():
                value = values.get(variable_id)
                if isinstance(editor, QComboBox):
                    index = editor.findData(value) if value is not None else 0
                    editor.setCurrentIndex(max(index, 0))
                else:
                    editor.setText(value or "")
            self.message.clear()
        finally:
            self._loading = False

    def show_error(self, message: str) -> None:
        """Say why a value was refused."""
        self.message.setText(message)

    def _edited(self, variable: VariableInfo, line: QLineEdit) -> None:
        # editingFinished also fires when focus merely leaves the field: save only a real edit,
        # so an editor that was never touched cannot overwrite a stored value.
        if line.isModified():
            line.setModified(False)
            self._changed(variable, line.text() or None)

    def _changed(self, variable: VariableInfo, value: object) -> None:
        if not self._loading:
            self.message.clear()
            self.value_changed.emit(variable.id, value)

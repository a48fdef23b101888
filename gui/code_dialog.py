"""The code dialog: every field of one code, for a new code or an existing one.

Name (either script), English name, definition, include and exclude rules, examples and keywords
(one per line), the shortcut key and the colour. The dialog checks what it can see before it
closes: a name is needed, and a key already taken by another code or by one of the window's own
keys is refused with a message naming the holder. The stored operation (codebook.operations
AddCode or UpdateCode) checks again, so two windows cannot slip a clash past each other.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from codebook.spec import CodeSpec


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CodeDialog(QDialog):
    """Edit a `CodeSpec`; `spec()` returns the edited copy once accepted."""

    def __init__(
        self,
        spec: CodeSpec,
        code_keys: Mapping[str, str],
        window_keys: Mapping[str, str],
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        """`code_keys`: key -> path of the code holding it (this code's own key left out);
        `window_keys`: key (QKeySequence portable text) -> the window action holding it.
        """
        super().__init__(parent)
        self.setWindowTitle(title)
        self._spec = spec
        self._code_keys = dict(code_keys)
        self._window_keys = dict(window_keys)
        self.name = QLineEdit(spec.name)
        self.name_en = QLineEdit(spec.name_en or "")
        self.definition = QPlainTextEdit(spec.definition)
        self.include = QPlainTextEdit(spec.include)
        self.exclude = QPlainTextEdit(spec.exclude)
        self.examples = QPlainTextEdit("\n".join(spec.examples))
        self.keywords = QPlainTextEdit("\n".join(spec.keywords))
        for box, lines in (
            (self.definition, 3),
            (self.include, 2),
            (self.exclude, 2),
            (self.examples, 3),
            (self.keywords, 2),
        ):
            box.setTabChangesFocus(True)
            box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
        self.examples.setPlaceholderText(self.tr("One example per line"))
        self.keywords.setPlaceholderText(self.tr("One keyword per line (used for suggestions)"))
        self.key = QLineEdit(spec.key or "")
        self.key.setMaxLength(16)
        self.key.setPlaceholderText(self.tr("e.g. 1, q or F5"))
        self.color = spec.color
        self.color_button = QPushButton()
        self.color_button.clicked.connect(self._choose_color)
        self._show_color()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("English name"), self.name_en)
        form.addRow(self.tr("Definition"), self.definition)
        form.addRow(self.tr("Include when"), self.include)
        form.addRow(self.tr("Exclude when"), self.exclude)
        form.addRow(self.tr("Examples"), self.examples)
        form.addRow(self.tr("Keywords"), self.keywords)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key)
        key_row.addWidget(QLabel(self.tr("Colour")))
        key_row.addWidget(self.color_button)
        key_row.addStretch(1)
        form.addRow(self.tr("Shortcut key"), key_row)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b03a2e")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(560, 0)
        self.name.setFocus()

    def _show_color(self) -> None:
        self.color_button.setText(self.color)
        text = "#000000" if QColor(self.color).lightness() > 140 else "#ffffff"
        self.color_button.setStyleSheet(f"background: {self.color}; color: {text}")

    def _choose_color(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color), self, self.tr("Colour of the code"))
        if chosen.isValid():
            self.color = chosen.name()
            self._show_color()

    def problem_text(self) -> str | None:
        """What stops the dialog from closing, as a sentence; None when nothing does."""
        if not self.name.text().strip():
            return self.tr("A code needs a name.")
        key = self.key.text().strip()
        if not key:
            return None
        if key in self._code_keys:
            return (
                self.tr("The key %1 is already used by the code “%2”.")
                .replace("%1", key)
                .replace("%2", self._code_keys[key])
            )
        portable = QKeySequence(key).toString()
        if portable in self._window_keys or key in self._window_keys:
            holder = self._window_keys.get(portable) or self._window_keys.get(key, "")
            return (
                self.tr("The key %1 is already used by the window for “%2”.")
                .replace("%1", key)
                .replace("%2", holder)
            )
        if QKeySequence(key).isEmpty():
            return self.tr("“%1” is not a key Qt can bind; use a letter, digit or F-key.").replace(
                "%1", key
            )
        return None

    def accept(self) -> None:
        """Close when the fields are acceptable; otherwise say why and stay open."""
        problem = self.problem_text()
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()

    def spec(self) -> CodeSpec:
        """The code as edited (GUID, retired flag and children as they were)."""
        return CodeSpec(
            name=self.name.text().strip(),
            name_en=self.name_en.text().strip() or None,
            guid=self._spec.guid,
            color=self.color,
            key=self.key.text().strip() or None,
            definition=self.definition.toPlainText().strip(),
            include=self.include.toPlainText().strip(),
            exclude=self.exclude.toPlainText().strip(),
            examples=_lines(self.examples.toPlainText()),
            keywords=_lines(self.keywords.toPlainText()),
            retired=self._spec.retired,
        )

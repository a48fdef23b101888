"""The code dialog: every field of one code, for a new code or an existing one.

Name (either script), English name, definition, include and exclude rules, examples and keywords
(one per line), the shortcut key and the colour. The dialog checks what it can see before it
closes: a name is needed, and a key already taken by another code or by one of the window's own
keys is refused with a message naming the holder. The stored operation (codebook.operations
AddCode or UpdateCode) checks again, so two windows cannot slip a clash past each other.

`DeleteCodeDialog` asks what becomes of a used code's segments when it is deleted: moved to
another code, or deleted with it (one undoable step either way). Its OK button is enabled only
for a choice that can be carried out, so it never closes without doing anything.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from codebook.operations import DeleteCode
from codebook.spec import CodeSpec
from codebook.tree import CodeNode, CodeTree
from gui.plurals import counted


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


def _subtree_ids(node: CodeNode) -> set[int]:
    ids, stack = set(), [node]
    while stack:
        current = stack.pop()
        ids.add(current.id)
        stack.extend(current.children)
    return ids


class DeleteCodeDialog(QDialog):
    """What to do with a used code's segments when it is deleted: move them, or delete them.

    `segments` is the number of segments on the code and its sub-codes, every coder's (the
    codebook panel may show only the coder's own in blind mode). "Move" lists the codes that
    can take them (not retired, not under the code); with none, only deleting them is offered.
    """

    def __init__(
        self, node: CodeNode, tree: CodeTree, segments: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Delete code"))
        self.code_id = node.id
        inside = _subtree_ids(node)
        self.targets = [n for n in tree if n.id not in inside and not n.retired]
        what = counted(
            QCoreApplication.translate("DeleteCodeDialog", "%n segment(s)", "", segments),
            segments,
        )
        sub_codes = len(inside) - 1
        question = (
            self.tr("“%1” and its sub-codes have %2. What should happen to them?")
            if sub_codes
            else self.tr("“%1” has %2. What should happen to them?")
        )
        intro = QLabel(question.replace("%1", node.path_text).replace("%2", what))
        intro.setWordWrap(True)
        self.move_choice = QRadioButton(self.tr("Move them to:"))
        self.target = QComboBox()
        for target in self.targets:
            self.target.addItem(target.path_text, target.id)
        self.delete_choice = QRadioButton(
            self.tr("Delete them with the code (%1; Ctrl+Z brings them all back)").replace(
                "%1", what
            )
        )
        group = QButtonGroup(self)
        group.addButton(self.move_choice)
        group.addButton(self.delete_choice)
        self.nowhere = QLabel(self.tr("No other code can take them: add one first to move them."))
        self.nowhere.setWordWrap(True)
        self.nowhere.setStyleSheet("color: #5f6b73")
        if self.targets:
            self.move_choice.setChecked(True)
            self.nowhere.hide()
        else:
            self.move_choice.setEnabled(False)
            self.target.setEnabled(False)
            self.delete_choice.setChecked(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Delete code"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        group.buttonToggled.connect(lambda _button, _checked: self._update())
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_choice)
        move_row.addWidget(self.target, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(move_row)
        layout.addWidget(self.nowhere)
        layout.addWidget(self.delete_choice)
        layout.addWidget(self.buttons)
        self._update()
        self.resize(520, 0)

    def _update(self) -> None:
        self.target.setEnabled(self.move_choice.isChecked() and bool(self.targets))
        self.ok_button.setEnabled(
            self.delete_choice.isChecked() or (self.move_choice.isChecked() and bool(self.targets))
        )

    def operation(self) -> DeleteCode:
        """The deletion as chosen (call after the dialog was accepted)."""
        if self.move_choice.isChecked() and self.targets:
            return DeleteCode(self.code_id, reassign_to=int(self.target.currentData()))
        return DeleteCode(self.code_id, delete_segments=True)


def ask_delete_code(
    node: CodeNode, tree: CodeTree, segments: int, parent: QWidget | None = None
) -> DeleteCode | None:
    """The deletion of `node` the user chose; None when they cancelled.

    An unused code is deleted without a question (undo brings it back); a used one asks.
    """
    if not segments:
        return DeleteCode(node.id)
    dialog = DeleteCodeDialog(node, tree, segments, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.operation()

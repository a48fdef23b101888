"""The variable dialog: every field of one article-level variable, for a new one or an existing one.

Name, label and English label, description, type (in plain words: "Categories (nominal)"…),
required, the range of a number, and the allowed values of (ordered) categories: added,
relabelled, moved up and down, removed. What the dialog can see it checks before it tries:
a name is needed and must be free, the range must run upwards, categories need values and no
value twice. Then the window's `attempt` does the stored operation (codebook.operations
AddVariable or EditVariable); a refusal comes back as text and the dialog stays open with it,
so nothing is lost and nothing is half-done.

A variable with coded values keeps what EditVariable keeps: its type changes only between
categories and ordered categories, and a value in use is neither removed nor renamed (its
label may change). The dialog says so and locks those, rather than letting the operation
refuse after the fact. In blind mode a coder who is not the lead is told no numbers about
the other coders' values (`StoredValues.counted` is False).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from codebook.spec import LEVELS, ChoiceSpec, VariableSpec
from codebook.store import StoredValues
from gui.plurals import counted

CATEGORY_LEVELS = ("nominal", "ordinal")
NUMBER_LEVELS = ("interval", "ratio")
ERROR_STYLE = "color: #b03a2e"
# One attempt at the stored change: None when it was made, else why not (shown in the dialog).
Attempt = Callable[[VariableSpec], str | None]


def level_name(level: str) -> str:
    """A type in plain words, in the interface's language, the statistical term after it."""
    names = {
        "nominal": QCoreApplication.translate("VariableDialog", "Categories (nominal)"),
        "ordinal": QCoreApplication.translate("VariableDialog", "Ordered categories (ordinal)"),
        "interval": QCoreApplication.translate("VariableDialog", "Number, no true zero (interval)"),
        "ratio": QCoreApplication.translate("VariableDialog", "Number with a true zero (ratio)"),
        "date": QCoreApplication.translate("VariableDialog", "Date"),
        "text": QCoreApplication.translate("VariableDialog", "Free text"),
    }
    return names.get(level, level)


def _number(text: str) -> float | None:
    """A typed bound: None when blank; ValueError when it is not a number."""
    text = text.strip().replace("，", ".").replace(",", ".")
    return None if not text else float(text)


class VariableDialog(QDialog):
    """Edit a `VariableSpec`; OK tries the change through `attempt` and closes once made."""

    VALUE, LABEL, LABEL_EN = range(3)

    def __init__(
        self,
        spec: VariableSpec,
        taken_names: Collection[str],
        stored: StoredValues,
        attempt: Attempt,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        """`taken_names`: the other variables' names; `stored`: what is coded with it now."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self._spec = spec
        self._taken = set(taken_names)
        self._stored = stored
        self._attempt = attempt
        self._first_level = spec.level
        self.made: VariableSpec | None = None  # the spec stored, once OK succeeded
        self.name = QLineEdit(spec.name)
        self.name.setPlaceholderText(self.tr("Short, no spaces: the column name in exports"))
        self.label = QLineEdit(spec.label)
        self.label.setPlaceholderText(self.tr("What the coding sheet shows"))
        self.label_en = QLineEdit(spec.label_en or "")
        self.description = QPlainTextEdit(spec.description)
        self.description.setTabChangesFocus(True)
        lines = self.description.fontMetrics().lineSpacing()
        # At most four lines: the dialog's spare height belongs to the list of values.
        self.description.setMinimumHeight(lines * 2 + 12)
        self.description.setMaximumHeight(lines * 4 + 12)
        self.description.setPlaceholderText(self.tr("How to code it; shown in the field's tip"))
        self.level = QComboBox()
        for level in LEVELS:
            self.level.addItem(level_name(level), level)
        self.level.setCurrentIndex(max(0, self.level.findData(spec.level)))
        self.required = QCheckBox(self.tr("Required: asked for before an article is marked done"))
        self.required.setChecked(spec.required)
        self.minimum = QLineEdit("" if spec.minimum is None else f"{spec.minimum:g}")
        self.maximum = QLineEdit("" if spec.maximum is None else f"{spec.maximum:g}")
        for bound in (self.minimum, self.maximum):
            bound.setPlaceholderText(self.tr("no limit"))
        range_row = QHBoxLayout()
        range_row.addWidget(QLabel(self.tr("from")))
        range_row.addWidget(self.minimum)
        range_row.addWidget(QLabel(self.tr("to")))
        range_row.addWidget(self.maximum)
        self.range_box = QWidget()
        self.range_box.setLayout(range_row)
        range_row.setContentsMargins(0, 0, 0, 0)
        self.values_box = self._build_values(spec.values)
        self.locked_note = QLabel()
        self.locked_note.setWordWrap(True)
        self.locked_note.setStyleSheet("color: #5f6b73")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Label"), self.label)
        self.form.addRow(self.tr("English label"), self.label_en)
        self.form.addRow(self.tr("Description"), self.description)
        self.form.addRow(self.tr("Type"), self.level)
        self.form.addRow("", self.required)
        self.form.addRow(self.tr("Range"), self.range_box)
        self.form.addRow(self.tr("Values"), self.values_box)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.locked_note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._lock_for_stored_values()
        self.level.currentIndexChanged.connect(lambda _i: self._show_level_fields())
        self._show_level_fields()
        self.resize(620, 0)
        self.name.setFocus()

    # -- the allowed values --------------------------------------------------------------------

    def _build_values(self, values: list[ChoiceSpec]) -> QWidget:
        self.values = QTableWidget(0, 3)
        self.values.setHorizontalHeaderLabels(
            [self.tr("Stored value"), self.tr("Label"), self.tr("English label")]
        )
        self.values.verticalHeader().hide()
        header = self.values.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.values.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.values.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.values.setMinimumHeight(self.values.verticalHeader().defaultSectionSize() * 5 + 30)
        for choice in values:
            self._append_value(choice)
        self.add_button = QPushButton(self.tr("Add value"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.up_button = QPushButton(self.tr("Up"))
        self.down_button = QPushButton(self.tr("Down"))
        self.add_button.clicked.connect(self.add_value)
        self.remove_button.clicked.connect(self.remove_value)
        self.up_button.clicked.connect(lambda: self.move_value(-1))
        self.down_button.clicked.connect(lambda: self.move_value(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel(self.tr("Blank stored value: the label is stored."))
        hint.setStyleSheet("color: #5f6b73")
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.values)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        return box

    def _uses(self, value: str) -> int:
        return self._stored.by_value.get(value, 0)

    def _append_value(self, choice: ChoiceSpec) -> int:
        row = self.values.rowCount()
        self.values.insertRow(row)
        stored = QTableWidgetItem(choice.value)
        uses = self._uses(choice.value)
        if uses:
            # EditVariable keeps a value in use: its stored text is fixed, its labels are not.
            stored.setFlags(stored.flags() & ~Qt.ItemFlag.ItemIsEditable)
            tip = (
                counted(
                    self.tr("Coded %n time(s): its labels can change, it stays.", "", uses), uses
                )
                if self._stored.counted
                else self.tr("Already coded: its labels can change, it stays.")
            )
            stored.setToolTip(tip)
        stored.setData(Qt.ItemDataRole.UserRole, choice.value if uses else None)
        self.values.setItem(row, self.VALUE, stored)
        self.values.setItem(row, self.LABEL, QTableWidgetItem(choice.label))
        self.values.setItem(row, self.LABEL_EN, QTableWidgetItem(choice.label_en or ""))
        return row

    def add_value(self) -> None:
        """A new empty row, its label ready to be typed."""
        row = self._append_value(ChoiceSpec(""))
        self.values.setCurrentCell(row, self.LABEL)
        self.values.editItem(self.values.item(row, self.LABEL))

    def remove_value(self) -> None:
        """Remove the chosen value, unless coded values use it (then say why it stays)."""
        row = self.values.currentRow()
        if row < 0:
            return
        kept = self.values.item(row, self.VALUE).data(Qt.ItemDataRole.UserRole)
        if kept:
            uses = self._uses(kept)
            text = (
                counted(
                    self.tr(
                        "“%1” is coded %n time(s) and cannot be removed; recode those first, "
                        "or retire the whole variable.",
                        "",
                        uses,
                    ),
                    uses,
                )
                if self._stored.counted
                else self.tr(
                    "“%1” is already coded and cannot be removed; ask the lead, or retire the "
                    "whole variable."
                )
            )
            self._show_problem(text.replace("%1", kept))
            return
        self.values.removeRow(row)

    def move_value(self, step: int) -> None:
        """Move the chosen value up (-1) or down (1): the order the sheet lists them in."""
        row = self.values.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.values.rowCount():
            return
        taken = [self.values.takeItem(row, column) for column in range(3)]
        moved = [self.values.takeItem(target, column) for column in range(3)]
        for column in range(3):
            self.values.setItem(target, column, taken[column])
            self.values.setItem(row, column, moved[column])
        self.values.setCurrentCell(target, self.values.currentColumn())

    def _choices(self) -> list[ChoiceSpec]:
        choices = []
        for row in range(self.values.rowCount()):
            texts = [
                (self.values.item(row, column) or QTableWidgetItem()).text().strip()
                for column in range(3)
            ]
            value, label, label_en = texts
            if not value and not label and not label_en:
                continue  # a row added and left empty
            choices.append(ChoiceSpec(value or label, label, label_en or None))
        return choices

    # -- the type and what it allows -----------------------------------------------------------

    def _lock_for_stored_values(self) -> None:
        """A coded variable changes type only between the two kinds of categories."""
        if not self._stored.total:
            self.locked_note.hide()
            return
        model = self.level.model()
        soft = self._first_level in CATEGORY_LEVELS
        for index in range(self.level.count()):
            level = self.level.itemData(index)
            allowed = level == self._first_level or (soft and level in CATEGORY_LEVELS)
            item = model.item(index)  # type: ignore[attr-defined]
            item.setEnabled(allowed)
        if self._stored.counted:
            total = self._stored.total
            text = counted(self.tr("Values coded with this variable so far: %n.", "", total), total)
        else:
            text = self.tr("Values are already coded with this variable.")
        # Chinese sentences follow each other without a space.
        space = "" if text.endswith("。") else " "
        if soft:
            text += space + self.tr(
                "Its type can change only between categories and ordered categories, and a "
                "value in use cannot be removed; labels can change. Stored values are kept."
            )
        else:
            text += space + self.tr(
                "Its type cannot change any more. To code it another way, retire it (its values "
                "are kept) and make a new variable."
            )
        self.locked_note.setText(text)
        self.locked_note.show()

    def current_level(self) -> str:
        """The type chosen (one of codebook.spec.LEVELS)."""
        return str(self.level.currentData())

    def _show_level_fields(self) -> None:
        level = self.current_level()
        self.form.setRowVisible(self.range_box, level in NUMBER_LEVELS)
        self.form.setRowVisible(self.values_box, level in CATEGORY_LEVELS)
        self.adjustSize()

    # -- checking and closing ------------------------------------------------------------------

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def problem_text(self) -> str | None:
        """What the dialog can tell is wrong, as a sentence; None when it sees nothing."""
        name = self.name.text().strip()
        if not name:
            return self.tr("A variable needs a name.")
        if name in self._taken:
            return self.tr(
                "Another variable is already called “%1” (retired ones count too); choose "
                "another name."
            ).replace("%1", name)
        level = self.current_level()
        if level in NUMBER_LEVELS:
            try:
                low, high = _number(self.minimum.text()), _number(self.maximum.text())
            except ValueError:
                return self.tr("The range takes numbers, such as 0 or 2.5; leave blank for none.")
            if low is not None and high is not None and low > high:
                return (
                    self.tr("The range runs from %1 to %2: the smallest is above the largest.")
                    .replace("%1", f"{low:g}")
                    .replace("%2", f"{high:g}")
                )
        if level in CATEGORY_LEVELS:
            choices = self._choices()
            if not choices:
                return self.tr("Categories need their values: add at least one.")
            seen: set[str] = set()
            for choice in choices:
                if choice.value in seen:
                    return self.tr("The value “%1” is listed twice.").replace("%1", choice.value)
                seen.add(choice.value)
        return None

    def spec(self) -> VariableSpec:
        """The variable as edited (call when `problem_text` is None)."""
        level = self.current_level()
        numbers = level in NUMBER_LEVELS
        return VariableSpec(
            name=self.name.text().strip(),
            level=level,
            label=self.label.text().strip(),
            label_en=self.label_en.text().strip() or None,
            description=self.description.toPlainText().strip(),
            guid=self._spec.guid,
            required=self.required.isChecked(),
            values=self._choices() if level in CATEGORY_LEVELS else [],
            minimum=_number(self.minimum.text()) if numbers else None,
            maximum=_number(self.maximum.text()) if numbers else None,
            retired=self._spec.retired,
        )

    def accept(self) -> None:
        """Make the change; close once it is made, else say why and stay open."""
        problem = self.problem_text()
        if problem is None:
            spec = self.spec()
            problem = self._attempt(spec)
            if problem is None:
                self.made = spec
                super().accept()
                return
        self._show_problem(problem)

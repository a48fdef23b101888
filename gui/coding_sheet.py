"""The coding sheet: one widget per article-level variable, saved the moment it changes.

Nominal and ordinal variables get a list of their allowed values (in the codebook's order),
numbers a line with the range shown, dates a line taking the ways people in China write a date
(stored as YYYY-MM-DD, see coding/values.py), free text a text line.

A typed value the variable does not accept is never cleared silently: the typed text stays in
its field with the reason beside it, in the interface's language and with the variable's label,
until the coder corrects or clears it, also after moving to another article and back (the
status bar then says it was not saved). With no variables, the sheet says where they come from
and offers the codebook import.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from coding.values import ValueRefused, normalise_value
from coding.workspace import VariableInfo

ERROR_STYLE = "color: #b03a2e;"
ERROR_FRAME = "border: 1px solid #b03a2e;"


class ChoiceBox(QComboBox):
    """A list of values that elides its current value rather than cutting it off.

    The sheet's column is narrow (a few characters of value, see MainWindow._load_codebook):
    the current value ends in "…" with the whole of it in the tooltip, and the opened list is
    as wide as its longest value.
    """

    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description
        self.currentIndexChanged.connect(lambda _i: self._update_tooltip())
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        current = self.currentText() if self.currentData() is not None else ""
        self.setToolTip("\n".join(text for text in (current, self.description) if text))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        room = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, room.width()
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def showPopup(self) -> None:
        metrics = self.view().fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0
        )
        frame = 2 * self.view().frameWidth() + self.view().verticalScrollBar().sizeHint().width()
        self.view().setMinimumWidth(max(self.width(), widest + frame + 24))
        super().showPopup()


class CodingSheet(QWidget):
    """Edits one coder's variable values for the current article."""

    value_changed = Signal(int, object)  # variable id, new text or None
    import_requested = Signal()  # the empty sheet's "Import a codebook…"
    status_message = Signal(str)  # what happened, for the window's status bar

    def __init__(self, english: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.english = english
        # The article whose values are shown; the window says which is open (Docks), so a
        # refresh of the same article keeps what the coder typed and a new one scrolls up.
        self.current_article: Callable[[], int | None] = lambda: None
        self.article_id: int | None = None
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.empty = self._build_empty_state()
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.editors: dict[int, QComboBox | QLineEdit] = {}
        self.errors: dict[int, QLabel] = {}
        self.variables: list[VariableInfo] = []
        # Text typed that could not be stored, by (article, variable): shown again with its
        # reason until corrected or cleared.
        self.unsaved: dict[tuple[int, int], tuple[str, str]] = {}  # -> (text, reason shown)
        self._loading = False

    def _build_empty_state(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty_text = QLabel(
            self.tr(
                "No article variables yet. Article variables are the questions answered once "
                "per article (outlet type, tone, event date…). They are written in the codebook "
                "file after its codes (Help > Documentation shows how): import a codebook "
                "that has them."
            )
        )
        self.empty_text.setWordWrap(True)
        self.empty_text.setTextFormat(Qt.TextFormat.RichText)
        self.empty_button = QPushButton(self.tr("Import a codebook…"))
        self.empty_button.clicked.connect(self.import_requested)
        layout.addWidget(self.empty_text)
        layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def name_of(self, variable: VariableInfo) -> str:
        """The variable's label in the interface's language (its name if it has none)."""
        return (
            variable.label_en if self.english and variable.label_en else variable.label
        ) or variable.name

    def _label(self, variable: VariableInfo) -> str:
        return self.name_of(variable) + (" *" if variable.required else "")

    def set_variables(self, variables: list[VariableInfo]) -> None:
        """Build one editor per variable."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self.errors.clear()
        self.variables = variables
        self.empty.setVisible(not variables)
        for variable in variables:
            editor: QComboBox | QLineEdit
            if variable.level in ("nominal", "ordinal"):
                combo = ChoiceBox(variable.description or variable.name)
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
                    line.setPlaceholderText(self.tr("e.g. 2025-01-16 or 2025年1月16日"))
                line.editingFinished.connect(lambda v=variable, e=line: self._edited(v, e))
                line.setToolTip(variable.description or variable.name)
                editor = line
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            field = QWidget()
            column = QVBoxLayout(field)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(error)
            self.editors[variable.id] = editor
            self.errors[variable.id] = error
            self.form.addRow(self._label(variable), field)

    def show_values(self, values: dict[int, str], article_id: int | None = None) -> None:
        """Show a coder's stored values for the article (by default the window's open one).

        Text typed in this article that could not be stored is shown again over them, with its
        reason; a new article starts at the top of the sheet.
        """
        article = article_id if article_id is not None else self.current_article()
        if article != self.article_id:
            self._tell_left_unsaved(self.article_id)
            self.article_id = article
            self._scroll_to_top()
        self._loading = True
        try:
            for variable_id, editor in self.editors.items():
                value = values.get(variable_id)
                if isinstance(editor, QComboBox):
                    index = editor.findData(value) if value is not None else 0
                    editor.setCurrentIndex(max(index, 0))
                else:
                    editor.setText(value or "")
                    editor.setModified(False)
                self._set_error(variable_id, None)
            for (unsaved_article, variable_id), (text, reason) in self.unsaved.items():
                editor = self.editors.get(variable_id)
                if unsaved_article == article and isinstance(editor, QLineEdit):
                    editor.setText(text)
                    editor.setModified(False)
                    self._set_error(variable_id, reason)
            self.message.clear()
            self.message.hide()
        finally:
            self._loading = False

    def _tell_left_unsaved(self, article_id: int | None) -> None:
        names = [
            self.tr("%1 “%2”")
            .replace("%1", self.name_of(v))
            .replace("%2", self.unsaved[(article_id, v.id)][0])
            for v in self.variables
            if article_id is not None and (article_id, v.id) in self.unsaved
        ]
        if names:
            self.status_message.emit(
                self.tr("Not saved in the article you left: %1. Correct it there.").replace(
                    "%1", self.tr(", ").join(names)
                )
            )

    def _scroll_to_top(self) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.verticalScrollBar().setValue(0)

    def unsaved_names(self, article_id: int) -> list[str]:
        """The labels of the variables holding typed text not stored, for this article."""
        return [self.name_of(v) for v in self.variables if (article_id, v.id) in self.unsaved]

    def commit_edits(self) -> None:
        """Take a field's typed text as if the coder had left it (Ctrl+D leaves no field)."""
        for variable in self.variables:
            editor = self.editors.get(variable.id)
            if isinstance(editor, QLineEdit) and editor.isModified():
                self._edited(variable, editor)

    def show_error(self, message: str) -> None:
        """Say why something on the sheet failed that belongs to no one field."""
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def refuse(self, variable_id: int, text: str | None, reason: str) -> None:
        """The project refused to store `text`: keep it in its field with the reason beside."""
        editor = self.editors.get(variable_id)
        if self.article_id is not None and text and isinstance(editor, QLineEdit):
            self.unsaved[(self.article_id, variable_id)] = (text, reason)
        self._set_error(variable_id, reason)

    def _set_error(self, variable_id: int, reason: str | None) -> None:
        error = self.errors.get(variable_id)
        editor = self.editors.get(variable_id)
        if error is None or editor is None:
            return
        if not reason and error.isHidden():
            return  # nothing to take away: a stylesheet change on every article open costs
        error.setText(reason or "")
        error.setVisible(bool(reason))
        editor.setStyleSheet(ERROR_FRAME if reason else "")

    def problem_text(self, variable: VariableInfo, refused: ValueRefused) -> str:
        """Why a typed value was refused, in the interface's language, naming the variable."""
        name = self.name_of(variable)
        if refused.reason == "not_number":
            text = self.tr("%1: “%2” is not a number.")
        elif refused.reason == "below_minimum":
            text = self.tr("%1: %2 is below the smallest allowed, %3.")
        elif refused.reason == "above_maximum":
            text = self.tr("%1: %2 is above the largest allowed, %3.")
        elif refused.reason == "not_date":
            text = self.tr(
                "%1: “%2” is not a date. Write it as 2025-01-16, 2025/1/16 or 2025年1月16日."
            )
        elif refused.reason == "not_allowed":
            text = self.tr("%1: “%2” is not one of its values.")
        else:  # unstorable: too long, or characters a project cannot hold
            text = self.tr("%1: this text cannot be stored (too long, or a control character).")
        limit = "" if refused.limit is None else f"{refused.limit:g}"
        shown = refused.text if len(refused.text) <= 40 else refused.text[:40] + "…"
        text = text.replace("%1", name).replace("%2", shown).replace("%3", limit)
        return self.tr("%1 Not saved.").replace("%1", text)

    def _edited(self, variable: VariableInfo, line: QLineEdit) -> None:
        # editingFinished also fires when focus merely leaves the field: save only a real edit,
        # so an editor that was never touched cannot overwrite a stored value.
        if not line.isModified() or self._loading:
            return
        line.setModified(False)
        typed = line.text()
        key = (self.article_id, variable.id) if self.article_id is not None else None
        if not typed.strip():
            if key is not None:
                self.unsaved.pop(key, None)
            self._set_error(variable.id, None)
            self._changed(variable, None)
            return
        try:
            value = normalise_value(
                self.name_of(variable),
                variable.level,
                typed,
                tuple(c[0] for c in variable.choices),
                {c[1]: c[0] for c in variable.choices if c[1]},
                variable.minimum,
                variable.maximum,
            )
        except ValueRefused as refused:
            reason = self.problem_text(variable, refused)
            if key is not None:
                self.unsaved[key] = (typed, reason)
            self._set_error(variable.id, reason)
            self.status_message.emit(reason)
            return
        if key is not None:
            self.unsaved.pop(key, None)
        self._set_error(variable.id, None)
        if value != typed:
            line.setText(value)  # 2025/1/16 shows as stored: 2025-01-16
            line.setModified(False)
        self._changed(variable, value)

    def _changed(self, variable: VariableInfo, value: object) -> None:
        if not self._loading:
            self.message.clear()
            self.message.hide()
            self.value_changed.emit(variable.id, value)

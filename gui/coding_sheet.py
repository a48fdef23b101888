"""The coding sheet: one widget per article-level variable, saved the moment it changes.

Nominal and ordinal variables get a list of their allowed values (in the codebook's order),
numbers a line with the range shown, dates a line taking the ways people in China write a date
(stored as YYYY-MM-DD, see coding/values.py), free text a text line.

A typed value the variable does not accept is never cleared silently: the typed text stays in
its field with the reason under it, in the interface's language and with the variable's label,
until the coder corrects or clears it, also after moving to another article and back (the
status bar then says it was not saved) and through a rebuild of the window in another language
(`kept_values` / `keep_values`, the reason worded again in the new language). With no
variables, the sheet says where they come from and offers a new variable or the codebook
import. A right-click on a field's label (or on the sheet) offers "New variable…", "Edit
variable…", "Retire variable" and the retired ones to bring back; the sheet only asks (its
signals), the window does the change (gui/docks.py), and the sheet is rebuilt at once.

The reason sits in a line of its own under the field, across the sheet's whole width (a narrow
column wraps it, never cuts it). Number and date fields keep that line even without a reason,
showing what they take (the range, the ways of writing a date), so a refusal takes the place of
the hint instead of pushing the fields below down; a line keeps the height it reached while
the article stays open, so correcting the value does not pull them back up either.

A list of values shows its whole current value: it takes the width of the sheet's column and
wraps a value too long for one line onto more lines (the tooltip repeats it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
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
WRAPPED = Qt.TextFlag.TextWordWrap  # CJK text breaks between characters, other text at spaces


@dataclass(frozen=True)
class Refusal:
    """Why the sheet refused a typed value, as data (coding.values.ValueRefused's details), so
    the reason can be worded again in another language.
    """

    reason: str  # one of ValueRefused.REASONS
    text: str
    limit: float | None = None


@dataclass(frozen=True)
class KeptValue:
    """Typed text not stored, with its reason: what a rebuilt sheet takes over (`keep_values`).

    `refusal` is None when the project refused the value (its words, `reason`, are kept as
    they are); otherwise the new sheet words the reason again in its language.
    """

    article_id: int
    variable_id: int
    text: str
    reason: str
    refusal: Refusal | None = None


class ChoiceBox(QComboBox):
    """A list of values that shows its whole current value, on more lines when it must.

    The sheet's column is narrow (the window asks only a short value's width of it, see
    MainWindow._load_codebook): the box takes the column's whole width and wraps a longer value
    onto a second or third line, growing in height, so the coder reads what is chosen without
    opening the list. The tooltip repeats it, and the opened list is as wide as its longest
    value.
    """

    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.currentIndexChanged.connect(lambda _i: self._current_changed())
        self._update_tooltip()

    def _current_changed(self) -> None:
        self._update_tooltip()
        self._fit_height()

    def _update_tooltip(self) -> None:
        current = self.currentText() if self.currentData() is not None else ""
        self.setToolTip("\n".join(text for text in (current, self.description) if text))

    def _text_room(self, option: QStyleOptionComboBox) -> QRect:
        return self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )

    def text_room(self) -> QRect:
        """Where the current value is drawn, in the box as it is now."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self._text_room(option)

    def wrapped_height(self, width: int) -> int:
        """The height showing the current value whole at this width (one line's at least)."""
        one_line = super().sizeHint().height()
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, width, one_line)
        room = self._text_room(option)
        metrics = self.fontMetrics()
        needed = metrics.boundingRect(
            QRect(0, 0, max(room.width(), 1), 100_000), WRAPPED, self.currentText()
        ).height()
        return one_line + max(0, needed - metrics.height())

    def _fit_height(self) -> None:
        height = self.wrapped_height(self.width())
        if height != self.height() or height != self.minimumHeight():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()  # only a new width re-wraps: no loop through the height

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.drawText(
            self._text_room(option),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | int(WRAPPED),
            option.currentText,
        )

    def showPopup(self) -> None:
        metrics = self.view().fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0
        )
        frame = 2 * self.view().frameWidth() + self.view().verticalScrollBar().sizeHint().width()
        self.view().setMinimumWidth(max(self.width(), widest + frame + 24))
        super().showPopup()


class FieldNote(QWidget):
    """The line under a field: what the field takes (grey), or why a value was refused (red).

    Its labels wrap at the width the sheet gives (`fit`): QFormLayout does not pass a nested
    label's height-for-width on, so a wrapped reason used to be squeezed into fewer lines than
    it needs and cut off in a narrow column. It keeps the greatest height it needed while one
    article stays open (`forget_height` when another opens): a corrected value's reason goes
    without the fields below moving up.
    """

    def __init__(self, hint: str) -> None:
        super().__init__()
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        for label in (self.hint, self.error):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.kept_height = 0
        self.width_given = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        self.hint.setVisible(bool(hint))
        self.setVisible(bool(hint))

    def show_reason(self, reason: str | None) -> None:
        """Show why the value was refused, or (None) the hint again."""
        self.error.setText(reason or "")
        self.error.setVisible(bool(reason))
        self.hint.setVisible(not reason and bool(self.hint.text()))
        self.setVisible(bool(reason) or bool(self.hint.text()) or self.kept_height > 0)
        self.fit(self.width_given)

    def fit(self, width: int) -> None:
        """Wrap the shown text at `width` and ask for the height it needs (see the class).

        A new width starts afresh: the layout moves then anyway, and a height kept from a
        narrower column would leave a gap.
        """
        if width != self.width_given:
            self.kept_height = 0
        self.width_given = width
        if width <= 0:
            return
        shown = self.error if self.error.isVisibleTo(self) else self.hint
        needed = max(shown.heightForWidth(width), 0) if shown.text() else 0
        if shown is self.error:
            self.kept_height = max(self.kept_height, needed)
        # Exactly this height: a wrapped label's own size hint guesses at another width.
        self.setFixedHeight(max(self.kept_height, needed))

    def forget_height(self) -> None:
        """Another article: the note is as tall as what it shows now."""
        self.kept_height = 0
        self.setVisible(self.error.isVisibleTo(self) or bool(self.hint.text()))
        self.fit(self.width_given)


class CodingSheet(QWidget):
    """Edits one coder's variable values for the current article."""

    value_changed = Signal(int, object)  # variable id, new text or None
    import_requested = Signal()  # the empty sheet's "Import a codebook…"
    status_message = Signal(str)  # what happened, for the window's status bar
    new_variable_requested = Signal()  # "New variable…" on the sheet
    edit_variable_requested = Signal(int)  # "Edit variable…" on a field's label: its id
    retire_variable_requested = Signal(int)  # "Retire variable" on a field's label: its id
    unretire_variable_requested = Signal(int)  # "Bring back" of a retired variable: its id

    def __init__(self, english: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.english = english
        # The article whose values are shown; the window says which is open (Docks), so a
        # refresh of the same article keeps what the coder typed and a new one scrolls up.
        self.current_article: Callable[[], int | None] = lambda: None
        # The retired variables (id, label), for the menu's "Bring back"; the window says which.
        self.retired_variables: Callable[[], list[tuple[int, str]]] = lambda: []
        self.article_id: int | None = None
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.empty = self._build_empty_state()
        self.column = QVBoxLayout(self)
        self.column.addWidget(self.empty)
        self.column.addLayout(self.form)
        self.column.addWidget(self.message)
        self.column.addStretch(1)
        self.editors: dict[int, QComboBox | QLineEdit] = {}
        self.notes: dict[int, FieldNote] = {}  # the line under each field
        self.errors: dict[int, QLabel] = {}  # each note's reason, shown when there is one
        self.labels: dict[int, QLabel] = {}  # each field's label: right-click edits the variable
        self.variables: list[VariableInfo] = []
        # Text typed that could not be stored, by (article, variable): shown again with its
        # reason until corrected or cleared.
        self.unsaved: dict[tuple[int, int], KeptValue] = {}
        self._loading = False
        # The field `show_field` scrolls to while the sheet settles, and until when.
        self._field_to_show: int | None = None
        self._show_until = 0.0
        self._follows_range = False

    def _build_empty_state(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty_text = QLabel(
            self.tr(
                "No article variables yet. Article variables are the questions answered once "
                "per article (outlet type, tone, event date…). Make one here, or import a "
                "codebook file that has them (Help > Documentation shows how to write one)."
            )
        )
        self.empty_text.setWordWrap(True)
        self.empty_text.setTextFormat(Qt.TextFormat.RichText)
        self.empty_new_button = QPushButton(self.tr("New variable…"))
        self.empty_new_button.clicked.connect(self.new_variable_requested)
        self.empty_button = QPushButton(self.tr("Import a codebook…"))
        self.empty_button.clicked.connect(self.import_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty_new_button)
        buttons.addWidget(self.empty_button)
        buttons.addStretch(1)
        layout.addWidget(self.empty_text)
        layout.addLayout(buttons)
        return box

    def field_menu(self, variable_id: int | None) -> QMenu:
        """The menu of a field's label (`variable_id`), or of the sheet (None): new, edit,
        retire. Built on each right-click, so it speaks the window's language.
        """
        menu = QMenu(self)
        menu.addAction(self.tr("New variable…"), self.new_variable_requested.emit)
        if variable_id is not None:
            menu.addAction(
                self.tr("Edit variable…"), lambda: self.edit_variable_requested.emit(variable_id)
            )
            menu.addAction(
                self.tr("Retire variable"),
                lambda: self.retire_variable_requested.emit(variable_id),
            )
        retired = self.retired_variables()
        if retired:
            back = menu.addMenu(self.tr("Bring back a retired variable"))
            for retired_id, name in retired:
                back.addAction(name, lambda v=retired_id: self.unretire_variable_requested.emit(v))
        return menu

    def _open_field_menu(self, label: QLabel, variable_id: int, at: QPoint) -> None:
        menu = self.field_menu(variable_id)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(label.mapToGlobal(at))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """A right-click between the fields: "New variable…"."""
        menu = self.field_menu(None)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

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
        self.notes.clear()
        self.errors.clear()
        self.labels.clear()
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
                if variable.level in ("interval", "ratio") and self._hint(variable) == "":
                    line.setPlaceholderText(self.tr("a number"))
                line.editingFinished.connect(lambda v=variable, e=line: self._edited(v, e))
                line.setToolTip(variable.description or variable.name)
                # The red frame of a refusal is a style sheet, which draws a thinner frame than
                # the style's: without this the field shrank and everything below it moved.
                line.setMinimumHeight(line.sizeHint().height())
                editor = line
            # The note spans the row under the field: the whole column's width to wrap in.
            note = FieldNote(self._hint(variable))
            note.fit(self._note_width())
            self.editors[variable.id] = editor
            self.notes[variable.id] = note
            self.errors[variable.id] = note.error
            label = QLabel(self._label(variable))
            label.setBuddy(editor)
            label.setToolTip(self.tr("Right-click to edit or retire this variable"))
            label.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            label.customContextMenuRequested.connect(
                lambda at, lab=label, v=variable.id: self._open_field_menu(lab, v, at)
            )
            self.labels[variable.id] = label
            self.form.addRow(label, editor)
            self.form.addRow(note)

    def _hint(self, variable: VariableInfo) -> str:
        """What a typed field takes, shown under it (empty: nothing worth a line)."""
        if variable.level == "date":
            return self.tr("e.g. 2025-01-16 or 2025年1月16日")
        if variable.level not in ("interval", "ratio"):
            return ""
        low = None if variable.minimum is None else f"{variable.minimum:g}"
        high = None if variable.maximum is None else f"{variable.maximum:g}"
        if low is not None and high is not None:
            return self.tr("A number from %1 to %2").replace("%1", low).replace("%2", high)
        if low is not None:
            return self.tr("A number, at least %1").replace("%1", low)
        if high is not None:
            return self.tr("A number, at most %1").replace("%1", high)
        return ""

    def _note_width(self) -> int:
        """The width of a row spanning the form: the sheet's less its margins."""
        margins = self.column.contentsMargins()
        return self.contentsRect().width() - margins.left() - margins.right()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            width = self._note_width()
            for note in self.notes.values():
                note.fit(width)

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
            for note in self.notes.values():
                if note.kept_height:
                    note.forget_height()
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
            for (unsaved_article, variable_id), kept in self.unsaved.items():
                field = self.editors.get(variable_id)
                if unsaved_article == article and isinstance(field, QLineEdit):
                    field.setText(kept.text)
                    field.setModified(False)
                    self._set_error(variable_id, kept.reason)
            self.message.clear()
            self.message.hide()
        finally:
            self._loading = False

    def _tell_left_unsaved(self, article_id: int | None) -> None:
        names = [
            self.tr("%1 “%2”")
            .replace("%1", self.name_of(v))
            .replace("%2", self.unsaved[(article_id, v.id)].text)
            for v in self.variables
            if article_id is not None and (article_id, v.id) in self.unsaved
        ]
        if names:
            self.status_message.emit(
                self.tr("Not saved in the article you left: %1. Correct it there.").replace(
                    "%1", self.tr(", ").join(names)
                )
            )

    def _scroll_area(self) -> QScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        return parent

    def _scroll_to_top(self) -> None:
        self._field_to_show = None  # another article: the top wins over a field just made
        area = self._scroll_area()
        if area is not None:
            area.verticalScrollBar().setValue(0)

    def show_field(self, variable_id: int) -> None:
        """Scroll the sheet to one field and put the cursor in it.

        A variable just made or brought back lands at the foot of the sheet, below the fold
        of a 720-pixel screen: without this the coder saw "added" and no field anywhere.
        """
        editor = self.editors.get(variable_id)
        if editor is None:
            return
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        area = self._scroll_area()
        if area is None:
            return
        # The sheet rebuilt a moment ago grows in steps (the scroll area resizes it, then the
        # notes under the fields wrap to the new width): each step changes the scroll range,
        # so scroll again on each, for a moment, and not later when the coder scrolls.
        self._field_to_show = variable_id
        self._show_until = time.monotonic() + 1.0
        if not self._follows_range:
            area.verticalScrollBar().rangeChanged.connect(self._range_changed)
            self._follows_range = True
        QTimer.singleShot(0, self._scroll_to_field)

    def _range_changed(self, _minimum: int, _maximum: int) -> None:
        if self._field_to_show is not None and time.monotonic() < self._show_until:
            QTimer.singleShot(0, self._scroll_to_field)

    def _scroll_to_field(self) -> None:
        area = self._scroll_area()
        variable_id = self._field_to_show
        editor = self.editors.get(variable_id) if variable_id is not None else None
        if area is None or variable_id is None or editor is None:
            return
        note = self.notes.get(variable_id)
        area.ensureWidgetVisible(note if note is not None else editor, 0, 8)
        area.ensureWidgetVisible(self.labels[variable_id], 0, 8)

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
        """The project refused to store `text`: keep it in its field with the reason under it."""
        editor = self.editors.get(variable_id)
        if self.article_id is not None and text and isinstance(editor, QLineEdit):
            self.unsaved[(self.article_id, variable_id)] = KeptValue(
                self.article_id, variable_id, text, reason
            )
        self._set_error(variable_id, reason)

    def kept_values(self) -> tuple[KeptValue, ...]:
        """Every typed text not stored, with its reason: for a sheet that replaces this one."""
        return tuple(self.unsaved.values())

    def keep_values(self, kept: Iterable[KeptValue]) -> None:
        """Take over what another sheet kept (a window rebuilt in another language): the
        reasons worded again in this sheet's language, shown at once for the open article.
        """
        by_id = {v.id: v for v in self.variables}
        for value in kept:
            variable = by_id.get(value.variable_id)
            if variable is None:
                continue  # the variable is gone from the codebook
            reason = value.reason
            if value.refusal is not None:
                reason = self.problem_text(variable, value.refusal)
            self.unsaved[(value.article_id, value.variable_id)] = KeptValue(
                value.article_id, value.variable_id, value.text, reason, value.refusal
            )
            editor = self.editors.get(value.variable_id)
            if value.article_id == self.article_id and isinstance(editor, QLineEdit):
                editor.setText(value.text)
                editor.setModified(False)
                self._set_error(value.variable_id, reason)

    def _set_error(self, variable_id: int, reason: str | None) -> None:
        note = self.notes.get(variable_id)
        editor = self.editors.get(variable_id)
        if note is None or editor is None:
            return
        if not reason and note.error.isHidden():
            return  # nothing to take away: a stylesheet change on every article open costs
        note.show_reason(reason)
        editor.setStyleSheet(ERROR_FRAME if reason else "")

    def problem_text(self, variable: VariableInfo, refused: ValueRefused | Refusal) -> str:
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
            refusal = Refusal(refused.reason, refused.text, refused.limit)
            reason = self.problem_text(variable, refusal)
            if key is not None:
                self.unsaved[key] = KeptValue(key[0], key[1], typed, reason, refusal)
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

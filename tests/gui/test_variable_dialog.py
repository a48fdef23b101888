"""Variables made and changed in the window: Coding > New variable…, the right-click menu of a
field's label on the coding sheet (Edit variable…, Retire variable), the variable dialog's
checks and the operation's refusals shown in it, undo, blind mode, and the dialog in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from coding.coders import ensure_coder
from coding.values import SetValue
from coding.workspace import Workspace
from gui.app import install_language
from gui.main_window import MainWindow
from gui.variable_dialog import VariableDialog
from models.entities import Variable, VariableValue
from tests.gui.test_no_english import english_words

WINDOW_SIZE = (1280, 720)
CHOICES = [("red", "红色", "Red"), ("amber", "黄色", "Amber"), ("green", "绿色", "Green")]


def _dialog(window: MainWindow, variable_id: int | None = None) -> VariableDialog:
    made = window.variable_dialog(variable_id)
    assert made is not None
    dialog, _before = made
    return dialog


def _fill_nominal(dialog: VariableDialog, name: str = "alert_level") -> None:
    dialog.name.setText(name)
    dialog.label.setText("预警等级")
    dialog.label_en.setText("Alert level")
    dialog.level.setCurrentIndex(dialog.level.findData("nominal"))
    for value, label, label_en in CHOICES:
        dialog.add_value()
        row = dialog.values.rowCount() - 1
        dialog.values.item(row, dialog.VALUE).setText(value)
        dialog.values.item(row, dialog.LABEL).setText(label)
        dialog.values.item(row, dialog.LABEL_EN).setText(label_en)


def _when_modal(qtbot: QtBot, handle: Callable[[QWidget], None]) -> None:
    """Run `handle` on the modal dialog that the next action opens (exec() blocks)."""

    def find() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, find)
            return
        handle(modal)

    QTimer.singleShot(0, find)


def _menu_action(menu: QMenu, text: str) -> QAction:
    return next(a for a in menu.actions() if a.text() == text)


def _variable_id(window: MainWindow, name: str) -> int:
    with window.workspace.database.session() as session:
        return int(session.scalars(select(Variable.id).where(Variable.name == name)).one())


def test_new_variable_edit_undo_retire(qtbot: QtBot, window: MainWindow) -> None:
    article_id = window.workspace.article_rows()[0].id
    window.open_article(article_id)
    fields_before = len(window.sheet.editors)

    # Coding > New variable…, as the menu runs it: the modal dialog filled and accepted.
    def fill_and_accept(modal: QWidget) -> None:
        assert isinstance(modal, VariableDialog)
        _fill_nominal(modal)
        modal.accept()

    _when_modal(qtbot, fill_and_accept)
    _menu_action(window.menus["coding"], "New variable…").trigger()
    variable_id = _variable_id(window, "alert_level")
    assert len(window.sheet.editors) == fields_before + 1
    combo = window.sheet.editors[variable_id]
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(1, combo.count())] == ["红色", "黄色", "绿色"]
    assert window.sheet.labels[variable_id].text() == "预警等级"
    assert "预警等级" in window.statusBar().currentMessage()

    # A value is stored for the open article through the new field.
    combo.setCurrentIndex(combo.findData("amber"))
    assert window.workspace.values(article_id)[variable_id] == "amber"

    # Edit variable… from the label's right-click menu: a new label, shown at once.
    def relabel(modal: QWidget) -> None:
        assert isinstance(modal, VariableDialog)
        # Coded now: the type can only move to ordered categories, "amber" stays.
        assert not modal.locked_note.isHidden()
        enabled = {
            modal.level.itemData(i)
            for i in range(modal.level.count())
            if modal.level.model().item(i).isEnabled()  # type: ignore[attr-defined]
        }
        assert enabled == {"nominal", "ordinal"}
        modal.values.setCurrentCell(1, modal.VALUE)
        modal.remove_value()
        assert modal.values.rowCount() == 3  # refused, with the reason in the dialog
        assert "amber" in modal.problem.text() and modal.problem.isVisibleTo(modal)
        modal.label.setText("风险等级")
        modal.accept()

    _when_modal(qtbot, relabel)
    _menu_action(window.sheet.field_menu(variable_id), "Edit variable…").trigger()
    assert window.sheet.labels[variable_id].text() == "风险等级"
    assert "风险等级" in window.statusBar().currentMessage()
    assert window.workspace.values(article_id)[variable_id] == "amber"

    # Ctrl+Z takes the edit back; the stored value is still shown.
    window.undo()
    assert window.sheet.labels[variable_id].text() == "预警等级"
    combo = window.sheet.editors[variable_id]
    assert isinstance(combo, QComboBox) and combo.currentData() == "amber"

    # Retire: off the sheet at once, the stored value kept in the project.
    _menu_action(window.sheet.field_menu(variable_id), "Retire variable").trigger()
    assert variable_id not in window.sheet.editors
    assert "Variable" in window.statusBar().currentMessage()
    with window.workspace.database.session() as session:
        kept = session.scalars(
            select(VariableValue.value).where(VariableValue.variable_id == variable_id)
        ).all()
    assert kept == ["amber"]
    window.undo()  # and back again
    assert variable_id in window.sheet.editors
    # Retired again, it comes back from the sheet's menu too, with its value.
    window.retire_variable(variable_id)
    menu = window.sheet.field_menu(None)
    back = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert isinstance(back, QMenu)
    _menu_action(back, "Alert level" if window.english else "预警等级").trigger()
    combo = window.sheet.editors[variable_id]
    assert isinstance(combo, QComboBox) and combo.currentData() == "amber"
    assert "Ctrl+Z" in window.statusBar().currentMessage()


def test_problems_stay_in_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _dialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    # A name the demo's codebook already has.
    _fill_nominal(dialog, name="outlet_type")
    dialog.accept()
    assert dialog.isVisible() and dialog.made is None
    assert "outlet_type" in dialog.problem.text()
    # A number whose range runs downwards.
    dialog.name.setText("word_count")
    dialog.level.setCurrentIndex(dialog.level.findData("ratio"))
    assert dialog.range_box.isVisibleTo(dialog) and not dialog.values_box.isVisibleTo(dialog)
    dialog.minimum.setText("500")
    dialog.maximum.setText("20")
    dialog.accept()
    assert dialog.isVisible() and "500" in dialog.problem.text()
    dialog.maximum.setText("not a number")
    dialog.accept()
    assert dialog.isVisible() and "numbers" in dialog.problem.text()
    # What only the stored operation checks comes back from it, still no traceback.
    dialog.maximum.setText("")
    dialog.name.setText("x" * 130)
    dialog.accept()
    assert dialog.isVisible() and "120" in dialog.problem.text()
    assert "Not saved" in dialog.problem.text()
    # Put right, it is made: a number variable with a floor, one undoable step.
    dialog.name.setText("word_count")
    dialog.minimum.setText("0")
    dialog.accept()
    assert not dialog.isVisible() and dialog.made is not None
    variable_id = _variable_id(window, "word_count")
    assert "0" in window.sheet.notes[variable_id].hint.text()
    window.undo()
    assert variable_id not in window.sheet.editors


@pytest.fixture
def blind_coder(qtbot: QtBot, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
    """The demo in blind mode, opened by a coder who is not the lead; the lead (the demo's
    first coder, 测试编码员) has coded the tone of article 1.
    """
    copy = tmp_path / "blind.articoder"
    copy.write_bytes(demo_file.read_bytes())
    lead = Workspace.open(copy, "测试编码员")
    lead.set_blind(True)
    tone = next(v for v in lead.variables() if v.name == "tone")
    lead.set_value(lead.article_rows()[0].id, tone.id, tone.choices[0][0])
    lead.close()
    workspace = Workspace.open(copy, "李编码员")
    assert not workspace.coder.is_lead and workspace.blind
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.resize(*WINDOW_SIZE)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    workspace.close()


def test_blind_coder_cannot_retire_what_others_coded(qtbot: QtBot, blind_coder: MainWindow) -> None:
    tone_id = _variable_id(blind_coder, "tone")
    told: list[str] = []

    def answer(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        told.append(modal.text())
        modal.accept()

    _when_modal(qtbot, answer)
    blind_coder.retire_variable(tone_id)
    assert told and "lead" in told[0]
    assert tone_id in blind_coder.sheet.editors
    # The dialog locks what the others' values hold, without saying how many there are.
    dialog = _dialog(blind_coder, tone_id)
    qtbot.addWidget(dialog)
    assert "already coded" in dialog.locked_note.text()
    assert not any(ch.isdigit() for ch in dialog.locked_note.text())


def test_chinese_dialog_and_menu(qtbot: QtBot, window: MainWindow) -> None:
    install_language("zh_CN")
    try:
        if QCoreApplication.translate("VariableDialog", "Free text") == "Free text":
            pytest.skip("the variable strings are not in gui/translations yet")
        tone_id = _variable_id(window, "tone")
        dialog = _dialog(window, tone_id)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.remove_value()  # nothing chosen: nothing happens
        texts = [dialog.windowTitle(), dialog.locked_note.text()]
        texts += [dialog.level.itemText(i) for i in range(dialog.level.count())]
        texts += [w.text() for w in dialog.findChildren(QWidget) if hasattr(w, "text")]
        texts += [
            dialog.values.horizontalHeaderItem(c).text() for c in range(dialog.values.columnCount())
        ]
        window.retire_variable(_variable_id(window, "notes"))  # so "Bring back" is offered
        texts.append(window.statusBar().currentMessage())
        for action in window.sheet.field_menu(tone_id).actions():
            texts.append(action.text())
            if action.menu() is not None:
                texts.append(action.menu().title())
        # The codebook's own words (names, English labels) are data, not the interface.
        variables = window.workspace.variables()
        data = {v.name for v in variables} | {v.label_en or "" for v in variables}
        data |= {c[0] for v in variables for c in v.choices}
        data |= {c[2] or "" for v in variables for c in v.choices}
        leftover = [w for text in texts if isinstance(text, str) for w in english_words(text, data)]
        assert leftover == []
    finally:
        install_language("en")


def test_sets_value_through_journal_kept_after_retire(window: MainWindow) -> None:
    """Retire and unretire keep every coder's value (RetireVariable changes only the flag)."""
    workspace = window.workspace
    other = ensure_coder(workspace.database, "王编码员")
    notes = _variable_id(window, "notes")
    article = workspace.article_rows()[1].id
    workspace.perform(SetValue(article, notes, other.id, "另一位编码员的备注"))
    window.retire_variable(notes)
    assert notes not in window.sheet.editors
    with workspace.database.session() as session:
        assert session.scalars(
            select(VariableValue.value).where(VariableValue.variable_id == notes)
        ).all() == ["另一位编码员的备注"]

"""Answers to the window's modal dialogs for tests: a dialog nobody answers blocks the test."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from gui.code_dialog import DeleteCodeDialog


def move_segments_on_delete(monkeypatch: pytest.MonkeyPatch, target_id: int) -> None:
    """Make the delete-code dialog answer "Move them to:" `target_id`, then Delete code."""

    def move_to_target(dialog: DeleteCodeDialog) -> QDialog.DialogCode:
        dialog.move_choice.setChecked(True)
        dialog.target.setCurrentIndex(dialog.target.findData(target_id))
        assert dialog.ok_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DeleteCodeDialog, "exec", move_to_target)

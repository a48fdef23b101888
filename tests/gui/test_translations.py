"""Every interface string has a Chinese translation, and the compiled file is used."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from gui.app import TRANSLATIONS, install_language

GUI = Path(__file__).parents[2] / "gui"


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_string_is_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run(
        [str(lupdate), *map(str, sorted(GUI.glob("*.py"))), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    committed = _messages(TRANSLATIONS / "articoder_zh_CN.ts")
    missing = [key for key in _messages(fresh) if key not in committed]
    assert missing == [], "run lupdate and gui/translations/fill.py"
    unfinished = [
        key
        for key, m in committed.items()
        if (m.find("translation") is None or m.find("translation").get("type"))
    ]  # type: ignore[union-attr]
    assert unfinished == []


def test_chinese_is_installed_and_removed(qtbot: QtBot) -> None:
    install_language("zh_CN")
    try:
        assert QCoreApplication.translate("MainWindow", "Articles") == "文章"
        assert QCoreApplication.translate("MainWindow", "%n article(s)", "", 20) == "共 20 篇文章"
    finally:
        install_language("en")
    assert QCoreApplication.translate("MainWindow", "Articles") == "Articles"


def test_qts_own_buttons_speak_chinese_too(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    install_language("zh_CN")
    try:
        box = QDialogButtonBox()
        qtbot.addWidget(box)
        cancel = box.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.text() == "取消"
    finally:
        install_language("en")
    box = QDialogButtonBox()
    qtbot.addWidget(box)
    assert box.addButton(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"

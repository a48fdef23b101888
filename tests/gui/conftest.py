"""Window tests run offscreen; a CJK font makes the screenshots readable where one is installed."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def _fresh_settings() -> None:
    """Each window test starts from no saved settings: a test that turns the Simplified view
    on or saves a layout must not decide what the next test's window shows.
    """
    QSettings().clear()

"""The `packaging` marker: tests that build and install the program (deselect with -m 'not packaging')."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker here, next to the tests that use it (--strict-markers is on)."""
    config.addinivalue_line(
        "markers",
        "packaging: builds the wheel or uses the desktop bundle and runs the installed program",
    )
    config.addinivalue_line("markers", "bundle: runs the desktop bundle that ./dev bundle built")

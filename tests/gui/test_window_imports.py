"""The window's modules import only what drawing the window needs (issue 18, start-up).

Numbers, spreadsheets and reliability statistics load when an export, an import or the
agreement window is first used, never with the window. Each check runs in a fresh interpreter
and looks at sys.modules; no timing is asserted (the numbers are in benchmarks/bench_startup.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
# The child imports this checkout's code, offscreen, whatever the environment has installed.
CHILD_ENVIRONMENT = dict(os.environ, PYTHONPATH=str(CHECKOUT), QT_QPA_PLATFORM="offscreen")
# What the first paint never needs: numbers, spreadsheets, reliability statistics.
NOT_AT_START = ("numpy", "openpyxl", "agreement.statistics")


def modules_after_import(module: str, cwd: Path) -> set[str]:
    """Every module name in sys.modules after importing `module` in a fresh interpreter."""
    probe = f"import json, sys\nimport {module}\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=cwd,
        env=CHILD_ENVIRONMENT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    loaded: set[str] = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert module in loaded
    return loaded


@pytest.mark.parametrize(
    "module", ["gui.project_actions", "gui.team_actions", "gui.progress_window", "coding.workspace"]
)
def test_the_window_parts_leave_exports_exchange_and_agreement_for_later(
    module: str, tmp_path: Path
) -> None:
    loaded = modules_after_import(module, tmp_path)
    unwanted = {*NOT_AT_START, "agreement", "exchange", "exports", "alembic"} & loaded
    assert not unwanted, f"importing {module} loaded {sorted(unwanted)}"


def test_the_window_module_loads_no_numbers_spreadsheets_or_statistics(tmp_path: Path) -> None:
    loaded = modules_after_import("gui.app", tmp_path)
    assert {"gui.main_window", "PySide6.QtWidgets"} <= loaded  # the window's code did load
    unwanted = set(NOT_AT_START) & loaded
    assert not unwanted, f"importing gui.app loaded {sorted(unwanted)}"

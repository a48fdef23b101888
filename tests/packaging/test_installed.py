"""Smoke test of an articoder that a user installed from the wheel, dependencies and all.

tests/packaging/test_wheel.py installs the wheel --no-deps (its libraries come from the
project's .venv, so the test stays fast). CI (.github/workflows/packages.yml) also makes a
clean virtual environment, runs `pip install articoder-*.whl` there so pip fetches every
dependency the metadata declares, and names that environment's `articoder` in
ARTICODER_INSTALLED; this file then runs the same smoke test as the bundle's on it. Without
the variable it skips.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.packaging.smoke import check_command_line, clean_environment, first_paint_seconds

pytestmark = pytest.mark.packaging

CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed() -> Path:
    """The `articoder` command of the clean environment CI installed the wheel into."""
    given = os.environ.get("ARTICODER_INSTALLED")
    if not given:
        pytest.skip(
            "no installed articoder given (ARTICODER_INSTALLED=/path/to/venv/bin/articoder)"
        )
    program = Path(given)
    assert program.is_file(), f"{program}: no such program"
    return program


def test_installed_program_is_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    environment = clean_environment(tmp_path / "home")
    python = installed.with_name("python.exe" if os.name == "nt" else "python")
    located = subprocess.run(
        [str(python), "-c", "import articoder, gui, models; print(articoder.__file__)"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        encoding="utf-8",
        check=True,
    ).stdout.strip()
    assert not Path(located).resolve().is_relative_to(CHECKOUT), located


def test_installed_program_runs_the_command_line_and_the_window(
    installed: Path, tmp_path: Path
) -> None:
    environment = clean_environment(tmp_path / "home")
    project = check_command_line([str(installed)], tmp_path, environment)
    assert first_paint_seconds([str(installed)], project, tmp_path, environment) > 0

"""Smoke test of the bundled desktop program (PyInstaller one-folder, packaging/articoder.spec).

`./dev bundle` builds dist/articoder/ and runs this file on it (ARTICODER_BUNDLE). The build
takes 2-3 minutes on the project's shared 2-core machine (112 s at load 4.7, about 160 s at
load 8), so `./dev test` skips this file instead of building. The bundled executable runs
from a folder outside the checkout, with a fresh HOME, for the same smoke test as the
installed wheel (tests/packaging/smoke.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from articoder.demo_project import PREBUILT_DEMO
from tests.packaging.smoke import check_command_line, clean_environment, first_paint_seconds

pytestmark = [pytest.mark.packaging, pytest.mark.bundle]

EXECUTABLE = "articoder.exe" if os.name == "nt" else "articoder"


@pytest.fixture(scope="module")
def bundle() -> Path:
    """The bundled `articoder` executable that ./dev bundle just built."""
    given = os.environ.get("ARTICODER_BUNDLE")
    if not given:
        pytest.skip("no bundle given: ./dev bundle builds one and runs this test on it")
    executable = Path(given) / EXECUTABLE
    assert executable.is_file(), f"{executable}: the bundle has no executable"
    return executable


def test_bundle_holds_its_data_files(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    for relative in (
        "gui/translations/articoder_zh_CN.qm",
        "models/migrations/script.py.mako",
        "models/migrations/env.py",
        "articoder/demo/codebook.yaml",
        f"articoder/demo/{PREBUILT_DEMO.name}",
        "jieba/dict.txt",
    ):
        assert (internal / relative).is_file(), f"{relative} is missing from the bundle"
    assert list((internal / "models" / "migrations" / "versions").glob("0001_*.py"))


def test_bundle_runs_the_command_line_and_the_window(bundle: Path, tmp_path: Path) -> None:
    environment = clean_environment(tmp_path / "home")
    project = check_command_line([str(bundle)], tmp_path, environment)
    assert first_paint_seconds([str(bundle)], project, tmp_path, environment) > 0

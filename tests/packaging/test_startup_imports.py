"""The command line imports only what the command it runs needs (issue 18, start-up).

Each check runs in a fresh interpreter and looks at sys.modules; no timing is asserted (the
numbers are in benchmarks/bench_startup.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from articoder.cli import (
    COMMANDS,
    as_open_command,
    build_parser,
    command_adder,
    commands_to_add,
)
from articoder.demo_project import PREBUILT_DEMO

HEAVY = ("numpy", "openpyxl", "PySide6", "polars", "jieba", "trafilatura")
# The children import this checkout's code, whatever the environment has installed.
CHILD_ENVIRONMENT = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))


def modules_after(code: str, cwd: Path) -> set[str]:
    """The top-level modules loaded after running `code` in a fresh interpreter."""
    probe = (
        "import json, sys\n"
        f"{code}\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
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
    return loaded


def test_importing_the_command_line_loads_no_library(tmp_path: Path) -> None:
    loaded = modules_after("import articoder.cli", tmp_path)
    assert "articoder" in loaded
    assert not {*HEAVY, "sqlalchemy", "alembic"} & loaded


def test_version_loads_no_library(tmp_path: Path) -> None:
    code = (
        "from articoder.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit as exit:\n    assert exit.code == 0\n"
    )
    assert not {*HEAVY, "sqlalchemy", "models"} & modules_after(code, tmp_path)


@pytest.mark.parametrize("command", ["new", "articles"])
def test_short_commands_load_no_heavy_library(command: str, tmp_path: Path) -> None:
    project = tmp_path / "项目.articoder"
    setup = f"from articoder.cli import main\nassert main(['new', {str(project)!r}]) == 0\n"
    if command == "new":
        code = f"from articoder.cli import main\nassert main(['new', {str(tmp_path / 'b')!r}]) == 0"
    else:
        subprocess.run(
            [sys.executable, "-c", setup],
            cwd=tmp_path,
            env=CHILD_ENVIRONMENT,
            check=True,
            capture_output=True,
        )
        code = f"from articoder.cli import main\nassert main(['articles', {str(project)!r}]) == 0"
    loaded = modules_after(code, tmp_path)
    assert "sqlalchemy" in loaded  # the command did its work
    assert not set(HEAVY) & loaded


def test_commands_table_names_what_each_module_adds() -> None:
    for target in set(COMMANDS.values()):
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        command_adder(target)(subparsers)
        added = set(subparsers.choices)
        listed = {name for name, where in COMMANDS.items() if where == target}
        assert added == listed, (
            f"{target} adds {sorted(added)}; articoder.cli.COMMANDS lists {sorted(listed)} "
            "for it: give every command it adds one line there"
        )


def test_every_command_module_is_wired() -> None:
    modules = {target.split(":")[0] for target in COMMANDS.values()}
    folder = Path(__file__).resolve().parents[2] / "articoder"
    unwired = [
        f"articoder.{path.stem}"
        for path in sorted(folder.glob("cli_*.py"))
        if path.stem != "cli_common" and f"articoder.{path.stem}" not in modules
    ]
    assert unwired == [], f"add the commands of {unwired} to articoder.cli.COMMANDS"


def test_only_the_named_command_is_built() -> None:
    assert commands_to_add(["new", "x.articoder", "--name", "export"]) == ["new"]
    assert commands_to_add(["--demo"]) == []
    assert commands_to_add([]) == []
    assert commands_to_add(["--help"]) == list(COMMANDS)
    assert commands_to_add(["no-such-command"]) == list(COMMANDS)
    parser = build_parser(["articles"])
    arguments = parser.parse_args(["articles", "p.articoder", "--json"])
    assert arguments.project == "p.articoder" and arguments.json


def test_unknown_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from articoder.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'frobnicate'" in error and "agreement" in error and "new" in error


def test_a_project_file_alone_opens_it(tmp_path: Path) -> None:
    """What a double-click on a project runs: `articoder study.articoder` opens the window."""
    project = tmp_path / "社区 研究.articoder"
    shutil.copyfile(PREBUILT_DEMO, project)
    assert as_open_command([str(project)]) == ["open", str(project)]
    assert as_open_command(["articles", str(project)]) == ["articles", str(project)]
    assert as_open_command([str(tmp_path / "missing.articoder")]) == [
        str(tmp_path / "missing.articoder")
    ]
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ARTICODER_EXIT_AFTER_FIRST_PAINT": "1",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "articoder", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    assert "invalid choice" not in done.stderr

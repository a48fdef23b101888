"""The smoke test an installed articoder must pass, whichever way it was installed.

Given the command that starts the installed program (the console script of a clean virtual
environment, or the bundled executable), it runs, from a folder outside the checkout:
`--version`, `new`, `import` of a Chinese text file written here, `export` to .xlsx (read
back with openpyxl), and opens the window offscreen, waiting for the main window's first
paint in Qt's own painting log (`qt.widgets.painting`), so no change to the program is needed
to see it drawn. A coder file (`assign` then `package`) opens straight on the main window,
without the coder dialog.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import openpyxl

import articoder

ARTICLE = (
    "梧桐社区推行“楼栋议事会”\n"
    "来源：清河日报 2024年03月18日\n"
    "梧桐社区党委在每个楼栋设立议事会，居民就加装电梯、停车难等问题协商解决。\n"
    "社区书记介绍，议事会已办结民生实事二十余件。\n"
)
CODER = "测试员"


# What a Windows process cannot start without (SYSTEMROOT: Python's start-up and sockets), so
# the clean environment keeps them (CI runs this smoke test on Windows too).
WINDOWS_ESSENTIALS = ("SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT", "SYSTEMDRIVE")


def clean_environment(home: Path) -> dict[str, str]:
    """Environment of a new user: own home and data folders, no PYTHONPATH, Qt offscreen.

    Output is UTF-8 on every platform (PYTHONUTF8; a Windows pipe is otherwise in the ANSI
    code page, which has no Chinese), and the test reads it as UTF-8.
    """
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LANG": "C.UTF-8",
        "PYTHONUTF8": "1",
        # Qt logs to stderr, not to the Windows debugger, even without a console window: the
        # first paint is read from that log.
        "QT_FORCE_STDERR_LOGGING": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    if os.name == "nt":
        environment.update(
            {name: os.environ[name] for name in WINDOWS_ESSENTIALS if name in os.environ}
        )
        environment.update(
            USERPROFILE=str(home),
            APPDATA=str(home / "AppData" / "Roaming"),
            LOCALAPPDATA=str(home / "AppData" / "Local"),
            TEMP=str(home / "Temp"),
            TMP=str(home / "Temp"),
        )
        (home / "Temp").mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    return environment


def run(
    program: list[str], arguments: list[str], folder: Path, environment: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run the installed program; fail with its output when it does not exit 0."""
    result = subprocess.run(
        [*program, *arguments],
        cwd=folder,
        env=environment,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (
        f"articoder {' '.join(arguments)} exited {result.returncode}:\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result


def check_command_line(program: list[str], folder: Path, environment: dict[str, str]) -> Path:
    """--version, new, import, export; return the project, which then holds one article."""
    version = run(program, ["--version"], folder, environment)
    assert version.stdout.strip() == f"articoder {articoder.__version__}"

    project = folder / "研究 项目.articoder"  # Chinese characters and a space in the path
    run(program, ["new", str(project)], folder, environment)
    assert project.is_file()

    article = folder / "梧桐社区.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    imported = run(program, ["import", str(project), str(article), "--json"], folder, environment)
    assert '"imported"' in imported.stdout and "梧桐社区" in imported.stdout

    listing = run(program, ["articles", str(project)], folder, environment)
    assert "梧桐社区推行“楼栋议事会”" in listing.stdout

    workbook_path = folder / "导出.xlsx"
    run(program, ["export", str(project), str(workbook_path)], folder, environment)
    workbook = openpyxl.load_workbook(workbook_path, read_only=True)
    try:
        sheets = workbook.sheetnames
        about = {
            str(row[0]): row[1]
            for row in workbook.worksheets[0].iter_rows(values_only=True)
            if row and row[0] is not None and len(row) > 1
        }
    finally:
        workbook.close()
    # No article is coded yet, so the data sheets are empty; the workbook is still whole and
    # names the project (Chinese and a space) and the program's version.
    assert {"Articles", "Segments", "Codebook"} <= set(sheets), sheets
    assert about.get("project") == "研究 项目", about
    assert about.get("articoder version") == articoder.__version__, about
    return project


def first_paint_seconds(
    program: list[str], project: Path, folder: Path, environment: dict[str, str]
) -> float:
    """Open the window on a coder file of `project`; seconds until the main window is painted."""
    run(
        program,
        ["assign", str(project), "--coders", CODER, "--all-unassigned"],
        folder,
        environment,
    )
    coder_file = folder / "测试员.articoder"
    run(program, ["package", str(project), CODER, str(coder_file)], folder, environment)

    painting = dict(environment, QT_LOGGING_RULES="qt.widgets.painting=true")
    began = time.monotonic()
    window = subprocess.Popen(
        [*program, "open", str(coder_file)],
        cwd=folder,
        env=painting,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="replace",
    )
    seen: list[str] = []
    # A window that never paints (or hangs) is killed, which ends the log and the loop.
    deadline = threading.Timer(60, window.kill)
    deadline.start()
    try:
        assert window.stderr is not None
        for line in window.stderr:
            if "Flushing QRegion" in line and "MainWindow" in line:
                return time.monotonic() - began
            if not line.startswith("qt.widgets.painting"):
                seen.append(line.rstrip())
    finally:
        deadline.cancel()
        window.kill()
        window.wait(timeout=30)
    raise AssertionError(
        f"the main window was not painted (exit code {window.returncode}):\n"
        + "\n".join(seen[-30:])
    )

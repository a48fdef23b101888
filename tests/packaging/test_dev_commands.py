r"""The developer commands (articoder/dev.py, run by ./dev and by `python -m articoder.dev`).

What each command would run is recorded instead of run, for this machine's layout and for
Windows' (.venv\Scripts\*.exe) on a real temporary checkout; `setup` makes a real virtual
environment folder and stamp; ./dev and `python -m articoder.dev` run for real where that
costs nothing (usage, unknown command, a copy that is not a checkout).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

import articoder
from articoder import dev

CHECKOUT = Path(__file__).resolve().parents[2]


class Recorder:
    """A runner that records each command and its extra environment, failing where told."""

    def __init__(self, failing: str | None = None) -> None:
        self.commands: list[tuple[list[str], dict[str, str]]] = []
        self.failing = failing

    def __call__(self, command: Sequence[str], environment: Mapping[str, str]) -> int:
        self.commands.append((list(command), dict(environment)))
        return 3 if self.failing and self.failing in " ".join(command) else 0

    def programs(self) -> list[str]:
        """The program of each recorded command: its file name (python.exe, ruff, ...)."""
        return [Path(command[0]).name for command, _ in self.commands]


def fake_checkout(root: Path, windows: bool, installed: bool = True) -> dev.Layout:
    """A checkout folder with a pyproject.toml and, when `installed`, a current .venv stamp."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[project]\nname = "articoder"\n', encoding="utf-8")
    layout = dev.Layout(root, windows)
    if installed:
        layout.python.parent.mkdir(parents=True)
        layout.python.write_bytes(b"")
        (layout.venv / dev.STAMP).write_text(dev.dependencies_stamp(layout), encoding="utf-8")
    return layout


def test_every_command_is_in_the_table_the_script_and_the_readme() -> None:
    assert set(dev.COMMANDS) == {"demo", "test", "setup", "bench", "bundle", "dist", "wheel"}
    script = (CHECKOUT / "dev").read_text(encoding="utf-8")
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    usage = dev.usage()
    for name in dev.COMMANDS:
        assert f"./dev {name}" in script, f"./dev's comment does not name {name}"
        assert f"\n  {name} " in usage
    assert "python -m articoder.dev" in readme


@pytest.mark.parametrize(
    ("windows", "folder", "suffix"), [(True, "Scripts", ".exe"), (False, "bin", "")]
)
def test_programs_come_from_the_platforms_venv_folder(
    windows: bool, folder: str, suffix: str, tmp_path: Path
) -> None:
    layout = fake_checkout(tmp_path / "检出 目录", windows)
    recorder = Recorder()
    assert dev.dispatch("test", ["-k", "search"], layout, recorder) == 0
    venv_programs = layout.venv / folder
    assert recorder.programs() == [
        f"ruff{suffix}",
        f"ruff{suffix}",
        f"mypy{suffix}",
        f"lint-imports{suffix}",
        f"python{suffix}",
    ]
    for command, _ in recorder.commands:
        assert Path(command[0]).parent == venv_programs
    pytest_command, pytest_environment = recorder.commands[-1]
    assert pytest_command[1:] == ["-m", "pytest", "-k", "search"]
    assert pytest_environment == {"QT_QPA_PLATFORM": "offscreen"}
    assert recorder.commands[1][0][1:] == ["format", "--check", "."]


def test_test_stops_at_the_first_failing_check(tmp_path: Path) -> None:
    layout = fake_checkout(tmp_path / "checkout", windows=True)
    recorder = Recorder(failing="mypy")
    assert dev.dispatch("test", [], layout, recorder) == 3
    assert recorder.programs() == ["ruff.exe", "ruff.exe", "mypy.exe"]


def test_bundle_builds_then_smoke_tests_the_built_folder(tmp_path: Path) -> None:
    layout = fake_checkout(tmp_path / "checkout", windows=True)
    recorder = Recorder()
    assert dev.dispatch("bundle", ["-x"], layout, recorder) == 0
    (build, _), (smoke, environment) = recorder.commands
    assert build[1:3] == ["-m", "PyInstaller"]
    assert Path(build[-1]) == layout.root / "packaging" / "articoder.spec"
    assert smoke[-2:] == [str(layout.root / "tests" / "packaging" / "test_bundle.py"), "-x"]
    assert environment["ARTICODER_BUNDLE"] == str(layout.root / "dist" / "articoder")
    # A failed build is not smoke-tested.
    failing = Recorder(failing="PyInstaller")
    assert dev.dispatch("bundle", [], layout, failing) == 3
    assert len(failing.commands) == 1


@pytest.mark.parametrize(
    ("windows", "folder", "suffix"), [(True, "Scripts", ".exe"), (False, "bin", "")]
)
def test_wheel_installs_into_a_new_environment_and_smoke_tests_it(
    windows: bool, folder: str, suffix: str, tmp_path: Path
) -> None:
    layout = fake_checkout(tmp_path / "checkout", windows)
    recorder = Recorder()
    assert dev.dispatch("wheel", ["-x"], layout, recorder) == 0
    (build, _), (venv, _), (pip, _), (install, _), (smoke, environment) = recorder.commands
    assert build[:3] == [str(layout.python), "-m", "build"] and build[-1] == str(layout.root)
    wheel = Path(install[-1])
    assert wheel.name == f"articoder-{articoder.__version__}-py3-none-any.whl"
    assert Path(build[build.index("--outdir") + 1]) == wheel.parent
    clean = Path(venv[-1])
    assert not clean.is_relative_to(layout.root)  # outside the checkout
    assert Path(pip[0]) == Path(install[0]) == clean / folder / f"python{suffix}"
    assert pip[3:] == ["install", "--quiet", "--upgrade", "pip"]
    assert install[3:5] == ["install", "--quiet"] and "--no-deps" not in install
    assert smoke[-2:] == [str(layout.root / "tests" / "packaging" / "test_installed.py"), "-x"]
    assert environment["ARTICODER_INSTALLED"] == str(clean / folder / f"articoder{suffix}")
    assert not wheel.parent.parent.exists()  # the temporary folder is removed afterwards


def test_demo_bench_and_dist_run_the_venvs_programs(tmp_path: Path) -> None:
    layout = fake_checkout(tmp_path / "checkout", windows=True)
    recorder = Recorder()
    for name, arguments in (("demo", ["--lang", "zh"]), ("bench", ["--quick"]), ("dist", [])):
        assert dev.dispatch(name, arguments, layout, recorder) == 0
    demo, bench, dist = (command for command, _ in recorder.commands)
    assert demo == [str(layout.venv / "Scripts" / "articoder.exe"), "--demo", "--lang", "zh"]
    assert bench[1:] == [str(layout.root / "benchmarks" / "run_all.py"), "--quick"]
    assert dist[1:] == ["-m", "build", "--outdir", str(layout.root / "dist")]


@pytest.mark.parametrize("windows", [True, False])
def test_setup_makes_the_venv_installs_once_and_again_after_a_change(
    windows: bool, tmp_path: Path
) -> None:
    layout = fake_checkout(tmp_path / "checkout", windows, installed=False)
    recorder = Recorder()
    assert dev.dispatch("setup", [], layout, recorder) == 0
    venv_command, upgrade_pip, install = (command for command, _ in recorder.commands)
    assert venv_command == [sys.executable, "-m", "venv", str(layout.venv)]
    assert upgrade_pip[0] == install[0] == str(layout.python)
    assert install[1:] == ["-m", "pip", "install", "--quiet", "-e", ".[dev,packaging]"]
    stamp = (layout.venv / dev.STAMP).read_text(encoding="utf-8").strip()
    pyproject = (layout.root / "pyproject.toml").read_bytes()
    assert stamp == hashlib.sha256(pyproject).hexdigest()  # what `sha256sum` printed before

    # The recorder made no venv: pretend it did, and the next command installs nothing.
    layout.python.parent.mkdir(parents=True, exist_ok=True)
    layout.python.write_bytes(b"")
    again = Recorder()
    assert dev.dispatch("demo", [], layout, again) == 0
    assert again.programs() == ["articoder.exe" if windows else "articoder"]

    (layout.root / "pyproject.toml").write_text("[project]\nname = 'changed'\n", "utf-8")
    changed = Recorder()
    assert dev.dispatch("setup", [], layout, changed) == 0
    assert [command[1:4] for command, _ in changed.commands] == [["-m", "pip", "install"]] * 2


def test_a_failed_install_leaves_no_stamp_and_runs_nothing_else(tmp_path: Path) -> None:
    layout = fake_checkout(tmp_path / "checkout", windows=False, installed=False)
    recorder = Recorder(failing="-e")
    assert dev.dispatch("test", [], layout, recorder) == 3
    assert not (layout.venv / dev.STAMP).exists()
    assert "ruff" not in recorder.programs()


def test_setup_refuses_arguments(tmp_path: Path) -> None:
    layout = fake_checkout(tmp_path / "checkout", windows=False)
    with pytest.raises(dev.DevError, match="setup takes no arguments"):
        dev.dispatch("setup", ["--force"], layout, Recorder())


def test_layout_of_this_checkout() -> None:
    assert dev.checkout_layout(windows=False).root == CHECKOUT
    windows = dev.checkout_layout(windows=True)
    assert windows.python == CHECKOUT / ".venv" / "Scripts" / "python.exe"


def test_an_installed_copy_says_where_to_run_from(tmp_path: Path) -> None:
    installed = tmp_path / "site-packages" / "articoder"
    installed.mkdir(parents=True)
    (installed / "__init__.py").write_text('__version__ = "0"\n', encoding="utf-8")
    (installed / "dev.py").write_text(
        (CHECKOUT / "articoder" / "dev.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "articoder.dev", "test"],
        cwd=installed.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "not a checkout of articoder's source" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_script_and_the_module_print_the_same_usage() -> None:
    module = subprocess.run(
        [sys.executable, "-m", "articoder.dev", "no-such-command"],
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        check=False,
    )
    script = subprocess.run(
        [str(CHECKOUT / "dev")], cwd="/", capture_output=True, text=True, check=False
    )
    assert module.returncode == script.returncode == 2
    assert "unknown command 'no-such-command'" in module.stderr
    assert script.stderr.strip() == dev.usage()
    assert module.stderr.strip().endswith(dev.usage())

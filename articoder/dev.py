r"""The developer commands on every platform: `python -m articoder.dev COMMAND [ARGS]`.

This module owns what `./dev` does (the bash script only finds a Python 3.11+ and runs this
module), so Windows, where there is no bash, runs the same commands from a checkout with
`py -m articoder.dev test`. Each command sets up the checkout's virtual environment (.venv)
first; the environment's programs live in `.venv\Scripts\*.exe` on Windows and `.venv/bin/`
elsewhere, which `Layout` decides, so the commands never name either.

    demo    open the app on the bundled demo project
    test    every check: ruff (lint and format), mypy, import-linter, the test suite
    setup   only the virtual environment
    bench   the benchmarks
    bundle  the desktop program in dist/articoder/ (PyInstaller), then its smoke test
    dist    the wheel and sdist in dist/
    wheel   the wheel installed as a user would (with its dependencies, in a new environment
            outside the checkout), then the same smoke test

Only the standard library is imported: the commands run before .venv exists.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from articoder import __version__

MINIMUM_PYTHON = (3, 11)
# The stamp holds pyproject.toml's SHA-256, so the dependencies are installed again only when
# they change (the same stamp the bash ./dev wrote, so an existing .venv is kept).
STAMP = ".articoder-installed"
EXTRAS = ".[dev,packaging]"

# Runs a command with extra environment variables and returns its exit code. The commands
# take it as an argument so the tests can record what would run on Windows.
Runner = Callable[[Sequence[str], Mapping[str, str]], int]


class DevError(Exception):
    """A developer command cannot run; the message says why and what to do."""


@dataclass(frozen=True)
class Layout:
    """Where the checkout and its virtual environment's programs are, on this platform."""

    root: Path
    windows: bool

    @property
    def venv(self) -> Path:
        """The checkout's virtual environment."""
        return self.root / ".venv"

    def program(self, name: str) -> Path:
        r"""A program of the virtual environment: Scripts\NAME.exe on Windows, bin/NAME else."""
        if self.windows:
            return self.venv / "Scripts" / f"{name}.exe"
        return self.venv / "bin" / name

    @property
    def python(self) -> Path:
        """The virtual environment's Python."""
        return self.program("python")

    @property
    def bundle(self) -> Path:
        """The folder `bundle` builds (PyInstaller's COLLECT step in packaging/articoder.spec)."""
        return self.root / "dist" / "articoder"


def checkout_layout(windows: bool | None = None) -> Layout:
    """The layout of the checkout this module is in; DevError when it is an installed copy."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file() or not (root / "tests").is_dir():
        raise DevError(
            f"{root}: not a checkout of articoder's source (this articoder is installed); the "
            "developer commands run from a clone: git clone, then `python -m articoder.dev "
            "setup` inside it"
        )
    return Layout(root, os.name == "nt" if windows is None else windows)


def run_process(command: Sequence[str], extra_environment: Mapping[str, str]) -> int:
    """Run `command` in the foreground with the extra variables; its exit code."""
    environment = dict(os.environ, **extra_environment)
    return subprocess.run(list(command), env=environment, check=False).returncode


def dependencies_stamp(layout: Layout) -> str:
    """What the stamp must hold for the installed dependencies to be current."""
    return hashlib.sha256((layout.root / "pyproject.toml").read_bytes()).hexdigest()


def setup(layout: Layout, run: Runner, arguments: Sequence[str] = ()) -> int:
    """Make .venv with this Python and install the checkout into it (editable) when needed."""
    if arguments:
        raise DevError(f"setup takes no arguments (got {' '.join(arguments)})")
    if not layout.python.exists():
        code = run([sys.executable, "-m", "venv", str(layout.venv)], {})
        if code:
            return code
    stamp = layout.venv / STAMP
    wanted = dependencies_stamp(layout)
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == wanted:
        return 0
    python = str(layout.python)
    for command in (
        [python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [python, "-m", "pip", "install", "--quiet", "-e", EXTRAS],
    ):
        code = run(command, {})
        if code:
            return code
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(wanted + "\n", encoding="utf-8")
    return 0


def test(layout: Layout, run: Runner, arguments: Sequence[str] = ()) -> int:
    """Every check in turn, stopping at the first that fails; arguments go to pytest."""
    steps: list[tuple[str, list[str], dict[str, str]]] = [
        ("ruff check", [str(layout.program("ruff")), "check", "."], {}),
        ("ruff format --check", [str(layout.program("ruff")), "format", "--check", "."], {}),
        ("mypy (strict, Qt-free packages)", [str(layout.program("mypy"))], {}),
        ("import-linter", [str(layout.program("lint-imports"))], {}),
        (
            "pytest",
            [str(layout.python), "-m", "pytest", *arguments],
            {"QT_QPA_PLATFORM": "offscreen"},
        ),
    ]
    for title, command, environment in steps:
        print(f"== {title}", flush=True)
        code = run(command, environment)
        if code:
            return code
    return 0


def demo(layout: Layout, run: Runner, arguments: Sequence[str] = ()) -> int:
    """The window on the demo project."""
    return run([str(layout.program("articoder")), "--demo", *arguments], {})


def bench(layout: Layout, run: Runner, arguments: Sequence[str] = ()) -> int:
    """The benchmarks (benchmarks/run_all.py, which takes the arguments)."""
    return run([str(layout.python), str(layout.root / "benchmarks" / "run_all.py"), *arguments], {})


def bundle(layout: Layout, run: Runner, arguments: Sequence[str] = ()) -> int:
    """Build the desktop program, then run its smoke test on it (arguments go to pytest).

    The build takes minutes, so `test` leaves it out: tests/packaging/test_bundle.py skips
    unless ARTICODER_BUNDLE names a bundle, which this command sets.
    """
    started = time.monotonic()
    code = run(
        [
            str(layout.python),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(layout.root / "dist"),
            "--workpath",
            str(layout.root / "build" / "pyinstaller"),
            str(layout.root / "packaging" / "articoder.spec"),
        ],
        {},
    )
    if code:
        return code
    print(f"== bundle built in {time.monotonic() - started:.0f} s: {layout.bundle}", flush=True)
    return run(
        [
            str(layout.python),
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            str(layout.root / "tests" / "packaging" / "test_bundle.py"),
            *arguments,
        ],
        {"ARTICODER_BUNDLE": str(layout.bundle), "QT_QPA_PLATFORM": "offscreen"},
    )


def dist(layout: Layout, run: Runner, arguments: Sequence[str] = ()) -> int:
    """The wheel and sdist in dist/ (python -m build, in an isolated build environment)."""
    return run(
        [str(layout.python), "-m", "build", "--outdir", str(layout.root / "dist"), *arguments],
        {},
    )


def wheel(layout: Layout, run: Runner, arguments: Sequence[str] = ()) -> int:
    """Build the wheel, install it with its dependencies into a new virtual environment in a
    temporary folder (pip fetches what the wheel's metadata declares, as for a user's `pipx
    install`), and run tests/packaging/test_installed.py on that environment's `articoder`
    (arguments go to pytest). tests/packaging/test_wheel.py, in `test`, installs --no-deps.
    """
    folder = Path(tempfile.mkdtemp(prefix="articoder-wheel-"))
    clean = Layout(folder, layout.windows)
    built = folder / "dist" / f"articoder-{__version__}-py3-none-any.whl"
    python = str(layout.python)
    smoke_test = str(layout.root / "tests" / "packaging" / "test_installed.py")
    steps: list[tuple[list[str], dict[str, str]]] = [
        ([python, "-m", "build", "--wheel", "--outdir", str(built.parent), str(layout.root)], {}),
        ([python, "-m", "venv", str(clean.venv)], {}),
        ([str(clean.python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], {}),
        ([str(clean.python), "-m", "pip", "install", "--quiet", str(built)], {}),
        (
            [python, "-m", "pytest", "-p", "no:cacheprovider", smoke_test, *arguments],
            {
                "ARTICODER_INSTALLED": str(clean.program("articoder")),
                "QT_QPA_PLATFORM": "offscreen",
            },
        ),
    ]
    try:
        for command, environment in steps:
            code = run(command, environment)
            if code:
                return code
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


Command = Callable[[Layout, Runner, Sequence[str]], int]
# Name -> (what it does, the function). `setup` runs before every other command.
COMMANDS: dict[str, tuple[str, Command]] = {
    "demo": ("open the app on the bundled demo project", demo),
    "test": ("run every check: ruff, mypy, import-linter, the test suite [pytest args]", test),
    "setup": ("only the virtual environment (.venv)", setup),
    "bench": ("the benchmarks [benchmarks/run_all.py args]", bench),
    "bundle": ("the desktop program in dist/articoder/, then its smoke test [pytest args]", bundle),
    "dist": ("the wheel and sdist in dist/", dist),
    "wheel": ("the wheel installed in a new environment, then its smoke test [pytest args]", wheel),
}


def usage() -> str:
    """The list of commands, for a missing or unknown one."""
    lines = ["usage: python -m articoder.dev COMMAND [ARGS]   (./dev COMMAND on Linux, macOS)"]
    lines += [f"  {name:<7} {summary}" for name, (summary, _) in COMMANDS.items()]
    return "\n".join(lines)


def dispatch(name: str, arguments: Sequence[str], layout: Layout, run: Runner) -> int:
    """Set up .venv, then run the command `name`; its exit code."""
    summary_and_command = COMMANDS.get(name)
    if summary_and_command is None:
        raise DevError(f"unknown command {name!r}\n{usage()}")
    if name == "setup":
        return setup(layout, run, arguments)
    code = setup(layout, run)
    if code:
        return code
    return summary_and_command[1](layout, run, arguments)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one developer command; 2 for a wrong command, else the command's exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if sys.version_info < MINIMUM_PYTHON:
        print(
            "articoder needs Python 3.11 or newer; this is "
            f"{sys.version.split()[0]} ({sys.executable})",
            file=sys.stderr,
        )
        return 1
    if not arguments or arguments[0] in {"-h", "--help", "help"}:
        print(usage(), file=sys.stderr if not arguments else sys.stdout)
        return 2 if not arguments else 0
    try:
        return dispatch(arguments[0], arguments[1:], checkout_layout(), run_process)
    except DevError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""The wheel and sdist hold everything the program needs, and the installed wheel runs.

`python -m build` builds the sdist from a copy of the checkout's packages and the wheel from
that sdist (so the sdist is complete too). The wheel is installed --no-deps into a new virtual
environment whose third-party packages come from the project's .venv through a .pth file
(installing PySide6 and the rest from PyPI would take minutes); the checkout is not on its
path, and the program runs from a folder outside it. Because --no-deps would hide a missing
dependency, a separate check compares every module the wheel's code imports with the
Requires-Dist lines of its metadata.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from articoder.demo_project import PREBUILT_DEMO
from tests.packaging.smoke import check_command_line, clean_environment, first_paint_seconds

pytestmark = pytest.mark.packaging

CHECKOUT = Path(__file__).resolve().parents[2]
NOT_SHIPPED = {"tests", "benchmarks", "packaging", "docs", "build", "dist"}
# Files in the packages that are tooling, not read by the program: the translation sources
# (compiled into the .qm that ships) and their fill script.
TOOLING = re.compile(r"^gui/translations/(.+\.ts|.+\.tsv)$")
# Imported directly but, for now, installed only as another dependency's dependency; the line
# for [project.dependencies] is requested (issue 18 report). Remove an entry once declared.
REQUESTED_DEPENDENCIES = {"lxml": "lxml>=5.0"}


def own_packages() -> list[str]:
    """The checkout's top-level packages the program is made of."""
    return sorted(
        path.parent.name
        for path in CHECKOUT.glob("*/__init__.py")
        if path.parent.name not in NOT_SHIPPED
    )


def runtime_data_files() -> list[str]:
    """Every non-Python file inside the program's packages, but tooling (relative paths)."""
    files = []
    for package in own_packages():
        for path in (CHECKOUT / package).rglob("*"):
            relative = path.relative_to(CHECKOUT).as_posix()
            if (
                path.is_file()
                and path.suffix not in {".py", ".pyc"}
                and "__pycache__" not in path.parts
                and not TOOLING.match(relative)
            ):
                files.append(relative)
    return sorted(files)


def normalised(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def leftovers_but_the_shipped_demo(folder: str, names: list[str]) -> set[str]:
    """What copying the checkout leaves out: caches, and projects a run left there, but not
    the prebuilt demo project the program ships (articoder/demo/demo-vN.articoder).
    """
    skipped = set(shutil.ignore_patterns("__pycache__", "*.pyc", "*.articoder*")(folder, names))
    return skipped - {PREBUILT_DEMO.name} if Path(folder) == PREBUILT_DEMO.parent else skipped


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(wheel, sdist), built from a copy of the checkout's packages, pyproject and README."""
    folder = tmp_path_factory.mktemp("build")
    source = folder / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(CHECKOUT / name, source / name)
    for package in own_packages():
        shutil.copytree(
            CHECKOUT / package,
            source / package,
            ignore=leftovers_but_the_shipped_demo,
        )
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(folder / "dist")],
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = (folder / "dist").glob("*.whl")
    (sdist,) = (folder / "dist").glob("*.tar.gz")
    yield wheel, sdist


@pytest.fixture(scope="module")
def installed(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean virtual environment holding the wheel; returns its `articoder` command."""
    wheel, _ = built
    environment = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(environment)],
        check=True,
        capture_output=True,
    )
    # A virtual environment's programs: Scripts\*.exe on Windows (CI builds there too).
    scripts, suffix = ("Scripts", ".exe") if os.name == "nt" else ("bin", "")
    python = environment / scripts / f"python{suffix}"
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The third-party packages of the project's .venv, after the environment's own: a path
    # line in a .pth does not run that folder's own .pth files, so the editable install of
    # the checkout stays out.
    folders = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site_packages / "third_party_from_project_venv.pth").write_text(
        "".join(f"{folder}\n" for folder in folders), encoding="utf-8"
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return environment / scripts / f"articoder{suffix}"


def test_wheel_holds_every_package_and_data_file(built: tuple[Path, Path]) -> None:
    wheel, sdist = built
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    with tarfile.open(sdist) as archive:
        root = archive.getnames()[0].split("/")[0]
        in_sdist = {name.removeprefix(root + "/") for name in archive.getnames()}
    for package in own_packages():
        assert f"{package}/__init__.py" in in_wheel, f"package {package} is not in the wheel"
    data = runtime_data_files()
    # The ones the program is known to read, so an empty listing cannot pass.
    for expected in (
        "gui/translations/articoder_zh_CN.qm",
        "models/migrations/script.py.mako",
        "articoder/demo/codebook.yaml",
        PREBUILT_DEMO.relative_to(CHECKOUT).as_posix(),
    ):
        assert expected in data
    assert any(name.startswith("articoder/demo/articles/") for name in data)
    assert [name for name in data if name not in in_wheel] == [], (
        "add these files to [tool.setuptools.package-data] in pyproject.toml, or to TOOLING "
        "in tests/packaging/test_wheel.py if the program never reads them"
    )
    assert [name for name in data if name not in in_sdist] == []
    migrations = sorted(
        path.relative_to(CHECKOUT).as_posix()
        for path in (CHECKOUT / "models" / "migrations" / "versions").glob("*.py")
    )
    assert migrations and [name for name in migrations if name not in in_wheel] == []
    assert not [name for name in in_wheel if name.startswith(("tests/", "benchmarks/"))]


def imported_top_level_modules(wheel: Path) -> dict[str, str]:
    """Each top-level module the wheel's code imports (absolute imports, anywhere in a
    module), with one file that imports it.
    """
    found: dict[str, str] = {}
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if not name.endswith(".py"):
                continue
            tree = ast.parse(archive.read(name), filename=name)
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    found.setdefault(module.split(".")[0], name)
    return found


def test_every_import_of_the_wheel_is_a_declared_dependency(built: tuple[Path, Path]) -> None:
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(metadata_name).decode("utf-8")
    declared = {
        normalised(re.split(r"[\s\[<>=!~;(]", line.removeprefix("Requires-Dist:").strip())[0])
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:")
    }
    assert {"pyside6-essentials", "sqlalchemy", "openpyxl"} <= declared
    providers = importlib.metadata.packages_distributions()
    own = set(own_packages())
    undeclared = []
    for module, importer in sorted(imported_top_level_modules(wheel).items()):
        if module in sys.stdlib_module_names or module in own or module == "__future__":
            continue
        if module in REQUESTED_DEPENDENCIES:
            continue
        distributions = {normalised(d) for d in providers.get(module, [])}
        if not distributions & declared:
            undeclared.append(
                f"{module} (imported by {importer}; installed from "
                f"{sorted(distributions) or 'nothing'})"
            )
    assert undeclared == [], "imports missing from [project.dependencies]: " + "; ".join(undeclared)


def test_installed_wheel_runs_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    environment = clean_environment(tmp_path / "home")
    # The program comes from the environment, not from the checkout.
    located = subprocess.run(
        [
            str(installed.with_name("python" + installed.suffix)),
            "-c",
            "import articoder, gui, models\n"
            "for module in (articoder, gui, models): print(module.__file__)",
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        encoding="utf-8",
        check=True,
    ).stdout.splitlines()
    assert len(located) == 3
    assert all(Path(path).is_relative_to(installed.parents[1]) for path in located), located
    assert not any(Path(path).is_relative_to(CHECKOUT) for path in located), located

    project = check_command_line([str(installed)], tmp_path, environment)
    seconds = first_paint_seconds([str(installed)], project, tmp_path, environment)
    assert seconds > 0

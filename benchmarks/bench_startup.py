"""Start-up benchmark: the real program launched under Xvfb, and the short commands.

The window part (the default) starts a private Xvfb, then launches `articoder` as a user does
(`python -m articoder --demo`, `articoder open PROJECT`) on Qt's real X11 platform and times,
from the moment the process is started:
- mapped: the X server maps the program's first top-level window (a MapNotify event on the
  root window, read through libX11; no window manager runs, so nothing else maps windows);
- painted: Qt flushes the main window's pixels to that window (its `qt.widgets.painting` log
  line naming MainWindow);
and the CPU seconds the process used. Each launch quits right after its first paint
(ARTICODER_EXIT_AFTER_FIRST_PAINT=1, which also keeps the project's backup-on-open from running).

Cases: the demo on a first launch (an empty data folder, so the demo project is made then), the
demo again, and a 100,000-article project. That project is the 3,000 generated articles that
bench_search.py imports (cached in benchmarks/_data/) copied row by row, with new GUIDs and
content hashes, until there are 100,000 (about 3.5 GB, built once in about a minute and cached
as benchmarks/_data/startup-100000.articoder); the copies are not in the search index, which
start-up never reads. It opens as its lead (the demo's `demo_coder` setting), so no coder dialog
comes first. A `python -X importtime` run of each case gives the import breakdown by package.

`--checkout DIR` runs another checkout's code with this interpreter (the "before" of a change:
`git worktree add /tmp/before HEAD~1`, or a clone). `--commands` adds the short commands'
(`--version`, `new`, `articles`) wall, CPU and import times. Targets (issue 18): first paint
<= 1.5 s, short commands <= 0.5 s for their own work.

    python benchmarks/bench_startup.py [--runs 5] [--n 100000] [--checkout DIR] [--commands]
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import resource
import select
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

CHECKOUT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).with_name("_data")
DEMO_ARTICLES = CHECKOUT / "articoder" / "demo" / "articles"
HEAVY = ("numpy", "openpyxl", "PySide6", "alembic", "sqlalchemy", "jieba", "trafilatura")
LEAD = "基准测试"  # the large project's lead, whom it opens as
BASE_ARTICLES = 3000  # imported for real (bench_search.project_path), then copied


# --- the X server and the map event --------------------------------------------------------


class _MapEvent(ctypes.Structure):
    """XMapEvent (Xlib.h)."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _Event(ctypes.Union):
    """XEvent: 24 longs, of which a MapNotify uses the first fields."""

    _fields_ = [("type", ctypes.c_int), ("map", _MapEvent), ("pad", ctypes.c_long * 24)]


MAP_NOTIFY = 19
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19


def load_xlib() -> ctypes.CDLL:
    """libX11, with the signatures this module calls."""
    name = ctypes.util.find_library("X11")
    if name is None:
        raise SystemExit("libX11 is missing: sudo apt-get install libx11-6")
    xlib = ctypes.CDLL(name)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
    xlib.XPending.argtypes = [ctypes.c_void_p]
    xlib.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Event)]
    xlib.XConnectionNumber.argtypes = [ctypes.c_void_p]
    xlib.XFlush.argtypes = [ctypes.c_void_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return xlib


class MapWatcher:
    """Records when the first top-level window is mapped on a display (a thread of its own)."""

    def __init__(self, display: str) -> None:
        self.xlib = load_xlib()
        self.connection = self.xlib.XOpenDisplay(display.encode())
        if not self.connection:
            raise SystemExit(f"cannot connect to the X server {display}")
        root = self.xlib.XDefaultRootWindow(self.connection)
        self.xlib.XSelectInput(self.connection, root, SUBSTRUCTURE_NOTIFY_MASK)
        self.xlib.XFlush(self.connection)
        self.mapped_at: float | None = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        descriptor = self.xlib.XConnectionNumber(self.connection)
        event = _Event()
        while not self.stop.is_set() and self.mapped_at is None:
            while self.xlib.XPending(self.connection):
                self.xlib.XNextEvent(self.connection, ctypes.byref(event))
                if event.type == MAP_NOTIFY and not event.map.override_redirect:
                    self.mapped_at = time.perf_counter()
                    return
            select.select([descriptor], [], [], 0.05)

    def close(self) -> None:
        """Stop watching and disconnect."""
        self.stop.set()
        self.thread.join(timeout=5)
        self.xlib.XCloseDisplay(self.connection)


def start_xvfb(attempts: int = 3) -> tuple[subprocess.Popen[bytes], str]:
    """A private Xvfb on a free display number (it writes the number it chose).

    Tried again when the server is gone before a client connects: other people's Xvfb on the
    same machine can take the number between Xvfb's choice and its lock.
    """
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is missing: sudo apt-get install xvfb")
    xlib = load_xlib()
    for _ in range(attempts):
        read_end, write_end = os.pipe()
        server = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                "1600x1000x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_end)
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(read_end, 16)
            if not chunk:
                break
            number += chunk
        os.close(read_end)
        display = f":{number.decode().strip()}"
        connection = xlib.XOpenDisplay(display.encode()) if number else None
        if connection:
            xlib.XCloseDisplay(connection)
            return server, display
        server.terminate()
        server.wait()
    raise SystemExit(f"Xvfb did not start ({attempts} attempts)")


# --- launches -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Launch:
    """One launch: seconds from process start to the map and to the first paint; CPU seconds."""

    mapped: float
    painted: float
    cpu: float


@dataclass(frozen=True)
class Code:
    """Whose articoder runs: a checkout's code with this interpreter, or a bundled program."""

    checkout: Path
    bundle: Path | None = None

    def command(self, *arguments: str) -> list[str]:
        """`articoder ARGUMENTS`."""
        if self.bundle is not None:
            return [str(self.bundle / "articoder"), *arguments]
        return [sys.executable, "-m", "articoder", *arguments]


def environment_for(code: Code, home: Path, display: str) -> dict[str, str]:
    """A user's environment: own home and data folders, the checkout's code, the X display."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "PYTHONPATH"}
    }
    environment.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        DISPLAY=display,
        PYTHONPATH=str(code.checkout),
        ARTICODER_EXIT_AFTER_FIRST_PAINT="1",
    )
    return environment


def launch(command: list[str], environment: dict[str, str], cwd: Path, display: str) -> Launch:
    """Start the program and time its first map and first paint; it quits after the paint."""
    watcher = MapWatcher(display)
    painting = dict(environment, QT_LOGGING_RULES="qt.widgets.painting=true")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=painting,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    painted: float | None = None
    other: list[str] = []
    deadline = threading.Timer(120, process.kill)
    deadline.start()
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if painted is None and "Flushing QRegion" in line and "MainWindow" in line:
                painted = time.perf_counter() - began
            elif not line.startswith("qt.widgets.painting"):
                other.append(line.rstrip())
        process.wait()
    finally:
        deadline.cancel()
        watcher.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if painted is None or watcher.mapped_at is None:
        raise SystemExit(
            f"{' '.join(command[2:])}: no window (exit code {process.returncode}):\n"
            + "\n".join(other[-20:])
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Launch(watcher.mapped_at - began, painted, cpu)


def import_breakdown(
    command: list[str], environment: dict[str, str], cwd: Path
) -> tuple[float, dict[str, float]]:
    """Import seconds of one run (python -X importtime) and the self time by top-level package
    (none for a bundle, whose interpreter takes no options).

    Imports of worker threads are counted too (jieba, numpy just before the first paint), so
    the sum can exceed the main thread's share of the launch.
    """
    if Path(command[0]).name.startswith("articoder"):
        return 0.0, {}
    run = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        timeout=180,
    )
    by_package: dict[str, float] = defaultdict(float)
    total = 0.0
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line.removeprefix("import time:").split("|")
        # A module imported by a worker thread while the main thread imports another makes the
        # importer's "self" time negative (its children overlap): counted as 0.
        seconds = max(0, int(self_us)) / 1e6
        by_package[name.strip().split(".")[0]] += seconds
        total += seconds
    return total, dict(by_package)


def summary(name: str, launches: list[Launch], imports: tuple[float, dict[str, float]]) -> str:
    """Two lines: the case's times, then where its import time goes."""
    mapped = [launch.mapped for launch in launches]
    painted = [launch.painted for launch in launches]
    cpu = [launch.cpu for launch in launches]
    total, by_package = imports
    top = sorted(by_package.items(), key=lambda item: -item[1])[:8]
    breakdown = ", ".join(f"{p} {s:.3f}" for p, s in top) or "not measured (a bundle)"
    return (
        f"{name:<26} mapped best {min(mapped):.2f} median {statistics.median(mapped):.2f} s | "
        f"painted best {min(painted):.2f} median {statistics.median(painted):.2f} s | "
        f"CPU median {statistics.median(cpu):.2f} s\n"
        f"{'':<26} imports {total:.2f} s: {breakdown}"
    )


# --- the large project ----------------------------------------------------------------------


def large_project(n: int) -> Path:
    """A project of n articles opening as its lead, built once (see the module docstring)."""
    path = DATA / f"startup-{n}.articoder"
    if path.exists():
        return path
    from bench_search import project_path
    from sqlalchemy import select

    from coding.coders import DEMO_CODER_SETTING, ensure_coder
    from models.database import open_project
    from models.entities import ProjectInfo

    base = project_path(BASE_ARTICLES, 1)
    began = time.perf_counter()
    partial = path.with_suffix(".building")
    for leftover in DATA.glob(partial.name + "*"):
        leftover.unlink()
    with sqlite3.connect(base) as source, sqlite3.connect(partial) as target:
        source.backup(target)
    connection = sqlite3.connect(partial, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=OFF")  # a cache: rebuilt if a run is cut short
        connection.execute("PRAGMA synchronous=OFF")
        columns = [
            row[1]
            for row in connection.execute("PRAGMA table_info(articles)")
            if row[1] not in {"id", "guid", "content_hash"}
        ]
        listed = ", ".join(f'"{column}"' for column in columns)
        guid = (
            "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) "
            "|| '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))"
        )
        (count,) = connection.execute("SELECT count(*) FROM articles").fetchone()
        while count < n:
            connection.execute("BEGIN")
            connection.execute(
                f"INSERT INTO articles (guid, content_hash, {listed}) "
                f"SELECT {guid}, lower(hex(randomblob(32))), {listed} FROM articles "
                "ORDER BY id LIMIT ?",
                (min(BASE_ARTICLES, n - count),),
            )
            connection.execute("COMMIT")
            (count,) = connection.execute("SELECT count(*) FROM articles").fetchone()
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()
    database = open_project(partial)
    try:
        lead = ensure_coder(database, LEAD, is_lead=True)
        with database.session() as session:
            info = session.scalars(select(ProjectInfo)).one()
            info.settings = {**(info.settings or {}), DEMO_CODER_SETTING: lead.guid}
    finally:
        database.close()
    partial.replace(path)
    print(
        f"built {path.name}: {count} articles, {path.stat().st_size / 1e9:.1f} GB in "
        f"{time.perf_counter() - began:.0f} s",
        flush=True,
    )
    return path


# --- the short commands ---------------------------------------------------------------------


def command_times(code: Code, runs: int, folder: Path) -> None:
    """Wall, CPU and import time of `--version`, `new` and `articles` on the demo's articles."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"} | {
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder / "data"),
        "PYTHONPATH": str(code.checkout),
    }
    folder.mkdir(parents=True, exist_ok=True)
    project = folder / "demo.articoder"
    subprocess.run(code.command("new", str(project)), check=True, env=environment, cwd=folder)
    demo_articles = code.checkout / DEMO_ARTICLES.relative_to(CHECKOUT)
    articles = [str(path) for path in sorted(demo_articles.glob("*.txt"))]
    subprocess.run(
        code.command("import", str(project), *articles),
        check=True,
        env=environment,
        cwd=folder,
        capture_output=True,
    )
    counter = iter(range(10**6))
    cases: dict[str, Callable[[], list[str]]] = {
        "--version": lambda: code.command("--version"),
        "new": lambda: code.command("new", str(folder / f"new-{next(counter)}.articoder")),
        "articles": lambda: code.command("articles", str(project)),
    }
    print(f"{'command':<12} {'best s':>7} {'median s':>9} {'cpu s':>6} {'imports s':>10}  heavy")
    for name, command in cases.items():
        walls, cpus = [], []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            began = time.perf_counter()
            subprocess.run(command(), check=True, capture_output=True, env=environment, cwd=folder)
            walls.append(time.perf_counter() - began)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        total, by_package = import_breakdown(command(), environment, folder)
        heavy = [library for library in HEAVY if library in by_package]
        top = sorted(by_package.items(), key=lambda item: -item[1])[:6]
        print(
            f"{name:<12} {min(walls):>7.3f} {statistics.median(walls):>9.3f} "
            f"{statistics.median(cpus):>6.3f} {total:>10.3f}  {', '.join(heavy) or '-'}\n"
            f"{'':<12} imports by package: " + ", ".join(f"{p} {s:.3f}" for p, s in top)
        )


# --- main -----------------------------------------------------------------------------------


def main() -> int:
    """Measure and print; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--n", type=int, default=100_000, help="articles of the large project")
    parser.add_argument("--checkout", type=Path, default=CHECKOUT, help="whose code to launch")
    parser.add_argument("--bundle", type=Path, help="launch this bundle (dist/articoder)")
    parser.add_argument("--commands", action="store_true", help="also the short commands")
    parser.add_argument("--no-large", action="store_true", help="only the demo")
    options = parser.parse_args()
    code = Code(options.checkout.resolve(), options.bundle.resolve() if options.bundle else None)
    large = None if options.no_large else large_project(options.n)
    print(
        f"code: {code.bundle or code.checkout}; load average before: {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    server, display = start_xvfb()
    try:
        with tempfile.TemporaryDirectory() as folder_name:
            folder = Path(folder_name)
            if options.commands:
                command_times(code, options.runs, folder / "commands")
            first: list[Launch] = []
            for run in range(options.runs):
                home = folder / f"first-{run}"  # an empty data folder: the demo is made now
                first.append(
                    launch(
                        code.command("--demo"),
                        environment_for(code, home, display),
                        folder,
                        display,
                    )
                )
            home = folder / "again"
            environment = environment_for(code, home, display)
            launch(code.command("--demo"), environment, folder, display)  # makes the demo
            again = [
                launch(code.command("--demo"), environment, folder, display)
                for _ in range(options.runs)
            ]
            imports_first = import_breakdown(
                code.command("--demo"),
                environment_for(code, folder / "imports-first", display),
                folder,
            )
            imports_again = import_breakdown(code.command("--demo"), environment, folder)
            print(summary("demo, first launch", first, imports_first))
            print(summary("demo, again", again, imports_again))
            if large is not None:
                command = code.command("open", str(large))
                launches = [launch(command, environment, folder, display)]  # page cache warm
                launches = [
                    launch(command, environment, folder, display) for _ in range(options.runs)
                ]
                imports = import_breakdown(command, environment, folder)
                print(summary(f"{options.n:,} articles", launches, imports))
    finally:
        server.terminate()
        server.wait()
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

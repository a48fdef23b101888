"""Start-up benchmark of the command line: wall time and `python -X importtime` breakdown.

For `articoder --version`, `articoder new` and `articoder articles` (on the demo's text
articles) it prints the best and median wall time of fresh processes, their median CPU time
(user + system: steadier than wall time when other work shares the cores), the import time the
interpreter reports, the packages that import time goes to, and whether the heavy libraries
(numpy, openpyxl, PySide6, alembic, jieba, trafilatura) were loaded at all. Optionally
(`--window`) it also times launch to the main window's first paint, offscreen, from Qt's own
painting log, with the CPU time of each launch up to that paint and the machine's load average
(`--window-only` skips the commands). Target (issue 18): short commands <= 0.5 s for their own
work, the window's first paint <= 1.5 s.

    python benchmarks/bench_startup.py [--runs 5] [--window | --window-only]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HEAVY = ("numpy", "openpyxl", "PySide6", "alembic", "sqlalchemy", "jieba", "trafilatura")
DEMO_ARTICLES = Path(__file__).resolve().parent.parent / "articoder" / "demo" / "articles"


def articoder(*arguments: str) -> list[str]:
    """The command line of a fresh `articoder` process with this interpreter."""
    return [sys.executable, "-m", "articoder", *arguments]


def wall_time(command: list[str], environment: dict[str, str]) -> tuple[float, float, int]:
    """Wall and CPU (user + system) seconds of one fresh process, and its exit code (an old
    articoder has no --version). CPU time is the steadier number on a shared, loaded machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    run = subprocess.run(command, check=False, capture_output=True, env=environment)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, run.returncode


def import_breakdown(
    command: list[str], environment: dict[str, str]
) -> tuple[float, dict[str, float]]:
    """Total import seconds of one run and the self time summed by top-level package."""
    run = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        check=False,
        capture_output=True,
        text=True,
        env=environment,
    )
    by_package: dict[str, float] = defaultdict(float)
    total = 0.0
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line.removeprefix("import time:").split("|")
        seconds = int(self_us) / 1e6
        by_package[name.strip().split(".")[0]] += seconds
        total += seconds
    return total, dict(by_package)


def loaded_heavy(command: list[str], environment: dict[str, str]) -> list[str]:
    """The heavy libraries a run of `command` imported (from its importtime log)."""
    run = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        check=False,
        capture_output=True,
        text=True,
        env=environment,
    )
    names = {
        line.split("|")[-1].strip() for line in run.stderr.splitlines() if "import time:" in line
    }
    return [library for library in HEAVY if library in names]


def first_paint(
    project: Path, environment: dict[str, str], timeout: float = 60.0
) -> tuple[float, float]:
    """Seconds from process start to the first flush of the main window's pixels (offscreen),
    and the CPU seconds (user + system) the process used up to then.

    Qt's `qt.widgets.painting` log names each top-level window it flushes; the main window is
    the one whose class is MainWindow. A coder file (`articoder package`) opens without the
    coder dialog, so the first window painted is the main window. The process is ended as
    soon as that line comes, so its CPU time is the launch's up to the paint;
    ARTICODER_EXIT_AFTER_FIRST_PAINT keeps a launch from starting its backup on open meanwhile.
    """
    painting = dict(environment, QT_QPA_PLATFORM="offscreen", ARTICODER_EXIT_AFTER_FIRST_PAINT="1")
    painting["QT_LOGGING_RULES"] = "qt.widgets.painting=true"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    process = subprocess.Popen(
        articoder("open", str(project)),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        errors="replace",
        env=painting,
    )
    painted: float | None = None
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if "Flushing QRegion" in line and "MainWindow" in line:
                painted = time.perf_counter() - began
                break
            if time.perf_counter() - began > timeout:
                break
    finally:
        process.kill()
        process.wait()
    if painted is None:
        raise RuntimeError("the main window was never painted")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return painted, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    """Measure and print; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--window", action="store_true", help="also time the window's first paint")
    parser.add_argument(
        "--window-only", action="store_true", help="time only the window's first paint"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        environment = dict(os.environ, XDG_DATA_HOME=str(folder / "data"), HOME=str(folder))
        project = folder / "demo.articoder"
        subprocess.run(
            articoder("new", str(project)), check=True, env=environment, capture_output=True
        )
        subprocess.run(
            articoder(
                "import", str(project), *(str(p) for p in sorted(DEMO_ARTICLES.glob("*.txt")))
            ),
            check=True,
            env=environment,
            capture_output=True,
        )
        counter = iter(range(10**6))
        cases: dict[str, Callable[[], list[str]]] = {
            "--version": lambda: articoder("--version"),
            "new": lambda: articoder("new", str(folder / f"new-{next(counter)}.articoder")),
            "articles": lambda: articoder("articles", str(project)),
        }
        if options.window_only:
            cases = {}
        else:
            print(
                f"{'command':<12} {'best s':>7} {'median s':>9} {'cpu s':>6} {'imports s':>10}"
                "  heavy loaded"
            )
        for name, command in cases.items():
            runs = [wall_time(command(), environment) for _ in range(options.runs)]
            times = [wall for wall, _, _ in runs]
            cpu = statistics.median(cpu for _, cpu, _ in runs)
            failed = {code for _, _, code in runs if code != 0}
            total, by_package = import_breakdown(command(), environment)
            heavy = loaded_heavy(command(), environment)
            print(
                f"{name:<12} {min(times):>7.3f} {statistics.median(times):>9.3f} {cpu:>6.3f} "
                f"{total:>10.3f}  {', '.join(heavy) or '-'}"
                + (f"  (exit code {failed.pop()})" if failed else "")
            )
            top = sorted(by_package.items(), key=lambda item: -item[1])[:6]
            print("             imports by package: " + ", ".join(f"{p} {s:.3f}" for p, s in top))
        if options.window or options.window_only:
            subprocess.run(
                articoder("assign", str(project), "--coders", "bench", "--all-unassigned"),
                check=True,
                env=environment,
                capture_output=True,
            )
            coder_file = folder / "bench.articoder"
            subprocess.run(
                articoder("package", str(project), "bench", str(coder_file)),
                check=True,
                env=environment,
                capture_output=True,
            )
            load = os.getloadavg()
            launches = [first_paint(coder_file, environment) for _ in range(options.runs)]
            paints = [paint for paint, _cpu in launches]
            cpu = [cpu for _paint, cpu in launches]
            print(
                f"window first paint (offscreen, coder file): best {min(paints):.3f} s, "
                f"median {statistics.median(paints):.3f} s; CPU to the paint: best "
                f"{min(cpu):.3f} s, median {statistics.median(cpu):.3f} s; load average "
                f"{load[0]:.2f} before, {os.getloadavg()[0]:.2f} after"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

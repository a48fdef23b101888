"""Peak memory and time of the command line on each hostile file of issue 13.

Usage: .venv/bin/python benchmarks/bench_hostile_inputs.py [--timeout 120] [--only NAME ...]

Makes every hostile file of tests/test_hostile_inputs.py (the same makers, small on disk) and
runs `python -m articoder` on each (`import`, `codebook import` or `codings import`) in a
fresh child process, on its own copy of a small coded project: the child's peak resident
memory (ru_maxrss, from os.wait4), the wall time, the exit code and the first words of its
message. A row for a plain article import shows what a process costs anyway. A child still
running after --timeout seconds is killed and shown as such, and a child's address space is
capped (--address-space-mb, 4 GiB by default): before issue 13 a link to /dev/zero took 16 GB
in a minute. Results: benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from tests.test_hostile_inputs import (  # noqa: E402  (after the path is set)
    ARTICLE,
    CASES,
    CODEBOOK,
    SEGMENT_HEADERS,
)

# `python -m articoder` from the repository: the console script's own entry point, without
# depending on how the package was installed.
ARTICODER = [sys.executable, "-m", "articoder"]


ADDRESS_SPACE_MB = 4096


def _cap_address_space(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run(
    argv: list[str], timeout: float, address_space_mb: int = ADDRESS_SPACE_MB
) -> tuple[int | None, float, float, str]:
    """(exit code or None when killed, peak MB, seconds, stderr) of one command."""
    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            [*ARTICODER, *argv],
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=REPOSITORY,
            # Run in the child before articoder starts; this script has no threads.
            preexec_fn=functools.partial(_cap_address_space, address_space_mb),
        )
        code: int | None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - started > timeout:
                os.kill(process.pid, signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                code = None
                break
            time.sleep(0.005)
        seconds = time.monotonic() - started
        process.returncode = code if code is not None else -9  # reaped by wait4 above
        err.seek(0)
        message = err.read().decode("utf-8", "replace").strip()
    return code, usage.ru_maxrss / 1024, seconds, message


def make_project(folder: Path) -> Path:
    """A project with the test codebook, two articles and a coded segment."""
    project = folder / "study.articoder"
    (folder / "lake.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "pine.txt").write_text("松林街道消息\n松林街道党员中心户带头参与垃圾分类。", "utf-8")
    segments = folder / "segments.csv"
    segments.write_text(",".join(SEGMENT_HEADERS) + "\n1,甲,红色物业,8,12,备注\n", "utf-8")
    for argv in (
        ["new", str(project)],
        ["codebook", "import", str(project), str(CODEBOOK)],
        ["import", str(project), str(folder / "lake.txt"), str(folder / "pine.txt")],
        ["codings", "import", str(project), str(segments), "--create-coders"],
    ):
        code, _, _, message = run(argv, 120)
        if code != 0:
            raise SystemExit(f"could not build the project: {message}")
    shutil.rmtree(folder / "study.articoder.backups", ignore_errors=True)
    return project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--address-space-mb", type=int, default=ADDRESS_SPACE_MB)
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), help="run these cases only")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="articoder-hostile-") as scratch:
        base = Path(scratch)
        project = make_project(base)
        print("| file | command | exit | peak RSS (MB) | seconds | message |")
        print("| --- | --- | --- | --- | --- | --- |")
        plain = base / "plain.txt"
        plain.write_text("河口社区新闻\n河口社区召开居民议事会。", encoding="utf-8")
        copy = base / "plain.articoder"
        shutil.copyfile(project, copy)
        code, peak, seconds, _ = run(
            ["import", str(copy), str(plain)], arguments.timeout, arguments.address_space_mb
        )
        print(f"| (a plain article) | import | {code} | {peak:.0f} | {seconds:.2f} | |")
        for name, case in CASES.items():
            if arguments.only and name not in arguments.only:
                continue
            folder = base / name
            folder.mkdir()
            hostile = case.make(folder)
            copy = folder / project.name
            shutil.copyfile(project, copy)
            command = [*case.command, str(copy), str(hostile)]
            code, peak, seconds, message = run(
                command, arguments.timeout, arguments.address_space_mb
            )
            shown = "killed (timeout)" if code is None else str(code)
            words = message.replace(str(folder) + "/", "").replace("|", "/")
            words = words if len(words) <= 90 else words[:89] + "…"
            print(
                f"| {name} | {' '.join(case.command)} | {shown} | {peak:.0f} | {seconds:.2f} "
                f"| {words} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
